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
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reader.index.date_numbers import number_date, number_precision
from reader.index.index_protocol import KeptText, NotSupported, Refused
from reader.index.rows import PORTION, meta_from_json
from reader.model.records import Cable, Source
from reader.parser.containers import decode_bytes
from reader.parser.parse import parse_cable
from reader.query.conditions import (
    ANNOTATION_STATES,
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
    subject_text,
)
from reader.query.query import (
    FACETS,
    MULTI_VALUED,
    RELEVANCE,
    RELEVANCE_TIES,
    SORT_COLUMNS,
    TEAM_FACETS,
    USER_FACETS,
    USER_VALUES,
    CableCopy,
    FacetValue,
    FileProblem,
    Filter,
    Hit,
    counted_facets,
    group_filter,
    label_key,
    listed_user_values,
    restored_filter,
)
from reader.query.querysyntax import (
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    parse_query,
    text_terms,
)
from reader.query.snippets import Highlighter
from reader.query.value_notes import nearest_words
from reader.review.checks import CHECKS
from reader.review.folder_checks import FOLDER_CHECK
from reader.team.change_queue import ChangeQueue
from reader.team.pg_annotations import (
    ANNOTATION_SCHEMA,
    LABELS,
    SHARED_LABELS_MIGRATION,
    VISIBLE_LABEL,
    PgAnnotations,
    folded,
    one_per_label,
)
from reader.team.pg_changes import (
    CHANGES_VERSION,
    COUNTED_TABLES,
    FOLDER_CHECKS,
    VERSION,
    make_change_count,
)
from reader.team.pg_chunks import CHUNK_KEYS, CHUNKS_SCHEMA, CHUNKS_VERSION, make_chunks
from reader.team.pg_copies import COPIES_VERSION, KEPT_INDEX, make_kept_copies
from reader.team.pg_facets import (
    FACET_SCHEMA,
    FACET_SCHEMA_VERSION,
    FACET_TABLES,
    KEPT_RANK,
    RANK_VECTOR,
    KeptBits,
    bitmap,
    bits_keys,
    bits_text,
    fill_cable_rank,
    fill_cable_vids,
    keys_with_bits,
    recount,
    split_bits,
)
from reader.team.pg_offline import (
    QueuedAnnotations,
    connect_server,
    not_connected,
    queue_path,
    reason,
)
from reader.team.pg_phrases import PAIRS_VERSION, make_pair_index, pair_condition
from reader.team.pg_rank import (
    RANK_VERSION,
    bound_keys,
    bounded_query,
    kept_bound_keys,
    kept_lengths,
    kept_prefix_bound_keys,
    make_rank_bounds,
    prefix_bound_keys,
)
from reader.team.pg_rank_parts import PARTS_VERSION, make_rank_parts, parted_rank
from reader.team.pg_words import WORDS_VERSION, make_words, words_like

__all__ = [
    "LACKS",
    "PgIndex",
    "PgOpener",
    "PgUnavailable",
    "is_postgres_url",
    "rank_query",
    "safe_url",
    "words",
]

#: 1: the tables below; 2: pg_facets' (made from 1's by the first role that may); 3: the
#: phrases' index of pg_phrases, 4: the count of changes of pg_changes, 5: the lengths
#: and subjects' index of pg_rank, 6: the table of words of pg_words, 7: the rank vectors'
#: parts of pg_rank_parts, 8: the kept copy of pg_copies, 9: the long cables' chunks of
#: pg_chunks (each made by the first role that owns the tables)
SCHEMA_VERSION = max(
    PAIRS_VERSION,
    CHANGES_VERSION,
    RANK_VERSION,
    WORDS_VERSION,
    PARTS_VERSION,
    COPIES_VERSION,
    CHUNKS_VERSION,
)
#: a filter of words and facet values has its words' keys kept where the values' bits are
#: set when the values' cables are at least 1 in this many (PgIndex._keys_of_bits)
_SPLIT_ABOVE = 50
#: the cables added since the values' bitmaps were made that a filter of words and values
#: tests one by one; more are found through the GIN index (PgIndex._late_keys)
_LATE_TESTED = 1000
#: the filters whose matching keys a connection keeps (PgIndex._matching)
_KEPT_FILTERS = 8

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
    kept boolean NOT NULL DEFAULT false,  -- the copy the cable's row was made from (pg_copies)
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
_SCHEMA += KEPT_INDEX + ";\n" + CHUNKS_SCHEMA
_CHECK_ORDER = {check.code: n for n, check in enumerate(CHECKS)}
#: What the window offers that a server's corpus does not do (yet), said in the window.
UNSUPPORTED = (
    "Files an indexer could not read: listed on that indexer's terminal, not in Problems.",
    "Raw File Text: the file itself only where this computer sees the indexer's path; "
    "elsewhere the text the server holds.",
)
#: The fields a team's corpus never has a value of, and why (Index.lacks)
LACKS = {
    # pg_writer keeps a cable once, each file it was read from in ``copies``: no cable is
    # another copy (query.OTHER_COPY)
    "copy": "a team's corpus keeps each cable once, with every file it was read from",
}


def _pg_column(column: str) -> str:
    """A sort column of query.SORT_COLUMNS in PostgreSQL's terms (no NOCASE collation)."""
    return "lower(c.id)" if column == "id COLLATE NOCASE" else f"c.{column}"


#: query.SORT_COLUMNS as ORDER BY parts (SQLite puts NULL first ascending, last descending)
_SORT_SQL = {name: [_pg_column(c) for c in columns] for name, columns in SORT_COLUMNS.items()}
#: Relevance: ts_rank of the query's words over the subject (weight A: 1.0) and the text
#: (weight D: 0.1), a word of the subject counting ten times one of the body as in the
#: SQLite index (store.W_SUBJECT); divided by 1 + the log of the length (normalization 1),
#: so one mention in a long cable weighs less than in a short one. The subject is cut into
#: lexemes here by the 'simple' configuration: it only orders, the text's lexemes match.
_RANK = f"ts_rank({RANK_VECTOR}, %s::tsquery, 1)"
_WORD_RE = re.compile(r"[^\W_]+")
#: For a statement that finds cables by their words: the planner does not cost reading each
#: tsvector out of TOAST, so it would test every cable's vector where the GIN index finds
#: them. By a scan of the table (a prefix of a common word: 1.1 s at 25,810 cables, the GIN
#: index 50 ms), or by a scan of the keys' index, each cable's vector tested, to join in key
#: order ("iran -nuclear": 2.7 s at 100,000, through the GIN index 157 ms; "embassy" with a
#: tag, 2.5 s against 0.6 s). A phrase's pairs are made from the vector: the same.
_GIN_ONLY = "SET enable_seqscan = off; SET enable_indexscan = off"
_GIN_ONLY_RESET = "RESET enable_seqscan; RESET enable_indexscan"
#: a filter's facets are counted from its cables' arrays when it matches fewer than one cable in
#: this many, from the values' bitmaps when more (PgIndex._counted)
_ARRAYS_BELOW = 16
#: and this many times fewer when the bitmaps are counted in the client (prepare)
_KEPT_ARRAYS = 16


class PgUnavailable(Refused):
    """The server cannot be reached or used; the message says which and why."""


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def words(text: str) -> list[str]:
    """The words of a text as the SQLite index's tokenizer reads them: runs of letters and
    digits, lower case, diacritics removed."""
    if text.isascii():  # most cables: nothing to decompose, and a char loop is slow
        return _WORD_RE.findall(text.lower())
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _WORD_RE.findall(plain.lower())


def rank_query(query: str) -> str | None:
    """The words of ``query`` that relevance scores (not its -words), as one tsquery that
    any of them matches; None when it has none (store.rank_expression for FTS5)."""
    terms = dict.fromkeys(_tsquery(t) for t in text_terms(parse_query(query)))
    return " | ".join(f"({t})" for t in terms if t) or None


#: the longest lexeme PostgreSQL holds, in bytes (MAXSTRLEN): a longer word is in no
#: cable's vector (to_tsvector leaves it out), and a tsquery holding it is refused
_LONGEST_LEXEME = 2047


def _tsquery(node: Word | Phrase) -> str:
    """One word, prefix or phrase as tsquery text; lexemes are letters and digits only;
    "" for one no cable can match (no word, or a word longer than a lexeme may be)."""
    parts = words(node.text)
    if not parts or any(len(p.encode("utf-8")) > _LONGEST_LEXEME for p in parts):
        return ""
    if isinstance(node, Word) and node.prefix and len(parts) == 1:
        return f"'{parts[0]}':*"
    return " <-> ".join(f"'{p}'" for p in parts)


@dataclass(frozen=True, slots=True)
class _Where:
    sql: str
    params: tuple[Any, ...] = ()
    #: the cables of its facet values up to meta.counted as a bit string of value_bits
    #: (pg_facets.split_bits); None: it has none such
    bits: tuple[str, tuple[Any, ...]] | None = None
    #: with ``bits`` of some of its parts, the condition of the others (pg_facets.split_bits)
    rest: _Where | None = None
    #: whether only the bits of keys of cables can be set in ``bits`` (not so with a NOT at
    #: the top: pg_facets.split_bits)
    only_cables: bool = True


def _in_psycopg(plan: Plan) -> Plan:
    """A plan of the SQLite compiler whose condition PostgreSQL reads alike (the same tables
    and columns), in psycopg's placeholders: ? as %s, its own % (modulo) doubled."""
    if isinstance(plan, Sql):
        return Sql(plan.sql.replace("%", "%%").replace("?", "%s"), plan.params)
    return plan


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

    def f_id(self, value: str, prefix: bool = False) -> Plan:
        """The canonical ID or the one the release published (08EFTOLONDON2883)."""
        if prefix:
            start = _like(value.lower()) + "%"
            return Sql("(lower(c.id) LIKE %s OR lower(c.published_id) LIKE %s)", (start, start))
        return Sql("(lower(c.id) = %s OR lower(c.published_id) = %s)", (value.lower(),) * 2)

    def f_date(self, value: str) -> Plan:
        return _in_psycopg(super().f_date(value))

    def f_ref(self, value: str) -> Plan:
        return _in_psycopg(super().f_ref(value))

    def f_citedby(self, value: str) -> Plan:
        return Sql(
            "upper(c.id) IN (SELECT r.ref FROM refs r JOIN cables x ON x.key = r.key"
            " WHERE lower(x.id) = %s)",
            (value.lower(),),
        )

    def f_subject(self, value: str) -> Plan:
        return Sql("c.subject ILIKE %s", ("%" + _like(subject_text(value)) + "%",))

    # -- the analysts' annotations (pg_annotations): "mine" is the connected role's -------

    def f_is(self, value: str) -> Plan:
        state = ANNOTATION_STATES.get(value.lower())  # as the folder's index reads them
        if state is None:
            return NOTHING
        table, negated = state
        plan: Plan = _annotated(table, "author = current_user")
        return Without(plan) if negated else plan

    def f_label(self, value: str, prefix: bool = False) -> Plan:
        """The role's own label, or one of that name another shares (``label:"br*"`` too);
        ``prefix``: every such label starting with ``value`` (``label:br*``)."""
        if prefix:
            return _annotated(
                "cable_labels",
                f"{VISIBLE_LABEL} AND {folded('label')} LIKE {folded('%s')}",
                _like(value) + "%",
            )
        return _labelled(value)

    def f_note(self, value: str) -> Plan:
        found = words(value)
        if not found:
            return NOTHING
        return _annotated(
            "notes",
            "author = current_user AND to_tsvector('simple', text) @@ %s::tsquery",
            " & ".join(f"'{w}'" for w in found),
        )

    def f_has(self, value: str) -> Plan:
        table = {"note": "notes", "notes": "notes", "label": "cable_labels",
                 "labels": "cable_labels"}.get(value.lower())  # fmt: skip
        if table == "cable_labels":
            return _annotated(table, VISIBLE_LABEL)
        return _annotated(table, "author = current_user") if table else NOTHING

    def f_starredby(self, value: str) -> Plan:
        return _by("stars", value)

    def f_readby(self, value: str) -> Plan:
        return _by("reads", value)


#: team facet -> the annotation table of its rows
_TEAM_TABLES = {"readby": "reads", "starredby": "stars"}


def _annotated(table: str, where: str, *params: object) -> Plan:
    """The cables with a row of ``table`` that meets ``where``."""
    return Sql(f"upper(c.id) IN (SELECT cable_id FROM {table} WHERE {where})", params)


def _labelled(name: str) -> Plan:
    """The cables with a label of that name whatever its case (query.label_key)."""
    return _annotated(
        "cable_labels", f"{VISIBLE_LABEL} AND {folded('label')} = {folded('%s')}", name
    )


def _by(table: str, name: str) -> Plan:
    """``starred-by:NAME`` and ``read-by:NAME``: NAME a role, ``me``, or ``*`` for anyone."""
    if name == "*":
        return _annotated(table, "true")
    if name.lower() == "me":
        return _annotated(table, "author = current_user")
    return _annotated(table, "author = %s", name)


def _like(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


#: two-state user facet -> the annotation table of the cables with its first value
_USER_TABLES = {"starred": "stars", "read": "reads", "note": "notes"}


def _user_value_plan(facet: str, value: str) -> Plan:
    """A value of a user facet as the query field's term for it (conditions.user_value_plan
    for the folder's index): starred=unstarred is ``is:unstarred``, label=X ``label:X``."""
    if facet in ("starred", "read"):
        if value not in USER_VALUES[facet]:
            return NOTHING
        plan: Plan = _annotated(_USER_TABLES[facet], "author = current_user")
        return plan if value == USER_VALUES[facet][0] else Without(plan)
    if facet == "note":
        has, has_not = USER_VALUES["note"]
        if value not in (has, has_not):
            return NOTHING
        plan = _annotated("notes", "author = current_user")
        return plan if value == has else Without(plan)
    if facet == "label":
        return _labelled(value)
    return NOTHING


def _user_selections(f: Filter) -> list[Plan]:
    """The user facets' choices of ``f`` as conditions._selections reads them: the values
    of a two-state facet are alternatives, labels all required, excluded values left out."""
    parts: list[Plan] = []
    by_facet: dict[str, list[str]] = {}
    for facet, value in sorted(f.include):
        if facet in USER_FACETS:
            by_facet.setdefault(facet, []).append(value)
    for facet, values in by_facet.items():
        plans = [_user_value_plan(facet, v) for v in values]
        parts += plans if facet in MULTI_VALUED else [Either(tuple(plans))]
    for facet, value in sorted(f.exclude):
        if facet in USER_FACETS:
            parts.append(Without(_user_value_plan(facet, value)))
    return parts


#: the keys of the cables with a chunk matching a phrase's tsquery (pg_chunks)
_ChunkKeys = Callable[[str], list[int]]


def _where(plan: Plan, pairs: bool = False, chunks: _ChunkKeys | None = None) -> _Where:
    """A plan as one PostgreSQL condition on ``cables c``; with ``pairs``, a phrase through
    the index of word pairs (pg_phrases); with ``chunks``, a phrase found in the chunks of
    the long cables too (pg_chunks), their keys asked for first."""
    if isinstance(plan, Values):
        if not plan.ids:
            return _Where("false")
        return _Where(
            "c.key IN (SELECT key FROM cable_values WHERE value_id = ANY(%s))", (list(plan.ids),)
        )
    if isinstance(plan, Text):
        return _text("c", plan.expr, pairs, chunks)
    if isinstance(plan, UserSql):
        return _Where("false")
    if isinstance(plan, Sql):
        return _Where(plan.sql, plan.params)
    if isinstance(plan, Without) and isinstance(plan.part, Text):
        # the cables with the words found through the GIN index and left out (an anti join),
        # not each candidate's vector read out of TOAST to test them: 250 ms -> 9 ms for
        # "iran -nuclear" at 25,810 cables
        inner = _text("x", plan.part.expr, pairs, chunks)
        return _Where(
            f"NOT EXISTS (SELECT 1 FROM cables x WHERE x.key = c.key AND {inner.sql})",
            inner.params,
        )
    if isinstance(plan, Without):
        inner = _where(plan.part, pairs, chunks)
        if _nullable(plan.part):
            # every cable the part does not match: one it cannot say of (no date for a range
            # of days, no published ID) too, as the folder's index leaves it in
            return _Where(f"NOT coalesce(({inner.sql}), false)", inner.params)
        return _Where(f"NOT ({inner.sql})", inner.params)
    op = " AND " if isinstance(plan, Both) else " OR "
    parts = [_where(p, pairs, chunks) for p in plan.parts]
    return _Where(
        "(" + op.join(p.sql for p in parts) + ")", tuple(x for p in parts for x in p.params)
    )


def _summed(rows: list[tuple[int, int]]) -> tuple[str, tuple[Any, ...]]:
    """A statement of (value id, n) of ``rows`` counted in parts, each value's parts summed."""
    return (
        "SELECT value_id, sum(n)::bigint AS n FROM unnest(%s::int[], %s::bigint[])"
        " y(value_id, n) GROUP BY value_id HAVING sum(n) > 0",
        ([vid for vid, _ in rows], [n for _, n in rows]),
    )


def _nullable(plan: Plan) -> bool:
    """The condition of ``plan`` may be NULL for a cable (an SQL comparison with a column
    the cable has none of), not only true or false."""
    if isinstance(plan, Sql) and not isinstance(plan, UserSql):
        return True
    if isinstance(plan, Without):
        return _nullable(plan.part)
    if isinstance(plan, Both | Either):
        return any(_nullable(p) for p in plan.parts)
    return False


def _text(alias: str, expr: str, pairs: bool, chunks: _ChunkKeys | None = None) -> _Where:
    """The cables of ``alias`` whose text matches the tsquery ``expr``."""
    found = pair_condition(alias, expr) if pairs else None
    where = _Where(*found) if found is not None else _Where(f"{alias}.tsv @@ %s::tsquery", (expr,))
    # a phrase: a long cable's vector may have lost its places; the keys of its chunks
    # that match, as a list (an index scan of the keys OR'd with the text's, where a
    # subquery in the OR would have the planner read every cable)
    keys = chunks(expr) if chunks is not None and "<->" in expr else []
    if keys:
        return _Where(f"({where.sql} OR {alias}.key = ANY(%s))", (*where.params, keys))
    return where


@dataclass(frozen=True, slots=True)
class _Kept:
    """The keys a condition matched, read at ``version`` (the corpus's count of changes, or
    the server's snapshot where it has none); ``keyed`` the condition on them:
    a bitmap of the keys, each cable's key its bit. Tested row by row in O(1), it lets the
    planner walk the date index and stop at the page (1 ms for the first page of 177,385
    keys at 250,000, where a semi join with the keys took 690 ms and ``key = ANY(keys)``,
    not hashed there, 10.8 s); the Read by and Starred by counts start from the few
    annotations there are and test their cables' bits."""

    version: str
    keys: list[int]
    keyed: _Where

    @classmethod
    def of(cls, version: str, keys: list[int]) -> _Kept:
        top = max(keys, default=0)
        # CASE: the bit of a key past the bitmap is not asked for (get_bit would refuse)
        keyed = _Where(
            "CASE WHEN c.key <= %s THEN get_bit(%s::varbit, c.key::int) = 1 ELSE false END",
            (top, bits_text(bitmap(keys, top))),
        )
        return cls(version, keys, keyed)


class PgIndex:
    """The corpus in a PostgreSQL database: ``refresh`` adds a folder's cables, the rest
    answers filters as CorpusIndex does."""

    #: its reads go over a network to a server that may be slow to answer, or never: the
    #: window asks it for its tree's rows off its own thread (window_jobs._remote)
    remote = True

    def __init__(self, url: str, conn: Any) -> None:
        self.url = url
        self._conn = conn
        self._values: dict[str, list[tuple[int, str]]] = {}
        self.messages: list[str] = []
        self._no_annotations: str | None = None
        #: pg_facets' tables exist (an indexer fills them) / this role may read them
        self._vids_table = False
        self._fast = False
        #: the index of word pairs exists (pg_phrases): phrases are found through it
        self._pairs = False
        #: what the kept keys are checked against: the corpus's count of changes (pg_changes)
        #: where there is one, else the server's snapshot (any commit of the cluster's)
        self._version = "pg_current_snapshot()::text"
        #: the lengths of pg_rank exist and may be read: a page by relevance ranks only the
        #: cables that may come into it
        self._bounds = False
        #: the rank vectors' parts exist and may be read (pg_rank_parts): a page by relevance
        #: reads the parts of the query's lexemes, not each cable's whole vector
        self._parts = False
        #: the table of the corpus's words exists and may be read (pg_words): a word no
        #: cable holds gets its nearest words
        self._words = False
        #: (condition, parameters) -> (version, matching keys): the last filters' keys
        self._kept: dict[tuple[str, str], _Kept] = {}
        self._kept_lock = threading.Lock()
        #: the cables reference-not-in-folder flags (one byte a key, 1: flagged), with the
        #: corpus's count of changes they were read at (_folder_flags)
        self._folder: tuple[str, bytearray] | None = None
        #: the values' bitmaps in one matrix, and each cable's number of positions (pg_rank),
        #: read by prepare()
        self._matrix: KeptBits | None = None
        self._lengths: np.ndarray | None = None
        #: the keys of the cables up to a key counted (_counted_keys), with that key
        self._cables_counted: tuple[int, np.ndarray] | None = None
        #: ``copies.kept`` is there: the indexer keeps each cable's best copy (pg_copies)
        self._kept_copies = False
        #: the long cables' chunks are there (the indexer writes them) / may be read: a
        #: phrase is found in them too (pg_chunks)
        self._chunks_there = False
        self._chunks = False

    @classmethod
    def open(cls, url: str) -> PgIndex:
        try:
            import psycopg
        except ImportError as exc:  # the team mode's one extra package
            raise PgUnavailable(
                "the PostgreSQL store needs psycopg: pip install 'cable-reader[team]'"
            ) from exc
        try:
            conn = connect_server(url)
        except psycopg.Error as exc:
            raise PgUnavailable(not_connected(_safe(url), exc)) from exc
        index = cls(url, conn)
        try:
            row = conn.execute("SELECT to_regclass('cables') IS NOT NULL").fetchone()
            made = bool(row and row[0])
            if not made:  # the first indexer makes the tables; readers never need to
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(7712001)")  # one schema maker
                    conn.execute(_SCHEMA)  # each statement made to be run again
                    conn.execute(ANNOTATION_SCHEMA)
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
        index._annotation_tables()
        index._facet_tables()
        index._pair_index()
        index._change_count()
        index._rank_bounds()
        index._rank_parts()
        index._words_table()
        index._kept_copies = index._part_there("copies_kept", "copies", make_kept_copies)
        index._chunks_there = index._part_there("cable_chunks", "cables", make_chunks)
        index._chunks = index._chunks_there and index._may_read("cable_chunks")
        return index

    def _part_there(self, name: str, owned: str, make: Callable[[Any], None]) -> bool:
        """Whether the part of the schema ``name`` (pg_schema) is there: a corpus made
        before gets it from the first role that owns ``owned``, made now; a role that may
        not make it leaves it to that one (never waits for it: an hour for the pairs'
        index at 250,000)."""
        from psycopg import errors

        if _exists(self._conn, name):
            return True
        if not _owns(self._conn, owned):
            return False
        try:
            make(self._conn)
        except errors.InsufficientPrivilege:
            return False
        return True

    @property
    def _chunk_keys(self) -> _ChunkKeys | None:
        """The keys of the long cables whose chunks match a phrase (pg_chunks), or None
        where there are none to read."""
        if not self._chunks:
            return None
        return lambda expr: [k for (k,) in self._read(CHUNK_KEYS, (expr,))]

    def _may_read(self, table: str) -> bool:
        (may,) = self._conn.execute("SELECT has_table_privilege(%s, 'SELECT')", (table,)).fetchone()
        return bool(may)

    def _words_table(self) -> None:
        """A corpus of schema 5 or before gets the table of its words (pg_words); until
        then, and for a role that may not read it, a word no cable holds is named without
        its nearest words."""
        if self._part_there("words", "cables", make_words):
            self._words = self._may_read("words")

    def _rank_bounds(self) -> None:
        """A corpus of schema 4 or before gets the lengths that bound relevance (pg_rank);
        until then, and for a role that may not read them, every match is ranked (the same
        pages, slower)."""
        if not self._vids_table:
            return  # the rank vectors themselves wait (_facet_tables)
        if self._part_there("cable_lengths", "cable_rank", make_rank_bounds):
            self._bounds = self._may_read("cable_lengths")

    def _rank_parts(self) -> None:
        """A corpus of schema 6 or before gets its rank vectors' parts (pg_rank_parts);
        until then, and for a role that may not read them, each cable's whole vector is
        ranked (the same pages, slower)."""
        if not self._bounds:
            return  # the parts are ranked with the lengths (pg_rank)
        if self._part_there("cable_rank_parts", "cable_rank", make_rank_parts):
            self._parts = self._may_read("cable_rank_parts")

    def _change_count(self) -> None:
        """A corpus of schema 3 or before gets the count of changes (pg_changes); until
        then, and for a role that may not read it, the kept keys go with the server's
        snapshot, found again after any commit."""
        conn = self._conn
        if not _exists(conn, "change_marks") and not all(
            _exists(conn, table) for table in COUNTED_TABLES
        ):
            return  # the annotations' tables wait for their maker (_annotation_tables)
        if not self._part_there("change_marks", "cables", make_change_count):
            return
        if conn.execute(f"SELECT {VERSION}").fetchone()[0] is not None:
            self._version = VERSION

    def _pair_index(self) -> None:
        """A corpus of schema 2 or before gets the index of word pairs (pg_phrases); until
        then, and for the others, phrases are checked against each candidate's vector as
        before (the same answers, slower)."""
        self._pairs = self._part_there("cables_pairs", "cables", make_pair_index)

    def _facet_tables(self) -> None:
        """A corpus of schema 1 gets pg_facets' tables, filled from ``cable_values``, from
        the first role that may make them; until then (and for a role that may not read
        them) the facets are counted from ``cable_values`` as schema 1 did."""
        from psycopg import errors

        conn = self._conn
        if not all(_exists(conn, table) for table in FACET_TABLES):
            try:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(7712001)")
                    # each table filled by the role that makes it, not made meanwhile by another
                    vids, ranks = _exists(conn, "cable_vids"), _exists(conn, "cable_rank")
                    conn.execute(FACET_SCHEMA)
                    if not vids:
                        fill_cable_vids(conn, FOLDER_CHECK)
                    if not ranks:
                        fill_cable_rank(conn)
                    conn.execute(
                        "UPDATE meta SET value = %s WHERE name = 'schema'",
                        (str(FACET_SCHEMA_VERSION),),
                    )
                recount(conn)
            except errors.InsufficientPrivilege:
                return
        self._vids_table = True
        (self._fast,) = conn.execute(
            "SELECT has_table_privilege('cable_vids', 'SELECT')"
            " AND has_table_privilege('value_counts', 'SELECT')"
            " AND has_table_privilege('cable_rank', 'SELECT')"
            " AND has_table_privilege('value_bits', 'SELECT')"
        ).fetchone()

    def _team_counts(self, w: _Where, facet: str | None) -> list[tuple[str, str, int]]:
        """(team facet, role, cables matching ``w`` the role read or starred)."""
        if self._no_annotations:
            return []
        rows: list[tuple[str, str, int]] = []
        for name in TEAM_FACETS:
            if facet in (None, name):
                rows += [
                    (name, author, n)
                    for author, n in self._read(
                        f"SELECT author, count(*) FROM {_TEAM_TABLES[name]} r WHERE EXISTS"
                        " (SELECT 1 FROM cables c WHERE upper(c.id) = r.cable_id AND"
                        f" {w.sql}) GROUP BY author",
                        w.params,
                    )
                ]
        return rows

    def _annotation_tables(self) -> None:
        """A corpus made before annotations were shared gets their tables from the first
        role that may make them; until then the window says annotations are not there."""
        from psycopg import errors

        conn = self._conn
        if _exists(conn, "stars"):
            self._shared_labels()
            return
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(7712001)")
                conn.execute(ANNOTATION_SCHEMA)
        except errors.InsufficientPrivilege:
            self._no_annotations = (
                "this corpus has no tables for shared annotations yet: an indexer's next "
                "'cable-reader index --store' makes them"
            )

    def _shared_labels(self) -> None:
        """Tables made before labels could be shared gain the column from their owner (an
        indexer's next ``index --store``); until then the window says annotations wait."""
        from psycopg import errors

        conn = self._conn
        found = conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'labels'"
            " AND column_name = 'shared' AND table_schema = current_schema()"
        ).fetchone()
        if found:
            return
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(7712001)")
                conn.execute(SHARED_LABELS_MIGRATION)
        except errors.InsufficientPrivilege:
            self._no_annotations = (
                "this corpus's tables for annotations are of an older version: an indexer's "
                "next 'cable-reader index --store' brings them up to date"
            )

    def close(self) -> None:
        self._conn.close()

    def _read(self, sql: str, params: Sequence[Any] = (), *, binary: bool = False) -> Any:
        """A read (its cursor; ``binary``: its values in PostgreSQL's binary form). A
        connection the server dropped (a restart, a network cut) is made again once, so that
        a window kept open answers again once the server is back; while it is not, the error
        says so plainly."""
        import psycopg

        try:
            return self._conn.execute(sql, params, binary=binary)
        except psycopg.OperationalError as exc:
            if not (self._conn.closed or self._conn.broken):
                raise
            try:
                self._conn = connect_server(self.url)
            except psycopg.Error as again:
                raise PgUnavailable(
                    f"the server at {_safe(self.url)} cannot be reached: {reason(again)}"
                ) from exc
            return self._conn.execute(sql, params, binary=binary)

    def __enter__(self) -> PgIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def refresh(
        self,
        folder: str | Path,
        *,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
    ) -> tuple[int, int]:
        """Add the cables of ``folder`` (or one file) not yet in the database; returns
        (files read, cables new). A cable already there from another copy gains a copy.
        ``workers``: parser processes (None: one per core; 0: parse in this process).
        The writing is pg_writer's."""
        from psycopg import errors

        from reader.team.pg_writer import PgWriter

        writer = PgWriter(
            self._conn,
            facet_tables=self._vids_table,
            kept_copies=self._kept_copies,
            chunks=self._chunks_there,
        )
        try:
            return writer.refresh(Path(folder).resolve(), progress, workers)
        except errors.InsufficientPrivilege as exc:
            raise PgUnavailable(
                f"this role may read {_safe(self.url)} but not add cables to it: ask for an "
                f"indexer's grants (see the README's 'For a team'): {exc}"
            ) from exc
        finally:
            self.messages += writer.messages
            self._values.clear()

    def _folder_check(self) -> None:
        """reference-not-in-folder over the whole corpus (pg_writer.folder_check)."""
        from reader.team.pg_writer import folder_check

        folder_check(self._conn)

    # -- reading -------------------------------------------------------------------------

    def values(self, facet: str) -> list[tuple[int, str]]:
        """(value id, value) of every value of ``facet``: the lookup of the compiler."""
        if facet not in self._values:
            self._values[facet] = [
                (i, v)
                for i, v in self._read(
                    "SELECT id, value FROM vals WHERE facet = %s ORDER BY id", (facet,)
                )
            ]
        return self._values[facet]

    def words_not_in(self, words: Sequence[str]) -> dict[str, list[str]]:
        """Of ``words`` (plain words a-z and digits, as a query holds them), those no
        cable's text holds, each with the words of the texts most like it that begin with
        the same two letters, as CorpusIndex.words_not_in gives them (value_notes.
        nearest_words): read from the table of the corpus's words (pg_words), or none
        where it is not there yet or may not be read. Whether a word is there is the GIN
        index's first match; {} when it cannot be read: a note is never worth an error."""
        import psycopg

        absent: dict[str, list[str]] = {}
        try:
            # a word no cable holds would otherwise be looked for in every vector
            self._read(_GIN_ONLY)
            try:
                for word in dict.fromkeys(words):
                    ask = "SELECT 1 FROM cables WHERE tsv @@ %s::tsquery LIMIT 1"
                    if (
                        len(word.encode("utf-8")) > _LONGEST_LEXEME
                        or self._read(ask, (f"'{word}'",)).fetchone() is None
                    ):
                        absent[word] = []
            finally:
                self._read(_GIN_ONLY_RESET)
            if self._words:
                for word in absent:
                    absent[word] = nearest_words(word, words_like(self._read, word))
        except psycopg.Error:
            return {}
        return absent

    def _matching(self, w: _Where) -> list[int] | None:
        """The keys of the cables ``w`` matches (None: every cable), found once for the
        count, the facets and the page of an answer."""
        kept = self._kept_keys(w)
        return None if kept is None else kept.keys

    def _keyed(self, w: _Where) -> _Where:
        """``w`` as the keys it matches (_Kept.keyed)."""
        kept = self._kept_keys(w)
        return w if kept is None else kept.keyed

    def _kept_keys(self, w: _Where) -> _Kept | None:
        """The keys ``w`` matches, kept with the version they were read at (in the same
        statement, one snapshot): while no write has committed since (the version
        unchanged), they are what the condition would find again; after any, they are found
        again."""
        if w.sql == "true":
            return None
        kept_as = (w.sql, repr(w.params))
        kept = self._kept.get(kept_as)
        if kept is not None:
            (version,) = self._read(f"SELECT {self._version}").fetchone()
            if version == kept.version:
                return kept
        found = self._keys_of_bits(w) if w.bits is not None else None
        version, keys = found if found is not None else self._condition_keys(w)
        kept = _Kept.of(version, keys)
        with self._kept_lock:  # the window asks from more than one thread
            self._kept.pop(kept_as, None)
            self._kept[kept_as] = kept
            while len(self._kept) > _KEPT_FILTERS:
                del self._kept[next(iter(self._kept))]
        return kept

    def _late_keys(self, w: _Where, top: int) -> list[int]:
        """The keys above ``top`` of the cables ``w`` matches: a few tested one by one (their
        vectors read), more found through the GIN index (the keys' range hidden from the
        planner, which would test each one: the cost it does not see, _GIN_ONLY)."""
        (late,) = self._read("SELECT count(*) FROM cables WHERE key > %s", (top,)).fetchone()
        if not late:
            return []
        if late <= _LATE_TESTED:
            return self._read(
                f"SELECT array(SELECT c.key FROM cables c WHERE c.key > %s AND {w.sql})",
                (top, *w.params),
            ).fetchone()[0]
        return self._condition_keys(_Where(f"c.key + 0 > %s AND {w.sql}", (top, *w.params)))[1]

    def _condition_keys(self, w: _Where) -> tuple[str, list[int]]:
        """The version and the keys of the cables ``w`` matches, in one statement."""
        text = "@@" in w.sql
        if text:
            self._read(_GIN_ONLY)
        try:
            # in binary: 207,986 keys read in 77 ms, not 99 (minist* at 250,000 cables)
            version, keys = self._read(
                f"SELECT {self._version}, array(SELECT c.key FROM cables c WHERE {w.sql})",
                w.params,
                binary=True,
            ).fetchone()
        finally:
            if text:
                self._read(_GIN_ONLY_RESET)
        return version, keys

    def _keys_of_bits(self, w: _Where) -> tuple[str, list[int]] | None:
        """The version and the keys of a condition of facet values, from the values'
        bitmaps (pg_facets) up to the key counted: alone, or with the keys of its other
        parts (``w.rest``: words) kept where their bits are set, unless the values' cables
        are few (then the condition in one statement is quicker: 17 ms for ``minist*
        from:moscow`` at 100,000 cables, against 93 for minist*'s 83,240 keys); the cables
        added since from the whole condition. None: no bitmaps, or the values' cables few."""
        assert w.bits is not None
        version, top, bits = self._read(
            f"SELECT {self._version}, (SELECT value FROM meta WHERE name = 'counted'),"
            f" ({w.bits[0]})::text",
            w.bits[1],
        ).fetchone()
        if top is None or bits is None:
            return None
        top = int(top)
        if w.rest is None and w.only_cables:
            keys = bits_keys(bits, top)
        elif w.rest is None:
            keys = keys_with_bits(self._counted_keys(top), bits, top)
        elif bits.count("1", 0, top + 1) * _SPLIT_ABOVE < top + 1:
            return None
        else:
            keys = keys_with_bits(self._condition_keys(w.rest)[1], bits, top)
        # read after the bitmaps, perhaps with cables committed since: kept at the version
        # read with them, they are found again at the next answer
        return version, keys + self._late_keys(w, top)

    def _condition(self, f: Filter) -> _Where:
        plan = self._plan(f)
        if plan is None:
            return _Where("true")
        w = _where(plan, self._pairs, self._chunk_keys)
        if not self._fast:
            return w
        unkept = next((i for i, v in self.values("check") if v == FOLDER_CHECK), None)
        found = split_bits(plan, unkept)
        if found is None:
            return w
        rest, bits, only_cables = found
        rest_where = None if rest is None else _where(rest, self._pairs, self._chunk_keys)
        return _Where(w.sql, w.params, bits, rest_where, only_cables)

    def _plan(self, f: Filter) -> Plan | None:
        """What a cable must match for ``f`` (None: nothing, every cable matches)."""
        parts: list[Plan] = []
        node = parse_query(f.query)
        if node is not None:
            parts.append(_PgCompiler(self).node(node))
        # the team facets' values are roles in the annotation tables, not facet values; the
        # user facets' are the connected role's own annotations
        team = {(k, v) for k, v in f.include | f.exclude if k in TEAM_FACETS + USER_FACETS}
        rest = Filter(f.query, f.include - team, f.exclude - team, f.sort, f.descending)
        parts += _selections(rest, self)
        parts += _user_selections(f)
        team = {(k, v) for k, v in team if k in TEAM_FACETS}
        for facet, role in sorted(team):
            plan = _annotated(_TEAM_TABLES[facet], "author = %s", role)
            parts.append(plan if (facet, role) in f.include else Without(plan))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Both(tuple(parts))

    def part_masks(self, parts: Sequence[Filter], *, seconds: float) -> dict[int, int] | None:
        """For the parts of an empty answer (value_notes.part_notes): how many cables match
        exactly each set of them (bit i: ``parts[i]``), the sets no cable matches and the
        cables matching none left out. One statement, each part's cables found by its own
        indexes as a count finds them, where counting each part and then each set of them
        took a statement each (a set of a phrase and a field: 60-75 ms at 6,712 cables, the
        pairs' index and the field's cables joined); its cables are only keys, tagged with
        the part's bit and grouped by key. A part that leaves cables out (``-visit``, ``not
        tag=ECON``) is found as the cables it leaves out, its bit turned over after: not
        every other cable of the corpus tagged and grouped. None when it takes longer than
        ``seconds`` (the server stops it) or cannot be read."""
        import psycopg

        selects: list[str] = []
        params: list[Any] = []
        turned = 0
        for i, part in enumerate(parts):
            plan = self._plan(part)
            # a cable the part's condition cannot say of is left in by its Without (_where):
            # the complement of the cables it matches, exactly
            if isinstance(plan, Without):
                plan, turned = plan.part, turned | 1 << i
            if isinstance(plan, Values) and plan.ids:  # a cable twice: the same bit
                selects.append(f"SELECT key, {1 << i} FROM cable_values WHERE value_id = ANY(%s)")
                params.append(list(plan.ids))
                continue
            w = _Where("true") if plan is None else _where(plan, self._pairs, self._chunk_keys)
            selects.append(f"SELECT c.key, {1 << i} FROM cables c WHERE {w.sql}")
            params += w.params
        sql = (
            "SELECT m, count(*) FROM (SELECT bit_or(b) AS m FROM ("
            + " UNION ALL ".join(selects)
            + ") u(key, b) GROUP BY key) x GROUP BY m UNION ALL SELECT 0, count(*) FROM cables"
        )
        text = any("@@" in s for s in selects)
        try:
            # the words through the GIN index, not every vector read (as _kept_keys); and
            # no parallel workers: the keys of a few parts, grouped, cost less than starting
            # them (90 ms -> 20 ms at 6,712 cables on two cores)
            self._read(
                f"SET statement_timeout = {max(1, int(seconds * 1000))};"
                " SET max_parallel_workers_per_gather = 0"
                + (f"; {_GIN_ONLY}" if text else "")
            )
            try:
                rows = self._read(sql, params).fetchall()
            finally:
                self._read(
                    "RESET statement_timeout; RESET max_parallel_workers_per_gather;"
                    f" {_GIN_ONLY_RESET}"
                )
        except psycopg.Error:
            return None
        found = {m: n for m, n in rows if m}
        total = next(n for m, n in rows if not m)
        found[0] = total - sum(found.values())  # in no part's cables
        masks: dict[int, int] = {}
        for m, n in found.items():
            if n:
                masks[m ^ turned] = masks.get(m ^ turned, 0) + n
        masks.pop(0, None)
        return masks

    def total(self) -> int:
        return self._read("SELECT count(*) FROM cables").fetchone()[0]

    def prepare(self) -> bool:
        """Pay now what each answer would pay again (index_protocol.Index.prepare; the
        window calls it once its first view is answered): the values' bitmaps read into one
        matrix for the facet counts of a filter of many cables (pg_facets.KeptBits; not used
        once the bitmaps are made again), the keys of the cables they cover (for a NOT at
        the top: _counted_keys), and every cable's number of positions for the bound of a
        relevance page (pg_rank.kept_lengths)."""
        if not self._fast:
            return True
        rows = self._read(
            "SELECT (SELECT value FROM meta WHERE name = 'counted'), value_id, bits"
            " FROM value_bits",
            binary=True,
        ).fetchall()
        if rows and rows[0][0] is not None:
            self._matrix = KeptBits(int(rows[0][0]), [(vid, bits) for _, vid, bits in rows])
            self._counted_keys(int(rows[0][0]))
        if self._bounds:
            self._lengths = kept_lengths(self._read)
        return True

    def count(self, f: Filter) -> int:
        keys = self._matching(self._condition(f))
        return self.total() if keys is None else len(keys)

    def keys(self, f: Filter) -> list[int]:
        return self._page(f, 0, None)

    def search(self, f: Filter, *, offset: int = 0, limit: int | None = 200) -> list[Hit]:
        return self.hits(self._page(f, offset, limit), highlight=f)

    def _page(self, f: Filter, offset: int, limit: int | None) -> list[int]:
        sort, words = f.sort, None
        if sort == RELEVANCE:
            words = rank_query(f.query)
            sort = RELEVANCE_TIES  # the order of cables that score the same
        if sort not in _SORT_SQL:
            raise ValueError(f"unknown sort {f.sort!r}")
        condition = self._condition(f)
        w = self._keyed(condition)
        direction = " DESC NULLS LAST" if f.descending else " NULLS FIRST"
        order = ", ".join(part + direction for part in _SORT_SQL[sort])
        params: tuple[Any, ...] = w.params
        ranked, where = "", w.sql
        if words is not None:  # best first (descending: last); a cable without them scores 0
            rank, times = _RANK, 1
            if self._fast:  # the vector made once (pg_facets); made here for a cable without
                rank, ranked = KEPT_RANK, " LEFT JOIN cable_rank r ON r.key = c.key"
            bounds = self._bounds and self._fast  # the lengths, and the vectors they bound
            if bounds and limit is not None and not f.descending:
                # only the cables whose bound of rank may reach the page (pg_rank)
                lengths = self._lengths  # read by prepare(): the bound taken here, in numpy
                kept = self._kept_keys(condition) if lengths is not None else None
                if bounded_query(words) and lengths is not None and kept is not None:
                    keys = kept_bound_keys(self._read, kept.keys, lengths, words, offset + limit)
                elif bounded_query(words):
                    keys = bound_keys(self._read, w, words, offset + limit)
                elif self._words and lengths is not None and kept is not None:
                    keys = kept_prefix_bound_keys(
                        self._read, kept.keys, lengths, words, offset + limit
                    )
                elif self._words:
                    keys = prefix_bound_keys(self._read, w, words, offset + limit)
                else:
                    keys = None
                if keys is not None:
                    where, params = "c.key = ANY(%s)", (keys,)
                    # the kept cables ranked from the parts of the query's lexemes
                    # (pg_rank_parts); every match is ranked from the whole vectors, which
                    # the planner reads in one pass (the parts no sooner: 945 against 865 ms
                    # for the 84,114 of nuclear at 250,000 cables)
                    parted = parted_rank(words) if self._parts else None
                    if parted is not None:
                        ranked, rank, times = parted
            order = f"{rank}{'' if f.descending else ' DESC'}, {order}"
            params = (*params, *[words] * times)
        sql = f"SELECT c.key FROM cables c{ranked} WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params = (*params, limit, offset)
        return [k for (k,) in self._read(sql, params)]

    def hits(self, keys: Sequence[int], *, highlight: Filter | None = None) -> list[Hit]:
        """Row data for ``keys``, in their order (keys not in the corpus left out); with
        ``highlight``, a snippet around the words of its query."""
        if not keys:
            return []
        rows = self._read(
            "SELECT c.key, c.id, c.date, c.origin, c.classification, c.level, c.subject,"
            " (SELECT array[p.source, p.row::text] FROM copies p WHERE p.key = c.key"
            " ORDER BY p.source LIMIT 1),"
            " array(SELECT v.value FROM cable_values cv JOIN vals v ON v.id = cv.value_id"
            " WHERE cv.key = c.key AND v.facet = 'check' AND v.value <> %s),"
            " CASE WHEN %s THEN c.text END"
            " FROM cables c WHERE c.key = ANY(%s)",
            (FOLDER_CHECK, highlight is not None, list(keys)),
        ).fetchall()
        marker = Highlighter(parse_query(highlight.query)) if highlight is not None else None
        last = len(_CHECK_ORDER)
        found: dict[int, Hit] = {}
        for key, cid, date, origin, cls, lvl, subj, copy, checks, text in rows:
            snippet, matches = marker.snippet(text) if marker and text else ("", ())
            source, row = copy or (None, None)
            found[key] = Hit(
                key=key,
                id=cid if not cid.startswith("#") else "",
                date=number_date(date),
                origin=origin,
                classification=cls,
                level=lvl,
                subject=subj,
                snippet=snippet,
                snippet_matches=matches,
                checks=tuple(sorted(checks, key=lambda c: _CHECK_ORDER.get(c, last))),
                date_precision=number_precision(date),
                file=source or "",
                row=int(row) if row is not None else None,
            )
        return [found[k] for k in keys if k in found]

    def cable(self, key: int) -> Cable:
        """The full record, parsed from the text the corpus holds (its first copy's source)."""
        row = self._read(
            "SELECT c.text, c.meta, p.source, p.format, p.row FROM cables c"
            " LEFT JOIN LATERAL (SELECT source, format, row FROM copies WHERE key = c.key"
            " ORDER BY source LIMIT 1) p ON true WHERE c.key = %s",
            (key,),
        ).fetchone()
        if row is None:
            raise KeyError(key)
        text, meta, source, fmt, csv_row = row
        where = Source(source or "", fmt or "txt", csv_row)
        return parse_cable(text, source=where, meta=meta_from_json(meta))

    def raw_text(self, key: int) -> str:
        """The file as it is on disk where the indexer read it, when this computer sees it
        too; else the text the corpus holds (a cables.csv: the fields of the cable's row)."""
        from reader.index.view import _csv_fields_text

        cable = self.cable(key)
        if cable.source.format == "csv":
            return _csv_fields_text(cable)
        try:
            return decode_bytes(Path(cable.source.path).read_bytes())
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            return KeptText(
                cable.text,
                f"{cable.source.path}, where the indexer read it, cannot be read on this"
                f" computer ({reason}): this is the text the server holds of it",
            )

    def key_for_id(self, cable_id: str) -> int | None:
        ident = cable_id.strip().lower()
        row = self._read(
            "SELECT key FROM cables WHERE lower(id) = %s OR lower(published_id) = %s"
            " ORDER BY lower(id) <> %s, key LIMIT 1",
            (ident, ident, ident),
        ).fetchone()
        return row[0] if row else None

    def cited_by(self, cable_id: str) -> list[Hit]:
        """The cables that cite ``cable_id``, by date."""
        keys = [
            k
            for (k,) in self._read(
                # (not the cable itself: a corpus indexed before review.graph.cited_ids
                # left a cable's own ID out may hold it, as IndexView.cited_by says)
                "SELECT c.key FROM refs r JOIN cables c ON c.key = r.key WHERE r.ref = %s"
                " AND upper(c.id) <> r.ref"
                ' ORDER BY c.date NULLS FIRST, c.id COLLATE "C", c.key',
                (cable_id.strip().upper(),),
            )
        ]
        return self.hits(keys)

    def cites(self, cable_id: str) -> list[str]:
        return [
            r
            for (r,) in self._read(
                "SELECT ref FROM refs WHERE key = (SELECT key FROM cables WHERE lower(id) = %s"
                ' ORDER BY key LIMIT 1) AND lower(ref) <> %s ORDER BY ref COLLATE "C"',
                (cable_id.strip().lower(), cable_id.strip().lower()),
            )
        ]

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        """The canonical IDs that start with ``prefix`` (case aside), upper case, in order:
        a range of the index on upper(id) (value_notes.nearest_ids), bounded above by the
        prefix with its last letter or digit the next one, which sorts after every ID that
        starts with it in the database's collation as in "C" (IDs are letters and digits)."""
        up = prefix.strip().upper()
        stem = up.rstrip("Z")
        if not stem:
            return []
        last = stem[-1]
        after = stem[:-1] + ("A" if last == "9" else chr(ord(last) + 1))
        rows = self._read(
            "SELECT upper(id) FROM cables WHERE upper(id) >= %s AND upper(id) < %s"
            " ORDER BY upper(id) LIMIT %s",
            (up, after, limit),
        )
        return sorted({i for (i,) in rows if i.startswith(up)})

    def label_names(self) -> list[str] | None:
        """The names of the labels the connected role may use (its own and those others
        share), by name; None where the corpus keeps no annotations."""
        if self._no_annotations:
            return None
        return [label.name for label in one_per_label(self._read(LABELS))]

    def partial(self) -> str | None:
        return None  # each indexer's file commits whole: what is there is the corpus

    def file_problems(self) -> list[FileProblem]:
        return []  # an indexer reports the files it could not read, on its own terminal

    def annotations(self, *, backup: bool = False) -> QueuedAnnotations:
        """The connected role's annotations, on a connection of their own (the server keeps
        its own backups: ``backup`` does not apply). When the server cannot be reached, the
        changes go to the analyst's queue and are sent the next time it can (pg_offline)."""
        if self._no_annotations:
            raise NotSupported(self._no_annotations)
        import psycopg

        queue = ChangeQueue.open(queue_path(self.url), about={"server": _safe(self.url)})
        server: PgAnnotations | None = None
        try:
            conn = connect_server(self.url)
            server = PgAnnotations(conn, self.url)
        except psycopg.OperationalError:
            server = None  # away: the changes wait in the queue
        except BaseException:
            queue.close()
            raise
        return QueuedAnnotations(queue, server, lost=(psycopg.OperationalError,))

    def unsupported(self) -> list[str]:
        return [*UNSUPPORTED, *([self._no_annotations] if self._no_annotations else [])]

    def lacks(self) -> dict[str, str]:
        return dict(LACKS)

    def author(self) -> str:
        """The role this connection is, the author of its annotations."""
        return str(self._read("SELECT current_user").fetchone()[0])

    def facets(self, f: Filter, *, limit: int | None = None) -> dict[str, list[FacetValue]]:
        """Every facet's values with the number of cables each would give once chosen, as
        CorpusIndex.facets counts them (query.group_filter, restored_filter): values chosen
        in ``f`` listed even at 0 and kept when ``limit`` cuts the rest; years and months in
        date order, other values by count."""
        return counted_facets(f, FACETS + TEAM_FACETS, self._value_counts, self.count, limit)

    def _value_counts(self, f: Filter, facet: str | None = None) -> list[tuple[str, str, int]]:
        """(facet, value, cables matching ``f`` with it) of every value with any, of every
        facet or of ``facet`` alone."""
        condition = self._condition(f)
        w = self._keyed(condition)
        team = self._team_counts(w, facet) if facet is None or facet in TEAM_FACETS else []
        named = " JOIN vals v ON v.id = x.value_id WHERE v.facet <> %s AND %s IN (v.facet, '')"
        if not self._fast:
            # counted by value id first, named after: the join with vals then meets hundreds
            # of counts, not every (cable, value) row of the matching cables
            return (
                team
                + self._read(
                    "SELECT v.facet, v.value, x.n FROM (SELECT cv.value_id, count(*) AS n FROM"
                    f" cable_values cv WHERE cv.key IN (SELECT c.key FROM cables c WHERE {w.sql})"
                    f" GROUP BY cv.value_id) x{named}",
                    (*w.params, PORTION, facet or ""),
                ).fetchall()
            )
        everything, keys = w.sql == "true", []
        params: tuple[Any, ...] = ()
        if everything and self._counts_current():
            counted = "SELECT value_id, n FROM value_counts"
        elif everything:
            counted = "SELECT u.v AS value_id, count(*) AS n FROM cable_vids cv, unnest(cv.vids) u(v) GROUP BY u.v"  # noqa: E501
        else:
            keys = self._matching(condition) or []
            counted, params = self._counted(keys, facet)
        rows = self._read(
            f"SELECT v.facet, v.value, x.n FROM ({counted}) x{named}",
            (*params, PORTION, facet or ""),
        ).fetchall()
        if facet in (None, "check"):
            # reference-not-in-folder is in no array (pg_facets): its cables kept apart
            flagged = self._folder_flags()
            n = len(flagged)
            found = sum(flagged) if everything else sum(flagged[k] for k in keys if k < n)
            if found:
                rows.append(("check", FOLDER_CHECK, found))
        return team + rows

    def _counted(self, keys: list[int], facet: str | None) -> tuple[str, tuple[Any, ...]]:
        """A statement of (value id, cables of ``keys`` with it) and its parameters, of
        every value or of those of ``facet``: from the cables' arrays for a few, from the
        values' bitmaps (pg_facets) for more."""
        arrays = "SELECT v AS value_id, count(*) AS n FROM (SELECT unnest(vids) AS v FROM cable_vids WHERE key = ANY(%s)) u GROUP BY v"  # noqa: E501
        top = self._bits_top()
        matrix = self._matrix if self._matrix is not None and self._matrix.top == top else None
        # the bitmaps cost the same whatever the number matching (at 100,000 cables under
        # load, 90 ms in the database, a few ms in the matrix), the arrays grow with it:
        # 3 ms for 407 cables, 73-187 for 5,747
        if len(keys) * _ARRAYS_BELOW * (_KEPT_ARRAYS if matrix else 1) < top:
            return arrays, (keys,)
        late = [k for k in keys if k > top]  # added since the bitmaps were made
        if matrix is not None:  # the bitmaps read before (prepare), counted here
            rows = matrix.counts(keys)
            if late:
                rows += self._read(arrays, (late,)).fetchall()
            return _summed(rows)
        # the bitmaps' part only while they are those of ``top`` (a refresh may make them
        # again meanwhile); else a row -1 says to count the arrays of every match
        # one facet's values only (a value chosen, counted without its own choice): the
        # tags' 705 bitmaps of 1,304, a year's 26
        rows = self._read(
            "SELECT value_id, bit_count(bits & %s::varbit) AS n FROM value_bits"
            " WHERE (SELECT value FROM meta WHERE name = 'counted') = %s"
            " AND (%s = '' OR value_id IN (SELECT id FROM vals WHERE facet = %s))"
            " UNION ALL SELECT -1, 0 WHERE (SELECT value FROM meta WHERE name = 'counted')"
            " IS DISTINCT FROM %s"
            f" UNION ALL {arrays}",
            (bits_text(bitmap(keys, top)), str(top), facet or "", facet, str(top), late),
        ).fetchall()
        if any(vid == -1 for vid, _ in rows):
            return arrays, (keys,)
        return _summed(rows)

    def _folder_flags(self) -> bytearray:
        """The cables reference-not-in-folder flags, one byte a key (1: flagged), read again
        only once the folder check has been made again (each refresh makes it:
        pg_writer.folder_check, which counts them in meta) or the key counted has moved (an
        indexer of a version that did not count them); where neither is kept, once the
        corpus's count of changes has moved, which every star and read of the team moves
        (55,823 cables at 100,000: 95-180 ms). Counted over a filter's keys here, not from
        their rows (45-70 ms of each answer's facets in the database)."""
        stamp = (
            f"coalesce((SELECT value || ':' || coalesce((SELECT value FROM meta WHERE name ="
            f" 'counted'), '') FROM meta WHERE name = '{FOLDER_CHECKS}'), {self._version})"
        )
        (version,) = self._read(f"SELECT {stamp}").fetchone()
        kept = self._folder
        if kept is not None and kept[0] == version:
            return kept[1]
        version, keys = self._read(
            f"SELECT {stamp}, array(SELECT cv.key FROM cable_values cv JOIN vals v"
            " ON v.id = cv.value_id WHERE v.facet = 'check' AND v.value = %s)",
            (FOLDER_CHECK,),
        ).fetchone()
        flagged = bytearray(max(keys, default=-1) + 1)
        for key in keys:
            flagged[key] = 1
        self._folder = (version, flagged)
        return flagged

    def _counted_keys(self, top: int) -> np.ndarray:
        """The keys of the cables up to ``top``, read once for each ``top``: a team's corpus
        only adds cables, each above the keys counted (pg_facets), so they stay the same."""
        kept = self._cables_counted
        if kept is None or kept[0] != top:
            (keys,) = self._read(
                "SELECT coalesce(array_agg(key ORDER BY key), '{}') FROM cables WHERE key <= %s",
                (top,),
            ).fetchone()
            kept = self._cables_counted = (top, np.asarray(keys, np.int64))
        return kept[1]

    def _bits_top(self) -> int:
        """The highest key the bitmaps of value_bits cover (pg_facets)."""
        row = self._read("SELECT value FROM meta WHERE name = 'counted'").fetchone()
        return int(row[0]) if row else 0

    def _counts_current(self) -> bool:
        """The kept counts of the whole corpus are of the cables it holds (pg_facets)."""
        row = self._read(
            "SELECT (SELECT value FROM meta WHERE name = 'counted')"
            " = (SELECT coalesce(max(key), 0) FROM cables)::text"
        ).fetchone()
        return bool(row and row[0])

    def user_facets_after(
        self, f: Filter, pair: tuple[str, str], ids: Sequence[str], on: bool
    ) -> dict[str, list[FacetValue]] | None:
        """None: the server counts a change with everyone else's (``user_facets``)."""
        return None

    def user_facets(self, f: Filter) -> dict[str, list[FacetValue]]:
        """The facets of the connected role's own work (query.USER_FACETS), counted over the
        cables of ``f`` in the database as CorpusIndex.user_facets counts them: a two-state
        facet with a value chosen counted without its own choice, an excluded label what
        clearing it would bring back, chosen values listed even at 0."""
        if self._no_annotations:
            return {}
        conditions = {facet: self._condition(group_filter(f, facet)) for facet in USER_FACETS}
        two_state = self._two_state_counts(conditions)
        result: dict[str, list[FacetValue]] = {}
        for facet in USER_FACETS:
            w = conditions[facet]
            counts: dict[str, int] = {}
            if facet in USER_VALUES:
                first, second = USER_VALUES[facet]
                total, has = two_state[facet]
                counts = {first: has, second: total - has}
            else:
                # one count a label whatever the case its analysts wrote it in, named as
                # the label list names it
                shown = {label_key(lab.name): lab.name for lab in one_per_label(self._read(LABELS))}
                counts = {
                    shown.get(key, key): n
                    for key, n in self._read(
                        f"SELECT {folded('label')}, count(DISTINCT cable_id) FROM cable_labels"
                        f" WHERE {VISIBLE_LABEL} AND cable_id IN (SELECT upper(c.id) FROM"
                        f" cables c WHERE {w.sql}) GROUP BY 1",
                        w.params,
                    )
                }
                for name, value in f.exclude:
                    if name == facet:
                        counts[value] = self.count(restored_filter(f, facet, value))
            result[facet] = listed_user_values(f, facet, counts)
        return result

    def _two_state_counts(self, conditions: dict[str, _Where]) -> dict[str, tuple[int, int]]:
        """(cables, cables with the first value) of each two-state user facet under its
        condition: the facets counted under the same condition (the usual case, none of
        their values chosen) in one pass over the cables."""
        by_condition: dict[str, tuple[_Where, list[str]]] = {}
        for facet in USER_VALUES:
            w = conditions[facet]  # its parameters may be lists: compared as text
            by_condition.setdefault(f"{w.sql}\0{w.params!r}", (w, []))[1].append(facet)
        counts: dict[str, tuple[int, int]] = {}
        for w, facets in by_condition.values():
            columns = "".join(
                ", count(*) FILTER (WHERE upper(c.id) IN (SELECT cable_id FROM"
                f" {_USER_TABLES[facet]} WHERE author = current_user))"
                for facet in facets
            )
            total, *has = self._read(
                f"SELECT count(*){columns} FROM cables c WHERE {w.sql}", w.params
            ).fetchone()
            counts.update((facet, (total, n)) for facet, n in zip(facets, has, strict=True))
        return counts

    def copies(self, cable_id: str) -> list[CableCopy]:
        """Every copy of the cable the database holds (each file as the indexer read it), all
        with the cable's one key."""
        return [
            CableCopy(key, s, fmt, row)
            for key, s, fmt, row in self._read(
                "SELECT key, source, format, row FROM copies WHERE key = (SELECT key FROM"
                " cables WHERE lower(id) = %s) ORDER BY source, row",
                (cable_id.strip().lower(),),
            )
        ]


def _exists(conn: Any, table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
    return bool(row and row[0])


def _owns(conn: Any, table: str) -> bool:
    """The role owns ``table`` (or is in the role that does): it may add indexes and
    triggers to it."""
    row = conn.execute(
        "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(%s)",
        (table,),
    ).fetchone()
    return bool(row and row[0])


class PgOpener:
    """Opens a team's corpus for the window: ``PgOpener(url)(name)``, where the name the
    window and its messages show is the URL without its password (safe_url). The window
    does not refresh it: the corpus is kept up to date with ``cable-reader index --store``."""

    refreshes = False

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, _name: str) -> PgIndex:
        return PgIndex.open(self.url)


def safe_url(url: str) -> str:
    """The URL without its password (for messages and the window's title): the user name
    stays, the password and any ``password=`` parameter go."""
    url = re.sub(r"://([^:/@]+):[^/]*@", r"://\1@", url)
    return re.sub(r"([?&])password=[^&]*&?", r"\1", url).rstrip("?&")


_safe = safe_url

if TYPE_CHECKING:  # mypy proves both stores satisfy the window's seam; nothing runs
    from reader.index.index_protocol import Index
    from reader.index.store import CorpusIndex

    def _checked(sqlite: CorpusIndex, pg: PgIndex) -> tuple[Index, Index]:
        return sqlite, pg
