"""The application's window as ``create_window`` makes it."""

import gc
import sys
import weakref

import pytest
from held_index import open_index
from PySide6.QtWidgets import QApplication

from reader.ui.app import SWITCH_INTERVAL, create_window


def test_the_window_process_hands_the_interpreter_to_the_ui_thread_quickly(qtbot, settings):  # noqa: ANN001
    # a tree repaint calls into Python dozens of times; with Python's default 5 ms switch
    # interval each call could wait that long for a busy query thread (issue 4: stalls)
    before, sheet = sys.getswitchinterval(), QApplication.instance().styleSheet()
    try:
        sys.setswitchinterval(0.005)
        window = create_window(settings, open_index)
        qtbot.addWidget(window)
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
        assert SWITCH_INTERVAL <= 0.0005
    finally:
        sys.setswitchinterval(before)
        QApplication.instance().setStyleSheet(sheet)  # the app's look stays in this test


class _Cycle:
    """An object in a reference cycle: only the garbage collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_a_full_garbage_collection_leaves_out_the_objects_of_the_start(qtbot, settings):  # noqa: ANN001
    # a full pass of the collector holds the interpreter while it goes over every object it
    # tracks, on whichever thread set it off: over the tens of thousands of objects of the
    # imports and the window it stalled the window 45-90 ms (issue 18), freeing nothing
    window = create_window(settings, open_index)
    qtbot.addWidget(window)
    visited = gc.get_objects()  # what a full pass goes over now
    assert gc.is_tracked(window._expanded)  # a list the window made for itself
    assert not any(o is window._expanded or o is create_window for o in visited)
    assert len(visited) < gc.get_freeze_count() // 10


def test_the_garbage_of_the_start_is_freed_before_the_rest_is_left_out(qtbot, settings):  # noqa: ANN001
    # frozen objects are never collected: garbage in a cycle then would stay for good
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    gc.collect()  # the cycle is old now: only a full pass frees it
    del cycle
    assert gone() is not None
    window = create_window(settings, open_index)
    qtbot.addWidget(window)
    assert gone() is None


def test_sigterm_closes_the_window_and_leaves_no_temporary_folders(tmp_path):  # noqa: ANN001
    """A logout or `kill` (SIGTERM) quits as Ctrl+Q does: the indexing process stops and
    multiprocessing's /tmp/pymp-* folders are removed (the default ended the process at once)."""
    import os
    import signal
    import subprocess
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(
        os.environ,
        TMPDIR=str(temp),
        QT_QPA_PLATFORM="offscreen",
        CABLE_READER_DATA_DIR=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "c"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", str(samples)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(1200):  # until the window's processes made their folder (60 s at most)
            if list(temp.glob("pymp-*")):
                break
            try:
                proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"the window exited on its own ({proc.returncode})")
        assert list(temp.glob("pymp-*")), "the window never started its processes"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
    assert list(temp.glob("pymp-*")) == []


def test_the_window_command_starts_the_process_server_first(monkeypatch):  # noqa: ANN001
    """The server the indexing process forks from starts before Qt and the window are
    imported and made, not with the window's loader: a folder opened at once waited for it
    before its first rows (issue 18)."""
    from reader import cli

    order: list[str] = []
    monkeypatch.setattr("reader.ui.display.display_problem", lambda: None)
    monkeypatch.setattr("reader.ui.children.start_process_server", lambda: order.append("server"))
    monkeypatch.setattr("reader.ui.app.run_app", lambda argv: order.append(f"window {argv}") or 0)
    assert cli.window_main(["FOLDER"]) == 0
    assert order == ["server", "window ['FOLDER']"]


def test_a_sigterm_during_the_start_quits_the_window_once_made(qapp, monkeypatch):  # noqa: ANN001
    """A SIGTERM between the server's start (cli.window_main) and the window's own handler
    is noted, and the window quits as Ctrl+Q does as soon as it can."""
    import signal
    import types

    from reader.ui import app as app_module
    from reader.ui.children import TerminateAsked

    class Timer:
        """QTimer as _quit_on_terminate uses it: what it schedules is noted."""

        scheduled: list[object] = []

        def __init__(self, *_args: object) -> None:
            self.timeout = types.SimpleNamespace(connect=lambda _slot: None)

        def start(self, _ms: int) -> None:
            pass

        @staticmethod
        def singleShot(_ms: int, slot: object) -> None:  # noqa: N802 - Qt's name
            Timer.scheduled.append(slot)

    monkeypatch.setattr(app_module, "QTimer", Timer)
    early = TerminateAsked()
    previous = signal.signal(signal.SIGTERM, early)
    try:
        app_module._quit_on_terminate(qapp)  # nothing asked yet: nothing scheduled
        assert Timer.scheduled == []
        signal.signal(signal.SIGTERM, early)
        early(signal.SIGTERM, None)
        app_module._quit_on_terminate(qapp)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert Timer.scheduled == [app_module.QApplication.closeAllWindows, qapp.quit]
