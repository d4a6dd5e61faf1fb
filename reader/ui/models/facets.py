"""The facet groups of the filter pane: values with counts, each included, excluded or clear.

Like calibre's tag browser: a click includes a value, a second click excludes it (shown
struck through), a third clears it. Counts follow the current results; a chosen value that
drops out of the results stays listed with a count of 0 so it can still be cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from reader.core import codes
from reader.core.checks import check_by_code
from reader.core.codes import read_table
from reader.core.explain import decoded_text, short_meaning
from reader.corpus.query import FACETS, NONE, FacetValue
from reader.corpus.rows import station_display
from reader.ui.levels import level_colour, level_of
from reader.ui.severity import SEVERITY_WORDS, severity_icon

__all__ = [
    "FACET_TITLES", "FacetModel", "FacetRole", "FacetState", "describe_code", "explain_code",
]

Index = QModelIndex | QPersistentModelIndex
#: The invalid index, as a default argument.
_ROOT = QModelIndex()

FACET_TITLES = {
    "classification": "Classification",
    "origin": "Origin",
    "year": "Year",
    "month": "Month",
    "tag": "TAGS",
    "precedence": "Precedence",
    "handling": "Handling",
    "marking": "Highest marking",
    "problem": "Parser problems",
    "check": "Checks",
}
#: Facets whose label is the meaning alone (a check's title, not its code).
_TITLED = {"check"}
#: Facets whose values are classification levels: shown with the level's colour.
_LEVELLED = {"classification", "marking"}
#: Facets listed by value rather than by count.
_BY_VALUE = {"year", "month"}


def _decoded(facet: str, value: str) -> codes.Decoded | None:
    if value == NONE:
        return None
    if facet == "tag":
        return codes.tag(value)
    if facet == "handling":
        return codes.handling(value)
    if facet == "precedence":
        return codes.precedence(value)
    return None


@cache
def _stations() -> dict[str, tuple[str, str, str]]:
    """Origin as the index spells it (``Embassy Prague``) -> (RI, station, place), from the
    routing indicators table; the name cables use wins over the routing book's."""
    found: dict[str, tuple[str, str, str]] = {}
    rows = read_table("routing_indicators").rows
    for column in (2, 1):  # cable_name, then name
        for row in rows:
            origin = station_display(row[column]) if row[column] else None
            if origin:
                place = ", ".join(p for p in row[3:5] if p)
                found.setdefault(origin, (row[0], row[column], place))
    return found


def describe_code(facet: str, value: str) -> str | None:
    """A few words of what a facet value means (TAGS, handling, precedence, origin, checks):
    the label's suffix. Unknown codes say "unknown code"; None where there is nothing to say."""
    decoded = _decoded(facet, value)
    if decoded is not None:
        return short_meaning(decoded)
    if facet == "origin":
        station = _stations().get(value)
        if station is None:
            return None
        return ", ".join(p for p in (station[0], station[2].split(",")[0]) if p)
    if facet == "check":
        try:
            return check_by_code(value).title
        except KeyError:
            return codes.UNKNOWN
    return None


def explain_code(facet: str, value: str) -> str | None:
    """All that is known of a facet value, for its tooltip; None where nothing is."""
    decoded = _decoded(facet, value)
    if decoded is not None:
        return decoded_text(decoded)
    if facet == "origin" and (station := _stations().get(value)):
        ri, name, place = station
        return f"{value}: {name}, routing indicator {ri}" + (f" ({place})" if place else "")
    if facet == "check":
        try:
            check = check_by_code(value)
        except KeyError:
            return f"{value}: {codes.UNKNOWN}"
        word = SEVERITY_WORDS[check.severity]
        return f"{check.title} ({word}, {check.code})\n{check.description}"
    return None


class FacetState(IntEnum):
    CLEAR = 0
    INCLUDE = 1
    EXCLUDE = 2


class FacetRole(IntEnum):
    FACET = Qt.ItemDataRole.UserRole + 1
    VALUE = Qt.ItemDataRole.UserRole + 2
    COUNT = Qt.ItemDataRole.UserRole + 3
    STATE = Qt.ItemDataRole.UserRole + 4


class FacetModel(QAbstractItemModel):
    """Groups (one per facet) with values as children; column 1 holds the count."""

    #: Values listed per facet (besides chosen ones; years and months are never cut).
    MAX_VALUES = 250

    #: The include/exclude sets changed (by a click or by code).
    selectionChanged = Signal()

    def __init__(self, facets: tuple[str, ...] = tuple(f for f in FACETS if f != "month"),
                 describe: Callable[[str, str], str | None] | None = None,
                 parent: Any = None,
                 explain: Callable[[str, str], str | None] | None = None) -> None:
        """``describe(facet, value)``: a few words for the label; ``explain``: the tooltip."""
        super().__init__(parent)
        self._groups = list(facets)
        self._values: list[list[FacetValue]] = [[] for _ in self._groups]
        self._totals: list[int] = [0 for _ in self._groups]  # values before the cap
        self._state: dict[tuple[str, str], FacetState] = {}
        self._describe = describe or describe_code
        self._explain = explain or (explain_code if describe is None else (lambda f, v: None))

    # -- selection -----------------------------------------------------------------------
    @property
    def include(self) -> frozenset[tuple[str, str]]:
        return frozenset(k for k, s in self._state.items() if s == FacetState.INCLUDE)

    @property
    def exclude(self) -> frozenset[tuple[str, str]]:
        return frozenset(k for k, s in self._state.items() if s == FacetState.EXCLUDE)

    def state(self, facet: str, value: str) -> FacetState:
        return self._state.get((facet, value), FacetState.CLEAR)

    def set_state(self, facet: str, value: str, state: FacetState) -> None:
        if self.state(facet, value) == state:
            return
        if state == FacetState.CLEAR:
            self._state.pop((facet, value), None)
        else:
            self._state[(facet, value)] = state
        if facet in self._groups:
            g = self._groups.index(facet)
            if not any(v.value == value for v in self._values[g]):
                self._set_group(g, self._values[g] + [FacetValue(value, 0)])
            row = next(i for i, v in enumerate(self._values[g]) if v.value == value)
            self.dataChanged.emit(self.index(row, 0, self.index(g, 0)),
                                  self.index(row, 1, self.index(g, 0)))
        self.selectionChanged.emit()

    def cycle(self, index: Index) -> None:
        """Clear -> include -> exclude -> clear, for a value row."""
        facet, value = index.data(FacetRole.FACET), index.data(FacetRole.VALUE)
        if value is None:
            return
        self.set_state(facet, value, FacetState((self.state(facet, value) + 1) % 3))

    def clear_selection(self, *, announce: bool = True) -> None:
        for facet, value in list(self._state):
            self._state.pop((facet, value))
            if facet in self._groups:
                g = self._groups.index(facet)
                for row, v in enumerate(self._values[g]):
                    if v.value == value:
                        ix = self.index(row, 0, self.index(g, 0))
                        self.dataChanged.emit(ix, ix.siblingAtColumn(1))
        if announce:
            self.selectionChanged.emit()

    # -- counts --------------------------------------------------------------------------
    def set_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        """New counts for the current results."""
        for g, name in enumerate(self._groups):
            every = facets.get(name, [])
            self._totals[g] = len(every)
            # the most frequent values only (years and months all): a list of thousands of
            # TAGS helps nobody and costs the view; the query field completes the rest
            values = list(every) if name in _BY_VALUE else list(every[: self.MAX_VALUES])
            present = {v.value for v in values}
            values += [FacetValue(v, 0) for (f, v) in self._state if f == name and v not in present]
            if name in _BY_VALUE:
                values.sort(key=lambda v: v.value)
            self._set_group(g, values)

    def _set_group(self, g: int, values: list[FacetValue]) -> None:
        old = self._values[g]
        parent = self.index(g, 0)
        if [v.value for v in old] == [v.value for v in values]:
            self._values[g] = values
            if values:
                self.dataChanged.emit(self.index(0, 1, parent),
                                      self.index(len(values) - 1, 1, parent))
            return
        if old:
            self.beginRemoveRows(parent, 0, len(old) - 1)
            self._values[g] = []
            self.endRemoveRows()
        if values:
            self.beginInsertRows(parent, 0, len(values) - 1)
            self._values[g] = values
            self.endInsertRows()
        self.dataChanged.emit(parent, parent.siblingAtColumn(1))  # the group's total

    def values(self, facet: str) -> list[FacetValue]:
        return list(self._values[self._groups.index(facet)]) if facet in self._groups else []

    # -- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not 0 <= column < 2 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        g = parent.row()
        if row >= len(self._values[g]):
            return QModelIndex()
        return self.createIndex(row, column, g + 1)

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._values[parent.row()])
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Facet", "Cables")[section] if 0 <= section < 2 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index.row(), index.column(), role)
        g = index.internalId() - 1
        if not (0 <= g < len(self._groups) and index.row() < len(self._values[g])):
            return None  # a stale index from before the counts changed
        facet = self._groups[g]
        v = self._values[g][index.row()]
        state = self.state(facet, v.value)
        if role == FacetRole.FACET:
            return facet
        if role == FacetRole.VALUE:
            return v.value
        if role == FacetRole.COUNT:
            return v.count
        if role == FacetRole.STATE:
            return int(state)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 1:
                return f"{v.count:,}"
            meaning = self._describe(facet, v.value)
            if facet in _TITLED:
                return meaning or v.value
            return f"{v.value} — {meaning}" if meaning else v.value
        if role == Qt.ItemDataRole.ToolTipRole:
            meaning = self._describe(facet, v.value)
            detail = self._explain(facet, v.value) or (
                f"{v.value}{': ' + meaning if meaning else ''}")
            verb = {FacetState.CLEAR: "Click to show only these cables",
                    FacetState.INCLUDE: "Included; click to exclude",
                    FacetState.EXCLUDE: "Excluded; click to clear"}[state]
            return f"{detail}\n{v.count:,} cables\n{verb}"
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and facet in _TITLED:
            try:
                return severity_icon(check_by_code(v.value).severity)
            except KeyError:
                return None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and facet in _LEVELLED:
            return level_colour(level_of(v.value) if facet == "classification" else v.value)
        if role == Qt.ItemDataRole.FontRole and state != FacetState.CLEAR:
            font = QFont()
            font.setBold(state == FacetState.INCLUDE)
            font.setStrikeOut(state == FacetState.EXCLUDE)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _group_data(self, g: int, column: int, role: int) -> Any:
        facet = self._groups[g]
        if role == FacetRole.FACET:
            return facet
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return FACET_TITLES.get(facet, facet)
            chosen = sum(1 for f, _ in self._state if f == facet)
            listed = max(self._totals[g], len(self._values[g]))
            return f"{chosen} chosen" if chosen else f"{listed:,}"
        if role == Qt.ItemDataRole.ToolTipRole and self._totals[g] > len(self._values[g]):
            return (f"The {len(self._values[g])} most frequent of {self._totals[g]:,} values;"
                    f" type {facet}: in the query field to find the others")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None
