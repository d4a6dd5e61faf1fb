"""reader/ui/models/thread.py: a cable's reference thread as a tree model, built from a
handmade thread (tests/ui/test_thread_view.py shows the samples' chain in the window).

Around ROOT: it cites A (in the folder, a year-only date), which cites MISSING (not in the
folder) and ROOT again (a cycle); it is cited by B and C, and C also cites B (B repeated)."""

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt

from reader.index.threads import CableThread
from reader.query.query import Hit
from reader.review.graph import Thread, ThreadNode
from reader.ui.models.cable_tree import NodeKind, Role
from reader.ui.models.thread import ThreadColumn, ThreadModel, branch_label


def _hit(key: int, cable_id: str, date: datetime | None, precision: str | None = "day") -> Hit:
    return Hit(
        key=key,
        id=cable_id,
        date=date,
        origin=f"Embassy {cable_id[-1]}",
        classification="SECRET//NOFORN" if key == 1 else "UNCLASSIFIED",
        level="S" if key == 1 else "U",
        subject=f"subject of {cable_id}",
        date_precision=precision,
    )


UP = ThreadNode(
    "09ROOT1",
    (
        ThreadNode(
            "08A1",
            (ThreadNode("01MISSING1", in_folder=False), ThreadNode("09ROOT1", cycle=True)),
        ),
    ),
)
DOWN = ThreadNode(
    "09ROOT1",
    (ThreadNode("10C1", (ThreadNode("10B1", repeated=True),)), ThreadNode("10B1")),
)
HITS = {
    "09ROOT1": _hit(0, "09ROOT1", datetime(2009, 3, 4)),
    "08A1": _hit(1, "08A1", datetime(2008, 1, 1), "year"),
    "10B1": _hit(2, "10B1", datetime(2010, 5, 6)),
    "10C1": _hit(3, "10C1", None, None),
}
THREAD = CableThread("09ROOT1", Thread("09ROOT1", UP, DOWN), HITS)


def _model() -> ThreadModel:
    model = ThreadModel()
    model.set_thread(THREAD)
    return model


def _rows(model: ThreadModel, parent: QModelIndex, column: int = 0) -> list[str]:
    return [model.index(r, column, parent).data() for r in range(model.rowCount(parent))]


def test_the_thread_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    qtmodeltester.check(_model(), force_py=True)


def test_two_branches_with_their_counts_and_the_cables_under_them() -> None:
    model = _model()
    assert _rows(model, QModelIndex()) == [
        "Cites (1 directly, 2 in all)",  # A and MISSING: the root met again is not counted
        "Cited by (2 directly)",  # C and B: B again under C is the same cable
    ]
    cites, cited_by = model.index(0, 0), model.index(1, 0)
    assert _rows(model, cites) == ["08A1"]
    a = model.index(0, 0, cites)
    assert _rows(model, a) == ["01MISSING1", "09ROOT1  ⟲ cycle"]
    assert _rows(model, cited_by) == ["10C1", "10B1"]
    assert _rows(model, model.index(0, 0, cited_by)) == ["10B1  · repeated"]
    assert model.data(cites, Role.KIND) == NodeKind.FIELD
    assert model.data(cites, Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole) is None


def test_a_cable_row_shows_its_hit() -> None:
    model = _model()
    b = model.index(1, 0, model.index(1, 0))
    cells = [b.siblingAtColumn(c).data() for c in ThreadColumn]
    assert cells == ["10B1", "2010-05-06", "UNCLASSIFIED", "Embassy 1", "subject of 10B1"]
    assert model.key_of(b) == 2 and b.data(Role.KEY) == 2 and b.data(Role.HIT) is HITS["10B1"]
    assert b.data(Role.KIND) == NodeKind.CABLE
    assert b.data(Qt.ItemDataRole.ForegroundRole) is None  # in the folder, not greyed
    assert b.data(Qt.ItemDataRole.FontRole) is None
    assert b.data(Qt.ItemDataRole.ToolTipRole) == (
        "10B1 — subject of 10B1, 06 May 2010\nEnter opens it."
    )
    # the classification column carries the chip the delegate paints
    a = model.index(0, 0, model.index(0, 0)).siblingAtColumn(ThreadColumn.CLASSIFICATION)
    assert a.data(Role.CHIP) == "SECRET//NOFORN" and a.data(Role.LEVEL) == "S"
    assert b.data(Role.CHIP) is None  # only in its column


def test_a_year_only_date_shows_the_year_and_no_date_shows_nothing() -> None:
    model = _model()
    a = model.index(0, 0, model.index(0, 0))
    assert a.siblingAtColumn(ThreadColumn.DATE).data() == "2008"
    c = model.index(0, 0, model.index(1, 0))
    assert c.siblingAtColumn(ThreadColumn.DATE).data() == ""
    assert c.data(Qt.ItemDataRole.ToolTipRole) == "10C1 — subject of 10C1\nEnter opens it."


def test_a_cable_the_folder_lacks_is_greyed_italic_and_says_so() -> None:
    model = _model()
    missing = model.index(0, 0, model.index(0, 0, model.index(0, 0)))
    assert missing.data() == "01MISSING1"
    assert [missing.siblingAtColumn(c).data() for c in ThreadColumn][1:] == [
        "",
        "",
        "not in this folder",
        "",
    ]
    assert model.key_of(missing) is None and missing.data(Role.KEY) is None
    assert missing.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert missing.data(Qt.ItemDataRole.FontRole).italic()
    assert missing.data(Qt.ItemDataRole.ToolTipRole) == "01MISSING1 is not in this folder"
    assert missing.siblingAtColumn(ThreadColumn.CLASSIFICATION).data(Role.CHIP) is None


def test_cycles_and_repeats_are_italic_and_explained() -> None:
    model = _model()
    cycle = model.index(1, 0, model.index(0, 0, model.index(0, 0)))
    assert cycle.data(Qt.ItemDataRole.FontRole).italic()
    assert "a cycle" in cycle.data(Qt.ItemDataRole.ToolTipRole)
    repeated = model.index(0, 0, model.index(0, 0, model.index(1, 0)))
    assert repeated.data(Qt.ItemDataRole.FontRole).italic()
    assert repeated.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed: shown above
    assert "Repeated:" in repeated.data(Qt.ItemDataRole.ToolTipRole)


def test_no_thread_empties_the_model() -> None:
    model = _model()
    stale = model.index(0, 0)
    model.set_thread(None)
    assert model.rowCount() == 0 and model.thread is None
    assert model.row_of(stale) is None and stale.data() is None
    assert model.row_of(QModelIndex()) is None and model.key_of(QModelIndex()) is None


def test_branch_labels_count_distinct_cables() -> None:
    assert branch_label("Cites", ThreadNode("R")) == "Cites (0 directly)"
    assert branch_label("Cites", UP) == "Cites (1 directly, 2 in all)"
    # the same cable twice next to the root counts once, in both counts
    twice = ThreadNode("R", (ThreadNode("X"), ThreadNode("X", repeated=True)))
    assert branch_label("Cited by", twice) == "Cited by (1 directly)"
