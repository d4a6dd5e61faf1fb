"""Dates in the index: a cable of which only the year is known counts for its year (date:2004,
the year facet, the histogram's 2004 bar) and never for a range of days or months within it;
a cable that nothing dates has the year and month "undated"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from handmade import Spec, cable_text, ids

from reader.index.date_numbers import number_date, number_precision, year_number
from reader.index.store import CorpusIndex
from reader.query.query import UNDATED, Filter

_PARTIAL = "This record is a partial extract of the original cable."

#: dated by their DTG
MARCH = Spec("ROME", 200, "2004-03-10")
LATE = Spec("ROME", 900, "2005-02-03")
#: no DTG, no metadata, no date in the text: only the ID (from the file name) gives its year
YEAR_ONLY = "04ROME100"
#: no DTG, but the dated line some sites print under the partial-extract note
DATED_LINE = "04ROME300"
#: nothing dates it: no ID-like file name, no banner serial, no date anywhere
UNDATED_FILE = "notes.txt"


def _write(folder: Path) -> None:
    folder.mkdir(parents=True)
    for spec in (MARCH, LATE):
        (folder / f"{spec.id}.txt").write_text(cable_text(spec), encoding="utf-8")
    (folder / f"{YEAR_ONLY}.txt").write_text(
        f"{_PARTIAL}\n\nC O N F I D E N T I A L ROME 000100\n\nSIPDIS\n\n"
        "SUBJECT: A CABLE WITHOUT A DATE\n\n1. (C) Nothing in it says when.\n",
        encoding="utf-8",
    )
    (folder / f"{DATED_LINE}.txt").write_text(
        f"{_PARTIAL}\n\nMonday, 26 July 2004, 07:22\nC O N F I D E N T I A L ROME 000300\n\n"
        "SUBJECT: A CABLE DATED BY A LINE\n\n1. (C) The line above dates it.\n",
        encoding="utf-8",
    )
    (folder / UNDATED_FILE).write_text(
        "C O N F I D E N T I A L\n\n1. (C) A note that names no cable and no date.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module", params=["postings", "sql"])
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CorpusIndex]:
    from corpus_folders import postings_out_of_date

    root = tmp_path_factory.mktemp("dates")
    _write(root / "cables")
    index = CorpusIndex.open(root / "cables", cache_dir=root / "cache")
    index.refresh(workers=0)
    yield postings_out_of_date(index) if request.param == "sql" else index
    index.close()


def test_the_folder_is_dated_as_written(index: CorpusIndex) -> None:
    hits = {h.id: h for h in index.search(Filter())}
    assert set(hits) == {MARCH.id, LATE.id, YEAR_ONLY, DATED_LINE, ""}
    assert (hits[YEAR_ONLY].date, hits[YEAR_ONLY].date_precision) == (datetime(2004, 1, 1), "year")
    assert (hits[DATED_LINE].date, hits[DATED_LINE].date_precision) == (
        datetime(2004, 7, 26, 7, 22),
        "day",
    )
    assert (hits[MARCH.id].date, hits[MARCH.id].date_precision) == (
        datetime(2004, 3, 10, 15, 1),
        "day",
    )
    assert (hits[""].date, hits[""].date_precision) == (None, None)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # the year, however asked: date:, year:, the histogram's bar (its months dragged)
        ("date:2004", [YEAR_ONLY, MARCH.id, DATED_LINE]),
        ("year:2004", [YEAR_ONLY, MARCH.id, DATED_LINE]),
        ("date:2004-01..2004-12", [YEAR_ONLY, MARCH.id, DATED_LINE]),
        ("date:2004..2005", [YEAR_ONLY, MARCH.id, DATED_LINE, LATE.id]),
        # days or months within the year: only what is known to fall in them
        ("date:2004-03", [MARCH.id]),
        ("month:2004-03", [MARCH.id]),
        ("date:2004-01..2004-06", [MARCH.id]),
        ("date:2004-03-01..2004-12-31", [MARCH.id, DATED_LINE]),
        ("date:2004-03-05..2004-07-30", [MARCH.id, DATED_LINE]),
        ("date:2004-07-26", [DATED_LINE]),
        ("date:..2004-06-30", [MARCH.id]),
        ("date:2004-03-10..", [MARCH.id, DATED_LINE, LATE.id]),
        # a day range holding the whole year holds the cable too
        ("date:2003-12-31..2005-01-01", [YEAR_ONLY, MARCH.id, DATED_LINE]),
        ("date:2004-01-01..", [YEAR_ONLY, MARCH.id, DATED_LINE, LATE.id]),
        ("date:..2004-12-31", [YEAR_ONLY, MARCH.id, DATED_LINE]),
        ("date:2005", [LATE.id]),
    ],
)
def test_date_terms(index: CorpusIndex, query: str, expected: list[str]) -> None:
    assert ids(index, query) == sorted(expected)


def test_the_year_facet_counts_year_only_cables_and_the_undated(index: CorpusIndex) -> None:
    facets = index.facets(Filter())
    assert [(v.value, v.count) for v in facets["year"]] == [
        ("2004", 3),
        ("2005", 1),
        (UNDATED, 1),
    ]
    # the month of a year-only cable is its year alone; the histogram puts it in that year
    assert [(v.value, v.count) for v in facets["month"]] == [
        ("2004", 1),
        ("2004-03", 1),
        ("2004-07", 1),
        ("2005-02", 1),
        (UNDATED, 1),
    ]


def test_selecting_a_year_or_undated(index: CorpusIndex) -> None:
    assert ids(index, include=frozenset({("year", "2004")})) == sorted(
        [YEAR_ONLY, MARCH.id, DATED_LINE]
    )
    assert ids(index, include=frozenset({("year", UNDATED)})) == [""]
    assert ids(index, exclude=frozenset({("year", UNDATED)})) == sorted(
        [YEAR_ONLY, MARCH.id, DATED_LINE, LATE.id]
    )
    # facet counts under a day range leave the year-only cable out
    counts = index.facets(Filter("date:2004-03-01..2004-12-31"))
    assert [(v.value, v.count) for v in counts["year"]] == [("2004", 2)]


def test_year_only_sorts_before_the_days_of_its_year(index: CorpusIndex) -> None:
    order = [h.id for h in index.search(Filter(sort="date"))]
    assert order == ["", YEAR_ONLY, MARCH.id, DATED_LINE, LATE.id]


def test_date_numbers() -> None:
    assert year_number(2004) == 200400000000
    assert number_date(year_number(2004)) == datetime(2004, 1, 1)
    assert number_precision(year_number(2004)) == "year"
    assert number_precision(200403101501) == "day"
    assert number_date(200403101501) == datetime(2004, 3, 10, 15, 1)
    assert number_precision(None) is None


def test_search_command_gives_a_year_only_date_as_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from reader.index.commands import search_main

    _write(tmp_path / "cables")
    argv = [str(tmp_path / "cables"), "date:2004", "--json", "--sort", "date"]
    assert search_main([*argv, "--cache-dir", str(tmp_path / "cache"), "--workers", "0"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert [(h["id"], h["date"], h["date_precision"]) for h in hits] == [
        (YEAR_ONLY, "2004", "year"),
        (MARCH.id, "2004-03-10T15:01:00", "day"),
        (DATED_LINE, "2004-07-26T07:22:00", "day"),
    ]
    argv = [str(tmp_path / "cables"), "date:2004", "--sort", "date"]
    assert search_main([*argv, "--cache-dir", str(tmp_path / "cache"), "--workers", "0"]) == 0
    assert f"{YEAR_ONLY:<22} 2004  " in capsys.readouterr().out
