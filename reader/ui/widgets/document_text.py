"""The cable's text as the document view holds it: long lines broken for display, Python
offsets mapped to the view's positions, and a big text fed in a part per turn of the event
loop."""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from reader.ui.widgets.cable_text import CableText, MarginMark

    _View = QWidget
else:
    _View = object

__all__ = ["APPENDED_SEPARATOR", "LONG_LINE", "DocumentFeed", "Offsets", "display_text"]

#: A line longer than this is shown as several (QTextLayout lays a block out whole: a 10 MB
#: one-line file would hold the window for minutes). Real cables stay far below it.
LONG_LINE = 10_000
#: Qt's own block separator: where a long line is broken for display.
_BREAK = "\u2029"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def display_text(text: str) -> tuple[str, list[int]]:
    """``text`` as the view shows it, and the offsets before which a break was inserted.

    A line longer than LONG_LINE is broken at a space in its last half (the space becomes the
    break: offsets stay put) or, failing that, by a break inserted at LONG_LINE."""
    lines = text.split("\n")
    if max(map(len, lines)) <= LONG_LINE:
        return text, []
    pieces: list[str] = []
    inserted: list[int] = []
    base = 0
    for n, line in enumerate(lines):
        if n:
            pieces.append("\n")
        pos = 0
        while len(line) - pos > LONG_LINE:
            half = pos + LONG_LINE // 2
            space = line.rfind(" ", half, pos + LONG_LINE)
            if space >= 0:
                pieces += [line[pos:space], _BREAK]
                pos = space + 1
            else:
                pieces += [line[pos : pos + LONG_LINE], _BREAK]
                pos += LONG_LINE
                inserted.append(base + pos)
        pieces.append(line[pos:])
        base += len(line) + 1
    return "".join(pieces), inserted


#: The line the view shows where a later, unrelated cable glued on after the cable starts.
APPENDED_SEPARATOR = (
    "\u2500" * 8 + " a different cable, glued on after this one's end:"
    " none of its fields are this cable's " + "\u2500" * 8 + "\n"
)


class Offsets:
    """Python string offsets -> QTextDocument positions: CRLF is one break, a character beyond
    the BMP two UTF-16 units, and a break inserted for display one more position. Only those
    places are stored (found at C speed), so a cable of many megabytes costs little."""

    def __init__(
        self, text: str, inserted: list[int] | None = None, lines: tuple[int, int] | None = None
    ) -> None:
        events: list[tuple[int, int]] = []  # (offset, delta): the offsets above it move by delta
        if lines is not None:  # (offset, length): text of that length shown before the offset
            events.append((lines[0] - 1, lines[1]))
        if "\r" in text:
            events += [(m.start(), -1) for m in re.finditer("\r\n", text)]
        if not text.isascii():
            events += [(m.start(), 1) for m in _ASTRAL.finditer(text)]
        events += [(k - 1, 1) for k in inserted or ()]
        events.sort()
        self._length = len(text)
        self._at = [a for a, _ in events]
        self._shift = list(itertools.accumulate(d for _, d in events))

    def __call__(self, offset: int) -> int:
        offset = max(0, min(offset, self._length))
        i = bisect.bisect_left(self._at, offset)
        return offset + self._shift[i - 1] if i else offset

    def back(self, position: int) -> int:
        """A QTextDocument position -> the Python offset of the same character."""
        if not self._at:
            return max(0, min(position, self._length))
        lo, hi = 0, self._length
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self(mid) <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo


class DocumentFeed(_View):
    """DocumentView's text going in: at once, or FEED characters per turn of the loop."""

    # what this part needs of the view (DocumentView builds it)
    FEED: int
    text: CableText
    textShown: SignalInstance
    _key: int | None
    _feeding: str | None
    _fed: int
    _feed_timer: QTimer
    _announce: bool

    if TYPE_CHECKING:  # the view's other parts

        def _margin_marks(self) -> list[MarginMark]: ...
        def _refresh_hits(self) -> None: ...
        def _apply_mark(self) -> None: ...

    def _set_text(self, text: str, *, announce: bool = False) -> None:
        """Replace the view's text; a long one goes in FEED characters per turn of the event
        loop (each part cut after a line break, so that a CRLF is never split)."""
        self._feed_timer.stop()
        self._announce = announce
        if len(text) <= self.FEED:
            self._feeding = None
            self.text.setPlainText(text)
            self._text_complete()
            return
        self._feeding = text
        self._fed = 0
        self.text.document().setUndoRedoEnabled(False)
        self.text.setPlainText(text[: self._cut(text, 0)])
        self._fed = self._cut(text, 0)
        self._feed_timer.start()

    def _cut(self, text: str, start: int) -> int:
        end = start + self.FEED
        if end >= len(text):
            return len(text)
        at = max(text.rfind("\n", start, end), text.rfind(_BREAK, start, end))
        return at + 1 if at >= 0 else end

    def _feed(self) -> None:
        text = self._feeding
        if text is None:
            return
        end = self._cut(text, self._fed)
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text[self._fed : end])
        self._fed = end
        if end < len(text):
            self._feed_timer.start()
            return
        self._feeding = None
        self._text_complete()

    def _text_complete(self) -> None:
        """The whole text is in: what needs document positions of all of it."""
        self.text.set_marks(self._margin_marks())
        self._refresh_hits()
        self._apply_mark()
        if self._announce and self._key is not None:
            self._announce = False
            self.textShown.emit(self._key)

    @property
    def feeding(self) -> bool:
        """True while a long text is still going into the view."""
        return self._feeding is not None
