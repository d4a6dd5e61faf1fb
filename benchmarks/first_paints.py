"""Time each paint of the facet pane and of the cable tree while the window opens a folder.

    python benchmarks/first_paints.py DIR [--seconds 5] [--runs 3] [--tree OTHER_CHECKOUT]

Opens DIR in the real window (offscreen, a fresh cache each run, as ``benchmarks/ui.py
--until first-row``) for a few seconds and prints, for the facet tree and the cable tree,
each paint's wall time and the UI thread's CPU in it, in order: the facet pane's first
paint once the first counts come is the first long one of its list. With ``--tree``, the
runs alternate between this checkout and OTHER_CHECKOUT (the code before a change), each in
its own process, with the machine's load before each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve()


def one_run(folder: Path, seconds: float) -> None:
    """One window, one fresh cache: every paint of the two trees for ``seconds``."""
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication

    from reader.ui.app import create_window
    from reader.ui.loader import IndexOpener
    from reader.ui.widgets.cable_tree_view import CableTree
    from reader.ui.widgets.filter_pane import FacetTree

    paints: dict[str, list[tuple[float, float]]] = {"facet tree": [], "cable tree": []}

    def timed(cls: type, name: str) -> None:
        base = cls.paintEvent

        def paint_event(self: object, event: QPaintEvent) -> None:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                base(self, event)
            finally:
                paints[name].append((time.perf_counter() - wall, time.thread_time() - cpu))

        cls.paintEvent = paint_event  # type: ignore[attr-defined]

    timed(FacetTree, "facet tree")
    timed(CableTree, "cable tree")
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="cable-reader-paints-") as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = create_window(settings, IndexOpener(Path(tmp)))
        window.resize(1500, 950)
        window.show()
        app.processEvents()
        window.open_path(folder)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        for name, times in paints.items():
            listed = "  ".join(f"{1000 * w:.1f}/{1000 * c:.1f}" for w, c in times[:12])
            print(f"  {name} paints, ms (wall/CPU): {listed}", flush=True)
        window.close()
    os._exit(0)  # the loading threads and processes go with it


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", type=Path, help="another checkout, run in turn with this one")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        from reader.ui.children import start_process_server

        start_process_server()
        one_run(args.folder, args.seconds)
        return 0
    trees = [HERE.parents[1]] + ([args.tree.resolve()] if args.tree else [])
    for n in range(args.runs):
        for tree in trees:
            print(f"{tree} run {n + 1}, load {os.getloadavg()[0]:.1f}", flush=True)
            command = [sys.executable, str(HERE), str(args.folder), "--one"]
            command += ["--seconds", str(args.seconds)]
            env = {**os.environ, "PYTHONPATH": str(tree)}
            subprocess.run(command, env=env, cwd=tree, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
