"""The one writer of a refresh: applies a scan, adds parsed cables in batches (each file's
cables, texts, facet values and state commit together), and at the end brings up to date
the check that depends on the whole folder and the postings."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from reader.index import freshness
from reader.index.database import (
    DONE,
    INDEXING,
    LISTING_TRIGGERS,
    NOT_DONE,
    STATE_INDEX,
    UNREADABLE,
    unpack_text,
)
from reader.index.folder_values import FOLDER_VALUE_NAMES, FOLDER_VALUES, FolderValue
from reader.index.postings import LIVE
from reader.index.postings import build as build_postings
from reader.index.postings import update as update_postings
from reader.index.rows import CableRow
from reader.index.scan import ScanResult, SourceFile, listing_digest
from reader.index.text_segments import BULK_ENTRY, use_settings
from reader.index.workers import FileTask, Piece
from reader.query.query import LINKS_NAMED, Progress

__all__ = ["InOrder", "Planned", "Reporter", "Writer", "enter_texts", "take_out_texts"]

#: A refresh commits after this many cables or seconds, whichever comes first: readers see
#: cables appear, while big transactions keep the writes (and the wait on the disk) down.
COMMIT_SECONDS = 5.0
COMMIT_ROWS = 2_000
#: The first cables of a refresh commit sooner, so that a window shows them at once.
FIRST_COMMIT_ROWS = 100
#: The progress callback is called at most this often (seconds), and at the start and end.
PROGRESS_SECONDS = 0.2
#: The list columns of ``cables`` the second phase writes, in CableRow's order, and where the
#: subject is among them.
_LIST_COLUMNS = "id, date, origin, classification, level, rank, subject, meta, published_id"
_SUBJECT = 6
#: A refresh that changes up to about this many cables updates the postings; more, and
#: making them anew is cheaper.
TRACKED_CABLES = 20_000


def enter_texts(conn: sqlite3.Connection, texts: Iterable[tuple[int, str, str]]) -> None:
    """Enter (key, subject, text) into the full-text table: the one place a refresh does."""
    conn.executemany("INSERT INTO ft(rowid, subject, text) VALUES (?, ?, ?)", texts)


def take_out_texts(conn: sqlite3.Connection, texts: Iterable[tuple[int, str, str]]) -> None:
    """Take (key, subject, text) out of the full-text table: a contentless table takes a row
    out given exactly what went in, the subject too."""
    conn.executemany("INSERT INTO ft(ft, rowid, subject, text) VALUES ('delete', ?, ?, ?)", texts)


class InOrder:
    """Hands on the pieces of a file's parts in the order of the parts, holding back those
    that come early, so that what is committed of a file is always its first cables."""

    def __init__(self, tasks: Iterable[FileTask] = ()) -> None:
        self.next_part: dict[int, int] = {}  # file in parts -> the part to hand on next
        for t in tasks:
            if t.chunk is not None:
                self.next_part[t.file_id] = min(t.part, self.next_part.get(t.file_id, t.part))
        self.held: dict[tuple[int, int], list[Piece]] = {}

    def __call__(self, message: list[Piece]) -> Iterator[Piece]:
        for piece in message:
            expected = self.next_part.get(piece.file_id)
            if expected is None or piece.error is not None:
                yield piece  # a whole file, or a file that failed: nothing to wait for
            elif piece.part == expected:
                yield piece
                if piece.done:
                    yield from self._release(piece.file_id)
            else:
                self.held.setdefault((piece.file_id, piece.part), []).append(piece)

    def _release(self, file_id: int) -> Iterator[Piece]:
        part = self.next_part[file_id] + 1
        self.next_part[file_id] = part
        waiting = self.held.pop((file_id, part), [])
        for piece in waiting:
            yield piece
            if piece.done:
                yield from self._release(file_id)


@dataclass(slots=True)
class Planned:
    """A file to parse (again, or the rest of it)."""

    file_id: int
    path: str
    size: int
    skip: int


class Writer:
    """The one writer of a refresh: applies the scan, then adds parsed rows in batches."""

    def __init__(
        self, conn: sqlite3.Connection, *, small_first_batch: bool = True, bulk: bool = False
    ) -> None:
        self.conn = conn
        #: a first phase's writer: texts entered with text_segments.BULK_ENTRY, set in its
        #: first transaction (the second phase merges and puts the usual settings back)
        self.bulk = bulk
        #: commit the first rows soon (FIRST_COMMIT_ROWS): a window waits for them. Not for
        #: a writer that follows another in the same refresh (its rows are committed)
        self.small_first_batch = small_first_batch
        self.value_ids: dict[tuple[str, str], int] = {
            (facet, value): vid
            for vid, facet, value in conn.execute("SELECT id, facet, value FROM vals")
        }
        #: the other way round, for the second phase's comparison of a row's values
        self.value_names: dict[int, tuple[str, str]] = {v: fv for fv, v in self.value_ids.items()}
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
        self.dirty = False  # cables added or removed since the last commit
        self.buffered_cables: list[tuple[object, ...]] = []
        self.buffered_texts: list[tuple[int, bytes, str, str]] = []  # key, packed, subject, text
        self.buffered_values: list[tuple[int, int]] = []
        self.buffered_refs: list[tuple[str, int]] = []
        self.buffered_pending: list[tuple[int]] = []
        self.files_done = 0
        self.rows_replaced = 0  # first-phase rows the full parse redid in this refresh
        self.cables_done = 0
        self.finished: set[int] = set()  # files parsed to the end in this refresh
        self.failed: set[int] = set()  # files found unreadable in this refresh
        self.bytes_done = 0
        self.next_seq: dict[int, int] = {}  # file id -> cables of it written so far
        # what changes, to update the postings rather than make them anew; only when they
        # are up to date now (no refresh was cut short since they were made)
        generations = dict(
            conn.execute(
                "SELECT name, value FROM meta WHERE name IN ('generation', 'postings_generation')"
            ).fetchall()
        )
        up_to_date = generations["generation"] == generations["postings_generation"]
        self.changes: Changes | None = Changes() if up_to_date else None

    # transactions

    def begin(self) -> None:
        if not self.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.in_transaction = True
            if self.bulk:
                self.bulk = False  # once: the settings are kept in the table
                use_settings(self.conn, BULK_ENTRY)

    def due(self) -> bool:
        # nothing of this writer committed yet
        first = self.small_first_batch and self.cables_done <= self.rows_in_batch
        rows = min(FIRST_COMMIT_ROWS, COMMIT_ROWS) if first else COMMIT_ROWS
        return self.rows_in_batch >= rows or time.monotonic() - self.last_commit >= COMMIT_SECONDS

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
        if self.dirty:
            c.execute("UPDATE meta SET value = value + 1 WHERE name = 'generation'")
            self.dirty = False
        c.execute("COMMIT")
        self.in_transaction = False
        self.file_cables.clear()
        self.file_done.clear()
        self.value_delta.clear()
        self.rows_in_batch = 0
        self.last_commit = time.monotonic()

    # the scan

    def apply_scan(self, found: ScanResult, *, whole: bool = True) -> list[Planned]:
        """Record renames, removals and changes; return the files to parse. ``whole``:
        ``found`` is the whole folder, not the first files found (refresh's head start),
        which meta 'listed_in_part' records until the whole folder is listed (a count of
        the files not indexed yet would count those first files only).

        Only sizes and mtimes are compared: an unchanged folder, all of it indexed, costs
        the digest of the listing and a look for files that could not be read (no read of
        the whole ``files`` table, nor any write). Those files are read again every time."""
        digest = listing_digest(found.files)
        c = self.conn
        old_problems = c.execute("SELECT path, reason FROM scan_problems").fetchall()
        problems = [(p.path, p.reason) for p in found.problems]
        # (outside the writer's transaction: each its own, before an unchanged folder's
        # return below, which writes nothing; an unchanged folder listed whole before it
        # writes nothing here either)
        if not whole:
            c.execute("INSERT OR REPLACE INTO meta VALUES ('listed_in_part', '1')")
        elif c.execute("SELECT 1 FROM meta WHERE name = 'listed_in_part'").fetchone():
            c.execute("DELETE FROM meta WHERE name = 'listed_in_part'")
        row = c.execute("SELECT value FROM meta WHERE name = 'listing'").fetchone()
        if (
            row is not None
            and row[0] == digest
            and old_problems == problems
            and c.execute(
                f"SELECT 1 FROM files WHERE {NOT_DONE} AND state = {INDEXING} LIMIT 1"
            ).fetchone()
            is None
        ):
            # unchanged: only the files that could not be read are tried again (what made
            # them fail, a mode or a rename under the reader, changes neither size nor mtime)
            freshness.record(c, found)  # writes only when a folder's time moved
            unreadable = f"FROM files WHERE {NOT_DONE} AND state = {UNREADABLE}"
            if c.execute(f"SELECT 1 {unreadable} LIMIT 1").fetchone():
                return [
                    Planned(i, path, size, 0)
                    for i, path, size in c.execute(
                        f"SELECT id, path, size {unreadable} ORDER BY path"
                    )
                ]
            return []
        # path -> (id, size, mtime_ns, state, cables): what deciding "unchanged" needs
        known: dict[str, tuple[int, int, int, int, int]] = {
            r[0]: r[1:]
            for r in self.conn.execute("SELECT path, id, size, mtime_ns, state, cables FROM files")
        }
        added: list[SourceFile] = []
        changed: list[tuple[int, SourceFile]] = []
        planned: list[Planned] = []
        for f in found.files:
            rec = known.pop(f.path, None)
            if rec is None:
                added.append(f)
            elif rec[1] != f.size or rec[2] != f.mtime_ns:
                changed.append((rec[0], f))
            elif rec[3] == INDEXING:  # unchanged, but not all of it was indexed yet
                planned.append(Planned(rec[0], f.path, f.size, rec[4]))
            elif rec[3] == UNREADABLE:
                # tried again at every refresh: what made it fail (its mode, a rename under
                # the reader, a disk error) changes neither its size nor its mtime
                planned.append(Planned(rec[0], f.path, f.size, 0))
        removed = known  # what is left was not found
        renames: list[tuple[int, str]] = []
        if removed and added:
            # a file that left one path and appeared at another, untouched, was renamed;
            # only a file that was read carries its state over (one that could not be read
            # is read again under its new name, never kept out for the old name's reason)
            identity = {
                r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT id, dev, ino FROM files")
            }
            moved_from = {
                (*identity[r[0]], r[1], r[2]): path for path, r in removed.items() if r[3] == DONE
            }
            still_added = []
            for f in added:
                path = moved_from.pop((*f.identity, f.size, f.mtime_ns), None)
                if path is None:
                    still_added.append(f)
                else:
                    renames.append((removed.pop(path)[0], f.path))
            added = still_added
        if not (added or changed or removed or renames or old_problems != problems):
            if row is None or row[0] != digest:
                self.begin()
                self.record_listing(digest)
            freshness.record(c, found)
            self.commit()
            return planned
        self.begin()
        if renames:
            # two steps, so that swapping two names never collides on the UNIQUE path
            c.executemany(
                "UPDATE files SET path = ? WHERE id = ?", [(f"\x00{i}", i) for i, _ in renames]
            )
            c.executemany("UPDATE files SET path = ? WHERE id = ?", [(p, i) for i, p in renames])
        self.delete_cables_of([r[0] for r in removed.values()] + [i for i, _ in changed])
        c.executemany("DELETE FROM files WHERE id = ?", [(r[0],) for r in removed.values()])
        c.executemany(
            "UPDATE files SET size = ?, mtime_ns = ?, dev = ?, ino = ?, state = ?, cables = 0,"
            " reason = NULL WHERE id = ?",
            [(f.size, f.mtime_ns, *f.identity, INDEXING, i) for i, f in changed],
        )
        planned += [Planned(i, f.path, f.size, 0) for i, f in changed]
        for f in added:
            cur = c.execute(
                "INSERT INTO files(path, size, mtime_ns, dev, ino, state, cables)"
                " VALUES (?, ?, ?, ?, ?, ?, 0)",
                (f.path, f.size, f.mtime_ns, *f.identity, INDEXING),
            )
            planned.append(Planned(int(cur.lastrowid or 0), f.path, f.size, 0))
        if old_problems != problems:
            c.execute("DELETE FROM scan_problems")
            c.executemany("INSERT INTO scan_problems VALUES (?, ?)", problems)
        self.record_listing(digest)
        freshness.record(c, found)
        self.commit()
        planned.sort(key=lambda p: p.path)
        return planned

    def record_listing(self, digest: str) -> None:
        """Store the digest of the listing ``files`` now holds (inside the transaction that
        made it so); the index of the files not done goes with it, as the triggers do."""
        for trigger in LISTING_TRIGGERS:
            self.conn.execute(trigger)
        self.conn.execute(STATE_INDEX)
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (digest,))

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
        deleted = c.execute("SELECT count(*) FROM temp.gone").fetchone()[0]
        if not deleted:
            return
        self.dirty = True
        if self.changes is not None and deleted <= TRACKED_CABLES:
            for key, vid in c.execute(
                "SELECT key, value_id FROM cable_values WHERE key IN temp.gone"
            ):
                self.value_delta[vid] -= 1
                self.changes.remove(vid, key)
            for (key,) in c.execute("SELECT key FROM temp.gone"):
                self.changes.remove(LIVE, key)
        else:
            self.changes = None  # too many: the postings will be made anew
            for vid, n in c.execute(
                "SELECT value_id, count(*) FROM cable_values WHERE key IN temp.gone"
                " GROUP BY value_id"
            ).fetchall():
                self.value_delta[vid] -= n
        live = c.execute("SELECT count(*) FROM cables").fetchone()[0]
        if deleted * 2 > live:
            # cheaper to index the rest again than to take this much out word by word
            c.execute("INSERT INTO ft(ft) VALUES ('delete-all')")
            kept = c.execute(
                "SELECT t.key, c.subject, t.packed FROM texts t JOIN cables c ON c.key = t.key"
                " WHERE t.key NOT IN temp.gone"
            )
            enter_texts(c, ((k, s, unpack_text(p)) for k, s, p in kept))
        else:
            # a contentless table takes a row out given what went in: the subject too
            old = c.execute(
                "SELECT t.key, c.subject, t.packed FROM texts t JOIN cables c ON c.key = t.key"
                " WHERE t.key IN temp.gone"
            ).fetchall()
            take_out_texts(c, ((k, s, unpack_text(p)) for k, s, p in old))
        c.execute("DELETE FROM cable_values WHERE key IN temp.gone")
        c.execute("DELETE FROM refs WHERE key IN temp.gone")
        c.execute("DELETE FROM pending WHERE key IN temp.gone")
        c.execute("DELETE FROM texts WHERE key IN temp.gone")
        c.execute("DELETE FROM cables WHERE key IN temp.gone")

    # parsed rows

    def add_piece(self, piece: Piece) -> None:
        if piece.file_id in self.failed:
            return  # a part of a file another part of which could not be read
        self.begin()
        if piece.error is not None:
            self.failed.add(piece.file_id)
            self.flush()
            self.delete_cables_of([piece.file_id])
            self.file_cables[piece.file_id] = 0
            self.file_done[piece.file_id] = (UNREADABLE, piece.error)
            self.finished.add(piece.file_id)
            self.files_done += 1
            return
        if piece.rows:
            self.add_rows(piece.file_id, piece.rows)
            self.file_cables[piece.file_id] = self.next_seq[piece.file_id] = piece.rows[-1].seq + 1
        self.bytes_done += piece.nbytes
        if piece.done and piece.last:
            self.file_done[piece.file_id] = (DONE, None)
            self.finished.add(piece.file_id)
            self.files_done += 1

    def add_rows(self, file_id: int, rows: list[CableRow]) -> None:
        """Buffer the rows; ``flush`` writes them, a table at a time."""
        for r in rows:
            k = self.next_key
            self.next_key += 1
            self.buffered_cables.append(
                (k, file_id, r.seq, r.row, r.format, r.id, r.date, r.origin,
                 r.classification, r.level, r.rank, r.subject, r.meta, r.published_id,
                 len(r.text))
            )  # fmt: skip
            self.buffered_texts.append((k, r.packed, r.subject, r.text))
            if r.pending:
                self.buffered_pending.append((k,))
            for fv in set(r.values):
                self._add_value(k, fv)
            if self.changes is not None:
                self.changes.add(LIVE, k)
            self.buffered_refs += [(ref, k) for ref in r.refs]
        self.rows_in_batch += len(rows)
        self.cables_done += len(rows)
        self.dirty = True
        self._forget_changes_if_many()
        if len(self.buffered_cables) >= 2000:
            self.flush()

    def _add_value(self, key: int, fv: tuple[str, str]) -> None:
        vid = self.value_ids.get(fv)
        if vid is None:
            vid = self.value_ids[fv] = self.next_value
            self.value_names[vid] = fv
            self.next_value += 1
            self.conn.execute("INSERT INTO vals VALUES (?, ?, ?, 0)", (vid, *fv))
        self.value_delta[vid] += 1
        self.buffered_values.append((key, vid))
        if self.changes is not None:
            self.changes.add(vid, key)

    def _forget_changes_if_many(self) -> None:
        if self.changes is not None and self.changes.size > 16 * TRACKED_CABLES:
            self.changes = None  # too many: the postings will be made anew

    # the second phase

    def replace_rows(self, rows: list[CableRow]) -> None:
        """Put the full parse's rows (``key`` set) in place of first-phase ones: the list
        columns (the ID too), facet values and references; the text is the same, so the
        full-text table is not touched. Clears their mark in ``pending``."""
        if not rows:
            return
        self.begin()
        c = self.conn
        # the list columns as the first phase wrote them: nearly always what the full parse
        # reads too, and a row left as it is costs no write (nor its page in the journal)
        before: dict[int, tuple[object, ...]] = {}
        for chunk in _chunks([r.key for r in rows], 500):
            marks = ",".join("?" * len(chunk))
            before.update(
                (row[0], row[1:])
                for row in c.execute(
                    f"SELECT key, {_LIST_COLUMNS} FROM cables WHERE key IN ({marks})", chunk
                )
            )
        # the subject is a column of the full text: where the full parse reads it otherwise,
        # the entry goes out with the subject it went in with, and in again with the new one
        moved = [r for r in rows if r.key in before and before[r.key][_SUBJECT] != r.subject]
        if moved:  # rare: the first phase reads the subject as the full parse does
            keys = [r.key for r in moved]
            marks = ",".join("?" * len(keys))
            texts = {
                k: unpack_text(p)
                for k, p in c.execute(f"SELECT key, packed FROM texts WHERE key IN ({marks})", keys)
            }
            went_in = [(r.key, cast(str, before[r.key][_SUBJECT]), texts[r.key]) for r in moved]
            take_out_texts(c, went_in)
            enter_texts(c, [(r.key, r.subject, texts[r.key]) for r in moved])
        changed = []
        for r in rows:
            columns = (r.id, r.date, r.origin, r.classification, r.level, r.rank, r.subject,
                       r.meta, r.published_id)  # fmt: skip
            if before.get(r.key) != columns:
                changed.append((*columns, r.key))
        c.executemany(
            f"UPDATE cables SET {', '.join(f'{n} = ?' for n in _LIST_COLUMNS.split(', '))}"
            " WHERE key = ?",
            changed,
        )
        old: dict[int, set[int]] = {r.key: set() for r in rows}
        for chunk in _chunks(list(old), 500):
            marks = ",".join("?" * len(chunk))
            for key, vid in c.execute(
                f"SELECT key, value_id FROM cable_values WHERE key IN ({marks})", chunk
            ):
                old[key].add(vid)
        names = self.value_names
        gone: list[tuple[int, int]] = []
        for r in rows:
            had = old[r.key]
            new = set(r.values)
            for vid in had:
                if names[vid] not in new and names[vid] not in FOLDER_VALUE_NAMES:
                    gone.append((r.key, vid))
                    self.value_delta[vid] -= 1
                    if self.changes is not None:
                        self.changes.remove(vid, r.key)
            for fv in new:
                if self.value_ids.get(fv) not in had:
                    self._add_value(r.key, fv)
        c.executemany("DELETE FROM cable_values WHERE key = ? AND value_id = ?", gone)
        c.executemany("DELETE FROM refs WHERE key = ?", [(r.key,) for r in rows])
        self.buffered_refs += [(ref, r.key) for r in rows for ref in r.refs]
        self.mark_done([r.key for r in rows])
        self.rows_replaced += len(rows)

    def mark_done(self, keys: list[int], problem: str | None = None) -> None:
        """Clear the first-phase mark of ``keys``; with ``problem``, give them that value of
        the facet ``problem`` (the full parse could not be run on them: parser-error)."""
        self.begin()
        self.conn.executemany("DELETE FROM pending WHERE key = ?", [(k,) for k in keys])
        if problem is not None:
            for k in keys:
                self._add_value(k, ("problem", problem))
        self.rows_in_batch += len(keys)
        self.dirty = True
        self._forget_changes_if_many()

    def flush(self) -> None:
        c = self.conn
        c.executemany(
            "INSERT INTO cables VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.buffered_cables
        )
        c.executemany("INSERT INTO texts VALUES (?, ?)", [t[:2] for t in self.buffered_texts])
        enter_texts(c, [(k, s, t) for k, _, s, t in self.buffered_texts])
        c.executemany("INSERT INTO pending VALUES (?)", self.buffered_pending)
        c.executemany("INSERT INTO cable_values VALUES (?, ?)", self.buffered_values)
        c.executemany("INSERT INTO refs VALUES (?, ?)", self.buffered_refs)
        self.buffered_pending.clear()
        self.buffered_cables.clear()
        self.buffered_texts.clear()
        self.buffered_values.clear()
        self.buffered_refs.clear()

    def finish(self, *, complete: bool) -> None:
        """Commit the rest and bring the values the whole folder decides up to date (a
        cancelled refresh too: the cables it added are answered by SQL meanwhile); when the
        refresh went through, bring the postings up to date as well."""
        self.commit()
        generations = dict(
            self.conn.execute(
                "SELECT name, value FROM meta WHERE name IN ('generation', 'postings_generation')"
            ).fetchall()
        )
        if generations["generation"] == generations["postings_generation"]:
            return  # nothing changed since they were made
        self.begin()
        self.mark_folder_values()
        if not complete:
            self.conn.execute("COMMIT")
            self.in_transaction = False
            return
        if self.changes is not None:
            update_postings(self.conn, self.changes.added, self.changes.removed)
        else:
            build_postings(self.conn)
        self.conn.execute(
            "UPDATE meta SET value = (SELECT value FROM meta WHERE name = 'generation')"
            " WHERE name = 'postings_generation'"
        )
        self.conn.execute("COMMIT")
        self.in_transaction = False

    def mark_folder_values(self) -> None:
        """Give each value the whole folder decides (folder_values.FOLDER_VALUES: the check
        reference-not-in-folder, the facet value copy=other) to exactly the cables that
        should have it now, writing only what changed."""
        for folder_value in FOLDER_VALUES:
            self._mark_folder_value(folder_value)

    def _mark_folder_value(self, folder_value: FolderValue) -> None:
        c = self.conn
        found = folder_value.found(c)
        name = (folder_value.facet, folder_value.value)
        vid = self.value_ids.get(name)
        if vid is None:
            if not found:
                return
            vid = self.value_ids[name] = self.next_value
            self.value_names[vid] = name
            self.next_value += 1
            c.execute("INSERT INTO vals VALUES (?, ?, ?, 0)", (vid, *name))
        had = folder_value.had(c, vid)
        gained, lost = sorted(found - had), sorted(had - found)
        if not (gained or lost):
            return
        c.executemany("INSERT INTO cable_values VALUES (?, ?)", [(k, vid) for k in gained])
        c.executemany(
            "DELETE FROM cable_values WHERE key = ? AND value_id = ?", [(k, vid) for k in lost]
        )
        c.execute("UPDATE vals SET count = ? WHERE id = ?", (len(found), vid))
        if self.changes is not None:
            for k in gained:
                self.changes.add(vid, k)
            for k in lost:
                self.changes.remove(vid, k)


class Changes:
    """The keys each facet value (and LIVE: any cable) gained and lost in a refresh."""

    def __init__(self) -> None:
        self.added: dict[int, list[int]] = {}
        self.removed: dict[int, list[int]] = {}
        self.size = 0

    def add(self, vid: int, key: int) -> None:
        self.added.setdefault(vid, []).append(key)
        self.size += 1

    def remove(self, vid: int, key: int) -> None:
        self.removed.setdefault(vid, []).append(key)
        self.size += 1


class Reporter:
    """Calls the progress callback, at most a few times a second."""

    def __init__(
        self,
        callback: Callable[[Progress], None] | None,
        started: float,
        files_total: int,
        skipped: int,
        links_out: Sequence[str] = (),
    ) -> None:
        self.callback = callback
        self.started = started
        self.files_total = files_total
        self.skipped = skipped
        self.links_out = len(links_out)
        self.links_named = tuple(sorted(links_out)[:LINKS_NAMED])
        self.bytes_total = 0
        self.last = 0.0
        self.phase = 1
        self.checked = 0
        self.to_check = 0
        self.searchable: float | None = None
        #: the writers of the same refresh before the one reporting now
        self._carried: list[Writer] = []

    def carry(self, writer: Writer) -> None:
        """Count what ``writer`` did (the first files', the first phase's) in every report
        that follows: the progress goes on from there. Each writer counts only its own."""
        self._carried.append(writer)

    def __call__(self, writer: Writer, *, force: bool = False, done: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_SECONDS:
            return
        self.last = now
        writers = [w for w in self._carried if w is not writer] + [writer]
        self.callback(
            Progress(
                files_done=sum(w.files_done for w in writers),
                files_total=self.files_total,
                cables_done=sum(w.cables_done for w in writers),
                elapsed=now - self.started,
                done=done,
                files_skipped=self.skipped,
                links_out=self.links_out,
                links_named=self.links_named,
                bytes_done=sum(w.bytes_done for w in writers),
                bytes_total=self.bytes_total,
                phase=self.phase,
                checked=self.checked,
                to_check=self.to_check,
                searchable=self.searchable,
            )
        )


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
