"""The PostgreSQL server of the team-mode tests (the store contract, the window on a server):
a database made for each test and roles with the README's grants.

``CABLE_READER_TEST_PG`` names a database the tests may create databases beside (``.ci/run``
starts a server; by hand: ``export CABLE_READER_TEST_PG=$(bash .ci/postgres)``). Without it
the tests fail when ``CI`` is set and are skipped, saying why, when it is not.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from handmade import Spec, write_folder

from reader.team.pgstore import PgIndex

ENV = "CABLE_READER_TEST_PG"


def admin_url() -> str:
    url = os.environ.get(ENV)
    if url:
        return url
    message = f"no PostgreSQL server for the team-mode tests: set {ENV} to a database URL"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is an error)")
    pytest.skip(message + " (CI is not set)")


@contextmanager
def new_database() -> Iterator[str]:
    """A new, empty database (its URL), dropped afterwards."""
    import psycopg

    admin = admin_url()
    name = f"cr_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, _ = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def roles(pg_url: str, *kinds: str) -> Iterator[list[tuple[str, str]]]:
    """Login roles made for the test, with the README's grants for their kind ("reader":
    SELECT only; "annotator": and their own annotations): (name, URL with its password)
    each; dropped afterwards."""
    import psycopg

    from reader.team.pg_annotations import ANNOTATION_TABLES

    made: list[tuple[str, str]] = []
    database = pg_url.rpartition("/")[2]
    try:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            for kind in kinds:
                role = f"cr_{kind}_{uuid.uuid4().hex[:8]}"
                conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'")
                made.append((role, f"postgresql://{role}:pw-{role}@localhost/{database}"))
                conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
                conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
                if kind == "annotator":
                    tables = ", ".join(ANNOTATION_TABLES)
                    conn.execute(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {role}")
        yield made
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            for role, _ in made:
                conn.execute(f"DROP OWNED BY {role}")
                conn.execute(f"DROP ROLE {role}")


@contextmanager
def server_away(pg_url: str) -> Iterator[None]:
    """The database cannot be reached, as when the server is down or the network cut: its
    connections are ended and no new one is let in (for any role) until the block ends."""
    import psycopg

    database = pg_url.rpartition("/")[2]
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {database} ALLOW_CONNECTIONS false")
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )
    try:
        yield
    finally:
        with psycopg.connect(admin_url(), autocommit=True) as conn:
            conn.execute(f"ALTER DATABASE {database} ALLOW_CONNECTIONS true")


def two_indexers_at_once(pg_url: str, tmp_path: Path, script: str) -> tuple[Path, Path]:
    """Two copies of the sample folder, ``a`` and ``b``, indexed into ``pg_url`` by two
    processes at the same moment, each running ``script`` (argv: the URL, then its two
    folders: one a then b, the other b then a); both must end well. Returns (a, b)."""
    import shutil
    import subprocess
    import sys

    from corpus_folders import SAMPLES

    repo = Path(__file__).resolve().parents[2]
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(SAMPLES, a)
    shutil.copytree(SAMPLES, b)
    procs = [
        subprocess.Popen([sys.executable, "-c", script, pg_url, str(x), str(y)], cwd=repo)
        for x, y in ((a, b), (b, a))
    ]
    assert [p.wait() for p in procs] == [0, 0]
    return a, b


@contextmanager
def filled_corpus(pg_url: str, folder: Path, specs: tuple[Spec, ...]) -> Iterator[PgIndex]:
    """The team's corpus at ``pg_url``, open and filled from the cables of ``specs``, written
    to ``folder``."""
    write_folder(folder, specs)
    with PgIndex.open(pg_url) as index:
        index.refresh(folder)
        yield index
