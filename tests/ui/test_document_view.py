"""The document view: banner bars, highlighted markings, find, REF links, raw text, dimming."""

import re

from invented import build_cable, sample_cables
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reader.ui.widgets.banner_bar import BannerBar
from reader.ui.widgets.document_text import LONG_LINE, Offsets, display_text
from reader.ui.widgets.document_view import DocumentView

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


def test_a_long_banner_is_elided_and_never_widens_the_pane(qtbot):
    long = "SECRET//NOFORN//REL TO USA, AUS, CAN, GBR, NZL//ORCON//EXDIS"
    pane = QWidget()
    qtbot.addWidget(pane)
    bar = BannerBar()
    QVBoxLayout(pane).addWidget(bar)
    bar.set_classification("SECRET")
    short_minimum = pane.minimumSizeHint().width()
    bar.set_classification(long)
    assert pane.minimumSizeHint().width() == short_minimum  # the text asks for no width
    pane.resize(180, 60)
    pane.show()
    qtbot.waitExposed(pane)
    assert bar.text().endswith("…") and bar.text() != long
    assert bar.full_text() == long == bar.toolTip()
    pane.resize(1200, 60)
    qtbot.waitUntil(lambda: bar.text() == long)


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
    view.set_query('border -talks tag:PREL "General Staff" OR oper*')
    text = view.text.toPlainText()
    assert sorted({text[a:b].lower() for a, b in view.hits}) == [
        "border", "general staff", "operations"]


def test_the_query_is_highlighted_as_the_query_language_reads_it(qtbot):
    """One reading of the query: NOT, -, OR and parentheses are not words, field terms are
    not text, and a phrase is found across a line break and punctuation, as the index
    matched it (the snippets' term matcher)."""
    view = _view(qtbot)
    text = view.text.toPlainText()
    words = text.split()
    assert "NOT" not in text and "OR" not in words
    view.set_query("NOT border (General OR talks) tag:PREL")
    shown = {text[a:b].lower() for a, b in view.hits}
    assert "general" in shown and "border" not in shown and "not" not in shown
    assert not any(s.startswith("(") or s.endswith(")") for s in shown)
    # two words with a line break between them, as a phrase
    m = re.search(r"([A-Za-z]{3,})[ \t]*\n[ \t]*([A-Za-z]{3,})", text)
    assert m, "the test cable has a line break between two words"
    view.set_query(f'"{m.group(1)} {m.group(2)}"')
    assert any(a <= m.start() and b >= m.end() for a, b in view.hits), "across the break"


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


def _positions(text: str, inserted: list[int]) -> list[int]:
    """Each offset's QTextDocument position, worked out character by character."""
    out, position, at = [], 0, set(inserted)
    for i, ch in enumerate(text):
        if i in at:
            position += 1  # the break inserted before it
        out.append(position)
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            continue  # CR and LF are one block break
        position += 2 if ord(ch) >= 0x10000 else 1
    out.append(position)
    return out


def test_offsets_follow_crlf_astral_characters_and_display_breaks():
    text = "ab\r\ncd\U0001f600e\r\n" + "x" * 30 + "\U0001f600yz\rq\n"
    inserted = [12, 20, 30]
    to_qt = Offsets(text, inserted)
    expected = _positions(text, inserted)
    assert [to_qt(i) for i in range(len(text) + 1)] == expected
    for position in range(expected[-1] + 1):  # back: the last offset at or before it
        assert to_qt.back(position) == max(i for i, at in enumerate(expected) if at <= position)
    assert to_qt(-5) == 0 and to_qt(len(text) + 9) == expected[-1]


def test_a_long_line_is_broken_for_display_at_a_space_or_else_anywhere():
    words = ("word " * (3 * LONG_LINE // 5)).rstrip()
    shown, inserted = display_text(words)
    assert inserted == [] and len(shown) == len(words)  # spaces became the breaks
    assert max(map(len, shown.split("\u2029"))) <= LONG_LINE
    assert shown.replace("\u2029", " ") == words
    solid = "X" * (2 * LONG_LINE + 5)
    shown, inserted = display_text("a\n" + solid)
    assert inserted == [2 + LONG_LINE, 2 + 2 * LONG_LINE]
    assert shown == "a\n" + "X" * LONG_LINE + "\u2029" + "X" * LONG_LINE + "\u2029XXXXX"
    assert display_text("short\nlines") == ("short\nlines", [])


def test_a_ten_megabyte_line_goes_in_by_parts_and_stays_addressable(qtbot):
    cable = build_cable("09X2", CABLES[0].dtg, "X", "C", ["PREL"], "S",
                        [("C", "Opening."), ("S", "Y" * 10_000_000 + " end.")])
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 800)
    view.show()
    with qtbot.waitSignal(view.textShown) as shown:
        view.show_cable(7, cable)
        assert view.feeding and view.loading  # the rest comes over the next turns
    assert shown.args == [7] and not view.feeding and not view.loading
    doc = view.text.document()
    assert doc.blockCount() > 1000  # no block of ten million characters to lay out
    assert max(len(b) for b in view.text.toPlainText().split("\n")) <= LONG_LINE
    # the marking of the paragraph after the long line is painted where it is
    (a, b, level), = [s for s in view.marking_spans() if s[2] == "S"]
    assert view.text.toPlainText()[a:b] == "(S)"
    last = cable.paragraphs[1]
    view.mark_span(last.start, last.end)
    assert view.paragraph_at(view.text.textCursor().position()) == last


def test_the_other_copies_are_named_as_they_are_and_open_by_their_key(qtbot):
    """File names go in as plain text: markup is not read, '&' is no shortcut."""
    from reader.query.query import CableCopy

    cable = CABLES[2]
    shown = CableCopy(2, cable.source.path, cable.source.format, cable.source.row)
    odd = CableCopy(40, "R&D <b>notes</b>/a.html", "html")
    row = CableCopy(41, "csv/cables.csv", "csv", 7)
    view = _view(qtbot, copies=[odd, shown, row])
    assert view.copies.isVisible()
    heading = view.copies.findChild(QLabel)
    assert heading.text() == f"Read from {cable.source.path} (text). Also in this folder:"
    assert heading.textFormat() == Qt.TextFormat.PlainText
    assert [b.text() for b in view.copy_buttons] == [  # "&&" shows as "&"
        "R&&D <b>notes</b>/a.html (WikiLeaks page)", "csv/cables.csv row 7"
    ]  # fmt: skip
    with qtbot.waitSignal(view.cableRequested) as asked:
        qtbot.mouseClick(view.copy_buttons[1], Qt.MouseButton.LeftButton)
    assert asked.args == [41]
    # another cable, with no other copy: the line goes
    view.show_cable(3, CABLES[3], copies=[CableCopy(3, CABLES[3].source.path, "txt")])
    assert not view.copies.isVisible() and view.copy_buttons == []
