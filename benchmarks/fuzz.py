"""Coverage-guided fuzzing (atheris) of the parser and every container, for N minutes.

    python benchmarks/fuzz.py [--minutes N] [--corpus DIR] [--crashes DIR]

Each input is parsed as cable text, and written to a file read as .txt, .html and .csv.
A crash is any exception other than UnreadableFile, a parser-error problem (an exception
the parser caught inside itself), or a lost text. The seed inputs are the bundled samples
and, when present, a few hundred of ../shared/cables. Prints executions and crashes; the
crashing inputs are written to --crashes (default benchmarks/out/fuzz-crashes) so that each
can become a test. Needs `pip install atheris`.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from reader.model.records import Source  # noqa: E402
    from reader.parser.containers import UnreadableFile, read_cables  # noqa: E402
    from reader.parser.parse import parse_cable  # noqa: E402

WORK = Path(tempfile.mkdtemp(prefix="cable-fuzz-"))


class Broken(Exception):
    """The parser broke a promise on this input."""


def check_text(text: str) -> None:
    cable = parse_cable(text, source=Source("fuzz/07PRAGUE497.txt", "txt"))
    if cable.text != text:
        raise Broken("the cable does not keep the original text")
    errors = [p for p in cable.problems if p.code == "parser-error"]
    if errors:
        raise Broken(errors[0].message)
    for p in cable.paragraphs:
        if not 0 <= p.start <= p.end <= len(text):
            raise Broken(f"paragraph {p.number} offsets out of range")


def check_file(data: bytes, suffix: str) -> None:
    path = WORK / f"input{suffix}"
    path.write_bytes(data)
    try:
        for cable in read_cables(path):
            errors = [p for p in cable.problems if p.code == "parser-error"]
            if errors:
                raise Broken(f"{suffix}: {errors[0].message}")
    except UnreadableFile:
        pass


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    choice = fdp.ConsumeIntInRange(0, 3)
    rest = fdp.ConsumeBytes(fdp.remaining_bytes())
    if choice == 0:
        check_text(rest.decode("utf-8", errors="replace"))
    else:
        check_file(rest, (".txt", ".html", ".csv")[choice - 1])


def seeds(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        return
    files = sorted(p for p in (ROOT / "resources" / "samples").rglob("*") if p.is_file())
    shared = ROOT.parent / "shared" / "cables"
    if shared.is_dir():
        real = sorted(p for p in shared.rglob("*") if p.is_file() and p.stat().st_size < 20000)
        files += random.Random(1).sample(real, min(300, len(real)))
    for i, path in enumerate(files):
        data = path.read_bytes()
        kind = {".html": 2, ".htm": 2, ".csv": 3}.get(path.suffix.lower(), i % 2)
        (folder / f"seed{i:04d}").write_bytes(bytes([kind]) + data)


def fuzz_here(corpus: Path, crashes: Path, seconds: int) -> None:
    """Run libFuzzer in this process; it exits the process when done."""
    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={seconds}",
        f"-artifact_prefix={crashes}/",
        "-max_len=65536",
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=1.0)
    ap.add_argument("--corpus", type=Path, default=ROOT / "benchmarks" / "out" / "fuzz-corpus")
    ap.add_argument("--crashes", type=Path, default=ROOT / "benchmarks" / "out" / "fuzz-crashes")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    seconds = int(args.minutes * 60)
    if args.child:
        fuzz_here(args.corpus, args.crashes, seconds)
        return 0
    seeds(args.corpus)
    args.crashes.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in args.crashes.iterdir()}
    start = time.time()
    # libFuzzer ends the process it runs in; run it in a child and report here
    done = subprocess.run(
        [sys.executable, __file__, "--child", f"--minutes={args.minutes}",
         f"--corpus={args.corpus}", f"--crashes={args.crashes}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    runs = re.search(r"number_of_executed_units:\s*(\d+)", done.stderr)
    new = sorted(p for p in args.crashes.iterdir() if p.name not in before)
    print(
        f"fuzzed the parser and the .txt, .html and .csv containers for {time.time() - start:.0f} s"
    )
    print(f"executions: {int(runs.group(1)) if runs else 'unknown'}")
    print(f"crashes: {len(new)}")
    for path in new:
        print(f"  {path}")
    if done.returncode not in (0,) and not new:
        print(done.stderr[-3000:])
    return 1 if new or done.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
