"""The team store's write side: ``cable-reader index FOLDER --store URL`` adds a folder's
cables to the PostgreSQL corpus.

The files are parsed in worker processes (index.workers' pool, as the SQLite index parses
them), each worker also cutting the text into the words of the full-text index (the
slowest part of a cable's row after the parse). The rows come back in batches of some
hundred cables, and each batch is written in one transaction of a few statements: the
rows go into a staging table with COPY, then into ``cables`` with ``INSERT ... ON CONFLICT
(id) DO NOTHING`` (the canonical ID is the key: a cable already there from another copy or
another indexer is not added again), in the order of their IDs, so that two indexers
adding overlapping batches take the ID's locks in the same order and wait for each other
instead of deadlocking. Each copy's source goes into ``copies``; the new cables' facet
values, references and value arrays go in with COPY.

A batch is confirmed (the progress counts its files) once its transaction has committed:
an indexer stopped at any moment loses nothing it confirmed, and the next ``index`` of the
same folder adds what is missing, adding nothing twice. The work over the whole corpus
(reference-not-in-folder, the kept counts and bitmaps of pg_facets) is done once, at the end.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from reader.index.rows import CableRow
from reader.index.scan import scan
from reader.index.workers import (
    FileTask,
    ParsePool,
    Piece,
    PoolBroken,
    parse_in_process,
    parts_of,
)
from reader.review.checks import UNCHECKED_PROBLEMS
from reader.review.folder_checks import FOLDER_CHECK
from reader.team.pg_changes import FOLDER_CHECKS
from reader.team.pg_chunks import add_chunks, chunks_of
from reader.team.pg_copies import KEPT, LOCK, better_copy, order_of
from reader.team.pg_facets import RANK_VECTOR, recount

__all__ = ["BATCH_BYTES", "BATCH_ROWS", "PgRow", "PgWriter", "folder_check"]

#: A batch is written once it holds this many cables or this much text, whichever first:
#: some hundred cables a transaction (one commit, a few statements), a few MB sent at once.
BATCH_ROWS = 500
BATCH_BYTES = 8_000_000
#: Below this much to parse, worker processes cost more to start than they save.
POOL_MIN_BYTES = 4_000_000
#: A batch a deadlock or a serialization failure rolled back is written again this often.
ATTEMPTS = 5

_COLUMNS = "id, date, origin, classification, level, rank, subject, text, meta, published_id"
_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS pg_writer_stage (
    n integer NOT NULL, source text NOT NULL, format text NOT NULL, row integer,
    id text NOT NULL, date bigint, origin text, classification text, level text,
    rank integer, subject text, text text, meta text, published_id text, words text,
    best boolean NOT NULL
) ON COMMIT DELETE ROWS
"""
#: each new ID's best copy in the batch (pg_copies: the one a folder's index keeps)
_INSERT = (
    f"INSERT INTO cables ({_COLUMNS}, tsv) SELECT {_COLUMNS}, to_tsvector('simple', words)"
    " FROM pg_writer_stage WHERE best ORDER BY id ON CONFLICT (id) DO NOTHING RETURNING key, id"
)
_COPIES = (
    "INSERT INTO copies (key, source, format, row) SELECT c.key, s.source, s.format, s.row"
    " FROM pg_writer_stage s JOIN cables c ON c.id = s.id ORDER BY c.key, s.source"
    " ON CONFLICT DO NOTHING"
)
#: the same, the copy each cable made or replaced by the batch was made from marked kept
#: (a cables.csv may hold a cable twice: one row a file and cable, the kept one if either)
_KEPT_COPIES = (
    "INSERT INTO copies (key, source, format, row, kept) SELECT DISTINCT ON (c.key, s.source)"
    " c.key, s.source, s.format, s.row, s.best AND c.key = ANY(%s) FROM pg_writer_stage s"
    " JOIN cables c ON c.id = s.id ORDER BY c.key, s.source, s.best DESC"
    " ON CONFLICT (key, source) DO UPDATE SET kept = true WHERE excluded.kept"
)
#: a cable's row made again from the batch's better copy (its key and ID stay)
_REPLACE = (
    "UPDATE cables c SET (" + _COLUMNS.replace("id, ", "", 1) + ", tsv) = ("
    + ", ".join(f"s.{name}" for name in _COLUMNS.split(", ") if name != "id")
    + ", to_tsvector('simple', s.words)) FROM pg_writer_stage s"
    " WHERE s.best AND s.id = c.id AND c.key = ANY(%s)"
)


@dataclass(slots=True)
class PgRow(CableRow):
    """A row with the words of its text as the full-text index takes them (pgstore.words),
    cut in the worker process that parsed it."""

    words: str = ""
    #: the words again in chunks, where its vector would lose places (pg_chunks)
    chunks: list[str] = field(default_factory=list)


def _with_words(pieces: Iterable[list[Piece]]) -> Iterator[list[Piece]]:
    """The pieces with each row a PgRow; its compressed text (the SQLite index's) dropped,
    so that it does not go through the pipe for nothing."""
    from reader.team.pgstore import words

    names = [f.name for f in fields(CableRow)]
    for message in pieces:
        for piece in message:
            piece.rows = [
                PgRow(
                    **{name: getattr(r, name) for name in names if name != "packed"},
                    packed=b"",
                    words=" ".join(cut),
                    chunks=chunks_of(cut),
                )
                for r in piece.rows
                for cut in [words(r.text)]
            ]
        yield message


def _worker_main(tasks: Any, results: Any, parent: int, index: int, slot: Any = None) -> None:
    """The pool's worker loop (workers._worker_main), its parse followed by the words. This
    runs in a process of its own, spawned for the pool: the module's function swapped there
    changes nothing in the indexer's process."""
    from reader.index import workers

    parsed = workers.parse_files

    def parse_files(tasks: Iterable[workers.Task], slot: Any = None) -> Iterator[list[Piece]]:
        return _with_words(parsed(tasks, slot))

    workers.parse_files = parse_files
    workers._worker_main(tasks, results, parent, index, slot)  # noqa: SLF001 - its loop


class _WordsPool(ParsePool):
    worker_main = staticmethod(_worker_main)


def _retriable() -> tuple[type[BaseException], ...]:
    from psycopg import errors

    return (errors.DeadlockDetected, errors.SerializationFailure)


class PgWriter:
    """Adds folders to the corpus on ``conn`` (autocommit; the tables made by PgIndex.open).
    ``facet_tables``: pg_facets' tables exist and are filled as cables are added."""

    def __init__(
        self, conn: Any, *, facet_tables: bool, kept_copies: bool = False, chunks: bool = False
    ) -> None:
        self._conn = conn
        self._facet_tables = facet_tables
        #: ``copies.kept`` is there (pg_copies): a better copy replaces the one kept
        self._kept_copies = kept_copies
        #: ``cable_chunks`` is there (pg_chunks): a long cable's words go in chunks too
        self._chunks = chunks
        #: (facet, value) -> id, as made or found by this indexer: a value's id never
        #: changes (vals rows are never deleted), so each is asked of the server once a run
        self._value_id: dict[tuple[str, str], int] = {}
        self._staged = False
        #: the files that could not be read, and why
        self.messages: list[str] = []

    def refresh(
        self,
        root: Path,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
    ) -> tuple[int, int]:
        """Add the cables of ``root`` (a folder or one file); (files read, cables new).
        ``progress(files, of)`` after each batch committed. ``workers``: parser processes
        (None: one per core; 0: parse in this process)."""
        if root.is_file():
            paths, sizes = [root], [root.stat().st_size]
        else:
            found = scan(root).files
            paths, sizes = [root / f.path for f in found], [f.size for f in found]
        pairs = enumerate(zip(paths, sizes, strict=True))
        tasks = [FileTask(n, str(p), size=s) for n, (p, s) in pairs]
        batches = _Batches(self, paths, progress)
        try:
            self._parse_and_write(tasks, batches, workers, sum(sizes))
        finally:
            batches.close()
        folder_check(self._conn)
        if self._facet_tables:
            recount(self._conn)
        return len(paths), batches.new

    def _parse_and_write(
        self, tasks: list[FileTask], batches: _Batches, workers: int | None, size: int
    ) -> None:
        if workers == 0 or size < POOL_MIN_BYTES:
            batches.consume(_with_words(parse_in_process(tasks)))
        else:
            count = workers or os.cpu_count() or 1
            # a big cables.csv in parts, so that every worker takes some
            parts = [part for t in tasks for part in parts_of(t, t.size, count)]
            try:
                with _WordsPool(min(count, max(1, len(parts)))) as pool:
                    pool.submit(parts)
                    batches.consume(pool.messages())
            except PoolBroken as exc:
                # no worker processes here: the files not written yet, parsed in this one
                # (a file half written is read again; its cables written are not doubled)
                self.messages.append(f"parsing in one process: {exc}")
                batches.drain()
                rest = [t for t in tasks if t.file_id not in batches.finished]
                batches.consume(_with_words(parse_in_process(rest)))

    # -- one batch -----------------------------------------------------------------------

    def write(self, rows: Sequence[tuple[str, PgRow]]) -> int:
        """(source, row) of some files' cables in one transaction; the cables new. A batch
        rolled back by a deadlock (two indexers meeting otherwise than on an ID) is written
        again; a batch the server refuses (a text it cannot hold) is written file by file,
        and a file it still refuses is reported, so that one file does not stop the rest."""
        from psycopg import errors

        refused = (errors.DataError, errors.ProgramLimitExceeded)
        try:
            return self._write_again(rows)
        except refused:
            pass
        new = 0
        for source, part in _by_file(rows):
            try:
                new += self._write_again(part)
            except refused as exc:  # noqa: PERF203 - one file's own error, said
                self.messages.append(f"{source}: the server refused this file: {exc}")
        return new

    def _write_again(self, rows: Sequence[tuple[str, PgRow]]) -> int:
        from reader.team.pgstore import PgUnavailable

        for attempt in range(ATTEMPTS):
            try:
                vids = self._value_ids({v for _, r in rows for v in r.values})
                return self._write_once(rows, vids)
            except _retriable() as exc:  # noqa: PERF203 - a rare retry
                if attempt == ATTEMPTS - 1:
                    files = len({source for source, _ in rows})
                    raise PgUnavailable(
                        f"could not add {files} files from {rows[0][0]} on: {exc}"
                    ) from exc
        return 0

    def _write_once(
        self, rows: Sequence[tuple[str, PgRow]], vids: dict[tuple[str, str], int]
    ) -> int:
        conn = self._conn
        if not self._staged:
            conn.execute(_STAGE)
            self._staged = True
        best = _best_copies(rows)
        with conn.transaction(), conn.cursor() as cur:
            with cur.copy(
                f"COPY pg_writer_stage (n, source, format, row, {_COLUMNS}, words, best)"
                " FROM STDIN"
            ) as copy:
                for n, (source, r) in enumerate(rows):
                    cid = _cable_id(source, r)
                    copy.write_row(
                        (n, source, r.format, r.row, cid, r.date, r.origin, r.classification,
                         r.level, r.rank, r.subject, r.text, r.meta, r.published_id, r.words,
                         best[cid][1] == n)
                    )  # fmt: skip
            made = {cid: key for key, cid in cur.execute(_INSERT).fetchall()}
            new = len(made)
            replaced: dict[str, int] = {}
            if self._kept_copies:
                replaced = self._replace(cur, best, made)
                cur.execute(_KEPT_COPIES, ([*made.values(), *replaced.values()],))
            else:
                cur.execute(_COPIES)
            firsts = [(key, rows[best[cid][1]][1]) for cid, key in {**made, **replaced}.items()]
            if firsts:
                self._add_values(cur, firsts, vids)
        return new

    def _replace(
        self, cur: Any, best: dict[str, tuple[tuple[int, int, str, int], int]], made: dict[str, int]
    ) -> dict[str, int]:
        """The cables already there whose kept copy the batch's best copy sorts before
        (pg_copies): their rows made again from it, what was made from the old one gone;
        ID -> key of each."""
        there = sorted(cid for cid in best if cid not in made)
        if not there:
            return {}
        cur.execute(LOCK, (there,))
        replaced = {
            cid: key
            for cid, key, *kept in cur.execute(KEPT, (there,)).fetchall()
            if better_copy(best[cid][0], tuple(kept))
        }
        if replaced:
            keys = list(replaced.values())
            cur.execute(_REPLACE, (keys,))
            cur.execute("UPDATE copies SET kept = false WHERE kept AND key = ANY(%s)", (keys,))
            made_from = [
                "cable_values",
                "refs",
                *(_FACET_ROWS if self._facet_tables else ()),
                *(["cable_chunks"] if self._chunks else []),
            ]
            for table in made_from:
                cur.execute(f"DELETE FROM {table} WHERE key = ANY(%s)", (keys,))
        return replaced

    def _add_values(
        self, cur: Any, firsts: Sequence[tuple[int, PgRow]], vids: dict[tuple[str, str], int]
    ) -> None:
        """The facet values, references and value arrays of the cables this batch made or
        made again, each (key, the row of the copy it was made from): their keys are this
        transaction's own, so they go in with COPY, no conflict to meet."""
        with cur.copy("COPY cable_values (key, value_id) FROM STDIN") as copy:
            for key, r in firsts:
                for vid in dict.fromkeys(vids[v] for v in r.values):
                    copy.write_row((key, vid))
        with cur.copy("COPY refs (key, ref) FROM STDIN") as copy:
            for key, r in firsts:
                for ref in dict.fromkeys(ref.upper() for ref in r.refs):
                    copy.write_row((key, ref))
        if self._chunks:
            add_chunks(cur, [(key, r.chunks) for key, r in firsts])
        if not self._facet_tables:
            return
        folder = vids.get(("check", FOLDER_CHECK))
        with cur.copy("COPY cable_vids (key, vids) FROM STDIN") as copy:
            for key, r in firsts:
                copy.write_row((key, sorted({vids[v] for v in r.values} - {folder})))
        cur.execute(
            f"INSERT INTO cable_rank SELECT c.key, {RANK_VECTOR} FROM cables c"
            " WHERE c.key = ANY(%s) ON CONFLICT DO NOTHING",
            ([key for key, _ in firsts],),
        )

    def _value_ids(self, values: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """The ids of ``values``, the new ones made: each statement a transaction of its
        own, before the batch's, so that a batch locks only its own cables' rows; in the
        values' order, so that two indexers making the same values wait, not deadlock."""
        ids = self._value_id
        missing = sorted(values - ids.keys())
        if missing:
            facets, names = [f for f, _ in missing], [v for _, v in missing]
            self._conn.execute(
                "INSERT INTO vals (facet, value) SELECT * FROM unnest(%s::text[], %s::text[])"
                " ON CONFLICT (facet, value) DO NOTHING",
                (facets, names),
            )
            for vid, facet, value in self._conn.execute(
                "SELECT v.id, v.facet, v.value FROM vals v JOIN unnest(%s::text[], %s::text[])"
                " u(facet, value) ON v.facet = u.facet AND v.value = u.value",
                (facets, names),
            ):
                ids[(facet, value)] = vid
        return ids


class _Batches:
    """Gathers the workers' rows into batches and hands each to a thread that writes it,
    so that the workers go on parsing while the server takes a batch (a worker blocks once
    its pipe is full: read only between batches, they would wait for each write). One batch
    waits while one is written. ``progress`` is called from that thread."""

    def __init__(
        self, writer: PgWriter, paths: list[Path], progress: Callable[[int, int], None] | None
    ) -> None:
        self.writer = writer
        self.paths = paths
        self.progress = progress
        self.rows: list[tuple[str, PgRow]] = []
        self.size = 0
        self.done: list[int] = []  # files whose last rows are in ``rows``
        self.finished: set[int] = set()  # files whose rows are all written
        self.new = 0
        self._queue: queue.Queue[tuple[list[tuple[str, PgRow]], list[int]] | None]
        self._queue = queue.Queue(maxsize=1)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._write, name="pg-writer", daemon=True)
        self._thread.start()

    def consume(self, messages: Iterable[list[Piece]]) -> None:
        for message in messages:
            for piece in message:
                source = str(self.paths[piece.file_id])
                if piece.error is not None:
                    self.writer.messages.append(f"{source}: {piece.error}")
                for r in piece.rows:
                    self.rows.append((source, r))  # type: ignore[arg-type] # PgRow from the pool
                    self.size += len(r.text)
                if piece.done and piece.last:
                    self.done.append(piece.file_id)
            if len(self.rows) >= BATCH_ROWS or self.size >= BATCH_BYTES:
                self.flush()

    def flush(self) -> None:
        """Hand over the rows gathered (waiting while the thread has one batch waiting)."""
        self._raise()
        self._queue.put((self.rows, self.done))
        self.rows, self.size, self.done = [], 0, []

    def drain(self) -> None:
        """Wait until every batch handed over is written."""
        self.flush()
        self._queue.join()
        self._raise()

    def close(self) -> None:
        """Write what is left and end the thread; raises what a write raised."""
        try:
            self.drain()
        finally:
            self._queue.put(None)
            self._thread.join()

    def _raise(self) -> None:
        if self._failed is not None:
            raise self._failed

    def _write(self) -> None:
        while (item := self._queue.get()) is not None:
            rows, done = item
            try:
                if self._failed is None:  # after a failure the rest is only taken off
                    if rows:
                        self.new += self.writer.write(rows)
                    self.finished.update(done)
                    if self.progress is not None:
                        self.progress(len(self.finished), len(self.paths))
            except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
                self._failed = exc
            finally:
                self._queue.task_done()
        self._queue.task_done()


#: the rows made from a cable's kept copy beyond ``cable_values`` and ``refs`` (cable_rank's
#: lengths and parts go with it)
_FACET_ROWS = ("cable_vids", "cable_rank")


def _cable_id(source: str, r: PgRow) -> str:
    """The row's key in ``cables``: its canonical ID, or the file's and its place's."""
    return r.id or f"#{source}:{r.seq}"


def _best_copies(
    rows: Sequence[tuple[str, PgRow]],
) -> dict[str, tuple[tuple[int, int, str, int], int]]:
    """ID -> (its place in the copies' order, index in ``rows``) of each ID's best copy
    in the batch (pg_copies.order_of; the first of equals)."""
    best: dict[str, tuple[tuple[int, int, str, int], int]] = {}
    for n, (source, r) in enumerate(rows):
        cid = _cable_id(source, r)
        order = order_of(r.format, len(r.text), source, r.row)
        if cid not in best or order < best[cid][0]:
            best[cid] = (order, n)
    return best


def _by_file(rows: Sequence[tuple[str, PgRow]]) -> list[tuple[str, list[tuple[str, PgRow]]]]:
    files: dict[str, list[tuple[str, PgRow]]] = {}
    for source, r in rows:
        files.setdefault(source, []).append((source, r))
    return list(files.items())


def folder_check(conn: Any) -> None:
    """reference-not-in-folder over the whole corpus, found again after each refresh (as
    the SQLite writer does for a folder): a cable added by anyone clears it for the
    cables citing it."""
    unchecked = list(UNCHECKED_PROBLEMS)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(7712002)")
        (vid,) = conn.execute(
            "INSERT INTO vals (facet, value) VALUES ('check', %s) ON CONFLICT (facet, value)"
            " DO UPDATE SET value = excluded.value RETURNING id",
            (FOLDER_CHECK,),
        ).fetchone()
        conn.execute("DELETE FROM cable_values WHERE value_id = %s", (vid,))
        # the check's own count (FOLDER_CHECKS): a reader keeps its cables until it moves
        conn.execute(
            "INSERT INTO meta VALUES (%s, '1') ON CONFLICT (name)"
            " DO UPDATE SET value = (meta.value::bigint + 1)::text",
            (FOLDER_CHECKS,),
        )
        conn.execute(
            "INSERT INTO cable_values SELECT DISTINCT r.key, %s FROM refs r"
            " WHERE NOT EXISTS (SELECT 1 FROM cables c WHERE lower(c.id) = lower(r.ref))"
            " AND NOT EXISTS (SELECT 1 FROM cable_values cv JOIN vals v ON v.id ="
            " cv.value_id WHERE cv.key = r.key AND v.facet = 'problem'"
            " AND v.value = ANY(%s))",
            (vid, unchecked),
        )
