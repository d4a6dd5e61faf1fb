"""reader/index/view.py on its own: the read side over a database the write side
(refresh.Refresh) made, on connections of the test's own (no CorpusIndex facade)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from handmade import SMALL, Spec, write_folder

from reader.index import view as view_module
from reader.index.database import check_cache_files, index_path, open_database
from reader.index.index_protocol import KeptText
from reader.index.postings import bits_of
from reader.index.refresh import Refresh
from reader.index.view import COPIES_SQL, IndexView, rank_expression
from reader.query.query import Filter, kept_copy

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
def folder(small_folder: Path) -> Path:
    """The folder of hand-made cables the index's tests share (corpus_fixtures)."""
    return small_folder


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
    assert not isinstance(view.raw_text(key), KeptText)  # the file itself
    citing = [h.id for h in view.cited_by("07PRAGUE497")]
    assert citing and all("07PRAGUE497" in view.cites(i) for i in citing)
    with pytest.raises(KeyError):
        view.cable(999_999)


def test_a_file_rewritten_deleted_or_made_unreadable_since_it_was_read_is_told(
    view: IndexView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window shows a cable from the index's text: file_changed says when that is no
    longer the file as it is now (tests/ui/test_folder_changes_in_window.py shows it)."""
    key = view.key_for_id("07PRAGUE497")
    assert key is not None
    path = Path(view.cable(key).source.path)
    assert view.file_changed(key) == ""
    # unreadable: a chmod changes neither size nor time (injected: root reads any file)
    monkeypatch.setattr(view_module.os, "access", lambda p, mode: Path(p) != path)
    assert view.file_changed(key) == f"{path} can no longer be read (permission denied)"
    monkeypatch.undo()
    path.write_text(path.read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
    assert view.file_changed(key) == f"{path} has changed since the folder was read"
    path.unlink()
    gone = f"{path} can no longer be read (no such file or directory)"
    assert view.file_changed(key) == gone
    assert view.file_changed(999_999) == ""


def test_a_cables_copies_are_its_rows_each_with_its_file_and_key(
    folder: Path, tmp_path: Path
) -> None:
    """The same cable in two files of the folder: two rows, two keys, each copy named by
    its file; the copy removed is gone from the list at the next refresh."""
    paths = write_folder(folder)
    twin = folder / "again" / "07PRAGUE497.txt"
    twin.parent.mkdir()
    twin.write_bytes(paths["07PRAGUE497"].read_bytes())
    conn = _connect(folder, tmp_path / "cache")
    _refresh(conn, folder, tmp_path / "cache")
    view = IndexView(folder.resolve(), conn)
    first = paths["07PRAGUE497"].relative_to(folder).as_posix()
    copies = view.copies("07prague497")  # IDs are matched without case
    assert [(c.file, c.format, c.row) for c in copies] == [
        (first, "txt", None),
        ("again/07PRAGUE497.txt", "txt", None),
    ] == [(h.file, "txt", h.row) for h in view.hits([c.key for c in copies])]
    assert len({c.key for c in copies}) == 2
    assert [Path(view.cable(c.key).source.path) for c in copies] == [paths["07PRAGUE497"], twin]
    assert [c.file for c in view.copies("07PRAGUE486")] == [
        paths["07PRAGUE486"].relative_to(folder).as_posix()
    ]
    assert view.copies("07PRAGUE999") == [] and view.copies("") == []
    # found through the index on the ID, not by reading every row
    plan = " ".join(
        str(row[-1])
        for row in conn.execute(f"EXPLAIN QUERY PLAN {COPIES_SQL}", ("07PRAGUE497",))
    )
    assert "USING INDEX cables_id" in plan, plan
    twin.unlink()
    _refresh(conn, folder, tmp_path / "cache")
    view.written()
    assert [c.file for c in view.copies("07PRAGUE497")] == [first]
    conn.close()


def test_a_cable_cited_by_two_copies_of_a_cable_is_cited_once(folder: Path, tmp_path: Path) -> None:
    """The document's "Cited directly by" names each citing cable once, by the copy kept
    (query.kept_copy), not once per file that holds it."""
    paths = write_folder(folder)
    conn = _connect(folder, tmp_path / "cache")
    _refresh(conn, folder, tmp_path / "cache")
    view = IndexView(folder.resolve(), conn)
    before = view.cited_by("07PRAGUE497")
    citing = before[0].id
    twin = folder / "again" / f"{citing}.txt"
    twin.parent.mkdir()
    twin.write_bytes(paths[citing].read_bytes())
    _refresh(conn, folder, tmp_path / "cache")
    view.written()
    copies = view.copies(citing)
    assert len(copies) == 2
    after = view.cited_by("07PRAGUE497")
    assert [h.id for h in after] == [h.id for h in before]  # each once, in the same order
    kept = kept_copy(copies)
    assert kept is not None and next(h.key for h in after if h.id == citing) == kept.key
    conn.close()


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


#: Cables made to tie, with more than one word to ask for: eight texts, nine cables each
#: (times "livestock", times "grain", "wheat", "livestock" in the subject), each word in
#: fewer than half of them (so that it scores: FTS5's IDF is a floor beyond half); three
#: levels, two tags, three dates (ties of score and of date fall back on the key).
_TEXTS = (
    (0, 0, False, False),
    (1, 0, False, False),
    (0, 0, True, False),
    (3, 0, False, True),
    (0, 2, False, False),
    (0, 0, True, False),
    (0, 1, False, False),
    (2, 2, False, False),
)
MIXED: tuple[Spec, ...] = tuple(
    Spec("PARIS", 2000 + n, ("2006-02-01", "2007-03-01", "2008-04-01")[n % 3], "UCS"[n // 3 % 3],
         tags=("EAGR" if n % 2 else "ECON", "FR"),
         subject="LIVESTOCK NOTES" if subject else "FARM NOTES",
         paragraphs=(("U", "The farm " + "livestock " * livestock + "grain " * grain
                      + ("wheat " if wheat else "") + "report."),))
    for n in range(72)
    for livestock, grain, wheat, subject in (_TEXTS[n % 8],)
)  # fmt: skip

#: Queries of more than words: their text read by one FTS5 expression that scores alike
#: (a NOT, an AND, an OR, a phrase, a prefix), or the words' scores filtered by a field, a
#: facet or a text expression that does not score alike (an AND under an OR or a NOT).
MORE_THAN_WORDS = [
    "livestock",
    "livestock -grain",
    "livestock NOT grain",
    "farm -(grain OR wheat)",
    'farm -"farm livestock"',
    "livestock grain",
    "livestock OR grain",
    "live*",
    '"farm livestock"',
    "gra* -wheat",
    "livestock class:secret",
    "grain tag:EAGR",
    "livestock date:2007",
    "livestock OR class:secret",
    "farm OR (livestock grain)",
    "livestock -(grain wheat)",
    "livestock livestock",
]


def _pages_from_the_best(
    folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, f: Filter, sizes: tuple[int, ...]
) -> list[tuple[int, int, bool]]:
    """Each first page (offset, size) of ``f`` from a view answering one query, checked
    against the whole relevance order; with whether every match was scored for it."""
    from reader.index.store import CorpusIndex

    with CorpusIndex.open(folder, cache_dir=cache) as index:
        whole = index.keys(f)
    scored: list[str] = []
    scores = IndexView._scores

    def scoring(self: IndexView, words: str, post: object) -> object:
        scored.append(words)
        return scores(self, words, post)  # type: ignore[arg-type]

    monkeypatch.setattr(IndexView, "_scores", scoring)
    answers = []
    for size in sizes:
        for offset in (0, 1, 5, 13):
            scored.clear()
            with CorpusIndex.open(folder, cache_dir=cache) as one:
                one.one_query = True
                page = [h.key for h in one.search(f, offset=offset, limit=size)]
                assert page == whole[offset : offset + size], (f, size, offset)
                assert one.count(f) == len(whole)
            answers.append((offset, size, bool(scored)))
    monkeypatch.setattr(IndexView, "_scores", scores)
    return answers


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, Path]:
    from reader.index.store import CorpusIndex

    write_folder(tmp_path / "cables", MIXED)
    with CorpusIndex.open(tmp_path / "cables", cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
    return tmp_path / "cables", tmp_path / "cache"


@pytest.mark.parametrize("query", MORE_THAN_WORDS)
def test_a_first_page_of_more_than_words_is_read_from_the_best_scores(
    mixed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """Every first page of a query with a NOT, an AND, an OR, a phrase, a prefix or a field,
    read from the best-scored keys, is the page of the whole relevance order (three cables
    or more tie at each score), and no page within the first 20 asks for every match to be
    scored (further down, "livestock OR class:secret" reaches the cables without the word)."""
    from reader.query.query import RELEVANCE

    f = Filter(query, sort=RELEVANCE)
    answers = _pages_from_the_best(*mixed, monkeypatch, f, (1, 5, 7, 20))
    assert not any(scored for offset, size, scored in answers if offset + size <= 20), answers


def test_a_facet_chosen_filters_the_best_scores_too(
    mixed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.query.query import RELEVANCE

    for f in (
        Filter("livestock -grain", include=frozenset({("tag", "EAGR")}), sort=RELEVANCE),
        Filter("livestock", exclude=frozenset({("tag", "EAGR")}), sort=RELEVANCE),
    ):
        answers = _pages_from_the_best(*mixed, monkeypatch, f, (1, 5, 7))
        assert not any(scored for _, _, scored in answers), (f, answers)


def test_every_match_is_scored_where_the_best_cannot_prove_the_page(
    mixed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without keys fetched past the page's end (FETCH_SLACK 0) the ties of a page's last
    reach past those fetched; a filter keeping too small a share of the cables for the
    keys fetched (FETCHED_MOST 10), and too large a one for its keys to be listed, is not
    tried; a page reaching the cables matching without the words is not in the best
    scores: each is scored whole, and the pages are still the whole order's."""
    from reader.query.query import RELEVANCE

    monkeypatch.setattr(view_module, "FETCH_SLACK", 0)
    answers = _pages_from_the_best(*mixed, monkeypatch, Filter("livestock -grain",
                                   sort=RELEVANCE), (1, 5))  # fmt: skip
    assert any(scored for _, _, scored in answers) and not all(s for _, _, s in answers)
    monkeypatch.setattr(view_module, "FETCH_SLACK", 50)
    monkeypatch.setattr(view_module, "FETCHED_MOST", 10)
    # two thirds of the cables with "livestock": too many to be listed
    answers = _pages_from_the_best(*mixed, monkeypatch, Filter("livestock date:2006..2007",
                                   sort=RELEVANCE), (5,))  # fmt: skip
    assert all(scored for _, _, scored in answers)
    monkeypatch.setattr(view_module, "FETCHED_MOST", 10_000)
    # 18 of the 72 cables say "wheat": a page of 20 reaches the cables of tag:EAGR without it
    answers = _pages_from_the_best(*mixed, monkeypatch, Filter("wheat OR tag:EAGR",
                                   sort=RELEVANCE), (20,))  # fmt: skip
    assert [scored for offset, _, scored in answers] == [True, True, True, True]


@pytest.mark.parametrize("json_each", [True, False])
def test_a_query_keeping_few_cables_ranks_its_own_matches_only(
    mixed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, json_each: bool
) -> None:
    """A query keeping a small share of its text's matches (class:secret: a third) has its own
    matches' keys listed to SQLite, which scores those alone; without JSON's table
    functions (an SQLite built without them) the words' best are filtered, as for a larger
    share. The pages are the whole order's either way."""
    from reader.query.query import RELEVANCE

    monkeypatch.setattr(IndexView, "_json_each", lambda self: json_each)
    ranked: list[str] = []
    rows = IndexView._rows

    def logged(self: IndexView, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
        if "ORDER BY score LIMIT" in sql:  # (a first page's, not the whole order's)
            ranked.append(sql)
        return rows(self, sql, params)

    monkeypatch.setattr(IndexView, "_rows", logged)
    for query in ("livestock class:secret", "farm -wheat class:secret date:2007"):
        ranked.clear()
        f = Filter(query, sort=RELEVANCE)
        answers = _pages_from_the_best(*mixed, monkeypatch, f, (1, 3))
        assert ranked and all(("json_each" in sql) == json_each for sql in ranked), query
        assert not any(scored for _, _, scored in answers), (query, answers)


@pytest.mark.parametrize(
    ("query", "alike"),
    [
        ("livestock", '"livestock"'),
        ("livestock -grain", '(("livestock") NOT ("grain"))'),
        (
            "farm -(grain OR wheat) livestock",
            '(("farm" AND "livestock") NOT (("grain" OR "wheat")))',
        ),
        ('livestock OR "farm report"', '("livestock" OR "farm report")'),
        ("live* class:secret", '("live"*)'),
        (
            "farm (livestock OR grain) -wheat",
            '(("farm" AND ("livestock" OR "grain")) NOT ("wheat"))',
        ),
        ("farm OR (livestock grain)", None),  # an AND under an OR
        ("livestock -(grain wheat)", None),  # an AND under a NOT
        ("livestock -(grain -wheat)", None),  # a NOT under a NOT
        ("livestock livestock", None),  # twice
        ("livestock OR class:secret", None),  # a word under a field's OR
        ("07PRAGUE497 livestock", None),  # an ID, searched as an ID too
        ("-livestock", None),
        ("class:secret", None),
    ],
)
def test_the_text_that_scores_as_the_words_do(query: str, alike: str | None) -> None:
    words = rank_expression(query)
    assert view_module.scored_alike(query, words or "") == alike


def test_what_scores_alike_scores_alike_in_fts5(mixed: tuple[Path, Path]) -> None:
    """The FTS5 expressions ``scored_alike`` gives score every cable they match exactly as
    the words do (float for float); an AND under an OR would not: FTS5 reports a phrase
    only where its node stands, and "livestock" in a cable without "grain" is not."""
    folder, cache = mixed
    conn = _connect(folder, cache)
    weights = f"{view_module.W_TEXT}, {view_module.W_SUBJECT}"
    sql = f"SELECT rowid, bm25(ft, {weights}) FROM ft WHERE ft MATCH ?"

    def scores(expr: str) -> dict[int, float]:
        return dict(conn.execute(sql, (expr,)).fetchall())

    for query in MORE_THAN_WORDS:
        words = rank_expression(query)
        assert words is not None
        alike = view_module.scored_alike(query, words)
        if alike is not None:
            by_words, by_alike = scores(words), scores(alike)
            assert by_alike and {k: by_words[k] for k in by_alike} == by_alike, query
    words = rank_expression("farm OR (livestock grain)")
    assert words is not None
    by_words, by_or = scores(words), scores('("farm" OR ("livestock" AND "grain"))')
    assert any(by_words[k] != v for k, v in by_or.items())
    conn.close()


def test_the_raw_text_of_a_file_gone_says_it_is_the_text_kept(
    view: IndexView, folder: Path, tmp_path: Path
) -> None:
    """A file moved since the index read it: its raw text is what the index kept, and says
    so (the window showed it as the file exactly as it is)."""
    key = view.key_for_id("07PRAGUE497")
    assert key is not None
    path = Path(view.cable(key).source.path)
    path.rename(tmp_path / "moved.txt")
    try:
        raw = view.raw_text(key)
        assert isinstance(raw, KeptText) and raw == view.cable(key).text
        assert raw.why.startswith(f"{path} could not be read (no such file or directory)")
    finally:
        (tmp_path / "moved.txt").rename(path)


def test_a_cable_that_lists_itself_among_its_references_neither_cites_nor_is_cited_by_itself(
    tmp_path: Path, shared_cables: Path
) -> None:
    """A dumped record's references name the cable itself (``destination: 08BOGOTA996`` in
    08BOGOTA996; 06MEXICO505 of ../shared/cables/text): the document said "Cited directly by
    1: 06MEXICO505" under 06MEXICO505, where the References panel said "Cited by (0
    directly)"."""
    folder = tmp_path / "cables"
    write_folder(folder)
    for name in ("2006/06MEXICO505.txt", "2006/06MEXICO255.txt"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes((shared_cables / "text" / name).read_bytes())
    conn = _connect(folder, tmp_path / "cache")
    _refresh(conn, folder, tmp_path / "cache")
    view = IndexView(folder.resolve(), conn)
    assert view.cites("06MEXICO505") == ["06MEXICO251", "06MEXICO255"]
    assert [h.id for h in view.cited_by("06MEXICO505")] == []
    assert [h.id for h in view.cited_by("06MEXICO255")] == ["06MEXICO505"]
    conn.close()
