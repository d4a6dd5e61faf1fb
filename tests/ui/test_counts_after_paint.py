"""The facet counts of an answer wait until the tree has painted it (issue 4: the query
thread's Python work competed for the GIL with every Python call of the tree's layout and
paint, and the event loop stalled)."""

from PySide6.QtWidgets import QApplication, QWidget
from waiting import WAIT_MS

from reader.ui.loader import QueryResult
from reader.ui.widgets.main_window import MainWindow, _AfterPaint


def test_after_paint_calls_once_when_the_widget_has_painted(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(200, 100)
    widget.show()
    qtbot.waitExposed(widget)
    calls: list[int] = []
    watch = _AfterPaint(widget, lambda: calls.append(1))
    widget.repaint()
    QApplication.processEvents()  # whatever the paint posted is handled
    assert calls == []  # not armed: a paint alone calls nothing
    watch.arm()
    assert calls == []  # not before the paint it asks for
    qtbot.waitUntil(lambda: calls == [1], timeout=WAIT_MS)
    widget.repaint()
    QApplication.processEvents()  # whatever the paint posted is handled
    assert calls == [1]  # once per arm


def test_the_window_reports_each_answer_painted(qtbot, settings):
    painted: list[int] = []
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.loader.counts_wait_for_paint
    window._painted._done = lambda: painted.append(1)  # noqa: SLF001 - instead of the loader's
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.loader.results.emit(_empty_answer(window))
    assert painted == []  # the tree has not painted yet
    qtbot.waitUntil(lambda: painted == [1], timeout=WAIT_MS)


def _empty_answer(window: MainWindow) -> QueryResult:
    return QueryResult(window.loader.current_filter, [], 0, 0.0)
