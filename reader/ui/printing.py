"""File > Print (Ctrl+P): the selected cables, or every current result, as the pages of the
PDF reading pack (reader/ui/pack_pdf.py's ``paint_pack`` draws on the printer), shown first
in a print preview.

The cables are read and the pack gathered on the loader's job thread, with a progress
dialog and its Cancel; the preview then draws the pages (Qt draws a preview on the thread of
its window). A pack of more than PREVIEW_LIMIT cables would take the window for as long as
its pages take to draw, so it goes to the print dialog instead and is drawn on the chosen
printer by a child process, with a progress dialog whose Cancel stops it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

from reader.export.export_commands import ExportCancelled, read_pack, replacing
from reader.export.pack import Pack
from reader.query.query import Filter
from reader.ui.loader import BackgroundJob, JobControl
from reader.ui.pack_pdf import RESOLUTION, ensure_gui, pack_page_layout, paint_pack
from reader.ui.progress import JobRunner

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["PREVIEW_LIMIT", "PrintJob", "PrinterSettings", "Printing", "pack_printer"]

#: The most cables whose pages the preview draws (on the window's thread) before printing:
#: a cable's pages take 20-50 ms to lay out and draw, so a bigger pack held the window for
#: seconds (1,000 cables: 48 s), and goes to the print dialog and a child process instead.
PREVIEW_LIMIT = 25


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


@dataclass(frozen=True)
class PrinterSettings:
    """What the print dialog chose, to set up the same printer in a child process."""

    printer_name: str
    output_file: str  # a PDF file ("Print to File"), or "" for the printer
    copies: int = 1
    duplex: int = 0  # a QPrinter.DuplexMode's value
    colour: bool = True

    @classmethod
    def of(cls, printer: QPrinter) -> PrinterSettings:
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        return cls(
            printer.printerName(),
            printer.outputFileName() if to_file else "",
            printer.copyCount(),
            printer.duplex().value,
            printer.colorMode() == QPrinter.ColorMode.Color,
        )

    def printer(self, output_file: str | None = None) -> QPrinter:
        printer = pack_printer()
        if self.output_file:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(output_file or self.output_file)
        else:
            printer.setPrinterName(self.printer_name)
        printer.setCopyCount(self.copies)
        printer.setDuplex(QPrinter.DuplexMode(self.duplex))
        printer.setColorMode(
            QPrinter.ColorMode.Color if self.colour else QPrinter.ColorMode.GrayScale
        )
        return printer


@dataclass(frozen=True)
class PrintJob:
    """The pack of the chosen cables (``keys``, or every one ``f`` finds) drawn on the
    printer of ``settings``, in a child process (picklable). Cancelled, a print job is
    aborted and a file (Print to File) is not written."""

    keys: list[int]
    f: Filter
    notes: Path
    settings: PrinterSettings

    def __call__(self, index: Any, control: JobControl) -> int:
        ensure_gui()
        index.annotations_path = self.notes
        chosen = self.keys or index.keys(self.f)
        steps = 3 * len(chosen)  # read, then pages counted, then drawn

        def drawn(done: int, _total: int) -> None:
            control.progress(len(chosen) + done, steps)

        pack = read_pack(
            index, chosen, self.f, total=len(chosen),
            progress=lambda done, _: control.progress(done, steps), cancelled=control.cancelled,
        )  # fmt: skip
        if not self.settings.output_file:
            return self._draw(pack, self.settings.printer(), control, drawn)
        with replacing(Path(self.settings.output_file)) as part:
            return self._draw(pack, self.settings.printer(str(part)), control, drawn)

    @staticmethod
    def _draw(pack: Pack, printer: QPrinter, control: JobControl, drawn: Any) -> int:
        pages = paint_pack(pack, printer, cancelled=control.cancelled, progress=drawn)
        if control.cancelled():
            with contextlib.suppress(RuntimeError):
                printer.abort()
            raise ExportCancelled
        return pages


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
    #: printing was cancelled or failed: what the status bar says
    abandoned = Signal(str)

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
        """Gather the pack off the UI thread, then show the preview (for a pack too big to
        preview, the print dialog, then print it in the background); False when no folder
        is open or a pack is being gathered or printed already."""
        if self.runner is not None or self.window.exporting.nothing_to_export():
            return False
        keys = self.window.exporting.selected_keys()
        if len(keys or self.window.model.keys) > PREVIEW_LIMIT:
            printer = pack_printer()
            dialog = QPrintDialog(printer, self.window)
            dialog.setWindowTitle(
                f"Print {len(keys or self.window.model.keys):,} cables (too many to preview)"
            )
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return False
            return self.print_in_background(PrinterSettings.of(printer))
        what = f"{len(keys):,} selected cables" if keys else "the current results"
        runner = JobRunner(
            self.window.loader, _pack_job(keys, self.window.current_filter(), self.notes),
            self.window, title="Print", label=f"Reading {what}…",
        )  # fmt: skip
        return self._start(runner, self._on_pack)

    def print_in_background(self, settings: PrinterSettings) -> bool:
        """Print the selected cables, or every current result, on the printer of
        ``settings`` from a child process, with a progress dialog and its Cancel."""
        if self.runner is not None:
            return False
        keys = self.window.exporting.selected_keys()
        what = f"{len(keys):,} selected cables" if keys else "the current results"
        job = PrintJob(keys, self.window.current_filter(), self.notes, settings)
        runner = JobRunner(
            self.window.loader, job, self.window, title="Print",
            label=f"Printing {what}…", in_process=True,
        )  # fmt: skip
        if not self._start(runner, self._on_printed):
            return False
        self.window.statusBar().showMessage(f"Printing {what}…")
        return True

    def _start(self, runner: JobRunner, done: Callable[[object], None]) -> bool:
        """Start ``runner`` with ``done`` for its result and a message for a failure or a
        cancel; False (and said) when no folder is open."""
        runner.done.connect(done)
        runner.failed.connect(lambda message: self._ended(f"Cannot print: {message}"))
        runner.cancelled.connect(lambda: self._ended("Printing cancelled"))
        if not runner.start():
            self.window.statusBar().showMessage("Open a folder first", 5000)
            return False
        self.runner = runner
        return True

    def _on_printed(self, pages: object) -> None:
        self.runner = None
        assert isinstance(pages, int)
        self.window.statusBar().showMessage(f"Printed {pages:,} pages", 10000)
        self.printed.emit(pages)

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()

    def _ended(self, message: str) -> None:
        self.runner = None
        self.window.statusBar().showMessage(message, 10000)
        self.abandoned.emit(message)

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
