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
        ("TAGS PHUM, IT, ITPHUM, ITPHUM, HUMAN RIGHTS", ["PHUM", "IT", "HUMAN RIGHTS"]),
        ("TAGS PREL, VTPREL, VTPREL", ["PREL", "VT"]),  # VT PREL, said three times
        ("TAGS PGOV, COUNTERTERRORISM, GOI EXTERNAL", ["PGOV", "COUNTERTERRORISM", "GOI EXTERNAL"]),
        ("TAGS ECON, KISL, ECON KISL, SA", ["ECON", "KISL", "SA"]),  # two codes, not a phrase
        ("TAGS: ETRD, BR, HALVERSEN, MARGARET", ["ETRD", "BR", "HALVERSEN, MARGARET"]),
        (
            "TAGS: OVIP (STEINBERG, JAMES B.) PREL, CH",
            ["OVIP", "STEINBERG, JAMES B.", "PREL", "CH"],
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
