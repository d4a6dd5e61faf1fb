"""The window's actions (ui.window_actions and the parts that add theirs) and the shortcut sheet
(F1) agree: every key the window binds is on the sheet, and every command key the sheet names
is bound."""

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

#: A key the sheet names that an action binds: with Ctrl or Alt, or a function key. The others
#: (arrows, Enter, Esc, Space) belong to the widget with focus.
_COMMAND = re.compile(r"^(?:.*\b(?:Ctrl|Alt)\+.+|(?:Shift\+)?F\d+)$")


def _bound(window) -> dict[str, list[str]]:  # noqa: ANN001
    """Each key the window's actions bind -> the actions' texts."""
    keys: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if text:
                keys.setdefault(text, []).append(action.text().replace("&", ""))
    return keys


def _listed(window) -> set[str]:  # noqa: ANN001
    """The keys the sheet shows, each alone ("F3 / Shift+F3" is two, so is "Up, PgUp")."""
    window.show_shortcuts()
    table = window.shortcut_sheet.table
    keys = set()
    for row in range(table.rowCount()):
        if table.columnSpan(row, 0) > 1:
            continue  # a heading
        for part in table.item(row, 0).text().split(", "):
            keys.update(part.split(" / "))
    window.shortcut_sheet.close()
    return keys


def test_the_sheet_lists_every_key_the_window_binds_and_binds_every_command_key_it_lists(
    window,  # noqa: ANN001
):
    bound, listed = _bound(window), _listed(window)
    assert len(bound) > 30
    assert {key: texts for key, texts in bound.items() if key not in listed} == {}
    assert {key for key in listed if _COMMAND.match(key)} - set(bound) == set()
    # one action per key: two would make Qt ignore the key ("ambiguous shortcut")
    assert {key: texts for key, texts in bound.items() if len(texts) > 1} == {}


def test_the_toolbar_s_commands_are_in_the_menus_too(window):  # noqa: ANN001
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    titles = [m.title().replace("&", "") for m in menus]
    assert titles[:4] == ["File", "Edit", "View", "Go"] and titles[-1] == "Help"
    in_menus = {a for m in menus for a in m.actions()}
    toolbar = [a for a in window.findChild(QToolBar, "mainToolbar").actions() if a.text()]
    assert len(toolbar) == 9
    assert [a.text() for a in toolbar if a not in in_menus] == []
