"""F1: every keyboard shortcut of the window on one sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = ["SHORTCUTS", "ShortcutSheet", "shown_keys"]

#: (keys, what they do), grouped as the sheet shows them. The window binds the same keys.
SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Files", (
        ("Ctrl+O", "Open a folder"),
        ("Ctrl+Shift+O", "Open a single file"),
        ("F5", "Reload the folder: read the files added, changed or removed since"),
        ("Ctrl+E", "Export the selected cables, or every result: CSV, JSON lines, a reading pack"),
        ("Ctrl+P", "Print the selected cables, or every result, as a reading pack, with a preview"),
        ("Ctrl+Shift+B", "Batch search: a list of terms, each inside the current filters"),
        ("Ctrl+.", "Cancel loading"),
        ("Ctrl+Q", "Quit"),
    )),
    ("Filter", (
        ("Ctrl+L", "Focus the query field"),
        ("Esc", "In the query field: clear it"),
        ("Up / Down", "In the query field: earlier / later queries"),
        ("Ctrl+Shift+Backspace", "Clear all filters"),
        ("Space / Enter", "On a facet value: include, exclude, clear"),
        ("+ / −", "On a facet value: include / exclude it at once (the same key again: "
                  "clear); its right-click menu offers the same"),
        ("Ctrl+Shift+S", "Save the search: query, facets, dates and sort, under a name"),
        ("Alt+Left / Alt+Right", "Back / forward over filter changes and REF links followed"),
    )),
    ("Dates (Tab to the bars above the facets)", (
        ("Left / Right, Home / End, PgUp / PgDn", "Another month or year; the first or "
                                                  "last; twelve bars on"),
        ("Shift+Left / Shift+Right", "Widen or narrow a span, or the dates shown from their "
                                     "far end"),
        ("Enter / Space", "Show the span's dates, or the bar's month or year alone"),
        ("Esc", "Drop a span not yet shown"),
        ("Delete / Backspace", "Clear the dates"),
    )),
    ("Cables", (
        ("Ctrl+1 / Ctrl+2 / Ctrl+3", "Focus facets / cable tree / document"),
        ("Up / Down, PgUp / PgDn", "Move in the cable tree"),
        ("Shift+Up / Shift+Down", "Select several rows (for Copy Citation)"),
        ("Right / Left", "Expand / collapse a cable"),
        ("Enter", "Open the cable in the document view"),
        ("Alt+Down / Alt+Up", "Next / previous cable"),
        ("Ctrl+Shift+C", "Copy a citation: the selected cables and paragraphs, one per line; "
                         "in the document, the paragraph at the cursor"),
    )),
    ("Your own work", (
        ("Ctrl+D", "Star or unstar the selected cables"),
        ("Ctrl+Shift+M", "Mark the selected cables read or unread"),
        ("Ctrl+Shift+L", "Add a label to the selected cables"),
        ("Ctrl+Shift+N", "Write a note on the cable in the document (Ctrl+Enter saves it)"),
        ("Context menu", "Note on ¶N…: a note on a paragraph (document or tree); its marker in "
                         "the margin edits it"),
        ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo the last change to stars, read state, labels "
                                  "or notes"),
    )),
    ("References", (
        ("Ctrl+Shift+T", "Show or hide the reference thread (what the cable cites, what "
                         "cites it)"),
        ("Ctrl+4", "Focus the reference thread"),
        ("Up / Down, Right / Left", "In the thread: move, expand, collapse"),
        ("Enter", "In the thread: open the cable (greyed ones are not in the folder)"),
    )),
    ("Document", (
        ("Ctrl+F", "Find in the cable"),
        ("F3 / Shift+F3", "Next / previous match"),
        ("Ctrl+R", "Switch between parsed and raw file text"),
        ("Ctrl+Shift+P", "Show or hide the problems panel"),
        ("F1", "This sheet"),
        ("Shift+F1", "The query syntax (also the ? in the query field)"),
    )),
)

#: Keys SHORTCUTS names that the platform decides (the window binds QKeySequence's standard
#: keys): shown as this platform binds them, Redo being Ctrl+Shift+Z on Linux, Ctrl+Y on
#: Windows.
STANDARD_KEYS = {
    "Ctrl+Z": QKeySequence.StandardKey.Undo,
    "Ctrl+Shift+Z": QKeySequence.StandardKey.Redo,
}


def shown_keys(keys: str) -> str:
    """A row's ``keys`` as the sheet shows them: the standard ones as this platform binds
    them (needs the application)."""

    def platform(key: str) -> str:
        standard = STANDARD_KEYS.get(key)
        if standard is None:
            return key
        return QKeySequence(standard).toString(QKeySequence.SequenceFormat.PortableText) or key

    return " / ".join(platform(key) for key in keys.split(" / "))


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows: list[tuple[str, str] | str] = []
        for group, items in SHORTCUTS:
            rows.append(group)  # a heading row
            rows += list(items)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setShowGrid(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for i, row in enumerate(rows):
            if isinstance(row, str):
                heading = QTableWidgetItem(row)
                font = heading.font()
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 1.1)
                heading.setFont(font)
                table.setItem(i, 0, heading)
                table.setSpan(i, 0, 1, 2)
                continue
            keys, what = row
            key_item = QTableWidgetItem(shown_keys(keys))
            key_item.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            table.setItem(i, 0, key_item)
            table.setItem(i, 1, QTableWidgetItem(what))
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(600, 820)
        self.setWindowModality(Qt.WindowModality.NonModal)
