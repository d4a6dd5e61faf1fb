"""The dialog a note is written in (Ctrl+Shift+N, "Note on ¶N…"), usable from the keyboard.

Qt's multi-line input dialog takes Enter as a new line and Tab as a tab character, so its
OK button could be reached with the mouse alone: here Ctrl+Enter saves the note, Tab moves
to the buttons, and Esc cancels, as the label says."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent, QTextCursor
from PySide6.QtWidgets import QInputDialog, QPlainTextEdit, QWidget

__all__ = ["NoteDialog", "ask_note_text"]

#: After the dialog's own words: how to save it without the mouse.
KEYS_HINT = "Ctrl+Enter saves it, Esc cancels"


class NoteDialog(QInputDialog):
    """A multi-line QInputDialog whose text field lets Tab move on, saved by Ctrl+Enter."""

    def __init__(self, parent: QWidget | None, title: str, label: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setLabelText(f"{label}\n({KEYS_HINT})")
        self.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        self._text = text
        self._edit: QPlainTextEdit | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # (the text field is made by then)
        if self._edit is None:
            self._edit = self.findChild(QPlainTextEdit)
            self._edit.setTabChangesFocus(True)
            self._edit.installEventFilter(self)
            # (given before the field is made, the text was lost)
            self._edit.setPlainText(self._text)
            self._edit.moveCursor(QTextCursor.MoveOperation.End)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self._edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)


def ask_note_text(parent: QWidget | None, title: str, label: str, text: str) -> tuple[str, bool]:
    """The note as written, and whether it was saved (as QInputDialog.getMultiLineText)."""
    dialog = NoteDialog(parent, title, label, text)
    try:
        saved = dialog.exec() == QInputDialog.DialogCode.Accepted
        return dialog.textValue(), saved
    finally:
        dialog.deleteLater()
