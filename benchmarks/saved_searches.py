"""What a saved search costs to count, and to open, on a synthetic corpus.

    python benchmarks/saved_searches.py [--n 20000] [--work DIR]

Builds N cables with make_corpus.py (kept in --work and reused), indexes them, saves four
searches (everything; a TAG; a classification excluded with a word; ``is:starred`` with a
fifth of the cables starred) and times, for each, the look-up job the window runs for its
count and "new since last opened": the keys, their IDs, and the comparison with what the
search had seen. Then the same after 1% of the cables are marked seen again (the job of
opening the search). The window runs these on its look-up thread, one search per job.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.annotate.annotations import Annotations, SavedSearch  # noqa: E402
from reader.index.store import CorpusIndex  # noqa: E402
from reader.query.query import Filter  # noqa: E402
from reader.ui.saved_searches import _result_ids  # noqa: E402

SEARCHES = (
    SavedSearch("everything", ""),
    SavedSearch("a tag", "", (("tag", "PREL"),)),
    SavedSearch("word, no SECRET", "nuclear", (), (("classification", "SECRET"),)),
    SavedSearch("starred", "is:starred"),
)


def _timed(work, runs: int = 3) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "saved-bench")
    args = ap.parse_args(argv)
    folder = args.work / f"cables-{args.n}"
    if not folder.is_dir():
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), str(args.n), str(folder)],
            check=True,
        )
    store_path = args.work / f"annotations-{args.n}.sqlite3"
    store_path.unlink(missing_ok=True)
    index = CorpusIndex.open(folder, cache_dir=args.work / "cache")
    index.annotations_path = store_path
    start = time.perf_counter()
    index.refresh()
    print(f"{index.total():,} cables indexed in {time.perf_counter() - start:.1f} s")
    every = [h.id for h in index.hits(index.keys(Filter()))]
    with Annotations.open(store_path, backup=False) as store:
        store.set_starred(every[::5])
        for search in SEARCHES:
            store.save_search(search)
            _total, ids = _result_ids(index, search)
            store.open_search(search.name, ids[: len(ids) * 99 // 100])  # 1% new since
    print(f"{'search':<18} {'cables':>9} {'new':>6} {'count job':>10} {'open job':>10}")
    for search in SEARCHES:

        def count(search: SavedSearch = search) -> tuple[int, int]:
            total, ids = _result_ids(index, search)
            with Annotations.open(store_path, backup=False) as store:
                return total, store.new_in_search(search.name, ids)

        def open_(search: SavedSearch = search) -> int:
            _total, ids = _result_ids(index, search)
            with Annotations.open(store_path, backup=False) as store:
                return len(store.open_search(search.name, ids))

        counted, (total, new) = _timed(count)
        opened, _ = _timed(open_, runs=1)
        print(f"{search.name:<18} {total:>9,} {new:>6,} {counted * 1000:>8.0f} ms "
              f"{opened * 1000:>7.0f} ms")  # fmt: skip
    index.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
