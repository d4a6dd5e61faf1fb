"""The document view: banner bars, highlighted markings, find, REF links, raw text, dimming."""

from fake_index import build_cable, sample_cables
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from reader.ui.widgets.document_view import BannerBar, DocumentView, query_terms

CABLES = sample_cables()


def _view(qtbot, key: int = 2, **kw) -> DocumentView:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 800)
    view.show()
    view.show_cable(key, CABLES[key], raw=lambda: "<pre>RAW TEXT</pre>", **kw)
    return view


def test_highlighted_spans_are_the_portion_markings(qtbot):
    cable = CABLES[2]  # 08ANKARA1001: (S), (C), (S//NF)
    view = _view(qtbot)
    expected = [(p.marking_start, p.marking_end, p.marking.level) for p in cable.paragraphs]
    assert view.marking_spans() == expected
    text = view.text.toPlainText()
    assert [text[a:b] for a, b, _ in view.marking_spans()] == ["(S)", "(C)", "(S//NF)"]


def test_banner_bars_take_the_classification_colour(qtbot):
    view = _view(qtbot)
    assert view.top_banner.text() == "SECRET//NOFORN" and view.top_banner.level == "S"
    assert view.bottom_banner.isVisible() and view.bottom_banner.level == "S"
    bar = BannerBar()
    qtbot.addWidget(bar)
    bar.set_classification("UNCLASSIFIED//FOR OFFICIAL USE ONLY")
    assert bar.level == "U" and "#2e7d32" in bar.styleSheet()


def test_markings_are_readable_on_a_dark_palette(qtbot):
    view = _view(qtbot)
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.black)
    dark.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.white)
    view.highlighter.set_palette(dark)
    block = view.text.document().findBlock(CABLES[2].paragraphs[0].marking_start)
    ranges = block.layout().formats()  # keep the ranges alive while reading their formats
    colours = [r.format.foreground().color() for r in ranges if r.format.fontWeight() > 500]
    assert colours and colours[0].lightness() > 150  # light text on dark paper


def test_find_in_cable_walks_the_matches(qtbot):
    view = _view(qtbot)
    view.open_find()
    qtbot.keyClicks(view.find_bar.field, "border")
    assert len(view.hits) == 2
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    first = view.text.textCursor().selectionStart()
    view.find_next()
    second = view.text.textCursor().selectionStart()
    assert [first, second] == [h[0] for h in view.hits]
    view.find_previous()
    assert view.text.textCursor().selectionStart() == first
    assert view.find_bar.count.text() == "1 of 2"
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible() and view.hits == []


def test_query_words_are_highlighted(qtbot):
    view = _view(qtbot)
    view.set_query_terms(query_terms('border -talks tag:PREL "General Staff" OR oper*'))
    text = view.text.toPlainText()
    assert sorted({text[a:b].lower() for a, b in view.hits}) == [
        "border", "general staff", "operations"]


def test_query_terms_skip_fields_exclusions_and_or():
    assert query_terms('a "b c" -d tag:X OR e*') == ["a", "b c", "e*"]


def test_ref_link_opens_the_cited_cable(qtbot):
    view = _view(qtbot, ref_keys={"07PRAGUE497": 1})
    rect = view.link_rect("07PRAGUE497")
    assert rect is not None
    with qtbot.waitSignal(view.cableRequested) as blocker:
        qtbot.mouseClick(view.text.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center() + rect.topLeft() * 0)
    assert blocker.args == [1]


def test_ref_to_a_cable_outside_the_folder_is_not_a_link(qtbot):
    view = _view(qtbot, ref_keys={"07PRAGUE497": None})
    assert not view.open_reference("07PRAGUE497")
    with qtbot.assertNotEmitted(view.cableRequested):
        rect = view.link_rect("07PRAGUE497")
        qtbot.mouseClick(view.text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_raw_switch_shows_the_exact_file_text(qtbot):
    view = _view(qtbot)
    view.raw_button.setChecked(True)
    assert view.text.toPlainText() == "<pre>RAW TEXT</pre>"  # shown as characters, not HTML
    assert view.marking_spans() == []
    view.raw_button.setChecked(False)
    assert view.text.toPlainText() == CABLES[2].text.rstrip("\n") or CABLES[2].text


def test_paragraph_level_filter_dims_lower_paragraphs(qtbot):
    view = _view(qtbot)
    view.set_dim_level(2)  # dim below SECRET
    doc = view.text.document()
    confidential = CABLES[2].paragraphs[1]
    secret = CABLES[2].paragraphs[0]

    def faded(offset: int) -> bool:
        block = doc.findBlock(offset)
        at = offset - block.position()
        ranges = block.layout().formats()
        return any(r.start <= at < r.start + r.length
                   and r.format.foreground().color().alpha() < 255 for r in ranges)

    last = confidential.end - 1
    assert faded(last) and not faded(secret.end - 1)


def test_mark_span_scrolls_to_and_marks_the_paragraph(qtbot):
    view = _view(qtbot)
    p = CABLES[2].paragraphs[2]
    view.mark_span(p.start, p.end)
    assert view.marked == (p.start, p.end)
    assert view.text.textCursor().position() == p.start
    assert any(s.cursor.block().position() == p.start for s in view.text.extraSelections())


def test_unusual_text_keeps_offsets_right(qtbot):
    cable = build_cable("09X1", CABLES[0].dtg, "X", "C", ["PREL"], "S", [("C", "A \U0001f600.")])
    view = DocumentView()
    qtbot.addWidget(view)
    crlf = cable.text.replace("\n", "\r\n")
    p = cable.paragraphs[0]
    shift = cable.text[: p.marking_start].count("\n")
    moved = type(p)(p.number, p.marking, p.text, p.line, p.start + shift, p.end + shift,
                    p.marking_start + shift, p.marking_end + shift)
    import dataclasses

    view.show_cable(0, dataclasses.replace(cable, text=crlf, paragraphs=(moved,)))
    (a, b, level), = view.marking_spans()
    assert view.text.toPlainText()[a:b] == "(C)" and level == "C"
