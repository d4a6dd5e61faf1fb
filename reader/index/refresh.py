"""The write side of a folder's index: one refresh brings it up to date with the folder.

A Refresh scans the folder, hands what changed to parser processes (or parses it here) and
commits their rows through a Writer in batches, then runs the second phase (the full parse
and the checks of the pending cables). It writes on the connection it is given; the lock
that makes it the only writer, and what is done when the database turns out damaged or
unwritable, are the facade's (store.CorpusIndex). Each Writer counts what it did; the
Reporter adds up the writers of one refresh for the progress it reports.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.index.read_ahead import read_ahead
from reader.index.scan import ScanResult, in_root, scan
from reader.index.text_segments import USUAL_ENTRY, merge_step, use_settings
from reader.index.workers import (
    PHASE_TWO_NICE,
    FileTask,
    ParsePool,
    Piece,
    PoolBroken,
    Reparse,
    parse_in_process,
    parts_of,
    watched,
)
from reader.index.writer import InOrder, Planned, Reporter, Writer
from reader.query.query import Progress

__all__ = ["HEAD_START_FILES", "POOL_MIN_BYTES", "Refresh", "head_start"]


#: Below this much to parse, worker processes cost more to start than they save.
POOL_MIN_BYTES = 4_000_000
#: While the parser processes start (half a second), this process parses the first few
#: small files of the folder itself and commits them: a window shows cables at once.
HEAD_START_FILES = 32
HEAD_START_MAX_BYTES = 256 * 1024
#: The second phase hands the workers the pending cables in batches of this many.
REPARSE_BATCH = 32
#: Below this many pending cables, the second phase runs in this process.
REPARSE_POOL_MIN = 2_000
#: The second phase merges the full-text table's segments (text_segments) for up to this
#: long between two of its batches, in the writer, which otherwise waits on the parsers.
MERGE_SECONDS = 0.25


class Refresh:
    """One refresh of the index of ``root`` on ``conn``. ``messages`` takes what the
    analyst should be told (parsing in one process when no worker could start)."""

    def __init__(
        self, conn: sqlite3.Connection, root: Path, db_path: Path, messages: list[str]
    ) -> None:
        self._conn = conn
        self.root = root
        self._root_is_file = root.is_file()
        self.db_path = db_path
        self.messages = messages
        self._nice = PHASE_TWO_NICE  # (run sets it)
        self._merged = False  # the full-text table's segments merged in this refresh

    def run(
        self,
        progress: Callable[[Progress], None] | None,
        cancel: threading.Event | None,
        workers: int | None,
        waited_for: bool = False,
    ) -> None:
        """Bring the index up to date with the folder (``CorpusIndex.refresh`` says how)."""
        self._nice = 0 if waited_for else PHASE_TWO_NICE
        started = time.monotonic()
        head: Writer | None = None
        never_indexed = self._conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        if never_indexed and not self._root_is_file:
            # never indexed: the first few files found are indexed before the whole folder
            # is listed (a minute of stat-ing for the whole release on a cold disk)
            head = self._index_first_files(started, progress, cancel)
        found = scan(self.root, cancel=cancel)
        if found.cancelled:
            return
        # the first files committed already: no small first batch for the window
        writer = Writer(self._conn, small_first_batch=head is None, bulk=True)
        tasks = writer.apply_scan(found)
        if head is not None:  # what failed among the first files failed in this refresh
            tasks = [t for t in tasks if t.file_id not in head.failed]
        report = Reporter(progress, started, len(tasks), found.skipped, found.links_out)
        del found  # a folder of the whole release lists 250,000 files
        report.bytes_total = sum(t.size for t in tasks)
        if head is not None:  # the progress goes on from what the first files made
            report.carry(head)
            report.files_total += head.files_done
            report.bytes_total += head.bytes_done
        report(writer, force=True)
        if tasks and not (cancel is not None and cancel.is_set()):
            file_tasks = self._file_tasks(tasks)
            del tasks
            if workers == 0 or (report.bytes_total < POOL_MIN_BYTES and not watched(file_tasks)):
                self._consume(writer, parse_in_process(file_tasks), cancel, report)
            else:
                count = workers or os.cpu_count() or 1
                first, file_tasks = head_start(file_tasks)
                # big files (a cables.csv) first, so they do not finish last alone; a big
                # cables.csv in parts, so that every worker takes some
                file_tasks.sort(key=lambda t: -t.size)
                parts = [p for t in file_tasks for p in parts_of(t, t.size, count)]
                try:
                    with ParsePool(min(count, max(1, len(parts)))) as pool:
                        self._consume(writer, parse_in_process(first), cancel, report)  # commits
                        report(writer, force=True)  # a window asks for its first rows
                        if cancel is not None and cancel.is_set():
                            parts = []
                        pool.submit(parts)
                        # waited for, taken in by a thread of their own: the workers parse
                        # on while the writer writes (read_ahead.py). Not in a window's
                        # refresh: in its niced child process, at 100,000 cables, it made
                        # neither phase sooner and the stalls no shorter (PERFORMANCE.md)
                        taken = (
                            read_ahead(pool.messages, cancel)
                            if waited_for
                            else pool.messages(cancel)
                        )
                        self._consume(writer, taken, cancel, report, parts)
                except PoolBroken as exc:
                    # no worker processes here (a frozen app, a sandbox): parse in this one
                    self.messages.append(f"parsing in one process: {exc}")
                    rest = [
                        FileTask(
                            t.file_id,
                            t.path,
                            writer.next_seq.get(t.file_id, t.skip),
                            size=t.size,
                            first_phase=True,
                        )
                        for t in first + file_tasks
                        if t.file_id not in writer.finished
                    ]
                    self._consume(writer, parse_in_process(rest), cancel, report)
        cancelled = cancel is not None and cancel.is_set()
        writer.finish(complete=not cancelled)
        if not cancelled:
            self._mark_complete()
            self._phase_two(writer, cancel, report, workers, started)
            cancelled = cancel is not None and cancel.is_set()
        if not cancelled:
            with contextlib.suppress(sqlite3.OperationalError):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        report(writer, force=True, done=not cancelled)

    def _phase_two(
        self,
        first: Writer,
        cancel: threading.Event | None,
        report: Reporter,
        workers: int | None,
        started: float,
    ) -> None:
        """The second phase: the full parse and the checks of every pending cable (in this
        refresh's first phase, or left by a refresh cut short), in batches, each batch's
        rows replacing the first phase's in one transaction; then the values the whole folder
        decides (folder_values) and the postings. Its workers run at low priority
        (workers.PHASE_TWO_NICE), unless the caller waits for the whole refresh."""
        total = self._conn.execute("SELECT count(*) FROM pending").fetchone()[0]
        if not total:
            # nothing to parse again; settings a first phase cut short may have left go
            # (its segments are merged by the usual writes to come)
            use_settings(self._conn, USUAL_ENTRY)
            return
        # the window has the first phase's rows: batches of the full size from the start
        writer = Writer(self._conn, small_first_batch=False)
        report.carry(first)  # the progress goes on from what the first phase made
        report.phase, report.to_check = 2, total
        report.searchable = time.monotonic() - started
        report(writer, force=True)
        batches: dict[int, list[int]] = {}  # batch number -> its keys, until written
        tasks = self._reparse_tasks(batches)
        if workers == 0 or total < REPARSE_POOL_MIN:
            self._replace(writer, parse_in_process(tasks), batches, cancel, report)
        else:
            count = workers or os.cpu_count() or 1
            try:
                with ParsePool(count) as pool:
                    pool.submit(tasks)
                    self._replace(writer, pool.messages(cancel), batches, cancel, report)
            except PoolBroken as exc:
                self.messages.append(f"parsing in one process: {exc}")
                rest = self._reparse_tasks(batches)
                self._replace(writer, parse_in_process(rest), batches, cancel, report)
        cancelled = cancel is not None and cancel.is_set()
        if not cancelled:
            self._merge_segments(writer, cancel, finish=True)
        writer.finish(complete=not cancelled)

    def _reparse_tasks(self, batches: dict[int, list[int]]) -> Iterator[Reparse]:
        """The pending cables in key order, a batch at a time, listed as the pool asks for
        them; what is done of a batch before it is written is left out of the next ones."""
        last, number = 0, 0
        batches.clear()
        while True:
            keys = [
                k
                for (k,) in self._conn.execute(
                    "SELECT key FROM pending WHERE key > ? ORDER BY key LIMIT ?",
                    (last, REPARSE_BATCH),
                )
            ]
            if not keys:
                return
            last = keys[-1]
            batches[number] = keys
            yield Reparse(
                number,
                str(self.db_path),
                str(self.root),
                tuple(keys),
                self._root_is_file,
                nice=self._nice,
            )
            number += 1

    def _replace(
        self,
        writer: Writer,
        messages: Iterable[list[Piece]],
        batches: dict[int, list[int]],
        cancel: threading.Event | None,
        report: Reporter,
    ) -> None:
        for message in messages:
            for piece in message:
                keys = batches.pop(piece.file_id, [])
                if piece.error is not None:
                    # the parser died or hung on one of them: they keep the first phase's
                    # values, and say the full parse failed
                    writer.mark_done(keys, "parser-error")
                else:
                    writer.replace_rows(piece.rows)
                    # a key the worker did not find is no cable any more: nothing to redo
                    found = {r.key for r in piece.rows}
                    writer.mark_done([k for k in keys if k not in found])
                report.checked += len(keys)
            if writer.due():
                self._merge_segments(writer, cancel)
                writer.commit()
                report(writer)
            if cancel is not None and cancel.is_set():
                break
        writer.commit()

    def _merge_segments(
        self, writer: Writer, cancel: threading.Event | None, *, finish: bool = False
    ) -> None:
        """Merge the full-text table's segments the first phase left (text_segments), in
        the writer's transaction, for up to MERGE_SECONDS between two batches; with
        ``finish``, to the end, a step a transaction, then the usual settings back."""
        if self._merged:
            return
        started = time.monotonic()
        while finish or time.monotonic() - started < MERGE_SECONDS:
            if cancel is not None and cancel.is_set():
                return
            writer.begin()
            if not merge_step(self._conn):
                self._merged = True
                break
            if finish:
                writer.commit()
        if self._merged:
            writer.begin()
            use_settings(self._conn, USUAL_ENTRY)
            writer.commit()

    def _mark_complete(self) -> None:
        """Record that the index holds the whole folder as listed (meta 'indexed': the
        listing's digest); written only when that changes (an unchanged folder costs no
        write)."""
        meta = dict(
            self._conn.execute(
                "SELECT name, value FROM meta WHERE name IN ('listing', 'indexed')"
            ).fetchall()
        )
        if meta.get("listing") is not None and meta.get("listing") != meta.get("indexed"):
            self._conn.execute(
                "INSERT OR REPLACE INTO meta SELECT 'indexed', value FROM meta"
                " WHERE name = 'listing'"
            )

    def _index_first_files(
        self,
        started: float,
        progress: Callable[[Progress], None] | None,
        cancel: threading.Event | None,
    ) -> Writer | None:
        """Index the first HEAD_START_FILES files found; the writer, for its counts."""
        first = scan(self.root, cancel=cancel, limit=HEAD_START_FILES)
        small = [f for f in first.files if _small(f.path, f.size)]  # never a cables.csv
        if first.cancelled or not small:
            return None
        writer = Writer(self._conn, bulk=True)
        tasks = writer.apply_scan(ScanResult(files=small), whole=False)
        report = Reporter(progress, started, 0, 0)
        self._consume(writer, parse_in_process(self._file_tasks(tasks)), cancel, report)
        writer.finish(complete=False)
        report(writer, force=True)  # a window asks for its first rows
        return writer

    def _file_tasks(self, planned: Iterable[Planned]) -> list[FileTask]:
        """What the parser needs of each file to parse: its absolute path, from where."""
        return [
            FileTask(t.file_id, str(self._abs(t.path)), t.skip, size=t.size, first_phase=True)
            for t in planned
        ]

    def _consume(
        self,
        writer: Writer,
        messages: Iterable[list[Piece]],
        cancel: threading.Event | None,
        report: Reporter,
        tasks: Iterable[FileTask] = (),
    ) -> None:
        in_order = InOrder(tasks)
        for message in messages:
            for piece in in_order(message):
                writer.add_piece(piece)
            if writer.due():
                writer.commit()
                report(writer)
            if cancel is not None and cancel.is_set():
                break
        writer.commit()

    def _abs(self, rel: str) -> Path:
        return in_root(self.root, rel, self._root_is_file)


def head_start(tasks: list[FileTask]) -> tuple[list[FileTask], list[FileTask]]:
    """The first HEAD_START_FILES small files (not a cables.csv), in the folder's order, and
    the rest; no head start for a folder of fewer than eight times that many files (the
    parser processes are soon at work there)."""
    if len(tasks) < 8 * HEAD_START_FILES:
        return [], tasks
    head: list[FileTask] = []
    rest: list[FileTask] = []
    for task in tasks:
        (head if _small(task.path, task.size) and len(head) < HEAD_START_FILES else rest).append(
            task
        )
    return head, rest


def _small(path: str, size: int) -> bool:
    """A file quick to parse here: not big, not a cables.csv (the whole release, maybe)."""
    return size <= HEAD_START_MAX_BYTES and not path.lower().endswith(".csv")
