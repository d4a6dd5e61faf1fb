"""The saved searches at the top of the filter pane: each name with its count of cables and
how many are new since it was last opened; a click opens one, a context menu renames or
deletes it. The widget only shows and asks: reader/ui/saved_searches.py does the work."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.annotate.annotations import SavedSearch
from reader.ui.models.facets import FACET_TITLES

__all__ = ["SavedSearchList", "describe_search"]

#: The list shows this many searches before it scrolls (the facets below need the room).
VISIBLE_ROWS = 6
_NAME = Qt.ItemDataRole.UserRole + 1
_NEW_COLOUR = "#1e88e5"


def describe_search(search: SavedSearch) -> str:
    """What a saved search holds, for its tooltip."""
    lines = [f"Query: {search.query}" if search.query else "No query"]
    for word, pairs in (("Include", search.include), ("Exclude", search.exclude)):
        for facet, value in pairs:
            lines.append(f"{word} {FACET_TITLES.get(facet, facet)}: {value}")
    order = "newest first" if search.descending else "oldest first"
    if search.sort != "date":
        order = "descending" if search.descending else "ascending"
    lines.append(f"Sorted by {search.sort}, {order}")
    if search.opened:
        lines.append(f"Last opened {search.opened.replace('T', ' ')[:16]} UTC")
    return "\n".join(lines)


class SavedSearchList(QWidget):
    """Names, counts and "new" counts; says what the analyst asks of a saved search."""

    openRequested = Signal(str)
    renameRequested = Signal(str)
    deleteRequested = Signal(str)
    saveRequested = Signal()

    def __init__(self, save: QAction | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearches")
        title = QLabel("Saved searches")
        title.setObjectName("paneTitle")
        self.save_button = QToolButton()
        self.save_button.setObjectName("saveSearch")
        self.save_button.setAutoRaise(True)
        if save is not None:
            self.save_button.setDefaultAction(save)
        else:
            self.save_button.setText("Save…")
            self.save_button.clicked.connect(self.saveRequested)
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.hint = QLabel("None yet: Save… (Ctrl+Shift+S) keeps the query, facets and sort")
        self.hint.setObjectName("paneHint")
        self.hint.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setObjectName("savedSearchList")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemClicked.connect(lambda item, _col: self._open(item))
        self.tree.itemActivated.connect(lambda item, _col: self._open(item))
        self.tree.customContextMenuRequested.connect(self._menu_at)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(title, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree)
        self._counts: dict[str, tuple[int, int]] = {}
        self.set_searches([])

    # -- contents ------------------------------------------------------------------------
    def set_searches(self, searches: list[SavedSearch]) -> None:
        """List these (in this order); counts known before for the same names stay."""
        current = self.current_name()
        self.tree.clear()
        for search in searches:
            item = QTreeWidgetItem([search.name, ""])
            item.setData(0, _NAME, search.name)
            item.setToolTip(0, describe_search(search))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        self._counts = {n: c for n, c in self._counts.items() if n in self.names()}
        for name, (count, new) in list(self._counts.items()):
            self.set_count(name, count, new)
        self.mark_current(current)
        self.hint.setVisible(not searches)
        self.tree.setVisible(bool(searches))
        rows = min(len(searches), VISIBLE_ROWS)
        height = self.tree.sizeHintForRow(0) if searches else 0
        self.tree.setFixedHeight(rows * max(height, 1) + 2 * self.tree.frameWidth() + 2)

    def names(self) -> list[str]:
        return [self.tree.topLevelItem(i).data(0, _NAME) for i in range(self._rows())]

    def _rows(self) -> int:
        return self.tree.topLevelItemCount()

    def _item(self, name: str) -> QTreeWidgetItem | None:
        for i in range(self._rows()):
            item = self.tree.topLevelItem(i)
            if item.data(0, _NAME) == name:
                return item
        return None

    def set_count(self, name: str, count: int, new: int) -> None:
        """The search's count of cables, and how many of them are new since last opened."""
        self._counts[name] = (count, new)
        item = self._item(name)
        if item is None:
            return
        item.setText(1, f"{count:,}" + (f" · {new:,} new" if new else ""))
        font = QFont(self.tree.font())
        font.setBold(bool(new))
        item.setFont(1, font)
        item.setForeground(1, QBrush(QColor(_NEW_COLOUR)) if new else QBrush())
        item.setToolTip(
            1,
            f"{count:,} cables; {new:,} new since the search was last opened"
            if new
            else f"{count:,} cables, none new since the search was last opened",
        )

    def count(self, name: str) -> tuple[int, int] | None:
        """(cables, new) as shown, None before they are counted."""
        return self._counts.get(name)

    def current_name(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, _NAME) if item is not None else None

    def mark_current(self, name: str | None) -> None:
        """Show which saved search the filter is now (None: none of them)."""
        item = self._item(name) if name else None
        if item is None:
            self.tree.clearSelection()
            self.tree.setCurrentItem(None)  # type: ignore[arg-type]
            return
        self.tree.setCurrentItem(item)

    # -- asking --------------------------------------------------------------------------
    def _open(self, item: QTreeWidgetItem) -> None:
        self.openRequested.emit(item.data(0, _NAME))

    def _menu_at(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)
        if item is None:
            return
        menu = self.menu_for(item.data(0, _NAME))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(point))

    def menu_for(self, name: str) -> QMenu:
        """The context menu of a saved search."""
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.openRequested.emit(name))
        menu.addAction("Rename…", lambda: self.renameRequested.emit(name))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.deleteRequested.emit(name))
        return menu
