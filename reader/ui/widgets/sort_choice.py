"""The sort control: Relevance when the query has words, else the tree header's order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHeaderView

from reader.query.fields import SORTS
from reader.query.query import RELEVANCE, has_words
from reader.ui.models.cable_tree import SORT_FOR_COLUMN, CableTreeModel, Column

__all__ = ["SortChoice"]

#: What the control offers, in its order: (label, Filter.sort key).
_CHOICES = (("Relevance", RELEVANCE), *((sort.title, sort.key) for sort in SORTS))
_COLUMN_FOR_SORT = {key: column for column, key in SORT_FOR_COLUMN.items()}


class SortChoice(QComboBox):
    """Relevance, or one of the header's column sorts, in step with the header.

    A query with words (words, phrases, prefixes) comes by relevance, as in every search
    tool, until the analyst picks a column (here or by clicking the header); a query that
    gains words again starts by relevance again. A query without words (none, only fields,
    only -words) has no relevance: the item is disabled and the header's order holds.
    """

    #: The analyst picked another order: ask again.
    changed = Signal()

    def __init__(self, header: QHeaderView, model: CableTreeModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("sortChoice")
        self.setToolTip(
            "The order of the cables. Relevance (how well a cable matches the query's words,"
            " a word of its subject counting most) is offered when the query has words."
        )
        self._header = header
        self.by_relevance = True  # relevance when the query has words
        self._had_words = False
        for label, key in _CHOICES:
            self.addItem(label, key)
        model.sortRequested.connect(self._on_column)
        self.activated.connect(self._on_activated)

    def column_sort(self) -> tuple[str, bool]:
        """The header's order: (Filter.sort key, descending)."""
        header = self._header
        sort = SORT_FOR_COLUMN.get(Column(header.sortIndicatorSection()), "date")
        return sort, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def order(self, query: str) -> tuple[str, bool]:
        """The order of ``query``'s cables (Filter.sort, descending), shown in the control."""
        words = has_words(query)
        if words and not self._had_words:
            self.by_relevance = True  # a new search starts with the best matches
        self._had_words = words
        ranked = words and self.by_relevance
        sort, descending = (RELEVANCE, False) if ranked else self.column_sort()
        item = self.model()
        assert isinstance(item, QStandardItemModel)
        item.item(0).setEnabled(words)
        self.setCurrentIndex(self.findData(sort))
        # the header shows its arrow for the order it gives, not under relevance
        self._header.setSortIndicatorShown(not ranked)
        return sort, descending

    def _on_column(self, _key: str, _descending: bool) -> None:
        """The header (or this control, through it) asked for a column's order."""
        self.by_relevance = False
        self.changed.emit()

    def _on_activated(self, index: int) -> None:
        key = self.itemData(index)
        if key == RELEVANCE:
            self.by_relevance = True
            self.changed.emit()
            return
        current, descending = self.column_sort()
        if key == current:  # the header already gives it: nothing for it to ask
            self.by_relevance = False
            self.changed.emit()
            return
        # the header's new order asks the model, whose request comes back to _on_column
        self._header.setSortIndicator(_COLUMN_FOR_SORT[key], Qt.SortOrder.AscendingOrder)
