"""The parser processes' messages taken in by a thread of their own, so that the processes
go on parsing while the one writer writes.

The pool hands each worker two jobs at a time (some 32 cables) and the next when it is
told a job is done: it is told by reading the worker's messages. Read in the writer's own
loop, they wait while the writer enters a batch of 2,000 texts in the full-text table
(0.8 s and more), and the workers, their jobs done in 20 ms, wait with them: the first
phase took the writer's time plus the parsing's, one after the other. Read here, the
writer enters a batch while the workers parse the next (SQLite lets go of the interpreter
while it works), up to ROWS_AHEAD rows ahead of it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator

from reader.index.workers import Piece

__all__ = ["ROWS_AHEAD", "read_ahead"]

#: Rows taken in and not yet written, at most (a row is a cable's text, its packed copy and
#: its fields: some 12 kB, so some 50 MB): a batch of the writer and then some.
ROWS_AHEAD = 4_000


class _Stop(threading.Event):
    """Set by the reader when it stops taking messages (``left``); set too while ``outer``
    (the refresh's cancel) is."""

    def __init__(self, outer: threading.Event | None) -> None:
        super().__init__()
        self._outer = outer

    def is_set(self) -> bool:
        return super().is_set() or (self._outer is not None and self._outer.is_set())

    @property
    def left(self) -> bool:
        """The reader has stopped taking messages."""
        return super().is_set()


class _Taken:
    """The messages taken in and not yet read, and how the taking went."""

    def __init__(self) -> None:
        self.messages: deque[tuple[list[Piece], int]] = deque()
        self.rows = 0
        self.done = False
        self.error: BaseException | None = None
        self.changed = threading.Condition()


def _rows(message: list[Piece]) -> int:
    return sum(len(piece.rows) + 1 for piece in message)


def read_ahead(
    messages: Callable[[threading.Event], Iterator[list[Piece]]],
    cancel: threading.Event | None = None,
    rows_ahead: int = ROWS_AHEAD,
) -> Iterator[list[Piece]]:
    """The messages of ``messages(stop)`` in their order, taken in by a thread of their own
    up to ``rows_ahead`` rows ahead of the caller. ``stop`` is set when ``cancel`` is, and
    when the caller stops (the generator is closed): the thread then closes the messages
    and is waited for, so nothing of it is left running. An error of ``messages`` is
    raised here, after the messages that came before it."""
    stop = _Stop(cancel)
    taken = _Taken()
    changed = taken.changed

    def take_in() -> None:
        made = messages(stop)
        try:
            for message in made:
                size = _rows(message)
                with changed:
                    while taken.rows >= rows_ahead and not stop.is_set():
                        changed.wait(0.2)
                    if stop.left:
                        return  # nobody reads it
                    taken.messages.append((message, size))
                    taken.rows += size
                    changed.notify_all()
        except BaseException as exc:  # noqa: BLE001 - raised in the reader's thread
            taken.error = exc
        finally:
            if isinstance(made, Generator):
                made.close()  # its own clean-up runs here, before the reader goes on
            with changed:
                taken.done = True
                changed.notify_all()

    thread = threading.Thread(target=take_in, name="parser-messages", daemon=True)
    thread.start()
    try:
        while True:
            with changed:
                while not taken.messages and not taken.done:
                    changed.wait()
                if taken.messages:
                    message, size = taken.messages.popleft()
                    taken.rows -= size
                    changed.notify_all()
                elif taken.error is not None:
                    raise taken.error
                else:
                    return
            yield message
    finally:
        stop.set()
        with changed:
            changed.notify_all()
        thread.join()
