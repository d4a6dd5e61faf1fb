"""Export speed and memory: a batch search of N terms and a PDF reading pack of M cables.

    python benchmarks/export.py FOLDER [--terms 500] [--pack 1000] [--cache-dir DIR]

FOLDER is indexed first (not timed; reuse --cache-dir to skip it). The terms are the most
frequent words of the folder's subjects, each run as a query with its facet counts, so
the list is the kind an analyst brings: names and places, common and rare. Prints time and
peak memory (resident set, whole process) for each.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.corpus.batch import Term, batch_search  # noqa: E402
from reader.corpus.export import annotated  # noqa: E402
from reader.corpus.pack import make_pack  # noqa: E402
from reader.corpus.query import Filter  # noqa: E402
from reader.corpus.store import CorpusIndex  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--terms", type=int, default=500)
    ap.add_argument("--pack", type=int, default=1000)
    ap.add_argument("--cache-dir", type=Path, default=None)
    args = ap.parse_args()
    cache = args.cache_dir or Path(tempfile.mkdtemp(prefix="export-bench-"))
    with CorpusIndex.open(args.folder, cache_dir=cache) as index:
        t = time.perf_counter()
        index.refresh()
        print(f"indexed {index.total():,} cables in {time.perf_counter() - t:.1f} s (not timed)")
        words: Counter[str] = Counter()
        for hit in index.search(Filter(""), limit=20_000):
            words.update(w for w in re.findall(r"[A-Z]{4,}", hit.subject.upper()))
        terms = [Term(w.lower()) for w, _ in words.most_common(args.terms)]
        print(f"batch search: {len(terms)} terms")
        before = peak_mb()
        t = time.perf_counter()
        results = list(batch_search(index, terms))
        took = time.perf_counter() - t
        print(
            f"  {took:.1f} s ({1000 * took / max(len(terms), 1):.1f} ms a term), "
            f"{sum(r.count for r in results):,} cable hits; peak memory {peak_mb():.0f} MB "
            f"({before:.0f} MB before)"
        )
        from reader.ui.pack_pdf import write_pdf

        keys = index.keys(Filter(""))[: args.pack]
        out = cache / "pack.pdf"
        t = time.perf_counter()
        pack = make_pack(annotated((index.cable(k) for k in keys), None), query="")
        made = time.perf_counter() - t
        pages = write_pdf(pack, out)
        took = time.perf_counter() - t
        print(
            f"PDF pack of {len(pack.cables):,} cables: {pages:,} pages, {took:.1f} s "
            f"({made:.1f} s gathering), {out.stat().st_size / 1e6:.1f} MB; "
            f"peak memory {peak_mb():.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
