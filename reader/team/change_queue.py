"""The changes to a team's annotations made while its server cannot be reached: kept in a
small SQLite file of the analyst's own (one per server and user), each committed the moment
it is made, and sent in the order they were made once the server is back.

An entry leaves the queue only after the server confirmed it, so a client that dies while
sending loses nothing; it may send the last entry twice, which does no harm, since every
change is one the server's store makes idempotently (a star already there stays one star).
A change the server refuses (a role that may not write) is moved aside with the reason,
kept and reported, never silently dropped.

Pure: no server here. ``send`` takes the store to send to and the errors that mean the
connection went away again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.annotate.annotations import (
    LABEL_COLOURS,
    CableNote,
    Label,
    RowState,
    in_wal_mode,
)
from reader.index.index_protocol import AnnotationStore, NotSupported, Refused
from reader.model.wording import first_named
from reader.query.query import label_key

__all__ = [
    "ACTIONS",
    "KEEP_TEXTS",
    "KEEP_TEXT_BYTES",
    "ChangeQueue",
    "QueuedChange",
    "Sent",
    "apply_change",
    "describe",
    "overlay",
    "overlay_known",
    "send",
]

#: What the queue keeps: the window's changes (annotating._change) and a note.
ACTIONS = frozenset(
    {"star", "unstar", "read", "unread", "label", "unlabel", "note", "share", "unshare"}
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- the order they were made in
    action TEXT NOT NULL,
    ids TEXT NOT NULL,                       -- JSON list of canonical IDs
    arg TEXT NOT NULL DEFAULT '',            -- a label's name, a note's text
    paragraph INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS refused (
    seq INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    ids TEXT NOT NULL,
    arg TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    at TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS about (name TEXT PRIMARY KEY, value TEXT NOT NULL);
-- the rows' annotations as the server last gave them: what the queued changes are shown over
CREATE TABLE IF NOT EXISTS known (
    cable_id TEXT PRIMARY KEY,
    starred INTEGER NOT NULL,
    read INTEGER NOT NULL,
    labels TEXT NOT NULL                     -- JSON list of [name, colour]
) WITHOUT ROWID;
-- a cable's notes as the server last gave them, and when: shown, so dated, while it is away
CREATE TABLE IF NOT EXISTS known_notes (
    cable_id TEXT NOT NULL,
    author TEXT NOT NULL,                    -- '': the analyst's own
    paragraph INTEGER NOT NULL,
    text TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (cable_id, author, paragraph)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notes_read (cable_id TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
-- the cables the window opened, as the server gave them, to be read again while it is away:
-- the last KEEP_TEXTS opened, KEEP_TEXT_BYTES at most (the oldest opened go first)
CREATE TABLE IF NOT EXISTS known_texts (
    key INTEGER PRIMARY KEY,                 -- the corpus's key of the cable
    used INTEGER NOT NULL,                   -- when last opened, in order: the newest highest
    reading TEXT NOT NULL,                   -- what the window needs to show it again (JSON)
    size INTEGER NOT NULL,                   -- its length
    at TEXT NOT NULL                         -- when the server gave it
);
"""

#: How many cables' texts the file keeps, and how many characters of them at most: the
#: cables an analyst has lately opened (some 5 to 20 kB each: a few MB), not a copy of the
#: corpus.
KEEP_TEXTS = 500
KEEP_TEXT_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class QueuedChange:
    """One change as the analyst made it: ``ids`` upper case; ``arg`` a label's name or a
    note's text (empty text removes the note); ``paragraph`` a note's paragraph."""

    seq: int
    action: str
    ids: tuple[str, ...]
    arg: str = ""
    paragraph: int = 0
    at: str = ""


@dataclass(frozen=True, slots=True)
class Sent:
    """What one ``send`` did: entries the server confirmed, entries it refused (with the
    reason), and whether the connection went away before the queue was empty."""

    sent: int = 0
    refused: tuple[str, ...] = ()
    interrupted: bool = False


class ChangeQueue:
    """The queue file. Every method commits at once (autocommit): a change is on disk
    before the window shows it done."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: Path, *, about: dict[str, str] | None = None) -> ChangeQueue:
        """Open (or make) the queue file; ``about`` says whose it is (the server without
        its password, the user), for anyone who looks at the file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        in_wal_mode(conn)
        conn.executescript(_SCHEMA)
        for name, value in (about or {}).items():  # written once: opening writes nothing
            conn.execute("INSERT OR IGNORE INTO about VALUES (?, ?)", (name, value))
        return cls(path, conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ChangeQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(
        self, action: str, ids: Iterable[str], arg: str = "", paragraph: int = 0
    ) -> QueuedChange:
        if action not in ACTIONS:
            raise ValueError(f"not a change the queue keeps: {action!r}")
        canonical = tuple(dict.fromkeys(i.strip().upper() for i in ids if i and i.strip()))
        at = datetime.now(UTC).isoformat(timespec="seconds")
        cur = self._conn.execute(
            "INSERT INTO changes (action, ids, arg, paragraph, at) VALUES (?, ?, ?, ?, ?)",
            (action, json.dumps(canonical), arg, paragraph, at),
        )
        return QueuedChange(int(cur.lastrowid or 0), action, canonical, arg, paragraph, at)

    def pending(self) -> list[QueuedChange]:
        """The changes not yet confirmed by the server, oldest first."""
        rows = self._conn.execute(
            "SELECT seq, action, ids, arg, paragraph, at FROM changes ORDER BY seq"
        )
        return [_change(row) for row in rows]

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM changes").fetchone()[0])

    def done(self, seq: int) -> None:
        """The server confirmed the change: it leaves the queue."""
        self._conn.execute("DELETE FROM changes WHERE seq = ?", (seq,))

    def refuse(self, change: QueuedChange, reason: str) -> None:
        """The server refused the change: kept aside with the reason, out of the way of the
        changes after it."""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "INSERT OR REPLACE INTO refused SELECT seq, action, ids, arg, paragraph, at, ?"
                " FROM changes WHERE seq = ?",
                (reason, change.seq),
            )
            self._conn.execute("DELETE FROM changes WHERE seq = ?", (change.seq,))

    def refused(self) -> list[tuple[QueuedChange, str]]:
        """The changes the server refused, oldest first, each with its reason."""
        rows = self._conn.execute(
            "SELECT seq, action, ids, arg, paragraph, at, reason FROM refused ORDER BY seq"
        )
        return [(_change(row[:6]), row[6]) for row in rows]

    def retry(self, seq: int) -> bool:
        """Put a refused change back in the queue, in its place among the changes made, to
        be sent again (the role may have been granted what it lacked); False: no such."""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            moved = self._conn.execute(
                "INSERT OR IGNORE INTO changes (seq, action, ids, arg, paragraph, at)"
                " SELECT seq, action, ids, arg, paragraph, at FROM refused WHERE seq = ?",
                (seq,),
            ).rowcount
            self._conn.execute("DELETE FROM refused WHERE seq = ?", (seq,))
        return bool(moved)

    def discard(self, seq: int) -> bool:
        """Drop a refused change for good, as the analyst asked; False: no such."""
        return bool(self._conn.execute("DELETE FROM refused WHERE seq = ?", (seq,)).rowcount)

    def remember(self, states: dict[str, RowState]) -> None:
        """The server's answer for these rows, kept to show the queued changes over."""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "INSERT OR REPLACE INTO known VALUES (?, ?, ?, ?)",
                [
                    (cid, st.starred, st.read, json.dumps([list(x) for x in st.labels]))
                    for cid, st in states.items()
                ],
            )

    def known(self, cable_ids: Iterable[str] | None = None) -> dict[str, RowState]:
        """The rows' annotations as the server last gave them (of these IDs; None: every
        one kept)."""
        sql = "SELECT cable_id, starred, read, labels FROM known"
        if cable_ids is None:
            rows = self._conn.execute(sql).fetchall()
        else:
            ids = [i.strip().upper() for i in cable_ids]
            rows = [
                row
                for part in range(0, len(ids), 500)
                for row in self._conn.execute(
                    f"{sql} WHERE cable_id IN ({','.join('?' * len(ids[part : part + 500]))})",
                    ids[part : part + 500],
                )
            ]
        return {
            cid: RowState(bool(st), bool(rd), tuple((n, c) for n, c in json.loads(labels)))
            for cid, st, rd, labels in rows
        }

    def remember_notes(
        self,
        cable_id: str,
        notes: Iterable[CableNote],
        others: Iterable[tuple[str, CableNote]] = (),
    ) -> None:
        """The server's notes on the cable, the analyst's own and the others' (author, note),
        all of them (a note gone from the server goes from here too), kept with the time
        they were read; one commit."""
        cid = cable_id.strip().upper()
        rows = [("", n) for n in notes] + [(a, n) for a, n in others if a]
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("DELETE FROM known_notes WHERE cable_id = ?", (cid,))
            self._conn.executemany(
                "INSERT OR REPLACE INTO known_notes VALUES (?, ?, ?, ?, ?, ?)",
                [(cid, a, n.paragraph, n.text, n.created, n.modified) for a, n in rows],
            )
            self._conn.execute("INSERT OR REPLACE INTO notes_read VALUES (?, ?)", (cid, at))

    def known_notes(self, cable_id: str) -> tuple[list[CableNote], str | None]:
        """The cable's notes of the analyst's own as the server last gave them, and when it
        did (None: never read from the server on this computer)."""
        cid = cable_id.strip().upper()
        return [n for _, n in self._known(cid, own=True)], self._read_at(cid)

    def known_others_notes(self, cable_id: str) -> list[tuple[str, CableNote]]:
        """The others' notes on the cable as the server last gave them, (author, note) each,
        by paragraph then author."""
        return self._known(cable_id.strip().upper(), own=False)

    def _read_at(self, cid: str) -> str | None:
        row = self._conn.execute("SELECT at FROM notes_read WHERE cable_id = ?", (cid,))
        read = row.fetchone()
        return str(read[0]) if read else None

    def _known(self, cid: str, *, own: bool) -> list[tuple[str, CableNote]]:
        whose = "author = ''" if own else "author <> ''"
        rows = self._conn.execute(
            "SELECT author, paragraph, text, created, modified FROM known_notes"
            f" WHERE cable_id = ? AND {whose} ORDER BY paragraph, author",
            (cid,),
        )
        return [(a, CableNote(cid, int(p), text, c, m)) for a, p, text, c, m in rows]

    def remember_text(self, key: int, reading: str) -> None:
        """A cable the window has just read from the server (``reading``: what it needs to
        show it again, as the caller wrote it), kept among the last ones opened; the oldest
        opened beyond KEEP_TEXTS cables or KEEP_TEXT_BYTES go. One commit."""
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "INSERT OR REPLACE INTO known_texts VALUES"
                " (?, (SELECT coalesce(max(used), 0) + 1 FROM known_texts), ?, ?, ?)",
                (key, reading, len(reading), at),
            )
            self._conn.execute(
                "DELETE FROM known_texts WHERE key IN (SELECT key FROM (SELECT key,"
                " row_number() OVER newest AS n, sum(size) OVER newest AS total"
                " FROM known_texts WINDOW newest AS (ORDER BY used DESC))"
                " WHERE n > ? OR total > ?)",
                (KEEP_TEXTS, KEEP_TEXT_BYTES),
            )

    def known_text(self, key: int) -> tuple[str, str] | None:
        """The cable as the window last read it from the server (what ``remember_text`` was
        given) and when (ISO time, UTC); None: not kept here."""
        row = self._conn.execute("SELECT reading, at FROM known_texts WHERE key = ?", (key,))
        found = row.fetchone()
        return (str(found[0]), str(found[1])) if found else None

    def known_text_keys(self) -> list[int]:
        """The keys of the cables kept, the last opened first."""
        rows = self._conn.execute("SELECT key FROM known_texts ORDER BY used DESC")
        return [int(k) for (k,) in rows]


def _change(row: Any) -> QueuedChange:
    seq, action, ids, arg, paragraph, at = row
    return QueuedChange(int(seq), action, tuple(json.loads(ids)), arg, int(paragraph), at)


def apply_change(store: AnnotationStore, change: QueuedChange) -> None:
    """Make the change in ``store``."""
    ids = list(change.ids)
    if change.action in ("star", "unstar"):
        store.set_starred(ids, change.action == "star")
    elif change.action in ("read", "unread"):
        store.set_read(ids, change.action == "read")
    elif change.action == "label":
        store.add_label(ids, change.arg)
    elif change.action == "unlabel":
        store.remove_label(ids, change.arg)
    elif change.action == "note":
        for cable_id in ids:
            store.set_note(cable_id, change.arg, change.paragraph)
    elif change.action in ("share", "unshare"):
        # a team's store alone shares labels (pg_annotations.PgAnnotations.share_label)
        share = getattr(store, "share_label", None)
        if share is None:
            raise NotSupported("labels are shared on a team's corpus only")
        share(change.arg, change.action == "share")


def send(queue: ChangeQueue, store: AnnotationStore, lost: tuple[type[BaseException], ...]) -> Sent:
    """Send the queue to ``store`` in order, each entry removed once ``store`` made it. A
    refusal (``Refused``) sets the entry aside and goes on; an error of ``lost`` (the
    connection went away again) stops, the entry and those after it kept for next time."""
    sent, refused = 0, []
    for change in queue.pending():
        try:
            apply_change(store, change)
        except Refused as exc:
            queue.refuse(change, str(exc))
            refused.append(f"{describe(change)}: {exc}")
            continue
        except lost:
            return Sent(sent, tuple(refused), interrupted=True)
        queue.done(change.seq)
        sent += 1
    return Sent(sent, tuple(refused))


_VERBS = {
    "star": "star",
    "unstar": "unstar",
    "read": "mark read",
    "unread": "mark unread",
    "label": "label",
    "unlabel": "unlabel",
    "share": "share",
    "unshare": "stop sharing",
}


def describe(change: QueuedChange, *, when: bool = True) -> str:
    """The change in words, as the window and the command line list it (``when``: with the
    time it was made)."""
    at = f" ({change.at})" if when else ""
    what = first_named(change.ids, 3)
    if change.action in ("share", "unshare"):
        return f"{_VERBS[change.action]} the label “{change.arg}”{at}"
    label = f" “{change.arg}”" if change.action in ("label", "unlabel") else ""
    if change.action == "note":
        label = f" ¶{change.paragraph}" if change.paragraph else ""
        return f"{'remove the note' if not change.arg.strip() else 'note'}{label} on {what}{at}"
    return f"{_VERBS[change.action]}{label} {what}{at}"


@dataclass(frozen=True, slots=True)
class Overlay:
    """The analyst's annotations as the queued changes leave them, over what was known:
    what the window shows while the server cannot be asked."""

    starred: frozenset[str]
    read: frozenset[str]
    labels: dict[str, frozenset[str]]  # cable ID -> its labels
    notes: dict[tuple[str, int], CableNote]

    def row_states(self, ids: Iterable[str], colours: dict[str, str]) -> dict[str, RowState]:
        out = {}
        for cid in dict.fromkeys(i.strip().upper() for i in ids if i and i.strip()):
            names = sorted(self.labels.get(cid, ()), key=label_key)
            out[cid] = RowState(
                cid in self.starred,
                cid in self.read,
                tuple((n, colours.get(n, LABEL_COLOURS[0])) for n in names),
            )
        return out

    def label_list(self, known: Iterable[Label] = ()) -> list[Label]:
        """The labels known and those the queue adds, one a label_key, counted here."""
        shown = {label_key(lab.name): (lab.name, lab.colour) for lab in known}
        counts: dict[str, int] = {}
        for names in self.labels.values():
            for name in names:
                key = label_key(name)
                counts[key] = counts.get(key, 0) + 1
                if key not in shown:
                    shown[key] = (name, LABEL_COLOURS[len(shown) % len(LABEL_COLOURS)])
        return [Label(n, c, counts.get(k, 0)) for k, (n, c) in sorted(shown.items())]


def overlay_known(changes: Iterable[QueuedChange], known: dict[str, RowState]) -> Overlay:
    """The state ``changes`` leave over the rows' state as the server last gave it."""
    return overlay(
        changes,
        starred=[cid for cid, st in known.items() if st.starred],
        read=[cid for cid, st in known.items() if st.read],
        labels={cid: [name for name, _ in st.labels] for cid, st in known.items()},
    )


def overlay(
    changes: Iterable[QueuedChange],
    *,
    starred: Iterable[str] = (),
    read: Iterable[str] = (),
    labels: dict[str, Iterable[str]] | None = None,
    notes: Iterable[CableNote] = (),
) -> Overlay:
    """The state ``changes`` leave, made in order over the state given."""
    stars, reads = set(starred), set(read)
    # a label is one whatever its case (query.label_key), named as first written
    spelt: dict[str, str] = {}
    labelled: dict[str, dict[str, str]] = {}
    for cid, names in (labels or {}).items():
        for name in names:
            labelled.setdefault(cid, {})[label_key(name)] = spelt.setdefault(label_key(name), name)
    noted = {(n.cable_id, n.paragraph): n for n in notes}
    for c in changes:
        if c.action in ("star", "unstar", "read", "unread"):
            target = stars if c.action in ("star", "unstar") else reads
            (target.update if c.action in ("star", "read") else target.difference_update)(c.ids)
        elif c.action in ("label", "unlabel"):
            key = label_key(c.arg)
            name = spelt.setdefault(key, " ".join(c.arg.split()))
            for cid in c.ids:
                names = labelled.setdefault(cid, {})
                if c.action == "label":
                    names[key] = name
                else:
                    names.pop(key, None)
        elif c.action == "note":
            for cid in c.ids:
                if c.arg.strip():
                    old = noted.get((cid, c.paragraph))
                    created = old.created if old else c.at
                    noted[(cid, c.paragraph)] = CableNote(cid, c.paragraph, c.arg, created, c.at)
                else:
                    noted.pop((cid, c.paragraph), None)
    return Overlay(
        frozenset(stars),
        frozenset(reads),
        {cid: frozenset(n.values()) for cid, n in labelled.items() if n},
        noted,
    )
