"""The real index of a test's folder (reader.index.store.CorpusIndex), with the two controls
a window test needs that a folder on a fast disk does not give: a refresh held after a few
cables until released or cancelled (a slow disk), and a cable read held (a big cable).

Every answer is the real index's: the window's tests exercise the real query code. A test
registers its folder in FOLDERS (conftest.py does for ``folder`` and ``sample_folder``) and
gives the window ``open_index`` as its factory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.index.store import CorpusIndex
from reader.model.records import Cable
from reader.query.query import Progress


def _opened() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


@dataclass
class Folder:
    """A folder a test opens. ``cables``: what it holds, as the parser or the test built the
    records (expected values). With ``hold_after``, a refresh stops once that many cables
    are committed and waits until ``release`` is set or it is cancelled; while
    ``reads_open`` is cleared, reading a cable waits."""

    cables: list[Cable]
    cache_dir: Path
    hold_after: int | None = None
    release: threading.Event = field(default_factory=threading.Event)
    reads_open: threading.Event = field(default_factory=_opened)


#: resolved root -> Folder; a test registers its folders here.
FOLDERS: dict[str, Folder] = {}


class HeldIndex(CorpusIndex):
    """A CorpusIndex whose refresh and cable reads a test can hold (``Folder``)."""

    closed = False

    @property
    def folder(self) -> Folder:
        return FOLDERS[str(self.root)]

    def refresh(
        self,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
    ) -> None:
        held = self.folder
        stop = cancel if cancel is not None else threading.Event()

        def holding(p: Progress) -> None:
            if progress is not None:
                progress(p)  # the window shows these cables, then the refresh waits
            if held.hold_after is not None and p.cables_done >= held.hold_after and not p.done:
                while not (held.release.is_set() or stop.is_set()):
                    stop.wait(0.005)

        # parsed in this thread: a folder of a few invented cables needs no processes
        super().refresh(progress=holding, cancel=cancel, workers=0)

    def cable(self, key: int) -> Cable:
        self.folder.reads_open.wait()
        return super().cable(key)

    def close(self) -> None:
        self.closed = True
        super().close()


def register(root: Path, cables: list[Cable], cache_dir: Path) -> str:
    """Register a test's own folder for ``open_index`` (the test pops it from FOLDERS)."""
    key = str(root.resolve())
    FOLDERS[key] = Folder(list(cables), cache_dir)
    return key


def open_index(root: str) -> HeldIndex:
    """The window's index factory: the registered folder's index, in its cache."""
    index = HeldIndex.open(root, cache_dir=FOLDERS[str(Path(root).resolve())].cache_dir)
    assert isinstance(index, HeldIndex)
    return index
