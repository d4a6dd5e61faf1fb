"""Where a cold index's CPU goes in each phase: the one writer (the refreshing process) and
the parser processes, when the folder becomes searchable and when it is complete.

    python benchmarks/phase_cpu.py FOLDER [--tree CHECKOUT ...] [--rounds N]

Each checkout (default: this one) indexes FOLDER into a new cache, in turn, each in a
process of its own that imports that checkout's code; the caches are deleted after. The
figures: the wall time to searchable and to complete, and the CPU (user+sys) of the writer
and of the parser processes at each (the parser processes' once they have ended: the first
phase's pool ends before the folder is called searchable). The CPU is the steadier measure
on a shared machine; the wall is what the analyst waits for.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def one(folder: Path, cache: Path) -> dict[str, float]:
    """Index ``folder`` into ``cache`` with the code this process imports; the figures."""
    from reader.index.store import CorpusIndex

    index = CorpusIndex.open(folder, cache_dir=cache)
    started = time.monotonic()
    at: dict[str, float] = {}

    def progress(p: object) -> None:
        if getattr(p, "searchable", None) is not None and "searchable_s" not in at:
            at["searchable_s"] = time.monotonic() - started
            at["writer_cpu_searchable"] = _cpu(resource.getrusage(resource.RUSAGE_SELF))
            at["workers_cpu_searchable"] = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))

    index.refresh(progress=progress, waited_for=True)
    at["complete_s"] = time.monotonic() - started
    at["writer_cpu"] = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    at["workers_cpu"] = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    at["cables"] = index.total()
    index.close()
    return at


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--tree", type=Path, action="append", default=None,
                        help="a checkout whose code indexes (again for each; default: this)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--one", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:  # the measured process
        print(json.dumps(one(args.folder, args.one)))
        return 0
    trees = args.tree or [HERE.parents[1]]
    for round_ in range(args.rounds):
        for tree in trees:
            cache = Path(tempfile.mkdtemp(prefix="phase-cpu-"))
            env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
            load = os.getloadavg()[0]
            try:
                out = subprocess.run(
                    [sys.executable, str(HERE), str(args.folder), "--one", str(cache)],
                    env=env, check=True, capture_output=True, text=True,
                ).stdout
            finally:
                shutil.rmtree(cache, ignore_errors=True)
            f = json.loads(out.strip().splitlines()[-1])
            print(f"round {round_ + 1}, {tree}: {f['cables']:,} cables; searchable"
                  f" {f['searchable_s']:.1f} s (writer {f['writer_cpu_searchable']:.1f} s CPU,"
                  f" parsers {f['workers_cpu_searchable']:.1f} s); complete"
                  f" {f['complete_s']:.1f} s (writer {f['writer_cpu']:.1f} s, parsers"
                  f" {f['workers_cpu']:.1f} s); load {load:.1f} -> {os.getloadavg()[0]:.1f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
