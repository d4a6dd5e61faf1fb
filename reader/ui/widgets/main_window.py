"""The reader window: filter pane | cable tree | document view, with menus, status and settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QToolButton,
    QWidget,
)

from reader.model.wording import TEAM_CORPUS, THIS_FOLDER
from reader.query.query import Filter
from reader.team.pgstore import PgOpener, is_postgres_url, safe_url
from reader.ui.annotating import Annotating
from reader.ui.batch_search import BatchSearch
from reader.ui.exporting import Exporting
from reader.ui.label_editing import LabelEditing
from reader.ui.loader import IndexFactory, Loader
from reader.ui.models.cable_tree import SORT_FOR_COLUMN, CableTreeModel, Column, NodeKind, Role
from reader.ui.models.facets import FacetState
from reader.ui.models.problems import ProblemRow
from reader.ui.navigation import Navigation
from reader.ui.printing import Printing
from reader.ui.saved_searches import SavedSearches
from reader.ui.widgets.cable_tree_view import CableTree
from reader.ui.widgets.document_view import DocumentView
from reader.ui.widgets.filter_pane import FilterPane
from reader.ui.widgets.problems_panel import NO_FOLDER, NONE_YET, ProblemsPanel
from reader.ui.widgets.query_help import QuerySyntaxPage
from reader.ui.widgets.thread_view import ThreadView
from reader.ui.window_actions import WindowActions
from reader.ui.window_jobs import CableReading, WindowJobs

__all__ = ["MainWindow"]

_RECENT_MAX = 10
#: The first size of the window, shrunk to the screen it opens on.
DEFAULT_SIZE = QSize(1480, 900)
#: While a folder loads, what a paint of the tree may spend on rows it has not drawn before
#: (CableTree.paint_budget): an answer and the paint of its new rows then fit in a turn of
#: the event loop well under 50 ms, the rest of the screenful coming a turn later.
LOADING_PAINT_BUDGET = 0.015
#: While a folder loads, the rows fetched at a time (CableTreeModel.loading_page): each
#: answer makes the rows anew, and the tree lays out every fetched row again; some four
#: screenfuls here, where a page is otherwise 200
LOADING_PAGE = 80


def default_size(available: QRect) -> QSize:
    """DEFAULT_SIZE, or 95% of the screen's available area where that is smaller (a 1480x900
    window on a 1280x800 screen had its status bar off the screen)."""
    return QSize(min(DEFAULT_SIZE.width(), int(available.width() * 0.95)),
                 min(DEFAULT_SIZE.height(), int(available.height() * 0.95)))


class _AfterPaint(QObject):
    """Calls ``done`` once ``widget`` has painted after ``arm``: when the event loop is back
    from that paint. ``arm`` asks for the paint; a hidden widget never calls (whoever waits
    must not wait forever)."""

    def __init__(self, widget: QWidget, done: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._done = done
        self._armed = False
        widget.installEventFilter(self)

    def arm(self) -> None:
        self._armed = True
        self._widget.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._armed and event.type() == QEvent.Type.Paint:
            self._armed = False
            QTimer.singleShot(0, self._done)
        return False


class MainWindow(WindowActions, WindowJobs, QMainWindow):
    """Owns the loader and wires panes together; the only widget that talks to the index.

    The window itself (its panes, docks, status bar, settings, opening and moving through
    cables) is here; its actions, menus and shortcuts are ui.window_actions, and its jobs on
    the loader's thread with their answers ui.window_jobs."""

    #: The tree shows the answer to the current filter (for tests and the benchmark).
    resultsShown = Signal()
    facetsShown = Signal()
    #: the user facets' counts alone are shown anew (after a star, a label, a read mark)
    userFacetsShown = Signal()
    loadingFinished = Signal(bool)  # cancelled?
    #: The cable asked for (by the tree, a link, Back) is wholly in the document.
    cableShown = Signal(int)
    #: The children of an expanded cable row have replaced its "Loading…" row: the key.
    childrenShown = Signal(int)
    citationCopied = Signal(str)  # what Copy Citation put on the clipboard
    threadShown = Signal(object)  # the CableThread the thread view shows

    def __init__(self, settings: QSettings | None = None, factory: IndexFactory | None = None,
                 describe: Callable[[str, str], str | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.loader = Loader(factory, self)
        self.loader.first_hits = CableTreeModel.PAGE  # the tree's first page comes with the keys
        #: Where a step of Back/Forward returns: the cable, and the cursor and scroll in it.
        self._return_to: tuple[int, int, int] | None = None
        self._expanded: list[int] = []
        #: the keys of the cable rows expanded now, kept as the tree expands and collapses
        #: them (asking the tree of every row took 5 ms at each answer of a load)
        self._expanded_keys: dict[int, None] = {}
        self._total = 0
        self._shown = 0
        #: whether an answer of this folder's index has come (its total is known)
        self._answered = False
        #: whether the document says the folder holds no cable (taken back if cables come)
        self._said_empty = False
        #: why the folder's load stopped short (a full disk), while the document says so
        self._stopped: str | None = None
        self._partial: str | None = None
        self.setWindowTitle("Cable Reader")
        self.setAcceptDrops(True)

        self.pane = FilterPane(describe)
        self.model = CableTreeModel(self)
        self.tree = CableTree(self.model)
        # the counts of an answer wait until the tree has painted it (see answer_painted)
        self.loader.counts_wait_for_paint = True
        self._painted = _AfterPaint(self.tree.viewport(), self.loader.answer_painted)
        self.document = DocumentView()
        #: Back/Forward over the filter states and the REF links followed
        self.navigation = Navigation(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.pane, self.tree, self.document):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self._layout_restored = False
        self._docks_sized = False  # the docks' sizes were restored or set on the first show
        self.query_syntax: QuerySyntaxPage | None = None  # Help > Query Syntax, once opened
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.problems = ProblemsPanel()
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

        self.thread_view = ThreadView()
        self.thread_dock = QDockWidget("References", self)
        self.thread_dock.setObjectName("threadDock")
        self.thread_dock.setWidget(self.thread_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.thread_dock)
        # either dock shown beside the other (View menu, a problem found): the Problems
        # dock is not left squeezed, once the layout has placed them
        for dock in (self.problems_dock, self.thread_dock):
            dock.visibilityChanged.connect(
                lambda shown: shown and QTimer.singleShot(0, self._widen_problems))
        self._thread_request: int | None = None
        self._citation_request: int | None = None
        self._cable_request: int | None = None
        self._raw_request: int | None = None
        self._rows_asked = 0  # pages of rows asked of a server (each its own look-up)
        self._reading: CableReading | None = None  # the cable the document shows
        self._unread: int | None = None  # the cable that could not be read, said instead
        self._announce: int | None = None  # cableShown is due when its text is in

        self._build_status_bar()
        self._build_actions()
        #: stars, read state, labels, notes (the user store, apart from the index)
        self.annotating = Annotating(self, getattr(factory, "annotations", None))
        #: Cable > Rename a Label… / Delete a Label… (a label as a whole)
        self.label_editing = LabelEditing(self, self.annotating)
        #: File > Export… (CSV, JSON lines, reading packs)
        self.exporting = Exporting(self, self.annotating.path)
        #: named searches at the top of the filter pane, with their counts
        self.saved_searches = SavedSearches(self, self.annotating.path)
        self._file_menu.insertAction(self._file_menu_cancel_separator, self.exporting.action)
        #: File > Print… (the reading pack's pages) and File > Batch Search… (a dock)
        self.printing = Printing(self, self.annotating.path)
        self.batch = BatchSearch(self, self.annotating.path)
        self._file_menu.insertActions(
            self._file_menu_cancel_separator, [self.printing.action, self.batch.action]
        )
        self._connect()
        self._restore()
        self.navigation.reset()

    # -- construction --------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.count_label = QLabel("No folder open")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QToolButton(text="Cancel", autoRaise=True)
        self.cancel_button.setToolTip("Stop loading (Ctrl+.)")
        self.cancel_button.clicked.connect(self.loader.cancel)
        self.cancel_button.hide()
        #: who a server's corpus knows the analyst as, what it cannot do (tooltip)
        self.store_label = QLabel()
        self.store_label.setObjectName("storeLabel")
        self.store_label.hide()
        bar.addPermanentWidget(self.store_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.count_label)

    def _connect(self) -> None:
        self.loader.opened.connect(self._on_opened)
        self.loader.progress.connect(self._on_progress)
        self.loader.finished.connect(self._on_finished)
        self.loader.failed.connect(self._on_failed)
        self.loader.queryFailed.connect(self._on_query_failed)
        self.loader.indexRebuilt.connect(self._on_index_rebuilt)
        self.loader.results.connect(self._on_results)
        self.loader.facets.connect(self._on_facets)
        self.loader.userFacets.connect(self._on_user_facets)
        self.model.statesWanted.connect(self.annotating.ask_states)
        self.annotating.serverBack.connect(self._catch_up)
        self.loader.fileProblems.connect(self._on_file_problems)
        self.pane.filterChanged.connect(self.requery)
        self.sort_choice.changed.connect(self.requery)
        self.model.modelAboutToBeReset.connect(self._remember_expanded)
        self.model.rowsAboutToBeRemoved.connect(self._forget_expanded)
        self.tree.expanded.connect(self._on_expanded)
        self.tree.collapsed.connect(self._on_collapsed)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.activated.connect(self._on_activated)
        self.document.cableRequested.connect(self.follow_reference)
        self.document.citationCopied.connect(self._on_citation)
        self.document.textShown.connect(self._on_text_shown)
        self.document.rawRequested.connect(self._ask_raw)
        self.problems.problemActivated.connect(self._on_problem)
        self.thread_view.cableRequested.connect(self.follow_reference)
        self.thread_view.missingRequested.connect(
            lambda ident: self.statusBar().showMessage(
                f"{ident} is not in {self.thread_view.model.place}", 5000))
        self.thread_dock.visibilityChanged.connect(self._thread_visibility)
        self.tree.customContextMenuRequested.connect(self._tree_menu)

    # -- settings ------------------------------------------------------------------------
    def _restore(self) -> None:
        s = self.settings
        if isinstance(geometry := s.value("window/geometry"), QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(default_size(self._available()))
        if isinstance(state := s.value("window/state"), QByteArray):
            self._docks_sized = self.restoreState(state)
        if isinstance(sizes := s.value("window/splitter"), QByteArray):
            self._layout_restored = self.splitter.restoreState(sizes)
        if isinstance(header := s.value("tree/header"), QByteArray):
            self.tree.header().restoreState(header)
        sort = str(s.value("tree/sort", "date"))
        descending = bool(s.value("tree/descending", False, type=bool))
        column = next((c for c, k in SORT_FOR_COLUMN.items() if k == sort), Column.DATE)
        self.model.set_sort(sort, descending)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.tree.header().setSortIndicator(column, order)
        self.reopen_action.setChecked(bool(s.value("reopenLast", True, type=bool)))
        self.pane.query.history = _strings(s.value("query/history"))
        self._rebuild_recent()

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("tree/header", self.tree.header().saveState())
        sort, descending = self.sort_choice.column_sort()  # relevance comes with the words
        s.setValue("tree/sort", sort)
        s.setValue("tree/descending", descending)
        s.setValue("reopenLast", self.reopen_action.isChecked())
        s.setValue("query/history", self.pane.query.history)
        s.sync()

    def recent_folders(self) -> list[str]:
        return _strings(self.settings.value("recent"))

    def _remember(self, path: str) -> None:
        recent = [p for p in self.recent_folders() if p != path]
        self.settings.setValue("recent", [path, *recent][:_RECENT_MAX])
        self.settings.setValue("lastFolder", path)
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_folders():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.recent_folders()))

    def _available(self) -> QRect:
        """The area of the window's screen not taken by panels and docks of the desktop."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1480, 900)

    def start(self, paths: list[str]) -> None:
        """Open the path given on the command line, else the last folder if so chosen."""
        if paths:
            self.open_path(paths[0])
            return
        last = self.settings.value("lastFolder")
        if self.reopen_action.isChecked() and last and (
                is_postgres_url(str(last)) or Path(str(last)).exists()):
            self.open_path(str(last))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Bottom docks keep their share of the window's height: Qt takes all of a shrink
        from the central panes, and at 1024x700 the References dock kept 250 px while the
        document showed 11 lines."""
        old = event.oldSize()
        docks = [(d, d.height()) for d in (self.thread_dock, self.problems_dock)
                 if d.isVisible() and not d.isFloating()
                 and self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        super().resizeEvent(event)
        if old.height() <= 0 or event.size().height() == old.height() or not docks:
            return
        ratio = event.size().height() / old.height()
        self.resizeDocks([d for d, _ in docks], [max(1, round(h * ratio)) for _, h in docks],
                         Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._docks_sized:  # first run: a quarter of the height, whatever the screen
            self._docks_sized = True
            self.resizeDocks([self.thread_dock, self.problems_dock],
                             [self.height() // 4] * 2, Qt.Orientation.Vertical)
        if not self._layout_restored:  # first run: the document gets 72 columns if it can
            self._layout_restored = True
            width = max(self.splitter.width(), self.width())
            self.splitter.setSizes([int(width * 0.2), int(width * 0.39), int(width * 0.41)])

    # -- opening -------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of cables",
                                                  str(self.settings.value("lastFolder", "")))
        if folder:
            self.open_path(folder)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a cable file", str(self.settings.value("lastFolder", "")),
            "Cables (*.txt *.html *.htm *.csv);;All files (*)")
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        if isinstance(path, str) and is_postgres_url(path):
            return self.open_server(path)
        path = Path(path).expanduser()
        if not path.exists():
            message = f"{path} does not exist"
            self.statusBar().showMessage(message, 8000)
            if self.loader.index() is None:  # nothing else to show: say it in the window
                self.count_label.setText("No folder open")
                self.document.show_message(
                    "Nothing to open",
                    f"{message}, so no folder is open.\n\nOpen a folder of cables with "
                    "File > Open Folder (Ctrl+O), drop one on the window, or give its path "
                    "on the command line: cable-reader FOLDER\n")
            return False
        root = str(path.resolve())
        self._forget_shown(THIS_FOLDER)
        self.setWindowTitle(f"{path.name or root} — Cable Reader")
        self._remember(root)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_action.setEnabled(True)
        self.problems.set_empty_text(NONE_YET)
        self.count_label.setText("Loading…")
        self.tree.paint_budget = LOADING_PAINT_BUDGET
        self.model.loading_page = LOADING_PAGE
        self.loader.open(root)
        return True

    def open_server(self, url: str) -> bool:
        """The team's corpus on a PostgreSQL server (``postgresql://HOST/DB``): read, never
        refreshed here (``cable-reader index FOLDER --store URL`` fills it). The password
        comes from ~/.pgpass or the service file; one in the URL is kept out of the title,
        the recent list and the settings."""
        shown = safe_url(url)
        self._forget_shown(TEAM_CORPUS)
        self.setWindowTitle(f"{shown} — Cable Reader")
        self._remember(shown)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.hide()  # nothing to cancel: the window only opens it
        self.cancel_action.setEnabled(False)
        self.count_label.setText("Connecting…")
        self.loader.open(shown, PgOpener(url))
        return True

    def _forget_shown(self, place: str) -> None:
        """Every pane forgets the corpus before: nothing is selected yet, so the document
        says what to do, and the References panel waits for a cable of this corpus;
        ``place`` names the new one where a cable it lacks is named."""
        self.thread_view.model.place = self.document.place = place
        self.model.set_source(None, None)
        self.model.clear()
        self.document.clear()
        # the bar of the cable shown before (its star, labels, notes) goes with it
        self.annotating.cable_not_shown()
        self.thread_view.set_thread(None)
        self._thread_request = None
        self.problems.problems.clear()
        self.problems.set_empty_text(NO_FOLDER)
        self.problems_dock.hide()
        self.navigation.reset()
        self._return_to = None
        self._reading = self._announce = self._unread = None
        self._total = self._shown = 0
        self._answered = self._said_empty = False
        self._stopped = self._partial = None
        self.store_label.hide()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(url.toLocalFile())
                event.acceptProposedAction()
                return

    # -- the filter --------------------------------------------------------------------
    def current_filter(self) -> Filter:
        sort, descending = self.sort_order()
        return self.pane.filter(sort, descending)

    def sort_order(self) -> tuple[str, bool]:
        """(Filter.sort, descending): relevance for a query with words, unless the analyst
        picked a column (sort_choice), else the header's order."""
        return self.sort_choice.order(self.pane.query.text())

    # -- reading -------------------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        key = current.data(Role.KEY)
        if key != self.document.key:
            top = current
            while top.parent().isValid():
                top = top.parent()
            self.show_cable(key, top.data(Role.HIT))  # marked once it is shown
        else:
            self._mark_current()

    def _mark_current(self) -> None:
        """Mark in the document what the tree's current row points at, if it is a part of
        the cable shown."""
        current = self.tree.currentIndex()
        cable = self.document.cable
        if not current.isValid() or cable is None or current.data(Role.KEY) != self.document.key:
            return
        kind = current.data(Role.KIND)
        number = current.data(Role.PARAGRAPH)
        paragraph = next((p for p in cable.paragraphs if p.number == number), None) \
            if kind == NodeKind.FINDING and number is not None else None
        if paragraph is not None:  # a finding on a paragraph: the whole paragraph
            self.document.mark_span(paragraph.start, paragraph.end)
        elif kind in (NodeKind.PARAGRAPH, NodeKind.FINDING, NodeKind.NOTE) \
                and current.data(Role.SPAN):
            self.document.mark_span(*current.data(Role.SPAN))
        elif kind not in (NodeKind.CABLE, NodeKind.PLACEHOLDER):
            self.document.mark_line(current.data(Role.LINE))
        else:
            self.document.mark_line(None)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.data(Role.KIND) == NodeKind.CABLE:
            self.document.text.setFocus()

    def _on_text_shown(self, key: int) -> None:
        if key != self._announce:
            return  # the raw text switched on or off: nothing new
        self._announce = None
        self._mark_current()
        if self._return_to is not None and self._return_to[0] == key:
            self._return()  # Back: where the link was followed from, not the top
        self.cableShown.emit(key)
        self._ask_thread()

    # -- moving through cables and links --------------------------------------------------
    def select_key(self, key: int) -> bool:
        """Select the cable's row in the tree; False if the filter hides it."""
        row = self.model.row_of_key(key)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.tree.select_only(index)
        self.tree.scrollTo(index)
        return True

    def follow_reference(self, key: int) -> None:
        self.navigation.follow(key)
        self._return_to = None
        self._show_in_tree(key, "That cable is outside the current filter")

    def _show_in_tree(self, key: int, hidden: str) -> None:
        """Show cable ``key`` with its row current in the tree; a cable the filter hides is
        shown with no row current (the old one must not stay marked as if it were shown)."""
        if not self.select_key(key):
            self.tree.selectionModel().clear()  # the selection and the current row
            self.show_cable(key)
            self.statusBar().showMessage(hidden, 5000)

    def return_to(self, key: int, position: int, scroll: int, *, refiltered: bool = False) -> None:
        """Show cable ``key`` with the cursor and scroll where they were. ``refiltered``: the
        filter was just put back and its results are on their way, so the rows shown now
        are the old filter's (the cable's row is selected when the new ones come)."""
        self._return_to = (key, position, scroll)
        if key == self.document.key and not self.document.loading:
            self._return()
            return
        if refiltered:
            self.tree.selectionModel().clear()
            self.show_cable(key)
            return
        self._show_in_tree(key, "That cable is outside the current filter")

    def _return(self) -> None:
        if self._return_to is not None:
            _key, position, scroll = self._return_to
            self._return_to = None
            self.document.return_to(position, scroll)

    def step_cable(self, step: int) -> None:
        current = self.tree.currentIndex()
        while current.isValid() and current.parent().isValid():
            current = current.parent()
        row = current.row() + step if current.isValid() else 0
        if row >= self.model.rowCount() and self.model.more_rows():
            self.model.fetch_more_rows()
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.tree.select_only(index)
            self.tree.scrollTo(index)

    def _on_problem(self, row: ProblemRow) -> None:
        if row.kind == "parser":
            self.pane.apply_facet("problem", row.subject, FacetState.INCLUDE)
        else:
            self.tree.clearSelection()
            self._unread = None
            self.document.show_message(row.subject, f"This file could not be read.\n\n"
                                       f"File: {row.subject}\nReason: {row.reason}\n")

    # -- closing -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.annotating.unsaved.confirm_close():
            event.ignore()  # changes to the annotations wait to be written
            return
        self.save_settings()
        self.loader.shutdown()
        super().closeEvent(event)


def _strings(value: object) -> list[str]:
    """A list of strings as QSettings gives it back: None when never set, and a plain str
    for a list of one (an INI file holds ``recent=/data/cables``), which iterated gave its
    characters (a recent-folders menu of /, d, a, t, a...)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]
