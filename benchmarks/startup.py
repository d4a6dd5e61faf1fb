"""How long a `search` of an indexed folder takes, and how much of it is importing.

    python benchmarks/startup.py FOLDER [--word QUERY] [--runs 10] [--cache-dir DIR]
                                        [--against CHECKOUT]

Indexes FOLDER first (in a throw-away cache, or in DIR, where an index made before is
only brought up to date), then runs `cable-reader search --no-refresh`, `cable-reader
search` (which looks at the folder's subfolders for changes first) and `search --rescan`
(which looks at every file) --runs times each, and prints the least and the median CPU
and wall time of each, the time Python takes to start with nothing imported, the imports of
a search (from -X importtime), and, when rg is installed, ripgrep passes over the folder
run in turn with the searches, and the ratio of the medians. Every run reads its modules'
compiled bytecode, as an installed app does (written once, into the throw-away dir,
whatever PYTHONDONTWRITEBYTECODE says). Last, where a search's time
goes, each step the least over --runs runs in a fresh interpreter (wall and CPU): the
imports, the open, the look at the folders, the page (the words' matches scored, the best
picked, their rows and snippets), the count, and of the page FTS5's bm25() over every match
alone (each turned into a Python row, and only the best: the floor of a page). --word takes
any query ("iran -nuclear", "iran class:secret", '"human rights"'); the ripgrep pass looks
for its first word. With --against, `search` from that checkout (the code before a change)
and from this one are run in turn with a ripgrep pass, --runs times, and the CPU and wall
medians of each printed first.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_of(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    """The CPU seconds (user + system) of each of ``runs`` runs of ``cmd``."""
    return [cpu for cpu, _ in timed(cmd, env, runs)]


def timed(
    cmd: list[str], env: dict[str, str], runs: int, cwd: Path | None = None
) -> list[tuple[float, float]]:
    """The CPU seconds (user + system) and the wall seconds of each of ``runs`` runs."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall))
    return times


def imports_of(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """The least, over ``runs`` runs, of the time the top-level imports of ``cmd`` took."""
    best = float("inf")
    for _ in range(runs):
        err = subprocess.run(
            [cmd[0], "-X", "importtime", *cmd[1:]], env=env, capture_output=True, text=True
        ).stderr
        total = 0
        for line in err.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( +)\S", line)
            if m and len(m.group(2)) == 1:
                total += int(m.group(1))
        best = min(best, total / 1e6)
    return best


#: Run in a fresh interpreter: each step of a search of an indexed folder, timed (what
#: ``search_main`` does, without the printing). Prints one JSON object of wall and CPU.
_STEPS = """
import json, sqlite3, sys, time
from pathlib import Path
times = {}
def step(name, started):
    times[name] = (time.perf_counter() - started[0], time.process_time() - started[1])
    return time.perf_counter(), time.process_time()
at = time.perf_counter(), time.process_time()
from reader.index.commands import open_index
from reader.query.query import Filter, default_sort
from reader.index.store import rank_expression, W_SUBJECT, W_TEXT
try:  # the text the page ranks: the query's own when it scores as its words
    from reader.index.view import scored_alike
except ImportError:  # (code before it: the words)
    scored_alike = lambda query, words: None
at = step("imports", at)
folder, cache, word = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
index = open_index(folder, cache, thorough=False)
index.one_query = True  # as search_main: one query, then closed
at = step("open", at)
fresh = index.unchanged()
at = step("folders looked at", at)
f = Filter(word, sort=default_sort(word))
index.search(f, limit=20)
at = step("page of 20 (scored, picked, rows, snippets)", at)
index.count(f)
index.total()
index.partial() or index.partial_for(f)
at = step("count, total, partial", at)
conn = sqlite3.connect(f"file:{index.db_path}?mode=ro", uri=True)
sql = f"SELECT rowid, bm25(ft, {W_TEXT}, {W_SUBJECT}) FROM ft WHERE ft MATCH ?"
words = rank_expression(word)
ranked = scored_alike(word, words) or words
conn.execute(sql, (words,)).fetchall()
at = step("  of the page: bm25() of every match of the words, each a Python row", at)
conn.execute(sql + " ORDER BY 2 LIMIT 1", (ranked,)).fetchall()
step("  of the page: bm25() of every match ranked, the best kept by SQLite", at)
print(json.dumps({"fresh": fresh, "times": times}))
"""


def steps_of(py: str, folder: Path, cache: Path, word: str, env: dict[str, str], runs: int) -> None:
    """Print each step of a search (``_STEPS``), the least wall and CPU over ``runs``."""
    import json

    least: dict[str, list[float]] = {}
    fresh = True
    for _ in range(runs):
        out = subprocess.run([py, "-c", _STEPS, str(folder), str(cache), word], env=env,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        answer = json.loads(out.splitlines()[-1])
        fresh = fresh and answer["fresh"]
        for name, (wall, cpu) in answer["times"].items():
            best = least.setdefault(name, [wall, cpu])
            best[:] = [min(best[0], wall), min(best[1], cpu)]
    print(f"where a search's time goes (least of {runs} runs; folder unchanged: {fresh}):")
    for name, (wall, cpu) in least.items():
        print(f"  {name}: wall {wall * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms")


def in_turn(
    cmd: list[str], checkouts: dict[str, Path], rg: list[str] | None, env: dict[str, str], runs: int
) -> None:
    """Run ``cmd`` from each checkout (its code first on the path) and a ripgrep pass in
    turn, ``runs`` times, and print the CPU and wall medians of each and their ratios to the
    median pass (the same load for all: the machine is shared)."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    passes: list[float] = []
    for _ in range(runs):
        for name, where in checkouts.items():
            # (run from the checkout: ``python -m`` looks in the working folder first)
            times[name] += timed(cmd, {**env, "PYTHONPATH": str(where)}, 1, cwd=where)
        if rg:
            passes += [wall for _, wall in timed(rg, env, 1)]
    rg_median = statistics.median(passes) if passes else math.nan
    print(f"in turn, {runs} times: ripgrep pass median {rg_median * 1000:.0f} ms")
    for name, t in times.items():
        cpu = statistics.median(c for c, _ in t)
        wall = statistics.median(w for _, w in t)
        print(f"  {name}: CPU median {cpu * 1000:.0f} ms (least {min(c for c, _ in t) * 1000:.0f}),"
              f" wall median {wall * 1000:.0f} ms; {cpu / rg_median:.2f} and {wall / rg_median:.2f}"
              " of the pass")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--word", "--query", default="iran", help="the query (any query: words,"
                    " -words, OR, a phrase, a prefix, fields)")  # fmt: skip
    ap.add_argument("--against", type=Path, default=None, help="another checkout, run in turn")
    ap.add_argument("--against-only", action="store_true", help="stop after --against's runs")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--cache-dir", type=Path, default=None, help="an index made before")
    args = ap.parse_args()
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(root), "CABLE_READER_DATA_DIR": tmp}
        # as on an analyst's machine, where installing compiles the modules: each runs from
        # its compiled bytecode (kept apart, the first run writes it), not from its source
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        cache = ["--cache-dir", str((args.cache_dir or Path(tmp) / "cache").resolve())]
        py = sys.executable
        subprocess.run([py, "-m", "reader", "index", str(args.folder), *cache], env=env,
                       check=True, capture_output=True)  # fmt: skip
        # (after --: a query may start with "-")
        folder = str(args.folder.resolve())
        search = [py, "-m", "reader", "search", folder, *cache, "--", args.word]
        quick = [*search[:4], "--no-refresh", *search[4:]]
        rescan = [*search[:4], "--rescan", *search[4:]]
        subprocess.run(quick, env=env, check=True, capture_output=True)  # the bytecode
        bare = cpu_of([py, "-c", "pass"], env, args.runs)
        rg = shutil.which("rg")
        # the pass a user would run for the query's first word (the same reading of every file)
        pattern = (re.findall(r"\w+", args.word) or [args.word])[0]
        if args.against is not None:
            rg_pass = [rg, "-l", "-i", pattern, str(args.folder)] if rg else None
            in_turn(search, {"this checkout": root, str(args.against): args.against.resolve()},
                    rg_pass, env, args.runs)  # fmt: skip
            if args.against_only:
                return 0
        rg_walls: list[float] = []
        walls: dict[str, list[float]] = {}
        for name, cmd in (("search --no-refresh", quick), ("search", search),
                          ("search --rescan", rescan)):  # fmt: skip
            t = []
            for _ in range(args.runs):  # in turn with ripgrep: the same load for both
                t += timed(cmd, env, 1)
                if rg:
                    rg_walls += [w for _, w in timed([rg, "-l", "-i", pattern, str(args.folder)],
                                                     env, 1)]  # fmt: skip
            cpu, wall = [c for c, _ in t], [w for _, w in t]
            walls[name] = wall
            print(f"{name}: CPU least {min(cpu) * 1000:.0f} ms, median "
                  f"{statistics.median(cpu) * 1000:.0f} ms; wall least {min(wall) * 1000:.0f} ms,"
                  f" median {statistics.median(wall) * 1000:.0f} ms")  # fmt: skip
        took = imports_of(quick, env, args.runs)
        print(f"  of which importing: {took * 1000:.0f} ms (least; -X importtime adds its own)")
        print(f"  Python starting with nothing imported: {min(bare) * 1000:.0f} ms")
        if rg_walls:
            rg_median = statistics.median(rg_walls)
            print(f"ripgrep passes over the folder (rg -l -i), in turn with the searches: least "
                  f"{min(rg_walls) * 1000:.0f} ms, median {rg_median * 1000:.0f} ms")  # fmt: skip
            for name, wall in walls.items():
                print(f"  {name}: {statistics.median(wall) / rg_median:.2f} of a ripgrep pass")
        steps_of(py, args.folder, Path(cache[1]), args.word, env, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
