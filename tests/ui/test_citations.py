"""Copy Citation (Ctrl+Shift+C and the context menus): one cable, one paragraph, several rows."""

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from waiting import WAIT_MS, expand_and_wait, open_and_wait

from reader.review.citation import citation
from reader.ui.models.cable_tree import Column, Role
from reader.ui.widgets.main_window import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _row(window: MainWindow, cable_id: str) -> QModelIndex:
    window.model.fetch_all()
    return next(window.model.index(r, 0) for r in range(window.model.rowCount())
                if window.model.index(r, Column.ID).data() == cable_id)


def _copy(qtbot, window: MainWindow, widget) -> str:  # noqa: ANN001
    """Press Ctrl+Shift+C in ``widget``; the text the window says it copied."""
    with qtbot.waitSignal(window.citationCopied, timeout=WAIT_MS) as copied:
        qtbot.keyClick(widget, Qt.Key.Key_C, CTRL_SHIFT)
    assert QGuiApplication.clipboard().text() == copied.args[0]
    return copied.args[0]


def _show(qtbot, window: MainWindow, cable_id: str) -> QModelIndex:  # noqa: ANN001
    """Select the cable's row and wait for the document to show it; focus the tree."""
    row = _row(window, cable_id)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    window.tree.setFocus()
    return row


def _cable(window: MainWindow, cable_id: str):  # noqa: ANN202
    index = window.loader.index()
    return index.cable(index.key_for_id(cable_id))


def test_one_cable_and_one_paragraph(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    row = _show(qtbot, window, "07PRAGUE512")
    assert _copy(qtbot, window, window.tree) == (
        "07PRAGUE512 (C) — CZECHS AGREE TO REVIEW MACHINE-TOOL EXPORT; FIRM'S LICENSE APPEARS "
        "TO BE IN ORDER, 9 May 2007")
    expand_and_wait(qtbot, window, row)
    paragraph = next(window.model.index(r, 0, row) for r in range(window.model.rowCount(row))
                     if window.model.index(r, 0, row).data(Role.PARAGRAPH) == 2)
    window.tree.select_only(paragraph)
    assert _copy(qtbot, window, window.tree) == (
        "07PRAGUE512 ¶2 (C) — CZECHS AGREE TO REVIEW MACHINE-TOOL EXPORT; FIRM'S LICENSE "
        "APPEARS TO BE IN ORDER, 9 May 2007")


def test_several_selected_rows_give_one_citation_a_line(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    first = _show(qtbot, window, "05TOKYO3310")
    # Shift+Down twice: three cables in tree order
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    rows = [window.model.index(first.row() + n, 0) for n in range(3)]
    ids = [r.siblingAtColumn(Column.ID).data() for r in rows]
    assert len(window.tree.selectionModel().selectedRows()) == 3
    # and paragraph 4 of the first, by Ctrl+click
    expand_and_wait(qtbot, window, first)
    p4 = next(window.model.index(r, 0, first) for r in range(window.model.rowCount(first))
              if window.model.index(r, 0, first).data(Role.PARAGRAPH) == 4)
    window.tree.selectionModel().select(p4, QItemSelectionModel.SelectionFlag.Select
                                        | QItemSelectionModel.SelectionFlag.Rows)
    text = _copy(qtbot, window, window.tree)
    cables = [_cable(window, i) for i in ids]
    assert text.splitlines() == [citation(cables[0]), citation(cables[0], 4),
                                 citation(cables[1]), citation(cables[2])]
    assert text.splitlines()[1].startswith("05TOKYO3310 ¶4 (S) — JAPAN COAST GUARD")
    # a plain arrow goes back to one row (keyboard navigation is unchanged)
    qtbot.keyClick(window.tree, Qt.Key.Key_Up)
    assert len(window.tree.selectionModel().selectedRows()) == 1


def test_in_the_document_the_paragraph_at_the_cursor(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    _show(qtbot, window, "08MOSCOW1877")
    text = window.document.text
    text.setFocus()
    cursor = QTextCursor(text.document())
    cursor.setPosition(text.toPlainText().index("4. (S//NF)") + 12)
    text.setTextCursor(cursor)
    assert _copy(qtbot, window, text).startswith("08MOSCOW1877 ¶4 (S//NF) — ")
    cursor.setPosition(0)  # the header: the whole cable
    text.setTextCursor(cursor)
    assert _copy(qtbot, window, text).startswith("08MOSCOW1877 (S) — ")


def test_context_menus_offer_copy_citation(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    _show(qtbot, window, "05TOKYO3310")
    assert window.copy_citation_action in window.tree_menu().actions()
    # on a paragraph of the document: "Copy Citation of ¶4"
    view = window.document
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(view.text.toPlainText().index("4. (S) Hoshino") + 8)
    view.text.setTextCursor(cursor)
    view.text.ensureCursorVisible()
    point = view.text.cursorRect(cursor).center()
    menu = view.context_menu(QPoint(point.x(), point.y()))
    first = menu.actions()[0]
    assert first.text() == "Copy Citation of ¶4"
    with qtbot.waitSignal(window.citationCopied, timeout=WAIT_MS) as copied:
        first.trigger()
    assert copied.args[0].startswith("05TOKYO3310 ¶4 (S) — JAPAN COAST GUARD WEIGHS TRAINING")
    assert copied.args[0].endswith(", 10 June 2005")
    assert any(a.text().startswith("&Copy") or "Copy" in a.text() for a in menu.actions()[1:])


def test_nothing_selected_says_so(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    window.tree.clearSelection()
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_C, CTRL_SHIFT)
    assert window.statusBar().currentMessage() == "Select cables or paragraphs to cite"
