"""The second phase of an index alone: its wall time and the CPU of its writer and workers.

    python benchmarks/phase_two.py FOLDER --work DIR [--tree OTHER]... [--rounds 2]
    python benchmarks/phase_two.py FOLDER --work DIR --profile 2000
    python benchmarks/phase_two.py FOLDER --work DIR --parts 3000

Makes (once, kept in DIR) an index of FOLDER after its first phase only: every cable
pending. Then, for each tree (this checkout, and each ``--tree``, e.g. a checkout of the
code before a change), in turn for ROUNDS rounds, copies that index and runs a refresh
of the unchanged folder with the tree's own code: the second phase and nothing else. Each
line gives the wall time, the CPU seconds of the refresh's own process (the writer) and of
its worker processes, and the CPU per cable. The trees must share the index's schema.

With ``--profile N`` it runs this tree's second phase over the first N pending cables in
this process under cProfile (the workers' part: read, parse, rows) and then the writer's
part, and prints both profiles. With ``--parts N`` it times (CPU, best of two) each step a
worker takes for those cables, one after the other over all of them: the read from the
index, unpacking the text, the full parse, the row with its checks; and, to weigh them, the
checks alone, reading the file instead, and the first phase's header parse.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: the refresh of one tree's code, in a process of its own (its CPU is then its own)
_RUN = r"""
import json, resource, sys, time
from pathlib import Path
tree, folder, cache = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
sys.path.insert(0, str(tree))
sys.meta_path[:] = [
    f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")
]
from reader.index.store import CorpusIndex
import reader
assert tree.resolve() in Path(reader.__file__).resolve().parents, reader.__file__
index = CorpusIndex.open(folder, cache_dir=cache, thorough=False)
pending = index._conn.execute("SELECT count(*) FROM pending").fetchone()[0]
start = time.perf_counter()
index.refresh()
wall = time.perf_counter() - start
left = index._conn.execute("SELECT count(*) FROM pending").fetchone()[0]
index.close()
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "pending": pending, "left": left, "wall": wall,
    "writer_cpu": me.ru_utime + me.ru_stime, "workers_cpu": kids.ru_utime + kids.ru_stime,
}))
"""


def first_phase_index(folder: Path, work: Path) -> Path:
    """The cache dir holding FOLDER's index after its first phase (made once)."""
    cache = work / "phase-one"
    done = work / "phase-one.done"
    if done.exists():
        return cache
    shutil.rmtree(cache, ignore_errors=True)
    sys.path.insert(0, str(REPO))
    from reader.index.refresh import Refresh
    from reader.index.store import CorpusIndex

    second = Refresh._phase_two
    Refresh._phase_two = lambda *args, **kwargs: None  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        with CorpusIndex.open(folder, cache_dir=cache) as index:
            index.refresh()
            pending = index._conn.execute("SELECT count(*) FROM pending").fetchone()[0]
            index._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"first phase: {pending:,} cables pending in {time.perf_counter() - start:.1f} s")
    finally:
        Refresh._phase_two = second  # type: ignore[method-assign]
    done.touch()
    return cache


def run_tree(tree: Path, folder: Path, base: Path, work: Path) -> dict[str, float]:
    cache = work / "copy"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(base, cache)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(tree), str(folder), str(cache)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tree,
        env=env,
    ).stdout
    shutil.rmtree(cache, ignore_errors=True)
    return json.loads(out.splitlines()[-1])


def profile(folder: Path, base: Path, work: Path, count: int) -> None:
    sys.path.insert(0, str(REPO))
    from reader.index.database import connect, index_path
    from reader.index.workers import Reparse, parse_file
    from reader.index.writer import Writer

    cache = work / "copy"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(base, cache)
    db = index_path(folder, cache)
    conn = connect(db)
    keys = [k for (k,) in conn.execute("SELECT key FROM pending ORDER BY key LIMIT ?", (count,))]
    tasks = [Reparse(n, str(db), str(folder), tuple(keys[i : i + 32])) for n, i in
             enumerate(range(0, len(keys), 32))]  # fmt: skip
    prof = cProfile.Profile()
    cpu = time.process_time()
    prof.enable()
    pieces = [piece for task in tasks for piece in parse_file(task)]
    prof.disable()
    print(f"workers' part: {(time.process_time() - cpu) / len(keys) * 1e6:.0f} us a cable")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    writer = Writer(conn, small_first_batch=False)
    prof = cProfile.Profile()
    cpu = time.process_time()
    prof.enable()
    for piece in pieces:
        writer.replace_rows(piece.rows)
    writer.commit()
    prof.disable()
    print(f"writer's part: {(time.process_time() - cpu) / len(keys) * 1e6:.0f} us a cable")
    pstats.Stats(prof).sort_stats("tottime").print_stats(20)
    conn.close()
    shutil.rmtree(cache, ignore_errors=True)


def parts(folder: Path, base: Path, count: int) -> None:
    sys.path.insert(0, str(REPO))
    import sqlite3

    from reader.index.database import index_path, unpack_text
    from reader.index.rows import cable_row, meta_from_json, parsed_again
    from reader.index.scan import on_disk
    from reader.model.records import Source
    from reader.parser.parse import parse_header
    from reader.review.checks import check_cable

    conn = sqlite3.connect(f"file:{index_path(folder, base)}?mode=ro", uri=True)
    keys = [k for (k,) in conn.execute("SELECT key FROM pending ORDER BY key LIMIT ?", (count,))]
    batches = [keys[i : i + 32] for i in range(0, len(keys), 32)]

    def select() -> list[tuple[object, ...]]:
        found = []
        for batch in batches:
            marks = ",".join("?" * len(batch))
            found += conn.execute(
                "SELECT c.key, t.packed, f.path, c.format, c.row, c.meta FROM cables c"
                " JOIN texts t ON t.key = c.key JOIN files f ON f.id = c.file_id"
                f" WHERE c.key IN ({marks}) ORDER BY c.key",
                batch,
            ).fetchall()
        return found

    found = select()
    texts = [unpack_text(r[1]) for r in found]
    sources = [Source(str(folder / on_disk(r[2])), r[3], r[4]) for r in found]
    cables = [parsed_again(t, s, r[5]) for t, s, r in zip(texts, sources, found, strict=True)]
    steps = {
        "read from the index": select,
        "unpack the text": lambda: [unpack_text(r[1]) for r in found],
        "full parse": lambda: [
            parsed_again(t, s, r[5]) for t, s, r in zip(texts, sources, found, strict=True)
        ],
        "row, checks included": lambda: [cable_row(c, 0, pack=False) for c in cables],
        "(the checks alone)": lambda: [list(check_cable(c)) for c in cables],
        "(the file read and decoded instead)": lambda: [
            Path(s.path).read_bytes().decode("utf-8") for s in sources
        ],
        "(the first phase's header parse)": lambda: [
            parse_header(t, source=s, meta=meta_from_json(r[5]))
            for t, s, r in zip(texts, sources, found, strict=True)
        ],
    }
    print(f"{len(keys):,} cables, load {os.getloadavg()[0]:.1f}; CPU a cable, best of two:")
    for label, step in steps.items():
        best = float("inf")
        for _ in range(2):
            cpu = time.process_time()
            step()
            best = min(best, time.process_time() - cpu)
        print(f"  {label:38s} {best / len(keys) * 1e6:7.0f} us")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tree", type=Path, action="append", default=[])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--parts", type=int, default=0)
    args = parser.parse_args()
    folder = args.folder.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    base = first_phase_index(folder, args.work)
    if args.parts:
        parts(folder, base, args.parts)
        return
    if args.profile:
        profile(folder, base, args.work, args.profile)
        return
    trees = [REPO, *(t.resolve() for t in args.tree)]
    for round_ in range(args.rounds):
        for tree in trees if round_ % 2 == 0 else reversed(trees):
            load = os.getloadavg()[0]
            r = run_tree(tree, folder, base, args.work)
            per = (r["writer_cpu"] + r["workers_cpu"]) / max(1, r["pending"]) * 1e6
            print(
                f"{tree}: {r['pending']:,} cables in {r['wall']:.1f} s wall; CPU writer"
                f" {r['writer_cpu']:.1f} s, workers {r['workers_cpu']:.1f} s"
                f" ({per:.0f} us a cable); left pending {r['left']}; load {load:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
