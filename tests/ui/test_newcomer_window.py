"""The window as a newcomer meets it: what each pane says when there is nothing to show, a
new folder, REF links and Back, the raw text, chips, origins and problem sentences, the
window's size on a small screen, the query syntax page and About."""

from __future__ import annotations

import os
from pathlib import Path

from held_index import FOLDERS, open_index, register
from invented import sample_cables, write_cables
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle
from waiting import WAIT_MS, open_and_wait
from window_steps import tree_ids

import reader
from reader.index.rows import origin_of
from reader.parser.parse import parse_cable
from reader.query.query import FacetValue, Filter
from reader.ui.app import RESOURCES
from reader.ui.models.cable_tree import Column, Role
from reader.ui.models.problems import ProblemsModel
from reader.ui.widgets.chip_delegate import chip_font, chip_text, chip_width
from reader.ui.widgets.document_view import RAW_BACKGROUND
from reader.ui.widgets.main_window import DEFAULT_SIZE, MainWindow, default_size
from reader.ui.widgets.query_help import README, query_syntax_section

SELECT = "Select a cable to read it."


def _select(qtbot, window: MainWindow, cable_id: str) -> None:  # noqa: ANN001
    row = tree_ids(window).index(cable_id)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(window.model.index(row, 0))


# -- panes and states ---------------------------------------------------------------------------
def test_with_nothing_selected_the_document_says_what_to_do(qtbot, window, folder):
    assert window.document.text.toPlainText() == SELECT
    open_and_wait(qtbot, window, folder)
    assert not window.tree.currentIndex().isValid()
    assert window.document.text.toPlainText() == SELECT  # not "Loading…" for ever
    assert not window.document.raw_button.isEnabled()  # nothing to show raw


def test_a_folder_without_cables_says_so_and_what_is_read(qtbot, window, tmp_path):
    """An empty folder once left "Select a cable" and "0 of 0 cables": no word of why."""
    empty = tmp_path / "empty"
    (empty / "notes").mkdir(parents=True)
    (empty / "notes" / "todo.md").write_text("not a cable")
    root = register(empty, [], tmp_path / "cache")
    try:
        open_and_wait(qtbot, window, root)
        qtbot.waitUntil(lambda: window.document.text.toPlainText() != SELECT, timeout=WAIT_MS)
        text = window.document.text.toPlainText()
        assert text.startswith(f"No cables in {root}: Cable Reader reads")
        assert ".csv, .htm, .html, .txt" in text and "Open Folder (Ctrl+O)" in text
    finally:
        FOLDERS.pop(root)


def test_a_folder_whose_cable_files_cannot_be_read_names_that_as_the_cause(qtbot, window, tmp_path):
    """A folder of binary files named .txt, or a named pipe opened as a file, said "No
    cables in ...: Cable Reader reads cable texts ... (.txt)" above the reasons: the wrong
    cause."""
    junk = tmp_path / "junk"
    junk.mkdir()
    for name in ("a.txt", "b.html"):
        (junk / name).write_bytes(bytes(range(256)) * 40)
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    roots = [register(junk, [], tmp_path / "cache"), register(pipe, [], tmp_path / "cache")]
    try:
        open_and_wait(qtbot, window, roots[0])
        qtbot.waitUntil(lambda: window.document.text.toPlainText() != SELECT, timeout=WAIT_MS)
        text = window.document.text.toPlainText()
        assert text.startswith(
            f"No cables in {roots[0]}: of its 2 cable files, none could be read. Each is listed"
            " under Problems with the reason."
        )
        assert "Cable Reader reads" not in text
        assert [r.reason for r in window.problems.problems.rows] == [
            "it is not text (binary data)"
        ] * 2
        open_and_wait(qtbot, window, roots[1])
        qtbot.waitUntil(
            lambda: window.document.text.toPlainText().startswith(f"{roots[1]} could not be"),
            timeout=WAIT_MS,
        )
        assert window.document.text.toPlainText().startswith(
            f"{roots[1]} could not be read: it is a named pipe (FIFO), not a regular file: not"
            " read.\n"
        )
    finally:
        for root in roots:
            FOLDERS.pop(root)


def test_a_filter_that_matches_nothing_says_so_in_the_tree(qtbot, window, folder):
    """A blank tree once left the analyst to find "0 of 10 cables" in the status bar."""
    open_and_wait(qtbot, window, folder)
    assert window.tree.empty_text == ""
    window.pane.query.setText("zzyzx")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() == 0
    total = window.loader.index().total()
    assert window.tree.empty_text == (
        "No cable matches the filters.\n\nClear All Filters (Ctrl+Shift+Backspace) shows all"
        f" {total:,} cables."
    )
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.clear_action.trigger()
    assert window.model.rowCount() == total and window.tree.empty_text == ""


def test_a_field_value_no_cable_has_is_named_under_the_query(qtbot, window, folder):
    """``tag:PRELL`` gave an empty tree and nothing else: the pane now names the term and
    the nearest values, looked up off the UI thread, and the note goes with the query."""
    open_and_wait(qtbot, window, folder)
    tags = {v for _, v in window.loader.index().values("tag")}
    assert "PREL" in tags and "PRELL" not in tags
    window.pane.query.setText("tag:PRELL")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    qtbot.waitUntil(lambda: "tag:PRELL is no TAGS value" in window.pane.notice.text())
    assert "the nearest: PREL" in window.pane.notice.text()
    assert window.pane.notice.isVisibleTo(window)
    window.pane.query.setText("tag:PREL")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.pane.notice.text() == "" and not window.pane.notice.isVisibleTo(window)


def test_an_excluded_value_no_cable_has_is_said_to_leave_nothing_out(qtbot, window, folder):
    """``-tag:PRELL zzyzx`` said under the query that tag:PRELL "matches nothing", beside the
    word that empties the answer; ``-copy:other`` (each cable once) was said to match
    nothing in a folder that holds no cable twice."""
    open_and_wait(qtbot, window, folder)
    assert window.loader.index().values("copy") == []
    window.pane.query.setText("-tag:PRELL zzyzx")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    qtbot.waitUntil(lambda: window.pane.notice.text() != "", timeout=WAIT_MS)
    assert window.pane.notice.text() == (
        "tag:PRELL is no TAGS value of these cables, so excluding it leaves nothing out; the"
        " nearest: PREL.\nzzyzx is in no cable of these, so it matches nothing."
    )
    window.pane.query.setText("zzyzx NOT copy:other")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    said = "zzyzx is in no cable of these, so it matches nothing."
    qtbot.waitUntil(lambda: window.pane.notice.text() == said, timeout=WAIT_MS)


def test_a_date_no_cable_was_written_is_named_under_the_query(qtbot, window, folder):
    """``date:2099`` gave an empty tree and "No cable matches" without a word of why: the
    pane now says when the folder's cables were written."""
    open_and_wait(qtbot, window, folder)
    months = sorted(v for _, v in window.loader.index().values("month") if v[:4].isdigit())
    assert months and not any(m.startswith("2099") for m in months)
    window.pane.query.setText("date:2099")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() == 0
    said = "date:2099: no cable is dated then, so it matches nothing; these cables are dated"
    qtbot.waitUntil(lambda: said in window.pane.notice.text(), timeout=WAIT_MS)
    assert f" to {months[-1][:4]}-" in window.pane.notice.text()
    assert window.pane.notice.isVisibleTo(window)


def test_a_misspelt_word_is_named_under_the_query_with_the_words_like_it(qtbot, window, folder):
    """``missle`` gave "No cable matches the filters" and nothing else."""
    open_and_wait(qtbot, window, folder)
    window.pane.query.setText("missle")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() == 0
    qtbot.waitUntil(lambda: window.pane.notice.text() != "", timeout=WAIT_MS)
    assert window.pane.notice.text().startswith(
        "missle is in no cable of these, so it matches nothing; the nearest words there are:"
        " missile"
    )
    window.pane.query.setText("missile")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() > 0
    assert window.pane.notice.text() == "" and not window.pane.notice.isVisibleTo(window)


def test_a_query_that_fails_shows_no_rows_of_the_query_before_and_says_why(
    qtbot, window, folder, tmp_path, monkeypatch
):
    """``is:starred`` with annotations that cannot be opened left every cable of the query
    before in the tree, under the chip "is:starred", and said why only in the status bar."""
    from reader.annotate.annotations import DATA_DIR_ENV

    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine")
    monkeypatch.setenv(DATA_DIR_ENV, str(not_a_folder))
    open_and_wait(qtbot, window, folder)
    assert window.model.rowCount() > 0
    window.pane.query.setText("is:starred")
    with qtbot.waitSignal(window.loader.queryFailed, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() == 0
    assert window.tree.empty_text.startswith(
        f"The query could not be answered:\n\ncannot open your annotations at {not_a_folder}"
    )
    assert window.count_label.text().startswith("0 of ")
    window.pane.query.setText("")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() > 0 and window.tree.empty_text == ""
    assert not_a_folder.read_text() == "mine"


def test_a_missing_path_says_so_in_the_window(qtbot, window, tmp_path):
    missing = tmp_path / "nonexistent"
    window.start([str(missing)])
    assert window.document.title.text() == "Nothing to open"
    text = window.document.text.toPlainText()
    assert f"{missing} does not exist" in text and "Open Folder" in text
    assert window.count_label.text() == "No folder open"


def test_a_new_folder_clears_every_pane(qtbot, window, folder, tmp_path):
    second = register(
        write_cables(tmp_path / "second", sample_cables()[6:]),
        sample_cables()[6:],
        tmp_path / "second-index",
    )
    try:
        open_and_wait(qtbot, window, folder)
        window.thread_dock.show()
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS):
            _select(qtbot, window, "07PRAGUE497")
        assert window.thread_view.model.thread.root == "07PRAGUE497"
        open_and_wait(qtbot, window, second)
        assert "07PRAGUE497" not in tree_ids(window)
        assert window.thread_view.model.thread is None
        assert window.thread_view.model.rowCount() == 0
        assert window.thread_view.heading.full_text().startswith("Select a cable")
        assert window.document.key is None and window.document.cable is None
        assert window.document.text.toPlainText() == SELECT
        assert window.document.title.text() == ""
        assert not window.document.top_banner.isVisible()
        window.go_back()  # nothing to go back to from the first folder
        assert window.document.key is None
    finally:
        FOLDERS.pop(second, None)


def test_back_returns_to_the_ref_line_the_link_was_followed_from(qtbot, window, folder):
    window.resize(1000, 560)  # a short document: the REF line is not at the top
    open_and_wait(qtbot, window, folder)
    _select(qtbot, window, "07PRAGUE497")
    text = window.document.text
    rect = window.document.link_rect("07PRAGUE486")
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.cable.id == "07PRAGUE486"
    assert window.tree.currentIndex().data(Role.KEY) == window.document.key  # the tree follows
    text.verticalScrollBar().setValue(0)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.document.cable.id == "07PRAGUE497"
    assert window.tree.currentIndex().data(Role.KEY) == window.document.key
    cursor = text.textCursor()
    assert cursor.position() > 0  # not the top of the cable
    assert cursor.selectedText() == "PRAGUE 486"  # the link followed, selected
    assert cursor.block().text().startswith("REF:")  # the REF line, at the link, in view
    assert text.cursorRect().intersects(window.document.link_rect("07PRAGUE486"))
    assert text.cursorRect().intersects(text.viewport().rect())


def test_a_link_to_a_cable_the_filter_hides_leaves_no_old_row_marked(qtbot, window, folder):
    open_and_wait(qtbot, window, folder)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("origin", "Embassy Ankara")
    _select(qtbot, window, "08ANKARA1001")
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        assert window.document.open_reference("07PRAGUE497")
    assert window.document.cable.id == "07PRAGUE497"
    assert not window.tree.currentIndex().isValid()
    assert window.tree.selectionModel().selectedRows() == []
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.go_back()
    current = window.tree.currentIndex()
    assert window.model.index(current.row(), Column.ID).data() == "08ANKARA1001"


def _corner(window: MainWindow) -> QColor:
    viewport = window.document.text.viewport()
    image = viewport.grab().toImage()
    return image.pixelColor(image.width() - 3, image.height() - 3)


def test_raw_file_text_looks_plainly_different(qtbot, window, folder):
    app = QApplication.instance()
    app.setStyleSheet((RESOURCES / "styles" / "app.qss").read_text(encoding="utf-8"))
    try:
        _raw_and_back(qtbot, window, folder)
    finally:
        app.setStyleSheet("")


def _raw_and_back(qtbot, window, folder) -> None:  # noqa: ANN001
    """Ctrl+R and back, with the application's own style sheet."""
    open_and_wait(qtbot, window, folder)
    _select(qtbot, window, "07PRAGUE497")
    document = window.document
    parsed = _corner(window)
    assert not document.raw_bar.isVisible()
    with qtbot.waitSignal(document.textShown, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert document.raw_bar.isVisible()
    assert document.raw_bar.text().startswith("Raw file text")
    assert _corner(window) == QColor(RAW_BACKGROUND) != parsed
    with qtbot.waitSignal(document.textShown, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not document.raw_bar.isVisible()
    assert _corner(window) == parsed


def test_chips_are_whole_when_they_have_room(qtbot, window, folder):
    font = chip_font(QFont(window.tree.font()))
    key = font.toString()
    levels = [
        "UNCLASSIFIED",
        "SECRET//NOFORN",
        "CONFIDENTIAL",
        "TOP SECRET",
        "LIMITED OFFICIAL USE",
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    ]
    levels += [c.classification for c in sample_cables() if c.classification]
    for text in levels:
        assert chip_text(text, key, chip_width(text, font)) == text
    # with less room than the text needs, the chip is elided, not clipped
    short = chip_text("UNCLASSIFIED", key, chip_width("UNCLASSIFIED", font) - 10)
    assert short.endswith("…") and len(short) < len("UNCLASSIFIED")
    # the tree's classification column has room for the samples' classifications
    width = window.tree.header().sectionSize(Column.CLASSIFICATION)
    assert chip_width("SECRET//NOFORN", font) < width


def test_the_document_and_the_references_panel_count_citers_alike(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    window.thread_dock.show()
    with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
        _select(qtbot, window, "07PRAGUE540")
    direct = len(window.document.cited_ids)
    labels = [window.document.cited_by.layout().itemAt(0).widget().text()]
    assert labels == [f"Cited directly by {direct}:"]
    thread = shown.args[0]
    every = len({n.id for _, n in thread.thread.down.walk()} - {thread.root})
    assert direct < every  # the samples' chain: cited directly by 2, by 5 in all
    model = window.thread_view.model
    assert model.index(1, 0).data() == f"Cited by ({direct} directly, {every} in all)"


def test_origins_keep_acronyms_and_lose_stray_codes():
    def origin(fm: str) -> str:
        text = f"R 011200Z MAY 07\nFM {fm}\nTO SECSTATE WASHDC 0001\n\nSUBJECT: X\n\n1. Hi.\n"
        return origin_of(parse_cable(text))

    assert origin("RPO DUBAI") == "RPO Dubai"
    assert origin("AIT TAIPEI") == "AIT Taipei"
    assert origin("REO BASRAH") == "REO Basrah"
    assert origin("IRAN RPO DUBAI") == "Iran RPO Dubai"
    assert origin("USDEL SECRETARY//EUROPE//") == "USDEL Secretary (Europe)"
    assert origin("AMEMBASSY TRIPOLI LY") == origin("AMEMBASSY TRIPOLI") == "Embassy Tripoli"
    assert origin("AMEMBASSY PORT AU PRINCE") == "Embassy Port Au Prince"
    assert origin("USMISSION USUN NEW YORK") == "Mission USUN New York"


def test_problem_reasons_are_sentences_with_acronyms_in_capitals(qtmodeltester):
    model = ProblemsModel()
    codes = ["no-dtg", "no-id", "no-banner", "some-new-ref-problem"]
    model.set_parser_problems([FacetValue(c, 1) for c in codes])
    qtmodeltester.check(model, force_py=True)
    reasons = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert reasons[0] == "The routing header has no date-time group (DTG)."
    assert "reference ID" in reasons[1]
    assert reasons[3] == "Some new REF problem."
    for reason in reasons:
        assert reason[0].isupper() and reason.endswith("."), reason
        assert "Dtg" not in reason and "No id" not in reason


# -- the window's size ------------------------------------------------------------------------
def test_the_default_size_fits_the_screen():
    assert default_size(QRect(0, 0, 1920, 1080)) == DEFAULT_SIZE
    assert default_size(QRect(0, 0, 1280, 800)) == QSize(1216, 760)
    assert default_size(QRect(0, 0, 1024, 700)) == QSize(972, 665)


def test_a_first_window_fits_its_small_screen(qtbot, settings):
    window = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert available.width() < DEFAULT_SIZE.width()  # the offscreen screen is small
    window.show()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSizeHint().height() <= 700
    QApplication.processEvents()  # the docks' first sizes are laid out
    assert window.thread_dock.isVisible()
    assert abs(window.thread_dock.height() - window.height() // 4) <= 2  # not a fixed 250 px
    window.loader.shutdown()


def test_docks_shrink_with_the_window_and_keep_their_size(qtbot, settings, folder):
    window = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(window)
    window.show()
    window.resize(1480, 900)
    qtbot.waitUntil(lambda: window.height() == 900, timeout=WAIT_MS)
    window.resizeDocks([window.thread_dock], [250], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: window.thread_dock.height() == 250, timeout=WAIT_MS)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.height() == 700, timeout=WAIT_MS)
    QApplication.processEvents()  # the docks' new sizes are laid out
    dock = window.thread_dock.height()
    assert dock < 250 and abs(dock / 700 - 250 / 900) < 0.02  # its share, not its pixels
    lines = (
        window.document.text.viewport().height() / window.document.text.fontMetrics().lineSpacing()
    )
    assert lines > 15
    window.close()  # saves the layout

    again = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.thread_dock.isVisible(), timeout=WAIT_MS)
    assert again.height() == 700  # (its width shrinks to the 800 px offscreen screen)
    assert abs(again.thread_dock.height() - dock) <= 2
    again.close()


# -- help -------------------------------------------------------------------------------------
def _readme_rows() -> list[str]:
    """The first cell of each row of the README's query syntax table, as plain text."""
    section = query_syntax_section(README)
    assert section is not None
    rows = [ln for ln in section.splitlines() if ln.startswith("| ")][2:]  # after the header
    return [ln.split("|")[1].strip().replace("`", "") for ln in rows]


def test_the_query_syntax_page_shows_the_readme_table(qtbot, window):
    rows = _readme_rows()
    assert len(rows) > 15 and "-visit or NOT visit" in rows
    assert window.query_help_action in window.pane.query.actions()  # from the query field
    window.query_help_action.trigger()
    page = window.query_syntax
    assert page.isVisible()
    table = page.browser.document().toPlainText()
    for row in rows:
        assert row in table, row
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.query_help_action in help_menu.actions()
    assert window.about_action in help_menu.actions()
    page.close()


def test_about_gives_the_version(qtbot, window):
    window.about_action.trigger()
    box = window.about_box
    assert box.isVisible()
    assert f"Cable Reader {reader.__version__}" in box.text()
    box.close()


def test_the_readme_is_where_the_page_looks(tmp_path: Path):
    assert README.is_file()
    (tmp_path / "README.md").write_text("# X\n\n### Query syntax\n\nWords.\n\n## Next\n")
    assert query_syntax_section(tmp_path / "README.md") == "Words."
    # an installed wheel has no README.md: the package's description is the same text
    from_metadata = query_syntax_section(tmp_path / "missing.md")
    assert from_metadata is not None and "`tag:PREL`" in from_metadata


def test_an_empty_answer_of_parts_says_in_the_tree_what_each_matches_alone(qtbot, window, folder):
    """``tag:X origin:Y``, each with cables but none with both, said only "No cable matches
    the filters"; the tree now says what each part matches alone, counted off the UI thread."""
    open_and_wait(qtbot, window, folder)
    index = window.loader.index()

    def count(query: str) -> int:
        return len(index.keys(Filter(query)))

    tags = sorted({v for _, v in index.values("tag")})
    origins = sorted({v for _, v in index.values("origin")})
    tag, origin = next(
        (t, o) for t in tags for o in origins
        if count(f'tag:{t} origin:"{o}"') == 0 and count(f"tag:{t}") and count(f'origin:"{o}"')
    )  # fmt: skip
    window.pane.query.setText(f'tag:{tag} origin:"{origin}"')
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() == 0
    shown = f'origin:"{origin}"' if " " in origin else f"origin:{origin}"
    said = (
        "No cable matches the filters.\n\nNo cable matches all of these together (each counted"
        f" alone): tag:{tag} ({count(f'tag:{tag}'):,}), {shown} ({count(shown):,}).\n\n"
    )
    qtbot.waitUntil(lambda: window.tree.empty_text.startswith(said), timeout=WAIT_MS)


def test_an_id_no_cable_has_says_in_the_tree_which_ids_are_nearest(qtbot, window, folder):
    """``id:`` of an ID with a typo (its post's letters swapped) said only "No cable matches
    the filters"; the tree now says no cable has it and names the nearest IDs, looked up off
    the UI thread; an ID one cable has gets no such note."""
    from reader.parser.ids import ID_RE

    open_and_wait(qtbot, window, folder)
    index = window.loader.index()
    ident = next(i for i in index.ids(index.keys(Filter())) if ID_RE.match(i))
    m = ID_RE.match(ident)
    assert m is not None
    post = m["post"][:-2] + m["post"][-1] + m["post"][-2]  # PRAGUE -> PRAGEU
    typo = m["year"] + post + m["serial"]
    assert index.count(Filter(f"id:{typo}")) == 0
    window.pane.query.setText(f"id:{typo}")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() == 0
    said = f"No cable matches the filters.\n\nid:{typo} matches nothing here: no cable of these"
    qtbot.waitUntil(lambda: window.tree.empty_text.startswith(said), timeout=WAIT_MS)
    assert ident in window.tree.empty_text.split("the nearest IDs: ")[1]


def test_the_date_and_most_ids_are_whole_in_an_unread_row(qtbot, window, folder):
    """Every row of a folder opened for the first time is unread, in bold: its full date,
    and an ID as long as most, fit their columns (with Qt's margins and the tree's branches
    before the date), rather than ending in "…"."""
    open_and_wait(qtbot, window, folder)
    tree = window.tree
    bold = QFont(tree.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    margins = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    header = tree.header()
    date = header.sectionSize(Column.DATE) - tree.indentation() - margins
    assert metrics.horizontalAdvance("2009-12-31") <= date
    assert metrics.horizontalAdvance("05NEWDELHI4721") <= header.sectionSize(Column.ID) - margins

    def bold_row() -> bool:  # the rows are unread: bold, once the read states have come
        row = window.model.painted_row(window.model.index(0, 0))
        return row is not None and row[0][Column.DATE].bold

    qtbot.waitUntil(bold_row, timeout=WAIT_MS)


def test_the_subject_shows_beside_the_other_columns_in_the_default_window(
        qtbot, window, folder):
    """In the window's first size, the Subject (what an analyst scans the rows for) has
    room on screen after the Date, ID, Origin and Classification columns, without
    scrolling sideways."""
    window.resize(DEFAULT_SIZE)
    window.show()
    qtbot.waitExposed(window)
    open_and_wait(qtbot, window, folder)
    tree = window.tree
    start = tree.header().sectionViewportPosition(Column.SUBJECT)
    shown = tree.viewport().width() - start
    assert shown >= 12 * QFontMetrics(tree.font()).averageCharWidth(), (start, shown)


def _edge(widget) -> QColor:  # noqa: ANN001 - a pane
    """A pixel of the pane's frame: its left edge, halfway down."""
    image = widget.grab().toImage()
    return image.pixelColor(0, image.height() // 2)


def test_the_pane_the_keys_are_in_is_framed(qtbot, window, folder):
    """Ctrl+1, Ctrl+2, Ctrl+3 moved the keys to the facets, the cables, the document, but
    only the facets showed it (their current value): the style sheet took the trees' focus
    rectangle away and the document has no caret to show, so the keys seemed to go
    nowhere."""
    app = QApplication.instance()
    app.setStyleSheet((RESOURCES / "styles" / "app.qss").read_text(encoding="utf-8"))
    try:
        open_and_wait(qtbot, window, folder)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        highlight = window.palette().color(window.palette().ColorRole.Highlight)
        panes = {Qt.Key.Key_1: window.pane.tree, Qt.Key.Key_2: window.tree,
                 Qt.Key.Key_3: window.document.text}  # fmt: skip
        for key, pane in panes.items():
            qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(pane.hasFocus)
            assert _edge(pane) == highlight, key
            assert all(_edge(other) != highlight for other in panes.values() if other is not pane)
    finally:
        app.setStyleSheet("")
