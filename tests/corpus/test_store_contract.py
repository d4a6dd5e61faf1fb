"""The store contract: the PostgreSQL store answers every query, sort and facet selection as
the SQLite index does, over the same folders; several indexers at once double nothing.

Needs a PostgreSQL server: ``CABLE_READER_TEST_PG`` names a database the tests may create
databases beside (``.ci/run`` starts one; the README says how by hand). Without it the tests
fail when ``CI`` is set and are skipped, saying why, when it is not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from corpus_folders import SAMPLES
from handmade import ONCE, RANKED, SUBJECT, write_folder

from reader.corpus.query import Filter
from reader.corpus.store import CorpusIndex

REPO = Path(__file__).resolve().parents[2]
ENV = "CABLE_READER_TEST_PG"


def _admin_url() -> str:
    url = os.environ.get(ENV)
    if url:
        return url
    message = f"no PostgreSQL server for the store contract: set {ENV} to a database URL"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is an error)")
    pytest.skip(message + " (CI is not set)")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty database, dropped afterwards."""
    admin = _admin_url()
    name = f"cr_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, _ = admin.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


QUERIES = [
    "",
    "missile",
    "MISSILE",
    '"prime minister"',
    '"minister prime"',
    "minist*",
    "beef -whaling",
    "beef NOT whaling",
    "beef OR radar",
    "putin -tag:ECON",
    "-putin -beef -radar",
    "whaling OR -tag:JA",
    "(from:tokyo OR from:prague) beef",
    "U.S.",
    "id:07PRAGUE497",
    "id:07prague*",
    'from:"buenos aires"',
    "class:secret",
    "class:U",
    "class:SBU",
    "tag:EC*",
    "tag:PREL -class:secret",
    "tag:ECON OR class:S",
    "ref:07PRAGUE497",
    "citedby:07MOSCOW2111",
    "marking:S//NF",
    "marking:NF",
    "date:2007-05..2007-06",
    "date:2007-05-05..2007-05-31",
    "date:..2007-05-03",
    "date:2009-12..",
    "year:2008",
    "precedence:imm",
    "handling:NOFORN",
    "subject:radar",
    "problem:*",
    "nuclear",
    "export*",
    '"machine tool"',
]
SORTS = [(s, d) for s in ("date", "id", "origin", "classification") for d in (False, True)]


def _both(folder: Path, cache: Path, url: str):  # type: ignore[no-untyped-def]
    from reader.corpus.pgstore import PgIndex

    sqlite = CorpusIndex.open(folder, cache_dir=cache)
    sqlite.refresh(workers=0)
    pg = PgIndex.open(url)
    pg.refresh(folder)
    return sqlite, pg


@pytest.mark.parametrize("which", ["handmade", "samples"])
def test_the_same_queries_give_the_same_answers(which: str, tmp_path: Path, pg_url: str) -> None:
    folder = tmp_path / "cables"
    if which == "handmade":
        write_folder(folder)
    else:
        shutil.copytree(SAMPLES, folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        assert pg.total() == sqlite.total()
        for query in QUERIES:
            f = Filter(query, sort="id")
            assert [h.id for h in pg.search(f, limit=None)] == [
                h.id for h in sqlite.search(f, limit=100_000)
            ], query
            assert pg.count(f) == sqlite.count(f), query
        for sort, descending in SORTS:
            f = Filter("", sort=sort, descending=descending)
            assert [h.id for h in pg.search(f, limit=None)] == [
                h.id for h in sqlite.search(f, limit=100_000)
            ], (sort, descending)
        for include, exclude in [
            ({("classification", "SECRET"), ("classification", "CONFIDENTIAL")}, set()),
            ({("tag", "PREL"), ("tag", "MNUC")}, set()),
            (set(), {("classification", "SECRET"), ("tag", "ECON")}),
            ({("year", "2007")}, {("tag", "NOSUCHTAG")}),
        ]:
            f = Filter("", frozenset(include), frozenset(exclude), "id")
            assert [h.id for h in pg.search(f, limit=None)] == [
                h.id for h in sqlite.search(f, limit=100_000)
            ], (include, exclude)
        for query in ("", "tag:PREL", "minist*"):
            assert pg.facets(Filter(query)) == sqlite.facets(Filter(query)), query


def test_relevance_gives_the_same_cables_and_the_same_top_hit(tmp_path: Path, pg_url: str) -> None:
    """BM25 (SQLite) and ts_rank (PostgreSQL) are not the same score: both stores give the
    same cables, with facets and pages, and put first the one cable whose subject says it."""
    folder = tmp_path / "cables"
    write_folder(folder, RANKED)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        for query in [*QUERIES, "livestock", "livestock OR minister"]:
            f = Filter(query, sort="relevance")
            assert sorted(h.id for h in pg.search(f, limit=None)) == sorted(
                h.id for h in sqlite.search(f, limit=100_000)
            ), query
        for include in (frozenset(), frozenset({("tag", "EAGR")})):
            f = Filter("livestock", include, sort="relevance")
            assert pg.search(f, limit=1)[0].id == sqlite.search(f, limit=1)[0].id == SUBJECT
            assert [h.id for h in pg.search(f, offset=1, limit=None)] != []
            worst = Filter(f.query, include, sort="relevance", descending=True)
            assert [h.id for h in pg.search(worst, limit=None)][-1] == SUBJECT
        # no words to rank by: the date order, as in SQLite
        f = Filter("tag:EAGR", sort="relevance")
        assert [h.id for h in pg.search(f, limit=None)] == [
            h.id for h in sqlite.search(f, limit=100_000)
        ]
        assert pg.search(f, limit=1)[0].id == ONCE


_INDEXER = """
import sys
from reader.corpus.pgstore import PgIndex
with PgIndex.open(sys.argv[1]) as index:
    for folder in sys.argv[2:]:
        index.refresh(folder)
"""


def test_two_indexers_at_once_double_nothing(tmp_path: Path, pg_url: str) -> None:
    """Two machines adding overlapping folders to one corpus at the same time."""
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(SAMPLES, a)
    shutil.copytree(SAMPLES, b)
    procs = [
        subprocess.Popen([sys.executable, "-c", _INDEXER, pg_url, str(x), str(y)], cwd=REPO)
        for x, y in ((a, b), (b, a))
    ]
    assert [p.wait() for p in procs] == [0, 0]
    from reader.corpus.pgstore import PgIndex

    with CorpusIndex.open(a, cache_dir=tmp_path / "cache") as sqlite, PgIndex.open(pg_url) as pg:
        sqlite.refresh(workers=0)
        assert pg.total() == sqlite.total()
        ids = [h.id for h in pg.search(Filter(""), limit=None)]
        assert len(ids) == len(set(ids))
        copies = pg.copies("07PRAGUE512")
        assert sorted(Path(s).parent.parent.name for s, _, _ in copies) == ["a", "b"]


def test_a_server_that_cannot_be_reached_says_so(tmp_path: Path) -> None:
    from reader.corpus.pgstore import PgIndex, PgUnavailable

    socket_dir = tmp_path / "nothing-listens-here"
    socket_dir.mkdir()
    with pytest.raises(PgUnavailable, match="cannot reach the server"):
        PgIndex.open(f"postgresql:///db?host={socket_dir}")


def test_a_read_only_role_reads_and_is_told_plainly_it_may_not_index(
    tmp_path: Path, pg_url: str
) -> None:
    from reader.corpus.pgstore import PgIndex, PgUnavailable

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    role = f"cr_reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'reader-pw'")
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    database = pg_url.rpartition("/")[2]
    reader_url = f"postgresql://{role}:reader-pw@localhost/{database}"
    try:
        with PgIndex.open(reader_url) as index:
            assert index.count(Filter("from:prague")) == 2
            with pytest.raises(PgUnavailable, match="may read .* but not add cables"):
                index.refresh(SAMPLES / "2008")
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")
