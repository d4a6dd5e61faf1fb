"""The thread view: the current cable's chain of references up and down, walked by keyboard."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.index.threads import LIMIT, CableThread
from reader.ui.models.thread import ThreadColumn, ThreadModel
from reader.ui.queue_dialog import local_time
from reader.ui.widgets.chip_delegate import ChipDelegate
from reader.ui.widgets.elided_label import ElidedLabel

__all__ = ["ThreadView"]


class ThreadView(QWidget):
    """A heading and the thread tree; Enter (or a double click) on a cable opens it."""

    #: A cable of the folder was activated: its key.
    cableRequested = Signal(int)
    #: A cable the folder lacks was activated: its ID.
    missingRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ThreadModel(self)
        #: the thread shown was kept (ISO time it was read), its server away; None: not
        self.kept_at: str | None = None
        # one line, elided: a heading that wrapped to more lines for a long subject changed
        # the dock's height, and so resized and repainted every pane of the window
        self.heading = ElidedLabel()
        self.heading.setObjectName("threadHeading")
        self.tree = QTreeView()
        self.tree.setObjectName("threadTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(ChipDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
        self.tree.setAnimated(False)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((ThreadColumn.ID, 280), (ThreadColumn.DATE, 96),
                              (ThreadColumn.CLASSIFICATION, 175), (ThreadColumn.ORIGIN, 140)):
            header.resizeSection(column, width)
        self.tree.activated.connect(self._activated)
        self.model.modelReset.connect(self._span_branches)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        self.set_thread(None)

    def set_waiting(self, cable_id: str | None) -> None:
        """Say a thread is being read (the old one stays until the new one comes)."""
        if cable_id:
            self.heading.set_full_text(f"Reading the references of {cable_id}…")
        else:
            self.set_thread(None, "This cable has no ID, so nothing can cite it.")

    def set_thread(self, thread: CableThread | None, message: str | None = None, *,
                   kept_at: str | None = None) -> None:
        """Show ``thread`` (None: ``message`` instead); ``kept_at``: it is what the cable
        cited and what cited it as last read here (ISO time), its server being away."""
        current = self.tree.currentIndex()
        was = (current.parent().row() if current.parent().isValid() else None, current.row())
        self.model.set_thread(thread)
        self.kept_at = kept_at if thread is not None else None
        if thread is None:
            self.heading.set_full_text(message or "Select a cable to see what it cites and what "
                                 "cites it.")
            return
        hit = thread.hits.get(thread.root)
        about = f"{thread.root} — {hit.subject}" if hit is not None else thread.root
        cut = f"  (cut at {LIMIT} cables each way)" if thread.cut else ""
        if kept_at is not None:  # not the thread: one level, as it was then
            cut = f"  (as of {local_time(kept_at)}, offline: one level each way)"
        self.heading.set_full_text(f"References of {about}{cut}")
        self.tree.expandAll()
        first = self.model.index(0, 0)
        if was[0] is None and was[1] >= 0:
            first = self.model.index(was[1], 0)
        if first.isValid():
            self.tree.setCurrentIndex(first)

    def _span_branches(self) -> None:
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_of(index)
        if row is None or row.cable_id is None:
            if index.isValid():
                self.tree.setExpanded(index, not self.tree.isExpanded(index))
            return
        key = self.model.key_of(index)
        if key is not None:
            self.cableRequested.emit(key)
        else:
            self.missingRequested.emit(row.cable_id)

    def current_key(self) -> int | None:
        """The key of the current row's cable, when the folder holds it."""
        return self.model.key_of(self.tree.currentIndex())
