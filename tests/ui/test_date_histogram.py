"""reader/ui/widgets/date_histogram.py: the bars it makes of the month facet, the range it
keeps and emits, and what it paints. Tooltips are in tests/ui/test_histogram_tips.py, year-only
and undated cables in tests/ui/test_year_only_dates.py, a drag in the filter pane in
tests/ui/test_filter_pane.py."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from window_steps import shown_histogram

from reader.query.query import UNDATED, FacetValue
from reader.ui.widgets.date_histogram import DateHistogram


def _at(histogram: DateHistogram, i: int) -> QPoint:
    return histogram.bin_centre(i).toPoint()


def test_values_that_are_no_month_are_left_out(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(
        qtbot,
        [
            FacetValue("2007-05", 2),
            FacetValue("2007-05-17", 1),  # a day's value counts in its month
            FacetValue("garbage", 9),
            FacetValue("", 9),
            FacetValue("2007-xx", 9),
            FacetValue("07", 9),
            FacetValue("2007-07", 1),
        ],
    )
    assert histogram.bins == [
        ("2007-05", "2007-05", 3),
        ("2007-06", "2007-06", 0),
        ("2007-07", "2007-07", 1),
    ]
    assert not histogram.yearly and histogram.undated == 0


def test_nothing_dated_gives_no_bars_and_says_so(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(qtbot, [])
    assert histogram.bins == [] and not histogram.yearly
    image = histogram.grab().toImage()
    base = histogram.palette().color(QPalette.ColorRole.Base)
    highlight = histogram.palette().color(QPalette.ColorRole.Highlight)
    colours = {image.pixelColor(x, y).rgb() for x in range(0, 300, 3) for y in range(0, 84, 3)}
    assert highlight.rgb() not in colours and base.rgb() in colours
    assert len(colours) > 1  # the words "No dates"
    # counts again then none: the bars go
    histogram.set_counts([FacetValue("2001-01", 1)])
    histogram.set_counts([FacetValue(UNDATED, 4)])
    assert histogram.bins == [] and histogram.undated == 4


def test_ten_years_are_months_and_a_month_more_is_years(qtbot) -> None:  # noqa: ANN001
    ten_years = shown_histogram(qtbot, [FacetValue("2000-01", 1), FacetValue("2009-12", 1)])
    assert len(ten_years.bins) == DateHistogram.YEARLY_ABOVE and not ten_years.yearly
    longer = shown_histogram(qtbot, [FacetValue("2000-01", 1), FacetValue("2010-01", 2)])
    assert longer.yearly and longer.bins[0] == ("2000-01", "2000-12", 1)
    assert longer.bins[-1] == ("2010-01", "2010-12", 2) and len(longer.bins) == 11


def test_a_chosen_range_widens_the_bars_to_hold_it(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(qtbot, [FacetValue("2007-05", 1)])
    histogram.set_range("2007-03", "2007-06")
    histogram.set_counts([FacetValue("2007-05", 1)])  # counts within the range come next
    assert [b[0] for b in histogram.bins] == ["2007-03", "2007-04", "2007-05", "2007-06"]
    histogram.set_range(None, None)
    histogram.set_counts([FacetValue("2007-05", 1)])
    assert [b[0] for b in histogram.bins] == ["2007-05"]
    histogram.set_range("2007-03", "not a month")  # half a range is none
    histogram.set_counts([FacetValue("2007-05", 1)])
    assert [b[0] for b in histogram.bins] == ["2007-05"]


def test_dragging_right_to_left_gives_the_range_in_order(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(qtbot, [FacetValue(f"2008-{m:02d}", m) for m in range(1, 7)])
    with qtbot.waitSignal(histogram.rangeSelected, timeout=1000) as got:
        qtbot.mousePress(histogram, Qt.MouseButton.LeftButton, pos=_at(histogram, 4))
        qtbot.mouseMove(histogram, _at(histogram, 1))
        assert (
            histogram.tooltip_at(1) == "Feb 2008 – May 2008: 14 cables; release to show these dates"
        )
        qtbot.mouseRelease(histogram, Qt.MouseButton.LeftButton, pos=_at(histogram, 1))
    assert got.args == ["2008-02", "2008-05"]


def test_a_click_selects_one_bar_and_a_yearly_bar_its_whole_year(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(qtbot, [FacetValue("1990-04", 1), FacetValue("2005-08", 2)])
    assert histogram.yearly
    with qtbot.waitSignal(histogram.rangeSelected, timeout=1000) as got:
        qtbot.mouseClick(histogram, Qt.MouseButton.LeftButton, pos=_at(histogram, 0))
    assert got.args == ["1990-01", "1990-12"]


def test_the_right_button_and_the_undated_bar_choose_no_range(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(qtbot, [FacetValue("2008-01", 1), FacetValue(UNDATED, 5)])
    with qtbot.assertNotEmitted(histogram.rangeSelected):
        qtbot.mousePress(histogram, Qt.MouseButton.RightButton, pos=_at(histogram, 0))
        qtbot.mouseRelease(histogram, Qt.MouseButton.RightButton, pos=_at(histogram, 0))
        right_end = QPoint(histogram.width() - 8, 40)
        qtbot.mousePress(histogram, Qt.MouseButton.LeftButton, pos=right_end)
        qtbot.mouseRelease(histogram, Qt.MouseButton.LeftButton, pos=right_end)


def _bar_colour_at(histogram: DateHistogram, i: int) -> QColor:
    image = histogram.grab().toImage()
    point = _at(histogram, i)
    # near the plot's bottom, where every bar with cables is drawn
    return image.pixelColor(point.x(), histogram.height() - 20)


def test_bars_outside_the_chosen_range_are_muted(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(qtbot, [FacetValue(f"2008-{m:02d}", 5) for m in range(1, 5)])
    highlight = histogram.palette().color(QPalette.ColorRole.Highlight)
    assert all(_bar_colour_at(histogram, i).rgb() == highlight.rgb() for i in range(4))
    histogram.set_range("2008-02", "2008-03")
    inside = [_bar_colour_at(histogram, i).rgb() == highlight.rgb() for i in range(4)]
    assert inside == [False, True, True, False]


def test_bars_are_drawn_in_a_dark_palettes_colours(qtbot) -> None:  # noqa: ANN001
    histogram = shown_histogram(qtbot, [FacetValue("2008-01", 5), FacetValue("2008-02", 5)])
    palette = histogram.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3daee9"))
    histogram.setPalette(palette)
    assert _bar_colour_at(histogram, 0).rgb() == QColor("#3daee9").rgb()
    assert histogram.grab().toImage().pixelColor(2, 2).rgb() == QColor("#101010").rgb()
