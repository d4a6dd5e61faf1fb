"""Tests for reader.model.records: every record is frozen and slotted, its defaults are the
empty values the parser relies on, and the few computed properties (rank, noforn, station,
line_of, highest_marking) give what their docstrings say."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from reader.model import records
from reader.model.records import (
    LEVELS,
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

SOURCE = Source("a.txt", "txt")

#: one instance of each record, built with its required fields only
SMALLEST: dict[type, Any] = {
    Problem: Problem("code", "message"),
    Marking: Marking("C", "C"),
    Source: SOURCE,
    ContainerMeta: ContainerMeta(),
    DeLine: DeLine("RUEHPG"),
    Address: Address("AMEMBASSY PRAGUE"),
    Section: Section(1, 3),
    Declassification: Declassification(),
    Reference: Reference(None, "PRAGUE 486"),
    ClassifiedBy: ClassifiedBy("Ambassador"),
    Paragraph: Paragraph(1, None, "text", 30, 0, 4),
    Cable: Cable("", SOURCE),
}


def test_every_exported_record_is_covered() -> None:
    exported = {getattr(records, name) for name in records.__all__ if name != "LEVELS"}
    assert exported == set(SMALLEST)


@pytest.mark.parametrize("record", list(SMALLEST.values()), ids=lambda r: type(r).__name__)
def test_frozen(record: Any) -> None:
    first = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, first, getattr(record, first))


@pytest.mark.parametrize("record", list(SMALLEST.values()), ids=lambda r: type(r).__name__)
def test_slotted(record: Any) -> None:
    assert not hasattr(record, "__dict__")
    assert set(type(record).__slots__) == {f.name for f in dataclasses.fields(record)}
    with pytest.raises((AttributeError, TypeError)):
        record.not_a_field = 1


def test_records_are_values() -> None:
    assert Address("X", "RUEHC") == Address("X", "RUEHC")
    assert hash(Address("X", "RUEHC")) == hash(Address("X", "RUEHC"))
    assert Address("X", "RUEHC") != Address("X", "RUEHPG")
    assert dataclasses.replace(Section(1, 3), number=2) == Section(2, 3)


def test_defaults() -> None:
    assert Problem("c", "m").line is None
    assert Marking("C", "C") == Marking("C", "C", (), "", False, True)
    assert Source("a", "txt").row is None
    assert ContainerMeta() == ContainerMeta(None, None, None, None, None, ())
    assert DeLine("RUEHPG") == DeLine("RUEHPG", None, None, None, None, None)
    assert Address("N") == Address("N", None, None, None, None)
    assert Declassification() == Declassification(None, "", None, None, None)
    assert Reference(None, "t") == Reference(None, "t", None, "cable", None)
    assert ClassifiedBy("t") == ClassifiedBy("t", (), (), None)
    p = Paragraph(1, None, "text", 30, 0, 4)
    assert (p.marking_start, p.marking_end) == (None, None)


def test_cable_defaults_are_empty() -> None:
    cable = Cable("text", SOURCE)
    for f in dataclasses.fields(Cable):
        if f.name in ("text", "source"):
            continue
        value = getattr(cable, f.name)
        assert value is None or value == (), f.name
    assert cable.station is None and cable.station_serial is None
    assert cable.highest_marking is None
    assert cable.line_of("banner") is None


@pytest.mark.parametrize(
    ("marking", "rank"),
    [
        (Marking("U", "U"), 0),
        (Marking("SBU", "U", cui=True), 1),
        (Marking("LOU", "U", cui=True), 1),
        (Marking("C", "C"), 2),
        (Marking("S//NF", "S", ("NF",)), 3),
        (Marking("TS", "TS"), 4),
    ],
)
def test_marking_rank(marking: Marking, rank: int) -> None:
    assert marking.rank == rank


def test_levels_and_noforn() -> None:
    assert LEVELS == ("U", "C", "S", "TS")
    assert Marking("S//NF", "S", ("NF",)).noforn
    assert not Marking("S//REL TO USA, FVEY", "S", ("REL TO USA, FVEY",)).noforn
    assert not Marking("C", "C").noforn


def test_cable_station_and_line_of() -> None:
    cable = Cable(
        "",
        SOURCE,
        de=DeLine("RUEHPG", "0497"),
        field_lines=(("banner", 15), ("tags", 23), ("banner", 40)),
    )
    assert (cable.station, cable.station_serial) == ("RUEHPG", "0497")
    assert cable.line_of("tags") == 23
    assert cable.line_of("banner") == 15  # the first one found
    assert cable.line_of("subject") is None


def test_highest_marking_over_paragraphs_and_subject() -> None:
    c = Marking("C", "C")
    s = Marking("S//NF", "S", ("NF",))
    sbu = Marking("SBU", "U", cui=True)
    paragraphs = (
        Paragraph(1, sbu, "a", 1, 0, 1),
        Paragraph(2, None, "b", 2, 2, 3),
        Paragraph(3, c, "c", 3, 4, 5),
    )
    assert Cable("", SOURCE, paragraphs=paragraphs).highest_marking == c
    assert Cable("", SOURCE, paragraphs=paragraphs, subject_marking=s).highest_marking == s
    # the first of equal rank wins
    c2 = Marking("C", "C", raw="(C)")
    both = paragraphs + (Paragraph(4, c2, "d", 4, 6, 7),)
    assert Cable("", SOURCE, paragraphs=both).highest_marking is c
    assert Cable("", SOURCE, paragraphs=paragraphs[:1]).highest_marking == sbu
