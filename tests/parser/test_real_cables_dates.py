"""Real cables from ../shared/cables, their dates checked by hand against each text.

One case for each way a file dates its cable: the DTG, a page's metadata table, each layout
of a dumped record (the bare values one a line, a cables.csv row over several lines, a row
with tabs, a row with spaces, a row run into the banner), the DTG of a later section run
into the first, a dated line under the partial-extract note; and cables that hold no date,
dated by the year of their ID. The values were written down by reading the files (the DECL
dates on E.O. lines are no cable dates, and were passed over); nothing of the cables is
copied here but these values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from pathlib import Path

import pytest

from reader.model.jsonout import cable_to_dict
from reader.model.records import Cable, Source
from reader.parser.containers import cable_from_html, read_cables
from reader.review.citation import citation

pytestmark = pytest.mark.corpus


@dataclass(frozen=True)
class Case:
    path: str  # under ../shared/cables
    date: str  # "2004-07-26T07:22" for a day, "2004" for a year
    why: str  # where the date stands in the file

    @property
    def name(self) -> str:
        return Path(self.path).stem


CASES = [
    Case("text/2010/10ASUNCION71.txt", "2010-02-11T15:19",
         "the file's own header (O R 111519Z FEB 10, DE #0071), then a dumped record of"
         " another cable, 09ASUNCION13 of 9 January 2009"),
    Case("html/cable/1979/08/79TEHRAN8980.html", "1979-08-13T04:58",
         "DTG R 130458Z AUG 79; the page's Created (04:04) comes after it"),
    Case("html/cable/2002/11/02BRASILIA4227.html", "2002-11-22T12:12",
         "no DTG: the page's Created cell"),
    Case("text/2003/03THEHAGUE1865.txt", "2003-07-23T00:00",
         "bare-value record: 9608 / 2003-07-23 / 03THEHAGUE1865 one a line"),
    Case("text/2000/00THEHAGUE1695.txt", "2000-06-07T00:00",
         "bare-value record: 1113 / 2000-06-07 / 00THEHAGUE1695"),
    Case("text/2004/04THEHAGUE2735.txt", "2004-10-22T15:09",
         "cables.csv row dumped over several lines after the preview"),
    Case("text/2005/05DUSHANBE1870.txt", "2005-11-28T07:02",
         "a row with tabs: 46151, 11/28/2005 7:02, 05DUSHANBE1870"),
    Case("text/2005/05MANAMA1672.txt", "2005-11-14T10:58",
         "a row with tabs and no number: 2005-11-14 10:58:00, 05MANAMA1672"),
    Case("text/2004/04BRUSSELS4944.txt", "2004-11-19T15:41",
         "a row with spaces: 23064 11/19/2004 15:41 04BRUSSELS4944"),
    Case("text/2005/05PRAGUE337.txt", "2005-03-09T06:49",
         "a record's date run into the cable's banner: 3/9/2005 6:49 C O N F ... PRAGUE 000337"),
    Case("text/2005/05PRAGUE356.txt", "2005-03-10T16:26",
         "the same after the preview's dots: C..3/10/2005 16:26 C O N F ... PRAGUE 000356"),
    Case("text/2002/02ROME3639.txt", "2002-07-23T16:25",
         "section 2's header after PAGE 01 ROME 03639 02 OF 03: P 231625Z JUL 02 / FM"),
    Case("text/2000/00HARARE5461.txt", "2000-09-27T14:59",
         "section 2's header run into its INFO line: O 271459Z SEP 00 FM AMEMBASSY HARARE"),
    Case("body-with-html/00HARARE6677.txt", "2000-09-27T14:59",
         "the same text filed under another name: its own opening banner names 005461"),
    Case("text/2004/04DUBLIN1101.txt", "2004-07-26T07:22",
         "dated line: Monday, 26 July 2004, 07:22"),
    Case("text/2004/04RANGOON88.txt", "2004-01-20T09:44",
         "dated line: Tuesday, 20 January 2004, 09:44"),
    Case("text/2002/02ANKARA8852.txt", "2002",
         "partial extract without header, record or dated line; only DECL 12/04/2012"),
    Case("body-with-html/01PARIS11204.txt", "2001",
         "a body without header; only DECL 10/15/2011"),
]  # fmt: skip


@cache
def _load(root: str, path: str) -> Cable:
    cables = list(read_cables(Path(root) / path))
    assert len(cables) == 1
    return cables[0]


def _shown(c: Cable) -> str | None:
    if c.date is None:
        return None
    assert c.date.tzinfo is not None, "the date must be timezone-aware (UTC)"
    if c.date_precision == "year":
        return f"{c.date.year}"
    return c.date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def test_cases_are_well_formed() -> None:
    assert len(CASES) >= 10
    assert len({c.path for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_date(shared_cables: Path, case: Case) -> None:
    c = _load(str(shared_cables), case.path)
    assert _shown(c) == case.date, case.why
    assert c.date_precision == ("year" if len(case.date) == 4 else "day")
    d = cable_to_dict(c)
    assert d["date_precision"] == c.date_precision
    assert d["date"].startswith(case.date)


def test_the_older_page_layout_says_date(shared_cables: Path) -> None:
    """WikiLeaks' older page layout heads the metadata column "Date", not "Created"; the
    page here is a real one with its table headed the older way."""
    page = (shared_cables / "html/cable/2002/11/02BRASILIA4227.html").read_text("utf-8")
    older, n = re.subn(r"<th>\s*Created\s*</th>", "<th>Date</th>", page)
    assert n == 1
    c = cable_from_html(older, Source("02BRASILIA4227.html", "html"))
    assert c.meta is not None and c.meta.created is not None
    assert _shown(c) == "2002-11-22T12:12"
    assert c.date_precision == "day"


def test_citations_give_the_day_and_never_a_made_up_one(shared_cables: Path) -> None:
    dated = _load(str(shared_cables), "text/2004/04DUBLIN1101.txt")
    assert citation(dated).endswith(", 26 July 2004")
    year_only = _load(str(shared_cables), "text/2002/02ANKARA8852.txt")
    assert not re.search(r", \d{1,2} [A-Z][a-z]+ \d{4}$", citation(year_only))


def test_the_parse_summary_says_year_only(shared_cables: Path) -> None:
    from reader.cli import summary_lines

    year_only = _load(str(shared_cables), "text/2002/02ANKARA8852.txt")
    assert "  2002 (year only)  " in summary_lines(year_only)[0]
    dated = _load(str(shared_cables), "text/2004/04DUBLIN1101.txt")
    assert "  2004-07-26 07:22Z  " in summary_lines(dated)[0]
