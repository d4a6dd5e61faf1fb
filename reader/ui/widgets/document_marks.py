"""What the document view paints over the text: the markings, REF links and subject mark (by
the highlighter), paragraphs dimmed below a level, the part the tree points at, the findings'
underlines and the find hits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QComboBox, QPushButton, QTextEdit, QWidget

from reader.model.records import Cable, Marking
from reader.ui.severity import severity_colour
from reader.ui.widgets.document_text import APPENDED_SEPARATOR, Offsets
from reader.ui.widgets.marking_highlighter import (
    KIND_PROPERTY,
    LEVEL_PROPERTY,
    MarkingHighlighter,
    Span,
    SpanKind,
)

if TYPE_CHECKING:
    from reader.review.checks import Finding
    from reader.ui.widgets.cable_text import CableText

    _View = QWidget
else:
    _View = object

__all__ = ["LEVEL_FILTERS", "DocumentMarks"]

#: Paragraph level filter: (label, lowest rank shown at full strength).
LEVEL_FILTERS = (
    ("All paragraphs", 0),
    ("Dim below CONFIDENTIAL", 2),
    ("Dim below SECRET", 3),
    ("Dim below TOP SECRET", 4),
)


class DocumentMarks(_View):
    """DocumentView's painting over the text."""

    # what this part needs of the view (DocumentView builds it)
    text: CableText
    highlighter: MarkingHighlighter
    level_filter: QComboBox
    raw_button: QPushButton
    _cable: Cable | None
    _to_qt: Offsets
    _line_starts: list[int]
    _links: list[tuple[int, int, int | None, str]]
    _link_starts: list[int]
    _ref_keys: dict[str, int | None]
    _mark: tuple[int, int] | None
    _flags: list[tuple[int, int, Finding]]
    _hits: list[tuple[int, int]]

    if TYPE_CHECKING:  # the view's other parts

        @property
        def feeding(self) -> bool: ...

    def _build_spans(self, cable: Cable, *, rehighlight: bool = True) -> None:
        to_qt = self._to_qt
        spans: list[Span] = []
        for p in cable.paragraphs:
            if p.marking is not None and p.marking_start is not None and p.marking_end is not None:
                spans.append(
                    Span(
                        to_qt(p.marking_start),
                        to_qt(p.marking_end),
                        SpanKind.MARKING,
                        p.marking.level,
                    )
                )
        spans += self._subject_and_banner_spans(cable, to_qt)
        self._links = []
        line_start = self._line_starts
        lines = len(line_start) - 1
        searched_to = 0
        for ref in cable.references:
            if not ref.id or ref.line is None or ref.line > lines:
                continue
            # the parser may give every entry the REF block's first line: look from there
            # (after the previous entry) through the next lines of the block
            begin = max(line_start[ref.line - 1], searched_to)
            at = cable.text.find(ref.text, begin, line_start[min(ref.line + 15, lines)])
            if at < 0:
                continue
            searched_to = at + len(ref.text)
            start, end = to_qt(at), to_qt(at + len(ref.text))
            key = self._ref_keys.get(ref.id)
            self._links.append((start, end, key, ref.id))
            spans.append(Span(start, end, SpanKind.LINK if key is not None else SpanKind.DEAD_LINK))
        self._links.sort()
        self._link_starts = [s for s, *_ in self._links]
        self.highlighter.set_spans(spans, self._dim_ranges(cable, to_qt), rehighlight=rehighlight)

    @staticmethod
    def _subject_and_banner_spans(cable: Cable, to_qt: Offsets) -> list[Span]:
        """The subject's own portion mark, found on the SUBJECT line."""
        m: Marking | None = cable.subject_marking
        line = cable.line_of("subject")
        if m is None or line is None:
            return []
        lines = cable.text.split("\n", line)
        if line > len(lines):
            return []
        offset = sum(len(x) + 1 for x in lines[: line - 1])
        raw = m.raw or f"({m.text})"
        at = lines[line - 1].find(raw)
        if at < 0:
            return []
        return [Span(to_qt(offset + at), to_qt(offset + at + len(raw)), SpanKind.MARKING, m.level)]

    def _dim_ranges(self, cable: Cable, to_qt: Offsets) -> list[tuple[int, int]]:
        glued = []
        if cable.appended_at is not None:  # the separator line and the cable glued on
            glued = [(to_qt(cable.appended_at) - len(APPENDED_SEPARATOR), to_qt(len(cable.text)))]
        threshold = LEVEL_FILTERS[self.level_filter.currentIndex()][1]
        if threshold == 0:
            return glued
        return glued + [
            (to_qt(p.start), to_qt(p.end))
            for p in cable.paragraphs
            if (p.marking.rank if p.marking else -1) < threshold
        ]

    def _apply_dim(self) -> None:
        if self._cable is not None and not self.raw_button.isChecked():
            self.highlighter.set_dim(self._dim_ranges(self._cable, self._to_qt))

    def set_dim_level(self, index: int) -> None:
        self.level_filter.setCurrentIndex(index)

    def mark_line(self, line: int | None) -> None:
        """Scroll to a 1-based line of Cable.text and mark it."""
        if line is None or self._cable is None or not 0 < line < len(self._line_starts):
            self._mark = None
            self._apply_mark()
            return
        to_qt = self._to_qt
        self._mark = (to_qt(self._line_starts[line - 1]), to_qt(self._line_starts[line] - 1))
        self._apply_mark()

    def mark_span(self, start: int, end: int) -> None:
        """Scroll to a paragraph (offsets into Cable.text) and mark it."""
        if self._cable is None:
            return
        self._mark = (self._to_qt(start), self._to_qt(end))
        self._apply_mark()

    @property
    def marked(self) -> tuple[int, int] | None:
        return self._mark

    def _apply_mark(self) -> None:
        if self.feeding:
            return  # once the whole text is in
        if self._mark is not None and not self.raw_button.isChecked():
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(min(self._mark[1], self.text.document().characterCount() - 1))
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
            cursor.setPosition(self._mark[0])
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
        self._update_selections()

    def _update_selections(self) -> None:
        if self.feeding:
            return  # positions past the text so far would be out of range
        selections = []
        palette = self.text.palette()
        if self._mark is not None and not self.raw_button.isChecked():
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(45)
            doc = self.text.document()
            block = doc.findBlock(self._mark[0])
            while block.isValid() and block.position() <= self._mark[1]:
                sel = QTextEdit.ExtraSelection()
                sel.format.setBackground(colour)
                sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                sel.cursor = QTextCursor(block)
                selections.append(sel)
                block = block.next()
        if not self.raw_button.isChecked():
            for start, end, f in self._flags:
                sel = QTextEdit.ExtraSelection()
                sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                sel.format.setUnderlineColor(severity_colour(f.severity))
                cursor = QTextCursor(self.text.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                selections.append(sel)
        hit_colour = QColor("#ffd54f")
        for start, end in self._hits:
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(hit_colour)
            sel.format.setForeground(QColor("#000000"))
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        self.text.setExtraSelections(selections)

    def marking_spans(self) -> list[tuple[int, int, str]]:
        """(start, end, level) of every range the highlighter painted as a marking."""
        spans = []
        block = self.text.document().firstBlock()
        while block.isValid():
            for r in block.layout().formats():
                # hasProperty first: property() of an unset key returns a None that PySide
                # 6.12 does not reference-count, and enough of them crash the interpreter
                if r.format.hasProperty(KIND_PROPERTY) and r.format.intProperty(
                    KIND_PROPERTY
                ) == int(SpanKind.MARKING):
                    start = block.position() + r.start
                    spans.append((start, start + r.length, r.format.stringProperty(LEVEL_PROPERTY)))
            block = block.next()
        return spans
