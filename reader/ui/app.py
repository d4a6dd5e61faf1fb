"""Starts the window: ``run_app(paths)`` is what ``cable-reader [PATH]`` calls."""

from __future__ import annotations

import gc
import signal
import sys

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from reader.model.bundled import RESOURCES
from reader.ui.children import TerminateAsked
from reader.ui.loader import IndexFactory
from reader.ui.widgets.main_window import MainWindow

__all__ = [
    "RESOURCES",
    "apply_style",
    "binding_problem",
    "create_window",
    "freeze_the_start",
    "run_app",
]


def apply_style(app: QApplication) -> None:
    """The application's look: Fusion, its style sheet and icon."""
    app.setStyle("Fusion")
    qss = RESOURCES / "styles" / "app.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    icon = RESOURCES / "icons" / "cable-reader.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


#: How long (s) another thread of the window's process may keep the interpreter once the UI
#: thread asks for it (Python's default: 5 ms). A repaint of the tree calls into Python
#: dozens of times, and each call may wait this long while the query or look-up thread
#: works: with the default, a repaint that takes 9 ms alone took 300 ms beside a busy thread.
SWITCH_INTERVAL = 0.0002


def create_window(
    settings: QSettings | None = None, factory: IndexFactory | None = None
) -> MainWindow:
    """The window with the application's look and a responsive interpreter; a QApplication
    must exist."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_style(app)
    sys.setswitchinterval(SWITCH_INTERVAL)
    window = MainWindow(settings=settings, factory=factory)
    freeze_the_start()
    return window


def freeze_the_start() -> None:
    """Leave every object alive now (the modules, classes and functions of the imports, the
    window's own widgets and models) out of the garbage collector's full passes from now on.

    A full pass goes over every object the collector tracks and holds the interpreter while
    it does, on whichever thread set it off (the query thread too): the UI thread waits that
    long in whatever it was doing. Over the 48,000 objects of the start it took 10-50 ms,
    and 82 ms (44 ms of CPU) in a load of 250,000 cables; an 88 ms pass on the query thread
    was a stall of the window loading 100,000. They freed nothing: these objects live as
    long as the window. The rest is some 10,000 objects at 250,000 cables, so a pass now
    costs a third to a half of the CPU (docs/PERFORMANCE.md). Garbage of the start is collected
    first: a frozen object is never freed by the collector."""
    gc.collect()
    gc.freeze()


def binding_problem() -> str | None:
    """A warning when the installed PySide6 is a build known to crash this app."""
    import PySide6

    if PySide6.__version__ == "6.12.0" and sys.version_info < (3, 12):
        return (
            "PySide6 6.12.0 on Python 3.11 miscounts references to None and aborts after a "
            "while; install PySide6-Essentials 6.11.3 (pip install 'PySide6-Essentials<6.12')"
        )
    return None


def run_app(paths: list[str]) -> int:
    """Open the window on ``paths[0]`` (or the last folder) and run until it closes."""
    if problem := binding_problem():
        print(f"cable-reader: warning: {problem}", file=sys.stderr)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Cable Reader")
    app.setApplicationName("Cable Reader")
    _quit_on_terminate(app)  # before the window starts its processes
    window = create_window()
    window.show()
    window.start(paths)
    return app.exec()


def _quit_on_terminate(app: QCoreApplication) -> None:
    """SIGTERM (a logout, ``kill``) closes the window as Ctrl+Q does, so that the indexing
    process stops and multiprocessing's temporary folders (``/tmp/pymp-*``) are removed at
    exit; Python's default would end the process at once and leave them. The timer lets the
    interpreter run its signal handler while Qt's event loop waits."""

    def terminate(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, QApplication.closeAllWindows)
        QTimer.singleShot(0, app.quit)

    early = signal.signal(signal.SIGTERM, terminate)
    if isinstance(early, TerminateAsked) and early.asked:  # during the start (cli.py)
        terminate(signal.SIGTERM, None)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[1:]))
