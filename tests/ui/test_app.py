"""The application's window as ``create_window`` makes it."""

import sys

import pytest
from fake_index import FakeIndex
from PySide6.QtWidgets import QApplication

from reader.ui.app import SWITCH_INTERVAL, create_window


def test_the_window_process_hands_the_interpreter_to_the_ui_thread_quickly(qtbot, settings):  # noqa: ANN001
    # a tree repaint calls into Python dozens of times; with Python's default 5 ms switch
    # interval each call could wait that long for a busy query thread (issue 4: stalls)
    before, sheet = sys.getswitchinterval(), QApplication.instance().styleSheet()
    try:
        sys.setswitchinterval(0.005)
        window = create_window(settings, FakeIndex)
        qtbot.addWidget(window)
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
        assert SWITCH_INTERVAL <= 0.0005
    finally:
        sys.setswitchinterval(before)
        QApplication.instance().setStyleSheet(sheet)  # the app's look stays in this test
