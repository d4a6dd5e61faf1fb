"""Tests for reader.index.database, called directly: where an index lives, the schema a new
one gets, each damage that makes ``open_database`` rebuild it (and the sentence it adds to
``messages``), cache files that are not files, the refresh lock, and the packed texts.
The scenarios of a whole refresh meeting damage are in test_damaged_index.py."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from handmade import SMALL, write_folder

from reader.index import database
from reader.index.database import (
    CORRUPT_RE,
    LISTING_TRIGGERS,
    SCHEMA_NAMES,
    SCHEMA_VERSION,
    FileLock,
    IndexCorrupt,
    IndexRebuilt,
    IndexUnusable,
    check_cache_files,
    index_path,
    open_database,
    remove_database,
    schema_names,
    unpack_text,
)
from reader.index.store import CorpusIndex
from reader.query.query import Filter

TABLES = {"meta", "files", "cables", "texts", "vals", "cable_values", "refs"}
TABLES |= {"scan_problems", "postings", "ft"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "indexes" / "folder.sqlite3"


def _open(db: Path, root: Path, **kwargs: bool) -> tuple[sqlite3.Connection, list[str]]:
    db.parent.mkdir(parents=True, exist_ok=True)
    messages: list[str] = []
    conn = open_database(db, root, messages, **kwargs)
    return conn, messages


def _made(db: Path, root: Path) -> None:
    """A new index with one scan problem in it (to tell a kept index from a rebuilt one)."""
    conn, messages = _open(db, root)
    assert messages == []
    conn.execute("INSERT INTO scan_problems VALUES ('a.txt', 'unreadable')")
    conn.close()


def _kept(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM scan_problems").fetchone()[0] == 1


@pytest.fixture
def made(db: Path, tmp_path: Path) -> Iterator[Path]:
    _made(db, tmp_path)
    yield db


# --------------------------------------------------------------------------- index_path


def test_index_path_one_file_per_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    a = tmp_path / "one" / "My Cables!"
    b = tmp_path / "two" / "My Cables!"
    path = index_path(a, cache)
    assert path.parent == cache / "indexes"
    assert path.name.startswith("My_Cables_-") and path.suffix == ".sqlite3"
    assert len(path.name) == len("My_Cables_-") + 16 + len(".sqlite3")
    assert index_path(tmp_path / "one" / ".." / "one" / "My Cables!", cache) == path
    assert index_path(str(a), cache) == path
    assert index_path(b, cache) != path  # same name, another folder
    assert index_path(tmp_path / ("x" * 60), cache).name.startswith("x" * 40 + "-")
    assert index_path(Path("/"), cache).name.startswith("root-")


def test_index_path_is_named_by_the_sha256_of_the_folder(tmp_path: Path) -> None:
    # read without hashlib (database._sha256), the same digest: an index made before
    # is found where it was
    import hashlib

    folder = tmp_path / "cables \udcff é"
    digest = hashlib.sha256(os.fsencode(folder)).hexdigest()[:16]
    assert index_path(folder, tmp_path).name == f"cables_-{digest}.sqlite3"
    assert database._sha256(b"").hexdigest() == hashlib.sha256(b"").hexdigest()


def test_schema_names_are_those_the_schema_makes() -> None:
    # the open checks an index against SCHEMA_NAMES: a change of the schema must change it
    assert schema_names() == SCHEMA_NAMES


# --------------------------------------------------------------------------- a new index


def test_a_new_index_has_the_schema(db: Path, tmp_path: Path) -> None:
    conn, messages = _open(db, tmp_path)
    assert messages == []
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    assert TABLES <= names
    assert dict(conn.execute("SELECT name, value FROM meta")) == {
        "root": str(tmp_path),
        "next_key": 1,
        "generation": 0,
        "postings_generation": -1,
    }
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 16384
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_sound_index_is_kept(made: Path, tmp_path: Path) -> None:
    conn, messages = _open(made, tmp_path)
    assert messages == []
    assert _kept(conn)
    conn.close()


def test_schema_version_holds_the_parser_version() -> None:
    from reader.parser.parse import PARSER_VERSION

    assert SCHEMA_VERSION % 100 == PARSER_VERSION
    assert SCHEMA_VERSION // 100 >= 8  # the full text with its subject column; two phases


# --------------------------------------------------------------------------- rebuilt


def _set_version(db: Path, version: int) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


def _assert_rebuilt(db: Path, root: Path, message: str) -> None:
    conn, messages = _open(db, root)
    assert messages == [message]
    assert not _kept(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_another_version_is_rebuilt(made: Path, tmp_path: Path) -> None:
    _set_version(made, SCHEMA_VERSION - 1)
    _assert_rebuilt(
        made,
        tmp_path,
        f"index was made by another version of Cable Reader (schema {SCHEMA_VERSION - 1})"
        " and has been rebuilt",
    )


def test_tables_without_a_version_are_rebuilt(made: Path, tmp_path: Path) -> None:
    _set_version(made, 0)
    _assert_rebuilt(made, tmp_path, "index was corrupt (index has no version) and has been rebuilt")


def test_a_missing_table_is_rebuilt(made: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(made)
    conn.execute("DROP TABLE refs")  # and its index refs_key with it
    conn.close()
    _assert_rebuilt(
        made, tmp_path, "index was corrupt (missing refs, refs_key) and has been rebuilt"
    )


def test_an_empty_file_is_rebuilt(db: Path, tmp_path: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")
    conn, messages = _open(db, tmp_path)
    assert messages == ["index was corrupt (empty (0 bytes)) and has been rebuilt"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_another_kind_of_file_is_rebuilt(db: Path, tmp_path: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database, but long enough to have a header " * 4)
    conn, messages = _open(db, tmp_path)
    assert messages == ["index was corrupt (not an SQLite database) and has been rebuilt"]
    conn.close()


def test_a_truncated_file_is_rebuilt(made: Path, tmp_path: Path) -> None:
    assert not Path(str(made) + "-wal").exists()  # checkpointed when closed
    size = made.stat().st_size
    assert size % 16384 == 0 and size > 16384
    with open(made, "r+b") as fh:
        fh.truncate(size - 16384)  # the last page lost
    _assert_rebuilt(
        made,
        tmp_path,
        f"index was corrupt (truncated ({size - 16384} of {size} bytes)) and has been rebuilt",
    )


def test_a_damage_marker_makes_a_rebuild(made: Path, tmp_path: Path) -> None:
    marker = Path(str(made) + ".corrupt")
    marker.touch()
    _assert_rebuilt(made, tmp_path, "index was found damaged while reading it and has been rebuilt")
    assert not marker.exists()


def test_a_damaged_posting_list_is_found_by_a_thorough_open(made: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(made)
    conn.execute("INSERT INTO postings VALUES (1, 0, 1, ?)", (b"not zlib",))
    conn.commit()
    conn.close()
    quick, messages = _open(made, tmp_path, thorough=False)
    assert messages == [] and _kept(quick)
    quick.close()
    conn, messages = _open(made, tmp_path)
    assert len(messages) == 1
    assert messages[0].startswith("index was corrupt (a compressed list of cables is damaged (")
    assert not _kept(conn)
    conn.close()


def test_damage_under_a_running_refresh_is_marked_not_removed(made: Path, tmp_path: Path) -> None:
    _set_version(made, 0)
    lock = FileLock(made.with_name(made.name + ".lock"))
    assert lock.acquire()
    try:
        with pytest.raises(IndexRebuilt, match="a refresh is writing it"):
            _open(made, tmp_path)
        assert Path(str(made) + ".corrupt").exists()
        conn = sqlite3.connect(made)
        assert conn.execute("SELECT count(*) FROM scan_problems").fetchone()[0] == 1
        conn.close()
    finally:
        lock.release()
    # the refresh over, the next open rebuilds it
    _assert_rebuilt(made, tmp_path, "index was found damaged while reading it and has been rebuilt")


def test_rebuilt_is_a_kind_of_corrupt() -> None:
    assert issubclass(IndexRebuilt, IndexCorrupt)
    assert issubclass(IndexCorrupt, sqlite3.DatabaseError)
    assert issubclass(database.DiskFull, IndexUnusable)


def test_corrupt_re_knows_sqlite_words() -> None:
    assert CORRUPT_RE.search("database disk image is malformed")
    assert CORRUPT_RE.search("file is not a database")
    assert not CORRUPT_RE.search("database is locked")


# --------------------------------------------------------------------------- listing


def test_listing_digest_dropped_by_any_change_of_a_file_row(made: Path, tmp_path: Path) -> None:
    conn, _ = _open(made, tmp_path)
    for trigger in LISTING_TRIGGERS:
        conn.execute(trigger)

    def listing() -> None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('listing', 'digest')")

    def kept() -> bool:
        return conn.execute("SELECT count(*) FROM meta WHERE name = 'listing'").fetchone()[0] == 1

    listing()
    conn.execute("INSERT INTO files VALUES (1, 'a.txt', 10, 5, 1, 2, 1, 1, NULL)")
    assert not kept()
    listing()
    conn.execute("UPDATE files SET cables = 2")  # not what the listing holds
    assert kept()
    for change in ("size = 11", "mtime_ns = 6", "path = 'b.txt'"):
        conn.execute(f"UPDATE files SET {change}")
        assert not kept(), change
        listing()
    conn.execute("DELETE FROM files")
    assert not kept()
    conn.close()


# --------------------------------------------------------------------------- cache files


def test_regular_cache_files_are_left_alone(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"x")
    assert check_cache_files(db) == []
    assert db.read_bytes() == b"x"


def test_the_folder_is_made(db: Path) -> None:
    assert check_cache_files(db) == []
    assert db.parent.is_dir()


def test_a_folder_in_place_of_the_index_is_moved_aside(db: Path) -> None:
    db.mkdir(parents=True)
    assert check_cache_files(db) == [
        f"{db} was a folder, not a file: moved aside to {db.name}.moved-aside-1;"
        " the index has been rebuilt"
    ]
    assert not db.exists() and (db.parent / f"{db.name}.moved-aside-1").is_dir()
    db.mkdir()
    assert check_cache_files(db)[0].endswith(f"{db.name}.moved-aside-2; the index has been rebuilt")


def test_a_pipe_in_place_of_the_wal_is_moved_aside(db: Path) -> None:
    db.parent.mkdir(parents=True)
    wal = Path(str(db) + "-wal")
    os.mkfifo(wal)
    assert check_cache_files(db) == [
        f"{wal} was a named pipe, not a file: moved aside to {wal.name}.moved-aside-1"
    ]
    assert not wal.exists()


def test_a_file_in_place_of_the_folder_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file")
    with pytest.raises(IndexUnusable, match="is not a folder, so no index can be kept") as e:
        check_cache_files(tmp_path / "cache" / "indexes" / "x.sqlite3")
    # the file to move away is named, not the folder that could not be made under it
    assert str(e.value).startswith(f"{tmp_path / 'cache'} is not a folder, so no index can be")


def test_remove_database(made: Path) -> None:
    for suffix in ("-wal", "-shm", ".corrupt"):
        Path(str(made) + suffix).write_bytes(b"")
    lock = Path(str(made) + ".lock")
    lock.write_bytes(b"")
    remove_database(made)
    assert sorted(p.name for p in made.parent.iterdir()) == [lock.name]
    remove_database(made)  # nothing left to remove: no error


# --------------------------------------------------------------------------- the lock


def test_one_holder_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    first, second = FileLock(path), FileLock(path)
    given_up = threading.Event()
    given_up.set()  # do not wait: say at once whether it is free
    assert first.acquire(given_up)
    assert not second.acquire(given_up)
    first.release()
    assert second.acquire(given_up)
    second.release()
    first.release()  # releasing a lock not held does nothing


def test_a_read_only_lock_file_still_locks(tmp_path: Path) -> None:
    """A lock file left read-only is opened for reading: a lock needs no write (as root the
    file opens for writing anyway, and the lock holds the same)."""
    path = tmp_path / "x.lock"
    path.write_bytes(b"")
    path.chmod(0o444)
    lock = FileLock(path)
    now = threading.Event()
    now.set()
    assert lock.acquire(now)
    assert not FileLock(path).acquire(now)
    lock.release()


def test_a_lock_in_a_missing_folder_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(IndexUnusable, match="cannot write in"):
        FileLock(tmp_path / "missing" / "x.lock").acquire()


# --------------------------------------------------------------------------- texts


def test_unpack_text() -> None:
    text = "¶1. (C) Klaus said \ud800 and more"  # a lone surrogate survives
    assert unpack_text(zlib.compress(text.encode("utf-8", "surrogatepass"))) == text
    with pytest.raises(IndexCorrupt, match="a compressed cable text is corrupt"):
        unpack_text(b"not zlib at all")
    packed = bytearray(zlib.compress(b"some cable text " * 20))
    packed[len(packed) // 2] ^= 0x10  # a flipped bit
    with pytest.raises(IndexCorrupt):
        unpack_text(bytes(packed))


# --------------------------------------------------------------------------- files not done


def _state_index(conn: sqlite3.Connection) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'files_not_done'"
    return conn.execute(sql).fetchone() is not None


def _without_state_index(db: Path) -> None:
    """The index as one made before the index of the files not done."""
    conn = sqlite3.connect(db)
    conn.execute("DROP INDEX files_not_done")
    conn.commit()
    conn.close()


def test_a_new_index_has_the_index_of_files_not_done(db: Path, tmp_path: Path) -> None:
    conn, _ = _open(db, tmp_path)
    assert _state_index(conn)
    conn.close()


def test_an_index_made_before_it_gets_it_on_open_not_rebuilt(made: Path, tmp_path: Path) -> None:
    _without_state_index(made)
    conn, messages = _open(made, tmp_path)
    assert messages == []
    assert _kept(conn)
    assert _state_index(conn)
    conn.close()


def test_a_locked_index_opens_without_it(made: Path, tmp_path: Path) -> None:
    """Another process writing (a refresh) holds the write lock: the open goes on without
    the index, which comes with a later open."""
    _without_state_index(made)
    writer = sqlite3.connect(made, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    conn, messages = _open(made, tmp_path)
    assert messages == []
    assert _kept(conn)
    assert not _state_index(conn)
    writer.execute("ROLLBACK")
    writer.close()
    conn.close()
    conn, _ = _open(made, tmp_path)
    assert _state_index(conn)
    conn.close()


def _folder_with_an_unreadable_file(tmp_path: Path) -> tuple[Path, Path]:
    folder, cache = tmp_path / "cables", tmp_path / "cache"
    write_folder(folder, SMALL[:4])
    (folder / "empty.txt").write_text("")
    # folders older than the listing's racy second, so unchanged() reads their times
    for sub in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        os.utime(sub, ns=(0, sub.stat().st_mtime_ns - 10 * 1_000_000_000))
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        index.refresh(workers=0)
    return folder, cache


def _answers(index: CorpusIndex) -> tuple[object, ...]:
    return (
        index.partial(),
        index.file_problems(),
        index.file_count(),
        index.count(Filter("")),
        index.unchanged(),
    )


def test_a_read_only_index_without_it_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that cannot write the index (a cache shared read-only) opens one made before
    the index of the files not done, and answers as one with it does."""
    folder, cache = _folder_with_an_unreadable_file(tmp_path)
    path = index_path(folder, cache)
    with sqlite3.connect(path) as conn:
        # a file being read, as a refresh cut short leaves it: partial() counts it
        conn.execute(f"UPDATE files SET state = {database.INDEXING} WHERE id ="
                     f" (SELECT min(id) FROM files WHERE state = {database.DONE})")  # fmt: skip
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        expected = _answers(index)
    assert expected[0] is not None and expected[1]  # partial, with an unreadable file
    _without_state_index(path)
    plain_connect = database.connect

    def read_only(p: Path) -> sqlite3.Connection:
        conn = plain_connect(p)
        conn.execute("PRAGMA query_only = ON")  # as root, file modes would not stop a write
        return conn

    monkeypatch.setattr(database, "connect", read_only)
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        assert index.messages == []
        assert _answers(index) == expected
        assert not _state_index(index._conn)


def test_the_files_not_done_are_found_without_a_scan(tmp_path: Path) -> None:
    """Every read of ``files`` by state that a search or a look at the folder makes goes
    through the index of the files not done (a scan: 15-60 ms at 250,000 files)."""
    folder, cache = _folder_with_an_unreadable_file(tmp_path)
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        conn = index._conn
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        _answers(index)
        conn.set_trace_callback(None)
        by_state = [s for s in statements if "FROM files" in s and "state" in s]
        assert len(by_state) == 3  # partial, file_problems, unchanged
        for sql in by_state:
            plan = " ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "files_not_done" in plan, (sql, plan)


# --------------------------------------------------------------- the locks of open connections


def _commit_in_this_process(db: str) -> None:
    """(a spawned process: a refresh's) one change, then the connection closes. The last
    connection to close copies the WAL into the file and deletes the WAL and its -shm;
    SQLite tells it is the last by the locks of every other connection, in any process."""
    conn = database.connect(Path(db))
    conn.execute("INSERT INTO scan_problems VALUES ('b.txt', 'unreadable')")
    conn.close()


def test_opening_the_index_again_leaves_the_open_connections_their_locks(
    made: Path, tmp_path: Path
) -> None:
    """Any close() of the index file by this process drops every lock the process holds
    on it (POSIX locks), so the header check of a second open must not open the file
    itself: a refresh in another process then took itself for the last connection and
    deleted the -shm under the open ones, which saw no commit from then on."""
    reader, _ = _open(made, tmp_path)
    assert reader.execute("SELECT count(*) FROM scan_problems").fetchone()[0] == 1
    again, messages = _open(made, tmp_path)  # (the window's threads open their own)
    assert messages == []
    again.close()
    context = multiprocessing.get_context("spawn")
    for commits in (2, 3):
        version = reader.execute("PRAGMA data_version").fetchone()[0]
        writer = context.Process(target=_commit_in_this_process, args=(str(made),))
        writer.start()
        writer.join()
        assert writer.exitcode == 0
        assert Path(f"{made}-shm").exists()  # still shared with the open connection
        # what the views' caches are kept by (IndexView._sync): it must tell the commit
        assert reader.execute("PRAGMA data_version").fetchone()[0] != version
        assert reader.execute("SELECT count(*) FROM scan_problems").fetchone()[0] == commits
    reader.close()
