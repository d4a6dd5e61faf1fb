"""The annotations on a disk with no room or a folder that may not be written: still read
(shown, searched, exported), and each change refused with the file and the reason, never
lost in silence nor a traceback. The fault is real: a child process may write no file past
one byte (RLIMIT_FSIZE, which holds for root too), so SQLite cannot make the write-ahead
log's shared-memory file beside the annotations, as on a full disk."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.annotate.annotations import ANNOTATIONS_FILE, Annotations, NotSaved
from reader.index.store import CorpusIndex

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


def _no_room() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, 1))


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "CABLE_READER_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
        preexec_fn=_no_room,
        check=False,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        store.set_starred(["07PRAGUE512"])
        store.set_note("07PRAGUE512", "contradicts ¶3")
    assert not (tmp_path / f"{ANNOTATIONS_FILE}-shm").exists()  # all in the file itself
    return tmp_path


def test_with_no_room_the_work_is_still_read_and_listed(work: Path) -> None:
    listed = _cli(work, "annotations", "list")
    assert listed.returncode == 0, listed.stderr
    assert "starred: 1; read: 0; with notes: 1" in listed.stdout
    assert f"your annotations at {work / ANNOTATIONS_FILE} are open for reading only" in (
        listed.stderr
    )


def test_with_no_room_a_change_is_refused_with_the_file_and_reason(work: Path) -> None:
    starred = _cli(work, "annotations", "star", "07PRAGUE540")
    assert starred.returncode == 1
    assert "Traceback" not in starred.stderr
    assert (
        f"cable-reader: cannot save the change to your annotations at {work / ANNOTATIONS_FILE}"
        in starred.stderr
    )
    with Annotations.open(work / ANNOTATIONS_FILE, backup=False) as store:
        assert store.starred() == {"07PRAGUE512"}


def test_with_no_room_a_search_still_asks_the_annotations(work: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    # the index held open here keeps its "-shm" file made, so that the search can open it
    # (an index with none and no room for it: tests/index/test_cache_no_room.py)
    with CorpusIndex.open(SAMPLES, cache_dir=cache) as index:
        index.refresh(workers=0)
        searched = _cli(
            work, "search", str(SAMPLES), "is:starred", "--no-refresh", "--cache-dir", str(cache)
        )
    assert "Traceback" not in searched.stderr
    assert searched.returncode == 0, searched.stderr
    assert "07PRAGUE512" in searched.stdout and "1 of 44 cables match" in searched.stdout


def test_a_write_that_fails_says_the_file_and_keeps_nothing_of_the_change(tmp_path: Path) -> None:
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        store._conn.execute("PRAGMA max_page_count = 1")  # SQLite's own "database or disk is full"
        with pytest.raises(Exception) as refused:
            store.set_note("07PRAGUE512", "a long note " * 5000)
        assert type(refused.value).__name__ == "NotSaved"  # (an AnnotationError: kept to retry)
        assert str(tmp_path / ANNOTATIONS_FILE) in str(refused.value)
        assert "full" in str(refused.value)
        assert store.notes_of("07PRAGUE512") == []


def test_an_export_cut_short_by_no_room_leaves_the_older_export_whole(work: Path) -> None:
    older = work / "work.json"
    older.write_text('{"format": "cable-reader-annotations"}\n', encoding="utf-8")
    with Annotations.open(work / ANNOTATIONS_FILE, backup=False) as store:
        store.set_note("07PRAGUE540", "a long note " * 200)  # an export past the limit
    with Annotations.open(work / ANNOTATIONS_FILE, backup=False):
        # (held open: its files are made, so that the child reads it as usual)
        exported = subprocess.run(
            [sys.executable, "-m", "reader", "annotations", "export", str(older)],
            capture_output=True, text=True, cwd=work, preexec_fn=_limited_to(1000),
            env={**os.environ, "PYTHONPATH": str(ROOT), "CABLE_READER_DATA_DIR": str(work)},
            check=False,
        )  # fmt: skip
    assert exported.returncode == 1
    assert f"cable-reader: cannot write {older}: File too large" in exported.stderr
    assert older.read_text(encoding="utf-8") == '{"format": "cable-reader-annotations"}\n'
    assert [p.name for p in work.iterdir() if p.name.endswith(".part")] == []


def _limited_to(size: int):  # noqa: ANN202
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _two_pages_at_most(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SQLite file opened from now on may grow to two pages: a write past them fails
    with SQLite's own "database or disk is full" (SQLITE_FULL), as on a disk with too little
    room left for it."""
    connect = sqlite3.connect

    def small(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.execute("PRAGMA max_page_count = 2")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small)


def test_a_new_store_on_a_disk_without_room_for_it_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk with a few pages free (a tiny tmpfs) is full for a new store, which needs more
    at once: SQLite says "database or disk is full" (SQLITE_FULL) though the disk is not at 0
    bytes free, and the open once said "Check that the folder is writable; your earlier work
    is kept in .../backups", a folder that did not exist. SQLite's own limit on the file's
    pages raises the same error, for real, on a disk with room."""
    _two_pages_at_most(monkeypatch)
    path = tmp_path / "data" / ANNOTATIONS_FILE
    with pytest.raises(NotSaved) as raised:
        Annotations.open(path)
    said = str(raised.value)
    assert said.startswith(f"cannot open your annotations at {path}: the disk is full ("), said
    assert "Free some space, or give another folder (--data-dir, or CABLE_READER_DATA_DIR)" in said
    assert "writable" not in said and "backups" not in said


def test_a_store_that_cannot_be_opened_names_its_backups_when_there_are_some(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / ANNOTATIONS_FILE
    Annotations.open(path).close()  # today's copy made in backups/
    path.unlink()
    _two_pages_at_most(monkeypatch)
    with pytest.raises(NotSaved, match=f"your earlier work is kept in {tmp_path / 'backups'}$"):
        Annotations.open(path)
