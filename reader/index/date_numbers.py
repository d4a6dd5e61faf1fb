"""Dates as the index stores them: YYYYMMDDHHMM numbers, which sort like the dates and are
cheap to compare in SQL (a module of its own: a search reads them back without importing the
rest of what the index keeps of a cable, rows.py)."""

from __future__ import annotations

from datetime import datetime

__all__ = ["date_number", "number_date", "number_precision", "year_number"]


def date_number(d: datetime) -> int:
    """2007-05-07 15:01 -> 200705071501: sorts like the date, cheap to compare in SQL."""
    return ((d.year * 100 + d.month) * 100 + d.day) * 10000 + d.hour * 100 + d.minute


def year_number(year: int) -> int:
    """A date of which only the year is known: 2004 -> 200400000000 (month and day 00), which
    sorts before the year's first day and is told from a whole date by ``n % 100000000``."""
    return year * 100000000


def number_precision(n: int | None) -> str | None:
    """The precision of a date number (see year_number): "day", "year", or None."""
    if n is None:
        return None
    return "day" if n % 100000000 else "year"


def number_date(n: int | None) -> datetime | None:
    """The datetime of a date number; January 1 of the year for a year-only one."""
    if n is None:
        return None
    if n % 100000000 == 0:
        return datetime(n // 100000000, 1, 1)
    day, hm = divmod(n, 10000)
    ym, dd = divmod(day, 100)
    yy, mm = divmod(ym, 100)
    return datetime(yy, mm, dd, hm // 100, hm % 100)
