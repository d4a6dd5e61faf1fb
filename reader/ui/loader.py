"""The one place the window starts threads (and a process): indexing a folder, answering filters.

An opened folder is served by:

* the *refresh* thread, which runs ``CorpusIndex.refresh`` (scan, parse, commit in batches).
  With the real index it does so in a child process and only relays its messages: the
  refresh is Python work, and in this process it would hold the GIL the UI thread needs for
  every ``data()`` call of a model (the window froze for a second at a time when it ran here);
* the *query* thread, with its own ``CorpusIndex`` (sqlite connections belong to one thread),
  answers the newest Filter only (keys in sort order, then facet counts), so typing fast
  never queues up stale work.

Results come back by queued signals tagged with generation numbers (calibre's
``ResultsModel``): a second folder, or a newer filter, makes everything older stale and it is
dropped here, never reaching a widget. Cancelling sets an event the index polls.

The UI thread keeps a third, read-only ``CorpusIndex`` for the page of hits a tree row shows
(indexed columns, a millisecond): see :meth:`Loader.index`. Whatever reads a cable's text or
parses it (a cable to read, the children of an expanded row, the raw file text, a reference
thread, citations), and so may take as long as the biggest cable, goes to the *look-up*
thread, with a fourth ``CorpusIndex``: see :meth:`Loader.look_up`.

Long work the analyst asks for (a reading pack of thousands of cables, a batch search of
hundreds of terms) runs on a *job* thread of its own, with an index of its own, reporting
progress and stopping when cancelled: see :meth:`Loader.start_job`. It would hold up the
look-up thread, and so every cable the analyst opens meanwhile, for minutes.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

# imported here, at start, not on first use: importing it on the UI thread froze the window
from reader.annotate.annotations import AnnotationError
from reader.index.database import IndexRebuilt
from reader.index.index_protocol import Index, Refused
from reader.query.query import FacetValue, FileProblem, Filter, Hit, Progress
from reader.ui.children import (
    BackgroundJob,
    IndexOpener,
    JobControl,
    job_in_child,
    process_context,
    refresh_in_child,
    start_process_server,
)

__all__ = [
    "BackgroundJob",
    "IndexFactory",
    "IndexOpener",
    "JobControl",
    "Loader",
    "LookupJob",
    "QueryResult",
    "Refreshable",
]

#: ``factory(root) -> Index``: IndexOpener for a folder, the PostgreSQL store's opener for a
#: team's corpus; tests pass a fake. A factory whose ``refreshes`` is False opens a corpus
#: that others keep up to date (``cable-reader index --store``): the loader only opens it.
IndexFactory = Callable[[str], Index]
#: ``job(index) -> result``, run on the look-up thread with its own index: it must not touch
#: a widget, and it gets the index of the folder open when it was asked.
LookupJob = Callable[[Index], object]
_T = TypeVar("_T")


@runtime_checkable
class Refreshable(Protocol):
    """An index the loader brings up to date with its folder (CorpusIndex)."""

    def refresh(
        self,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None: ...

    def file_problems(self) -> list[FileProblem]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to one Filter: every matching key in sort order, and the corpus size."""

    filter: Filter
    keys: list[int]
    total: int
    elapsed: float
    #: the hits of the first keys (the tree's first page), read with the answer on the
    #: query thread of a folder's index: the UI thread need not read them (out of the
    #: system's cache, after a restart, that read held the window some 0.1-0.4 s)
    hits: tuple[Hit, ...] = ()


def _watch_child(
    child: Any,
    receiver: Any,
    cancelled: Callable[[], bool],
    tell: Callable[[], None],
    grace: float,
) -> Iterator[tuple[str, list[Any]]]:
    """The messages a child process sends down ``receiver``, as (kind, payload): the one way
    the refresh's child and a background job's are watched. Once ``cancelled()`` turns true
    the child is told with ``tell()``, and killed ``grace`` seconds later if it has not
    finished: then ("killed", []). A pipe that ends without a last word gives ("ended",
    [exit code])."""
    cancelled_at: float | None = None
    while True:
        if cancelled_at is None and cancelled():
            cancelled_at = time.monotonic()
            tell()
        if cancelled_at is not None and time.monotonic() - cancelled_at > grace:
            child.kill()
            yield "killed", []
            return
        try:
            if not receiver.poll(0.05):
                continue
            kind, *payload = receiver.recv()
        except (EOFError, OSError):
            child.join(5)
            yield "ended", [child.exitcode]
            return
        yield kind, payload


def _checked(factory: IndexFactory) -> IndexFactory:
    """What opens an index another connection has opened and checked already (no page
    check again: 0.1 s of CPU at 250,000 cables), or the factory itself."""
    return getattr(factory, "checked", factory)


def _reap_child(child: Any, grace: float) -> None:
    """Wait ``grace`` seconds for a child that was told to end, then kill it."""
    child.join(grace)
    if child.is_alive():
        child.kill()
        child.join()


class _FolderThread(QThread):
    """A thread serving one opened folder: its ``generation``, root and index factory."""

    def __init__(self, generation: int, root: str, factory: IndexFactory) -> None:
        super().__init__()
        self.generation = generation
        self.root = root
        self.factory = factory


class _RefreshThread(_FolderThread):
    opened = Signal(int, str)
    progressed = Signal(int, object)
    problems = Signal(int, object)
    done = Signal(int, bool)
    failed = Signal(int, str)

    #: After a cancel, the child gets this long (s) to stop cleanly before it is killed
    #: (the index is built to survive that).
    CANCEL_GRACE = 15.0

    def __init__(self, generation: int, root: str, factory: IndexFactory) -> None:
        super().__init__(generation, root, factory)
        self.cancel = threading.Event()
        #: Set when run() is over; a later refresh waits on its predecessor's (an Event, not
        #: the QThread, which may be deleted by then).
        self.ended = threading.Event()
        self.previous: threading.Event | None = None

    def _progress(self, p: Progress) -> None:
        # every report, as from the child process (refresh_in_child says why)
        self.progressed.emit(self.generation, p)

    def run(self) -> None:
        try:
            if self.previous is not None:
                # a cancelled refresh before this one must be gone before this one opens
                # the index: two writers, or an open during another's rebuild, risk the file
                self.previous.wait()
            if self.cancel.is_set():
                self.done.emit(self.generation, True)
            elif isinstance(self.factory, IndexOpener):
                self._run_child()
            elif getattr(self.factory, "refreshes", True):
                self._run_here()
            else:
                self._run_open_only()
        finally:
            self.ended.set()

    def _open(self) -> Index | None:
        """The index opened here, or None once ``failed`` has said why it could not be."""
        try:
            return self.factory(self.root)
        except Exception as exc:  # noqa: BLE001 - any failure is shown to the analyst
            self.failed.emit(self.generation, f"Could not open {self.root}: {exc}")
            return None

    def _run_open_only(self) -> None:
        """A corpus kept up to date by others: opened once, to say at once whether it can
        be (a server that cannot be reached says so here), and done."""
        gen = self.generation
        if (index := self._open()) is None:
            return
        try:
            self.opened.emit(gen, self.root)
            self.problems.emit(gen, index.file_problems())
            self.done.emit(gen, False)
        finally:
            index.close()

    def _run_here(self) -> None:
        gen = self.generation
        if (index := self._open()) is None:
            return
        try:
            if not isinstance(index, Refreshable):
                raise TypeError(f"{type(index).__name__} cannot be refreshed")
            self.opened.emit(gen, self.root)
            index.refresh(progress=self._progress, cancel=self.cancel)
            self.problems.emit(gen, list(index.file_problems()))
            self.done.emit(gen, self.cancel.is_set())
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(gen, f"Loading {self.root} failed: {exc}")
        finally:
            index.close()

    def _run_child(self) -> None:
        gen = self.generation
        ctx = process_context()
        receiver, sender = ctx.Pipe(duplex=False)
        cancel = ctx.Event()
        child = ctx.Process(
            target=refresh_in_child,
            name="cable-reader-index",
            args=(self.factory, self.root, sender, cancel),
        )
        try:
            child.start()
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(gen, f"Could not start indexing {self.root}: {exc}")
            return
        sender.close()
        messages = _watch_child(child, receiver, self.cancel.is_set, cancel.set, self.CANCEL_GRACE)
        done = False
        for kind, payload in messages:
            if done:
                # the refresh is done; what the child does after it (the full text's words,
                # refresh_in_child) ends with it, or by the cancel of a later refresh
                if kind in ("killed", "ended"):
                    break
                continue
            if kind == "killed" or (kind == "ended" and self.cancel.is_set()):
                self.done.emit(gen, True)
                break
            if kind == "ended":
                self.failed.emit(
                    gen, f"Indexing {self.root} stopped unexpectedly (exit code {payload[0]})"
                )
                break
            if kind == "opened":
                self.opened.emit(gen, self.root)
            elif kind == "progress":
                self.progressed.emit(gen, payload[0])
            elif kind == "problems":
                self.problems.emit(gen, payload[0])
            elif kind == "done":
                self.done.emit(gen, bool(payload[0]))
                done = True
            elif kind == "failed":
                self.failed.emit(gen, payload[0])
                break
        receiver.close()
        _reap_child(child, self.CANCEL_GRACE)


#: A request of the query thread: (query generation, filter, with the facet counts, only
#: the counts of the user facets, the one change that made them recounted if known).
_Request = tuple[int, Filter, bool, bool, "UserChange | None"]

#: One change of the annotations: (the user value, as ("starred", "starred") or ("label",
#: NAME); the cable IDs; given or taken away).
UserChange = tuple[tuple[str, str], tuple[str, ...], bool]


def _with_user_facets(index: Index, f: Filter, facets: dict) -> dict:
    """The index's facet counts and the analyst's own: none of these when the annotations
    cannot be read (a damaged file), which the status bar says (Annotating); that failure
    once stopped the whole answer, "Query failed" in place of every facet and cable."""
    try:
        user = index.user_facets(f)
    except AnnotationError:
        user = {}
    return {**facets, **user}


class _QueryThread(_FolderThread):
    answered = Signal(int, object)  # query generation, QueryResult
    counted = Signal(int, object)  # query generation, facets dict
    user_counted = Signal(int, object)  # query generation, the user facets' counts
    failed = Signal(int, str)
    #: folder generation, message: damage met, the index rebuilt. The folder's, not the
    #: query's: a newer query does not make the rebuild (which emptied the index) stale
    rebuilt = Signal(int, str)
    #: folder generation, the window's own index when opened here (else None): its index
    #: is open (checked, rebuilt if need be)
    ready = Signal(int, object)
    unusable = Signal(int, str)

    #: The longest the counts wait for the UI to show the keys (s).
    SHOWN_WAIT = 0.25
    #: After counts made from the one change known, how long the thread waits for another
    #: request before it reads the annotations again to count them as they are (s).
    CONFIRM_AFTER = 0.5

    def __init__(
        self, generation: int, root: str, factory: IndexFactory, first_hits: int = 0
    ) -> None:
        super().__init__(generation, root, factory)
        #: how many of an answer's first keys it reads the hits of (Loader.first_hits);
        #: none from a server's corpus (``remote``), whose rows the tree asks of it apart,
        #: so that an answer never waits for them
        self.first_hits = first_hits
        self._lock = threading.Condition()
        self._request: _Request | None = None
        self._stopping = False
        #: Set by the UI once it has shown the keys; counting waits for it, so the two do
        #: not fight over the GIL while the tree is being filled and painted.
        self.shown = threading.Event()

    def ask(self, generation: int, f: Filter, facets: bool) -> None:
        """Replace any waiting request with this one."""
        with self._lock:
            self._request = (generation, f, facets, False, None)
            self._lock.notify()

    def ask_user_facets(self, generation: int, f: Filter, change: UserChange | None) -> None:
        """Count the user facets of ``f`` again, unless a whole query waits (it counts them);
        ``change``: the one change since the last count, when known. Two recounts waiting
        are one, and no longer one known change."""
        with self._lock:
            if self._request is None or self._request[3]:
                if self._request is not None:
                    change = None
                self._request = (generation, f, False, True, change)
                self._lock.notify()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify()
        self.shown.set()

    def _next(self) -> _Request | None:
        with self._lock:
            while self._request is None and not self._stopping:
                self._lock.wait()
            if self._stopping:
                return None
            request, self._request = self._request, None
            return request

    def _superseded(self) -> bool:
        with self._lock:
            return self._request is not None or self._stopping

    def run(self) -> None:
        try:  # here, not on the UI thread: opening may rebuild an index of an older version
            index = self.factory(self.root)
        except Exception as exc:  # noqa: BLE001
            self.unusable.emit(self.generation, f"Could not read the index of {self.root}: {exc}")
            return
        self.ready.emit(self.generation, self._window_index())
        prepared = False
        try:
            while (request := self._next()) is not None:
                gen, f, want_facets, user_only, change = request
                try:
                    if user_only:
                        self._recount_user(index, gen, f, change)
                        continue
                    start = time.perf_counter()
                    keys = index.keys(f)
                    total = index.total()
                    elapsed = time.perf_counter() - start
                    first = (
                        tuple(index.hits(keys[: self.first_hits]))
                        if self.first_hits and not getattr(index, "remote", False)
                        else ()
                    )
                    self.shown.clear()
                    self.answered.emit(gen, QueryResult(f, keys, total, elapsed, first))
                    self.shown.wait(self.SHOWN_WAIT)
                    if want_facets and not self._superseded():
                        self.counted.emit(gen, _with_user_facets(index, f, index.facets(f)))
                    if not prepared and not self._superseded():
                        # the first view answered and nothing else asked: pay now what the
                        # next query's facets would pay first (numpy, the matrix of the
                        # common values: 0.2-0.3 s at 250,000 cables), not when it is asked;
                        # while a refresh writes the postings, again after the next query
                        prepared = index.prepare()
                except IndexRebuilt as exc:  # damage met and mended: the folder must be read again
                    self.rebuilt.emit(self.generation, str(exc))
                except Exception as exc:  # noqa: BLE001 - a bad query must not kill the thread
                    self.failed.emit(gen, f"Query failed: {exc}")
        finally:
            index.close()

    def _window_index(self) -> Index | None:
        """The window's own index of a corpus kept by others (a server's), opened here: it
        connects to the server, which may be slow to answer, or never, and the window must
        not wait for it. None for a folder's: its SQLite connection is for the thread that
        opens it, and the window's opens it at once."""
        if getattr(self.factory, "refreshes", True):
            return None
        try:
            return self.factory(self.root)
        except Exception:  # noqa: BLE001 - the window's thread tries, and says why not
            return None

    def _recount_user(self, index: Index, gen: int, f: Filter, change: UserChange | None) -> None:
        """The user facets counted again after a change of the annotations: first from the
        sets as last read with the one change made (a star shown in a few ms, not after the
        annotations are read again), then from the annotations as they are (another
        window's changes too), shown only when that differs."""
        quick = index.user_facets_after(f, *change) if change is not None else None
        if quick is not None:
            self.user_counted.emit(gen, quick)
            # the annotations are read again once the analyst pauses: reading them right
            # away took the interpreter from the next star's write (20,000 stars at 250k)
            with self._lock:
                if self._request is None and not self._stopping:
                    self._lock.wait(self.CONFIRM_AFTER)
            if self._superseded():
                return
        counted = _with_user_facets(index, f, {})
        if counted != quick:
            self.user_counted.emit(gen, counted)


class _LookupThread(_FolderThread):
    """Runs look-up jobs with an index of its own, oldest kind first; of each kind only the
    newest request waits (a thread view following the cursor asks once per cable)."""

    answered = Signal(int, int, str, object)  # folder generation, request, kind, result
    failed = Signal(int, int, str, str)  # folder generation, request, kind, message

    def __init__(self, generation: int, root: str, factory: IndexFactory) -> None:
        super().__init__(generation, root, factory)
        self._lock = threading.Condition()
        self._waiting: dict[str, tuple[int, LookupJob]] = {}
        self._stopping = False

    def ask(self, request: int, kind: str, job: LookupJob) -> None:
        with self._lock:
            self._waiting.pop(kind, None)  # the newer goes to the end of the line
            self._waiting[kind] = (request, job)
            self._lock.notify()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify()

    def _next(self) -> tuple[str, int, LookupJob] | None:
        with self._lock:
            while not self._waiting and not self._stopping:
                self._lock.wait()
            if self._stopping:
                return None
            kind = next(iter(self._waiting))
            request, job = self._waiting.pop(kind)
            return kind, request, job

    def run(self) -> None:
        gen = self.generation
        # started once the query thread has opened and checked the index: checking its pages
        # again here (0.1 s of CPU at 250,000 cables) delayed that thread's first answer
        try:
            index = _checked(self.factory)(self.root)
        except Exception as exc:  # noqa: BLE001 - every waiting look-up is told
            while (item := self._next()) is not None:
                self.failed.emit(gen, item[1], item[0], f"Could not read the index: {exc}")
            return
        try:
            while (item := self._next()) is not None:
                kind, request, job = item
                try:
                    self.answered.emit(gen, request, kind, job(index))
                except Refused as exc:  # says itself what the analyst needs to know
                    self.failed.emit(gen, request, kind, str(exc))
                except Exception as exc:  # noqa: BLE001 - a failed look-up must not end it
                    self.failed.emit(gen, request, kind, f"{kind} failed: {exc}")
        finally:
            index.close()


class _JobThread(_FolderThread):
    """Runs one background job with an index of its own; its progress is paced (at most one
    report every PROGRESS_INTERVAL reaches the UI, the results made so far with it)."""

    progressed = Signal(int, int, int, int, object)  # folder gen, request, done, total, items
    answered = Signal(int, int, object)  # folder generation, request, result
    failed = Signal(int, int, str)  # folder generation, request, message
    cancelled = Signal(int, int)  # folder generation, request

    #: After a cancel, a child gets this long (s) to stop and clean up before it is killed.
    CANCEL_GRACE = 15.0

    def __init__(
        self,
        generation: int,
        root: str,
        factory: IndexFactory,
        request: int,
        job: BackgroundJob,
        in_process: bool = False,
    ) -> None:
        super().__init__(generation, root, factory)
        self.request = request
        self.job = job
        # a child process only with the real index (a test's fake lives in this process)
        self.in_process = in_process and isinstance(factory, IndexOpener)
        self.control = JobControl(self._report)

    def _report(self, done: int, total: int, items: list) -> None:
        self.progressed.emit(self.generation, self.request, done, total, items)

    def run(self) -> None:
        if self.in_process:
            self._run_child()
        else:
            self._run_here()

    def _run_child(self) -> None:
        gen, request = self.generation, self.request
        ctx = process_context()
        receiver, sender = ctx.Pipe(duplex=False)
        told, tell = ctx.Pipe(duplex=False)  # the cancel
        child = ctx.Process(target=job_in_child, name="cable-reader-job",
                            args=(self.factory, self.root, self.job, sender, told))  # fmt: skip
        try:
            child.start()
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(gen, request, f"Could not start the job: {exc}")
            return
        sender.close()
        told.close()

        def say_cancel() -> None:
            with contextlib.suppress(OSError):  # a child that has ended needs no word
                tell.send("cancel")

        messages = _watch_child(
            child, receiver, self.control.cancelled, say_cancel, self.CANCEL_GRACE
        )
        for kind, payload in messages:
            if kind == "killed" or (kind == "ended" and self.control.cancelled()):
                self.cancelled.emit(gen, request)
                break
            if kind == "ended":
                self.failed.emit(
                    gen, request, f"The job stopped unexpectedly (exit code {payload[0]})"
                )
                break
            if kind == "progress":
                self.progressed.emit(gen, request, *payload)
            elif self.control.cancelled():
                self.cancelled.emit(gen, request)
                break
            elif kind == "done":
                self.answered.emit(gen, request, payload[0])
                break
            else:
                self.failed.emit(gen, request, payload[0])
                break
        receiver.close()
        tell.close()
        _reap_child(child, self.CANCEL_GRACE)

    def _run_here(self) -> None:
        gen, request = self.generation, self.request
        # the index another connection has opened and checked: no page check again
        try:
            index = _checked(self.factory)(self.root)
        except Exception as exc:  # noqa: BLE001 - shown to the analyst
            self.failed.emit(gen, request, f"Could not read the index: {exc}")
            return
        try:
            result = self.job(index, self.control)
            self.control.flush()  # the last results before the answer
            if self.control.cancelled():
                self.cancelled.emit(gen, request)
            else:
                self.answered.emit(gen, request, result)
        except Exception as exc:  # noqa: BLE001 - a failed job must be reported, not lost
            if self.control.cancelled():
                self.cancelled.emit(gen, request)
            else:
                self.failed.emit(gen, request, str(exc))
        finally:
            index.close()


class Loader(QObject):
    """Opens folders and runs filters off the UI thread; emits only current results."""

    opened = Signal(str)  # root; the UI-thread index is ready
    progress = Signal(object)  # Progress
    finished = Signal(bool)  # cancelled?
    failed = Signal(str)
    #: after ``failed``, when it was the current query that failed (the folder stays open)
    queryFailed = Signal(str)
    fileProblems = Signal(object)  # list[FileProblem]
    results = Signal(object)  # QueryResult
    facets = Signal(object)  # dict[str, list[FacetValue]]
    #: the user facets' counts alone, after a star, a label or a read mark
    userFacets = Signal(object)  # dict[str, list[FacetValue]]
    lookedUp = Signal(int, str, object)  # request, kind, result: the newest of its kind
    lookupFailed = Signal(int, str, str)  # request, kind, message
    #: a query met a damaged index, which was rebuilt there and then: the message; the
    #: window opens the folder again so that it is indexed anew
    indexRebuilt = Signal(str)
    #: a background job's progress: request, done, total, results made since the last one
    jobProgress = Signal(int, int, int, object)
    jobDone = Signal(int, object)  # request, result
    jobFailed = Signal(int, str)  # request, message
    jobCancelled = Signal(int)  # request

    #: While loading, the current filter is asked again this often (ms) to show new cables,
    #: or less often when answering takes long: a query may use a quarter of the time at most,
    #: so the answers never slow the load itself much.
    REQUERY_MS = 400
    REQUERY_MAX_MS = 4000
    #: While loading, facet counts are asked for at most this often (s).
    RECOUNT_S = 3.0
    #: True when the UI calls :meth:`answer_painted` after painting each answer; else the
    #: counts go on as soon as the answer's slots have run.
    counts_wait_for_paint = False
    #: Each answer of a folder's index brings the hits of this many of its first keys
    #: (``QueryResult.hits``): the window sets it to its tree's first page.
    first_hits = 0

    def __init__(self, factory: IndexFactory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory: IndexFactory = factory or IndexOpener()
        #: the factory of what is open now: the window's own, or the one open() was given
        self._opener: IndexFactory = self._factory
        self._generation = 0
        self._query_generation = 0
        self._refresh: _RefreshThread | None = None
        self._query: _QueryThread | None = None
        self._lookup: _LookupThread | None = None
        self._jobs: dict[int, _JobThread] = {}
        self._requests = 0
        self._newest: dict[str, int] = {}  # kind -> newest request
        #: request -> (what to call with its result, with its failure's message)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None]]
        self._callbacks = {}
        self._index: Index | None = None
        self._root: str | None = None
        self._filter = Filter()
        self._loading = False
        self._seen_cables = 0
        self._asked_at = time.monotonic()
        self._pending = False
        self._want_facets = True
        self._counted_at = 0.0
        self._retired: list[QThread] = []
        #: whole queries asked, and recounts of the user facets alone (tests, benchmarks)
        self.queries_asked = 0
        self.user_recounts = 0
        self._requery = QTimer(self, singleShot=True, interval=self.REQUERY_MS)
        self._requery.timeout.connect(self._ask_again)
        if isinstance(self._factory, IndexOpener):
            start_process_server()

    # -- state ---------------------------------------------------------------------------
    @property
    def root(self) -> str | None:
        return self._root

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def current_filter(self) -> Filter:
        return self._filter

    @property
    def busy(self) -> bool:
        """True while the newest filter's answer (keys, then counts) is still coming."""
        return self._pending

    def index(self) -> Index | None:
        """The UI thread's own index for quick point look-ups, or None before ``opened``."""
        return self._index

    # -- commands ------------------------------------------------------------------------
    def open(self, root: str | Path, factory: IndexFactory | None = None) -> None:
        """Start loading ``root``; whatever was loading before is cancelled and forgotten.
        ``factory`` opens it instead of the loader's own (a server's corpus, by its URL)."""
        previous = self._refresh
        self._drop_current()
        self._opener = factory or self._factory
        self._generation += 1
        self._root = str(root)
        self._loading = True
        self._seen_cables = 0
        self._counted_at = 0.0
        thread = _RefreshThread(self._generation, self._root, self._opener)
        thread.previous = (
            previous.ended if previous is not None and not previous.ended.is_set() else None
        )
        thread.opened.connect(self._on_opened)
        thread.progressed.connect(self._on_progress)
        thread.problems.connect(self._on_problems)
        thread.done.connect(self._on_done)
        thread.failed.connect(self._on_failed)
        thread.finished.connect(self._reap)
        self._refresh = thread
        thread.start()
        if (
            thread.previous is None
            and isinstance(self._opener, IndexOpener)
            and self._opener.exists(self._root)
        ):
            # a folder seen before: show what the index holds now, while the refresh checks
            self._on_opened(self._generation, self._root)

    def cancel(self) -> None:
        """Stop loading soon; what is indexed so far stays usable."""
        if self._refresh is not None:
            self._refresh.cancel.set()

    def query(self, f: Filter, *, facets: bool = True) -> int:
        """Ask for the cables matching ``f``; returns the query's generation."""
        self._filter = f
        self._query_generation += 1
        self.queries_asked += 1
        self._asked_at = time.monotonic()
        self._pending = self._query is not None
        self._want_facets = facets
        if self._query is not None:
            self._query.ask(self._query_generation, f, facets)
        return self._query_generation

    def recount_user_facets(self, change: UserChange | None = None) -> bool:
        """Count the user facets of the current filter again, not the query: after a star or
        a label that the filter does not ask about, the results are the same. ``change``:
        what changed, when it was one change (faster counts). False when no folder is
        ready."""
        if self._query is None:
            return False
        self.user_recounts += 1
        self._query.ask_user_facets(self._query_generation, self._filter, change)
        return True

    def look_up(self, kind: str, job: LookupJob) -> int | None:
        """Run ``job(index)`` off the UI thread; ``lookedUp(request, kind, result)`` brings
        the answer, unless a newer request of the same kind came first (only the newest is
        answered). Returns the request number, or None when no folder is ready."""
        if self._lookup is None:
            return None
        self._requests += 1
        self._callbacks.pop(self._newest.get(kind, 0), None)  # replaced: never answered
        self._newest[kind] = self._requests
        self._lookup.ask(self._requests, kind, job)
        return self._requests

    def start_job(self, job: BackgroundJob, *, in_process: bool = False) -> int | None:
        """Run ``job(index, control)`` on a thread of its own (``in_process``: in a child
        process, for work in Qt; the job must then be picklable): ``jobProgress`` reports
        it, then one of ``jobDone``, ``jobFailed`` or ``jobCancelled``. Returns the request
        number, or None when no folder is ready."""
        if self._root is None or self._index is None:
            return None
        self._requests += 1
        thread = _JobThread(
            self._generation, self._root, self._opener, self._requests, job, in_process
        )
        thread.progressed.connect(self._on_job_progress)
        thread.answered.connect(self._on_job_done)
        thread.failed.connect(self._on_job_failed)
        thread.cancelled.connect(self._on_job_cancelled)
        thread.finished.connect(self._reap)
        self._jobs[self._requests] = thread
        thread.start()
        return self._requests

    def cancel_job(self, request: int) -> None:
        """Ask a background job to stop; ``jobCancelled`` says when it has."""
        thread = self._jobs.get(request)
        if thread is not None:
            thread.control.cancel()

    def job_running(self, request: int) -> bool:
        return request in self._jobs

    def run(
        self,
        kind: str,
        job: Callable[[Index], _T],
        done: Callable[[_T], None],
        failed: Callable[[str], None] | None = None,
    ) -> int | None:
        """:meth:`look_up` with its own typed callbacks (Picard's ``run_task(func,
        next_func)``): ``done(result)`` on the UI thread, or ``failed(message)``, for the
        newest request of ``kind`` only. Returns the request number, or None (and calls
        neither) when no corpus is ready."""
        request = self.look_up(kind, job)
        if request is not None:
            self._callbacks[request] = (done, failed)
        return request

    def shutdown(self) -> None:
        """Cancel everything and wait for the threads: only at exit or in tests."""
        self._drop_current()
        for thread in list(self._retired):
            thread.wait()
        self._retired.clear()

    # -- internals -----------------------------------------------------------------------
    def _drop_current(self) -> None:
        self._requery.stop()
        self._query_generation += 1  # answers still on their way are for the old folder
        if self._refresh is not None:
            self._refresh.cancel.set()
            self._retire(self._refresh)
            self._refresh = None
        if self._query is not None:
            self._query.stop()
            self._retire(self._query)
            self._query = None
        if self._lookup is not None:
            self._lookup.stop()
            self._retire(self._lookup)
            self._lookup = None
        for request in list(self._jobs):  # a job of the folder before: stopped, and its
            self.cancel_job(request)  # asker told so now; nothing it says later is heard
            self._retire(self._jobs.pop(request))
            self.jobCancelled.emit(request)
        self._newest.clear()
        self._callbacks.clear()
        if self._index is not None:
            self._index.close()
            self._index = None
        self._loading = False

    def _retire(self, thread: QThread) -> None:
        if thread.isRunning():
            self._retired.append(thread)
        else:
            thread.deleteLater()

    @Slot()
    def _reap(self) -> None:
        for thread in [t for t in self._retired if t.isFinished()]:
            self._retired.remove(thread)
            thread.deleteLater()

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    @Slot(int, str)
    def _on_opened(self, generation: int, root: str) -> None:
        """The index exists (the refresh opened it, or it was there before): start the query
        thread, which opens its own; the UI thread opens one once that has succeeded."""
        if not self._current(generation) or self._query is not None:
            return  # stale, or started already (an index that existed before)
        thread = _QueryThread(generation, root, self._opener, self.first_hits)
        thread.ready.connect(self._on_query_ready)
        thread.unusable.connect(self._on_query_unusable)
        thread.answered.connect(self._on_answered)
        thread.counted.connect(self._on_counted)
        thread.user_counted.connect(self._on_user_counted)
        thread.failed.connect(self._on_query_failed)
        thread.rebuilt.connect(self._on_rebuilt)
        thread.finished.connect(self._reap)
        self._query = thread
        thread.start()

    @Slot(int, object)
    def _on_query_ready(self, generation: int, opened: Index | None) -> None:
        if not self._current(generation) or self._root is None:
            if opened is not None:
                opened.close()
            return
        # the query thread has checked the index: the UI thread's need not do it again (a
        # server's corpus: the query thread has opened the UI thread's too)
        try:
            self._index = opened if opened is not None else _checked(self._opener)(self._root)
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(f"Could not read the index of {self._root}: {exc}")
            return
        if self._lookup is None:
            lookup = _LookupThread(generation, self._root, self._opener)
            lookup.answered.connect(self._on_looked_up)
            lookup.failed.connect(self._on_lookup_failed)
            lookup.finished.connect(self._reap)
            self._lookup = lookup
            lookup.start()
        self.opened.emit(self._root)
        self.query(self._filter)

    def _answering(self, generation: int, request: int, kind: str) -> bool:
        """True for the newest request of its kind, which is then answered (and forgotten:
        a kind may name one cable, and there may be many)."""
        if not self._current(generation) or self._newest.get(kind) != request:
            return False
        del self._newest[kind]
        return True

    @Slot(int, int, str, object)
    def _on_looked_up(self, generation: int, request: int, kind: str, result: object) -> None:
        if self._answering(generation, request, kind):
            callbacks = self._callbacks.pop(request, None)
            if callbacks is not None:
                callbacks[0](result)
            self.lookedUp.emit(request, kind, result)

    @Slot(int, int, str, str)
    def _on_lookup_failed(self, generation: int, request: int, kind: str, message: str) -> None:
        if self._answering(generation, request, kind):
            callbacks = self._callbacks.pop(request, None)
            if callbacks is not None and callbacks[1] is not None:
                callbacks[1](message)
            self.lookupFailed.emit(request, kind, message)

    def _job(self, generation: int, request: int, *, ended: bool) -> bool:
        """True for a job of the folder open now (forgotten once it has ``ended``)."""
        if not self._current(generation) or request not in self._jobs:
            return False
        if ended:
            self._retire(self._jobs.pop(request))
        return True

    @Slot(int, int, int, int, object)
    def _on_job_progress(
        self, generation: int, request: int, done: int, total: int, items: list
    ) -> None:
        if self._job(generation, request, ended=False):
            self.jobProgress.emit(request, done, total, items)

    @Slot(int, int, object)
    def _on_job_done(self, generation: int, request: int, result: object) -> None:
        if self._job(generation, request, ended=True):
            self.jobDone.emit(request, result)

    @Slot(int, int, str)
    def _on_job_failed(self, generation: int, request: int, message: str) -> None:
        if self._job(generation, request, ended=True):
            self.jobFailed.emit(request, message)

    @Slot(int, int)
    def _on_job_cancelled(self, generation: int, request: int) -> None:
        if self._job(generation, request, ended=True):
            self.jobCancelled.emit(request)

    @Slot(int, str)
    def _on_query_unusable(self, generation: int, message: str) -> None:
        if self._current(generation) and self._query is not None:
            self._retire(self._query)
            self._query = None  # the refresh's own "opened" may start another
            self.failed.emit(message)

    @Slot(int, object)
    def _on_progress(self, generation: int, p: Progress) -> None:
        if not self._current(generation):
            return
        self.progress.emit(p)
        if p.cables_done != self._seen_cables:
            first = self._seen_cables == 0
            self._seen_cables = p.cables_done
            if first:
                self._ask_again()  # the first cables should show at once
            elif not self._requery.isActive():
                self._requery.start()

    @Slot()
    def _ask_again(self) -> None:
        """While loading: the current filter again, its counts only now and then (they cost
        more than the keys, and every query takes time from the indexing)."""
        now = time.monotonic()
        facets = now - self._counted_at >= self.RECOUNT_S
        if facets:
            self._counted_at = now
        self.query(self._filter, facets=facets)

    @Slot(int, object)
    def _on_problems(self, generation: int, problems: list[FileProblem]) -> None:
        if self._current(generation):
            self.fileProblems.emit(problems)

    @Slot(int, bool)
    def _on_done(self, generation: int, cancelled: bool) -> None:
        if not self._current(generation):
            return
        self._loading = False
        self._requery.stop()
        self.query(self._filter)
        self.finished.emit(cancelled)

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if not self._current(generation):
            return
        self._loading = False
        self._requery.stop()
        self.failed.emit(message)

    @Slot(int, object)
    def _on_answered(self, generation: int, result: QueryResult) -> None:
        if generation == self._query_generation:
            self._pending = self._want_facets
            if not self._want_facets:
                self._pace()
            self.results.emit(result)
        if self._query is None:
            return
        if generation == self._query_generation and self.counts_wait_for_paint:
            return  # the window calls answer_painted (or the query thread waits SHOWN_WAIT)
        QTimer.singleShot(0, self._query.shown.set)  # after the answer's slots, counts go on

    def answer_painted(self) -> None:
        """The window has laid out and painted the newest answer: the counts may go on. Done
        earlier, counting competes for the GIL with each of the thousands of Python calls of
        the tree's layout and paint, and each of those may wait a switch interval for it."""
        if self._query is not None:
            self._query.shown.set()

    def _pace(self) -> None:
        """Space the re-queries of a load so that answering takes a fifth of the time."""
        cost_ms = (time.monotonic() - self._asked_at) * 1000
        self._requery.setInterval(int(min(self.REQUERY_MAX_MS, max(self.REQUERY_MS, 5 * cost_ms))))

    @Slot(int, str)
    def _on_query_failed(self, generation: int, message: str) -> None:
        if generation == self._query_generation:
            self._pending = False
            self.failed.emit(message)
            self.queryFailed.emit(message)

    def _on_rebuilt(self, generation: int, message: str) -> None:
        """The index was rebuilt (emptied) by whichever query met the damage: the folder
        must be read again even when a newer query was asked meanwhile."""
        if self._current(generation):
            self._pending = False
            self.indexRebuilt.emit(message)

    @Slot(int, object)
    def _on_user_counted(self, generation: int, facets: dict) -> None:
        if generation == self._query_generation:
            self.userFacets.emit(facets)

    @Slot(int, object)
    def _on_counted(self, generation: int, facets: dict[str, list[FacetValue]]) -> None:
        if generation == self._query_generation:
            self._pending = False
            self._pace()
            self.facets.emit(facets)
