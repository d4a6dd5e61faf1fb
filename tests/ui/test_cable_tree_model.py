"""CableTreeModel (ui.models.cable_tree) on its own: the rows and the roles each answers, the
children of a cable by pages and kept to show again, paragraph notes, and the analyst's
annotations of the rows."""

from collections.abc import Callable

import pytest
from invented import sample_cables
from PySide6.QtCore import QModelIndex, Qt

from reader.annotate.annotations import RowState
from reader.query.query import Hit
from reader.review.checks import check_by_code, check_cable
from reader.ui.models.cable_tree import (
    CableTreeModel,
    Column,
    NodeKind,
    Role,
    cable_children,
)

CABLES = sample_cables()
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
DECORATION = Qt.ItemDataRole.DecorationRole
#: 08ANKARA1001: three marked paragraphs, two references (one not in the folder)
ANKARA = 2


@pytest.fixture(autouse=True)
def _application(qapp):  # noqa: ANN001 - icons (a cell's decoration) need the application
    return qapp


def _hit(key: int) -> Hit:
    c = CABLES[key]
    return Hit(
        key=key,
        id=c.id,
        date=c.dtg,
        origin=c.from_.name,
        classification=c.classification,
        level=c.banner.level,
        subject=c.subject,
    )


def _model(
    keys: list[int], hits: Callable[[list[int]], list[Hit]] | None = None
) -> tuple[CableTreeModel, list[int]]:
    """A model of ``keys``, and the keys whose children it asked for (the test answers)."""
    model = CableTreeModel()
    asked: list[int] = []
    model.set_source(hits or (lambda keys: [_hit(k) for k in keys]), asked.append)
    model.set_keys(keys)
    return model, asked


def _expand(model: CableTreeModel, key: int, findings: tuple = ()) -> QModelIndex:
    row = model.row_of_key(key)
    assert row is not None
    parent = model.index(row, 0)
    model.fetchMore(parent)
    model.set_children(key, cable_children(CABLES[key], findings))
    return parent


def _labels(model: CableTreeModel, parent: QModelIndex) -> list[str]:
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_cables_an_answer_gains_after_the_last_row_come_in_up_to_a_page():
    model, _ = _model([ANKARA, 0])
    model.set_keys([ANKARA, 0, 5])  # a refresh added a cable that sorts after the rows
    assert model.rowCount() == 3
    assert [model.index(r, 1).data() for r in range(3)] == [CABLES[k].id for k in (ANKARA, 0, 5)]
    model.set_keys([1, ANKARA, 0, 5, 3])  # one among the rows, one after them
    assert model.rowCount() == 5


def test_one_row_per_cable_with_its_columns_and_roles():
    model, asked = _model([ANKARA, 0, 5])
    assert model.rowCount() == 3 and model.columnCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Date",
        "ID",
        "Origin",
        "Classification",
        "Subject",
    ]
    c = CABLES[ANKARA]
    row = [model.index(0, column) for column in range(5)]
    assert [i.data() for i in row] == [
        "2008-06-03",
        "08ANKARA1001",
        c.from_.name,
        c.classification,
        c.subject,
    ]
    assert row[Column.DATE].data(TOOLTIP) == "03 June 2008, 12:00Z"
    assert row[Column.SUBJECT].data(TOOLTIP) == c.subject
    # every cell of the row says which cable it is; the chip is the classification's alone
    assert {i.data(Role.KEY) for i in row} == {ANKARA}
    assert {i.data(Role.KIND) for i in row} == {NodeKind.CABLE}
    assert row[0].data(Role.HIT) == _hit(ANKARA)
    assert row[Column.CLASSIFICATION].data(Role.CHIP) == c.classification
    assert row[Column.CLASSIFICATION].data(Role.LEVEL) == "S"
    assert row[Column.SUBJECT].data(Role.CHIP) is None
    assert [model.index(r, Column.ID).data() for r in range(3)] == [
        CABLES[k].id for k in (ANKARA, 0, 5)
    ]
    assert model.keys == [ANKARA, 0, 5] and not model.more_rows()
    # no children are asked for until a row is expanded; a cable row may have them
    assert asked == [] and model.hasChildren(row[0]) and not model.hasChildren(row[1])
    assert model.data(row[0], Qt.ItemDataRole.FontRole) is None  # a role it never answers


def test_a_cable_that_trips_checks_marks_its_id_cell():
    codes = ("unmarked-paragraph", "noforn")
    model, _ = _model([ANKARA], lambda keys: [_hit(k)._replace(checks=codes) for k in keys])
    cell = model.index(0, Column.ID)
    assert cell.data(Role.CHECKS) == codes
    assert cell.data(Role.SEVERITY) == "error"  # the gravest of them
    assert cell.data(DECORATION) is not None  # the severity's icon
    tip = cell.data(TOOLTIP)
    assert tip == (
        "Checks:\n"
        f"• {check_by_code('unmarked-paragraph').title} (warning)\n"
        f"• {check_by_code('noforn').title} (error)\n"
        "Expand the cable to see where."
    )
    assert model.index(0, Column.SUBJECT).data(DECORATION) is None


def test_a_cables_id_cell_names_the_file_it_came_from():
    """A folder may hold the same cable in several files, each a row of its own: the ID
    cell's tooltip says which file (and cables.csv row) each row is."""
    files = {ANKARA: ("text/2008/08ANKARA1001.txt", None), 0: ("csv/cables.csv", 3)}
    codes = ("noforn",)
    model, _ = _model([ANKARA, 0, 5], lambda keys: [
        _hit(k)._replace(file=files[k][0], row=files[k][1], checks=codes if k == 0 else ())
        if k in files else _hit(k) for k in keys])  # fmt: skip
    assert model.index(0, Column.ID).data(TOOLTIP) == "File: text/2008/08ANKARA1001.txt"
    assert model.index(1, Column.ID).data(TOOLTIP) == (
        "File: csv/cables.csv row 3\n"
        "Checks:\n"
        f"• {check_by_code('noforn').title} (error)\n"
        "Expand the cable to see where."
    )
    assert model.index(2, Column.ID).data(TOOLTIP) is None  # no file known (nor checks)


def test_a_row_whose_hit_did_not_come_shows_an_ellipsis_and_still_knows_its_cable():
    model, _ = _model([0, 1], lambda keys: [_hit(k) for k in keys if k != 1])
    assert model.index(1, 0).data() == "…" and model.index(1, Column.ID).data() is None
    assert model.index(1, 0).data(Role.KEY) == 1 and model.index(1, 0).data(Role.HIT) is None
    assert model.painted_row(model.index(1, 0)) is None  # Qt paints it, through data()
    assert model.index(0, Column.ID).data() == CABLES[0].id


def test_children_are_the_header_fields_then_the_paragraphs_with_their_roles():
    c = CABLES[ANKARA]
    findings = check_cable(c, known_ids=set())
    model, asked = _model([0, ANKARA])
    parent = _expand(model, ANKARA, findings)
    assert asked == [ANKARA] and not model.waiting(ANKARA)
    specs = cable_children(c, findings)
    assert _labels(model, parent) == [s.label for s in specs]
    checks = model.index(0, 0, parent)
    assert checks.data() == f"Checks ({len(findings)})"
    assert [
        model.index(r, 0, checks).data(Role.SEVERITY) for r in range(model.rowCount(checks))
    ] == [f.severity for f in findings]
    assert model.index(0, 0, checks).data(Role.KIND) == NodeKind.FINDING
    refs = next(
        model.index(r, 0, parent)
        for r in range(model.rowCount(parent))
        if model.index(r, 0, parent).data().startswith("References")
    )
    assert model.rowCount(refs) == len(c.references) == 2
    paragraphs = [
        model.index(r, 0, parent)
        for r in range(model.rowCount(parent))
        if model.index(r, 0, parent).data(Role.KIND) == NodeKind.PARAGRAPH
    ]
    assert [p.data(Role.PARAGRAPH) for p in paragraphs] == [p.number for p in c.paragraphs]
    assert [p.data(Role.SPAN) for p in paragraphs] == [(p.start, p.end) for p in c.paragraphs]
    assert [p.data(Role.CHIP) for p in paragraphs] == [p.marking.text for p in c.paragraphs]
    assert [p.data(Role.LINE) for p in paragraphs] == [p.line for p in c.paragraphs]
    assert {p.data(Role.KEY) for p in paragraphs} == {ANKARA}
    assert paragraphs[0].data().startswith("¶1  ")
    # a child row is one cell spanning the row: the other columns hold nothing
    assert paragraphs[0].siblingAtColumn(Column.SUBJECT).data() is None
    assert model.painted_row(paragraphs[0])[1] == 1  # its depth
    assert model.painted_row(model.index(0, 0, checks))[1] == 2


def test_a_long_cable_s_children_come_in_by_pages():
    model, _ = _model([ANKARA])
    model.CHILD_PAGE = 5
    specs = cable_children(CABLES[ANKARA])
    parent = _expand(model, ANKARA)
    assert model.rowCount(parent) == 5 and model.more_children(parent) == len(specs) - 5
    assert model.with_more_children() == [parent]
    model.fetch_more_children(parent)
    assert model.rowCount(parent) == 10
    model.fetch_children(parent)
    assert _labels(model, parent) == [s.label for s in specs]
    assert model.more_children(parent) == 0 and model.with_more_children() == []


def test_children_are_kept_for_a_few_cables_and_shown_again_without_asking():
    model, asked = _model([0, 1, 2])
    model.KEEP_CHILDREN = 2
    for key in (0, 1):
        _expand(model, key)
    model.set_keys([])
    model.set_keys([0, 1, 2])
    model.fetchMore(model.index(0, 0))
    assert asked == [0, 1]  # cable 0's children were kept: in at once
    assert model.rowCount(model.index(0, 0)) == len(cable_children(CABLES[0]))
    _expand(model, 2)  # a third cable's children: the oldest kept (cable 1's) go
    model.set_keys([])
    model.set_keys([0, 1, 2])
    model.fetchMore(model.index(1, 0))
    assert asked == [0, 1, 2, 1] and model.waiting(1)
    assert _labels(model, model.index(1, 0)) == ["Loading…"]
    model.children_failed(1, "Could not read this cable")
    assert _labels(model, model.index(1, 0)) == ["Could not read this cable"]


def test_children_that_could_not_be_built_are_asked_again_when_told():
    model, asked = _model([0, 1, 2])
    for key in (0, 1):
        model.fetchMore(model.index(key, 0))
    model.children_failed(0, "Could not read this cable")  # a team's server away
    model.set_children(1, cable_children(CABLES[1]))
    assert asked == [0, 1] and not model.waiting(0)
    model.ask_children_again()  # the server back: the one that failed, only
    assert asked == [0, 1, 0] and model.waiting(0)
    assert _labels(model, model.index(0, 0)) == ["Loading…"]
    model.set_children(0, cable_children(CABLES[0]))
    assert "Loading…" not in _labels(model, model.index(0, 0))
    assert model.rowCount(model.index(0, 0)) == len(cable_children(CABLES[0]))
    model.ask_children_again()  # none failed since: nothing asked
    assert asked == [0, 1, 0]
    # a row that failed and went with a new answer is not asked for
    model.fetchMore(model.index(2, 0))
    model.children_failed(2, "Could not read this cable")
    model.set_keys([])
    model.ask_children_again()
    assert asked == [0, 1, 0, 2]


def test_a_paragraph_note_is_a_row_under_its_paragraph_kept_with_the_children():
    model, asked = _model([ANKARA])
    parent = _expand(model, ANKARA)

    def paragraph(number: int) -> QModelIndex:
        return next(
            model.index(r, 0, parent)
            for r in range(model.rowCount(parent))
            if model.index(r, 0, parent).data(Role.PARAGRAPH) == number
            and model.index(r, 0, parent).data(Role.KIND) == NodeKind.PARAGRAPH
        )

    model.set_paragraph_note(ANKARA, 2, "Ask the MFA\nabout the talks")
    note = model.index(0, 0, paragraph(2))
    assert model.rowCount(paragraph(2)) == 1 and model.rowCount(paragraph(1)) == 0
    assert note.data(Role.KIND) == NodeKind.NOTE
    assert note.data() == "✎ Your note: Ask the MFA about the talks"
    assert note.data(TOOLTIP) == "Your note on ¶2:\n\nAsk the MFA\nabout the talks"
    assert note.data(Role.SPAN) == paragraph(2).data(Role.SPAN)
    model.set_paragraph_note(ANKARA, 2, "Done")
    assert model.rowCount(paragraph(2)) == 1 and note.data() == "✎ Your note: Done"
    model.set_keys([])  # the note went into the children kept, too
    model.set_keys([ANKARA])
    parent = model.index(0, 0)
    model.fetchMore(parent)
    assert asked == [ANKARA] and model.index(0, 0, paragraph(2)).data() == "✎ Your note: Done"
    model.set_paragraph_note(ANKARA, 2, "  ")
    assert model.rowCount(paragraph(2)) == 0


def test_the_analyst_s_annotations_repaint_only_the_rows_that_changed():
    model = CableTreeModel()
    model.PAGE = 2
    wanted: list[list[str]] = []
    model.statesWanted.connect(wanted.append)
    model.set_source(lambda keys: [_hit(k) for k in keys], lambda key: None)
    model.set_keys([0, 1, ANKARA])
    assert wanted == [[CABLES[0].id.upper(), CABLES[1].id.upper()]]  # the first page's
    model.fetch_all()
    assert wanted[-1] == [CABLES[ANKARA].id.upper()]
    assert model.shown_ids() == {CABLES[k].id.upper() for k in (0, 1, ANKARA)}
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    starred = RowState(starred=True, read=False, labels=(("urgent", "#d32f2f"),))
    model.set_states({CABLES[1].id.upper(): starred, CABLES[0].id.upper(): RowState(read=True)})
    assert changed == [(0, 1)]
    changed.clear()
    model.set_states({CABLES[1].id.upper(): starred})  # as it was: nothing to repaint
    assert changed == []
    model.set_states({CABLES[ANKARA].id.upper(): RowState(read=True)})
    assert changed == [(2, 2)]
    assert model.index(1, 0).data(Role.STATE) == starred
    assert model.state(CABLES[1].id.lower()) == starred
    cells, depth = model.painted_row(model.index(1, 0))
    assert depth == 0 and all(cell.bold for cell in cells)  # unread: bold
    assert [cell.star for cell in cells] == [column == Column.ID for column in Column]
    assert cells[Column.SUBJECT].labels == (("urgent", "#d32f2f"),)
    assert cells[Column.ID].labels == ()
    read, _ = model.painted_row(model.index(0, 0))
    assert not any(cell.bold or cell.star for cell in read)
    assert [cell.text for cell in read] == [model.index(0, c).data() for c in Column]


def _asking_model(keys: list[int]) -> tuple[CableTreeModel, list[list[int]]]:
    """A model whose pages are asked off the UI thread (a store on a server), and the pages
    it asked for, in order (the test answers them, or says they could not come)."""
    model = CableTreeModel()
    model.PAGE = 2

    def not_here(_keys: list[int]) -> list[Hit]:
        raise AssertionError("a server's page was read on the UI thread")

    pages: list[list[int]] = []
    model.set_source(not_here, lambda _key: None, pages.append)
    model.set_keys(keys)
    return model, pages


def _shown(model: CableTreeModel) -> list[str]:
    return [model.index(r, Column.ID).data() or "…" for r in range(model.rowCount())]


def test_rows_asked_off_the_ui_thread_show_an_ellipsis_until_their_hits_come():
    model, pages = _asking_model([0, 1, 2, 3, 4])
    assert pages == [[0, 1]] and _shown(model) == ["…", "…"]
    assert model.rows_on_the_way()
    assert model.index(0, 0).data(TOOLTIP) == "This row is on its way from the server"
    model.fetch_more_rows()  # a page on its way: the next is asked once it has come
    assert pages == [[0, 1]] and model.rowCount() == 2
    wanted: list[list[str]] = []
    model.statesWanted.connect(wanted.append)
    arrived: list[bool] = []
    model.rowsArrived.connect(lambda: arrived.append(True))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))
    model.set_hits([0, 1], [_hit(0), _hit(1)])
    assert _shown(model) == [CABLES[0].id, CABLES[1].id]
    assert model.index(1, 0).data(Role.HIT) == _hit(1)
    assert wanted == [[CABLES[0].id.upper(), CABLES[1].id.upper()]]  # their annotations next
    assert changed == [(0, 1)] and arrived == [True] and not model.rows_on_the_way()
    model.fetch_more_rows()
    assert pages[-1] == [2, 3] and _shown(model)[2:] == ["…", "…"]


def test_a_page_that_cannot_come_leaves_the_rows_that_came_and_is_asked_again():
    model, pages = _asking_model([0, 1, 2, 3, 4])
    model.set_hits(*[[0, 1], [_hit(0), _hit(1)]])
    model.fetch_more_rows()
    arrived: list[bool] = []
    model.rowsArrived.connect(lambda: arrived.append(True))
    model.rows_failed([2, 3])  # the server away
    assert _shown(model) == [CABLES[0].id, CABLES[1].id]
    assert model.more_rows() and not model.rows_on_the_way()
    assert not arrived  # nothing for the view to fetch again at once: it would fail again
    model.fetch_more_rows()  # scrolled to the end again
    assert pages[-1] == [2, 3]
    model.set_hits([2, 3], [_hit(2), _hit(3)])
    assert _shown(model) == [CABLES[k].id for k in range(4)]
    # an answer that comes after the rows were reset fills nothing it was not asked for
    model.set_keys([4, 3])
    assert pages[-1] == [4, 3]
    model.set_hits([0, 1], [_hit(0), _hit(1)])
    assert _shown(model) == ["…", "…"] and model.rows_on_the_way()


def test_rows_among_the_others_that_cannot_come_stay_and_are_asked_with_the_next_page():
    model, pages = _asking_model([0, 1, 2, 3, 4])
    model.row_of_key(3)  # the rows up to a cable to select, asked at once
    assert pages == [[0, 1], [2, 3]] and model.rowCount() == 4
    model.rows_failed([0, 1])  # rows below them on their way: these stay, "…"
    assert _shown(model) == ["…"] * 4
    model.set_hits([2, 3], [_hit(2), _hit(3)])
    model.fetch_more_rows()  # the next page, and the rows that could not come
    assert pages[-1] == [0, 1, 4]
    model.set_hits([0, 1, 4], [_hit(k) for k in (0, 1, 4)])
    assert _shown(model) == [CABLES[k].id for k in range(5)]
    model.set_keys([0, 5, 1, 2, 3, 4])  # a cable more among the rows: its row asked
    assert pages[-1] == [5] and _shown(model)[1] == "…"
    model.rows_failed([5])  # not at the end: it stays, "…", until asked again
    assert model.rowCount() == 6 and not model.rows_on_the_way()
    model.ask_again()  # the server back
    assert pages[-1] == [5]
    model.set_hits([5], [_hit(5)])
    assert _shown(model)[1] == CABLES[5].id


def test_hits_given_with_the_keys_are_not_read_again() -> None:
    read: list[list[int]] = []

    def hits(keys: list[int]) -> list[Hit]:
        read.append(list(keys))
        return [_hit(k) for k in keys]

    model, _ = _model([], hits)
    keys = list(range(len(CABLES)))
    model.set_keys(keys, [_hit(k) for k in keys[:4]])  # the answer's first rows came with it
    assert read == [keys[4:]]
    assert [model.index(r, Column.ID).data() for r in range(len(keys))] == [c.id for c in CABLES]
    read.clear()
    model.set_keys(keys[::-1])  # no hits with it: every row read here, as before
    assert read == [keys[::-1]]


def test_rows_come_a_smaller_page_at_a_time_while_loading_and_fill_a_page_after():
    model, _ = _model([])
    model.PAGE = 4
    model.loading_page = 2  # a folder loading: each answer makes the rows anew
    model.set_keys(list(range(len(CABLES))))
    assert model.page == 2 and model.rowCount() == 2
    model.loading_page = None  # loaded: the rows up to a whole page
    assert model.page == 4
    model.fill_page()
    assert model.rowCount() == 4
    model.fill_page()  # a whole page already: nothing more
    assert model.rowCount() == 4
    model.loading_page = 50  # more than a page: a page
    assert model.page == 4
