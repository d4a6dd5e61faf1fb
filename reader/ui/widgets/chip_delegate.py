"""Paints a classification or marking as a coloured chip before an item's text."""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.ui.levels import chip_label, level_colour
from reader.ui.models.cable_tree import NodeKind, Role

__all__ = ["ChipDelegate", "chip_font", "chip_text", "chip_width", "paint_chip",
           "paint_chip_item"]

Index = QModelIndex | QPersistentModelIndex
_PAD = 6


def _font(key: str) -> QFont:
    font = QFont()
    font.fromString(key)
    return font


@lru_cache(maxsize=16)
def _chip_font(key: str) -> QFont:
    font = _font(key)
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 0.86)
    return font


@lru_cache(maxsize=16)
def _metrics(key: str) -> QFontMetrics:
    return QFontMetrics(_font(key))


@lru_cache(maxsize=1024)
def _text_width(text: str, key: str) -> int:
    """The width ``text`` takes in the font, rounded up: QFontMetrics.horizontalAdvance
    rounds to the nearest pixel, and a chip made that wide elided its own text
    ("UNCLASSIFI…") in a column with room to spare."""
    return math.ceil(QFontMetricsF(_font(key)).horizontalAdvance(text))


def chip_font(base: QFont) -> QFont:
    """The chip's font: bold and a little smaller than ``base`` (made once per font)."""
    return QFont(_chip_font(base.toString()))


def chip_text(text: str, font_key: str, width: int) -> str:
    """What a chip ``width`` wide shows of ``text``: all of it when it fits, else elided."""
    room = width - 2 * _PAD
    if _text_width(text, font_key) <= room:
        return text
    return _metrics(font_key).elidedText(text, Qt.TextElideMode.ElideRight, room)


@lru_cache(maxsize=512)
def _chip_pixmap(text: str, rgba: int, font_key: str, width: int, height: int,
                 ratio: float) -> QPixmap:
    """A chip drawn once: a tree repaint draws dozens of the same few, and drawing each
    anew (rounded, antialiased, elided text) was half the time of a repaint."""
    font = _font(font_key)
    pixmap = QPixmap(math.ceil(width * ratio), math.ceil(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor.fromRgba(rgba))
    chip = QRectF(0, 0, width, height)
    painter.drawRoundedRect(chip, height / 2, height / 2)
    painter.setPen(QColor("white"))
    painter.setFont(font)
    label = chip_text(text, font_key, width)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    return pixmap


def chip_width(text: str, font: QFont) -> int:
    """How wide the chip of ``text`` is in ``font`` (the chip font, as chip_font gives)."""
    return _text_width(text, font.toString()) + 2 * _PAD


def paint_chip(painter: QPainter, rect: QRectF, text: str, level: str | None,
               font: QFont, colour: QColor | None = None) -> float:
    """Draw a rounded chip whose left edge is ``rect``'s; returns its width. ``font`` is
    the chip's own (chip_font of the item's); ``colour``, when given, rather than the
    level's (an analyst's label)."""
    key = font.toString()
    metrics = _metrics(key)
    width = min(_text_width(text, key) + 2 * _PAD, int(rect.width()))
    height = min(metrics.height() + 2, int(rect.height()) - 2)
    if width <= 0 or height <= 0:
        return float(max(width, 0))
    if colour is None:
        colour = level_colour(level) if level else QColor("#9e9e9e")
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    pixmap = _chip_pixmap(text, colour.rgba(), key, width, height, ratio)
    # half up, not to even: a chip sits at the same height in every row, wherever the row
    # is (a row painted once is reused at other places, see widgets.cable_rows)
    top = math.floor(rect.center().y() - height / 2 + 0.5)
    painter.drawPixmap(QPointF(rect.left(), top), pixmap)
    return float(width)


def paint_chip_item(style: QStyle, opt: QStyleOptionViewItem, painter: QPainter,
                    widget: QWidget | None, chip: str, level: str | None,
                    text: str | None) -> None:
    """An item's panel, a chip in ``level``'s colour, then ``text`` after it (None: the chip
    is the item's text, as in the classification column). Changes ``opt``."""
    opt.text = ""
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
    rect = QRectF(style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget))
    rect.adjust(2, 0, -2, 0)
    font = chip_font(opt.font)
    if chip_width(chip, font) > rect.width():
        chip = chip_label(chip)  # SECRET//NOFORN -> S//NF when the column is narrow
    width = paint_chip(painter, rect, chip, level, font)
    if text is None:
        return
    rect.setLeft(rect.left() + width + 8)
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    painter.save()
    painter.setPen(opt.palette.color(role))
    painter.setFont(opt.font)
    metrics = QFontMetrics(opt.font)
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                     elided)
    painter.restore()


class ChipDelegate(QStyledItemDelegate):
    """Rows with ``Role.CHIP`` get a chip in their level's colour, then their text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        chip = index.data(Role.CHIP)
        widget = option.widget
        style = widget.style() if widget else None
        if not chip or style is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = None if index.data(Role.KIND) == NodeKind.CABLE else opt.text
        paint_chip_item(style, opt, painter, widget, chip, index.data(Role.LEVEL), text)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width() + 60, max(size.height(), QFontMetrics(option.font).height() + 8))
