"""The filter pane: query field, active filters as chips, the date histogram and facet groups."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.query.conditions import query_notes
from reader.query.fields import FIELDS, by_name
from reader.query.query import USER_FACETS, FacetValue, Filter, user_value_term
from reader.query.querysyntax import closing, query_limit, written_term
from reader.ui.models.facets import (
    FACET_TITLES,
    FacetModel,
    FacetRole,
    FacetState,
    label_tables,
)
from reader.ui.widgets.date_histogram import DateHistogram
from reader.ui.widgets.flow_layout import FlowLayout

__all__ = ["FIELD_NAMES", "FacetTree", "FilterChip", "FilterPane", "QueryField"]

#: Field terms the query field completes, and the facet whose values complete them (the
#: field's own, when it is a facet: label: completes your labels), from the table of fields.
FIELD_NAMES: dict[str, str | None] = {
    f"{name}:": f.name if f.kind is not None else None for f in FIELDS for name in f.offered
}
#: The field of each term the query field completes
_FIELD_OF = {f"{name}:": f.name for f in FIELDS for name in f.offered}
_HISTORY_SIZE = 50


def _listed(values: list[FacetValue]) -> list[str]:
    """The values of a facet the query field completes (the first 2,000)."""
    return [v.value for v in values[:2000]]


def query_chip_text(query: str) -> str:
    """The query as its chip shows it, as the query language reads it: in curly quotes when
    it holds none of its own; with its own quotes (an unclosed one closed at the end, as the
    query is read) when it does, so ``"prime minister`` is never shown as “"prime minister”."""
    text = " ".join(query.split())
    if '"' not in text:
        return f"“{text}”"
    return text + closing(text)


class QueryField(QLineEdit):
    """The query line: completes field names and values on the last word; Up/Down history."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText('Search: words, "phrases", tag:PREL, class:secret, -word …')
        self.setClearButtonEnabled(True)
        self.history: list[str] = []
        self._history_pos: int | None = None
        self._draft = ""  # what the field held when a walk through the history began
        #: the facet values last given, and the fields the store never has a value of
        self._values: dict[str, list[str]] = {}
        self._lacking: frozenset[str] = frozenset()
        self._words = QStringListModel(sorted(FIELD_NAMES), self)
        self._completer = QCompleter(self._words, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self._completer.setWidget(self)
        self._completer.setMaxVisibleItems(12)
        self._completer.activated.connect(self._complete)
        self.textEdited.connect(self._suggest)

    @property
    def values(self) -> dict[str, list[str]]:
        """The facet values last given (set_values)."""
        return self._values

    @property
    def completer_model(self) -> QStringListModel:
        return self._words

    @property
    def popup_completer(self) -> QCompleter:
        return self._completer

    def set_values(self, values: dict[str, list[str]]) -> None:
        """Facet values to offer after a field name, e.g. {"tag": ["PREL", ...]}."""
        self._values = values
        offered = {n: f for n, f in FIELD_NAMES.items() if _FIELD_OF[n] not in self._lacking}
        words = sorted(offered)
        for name, facet in offered.items():
            if facet in USER_FACETS:  # a label as the term that asks it alone
                terms = (user_value_term(facet, v) for v in values.get(facet, []))
                words += [t for t in terms if t is not None]
            elif facet:
                words += [written_term(name[:-1], v) for v in values.get(facet, [])]
        self._words.setStringList(words)

    def set_lacking(self, lacking: Collection[str]) -> None:
        """Complete no term of a field the store never has a value of (Index.lacks: copy:
        on a team's corpus)."""
        self._lacking = frozenset(lacking)
        self.set_values(self._values)

    def _last_word(self) -> tuple[int, str]:
        text = self.text()[: self.cursorPosition()]
        m = re.search(r'-?[\w:."]*$', text)
        start = m.start() if m else len(text)
        if text[start : start + 1] == "-":
            start += 1
        return start, text[start:]

    def _suggest(self) -> None:
        _, word = self._last_word()
        if len(word) < 1:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(word)
        if self._completer.completionCount() == 0 or (
            self._completer.completionCount() == 1 and self._completer.currentCompletion() == word
        ):
            self._completer.popup().hide()
            return
        self._completer.complete()

    def _complete(self, completion: str) -> None:
        start, _ = self._last_word()
        end = self.cursorPosition()
        text = self.text()
        tail = "" if completion.endswith(":") else " "
        self.setText(text[:start] + completion + tail + text[end:])
        self.setCursorPosition(start + len(completion) + len(tail))

    def remember(self, *, paused: bool = False) -> None:
        """The query run is the newest of the history. ``paused``: run by a pause in typing,
        where a query the history walk shows (Up, Down) leaves the history and the walk as
        they are: the next Up goes on to the one before it."""
        text = self.text().strip()
        if paused and self._history_pos is not None and text == self.history[self._history_pos]:
            return
        if text:
            if text in self.history:
                self.history.remove(text)
            self.history.insert(0, text)
            del self.history[_HISTORY_SIZE:]
        self._history_pos = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        popup = self._completer.popup()
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Tab,
        ):
            current = popup.currentIndex()
            if current.isValid():
                self._complete(current.data())
            popup.hide()
            return
        if event.key() == Qt.Key.Key_Escape and not popup.isVisible():
            if self.text():
                self.clear()
                self.textEdited.emit("")
                return
            event.ignore()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not popup.isVisible():
            self._walk_history(1 if event.key() == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)

    def _walk_history(self, step: int) -> None:
        """Up: the query before; Down: the one after, and past the newest what the field
        held when the walk began. A field showing the newest query (just run) starts the
        walk there: the first Up shows the one before it, not the same again."""
        if not self.history:
            return
        if self._history_pos is None:
            self._draft = self.text()
            pos = 0 if self._draft.strip() == self.history[0] else -1
        else:
            pos = self._history_pos
        pos = max(-1, min(len(self.history) - 1, pos + step))
        self._history_pos = None if pos < 0 else pos
        self.setText(self._draft if pos < 0 else self.history[pos])
        self.textEdited.emit(self.text())


class FilterChip(QPushButton):
    """One active filter; clicking (or Space) removes it."""

    def __init__(self, text: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(f"{text}  ✕", parent)
        self.setProperty("chipKind", kind)  # include / exclude / date: styled in app.qss
        self.setObjectName("filterChip")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Remove this filter")
        if kind == "exclude":
            font = self.font()
            font.setStrikeOut(True)
            self.setFont(font)


class FacetTree(QTreeView):
    """Facet groups; click or Space/Enter on a value cycles include -> exclude -> clear; its
    context menu, or + and - on it, include or exclude it at once.

    A clicked group keeps its order while the pointer stays in it, so that a second click
    lands where the first one was meant; it takes its order again (chosen values first)
    when the pointer leaves the group, or after a pause of SETTLE_MS without a click with the
    pointer elsewhere (as after choosing with the keyboard).
    """

    #: A clicked group re-sorts after this long (ms) if the pointer is not over it.
    SETTLE_MS = 1500

    def __init__(self, model: FacetModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAnimated(False)
        self.setIndentation(14)
        # moves without a button too: the pointer leaving a group re-sorts it
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # a fixed width: ResizeToContents would read every row's count on each update
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("0,000,000") + 12)
        self._settle = QTimer(self, singleShot=True, interval=self.SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self.clicked.connect(self._clicked)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)

    def facet_model(self) -> FacetModel:
        model = self.model()
        assert isinstance(model, FacetModel)
        return model

    def _clicked(self, index: QModelIndex) -> None:
        if index.parent().isValid():
            self.facet_model().cycle(index)
            self._settle.start()

    def value_menu(self, index: QModelIndex) -> QMenu | None:
        """Include, Exclude and Clear for the value at ``index`` (its state checked): one
        choice, where a click cycles through them (excluding ``copy:other`` is the choice
        that matters there). None on a group's title or a Show all row."""
        facet, value = index.data(FacetRole.FACET), index.data(FacetRole.VALUE)
        if not index.parent().isValid() or value is None or index.data(FacetRole.MORE):
            return None
        now = self.facet_model().state(facet, value)
        menu = QMenu(self)
        for label, state in (
            ("Include", FacetState.INCLUDE),
            ("Exclude", FacetState.EXCLUDE),
            ("Clear", FacetState.CLEAR),
        ):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(now == state)
            action.triggered.connect(lambda _=False, s=state: self._choose(facet, value, s))
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.value_menu(self.indexAt(pos))
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _choose(self, facet: str, value: str, state: FacetState) -> None:
        model = self.facet_model()
        model.hold(facet)
        model.set_state(facet, value, state)
        self._settle.start()

    def group_at(self, pos: QPoint) -> str | None:
        """The facet of the group (its title or one of its rows) at ``pos`` in the viewport."""
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        return index.data(FacetRole.FACET)

    def _release_all_but(self, facet: str | None) -> None:
        model = self.facet_model()
        with self.keeping_current():
            for held in model.held():
                if held != facet:
                    model.release(held)

    @contextmanager
    def keeping_current(self) -> Iterator[None]:
        """Keep the current value current while its group's rows are listed again (a
        keyboard user goes on from it)."""
        current = self.currentIndex()
        facet, value = current.data(FacetRole.FACET), current.data(FacetRole.VALUE)
        yield
        if value is None or self.currentIndex().data(FacetRole.VALUE) == value:
            return
        model = self.facet_model()
        for g in range(model.rowCount()):
            group = model.index(g, 0)
            if group.data(FacetRole.FACET) == facet:
                for row in range(model.rowCount(group)):
                    if model.index(row, 0, group).data(FacetRole.VALUE) == value:
                        self.setCurrentIndex(model.index(row, 0, group))
                        return

    def _settled(self) -> None:
        pointer = self.viewport().mapFromGlobal(QCursor.pos())
        inside = self.viewport().rect().contains(pointer)
        self._release_all_but(self.group_at(pointer) if inside else None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.facet_model().held():
            self._release_all_but(self.group_at(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Leave:
            self._release_all_but(None)
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        index = self.currentIndex()
        if (
            event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and index.isValid()
            and index.parent().isValid()
        ):
            self.facet_model().cycle(index)
            self._settle.start()
            return
        chosen = {Qt.Key.Key_Plus: FacetState.INCLUDE, Qt.Key.Key_Minus: FacetState.EXCLUDE}
        state = chosen.get(Qt.Key(event.key()))
        value = index.data(FacetRole.VALUE) if index.isValid() else None
        if state is not None and index.parent().isValid() and value is not None:
            facet = index.data(FacetRole.FACET)
            # a second + or - on a value already so clears it, as a second click would
            now = self.facet_model().state(facet, value)
            self._choose(facet, value, FacetState.CLEAR if now == state else state)
            return
        super().keyPressEvent(event)


class FilterPane(QWidget):
    """Builds the Filter from the query, facet choices and date range; says when it changes."""

    filterChanged = Signal()

    #: Typing waits this long (ms) for a pause before asking (qutebrowser's completer).
    DEBOUNCE_MS = 250

    def __init__(
        self,
        describe: Callable[[str, str], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``describe(facet, value)`` gives a code's meaning (PREL -> Political relations)."""
        super().__init__(parent)
        self.query = QueryField()
        self.facets = FacetModel(describe=describe, parent=self)
        self.tree = FacetTree(self.facets)
        #: the tables of the labels, read a step a turn once the loop runs (label_tables)
        self._label_tables = label_tables() if describe is None else []
        if self._label_tables:
            QTimer.singleShot(0, self, self._read_label_tables)
        self.value_filter = QLineEdit()
        self.value_filter.setObjectName("valueFilter")
        self.value_filter.setPlaceholderText("Filter values: origins, TAGS, …")
        self.value_filter.setClearButtonEnabled(True)
        self.value_filter.setToolTip(
            "List only the values of each group whose code or meaning holds this text"
        )
        self.value_filter.textChanged.connect(self._filter_values)
        #: said under the value filter when no value of any group holds its text (every
        #: group then lists nothing, its count 0, which read as no cables)
        self.values_notice = QLabel()
        self.values_notice.setObjectName("paneHint")
        self.values_notice.setWordWrap(True)
        self.values_notice.hide()
        self.histogram = DateHistogram()
        self.date_range: tuple[str, str] | None = None
        self._expanded_once = False
        self._restoring = False  # restore() is putting a whole filter back: one change
        #: the query the corpus was last asked about and its notes (set_store_notes)
        self._store_notes: tuple[str, list[str]] = ("", [])
        #: True while the change announced came from a pause in typing (not Enter or a click):
        #: Back takes the pauses of one query as one step
        self.paused = False

        self._debounce = QTimer(self, singleShot=True, interval=self.DEBOUNCE_MS)
        self._debounce.timeout.connect(self._query_paused)
        self.query.textEdited.connect(lambda _text: self._debounce.start())
        self.query.returnPressed.connect(self._query_settled)
        self.facets.selectionChanged.connect(self._changed)
        self.histogram.rangeSelected.connect(self.set_date_range)

        self.chips = QWidget()
        self.chips.setObjectName("chips")
        self._chip_layout = FlowLayout(self.chips)
        self.clear_all = QPushButton("Clear all")
        self.clear_all.setObjectName("clearAll")
        self.clear_all.setFlat(True)
        self.clear_all.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_all.setToolTip("Remove every filter (Ctrl+Shift+Backspace)")
        self.clear_all.clicked.connect(self.clear)
        self.summary = QLabel("No filters")
        self.summary.setObjectName("paneHint")
        # why a query matches nothing or is refused (date:2009-13, NEAR/3, too long), said
        # where it is typed rather than left as a silent empty list
        self.notice = QLabel()
        self.notice.setObjectName("queryNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        layout.addWidget(self.query)
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.clear_all)
        layout.addLayout(row)
        layout.addWidget(self.chips)
        dates = QLabel("Dates")
        dates.setObjectName("paneTitle")
        layout.addWidget(dates)
        layout.addWidget(self.histogram)
        facets = QLabel("Facets")
        facets.setObjectName("paneTitle")
        layout.addWidget(facets)
        layout.addWidget(self.value_filter)
        layout.addWidget(self.values_notice)
        layout.addWidget(self.tree, 1)
        self._rebuild_chips()

    def _read_label_tables(self) -> None:
        if self._label_tables:
            self._label_tables.pop(0)()
            QTimer.singleShot(0, self, self._read_label_tables)

    # -- the filter ----------------------------------------------------------------------
    def filter(self, sort: str = "date", descending: bool = False) -> Filter:
        query = self.query.text().strip()
        if self.date_range:
            query = f"{query} date:{self.date_range[0]}..{self.date_range[1]}".strip()
        return Filter(
            query=query,
            include=self.facets.include,
            exclude=self.facets.exclude,
            sort=sort,
            descending=descending,
        )

    def set_date_range(self, lo: str | None, hi: str | None = None) -> None:
        self.date_range = (lo, hi or lo) if lo else None
        self.histogram.set_range(*(self.date_range or (None, None)))
        self.facets.release()  # the next counts are for other dates: groups take their order
        self._changed()

    def clear(self) -> None:
        """Clear all: query, facet choices and dates."""
        self.facets.release()
        self.facets.clear_selection(announce=False)
        self.query.clear()
        self.date_range = None
        self.histogram.set_range(None, None)
        self._changed()

    def restore(
        self,
        query: str,
        date_range: tuple[str, str] | None,
        include: Iterable[tuple[str, str]],
        exclude: Iterable[tuple[str, str]],
    ) -> None:
        """Put a whole filter back at once (a saved search, Back): the query text, the dates
        and every include and exclude, announced as one change."""
        self._debounce.stop()
        self._restoring = True
        try:
            self.facets.release()
            self.facets.clear_selection(announce=False)
            for pairs, state in ((include, FacetState.INCLUDE), (exclude, FacetState.EXCLUDE)):
                for facet, value in sorted(pairs):
                    self.facets.set_state(facet, value, state)
            self.query.setText(query)
            self.date_range = date_range
            self.histogram.set_range(*(date_range or (None, None)))
        finally:
            self._restoring = False
        self._changed()

    def apply_facet(self, facet: str, value: str, state: FacetState = FacetState.INCLUDE) -> None:
        self.facets.set_state(facet, value, state)

    def _query_paused(self) -> None:
        self.paused = True
        try:
            self._query_settled()
        finally:
            self.paused = False

    def _query_settled(self) -> None:
        self._debounce.stop()
        self.query.remember(paused=self.paused)
        self.facets.release()  # a new query: no group is between two clicks any more
        self._changed()

    def _clear_query(self) -> None:
        self.query.clear()
        self._changed()

    def _changed(self) -> None:
        if self._restoring:
            return
        self._rebuild_chips()
        self._show_notes()
        self.filterChanged.emit()

    def _show_notes(self) -> None:
        query = self.filter().query
        limit = query_limit(query)
        notes = [limit] if limit else query_notes(query)
        if self._store_notes[0] == query:
            notes += self._store_notes[1]
        self.notice.setText("\n".join(notes))
        self.notice.setVisible(bool(notes))

    def set_lacking(self, lacking: Collection[str]) -> None:
        """Offer no facet group nor completion of the fields the store never has a value of
        (Index.lacks: a team's corpus has no Copies)."""
        self.facets.set_lacking(lacking)
        self.query.set_lacking(lacking)

    def set_store_notes(self, query: str, notes: list[str]) -> None:
        """What only the corpus could tell of ``query`` (value_notes: a field value none of
        its cables has), looked up after the query changed; shown while it is the query."""
        self._store_notes = (query, notes)
        if query == self.filter().query:
            self._show_notes()

    # -- chips ---------------------------------------------------------------------------
    def _rebuild_chips(self) -> None:
        while self._chip_layout.count():
            item = self._chip_layout.takeAt(0)
            if item is not None and item.widget():
                item.widget().deleteLater()
        chips: list[FilterChip] = []
        if self.query.text().strip():
            chip = FilterChip(query_chip_text(self.query.text()), "query")
            chip.clicked.connect(self._clear_query)
            chips.append(chip)
        if self.date_range:
            lo, hi = self.date_range
            chip = FilterChip(f"Date {lo}" + (f" – {hi}" if hi != lo else ""), "date")
            chip.clicked.connect(lambda: self.set_date_range(None))
            chips.append(chip)
        for kind, pairs in (("include", self.facets.include), ("exclude", self.facets.exclude)):
            for facet, value in sorted(pairs):
                title = FACET_TITLES.get(facet, facet)
                chip = FilterChip(f"{title}: {value}", kind)
                chip.clicked.connect(
                    lambda _=False, f=facet, v=value: self.facets.set_state(f, v, FacetState.CLEAR)
                )
                chips.append(chip)
        for chip in chips:
            self._chip_layout.addWidget(chip)
        self.chips.setVisible(bool(chips))
        self.clear_all.setEnabled(bool(chips))
        self.summary.setText(
            f"{len(chips)} filter{'s' if len(chips) != 1 else ''}"
            if chips
            else "No filters: all cables"
        )

    def chip_texts(self) -> list[str]:
        return [
            self._chip_layout.itemAt(i).widget().text().removesuffix("  ✕")
            for i in range(self._chip_layout.count())
        ]

    def _filter_values(self, text: str) -> None:
        self.facets.set_filter(text)
        if text.strip():  # open the groups that have what was typed
            for row in range(self.facets.rowCount()):
                group = self.facets.index(row, 0)
                if self.facets.matches(group.data(FacetRole.FACET)):
                    self.tree.expand(group)
        self._say_values_found()

    def _say_values_found(self) -> None:
        """Whether any value holds the value filter's text, said when none does."""
        text = " ".join(self.value_filter.text().split())
        rows = range(self.facets.rowCount())
        groups = [self.facets.index(r, 0).data(FacetRole.FACET) for r in rows]
        if text and not any(self.facets.matches(g) for g in groups):
            self.values_notice.setText(
                f"No value of any group holds “{text}”; clear the filter to list them all."
            )
            self.values_notice.show()
        else:
            self.values_notice.hide()

    # -- counts --------------------------------------------------------------------------
    def update_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        """New counts for these groups only (the user facets, after a star or a label)."""
        with self.tree.keeping_current():
            self.facets.update_facets(facets)
        self._say_values_found()
        if "label" in facets:  # a label made or gone: the completion of label: follows
            self.query.set_values({**self.query.values, "label": _listed(facets["label"])})

    def set_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        with self.tree.keeping_current():
            self.facets.set_facets(facets)
        self._say_values_found()
        self.histogram.set_counts(facets.get("month", []))
        self.query.set_values({name: _listed(values) for name, values in facets.items()})
        if not self._expanded_once and any(facets.values()):
            self._expanded_once = True
            for row in range(self.facets.rowCount()):
                facet = self.facets.index(row, 0).data(FacetRole.FACET)
                if by_name(facet).opened:
                    self.tree.expand(self.facets.index(row, 0))
