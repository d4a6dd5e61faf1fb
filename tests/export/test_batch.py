"""Tests for reader.export.batch: reading term lists, one term's filter, a batch search over
the eight hand-made cables of handmade.SMALL, and the CSV of the results.

The expected counts, dates, posts and TAGS are read off the SMALL specs by hand: "minister"
is in 07PRAGUE497 ("Prime Minister"), 07MOSCOW2200 ("Prime Minister Putin") and
08BUENOSAIRES250 ("The foreign minister"), not in "ministers" or "Ministry" (no stemming);
each cable's DTG is 15:01 Zulu on its day.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from handmade import write_folder

from reader.export.batch import (
    TOP,
    BatchResult,
    Term,
    batch_search,
    read_terms,
    term_filter,
    write_csv,
)
from reader.index.store import CorpusIndex
from reader.query.query import Filter


def _at(day: str) -> datetime:
    y, m, d = (int(x) for x in day.split("-"))
    return datetime(y, m, d, 15, 1)  # the index gives UTC times without a zone (rows.number_date)


# --------------------------------------------------------------------------- read_terms


def test_text_terms_one_a_line(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text(
        '\ufeff# people\nKlaus\n\n  Putin  \n# places\n"Buenos Aires"\nfrom:tokyo beef\n',
        encoding="utf-8",
    )
    assert read_terms(path) == [
        Term("Klaus"),
        Term("Putin"),
        Term('"Buenos Aires"'),
        Term("from:tokyo beef"),
    ]


def test_csv_terms_with_labels(tmp_path: Path) -> None:
    path = tmp_path / "terms.CSV"
    path.write_text(" Label ,TERM\nPresident,Klaus\n,putin\nnobody,\n", encoding="utf-8-sig")
    assert read_terms(path) == [Term("Klaus", "President"), Term("putin", "")]


def test_csv_terms_without_labels(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("term,other\nradar,x\n", encoding="utf-8")
    assert read_terms(path) == [Term("radar")]


def test_csv_without_a_term_column(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("name\nKlaus\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs a 'term' column"):
        read_terms(path)


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        # an open quote took the rest of the file in as one term ("iran,x\n...")
        ('"iran,x\nputin\n', "line 3: unexpected end of data"),
        # a quoted phrase followed by a word lost its quotes: "prime minister iran"
        ('"prime minister" iran\n', "line 2: ',' expected after '\"'"),
    ],
)
def test_a_csv_of_terms_with_a_broken_quote_is_refused_with_its_line(
    tmp_path: Path, rows: str, why: str
) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("term\n" + rows, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{path}, {why}")) as refused:
        read_terms(path)
    # and how to write a term with quotes in a CSV
    assert '""prime minister"" iran' in str(refused.value)
    path.write_text('term\n"""prime minister"" iran"\n', encoding="utf-8")
    assert read_terms(path) == [Term('"prime minister" iran')]


def test_terms_saved_as_unicode_text_by_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_bytes("Klaus\r\nMédecins\r\n".encode("utf-16"))  # with its byte-order mark
    assert read_terms(path) == [Term("Klaus"), Term("Médecins")]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: None, "no such file or folder"),
        (lambda p: p.mkdir(), "it is a folder, not a file"),
        # a named pipe would be waited on for ever by an open: it is never opened
        (lambda p: os.mkfifo(p), "it is a named pipe (FIFO), not a regular file"),
        (lambda p: p.write_bytes(b"Klaus\n\xff\xfe\x00junk"), "it is not UTF-8 text"),
        # the byte-order mark of UTF-16, then no UTF-16 (an odd number of bytes)
        (lambda p: p.write_bytes(b"\xff\xfe\x00junk"), "it is not UTF-16 text"),
    ],
)
def test_terms_that_cannot_be_read_are_named_with_the_reason(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    path = tmp_path / "names.txt"
    make(path)
    with pytest.raises(ValueError, match=re.escape(f"{path}: {reason}")):
        read_terms(path)


# --------------------------------------------------------------------------- term_filter


def test_term_filter_inside_the_current_filters() -> None:
    within = Filter(
        "nuclear OR radar",
        include=frozenset({("tag", "PREL")}),
        exclude=frozenset({("origin", "Embassy Tokyo")}),
        sort="date",
        descending=True,
    )
    f = term_filter(Term("putin OR klaus"), within)
    assert f == Filter(
        "(putin OR klaus) (nuclear OR radar)",
        within.include,
        within.exclude,
        "date",
        True,
    )
    assert term_filter(Term("putin"), Filter("  ")).query == "(putin)"


# --------------------------------------------------------------------------- batch_search


def test_batch_search_counts_dates_posts_and_tags(small_index: CorpusIndex) -> None:
    terms = [Term("minister"), Term("beef", "food"), Term("zzzzz")]
    calls: list[tuple[int, int]] = []
    minister, beef, nothing = batch_search(
        small_index, terms, progress=lambda n, total: calls.append((n, total))
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]

    assert (minister.term, minister.count) == (Term("minister"), 3)
    assert (minister.first, minister.last) == (_at("2007-05-07"), _at("2008-03-03"))
    assert set(minister.top_origins) == {
        ("Embassy Prague", 1),
        ("Embassy Moscow", 1),
        ("Embassy Buenos Aires", 1),
    }
    # PREL is in 07PRAGUE497 and 08BUENOSAIRES250; every other tag in one of the three
    assert minister.top_tags[0] == ("PREL", 2)
    assert len(minister.top_tags) == TOP and all(n == 1 for _, n in minister.top_tags[1:])

    assert (beef.term, beef.count) == (Term("beef", "food"), 2)  # 08BUENOSAIRES100, 09TOKYO901
    assert (beef.first, beef.last) == (_at("2008-01-20"), _at("2009-12-01"))
    assert set(beef.top_origins) == {("Embassy Buenos Aires", 1), ("Embassy Tokyo", 1)}
    assert beef.top_tags[0] == ("ECON", 2)
    assert set(beef.top_tags[1:]) == {("AR", 1), ("JA", 1)}

    assert nothing == BatchResult(
        Term("zzzzz"),
        0,
        None,
        None,
        (),
        (),
        ("zzzzz is in no cable of these, so it matches nothing.",),
    )


def test_batch_search_within_filters(small_index: CorpusIndex) -> None:
    (beef,) = batch_search(small_index, [Term("beef")], Filter("whaling"))
    assert beef.count == 1
    assert beef.first == beef.last == _at("2009-12-01")
    assert beef.top_origins == (("Embassy Tokyo", 1),)
    assert beef.top_tags == (("ECON", 1), ("JA", 1))


def test_a_term_with_an_open_quote_or_a_stray_close_keeps_the_filters(
    small_index: CorpusIndex,
) -> None:
    # typed alone, '"prime minister' is closed at its end; inside the filters it took them
    # into its phrase ("prime minister) (tag:PREL") and found nothing
    within = Filter("tag:PREL")
    alone = small_index.count(Filter('"prime minister" tag:PREL'))
    assert alone == 1  # 07PRAGUE497
    (quoted, closed) = batch_search(
        small_index, [Term('"prime minister'), Term("minister)")], within
    )
    assert quoted.count == alone
    # and a stray ")" in a term leaves the filters whole
    assert closed.count == small_index.count(Filter("minister tag:PREL")) == 2


def test_batch_search_stops_when_cancelled(small_index: CorpusIndex) -> None:
    done: list[BatchResult] = []
    for result in batch_search(
        small_index, [Term("beef"), Term("radar"), Term("putin")], cancelled=lambda: len(done) == 2
    ):
        done.append(result)
    assert [(r.term.query, r.count) for r in done] == [("beef", 2), ("radar", 2)]


# --------------------------------------------------------------------------- write_csv


def test_write_csv() -> None:
    results = [
        BatchResult(
            Term("minister", "=cmd|x"),
            3,
            _at("2007-05-07"),
            _at("2008-03-03"),
            (("Embassy Prague", 2), ("Embassy Moscow", 1)),
            (("PREL", 2), ("EZ", 1)),
        ),
        BatchResult(Term("zzzzz"), 0, None, None, (), ()),
    ]
    out = io.StringIO()
    write_csv(results, out)
    assert out.getvalue() == (
        "Term,Label,Cables,First,Last,Top posts,Top TAGS\r\n"
        "minister,'=cmd|x,3,2007-05-07,2008-03-03,Embassy Prague (2); Embassy Moscow (1),"
        "PREL (2); EZ (1)\r\n"
        "zzzzz,,0,,,,\r\n"
    )


def test_an_undated_cable_counts_but_never_dates_a_term(tmp_path: Path) -> None:
    """A text with no date anywhere (no DTG, no ID in its name) sorts first by date: the
    first and last dates come from the dated cables alone."""
    folder = tmp_path / "cables"
    write_folder(folder)
    (folder / "notes.txt").write_text("Notes of a lunch.\n\nThe beef was good.\n", encoding="utf-8")
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        (beef,) = batch_search(index, [Term("beef")])
    assert beef.count == 3
    assert (beef.first, beef.last) == (_at("2008-01-20"), _at("2009-12-01"))


def test_a_cable_of_which_only_the_year_is_known_dates_a_term_by_its_year(
    tmp_path: Path,
) -> None:
    """Only its ID (04ROME100) gives the year: it sorts before the first day of 2004, and a
    term's first date is its year, not a 1 January no cable is dated."""
    folder = tmp_path / "cables"
    write_folder(folder)
    (folder / "04ROME100.txt").write_text(
        "C O N F I D E N T I A L ROME 000100\n\nSUBJECT: THE BEEF QUESTION\n\n"
        "1. (C) The beef was good.\n",
        encoding="utf-8",
    )
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        (beef,) = batch_search(index, [Term("beef")])
    assert beef.count == 3
    assert (beef.first_shown, beef.last_shown) == ("2004", "2009-12-01")
    out = io.StringIO()
    write_csv([beef], out)
    assert ",3,2004,2009-12-01," in out.getvalue()
