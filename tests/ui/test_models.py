"""The item models: Qt's model contract (qtmodeltester), lazy rows and children on expand."""

from invented import sample_cables
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate

from reader.query.query import FacetValue, FileProblem, Hit
from reader.ui.models.cable_tree import (
    CableTreeModel,
    Column,
    NodeKind,
    Role,
    cable_children,
)
from reader.ui.models.facets import SHOWN_FACETS, FacetModel, FacetRole, FacetState
from reader.ui.models.problems import ProblemsModel
from reader.ui.widgets.cable_tree_view import CHIP_COLUMNS, CableTree
from reader.ui.widgets.chip_delegate import ChipDelegate

CABLES = sample_cables()


def _hits(keys: list[int]) -> list[Hit]:
    return [
        Hit(
            key=k,
            id=CABLES[k].id,
            date=CABLES[k].dtg,
            origin="Prague",
            classification=CABLES[k].classification,
            level=CABLES[k].banner.level,
            subject=CABLES[k].subject,
        )
        for k in keys
    ]


def _tree(page: int = 4, *, answer: bool = True) -> tuple[CableTreeModel, list[int]]:
    """A tree of CABLES; asked for children, it answers at once (the window answers from
    the look-up thread), unless ``answer`` is False: the test answers then."""
    model = CableTreeModel()
    model.PAGE = page
    calls: list[int] = []

    def ask(key: int) -> None:
        calls.append(key)
        if answer:
            model.set_children(key, cable_children(CABLES[key]))

    model.set_source(_hits, ask)
    model.set_keys(list(range(len(CABLES))))
    return model, calls


def test_cable_tree_passes_model_tester(qtmodeltester):
    model, _ = _tree()
    model.fetch_all()
    for row in (0, 2):
        model.fetchMore(model.index(row, 0))
    qtmodeltester.check(model, force_py=True)


def test_top_rows_are_fetched_a_page_at_a_time():
    model, _ = _tree(page=4)
    root = QModelIndex()
    assert model.rowCount() == 4 and model.more_rows()
    model.fetch_more_rows()
    assert model.rowCount() == 8
    # a view's relayouts never fetch rows (the tree fetches as it scrolls)
    assert not model.canFetchMore(root)
    model.fetch_all()
    assert model.rowCount() == len(CABLES) and not model.more_rows()
    assert model.index(1, Column.ID).data() == "07PRAGUE497"
    assert model.index(2, Column.CLASSIFICATION).data(Role.LEVEL) == "S"


def test_children_are_built_on_expand_from_the_parsed_record():
    model, calls = _tree()
    cable_row = model.index(1, 0)
    assert model.hasChildren(cable_row) and model.rowCount(cable_row) == 0 and calls == []
    assert model.canFetchMore(cable_row)
    model.fetchMore(cable_row)
    assert calls == [1]
    labels = [model.index(r, 0, cable_row).data() for r in range(model.rowCount(cable_row))]
    cable = CABLES[1]
    assert "Transmission ID: VZCZCXRO7705" in labels
    assert "From: AMEMBASSY PRAGUE" in labels
    paragraphs = [
        model.index(r, 0, cable_row)
        for r in range(model.rowCount(cable_row))
        if model.index(r, 0, cable_row).data(Role.KIND) == NodeKind.PARAGRAPH
    ]
    assert [p.data(Role.SPAN) for p in paragraphs] == [(p.start, p.end) for p in cable.paragraphs]
    assert [p.data(Role.CHIP) for p in paragraphs] == [p.marking.text for p in cable.paragraphs]
    tags = next(
        model.index(r, 0, cable_row) for r, text in enumerate(labels) if text.startswith("Tags")
    )
    shown = [model.index(r, 0, tags).data() for r in range(model.rowCount(tags))]
    assert [t.split(" — ")[0] for t in shown] == list(cable.tags)
    assert shown[0] == "PREL — Political Affairs--External Political Relations"
    assert model.parent(model.index(0, 0, tags)) == tags


def test_new_cables_are_inserted_without_losing_expanded_rows():
    model, _ = _tree(page=50)
    model.set_keys([0, 2, 4])
    model.fetchMore(model.index(1, 0))  # expand key 2
    inserted = []
    model.rowsInserted.connect(lambda parent, a, b: inserted.append((parent.isValid(), a, b)))
    model.modelReset.connect(lambda: inserted.append("reset"))
    model.set_keys([0, 1, 2, 3, 4])
    assert inserted == [(False, 1, 1), (False, 3, 3)]
    assert [model.index(r, 0).data(Role.KEY) for r in range(5)] == [0, 1, 2, 3, 4]
    assert model.rowCount(model.index(2, 0)) > 0  # key 2 is still expanded
    inserted.clear()
    model.set_keys([4, 3])  # a different answer: reset, then the first page again
    assert inserted == ["reset", (False, 0, 1)]


def test_rows_below_cables_put_in_know_their_place():
    """Cables put in among the rows (a load's answers) move the rows below them down: each
    row's place, numbered again once per answer, is right at every signal and after."""
    model, asked = _tree(page=len(CABLES), answer=False)
    assert len(CABLES) == 10
    keys = list(range(0, len(CABLES), 2))  # every other cable first
    model.set_keys(keys)
    last = model.index(len(keys) - 1, 0)
    model.fetchMore(last)  # the last row expanded: its children ask for their parent
    model.set_children(asked[-1], cable_children(CABLES[asked[-1]]))
    assert model.rowCount(last) > 1
    seen: list[int] = []

    def inserted(parent: QModelIndex, first: int, _last: int) -> None:
        if parent.isValid():
            return
        top = [model.index(r, 0).data(Role.KEY) for r in range(model.rowCount())]
        row = top.index(keys[-1])  # the cable expanded
        child = model.index(0, 0, model.index(row, 0))
        seen.append(model.parent(child).row())
        assert model.parent(child) == model.index(row, 0)

    model.rowsInserted.connect(inserted)
    model.set_keys(list(range(len(CABLES))))  # the others come in between
    assert seen == [5, 6, 7, 8, 8]  # one row further down for each cable put in above it
    top = [model.index(r, 0) for r in range(model.rowCount())]
    assert [i.data(Role.KEY) for i in top] == list(range(len(CABLES)))
    assert all(model.parent(model.index(0, 0, i)) == i for i in top if model.rowCount(i))


def test_sorting_by_header_asks_for_a_new_order(qtbot):
    model, _ = _tree()
    with qtbot.waitSignal(model.sortRequested) as blocker:
        model.sort(Column.ORIGIN, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["origin", True]


def _facets() -> FacetModel:
    model = FacetModel(describe=lambda f, v: "Political Affairs" if v == "PREL" else None)
    model.set_facets(
        {
            "classification": [FacetValue("SECRET", 3), FacetValue("CONFIDENTIAL", 2)],
            "tag": [FacetValue("PREL", 5), FacetValue("MARR", 2)],
            "year": [FacetValue("2008", 1), FacetValue("2007", 4)],
        }
    )
    return model


def test_facet_model_passes_model_tester(qtmodeltester):
    model = _facets()
    model.set_state("tag", "PREL", FacetState.EXCLUDE)
    qtmodeltester.check(model, force_py=True)
    model.set_facets({"tag": [FacetValue("ECON", 1)]})
    qtmodeltester.check(model, force_py=True)


def test_facet_values_cycle_include_exclude_clear(qtbot):
    model = _facets()
    tags = model.index(SHOWN_FACETS.index("tag"), 0)
    assert tags.data(FacetRole.FACET) == "tag"
    prel = model.index(0, 0, tags)
    assert prel.data() == "PREL — Political Affairs"
    with qtbot.waitSignal(model.selectionChanged):
        model.cycle(prel)
    assert model.include == {("tag", "PREL")} and prel.data(Qt.ItemDataRole.FontRole).bold()
    model.cycle(prel)
    assert model.exclude == {("tag", "PREL")} and not model.include
    assert prel.data(Qt.ItemDataRole.FontRole).strikeOut()
    model.cycle(prel)
    assert not model.include and not model.exclude


def test_chosen_value_stays_listed_first_when_its_count_drops_to_zero():
    model = _facets()
    model.set_state("tag", "MARR", FacetState.EXCLUDE)
    model.set_facets({"tag": [FacetValue("PREL", 5)]})
    assert [(v.value, v.count) for v in model.values("tag")] == [("MARR", 0), ("PREL", 5)]
    assert [v.value for v in model.values("year")] == []


def test_years_are_listed_in_order():
    assert [v.value for v in _facets().values("year")] == ["2007", "2008"]


def test_problems_model_passes_model_tester(qtmodeltester):
    model = ProblemsModel()
    model.set_file_problems([FileProblem("/x/bad.html", "not UTF-8, Latin-1 or cp1252")])
    model.set_parser_problems([FacetValue("unmarked-paragraph", 4)])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    assert model.index(1, 2).data() == "Unmarked paragraph."


def test_finding_a_far_row_fetches_up_to_it_in_one_query():
    model = CableTreeModel()
    model.PAGE = 2
    queries: list[list[int]] = []
    model.set_source(lambda keys: queries.append(list(keys)) or _hits(keys), lambda key: None)
    model.set_keys(list(range(len(CABLES))))
    assert model.row_of_key(7, within=5) is None and model.rowCount() == 2
    assert model.row_of_key(7) == 7
    assert model.rowCount() == 8 and queries == [[0, 1], [2, 3, 4, 5, 6, 7]]
    assert model.row_of_key(99) is None


def test_stale_indexes_read_as_empty_not_as_a_crash():
    # An exception inside data() of a PySide model aborts the process (segfault), so an
    # index kept from before the counts changed must simply read as None.
    model = _facets()
    tags = model.index(SHOWN_FACETS.index("tag"), 0)
    marr = model.index(1, 0, tags)
    model.set_facets({"tag": [FacetValue("ECON", 1)]})
    assert marr.data(FacetRole.VALUE) is None
    tree, _ = _tree()
    stale = tree.index(3, 0)
    tree.set_keys([])
    assert stale.data(Role.KEY) is None


def test_long_facets_list_their_first_values_chosen_ones_first_then_show_all():
    model = FacetModel()
    model.FIRST_VALUES = 3
    model.set_state("tag", "RARE", FacetState.INCLUDE)
    model.set_facets(
        {
            "tag": [FacetValue(f"T{i}", 100 - i) for i in range(10)] + [FacetValue("RARE", 1)],
            "year": [FacetValue(str(y), 1) for y in range(1966, 2011)],
        }
    )
    assert [v.value for v in model.values("tag")] == ["RARE", "T0", "T1"]
    assert len(model.values("year")) == 45  # years are never cut
    tags = model.index(SHOWN_FACETS.index("tag"), 0)
    more = model.index(3, 0, tags)
    assert model.rowCount(tags) == 4 and more.data(FacetRole.MORE)
    assert more.data() == "Show all 11…" and "8 values after these" in more.data(
        Qt.ItemDataRole.ToolTipRole
    )
    model.cycle(more)
    assert len(model.values("tag")) == 11 and model.index(11, 0, tags).data() == "Show fewer"
    model.cycle(model.index(11, 0, tags))
    assert [v.value for v in model.values("tag")] == ["RARE", "T0", "T1"]


def test_expanding_shows_loading_until_the_children_come(qtmodeltester):
    model, calls = _tree(answer=False)
    cable_row = model.index(1, 0)
    model.fetchMore(cable_row)
    assert calls == [1] and model.waiting(1) and not model.canFetchMore(cable_row)
    assert model.rowCount(cable_row) == 1
    loading = model.index(0, 0, cable_row)
    assert loading.data() == "Loading…" and loading.data(Role.KIND) == NodeKind.PLACEHOLDER
    assert loading.data(Role.KEY) == 1 and model.parent(loading) == cable_row
    # the tester stays connected and checks every change below (it expands every row too)
    qtmodeltester.check(model, force_py=True)
    events = []
    model.rowsInserted.connect(lambda parent, a, b: events.append(("in", parent.row(), a, b)))
    model.rowsRemoved.connect(lambda parent, a, b: events.append(("out", parent.row(), a, b)))
    specs = cable_children(CABLES[1])
    model.set_children(1, specs)
    # the children go in below "Loading…", then it goes: the row never has none
    assert events == [("in", 1, 1, len(specs)), ("out", 1, 0, 0)]
    assert not model.waiting(1) and model.rowCount(cable_row) == len(specs)
    assert [model.index(r, 0, cable_row).data() for r in range(len(specs))] == [
        s.label for s in specs
    ]
    tags = next(
        model.index(r, 0, cable_row)
        for r in range(len(specs))
        if str(model.index(r, 0, cable_row).data()).startswith("Tags")
    )
    assert model.parent(model.index(0, 0, tags)) == tags
    for key in range(len(CABLES)):  # the rows the tester expanded
        model.set_children(key, cable_children(CABLES[key]))
    assert not any(model.waiting(k) for k in range(len(CABLES)))


def test_children_answered_late_or_failed(qtmodeltester):
    model, calls = _tree(answer=False)
    model.fetchMore(model.index(0, 0))
    model.set_keys([3, 2, 1, 0])  # a new answer to the filter: the row is gone
    assert not model.waiting(0)
    model.set_children(0, cable_children(CABLES[0]))  # late: kept, not shown anywhere
    assert all(model.rowCount(model.index(r, 0)) == 0 for r in range(4))
    # expanding it now shows the kept children at once, without asking again
    row_of_0 = model.index(3, 0)
    model.fetchMore(row_of_0)
    assert calls == [0] and model.rowCount(row_of_0) == len(cable_children(CABLES[0]))
    # a cable that cannot be read says so in place of "Loading…"
    model.fetchMore(model.index(0, 0))
    qtmodeltester.check(model, force_py=True)
    model.children_failed(3, "Could not read this cable")
    failed = model.index(0, 0, model.index(0, 0))
    assert failed.data() == "Could not read this cable" and not model.waiting(3)


class _UntouchableIndex:
    """An index that fails the test if the model looks at it."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the model touched the index ({name}) for a role it never answers")


def test_roles_the_tree_never_answers_cost_no_index_calls():
    # a repaint asks ~8 roles of every cell, most of them (font, colours, alignment, check
    # state, size) never answered: they must not cost Python calls into Qt (GH issue 4)
    model, _ = _tree()
    for role in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
    ):
        assert model.data(_UntouchableIndex(), role) is None  # type: ignore[arg-type]


def test_only_the_chip_columns_paint_through_python(qtbot):
    # Qt's own delegate paints the other columns without a Python call per cell (issue 4);
    # every cell that has a chip still gets the ChipDelegate
    model, _ = _tree()
    tree = CableTree(model)
    qtbot.addWidget(tree)
    model.fetch_all()
    cable = model.index(0, 0)
    tree.expand(cable)
    cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
    cells += [model.index(r, 0, cable) for r in range(model.rowCount(cable))]
    assert any(cell.data(Role.CHIP) for cell in cells[model.columnCount() :])  # children too
    for cell in cells:
        delegate = tree.itemDelegateForIndex(cell)
        if cell.data(Role.CHIP):
            assert isinstance(delegate, ChipDelegate)
        if cell.column() not in CHIP_COLUMNS:
            assert type(delegate) is QStyledItemDelegate


def test_facet_model_passes_model_tester_through_holds_show_all_and_filters(qtmodeltester):
    model = FacetModel()
    model.FIRST_VALUES = 2
    counts = {
        "tag": [FacetValue(f"T{i}", 10 - i) for i in range(6)],
        "classification": [FacetValue("SECRET", 3), FacetValue("CONFIDENTIAL", 2)],
    }
    model.set_facets(counts)
    qtmodeltester.check(model, force_py=True)  # stays connected: checks each change below
    tags = model.index(SHOWN_FACETS.index("tag"), 0)
    model.cycle(model.index(1, 0, tags))  # T1 included, the group held
    model.set_facets({"tag": [FacetValue("T1", 9), FacetValue("T5", 1)]})
    assert [v.value for v in model.values("tag")] == ["T0", "T1"]  # in place, T0 at 0
    assert model.index(0, 1, tags).data() == "0"
    model.release()
    assert [v.value for v in model.values("tag")] == ["T1", "T5"]
    model.set_facets(counts)
    model.show_all("tag")
    assert len(model.values("tag")) == 6
    model.set_filter("t3")
    assert [v.value for v in model.values("tag")] == ["T1", "T3"]
    model.set_filter("")
    model.clear_selection()
    assert [v.value for v in model.values("tag")][:2] == ["T0", "T1"]


def test_a_published_id_that_differs_is_a_row_of_its_own():
    from dataclasses import replace

    cable = CABLES[1]
    assert not [s for s in cable_children(cable) if s.label.startswith("Published as")]
    moved = replace(cable, published_id="0707PRAGUE512")
    rows = [s.label for s in cable_children(moved)]
    assert "Published as: 0707PRAGUE512" in rows
    assert rows.index("Published as: 0707PRAGUE512") < rows.index("From: AMEMBASSY PRAGUE")


def test_a_cable_without_an_id_shows_its_file_in_the_id_column(tmp_path):
    """From a real index: the row of a cable with no ID names its file."""
    from reader.index.store import CorpusIndex
    from reader.query.query import Filter

    folder = tmp_path / "folder"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "jottings.txt").write_text("Some notes with no banner at all.\n")
    (folder / "07STATE1.txt").write_text("UNCLAS STATE 000001\n\nSUBJECT: A CABLE\n\n1. (U) X.\n")
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        model = CableTreeModel()
        model.set_source(index.hits, lambda key: None)
        model.set_keys(index.keys(Filter(sort="id")))
        model.fetch_all()
        shown = [model.index(r, Column.ID).data() for r in range(model.rowCount())]
    assert sorted(shown) == ["(no ID) notes/jottings.txt", "07STATE1"]
