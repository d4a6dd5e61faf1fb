"""The thread view on the samples' chain of seven cables, walked with the keyboard.

resources/samples/README.md, thread 1: 07STATE58211 <- 07PRAGUE512 <- 07PRAGUE540 <-
07ANKARA1391 <- 07STATE71840 <- 08ABUDHABI744 <- 09STATE112407 (each cites the one before).
"""

from held_index import FOLDERS
from invented import sample_cables
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from waiting import WAIT_MS, open_and_wait

from reader.index.threads import CableThread
from reader.ui.models.cable_tree import Column, Role
from reader.ui.models.thread import ThreadColumn
from reader.ui.widgets.main_window import MainWindow

CHAIN = ["07STATE58211", "07PRAGUE512", "07PRAGUE540", "07ANKARA1391", "07STATE71840",
         "08ABUDHABI744", "09STATE112407"]


def _open_thread_of(qtbot, window: MainWindow, cable_id: str) -> CableThread:  # noqa: ANN001
    window.model.fetch_all()
    row = next(window.model.index(r, 0) for r in range(window.model.rowCount())
               if window.model.index(r, Column.ID).data() == cable_id)
    with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
        window.tree.setCurrentIndex(row)
    return shown.args[0]


def _current_id(window: MainWindow) -> str:
    view = window.thread_view
    return str(view.tree.currentIndex().siblingAtColumn(ThreadColumn.ID).data())


def _rows(model, parent: QModelIndex | None = None) -> list[QModelIndex]:  # noqa: ANN001
    """Every row below ``parent`` (default: the whole model), depth first."""
    parent = parent or QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        out += [index, *_rows(model, index)]
    return out


def test_the_thread_model_passes_the_model_tester(qtbot, qtmodeltester, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    thread = _open_thread_of(qtbot, window, "07PRAGUE540")
    model = window.thread_view.model
    qtmodeltester.check(model, force_py=True)
    assert thread.root == "07PRAGUE540"
    assert [model.index(r, 0).data() for r in range(2)] == [
        "Cites (2 directly, 5 in all)", "Cited by (2 directly, 5 in all)"]
    cites = model.index(0, 0)
    assert [model.index(r, 0, cites).data() for r in range(model.rowCount(cites))] == [
        "07STATE58211", "07PRAGUE512"]
    assert "References of 07PRAGUE540" in window.thread_view.heading.full_text()


def test_moving_between_cables_never_resizes_the_panes(qtbot, window, sample_folder):
    """The heading stays one line (elided, whole in its tooltip) whatever the cable's
    subject: a heading that wrapped made the dock taller or shorter from cable to cable,
    which resized the tree and document, and repainted the whole window at every step."""
    open_and_wait(qtbot, window, sample_folder)
    window.resize(900, 700)  # narrow: long subjects no longer fit on one line
    window.model.fetch_all()
    heading = window.thread_view.heading
    sizes, heights, elided = set(), set(), 0
    for r in range(window.model.rowCount()):
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
            window.tree.setCurrentIndex(window.model.index(r, 0))
        QApplication.processEvents()  # the layout settles
        root = shown.args[0].root
        assert heading.full_text().startswith(f"References of {root}")
        assert heading.toolTip() == heading.full_text()
        elided += heading.text() != heading.full_text()
        sizes.add((window.tree.viewport().size().toTuple(), window.document.size().toTuple()))
        heights.add(window.thread_dock.height())
    assert elided > 0, "no heading was long enough to test with"
    assert len(sizes) == 1 and len(heights) == 1


def test_cables_not_in_the_folder_are_greyed_with_a_tooltip(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    _open_thread_of(qtbot, window, "07PRAGUE512")
    model = window.thread_view.model
    rows = {str(i.data()): i for i in _rows(model)}
    missing = rows["07PRAGUE471"]
    assert missing.data(Qt.ItemDataRole.ToolTipRole) == "07PRAGUE471 is not in this folder"
    assert missing.siblingAtColumn(ThreadColumn.ORIGIN).data() == "not in this folder"
    grey = missing.data(Qt.ItemDataRole.ForegroundRole)
    assert grey == window.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert rows["07STATE58211"].data(Qt.ItemDataRole.ForegroundRole) is None
    assert rows["07STATE58211"].data(Role.KEY) is not None and missing.data(Role.KEY) is None

    # Enter on it opens nothing and says why
    view = window.thread_view
    view.tree.setFocus()
    view.tree.setCurrentIndex(missing)
    shown = window.document.cable.id
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert window.document.cable.id == shown
    assert "07PRAGUE471 is not in this folder" in window.statusBar().currentMessage()


def test_the_chain_is_walked_down_with_the_keyboard(qtbot, window, sample_folder):
    """From the first cable of the chain, each step: Ctrl+4 to the thread, Down to the first
    cable that cites the current one, Enter to open it; the thread follows."""
    open_and_wait(qtbot, window, sample_folder)
    thread = _open_thread_of(qtbot, window, CHAIN[0])
    view = window.thread_view
    walked = [thread.root]
    for _ in CHAIN[1:]:
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        assert view.tree.hasFocus()
        qtbot.keyClick(view.tree, Qt.Key.Key_Home)
        while not str(view.tree.currentIndex().data()).startswith("Cited by"):
            qtbot.keyClick(view.tree, Qt.Key.Key_Down)
        qtbot.keyClick(view.tree, Qt.Key.Key_Down)  # the earliest cable citing this one
        target = _current_id(window)
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
            qtbot.keyClick(view.tree, Qt.Key.Key_Return)
        assert window.document.cable.id == target == shown.args[0].root
        walked.append(target)
    assert walked == CHAIN
    # the last cable of the chain is cited by nothing; up, the whole chain is there
    last = window.thread_view.model.thread
    assert last.thread.down.children == ()
    ups = {n.id for _, n in last.thread.up.walk() if n.in_folder}
    assert ups == set(CHAIN)
    # and Alt+Left goes back along the way
    with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as back:
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert back.args[0].root == CHAIN[-2]


def test_the_thread_dock_toggles_and_reads_nothing_while_hidden(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    _open_thread_of(qtbot, window, "07PRAGUE540")
    qtbot.keyClick(window, Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.thread_dock.isVisible()
    window.model.fetch_all()
    row = next(window.model.index(r, 0) for r in range(window.model.rowCount())
               if window.model.index(r, Column.ID).data() == "09NAIROBI1611")
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    assert window.thread_view.model.thread.root == "07PRAGUE540"  # not asked while hidden
    with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
        qtbot.keyClick(window, Qt.Key.Key_T,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert shown.args[0].root == "09NAIROBI1611"


def test_a_cable_shown_while_loading_has_its_thread_read_again_once_loaded(
    qtbot,  # noqa: ANN001
    window,  # noqa: ANN001
    held_folder,  # noqa: ANN001
):
    """A cable opened before the second phase reached it: the index holds no references of
    it yet, so its thread cites nothing. Once loading ends the thread is read again: it
    went on saying "Cites (0 directly)" beside a REF line citing cables, until the analyst
    moved to another cable and back."""
    citing = {c.id for c in sample_cables() if c.references}
    window.open_path(held_folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=WAIT_MS)
    shown = [window.model.index(r, Column.ID).data() for r in range(3)]
    cable_id = next(i for i in shown if i in citing)
    early = _open_thread_of(qtbot, window, cable_id)
    assert early.thread.up.children == ()  # not filled in yet
    with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as again:
        FOLDERS[held_folder].release.set()
    thread = again.args[0]
    assert thread.root == cable_id and thread.thread.up.children != ()
    model = window.thread_view.model
    assert not model.index(0, 0).data().startswith("Cites (0")
