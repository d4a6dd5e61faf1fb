"""Take the README's screenshots of the window on a folder (the sample folder by default).

    python -m reader.ui.screenshot resources/samples resources/screenshots/window.png \\
        [--tag KNNP] [--cable 07STATE71840]
    python -m reader.ui.screenshot resources/samples resources/screenshots/thread.png \\
        --view thread --cable 07PRAGUE540
    python -m reader.ui.screenshot resources/samples resources/screenshots/checks.png \\
        --view checks --cable 05TOKYO3310
    python -m reader.ui.screenshot resources/samples resources/screenshots/facets.png \\
        --view facets
    python -m reader.ui.screenshot resources/samples resources/screenshots/batch.png \\
        --view batch [--terms TERMS.txt]
    python -m reader.ui.screenshot resources/samples resources/screenshots/saved.png \\
        --view saved --cable 07PRAGUE540
    python -m reader.ui.screenshot postgresql://bob@localhost/team \\
        resources/screenshots/team.png --include readby=alice --tag "" --cable 07PRAGUE540
    python -m reader.ui.screenshot FOLDER resources/screenshots/once.png --view once \\
        --cable 07PRAGUE540
    python -m reader.ui.screenshot FOLDER dates.png --view dates

``window``: filtered by a tag, a cable expanded, a paragraph marked. ``thread``: the
reference thread of a cable, walked to a cable the folder lacks. ``checks``: a cable with a
flagged paragraph, its Checks child selected, the Checks facet in view. ``facets``: the
filter pane alone, with SECRET and CONFIDENTIAL both included and a tag excluded.
``batch``: the batch-search dock with a list of terms run, one of them shown in the tree.
``saved``: saved searches (one opened, one with a new cable since it was last opened) and a
cable with a note on a paragraph: its marker in the margin, its row in the tree. ``once``:
a folder holding cables in several files, each cable once (copy=other excluded), the
Copies facet in view and a cable open. ``dates``: the filter pane alone, the date histogram
used from the keys (End, then Shift+Left three times: a span of four bars not yet chosen).

The folder may be a team's corpus on a PostgreSQL server (its URL). Run it under a real X
server (Xvfb) for real fonts; the index and the annotations go to a throw-away folder
(never the analyst's own).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication

from reader.annotate.annotations import ANNOTATIONS_FILE, Annotations, SavedSearch
from reader.export.batch import Term, read_terms
from reader.ui.app import create_window
from reader.ui.loader import IndexOpener
from reader.ui.models.cable_tree import NodeKind, Role
from reader.ui.models.facets import FacetRole, FacetState
from reader.ui.widgets.main_window import MainWindow


def _children(window: MainWindow, parent: QModelIndex) -> list[QModelIndex]:
    model = window.model
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def _once(signal: Any, key: int, then: Callable[[], None]) -> Callable[[int], None]:
    """Call ``then()`` the first time ``signal`` brings ``key``; returns the slot connected."""

    def slot(k: int) -> None:
        if k == key:
            signal.disconnect(slot)
            then()

    signal.connect(slot)
    return slot


def _select_cable(
    window: MainWindow,
    cable_id: str,
    then: Callable[[QModelIndex], None],
    otherwise: Callable[[], None],
) -> None:
    """Select the cable's row; ``then(row)`` once the document shows it (it is read off the
    UI thread), ``otherwise()`` if the folder or the filter lacks it."""
    key = window.loader.index().key_for_id(cable_id)
    if key is None or window.model.row_of_key(key) is None:
        otherwise()
        return

    def shown() -> None:
        row = window.tree.currentIndex()
        window.tree.scrollTo(row, QAbstractItemView.ScrollHint.PositionAtCenter)
        then(row)

    _once(window.cableShown, key, shown)
    window.select_key(key)


def _expand(window: MainWindow, row: QModelIndex, then: Callable[[], None]) -> None:
    """Expand a cable row; ``then()`` once its children are in (they are built off the UI
    thread)."""
    key = row.data(Role.KEY)
    slot = _once(window.childrenShown, key, then)
    window.tree.expand(row)
    if not window.model.waiting(key):  # there already
        window.childrenShown.disconnect(slot)
        then()


def _open_cable(
    window: MainWindow, cable_id: str, pick: Callable[[QModelIndex], None], done: Callable[[], None]
) -> None:
    """Select the cable, expand it, then ``pick(row)`` among its children; then ``done()``."""

    def selected(cable: QModelIndex) -> None:
        def expanded() -> None:
            pick(cable)
            window.tree.scrollTo(cable)
            done()

        _expand(window, cable, expanded)

    _select_cable(window, cable_id, selected, done)


def _arrange_window(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    window.thread_dock.hide()

    def paragraph(cable: QModelIndex) -> None:
        paragraphs = [
            c for c in _children(window, cable) if c.data(Role.KIND) == NodeKind.PARAGRAPH
        ]
        if len(paragraphs) >= args.paragraph:
            window.tree.setCurrentIndex(paragraphs[args.paragraph - 1])

    _open_cable(window, args.cable, paragraph, done)


def _open_groups(window: MainWindow, opened: tuple[str, ...], shown: str) -> None:
    """Open the facet groups ``opened`` of the filter pane, close the others, and scroll the
    group ``shown`` into view."""
    pane = window.pane
    for row in range(pane.facets.rowCount()):
        group = pane.facets.index(row, 0)
        facet = group.data(FacetRole.FACET)
        pane.tree.setExpanded(group, facet in opened)
        if facet == shown:
            pane.tree.scrollTo(group)


def _arrange_checks(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    window.thread_dock.hide()
    _open_groups(window, ("check", "classification"), "check")

    def finding(cable: QModelIndex) -> None:
        checks = next(
            (c for c in _children(window, cable) if str(c.data()).startswith("Checks (")), None
        )
        if checks is not None:
            window.tree.expand(checks)  # built with the cable's other rows
            window.tree.setCurrentIndex(window.model.index(0, 0, checks))

    _open_cable(window, args.cable, finding, done)


def _arrange_once(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    window.thread_dock.hide()
    _open_groups(window, ("copy", "classification"), "copy")
    _open_cable(window, args.cable, lambda _cable: None, done)


def _arrange_facets(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    window.thread_dock.hide()
    pane = window.pane

    def counted() -> None:
        window.facetsShown.disconnect(counted)
        for row in range(pane.facets.rowCount()):
            group = pane.facets.index(row, 0)
            facet = group.data(FacetRole.FACET)
            pane.tree.setExpanded(
                group, facet in ("starred", "read", "label", "note", "classification", "tag")
            )
        pane.tree.scrollToTop()
        done()

    window.facetsShown.connect(counted)
    pane.apply_facet("classification", "SECRET")
    pane.apply_facet("classification", "CONFIDENTIAL")
    pane.apply_facet("tag", args.excluded_tag, FacetState.EXCLUDE)


def _arrange_dates(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    histogram = window.pane.histogram
    window.activateWindow()
    histogram.setFocus(Qt.FocusReason.TabFocusReason)
    keys = [(Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier)]
    keys += [(Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)] * 3
    for key, modifiers in keys:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(histogram, QKeyEvent(kind, key, modifiers))
    done()


#: The saved view's searches: the one opened, and one with a cable new since last opened.
_OPENED = "Nuclear, not SECRET"
_STARRED = "Starred"


def _prepare_saved(path: Path, cable: str) -> None:
    """The saved view's annotations: saved searches, stars, a label and notes."""
    with Annotations.open(path, backup=False) as store:
        store.save_search(
            SavedSearch(
                _OPENED, "", (("tag", "KNNP"),), (("classification", "SECRET"),), "date", True
            )
        )
        store.save_search(SavedSearch("Prague", "from:prague"))
        store.open_search("Prague", ["07PRAGUE512", "07PRAGUE540"])
        store.save_search(SavedSearch(_STARRED, "is:starred"))
        store.set_starred(["07PRAGUE512"])
        store.open_search(_STARRED, ["07PRAGUE512"])  # then a second cable was starred
        store.set_starred([cable])
        store.add_label([cable], "brief")
        store.set_note(cable, "Compare with the Ankara reporting on the same shipment", 2)


def _arrange_saved(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    window.thread_dock.hide()

    def note(cable: QModelIndex) -> None:
        for row in _children(window, cable):
            if row.data(Role.KIND) == NodeKind.PARAGRAPH and row.data(Role.PARAGRAPH) == 2:
                window.tree.expand(row)
                notes = _children(window, row)
                if notes:
                    window.tree.setCurrentIndex(notes[0])

    def filtered() -> None:
        window.resultsShown.disconnect(filtered)
        _open_cable(window, args.cable, note, lambda: QTimer.singleShot(600, done))

    window.resultsShown.connect(filtered)
    window.saved_searches.open(_OPENED)


def _arrange_thread(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    window.thread_dock.show()
    window.resizeDocks([window.thread_dock], [window.height() * 2 // 5], Qt.Orientation.Vertical)
    _select_cable(window, args.cable, lambda _row: None, done)  # the thread view says when


#: The batch view's terms when no --terms file is given: names, places, phrases, a prefix.
SAMPLE_TERMS = (
    "nuclear", '"prime minister"', "minist*", "sanctions", "iran OR iraq", "tag:PREL",
    "from:prague", "kenya", "elections", "zimbabwe", "zzznothing",
)  # fmt: skip


def _arrange_batch(window: MainWindow, args: argparse.Namespace, done: Callable[[], None]) -> None:
    window.thread_dock.hide()
    batch = window.batch
    batch.dock.show()
    window.resizeDocks([batch.dock], [window.height() * 2 // 5], Qt.Orientation.Vertical)
    terms = read_terms(args.terms) if args.terms else [Term(t) for t in SAMPLE_TERMS]
    batch.dock.setWindowTitle(f"Batch Search: {args.terms.name if args.terms else 'terms.txt'}")

    def shown() -> None:
        window.resultsShown.disconnect(shown)
        done()

    def finished(_n: int, _cancelled: bool) -> None:
        batch.finished.disconnect(finished)
        row = next((n for n, r in enumerate(batch.panel.model.results) if r.count > 1), 0)
        batch.panel.table.selectRow(row)
        window.resultsShown.connect(shown)
        batch.show_term(row)

    batch.finished.connect(finished)
    batch.run(terms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("output", type=Path)
    parser.add_argument(
        "--view",
        choices=("window", "thread", "checks", "facets", "batch", "saved", "once", "dates"),
        default="window",
    )
    parser.add_argument("--terms", type=Path, default=None, help="batch: the list of terms")
    parser.add_argument(
        "--tag", default=None, help="a TAGS value to include in the filter (window: KNNP)"
    )
    parser.add_argument("--cable", default=None, help="the cable to show")
    parser.add_argument("--query", default="", help="a query to type in the query field")
    parser.add_argument(
        "--include", action="append", default=[], metavar="FACET=VALUE",
        help="a facet value to include, its group opened (readby=alice)",
    )  # fmt: skip
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="FACET=VALUE",
        help="a facet value to exclude, its group opened (copy=other)",
    )  # fmt: skip
    parser.add_argument("--paragraph", type=int, default=2, help="the paragraph to mark")
    parser.add_argument("--size", default="1560x940")
    args = parser.parse_args(argv)
    defaults = {
        "window": ("KNNP", "07STATE71840"),
        "thread": (None, "07PRAGUE540"),
        "checks": (None, "05TOKYO3310"),
        "facets": (None, ""),
        "batch": (None, ""),
        "saved": (None, "07PRAGUE540"),
        "once": (None, "07PRAGUE540"),
        "dates": (None, ""),
    }[args.view]
    # the facets view excludes its tag (PREL) after loading, rather than including it
    args.excluded_tag = (args.tag or "PREL") if args.view == "facets" else None
    if args.view in ("facets", "saved", "once", "dates"):
        args.tag = None
    if args.view == "once" and not args.exclude:
        args.exclude = ["copy=other"]
    elif args.tag is None:
        args.tag = defaults[0]
    args.cable = args.cable or defaults[1]

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Cable Reader")
    work = Path(tempfile.mkdtemp(prefix="cable-reader-shot-"))
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    annotations = work / "data" / ANNOTATIONS_FILE
    if args.view == "saved":
        _prepare_saved(annotations, args.cable)
    window = create_window(settings, IndexOpener(work, annotations))
    width, height = (int(n) for n in args.size.split("x"))
    window.resize(width, height)
    window.show()
    arrange = {
        "window": _arrange_window,
        "thread": _arrange_thread,
        "checks": _arrange_checks,
        "facets": _arrange_facets,
        "batch": _arrange_batch,
        "saved": _arrange_saved,
        "once": _arrange_once,
        "dates": _arrange_dates,
    }[args.view]

    def shoot() -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        pane = args.view in ("facets", "dates")
        (window.pane if pane else window).grab().save(str(args.output))
        print(f"saved {args.output}")
        window.close()
        app.quit()

    def thread_shown(_thread: object) -> None:
        window.threadShown.disconnect(thread_shown)
        view = window.thread_view
        model = view.model
        # walk to the first cable of "Cites" that the folder lacks, as a reader would
        branch = model.index(0, 0)
        stack = [model.index(r, 0, branch) for r in range(model.rowCount(branch))]
        while stack:
            index = stack.pop(0)
            if model.key_of(index) is None:
                view.tree.setCurrentIndex(index)
                break
            stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
        view.tree.setFocus()
        QTimer.singleShot(400, shoot)

    def counted() -> None:
        window.facetsShown.disconnect(counted)
        included = {pair.partition("=")[0] for pair in args.include + args.exclude}
        for row in range(window.pane.facets.rowCount()):
            group = window.pane.facets.index(row, 0)
            if group.data(FacetRole.FACET) in included:
                window.pane.tree.expand(group)
        if args.view == "thread":
            window.threadShown.connect(thread_shown)
        arrange(window, args, lambda: QTimer.singleShot(400, shoot))

    def filtered() -> None:
        window.resultsShown.disconnect(filtered)
        window.facetsShown.connect(counted)

    def loaded(_cancelled: bool) -> None:
        window.resultsShown.connect(filtered)
        window.pane.query.setText(args.query)
        for pair in args.include:
            facet, _, value = pair.partition("=")
            window.pane.apply_facet(facet, value)
        for pair in args.exclude:
            facet, _, value = pair.partition("=")
            window.pane.apply_facet(facet, value, FacetState.EXCLUDE)
        if args.tag:
            window.pane.apply_facet("tag", args.tag)
        elif args.query:
            # as the analyst's Enter: the chips and the query's notes come with it
            window.pane.query.returnPressed.emit()
        else:
            window.requery()

    window.loadingFinished.connect(loaded)
    window.open_path(args.folder)
    try:
        return app.exec()
    finally:  # the settings and the index made for the picture: a big folder's is big
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
