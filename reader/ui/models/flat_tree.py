"""The plumbing of a tree model whose nodes live in one flat list.

A node's ``internalId`` is its position + 1 (0 stays free for the invalid index), and each
node stores its parent's id and its own row, so ``parent()`` is O(1) (calibre's
``TagTreeItem.row`` is the trap). Subclasses say what a node's children are and where it
hangs; this class answers index, parent, rowCount, columnCount, headerData and flags.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

__all__ = ["FlatTreeModel", "Index"]

Index = QModelIndex | QPersistentModelIndex
#: The invalid index, as a default argument.
_ROOT = QModelIndex()
#: Made once: a tree view asks every row's flags at each layout, and or-ing enum members
#: costs more than the rest of the call.
_ENABLED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISABLED = Qt.ItemFlag.NoItemFlags


class FlatTreeModel(QAbstractItemModel):
    """Columns named by ``HEADERS``; children only in column 0."""

    HEADERS: tuple[str, ...] = ()

    def _children(self, parent: Index) -> list[int]:
        """Internal ids of the children of ``parent`` (the top rows for an invalid one)."""
        raise NotImplementedError

    def _link(self, node_id: int) -> tuple[int, int]:
        """(internal id of the node's parent, 0 for a top row; the node's own row)."""
        raise NotImplementedError

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not 0 <= column < len(self.HEADERS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children(parent)
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent_id, _ = self._link(index.internalId())
        if parent_id == 0:
            return QModelIndex()
        return self.createIndex(self._link(parent_id)[1], 0, parent_id)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.HEADERS):
                return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ENABLED if index.isValid() else _DISABLED
