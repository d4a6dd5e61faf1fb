"""The loader's process server: started with the window, before any folder is opened."""

import multiprocessing.forkserver
import threading
from pathlib import Path

from held_index import FOLDERS, HeldIndex, open_index
from waiting import WAIT_MS

from reader.query.query import Filter
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


class _Preparing(HeldIndex):
    """Records on which thread prepare() runs, and whether that index had answered facets
    before (the first view's)."""

    calls: list[tuple[bool, bool]] = []
    faceted = False

    def facets(self, f: Filter, *, limit: int | None = None) -> dict:
        self.faceted = True
        return super().facets(f, limit=limit)

    def prepare(self) -> bool:
        on_ui_thread = threading.current_thread() is threading.main_thread()
        _Preparing.calls.append((on_ui_thread, self.faceted))
        return super().prepare()


def _open_preparing(root: str) -> HeldIndex:
    index = _Preparing.open(root, cache_dir=FOLDERS[str(Path(root).resolve())].cache_dir)
    assert isinstance(index, _Preparing)
    return index


def test_the_query_thread_prepares_the_index_once_after_the_first_view(qtbot, folder):  # noqa: ANN001
    """What the first facet counts would pay (numpy, the matrix of the common values) is
    paid off the window's thread once the first view is answered, not by the next query."""
    _Preparing.calls = []
    loader = Loader(_open_preparing)
    with qtbot.waitSignal(loader.opened, timeout=WAIT_MS):
        loader.open(folder)
    with qtbot.waitSignal(loader.facets, timeout=WAIT_MS):
        loader.query(Filter())
    qtbot.waitUntil(lambda: bool(_Preparing.calls), timeout=WAIT_MS)
    for query in ("prague", "minist*"):
        with qtbot.waitSignal(loader.facets, timeout=WAIT_MS):
            loader.query(Filter(query))
    assert _Preparing.calls == [(False, True)]
    loader.shutdown()


def test_the_refresh_child_lists_the_words_after_the_folder_is_done(qtbot, tmp_path):  # noqa: ANN001
    """The window is told its folder is loaded first; the child then makes the words' table
    (index/word_bits.py) at its low priority, and nothing is said of it: the queries use
    it once it is there."""
    from corpus_folders import SAMPLES

    from reader.index import word_bits
    from reader.index.store import CorpusIndex

    loader = Loader(IndexOpener(tmp_path / "index"))
    failures: list[str] = []
    loader.failed.connect(failures.append)
    with qtbot.waitSignal(loader.finished, timeout=WAIT_MS * 4):
        loader.open(SAMPLES)

    def listed() -> bool:
        with CorpusIndex.open(SAMPLES, cache_dir=tmp_path / "index") as index:
            return word_bits.current(index._view._conn)

    qtbot.waitUntil(listed, timeout=WAIT_MS * 4)
    assert failures == []
    loader.shutdown()
