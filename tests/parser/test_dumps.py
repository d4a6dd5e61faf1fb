"""Tests for reader.parser.dumps: records that other tools dumped into a cable text.

The three layouts (a cables.csv row, ``key: value`` lines, fields one a line after ``>``) are
written out here; each expected offset is where the record or the cable inside it begins,
found with ``str.index`` on the same text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.model.records import ContainerMeta
from reader.parser.dumps import SEARCH_LIMIT, Dump, find_dump, quotes_doubled

PREVIEW = "Preview of the cable ...\n"
CABLE = "VZCZCXRO1234\nRR RUEHWEB\nDE RUEHTC #1739 2211400\n"

CSV_ROW = (
    '74239,8/9/2006 14:00,06THEHAGUE1739,"Embassy The Hague",CONFIDENTIAL,06KABUL3440,"' + CABLE
)
KEY_VALUE = (
    "id: 54459\n"
    "date: 2/27/2006 13:14\n"
    "refid: 06LIMA748\n"
    "origin: Embassy Lima\n"
    "classification: UNCLASSIFIED//FOR OFFICIAL USE ONLY\n"
    "destination: SECSTATE, 06LIMA700 05LIMA12\n"
    "header:\n" + CABLE
)
ANGLE = (
    ">\n"
    "04.10.2009 01:32\n"
    "09SHANGHAI160\n"
    "Consulate Shanghai\n"
    "CONFIDENTIAL\n"
    "09BEIJING1|09SHANGHAI100\n" + CABLE
)


def _found(text: str) -> Dump:
    dump = find_dump(text)
    assert dump is not None
    return dump


def test_csv_row() -> None:
    text = PREVIEW + CSV_ROW
    dump = _found(text)
    assert dump.start == len(PREVIEW)
    assert dump.cable_start == text.index("VZCZC")
    assert dump.quoted  # quotes in a CSV field are doubled
    assert dump.meta == ContainerMeta(
        reference_id="06THEHAGUE1739",
        created=datetime(2006, 8, 9, 14, 0, tzinfo=UTC),
        classification="CONFIDENTIAL",
        origin="Embassy The Hague",
        referenced_ids=("06KABUL3440",),
    )


def test_key_value_block() -> None:
    text = PREVIEW + KEY_VALUE
    dump = _found(text)
    assert (dump.start, dump.cable_start, dump.quoted) == (len(PREVIEW), text.index("VZCZC"), False)
    assert dump.meta == ContainerMeta(
        reference_id="06LIMA748",
        created=datetime(2006, 2, 27, 13, 14, tzinfo=UTC),
        classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        origin="Embassy Lima",
        # SECSTATE is not a cable ID
        referenced_ids=("06LIMA700", "05LIMA12"),
    )


def test_fields_one_a_line_after_an_angle() -> None:
    text = PREVIEW + ANGLE
    dump = _found(text)
    assert (dump.start, dump.cable_start, dump.quoted) == (len(PREVIEW), text.index("VZCZC"), False)
    assert dump.meta == ContainerMeta(
        reference_id="09SHANGHAI160",
        created=datetime(2009, 4, 10, 1, 32, tzinfo=UTC),  # month.day.year, as its DTG says
        classification="CONFIDENTIAL",
        origin="Consulate Shanghai",
        referenced_ids=("09BEIJING1", "09SHANGHAI100"),
    )


def test_record_at_the_very_start() -> None:
    assert _found(KEY_VALUE).start == 0
    assert _found(CSV_ROW).start == 0


def test_empty_fields_are_none_and_unknown_date_is_none() -> None:
    text = "id: 1\ndate: yesterday\nrefid: 06LIMA748\norigin:  \nclassification:\nheader:\n" + CABLE
    meta = _found(text).meta
    assert meta.reference_id == "06LIMA748"
    assert (meta.created, meta.origin, meta.classification, meta.referenced_ids) == (
        None,
        None,
        None,
        (),
    )


def test_iso_date_with_seconds() -> None:
    text = KEY_VALUE.replace("2/27/2006 13:14", "2006-02-27 13:14:05")
    assert _found(text).meta.created == datetime(2006, 2, 27, 13, 14, 5, tzinfo=UTC)


def test_first_record_wins() -> None:
    text = PREVIEW + ANGLE + "\n" + KEY_VALUE
    assert _found(text).meta.reference_id == "09SHANGHAI160"


@pytest.mark.parametrize(
    "text",
    [
        "",
        CABLE,
        "id: 54459\nrefid: 06LIMA748\n",  # the date line is missing
        '74239,8/9/2006 14:00,not an id,"x",C,,"',
        "> \n04.10.2009 01:32\nnot an id\n",
    ],
)
def test_no_record(text: str) -> None:
    assert find_dump(text) is None


def test_only_the_start_of_a_long_text_is_searched() -> None:
    near = "x" * (SEARCH_LIMIT - len(KEY_VALUE) - 10) + "\n" + KEY_VALUE
    assert find_dump(near) is not None
    far = "x" * SEARCH_LIMIT + "\n" + KEY_VALUE
    assert find_dump(far) is None


@pytest.mark.corpus
def test_real_dumped_records(shared_cables: Path) -> None:
    """The text/ folder holds dumped records of all three kinds; each starts at a line start,
    almost all name the file's own cable (two, when this was written, name another one), and
    each gives a date and a cable text after it."""
    found: dict[str, Dump] = {}
    kinds: set[str] = set()
    for path in sorted((shared_cables / "text").rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        dump = find_dump(text)
        if dump is None:
            continue
        found[path.stem] = dump
        assert dump.start == 0 or text[dump.start - 1] == "\n", path.name
        assert dump.start < dump.cable_start < len(text), path.name
        assert dump.meta.created is not None, path.name
        kinds.add("csv" if dump.quoted else text[dump.start])  # "i" (id:) or ">"
    assert len(found) > 150
    own = [stem for stem, d in found.items() if d.meta.reference_id == stem]
    assert len(found) - len(own) <= 5, [s for s in found if s not in own]
    assert kinds == {"csv", "i", ">"}, kinds


def test_a_dumped_records_date_is_the_day_of_the_cables_own_dtg(shared_cables: Path) -> None:
    """The record's date against the DTG of the cable it holds, in every kind: the angle
    layout's dotted date is month first (09ABUJA2170: "12.02.2009 11:16" over 021116Z DEC 09;
    read day first, four cables were dated months away from their DTG)."""
    from reader.parser.parse import parse_cable

    checked: dict[str, int] = {}
    for path in sorted((shared_cables / "text").rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        dump = find_dump(text)
        if dump is None or dump.meta.reference_id != path.stem:
            continue
        cable = parse_cable(text)
        if cable.dtg is None or dump.meta.created is None:
            continue
        kind = "csv" if dump.quoted else text[dump.start]
        checked[kind] = checked.get(kind, 0) + 1
        apart = abs(cable.dtg - dump.meta.created)
        assert apart.days < 2, (path.name, cable.dtg, dump.meta.created)
    assert checked.get(">", 0) >= 4 and sum(checked.values()) > 100, checked


#: a cables.csv row as another tool hard-wrapped it: a line end inside the origin, after a
#: comma, inside the classification and inside the list of referenced IDs
WRAPPED_CSV_ROW = (
    '225926,9/18/2009 15:03,09THEHAGUE567,"Embassy The\n'
    'Hague",\n'
    "UNCLASSIFIED//FOR\n"
    "OFFICIAL USE ONLY,09THEHAGUE419|09THEHAGUE514|09THEHAGUE54\n"
    '3|09THEHAGUE92,"' + CABLE
)


def test_csv_row_wrapped_inside_its_fields() -> None:
    text = PREVIEW + WRAPPED_CSV_ROW
    dump = _found(text)
    assert (dump.start, dump.cable_start, dump.quoted) == (len(PREVIEW), text.index("VZCZC"), True)
    assert dump.meta == ContainerMeta(
        reference_id="09THEHAGUE567",
        created=datetime(2009, 9, 18, 15, 3, tzinfo=UTC),
        classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        origin="Embassy The Hague",
        # the wrap inside an ID is no separator
        referenced_ids=("09THEHAGUE419", "09THEHAGUE514", "09THEHAGUE543", "09THEHAGUE92"),
    )


def test_csv_row_with_an_unquoted_origin_is_not_taken() -> None:
    # another tool's rows, their header's lines run together: the file's own header reads
    # better than the record's
    row = CSV_ROW.replace('"Embassy The Hague"', "Embassy TheHague")
    assert find_dump(PREVIEW + row) is None


def test_the_record_read_where_its_body_field_starts_inside_a_line() -> None:
    """The header field's last line runs into the body field (``...PRIORITY","S E C R E T``),
    the banner wraps after its section number, and the record doubles its quotes: the banner,
    section, post and serial are read, and the subject and references have single quotes."""
    from reader.parser.parse import parse_cable

    text = (
        "PREVIEW OF THE CABLE\nSUBJECT: DUTCH BRACE FOR ...\n\n"
        '225926,9/18/2009 15:03,09THEHAGUE567,"Embassy The\nHague",SECRET//NOFORN,,"'
        "VZCZCXYZ0015\nOO RUEHWEB\nDE RUEHTC #0567/01 2611503\nZNY SSSSS ZZH\n"
        "O 181503Z SEP 09\nFM AMEMBASSY THE HAGUE\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 3280\n"
        'INFO RUEHBY/AMEMBASSY CANBERRA IMMEDIATE 2840","S E C R E T SECTION 01\n'
        "OF 02 THE HAGUE 000567\nNOFORN\nE.O. 12958: DECL: 09/18/2019\nTAGS: PREL AF NL\n"
        'SUBJECT: DUTCH BRACE FOR ""NO"" VOTE\n'
        'REF: A. THE HAGUE 543 B. 5/25 ""POLITICS"" E-MAIL\n'
        "1. (S/NF) Text of the first paragraph.\n"
        '"\n'
    )
    c = parse_cable(text)
    assert c.line_of("csv-dump") == 4
    assert (c.classification, c.banner_post, c.banner_serial) == ("SECRET", "THE HAGUE", "000567")
    assert c.section is not None and (c.section.number, c.section.of) == (1, 2)
    assert [p.code for p in c.problems] == []
    assert [a.name for a in c.info] == ["AMEMBASSY CANBERRA"]
    assert c.subject == 'DUTCH BRACE FOR "NO" VOTE'
    assert [(r.label, r.id, r.text) for r in c.references] == [
        ("A", "09THEHAGUE543", "THE HAGUE 543"),
        ("B", None, '5/25 "POLITICS" E-MAIL'),
    ]
    assert [(p.number, p.marking and p.marking.text) for p in c.paragraphs] == [(1, "S//NF")]


def test_a_banner_cut_inside_its_spaced_letters_is_read_whole() -> None:
    """06THEHAGUE1782 (text/ and body-with-html/): the dumped row's hard wrap cuts the banner
    inside its classification (``...PRIORITY","C O N F I D E N T`` / ``I A L SECTION 01 OF
    02 THE HAGUE 001782``): no banner was found, and the SIPDIS under it went unread."""
    from reader.parser.parse import parse_cable

    text = (
        "PREVIEW OF THE CABLE\nSUBJECT: DUTCH THINGS\n\n"
        '74802,8/14/2006 15:43,06THEHAGUE1782,"Embassy The\nHague",CONFIDENTIAL,,"'
        "VZCZCXRO9888\nPP RUEHDBU\nDE RUEHTC #1782/01 2261543\nZNY CCCCC ZZH\n"
        "P 141543Z AUG 06\nFM AMEMBASSY THE HAGUE\nTO RUEHC/SECSTATE WASHDC PRIORITY 6543\n"
        'INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY","C O N F I D E N T\n'
        "I A L SECTION 01 OF 02 THE HAGUE 001782\nSIPDIS\nE.O. 12958: DECL: 08/14/2016\n"
        "TAGS: PREL NL\nSUBJECT: DUTCH THINGS\n1. (C) Text of the first paragraph.\n"
        '"\n'
    )
    c = parse_cable(text)
    assert (c.classification, c.banner_post, c.banner_serial) == (
        "CONFIDENTIAL",
        "THE HAGUE",
        "001782",
    )
    assert c.section is not None and (c.section.number, c.section.of) == (1, 2)
    assert c.handling == ("SIPDIS",)
    assert (c.line_of("banner"), c.line_of("handling")) == (12, 14)
    assert [p.code for p in c.problems] == []
    # spaced letters that join into no banner stay what they were
    other = parse_cable(text.replace("I A L SECTION", "X Y Z SECTION"))
    assert other.banner_post is None and "no-banner" in [p.code for p in other.problems]


def test_a_text_that_doubles_its_quotes_as_a_csv_field_is_told_apart() -> None:
    # a cable copied out of a cables.csv row without its record: 'India was ""very open""'
    # (10ISLAMABAD428), the row's own quote or two alone (02ROME3639)
    assert quotes_doubled('said it was ""very open"" and ""ready"".\n"\n')
    # quotes as a cable writes them, one "" among them, or none doubled
    assert not quotes_doubled('the "Balkanization" of Spain, a "" mark and "more".')
    assert not quotes_doubled('one "" alone and "quoted" words, "twice"')
    assert not quotes_doubled('no "doubled" quotes')


def test_a_parsed_text_that_doubles_its_quotes_reads_them_single() -> None:
    from reader.parser.parse import parse_cable

    text = (
        'UNCLASSIFIED\n\nSUBJECT: A ""GOLD STANDARD"" DEAL\n\n'
        '1. (U) Kerry said India was ""very open"" to talks.\n2. (U) ""More.""\n'
    )
    c = parse_cable(text)
    assert c.subject == 'A "GOLD STANDARD" DEAL'
    assert [p.text for p in c.paragraphs] == [
        'Kerry said India was "very open" to talks.', '"More."',
    ]  # fmt: skip
