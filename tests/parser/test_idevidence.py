"""reader.parser.idevidence: the claims a file name and a routing header make about an ID."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reader.model.records import Address, ContainerMeta, DeLine
from reader.parser import ids
from reader.parser.idevidence import (
    DAMAGED_SECTION_RE,
    de_claim,
    dtg_claim,
    filename_id,
    fm_claim,
    fm_post,
    header_claims,
    id_claims,
    id_year,
    outer_header_claims,
    published_id,
    published_id_of,
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("../shared/cables/text/2007/07PARIS2725.txt", "07PARIS2725"),
        ("07paris2725.TXT", "07PARIS2725"),
        ("notes/readme.txt", None),
        ("7575LIBREVILLE1895.html", None),  # malformed: not canonical
    ],
)
def test_filename_id_is_a_canonical_id_or_nothing(path, expected):
    assert filename_id(path) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a/b/7575LIBREVILLE1895.html", "7575LIBREVILLE1895"),
        ("a\\b\\08EFTOLONDON2883.txt", "08EFTOLONDON2883"),
        ("09SECTION01OF03SANJOSE525.txt", "09SECTION01OF03SANJOSE525"),
        ("07PARIS2725", "07PARIS2725"),
        ("a/b/cables.csv", None),
        ("a/.hidden", None),
    ],
)
def test_published_id_keeps_the_file_name_as_released(path, expected):
    assert published_id_of(path) == expected


def test_fm_post_is_the_known_post_as_ids_spell_it():
    assert fm_post("AMEMBASSY SAN JOSE") == "SANJOSE"
    assert fm_post("AMEMBASSY TRIPOLI LY") == "TRIPOLI"  # the country code goes
    assert fm_post("SECSTATE WASHDC") == "STATE"
    assert fm_post("USDEL SECRETARY") is None  # not a post
    assert fm_post("RUEHC/SECSTATE WASHDC") is None  # not an FM line's name


def test_header_claims_say_what_they_say_and_nothing_else():
    de = de_claim("2725")
    assert de is not None and (de.source, de.serial, de.post, de.year) == ("DE", 2725, None, None)
    assert de_claim("0000") is None and de_claim("00Q1") is None and de_claim(None) is None
    fm = fm_claim("AMEMBASSY PARIS")
    assert fm is not None and (fm.source, fm.post, fm.serial) == ("FM", "PARIS", None)
    assert fm_claim("USDEL SECRETARY") is None
    assert dtg_claim(2007) == ids.Claim("DTG", "2007", year=7)


def test_outer_header_claims_take_the_first_of_each_kind():
    header = (
        "VZCZCXRO1234\nPP RUEHWEB\nDE RUEHFR #2725/01 1971651\nZNY CCCCC ZZH\n"
        "P 161651Z JUL 07\nFM AMEMBASSY PARIS\nTO RUEHC/SECSTATE WASHDC PRIORITY 8335\n"
        "DE RUEHMO #5154 1971651\nFM AMEMBASSY MOSCOW\n"
    )
    got = outer_header_claims(header)
    assert [(c.source, c.year, c.post, c.serial) for c in got] == [
        ("DE", None, None, 2725),
        ("DTG", 7, None, None),
        ("FM", None, "PARIS", None),
    ]
    assert outer_header_claims("no header here\n\n") == []


def test_a_damaged_section_mark_gives_the_post_and_serial_after_it():
    m = DAMAGED_SECTION_RE.search("C O N F I D E N T I A L ECTION 01 OF 02 MANAMA 000492")
    assert m is not None and (m["n"], m["of"], m["post"], m["serial"]) == (
        "01",
        "02",
        "MANAMA",
        "000492",
    )
    m = DAMAGED_SECTION_RE.search("SECRET SECTION 02 OF 03QRIPOLI 000583")
    assert m is not None and (m["post"], m["serial"]) == ("QRIPOLI", "000583")
    assert DAMAGED_SECTION_RE.search("SECRET PARIS 002725") is None


def test_id_year_prefers_the_dtg_then_the_container_then_the_published_id():
    published = ids.published_claim("07PARIS2725")
    assert published is not None
    dtg = dtg_claim(2008)
    created = datetime(2006, 3, 9, tzinfo=UTC)
    assert id_year([published, dtg], created) == 8
    assert id_year([published], created) == 6
    assert id_year([published], None) == 7
    assert id_year([de_claim("2725")], None) is None  # type: ignore[list-item]


def test_the_published_id_is_the_containers_then_the_file_names_then_a_dumped_records():
    dumped = ContainerMeta(reference_id="07ROME1")
    assert published_id("07PARIS2725", "08MOSCOW1.txt", dumped) == "07PARIS2725"
    assert published_id(None, "dir/08MOSCOW1.txt", dumped) == "08MOSCOW1"
    assert published_id(None, "notes.txt", dumped) == "07ROME1"
    assert published_id(None, "notes.txt", None) is None


def test_header_claims_of_a_routing_header():
    de = DeLine("RUEHFR", serial="2725")
    fm = Address("AMEMBASSY PARIS")
    dtg = datetime(2007, 7, 16, 16, 51, tzinfo=UTC)
    got = header_claims(de, fm, dtg)
    assert [(c.source, c.serial, c.post, c.year) for c in got] == [
        ("DE", 2725, None, None),
        ("FM", None, "PARIS", None),
        ("DTG", None, None, 7),
    ]
    assert header_claims(None, Address("USDEL SECRETARY"), None) == []


def test_id_claims_put_the_published_id_first_and_a_differing_dumped_record_after_it():
    banner = ids.Claim("banner", "PARIS 2725", post="PARIS", serial=2725)
    dtg = dtg_claim(2007)
    dumped = ContainerMeta(reference_id="07ROME1")
    got = id_claims("07PARIS2725", dumped, None, [dtg], [banner])
    assert [c.source for c in got][1:] == ["dumped record", "DTG", "banner"]
    assert got[0] == ids.published_claim("07PARIS2725")
    # the container's own ID is the published one: no dumped record claims anything
    assert [c.source for c in id_claims("07ROME1", dumped, "07ROME1", [], [banner])][1:] == [
        "banner"
    ]
    assert id_claims(None, None, None, [], []) == []
