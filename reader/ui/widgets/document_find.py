"""The document's find: Ctrl+F's bar, F3 over its matches or the query's words, the count."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader.query.querysyntax import parse_query
from reader.query.snippets import Highlighter

if TYPE_CHECKING:
    from reader.ui.widgets.cable_text import CableText

    _View = QWidget
else:
    _View = object

__all__ = ["DocumentFind", "FindBar"]

_MAX_HITS = 5000


class FindBar(QFrame):
    """Ctrl+F: find inside the cable, with previous/next and a match count."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        self.field = QLineEdit(placeholderText="Find in cable", clearButtonEnabled=True)
        self.previous = QToolButton(text="▲", toolTip="Previous match (Shift+F3)", autoRaise=True)
        self.next = QToolButton(text="▼", toolTip="Next match (F3)", autoRaise=True)
        self.count = QLabel()
        self.count.setMinimumWidth(80)
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)
        close.clicked.connect(self.hide_bar)
        for w in (self.field, self.previous, self.next, self.count, close):
            layout.addWidget(w)
        self.hide()

    def hide_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.hide_bar()
            return
        super().keyPressEvent(event)


class DocumentFind(_View):
    """DocumentView's find: the hits of the typed text, else of the query's words."""

    # what this part needs of the view (DocumentView builds it)
    text: CableText
    find_bar: FindBar
    _hits: list[tuple[int, int]]
    _query_pattern: re.Pattern[str] | None

    if TYPE_CHECKING:  # the view's other parts

        def _update_selections(self) -> None: ...

    def set_query(self, query: str) -> None:
        """Highlight the query's words and phrases in every cable shown (F3 walks them), read
        by the query language itself: not the words of NOT or -, not field terms, phrases
        across line breaks and punctuation, as the index matched them."""
        self._query_pattern = Highlighter(parse_query(query)).pattern
        self._refresh_hits()

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_bar.field.setFocus()
        self.find_bar.field.selectAll()

    def _find_closed(self) -> None:
        self.find_bar.field.clear()
        self.text.setFocus()

    def _pattern(self) -> re.Pattern[str] | None:
        typed = self.find_bar.field.text() if self.find_bar.isVisible() else ""
        if not typed:
            return self._query_pattern
        if typed.endswith("*") and len(typed) > 1:
            return re.compile(r"\b" + re.escape(typed[:-1]) + r"\w*", re.IGNORECASE)
        return re.compile(re.escape(typed), re.IGNORECASE)

    def _refresh_hits(self) -> None:
        pattern = self._pattern()
        self._hits = []
        if pattern is not None:
            text = self.text.toPlainText()
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    self._hits.append((m.start(), m.end()))
                if len(self._hits) >= _MAX_HITS:
                    break
        if self.find_bar.isVisible():
            n = len(self._hits)
            self.find_bar.count.setText(f"{n} match{'es' if n != 1 else ''}" if pattern else "")
        self._update_selections()

    @property
    def hits(self) -> list[tuple[int, int]]:
        return list(self._hits)

    def find_next(self) -> None:
        self._step(forward=True)

    def find_previous(self) -> None:
        self._step(forward=False)

    def _step(self, *, forward: bool) -> None:
        if not self._hits:
            return
        cursor = self.text.textCursor()
        here = cursor.selectionEnd() if forward else cursor.selectionStart()
        starts = [s for s, _ in self._hits]
        if forward:
            i = bisect.bisect_left(starts, here) % len(self._hits)
        else:
            i = (bisect.bisect_left(starts, here) - 1) % len(self._hits)
        start, end = self._hits[i]
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        if self.find_bar.isVisible():
            self.find_bar.count.setText(f"{i + 1} of {len(self._hits)}")
