"""Parser cost in instructions per cable, counted by callgrind, against another checkout.

    python benchmarks/parse_instructions.py [--tree OTHER] [--folder F] [--step 25] [--passes 3]
                                            [--cycles]

Seconds on a shared machine scatter with its load; the instructions a process runs do not, so
this is the figure that compares two parsers. For each tree (OTHER if given, then this one) it
runs ``parse_cable`` over every STEP-th file of FOLDER (sorted), the file texts read
beforehand, under ``valgrind --tool=callgrind`` twice: once with one pass over the cables and
once with PASSES passes. The difference, divided by the extra passes and the cables, is what
one parse costs: start-up, imports, reading the files and the first pass (caches filling) fall
out. ``PYTHONHASHSEED=0`` so that set and dict orders, and so the counts, repeat.

Each child puts its tree first on ``sys.path``, so a checkout other than this one is measured
with its own code. The parser's entry point is ``reader.parser.parse.parse_cable``, or
``reader.core.parse.parse_cable`` in checkouts from before the packages were split.

With ``--cycles`` callgrind also simulates the caches (``--cache-sim=yes``, which is slower),
and the script prints, per cable, the first-level and last-level misses and callgrind's
estimated cycles, Ir + 10 * L1 misses + 100 * LL misses (instruction and data misses alike):
an instruction that misses the cache costs more time than one that hits, which the count
alone weighs the same. Still no neighbour disturbs it, though the simulated caches are the
ones valgrind reads off this processor.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = HERE.parent / "shared" / "cables" / "text"


def sample(folder: Path, step: int) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())[::step]


def own_code_first(tree: Path) -> None:
    """Puts ``tree`` first on the path and takes away the finder of an editable install: for a
    module a checkout lacks (``reader.parser`` in one from before the split) it gives the
    installed checkout's, so that an older tree would be measured with the newer code."""
    sys.path.insert(0, str(tree))
    sys.meta_path[:] = [
        f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")
    ]


def check_own_code(tree: Path) -> None:
    """Stops unless every module of the reader package loaded so far is ``tree``'s."""
    for name, module in list(sys.modules.items()):
        where = getattr(module, "__file__", None)
        if name.split(".")[0] == "reader" and where:
            if tree.resolve() not in Path(where).resolve().parents:
                raise SystemExit(f"imported {where}, not the code of {tree}")


def child(tree: Path, folder: Path, step: int, passes: int) -> None:
    """Runs inside valgrind: parse the sample ``passes`` times with ``tree``'s code."""
    own_code_first(tree)
    try:
        from reader.model.records import Source
        from reader.parser.parse import parse_cable
    except ImportError:  # a checkout from before reader/core was split into packages
        from reader.core.parse import parse_cable  # type: ignore[no-redef]
        from reader.core.records import Source  # type: ignore[no-redef]
    check_own_code(tree)
    files = sample(folder, step)
    if not files:
        raise SystemExit(f"no files in {folder}")
    texts = [(p.read_bytes().decode("utf-8", errors="replace"), str(p)) for p in files]
    for _ in range(passes):
        for text, path in texts:
            parse_cable(text, source=Source(path, "txt"))
    print(len(texts))


def summary(output: str) -> dict[str, int]:
    """Callgrind's totals by event name (``Ir``, and with the cache simulation ``I1mr``,
    ``D1mr``, ``DLmw``, ...), from its ``events:`` and ``summary:`` lines."""
    events = re.search(r"^events:\s*(.+)$", output, re.M)
    totals = re.search(r"^summary:\s*(.+)$", output, re.M)
    if events is None or totals is None:
        raise SystemExit("no events or summary line in callgrind's output")
    return dict(zip(events.group(1).split(), map(int, totals.group(1).split()), strict=False))


def with_cycles(totals: dict[str, int]) -> dict[str, int]:
    """``totals`` with L1 and LL misses summed, and callgrind's estimated cycles."""
    l1 = sum(totals.get(k, 0) for k in ("I1mr", "D1mr", "D1mw"))
    ll = sum(totals.get(k, 0) for k in ("ILmr", "DLmr", "DLmw"))
    return {**totals, "L1m": l1, "LLm": ll, "cycles": totals["Ir"] + 10 * l1 + 100 * ll}


def count(
    tree: Path,
    folder: Path,
    step: int,
    passes: int,
    keep: Path | None = None,
    cycles: bool = False,
) -> tuple[dict[str, int], int]:
    """Callgrind's totals for the whole child process with ``passes`` passes, and the cables.
    With ``keep``, callgrind's output stays there for ``callgrind_annotate``."""
    with tempfile.TemporaryDirectory() as tmp:
        name = f"callgrind.{tree.name}.{passes}"
        out = (keep or Path(tmp)) / name
        cmd = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            *(["--cache-sim=yes"] if cycles else []),
            sys.executable, str(Path(__file__).resolve()), "--child", "--tree", str(tree),
            "--folder", str(folder), "--step", str(step), "--passes", str(passes),
        ]  # fmt: skip
        env = dict(os.environ, PYTHONHASHSEED="0")
        env.pop("PYTHONPATH", None)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tree)
        if done.returncode != 0:
            raise SystemExit(f"callgrind run failed for {tree}:\n{done.stderr[-3000:]}")
        cables = int(done.stdout.split()[-1])
        totals = summary(out.read_text(errors="replace"))
        return (with_cycles(totals) if cycles else totals), cables


def per_cable(
    tree: Path,
    folder: Path,
    step: int,
    passes: int,
    keep: Path | None = None,
    cycles: bool = False,
) -> tuple[dict[str, float], int]:
    """Each of callgrind's totals for one parse of one cable (the one-pass run subtracted)."""
    one, cables = count(tree, folder, step, 1, keep, cycles)
    many, _ = count(tree, folder, step, passes, keep, cycles)
    return {k: (many[k] - one[k]) / ((passes - 1) * cables) for k in many}, cables


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, help="another checkout to measure before this one")
    ap.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--step", type=int, default=25, help="every STEP-th file (sorted)")
    ap.add_argument("--passes", type=int, default=3, help="passes in the longer run (>= 2)")
    ap.add_argument("--only-other", action="store_true", help="measure only --tree")
    ap.add_argument("--keep", type=Path, help="keep callgrind's outputs in this folder")
    ap.add_argument("--cycles", action="store_true", help="simulate the caches, print cycles")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.tree, args.folder, args.step, args.passes)
        return 0
    if args.passes < 2:
        ap.error("--passes must be at least 2 (one pass is subtracted)")
    trees = [args.tree] if args.tree else []
    if not args.only_other:
        trees.append(HERE)
    results = []
    for tree in trees:
        costs, cables = per_cable(
            tree.resolve(), args.folder, args.step, args.passes, args.keep, args.cycles
        )
        results.append(costs)
        print(f"{tree}: {costs['Ir'] / 1000:,.0f}k instructions per cable ({cables} cables, "
              f"{args.passes} passes less one)", flush=True)  # fmt: skip
        if args.cycles:
            k = {key: value / 1000 for key, value in costs.items()}
            data = k["D1mr"] + k["D1mw"]
            print(f"  L1 misses {k['L1m']:,.1f}k (instructions {k['I1mr']:,.1f}k, data "
                  f"{data:,.1f}k), LL misses {k['LLm']:,.2f}k, estimated cycles "
                  f"{k['cycles']:,.0f}k per cable", flush=True)  # fmt: skip
    if len(results) == 2:
        for key, name in (("Ir", "instructions"), ("cycles", "estimated cycles")):
            if key in results[0]:
                print(f"ratio of {name} (other / this tree, speed of this one against the "
                      f"other): {results[0][key] / results[1][key]:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
