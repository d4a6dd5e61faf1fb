"""Memory while indexing a cables.csv with one huge field: bounded whatever one row holds.

    python benchmarks/huge_field.py [--field-mb 200] [--workers 2] [--keep DIR]
    python benchmarks/huge_field.py --big-files 2 [--workers 2]

Writes (in a temporary folder, or DIR) a cables.csv in the release's layout: 50 rows, one
row whose SUBJECT line runs on for --field-mb MB, 50 rows more; indexes it with the parser
processes and prints the cables indexed, the huge row's stored subject length, the time,
and the peak memory of the indexing process and of the largest parser process.

With --big-files N it writes N cable files just under the size limit of one cable file
(containers.MAX_TEXT_BYTES) instead, each one cable of one paragraph, and 50 ordinary
cables beside them.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.index.store import CorpusIndex  # noqa: E402
from reader.parser.containers import MAX_TEXT_BYTES  # noqa: E402
from reader.query.query import Filter  # noqa: E402


def write_csv(path: Path, field_mb: int) -> None:
    with path.open("w", encoding="utf-8") as fh:

        def row(n: int, subject: str) -> None:
            fh.write(
                f'"{n}","5/7/2007 15:01","07PRAGUE{500 + n}","Embassy Prague","UNCLASSIFIED",'
                f'"","","UNCLAS PRAGUE {500 + n:06d}\nSUBJECT: {subject}\n\n1. (U) Row {n}."\n'
            )

        for n in range(1, 51):
            row(n, "BEFORE")
        fh.write(
            '"51","5/7/2007 15:01","07PRAGUE9999","Embassy Prague","UNCLASSIFIED","","",'
            '"UNCLAS PRAGUE 009999\nSUBJECT: '
        )
        piece = "HUGE FIELD " * 100_000
        for _ in range(field_mb * 1024 * 1024 // len(piece)):
            fh.write(piece)
        fh.write('\n\n1. (U) End."\n')
        for n in range(52, 102):
            row(n, "AFTER")


def write_big_files(folder: Path, count: int) -> None:
    for n in range(1, 51):
        (folder / f"07PRAGUE{500 + n}.txt").write_text(
            f"UNCLAS PRAGUE {500 + n:06d}\nSUBJECT: ORDINARY\n\n1. (U) Row {n}.\n"
        )
    words = "ALPHA BRAVO CHARLIE DELTA ECHO FOXTROT GOLF HOTEL INDIA JULIETT".split()
    line = " ".join(words[i % 10] for i in range(10_000))
    for n in range(count):
        # one paragraph of the whole file, in lines of 10,000 words
        with (folder / f"07PRAGUE{9000 + n}.txt").open("w", encoding="ascii") as fh:
            size = fh.write(f"SECRET PRAGUE {9000 + n:06d}\nSUBJECT: BIG\n\n1. (S) ")
            while size + len(line) < MAX_TEXT_BYTES - 1024:
                size += fh.write(line + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--field-mb", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="write the file here and keep it")
    ap.add_argument("--big-files", type=int, default=0, help="N cable files of 16 MB instead")
    args = ap.parse_args()
    if args.big_files:
        return big_files(args.big_files, args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cables.csv"
        write_csv(path, args.field_mb)
        start = time.perf_counter()
        with CorpusIndex.open(path, cache_dir=Path(tmp) / "cache") as index:
            index.refresh(workers=args.workers)
            huge = index.hits(index.keys(Filter(query="id:07PRAGUE9999")))
            print(f"{path.stat().st_size / 1e6:.0f} MB file: {index.total()} cables indexed,")
            print(f"  the huge row's subject {[len(h.subject) for h in huge]} characters,")
            print(f"  problems {[(p.path, p.reason) for p in index.file_problems()]}")
        mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        parsers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"  {time.perf_counter() - start:.1f} s; peak memory: indexing process {mine} MB,")
        print(f"  largest parser process {parsers} MB")
    return 0


def big_files(count: int, workers: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cables"
        folder.mkdir()
        write_big_files(folder, count)
        start = time.perf_counter()
        with CorpusIndex.open(folder, cache_dir=Path(tmp) / "cache") as index:
            index.refresh(workers=workers)
            sizes = sorted(p.stat().st_size for p in folder.iterdir())[-count:]
            print(f"{count} files of {sizes[0] / 1e6:.1f} MB and 50 small: {index.total()} cables")
            print(f"  problems {[(p.path, p.reason) for p in index.file_problems()]}")
        mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        parsers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"  {time.perf_counter() - start:.1f} s; peak memory: indexing process {mine} MB,")
        print(f"  largest parser process {parsers} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
