"""The TimedWorker (the ``parse`` command's worker process): answers in order, stopped when a
call takes longer than its limit, and a fresh process for the next call after a stop."""

from __future__ import annotations

import pytest
from stuck_worker import count_to

from reader.index.workers import TimedOut, TimedWorker


def test_items_come_in_order_and_the_worker_is_kept() -> None:
    worker = TimedWorker()
    try:
        assert list(worker.stream(60, count_to, 3)) == [0, 1, 2]
        first = worker._process
        assert list(worker.stream(60, count_to, 2)) == [0, 1]
        assert worker._process is first
    finally:
        worker.close()


def test_a_stuck_call_is_stopped_after_its_items_and_the_next_call_works() -> None:
    worker = TimedWorker()
    try:
        got: list[object] = []
        with pytest.raises(TimedOut) as stopped:
            for item in worker.stream(1.0, count_to, 2, True):
                got.append(item)
        assert got == [0, 1] and stopped.value.seconds == 1.0
        assert worker._process is None
        assert list(worker.stream(60, count_to, 2)) == [0, 1]
    finally:
        worker.close()


def test_a_call_left_before_its_end_leaves_nothing_for_the_next() -> None:
    worker = TimedWorker()
    try:
        items = worker.stream(60, count_to, 5)
        assert next(items) == 0
        items.close()  # the caller stops reading: the rest must not reach the next call
        assert list(worker.stream(60, count_to, 2)) == [0, 1]
    finally:
        worker.close()


def test_a_calls_limit_starts_when_the_worker_has_it_not_while_it_starts() -> None:
    """The process's start and the import of the function's module (longer here than the
    limit) are not the call's time."""
    import slow_import

    worker = TimedWorker()
    try:
        limit = slow_import.IMPORT_SECONDS / 3
        assert list(worker.stream(limit, slow_import.items, 3)) == [0, 1, 2]
    finally:
        worker.close()
