"""A cable with a later cable glued on: the view shows the glued text apart, dimmed, under a
line of its own, and every offset into the cable's text still lands on its character."""

from reader.parser.parse import parse_cable
from reader.ui.widgets.document_text import APPENDED_SEPARATOR
from reader.ui.widgets.document_view import DocumentView

FIRST = (
    "P 020834Z APR 73\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC PRIORITY 1692\n\n"
    "S E C R E T TEHRAN 2077\n\nE. O. 11652: GDS\nTAGS: PFOR IR\n"
    "SUBJECT: AUDIENCE WITH SHAH\n\n1. (S) The Shah said things.\n ...\n\n"
)
GLUED = (
    "PP RUEHWEB\n\nDE RUEHMN #0404/01 1971651\nZNY CCCCC ZZH\nP 151651Z JUL 08\n"
    "FM AMEMBASSY MONTEVIDEO\nTO RUEHC/SECSTATE WASHDC PRIORITY 8335\n"
    "C O N F I D E N T I A L MONTEVIDEO 000404\n\nSIPDIS\n\nTAGS: PGOV UY\n"
    "SUBJECT: SOMETHING ELSE\n\n1. (C) Other text.\n\nBAXTER\n"
)


def _view(qtbot, text: str) -> DocumentView:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 800)
    view.show()
    view.show_cable(1, parse_cable(text), raw=lambda: text)
    return view


def _faded(view: DocumentView, position: int) -> bool:
    block = view.text.document().findBlock(position)
    at = position - block.position()
    return any(
        r.start <= at < r.start + r.length and r.format.foreground().color().alpha() < 255
        for r in block.layout().formats()
    )


def test_glued_cable_is_shown_apart_and_dimmed(qtbot):
    cable = parse_cable(FIRST + GLUED)
    assert cable.appended_at == len(FIRST)
    view = _view(qtbot, FIRST + GLUED)
    shown = view.text.toPlainText()
    assert shown == FIRST + APPENDED_SEPARATOR + GLUED
    to_qt = view._to_qt
    # every character of the cable's text is where the view says it is
    for offset in (0, len(FIRST) - 1, len(FIRST), len(FIRST) + 5, len(FIRST + GLUED) - 2):
        assert shown[to_qt(offset)] == (FIRST + GLUED)[offset]
    # the glued cable and the separator are dim; the cable itself is not
    assert _faded(view, to_qt(len(FIRST) + 3))
    assert _faded(view, to_qt(len(FIRST)) - len(APPENDED_SEPARATOR) + 2)
    assert not _faded(view, to_qt(FIRST.index("The Shah")))
    # its marking is the cable's own only
    assert [p.marking.text for p in cable.paragraphs if p.marking] == ["S"]


def test_a_cable_without_glued_text_shows_no_separator(qtbot):
    view = _view(qtbot, FIRST)
    assert APPENDED_SEPARATOR.strip() not in view.text.toPlainText()
    assert not _faded(view, view._to_qt(FIRST.index("The Shah")))
