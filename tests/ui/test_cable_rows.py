"""Tree rows painted in one call (widgets.cable_rows) look exactly as Qt paints them."""

import time

import pytest
from invented import sample_cables
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyleFactory

import reader.ui.widgets.cable_rows as cable_rows
import reader.ui.widgets.cable_tree_view as cable_tree_view
from reader.query.query import Hit
from reader.ui.app import RESOURCES
from reader.ui.models.cable_tree import CableTreeModel, Column, Role, cable_children
from reader.ui.widgets.cable_tree_view import CableTree

CABLES = sample_cables()


def _hits(keys: list[int]) -> list[Hit]:
    hits = [Hit(key=k, id=CABLES[k].id, date=CABLES[k].dtg, origin="Prague",
                classification=CABLES[k].classification, level=CABLES[k].banner.level,
                subject=CABLES[k].subject) for k in keys]
    # some rows carry check marks (an icon in the ID column), one has no date
    return [h._replace(checks=("reference-not-in-folder",)) if h.key % 3 == 1 else
            h._replace(date=None) if h.key == 4 else h for h in hits]


@pytest.fixture
def tree(qtbot, monkeypatch):  # noqa: ANN001
    model = CableTreeModel()
    model.set_source(_hits, lambda key: model.set_children(key, cable_children(CABLES[key])))
    model.set_keys(list(range(len(CABLES))))
    model.fetch_all()
    view = CableTree(model)
    qtbot.addWidget(view)
    view.resize(900, 420)
    view.show()
    qtbot.waitExposed(view)
    painted = []
    real = cable_tree_view.paint_row
    monkeypatch.setattr(cable_tree_view, "paint_row",
                        lambda *args: painted.append(args[3].row()) or real(*args))
    view.painted_rows = painted
    return view


def _image(view: CableTree, fast: bool) -> QImage:
    view.paints_rows = fast
    view.viewport().update()
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def _same(view: CableTree) -> None:
    view.painted_rows.clear()
    qt = _image(view, fast=False)
    assert not view.painted_rows
    ours = _image(view, fast=True)
    assert view.painted_rows, "the rows were not painted in one call"
    assert ours == qt


@pytest.mark.parametrize("styled", [False, True], ids=["default style", "the app's style"])
def test_cable_rows_look_as_qt_paints_them(tree: CableTree, styled: bool) -> None:
    if styled:  # Fusion and the app's style sheet, on this widget only
        tree.fusion = QStyleFactory.create("Fusion")  # kept: a view does not own its style
        tree.setStyle(tree.fusion)
        tree.setStyleSheet((RESOURCES / "styles" / "app.qss").read_text(encoding="utf-8"))
    model = tree.model()
    _same(tree)  # plain rows, alternating colours, a chip per row, check icons

    tree.activateWindow()
    tree.setFocus()
    assert tree.hasFocus()
    tree.select_only(model.index(2, 0))  # selected, current, focus frame
    _same(tree)

    tree.expand(model.index(1, 0))  # a cable's children in between: spanned, chips, icons
    assert model.rowCount(model.index(1, 0))
    _same(tree)
    tree.select_only(model.index(2, 0, model.index(1, 0)))  # a child row selected
    to = next(model.index(r, 0, model.index(1, 0)) for r in range(model.rowCount(
        model.index(1, 0))) if model.rowCount(model.index(r, 0, model.index(1, 0))))
    tree.expand(to)  # grandchildren: deeper branches
    _same(tree)
    tree.select_only(model.index(2, 0))

    tree.verticalScrollBar().setValue(7)  # scrolled by part of a row: alternation kept
    _same(tree)

    tree.header().moveSection(Column.SUBJECT, 1)  # columns moved and hidden
    tree.setColumnHidden(Column.ORIGIN, True)
    _same(tree)

    tree.header().resizeSection(Column.CLASSIFICATION, 48)  # a narrow chip: S//NF
    tree.selectionModel().select(model.index(3, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
    _same(tree)


def test_the_model_gives_each_row_as_the_tree_paints_it(qapp) -> None:  # noqa: ANN001
    # (the check icons are pixmaps: run first in its process, without an application, the
    # test aborted the interpreter)
    model = CableTreeModel()
    model.set_source(lambda keys: [h for h in _hits(keys) if h.key != 0], None)
    model.set_keys(list(range(len(CABLES))))
    model.fetch_all()
    assert model.painted_row(model.index(0, 0)) is None  # its hit did not come
    assert model.painted_row(QModelIndex()) is None
    cells, depth = model.painted_row(model.index(1, 0))
    assert depth == 0 and len(cells) == model.columnCount()
    assert cells[Column.ID].text == CABLES[1].id and cells[Column.ID].icon is not None
    assert cells[Column.CLASSIFICATION].chip == CABLES[1].classification
    model.set_children(1, cable_children(CABLES[1]))
    cable = model.index(1, 0)
    for row in range(model.rowCount(cable)):
        child = model.index(row, 0, cable)
        (cell,), depth = model.painted_row(child)
        assert depth == 1
        assert (cell.text, cell.chip, cell.level) == (child.data(), child.data(Role.CHIP),
                                                     child.data(Role.LEVEL))
        for grand in range(model.rowCount(child)):
            assert model.painted_row(model.index(grand, 0, child))[1] == 2


def test_a_repaint_draws_unchanged_rows_from_the_cache(tree: CableTree) -> None:
    """A cable row is drawn once per state and look; a repaint with nothing changed draws
    every cable row from the cache (right of its branches), and still looks as Qt paints."""
    made: list[int] = []
    real = cable_rows._row_pixmap
    cable_rows._row_pixmap = lambda *args: made.append(1) or real(*args)
    tree.row_pixmaps.clear()  # the fixture's tree has painted once already
    try:
        _same(tree)
        first = len(made)
        assert first > 0 and len(tree.row_pixmaps) == first
        made.clear()
        _same(tree)
        assert made == []  # every row from the cache
        tree.select_only(tree.model().index(2, 0))
        _same(tree)
        assert 0 < len(made) <= 2  # only the row whose state changed is drawn anew
        model = tree.model()
        model.set_keys(list(reversed(range(len(CABLES)))))  # the model makes its rows anew
        model.fetch_all()
        _same(tree)
        made.clear()
        model.set_keys(list(range(len(CABLES))))  # and again, for the first order
        model.fetch_all()
        _same(tree)
        assert made == []  # rows are known by what they show, not by the model's row ids
    finally:
        cable_rows._row_pixmap = real


def test_a_repaint_from_the_cache_asks_little_of_qt_and_python(tree: CableTree) -> None:
    """A cable's row from the cache is its picture, branches and all: no drawing of its
    branches (which asks the model the row's parent twice, calls into Python), and the
    selection is asked once a paint, not of each row (which asks its parent again)."""
    model = tree.model()
    tree.select_only(model.index(2, 0))
    _same(tree)
    branches: list[int] = []
    parents: list[int] = []
    depths: list[int] = []
    real_branches, real_parent = tree.drawBranches, CableTreeModel.parent
    real_paint = cable_tree_view.paint_row
    tree.drawBranches = lambda *a: branches.append(a[2].row()) or real_branches(*a)
    model.parent = lambda *a: parents.append(1) or real_parent(model, *a)
    cable_tree_view.paint_row = lambda *a: depths.append(a[5]) or real_paint(*a)
    try:
        tree.painted_rows.clear()
        _image(tree, fast=True)
        assert len(depths) > 10 and set(depths) == {0}
        assert branches == []
        # Qt's paint asks a row's parent once or twice (five times a row before)
        assert len(parents) <= 2 * len(depths)
    finally:
        cable_tree_view.paint_row = real_paint
        del tree.drawBranches
        del model.parent
    _same(tree)


def test_rows_drawn_again_when_their_cables_change(tree: CableTree) -> None:
    """A new answer puts other cables on the same rows (the model's row ids are reused):
    each shows its own cable, not the picture of the one that was there."""
    _same(tree)
    model = tree.model()
    model.set_keys(list(reversed(range(len(CABLES)))))
    model.fetch_all()
    _same(tree)
    model.set_keys(list(range(1, len(CABLES))))
    model.fetch_all()
    _same(tree)
    model.set_keys(list(range(len(CABLES))))  # one cable more on top: the rows move down one
    assert model.rowCount() == len(CABLES)  # (inserted: the rows keep their ids)
    _same(tree)  # and change colour: alternating rows
    model.set_source(lambda keys: [h._replace(subject=h.subject.lower()) for h in _hits(keys)],
                     None)
    model.set_keys(list(range(len(CABLES))))
    model.fetch_all()
    _same(tree)


def test_a_paint_past_its_budget_leaves_new_rows_for_the_next_turn(tree: CableTree,
                                                                   qtbot) -> None:  # noqa: ANN001
    """With a paint budget spent at once, each paint draws one row it has not drawn before
    and leaves the rest (their background) for a paint a turn later, until the screenful is
    whole: then it looks as a paint without a budget does, and as Qt paints."""
    made: list[int] = []
    real = cable_rows._row_pixmap
    cable_rows._row_pixmap = lambda *args: made.append(1) or real(*args)
    try:
        tree.row_pixmaps.clear()
        whole = _image(tree, fast=True)
        rows = len(made)
        assert rows > 3
        tree.row_pixmaps.clear()
        made.clear()
        tree.paint_budget = 0.0
        first = tree.viewport().grab().toImage()  # the paint itself, at once
        assert len(made) == 1 and tree.painting_deferred
        assert first != whole
        qtbot.waitUntil(lambda: not tree.painting_deferred and len(made) == rows)
        tree.paint_budget = None  # the grab below must not be what makes the rows
        made.clear()
        assert tree.viewport().grab().toImage() == whole
        assert made == []  # every row was drawn by the paints a turn apart
        _same(tree)
    finally:
        cable_rows._row_pixmap = real


def test_the_budget_counts_from_the_start_of_the_turn_noted(tree: CableTree) -> None:
    """An answer's slot notes when its turn began: the paint of its rows in the same turn
    counts its budget from there, and a note from long before counts for nothing."""
    made: list[int] = []
    real = cable_rows._row_pixmap
    cable_rows._row_pixmap = lambda *args: made.append(1) or real(*args)
    try:
        tree.paint_budget = 0.05
        tree.row_pixmaps.clear()
        tree.note_turn_began(time.perf_counter() - 0.06)  # the answer took 60 ms
        tree.viewport().grab()
        assert len(made) == 1 and tree.painting_deferred
        tree.take_deferred()
        tree.paint_budget = 10.0  # never spent by this paint
        tree.row_pixmaps.clear()
        made.clear()
        tree.note_turn_began(time.perf_counter() - 60)  # another turn's
        tree.viewport().grab()
        assert len(made) > 3 and not tree.painting_deferred
    finally:
        cable_rows._row_pixmap = real


def test_a_scroll_before_the_rows_left_are_painted_paints_the_whole_viewport(
        qtbot) -> None:  # noqa: ANN001
    """Qt scrolls the pixels, the backgrounds of the rows a paint left among them: the
    paint a turn later is then of the whole viewport, not of where those rows were."""
    model = CableTreeModel()
    model.set_source(lambda keys: [Hit(key=k, id=f"09PLACE{k}", date=None, origin="Place",
                                       classification="SECRET", level="S", subject=f"S {k}")
                                   for k in keys], None)
    model.set_keys(list(range(300)))
    tree = CableTree(model)
    qtbot.addWidget(tree)
    tree.resize(900, 420)
    tree.show()
    qtbot.waitExposed(tree)
    tree.row_pixmaps.clear()
    tree.paint_budget = 0.0
    tree.viewport().grab()
    assert tree.painting_deferred
    assert QRect(tree._deferred) != tree.viewport().rect()  # the rows below the first
    tree.verticalScrollBar().setValue(tree.verticalScrollBar().value() + 7)
    assert tree.take_deferred() == tree.viewport().rect()
