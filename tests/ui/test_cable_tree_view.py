"""The cable tree's view: more rows fetched as it scrolls, without laying out every fetched
row to find out that the last one is far below; and a layout that asks Python little."""

import sys

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication

from reader.query.query import Hit
from reader.ui.models.cable_tree import SORT_FOR_COLUMN, CableTreeModel, Column
from reader.ui.widgets.cable_tree_view import CableTree


def _hits(keys: list[int]) -> list[Hit]:
    return [Hit(key=k, id=f"09PLACE{k}", date=None, origin="Place", classification="SECRET",
                level="S", subject=f"Subject {k}") for k in keys]


def _shown(qtbot) -> tuple[CableTreeModel, CableTree]:  # noqa: ANN001
    """A cable model of made-up hits and its tree, shown."""
    model = CableTreeModel()
    model.set_source(_hits, lambda _key: None)
    tree = CableTree(model)
    qtbot.addWidget(tree)
    tree.resize(900, 400)
    tree.show()
    qtbot.waitExposed(tree)
    return model, tree


def test_more_rows_come_as_the_tree_scrolls_without_a_layout_while_they_are_far(
        qtbot, monkeypatch) -> None:  # noqa: ANN001
    model, tree = _shown(qtbot)
    asked: list[int] = []
    monkeypatch.setattr(model, "hasChildren", lambda *a: asked.append(1) or
                        CableTreeModel.hasChildren(model, *a))
    for first in (0, 10_000):  # answers that make the rows anew, as while a folder loads
        model.set_keys(list(range(first, first + 1_000)))
        asked.clear()
        tree._fetch_visible()  # what the view does a turn after the answer, before a paint
        # the page's last row is far below: Qt was not asked where it is (a layout of every
        # row fetched, each asked whether it has children)
        assert asked == [] and model.rowCount() == model.PAGE
        qtbot.waitUntil(lambda: not tree.fetching)
    tree.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 2 * model.PAGE)  # near: the next page came


def test_a_layout_of_the_rows_asks_python_only_for_each_row_and_its_children(
        qtbot) -> None:  # noqa: ANN001
    """After each answer of a loading folder the tree lays out every fetched row again:
    each row's flags are Qt's own (no call into Python, which waits for the interpreter
    while the loading threads hold it), only its index and whether it has children are
    asked of the model."""
    model, tree = _shown(qtbot)
    calls: dict[str, int] = {}

    def counted(name: str):  # noqa: ANN202
        real = getattr(CableTreeModel, name)
        return lambda *a: calls.__setitem__(name, calls.get(name, 0) + 1) or real(model, *a)

    for name in ("index", "hasChildren"):
        setattr(model, name, counted(name))

    def python_flags(frame, event: str, _arg: object) -> None:  # noqa: ANN001
        if event == "call" and frame.f_code.co_name == "flags":
            calls["flags"] = calls.get("flags", 0) + 1

    model.set_keys(list(range(1_000)))
    calls.clear()
    sys.setprofile(python_flags)  # (the model's own flags: patching them would be Python's)
    try:
        tree.executeDelayedItemsLayout()
    finally:
        sys.setprofile(None)
    rows = model.rowCount()
    assert rows == model.PAGE
    assert calls.get("flags", 0) == 0
    assert calls.get("index", 0) <= rows + 10 and calls.get("hasChildren", 0) <= rows + 10
    index = model.index(0, 0)  # Qt's flags are those the model always gave
    assert model.flags(index) == Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_the_header_shows_the_models_titles_and_asks_nothing_at_a_reset(
        qtbot) -> None:  # noqa: ANN001
    """The header's titles are the model's, from a model of their own: an answer that
    makes the rows anew (a reset) asks the cable model no header data (calls into Python),
    and a click on a title still sorts by the cable model."""
    model, tree = _shown(qtbot)
    header = tree.header()
    assert [header.model().headerData(c, Qt.Orientation.Horizontal)
            for c in range(header.count())] == list(model.HEADERS)
    asked: list[int] = []
    real = CableTreeModel.headerData
    model.headerData = lambda *a: asked.append(1) or real(model, *a)
    for first in (0, 5_000):
        model.set_keys(list(range(first, first + 1_000)))
        tree.viewport().repaint()
        header.viewport().repaint()
        QApplication.processEvents()  # the posted layouts and updates, no sleep
    assert asked == []
    sorts: list[tuple[str, bool]] = []
    model.sortRequested.connect(lambda key, descending: sorts.append((key, descending)))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(Column.ID) + 5, 5))
    assert sorts and sorts[-1][0] == SORT_FOR_COLUMN[Column.ID]
