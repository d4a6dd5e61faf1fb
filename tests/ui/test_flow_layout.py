"""reader/ui/widgets/flow_layout.py: widgets in a row that wraps onto new lines."""

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QWidget

from reader.ui.widgets.flow_layout import FlowLayout


class _Box(QWidget):
    def __init__(self, width: int, height: int = 20) -> None:
        super().__init__()
        self._size = QSize(width, height)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._size

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._size


def _flow(qtbot, widths: list[int], spacing: int = 4) -> tuple[QWidget, FlowLayout, list[_Box]]:  # noqa: ANN001
    parent = QWidget()
    qtbot.addWidget(parent)
    layout = FlowLayout(parent, spacing=spacing)
    boxes = [_Box(w) for w in widths]
    for box in boxes:
        layout.addWidget(box)
    return parent, layout, boxes


def test_widgets_wrap_when_the_line_is_full(qtbot) -> None:  # noqa: ANN001
    _, layout, boxes = _flow(qtbot, [50, 50, 50, 50])
    layout.setGeometry(QRect(0, 0, 120, 100))
    assert [(b.x(), b.y()) for b in boxes] == [(0, 0), (54, 0), (0, 24), (54, 24)]
    assert layout.heightForWidth(120) == 44
    assert layout.heightForWidth(300) == 20  # one line
    assert layout.heightForWidth(40) == 4 * 20 + 3 * 4  # one each: a box wider than the line
    assert layout.hasHeightForWidth()


def test_a_widget_wider_than_the_line_stands_alone_and_is_not_squeezed(qtbot) -> None:  # noqa: ANN001
    _, layout, boxes = _flow(qtbot, [300, 30])
    layout.setGeometry(QRect(0, 0, 100, 100))
    assert boxes[0].geometry() == QRect(0, 0, 300, 20)
    assert (boxes[1].x(), boxes[1].y()) == (0, 24)


def test_margins_and_an_offset_rect_are_kept(qtbot) -> None:  # noqa: ANN001
    _, layout, boxes = _flow(qtbot, [40, 40], spacing=10)
    layout.setContentsMargins(5, 6, 7, 8)
    layout.setGeometry(QRect(100, 200, 80, 100))
    assert [(b.x(), b.y()) for b in boxes] == [(105, 206), (105, 236)]
    assert layout.heightForWidth(80) == 6 + 20 + 10 + 20 + 8


def test_the_items_can_be_taken_back(qtbot) -> None:  # noqa: ANN001
    _, layout, boxes = _flow(qtbot, [10, 20, 30])
    assert layout.count() == 3
    assert layout.itemAt(1).widget() is boxes[1]
    assert layout.itemAt(3) is None and layout.itemAt(-1) is None
    taken = layout.takeAt(0)
    assert taken is not None and taken.widget() is boxes[0] and layout.count() == 2
    assert layout.takeAt(5) is None


def test_sizes_empty_and_full(qtbot) -> None:  # noqa: ANN001
    parent = QWidget()
    qtbot.addWidget(parent)
    empty = FlowLayout(parent)
    assert empty.count() == 0 and empty.heightForWidth(100) == 0
    assert empty.minimumSize() == QSize(0, 0)
    empty.setContentsMargins(1, 2, 3, 4)
    assert empty.minimumSize() == QSize(4, 6)  # the margins alone, not one pixel less
    _parent, layout, _ = _flow(qtbot, [10, 70, 30])
    layout.setContentsMargins(1, 2, 3, 4)
    # the widest widget and the margins: what any width must hold
    assert layout.minimumSize() == QSize(74, 26) == layout.sizeHint()
    assert layout.expandingDirections() == Qt.Orientation(0)  # grows neither way
