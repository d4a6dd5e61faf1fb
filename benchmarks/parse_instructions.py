"""Parser cost in instructions per cable, counted by callgrind, against another checkout.

    python benchmarks/parse_instructions.py [--tree OTHER] [--folder F] [--step 25] [--passes 3]
                                            [--cycles] [--ll BYTES] [--fresh]

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

With ``--cycles`` callgrind also simulates the caches and the branch predictor
(``--cache-sim=yes --branch-sim=yes``, which is slower), and the script prints, per cable,
the first-level and last-level misses, the mispredicted branches and the estimated cycles
KCachegrind reports, Ir + 10 * mispredicted branches + 10 * L1 misses + 100 * LL misses
(instruction and data misses alike): an instruction that misses the cache or whose branch was
mispredicted costs more time than one that does not, which the count alone weighs the same.
Still no neighbour disturbs it; the caches simulated are those valgrind reads off this
processor, the predictor a simple one.

``--ll BYTES`` (with ``--cycles``) makes the simulated last-level cache that size (8-way,
64-byte lines) instead of the processor's third level: callgrind models two levels only, so
with a shared 32 MiB third level as the last one a working set that outgrows the second level
(1 MiB a core here) but fits the third shows no last-level miss at all, where on the machine
each such miss costs tens of cycles, and more where other processes share the third level.

With ``--fresh`` each pass parses other cables (pass k every STEP-th file from the k-th), as an
index parses each cable once: the parser's caches of what it made of one cable's file name,
IDs, names and titles (``functools.lru_cache``) then miss as they do there, where passes over
the same cables find everything in them. The texts of every pass are read in both runs.
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


def child(tree: Path, folder: Path, step: int, passes: int, fresh: int = 0) -> None:
    """Runs inside valgrind: parse the sample ``passes`` times with ``tree``'s code; with
    ``fresh`` (the longer run's passes), the k-th pass parses the k-th sample instead."""
    own_code_first(tree)
    try:
        from reader.model.records import Source
        from reader.parser.parse import parse_cable
    except ImportError:  # a checkout from before reader/core was split into packages
        from reader.core.parse import parse_cable  # type: ignore[no-redef]
        from reader.core.records import Source  # type: ignore[no-redef]
    check_own_code(tree)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if not files:
        raise SystemExit(f"no files in {folder}")
    samples = [files[k::step] for k in range(fresh)] if fresh else [files[::step]]
    texts = [
        [(p.read_bytes().decode("utf-8", errors="replace"), str(p)) for p in s] for s in samples
    ]
    if not fresh:
        texts *= passes  # the same texts, read once
    for one in texts[:passes]:
        for text, path in one:
            parse_cable(text, source=Source(path, "txt"))
    print(len(texts[0]), sum(len(one) for one in texts[1:passes]))


def summary(output: str) -> dict[str, int]:
    """Callgrind's totals by event name (``Ir``, and with the cache simulation ``I1mr``,
    ``D1mr``, ``DLmw``, ...), from its ``events:`` and ``summary:`` lines."""
    events = re.search(r"^events:\s*(.+)$", output, re.M)
    totals = re.search(r"^summary:\s*(.+)$", output, re.M)
    if events is None or totals is None:
        raise SystemExit("no events or summary line in callgrind's output")
    return dict(zip(events.group(1).split(), map(int, totals.group(1).split()), strict=False))


def with_cycles(totals: dict[str, int]) -> dict[str, int]:
    """``totals`` with L1 and LL misses and mispredicted branches (conditional and indirect)
    summed, and the estimated cycles."""
    l1 = sum(totals.get(k, 0) for k in ("I1mr", "D1mr", "D1mw"))
    ll = sum(totals.get(k, 0) for k in ("ILmr", "DLmr", "DLmw"))
    bm = totals.get("Bcm", 0) + totals.get("Bim", 0)
    cycles = totals["Ir"] + 10 * bm + 10 * l1 + 100 * ll
    return {**totals, "L1m": l1, "LLm": ll, "Bm": bm, "cycles": cycles}


def count(
    tree: Path,
    folder: Path,
    step: int,
    passes: int,
    keep: Path | None = None,
    cycles: bool = False,
    fresh: int = 0,
    ll: int = 0,
) -> tuple[dict[str, int], int]:
    """Callgrind's totals for the whole child process with ``passes`` passes, and the cables
    parsed after the first pass.
    With ``keep``, callgrind's output stays there for ``callgrind_annotate``."""
    with tempfile.TemporaryDirectory() as tmp:
        name = f"callgrind.{tree.name}.{passes}"
        out = (keep or Path(tmp)) / name
        cmd = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            *(["--cache-sim=yes", "--branch-sim=yes"] if cycles else []),
            *([f"--LL={ll},8,64"] if cycles and ll else []),
            sys.executable, str(Path(__file__).resolve()), "--child", "--tree", str(tree),
            "--folder", str(folder), "--step", str(step), "--passes", str(passes),
            "--fresh-of", str(fresh),
        ]  # fmt: skip
        env = dict(os.environ, PYTHONHASHSEED="0")
        env.pop("PYTHONPATH", None)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tree)
        if done.returncode != 0:
            raise SystemExit(f"callgrind run failed for {tree}:\n{done.stderr[-3000:]}")
        cables = int(done.stdout.split()[-1])  # after the first pass
        totals = summary(out.read_text(errors="replace"))
        return (with_cycles(totals) if cycles else totals), cables


def per_cable(
    tree: Path,
    folder: Path,
    step: int,
    passes: int,
    keep: Path | None = None,
    cycles: bool = False,
    fresh: bool = False,
    ll: int = 0,
) -> tuple[dict[str, float], int]:
    """Each of callgrind's totals for one parse of one cable (the one-pass run subtracted)."""
    read = passes if fresh else 0
    one, _ = count(tree, folder, step, 1, keep, cycles, read, ll)
    many, cables = count(tree, folder, step, passes, keep, cycles, read, ll)
    return {k: (many[k] - one[k]) / cables for k in many}, cables


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, help="another checkout to measure before this one")
    ap.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--step", type=int, default=25, help="every STEP-th file (sorted)")
    ap.add_argument("--passes", type=int, default=3, help="passes in the longer run (>= 2)")
    ap.add_argument("--only-other", action="store_true", help="measure only --tree")
    ap.add_argument("--keep", type=Path, help="keep callgrind's outputs in this folder")
    ap.add_argument("--cycles", action="store_true", help="simulate caches and branches")
    ap.add_argument("--ll", type=int, default=0, help="with --cycles: last-level cache bytes")
    ap.add_argument("--fresh", action="store_true", help="each pass parses other cables")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--fresh-of", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.tree, args.folder, args.step, args.passes, args.fresh_of)
        return 0
    if args.passes < 2:
        ap.error("--passes must be at least 2 (one pass is subtracted)")
    trees = [args.tree] if args.tree else []
    if not args.only_other:
        trees.append(HERE)
    results = []
    for tree in trees:
        costs, cables = per_cable(
            tree.resolve(),
            args.folder,
            args.step,
            args.passes,
            args.keep,
            args.cycles,
            args.fresh,
            args.ll,
        )
        results.append(costs)
        kind = "other cables each pass" if args.fresh else "the same cables each pass"
        print(f"{tree}: {costs['Ir'] / 1000:,.0f}k instructions per cable ({cables} cables in "
              f"{args.passes} passes less one, {kind})", flush=True)  # fmt: skip
        if args.cycles:
            k = {key: value / 1000 for key, value in costs.items()}
            data = k["D1mr"] + k["D1mw"]
            print(f"  L1 misses {k['L1m']:,.1f}k (instructions {k['I1mr']:,.1f}k, data "
                  f"{data:,.1f}k), LL misses {k['LLm']:,.2f}k, mispredicted branches "
                  f"{k['Bm']:,.1f}k (of {k['Bc'] + k['Bi']:,.0f}k), estimated cycles "
                  f"{k['cycles']:,.0f}k per cable", flush=True)  # fmt: skip
    if len(results) == 2:
        for key, name in (("Ir", "instructions"), ("cycles", "estimated cycles")):
            if key in results[0]:
                print(f"ratio of {name} (other / this tree, speed of this one against the "
                      f"other): {results[0][key] / results[1][key]:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
