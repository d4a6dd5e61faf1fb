"""reader/ui/models/problems.py: the problems panel's rows.

tests/ui/test_models.py and tests/ui/test_newcomer_window.py run the model tester and check
the reasons' sentences; these check the rest of what a row shows and when the model resets."""

import pytest
from PySide6.QtCore import QModelIndex, Qt

from reader.query.query import FacetValue, FileProblem
from reader.ui.models.problems import (
    PROBLEM_SENTENCES,
    ProblemRow,
    ProblemsModel,
    ProblemsRole,
    explain_problem,
)


def _model() -> ProblemsModel:
    model = ProblemsModel()
    model.set_parser_problems([FacetValue("no-dtg", 12345)])
    model.set_file_problems([FileProblem("a/bad.html", "not UTF-8")])
    return model


def test_files_come_first_then_parser_problems_with_counts() -> None:
    model = _model()
    cells = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert cells == [
        ["Unreadable file", "a/bad.html", "not UTF-8", ""],
        ["Parser problem", "no-dtg", PROBLEM_SENTENCES["no-dtg"], "12,345"],
    ]
    assert model.index(1, 0).data(ProblemsRole.ROW) == ProblemRow(
        "parser", "no-dtg", PROBLEM_SENTENCES["no-dtg"], 12345
    )
    assert model.rows[0] == ProblemRow("file", "a/bad.html", "not UTF-8", 0)


def test_tips_say_what_a_click_does_and_counts_align_right() -> None:
    model = _model()
    file_tip = model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert file_tip == "a/bad.html\nnot UTF-8\nClick to show this file's path and reason"
    parser_tip = model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert parser_tip.endswith("Click to show the cables with this problem")
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(1, 3).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.index(1, 2).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.index(1, 2).data(Qt.ItemDataRole.DecorationRole) is None


def test_headers_and_a_flat_table() -> None:
    model = _model()
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(s, horizontal) for s in range(4)] == list(ProblemsModel.HEADERS)
    assert model.headerData(4, horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    parent = model.index(0, 0)
    assert model.rowCount(parent) == 0 and model.columnCount(parent) == 0


def test_an_index_kept_from_before_a_clear_reads_as_nothing() -> None:
    model = _model()
    stale = model.index(1, 1)
    model.clear()
    assert model.rowCount() == 0 and model.rows == []
    assert stale.data() is None and model.data(QModelIndex()) is None


def test_the_same_parser_problems_again_do_not_reset_the_view(qtbot) -> None:  # noqa: ANN001
    # the counts come after each refresh step: a reset each time would lose the selection
    model = _model()
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_parser_problems([FacetValue("no-dtg", 12345)])
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.set_parser_problems([FacetValue("no-dtg", 12346)])
    assert model.index(1, 3).data() == "12,346"


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("csv-row", PROBLEM_SENTENCES["csv-row"]),
        ("bad_utf_bytes", "Bad UTF bytes."),
        ("fm-line--missing", "FM line missing."),
        ("TAGS-EMPTY", "TAGS empty."),
        ("x", "X."),
        ("", ""),
        ("--", "--"),  # no words: the code as it is
    ],
)
def test_codes_the_table_lacks_are_read_out_as_words(code: str, sentence: str) -> None:
    assert explain_problem(code) == sentence
