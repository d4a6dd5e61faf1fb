"""What an answer of a loading folder costs the event loop in the turn that takes it: the
model made anew (a reset), the tree's layout of the rows fetched and its paint, as the
window has them while a folder loads (80 rows a page, a paint budget of 15 ms counted from
the answer's start).

    python benchmarks/tree_answer.py [--rounds 40] [--busy N] [--code CHECKOUT]

Each round answers with the rows before and 63 cables more among the first pages (two
among the rows on screen, ten rows apart: those and the ten between, whose alternate
colour changed, are drawn anew; the rest of the screen comes from the tree's cache of
painted rows), as a loading folder's answers do (a reset: more than 50 new among the rows
fetched), then runs the loop until the rows the paint left are painted. Prints the
median and worst of the answer's turn (wall and the UI thread's CPU), the CPU of its
parts (the model, then the layout and paint), and how many calls Qt made into Python in
one such turn, by name: each waits for the interpreter while the loading threads hold it.
``--busy N``: N threads of pure Python beside. ``--code``: the checkout whose ``reader``
is measured (this one by default), to compare code in turn with the same script.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--busy", type=int, default=0, help="threads of pure Python beside")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))

    from PySide6.QtWidgets import QApplication
    from shiboken6.Shiboken import Object

    from reader.query.query import Hit
    from reader.ui.app import SWITCH_INTERVAL, apply_style
    from reader.ui.models.cable_tree import CableTreeModel
    from reader.ui.widgets.cable_tree_view import CableTree
    from reader.ui.widgets.main_window import LOADING_PAGE, LOADING_PAINT_BUDGET

    classes = [("UNCLASSIFIED", "U"), ("CONFIDENTIAL", "C"), ("SECRET", "S"),
               ("SECRET//NOFORN", "S")]

    def hits(keys: list[int]) -> list[Hit]:
        return [Hit(key=k, id=f"0{k % 10}PLACE{k}", date=None, origin=f"Embassy Place {k % 97}",
                    classification=classes[k % 4][0], level=classes[k % 4][1],
                    subject=f"SUBJECT OF CABLE {k}: A MEETING WITH THE MINISTER ON ITEM {k}")
                for k in keys]

    app = QApplication([])
    apply_style(app)
    sys.setswitchinterval(SWITCH_INTERVAL)  # as the window's process runs
    model = CableTreeModel()
    model.set_source(hits, lambda _key: None)
    model.loading_page = LOADING_PAGE
    tree = CableTree(model)
    tree.resize(900, 700)
    tree.show()
    app.processEvents()
    tree.paint_budget = LOADING_PAINT_BUDGET
    running = True

    def spin() -> None:
        n = 0
        while running:
            n += 1

    for _ in range(args.busy):
        threading.Thread(target=spin, daemon=True).start()
    keys = list(range(100_000, 102_000))
    parts: list[tuple[float, float]] = []
    calls: collections.Counter[str] = collections.Counter()
    in_c: set[int] = set()

    def qt(function: object) -> bool:
        """A call into Qt: a method of a Qt object or class, or a static one (no owner: a
        builtin of Python's own has its module)."""
        owner = getattr(function, "__self__", None)
        return owner is None or isinstance(owner, Object) or isinstance(owner, type) \
            and issubclass(owner, Object)

    def profile(frame, event: str, arg: object) -> None:  # noqa: ANN001
        # a Python function called while its caller is in a call into Qt: Qt's call
        if event == "c_call" and qt(arg):
            in_c.add(id(frame))
        elif event in ("c_return", "c_exception"):
            in_c.discard(id(frame))
        elif event == "call" and (frame.f_back is None or id(frame.f_back) in in_c):
            calls[frame.f_code.co_name] += 1

    def answer(n: int, count: bool = False) -> list[tuple[float, float]]:
        nonlocal keys
        new = [200_000 + 100 * n + j for j in range(63)]
        at = n % 5
        below = keys[40:70]  # under the screen
        keys = keys[:at] + new[:1] + keys[at:at + 10] + new[1:2] + keys[at + 10:40] \
            + [k for m, old in enumerate(below) for k in (old, new[2 + m])] + new[32:63] \
            + keys[70:]
        wall, cpu = time.perf_counter(), time.thread_time()
        if count:
            sys.setprofile(profile)
        tree.note_turn_began(wall)  # as the window's answer slot does
        model.set_keys(keys)
        modelled = time.thread_time()
        app.processEvents()  # the layout and the paint, in the same turn
        if count:
            sys.setprofile(None)
        parts.append((modelled - cpu, time.thread_time() - modelled))
        turns = [(time.perf_counter() - wall, time.thread_time() - cpu)]
        while tree.painting_deferred and len(turns) < 50:
            wall, cpu = time.perf_counter(), time.thread_time()
            app.processEvents()
            turns.append((time.perf_counter() - wall, time.thread_time() - cpu))
        return turns

    for n in range(5):  # the cache of painted rows filled, as after the first answers
        answer(n)
    parts.clear()
    rounds = [answer(n) for n in range(5, 5 + args.rounds)]
    first = [r[0][0] * 1000 for r in rounds]
    first_cpu = [r[0][1] * 1000 for r in rounds]
    longest = [max(t[0] for t in r) * 1000 for r in rounds]
    print(f"{args.code}: rounds {args.rounds}, busy threads {args.busy}, load "
          f"{os.getloadavg()[0]:.1f}")
    print(f"  the answer's turn: median {statistics.median(first):.1f} ms, worst "
          f"{max(first):.1f} ms (CPU median {statistics.median(first_cpu):.1f} ms); the "
          f"longest turn until the screen is whole: median {statistics.median(longest):.1f} "
          f"ms, worst {max(longest):.1f} ms")
    print(f"  its CPU, median: the model {1000 * statistics.median(p[0] for p in parts):.1f} "
          f"ms, the layout and paint {1000 * statistics.median(p[1] for p in parts):.1f} ms")
    answer(5 + args.rounds, count=True)
    print(f"  calls from Qt into Python in one answer's turn: {sum(calls.values())} "
          + ", ".join(f"{name} {n}" for name, n in calls.most_common(12)))
    running = False
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
