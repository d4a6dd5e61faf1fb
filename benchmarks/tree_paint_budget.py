"""What a screenful of new cable rows costs the event loop in one turn, with and without the
tree's paint budget (``CableTree.paint_budget``, which the window sets while a folder loads).

    python benchmarks/tree_paint_budget.py [--rounds 20] [--budget 0.015] [--busy 2]

Each round answers with cables the tree has never painted (as a loading folder's answers
do: the model made anew), then runs the event loop a turn at a time until the tree's
viewport (900 x 700, the app's style sheet) shows a whole screenful: the view's check for
more rows, its paint and, with a budget, the paints of the rows left. Prints, for no
budget and for the budget, the longest turn (wall and the UI thread's CPU) and the time
until the screenful is whole, the median and worst over the rounds.
``--busy N`` runs N threads of pure Python beside it, as the loading threads share the
interpreter with the UI thread while a folder loads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.query.query import Hit  # noqa: E402
from reader.ui.app import SWITCH_INTERVAL, apply_style  # noqa: E402
from reader.ui.models.cable_tree import CableTreeModel  # noqa: E402
from reader.ui.widgets.cable_tree_view import CableTree  # noqa: E402

CLASSES = [("UNCLASSIFIED", "U"), ("CONFIDENTIAL", "C"), ("SECRET", "S"), ("SECRET//NOFORN", "S")]


def _hits(keys: list[int]) -> list[Hit]:
    return [
        Hit(key=k, id=f"0{k % 10}PLACE{k}", date=None, origin=f"Embassy Place {k % 97}",
            classification=CLASSES[k % 4][0], level=CLASSES[k % 4][1],
            subject=f"SUBJECT OF CABLE {k}: A MEETING WITH THE MINISTER ON ITEM {k * 7}")
        for k in keys
    ]


def one_screen(app: QApplication, tree: CableTree, model: CableTreeModel, first: int,
               rows: int) -> tuple[float, float, float]:
    """(longest turn, its CPU, until whole) for an answer of cables never painted: the
    turns of the loop after it, until ``rows`` rows are painted and none is left."""
    tree.row_pixmaps.clear()
    model.set_keys(list(range(first, first + 2_000)))
    turns: list[tuple[float, float]] = []
    start = time.perf_counter()
    for _ in range(500):
        wall, cpu = time.perf_counter(), time.thread_time()
        app.processEvents()  # one turn of the loop: the view's timer, a paint
        turns.append((time.perf_counter() - wall, time.thread_time() - cpu))
        if len(tree.row_pixmaps) >= rows and not getattr(tree, "painting_deferred", False):
            break
    whole = time.perf_counter() - start
    longest = max(turns)
    return longest[0], longest[1], whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--budget", type=float, default=0.015)
    parser.add_argument("--busy", type=int, default=0, help="threads of pure Python beside")
    args = parser.parse_args()
    app = QApplication([])
    apply_style(app)
    sys.setswitchinterval(SWITCH_INTERVAL)  # as the window's process runs
    running = True

    def spin() -> None:
        n = 0
        while running:
            n += 1

    spinners = [threading.Thread(target=spin, daemon=True) for _ in range(args.busy)]
    for thread in spinners:
        thread.start()
    model = CableTreeModel()
    model.set_source(_hits, lambda _key: None)
    tree = CableTree(model)
    tree.resize(900, 700)
    tree.show()
    app.processEvents()
    first = 0
    model.set_keys(list(range(100)))
    tree.viewport().repaint()
    rows = len(tree.row_pixmaps)  # a screenful
    print(f"rounds {args.rounds}, busy threads {args.busy}, {rows} rows a screen, load "
          f"{os.getloadavg()[0]:.1f}")
    for budget in (None, args.budget):
        tree.paint_budget = budget
        figures = []
        for _ in range(args.rounds):
            first += 1000
            figures.append(one_screen(app, tree, model, first, rows))
        longest = [f[0] * 1000 for f in figures]
        cpu = [f[1] * 1000 for f in figures]
        whole = [f[2] * 1000 for f in figures]
        name = "no budget" if budget is None else f"budget {budget * 1000:.0f} ms"
        print(f"{name:>16}: longest turn median {statistics.median(longest):5.1f} ms, "
              f"worst {max(longest):5.1f} ms (CPU median {statistics.median(cpu):4.1f} ms); "
              f"screen whole after median {statistics.median(whole):5.1f} ms, "
              f"worst {max(whole):5.1f} ms")
    running = False
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
