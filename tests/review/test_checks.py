"""Every check fires on a real cable that shows it and stays silent where it must.

Real cables are read from ../shared/cables (the ``shared_cables`` fixture); where the real
corpus holds no example, an invented sample from resources/samples/ stands in, and the
test says so (README there lists its six deliberate errors, E1..E6). The false alarms
these tests guard against were found by reading the examples benchmarks/checks_report.py
printed.
"""

from __future__ import annotations

import re
from collections.abc import Container
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.model.records import Cable, Source
from reader.parser.containers import read_cables
from reader.parser.parse import parse_cable
from reader.review.checks import CHECKS, Finding, check_by_code, check_cable

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def load(path: Path) -> Cable:
    cables = list(read_cables(path))
    assert len(cables) == 1, path
    return cables[0]


def real(shared: Path, name: str) -> Cable:
    """A cable of ../shared/cables/text by file name (``08QUITO247``)."""
    year = int(name[:2])
    return load(shared / "text" / str(year + (1900 if year >= 50 else 2000)) / f"{name}.txt")


def sample(name: str) -> Cable:
    """An invented cable of resources/samples by file name."""
    [path] = SAMPLES.glob(f"*/{name}.txt")
    return load(path)


def found(cable: Cable, code: str, known_ids: Container[str] | None = None) -> list[Finding]:
    return [f for f in check_cable(cable, known_ids=known_ids) if f.code == code]


def paragraphs(findings: list[Finding]) -> list[int | None]:
    return [f.paragraph for f in findings]


@pytest.fixture(scope="module")
def shared(shared_cables: Path) -> Path:
    return shared_cables


# --------------------------------------------------------------------------- the registry


def test_registry_codes_are_unique_and_described() -> None:
    codes = [c.code for c in CHECKS]
    assert len(codes) == len(set(codes)) == 9
    for check in CHECKS:
        assert check.title and check.description.endswith(".")
        assert check.severity in ("error", "warning", "info")
        assert check.run.__doc__, check.code
        assert check_by_code(check.code) is check


def test_findings_point_into_the_text() -> None:
    for path in sorted(SAMPLES.rglob("*")):
        if path.suffix not in (".txt", ".html", ".csv"):
            continue
        for cable in read_cables(path):
            for f in check_cable(cable, known_ids=set()):
                assert f.severity == check_by_code(f.code).severity
                if f.start is not None:
                    assert f.end is not None and 0 <= f.start < f.end <= len(cable.text)
                    assert f.line is not None
                if f.paragraph is not None:
                    assert f.paragraph in [p.number for p in cable.paragraphs]


def test_the_samples_show_exactly_their_six_deliberate_errors() -> None:
    """Samples README: all cables but six are self-consistent; E1..E6 are the six."""
    seen: dict[str, list[tuple[str, int | None]]] = {}
    for path in sorted(SAMPLES.rglob("*")):
        if path.suffix not in (".txt", ".html", ".csv"):
            continue
        for cable in read_cables(path):
            for f in check_cable(cable):
                seen.setdefault(cable.id or path.name, []).append((f.code, f.paragraph))
    assert seen == {
        "05TOKYO3310": [("above-banner", 4)],  # E1
        "08ABUDHABI744": [("unmarked-paragraph", 4)],  # E2
        "06NAIROBI3901": [("security-code", None)],  # E3
        "04PARIS6610": [("de-day", None)],  # E4
        "08MOSCOW1877": [("noforn", 4)],  # E5
        "03ANKARA2874": [("declassify-before-date", None)],  # E6
    }


def test_nothing_on_a_text_the_parser_gave_up_on() -> None:
    cable = parse_cable("just a note, no cable here", source=Source("note.txt", "txt"))
    assert check_cable(cable, known_ids=set()) == ()


def test_the_seed_is_clean(shared: Path) -> None:
    seed = load(shared / "seed" / "000_779b252bf3f7de24.txt")
    assert [f.code for f in check_cable(seed)] == []


# --------------------------------------------------------------------------- above-banner


def test_above_banner_fires_on_a_secret_paragraph_in_a_confidential_cable(shared: Path) -> None:
    cable = real(shared, "08QUITO247")
    [f] = found(cable, "above-banner")
    assert f.paragraph == 6 and f.severity == "error"
    assert "(S)" in f.message and "CONFIDENTIAL" in f.message
    assert f.start is not None and cable.text[f.start : f.end] == "(S)"


def test_above_banner_fires_on_an_unclas_banner_over_s_nf_paragraphs(shared: Path) -> None:
    assert paragraphs(found(real(shared, "09TRIPOLI868"), "above-banner")) == [1, 2, 3, 4, 5, 6, 7]


def test_above_banner_sample_e1() -> None:
    assert paragraphs(found(sample("05TOKYO3310"), "above-banner")) == [4]


def test_above_banner_silent_on_sbu_under_unclas(shared: Path) -> None:
    """(SBU) sits at the unclassified level: not above an UNCLAS (SENSITIVE) banner."""
    cable = real(shared, "09CAIRO1371")
    assert cable.banner is not None and cable.banner.level == "U"
    assert any(p.marking and p.marking.text == "SBU" for p in cable.paragraphs)
    assert found(cable, "above-banner") == []


def test_above_banner_silent_on_a_lettered_list(shared: Path) -> None:
    """Paragraphs 39 and 40 of an UNCLAS questionnaire answer open (b) and (c): labels."""
    assert found(real(shared, "04THEHAGUE4"), "above-banner") == []


# --------------------------------------------------------------------------- unmarked-paragraph


def test_unmarked_fires_on_the_one_unmarked_paragraph(shared: Path) -> None:
    [f] = found(real(shared, "03KATHMANDU280"), "unmarked-paragraph")
    assert f.paragraph == 10 and f.severity == "warning"


def test_unmarked_sample_e2() -> None:
    assert paragraphs(found(sample("08ABUDHABI744"), "unmarked-paragraph")) == [4]


@pytest.mark.parametrize(
    "name, why",
    [
        ("79TEHRAN8980", "(C - ENTIRE TEXT) marks every paragraph"),
        ("90BAGHDAD4397", "(S-ENTIRE TEXT)"),
        ("75TEHRAN2069", "E.O. 11652: no paragraph marked, as was usual then"),
        ("08MADRID707", "a list numbered 1-21 inside paragraph 3, then paragraph 4 again"),
        ("05SANJOSE2249", "a quoted position paper (Begin Text ... End text) numbered 1-8"),
        ("08LONDON1115", "a quoted letter with its own numbering"),
        ("09NEWDELHI1778", "a quoted dossier (Full Text ... End Text) numbered on, 10-21"),
        ("04THEHAGUE3333", "1. SUMMARY: (C) -- the marking after a heading"),
        ("06VIENNA515", "section headings whose sub-paragraphs A. B. are marked"),
        ("09STATE100957", "paragraph 1 is the Classified By statement"),
        ("08STATE79112", "(S//REL ...) with a country list running over two lines"),
    ],
)
def test_unmarked_silent(shared: Path, name: str, why: str) -> None:
    assert found(real(shared, name), "unmarked-paragraph") == [], why


def test_unmarked_silent_on_a_redacted_opening(shared: Path) -> None:
    """11. (C XXXXXXXXXXXX cited ...: the redaction may have taken the bracket."""
    assert 11 not in paragraphs(found(real(shared, "09CAIRO544"), "unmarked-paragraph"))


# --------------------------------------------------------------------------- invalid-marking


def test_invalid_marking_fires_on_an_unknown_control(shared: Path) -> None:
    cable = real(shared, "08LONDON2498")
    [f] = found(cable, "invalid-marking")
    assert f.paragraph == 3 and "(C/F)" in f.message
    assert f.start is not None and cable.text[f.start : f.end] == "(C/F)"


@pytest.mark.parametrize(
    "name, paras, text",
    [
        ("09CARACAS1444", [1, 2, 3, 4, 5], "(SE)"),
        ("07REYKJAVIK298", [2, 3, 4], "(NC)"),
        ("09ROME877", [1, 2, 3, 4, 5, 6, 7], ")"),
        ("10KABUL104", [8], "(/Rel UK)"),
        ("07SANJOSE1173", [8], "(C"),
    ],
)
def test_invalid_marking_fires_on_malformed_markings(
    shared: Path, name: str, paras: list[int], text: str
) -> None:
    findings = found(real(shared, name), "invalid-marking")
    assert paragraphs(findings) == paras
    assert all(text in f.message for f in findings)
    # reported as invalid, so not a second time as unmarked
    assert found(real(shared, name), "unmarked-paragraph") == []


def test_invalid_marking_fires_on_an_unknown_banner_control() -> None:
    """No real cable has one: an invented sample (06NAIROBI3901) with its banner changed in
    memory to SECRET//NOFRN, which the parser refuses as a banner altogether."""
    text = (SAMPLES / "2006" / "06NAIROBI3901.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    [k] = [k for k, line in enumerate(lines) if line.startswith("S E C R E T")]
    lines[k] = "SECRET//NOFRN NAIROBI 003901"
    cable = parse_cable("\n".join(lines), source=Source("06NAIROBI3901.txt", "txt"))
    [f] = found(cable, "invalid-marking")
    assert f.line == k + 1 and "//NOFRN" in f.message


@pytest.mark.parametrize("name", ["10BERLIN8", "09BERLIN1148", "09BERLIN1054"])
def test_invalid_marking_silent_on_topics_in_brackets(shared: Path, name: str) -> None:
    """An UNCLAS media reaction: 2. (U.S.) Obama ..., 3. (EU) Barroso Election."""
    assert found(real(shared, name), "invalid-marking") == []


def test_invalid_marking_silent_on_a_long_rel_list(shared: Path) -> None:
    assert found(real(shared, "08STATE79112"), "invalid-marking") == []


# --------------------------------------------------------------------------- security-code


def test_security_code_sample_e3() -> None:
    """The real corpus has no genuine case (see the next test): the invented sample."""
    [f] = found(sample("06NAIROBI3901"), "security-code")
    assert "CCCCC" in f.message and "SECRET" in f.message
    assert f.line == 4


@pytest.mark.parametrize("name", ["07PARIS2725", "08LAPAZ751", "09MOSCOW1108", "10MEXICO614"])
def test_security_code_silent_when_the_header_is_another_cables(shared: Path, name: str) -> None:
    """These files join one cable's routing header to another cable's banner and body
    (ZNY CCCCC of a Paris cable over S E C R E T ... MOSCOW 005154, for one)."""
    cable = real(shared, name)
    assert cable.de is not None and cable.banner_serial is not None
    assert int(cable.de.serial or 0) != int(cable.banner_serial) % 10000
    assert found(cable, "security-code") == []


@pytest.mark.parametrize(
    "name, line",
    [
        ("08EFTOLONDON2883", "ZNY EEEEE"),  # UNCLAS E F T O (a malformed published ID)
        ("06MEXICO1311", "ZNR UUUUU"),  # UNCLASSIFIED//FOR OFFICIAL USE ONLY
        ("09CAIRO1371", "ZNR UUUUU"),  # UNCLAS + SENSITIVE
        ("08KINSHASA189", "ZNY SSSSS"),  # SECRET//NOFORN
    ],
)
def test_security_code_silent_when_it_agrees(shared: Path, name: str, line: str) -> None:
    cable = real(shared, name)
    assert cable.security_line is not None and cable.security_line.startswith(line)
    assert found(cable, "security-code") == []


# --------------------------------------------------------------------------- de-day


def test_de_day_fires_when_the_de_stamp_is_before_the_dtg(shared: Path) -> None:
    """DE RUEHSM #0748/01 3121632 (7 November) on R 101632Z NOV 08."""
    [f] = found(real(shared, "08STOCKHOLM748"), "de-day")
    assert "3 days before" in f.message and f.line == 3


def test_de_day_sample_e4() -> None:
    [f] = found(sample("04PARIS6610"), "de-day")
    assert "285" in f.message and "258" in f.message


@pytest.mark.parametrize(
    "name, why",
    [
        ("09STATE18867", "sent 17 minutes after a 2356Z DTG: the next day"),
        ("10SANSALVADOR85", "sent 21 hours later, the next day"),
        ("09DJIBOUTI655", "DE stamp two minutes before the DTG"),
        ("09SAOPAULO619", "corrected copy (ZDS on the DTG line)"),
        ("09MONTERREY100", "corrected copy sent 14 days later (ZDS)"),
        ("10BUENOSAIRES71", "corrected copy (CCY) sent 4 days later"),
        ("09STATE28302", "C O R R E C T E D C O P Y under the banner"),
    ],
)
def test_de_day_silent(shared: Path, name: str, why: str) -> None:
    assert found(real(shared, name), "de-day") == [], why


def _nearest_of_three_years(dtg: datetime, julian: int, hhmm: str | None) -> datetime | None:
    """The DE stamp as the check reads it, every one of the three years compared."""
    try:
        hour, minute = (int(hhmm[:2]), int(hhmm[2:4])) if hhmm else (dtg.hour, dtg.minute)
        if not (1 <= julian <= 366 and hour < 24 and minute < 60):
            return None
    except ValueError:
        return None
    stamps = [
        stamp
        for year in (dtg.year - 1, dtg.year, dtg.year + 1)
        if (stamp := datetime(year, 1, 1, hour, minute, tzinfo=UTC) + timedelta(julian - 1)).year
        == year
    ]
    return min(stamps, key=lambda stamp: abs(stamp - dtg), default=None)


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(datetime(1950, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC)),
    st.integers(-1, 368),
    st.one_of(st.none(), st.from_regex(r"[0-9]{4}", fullmatch=True)),
)
@example(datetime(2008, 1, 1, 0, 5, tzinfo=UTC), 366, "2350")  # the day before, in 2007
@example(datetime(2008, 12, 31, 23, 50, tzinfo=UTC), 1, "0010")  # the day after, in 2009
@example(datetime(2009, 5, 31, 12, tzinfo=UTC), 1, "1200")  # 150 days after 1 January
@example(datetime(2009, 7, 2, 12, tzinfo=UTC), 1, "1200")  # nearer the next 1 January
@example(datetime(2009, 3, 1, tzinfo=UTC), 366, None)  # no day 366 in 2009
def test_de_stamp_is_the_day_of_the_nearest_year(
    dtg: datetime, julian: int, hhmm: str | None
) -> None:
    """The check takes this year's day when it is within 150 days of the DTG without
    comparing it with the years around: the same stamp as comparing all three."""
    from reader.review import checks

    assert checks._de_datetime(dtg, julian, hhmm) == _nearest_of_three_years(dtg, julian, hhmm)


# --------------------------------------------------------------------------- noforn


def test_noforn_fires_on_nf_paragraphs_without_a_noforn_caption(shared: Path) -> None:
    cable = real(shared, "07BRUSSELS3423")
    findings = found(cable, "noforn")
    assert paragraphs(findings) == [1, 2, 3, 5]
    assert all("C//NF" in f.message and "CONFIDENTIAL" in f.message for f in findings)


def test_noforn_sample_e5() -> None:
    assert paragraphs(found(sample("08MOSCOW1877"), "noforn")) == [4]


@pytest.mark.parametrize(
    "name, why",
    [
        ("10ABUDHABI69", "a NOFORN handling line"),
        ("06CARACAS219", "SECRET NOFORN on a line under the banner"),
        ("09STATE14577", "SECRET/NOFORN on a line under the banner"),
        ("09STATE119085", "SECRET//NOFORN on a line under the banner"),
        ("09LONDON333", "a run-together header: LONDON 000333NOFORNSIPDIS"),
        ("08KINSHASA189", "SECRET//NOFORN banner"),
    ],
)
def test_noforn_silent(shared: Path, name: str, why: str) -> None:
    cable = real(shared, name)
    assert any(p.marking and p.marking.noforn for p in cable.paragraphs), why
    assert found(cable, "noforn") == [], why


# --------------------------------------------------------------------------- classified-by-reasons


@pytest.mark.parametrize(
    "name, words",
    [
        ("10STATE6451", "gives no reasons"),  # Classified By: ELISSA G. PITTERLE, DIRECTOR
        ("09CAIRO267", "without a Classified By line"),
        ("09EFTOLONDON2468", "UNCLASSIFIED//EFTO cable with a Classified By"),  # 1.4 (b/d)
    ],
)
def test_classified_by_fires(shared: Path, name: str, words: str) -> None:
    [f] = found(real(shared, name), "classified-by-reasons")
    assert words in f.message


@pytest.mark.parametrize(
    "name, why",
    [
        ("79TEHRAN8980", "E.O. 12065: the classifier stands in the GDS line"),
        ("73TEHRAN2077", "E.O. 11652"),
        ("04THEHAGUE1919", "a truncated first copy (A...), reasons in the full one"),
        ("04BRASILIA776", "FOR 1.5B AND D"),
        ("07BUENOSAIRES1888", "reasons b, d"),
        ("06COLOMBO1040", "reasons 1,4 (b) and (d)"),
        ("04BRASILIA991", "REASONS: 1.4 (B)(D) after a blank line"),
        ("06MINSK311", "Classified by ... run on after the REF line"),
        ("10STATE369", "Classified By: MULTIPLE SOURCES (derivative)"),
        ("09TRIPOLI805", "Derived from: ..."),
        ("08MOSCOW2137", "no SUBJECT either: the lines under TAGS were lost"),
        ("08BEIJING3122", "Classified By:... cut short"),
        ("66BUENOSAIRES2481", "UNCLASSIFIED, declassified by NARA"),
        ("08SANJOSE859", "unclassified; 'classified by AyA' is prose"),
        ("05ISTANBUL890", "a partial extract: the statement may be in the part not released"),
        ("03COLOMBO2200", "the same"),
    ],
)
def test_classified_by_silent(shared: Path, name: str, why: str) -> None:
    assert found(real(shared, name), "classified-by-reasons") == [], why


# --------------------------------------------------------------------------- declassify-before-date


def test_declassify_before_date_fires(shared: Path) -> None:
    """DECL: 2/19/2010 on a cable of 26 February 2010 (2020 was meant)."""
    [f] = found(real(shared, "10MOSCOW435"), "declassify-before-date")
    assert "19 February 2010" in f.message and "26 February 2010" in f.message


def test_declassify_before_date_sample_e6() -> None:
    [f] = found(sample("03ANKARA2874"), "declassify-before-date")
    assert "12 May 2002" in f.message


@pytest.mark.parametrize("name", ["66BUENOSAIRES2481", "79TEHRAN8980", "10ABUDHABI69"])
def test_declassify_before_date_silent(shared: Path, name: str) -> None:
    """A NARA release date; GDS 8/12/85 on a 1979 cable; an ordinary date."""
    assert found(real(shared, name), "declassify-before-date") == []


# ----------------------------------------------------------------------- reference-not-in-folder


def test_reference_not_in_folder(shared: Path) -> None:
    """The seed cites PRAGUE 486 (07PRAGUE486)."""
    seed = load(shared / "seed" / "000_779b252bf3f7de24.txt")
    [f] = found(seed, "reference-not-in-folder", known_ids={"07PRAGUE497"})
    assert "07PRAGUE486" in f.message and f.severity == "info" and f.line is not None
    assert found(seed, "reference-not-in-folder", known_ids={"07PRAGUE486"}) == []
    assert found(seed, "reference-not-in-folder") == []  # no folder given: nothing said


def test_reference_not_in_folder_skips_non_cables() -> None:
    """07PRAGUE512 cites 07STATE58211, 07PRAGUE471 and an e-mail (samples README)."""
    cable = sample("07PRAGUE512")
    findings = found(cable, "reference-not-in-folder", known_ids={"07STATE58211"})
    assert [f.message.split("(")[-1] for f in findings] == ["07PRAGUE471) is not in the folder"]


_QUOTE_PIECES = [
    "BEGIN ", "begin ", "Begin ", "TEXT", "text", "QUOTE", "quote", "FOLLOWS", "follows",
    "FULL ", "full ", "END ", "end ", "OF ", "OF TEXT", "OF QUOTE", "the ", "XBEGIN ", "_TEXT",
    "xfull ", "9END ", " ", "  ", "\n", "\t", ".", "(C)", "ß", "ſ", "é",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_QUOTE_PIECES), max_size=40).map("".join))
@example("BEGIN TEXT: the letter. END QUOTE. Then BEGIN QUOTE\nit\nEND OF TEXT and on")
@example("XBEGIN TEXT no. TEXT OF THE NOTE FOLLOWS: the note end text. full text xend text")
@example("begin text é end text")
def test_quoted_spans_are_what_the_case_blind_patterns_find(text: str) -> None:
    from reader.review import checks

    want: list[tuple[int, int]] = []
    pos = 0
    while (b := checks._QUOTE_BEGIN_RE.search(text, pos)) is not None:
        e = checks._QUOTE_END_RE.search(text, b.end())
        want.append((b.end(), e.start() if e else len(text)))
        pos = e.end() if e else len(text)
    reading = checks.CableReading(parse_cable(text))
    reading.__dict__["body_start"] = 0  # the whole text is body
    assert reading.quoted == want, text


def test_a_reading_works_each_property_out_once_for_itself() -> None:
    """The checks' cached_property (functools' without its lock) computes a value at the
    first reading, keeps it for the next, and keeps each reading's apart."""
    from reader.review import checks

    calls: list[object] = []

    class Probe:
        @checks.cached_property
        def value(self) -> int:
            calls.append(self)
            return len(calls)

    a, b = Probe(), Probe()
    assert (a.value, a.value, b.value, a.value, b.value) == (1, 1, 2, 1, 2)
    assert calls == [a, b]
    assert isinstance(Probe.__dict__["value"], checks.cached_property)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "  ", "\n", "\r", "\r\n", "\t", "xyz"]), max_size=30).map(
        "".join
    ),
    st.integers(-2, 40),
)
def test_lines_are_found_as_the_list_of_line_starts_finds_them(text: str, n: int) -> None:
    from bisect import bisect_right
    from itertools import accumulate

    from reader.parser.lines import line_separator
    from reader.review import checks

    lengths = map((1).__add__, map(len, text.split(line_separator(text))))
    starts = list(accumulate(lengths, initial=0))[:-1]
    if 1 <= n <= len(starts):
        start = starts[n - 1]
        end = starts[n] - 1 if n < len(starts) else len(text)
        want = (start, start + len(text[start:end].rstrip()))
    else:
        want = (None, None)
    reading = checks.CableReading(parse_cable(text))
    assert reading.line_span(n) == want
    assert reading.line_at(n) == bisect_right(starts, n)


_CORRECTED_PIECES = ["C", "O", "R", "E", "T", "D", " ", "COPY", "CCY", "ZDS", "X", "CORRECTED",
                     "_", "\n", "é"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CORRECTED_PIECES), max_size=25).map("".join))
@example("C O R R E C T E D  C O P Y")
@example("XCCY ZDS")
def test_corrected_copy_spellings_apart_find_what_they_found_together(text: str) -> None:
    from reader.review import checks

    together = re.compile(r"C\s?O\s?R\s?R\s?E\s?C\s?T\s?E\s?D\s+C\s?O\s?P\s?Y|\bCCY\b|\bZDS\b")
    assert any(rx.search(text) for rx in checks._CORRECTED_RES) == bool(together.search(text))


_AUTHORITY_PIECES = ["Classified by", "CLASSIFIED BY", "classifed by", "Classsified  by", "xC",
                     "Derived from", "DERIVED FROM", "aDerived from", " ", "\n", "by", "C", "D",
                     "lass", "ied", "é", "ſ"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AUTHORITY_PIECES), max_size=20).map("".join))
@example("Classified by Ambassador. Derived from: multiple sources. xClassified by")
def test_authority_statements_searched_apart_come_as_from_one_pattern(text: str) -> None:
    from reader.parser.quicksearch import first_matches
    from reader.review import checks

    together = re.compile(
        r"C(?<![A-Za-z]C)(?i:lass[a-z]{0,3}ied\s+by)\b|D(?<![A-Za-z]D)(?i:erived\s+from)\b"
    )
    assert [m.span() for m in first_matches(checks._AUTHORITY_RES, text)] == [
        m.span() for m in together.finditer(text)
    ]
