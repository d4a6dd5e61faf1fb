"""Saved searches in the window: save the filter as it stands (query, dates, every include
and exclude, the sort) under a name, open one to put it all back, rename and delete them.

The list and its counts come from the annotations (reader/annotate/annotations.py) through
the loader's look-up thread, like every other read of the analyst's work: the UI thread
never waits on the disk. Counting a search means finding its results, so the searches are
counted one job at a time: a cable asked for meanwhile waits for one count, not for all.
The counts are made again whenever the folder has been read (new cables may be new
results) and after each change to stars, labels or notes (``is:starred`` and the like).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox

from reader.annotate.annotations import Annotations, SavedSearch
from reader.query.conditions import asks_annotations as filter_asks_annotations
from reader.query.query import Filter
from reader.ui.history import FilterState, split_dates
from reader.ui.navigation import filter_state, set_filter_state
from reader.ui.widgets.saved_search_list import SavedSearchList

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["SavedSearches", "asks_annotations", "saved_from_state", "state_of"]

_KIND = "saved-search"


def saved_from_state(name: str, state: FilterState) -> SavedSearch:
    """The saved search of a filter state (the histogram's range goes in the query)."""
    return SavedSearch(
        name=name,
        query=state.full_query,
        include=tuple(sorted(state.include)),
        exclude=tuple(sorted(state.exclude)),
        sort=state.sort,
        descending=state.descending,
    )


def state_of(search: SavedSearch) -> FilterState:
    query, dates = split_dates(search.query)
    return FilterState(
        query=query.strip(),
        date_range=dates,
        include=frozenset(search.include),
        exclude=frozenset(search.exclude),
        sort=search.sort,
        descending=search.descending,
    )


def asks_annotations(search: SavedSearch) -> bool:
    """Does the search's answer depend on stars, read state, labels or notes (a query field
    such as ``is:starred``, or a facet of the analyst's own)? Only those are counted again
    after such a change. Told by the query language's one reading (conditions)."""
    return filter_asks_annotations(
        Filter(
            query=search.query,
            include=frozenset(search.include),
            exclude=frozenset(search.exclude),
        )
    )


def _result_ids(index: Any, search: SavedSearch) -> tuple[int, list[str]]:
    """How many cables the search finds, and their canonical IDs (what "new" is told by)."""
    f = Filter(
        query=search.query,
        include=frozenset(search.include),
        exclude=frozenset(search.exclude),
    )
    keys = index.keys(f)
    ids = getattr(index, "ids", None)  # the index of a folder has it; a stand-in may not
    if ids is not None:
        return len(keys), [i.upper() for i in ids(keys)]
    return len(keys), [h.id.upper() for h in index.hits(keys) if h.id]


class SavedSearches(QObject):
    """Installed by the window: the list at the top of the filter pane and its actions."""

    #: The list of saved searches is shown as the annotations hold it.
    listed = Signal()
    #: A search was counted: name, cables, new since it was last opened.
    counted = Signal(str, int, int)
    #: A saved search was put back: its name.
    opened = Signal(str)

    #: After a change to stars, labels or notes, counting waits this long (ms) for the next.
    RECOUNT_MS = 300

    def __init__(self, window: MainWindow, path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.searches: list[SavedSearch] = []
        self._jobs: dict[int, tuple[Callable[[Any], None], Callable[[], None] | None]] = {}
        self._counter = 0
        self._generation = 0  # counting rounds: a newer one drops the answers of older ones
        self._to_count: list[SavedSearch] = []
        self._busy = False  # a count is on its way

        self.save_action = QAction("&Save Search…", window)
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_action.setStatusTip(
            "Keep the query, dates, facet choices and sort under a name (Ctrl+Shift+S)"
        )
        self.save_action.setToolTip(self.save_action.statusTip())
        self.save_action.setIconText("Save…")
        self.save_action.triggered.connect(self.ask_save)
        window.addAction(self.save_action)
        edit = next(
            (a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Edit"),
            None,
        )
        if isinstance(edit, QMenu):
            edit.addSeparator()
            edit.addAction(self.save_action)

        self.list = SavedSearchList(self.save_action)
        window.pane.layout().insertWidget(0, self.list)  # type: ignore[union-attr]
        self.list.openRequested.connect(self.open)
        self.list.renameRequested.connect(self.ask_rename)
        self.list.deleteRequested.connect(self.ask_delete)

        window.loader.lookedUp.connect(self._on_result)
        window.loader.lookupFailed.connect(self._on_failed)
        window.loader.opened.connect(lambda _root: self.refresh())
        window.loadingFinished.connect(lambda _cancelled: self.refresh())
        # a burst of stars or labels: the searches on them are counted once, after it
        self._annotated = QTimer(self, singleShot=True, interval=self.RECOUNT_MS)
        self._annotated.timeout.connect(lambda: self.recount(asks_annotations))
        window.annotating.changed.connect(lambda *_: self._annotated.start())
        # a team's server back: the counts it could not give meanwhile (a star made offline,
        # the others' work) are asked of it again
        window.annotating.serverBack.connect(lambda: self.recount())
        window.pane.filterChanged.connect(self._mark_current)
        window.model.sortRequested.connect(lambda *_: self._mark_current())

    # -- reading the list and counting -----------------------------------------------------
    def refresh(self) -> None:
        """Read the saved searches again, then count each."""
        if self.window.loader.index() is None:
            # not open yet: a team's corpus is done loading before its queries have their
            # connection, and said "Open a folder first" with the corpus open; ``opened``
            # reads them once it is
            return

        def read(store: Annotations) -> list[SavedSearch]:
            return store.saved_searches()

        self._submit(self._in_store(read), self._listed)

    def _listed(self, searches: list[SavedSearch]) -> None:
        self.searches = searches
        self.list.set_searches(searches)
        self._mark_current()
        self.listed.emit()
        self.recount()

    def recount(self, which: Callable[[SavedSearch], bool] | None = None) -> None:
        """Count the saved searches again (``which``: only those), one job after the other."""
        wanted = [s for s in self.searches if which is None or which(s)]
        if which is None:  # a new round: what the old one is still counting is for the old list
            self._generation += 1
            self._to_count, self._busy = wanted, False
        else:  # these again, after what is waiting already
            names = {s.name for s in wanted}
            self._to_count = [s for s in self._to_count if s.name not in names] + wanted
        if not self._busy:
            self._count_next(self._generation)

    def _count_next(self, generation: int) -> None:
        if generation != self._generation:
            return
        if not self._to_count:
            self._busy = False
            return
        self._busy = True
        search = self._to_count.pop(0)
        path = self.path

        def count(index: Any) -> tuple[str, int, int]:
            total, ids = _result_ids(index, search)
            with Annotations.open(path, backup=False) as store:
                return search.name, total, store.new_in_search(search.name, ids)

        def then(result: tuple[str, int, int]) -> None:
            if generation == self._generation:
                self.list.set_count(*result)
                self.counted.emit(*result)
            self._count_next(generation)

        self._submit(count, then, failed=lambda: self._count_next(generation))

    # -- the analyst's asks ------------------------------------------------------------------
    def ask_save(self) -> None:
        """Ask for a name, then save the filter as it stands under it."""
        state = filter_state(self.window)
        suggested = self._current_name() or state.query or "My search"
        name, ok = QInputDialog.getText(
            self.window,
            "Save Search",
            "A name for the query, dates, facet choices and sort\n"
            "(the name of a saved search replaces it):",
            QLineEdit.EchoMode.Normal,
            suggested,
        )
        if ok and name.strip():
            self.save(name)

    def save(self, name: str) -> None:
        """Save the filter as it stands as ``name`` (replacing a search of that name); what
        it finds now counts as seen."""
        search = saved_from_state(" ".join(name.split()), filter_state(self.window))

        def work(index: Any) -> str:
            _total, ids = _result_ids(index, search)
            with Annotations.open(self.path, backup=False) as store:
                store.save_search(search)
                store.open_search(search.name, ids)
            return search.name

        def then(saved: str) -> None:
            self.window.statusBar().showMessage(f"Saved the search “{saved}”", 5000)
            self.refresh()

        self._write(f"Save the search “{search.name}”", work, then)

    def open(self, name: str) -> None:
        """Put the saved search back exactly, and mark it opened with what it finds now."""
        search = next((s for s in self.searches if s.name == name), None)
        if search is None:
            return
        set_filter_state(self.window, state_of(search))
        self.list.mark_current(name)

        def work(index: Any) -> tuple[int, int]:
            total, ids = _result_ids(index, search)
            with Annotations.open(self.path, backup=False) as store:
                return total, len(store.open_search(name, ids))

        def then(result: tuple[int, int]) -> None:
            total, new = result
            self.list.set_count(name, total, 0)
            self.counted.emit(name, total, 0)
            if search.opened is None:
                said = ", opened for the first time"
            else:
                said = f", {new:,} new since last opened" if new else ", none new"
            self.window.statusBar().showMessage(f"{name}: {total:,} cables{said}", 8000)
            # its "last opened", for the tooltip (no need to read and count them all again)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            self.searches = [replace(s, opened=now) if s.name == name else s for s in self.searches]
            self.list.set_searches(self.searches)
            self.opened.emit(name)

        self._submit(work, then)

    def ask_rename(self, name: str) -> None:
        new, ok = QInputDialog.getText(
            self.window, "Rename Saved Search", "New name:", QLineEdit.EchoMode.Normal, name
        )
        if ok and new.strip() and new.strip() != name:
            self.rename(name, new)

    def rename(self, old: str, new: str) -> None:
        self._write(
            f"Rename the saved search “{old}” to “{new}”",
            self._in_store(lambda store: store.rename_search(old, new)),
            lambda _none: self.refresh(),
        )

    def ask_delete(self, name: str) -> None:
        """Delete ``name`` once the analyst says so: Ctrl+Z does not bring a saved search
        back, and one click of the context menu once deleted it for good."""
        button = QMessageBox.StandardButton
        asked = QMessageBox.question(
            self.window,
            "Delete Saved Search",
            f"Delete the saved search “{name}”?\n\nThis cannot be undone: Ctrl+Z undoes"
            " changes to stars, read marks, labels and notes only.",
            button.Yes | button.Cancel,
            button.Cancel,
        )
        if asked == button.Yes:
            self.delete(name)

    def delete(self, name: str) -> None:
        def then(_none: None) -> None:
            self.window.statusBar().showMessage(f"Deleted the saved search “{name}”", 5000)
            self.refresh()

        self._write(
            f"Delete the saved search “{name}”",
            self._in_store(lambda store: store.delete_search(name)),
            then,
        )

    # -- which search the filter is ----------------------------------------------------------
    def _current_name(self) -> str | None:
        state = filter_state(self.window)
        return next((s.name for s in self.searches if state_of(s) == state), None)

    def _mark_current(self) -> None:
        self.list.mark_current(self._current_name())

    # -- jobs --------------------------------------------------------------------------------
    def _in_store(self, work: Callable[[Annotations], Any]) -> Callable[[Any], Any]:
        path = self.path

        def job(_index: Any) -> Any:
            with Annotations.open(path, backup=False) as store:
                return work(store)

        return job

    def _write(
        self, what: str, job: Callable[[Any], Any], then: Callable[[Any], None]
    ) -> None:
        """A change to the saved searches: written in turn with the analyst's other changes
        to the annotations, and kept, to be tried again, if it cannot be written now."""
        self.window.annotating.unsaved.write(what, job, then)

    def _submit(
        self,
        job: Callable[[Any], Any],
        then: Callable[[Any], None],
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Run ``job`` on the look-up thread, then ``then(result)`` here (``failed()`` if it
        failed, after the status bar has said why)."""
        self._counter += 1
        request = self.window.loader.look_up(f"{_KIND}:{self._counter}", job)
        if request is None:
            self._busy = False
            self.window.statusBar().showMessage("Open a folder first", 5000)
            return
        self._jobs[request] = (then, failed)

    def _on_result(self, request: int, kind: str, result: object) -> None:
        if kind.startswith(_KIND) and request in self._jobs:
            self._jobs.pop(request)[0](result)

    def _on_failed(self, request: int, kind: str, message: str) -> None:
        if kind.startswith(_KIND) and request in self._jobs:
            failed = self._jobs.pop(request)[1]
            self.window.statusBar().showMessage(f"Saved searches: {message}", 10000)
            if failed is not None:
                failed()
