"""Tests for reader.model.codes: known values, unknown codes, declassification status, the TSVs."""

from __future__ import annotations

import ast
import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from reader.model import codes
from reader.model.codes import (
    DATA_DIR,
    country,
    declassification,
    handling,
    precedence,
    read_table,
    reason,
    routing_indicator,
    security_code,
    tag,
)

TODAY = date(2025, 1, 1)
TABLES = sorted(path.stem for path in DATA_DIR.glob("*.tsv"))


# --------------------------------------------------------------------------- routing indicators


@pytest.mark.parametrize(
    ("ri", "meaning"),
    [
        ("RUEHPG", "AMEMBASSY PRAGUE"),
        ("RUEHC", "SECSTATE WASHDC"),
        ("RUEKJCS", "SECDEF WASHDC"),
        ("RHEHNSC", "NSC WASHDC"),
        ("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE"),
    ],
)
def test_routing_indicator_known(ri: str, meaning: str) -> None:
    decoded = routing_indicator(ri)
    assert decoded.known
    assert decoded.meaning == meaning
    assert decoded.kind == "routing indicator"


def test_routing_indicator_names_the_routing_book_and_country() -> None:
    decoded = routing_indicator("RUEHC")
    assert "DEPT OF STATE WASHINGTON DC" in decoded.note
    assert "United States" in routing_indicator("RUEHC").note
    assert "Czech Republic" in routing_indicator("RUEHPG").note
    assert "JOINT STAFF" in routing_indicator("RUEKJCS").note


def test_routing_indicator_accepts_an_addressee_and_lower_case() -> None:
    assert routing_indicator("RUEHC/SECSTATE WASHDC IMMEDIATE 9007").meaning == "SECSTATE WASHDC"
    assert routing_indicator(" rueHpg ").meaning == "AMEMBASSY PRAGUE"


def test_routing_indicator_fixed_country() -> None:
    assert "Tunisia" in routing_indicator("RUEHTU").note


@pytest.mark.parametrize("ri", ["RZZZZZZ", "RUEHQQQ", "XYZ", ""])
def test_routing_indicator_unknown(ri: str) -> None:
    decoded = routing_indicator(ri)
    assert not decoded.known
    assert decoded.meaning is None
    assert decoded.note.startswith("unknown code")


# --------------------------------------------------------------------------- TAGS


@pytest.mark.parametrize(
    ("code", "kind", "meaning"),
    [
        ("PREL", "subject", "Political Affairs--External Political Relations"),
        ("PGOV", "subject", "Political Affairs--Internal Governmental Affairs"),
        ("MARR", "subject", "Military and Defense Affairs--Military and Defense Arrangements"),
        ("ECON", "subject", "Economic Affairs--Economic Conditions"),
        ("KDEM", "program", "Democratization"),
        ("KTFN", "program", "Terrorism Finance"),
        ("NATO", "organization", "North Atlantic Treaty Organization"),
        ("IAEA", "organization", "International Atomic Energy Agency"),
        ("EU", "organization", None),
        ("EZ", "geographic", "Czech Republic"),
        ("RU", "geographic", "Russia"),
    ],
)
def test_tag_known(code: str, kind: str, meaning: str | None) -> None:
    decoded = tag(code)
    assert decoded.known
    assert decoded.kind == kind
    if meaning is not None:
        assert decoded.meaning == meaning
    else:
        assert decoded.meaning


def test_tag_lower_case_is_read_and_noted() -> None:
    decoded = tag("prel")
    assert decoded.code == "PREL"
    assert decoded.known
    assert "lower case" in decoded.note


def test_tag_listed_but_not_expanded() -> None:
    decoded = tag("KBCT")
    assert decoded.known
    assert decoded.kind == "program"
    assert decoded.meaning is None
    assert "not expanded" in decoded.note


def test_tag_unsure_meaning_is_marked() -> None:
    decoded = tag("KTIA")
    assert decoded.unsure
    assert str(decoded).endswith("(unsure)")


def test_tag_person_and_free_text() -> None:
    person = tag("STEINBERG, JAMES")
    assert person.kind == "person"
    assert person.meaning == "personal name"
    other = tag("HUMAN RIGHTS")
    assert other.kind == "other"
    assert not other.known


@pytest.mark.parametrize(
    ("code", "kind"),
    [("QQQQ", "unknown"), ("KZZQ", "program"), ("QQ", "geographic"), ("ETRDEINVECON", "unknown")],
)
def test_tag_unknown_says_unknown(code: str, kind: str) -> None:
    decoded = tag(code)
    assert not decoded.known
    assert decoded.meaning is None
    assert decoded.kind == kind
    assert decoded.note.startswith("unknown code")


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("fips", "name"),
    [
        ("EZ", "Czech Republic"),
        ("RS", "Russia"),
        ("GM", "Germany"),
        ("UK", "United Kingdom"),
        ("IZ", "Iraq"),
        ("AE", "United Arab Emirates"),
        ("CH", "China"),
        ("JA", "Japan"),
        ("KS", "South Korea"),
        ("KN", "North Korea"),
        ("SF", "South Africa"),
        ("BM", "Burma"),
        ("XA", "Africa"),
        ("UR", "Soviet Union (USSR)"),
    ],
)
def test_country_known(fips: str, name: str) -> None:
    decoded = country(fips)
    assert decoded.known
    assert decoded.meaning == name
    assert decoded.kind == "geographic"


def test_country_notes() -> None:
    assert "former" in country("TC").note
    assert "regional" in country("XF").note
    assert "European Union" in country("EU").note
    assert "Arab League" in country("AL").note


def test_country_unknown() -> None:
    decoded = country("QQ")
    assert not decoded.known
    assert decoded.note == "unknown code"


# --------------------------------------------------------------------------- reasons


@pytest.mark.parametrize("code", ["1.4(b)", "1.4 b", "1.4 (B)", "1.4B", "(b)"])
def test_reason_forms(code: str) -> None:
    decoded = reason(code)
    assert decoded.code == "1.4(b)"
    assert decoded.meaning == "foreign government information"
    assert decoded.kind == "classification reason"


def test_reason_1995_order_and_exemptions() -> None:
    assert reason("1.5(d)").meaning.startswith("foreign relations or foreign activities")
    assert "1995" in reason("1.5(d)").note
    assert reason("1.4(h)").meaning == "weapons of mass destruction"
    assert reason("X1").meaning.startswith("would reveal an intelligence source")
    assert reason("1.6 X5").meaning == "would reveal foreign government information"
    assert reason("25X1-HUMAN").code == "25X1"
    assert "Originating Agency's Determination Required" in (reason("OADR").meaning or "")
    assert reason("n/a").code == "N/A"


@pytest.mark.parametrize("code", ["1.5(h)", "1.9(a)", "X9", "26X1", "WHATEVER"])
def test_reason_unknown(code: str) -> None:
    decoded = reason(code)
    assert not decoded.known
    assert decoded.note == "unknown code"


# --------------------------------------------------------------------------- header codes


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        ("Z", "FLASH"),
        ("O", "IMMEDIATE"),
        ("P", "PRIORITY"),
        ("R", "ROUTINE"),
        ("NIACT IMMEDIATE", "NIACT IMMEDIATE"),
        ("PIORITY", "PRIORITY"),
        ("OO", "IMMEDIATE (all addressees)"),
    ],
)
def test_precedence(code: str, meaning: str) -> None:
    assert precedence(code).meaning == meaning


def test_precedence_pair_with_space() -> None:
    decoded = precedence("P R")
    assert decoded.code == "PR"
    assert decoded.meaning == "PRIORITY for action, ROUTINE for information addressees"
    assert not precedence("Q").known


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        ("UUUUU", "UNCLASSIFIED"),
        ("CCCCC", "CONFIDENTIAL"),
        ("SSSSS", "SECRET"),
        ("TTTTT", "TOP SECRET"),
    ],
)
def test_security_code(code: str, meaning: str) -> None:
    assert security_code(code).meaning == meaning


def test_security_code_lines() -> None:
    assert "classified" in (security_code("ZNY").meaning or "")
    assert "unclassified" in (security_code("ZNR").meaning or "")
    assert "EFTO" in (security_code("EEEEE").meaning or "")
    assert not security_code("XXXXX").known


def test_handling() -> None:
    assert handling("NOFORN").meaning == "not releasable to foreign nationals"
    assert "SIPRNet" in (handling("SIPDIS").meaning or "")
    assert handling("exdis").code == "EXDIS"
    rel = handling("REL TO USA, FVEY")
    assert rel.code == "REL TO"
    assert "USA, FVEY" in rel.note
    assert not handling("BLUE CHANNEL").known


# --------------------------------------------------------------------------- declassification


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("05/07/2017", "declassification date passed on 7 May 2017"),
        ("05/07/2031", "to be declassified on 7 May 2031"),
        ("E.O. 12958: DECL: 05/07/2017", "declassification date passed on 7 May 2017"),
        ("DECL: 2020/02/09", "declassification date passed on 9 February 2020"),
        ("09/21/10", "declassification date passed on 21 September 2010"),
        ("12-29-13", "declassification date passed on 29 December 2013"),
        ("DECL: 12/02/2019TAGS: PREL", "declassification date passed on 2 December 2019"),
        ("08 OCTOBER 2029", "to be declassified on 8 October 2029"),
        ("01/01/2025", "to be declassified today, 1 January 2025"),
        ("DECLASSIFIED BY NARA 09/02/2009", "declassified by NARA on 2 September 2009"),
        (
            "N/A",
            "N/A: not applicable: the cable is unclassified, so there is nothing to declassify",
        ),
    ],
)
def test_declassification_text(text: str, status: str) -> None:
    assert str(declassification(text, today=TODAY)) == status


def test_declassification_date_fields() -> None:
    status = declassification("05/07/2017", today=TODAY)
    assert status.kind == "date"
    assert status.date == date(2017, 5, 7)
    assert status.passed is True
    future = declassification(date(2031, 5, 7), today=TODAY)
    assert future.passed is False
    assert future.text == "to be declassified on 7 May 2031"


def test_declassification_exemptions() -> None:
    x1 = declassification("1.6 X1", today=TODAY)
    assert x1.kind == "exemption"
    assert x1.text.startswith("X1: exempt from 10-year declassification: would reveal an intel")
    assert declassification("(X5)", today=TODAY).code == "X5"
    # 1.4 X1 (resources/samples 09PARIS1561): X codes exist only under section 1.6
    assert declassification("1.4 X1", today=TODAY).text == x1.text
    assert "section 1.6" in reason("1.4 X1").note
    human = declassification("25X1-HUMAN", today=TODAY)
    assert human.text.startswith("25X1: exempt from automatic declassification at 25 years")
    oadr = declassification("DECL: OADR", today=TODAY)
    assert oadr.kind == "instruction"
    assert "Originating Agency's Determination Required" in oadr.text


def test_declassification_relative_to_the_cable() -> None:
    cable_date = date(2007, 5, 7)
    twenty = declassification("TWENTY YEARS", cable_date=cable_date, today=TODAY)
    assert twenty.text == "to be declassified on 7 May 2027"
    assert declassification("TWENTY YEARS", today=TODAY).text.endswith("after the cable's date")
    early = declassification("05/07/2006", cable_date=cable_date, today=TODAY)
    assert "earlier than the cable's own date" in early.text
    event = declassification("E.O. 12958: DECL: TEN YEARS AFTER KOREAN UNIFICATION", today=TODAY)
    assert event.kind == "event"
    assert event.text == "to be declassified on an event: TEN YEARS AFTER KOREAN UNIFICATION"


def test_declassification_gds_with_date_and_downgrade() -> None:
    gds = declassification("E.O. 12065: GDS 11/26/85", today=TODAY)
    assert gds.date == date(1985, 11, 26)
    assert gds.code == "GDS"
    assert gds.text.startswith("declassification date passed on 26 November 1985; GDS: General")
    tomseth = declassification("E.O. 12065: GDS 11/26/85 (TOMSETH, VICTOR L.) OR-P", today=TODAY)
    assert tomseth.code == "GDS"
    dng = declassification("DNG: CO 12/29/2013", today=TODAY)
    assert dng.text == "downgrade to CONFIDENTIAL due on 29 December 2013 (passed)"


def test_declassification_default_today_is_real_today() -> None:
    assert declassification("01/01/1990").passed is True


@pytest.mark.parametrize("text", ["XXXXXXXXXXXXX", "(##)", "", "02/30/2010"])
def test_declassification_unknown(text: str) -> None:
    status = declassification(text, today=TODAY)
    assert not status.known
    assert status.kind == "unknown"


# --------------------------------------------------------------------------- the tables


@pytest.mark.parametrize("name", TABLES)
def test_table_is_well_formed(name: str) -> None:
    table = read_table(name)  # raises on a row with the wrong number of fields
    assert any(line.startswith("source ") for line in table.comments), "sources not named"
    assert table.rows
    keys = [row[0].upper() for row in table.rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    for row in table.rows:
        assert row[0], f"empty key in {row}"
        for value in row:
            assert value == value.strip(), f"stray spaces in {row}"


def test_all_tables_present() -> None:
    assert set(TABLES) >= {
        "routing_indicators",
        "tags",
        "countries",
        "reasons",
        "precedence",
        "security_codes",
        "handling",
    }


def test_table_keys_have_the_right_shape() -> None:
    for row in read_table("routing_indicators").rows:
        assert re.fullmatch(r"R[A-Z]{3,6}", row[0]), row
        assert row[1] or row[2], f"no name for {row[0]}"
    for row in read_table("countries").rows:
        assert re.fullmatch(r"[A-Z]{2}", row[0]), row
    for row in read_table("tags").rows:
        assert row[1] in {"subject", "program", "organization", "other"}, row
        if row[1] == "subject":
            assert re.fullmatch(r"[A-Z]{4}", row[0]) and "--" in row[2], row
        if row[1] == "program":
            assert re.fullmatch(r"K[A-Z]{3}", row[0]), row


def test_unsure_column_only_marks() -> None:
    for name in TABLES:
        table = read_table(name)
        if "unsure" in table.columns:
            column = table.columns.index("unsure")
            assert {row[column] for row in table.rows} <= {"", "?"}, name


def test_read_table_rejects_a_bad_row(tmp_path: Path) -> None:
    (tmp_path / "bad.tsv").write_text("# source x: y\na\tb\n1\t2\t3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="fields"):
        read_table("bad", tmp_path)


# --------------------------------------------------------------------------- module rules


def test_results_are_frozen() -> None:
    decoded = tag("PREL")
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.meaning = "x"  # type: ignore[misc]


def test_codes_imports_no_qt_and_no_reader_module_but_where_the_tables_are() -> None:
    tree = ast.parse(Path(codes.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    imported.discard("reader.model.bundled")  # where resources/ is: a leaf, no imports of reader
    assert not {name for name in imported if name.startswith(("reader", "PySide", "PyQt"))}


def test_all_names_exist() -> None:
    for name in codes.__all__:
        assert hasattr(codes, name), name


@pytest.mark.corpus
def test_seed_cable_codes_decode(shared_cables: Path) -> None:
    # the fixture fails in CI (skips elsewhere) when ../shared/cables is missing
    text = next((shared_cables / "seed").glob("*.txt")).read_text(encoding="utf-8")
    tags_line = re.search(r"^TAGS:(.*)$", text, re.M)
    assert tags_line
    for token in tags_line.group(1).split():
        assert tag(token).meaning, token
    for ri in re.findall(r"\b(R[A-Z]{4,6})/", text):
        assert routing_indicator(ri).known, ri
    de_line = re.search(r"^DE (R[A-Z]{4,6}) ", text, re.M)
    assert de_line and routing_indicator(de_line.group(1)).meaning == "AMEMBASSY PRAGUE"
