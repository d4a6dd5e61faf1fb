"""The window and ``cable-reader index`` on the same folder at once: what the window says
follows what the index holds. Its load's last answer may be asked before the other
process has written the cables; the document said "No cables in ..." above a tree that
then filled in with every cable of the folder."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window

from reader.index.store import CorpusIndex
from reader.model.bundled import SAMPLES
from reader.ui.loader import IndexOpener
from reader.ui.widgets.main_window import MainWindow

SELECT = "Select a cable to read it."


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    opened = analyst_window(qtbot, tmp_path, read_after_ms=None)
    yield opened
    opened.loader.shutdown()


def test_no_cables_said_is_taken_back_when_another_process_indexes_them(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    folder = tmp_path / "cables"
    folder.mkdir()
    open_and_wait(qtbot, window, str(folder))
    qtbot.waitUntil(lambda: window.document.text.toPlainText() != SELECT, timeout=WAIT_MS)
    assert window.document.text.toPlainText().startswith(f"No cables in {folder}")
    # the cables come, indexed by another process (as `cable-reader index` does), and the
    # window asks its index again (as any change of the filter does)
    shutil.copytree(SAMPLES / "2007", folder / "2007")
    with CorpusIndex.open(folder, cache_dir=tmp_path / "index") as other:
        other.refresh(workers=0)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.requery()
    assert window.model.rowCount() == 5
    assert window.document.text.toPlainText() == SELECT


class _FillsUp:
    """Opens the folder's real index, whose refresh stops with SQLite's own word for a full
    disk once it has written what it could (here: the whole folder, in one step)."""

    def __init__(self, cache: Path, annotations: Path) -> None:
        self._opener = IndexOpener(cache, annotations)
        self.annotations = annotations

    def __call__(self, root: str) -> CorpusIndex:
        index = self._opener(root)
        refresh = index.refresh

        def fills_up(*args: object, **kw: object) -> object:
            refresh(*args, **kw)  # type: ignore[arg-type]
            raise sqlite3.OperationalError("database or disk is full")

        index.refresh = fills_up  # type: ignore[method-assign]
        return index


def test_a_load_stopped_by_a_full_disk_shows_what_was_read_and_keeps_the_reason(
    qtbot,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        settings=settings,
        factory=_FillsUp(tmp_path / "index", tmp_path / "data" / "annotations.sqlite3"),
    )
    qtbot.addWidget(window)
    window.show()
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2007", folder)
    try:
        with qtbot.waitSignal(window.loader.failed, timeout=WAIT_MS):
            window.open_path(str(folder))
        qtbot.waitUntil(lambda: window.model.rowCount() == 5, timeout=WAIT_MS)
        text = window.document.text.toPlainText()
        assert window.document.title.text() == "Loading stopped"
        assert f"Loading {folder} failed: database or disk is full" in text
        qtbot.waitUntil(lambda: "loading…" not in window.count_label.text(), timeout=WAIT_MS)
        assert window.count_label.text().startswith("5 of 5 cables")
    finally:
        window.loader.shutdown()
