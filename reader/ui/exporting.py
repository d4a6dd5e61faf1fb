"""File > Export: the selected cables, or every current result, as a CSV table, JSON lines,
or a reading pack (PDF or HTML), written off the UI thread on the loader's job thread with a
progress dialog and its Cancel; a cancelled export leaves no file (it is written under a
temporary name and renamed at the end). The same writers as ``cable-reader export``
(reader/export/export.py, pack.py, pack_pdf.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from reader.annotate.annotations import annotations_path
from reader.export.export_commands import format_of, output_problem, write_export
from reader.query.query import Filter
from reader.ui.loader import BackgroundJob, JobControl
from reader.ui.models.cable_tree import NodeKind, Role
from reader.ui.pack_pdf import write_pdf
from reader.ui.progress import JobRunner

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["FORMATS", "Exporting", "chosen_format"]

#: file-dialog filter -> format
FORMATS = {
    "CSV table (*.csv)": "csv",
    "JSON lines (*.jsonl)": "jsonl",
    "Reading pack, PDF (*.pdf)": "pdf",
    "Reading pack, HTML (*.html)": "html",
}


def chosen_format(path: Path, chosen_filter: str) -> str:
    """The format of an export the file dialog named: what the name says (``brief.pdf`` a
    PDF pack, as ``cable-reader export`` reads it), else the filter chosen. The dialog keeps
    its first filter, CSV, when a name is typed: ``brief.pdf`` was once written as a CSV."""
    return format_of(path) or FORMATS.get(chosen_filter) or "csv"


#: An export of no cable: refused, as ``cable-reader export`` refuses it. One was written
#: (a CSV of its header, a pack of its cover) over any older file of that name.
NOTHING_TO_EXPORT = (
    "no cable is in the current results, so nothing was written (a file of that name stays"
    " as it was)"
)


@dataclass(frozen=True)
class ExportJob:
    """The job: the chosen cables (``keys``, or every one ``f`` finds), written. Picklable:
    a PDF is drawn in a child process (see Loader.start_job)."""

    keys: list[int]
    f: Filter
    fmt: str
    path: Path
    notes: Path

    def __call__(self, index: Any, control: JobControl) -> tuple[str, int, int]:
        every = index.keys(self.f)
        index.annotations_path = self.notes
        chosen = self.keys or every
        if not chosen:  # (the folder changed since the window's answer): as `export` says
            raise ValueError(NOTHING_TO_EXPORT)
        n = write_export(
            index, chosen, self.f, self.fmt, self.path, total=len(chosen), pdf_writer=write_pdf,
            progress=control.progress, cancelled=control.cancelled,
        )  # fmt: skip
        return str(self.path), n, len(every)


def _export_job(keys: list[int], f: Filter, fmt: str, path: Path, notes: Path) -> BackgroundJob:
    return ExportJob(keys, f, fmt, path, notes)


class Exporting(QObject):
    """Installed on the window by ``Exporting(window)``: File > Export… (Ctrl+E)."""

    #: (path, cables written) once a file is written
    exported = Signal(str, int)
    #: (path) when an export was cancelled (nothing written) or failed
    abandoned = Signal(str)

    def __init__(self, window: MainWindow, notes: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.notes = notes or annotations_path()
        #: the export running now, if any
        self.runner: JobRunner | None = None
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

    def nothing_to_export(self) -> bool:
        """True, said in the status bar, when the results shown are none (the folder
        loaded): nothing to export or print. (The job refuses too, should the folder have
        changed since.)"""
        window = self.window
        if window.loader.loading or window.model.keys or window.loader.index() is None:
            return False
        window.statusBar().showMessage(f"Nothing to export or print: {NOTHING_TO_EXPORT}", 15000)
        return True

    def ask(self) -> None:
        if self.nothing_to_export():
            return
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Export", str(Path.home() / "cables.csv"), ";;".join(FORMATS)
        )
        if name:
            self.export_to(Path(name), chosen_format(Path(name), chosen))

    def export_to(self, path: Path, fmt: str) -> bool:
        """Write the export off the UI thread, with a progress dialog that can cancel it;
        False when no folder is open, an export is running already, or ``path`` cannot be
        written (its folder missing, or inside the folder being read: the status bar says)."""
        if self.runner is not None:
            self.window.statusBar().showMessage("An export is running: wait, or cancel it", 5000)
            return False
        problem = output_problem(path, self.window.loader.root)
        if problem is not None:
            self.window.statusBar().showMessage(problem[0].upper() + problem[1:], 15000)
            return False
        if self.nothing_to_export():
            return False
        keys = self.selected_keys()
        f = self.window.current_filter()
        what = f"{len(keys):,} selected cables" if keys else "the current results"
        runner = JobRunner(
            self.window.loader, _export_job(keys, f, fmt, path, self.notes), self.window,
            title="Export", label=f"Writing {what} to {path.name}…",
            # drawing a PDF is work in Qt, which would hold up the window in this process
            in_process=fmt == "pdf",
        )  # fmt: skip
        runner.done.connect(self._on_result)
        runner.failed.connect(
            lambda message: self._ended(path, f"The export to {path} failed: {message}")
        )
        runner.cancelled.connect(
            lambda: self._ended(path, f"Export cancelled: {path.name} was not written")
        )
        if not runner.start():
            self.window.statusBar().showMessage("Open a folder first", 5000)
            return False
        self.runner = runner
        self.window.statusBar().showMessage(f"Exporting {what} to {path.name}…")
        return True

    def cancel(self) -> None:
        """Stop the running export, if any: its file is not written."""
        if self.runner is not None:
            self.runner.cancel()

    def _on_result(self, result: object) -> None:
        self.runner = None
        assert isinstance(result, tuple)
        path, n, total = result
        self.window.statusBar().showMessage(
            f"Wrote {n:,} cable{'s' if n != 1 else ''} to {path} ({total:,} in the results)",
            10000,
        )
        self.exported.emit(path, n)

    def _ended(self, path: Path, message: str) -> None:
        self.runner = None
        self.window.statusBar().showMessage(message, 15000)
        self.abandoned.emit(str(path))
