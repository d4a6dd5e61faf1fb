"""The reading pane: one cable as plain text between banner bars, with markings, links and find.

File content is only ever set as plain text (QPlainTextEdit), never as HTML: a cable page
with scripts or remote images is shown as the characters it holds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reader.index.index_protocol import KeptText
from reader.model.records import Cable
from reader.model.wording import THIS_FOLDER
from reader.query.query import CableCopy, Hit
from reader.review.checks import Finding
from reader.review.explain import CodeSpan
from reader.ui.levels import level_of
from reader.ui.widgets.banner_bar import BannerBar
from reader.ui.widgets.cable_text import CableText
from reader.ui.widgets.document_citations import DocumentCitations
from reader.ui.widgets.document_find import DocumentFind, FindBar
from reader.ui.widgets.document_links import DocumentLinks
from reader.ui.widgets.document_margin import DocumentMargin
from reader.ui.widgets.document_marks import LEVEL_FILTERS, DocumentMarks
from reader.ui.widgets.document_text import (
    APPENDED_SEPARATOR,
    DocumentFeed,
    Offsets,
    display_text,
)
from reader.ui.widgets.elided_label import ElidedLabel
from reader.ui.widgets.flow_layout import FlowLayout
from reader.ui.widgets.marking_highlighter import MarkingHighlighter

__all__ = ["DocumentView"]

#: The raw file text's mode bar and background: plainly not the parsed view.
RAW_BAR_TEXT = ("Raw file text: the file exactly as it is, not parsed (no markings, links or "
                "checks). Ctrl+R returns to the parsed cable.")
RAW_BAR_COLOUR = "#ffe082"
#: After the file's name and what became of it, above a cable whose file changed.
CHANGED_BAR_TEXT = ("this is the cable as it was read then, not as the file is now. File > "
                    "Reload Folder (F5) reads the folder again.")
RAW_BACKGROUND = "#fdf0c2"


class DocumentView(DocumentFeed, DocumentMarks, DocumentMargin, DocumentLinks, DocumentFind,
                   DocumentCitations, QWidget):
    """One cable: banner bars, the text with highlighted markings, REF links and find.

    The view itself (its widgets, the cable shown, the raw switch) is here; its parts are in
    the document_* modules: the text fed in (document_text), what is painted over it
    (document_marks), the checks and notes in the margin (document_margin), links and
    tooltips (document_links), find (document_find) and citations (document_citations)."""

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
        self._to_qt = Offsets("")  # offsets into Cable.text -> positions in the view
        self._line_starts: list[int] = [0]  # offsets of the lines of Cable.text
        self._feeding: str | None = None  # the text going into the view, while it does
        self._fed = 0
        self._feed_timer = QTimer(self, singleShot=True, interval=0)
        self._feed_timer.timeout.connect(self._feed)
        self._links: list[tuple[int, int, int | None, str]] = []  # start, end, key, cable id
        self.place = THIS_FOLDER
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
        # the file the cable was read from gone or rewritten since: the parsed text shown is
        # the index's, and must not pass for the file as it is now
        self.changed_bar = QLabel()
        self.changed_bar.setObjectName("changedBar")
        self.changed_bar.setWordWrap(True)
        self.changed_bar.setTextFormat(Qt.TextFormat.PlainText)
        self.changed_bar.setStyleSheet(f"QLabel#changedBar {{ background: {RAW_BAR_COLOUR};"
                                       " color: black; font-weight: 600; padding: 4px 10px; }")
        self.changed_bar.hide()
        self.level_filter = QComboBox()
        for label, _ in LEVEL_FILTERS:
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

        # the other files of the folder holding the same cable, each a button opening it
        self.copies = QWidget()
        self.copies.setObjectName("cableCopies")
        self._copies_layout = FlowLayout(self.copies)
        self._copies_layout.setContentsMargins(10, 0, 10, 4)
        self.copies.hide()

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
        layout.addWidget(self.copies)
        layout.addWidget(self.problems)
        layout.addWidget(self.checks)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.changed_bar)
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
        self.raw_bar.setText(RAW_BAR_TEXT)
        self.changed_bar.setText("")
        self.changed_bar.hide()
        self._ref_keys = {}
        self.problems.hide()
        self.checks.hide()
        self._findings, self._flags, self._codes = (), [], None
        self._to_qt, self._line_starts = Offsets(""), [0]
        self.level_filter.setEnabled(True)
        self.raw_button.setEnabled(True)
        self.text.set_marks([])
        self._set_cited_by([])
        self._set_copies(None, ())
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
                   findings: tuple[Finding, ...] = (),
                   copies: Sequence[CableCopy] = (), changed: str = "") -> None:
        """Show ``cable``; ``ref_keys`` maps referenced IDs to keys (None: not in the folder),
        ``findings`` are the checks' findings, marked in the margin; ``copies`` the files
        holding the same cable (Index.copies), named under the title when there are others;
        ``changed`` why its file is no longer as the index read it (Index.file_changed),
        said in a bar above the parsed text.
        ``raw`` gives the raw file text; without it, the raw switch asks for it by
        ``rawRequested``. A big text goes in over several turns of the event loop;
        ``textShown`` says when it is in."""
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
        self._set_copies(cable, copies)
        if changed:
            self.changed_bar.setText(f"{changed}: {CHANGED_BAR_TEXT}")
        self._show_current()

    def _raw_toggled(self, raw: bool) -> None:
        self.raw_bar.setVisible(raw and self._key is not None)
        # a style sheet, not the palette: the application's style sheet styles this view,
        # and a styled widget paints its background from the sheets alone
        self.text.setStyleSheet(f"QPlainTextEdit#cableText {{ background: {RAW_BACKGROUND}; }}"
                                if raw else "")
        self._show_current()

    def set_raw_text(self, key: int, text: str) -> None:
        """The answer to ``rawRequested``: shown if the cable and the switch still want it."""
        if key != self._key or self._cable is None:
            return
        self._raw_text = text
        # a file moved or deleted since it was read (or not on this computer) gave the text
        # the store kept: the bar says so, and not "the file exactly as it is"
        self.raw_bar.setText(
            f"Raw file text: {text.why}. Ctrl+R returns to the parsed cable."
            if isinstance(text, KeptText)
            else RAW_BAR_TEXT
        )
        if self.raw_button.isChecked():
            self._show_current()

    def _show_current(self) -> None:
        cable = self._cable
        if cable is None:
            return
        raw = self.raw_button.isChecked()
        self.raw_bar.setVisible(raw)
        # (the raw text is the file as it is now, or says it is the text kept: its own bar)
        self.changed_bar.setVisible(not raw and bool(self.changed_bar.text()))
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
        self._to_qt = Offsets(cable.text, inserted, glued)
        starts = [0]
        starts += [m.end() for m in re.finditer("\n", cable.text)]
        starts.append(len(cable.text) + 1)  # as if the text ended in a line break
        self._line_starts = starts
        # spans first, so that each block is highlighted once, as it goes in
        self._build_spans(cable, rehighlight=False)
        self._build_flags()
        self._set_text(text, announce=True)


def _date_text(cable: Cable) -> str | None:
    """The DTG with its time; else the cable's date, or its year alone when that is all."""
    if cable.dtg is not None:
        return f"{cable.dtg:%d %B %Y, %H:%MZ}"
    if cable.date is None:
        return None
    if cable.date_precision == "year":
        return f"{cable.date:%Y} (year only)"
    return f"{cable.date:%d %B %Y}"
