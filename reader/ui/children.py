"""What runs in the window's child processes, and the server they start from: the refresh of
a folder (:func:`refresh_in_child`), a background job in a process of its own
(:func:`job_in_child`), the opener they open the index with (:class:`IndexOpener`), and the
:class:`JobControl` a job reports through.

No Qt here: a child unpickles its target and opener by importing the module that defines
them, and when that was the loader, every indexing process imported Qt and the loader
(a tenth of a second on two cores) before it listed the first file of the folder. The
server the children fork from imports this module ahead (see :func:`process_context`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.index.store import CorpusIndex, index_path
from reader.query.query import Progress

__all__ = [
    "CHILD_NICENESS",
    "PROGRESS_INTERVAL",
    "BackgroundJob",
    "IndexOpener",
    "JobControl",
    "TerminateAsked",
    "job_in_child",
    "process_context",
    "refresh_in_child",
    "start_process_server",
]


class JobControl:
    """What a background job is handed besides the index: where to report progress (and
    results made so far, which reach the window with the next progress report) and whether
    the analyst has cancelled it. Used from the job's thread only."""

    def __init__(self, report: Callable[[int, int, list], None], cancel: Any = None) -> None:
        #: a threading.Event, or in a child process the word from its parent
        self._cancel = cancel if cancel is not None else threading.Event()
        self._report = report
        self._items: list = []
        self._last = 0.0
        self._done = self._total = 0

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop (from any thread): it stops at its next check."""
        self._cancel.set()

    def progress(self, done: int, total: int, item: object = None) -> None:
        """``done`` of ``total`` steps; ``item``, when given, is a result made so far."""
        if item is not None:
            self._items.append(item)
        self._done, self._total = done, total
        now = time.monotonic()
        if done >= total or now - self._last >= PROGRESS_INTERVAL:
            self.flush()

    def flush(self) -> None:
        self._last = time.monotonic()
        items, self._items = self._items, []
        self._report(self._done, self._total, items)


#: ``job(index, control) -> result``, run on a job thread of its own with its own index (or
#: in a child process: then the job and its result must be picklable).
BackgroundJob = Callable[[Any, JobControl], object]


class _CancelPipe:
    """A child's side of its job's cancel: set when the parent has sent word down the pipe
    (a pipe, not a multiprocessing Event, whose named semaphore a killed child would leave
    in /dev/shm for good)."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._set = False

    def is_set(self) -> bool:
        if not self._set:
            with contextlib.suppress(OSError, EOFError):
                self._set = self._conn.poll()
        return self._set

    def set(self) -> None:
        self._set = True


def job_in_child(opener: Any, root: str, job: BackgroundJob, pipe: Any, cancel: Any) -> None:
    """A background job in a child process, reporting by ``pipe``, told to stop by word on
    ``cancel`` (never raises). For work in Qt: a Qt call made from Python holds the
    interpreter until it returns, and laying out a long cable's pages takes a good part of a
    second, which in the window's process would freeze the window for as long."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # it draws on paper, never on a screen
    if hasattr(os, "nice"):  # the window first: on two cores, a busy child delays its paints
        with contextlib.suppress(OSError):
            os.nice(CHILD_NICENESS)
    control = JobControl(lambda done, total, items: pipe.send(("progress", done, total, items)),
                         _CancelPipe(cancel))  # fmt: skip
    try:
        index = opener.checked(root)
    except Exception as exc:  # noqa: BLE001 - reported, shown to the analyst
        pipe.send(("failed", f"Could not read the index: {exc}"))
        pipe.close()
        return
    try:
        result = job(index, control)
        control.flush()
        pipe.send(("done", result))
    except Exception as exc:  # noqa: BLE001
        pipe.send(("failed", str(exc)))
    finally:
        index.close()
        pipe.close()
        cancel.close()


class IndexOpener:
    """Opens the real corpus index of a folder. Picklable, so a child process can use it:
    the loader refreshes in a child process only with an IndexOpener."""

    def __init__(self, cache_dir: Path | None = None, annotations: Path | None = None) -> None:
        self.cache_dir = cache_dir
        #: the analyst's annotations file (None: the user data directory's)
        self.annotations = annotations

    def __call__(self, root: str) -> CorpusIndex:
        index = CorpusIndex.open(root, cache_dir=self.cache_dir)
        index.annotations_path = self.annotations
        return index

    def checked(self, root: str) -> CorpusIndex:
        """The index of ``root`` that another connection has just opened and checked:
        without the page check again (on the UI thread, that was a stall)."""
        index = CorpusIndex.open(root, cache_dir=self.cache_dir, thorough=False)
        index.annotations_path = self.annotations
        return index

    def exists(self, root: str) -> bool:
        """True if ``root`` was indexed before: the window may read it at once."""
        return index_path(root, self.cache_dir).is_file()


#: A background job's progress reaches the UI at most this often (seconds); the final one
#: always does. (A refresh's reports are spaced by the index's own Reporter.)
PROGRESS_INTERVAL = 0.05
#: How much lower the indexing process runs than the window.
CHILD_NICENESS = 10


def refresh_in_child(opener: IndexOpener, root: str, pipe: Any, cancel: Any) -> None:
    """The child process: open, refresh, and report by ``pipe`` (never raises)."""
    if hasattr(os, "nice"):
        # indexing is background work: the window (and the analyst's other programs) first;
        # the parser processes the index starts inherit this
        with contextlib.suppress(OSError):
            os.nice(CHILD_NICENESS)

    def progress(p: Progress) -> None:
        # every report: the refresh's Reporter (index/writer.py) spaces them already
        # (PROGRESS_SECONDS); the few it forces closer are the ones a window waits for (the
        # first rows, the end of a phase), and one dropped here would leave the window
        # showing fewer cables than the index holds until the next report
        pipe.send(("progress", p))

    try:
        index = opener(root)
    except Exception as exc:  # noqa: BLE001 - reported, shown to the analyst
        pipe.send(("failed", f"Could not open {root}: {exc}"))
        return
    try:
        pipe.send(("opened",))
        index.refresh(progress=progress, cancel=cancel)
        pipe.send(("problems", list(index.file_problems())))
        pipe.send(("done", cancel.is_set()))
        if not cancel.is_set():
            # the window has its folder; now, at this process's low priority and until a
            # cancel, the table that answers a prefix or a common word from bitmaps
            # (index.word_bits): the window's queries use it once it is there
            index.build_words(cancel)
    except Exception as exc:  # noqa: BLE001
        pipe.send(("failed", f"Loading {root} failed: {exc}"))
    finally:
        index.close()
        pipe.close()


#: What the server imports before it forks the first child: all a refresh child needs before
#: its first rows. The store loads the parser, the checks and its write side (refresh) only
#: when it first needs them (a search starts sooner without them); a refresh child needs
#: them at once, and each imported there was a wait before the folder's first cables
#: (the write side: 0.05-0.08 s). This module is what a child unpickles its target from.
PRELOAD = [
    "reader.index.store",
    "reader.parser.parse",
    "reader.review.checks",
    "reader.review.graph",  # each row's references (rows.py imports it on first use)
    "reader.index.rows",
    "reader.index.refresh",
    "hashlib",  # the listing's digest (scan.listing_digest imports it on first use)
    "isal.isal_zlib",  # the packed texts (rows.pack_text imports it on first use)
    __name__,
]


def process_context() -> Any:
    """forkserver: children start from a small clean server, quickly after the first time
    (fork from this multi-threaded Qt process would be unsafe)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start_process_server() -> None:
    """Start the server the indexing processes fork from, in the background: it takes a
    quarter of a second (a fresh interpreter importing the parser), which the first folder
    opened would otherwise wait for before its first cable shows."""

    def start() -> None:
        process_context()  # its preload must be set before the server starts
        with contextlib.suppress(Exception):  # no server here: the refresh reports it
            multiprocessing.forkserver.ensure_running()

    threading.Thread(target=start, name="cable-reader-forkserver", daemon=True).start()


class TerminateAsked:
    """The SIGTERM handler of the start, from the moment the server above is started until
    the window can quit as Ctrl+Q does (app.py): it notes the signal, and the window quits
    as soon as it is made. Raising SystemExit from it instead ended a start inside Qt's
    imports with a crash now and then."""

    def __init__(self) -> None:
        self.asked = False

    def __call__(self, _signum: int, _frame: object) -> None:
        self.asked = True
