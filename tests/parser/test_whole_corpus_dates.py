"""Every cable under ../shared/cables whose file holds a date gets it, and every cable gets at
least its year.

Whether a file "holds a date" is decided here by plain patterns over the raw file, written
apart from the parser's searches (reader/parser/dates.py, the header, the containers): a DTG
that opens a header (followed by FM), a page's metadata table, a cables.csv row or another
dumped record (its date next to an ID), the bare-value record, ``Cable dated:``, a dated line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.model.records import Cable

if TYPE_CHECKING:
    from conftest import ParsedFile  # the session's parsed files (tests/conftest.py)

pytestmark = pytest.mark.corpus

_MONTHS = {
    m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())
}
_MONTH_WORDS = (
    "January February March April May June July August September October November December"
)
_LONG_MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_WORDS.split())}

#: a DTG that opens a routing header: FM follows (on the next line or run together)
DTG_THEN_FM = re.compile(
    r"\b[ZOPR](?:\s+[ZOPR])?\s+(\d\d)\d{4}Z\s+([A-Z]{3})\s+(\d{4}|\d\d)\s+(?:ZDK\s+)?FM\s"
)
#: the page's metadata table: the Created (or, in the older layout, Date) cell's value
PAGE_DATE = re.compile(
    r"<th>\s*(?:Created|Date)\s*</th>.*?</tr>\s*<tr>\s*<td>.*?</td>\s*<td>\s*(?:<a[^>]*>)?"
    r"\s*(\d{4})-(\d\d)-(\d\d)",
    re.DOTALL | re.IGNORECASE,
)
#: (the next three are followed by the file's own ID: a record of another cable, dumped or
#: quoted in this one, does not date it)
#: a cables.csv date next to the ID, as rows are written or dumped (commas, tabs, spaces)
MDY_NEXT_TO_ID = r"(\d{1,2})/(\d{1,2})/(\d{4}) \d{1,2}:\d\d\"?[\s,\"]{1,4}"
#: an ISO date (with or without a time) next to an ID, one a line or on one line
ISO_NEXT_TO_ID = r"(?m)^\s*(\d{4})-(\d\d)-(\d\d)(?: \d\d:\d\d(?::\d\d)?)?\s{1,8}"
#: the "> / date / ID" record and "date: ... / refid:" record
DMY_NEXT_TO_ID = r"(?m)^(\d\d)\.(\d\d)\.(\d{4}) \d\d:\d\d\s*\n"
KEY_DATE = re.compile(r"(?m)^date:[ \t]*(\d{1,2})/(\d{1,2})/(\d{4})[^\n]*\nrefid:")
CABLE_DATED = re.compile(r"(?im)^\s*Cable dated\s*:\s*(\d{4})-(\d\d)-(\d\d)")
#: a cables.csv date before the cable's banner on one line (a record dumped after a preview)
MDY_BEFORE_BANNER = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) \d{1,2}:\d\d (?:[A-Z] ){6,}")
DATED_LINE = re.compile(
    r"(?m)^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\d\d?) ([A-Z][a-z]+) (\d{4}), "
    r"\d\d?:\d\d\s*$"
)


def held_dates(raw: str, file_id: str) -> set[date]:
    """Every date the file holds in a place that dates the cable; ``file_id`` is the ID the
    file is named by."""
    found: set[date] = set()
    own = re.escape(file_id) + r"\b"

    def add(y: int, m: int, d: int) -> None:
        try:
            found.add(date(y, m, d))
        except ValueError:
            pass

    for m in DTG_THEN_FM.finditer(raw):
        year = int(m.group(3))
        year += 0 if year > 99 else (1900 if year >= 50 else 2000)
        if m.group(2) in _MONTHS:
            add(year, _MONTHS[m.group(2)], int(m.group(1)))
    for pattern in (PAGE_DATE, re.compile(ISO_NEXT_TO_ID + own), CABLE_DATED):
        for m in pattern.finditer(raw):
            add(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for pattern in (re.compile(MDY_NEXT_TO_ID + own), KEY_DATE, MDY_BEFORE_BANNER):
        for m in pattern.finditer(raw):
            add(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    for m in re.finditer(DMY_NEXT_TO_ID + own, raw):
        add(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    for m in DATED_LINE.finditer(raw):
        if m.group(2) in _LONG_MONTHS:
            add(int(m.group(3)), _LONG_MONTHS[m.group(2)], int(m.group(1)))
    return found


@dataclass
class Dated:
    path: Path
    held: set[date]
    cables: list[Cable]


@pytest.fixture(scope="module")
def dated(parsed_files: list[ParsedFile]) -> list[Dated]:
    return [
        Dated(f.path, held_dates(f.raw, f.path.stem.upper()), f.cables)
        for f in parsed_files
        if f.cables is not None
    ]


def test_every_cable_whose_file_holds_a_date_gets_it(dated: list[Dated]) -> None:
    holding = [d for d in dated if d.held]
    # most files hold a date: the check itself finds them
    assert len(holding) > 0.6 * len(dated)
    wrong = [
        (d.path.name, c.date, sorted(d.held))
        for d in holding
        for c in d.cables
        if c.date_precision != "day" or c.date is None or c.date.date() not in d.held
    ]
    assert wrong == []


def test_every_cable_gets_at_least_its_year(dated: list[Dated]) -> None:
    undated = [d.path.name for d in dated for c in d.cables if c.date is None]
    assert undated == []
    # a year-only date is the year of the cable's ID
    for d in dated:
        for c in d.cables:
            if c.date_precision == "year":
                assert c.date is not None and c.id is not None
                assert f"{c.date.year % 100:02d}" == c.id[:2], d.path.name
                assert (c.date.month, c.date.day, c.date.hour) == (1, 1, 0)


def test_year_only_dates_only_where_the_file_holds_none(dated: list[Dated]) -> None:
    year_only = [d for d in dated for c in d.cables if c.date_precision == "year"]
    assert year_only, "the release has cables dated by nothing but their ID"
    assert all(not d.held for d in year_only)
