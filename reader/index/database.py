"""The index file: its schema, connection settings, damage checks, and the lock that lets
one refresh write at a time."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import stat
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reader.model.version import PARSER_VERSION

__all__ = [
    "ANOTHER_FOLDER",
    "CACHE_KIB",
    "CORRUPT_RE",
    "DONE",
    "FILE_KINDS",
    "FULL_TEXT_TABLE",
    "INDEXING",
    "LISTING_TRIGGERS",
    "MMAP_BYTES",
    "NOT_DONE",
    "SCHEMA_VERSION",
    "SCHEMA_NAMES",
    "STATE_INDEX",
    "UNREADABLE",
    "DiskFull",
    "FileLock",
    "IndexCorrupt",
    "IndexRebuilt",
    "IndexUnusable",
    "check_cache_files",
    "ensure_state_index",
    "index_path",
    "open_database",
    "remove_database",
    "schema_names",
    "unpack_text",
]

#: The index's format: its tables and what is stored (the hundreds; bump when they change;
#: 4: the check facet; 5: reference-not-in-folder in it; 6: year-only dates, stored as
#: YYYY00000000, the undated year and month, and published_id; 7: the subject as a column of
#: the full text, and its sizes, for relevance; 8: two phases, the table ``pending``; 9: the
#: facet ``copy``, whose value ``other`` an index must work out once, and the text's length
#: that decides it) and the version of the
#: parser whose output it holds (the units). An index made otherwise is rebuilt, not misread.
SCHEMA_VERSION = 9 * 100 + PARSER_VERSION
APP_NAME = "cable-reader"
#: How to keep the index elsewhere, the end of every message of a cache folder that cannot
#: be used: the commands take --cache-dir; the window takes no option, and its cache folder
#: (platformdirs') moves with XDG_CACHE_HOME. ("give another folder with --cache-dir" told
#: the window's analyst of an option it does not have.)
ANOTHER_FOLDER = (
    "give another folder with --cache-dir (for the window: set XDG_CACHE_HOME to another"
    " folder before starting it)"
)

# files.state
INDEXING, DONE, UNREADABLE = 0, 1, 2

#: The full-text table: contentless (the text is kept once, packed, in ``texts``). The
#: subject is a column of its own after the text (which holds it too), so that relevance
#: (store.W_SUBJECT) weighs a word of the subject above one of the body; a query's words
#: match either column. The text comes first: FTS5 marks a word's positions in any column
#: but the first, so a word of the body alone costs no mark (with the subject first, every
#: one did: the full text grew by 39% at 100,000 cables). The sizes of each row's columns
#: are kept (columnsize): BM25 needs the length of a cable to tell one mention in a short
#: cable from one in a long one.
FULL_TEXT_TABLE = """CREATE VIRTUAL TABLE ft USING fts5(
    text, subject, content='', tokenize='unicode61 remove_diacritics 2'
)"""

_SCHEMA = f"""
CREATE TABLE meta(name TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,      -- relative to the root, with '/'
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    dev INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    state INTEGER NOT NULL,         -- {INDEXING} indexing, {DONE} done, {UNREADABLE} unreadable
    cables INTEGER NOT NULL,        -- cables of the file in the index so far
    reason TEXT                     -- why it is unreadable
);
CREATE TABLE cables(
    key INTEGER PRIMARY KEY,        -- never reused (meta next_key)
    file_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,           -- position in the file
    row INTEGER,                    -- data row of a cables.csv
    format TEXT NOT NULL,
    id TEXT NOT NULL,
    date INTEGER,                   -- YYYYMMDDHHMM
    origin TEXT NOT NULL,
    classification TEXT NOT NULL,
    level TEXT NOT NULL,
    rank INTEGER NOT NULL,
    subject TEXT NOT NULL,
    meta TEXT,                      -- ContainerMeta as JSON
    published_id TEXT,              -- the ID the release published it under, when known
    length INTEGER NOT NULL DEFAULT 0  -- characters of its text (query.copy_order)
);
CREATE UNIQUE INDEX cables_file ON cables(file_id, seq);
CREATE INDEX cables_id ON cables(id COLLATE NOCASE);
CREATE INDEX cables_published_id ON cables(published_id COLLATE NOCASE);
CREATE TABLE texts(key INTEGER PRIMARY KEY, packed BLOB NOT NULL);  -- zlib of Cable.text
CREATE TABLE vals(
    id INTEGER PRIMARY KEY,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL,         -- cables with this value
    UNIQUE(facet, value)
);
CREATE TABLE cable_values(          -- by key: new cables append, no page is written twice
    key INTEGER NOT NULL,
    value_id INTEGER NOT NULL,
    PRIMARY KEY(key, value_id)
) WITHOUT ROWID;
CREATE TABLE refs(ref TEXT NOT NULL, key INTEGER NOT NULL, PRIMARY KEY(ref, key)) WITHOUT ROWID;
CREATE INDEX refs_key ON refs(key);
CREATE TABLE scan_problems(path TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE pending(key INTEGER PRIMARY KEY);  -- first-phase rows the full parse has not redone
CREATE TABLE postings(              -- see postings.py; valid when meta generation matches
    value_id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,
    count INTEGER NOT NULL,
    packed BLOB NOT NULL
);
{FULL_TEXT_TABLE};
"""

#: meta 'listing' holds the digest (scan.listing_digest) of the folder's files as ``files``
#: records them, so that an unchanged folder is known as such without reading ``files``.
#: Any change to a row's path, size or mtime drops it, whoever makes it (an older version
#: of the app too): these triggers are made with the first digest stored, not with the
#: schema (an index made before them is not rebuilt for them).
LISTING_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS files_listing_{when.split()[0].lower()} AFTER {when} ON files"
    " BEGIN DELETE FROM meta WHERE name = 'listing'; END"
    for when in ("INSERT", "DELETE", "UPDATE OF path, size, mtime_ns")
)

#: The files not done (being read, or unreadable) are a handful among 250,000: this partial
#: index finds them without a scan of ``files`` (15-22 ms at 250,000, paid by every search
#: that says whether its answer is partial, and 40-60 ms by the list of unreadable files).
#: SQLite uses a partial index only for a query whose WHERE names its condition (``state =
#: 0`` is not taken to imply ``state != 1``), so each such query says ``NOT_DONE AND ...``.
#: Like LISTING_TRIGGERS it is not part of the schema: an index made before it gets it on
#: its next open (ensure_state_index), not a rebuild.
NOT_DONE = f"state != {DONE}"
STATE_INDEX_NAME = "files_not_done"
STATE_INDEX = f"CREATE INDEX IF NOT EXISTS {STATE_INDEX_NAME} ON files(state) WHERE {NOT_DONE}"

CORRUPT_RE = re.compile(r"malformed|not a database|corrupt|disk image", re.IGNORECASE)


class IndexCorrupt(sqlite3.DatabaseError):
    """The database file is damaged; opening the folder again rebuilds it."""


class IndexRebuilt(IndexCorrupt):
    """Damage met by a read, already dealt with: the index was rebuilt (empty until the
    next refresh), or marked to be rebuilt at the next open while a refresh writes it.
    The message says which, as a sentence."""


class IndexUnusable(Exception):
    """The index cannot be kept where it should be (a cache file of the wrong type or
    mode, a folder that cannot be written); the message names the path and what to do."""


class DiskFull(IndexUnusable):
    """The disk filled up while the index was written. The index stays consistent (the
    last batch is rolled back) and says it is partial."""


#: SQLite's words for a full disk (SQLITE_FULL), and for a file it may not write.
FULL_RE = re.compile(r"database or disk is full|no space left", re.IGNORECASE)
READ_ONLY_RE = re.compile(r"readonly database|unable to open database file", re.IGNORECASE)
#: Indexes up to this size get every page checked when opened; a bigger one (the whole
#: release: a gigabyte) would take seconds, so its damage is found by the read that meets
#: it, which rebuilds it then (store.CorpusIndex).
QUICK_CHECK_MAX_BYTES = 64 << 20


def _own_sha256() -> Callable[[bytes], Any]:
    """SHA-256 from CPython's own module for it when there is one (the one hashlib falls back
    to), else hashlib's: hashlib loads OpenSSL first, 3 ms of a search's start against half
    of one. The same digest either way."""
    from importlib import import_module

    for name in ("_sha2", "_sha256"):  # CPython 3.12 and later; 3.11
        try:
            constructor: Callable[[bytes], Any] = import_module(name).sha256
            return constructor
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


#: what names an index's file (index_path)
_sha256 = _own_sha256()


def index_path(root: str | Path, cache_dir: Path | None = None) -> Path:
    """Where the index of ``root`` lives: one file per folder, named after it."""
    root = Path(root).resolve()
    if cache_dir is not None:
        base = Path(cache_dir)
    else:
        import platformdirs  # (here: 3 ms of a search's start, which --cache-dir spares)

        base = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    digest = str(_sha256(os.fsencode(root)).hexdigest())[:16]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", root.name)[:40] or "root"
    return base / "indexes" / f"{name}-{digest}.sqlite3"


#: Readers map this much of the file into memory (fast lookups); a refresh maps none, so
#: that writing a big index does not grow the process by the size of the file.
MMAP_BYTES = 256 << 20
#: SQLite's page cache per connection, in KiB (negative: SQLite reads it as KiB)
CACHE_KIB = -65536


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    conn.execute("PRAGMA wal_autocheckpoint = 4096")
    conn.execute("PRAGMA secure_delete = OFF")
    return conn


#: What a path that is no regular file is, in words (a folder, a named pipe...).
FILE_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFLNK: "a broken link",
}


def check_cache_files(path: Path) -> list[str]:
    """Make the index's folder and files usable, or say why they cannot be: a file that is
    not a regular file (a folder, a pipe: opening a pipe would block for ever) is moved
    aside, with a message; IndexUnusable when the folder is not one or the index cannot
    be moved aside. Returns the messages."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        # the path that is there and is no folder: the nearest one that exists, not the
        # folder mkdir was asked for (which names the wrong thing to move away)
        there = next((p for p in (folder, *folder.parents) if p.exists()), folder)
        raise IndexUnusable(
            f"{there} is not a folder, so no index can be kept in {folder}:"
            f" move that file away, or {ANOTHER_FOLDER}"
        ) from exc
    except OSError as exc:
        raise IndexUnusable(
            f"cannot make the index folder {folder} ({exc.strerror}): make its parent"
            f" writable, or {ANOTHER_FOLDER}"
        ) from exc
    messages: list[str] = []
    for suffix in ("", "-wal", "-shm", ".lock", ".open-lock"):
        file = Path(str(path) + suffix)
        try:
            mode = os.stat(file).st_mode if file.exists() else os.lstat(file).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISREG(mode):
            continue
        kind = FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")
        aside = _aside(file)
        try:
            os.rename(file, aside)
        except OSError as exc:
            raise IndexUnusable(
                f"{file} is {kind}, not a file, and cannot be moved aside ({exc.strerror}):"
                f" remove it, or {ANOTHER_FOLDER}"
            ) from exc
        messages.append(
            f"{file} was {kind}, not a file: moved aside to {aside.name}"
            + ("; the index has been rebuilt" if suffix == "" else "")
        )
    return messages


def _aside(file: Path) -> Path:
    n = 1
    while True:
        aside = file.with_name(f"{file.name}.moved-aside-{n}")
        if not os.path.lexists(aside):
            return aside
        n += 1


def _size_problem(path: Path) -> str | None:
    """A damage told by the file's size alone, before SQLite opens it.

    Nothing here opens the file. Any close() of it by this process drops every lock the
    process holds on it (POSIX locks), those of its open SQLite connections too. A
    refresh in another process, finding no lock when it closed, took itself for the last
    connection and deleted the -wal and -shm under the open ones: they saw no commit
    from then on (PRAGMA data_version stood still), and kept answering from what they
    had cached. SQLite finds the other damage itself when it reads the file, the WAL
    taken into account (_described then says it in plain words)."""
    if path.stat().st_size == 0:
        # the schema is made under the opening lock as soon as the file exists, so an
        # empty file found here was truncated (and a "0 of 0" would hide it)
        return "empty (0 bytes)"
    return None


def _described(path: Path) -> str | None:
    """What the header of a file SQLite found damaged tells, in plain words: not a
    database, or shorter than its header says. Only for a file about to be removed: the
    read drops the locks of this process's connections to it (_size_problem)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "not an SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]
    if valid and pages * page_size > size and not _wal_pending(path):
        return f"truncated ({size} of {pages * page_size} bytes)"
    return None


def _wal_pending(path: Path) -> bool:
    """True when the WAL holds frames: a checkpoint may be copying them into the file this
    very moment, page 1 (with the new page count) first and the pages that extend the file
    after it, so a file shorter than its header says is no damage then."""
    try:
        return os.path.getsize(str(path) + "-wal") > 0
    except OSError:
        return False


def _refresh_running(path: Path) -> bool:
    """True when a refresh (another thread or process) holds the index's write lock."""
    lock = FileLock(path.with_name(path.name + ".lock"))
    now = threading.Event()
    now.set()
    if lock.acquire(now):
        lock.release()
        return False
    return True


#: Errors of a busy or unusual moment, not of a damaged file: never a reason to rebuild.
_TRANSIENT_RE = re.compile(r"locked|busy|disk I/O|out of memory|interrupt", re.IGNORECASE)


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".corrupt"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)


class FileLock:
    """An exclusive lock on a file beside the index: one refresh at a time, across
    processes. The system drops it when the holder dies, so a killed indexer never
    leaves it held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: object | None = None

    def acquire(self, cancel: threading.Event | None = None) -> bool:
        fh: BinaryIO
        try:
            fh = open(self.path, "a+b")  # noqa: SIM115 - held until release()
        except PermissionError as denied:
            try:  # a lock file left read-only: a lock needs no write
                fh = open(self.path, "rb")  # noqa: SIM115
            except OSError:
                raise IndexUnusable(
                    f"cannot write in {self.path.parent} ({denied.strerror}): make it"
                    f" writable (chmod u+w), or {ANOTHER_FOLDER}"
                ) from denied
        except OSError as exc:
            raise IndexUnusable(
                f"cannot write in {self.path.parent} ({exc.strerror}): make it writable"
                f" (chmod u+w), or {ANOTHER_FOLDER}"
            ) from exc
        while True:
            try:
                _lock(fh.fileno())
                self._fh = fh
                return True
            except BlockingIOError:
                if cancel is not None and cancel.wait(0.1):
                    fh.close()
                    return False
                if cancel is None:
                    time.sleep(0.1)

    def release(self) -> None:
        if self._fh is not None:
            _unlock(self._fh.fileno())  # type: ignore[attr-defined]
            self._fh.close()  # type: ignore[attr-defined]
            self._fh = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            raise BlockingIOError(str(exc)) from exc

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def open_database(
    path: Path, root: Path, messages: list[str], *, thorough: bool = True
) -> sqlite3.Connection:
    """Connect, checking the file; rebuild it when damaged or from another version. Not
    ``thorough``: no integrity check of the pages (another connection has just made it)."""
    problem: str | None = None
    sqlite_found = False  # the damage SQLite met reading the file
    if Path(str(path) + ".corrupt").exists():
        problem = "index was found damaged while reading it"
    elif path.exists():
        problem = _size_problem(path)
    if problem is None:
        conn: sqlite3.Connection | None = None
        try:
            # connect() sets PRAGMAs that read the header: a header overwritten past its
            # magic fails here ("file is not a database"), and is rebuilt like the rest
            conn = connect(path)
            problem = _check_schema(conn, root, thorough=thorough)
            if problem is None:
                ensure_state_index(conn)
                return conn
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if READ_ONLY_RE.search(str(exc)):
                raise IndexUnusable(_read_only_message(path, exc)) from exc
            if "disk I/O" in str(exc):  # no damage: no room for the WAL's files, say
                raise IndexUnusable(_io_message(path, exc)) from exc
            if _TRANSIENT_RE.search(str(exc)):
                raise  # "database is locked" is no damage: deleting the file would be
            problem = f"index was corrupt ({exc})"
            sqlite_found = True
            conn = None
        if conn is not None:
            conn.close()
    if path.exists() and _refresh_running(path):
        # Never delete the files from under a refresh that writes them: it would go on in
        # a deleted file, and a connection opening the new "-wal" by name could apply it to
        # the old file, a malformed image. The next open after it rebuilds the index.
        Path(str(path) + ".corrupt").touch()
        raise IndexRebuilt(
            f"the index {path} is damaged ({problem.removeprefix('index was ')}); a refresh"
            " is writing it, so it is rebuilt when the folder is opened again"
        )
    if sqlite_found:
        problem = _described(path) or problem
    if problem.startswith("index was"):
        messages.append(f"{problem} and has been rebuilt")
    else:
        messages.append(f"index was corrupt ({problem}) and has been rebuilt")
    remove_database(path)
    try:
        conn = connect(path)
        _create_schema(conn, root)
    except sqlite3.DatabaseError as exc:
        if READ_ONLY_RE.search(str(exc)):
            raise IndexUnusable(_read_only_message(path, exc)) from exc
        raise
    ensure_state_index(conn)
    return conn


def ensure_state_index(conn: sqlite3.Connection) -> bool:
    """Make STATE_INDEX if the index has none yet (one scan of ``files``: 28 ms at 250,000);
    True when it is there. Never waits and never fails: an index that cannot be written now
    (a read-only cache, a refresh of another process holding the write lock) answers as
    before, by scans, and gets it on a later open or with the next listing stored."""
    exists = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?"
    if conn.execute(exists, (STATE_INDEX_NAME,)).fetchone() is not None:
        return True
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute(STATE_INDEX)
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if READ_ONLY_RE.search(message) or _TRANSIENT_RE.search(message) or FULL_RE.search(message):
            return False
        raise
    finally:
        conn.execute("PRAGMA busy_timeout = 30000")
    return True


def _io_message(path: Path, exc: Exception) -> str:
    """What to do about an index SQLite cannot open for an I/O error: most often a full disk
    (no room for the "-shm" file every connection needs beside the index; one open before
    the disk filled up had it, so the index worked until the last window closed)."""
    folder = path.parent
    full = False
    with contextlib.suppress(OSError):
        full = shutil.disk_usage(folder).free == 0
    if full:
        why = f"the disk is full: free some space, or {ANOTHER_FOLDER}"
    elif not os.access(folder, os.W_OK):
        why = f"{folder} may not be written to: make it writable, or give another folder"
    else:
        why = "the disk failed to read or write it: check the disk, or give another folder"
    return f"cannot open the index {path} ({exc}): {why}"


def _read_only_message(path: Path, exc: Exception) -> str:
    return (
        f"cannot write the index {path} ({exc}): make it and its folder writable"
        f" (chmod u+w), or {ANOTHER_FOLDER}"
    )


def _check_schema(conn: sqlite3.Connection, root: Path, *, thorough: bool = True) -> str | None:
    """None when ``conn`` holds a usable index (creating a fresh one when empty)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables == 0:
            _create_schema(conn, root)
            return None
        return "index has no version"
    if version != SCHEMA_VERSION:
        return f"index was made by another version of Cable Reader (schema {version})"
    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    missing = SCHEMA_NAMES - names
    if missing:
        return f"missing {', '.join(sorted(missing))}"
    conn.execute("SELECT count(*) FROM meta").fetchone()
    conn.execute("SELECT max(id) FROM files").fetchone()
    size = os.path.getsize(conn.execute("PRAGMA database_list").fetchone()[2])
    if thorough and size <= QUICK_CHECK_MAX_BYTES:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return result
    if thorough:
        # the pages may be sound and a compressed blob inside one not (a flipped bit): the
        # postings are small (40 ms for a folder of 11,000 cables), so each is unpacked
        # here, whatever the index's size; the texts are checked by the read that meets one
        for (packed,) in conn.execute("SELECT packed FROM postings"):
            try:
                zlib.decompress(packed)
            except zlib.error as exc:
                return f"a compressed list of cables is damaged ({exc})"
    return None


#: The names of the tables and indexes a complete index has (FTS5's own tables and SQLite's
#: automatic indexes among them): what ``schema_names`` finds making _SCHEMA in memory, 2 ms
#: that every search paid at its open; tests/index/test_database.py checks they agree.
SCHEMA_NAMES = frozenset(
    {
        "cable_values", "cables", "cables_file", "cables_id", "cables_published_id", "files",
        "ft", "ft_config", "ft_data", "ft_docsize", "ft_idx", "meta", "pending", "postings",
        "refs", "refs_key", "scan_problems", "sqlite_autoindex_files_1",
        "sqlite_autoindex_vals_1", "texts", "vals",
    }
)  # fmt: skip


def schema_names() -> frozenset[str]:
    """Names of the tables and indexes that making _SCHEMA gives (in memory)."""
    conn = sqlite3.connect(":memory:")
    for statement in _statements(_SCHEMA):
        conn.execute(statement)
    names = frozenset(n for (n,) in conn.execute("SELECT name FROM sqlite_master"))
    conn.close()
    return names


def _create_schema(conn: sqlite3.Connection, root: Path) -> None:
    # big pages hold the compressed texts and the FTS5 segments without overflow pages
    conn.execute("PRAGMA page_size = 16384")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            conn.execute("ROLLBACK")  # another connection made it meanwhile
            return
        for statement in _statements(_SCHEMA):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO meta VALUES ('root', ?), ('next_key', 1), ('generation', 0),"
            " ('postings_generation', -1)",
            (str(root),),
        )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
        # the cache was sized in pages of the old page size: size it again
        conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    parts, current = [], ""
    for line in script.splitlines():
        line = line.split("--", 1)[0].rstrip()
        if not line:
            continue
        current += line + "\n"
        if sqlite3.complete_statement(current):
            parts.append(current)
            current = ""
    return parts


def unpack_text(packed: bytes) -> str:
    """Cable.text as the index keeps it (its UTF-8 in zlib's format, rows.pack_text);
    IndexCorrupt when the blob is damaged (zlib's check finds a flipped bit)."""
    try:
        return zlib.decompress(packed).decode("utf-8", "surrogatepass")
    except (zlib.error, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"a compressed cable text is corrupt ({exc})") from exc
