"""Notes on paragraphs through the window: written from the document's context menu or the
tree's paragraph row, shown as a marker in the document's margin (hover: the note; click:
edit it) and as a child row under the paragraph, and still there in a new window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from waiting import WAIT_MS, expand_and_wait, open_and_wait
from window_steps import analyst_window, samples_copy

from reader.annotate.annotations import Annotations
from reader.ui import annotating
from reader.ui.models.cable_tree import Column, NodeKind, Role
from reader.ui.widgets.cable_text import NOTE
from reader.ui.widgets.main_window import MainWindow

CABLE = "07PRAGUE540"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return samples_copy(tmp_path)


@pytest.fixture
def window(qtbot, tmp_path: Path, folder: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    w = analyst_window(qtbot, tmp_path)
    open_and_wait(qtbot, w, str(folder))
    yield w
    w.loader.shutdown()


def _open(qtbot, window: MainWindow, cable_id: str) -> QModelIndex:  # noqa: ANN001
    model = window.model
    model.fetch_all()
    row = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, Column.ID).data() == cable_id
    )
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
            window.tree.setCurrentIndex(row)
    return row


def _paragraph_row(window: MainWindow, cable: QModelIndex, number: int) -> QModelIndex:
    model = window.model
    return next(
        model.index(r, 0, cable)
        for r in range(model.rowCount(cable))
        if model.index(r, 0, cable).data(Role.KIND) == NodeKind.PARAGRAPH
        and model.index(r, 0, cable).data(Role.PARAGRAPH) == number
    )


def _note_rows(window: MainWindow, paragraph: QModelIndex) -> list[str]:
    model = window.model
    rows = [model.index(r, 0, paragraph) for r in range(model.rowCount(paragraph))]
    assert all(i.data(Role.KIND) == NodeKind.NOTE for i in rows)
    return [i.data() for i in rows]


def _paragraph_point(window: MainWindow, number: int):  # noqa: ANN202 - QPoint
    """A point (viewport coordinates) on the first line of paragraph ``number``."""
    document = window.document
    p = next(p for p in document.cable.paragraphs if p.number == number)
    cursor = QTextCursor(document.text.document())
    cursor.setPosition(document._to_qt(p.start) + 2)
    document.text.setTextCursor(cursor)
    document.text.ensureCursorVisible()
    return document.text.cursorRect(cursor).center()


def _answer(monkeypatch: pytest.MonkeyPatch, text: str, asked: list[str]) -> None:
    """The note dialog: records what it was opened with, answers ``text``."""

    def dialog(_parent, _title, _label, old="", *a, **k):  # noqa: ANN001, ANN202
        asked.append(old)
        return text, True

    monkeypatch.setattr(annotating, "ask_note_text", dialog)


def _note_marks(window: MainWindow) -> dict[int, str]:
    return {m.paragraph: m.message for m in window.document.text.marks if m.severity == NOTE}


def test_a_note_from_the_document_shows_in_the_margin_and_the_tree(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cable = _open(qtbot, window, CABLE)
    text = window.document.text
    assert not text.has_notes and text.margin_width == text.MARGIN
    asked: list[str] = []
    _answer(monkeypatch, "Contradicts the Ankara reporting", asked)
    menu = window.document.context_menu(_paragraph_point(window, 2))
    action = next(a for a in menu.actions() if a.text() == "Note on ¶2…")
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        action.trigger()
    assert asked == [""]
    with Annotations.open(window.annotating.path, backup=False) as store:
        assert [(n.paragraph, n.text) for n in store.notes_of(CABLE)] == [
            (2, "Contradicts the Ankara reporting")
        ]
    # the margin: a column of its own, a marker beside the paragraph's first line
    assert _note_marks(window) == {2: "Your note on ¶2:\nContradicts the Ankara reporting"}
    assert text.margin_width == text.MARGIN + text.NOTE_COLUMN
    p2 = next(p for p in window.document.cable.paragraphs if p.number == 2)
    block = text.document().findBlock(window.document._to_qt(p2.start)).blockNumber()
    assert [m.severity for m in text.marked_blocks()[block] if m.severity == NOTE] == [NOTE]
    _paragraph_point(window, 2)  # in view (the bar above the document took some height)
    marker = text.note_rect(2)
    assert marker is not None and marker.top() == text.block_rect(block).top()
    point = marker.center()
    QApplication.sendEvent(
        text.margin, QHelpEvent(QEvent.Type.ToolTip, point, text.margin.mapToGlobal(point))
    )
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == "Your note on ¶2:\nContradicts the Ankara reporting"
    QToolTip.hideText()
    # painted: the marker's column is not the margin's plain strip
    image = text.margin.grab().toImage()
    centre = marker.center()
    assert image.pixelColor(centre.x(), centre.y()) != image.pixelColor(centre.x(), 2)
    # the tree: a child row under the paragraph
    expand_and_wait(qtbot, window, cable)
    paragraph = _paragraph_row(window, cable, 2)
    assert _note_rows(window, paragraph) == ["✎ Your note: Contradicts the Ankara reporting"]
    # the context menu now offers to edit it; a click on the marker does the same
    menu = window.document.context_menu(_paragraph_point(window, 2))
    assert "Edit Your Note on ¶2…" in [a.text() for a in menu.actions()]
    _answer(monkeypatch, "Contradicts Ankara 1391", asked)
    _paragraph_point(window, 2)
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        qtbot.mouseClick(text.margin, Qt.MouseButton.LeftButton, pos=text.note_rect(2).center())
    assert asked[-1] == "Contradicts the Ankara reporting"
    assert _note_marks(window) == {2: "Your note on ¶2:\nContradicts Ankara 1391"}
    assert _note_rows(window, paragraph) == ["✎ Your note: Contradicts Ankara 1391"]
    # a click on the note's row marks its paragraph in the document
    window.tree.setCurrentIndex(window.model.index(0, 0, paragraph))
    assert window.document.marked == (
        window.document._to_qt(p2.start),
        window.document._to_qt(p2.end),
    )


def test_a_note_from_the_trees_paragraph_row_then_removed(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cable = _open(qtbot, window, CABLE)
    expand_and_wait(qtbot, window, cable)
    paragraph = _paragraph_row(window, cable, 3)
    window.tree.setCurrentIndex(paragraph)
    actions = {a.text(): a for a in window.tree_menu().actions()}
    assert "Note on ¶3…" in actions
    asked: list[str] = []
    _answer(monkeypatch, "Check the licence number", asked)
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        actions["Note on ¶3…"].trigger()
    assert _note_rows(window, paragraph) == ["✎ Your note: Check the licence number"]
    assert window.tree.isExpanded(cable)  # the tree kept its place
    assert _note_marks(window) == {3: "Your note on ¶3:\nCheck the licence number"}
    # the note's own row offers the same, and empty text removes the note everywhere
    window.tree.setCurrentIndex(window.model.index(0, 0, paragraph))
    actions = {a.text(): a for a in window.tree_menu().actions()}
    _answer(monkeypatch, "  ", asked)
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        actions["Note on ¶3…"].trigger()
    assert asked[-1] == "Check the licence number"
    assert window.model.rowCount(paragraph) == 0
    assert _note_marks(window) == {}
    assert window.document.text.margin_width == window.document.text.MARGIN


def test_a_paragraph_note_survives_reopening(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _open(qtbot, window, CABLE)
    _answer(monkeypatch, "Who signed the licence?", [])
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        window.annotating.ask_paragraph_note(CABLE, 4, window.document.key)
    root = window.loader.root
    window.close()
    window.loader.shutdown()

    again = analyst_window(qtbot, tmp_path)
    try:
        open_and_wait(qtbot, again, root)
        cable = _open(qtbot, again, CABLE)
        qtbot.waitUntil(lambda: _note_marks(again) != {}, timeout=WAIT_MS)
        assert _note_marks(again) == {4: "Your note on ¶4:\nWho signed the licence?"}
        expand_and_wait(qtbot, again, cable)
        assert _note_rows(again, _paragraph_row(again, cable, 4)) == [
            "✎ Your note: Who signed the licence?"
        ]
        assert _note_rows(again, _paragraph_row(again, cable, 3)) == []
    finally:
        again.loader.shutdown()


def _notes(window: MainWindow) -> list[tuple[int, str]]:
    with Annotations.open(window.annotating.path, backup=False) as store:
        return [(n.paragraph, n.text) for n in store.notes_of(CABLE)]


def test_a_note_emptied_by_mistake_comes_back_with_undo(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Emptying a note in its dialog removes it, and Ctrl+Z undid only stars, read marks and
    labels: the note was gone for good, though the README says every change can be undone."""
    with Annotations.open(window.annotating.path, backup=False) as store:
        store.set_note(CABLE, "Contradicts the Ankara reporting", paragraph=2)
        store.set_note(CABLE, "Check with the desk")
    _open(qtbot, window, CABLE)
    asked: list[str] = []
    _answer(monkeypatch, "", asked)
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.ask_note()  # Ctrl+Shift+N, emptied, OK
    assert asked == ["Check with the desk"] and _notes(window) == [
        (2, "Contradicts the Ankara reporting")
    ]
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.ask_paragraph_note(CABLE, 2, window.document.key)
    assert _notes(window) == []
    stack = window.annotating.undo_stack
    assert stack.undoText() == f"Removed the note on ¶2 on {CABLE}"
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _notes(window) == [(2, "Contradicts the Ankara reporting")]
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        stack.undo()
    assert _notes(window) == [(0, "Check with the desk"), (2, "Contradicts the Ankara reporting")]
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        stack.redo()
    assert _notes(window) == [(2, "Contradicts the Ankara reporting")]
    # the dialog answered with the note as it was: no change, nothing to undo
    _answer(monkeypatch, "Contradicts the Ankara reporting", asked)
    count = stack.count()
    window.annotating.ask_paragraph_note(CABLE, 2, window.document.key)
    qtbot.waitUntil(lambda: asked[-1] == "Contradicts the Ankara reporting", timeout=WAIT_MS)
    assert stack.count() == count


def test_a_note_on_a_paragraph_the_cable_no_longer_has_says_so(
    qtbot,  # noqa: ANN001
    window: MainWindow,
) -> None:
    """A note kept on ¶9 of a cable whose file was rewritten with fewer paragraphs (or
    imported for another copy) showed as "Note on ¶9: ..." with no ¶9 in the document, no
    marker and no row: where had it gone? The bar says the paragraph is not there."""
    with Annotations.open(window.annotating.path, backup=False) as store:
        store.set_note(CABLE, "on a paragraph gone", 99)
        store.set_note(CABLE, "on a paragraph there", 2)
    _open(qtbot, window, CABLE)
    numbers = [p.number for p in window.document.cable.paragraphs if p.number]
    bar = window.annotating.bar.text()
    assert (
        f"<i>Note on ¶99 (not in this text of {CABLE}; its paragraphs: ¶{min(numbers)} to"
        f" ¶{max(numbers)}):</i> on a paragraph gone"
    ) in bar
    assert "<i>Note on ¶2:</i> on a paragraph there" in bar
