"""Results ranked by relevance: BM25 of the query's words, the subject weighted above the
body; the default sort of a query with words; snippets around the best passage."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_folders import postings_out_of_date
from handmade import (
    LATE_PASSAGE,
    ONCE,
    ONCE_ECON,
    RANKED,
    SUBJECT,
    THRICE,
    TIED,
    write_folder,
)

from reader.export.export_commands import export_main
from reader.index import view
from reader.index.commands import search_main
from reader.index.store import CorpusIndex, rank_expression
from reader.query.query import RELEVANCE, SORT_KEYS, Filter, default_sort, has_words
from reader.query.querysyntax import parse_query
from reader.query.snippets import Highlighter


@pytest.fixture(params=["postings", "sql"])
def ranked(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CorpusIndex]:
    """RANKED indexed, answered from the postings or (as while a refresh runs) by SQL."""
    write_folder(tmp_path / "cables", RANKED)
    index = CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache")
    index.refresh(workers=0)
    if request.param == "sql":
        postings_out_of_date(index)
    yield index
    index.close()


def _ids(index: CorpusIndex, f: Filter, **kw: int) -> list[str]:
    return [h.id for h in index.search(f, **kw)]


def test_a_cable_with_the_word_in_its_subject_ranks_above_those_with_it_in_the_body(
    ranked: CorpusIndex,
) -> None:
    found = _ids(ranked, Filter("livestock", sort=RELEVANCE))
    assert found[0] == SUBJECT
    assert sorted(found) == sorted([SUBJECT, ONCE, THRICE, ONCE_ECON])
    # by date, the subject one is second: the order above is relevance's own
    assert _ids(ranked, Filter("livestock", sort="date"))[0] == ONCE


def test_more_mentions_rank_higher(ranked: CorpusIndex) -> None:
    found = _ids(ranked, Filter("livestock", sort=RELEVANCE))
    assert found.index(THRICE) < found.index(ONCE)
    assert found.index(THRICE) < found.index(ONCE_ECON)


def test_descending_relevance_is_the_reverse(ranked: CorpusIndex) -> None:
    best_first = _ids(ranked, Filter("livestock OR beef", sort=RELEVANCE))
    worst_first = _ids(ranked, Filter("livestock OR beef", sort=RELEVANCE, descending=True))
    assert worst_first == best_first[::-1]


def test_relevance_with_facets_and_paging_gives_the_date_sorts_cables_in_a_stable_order(
    ranked: CorpusIndex,
) -> None:
    include = frozenset({("tag", "EAGR")})
    by_date = Filter("livestock OR minister", include, sort="date")
    best = Filter("livestock OR minister", include, sort=RELEVANCE)
    every = ranked.keys(best)
    assert sorted(every) == sorted(ranked.keys(by_date))
    assert len(every) == ranked.count(best) == 3
    assert ranked.hits(every[:1])[0].id == SUBJECT
    pages = [h.key for offset in range(0, 3) for h in ranked.search(best, offset=offset, limit=1)]
    assert pages == every
    assert ranked.keys(best) == every  # asked again: the same order
    # a facet excluded: the rest keep their order
    without = Filter(best.query, include, frozenset({("classification", "CONFIDENTIAL")}),
                     sort=RELEVANCE)  # fmt: skip
    assert ranked.keys(without) == [k for k in every if ranked.hits([k])[0].id != SUBJECT]


def test_cables_matching_without_the_words_follow_by_date(ranked: CorpusIndex) -> None:
    found = _ids(ranked, Filter("livestock OR tag:MNUC", sort=RELEVANCE))
    assert found[0] == SUBJECT
    assert sorted(found[:4]) == sorted([SUBJECT, ONCE, THRICE, ONCE_ECON])
    assert found[4:] == ["07MOSCOW2111", "09TOKYO900"]  # tag:MNUC alone, by date


@pytest.mark.parametrize("query", ["", "tag:EAGR", "-livestock", "-livestock tag:FR"])
def test_a_query_without_words_has_no_relevance_and_comes_by_date(
    ranked: CorpusIndex, query: str
) -> None:
    assert rank_expression(query) is None
    for descending in (False, True):
        by_date = ranked.keys(Filter(query, sort="date", descending=descending))
        assert ranked.keys(Filter(query, sort=RELEVANCE, descending=descending)) == by_date


def test_the_postings_and_sql_rank_alike(tmp_path: Path) -> None:
    write_folder(tmp_path / "cables", RANKED)
    index = CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache")
    index.refresh(workers=0)
    queries = ["livestock", "livestock OR minister", '"the unions" OR beef*', "minister -beef"]
    fast = [index.keys(Filter(q, sort=RELEVANCE)) for q in queries]
    postings_out_of_date(index)
    with CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache") as sql:
        assert [sql.keys(Filter(q, sort=RELEVANCE)) for q in queries] == fast
    index.close()


@pytest.mark.parametrize("head", [500, 6])
@pytest.mark.parametrize("include", [frozenset(), frozenset({("tag", "EAGR")})])
def test_the_first_pages_picked_from_the_scores_are_those_of_the_whole_order(
    tmp_path: Path, include: frozenset[tuple[str, str]], head: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first page is picked from the scores without sorting every cable (view._top), or
    from the head of the order kept for the words (view._head: a head of 6 here, which the
    12 cables tied at the best score make 12): the same cables in the same order as the
    whole relevance order, ties and all."""
    monkeypatch.setattr(view, "HEAD_KEPT", head)
    write_folder(tmp_path / "cables", TIED)
    index = CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache")
    index.refresh(workers=0)
    conn = sqlite3.connect(index.db_path)
    scores = [s for (s,) in conn.execute(
        "SELECT bm25(ft, 1.0, 10.0) FROM ft WHERE ft MATCH 'livestock'")]  # fmt: skip
    conn.close()
    assert 12 <= len(scores) and len(set(scores)) == 3  # many cables tie
    queries = ["livestock", "livestock OR farm", "farm -livestock", "livestock OR tag:ECON"]
    pages: dict[str, list[list[int]]] = {}
    for q in queries:  # pages first: no whole order is kept yet
        f = Filter(q, include, sort=RELEVANCE)
        n = index.count(f)
        pages[q] = [
            [h.key for h in index.search(f, offset=offset, limit=size)]
            for size in (1, 5, 7, 100)
            for offset in range(0, n + size, size)
        ]
    whole = {q: index.keys(Filter(q, include, sort=RELEVANCE)) for q in queries}
    for q in queries:
        expected = [
            whole[q][offset : offset + size]
            for size in (1, 5, 7, 100)
            for offset in range(0, len(whole[q]) + size, size)
        ]
        assert pages[q] == expected, q
    postings_out_of_date(index)  # the SQL path orders by score and date in SQLite
    with CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache") as sql:
        assert {q: sql.keys(Filter(q, include, sort=RELEVANCE)) for q in queries} == whole
        assert [h.key for h in sql.search(Filter("livestock", include, sort=RELEVANCE),
                                          limit=5)] == whole["livestock"][:5]  # fmt: skip
    index.close()


def test_relevance_after_cables_are_changed_and_removed(tmp_path: Path) -> None:
    """The full text takes a cable out given its subject and text as they went in; what
    a refresh removes or replaces leaves no trace in the ranking."""
    paths = write_folder(tmp_path / "cables", RANKED)
    with CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        assert _ids(index, Filter("livestock", sort=RELEVANCE))[0] == SUBJECT
        paths[SUBJECT].write_text(
            paths[SUBJECT].read_text().replace("LIVESTOCK QUOTAS", "GRAIN QUOTAS"),
            encoding="utf-8",
        )
        paths[THRICE].unlink()
        index.refresh(workers=0)
        assert sorted(_ids(index, Filter("livestock", sort=RELEVANCE))) == [ONCE, ONCE_ECON]
        assert _ids(index, Filter("grain", sort=RELEVANCE)) == [SUBJECT]
        assert index._conn.execute("INSERT INTO ft(ft) VALUES ('integrity-check')").fetchall() == []
        # most of the folder removed: the full text is made again from what is left
        for spec_id, path in paths.items():
            if spec_id not in (ONCE, SUBJECT) and path.exists():
                path.unlink()
        index.refresh(workers=0)
        assert _ids(index, Filter("livestock OR grain", sort=RELEVANCE)) == [SUBJECT, ONCE]


@pytest.mark.parametrize(
    ("query", "sort"),
    [
        ("livestock", RELEVANCE),
        ('"prime minister"', RELEVANCE),
        ("minist*", RELEVANCE),
        ("beef -whaling tag:ECON", RELEVANCE),
        ("07PRAGUE497", RELEVANCE),
        ("", "date"),
        ("-beef", "date"),
        ("tag:PREL", "date"),
        ("tag:PREL -beef from:tokyo", "date"),
        ("NOT (beef OR radar)", "date"),
    ],
)
def test_the_default_sort_is_relevance_when_the_query_has_words(query: str, sort: str) -> None:
    assert default_sort(query) == sort
    assert has_words(query) == (sort == RELEVANCE)
    assert sort in SORT_KEYS


def test_search_and_export_sort_by_relevance_unless_told_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, cache = tmp_path / "cables", tmp_path / "cache"
    write_folder(folder, RANKED)
    common = ["--json", "--cache-dir", str(cache), "--workers", "0"]

    def search(*args: str) -> list[str]:
        assert search_main([str(folder), *args, *common]) == 0
        return [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]

    assert search("livestock")[0] == SUBJECT
    assert search("livestock", "--sort", "date")[0] == ONCE
    assert search("livestock", "--sort", "relevance", "--descending")[-1] == SUBJECT
    assert search("tag:EAGR") == [ONCE, SUBJECT, THRICE]  # no words: by date
    out = tmp_path / "out.jsonl"
    argv = [str(folder), "livestock", "--format", "jsonl", "-o", str(out), "--no-refresh"]
    assert export_main([*argv, "--cache-dir", str(cache)]) == 0
    exported = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert exported[0] == SUBJECT and len(exported) == 4
    assert export_main([*argv, "--cache-dir", str(cache), "--sort", "date", "-o", str(out)]) == 0
    assert json.loads(out.read_text().splitlines()[0])["id"] == ONCE


# -- snippets: the best passage ------------------------------------------------------------


def _passage(query: str, text: str, width: int = 60) -> str:
    snippet, matches = Highlighter(parse_query(query), width=width).snippet(text)
    assert matches, snippet
    return snippet


FILLER = "nothing of note was said at the meeting. " * 6


def test_a_snippet_shows_the_passage_with_the_most_distinct_terms() -> None:
    text = f"Iran was mentioned. {FILLER}Iran and its nuclear program came up. {FILLER}"
    snippet = _passage('iran "nuclear program"', text)
    assert "nuclear program" in snippet and not snippet.startswith("Iran was")


def test_of_passages_with_as_many_terms_the_earliest() -> None:
    text = f"First: iran and sanctions. {FILLER}Second: iran and sanctions."
    assert _passage("iran sanctions", text).startswith("First:")


def test_one_term_many_times_the_first_mention() -> None:
    text = f"{FILLER}Beef was first. {FILLER}beef beef beef beef. {FILLER}"
    snippet = _passage("beef", text)
    assert "Beef was first" in snippet


def test_the_same_word_twice_is_not_two_terms() -> None:
    text = f"Beef here. {FILLER}Beef and rice there."
    assert "rice" in _passage("beef beef rice", text)
    assert _passage("beef beef", text).startswith("Beef here")


def test_a_snippet_on_the_index_shows_the_best_passage(ranked: CorpusIndex) -> None:
    hits = ranked.search(Filter('minister "the unions"', sort=RELEVANCE), limit=10)
    assert LATE_PASSAGE in [h.id for h in hits]
    for hit in hits:  # each has both terms in one sentence: that sentence is shown
        words = hit.snippet.lower()
        assert "minister" in words and "unions" in words, hit.snippet
