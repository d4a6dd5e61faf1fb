"""Fixtures for the window's tests: offscreen Qt, throw-away settings, fake folders."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from fake_index import CORPORA, FakeCorpus, FakeIndex, parsed_folder, sample_cables  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from waiting import WAIT_MS, open_and_wait  # noqa: E402, F401  (shared with the tests)

from reader.ui.loader import IndexOpener  # noqa: E402
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


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[str]:
    """A real (empty) folder whose cables the fake index serves."""
    root = tmp_path / "cables"
    root.mkdir()
    key = str(root.resolve())
    CORPORA[key] = FakeCorpus(sample_cables())
    yield key
    CORPORA.pop(key, None)


#: The bundled sample folder (resources/samples).
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
_SAMPLE_CABLES: list = []


@pytest.fixture
def sample_folder() -> Iterator[str]:
    """resources/samples, served by the fake index from the real parser's records."""
    assert SAMPLES.is_dir(), f"the bundled sample folder is missing: {SAMPLES}"
    if not _SAMPLE_CABLES:
        _SAMPLE_CABLES.extend(parsed_folder(SAMPLES).cables)
    key = str(SAMPLES.resolve())
    CORPORA[key] = FakeCorpus(list(_SAMPLE_CABLES), batch=50)
    yield key
    CORPORA.pop(key, None)


@pytest.fixture
def window(qtbot, settings: QSettings) -> Iterator[MainWindow]:
    w = MainWindow(settings=settings, factory=FakeIndex)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.loader.shutdown()
