"""Waiting helpers shared by the window's tests (a module of its own: every test folder has
a conftest.py, and ``from conftest import`` would find whichever was imported first)."""

from reader.ui.models.cable_tree import Role
from reader.ui.widgets.main_window import MainWindow

#: A guard against a hung test, not a performance limit: nothing here should take 1 s.
WAIT_MS = 60_000


def open_and_wait(qtbot, window: MainWindow, root: str, wait_ms: int = WAIT_MS) -> None:
    """Open ``root`` and wait until it is loaded and the tree shows the final answer
    (``wait_ms``: a longer guard for a folder of thousands of real cables)."""
    with qtbot.waitSignal(window.loadingFinished, timeout=wait_ms):
        window.open_path(root)
    # the answer asked once loading finished (not an earlier one that had every key: the
    # count still says "loading…" until the final answer comes), its rows shown
    qtbot.waitUntil(lambda: window.loader.index() is not None and not window.loader.busy
                    and len(window.model.keys) == window.loader.index().total()
                    and window.model.rowCount() >= min(len(window.model.keys), window.model.PAGE),
                    timeout=wait_ms)


def expand_and_wait(qtbot, window: MainWindow, index) -> None:  # noqa: ANN001 - QModelIndex
    """Expand a cable row and wait until its children have replaced the "Loading…" row (at
    once when the model still holds them from before)."""
    key = index.data(Role.KEY)
    window.tree.expand(index)
    qtbot.waitUntil(lambda: window.model.rowCount(index) > 0 and not window.model.waiting(key),
                    timeout=WAIT_MS)
