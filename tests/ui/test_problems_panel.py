"""reader/ui/widgets/problems_panel.py: a click or Enter on a row emits that row."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from reader.query.query import FacetValue, FileProblem
from reader.ui.models.problems import ProblemRow
from reader.ui.widgets import problems_panel
from reader.ui.widgets.problems_panel import ProblemsPanel


def _panel(qtbot) -> ProblemsPanel:  # noqa: ANN001
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.problems.set_file_problems([FileProblem("x/broken.txt", "empty file")])
    panel.problems.set_parser_problems([FacetValue("no-banner", 3)])
    panel.resize(900, 300)
    panel.show()
    return panel


def test_clicking_a_row_emits_it(qtbot) -> None:  # noqa: ANN001
    panel = _panel(qtbot)
    cell = panel.visualRect(panel.problems.index(1, 2)).center()
    with qtbot.waitSignal(panel.problemActivated, timeout=1000) as got:
        qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    row = got.args[0]
    assert isinstance(row, ProblemRow) and row.kind == "parser" and row.subject == "no-banner"


def test_enter_on_the_current_row_emits_it(qtbot) -> None:  # noqa: ANN001
    panel = _panel(qtbot)
    panel.setFocus()
    panel.setCurrentIndex(panel.problems.index(0, 0))
    with qtbot.waitSignal(panel.problemActivated, timeout=1000) as got:
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert got.args[0].subject == "x/broken.txt"


def test_an_invalid_index_emits_nothing(qtbot) -> None:  # noqa: ANN001
    panel = _panel(qtbot)
    with qtbot.assertNotEmitted(panel.problemActivated):
        panel.clicked.emit(QModelIndex())


def test_rows_are_read_only_and_selected_whole(qtbot) -> None:  # noqa: ANN001
    panel = _panel(qtbot)
    assert panel.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert panel.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    panel.setCurrentIndex(panel.problems.index(1, 0))
    selected = panel.selectionModel().selectedIndexes()
    assert {i.row() for i in selected} == {1} and len(selected) == 4
    assert panel.verticalHeader().isHidden()


def test_the_file_column_takes_a_share_of_a_narrow_panel_until_the_analyst_sets_it(
    qtbot,  # noqa: ANN001
) -> None:
    """A fixed 380 px file column left a 500 px panel no room for the reason."""
    from reader.ui.widgets.problems_panel import FILE_MAX, FILE_SHARE

    panel = _panel(qtbot)
    header = panel.horizontalHeader()
    panel.resize(1400, 300)
    qtbot.waitUntil(lambda: header.sectionSize(1) == FILE_MAX)  # wide: as before
    panel.resize(500, 300)
    qtbot.waitUntil(lambda: header.sectionSize(1) < FILE_MAX)
    assert header.sectionSize(1) == int(panel.viewport().width() * FILE_SHARE)
    assert header.sectionSize(2) > 100  # the reason shows
    header.resizeSection(1, 222)  # as a drag of the column's edge does
    panel.resize(700, 300)
    qtbot.waitUntil(lambda: panel.viewport().width() > 600)
    assert header.sectionSize(1) == 222


def test_the_empty_panel_shows_its_text(qtbot) -> None:  # noqa: ANN001
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 200)
    panel.show()
    panel.set_empty_text("")
    blank = panel.viewport().grab().toImage()
    panel.set_empty_text(problems_panel.NONE)
    said = panel.viewport().grab().toImage()
    assert said != blank
    panel.problems.set_file_problems([FileProblem("x/broken.txt", "empty file")])
    with_row = panel.viewport().grab().toImage()
    panel.set_empty_text("")
    assert panel.viewport().grab().toImage() == with_row  # a row: the text is not drawn
