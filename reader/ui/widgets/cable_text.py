"""The cable's text pane with a margin on its left that marks the lines the checks flagged
and the paragraphs the analyst wrote a note on.

A marker (the severity's icon) stands beside the first line of each flagged span; its
tooltip gives the findings' messages, a click selects the span. A note's marker stands in
a column of its own (there only while the cable has notes), beside the first line of its
paragraph: its tooltip is the note, a click asks to edit it. As in Qt's code editor
example, the margin is a child widget in the text edit's viewport margin, repainted as the
text scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from reader.ui.severity import severity_icon, worst

__all__ = ["NOTE", "CableText", "FindingMargin", "MarginMark"]

#: The ``severity`` of a mark that is the analyst's note on a paragraph, not a finding.
NOTE = "note"
_NOTE_PAPER = QColor("#ffd54f")
_NOTE_INK = QColor("#6d4c00")


@dataclass(frozen=True, slots=True)
class MarginMark:
    """One finding, or a note on a paragraph (``severity`` NOTE, with the paragraph's
    ``number``), in document positions (``start``/``end`` as QTextDocument counts)."""

    start: int
    end: int
    severity: str
    message: str
    paragraph: int | None = None


class FindingMargin(QWidget):
    """Paints the markers; asks its CableText what stands where."""

    def __init__(self, text: CableText) -> None:
        super().__init__(text)
        self._text = text
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._text.margin_width, 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self._text.paint_margin(self, event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            marks = self._text.marks_at(event.pos())
            if marks:
                QToolTip.showText(event.globalPos(), "\n".join(m.message for m in marks), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = bool(self._text.marks_at(event.position().toPoint()))
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        marks = self._text.marks_at(event.position().toPoint())
        if not marks or event.button() != Qt.MouseButton.LeftButton:
            return
        if marks[0].severity == NOTE and marks[0].paragraph is not None:
            self._text.noteClicked.emit(marks[0].paragraph)
        else:
            self._text.markClicked.emit(marks[0].start, marks[0].end)


class CableText(QPlainTextEdit):
    """Read-only plain text (never HTML) with the findings margin."""

    #: Width of the margin in pixels (the findings' column).
    MARGIN = 22
    #: Width of the notes' column, at the margin's right, while the cable has notes.
    NOTE_COLUMN = 18
    #: A marker was clicked: its span (document positions).
    markClicked = Signal(int, int)
    #: A note's marker was clicked: its paragraph's number.
    noteClicked = Signal(int)

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
        width = self.MARGIN + (self.NOTE_COLUMN if self.has_notes else 0)
        if width != self.margin_width:
            self.setViewportMargins(width, 0, 0, 0)
            self._place_margin()
        self.margin.update()

    @property
    def has_notes(self) -> bool:
        return any(m.severity == NOTE for m in self._marks)

    @property
    def margin_width(self) -> int:
        return self.viewportMargins().left()

    def note_rect(self, paragraph: int) -> QRect | None:
        """Where the marker of the note on ``paragraph`` is drawn, in margin coordinates."""
        for number, marks in self._by_block.items():
            if any(m.severity == NOTE and m.paragraph == paragraph for m in marks):
                line = self.block_rect(number)
                return QRect(self.MARGIN, line.top(), self.NOTE_COLUMN, self.fontMetrics().height())
        return None

    def marks_at(self, point: QPoint) -> list[MarginMark]:
        """The marks whose marker is at ``point`` (margin coordinates): the note in the notes'
        column, the findings in theirs."""
        marks = self.marks_at_y(point.y())
        note = point.x() >= self.MARGIN
        return [m for m in marks if (m.severity == NOTE) == note]

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
        self._place_margin()

    def _place_margin(self) -> None:
        rect = self.contentsRect()
        self.margin.setGeometry(QRect(rect.left(), rect.top(), self.margin_width, rect.height()))

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
                top = geometry.top() + (line - size) / 2
                findings = [m.severity for m in marks if m.severity != NOTE]
                if findings:
                    box = QRectF((self.MARGIN - 1 - size) / 2, top, size, size)
                    severity_icon(worst(findings) or "info").paint(painter, box.toRect())
                if len(findings) < len(marks):
                    note = min(size, self.NOTE_COLUMN - 4)
                    _paint_note(painter, QRectF(self.MARGIN + (self.NOTE_COLUMN - 1 - note) / 2,
                                                geometry.top() + (line - note) / 2, note, note))
            block = block.next()


def _paint_note(painter: QPainter, box: QRectF) -> None:
    """A note's marker: a small yellow slip with a folded corner and lines of writing."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fold = box.width() * 0.3
    outline = QPolygonF([box.topLeft(), QPointF(box.right() - fold, box.top()),
                         QPointF(box.right(), box.top() + fold), box.bottomRight(),
                         box.bottomLeft()])
    painter.setPen(QPen(_NOTE_INK, 1))
    painter.setBrush(_NOTE_PAPER)
    painter.drawPolygon(outline)
    inset = box.width() * 0.22
    for i in (1, 2, 3):
        y = box.top() + box.height() * (0.1 + 0.22 * i)
        painter.drawLine(QPointF(box.left() + inset, y), QPointF(box.right() - inset, y))
    painter.restore()
