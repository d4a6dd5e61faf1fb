"""How long the window's thread waits when the tree is scrolled to rows not yet read from a
team's server whose network drops packets (a TCP line held by tests/support/held_line.py).

    CABLE_READER_TEST_PG=$(bash .ci/postgres) python benchmarks/team_tree_scroll.py [--timeout S]

Indexes the sample folder into a new database of that server, opens the window on it through
the line (offscreen), shows the first page of rows, then holds the line and scrolls to the
end: prints the longest stall of the event loop (a 10 ms heartbeat) over the next
``timeout`` + 2 seconds, and, once the line is released, how long the rest of the rows take
to come. ``--repo`` runs another checkout's window (to compare); ``--answering`` leaves the
line alone (the same figure with a server that answers: what the machine itself costs).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=int, default=4, help="PGCONNECT_TIMEOUT (s)")
    parser.add_argument("--repo", type=Path, default=HERE, help="the checkout whose window")
    parser.add_argument("--answering", action="store_true", help="the line never held")
    args = parser.parse_args()
    os.environ["PGCONNECT_TIMEOUT"] = str(args.timeout)
    work = Path(tempfile.mkdtemp(prefix="tree-scroll-"))
    os.environ["CABLE_READER_DATA_DIR"] = str(work / "data")
    sys.path[:0] = [str(args.repo), str(HERE / "tests" / "support")]

    from urllib.parse import urlsplit

    from held_line import held_line
    from pg_server import new_database, roles
    from PySide6.QtCore import QEvent, QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.team.pgstore import PgIndex
    from reader.ui.loader import IndexOpener
    from reader.ui.widgets.main_window import MainWindow

    app = QApplication(sys.argv[:1])

    def run_for(seconds: float, until=lambda: False) -> float:  # noqa: ANN001
        end = time.monotonic() + seconds
        while time.monotonic() < end and not until():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        return time.monotonic()

    with new_database() as url:
        with PgIndex.open(url) as index:  # before the role: its grants are on the tables
            index.refresh(args.repo / "resources" / "samples")
        with (
            roles(url, "reader") as [(_, direct)],
            held_line(urlsplit(direct).port or 5432) as line,
        ):
            settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(settings=settings, factory=IndexOpener(work / "index"))
            window.resize(1400, 500)
            window.show()
            model = window.model
            model.PAGE = 30  # of the samples' 44 cables
            window.open_path(line.url(direct))

            def pending() -> bool:
                return bool(getattr(model, "rows_on_the_way", lambda: False)())

            run_for(60, lambda: model.rowCount() >= 30 and not pending())
            if model.rowCount() < 30:
                print("the window did not show the corpus:", window.statusBar().currentMessage())
                return 1
            last, longest = [time.monotonic()], [0.0]

            def tick() -> None:
                now = time.monotonic()
                longest[0] = max(longest[0], now - last[0])
                last[0] = now

            heartbeat = QTimer(interval=10)
            heartbeat.timeout.connect(tick)
            if not args.answering:
                line.held.set()
            run_for(0.2)
            heartbeat.start()
            last[0] = time.monotonic()
            start = time.monotonic()
            window.tree.scrollToBottom()
            run_for(args.timeout + 2.0)
            heartbeat.stop()
            what = "answers" if args.answering else "drops packets"
            print(
                f"rows scrolled to while the server {what}: longest stall of the "
                f"window's thread {longest[0] * 1000:.0f} ms over {time.monotonic() - start:.1f} s;"
                f" rows {model.rowCount()} of {len(model.keys)}"
            )
            line.held.clear()
            released = time.monotonic()
            done = run_for(
                120,
                lambda: (
                    model.rowCount() == len(model.keys)
                    and not pending()
                    and all(model.index(r, 1).data() for r in range(model.rowCount()))
                ),
            )
            print(f"server back: every row in {done - released:.1f} s")
            window.loader.shutdown()
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
