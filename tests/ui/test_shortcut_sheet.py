"""reader/ui/widgets/shortcut_sheet.py: the F1 sheet lists each shortcut under its group,
and the window binds every key combination the sheet names."""

import re

from PySide6.QtGui import QAction, QKeySequence, QShortcut

from reader.ui.widgets.main_window import MainWindow
from reader.ui.widgets.shortcut_sheet import SHORTCUTS, ShortcutSheet

#: A key the window binds itself (with Ctrl, Alt or an F key); the rest (Up, Enter, Esc,
#: Space) are the focused widget's own keys.
_BOUND = re.compile(r"^(?:(?:Ctrl|Alt|Shift)\+)*(?:Ctrl|Alt)\+\S+$|^(?:Shift\+)?F\d+$")


def _named_keys() -> list[str]:
    keys = []
    for _, items in SHORTCUTS:
        for combination, _what in items:
            for part in re.split(r" / |, ", combination):
                if _BOUND.match(part):
                    keys.append(part)
    return keys


def test_the_sheet_has_a_heading_row_per_group_then_its_keys(qtbot) -> None:  # noqa: ANN001
    sheet = ShortcutSheet()
    qtbot.addWidget(sheet)
    table = sheet.table
    assert table.rowCount() == sum(1 + len(items) for _, items in SHORTCUTS)
    row = 0
    for group, items in SHORTCUTS:
        heading = table.item(row, 0)
        assert heading.text() == group and heading.font().bold()
        assert table.columnSpan(row, 0) == 2 and table.item(row, 1) is None
        for keys, what in items:
            row += 1
            assert (table.item(row, 0).text(), table.item(row, 1).text()) == (keys, what)
        row += 1
    assert table.horizontalHeaderItem(0).text() == "Keys"
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    assert not sheet.isModal()


def test_no_key_is_named_for_two_things_in_one_group() -> None:
    for group, items in SHORTCUTS:
        keys = [k for k, _ in items]
        assert len(keys) == len(set(keys)), group
        for k, what in items:
            assert k.strip() and what.strip() and not what.endswith("."), (group, k)


def test_the_window_binds_every_key_the_sheet_names(window: MainWindow) -> None:
    bound = {s.toString() for a in window.findChildren(QAction) for s in a.shortcuts()}
    bound |= {s.key().toString() for s in window.findChildren(QShortcut)}
    named = _named_keys()
    assert len(named) > 30  # the pattern finds the sheet's combinations
    missing = [k for k in named if QKeySequence(k).toString() not in bound]
    assert missing == []
