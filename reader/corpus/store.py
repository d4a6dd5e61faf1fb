"""The corpus index: one SQLite (FTS5) database per opened folder, in the user's cache.

One writer (``refresh``) scans the folder, parses what changed in worker processes and
commits in batches; any number of readers (one CorpusIndex per thread) query meanwhile,
as WAL allows. Everything a refresh writes for a file (its cables, texts, facet values and
its row in ``files``) commits together, so an index killed at any moment reopens
consistent and the next refresh picks up where it stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from reader.core.checks import CHECKS
from reader.core.containers import decode_bytes
from reader.core.parse import parse_cable
from reader.core.records import Cable, Source

from .conditions import Both, Plan, Sql, Text, Values, Without, compile_filter, to_sql
from .database import (
    CORRUPT_RE,
    MMAP_BYTES,
    UNREADABLE,
    FileLock,
    IndexCorrupt,
    index_path,
    open_database,
    remove_database,
    unpack_text,
)
from .folder_checks import FOLDER_CHECK
from .postings import Postings, bits_of
from .query import FACETS, NONE, FacetValue, FileProblem, Filter, Hit, Progress
from .querysyntax import parse_query
from .rows import PORTION, meta_from_json, number_date
from .scan import ScanResult, on_disk, scan
from .snippets import Highlighter
from .workers import FileTask, ParsePool, Piece, PoolBroken, parse_in_process, parts_of, watched
from .writer import InOrder, Planned, Reporter, Writer

__all__ = ["CorpusIndex", "IndexCorrupt", "index_path"]

#: Below this much to parse, worker processes cost more to start than they save.
POOL_MIN_BYTES = 4_000_000
#: While the parser processes start (half a second), this process parses the first few
#: small files of the folder itself and commits them: a window shows cables at once.
HEAD_START_FILES = 32
HEAD_START_MAX_BYTES = 256 * 1024
#: The cables matching the last few texts of the query field are kept (as bitmaps): picking
#: facet values under a query then does not search the text again.
TEXT_MATCHES_KEPT = 4

_SORT_SQL = {
    "date": ("c.date", "c.id", "c.key"),
    "id": ("c.id COLLATE NOCASE", "c.key"),
    "origin": ("c.origin", "c.date", "c.key"),
    "classification": ("c.rank", "c.classification", "c.date", "c.key"),
}
_CHECK_ORDER = {check.code: n for n, check in enumerate(CHECKS)}
_HIT_COLUMNS = (
    "c.key, c.id, c.date, c.origin, c.classification, c.level, c.subject, c.row,"
    " (SELECT path FROM files WHERE id = c.file_id)"
)


class CorpusIndex:
    """The index of one folder (or one file such as a cables.csv).

    Open one per thread: a CorpusIndex holds one SQLite connection. Queries take a
    Filter; keys are the index's own integers, stable while a cable is unchanged.
    """

    def __init__(self, root: Path, db_path: Path, conn: sqlite3.Connection) -> None:
        self.root = root
        self._root_is_file = root.is_file()
        self.db_path = db_path
        self.messages: list[str] = []
        self._conn = conn
        self._version = -1
        self._values: dict[str, list[tuple[int, str]]] = {}
        self._matched: tuple[Filter, int] | None = None  # filter whose keys are in temp.m
        self._fast_match: tuple[Filter, int, bytes] | None = None
        self._text_matches: dict[str, int] = {}  # FTS5 expression -> bitmap, oldest first
        self._all_vals: list[tuple[int, str, str, int]] | None = None
        self._post: Postings | None = None
        self._post_generation: object = None
        self._postings_checked = False

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls, root: str | Path, *, cache_dir: Path | None = None, thorough: bool = True
    ) -> CorpusIndex:
        """Open (or create) the index of ``root``. Cheap when the index exists: it reads
        the header and a few rows, and checks the pages of a small one (not ``thorough``:
        another connection has just checked it); the folder is not scanned until
        ``refresh``."""
        root = Path(root).resolve()
        path = index_path(root, cache_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        messages: list[str] = []
        # Another process may be opening (creating, or rebuilding) the same index this very
        # moment: checking and creating the schema happen one process at a time. This lock
        # is held only while opening, never during a refresh.
        opening = FileLock(path.with_name(path.name + ".open-lock"))
        opening.acquire()
        try:
            conn = open_database(path, root, messages, thorough=thorough)
        finally:
            opening.release()
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
        lock = FileLock(self.db_path.with_name(self.db_path.name + ".lock"))
        if not lock.acquire(cancel):
            return
        self._conn.execute("PRAGMA mmap_size = 0")
        try:
            try:
                self._refresh(progress, cancel, workers)
            except sqlite3.DatabaseError as exc:
                if not CORRUPT_RE.search(str(exc)):
                    raise
                self._rebuild(f"index was corrupt ({exc}) and has been rebuilt")
                self._refresh(progress, cancel, workers)
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            lock.release()
            # what this connection wrote does not change its own PRAGMA data_version: forget
            # what was cached before (facet values, matches, postings) by hand
            self._version = -1

    def _rebuild(self, message: str) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        remove_database(self.db_path)
        self._conn = open_database(self.db_path, self.root, [])
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
        head: Writer | None = None
        never_indexed = self._conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        if never_indexed and not self._root_is_file:
            # never indexed: the first few files found are indexed before the whole folder
            # is listed (a minute of stat-ing for the whole release on a cold disk)
            head = self._index_first_files(started, progress, cancel)
        found = scan(self.root, cancel=cancel)
        if found.cancelled:
            return
        writer = Writer(self._conn)
        tasks = writer.apply_scan(found)
        if head is not None:  # what failed among the first files failed in this refresh
            tasks = [t for t in tasks if t.file_id not in head.failed]
        report = Reporter(progress, started, len(tasks), found.skipped)
        del found  # a folder of the whole release lists 250,000 files
        report.bytes_total = sum(t.size for t in tasks)
        if head is not None:  # the progress goes on from what the first files made
            writer.files_done, writer.cables_done = head.files_done, head.cables_done
            writer.bytes_done = head.bytes_done
            report.files_total += head.files_done
            report.bytes_total += head.bytes_done
        report(writer, force=True)
        if tasks and not (cancel is not None and cancel.is_set()):
            file_tasks = self._file_tasks(tasks)
            del tasks
            if workers == 0 or (report.bytes_total < POOL_MIN_BYTES and not watched(file_tasks)):
                self._consume(writer, parse_in_process(file_tasks), cancel, report)
            else:
                count = workers or os.cpu_count() or 1
                head, file_tasks = head_start(file_tasks)
                # big files (a cables.csv) first, so they do not finish last alone; a big
                # cables.csv in parts, so that every worker takes some
                file_tasks.sort(key=lambda t: -t.size)
                parts = [p for t in file_tasks for p in parts_of(t, t.size, count)]
                try:
                    with ParsePool(min(count, max(1, len(parts)))) as pool:
                        self._consume(writer, parse_in_process(head), cancel, report)  # commits
                        report(writer, force=True)  # a window asks for its first rows
                        if cancel is not None and cancel.is_set():
                            parts = []
                        pool.submit(parts)
                        self._consume(writer, pool.messages(cancel), cancel, report, parts)
                except PoolBroken as exc:
                    # no worker processes here (a frozen app, a sandbox): parse in this one
                    self.messages.append(f"parsing in one process: {exc}")
                    rest = [
                        FileTask(
                            t.file_id, t.path, writer.next_seq.get(t.file_id, t.skip), size=t.size
                        )
                        for t in head + file_tasks
                        if t.file_id not in writer.finished
                    ]
                    self._consume(writer, parse_in_process(rest), cancel, report)
        cancelled = cancel is not None and cancel.is_set()
        writer.finish(complete=not cancelled)
        if not cancelled:
            with contextlib.suppress(sqlite3.OperationalError):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        report(writer, force=True, done=not cancelled)

    def _index_first_files(
        self,
        started: float,
        progress: Callable[[Progress], None] | None,
        cancel: threading.Event | None,
    ) -> Writer | None:
        """Index the first HEAD_START_FILES files found; the writer, for its counts."""
        first = scan(self.root, cancel=cancel, limit=HEAD_START_FILES)
        small = [f for f in first.files if _small(f.path, f.size)]  # never a cables.csv
        if first.cancelled or not small:
            return None
        writer = Writer(self._conn)
        tasks = writer.apply_scan(ScanResult(files=small))
        report = Reporter(progress, started, 0, 0)
        self._consume(writer, parse_in_process(self._file_tasks(tasks)), cancel, report)
        writer.finish(complete=False)
        report(writer, force=True)  # a window asks for its first rows
        return writer

    def _file_tasks(self, planned: Iterable[Planned]) -> list[FileTask]:
        """What the parser needs of each file to parse: its absolute path, from where."""
        return [FileTask(t.file_id, str(self._abs(t.path)), t.skip, size=t.size) for t in planned]

    def _consume(
        self,
        writer: Writer,
        messages: Iterable[list[Piece]],
        cancel: threading.Event | None,
        report: Reporter,
        tasks: Iterable[FileTask] = (),
    ) -> None:
        in_order = InOrder(tasks)
        for message in messages:
            for piece in in_order(message):
                writer.add_piece(piece)
            if writer.due():
                writer.commit()
                report(writer)
            if cancel is not None and cancel.is_set():
                break
        writer.commit()

    def _abs(self, rel: str) -> Path:
        return self.root if self._root_is_file else self.root / on_disk(rel)

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
        checks = self._checks_of(list(found))
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
                    checks=checks.get(key, ()),
                    file=on_disk(data[8] or ""),
                    row=data[7],
                )
            )
        return hits

    def _checks_of(self, keys: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """The check codes (facet ``check``) of each of ``keys`` that has any, in CHECKS order,
        but for reference-not-in-folder: a row's marker is for what is wrong in the cable
        itself, and half of a real folder cites cables it lacks (the tree shows that finding
        in the cable's Checks child)."""
        found: dict[int, list[str]] = {}
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, code in self._rows(
                "SELECT cv.key, v.value FROM cable_values cv JOIN vals v ON v.id = cv.value_id"
                f" WHERE v.facet = 'check' AND v.value != ? AND cv.key IN ({marks})",
                (FOLDER_CHECK, *chunk),
            ):
                found.setdefault(key, []).append(code)
        last = len(_CHECK_ORDER)
        return {
            k: tuple(sorted(v, key=lambda c: _CHECK_ORDER.get(c, last))) for k, v in found.items()
        }

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
        rows = self._rows(
            "SELECT f.path, c.format, c.row, c.meta, t.packed FROM cables c"
            " JOIN files f ON f.id = c.file_id JOIN texts t ON t.key = c.key WHERE c.key = ?",
            (key,),
        )
        if not rows:
            raise KeyError(key)
        path, fmt, csv_row, meta, packed = rows[0]
        source = Source(str(self._abs(path)), fmt, csv_row)
        return parse_cable(unpack_text(packed), source=source, meta=meta_from_json(meta))

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
        return decode_bytes(data)

    def key_for_id(self, cable_id: str) -> int | None:
        rows = self._rows(
            "SELECT key FROM cables WHERE id = ? COLLATE NOCASE ORDER BY key LIMIT 1",
            (cable_id.strip(),),
        )
        return rows[0][0] if rows else None

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

    def cites(self, cable_id: str) -> list[str]:
        """The cable IDs ``cable_id`` cites (REF lines and the container's list), by ID."""
        return [
            r
            for (r,) in self._rows(
                "SELECT r.ref FROM refs r WHERE r.key = (SELECT key FROM cables"
                " WHERE id = ? COLLATE NOCASE ORDER BY key LIMIT 1) ORDER BY r.ref",
                (cable_id.strip(),),
            )
        ]

    def file_problems(self) -> list[FileProblem]:
        rows = self._rows(
            "SELECT path, reason FROM files WHERE state = ? UNION ALL"
            " SELECT path, reason FROM scan_problems ORDER BY 1",
            (UNREADABLE,),
        )
        return [FileProblem(on_disk(p), r) for p, r in rows]

    # -- query helpers -----------------------------------------------------------------

    def _one(self, sql: str, params: Sequence[object] = ()) -> int:
        return int(self._rows(sql, params)[0][0])

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Every row of a query. A damaged file raises IndexCorrupt and leaves a mark
        beside the index, so that the next open rebuilds it."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if CORRUPT_RE.search(str(exc)):
                Path(str(self.db_path) + ".corrupt").touch()
                raise IndexCorrupt(str(exc)) from exc
            raise

    def _texts(self, keys: Sequence[int]) -> Iterator[tuple[int, str]]:
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, packed in self._rows(
                f"SELECT key, packed FROM texts WHERE key IN ({marks})", chunk
            ):
                yield key, unpack_text(packed)

    def _sync(self) -> None:
        """Forget what was cached when another connection has committed since."""
        version = self._one("PRAGMA data_version")
        if version != self._version:
            self._version = version
            self._values.clear()
            self._matched = None
            self._fast_match = None
            self._text_matches.clear()
            self._all_vals = None
            self._postings_checked = False

    def _postings(self) -> Postings | None:
        """The postings, when they are up to date (not while a refresh is writing)."""
        self._sync()
        if not self._postings_checked:
            self._postings_checked = True
            self._rows("BEGIN")  # one snapshot for the check and the load
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
                self._rows("COMMIT")
        return self._post

    def _vals(self) -> list[tuple[int, str, str, int]]:
        """(id, facet, value, count) of every facet value."""
        self._sync()
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

    def _key_list(self, sql: str, params: Sequence[object]) -> list[int]:
        """The keys a ``SELECT group_concat(key) ...`` gives (one row: faster than many;
        read as a JSON list: twice as fast as int() of each)."""
        text = self._rows(sql, params)[0][0]
        return json.loads(f"[{text}]") if text else []

    def _evaluate(self, plan: Plan, post: Postings) -> int:
        if isinstance(plan, Values):
            return post.of_values(plan.ids)
        if isinstance(plan, Text):
            bits = self._text_matches.pop(plan.expr, None)
            if bits is None:
                bits = bits_of(self._key_list(_FTS_KEYS, (plan.expr,)))
                if len(self._text_matches) >= TEXT_MATCHES_KEPT:
                    del self._text_matches[next(iter(self._text_matches))]
            self._text_matches[plan.expr] = bits  # now the newest
            return bits
        if isinstance(plan, Sql):
            sql = f"SELECT group_concat(c.key) FROM cables c WHERE {plan.sql}"
            return bits_of(self._key_list(sql, plan.params))
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


_FTS_KEYS = "SELECT group_concat(rowid) FROM ft WHERE ft MATCH ?"


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


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


def head_start(tasks: list[FileTask]) -> tuple[list[FileTask], list[FileTask]]:
    """The first HEAD_START_FILES small files (not a cables.csv), in the folder's order, and
    the rest; no head start for a folder of fewer than eight times that many files (the
    parser processes are soon at work there)."""
    if len(tasks) < 8 * HEAD_START_FILES:
        return [], tasks
    head: list[FileTask] = []
    rest: list[FileTask] = []
    for task in tasks:
        (head if _small(task.path, task.size) and len(head) < HEAD_START_FILES else rest).append(
            task
        )
    return head, rest


def _small(path: str, size: int) -> bool:
    """A file quick to parse here: not big, not a cables.csv (the whole release, maybe)."""
    return size <= HEAD_START_MAX_BYTES and not path.lower().endswith(".csv")
