"""Run by test_interrupted in a subprocess: index a folder, printing a line per commit
(cables done, whether it is done, the phase, cables the second phase has done)."""

from __future__ import annotations

import multiprocessing
import sys

from reader.index import refresh, workers, writer
from reader.index.store import CorpusIndex
from reader.query.query import Progress

if __name__ == "__main__":
    folder, cache = sys.argv[1], sys.argv[2]
    writer.COMMIT_ROWS = 10  # many small commits: many places to be killed at
    writer.PROGRESS_SECONDS = 0.0
    refresh.POOL_MIN_BYTES = 0
    workers.CSV_SPLIT_BYTES = 0  # the cables.csv in parts, committed in order
    workers.CSV_PART_ROWS = 15
    refresh.REPARSE_BATCH = 8  # the second phase in small batches, by the worker processes
    refresh.REPARSE_POOL_MIN = 0
    told: set[int] = set()

    def progress(p: Progress) -> None:
        # each phase has its own worker processes: every one is told, to be checked
        workers = [c.pid for c in multiprocessing.active_children() if c.pid]
        if set(workers) - told:
            told.update(workers)
            print("workers", *workers, flush=True)
        print(p.cables_done, p.done, p.phase, p.checked, flush=True)

    with CorpusIndex.open(folder, cache_dir=cache) as index:
        index.refresh(workers=2, progress=progress)
