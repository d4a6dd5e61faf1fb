"""The reader window: filter pane | cable tree | document view, with menus, status and settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QWidget,
)

from reader import __version__
from reader.core.checks import Finding, check_cable
from reader.core.citation import citations
from reader.core.graph import cited_ids
from reader.core.records import Cable
from reader.corpus.index_protocol import Index
from reader.corpus.pgstore import PgOpener, is_postgres_url, safe_url
from reader.corpus.query import PHASE_TWO_FACETS, FacetValue, FileProblem, Filter, Hit, Progress
from reader.corpus.threads import CableThread, read_thread
from reader.ui.annotating import Annotating, paragraph_notes
from reader.ui.batch_search import BatchSearch
from reader.ui.exporting import Exporting
from reader.ui.icons import citation_icon
from reader.ui.loader import IndexFactory, Loader, QueryResult
from reader.ui.models.cable_tree import (
    SORT_FOR_COLUMN,
    CableTreeModel,
    ChildSpec,
    Column,
    NodeKind,
    Role,
    cable_children,
)
from reader.ui.models.facets import FacetState
from reader.ui.models.problems import ProblemRow
from reader.ui.navigation import Navigation
from reader.ui.printing import Printing
from reader.ui.saved_searches import SavedSearches
from reader.ui.widgets.cable_rows import RowFrame, RowPixmaps, paint_row
from reader.ui.widgets.chip_delegate import ChipDelegate
from reader.ui.widgets.document_view import DocumentView
from reader.ui.widgets.filter_pane import FilterPane
from reader.ui.widgets.problems_panel import ProblemsPanel
from reader.ui.widgets.query_help import QuerySyntaxPage
from reader.ui.widgets.shortcut_sheet import ShortcutSheet
from reader.ui.widgets.sort_choice import SortChoice
from reader.ui.widgets.thread_view import ThreadView

__all__ = ["CableReading", "CableTree", "MainWindow"]


# -- look-up jobs: they run on the loader's look-up thread, with its index -------------------
@dataclass(frozen=True, slots=True)
class CableReading:
    """A cable as the document shows it, read and checked off the UI thread."""

    key: int
    cable: Cable
    ref_keys: dict[str, int | None]  # the IDs it cites -> their keys (None: not in the folder)
    cited_by: list[Hit]
    findings: tuple[Finding, ...]


def _ref_keys(index: Index, cable: Cable) -> dict[str, int | None]:
    idents = [r.id for r in cable.references if r.id] + list(cited_ids(cable))
    return {ident: index.key_for_id(ident) for ident in dict.fromkeys(idents)}


def _findings(cable: Cable, ref_keys: dict[str, int | None]) -> tuple[Finding, ...]:
    """Every check's findings, the folder's references included."""
    return check_cable(cable, known_ids={i for i, k in ref_keys.items() if k is not None})


def _cable_job(key: int) -> Callable[[Index], CableReading]:
    def read(index: Index) -> CableReading:
        cable = index.cable(key)  # the text from the index, parsed: as long as the cable
        refs = _ref_keys(index, cable)
        cited_by = index.cited_by(cable.id) if cable.id else []
        return CableReading(key, cable, refs, cited_by, _findings(cable, refs))
    return read


def _children_job(key: int, reading: CableReading | None) -> Callable[[Index], list[ChildSpec]]:
    """The child rows of cable ``key``, with the analyst's paragraph notes as the index reaches
    them; from ``reading`` (the cable the document shows) if it is that cable, so as not to
    parse it twice."""

    def build(index: Index) -> list[ChildSpec]:
        if reading is not None and reading.key == key:
            cable, findings = reading.cable, reading.findings
        else:
            cable = index.cable(key)
            findings = _findings(cable, _ref_keys(index, cable))
        return cable_children(cable, findings, paragraph_notes(index, cable.id))
    return build


def _raw_job(key: int) -> Callable[[Index], str]:
    return lambda index: index.raw_text(key)


def _partial_job(index: Index) -> str | None:
    """Why the index does not hold the whole corpus (None: it does)."""
    return index.partial()


def _thread_job(cable_id: str) -> Callable[[Index], CableThread]:
    return lambda index: read_thread(index, cable_id)


def _citations_job(items: list[tuple[int, int | None]]) -> Callable[[Index], str]:
    return lambda index: citations((index.cable(key), number) for key, number in items)


#: The look-up kind of one cable's children (one kind per cable: several may be on the way).
_CHILDREN = "children "

_RECENT_MAX = 10
#: The first size of the window, shrunk to the screen it opens on.
DEFAULT_SIZE = QSize(1480, 900)
#: Help > About.
ABOUT_TEXT = ("Cable Reader {version}\n\nFind, read and judge folders of US diplomatic "
              "cables.\n\nThe command line: cable-reader --help")


def default_size(available: QRect) -> QSize:
    """DEFAULT_SIZE, or 95% of the screen's available area where that is smaller (a 1480x900
    window on a 1280x800 screen had its status bar off the screen)."""
    return QSize(min(DEFAULT_SIZE.width(), int(available.width() * 0.95)),
                 min(DEFAULT_SIZE.height(), int(available.height() * 0.95)))
#: The tree's columns that may show a chip (ChipDelegate): the rest paint as Qt does.
CHIP_COLUMNS = (Column.DATE, Column.CLASSIFICATION)


class CableTree(QTreeView):
    """The centre pane; child rows span all columns (they are not cables)."""

    def __init__(self, model: CableTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tree_model = model
        self.setModel(model)
        self.row_pixmaps = RowPixmaps()  # cable rows as last painted (widgets.cable_rows)
        # chips are in the first column (the child rows span from it) and the classification
        # column; the others get Qt's own delegate, which paints without calling into Python
        self.setItemDelegate(QStyledItemDelegate(self))
        self._chips = ChipDelegate(self)
        for column in CHIP_COLUMNS:
            self.setItemDelegateForColumn(column, self._chips)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setAnimated(False)
        self.setAllColumnsShowFocus(True)
        # several rows for Copy Citation (Shift/Ctrl+click, Shift+arrows); arrows alone still
        # move a single selection
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((Column.DATE, 96), (Column.ID, 136), (Column.ORIGIN, 110),
                              (Column.CLASSIFICATION, 168)):
            header.resizeSection(column, width)
        model.rowsInserted.connect(self._span_rows)
        model.rowsRemoved.connect(self._lay_out_children)
        self.expanded.connect(self._span_children)
        # more cables, and a long cable's children, come in as the view scrolls down to them
        self._more_timer = QTimer(self, singleShot=True, interval=0)
        self._more_timer.timeout.connect(self._fetch_visible)
        self.verticalScrollBar().valueChanged.connect(self._more_timer.start)
        model.rowsInserted.connect(self._more_timer.start)
        model.modelReset.connect(self._more_timer.start)
        self.expanded.connect(self._more_timer.start)
        self.collapsed.connect(self._more_timer.start)

    #: Rows are painted in one Python call each (widgets.cable_rows); False: by Qt, through
    #: the model's roles and the delegates (the tests compare the two).
    paints_rows = True
    _frame: RowFrame | None = None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        # what the rows of this paint share, asked of Qt once (None: Qt paints the rows);
        # after the layout the paint would do first, which may move the columns
        self.executeDelayedItemsLayout()
        self._frame = (RowFrame(self, self.row_pixmaps) if self.paints_rows
                       and self._rows_as_painted else None)
        try:
            super().paintEvent(event)
        finally:
            self._frame = None

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem,  # noqa: N802
                index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(index, QModelIndex)  # Qt paints rows by plain indexes
        frame = self._frame
        row = self._tree_model.painted_row(index) if frame is not None else None
        if frame is None or row is None or (
                row[1] and not self.isFirstColumnSpanned(index.row(), index.parent())):
            super().drawRow(painter, option, index)
        else:
            paint_row(self, painter, option, index, *row, frame)

    @property
    def _rows_as_painted(self) -> bool:
        """The tree is as paint_row expects: left to right, rows selected whole, focus
        shown across the row."""
        return (not self.isRightToLeft() and self.allColumnsShowFocus()
                and self.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._more_timer.start()

    @property
    def fetching(self) -> bool:
        """True while a check for rows to fetch is due (for tests and the benchmark)."""
        return self._more_timer.isActive()

    def _fetch_visible(self) -> None:
        """Bring in the next page of rows when the last one is on screen or less than a screen
        below it, and the next page of children of each expanded cable whose last child in so
        far is on screen or above it."""
        model = self._tree_model
        bottom = self.viewport().height()
        if model.more_rows():
            last = model.index(model.rowCount() - 1, 0)
            if not last.isValid() or self.visualRect(last).top() <= 2 * bottom:
                model.fetch_more_rows()
        for parent in model.with_more_children():
            if not self.isExpanded(parent):
                continue
            last = model.index(model.rowCount(parent) - 1, 0, parent)
            if self.visualRect(last).top() <= bottom:
                model.fetch_more_children(parent)

    def _span_rows(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            for row in range(first, last + 1):
                self.setFirstColumnSpanned(row, parent, True)

    def _lay_out_children(self, parent: QModelIndex, _first: int, _last: int) -> None:
        """A cable's children came in ("Loading…" goes): lay the rows out now. A layout left
        to the paint makes Qt ask for a second whole repaint in the same turn of the loop."""
        if parent.isValid():
            self.executeDelayedItemsLayout()

    def _span_children(self, parent: QModelIndex) -> None:
        self._span_rows(parent, 0, self.model().rowCount(parent) - 1)

    def select_only(self, index: QModelIndex) -> None:
        """Make ``index`` current and the only row selected, whatever keys are held: with
        extended selection, setCurrentIndex would extend under a held Shift or Ctrl."""
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.selectionModel().setCurrentIndex(index, flags)

    def citation_items(self) -> list[tuple[int, int | None]]:
        """(key, paragraph number or None) of every selected row, top to bottom: what Copy
        Citation cites. A header row cites its cable."""
        rows = {}
        for index in self.selectionModel().selectedRows(0):
            top, child = index, -1
            if index.parent().isValid():
                top, child = index.parent(), index.row()
                while top.parent().isValid():
                    top, child = top.parent(), top.row()
            number = index.data(Role.PARAGRAPH) if index.data(Role.KIND) == NodeKind.PARAGRAPH \
                else None
            rows[(top.row(), child)] = (index.data(Role.KEY), number)
        items = [rows[k] for k in sorted(rows)]
        return list(dict.fromkeys(i for i in items if i[0] is not None))


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


class MainWindow(QMainWindow):
    """Owns the loader and wires panes together; the only widget that talks to the index."""

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
        #: Where a step of Back/Forward returns: the cable, and the cursor and scroll in it.
        self._return_to: tuple[int, int, int] | None = None
        self._expanded: list[int] = []
        self._total = 0
        self._shown = 0
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
        self._thread_request: int | None = None
        self._citation_request: int | None = None
        self._cable_request: int | None = None
        self._raw_request: int | None = None
        self._reading: CableReading | None = None  # the cable the document shows
        self._announce: int | None = None  # cableShown is due when its text is in

        self._build_status_bar()
        self._build_actions()
        #: stars, read state, labels, notes (the user store, apart from the index)
        self.annotating = Annotating(self, getattr(factory, "annotations", None))
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

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: Any,
                *, icon: QStyle.StandardPixmap | None = None, tip: str | None = None,
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work whatever has focus
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.open_folder_action = self._action("Open &Folder…", "Ctrl+O", self.choose_folder,
                                               icon=sp.SP_DirOpenIcon,
                                               tip="Open a folder of cables")
        self.open_file_action = self._action("Open F&ile…", "Ctrl+Shift+O", self.choose_file,
                                             icon=sp.SP_FileIcon, tip="Open one cable file")
        self.cancel_action = self._action("&Cancel Loading", "Ctrl+.", self.loader.cancel,
                                          icon=sp.SP_BrowserStop, tip="Stop loading")
        self.cancel_action.setEnabled(False)
        self.reopen_action = self._action("Reopen Last Folder at Start", None, lambda: None,
                                          checkable=True)
        quit_action = self._action("&Quit", "Ctrl+Q", self.close)
        self.find_action = self._action("&Find in Cable", "Ctrl+F", self.document.open_find,
                                        icon=sp.SP_FileDialogContentsView,
                                        tip="Find in the cable (Ctrl+F)")
        self.find_next_action = self._action("Find &Next", "F3", self.document.find_next)
        self.find_previous_action = self._action("Find &Previous", "Shift+F3",
                                                 self.document.find_previous)
        self.focus_query_action = self._action("Focus &Query", "Ctrl+L", self.focus_query)
        self.clear_action = self._action("&Clear All Filters", "Ctrl+Shift+Backspace",
                                         self.pane.clear, icon=sp.SP_DialogResetButton,
                                         tip="Remove every filter")
        self.raw_action = self._action("&Raw File Text", "Ctrl+R",
                                       self._toggle_raw,
                                       tip="Switch between parsed and raw text (Ctrl+R)")
        self.problems_action = self.problems_dock.toggleViewAction()
        self.problems_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.addAction(self.problems_action)
        self.thread_action = self.thread_dock.toggleViewAction()
        self.thread_action.setText("Reference &Thread")
        self.thread_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.thread_action.setStatusTip("What the cable cites and what cites it (Ctrl+Shift+T)")
        self.addAction(self.thread_action)
        self.copy_citation_action = self._action(
            "Copy &Citation", "Ctrl+Shift+C", self.copy_citation,
            tip="Copy a citation of the selected cables or of the paragraph (Ctrl+Shift+C)")
        self.copy_citation_action.setIcon(citation_icon())
        focus = [self._action("Focus &Facets", "Ctrl+1", lambda: self.pane.tree.setFocus()),
                 self._action("Focus Cable &Tree", "Ctrl+2", lambda: self.tree.setFocus()),
                 self._action("Focus &Document", "Ctrl+3", lambda: self.document.text.setFocus()),
                 self._action("Focus T&hread", "Ctrl+4", self.focus_thread)]
        self.next_action = self._action("&Next Cable", "Alt+Down", lambda: self.step_cable(1),
                                        icon=sp.SP_ArrowDown, tip="Next cable (Alt+Down)")
        self.previous_action = self._action("&Previous Cable", "Alt+Up",
                                            lambda: self.step_cable(-1), icon=sp.SP_ArrowUp,
                                            tip="Previous cable (Alt+Up)")
        self.back_action = self._action(
            "&Back", "Alt+Left", self.go_back, icon=sp.SP_ArrowBack,
            tip="Back to the filter before, or to the REF line a link was followed from "
                "(Alt+Left)")
        self.forward_action = self._action("&Forward", "Alt+Right", self.go_forward,
                                           icon=sp.SP_ArrowForward, tip="Forward (Alt+Right)")
        self.navigation.changed.connect(self._navigated)
        self._navigated()
        self.shortcuts_action = self._action("&Keyboard Shortcuts", "F1", self.show_shortcuts)
        self.query_help_action = self._action(
            "&Query Syntax", "Shift+F1", self.show_query_syntax,
            icon=sp.SP_MessageBoxQuestion, tip="How to write a query (Shift+F1)")
        self.about_action = self._action("&About Cable Reader", None, self.show_about)
        # the query field's own way to the syntax: a "?" at its right end
        self.pane.query.addAction(self.query_help_action,
                                  QLineEdit.ActionPosition.TrailingPosition)

        menu = self.menuBar().addMenu("&File")
        menu.addActions([self.open_folder_action, self.open_file_action])
        self.recent_menu = menu.addMenu("Open &Recent")
        menu.addAction(self.reopen_action)
        #: File > Export… goes before this separator (made with the rest of the window)
        self._file_menu, self._file_menu_cancel_separator = menu, menu.addSeparator()
        menu.addAction(self.cancel_action)
        menu.addSeparator()
        menu.addAction(quit_action)
        menu = self.menuBar().addMenu("&Edit")
        menu.addAction(self.copy_citation_action)
        menu.addSeparator()
        menu.addActions([self.find_action, self.find_next_action, self.find_previous_action])
        menu.addSeparator()
        menu.addActions([self.focus_query_action, self.clear_action])
        menu = self.menuBar().addMenu("&View")
        menu.addActions([self.raw_action, self.thread_action, self.problems_action])
        menu.addSeparator()
        menu.addActions(focus)
        menu = self.menuBar().addMenu("&Go")
        menu.addActions([self.next_action, self.previous_action, self.back_action,
                         self.forward_action])
        menu = self.menuBar().addMenu("&Help")
        menu.addActions([self.shortcuts_action, self.query_help_action])
        menu.addSeparator()
        menu.addAction(self.about_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.open_folder_action, self.cancel_action])
        toolbar.addSeparator()
        toolbar.addActions([self.previous_action, self.next_action, self.back_action,
                            self.forward_action])
        toolbar.addSeparator()
        toolbar.addActions([self.find_action, self.copy_citation_action, self.clear_action])
        toolbar.addSeparator()
        #: Relevance or a column's order (the header's, kept in step)
        self.sort_choice = SortChoice(self.tree.header(), self.model)
        sort_label = QLabel("Sort by ")
        sort_label.setBuddy(self.sort_choice)
        toolbar.addWidget(sort_label)
        toolbar.addWidget(self.sort_choice)

    def _connect(self) -> None:
        self.loader.opened.connect(self._on_opened)
        self.loader.progress.connect(self._on_progress)
        self.loader.finished.connect(self._on_finished)
        self.loader.failed.connect(self._on_failed)
        self.loader.indexRebuilt.connect(self._on_index_rebuilt)
        self.loader.results.connect(self._on_results)
        self.loader.facets.connect(self._on_facets)
        self.loader.userFacets.connect(self._on_user_facets)
        self.model.statesWanted.connect(self.annotating.ask_states)
        self.loader.fileProblems.connect(self._on_file_problems)
        self.pane.filterChanged.connect(self.requery)
        self.sort_choice.changed.connect(self.requery)
        self.model.modelAboutToBeReset.connect(self._remember_expanded)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.activated.connect(self._on_activated)
        self.document.cableRequested.connect(self.follow_reference)
        self.document.citationCopied.connect(self._on_citation)
        self.document.textShown.connect(self._on_text_shown)
        self.document.rawRequested.connect(self._ask_raw)
        self.problems.problemActivated.connect(self._on_problem)
        self.thread_view.cableRequested.connect(self.follow_reference)
        self.thread_view.missingRequested.connect(
            lambda ident: self.statusBar().showMessage(f"{ident} is not in this folder", 5000))
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
        self.pane.query.history = [str(q) for q in (s.value("query/history") or [])]
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
        return [str(p) for p in (self.settings.value("recent") or [])]

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
        self._forget_shown()
        self.setWindowTitle(f"{path.name or root} — Cable Reader")
        self._remember(root)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_action.setEnabled(True)
        self.count_label.setText("Loading…")
        self.loader.open(root)
        return True

    def open_server(self, url: str) -> bool:
        """The team's corpus on a PostgreSQL server (``postgresql://HOST/DB``): read, never
        refreshed here (``cable-reader index FOLDER --store URL`` fills it). The password
        comes from ~/.pgpass or the service file; one in the URL is kept out of the title,
        the recent list and the settings."""
        shown = safe_url(url)
        self._forget_shown()
        self.setWindowTitle(f"{shown} — Cable Reader")
        self._remember(shown)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.hide()  # nothing to cancel: the window only opens it
        self.cancel_action.setEnabled(False)
        self.count_label.setText("Connecting…")
        self.loader.open(shown, PgOpener(url))
        return True

    def _forget_shown(self) -> None:
        """Every pane forgets the corpus before: nothing is selected yet, so the document
        says what to do, and the References panel waits for a cable of this corpus."""
        self.model.set_source(None, None)
        self.model.clear()
        self.document.clear()
        self.thread_view.set_thread(None)
        self._thread_request = None
        self.problems.problems.clear()
        self.problems_dock.hide()
        self.navigation.reset()
        self._return_to = None
        self._reading = self._announce = None
        self._total = self._shown = 0
        self._partial = None
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

    # -- loader results ------------------------------------------------------------------
    def _on_opened(self, root: str) -> None:
        index = self.loader.index()
        if index is None:
            return
        self.model.set_source(index.hits, self._ask_children)
        self.requery()
        self.loader.run("store", lambda i: (i.author(), i.unsupported()), self._on_store_known)

    def _on_store_known(self, known: tuple[str | None, list[str]]) -> None:
        """Who the store knows the analyst as (a server's role) and what it cannot do yet:
        said in the status bar, and in the document until a cable is chosen."""
        author, unsupported = known
        if author is None and not unsupported:
            return
        self.store_label.setText(f"Team corpus, as {author}" if author else "Limited store")
        lines = [f"You are connected as {author}: stars, read state, labels and notes are "
                 "yours, and others see them (starred-by:NAME, read-by:NAME)."] if author else []
        if unsupported:
            lines += ["", "Not in this store yet:", *(f"• {u}" for u in unsupported)]
        self.store_label.setToolTip("\n".join(lines))
        self.store_label.show()
        if self.document.key is None:
            self.document.clear("Select a cable to read it.\n\n" + "\n".join(lines))

    def _on_progress(self, p: Progress) -> None:
        if p.phase == 2:  # searchable; the full parse fills markings, problems, checks
            share = p.checked * 100 // max(p.to_check, 1)
            self.progress.setRange(0, max(p.to_check, 1))
            self.progress.setValue(p.checked)
            self.progress.setFormat(f"filling markings, checks… {share}%")
            # until the refresh ends (its progress is paced: the last report may be the only
            # one of the phase that arrives)
            self.pane.facets.set_filling(PHASE_TWO_FACETS if p.to_check else frozenset())
            return
        if p.files_total:
            self.progress.setRange(0, p.files_total)
            self.progress.setValue(p.files_done)
        rate = f" · {p.rate:,.0f}/s" if p.rate else ""
        self.progress.setFormat(f"{p.cables_done:,} cables{rate}")

    def _on_finished(self, cancelled: bool) -> None:
        if not cancelled:
            self.pane.facets.set_filling(frozenset())
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_action.setEnabled(False)
        self.statusBar().showMessage("Loading cancelled" if cancelled else "Loaded", 5000)
        # a refresh cut short (cancelled, a full disk, killed before): every answer says so
        self.loader.run("partial", _partial_job, self._on_partial)
        self.loadingFinished.emit(cancelled)

    def _on_index_rebuilt(self, message: str) -> None:
        """A query met a damaged index, rebuilt there and then: read the folder again."""
        root = self.loader.root
        self.statusBar().showMessage(f"{message}; reading the folder again", 15000)
        if root is not None:
            self.open_path(root)

    def _on_failed(self, message: str) -> None:
        if not self.loader.loading:
            self.progress.hide()
            self.cancel_button.hide()
            self.cancel_action.setEnabled(False)
        self.statusBar().showMessage(message, 15000)

    def current_filter(self) -> Filter:
        sort, descending = self.sort_order()
        return self.pane.filter(sort, descending)

    def sort_order(self) -> tuple[str, bool]:
        """(Filter.sort, descending): relevance for a query with words, unless the analyst
        picked a column (sort_choice), else the header's order."""
        return self.sort_choice.order(self.pane.query.text())

    def requery(self) -> None:
        f = self.current_filter()
        self.document.set_query(self.pane.query.text())
        self.loader.query(f)

    def _remember_expanded(self) -> None:
        self._expanded = [self.model.index(r, 0).data(Role.KEY)
                          for r in range(self.model.rowCount())
                          if self.tree.isExpanded(self.model.index(r, 0))]

    def _on_results(self, result: QueryResult) -> None:
        current = self.document.key
        self._expanded = []
        self.model.set_keys(result.keys)
        self._painted.arm()
        for key in self._expanded:  # the model was reset: open again what was open
            row = self.model.row_of_key(key, within=2000)
            if row is not None:
                self.tree.expand(self.model.index(row, 0))
        self._total, self._shown = result.total, len(result.keys)
        self._show_count()
        if current is not None and not self.tree.currentIndex().isValid():
            row = self.model.row_of_key(current, within=2000)  # not a long fetch for this
            if row is not None:
                self.tree.select_only(self.model.index(row, 0))
        self.resultsShown.emit()

    def _show_count(self) -> None:
        if self.loader.loading:
            state = " (loading…)"
        elif self._partial:
            state = f" ({self._partial.removeprefix('the index is ')})"
        else:
            state = ""
        self.count_label.setText(f"{self._shown:,} of {self._total:,} cables{state}")
        self.count_label.setToolTip(self._partial or "")

    def _on_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        self.pane.set_facets(facets)
        self.problems.problems.set_parser_problems(facets.get("problem", []))
        self.facetsShown.emit()

    def _on_user_facets(self, facets: dict) -> None:
        self.pane.update_facets(facets)
        self.userFacetsShown.emit()

    def _on_file_problems(self, problems: list[FileProblem]) -> None:
        self.problems.problems.set_file_problems(problems)
        if problems:
            self.problems_dock.show()

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

    def show_cable(self, key: int, hit: Hit | None = None) -> None:
        """Read cable ``key`` off the UI thread; the document says "Loading…" (with what
        ``hit``, its tree row, knows) until it comes. A newer request drops this one."""
        request = self.loader.run("cable", _cable_job(key), self._on_cable_read,
                                  self._failed(self._cable_failed))
        if request is None:
            return
        self._cable_request = request
        self._reading = self._announce = None
        self.document.show_loading(key, hit)

    def _on_cable_read(self, reading: CableReading) -> None:
        if reading.key != self.document.key:
            return
        self._reading = reading
        self._announce = reading.key
        self.document.show_cable(reading.key, reading.cable, ref_keys=reading.ref_keys,
                                 cited_by=reading.cited_by, findings=reading.findings)

    def _on_text_shown(self, key: int) -> None:
        if key != self._announce:
            return  # the raw text switched on or off: nothing new
        self._announce = None
        self._mark_current()
        if self._return_to is not None and self._return_to[0] == key:
            self._return()  # Back: where the link was followed from, not the top
        self.cableShown.emit(key)
        self._ask_thread()

    def _cable_failed(self, message: str) -> None:
        # a file changed or vanished under us
        self.document.show_message("This cable could not be read", message)

    def _ask_raw(self, key: int) -> None:
        def failed(message: str) -> None:
            if self.document.key is not None:
                self.document.set_raw_text(
                    self.document.key, f"The file could not be read.\n\n{message}\n")

        self._raw_request = self.loader.run(
            "raw", _raw_job(key), lambda text: self.document.set_raw_text(key, text),
            self._failed(failed))

    def _ask_children(self, key: int) -> None:
        """The tree expands cable ``key``: build its rows off the UI thread."""
        request = self.loader.run(
            _CHILDREN + str(key), _children_job(key, self._reading),
            lambda specs: self._on_children(key, specs),
            self._failed(lambda _m: self.model.children_failed(key, "Could not read this cable")))
        if request is None:
            self.model.children_failed(key, "No folder is open")

    def _on_children(self, key: int, specs: list[ChildSpec]) -> None:
        was_waiting = self.model.waiting(key)
        self.model.set_children(key, specs)
        if was_waiting:
            self.childrenShown.emit(key)

    # -- the reference thread --------------------------------------------------------------
    def _thread_visibility(self, visible: bool) -> None:
        if visible:
            self._ask_thread()

    def _ask_thread(self) -> None:
        """Read the current cable's thread off the UI thread, if the thread view shows."""
        cable = self.document.cable
        if not self.thread_dock.isVisible() or cable is None:
            return
        shown = self.thread_view.model.thread
        if not cable.id:
            self.thread_view.set_waiting(None)
            return
        if shown is not None and shown.root == cable.id.upper():
            return
        self.thread_view.set_waiting(cable.id)
        self._thread_request = self.loader.run(
            "thread", _thread_job(cable.id), self._on_thread,
            self._failed(lambda message: self.thread_view.set_thread(None, message)))

    def _on_thread(self, thread: CableThread) -> None:
        current = self.document.cable
        if current is not None and current.id and current.id.upper() == thread.root:
            self.thread_view.set_thread(thread)
            self.threadShown.emit(thread)

    def focus_thread(self) -> None:
        self.thread_dock.show()
        self.thread_dock.raise_()
        self.thread_view.tree.setFocus()

    # -- citations ---------------------------------------------------------------------------
    def copy_citation(self) -> None:
        """Ctrl+Shift+C: the paragraph at the cursor when reading; else the selected rows of
        the tree (one per line), or the thread view's current cable."""
        focus = QApplication.focusWidget()
        if focus is not None and self.document.isAncestorOf(focus):
            self.document.copy_citation()
            return
        if focus is not None and self.thread_view.isAncestorOf(focus):
            key = self.thread_view.current_key()
            items: list[tuple[int, int | None]] = [(key, None)] if key is not None else []
        else:
            items = self.tree.citation_items()
        if not items:
            self.statusBar().showMessage("Select cables or paragraphs to cite", 5000)
            return
        self._citation_request = self.loader.run(
            "citations", _citations_job(items), self._on_citations, self._failed(None))

    def _on_citations(self, text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self._on_citation(text)

    def _on_citation(self, text: str) -> None:
        lines = text.count("\n") + 1
        self.statusBar().showMessage(
            f"Copied {lines} citations" if lines > 1 else f"Copied: {text}", 6000)
        self.citationCopied.emit(text)

    def _on_partial(self, partial: str | None) -> None:
        self._partial = partial
        self._show_count()

    def _failed(self, then: Callable[[str], None] | None) -> Callable[[str], None]:
        """A look-up's failure: said in the status bar, then ``then(message)``."""
        def failed(message: str) -> None:
            self.statusBar().showMessage(message, 10000)
            if then is not None:
                then(message)
        return failed

    def _tree_menu(self, point: QPoint) -> None:
        menu = self.tree_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(point))

    def tree_menu(self) -> QMenu:
        """The cable tree's context menu."""
        menu = QMenu(self)
        menu.addAction(self.copy_citation_action)
        menu.addAction("Show Reference Thread", self.focus_thread)
        menu.addSeparator()
        menu.addActions(self.annotating.context_actions())
        menu.addSeparator()
        menu.addActions([self.exporting.action, self.printing.action])
        return menu

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

    def go_back(self) -> None:
        """Alt+Left: the filter before, or the cable before the link, at the place the link
        was followed from."""
        self.navigation.back()

    def go_forward(self) -> None:
        """Alt+Right: undo a step of Back."""
        self.navigation.forward()

    def _navigated(self) -> None:
        self.back_action.setEnabled(self.navigation.history.can_go_back())
        self.forward_action.setEnabled(self.navigation.history.can_go_forward())

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

    def focus_query(self) -> None:
        self.pane.query.setFocus()
        self.pane.query.selectAll()

    def _toggle_raw(self) -> None:
        if self.document.raw_button.isEnabled():  # not while no cable is shown
            self.document.raw_button.toggle()

    def show_query_syntax(self) -> None:
        page = self.query_syntax
        if page is None:
            page = self.query_syntax = QuerySyntaxPage(self)
            available = self._available()
            page.resize(min(page.width(), available.width()),
                        min(page.height(), available.height()))
        page.show()
        page.raise_()

    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "About Cable Reader", ABOUT_TEXT.format(
            version=__version__), QMessageBox.StandardButton.Close, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_box = box
        box.open()

    def show_shortcuts(self) -> None:
        sheet = ShortcutSheet(self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcut_sheet = sheet
        sheet.show()

    def _on_problem(self, row: ProblemRow) -> None:
        if row.kind == "parser":
            self.pane.apply_facet("problem", row.subject, FacetState.INCLUDE)
        else:
            self.tree.clearSelection()
            self.document.show_message(row.subject, f"This file could not be read.\n\n"
                                       f"File: {row.subject}\nReason: {row.reason}\n")

    # -- closing -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_settings()
        self.loader.shutdown()
        super().closeEvent(event)
