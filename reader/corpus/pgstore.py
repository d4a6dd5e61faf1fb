"""The corpus on a PostgreSQL server, for a team: the same cables, query language and answers
as the SQLite index, in one database that several indexers fill and many analysts read.

Opened with a URL (``postgresql://HOST/DB``; the password comes from PostgreSQL's own
``~/.pgpass`` or service file, never the command line). A cable's canonical ID is its key:
two indexers adding the same cable (from two folders, or from a ``.txt`` and a
``cables.csv``) store it once, with each copy's source kept in ``copies``; an insert that
meets the same ID at the same moment waits for the other and then finds it there.

Full text: PostgreSQL's ``tsvector`` with a GIN index. The words are cut here, as the SQLite
index's tokenizer cuts them (letters and digits, case and diacritics dropped), so a word, a
phrase or a prefix finds the same cables in both stores; the query language's words become
``tsquery`` lexemes (``'word'``, ``'stem':*``, ``'a' <-> 'b'``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.checks import UNCHECKED_PROBLEMS
from reader.core.containers import UnreadableFile, read_cables

from .conditions import (
    NOTHING,
    Both,
    Either,
    Plan,
    Sql,
    Text,
    UserSql,
    Values,
    Without,
    _Compiler,
    _selections,
)
from .folder_checks import FOLDER_CHECK
from .query import (
    FACETS,
    NONE,
    RELEVANCE,
    RELEVANCE_TIES,
    SORT_COLUMNS,
    FacetValue,
    Filter,
    Hit,
)
from .querysyntax import And, Field, Node, Not, Or, Phrase, Word, parse_query, text_terms
from .rows import PORTION, CableRow, cable_row, number_date
from .scan import scan

__all__ = ["PgIndex", "PgUnavailable", "is_postgres_url", "rank_query", "words"]

SCHEMA_VERSION = 1  # a server corpus of another version: make a new database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name text PRIMARY KEY, value text);
CREATE TABLE IF NOT EXISTS cables (
    key bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,          -- the canonical ID; a cable without one: '#' || source
    date bigint,                      -- YYYYMMDDHHMM, as the SQLite index keeps it
    origin text NOT NULL,
    classification text NOT NULL,
    level text NOT NULL,
    rank integer NOT NULL,
    subject text NOT NULL,
    text text NOT NULL,
    meta text,
    published_id text,                -- the ID the release published it under, when known
    tsv tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS cables_tsv ON cables USING gin (tsv);
CREATE INDEX IF NOT EXISTS cables_lower_id ON cables (lower(id));
CREATE INDEX IF NOT EXISTS cables_lower_published_id ON cables (lower(published_id));
CREATE TABLE IF NOT EXISTS copies (
    key bigint NOT NULL REFERENCES cables(key) ON DELETE CASCADE,
    source text NOT NULL,             -- absolute path of the file
    format text NOT NULL,
    row integer,
    PRIMARY KEY (key, source)
);
CREATE TABLE IF NOT EXISTS vals (
    id serial PRIMARY KEY,
    facet text NOT NULL,
    value text NOT NULL,
    UNIQUE (facet, value)
);
CREATE TABLE IF NOT EXISTS cable_values (
    key bigint NOT NULL REFERENCES cables(key) ON DELETE CASCADE,
    value_id integer NOT NULL REFERENCES vals(id),
    PRIMARY KEY (key, value_id)
);
CREATE INDEX IF NOT EXISTS cable_values_by_value ON cable_values (value_id, key);
CREATE TABLE IF NOT EXISTS refs (
    key bigint NOT NULL REFERENCES cables(key) ON DELETE CASCADE,
    ref text NOT NULL,
    PRIMARY KEY (key, ref)
);
CREATE INDEX IF NOT EXISTS refs_by_ref ON refs (ref);
"""


def _pg_column(column: str) -> str:
    """A sort column of query.SORT_COLUMNS in PostgreSQL's terms (no NOCASE collation)."""
    return "lower(c.id)" if column == "id COLLATE NOCASE" else f"c.{column}"


#: query.SORT_COLUMNS as ORDER BY parts (SQLite puts NULL first ascending, last descending)
_SORT_SQL = {name: [_pg_column(c) for c in columns] for name, columns in SORT_COLUMNS.items()}
_HIT = "c.key, c.id, c.date, c.origin, c.classification, c.level, c.subject"
#: Relevance: ts_rank of the query's words over the subject (weight A: 1.0) and the text
#: (weight D: 0.1), a word of the subject counting ten times one of the body as in the
#: SQLite index (store.W_SUBJECT); divided by 1 + the log of the length (normalization 1),
#: so one mention in a long cable weighs less than in a short one. The subject is cut into
#: lexemes here by the 'simple' configuration: it only orders, the text's lexemes match.
_RANK = (
    "ts_rank(setweight(to_tsvector('simple', c.subject), 'A') || setweight(c.tsv, 'D'),"
    " %s::tsquery, 1)"
)
_WORD_RE = re.compile(r"[^\W_]+")


def _retriable() -> tuple[type[BaseException], ...]:
    try:
        from psycopg import errors
    except ImportError:
        return ()
    return (errors.DeadlockDetected, errors.SerializationFailure)


_RETRIABLE = _retriable()


class PgUnavailable(RuntimeError):
    """The server cannot be reached or used; the message says which and why."""


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def words(text: str) -> list[str]:
    """The words of a text as the SQLite index's tokenizer reads them: runs of letters and
    digits, lower case, diacritics removed."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _WORD_RE.findall(plain.lower())


def rank_query(query: str) -> str | None:
    """The words of ``query`` that relevance scores (not its -words), as one tsquery that
    any of them matches; None when it has none (store.rank_expression for FTS5)."""
    terms = dict.fromkeys(_tsquery(t) for t in text_terms(parse_query(query)))
    return " | ".join(f"({t})" for t in terms if t) or None


def _tsquery(node: Word | Phrase) -> str:
    """One word, prefix or phrase as tsquery text; lexemes are letters and digits only."""
    if isinstance(node, Word):
        parts = words(node.text)
        if not parts:
            return ""
        if node.prefix and len(parts) == 1:
            return f"'{parts[0]}':*"
        return " <-> ".join(f"'{p}'" for p in parts)
    return " <-> ".join(f"'{p}'" for p in words(node.text))


@dataclass(frozen=True, slots=True)
class _Where:
    sql: str
    params: tuple[Any, ...] = ()


class _PgCompiler(_Compiler):
    """The query language for PostgreSQL: field terms as the SQLite index reads them (facet
    values resolved through the same lookup), text and SQL conditions in PostgreSQL's terms."""

    def node(self, node: Node) -> Plan:
        if isinstance(node, Word | Phrase):
            query = _tsquery(node)
            return Text(query) if query else NOTHING
        if isinstance(node, Not):
            return Without(self.node(node.child))
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Or):
            return Either(tuple(self.node(c) for c in node.children))
        if isinstance(node, And):
            return Both(tuple(self.node(c) for c in node.children))
        raise AssertionError(f"unexpected query node {node!r}")

    def f_id(self, value: str) -> Plan:
        """The canonical ID or the one the release published (08EFTOLONDON2883)."""
        if value.endswith("*"):
            prefix = _like(value.rstrip("*").lower()) + "%"
            return Sql("(lower(c.id) LIKE %s OR lower(c.published_id) LIKE %s)", (prefix, prefix))
        return Sql("(lower(c.id) = %s OR lower(c.published_id) = %s)", (value.lower(),) * 2)

    def f_date(self, value: str) -> Plan:
        plan = super().f_date(value)
        if isinstance(plan, Sql):
            # the SQLite condition in psycopg's placeholders; its own % (modulo) doubled
            return Sql(plan.sql.replace("%", "%%").replace("?", "%s"), plan.params)
        return plan

    f_year = f_date
    f_month = f_date

    def f_ref(self, value: str) -> Plan:
        return Sql("c.key IN (SELECT key FROM refs WHERE ref = %s)", (value.upper(),))

    def f_citedby(self, value: str) -> Plan:
        return Sql(
            "upper(c.id) IN (SELECT r.ref FROM refs r JOIN cables x ON x.key = r.key"
            " WHERE lower(x.id) = %s)",
            (value.lower(),),
        )

    def f_subject(self, value: str) -> Plan:
        return Sql("c.subject ILIKE %s", ("%" + _like(value) + "%",))

    def f_is(self, value: str) -> Plan:
        return NOTHING  # the analysts' annotations on the server: not in this store yet

    f_label = f_note = f_has = f_is


def _like(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


def _where(plan: Plan) -> _Where:
    """A plan as one PostgreSQL condition on ``cables c``."""
    if isinstance(plan, Values):
        if not plan.ids:
            return _Where("false")
        return _Where(
            "c.key IN (SELECT key FROM cable_values WHERE value_id = ANY(%s))", (list(plan.ids),)
        )
    if isinstance(plan, Text):
        return _Where("c.tsv @@ %s::tsquery", (plan.expr,))
    if isinstance(plan, UserSql):
        return _Where("false")
    if isinstance(plan, Sql):
        return _Where(plan.sql, plan.params)
    if isinstance(plan, Without):
        inner = _where(plan.part)
        return _Where(f"NOT ({inner.sql})", inner.params)
    op = " AND " if isinstance(plan, Both) else " OR "
    parts = [_where(p) for p in plan.parts]
    return _Where(
        "(" + op.join(p.sql for p in parts) + ")", tuple(x for p in parts for x in p.params)
    )


class PgIndex:
    """The corpus in a PostgreSQL database: ``refresh`` adds a folder's cables, the rest
    answers filters as CorpusIndex does."""

    def __init__(self, url: str, conn: Any) -> None:
        self.url = url
        self._conn = conn
        self._values: dict[str, list[tuple[int, str]]] = {}
        self.messages: list[str] = []

    @classmethod
    def open(cls, url: str) -> PgIndex:
        try:
            import psycopg
        except ImportError as exc:  # the team mode's one extra package
            raise PgUnavailable(
                "the PostgreSQL store needs psycopg: pip install 'cable-reader[team]'"
            ) from exc
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise PgUnavailable(f"cannot reach the server at {_safe(url)}: {exc}") from exc
        index = cls(url, conn)
        try:
            row = conn.execute("SELECT to_regclass('cables') IS NOT NULL").fetchone()
            made = bool(row and row[0])
            if not made:  # the first indexer makes the tables; readers never need to
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(7712001)")  # one schema maker
                    conn.execute(_SCHEMA)
                    conn.execute(
                        "INSERT INTO meta VALUES ('schema', %s) ON CONFLICT (name) DO NOTHING",
                        (str(SCHEMA_VERSION),),
                    )
        except psycopg.errors.InsufficientPrivilege as exc:
            conn.close()
            raise PgUnavailable(
                f"the role may not create the tables in {_safe(url)}: ask for an indexer's "
                f"grants (see the README's 'For a team'): {exc}"
            ) from exc
        return index

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PgIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def refresh(
        self, folder: str | Path, *, progress: Callable[[int, int], None] | None = None
    ) -> tuple[int, int]:
        """Add the cables of ``folder`` (or one file) not yet in the database; returns
        (files read, cables new). A cable already there from another copy gains a copy."""
        from psycopg import errors

        try:
            return self._refresh(Path(folder).resolve(), progress)
        except errors.InsufficientPrivilege as exc:
            raise PgUnavailable(
                f"this role may read {_safe(self.url)} but not add cables to it: ask for an "
                f"indexer's grants (see the README's 'For a team'): {exc}"
            ) from exc

    def _refresh(self, root: Path, progress: Callable[[int, int], None] | None) -> tuple[int, int]:
        paths = [root] if root.is_file() else [root / f.path for f in scan(root).files]
        new = 0
        for n, path in enumerate(paths):
            try:
                rows = [cable_row(c, seq) for seq, c in enumerate(read_cables(path))]
            except UnreadableFile as exc:
                self.messages.append(f"{path}: {exc.reason}")
                continue
            new += self._add(str(path), rows)
            if progress is not None:
                progress(n + 1, len(paths))
        self._folder_check()
        self._values.clear()
        return len(paths), new

    def _folder_check(self) -> None:
        """reference-not-in-folder over the whole corpus, found again after each refresh (as
        the SQLite writer does for a folder): a cable added by anyone clears it for the
        cables citing it."""
        unchecked = list(UNCHECKED_PROBLEMS)
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(7712002)")
            (vid,) = self._conn.execute(
                "INSERT INTO vals (facet, value) VALUES ('check', %s) ON CONFLICT (facet, value)"
                " DO UPDATE SET value = excluded.value RETURNING id",
                (FOLDER_CHECK,),
            ).fetchone()
            self._conn.execute("DELETE FROM cable_values WHERE value_id = %s", (vid,))
            self._conn.execute(
                "INSERT INTO cable_values SELECT DISTINCT r.key, %s FROM refs r"
                " WHERE NOT EXISTS (SELECT 1 FROM cables c WHERE lower(c.id) = lower(r.ref))"
                " AND NOT EXISTS (SELECT 1 FROM cable_values cv JOIN vals v ON v.id ="
                " cv.value_id WHERE cv.key = r.key AND v.facet = 'problem'"
                " AND v.value = ANY(%s))",
                (vid, unchecked),
            )

    def _add(self, source: str, rows: Sequence[CableRow]) -> int:
        """One file's cables in one transaction. The facet values are made first, each in
        a statement of its own, so the transaction locks only its own cables' rows and two
        indexers cannot wait on each other in a circle; should the server still find a
        deadlock, the file is tried again."""
        vids = self._value_ids({v for r in rows for v in r.values})
        for attempt in range(5):
            try:
                return self._add_once(source, rows, vids)
            except _RETRIABLE as exc:  # noqa: PERF203 - a rare retry
                if attempt == 4:
                    raise PgUnavailable(f"could not add {source}: {exc}") from exc
        return 0

    def _value_ids(self, values: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        ids: dict[tuple[str, str], int] = {}
        for facet, value in sorted(values):
            row = (
                self._conn.execute(
                    "INSERT INTO vals (facet, value) VALUES (%s, %s) ON CONFLICT (facet, value)"
                    " DO NOTHING RETURNING id",
                    (facet, value),
                ).fetchone()
                or self._conn.execute(
                    "SELECT id FROM vals WHERE facet = %s AND value = %s", (facet, value)
                ).fetchone()
            )
            ids[(facet, value)] = row[0]
        return ids

    def _add_once(
        self, source: str, rows: Sequence[CableRow], vids: dict[tuple[str, str], int]
    ) -> int:
        new = 0
        with self._conn.transaction():
            for r in rows:
                cid = r.id or f"#{source}:{r.seq}"
                made = self._conn.execute(
                    "INSERT INTO cables (id, date, origin, classification, level, rank, subject,"
                    " text, meta, published_id, tsv) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s,"
                    " %s, to_tsvector('simple', %s)) ON CONFLICT (id) DO NOTHING RETURNING key",
                    (cid, r.date, r.origin, r.classification, r.level, r.rank, r.subject,
                     r.text, r.meta, r.published_id, " ".join(words(r.text))),
                ).fetchone()  # fmt: skip
                if made is None:  # there already, from another copy or another indexer
                    (key,) = self._conn.execute(
                        "SELECT key FROM cables WHERE id = %s", (cid,)
                    ).fetchone()
                else:
                    (key,) = made
                    new += 1
                    for value in dict.fromkeys(r.values):
                        self._conn.execute(
                            "INSERT INTO cable_values VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            (key, vids[value]),
                        )
                    for ref in dict.fromkeys(r.refs):
                        self._conn.execute(
                            "INSERT INTO refs VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            (key, ref.upper()),
                        )
                self._conn.execute(
                    "INSERT INTO copies VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    (key, source, r.format, r.row),
                )
        return new

    # -- reading -------------------------------------------------------------------------

    def values(self, facet: str) -> list[tuple[int, str]]:
        """(value id, value) of every value of ``facet``: the lookup of the compiler."""
        if facet not in self._values:
            self._values[facet] = [
                (i, v)
                for i, v in self._conn.execute(
                    "SELECT id, value FROM vals WHERE facet = %s ORDER BY id", (facet,)
                )
            ]
        return self._values[facet]

    def _condition(self, f: Filter) -> _Where:
        parts: list[Plan] = []
        node = parse_query(f.query)
        if node is not None:
            parts.append(_PgCompiler(self).node(node))
        parts += _selections(f, self)
        if not parts:
            return _Where("true")
        return _where(parts[0] if len(parts) == 1 else Both(tuple(parts)))

    def total(self) -> int:
        return self._conn.execute("SELECT count(*) FROM cables").fetchone()[0]

    def count(self, f: Filter) -> int:
        w = self._condition(f)
        return self._conn.execute(
            f"SELECT count(*) FROM cables c WHERE {w.sql}", w.params
        ).fetchone()[0]

    def keys(self, f: Filter) -> list[int]:
        return [h.key for h in self.search(f, limit=None)]

    def search(self, f: Filter, *, offset: int = 0, limit: int | None = 200) -> list[Hit]:
        sort, words = f.sort, None
        if sort == RELEVANCE:
            words = rank_query(f.query)
            sort = RELEVANCE_TIES  # the order of cables that score the same
        if sort not in _SORT_SQL:
            raise ValueError(f"unknown sort {f.sort!r}")
        w = self._condition(f)
        direction = " DESC NULLS LAST" if f.descending else " NULLS FIRST"
        order = ", ".join(part + direction for part in _SORT_SQL[sort])
        params: tuple[Any, ...] = w.params
        if words is not None:  # best first (descending: last); a cable without them scores 0
            order = f"{_RANK}{'' if f.descending else ' DESC'}, {order}"
            params = (*params, words)
        sql = f"SELECT {_HIT} FROM cables c WHERE {w.sql} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params = (*params, limit, offset)
        rows = self._conn.execute(sql, params).fetchall()
        return [
            Hit(
                key,
                cid if not cid.startswith("#") else "",
                number_date(date),
                origin,
                cls,
                lvl,
                subj,
            )
            for key, cid, date, origin, cls, lvl, subj in rows
        ]

    def facets(self, f: Filter, *, limit: int | None = None) -> dict[str, list[FacetValue]]:
        """Every facet's values with the number of matching cables that have each."""
        w = self._condition(f)
        rows = self._conn.execute(
            "SELECT v.facet, v.value, count(*) FROM cable_values cv JOIN vals v ON v.id ="
            f" cv.value_id WHERE v.facet <> %s AND cv.key IN (SELECT c.key FROM cables c"
            f" WHERE {w.sql}) GROUP BY v.facet, v.value",
            (PORTION, *w.params),
        ).fetchall()
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for facet, value, n in rows:
            if facet in counts:
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

    def copies(self, cable_id: str) -> list[tuple[str, str, int | None]]:
        """(source, format, CSV row) of every copy of the cable the database holds."""
        return [
            (s, fmt, row)
            for s, fmt, row in self._conn.execute(
                "SELECT source, format, row FROM copies WHERE key = (SELECT key FROM cables"
                " WHERE lower(id) = %s) ORDER BY source",
                (cable_id.lower(),),
            )
        ]


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
