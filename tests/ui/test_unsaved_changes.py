"""Changes to the annotations the store cannot write (reader/ui/unsaved_changes.py): said
with the file and the reason, kept in order, written when tried again, asked about on
closing, and an undo of one never written drops it. The fault is SQLite's own answer to a
full disk, raised where the store writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window, samples_copy

from reader.annotate.annotations import Annotations
from reader.ui.widgets.main_window import MainWindow


class Disk:
    """Whether the annotations' disk is full: each write then fails as SQLite says."""

    full = False


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    state = Disk()
    for name in ("_flag", "set_note", "add_label", "save_search"):
        real = getattr(Annotations, name)

        def write(self: Annotations, *args: object, _real=real, **kw: object) -> object:  # noqa: ANN001
            if state.full:
                raise sqlite3.OperationalError("database or disk is full")
            return _real(self, *args, **kw)

        monkeypatch.setattr(Annotations, name, write)
    return state


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    opened = analyst_window(qtbot, tmp_path)
    open_and_wait(qtbot, opened, str(samples_copy(tmp_path)))
    yield opened
    opened.annotating.unsaved.discard()  # the fixture's close asks nothing
    opened.loader.shutdown()


def stored(window: MainWindow) -> tuple[set[str], list[str]]:
    with Annotations.open(window.annotating.path, backup=False) as s:
        return s.starred(), [n.text for n in s.notes_of("07PRAGUE512")]


def test_changes_a_full_disk_refuses_are_said_kept_and_written_in_order_later(
    qtbot,
    window: MainWindow,
    disk: Disk,  # noqa: ANN001
) -> None:
    unsaved = window.annotating.unsaved
    disk.full = True
    window.annotating.apply("star", ["07PRAGUE512"])
    qtbot.waitUntil(lambda: unsaved.button.isVisible() and not unsaved._busy, timeout=WAIT_MS)
    said = window.statusBar().currentMessage()
    assert "Not saved: Star 07PRAGUE512: " in said
    assert str(window.annotating.path) in said and "database or disk is full" in said
    assert unsaved.button.text() == "⚠ 1 change not saved"
    assert str(window.annotating.path) in unsaved.button.toolTip()
    # a note and an unstar made meanwhile wait behind the star, in order
    window.annotating.set_note("07PRAGUE512", "contradicts ¶3 of 07PRAGUE497")
    qtbot.waitUntil(lambda: len(unsaved.pending) == 2 and not unsaved._busy, timeout=WAIT_MS)
    window.annotating.apply("unstar", ["07PRAGUE512"])
    window.annotating.apply("star", ["07PRAGUE540"])
    qtbot.waitUntil(lambda: len(unsaved.pending) == 4 and not unsaved._busy, timeout=WAIT_MS)
    assert [e.what for e in unsaved.pending] == [
        "Star 07PRAGUE512",
        "The note on 07PRAGUE512: “contradicts ¶3 of 07PRAGUE497”",
        "Unstar 07PRAGUE512",
        "Star 07PRAGUE540",
    ]
    assert stored(window) == (set(), [])

    # closing asks; Cancel keeps the window and the changes
    asked: list[str] = []

    def cancel(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    qtbot.waitUntil(lambda: not unsaved._busy, timeout=WAIT_MS)
    original = QMessageBox.warning
    QMessageBox.warning = cancel  # type: ignore[method-assign]
    try:
        assert not window.close()
    finally:
        QMessageBox.warning = original  # type: ignore[method-assign]
    assert window.isVisible() and len(unsaved.pending) == 4
    assert "4 changes to your annotations could not be written: " in asked[0]
    assert str(window.annotating.path) in asked[0] and "database or disk is full" in asked[0]

    # room again: tried again, written in the order they were made
    disk.full = False
    unsaved.retry()
    qtbot.waitUntil(lambda: not unsaved.pending, timeout=WAIT_MS)
    assert stored(window) == ({"07PRAGUE540"}, ["contradicts ¶3 of 07PRAGUE497"])
    assert not unsaved.button.isVisible()


def test_an_undo_of_a_change_never_written_drops_it(qtbot, window: MainWindow, disk: Disk) -> None:  # noqa: ANN001
    unsaved = window.annotating.unsaved
    disk.full = True
    window.annotating.apply("label", ["07PRAGUE512"], "brief")
    qtbot.waitUntil(lambda: unsaved.button.isVisible() and not unsaved._busy, timeout=WAIT_MS)
    window.annotating.actions["undo"].trigger()
    assert unsaved.pending == [] and not unsaved.button.isVisible()
    disk.full = False
    window.annotating.apply("star", ["07PRAGUE540"])
    qtbot.waitUntil(lambda: not unsaved.pending, timeout=WAIT_MS)
    with Annotations.open(window.annotating.path, backup=False) as s:
        assert s.labels_of("07PRAGUE512") == [] and s.starred() == {"07PRAGUE540"}


def test_a_saved_search_a_full_disk_refuses_is_kept_and_saved_later(
    qtbot,
    window: MainWindow,
    disk: Disk,  # noqa: ANN001
) -> None:
    unsaved = window.annotating.unsaved
    window.pane.query.setText("tag:PREL")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    disk.full = True
    window.saved_searches.save("political")
    qtbot.waitUntil(lambda: unsaved.button.isVisible() and not unsaved._busy, timeout=WAIT_MS)
    assert [e.what for e in unsaved.pending] == ["Save the search “political”"]
    assert "database or disk is full" in window.statusBar().currentMessage()
    disk.full = False
    unsaved.retry()
    qtbot.waitUntil(lambda: not unsaved.pending, timeout=WAIT_MS)
    with Annotations.open(window.annotating.path, backup=False) as s:
        assert [(x.name, x.query) for x in s.saved_searches()] == [("political", "tag:PREL")]


def test_closing_writes_what_waits_and_asks_only_after_a_failure(
    qtbot,
    window: MainWindow,
    disk: Disk,  # noqa: ANN001
) -> None:
    unsaved = window.annotating.unsaved
    window.annotating.apply("star", ["07PRAGUE512"])
    window.annotating.apply("star", ["07PRAGUE540"])
    window.annotating.apply("label", ["07PRAGUE540"], "brief")
    assert unsaved.confirm_close()  # nothing failed: no question, nothing left behind
    assert unsaved.pending[:1] == unsaved.pending  # at most the one on its way
    window.loader.shutdown()  # (which ends the thread that writes it)
    with Annotations.open(window.annotating.path, backup=False) as s:
        assert s.starred() == {"07PRAGUE512", "07PRAGUE540"}
        assert s.labels_of("07PRAGUE540") == ["brief"]


def test_a_change_the_store_refuses_is_said_and_not_kept(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    unsaved = window.annotating.unsaved
    for name in ("first", "second"):
        window.saved_searches.save(name)
        qtbot.waitUntil(lambda: not unsaved.pending, timeout=WAIT_MS)
    window.saved_searches.rename("second", "first")  # a name taken: asked again, the same
    qtbot.waitUntil(lambda: not unsaved.pending, timeout=WAIT_MS)
    said = window.statusBar().currentMessage()
    assert "Not done: Rename the saved search “second” to “first”" in said
    assert "there is a saved search named 'first' already" in said
    assert not unsaved.button.isVisible() and unsaved.confirm_close()


def _show(qtbot, window: MainWindow, cable_id: str) -> None:  # noqa: ANN001
    """Make the cable's row current and wait until the document shows it."""
    model = window.model
    model.fetch_all()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == cable_id)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(model.index(row, 0))


def test_a_cable_marked_read_by_reading_on_a_full_disk_is_kept_and_written_later(
    qtbot,
    window: MainWindow,
    disk: Disk,  # noqa: ANN001
) -> None:
    """Reading a cable marks it read: on a full disk that mark was said once and lost (and
    no cable read after it was marked); it waits in the queue as a star does."""
    unsaved = window.annotating.unsaved
    window.annotating.read_after_ms = 10
    disk.full = True
    _show(qtbot, window, "07PRAGUE512")
    qtbot.waitUntil(lambda: unsaved.button.isVisible() and not unsaved._busy, timeout=WAIT_MS)
    assert [e.what for e in unsaved.pending] == ["Mark read 07PRAGUE512"]
    assert "Not saved: Mark read 07PRAGUE512: " in window.statusBar().currentMessage()
    # the next cable read is marked too, behind it
    _show(qtbot, window, "07PRAGUE540")
    qtbot.waitUntil(lambda: len(unsaved.pending) == 2 and not unsaved._busy, timeout=WAIT_MS)
    assert unsaved.button.text() == "⚠ 2 changes not saved"
    with Annotations.open(window.annotating.path, backup=False) as s:
        assert s.read() == set()
    disk.full = False
    unsaved.retry()
    qtbot.waitUntil(lambda: not unsaved.pending, timeout=WAIT_MS)
    with Annotations.open(window.annotating.path, backup=False) as s:
        assert s.read() == {"07PRAGUE512", "07PRAGUE540"}
