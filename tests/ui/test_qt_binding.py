"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a method that
returns nothing (``QLabel.setText``); None's count runs down as the window works until the
interpreter aborts with "none_dealloc: deallocating None". 6.11.3 is sound. This test makes
such a build fail loudly instead of crashing an analyst's session.
"""

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50, "this PySide6 build leaks references to None"
