"""The words' table (reader/team/pg_words.py): two indexers adding the same new words wait for
each other in one order, never in a circle.

The race is set up step by step rather than left to chance: a third transaction holds a
word the first indexer's batch needs, the first waits for it holding a word the second's
batch needs, and the second's batch starts while the first waits. With the words taken in
their sorted order the second waits before it takes anything the first needs; taken in
their order in the text (as a trigger without the sort might take them), the two wait for
each other and PostgreSQL ends one of them with a deadlock, which the same steps show.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import psycopg
import pytest

#: the batch's words in their order in the text, not sorted: what the sort protects from
_IN_TEXT_ORDER = """
CREATE OR REPLACE FUNCTION cable_reader_words() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO words
        SELECT u.lexeme COLLATE "C" FROM added, unnest(added.tsv) u
        ORDER BY u.positions[1]
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$
"""
_CABLE = (
    "INSERT INTO cables (id, origin, classification, level, rank, subject, text, tsv)"
    " VALUES (%s, '', '', '', 0, '', '', to_tsvector('simple', %s))"
)


@pytest.fixture
def corpus(pg_url: str) -> Iterator[str]:
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url):
        pass  # the tables and the words' trigger
    yield pg_url


def _waiting(url: str, pid: int) -> None:
    """Until the backend ``pid`` waits for a lock another transaction holds."""
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(6000):  # the guard of a hung test: 60 s
            (kind,) = conn.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
            ).fetchone() or (None,)
            if kind == "Lock":
                return
            time.sleep(0.01)
    pytest.fail(f"backend {pid} never waited for a lock")


def _race(url: str, before: Callable[[psycopg.Connection], None] | None = None) -> list[str]:
    """The steps above; what each indexer's batch ended with ("committed" or the error)."""
    holder, first, second = (psycopg.connect(url) for _ in range(3))
    try:
        if before is not None:
            with psycopg.connect(url, autocommit=True) as conn:
                before(conn)
        holder.execute("INSERT INTO words VALUES ('mango')")  # held, not committed

        def batch(conn: psycopg.Connection, cable_id: str, text: str) -> str:
            try:
                conn.execute(_CABLE, (cable_id, text))
                conn.commit()
                return "committed"
            except psycopg.Error as exc:
                conn.rollback()
                return type(exc).__name__

        with ThreadPoolExecutor(2) as pool:
            # the first takes apple, then waits for mango (the holder's)
            a: Future[str] = pool.submit(batch, first, "01FIRST1", "apple mango zebra")
            _waiting(url, first.info.backend_pid)
            # the second needs zebra and apple: sorted, it waits for apple and holds nothing
            b: Future[str] = pool.submit(batch, second, "01SECOND1", "zebra apple")
            _waiting(url, second.info.backend_pid)
            holder.rollback()
            return [a.result(), b.result()]
    finally:
        for conn in (holder, first, second):
            conn.close()


def _deadlocks(url: str, expected: int) -> int:
    """The database's count of deadlocks, once it is ``expected`` (a backend reports its
    count when it is idle or gone: waited for up to 10 s), or as it then is."""
    n = -1
    for _ in range(100):
        with psycopg.connect(url, autocommit=True) as conn:
            (n,) = conn.execute(
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
            ).fetchone() or (0,)
        if n == expected:
            break
        time.sleep(0.1)
    return int(n)


def _words(url: str) -> list[str]:
    with psycopg.connect(url, autocommit=True) as conn:
        return [w for (w,) in conn.execute("SELECT word FROM words ORDER BY word")]


def test_two_batches_of_the_same_new_words_wait_in_one_order(corpus: str) -> None:
    assert _race(corpus) == ["committed", "committed"]
    assert _deadlocks(corpus, 0) == 0
    assert _words(corpus) == ["apple", "mango", "zebra"]


def test_the_same_steps_deadlock_when_the_words_are_taken_in_the_texts_order(
    corpus: str,
) -> None:
    """What the test above guards against: these steps do meet a deadlock when the order of
    the words is not the same for every batch."""
    ended = _race(corpus, before=lambda conn: conn.execute(_IN_TEXT_ORDER))
    assert sorted(ended) == ["DeadlockDetected", "committed"]
    assert _deadlocks(corpus, 1) == 1
