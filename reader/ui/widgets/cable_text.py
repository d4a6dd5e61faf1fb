"""The cable's text pane with a margin on its left that marks the lines the checks flagged.

A marker (the severity's icon) stands beside the first line of each flagged span; its
tooltip gives the findings' messages, a click selects the span. As in Qt's code editor
example, the margin is a child widget in the text edit's viewport margin, repainted as the
text scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from reader.ui.severity import severity_icon, worst

__all__ = ["CableText", "FindingMargin", "MarginMark"]


@dataclass(frozen=True, slots=True)
class MarginMark:
    """One finding in document positions (``start``/``end`` as QTextDocument counts)."""

    start: int
    end: int
    severity: str
    message: str


class FindingMargin(QWidget):
    """Paints the markers; asks its CableText what stands where."""

    def __init__(self, text: CableText) -> None:
        super().__init__(text)
        self._text = text
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._text.MARGIN, 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self._text.paint_margin(self, event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            marks = self._text.marks_at_y(event.pos().y())
            if marks:
                QToolTip.showText(event.globalPos(), "\n".join(m.message for m in marks), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = bool(self._text.marks_at_y(int(event.position().y())))
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        marks = self._text.marks_at_y(int(event.position().y()))
        if marks and event.button() == Qt.MouseButton.LeftButton:
            self._text.markClicked.emit(marks[0].start, marks[0].end)


class CableText(QPlainTextEdit):
    """Read-only plain text (never HTML) with the findings margin."""

    #: Width of the margin in pixels.
    MARGIN = 22
    #: A marker was clicked: its span (document positions).
    markClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.margin = FindingMargin(self)
        self._marks: list[MarginMark] = []
        self._by_block: dict[int, list[MarginMark]] = {}
        self.setViewportMargins(self.MARGIN, 0, 0, 0)
        self.updateRequest.connect(self._scrolled)

    # -- the marks ---------------------------------------------------------------------------
    def set_marks(self, marks: list[MarginMark]) -> None:
        """Mark these findings (positions in the current document); [] clears."""
        self._marks = list(marks)
        doc = self.document()
        self._by_block = {}
        for mark in self._marks:
            block = doc.findBlock(max(0, min(mark.start, doc.characterCount() - 1)))
            self._by_block.setdefault(block.blockNumber(), []).append(mark)
        self.margin.update()

    @property
    def marks(self) -> list[MarginMark]:
        return list(self._marks)

    def marked_blocks(self) -> dict[int, list[MarginMark]]:
        """Block (line) number -> the marks shown beside it."""
        return {n: list(m) for n, m in self._by_block.items()}

    def block_rect(self, number: int) -> QRect:
        """Where block ``number`` is drawn, in margin (and viewport) coordinates."""
        block = self.document().findBlockByNumber(number)
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return geometry.toRect()

    def marks_at_y(self, y: int) -> list[MarginMark]:
        block = self.cursorForPosition(QPoint(4, y)).block()
        if not block.isValid():
            return []
        top = self.blockBoundingGeometry(block).translated(self.contentOffset())
        if not top.top() <= y < top.bottom():
            return []
        return list(self._by_block.get(block.blockNumber(), []))

    # -- painting ----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.margin.setGeometry(QRect(rect.left(), rect.top(), self.MARGIN, rect.height()))

    def _scrolled(self, rect: QRect, dy: int) -> None:
        if dy:
            self.margin.scroll(0, dy)
        else:
            self.margin.update(0, rect.y(), self.margin.width(), rect.height())

    def paint_margin(self, margin: QWidget, event: QPaintEvent) -> None:
        painter = QPainter(margin)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        strip = QColor(palette.color(QPalette.ColorRole.AlternateBase))
        if strip == base:
            strip = base.darker(104)
        painter.fillRect(event.rect(), strip)
        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(margin.width() - 1, event.rect().top(), margin.width() - 1,
                         event.rect().bottom())
        if not self._by_block:
            return
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        size = min(16, self.fontMetrics().height())
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > event.rect().bottom():
                break
            marks = self._by_block.get(block.blockNumber())
            if marks and geometry.bottom() >= event.rect().top():
                line = self.fontMetrics().height()
                box = QRectF((margin.width() - 1 - size) / 2, geometry.top() + (line - size) / 2,
                             size, size)
                icon = severity_icon(worst(m.severity for m in marks) or "info")
                icon.paint(painter, box.toRect())
            block = block.next()
