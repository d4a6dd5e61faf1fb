"""reader/ui/widgets/shortcut_sheet.py: the F1 sheet lists each shortcut under its group.
That the window binds every command key the sheet shows, and the sheet shows every key the
window binds, is tested in tests/ui/test_window_actions.py."""

import re
from pathlib import Path

from reader.ui.widgets.shortcut_sheet import SHORTCUTS, ShortcutSheet


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
            assert table.item(row, 1).text() == what
            shown = table.item(row, 0).text()
            if "Ctrl+Shift+Z" in keys:
                # Undo and Redo are shown as the platform binds them (Redo: Ctrl+Y on some)
                assert shown.startswith("Ctrl+Z / ") and len(shown.split(" / ")) == 2
            else:
                assert shown == keys
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


def _keys(cell: str) -> set[str]:
    """The keys of a cell, each alone ("F3 / Shift+F3" is two, so is "Up, PgUp")."""
    return {key.strip() for part in cell.split(", ") for key in part.split(" / ")}


def test_every_key_of_the_readme_s_keyboard_table_is_on_the_sheet() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Keyboard", 1)[1].split("\n## ", 1)[0]
    rows = [re.match(r"\| (.+?) \| .+ \|$", line) for line in table.splitlines()]
    cells = [m.group(1) for m in rows if m and m.group(1) not in ("Keys", "---")]
    assert len(cells) > 30
    in_readme = set().union(*map(_keys, cells)) - {"Arrows", "(context menu)"}
    on_sheet = set().union(*(_keys(keys) for _, items in SHORTCUTS for keys, _ in items))
    assert in_readme - on_sheet == set()
