"""Run by test_interrupted in a subprocess: index a folder, printing a line per commit."""

from __future__ import annotations

import multiprocessing
import sys

from reader.corpus import store, workers, writer
from reader.corpus.query import Progress
from reader.corpus.store import CorpusIndex

if __name__ == "__main__":
    folder, cache = sys.argv[1], sys.argv[2]
    writer.COMMIT_ROWS = 10  # many small commits: many places to be killed at
    writer.PROGRESS_SECONDS = 0.0
    store.POOL_MIN_BYTES = 0
    workers.CSV_SPLIT_BYTES = 0  # the cables.csv in parts, committed in order
    workers.CSV_PART_ROWS = 15
    told: list[int] = []

    def progress(p: Progress) -> None:
        workers = [c.pid for c in multiprocessing.active_children() if c.pid]
        if workers and not told:
            told.extend(workers)
            print("workers", *workers, flush=True)
        print(p.cables_done, p.done, flush=True)

    with CorpusIndex.open(folder, cache_dir=cache) as index:
        index.refresh(workers=2, progress=progress)
