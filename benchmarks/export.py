"""Export speed and memory: a batch search of N terms and a PDF reading pack of M cables.

    python benchmarks/export.py FOLDER [--terms 500] [--pack 1000] [--cache-dir DIR] [--window]

FOLDER is indexed first (not timed; reuse --cache-dir to skip it). The terms are the most
frequent words of the folder's subjects, each run as a query with its facet counts, so
the list is the kind an analyst brings: names and places, common and rare. Prints time and
peak memory (resident set, whole process) for each.

With ``--window``, the same two run in the real window (offscreen) instead, as File > Batch
Search and File > Export run them (on the loader's job thread), while the analyst reads
cables with the keyboard: prints each one's time, the longest stall of the event loop
(benchmarks/ui.py's 10 ms heartbeat; the goal is under 50 ms) and the time from a key to
the whole cable shown meanwhile.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.export.batch import Term, batch_search  # noqa: E402
from reader.export.export import annotated  # noqa: E402
from reader.export.pack import make_pack  # noqa: E402
from reader.index.store import CorpusIndex  # noqa: E402
from reader.query.query import Filter  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def terms_of(index: CorpusIndex, n: int) -> list[Term]:
    """The ``n`` most frequent words of the first 20,000 subjects."""
    words: Counter[str] = Counter()
    for hit in index.search(Filter(""), limit=20_000):
        words.update(w for w in re.findall(r"[A-Z]{4,}", hit.subject.upper()))
    return [Term(w.lower()) for w, _ in words.most_common(n)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--terms", type=int, default=500)
    ap.add_argument("--pack", type=int, default=1000)
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--window", action="store_true", help="in the window, with the stall meter")
    ap.add_argument("--where", action="store_true", help="--window: where the UI thread stalled")
    ap.add_argument("--events", action="store_true", help="--window: the events of each stall")
    args = ap.parse_args()
    cache = args.cache_dir or Path(tempfile.mkdtemp(prefix="export-bench-"))
    with CorpusIndex.open(args.folder, cache_dir=cache) as index:
        t = time.perf_counter()
        index.refresh()
        print(f"indexed {index.total():,} cables in {time.perf_counter() - t:.1f} s (not timed)")
        terms = terms_of(index, args.terms)
        if args.window:
            keys = index.keys(Filter(""))[: args.pack]
    if args.window:
        return in_window(args.folder, cache, terms, keys, where=args.where, events=args.events)
    with CorpusIndex.open(args.folder, cache_dir=cache) as index:
        print(f"batch search: {len(terms)} terms")
        before = peak_mb()
        t = time.perf_counter()
        results = list(batch_search(index, terms))
        took = time.perf_counter() - t
        print(
            f"  {took:.1f} s ({1000 * took / max(len(terms), 1):.1f} ms a term), "
            f"{sum(r.count for r in results):,} cable hits; peak memory {peak_mb():.0f} MB "
            f"({before:.0f} MB before)"
        )
        from reader.ui.pack_pdf import write_pdf

        keys = index.keys(Filter(""))[: args.pack]
        out = cache / "pack.pdf"
        t = time.perf_counter()
        pack = make_pack(annotated((index.cable(k) for k in keys), None), query="")
        made = time.perf_counter() - t
        pages = write_pdf(pack, out)
        took = time.perf_counter() - t
        print(
            f"PDF pack of {len(pack.cables):,} cables: {pages:,} pages, {took:.1f} s "
            f"({made:.1f} s gathering), {out.stat().st_size / 1e6:.1f} MB; "
            f"peak memory {peak_mb():.0f} MB"
        )
    return 0


def in_window(
    folder: Path,
    cache: Path,
    terms: list[Term],
    keys: list[int],
    *,
    where: bool = False,
    events: bool = False,
) -> int:
    """The batch and the pack run from the window while cables are read; see the module."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from ui import (
        Counter,
        Heartbeat,
        StallSampler,
        TimedApplication,
        print_stalls,
        read_cables,
        settle,
    )

    from reader.ui.app import create_window
    from reader.ui.exporting import _export_job
    from reader.ui.loader import IndexOpener
    from reader.ui.progress import JobRunner

    app = QApplication.instance() or (TimedApplication if events else QApplication)([])
    settings = QSettings(str(cache / "settings.ini"), QSettings.Format.IniFormat)
    notes = cache / "annotations.sqlite3"
    window = create_window(settings, IndexOpener(cache, notes))
    window.resize(1500, 950)
    window.show()
    keepalive = QTimer(interval=100)  # wakes the waiting loops now and then
    keepalive.start()
    loaded = Counter(window.loadingFinished)
    window.open_path(folder)
    loaded.wait_past(0)
    settle(window)
    heartbeat = Heartbeat()
    sampler = StallSampler(heartbeat) if where else None

    def measure(what: str, start_it, ended, idle_s: float = 0.0) -> None:  # noqa: ANN001
        """Start a job; read 20 cables while it runs (the heartbeat on), then leave the
        window idle until it ends (the heartbeat on again): the longest stall of each."""
        done = Counter(ended)
        before = peak_mb()
        t = time.perf_counter()
        start_it()
        reading = read_cables(window, heartbeat, 20)  # starts the heartbeat
        cables_read = time.perf_counter() - t
        reading_stall = heartbeat.stop()
        print_stalls(app, heartbeat, what + ", reading")
        heartbeat.start()
        idle_from = time.perf_counter()
        done.wait_past(0)
        while time.perf_counter() - idle_from < idle_s:  # a baseline: no job to wait for
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        took = time.perf_counter() - t
        idle_stall = heartbeat.stop()
        print(
            f"{what}: {took:.1f} s, peak memory {peak_mb():.0f} MB ({before:.0f} MB before)\n"
            f"  20 cables read meanwhile in {cables_read:.1f} s: key -> cable "
            f"{1000 * statistics.median(reading):.0f} ms median, {1000 * max(reading):.0f} ms "
            f"max, longest event-loop stall {1000 * reading_stall:.1f} ms\n"
            f"  then idle for {time.perf_counter() - idle_from:.1f} s: longest event-loop stall "
            f"{1000 * idle_stall:.1f} ms (goal < 50 ms)"
        )
        print_stalls(app, heartbeat, what + ", idle")

    print(f"window: {window.loader.index().total():,} cables")
    measure("no job (the baseline)", lambda: None, keepalive.timeout, idle_s=5.0)
    measure(f"batch search of {len(terms)} terms in the window", lambda: window.batch.run(terms),
            window.batch.finished)  # fmt: skip
    hits = sum(r.count for r in window.batch.panel.model.results)
    print(f"  {len(window.batch.panel.model.results)} rows, {hits:,} cable hits")
    out = cache / "window-pack.pdf"
    runner = JobRunner(
        window.loader, _export_job(keys, Filter(""), "pdf", out, notes), window,
        title="Export", label="Writing the pack…", in_process=True,  # as File > Export's PDF
    )  # fmt: skip
    measure(f"PDF pack of {len(keys):,} cables from the window", runner.start, runner.done)
    print(f"  {out.stat().st_size / 1e6:.1f} MB")
    if sampler is not None:
        print("where the UI thread was during stalls:\n" + sampler.report())
    window.close()
    window.loader.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
