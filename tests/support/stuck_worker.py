"""A parser process (ParsePool.worker_main) that never finishes a file whose name holds
"stuck": what a parser caught in a pathological input does, at will. It runs in a spawned
process, so it is named by module for the pool to start."""

from __future__ import annotations

import time
from typing import Any

from reader.index import workers


def stuck_on_some(tasks: Any, results: Any, parent: int, index: int, slot: Any = None) -> None:
    real = workers.read_cables

    def read_cables(path: str, parse: Any = None):  # type: ignore[no-untyped-def]
        if "stuck" in path:
            while True:  # busy, as a runaway pattern is: only stopping the process ends it
                time.monotonic()
        return real(path) if parse is None else real(path, parse)

    workers.read_cables = read_cables  # type: ignore[assignment]
    workers._worker_main(tasks, results, parent, index, slot)


def count_to(n: int, stuck: bool = False):  # type: ignore[no-untyped-def]
    """Items for a TimedWorker: 0 .. n-1, then busy for ever when ``stuck``."""
    yield from range(n)
    while stuck:
        time.monotonic()
