"""The note dialog (reader/ui/note_dialog.py) from the keyboard alone: Qt's multi-line input
dialog took Enter as a new line, Ctrl+Enter as nothing and Tab as a tab character, so a note
could be saved with the mouse only."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPlainTextEdit, QPushButton

from reader.ui.note_dialog import NoteDialog, ask_note_text


def _typed_then(qtbot, keys: list[tuple[Qt.Key, Qt.KeyboardModifier]]) -> tuple[str, bool]:  # noqa: ANN001
    """ask_note_text with "old" (the cursor after it), the analyst typing " and more" and
    then ``keys``."""

    def type_in() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, NoteDialog) and w.isVisible())  # fmt: skip
        edit = dialog.findChild(QPlainTextEdit)
        dialog.activateWindow()
        edit.setFocus()
        QTest.keyClicks(edit, " and more")
        for key, modifiers in keys:
            QTest.keyClick(dialog.focusWidget(), key, modifiers)

    QTimer.singleShot(0, type_in)
    answer = ask_note_text(None, "Note", "Your note on 07PRAGUE512:", "old")
    return answer


def test_ctrl_enter_saves_the_note(qtbot) -> None:  # noqa: ANN001
    ctrl = Qt.KeyboardModifier.ControlModifier
    assert _typed_then(qtbot, [(Qt.Key.Key_Return, ctrl)]) == ("old and more", True)
    assert _typed_then(qtbot, [(Qt.Key.Key_Enter, ctrl)]) == ("old and more", True)


def test_enter_is_a_new_line_and_esc_cancels(qtbot) -> None:  # noqa: ANN001
    none = Qt.KeyboardModifier.NoModifier
    keys = [(Qt.Key.Key_Return, none), (Qt.Key.Key_Escape, none)]
    assert _typed_then(qtbot, keys) == ("old and more\n", False)


def test_tab_moves_to_the_buttons_and_enter_there_saves(qtbot) -> None:  # noqa: ANN001
    none = Qt.KeyboardModifier.NoModifier
    keys = [(Qt.Key.Key_Tab, none), (Qt.Key.Key_Return, none)]
    assert _typed_then(qtbot, keys) == ("old and more", True)  # no tab character in it


def test_the_label_says_how_to_save_it(qtbot) -> None:  # noqa: ANN001
    dialog = NoteDialog(None, "Note", "Your note on 07PRAGUE512:", "")
    qtbot.addWidget(dialog)
    assert dialog.labelText() == "Your note on 07PRAGUE512:\n(Ctrl+Enter saves it, Esc cancels)"
    assert dialog.findChild(QDialogButtonBox).findChildren(QPushButton)
