"""Handmade TAGS and REF lines in the shapes the release's messy cables have: codes written
without blanks, a code said again after a comma, written-out tags, a post's short name for
itself and a serial written before its post."""

from __future__ import annotations

import pytest

from reader.parser.preamble import parse_references, parse_tags


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("TAGS: KFRDCVISASECEG", ["KFRD", "CVIS", "ASEC", "EG"]),
        ("TAGS: PREL VTPREL", ["PREL", "VT"]),  # VT PREL: PREL once
        ("TAGS: ETRDEINVCS PGOVLO", ["ETRD", "EINV", "CS", "PGOV", "LO"]),
        # words, not codes run together: COUNTER is not CO + UNTER, POLITICS no four codes
        ("TAGS: PTER COUNTER TERRORISM POLITICS", ["PTER", "COUNTER", "TERRORISM", "POLITICS"]),
        ("TAGS: KDEM ZZZZYYYY", ["KDEM", "ZZZZYYYY"]),  # unknown codes stay as written
        # a code said again after a comma is no person's name
        ("TAGS PHUM, IT, ITPHUM, ITPHUM, HUMAN RIGHTS", ["PHUM", "IT"]),
        ("TAGS PREL, VTPREL, VTPREL", ["PREL", "VT"]),  # VT PREL, said three times
        # a WikiLeaks page lists the subject keywords after the codes: no tags
        ("TAGS PGOV, COUNTERTERRORISM, GOI EXTERNAL", ["PGOV", "COUNTERTERRORISM"]),
        ("TAGS PINR, KCRM, BU, Organized Crime", ["PINR", "KCRM", "BU"]),
        ("TAGS PREL, IN, BM, CN, India-Burma", ["PREL", "IN", "BM", "CN"]),
        ("TAGS ECON, Terrorism, PREL", ["ECON", "PREL"]),
        # ... unless the tags table knows the words as a tag (an organisation)
        ("TAGS ECON, Colombo Plan, Bundesbank", ["ECON", "COLOMBO PLAN", "BUNDESBANK"]),
        ("TAGS ECON, KISL, ECON KISL, SA", ["ECON", "KISL", "SA"]),  # two codes, not a phrase
        ("TAGS: ETRD, BR, HALVERSEN, MARGARET", ["ETRD", "BR", "HALVERSEN, MARGARET"]),
        (
            "TAGS: OVIP (STEINBERG, JAMES B.) PREL, CH",
            ["OVIP", "STEINBERG, JAMES B.", "PREL", "CH"],
        ),
        # a copy put in lower case whole: its codes and its person as the others write them
        (
            "Tags: ovip (steinberg, james b.), prel, etra, dprk",
            ["OVIP", "STEINBERG, JAMES B.", "PREL", "ETRA", "DPRK"],
        ),
    ],
)
def test_tags(line: str, tags: list[str]) -> None:
    assert parse_tags(line) == tags


def _ids(block: str, year: int = 7, own: tuple[str, int] | None = None) -> list[str | None]:
    return [r.id for r in parse_references(block, year, own=own)]


def test_a_serial_written_before_its_post():
    assert _ids("REF: A. A) 00821 ASMARA B. B) 00838 ASMARA") == ["07ASMARA821", "07ASMARA838"]
    assert _ids("REF: 000321 ROME; PARIS 44") == ["07ROME321", "07PARIS44"]
    # a year before a post is no serial, and a serial after a post stays the post's
    assert _ids("REF: 08 MOSCOW ...", 9) == [None]
    assert _ids("REF: PARIS 01234 ROME 567") == ["07PARIS1234", "07ROME567"]
    # the cable's own serial is never a reference
    assert _ids("REF: 00850 ASMARA; ASMARA 12", own=("ASMARA", 850)) == ["07ASMARA12"]


@pytest.mark.parametrize(
    ("block", "ident"),
    [
        ("REF: A. BA 1062", "07BUENOSAIRES1062"),
        ("REF: 07 TGG 1798", "07TEGUCIGALPA1798"),
        ("REF: DUBAI RPO 378", "07RPODUBAI378"),
        ("REF: 05 CASA 1220", "05CASABLANCA1220"),
        ("REF: 09 KL 1016 -- F-5 FOLLOW UP", "09KUALALUMPUR1016"),
        ("REF: KUALA LUMP 4317", "07KUALALUMPUR4317"),
        ("REF: DELHI 195", "07NEWDELHI195"),
        ("REF: ADDIS 3365", "07ADDISABABA3365"),
        ("REF: TALLIN 309", "07TALLINN309"),
        ("REF: UNVIE VIEN 641", "07UNVIEVIENNA641"),
    ],
)
def test_a_posts_other_spellings(block: str, ident: str) -> None:
    assert _ids(block) == [ident]


def test_a_serial_with_its_year_after_a_slash():
    assert _ids("REF: A: PANAMA 00933/08", 9) == ["08PANAMA933"]
    assert _ids("REF: A. STATE 001234/08 B. ROME 55", 9) == ["08STATE1234", "09ROME55"]
    # two serials joined by a slash, and dates, stay what they were
    assert _ids("REF: STATE 1234/5678", 9) == ["09STATE1234", "09STATE5678"]
    assert _ids("REF: PANAMA 12/08/2009", 9) == [None]


@pytest.mark.parametrize(
    ("block", "year", "ident"),
    [
        # one letter changed, added, dropped or two swapped in an entry that is only a post
        # and a serial (each a real REF entry: 08BAKU671, 08BEIJING647, 09BRASILIA1127,
        # 07BUENOSAIRES1352, 06SANJOSE2734, 09TRIPOLI661, 08MANAMA53, 05SANJOSE2658,
        # 09BAGHDAD1104), and a blank inside the name (08TRIPOLI685, 09TRIPOLI924)
        ("REF: A. BAKU 12 B. B) ASHBABAT 817", 8, "08ASHGABAT817"),
        ("REF: A. X B. Y C. Z D. W E. BEIJINJG 581", 8, "08BEIJING581"),
        ("REF: A. STATE 1 B. BRASILA 931", 9, "09BRASILIA931"),
        ("REF: A. BUENOS AIREDS 65", 7, "07BUENOSAIRES65"),
        ("REF: A. SAN JSE 1955", 6, "06SANJOSE1955"),
        ("REF: A. 07 TRIPOLII 695", 9, "07TRIPOLI695"),
        ("REF: SATTE 07237", 8, "08STATE7237"),
        ("REF: SECTATE 188288", 5, "05STATE188288"),
        ("REF: E. BASRA 17", 9, "09BASRAH17"),
        ("REF: E. 07 TR IPOLI 723", 8, "07TRIPOLI723"),
        ("REF: E. TRIP OLI 487", 9, "09TRIPOLI487"),
    ],
)
def test_a_post_misspelt_once_in_a_ref_entry(block: str, year: int, ident: str) -> None:
    refs = parse_references(block, 2000 + year, 1)
    assert ident in [r.id for r in refs]
    entry = next(r for r in refs if r.id == ident)
    assert entry.kind == "cable"
    assert entry.text.split()[-1].lstrip("0") == ident[len(ident.rstrip("0123456789")) :]


@pytest.mark.parametrize(
    "block",
    [
        "REF: MADRID SP 0307",  # not a post a letter away
        "REF: 09 XXXXXXXXXXXX 167",  # redacted
        "REF: SECDEF 31828",  # no post: another originator
        "REF: CIAWASH 542085",
        "REF: PARIS POINTS 20 SEPTEMBER 2007",  # a document of a post, not a cable
        "REF: WHITE HOUSE 853",
        "REF: ROMA 45",  # too short to tell (ROME, ROMA): four letters
        "REF: BRASILA 931 AND LATER",  # more than a post and a serial
    ],
)
def test_what_no_rule_mends_stays_an_entry_of_its_own(block: str) -> None:
    assert [r.id for r in parse_references(block, 2009, 1)] == [None]


@pytest.mark.parametrize(
    ("block", "year", "cables"),
    [
        # an email, telcon or meeting entry with cables after a comma or a label of their own
        # (07TALLINN375, 08TRIPOLI280, 10MANAMA15), or a cable whose title names a meeting
        # (09STATE83014): the entry stays, and the cables are cited too
        (
            "REF: A) TALLINN 366 B) LEE-GOLDSTEIN EMAIL 05/11/07 B) TALLINN 347",
            7,
            ["07TALLINN366", "07TALLINN347"],
        ),
        (
            "REF: A) HOPKINS-GODFREY EMAIL 4/01/08, TRIPOLI 275, B) TRIPOLI 266",
            8,
            ["08TRIPOLI275", "08TRIPOLI266"],
        ),
        (
            "REF: A. 01/11/10 ERELI-RICCIARDONE E-MAIL\n"
            "B01/10/10 ERELI-HALE TELCON C. 09 MANAMA 731",
            10,
            ["09MANAMA731"],
        ),
        (
            "REF: A. BOGOTA 2409 B. STATE 81957: REPORT OF U.S.-\nRUSSIA MANPADS EXPERTS MEETING",
            9,
            ["09BOGOTA2409", "09STATE81957"],
        ),
        # a cable at the entry's start: emails have no post and serial of their own
        # (09PANAMA881: "PANAMA 879; BOGOTA 3483" and, on the next line, the emails)
        ("REF: BOGOTA 3483 STEPHENSON-BROWNFIELD E-MAILS", 9, ["09BOGOTA3483"]),
    ],
)
def test_cables_beside_an_email_in_one_entry_are_cited(
    block: str, year: int, cables: list[str]
) -> None:
    refs = parse_references(block, 2000 + year, 1)
    assert [r.id for r in refs if r.kind == "cable"] == cables
    assert [r.kind for r in refs if r.kind != "cable"]  # the email, telcon or meeting stays


@pytest.mark.parametrize(
    "block",
    [
        "REF: EMB CAIRO (GAYLE) EMAILS 2/16-17 TO NNSA (VAN SICKLE) STATE 12231",
        "REF: EMB LONDON 10/23 E-MAIL (GAYLE) TO NEA/IR",
    ],
)
def test_a_post_inside_an_email_entry_is_no_cable(block: str) -> None:
    assert [r.id for r in parse_references(block, 2009, 1)] == [None]
