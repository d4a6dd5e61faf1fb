"""Names shared by the corpus tests (a module of its own: every test folder has a
conftest.py, and ``from conftest import`` would find whichever was imported first)."""

import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pytest import MonkeyPatch, TempPathFactory

from reader.index import writer
from reader.index.store import CorpusIndex
from reader.query.query import Progress

#: The sample folder the app opens on first run (resources/samples).
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@dataclass
class IndexedCorpus:
    index: CorpusIndex
    root: Path
    cache_dir: Path
    progress: list[object] = field(default_factory=list)
    digest_before: str = ""


def postings_out_of_date(index: CorpusIndex) -> CorpusIndex:
    """Put the postings of ``index`` out of date, as while a refresh runs: its queries are
    then answered by SQL alone."""
    conn = sqlite3.connect(index.db_path)
    conn.execute("UPDATE meta SET value = -1 WHERE name = 'postings_generation'")
    conn.commit()
    conn.close()
    return index


def refreshed(index: CorpusIndex, answer: str) -> CorpusIndex:
    """Refresh ``index``; then, for ``answer`` "sql", put the postings out of date, as while a
    refresh runs (queries answered by SQL alone); for "postings", as after one, the text
    asked of the full-text index; for "words", with the table of its words made as well, as
    a window's refresh ends (the text of common words and prefixes from bitmaps)."""
    index.refresh(workers=0)
    if answer == "words":
        assert index.build_words()
    return postings_out_of_date(index) if answer == "sql" else index


def refresh_cancelled_after(index: CorpusIndex, cables: int, monkeypatch: MonkeyPatch) -> None:
    """Refresh ``index`` in this thread, committing each cable, and cancel it once
    ``cables`` cables are done: an index interrupted midway, with some cables in it."""
    monkeypatch.setattr(writer, "COMMIT_ROWS", 1)
    monkeypatch.setattr(writer, "PROGRESS_SECONDS", 0.0)
    cancel = threading.Event()

    def progress(p: Progress) -> None:
        if p.cables_done >= cables:
            cancel.set()

    index.refresh(workers=0, progress=progress, cancel=cancel)


def copy_of_cache(cache: Path, tmp_path_factory: TempPathFactory) -> Path:
    """A copy of a closed index's cache folder, to open the same folder's index from."""
    copy = tmp_path_factory.mktemp("cache") / "copy"
    shutil.copytree(cache, copy)
    return copy
