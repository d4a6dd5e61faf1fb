"""What the checks find and what the code tables decode, over a folder of cables.

    python benchmarks/checks_report.py [FOLDER] [--examples N]

FOLDER defaults to ../shared/cables/text. Part 1 runs reader.review.checks on every cable
(with the folder's own cable IDs as the known IDs, for the references check) and prints,
for each check, how many cables trip it, how many findings there are, and the first N
cables (by file path) that trip it, as "ID" or "ID (file name)" where the two differ.
Part 2 counts every routing indicator, TAGS token and two-letter country code in the
``.txt`` files (resources/data/build_tables.py's measure_coverage: the same count as
``build_tables.py --check-coverage``), prints the share of occurrences reader.model.codes
decodes and lists every code it does not, most frequent first, as CODE:COUNT (spaces in a
code shown as _). Exit status 1 when a share is below the 95% goal.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "resources" / "data"))

from build_tables import CodeCount, measure_coverage  # noqa: E402

from reader.model.records import Cable  # noqa: E402
from reader.parser.containers import UnreadableFile, read_cables  # noqa: E402
from reader.review.checks import CHECKS, check_cable  # noqa: E402

DEFAULT = REPO.parent / "shared" / "cables" / "text"
#: The share of occurrences each kind of code should be decoded at (issue 5).
GOAL = 95.0


def cables_in(folder: Path) -> Iterator[Cable]:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            yield from read_cables(path)
        except UnreadableFile as exc:
            print(f"skipped {path}: {exc}", file=sys.stderr)


def label(cable: Cable) -> str:
    """The cable's ID, with its file name when that says something else."""
    name = Path(cable.source.path).name
    ident = cable.id or "(no ID)"
    return ident if Path(name).stem == ident else f"{ident} ({name})"


def report_checks(folder: Path, examples: int) -> None:
    start = time.perf_counter()
    cables = list(cables_in(folder))
    known = {c.id for c in cables if c.id}
    tripped: dict[str, list[Cable]] = defaultdict(list)
    findings: Counter[str] = Counter()
    for cable in cables:
        found = check_cable(cable, known_ids=known)
        findings.update(f.code for f in found)
        for code in dict.fromkeys(f.code for f in found):
            tripped[code].append(cable)
    seconds = time.perf_counter() - start
    print(f"Checks over {folder}: {len(cables)} cables ({seconds:.1f} s, parsing included)")
    print()
    print(f"{'check':<26} {'severity':<8} {'cables':>7} {'findings':>9}  title")
    for check in CHECKS:
        n, total = len(tripped[check.code]), findings[check.code]
        print(f"{check.code:<26} {check.severity:<8} {n:>7} {total:>9}  {check.title}")
    for check in CHECKS:
        hits = tripped[check.code]
        print()
        print(f"{check.code} ({len(hits)} cables): {check.description}")
        if hits:
            shown = ", ".join(label(c) for c in hits[:examples])
            print(textwrap.fill(shown, 100, initial_indent="  ", subsequent_indent="  "))


def report_codes(folder: Path) -> bool:
    """Print the decoding shares and every unknown code; True when each meets GOAL."""
    found = measure_coverage(folder)
    kinds: list[tuple[str, CodeCount]] = [
        ("routing indicators", found.routing),
        ("TAGS", found.tags),
        ("country codes (two-letter geographic TAGS)", found.countries),
    ]
    print(f"Decoding over {folder}: {found.cables} .txt files, occurrences decoded by "
          f"reader.model.codes (goal {GOAL:.0f}%)")  # fmt: skip
    print()
    ok = True
    for name, count in kinds:
        mark = "ok" if count.share >= GOAL else "BELOW GOAL"
        print(f"{name}: {count.decoded}/{count.total} = {count.share:.1f}% [{mark}]")
        ok &= count.share >= GOAL
    for name, count in kinds:
        unknown = count.unknown.most_common()
        print()
        print(f"unknown {name}: {len(unknown)} codes, {sum(count.unknown.values())} occurrences")
        if unknown:
            listed = ", ".join(f"{'_'.join(code.split())}:{n}" for code, n in unknown)
            print(textwrap.fill(listed, 100, initial_indent="  ", subsequent_indent="  "))
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--examples", type=int, default=10, help="example cables per check")
    args = ap.parse_args()
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    report_checks(args.folder, args.examples)
    print()
    return 0 if report_codes(args.folder) else 1


if __name__ == "__main__":
    sys.exit(main())
