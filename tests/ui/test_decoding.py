"""Every code decoded where the analyst meets it: document tooltips, tree rows, facet labels.

On the bundled sample 07PRAGUE512 (resources/samples/2007) and, for codes no table holds,
on a cable written here; unknown codes must say "unknown code", never a guess.
"""

from pathlib import Path

from invented import parsed_folder
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from reader.parser.parse import parse_cable
from reader.query.query import FacetValue, Hit
from reader.ui.models.cable_tree import CableTreeModel, cable_children
from reader.ui.models.facets import FacetModel
from reader.ui.widgets.document_view import DocumentView

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
#: The bundled samples ship with the project: their absence fails these tests.
PRAGUE = next(c for c in parsed_folder(SAMPLES / "2007") if c.id == "07PRAGUE512")
#: A cable with codes no table holds (written for this test).
UNKNOWN = parse_cable(
    "VZCZCXRO0001\nRR RUEHQQQ\nDE RUEHQQQ #0001 0311200\nZNR UUUUU ZZH\n"
    "R 311200Z JAN 08\nFM AMEMBASSY NOWHERE\nTO RUEHC/SECSTATE WASHDC 0001\n"
    "BT\nUNCLAS NOWHERE 000001\n\nE.O. 12958: DECL: QZX 9\n"
    "TAGS: PREL QQQQ XQ\nSUBJECT: NOTHING\n\n1. (U) Nothing.\n\nSMITH\n"
)


def _view(qtbot, cable) -> DocumentView:  # noqa: ANN001
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(800, 900)
    view.show()
    view.show_cable(0, cable)
    return view


def _position(view: DocumentView, text: str, after: str = "") -> int:
    """The document position of ``text`` (first found after ``after``)."""
    shown = view.text.toPlainText()
    return shown.index(text, shown.index(after) if after else 0)


def _hover(qtbot, view: DocumentView, position: int) -> str:  # noqa: ANN001
    """Send the help event a resting mouse sends over ``position``; the tooltip shown."""
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(position)
    view.text.setTextCursor(cursor)
    view.text.ensureCursorVisible()
    left = view.text.cursorRect(cursor)
    point = QPoint(left.left() + 2, left.center().y())
    viewport = view.text.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    return QToolTip.text()


def test_hovering_a_code_shows_what_it_means(qtbot):
    view = _view(qtbot, PRAGUE)
    assert _hover(qtbot, view, _position(view, "RUEHPG")) == (
        "RUEHPG: AMEMBASSY PRAGUE (Czech Republic, Europe)")
    assert _hover(qtbot, view, _position(view, "RUEHAK")).startswith("RUEHAK: AMEMBASSY ANKARA")
    assert _hover(qtbot, view, _position(view, "EZ", "TAGS")) == "EZ: Czech Republic"
    assert _hover(qtbot, view, _position(view, "PARM")).startswith("PARM: Political Affairs")
    assert _hover(qtbot, view, _position(view, "OO")).startswith("OO: IMMEDIATE (all addressees)")
    assert _hover(qtbot, view, _position(view, "PRIORITY")).startswith(
        "PRIORITY: to be handled before ROUTINE traffic")
    assert _hover(qtbot, view, _position(view, "CCCCC")).startswith("CCCCC: CONFIDENTIAL")
    assert _hover(qtbot, view, _position(view, "SIPDIS")).startswith(
        "SIPDIS: SIPRNet distribution")
    assert _hover(qtbot, view, _position(view, "05/09/2017")) == (
        "Declassify: declassification date passed on 9 May 2017")
    reasons = _hover(qtbot, view, _position(view, "1.4 (b)")).splitlines()
    assert reasons[0].startswith("1.4(b): foreign government information")
    assert reasons[1].startswith("1.4(d): foreign relations")
    assert _hover(qtbot, view, _position(view, "(C) Summary")) == "(C) CONFIDENTIAL"
    # a REF link says where it goes, with the code's meaning left to the REF list
    assert view.tooltip_at(_position(view, "STATE 58211")) == "07STATE58211 is not in this folder"


def test_unknown_codes_say_so_on_hover(qtbot):
    view = _view(qtbot, UNKNOWN)
    assert _hover(qtbot, view, _position(view, "RUEHQQQ")) == "RUEHQQQ: unknown code"
    assert _hover(qtbot, view, _position(view, "QQQQ")) == "QQQQ: unknown code"
    assert _hover(qtbot, view, _position(view, "QZX")) == "Declassify: QZX 9: unknown code"
    # plain words have no tooltip
    assert view.tooltip_at(_position(view, "Nothing.")) is None


def _expanded(cable) -> tuple[CableTreeModel, dict[str, QModelIndex]]:  # noqa: ANN001
    model = CableTreeModel()
    model.set_source(lambda keys: [Hit(k, cable.id, cable.dtg, "", cable.classification,
                                       cable.banner.level, cable.subject) for k in keys],
                     lambda key: model.set_children(key, cable_children(cable)))
    model.set_keys([0])
    row = model.index(0, 0)
    model.fetchMore(row)
    return model, {str(model.index(r, 0, row).data()).split(":")[0]: model.index(r, 0, row)
                   for r in range(model.rowCount(row))}


def _labels(model: CableTreeModel, parent: QModelIndex) -> list[tuple[str, str]]:
    return [(model.index(r, 0, parent).data(),
             model.index(r, 0, parent).data(Qt.ItemDataRole.ToolTipRole))
            for r in range(model.rowCount(parent))]


def test_tree_metadata_children_decode_in_text_and_tooltip(qtmodeltester):
    model, fields = _expanded(PRAGUE)
    qtmodeltester.check(model, force_py=True)
    assert fields["DE"].data() == "DE: RUEHPG #0512/01  day 129 1430Z — AMEMBASSY PRAGUE"
    assert "day 129 of 2007: 9 May 2007" in fields["DE"].data(Qt.ItemDataRole.ToolTipRole)
    assert fields["Security"].data() == "Security: ZNY CCCCC ZZH — CONFIDENTIAL"
    assert fields["Precedence"].data() == (
        "Precedence: OO  IMMEDIATE — to be handled at once, ahead of PRIORITY and ROUTINE traffic")
    assert fields["Declassify"].data() == (
        "Declassify: E.O. 12958  DECL: 2017-05-09 — declassification date passed on 9 May 2017")
    routing = _labels(model, fields["Routing"])
    assert routing[0] == ("RUEHDBU — AMEMBASSY DUSHANBE",
                          "RUEHDBU: AMEMBASSY DUSHANBE (Tajikistan, Asia)")
    tags = _labels(model, next(v for k, v in fields.items() if k.startswith("Tags")))
    assert tags[-1] == ("EZ — Czech Republic", "EZ: Czech Republic")
    assert _labels(model, fields["Handling"])[0][0] == "SIPDIS — SIPRNet distribution"
    info = _labels(model, next(v for k, v in fields.items() if k.startswith("Info")))
    assert info[0][1] == ("RUEHAK: AMEMBASSY ANKARA (Turkey, Asia)\nPRIORITY: to be handled "
                          "before ROUTINE traffic (precedence letter P)")
    reasons = [label for label, _ in _labels(model, fields["Classified by"])
               if label.startswith("Reason")]
    assert reasons == ["Reason: 1.4(b) — foreign government information",
                       "Reason: 1.4(d) — foreign relations or foreign activities of the United "
                       "States, including confidential sources"]


def test_tree_says_unknown_code_for_codes_no_table_holds():
    model, fields = _expanded(UNKNOWN)
    tags = _labels(model, next(v for k, v in fields.items() if k.startswith("Tags")))
    assert tags[1] == ("QQQQ — unknown code", "QQQQ: unknown code")
    assert tags[2] == ("XQ — unknown code", "XQ: unknown code (shaped like a country code)")
    assert fields["DE"].data().endswith("— unknown code")
    assert fields["Declassify"].data().endswith("— unknown code")


def test_facet_labels_carry_the_meaning_and_unknown_codes_say_so(qtmodeltester):
    model = FacetModel()
    model.set_facets({
        "tag": [FacetValue("PREL", 9), FacetValue("QQQQ", 2)],
        "origin": [FacetValue("Embassy Prague", 4), FacetValue("Nowhere", 1)],
        "handling": [FacetValue("NOFORN", 3)],
        "precedence": [FacetValue("IMMEDIATE", 5)],
        "check": [FacetValue("above-banner", 1)],
    })
    qtmodeltester.check(model, force_py=True)

    def group(facet: str) -> dict[str, tuple[str, str]]:
        g = next(model.index(r, 0) for r in range(model.rowCount())
                 if model.index(r, 0).data() == facet)
        return {model.index(r, 0, g).data(): model.index(r, 0, g).data(
            Qt.ItemDataRole.ToolTipRole).splitlines()[0] for r in range(model.rowCount(g))}

    assert group("TAGS") == {
        "PREL — Political Affairs--External Political Relations":
            "PREL: Political Affairs--External Political Relations",
        "QQQQ — unknown code": "QQQQ: unknown code",
    }
    assert group("Origin") == {
        "Embassy Prague — RUEHPG, Czech Republic":
            "Embassy Prague: AMEMBASSY PRAGUE, routing indicator RUEHPG (Czech Republic, Europe)",
        "Nowhere": "Nowhere",
    }
    assert group("Handling") == {
        "NOFORN — not releasable to foreign nationals":
            "NOFORN: not releasable to foreign nationals"}
    assert list(group("Precedence")) == [
        "IMMEDIATE — to be handled at once, ahead of PRIORITY and ROUTINE traffic"]
    assert group("Checks") == {"Marked above the banner":
                               "Marked above the banner (error, above-banner)"}
