"""Back and Forward in the window (Alt+Left / Alt+Right): one history (reader/ui/history.py)
of the filter states and of the REF links followed, and the way to put a whole filter state
back (a step of the history, or a saved search).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from reader.ui.history import FilterState, History, Place
from reader.ui.models.cable_tree import SORT_FOR_COLUMN, Column

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["Navigation", "filter_state", "set_filter_state"]


def filter_state(window: MainWindow) -> FilterState:
    """The window's filter as it stands: query, dates, facet choices and sort."""
    pane = window.pane
    sort, descending = window.sort_order()
    return FilterState(
        query=pane.query.text().strip(),
        date_range=pane.date_range,
        include=pane.facets.include,
        exclude=pane.facets.exclude,
        sort=sort,
        descending=descending,
    )


def set_filter_state(window: MainWindow, state: FilterState) -> None:
    """Put ``state`` back whole; the window asks for the results once (the pane's one
    ``filterChanged``), not once for the sort and again for each facet."""
    column = next((c for c, k in SORT_FOR_COLUMN.items() if k == state.sort), Column.DATE)
    # the model first: the header's change then finds it in that order already and asks
    # nothing of its own
    window.model.set_sort(state.sort, state.descending)
    order = Qt.SortOrder.DescendingOrder if state.descending else Qt.SortOrder.AscendingOrder
    window.tree.header().setSortIndicator(column, order)
    window.pane.restore(state.query, state.date_range, state.include, state.exclude)


class Navigation(QObject):
    """Records each change of the filter and each link followed; goes back and forth."""

    #: The history changed: Back or Forward may have become possible or impossible.
    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.history = History()
        self._filter = FilterState()
        self._restoring = False
        self._last_paused = False  # the current step was made by a pause in typing
        window.pane.filterChanged.connect(self._filter_changed)
        window.model.sortRequested.connect(lambda *_: self._filter_changed())

    def reset(self) -> None:
        """A new folder (or a new window): no history, the filter as it stands."""
        self.history.clear()
        self._filter = filter_state(self.window)
        self._last_paused = False
        self.changed.emit()

    def here(self) -> Place:
        """The current place: the filter, the cable read and where in it."""
        document = self.window.document
        if document.key is None:
            return Place(self._filter)
        position, scroll = document.reading_position()
        return Place(self._filter, document.key, position, scroll)

    # -- recording -----------------------------------------------------------------------
    def _filter_changed(self) -> None:
        if self._restoring:
            return
        new = filter_state(self.window)
        if new == self._filter:
            return
        here = self.here()
        # a pause in typing after another one is the same step still being written
        paused = self.window.pane.paused
        self.history.visit(here, replace(here, filter=new), amend=paused and self._last_paused)
        self._last_paused = paused
        self._filter = new
        self.changed.emit()

    def follow(self, key: int) -> None:
        """A REF link (or the thread view) leads to cable ``key``."""
        self.history.visit(self.here(), Place(self._filter, key))
        self._last_paused = False
        self.changed.emit()

    # -- going ---------------------------------------------------------------------------
    def back(self) -> bool:
        return self._go(self.history.back(self.here()))

    def forward(self) -> bool:
        return self._go(self.history.forward(self.here()))

    def _go(self, place: Place | None) -> bool:
        if place is None:
            return False
        self._last_paused = False
        filtered = place.filter != self._filter
        if filtered:
            self._restoring = True
            try:
                set_filter_state(self.window, place.filter)
            finally:
                self._restoring = False
            self._filter = place.filter
        if place.key is not None:
            self.window.return_to(place.key, place.position, place.scroll, refiltered=filtered)
        self.changed.emit()
        return True
