"""Back and Forward: one history over filter states (query, facets, dates, sort) and the REF
links followed (reader/ui/history.py, reader/ui/navigation.py)."""

from PySide6.QtCore import Qt
from waiting import WAIT_MS, open_and_wait
from window_steps import tree_ids

from reader.ui.history import FilterState, History, Place, split_dates
from reader.ui.models.cable_tree import Column, Role
from reader.ui.models.facets import FacetState
from reader.ui.navigation import filter_state
from reader.ui.widgets.main_window import MainWindow

A = FilterState()
B = FilterState(query="nuclear")
C = FilterState(include=frozenset({("tag", "PREL")}))


def test_history_goes_back_and_forward_and_forgets_what_a_new_step_replaces() -> None:
    h = History()
    assert h.back(Place(A)) is None and not h.can_go_back()
    h.visit(Place(A), Place(B))
    h.visit(Place(B, key=4, position=120), Place(B, key=7))  # a link from cable 4
    assert h.at == 2 and h.can_go_back() and not h.can_go_forward()
    # Back keeps where the reader is now, for Forward
    assert h.back(Place(B, key=7, position=33)) == Place(B, key=4, position=120)
    assert h.back(Place(B, key=4, position=5)) == Place(A)
    assert h.back(Place(A)) is None
    assert h.forward(Place(A)) == Place(B, key=4, position=5)
    assert h.forward(Place(B, key=4, position=5)) == Place(B, key=7, position=33)
    assert h.forward(Place(B, key=7)) is None
    # going somewhere new after Back drops what was ahead
    h.back(Place(B, key=7))
    h.visit(Place(B, key=4), Place(C, key=4))
    assert h.places == [Place(A), Place(B, key=4), Place(C, key=4)]
    assert not h.can_go_forward()


def test_amending_a_step_replaces_it_and_the_history_has_a_limit() -> None:
    h = History(limit=3)
    h.visit(Place(A), Place(FilterState(query="nuc")))
    h.visit(Place(FilterState(query="nuc")), Place(B), amend=True)
    assert h.places == [Place(A), Place(B)]
    for n in range(5):
        h.visit(h.current(), Place(FilterState(query=str(n))))
    assert len(h.places) == 3 and h.current() == Place(FilterState(query="4"))
    assert h.back(h.current()) == Place(FilterState(query="3"))


def test_the_date_range_goes_into_the_query_and_back_out() -> None:
    state = FilterState(query="iran", date_range=("2007-05", "2008-01"))
    assert state.full_query == "iran date:2007-05..2008-01"
    assert split_dates(state.full_query) == ("iran", ("2007-05", "2008-01"))
    assert split_dates("date:2007-05..2007-05") == ("", ("2007-05", "2007-05"))
    # a date term the analyst typed elsewhere in the query stays in it
    assert split_dates("date:2007 iran") == ("date:2007 iran", None)


def _select(qtbot, window: MainWindow, cable_id: str) -> None:  # noqa: ANN001
    index = window.model.index(tree_ids(window).index(cable_id), 0)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(index)


def _step(qtbot, window: MainWindow, key: Qt.Key) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)


def test_back_and_forward_over_filter_changes_and_links_interleaved(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    assert not window.back_action.isEnabled() and not window.forward_action.isEnabled()
    _select(qtbot, window, "07PRAGUE497")
    # 1: a facet; 2: the sort; 3: a REF link; 4: an exclude; 5: a query
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "MARR")
    marr = tree_ids(window)  # by date
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.tree.header().setSortIndicator(Column.ID, Qt.SortOrder.DescendingOrder)
    by_id = tree_ids(window)
    assert by_id == sorted(marr, reverse=True) != marr
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        assert window.document.open_reference("07PRAGUE486")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("classification", "SECRET", FacetState.EXCLUDE)
    window.pane.query.setText("prague")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)
    last = filter_state(window)
    assert window.back_action.isEnabled() and not window.forward_action.isEnabled()

    _step(qtbot, window, Qt.Key.Key_Left)  # the query goes
    assert window.pane.query.text() == ""
    assert window.pane.facets.exclude == {("classification", "SECRET")}
    assert window.document.cable.id == "07PRAGUE486"
    _step(qtbot, window, Qt.Key.Key_Left)  # the exclude goes
    assert window.pane.facets.exclude == frozenset()
    assert window.pane.facets.include == {("tag", "MARR")}
    assert tree_ids(window) == by_id
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):  # the link: back to its cable
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.document.cable.id == "07PRAGUE497"
    assert window.document.text.textCursor().selectedText() == "PRAGUE 486"
    assert window.tree.currentIndex().data(Role.KEY) == window.document.key
    _step(qtbot, window, Qt.Key.Key_Left)  # the sort goes
    assert window.sort_order() == ("date", False)
    assert tree_ids(window) == marr
    assert window.pane.facets.include == {("tag", "MARR")}
    _step(qtbot, window, Qt.Key.Key_Left)  # the facet goes: where it all began
    assert filter_state(window) == FilterState()
    assert len(tree_ids(window)) == 10
    assert window.document.cable.id == "07PRAGUE497"
    assert not window.back_action.isEnabled() and window.forward_action.isEnabled()

    # and forward again, all the way, to the very state left
    _step(qtbot, window, Qt.Key.Key_Right)
    assert window.pane.facets.include == {("tag", "MARR")}
    _step(qtbot, window, Qt.Key.Key_Right)
    assert tree_ids(window) == by_id
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.forward_action.trigger()
    assert window.document.cable.id == "07PRAGUE486"
    _step(qtbot, window, Qt.Key.Key_Right)
    _step(qtbot, window, Qt.Key.Key_Right)
    assert filter_state(window) == last
    assert window.pane.chip_texts() == ["“prague”", "TAGS: MARR", "Classification: SECRET"]
    assert not window.forward_action.isEnabled()


def test_the_pauses_of_one_typed_query_are_one_step(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    field = window.pane.query
    for text in ("pra", "prague"):
        field.setText(text)
        with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
            field.textEdited.emit(text)  # as typing does: the pane waits for a pause
    assert window.pane.query.text() == "prague"
    assert len(window.navigation.history.places) == 2
    _step(qtbot, window, Qt.Key.Key_Left)
    assert window.pane.query.text() == ""


def test_a_new_folder_starts_a_new_history(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "MARR")
    assert window.back_action.isEnabled()
    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):  # the filter stays
        window.open_path(folder)
    assert not window.back_action.isEnabled()
    window.go_back()  # nothing happens
    assert window.pane.facets.include == {("tag", "MARR")}
