"""File > Print (Ctrl+P): the selected cables, or every current result, as the pages of the
PDF reading pack (reader/ui/pack_pdf.py's ``paint_pack`` draws on the printer), shown first
in a print preview.

The cables are read and the pack gathered on the loader's job thread, with a progress
dialog and its Cancel; the preview then draws the pages (Qt draws a preview on the thread of
its window).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from reader.corpus.export_commands import read_pack
from reader.corpus.pack import Pack
from reader.corpus.query import Filter
from reader.ui.loader import BackgroundJob, JobControl
from reader.ui.pack_pdf import RESOLUTION, pack_page_layout, paint_pack
from reader.ui.progress import JobRunner

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["Printing", "pack_printer"]


def pack_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    """A printer set up for the pack's pages: A4 upright, drawn to the paper's edges, at the
    PDF's resolution, so that the pages break where the PDF's do."""
    printer = QPrinter(mode)
    printer.setFullPage(True)
    printer.setPageLayout(pack_page_layout())
    printer.setResolution(RESOLUTION)
    printer.setDocName("Reading pack")
    printer.setCreator("Cable Reader")
    return printer


def _pack_job(keys: list[int], f: Filter, notes: Path) -> BackgroundJob:
    """The job: the pack of the chosen cables (``keys``, or every one ``f`` finds)."""

    def job(index: Any, control: JobControl) -> Pack:
        index.annotations_path = notes
        chosen = keys or index.keys(f)
        return read_pack(
            index, chosen, f, total=len(chosen),
            progress=control.progress, cancelled=control.cancelled,
        )  # fmt: skip

    return job


class Printing(QObject):
    """Installed on the window by ``Printing(window)``: File > Print… (Ctrl+P)."""

    #: the pack is gathered and its preview open (the dialog)
    previewShown = Signal(object)
    #: pages drawn on a printer (the preview's or a real one)
    printed = Signal(int)

    def __init__(self, window: MainWindow, notes: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.notes = notes or window.annotating.path
        self.runner: JobRunner | None = None
        self.preview: QPrintPreviewDialog | None = None
        self.pack: Pack | None = None
        self.action = QAction("&Print…", window)
        self.action.setShortcut(QKeySequence("Ctrl+P"))
        self.action.setStatusTip(
            "Print the selected cables, or every current result, as a reading pack (Ctrl+P)"
        )
        self.action.triggered.connect(self.ask)
        window.addAction(self.action)

    def ask(self) -> bool:
        """Gather the pack off the UI thread, then show the preview; False when no folder is
        open or a pack is being gathered already."""
        if self.runner is not None:
            return False
        keys = self.window.exporting.selected_keys()
        what = f"{len(keys):,} selected cables" if keys else "the current results"
        runner = JobRunner(
            self.window.loader, _pack_job(keys, self.window.current_filter(), self.notes),
            self.window, title="Print", label=f"Reading {what}…",
        )  # fmt: skip
        runner.done.connect(self._on_pack)
        runner.failed.connect(lambda message: self._ended(f"Cannot print: {message}"))
        runner.cancelled.connect(lambda: self._ended("Printing cancelled"))
        if not runner.start():
            self.window.statusBar().showMessage("Open a folder first", 5000)
            return False
        self.runner = runner
        return True

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()

    def _ended(self, message: str) -> None:
        self.runner = None
        self.window.statusBar().showMessage(message, 10000)

    def _on_pack(self, pack: object) -> None:
        self.runner = None
        assert isinstance(pack, Pack)
        self.show_preview(pack)

    def show_preview(self, pack: Pack) -> QPrintPreviewDialog:
        """The print preview of ``pack``; its Print button prints the same pages."""
        self.pack = pack
        printer = pack_printer()
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(f"Print Preview: {len(pack.cables):,} cables")
        dialog.paintRequested.connect(lambda device: self.print_to(device, pack))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.resize(900, 1000)
        self.preview = dialog
        dialog.open()
        self.previewShown.emit(dialog)
        return dialog

    def _forget(self, dialog: QPrintPreviewDialog) -> None:
        if self.preview is dialog:
            self.preview = None
        dialog.deleteLater()

    def print_to(self, printer: QPrinter, pack: Pack | None = None) -> int:
        """Draw the pack's pages on ``printer``; the number of pages."""
        pack = pack or self.pack
        if pack is None:
            return 0
        pages = paint_pack(pack, printer)
        self.printed.emit(pages)
        return pages
