"""The centre pane: the cable tree, its rows painted by widgets.cable_rows, more rows fetched
as it scrolls, and the rows Copy Citation cites."""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from reader.ui.models.cable_tree import CableTreeModel, Column, NodeKind, Role
from reader.ui.widgets.cable_rows import RowFrame, RowPixmaps, paint_row
from reader.ui.widgets.chip_delegate import ChipDelegate, chip_font, chip_width
from reader.ui.widgets.placeholder import Placeholder

__all__ = ["CHIP_COLUMNS", "CableTree"]

#: The tree's columns that may show a chip (ChipDelegate): the rest paint as Qt does.
CHIP_COLUMNS = (Column.DATE, Column.CLASSIFICATION)
#: What the Date, ID and Classification columns are wide enough to show whole at first: a
#: full date, an ID as long as most (longer ones, and one after a check's icon, are elided;
#: the column can be widened) and the chip of the commonest long classification (longer
#: ones show their short form, C//NF); the Subject gets the rest
DATE_SHOWN = "0000-00-00"
ID_SHOWN = "05NEWDELHI4721"
CHIP_SHOWN = "SECRET//NOFORN"
#: A turn's start noted (CableTree.note_turn_began) counts for a paint this soon after it
#: (s); a later paint is another turn's.
_TURN_NOTE_KEPT = 0.25


class CableTree(Placeholder, QTreeView):
    """The centre pane; child rows span all columns (they are not cables)."""

    def __init__(self, model: CableTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tree_model = model
        self.setModel(model)
        # the header's titles from a model of their own, all in Qt: the cable model's resets
        # (each answer of a loading folder) then leave the header as it is, where it asked
        # its titles again, some 55 calls into Python an answer (each role's enum made in
        # Python too). The columns are fixed; sorting still asks the cable model.
        self._titles = QStandardItemModel(0, len(model.HEADERS), self)
        self._titles.setHorizontalHeaderLabels(list(model.HEADERS))
        self.header().setModel(self._titles)
        self.row_pixmaps = RowPixmaps()  # cable rows as last painted (widgets.cable_rows)
        # chips are in the first column (the child rows span from it) and the classification
        # column; the others get Qt's own delegate, which paints without calling into Python
        self.setItemDelegate(QStyledItemDelegate(self))
        self._chips = ChipDelegate(self)
        for column in CHIP_COLUMNS:
            self.setItemDelegateForColumn(column, self._chips)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setAnimated(False)
        self.setAllColumnsShowFocus(True)
        # several rows for Copy Citation (Shift/Ctrl+click, Shift+arrows); arrows alone still
        # move a single selection
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (Column.DATE, self._fitting(DATE_SHOWN, tree_column=True)),
            (Column.ID, self._fitting(ID_SHOWN)),
            (Column.ORIGIN, 96),
            (Column.CLASSIFICATION, self._chip_fitting(CHIP_SHOWN)),
        ):
            header.resizeSection(column, width)
        model.rowsInserted.connect(self._span_rows)
        model.rowsRemoved.connect(self._lay_out_children)
        self.expanded.connect(self._span_children)
        # more cables, and a long cable's children, come in as the view scrolls down to them
        self._more_timer = QTimer(self, singleShot=True, interval=0)
        self._more_timer.timeout.connect(self._fetch_visible)
        self.verticalScrollBar().valueChanged.connect(self._more_timer.start)
        model.rowsInserted.connect(self._more_timer.start)
        model.modelReset.connect(self._more_timer.start)
        model.rowsArrived.connect(self._more_timer.start)  # a server's page came in
        self.expanded.connect(self._more_timer.start)
        self.collapsed.connect(self._more_timer.start)
        # the rows a paint past its budget left (RowFrame.deferred), painted a turn later
        self._deferred = QRect()
        self._finish_timer = QTimer(self, singleShot=True, interval=0)
        self._finish_timer.timeout.connect(self._paint_deferred)

    def _fitting(self, text: str, *, tree_column: bool = False) -> int:
        """A column's width that shows ``text`` whole in bold (an unread cable's row, as
        every row of a folder opened for the first time is), with Qt's margins and the
        branches of the tree column."""
        bold = QFont(self.font())
        bold.setBold(True)
        width = QFontMetrics(bold).horizontalAdvance(text) + 2 * self._margin() + 4
        return width + (self.indentation() if tree_column else 0)

    def _chip_fitting(self, text: str) -> int:
        """A column's width that shows the chip of ``text`` whole (a longer one shows its
        short form, S//NF for SECRET//NOFORN: levels.chip_label)."""
        return chip_width(text, chip_font(QFont(self.font()))) + 2 * self._margin() + 4 + 2

    def _margin(self) -> int:
        """Qt's margin of an item's text, each side."""
        return self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1

    #: Rows are painted in one Python call each (widgets.cable_rows); False: by Qt, through
    #: the model's roles and the delegates (the tests compare the two).
    paints_rows = True
    _frame: RowFrame | None = None
    #: Seconds a paint may spend before the rows it has not drawn before are left for a
    #: paint in a later turn of the event loop (their background shown meanwhile), so that
    #: a screenful of new rows does not hold the loop in one turn; None: no limit. The
    #: window sets it while a folder loads, when answers come several a second and other
    #: threads share the interpreter.
    paint_budget: float | None = None

    _turn_began: float | None = None

    def note_turn_began(self, when: float) -> None:
        """The work of this turn of the event loop began at ``when`` (perf_counter): an
        answer putting rows in, whose paint follows in the same turn, counts its budget
        from there."""
        self._turn_began = when

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        budget = self.paint_budget
        now = time.perf_counter()
        began, self._turn_began = self._turn_began, None
        if began is None or not 0 <= now - began < _TURN_NOTE_KEPT:
            began = now
        deadline = None if budget is None else began + budget
        # what the rows of this paint share, asked of Qt once (None: Qt paints the rows);
        # after the layout the paint would do first, which may move the columns
        self.executeDelayedItemsLayout()
        frame = self._frame = (
            RowFrame(self, self.row_pixmaps, deadline)
            if self.paints_rows and self._rows_as_painted else None
        )
        try:
            super().paintEvent(event)
        finally:
            self._frame = None
        if frame is not None and frame.deferred:
            for rect in frame.deferred:
                self._deferred = self._deferred.united(rect)
            self._finish_timer.start()
        self.paint_placeholder()  # (no cable matches the filters: says why, in the middle)

    def drawRow(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,  # noqa: N802
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(index, QModelIndex)  # Qt paints rows by plain indexes
        frame = self._frame
        row = self._tree_model.painted_row(index) if frame is not None else None
        if (
            frame is None
            or row is None
            or (row[1] and not self.isFirstColumnSpanned(index.row(), index.parent()))
        ):
            super().drawRow(painter, option, index)
        else:
            paint_row(self, painter, option, index, *row, frame)

    @property
    def _rows_as_painted(self) -> bool:
        """The tree is as paint_row expects: left to right, rows selected whole, focus
        shown across the row."""
        return (
            not self.isRightToLeft()
            and self.allColumnsShowFocus()
            and self.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
        )

    @property
    def painting_deferred(self) -> bool:
        """True while rows a paint left are still to be painted (for tests)."""
        return self._finish_timer.isActive()

    def take_deferred(self) -> QRect:
        """Where the rows left by the paints so far are (and forget them): what the next
        turn's paint is to draw."""
        rect, self._deferred = self._deferred, QRect()
        self._finish_timer.stop()
        return rect

    def _paint_deferred(self) -> None:
        self.viewport().update(self.take_deferred())

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        super().scrollContentsBy(dx, dy)
        if self._finish_timer.isActive():
            # Qt moved the pixels, the backgrounds of the rows left among them: all of it
            self._deferred = self.viewport().rect()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._more_timer.start()

    def look_for_more(self) -> None:
        """Check soon whether rows or children on screen are still to be fetched (a server
        back after a page could not come)."""
        self._more_timer.start()

    @property
    def fetching(self) -> bool:
        """True while a check for rows to fetch is due (for tests and the benchmark)."""
        return self._more_timer.isActive()

    def _fetch_visible(self) -> None:
        """Bring in the next page of rows when the last one is on screen or less than a screen
        below it, and the next page of children of each expanded cable whose last child in so
        far is on screen or above it."""
        model = self._tree_model
        bottom = self.viewport().height()
        # the last row is at least this far down, rows no lower than a line of text and
        # children only adding to it: where it is far below, Qt is not asked (which lays out
        # every fetched row first, a call into Python for each: after each answer while a
        # folder loads, that layout is the next paint's, within its budget)
        lowest = model.rowCount() * self.fontMetrics().height() - self.verticalOffset()
        if model.more_rows() and lowest <= 2 * bottom:
            last = model.index(model.rowCount() - 1, 0)
            if not last.isValid() or self.visualRect(last).top() <= 2 * bottom:
                model.fetch_more_rows()
        for parent in model.with_more_children():
            if not self.isExpanded(parent):
                continue
            last = model.index(model.rowCount(parent) - 1, 0, parent)
            if self.visualRect(last).top() <= bottom:
                model.fetch_more_children(parent)

    def _span_rows(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            for row in range(first, last + 1):
                self.setFirstColumnSpanned(row, parent, True)

    def _lay_out_children(self, parent: QModelIndex, _first: int, _last: int) -> None:
        """A cable's children came in ("Loading…" goes): lay the rows out now. A layout left
        to the paint makes Qt ask for a second whole repaint in the same turn of the loop."""
        if parent.isValid():
            self.executeDelayedItemsLayout()

    def _span_children(self, parent: QModelIndex) -> None:
        self._span_rows(parent, 0, self.model().rowCount(parent) - 1)

    def select_only(self, index: QModelIndex) -> None:
        """Make ``index`` current and the only row selected, whatever keys are held: with
        extended selection, setCurrentIndex would extend under a held Shift or Ctrl."""
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)

    def citation_items(self) -> list[tuple[int, int | None]]:
        """(key, paragraph number or None) of every selected row, top to bottom: what Copy
        Citation cites. A header row cites its cable."""
        rows = {}
        for index in self.selectionModel().selectedRows(0):
            top, child = index, -1
            if index.parent().isValid():
                top, child = index.parent(), index.row()
                while top.parent().isValid():
                    top, child = top.parent(), top.row()
            number = (
                index.data(Role.PARAGRAPH) if index.data(Role.KIND) == NodeKind.PARAGRAPH else None
            )
            rows[(top.row(), child)] = (index.data(Role.KEY), number)
        items = [rows[k] for k in sorted(rows)]
        return list(dict.fromkeys(i for i in items if i[0] is not None))
