"""The analyst's own work: stars, read state, labels, notes and saved searches.

One SQLite file in the user data directory, apart from every index: an index may be deleted
and rebuilt at any time, the analyst's work may not, and the cable folder is never written.
Everything is keyed by the cable's canonical ID, so a note made on a cable read from a
``.txt`` folder shows when the same cable is opened from a ``cables.csv`` or a folder of
WikiLeaks pages, and survives a re-index.

Each change is one transaction committed at once (WAL), so a change of 10,000 cables is
all or nothing, and each is a statement that adds or removes rows, never a read followed
by a write, so two windows changing the same cable lose nothing of each other's. The file
carries a schema version and is migrated forward; a copy is kept each day in
``backups/`` (the last BACKUP_DAYS days).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import platformdirs

from reader.query.query import SORT_KEYS, label_key
from reader.query.querysyntax import written_term

__all__ = [
    "ANNOTATIONS_FILE",
    "BACKUP_DAYS",
    "DATA_DIR_ENV",
    "EXPORT_FORMAT",
    "SCHEMA_VERSION",
    "AnnotationError",
    "Annotations",
    "CableNote",
    "Imported",
    "Label",
    "NotSaved",
    "RowState",
    "SavedSearch",
    "SkippedEntry",
    "annotations_path",
    "default_data_dir",
    "in_wal_mode",
    "numbered",
]

APP_NAME = "cable-reader"
ANNOTATIONS_FILE = "annotations.sqlite3"
#: Days of daily copies kept in ``backups/``.
BACKUP_DAYS = 7
#: The ``format`` of an export file, and its version.
EXPORT_FORMAT = "cable-reader-annotations"
EXPORT_VERSION = 1
#: Environment variable that moves the user data directory (tests, portable installs).
DATA_DIR_ENV = "CABLE_READER_DATA_DIR"
#: Why the annotations cannot be opened: a file SQLite finds no database or a damaged one
DAMAGED = "the file is damaged, or is no annotations file"
#: ... a file a later schema wrote
NEWER = "written by a newer Cable Reader"

#: Each step takes the schema from version i to i + 1; never edit one, add another.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE stars (cable_id TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE reads (cable_id TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE labels (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        colour TEXT NOT NULL,
        created TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE cable_labels (
        cable_id TEXT NOT NULL,
        label TEXT NOT NULL COLLATE NOCASE REFERENCES labels(name) ON DELETE CASCADE,
        at TEXT NOT NULL,
        PRIMARY KEY (cable_id, label)
    ) WITHOUT ROWID;
    CREATE INDEX cable_labels_by_label ON cable_labels(label);
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        cable_id TEXT NOT NULL,
        paragraph INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        UNIQUE (cable_id, paragraph)
    );
    CREATE VIRTUAL TABLE notes_text USING fts5(
        text, content='notes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
        INSERT INTO notes_text(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
        INSERT INTO notes_text(notes_text, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN
        INSERT INTO notes_text(notes_text, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO notes_text(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TABLE saved_searches (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        include TEXT NOT NULL,
        exclude TEXT NOT NULL,
        sort TEXT NOT NULL,
        descending INTEGER NOT NULL,
        created TEXT NOT NULL,
        opened TEXT,
        seen TEXT NOT NULL DEFAULT '[]'
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)

#: Colours given to new labels in turn, readable with white or black text.
LABEL_COLOURS = (
    "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#e53935", "#00897b", "#6d4c41", "#3949ab",
)  # fmt: skip


def in_wal_mode(conn: sqlite3.Connection, wait: float = 30.0) -> None:
    """Put a new database file in WAL mode. The switch needs the file to itself, and SQLite
    answers "database is locked" at once, without waiting as the connection's timeout says,
    when another connection opens the same new file in the same instant (the window's two
    threads opening a new analyst's annotations): tried again for up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class AnnotationError(Exception):
    """The user store cannot be used; the message says why and what to do."""


class NotSaved(AnnotationError):
    """A change could not be written now (the disk full, the folder read-only, the file
    held): nothing of it was kept, and it may be tried again once the cause is put right."""


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    colour: str
    count: int = 0




@dataclass(frozen=True, slots=True)
class RowState:
    """A cable's annotations as its row in the tree shows them."""

    starred: bool = False
    read: bool = False
    labels: tuple[tuple[str, str], ...] = ()  # (name, colour), by name


@dataclass(frozen=True, slots=True)
class CableNote:
    """A note on a cable (``paragraph`` 0) or on one of its numbered paragraphs."""

    cable_id: str
    paragraph: int
    text: str
    created: str
    modified: str


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A named query with its facet selections and sort, as the filter pane restores it."""

    name: str
    query: str
    include: tuple[tuple[str, str], ...] = ()
    exclude: tuple[tuple[str, str], ...] = ()
    sort: str = "date"
    descending: bool = False
    opened: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    """An entry of an import file left out, and why: ``number`` counts from 1 in the file's
    list ``key``; ``entry`` is the object as it was read."""

    key: str
    number: int
    entry: dict[str, object]
    reason: str


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import added (a count of each kind), and the entries it left out."""

    added: dict[str, int]
    skipped: list[SkippedEntry]


#: A label's colour as the window draws it: ``#rgb`` or ``#rrggbb``.
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def default_data_dir() -> Path:
    """The user data directory (never the cache: the cache may be emptied at any time)."""
    moved = os.environ.get(DATA_DIR_ENV)
    if moved:
        return Path(moved)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def annotations_path(data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / ANNOTATIONS_FILE


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _ids(cable_ids: Iterable[str]) -> list[str]:
    """Canonical IDs, upper case, once each, in order."""
    return list(dict.fromkeys(i.strip().upper() for i in cable_ids if i and i.strip()))


def _label_name(name: str) -> str:
    """A label's name as kept (its blanks made single), or AnnotationError when blank."""
    name = " ".join(name.split())
    if not name:
        raise AnnotationError("a label needs a name")
    return name


class Annotations:
    """The user store. Open with ``Annotations.open(path)``; every method commits at once."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self.messages: list[str] = []
        #: why the file is open for reading only (its disk full, its folder read-only),
        #: or "" when it may be written
        self.read_only = ""

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, backup: bool = True) -> Annotations:
        path = path or annotations_path()
        if path.parent.exists() and not path.parent.is_dir():
            # mkdir's "File exists" and a hint at write permission named the wrong cause
            raise AnnotationError(
                f"cannot open your annotations at {path}: {path.parent} is a file, not a"
                f" folder; give a folder (--data-dir, or {DATA_DIR_ENV})"
            )
        conn: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            in_wal_mode(conn)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(path, conn)
            store._migrate()
        except (OSError, sqlite3.Error) as exc:
            if conn is not None:
                conn.close()
            why = _reason(exc, path.parent)
            kept = cls._for_reading(path, why)
            if kept is not None:
                return kept
            raise NotSaved(
                f"cannot open your annotations at {path}: {why}{_advice(why, path)}"
            ) from exc
        if backup:
            store.backup()
        return store

    @classmethod
    def _for_reading(cls, path: Path, why: str) -> Annotations | None:
        """The file opened for reading only, when it cannot be opened to write (a full disk
        has no room for the write-ahead log's files, a read-only folder none to make them):
        the analyst's work is still shown, and searched, and each change is refused with
        the reason. None when that cannot be done either, or is not safe: a write-ahead
        log with changes in it (not yet in the file itself) would be left unread."""
        wal = path.with_name(path.name + "-wal")
        if not path.is_file() or (wal.exists() and wal.stat().st_size > 0):
            return None
        conn = None
        try:
            conn = sqlite3.connect(path.as_uri() + "?immutable=1", uri=True, isolation_level=None)
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                conn.close()
                return None
            conn.execute("SELECT count(*) FROM stars").fetchone()
        except (OSError, sqlite3.Error):
            if conn is not None:
                conn.close()
            return None
        store = cls(path, conn)
        store.read_only = why
        store.messages.append(
            f"your annotations at {path} are open for reading only ({why}): no change can be"
            " saved until there is room on the disk, or the folder is writable"
        )
        return store

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Annotations:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"{NEWER} (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        for step in range(version, SCHEMA_VERSION):
            with _Transaction(self._conn):  # its errors are the open's to say
                # another connection may have taken this step since the version was read
                # (two threads of the window opening a new file at once): read it again
                # under the write lock
                if self._conn.execute("PRAGMA user_version").fetchone()[0] > step:
                    continue
                for statement in _statements(_MIGRATIONS[step]):
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {step + 1}")

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One change, whole, or AnnotationError naming the file and why (nothing of the
        change is then kept)."""
        if self.read_only:
            raise NotSaved(
                f"cannot save the change to your annotations at {self.path}: {self.read_only}"
            )
        try:
            with _Transaction(self._conn):
                yield
        except sqlite3.OperationalError as exc:
            raise NotSaved(
                f"cannot save the change to your annotations at {self.path}:"
                f" {_reason(exc, self.path.parent)}"
            ) from exc

    def backup(self, today: date | None = None) -> Path | None:
        """Today's copy in ``backups/`` (made once a day), the oldest beyond BACKUP_DAYS gone."""
        day = (today or date.today()).isoformat()
        folder = self.path.parent / "backups"
        target = folder / f"{self.path.stem}-{day}.sqlite3"
        try:
            folder.mkdir(exist_ok=True)
            if not target.exists():
                part = target.with_suffix(".part")
                with sqlite3.connect(part) as copy:
                    self._conn.backup(copy)
                copy.close()
                os.replace(part, target)
            for old in sorted(folder.glob(f"{self.path.stem}-*.sqlite3"))[:-BACKUP_DAYS]:
                old.unlink()
        except (OSError, sqlite3.Error) as exc:
            self.messages.append(f"could not write the daily backup {target}: {exc}")
            return None
        return target

    # -- stars and read state ----------------------------------------------------------

    def starred(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT cable_id FROM stars")}

    def read(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT cable_id FROM reads")}

    def set_starred(self, cable_ids: Iterable[str], on: bool = True) -> list[str]:
        """Star (or unstar) cables; returns the IDs that changed, for Undo."""
        return self._flag("stars", cable_ids, on)

    def set_read(self, cable_ids: Iterable[str], on: bool = True) -> list[str]:
        """Mark cables read (or unread); returns the IDs that changed."""
        return self._flag("reads", cable_ids, on)

    def _flag(self, table: str, cable_ids: Iterable[str], on: bool) -> list[str]:
        changed: list[str] = []
        at = _now()
        with self._write():
            for cid in _ids(cable_ids):
                if on:
                    cur = self._conn.execute(
                        f"INSERT OR IGNORE INTO {table}(cable_id, at) VALUES (?, ?)", (cid, at)
                    )
                else:
                    cur = self._conn.execute(f"DELETE FROM {table} WHERE cable_id = ?", (cid,))
                if cur.rowcount:
                    changed.append(cid)
        return changed

    # -- labels ------------------------------------------------------------------------

    def labels(self) -> list[Label]:
        """Every label, with the number of cables that carry it, by name."""
        rows = self._conn.execute(
            "SELECT l.name, l.colour, count(c.cable_id) FROM labels l"
            " LEFT JOIN cable_labels c ON c.label = l.name GROUP BY l.name ORDER BY l.name"
        )
        return [Label(n, c, k) for n, c, k in rows]

    def create_label(self, name: str, colour: str | None = None) -> Label:
        """The label of that name (case does not matter), created if new."""
        name = _label_name(name)
        with self._write():
            row = self._conn.execute(
                "SELECT name, colour FROM labels WHERE name = ?", (name,)
            ).fetchone()
            if row:
                return Label(row[0], row[1])
            n = self._conn.execute("SELECT count(*) FROM labels").fetchone()[0]
            colour = colour or LABEL_COLOURS[n % len(LABEL_COLOURS)]
            self._conn.execute(
                "INSERT INTO labels(name, colour, created) VALUES (?, ?, ?)",
                (name, colour, _now()),
            )
        return Label(name, colour)

    def delete_label(self, name: str) -> int:
        """Delete a label, taking it off every cable; returns how many carried it."""
        with self._write():
            n = self._conn.execute(
                "SELECT count(*) FROM cable_labels WHERE label = ?", (name,)
            ).fetchone()[0]
            self._conn.execute("DELETE FROM labels WHERE name = ?", (name,))
        return int(n)

    def rename_label(self, old: str, new: str) -> tuple[Label, int]:
        """Give a label another name (its colour and cables kept), or another case of its
        own; to the name of another label, its cables join that label (``brfie`` to
        ``brief``); the saved searches that ask for it ask for the new name. Returns the
        label now, with its count, and how many saved searches changed. AnnotationError when
        there is no label ``old`` or ``new`` is blank."""
        new = _label_name(new)
        with self._write():
            row = self._conn.execute(
                "SELECT name, colour, created FROM labels WHERE name = ?", (old,)
            ).fetchone()
            if row is None:
                raise AnnotationError(f"no label named {old!r}")
            name, colour, created = row
            other = self._conn.execute(
                "SELECT name, colour FROM labels WHERE name = ? AND name != ?", (new, name)
            ).fetchone()
            if other is not None:  # its cables join that label
                self._conn.execute(
                    "INSERT OR IGNORE INTO cable_labels(cable_id, label, at)"
                    " SELECT cable_id, ?, at FROM cable_labels WHERE label = ?",
                    (other[0], name),
                )
                self._conn.execute("DELETE FROM labels WHERE name = ?", (name,))
                new = other[0]
            elif self._conn.execute("SELECT ? = ? COLLATE NOCASE", (new, name)).fetchone()[0]:
                # another case of its own name, the same key to SQLite
                self._conn.execute("UPDATE labels SET name = ? WHERE name = ?", (new, name))
                self._conn.execute("UPDATE cable_labels SET label = ? WHERE label = ?", (new, name))
            else:
                self._conn.execute(
                    "INSERT INTO labels(name, colour, created) VALUES (?, ?, ?)",
                    (new, colour, created),
                )
                self._conn.execute("UPDATE cable_labels SET label = ? WHERE label = ?", (new, name))
                self._conn.execute("DELETE FROM labels WHERE name = ?", (name,))
            searches = self._searches_relabelled(name, new)
            result = self._conn.execute(
                "SELECT l.name, l.colour, count(c.cable_id) FROM labels l LEFT JOIN"
                " cable_labels c ON c.label = l.name WHERE l.name = ? GROUP BY l.name",
                (new,),
            ).fetchone()
        return Label(*result), searches

    def _searches_relabelled(self, old: str, new: str) -> int:
        """The saved searches that ask for the label ``old`` (a facet choice, or a term of
        their query) made to ask for ``new``; how many changed. (In a change under way.)"""
        term = re.compile(
            r"(?<![^\s(-])" + re.escape(written_term("label", old)) + r"(?![^\s)])",
            re.IGNORECASE | re.ASCII,  # as label_key folds
        )
        now = written_term("label", new)

        def moved(pairs: str) -> str:
            chosen = [
                ["label", new] if f == "label" and label_key(v) == label_key(old) else [f, v]
                for f, v in json.loads(pairs)
            ]
            return json.dumps(chosen)

        changed = 0
        rows = self._conn.execute("SELECT name, query, include, exclude FROM saved_searches")
        for name, query, include, exclude in rows.fetchall():
            after = (term.sub(lambda _m: now, query), moved(include), moved(exclude))
            if after != (query, json.dumps(json.loads(include)), json.dumps(json.loads(exclude))):
                self._conn.execute(
                    "UPDATE saved_searches SET query = ?, include = ?, exclude = ? WHERE name = ?",
                    (*after, name),
                )
                changed += 1
        return changed

    def labels_of(self, cable_id: str) -> list[str]:
        rows = self._conn.execute(
            "SELECT label FROM cable_labels WHERE cable_id = ? ORDER BY label",
            (cable_id.upper(),),
        )
        return [r[0] for r in rows]

    def cables_labelled(self, name: str) -> set[str]:
        rows = self._conn.execute("SELECT cable_id FROM cable_labels WHERE label = ?", (name,))
        return {r[0] for r in rows}

    def add_label(self, cable_ids: Iterable[str], name: str) -> list[str]:
        """Label cables (the label is created if new); returns the IDs that changed."""
        label = self.create_label(name).name
        changed: list[str] = []
        at = _now()
        with self._write():
            for cid in _ids(cable_ids):
                cur = self._conn.execute(
                    "INSERT OR IGNORE INTO cable_labels(cable_id, label, at) VALUES (?, ?, ?)",
                    (cid, label, at),
                )
                if cur.rowcount:
                    changed.append(cid)
        return changed

    def remove_label(self, cable_ids: Iterable[str], name: str) -> list[str]:
        changed: list[str] = []
        with self._write():
            for cid in _ids(cable_ids):
                cur = self._conn.execute(
                    "DELETE FROM cable_labels WHERE cable_id = ? AND label = ?", (cid, name)
                )
                if cur.rowcount:
                    changed.append(cid)
        return changed

    def row_states(self, cable_ids: Iterable[str]) -> dict[str, RowState]:
        """What the cable tree shows of each of these cables (a page of rows at a time):
        starred, read, its labels with their colours; by canonical ID."""
        ids = _ids(cable_ids)
        starred: set[str] = set()
        read: set[str] = set()
        labels: dict[str, list[tuple[str, str]]] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            q = self._conn.execute
            starred.update(
                r[0] for r in q(f"SELECT cable_id FROM stars WHERE cable_id IN ({marks})", part)
            )
            read.update(
                r[0] for r in q(f"SELECT cable_id FROM reads WHERE cable_id IN ({marks})", part)
            )
            for cid, name, colour in q(
                "SELECT c.cable_id, l.name, l.colour FROM cable_labels c JOIN labels l"
                f" ON l.name = c.label WHERE c.cable_id IN ({marks}) ORDER BY l.name",
                part,
            ):
                labels.setdefault(cid, []).append((name, colour))
        return {
            cid: RowState(cid in starred, cid in read, tuple(labels.get(cid, ()))) for cid in ids
        }

    # -- notes -------------------------------------------------------------------------

    def set_note(self, cable_id: str, text: str, paragraph: int = 0) -> None:
        """The note on a cable (paragraph 0) or a paragraph; empty text removes it."""
        cid = cable_id.strip().upper()
        with self._write():
            if not text.strip():
                self._conn.execute(
                    "DELETE FROM notes WHERE cable_id = ? AND paragraph = ?", (cid, paragraph)
                )
                return
            now = _now()
            self._conn.execute(
                "INSERT INTO notes(cable_id, paragraph, text, created, modified)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(cable_id, paragraph)"
                " DO UPDATE SET text = excluded.text, modified = excluded.modified",
                (cid, paragraph, text, now, now),
            )

    def notes_of(self, cable_id: str) -> list[CableNote]:
        rows = self._conn.execute(
            "SELECT cable_id, paragraph, text, created, modified FROM notes"
            " WHERE cable_id = ? ORDER BY paragraph",
            (cable_id.strip().upper(),),
        )
        return [CableNote(*r) for r in rows]

    def noted(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT DISTINCT cable_id FROM notes")}

    # -- saved searches ----------------------------------------------------------------

    def save_search(self, search: SavedSearch) -> None:
        with self._write():
            self._conn.execute(
                "INSERT INTO saved_searches(name, query, include, exclude, sort, descending,"
                " created) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                " query = excluded.query, include = excluded.include,"
                " exclude = excluded.exclude, sort = excluded.sort,"
                " descending = excluded.descending",
                (
                    search.name,
                    search.query,
                    json.dumps([list(p) for p in search.include]),
                    json.dumps([list(p) for p in search.exclude]),
                    search.sort,
                    int(search.descending),
                    _now(),
                ),
            )

    def saved_searches(self) -> list[SavedSearch]:
        rows = self._conn.execute(
            "SELECT name, query, include, exclude, sort, descending, opened"
            " FROM saved_searches ORDER BY name COLLATE NOCASE"
        )
        return [
            SavedSearch(
                name,
                query,
                tuple((f, v) for f, v in json.loads(inc)),
                tuple((f, v) for f, v in json.loads(exc)),
                sort,
                bool(desc),
                opened,
            )
            for name, query, inc, exc, sort, desc, opened in rows
        ]

    def rename_search(self, old: str, new: str) -> None:
        """Give a saved search another name; what it has seen and when it was opened stay."""
        new = " ".join(new.split())
        if not new:
            raise AnnotationError("a saved search needs a name")
        with self._write():
            taken = self._conn.execute(
                "SELECT 1 FROM saved_searches WHERE name = ? AND name != ?", (new, old)
            ).fetchone()
            if taken:
                raise AnnotationError(f"there is a saved search named {new!r} already")
            cur = self._conn.execute(
                "UPDATE saved_searches SET name = ? WHERE name = ?", (new, old)
            )
            if not cur.rowcount:
                raise AnnotationError(f"no saved search named {old!r}")

    def delete_search(self, name: str) -> None:
        with self._write():
            self._conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,))

    def open_search(self, name: str, cable_ids: Sequence[str]) -> list[str]:
        """Record that the search was opened with these results; returns the new ones
        (results not seen at any earlier opening)."""
        with self._write():
            row = self._conn.execute(
                "SELECT seen FROM saved_searches WHERE name = ?", (name,)
            ).fetchone()
            if row is None:
                raise AnnotationError(f"no saved search named {name!r}")
            seen = set(json.loads(row[0]))
            new = [c for c in cable_ids if c not in seen]
            self._conn.execute(
                "UPDATE saved_searches SET opened = ?, seen = ? WHERE name = ?",
                (_now(), json.dumps(sorted(seen | set(cable_ids))), name),
            )
        return new

    def new_in_search(self, name: str, cable_ids: Sequence[str]) -> int:
        """How many of these results were not seen when the search was last opened."""
        row = self._conn.execute(
            "SELECT seen FROM saved_searches WHERE name = ?", (name,)
        ).fetchone()
        seen = set(json.loads(row[0])) if row else set()
        return sum(1 for c in cable_ids if c not in seen)

    # -- export and import -------------------------------------------------------------

    def export(self) -> dict[str, object]:
        """Everything, as the JSON object of ``cable-reader annotations export``."""
        q = self._conn.execute
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": _now(),
            "stars": [{"id": i, "at": a} for i, a in q("SELECT * FROM stars ORDER BY 1")],
            "read": [{"id": i, "at": a} for i, a in q("SELECT * FROM reads ORDER BY 1")],
            "labels": [
                {"name": n, "colour": c, "created": t}
                for n, c, t in q("SELECT name, colour, created FROM labels ORDER BY 1")
            ],
            "cable_labels": [
                {"id": i, "label": lab, "at": a}
                for i, lab, a in q("SELECT cable_id, label, at FROM cable_labels ORDER BY 1, 2")
            ],
            "notes": [
                {"id": i, "paragraph": p, "text": t, "created": c, "modified": m}
                for i, p, t, c, m in q(
                    "SELECT cable_id, paragraph, text, created, modified FROM notes ORDER BY 1, 2"
                )
            ],
            "saved_searches": [
                {
                    "name": s.name,
                    "query": s.query,
                    "include": [list(p) for p in s.include],
                    "exclude": [list(p) for p in s.exclude],
                    "sort": s.sort,
                    "descending": s.descending,
                }
                for s in self.saved_searches()
            ],
        }

    def import_(
        self, data: dict[str, object], *, paragraphs: Mapping[str, frozenset[int]] | None = None
    ) -> Imported:
        """Merge an export: what is here stays, nothing is doubled; of two notes on the
        same cable or paragraph the later modified wins. Returns what was added, and the
        entries left out, each with why: a note whose paragraph is no whole number of 0 or
        more (or, given the numbered ``paragraphs`` of cables by ID, one its cable lacks),
        a label whose colour is no colour. A file wrong as a whole (no format, an entry
        without an ID) imports nothing: AnnotationError."""
        if "format" not in data:
            raise AnnotationError("not a Cable Reader annotations file (no 'format' field)")
        if data["format"] != EXPORT_FORMAT:
            raise AnnotationError(
                f"not a Cable Reader annotations file (its 'format' is {data['format']!r},"
                f" not {EXPORT_FORMAT!r})"
            )
        if not isinstance(data.get("version"), int) or int(data["version"]) > EXPORT_VERSION:  # type: ignore[call-overload]
            raise AnnotationError(
                f"written by a newer Cable Reader (version {data.get('version')!r})"
            )
        added = dict.fromkeys(("stars", "read", "labels", "cable_labels", "notes", "searches"), 0)
        skipped: list[SkippedEntry] = []

        def items(key: str) -> list[dict[str, object]]:
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise AnnotationError(f"the file's {key!r} is not a list of objects")
            return value

        try:
            with self._write():
                ex = self._conn.execute
                for key, table in (("stars", "stars"), ("read", "reads")):
                    for it in items(key):
                        cur = ex(
                            f"INSERT OR IGNORE INTO {table}(cable_id, at) VALUES (?, ?)",
                            (_text(it, "id", key).upper(), str(it.get("at") or _now())),
                        )
                        added[key] += cur.rowcount
                for number, it in enumerate(items("labels"), 1):
                    name = _text(it, "name", "labels")
                    colour = it.get("colour") or LABEL_COLOURS[0]
                    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
                        # drawn as it came in the window's HTML (a style attribute)
                        why = f"its colour {colour!r} is no colour (#rrggbb, such as #1e88e5)"
                        skipped.append(SkippedEntry("labels", number, it, why))
                        continue
                    cur = ex(
                        "INSERT OR IGNORE INTO labels(name, colour, created) VALUES (?, ?, ?)",
                        (name, colour, str(it.get("created") or _now())),
                    )
                    added["labels"] += cur.rowcount
                for it in items("cable_labels"):
                    ex(
                        "INSERT OR IGNORE INTO labels(name, colour, created) VALUES (?, ?, ?)",
                        (_text(it, "label", "cable_labels"), LABEL_COLOURS[0], _now()),
                    )
                    cur = ex(
                        "INSERT OR IGNORE INTO cable_labels(cable_id, label, at) VALUES (?, ?, ?)",
                        (
                            _text(it, "id", "cable_labels").upper(),
                            _text(it, "label", "cable_labels"),
                            str(it.get("at") or _now()),
                        ),
                    )
                    added["cable_labels"] += cur.rowcount
                for number, it in enumerate(items("notes"), 1):
                    why = _paragraph_fault(it, paragraphs)
                    if why:
                        skipped.append(SkippedEntry("notes", number, it, why))
                        continue
                    cur = ex(
                        "INSERT INTO notes(cable_id, paragraph, text, created, modified)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(cable_id, paragraph) DO UPDATE"
                        " SET text = excluded.text, modified = excluded.modified"
                        " WHERE excluded.modified > notes.modified",
                        (
                            _text(it, "id", "notes").upper(),
                            it.get("paragraph") or 0,
                            _text(it, "text", "notes", empty=True),
                            str(it.get("created") or _now()),
                            str(it.get("modified") or _now()),
                        ),
                    )
                    added["notes"] += cur.rowcount
                for it in items("saved_searches"):
                    cur = ex(
                        "INSERT OR IGNORE INTO saved_searches(name, query, include, exclude,"
                        " sort, descending, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            _text(it, "name", "saved_searches"),
                            str(it.get("query") or ""),
                            json.dumps(_choices(it, "include")),
                            json.dumps(_choices(it, "exclude")),
                            _sort(it),
                            int(bool(it.get("descending"))),
                            _now(),
                        ),
                    )
                    added["searches"] += cur.rowcount
        except KeyError as exc:
            raise AnnotationError(f"the file has an entry without {exc}") from exc
        except (TypeError, ValueError) as exc:  # ("an entry without invalid literal for...")
            raise AnnotationError(
                f"the file has an entry with a value of the wrong kind: {exc}"
            ) from exc
        return Imported(added, skipped)


def _paragraph_fault(
    note: dict[str, object], paragraphs: Mapping[str, frozenset[int]] | None
) -> str:
    """Why a note of an import file cannot be kept on its paragraph ("" if it can): a
    paragraph no whole number of 0 or more (2.5 was kept as 2, -1 and "two" as they
    came, under no paragraph the window shows), or one its cable lacks, when the cable's
    numbered paragraphs are known."""
    paragraph = note.get("paragraph") or 0
    if isinstance(paragraph, bool) or not isinstance(paragraph, int) or paragraph < 0:
        return f"its paragraph {paragraph!r} is no paragraph number (0: the whole cable; 1, 2, ...)"
    cable = note.get("id")
    if paragraph and paragraphs is not None and isinstance(cable, str):
        numbers = paragraphs.get(cable.strip().upper())
        if numbers is not None and paragraph not in numbers:
            return f"the cable {cable} has no ¶{paragraph} (its paragraphs: {numbered(numbers)})"
    return ""


def numbered(numbers: Collection[int]) -> str:
    """A cable's numbered paragraphs in a few words, for a note on one it lacks: "¶1 to
    ¶7", or "none numbered"."""
    return f"¶{min(numbers)} to ¶{max(numbers)}" if numbers else "none numbered"


def _choices(item: dict[str, object], key: str) -> list[list[str]]:
    """A saved search's ``include`` or ``exclude`` as an import needs it: a list of [facet,
    value] pairs of text. Anything else (a file edited by hand) was once stored as it was,
    and every later reading of the saved searches (the window's list, ``annotations list``
    and ``export``) then failed on it."""
    value = item.get(key) or []
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in value
    ):
        raise AnnotationError(
            f"the file's 'saved_searches' has an entry whose {key!r} is not a list of"
            f" [facet, value] pairs: {value!r}; nothing was imported"
        )
    return value


def _sort(item: dict[str, object]) -> str:
    """A saved search's sort, one the stores know (query.SORT_KEYS), else refused."""
    value = item.get("sort") or "date"
    if value not in SORT_KEYS:
        raise AnnotationError(
            f"the file's 'saved_searches' has an entry whose 'sort' is not one of"
            f" {', '.join(SORT_KEYS)}: {value!r}; nothing was imported"
        )
    return str(value)


def _text(item: dict[str, object], key: str, where: str, *, empty: bool = False) -> str:
    """``item[key]``, which an import needs as text: a number or a list there (a file edited
    by hand, or written by another program) would be kept as its repr under no cable."""
    value = item[key]
    if not isinstance(value, str) or not (empty or value.strip()):
        raise AnnotationError(
            f"the file's {where!r} has an entry whose {key!r} is not text: {value!r};"
            " nothing was imported"
        )
    return value


def _reason(exc: BaseException, folder: Path) -> str:
    """Why the annotations could not be opened or written, in the analyst's words where the
    cause can be told (SQLite says "disk I/O error" when its files find no room)."""
    said = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or (
        isinstance(exc, OSError) and exc.errno == errno.ENOSPC
    ):
        # a disk with a few pages free is full for a store that needs more of them at once
        return f"the disk is full ({said})"
    with contextlib.suppress(OSError):
        if folder.is_dir() and shutil.disk_usage(folder).free == 0:
            return f"the disk is full ({said})"
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"the folder {folder} may not be written to ({said})"
    if getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return f"{DAMAGED} ({said})"
    return said


def _advice(why: str, path: Path) -> str:
    """What to do when the annotations cannot be opened for ``why`` (``_reason``'s words),
    and where the daily copies are, when there are any."""
    if why.startswith("the disk is full"):
        advice = f". Free some space, or give another folder (--data-dir, or {DATA_DIR_ENV})"
    elif why.startswith(DAMAGED):  # (never the folder's permissions, which it once named)
        advice = ". Move it aside: a new one is then made in its place"
    elif why.startswith(NEWER):
        advice = f". Use that Cable Reader, or give another folder (--data-dir, or {DATA_DIR_ENV})"
    else:
        advice = ". Check that the folder is writable"
    backups = path.parent / "backups"
    with contextlib.suppress(OSError):
        if any(backups.glob("*.sqlite3")):
            advice += f"; your earlier work is kept in {backups}"
    return advice


def _statements(script: str) -> list[str]:
    """The statements of a migration script, each complete (triggers hold semicolons)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (ROLLBACK on an exception): one change, whole."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._outer = False

    def __enter__(self) -> None:
        self._outer = not self._conn.in_transaction
        if self._outer:
            self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        if not self._outer:
            return
        self._conn.execute("ROLLBACK" if kind is not None else "COMMIT")
