"""Paints portion markings in their level's colour, REF links, and dims low paragraphs.

Spans come from the parsed record (``Paragraph.marking_start``/``marking_end``), not from a
regex over the text, so what is coloured is exactly what the parser understood. Each span
kind maps to a ``QTextCharFormat`` (Frescobaldi's highlighter does the same with tokens).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextFormat

from reader.ui.levels import marking_colours

__all__ = ["LEVEL_PROPERTY", "KIND_PROPERTY", "MarkingHighlighter", "Span", "SpanKind"]

#: Format properties that tell tests (and tooltips) what a formatted range is.
KIND_PROPERTY = QTextFormat.Property.UserProperty + 1
LEVEL_PROPERTY = QTextFormat.Property.UserProperty + 2


class SpanKind(IntEnum):
    MARKING = 1
    LINK = 2  # a REF to a cable in the folder
    DEAD_LINK = 3  # a REF to a cable that is not in the folder
    BANNER = 4


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # document positions (UTF-16, as QTextDocument counts)
    end: int
    kind: SpanKind
    level: str | None = None


class MarkingHighlighter(QSyntaxHighlighter):
    def __init__(self, document, palette: QPalette) -> None:  # noqa: ANN001 - QTextDocument
        super().__init__(document)
        self._palette = palette
        self._spans: list[Span] = []
        self._starts: list[int] = []
        self._dim: list[tuple[int, int]] = []
        self._dim_ends: list[int] = []

    def set_palette(self, palette: QPalette) -> None:
        self._palette = palette
        self.rehighlight()

    def set_spans(self, spans: list[Span], dim: list[tuple[int, int]] | None = None, *,
                  rehighlight: bool = True) -> None:
        """Paint these spans; ``rehighlight=False`` when the text is about to be replaced
        (each block is then highlighted once, as it goes in)."""
        self._spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self._spans]
        self._set_dim(dim or [])
        if rehighlight:
            self.rehighlight()

    def set_dim(self, dim: list[tuple[int, int]]) -> None:
        self._set_dim(dim)
        self.rehighlight()

    def _set_dim(self, dim: list[tuple[int, int]]) -> None:
        self._dim = sorted(dim)
        # the furthest end so far: before the first above a block's start, none reaches it
        self._dim_ends = list(itertools.accumulate((end for _, end in self._dim), max))

    @property
    def spans(self) -> list[Span]:
        return list(self._spans)

    def _format(self, span: Span) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setProperty(KIND_PROPERTY, int(span.kind))
        if span.kind in (SpanKind.MARKING, SpanKind.BANNER):
            text, background = marking_colours(span.level, self._palette)
            fmt.setForeground(text)
            fmt.setBackground(background)
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setProperty(LEVEL_PROPERTY, span.level or "")
        elif span.kind == SpanKind.LINK:
            fmt.setForeground(self._palette.color(QPalette.ColorRole.Link))
            fmt.setFontUnderline(True)
        else:
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        block_start = self.currentBlock().position()
        block_end = block_start + len(text)
        d = bisect.bisect_right(self._dim_ends, block_start)
        while d < len(self._dim) and self._dim[d][0] < block_end:
            start, end = self._dim[d]
            if end > block_start:
                fmt = QTextCharFormat()
                colour = QColor(self._palette.color(QPalette.ColorRole.Text))
                colour.setAlpha(90)
                fmt.setForeground(colour)
                a, b = max(start, block_start), min(end, block_end)
                self.setFormat(a - block_start, b - a, fmt)
            d += 1
        i = max(0, bisect.bisect_right(self._starts, block_start) - 1)
        while i < len(self._spans) and self._spans[i].start < block_end:
            span = self._spans[i]
            if span.end > block_start:
                a, b = max(span.start, block_start), min(span.end, block_end)
                self.setFormat(a - block_start, b - a, self._format(span))
            i += 1
