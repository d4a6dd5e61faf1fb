"""The window on the real index of invented cables: loading, filtering, keyboard, links,
problems, cancel, settings."""

from pathlib import Path

from held_index import FOLDERS, open_index, register
from invented import sample_cables, write_cables
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from waiting import WAIT_MS, expand_and_wait, open_and_wait
from window_steps import tree_ids

from reader.ui.models.cable_tree import CableTreeModel, Column, NodeKind, Role
from reader.ui.models.facets import FacetState
from reader.ui.widgets import problems_panel
from reader.ui.widgets.main_window import LOADING_PAGE, LOADING_PAINT_BUDGET, MainWindow
from reader.ui.window_jobs import PROBLEMS_MIN_WIDTH


def _select(qtbot, window: MainWindow, cable_id: str) -> QModelIndex:
    row = tree_ids(window).index(cable_id)
    index = window.model.index(row, 0)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(index)
    return index


def test_loading_shows_every_cable_and_counts(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    assert len(tree_ids(window)) == len(sample_cables())
    assert window.count_label.text() == "10 of 10 cables"
    assert not window.progress.isVisible()
    qtbot.waitUntil(lambda: window.pane.facets.values("tag") != [], timeout=WAIT_MS)
    assert ("PREL", 6) in [(v.value, v.count) for v in window.pane.facets.values("tag")]


def test_the_tree_paints_within_a_budget_while_a_folder_loads(qtbot, window, folder):
    """While a folder loads, a paint of the tree leaves rows past its budget for the next
    turn of the loop, and the rows come a smaller page at a time; once loaded, every paint
    is whole again, and the pages as long as ever."""
    seen = []
    window.loader.progress.connect(
        lambda _: seen.append((window.tree.paint_budget, window.model.page)))
    open_and_wait(qtbot, window, folder)
    assert seen and seen[0] == (LOADING_PAINT_BUDGET, LOADING_PAGE)
    assert (window.tree.paint_budget, window.model.page) == (None, CableTreeModel.PAGE)


def test_loaded_names_the_links_out_of_the_folder_not_followed(qtbot, real_window, tmp_path):
    root = write_cables(tmp_path / "cables", sample_cables()[:3])
    (tmp_path / "elsewhere").mkdir()
    (root / "from-elsewhere").symlink_to(tmp_path / "elsewhere")
    open_and_wait(qtbot, real_window, str(root))
    message = real_window.statusBar().currentMessage()
    assert message == "Loaded; 1 link out of the folder not followed: from-elsewhere"


def test_filtering_through_the_pane_updates_the_tree(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "MARR")
    assert sorted(tree_ids(window)) == ["06MOSCOW5801", "07PRAGUE486", "07PRAGUE497"]
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("classification", "SECRET", FacetState.EXCLUDE)
    assert sorted(tree_ids(window)) == ["07PRAGUE486", "07PRAGUE497"]
    assert window.count_label.text() == "2 of 10 cables"


def test_selecting_a_tree_node_marks_the_line_or_paragraph(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    cable_row = _select(qtbot, window, "07PRAGUE497")
    expand_and_wait(qtbot, window, cable_row)
    model = window.model
    children = [model.index(r, 0, cable_row) for r in range(model.rowCount(cable_row))]
    paragraph = next(c for c in children if c.data(Role.KIND) == NodeKind.PARAGRAPH)
    window.tree.setCurrentIndex(paragraph)
    assert window.document.marked == paragraph.data(Role.SPAN)
    subject = next(c for c in children if str(c.data()).startswith("Subject"))
    window.tree.setCurrentIndex(subject)
    block = window.document.text.document().findBlock(window.document.marked[0])
    assert block.text().startswith("SUBJECT:")


def test_keyboard_moves_expands_opens_and_steps(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tree.hasFocus()
    window.tree.setCurrentIndex(window.model.index(0, 0))
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.document.cable.id == tree_ids(window)[1]
    with qtbot.waitSignal(window.childrenShown, timeout=WAIT_MS):  # built off the UI thread
        qtbot.keyClick(window.tree, Qt.Key.Key_Right)
    assert window.tree.isExpanded(window.model.index(1, 0))
    assert window.model.rowCount(window.model.index(1, 0)) > 0
    assert window.model.index(0, 0, window.model.index(1, 0)).data(Role.KIND) != \
        NodeKind.PLACEHOLDER
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)  # into the children
    assert window.tree.currentIndex().parent().isValid()
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.document.cable.id == tree_ids(window)[2]
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.keyClick(window.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.document.cable.id == tree_ids(window)[1]
    qtbot.keyClick(window.tree, Qt.Key.Key_Return)
    assert window.document.text.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.query.hasFocus()
    qtbot.keyClicks(window.pane.query, "klaus")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)
    assert tree_ids(window) == ["07PRAGUE497"]
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Escape)
    assert len(tree_ids(window)) == 10


def test_f1_shows_the_shortcut_sheet(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.shortcut_sheet
    assert sheet.isVisible() and sheet.table.rowCount() > 15
    sheet.close()


def test_ref_link_opens_the_cited_cable_and_back_returns(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    _select(qtbot, window, "07PRAGUE497")
    rect = window.document.link_rect("07PRAGUE486")
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.mouseClick(window.document.text.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert window.document.cable.id == "07PRAGUE486"
    assert window.tree.currentIndex().data(Role.KEY) == window.document.key
    assert window.document.cited_ids == ["07PRAGUE497"]
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.document.cable.id == "07PRAGUE497"


def test_ref_link_to_a_cable_outside_the_filter_still_opens_it(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("origin", "Embassy Ankara")
    _select(qtbot, window, "08ANKARA1001")
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        assert window.document.open_reference("07PRAGUE497")
    assert window.document.cable.id == "07PRAGUE497"
    assert not window.document.open_reference("08ANKARA990")  # not a cable in the folder


def test_the_problems_dock_shown_beside_the_references_is_not_squeezed(qtbot, window, folder):
    """Shown from the View menu beside the References dock (no problem found to show it),
    the Problems dock gets room for its columns too."""
    window.resize(1480, 900)
    window.show()
    open_and_wait(qtbot, window, folder)
    window.thread_dock.show()
    window.problems_dock.show()
    qtbot.waitUntil(lambda: window.problems_dock.width() >= PROBLEMS_MIN_WIDTH, timeout=WAIT_MS)
    assert window.problems_dock.y() == window.thread_dock.y()  # side by side


def test_problems_panel_lists_unreadable_files_and_parser_problems(qtbot, window, tmp_path):
    # a file that is no text, and a cable whose routing header lost its date-time group
    cables = sample_cables()
    root = write_cables(tmp_path / "cables", cables)
    mexico = next(root.rglob("09MEXICO200.txt"))
    text = mexico.read_text(encoding="utf-8")
    mexico.write_text("\n".join(line for line in text.split("\n") if not line.startswith("O 20")))
    (root / "broken.txt").write_bytes(bytes(range(256)) * 8)
    folder = register(root, cables, tmp_path / "problems-index")
    open_and_wait(qtbot, window, folder)
    qtbot.waitUntil(lambda: window.problems.problems.rowCount() == 2, timeout=WAIT_MS)
    assert window.problems_dock.isVisible()
    # beside the References dock it came in some 200 px wide, its columns cut to nothing
    qtbot.waitUntil(lambda: window.problems_dock.width() >= PROBLEMS_MIN_WIDTH, timeout=WAIT_MS)
    panel = window.problems
    file_row = panel.visualRect(panel.problems.index(0, 1)).center()
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=file_row)
    assert "it is not text (binary data)" in window.document.text.toPlainText()
    parser_row = panel.visualRect(panel.problems.index(1, 1)).center()
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=parser_row)
    assert tree_ids(window) == ["09MEXICO200"]
    _select(qtbot, window, "09MEXICO200")
    assert "routing header without a date-time group" in window.document.problems.text()
    FOLDERS.pop(folder)


def test_first_cables_show_while_loading_and_cancel_stops_it(qtbot, window, held_folder):
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.open_path(held_folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=WAIT_MS)
    assert window.loader.loading and window.cancel_button.isVisible()
    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == [True]
    assert window.model.rowCount() == 3 and not window.cancel_button.isVisible()


def test_a_second_folder_replaces_the_first_cleanly(qtbot, window, held_folder, tmp_path):
    second = register(
        write_cables(tmp_path / "second", sample_cables()[6:]),
        sample_cables()[6:],
        tmp_path / "second-index",
    )
    try:
        window.open_path(held_folder)
        qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=WAIT_MS)
        first_index = window.loader.index()
        open_and_wait(qtbot, window, second)
        assert sorted(tree_ids(window)) == sorted(c.id for c in sample_cables()[6:])
        assert first_index.closed
        qtbot.waitUntil(lambda: not window.loader._retired, timeout=WAIT_MS)  # old threads end
        assert sorted(tree_ids(window)) == sorted(c.id for c in sample_cables()[6:])
    finally:
        FOLDERS.pop(second, None)


def test_one_recent_folder_and_one_earlier_query_come_back_whole(qtbot, tmp_path):
    """QSettings writes a list of one as a plain string (``recent=/data/cables`` in the
    file) and reads it back as a str: at the next start, the one recent folder became a
    menu of single characters (/, d, a, t, a...) and the one earlier query its letters."""
    ini = tmp_path / "settings.ini"
    written = QSettings(str(ini), QSettings.Format.IniFormat)
    written.setValue("recent", ["/data/cables"])
    written.setValue("query/history", ["nuclear"])
    written.sync()
    assert "recent=/data/cables" in ini.read_text()  # as Qt wrote it, not a list
    del written
    ini.write_text(ini.read_text())  # (read from the file, as a new start reads it)
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(window)
    assert window.recent_folders() == ["/data/cables"]
    assert [a.text() for a in window.recent_menu.actions()] == ["/data/cables"]
    assert window.pane.query.history == ["nuclear"]
    window.loader.shutdown()


def test_last_folder_reopens_at_start_with_layout_and_sorting(qtbot, settings, folder):
    first = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(first)
    first.show()
    open_and_wait(qtbot, first, folder)
    with qtbot.waitSignal(first.resultsShown, timeout=WAIT_MS):
        first.tree.header().setSortIndicator(Column.ID, Qt.SortOrder.DescendingOrder)
    assert tree_ids(first) == sorted(tree_ids(first), reverse=True)
    first.splitter.setSizes([250, 700, 450])
    sizes = first.splitter.sizes()
    first.close()

    again = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(again)
    again.show()
    assert again.recent_folders() == [folder]
    with qtbot.waitSignal(again.loadingFinished, timeout=WAIT_MS):
        again.start([])
    assert again.loader.root == folder
    assert again.sort_order() == ("id", True)
    assert again.splitter.sizes()[0] == sizes[0]  # the others shrink to the (small) screen
    qtbot.waitUntil(lambda: len(tree_ids(again)) == 10, timeout=WAIT_MS)
    assert tree_ids(again) == sorted(tree_ids(again), reverse=True)
    again.close()


def test_dropping_a_folder_opens_it(qtbot, window, folder):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(folder)])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):
        window.dropEvent(event)
    assert window.loader.root == folder


def test_a_missing_path_is_reported_not_opened(window, tmp_path):
    assert not window.open_path(Path(tmp_path / "nowhere"))
    assert "does not exist" in window.statusBar().currentMessage()


def test_a_cable_says_loading_until_it_comes_and_one_left_behind_is_dropped(
        qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    ids = tree_ids(window)
    first, second = window.model.index(0, 0), window.model.index(1, 0)
    view, reads = window.document, FOLDERS[folder].reads_open
    shown: list[int] = []
    window.cableShown.connect(shown.append)
    reads.clear()  # a slow read: the look-up thread waits in index.cable
    try:
        window.tree.setCurrentIndex(first)
        assert view.loading and view.cable is None and view.key == first.data(Role.KEY)
        assert view.text.toPlainText() == "Loading…"
        assert view.title.text().startswith(ids[0])  # what the tree row knows already
        assert view.top_banner.isVisible()
        window.tree.setCurrentIndex(second)  # moved on before the first came
        assert view.loading and view.title.text().startswith(ids[1])
        with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
            reads.set()
    finally:
        reads.set()
    # the first answer came before the second (one look-up thread) and was dropped
    assert shown == [second.data(Role.KEY)]
    assert view.cable.id == ids[1] and not view.loading
    assert view.text.toPlainText().startswith("VZCZCXRO7705")


def test_an_expanded_cable_says_loading_until_its_children_come(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    row = window.model.index(2, 0)
    key = row.data(Role.KEY)
    reads = FOLDERS[folder].reads_open
    reads.clear()
    try:
        window.tree.expand(row)
        assert window.tree.isExpanded(row) and window.model.waiting(key)
        loading = window.model.index(0, 0, row)
        assert loading.data() == "Loading…" and loading.data(Role.KIND) == NodeKind.PLACEHOLDER
        assert window.tree.isFirstColumnSpanned(0, row)
        with qtbot.waitSignal(window.childrenShown, timeout=WAIT_MS) as arrived:
            reads.set()
    finally:
        reads.set()
    assert arrived.args == [key] and window.tree.isExpanded(row)  # still open
    labels = [window.model.index(r, 0, row).data() for r in range(window.model.rowCount(row))]
    cable = next(c for c in sample_cables() if c.id == row.siblingAtColumn(Column.ID).data())
    assert "Loading…" not in labels and f"From: {cable.from_.name}" in labels
    assert all(window.tree.isFirstColumnSpanned(r, row) for r in range(len(labels)))
    # collapsed and opened again: at once, from what the model kept
    window.tree.collapse(row)
    window.tree.expand(row)
    assert not window.model.waiting(key) and window.model.rowCount(row) == len(labels)


def test_every_row_expanded_at_once_satisfies_the_model_tester(
        qtbot, qtmodeltester, window, folder):
    open_and_wait(qtbot, window, folder)
    keys = list(window.model.keys)
    # the tester expands every cable (each asks the look-up thread for its children) and
    # stays connected: it checks each insertion of children and removal of "Loading…"
    qtmodeltester.check(window.model, force_py=True)
    assert any(window.model.waiting(k) for k in keys)
    qtbot.waitUntil(lambda: not any(window.model.waiting(k) for k in keys), timeout=WAIT_MS)
    assert all(window.model.rowCount(window.model.index(r, 0)) > 5 for r in range(len(keys)))


def test_the_raw_file_text_is_read_off_the_ui_thread(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    _select(qtbot, window, "07PRAGUE497")
    view = window.document
    with qtbot.waitSignal(view.textShown, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert view.text.toPlainText() == "Loading the file text…"
    # the file as it is on disk, without the parsed view's markings
    on_disk = next(Path(folder).rglob("07PRAGUE497.txt")).read_text(encoding="utf-8")
    assert view.text.toPlainText().strip() == on_disk.strip()
    assert view.marking_spans() == []
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert view.text.toPlainText().startswith("VZCZCXRO7705") and view.marking_spans() != []
    # the next cable comes with its raw text while the switch is on
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.step_cable(1)
    assert view.raw_button.isChecked() and view.marking_spans() == []
    assert view.text.toPlainText().startswith("VZCZCXRO7705")
    view.raw_button.setChecked(False)


def test_the_raw_text_of_a_file_gone_since_it_was_read_does_not_pass_for_the_file(
    qtbot, window, tmp_path
):
    """A file moved or deleted after the folder was read: Ctrl+R showed the text the index
    kept under the bar "Raw file text: the file exactly as it is" (there was no file)."""
    root = register(write_cables(tmp_path / "cables", sample_cables()), [], tmp_path / "cache")
    try:
        open_and_wait(qtbot, window, root)
        _select(qtbot, window, "07PRAGUE497")
        gone = next(Path(root).rglob("07PRAGUE497.txt"))
        kept = gone.read_text(encoding="utf-8")
        gone.rename(tmp_path / "elsewhere.txt")
        view = window.document
        with qtbot.waitSignal(view.textShown, timeout=WAIT_MS):
            qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert view.raw_bar.isVisible() and "exactly as it is" not in view.raw_bar.text()
        assert f"{gone} could not be read (no such file or directory)" in view.raw_bar.text()
        assert "the text the index kept" in view.raw_bar.text()
        assert view.text.toPlainText().strip() == kept.strip()
        # the file back: the bar of the next raw text is the usual one
        (tmp_path / "elsewhere.txt").rename(gone)
        with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
            window.step_cable(1)
        qtbot.waitUntil(lambda: "Loading" not in view.text.toPlainText(), timeout=WAIT_MS)
        assert "exactly as it is" in view.raw_bar.text()
        view.raw_button.setChecked(False)
    finally:
        FOLDERS.pop(root)


def test_rows_come_in_as_the_tree_scrolls_not_as_cables_expand(qtbot, window, folder):
    window.model.PAGE = 2
    window.tree.setFixedHeight(110)  # a few rows to a screen
    open_and_wait(qtbot, window, folder)
    qtbot.waitUntil(lambda: not window.tree.fetching, timeout=WAIT_MS)
    fetched = window.model.rowCount()
    assert 2 <= fetched < 10 and window.model.more_rows()  # a screen or two, not all ten
    # expanding and collapsing lays the tree out again: no more rows for that
    for row in range(2):
        expand_and_wait(qtbot, window, window.model.index(row, 0))
        window.tree.collapse(window.model.index(row, 0))
    qtbot.waitUntil(lambda: not window.tree.fetching, timeout=WAIT_MS)
    assert window.model.rowCount() == fetched
    # scrolled to the end of what it has, the tree fetches the rest a page at a time
    def scrolled_to_the_end() -> bool:
        window.tree.scrollToBottom()
        return not window.model.more_rows()

    qtbot.waitUntil(scrolled_to_the_end, timeout=WAIT_MS)
    assert window.model.rowCount() == 10


def test_the_cables_expanded_are_open_again_after_a_new_order(qtbot, window, folder):
    """A new answer resets the tree (every row collapsed): the cables that were expanded,
    and only those, are expanded again where they now are."""
    open_and_wait(qtbot, window, folder)
    model = window.model
    keys = [model.index(r, 0).data(Role.KEY) for r in range(model.rowCount())]
    for row in (1, 3, 5):
        expand_and_wait(qtbot, window, model.index(row, 0))
    window.tree.collapse(model.index(3, 0))
    box = window.sort_choice
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        box.setCurrentIndex(box.findText("Origin"))
        box.activated.emit(box.currentIndex())
    after = [model.index(r, 0).data(Role.KEY) for r in range(model.rowCount())]
    assert after != keys and sorted(after) == sorted(keys)
    expanded = {after[r] for r in range(model.rowCount())
                if window.tree.isExpanded(model.index(r, 0))}
    assert expanded == {keys[1], keys[5]}
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):  # and again, from those
        box.setCurrentIndex(box.findText("Date"))
        box.activated.emit(box.currentIndex())
    assert [r for r in range(model.rowCount()) if window.tree.isExpanded(model.index(r, 0))] \
        == [1, 5]


def test_an_answers_first_page_comes_with_it_and_is_not_read_on_the_ui_thread(
    qtbot, window, folder
):
    """Out of the system's cache (a restart), the UI thread's read of the first page's rows
    held the window 0.1-0.4 s at 250,000 cables: the query thread reads them with the keys."""
    open_and_wait(qtbot, window, folder)
    read: list[list[int]] = []
    source = window.model._hits
    assert source is not None
    window.model._hits = lambda keys: read.append(list(keys)) or source(keys)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "MARR")
    assert sorted(tree_ids(window)) == ["06MOSCOW5801", "07PRAGUE486", "07PRAGUE497"]
    assert read == []  # the rows' hits came with the answer
    assert all(window.model.painted_row(window.model.index(r, 0)) is not None for r in range(3))


def test_the_empty_problems_panel_says_why_it_is_empty(qtbot, window, held_folder):
    """Before a folder, while it loads, once loaded: the panel with no row says which, not
    a blank table."""
    assert window.problems.empty_text == problems_panel.NO_FOLDER
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.open_path(held_folder)
    assert window.problems.empty_text == problems_panel.NONE_YET
    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert window.problems.problems.rowCount() == 0
    assert window.problems.empty_text == problems_panel.NONE
