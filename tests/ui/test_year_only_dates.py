"""Year-only and undated cables in the window: the tree shows the year alone, the histogram
counts them in their year's bar and in an undated bar of their own."""

from datetime import datetime

from PySide6.QtCore import QPoint, Qt

from reader.query.query import UNDATED, FacetValue, Hit
from reader.ui.models.cable_tree import CableTreeModel, Column
from reader.ui.widgets.date_histogram import DateHistogram

HITS = [
    Hit(key=0, id="04ROME100", date=datetime(2004, 1, 1), origin="Embassy Rome",
        classification="CONFIDENTIAL", level="C", subject="", date_precision="year"),
    Hit(key=1, id="04ROME200", date=datetime(2004, 3, 10, 15, 1), origin="Embassy Rome",
        classification="CONFIDENTIAL", level="C", subject="", date_precision="day"),
    Hit(key=2, id="", date=None, origin="(none)", classification="", level="", subject=""),
]  # fmt: skip


def test_the_tree_shows_a_year_only_date_as_the_year():
    model = CableTreeModel()
    model.set_source(lambda keys: [HITS[k] for k in keys], lambda key: None)
    model.set_keys([0, 1, 2])
    model.fetch_all()
    shown = [model.data(model.index(row, Column.DATE)) for row in range(3)]
    assert shown == ["2004", "2004-03-10", ""]
    tip = model.data(model.index(0, Column.DATE), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("2004:") and "January" not in tip


def test_year_only_cables_are_in_their_years_bar_and_the_undated_have_a_bar(qtbot):
    histogram = DateHistogram()
    qtbot.addWidget(histogram)
    histogram.resize(300, 84)
    histogram.show()
    histogram.set_counts([
        FacetValue("1990", 2),  # year-only
        FacetValue("1990-05", 1),
        FacetValue("2004-03", 4),
        FacetValue(UNDATED, 7),
    ])  # fmt: skip
    bins = histogram.bins
    assert bins[0] == ("1990-01", "1990-12", 3)  # the month's cable and the two year-only
    assert bins[-1] == ("2004-01", "2004-12", 4)
    assert sum(n for *_, n in bins) == 7
    assert histogram.undated == 7
    histogram.grab()  # paints the undated bar beside the others
    # a press on the undated bar selects no range
    at = QPoint(histogram.width() - 8, 40)
    qtbot.mousePress(histogram, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(histogram, Qt.MouseButton.LeftButton, pos=at)
    assert histogram._selected_bins() is None


def test_monthly_bars_leave_year_only_cables_to_the_year_facet(qtbot):
    histogram = DateHistogram()
    qtbot.addWidget(histogram)
    histogram.set_counts([FacetValue("2004", 2), FacetValue("2004-03", 4)])
    bins = histogram.bins
    assert bins[0] == ("2004-01", "2004-01", 0)
    assert [n for *_, n in bins] == [0, 0, 4]
    assert histogram.undated == 0


def test_the_document_view_says_year_only(qtbot):
    from reader.model.records import Source
    from reader.parser.parse import parse_cable
    from reader.ui.widgets.document_view import DocumentView

    text = (
        "This record is a partial extract of the original cable.\n\n"
        "C O N F I D E N T I A L ROME 000100\n\nSUBJECT: NO DATE\n\n1. (C) Nothing.\n"
    )
    undated_day = parse_cable(text, source=Source("04ROME100.txt", "txt"))
    dated = parse_cable(
        text.replace("\n\nC O N F", "\n\nMonday, 26 July 2004, 07:22\nC O N F"),
        source=Source("04ROME100.txt", "txt"),
    )
    view = DocumentView()
    qtbot.addWidget(view)
    view.show_cable(0, undated_day, raw=lambda: "")
    assert "2004 (year only)" in view.subtitle.full_text()
    view.show_cable(1, dated, raw=lambda: "")
    assert "26 July 2004" in view.subtitle.full_text()
