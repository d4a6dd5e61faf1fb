"""The loader's process server: started with the window, before any folder is opened."""

import multiprocessing.forkserver

from fake_index import FakeIndex

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
    Loader(FakeIndex)
    assert not started
    Loader(IndexOpener())
    assert started == [1]
