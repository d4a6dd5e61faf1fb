"""Choosing facet values as calibre does, against a real index of the sample cables: every
value of a group stays listed with the count choosing it would give, chosen values come
first, a value stays under the pointer between two clicks, a filter box and "Show all"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication

from reader.index.store import CorpusIndex
from reader.query.query import Filter
from reader.ui.models.facets import FacetRole, FacetState
from reader.ui.widgets.filter_pane import FilterPane

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def pane(qtbot, samples_refreshed: CorpusIndex) -> FilterPane:  # noqa: ANN001
    """A filter pane answered at once by the index, as the window's loader answers it."""
    pane = FilterPane()
    qtbot.addWidget(pane)
    pane.resize(360, 1400)
    pane.show()
    pane.filterChanged.connect(lambda: pane.set_facets(samples_refreshed.facets(pane.filter())))
    pane.set_facets(samples_refreshed.facets(Filter()))
    return pane


def _group(pane: FilterPane, facet: str) -> QModelIndex:
    model = pane.facets
    return next(
        model.index(g, 0)
        for g in range(model.rowCount())
        if model.index(g, 0).data(FacetRole.FACET) == facet
    )


def _rows(pane: FilterPane, facet: str) -> list[str | None]:
    """The values a group lists, top to bottom (None for its Show all row)."""
    group = _group(pane, facet)
    return [
        pane.facets.index(r, 0, group).data(FacetRole.VALUE)
        for r in range(pane.facets.rowCount(group))
    ]


def _counts(pane: FilterPane, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in pane.facets.values(facet)}


def _point(pane: FilterPane, facet: str, row: int):  # noqa: ANN202
    group = _group(pane, facet)
    pane.tree.expand(group)
    index = pane.facets.index(row, 0, group)
    pane.tree.scrollTo(index)
    return pane.tree.visualRect(index).center()


def _click_row(qtbot, pane: FilterPane, facet: str, row: int) -> None:  # noqa: ANN001
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.mouseClick(
            pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=_point(pane, facet, row)
        )


def _with(f: Filter, facet: str, value: str) -> Filter:
    """``f`` with ``value`` included instead of the other values ``facet`` has chosen."""
    own = {(n, v) for n, v in f.include | f.exclude if n == facet}
    return Filter(f.query, f.include - own | {(facet, value)}, f.exclude - own)


def test_after_including_secret_every_classification_is_listed_with_its_own_count(
    qtbot, pane: FilterPane, samples_refreshed: CorpusIndex
) -> None:
    everything = _counts(pane, "classification")
    assert len(everything) == 7
    _click_row(qtbot, pane, "classification", _rows(pane, "classification").index("SECRET"))
    f = pane.filter()
    assert f.include == {("classification", "SECRET")}
    # every value still listed, each with what choosing it would give (not 0)
    assert _counts(pane, "classification") == everything
    for value, n in everything.items():
        assert samples_refreshed.count(_with(f, "classification", value)) == n
    # other groups follow the results: SECRET cables only
    assert sum(_counts(pane, "year").values()) == samples_refreshed.count(f) == everything["SECRET"]

    # "SECRET or CONFIDENTIAL", built by clicking
    _click_row(qtbot, pane, "classification", _rows(pane, "classification").index("CONFIDENTIAL"))
    f = pane.filter()
    assert f.include == {("classification", "SECRET"), ("classification", "CONFIDENTIAL")}
    assert samples_refreshed.count(f) == everything["SECRET"] + everything["CONFIDENTIAL"]
    assert _counts(pane, "classification") == everything
    assert _group(pane, "classification").data() == "Classification (any of 2)"
    # each tooltip says what its count means
    group, rows = _group(pane, "classification"), _rows(pane, "classification")

    def tip(value: str) -> str:
        return pane.facets.index(rows.index(value), 0, group).data(Qt.ItemDataRole.ToolTipRole)

    n = everything["SECRET"]
    assert tip("SECRET").endswith(f"Included: {n} cables of the results have it; click to exclude")
    n = everything["UNCLASSIFIED"]
    assert tip("UNCLASSIFIED").endswith(f"Click to add {n} cables as an alternative (either value)")


def test_tags_are_all_required_and_each_count_is_what_choosing_it_gives(
    qtbot, pane: FilterPane, samples_refreshed: CorpusIndex
) -> None:
    _click_row(qtbot, pane, "tag", _rows(pane, "tag").index("PREL"))
    f = pane.filter()
    counts = _counts(pane, "tag")
    assert counts["PREL"] == samples_refreshed.count(f) == 20
    for value, n in counts.items():
        with_value = Filter(f.query, f.include | {("tag", value)}, f.exclude)
        assert n == samples_refreshed.count(with_value), value
    # an excluded tag counts the cables it leaves out, which clearing it brings back
    pane.facets.set_state("tag", "TU", FacetState.EXCLUDE)
    f = pane.filter()
    without = Filter(f.query, f.include, f.exclude - {("tag", "TU")})
    held_back = samples_refreshed.count(without) - samples_refreshed.count(f)
    assert _counts(pane, "tag")["TU"] == held_back > 0
    assert "leaves out" in pane.facets.index(
        _rows(pane, "tag").index("TU"), 0, _group(pane, "tag")
    ).data(Qt.ItemDataRole.ToolTipRole)


def test_a_value_stays_under_the_pointer_between_clicks_then_chosen_ones_come_first(
    qtbot, pane: FilterPane
) -> None:
    before = _rows(pane, "classification")
    row = before.index("SECRET")
    assert row > 0
    _click_row(qtbot, pane, "classification", row)
    assert _rows(pane, "classification") == before  # not moved to the top yet
    _click_row(qtbot, pane, "classification", row)  # the same spot: the same value
    assert pane.filter().exclude == {("classification", "SECRET")}
    assert pane.filter().include == frozenset()
    # the pointer moves on to another group: this one takes its order, chosen first
    qtbot.mouseMove(pane.tree.viewport(), _point(pane, "origin", 0))
    assert _rows(pane, "classification")[0] == "SECRET"
    assert pane.facets.held() == []


def test_a_tag_clicked_twice_is_excluded_not_another_tag_included(qtbot, pane: FilterPane) -> None:
    # the case: a second click meant to exclude a tag included its neighbour
    before = _rows(pane, "tag")
    row = 4
    value = before[row]
    _click_row(qtbot, pane, "tag", row)
    assert _rows(pane, "tag")[row] == value
    _click_row(qtbot, pane, "tag", row)
    assert pane.filter().exclude == {("tag", value)} and pane.filter().include == frozenset()
    # leaving the tree re-sorts too
    QApplication.sendEvent(pane.tree.viewport(), QEvent(QEvent.Type.Leave))
    assert _rows(pane, "tag")[0] == value


def test_a_value_is_excluded_at_once_from_its_menu_or_with_minus(
    qtbot, pane: FilterPane
) -> None:
    """A click cycles include -> exclude; the value's context menu, or - and + on it, choose
    at once (excluding another copy of a cable, copy:other, is what matters there)."""
    value = _rows(pane, "tag")[2]
    index = pane.facets.index(2, 0, _group(pane, "tag"))
    menu = pane.tree.value_menu(index)
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions) == ["Include", "Exclude", "Clear"] and actions["Clear"].isChecked()
    with qtbot.waitSignal(pane.filterChanged):
        actions["Exclude"].trigger()
    assert pane.filter().exclude == {("tag", value)} and pane.filter().include == frozenset()
    menu = pane.tree.value_menu(pane.facets.index(_rows(pane, "tag").index(value), 0,
                                                  _group(pane, "tag")))
    assert menu is not None and [a.text() for a in menu.actions() if a.isChecked()] == ["Exclude"]
    assert pane.tree.value_menu(_group(pane, "tag")) is None  # a group's title: no menu
    # the keyboard: + includes, - excludes, the same key again clears
    pane.tree.setCurrentIndex(pane.facets.index(_rows(pane, "tag").index(value), 0,
                                                _group(pane, "tag")))
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.tree, Qt.Key.Key_Plus)
    assert pane.filter().include == {("tag", value)} and pane.filter().exclude == frozenset()
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.tree, Qt.Key.Key_Minus)
    assert pane.filter().exclude == {("tag", value)}
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.tree, Qt.Key.Key_Minus)
    assert pane.filter().exclude == frozenset() and pane.filter().include == frozenset()


def test_after_a_pause_a_group_clicked_with_the_keyboard_takes_its_order(
    qtbot, pane: FilterPane
) -> None:
    group = _group(pane, "classification")
    pane.tree.expand(group)
    row = _rows(pane, "classification").index("UNCLASSIFIED")
    pane.tree.setCurrentIndex(pane.facets.index(row, 0, group))
    pane.tree.setFocus()
    # the pointer is away from the tree (a real pointer may rest anywhere)
    QApplication.sendEvent(
        pane.tree.viewport(),
        QEnterEvent(QPointF(-50, -50), QPointF(-50, -50), QPointF(-5000, -5000)),
    )
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.tree, Qt.Key.Key_Space)
    assert pane.facets.held() == ["classification"]
    assert _rows(pane, "classification")[row] == "UNCLASSIFIED"
    pane.tree._settle.setInterval(0)
    pane.tree._settle.start()
    qtbot.waitUntil(lambda: pane.facets.held() == [])
    assert _rows(pane, "classification")[0] == "UNCLASSIFIED"
    # the keyboard goes on from the value it chose
    assert pane.tree.currentIndex().data(FacetRole.VALUE) == "UNCLASSIFIED"


def test_the_filter_box_narrows_every_group_and_keeps_chosen_values(
    qtbot, pane: FilterPane
) -> None:
    pane.facets.set_state("tag", "PREL", FacetState.INCLUDE)
    classifications = _rows(pane, "classification")
    qtbot.keyClicks(pane.value_filter, "ankara")
    assert _rows(pane, "origin") == ["Embassy Ankara"]
    assert pane.tree.isExpanded(_group(pane, "origin"))
    assert _rows(pane, "tag") == ["PREL"]  # chosen: still there to be cleared
    assert _rows(pane, "classification") == []
    pane.value_filter.clear()
    qtbot.keyClicks(pane.value_filter, "turkey")  # a tag's meaning, not its code
    assert "TU" in _rows(pane, "tag")
    pane.value_filter.clear()
    assert _rows(pane, "classification") == classifications


def test_show_all_lists_the_values_beyond_the_first(qtbot, pane: FilterPane) -> None:
    first = pane.facets.FIRST_VALUES
    origins = _rows(pane, "origin")
    assert len(origins) == first + 1 and origins[-1] is None  # the Show all row
    group = _group(pane, "origin")
    more = pane.facets.index(first, 0, group)
    assert more.data() == "Show all 13…"
    qtbot.mouseClick(
        pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=_point(pane, "origin", first)
    )
    assert len(pane.facets.values("origin")) == 13
    assert pane.facets.index(13, 0, group).data() == "Show fewer"
    assert pane.filter() == Filter()  # showing more chooses nothing
    qtbot.mouseClick(
        pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=_point(pane, "origin", 13)
    )
    assert len(pane.facets.values("origin")) == first


def test_a_new_query_or_clear_all_lets_a_clicked_group_take_its_order(
    qtbot, pane: FilterPane
) -> None:
    row = _rows(pane, "classification").index("SECRET")
    _click_row(qtbot, pane, "classification", row)
    assert pane.facets.held() == ["classification"]
    pane.query.setText("minister")
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.query, Qt.Key.Key_Return)
    assert pane.facets.held() == [] and _rows(pane, "classification")[0] == "SECRET"
    _click_row(qtbot, pane, "classification", 0)  # SECRET: now excluded
    assert pane.facets.held() == ["classification"]
    with qtbot.waitSignal(pane.filterChanged):
        pane.clear()
    assert pane.facets.held() == [] and pane.filter() == Filter()
