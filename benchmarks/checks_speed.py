"""The checks' CPU per cable, this code against other checkouts in turn, and their findings.

    python benchmarks/checks_speed.py FOLDER... [--limit N] [--tree OTHER]... [--rounds 3]
    python benchmarks/checks_speed.py FOLDER... [--every K] [--tree OTHER] --dump OUT
    python benchmarks/checks_speed.py FOLDER... [--limit N] --profile

Takes the files of each FOLDER in path order (every K-th with ``--every K``, the first N of
those with ``--limit N``) and, for each tree (this checkout, then each ``--tree``, e.g. a
checkout of the code before a change), in a process of its own that imports that tree's
code: parses the cables, then runs ``check_cable`` over all of them ``--repeat`` times, as
an index's second phase does (without the folder's IDs: the references check is the
writer's), and prints the CPU per cable (best and each), parsing left out. The trees take
turns for ROUNDS rounds (the order reversed every other round), so a machine busier for a
while weighs on each alike.

``--dump OUT`` writes, with each tree's code, one line a cable (file, row, ID, then every
finding in full, the selection's cable IDs given as the known IDs) to OUT, OUT.1, OUT.2...:
the same findings give files ``cmp`` finds equal. ``--profile`` runs this tree's checks
once under cProfile and prints where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def files_of(folders: list[Path], limit: int, every: int) -> list[Path]:
    """The files of each folder in path order, every ``every``-th of them, the first
    ``limit`` of those (0: all)."""
    out: list[Path] = []
    for folder in folders:
        found = sorted(p for p in folder.rglob("*") if p.is_file())[::every]
        out += found[:limit] if limit else found
    return out


def worker(tree: Path, args: argparse.Namespace) -> None:
    """Runs in a process of its own: this tree's code only (not the editable install's)."""
    sys.path.insert(0, str(tree))
    sys.meta_path[:] = [
        f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")
    ]
    import cProfile
    import pstats
    import time

    import reader
    from reader.parser.containers import UnreadableFile, read_cables
    from reader.review.checks import check_cable

    assert tree.resolve() in Path(reader.__file__).resolve().parents, reader.__file__
    cables = []
    for path in files_of(args.folders, args.limit, args.every):
        try:
            cables += [(str(path), row, c) for row, c in enumerate(read_cables(path))]
        except UnreadableFile:
            continue
    known = frozenset(c.id for _, _, c in cables if c.id)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for path, row, c in cables:
                found = check_cable(c, known_ids=known)
                out.write(f"{path}\t{row}\t{c.id}\t{found!r}\n")
        return
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _, _, c in cables:
            check_cable(c)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(35)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        return
    times = []
    for _ in range(args.repeat):
        cpu = time.process_time()
        for _, _, c in cables:
            check_cable(c)
        times.append((time.process_time() - cpu) / len(cables) * 1e6)
    print(json.dumps({"cables": len(cables), "us": times}))


def run(tree: Path, argv: list[str]) -> str:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, __file__, "--worker", str(tree), *argv],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tree,
        env=env,
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--limit", type=int, default=0, help="files of each folder (0: all)")
    parser.add_argument("--every", type=int, default=1, help="every N-th file of each folder")
    parser.add_argument("--tree", type=Path, action="append", default=[])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="passes a round, best counts")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.folders = [f.resolve() for f in args.folders]
    if args.worker:
        worker(args.worker, args)
        return
    trees = [REPO, *(t.resolve() for t in args.tree)]
    common = [
        *map(str, args.folders),
        "--limit",
        str(args.limit),
        "--every",
        str(args.every),
        "--repeat",
        str(args.repeat),
    ]
    if args.profile:
        print(run(REPO, [*common, "--profile"]))
        return
    if args.dump:
        for k, tree in enumerate(trees):
            out = (
                args.dump.resolve()
                if k == 0
                else args.dump.resolve().with_name(f"{args.dump.name}.{k}")
            )
            run(tree, [*common, "--dump", str(out)])
            print(f"{tree}: {out}")
        return
    for round_ in range(args.rounds):
        for tree in trees if round_ % 2 == 0 else list(reversed(trees)):
            load = os.getloadavg()[0]
            r = json.loads(run(tree, common).splitlines()[-1])
            each = " ".join(f"{t:.0f}" for t in r["us"])
            print(
                f"{tree}: {r['cables']:,} cables, checks {min(r['us']):.0f} us a cable"
                f" (passes {each}); load {load:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
