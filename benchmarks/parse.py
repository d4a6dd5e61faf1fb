"""Parser speed: cables per second and MB per second, file reading included, one process.

    python benchmarks/parse.py [FOLDER] [--repeat N] [--profile] [--rows]
    python benchmarks/parse.py [FOLDER] --phase-one [--profile | --parts]
    python benchmarks/parse.py [FOLDER] --against OTHER [--rounds 5] [--chunk 100] [--phase-one]

With ``--rows`` it does what an indexing process does for each file: parse, run the checks
and make the index rows (``reader.index.workers.parse_files``), and prints its CPU per cable.
With ``--phase-one`` it does what the first phase of an index does instead (read the file,
the parser's header and preamble, the header rows with the text packed), and prints its CPU
per cable beside that of ``--rows``, run in turn; with ``--profile`` too, where its time goes;
with ``--parts``, each part's CPU a cable (reading, parse_header, the row, packing the text).

FOLDER defaults to ../shared/cables/text. Prints the best of N passes (default 3), so a
noisy neighbour on a shared machine disturbs the figure less.

With ``--against OTHER`` (another checkout, e.g. one of the code before a change) it compares
the two: a process of each tree's own code reads and parses the same files, a CHUNK of them
at a time, one tree then the other in a random order, for ROUNDS rounds, and each reports the
CPU time of each chunk. Two runs of this script one after the other see the machine in two
states (a neighbour's job, the processor's clock) and scatter by a quarter on this machine;
chunks a tenth of a second long, taken in turn, see it in the same state. With
``--phase-one`` each chunk is a first phase's work (the header rows, text packed included),
not the full parse.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.index.workers import FileTask, parse_files  # noqa: E402
from reader.model.records import ContainerMeta, Source  # noqa: E402
from reader.parser.containers import UnreadableFile, read_cables  # noqa: E402


def one_pass(files: list[Path]) -> tuple[int, int, float, float]:
    cables = size = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for path in files:
        try:
            for _ in read_cables(path):
                cables += 1
        except UnreadableFile:
            pass
        size += path.stat().st_size
    return cables, size, time.perf_counter() - start, time.process_time() - cpu


def rows_pass(files: list[Path], *, first_phase: bool = False) -> tuple[int, float]:
    """Cables and CPU seconds of the indexing processes' work on ``files`` (of the first
    phase's work only, with ``first_phase``)."""
    tasks = [FileTask(k, str(path), first_phase=first_phase) for k, path in enumerate(files)]
    cpu = time.process_time()
    cables = sum(len(piece.rows) for message in parse_files(tasks) for piece in message)
    return cables, time.process_time() - cpu


def phase_one_parts(files: list[Path], repeat: int) -> None:
    """Prints the CPU a cable of each part of the first phase's work, each timed alone
    over every cable, best of ``repeat``: reading and decoding the files, parse_header,
    header_row (of it, packing the text)."""
    from reader.index.rows import header_row, pack_text
    from reader.parser.parse import parse_header

    given: list[tuple[str, Source | None, ContainerMeta | None]] = []

    def keep(text: str, *, source: Source | None = None, meta: ContainerMeta | None = None) -> str:
        given.append((text, source, meta))
        return text

    def read() -> None:
        given.clear()
        for path in files:
            try:
                list(read_cables(path, keep))  # type: ignore[arg-type]
            except UnreadableFile:
                pass

    read()
    cables = [parse_header(t, source=s, meta=m) for t, s, m in given]
    parts = {
        "reading and decoding": read,
        "parse_header": lambda: [parse_header(t, source=s, meta=m) for t, s, m in given],
        "header_row": lambda: [header_row(c, k) for k, c in enumerate(cables)],
        "of it, pack_text": lambda: [pack_text(c.text) for c in cables],
    }
    best = dict.fromkeys(parts, float("inf"))
    for _ in range(repeat):
        for name, work in parts.items():  # in turn, so that a busy moment hits each
            cpu = time.process_time()
            work()
            best[name] = min(best[name], time.process_time() - cpu)
    print(f"{len(files)} files, {len(given)} cables, best of {repeat}, CPU a cable: "
          + ", ".join(f"{k} {v / len(given) * 1e6:.0f} us" for k, v in best.items()))  # fmt: skip


#: the process that reads and parses for one tree in --against: its own code, first on the path
_SERVE = r"""
import sys, time
from pathlib import Path
tree, folder = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(tree))
# an editable install's finder would give a module this tree lacks from the installed one
sys.meta_path[:] = [
    f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")
]
try:
    from reader.parser.containers import UnreadableFile, read_cables
except ImportError:  # a checkout from before reader/core was split into packages
    from reader.core.containers import UnreadableFile, read_cables
for name, module in list(sys.modules.items()):
    where = getattr(module, "__file__", None)
    if name.split(".")[0] == "reader" and where:
        if tree.resolve() not in Path(where).resolve().parents:
            raise SystemExit(f"imported {where}, not the code of {tree}")
files = sorted(p for p in folder.rglob("*") if p.is_file())
if sys.argv[3] == "phase-one":  # what a first phase's worker does: the header rows
    from reader.index.workers import FileTask, parse_files
print(len(files), flush=True)
for line in sys.stdin:
    first, last = map(int, line.split())
    cables, cpu = 0, time.process_time()
    if sys.argv[3] == "phase-one":
        tasks = [FileTask(k, str(p), first_phase=True) for k, p in enumerate(files[first:last])]
        cables = sum(len(piece.rows) for message in parse_files(tasks) for piece in message)
    else:
        for path in files[first:last]:
            try:
                for _ in read_cables(path):
                    cables += 1
            except UnreadableFile:
                pass
    print(cables, time.process_time() - cpu, flush=True)
"""


class _Server:
    """A process of one tree's code that reads and parses the files it is asked to."""

    def __init__(self, tree: Path, folder: Path, work: str = "parse") -> None:
        env = dict(os.environ, PYTHONHASHSEED="0")
        env.pop("PYTHONPATH", None)
        cmd = [sys.executable, "-c", _SERVE, str(tree), str(folder), work]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tree, env=env
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.send, self.receive = self.proc.stdin, self.proc.stdout
        self.files = int(self.receive.readline() or 0)

    def parse(self, first: int, last: int) -> tuple[int, float]:
        """Cables in files[first:last] and the CPU seconds it took to read and parse them."""
        self.send.write(f"{first} {last}\n")
        self.send.flush()
        cables, seconds = self.receive.readline().split()
        return int(cables), float(seconds)

    def close(self) -> None:
        self.send.close()
        self.proc.wait()


def against(other: Path, folder: Path, rounds: int, chunk: int, work: str = "parse") -> None:
    """Prints this tree's and ``other``'s CPU time for the files of ``folder``, in turn:
    reading and parsing them (``work`` "parse"), or a first phase's work ("phase-one")."""
    trees = {"other": other.resolve(), "this": Path(__file__).resolve().parents[1]}
    servers = {name: _Server(tree, folder, work) for name, tree in trees.items()}
    files = servers["this"].files
    if not files or servers["other"].files != files:
        raise SystemExit(f"the two processes see {[s.files for s in servers.values()]} files")
    spans = [(k, min(k + chunk, files)) for k in range(0, files, chunk)]
    cpu = {name: [[0.0] * rounds for _ in spans] for name in trees}
    cables = dict.fromkeys(trees, 0)
    for server in servers.values():  # the patterns compiled on first use, out of the count
        server.parse(*spans[0])
    order = list(trees)
    shuffle = random.Random(0).shuffle
    for r in range(rounds):
        for k, (first, last) in enumerate(spans):
            shuffle(order)  # neither goes first more often
            for name in order:
                done, cpu[name][k][r] = servers[name].parse(first, last)
                cables[name] += done if r == 0 else 0
    for server in servers.values():
        server.close()
    totals = {name: [sum(c[r] for c in cpu[name]) for r in range(rounds)] for name in trees}
    ratios = [o / t for o, t in zip(totals["other"], totals["this"], strict=True)]
    best = {name: sum(min(c) for c in cpu[name]) for name in trees}
    print(f"folder: {folder} ({files} files), {rounds} rounds of {chunk} files at a time, "
          f"the two trees in turn, CPU seconds ({work}):")  # fmt: skip
    for name, tree in trees.items():
        rounds_text = " ".join(f"{t:.2f}" for t in totals[name])
        speed = cables[name] / best[name]
        print(f"{tree}: {cables[name]} cables; rounds {rounds_text}; each chunk's best summed "
              f"{best[name]:.2f} ({speed:,.0f} cables per CPU-second)")  # fmt: skip
    by_round = " ".join(f"{x:.3f}" for x in ratios)
    print(f"this tree's speed against the other's (other's CPU / this one's): by round "
          f"{by_round}, median {statistics.median(ratios):.3f}; "
          f"each chunk's best {best['other'] / best['this']:.3f}")  # fmt: skip


def main() -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "cables" / "text"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=default)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print where the time goes")
    ap.add_argument("--rows", action="store_true", help="parse, checks and index rows")
    ap.add_argument("--phase-one", action="store_true", help="the first phase against --rows")
    ap.add_argument("--against", type=Path, help="another checkout to compare with, in turn")
    ap.add_argument("--rounds", type=int, default=5, help="with --against: passes over FOLDER")
    ap.add_argument("--chunk", type=int, default=100, help="with --against: files at a time")
    ap.add_argument("--parts", action="store_true", help="with --phase-one: each part's CPU")
    args = ap.parse_args()
    if args.against:
        work = "phase-one" if args.phase_one else "parse"
        against(args.against, args.folder.resolve(), args.rounds, args.chunk, work)
        return 0
    files = sorted(p for p in args.folder.rglob("*") if p.is_file())
    if args.phase_one and args.parts:
        phase_one_parts(files, args.repeat)
        return 0
    if args.phase_one and args.profile:
        import cProfile
        import pstats

        rows_pass(files[:50], first_phase=True)  # the patterns compiled, out of the profile
        cProfile.runctx("rows_pass(files, first_phase=True)", globals(), {"files": files},
                        "/tmp/parse.prof")  # fmt: skip
        pstats.Stats("/tmp/parse.prof").sort_stats("tottime").print_stats(25)
        return 0
    if args.phase_one:
        best: dict[bool, tuple[int, float]] = {}
        for _ in range(args.repeat):
            for first in (True, False):  # in turn, so that a busy moment hits both
                cables, cpu = rows_pass(files, first_phase=first)
                if first not in best or cpu < best[first][1]:
                    best[first] = (cables, cpu)
        print(f"folder: {args.folder} ({len(files)} files), best of {args.repeat}, CPU per cable:")
        for first, name in ((True, "first phase (header rows)"), (False, "full rows")):
            cables, cpu = best[first]
            print(f"{name}: {cables} cables, {cpu:.2f} s, {cpu / cables * 1e6:.0f} us per cable")
        return 0
    if args.rows:
        cables, cpu = min((rows_pass(files) for _ in range(args.repeat)), key=lambda r: r[1])
        print(f"folder: {args.folder} ({len(files)} files)")
        print(f"parse, checks and index rows: {cables} cables, {cpu:.2f} s CPU (best of "
              f"{args.repeat}), {cpu / cables * 1000:.2f} ms per cable")  # fmt: skip
        return 0
    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx(
            "one_pass(files)", globals(), {"files": files, "one_pass": one_pass}, "/tmp/parse.prof"
        )
        pstats.Stats("/tmp/parse.prof").sort_stats("tottime").print_stats(25)
        return 0
    best = None
    for _ in range(args.repeat):
        result = one_pass(files)
        if best is None or result[2] < best[2]:
            best = result
    assert best is not None
    cables, size, seconds, cpu = best
    print(f"folder: {args.folder} ({len(files)} files, {size / 1e6:.1f} MB)")
    print(
        f"parsed {cables} cables in {seconds:.2f} s wall, {cpu:.2f} s CPU (best of {args.repeat})"
    )
    print(f"{cables / seconds:,.0f} cables/s, {size / 1e6 / seconds:.1f} MB/s, one process")
    print(f"{cables / cpu:,.0f} cables per CPU-second (less disturbed by other load)")
    print("goal: at least 10,000 cables/s on one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
