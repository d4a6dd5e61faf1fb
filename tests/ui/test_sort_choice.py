"""The window's sort control: Relevance for a query with words, a column's order otherwise."""

from PySide6.QtCore import Qt
from waiting import WAIT_MS, open_and_wait
from window_steps import tree_ids, typed_query

from reader.ui.models.cable_tree import Column
from reader.ui.widgets.main_window import MainWindow

#: "talks" is in the body of 07PRAGUE486 (May 2007) and the subject of 08ANKARA1001 (2008).
BODY, SUBJECT = "07PRAGUE486", "08ANKARA1001"


def _query(qtbot, window: MainWindow, text: str) -> list[str]:  # noqa: ANN001
    typed_query(qtbot, window, text)
    return tree_ids(window)


def _pick(qtbot, window: MainWindow, label: str) -> list[str]:  # noqa: ANN001
    box = window.sort_choice
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        box.setCurrentIndex(box.findText(label))
        box.activated.emit(box.currentIndex())  # as a choice made with the mouse
    return tree_ids(window)


def _relevance_offered(window: MainWindow) -> bool:
    return bool(window.sort_choice.model().item(0).isEnabled())


def test_a_query_with_words_comes_by_relevance(qtbot, window, folder) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, folder)
    assert window.sort_choice.currentText() == "Date"
    assert not _relevance_offered(window)  # no words yet: nothing to rank by
    assert _query(qtbot, window, "talks") == [SUBJECT, BODY]
    assert window.sort_choice.currentText() == "Relevance"
    assert window.sort_order() == ("relevance", False)
    assert window.current_filter().sort == "relevance"
    assert not window.tree.header().isSortIndicatorShown()
    assert _relevance_offered(window)


def test_the_analyst_can_pick_another_order_and_relevance_again(
    qtbot,  # noqa: ANN001
    window,  # noqa: ANN001
    folder,  # noqa: ANN001
) -> None:
    open_and_wait(qtbot, window, folder)
    _query(qtbot, window, "talks")
    assert _pick(qtbot, window, "Date") == [BODY, SUBJECT]
    assert window.sort_order() == ("date", False)
    assert window.tree.header().isSortIndicatorShown()
    # refining the query keeps the order picked
    assert _query(qtbot, window, "talks -radar") == [SUBJECT]
    assert window.sort_choice.currentText() == "Date"
    assert _pick(qtbot, window, "Relevance") == [SUBJECT]
    _query(qtbot, window, "talks")
    assert tree_ids(window) == [SUBJECT, BODY]
    assert _pick(qtbot, window, "ID") == [BODY, SUBJECT]
    assert window.sort_order() == ("id", False)


def test_clicking_a_column_header_leaves_relevance(qtbot, window, folder) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, folder)
    _query(qtbot, window, "talks")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.tree.header().setSortIndicator(Column.ORIGIN, Qt.SortOrder.DescendingOrder)
    assert window.sort_order() == ("origin", True)
    assert window.sort_choice.currentText() == "Origin"
    assert tree_ids(window) == [BODY, SUBJECT]  # PRAGUE after ANKARA, descending


def test_without_words_relevance_is_not_offered_and_a_new_search_ranks_again(
    qtbot,  # noqa: ANN001
    window,  # noqa: ANN001
    folder,  # noqa: ANN001
) -> None:
    open_and_wait(qtbot, window, folder)
    _query(qtbot, window, "talks")
    _pick(qtbot, window, "Date")
    for fields_only in ("tag:PREL", "-talks", ""):
        _query(qtbot, window, fields_only)
        assert window.sort_order() == ("date", False), fields_only
        assert window.sort_choice.currentText() == "Date"
        assert not _relevance_offered(window)
    # words again after none: a new search, by relevance
    assert _query(qtbot, window, "talks") == [SUBJECT, BODY]
    assert window.sort_choice.currentText() == "Relevance"


def test_the_header_order_is_what_is_remembered(qtbot, settings, folder) -> None:  # noqa: ANN001
    from held_index import open_index

    first = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(first)
    first.show()
    open_and_wait(qtbot, first, folder)
    _query(qtbot, first, "talks")
    first.save_settings()
    assert settings.value("tree/sort") == "date"  # not relevance: that comes with words
    first.close()
    first.loader.shutdown()


def test_the_window_on_the_real_index_ranks_as_the_index_does(
    qtbot,  # noqa: ANN001
    real_window: MainWindow,
    tmp_path,  # noqa: ANN001
) -> None:
    from conftest import SAMPLES

    from reader.index.store import CorpusIndex
    from reader.query.query import Filter

    open_and_wait(qtbot, real_window, str(SAMPLES))
    shown = _query(qtbot, real_window, "levy")
    assert real_window.sort_choice.currentText() == "Relevance"
    with CorpusIndex.open(SAMPLES, cache_dir=tmp_path / "index") as index:
        best = [h.id for h in index.hits(index.keys(Filter("levy", sort="relevance")))]
        by_date = [h.id for h in index.hits(index.keys(Filter("levy", sort="date")))]
    assert shown == best != by_date
    assert "LEVY" in real_window.model.index(0, Column.SUBJECT).data()
