"""Changes to the analyst's annotations that could not be written (a full disk, a data folder
made read-only, a file another program holds): kept in the window in the order they were
made, said with the file and the reason, and written when tried again, never dropped without
the analyst's word.

Every change the analyst makes (a star, a label, a note, a cable marked read by reading it)
goes through one queue: it is written when those before it are, so a change tried again
never lands after a later one (a star kept while its unstar was written would star the
cable again). While one waits, a
button in the status bar says how many; it offers Try Again and Discard, the next change
tries them all again, and so does opening a folder. Closing the window with changes kept
asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QToolButton

from reader.annotate.annotations import AnnotationError, NotSaved
from reader.index.index_protocol import Index, Refused
from reader.model.wording import counted

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["Unsaved", "UnsavedChanges"]


@dataclass(frozen=True)
class _Refusal:
    """A change the store will not make however often asked (a role that may only read, a
    saved search's name taken): said, and not kept."""

    message: str


def _kept_if_failed(job: Callable[[Index], Any]) -> Callable[[Index], Any]:
    """``job``, a refusal answered as _Refusal rather than raised: only a change that could
    not be written now (the disk, the folder, a server away) is kept to be tried again."""

    def run(index: Index) -> Any:
        try:
            return job(index)
        except NotSaved:
            raise
        except (Refused, AnnotationError) as exc:
            return _Refusal(str(exc))

    return run


@dataclass(eq=False)
class Unsaved:
    """One change asked for: what it is (in the analyst's words), the job that writes it
    (on the loader's look-up thread), and what the window does once it is written."""

    what: str
    job: Callable[[Index], Any]
    then: Callable[[Any], None]
    #: the folder (or corpus) the window showed when it was asked: ``then`` speaks of that
    #: folder's rows, and is left out once another is open
    root: str
    #: the undo command that asked it, if any (an undo of a change never written drops it)
    command: object | None = None
    #: told when the store refuses it for good (a role that may only read), after it is said
    refused: Callable[[], None] | None = None


class UnsavedChanges(QObject):
    """The queue of the analyst's changes, and the status bar button that shows it."""

    #: how many changes wait to be written (0: all written, or discarded)
    waiting = Signal(int)

    def __init__(self, window: MainWindow, default_path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.default_path = default_path
        self._queue: list[Unsaved] = []
        self._busy = False  # the first of the queue is being written
        #: why the last write failed (the store's own words), "" when none has
        self.reason = ""
        self.button = QToolButton()
        self.button.setObjectName("unsavedChanges")
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.ask)
        self.button.hide()
        window.statusBar().addPermanentWidget(self.button)
        # a folder opened (or opened again): what waits is tried again
        window.loader.opened.connect(lambda _root: self.retry())

    # -- the queue -----------------------------------------------------------------------

    @property
    def pending(self) -> list[Unsaved]:
        """The changes not written yet, in order (the first may be on its way)."""
        return list(self._queue)

    def write(
        self,
        what: str,
        job: Callable[[Index], Any],
        then: Callable[[Any], None],
        command: object | None = None,
        *,
        refused: Callable[[], None] | None = None,
    ) -> None:
        """Write a change after those that wait; ``then(result)`` once it is written,
        ``refused()`` if the store will never write it."""
        self._queue.append(Unsaved(what, job, then, self._root(), command, refused))
        if not self._busy:
            self._next()
        else:
            self._show()

    def retry(self) -> None:
        """Try the changes that wait again, in order."""
        if self._queue and not self._busy:
            self._next()

    def discard(self) -> int:
        """Drop every change that waits (not the one on its way, if any); how many."""
        keep = self._queue[:1] if self._busy else []
        dropped = len(self._queue) - len(keep)
        self._queue = keep
        if not keep:
            self.reason = ""
        self._show()
        return dropped

    def drop(self, command: object) -> bool:
        """Undo of a change that was never written: take it out of the queue, so that it is
        not written later. False if it is not waiting (written, or on its way)."""
        for i, entry in enumerate(self._queue):
            if entry.command is command and command is not None and not (self._busy and i == 0):
                del self._queue[i]
                self._show()
                return True
        return False

    def where(self) -> str:
        """Where the annotations are written: the file, or a team's server."""
        index = self.window.loader.index()
        if index is None:
            return str(self.default_path)
        if not hasattr(index, "annotations_path"):
            return "the team's server"
        return str(index.annotations_path or self.default_path)

    def _why(self) -> str:
        """Where the annotations could not be written and why (the store's own words name
        the file already, when it is the user's file)."""
        where = self.where()
        return self.reason if where in self.reason else f"{where}: {self.reason}"

    def _root(self) -> str:
        index = self.window.loader.index()
        return str(getattr(index, "root", "")) if index is not None else ""

    def _next(self) -> None:
        if not self._queue:
            self._busy = False
            self.reason = ""
            self._show()
            return
        entry = self._queue[0]

        def done(result: Any) -> None:
            if self._queue and self._queue[0] is entry:
                self._queue.pop(0)
            self._busy = False
            if isinstance(result, _Refusal):
                self.window.statusBar().showMessage(
                    f"Not done: {entry.what}: {result.message}", 10000
                )
                if entry.refused is not None:
                    entry.refused()
            elif entry.root == self._root():
                entry.then(result)
            else:
                self.window.statusBar().showMessage(f"Saved at last: {entry.what}", 10000)
            self._next()

        def failed(message: str) -> None:
            self._busy = False
            self.reason = message.partition(" failed: ")[2] or message
            self._show()
            self.window.statusBar().showMessage(
                f"Not saved: {entry.what}: {self._why()}. Kept, to be tried again (⚠ on the"
                " right)",
                30000,
            )

        self._busy = True
        request = self.window.loader.run(
            f"annotate-write:{id(entry)}", _kept_if_failed(entry.job), done, failed
        )
        if request is None:  # no folder ready: nothing to write it with, as before
            self._busy = False
            self._queue.remove(entry)
            self._show()
            self.window.statusBar().showMessage("Open a folder first", 5000)

    # -- what the analyst sees -----------------------------------------------------------

    def _show(self) -> None:
        n = len(self._queue)
        self.waiting.emit(n)
        if not n or (self._busy and not self.reason):
            self.button.hide()
            return
        self.button.setText(f"⚠ {counted(n, 'change')} not saved")
        self.button.setToolTip(
            f"Your annotations could not be written: {self._why()}."
            " The changes are kept in this window: click to try again or discard them."
        )
        self.button.show()

    def message(self) -> str:
        """The sentence the dialog and the question on closing say."""
        n = len(self._queue)
        listed = "\n".join(f"• {e.what}" for e in self._queue[:10])
        more = f"\n… and {n - 10:,} more" if n > 10 else ""
        return (
            f"{counted(n, 'change')} to your annotations could not be written:"
            f" {self._why() if self.reason else 'not tried yet'}.\n\n{listed}{more}\n\n"
            "They are kept in this window until they are written: make room on the disk"
            " (or make the folder writable), then Try Again."
        )

    def _write_now(self) -> None:
        """At closing: write here and now what waits behind the change on its way (which
        the loader's thread finishes as it ends), a few milliseconds each on a folder's
        index; a failure is then asked about. Not on a team's server, which may not answer."""
        index = self.window.loader.index()
        if index is None or getattr(index, "remote", False):
            return
        for entry in list(self._queue[1:] if self._busy else self._queue):
            try:
                _kept_if_failed(entry.job)(index)
            except Exception as exc:  # noqa: BLE001 - said in the question on closing
                self.reason = str(exc)
                return
            self._queue.remove(entry)

    def ask(self) -> None:
        """The button's dialog: Try Again, Discard (asked twice), or Close."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changes not saved", self.message(),
                          parent=self.window)  # fmt: skip
        again = box.addButton("Try Again", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("Discard…", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is again:
            self.retry()
        elif box.clickedButton() is drop:
            sure = QMessageBox.question(
                self.window,
                "Discard changes",
                f"Discard {len(self._queue):,} change(s) to your annotations for good?",
            )
            if sure == QMessageBox.StandardButton.Yes:
                n = self.discard()
                self.window.statusBar().showMessage(f"Discarded {n:,} unsaved changes", 10000)

    def confirm_close(self) -> bool:
        """True if the window may close: no change has failed to be written (one on its way
        is written as the loader's threads end), or the analyst says to drop them."""
        if not self.reason:
            self._write_now()
        if not self._queue or not self.reason:
            return True
        answer = QMessageBox.warning(
            self.window,
            "Changes not saved",
            self.message() + "\n\nClose and lose them?",
            QMessageBox.StandardButton.Retry
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.discard()
            return True
        if answer == QMessageBox.StandardButton.Retry:
            self.retry()
        return False
