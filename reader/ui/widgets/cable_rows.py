"""Paints a row of the cable tree in one Python call, as ``QTreeView::drawRow`` and the
tree's delegates would, from the row's cells (``CableTreeModel.painted_row``).

Qt's own row painting asks the model eight roles of every cell, and its index, parent and
flags: some 60 calls into Python a row, each of which must take the interpreter's lock.
While a folder loads, other threads want that lock too, and a repaint of the tree was most
of every stall of the window. Painting the row here asks nothing of the model.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QStyle,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QTreeView,
)

from reader.ui.models.cable_tree import Cell
from reader.ui.widgets.chip_delegate import chip_font, paint_chip, paint_chip_item

__all__ = ["STAR", "STAR_COLOUR", "RowFrame", "RowPixmaps", "paint_row"]

#: What a starred cable's row shows before its ID, in this colour.
STAR = "★"
STAR_COLOUR = QColor("#e6a700")

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
    if cell.bold:  # an unread cable, as a mail client shows an unread message
        font = QFont(item.font)
        font.setBold(True)
        item.font = font
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
    if cell.star or cell.labels:
        _paint_marked(style, item, painter, view, cell)
        return
    style.drawControl(_ITEM, item, painter, view)


def _paint_marked(style: QStyle, item: QStyleOptionViewItem, painter: QPainter,
                  view: QTreeView, cell: Cell) -> None:
    """The item without its text, then the star and the label chips, then the text."""
    text = item.text
    item.text = ""
    style.drawControl(_ITEM, item, painter, view)
    item.text = text
    rect = QRectF(style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, view))
    rect.adjust(2, 0, -2, 0)
    metrics = QFontMetrics(item.font)
    painter.save()
    painter.setFont(item.font)
    align = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
    if cell.star:
        painter.setPen(STAR_COLOUR)
        painter.drawText(rect, align, STAR)
        rect.setLeft(rect.left() + metrics.horizontalAdvance(STAR + " "))
    if cell.labels:
        font = chip_font(item.font)
        for name, colour in cell.labels:
            if rect.width() <= 8:
                break
            rect.setLeft(rect.left() + paint_chip(painter, rect, name, None, font,
                                                  QColor(colour)) + 4)
        rect.setLeft(rect.left() + 2)
    selected = bool(item.state & _SELECTED)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    painter.setPen(item.palette.color(role))
    if rect.width() > 0:
        painter.drawText(rect, align, metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                         int(rect.width())))
    painter.restore()


class _Look(NamedTuple):
    """What a cable row's picture depends on besides the row: the tree's columns, style,
    palette, font, background and pixel ratio, and how the painter was set up."""

    columns: tuple[tuple[int, int, int], ...]  # (column, x from the row's start, width)
    width: int
    style: int
    palette: int
    font: str
    decoration_selected: bool
    background: int  # rgba
    ratio: float
    painter_font: str
    painter_pen: int
    hints: int


class RowFrame:
    """What every row of one paint of the tree shares, asked of Qt once per paint rather
    than once per row: each call into Qt may hand the interpreter to another thread, and
    wait for it to come back, while a folder loads. ``pixmaps``: the view's cache of painted
    cable rows (see :func:`paint_row`), or None to paint every row anew."""

    __slots__ = ("style", "columns", "places", "positions", "widths", "span_x", "span_width",
                 "tree_column", "alternating", "offset", "indentation", "decorated",
                 "current", "focus", "palettes", "decoration_selected", "pixmaps", "row_end",
                 "_look", "viewport", "deadline", "drawn", "deferred", "_states",
                 "_selected_top", "_selection")

    def __init__(self, view: QTreeView, pixmaps: RowPixmaps | None = None,
                 deadline: float | None = None) -> None:
        #: past this perf_counter() time, a row not in ``pixmaps`` is left for a later paint
        #: (its background only, its rectangle in ``deferred``); at least one row is drawn
        self.deadline = deadline
        self.drawn = 0  # rows drawn anew in this paint
        self.deferred: list[QRect] = []
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
        self.row_end = max((self.positions[c] + self.widths[c] for c in self.columns),
                           default=0)
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
        self.pixmaps = pixmaps
        self.viewport = view.viewport()
        self._look: _Look | None = None
        self._states: dict[tuple[QStyle.StateFlag, bool, bool, int], tuple] = {}
        #: the ranges selected among the top rows, (top, bottom, left, right), asked of
        #: the selection model once per paint rather than once per row (each asks the
        #: model every selected range's parent, a call into Python); None: not asked yet
        self._selected_top: list[tuple[int, int, int, int]] | None = None
        self._selection = view.selectionModel()

    def selected(self, view: QTreeView, index: QModelIndex, depth: int) -> bool:
        """Whether the row of ``index`` (in the first column) is selected, as the selection
        model says; a top row's (``depth`` 0) from the ranges asked once per paint."""
        if depth:
            return self._selection.isSelected(index)
        ranges = self._selected_top
        if ranges is None:
            ranges = self._selected_top = [
                (r.top(), r.bottom(), r.left(), r.right())
                for r in iter(self._selection.selection())  # type: ignore[call-overload]
                if not r.parent().isValid()
            ]
        row, column = index.row(), index.column()
        return any(top <= row <= bottom and left <= column <= right
                   for top, bottom, left, right in ranges)

    def states(self, option: QStyleOptionViewItem, selected: bool, odd: bool) -> tuple:
        """(the row's state, it unselected, whether active, its option's features with the
        alternate colour or not), worked out once per paint for each set of them: each
        operation on Qt's flags is a few calls in Python."""
        state = option.state
        features = option.features
        key = (state, selected, odd, features.value)
        found = self._states.get(key)
        if found is None:
            if selected:
                state |= _SELECTED
            features = features | _Feature.Alternate if odd else \
                features & ~_Feature.Alternate
            found = self._states[key] = (state, state & ~_SELECTED,
                                         bool(state & _ACTIVE_STATE), features)
        return found

    def palette(self, base: QPalette, active: bool) -> QPalette:
        palette = self.palettes.get(active)
        if palette is None:
            palette = self.palettes[active] = QPalette(base)
            palette.setCurrentColorGroup(_ACTIVE if active else _INACTIVE)
        return palette

    def look(self, option: QStyleOptionViewItem, painter: QPainter, x0: int) -> _Look:
        """All that a painted row's pixels depend on besides the row itself (asked with
        the first row of the paint), with the columns' places from ``x0``."""
        if self._look is None:
            device = painter.device()
            viewport = self.viewport
            self._look = _Look(
                tuple((c, self.positions[c] - x0, self.widths[c]) for c in self.columns),
                self.row_end - x0, id(self.style), option.palette.cacheKey(),
                option.font.toString(), bool(self.decoration_selected),
                viewport.palette().brush(viewport.backgroundRole()).color().rgba(),
                device.devicePixelRatioF() if device is not None else 1.0,
                painter.font().toString(), painter.pen().color().rgba(),
                int(painter.renderHints().value),
            )
        return self._look


class RowPixmaps:
    """Cable rows as painted last, by what they show, their state and the tree's look
    (least recently used first out).

    Repainting the tree while a folder loads (each answer moves the rows, or makes them
    anew) draws the same rows again and again: a row drawn from here is one call into Qt,
    not some fifteen, so the UI thread waits far less for the interpreter's lock that the
    loading threads hold. Rows are known by their cells, not by the model's row ids, which
    a new answer gives to other cables.
    """

    def __init__(self, size: int = 160) -> None:
        self.size = size
        self._rows: OrderedDict[tuple, QPixmap] = OrderedDict()

    def get(self, key: tuple) -> QPixmap | None:
        pixmap = self._rows.get(key)
        if pixmap is not None:
            self._rows.move_to_end(key)
        return pixmap

    def put(self, key: tuple, pixmap: QPixmap) -> None:
        self._rows[key] = pixmap
        self._rows.move_to_end(key)
        while len(self._rows) > self.size:
            self._rows.popitem(last=False)

    def clear(self) -> None:
        self._rows.clear()

    def __len__(self) -> int:
        return len(self._rows)


def paint_row(view: QTreeView, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex, cells: Sequence[Cell], depth: int,
              frame: RowFrame) -> None:
    """Paint the row ``index`` of ``view`` (left to right, rows selected whole, focus shown
    across the row, every row as high as the others) as ``QTreeView::drawRow`` would: a
    cable row's ``cells`` one per column, a child row's one cell (``depth`` > 0) across the
    row, as a spanned row. ``frame``: what the rows of this paint share. With the frame's
    ``pixmaps``, a cable row right of its branches is drawn once per content, state and look
    and reused; the branches are always drawn."""
    style = frame.style
    rect = option.rect
    y, height = rect.y(), rect.height()
    odd = False
    if frame.alternating:
        # the row's place among the rows shown (all equally high): Qt's d->current
        odd = bool(((y + frame.offset) // max(height, 1)) & 1)
    state, unselected, active, features = frame.states(
        option, frame.selected(view, index, depth), odd)
    opt = QStyleOptionViewItem(option)
    opt.showDecorationSelected = True  # rows are selected whole
    opt.palette = frame.palette(opt.palette, active)
    opt.features = features
    tree_column = frame.tree_column
    indent = frame.indentation * (depth + (1 if frame.decorated else 0))
    spanned = depth > 0
    if spanned:
        columns: Sequence[int] = _SPANNED_COLUMNS
        places: Sequence[_Position] = _SPANNED_PLACES
    else:
        columns, places = frame.columns, frame.places
    if frame.decoration_selected is None:
        opt.state = state
        frame.decoration_selected = bool(style.styleHint(
            QStyle.StyleHint.SH_ItemView_ShowDecorationSelected, opt, view))
    # a cable row whose tree column comes first: from the cache, its branches too (what
    # QTreeView.drawBranches draws depends on the row's state, which Qt gives it as
    # State_Open, State_Children and State_Sibling, and on the view's focus)
    key: tuple | None = None  # type: ignore[type-arg]
    x0 = 0
    pixmap: QPixmap | None = None
    target: QPainter | None = painter
    if frame.pixmaps is not None and not spanned and columns and columns[0] == tree_column \
            and len(cells) > max(columns) and indent <= frame.widths[tree_column] \
            and frame.positions[tree_column] + indent < frame.row_end:
        x0 = frame.positions[tree_column]
        key = (tuple(cells), state, odd, height, indent, frame.focus,
               frame.look(option, painter, x0))
        pixmap = frame.pixmaps.get(key)
        if pixmap is None:
            if frame.deadline is not None and frame.drawn \
                    and time.perf_counter() > frame.deadline:
                _defer(view, style, painter, opt, state, frame, index, option, indent)
                return
            frame.drawn += 1
            pixmap, target = _row_pixmap(painter, key, x0, y, height)
        else:
            target = None
    for column, place in zip(columns, places, strict=True):
        if target is None:
            break  # the row comes from the cache
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
            clip = indent > width  # (never on a row drawn for the cache)
            if clip:
                target.save()
                target.setClipRect(QRect(position, y, width, height))
            opt.rect = branches
            opt.showDecorationSelected = frame.decoration_selected
            style.drawPrimitive(_PANEL_ROW, opt, target, view)
            opt.showDecorationSelected = True
            if frame.indentation:
                view.drawBranches(target, branches, index)
            if clip:
                target.restore()
            opt.state = unselected
            opt.rect = QRect(position + indent, y, width - indent, height)
            opt.showDecorationSelected = frame.decoration_selected
            style.drawPrimitive(_PANEL_ROW, opt, target, view)
            opt.showDecorationSelected = True
            opt.state = state
        else:
            opt.state = unselected
            opt.rect = QRect(position, y, width, height)
            style.drawPrimitive(_PANEL_ROW, opt, target, view)
            opt.state = state
        _paint_cell(style, opt, target, view, cells[0 if spanned else column], not spanned)
    if key is not None:
        assert pixmap is not None and frame.pixmaps is not None
        if target is not None:  # drawn just now, on the pixmap
            target.end()
            frame.pixmaps.put(key, pixmap)
        painter.drawPixmap(x0, y, pixmap)
    if frame.focus and frame.current == index.internalId():
        _paint_focus(view, style, painter, option, state, indent)


def _defer(view: QTreeView, style: QStyle, painter: QPainter, opt: QStyleOptionViewItem,
           state: QStyle.StateFlag, frame: RowFrame, index: QModelIndex,
           option: QStyleOptionViewItem, indent: int) -> None:
    """A row left for a later paint: its background across the row (selection and
    alternate colour as it will have them) and its focus frame, nothing of its cells."""
    rect = QRect(frame.span_x, option.rect.y(), frame.span_width, option.rect.height())
    opt.rect = rect
    opt.state = state
    opt.viewItemPosition = _Position.OnlyOne
    style.drawPrimitive(_PANEL_ROW, opt, painter, view)
    frame.deferred.append(rect)
    if frame.focus and frame.current == index.internalId():
        _paint_focus(view, style, painter, option, state, indent)


def _row_pixmap(painter: QPainter, key: tuple, x0: int, y: int,
                height: int) -> tuple[QPixmap, QPainter]:
    """A pixmap for the row right of ``x0``, on the view's background, and a painter on it
    set up as ``painter`` is, with the view's coordinates."""
    look: _Look = key[-1]
    pixmap = QPixmap(math.ceil(look.width * look.ratio), math.ceil(height * look.ratio))
    pixmap.setDevicePixelRatio(look.ratio)
    pixmap.fill(QColor.fromRgba(look.background))
    target = QPainter(pixmap)
    target.setFont(painter.font())
    target.setPen(painter.pen())
    target.setBrush(painter.brush())
    target.setRenderHints(painter.renderHints())
    target.translate(-x0, -y)
    return pixmap, target


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
