"""The document view's citations: the numbered paragraph at a position, its citation on the
clipboard, and the text's context menu that offers it (and a note on the paragraph)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from reader.model.records import Cable, Paragraph
from reader.review.citation import citation
from reader.ui.widgets.document_text import Offsets

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from reader.ui.widgets.cable_text import CableText

    _View = QWidget
else:
    _View = object

__all__ = ["DocumentCitations"]


class DocumentCitations(_View):
    """DocumentView's Copy Citation and context menu."""

    # what this part needs of the view (DocumentView builds it)
    text: CableText
    raw_button: QPushButton
    citationCopied: SignalInstance
    noteRequested: SignalInstance
    _cable: Cable | None
    _to_qt: Offsets
    _notes: dict[int, str]

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
