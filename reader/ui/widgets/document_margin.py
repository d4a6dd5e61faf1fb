"""The document view's judgement of the cable: the checks' line under the title, the findings
marked in the margin, and the analyst's paragraph notes beside their paragraphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from reader.model.records import Cable
from reader.review.checks import Finding, check_by_code
from reader.ui.severity import SEVERITY_WORDS, worst
from reader.ui.widgets.cable_text import NOTE, CableText, MarginMark
from reader.ui.widgets.document_text import Offsets

if TYPE_CHECKING:

    _View = QWidget
else:
    _View = object

__all__ = ["DocumentMargin"]


class DocumentMargin(_View):
    """DocumentView's checks line, margin marks and notes."""

    # what this part needs of the view (DocumentView builds it)
    text: CableText
    checks: QLabel
    raw_button: QPushButton
    _cable: Cable | None
    _to_qt: Offsets
    _findings: tuple[Finding, ...]
    _flags: list[tuple[int, int, Finding]]
    _notes: dict[int, str]
    #: where the cables come from (model.wording.THIS_FOLDER or TEAM_CORPUS)
    place: str

    if TYPE_CHECKING:  # the view's other parts

        @property
        def feeding(self) -> bool: ...

    def _show_checks(self) -> None:
        """The line under the title: how many findings, and the first of them."""
        findings = [f for f in self._findings if f.severity != "info"]
        notes = len(self._findings) - len(findings)
        if not findings:
            self.checks.setVisible(bool(notes))
            self.checks.setProperty("severity", "info")
            self.checks.setText(f"{notes} cited cable{'s' if notes != 1 else ''} not in"
                                f" {self.place} (see the margin)")
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

    def _select(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
