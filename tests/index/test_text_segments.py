"""The full-text table's segments: entered in bulk by a first phase, merged by the second."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from corpus_folders import refresh_cancelled_after
from handmade import SMALL

from reader.index import refresh, writer
from reader.index.database import FULL_TEXT_TABLE
from reader.index.store import CorpusIndex
from reader.index.text_segments import (
    BULK_ENTRY,
    USUAL_ENTRY,
    _current,
    merge_step,
    use_settings,
)

WORDS = "embassy minister ministry nuclear talks rights human press visit trade oil".split()
QUERIES = ("minist*", '"human rights"', "nuclear NOT talks", "embassy OR oil", "trade visit")


def _table() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute(FULL_TEXT_TABLE)
    return conn


def _texts(n: int) -> list[tuple[int, str, str]]:
    """(key, subject, text): texts of different lengths and words, the same each run."""
    out = []
    for k in range(1, n + 1):
        body = " ".join(
            WORDS[n % len(WORDS)] if n % 5 == 0 else f"w{n % 997}"
            for n in (k * j + j * j for j in range(5 + k % 37))
        )
        if k % 7 == 0:
            body = f"{body} human rights"
        out.append((k, WORDS[k % len(WORDS)].upper(), body))
    return out


def _enter(conn: sqlite3.Connection, texts: list[tuple[int, str, str]], per: int) -> None:
    for start in range(0, len(texts), per):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO ft(rowid, subject, text) VALUES (?, ?, ?)", texts[start : start + per]
        )
        conn.execute("COMMIT")


def _answers(conn: sqlite3.Connection) -> dict[str, list[tuple[int, float]]]:
    """Every match of each query, with its BM25 score, as the index's ranking asks it."""
    return {
        q: conn.execute(
            "SELECT rowid, bm25(ft, 1.0, 10.0) FROM ft WHERE ft MATCH ? ORDER BY rowid", (q,)
        ).fetchall()
        for q in QUERIES
    }


def test_settings_are_written_only_where_they_differ() -> None:
    conn = _table()
    assert _current(conn) == USUAL_ENTRY  # FTS5's defaults, none written
    assert use_settings(conn, BULK_ENTRY)
    assert _current(conn) == BULK_ENTRY
    before = conn.total_changes
    assert not use_settings(conn, BULK_ENTRY)  # an unchanged refresh writes nothing
    assert conn.total_changes == before
    assert use_settings(conn, USUAL_ENTRY)
    assert _current(conn) == USUAL_ENTRY


def test_bulk_entry_and_merging_change_no_answer_and_no_score() -> None:
    texts = _texts(1_500)
    usual = _table()
    _enter(usual, texts, 50)  # with FTS5's own merging as it goes
    bulk = _table()
    use_settings(bulk, BULK_ENTRY)
    _enter(bulk, texts, 50)  # thirty segments, none merged
    expected = _answers(usual)
    assert all(expected.values())
    assert _answers(bulk) == expected
    steps = 0
    while merge_step(bulk, pages=20):  # small steps: several of them
        steps += 1
        assert steps < 10_000
        assert _answers(bulk) == expected  # between any two steps too
    assert steps > 1
    assert not merge_step(bulk)  # nothing left: each level has fewer than 4 segments
    assert _answers(bulk) == expected
    bulk.execute("INSERT INTO ft(ft, rank) VALUES ('integrity-check', 0)")


def _settings_of(index: CorpusIndex) -> dict[str, int]:
    conn = sqlite3.connect(index.db_path)
    try:
        return _current(conn)
    finally:
        conn.close()


def test_a_refresh_merges_and_leaves_the_usual_settings(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "COMMIT_ROWS", 1)  # a segment a cable: merging to do
    seen: list[dict[str, int]] = []
    real = refresh.Refresh._phase_two

    def phase_two(self: refresh.Refresh, *args: object, **kwargs: object) -> None:
        seen.append(_current(self._conn))  # as the first phase left them
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh.Refresh, "_phase_two", phase_two)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        assert index.total() == len(SMALL)
        assert seen == [BULK_ENTRY]
        assert _settings_of(index) == USUAL_ENTRY
        conn = sqlite3.connect(index.db_path, isolation_level=None)
        assert not merge_step(conn)  # the second phase merged all there was
        conn.close()


def test_a_first_phase_cut_short_keeps_its_settings_until_a_refresh_ends(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        refresh_cancelled_after(index, 3, monkeypatch)
        assert 3 <= index.total() < len(SMALL)
        assert _settings_of(index) == BULK_ENTRY
        index.refresh(workers=0)
        assert index.total() == len(SMALL)
        assert _settings_of(index) == USUAL_ENTRY
