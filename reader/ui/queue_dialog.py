"""The changes a team's server refused (a role that may not annotate, a label it may not
share): listed with what each was, on which cables, when it was made and why it was
refused, each to be tried again (once the role may make it) or dropped, by the analyst's
own choice. Kept in the queue file until then: never lost without a word.

The dialog only shows and asks: the queue file is read and changed by look-up jobs
(annotating.Annotating.show_refused), off the UI thread.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.model.wording import counted
from reader.team.change_queue import QueuedChange, describe

__all__ = ["RefusedDialog", "local_time"]

_COLUMNS = ("Change", "Made", "Why the server refused it")


class RefusedDialog(QDialog):
    """The refused changes; "Try Again" and "Discard" act on the selected rows (every row
    when none is selected)."""

    #: the sequence numbers of the changes to send again / to drop
    retryRequested = Signal(list)
    discardRequested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changes the Server Refused")
        self.resize(900, 320)
        self.summary = QLabel("Reading the queue…")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setObjectName("refusedChanges")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.retry_button = QPushButton("&Try Again")
        self.retry_button.setToolTip("Send the selected changes again (all when none is)")
        self.discard_button = QPushButton("&Discard")
        self.discard_button.setToolTip("Drop the selected changes for good (all when none is)")
        buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.retry_button.clicked.connect(lambda: self.retryRequested.emit(self.chosen()))
        self.discard_button.clicked.connect(lambda: self.discardRequested.emit(self.chosen()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self._seqs: list[int] = []
        self.set_refused([])

    def set_refused(self, refused: list[tuple[QueuedChange, str]]) -> None:
        """Show these refused changes (oldest first), each with its reason."""
        self._seqs = [change.seq for change, _ in refused]
        self.table.setRowCount(len(refused))
        for row, (change, reason) in enumerate(refused):
            cells = (describe(change, when=False), local_time(change.at), reason)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, change.seq)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        n = len(refused)
        self.summary.setText(
            f"The server refused {counted(n, 'change')} made while it was away. "
            "They are kept on this computer until you try them again (once your role may "
            "make them) or discard them."
            if n
            else "No refused change is kept."
        )
        self.retry_button.setEnabled(bool(n))
        self.discard_button.setEnabled(bool(n))

    def chosen(self) -> list[int]:
        """The selected rows' changes, or every one when none is selected."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._seqs[r] for r in rows] if rows else list(self._seqs)


def local_time(iso: str) -> str:
    """An ISO time (UTC) as the analyst's clock shows it: HH:MM today, with the date before."""
    try:
        when = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    same_day = when.date() == datetime.now().astimezone().date()
    return when.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")
