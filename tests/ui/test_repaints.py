"""How often the tree repaints when a cable's children come in (issue 4: a stall while
reading was two whole repaints of the tree in one turn of the loop where one would do)."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from waiting import WAIT_MS, open_and_wait

from reader.ui.models.cable_tree import Column


class _Paints(QObject):
    """Counts the paint events of a widget."""

    def __init__(self, widget) -> None:  # noqa: ANN001
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:  # noqa: ANN001, N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _drain() -> None:
    """Handle every event and zero timer due, a few turns of the loop over (a second
    repaint came from a timer the first one started)."""
    for _ in range(5):
        QApplication.processEvents()


def test_the_tree_repaints_once_when_a_cables_children_come_in(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    tree, model = window.tree, window.model
    paints = _Paints(tree.viewport())
    # counted from the moment the children are in the model
    window.childrenShown.connect(lambda _key: setattr(paints, "count", 0))
    for row in range(4):
        index = model.index(row, Column.DATE)
        with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
            tree.setCurrentIndex(index)
        _drain()  # every paint of the move is over
        with qtbot.waitSignal(window.childrenShown, timeout=WAIT_MS):
            tree.expand(index.siblingAtColumn(0))
        qtbot.waitUntil(lambda: paints.count >= 1, timeout=WAIT_MS)
        _drain()  # and whatever else their arrival asked for
        assert model.rowCount(index.siblingAtColumn(0)) > 1
        assert paints.count == 1
        tree.collapse(index.siblingAtColumn(0))
