"""The E.O. line's declassification date: the quick month-first path reads what dateutil reads."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil import parser as dateparser

from reader.core.preamble import parse_eo


def _dateutil_reading(month: int, day: int, year: str) -> date | None:
    """What the parser gave before it had a quick path: dateutil, month first."""
    full = int(year)
    if len(year) == 2:
        full += 1900 if full >= 50 else 2000
    try:
        return dateparser.parse(f"{month}/{day}/{full}", dayfirst=False).date()
    except (ValueError, OverflowError):
        return None


@pytest.mark.parametrize("year", ["07", "49", "50", "99", "2017", "1999", "2000", "0017", "1000"])
def test_declassification_dates_read_as_dateutil_reads_them(year: str) -> None:
    for month in range(15):
        for day in range(34):
            decl = parse_eo(f"E.O. 12958: DECL: {month}/{day}/{year}")
            assert decl is not None
            assert decl.date == _dateutil_reading(month, day, year), (month, day, year)


def test_day_first_dates_and_leap_days() -> None:
    assert parse_eo("E.O. 12958: DECL: 25/12/2015").date == date(2015, 12, 25)
    assert parse_eo("E.O. 12958: DECL: 02/29/2016").date == date(2016, 2, 29)
    assert parse_eo("E.O. 12958: DECL: 02/29/2017").date is None
