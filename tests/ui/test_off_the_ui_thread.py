"""The UI thread never parses a cable (issue 4: "the UI never stalls"), on the real index.

Selecting, expanding, following a REF and going back, the raw file text, Copy Citation and
the reference thread all read and parse off the UI thread; and a cable of several megabytes
goes into the document a part at a time and into the tree a page of rows at a time
(``benchmarks/ui.py`` measures the event loop's longest stall while it does).
"""

import sys
import threading
from pathlib import Path

import pytest
from held_index import FOLDERS, HeldIndex
from PySide6.QtCore import Qt
from waiting import WAIT_MS, expand_and_wait, open_and_wait

from reader.parser.parse import parse_cable
from reader.ui.loader import IndexOpener
from reader.ui.models.cable_tree import Column, NodeKind, Role
from reader.ui.widgets.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
#: A cable of the samples, the head of the big one below.
PRAGUE = SAMPLES / "2007" / "07PRAGUE512.txt"


@pytest.fixture
def parsing_threads(monkeypatch) -> list[threading.Thread]:
    """Every thread of this process that parses a cable, in order (the refresh's child
    process parses too, but not here)."""
    threads: list[threading.Thread] = []

    def recording(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread())
        return parse_cable(*args, **kwargs)

    # the parser itself: the index (index.cable) and the file readers import it where they
    # call it, so they meet the recording one; a module that imported it whole is patched too
    users = [m for name, m in list(sys.modules.items())
             if name.startswith("reader.") and getattr(m, "parse_cable", None) is parse_cable]
    assert any(m.__name__ == "reader.parser.parse" for m in users)
    for module in users:
        monkeypatch.setattr(module, "parse_cable", recording)
    return threads


def _row(window: MainWindow, cable_id: str):  # noqa: ANN202 - QModelIndex
    window.model.fetch_all()
    return next(window.model.index(r, 0) for r in range(window.model.rowCount())
                if window.model.index(r, Column.ID).data() == cable_id)


def test_reading_the_samples_parses_nothing_on_the_ui_thread(
        qtbot, real_window, parsing_threads):
    window = real_window
    open_and_wait(qtbot, window, str(SAMPLES))
    assert window.thread_dock.isVisible()  # the reference thread is read for each cable
    # select with the mouse's way and with the keyboard
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(_row(window, "07PRAGUE512"))
    window.tree.setFocus()
    for _ in range(3):
        with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
            qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    # expand the cable shown, and one that is not
    expand_and_wait(qtbot, window, window.tree.currentIndex())
    other = _row(window, "05TOKYO3310")
    expand_and_wait(qtbot, window, other)
    # a node of a cable not shown: the cable is read, then the node marked
    finding = window.model.index(0, 0, window.model.index(0, 0, other))
    assert finding.data(Role.KIND) == NodeKind.FINDING
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(finding)
    assert window.document.cable.id == "05TOKYO3310" and window.document.marked is not None
    # a REF link, and back
    assert not window.document.open_reference("05TOKYO2874")  # not in the folder
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(_row(window, "07PRAGUE540"))
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        assert window.document.open_reference("07PRAGUE512")
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.document.cable.id == "07PRAGUE540"
    # the raw file text, Copy Citation of the selected rows, the reference thread
    with qtbot.waitSignal(window.document.textShown, timeout=WAIT_MS):
        window.raw_action.trigger()
    assert "C O N F I D E N T I A L" in window.document.text.toPlainText()
    window.raw_action.trigger()
    window.tree.setFocus()
    with qtbot.waitSignal(window.citationCopied, timeout=WAIT_MS) as copied:
        window.copy_citation()
    assert copied.args[0].startswith("07PRAGUE540 (C) — ")
    qtbot.waitUntil(lambda: window.thread_view.model.thread is not None
                    and window.thread_view.model.thread.root == "07PRAGUE540", timeout=WAIT_MS)

    assert parsing_threads, "nothing was parsed: the recording missed the parser"
    assert threading.main_thread() not in parsing_threads


def _big_cable(paragraphs: int) -> str:
    """07PRAGUE512's header and ``paragraphs`` paragraphs of some 430 characters each."""
    head = PRAGUE.read_text(encoding="utf-8")
    head = head[: head.index("\n1. ")]
    body = "\n\n".join(f"{n % 999 + 1}. (C) " + "The delegation discussed the matter at some "
                       "length. " * 8 for n in range(paragraphs))
    return f"{head}\n{body}\n"


def test_a_cable_of_many_megabytes_is_read_off_the_ui_thread_and_shown_a_part_at_a_time(
        qtbot, real_window, parsing_threads, tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    text = _big_cable(24_000)  # 10 MB, 24,000 paragraphs
    (folder / "07PRAGUE512.txt").write_text(text, encoding="utf-8")
    (folder / "07PRAGUE540.txt").write_bytes((SAMPLES / "2007" / "07PRAGUE540.txt").read_bytes())

    window = real_window
    open_and_wait(qtbot, window, str(folder))
    big, small = _row(window, "07PRAGUE512"), _row(window, "07PRAGUE540")
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(small)
    view = window.document
    parts: list[int] = []
    view.text.document().contentsChange.connect(lambda _at, _gone, added: parts.append(added))
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(big)
        assert view.loading  # the read is on its way; the UI thread goes on
    assert view.text.toPlainText() == view.cable.text == text  # all of it
    assert len(view.cable.paragraphs) > 10_000
    # the text went in by parts no larger than FEED, one per turn of the event loop
    assert len(parts) > len(text) // view.FEED and max(parts) <= view.FEED + 1

    # expanded, a page of rows at once; the rest come as the view scrolls down to them
    expand_and_wait(qtbot, window, big)
    page = window.model.CHILD_PAGE
    assert window.model.rowCount(big) == page and window.model.more_children(big) > 23_000
    window.tree.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount(big) > page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.tree.fetching, timeout=WAIT_MS)
    assert window.model.rowCount(big) < 24_000  # what is on screen, not all of it
    window.model.fetch_children(big)
    rows = window.model.rowCount(big)
    assert rows > 24_000 and not window.model.more_children(big)
    last = window.model.index(rows - 1, 0, big)
    assert last.data(Role.KIND) == NodeKind.PARAGRAPH and window.tree.isFirstColumnSpanned(
        rows - 1, big)
    assert parsing_threads and threading.main_thread() not in parsing_threads




class RecordingOpener(IndexOpener):
    """An IndexOpener that notes which thread opens an index, and how."""

    opened: list[tuple[str, bool]] = []  # (how, on the UI thread?)

    def __call__(self, root: str):  # noqa: ANN204
        self.opened.append(("checked first", threading.current_thread() is threading.main_thread()))
        return super().__call__(root)

    def checked(self, root: str):  # noqa: ANN201
        self.opened.append(("checked before", threading.current_thread()
                            is threading.main_thread()))
        return super().checked(root)


def test_the_ui_thread_never_checks_the_index_pages(qtbot, settings, tmp_path):
    RecordingOpener.opened = []
    window = MainWindow(settings=settings, factory=RecordingOpener(tmp_path / "index"))
    qtbot.addWidget(window)
    try:
        open_and_wait(qtbot, window, str(SAMPLES))
        window.close()
        window.loader.shutdown()
        window = MainWindow(settings=settings, factory=RecordingOpener(tmp_path / "index"))
        qtbot.addWidget(window)
        open_and_wait(qtbot, window, str(SAMPLES))  # indexed before: opened at once
    finally:
        window.loader.shutdown()
    on_ui = [how for how, ui in RecordingOpener.opened if ui]
    elsewhere = [how for how, ui in RecordingOpener.opened if not ui]
    assert on_ui and set(on_ui) == {"checked before"}
    assert "checked first" in elsewhere


def test_an_index_is_checked_once_in_the_window_not_again_by_each_thread(
    qtbot, settings, tmp_path
):
    """The query thread checks the index's pages as it opens it; the look-up thread, started
    once that is done, does not check them again (at 250,000 cables, 0.1 s of CPU that
    delayed the first answer of a folder opened again)."""
    first = MainWindow(settings=settings, factory=RecordingOpener(tmp_path / "index"))
    qtbot.addWidget(first)
    try:
        open_and_wait(qtbot, first, str(SAMPLES))
    finally:
        first.close()
        first.loader.shutdown()
    RecordingOpener.opened = []
    window = MainWindow(settings=settings, factory=RecordingOpener(tmp_path / "index"))
    qtbot.addWidget(window)
    try:
        open_and_wait(qtbot, window, str(SAMPLES))  # indexed before: opened at once
        window.tree.setCurrentIndex(window.model.index(0, 0))  # a look-up: the cable read
        qtbot.waitUntil(lambda: window.document.cable is not None, timeout=WAIT_MS)
    finally:
        window.loader.shutdown()
    hows = [how for how, _ui in RecordingOpener.opened]
    assert hows.count("checked first") == 1, hows
    assert hows.count("checked before") >= 2, hows  # the UI thread's and the look-up's


class _ServerLike(HeldIndex):
    """The real index of a test's folder, taken for a store on a server (``remote``): the
    rows' hits wait until ``answering`` is set, as a server that does not answer, and may
    not be read on the window's thread at all (the test fails at once if they are)."""

    remote = True
    answering = threading.Event()
    readers: list[threading.Thread] = []

    def hits(self, keys, **kwargs):  # noqa: ANN001, ANN003, ANN201
        self.readers.append(threading.current_thread())
        assert threading.current_thread() is not threading.main_thread(), "rows read here"
        self.answering.wait()
        return super().hits(keys, **kwargs)


def _open_server_like(root: str) -> _ServerLike:
    return _ServerLike.open(root, cache_dir=FOLDERS[str(Path(root).resolve())].cache_dir)


def test_rows_of_a_server_that_does_not_answer_are_waited_for_off_the_ui_thread(
    qtbot, settings, folder, monkeypatch
):
    monkeypatch.setattr(_ServerLike, "answering", threading.Event())
    monkeypatch.setattr(_ServerLike, "readers", [])
    window = MainWindow(settings=settings, factory=_open_server_like)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.model.PAGE = 3
    try:
        with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):
            window.open_path(folder)
        # the first page is asked, and the window goes on: its rows wait, "…"
        qtbot.waitUntil(
            lambda: window.model.rowCount() == 3 and bool(_ServerLike.readers), timeout=WAIT_MS
        )
        assert window.model.rows_on_the_way()
        assert [window.model.index(r, 0).data() for r in range(3)] == ["…"] * 3
        window.tree.scrollToBottom()  # scrolled to the end: nothing more is asked meanwhile
        window.model.fetch_more_rows()
        assert window.model.rowCount() == 3
        _ServerLike.answering.set()  # the server answers: every page comes, one by one
        qtbot.waitUntil(
            lambda: (
                window.model.rowCount() == len(window.model.keys) == 10
                and not window.model.rows_on_the_way()
            ),
            timeout=WAIT_MS,
        )
        shown = sorted(window.model.index(r, Column.ID).data() for r in range(10))
        assert shown == sorted(c.id for c in FOLDERS[folder].cables)
        assert len(_ServerLike.readers) >= 4  # a page at a time
        assert threading.main_thread() not in _ServerLike.readers
    finally:
        _ServerLike.answering.set()
        window.loader.shutdown()
