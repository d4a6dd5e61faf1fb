"""The team's store against the folder's: index time, size and query latency from 4 clients.

    python benchmarks/pg_store.py [FOLDER] [--store URL] [--cache-dir DIR] [--indexers K]
                                  [--clients 4] [--rounds 3] [--no-index]
                                  [--index-only [--with-sqlite]]

Indexes FOLDER (default /tmp/c250k, made by make_corpus.py) into PostgreSQL with
``cable-reader index FOLDER --store URL`` (K indexers at once, each on its share of the year
folders, as two machines adding folders to one corpus do), timed; and into a SQLite index,
timed in the same run, unless --cache-dir holds one already made (its time then read from
``DIR/index-time.json``, written when this script made it). Then each of --clients
processes asks both stores the same mix of queries (benchmarks/corpus.py's filters: words,
phrases, prefixes, fields, facet choices, relevance with a page further on), each answer
being the count, every facet's counts and the first 50 hits, as the window asks; prints
p50/p95 per store, the slowest queries, the size of each index and the machine's load.
Goal (issue 21): p95 under 150 ms with 4 clients at 250,000 cables.

``--each``: one client asks each query of the mix once and prints the time of its count,
facets and page (``--answers FILE``: and writes every answer there, to compare two checkouts).

``--rank-bounds``: the relevance queries of the mix, each page ranked among every match and
among the cables whose bound may reach it (reader/team/pg_rank.py), the keys found once;
prints both times and stops if the pages differ.

``--rank-floor``: for each relevance query of the mix, what ranking every match costs at
least, its keys found before: the matches' rank vectors read (``cable_rank``, out of TOAST)
and then ``ts_rank`` over them with nothing else (no sort, no page); the page as the store
makes it beside: what the bounds of reader/team/pg_rank.py (a prefix's too) save.

``--pairs-cost``: what the pairs' index (reader/team/pg_phrases.py) costs the indexer, in
the server process's own CPU time (read from /proc: the server on this machine), robust to
the machine's load as wall time is not: the corpus's vectors inserted, in three statements,
into a scratch table (dropped after) with the pairs' index made as the schema makes it, with
a larger pending list and work_mem (its merge included), and with fastupdate off; the index
made in one CREATE INDEX after the load; and the pairs' function alone. Repeated --rounds
times, in turn. Writes only its scratch table; give it a copy, not a corpus in use.

``--index-only``: only the PostgreSQL index, timed (``--with-sqlite``: then the SQLite
index into --cache-dir, timed in the same run, both figures printed).

``--no-index``: query the store and the cache as they are (the index figures a run before
recorded in ``DIR/index-time.json`` and in the database's ``bench_index`` row, if any).
The database is emptied first unless --no-index: give it a database of its own
(``createdb cable_reader_bench``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import FILTERS, RELEVANCE_FILTERS  # noqa: E402

from reader.query.query import Filter  # noqa: E402

#: (label, Filter, offset of the page of 50): the filters of corpus.py, its relevance
#: queries, and facet clicks under words (a value chosen in the filter pane)
MIX: list[tuple[str, Filter, int]] = [
    *((label, f, 0) for label, f, _ in FILTERS),
    *((f"rel {label}", f, offset) for label, f, offset in RELEVANCE_FILTERS),
    ("nuclear + SECRET (facet)", Filter("nuclear", frozenset({("classification", "SECRET")})), 0),
    ("iran - tag PREL (facet)", Filter("iran", exclude=frozenset({("tag", "PREL")})), 0),
]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def shares(folder: Path, k: int) -> list[list[Path]]:
    """The year folders (or the folder itself) in k shares of about equal file counts."""
    parts = sorted(p for p in folder.iterdir() if p.is_dir())
    if k <= 1 or not parts:
        return [[folder]]
    sized = sorted(((sum(1 for _ in p.rglob("*.txt")), p) for p in parts), reverse=True)
    out: list[tuple[int, list[Path]]] = [(0, []) for _ in range(k)]
    for n, p in sized:  # largest first into the emptiest share
        out.sort(key=lambda s: s[0])
        out[0] = (out[0][0] + n, [*out[0][1], p])
    return [paths for _, paths in out if paths]


def pg_index(folder: Path, url: str, k: int) -> dict[str, float]:
    """Empty the database, then K ``cable-reader index --store`` processes, each adding its
    share of the folders one after another; seconds until the last ends."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    started = time.perf_counter()
    procs = []
    for n, paths in enumerate(shares(folder, k)):
        script = " && ".join(
            f"{sys.executable} -m reader index {p} --store {url} --json" for p in paths
        )
        log = open(f"/tmp/pg_store-indexer-{n}.log", "w")  # noqa: SIM115 - closed below
        procs.append((subprocess.Popen(["sh", "-c", script], cwd=REPO, stdout=log,
                                       stderr=subprocess.STDOUT), log))  # fmt: skip
    for proc, log in procs:
        if proc.wait() != 0:
            raise SystemExit(f"an indexer failed: see {log.name}")
        log.close()
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as conn:
        total = conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        figures = {"seconds": seconds, "cables": total, "indexers": k, "load": load()}
        conn.execute("CREATE TABLE IF NOT EXISTS bench_index (figures text)")
        conn.execute("DELETE FROM bench_index")
        conn.execute("INSERT INTO bench_index VALUES (%s)", (json.dumps(figures),))
    return figures


def sqlite_index(folder: Path, cache: Path) -> dict[str, object]:
    """The folder's SQLite index: made here and timed, or the figures recorded when made."""
    record = cache / "index-time.json"
    if record.exists():
        return {**json.loads(record.read_text()), "reused": True}
    if any((cache / "indexes").glob("*.sqlite3")):  # made elsewhere: a refresh is no cold index
        return {"seconds": None, "load": "?", "reused": True}
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "reader", "index", str(folder), "--cache-dir", str(cache),
           "--quiet", "--json"]  # fmt: skip
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    figures = {"seconds": time.perf_counter() - started, "load": load()}
    record.write_text(json.dumps(figures))
    return figures


def _open(store: str, cache: Path | None, folder: Path):  # noqa: ANN202 - either store
    if cache is None:
        from reader.team.pgstore import PgIndex

        return PgIndex.open(store)
    from reader.index.store import CorpusIndex

    return CorpusIndex.open(folder, cache_dir=cache)


def client(n: int, store: str, cache: Path | None, folder: Path, rounds: int, start, out,  # noqa: ANN001
           progress: bool = False) -> None:  # fmt: skip
    """One analyst's window: the mix of queries ``rounds`` times, client n starting n/4 of
    the way into it so that the clients do not ask the same thing at the same moment; each
    answer the count, every facet's counts and the page of 50 hits."""
    index = _open(store, cache, folder)
    index.count(Filter())  # connected and warm, as a window is before its first query
    index.prepare()  # as the window's query thread does once its first view is answered
    order = MIX[n * len(MIX) // 4 :] + MIX[: n * len(MIX) // 4]
    start.wait()
    times: list[tuple[str, float]] = []
    for _ in range(rounds):
        for label, f, offset in order:
            began = time.perf_counter()
            index.count(f)
            index.facets(f)
            index.search(f, offset=offset, limit=50)
            times.append((label, time.perf_counter() - began))
            if progress:  # each answer as it comes, for a run that may be stopped
                print(f"  client {n}: {label} {times[-1][1] * 1000:.0f} ms", flush=True)
    index.close()
    out.put(times)


def latency(name: str, store: str, cache: Path | None, folder: Path, clients: int,
            rounds: int, progress: bool = False) -> dict[str, float]:  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(clients)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=client, args=(n, store, cache, folder, rounds, start, out, progress))
        for n in range(clients)
    ]
    before = load()
    for p in procs:
        p.start()
    times = [t for _ in procs for t in out.get()]
    for p in procs:
        p.join()
    seconds = [t for _, t in times]
    p50, p95 = statistics.median(seconds), statistics.quantiles(seconds, n=20)[18]
    by_label: dict[str, list[float]] = {}
    for label, t in times:
        by_label.setdefault(label, []).append(t)
    slowest = sorted(by_label.items(), key=lambda kv: -statistics.median(kv[1]))[:5]
    print(f"{name}: {clients} clients x {rounds} rounds x {len(MIX)} queries: p50"
          f" {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms"
          f" (load before {before}, after {load()})", flush=True)  # fmt: skip
    print(
        "  slowest (median): "
        + "; ".join(f"{label} {statistics.median(ts) * 1000:.0f} ms" for label, ts in slowest),
        flush=True,
    )
    return {"p50_ms": p50 * 1000, "p95_ms": p95 * 1000}


def each(store: str, answers: Path | None) -> None:
    """One client, each query of the mix alone: the time of its count, facets and page; with
    ``answers``, every answer written there as JSON (two checkouts' files compared show that
    a change kept the answers)."""
    from reader.team.pgstore import PgIndex

    written = []
    with PgIndex.open(store) as index:
        index.count(Filter())
        index.prepare()  # as the window does once its first view is answered
        for label, f, offset in MIX:
            began = time.perf_counter()
            n = index.count(f)
            counted = time.perf_counter()
            facets = index.facets(f)
            faceted = time.perf_counter()
            page = [h.id for h in index.search(f, offset=offset, limit=50)]
            done = time.perf_counter()
            print(f"  {label}: {n:,} cables; count {(counted - began) * 1000:.0f} ms, facets"
                  f" {(faceted - counted) * 1000:.0f} ms, page {(done - faceted) * 1000:.0f} ms",
                  flush=True)  # fmt: skip
            values = {k: [(v.value, v.count) for v in vs] for k, vs in facets.items()}
            written.append({"query": label, "count": n, "facets": values, "page": page})
    if answers is not None:
        answers.write_text(json.dumps(written, indent=1))


def rank_bounds(store: str) -> None:
    """Each relevance page of the mix with every match ranked and with the bound: the
    times of the page alone (its keys found before) and the check that they are the same."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(store) as index:
        if not index._bounds:
            raise SystemExit("the store has no lengths for the bound (schema 5): open it as owner")
        for label, f, offset in MIX:
            if f.sort != "relevance":
                continue
            n = index.count(f)  # the keys found: what follows times the ranking
            times: dict[bool, list[float]] = {False: [], True: []}
            pages = {}
            for bounded in (False, True, False, True):
                index._bounds = bounded
                began = time.perf_counter()
                pages[bounded] = index._page(f, offset, 50)
                times[bounded].append(time.perf_counter() - began)
            if pages[True] != pages[False]:
                raise SystemExit(f"{label}: the bounded page differs")
            print(f"  {label}: {n:,} cables; every match ranked {min(times[False]) * 1000:.0f}"
                  f" ms, bounded {min(times[True]) * 1000:.0f} ms, the same page",
                  flush=True)  # fmt: skip


def rank_floor(store: str) -> None:
    """Each relevance query of the mix: the time of the page, ranked from the parts of the
    vectors and from the whole of them, and of its matches' vectors read and ranked alone,
    whole and from the parts (pg_rank_parts; the best of two each, the keys found once
    before)."""
    from reader.team.pg_rank_parts import parted_rank
    from reader.team.pgstore import PgIndex, rank_query

    with PgIndex.open(store) as index:
        index.prepare()  # the lengths for the bound, as the window has them
        for label, f, offset in MIX:
            words = rank_query(f.query) if f.sort == "relevance" else None
            if words is None:
                continue
            n = index.count(f)  # the keys found and kept: what follows reads the vectors
            w = index._keyed(index._condition(f))
            joined = f"FROM cables c JOIN cable_rank r ON r.key = c.key WHERE {w.sql}"
            parts, index._parts = index._parts, False
            whole = _best(index._page, f, offset, 50)
            index._parts = parts
            page = _best(index._page, f, offset, 50)
            read = _best(index._read, f"SELECT sum(length(r.v)) {joined}", w.params)
            ranked = _best(
                index._read, f"SELECT max(ts_rank(r.v, %s::tsquery, 1)) {joined}",
                (words, *w.params))  # fmt: skip
            parted = parted_rank(words) if parts else None
            from_parts = ""
            if parted is not None:
                joins, rank, times = parted
                took = _best(index._read, f"SELECT max({rank}) FROM cables c{joins}"
                             f" WHERE {w.sql}", (*[words] * times, *w.params))  # fmt: skip
                from_parts = f", from the parts {took:.0f} ms"
            print(f"  {label}: {n:,} cables; page {page:.0f} ms (ranked whole {whole:.0f} ms);"
                  f" vectors read {read:.0f} ms, read and ranked {ranked:.0f} ms (ts_rank"
                  f" {ranked - read:.0f} ms){from_parts}", flush=True)  # fmt: skip


#: --pairs-cost's ways of filling the pairs' index: (name, WITH options, session setting)
PAIRS_WAYS = [
    ("per row, as made", "", ""),
    ("per row, pending list 64 MB, work_mem 256 MB", "WITH (gin_pending_list_limit = 65536)",
     "SET work_mem = '256MB'"),
    ("per row, fastupdate off", "WITH (fastupdate = off)", ""),
    ("CREATE INDEX after the load", "", "SET maintenance_work_mem = '512MB'"),
]  # fmt: skip


def pairs_cost(store: str, rounds: int) -> None:
    """The server's CPU for each way of filling the pairs' index, and for the function."""
    import psycopg

    tick = os.sysconf("SC_CLK_TCK")
    with psycopg.connect(store, autocommit=True) as conn:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]

        def cpu() -> float:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick

        n, entries = conn.execute(
            "SELECT count(*), sum(length(cable_word_pairs(tsv))) FROM cables"
        ).fetchone()
        print(f"{n:,} cables, {entries:,} pairs' entries", flush=True)
        found: dict[str, list[tuple[float, int]]] = {name: [] for name, _, _ in PAIRS_WAYS}
        found["the function alone"] = []
        for _ in range(rounds):
            for name, options, setting in PAIRS_WAYS:
                conn.execute("RESET ALL")
                conn.execute("DROP TABLE IF EXISTS pairs_cost_scratch")
                conn.execute("CREATE TABLE pairs_cost_scratch (key bigint, tsv tsvector)")
                after = name.startswith("CREATE")
                made = (
                    "CREATE INDEX pairs_cost_index ON pairs_cost_scratch"
                    f" USING gin (cable_word_pairs(tsv)) {options}"
                )
                if not after:
                    conn.execute(made)
                if setting:
                    conn.execute(setting)
                began = cpu()
                for part in range(3):  # three statements, as batches are
                    conn.execute(
                        "INSERT INTO pairs_cost_scratch SELECT key, tsv FROM cables"
                        " WHERE key %% 3 = %s",
                        (part,),
                    )
                if after:
                    conn.execute(made)
                conn.execute("SELECT gin_clean_pending_list('pairs_cost_index')")
                size = conn.execute("SELECT pg_relation_size('pairs_cost_index')").fetchone()[0]
                found[name].append((cpu() - began, size))
            began = cpu()
            conn.execute("SELECT sum(length(cable_word_pairs(tsv))) FROM cables").fetchone()
            found["the function alone"].append((cpu() - began, 0))
        conn.execute("DROP TABLE IF EXISTS pairs_cost_scratch")
    for name, runs in found.items():
        times = ", ".join(f"{t:.2f}" for t, _ in runs)
        size = f"; the index {runs[0][1] / 2**20:.0f} MB" if runs[0][1] else ""
        print(f"  {name}: server CPU {times} s{size}", flush=True)


def _best(step: Any, *args: Any) -> float:
    """The best of two runs of ``step(*args)`` (a cursor's rows all read), in ms."""
    runs = []
    for _ in range(2):
        began = time.perf_counter()
        answer = step(*args)
        if hasattr(answer, "fetchall"):
            answer.fetchall()
        runs.append(time.perf_counter() - began)
    return min(runs) * 1000


def pg_size(url: str) -> tuple[int, dict[str, object] | None]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        figures = None
        if conn.execute("SELECT to_regclass('bench_index') IS NOT NULL").fetchone()[0]:
            row = conn.execute("SELECT figures FROM bench_index").fetchone()
            figures = json.loads(row[0]) if row else None
    return size, figures


def text_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.txt"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=Path("/tmp/c250k"))
    ap.add_argument("--store", default="postgresql:///cable_reader_bench")
    ap.add_argument("--cache-dir", type=Path, default=Path("/tmp/pg_store-cache"))
    ap.add_argument("--indexers", type=int, default=3)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-index", action="store_true")
    ap.add_argument("--index-only", action="store_true")
    ap.add_argument(
        "--with-sqlite",
        action="store_true",
        help="with --index-only: then index the folder into SQLite too (--cache-dir), timed",
    )
    ap.add_argument("--progress", action="store_true", help="print each answer's time")
    ap.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    ap.add_argument("--each", action="store_true", help="one client: each query's times")
    ap.add_argument("--answers", type=Path, help="with --each: write the answers there")
    ap.add_argument("--rank-bounds", action="store_true", help="relevance pages: bound or not")
    ap.add_argument("--rank-floor", action="store_true", help="relevance: ts_rank alone, timed")
    ap.add_argument(
        "--pairs-cost", action="store_true", help="the pairs' index's cost to inserts (CPU)"
    )
    args = ap.parse_args()
    folder = args.folder.resolve()
    print(f"machine: {os.cpu_count()} cores, load {load()}", flush=True)
    if args.each:
        each(args.store, args.answers)
        return 0
    if args.rank_bounds:
        rank_bounds(args.store)
        return 0
    if args.rank_floor:
        rank_floor(args.store)
        return 0
    if args.pairs_cost:
        pairs_cost(args.store, args.rounds)
        return 0
    pg: dict[str, object] | None = None
    if not args.no_index:
        pg = pg_index(folder, args.store, args.indexers)
    if args.index_only:
        print(f"postgresql index: {pg}", flush=True)
        if pg and pg["seconds"]:
            print(f"postgresql: {pg['cables'] / pg['seconds']:.0f} cables/s", flush=True)
        if args.with_sqlite:
            print(f"sqlite index: {sqlite_index(folder, args.cache_dir)}", flush=True)
        return 0
    lite = sqlite_index(folder, args.cache_dir) if not args.no_index else None
    size, recorded = pg_size(args.store)
    pg = pg or recorded
    text = text_size(folder)
    lite_size = sum(p.stat().st_size for p in (args.cache_dir / "indexes").glob("*.sqlite3*"))
    if pg:
        print(f"postgresql: {pg['cables']:,} cables indexed in {pg['seconds']:.0f} s by"
              f" {pg['indexers']} indexers ({pg['cables'] / pg['seconds']:.0f} cables/s,"
              f" load {pg['load']})", flush=True)  # fmt: skip
    if lite and lite["seconds"] is None:
        print(f"sqlite: the index in {args.cache_dir} was made before, its time not recorded")
    elif lite:
        print(
            f"sqlite: indexed in {lite['seconds']:.0f} s (load {lite['load']})"
            + (" (recorded when made)" if lite.get("reused") else ""),
            flush=True,
        )
    print(f"size: postgresql {size / 1e6:,.0f} MB, sqlite {lite_size / 1e6:,.0f} MB"
          f" (none when 0: {args.cache_dir}), the folder's text {text / 1e6:,.0f} MB",
          flush=True)  # fmt: skip
    if args.only != "postgresql":
        latency(
            "sqlite", args.store, args.cache_dir, folder, args.clients, args.rounds, args.progress
        )
    if args.only != "sqlite":
        latency("postgresql", args.store, None, folder, args.clients, args.rounds, args.progress)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
