"""The window's actions: every menu, toolbar entry and keyboard shortcut of the window is made
in ``_build_actions`` (the one place listing them; widgets.shortcut_sheet shows the same
keys), with the small commands they run and the cable tree's context menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox, QStyle

from reader import __version__
from reader.model.wording import counted, first_named
from reader.query.query import Filter
from reader.team.pgstore import is_postgres_url
from reader.ui.icons import citation_icon
from reader.ui.widgets.query_help import QuerySyntaxPage
from reader.ui.widgets.shortcut_sheet import ShortcutSheet
from reader.ui.widgets.sort_choice import SortChoice

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QDockWidget

    from reader.index.index_protocol import Index
    from reader.ui.annotating import Annotating
    from reader.ui.exporting import Exporting
    from reader.ui.loader import Loader
    from reader.ui.models.cable_tree import CableTreeModel
    from reader.ui.navigation import Navigation, Place
    from reader.ui.printing import Printing
    from reader.ui.widgets.cable_tree_view import CableTree
    from reader.ui.widgets.document_view import DocumentView
    from reader.ui.widgets.filter_pane import FilterPane
    from reader.ui.widgets.thread_view import ThreadView

    _Window = QMainWindow
else:
    _Window = object

__all__ = ["ABOUT_TEXT", "WindowActions"]

#: Help > About.
ABOUT_TEXT = ("Cable Reader {version}\n\nFind, read and judge folders of US diplomatic "
              "cables.\n\nThe command line: cable-reader --help")


class WindowActions(_Window):
    """MainWindow's part that the analyst commands: its actions, menus, toolbar and shortcuts."""

    # what the actions need of the window (reader.ui.widgets.main_window builds them)
    loader: Loader
    pane: FilterPane
    model: CableTreeModel
    tree: CableTree
    document: DocumentView
    navigation: Navigation
    thread_view: ThreadView
    thread_dock: QDockWidget
    problems_dock: QDockWidget
    annotating: Annotating
    exporting: Exporting
    printing: Printing
    query_syntax: QuerySyntaxPage | None

    if TYPE_CHECKING:  # the window's own, and the jobs'
        loadingFinished: SignalInstance
        resultsShown: SignalInstance

        def choose_folder(self) -> None: ...
        def choose_file(self) -> None: ...
        def open_path(self, path: str) -> bool: ...
        def step_cable(self, step: int) -> None: ...
        def copy_citation(self) -> None: ...
        def return_to(self, key: int, position: int, scroll: int) -> None: ...
        def _available(self) -> QRect: ...

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
        self.reload_action = self._action(
            "&Reload Folder", "F5", self.reload_folder, icon=sp.SP_BrowserReload,
            tip="Read the folder again: the files added, changed or removed since (F5)")
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
        menu.addActions([self.open_folder_action, self.open_file_action, self.reload_action])
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

    def reload_folder(self) -> None:
        """F5: the folder open read again, as opening it again does (what was added, changed
        or removed since; the rest as the index has it). A team's corpus is not refreshed by
        the window (``index --store`` does): the status bar says so."""
        root = self.loader.root
        if root is None:
            self.statusBar().showMessage("No folder is open: open one with Ctrl+O", 8000)
        elif is_postgres_url(root):
            self.statusBar().showMessage(
                "A team's corpus is not read again by the window: cable-reader index FOLDER"
                " --store URL adds a folder's changes to it", 8000)
        else:
            here = self.navigation.here()  # the cable read, and where in it

            def reopen(before: frozenset[str]) -> None:
                if self.loader.root != root:
                    return  # another folder was opened meanwhile
                if self.open_path(root) and here.key is not None:
                    self._read_again_after_reload(root, here)
                if before:
                    self._say_work_gone(root, before)

            # the cables of the analyst's work here now, to say which of them are gone after
            failed = lambda _message: reopen(frozenset())  # noqa: E731
            if self.loader.run("work-here", annotated_here, reopen, failed) is None:
                reopen(frozenset())

    def _say_work_gone(self, root: str, before: frozenset[str]) -> None:
        """Once ``root`` is read again, the cables of the analyst's work (``before``) that
        are no longer in it, said: their stars, labels and notes are kept, by ID, but the
        folder's results, counts and saved searches no longer show them."""

        def said(after: frozenset[str]) -> None:
            gone = sorted(before - after)
            if gone and self.loader.root == root:
                named = first_named(gone, 5)
                are = "is" if len(gone) == 1 else "are"
                them = "it" if len(gone) == 1 else "them"
                self.statusBar().showMessage(
                    f"{counted(len(gone), 'cable')} you starred, labelled or noted {are} no longer"
                    f" in the folder: {named}. Your work on {them} is kept, by ID"
                    " (cable-reader annotations list).", 30000)  # fmt: skip

        def loaded(cancelled: bool) -> None:
            self.loadingFinished.disconnect(loaded)
            if not cancelled and self.loader.root == root:
                self.loader.run("work-here", annotated_here, said)

        self.loadingFinished.connect(loaded)

    def _read_again_after_reload(self, root: str, here: Place) -> None:
        """Once the folder is read again and its rows shown, the cable read before, where it
        was read, if its file is unchanged (its key kept) and nothing else was opened or
        read meanwhile."""

        def read_again() -> None:
            index = self.loader.index()
            key = here.key
            if key is None or index is None or self.loader.root != root:
                return
            if self.document.key is None and index.hits([key]):
                self.return_to(key, here.position, here.scroll)

        def shown() -> None:
            self.resultsShown.disconnect(shown)
            read_again()

        def loaded(_cancelled: bool) -> None:
            self.loadingFinished.disconnect(loaded)
            if self.loader.busy:  # the rows of the folder as read are on their way
                self.resultsShown.connect(shown)
            else:
                read_again()

        self.loadingFinished.connect(loaded)

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

    def focus_thread(self) -> None:
        self.thread_dock.show()
        self.thread_dock.raise_()
        self.thread_view.tree.setFocus()


#: The cables of the analyst's own work: starred, labelled or with a note
_WORK = Filter("is:starred OR has:label OR has:note")


def annotated_here(index: Index) -> frozenset[str]:
    """The IDs of the cables of ``index`` the analyst starred, labelled or wrote a note on
    (a look-up job: on the loader's thread)."""
    return frozenset(h.id.upper() for h in index.hits(index.keys(_WORK)) if h.id)
