"""Small icons the style does not have, painted once: Copy Citation's quoted page."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

__all__ = ["citation_icon"]


@cache
def citation_icon() -> QIcon:
    """A page with a quotation mark on it, at 32 px."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#546e7a"), 2))
    painter.setBrush(QColor("#eceff1"))
    painter.drawRoundedRect(QRectF(5, 2, 22, 28), 3, 3)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(26)
    painter.setFont(font)
    painter.setPen(QColor("#1565c0"))
    painter.drawText(QRectF(5, 4, 22, 28), Qt.AlignmentFlag.AlignCenter, "\u201c")
    painter.end()
    return QIcon(pixmap)
