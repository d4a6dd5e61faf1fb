"""The corpus index: one SQLite (FTS5) database per opened folder, in the user's cache.

One writer (``refresh``) scans the folder, parses what changed in worker processes and
commits in batches; any number of readers (one CorpusIndex per thread) query meanwhile,
as WAL allows. Everything a refresh writes for a file (its cables, texts, facet values and
its row in ``files``) commits together, so an index killed at any moment reopens
consistent and the next refresh picks up where it stopped.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs

from reader.core.parse import parse_cable
from reader.core.records import Cable, Source

from .conditions import Both, Plan, Sql, Text, Values, Without, compile_filter, to_sql
from .postings import Postings, bits_of
from .postings import build as build_postings
from .query import FACETS, NONE, FacetValue, FileProblem, Filter, Hit, Progress
from .querysyntax import parse_query
from .rows import PORTION, CableRow, meta_from_json, number_date
from .scan import ScanResult, SourceFile, scan
from .snippets import Highlighter
from .workers import FileTask, ParsePool, Piece, parse_in_process

__all__ = ["CorpusIndex", "IndexCorrupt", "index_path"]

#: Bump when the schema or what is stored changes: older indexes are rebuilt, not misread.
SCHEMA_VERSION = 2
APP_NAME = "cable-reader"

#: Below this much to parse, worker processes cost more to start than they save.
POOL_MIN_BYTES = 4_000_000
#: A refresh commits at least this often (seconds) so readers see cables appear.
COMMIT_SECONDS = 1.0
COMMIT_ROWS = 20_000
#: The progress callback is called at most this often (seconds), and at the start and end.
PROGRESS_SECONDS = 0.2

# files.state
INDEXING, DONE, UNREADABLE = 0, 1, 2

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
    meta TEXT                       -- ContainerMeta as JSON
);
CREATE UNIQUE INDEX cables_file ON cables(file_id, seq);
CREATE INDEX cables_date ON cables(date, id);
CREATE INDEX cables_id ON cables(id COLLATE NOCASE);
CREATE INDEX cables_origin ON cables(origin, date);
CREATE INDEX cables_rank ON cables(rank, classification, date);
CREATE TABLE texts(key INTEGER PRIMARY KEY, packed BLOB NOT NULL);  -- zlib of Cable.text
CREATE TABLE vals(
    id INTEGER PRIMARY KEY,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL,         -- cables with this value
    UNIQUE(facet, value)
);
CREATE TABLE cable_values(
    value_id INTEGER NOT NULL,
    key INTEGER NOT NULL,
    PRIMARY KEY(value_id, key)
) WITHOUT ROWID;
CREATE INDEX cable_values_key ON cable_values(key, value_id);
CREATE TABLE refs(ref TEXT NOT NULL, key INTEGER NOT NULL, PRIMARY KEY(ref, key)) WITHOUT ROWID;
CREATE INDEX refs_key ON refs(key);
CREATE TABLE scan_problems(path TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE postings(              -- see postings.py; valid when meta generation matches
    value_id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,
    count INTEGER NOT NULL,
    packed BLOB NOT NULL
);
CREATE VIRTUAL TABLE ft USING fts5(
    text, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2'
);
"""

_CORRUPT_RE = re.compile(r"malformed|not a database|corrupt|disk image", re.IGNORECASE)

_SORT_SQL = {
    "date": ("c.date", "c.id", "c.key"),
    "id": ("c.id COLLATE NOCASE", "c.key"),
    "origin": ("c.origin", "c.date", "c.key"),
    "classification": ("c.rank", "c.classification", "c.date", "c.key"),
}
_HIT_COLUMNS = "c.key, c.id, c.date, c.origin, c.classification, c.level, c.subject"


class IndexCorrupt(sqlite3.DatabaseError):
    """The database file is damaged; opening the folder again rebuilds it."""


def index_path(root: str | Path, cache_dir: Path | None = None) -> Path:
    """Where the index of ``root`` lives: one file per folder, named after it."""
    root = Path(root).resolve()
    base = (
        Path(cache_dir)
        if cache_dir is not None
        else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    )
    digest = hashlib.sha256(os.fsencode(root)).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", root.name)[:40] or "root"
    return base / "indexes" / f"{name}-{digest}.sqlite3"


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA mmap_size = 1073741824")
    conn.execute("PRAGMA secure_delete = OFF")
    return conn


def _header_problem(path: Path) -> str | None:
    """A damage that shows in the file header or size, without reading the whole file."""
    size = path.stat().st_size
    if size == 0:
        return None  # a new database sqlite has not written yet
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "not an SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]
    if valid and pages * page_size > size:
        return f"truncated ({size} of {pages * page_size} bytes)"
    return None


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".corrupt"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)


class _FileLock:
    """An exclusive lock on a file beside the index: one refresh at a time, across
    processes. The system drops it when the holder dies, so a killed indexer never
    leaves it held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: object | None = None

    def acquire(self, cancel: threading.Event | None = None) -> bool:
        fh = open(self.path, "a+b")  # noqa: SIM115 - held until release()
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


@dataclass(slots=True)
class _FileRecord:
    id: int
    path: str
    size: int
    mtime_ns: int
    identity: tuple[int, int]
    state: int
    cables: int


class CorpusIndex:
    """The index of one folder (or one file such as a cables.csv).

    Open one per thread: a CorpusIndex holds one SQLite connection. Queries take a
    Filter; keys are the index's own integers, stable while a cable is unchanged.
    """

    def __init__(self, root: Path, db_path: Path, conn: sqlite3.Connection) -> None:
        self.root = root
        self.db_path = db_path
        self.messages: list[str] = []
        self._conn = conn
        self._version = -1
        self._values: dict[str, list[tuple[int, str]]] = {}
        self._matched: tuple[Filter, int] | None = None  # filter whose keys are in temp.m
        self._fast_match: tuple[Filter, int, bytes] | None = None
        self._all_vals: list[tuple[int, str, str, int]] | None = None
        self._post: Postings | None = None
        self._post_generation: object = None
        self._postings_checked = False

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, root: str | Path, *, cache_dir: Path | None = None) -> CorpusIndex:
        """Open (or create) the index of ``root``. Cheap when the index exists: it reads
        the header and a few rows; the folder is not scanned until ``refresh``."""
        root = Path(root).resolve()
        path = index_path(root, cache_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        messages: list[str] = []
        conn = _open_database(path, root, messages)
        index = cls(root, path, conn)
        index.messages = messages
        return index

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- refresh -----------------------------------------------------------------------

    def refresh(
        self,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
    ) -> None:
        """Bring the index up to date with the folder: parse what was added or changed,
        drop what was removed. ``workers``: parser processes (None: one per core; 0:
        parse in this thread). ``cancel`` stops it soon, leaving a consistent index."""
        lock = _FileLock(self.db_path.with_name(self.db_path.name + ".lock"))
        if not lock.acquire(cancel):
            return
        try:
            try:
                self._refresh(progress, cancel, workers)
            except sqlite3.DatabaseError as exc:
                if not _CORRUPT_RE.search(str(exc)):
                    raise
                self._rebuild(f"index was corrupt ({exc}) and has been rebuilt")
                self._refresh(progress, cancel, workers)
        finally:
            lock.release()

    def _rebuild(self, message: str) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        _remove_database(self.db_path)
        self._conn = _open_database(self.db_path, self.root, [])
        self._version = -1
        self._post = None
        self.messages.append(message)

    def _refresh(
        self,
        progress: Callable[[Progress], None] | None,
        cancel: threading.Event | None,
        workers: int | None,
    ) -> None:
        started = time.monotonic()
        found = scan(self.root, cancel=cancel)
        if found.cancelled:
            return
        writer = _Writer(self._conn)
        tasks = writer.apply_scan(found, self._abs)
        total_files = len(tasks)
        report = _Reporter(progress, started, total_files, found.skipped)
        report(writer, force=True)
        if tasks and not (cancel is not None and cancel.is_set()):
            nbytes = sum(t.size for t in tasks)
            file_tasks = [FileTask(t.file_id, str(self._abs(t.path)), t.skip) for t in tasks]
            if workers == 0 or nbytes < POOL_MIN_BYTES:
                self._consume(writer, parse_in_process(file_tasks), cancel, report)
            else:
                count = min(workers or os.cpu_count() or 1, len(file_tasks))
                sizes = {t.file_id: t.size for t in tasks}
                with ParsePool(count) as pool:
                    # big files (a cables.csv) first, so they do not finish last alone
                    pool.submit(sorted(file_tasks, key=lambda t: -sizes[t.file_id]))
                    self._consume(writer, pool.messages(cancel), cancel, report)
        cancelled = cancel is not None and cancel.is_set()
        writer.finish(complete=not cancelled)
        if not cancelled:
            with contextlib.suppress(sqlite3.OperationalError):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        report(writer, force=True, done=not cancelled)

    def _consume(
        self,
        writer: _Writer,
        messages: Iterable[list[Piece]],
        cancel: threading.Event | None,
        report: _Reporter,
    ) -> None:
        for message in messages:
            for piece in message:
                writer.add_piece(piece)
            if writer.due():
                writer.commit()
                report(writer)
            if cancel is not None and cancel.is_set():
                break
        writer.commit()

    def _abs(self, rel: str) -> Path:
        return self.root if self.root.is_file() else self.root / rel

    # -- queries -----------------------------------------------------------------------

    def total(self) -> int:
        return self._one("SELECT count(*) FROM cables")

    def count(self, f: Filter) -> int:
        fast = self._fast(f)
        if fast is not None:
            return fast[1].bit_count()
        if not self._match(f):
            return self.total()
        return self._one("SELECT count(*) FROM temp.m")

    def keys(self, f: Filter) -> list[int]:
        return self._page(f, 0, None)

    def search(self, f: Filter, *, offset: int = 0, limit: int = 200) -> list[Hit]:
        return self.hits(self._page(f, offset, limit), highlight=f)

    def _page(self, f: Filter, offset: int, limit: int | None) -> list[int]:
        if f.sort not in _SORT_SQL:
            raise ValueError(f"unknown sort {f.sort!r}")
        fast = self._fast(f)
        if fast is not None:
            post, _, table = fast
            return post.ordered(table, f.sort, descending=f.descending, offset=offset, limit=limit)
        sql, params = self._ordered(f)
        if limit is not None:
            sql, params = sql + " LIMIT ? OFFSET ?", (*params, limit, offset)
        elif offset:
            sql, params = sql + " LIMIT -1 OFFSET ?", (*params, offset)
        return [k for (k,) in self._rows(sql, params)]

    def hits(self, keys: Sequence[int], *, highlight: Filter | None = None) -> list[Hit]:
        """Row data for ``keys``, in their order; keys no longer in the index are left out.
        With ``highlight``, each hit gets a snippet around the words of its query."""
        found: dict[int, tuple] = {}
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT {_HIT_COLUMNS} FROM cables c WHERE c.key IN ({marks})", chunk
            ):
                found[row[0]] = row
        snippets: dict[int, tuple[str, tuple[tuple[int, int], ...]]] = {}
        marker = Highlighter(parse_query(highlight.query)) if highlight is not None else None
        if marker:
            for key, text in self._texts([k for k in keys if k in found]):
                snippets[key] = marker.snippet(text)
        hits = []
        for key in keys:
            data = found.get(key)
            if data is None:
                continue
            snippet, matches = snippets.get(key, ("", ()))
            hits.append(
                Hit(
                    key=data[0],
                    id=data[1],
                    date=number_date(data[2]),
                    origin=data[3],
                    classification=data[4],
                    level=data[5],
                    subject=data[6],
                    snippet=snippet,
                    snippet_matches=matches,
                )
            )
        return hits

    def facets(self, f: Filter, *, limit: int | None = None) -> dict[str, list[FacetValue]]:
        """Values of every facet (keys: query.FACETS) with the number of cables matching
        ``f`` that have each. Values selected in ``f`` are listed even at 0. Years and
        months come in date order, other values by count; ``limit`` keeps the first few."""
        plain = _plain(f)
        if plain == Filter():
            rows = [(facet, value, n) for _, facet, value, n in self._vals() if n > 0]
        elif (fast := self._fast(f)) is not None:
            post, match, table = fast
            vals = [(vid, facet, value) for vid, facet, value, n in self._vals() if n > 0]
            found = post.counts(match, table, [vid for vid, _, _ in vals])
            rows = [(facet, value, found[vid]) for vid, facet, value in vals if found[vid]]
        else:
            self._match(f)
            rows = self._rows(
                "SELECT v.facet, v.value, count(*) FROM temp.m JOIN cable_values cv"
                " ON cv.key = m.key JOIN vals v ON v.id = cv.value_id"
                " WHERE v.facet != ? GROUP BY cv.value_id",
                (PORTION,),
            )
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for facet, value, n in rows:
            counts[facet][value] = n
        for facet, value in f.include | f.exclude:
            if facet in counts:
                counts[facet].setdefault(value, 0)
        result: dict[str, list[FacetValue]] = {}
        for facet, values in counts.items():
            if facet in ("year", "month"):
                order = sorted(values.items(), key=lambda kv: (kv[0] == NONE, kv[0]))
            else:
                order = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            result[facet] = [FacetValue(v, n) for v, n in order[:limit]]
        return result

    def cable(self, key: int) -> Cable:
        """The full record, parsed again from the text the index holds for ``key``."""
        row = self._conn.execute(
            "SELECT f.path, c.format, c.row, c.meta, t.packed FROM cables c"
            " JOIN files f ON f.id = c.file_id JOIN texts t ON t.key = c.key WHERE c.key = ?",
            (key,),
        ).fetchone()
        if row is None:
            raise KeyError(key)
        path, fmt, csv_row, meta, packed = row
        source = Source(str(self._abs(path)), fmt, csv_row)
        return parse_cable(_unpack(packed), source=source, meta=meta_from_json(meta))

    def raw_text(self, key: int) -> str:
        """The source as it is on disk, decoded: the whole file, or for a cables.csv the
        fields of the cable's row."""
        cable = self.cable(key)
        if cable.source.format == "csv":
            return _csv_fields_text(cable)
        try:
            data = Path(cable.source.path).read_bytes()
        except OSError:
            return cable.text
        return _decode(data)

    def key_for_id(self, cable_id: str) -> int | None:
        row = self._conn.execute(
            "SELECT key FROM cables WHERE id = ? COLLATE NOCASE ORDER BY key LIMIT 1",
            (cable_id.strip(),),
        ).fetchone()
        return row[0] if row else None

    def cited_by(self, cable_id: str) -> list[Hit]:
        """The cables that cite ``cable_id`` (in REF lines or the container's list), by date."""
        keys = [
            k
            for (k,) in self._rows(
                "SELECT c.key FROM refs r JOIN cables c ON c.key = r.key WHERE r.ref = ?"
                " ORDER BY c.date, c.id, c.key",
                (cable_id.strip().upper(),),
            )
        ]
        return self.hits(keys)

    def file_problems(self) -> list[FileProblem]:
        rows = self._rows(
            "SELECT path, reason FROM files WHERE state = ? UNION ALL"
            " SELECT path, reason FROM scan_problems ORDER BY 1",
            (UNREADABLE,),
        )
        return [FileProblem(p, r) for p, r in rows]

    # -- query helpers -----------------------------------------------------------------

    def _one(self, sql: str, params: Sequence[object] = ()) -> int:
        return int(self._conn.execute(sql, params).fetchone()[0])

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if _CORRUPT_RE.search(str(exc)):
                Path(str(self.db_path) + ".corrupt").touch()
                raise IndexCorrupt(str(exc)) from exc
            raise

    def _texts(self, keys: Sequence[int]) -> Iterator[tuple[int, str]]:
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, packed in self._rows(
                f"SELECT key, packed FROM texts WHERE key IN ({marks})", chunk
            ):
                yield key, _unpack(packed)

    def _sync(self) -> None:
        """Forget what was cached when another connection has committed since."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._version = version
            self._values.clear()
            self._matched = None
            self._fast_match = None
            self._all_vals = None
            self._postings_checked = False

    def _postings(self) -> Postings | None:
        """The postings, when they are up to date (not while a refresh is writing)."""
        self._sync()
        if not self._postings_checked:
            self._postings_checked = True
            self._conn.execute("BEGIN")  # one snapshot for the check and the load
            try:
                meta = dict(
                    self._rows(
                        "SELECT name, value FROM meta"
                        " WHERE name IN ('generation', 'postings_generation')"
                    )
                )
                if meta.get("generation") != meta.get("postings_generation"):
                    self._post = None
                elif self._post is None or self._post_generation != meta["generation"]:
                    self._post = Postings.load(self._conn)
                    self._post_generation = meta["generation"]
            finally:
                self._conn.execute("COMMIT")
        return self._post

    def _vals(self) -> list[tuple[int, str, str, int]]:
        """(id, facet, value, count) of every facet value."""
        if self._all_vals is None:
            self._all_vals = self._rows(
                "SELECT id, facet, value, count FROM vals WHERE facet != ?", (PORTION,)
            )
        return self._all_vals

    def _fast(self, f: Filter) -> tuple[Postings, int, bytes] | None:
        """(postings, bitmap of the matching keys, byte-per-key table of them), or None
        when there are no up-to-date postings (the SQL path answers then)."""
        post = self._postings()
        if post is None:
            return None
        plain = _plain(f)
        if self._fast_match is not None and self._fast_match[0] == plain:
            return post, self._fast_match[1], self._fast_match[2]
        plan = compile_filter(plain, self)
        match = post.live if plan is None else self._evaluate(plan, post) & post.live
        table = post.table(match)
        self._fast_match = (plain, match, table)
        return post, match, table

    def _evaluate(self, plan: Plan, post: Postings) -> int:
        if isinstance(plan, Values):
            return post.of_values(plan.ids)
        if isinstance(plan, Text):
            return bits_of(k for (k,) in self._rows(_FTS_KEYS, (plan.expr,)))
        if isinstance(plan, Sql):
            sql = f"SELECT c.key FROM cables c WHERE {plan.sql}"
            return bits_of(k for (k,) in self._rows(sql, plan.params))
        if isinstance(plan, Without):
            return post.live & ~self._evaluate(plan.part, post)
        if isinstance(plan, Both):
            # cheap parts first; stop at an empty result
            parts = sorted(plan.parts, key=lambda p: not isinstance(p, Values))
            bits = self._evaluate(parts[0], post)
            for part in parts[1:]:
                if not bits:
                    break
                bits &= self._evaluate(part, post)
            return bits
        bits = 0
        for part in plan.parts:
            bits |= self._evaluate(part, post)
        return bits

    def values(self, facet: str) -> list[tuple[int, str]]:
        """(value id, value) of every value of ``facet``: the ValueLookup of conditions."""
        if facet not in self._values:
            self._values[facet] = self._rows("SELECT id, value FROM vals WHERE facet = ?", (facet,))
        return self._values[facet]

    def _match(self, f: Filter) -> bool:
        """Put the keys matching ``f`` in temp.m; False (and nothing done) if all match."""
        self._sync()
        plain = _plain(f)
        if self._matched is not None and self._matched[0] == plain:
            return True
        plan = compile_filter(plain, self)
        if plan is None:
            return False
        condition = to_sql(plan)
        self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS m(key INTEGER PRIMARY KEY)")
        self._conn.execute("DELETE FROM temp.m")
        self._rows(
            f"INSERT INTO temp.m SELECT c.key FROM cables c WHERE {condition.sql}", condition.params
        )
        self._matched = (plain, self._version)
        return True

    def _ordered(self, f: Filter) -> tuple[str, tuple[object, ...]]:
        if f.sort not in _SORT_SQL:
            raise ValueError(f"unknown sort {f.sort!r}")
        direction = " DESC" if f.descending else ""
        order = ", ".join(col + direction for col in _SORT_SQL[f.sort])
        if self._match(f):
            return f"SELECT c.key FROM temp.m JOIN cables c ON c.key = m.key ORDER BY {order}", ()
        return f"SELECT c.key FROM cables c ORDER BY {order}", ()


def _plain(f: Filter) -> Filter:
    """The filter without its sort: what decides which cables match."""
    return Filter(f.query, f.include, f.exclude)


_FTS_KEYS = "SELECT rowid FROM ft WHERE ft MATCH ?"


def _open_database(path: Path, root: Path, messages: list[str]) -> sqlite3.Connection:
    """Connect, checking the file; rebuild it when damaged or from another version."""
    problem: str | None = None
    if Path(str(path) + ".corrupt").exists():
        problem = "index was found damaged while reading it"
    elif path.exists():
        problem = _header_problem(path)
    if problem is None:
        conn = _connect(path)
        try:
            problem = _check_schema(conn, root)
            if problem is None:
                return conn
        except sqlite3.DatabaseError as exc:
            problem = f"index was corrupt ({exc})"
        conn.close()
    if problem.startswith("index was"):
        messages.append(f"{problem} and has been rebuilt")
    else:
        messages.append(f"index was corrupt ({problem}) and has been rebuilt")
    _remove_database(path)
    conn = _connect(path)
    _create_schema(conn, root)
    return conn


def _check_schema(conn: sqlite3.Connection, root: Path) -> str | None:
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
    missing = _schema_names() - names
    if missing:
        return f"missing {', '.join(sorted(missing))}"
    conn.execute("SELECT count(*) FROM meta").fetchone()
    conn.execute("SELECT max(id) FROM files").fetchone()
    if os.path.getsize(conn.execute("PRAGMA database_list").fetchone()[2]) < 64 << 20:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return result
    return None


@cache
def _schema_names() -> frozenset[str]:
    """Names of the tables and indexes a complete index has."""
    conn = sqlite3.connect(":memory:")
    for statement in _statements(_SCHEMA):
        conn.execute(statement)
    names = frozenset(n for (n,) in conn.execute("SELECT name FROM sqlite_master"))
    conn.close()
    return names


def _create_schema(conn: sqlite3.Connection, root: Path) -> None:
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


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_fields_text(cable: Cable) -> str:
    meta = cable.meta
    lines = [f"row: {cable.source.row}"]
    if meta is not None:
        lines += [
            f"date: {meta.created:%m/%d/%Y %H:%M}" if meta.created else "date:",
            f"reference id: {meta.reference_id or ''}",
            f"origin: {meta.origin or ''}",
            f"classification: {meta.classification or ''}",
            f"references: {','.join(meta.referenced_ids)}",
        ]
    return "\n".join(lines) + "\n\n" + cable.text


# -- the writer ------------------------------------------------------------------------


@dataclass(slots=True)
class _Planned:
    """A file to parse (again, or the rest of it)."""

    file_id: int
    path: str
    size: int
    skip: int


class _Writer:
    """The one writer of a refresh: applies the scan, then adds parsed rows in batches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.value_ids: dict[tuple[str, str], int] = {
            (facet, value): vid
            for vid, facet, value in conn.execute("SELECT id, facet, value FROM vals")
        }
        self.next_value = max(self.value_ids.values(), default=0) + 1
        self.next_key = int(
            conn.execute("SELECT value FROM meta WHERE name = 'next_key'").fetchone()[0]
        )
        self.value_delta: Counter[int] = Counter()
        self.file_cables: dict[int, int] = {}  # file id -> cables so far (touched this batch)
        self.file_done: dict[int, tuple[int, str | None]] = {}  # file id -> (state, reason)
        self.rows_in_batch = 0
        self.last_commit = time.monotonic()
        self.in_transaction = False
        self.buffered_cables: list[tuple[object, ...]] = []
        self.buffered_texts: list[tuple[int, bytes, str]] = []
        self.buffered_values: list[tuple[int, int]] = []
        self.buffered_refs: list[tuple[str, int]] = []
        self.files_done = 0
        self.cables_done = 0

    # transactions

    def begin(self) -> None:
        if not self.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.in_transaction = True

    def due(self) -> bool:
        return (
            self.rows_in_batch >= COMMIT_ROWS
            or time.monotonic() - self.last_commit >= COMMIT_SECONDS
        )

    def commit(self) -> None:
        if not self.in_transaction:
            return
        self.flush()
        c = self.conn
        c.executemany(
            "UPDATE files SET cables = ? WHERE id = ?",
            [(n, fid) for fid, n in self.file_cables.items()],
        )
        c.executemany(
            "UPDATE files SET state = ?, reason = ? WHERE id = ?",
            [(s, r, fid) for fid, (s, r) in self.file_done.items()],
        )
        c.executemany(
            "UPDATE vals SET count = count + ? WHERE id = ?",
            [(n, vid) for vid, n in self.value_delta.items() if n],
        )
        c.execute("UPDATE meta SET value = ? WHERE name = 'next_key'", (self.next_key,))
        c.execute("UPDATE meta SET value = value + 1 WHERE name = 'generation'")
        c.execute("COMMIT")
        self.in_transaction = False
        self.file_cables.clear()
        self.file_done.clear()
        self.value_delta.clear()
        self.rows_in_batch = 0
        self.last_commit = time.monotonic()

    # the scan

    def apply_scan(self, found: ScanResult, abspath: Callable[[str], Path]) -> list[_Planned]:
        """Record renames, removals and changes; return the files to parse."""
        known = {
            r[1]: _FileRecord(r[0], r[1], r[2], r[3], (r[4], r[5]), r[6], r[7])
            for r in self.conn.execute(
                "SELECT id, path, size, mtime_ns, dev, ino, state, cables FROM files"
            )
        }
        seen = {f.path: f for f in found.files}
        removed = {p: rec for p, rec in known.items() if p not in seen}
        added = [f for p, f in seen.items() if p not in known]
        # a file that left one path and appeared at another, untouched, was renamed
        moved_from = {
            (*rec.identity, rec.size, rec.mtime_ns): rec
            for rec in removed.values()
            if rec.state != INDEXING
        }
        renames: list[tuple[_FileRecord, SourceFile]] = []
        for f in list(added):
            rec = moved_from.pop((*f.identity, f.size, f.mtime_ns), None)
            if rec is not None:
                renames.append((rec, f))
                added.remove(f)
                del removed[rec.path]
        changed = [
            (known[p], f)
            for p, f in seen.items()
            if p in known and f.changed_from(known[p].size, known[p].mtime_ns)
        ]
        resumed = [
            (known[p], f)
            for p, f in seen.items()
            if p in known
            and not f.changed_from(known[p].size, known[p].mtime_ns)
            and known[p].state == INDEXING
        ]
        self.begin()
        c = self.conn
        if renames:
            # two steps, so that swapping two names never collides on the UNIQUE path
            c.executemany(
                "UPDATE files SET path = ? WHERE id = ?",
                [(f"\x00{rec.id}", rec.id) for rec, _ in renames],
            )
            c.executemany(
                "UPDATE files SET path = ? WHERE id = ?", [(f.path, rec.id) for rec, f in renames]
            )
        gone = [rec.id for rec in removed.values()] + [rec.id for rec, _ in changed]
        self.delete_cables_of(gone)
        c.executemany("DELETE FROM files WHERE id = ?", [(rec.id,) for rec in removed.values()])
        c.executemany(
            "UPDATE files SET size = ?, mtime_ns = ?, dev = ?, ino = ?, state = ?, cables = 0,"
            " reason = NULL WHERE id = ?",
            [(f.size, f.mtime_ns, *f.identity, INDEXING, rec.id) for rec, f in changed],
        )
        planned = [_Planned(rec.id, f.path, f.size, 0) for rec, f in changed]
        planned += [_Planned(rec.id, f.path, f.size, rec.cables) for rec, f in resumed]
        for f in added:
            cur = c.execute(
                "INSERT INTO files(path, size, mtime_ns, dev, ino, state, cables)"
                " VALUES (?, ?, ?, ?, ?, ?, 0)",
                (f.path, f.size, f.mtime_ns, *f.identity, INDEXING),
            )
            planned.append(_Planned(int(cur.lastrowid or 0), f.path, f.size, 0))
        c.execute("DELETE FROM scan_problems")
        c.executemany(
            "INSERT INTO scan_problems VALUES (?, ?)", [(p.path, p.reason) for p in found.problems]
        )
        self.commit()
        planned.sort(key=lambda p: p.path)
        return planned

    def delete_cables_of(self, file_ids: list[int]) -> None:
        """Remove every cable of these files, from every table and the full-text index."""
        if not file_ids:
            return
        c = self.conn
        c.execute("CREATE TEMP TABLE IF NOT EXISTS gone(key INTEGER PRIMARY KEY)")
        c.execute("DELETE FROM temp.gone")
        c.execute("CREATE TEMP TABLE IF NOT EXISTS gone_files(id INTEGER PRIMARY KEY)")
        c.execute("DELETE FROM temp.gone_files")
        c.executemany("INSERT OR IGNORE INTO temp.gone_files VALUES (?)", [(i,) for i in file_ids])
        c.execute("INSERT INTO temp.gone SELECT key FROM cables WHERE file_id IN temp.gone_files")
        for vid, n in c.execute(
            "SELECT value_id, count(*) FROM cable_values WHERE key IN temp.gone GROUP BY value_id"
        ).fetchall():
            self.value_delta[vid] -= n
        deleted = c.execute("SELECT count(*) FROM temp.gone").fetchone()[0]
        if not deleted:
            return
        live = c.execute("SELECT count(*) FROM cables").fetchone()[0]
        if deleted * 2 > live:
            # cheaper to index the rest again than to take this much out word by word
            c.execute("INSERT INTO ft(ft) VALUES ('delete-all')")
            kept = c.execute("SELECT key, packed FROM texts WHERE key NOT IN temp.gone")
            c.executemany(
                "INSERT INTO ft(rowid, text) VALUES (?, ?)", ((k, _unpack(p)) for k, p in kept)
            )
        else:
            old = c.execute("SELECT key, packed FROM texts WHERE key IN temp.gone").fetchall()
            c.executemany(
                "INSERT INTO ft(ft, rowid, text) VALUES ('delete', ?, ?)",
                ((k, _unpack(p)) for k, p in old),
            )
        c.execute("DELETE FROM cable_values WHERE key IN temp.gone")
        c.execute("DELETE FROM refs WHERE key IN temp.gone")
        c.execute("DELETE FROM texts WHERE key IN temp.gone")
        c.execute("DELETE FROM cables WHERE key IN temp.gone")

    # parsed rows

    def add_piece(self, piece: Piece) -> None:
        self.begin()
        if piece.error is not None:
            self.flush()
            self.delete_cables_of([piece.file_id])
            self.file_cables[piece.file_id] = 0
            self.file_done[piece.file_id] = (UNREADABLE, piece.error)
            self.files_done += 1
            return
        if piece.rows:
            self.add_rows(piece.file_id, piece.rows)
            self.file_cables[piece.file_id] = piece.rows[-1].seq + 1
        if piece.done:
            self.file_done[piece.file_id] = (DONE, None)
            self.files_done += 1

    def add_rows(self, file_id: int, rows: list[CableRow]) -> None:
        """Buffer the rows; ``flush`` writes them, a table at a time."""
        for r in rows:
            k = self.next_key
            self.next_key += 1
            self.buffered_cables.append(
                (k, file_id, r.seq, r.row, r.format, r.id, r.date, r.origin,
                 r.classification, r.level, r.rank, r.subject, r.meta)
            )  # fmt: skip
            self.buffered_texts.append((k, r.packed, r.text))
            for fv in set(r.values):
                vid = self.value_ids.get(fv)
                if vid is None:
                    vid = self.value_ids[fv] = self.next_value
                    self.next_value += 1
                    self.conn.execute("INSERT INTO vals VALUES (?, ?, ?, 0)", (vid, *fv))
                self.value_delta[vid] += 1
                self.buffered_values.append((vid, k))
            self.buffered_refs += [(ref, k) for ref in r.refs]
        self.rows_in_batch += len(rows)
        self.cables_done += len(rows)
        if len(self.buffered_cables) >= 2000:
            self.flush()

    def flush(self) -> None:
        c = self.conn
        c.executemany("INSERT INTO cables VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", self.buffered_cables)
        c.executemany("INSERT INTO texts VALUES (?, ?)", [t[:2] for t in self.buffered_texts])
        c.executemany(
            "INSERT INTO ft(rowid, text) VALUES (?, ?)", [(k, t) for k, _, t in self.buffered_texts]
        )
        self.buffered_values.sort()
        c.executemany("INSERT INTO cable_values VALUES (?, ?)", self.buffered_values)
        c.executemany("INSERT INTO refs VALUES (?, ?)", self.buffered_refs)
        self.buffered_cables.clear()
        self.buffered_texts.clear()
        self.buffered_values.clear()
        self.buffered_refs.clear()

    def finish(self, *, complete: bool) -> None:
        """Commit the rest; when the refresh went through, bring the postings up to date."""
        self.commit()
        if not complete:
            return
        generations = dict(
            self.conn.execute(
                "SELECT name, value FROM meta WHERE name IN ('generation', 'postings_generation')"
            ).fetchall()
        )
        if generations["generation"] == generations["postings_generation"]:
            return  # nothing changed since they were made
        self.begin()
        build_postings(self.conn)
        self.conn.execute(
            "UPDATE meta SET value = (SELECT value FROM meta WHERE name = 'generation')"
            " WHERE name = 'postings_generation'"
        )
        self.conn.execute("COMMIT")
        self.in_transaction = False


class _Reporter:
    """Calls the progress callback, at most a few times a second."""

    def __init__(
        self,
        callback: Callable[[Progress], None] | None,
        started: float,
        files_total: int,
        skipped: int,
    ) -> None:
        self.callback = callback
        self.started = started
        self.files_total = files_total
        self.skipped = skipped
        self.last = 0.0

    def __call__(self, writer: _Writer, *, force: bool = False, done: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_SECONDS:
            return
        self.last = now
        self.callback(
            Progress(
                files_done=writer.files_done,
                files_total=self.files_total,
                cables_done=writer.cables_done,
                elapsed=now - self.started,
                done=done,
                files_skipped=self.skipped,
            )
        )
