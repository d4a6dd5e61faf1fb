"""reader/ui/widgets/marking_highlighter.py: which ranges of a document get which format,
read back from the document's layouts (tests/ui/test_document_view.py shows it in the
window on sample cables)."""

import pytest
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from reader.ui.levels import marking_colours
from reader.ui.widgets.marking_highlighter import (
    KIND_PROPERTY,
    LEVEL_PROPERTY,
    MarkingHighlighter,
    Span,
    SpanKind,
)

TEXT = "SECRET\n1. (S) first paragraph\n2. (U) second, REF A\nlast line\n"
LINE2 = TEXT.index("2.")


def _palette(base: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    palette.setColor(QPalette.ColorRole.Link, QColor("#0000ee"))
    return palette


LIGHT = _palette("#ffffff", "#000000")
DARK = _palette("#121212", "#eeeeee")


def _formats(doc: QTextDocument) -> list[tuple[int, int, object]]:
    """(document start, length, format) of every formatted range, in order."""
    out = []
    block = doc.begin()
    while block.isValid():
        for r in block.layout().formats():
            # a copy: the range's own format dies with the list formats() made
            out.append((block.position() + r.start, r.length, QTextCharFormat(r.format)))
        block = block.next()
    return out


@pytest.fixture
def edit(qtbot) -> QPlainTextEdit:  # noqa: ANN001
    """A text pane, as the document view has: its document lives as long as the test."""
    pane = QPlainTextEdit()
    qtbot.addWidget(pane)
    return pane


def _doc(
    edit: QPlainTextEdit, spans: list[Span], dim: list[tuple[int, int]] | None = None
) -> tuple[QTextDocument, MarkingHighlighter]:
    edit.setPlainText(TEXT)
    highlighter = MarkingHighlighter(edit.document(), LIGHT)
    QApplication.processEvents()  # the highlighter's first pass, queued when it is attached
    highlighter.set_spans(spans, dim)
    return edit.document(), highlighter


def test_markings_take_their_levels_colours_bold(edit: QPlainTextEdit) -> None:
    s = TEXT.index("(S)")
    doc, highlighter = _doc(
        edit, [Span(0, 6, SpanKind.BANNER, "S"), Span(s, s + 3, SpanKind.MARKING, "S")]
    )
    got = _formats(doc)
    assert [(start, length) for start, length, _ in got] == [(0, 6), (s, 3)]
    fmt = got[1][2]
    assert fmt.intProperty(KIND_PROPERTY) == SpanKind.MARKING
    assert fmt.stringProperty(LEVEL_PROPERTY) == "S"
    text, background = marking_colours("S", LIGHT)
    assert fmt.foreground().color() == text and fmt.background().color() == background
    assert fmt.fontWeight() == 700
    assert got[0][2].intProperty(KIND_PROPERTY) == SpanKind.BANNER
    assert [sp.start for sp in highlighter.spans] == [0, s]


def test_links_are_underlined_and_dead_links_dotted(edit: QPlainTextEdit) -> None:
    ref = TEXT.index("REF A")
    doc, _ = _doc(
        edit, [Span(ref + 4, ref + 5, SpanKind.DEAD_LINK), Span(ref, ref + 3, SpanKind.LINK)]
    )
    (_, _, link), (_, _, dead) = [(a, n, f) for a, n, f in _formats(doc)]
    assert link.fontUnderline() and link.foreground().color() == QColor("#0000ee")
    assert dead.underlineStyle() == dead.UnderlineStyle.DotLine
    assert dead.intProperty(KIND_PROPERTY) == SpanKind.DEAD_LINK


def test_a_span_over_several_lines_is_cut_at_each_line(edit: QPlainTextEdit) -> None:
    start, end = TEXT.index("first"), TEXT.index("second")
    doc, _ = _doc(edit, [Span(start, end, SpanKind.MARKING, "C")])
    assert [(a, n) for a, n, _ in _formats(doc)] == [
        (start, TEXT.index("\n", start) - start),
        (LINE2, end - LINE2),
    ]


def test_dimmed_ranges_fade_the_text_and_spans_still_show(edit: QPlainTextEdit) -> None:
    s = TEXT.index("(S)")
    doc, highlighter = _doc(edit, [Span(s, s + 3, SpanKind.MARKING, "S")], dim=[(s - 3, LINE2 - 1)])
    got = _formats(doc)
    faded = [f for _, _, f in got if not f.hasProperty(KIND_PROPERTY)]
    assert faded and all(f.foreground().color().alpha() == 90 for f in faded)
    assert any(f.intProperty(KIND_PROPERTY) == SpanKind.MARKING for _, _, f in got)
    highlighter.set_dim([])
    assert all(f.hasProperty(KIND_PROPERTY) for _, _, f in _formats(doc))


def test_a_dark_palette_gives_light_marking_text(edit: QPlainTextEdit) -> None:
    s = TEXT.index("(U)")
    doc, highlighter = _doc(edit, [Span(s, s + 3, SpanKind.MARKING, "U")])
    light_text = _formats(doc)[0][2].foreground().color()
    highlighter.set_palette(DARK)
    dark_text = _formats(doc)[0][2].foreground().color()
    assert light_text.lightness() < 128 < dark_text.lightness()
    assert dark_text == marking_colours("U", DARK)[0]


def test_no_spans_and_an_unknown_level(edit: QPlainTextEdit) -> None:
    doc, highlighter = _doc(edit, [])
    assert _formats(doc) == []
    highlighter.set_spans([Span(0, 6, SpanKind.BANNER, None)])
    fmt = _formats(doc)[0][2]
    assert fmt.stringProperty(LEVEL_PROPERTY) == ""
    assert fmt.foreground().color() == marking_colours(None, LIGHT)[0]


def test_set_spans_without_rehighlight_waits_for_new_text(edit: QPlainTextEdit) -> None:
    doc, highlighter = _doc(edit, [])
    highlighter.set_spans([Span(0, 6, SpanKind.BANNER, "S")], rehighlight=False)
    assert _formats(doc) == []  # the old text is not painted again
    doc.setPlainText(TEXT)  # the new text is highlighted as it goes in
    assert [(a, n) for a, n, _ in _formats(doc)] == [(0, 6)]
