"""How a check's severity looks: a colour and a small painted icon (error, warning, info)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPixmap

from reader.review.checks import check_by_code

__all__ = ["SEVERITY_WORDS", "check_severity", "severity_colour", "severity_icon", "worst"]

_COLOURS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1e88e5"}
_ORDER = ("info", "warning", "error")
SEVERITY_WORDS = {"error": "error", "warning": "warning", "info": "note"}


def severity_colour(severity: str) -> QColor:
    return QColor(_COLOURS.get(severity, "#757575"))


def worst(severities: Iterable[str]) -> str | None:
    """The gravest of ``severities`` (error > warning > info), None for none."""
    ranked = [_ORDER.index(s) for s in severities if s in _ORDER]
    return _ORDER[max(ranked)] if ranked else None


def check_severity(code: str) -> str:
    """The severity of a registered check (info for a code the registry lacks)."""
    try:
        return check_by_code(code).severity
    except KeyError:
        return "info"


@cache
def severity_icon(severity: str) -> QIcon:
    """A red disc with ``!`` (error), an amber triangle with ``!`` (warning), a blue disc with
    ``i`` (info). Painted once, at 32 px: views scale it down crisply."""
    size = 32.0
    pixmap = QPixmap(int(size), int(size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(severity_colour(severity))
    if severity == "warning":
        path = QPainterPath(QPointF(size / 2, 2))
        path.lineTo(size - 1.5, size - 3)
        path.lineTo(1.5, size - 3)
        path.closeSubpath()
        painter.drawPath(path)
        glyph_box = QRectF(0, 8, size, size - 11)
    else:
        painter.drawEllipse(QRectF(2, 2, size - 4, size - 4))
        glyph_box = QRectF(0, 0, size, size)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(20 if severity != "warning" else 17)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(glyph_box, Qt.AlignmentFlag.AlignCenter, "i" if severity == "info" else "!")
    painter.end()
    return QIcon(pixmap)
