"""The cable tree: one row per cable in the filtered set, fetched lazily; children on expand.

Top rows come from ``index.hits(keys[a:b])`` a page at a time (:meth:`fetch_more_rows`,
which the tree calls as it scrolls to the end of what it has; not Qt's ``fetchMore`` on the
root, which a tree view calls at every relayout, so that each expanded cable fetched two
more pages and the layouts grew without end). From a store on a server (``ask_rows`` given
to :meth:`CableTreeModel.set_source`) a page is asked off the UI thread instead: its rows show
"…" until :meth:`CableTreeModel.set_hits` brings them, and go again if they cannot come
(:meth:`CableTreeModel.rows_failed`), so a server that does not answer never holds up the
window; a local index's page (a millisecond) is read at once, as painting needs it.

Expanding a cable asks for its children (``ask(key)``:
the window parses the cable and builds them with :func:`cable_children` off the UI thread)
and shows a "Loading…" row until :meth:`CableTreeModel.set_children` brings them: nothing
is parsed for rows nobody opens, and nothing on the UI thread.

Every node is kept in one flat list (``flat_tree.FlatTreeModel``): its position + 1 is the
``internalId``, and each node stores its own row and its parent's id.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal

from reader.annotate.annotations import RowState
from reader.model import codes
from reader.model.records import Address, Cable
from reader.query.query import SORT_COLUMNS, Hit, hit_day, shown_file, shown_id
from reader.review.checks import Finding, check_by_code
from reader.review.citation import cable_date, format_date
from reader.review.explain import decoded_text, marking_text, reasons_text, short_meaning
from reader.ui.models.flat_tree import FlatTreeModel, Index
from reader.ui.severity import SEVERITY_WORDS, check_severity, severity_icon, worst

__all__ = [
    "ANSWERED_ROLES",
    "CableTreeModel",
    "Cell",
    "ChildSpec",
    "Column",
    "NodeKind",
    "Role",
    "cable_children",
    "note_spec",
]

#: The invalid index, as a default argument.
_ROOT = QModelIndex()


class Column(IntEnum):
    DATE = 0
    ID = 1
    ORIGIN = 2
    CLASSIFICATION = 3
    SUBJECT = 4


_HEADERS = ("Date", "ID", "Origin", "Classification", "Subject")
#: Column -> Filter.sort key: a column sorts by the sort of its name (query.SORT_COLUMNS);
#: the subject column does not sort.
SORT_FOR_COLUMN = {c: c.name.lower() for c in Column if c.name.lower() in SORT_COLUMNS}


class Role(IntEnum):
    KEY = Qt.ItemDataRole.UserRole + 1  # the cable's index key (every node of that cable)
    KIND = Qt.ItemDataRole.UserRole + 2  # NodeKind
    LINE = Qt.ItemDataRole.UserRole + 3  # 1-based line in Cable.text, or None
    SPAN = Qt.ItemDataRole.UserRole + 4  # (start, end) offsets in Cable.text, or None
    LEVEL = Qt.ItemDataRole.UserRole + 5  # U/C/S/TS for a chip, or None
    CHIP = Qt.ItemDataRole.UserRole + 6  # chip text (classification or marking), or None
    HIT = Qt.ItemDataRole.UserRole + 7  # the Hit of a cable row
    CHECKS = Qt.ItemDataRole.UserRole + 8  # check codes of a cable row (from the index)
    SEVERITY = Qt.ItemDataRole.UserRole + 9  # error/warning/info of a finding, or None
    PARAGRAPH = Qt.ItemDataRole.UserRole + 10  # a paragraph row's number, or None
    #: the analyst's annotations of a cable row (annotations.RowState), None until known
    STATE = Qt.ItemDataRole.UserRole + 11


#: The roles ``CableTreeModel.data`` answers; any other gets None at once.
ANSWERED_ROLES: frozenset[int] = frozenset(
    {int(r) for r in Role}
    | {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.ToolTipRole),
        int(Qt.ItemDataRole.DecorationRole),
    }
)


class NodeKind(IntEnum):
    CABLE = 0
    FIELD = 1  # a header field, possibly with children (TO, INFO, TAGS, REF, Classified By)
    ITEM = 2  # one addressee, tag, reference, name or reason
    PARAGRAPH = 3
    FINDING = 4  # one thing a check found (under "Checks (n)")
    PLACEHOLDER = 5  # "Loading…" while the children come, or why they could not
    NOTE = 6  # the analyst's note on a paragraph (under the paragraph's row)


#: Asked of every row at each layout of the tree: read once, not through the enum.
_CABLE = NodeKind.CABLE
_COLUMNS = len(_HEADERS)


class Cell(NamedTuple):
    """One cell of a row as the tree paints it: what ``data`` gives for its roles. A tuple:
    the tree's cache of painted rows knows a row by its cells, hashed and compared at each
    paint of each row shown, in C (a dataclass's hash and equality are Python calls)."""

    text: str
    chip: str | None = None
    level: str | None = None
    icon: Any = None  # QIcon
    #: the analyst's annotations: an unread cable's row in bold, a star before the ID, the
    #: labels as chips in their colours before the subject ((name, colour), by name)
    bold: bool = False
    star: bool = False
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class _Node:
    kind: NodeKind
    key: int
    parent: int  # internal id of the parent, 0 for top rows
    row: int
    label: str = ""
    hit: Hit | None = None
    line: int | None = None
    span: tuple[int, int] | None = None
    level: str | None = None
    chip: str | None = None
    tooltip: str | None = None
    severity: str | None = None
    number: int | None = None  # paragraph number
    children: list[int] | None = None  # internal ids; None = not built yet
    pending: list[ChildSpec] | None = None  # children built but not yet shown (a long cable)
    #: how painted_row paints it: the hit the cells were made of (None for a child), the cells
    cells: tuple[Hit | None, tuple[Cell, ...]] | None = None


class CableTreeModel(FlatTreeModel):
    """Cables as top rows, routing metadata and paragraphs as their children."""

    PAGE = 200
    HEADERS = _HEADERS
    #: While set, rows are fetched at most this many at a time (a folder loading: each
    #: answer makes the rows anew, and the view lays out every fetched row again, a call
    #: into Python for each)
    loading_page: int | None = None

    @property
    def page(self) -> int:
        """Rows fetched at a time: PAGE, or loading_page where that is fewer."""
        return self.PAGE if self.loading_page is None else min(self.PAGE, self.loading_page)

    #: Emitted when the header asks for another order: (Filter.sort key, descending).
    sortRequested = Signal(str, bool)
    #: The cable IDs of rows just fetched, whose annotations the rows show: answered (off
    #: the UI thread, one look-up per page) by :meth:`set_states`.
    statesWanted = Signal(object)
    #: Rows asked off the UI thread came in: the view looks whether it wants the next page
    #: (not when they could not come: asking again at once would only fail again).
    rowsArrived = Signal()

    #: The children of this many cables are kept, to show again at once (a model reset
    #: while loading, or a cable collapsed and expanded) without asking again.
    KEEP_CHILDREN = 16

    #: A cable's children go in this many at a time, the rest when the view scrolls down to
    #: them (:meth:`fetch_more_children`), so a cable of 20,000 paragraphs opens as fast as
    #: one of twenty. Not ``fetchMore``: a tree view fetches all of an expanded row's
    #: children through that each time it lays itself out.
    CHILD_PAGE = 300

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: Callable[[list[int]], list[Hit]] | None = None
        self._ask: Callable[[int], None] | None = None
        #: whom to ask for the hits of rows off the UI thread (a server's store), or None
        self._ask_rows: Callable[[list[int]], None] | None = None
        #: top rows whose hits were asked and are on their way: key -> internal id
        self._asked: dict[int, int] = {}
        #: top rows among the others whose hits could not come: asked again with the next
        #: page (key -> internal id; those at the end go instead, see rows_failed)
        self._missing: dict[int, int] = {}
        self._keys: list[int] = []
        self._nodes: list[_Node] = []
        self._top: list[int] = []  # internal ids of fetched top rows
        #: the first top row whose node may hold an old ``row`` (rows put in above it):
        #: they are numbered again when a row is next read (:meth:`_renumber`), once for
        #: all the cables an answer put in, not once per cable (the rows below each, some
        #: 20,000 when the analyst has scrolled far: a stall of its own at every answer)
        self._stale_from: int | None = None
        #: hits that came with the current answer (set_keys), by key
        self._given: dict[int, Hit] = {}
        self._waiting: dict[int, int] = {}  # key -> internal id of the row showing "Loading…"
        #: key -> internal id of the rows whose children could not be built (the row under
        #: them says why): asked again by ask_children_again (a team's server back)
        self._unbuilt: dict[int, int] = {}
        self._more: set[int] = set()  # internal ids of cables with children still to come
        self._built: OrderedDict[int, list[ChildSpec]] = OrderedDict()
        self._sort = ("date", False)
        #: the annotations of the cables shown, by canonical ID (annotations.RowState)
        self._states: dict[str, RowState] = {}

    # -- feeding -------------------------------------------------------------------------
    def set_source(
        self,
        hits: Callable[[list[int]], list[Hit]] | None,
        ask: Callable[[int], None] | None,
        ask_rows: Callable[[list[int]], None] | None = None,
    ) -> None:
        """Where pages of hits come from (the UI thread's index, a millisecond), and whom to
        ask for a cable's children (``ask(key)``, answered by ``set_children``). With
        ``ask_rows`` (a store on a server, whose answer may take the network's time) pages
        are asked of it instead, off the UI thread: ``ask_rows(keys)``, answered by
        :meth:`set_hits` or :meth:`rows_failed`."""
        self._hits, self._ask, self._ask_rows = hits, ask, ask_rows
        self._built.clear()
        self._unbuilt.clear()
        self._asked.clear()
        self._missing.clear()

    def clear(self) -> None:
        self.beginResetModel()
        self._keys = []
        self._given = {}
        self._forget_rows()
        self.endResetModel()

    def _forget_rows(self) -> None:
        """The rows and what was waited for of them, gone in a reset (the answers still on
        their way are kept in _built: they fill the new rows of the same cables, if asked)."""
        self._nodes, self._top = [], []
        self._stale_from = None
        self._waiting.clear()
        self._unbuilt.clear()
        self._more.clear()
        self._asked.clear()
        self._missing.clear()

    #: At most this many rows are inserted one by one among the fetched rows; more, and the
    #: model resets (a few big resets cost less than thousands of small inserts).
    INSERT_LIMIT = 50

    def set_keys(self, keys: list[int], hits: Sequence[Hit] = ()) -> None:
        """Show these cables, in this order. Keeps expanded rows when a few cables arrive.
        ``hits``: some of their hits, read with the answer off the UI thread (its first
        page): the rows of those cables take them rather than reading them here."""
        self._given = {h.key: h for h in hits}
        upto = self._insertion_end(keys)
        if upto is not None:
            self._insert_new(keys, upto)
            # the rows stop short of a page only where the answer ran out: cables it gained
            # after the last row (a refresh adding them, the final answer of a load) come in
            # up to the page, as a reset would have shown them
            self.fill_page()
            return
        self.beginResetModel()
        self._keys = list(keys)
        self._forget_rows()
        self.endResetModel()
        self.fetch_more_rows()

    def _insertion_end(self, keys: list[int]) -> int | None:
        """If ``keys`` only adds up to INSERT_LIMIT cables among the fetched rows (same order),
        how many of ``keys`` the rows will then show; else None (reset). Cheap at 250,000."""
        if not self._top:
            return None
        fetched = [self._nodes[i - 1].key for i in self._top]
        try:
            upto = keys.index(fetched[-1]) + 1  # C speed, unlike a Python loop
        except ValueError:
            return None
        if upto - len(fetched) > self.INSERT_LIMIT or upto < len(fetched):
            return None
        wanted = set(fetched)
        if [k for k in keys[:upto] if k in wanted] != fetched:
            return None
        return upto

    def _insert_new(self, keys: list[int], upto: int) -> None:
        old = {self._nodes[i - 1].key for i in self._top}
        self._keys = list(keys)
        new_rows = [(pos, k) for pos, k in enumerate(keys[:upto]) if k not in old]
        if not new_rows:
            return
        hits = self._hits_now([k for _, k in new_rows])
        added = []
        for pos, key in new_rows:
            self.beginInsertRows(QModelIndex(), pos, pos)
            self._nodes.append(_Node(NodeKind.CABLE, key, 0, pos, hit=hits.get(key)))
            added.append(len(self._nodes))
            self._top.insert(pos, len(self._nodes))
            if pos + 1 < len(self._top):  # the rows below moved down by one
                self._stale_from = pos + 1 if self._stale_from is None else min(
                    self._stale_from, pos + 1
                )
            self.endInsertRows()
        self._ask_hits(added)

    def _fetch_hits(self, keys: list[int]) -> list[Hit]:
        return self._hits(keys) if self._hits and keys else []

    def _hits_now(self, keys: list[int]) -> dict[int, Hit]:
        """The hits of new rows read here and now (a local index), by key; none when they
        are asked off the UI thread (:meth:`_ask_hits`, once the rows are in)."""
        if self._ask_rows is not None:
            return {}
        given = self._given
        hits = {k: given[k] for k in keys if k in given}
        rest = [k for k in keys if k not in hits] if hits else keys
        hits.update((h.key, h) for h in self._fetch_hits(rest))
        self._want_states(hits.values())
        return hits

    def _ask_hits(self, node_ids: list[int]) -> None:
        """Ask off the UI thread for the hits of these new rows (and of any that could not
        come before), when pages come that way; until they come the rows show "…"."""
        if self._ask_rows is None or not (node_ids or self._missing):
            return
        wanted = dict(self._missing)
        self._missing.clear()
        wanted.update((self._nodes[i - 1].key, i) for i in node_ids)
        self._asked.update(wanted)
        self._ask_rows(list(wanted))

    @property
    def keys(self) -> list[int]:
        return self._keys

    def more_rows(self) -> bool:
        """True while cables of the answer are not yet rows."""
        return len(self._top) < len(self._keys)

    def rows_on_the_way(self) -> bool:
        """True while rows asked off the UI thread wait for their hits."""
        return bool(self._asked)

    def fetch_more_rows(self) -> None:
        """The next PAGE cables of the answer as rows; asked off the UI thread, one page at
        a time (the next once this one has come: a tree scrolled fast asks no pages it
        has left behind)."""
        if self._asked:
            return
        if self._missing and not self.more_rows():
            self._ask_hits([])  # only rows among the others could not come: them again
            return
        self._fetch_top(self.page)

    def fill_page(self) -> None:
        """Rows up to a whole page of the answer, where they stop short of one and it has
        more (the page grew, as when a folder has loaded)."""
        short = -len(self._top) % self.page
        if short and self.more_rows():
            self._fetch_top(short)

    def fetch_all(self) -> None:
        """Every cable of the answer as a row (asked off the UI thread: in one go)."""
        if self._ask_rows is not None:
            self._fetch_top(len(self._keys) - len(self._top))
            return
        while self.more_rows():
            self._fetch_top(self.PAGE)

    def ask_again(self) -> None:
        """Ask again for the rows that could not come (the server is back)."""
        if self._missing and not self._asked:
            self._ask_hits([])

    def set_hits(self, keys: list[int], hits: list[Hit]) -> None:
        """The hits asked for the rows of ``keys`` (``ask_rows``): they fill the rows still
        waiting for them (none after a reset that did not ask them again)."""
        found = {h.key: h for h in hits}
        filled: list[_Node] = []
        for key in keys:
            node_id = self._asked.pop(key, None)
            if node_id is not None:
                node = self._nodes[node_id - 1]
                node.hit, node.cells = found.get(key), None
                filled.append(node)
        if filled:
            self._want_states(n.hit for n in filled if n.hit is not None)
            self._renumber()
            rows = [n.row for n in filled]
            last = len(self.HEADERS) - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))
        self.rowsArrived.emit()

    def rows_failed(self, keys: list[int]) -> None:
        """The hits of the rows of ``keys`` could not come (the server away): the rows that
        had come stay; the ones waiting at the end go, to be asked again when the tree is
        scrolled to them again (a row among the others stays "…", asked again with the next
        page or :meth:`ask_again`)."""
        for key in keys:
            node_id = self._asked.pop(key, None)
            if node_id is not None:
                self._missing[key] = node_id
        end = len(self._top)
        while end and self._nodes[self._top[end - 1] - 1].key in self._missing:
            end -= 1
        if end == len(self._top):
            return
        self.beginRemoveRows(QModelIndex(), end, len(self._top) - 1)
        for node_id in self._top[end:]:
            self._missing.pop(self._nodes[node_id - 1].key, None)
            self._more.discard(node_id)
            self._waiting.pop(self._nodes[node_id - 1].key, None)
            self._unbuilt.pop(self._nodes[node_id - 1].key, None)
        del self._top[end:]
        self.endRemoveRows()

    def row_of_key(self, key: int, *, within: int | None = None) -> int | None:
        """The top row showing ``key``, fetching rows up to it in one go; None if the filter
        hides it (or, with ``within``, if it lies further down than that many rows)."""
        try:
            position = self._keys.index(key)
        except ValueError:
            return None
        if within is not None and position >= within:
            return None
        if position >= len(self._top):
            wanted = position + 1 - len(self._top)
            self._fetch_top(-(-wanted // self.page) * self.page)
            if position >= len(self._top):  # asked, and could not be asked (no corpus)
                return None
        node_id = self._top[position]
        return position if self._nodes[node_id - 1].key == key else None

    # -- lazy fetching -------------------------------------------------------------------
    def canFetchMore(self, parent: Index) -> bool:
        if not parent.isValid():
            return False  # see fetch_more_rows
        node = self._node(parent)
        return node.kind == NodeKind.CABLE and node.children is None and self._ask is not None

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            return  # see fetch_more_rows
        node_id = parent.internalId()
        node = self._nodes[node_id - 1]
        if node.kind != NodeKind.CABLE or node.children is not None or self._ask is None:
            return
        built = self._built.get(node.key)
        if built is not None:
            self._built.move_to_end(node.key)
            node.children = []
            self._insert_children(parent, node_id, built)
            return
        self.beginInsertRows(parent, 0, 0)
        self._nodes.append(_Node(NodeKind.PLACEHOLDER, node.key, node_id, 0, label="Loading…"))
        node.children = [len(self._nodes)]
        self.endInsertRows()
        self._waiting[node.key] = node_id
        self._ask(node.key)  # may answer at once (tests do)

    def waiting(self, key: int) -> bool:
        """True while the row of ``key`` shows "Loading…" for its children."""
        return key in self._waiting

    def set_children(self, key: int, specs: list[ChildSpec]) -> None:
        """The children of cable ``key`` (from :func:`cable_children`): they replace its
        "Loading…" row, if it is still waiting."""
        self._built[key] = specs
        self._built.move_to_end(key)
        while len(self._built) > self.KEEP_CHILDREN:
            self._built.popitem(last=False)
        node_id = self._waiting.pop(key, None)
        if node_id is None:
            return
        self._renumber()
        parent = self.createIndex(self._nodes[node_id - 1].row, 0, node_id)
        # the children below "Loading…" first, then it goes: the row is never childless
        # (a view collapses a row whose last child goes)
        self._insert_children(parent, node_id, specs, first=1)
        self.beginRemoveRows(parent, 0, 0)
        node = self._nodes[node_id - 1]
        node.children = (node.children or [])[1:]
        for row, child in enumerate(node.children):
            self._nodes[child - 1].row = row
        self.endRemoveRows()

    def set_paragraph_note(self, key: int, number: int, text: str) -> None:
        """The analyst's note on paragraph ``number`` of cable ``key`` is now ``text`` (empty:
        none): the child row under the paragraph follows, in the rows shown and in the
        children kept to show again."""
        specs = self._built.get(key)
        if specs is not None:
            for spec in specs:  # the same records as a long cable's children still to come
                if spec.kind == NodeKind.PARAGRAPH and spec.number == number:
                    spec.children = [note_spec(spec, text)] if text.strip() else []
        for node_id in self._top:
            node = self._nodes[node_id - 1]
            if node.key == key and node.children:
                for child_id in node.children:
                    child = self._nodes[child_id - 1]
                    if child.kind == NodeKind.PARAGRAPH and child.number == number:
                        self._set_note_row(child_id, text)

    def _set_note_row(self, paragraph_id: int, text: str) -> None:
        paragraph = self._nodes[paragraph_id - 1]
        parent = self.createIndex(paragraph.row, 0, paragraph_id)
        notes = paragraph.children or []
        spec = (
            note_spec(
                ChildSpec(
                    NodeKind.PARAGRAPH,
                    "",
                    span=paragraph.span,
                    line=paragraph.line,
                    number=paragraph.number,
                ),
                text,
            )
            if text.strip()
            else None
        )
        if notes and spec is not None:
            node = self._nodes[notes[0] - 1]
            node.label, node.tooltip, node.cells = spec.label, spec.tooltip, None
            index = self.createIndex(0, 0, notes[0])
            self.dataChanged.emit(index, index)
        elif notes:
            self.beginRemoveRows(parent, 0, len(notes) - 1)
            paragraph.children = []
            self.endRemoveRows()
        elif spec is not None:
            self.beginInsertRows(parent, 0, 0)
            paragraph.children = self._add_children(paragraph_id, paragraph.key, [spec])
            self.endInsertRows()

    def children_failed(self, key: int, message: str) -> None:
        """The children of ``key`` could not be built: its "Loading…" row says why."""
        node_id = self._waiting.pop(key, None)
        if node_id is None:
            return
        self._unbuilt[key] = node_id
        children = self._nodes[node_id - 1].children or []
        if children:
            placeholder = self._nodes[children[0] - 1]
            placeholder.label, placeholder.cells = message, None
            index = self.createIndex(0, 0, children[0])
            self.dataChanged.emit(index, index)

    def ask_children_again(self) -> None:
        """Ask again for the children that could not be built (a team's server away, now
        back): their row says "Loading…" again until they come, or why they do not."""
        unbuilt, self._unbuilt = self._unbuilt, {}
        for key, node_id in unbuilt.items():
            node = self._nodes[node_id - 1]
            if self._ask is None or node.key != key or not node.children:
                continue
            placeholder = self._nodes[node.children[0] - 1]
            placeholder.label, placeholder.cells = "Loading…", None
            index = self.createIndex(0, 0, node.children[0])
            self.dataChanged.emit(index, index)
            self._waiting[key] = node_id
            self._ask(key)

    def with_more_children(self) -> list[QModelIndex]:
        """The cable rows with children still to come in."""
        self._renumber()
        rows = []
        for node_id in self._more:
            node = self._nodes[node_id - 1]
            rows.append(self.createIndex(node.row, 0, node_id))
        return rows

    def more_children(self, parent: Index) -> int:
        """How many children of ``parent`` are still to come in."""
        return len(self._node(parent).pending or []) if parent.isValid() else 0

    def fetch_more_children(self, parent: Index) -> None:
        """The next CHILD_PAGE children of ``parent``."""
        node_id = parent.internalId()
        node = self._nodes[node_id - 1]
        if node.pending:
            self._insert_children(parent, node_id, node.pending, first=len(node.children or []))

    def fetch_children(self, parent: Index) -> None:
        """Every child of ``parent`` in now, however long the cable."""
        while self.more_children(parent):
            self.fetch_more_children(parent)

    def _insert_children(
        self, parent: Index, node_id: int, specs: list[ChildSpec], first: int = 0
    ) -> None:
        """Add ``specs`` (and theirs) below the node's current children, CHILD_PAGE of them;
        the rest wait in ``pending`` for :meth:`fetch_more_children`."""
        node = self._nodes[node_id - 1]
        specs, node.pending = specs[: self.CHILD_PAGE], specs[self.CHILD_PAGE :] or None
        if node.pending:
            self._more.add(node_id)
        else:
            self._more.discard(node_id)
        if not specs:
            return
        self.beginInsertRows(parent, first, first + len(specs) - 1)
        node.children = (node.children or []) + self._add_children(node_id, node.key, specs, first)
        self.endInsertRows()

    def _fetch_top(self, count: int) -> None:
        start = len(self._top)
        keys = self._keys[start : start + count]
        if not keys:
            return
        hits = self._hits_now(keys)
        self.beginInsertRows(QModelIndex(), start, start + len(keys) - 1)
        for row, key in enumerate(keys, start):
            self._nodes.append(_Node(NodeKind.CABLE, key, 0, row, hit=hits.get(key)))
            self._top.append(len(self._nodes))
        self.endInsertRows()
        self._ask_hits(self._top[start:])

    # -- the analyst's annotations of the rows ------------------------------------------
    def _want_states(self, hits: Any) -> None:
        ids = [h.id.upper() for h in hits if h.id]
        if ids:
            self.statesWanted.emit(ids)

    def shown_ids(self) -> set[str]:
        """The canonical IDs of the cables fetched as rows."""
        return {h.id.upper() for i in self._top if (h := self._nodes[i - 1].hit) and h.id}

    def state(self, cable_id: str) -> RowState | None:
        return self._states.get(cable_id.upper())

    def set_states(self, states: dict[str, RowState]) -> None:
        """The annotations of these cables (by canonical ID): the rows of those that changed
        are painted again (theirs alone: the tree's cache of painted rows knows a row by
        what it shows)."""
        changed = {cid for cid, st in states.items() if self._states.get(cid) != st}
        if not changed:
            return
        self._states.update(states)
        self._renumber()
        rows = []
        for node_id in self._top:
            node = self._nodes[node_id - 1]
            if node.hit is not None and node.hit.id and node.hit.id.upper() in changed:
                node.cells = None
                rows.append(node.row)
        if rows:
            last = len(self.HEADERS) - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    def _add_children(
        self, parent_id: int, key: int, specs: list[ChildSpec], first: int = 0
    ) -> list[int]:
        ids = []
        for row, spec in enumerate(specs, first):
            self._nodes.append(
                _Node(
                    spec.kind,
                    key,
                    parent_id,
                    row,
                    label=spec.label,
                    line=spec.line,
                    span=spec.span,
                    level=spec.level,
                    chip=spec.chip,
                    tooltip=spec.tooltip,
                    severity=spec.severity,
                    number=spec.number,
                )
            )
            node_id = len(self._nodes)
            ids.append(node_id)
            self._nodes[node_id - 1].children = self._add_children(node_id, key, spec.children)
        return ids

    # -- QAbstractItemModel --------------------------------------------------------------
    #: Qt's own: enabled and selectable for a valid index, none for the invalid one, as
    #: FlatTreeModel's, but answered without calling into Python. A tree view asks the
    #: flags of every fetched row twice at each layout (after each answer of a loading
    #: folder), and each answer from Python was two more calls to read the flags' value:
    #: four calls into Python a row, each waiting for the interpreter while the loading
    #: threads hold it.
    flags = QAbstractItemModel.flags  # type: ignore[assignment]

    def _node(self, index: Index) -> _Node:
        return self._nodes[index.internalId() - 1]

    def _children(self, parent: Index) -> list[int]:
        if not parent.isValid():
            return self._top
        return self._node(parent).children or []

    def _link(self, node_id: int) -> tuple[int, int]:
        node = self._nodes[node_id - 1]
        if self._stale_from is not None and not node.parent:
            # a view asks the row of one cable at each cable put in (the parent of a child
            # row it shows): found in the rows from its old place down (rows only move
            # down between resets), at C speed, rather than all numbered again each time
            top, row = self._top, node.row
            if row >= len(top) or top[row] != node_id:
                try:
                    node.row = top.index(node_id, min(row, len(top)))
                except ValueError:  # no longer a row (asked of a row gone): as before
                    self._renumber()
        return node.parent, node.row

    def _renumber(self) -> None:
        """Give the top rows below those put in their rows again (see ``_stale_from``)."""
        if self._stale_from is not None:
            top, nodes = self._top, self._nodes
            for row in range(self._stale_from, len(top)):
                nodes[top[row] - 1].row = row
            self._stale_from = None

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        # a top row without the general path's calls: a tree view asks it of every row
        # fetched at each layout (20,000 rows: 40,000 calls at each cable put in)
        if not parent.isValid():
            top = self._top
            if 0 <= row < len(top) and 0 <= column < _COLUMNS:
                return self.createIndex(row, column, top[row])
            return QModelIndex()
        return super().index(row, column, parent)

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        if not parent.isValid():
            return bool(self._top)
        if parent.column() != 0:
            return False
        node = self._nodes[parent.internalId() - 1]
        if node.children is None:
            return node.kind == _CABLE  # a cable's children come when it is expanded
        return bool(node.children)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED_ROLES:
            # most of what a view asks while painting (font, colours, alignment, check
            # state, size): answered before touching the index, a repaint asks it 600 times
            return None
        if not index.isValid() or not 0 < index.internalId() <= len(self._nodes):
            return None  # invalid, or stale from before a reset
        node = self._node(index)
        column = index.column()
        if role == Role.KEY:
            return node.key
        if role == Role.KIND:
            return int(node.kind)
        if role == Role.LINE:
            return node.line
        if role == Role.SPAN:
            return node.span
        if role == Role.PARAGRAPH:
            return node.number
        if node.kind == NodeKind.CABLE:
            return self._cable_data(node, column, role)
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tooltip
        if role == Role.LEVEL:
            return node.level
        if role == Role.CHIP:
            return node.chip
        if role == Role.SEVERITY:
            return node.severity
        if role == Qt.ItemDataRole.DecorationRole and node.severity:
            return severity_icon(node.severity)
        return None

    def painted_row(self, index: Index) -> tuple[tuple[Cell, ...], int] | None:
        """A row as the tree paints it, for a tree that paints a row in one call rather than
        asking ``data`` eight roles of each cell: its cells (one per column for a cable, one
        for a child row, which spans them all) and its depth (0 for a cable). None for an
        index from before a reset, or a cable whose hit has not come."""
        node_id = index.internalId()
        if not 0 < node_id <= len(self._nodes):
            return None
        node = self._nodes[node_id - 1]
        if node.kind != NodeKind.CABLE:
            if node.cells is None:
                icon = severity_icon(node.severity) if node.severity else None
                node.cells = (None, (Cell(node.label, node.chip, node.level, icon),))
            depth = 1
            parent = node.parent
            while self._nodes[parent - 1].parent:
                parent = self._nodes[parent - 1].parent
                depth += 1
            return node.cells[1], depth
        if node.hit is None or node.parent:
            return None
        if node.cells is None or node.cells[0] is not node.hit:
            state = self._states.get(node.hit.id.upper()) if node.hit.id else None
            bold = state is not None and not state.read
            cells = tuple(
                Cell(
                    self._cable_data(node, column, Qt.ItemDataRole.DisplayRole) or "",
                    self._cable_data(node, column, Role.CHIP),
                    self._cable_data(node, column, Role.LEVEL),
                    self._cable_data(node, column, Qt.ItemDataRole.DecorationRole),
                    bold=bold,
                    star=state is not None and state.starred and column == Column.ID,
                    labels=state.labels if state is not None and column == Column.SUBJECT else (),
                )
                for column in range(len(self.HEADERS))
            )
            node.cells = (node.hit, cells)
        return node.cells[1], 0

    def _cable_data(self, node: _Node, column: int, role: int) -> Any:
        hit = node.hit
        if role == Role.HIT:
            return hit
        if role == Role.STATE:
            return self._states.get(hit.id.upper()) if hit is not None and hit.id else None
        if hit is None:
            if role == Qt.ItemDataRole.ToolTipRole and node.key in self._asked:
                return "This row is on its way from the server"
            return "…" if role == Qt.ItemDataRole.DisplayRole and column == 0 else None
        if role == Role.CHECKS:
            return hit.checks
        if role == Role.SEVERITY:
            return worst(check_severity(c) for c in hit.checks)
        if column == Column.ID and role == Qt.ItemDataRole.ToolTipRole:
            # the file first: the same cable may be in several files of a folder, one row each
            tip = [f"File: {shown_file(hit.file, hit.row)}"] if hit.file else []
            if hit.checks:
                tip += [
                    "Checks:",
                    *(
                        f"• {check_by_code(c).title} ({SEVERITY_WORDS[check_severity(c)]})"
                        for c in hit.checks
                    ),
                    "Expand the cable to see where.",
                ]
            return "\n".join(tip) or None
        if column == Column.ID and hit.checks and role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(worst(check_severity(c) for c in hit.checks) or "info")
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.DATE:
                return hit_day(hit)
            if column == Column.ID:
                return shown_id(hit)  # the file, when the cable has no ID
            if column == Column.ORIGIN:
                return hit.origin
            if column == Column.CLASSIFICATION:
                return hit.classification
            if column == Column.SUBJECT:
                return hit.subject
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.SUBJECT:
                return hit.subject
            if column == Column.DATE and hit.date:
                if hit.date_precision == "year":
                    return f"{hit.date:%Y}: the cable holds no date; the year is its ID's"
                return f"{hit.date:%d %B %Y, %H:%MZ}"
        if column == Column.CLASSIFICATION:
            if role == Role.LEVEL:
                return hit.level
            if role == Role.CHIP:
                return hit.classification
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_FOR_COLUMN.get(Column(column)) if 0 <= column < len(_HEADERS) else None
        if key is None:
            return
        wanted = (key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self._sort:
            self._sort = wanted
            self.sortRequested.emit(*wanted)

    def set_sort(self, key: str, descending: bool) -> None:
        """Record the order the keys come in (from settings) without asking again."""
        self._sort = (key, descending)


# -- building children ---------------------------------------------------------------------
@dataclass(slots=True)
class ChildSpec:
    """A child row to be: plain data, built off the UI thread by :func:`cable_children`."""

    kind: NodeKind
    label: str
    line: int | None = None
    span: tuple[int, int] | None = None
    level: str | None = None
    chip: str | None = None
    tooltip: str | None = None
    severity: str | None = None
    number: int | None = None
    children: list[ChildSpec] = field(default_factory=list)


def _address(a: Address) -> ChildSpec:
    parts = [a.ri + "/" if a.ri else "", a.name]
    if a.precedence:
        parts.append(f"  · {a.precedence}")
    if a.serial:
        parts.append(f"  · {a.serial}")
    tips = [decoded_text(codes.routing_indicator(a.ri))] if a.ri else [a.name]
    if a.precedence:
        tips.append(decoded_text(codes.precedence(a.precedence)))
    return ChildSpec(NodeKind.ITEM, "".join(parts), line=a.line, tooltip="\n".join(tips))


def _coded(code: str, decoded: codes.Decoded, line: int | None) -> ChildSpec:
    """One code as a row: ``PREL — Political Affairs--External Political Relations``."""
    return ChildSpec(
        NodeKind.ITEM,
        f"{code} — {short_meaning(decoded)}",
        line=line,
        tooltip=decoded_text(decoded),
    )


def _field(
    label: str,
    value: str | None,
    line: int | None,
    children: list[ChildSpec] | None = None,
    **extra: Any,
) -> ChildSpec | None:
    if not value and not children:
        return None
    text = f"{label}: {value}" if value else label
    return ChildSpec(NodeKind.FIELD, text, line=line, children=children or [], **extra)


def _meaning(text: str | None, meaning: str | None) -> str | None:
    return f"{text} — {meaning}" if text and meaning else text


def _precedence(c: Cable) -> ChildSpec | None:
    text = c.precedence or ""
    if c.info_precedence:
        text += f" (info {c.info_precedence})"
    if c.routing_precedence:
        text = f"{c.routing_precedence}  {text}".strip()
    tips = [
        decoded_text(codes.precedence(x))
        for x in (c.routing_precedence, c.precedence, c.info_precedence)
        if x
    ]
    meaning = short_meaning(codes.precedence(c.precedence)) if c.precedence else None
    line = c.line_of("routing") or c.line_of("dtg")
    return _field("Precedence", _meaning(text, meaning), line, tooltip="\n".join(tips) or None)


def _de(c: Cable) -> ChildSpec | None:
    de = c.de
    if de is None:
        return None
    text = de.station + (f" #{de.serial}" if de.serial else "")
    text += f"/{de.section}" if de.section else ""
    tips = [decoded_text(codes.routing_indicator(de.station))]
    meaning = short_meaning(codes.routing_indicator(de.station))
    if de.julian_day is not None:
        text += f"  day {de.julian_day:03d}" + (f" {de.time}Z" if de.time else "")
        if c.dtg is not None:
            try:
                day = date(c.dtg.year, 1, 1) + timedelta(days=de.julian_day - 1)
            except OverflowError:
                day = None
            if day is not None and day.year == c.dtg.year:
                tips.append(
                    f"day {de.julian_day:03d} of {day.year}: {format_date(day)}"
                    " (when the cable was transmitted)"
                )
    return _field(
        "DE", _meaning(text, meaning), de.line or c.line_of("de"), tooltip="\n".join(tips)
    )


def _security(c: Cable) -> ChildSpec | None:
    security = c.security_line or c.security_code
    if not security:
        return None
    words = security.split()
    decoded = [codes.security_code(w) for w in words]
    tips = [decoded_text(d) for d in decoded if d.known or d.code == c.security_code]
    meaning = short_meaning(codes.security_code(c.security_code)) if c.security_code else None
    return _field(
        "Security",
        _meaning(security, meaning),
        c.line_of("security"),
        tooltip="\n".join(tips) or None,
    )


def _declassify(c: Cable) -> ChildSpec | None:
    d = c.declassify
    if d is None:
        return None
    value = (
        (f"E.O. {d.eo}" if d.eo else "E.O. ?")
        + "  DECL: "
        + (d.date.isoformat() if d.date else d.code or d.raw or "?")
    )
    status = codes.declassification(d.raw or value, cable_date(c))
    said = str(status) if status.known else codes.UNKNOWN
    if status.code:
        said = said.removeprefix(f"{status.code}: ")
    return _field(
        "Declassify",
        f"{value} — {said}",
        d.line or c.line_of("declassify"),
        tooltip=f"{d.raw}\n{said}" if d.raw else said,
    )


def _classified_by(c: Cable) -> ChildSpec | None:
    cb = c.classified_by
    if cb is None:
        return None
    text = re.sub(r"(?i)^\s*classified\s+by\s*:?\s*", "", cb.text)
    names = [ChildSpec(NodeKind.ITEM, f"Name: {n}", line=cb.line) for n in cb.names]
    reasons = [
        ChildSpec(
            NodeKind.ITEM,
            f"Reason: {r} — {short_meaning(codes.reason(r))}",
            line=cb.line,
            tooltip=decoded_text(codes.reason(r)),
        )
        for r in cb.reasons
    ]
    return _field(
        "Classified by",
        text,
        cb.line or c.line_of("classified_by"),
        names + reasons,
        tooltip=reasons_text(cb.reasons) or None,
    )


def _checks(c: Cable, findings: tuple[Finding, ...]) -> ChildSpec | None:
    """``Checks (n)``: one row per finding, with its check's title and message."""
    if not findings:
        return None
    items = []
    for f in findings:
        check = check_by_code(f.code)
        where = (f.start, f.end) if f.start is not None and f.end is not None else None
        items.append(
            ChildSpec(
                NodeKind.FINDING,
                f"{check.title}: {f.message}",
                line=f.line,
                span=where,
                severity=f.severity,
                number=f.paragraph,
                tooltip=f"{check.title} ({SEVERITY_WORDS[f.severity]})\n"
                f"{f.message}\n\n{check.description}",
            )
        )
    gravest = worst(f.severity for f in findings)
    return _field(
        f"Checks ({len(findings)})",
        None,
        items[0].line,
        items,
        severity=gravest,
        tooltip="What a classification reviewer would flag in this cable",
    )


def _published(c: Cable) -> ChildSpec | None:
    """Where the release published the cable under another ID (08EFTOLONDON2883): the ID
    every public citation uses, so an analyst can match it."""
    if not c.published_id or c.published_id == c.id:
        return None
    return _field(
        "Published as",
        c.published_id,
        None,
        tooltip="the ID the release published this cable under (page, CSV row or"
        " file name); the cable's own ID is decided from its header and banner",
    )


def note_spec(paragraph: ChildSpec, text: str) -> ChildSpec:
    """The row of the analyst's note on a paragraph (its child): the note's first words,
    the whole note in the tooltip; it points at the paragraph."""
    return ChildSpec(
        NodeKind.NOTE,
        f"✎ Your note: {_first_words(' '.join(text.split()))}",
        line=paragraph.line,
        span=paragraph.span,
        number=paragraph.number,
        tooltip=f"Your note on ¶{paragraph.number}:\n\n{text.strip()}",
    )


def cable_children(
    c: Cable, findings: tuple[Finding, ...] = (), notes: Mapping[int, str] | None = None
) -> list[ChildSpec]:
    """A cable's child rows: the checks' findings, the routing metadata in header order,
    then the paragraphs, each with the analyst's note on it (``notes``: paragraph number ->
    text) as its child. Plain Python, no Qt: it runs on the look-up thread."""
    line = c.line_of
    level = c.banner.level if c.banner else None
    specs = [
        _checks(c, findings),
        _published(c),
        _field("Transmission ID", c.transmission_id, line("transmission_id")),
        _precedence(c),
        _field(
            "Routing",
            " ".join(c.routing_indicators) or None,
            line("routing"),
            [
                _coded(ri, codes.routing_indicator(ri), line("routing"))
                for ri in c.routing_indicators
            ],
            tooltip="\n".join(
                decoded_text(codes.routing_indicator(ri)) for ri in c.routing_indicators
            )
            or None,
        ),
        _de(c),
        _security(c),
        _field(
            "DTG",
            f"{c.dtg:%d %b %Y %H:%MZ}" if c.dtg else None,
            line("dtg"),
            tooltip=f"date-time group: {format_date(c.dtg.date())}, {c.dtg:%H:%M} Zulu (UTC)"
            if c.dtg
            else None,
        ),
        _field(
            "From",
            c.from_.name if c.from_ else None,
            c.from_.line if c.from_ and c.from_.line else line("from"),
            tooltip=decoded_text(codes.routing_indicator(c.de.station)) if c.de else None,
        ),
        _field(f"To ({len(c.to)})", None, line("to"), [_address(a) for a in c.to]),
        _field(f"Info ({len(c.info)})", None, line("info"), [_address(a) for a in c.info]),
        _field(
            "Classification",
            c.classification,
            line("banner"),
            level=level,
            chip=c.classification,
            tooltip=marking_text(c.banner) if c.banner else None,
        ),
        _field(
            "Handling",
            ", ".join(dict.fromkeys(c.handling)) or None,
            line("handling"),
            [_coded(h, codes.handling(h), line("handling")) for h in dict.fromkeys(c.handling)],
        ),
        _declassify(c),
        _field(
            f"Tags ({len(c.tags)})",
            None,
            line("tags"),
            [_coded(t, codes.tag(t), line("tags")) for t in c.tags],
        ),
        _field(
            "Subject",
            c.subject,
            line("subject"),
            level=c.subject_marking.level if c.subject_marking else None,
            chip=c.subject_marking.text if c.subject_marking else None,
        ),
        _field(
            f"References ({len(c.references)})",
            None,
            line("references"),
            [
                ChildSpec(
                    NodeKind.ITEM,
                    " ".join(p for p in (r.label, r.text) if p)
                    + (f"  → {r.id}" if r.id and r.id not in r.text else ""),
                    line=r.line,
                    tooltip=r.id,
                )
                for r in c.references
            ],
        ),
        _classified_by(c),
    ]
    for p in c.paragraphs:
        words = " ".join(p.text.split())  # the parser gives the text after number and mark
        number = f"¶{p.number}" if p.number is not None else "¶"
        m = p.marking
        tip = _first_words(words, 400)
        if m is not None:
            tip = f"{marking_text(m)}\n\n{tip}"
        spec = ChildSpec(
            NodeKind.PARAGRAPH,
            f"{number}  {_first_words(words)}",
            line=p.line,
            span=(p.start, p.end),
            level=m.level if m else None,
            chip=m.text if m else "unmarked",
            tooltip=tip,
            number=p.number,
        )
        note = (notes or {}).get(p.number) if p.number is not None else None
        if note:
            spec.children = [note_spec(spec, note)]
        specs.append(spec)
    return [s for s in specs if s is not None]


def _first_words(text: str, limit: int = 90) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
