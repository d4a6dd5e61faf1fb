"""Saved searches through the window (reader/ui/saved_searches.py): save, restore exactly,
counts and "new since last opened", rename and delete; on the real index of a copy of the
sample folder and a throw-away annotations file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window, samples_copy, tree_ids

from reader.annotate.annotations import Annotations, SavedSearch
from reader.ui.history import FilterState
from reader.ui.models.cable_tree import Column
from reader.ui.models.facets import FacetState
from reader.ui.navigation import filter_state
from reader.ui.saved_searches import asks_annotations, saved_from_state, state_of
from reader.ui.widgets.main_window import MainWindow


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return samples_copy(tmp_path)


@pytest.fixture
def window(qtbot, tmp_path: Path, folder: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    w = analyst_window(qtbot, tmp_path)
    with qtbot.waitSignal(w.saved_searches.listed, timeout=WAIT_MS):
        open_and_wait(qtbot, w, str(folder))
    yield w
    w.loader.shutdown()


def _save(qtbot, window: MainWindow, name: str) -> None:  # noqa: ANN001
    saved = window.saved_searches
    with qtbot.waitSignal(saved.listed, timeout=WAIT_MS):
        saved.save(name)
    qtbot.waitUntil(lambda: saved.list.count(name) is not None, timeout=WAIT_MS)


def _filter(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """A filter of every kind: a query, a date range, an include, an exclude, a sort."""
    pane = window.pane
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.tree.header().setSortIndicator(Column.ID, Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        pane.set_date_range("2004-01", "2008-12")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        pane.apply_facet("classification", "CONFIDENTIAL")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        pane.apply_facet("tag", "PREL", FacetState.EXCLUDE)
    pane.query.setText("-bulgaria")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(pane.query, Qt.Key.Key_Return)


def test_a_filter_state_and_its_saved_search_are_one_and_the_same() -> None:
    state = FilterState(
        "iran -oil",
        ("2007-05", "2007-09"),
        frozenset({("tag", "KNNP"), ("classification", "SECRET")}),
        frozenset({("origin", "Moscow")}),
        "origin",
        True,
    )
    saved = saved_from_state("n", state)
    assert saved.query == "iran -oil date:2007-05..2007-09"
    assert saved.include == (("classification", "SECRET"), ("tag", "KNNP"))
    assert state_of(saved) == state
    assert state_of(SavedSearch("n", "date:2007-05..2007-05")).date_range == ("2007-05",) * 2


def test_save_then_restore_exactly_and_mark_opened(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    _filter(qtbot, window)
    state, found = filter_state(window), tree_ids(window)
    assert found and len(found) < 10
    assert state.sort == "id" and state.descending and state.date_range
    _save(qtbot, window, "confidential, no PREL")
    saved = window.saved_searches
    assert saved.list.names() == ["confidential, no PREL"]
    assert saved.list.count("confidential, no PREL") == (len(found), 0)
    assert saved.list.current_name() == "confidential, no PREL"  # the filter is that search
    with Annotations.open(saved.path, backup=False) as store:
        (search,) = store.saved_searches()
    assert search.opened is not None and state_of(search) == state

    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.clear()
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.tree.header().setSortIndicator(Column.DATE, Qt.SortOrder.AscendingOrder)
    assert saved.list.current_name() is None
    assert len(tree_ids(window)) > len(found)

    item = saved.list.tree.topLevelItem(0)
    rect = saved.list.tree.visualItemRect(item)
    with qtbot.waitSignal(saved.opened, timeout=WAIT_MS):
        qtbot.mouseClick(saved.list.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=WAIT_MS)
    assert filter_state(window) == state
    assert window.pane.query.text() == "-bulgaria"
    assert window.pane.facets.include == {("classification", "CONFIDENTIAL")}
    assert window.pane.facets.exclude == {("tag", "PREL")}
    assert window.pane.date_range == ("2004-01", "2008-12")
    assert window.sort_order() == ("id", True)
    assert window.tree.header().sortIndicatorSection() == Column.ID
    assert tree_ids(window) == found  # the same cables, in the same order
    # one step of the history: Back returns to the filter before
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.go_back()
    assert filter_state(window) == FilterState()


def test_counts_and_new_cables_since_last_opened(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    folder: Path,
) -> None:
    saved = window.saved_searches
    window.pane.query.setText("from:prague")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)
    prague = sorted(tree_ids(window))
    _save(qtbot, window, "Prague")
    assert saved.list.count("Prague") == (len(prague), 0)
    assert "new" not in saved.list.tree.topLevelItem(0).text(1)

    # a cable comes into the folder; reading it again counts it as new
    text = (folder / "2007" / "07PRAGUE540.txt").read_text(encoding="utf-8")
    text = text.replace("#0540/01", "#0541/01").replace("PRAGUE 000540", "PRAGUE 000541")
    (folder / "2007" / "07PRAGUE541.txt").write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):
        window.open_path(folder)
    qtbot.waitUntil(lambda: saved.list.count("Prague") == (len(prague) + 1, 1), timeout=WAIT_MS)
    assert saved.list.tree.topLevelItem(0).text(1) == f"{len(prague) + 1} · 1 new"
    assert "07PRAGUE541" in tree_ids(window)

    # opening it: seen, nothing new any more (and so after reading the folder again)
    with qtbot.waitSignal(saved.opened, timeout=WAIT_MS):
        saved.open("Prague")
    assert "1 new since last opened" in window.statusBar().currentMessage()
    assert saved.list.count("Prague") == (len(prague) + 1, 0)
    with qtbot.waitSignal(saved.counted, timeout=WAIT_MS) as counted:
        window.open_path(folder)
    qtbot.waitUntil(lambda: not window.loader.loading, timeout=WAIT_MS)
    assert counted.args == ["Prague", len(prague) + 1, 0]


def test_a_star_counts_again_only_the_searches_on_stars(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    saved = window.saved_searches
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "KNNP")
    _save(qtbot, window, "nuclear")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.clear()
    window.pane.query.setText("is:starred")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)
    _save(qtbot, window, "starred")
    qtbot.waitUntil(lambda: not saved._busy, timeout=WAIT_MS)
    assert saved.list.count("starred") == (0, 0)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.clear()
    window.tree.setCurrentIndex(window.model.index(0, 0))
    names: list[str] = []
    saved.counted.connect(lambda name, *_: names.append(name))
    with qtbot.waitSignal(saved.counted, timeout=WAIT_MS) as counted:
        window.annotating.actions["star"].trigger()
    assert counted.args == ["starred", 1, 1]
    assert names == ["starred"] and not saved._busy  # "nuclear" was not counted again


def test_which_searches_depend_on_the_annotations() -> None:
    assert asks_annotations(SavedSearch("a", "iran is:starred"))
    assert asks_annotations(SavedSearch("a", "-label:brief"))
    assert asks_annotations(SavedSearch("a", "(note:oil OR tag:PREL)"))
    assert asks_annotations(SavedSearch("a", "", exclude=(("starred", "starred"),)))
    assert not asks_annotations(SavedSearch("a", "this is: nothing", (("tag", "PREL"),)))


def test_save_with_the_key_rename_and_delete_from_the_context_menu(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = window.saved_searches
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "KNNP")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("nuclear", True))
    with qtbot.waitSignal(saved.listed, timeout=WAIT_MS):
        qtbot.keyClick(
            window,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert saved.list.names() == ["nuclear"]
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert saved.save_action in edit.actions()

    menu = saved.list.menu_for("nuclear")
    assert [a.text() for a in menu.actions() if a.text()] == ["Open", "Rename…", "Delete"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("KNNP cables", True))
    with qtbot.waitSignal(saved.listed, timeout=WAIT_MS):
        next(a for a in menu.actions() if a.text() == "Rename…").trigger()
    assert saved.list.names() == ["KNNP cables"]
    with Annotations.open(saved.path, backup=False) as store:
        assert [s.name for s in store.saved_searches()] == ["KNNP cables"]

    # Ctrl+Z does not bring a saved search back: Delete asks first (it once deleted at once)
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> object:
        def question(_parent: object, _title: str, text: str, *_a: object) -> object:
            asked.append(text)
            return button

        return question

    delete = next(a for a in saved.list.menu_for("KNNP cables").actions() if a.text() == "Delete")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    delete.trigger()
    assert asked == [
        "Delete the saved search “KNNP cables”?\n\nThis cannot be undone: Ctrl+Z undoes changes"
        " to stars, read marks, labels and notes only."
    ]
    with Annotations.open(saved.path, backup=False) as store:
        assert [s.name for s in store.saved_searches()] == ["KNNP cables"]
    assert saved.list.names() == ["KNNP cables"]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(saved.listed, timeout=WAIT_MS):
        delete.trigger()
    assert saved.list.names() == []
    assert saved.list.hint.isVisible() and not saved.list.tree.isVisible()
    with Annotations.open(saved.path, backup=False) as store:
        assert store.saved_searches() == []


def test_saved_searches_outlive_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "KNNP")
    _save(qtbot, window, "nuclear")
    root = window.loader.root
    window.close()
    again = analyst_window(qtbot, tmp_path)
    try:
        with qtbot.waitSignal(again.saved_searches.listed, timeout=WAIT_MS):
            with qtbot.waitSignal(again.loadingFinished, timeout=WAIT_MS):
                again.open_path(root)
        assert again.saved_searches.list.names() == ["nuclear"]
        qtbot.waitUntil(
            lambda: again.saved_searches.list.count("nuclear") is not None, timeout=WAIT_MS
        )
    finally:
        again.loader.shutdown()


def test_loading_done_before_the_corpus_answers_queries_says_nothing_of_a_folder(
    qtbot,  # noqa: ANN001
    tmp_path: Path,
    folder: Path,
) -> None:
    """A team's corpus is done loading (opened once, nothing to refresh) before the query
    thread has its own connection, so the window had no index yet when loadingFinished came:
    the saved searches were asked for then, and every team window's status bar said "Open a
    folder first" with the corpus open. (Here the window has nothing open yet when the
    signal comes, as it had not then.) Once it is open, they are read."""
    with Annotations.open(tmp_path / "data" / "annotations.sqlite3") as store:
        store.save_search(SavedSearch("prague", "prague"))
    w = analyst_window(qtbot, tmp_path)
    said: list[str] = []
    w.statusBar().messageChanged.connect(said.append)
    try:
        w.loadingFinished.emit(False)
        assert w.loader.index() is None and "Open a folder first" not in said
        with qtbot.waitSignal(w.saved_searches.listed, timeout=WAIT_MS):
            open_and_wait(qtbot, w, str(folder))
        assert [s.name for s in w.saved_searches.searches] == ["prague"]
        assert "Open a folder first" not in said
    finally:
        w.loader.shutdown()
