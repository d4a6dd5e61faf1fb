"""File > Export: the selected cables, or every current result, as a CSV table, JSON lines,
or a reading pack (PDF or HTML), written off the UI thread on the loader's look-up thread.
The same writers as ``cable-reader export`` (reader/corpus/export.py, pack.py, pack_pdf.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from reader.corpus.export_commands import write_export
from reader.corpus.index_protocol import Index
from reader.corpus.query import Filter
from reader.ui.models.cable_tree import NodeKind, Role
from reader.ui.pack_pdf import write_pdf

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["FORMATS", "Exporting"]

#: file-dialog filter -> format
FORMATS = {
    "CSV table (*.csv)": "csv",
    "JSON lines (*.jsonl)": "jsonl",
    "Reading pack, PDF (*.pdf)": "pdf",
    "Reading pack, HTML (*.html)": "html",
}
_KIND = "export"


def _export_job(
    keys: list[int], f: Filter, fmt: str, path: Path
) -> Callable[[Index], tuple[str, int, int]]:
    """The look-up job: the chosen cables (``keys``, or every one ``f`` finds), written with
    the analyst's annotations as the index reads them (Index.annotations)."""

    def job(index: Index) -> tuple[str, int, int]:
        every = index.keys(f)
        chosen = keys or every
        n = write_export(index, chosen, f, fmt, path, total=len(chosen), pdf_writer=write_pdf)
        return str(path), n, len(every)

    return job


class Exporting(QObject):
    """Installed on the window by ``Exporting(window)``: File > Export… (Ctrl+E)."""

    #: (path, cables written) once a file is written
    exported = Signal(str, int)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._counter = 0
        self.action = QAction("&Export…", window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setStatusTip(
            "Export the selected cables, or every current result, as CSV, JSON lines or a "
            "reading pack (Ctrl+E)"
        )
        self.action.triggered.connect(self.ask)
        window.addAction(self.action)

    def selected_keys(self) -> list[int]:
        """The keys of the selected cables when more than one is selected (a selection of
        one is where the reader is, not a choice): else every result is exported."""
        keys: list[int] = []
        for index in self.window.tree.selectionModel().selectedRows(0):
            while index.parent().isValid():
                index = index.parent()
            if index.data(Role.KIND) == NodeKind.CABLE:
                keys.append(index.data(Role.KEY))
        keys = list(dict.fromkeys(keys))
        return keys if len(keys) > 1 else []

    def ask(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Export", str(Path.home() / "cables.csv"), ";;".join(FORMATS)
        )
        if name:
            self.export_to(Path(name), FORMATS.get(chosen) or _format_of(Path(name)))

    def export_to(self, path: Path, fmt: str) -> bool:
        """Write the export off the UI thread; False when no folder is open."""
        keys = self.selected_keys()
        f = self.window.current_filter()
        self._counter += 1
        request = self.window.loader.run(
            f"{_KIND}:{self._counter}", _export_job(keys, f, fmt, path), self._written, self._failed
        )
        if request is None:
            self.window.statusBar().showMessage("Open a folder first", 5000)
            return False
        what = f"{len(keys):,} selected cables" if keys else "the current results"
        self.window.statusBar().showMessage(f"Exporting {what} to {path.name}…")
        return True

    def _written(self, result: tuple[str, int, int]) -> None:
        path, n, total = result
        self.window.statusBar().showMessage(
            f"Wrote {n:,} cable{'s' if n != 1 else ''} to {path} ({total:,} in the results)",
            10000,
        )
        self.exported.emit(path, n)

    def _failed(self, message: str) -> None:
        self.window.statusBar().showMessage(f"The export failed: {message}", 15000)


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("csv", "jsonl", "pdf", "html") else "csv"
