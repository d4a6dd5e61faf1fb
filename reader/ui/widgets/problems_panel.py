"""The problems panel: unreadable files and parser problems, each clickable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reader.ui.models.problems import ProblemRow, ProblemsModel, ProblemsRole
from reader.ui.widgets.placeholder import Placeholder

__all__ = ["NONE", "NONE_YET", "NO_FOLDER", "ProblemsPanel"]

#: What the empty panel says: before a folder is open, while it loads, once it has loaded.
NO_FOLDER = "Files that cannot be read, and cables the parser flagged, are listed here."
NONE_YET = "No problems found so far: the folder is still loading."
NONE = "No problems: every file was read, and the parser flagged none of the cables shown."

#: The file column's width while the analyst has not set it: its share of the panel, within
#: these bounds (a fixed 380 px left a panel of 500 px no room for the reason)
FILE_SHARE, FILE_MIN, FILE_MAX = 0.35, 140, 380


class ProblemsPanel(Placeholder, QTableView):
    """Activating a row (click, Enter) emits it; the window decides how to open it."""

    problemActivated = Signal(object)  # ProblemRow
    PLACEHOLDER_MARGINS = (12, 8)
    PLACEHOLDER_ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = ProblemsModel(self)
        self.setModel(self.problems)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self._file_width_set = False  # by the analyst, dragging the column's edge
        self._fit_file_column()
        header.sectionResized.connect(self._column_resized)
        self.clicked.connect(self._activate)
        self.activated.connect(self._activate)
        self._empty_text = NO_FOLDER

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        self.paint_placeholder()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_file_column()

    def _fit_file_column(self) -> None:
        if self._file_width_set:
            return
        width = int(self.viewport().width() * FILE_SHARE)
        self._fitting = True
        try:
            self.horizontalHeader().resizeSection(1, max(FILE_MIN, min(FILE_MAX, width)))
        finally:
            self._fitting = False

    def _column_resized(self, section: int, _old: int, _new: int) -> None:
        if section == 1 and not getattr(self, "_fitting", False):
            self._file_width_set = True

    def _activate(self, index: QModelIndex) -> None:
        row: ProblemRow | None = index.data(ProblemsRole.ROW)
        if row is not None:
            self.problemActivated.emit(row)
