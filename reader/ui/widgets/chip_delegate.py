"""Paints a classification or marking as a coloured chip before an item's text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.levels import chip_label, level_colour
from reader.ui.models.cable_tree import NodeKind, Role

__all__ = ["ChipDelegate", "paint_chip"]

Index = QModelIndex | QPersistentModelIndex
_PAD = 6


def chip_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(base.pointSizeF() * 0.86)
    return font


def paint_chip(painter: QPainter, rect: QRectF, text: str, level: str | None,
               font: QFont) -> float:
    """Draw a rounded chip whose left edge is ``rect``'s; returns its width."""
    metrics = QFontMetrics(font)
    width = min(metrics.horizontalAdvance(text) + 2 * _PAD, rect.width())
    height = min(metrics.height() + 2, rect.height() - 2)
    chip = QRectF(rect.left(), rect.center().y() - height / 2, width, height)
    colour = level_colour(level) if level else QColor("#9e9e9e")
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(chip, height / 2, height / 2)
    painter.setPen(QColor("white"))
    painter.setFont(font)
    label = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 2 * _PAD))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()
    return width


class ChipDelegate(QStyledItemDelegate):
    """Rows with ``Role.CHIP`` get a chip in their level's colour, then their text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        chip = index.data(Role.CHIP)
        if not chip:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = QRectF(style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget))
        rect.adjust(2, 0, -2, 0)
        font = chip_font(opt.font)
        if QFontMetrics(font).horizontalAdvance(chip) + 2 * _PAD > rect.width():
            chip = chip_label(chip)  # SECRET//NOFORN -> S//NF when the column is narrow
        width = paint_chip(painter, rect, chip, index.data(Role.LEVEL), font)
        if index.data(Role.KIND) == NodeKind.CABLE:
            return  # the classification column: the chip is the text
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

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width() + 60, max(size.height(), QFontMetrics(option.font).height() + 8))
