"""A module slow to import (as one compiled from source on a busy machine is): what a
TimedWorker's process pays before it has a call, which the call's limit must not count."""

from __future__ import annotations

import time
from collections.abc import Iterator

IMPORT_SECONDS = 1.5
time.sleep(IMPORT_SECONDS)


def items(n: int) -> Iterator[int]:
    yield from range(n)
