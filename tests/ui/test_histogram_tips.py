"""The date histogram: each bar's count in a tooltip that names its year or month, and a
bar of one cable seen beside bars of thousands."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from window_steps import shown_histogram

from reader.query.query import FacetValue
from reader.ui.widgets.date_histogram import DateHistogram


def _tooltip_of_bar(histogram: DateHistogram, i: int) -> str:
    """The tooltip Qt shows when the pointer rests on bar ``i``."""
    QToolTip.hideText()
    pos = histogram.bin_centre(i).toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, histogram.mapToGlobal(pos))
    QApplication.sendEvent(histogram, event)
    return QToolTip.text()


def test_a_yearly_bar_tooltip_names_the_year_and_counts_its_cables(qtbot) -> None:
    histogram = shown_histogram(
        qtbot, [FacetValue("1966-12", 1), FacetValue("2010-02", 3), FacetValue("2010-11", 4)]
    )
    assert histogram.yearly
    assert _tooltip_of_bar(histogram, 0) == "Year 1966: 1 cable"
    assert _tooltip_of_bar(histogram, len(histogram.bins) - 1) == "Year 2010: 7 cables"
    assert _tooltip_of_bar(histogram, 1) == "Year 1967: 0 cables"
    assert histogram.toolTip().startswith("Cables per year:")


def test_a_monthly_bar_tooltip_names_the_month(qtbot) -> None:
    histogram = shown_histogram(qtbot, [FacetValue("2007-05", 2), FacetValue("2007-09", 1234)])
    assert not histogram.yearly
    assert _tooltip_of_bar(histogram, 0) == "May 2007: 2 cables"
    assert _tooltip_of_bar(histogram, 4) == "Sep 2007: 1,234 cables"
    assert histogram.toolTip().startswith("Cables per month:")


def test_dragging_shows_the_range_so_far(qtbot) -> None:
    histogram = shown_histogram(qtbot, [FacetValue("2007-05", 2), FacetValue("2007-09", 3)])
    qtbot.mousePress(histogram, Qt.MouseButton.LeftButton, pos=histogram.bin_centre(0).toPoint())
    qtbot.mouseMove(histogram, histogram.bin_centre(4).toPoint())
    assert histogram.tooltip_at(4) == "May 2007 – Sep 2007: 5 cables; release to show these dates"
    qtbot.mouseRelease(histogram, Qt.MouseButton.LeftButton, pos=histogram.bin_centre(4).toPoint())


def _bar_height(image: QImage, x: int, colour: QColor) -> int:
    return sum(1 for y in range(image.height()) if image.pixelColor(x, y) == colour)


def test_a_single_early_cable_is_seen_beside_bars_of_thousands(qtbot) -> None:
    months = [FacetValue("1966-03", 1)] + [
        FacetValue(f"{year}-06", 5000) for year in range(2000, 2011)
    ]
    histogram = shown_histogram(qtbot, months)
    image = histogram.grab().toImage()
    bar = histogram.palette().color(QPalette.ColorRole.Highlight)
    first = histogram.bin_centre(0).toPoint()
    last = histogram.bin_centre(len(histogram.bins) - 1).toPoint()
    empty = histogram.bin_centre(1).toPoint()
    assert _bar_height(image, first.x(), bar) >= histogram.MIN_BAR
    assert _bar_height(image, last.x(), bar) > 40
    assert _bar_height(image, empty.x(), bar) == 0
