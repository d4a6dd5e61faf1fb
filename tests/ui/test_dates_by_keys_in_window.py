"""The date histogram used from the keys in the window: its shortcuts take none of them."""

from PySide6.QtCore import Qt
from waiting import open_and_wait

from reader.ui.widgets.main_window import MainWindow


def test_the_keys_choose_and_clear_the_dates_in_the_window(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    folder: str,
) -> None:
    open_and_wait(qtbot, window, folder)
    histogram = window.pane.histogram
    qtbot.waitUntil(lambda: bool(histogram.bins))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    histogram.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(histogram.hasFocus)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Home)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(window.resultsShown):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert window.pane.date_range is not None
    assert "date:" in window.pane.filter().query
    with qtbot.waitSignal(window.resultsShown):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Delete)
    assert window.pane.date_range is None and histogram.hasFocus()
