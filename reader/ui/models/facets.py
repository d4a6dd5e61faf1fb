"""The facet groups of the filter pane: values with counts, each included, excluded or clear.

Like calibre's tag browser: a click includes a value, a second click excludes it (shown
struck through), a third clears it. Each count is what choosing the value would give (the
index counts a group without its own choices where they are alternatives: see
query.group_filter), so every value of a group stays listed; chosen values come first. A
group that was just clicked keeps its order until ``release`` (the pointer has left it, or
a pause): a second click lands on the value the first one was next to. Long groups list
their first values and a "Show all" row; a filter text narrows every group.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from enum import IntEnum
from functools import cache, lru_cache, partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from reader.index.rows import origin_key, station_display, station_keys
from reader.model import codes
from reader.model.wording import counted
from reader.query.fields import FIELDS, by_name
from reader.query.query import (
    FACETS,
    NONE,
    OTHER_COPY,
    OTHER_COPY_MEANING,
    SINGLE_VALUED,
    TEAM_FACETS,
    USER_FACETS,
    FacetValue,
    user_value_term,
)
from reader.review.checks import check_by_code
from reader.review.explain import decoded_text, short_meaning
from reader.ui.levels import level_colour, level_of
from reader.ui.severity import SEVERITY_WORDS, severity_icon

__all__ = [
    "FACET_TITLES",
    "FacetModel",
    "FacetRole",
    "FacetState",
    "describe_code",
    "explain_code",
    "label_tables",
]

Index = QModelIndex | QPersistentModelIndex
#: The invalid index, as a default argument.
_ROOT = QModelIndex()

#: Each facet's group title, from the table of fields.
FACET_TITLES: dict[str, str] = {f.name: f.title for f in FIELDS if f.kind is not None}
#: Facets whose label is the meaning alone (a check's title, not its code).
_TITLED = {f.name for f in FIELDS if f.titled}
#: Facets whose values are classification levels: shown with the level's colour.
_LEVELLED = {f.name for f in FIELDS if f.levelled}
#: Facets listed by value rather than by count.
_BY_VALUE = {f.name for f in FIELDS if f.by_value}


def _decoded(facet: str, value: str) -> codes.Decoded | None:
    """The meaning of a coded value, by the codes function its field names (fields.FIELDS)."""
    if value == NONE or facet not in _DECODERS:
        return None
    return _DECODERS[facet](value)


#: facet -> the codes function that decodes its values
_DECODERS: dict[str, Callable[[str], codes.Decoded]] = {
    f.name: getattr(codes, f.decoded) for f in FIELDS if f.decoded is not None
}


def _station(row: tuple[str, ...], column: int) -> tuple[str, str, str]:
    """(RI, station, place) of a routing indicators row, by the name in ``column``."""
    return row[0], row[column], ", ".join(p for p in row[3:5] if p)


#: The columns of the routing indicators table that name a station, the first that gives
#: an origin winning: the name cables use (cable_name) over the routing book's (name).
_NAME_COLUMNS = (2, 1)


@cache
def _stations() -> dict[str, tuple[str, str, str]]:
    """Origin as the index spells it (``Embassy Prague``) -> (RI, station, place), from the
    routing indicators table; the name cables use wins over the routing book's. (Every name
    spelt: what _station_of does for the few origins it cannot narrow down.)"""
    found: dict[str, tuple[str, str, str]] = {}
    rows = codes.table("routing_indicators").rows
    for column in _NAME_COLUMNS:
        for row in rows:
            origin = station_display(row[column]) if row[column] else None
            if origin:
                found.setdefault(origin, _station(row, column))
    return found


@cache
def _stations_by_key() -> dict[tuple[str, str], list[tuple[tuple[str, ...], int]]]:
    """The routing indicators rows (and the column naming the station) by station_key, in
    the order _stations takes them."""
    found: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = {}
    rows = codes.table("routing_indicators").rows
    for column in _NAME_COLUMNS:
        for key, places in station_keys([row[column] for row in rows]).items():
            found.setdefault(key, []).extend((rows[n], column) for n in places)
    return found


@lru_cache(maxsize=4096)
def _station_of(origin: str) -> tuple[str, str, str] | None:
    """``_stations().get(origin)``, spelling only the names that may give ``origin``: the
    facet pane labels the origins it shows as it paints them, and spelling all 16,000 names
    of the table there held the window for some 50 ms."""
    key = origin_key(origin)
    if key is None:
        return _stations().get(origin)
    for row, column in _stations_by_key().get(key, ()):
        if station_display(row[column]) == origin:
            return _station(row, column)
    return None


def label_tables() -> list[Callable[[], object]]:
    """Steps that read the tables the values' labels come from (the routing indicators by
    station, the codes' meanings), each some 5 to 20 ms: what the pane's first paint of an
    origin or a code would read otherwise, all at once. The pane takes them one per turn of
    the window's loop once it is shown, before a folder's first counts come."""
    return [
        partial(codes.table, "routing_indicators"),
        _stations_by_key,
        *(partial(decode, "PREL") for decode in _DECODERS.values()),  # any code will do
    ]


def describe_code(facet: str, value: str) -> str | None:
    """A few words of what a facet value means (TAGS, handling, precedence, origin, checks):
    the label's suffix. Unknown codes say "unknown code"; None where there is nothing to say."""
    decoded = _decoded(facet, value)
    if decoded is not None:
        return short_meaning(decoded)
    if facet == "origin":
        station = _station_of(value)
        if station is None:
            return None
        return ", ".join(p for p in (station[0], station[2].split(",")[0]) if p)
    if facet == "check":
        try:
            return check_by_code(value).title
        except KeyError:
            return codes.UNKNOWN
    if facet == "copy":
        return OTHER_COPY_MEANING if value == OTHER_COPY else codes.UNKNOWN
    return None


def explain_code(facet: str, value: str) -> str | None:
    """All that is known of a facet value, for its tooltip; None where nothing is."""
    decoded = _decoded(facet, value)
    if decoded is not None:
        return decoded_text(decoded)
    if facet == "origin" and (station := _station_of(value)):
        ri, name, place = station
        return f"{value}: {name}, routing indicator {ri}" + (f" ({place})" if place else "")
    if facet == "check":
        try:
            check = check_by_code(value)
        except KeyError:
            return f"{value}: {codes.UNKNOWN}"
        word = SEVERITY_WORDS[check.severity]
        return f"{check.title} ({word}, {check.code})\n{check.description}"
    if facet == "copy" and value == OTHER_COPY:
        return (
            f"{OTHER_COPY_MEANING.capitalize()} (copy:{OTHER_COPY}): the folder holds this"
            " cable's ID in another file too, and that copy is the one kept (a text before a"
            " cables.csv row, a WikiLeaks page, a body; then the first file by name).\n"
            "Exclude it to list and count each cable once."
        )
    return None


def _brush(role: QPalette.ColorRole) -> QBrush:
    return QGuiApplication.palette().brush(role)


#: The facets the filter pane shows (months are the histogram's): the analyst's own first,
#: as a mail client lists its flags before its folders' contents.
SHOWN_FACETS: tuple[str, ...] = USER_FACETS + tuple(
    name for name in FACETS if by_name(name).in_pane
)


class FacetState(IntEnum):
    CLEAR = 0
    INCLUDE = 1
    EXCLUDE = 2


class FacetRole(IntEnum):
    FACET = Qt.ItemDataRole.UserRole + 1
    VALUE = Qt.ItemDataRole.UserRole + 2
    COUNT = Qt.ItemDataRole.UserRole + 3
    STATE = Qt.ItemDataRole.UserRole + 4
    #: True on a group's "Show all" / "Show fewer" row
    MORE = Qt.ItemDataRole.UserRole + 5


class FacetModel(QAbstractItemModel):
    """Groups (one per facet) with values as children; column 1 holds the count.

    A group lists its chosen values, then the others by count (years and months by value),
    values without cables left out; the first FIRST_VALUES of a long group, then a row that
    shows all of them (and then one that shows fewer again).
    """

    #: Values a long group lists before its "Show all" row (besides chosen ones).
    FIRST_VALUES = 10

    #: The include/exclude sets changed (by a click or by code).
    selectionChanged = Signal()

    def __init__(
        self,
        facets: tuple[str, ...] = SHOWN_FACETS,
        describe: Callable[[str, str], str | None] | None = None,
        parent: Any = None,
        explain: Callable[[str, str], str | None] | None = None,
    ) -> None:
        """``describe(facet, value)``: a few words for the label; ``explain``: the tooltip."""
        super().__init__(parent)
        #: the facets whose groups the model lists where the store may have them
        self._offered = tuple(facets)
        self._groups = list(facets)
        self._own_groups = len(self._groups)  # the team facets' groups may follow them
        #: the counts of every value, as the index gave them last
        self._counts: list[dict[str, int]] = [{} for _ in self._groups]
        #: the rows listed: values, and whether a Show all/fewer row follows them
        self._values: list[list[FacetValue]] = [[] for _ in self._groups]
        self._more: list[bool] = [False for _ in self._groups]
        self._total: list[int] = [0 for _ in self._groups]  # values listed with "Show all"
        self._all: set[int] = set()  # groups showing all their values
        self._held: set[int] = set()  # groups whose rows keep their places (just clicked)
        self._filter = ""
        self._state: dict[tuple[str, str], FacetState] = {}
        self._filling: frozenset[str] = frozenset()  # facets the index is still filling
        #: facets whose counts may be stale, the team's server away: when each was counted
        self._offline: frozenset[str] = frozenset()
        self._counted_at: dict[str, datetime] = {}
        self._describe = describe or describe_code
        self._explain = explain or (explain_code if describe is None else (lambda f, v: None))
        #: the colour of each label (the "label" group's values), by name
        self._label_colours: dict[str, str] = {}

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
            self._counts[g].setdefault(value, 0)
            row = self._row_of(g, value)
            if row is None:
                self._relist(g)
            else:
                parent = self.index(g, 0)
                self.dataChanged.emit(self.index(row, 0, parent), self.index(row, 1, parent))
                self.dataChanged.emit(parent, parent.siblingAtColumn(1))  # "2 chosen"
        self.selectionChanged.emit()

    def cycle(self, index: Index) -> None:
        """Clear -> include -> exclude -> clear, for a value row; a Show all/fewer row
        shows all values or fewer. The group keeps its order until ``release``."""
        if index.data(FacetRole.MORE):
            self.show_all(index.data(FacetRole.FACET), not index.data(FacetRole.STATE))
            return
        facet, value = index.data(FacetRole.FACET), index.data(FacetRole.VALUE)
        if value is None:
            return
        self.hold(facet)
        self.set_state(facet, value, FacetState((self.state(facet, value) + 1) % 3))

    def clear_selection(self, *, announce: bool = True) -> None:
        facets = {facet for facet, _ in self._state}
        self._state.clear()
        for facet in facets:
            if facet in self._groups:
                self._relist(self._groups.index(facet))
        if announce:
            self.selectionChanged.emit()

    # -- order ---------------------------------------------------------------------------
    def hold(self, facet: str) -> None:
        """Keep the rows of ``facet`` where they are (new counts update them in place) until
        ``release``: the group was just clicked and may be clicked again."""
        if facet in self._groups:
            self._held.add(self._groups.index(facet))

    def release(self, facet: str | None = None) -> None:
        """Let ``facet`` (None: every group) take its order again: chosen values first, then
        by count."""
        for g in sorted(self._held):
            if facet is None or self._groups[g] == facet:
                self._held.discard(g)
                self._relist(g)

    def held(self) -> list[str]:
        return [self._groups[g] for g in sorted(self._held)]

    def show_all(self, facet: str, on: bool = True) -> None:
        """List every value of ``facet``, or (not ``on``) only its first ones again."""
        if facet not in self._groups:
            return
        g = self._groups.index(facet)
        if on:
            self._all.add(g)
        else:
            self._all.discard(g)
        self._held.discard(g)
        self._relist(g)

    def set_filling(self, facets: frozenset[str]) -> None:
        """Mark ``facets`` as still being filled by the index (its second phase): their
        titles say so, as their counts are partial."""
        changed = facets ^ self._filling
        self._filling = facets
        for g, facet in enumerate(self._groups):
            if facet in changed:
                self.dataChanged.emit(self.index(g, 0), self.index(g, 0))

    def set_offline(self, facets: frozenset[str]) -> None:
        """Mark ``facets`` as counted before a team's server went away: their titles say as
        of when, since the changes made meanwhile (the analyst's, queued, and the others')
        are not in their counts. An empty set: the server answers again."""
        changed = facets ^ self._offline
        self._offline = facets
        for g, facet in enumerate(self._groups):
            if facet in changed:
                self.dataChanged.emit(self.index(g, 0), self.index(g, 0))

    def counted_at(self, facet: str) -> datetime | None:
        """When the counts of ``facet`` shown were given (None: not yet)."""
        return self._counted_at.get(facet)

    def set_filter(self, text: str) -> None:
        """List only the values whose code or meaning holds ``text`` (chosen ones always)."""
        text = " ".join(text.split()).casefold()
        if text == self._filter:
            return
        self._filter = text
        self._held.clear()
        for g in range(len(self._groups)):
            self._relist(g)

    def matches(self, facet: str) -> int:
        """How many values of ``facet`` the filter text lets through (listed or not)."""
        if facet not in self._groups:
            return 0
        g = self._groups.index(facet)
        return sum(1 for v, n in self._counts[g].items() if self._listable(facet, v, n))

    # -- counts --------------------------------------------------------------------------
    def set_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        """New counts for the current results."""
        self._team_groups([name for name in TEAM_FACETS if name in facets])
        now = datetime.now()
        for g, name in enumerate(self._groups):
            self._counted_at[name] = now
            self._counts[g] = {v.value: v.count for v in facets.get(name, [])}
            for facet, value in self._state:
                if facet == name:
                    self._counts[g].setdefault(value, 0)
            self._relist(g)

    def update_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        """New counts for some groups only (the user facets after a star or a label), the
        others as they were."""
        for g, name in enumerate(self._groups):
            if name not in facets:
                continue
            self._counted_at[name] = datetime.now()
            self._counts[g] = {v.value: v.count for v in facets[name]}
            for facet, value in self._state:
                if facet == name:
                    self._counts[g].setdefault(value, 0)
            self._relist(g)

    def set_label_colours(self, colours: dict[str, str]) -> None:
        """The colours of the analyst's labels, shown beside them in the "label" group."""
        if colours == self._label_colours:
            return
        self._label_colours = dict(colours)
        if "label" in self._groups:
            g = self._groups.index("label")
            rows = len(self._values[g])
            if rows:
                parent = self.index(g, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 0, parent))

    def set_lacking(self, lacking: Collection[str]) -> None:
        """Leave out the groups of the facets the store never has a value of (Index.lacks:
        a team's corpus has no Copies), and list again those of another store that may.
        A value chosen in a group left out stays chosen (its chip shows it)."""
        wanted = [name for name in self._offered if name not in lacking]
        for g in reversed(range(self._own_groups)):
            if self._groups[g] not in wanted:
                self._drop_groups(g, g)
                self._own_groups -= 1
        for g, name in enumerate(wanted):
            if g >= self._own_groups or self._groups[g] != name:
                self._own_groups += 1
                self._add_groups(g, [name])

    def _team_groups(self, wanted: list[str]) -> None:
        """List the groups of the team facets ("Read by", "Starred by") after the others
        while the store gives them (a team's corpus on a server), and not otherwise; a value
        chosen in a group that goes is cleared (the results follow)."""
        first = self._own_groups
        if self._groups[first:] == wanted or any(name in self._groups[:first] for name in wanted):
            return
        gone = [key for key in self._state if key[0] in self._groups[first:]]
        for key in gone:
            del self._state[key]
        if len(self._groups) > first:
            self._drop_groups(first, len(self._groups) - 1)
        if wanted:
            self._add_groups(first, wanted)
        if gone:
            self.selectionChanged.emit()

    def _drop_groups(self, first: int, last: int) -> None:
        """Stop listing the groups ``first`` to ``last``."""
        self.beginRemoveRows(QModelIndex(), first, last)
        for lists in (self._groups, self._counts, self._values, self._more, self._total):
            del lists[first : last + 1]
        gone = last - first + 1
        self._all = {g if g < first else g - gone for g in self._all if not first <= g <= last}
        self._held = {g if g < first else g - gone for g in self._held if not first <= g <= last}
        self.endRemoveRows()

    def _add_groups(self, at: int, names: list[str]) -> None:
        """List the groups of ``names`` from row ``at``, without values until counted (but
        the values chosen in them)."""
        n = len(names)
        self.beginInsertRows(QModelIndex(), at, at + n - 1)
        self._groups[at:at] = names
        self._counts[at:at] = [
            {value: 0 for facet, value in self._state if facet == name} for name in names
        ]
        self._values[at:at] = [[] for _ in names]
        self._more[at:at] = [False for _ in names]
        self._total[at:at] = [0 for _ in names]
        self._all = {g if g < at else g + n for g in self._all}
        self._held = {g if g < at else g + n for g in self._held}
        self.endInsertRows()
        for g in range(at, at + n):
            if self._counts[g]:
                self._relist(g)

    def _listable(self, facet: str, value: str, count: int) -> bool:
        if self.state(facet, value) != FacetState.CLEAR:
            return True
        if count <= 0:
            return False
        if not self._filter:
            return True
        if self._filter in value.casefold():
            return True
        meaning = self._describe(facet, value)
        return bool(meaning) and self._filter in meaning.casefold()

    def _ordered(self, g: int) -> list[FacetValue]:
        """The values ``g`` lists, in their order: chosen ones first."""
        facet = self._groups[g]
        values = [
            FacetValue(v, n) for v, n in self._counts[g].items() if self._listable(facet, v, n)
        ]
        if facet in _BY_VALUE:
            values.sort(key=lambda v: (v.value == NONE, v.value))
        else:
            values.sort(key=lambda v: (-v.count, v.value))
        values.sort(key=lambda v: self.state(facet, v.value) == FacetState.CLEAR)  # stable
        return values

    def _relist(self, g: int) -> None:
        """List the rows of group ``g`` again from its counts; a held group keeps its rows
        in place (new values after them) and only its counts change."""
        counts = self._counts[g]
        if g in self._held:
            values = [FacetValue(v.value, counts.get(v.value, 0)) for v in self._values[g]]
            listed = {v.value for v in values}
            # a value chosen from elsewhere (a chip, the query field) is listed at the end;
            # values new to the counts wait for the release
            facet = self._groups[g]
            values += [
                FacetValue(v, n)
                for v, n in counts.items()
                if v not in listed and self.state(facet, v) != FacetState.CLEAR
            ]
            self._set_rows(g, values, self._more[g])
            return
        values = self._ordered(g)
        chosen = sum(1 for v in values if self.state(self._groups[g], v.value))
        first = max(self.FIRST_VALUES, chosen)
        # a row "Show all 12" to see two more values saves nothing
        long = self._groups[g] not in _BY_VALUE and len(values) > first + 2
        self._total[g] = len(values)
        if long and g not in self._all:
            values = values[:first]
        self._set_rows(g, values, long)

    def _set_rows(self, g: int, values: list[FacetValue], more: bool) -> None:
        old = self._values[g]
        parent = self.index(g, 0)
        if [v.value for v in old] == [v.value for v in values] and self._more[g] == more:
            self._values[g] = values
            rows = len(values) + more
            if rows:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 1, parent))
            self.dataChanged.emit(parent, parent.siblingAtColumn(1))
            return
        rows = len(old) + self._more[g]
        if rows:
            self.beginRemoveRows(parent, 0, rows - 1)
            self._values[g] = []
            self._more[g] = False
            self.endRemoveRows()
        if values or more:
            self.beginInsertRows(parent, 0, len(values) + more - 1)
            self._values[g] = values
            self._more[g] = more
            self.endInsertRows()
        self.dataChanged.emit(parent, parent.siblingAtColumn(1))  # the group's total

    def _row_of(self, g: int, value: str) -> int | None:
        return next((i for i, v in enumerate(self._values[g]) if v.value == value), None)

    def values(self, facet: str) -> list[FacetValue]:
        """The values ``facet`` lists, in their order (not the Show all row)."""
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
        if row >= len(self._values[g]) + self._more[g]:
            return QModelIndex()
        return self.createIndex(row, column, g + 1)

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._values[parent.row()]) + self._more[parent.row()]
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Facet", "Cables")[section] if 0 <= section < 2 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index.row(), index.column(), role)
        g = index.internalId() - 1
        if not 0 <= g < len(self._groups):
            return None
        if index.row() == len(self._values[g]) and self._more[g]:
            return self._more_data(g, index.column(), role)
        if index.row() >= len(self._values[g]):
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
        if role == FacetRole.MORE:
            return False
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
                f"{v.value}{': ' + meaning if meaning else ''}"
            )
            tip = f"{detail}\n{self._count_text(facet, v.count, state)}"
            term = user_value_term(facet, v.value)
            return tip if term is None else f"{tip}\nIn the query: {term}"
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and facet == "check":
            try:
                return severity_icon(check_by_code(v.value).severity)
            except KeyError:
                return None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and facet == "label":
            colour = self._label_colours.get(v.value)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and facet in _LEVELLED:
            return level_colour(level_of(v.value) if facet == "classification" else v.value)
        if role == Qt.ItemDataRole.FontRole and state != FacetState.CLEAR:
            font = QFont()
            font.setBold(state == FacetState.INCLUDE)
            # the value struck through, not its count: the cables it leaves out
            font.setStrikeOut(state == FacetState.EXCLUDE and index.column() == 0)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and v.count == 0 and state == FacetState.CLEAR:
            return QGuiApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _count_text(self, facet: str, count: int, state: FacetState) -> str:
        """What the count beside a value means, and what a click does, for its tooltip."""
        cables = counted(count, "cable")
        have = "has" if count == 1 else "have"
        either = facet in SINGLE_VALUED
        if state == FacetState.INCLUDE:
            return f"Included: {cables} of the results {have} it; click to exclude"
        if state == FacetState.EXCLUDE:
            return f"Excluded: it leaves out {cables}; click to clear"
        chosen = any(f == facet for f, _ in self.include)
        if chosen and either:
            return f"Click to add {cables} as an alternative (either value)"
        if chosen:
            return f"Click to keep the {cables} that {have} this value too (all values)"
        return f"Click to show only {'this cable' if count == 1 else f'these {cables}'}"

    def _more_data(self, g: int, column: int, role: int) -> Any:
        showing = g in self._all
        if role == FacetRole.FACET:
            return self._groups[g]
        if role == FacetRole.MORE:
            return True
        if role == FacetRole.STATE:
            return int(showing)
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return "Show fewer" if showing else f"Show all {self._total[g]:,}…"
        if role == Qt.ItemDataRole.ToolTipRole:
            if showing:
                return f"List only the first {self.FIRST_VALUES} values"
            return f"List the {self._total[g] - len(self._values[g]):,} values after these too"
        if role == Qt.ItemDataRole.ForegroundRole:
            return _brush(QPalette.ColorRole.Link)
        return None

    def _group_data(self, g: int, column: int, role: int) -> Any:
        facet = self._groups[g]
        chosen = sum(1 for f, _ in self._state if f == facet)
        included = sum(1 for f, _ in self.include if f == facet)
        if role == FacetRole.FACET:
            return facet
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                title = FACET_TITLES.get(facet, facet)
                if facet in self._filling:
                    title += " (filling…)"
                at = self._counted_at.get(facet)
                if facet in self._offline and at is not None:
                    title += f" (as of {at.strftime('%H:%M')}, offline)"
                if included > 1:  # which the results hold: either value, or every one
                    word = "any" if facet in SINGLE_VALUED else "all"
                    return f"{title} ({word} of {included})"
                return title
            # (counted when the group was listed: not on every paint, through the filter text)
            return f"{chosen} chosen" if chosen else f"{self._total[g]:,}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if facet in SINGLE_VALUED:
                how = "Values you include are alternatives: cables with any of them."
            else:
                how = "Values you include are all required: cables with every one of them."
            return f"{how}\nEach count is the number of cables choosing that value would give."
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None
