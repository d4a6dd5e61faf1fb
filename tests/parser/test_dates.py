"""reader.parser.dates: the cable's date and the year its references are read in."""

from __future__ import annotations

from datetime import UTC, datetime

from reader.model.records import ContainerMeta
from reader.parser.dates import cable_date, cable_year, year_of_id

_DTG = datetime(2007, 7, 16, 16, 51, tzinfo=UTC)
_CREATED = datetime(2006, 3, 9, tzinfo=UTC)


def test_year_of_id():
    assert year_of_id("04THEHAGUE1865") == 2004
    assert year_of_id("75STATE1") == 1975
    assert year_of_id("PARIS2725") is None
    assert year_of_id(None) is None


def test_cable_year_is_the_dtgs_then_the_containers_then_the_file_names():
    meta = ContainerMeta(created=_CREATED)
    assert cable_year(_DTG, meta, "08ROME1.txt") == 2007
    assert cable_year(None, meta, "08ROME1.txt") == 2006
    assert cable_year(None, None, "dir/98ROME1.txt") == 1998
    assert cable_year(None, None, "notes.txt") is None


def test_cable_date_is_the_dtg_then_the_containers_date():
    meta = ContainerMeta(created=_CREATED)
    assert cable_date("", "07PARIS2725", _DTG, meta, "x.txt", "2725") == (_DTG, "day")
    assert cable_date("", "07PARIS2725", None, meta, "x.txt", "2725") == (_CREATED, "day")


def test_without_a_date_the_year_of_the_id_or_the_file_name():
    assert cable_date("no date here", "07PARIS2725", None, None, "x.txt", None) == (
        datetime(2007, 1, 1, tzinfo=UTC),
        "year",
    )
    assert cable_date("no date here", None, None, None, "dir/98ROME1.txt", None) == (
        datetime(1998, 1, 1, tzinfo=UTC),
        "year",
    )
    assert cable_date("no date here", None, None, None, "notes.txt", None) == (None, None)
