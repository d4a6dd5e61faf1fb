"""The table of the full text's words (index/word_bits.py): every text query answered from
it exactly as the full-text index answers it, used only while it is of the index as it is,
made again after a change, and its damage found."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from corpus_folders import SAMPLES, copy_of_cache
from handmade import Spec, cable_text

from reader.index import store, view, word_bits
from reader.index.postings import bits_of_joined
from reader.index.store import CorpusIndex
from reader.query.conditions import Text, compile_filter
from reader.query.query import Filter

#: Text queries of every shape the table answers in part or whole: common and rare words,
#: prefixes of common and rare words, capitals, digits, and/or/not, and what it leaves to
#: FTS5 (phrases, words with other letters, a word of punctuation).
QUERIES = [
    "the",
    "embassy",
    "Embassy",
    "minist*",
    "Minist*",
    "nucle*",
    "pra*",
    "zz*",
    "07prague*",
    "2007",
    "qwertyuiopasdf",
    "qwertyuiop*",
    "iran nuclear",
    "embassy -nuclear",
    "the* -the",
    "minist* OR terror*",
    "(iran OR turkey) nucle*",
    "embass* -(minist* OR prague)",
    '"foreign minister"',
    '"foreign minister" embass*',
    'iran OR "human rights"',
    "brasília",
    "İstanbul",
    "u.s.",
    "co*",
]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples indexed with the words' table made: their cache folder."""
    cache = tmp_path_factory.mktemp("cache")
    with CorpusIndex.open(SAMPLES, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.build_words()
    return cache


def fts_bits(conn: sqlite3.Connection, expr: str) -> int:
    row = conn.execute("SELECT group_concat(rowid) FROM ft WHERE ft MATCH ?", (expr,)).fetchone()
    return bits_of_joined(row[0])


def text_plans(query: str, index: CorpusIndex) -> list[Text]:
    """The full-text parts of ``query``'s plan."""
    found: list[Text] = []

    def walk(plan: object) -> None:
        if isinstance(plan, Text):
            found.append(plan)
        for part in getattr(plan, "parts", ()):
            walk(part)
        if hasattr(plan, "part"):
            walk(plan.part)

    walk(compile_filter(Filter(query), index._view))
    return found


@pytest.mark.parametrize("rare_most", [word_bits.RARE_MOST, 1])
@pytest.mark.parametrize("query", QUERIES)
def test_each_text_matches_what_the_full_text_index_matches(
    indexed: Path, query: str, rare_most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word_bits, "RARE_MOST", rare_most)  # a prefix of many rare words
    with CorpusIndex.open(SAMPLES, cache_dir=indexed) as index:
        conn = index._view._conn
        assert word_bits.current(conn)
        table = word_bits.WordTable(conn)
        plans = text_plans(query, index)
        assert plans, query
        for plan in plans:
            assert plan.node is not None
            found = word_bits.match_words(plan.node, table, lambda e: fts_bits(conn, e))
            if found is not None:
                assert found == fts_bits(conn, plan.expr), (query, plan.expr)


def test_the_table_answers_common_words_and_prefixes_without_searching_them(
    indexed: Path,
) -> None:
    """``minist*`` and ``embassy`` come from bitmaps (no MATCH of them), the rare words of a
    prefix by name, a phrase from the full-text index."""
    with CorpusIndex.open(SAMPLES, cache_dir=indexed) as index:
        searched: list[str] = []
        index._view._conn.set_trace_callback(
            lambda s: searched.append(s) if "MATCH" in s else None
        )
        for query in ("embassy", "minist*", "embassy minist*"):
            searched.clear()
            index.count(Filter(query))
            assert not any('"embassy"' in s or '"minist"*' in s for s in searched), searched
        searched.clear()
        index.count(Filter('"foreign minister"'))
        assert any('"foreign minister"' in s for s in searched)


def test_the_answers_of_an_index_with_the_table_and_without_are_the_same(
    indexed: Path, tmp_path: Path
) -> None:
    without = tmp_path / "cache"
    shutil.copytree(indexed, without)
    (path,) = (without / "indexes").glob("*.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE name = 'words_generation'")
    conn.commit()
    conn.close()
    with (
        CorpusIndex.open(SAMPLES, cache_dir=indexed) as fast,
        CorpusIndex.open(SAMPLES, cache_dir=without) as plain,
    ):
        assert not word_bits.current(plain._view._conn)
        for query in [*QUERIES, "minist* class:secret", "embass* tag:PREL", "nucle* 2007"]:
            f = Filter(query)
            assert fast.keys(f) == plain.keys(f), query
            assert fast.facets(f) == plain.facets(f), query


def test_a_change_puts_the_table_out_of_use_until_it_is_made_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        assert index.build_words()
        before = index.count(Filter("ministrations*"))
        assert before == 0
        # a new cable with a new word of a prefix the table answers (ministers are common)
        new = Spec(
            "PRAGUE", 999, "2009-05-07",
            paragraphs=(("C", "The ministrationsxyz of the ministers."),),
        )  # fmt: skip
        (folder / f"{new.id}.txt").write_text(cable_text(new), encoding="utf-8")
        index.refresh(workers=0)
        assert not word_bits.current(index._view._conn)
        assert index.count(Filter("ministrationsxyz")) == 1
        minist = index.keys(Filter("minist*"))
        assert index.build_words()
        assert word_bits.current(index._view._conn)
        assert index.keys(Filter("minist*")) == minist
        assert index.count(Filter("ministrationsx*")) == 1


def test_a_cancelled_build_leaves_the_table_out_of_use(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with CorpusIndex.open(SAMPLES, cache_dir=tmp_path) as index:
        index.refresh(workers=0)
        assert not index.build_words(cancel)
        assert not word_bits.current(index._view._conn)
        assert index.count(Filter("minist*")) > 0  # asked of the full-text index


def test_a_build_cut_short_keeps_the_table_it_had(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cancel seen midway rolls the new table back: the old one, of an older state of the
    index, stays out of use, and nothing half-written is read."""
    cancel = threading.Event()
    monkeypatch.setattr(word_bits, "_BATCH", 10)
    real_quoted = word_bits._quoted

    def quoted(word: str) -> str:
        cancel.set()  # the first common word: the cancel is seen at the end of its batch
        return real_quoted(word)

    with CorpusIndex.open(SAMPLES, cache_dir=tmp_path) as index:
        index.refresh(workers=0)
        monkeypatch.setattr(word_bits, "_quoted", quoted)
        assert not index.build_words(cancel)
        conn = index._view._conn
        assert not word_bits.current(conn)
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        assert "words" not in tables  # made in the transaction that was rolled back


def test_a_damaged_bitmap_is_found_and_the_index_rebuilt(tmp_path: Path) -> None:
    with CorpusIndex.open(SAMPLES, cache_dir=tmp_path) as index:
        index.refresh(workers=0)
        assert index.build_words()
        path = index.db_path
    conn = sqlite3.connect(path)
    (word,) = conn.execute("SELECT word FROM words WHERE word = 'embassy'").fetchone()
    (common,) = conn.execute("SELECT packed IS NOT NULL FROM words WHERE word = ?", (word,))
    assert common == (1,)
    conn.execute("UPDATE words SET packed = X'00112233' WHERE word = ?", (word,))
    conn.commit()
    conn.close()
    with CorpusIndex.open(SAMPLES, cache_dir=tmp_path) as index:
        with pytest.raises(store.IndexRebuilt):
            index.count(Filter("embassy"))
        assert "corrupt" in index.messages[-1]


#: Queries an analyst asks of the real cables, with the release's common words and prefixes.
REAL_QUERIES = [
    "minist*",
    "terror* OR extremis*",
    "nucle* -iran",
    "iran nuclear",
    "presid* (visit* OR meet*)",
    '"prime minister" embass*',
    "sipdis",
    "noforn",
    "refs*",
    "09state*",
    "ab*",
    "zz*",
]


def test_the_real_cables_answer_the_same_with_the_table(
    shared_cables: Path, shared_text_index: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """../shared/cables/text: every query's cables from the table are the full-text index's."""
    cache = copy_of_cache(shared_text_index, tmp_path_factory)
    with CorpusIndex.open(shared_cables / "text", cache_dir=cache) as index:
        assert index.build_words()
        conn = index._view._conn
        table = word_bits.WordTable(conn)
        answered = 0
        for query in REAL_QUERIES:
            for plan in text_plans(query, index):
                assert plan.node is not None
                found = word_bits.match_words(plan.node, table, lambda e: fts_bits(conn, e))
                if found is not None:
                    answered += 1
                    assert found == fts_bits(conn, plan.expr), query
        assert answered >= len(REAL_QUERIES) - 2  # ("zz*" and "09state*" are rare words)


def test_the_texts_answered_from_the_table_are_kept_as_few_as_the_others(indexed: Path) -> None:
    """The matches of the last few texts are kept (view.TEXT_MATCHES_KEPT), whether the table
    or the full-text index answered them: a text asked again after many others is searched
    again."""
    with CorpusIndex.open(SAMPLES, cache_dir=indexed) as index:
        for query in ["embassy", "minist*", "the", "nucle*", "pra*", "embass*", "iran", "2007"]:
            index.count(Filter(query))
            assert len(index._view._text_matches) <= view.TEXT_MATCHES_KEPT
