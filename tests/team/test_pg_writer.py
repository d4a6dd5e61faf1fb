"""The team store's write side (reader/team/pg_writer.py): batches written whole, the
worker pool writing what one process writes, a cable met twice kept once with each copy,
an indexer killed in the middle of a batch losing none it confirmed, a file the server
refuses reported without stopping the rest.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import json
import random
import shutil
import string
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from corpus_folders import SAMPLES
from pg_server import new_database, two_indexers_at_once

from reader.index.scan import scan
from reader.index.store import CorpusIndex
from reader.query.query import Filter
from reader.team import pg_writer
from reader.team.pgstore import PgIndex

REPO = Path(__file__).resolve().parents[2]

#: Every row the indexer writes, by cable ID (keys are given in the order cables arrive)
_ROWS = {
    "cables": "SELECT id, date, origin, classification, level, rank, subject, text, meta,"
    " published_id, tsv::text FROM cables",
    "copies": "SELECT c.id, p.source, p.format, p.row FROM copies p JOIN cables c USING (key)",
    "cable_values": "SELECT c.id, v.facet, v.value FROM cable_values x JOIN cables c"
    " USING (key) JOIN vals v ON v.id = x.value_id",
    "refs": "SELECT c.id, r.ref FROM refs r JOIN cables c USING (key)",
    "cable_vids": "SELECT c.id, v.facet, v.value FROM cable_vids x JOIN cables c USING (key),"
    " unnest(x.vids) u JOIN vals v ON v.id = u",
    "cable_rank": "SELECT c.id, r.v::text FROM cable_rank r JOIN cables c USING (key)",
    "value_counts": "SELECT v.facet, v.value, x.n FROM value_counts x JOIN vals v"
    " ON v.id = x.value_id",
}


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    with psycopg.connect(url) as conn:
        return {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in _ROWS.items()}


def test_the_worker_pool_writes_what_one_process_writes(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool (words cut in its processes, rows from several workers in one batch) and
    one process, a few cables a batch: the same rows in every table."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    monkeypatch.setattr(pg_writer, "BATCH_ROWS", 4)
    monkeypatch.setattr(pg_writer, "POOL_MIN_BYTES", 0)  # the pool even for a small folder
    with PgIndex.open(pg_url) as index:
        files, new = index.refresh(folder, workers=0)
        alone = index.total()
    with new_database() as other, PgIndex.open(other) as index:
        assert index.refresh(folder, workers=2) == (files, new)
        assert index.total() == alone == new > 20
        assert _rows(other) == _rows(pg_url)


def test_a_cable_met_twice_is_stored_once_with_each_copy_and_again_adds_nothing(
    tmp_path: Path, pg_url: str
) -> None:
    """Two copies of a cable in one batch (and in one folder), then the folder indexed
    again: one cable, both copies, nothing doubled."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2009", folder / "a")
    shutil.copytree(SAMPLES / "2009", folder / "b")
    with PgIndex.open(pg_url) as index:
        files, new = index.refresh(folder, workers=0)
        assert files == 2 * new
        assert index.total() == new
        copies = index.copies("09ANKARA1234")
        assert [Path(c.file).parent.name for c in copies] == ["a", "b"]
        before = _rows(pg_url)
        assert index.refresh(folder, workers=0) == (files, 0)
        assert _rows(pg_url) == before


_KILLED = """
import os, signal, sys
from reader.team import pg_writer
from reader.team.pgstore import PgIndex

pg_writer.BATCH_ROWS = 3
batches = 0
values = pg_writer.PgWriter._add_values

def killed_in_the_third(self, *args):
    # inside the third batch's transaction: its cables inserted, not committed
    global batches
    batches += 1
    values(self, *args)
    if batches == 3:
        os.kill(os.getpid(), signal.SIGKILL)

pg_writer.PgWriter._add_values = killed_in_the_third
with PgIndex.open(sys.argv[1]) as index:
    index.refresh(sys.argv[2], workers=0,
                  progress=lambda files, of: print(files, flush=True))
"""


def test_an_indexer_killed_in_a_batch_loses_nothing_it_confirmed(
    tmp_path: Path, pg_url: str
) -> None:
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    run = subprocess.run(
        [sys.executable, "-c", _KILLED, pg_url, str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == -9, run.stderr
    confirmed = [int(line) for line in run.stdout.split()]
    assert len(confirmed) == 2 and confirmed[-1] > 0
    # the files are written in the order they are found: the first ones confirmed are in,
    # each whole, and none of the batch the kill cut short
    files = [str(folder / f.path) for f in scan(folder).files]
    with psycopg.connect(pg_url) as conn:
        sources = {s for (s,) in conn.execute("SELECT DISTINCT source FROM copies")}
    assert sources == set(files[: confirmed[-1]])
    with PgIndex.open(pg_url) as index:
        index.refresh(folder, workers=0)  # the next run adds the rest, nothing twice
        with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as sqlite:
            sqlite.refresh(workers=0)
            assert index.total() == sqlite.total()
            every = Filter("", sort="id")
            assert [h.id for h in index.search(every, limit=None)] == [
                h.id for h in sqlite.search(every, limit=100_000)
            ]


def test_a_file_the_server_refuses_is_reported_and_the_rest_written(
    tmp_path: Path, pg_url: str
) -> None:
    """A text of more distinct words than a tsvector holds (1 MB of them): the batch is
    written file by file, that one file named in the messages."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2009", folder)
    head = (SAMPLES / "2010" / "10KABUL512.txt").read_text(encoding="utf-8")
    rng = random.Random(21)
    many = " ".join("".join(rng.choices(string.ascii_lowercase, k=12)) for _ in range(90_000))
    huge = folder / "10KABUL512.txt"
    huge.write_text(head + "\n" + many + "\n", encoding="utf-8")
    good = len(list(folder.glob("*.txt"))) - 1
    with PgIndex.open(pg_url) as index:
        files, new = index.refresh(folder, workers=0)
        assert (files, new) == (good + 1, good)
        assert [m for m in index.messages if m.startswith(str(huge))] != []
        assert index.key_for_id("10KABUL512") is None
        assert index.key_for_id("09ANKARA1234") is not None


def test_a_cable_without_a_word_is_stored_as_the_folders_index_stores_it(
    tmp_path: Path, pg_url: str
) -> None:
    """A file of dots is a cable of no words: its rank vector is empty, and its length was
    NULL, which the lengths' table refuses, so the whole run stopped at that batch."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2009", folder)
    (folder / "dots.txt").write_text("...\n", encoding="utf-8")
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as sqlite:
        sqlite.refresh(workers=0)
        with PgIndex.open(pg_url) as index:
            index.refresh(folder, workers=0)
            assert index.total() == sqlite.total()
            assert index.count(Filter("problem:*")) == sqlite.count(Filter("problem:*"))
            relevance = Filter("minister OR turkey", sort="relevance")
            assert sorted(h.id for h in index.hits(index.keys(relevance))) == sorted(
                h.id for h in sqlite.hits(sqlite.keys(relevance))
            )
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT min(n) FROM cable_lengths").fetchone() == (0,)


_INDEXER = """
import sys
from reader.team import pg_writer
from reader.team.pgstore import PgIndex

pg_writer.BATCH_ROWS = 2  # many small batches, so that the two indexers' interleave
pg_writer.POOL_MIN_BYTES = 0
with PgIndex.open(sys.argv[1]) as index:
    for folder in sys.argv[2:]:
        index.refresh(folder, workers=2)
"""


def test_two_indexers_in_small_batches_write_what_one_writes(tmp_path: Path, pg_url: str) -> None:
    """Two indexers at once on overlapping folders, each with its worker pool: the rows of
    one indexer adding both folders, each cable once with both copies."""
    a, b = two_indexers_at_once(pg_url, tmp_path, _INDEXER)
    with new_database() as one:
        with PgIndex.open(one) as index:
            index.refresh(a, workers=0)
            index.refresh(b, workers=0)
        assert _rows(pg_url) == _rows(one)
    with psycopg.connect(pg_url) as conn:
        (copies,) = conn.execute(
            "SELECT array_agg(DISTINCT n) FROM (SELECT count(*) AS n FROM copies GROUP BY key) x"
        ).fetchone()
    assert copies == [2]


def test_the_command_takes_the_number_of_parser_processes(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``index FOLDER --store URL --workers 1``: one parser process, the same answer."""
    from reader.team.pg_commands import pg_index_main

    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2009", folder)
    monkeypatch.setattr(pg_writer, "POOL_MIN_BYTES", 0)
    started = []
    monkeypatch.setattr(pg_writer._WordsPool, "__init__", _counted(started))
    assert pg_index_main([str(folder), "--store", pg_url, "--workers", "1", "--json"]) == 0
    cables = len(list(folder.glob("*.txt")))
    assert json.loads(capsys.readouterr().out) == {"files": cables, "cables": cables, "new": cables}
    assert started == [1]


def _counted(started: list[int]):  # type: ignore[no-untyped-def]
    """ParsePool.__init__ noting how many workers each pool is given."""
    real = pg_writer.ParsePool.__init__

    def init(self, workers: int, **kw: object) -> None:  # type: ignore[no-untyped-def]
        started.append(workers)
        real(self, workers, **kw)  # type: ignore[arg-type]

    return init
