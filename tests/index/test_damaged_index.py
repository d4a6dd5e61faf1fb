"""Damaged or odd index states, each injected for real: the index is rebuilt (at the open
or by the first read that meets the damage) or the analyst is told, in a sentence naming
the path, what is wrong and what to do; a partial index says so wherever it answers."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_folders import refresh_cancelled_after
from handmade import SMALL, ids, many, write_folder

from reader.index import database, writer
from reader.index.commands import index_main, search_main
from reader.index.database import FileLock, IndexRebuilt, IndexUnusable
from reader.index.store import CorpusIndex, DiskFull, index_path
from reader.query.query import Filter

ROOT = Path(__file__).resolve().parents[2]


def _indexed(folder: Path, cache_dir: Path) -> Path:
    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
    return index_path(folder, cache_dir)


def _flip_bits(path: Path, table: str, column: str = "packed") -> int:
    """Flip one bit in every blob of ``table``, as a bad disk may: the pages stay sound
    (SQLite sees only bytes); the zlib check of each blob does not. In the middle of a
    blob, but in the checksum of a tiny one (whose middle may be padding after its last
    code, which zlib never reads). Returns how many blobs were damaged."""
    conn = sqlite3.connect(path)
    rows = conn.execute(f"SELECT rowid, {column} FROM {table}").fetchall()
    for rowid, packed in rows:
        damaged = bytearray(packed)
        damaged[len(damaged) // 2 if len(damaged) > 64 else -2] ^= 0x10
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (bytes(damaged), rowid))
    conn.commit()
    conn.close()
    return len(rows)


def _zero_page_of(path: Path, table: str) -> None:
    """Zero the root page of ``table``, as a power loss can leave one."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = path.read_bytes()
    at = (root[0] - 1) * size
    path.write_bytes(data[:at] + bytes(size) + data[at + size :])


def _all_ids() -> list[str]:
    return sorted(s.id for s in SMALL)


def _rebuilt_at_next_open(folder: Path, cache_dir: Path) -> None:
    """The next open rebuilds the index found damaged and says so; a refresh then brings
    every cable back."""
    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        assert index.messages == ["index was found damaged while reading it and has been rebuilt"]
        index.refresh(workers=0)
        assert ids(index) == _all_ids()


# -- the header ------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), [(18, 22), (20, 24), (40, 60), (16, 100)])
def test_a_header_overwritten_past_its_magic_is_rebuilt(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str], start: int, end: int
) -> None:
    """Once "file is not a database" from every command, for ever (the magic intact)."""
    path = _indexed(small_folder, cache_dir)
    data = path.read_bytes()
    path.write_bytes(data[:start] + b"\xff" * (end - start) + data[end:])
    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    captured = capsys.readouterr()
    assert "has been rebuilt" in captured.err and "Traceback" not in captured.err
    assert captured.out.startswith(f"{len(SMALL)} cables indexed ({len(SMALL)} new")


def test_an_index_truncated_to_nothing_is_rebuilt_with_a_message(
    small_folder: Path, cache_dir: Path
) -> None:
    path = _indexed(small_folder, cache_dir)
    path.write_bytes(b"")
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert index.messages == ["index was corrupt (empty (0 bytes)) and has been rebuilt"]
        assert index.partial() == "the index is empty: the folder has not been indexed yet"
        index.refresh(workers=0)
        assert ids(index) == _all_ids() and index.partial() is None


def test_an_index_whose_wal_was_deleted_does_not_answer_0_of_0_in_silence(
    small_folder: Path,
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The main file as it is while its WAL holds every commit (a refresh cut short: no
    checkpoint yet), without the WAL: what deleting the WAL leaves."""
    other_cache = tmp_path / "other-cache"
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        refresh_cancelled_after(index, 3, monkeypatch)
        assert index.total() >= 3
        copy = index_path(small_folder, other_cache)
        copy.parent.mkdir(parents=True)
        shutil.copyfile(index.db_path, copy)  # while the WAL is open: its frames stay in it
    argv = [str(small_folder), "beef", "--cache-dir", str(other_cache), "--no-refresh"]
    assert search_main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == (
        "0 of 0 cables match (empty: the folder has not been indexed yet)"
    )
    assert "cable-reader: the index is empty: the folder has not been indexed yet" in captured.err


# -- damage inside the pages and blobs -------------------------------------------------


def test_a_flipped_bit_in_a_cable_text_is_found_by_the_read_and_rebuilt_then(
    small_folder: Path, cache_dir: Path
) -> None:
    """Once zlib.error at every search, and ``index`` said "0 new" for ever."""
    path = _indexed(small_folder, cache_dir)
    assert _flip_bits(path, "texts") == len(SMALL)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert index.messages == []  # the pages are sound: nothing to see at the open
        with pytest.raises(IndexRebuilt, match="damaged .* has been rebuilt empty"):
            index.search(Filter("minister"))
        assert index.total() == 0
        assert index.messages[-1].startswith("index was corrupt (a compressed cable text is")
        index.refresh(workers=0)
        assert ids(index) == _all_ids()
        assert all(index.cable(h.key).id == h.id for h in index.search(Filter()))


@pytest.mark.parametrize("size", ["small", "big"])
def test_a_flipped_bit_in_the_postings_is_found_at_the_open(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, size: str
) -> None:
    """Whatever the index's size: once ``index`` said "0 new" over such damage, for ever."""
    if size == "big":
        monkeypatch.setattr(database, "QUICK_CHECK_MAX_BYTES", 0)
    path = _indexed(small_folder, cache_dir)
    _flip_bits(path, "postings")
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert len(index.messages) == 1
        assert "a compressed list of cables is damaged" in index.messages[0]
        index.refresh(workers=0)
        assert ids(index, "tag:PREL") == sorted(s.id for s in SMALL if "PREL" in s.tags)


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every index as big as the whole release: no page check at the open."""
    monkeypatch.setattr(database, "QUICK_CHECK_MAX_BYTES", 0)


@pytest.mark.usefixtures("big")
@pytest.mark.parametrize("damage", ["page", "postings"])
def test_damage_in_a_big_index_is_found_by_the_first_read_and_rebuilt_then(
    small_folder: Path, cache_dir: Path, damage: str
) -> None:
    path = _indexed(small_folder, cache_dir)
    if damage == "page":
        _zero_page_of(path, "cables")
    else:
        _flip_bits(path, "postings")
    # an open that is not thorough (the window's second connection) checks no page or blob
    with CorpusIndex.open(small_folder, cache_dir=cache_dir, thorough=False) as index:
        assert index.messages == []
        # a hit list reads the rows of the cables and the postings of its filter
        with pytest.raises(IndexRebuilt, match="has been rebuilt empty"):
            index.search(Filter("tag:PREL"))
        assert len(index.messages) == 1 and "has been rebuilt" in index.messages[0]
        index.refresh(workers=0)
        assert ids(index) == _all_ids()
        assert ids(index, "tag:PREL") == sorted(s.id for s in SMALL if "PREL" in s.tags)


@pytest.mark.usefixtures("big")
def test_a_search_that_meets_damage_rebuilds_and_answers_in_the_same_command(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once the command ended with IndexCorrupt: malformed, and the next one rebuilt."""
    path = _indexed(small_folder, cache_dir)
    _zero_page_of(path, "cables")
    argv = [str(small_folder), "tag:MNUC", "--cache-dir", str(cache_dir), "--workers", "0"]
    assert search_main([*argv, "--no-refresh"]) == 1
    captured = capsys.readouterr()
    assert "malformed) and has been rebuilt empty" in captured.err
    assert "run `cable-reader index" in captured.err and "Traceback" not in captured.err
    _indexed(small_folder, cache_dir)
    _zero_page_of(path, "cables")
    assert search_main(argv) == 0
    captured = capsys.readouterr()
    assert "has been rebuilt empty" in captured.err
    assert captured.out.splitlines()[-1] == "2 of 8 cables match"


@pytest.mark.parametrize("size", ["small", "big"])
def test_a_search_meets_flipped_postings_at_the_read_and_answers_in_the_same_command(
    small_folder: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    size: str,
) -> None:
    """A search does not unpack every list at the open (0.2 s at 250,000 cables): the read
    that meets the damage rebuilds the index, and the command answers from the new one."""
    if size == "big":
        monkeypatch.setattr(database, "QUICK_CHECK_MAX_BYTES", 0)
    path = _indexed(small_folder, cache_dir)
    _flip_bits(path, "postings")
    argv = [str(small_folder), "tag:MNUC", "--cache-dir", str(cache_dir), "--workers", "0"]
    assert search_main(argv) == 0
    captured = capsys.readouterr()
    assert "a compressed" in captured.err and "rebuilt" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out.splitlines()[-1] == "2 of 8 cables match"


def test_damage_met_while_a_refresh_writes_is_rebuilt_at_the_next_open(
    small_folder: Path, cache_dir: Path
) -> None:
    """The index is not pulled from under a refresh (another thread or process): it is
    marked, and the next open rebuilds it."""
    path = _indexed(small_folder, cache_dir)
    _flip_bits(path, "texts")
    refreshing = FileLock(path.with_name(path.name + ".lock"))
    assert refreshing.acquire()
    try:
        with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
            key = index.keys(Filter())[0]
            with pytest.raises(IndexRebuilt, match="rebuilt when the folder is opened again"):
                index.cable(key)
            assert index.total() == len(SMALL)  # the rest still answers meanwhile
    finally:
        refreshing.release()
    _rebuilt_at_next_open(small_folder, cache_dir)


# -- a full disk -----------------------------------------------------------------------


def _full_after(pages: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection opened from now on finds the disk full once the index has
    ``pages`` pages (SQLite's own limit, which fails as a full disk does: SQLITE_FULL)."""
    connect = database.connect

    def full(path: Path) -> sqlite3.Connection:
        conn = connect(path)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(database, "connect", full)
    monkeypatch.setattr(writer, "COMMIT_ROWS", 10)


def test_a_full_disk_leaves_a_consistent_index_that_says_it_is_partial(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cables"
    write_folder(folder, many(300))
    with monkeypatch.context() as patch:
        _full_after(25, patch)
        with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
            with pytest.raises(DiskFull, match=f"^the disk is full: the index {index.db_path}"):
                index.refresh(workers=0)
            held = index.total()
            assert 0 < held < 300
            assert index.partial() is not None and "not indexed yet" in index.partial()
            assert index._conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert index.count(Filter("tag:PREL")) <= held  # it answers meanwhile
    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:  # space freed
        assert index.messages == [] and index.total() == held
        index.refresh(workers=0)
        assert index.total() == 300 and index.partial() is None


def test_a_full_disk_on_the_command_line(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """Once a traceback, then "173 of 560" from search --no-refresh, exit 0, no word."""
    folder = tmp_path / "cables"
    write_folder(folder, many(300))
    argv = [str(folder), "--cache-dir", str(cache_dir), "--workers", "0"]
    with monkeypatch.context() as patch:
        _full_after(25, patch)
        assert index_main(argv) == 1
    captured = capsys.readouterr()
    assert "\ncable-reader: the disk is full: the index " in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert search_main([*argv, "tag:PREL", "--no-refresh"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1].endswith(" files are not indexed yet)")
    assert "cable-reader: the index is partial: " in captured.err
    assert search_main([*argv, "tag:PREL", "--no-refresh", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total"] < 300 and doc["partial"].startswith("the index is partial: ")
    with monkeypatch.context() as patch:  # a search whose refresh meets a full disk answers
        _full_after(25, patch)
        assert search_main([*argv, "tag:PREL"]) == 0
    captured = capsys.readouterr()
    assert "cable-reader: the disk is full: " in captured.err
    assert captured.out.splitlines()[-1].endswith(" files are not indexed yet)")
    assert search_main([*argv, "tag:PREL", "--json"]) == 0  # space freed: finished
    doc = json.loads(capsys.readouterr().out)
    assert doc["total"] == 300 and doc["partial"] is None


def test_a_cancelled_refresh_says_it_is_partial(small_folder: Path, cache_dir: Path) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert index.partial() == "the index is empty: the folder has not been indexed yet"
        index.refresh(workers=0)
        assert index.partial() is None
        write_folder(small_folder, many(3))
        cancel = __import__("threading").Event()
        cancel.set()
        index.refresh(workers=0, cancel=cancel)
        assert index.partial() is None  # a refresh cancelled before it began changed nothing
        index.refresh(workers=0, progress=lambda p: cancel.set() if p.cables_done else None)


# -- cache files of the wrong type or mode ---------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "kind"),
    [("", "folder"), ("", "pipe"), ("-wal", "folder"), ("-shm", "pipe"), (".lock", "folder")],
)
def test_an_index_file_of_the_wrong_type_is_moved_aside_and_rebuilt(
    small_folder: Path, cache_dir: Path, suffix: str, kind: str
) -> None:
    path = _indexed(small_folder, cache_dir)
    odd = Path(str(path) + suffix)
    if odd.exists():
        odd.unlink()
    if kind == "folder":
        odd.mkdir()
    else:
        os.mkfifo(odd)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        described = "a folder" if kind == "folder" else "a named pipe"
        assert index.messages[0] == (
            f"{odd} was {described}, not a file: moved aside to {odd.name}.moved-aside-1"
            + ("; the index has been rebuilt" if suffix == "" else "")
        )
        index.refresh(workers=0)
        assert ids(index) == _all_ids()
    assert Path(f"{odd}.moved-aside-1").exists()


def test_an_indexes_folder_that_is_a_file(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache_dir.mkdir()
    (cache_dir / "indexes").write_text("not a folder")
    with pytest.raises(IndexUnusable, match="is not a folder, so no index can be kept"):
        CorpusIndex.open(small_folder, cache_dir=cache_dir)
    argv = [str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]
    for main in (index_main, lambda a: search_main([*a, "beef"])):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err == (
            f"cable-reader: {cache_dir / 'indexes'} is not a folder, so no index can be kept in"
            f" {cache_dir / 'indexes'}: move that file away, or give another folder with"
            " --cache-dir (for the window: set XDG_CACHE_HOME to another folder before starting"
            " it)\n"
        )


def _without_privileges(args: list[str]) -> subprocess.CompletedProcess[str]:
    """``python -m reader ARGS`` as a user whom file modes bind (root is not, unless its
    capabilities to override them are dropped)."""
    command = [sys.executable, "-m", "reader", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)


def test_a_read_only_indexes_folder(small_folder: Path, cache_dir: Path) -> None:
    (cache_dir / "indexes").mkdir(parents=True)
    (cache_dir / "indexes").chmod(0o555)
    result = _without_privileges(["index", str(small_folder), "--cache-dir", str(cache_dir)])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (
        f"cable-reader: cannot write in {cache_dir / 'indexes'} (Permission denied): make it"
        " writable (chmod u+w), or give another folder with --cache-dir (for the window: set"
        " XDG_CACHE_HOME to another folder before starting it)\n"
    )


def test_a_read_only_index_of_a_changed_folder(small_folder: Path, cache_dir: Path) -> None:
    path = _indexed(small_folder, cache_dir)
    for file in path.parent.iterdir():
        file.chmod(0o444)
    write_folder(small_folder, many(2))
    argv = [str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]
    result = _without_privileges(["index", *argv])
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"cannot write the index {path} (" in result.stderr
    for refresh in ([], ["--no-refresh"]):  # answered from the index as it is
        result = _without_privileges(["search", *argv, "beef", *refresh])
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert result.stdout.splitlines()[-1] == "2 of 8 cables match"
        assert (f"cannot write the index {path} (" in result.stderr) == (not refresh)


# -- never pulled from under a refresh -------------------------------------------------


def test_a_file_shorter_than_its_header_while_the_wal_holds_frames_is_no_damage(
    small_folder: Path, cache_dir: Path
) -> None:
    """A checkpoint copies the WAL's pages into the file page 1 first (with the new page
    count) and the pages that extend the file after: read then, the file looks truncated.
    Taken for damage, the index was deleted from under the refresh checkpointing it, and
    the refresh went on in a malformed image (a cancelled-then-reopened window, once).
    SQLite reads page 1 and the size from the WAL then, and finds no damage."""
    path = _indexed(small_folder, cache_dir)
    writing = database.connect(path)
    writing.execute("PRAGMA wal_autocheckpoint = 0")  # the pages stay in the WAL
    writing.execute("CREATE TABLE grown (x)")
    writing.execute(
        "INSERT INTO grown WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
        " WHERE i < 40) SELECT zeroblob(16000) FROM n"
    )
    size = path.stat().st_size
    with open(path, "r+b") as fh:  # page 1 copied, the pages after it not yet
        header = bytearray(fh.read(100))
        pages = int.from_bytes(header[28:32], "big")
        header[28:32] = (pages + 40).to_bytes(4, "big")
        fh.seek(0)
        fh.write(header)
    assert path.stat().st_size == size and Path(f"{path}-wal").stat().st_size > 0
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert index.messages == []
        assert index.total() == len(SMALL)
    writing.close()


def test_what_the_header_tells_of_a_file_sqlite_found_damaged(
    small_folder: Path, cache_dir: Path
) -> None:
    path = _indexed(small_folder, cache_dir)
    size = path.stat().st_size
    assert database._described(path) is None  # nothing the header tells
    with open(path, "r+b") as fh:
        fh.truncate(size - 16384)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"\x00" * 32)  # frames: SQLite's words then, not a guess from the file
    assert database._described(path) is None
    wal.write_bytes(b"")
    assert database._described(path) == f"truncated ({size - 16384} of {size} bytes)"
    path.write_bytes(b"not a database" * 10)
    assert database._described(path) == "not an SQLite database"


def test_damage_found_at_the_open_while_a_refresh_writes_is_not_deleted_from_under_it(
    small_folder: Path, cache_dir: Path
) -> None:
    path = _indexed(small_folder, cache_dir)
    data = path.read_bytes()
    damaged = data[:18] + b"\xff" * 4 + data[22:]
    path.write_bytes(damaged)
    refreshing = FileLock(path.with_name(path.name + ".lock"))
    assert refreshing.acquire()
    try:
        with pytest.raises(IndexRebuilt, match="a refresh is writing it, so it is rebuilt when"):
            CorpusIndex.open(small_folder, cache_dir=cache_dir)
        assert path.read_bytes() == damaged  # still there for the refresh that has it open
    finally:
        refreshing.release()
    _rebuilt_at_next_open(small_folder, cache_dir)


def test_a_locked_index_is_not_taken_for_a_damaged_one(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _indexed(small_folder, cache_dir)

    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(database, "_check_schema", locked)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        CorpusIndex.open(small_folder, cache_dir=cache_dir)
    monkeypatch.undo()
    assert path.exists()
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert index.messages == [] and ids(index) == _all_ids()


def test_two_connections_meeting_the_same_damage_rebuild_once(
    small_folder: Path, cache_dir: Path
) -> None:
    """The window reads with several connections: the second to meet the damage reads the
    index the first rebuilt (and refreshed), rather than deleting it again."""
    path = _indexed(small_folder, cache_dir)
    _flip_bits(path, "texts")
    first = CorpusIndex.open(small_folder, cache_dir=cache_dir)
    second = CorpusIndex.open(small_folder, cache_dir=cache_dir, thorough=False)
    key = first.keys(Filter())[0]
    with pytest.raises(IndexRebuilt):
        first.cable(key)
    first.refresh(workers=0)
    with pytest.raises(IndexRebuilt):
        second.cable(key)  # its connection still reads the damaged file
    assert ids(second) == ids(first) == _all_ids()
    first.close()
    second.close()
