"""The corpus's count of changes (pg_changes): one more for each committed transaction that
wrote to a table a query reads, none for a write elsewhere or one rolled back; the keys a
reader kept stay kept while it has not moved, and are found again once it has.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import psycopg
from corpus_folders import SAMPLES
from pg_server import admin_url, roles

from reader.query.query import Filter
from reader.team.pg_changes import VERSION
from reader.team.pgstore import PgIndex


def _count(conn: psycopg.Connection) -> int:
    return int(conn.execute("SELECT value FROM meta WHERE name = 'changes'").fetchone()[0])


def test_each_committed_write_to_the_corpus_counts_once(tmp_path: Path, pg_url: str) -> None:
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2007", folder)
    with PgIndex.open(pg_url) as index, psycopg.connect(pg_url, autocommit=True) as conn:
        before = _count(conn)
        index.refresh(folder)
        after = _count(conn)
        assert after > before  # each file's transaction, and the folder check's
        with closing(index.annotations()) as notes:
            notes.set_starred(["07PRAGUE540"])
        assert _count(conn) == after + 1
        with conn.transaction():  # several statements, several tables: one transaction
            conn.execute("INSERT INTO reads (cable_id) VALUES ('07PRAGUE540')")
            conn.execute("DELETE FROM stars WHERE cable_id = '07PRAGUE540'")
        assert _count(conn) == after + 2
        try:
            with conn.transaction():
                conn.execute("INSERT INTO stars (cable_id) VALUES ('07PRAGUE512')")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        assert _count(conn) == after + 2
        conn.execute("INSERT INTO meta VALUES ('elsewhere', 'x')")  # no query reads it
        assert _count(conn) == after + 2


def test_kept_keys_stay_while_the_corpus_is_unchanged(tmp_path: Path, pg_url: str) -> None:
    """A commit in another database (or another table) keeps them; a star (another
    connection's, another role's) makes them found again, with the new answer."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2007", folder)
    with PgIndex.open(pg_url) as owner:
        owner.refresh(folder)
    starred = Filter("is:starred OR starred-by:*")
    with roles(pg_url, "annotator") as [(_, url)], PgIndex.open(url) as index:
        assert index._version == VERSION
        w = index._condition(starred)
        assert index.count(starred) == 0
        kept = index._kept_keys(w)
        with psycopg.connect(admin_url(), autocommit=True) as other:  # another database
            other.execute("CREATE TABLE IF NOT EXISTS elsewhere (x int)")
            other.execute("INSERT INTO elsewhere VALUES (1)")
            other.execute("DROP TABLE elsewhere")
        assert index._kept_keys(w) is kept
        with PgIndex.open(pg_url) as owner, closing(owner.annotations()) as notes:
            notes.set_starred(["07PRAGUE540"])
        assert index._kept_keys(w) is not kept
        assert index.count(starred) == 1
