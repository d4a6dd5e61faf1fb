"""Every bundled sample cable, parsed by the real parser, is highlighted exactly as marked."""

from pathlib import Path

from invented import parsed_folder

from reader.ui.widgets.document_view import DocumentView

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
#: The bundled samples ship with the project: their absence fails the tests below.
CABLES = parsed_folder(SAMPLES)


def test_every_sample_cable_has_its_markings_painted(qtbot):
    view = DocumentView()
    qtbot.addWidget(view)
    checked = 0
    for key, cable in enumerate(CABLES):
        view.show_cable(key, cable)
        shown = view.text.toPlainText()
        marked = [p for p in cable.paragraphs if p.marking and p.marking_start is not None]
        painted = view.marking_spans()
        body = painted[len(painted) - len(marked) :] if marked else []
        assert [(shown[a:b], level) for a, b, level in body] == [
            (cable.text[p.marking_start : p.marking_end], p.marking.level) for p in marked
        ], cable.id
        checked += bool(marked)
    assert checked >= 30


def test_every_ref_entry_of_a_block_is_a_link(qtbot):
    cable = next(c for c in CABLES if c.id == "07STATE71840")  # REF: A. ... E. on five lines
    view = DocumentView()
    qtbot.addWidget(view)
    keys = {r.id: n for n, r in enumerate(cable.references)}
    view.show_cable(0, cable, ref_keys=keys)
    shown = view.text.toPlainText()
    rects = [view.link_rect(r.id) for r in cable.references]
    assert all(rects)
    texts = [shown[a:b] for a, b, _key, _id in view._links]
    assert texts == [r.text for r in cable.references]
