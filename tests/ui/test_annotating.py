"""The analyst's own work through the window (reader/ui/annotating.py): star, read state,
labels and notes on a selection or on every result, undo, the bar above the document, and
the query fields that follow at once."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window, samples_copy, select_rows, tree_ids, typed_query

from reader.annotate.annotations import Annotations
from reader.index.store import CorpusIndex
from reader.model.bundled import SAMPLES
from reader.model.records import Cable
from reader.ui.widgets.main_window import MainWindow


@pytest.fixture
def annotated_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    window = analyst_window(qtbot, tmp_path)  # tests mark read by hand unless asked
    open_and_wait(qtbot, window, str(samples_copy(tmp_path)))
    yield window
    window.loader.shutdown()


def store(window: MainWindow) -> Annotations:
    return Annotations.open(window.annotating.path, backup=False)


def query(qtbot, window: MainWindow, text: str) -> list[str]:  # noqa: ANN001
    typed_query(qtbot, window, text)
    return sorted(tree_ids(window))


def test_star_a_selection_with_the_key_then_undo(qtbot, annotated_window: MainWindow) -> None:  # noqa: ANN001
    window = annotated_window
    select_rows(window, "07PRAGUE512", "07PRAGUE540")
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
        qtbot.keyClick(window.tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == ["star", 2]
    assert "Starred 2 cables" in window.statusBar().currentMessage()
    with store(window) as s:
        assert s.starred() == {"07PRAGUE512", "07PRAGUE540"}
    assert query(qtbot, window, "is:starred") == ["07PRAGUE512", "07PRAGUE540"]
    # the same key on cables all starred unstars them
    select_rows(window, "07PRAGUE512", "07PRAGUE540")
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
        window.annotating.actions["star"].trigger()
    assert changed.args == ["unstar", 2]
    # Undo puts the stars back, Redo takes them off again
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.actions["undo"].trigger()
    with store(window) as s:
        assert s.starred() == {"07PRAGUE512", "07PRAGUE540"}
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.actions["redo"].trigger()
    with store(window) as s:
        assert s.starred() == set()


def test_undo_and_redo_of_read_marks_say_what_they_did(qtbot, annotated_window: MainWindow) -> None:  # noqa: ANN001
    window = annotated_window
    select_rows(window, "07PRAGUE512")
    for action in ("read", "unread"):  # the key marks it read, then unread
        with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
            qtbot.keyClick(
                window.tree, Qt.Key.Key_M,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )  # fmt: skip
        assert changed.args == [action, 1]
    assert "Marked unread 1 cable" in window.statusBar().currentMessage()
    # Undo marks it read again, and says so (not a cable read by opening it, which says
    # nothing): the bar went on saying "Marked unread" of a cable now read
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
        window.annotating.actions["undo"].trigger()
    assert changed.args == ["read", 1]
    with store(window) as s:
        assert "07PRAGUE512" in s.read()
    assert "Marked read 1 cable" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.actions["redo"].trigger()
    assert "Marked unread 1 cable" in window.statusBar().currentMessage()


def test_label_every_result_counts_and_undoes_exactly_what_changed(
    qtbot,
    annotated_window: MainWindow,  # noqa: ANN001
) -> None:
    window = annotated_window
    with store(window) as s:
        s.add_label(["07PRAGUE512"], "brief")  # already labelled: not changed, not undone
    prague = query(qtbot, window, "from:prague")
    assert len(prague) == 2
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
        window.annotating.on_results("label", "brief")
    assert changed.args == ["label", 1]
    assert query(qtbot, window, "label:brief") == prague
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.actions["undo"].trigger()
    with store(window) as s:
        assert s.cables_labelled("brief") == {"07PRAGUE512"}


def test_reading_a_cable_marks_it_read_and_the_bar_shows_notes(
    qtbot,
    annotated_window: MainWindow,  # noqa: ANN001
) -> None:
    window = annotated_window
    window.annotating.read_after_ms = 10
    with store(window) as s:
        s.set_starred(["07PRAGUE540"])
        s.add_label(["07PRAGUE540"], "follow up")
        s.set_note("07PRAGUE540", "contradicts <the> Ankara reporting", paragraph=2)
    assert "07PRAGUE540" in query(qtbot, window, "is:unread")
    select_rows(window, "07PRAGUE540")
    row = window.tree.selectionModel().selectedRows(0)[0]
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    bar = window.annotating.bar
    assert bar.isVisible()
    assert "Starred" in bar.text() and "follow up" in bar.text()
    assert "Note on ¶2" in bar.text() and "&lt;the&gt;" in bar.text()
    with store(window) as s:
        qtbot.waitUntil(lambda: "07PRAGUE540" in s.read(), timeout=WAIT_MS)
    assert "07PRAGUE540" not in query(qtbot, window, "is:unread")


def test_a_cable_that_could_not_be_read_shows_nothing_of_the_cable_before(
    qtbot,  # noqa: ANN001
    annotated_window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cable that could not be read (a team's server away and the cable never opened
    here, a damaged index) showed "This cable could not be read" under the bar of the cable
    shown before: "★ Starred" and its labels and notes, as if they were this one's, and the
    References pane went on with that cable's thread."""
    window = annotated_window
    with store(window) as s:
        s.set_starred(["07PRAGUE540"])
    select_rows(window, "07PRAGUE540")
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(window.tree.selectionModel().selectedRows(0)[0])
    assert "Starred" in window.annotating.bar.text() and window.annotating.bar.isVisible()
    window.thread_dock.show()
    qtbot.waitUntil(lambda: "07PRAGUE540" in window.thread_view.heading.text(), timeout=WAIT_MS)

    read = CorpusIndex.cable

    def cable(index: CorpusIndex, key: int) -> Cable:
        found = read(index, key)
        if found.id == "07PRAGUE512":
            raise sqlite3.DatabaseError("database disk image is malformed")
        return found

    monkeypatch.setattr(CorpusIndex, "cable", cable)
    select_rows(window, "07PRAGUE512")
    window.tree.setCurrentIndex(window.tree.selectionModel().selectedRows(0)[0])
    qtbot.waitUntil(
        lambda: window.document.title.text() == "This cable could not be read", timeout=WAIT_MS
    )
    assert "malformed" in window.document.text.toPlainText()
    assert not window.annotating.bar.isVisible()
    assert "07PRAGUE540" not in window.thread_view.heading.text()
    assert window.thread_view.model.thread is None


def test_a_note_from_the_window_is_searchable(qtbot, annotated_window: MainWindow) -> None:  # noqa: ANN001
    window = annotated_window
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
        window.annotating.set_note("07ANKARA1391", "customs hold at Kapikule")
    assert query(qtbot, window, "note:kapikule") == ["07ANKARA1391"]
    assert query(qtbot, window, "has:note") == ["07ANKARA1391"]


def test_nothing_selected_says_what_to_do(qtbot, annotated_window: MainWindow) -> None:  # noqa: ANN001
    window = annotated_window
    window.tree.selectionModel().clearSelection()
    window.annotating.apply("star", [])
    assert "Select one or more cables" in window.statusBar().currentMessage()


def test_a_cable_without_an_id_selected_says_why_it_cannot_be_starred(
    qtbot,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    """Ctrl+D on a selected cable without an ID (a file whose ID the parser could not read)
    said "Select one or more cables first", with the cable selected, and Ctrl+Shift+N on it,
    open, "Open a cable to write a note on it"."""
    window = analyst_window(qtbot, tmp_path, read_after_ms=None)
    folder = tmp_path / "cables"
    folder.mkdir()
    (folder / "scrap.txt").write_text("Notes from a meeting about beef exports.\n")
    try:
        open_and_wait(qtbot, window, str(folder))
        assert tree_ids(window) == ["(no ID) scrap.txt"]
        with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
            window.tree.setCurrentIndex(window.model.index(0, 0))
        assert window.tree.selectionModel().selectedRows(0)
        window.annotating.ask_note()  # Ctrl+Shift+N with it open: "Open a cable" before
        assert window.statusBar().currentMessage() == "This cable has no ID to keep a note by"
        qtbot.keyClick(window.tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        said = window.statusBar().currentMessage()
        assert said.startswith("The selected cable has no ID") and "Select one" not in said
        window.tree.selectionModel().clearSelection()
        window.annotating.apply("star", [])
        assert window.statusBar().currentMessage() == "Select one or more cables first"
    finally:
        window.loader.shutdown()


def test_the_cable_menu_and_the_context_menu_offer_the_actions(
    annotated_window: MainWindow,
) -> None:
    window = annotated_window
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Cable" in titles and titles.index("Cable") < titles.index("Help")
    texts = [a.text().replace("&", "") for a in window.tree_menu().actions()]
    assert {"Star / Unstar", "Mark Read / Unread", "Add Label…", "Note…"} <= set(texts)
    shortcuts = {n: a.shortcut().toString() for n, a in window.annotating.actions.items()}
    assert shortcuts["star"] == "Ctrl+D" and shortcuts["undo"] == "Ctrl+Z"


def test_the_bar_of_the_cable_shown_goes_when_another_folder_is_opened(
    qtbot,  # noqa: ANN001
    annotated_window: MainWindow,
    tmp_path: Path,
) -> None:
    """Opening another folder left "★ Starred" (and the labels and notes) of the last
    folder's cable above a document that shows none of it."""
    window = annotated_window
    with store(window) as s:
        s.set_starred(["07PRAGUE540"])
        s.add_label(["07PRAGUE540"], "follow up")
    select_rows(window, "07PRAGUE540")
    row = window.tree.selectionModel().selectedRows(0)[0]
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    bar = window.annotating.bar
    assert bar.isVisible() and "Starred" in bar.text()
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLES / "2007" / "07PRAGUE512.txt", other)
    open_and_wait(qtbot, window, str(other))
    assert window.document.cable is None
    assert not bar.isVisible()
    # its cable shown: its own bar (nothing starred), not the one before
    select_rows(window, "07PRAGUE512")
    row = window.tree.selectionModel().selectedRows(0)[0]
    with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    assert not bar.isVisible()


def test_a_folder_offers_no_team_commands_it_can_only_refuse(
    annotated_window: MainWindow,
) -> None:
    """Cable > Share a Label with the Team…, Stop Sharing… and Changes the Server Refused…
    were enabled on a folder: a label asked for, then "labels are shared on a team's corpus
    only", or an empty dialog beside "only a team's corpus on a server keeps changes"."""
    actions = annotated_window.annotating.actions
    for name in ("share", "unshare", "refused"):
        assert not actions[name].isEnabled(), name
        assert "team's corpus on a server only" in actions[name].toolTip()
    assert actions["star"].isEnabled() and actions["label_all"].isEnabled()


def test_a_damaged_annotations_file_leaves_the_folder_readable_and_says_why(
    qtbot, tmp_path: Path  # noqa: ANN001
) -> None:
    """Annotations that could not be opened (a file of other bytes) stopped every answer:
    "Query failed: cannot open your annotations ..." in place of the cable, every facet at 0
    and no dates. The folder's own facets and cables come; the status bar says why the
    analyst's own are missing."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "annotations.sqlite3").write_text("not a database\n", encoding="utf-8")
    window = analyst_window(qtbot, tmp_path)
    try:
        failures: list[str] = []
        counts: list[dict] = []
        window.loader.queryFailed.connect(failures.append)
        window.loader.facets.connect(counts.append)
        open_and_wait(qtbot, window, str(samples_copy(tmp_path)))
        qtbot.waitUntil(
            lambda: bool(counts) and sum(v.count for v in counts[-1]["classification"]) == 44,
            timeout=WAIT_MS,
        )
        row = tree_ids(window).index("07PRAGUE512")
        with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
            window.tree.setCurrentIndex(window.model.index(row, 0))
        assert window.document.cable is not None and window.document.cable.id == "07PRAGUE512"
        qtbot.waitUntil(
            lambda: "the file is damaged" in window.statusBar().currentMessage(), timeout=WAIT_MS
        )
        assert failures == []
    finally:
        window.loader.shutdown()
