"""The facet counts of an indexed folder: every value counted against a filter's cables,
as the index counts them (numpy, bitcounts.py) and as Python's own popcount of each AND
does (the code before), with the same answers checked; then the whole facets() of each.

    python benchmarks/facet_counts.py FOLDER [--cache-dir DIR] [--rounds 10]

FOLDER must be indexed (``cable-reader index FOLDER``) with its postings up to date.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.index.store import CorpusIndex  # noqa: E402
from reader.query.query import Filter  # noqa: E402

QUERIES = ["", "tag:PREL", "class:secret", "nuclear", "date:2008-01..2008-06", "from:moscow"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    with CorpusIndex.open(args.folder, cache_dir=args.cache_dir) as index:
        index.refresh(waited_for=True)
        view = index._view  # noqa: SLF001 - the postings behind facets()
        post = view._postings()  # noqa: SLF001
        if post is None:
            print("no up-to-date postings: index the folder first", file=sys.stderr)
            return 1
        dense = list(post.dense)
        ids = dense + list(post.sparse)
        print(f"{index.total():,} cables; {len(dense)} common values (bitmaps),"
              f" {len(post.sparse)} rare ones (key lists)")  # fmt: skip
        for query in QUERIES:
            f = Filter(query)
            fast = view._fast(f)  # noqa: SLF001
            assert fast is not None
            _, match, table = fast
            post.counts(match, table, ids)  # the matrix is made once, at the first count
            numpy_s, python_s = [], []
            for _ in range(args.rounds):
                started = time.perf_counter()
                found = post.counts(match, table, dense)
                numpy_s.append(time.perf_counter() - started)
                started = time.perf_counter()
                by_python = {vid: (match & post.dense[vid]).bit_count() for vid in dense}
                python_s.append(time.perf_counter() - started)
                assert found == by_python, "numpy and Python count differently"
            facets_s = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                index.facets(f)
                facets_s.append(time.perf_counter() - started)
            print(f"  {query or '(everything)':<24} {match.bit_count():>8,} cables: common values"
                  f" {statistics.median(numpy_s) * 1000:5.1f} ms (numpy) against"
                  f" {statistics.median(python_s) * 1000:5.1f} ms (Python's popcount);"
                  f" facets() in all {statistics.median(facets_s) * 1000:5.1f} ms",
                  flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
