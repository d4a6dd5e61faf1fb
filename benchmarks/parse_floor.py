"""What any parser of this kind must spend per cable before it recognises anything.

    python benchmarks/parse_floor.py [FOLDER] [--repeat N]

For every cable of FOLDER (default ../shared/cables/text) it first parses the cable, outside
the timing, to know what the parser gives. Then it times, one process, only the work that
giving the same output cannot avoid:

- reading and decoding the file, as the parser's container does;
- one pass of one pattern over the whole text (the parser's own paragraph-start pattern);
- the paragraph texts with their blanks made single (the output holds them so);
- making the records the output holds (paragraphs, addresses, references, the DE line,
  declassification, classified-by, problems, source and the cable), from values known
  beforehand. Markings are left out: the parser keeps them in a cache.

Whatever is left of a per-cable budget after this floor is what recognising the routing
header, the preamble and the body may cost. It prints the floor, the parser itself, and what
the goal of 10,000 cables/s (100 us a cable) leaves for recognition.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.model.records import Cable  # noqa: E402
from reader.parser import paragraphs  # noqa: E402
from reader.parser.containers import (  # noqa: E402
    UnreadableFile,
    _read_bytes,
    decode_bytes,
    read_cables,
)

GOAL_US = 100.0  # 10,000 cables/s


def _args(record: object) -> tuple[object, ...]:
    return tuple(getattr(record, f.name) for f in fields(record))  # type: ignore[arg-type]


def plan_for(cable: Cable) -> tuple[list[tuple[type, tuple[object, ...]]], list[tuple[int, int]]]:
    """The records ``cable`` holds, each as (class, arguments), and its paragraphs' spans."""
    records: list[object] = [*cable.paragraphs, *cable.to, *cable.info, *cable.references]
    records += [r for r in (cable.from_, cable.de, cable.section, cable.declassify) if r]
    records += [r for r in (cable.classified_by, cable.meta) if r]
    records += [*cable.problems, cable.source, cable]
    spans = [(p.start, p.end) for p in cable.paragraphs]
    return [(type(r), _args(r)) for r in records], spans


def floor_parts(work: list[tuple[Path, list, list]]) -> dict[str, float]:
    """CPU seconds of each part of the floor over all cables, each part a pass of its own."""
    pattern = paragraphs.PARA_CANDIDATE_RE
    seconds: dict[str, float] = {}
    start = time.process_time()
    texts = [decode_bytes(_read_bytes(path)) for path, _, _ in work]
    seconds["reading and decoding the file"] = time.process_time() - start
    start = time.process_time()
    for text in texts:
        for _ in pattern.finditer(text):
            pass
    seconds["one pattern over the whole text"] = time.process_time() - start
    start = time.process_time()
    for text, (_, _, spans) in zip(texts, work, strict=True):
        for a, b in spans:
            " ".join(text[a:b].split())
    seconds["paragraph texts, blanks made single"] = time.process_time() - start
    start = time.process_time()
    for _, records, _ in work:
        for cls, args in records:
            cls(*args)
    seconds["making the records"] = time.process_time() - start
    return seconds


def parser_pass(files: list[Path]) -> float:
    start = time.process_time()
    for path in files:
        for _ in read_cables(path):
            pass
    return time.process_time() - start


def main() -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "cables" / "text"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=default)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    work = []
    files = []
    for path in sorted(p for p in args.folder.rglob("*") if p.is_file()):
        try:
            cables = list(read_cables(path))
        except UnreadableFile:
            continue
        if len(cables) == 1 and path.suffix.lower() == ".txt":
            files.append(path)
            work.append((path, *plan_for(cables[0])))
    n = len(work)
    records = sum(len(r) for _, r, _ in work)
    passes = [floor_parts(work) for _ in range(args.repeat)]
    parts = {name: min(p[name] for p in passes) / n * 1e6 for name in passes[0]}
    floor = sum(parts.values())
    full = min(parser_pass(files) for _ in range(args.repeat)) / n * 1e6
    print(f"folder: {args.folder} ({n} single-cable text files, {records / n:.1f} records each)")
    print(f"CPU per cable, best of {args.repeat}:")
    for name, us in parts.items():
        print(f"  {name:<40} {us:6.1f} us")
    print(f"  {'the floor, all of these':<40} {floor:6.1f} us")
    print(f"  {'the parser itself':<40} {full:6.1f} us")
    left = GOAL_US - floor
    print(f"the goal, {GOAL_US:.0f} us a cable (10,000/s), leaves {left:.0f} us to recognise")
    return 0


if __name__ == "__main__":
    sys.exit(main())
