"""reader/ui/widgets/elided_label.py: one line that ends in … rather than widening its pane."""

from PySide6.QtWidgets import QHBoxLayout, QWidget

from reader.ui.widgets.elided_label import ElidedLabel

LONG = "References of 07PRAGUE540: " + "a long subject that goes on " * 10


def _label(qtbot, width: int) -> ElidedLabel:  # noqa: ANN001
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.resize(width, 30)
    label.show()
    return label


def test_a_long_text_is_elided_and_kept_whole_as_the_tip(qtbot) -> None:  # noqa: ANN001
    label = _label(qtbot, 200)
    label.set_full_text(LONG)
    assert label.full_text() == LONG and label.toolTip() == LONG
    assert label.text().endswith("…") and len(label.text()) < len(LONG)
    assert LONG.startswith(label.text()[:-1])
    assert label.fontMetrics().horizontalAdvance(label.text()) <= 200


def test_a_short_text_is_shown_whole(qtbot) -> None:  # noqa: ANN001
    label = _label(qtbot, 400)
    label.set_full_text("07PRAGUE540")
    assert label.text() == "07PRAGUE540"
    label.set_full_text("")
    assert label.text() == "" and label.full_text() == ""


def test_resizing_elides_again(qtbot) -> None:  # noqa: ANN001
    label = _label(qtbot, 150)
    label.set_full_text(LONG)
    narrow = label.text()
    label.resize(5000, 30)
    assert label.text() == LONG
    label.resize(150, 30)
    assert label.text() == narrow


def test_the_text_is_plain_and_never_widens_its_pane(qtbot) -> None:  # noqa: ANN001
    pane = QWidget()
    qtbot.addWidget(pane)
    layout = QHBoxLayout(pane)
    label = ElidedLabel()
    layout.addWidget(label)
    pane.resize(180, 40)
    pane.show()
    label.set_full_text("<b>" + LONG + "</b>")
    assert pane.width() == 180 and label.width() <= 180
    assert label.text().startswith("<b>")  # shown as typed, not as HTML
