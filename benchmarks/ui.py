"""Open a big folder in the real window (offscreen) and print how the window keeps up.

    python benchmarks/ui.py DIR [--make N] [--cache-dir DIR] [--where] [--events]
                                [--until first-row]

Prints: time until the first cable row is shown, time until loading finishes, the longest
stall of the event loop while loading (a 10 ms heartbeat timer), the time from a key press
to the whole cable shown while reading forty cables (and the longest stall meanwhile), the
time for a facet click to update the tree, what a full garbage collection costs once loaded,
and peak memory, against the goals of issue 4.
With ``--events``, every Qt event the UI thread handled during the worst stalls of the load
and of the reading, with its receiver and time, and each widget's paint within (a stall is
the sum of what the loop did between two ticks: a repaint, a view's layout timer, a queued
slot), and each pass of the garbage collector's older generations, on any thread (it holds
the interpreter: the UI thread waits for it in whatever it was doing), and the spread of
every paint of the cable tree while loading (its median, 90th and 99th percentiles). With
``--where``, also where every thread was during the stalls (its Python stack, sampled by
another thread). With
``--make N`` and no DIR yet, ``benchmarks/make_corpus.py N DIR`` writes the folder first.
With ``--annotated N``, N cables are starred and labelled in a fresh annotations file of the
cache folder once the folder is loaded, and the window's figures of issue 19 follow
(benchmarks/annotations.py's): a click that includes a label, and a star (Ctrl+D) until the
facet counts follow, each against 100 ms.
With ``--until first-row``, the run ends once the first row is painted and prints when each
step of the way came (a few seconds a run: repeat it for a spread), with the UI thread's CPU.
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))
if __name__ == "__main__":  # as the app's window command does, before Qt is imported
    from reader.ui.children import start_process_server

    start_process_server()

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.ui.app import create_window  # noqa: E402
from reader.ui.loader import IndexOpener  # noqa: E402
from reader.ui.models.cable_tree import Role  # noqa: E402
from reader.ui.models.facets import FacetRole  # noqa: E402
from reader.ui.widgets.main_window import MainWindow  # noqa: E402

IMPORTED = time.perf_counter()

GOALS = {"first row": 0.5, "longest stall": 0.050, "facet click": 0.100, "peak memory": 600}


class StallSampler:
    """A thread that looks at every thread's Python stack whenever the heartbeat is 40 ms
    late: where the stalls are (a UI stack that ends in the event loop means Qt's own work)."""

    def __init__(self, heartbeat: Heartbeat) -> None:
        self.heartbeat = heartbeat
        self.places: collections.Counter[str] = collections.Counter()
        self._ui = threading.main_thread().ident
        self.stopped = False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.stopped:
            time.sleep(0.005)
            if not self.heartbeat.running:  # a plain flag: no Qt call from this thread
                continue
            if time.perf_counter() - self.heartbeat.last < 0.040:
                continue
            frames = sys._current_frames()
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in frames.items():
                if ident == threading.get_ident():
                    continue
                # the other threads too: one that keeps the interpreter in a long call into
                # C holds the UI thread up between events (seen here just after the call)
                stack = traceback.extract_stack(frame)[-3:]
                where = " <- ".join(
                    f"{Path(s.filename).name}:{s.lineno} {s.name}" for s in reversed(stack)
                )
                who = "UI thread" if ident == self._ui else names.get(ident, str(ident))
                self.places[f"{who}: {where}"] += 1
            time.sleep(0.03)  # once per stall

    def report(self) -> str:
        self.stopped = True
        if not self.places:
            return (
                "  nothing seen: during each stall some thread held the interpreter (Qt"
                " called from Python, or another thread's long call)"
            )
        return "\n".join(f"  {n:4d}  {place}" for place, n in self.places.most_common(16))


class TimedApplication(QApplication):
    """A QApplication that times each event it dispatches from the event loop (not those
    sent from within another): ``log`` holds (start, seconds, receiver and event type)."""

    #: Events shorter than this (s) are not kept.
    SHORTEST = 0.002

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.log: list[tuple[float, float, str]] = []
        self._depth = 0

    def notify(self, receiver, event) -> bool:  # noqa: ANN001 - QObject, QEvent
        self._depth += 1
        start = time.perf_counter()
        try:
            return super().notify(receiver, event)
        finally:
            self._depth -= 1
            took = time.perf_counter() - start
            # what the loop dispatched, and within it each widget's paint
            if took >= self.SHORTEST and (self._depth == 0 or event.type() == QEvent.Type.Paint):
                try:
                    parent = receiver.parent() if hasattr(receiver, "parent") else None
                except RuntimeError:  # the event deleted its receiver (a job's thread ends)
                    parent = None
                what = type(receiver).__name__ + (f" in {type(parent).__name__}" if parent else "")
                indent = "  " if self._depth else ""
                self.log.append((start, took, f"{indent}{what}: {event.type().name}"))

    def during(self, start: float, length: float) -> list[str]:
        """What was handled from ``start`` for ``length`` seconds (and the tick's 10 ms)."""
        return [
            f"    {1000 * (t - start):+6.1f} ms  {1000 * took:5.1f} ms  {what}"
            for t, took, what in sorted(self.log)
            if t < start + length + 0.010 and t + took > start
        ]


class Collections:
    """The garbage collector's full passes (generation 2), on whichever thread: a pass holds
    the interpreter, so the UI thread waits for it in whatever event it was handling (or
    the heartbeat's own tick). ``passes`` holds (start, seconds, CPU seconds of the thread
    that ran it, thread name, objects freed); with a TimedApplication, passes of
    generations 1 and 2 of over 2 ms join its log of events."""

    def __init__(self, app: QApplication) -> None:
        self.passes: list[tuple[float, float, float, str, int]] = []
        self._log = app.log if isinstance(app, TimedApplication) else None
        self._began: dict[int, tuple[float, float]] = {}
        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict) -> None:
        ident = threading.get_ident()
        if phase == "start":
            self._began[ident] = (time.perf_counter(), time.thread_time())
            return
        began = self._began.pop(ident, None)
        if began is None or info["generation"] == 0:
            return
        took, cpu = time.perf_counter() - began[0], time.thread_time() - began[1]
        thread = threading.current_thread().name
        if info["generation"] == 2:
            self.passes.append((began[0], took, cpu, thread, info["collected"]))
        if self._log is not None and took >= TimedApplication.SHORTEST:
            what = f"garbage collection, generation {info['generation']}"
            self._log.append((began[0], took, f"  {what} ({thread}, {info['collected']} freed)"))

    def between(self, start: float, end: float) -> tuple[int, float, float]:
        """How many full passes began between two moments, the longest, its CPU time (s)."""
        within = [p for p in self.passes if start <= p[0] < end]
        longest = max(within, key=lambda p: p[1], default=(0.0, 0.0, 0.0, "", 0))
        return len(within), longest[1], longest[2]


class Heartbeat:
    """A 10 ms timer; the longest gap between its ticks is how long the UI froze."""

    def __init__(self) -> None:
        self.timer = QTimer(interval=10, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.last = self.started = time.perf_counter()
        self.longest = 0.0
        self.stalls: list[tuple[float, float]] = []  # (length, when after start), over 30 ms
        self.running = False

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last - 0.010
        if gap > 0.030:
            self.stalls.append((gap, self.last - self.started))
        self.longest = max(self.longest, gap)
        self.last = now

    def start(self) -> None:
        self.last = self.started = time.perf_counter()
        self.longest = 0.0
        self.stalls = []
        self.running = True
        self.timer.start()

    def stop(self) -> float:
        self.running = False
        self.timer.stop()
        return max(0.0, self.longest)


class Counter:
    """Counts a signal's emissions from the moment it is made, so none is missed."""

    def __init__(self, signal) -> None:  # noqa: ANN001
        self.n = 0
        signal.connect(self._bump)

    def _bump(self, *_args: object) -> None:
        self.n += 1

    def wait_past(self, n: int) -> None:
        """Run the event loop until more than ``n`` emissions have been seen."""
        while self.n <= n:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def facet_click(window: MainWindow, facet: str) -> list[float]:
    """Click the biggest value of ``facet`` three times (include, exclude, clear), timing each
    until the tree shows the new answer; the facet counts follow after."""
    tree, model = window.pane.tree, window.pane.facets
    group = next(
        model.index(g, 0)
        for g in range(model.rowCount())
        if model.index(g, 0).data(FacetRole.FACET) == facet
    )
    tree.expand(group)
    tree.scrollTo(model.index(0, 0, group))
    results = Counter(window.resultsShown)
    chosen = model.index(0, 0, group).data(FacetRole.VALUE)
    times = []
    for _ in range(3):
        QApplication.processEvents()
        row = next(
            r
            for r in range(model.rowCount(group))
            if model.index(r, 0, group).data(FacetRole.VALUE) == chosen
        )
        value = model.index(row, 0, group)
        tree.scrollTo(value)
        seen = results.n
        start = time.perf_counter()
        QTest.mouseClick(
            tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(value).center()
        )
        results.wait_past(seen)
        QApplication.processEvents()  # the tree repaints
        times.append(time.perf_counter() - start)
        settle(window)
    return times


def read_cables(window: MainWindow, heartbeat: Heartbeat, count: int) -> list[float]:
    """Go down ``count`` cables with the keyboard, expanding each, as an analyst reads: the
    time from the key to the whole cable in the document (the heartbeat runs meanwhile)."""
    shown = Counter(window.cableShown)
    children = Counter(window.childrenShown)
    window.tree.setFocus()
    window.tree.setCurrentIndex(window.model.index(0, 0))
    if window.document.loading:
        shown.wait_past(0)
    times = []
    heartbeat.start()
    for _ in range(count):
        before, start = shown.n, time.perf_counter()
        QTest.keyClick(window.tree, Qt.Key.Key_Down)
        shown.wait_past(before)
        times.append(time.perf_counter() - start)
        before = children.n
        window.tree.expand(window.tree.currentIndex())
        if window.model.waiting(window.tree.currentIndex().data(Role.KEY)):
            children.wait_past(before)
        window.tree.collapse(window.tree.currentIndex())
    return times


def print_stalls(app: QApplication, heartbeat: Heartbeat, during: str) -> None:
    """The five worst stalls the heartbeat saw, and with ``--events`` what the loop did."""
    worst = sorted(heartbeat.stalls, reverse=True)[:5]
    print(
        f"  stalls over 30 ms while {during} (length at time): "
        + (", ".join(f"{g * 1000:.0f} ms at {t:.2f} s" for g, t in worst) or "none"),
        file=sys.stderr,
    )
    if isinstance(app, TimedApplication):
        for gap, at in worst:
            print(
                f"  the loop during the {gap * 1000:.0f} ms stall at {at:.2f} s:\n"
                + "\n".join(app.during(heartbeat.started + at, gap)),
                file=sys.stderr,
            )


def print_paints(app: QApplication, since: float, widget: str, during: str) -> None:
    """With ``--events``, how long each paint of ``widget`` since ``since`` took (those of
    2 ms or more): how many, the median, the 90th and 99th percentiles and the longest. The
    heartbeat's worst stalls name the worst moments; these are every paint's, which a run
    on a busy machine still compares with another run beside it."""
    if not isinstance(app, TimedApplication):
        return
    took = sorted(t for at, t, what in app.log
                  if at >= since and what.strip() == f"QWidget in {widget}: Paint")
    if not took:
        return
    pick = lambda share: took[min(len(took) - 1, int(share * len(took)))]  # noqa: E731
    print(
        f"  paints of the {widget} while {during} (2 ms or more): {len(took)}, median"
        f" {1000 * statistics.median(took):.1f} ms, 90% {1000 * pick(0.9):.1f} ms, 99%"
        f" {1000 * pick(0.99):.1f} ms, longest {1000 * took[-1]:.1f} ms",
        file=sys.stderr,
    )


def settle(window: MainWindow) -> None:
    """Run the event loop until the newest filter's keys and counts have both arrived."""
    while window.loader.busy:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def peak_mb() -> float:
    """Peak resident memory of this process (Linux: ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _below(pid: int, ancestor: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        pid = parents.get(pid, 0)
        if pid == ancestor:
            return True
    return False


class DescendantMemory:
    """Samples the summed resident memory of every process below this one (the indexing
    process is a child of the forkserver, so RUSAGE_CHILDREN does not see it)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.25):
            parents: dict[int, int] = {}
            rss: dict[int, float] = {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                parents[int(entry.name)] = int(fields.get("PPid", "0").strip())
                rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024

            self.peak = max(self.peak, sum(m for pid, m in rss.items() if _below(pid, me, parents)))


def _process_started() -> float:
    """When this process started, on the perf_counter clock (Linux: /proc; to 10 ms)."""
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    age = uptime - ticks / os.sysconf("SC_CLK_TCK")
    return time.perf_counter() - age


def descendants_cpu() -> float:
    """CPU seconds (user and system) used so far by every living process below this one: the
    server the indexing process forks from, the indexing process, the resource tracker."""
    me, parents, cpu = os.getpid(), {}, {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    return sum(c for pid, c in cpu.items() if _below(pid, me, parents))


class Steps:
    """When each step towards the first row came (perf_counter), in the order they came."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}

    def mark(self, name: str) -> None:
        self.at.setdefault(name, time.perf_counter())

    def report(self, start: float) -> str:
        return "\n".join(
            f"  {1000 * (t - start):+8.1f} ms  {name}"
            for name, t in sorted(self.at.items(), key=lambda item: item[1])
        )


def first_row_only(folder: Path, cache_dir: Path) -> dict[str, float]:
    """Open ``folder`` as the app does and stop once the first row is painted: when each
    step came, from the process's start and from the open, and the UI thread's CPU."""
    steps = Steps()
    steps.at["process started"] = _process_started()
    steps.at["imports done"] = IMPORTED
    app = QApplication.instance() or QApplication([])
    steps.mark("QApplication made")
    settings = QSettings(str(cache_dir / "settings.ini"), QSettings.Format.IniFormat)
    cpu_built = time.thread_time()
    window = create_window(settings, IndexOpener(cache_dir))
    steps.mark("window made")
    window.resize(1500, 950)
    window.show()
    app.processEvents()
    steps.mark("window shown")
    cpu_before = time.thread_time()
    loader = window.loader
    loader.opened.connect(lambda _root: steps.mark("the window's index open (loader.opened)"))
    loader.progress.connect(
        lambda p: (
            steps.mark("first progress")
            or (p.cables_done and steps.mark("first progress with cables"))
        )
    )
    loader.results.connect(lambda r: steps.mark("first answer (keys)") if r.keys else None)
    painted: list[float] = []

    class Painted(QObject):
        def eventFilter(self, _obj, event) -> bool:  # noqa: ANN001, N802 - Qt's name
            if event.type() == QEvent.Type.Paint and steps.at.get("first row") and not painted:
                QTimer.singleShot(0, lambda: painted or painted.append(time.perf_counter()))
            return False

    watcher = Painted()
    window.tree.viewport().installEventFilter(watcher)
    window.resultsShown.connect(lambda: window.model.rowCount() and steps.mark("first row"))
    start = time.perf_counter()
    steps.at["open_path"] = start
    window.open_path(folder)
    while not painted:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    steps.at["first row painted"] = painted[0]
    cpu_after = time.thread_time()
    children_cpu = descendants_cpu()
    print(steps.report(steps.at["process started"]), file=sys.stderr)
    figures = {
        "first row": steps.at["first row"] - start,
        "first paint": painted[0] - start,
        "from process start": painted[0] - steps.at["process started"],
        "ui cpu": cpu_after - cpu_before,
        "window cpu": cpu_before - cpu_built,
        "children cpu": children_cpu,
        "process cpu": time.process_time(),
    }
    window.close()
    return figures


def report_first_row(figures: dict[str, float]) -> str:
    return (
        f"first cable row shown (cold):   {figures['first row']:.3f} s"
        f"{' (goal met)' if figures['first row'] <= GOALS['first row'] else ' (GOAL MISSED)'}"
        f" goal < 0.5 s; painted {figures['first paint']:.3f} s; UI thread CPU meanwhile"
        f" {figures['ui cpu']:.3f} s; CPU of the processes below the window until then"
        f" {figures['children cpu']:.2f} s\n"
        f"from the process's start to the first row painted: {figures['from process start']:.3f} s"
        f" (CPU {figures['process cpu']:.2f} s; making the window: {figures['window cpu']:.3f} s)"
    )


def run(
    folder: Path,
    cache_dir: Path,
    factory=None,  # noqa: ANN001
    where: bool = False,
    annotated: int | None = None,
) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(cache_dir / "settings.ini"), QSettings.Format.IniFormat)
    notes = cache_dir / "annotations-bench" / "annotations.sqlite3"
    if annotated is not None:  # the analyst's own file stays out of it
        notes.parent.mkdir(parents=True, exist_ok=True)
        notes.unlink(missing_ok=True)
        settings.setValue("annotations/read_after_ms", 0)
    if factory is None:  # as the app: the refresh runs in a child process
        factory = IndexOpener(cache_dir, notes) if annotated is not None else IndexOpener(cache_dir)

    window = create_window(settings, factory)
    window.resize(1500, 950)
    window.show()
    app.processEvents()
    heartbeat = Heartbeat()
    collector = Collections(app)
    sampler = StallSampler(heartbeat) if where else None
    # wakes the waiting loops below now and then (WaitForMoreEvents blocks until an event)
    keepalive = QTimer(interval=100)
    keepalive.start()
    children = DescendantMemory()
    children.start()
    figures: dict[str, float] = {}
    first_row: list[float] = []
    window.resultsShown.connect(
        lambda: first_row or (window.model.rowCount() and first_row.append(time.perf_counter()))
    )

    exists = getattr(factory, "exists", None)
    figures["cold"] = 0.0 if exists is not None and exists(str(folder)) else 1.0
    start = time.perf_counter()
    last_note = [0.0]

    def note(p) -> None:  # noqa: ANN001 - Progress
        now = time.perf_counter() - start
        if now - last_note[0] >= 5 or p.done:
            last_note[0] = now
            print(
                f"  {now:6.1f} s  {p.cables_done:,} cables, {p.files_done:,}/{p.files_total:,}"
                f" files, {len(window.model.keys):,} shown, longest stall so far"
                f" {heartbeat.longest * 1000:.0f} ms",
                file=sys.stderr,
                flush=True,
            )

    window.loader.progress.connect(note)
    finished = Counter(window.loadingFinished)
    heartbeat.start()
    window.open_path(folder)
    finished.wait_past(0)
    figures["loading finished"] = time.perf_counter() - start
    while not first_row:  # loading beat the first answer: wait for it
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    figures["longest stall"] = heartbeat.stop()
    print_stalls(app, heartbeat, "loading")
    print_paints(app, start, "CableTree", "loading")
    passes = collector.between(start, time.perf_counter())
    figures["full passes"], figures["full pass"], figures["full pass cpu"] = passes
    # what a full pass costs now, and over how many objects
    figures["collected objects"] = len(gc.get_objects())
    began, cpu = time.perf_counter(), time.thread_time()
    gc.collect()
    figures["full collection"] = time.perf_counter() - began
    figures["full collection cpu"] = time.thread_time() - cpu
    figures["first row"] = (first_row[0] - start) if first_row else float("nan")
    settle(window)  # the counts that follow the last answer
    figures["cables"] = window.loader.index().total()

    clicks = facet_click(window, "classification") + facet_click(window, "tag")
    figures["facet click"] = statistics.median(clicks)
    figures["facet click max"] = max(clicks)

    reading = read_cables(window, heartbeat, 40)
    figures["cable shown"] = statistics.median(reading)
    figures["cable shown max"] = max(reading)
    figures["reading longest stall"] = heartbeat.stop()
    print_stalls(app, heartbeat, "reading")

    first_row.clear()
    heartbeat.start()
    start = time.perf_counter()
    window.open_path(folder)  # the index exists now: a warm reopen
    finished.wait_past(1)
    figures["reopen finished"] = time.perf_counter() - start
    while not first_row:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    figures["reopen first row"] = first_row[0] - start
    figures["reopen longest stall"] = heartbeat.stop()
    if annotated is not None:
        settle(window)
        annotations_in_window(window, notes, annotated, figures)
    figures["peak memory"] = peak_mb()
    figures["peak memory children"] = children.stop()
    window.close()
    if sampler is not None:
        print(
            "where each thread was during stalls (times seen; a stack ending in the event"
            " loop is Qt's own work):\n" + sampler.report(),
            file=sys.stderr,
        )
    return figures


def annotations_in_window(
    window: MainWindow, notes: Path, annotated: int, figures: dict[str, float]
) -> None:
    """Issue 19's figures in this window: ``annotated`` cables starred and labelled, then a
    label clicked (include, exclude, clear) and a cable starred and unstarred with Ctrl+D."""
    from annotations import LABEL, WRITTEN, annotate, label_clicks, stars

    index = window.loader.index()
    figures["annotated"] = annotate(index, notes, annotated)
    facets = Counter(window.facetsShown)
    window.requery()  # the window learns of the new annotations as after another window's
    facets.wait_past(0)
    settle(window)
    shown, counted = label_clicks(window, "label", LABEL)
    figures["label click"] = statistics.median(shown)
    figures["label click max"] = max(shown)
    figures["label counted"] = statistics.median(counted)
    star_counts, star_rows, asked = stars(window, 10)
    figures["star counted"] = statistics.median(star_counts)
    figures["star counted max"] = max(star_counts)
    figures["star row"] = statistics.median(star_rows)
    figures["star queries"] = asked
    figures["star written"] = statistics.median(WRITTEN)


def report(figures: dict[str, float]) -> str:
    def verdict(name: str, value: float) -> str:
        goal = GOALS.get(name)
        return "" if goal is None else ("  (goal met)" if value <= goal else "  (GOAL MISSED)")

    lines = [
        f"cables indexed:                 {figures['cables']:,.0f}",
        f"first cable row shown ({'cold' if figures['cold'] else 'warm'}):"
        f"   {figures['first row']:.3f} s"
        f"{verdict('first row', figures['first row'])} goal < 0.5 s",
        f"loading finished ({'cold' if figures['cold'] else 'warm'} index):"
        f"  {figures['loading finished']:.2f} s",
        f"reopen: first row shown:        {figures['reopen first row']:.3f} s"
        f"{verdict('first row', figures['reopen first row'])} goal < 0.5 s",
        f"reopen finished (warm index):   {figures['reopen finished']:.2f} s,"
        f" longest stall {figures['reopen longest stall'] * 1000:.1f} ms",
        f"longest event-loop stall:       {figures['longest stall'] * 1000:.1f} ms"
        f"{verdict('longest stall', figures['longest stall'])} goal < 50 ms",
        f"garbage collector's full passes while loading: {figures['full passes']:.0f}, the"
        f" longest {figures['full pass'] * 1000:.1f} ms (CPU {figures['full pass cpu'] * 1000:.1f}"
        f" ms); one once loaded: {figures['full collection'] * 1000:.1f} ms (CPU"
        f" {figures['full collection cpu'] * 1000:.1f} ms) over"
        f" {figures['collected objects']:,.0f} objects",
        f"cable read (key -> whole cable): {figures['cable shown'] * 1000:.1f} ms median, "
        f"{figures['cable shown max'] * 1000:.1f} ms max; longest stall while reading and "
        f"expanding {figures['reading longest stall'] * 1000:.1f} ms"
        f"{verdict('longest stall', figures['reading longest stall'])}",
        f"facet click -> tree updated:    {figures['facet click'] * 1000:.1f} ms median, "
        f"{figures['facet click max'] * 1000:.1f} ms max"
        f"{verdict('facet click', figures['facet click'])} goal < 100 ms",
        f"peak memory (window process):   {figures['peak memory']:.0f} MB"
        f"{verdict('peak memory', figures['peak memory'])} goal < 600 MB",
        f"peak memory (indexing processes, summed): {figures['peak memory children']:.0f} MB",
    ]
    if "annotated" in figures:
        ms = {k: v * 1000 for k, v in figures.items()}
        lines += [
            f"starred and labelled:           {figures['annotated']:,.0f} cables",
            f"label click -> tree updated:    {ms['label click']:.1f} ms median, "
            f"{ms['label click max']:.1f} ms max{verdict('facet click', figures['label click'])}"
            f" goal < 100 ms; counts shown {ms['label counted']:.1f} ms median",
            f"star -> facet counts updated:   {ms['star counted']:.1f} ms median, "
            f"{ms['star counted max']:.1f} ms max"
            f"{verdict('facet click', figures['star counted'])} goal < 100 ms; row shows it "
            f"{ms['star row']:.1f} ms median; whole queries asked {figures['star queries']:.0f};"
            f" of it, the star written {ms['star written']:.1f} ms median",
        ]
    return "\n".join(lines)


def run_as_the_app() -> None:
    """Start the window's processes as the app's: without this script in them.

    multiprocessing runs a main script again in every process started from it, to rebuild
    its ``__main__`` (the indexing process, each parser process): the app's is the few lines
    of the ``cable-reader`` script (``python -m reader``: nothing at all), this one imports
    Qt and the whole window, which took 0.3-0.5 s of each indexing process's start before
    the first row, and some 60 MB of each parser process. Without its path they run none
    of it, as under ``python -m reader``; nothing they run is defined here."""
    main_module = sys.modules["__main__"]
    if getattr(main_module, "__spec__", None) is None and "__file__" in vars(main_module):
        del main_module.__file__


def main(argv: list[str] | None = None) -> int:
    run_as_the_app()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--make",
        type=int,
        metavar="N",
        help="write N synthetic cables into FOLDER first if it does not exist",
    )
    parser.add_argument("--cache-dir", type=Path, help="where the index goes (default: a temp dir)")
    parser.add_argument(
        "--events",
        action="store_true",
        help="also print the Qt events handled during the worst stalls",
    )
    parser.add_argument(
        "--where", action="store_true", help="also print where each thread was during the stalls"
    )
    parser.add_argument(
        "--annotated",
        type=int,
        metavar="N",
        help="then star and label N cables and time a label click and a star",
    )
    parser.add_argument(
        "--until",
        choices=["end", "first-row"],
        default="end",
        help="first-row: stop once the first row is painted (a cold index each run)",
    )
    args = parser.parse_args(argv)
    if args.events and QApplication.instance() is None:
        TimedApplication([])  # run() uses the application that exists
    if not args.folder.exists():
        if not args.make:
            parser.error(f"{args.folder} does not exist (use --make N to write it)")
        maker = HERE.with_name("make_corpus.py")
        subprocess.run([sys.executable, str(maker), str(args.make), str(args.folder)], check=True)
    with tempfile.TemporaryDirectory(prefix="cable-reader-bench-") as tmp:
        cache = args.cache_dir or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        print(f"folder: {args.folder}")
        if args.until == "first-row":
            print(report_first_row(first_row_only(args.folder, cache)))
            return 0
        print(report(run(args.folder, cache, where=args.where, annotated=args.annotated)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
