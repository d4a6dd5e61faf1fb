"""Corpus index figures against the goals of issue 3, printed in one run.

    python benchmarks/corpus.py [--sizes 100000,250000] [--csv 250000] [--work DIR] [--warm]

Builds synthetic corpora with make_corpus.py (kept in --work and reused on the next run),
then for each: cold index time and cables/s (when the folder was searchable, after the
first phase, and complete, after the second, each against one ripgrep pass), re-open of an
unchanged folder, refresh after touching 1% of the files, p50/p95 latency of twenty typical
filters with every facet count and the first page of hits, the same for ten text queries
sorted by relevance (with facet choices and a later page among them), peak memory, database
size against text size, and the same text searches with ripgrep (``rg -l -i``) over the
folder, with the ratio. Each index run is a fresh process, so its peak memory is its own.
``--warm``: only the re-open (three times) and the query latency, against the indexes a
run before left in --work; with ``--by-query``, each filter's count, facets and page.
``--cold-only``: only the cold index and its ripgrep pass. ``--latency FOLDER --cache-dir
C``: only the twenty filters' latency (with ``--by-query``, each one's count, facets and
page), on the index of FOLDER made before in C, as it is.

The index is opened as the window opens it: the first filter (the first view) is answered,
then ``prepare()`` pays what the first facet counts would (numpy, the matrix of the common
values), as the window's query thread does once its first view is shown; its time is
printed apart, not in the figures. ``--no-prepare``: without it, as before.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.index.database import SCHEMA_VERSION, index_path  # noqa: E402
from reader.index.store import CorpusIndex  # noqa: E402
from reader.query.query import Filter, Progress  # noqa: E402

#: (label, Filter, ripgrep arguments for the same text search or None)
FILTERS: list[tuple[str, Filter, list[str] | None]] = [
    ("everything (the first view)", Filter(), None),
    ("nuclear", Filter("nuclear"), ["-w", "nuclear"]),
    ('"prime minister"', Filter('"prime minister"'), ["-U", r"prime\s+minister"]),
    ("minist*", Filter("minist*"), [r"\bminist"]),
    ("iran -nuclear", Filter("iran -nuclear"), ["-w", "iran"]),
    ("terror* OR extremis*", Filter("terror* OR extremis*"), [r"\b(terror|extremis)"]),
    ('"human rights" date:2005..2007', Filter('"human rights" date:2005..2007'), None),
    ("oil -gas tag:ECON", Filter("oil -gas tag:ECON"), None),
    ("election tag:PGOV", Filter("election tag:PGOV"), None),
    ('"foreign minister" class:C', Filter('"foreign minister" class:C'), None),
    ("tag:PREL", Filter("tag:PREL"), None),
    ("class:secret", Filter("class:secret"), None),
    ("from:moscow", Filter("from:moscow"), None),
    ("date:2008-01..2008-06", Filter("date:2008-01..2008-06"), None),
    ("tag:PREL class:secret", Filter("tag:PREL class:secret"), None),
    ("handling:NOFORN", Filter("handling:NOFORN"), None),
    ("marking:S//NF", Filter("marking:S//NF"), None),
    ("precedence:flash", Filter("precedence:flash"), None),
    ("year 2009 + tag PREL (facets)",
     Filter(include=frozenset({("year", "2009"), ("tag", "PREL")})), None),
    ("-class:U sort by origin", Filter("-class:U", sort="origin"), None),
]  # fmt: skip

#: Text queries sorted by relevance (BM25 of their words), alone, with facet choices, and a
#: later page: (label, Filter, offset of the page of 50).
_YEAR = frozenset({("year", "2008")})
_PREL = frozenset({("tag", "PREL")})
_NOT_C = frozenset({("classification", "CONFIDENTIAL")})
RELEVANCE_FILTERS: list[tuple[str, Filter, int]] = [
    ("nuclear", Filter("nuclear", sort="relevance"), 0),
    ('"prime minister"', Filter('"prime minister"', sort="relevance"), 0),
    ("minist*", Filter("minist*", sort="relevance"), 0),
    ("iran -nuclear", Filter("iran -nuclear", sort="relevance"), 0),
    ("terror* OR extremis*", Filter("terror* OR extremis*", sort="relevance"), 0),
    ("election tag:PGOV", Filter("election tag:PGOV", sort="relevance"), 0),
    ("oil + year 2008 (facet)", Filter("oil", _YEAR, sort="relevance"), 0),
    ("embassy + tag PREL (facet)", Filter("embassy", _PREL, sort="relevance"), 0),
    ("minister - CONFIDENTIAL (facet)", Filter("minister", exclude=_NOT_C, sort="relevance"), 0),
    ('"human rights", page 5', Filter('"human rights"', sort="relevance"), 200),
]  # fmt: skip


def _rss_mb(pid: int | str) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def child_index(root: str, cache: str, workers: int | None) -> None:
    """In a fresh process: open and refresh; print seconds, cables and peak memory.

    Memory is sampled from /proc every 0.2 s: this process, its largest worker, and the
    sum (ru_maxrss would count the parent's pages a worker holds between fork and exec)."""
    import multiprocessing
    import threading

    peaks = {"own": 0.0, "worker": 0.0, "sum": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            own = _rss_mb("self")
            kids = [_rss_mb(p.pid) for p in multiprocessing.active_children() if p.pid]
            peaks["own"] = max(peaks["own"], own)
            peaks["worker"] = max([peaks["worker"], *kids])
            peaks["sum"] = max(peaks["sum"], own + sum(kids))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    searchable: list[float] = []

    def progress(p: Progress) -> None:
        if p.phase == 2 and not searchable:
            searchable.append(time.perf_counter() - started)

    with CorpusIndex.open(root, cache_dir=Path(cache)) as index:
        opened = time.perf_counter()
        index.refresh(workers=workers, progress=progress)
        done = time.perf_counter()
        total = index.total()
    stop.set()
    sampler.join()
    own = max(peaks["own"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps({"open": opened - started, "seconds": done - started, "cables": total,
                      "searchable": searchable[0] if searchable else done - started,
                      "rss_mb": own, "worker_rss_mb": peaks["worker"],
                      "sum_rss_mb": max(peaks["sum"], own)}))  # fmt: skip


def run_index(root: Path, cache: Path, workers: int | None) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child-index", str(root), str(cache)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def ripgrep(args: list[str], folder: Path) -> float:
    """Seconds for one ``rg -l -i`` pass over a folder (the second of two: the page cache
    is warm); over one file (a cables.csv) ``rg -c -i``, which reads all of it, where
    ``-l`` would stop at the first match."""
    cmd = ["rg", "-l" if folder.is_dir() else "-c", "-i", *args, str(folder)]
    seconds = 0.0
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)
        seconds = time.perf_counter() - started
    return seconds


def tree_size(root: Path) -> int:
    if root.is_file():
        return root.stat().st_size
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def db_size(cache: Path) -> int:
    return sum(p.stat().st_size for p in cache.rglob("*.sqlite3*") if p.is_file())


def ensure_corpus(n: int, folder: Path, csv: bool) -> Path:
    marker = folder / ".made"
    want = f"{n} csv={csv}"
    if not (marker.exists() and marker.read_text() == want):
        shutil.rmtree(folder, ignore_errors=True)
        cmd = [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), str(n), str(folder)]
        subprocess.run(cmd + (["--csv"] if csv else []), check=True)
        marker.write_text(want)
    return folder / "cables.csv" if csv else folder


def measure(
    label: str, root: Path, work: Path, workers: int | None, *, cold_only: bool = False
) -> dict[str, object]:
    cache = work / f"cache-{label}"
    shutil.rmtree(cache, ignore_errors=True)
    print(f"\n== {label}: {root}", flush=True)
    text = tree_size(root)
    cold = run_index(root, cache, workers)
    rg_pass = ripgrep(["-w", "nuclear"], root)
    rate = cold["cables"] / cold["seconds"]
    print(f"cold index: searchable after {cold['searchable']:.1f} s"
          f" ({cold['searchable'] / rg_pass:.0f} ripgrep passes), complete after"
          f" {cold['seconds']:.1f} s ({cold['seconds'] / rg_pass:.0f} ripgrep passes; one pass"
          f" {rg_pass:.2f} s), {cold['cables']:,.0f} cables, "
          f"{rate:,.0f} cables/s, peak RSS {cold['rss_mb']:.0f} MB (largest worker "
          f"{cold['worker_rss_mb']:.0f} MB, all processes {cold['sum_rss_mb']:.0f} MB)",
          flush=True)  # fmt: skip
    if cold_only:
        return {}
    again = run_index(root, cache, workers)
    print(f"re-open unchanged: {again['seconds']:.2f} s (open {again['open'] * 1000:.0f} ms);"
          f" one ripgrep pass {rg_pass:.2f} s", flush=True)  # fmt: skip
    touched: float | None = None
    if root.is_dir():
        files = sorted(p for p in root.rglob("*.txt"))
        rnd = random.Random(1)
        for p in rnd.sample(files, max(1, len(files) // 100)):
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        t = run_index(root, cache, workers)
        touched = t["seconds"]
        print(
            f"refresh after touching 1% ({len(files) // 100:,} files): {touched:.2f} s", flush=True
        )
    size = db_size(cache)
    print(f"database {size / 1e6:,.0f} MB for {text / 1e6:,.0f} MB of text: {size / text:.2f}x")
    lat, text_lat, rg_times = query_latency(root, cache)
    p50 = statistics.median(lat)
    p95 = statistics.quantiles(lat, n=20)[18]
    text_p50 = statistics.median(text_lat)
    rg_p50 = statistics.median(rg_times)
    print(f"20 filters with all facets and the first 50 hits: p50 {p50 * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms; text filters p50 {text_p50 * 1000:.0f} ms against "
          f"ripgrep p50 {rg_p50:.2f} s: {rg_p50 / text_p50:.0f}x faster", flush=True)  # fmt: skip
    ranked = relevance_latency(root, cache)
    rel_p50, rel_p95 = statistics.median(ranked), statistics.quantiles(ranked, n=20)[18]
    return {
        "label": label, "cables": cold["cables"], "cold_s": cold["seconds"], "rate": rate,
        "searchable_s": cold["searchable"],
        "rss_mb": cold["rss_mb"], "worker_rss_mb": cold["worker_rss_mb"],
        "sum_rss_mb": cold["sum_rss_mb"],
        "reopen_s": again["seconds"], "rg_pass_s": rg_pass, "touch_s": touched,
        "db_ratio": size / text, "p50_ms": p50 * 1000, "p95_ms": p95 * 1000,
        "text_p50_ms": text_p50 * 1000, "rg_p50_s": rg_p50, "rg_ratio": rg_p50 / text_p50,
        "rel_p50_ms": rel_p50 * 1000, "rel_p95_ms": rel_p95 * 1000,
    }  # fmt: skip


def warm(
    label: str, root: Path, work: Path, workers: int | None, *, by_query: bool = False
) -> None:
    """Re-open and query figures of an index made before, as it is (never rebuilt here)."""
    cache = work / f"cache-{label}"
    path = index_path(root, cache)
    print(f"\n== {label}: {root} (warm)", flush=True)
    version = None
    if path.exists():
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.close()
    if version != SCHEMA_VERSION:
        print(f"no up-to-date index at {path} (schema {version}, not {SCHEMA_VERSION}):"
              " run without --warm first", flush=True)  # fmt: skip
        return
    reopen = [run_index(root, cache, workers)["seconds"] for _ in range(3)]
    print("re-open unchanged: " + ", ".join(f"{s:.2f} s" for s in reopen), flush=True)
    files_cost(root, cache)
    lat, _, _ = query_latency(root, cache, ripgrep_too=False, by_query=by_query)
    p95 = statistics.quantiles(lat, n=20)[18]
    print(
        f"20 filters with all facets and the first 50 hits: p50"
        f" {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms",
        flush=True,
    )
    relevance_latency(root, cache)


def files_cost(root: Path, cache: Path) -> None:
    """What a search pays besides its answer for the folder's files: whether the index is
    partial (every ``search`` asks), the files that could not be read (the window, on
    opening a folder), and the look at the folders for changes (``search`` without
    --no-refresh). CPU, the least of seven calls each."""
    parts = []
    with CorpusIndex.open(root, cache_dir=cache) as index:
        for name in ("partial", "file_problems", "unchanged"):
            times = []
            for _ in range(7):
                started = time.process_time()
                getattr(index, name)()
                times.append(time.process_time() - started)
            parts.append(f"{name}() {min(times) * 1000:.1f} ms")
    print("the files, CPU (least of 7): " + ", ".join(parts), flush=True)


def relevance_latency(root: Path, cache: Path) -> list[float]:
    """Each relevance query three times, in turn, as query_latency does: the count, every
    facet's counts and a page of 50 hits with snippets. Ten queries in turn: the index keeps
    the rankings of the last few (store.RANKINGS_KEPT), so each round ranks each again.
    After each, the same words with one facet value more (a click in the filter pane): the
    ranking is kept, so that answer is the facets' and the page's alone."""
    by_filter: dict[str, list[float]] = {}
    latencies: list[float] = []
    clicks: list[float] = []

    def answer(f: Filter, offset: int) -> tuple[int, float]:
        started = time.perf_counter()
        n = index.count(f)
        index.facets(f)
        index.search(f, offset=offset, limit=50)
        return n, time.perf_counter() - started

    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.count(Filter())  # the window's first view, then prepared as it does
        index.facets(Filter())
        _prepared(index)
        for round_ in range(3):
            for label, f, offset in RELEVANCE_FILTERS:
                n, seconds = answer(f, offset)
                latencies.append(seconds)
                by_filter.setdefault(label, []).append(seconds)
                clicked = Filter(f.query, f.include | {("classification", "SECRET")}, f.exclude,
                                 f.sort)  # fmt: skip
                clicks.append(answer(clicked, 0)[1])
                if round_ == 0:
                    print(f"  by relevance: {label:<32} {n:>8,} cables {seconds * 1000:7.1f} ms;"
                          f" + SECRET {clicks[-1] * 1000:5.1f} ms", flush=True)  # fmt: skip
    p95 = statistics.quantiles(latencies, n=20)[18]
    slowest = sorted(by_filter.items(), key=lambda kv: -max(kv[1]))[:3]
    print(f"10 relevance-sorted queries with all facets and a page of 50 hits: p50"
          f" {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; slowest: "
          + "; ".join(f"{label} " + " ".join(f"{t * 1000:.0f}" for t in times)
                      for label, times in slowest) + " ms", flush=True)  # fmt: skip
    click_p95 = statistics.quantiles(clicks, n=20)[18]
    print(f"a facet value chosen under the same words: p50 {statistics.median(clicks) * 1000:.0f}"
          f" ms, p95 {click_p95 * 1000:.0f} ms", flush=True)  # fmt: skip
    return latencies


#: Whether the benchmarks prepare an index after its first view, as the window does
#: (IndexView.prepare); ``--no-prepare`` sets it False.
PREPARE = True


def _prepared(index: CorpusIndex) -> None:
    """``index.prepare()``, as the window's query thread calls it once the first view is
    answered; its time printed, apart from the figures."""
    if PREPARE:
        started = time.perf_counter()
        index.prepare()
        print(f"  (prepared after the first view, as the window does:"
              f" {(time.perf_counter() - started) * 1000:.0f} ms, not in the figures)",
              flush=True)  # fmt: skip


def query_latency(
    root: Path, cache: Path, *, ripgrep_too: bool = True, by_query: bool = False
) -> tuple[list[float], list[float], list[float]]:
    """Each filter three times, in turn (so no answer comes from the last one's cache); the
    first round prints each filter's time, the last the slowest three of all rounds.
    ``by_query``: then each filter's count, facets and page, from its quickest round, and
    its slowest round's whole time. The first filter is the window's first view: the index
    is prepared after it (``_prepared``)."""
    by_filter: dict[str, list[float]] = {}
    steps: dict[str, list[tuple[float, float, float]]] = {}
    cpu: list[float] = []  # this process's CPU (SQLite's included): what the load does not add
    latencies: list[float] = []
    text_latencies: list[float] = []
    rg_times: list[float] = []
    with CorpusIndex.open(root, cache_dir=cache) as index:
        for round_ in range(3):
            for label, f, rg_args in FILTERS:
                started, cpu_started = time.perf_counter(), time.process_time()
                n = index.count(f)
                counted = time.perf_counter()
                index.facets(f)
                faceted = time.perf_counter()
                index.search(f, limit=50)
                seconds = time.perf_counter() - started
                cpu.append(time.process_time() - cpu_started)
                latencies.append(seconds)
                by_filter.setdefault(label, []).append(seconds)
                steps.setdefault(label, []).append(
                    (counted - started, faceted - counted, started + seconds - faceted)
                )
                if rg_args is not None:
                    text_latencies.append(seconds)
                    if round_ == 0 and ripgrep_too:
                        rg_times.append(ripgrep(rg_args, root))
                if round_ == 0:
                    print(f"  {label:<34} {n:>8,} cables {seconds * 1000:7.1f} ms", flush=True)
                    if len(latencies) == 1:
                        _prepared(index)
    slowest = sorted(by_filter.items(), key=lambda kv: -max(kv[1]))[:3]
    print("  slowest: " + "; ".join(f"{label} " + " ".join(f"{t * 1000:.0f}" for t in times)
                                    for label, times in slowest) + " ms", flush=True)  # fmt: skip
    if by_query:
        print(f"  {'filter (quickest round; ms)':<34} {'count':>7} {'facets':>7} {'page':>7}"
              f" {'least':>7} {'most':>7}")  # fmt: skip
        for label, rounds in steps.items():
            least = min(rounds, key=sum)
            print(f"  {label:<34}" + "".join(f" {t * 1000:7.1f}" for t in least)
                  + f" {sum(least) * 1000:7.1f} {max(by_filter[label]) * 1000:7.1f}",
                  flush=True)  # fmt: skip
        print(f"  CPU of the same {len(cpu)}: p50 {statistics.median(cpu) * 1000:.0f} ms,"
              f" p95 {statistics.quantiles(cpu, n=20)[18] * 1000:.0f} ms", flush=True)  # fmt: skip
    return latencies, text_latencies, rg_times


def text_floor(root: Path, cache: Path) -> None:
    """FTS5's own count of the matches of each filter that is words alone (``SELECT
    count(*) ... MATCH``, nothing read out of SQLite), the least of five: what no change
    above FTS5 can go under, before the facets and the page."""
    from reader.query.querysyntax import fts_expression, parse_query

    with CorpusIndex.open(root, cache_dir=cache) as index:
        conn = index._conn  # noqa: SLF001 - the floor is measured on the index's connection
        for label, f, rg_args in FILTERS:
            node = parse_query(f.query)
            if rg_args is None or node is None:
                continue
            expr = fts_expression(node)
            times = []
            for _ in range(5):
                started = time.perf_counter()
                conn.execute("SELECT count(*) FROM ft WHERE ft MATCH ?", (expr,)).fetchone()
                times.append(time.perf_counter() - started)
            print(f"  FTS5's count alone: {label:<28} {min(times) * 1000:6.1f} ms"
                  f" (least of 5; most {max(times) * 1000:.1f})", flush=True)  # fmt: skip


def _seconds(value: object) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def _no_words(_conn: object) -> None:
    """In place of the view's WordTable (--no-words): no table, every text asked of FTS5."""
    return None


def _words_state(args: argparse.Namespace) -> str:
    if args.no_words:
        return "not used (--no-words)"
    from reader.index import word_bits

    with CorpusIndex.open(args.latency, cache_dir=args.cache_dir) as index:
        current = word_bits.current(index._view._conn)
    return "used" if current else "out of date: not used (cable-reader index makes it)"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-index":
        workers = int(sys.argv[5]) if len(sys.argv) > 5 else None
        child_index(sys.argv[2], sys.argv[3], workers)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,250000", help="folder sizes, comma separated")
    ap.add_argument("--csv", type=int, default=250000, help="rows of the cables.csv (0: none)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/cable-reader-bench"))
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--warm", action="store_true", help="only re-open and query earlier indexes")
    ap.add_argument("--cold-only", action="store_true", help="only the cold index and rg")
    ap.add_argument("--by-query", action="store_true",
                    help="with --warm or --latency: each filter's count, facets and page")
    ap.add_argument("--latency", type=Path, metavar="FOLDER",
                    help="only the twenty filters' latency, on FOLDER's index in --cache-dir")
    ap.add_argument("--cache-dir", type=Path, help="with --latency: where the index is")
    ap.add_argument("--floor", action="store_true",
                    help="with --latency: FTS5's own count of each text filter's words")
    ap.add_argument("--no-prepare", action="store_true",
                    help="do not prepare the index after its first view (as before)")
    ap.add_argument("--no-words", action="store_true",
                    help="ask every text of the full-text index, not of the words' table"
                         " (index/word_bits.py), as before it")
    args = ap.parse_args()  # fmt: skip
    global PREPARE
    PREPARE = not args.no_prepare
    if args.no_words:
        import reader.index.view

        reader.index.view.WordTable = _no_words  # type: ignore[assignment,misc]
    if args.latency is not None:
        if args.cache_dir is None or not index_path(args.latency, args.cache_dir).exists():
            print("corpus.py: --latency needs --cache-dir holding the folder's index",
                  file=sys.stderr)  # fmt: skip
            return 2
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
        print("the words' table (index/word_bits.py): " + _words_state(args), flush=True)
        lat, _, _ = query_latency(args.latency, args.cache_dir, ripgrep_too=False,
                                  by_query=args.by_query)  # fmt: skip
        print(f"20 filters with all facets and the first 50 hits: p50"
              f" {statistics.median(lat) * 1000:.0f} ms, p95"
              f" {statistics.quantiles(lat, n=20)[18] * 1000:.0f} ms; load after"
              f" {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        if args.floor:
            text_floor(args.latency, args.cache_dir)
        return 0
    if args.warm:
        for n in (int(s) for s in args.sizes.split(",") if s):
            warm(f"folder-{n}", args.work / f"folder-{n}", args.work, args.workers,
                 by_query=args.by_query)  # fmt: skip
        if args.csv:
            warm(f"csv-{args.csv}", args.work / f"csv-{args.csv}" / "cables.csv", args.work,
                 args.workers, by_query=args.by_query)  # fmt: skip
        return 0
    if shutil.which("rg") is None:
        print("corpus.py: ripgrep (rg) is needed: apt-get install ripgrep", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load {load:.1f}; python {sys.version.split()[0]}")
    results = []
    for n in (int(s) for s in args.sizes.split(",") if s):
        root = ensure_corpus(n, args.work / f"folder-{n}", csv=False)
        results.append(
            measure(f"folder-{n}", root, args.work, args.workers, cold_only=args.cold_only)
        )
    if args.csv:
        root = ensure_corpus(args.csv, args.work / f"csv-{args.csv}", csv=True)
        results.append(
            measure(f"csv-{args.csv}", root, args.work, args.workers, cold_only=args.cold_only)
        )
    if args.cold_only:
        return 0
    print("\n| corpus | cables | searchable | cold index (complete) | cables/s | re-open |"
          " 1% touched | p50 | p95 | relevance p50 / p95 |"
          " text p50 vs rg | peak RSS: indexer (worker, all) | DB/text |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['label']} | {r['cables']:,.0f} | {r['searchable_s']:.0f} s |"
              f" {r['cold_s']:.0f} s | {r['rate']:,.0f} |"
              f" {r['reopen_s']:.2f} s | {_seconds(r['touch_s'])} | {r['p50_ms']:.0f} ms |"
              f" {r['p95_ms']:.0f} ms | {r['rel_p50_ms']:.0f} / {r['rel_p95_ms']:.0f} ms |"
              f" {r['text_p50_ms']:.0f} ms vs {r['rg_p50_s']:.2f} s"
              f" ({r['rg_ratio']:.0f}x) | {r['rss_mb']:.0f} MB ({r['worker_rss_mb']:.0f},"
              f" {r['sum_rss_mb']:.0f} MB) |"
              f" {r['db_ratio']:.2f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
