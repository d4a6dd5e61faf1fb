"""The analysts' annotations in a team's PostgreSQL corpus: stars, read state, labels and notes,
each row with its author (the PostgreSQL role that made it, ``current_user``) and time.

Everyone sees everyone's rows (``starred-by:NAME``, ``read-by:NAME``); a role changes only its
own: row-level security holds ``author = current_user`` for every write, so no client can
write in another's name. What the window shows as "Starred" or "Read" is the connected role's
own, as in a mail client.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.annotate.annotations import LABEL_COLOURS, CableNote, Label, RowState
from reader.index.index_protocol import ReadOnly
from reader.query.query import label_key

__all__ = [
    "ANNOTATION_SCHEMA",
    "ANNOTATION_TABLES",
    "SHARED_LABELS_MIGRATION",
    "VISIBLE_LABEL",
    "AnnotationsReadOnly",
    "PgAnnotations",
]

#: Every annotation table (the README's GRANTs for an annotator name them).
ANNOTATION_TABLES = ("stars", "reads", "labels", "cable_labels", "notes")

_AUTHOR = "author text NOT NULL DEFAULT current_user, at timestamptz NOT NULL DEFAULT now()"
ANNOTATION_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS stars (cable_id text NOT NULL, {_AUTHOR},
    PRIMARY KEY (cable_id, author));
CREATE TABLE IF NOT EXISTS reads (cable_id text NOT NULL, {_AUTHOR},
    PRIMARY KEY (cable_id, author));
CREATE TABLE IF NOT EXISTS labels (name text NOT NULL, colour text NOT NULL, {_AUTHOR},
    shared boolean NOT NULL DEFAULT false, PRIMARY KEY (name, author));
CREATE TABLE IF NOT EXISTS cable_labels (cable_id text NOT NULL, label text NOT NULL, {_AUTHOR},
    PRIMARY KEY (cable_id, label, author));
CREATE TABLE IF NOT EXISTS notes (cable_id text NOT NULL, paragraph integer NOT NULL,
    text text NOT NULL, {_AUTHOR}, created timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cable_id, paragraph, author));
CREATE INDEX IF NOT EXISTS stars_by_author ON stars (author, cable_id);
CREATE INDEX IF NOT EXISTS reads_by_author ON reads (author, cable_id);
"""
#: A label is its author's alone unless shared: the rows others may see (in a query on
#: ``cable_labels``, the label's own columns; the table owner sees every row, so the queries
#: say it too).
SHARED_LABEL = "(author, label) IN (SELECT author, name FROM labels WHERE shared)"
VISIBLE_LABEL = f"(author = current_user OR {SHARED_LABEL})"


def folded(column: str) -> str:
    """A label's name in SQL as query.label_key compares it: its ASCII letters in
    lower case (the C collation's lower() changes no other letter)."""
    return f'lower({column} COLLATE "C")'


#: The labels a role may use, a row (name, colour, cables) for each author's label whatever
#: its case, in its first spelling: the role's own first, then those others share, the
#: first shared first (one_per_label keeps one of each).
LABELS = (
    "SELECT (array_agg(l.name ORDER BY l.at))[1], (array_agg(l.colour ORDER BY l.at))[1],"
    " count(DISTINCT c.cable_id) FROM labels l LEFT JOIN cable_labels c"
    " ON c.label = l.name AND c.author = l.author WHERE l.author = current_user OR l.shared"
    f" GROUP BY l.author, {folded('l.name')} ORDER BY l.author <> current_user, min(l.at),"
    " l.author"
)


def one_per_label(rows: Iterable[tuple[str, str, int]]) -> list[Label]:
    """The first of LABELS's rows for each label_key, sorted by it (as the folder's store
    sorts its labels, COLLATE NOCASE)."""
    found: dict[str, Label] = {}
    for name, colour, count in rows:
        found.setdefault(label_key(name), Label(name, colour, count))
    return [found[key] for key in sorted(found)]


#: who may see which rows, where not everyone sees every row
_SEEN = {
    "labels": "(author = current_user OR shared)",
    "cable_labels": VISIBLE_LABEL,
}
#: who may do what to the rows (made once: a second schema maker finds them there, by the
#: catalog table, which its own statement reads afresh)
_POLICIES = {
    "seen": "FOR SELECT USING (true)",
    "added": "FOR INSERT WITH CHECK (author = current_user)",
    "changed": "FOR UPDATE USING (author = current_user) WITH CHECK (author = current_user)",
    "removed": "FOR DELETE USING (author = current_user)",
}


def _rule(table: str, name: str, rule: str) -> str:
    return f"FOR SELECT USING {_SEEN[table]}" if name == "seen" and table in _SEEN else rule


ANNOTATION_SCHEMA += (
    "".join(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;\n" for t in ANNOTATION_TABLES)
    + "DO $$ BEGIN\n"
    + "".join(
        f"IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polname = '{t}_{name}') THEN"
        f" CREATE POLICY {t}_{name} ON {t} {_rule(t, name, rule)}; END IF;\n"
        for t in ANNOTATION_TABLES
        for name, rule in _POLICIES.items()
    )
    + "END $$;\n"
)

#: A corpus whose annotation tables were made before labels could be shared: its owner (an
#: indexer) brings them up to date when it next opens the corpus.
SHARED_LABELS_MIGRATION = (
    "ALTER TABLE labels ADD COLUMN IF NOT EXISTS shared boolean NOT NULL DEFAULT false;\n"
    + "".join(f"ALTER POLICY {t}_seen ON {t} USING {rule};\n" for t, rule in _SEEN.items())
)


class AnnotationsReadOnly(ReadOnly):
    """The role may read the corpus but not annotate it; the message says what to ask for."""


def _ids(cable_ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i.strip().upper() for i in cable_ids if i and i.strip()))


class PgAnnotations:
    """The connected role's annotations (and, for the query fields, everyone's), on a
    connection of its own (psycopg, autocommit: each change is one transaction)."""

    def __init__(self, conn: Any, url: str) -> None:
        self._conn = conn
        self._url = url
        self.author: str = conn.execute("SELECT current_user").fetchone()[0]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PgAnnotations:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> list[int]:
        """Run ``sql`` once per row in one transaction; the rows each changed."""
        from psycopg import errors

        counts: list[int] = []
        try:
            with self._conn.transaction():
                for row in rows:
                    counts.append(self._conn.execute(sql, row).rowcount)
        except errors.InsufficientPrivilege as exc:
            raise AnnotationsReadOnly(
                f"your role ({self.author}) may read this corpus but not annotate it: ask for "
                "an annotator's grants (see the README's 'For a team')"
            ) from exc
        return counts

    def _mine(self, table: str) -> set[str]:
        rows = self._conn.execute(f"SELECT cable_id FROM {table} WHERE author = current_user")
        return {r[0] for r in rows}

    # -- stars and read state ------------------------------------------------------------

    def starred(self) -> set[str]:
        return self._mine("stars")

    def read(self) -> set[str]:
        return self._mine("reads")

    def set_starred(self, cable_ids: Iterable[str], on: bool = True) -> list[str]:
        return self._flag("stars", cable_ids, on)

    def set_read(self, cable_ids: Iterable[str], on: bool = True) -> list[str]:
        return self._flag("reads", cable_ids, on)

    def _flag(self, table: str, cable_ids: Iterable[str], on: bool) -> list[str]:
        ids = _ids(cable_ids)
        sql = (
            f"INSERT INTO {table} (cable_id) VALUES (%s) ON CONFLICT DO NOTHING"
            if on
            else f"DELETE FROM {table} WHERE cable_id = %s AND author = current_user"
        )
        counts = self._write(sql, [(cid,) for cid in ids])
        return [cid for cid, n in zip(ids, counts, strict=True) if n]

    def starred_by(self, cable_id: str) -> list[str]:
        """Who starred the cable, by name."""
        return self._authors("stars", cable_id)

    def read_by(self, cable_id: str) -> list[str]:
        """Who read the cable, by name."""
        return self._authors("reads", cable_id)

    def _authors(self, table: str, cable_id: str) -> list[str]:
        rows = self._conn.execute(
            f"SELECT author FROM {table} WHERE cable_id = %s ORDER BY author",
            (cable_id.strip().upper(),),
        )
        return [r[0] for r in rows]

    # -- labels: the analyst's own, and the ones others share ------------------------------

    def labels(self) -> list[Label]:
        """The labels this role may use: its own (counted over its cables) and the ones
        others share that it has none of (counted over the first sharer's); one a name
        whatever its case, in its first spelling."""
        return one_per_label(self._conn.execute(LABELS))

    def labels_of(self, cable_id: str) -> list[str]:
        rows = self._conn.execute(
            "SELECT label FROM cable_labels WHERE cable_id = %s AND author = current_user",
            (cable_id.strip().upper(),),
        )
        return sorted((r[0] for r in rows), key=label_key)

    def shared_labels_of(self, cable_id: str) -> list[tuple[str, str]]:
        """(label, author) of the labels others share on the cable, by label."""
        rows = self._conn.execute(
            "SELECT label, author FROM cable_labels WHERE cable_id = %s"
            f" AND author <> current_user AND {SHARED_LABEL} ORDER BY label, author",
            (cable_id.strip().upper(),),
        )
        return [(label, author) for label, author in rows]

    def share_label(self, name: str, shared: bool = True) -> bool:
        """Share one of this role's labels with every annotator (or make it private again);
        whether the role has such a label."""
        (changed,) = self._write(
            f"UPDATE labels SET shared = %s WHERE {folded('name')} = {folded('%s')}"
            " AND author = current_user",
            [(shared, name)],
        )
        return bool(changed)

    def shared_labels(self) -> list[tuple[str, str]]:
        """(label, author) of every shared label, this role's too."""
        rows = self._conn.execute(
            "SELECT name, author FROM labels WHERE shared ORDER BY name, author"
        )
        return [(n, a) for n, a in rows]

    def row_states(self, cable_ids: Iterable[str]) -> dict[str, RowState]:
        """What the cable tree shows of each of these cables (a page of rows at a time): the
        connected role's star, read and labels with their colours; by canonical ID."""
        ids = _ids(cable_ids)
        if not ids:
            return {}
        starred = {r[0] for r in self._conn.execute(
            "SELECT cable_id FROM stars WHERE author = current_user AND cable_id = ANY(%s)",
            (ids,))}  # fmt: skip
        read = {r[0] for r in self._conn.execute(
            "SELECT cable_id FROM reads WHERE author = current_user AND cable_id = ANY(%s)",
            (ids,))}  # fmt: skip
        shown = {label_key(lab.name): lab for lab in self.labels()}
        labels: dict[str, dict[str, tuple[str, str]]] = {}
        for cid, name in self._conn.execute(
            f"SELECT DISTINCT cable_id, label FROM cable_labels WHERE {VISIBLE_LABEL}"
            " AND cable_id = ANY(%s)",
            (ids,),
        ):
            key = label_key(name)
            lab = shown.get(key, Label(name, LABEL_COLOURS[0]))
            labels.setdefault(cid, {})[key] = (lab.name, lab.colour)
        return {
            cid: RowState(cid in starred, cid in read, tuple(v for _, v in sorted(on.items())))
            for cid in ids
            for on in [labels.get(cid, {})]
        }

    def add_label(self, cable_ids: Iterable[str], name: str) -> list[str]:
        name = " ".join(name.split())
        ids = _ids(cable_ids)
        if not name:
            return []
        (n,) = self._conn.execute(
            "SELECT count(*) FROM labels WHERE author = current_user"
        ).fetchone()
        # a label of that name whatever its case is that label, in its first spelling: the
        # role's own, else the one another shares
        known = self._conn.execute(
            f"SELECT name FROM labels WHERE {folded('name')} = {folded('%s')}"
            " AND (author = current_user OR shared) ORDER BY author <> current_user, at LIMIT 1",
            (name,),
        ).fetchone()
        name = known[0] if known else name
        # a name another shares: this role's label of that name is shared too, so the
        # team's label grows (its colour theirs)
        self._write(
            "INSERT INTO labels (name, colour, shared) SELECT %s, coalesce((SELECT colour FROM"
            " labels WHERE name = %s AND shared ORDER BY at LIMIT 1), %s), EXISTS (SELECT 1"
            " FROM labels WHERE name = %s AND shared) ON CONFLICT DO NOTHING",
            [(name, name, LABEL_COLOURS[n % len(LABEL_COLOURS)], name)],
        )
        counts = self._write(
            "INSERT INTO cable_labels (cable_id, label) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [(cid, name) for cid in ids],
        )
        return [cid for cid, k in zip(ids, counts, strict=True) if k]

    def remove_label(self, cable_ids: Iterable[str], name: str) -> list[str]:
        ids = _ids(cable_ids)
        counts = self._write(
            f"DELETE FROM cable_labels WHERE cable_id = %s AND {folded('label')} = {folded('%s')}"
            " AND author = current_user",
            [(cid, name) for cid in ids],
        )
        return [cid for cid, k in zip(ids, counts, strict=True) if k]

    # -- notes ---------------------------------------------------------------------------

    def set_note(self, cable_id: str, text: str, paragraph: int = 0) -> None:
        cid = cable_id.strip().upper()
        if not text.strip():
            self._write(
                "DELETE FROM notes WHERE cable_id = %s AND paragraph = %s"
                " AND author = current_user",
                [(cid, paragraph)],
            )
            return
        self._write(
            "INSERT INTO notes (cable_id, paragraph, text) VALUES (%s, %s, %s)"
            " ON CONFLICT (cable_id, paragraph, author)"
            " DO UPDATE SET text = excluded.text, at = now()",
            [(cid, paragraph, text)],
        )

    def notes_of(self, cable_id: str) -> list[CableNote]:
        rows = self._conn.execute(
            "SELECT cable_id, paragraph, text, created, at FROM notes"
            " WHERE cable_id = %s AND author = current_user ORDER BY paragraph",
            (cable_id.strip().upper(),),
        )
        return [
            CableNote(cid, p, text, created.isoformat(timespec="seconds"),
                      at.isoformat(timespec="seconds"))
            for cid, p, text, created, at in rows
        ]  # fmt: skip

    def others_notes(self, cable_id: str) -> list[tuple[str, CableNote]]:
        """(author, note) of the other analysts' notes on the cable, by paragraph then
        author: every role sees every note, as it sees every star."""
        rows = self._conn.execute(
            "SELECT author, cable_id, paragraph, text, created, at FROM notes"
            " WHERE cable_id = %s AND author <> current_user ORDER BY paragraph, author",
            (cable_id.strip().upper(),),
        )
        return [
            (author, CableNote(cid, p, text, created.isoformat(timespec="seconds"),
                               at.isoformat(timespec="seconds")))
            for author, cid, p, text, created, at in rows
        ]  # fmt: skip
