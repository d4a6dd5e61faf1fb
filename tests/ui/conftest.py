"""Fixtures for the window's tests: offscreen Qt, throw-away settings, folders of cables on
the real index (held_index.py), each indexed once per session and copied for each test."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from held_index import FOLDERS, Folder, open_index  # noqa: E402
from invented import parsed_folder, sample_cables, write_cables  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from waiting import WAIT_MS, open_and_wait  # noqa: E402, F401  (shared with the tests)

from reader.index import writer  # noqa: E402
from reader.index.store import CorpusIndex  # noqa: E402
from reader.ui.loader import IndexOpener, Loader  # noqa: E402
from reader.ui.widgets.main_window import MainWindow  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    # The offscreen platform's own limits (propagateSizeHints, raise, grabbing the keyboard)
    # when a window or popup is shown: not warnings about this code.
    config.addinivalue_line("qt_log_ignore", "^This plugin does not support ")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def real_window(qtbot, settings: QSettings, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    """The window on the real index, opened as the app does (an IndexOpener: the refresh
    runs in a child process); its threads and child stopped at the end."""
    window = MainWindow(settings=settings, factory=IndexOpener(tmp_path / "index"))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    yield window
    window.loader.shutdown()


def _indexed(root: Path, cache: Path) -> tuple[str, Path]:
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
    return str(root.resolve()), cache


def _registered(built: tuple[str, Path], cables: list, tmp_path: Path) -> Iterator[str]:
    """The folder indexed once per session, on a copy of its index (a test may star, label
    or refresh it)."""
    root, cache = built
    copy = tmp_path / "index"
    shutil.copytree(cache, copy)
    FOLDERS[root] = Folder(list(cables), copy)
    yield root
    FOLDERS.pop(root, None)


@pytest.fixture(scope="session")
def _invented_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    base = tmp_path_factory.mktemp("invented")
    return _indexed(write_cables(base / "cables", sample_cables()), base / "index")


@pytest.fixture
def folder(_invented_index: tuple[str, Path], tmp_path: Path) -> Iterator[str]:
    """A folder of the ten invented cables (invented.sample_cables), already indexed."""
    yield from _registered(_invented_index, sample_cables(), tmp_path)


@pytest.fixture
def held_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The invented cables in a folder never indexed, whose refresh commits and reports
    each cable and holds after the third (Folder.hold_after) until cancelled."""
    monkeypatch.setattr(writer, "FIRST_COMMIT_ROWS", 1)
    monkeypatch.setattr(writer, "COMMIT_ROWS", 1)
    monkeypatch.setattr(writer, "PROGRESS_SECONDS", 0.0)
    root = write_cables(tmp_path / "held", sample_cables()).resolve()
    FOLDERS[str(root)] = Folder(sample_cables(), tmp_path / "held-index", hold_after=3)
    yield str(root)
    FOLDERS.pop(str(root), None)


#: The bundled sample folder (resources/samples).
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture(scope="session")
def _sample_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, list]:
    assert SAMPLES.is_dir(), f"the bundled sample folder is missing: {SAMPLES}"
    root, cache = _indexed(SAMPLES, tmp_path_factory.mktemp("samples") / "index")
    return root, cache, parsed_folder(SAMPLES)


@pytest.fixture
def sample_folder(_sample_index: tuple[str, Path, list], tmp_path: Path) -> Iterator[str]:
    """resources/samples, already indexed."""
    root, cache, cables = _sample_index
    yield from _registered((root, cache), cables, tmp_path)


@pytest.fixture
def loader(qtbot, folder: str) -> Iterator[Loader]:  # noqa: ANN001
    """The loader on the invented folder (``folder``), its index opened."""
    loader = Loader(open_index)
    with qtbot.waitSignal(loader.opened, timeout=WAIT_MS):
        loader.open(folder)
    yield loader
    loader.shutdown()


@pytest.fixture
def window(qtbot, settings: QSettings) -> Iterator[MainWindow]:
    w = MainWindow(settings=settings, factory=open_index)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.loader.shutdown()
