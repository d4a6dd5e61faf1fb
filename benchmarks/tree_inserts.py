"""What a load's answer costs the cable tree when the analyst has scrolled far: the cables it
puts in among the rows fetched, in the model alone and with a tree view over it.

    python benchmarks/tree_inserts.py [--rows 20000] [--put-in 50] [--rounds 5]

Fetches ROWS rows (every other cable of 2 x ROWS), then answers with PUT_IN cables more
spread among them (at most the model's INSERT_LIMIT, so they are put in rather than the
model reset), and prints the least and the median time of that answer over ROUNDS rounds:
the model alone (``set_keys``), then with a CableTree scrolled to the end and its last row
but four expanded, until the view has laid the rows out again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.query.query import Hit  # noqa: E402
from reader.ui.models.cable_tree import CableTreeModel  # noqa: E402
from reader.ui.widgets.cable_tree_view import CableTree  # noqa: E402


def _hits(keys: list[int]) -> list[Hit]:
    return [
        Hit(key=k, id=f"09PLACE{k}", date=None, origin="Place", classification="SECRET",
            level=3, subject=f"Subject {k}")
        for k in keys
    ]


def one_round(app: QApplication, rows: int, put_in: int, view: bool) -> float:
    model = CableTreeModel()
    model.set_source(_hits, lambda _key: None)
    fetched = list(range(0, 2 * rows, 2))
    model.set_keys(fetched)
    while model.more_rows() and len(model._top) < rows:
        model.fetch_more_rows()
    tree = None
    if view:
        tree = CableTree(model)
        tree.resize(900, 600)
        tree.show()
        app.processEvents()
        tree.scrollTo(model.index(rows - 1, 0))
        tree.expand(model.index(rows - 5, 0))
        app.processEvents()
    step = max(1, rows // put_in)
    answer = sorted(fetched + [2 * i + 1 for i in range(0, rows, step)][:put_in])
    start = time.perf_counter()
    model.set_keys(answer)
    if tree is not None:
        tree.executeDelayedItemsLayout()
        app.processEvents()
    took = time.perf_counter() - start
    if tree is not None:
        tree.close()
        tree.deleteLater()
        app.processEvents()
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--put-in", type=int, default=CableTreeModel.INSERT_LIMIT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    for view in (False, True):
        times = [one_round(app, args.rows, args.put_in, view) for _ in range(args.rounds)]
        what = "with a tree view scrolled to the end" if view else "the model alone"
        print(
            f"{args.rows:,} rows fetched, {args.put_in} cables put in, {what}:"
            f" least {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
