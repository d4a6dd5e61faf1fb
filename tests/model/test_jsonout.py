"""Tests for reader.model.jsonout: the JSON object of ``cable-reader parse --json``.

A cable is built field by field here, so each value in the JSON object is known: every key
of the README's schema is present, with the type the README gives it, and the object goes
through ``json`` and back unchanged.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from reader.model.jsonout import SCHEMA_KEYS, cable_to_dict
from reader.model.records import (
    Address,
    Cable,
    ClassifiedBy,
    ContainerMeta,
    Declassification,
    DeLine,
    Marking,
    Paragraph,
    Problem,
    Reference,
    Section,
    Source,
)
from reader.parser.containers import read_cables

REPO = Path(__file__).resolve().parents[2]
EXTRAS = ("de", "info_precedence", "banner_marking", "appended_at", "meta")

C = Marking(text="C", level="C", raw="(C)")
FULL = Cable(
    text="...",
    source=Source(path="x/07PRAGUE497.txt", format="txt"),
    id="07PRAGUE497",
    published_id="07PRAGUE497",
    transmission_id="VZCZCXRO7705",
    routing_precedence="OO",
    routing_indicators=("RUEHDBU", "RUEHFL"),
    de=DeLine("RUEHPG", "0497", "01", 127, "1501", 3),
    security_code="CCCCC",
    security_line="ZNY CCCCC ZZH",
    precedence="IMMEDIATE",
    info_precedence="PRIORITY",
    dtg=datetime(2007, 5, 7, 15, 1, tzinfo=UTC),
    date=datetime(2007, 5, 7, 15, 1, tzinfo=UTC),
    date_precision="day",
    from_=Address("AMEMBASSY PRAGUE", line=8),
    to=(Address("SECSTATE WASHDC", "RUEHC", "IMMEDIATE", "9007", 9),),
    info=(
        Address("EUROPEAN POLITICAL COLLECTIVE", "RUEHZL", "PRIORITY"),
        Address("SECDEF WASHDC", "RUEKJCS", "PRIORITY"),
    ),
    classification="CONFIDENTIAL",
    banner=Marking(text="C", level="C", raw="CONFIDENTIAL"),
    banner_post="PRAGUE",
    banner_serial="000497",
    section=Section(1, 3),
    handling=("SIPDIS",),
    declassify=Declassification("12958", "E.O. 12958: DECL: 05/07/2017", date(2017, 5, 7)),
    tags=("PREL", "MARR", "RU", "EZ"),
    subject="CZECH PRESIDENT: PUTIN SERIOUS ABOUT MISSILE DEFENSE CONCERNS",
    subject_marking=C,
    references=(
        Reference(None, "PRAGUE 486", "07PRAGUE486"),
        Reference("B", "e-mail", None, "email"),
    ),
    classified_by=ClassifiedBy("Ambassador Richard W Graber", ("Richard W Graber",), ("1.4(b)",)),
    summary="A summary.",
    paragraphs=(
        Paragraph(1, C, "Czech President ...", 30, 100, 200),
        Paragraph(None, None, "unmarked", 31, 201, 210),
        Paragraph(2, Marking("S//NF", "S", ("NF",), "(S/NF)"), "MbZ ...", 32, 211, 220),
    ),
    signers=("GRABER",),
    meta=ContainerMeta(
        reference_id="07PRAGUE497",
        created=datetime(2007, 5, 7, 15, 1, tzinfo=UTC),
        referenced_ids=("07PRAGUE486",),
    ),
    problems=(Problem("no-dtg", "something", 4),),
    appended_at=1234,
)


def test_every_schema_key_in_order_then_the_extras() -> None:
    assert tuple(cable_to_dict(FULL)) == SCHEMA_KEYS + EXTRAS
    bare = cable_to_dict(Cable(text="", source=Source("a.txt", "txt")))
    assert tuple(bare) == SCHEMA_KEYS + EXTRAS


def test_schema_keys_are_the_readme_table() -> None:
    """The README's table of the JSON record names the same keys, in the same order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("### The JSON record", 1)[1].split("\n\n")[2]
    keys = [k for row in table.splitlines()[2:] for k in re.findall(r"`(\w+)`", row.split("|")[1])]
    assert tuple(keys) == SCHEMA_KEYS


def test_values_of_a_full_cable() -> None:
    d = cable_to_dict(FULL)
    assert d["id"] == d["published_id"] == "07PRAGUE497"
    assert d["source"] == {"path": "x/07PRAGUE497.txt", "format": "txt", "row": None}
    assert d["transmission_id"] == "VZCZCXRO7705"
    assert d["routing_indicators"] == ["RUEHDBU", "RUEHFL"]
    assert (d["station"], d["station_serial"], d["security_code"]) == ("RUEHPG", "0497", "CCCCC")
    assert d["precedence"] == "IMMEDIATE"
    assert d["dtg"] == d["date"] == "2007-05-07T15:01:00Z"
    assert d["date_precision"] == "day"
    assert d["from"] == {"ri": None, "name": "AMEMBASSY PRAGUE", "precedence": None, "serial": None}
    assert d["to"] == [
        {"ri": "RUEHC", "name": "SECSTATE WASHDC", "precedence": "IMMEDIATE", "serial": "9007"}
    ]
    assert [a["ri"] for a in d["info"]] == ["RUEHZL", "RUEKJCS"]
    assert d["classification"] == "CONFIDENTIAL"
    assert d["section"] == {"number": 1, "of": 3}
    assert d["handling"] == ["SIPDIS"]
    assert d["declassify"] == {
        "eo": "12958",
        "raw": "E.O. 12958: DECL: 05/07/2017",
        "date": "2017-05-07",
        "code": None,
    }
    assert d["tags"] == ["PREL", "MARR", "RU", "EZ"]
    assert d["subject_marking"] == "C"
    assert d["references"] == [
        {"label": None, "text": "PRAGUE 486", "id": "07PRAGUE486", "kind": "cable"},
        {"label": "B", "text": "e-mail", "id": None, "kind": "email"},
    ]
    assert d["classified_by"] == {
        "text": "Ambassador Richard W Graber",
        "names": ["Richard W Graber"],
        "reasons": ["1.4(b)"],
    }
    assert d["summary"] == "A summary."
    assert d["paragraphs"] == [
        {"number": 1, "marking": "C", "level": "C", "text": "Czech President ..."},
        {"number": None, "marking": None, "level": None, "text": "unmarked"},
        {"number": 2, "marking": "S//NF", "level": "S", "text": "MbZ ..."},
    ]
    assert d["signers"] == ["GRABER"]
    assert d["problems"] == [{"code": "no-dtg", "message": "something", "line": 4}]
    assert d["de"] == {
        "station": "RUEHPG",
        "serial": "0497",
        "section": "01",
        "julian_day": 127,
        "time": "1501",
    }
    assert (d["info_precedence"], d["banner_marking"], d["appended_at"]) == ("PRIORITY", "C", 1234)
    assert d["meta"] == {
        "reference_id": "07PRAGUE497",
        "created": "2007-05-07T15:01:00Z",
        "released": None,
        "classification": None,
        "origin": None,
        "referenced_ids": ["07PRAGUE486"],
    }


def test_an_empty_cable_is_nulls_and_empty_lists() -> None:
    d = cable_to_dict(Cable(text="", source=Source("a.csv", "csv", row=7)))
    assert d["source"] == {"path": "a.csv", "format": "csv", "row": 7}
    lists = {"routing_indicators", "to", "info", "handling", "tags", "references"}
    lists |= {"paragraphs", "signers", "problems"}
    for key, value in d.items():
        if key == "source":
            continue
        assert value == ([] if key in lists else None), key


def test_times_are_written_in_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    d = cable_to_dict(
        Cable(text="", source=Source("a", "txt"), dtg=datetime(2007, 5, 7, 17, 1, tzinfo=plus_two))
    )
    assert d["dtg"] == "2007-05-07T15:01:00Z"


def test_a_year_only_date_is_the_year() -> None:
    cable = Cable(
        text="",
        source=Source("a", "txt"),
        date=datetime(2004, 1, 1, tzinfo=UTC),
        date_precision="year",
    )
    d = cable_to_dict(cable)
    assert (d["date"], d["date_precision"], d["dtg"]) == ("2004", "year", None)


def test_types_of_every_key() -> None:
    d = cable_to_dict(FULL)
    strings = {"id", "published_id", "transmission_id", "station", "station_serial"}
    strings |= {"security_code", "precedence", "dtg", "date", "date_precision", "classification"}
    strings |= {"subject", "subject_marking", "summary", "info_precedence", "banner_marking"}
    lists = {"routing_indicators", "to", "info", "handling", "tags", "references", "paragraphs"}
    lists |= {"signers", "problems"}
    objects = {"source", "from", "section", "declassify", "classified_by", "de", "meta"}
    assert strings | lists | objects | {"appended_at"} == set(d)
    for key in strings:
        assert isinstance(d[key], str), key
    for key in lists:
        assert isinstance(d[key], list) and d[key], key
    for key in objects:
        assert isinstance(d[key], dict), key
    assert isinstance(d["appended_at"], int)


def test_json_round_trip() -> None:
    d = cable_to_dict(FULL)
    assert json.loads(json.dumps(d)) == d


def test_real_seed_round_trip(shared_cables: Path) -> None:
    """The seed parsed from its file: the FORMAT.md values appear in its JSON object, which
    goes through ``json`` and back unchanged."""
    (cable,) = read_cables(shared_cables / "seed" / "000_779b252bf3f7de24.txt")
    d = cable_to_dict(cable)
    assert json.loads(json.dumps(d)) == d
    assert tuple(d)[: len(SCHEMA_KEYS)] == SCHEMA_KEYS
    assert (d["id"], d["station"], d["station_serial"]) == ("07PRAGUE497", "RUEHPG", "0497")
    assert d["dtg"] == "2007-05-07T15:01:00Z"
    assert d["tags"] == ["PREL", "MARR", "RU", "EZ"]
    assert d["to"][0] == {
        "ri": "RUEHC",
        "name": "SECSTATE WASHDC",
        "precedence": "IMMEDIATE",
        "serial": "9007",
    }
    assert [(p["number"], p["marking"]) for p in d["paragraphs"]] == [(1, "C"), (2, "C"), (3, "C")]
    assert d["signers"] == ["GRABER"]
