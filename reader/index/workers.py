"""Parse cable files in worker processes and hand the rows back to the one writer.

The pool is spawn-safe (no state inherited from the parent) and a worker ends by itself
when the process that started it dies, so a killed indexer leaves nothing behind: each
worker has a pipe of its own, not a multiprocessing queue, whose named semaphores a SIGKILL
of the whole process group would leave in /dev/shm.
Tests and small jobs use ``parse_in_process``: the same work, synchronously.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from reader.index.csvchunks import Chunk, cables_in, chunks
from reader.index.database import unpack_text
from reader.index.rows import CableRow, cable_row, header_row, parsed_again
from reader.index.scan import on_disk
from reader.model.records import Cable, ContainerMeta, Source
from reader.parser.containers import UnreadableFile, read_cables

__all__ = [
    "FileTask",
    "ParsePool",
    "Piece",
    "PoolBroken",
    "Reparse",
    "TimedOut",
    "TimedWorker",
    "parse_files",
    "parse_in_process",
    "parts_of",
    "seconds_for",
    "time_limit",
    "watched",
]

#: Rows a worker gathers before it sends them (fewer messages; about 1 MB each).
BATCH_ROWS = 128
#: A cables.csv at least this big is parsed in parts of CSV_PART_ROWS rows by all workers.
CSV_SPLIT_BYTES = 16_000_000
CSV_PART_ROWS = 1000


@dataclass(frozen=True, slots=True)
class FileTask:
    """A file to parse, or one part of a big cables.csv (``chunk``)."""

    file_id: int
    path: str  # absolute
    skip: int = 0  # cables already in the index (an interrupted cables.csv)
    chunk: Chunk | None = None
    part: int = 0  # the chunk's place in its file
    last: bool = True  # the file's last part
    size: int = 0  # bytes of the file or the chunk, for the progress
    first_phase: bool = False  # header rows (rows.header_row), the full parse left for later
    pack: bool = True  # full rows with their packed text (a team's corpus keeps none)


#: The second phase runs at this niceness (os.nice) in its worker processes: the first
#: phase of another folder, the window and the user's other programs go first. Not when the
#: caller waits for the whole refresh (Reparse.nice 0): on a machine where other programs
#: run, workers ten steps lower get about a tenth of a core each beside any one of them.
PHASE_TWO_NICE = 10


@dataclass(frozen=True, slots=True)
class Reparse:
    """The second phase for a batch of cables already in the index, by key: the worker
    reads each one's text and source from the index ``db`` (a job stays a few bytes, as a
    FileTask is: a pipe never fills with texts) and parses it as store.cable() does.
    ``root`` is the folder (or the one file) the index is of. Goes through the pool as a
    FileTask does: ``file_id`` is the batch's number."""

    file_id: int
    db: str
    root: str
    keys: tuple[int, ...]
    root_is_file: bool = False
    size: int = 0
    part: int = 0
    chunk: None = None
    last: bool = True
    #: how much lower than the refresh the worker runs (os.nice): PHASE_TWO_NICE in the
    #: background, 0 when the caller waits for the whole refresh (the index command)
    nice: int = PHASE_TWO_NICE


#: What a worker is given: files to read, or cables of the index to parse again.
Task = FileTask | Reparse

WORKER_NAME = "cable-parser-"
_niced = False


@dataclass(slots=True)
class Piece:
    """Some rows of one task; ``done`` with the task's last rows; ``last`` when the task is
    the file's last part; ``error`` when the file could not be read."""

    file_id: int
    rows: list[CableRow] = field(default_factory=list)
    done: bool = False
    error: str | None = None
    part: int = 0
    last: bool = True
    nbytes: int = 0  # with ``done``: the bytes of the task


def parse_file(task: Task) -> Iterator[Piece]:
    """The rows of one task, in pieces; the last piece has ``done`` set."""
    if isinstance(task, Reparse):
        yield reparse(task)
        return

    def piece(rows: list[CableRow], *, done: bool = False, error: str | None = None) -> Piece:
        return Piece(task.file_id, rows, done, error, task.part, task.last, task.size * done)

    # the parser is imported by the work that parses: a refresh of an unchanged folder
    # (every search starts with one) never loads it
    from reader.parser.parse import parse_cable, parse_header

    rows: list[CableRow] = []
    first = 0 if task.chunk is None else task.chunk.first_row - 1
    if task.first_phase:
        base, make_row = parse_header, header_row
    else:
        base, make_row = parse_cable, partial(cable_row, pack=task.pack)
    given: list[tuple[ContainerMeta | None, Cable]] = []  # what the parser was given, gave

    def parse(
        text: str, *, source: Source | None = None, meta: ContainerMeta | None = None
    ) -> Cable:
        parsed = base(text, source=source, meta=meta)
        given.append((meta, parsed))
        return parsed

    try:
        if task.chunk is None:
            cables = read_cables(task.path, parse)
        else:
            cables = cables_in(task.path, task.chunk, parse)
        for seq, cable in enumerate(cables, first):
            if seq < task.skip:
                continue
            # the index keeps the metadata the container gave the parser, not the cable's
            # (which may have a dumped record's merged in), and the problems the container
            # added: parsing the text again with them (rows.parsed_again: store.cable(), the
            # second phase) gives this very cable
            meta, parsed = given[-1] if given else (cable.meta, cable)
            added = len(cable.problems) - len(parsed.problems)
            kept = cable.problems[:added] if added > 0 else ()
            row = make_row(cable, seq, kept_meta=(meta, kept))
            given.clear()
            rows.append(row)
            if len(rows) >= BATCH_ROWS:
                yield piece(rows)
                rows = []
    except UnreadableFile as exc:
        yield piece([], done=True, error=exc.reason)
        return
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the whole index
        yield piece([], done=True, error=f"the parser failed on this file: {exc!r}")
        return
    yield piece(rows, done=True)


def reparse(task: Reparse) -> Piece:
    """The full parse and rows of a batch of cables, as store.cable() parses each (so what
    the index holds and what the window shows of a cable agree)."""
    global _niced
    in_pool = multiprocessing.current_process().name.startswith(WORKER_NAME)
    if in_pool and not _niced and task.nice:
        _niced = True  # a pool's worker process (not the caller's): lowered once, for good
        try:
            os.nice(task.nice)
        except (AttributeError, OSError):
            pass  # no niceness here (Windows): the work goes on at the usual priority
    rows: list[CableRow] = []
    try:
        marks = ",".join("?" * len(task.keys))
        # a worker keeps its connection; the caller's own process opens one a batch, so
        # that none outlives the refresh (nor holds a rebuilt index's old file)
        conn = _index_connection(task.db) if in_pool else _connect_read_only(task.db)
        try:
            found = conn.execute(
                "SELECT c.key, t.packed, f.path, c.format, c.row, c.meta FROM cables c"
                " JOIN texts t ON t.key = c.key JOIN files f ON f.id = c.file_id"
                f" WHERE c.key IN ({marks}) ORDER BY c.key",
                task.keys,
            ).fetchall()
        finally:
            if not in_pool:
                conn.close()
        for key, packed, path, fmt, csv_row, meta in found:
            where = task.root if task.root_is_file else str(Path(task.root) / on_disk(path))
            cable = parsed_again(unpack_text(packed), Source(where, fmt, csv_row), meta)
            row = cable_row(cable, 0, pack=False)
            row.key, row.text = key, ""  # the index has the text: not sent back
            # the metadata the container gave, as the first phase kept it (parse_file): not
            # the cable's, which has a dumped record's merged in; store.cable() parsing
            # with that would take the record's ID for the container's
            row.meta = meta
            rows.append(row)
    except Exception as exc:  # noqa: BLE001 - a damaged text, an unreadable index
        return Piece(task.file_id, [], True, f"the parser failed on these cables: {exc!r}")
    return Piece(task.file_id, rows, True, nbytes=task.size)


_connections: dict[str, sqlite3.Connection] = {}


def _index_connection(db: str) -> sqlite3.Connection:
    """This process's read-only connection to the index ``db`` (one, kept)."""
    conn = _connections.get(db)
    if conn is None:
        conn = _connections[db] = _connect_read_only(db)
    return conn


def _connect_read_only(db: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30.0)


def parse_files(tasks: Iterable[Task], slot: Any = None) -> Iterator[list[Piece]]:
    """Pieces of several files grouped into messages of about BATCH_ROWS rows. ``slot``
    (a shared array) shows the pool which task is being parsed and since when."""
    message: list[Piece] = []
    size = 0
    for task in tasks:
        if slot is not None:
            slot[1] = time.monotonic_ns()  # the time first: the pool reads the file first
            slot[2] = task.part
            slot[0] = task.file_id
        sent = False  # some of the file's rows went in an earlier message
        for piece in parse_file(task):
            message.append(piece)
            size += len(piece.rows) + 1
            # a file whose first rows were sent is sent to its end at once, so that a
            # worker that dies later never has half a file to give back
            if size >= BATCH_ROWS or (piece.done and sent):
                yield message
                message, size = [], 0
                sent = not piece.done
    if slot is not None:
        slot[0] = -1
    if message:
        yield message


def parse_in_process(tasks: Iterable[Task]) -> Iterator[list[Piece]]:
    """The synchronous pool: what ParsePool yields, computed in this thread, a piece at a
    time (so a cancel is seen after every file)."""
    for task in tasks:
        for piece in parse_file(task):
            yield [piece]


def _worker_main(tasks: Any, results: Any, parent: int, index: int, slot: Any = None) -> None:
    """Loop of one worker process: take a list of FileTasks, send back pieces. ``tasks`` and
    ``results`` are the worker's end of its pipe (one duplex connection: no queue, so no
    named semaphore that a SIGKILL of the whole process group would leave in /dev/shm). It
    ends itself (at once, without flushing to a pipe nobody reads) when the parent is gone."""
    # Ctrl-C reaches the whole process group: the parent decides what happens, not us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the parser is loaded before any file's time starts: its import (compiling its
    # patterns, and its modules from source where no bytecode is kept) is the process's
    # start, not the first file's parse, which a time limit measures
    import reader.parser.parse  # noqa: F401

    def check_parent() -> None:
        if os.getppid() != parent:
            os._exit(0)

    def send(item: tuple[str, int, object]) -> None:
        try:
            results.send(item)
        except (BrokenPipeError, ConnectionResetError, EOFError):
            os._exit(0)  # the parent closed its end: nobody reads

    while True:
        try:
            if not tasks.poll(1.0):
                check_parent()
                continue
            job = tasks.recv()
        except (EOFError, OSError):
            os._exit(0)
        if job is None:
            return
        send(("start", index, job))
        for message in parse_files(job, slot):
            send(("pieces", index, message))
        send(("idle", index, None))


class PoolBroken(RuntimeError):
    """Worker processes keep dying before they take any work (they cannot start here)."""


#: A file (or a part of a cables.csv) may take this long to parse, plus FILE_SECONDS_PER_MB
#: for each MB of it, before its worker is stopped: the parser is linear and does a MB in
#: well under a second, so only a file that would hold up the folder is stopped.
FILE_SECONDS = 60.0
FILE_SECONDS_PER_MB = 10.0
#: How often the pool looks for workers that died or are stuck on a file (seconds).
WATCH_SECONDS = 0.5


#: A file this big is parsed by a worker process (which can be stopped) even in a folder
#: too small to be worth the pool: a cable is a few kB, and a file that could hold up the
#: folder is an unusual one (32 of the 11,214 sample files are bigger).
WATCHED_BYTES = 64 * 1024


def watched(tasks: list[FileTask]) -> bool:
    """Whether some of ``tasks`` should be parsed where a time limit can stop them."""
    return any(t.size >= WATCHED_BYTES for t in tasks)


def time_limit(task: Task) -> float:
    """Seconds a worker may spend on ``task``."""
    return seconds_for(task.size)


def seconds_for(size: int) -> float:
    """Seconds a worker may spend on a file of ``size`` bytes."""
    return FILE_SECONDS + FILE_SECONDS_PER_MB * size / 1_048_576


#: How long a TimedWorker's process may take to start and take a call (seconds): a process
#: that cannot start at all is stopped too, but a slow start is not a slow call.
START_SECONDS = 120.0


class TimedOut(Exception):
    """A TimedWorker's call took longer than its limit (``seconds``), or its process died
    (``seconds`` None): the process is gone, the next call starts another."""

    def __init__(self, seconds: float | None) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class TimedWorker:
    """One worker process that runs a generator function for the caller and hands back its
    items as they come, stopped when one call takes longer than its limit: what the pool
    does for the index, for a caller that wants one file's answers at a time, in order (the
    ``parse`` command). Spawned once, on the first call, and kept for the next ones.
    ``fn`` must be a module-level function (it is sent by name)."""

    def __init__(self) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._conn: Any = None

    def stream(self, seconds: float, fn: Any, *args: object) -> Iterator[object]:
        """The items of ``fn(*args)``, run in the worker; TimedOut when the whole call has
        taken longer than ``seconds`` or the worker died."""
        if self._process is None:
            self._conn, child = self._ctx.Pipe()
            self._process = self._ctx.Process(
                target=_timed_main, args=(child, os.getpid()), daemon=True
            )
            self._process.start()
            child.close()
        # the call's time starts when the worker has it: its process started and the
        # module of ``fn`` imported, which on a busy machine alone can pass a short limit
        limit = START_SECONDS
        deadline = time.monotonic() + limit
        self._conn.send((fn, args))
        ended = False
        try:
            while True:
                try:
                    if not self._conn.poll(max(0.0, deadline - time.monotonic())):
                        raise TimedOut(limit)
                    kind, value = self._conn.recv()
                except (EOFError, OSError):
                    raise TimedOut(None) from None
                if kind == "started":
                    limit = seconds
                    deadline = time.monotonic() + limit
                    continue
                if kind == "end":
                    ended = True
                    return
                if kind == "error":
                    ended = True
                    raise RuntimeError(value)
                yield value
        finally:
            if not ended:  # stopped, dead, or left before its end: its answers would linger
                self.close()

    def close(self) -> None:
        """Stop the worker (at once: it may be stuck in a pattern that never returns)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._conn.close()
        self._process = self._conn = None


def _timed_main(conn: Any, parent: int) -> None:
    """Loop of a TimedWorker's process: take (fn, args), send back each item, then "end"."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    os._exit(0)
                continue
            fn, args = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            try:
                conn.send(("started", None))
                for item in fn(*args):
                    conn.send(("item", item))
                conn.send(("end", None))
            except (BrokenPipeError, ConnectionResetError, EOFError):
                raise
            except Exception as exc:  # a bug in fn: the caller says so and goes on
                conn.send(("error", f"{type(exc).__name__}: {exc}"))
        except (BrokenPipeError, ConnectionResetError, EOFError):
            os._exit(0)  # the caller closed its end: nobody reads


class ParsePool:
    """Worker processes that parse FileTasks; ``messages()`` yields lists of Pieces.

    A worker that dies (a crash in the parser) costs only the files it held: they come
    back as pieces with an error, and a new worker takes its place. So does a worker that
    spends longer than its time_limit on one file: it is stopped, that file is reported
    with the reason, and the rest goes on.
    """

    def __init__(self, workers: int, *, files_per_job: int = 16) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._conns: list[Any] = []  # the pool's end of each worker's pipe
        #: per worker, the jobs sent to it and not finished, oldest (the one it is on) first
        self._sent: list[deque[list[Task]]] = []
        self._requeued: deque[list[Task]] = deque()  # jobs of dead workers, to send again
        self._files_per_job = files_per_job
        self._procs: list[Any] = []
        self._jobs: dict[int, list[Task]] = {}  # worker index -> its current job
        self._held: dict[int, list[int]] = {}  # worker index -> file ids it has not finished
        self._pending_jobs = 0  # jobs handed over and not finished
        self._waiting: Iterator[list[Task]] = iter(())
        self._closed = False
        self._idle_deaths = 0
        #: per worker: the file id it parses now (-1 between jobs), since when (ns of
        #: time.monotonic, shared by all processes), and which part of it
        self._slots: list[Any] = [self._ctx.RawArray("q", 3) for _ in range(workers)]
        self._stopped: dict[int, str] = {}  # worker index -> why it was stopped
        self._watched = time.monotonic()
        for index in range(workers):
            self._start(index)

    #: what a worker process runs (a test swaps in one that fails to start)
    worker_main: Any = staticmethod(_worker_main)

    def _start(self, index: int) -> None:
        self._slots[index][0] = -1
        mine, theirs = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=self.worker_main,
            args=(theirs, theirs, os.getpid(), index, self._slots[index]),
            daemon=True,
            name=f"{WORKER_NAME}{index}",
        )
        proc.start()
        theirs.close()  # the worker has its own copy: a dead worker is then an EOF here
        if index < len(self._procs):
            self._conns[index].close()
            self._procs[index], self._conns[index] = proc, mine
            self._sent[index] = deque()
        else:
            self._procs.append(proc)
            self._conns.append(mine)
            self._sent.append(deque())

    def submit(self, tasks: Iterable[Task]) -> None:
        """Files to parse, in this order; big files go alone, small ones in jobs of a few.
        Jobs are handed over a few at a time, as workers take them."""
        self._waiting = self._jobs_of(iter(tasks))
        self._fill()

    def _jobs_of(self, tasks: Iterator[Task]) -> Iterator[list[Task]]:
        job: list[Task] = []
        for task in tasks:
            if task.chunk is not None:
                yield [task]  # parts of a big file go to every worker
                continue
            job.append(task)
            if len(job) >= self._files_per_job:
                yield job
                job = []
        if job:
            yield job

    def _fill(self) -> None:
        """Send each live worker jobs until it holds two (the one it is on and the next)."""
        for index, sent in enumerate(self._sent):
            while len(sent) < 2 and self._procs[index].is_alive():
                job = self._requeued.popleft() if self._requeued else next(self._waiting, None)
                if job is None:
                    return
                try:
                    self._conns[index].send(job)
                except OSError:  # died just now: the watch gives its jobs to another
                    self._requeued.appendleft(job)
                    break
                sent.append(job)
                self._pending_jobs += 1

    def _put(self, job: list[Task]) -> None:
        """A job to send again (the rest of a dead worker's), before the waiting ones."""
        self._requeued.appendleft(job)
        self._fill()

    def messages(self, cancel: threading.Event | None = None) -> Iterator[list[Piece]]:
        """Pieces as the workers send them, until every submitted job is done or cancel."""
        while self._pending_jobs > 0:
            if cancel is not None and cancel.is_set():
                return
            if time.monotonic() - self._watched >= WATCH_SECONDS:
                # not only when no message comes: the others may keep the queue busy
                self._watched = time.monotonic()
                self._stop_slow_workers()
                lost = self._replace_dead_workers()
                if lost:
                    yield lost
            ready: list[Any] = multiprocessing.connection.wait(self._conns, timeout=0.2)
            for conn in ready:
                try:
                    message: tuple[str, int, Any] = conn.recv()
                    kind, index, payload = message
                except (EOFError, OSError):  # a worker died: its files, and a new one
                    dead = self._conns.index(conn)
                    self._procs[dead].join(timeout=5)
                    lost = self._replace_dead_workers()
                    if lost:
                        yield lost
                    break  # the list of pipes changed
                if kind == "start":
                    self._jobs[index] = payload
                    self._held[index] = [t.file_id for t in payload]
                elif kind == "pieces":
                    held = self._held.get(index, [])
                    for piece in payload:
                        if piece.done and piece.file_id in held:
                            held.remove(piece.file_id)
                    yield payload
                else:  # idle: the job is finished
                    self._held.pop(index, None)
                    self._jobs.pop(index, None)
                    if self._sent[index]:
                        self._sent[index].popleft()
                    self._pending_jobs -= 1
                    self._fill()

    def _stop_slow_workers(self) -> None:
        """Stop each worker that has spent longer than its time_limit on one file."""
        now = time.monotonic_ns()
        for index, proc in enumerate(self._procs):
            slot = self._slots[index]
            file_id = slot[0]
            started = slot[1]
            if file_id < 0 or index in self._stopped or not proc.is_alive():
                continue
            task = next(
                (
                    t
                    for t in self._jobs.get(index, [])
                    if t.file_id == file_id and t.part == slot[2]
                ),
                None,
            )
            if task is None:
                continue  # a job this pool has not seen start yet
            limit = time_limit(task)
            if (now - started) / 1e9 > limit:
                self._stopped[index] = (
                    f"parsing it took longer than {limit:.0f} s: stopped, so that the rest of"
                    " the folder goes on"
                )
                proc.kill()
                proc.join(timeout=5)

    def _replace_dead_workers(self) -> list[Piece]:
        """Start a new worker for each dead one; the file it was on comes back as an error,
        the rest of its job and the jobs it had not begun go to the others."""
        lost: list[Piece] = []
        for index, proc in enumerate(self._procs):
            if proc.is_alive():
                continue
            held = self._held.pop(index, None)
            stopped = self._stopped.pop(index, None)
            sent = list(self._sent[index])
            started = self._jobs.pop(index, None) if held is not None else None
            if held is None:
                self._idle_deaths += 1
                if self._idle_deaths > 2 * len(self._procs):
                    raise PoolBroken(f"parser processes do not start (exit code {proc.exitcode})")
            on = self._slots[index][0]  # the file it was parsing, if it was in one
            self._start(index)
            self._pending_jobs -= len(sent)
            # the jobs it had not begun go back whole, in their order
            for job in reversed(sent[1:] if started is not None else sent):
                self._requeued.appendleft(job)
            if held:
                culprit = on if on in held else held[0]
                reason = stopped or f"the parser stopped on this file (exit code {proc.exitcode})"
                lost.append(Piece(culprit, done=True, error=reason))
                rest = [t for t in started or [] if t.file_id in held and t.file_id != culprit]
                if rest:
                    self._requeued.appendleft(rest)
        self._fill()
        return lost

    def close(self) -> None:
        """Stop the workers now (finished or cancelled); safe to call twice."""
        if self._closed:
            return
        self._closed = True
        for proc in self._procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self._procs:
            proc.join(timeout=5)
        for conn in self._conns:
            conn.close()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parts_of(task: FileTask, size: int, workers: int) -> list[FileTask]:
    """The parts of a big cables.csv (those not indexed yet), or the task itself."""
    if workers < 2 or size < CSV_SPLIT_BYTES or not task.path.lower().endswith(".csv"):
        return [task]
    try:
        found = chunks(task.path, CSV_PART_ROWS)
    except OSError:
        return [task]  # the worker will say why it cannot be read
    if not found or len(found) < 2:
        return [task]
    parts = [
        replace(task, chunk=c, part=n, last=n == len(found) - 1, size=c.end - c.start)
        for n, c in enumerate(found)
    ]
    return [p for p in parts if p.chunk and p.chunk.first_row - 1 + p.chunk.rows > task.skip]
