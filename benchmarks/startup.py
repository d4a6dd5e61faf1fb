"""How long a `search` of an indexed folder takes, and how much of it is importing.

    python benchmarks/startup.py FOLDER [--word iran] [--runs 10]

Indexes FOLDER first (in a throw-away cache), then runs `cable-reader search --no-refresh`
and `cable-reader search` (which looks for changed files first) --runs times each, and
prints the least and the median CPU time of each, the time Python takes to start with
nothing imported, the imports of a search (from -X importtime), and one ripgrep pass over
the folder for comparison (when rg is installed).
"""

from __future__ import annotations

import argparse
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
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--word", default="iran")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(root), "CABLE_READER_DATA_DIR": tmp}
        cache = ["--cache-dir", str(Path(tmp) / "cache")]
        py = sys.executable
        subprocess.run([py, "-m", "reader", "index", str(args.folder), *cache], env=env,
                       check=True, capture_output=True)  # fmt: skip
        search = [py, "-m", "reader", "search", str(args.folder), args.word, *cache]
        quick = [*search[:4], "--no-refresh", *search[4:]]
        bare = cpu_of([py, "-c", "pass"], env, args.runs)
        for name, cmd in (("search --no-refresh", quick), ("search", search)):
            t = cpu_of(cmd, env, args.runs)
            print(f"{name}: CPU least {min(t) * 1000:.0f} ms, median "
                  f"{statistics.median(t) * 1000:.0f} ms")  # fmt: skip
        took = imports_of(quick, env, args.runs)
        print(f"  of which importing: {took * 1000:.0f} ms (least; -X importtime adds its own)")
        print(f"  Python starting with nothing imported: {min(bare) * 1000:.0f} ms")
        rg = shutil.which("rg")
        if rg:
            start = time.perf_counter()
            subprocess.run([rg, "-l", "-i", args.word, str(args.folder)],
                           stdout=subprocess.DEVNULL)  # fmt: skip
            took = time.perf_counter() - start
            print(f"one ripgrep pass over the folder: {took * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
