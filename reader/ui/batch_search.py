"""Batch search in the window: a list of terms (a text file, one a line, or a CSV with a
``term`` and an optional ``label`` column), each run as a query inside the current filters
on the loader's job thread, its rows shown as they come, with a progress bar and a Cancel.

The table gives each term's cables, first and last date, top posts and top TAGS
(reader/export/batch.py, as ``cable-reader batch-search``). Clicking a term shows its cables
in the tree (the query becomes the term inside the query the batch ran in); the table can be
saved as CSV; "Label Cables…" labels every cable of a term in one undoable change (the
window's undo stack, reader/ui/annotating.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.annotate.annotations import Annotations
from reader.export.batch import BatchResult, Term, batch_search, read_terms, term_filter, write_csv
from reader.export.export_commands import output_problem, replacing
from reader.query.query import Filter
from reader.ui.loader import JobControl
from reader.ui.progress import JobRunner

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["COLUMNS", "BatchJob", "BatchModel", "BatchPanel", "BatchSearch"]

COLUMNS = ("Term", "Label", "Cables", "First", "Last", "Top posts", "Top TAGS")
_LABEL_KIND = "batch-label"
_ModelIndex = QModelIndex | QPersistentModelIndex


def _top(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{value} ({n:,})" for value, n in pairs)


class BatchModel(QAbstractTableModel):
    """The results table, one row a term, filled as the results come."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.results: list[BatchResult] = []

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.results[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.term.query,
                r.term.label,
                f"{r.count:,}",
                r.first_shown,
                r.last_shown,
                _top(r.top_origins),
                _top(r.top_tags),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and r.notes:
            return QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                show = f"Show the {r.count:,} cables of “{r.term.query}” in the tree"
                return "\n\n".join([*r.notes, show])
            return self.data(index, Qt.ItemDataRole.DisplayRole) or None
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self.results = []
        self.endResetModel()

    def extend(self, results: Sequence[BatchResult]) -> None:
        if not results:
            return
        first = len(self.results)
        self.beginInsertRows(QModelIndex(), first, first + len(results) - 1)
        self.results.extend(results)
        self.endInsertRows()


@dataclass(frozen=True)
class BatchJob:
    """Each term inside ``within``: every result passed on as it is made. Run in a child
    process (picklable): the counts are Python work, which on the window's process would
    take the interpreter from the window a few milliseconds at a time for minutes, and
    hold a 500-term table's working memory there."""

    terms: tuple[Term, ...]
    within: Filter

    def __call__(self, index: Any, control: JobControl) -> int:
        n = 0
        found = batch_search(index, self.terms, self.within, cancelled=control.cancelled)
        for n, result in enumerate(found, 1):
            control.progress(n, len(self.terms), result)
        return n


def _label_job(f: Filter, notes: Path) -> Any:
    """A look-up job: the IDs of the cables ``f`` finds, and the labels made so far."""

    def job(index: Any) -> tuple[list[str], list[str]]:
        ids = [h.id.upper() for h in index.hits(index.keys(f)) if h.id]
        with Annotations.open(notes, backup=False) as store:
            names = [lab.name for lab in store.labels()]
        return list(dict.fromkeys(ids)), names

    return job


class BatchPanel(QWidget):
    """The dock's contents: what to do, how far it is, and the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = BatchModel(self)
        self.table = QTableView()
        self.table.setObjectName("batchTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line a term; the cell's full text in its tooltip
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((180, 80, 70, 90, 90, 340)):
            header.resizeSection(column, width)
        self.load = QPushButton("Load Terms…")
        self.load.setToolTip("A text file of terms, one a line, or a CSV with a 'term' column")
        self.again = QPushButton("Run Again")
        self.again.setToolTip("Run the same terms inside the filters as they are now")
        self.cancel = QPushButton("Cancel")
        self.save = QPushButton("Save Table…")
        self.save.setToolTip("Save the table as CSV")
        self.label = QPushButton("Label Cables…")
        self.label.setToolTip("Add a label to every cable of the selected term (Ctrl+Z undoes)")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.setFormat("%v of %m terms")
        self.within = QLabel()
        self.within.setObjectName("paneHint")
        self.within.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        for button in (self.load, self.again, self.cancel):
            row.addWidget(button)
        row.addWidget(self.progress)
        row.addWidget(self.within, 1)
        row.addWidget(self.label)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)


class BatchSearch(QObject):
    """Installed on the window by ``BatchSearch(window)``: File > Batch Search… and its dock."""

    #: the batch has ended: (terms run, cancelled?)
    finished = Signal(int, bool)
    #: the table was saved: its path
    saved = Signal(str)
    #: a term's cables were labelled: (label, cables)
    labelled = Signal(str, int)

    def __init__(self, window: MainWindow, notes: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.notes = notes or window.annotating.path
        self.panel = BatchPanel()
        self.dock = QDockWidget("Batch Search", window)
        self.dock.setObjectName("batchDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.terms: list[Term] = []
        #: the filter the table was made in, and the query text the window had then
        self.within = Filter()
        self.within_text = ""
        self.runner: JobRunner | None = None
        self._saving: JobRunner | None = None  # the table being written
        self._label_requests: dict[int, tuple[Term, str | None]] = {}
        self._counter = 0

        self.action = QAction("&Batch Search…", window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.action.setStatusTip(
            "Run a list of terms inside the current filters: how many cables, when, from where"
        )
        self.action.triggered.connect(self.ask)
        window.addAction(self.action)

        p = self.panel
        p.load.clicked.connect(self.ask)
        p.again.clicked.connect(lambda: self.run(self.terms))
        p.cancel.clicked.connect(self.cancel)
        p.save.clicked.connect(self.ask_save)
        p.label.clicked.connect(self.ask_label)
        p.table.clicked.connect(lambda index: self.show_term(index.row()))
        p.table.activated.connect(lambda index: self.show_term(index.row()))
        window.loader.lookedUp.connect(self._on_looked_up)
        window.loader.lookupFailed.connect(self._on_lookup_failed)
        self._update()

    # -- running -------------------------------------------------------------------------

    def ask(self) -> None:
        self.dock.show()
        self.dock.raise_()
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Load a list of terms", str(Path.home()),
            "Terms (*.txt *.csv);;All files (*)",
        )  # fmt: skip
        if name:
            self.load_terms(Path(name))

    def load_terms(self, path: Path) -> bool:
        """Read a list of terms and run it; False (and the status bar says why) if it
        cannot be read or holds none."""
        try:
            terms = read_terms(path)
        except ValueError as exc:  # (the sentence names the file and why)
            self.window.statusBar().showMessage(f"Cannot read the terms: {exc}", 10000)
            return False
        if not terms:
            self.window.statusBar().showMessage(f"{path.name} holds no terms", 10000)
            return False
        self.dock.setWindowTitle(f"Batch Search: {path.name}")
        return self.run(terms)

    def run(self, terms: Sequence[Term]) -> bool:
        """Run ``terms`` inside the window's current filters; False when no folder is open."""
        if not terms:
            return False
        if self.runner is not None:
            self.window.statusBar().showMessage(
                "A batch search is running: wait for it, or cancel it", 5000
            )
            return False
        self.dock.show()
        self.terms = list(terms)
        self.within = self.window.current_filter()
        self.within_text = self.window.pane.query.text().strip()
        self.panel.model.clear()
        runner = JobRunner(
            self.window.loader, BatchJob(tuple(self.terms), self.within), self.window,
            in_process=True,
        )  # fmt: skip
        runner.progressed.connect(self._on_progress)
        runner.done.connect(lambda n: self._ended(int(n), False))  # type: ignore[call-overload]
        runner.cancelled.connect(lambda: self._ended(len(self.panel.model.results), True))
        runner.failed.connect(self._on_failed)
        if not runner.start():
            self.window.statusBar().showMessage("Open a folder first", 5000)
            return False
        self.runner = runner
        self.panel.progress.setRange(0, len(self.terms))
        self.panel.progress.setValue(0)
        self._update()
        return True

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()

    def _on_progress(self, done: int, total: int, items: object) -> None:
        self.panel.model.extend(list(items))  # type: ignore[call-overload]
        self.panel.progress.setValue(done)

    def _ended(self, n: int, cancelled: bool) -> None:
        self.runner = None
        self._update()
        hits = sum(1 for r in self.panel.model.results if r.count)
        if cancelled:
            message = f"Batch search cancelled after {n:,} of {len(self.terms):,} terms"
        else:
            message = f"Batch search: {hits:,} of {n:,} terms found in the cables"
        self.window.statusBar().showMessage(message, 10000)
        self.finished.emit(n, cancelled)

    def _on_failed(self, message: str) -> None:
        self.runner = None
        self._update()
        self.window.statusBar().showMessage(f"Batch search failed: {message}", 15000)
        self.finished.emit(len(self.panel.model.results), True)

    def _update(self) -> None:
        running = self.runner is not None
        p = self.panel
        p.cancel.setEnabled(running)
        p.again.setEnabled(bool(self.terms) and not running)
        p.load.setEnabled(not running)
        p.progress.setVisible(running)
        has_rows = bool(p.model.results)
        p.save.setEnabled(has_rows and not running)
        p.label.setEnabled(has_rows)
        parts = [f"query: {self.within_text}"] if self.within_text else []
        parts += [f"{k} = {v}" for k, v in sorted(self.within.include)]
        parts += [f"{k} ≠ {v}" for k, v in sorted(self.within.exclude)]
        if self.within.query != self.within_text:  # the date range, added by the pane
            extra = self.within.query.removeprefix(self.within_text).strip()
            if extra:
                parts.append(extra)
        p.within.setText(("Inside " + "; ".join(parts)) if parts else "Inside every cable")

    # -- the table -----------------------------------------------------------------------

    def term_query(self, row: int) -> str:
        """The query that shows a term's cables: the term inside the query it ran in (the
        term as written when that was empty)."""
        term = self.panel.model.results[row].term
        if not self.within_text:
            return term.query
        return term_filter(term, Filter(self.within_text)).query

    def show_term(self, row: int) -> None:
        """Show the term's cables in the tree."""
        if not 0 <= row < len(self.panel.model.results):
            return
        field, query = self.window.pane.query, self.term_query(row)
        if field.text() == query:  # a click, then the same row's activation
            return
        field.setText(query)
        field.returnPressed.emit()  # as if typed: remembered in the history, asked at once

    def ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save the table", str(Path.home() / "batch-search.csv"),
            "CSV table (*.csv)",
        )  # fmt: skip
        if name:
            self.save_csv(Path(name))

    def save_csv(self, path: Path) -> None:
        """The table as CSV (the command line's ``batch-search --csv``); never inside the
        folder being read, where it would be read as a cables.csv."""
        if (problem := output_problem(path, self.window.loader.root)) is not None:
            self.window.statusBar().showMessage(f"Cannot save the table: {problem}", 15000)
            return
        results = list(self.panel.model.results)

        def write(_index: object, _control: object) -> str:  # off the UI thread: a disk may hang
            with replacing(path) as part, open(part, "w", encoding="utf-8", newline="") as out:
                write_csv(results, out)
            return str(path)

        def said(text: str) -> None:
            self.window.statusBar().showMessage(text, 15000)

        def written(_path: object) -> None:
            said(f"Saved the table to {path}")
            self.saved.emit(str(path))

        runner = JobRunner(self.window.loader, write, self.window)
        runner.done.connect(written)
        runner.failed.connect(lambda reason: said(f"Cannot save the table: {reason}"))
        if not runner.start():
            said("Cannot save the table: no folder is open")
            return
        self._saving = runner  # kept until it ends

    def selected_row(self) -> int | None:
        rows = self.panel.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def ask_label(self) -> None:
        row = self.selected_row()
        if row is None:
            self.window.statusBar().showMessage("Select a term in the table first", 5000)
            return
        self.label_term(row, None)

    def label_term(self, row: int, name: str | None) -> bool:
        """Label every cable of the term in ``row`` (asking for the label when ``name`` is
        None); one change on the window's undo stack."""
        if not 0 <= row < len(self.panel.model.results):
            return False
        term = self.panel.model.results[row].term
        self._counter += 1
        request = self.window.loader.look_up(
            f"{_LABEL_KIND}:{self._counter}", _label_job(term_filter(term, self.within), self.notes)
        )
        if request is None:
            return False
        self._label_requests[request] = (term, name)
        return True

    def _on_looked_up(self, request: int, kind: str, result: object) -> None:
        if not kind.startswith(_LABEL_KIND) or request not in self._label_requests:
            return
        term, name = self._label_requests.pop(request)
        ids, names = cast(tuple[list[str], list[str]], result)
        if not ids:
            self.window.statusBar().showMessage(f"No cables for “{term.query}”", 5000)
            return
        if name is None:
            chosen, ok = QInputDialog.getItem(
                self.window, "Label", f"Add a label to the {len(ids):,} cables of “{term.query}”:",
                names or [term.label or term.query], 0, True,
            )  # fmt: skip
            name = " ".join(chosen.split()) if ok else ""
        if name:
            self.window.annotating.apply("label", ids, name)
            self.labelled.emit(name, len(ids))

    def _on_lookup_failed(self, request: int, kind: str, message: str) -> None:
        if kind.startswith(_LABEL_KIND) and self._label_requests.pop(request, None) is not None:
            self.window.statusBar().showMessage(f"Could not label: {message}", 10000)
