"""The reading pane: one cable as plain text between banner bars, with markings, links and find.

File content is only ever set as plain text (QPlainTextEdit), never as HTML: a cable page
with scripts or remote images is shown as the characters it holds.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.core.checks import Finding, check_by_code
from reader.core.citation import citation
from reader.core.explain import CodeSpan, code_spans
from reader.core.records import Cable, Marking, Paragraph
from reader.corpus.query import Hit
from reader.corpus.querysyntax import parse_query
from reader.corpus.snippets import Highlighter
from reader.ui.levels import level_colour, level_of
from reader.ui.severity import SEVERITY_WORDS, severity_colour, worst
from reader.ui.widgets.cable_text import NOTE, CableText, MarginMark
from reader.ui.widgets.elided_label import ElidedLabel
from reader.ui.widgets.marking_highlighter import (
    KIND_PROPERTY,
    LEVEL_PROPERTY,
    MarkingHighlighter,
    Span,
    SpanKind,
)

__all__ = ["BannerBar", "DocumentView", "FindBar"]

#: Paragraph level filter: (label, lowest rank shown at full strength).
_LEVEL_FILTERS = (("All paragraphs", 0), ("Dim below CONFIDENTIAL", 2),
                  ("Dim below SECRET", 3), ("Dim below TOP SECRET", 4))
_MAX_HITS = 5000
#: The raw file text's mode bar and background: plainly not the parsed view.
RAW_BAR_TEXT = ("Raw file text: the file exactly as it is, not parsed (no markings, links or "
                "checks). Ctrl+R returns to the parsed cable.")
RAW_BAR_COLOUR = "#ffe082"
RAW_BACKGROUND = "#fdf0c2"


class BannerBar(ElidedLabel):
    """A full-width bar in the classification's colour, as a printed cable has top and bottom.

    A long banner is elided in a narrow pane (whole in its tooltip) rather than widening the
    pane: that moved the splitter, and so resized and repainted the tree, from cable to cable.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(24)
        font = self.font()
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.5)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.level: str | None = None
        self.set_classification(None)

    def set_classification(self, classification: str | None, level: str | None = None) -> None:
        self.level = level or level_of(classification)
        colour = level_colour(self.level)
        self.setStyleSheet(
            f"QLabel {{ background: {colour.name()}; color: white; font-weight: 600;"
            " padding: 3px 8px; }"
        )
        self.ensurePolished()  # the style sheet's bold font, before the text is measured
        self.set_full_text(classification or "NO CLASSIFICATION FOUND")


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


class _Offsets:
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


class DocumentView(QWidget):
    """One cable: banner bars, the text with highlighted markings, REF links and find."""

    #: A REF link or a "cited by" entry was activated: the cable's key.
    cableRequested = Signal(int)
    #: A citation was put on the clipboard (its text).
    citationCopied = Signal(str)
    #: The text of the cable (or its raw file text) is wholly in the view: the cable's key.
    textShown = Signal(int)
    #: The raw file text of the cable shown is wanted (its key): answer with set_raw_text.
    rawRequested = Signal(int)
    #: The analyst asks to write or edit the note on a paragraph of the cable shown (its
    #: number): from the context menu, or a click on the note's marker in the margin.
    noteRequested = Signal(int)

    #: A big text goes in this many characters per turn of the event loop (a few ms each).
    FEED = 128 * 1024

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cable: Cable | None = None
        self._key: int | None = None
        self._raw: Callable[[], str] | None = None
        self._raw_text: str | None = None  # the answer to rawRequested
        self._raw_asked = False
        self._to_qt = _Offsets("")  # offsets into Cable.text -> positions in the view
        self._line_starts: list[int] = [0]  # offsets of the lines of Cable.text
        self._feeding: str | None = None  # the text going into the view, while it does
        self._fed = 0
        self._feed_timer = QTimer(self, singleShot=True, interval=0)
        self._feed_timer.timeout.connect(self._feed)
        self._links: list[tuple[int, int, int | None, str]] = []  # start, end, key, cable id
        self._link_starts: list[int] = []
        self._hits: list[tuple[int, int]] = []
        #: the query's words and phrases, as the index matches them (snippets.Highlighter)
        self._query_pattern: re.Pattern[str] | None = None
        self._mark: tuple[int, int] | None = None
        self._ref_keys: dict[str, int | None] = {}
        self._findings: tuple[Finding, ...] = ()
        self._flags: list[tuple[int, int, Finding]] = []  # document positions of findings
        self._codes: list[tuple[int, int, CodeSpan]] | None = None  # built on first hover
        #: the analyst's notes on paragraphs of the cable shown (number -> text)
        self._notes: dict[int, str] = {}
        self._code_starts: list[int] = []

        self.top_banner = BannerBar()
        self.bottom_banner = BannerBar()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = ElidedLabel()  # never lets the metadata line widen the pane
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.raw_button = QPushButton("Raw file text", checkable=True)
        self.raw_button.setToolTip("Show the exact text of the source file (Ctrl+R)")
        self.raw_button.toggled.connect(self._raw_toggled)
        # the raw text must not pass for the parsed view (a .txt file reads the same in
        # both): a bar says which it is, and the text gets another background
        self.raw_bar = QLabel(RAW_BAR_TEXT)
        self.raw_bar.setObjectName("rawBar")
        self.raw_bar.setWordWrap(True)
        self.raw_bar.setStyleSheet(f"QLabel#rawBar {{ background: {RAW_BAR_COLOUR};"
                                   " color: black; font-weight: 600; padding: 4px 10px; }")
        self.raw_bar.hide()
        self.level_filter = QComboBox()
        for label, _ in _LEVEL_FILTERS:
            self.level_filter.addItem(label)
        self.level_filter.setToolTip("Dim paragraphs marked below a level")
        self.level_filter.currentIndexChanged.connect(self._apply_dim)

        self.text = CableText()
        self.text.setObjectName("cableText")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10.0))
        self.text.setFont(mono)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.viewport().setMouseTracking(True)
        self.text.viewport().installEventFilter(self)
        self.text.markClicked.connect(self._select)
        self.text.noteClicked.connect(self.noteRequested)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self.highlighter = MarkingHighlighter(self.text.document(), self.text.palette())

        self.find_bar = FindBar()
        self.find_bar.field.textChanged.connect(self._refresh_hits)
        self.find_bar.field.returnPressed.connect(self.find_next)
        self.find_bar.next.clicked.connect(self.find_next)
        self.find_bar.previous.clicked.connect(self.find_previous)
        self.find_bar.closed.connect(self._find_closed)

        self.problems = QLabel()
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setObjectName("cableProblems")
        self.problems.hide()

        self.checks = QLabel()
        self.checks.setTextFormat(Qt.TextFormat.PlainText)
        self.checks.setWordWrap(True)
        self.checks.setObjectName("cableChecks")
        self.checks.hide()

        self.cited_by = QWidget()
        self.cited_by.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._cited_layout = QHBoxLayout(self.cited_by)
        self._cited_layout.setContentsMargins(8, 2, 8, 2)
        self.cited_by.hide()

        head = QWidget()
        head_layout = QVBoxLayout(head)
        head_layout.setContentsMargins(10, 8, 10, 4)
        head_layout.setSpacing(2)
        head_layout.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.subtitle, 1)
        row.addWidget(self.level_filter)
        row.addWidget(self.raw_button)
        head_layout.addLayout(row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_banner)
        layout.addWidget(head)
        layout.addWidget(self.problems)
        layout.addWidget(self.checks)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.raw_bar)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.cited_by)
        layout.addWidget(self.bottom_banner)
        self.clear()

    # -- showing a cable -----------------------------------------------------------------
    @property
    def cable(self) -> Cable | None:
        return self._cable

    @property
    def key(self) -> int | None:
        return self._key

    @property
    def loading(self) -> bool:
        """True from show_loading until the cable's text is wholly in the view."""
        return self._key is not None and (self._cable is None or self._feeding is not None)

    def clear(self, message: str = "Select a cable to read it.") -> None:
        self._reset(None)
        # no cable: nothing to dim or show raw
        self.level_filter.setEnabled(False)
        self.raw_button.setEnabled(False)
        self.raw_bar.hide()
        self.top_banner.hide()
        self.bottom_banner.hide()
        self.title.setText("")
        self.subtitle.set_full_text("")
        self._set_text(message)

    def _reset(self, key: int | None) -> None:
        """Forget the cable shown (keep the mark if ``key`` is the same cable)."""
        if key is None or key != self._key:
            self._mark = None
            self._notes = {}
        self._cable, self._key, self._raw = None, key, None
        self._raw_text, self._raw_asked = None, False
        self._ref_keys = {}
        self.problems.hide()
        self.checks.hide()
        self._findings, self._flags, self._codes = (), [], None
        self._to_qt, self._line_starts = _Offsets(""), [0]
        self.level_filter.setEnabled(True)
        self.raw_button.setEnabled(True)
        self.text.set_marks([])
        self._set_cited_by([])
        self._links, self._link_starts = [], []
        self.highlighter.set_spans([], rehighlight=False)

    def show_message(self, title: str, text: str) -> None:
        """Something that is not a cable (an unreadable file's path and reason)."""
        self.clear(text)
        self.title.setText(title)

    def show_loading(self, key: int, hit: Hit | None = None) -> None:
        """The cable ``key`` is on its way: say so, with what the tree row knows of it."""
        self._reset(key)
        if hit is not None:
            for bar in (self.top_banner, self.bottom_banner):
                bar.set_classification(hit.classification, hit.level or None)
                bar.show()
            self.title.setText(" · ".join(p for p in (hit.id, hit.subject) if p) or "(no ID)")
        else:
            self.top_banner.hide()
            self.bottom_banner.hide()
            self.title.setText("")
        self.subtitle.set_full_text("Loading…")
        self._set_text("Loading…")

    def show_cable(self, key: int, cable: Cable, *, raw: Callable[[], str] | None = None,
                   ref_keys: dict[str, int | None] | None = None,
                   cited_by: list[Hit] | None = None,
                   findings: tuple[Finding, ...] = ()) -> None:
        """Show ``cable``; ``ref_keys`` maps referenced IDs to keys (None: not in the folder),
        ``findings`` are the checks' findings, marked in the margin. ``raw`` gives the raw
        file text; without it, the raw switch asks for it by ``rawRequested``. A big text
        goes in over several turns of the event loop; ``textShown`` says when it is in."""
        self._reset(key)
        self._cable, self._raw = cable, raw
        self._ref_keys = ref_keys or {}
        self._findings = tuple(findings)
        self._show_checks()
        level = cable.banner.level if cable.banner else level_of(cable.classification)
        for bar in (self.top_banner, self.bottom_banner):
            bar.set_classification(cable.classification, level)
            bar.show()
        self.title.setText(" · ".join(p for p in (cable.id, cable.subject) if p) or "(no ID)")
        parts = [cable.from_.name if cable.from_ else None,
                 _date_text(cable),
                 f"TAGS {' '.join(cable.tags)}" if cable.tags else None,
                 f"{len(cable.paragraphs)} paragraphs" if cable.paragraphs else None]
        self.subtitle.set_full_text("   ·   ".join(p for p in parts if p))
        if cable.problems:
            self.problems.setText("Parser problems: " + "; ".join(
                f"{p.message}" + (f" (line {p.line})" if p.line else "") for p in cable.problems))
            self.problems.show()
        self._set_cited_by(cited_by or [])
        self._show_current()

    def _raw_toggled(self, raw: bool) -> None:
        self.raw_bar.setVisible(raw and self._key is not None)
        # a style sheet, not the palette: the application's style sheet styles this view,
        # and a styled widget paints its background from the sheets alone
        self.text.setStyleSheet(f"QPlainTextEdit#cableText {{ background: {RAW_BACKGROUND}; }}"
                                if raw else "")
        self._show_current()

    def reading_position(self) -> tuple[int, int]:
        """Where the reader is: the text cursor and the scroll position (for Back)."""
        return self.text.textCursor().position(), self.text.verticalScrollBar().value()

    def return_to(self, position: int, scroll: int) -> None:
        """Put the cursor and the scroll back where ``reading_position`` found them."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(max(0, min(position, self.text.document().characterCount() - 1)))
        i = bisect.bisect_right(self._link_starts, position) - 1
        if i >= 0 and self._links[i][0] <= position < self._links[i][1]:
            # the link followed, selected: the eye finds where it was
            cursor.setPosition(self._links[i][0])
            cursor.setPosition(self._links[i][1], QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.verticalScrollBar().setValue(scroll)
        self.text.ensureCursorVisible()

    def set_raw_text(self, key: int, text: str) -> None:
        """The answer to ``rawRequested``: shown if the cable and the switch still want it."""
        if key != self._key or self._cable is None:
            return
        self._raw_text = text
        if self.raw_button.isChecked():
            self._show_current()

    def _show_current(self) -> None:
        cable = self._cable
        if cable is None:
            return
        raw = self.raw_button.isChecked()
        self.raw_bar.setVisible(raw)
        self.level_filter.setEnabled(not raw)
        self._links, self._link_starts = [], []
        self._flags, self._codes = [], None
        self.text.set_marks([])
        if raw:
            self.highlighter.set_spans([], rehighlight=False)
            if self._raw is not None:
                self._set_text(display_text(self._raw())[0], announce=True)
            elif self._raw_text is not None:
                self._set_text(display_text(self._raw_text)[0], announce=True)
            else:
                self._set_text("Loading the file text…")
                if not self._raw_asked and self._key is not None:
                    self._raw_asked = True
                    self.rawRequested.emit(self._key)
            return
        text, inserted = display_text(cable.text)
        glued = None
        if cable.appended_at is not None:
            # a line of the view's own says where a later cable glued on starts
            at = cable.appended_at + bisect.bisect_right(inserted, cable.appended_at)
            text = text[:at] + APPENDED_SEPARATOR + text[at:]
            glued = (cable.appended_at, len(APPENDED_SEPARATOR))
        self._to_qt = _Offsets(cable.text, inserted, glued)
        starts = [0]
        starts += [m.end() for m in re.finditer("\n", cable.text)]
        starts.append(len(cable.text) + 1)  # as if the text ended in a line break
        self._line_starts = starts
        # spans first, so that each block is highlighted once, as it goes in
        self._build_spans(cable, rehighlight=False)
        self._build_flags()
        self._set_text(text, announce=True)

    # -- putting text in the view, a part at a time --------------------------------------
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

    def _build_spans(self, cable: Cable, *, rehighlight: bool = True) -> None:
        to_qt = self._to_qt
        spans: list[Span] = []
        for p in cable.paragraphs:
            if p.marking is not None and p.marking_start is not None and p.marking_end is not None:
                spans.append(Span(to_qt(p.marking_start), to_qt(p.marking_end), SpanKind.MARKING,
                                  p.marking.level))
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

    def _show_checks(self) -> None:
        """The line under the title: how many findings, and the first of them."""
        findings = [f for f in self._findings if f.severity != "info"]
        notes = len(self._findings) - len(findings)
        if not findings:
            self.checks.setVisible(bool(notes))
            self.checks.setProperty("severity", "info")
            self.checks.setText(f"{notes} cited cable{'s' if notes != 1 else ''} not in this "
                                "folder (see the margin)")
        else:
            n = len(findings)
            first = findings[0]
            more = f" (and {n - 1} more, marked in the margin)" if n > 1 else ""
            self.checks.setText(f"{n} check{'s' if n != 1 else ''} flagged: "
                                f"{check_by_code(first.code).title}: {first.message}{more}")
            self.checks.setProperty("severity", worst(f.severity for f in findings))
            self.checks.show()
        self.checks.style().unpolish(self.checks)
        self.checks.style().polish(self.checks)

    def _build_flags(self) -> None:
        """The findings in document positions, for wavy underlines and margin marks."""
        to_qt = self._to_qt
        self._flags = []
        for f in self._findings:
            if f.start is None:
                continue
            start = to_qt(f.start)
            end = to_qt(f.end if f.end is not None and f.end > f.start else f.start + 1)
            self._flags.append((start, end, f))

    def _margin_marks(self) -> list[MarginMark]:
        marks = []
        for start, end, f in self._flags:
            word = SEVERITY_WORDS[f.severity].capitalize()
            marks.append(MarginMark(start, end, f.severity,
                                    f"{word}: {check_by_code(f.code).title}: {f.message}"))
        cable = self._cable
        if cable is not None and self._notes and not self.raw_button.isChecked():
            for p in cable.paragraphs:
                text = self._notes.get(p.number) if p.number is not None else None
                if text:
                    marks.append(MarginMark(self._to_qt(p.start), self._to_qt(p.end), NOTE,
                                            f"Your note on ¶{p.number}:\n{text.strip()}",
                                            paragraph=p.number))
        return marks

    def set_paragraph_notes(self, cable_id: str, notes: dict[int, str]) -> None:
        """The analyst's notes on the paragraphs of cable ``cable_id`` (number -> text):
        each shown by a marker in the margin beside its paragraph, if that cable is shown."""
        cable = self._cable
        if cable is None or (cable.id or "").upper() != cable_id.upper():
            return
        if notes == self._notes:
            return
        self._notes = dict(notes)
        if not self.feeding:  # else when the whole text is in
            self.text.set_marks(self._margin_marks())

    @property
    def paragraph_notes(self) -> dict[int, str]:
        return dict(self._notes)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    # -- what the mouse is over --------------------------------------------------------------
    def _code_spans(self) -> list[tuple[int, int, CodeSpan]]:
        """The cable's codes in document positions, found the first time they are wanted."""
        if self._codes is None:
            cable = self._cable
            if cable is None or self.loading:
                return []
            to_qt = self._to_qt
            self._codes = [(to_qt(c.start), to_qt(c.end), c) for c in code_spans(cable)]
            self._code_starts = [a for a, _, _ in self._codes]
        return self._codes

    def position_at(self, point: QPoint) -> int | None:
        """The document position of the character under ``point`` (viewport coordinates),
        None when the point is beside the text (past a line's end, between lines)."""
        doc = self.text.document()
        near = self.text.cursorForPosition(point).position()
        cursor = QTextCursor(doc)
        for position in (near - 1, near):
            if not 0 <= position < doc.characterCount() - 1:
                continue
            cursor.setPosition(position)
            left = self.text.cursorRect(cursor)
            cursor.setPosition(position + 1)
            right = self.text.cursorRect(cursor)
            if (left.top() == right.top() and left.left() <= point.x() < right.left()
                    and left.top() <= point.y() <= left.bottom()):
                return position
        return None

    def tooltip_at(self, position: int) -> str | None:
        """What a hover over the character at ``position`` says: the REF link, the findings
        there and the code's meaning (routing indicator, TAG, caveat, reason...)."""
        if self._cable is None or self.raw_button.isChecked():
            return None
        parts: list[str] = []
        i = bisect.bisect_right(self._link_starts, position) - 1
        if i >= 0 and self._links[i][0] <= position < self._links[i][1]:
            _, _, key, target = self._links[i]
            parts.append(f"Open {target}" if key is not None else f"{target} is not in this folder")
        for start, end, f in self._flags:
            if start <= position < end:
                parts.append(f"{SEVERITY_WORDS[f.severity].capitalize()}: {f.message}")
        spans = self._code_spans()
        j = bisect.bisect_right(self._code_starts, position) - 1
        if j >= 0 and spans[j][0] <= position < spans[j][1]:
            parts.append(spans[j][2].text)
        return "\n".join(parts) or None

    def _select(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    # -- citations -----------------------------------------------------------------------------
    def paragraph_at(self, position: int) -> Paragraph | None:
        """The numbered paragraph holding a document position, if any."""
        cable = self._cable
        if cable is None or self.raw_button.isChecked():
            return None
        offset = self._to_qt.back(position)
        for p in cable.paragraphs:
            if p.number is not None and p.start <= offset < max(p.end, p.start + 1):
                return p
        return None

    def citation_at(self, position: int | None = None) -> str | None:
        """The citation of the paragraph at ``position`` (default: the text cursor), or of
        the whole cable outside its numbered paragraphs."""
        if self._cable is None:
            return None
        if position is None:
            position = self.text.textCursor().position()
        p = self.paragraph_at(position)
        return citation(self._cable, p.number if p is not None else None)

    def copy_citation(self, position: int | None = None) -> str | None:
        """Put ``citation_at(position)`` on the clipboard; returns it."""
        text = self.citation_at(position)
        if text:
            QGuiApplication.clipboard().setText(text)
            self.citationCopied.emit(text)
        return text

    def context_menu(self, point: QPoint) -> QMenu:
        """The text's context menu at ``point``: Copy Citation first, then the usual."""
        menu = self.text.createStandardContextMenu(point)
        position = self.text.cursorForPosition(point).position()
        if self._cable is not None:
            p = self.paragraph_at(position)
            label = f"Copy Citation of ¶{p.number}" if p is not None else "Copy Citation"
            action = menu.addAction(label)
            action.setShortcut("Ctrl+Shift+C")
            action.triggered.connect(lambda: self.copy_citation(position))
            first = menu.actions()[0]
            menu.insertAction(first, action)
            if p is not None and p.number is not None and self._cable.id:
                number = p.number
                verb = "Edit Your Note" if self._notes.get(number) else "Note"
                note = menu.addAction(f"{verb} on ¶{number}…")
                note.triggered.connect(lambda: self.noteRequested.emit(number))
                menu.insertAction(first, note)
            menu.insertSeparator(first)
        return menu

    def _context_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.text.viewport().mapToGlobal(point))

    @staticmethod
    def _subject_and_banner_spans(cable: Cable, to_qt: _Offsets) -> list[Span]:
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

    def _dim_ranges(self, cable: Cable, to_qt: _Offsets) -> list[tuple[int, int]]:
        glued = []
        if cable.appended_at is not None:  # the separator line and the cable glued on
            glued = [(to_qt(cable.appended_at) - len(APPENDED_SEPARATOR),
                      to_qt(len(cable.text)))]
        threshold = _LEVEL_FILTERS[self.level_filter.currentIndex()][1]
        if threshold == 0:
            return glued
        return glued + [(to_qt(p.start), to_qt(p.end)) for p in cable.paragraphs
                        if (p.marking.rank if p.marking else -1) < threshold]

    def _apply_dim(self) -> None:
        if self._cable is not None and not self.raw_button.isChecked():
            self.highlighter.set_dim(self._dim_ranges(self._cable, self._to_qt))

    def set_dim_level(self, index: int) -> None:
        self.level_filter.setCurrentIndex(index)

    def _set_cited_by(self, hits: list[Hit]) -> None:
        self.cited_ids = [h.id for h in hits]
        while self._cited_layout.count():
            item = self._cited_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not hits:
            self.cited_by.hide()
            return
        # direct citers only, as the References panel's "directly" count says
        label = QLabel(f"Cited directly by {len(hits)}:")
        label.setToolTip("Cables of this folder whose REF lines name this one. The References "
                         "panel (Ctrl+Shift+T) also lists the cables that cite those.")
        self._cited_layout.addWidget(label)
        for hit in hits[:12]:
            button = QPushButton(hit.id, flat=True, cursor=Qt.CursorShape.PointingHandCursor)
            button.setToolTip(f"{hit.id} · {hit.subject}")
            button.clicked.connect(lambda _=False, k=hit.key: self.cableRequested.emit(k))
            self._cited_layout.addWidget(button)
        if len(hits) > 12:
            self._cited_layout.addWidget(QLabel(f"and {len(hits) - 12} more"))
        self._cited_layout.addStretch(1)
        self.cited_by.show()

    # -- marking what the tree points at ---------------------------------------------------
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

    # -- search hits and find ------------------------------------------------------------
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

    # -- links ---------------------------------------------------------------------------
    def _link_at(self, pos: QPoint) -> tuple[int, int, int | None, str] | None:
        at = self.text.cursorForPosition(pos).position()
        i = bisect.bisect_right(self._link_starts, at) - 1
        if i >= 0:
            link = self._links[i]
            if link[0] <= at < link[1]:
                return link
        return None

    def open_reference(self, cable_id: str) -> bool:
        """Follow the REF to ``cable_id`` if that cable is in the folder."""
        key = self._ref_keys.get(cable_id) if self._cable else None
        if key is None:
            return False
        link = next((link for link in self._links if link[3] == cable_id), None)
        if link is not None:  # the cursor on the link, as a click puts it: Back returns there
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(link[0])
            self.text.setTextCursor(cursor)
        self.cableRequested.emit(key)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.text.viewport():
            # the events asked about below are mouse and help events (Qt passes them as such)
            mouse: Any = event
            if mouse.type() == QEvent.Type.MouseMove:
                link = self._link_at(mouse.position().toPoint())
                shape = (Qt.CursorShape.PointingHandCursor if link and link[2] is not None
                         else Qt.CursorShape.IBeamCursor)
                self.text.viewport().setCursor(shape)
            elif mouse.type() == QEvent.Type.ToolTip:
                position = self.position_at(mouse.pos())
                tip = self.tooltip_at(position) if position is not None else None
                if tip:
                    QToolTip.showText(mouse.globalPos(), tip, self.text.viewport())
                else:
                    QToolTip.hideText()
                return True
            elif (mouse.type() == QEvent.Type.MouseButtonRelease
                  and mouse.button() == Qt.MouseButton.LeftButton
                  and not self.text.textCursor().hasSelection()):
                link = self._link_at(mouse.position().toPoint())
                if link and link[2] is not None:
                    self.cableRequested.emit(link[2])
                    return True
        return super().eventFilter(watched, event)

    def link_rect(self, cable_id: str):  # noqa: ANN201 - QRect, for tests and tooltips
        """Where the REF link to ``cable_id`` is drawn, in viewport coordinates."""
        for start, end, _key, target in self._links:
            if target == cable_id:
                cursor = QTextCursor(self.text.document())
                cursor.setPosition(start)
                left = self.text.cursorRect(cursor)
                cursor.setPosition(end)
                return left.united(self.text.cursorRect(cursor))
        return None

    # -- for tests and the status bar ------------------------------------------------------
    def marking_spans(self) -> list[tuple[int, int, str]]:
        """(start, end, level) of every range the highlighter painted as a marking."""
        spans = []
        block = self.text.document().firstBlock()
        while block.isValid():
            for r in block.layout().formats():
                # hasProperty first: property() of an unset key returns a None that PySide
                # 6.12 does not reference-count, and enough of them crash the interpreter
                if (r.format.hasProperty(KIND_PROPERTY)
                        and r.format.intProperty(KIND_PROPERTY) == int(SpanKind.MARKING)):
                    start = block.position() + r.start
                    spans.append((start, start + r.length, r.format.stringProperty(LEVEL_PROPERTY)))
            block = block.next()
        return spans


def _date_text(cable: Cable) -> str | None:
    """The DTG with its time; else the cable's date, or its year alone when that is all."""
    if cable.dtg is not None:
        return f"{cable.dtg:%d %B %Y, %H:%MZ}"
    if cable.date is None:
        return None
    if cable.date_precision == "year":
        return f"{cable.date:%Y} (year only)"
    return f"{cable.date:%d %B %Y}"
