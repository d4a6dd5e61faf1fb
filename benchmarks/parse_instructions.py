"""Parser cost in instructions per cable, counted by callgrind, against another checkout.

    python benchmarks/parse_instructions.py [--tree OTHER] [--folder F] [--step 25] [--passes 3]

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


def child(tree: Path, folder: Path, step: int, passes: int) -> None:
    """Runs inside valgrind: parse the sample ``passes`` times with ``tree``'s code."""
    sys.path.insert(0, str(tree))
    try:
        from reader.model.records import Source
        from reader.parser.parse import parse_cable
    except ImportError:  # a checkout from before reader/core was split into packages
        from reader.core.parse import parse_cable  # type: ignore[no-redef]
        from reader.core.records import Source  # type: ignore[no-redef]
    import reader

    if Path(reader.__file__).resolve().parents[1] != tree.resolve():
        raise SystemExit(f"imported {reader.__file__}, not the code of {tree}")
    files = sample(folder, step)
    texts = [(p.read_bytes().decode("utf-8", errors="replace"), str(p)) for p in files]
    for _ in range(passes):
        for text, path in texts:
            parse_cable(text, source=Source(path, "txt"))
    print(len(texts))


def count(
    tree: Path, folder: Path, step: int, passes: int, keep: Path | None = None
) -> tuple[int, int]:
    """Instructions of the whole child process with ``passes`` passes, and the cables.
    With ``keep``, callgrind's output stays there for ``callgrind_annotate``."""
    with tempfile.TemporaryDirectory() as tmp:
        name = f"callgrind.{tree.name}.{passes}"
        out = (keep or Path(tmp)) / name
        cmd = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            sys.executable, str(Path(__file__).resolve()), "--child", "--tree", str(tree),
            "--folder", str(folder), "--step", str(step), "--passes", str(passes),
        ]  # fmt: skip
        env = dict(os.environ, PYTHONHASHSEED="0")
        env.pop("PYTHONPATH", None)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tree)
        if done.returncode != 0:
            raise SystemExit(f"callgrind run failed for {tree}:\n{done.stderr[-3000:]}")
        cables = int(done.stdout.split()[-1])
        match = re.search(r"^summary:\s*(\d+)", out.read_text(errors="replace"), re.M)
        if match is None:
            raise SystemExit(f"no summary line in callgrind's output for {tree}")
        return int(match.group(1)), cables


def per_cable(
    tree: Path, folder: Path, step: int, passes: int, keep: Path | None = None
) -> tuple[float, int]:
    one, cables = count(tree, folder, step, 1, keep)
    many, _ = count(tree, folder, step, passes, keep)
    return (many - one) / ((passes - 1) * cables), cables


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, help="another checkout to measure before this one")
    ap.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--step", type=int, default=25, help="every STEP-th file (sorted)")
    ap.add_argument("--passes", type=int, default=3, help="passes in the longer run (>= 2)")
    ap.add_argument("--only-other", action="store_true", help="measure only --tree")
    ap.add_argument("--keep", type=Path, help="keep callgrind's outputs in this folder")
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
        instructions, cables = per_cable(
            tree.resolve(), args.folder, args.step, args.passes, args.keep
        )
        results.append(instructions)
        print(f"{tree}: {instructions / 1000:,.0f}k instructions per cable ({cables} cables, "
              f"{args.passes} passes less one)", flush=True)  # fmt: skip
    if len(results) == 2:
        print(f"ratio (other / this tree, speed of this one against the other): "
              f"{results[0] / results[1]:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
