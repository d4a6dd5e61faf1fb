"""The loader's process server: started with the window, before any folder is opened."""

import multiprocessing.forkserver

from held_index import FOLDERS, open_index
from waiting import WAIT_MS

from reader.ui.loader import IndexOpener, Loader


def _server_pid() -> int | None:
    # the standard library keeps its one fork server here
    return multiprocessing.forkserver._forkserver._forkserver_pid  # noqa: SLF001


def test_the_process_server_starts_with_a_loader_that_indexes_in_a_child(qtbot, tmp_path):  # noqa: ANN001
    # the first folder's first cable must not wait for a fresh interpreter to import the
    # parser (a quarter of a second of the half second the window has, issue 4)
    Loader(IndexOpener(tmp_path / "index"))
    qtbot.waitUntil(lambda: _server_pid() is not None)


def test_a_loader_that_indexes_in_this_process_starts_no_server(qtbot, monkeypatch):  # noqa: ANN001
    started = []
    monkeypatch.setattr("reader.ui.loader.start_process_server", lambda: started.append(1))
    Loader(open_index)
    assert not started
    Loader(IndexOpener())
    assert started == [1]


def test_a_job_calls_back_with_its_result_and_only_the_newest_of_its_kind(qtbot, folder):  # noqa: ANN001
    """Loader.run: the typed way a job's answer reaches the window; a newer job of the same
    kind replaces an older one still waiting, whose callbacks are never called."""
    loader = Loader(open_index)
    with qtbot.waitSignal(loader.opened, timeout=WAIT_MS):
        loader.open(folder)
    held = FOLDERS[folder]
    held.reads_open.clear()  # the first job holds the look-up thread until all are asked
    answers: list[object] = []
    failures: list[str] = []
    first = held.cables[0].id
    loader.run("gate", lambda index: index.cable(index.key_for_id(first)).id, answers.append)
    assert loader.run("total", lambda index: ("old", index.total()), answers.append) is not None
    loader.run("total", lambda index: ("new", index.total()), answers.append, failures.append)
    loader.run("boom", lambda index: 1 // 0, answers.append, failures.append)
    held.reads_open.set()
    qtbot.waitUntil(lambda: len(answers) + len(failures) == 3, timeout=WAIT_MS)
    assert answers == [first, ("new", len(held.cables))]
    assert failures == ["boom failed: integer division or modulo by zero"]
    loader.shutdown()
    assert loader.run("total", lambda index: index.total(), answers.append) is None
