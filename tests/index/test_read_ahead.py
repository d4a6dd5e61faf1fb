"""read_ahead: the parser processes' messages taken in by a thread of their own, in order,
a bounded number of rows ahead, errors and stops passed on, no thread left behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.index.read_ahead import read_ahead
from reader.index.rows import CableRow
from reader.index.workers import FileTask, ParsePool, Piece

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
#: A guard against a hang, not a performance limit.
GUARD_S = 120.0


def _message(n: int, rows: int = 0) -> list[Piece]:
    return [Piece(n, [CableRow.__new__(CableRow) for _ in range(rows)], done=True)]


def test_every_message_in_its_order() -> None:
    def messages(stop: threading.Event) -> Iterator[list[Piece]]:
        for n in range(500):
            yield _message(n, rows=n % 3)

    got = [m[0].file_id for m in read_ahead(messages)]
    assert got == list(range(500))


def test_no_more_rows_ahead_than_the_bound() -> None:
    """The thread stops taking messages in once ROWS ahead are waiting to be read."""
    made: list[int] = []
    eleven = threading.Event()

    def messages(stop: threading.Event) -> Iterator[list[Piece]]:
        for n in range(1000):
            made.append(n)
            if len(made) == 11:
                eleven.set()
            yield _message(n, rows=9)  # 10 rows each (a piece counts one)

    taken = read_ahead(messages, rows_ahead=100)
    assert next(taken)[0].file_id == 0
    assert eleven.wait(GUARD_S)
    time.sleep(0.3)  # time enough to take in more, were it allowed to
    assert len(made) <= 12  # 10 waiting (100 rows) and one made, waiting for room
    assert [m[0].file_id for m in taken] == list(range(1, 1000))


def test_an_error_comes_after_the_messages_before_it() -> None:
    def messages(stop: threading.Event) -> Iterator[list[Piece]]:
        yield _message(1)
        yield _message(2)
        raise RuntimeError("the pool broke")

    got: list[int] = []
    with pytest.raises(RuntimeError, match="the pool broke"):
        for message in read_ahead(messages):
            got.append(message[0].file_id)
    assert got == [1, 2]


def test_a_reader_that_stops_stops_the_thread_and_closes_the_messages() -> None:
    closed = threading.Event()

    def messages(stop: threading.Event) -> Iterator[list[Piece]]:
        try:
            n = 0
            while not stop.is_set():
                yield _message(n)
                n += 1
        finally:
            closed.set()

    taken = read_ahead(messages, rows_ahead=10)
    next(taken)
    taken.close()  # the refresh stops reading (a cancel, an error of the writer)
    assert closed.is_set()  # close waited for the thread, which closed the messages
    assert not any(t.name == "parser-messages" for t in threading.enumerate())


def test_the_refresh_cancel_reaches_the_messages() -> None:
    cancel = threading.Event()

    def messages(stop: threading.Event) -> Iterator[list[Piece]]:
        yield _message(0)
        assert cancel.wait(GUARD_S)
        assert stop.is_set()  # as ParsePool.messages looks at its cancel
        yield _message(1)

    taken = read_ahead(messages, cancel)
    assert next(taken)[0].file_id == 0
    cancel.set()
    assert [m[0].file_id for m in taken] == [1]


def test_the_workers_parse_on_while_the_writer_is_busy() -> None:
    """With the pool's own messages: while the reader is held up (a writer entering a batch
    of texts), the workers are handed their next jobs and parse every file. Read in the
    reader's thread, as before, the pool handed out two jobs a worker and no more."""
    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".html"))
    assert len(files) > 8
    tasks = [FileTask(i, str(p), size=p.stat().st_size, first_phase=True)
             for i, p in enumerate(files)]  # fmt: skip
    made: list[list[Piece]] = []
    every_file = threading.Event()
    with ParsePool(2, files_per_job=1) as pool:
        pool.submit(tasks)

        def messages(stop: threading.Event) -> Iterator[list[Piece]]:
            for message in pool.messages(stop):
                made.append(message)
                if sum(p.done for m in made for p in m) == len(files):
                    every_file.set()
                yield message

        taken = read_ahead(messages)
        first = next(taken)
        # the reader takes nothing more until every file is parsed
        assert every_file.wait(GUARD_S)
        rest = list(taken)
    pieces = [p for m in [first, *rest] for p in m]
    assert sorted(p.file_id for p in pieces if p.done) == list(range(len(files)))
    assert all(p.error is None for p in pieces)


@pytest.mark.parametrize("waited_for", [True, False])
def test_a_refresh_waited_for_reads_ahead_a_window_s_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, waited_for: bool
) -> None:
    """The index command waits for the refresh: its workers are kept at work. A window's
    refresh does not: with every core busy, its UI thread waits longer for one (its
    longest stall at 100,000 cables: 112 ms against 68 ms). Both index every file alike."""
    import shutil

    from reader.index import refresh as refresh_module
    from reader.index.store import CorpusIndex

    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".html"))
    folder = tmp_path / "folder"
    size, copies = 0, 0
    while size < 2 * refresh_module.POOL_MIN_BYTES:  # enough for the parser processes
        for p in files:
            target = folder / str(copies) / p.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, target)
            size += p.stat().st_size
        copies += 1
    calls: list[object] = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return read_ahead(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh_module, "read_ahead", counted)
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=2, waited_for=waited_for)
        assert index.total() == copies * len(files)
    assert len(calls) == (1 if waited_for else 0)
