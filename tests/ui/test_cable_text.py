"""reader/ui/widgets/cable_text.py: the text pane's margin of findings and notes, alone
(tests/ui/test_paragraph_notes.py clicks a note's marker in the window)."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from reader.ui.severity import severity_colour
from reader.ui.widgets.cable_text import NOTE, CableText, MarginMark

TEXT = "\n".join(f"line {n}" for n in range(40))


def _start(n: int) -> int:
    """The document position of line ``n`` of TEXT."""
    return sum(len(f"line {k}") + 1 for k in range(n))


def _text(qtbot) -> CableText:  # noqa: ANN001
    text = CableText()
    qtbot.addWidget(text)
    text.setPlainText(TEXT)
    text.resize(400, 300)
    text.show()
    qtbot.waitExposed(text)
    return text


def _at_line(text: CableText, n: int, x: int = 4) -> QPoint:
    return QPoint(x, text.block_rect(n).center().y())


def test_the_text_is_read_only_plain_text(qtbot) -> None:  # noqa: ANN001
    text = _text(qtbot)
    assert text.isReadOnly()
    text.setPlainText("<b>not bold</b>")
    assert text.toPlainText() == "<b>not bold</b>"


def test_marks_are_shown_beside_the_line_their_span_starts_on(qtbot) -> None:  # noqa: ANN001
    text = _text(qtbot)
    marks = [
        MarginMark(_start(2) + 1, _start(4), "warning", "two lines flagged"),
        MarginMark(_start(2), _start(2) + 4, "error", "a bad word"),
        MarginMark(_start(9), _start(9) + 2, "info", "a note from a check"),
        MarginMark(10_000, 10_010, "info", "past the end"),  # kept, at the last line
    ]
    text.set_marks(marks)
    assert text.marks == marks
    blocks = text.marked_blocks()
    assert sorted(blocks) == [2, 9, 39]
    assert [m.message for m in blocks[2]] == ["two lines flagged", "a bad word"]
    assert [m.message for m in text.marks_at(_at_line(text, 2))] == [
        "two lines flagged",
        "a bad word",
    ]
    assert text.marks_at(_at_line(text, 3)) == []
    assert text.marks_at(QPoint(4, -50)) == []
    text.set_marks([])
    assert text.marked_blocks() == {} and text.marks_at(_at_line(text, 2)) == []


def test_a_note_widens_the_margin_and_has_a_column_of_its_own(qtbot) -> None:  # noqa: ANN001
    text = _text(qtbot)
    finding = MarginMark(_start(5), _start(5) + 3, "error", "finding")
    text.set_marks([finding])
    assert not text.has_notes and text.margin_width == CableText.MARGIN
    assert text.note_rect(1) is None
    note = MarginMark(_start(5), _start(6), NOTE, "my note", paragraph=1)
    text.set_marks([finding, note])
    assert text.has_notes
    assert text.margin_width == CableText.MARGIN + CableText.NOTE_COLUMN
    assert text.margin.width() == text.margin_width
    rect = text.note_rect(1)
    assert rect is not None and rect.left() == CableText.MARGIN
    assert text.note_rect(2) is None
    # the same line: the finding in the first column, the note in the second
    assert text.marks_at(_at_line(text, 5)) == [finding]
    assert text.marks_at(rect.center()) == [note]
    text.set_marks([finding])
    assert text.margin_width == CableText.MARGIN


def test_clicking_a_marker_selects_its_span_or_asks_to_edit_the_note(qtbot) -> None:  # noqa: ANN001
    text = _text(qtbot)
    finding = MarginMark(_start(3), _start(3) + 6, "warning", "finding")
    note = MarginMark(_start(7), _start(8), NOTE, "note", paragraph=4)
    text.set_marks([finding, note])
    with qtbot.waitSignal(text.markClicked, timeout=1000) as clicked:
        qtbot.mousePress(text.margin, Qt.MouseButton.LeftButton, pos=_at_line(text, 3))
    assert clicked.args == [finding.start, finding.end]
    with qtbot.waitSignal(text.noteClicked, timeout=1000) as noted:
        qtbot.mousePress(text.margin, Qt.MouseButton.LeftButton, pos=text.note_rect(4).center())
    assert noted.args == [4]
    with qtbot.assertNotEmitted(text.markClicked), qtbot.assertNotEmitted(text.noteClicked):
        qtbot.mousePress(text.margin, Qt.MouseButton.RightButton, pos=_at_line(text, 3))
        qtbot.mousePress(text.margin, Qt.MouseButton.LeftButton, pos=_at_line(text, 4))


def test_the_pointer_is_a_hand_over_a_marker(qtbot) -> None:  # noqa: ANN001
    text = _text(qtbot)
    text.set_marks([MarginMark(_start(1), _start(1) + 2, "info", "x")])
    qtbot.mouseMove(text.margin, _at_line(text, 1))
    assert text.margin.cursor().shape() == Qt.CursorShape.PointingHandCursor
    qtbot.mouseMove(text.margin, _at_line(text, 6))
    assert text.margin.cursor().shape() == Qt.CursorShape.ArrowCursor


def _colours(text: CableText, line: int) -> set[tuple[int, int, int]]:
    image = text.margin.grab().toImage()
    y = text.block_rect(line).center().y()
    found = set()
    for x in range(CableText.MARGIN):
        for dy in (-3, 0, 3):
            c = image.pixelColor(x, y + dy)
            found.add((c.red(), c.green(), c.blue()))
    return found


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def test_a_line_with_several_findings_shows_the_gravest(qtbot) -> None:  # noqa: ANN001
    text = _text(qtbot)
    text.set_marks(
        [
            MarginMark(_start(2), _start(2) + 1, "info", "a"),
            MarginMark(_start(2), _start(2) + 1, "error", "b"),
            MarginMark(_start(6), _start(6) + 1, "info", "c"),
        ]
    )
    assert _rgb(severity_colour("error")) in _colours(text, 2)
    assert _rgb(severity_colour("info")) not in _colours(text, 2)
    assert _rgb(severity_colour("info")) in _colours(text, 6)
    assert _rgb(severity_colour("error")) not in _colours(text, 4)


def test_the_margin_is_painted_on_a_dark_palette(qtbot) -> None:  # noqa: ANN001
    text = _text(qtbot)
    palette = text.palette()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
        palette.setColor(role, QColor("#202020"))
    text.setPalette(palette)
    text.set_marks([MarginMark(_start(2), _start(2) + 1, "warning", "w")])
    image = text.margin.grab().toImage()
    # the strip: a little darker than the base when the palette's alternate base is the same
    strip = image.pixelColor(2, text.block_rect(20).center().y())
    assert strip.lightness() < QColor("#202020").lightness()
    assert _rgb(severity_colour("warning")) in _colours(text, 2)
