"""A view's placeholder: what an item view says in its empty viewport while it has no row,
where a blank pane would leave the analyst wondering whether anything is still to come."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

__all__ = ["Placeholder"]

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractItemView

    _View = QAbstractItemView
else:
    _View = object


class Placeholder(_View):
    """Mixed into an item view (before its Qt class): ``set_empty_text`` and the paint of the
    text, in the placeholder colour, inset by PLACEHOLDER_MARGINS (left/right, top/bottom) and
    aligned by PLACEHOLDER_ALIGNMENT, while the view's model has no row."""

    PLACEHOLDER_MARGINS = (24, 24)
    PLACEHOLDER_ALIGNMENT = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    _empty_text = ""

    def set_empty_text(self, text: str) -> None:
        if text != self._empty_text:
            self._empty_text = text
            self.viewport().update()

    @property
    def empty_text(self) -> str:
        return self._empty_text

    def paint_placeholder(self) -> None:
        """Draw the text over the viewport when it has some and the model has no row (call
        after the view's own paint)."""
        if not self._empty_text or self.model().rowCount() != 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        dx, dy = self.PLACEHOLDER_MARGINS
        area = self.viewport().rect().adjusted(dx, dy, -dx, -dy)
        flags = int(self.PLACEHOLDER_ALIGNMENT) | int(Qt.TextFlag.TextWordWrap)
        painter.drawText(area, flags, self._empty_text)
        painter.end()
