"""reader/ui/models/flat_tree.py: the plumbing of a tree whose nodes live in one list, tried
on a small subclass (two top rows with children, three levels deep)."""

import pytest
from PySide6.QtCore import QModelIndex, Qt

from reader.ui.models.flat_tree import FlatTreeModel, Index

#: node id -> (parent id, row, label, child ids); ids start at 1
NODES = {
    1: (0, 0, "first", [3, 4]),
    2: (0, 1, "second", [6]),
    3: (1, 0, "first.a", [5]),
    4: (1, 1, "first.b", []),
    5: (3, 0, "first.a.i", []),
    6: (2, 0, "second.x", []),
}


class _Tree(FlatTreeModel):
    HEADERS = ("Name", "Depth")

    def _children(self, parent: Index) -> list[int]:
        if not parent.isValid():
            return [1, 2]
        return NODES[parent.internalId()][3]

    def _link(self, node_id: int) -> tuple[int, int]:
        return NODES[node_id][0], NODES[node_id][1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        label = NODES[index.internalId()][2]
        return label if index.column() == 0 else str(label.count("."))


def test_a_flat_tree_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    qtmodeltester.check(_Tree(), force_py=True)


def test_indexes_carry_their_node_and_find_their_parent() -> None:
    model = _Tree()
    assert model.rowCount() == 2 and model.columnCount() == 2
    first = model.index(0, 0)
    leaf = model.index(0, 0, model.index(0, 0, first))
    assert leaf.data() == "first.a.i" and leaf.internalId() == 5
    assert model.parent(leaf) == model.index(0, 0, first)
    assert model.parent(model.parent(leaf)) == first
    assert model.parent(first) == QModelIndex()
    # a parent in row 1 is found at row 1 (its stored row, not a search)
    second = model.index(1, 0)
    assert model.parent(model.index(0, 0, second)) == second
    assert model.parent(model.index(0, 1, second)).row() == 1
    assert model.index(1, 1, first).data() == "1"


@pytest.mark.parametrize(("row", "column"), [(2, 0), (-1, 0), (0, 2), (0, -1)])
def test_out_of_range_rows_and_columns_give_the_invalid_index(row: int, column: int) -> None:
    assert not _Tree().index(row, column).isValid()


def test_only_the_first_column_has_children() -> None:
    model = _Tree()
    beside = model.index(0, 1)
    assert beside.isValid() and model.rowCount(beside) == 0
    assert not model.index(0, 0, beside).isValid()
    assert model.rowCount(model.index(0, 0)) == 2


def test_headers_and_flags() -> None:
    model = _Tree()
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(s, horizontal) for s in range(2)] == ["Name", "Depth"]
    assert model.headerData(2, horizontal) is None and model.headerData(-1, horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_a_subclass_must_say_what_its_nodes_are() -> None:
    class _Bare(FlatTreeModel):
        HEADERS = ("Only",)

    with pytest.raises(NotImplementedError):
        _Bare().rowCount()
    assert _Bare().columnCount() == 1
