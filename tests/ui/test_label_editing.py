"""Cable > Rename a Label… and Delete a Label… (reader/ui/label_editing.py): a label as a
whole, through the dialogs, with the filter, the Labels facet and the store following."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window, samples_copy, select_rows, tree_ids

from reader.annotate.annotations import Annotations
from reader.index.index_protocol import NotSupported
from reader.ui import label_editing
from reader.ui.models.facets import FacetState
from reader.ui.widgets.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    w = analyst_window(qtbot, tmp_path)
    open_and_wait(qtbot, w, str(samples_copy(tmp_path)))
    yield w
    w.loader.shutdown()


def _answer(*steps: Callable[[QWidget], None]) -> None:
    """Answer the dialogs to come, in turn, each by its step once it is up."""
    todo = list(steps)

    def next_dialog() -> None:
        up = QApplication.activeModalWidget()
        if not isinstance(up, QInputDialog | QMessageBox) or not up.isVisible():
            QTimer.singleShot(20, next_dialog)
            return
        todo.pop(0)(up)
        if todo:
            QTimer.singleShot(20, next_dialog)

    QTimer.singleShot(20, next_dialog)


def _type(text: str) -> Callable[[QWidget], None]:
    def step(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        dialog.accept()

    return step


def _yes(dialog: QWidget) -> None:
    assert isinstance(dialog, QMessageBox)
    assert "cannot be undone" in dialog.text()
    dialog.button(QMessageBox.StandardButton.Yes).click()


def _labels(window: MainWindow) -> list[tuple[str, int]]:
    with Annotations.open(window.annotating.path, backup=False) as store:
        return [(label.name, label.count) for label in store.labels()]


def _label(qtbot, window: MainWindow, name: str, *cable_ids: str) -> None:  # noqa: ANN001
    select_rows(window, *cable_ids)
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.apply("label", list(cable_ids), name)


def test_a_mistyped_label_is_renamed_into_the_right_one_and_the_filter_follows(
    qtbot,
    window: MainWindow,  # noqa: ANN001
) -> None:
    """A label mistyped (brfie) stayed for ever: no command of the window renamed or deleted
    a label, and the label dialog offered it on every label asked."""
    _label(qtbot, window, "brief", "07PRAGUE540")
    _label(qtbot, window, "brfie", "07PRAGUE512", "07STATE58211")
    facets = window.pane.facets
    facets.set_state("label", "brfie", FacetState.INCLUDE)
    qtbot.waitUntil(lambda: sorted(tree_ids(window)) == ["07PRAGUE512", "07STATE58211"],
                    timeout=WAIT_MS)  # fmt: skip
    menu = [a.text() for a in window.annotating.menu.actions()]
    assert "Rena&me a Label…" in menu and "&Delete a Label…" in menu
    _answer(_type("brfie (2 cables)"), _type("Brief"))
    with qtbot.waitSignal(window.label_editing.edited, timeout=WAIT_MS) as edited:
        window.label_editing.rename_action.trigger()
    assert edited.args == ["brfie", "brief"]
    assert _labels(window) == [("brief", 3)]
    assert window.statusBar().currentMessage() == ("Renamed the label “brfie” to “brief”: 3 cables")
    # the filter asks for the label by its name now, and finds every cable it is on
    assert facets.state("label", "brfie") == FacetState.CLEAR
    assert facets.state("label", "brief") == FacetState.INCLUDE
    qtbot.waitUntil(
        lambda: sorted(tree_ids(window)) == ["07PRAGUE512", "07PRAGUE540", "07STATE58211"],
        timeout=WAIT_MS,
    )


def test_a_label_deleted_is_asked_first_and_taken_off_every_cable(
    qtbot,
    window: MainWindow,  # noqa: ANN001
) -> None:
    _label(qtbot, window, "to read", "07PRAGUE512", "07PRAGUE540")
    _label(qtbot, window, "brief", "07PRAGUE540")
    # Cancel keeps it
    _answer(_type("to read (2 cables)"),
            lambda box: box.button(QMessageBox.StandardButton.Cancel).click())  # type: ignore[union-attr]  # fmt: skip
    window.label_editing.delete_action.trigger()
    qtbot.wait(200)
    assert _labels(window) == [("brief", 1), ("to read", 2)]
    _answer(_type("to read (2 cables)"), _yes)
    with qtbot.waitSignal(window.label_editing.edited, timeout=WAIT_MS) as edited:
        window.label_editing.delete_action.trigger()
    assert edited.args == ["to read", ""]
    assert _labels(window) == [("brief", 1)]
    assert window.statusBar().currentMessage() == (
        "Deleted the label “to read”, which was on 2 cables"
    )
    window.pane.query.setText("label:brief")
    window.pane.query.returnPressed.emit()
    qtbot.waitUntil(lambda: tree_ids(window) == ["07PRAGUE540"], timeout=WAIT_MS)


def test_a_store_that_keeps_no_such_change_says_so() -> None:
    """A team's corpus (its store has no rename_label): refused with a sentence, which the
    queue of changes says as "Not done: …" rather than keeping it to try again."""
    with pytest.raises(NotSupported, match="^a label is renamed or deleted in a folder's"):
        label_editing._store_call(object(), "rename_label")


def test_remove_label_offers_only_the_labels_there_are(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Its list took a name typed (brfei for brief), which took nothing off: "Took the label
    off 0 cables", the label left on the cable."""
    _label(qtbot, window, "brief", "07PRAGUE512")
    seen: list[tuple[bool, list[str]]] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        seen.append((dialog.isComboBoxEditable(), dialog.comboBoxItems()))
        dialog.setTextValue("brief")
        dialog.accept()

    select_rows(window, "07PRAGUE512")
    _answer(look)
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
        window.annotating.actions["unlabel"].trigger()
    assert seen == [(False, ["brief"])]
    assert changed.args == ["unlabel", 1]
    assert _labels(window) == [("brief", 0)]
