"""What the window's tests do as an analyst would, shared by them: the window made as the app
makes it (its settings and annotations in the test's own folder), a copy of the bundled
samples to open, a query typed, the IDs the tree shows."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from waiting import WAIT_MS

from reader.model.bundled import SAMPLES
from reader.query.query import FacetValue
from reader.ui.loader import IndexOpener
from reader.ui.models.cable_tree import Column
from reader.ui.widgets.date_histogram import DateHistogram
from reader.ui.widgets.main_window import MainWindow


def analyst_window(qtbot, tmp_path: Path, *, read_after_ms: int | None = 0) -> MainWindow:  # noqa: ANN001
    """The window on the real index (``tmp_path``/index), its settings and the analyst's
    annotations (``tmp_path``/data/annotations.sqlite3) in ``tmp_path``, shown at 1400x900.
    ``read_after_ms``: the setting for how long a cable is shown before it is marked read
    (0, the tests' default: marked read by hand; None: the app's own)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    if read_after_ms is not None:
        settings.setValue("annotations/read_after_ms", read_after_ms)
    window = MainWindow(
        settings=settings,
        factory=IndexOpener(tmp_path / "index", tmp_path / "data" / "annotations.sqlite3"),
    )
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    return window


def samples_copy(tmp_path: Path, name: str = "cables") -> Path:
    """A copy of the bundled sample folder (resources/samples) at ``tmp_path``/``name``."""
    copy = tmp_path / name
    shutil.copytree(SAMPLES, copy)
    return copy


def typed_query(qtbot, window: MainWindow, text: str) -> None:  # noqa: ANN001
    """``text`` typed in the filter pane's query and Return pressed; its results shown."""
    window.pane.query.setText(text)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)


def tree_ids(window: MainWindow) -> list[str]:
    """The IDs of the tree's cable rows, every page fetched, in the tree's order."""
    window.model.fetch_all()
    return [window.model.index(r, Column.ID).data() for r in range(window.model.rowCount())]


def select_rows(window: MainWindow, *cable_ids: str) -> None:
    """The tree's rows of these cables selected, and no other (every page fetched)."""
    model = window.model
    model.fetch_all()
    selection = window.tree.selectionModel()
    selection.clearSelection()
    for r in range(model.rowCount()):
        if model.index(r, Column.ID).data() in cable_ids:
            selection.select(
                model.index(r, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def shown_histogram(qtbot, months: list[FacetValue]) -> DateHistogram:  # noqa: ANN001
    """A date histogram of ``months``' counts, shown at 300x84."""
    histogram = DateHistogram()
    qtbot.addWidget(histogram)
    histogram.resize(300, 84)
    histogram.show()
    histogram.set_counts(months)
    return histogram
