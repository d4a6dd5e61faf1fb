"""reader/ui/widgets/saved_search_list.py: the saved searches' list alone: names, counts and
"new" counts, the current one, and what a click or the menu asks for
(tests/ui/test_saved_searches.py saves, opens, renames and deletes them in the window)."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor

from reader.annotate.annotations import SavedSearch
from reader.ui.widgets.saved_search_list import VISIBLE_ROWS, SavedSearchList, describe_search

NUCLEAR = SavedSearch(
    "nuclear",
    "nuclear OR uranium",
    include=(("tag", "KNNP"), ("origin", "Embassy Prague")),
    exclude=(("classification", "UNCLASSIFIED"),),
    opened="2026-11-02T14:05:33.123",
)
PLAIN = SavedSearch("all", "", sort="origin", descending=True)


def _list(qtbot, searches: list[SavedSearch]) -> SavedSearchList:  # noqa: ANN001
    widget = SavedSearchList()
    qtbot.addWidget(widget)
    widget.set_searches(searches)
    widget.resize(300, 300)
    widget.show()
    return widget


def test_a_search_is_described_line_by_line() -> None:
    assert describe_search(NUCLEAR).splitlines() == [
        "Query: nuclear OR uranium",
        "Include TAGS: KNNP",
        "Include Origin: Embassy Prague",
        "Exclude Classification: UNCLASSIFIED",
        "Sorted by date, oldest first",
        "Last opened 2026-11-02 14:05 UTC",
    ]
    assert describe_search(PLAIN).splitlines() == ["No query", "Sorted by origin, descending"]
    newest = SavedSearch("x", "q", include=(("no-such-facet", "v"),), descending=True)
    assert describe_search(newest).splitlines()[1:] == [
        "Include no-such-facet: v",
        "Sorted by date, newest first",
    ]


def test_no_searches_show_the_hint_and_some_show_the_list(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [])
    assert widget.hint.isVisible() and not widget.tree.isVisible() and widget.names() == []
    widget.set_searches([NUCLEAR, PLAIN])
    assert not widget.hint.isVisible() and widget.tree.isVisible()
    assert widget.names() == ["nuclear", "all"]
    item = widget.tree.topLevelItem(0)
    assert item.text(0) == "nuclear" and item.toolTip(0) == describe_search(NUCLEAR)


def test_counts_show_new_cables_in_bold_colour(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [NUCLEAR, PLAIN])
    assert widget.count("nuclear") is None
    widget.set_count("nuclear", 12345, 7)
    widget.set_count("all", 3, 0)
    new, old = widget.tree.topLevelItem(0), widget.tree.topLevelItem(1)
    assert new.text(1) == "12,345 · 7 new" and old.text(1) == "3"
    assert new.font(1).bold() and not old.font(1).bold()
    assert new.foreground(1).color() == QColor("#1e88e5")
    assert new.toolTip(1) == "12,345 cables; 7 new since the search was last opened"
    assert old.toolTip(1) == "3 cables, none new since the search was last opened"
    assert widget.count("nuclear") == (12345, 7)
    # a name not listed is remembered for when it is
    widget.set_count("later", 5, 1)
    assert widget.count("later") == (5, 1)


def test_counts_stay_with_their_names_across_a_new_list(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [NUCLEAR, PLAIN])
    widget.set_count("nuclear", 10, 2)
    widget.set_count("all", 99, 0)
    widget.set_searches([PLAIN, SavedSearch("fresh", "x")])
    assert widget.tree.topLevelItem(0).text(1) == "99"
    assert widget.tree.topLevelItem(1).text(1) == ""  # not counted yet
    assert widget.count("nuclear") is None  # gone with its search


def test_the_current_search_is_marked_and_kept_across_a_new_list(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [NUCLEAR, PLAIN])
    assert widget.current_name() is None
    widget.mark_current("all")
    assert widget.current_name() == "all"
    widget.set_searches([SavedSearch("fresh", "x"), PLAIN])
    assert widget.current_name() == "all"
    widget.mark_current("no such search")
    assert widget.current_name() is None and widget.tree.selectedItems() == []
    widget.mark_current("all")
    widget.mark_current(None)
    assert widget.current_name() is None


def test_a_click_or_enter_asks_to_open(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [NUCLEAR, PLAIN])
    rect = widget.tree.visualItemRect(widget.tree.topLevelItem(1))
    with qtbot.waitSignal(widget.openRequested, timeout=1000) as opened:
        qtbot.mouseClick(widget.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == ["all"]
    widget.tree.setFocus()
    widget.tree.setCurrentItem(widget.tree.topLevelItem(0))
    with qtbot.waitSignal(widget.openRequested, timeout=1000) as opened:
        qtbot.keyClick(widget.tree, Qt.Key.Key_Return)
    assert opened.args == ["nuclear"]


def test_the_menu_asks_to_open_rename_or_delete(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [NUCLEAR])
    menu = widget.menu_for("nuclear")
    actions = {a.text(): a for a in menu.actions() if not a.isSeparator()}
    assert list(actions) == ["Open", "Rename…", "Delete"]
    for text, signal in (
        ("Open", widget.openRequested),
        ("Rename…", widget.renameRequested),
        ("Delete", widget.deleteRequested),
    ):
        with qtbot.waitSignal(signal, timeout=1000) as asked:
            actions[text].trigger()
        assert asked.args == ["nuclear"]


def test_the_save_button_asks_or_uses_the_windows_action(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [])
    with qtbot.waitSignal(widget.saveRequested, timeout=1000):
        widget.save_button.click()
    action = QAction("Save Search…")
    shared = SavedSearchList(save=action)
    qtbot.addWidget(shared)
    assert shared.save_button.defaultAction() is action
    with qtbot.waitSignal(action.triggered, timeout=1000):
        shared.save_button.click()


def test_the_list_grows_to_six_rows_then_scrolls(qtbot) -> None:  # noqa: ANN001
    widget = _list(qtbot, [SavedSearch("one", "1")])
    one = widget.tree.height()
    widget.set_searches([SavedSearch(str(n), str(n)) for n in range(VISIBLE_ROWS)])
    six = widget.tree.height()
    widget.set_searches([SavedSearch(str(n), str(n)) for n in range(VISIBLE_ROWS + 5)])
    assert one < six == widget.tree.height()
