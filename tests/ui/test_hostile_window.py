"""The window over a hostile folder (real index, indexing in its child process): it loads
every good cable, lists each bad file once with its reason, shows the hostile page as plain
text without fetching anything, and leaves the folder as it was."""

import os
import sys
from pathlib import Path

from hostile import build_hostile, tree_digest
from waiting import open_and_wait

from reader.query.query import Filter

#: A guard against a hang while the folder is indexed; not a performance limit.
LOAD_MS = 600_000


def test_window_over_the_hostile_folder(qtbot, real_window, tmp_path: Path) -> None:
    root = tmp_path / "folder"
    root.mkdir()
    h = build_hostile(root)
    locked = root / h.unreadable[0]
    set_modes(root, read_only=True)  # the folder opened read-only, as a real archive is
    locked.chmod(0)
    as_root = os.geteuid() == 0  # root reads the locked file anyway: then it is a good cable
    before = tree_digest(root)
    window = real_window
    try:
        open_and_wait(qtbot, window, str(root))
        index = window.loader.index()
        assert index.total() == h.good_cables + (1 if as_root else 0)
        expected = {
            rel: words for rel, words in h.bad.items() if not (as_root and rel == h.unreadable[0])
        }
        qtbot.waitUntil(
            lambda: (
                len([r for r in window.problems.problems.rows if r.kind == "file"]) == len(expected)
            ),
            timeout=LOAD_MS,
        )
        files = [r for r in window.problems.problems.rows if r.kind == "file"]
        for rel, words in expected.items():
            [row] = [r for r in files if r.subject.endswith(rel)]
            assert words in row.reason
        # the hostile page: shown as plain text, nothing rendered, nothing fetched
        [key] = index.keys(Filter(query="id:07PRAGUE777"))
        with qtbot.waitSignal(window.cableShown, timeout=LOAD_MS):
            window.show_cable(key)
        shown = window.document.text.toPlainText()
        assert "Text of the page." in shown
        assert "alert" not in shown and "<script" not in shown
        html = window.document.text.document().toHtml()
        assert "<img" not in html and "tracker" not in html
        assert "PySide6.QtNetwork" not in sys.modules
        assert tree_digest(root) == before  # nothing was written into the folder
    finally:
        set_modes(root, read_only=False)


def set_modes(root: Path, *, read_only: bool) -> None:
    """Every folder and file under ``root`` read-only (or writable again); links untouched."""
    for dirpath, dirnames, filenames in os.walk(root, topdown=False, followlinks=False):
        for name in filenames + dirnames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                path.chmod((0o555 if path.is_dir() else 0o444) if read_only else 0o755)
    root.chmod(0o555 if read_only else 0o755)


def test_a_cache_folder_that_cannot_be_used_is_said_with_what_the_window_takes(
    qtbot, settings, tmp_path: Path  # noqa: ANN001
) -> None:
    """The window takes no --cache-dir, yet its message said "give another folder with
    --cache-dir": it names XDG_CACHE_HOME, which moves the window's cache folder."""
    from reader.ui.children import IndexOpener
    from reader.ui.widgets.main_window import MainWindow

    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    window = MainWindow(settings=settings, factory=IndexOpener(blocked))
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.loader.failed, timeout=LOAD_MS):
            window.open_path(str(Path(__file__).resolve().parents[2] / "resources" / "samples"))
        said = window.document.text.toPlainText()
        assert f"{blocked} is not a folder, so no index can be kept in" in said
        assert said.split("\n")[0].endswith(
            "move that file away, or give another folder with --cache-dir (for the window:"
            " set XDG_CACHE_HOME to another folder before starting it)"
        )
    finally:
        window.loader.shutdown()
