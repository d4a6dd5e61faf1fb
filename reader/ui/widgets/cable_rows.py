"""Paints a row of the cable tree in one Python call, as ``QTreeView::drawRow`` and the
tree's delegates would, from the row's cells (``CableTreeModel.painted_row``).

Qt's own row painting asks the model eight roles of every cell, and its index, parent and
flags: some 60 calls into Python a row, each of which must take the interpreter's lock.
While a folder loads, other threads want that lock too, and a repaint of the tree was most
of every stall of the window. Painting the row here asks nothing of the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QRect
from PySide6.QtGui import QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QTreeView,
)

from reader.ui.models.cable_tree import Cell
from reader.ui.widgets.chip_delegate import paint_chip_item

__all__ = ["RowFrame", "paint_row"]

_SELECTED = QStyle.StateFlag.State_Selected
_ACTIVE_STATE = QStyle.StateFlag.State_Active
_ACTIVE = QPalette.ColorGroup.Active
_INACTIVE = QPalette.ColorGroup.Inactive
_PANEL_ROW = QStyle.PrimitiveElement.PE_PanelItemViewRow
_ITEM = QStyle.ControlElement.CE_ItemViewItem
_Position = QStyleOptionViewItem.ViewItemPosition
_Feature = QStyleOptionViewItem.ViewItemFeature
_SPANNED_COLUMNS = (0,)
_SPANNED_PLACES = (_Position.OnlyOne,)


def _positions(columns: Sequence[int], tree_column: int, count: int) -> list[_Position]:
    """Each visible column's place in the row, as QTreeViewPrivate::calcLogicalIndices."""
    positions = []
    for n, column in enumerate(columns):
        before = columns[n - 1] if n > 0 else -1
        after = columns[n + 1] if n + 1 < len(columns) else -1
        if count == 1 or (after == 0 and before == -1) or (column == 0 and after == -1):
            positions.append(_Position.OnlyOne)
        elif column == tree_column or (after != 0 and before == -1):
            positions.append(_Position.Beginning)
        elif after in (0, -1):
            positions.append(_Position.End)
        else:
            positions.append(_Position.Middle)
    return positions


def _paint_cell(style: QStyle, opt: QStyleOptionViewItem, painter: QPainter, view: QTreeView,
                cell: Cell, chip_is_text: bool) -> None:
    """What the tree's delegates paint for this cell with the roles the model answers."""
    item = QStyleOptionViewItem(opt)
    text = cell.text.replace("\n", "\u2028")  # as QStyledItemDelegate.displayText
    if cell.chip:
        paint_chip_item(style, item, painter, view, cell.chip, cell.level,
                        None if chip_is_text else text)
        return
    item.text = text
    item.features |= _Feature.HasDisplay
    if cell.icon is not None:
        item.features |= _Feature.HasDecoration
        item.icon = cell.icon
        if not item.state & QStyle.StateFlag.State_Enabled:
            mode = QIcon.Mode.Disabled
        elif item.state & _SELECTED:
            mode = QIcon.Mode.Selected
        else:
            mode = QIcon.Mode.Normal
        on = QIcon.State.On if item.state & QStyle.StateFlag.State_Open else QIcon.State.Off
        actual = cell.icon.actualSize(item.decorationSize, mode, on)
        item.decorationSize = item.decorationSize.boundedTo(actual)
    style.drawControl(_ITEM, item, painter, view)


class RowFrame:
    """What every row of one paint of the tree shares, asked of Qt once per paint rather
    than once per row: each call into Qt may hand the interpreter to another thread, and
    wait for it to come back, while a folder loads."""

    __slots__ = ("style", "columns", "places", "positions", "widths", "span_x", "span_width",
                 "tree_column", "alternating", "offset", "indentation", "decorated",
                 "current", "focus", "palettes", "decoration_selected")

    def __init__(self, view: QTreeView) -> None:
        self.style = view.style()
        header = view.header()
        count = header.count()
        self.tree_column = (view.treePosition() if view.treePosition() >= 0
                            else header.logicalIndex(0))
        self.columns = [c for c in map(header.logicalIndex, range(count))
                        if not header.isSectionHidden(c)]
        self.places = _positions(self.columns, self.tree_column, count)
        self.positions = {c: view.columnViewportPosition(c) for c in self.columns}
        self.widths = {c: header.sectionSize(c) for c in self.columns}
        last = header.logicalIndex(count - 1)
        self.span_x = view.columnViewportPosition(0)
        self.span_width = view.columnViewportPosition(last) + header.sectionSize(last) \
            - self.span_x
        self.alternating = view.alternatingRowColors()
        self.offset = view.verticalOffset()
        self.indentation = view.indentation()
        self.decorated = view.rootIsDecorated()
        current = view.currentIndex()
        self.current = current.internalId() if current.isValid() else None
        self.focus = view.hasFocus()
        self.palettes: dict[bool, QPalette] = {}  # by State_Active
        self.decoration_selected: bool | None = None  # the style's, asked with the first row

    def palette(self, base: QPalette, active: bool) -> QPalette:
        palette = self.palettes.get(active)
        if palette is None:
            palette = self.palettes[active] = QPalette(base)
            palette.setCurrentColorGroup(_ACTIVE if active else _INACTIVE)
        return palette


def paint_row(view: QTreeView, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex, cells: Sequence[Cell], depth: int,
              frame: RowFrame | None = None) -> None:
    """Paint the row ``index`` of ``view`` (left to right, rows selected whole, focus shown
    across the row, every row as high as the others) as ``QTreeView::drawRow`` would: a
    cable row's ``cells`` one per column, a child row's one cell (``depth`` > 0) across the
    row, as a spanned row. ``frame``: what the rows of this paint share (made here if
    None)."""
    if frame is None:
        frame = RowFrame(view)
    style = frame.style
    rect = option.rect
    y, height = rect.y(), rect.height()
    state = option.state
    if view.selectionModel().isSelected(index):
        state |= _SELECTED
    unselected = state & ~_SELECTED
    opt = QStyleOptionViewItem(option)
    opt.showDecorationSelected = True  # rows are selected whole
    opt.palette = frame.palette(opt.palette, bool(state & _ACTIVE_STATE))
    if frame.alternating:
        # the row's place among the rows shown (all equally high): Qt's d->current
        odd = bool(((y + frame.offset) // max(height, 1)) & 1)
        if odd:
            opt.features |= _Feature.Alternate
        else:
            opt.features &= ~_Feature.Alternate
    tree_column = frame.tree_column
    indent = frame.indentation * (depth + (1 if frame.decorated else 0))
    spanned = depth > 0
    if spanned:
        columns: Sequence[int] = _SPANNED_COLUMNS
        places: Sequence[_Position] = _SPANNED_PLACES
    else:
        columns, places = frame.columns, frame.places
    for column, place in zip(columns, places, strict=True):
        if column >= len(cells) and not spanned:
            continue
        if spanned:
            position, width = frame.span_x, frame.span_width
        else:
            position, width = frame.positions[column], frame.widths[column]
        opt.viewItemPosition = place
        opt.state = state
        if column == tree_column:
            branches = QRect(position, y, indent, height)
            clip = indent > width
            if clip:
                painter.save()
                painter.setClipRect(QRect(position, y, width, height))
            opt.rect = branches
            if frame.decoration_selected is None:
                frame.decoration_selected = bool(style.styleHint(
                    QStyle.StyleHint.SH_ItemView_ShowDecorationSelected, opt, view))
            opt.showDecorationSelected = frame.decoration_selected
            style.drawPrimitive(_PANEL_ROW, opt, painter, view)
            opt.state = unselected
            opt.rect = QRect(position + indent, y, width - indent, height)
            style.drawPrimitive(_PANEL_ROW, opt, painter, view)
            opt.state = state
            opt.showDecorationSelected = True
            if frame.indentation:
                view.drawBranches(painter, branches, index)
            if clip:
                painter.restore()
        else:
            opt.state = unselected
            opt.rect = QRect(position, y, width, height)
            style.drawPrimitive(_PANEL_ROW, opt, painter, view)
            opt.state = state
        _paint_cell(style, opt, painter, view, cells[0 if spanned else column], not spanned)
    if frame.focus and frame.current == index.internalId():
        _paint_focus(view, style, painter, option, state, indent)


def _paint_focus(view: QTreeView, style: QStyle, painter: QPainter,
                 option: QStyleOptionViewItem, state: QStyle.StateFlag, indent: int) -> None:
    """The focus frame across the current row (the tree shows focus on all columns)."""
    header = view.header()
    y, height = option.rect.y(), option.rect.height()
    focus = QStyleOptionFocusRect()
    focus.rect, focus.palette = option.rect, option.palette
    focus.direction, focus.fontMetrics = option.direction, option.fontMetrics
    focus.state = option.state | QStyle.StateFlag.State_KeyboardFocusChange
    group = (QPalette.ColorGroup.Normal if option.state & QStyle.StateFlag.State_Enabled
             else QPalette.ColorGroup.Disabled)
    role = QPalette.ColorRole.Highlight if state & _SELECTED else QPalette.ColorRole.Window
    focus.backgroundColor = option.palette.color(group, role)
    x = 0 if option.showDecorationSelected else header.sectionPosition(0) + indent
    rect = QRect(x - header.offset(), y, header.length() - x, height)
    focus.rect = style.visualRect(view.layoutDirection(), view.viewport().rect(), rect)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter)
