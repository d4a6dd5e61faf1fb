"""The seed cable (07PRAGUE497) gives every field the parser issue lists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reader.model.jsonout import cable_to_dict
from reader.model.records import Cable
from reader.parser.containers import read_cables


@pytest.fixture(scope="module")
def seed(shared_cables: Path) -> Cable:
    cables = list(read_cables(shared_cables / "seed" / "000_779b252bf3f7de24.txt"))
    assert len(cables) == 1
    return cables[0]


def test_identity_and_routing(seed: Cable) -> None:
    assert seed.id == "07PRAGUE497"
    assert seed.transmission_id == "VZCZCXRO7705"
    assert seed.routing_indicators == ("RUEHDBU", "RUEHFL", "RUEHKW", "RUEHLA", "RUEHROV", "RUEHSR")
    assert seed.station == "RUEHPG"
    assert seed.station_serial == "0497"
    assert seed.de is not None and seed.de.julian_day == 127 and seed.de.time == "1501"
    assert seed.security_code == "CCCCC"
    assert seed.precedence == "IMMEDIATE"
    assert seed.dtg == datetime(2007, 5, 7, 15, 1, tzinfo=UTC)


def test_addressees(seed: Cable) -> None:
    assert seed.from_ is not None and seed.from_.name == "AMEMBASSY PRAGUE"
    [to] = seed.to
    assert (to.ri, to.name, to.precedence, to.serial) == (
        "RUEHC",
        "SECSTATE WASHDC",
        "IMMEDIATE",
        "9007",
    )
    assert [(a.ri, a.name, a.precedence) for a in seed.info] == [
        ("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", "PRIORITY"),
        ("RUEKJCS", "SECDEF WASHDC", "PRIORITY"),
        ("RHEHNSC", "NSC WASHDC", "PRIORITY"),
    ]


def test_preamble(seed: Cable) -> None:
    assert seed.classification == "CONFIDENTIAL"
    assert seed.banner is not None and seed.banner.level == "C"
    assert seed.handling == ("SIPDIS",)
    assert seed.declassify is not None
    assert seed.declassify.eo == "12958"
    assert seed.declassify.date == date(2017, 5, 7)
    assert seed.tags == ("PREL", "MARR", "RU", "EZ")
    assert seed.subject == "CZECH PRESIDENT: PUTIN SERIOUS ABOUT MISSILE DEFENSE CONCERNS"
    assert seed.subject_marking is None
    [ref] = seed.references
    assert (ref.text, ref.id, ref.kind) == ("PRAGUE 486", "07PRAGUE486", "cable")
    assert seed.classified_by is not None
    assert seed.classified_by.names == ("Richard W Graber",)
    assert seed.classified_by.reasons == ("1.4(b)", "1.4(d)")


def test_paragraphs_and_signer(seed: Cable) -> None:
    # the file's "- 11.", "- 12.", "- 13." are a mangled paragraph sign: paragraphs 1, 2, 3
    assert [p.number for p in seed.paragraphs] == [1, 2, 3]
    assert [p.marking.text if p.marking else None for p in seed.paragraphs] == ["C", "C", "C"]
    assert seed.paragraphs[0].text.startswith("Czech President Vaclav Klaus asked to see")
    assert seed.paragraphs[2].text.endswith("shortly after their meeting.")
    assert seed.signers == ("GRABER",)
    for p in seed.paragraphs:
        assert p.marking_start is not None and p.marking_end is not None
        assert seed.text[p.marking_start : p.marking_end] == "(C)"
    assert seed.problems == ()


def test_json_has_every_key(seed: Cable) -> None:
    d = cable_to_dict(seed)
    assert d["id"] == "07PRAGUE497"
    assert d["dtg"] == "2007-05-07T15:01:00Z"
    assert d["declassify"] == {
        "eo": "12958",
        "raw": "E.O. 12958: DECL: 05/07/2017",
        "date": "2017-05-07",
        "code": None,
    }
    assert d["to"] == [
        {"ri": "RUEHC", "name": "SECSTATE WASHDC", "precedence": "IMMEDIATE", "serial": "9007"}
    ]
    assert d["paragraphs"][1]["number"] == 2 and d["paragraphs"][1]["level"] == "C"
    assert d["source"]["format"] == "txt" and d["source"]["row"] is None


def test_person_and_multi_word_tags(shared_cables: Path) -> None:
    """A person tag without brackets (an invented sample) stays whole; a written-out value
    (a real cable's page layout: a subject keyword listed after the codes) is no tag."""
    from reader.model.bundled import SAMPLES

    [sample] = read_cables(SAMPLES / "2009" / "09BRASILIA1102.txt")
    assert sample.tags == ("ETRD", "ECON", "BEXP", "OVIP", "BR", "HALVERSEN, MARGARET")
    [real] = read_cables(shared_cables / "text" / "2005" / "05NEWDELHI2606.txt")
    assert real.tags == ("PHUM", "PREL", "PTER", "IN", "PK")  # "..., PK, Human Rights"


def test_a_pages_subject_keyword_is_no_tag_in_any_copy(shared_cables: Path) -> None:
    """05SOFIA1207's page (and its body-with-html copy) writes ``TAGS PINR, ..., BU,
    Organized Crime``: the keyword had become a tag the text copy does not have."""
    copies = [
        shared_cables / "text" / "2005" / "05SOFIA1207.txt",
        shared_cables / "body-with-html" / "05SOFIA1207.txt",
        shared_cables / "html" / "cable" / "2005" / "07" / "05SOFIA1207.html",
    ]
    tags = [next(iter(read_cables(p))).tags for p in copies]
    assert tags == [("PINR", "KCRM", "PGOV", "EINV", "ECON", "KCOR", "BU")] * 3
