"""Long work in the window (a reading pack of thousands of cables, a batch search of hundreds
of terms) run on the loader's job thread (reader/ui/loader.py, ``Loader.start_job``), with a
progress dialog and its Cancel, so the window stays usable while it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from reader.ui.loader import BackgroundJob

if TYPE_CHECKING:
    from reader.ui.loader import Loader

__all__ = ["JobRunner"]

#: The dialog shows only for work that lasts longer than this (ms): a moment needs none.
SHOW_AFTER_MS = 400


class JobRunner(QObject):
    """One background job: its progress, its end, and (with ``title``) a progress dialog
    whose Cancel stops it. Emits exactly one of ``done``, ``failed`` or ``cancelled``."""

    progressed = Signal(int, int, object)  # done, total, results made since the last report
    done = Signal(object)  # the job's result
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        loader: Loader,
        job: BackgroundJob,
        parent: QWidget,
        *,
        title: str | None = None,
        label: str = "",
        in_process: bool = False,
    ) -> None:
        super().__init__(parent)
        self.loader = loader
        self.job = job
        self.in_process = in_process
        self.request: int | None = None
        self.dialog: QProgressDialog | None = None
        if title is not None:
            dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
            dialog.setWindowTitle(title)
            # not modal: the analyst may go on reading while a pack is drawn
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setMinimumDuration(SHOW_AFTER_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            self.dialog = dialog

    def start(self) -> bool:
        """Start the job; False when no folder is open."""
        self.request = self.loader.start_job(self.job, in_process=self.in_process)
        if self.request is None:
            self._close()
            return False
        self.loader.jobProgress.connect(self._on_progress)
        self.loader.jobDone.connect(self._on_done)
        self.loader.jobFailed.connect(self._on_failed)
        self.loader.jobCancelled.connect(self._on_cancelled)
        if self.dialog is not None:
            self.dialog.setValue(0)  # starts the dialog's clock: it shows if the job lasts
        return True

    @property
    def running(self) -> bool:
        return self.request is not None and self.loader.job_running(self.request)

    def cancel(self) -> None:
        if self.request is not None:
            self.loader.cancel_job(self.request)
            if self.dialog is not None:
                self.dialog.setLabelText("Cancelling…")

    def _on_progress(self, request: int, done: int, total: int, items: object) -> None:
        if request != self.request:
            return
        if self.dialog is not None and not self.dialog.wasCanceled():
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))
        self.progressed.emit(done, total, items)

    def _on_done(self, request: int, result: object) -> None:
        if request == self.request:
            self._end()
            self.done.emit(result)

    def _on_failed(self, request: int, message: str) -> None:
        if request == self.request:
            self._end()
            self.failed.emit(message)

    def _on_cancelled(self, request: int) -> None:
        if request == self.request:
            self._end()
            self.cancelled.emit()

    def _end(self) -> None:
        self.loader.jobProgress.disconnect(self._on_progress)
        self.loader.jobDone.disconnect(self._on_done)
        self.loader.jobFailed.disconnect(self._on_failed)
        self.loader.jobCancelled.disconnect(self._on_cancelled)
        self._close()
        self.deleteLater()

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
