"""A folder that changes while the window shows it: a cable whose file was rewritten or
deleted since the folder was read says so above its text (the text is the index's, not the
file's as it is now), and File > Reload Folder (F5) reads the folder again."""

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from waiting import WAIT_MS, open_and_wait

from reader.ui.widgets.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _show(qtbot, window: MainWindow, cable_id: str) -> None:  # noqa: ANN001
    """Select the cable's row and wait until the document shows it, read anew."""
    key = window.loader.index().key_for_id(cable_id)
    row = window.model.index(window.model.keys.index(key), 0)
    window.tree.setCurrentIndex(window.model.index(0 if row.row() else 1, 0))  # then back
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS, check_params_cb=key.__eq__):
        window.tree.setCurrentIndex(row)
    qtbot.waitUntil(lambda: not window.document.loading, timeout=WAIT_MS)


def _bar(window: MainWindow) -> str:
    bar = window.document.changed_bar
    return bar.text() if bar.isVisible() else ""


def test_a_file_rewritten_or_deleted_under_the_window_is_said_and_f5_reads_it_again(
    qtbot, real_window: MainWindow, tmp_path: Path  # noqa: ANN001
) -> None:
    window = real_window
    root = tmp_path / "cables"
    shutil.copytree(SAMPLES, root)
    open_and_wait(qtbot, window, str(root))
    _show(qtbot, window, "07PRAGUE512")
    assert _bar(window) == ""

    rewritten = next(root.rglob("07PRAGUE512.txt"))
    rewritten.write_text(rewritten.read_text().replace("CZECHS AGREE", "SLOVAKS REFUSE"))
    deleted = next(root.rglob("07PRAGUE540.txt"))
    deleted.unlink()

    _show(qtbot, window, "07PRAGUE512")
    assert "CZECHS AGREE" in window.document.title.text()  # the index's text ...
    assert _bar(window) == (  # ... which says it is not the file as it is now
        f"{rewritten} has changed since the folder was read: this is the cable as it was read"
        " then, not as the file is now. File > Reload Folder (F5) reads the folder again.")
    window.raw_action.trigger()  # the raw text is the file as it is now: its own bar
    qtbot.waitUntil(lambda: "SLOVAKS REFUSE" in window.document.text.toPlainText(),
                    timeout=WAIT_MS)
    assert _bar(window) == ""
    window.raw_action.trigger()
    assert _bar(window).startswith(f"{rewritten} has changed since the folder was read")

    _show(qtbot, window, "07PRAGUE540")
    assert _bar(window).startswith(
        f"{deleted} can no longer be read (no such file or directory): this is the cable as it"
        " was read then")

    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.loader.busy
                    and len(window.model.keys) == window.loader.index().total() == 43,
                    timeout=WAIT_MS)
    assert window.loader.index().key_for_id("07PRAGUE540") is None
    _show(qtbot, window, "07PRAGUE512")
    assert "SLOVAKS REFUSE" in window.document.title.text()
    assert _bar(window) == ""


def test_f5_without_a_folder_says_there_is_none(qtbot, real_window: MainWindow) -> None:  # noqa: ANN001
    window = real_window
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.statusBar().currentMessage() == "No folder is open: open one with Ctrl+O"
    assert window.loader.root is None


def test_f5_reads_the_cable_read_before_again_unless_its_file_changed(
    qtbot, real_window: MainWindow, tmp_path: Path  # noqa: ANN001
) -> None:
    """The folder read again, the cable that was read is read again (its key kept: its file
    unchanged); one whose file changed is not, rather than another cable or a wrong note."""
    window = real_window
    root = tmp_path / "cables"
    shutil.copytree(SAMPLES, root)
    open_and_wait(qtbot, window, str(root))
    _show(qtbot, window, "07PRAGUE512")
    key = window.document.key
    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.document.key == key and not window.document.loading,
                    timeout=WAIT_MS)
    assert "CZECHS AGREE" in window.document.title.text()

    changed = next(root.rglob("07PRAGUE512.txt"))
    changed.write_text(changed.read_text().replace("CZECHS AGREE", "SLOVAKS REFUSE"))
    with qtbot.waitSignal(window.loadingFinished, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=WAIT_MS)
    assert window.document.key is None
    assert window.statusBar().currentMessage() != "That cable is outside the current filter"


def test_f5_says_which_cables_of_your_work_left_the_folder(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """The files of a starred, a labelled and a noted cable removed, F5 read the folder
    again and those cables went from the results, the facets' counts and the saved
    searches' without a word: the work on them is kept (by ID), and now said to be."""
    from window_steps import analyst_window, samples_copy

    from reader.annotate.annotations import Annotations

    window = analyst_window(qtbot, tmp_path)
    root = samples_copy(tmp_path)
    open_and_wait(qtbot, window, str(root))
    with Annotations.open(tmp_path / "data" / "annotations.sqlite3", backup=False) as store:
        store.set_starred(["07PRAGUE540", "07PRAGUE512"])
        store.add_label(["07PRAGUE540"], "brief")
        store.set_note("05TOKYO3310", "to check")
        store.set_starred(["99ZZZ1"])  # a cable of another folder: not this one's to say
    for gone in ("07PRAGUE540", "05TOKYO3310", "78TOKYO14502"):  # the last one unannotated
        next(root.rglob(f"{gone}.txt")).unlink()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    said = "2 cables you starred, labelled or noted are no longer in the folder"
    qtbot.waitUntil(lambda: said in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == (
        f"{said}: 05TOKYO3310, 07PRAGUE540. Your work on them is kept, by ID"
        " (cable-reader annotations list)."
    )
    # nothing gone, nothing said
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Loaded", timeout=WAIT_MS)
    qtbot.wait(500)
    assert "no longer in the folder" not in window.statusBar().currentMessage()
