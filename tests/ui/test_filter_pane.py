"""The filter pane: facet clicks, chips, clear all, date histogram, completion, history."""

from PySide6.QtCore import Qt

from reader.model import codes
from reader.query.query import FacetValue
from reader.ui.models import facets
from reader.ui.models.facets import FacetState
from reader.ui.widgets.filter_pane import FilterPane

FACETS = {
    "classification": [FacetValue("SECRET", 3), FacetValue("CONFIDENTIAL", 2)],
    "origin": [FacetValue("Prague", 3), FacetValue("Ankara", 2)],
    "tag": [FacetValue("PREL", 5), FacetValue("MARR", 2)],
    "month": [FacetValue("2007-05", 2), FacetValue("2007-09", 1), FacetValue("2008-06", 2)],
}


def _pane(qtbot) -> FilterPane:
    pane = FilterPane()
    qtbot.addWidget(pane)
    pane.resize(320, 800)
    pane.show()
    pane.set_facets(FACETS)
    return pane


def _value_index(pane: FilterPane, facet: str, value: str):
    model = pane.facets
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        if model.data(group, 0x0100 + 1) == facet:
            for r in range(model.rowCount(group)):
                if model.index(r, 0, group).data(0x0100 + 2) == value:
                    return model.index(r, 0, group)
    raise AssertionError((facet, value))


def test_clicking_a_value_includes_then_excludes_then_clears(qtbot):
    pane = _pane(qtbot)
    index = _value_index(pane, "tag", "PREL")
    pane.tree.expand(index.parent())
    rect = pane.tree.visualRect(index)
    for expected_include, expected_exclude, chip in (
        ({("tag", "PREL")}, set(), ["TAGS: PREL"]),
        (set(), {("tag", "PREL")}, ["TAGS: PREL"]),
        (set(), set(), []),
    ):
        with qtbot.waitSignal(pane.filterChanged):
            qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        f = pane.filter()
        assert (set(f.include), set(f.exclude)) == (expected_include, expected_exclude)
        assert pane.chip_texts() == chip


def test_keyboard_space_cycles_a_value(qtbot):
    pane = _pane(qtbot)
    index = _value_index(pane, "classification", "SECRET")
    pane.tree.setCurrentIndex(index)
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.tree, Qt.Key.Key_Space)
    assert pane.filter().include == {("classification", "SECRET")}


def test_chip_click_removes_its_filter_and_clear_all_removes_every_filter(qtbot):
    pane = _pane(qtbot)
    pane.apply_facet("tag", "PREL")
    pane.apply_facet("origin", "Ankara", FacetState.EXCLUDE)
    pane.query.setText("missile")
    pane.set_date_range("2007-05", "2007-09")
    assert pane.chip_texts() == ["“missile”", "Date 2007-05 – 2007-09", "TAGS: PREL",
                                 "Origin: Ankara"]
    assert pane.filter().query == "missile date:2007-05..2007-09"
    chip = pane.chips.layout().itemAt(2).widget()
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert pane.filter().include == frozenset()
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.mouseClick(pane.clear_all, Qt.MouseButton.LeftButton)
    f = pane.filter()
    assert (f.query, f.include, f.exclude, pane.chip_texts()) == ("", frozenset(), frozenset(), [])


def test_dragging_on_the_histogram_selects_a_date_range(qtbot):
    pane = _pane(qtbot)
    histogram = pane.histogram
    assert [b[2] for b in histogram.bins][:5] == [2, 0, 0, 0, 1]  # monthly, gaps kept
    start = histogram.bin_centre(0).toPoint()
    end = histogram.bin_centre(4).toPoint()
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.mousePress(histogram, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(histogram, end)
        qtbot.mouseRelease(histogram, Qt.MouseButton.LeftButton, pos=end)
    assert pane.date_range == ("2007-05", "2007-09")
    assert "date:2007-05..2007-09" in pane.filter().query


def test_long_spans_are_drawn_by_year(qtbot):
    pane = _pane(qtbot)
    pane.histogram.set_counts([FacetValue("1966-12", 1), FacetValue("2010-02", 3)])
    bins = pane.histogram.bins
    assert (bins[0], bins[-1]) == (("1966-01", "1966-12", 1), ("2010-01", "2010-12", 3))


def test_query_field_completes_field_names_and_facet_values(qtbot):
    pane = _pane(qtbot)
    words = pane.query.completer_model.stringList()
    assert "tag:" in words and "tag:PREL" in words and "from:Prague" in words
    pane.query.setFocus()
    qtbot.keyClicks(pane.query, "missile ta")
    completer = pane.query.popup_completer
    assert completer.completionPrefix() == "ta"
    pane.query._complete("tag:PREL")
    assert pane.query.text() == "missile tag:PREL "
    # a value the query language's own characters are in is offered as it must be typed
    pane.set_facets({**FACETS, "origin": [FacetValue('Post "X" (old)', 1)]})
    assert 'from:"Post \\"X\\" (old)"' in pane.query.completer_model.stringList()


def test_label_completes_your_labels_as_they_must_be_typed(qtbot):
    """label: was not completed at all, so a label whose name holds a quote had to be
    written by hand, with escapes the analyst had no way to guess."""
    pane = _pane(qtbot)
    pane.set_facets({**FACETS, "label": [FacetValue('say "hi"', 2), FacetValue("brief", 1)]})
    words = pane.query.completer_model.stringList()
    assert {"label:", 'label:"say \\"hi\\""', "label:brief"} <= set(words)
    # a label given later (the user facets counted again) is offered too, the rest kept
    pane.update_facets({"label": [FacetValue("(draft)", 1)]})
    words = pane.query.completer_model.stringList()
    assert 'label:"(draft)"' in words and "label:brief" not in words and "tag:PREL" in words


def _run_queries(qtbot, pane, *texts: str) -> None:  # noqa: ANN001
    """Type each query in the field and run it (Return), as the analyst does."""
    for text in texts:
        pane.query.setText(text)
        with qtbot.waitSignal(pane.filterChanged):
            qtbot.keyClick(pane.query, Qt.Key.Key_Return)


def test_query_history_and_escape(qtbot):
    pane = _pane(qtbot)
    _run_queries(qtbot, pane, "first", "second")
    pane.query.clear()
    qtbot.keyClick(pane.query, Qt.Key.Key_Up)
    assert pane.query.text() == "second"
    qtbot.keyClick(pane.query, Qt.Key.Key_Up)
    assert pane.query.text() == "first"
    qtbot.keyClick(pane.query, Qt.Key.Key_Down)
    assert pane.query.text() == "second"
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.query, Qt.Key.Key_Escape)
    assert pane.query.text() == ""


def test_the_history_walked_at_a_readers_pace_keeps_its_order(qtbot):
    """Each step of the walk shows its query's results after a pause (DEBOUNCE_MS), which
    put that query first in the history: Up, a pause, Up again showed the newer query
    again, so only the two newest could be reached, and Down after a pause did nothing."""
    pane = _pane(qtbot)
    _run_queries(qtbot, pane, "first", "second", "third")
    pane.query.clear()
    shown = []
    for step in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Down):
        with qtbot.waitSignal(pane.filterChanged):  # the pause: its results shown
            qtbot.keyClick(pane.query, step)
        shown.append(pane.query.text())
    assert shown == ["third", "second", "first", "second", "third"]
    # a query run by Return is the newest, as typed ones are
    qtbot.keyClick(pane.query, Qt.Key.Key_Up)
    qtbot.keyClick(pane.query, Qt.Key.Key_Return)
    assert pane.query.history[:3] == ["second", "third", "first"]


def test_the_first_up_after_a_query_shows_the_one_before(qtbot):
    """The field still shows the query just run, the newest in the history: the first Up
    goes to the one before it (it showed the same query again, a key press that seemed to
    do nothing), and Down past the newest gives back what the field held."""
    pane = _pane(qtbot)
    _run_queries(qtbot, pane, "first", "second")
    assert pane.query.text() == "second"
    qtbot.keyClick(pane.query, Qt.Key.Key_Up)
    assert pane.query.text() == "first"
    qtbot.keyClick(pane.query, Qt.Key.Key_Down)
    assert pane.query.text() == "second"
    qtbot.keyClick(pane.query, Qt.Key.Key_Down)
    assert pane.query.text() == "second"
    pane.query.setText("half typ")
    pane.query.textEdited.emit("half typ")
    qtbot.keyClick(pane.query, Qt.Key.Key_Up)
    assert pane.query.text() == "second"
    qtbot.keyClick(pane.query, Qt.Key.Key_Down)
    assert pane.query.text() == "half typ"  # the draft, not an empty field


def test_typing_is_debounced_into_one_filter_change(qtbot):
    pane = _pane(qtbot)
    changes = []
    pane.filterChanged.connect(lambda: changes.append(pane.filter().query))
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClicks(pane.query, "klaus")
    assert changes == ["klaus"]


def test_a_query_that_cannot_mean_what_it_seems_says_why_in_the_pane(qtbot):
    """date:2009-13 and NEAR/3 once matched nothing in silence; a query beyond a bound is
    refused, and the pane says which bound."""
    pane = _pane(qtbot)
    assert pane.notice.isHidden()
    for query, note in (
        ("date:2009-13", "date:2009-13 is not a date, so it matches nothing"),
        ("nuclear NEAR/3 iran", "NEAR/3 is not an operator here; it is searched as words"),
        ("date:2009..2007", "date:2009..2007 ends before it begins, so it matches nothing"),
        ("iran class:", "class: has no value after it, so it is left out"),
        ("(" * 248, "The query nests parentheses 248 deep; a query may nest them at most"),
    ):
        pane.query.setText(query)
        with qtbot.waitSignal(pane.filterChanged):
            qtbot.keyClick(pane.query, Qt.Key.Key_Return)
        assert pane.notice.isVisible() and pane.notice.text().startswith(note)
    pane.query.setText("date:2009-12")
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(pane.query, Qt.Key.Key_Return)
    assert pane.notice.isHidden()


def test_the_query_chip_shows_the_query_as_it_is_read():
    from reader.ui.widgets.filter_pane import query_chip_text

    assert query_chip_text("missile") == "“missile”"
    assert query_chip_text('"prime minister') == '"prime minister"'
    assert query_chip_text('"prime minister" -visit') == '"prime minister" -visit'
    assert query_chip_text("  nuclear   iran ") == "“nuclear iran”"
    # an escaped quote is no quote of its own; a lone backslash before the end stays one
    assert query_chip_text(r'label:"say \"hi\""') == r'label:"say \"hi\""'
    assert query_chip_text('label:"a\\') == 'label:"a\\\\"'


def test_the_labels_tables_are_read_before_the_first_counts_are_painted(qtbot, monkeypatch):
    """The tables of the values' labels are read a step at a time once the pane is shown,
    not all at once in the first paint of the counts (one event of the window's loop)."""
    for cached in (codes.table, facets._stations, facets._stations_by_key, facets._station_of):
        cached.cache_clear()
    pane = FilterPane()
    qtbot.addWidget(pane)
    pane.resize(320, 800)
    pane.show()
    qtbot.waitUntil(lambda: not pane._label_tables)
    read: list[str] = []
    real = codes.read_table
    monkeypatch.setattr(codes, "read_table", lambda name, *a: read.append(name) or real(name, *a))
    pane.set_facets(
        {**FACETS, "origin": [FacetValue("Embassy Prague", 3), FacetValue("Embassy Rome", 2)]}
    )
    pane.tree.expandAll()
    pane.tree.grab()  # a paint of every row shown
    labels = [
        pane.facets.index(r, 0, _value_index(pane, "origin", "Embassy Prague").parent()).data()
        for r in range(2)
    ]
    assert labels == ["Embassy Prague — RUEHPG, Czech Republic", "Embassy Rome — RUEHRO, Italy"]
    assert read == []


def test_the_histogram_is_reached_by_tab_and_chooses_dates_by_the_keys(qtbot):
    """The dates could be chosen only by a drag of the mouse: Tab passed the bars by."""
    pane = _pane(qtbot)
    histogram = pane.histogram
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    pane.query.setFocus()
    qtbot.waitUntil(pane.query.hasFocus)
    for _ in range(6):  # the query field, Clear all, then the bars
        if histogram.hasFocus():
            break
        qtbot.keyClick(pane.focusWidget(), Qt.Key.Key_Tab)
    assert histogram.hasFocus()
    # the keys start on the last bar (the latest cables): Enter chooses its month alone
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(histogram, Qt.Key.Key_Return)
    assert pane.date_range == ("2008-06", "2008-06")
    # Home, then Shift+Right four times: May to September 2007, chosen by Enter
    qtbot.keyClick(histogram, Qt.Key.Key_Home)
    for _ in range(4):
        qtbot.keyClick(histogram, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert pane.date_range == ("2008-06", "2008-06")  # not before Enter
    assert histogram.accessibleDescription().startswith("May 2007 – Sep 2007: 3 cables")
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(histogram, Qt.Key.Key_Enter)
    assert "date:2007-05..2007-09" in pane.filter().query
    # the keys are on its last bar: Shift+Right widens the dates chosen by a month
    qtbot.keyClick(histogram, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(histogram, Qt.Key.Key_Space)
    assert pane.date_range == ("2007-05", "2007-10")
    qtbot.keyClick(histogram, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(histogram, Qt.Key.Key_Escape)  # a span not chosen is dropped
    qtbot.keyClick(histogram, Qt.Key.Key_Return)  # ... and Enter then takes the bar alone
    assert pane.date_range == ("2007-09", "2007-09")
    with qtbot.waitSignal(pane.filterChanged):
        qtbot.keyClick(histogram, Qt.Key.Key_Delete)
    assert pane.date_range is None and "date:" not in pane.filter().query


def test_the_bar_the_keys_are_on_is_drawn_with_the_focus(qtbot):
    pane = _pane(qtbot)
    histogram = pane.histogram
    without = histogram.grab().toImage()
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    histogram.setFocus()
    qtbot.waitUntil(histogram.hasFocus)
    qtbot.keyClick(histogram, Qt.Key.Key_Home)
    with_focus = histogram.grab().toImage()
    assert with_focus != without
    highlight = histogram.palette().color(histogram.palette().ColorRole.Highlight).rgb()
    # the frame of the focus, in the highlight's colour, at the widget's edge
    assert with_focus.pixelColor(histogram.width() // 2, 1).rgb() == highlight
    assert without.pixelColor(histogram.width() // 2, 1).rgb() != highlight


def test_a_value_filter_no_value_holds_says_so_under_it(qtbot):
    """Every group listed nothing, each with its count 0, as if no cable had any value."""
    pane = _pane(qtbot)
    pane.value_filter.setText("zzzq")
    assert pane.values_notice.isVisible()
    assert pane.values_notice.text().startswith("No value of any group holds “zzzq”")
    pane.value_filter.setText("pra")  # Prague
    assert pane.values_notice.isHidden()
    pane.value_filter.setText("ankar")
    assert pane.values_notice.isHidden()
    # new counts without the value: said then too
    pane.set_facets({**FACETS, "origin": [FacetValue("Prague", 3)]})
    assert pane.values_notice.isVisible()
    pane.value_filter.clear()
    assert pane.values_notice.isHidden()
