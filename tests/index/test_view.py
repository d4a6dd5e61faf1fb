"""reader/index/view.py on its own: the read side over a database the write side
(refresh.Refresh) made, on connections of the test's own (no CorpusIndex facade)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from handmade import SMALL, TIED, Spec, write_folder

from reader.index import view as view_module
from reader.index.database import check_cache_files, index_path, open_database
from reader.index.postings import bits_of
from reader.index.refresh import Refresh
from reader.index.view import IndexView, rank_expression
from reader.query.query import Filter

#: a cable that cites one of SMALL (07PRAGUE497) and says "beef"
LATE = Spec("PRAGUE", 777, "2010-02-02", "C", tags=("PREL", "ZZTAG"), refs=("07 PRAGUE 497",),
            paragraphs=(("C", "More beef for the embassy."),))  # fmt: skip


def _connect(folder: Path, cache: Path) -> sqlite3.Connection:
    path = index_path(folder.resolve(), cache)
    check_cache_files(path)  # (makes the cache's folders)
    return open_database(path, folder.resolve(), [])


def _refresh(conn: sqlite3.Connection, folder: Path, cache: Path) -> None:
    root = folder.resolve()
    Refresh(conn, root, index_path(root, cache), []).run(None, None, 0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cables"
    write_folder(folder)
    return folder


@pytest.fixture
def view(folder: Path, tmp_path: Path) -> Iterator[IndexView]:
    conn = _connect(folder, tmp_path / "cache")
    _refresh(conn, folder, tmp_path / "cache")
    yield IndexView(folder.resolve(), conn)
    conn.close()


def _ids(view: IndexView, f: Filter) -> list[str]:
    return [h.id for h in view.hits(view.keys(f))]


def test_it_answers_what_the_write_side_wrote(view: IndexView) -> None:
    assert view.total() == len(SMALL) == view.count(Filter()) == view.file_count()
    assert sorted(_ids(view, Filter())) == sorted(s.id for s in SMALL)
    beef = [s.id for s in SMALL if any("beef" in p.lower() for _, p in s.paragraphs)]
    assert sorted(_ids(view, Filter("beef"))) == sorted(beef) and view.count(Filter("beef")) == 2
    assert view.partial() is None and view.pending() == 0 and view.file_problems() == []


def test_hits_keep_the_order_asked_and_leave_out_keys_it_lacks(view: IndexView) -> None:
    keys = view.keys(Filter(sort="id"))
    hits = view.hits([keys[2], 999_999, keys[0]])
    assert [h.key for h in hits] == [keys[2], keys[0]]
    assert hits[1].id == min(s.id for s in SMALL)
    assert view.ids([keys[0], 999_999]) == [hits[1].id]


def test_a_page_is_a_slice_of_the_whole_order(view: IndexView) -> None:
    every = view.keys(Filter(sort="date", descending=True))
    pages = [h.key for offset in (0, 3, 6) for h in view.search(Filter(sort="date",
             descending=True), offset=offset, limit=3)]  # fmt: skip
    assert pages == every


def test_facet_counts_and_values(view: IndexView) -> None:
    tags = {v.value: v.count for v in view.facets(Filter())["tag"]}
    assert tags["PREL"] == sum("PREL" in s.tags for s in SMALL)
    prel = view.values("tag")
    assert ("PREL" in {value for _, value in prel}) and all(isinstance(i, int) for i, _ in prel)


def test_the_cable_and_its_references(view: IndexView, folder: Path) -> None:
    key = view.key_for_id("07prague497")  # IDs are matched without case
    assert key is not None
    cable = view.cable(key)
    assert cable.id == "07PRAGUE497" and Path(cable.source.path).is_file()
    assert view.raw_text(key) == Path(cable.source.path).read_text(encoding="utf-8")
    citing = [h.id for h in view.cited_by("07PRAGUE497")]
    assert citing and all("07PRAGUE497" in view.cites(i) for i in citing)
    with pytest.raises(KeyError):
        view.cable(999_999)


def test_another_connections_commit_is_seen_without_being_told(
    view: IndexView, folder: Path, tmp_path: Path
) -> None:
    assert "ZZTAG" not in {v.value for v in view.facets(Filter())["tag"]}
    write_folder(folder, (LATE,))
    writer = _connect(folder, tmp_path / "cache")
    _refresh(writer, folder, tmp_path / "cache")
    writer.close()
    assert {v.value: v.count for v in view.facets(Filter())["tag"]}["ZZTAG"] == 1
    assert view.total() == len(SMALL) + 1


def test_its_own_connections_writes_are_seen_once_it_is_told(
    view: IndexView, folder: Path, tmp_path: Path
) -> None:
    """A connection's own commits do not change its PRAGMA data_version: what the view kept
    (here the facet values) holds until ``written`` says the connection wrote."""
    before = view.facets(Filter())["tag"]
    write_folder(folder, (LATE,))
    _refresh(view._conn, folder, tmp_path / "cache")
    assert view.facets(Filter())["tag"] == before
    view.written()
    assert {v.value: v.count for v in view.facets(Filter())["tag"]}["ZZTAG"] == 1


def test_an_index_never_refreshed_says_it_is_empty(folder: Path, tmp_path: Path) -> None:
    conn = _connect(folder, tmp_path / "cache")
    view = IndexView(folder.resolve(), conn)
    assert view.total() == 0 and view.keys(Filter("beef")) == []
    assert view.partial() == "the index is empty: the folder has not been indexed yet"
    conn.close()


def test_rank_expression_keeps_the_words_that_score() -> None:
    assert rank_expression("beef -pork tag:PREL") == '"beef"'
    assert rank_expression("tag:PREL") is None
    assert rank_expression('beef OR "red meat" beef') == '"beef" OR "red meat"'


def test_every_matching_key_is_read_a_slice_at_a_time(
    view: IndexView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys matching a filter while the postings are being made (a folder loading) are
    read a slice at a time, each a short call into C: one read of 250,000 keys held the
    interpreter, and the window's thread with it, for tens of milliseconds at once."""
    monkeypatch.setattr(view, "_fast", lambda _f: None)  # as while the postings are made
    monkeypatch.setattr(view_module, "KEY_SLICE", 3)
    read = view._key_list
    sizes: list[int] = []

    def counted(sql: str, params: tuple[object, ...]) -> list[int]:
        keys = read(sql, params)
        sizes.append(len(keys))
        return keys

    monkeypatch.setattr(view, "_key_list", counted)
    every = sorted(view.keys(Filter()))
    beef = sorted(view.keys(Filter("beef")))
    assert len(every) > 3 * 2 and len(beef) == 2
    assert view._match_bits(Filter()) == bits_of(every)
    assert view._match_bits(Filter("beef")) == bits_of(beef)
    assert view._match_bits(Filter("no-such-word-anywhere")) == 0
    assert sizes and max(sizes) <= 3 and sum(sizes) == len(every) + len(beef)


def test_the_keys_as_good_as_the_kth_best_are_those_of_a_whole_sort() -> None:
    import random

    rng = random.Random(18)
    for n in (1, 7, 100, 4_001, 30_000):
        for spread in (3, 50, 10**6):  # many ties, some, hardly any
            for k in (1, 2, 20, 500, 2000):
                if k > n:
                    continue
                # scores as FTS5 gives them: negative, rounded to make ties
                values = [-round(rng.random() * spread) / 7 for _ in range(n)]
                if spread == 3 and n > 1_000:  # most scores alike, a few better ones
                    values = [v if rng.random() < 0.01 else -0.0 for v in values]
                keys = rng.sample(range(3 * n), n)
                last = sorted(values)[k - 1]
                expected = {key: v for key, v in zip(keys, values, strict=True) if v <= last}
                got = view_module.as_good_as(keys, values, k)
                assert got == expected and list(got) == list(expected), (n, spread, k)


def test_a_common_words_best_are_found_from_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    # the walk over every score is the fallback only: a common word's scores, spread as
    # BM25's are, never need it
    import random

    rng = random.Random(5)
    values = [-rng.expovariate(1.0) for _ in range(100_000)]
    keys = list(range(100_000))

    def walked(*args: object) -> None:
        raise AssertionError("walked every score")

    monkeypatch.setattr(view_module.heapq, "nsmallest", walked)
    for k in (20, 500, 2000):
        assert len(view_module.as_good_as(keys, values, k)) == k


@pytest.mark.parametrize(
    ("head", "fetched", "from_best"),
    [
        (6, 12, ()),
        (6, 24, ("livestock", "farm")),
        (6, 100, ("livestock", "farm")),
        (30, 100, ("livestock", "farm")),
        (40, 100, ("farm",)),  # "livestock" scores 36 cables
    ],
)
def test_a_view_answering_one_query_reads_a_first_page_from_the_best_scores(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    head: int,
    fetched: int,
    from_best: tuple[str, ...],
) -> None:
    """The first page of a query of words alone, read from the HEAD_FETCHED best-scored
    keys (a head of 6 or 30, which the twelve cables tied at each score make 12 or 36),
    is the page of the whole relevance order; when the ties of the head's last may reach
    past the keys fetched (12 fetched), or fewer than the head are scored (40), or the
    query is more than words, every match is scored as before."""
    from reader.index.store import CorpusIndex
    from reader.query.query import RELEVANCE

    monkeypatch.setattr(view_module, "HEAD_KEPT", head)
    monkeypatch.setattr(view_module, "HEAD_FETCHED", fetched)
    write_folder(tmp_path / "cables", TIED)
    with CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
    queries = ["livestock", "farm", "livestock OR farm", "livestock tag:EAGR", "farm -livestock"]
    scored: list[str] = []
    scores = IndexView._scores

    def scoring(self: IndexView, words: str, post: object) -> object:
        scored.append(words)
        return scores(self, words, post)  # type: ignore[arg-type]

    monkeypatch.setattr(IndexView, "_scores", scoring)
    for q in queries:
        with CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache") as index:
            whole = index.keys(Filter(q, sort=RELEVANCE))
        for size in (1, 5, 7, head):
            for offset in range(0, head - size + 1, 3):
                scored.clear()
                with CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache") as one:
                    one.one_query = True
                    f = Filter(q, sort=RELEVANCE)
                    page = [h.key for h in one.search(f, offset=offset, limit=size)]
                    assert page == whole[offset : offset + size], (q, size, offset)
                assert (not scored) == (q in from_best), (q, size, offset)
