"""The facets of the analyst's own work in the filter pane (Starred, Read, Labels, Has note)
and the rows that show it: choosing a value gives what its query field gives, a star or a
label updates the counts without a whole query, unread rows are bold, starred rows show a
star and labelled rows their labels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window, samples_copy, select_rows, tree_ids

from reader.annotate.annotations import Annotations
from reader.ui.models.cable_tree import Column
from reader.ui.models.facets import FacetRole, FacetState
from reader.ui.widgets.cable_rows import STAR_COLOUR
from reader.ui.widgets.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    """The samples open in a window, with two cables starred, one read, labels and a note."""
    data = tmp_path / "data" / "annotations.sqlite3"
    with Annotations.open(data, backup=False) as store:
        store.set_starred(["07PRAGUE512", "07PRAGUE540"])
        store.set_read(["07PRAGUE512"])
        store.add_label(["07PRAGUE512", "09ANKARA1234"], "brief")
        store.add_label(["07PRAGUE540"], "follow up")
        store.set_note("07PRAGUE540", "check the date")
    w = analyst_window(qtbot, tmp_path)  # its annotations: ``data``
    open_and_wait(qtbot, w, str(samples_copy(tmp_path)))
    # the counts of the last answer, not of one while loading
    qtbot.waitUntil(lambda: not w.loader.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.model.state("07PRAGUE512") is not None, timeout=WAIT_MS)
    yield w
    w.loader.shutdown()


def ids(window: MainWindow) -> list[str]:
    return sorted(tree_ids(window))


def counts(window: MainWindow, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in window.pane.facets.values(facet)}


def query(qtbot, window: MainWindow, text: str) -> list[str]:  # noqa: ANN001
    window.pane.query.setText(text)
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)
    return ids(window)


def click_value(qtbot, window: MainWindow, facet: str, value: str) -> None:  # noqa: ANN001
    """Click the value's row in the filter pane, as the analyst does, and wait for the
    answer and its counts."""
    tree, model = window.pane.tree, window.pane.facets
    group = next(
        model.index(g, 0)
        for g in range(model.rowCount())
        if model.index(g, 0).data(FacetRole.FACET) == facet
    )
    tree.expand(group)
    row = next(
        model.index(r, 0, group)
        for r in range(model.rowCount(group))
        if model.index(r, 0, group).data(FacetRole.VALUE) == value
    )
    tree.scrollTo(row)
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        qtbot.mouseClick(
            tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(row).center()
        )


@pytest.mark.parametrize(
    "facet, value, term",
    [
        ("starred", "starred", "is:starred"),
        ("starred", "unstarred", "is:unstarred"),
        ("read", "unread", "is:unread"),
        ("label", "brief", "label:brief"),
        ("note", "has note", "has:note"),
    ],
)
def test_each_value_included_then_excluded_is_its_query_field(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    facet: str,
    value: str,
    term: str,
) -> None:
    included, excluded = query(qtbot, window, term), query(qtbot, window, f"-{term}")
    assert included and excluded
    query(qtbot, window, "")
    assert counts(window, facet)[value] == len(included)
    click_value(qtbot, window, facet, value)
    assert window.pane.facets.state(facet, value) == FacetState.INCLUDE
    assert ids(window) == included
    click_value(qtbot, window, facet, value)  # the second click excludes it
    assert window.pane.facets.state(facet, value) == FacetState.EXCLUDE
    assert ids(window) == excluded


def test_a_star_updates_the_counts_without_a_query(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    loader = window.loader
    before = counts(window, "starred")
    assert before == {"starred": 2, "unstarred": len(ids(window)) - 2}
    asked, recounts = loader.queries_asked, loader.user_recounts
    select_rows(window, "09ANKARA1234")
    with qtbot.waitSignal(window.userFacetsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert counts(window, "starred") == {"starred": 3, "unstarred": before["unstarred"] - 1}
    assert loader.queries_asked == asked  # the results were not asked again
    assert loader.user_recounts == recounts + 1
    # a label: the Labels group follows, still without a query
    with qtbot.waitSignal(window.userFacetsShown, timeout=WAIT_MS):
        window.annotating.apply("label", ["09ANKARA1234", "07PRAGUE540"], "follow up")
    assert counts(window, "label") == {"brief": 2, "follow up": 2}
    assert loader.queries_asked == asked
    # Undo takes the label off again, and the count follows
    with qtbot.waitSignal(window.userFacetsShown, timeout=WAIT_MS):
        window.annotating.actions["undo"].trigger()
    assert counts(window, "label") == {"brief": 2, "follow up": 1}


def test_stars_in_quick_succession_then_another_windows_star_counted_after_a_pause(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    tmp_path: Path,
) -> None:
    """Each star's counts come from the sets kept with that star made; a star written by
    another window meanwhile shows once this window pauses and reads the annotations again."""
    before = counts(window, "starred")
    unstarred = [i for i in ids(window) if not window.model.state(i).starred]
    first, second, elsewhere = unstarred[:3]
    with Annotations.open(tmp_path / "data" / "annotations.sqlite3", backup=False) as store:
        store.set_starred([elsewhere])  # another window's star: this one is not told
    for n, cable in enumerate((first, second), 1):
        select_rows(window, cable)
        with qtbot.waitSignal(window.userFacetsShown, timeout=WAIT_MS):
            qtbot.keyClick(window.tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert counts(window, "starred")["starred"] >= before["starred"] + n
        assert window.model.state(cable).starred  # the row shows it at once
    # read again after the pause: all three, and the unstarred count follows
    qtbot.waitUntil(
        lambda: (
            counts(window, "starred")
            == {"starred": before["starred"] + 3, "unstarred": before["unstarred"] - 3}
        ),
        timeout=WAIT_MS,
    )


def test_a_star_under_a_filter_that_asks_stars_asks_the_query_again(
    qtbot,  # noqa: ANN001
    window: MainWindow,
) -> None:
    click_value(qtbot, window, "starred", "unstarred")
    assert "09ANKARA1234" in ids(window)
    asked = window.loader.queries_asked
    select_rows(window, "09ANKARA1234")
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        window.annotating.toggle_star()
    assert window.loader.queries_asked == asked + 1
    assert "09ANKARA1234" not in ids(window)  # starred now: not among the unstarred


def row_of(window: MainWindow, cable_id: str) -> int:
    model = window.model
    model.fetch_all()
    return next(r for r in range(model.rowCount()) if model.index(r, Column.ID).data() == cable_id)


def cells(window: MainWindow, cable_id: str):  # noqa: ANN201
    painted = window.model.painted_row(window.model.index(row_of(window, cable_id), 0))
    assert painted is not None
    return painted[0]


def gold_pixels(window: MainWindow, cable_id: str) -> int:
    """Pixels of the star's colour in the cable's row, as the tree paints it."""
    tree = window.tree
    index = window.model.index(row_of(window, cable_id), Column.ID)
    tree.scrollTo(index)
    tree.viewport().repaint()
    image = tree.viewport().grab().toImage()
    rect = tree.visualRect(index)
    ratio = image.devicePixelRatio()
    gold = STAR_COLOUR.rgb()
    found = 0
    for y in range(int(rect.top() * ratio), int(rect.bottom() * ratio)):
        for x in range(int(rect.left() * ratio), int(rect.right() * ratio)):
            if image.pixel(x, y) == gold:
                found += 1
    return found


def test_unread_rows_are_bold_until_read(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    assert all(cell.bold for cell in cells(window, "07PRAGUE540"))  # unread
    assert not any(cell.bold for cell in cells(window, "07PRAGUE512"))  # read
    select_rows(window, "07PRAGUE540")
    with qtbot.waitSignal(window.annotating.statesShown, timeout=WAIT_MS):
        window.annotating.toggle_read()
    assert not any(cell.bold for cell in cells(window, "07PRAGUE540"))
    with qtbot.waitSignal(window.annotating.statesShown, timeout=WAIT_MS):
        window.annotating.actions["undo"].trigger()
    assert all(cell.bold for cell in cells(window, "07PRAGUE540"))


def test_the_star_and_the_labels_are_painted(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    row = cells(window, "07PRAGUE512")
    assert row[Column.ID].star and row[Column.SUBJECT].labels == (
        ("brief", window.model.state("07PRAGUE512").labels[0][1]),
    )
    assert gold_pixels(window, "07PRAGUE512") > 10
    assert gold_pixels(window, "09ANKARA1234") == 0
    select_rows(window, "09ANKARA1234")
    with qtbot.waitSignal(window.annotating.statesShown, timeout=WAIT_MS):
        window.annotating.toggle_star()
    assert cells(window, "09ANKARA1234")[Column.ID].star
    assert gold_pixels(window, "09ANKARA1234") > 10
    # the label's colour is painted in the subject cell
    colour = QColor(window.model.state("07PRAGUE512").labels[0][1]).rgb()
    tree = window.tree
    index = window.model.index(row_of(window, "07PRAGUE512"), Column.SUBJECT)
    tree.scrollTo(index)
    tree.viewport().repaint()
    image = tree.viewport().grab().toImage()
    rect = tree.visualRect(index)
    ratio = image.devicePixelRatio()
    assert any(
        image.pixel(x, int(rect.center().y() * ratio)) == colour
        for x in range(int(rect.left() * ratio), int(rect.right() * ratio))
    )


def test_new_user_counts_leave_the_other_groups_as_they_were(qtbot) -> None:  # noqa: ANN001
    from reader.query.query import FacetValue
    from reader.ui.models.facets import FacetModel

    model = FacetModel()
    model.set_facets({"tag": [FacetValue("PREL", 5)], "starred": [FacetValue("unstarred", 5)]})
    model.set_state("label", "brief", FacetState.EXCLUDE)
    model.update_facets(
        {"starred": [FacetValue("unstarred", 4), FacetValue("starred", 1)], "label": []}
    )
    assert [(v.value, v.count) for v in model.values("tag")] == [("PREL", 5)]
    assert [(v.value, v.count) for v in model.values("starred")] == [
        ("unstarred", 4),
        ("starred", 1),
    ]
    assert [(v.value, v.count) for v in model.values("label")] == [("brief", 0)]  # chosen
