"""reader/ui/widgets/chip_delegate.py: chips painted in their level's colour, shortened in a
narrow column (tests/ui/test_newcomer_window.py checks that chips are whole with room)."""

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTreeView

from reader.ui.levels import level_colour
from reader.ui.models.cable_tree import NodeKind, Role
from reader.ui.widgets.chip_delegate import ChipDelegate, chip_font, chip_width, paint_chip


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def _painted(text: str, level: str | None, width: int = 200, colour: QColor | None = None):
    image = QImage(width, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = chip_font(QFont())
    drawn = paint_chip(painter, QRectF(0, 0, width, 30), text, level, font, colour)
    painter.end()
    return image, drawn


def test_the_chip_font_is_bold_and_smaller(qapp) -> None:  # noqa: ANN001
    base = QFont()
    base.setPointSizeF(10)
    font = chip_font(base)
    assert font.bold() and not base.bold()
    assert abs(font.pointSizeF() - 8.6) < 0.01
    assert chip_font(base) == font  # made once per font: the same each time
    assert chip_width("SECRET", font) > chip_width("S", font) > 0


def test_a_chip_is_drawn_in_its_levels_colour_and_its_width_returned(qapp) -> None:  # noqa: ANN001
    font = chip_font(QFont())
    image, drawn = _painted("SECRET", "S")
    assert drawn == chip_width("SECRET", font)
    # inside its rounded left end, before the text: the level's colour
    assert _rgb(image.pixelColor(3, 15)) == _rgb(level_colour("S"))
    assert _rgb(image.pixelColor(3, 1)) == (255, 255, 255)  # above it: the rect is taller
    assert _rgb(image.pixelColor(int(drawn) + 4, 15)) == (255, 255, 255)  # nothing after it


def test_a_chip_without_a_level_is_grey_and_a_given_colour_wins(qapp) -> None:  # noqa: ANN001
    image, _ = _painted("LABEL", None)
    assert _rgb(image.pixelColor(3, 15)) == (0x9E, 0x9E, 0x9E)
    image, _ = _painted("LABEL", "S", colour=QColor("#00ff00"))
    assert _rgb(image.pixelColor(3, 15)) == (0, 255, 0)


def test_a_chip_never_overflows_its_rect(qapp) -> None:  # noqa: ANN001
    image, drawn = _painted("TOP SECRET//NOFORN", "TS", width=40)
    assert drawn == 40
    image = QImage(50, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = chip_font(QFont())
    assert paint_chip(painter, QRectF(0, 0, 0, 30), "SECRET", "S", font) == 0  # no room
    assert paint_chip(painter, QRectF(0, 0, 50, 2), "SECRET", "S", font) > 0  # too low
    painter.end()
    assert {_rgb(image.pixelColor(x, y)) for x in range(50) for y in range(30)} == {(255, 255, 255)}


def _tree(qtbot, width: int):  # noqa: ANN001
    model = QStandardItemModel()
    cable = QStandardItem("ignored")
    cable.setData("SECRET//NOFORN", Role.CHIP)
    cable.setData("S", Role.LEVEL)
    cable.setData(int(NodeKind.CABLE), Role.KIND)
    plain = QStandardItem("no chip here")
    model.appendRow([cable])
    model.appendRow([plain])
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ChipDelegate(view)
    view.setItemDelegate(delegate)
    view.setColumnWidth(0, width)
    view.resize(width + 40, 120)
    view.show()
    qtbot.waitExposed(view)
    return view, model, delegate


def _count(image: QImage, rect, colour: QColor) -> int:  # noqa: ANN001
    want = _rgb(colour)
    return sum(
        _rgb(image.pixelColor(x, y)) == want
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
    )


def test_the_delegate_paints_a_chip_for_rows_that_have_one(qtbot) -> None:  # noqa: ANN001
    view, model, _ = _tree(qtbot, 300)
    image = view.viewport().grab().toImage()
    chip_row = view.visualRect(model.index(0, 0))
    plain_row = view.visualRect(model.index(1, 0))
    red = level_colour("S")
    assert _count(image, chip_row, red) > 50
    assert _count(image, plain_row, red) == 0


def test_a_narrow_column_shows_the_short_label(qtbot) -> None:  # noqa: ANN001
    wide_view, wide_model, _ = _tree(qtbot, 300)
    narrow_view, narrow_model, _ = _tree(qtbot, 60)
    red = level_colour("S")
    wide = _count(
        wide_view.viewport().grab().toImage(), wide_view.visualRect(wide_model.index(0, 0)), red
    )
    narrow = _count(
        narrow_view.viewport().grab().toImage(),
        narrow_view.visualRect(narrow_model.index(0, 0)),
        red,
    )
    # S//NF is a much shorter chip than SECRET//NOFORN
    font = chip_font(narrow_view.font())
    assert chip_width("S//NF", font) < 60 - 4 < chip_width("SECRET//NOFORN", font)
    assert 0 < narrow < wide * 0.7


def test_rows_are_made_wider_and_tall_enough_for_a_chip(qtbot) -> None:  # noqa: ANN001
    view, model, delegate = _tree(qtbot, 300)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    index = model.index(1, 0)
    plain = super(ChipDelegate, delegate).sizeHint(option, index)
    size = delegate.sizeHint(option, index)
    assert size.width() == plain.width() + 60
    assert size.height() >= view.fontMetrics().height() + 8
