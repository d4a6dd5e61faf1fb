"""A cable's reference thread as a tree model: what it cites (up) and what cites it (down).

Two branch rows, "Cites" and "Cited by", each holding the thread's tree in that direction
(``corpus.threads.CableThread``). Rows of cables the folder lacks are greyed; a cable
met again in the same branch is a leaf marked "repeated" (its references are
listed where it stands nearest the top). Its rows carry the cable
tree's roles (key, level, chip), so the same chip delegate paints the classification.
Nodes live in one flat list with their rows stored (``flat_tree``), as in the cable tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from reader.index.threads import CableThread
from reader.model.wording import THIS_FOLDER, short_place
from reader.query.query import Hit, hit_day
from reader.review.graph import ThreadNode
from reader.ui.models.cable_tree import NodeKind, Role
from reader.ui.models.flat_tree import FlatTreeModel, Index

__all__ = ["ThreadColumn", "ThreadModel", "ThreadRow"]



class ThreadColumn(IntEnum):
    ID = 0  # first: the tree's indentation is here
    DATE = 1
    CLASSIFICATION = 2
    ORIGIN = 3
    SUBJECT = 4




@dataclass(slots=True)
class ThreadRow:
    """A branch (``cable_id`` None) or one cable of the thread."""

    parent: int  # internal id of the parent, 0 for a branch
    row: int
    label: str = ""
    cable_id: str | None = None
    hit: Hit | None = None
    repeated: bool = False
    cycle: bool = False
    children: list[int] = field(default_factory=list)


class ThreadModel(FlatTreeModel):
    """The thread of one cable; ``set_thread(None)`` empties it."""

    HEADERS = ("Cable", "Date", "Classification", "Origin", "Subject")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ThreadRow] = []
        self._top: list[int] = []
        self.thread: CableThread | None = None  # type: ignore[assignment]  # not QObject.thread()
        #: where the cables shown come from, for a cable it lacks: "this folder" or "the
        #: team's corpus" (the window sets it as it opens one)
        self.place = THIS_FOLDER

    # -- feeding -----------------------------------------------------------------------------
    def set_thread(self, thread: CableThread | None) -> None:
        self.beginResetModel()
        self.thread = thread
        self._rows, self._top = [], []
        if thread is not None:
            for title, tree in (("Cites", thread.thread.up), ("Cited by", thread.thread.down)):
                branch = self._add(ThreadRow(0, len(self._top)))
                self._top.append(branch)
                self._rows[branch - 1].label = branch_label(title, tree)
                self._add_children(branch, tree, thread)
        self.endResetModel()

    def _add(self, row: ThreadRow) -> int:
        self._rows.append(row)
        return len(self._rows)

    def _add_children(self, parent: int, node: ThreadNode, thread: CableThread) -> None:
        for row, child in enumerate(node.children):
            ident = self._add(ThreadRow(parent, row, cable_id=child.id,
                                        hit=thread.hits.get(child.id), repeated=child.repeated,
                                        cycle=child.cycle))
            self._rows[parent - 1].children.append(ident)
            self._add_children(ident, child, thread)

    # -- for the view ------------------------------------------------------------------------
    def row_of(self, index: Index) -> ThreadRow | None:
        if not index.isValid() or not 0 < index.internalId() <= len(self._rows):
            return None
        return self._rows[index.internalId() - 1]

    def key_of(self, index: Index) -> int | None:
        row = self.row_of(index)
        return row.hit.key if row is not None and row.hit is not None else None

    # -- QAbstractItemModel ------------------------------------------------------------------
    def _children(self, parent: Index) -> list[int]:
        if not parent.isValid():
            return self._top
        row = self.row_of(parent)
        return row.children if row is not None else []

    def _link(self, node_id: int) -> tuple[int, int]:
        row = self._rows[node_id - 1]
        return row.parent, row.row

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        column = index.column()
        if row.cable_id is None:  # a branch
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return row.label
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Role.KIND:
                return int(NodeKind.FIELD)
            return None
        hit = row.hit
        if role == Role.KEY:
            return hit.key if hit is not None else None
        if role == Role.KIND:
            return int(NodeKind.CABLE)
        if role == Role.HIT:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and (hit is None or row.repeated):
            palette = QGuiApplication.palette()
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.FontRole and (row.repeated or row.cycle or hit is None):
            font = QFont()
            font.setItalic(True)
            return font
        if column == ThreadColumn.CLASSIFICATION and hit is not None:
            if role == Role.LEVEL:
                return hit.level
            if role == Role.CHIP:
                return hit.classification
        return None

    def _text(self, row: ThreadRow, column: int) -> str | None:
        hit = row.hit
        if column == ThreadColumn.DATE:
            return hit_day(hit) if hit is not None else ""
        if column == ThreadColumn.ID:
            mark = "  ⟲ cycle" if row.cycle else "  · repeated" if row.repeated else ""
            return f"{row.cable_id}{mark}"
        if hit is None:
            return f"not in {short_place(self.place)}" if column == ThreadColumn.ORIGIN else ""
        if column == ThreadColumn.ORIGIN:
            return hit.origin
        if column == ThreadColumn.CLASSIFICATION:
            return hit.classification
        if column == ThreadColumn.SUBJECT:
            return hit.subject
        return None

    def _tooltip(self, row: ThreadRow) -> str:
        hit = row.hit
        if hit is None:
            return f"{row.cable_id} is not in {self.place}"
        when = f", {hit.date:%d %B %Y}" if hit.date else ""
        text = f"{hit.id} — {hit.subject}{when}"
        if row.cycle:
            text += "\nIt cites itself through the cables above it (a cycle)."
        elif row.repeated:
            text += "\nRepeated: listed nearer the top of this branch, with its references."
        return text + "\nEnter opens it."


def branch_label(title: str, tree: ThreadNode) -> str:
    """``Cited by (2 directly, 5 in all)``: the cables next to the root (what the document's
    "Cited directly by" counts) and all of that direction, so the two counts never seem to
    disagree."""
    direct = len({n.id for n in tree.children})
    every = _count(tree)
    return f"{title} ({direct} directly, {every} in all)" if every != direct \
        else f"{title} ({direct} directly)"


def _count(tree: ThreadNode) -> int:
    """Distinct cables in a direction of the thread, the root left out."""
    return len({n.id for _, n in tree.walk()} - {tree.id})
