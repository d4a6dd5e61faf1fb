"""Relevance without ranking every match: an upper bound of each cable's ``ts_rank`` leaves
out the cables that cannot come into the page, and the rest are ranked as before.

Relevance ranks ``pg_facets.RANK_VECTOR`` (the subject's words weighted A, 1.0; the text's
D, 0.1) with ``ts_rank(v, q, 1)``; for a query of plain words (no prefix), or of several
terms with phrases among them (the query's root an OR; the phrases' words are then counted
as words, where they stand), that is PostgreSQL's ``calc_rank_or``: for each word of the
query found in the cable,

    (w_max + sum_j w_j / (j + 1)^2 - w_max / (j_max + 1)^2) / 1.64493406685

over the word's positions j in order (w_j the weight of the j-th); summed, divided by the
number of words of the query and by log2(1 + the vector's number of positions) (the
normalization 1). The subject's positions come first, so for a word in the subject w_max is
at j = 0 and a word counts (sum_j w_j / (j + 1)^2) / 1.6449 < 1 (at most 256 positions:
sum 1.6410); for a word in the text only, all w_j are 0.1 and it counts < 0.1. So a cable
of n positions ranks below 1 / log2(n + 1), and below 0.1 / log2(n + 1) when no word of the
query is in its subject.

A query of one phrase alone (``'a' <-> 'b'``, the query's root a phrase) is ranked by
``calc_rank_and`` instead: over every pair of positions (p, q), p of one word of the phrase
and q of another, at a distance d > 0, ``curw = sqrt(w_p * w_q * word_distance(d))`` with
word_distance(d) <= 0.982, and the cable counts ``1 - prod(1 - curw)``: below 1, whatever
the weights. That bound cannot be lowered for the text: a cable that says the phrase in its
text only, again and again, counts nearly 1 too. So a cable of n positions ranks below
1 / log2(n + 1) (the phrase's words in its subject or not).

Then, for the first page of k cables (the offset and the page): the k matching cables that
have the query's terms (the phrase) in their subject and the fewest positions are ranked;
the lowest of their ranks, t, is reached by at least k cables. A cable whose bound is below
t cannot be among the first k: it ranks below each of those k. The page is ranked among the
others only, in the same order as before (equal ranks too: every cable that ranks t or more
is there). When fewer than k cables have them in their subject, every match is ranked, as
before.

Which cables have a word of the query in their subject is asked of the subjects' index
with each word of a phrase as a word (``'a' | 'b'``): with other terms, a subject with one
of them and not the phrase counts up to 1 for it.

A query with a prefix (``'minist':*``) has a bound of its own (``prefix_bound_keys``):
``calc_rank_or`` counts each lexeme of the cable that starts with it (minister, ministers,
ministry...) as one word, so a cable ranks below (a + 0.1 * b) / s / log2(n + 1), s the
query's number of terms, a and b the number of its lexemes (a term's lexemes, each term
counted apart) in the subject and in the text. a is counted from the subject, for the few
cables whose subject has one. b is not kept: reading it from each cable's vector is what
ranking costs (the vectors read out of TOAST, 10 kB each at 250,000 cables, are most of the
time: ``benchmarks/pg_store.py --rank-floor``). It is bounded instead: the lexemes that
PostgreSQL's statistics list among the text's most common (in more than about one cable in
ten: minister, ministry, ministers) are counted as if every cable held them all; each of
the others (ministerial, ministries, typos), rarer, is looked up in the GIN index and
counted for the cables that hold it. So a cable ranks below
(a + 0.1 * (common + its rare ones)) / s / log2(n + 1); those whose bound is below t are
left out, as above. The prefix of a word whose lexemes are too many to look up one by one
(more than ``_RARE_MOST``), or a corpus without the table of its words (pg_words), has no
bound: every match is ranked. Once the window has read every cable's number of positions
(``kept_lengths``), both bounds are taken in the client over the matching keys it keeps
(``kept_bound_keys``, ``kept_prefix_bound_keys``): the subjects' index and each rare
lexeme's cables asked once, not statements that test every matching key.

Kept per cable: its number of positions (``cable_lengths``, made by a trigger as the rank
vector is added); and a GIN index of the subjects' words, for the cables with the query's
words in their subject.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from reader.team.pg_facets import KEPT_RANK
from reader.team.pg_schema import make_part

__all__ = [
    "LENGTH",
    "RANK_VERSION",
    "TERM",
    "bound_keys",
    "bounded_query",
    "kept_bound_keys",
    "kept_lengths",
    "kept_prefix_bound_keys",
    "make_rank_bounds",
    "phrase_alone",
    "prefix_bound_keys",
]

#: meta 'schema' once the lengths and the subjects' index exist
RANK_VERSION = 5
#: the vector's number of positions, as ts_rank counts them (a lexeme without one: 1)
LENGTH = (
    "(SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0)::int FROM unnest({v}) u)"
)
#: the words of a cable's subject as RANK_VECTOR weights them A
SUBJECT_WORDS = "to_tsvector('simple', {c}subject)"
#: a margin for the rounding of ts_rank (float4): bounds taken this much higher
_MARGIN = 1.0001
_LARGEST = 2**31 - 1
#: a prefix's rare lexemes looked up one by one, at most (past that: no bound)
_RARE_MOST = 64
#: what the subject's lexemes of a query count at most, over the query's number of terms:
#: ts_rank's sum for one over its positions, 1 / (j + 1)^2 for the subject's first (weight
#: 1.0: h, the subject's sum), at most 0.1 / (j + 1)^2 for the text's after them, over
#: 1.64493406685: (0.9 h + 0.1 * 1.6449) / 1.6449 <= 1.0645 h / 1.6449, h being at least 1;
#: and ts_rank of the subject's vector alone is the sum of h / 1.6449 over its lexemes of
#: the query, over the number of terms (float4: the margin covers its rounding)
_IN_SUBJECT = "1.0645::float8 * ts_rank(setweight({v}, 'A'), %s::tsquery, 0)"
#: a term of a rank query: its lexeme, and ":*" for a prefix
TERM = re.compile(r"'([^']+)'(:\*)?")

#: the lengths' trigger function (made again by pg_copies' part in a corpus made before,
#: whose function gave an empty vector no length)
LENGTH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION cable_reader_length() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO cable_lengths VALUES (NEW.key, {LENGTH.format(v="NEW.v")})
        ON CONFLICT (key) DO UPDATE SET n = excluded.n;
    RETURN NULL;
END $$"""

_SCHEMA = f"""
CREATE TABLE cable_lengths (      -- of cable_rank's vectors: made and gone with them
    key bigint PRIMARY KEY REFERENCES cable_rank(key) ON DELETE CASCADE,
    n integer NOT NULL                -- positions in the cable's rank vector (cable_rank)
);
CREATE INDEX IF NOT EXISTS cables_subject_words ON cables
    USING gin ({SUBJECT_WORDS.format(c="")});
{LENGTH_FUNCTION};
CREATE TRIGGER cable_reader_length AFTER INSERT OR UPDATE OF v ON cable_rank
    FOR EACH ROW EXECUTE FUNCTION cable_reader_length();
INSERT INTO cable_lengths SELECT key, {LENGTH.format(v="v")} FROM cable_rank;
"""


def make_rank_bounds(conn: Any) -> None:
    """The lengths of a corpus that has none, and their trigger: by a role that owns the
    tables, in one transaction (the trigger made first holds back the indexers' new rank
    vectors until the lengths of those there are in)."""
    make_part(conn, "cable_lengths", [_SCHEMA], RANK_VERSION)


def bounded_query(words: str) -> bool:
    """The rank query ``words`` (pgstore.rank_query) has no prefix: the bounds above hold
    for it (calc_rank_or over its words, or calc_rank_and for one phrase alone)."""
    return ":*" not in words


def phrase_alone(words: str) -> bool:
    """One phrase alone: the terms of rank_query are joined by | (none in a term)."""
    return "<->" in words and " | " not in words


def bound_keys(read: Any, where: Any, words: str, k: int) -> list[int] | None:
    """The cables ``where`` (a condition on ``cables c``) matches that may be among its
    first ``k``, best first; None when no bound is found (every match to be ranked).
    ``read`` runs a query (PgIndex._read)."""
    lowest = _threshold(read, where, words, k)
    if lowest is None:
        return None
    if phrase_alone(words):  # below 1 / log2(n + 1), the phrase in the subject or not
        (keys,) = read(
            f"SELECT array(SELECT c.key FROM cables c LEFT JOIN cable_lengths l ON"
            f" l.key = c.key WHERE {where.sql} AND (l.n IS NULL OR l.n <= %s))",
            (*where.params, _most(_MARGIN / lowest)),
        ).fetchone()
        return list(keys)
    # 0.1 / log2(n + 1) < t  <=>  n > 2^(0.1 / t) - 1; a cable of more positions is left out
    body, title = (_most(_MARGIN * weight / lowest) for weight in (0.1, 1.0))
    # the cables with the words in their subject found once, through their index, not by
    # making each candidate's subject vector (200 ms for 8,680 candidates at 25,810 cables);
    # the keys found apart from the ranking: in one statement, the planner ranked every
    # match and left the others out after (2 s for 84,071 at 250,000)
    titled = f"SELECT s.key FROM cables s WHERE {SUBJECT_WORDS.format(c='s.')} @@ %s::tsquery"
    # calc_rank_or counts each word of a phrase among other terms as a word: a subject with
    # one of them, not the phrase, counts up to 1 for it
    any_word = words.replace(" <-> ", " | ")
    (keys,) = read(
        f"SELECT array(SELECT c.key FROM cables c LEFT JOIN cable_lengths l ON l.key = c.key"
        f" WHERE {where.sql} AND (l.n IS NULL OR l.n <= %s OR (l.n <= %s AND c.key IN"
        f" ({titled}))))",
        (*where.params, body, title, any_word),
    ).fetchone()
    return list(keys)


def kept_bound_keys(
    read: Any, keys: Sequence[int], lengths: np.ndarray, words: str, k: int
) -> list[int] | None:
    """As bound_keys, over the matching ``keys`` known here and the cables' numbers of
    positions read before (``lengths``, by key; -1 or past its end: not known, a cable
    added since, kept as one without a length is): the subjects' index asked for the keys
    with the query's terms, the bound taken in numpy, not in statements that test every
    cable's key against the matches (100-250 ms at 100,000 cables); the same keys."""
    found = np.asarray(keys, np.int64)
    n = _lengths_of(found, lengths)
    titled = _subject_keys(read, words)
    among = np.isin(found, titled) & (n >= 0)
    if int(among.sum()) < k:
        return None
    lowest = _lowest_rank(read, words, found[among][np.argpartition(n[among], k - 1)[:k]])
    if not lowest:
        return None
    unknown = n < 0
    if phrase_alone(words):
        return found[unknown | (n <= _most(_MARGIN / lowest))].tolist()
    body, title = (_most(_MARGIN * weight / lowest) for weight in (0.1, 1.0))
    any_word = words.replace(" <-> ", " | ")
    subject = titled if any_word == words else _subject_keys(read, any_word)
    return found[unknown | (n <= body) | ((n <= title) & np.isin(found, subject))].tolist()


def _lengths_of(found: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The numbers of positions of the cables ``found`` (keys), -1 where not known here."""
    n = np.full(len(found), -1, np.int64)
    inside = found < len(lengths)
    n[inside] = lengths[found[inside]]
    return n


def _lowest_rank(read: Any, words: str, keys: np.ndarray) -> float | None:
    """The lowest rank of the cables ``keys`` for the rank query ``words``."""
    (lowest,) = read(
        f"SELECT min({KEPT_RANK}) FROM cables c"
        " LEFT JOIN cable_rank r ON r.key = c.key WHERE c.key = ANY(%s)",
        (words, keys.tolist()),
    ).fetchone()
    return float(lowest) if lowest is not None else None


def _subject_keys(read: Any, words: str) -> np.ndarray:
    """The keys of the cables whose subject matches ``words``, through its index."""
    (keys,) = read(
        f"SELECT array(SELECT s.key FROM cables s WHERE {SUBJECT_WORDS.format(c='s.')}"
        " @@ %s::tsquery)",
        (words,),
    ).fetchone()
    return np.asarray(keys, np.int64)


def kept_lengths(read: Any) -> np.ndarray:
    """Every cable's number of positions (cable_lengths) by key, -1 for a key without."""
    (keys, counts) = read(
        "SELECT coalesce(array_agg(key), '{}'), coalesce(array_agg(n), '{}') FROM cable_lengths"
    ).fetchone()
    at = np.asarray(keys, np.int64)
    lengths = np.full(int(at.max()) + 1 if len(at) else 0, -1, np.int64)
    lengths[at] = np.asarray(counts, np.int64)
    return lengths


def _threshold(read: Any, where: Any, words: str, k: int) -> float | None:
    """t: the lowest rank of the ``k`` cables ``where`` matches that have the query's terms
    in their subject and the fewest positions; None when fewer than ``k`` have them."""
    subject = SUBJECT_WORDS.format(c="c.")
    rank = KEPT_RANK
    found, lowest = read(
        f"SELECT count(*), min({rank}) FROM (SELECT c.key, c.subject, c.tsv FROM cables c"
        f" JOIN cable_lengths l ON l.key = c.key WHERE {where.sql} AND {subject} @@"
        " %s::tsquery ORDER BY l.n LIMIT %s) c LEFT JOIN cable_rank r ON r.key = c.key",
        (words, *where.params, words, k),
    ).fetchone()
    return float(lowest) if found >= k and lowest else None


def prefix_bound_keys(read: Any, where: Any, words: str, k: int) -> list[int] | None:
    """As bound_keys, for a rank query ``words`` with a prefix among its terms (the
    module's docstring says how): None when no bound is found. The table of the corpus's
    words (pg_words) must be there."""
    lexemes = _prefix_lexemes(read, words)
    if lexemes is None:
        return None
    size, common, rare = lexemes
    # the cables with a lexeme of the query in their subject, or a rare one: each one's
    # bound from what it has (a: what its subject's lexemes of the query count at most, over
    # the number of terms; r: its rare lexemes), in float8 (not numeric: 10 times faster)
    subject = SUBJECT_WORDS.format(c="s.")
    union = " UNION ALL ".join(["SELECT key FROM cables WHERE tsv @@ %s::tsquery"] * len(rare))
    counted = (
        f"SELECT coalesce(t.key, r.key) AS key, coalesce(t.a, 0) AS a, coalesce(r.r, 0) AS r"
        f" FROM (SELECT s.key, {_IN_SUBJECT.format(v=subject)} AS a FROM cables s"
        f" WHERE {subject} @@ %s::tsquery) t FULL JOIN "
        + (f"(SELECT key, count(*) AS r FROM ({union}) u GROUP BY key)" if rare else
           "(SELECT NULL::bigint AS key, 0 AS r WHERE false)")
        + " r ON r.key = t.key"
    )  # fmt: skip
    rank = KEPT_RANK
    # t: the lowest rank of the k of them whose bounds are highest
    found, lowest, kept = read(
        f"WITH x AS MATERIALIZED (SELECT c.key, (k.a + 0.1::float8 * (%s + k.r) / %s)"
        f" / (ln((l.n + 1)::float8) / ln(2::float8)) AS b FROM {_as_cables(counted, where)}"
        f" JOIN cable_lengths l ON l.key = c.key WHERE {where.sql} AND l.n > 0),"
        f" top AS (SELECT count(*) AS found, min({rank}) AS t FROM (SELECT key FROM x"
        f" ORDER BY b DESC LIMIT %s) y JOIN cables c ON c.key = y.key"
        f" LEFT JOIN cable_rank r ON r.key = c.key)"
        f" SELECT top.found, top.t, array(SELECT x.key FROM x WHERE x.b * %s >= top.t)"
        f" FROM top",
        (
            common, size,
            words, words.replace(" <-> ", " | "), *(f"'{w}'" for w in rare),
            *where.params, words, k, _MARGIN,
        ),
    ).fetchone()  # fmt: skip
    if found < k or not lowest:
        return None
    # the others: none of the query's lexemes in the subject, none of the rare ones:
    # 0.1 * common / s / log2(n + 1) < t  <=>  n > 2^(0.1 * common / s / t) - 1
    (short,) = read(
        f"SELECT array(SELECT c.key FROM cables c LEFT JOIN cable_lengths l ON l.key = c.key"
        f" WHERE {where.sql} AND (l.n IS NULL OR l.n <= %s))",
        (*where.params, _most(0.1 * common * _MARGIN / size / lowest)),
    ).fetchone()
    return list({*kept, *short})


def _prefix_lexemes(read: Any, words: str) -> tuple[int, int, list[str]] | None:
    """For a rank query ``words`` with a prefix: its number of terms, the number of its
    lexemes counted as if every cable held them (its words, and its prefixes' lexemes the
    statistics list among the text's most common) and its prefixes' other lexemes, the rare
    ones; None when these are too many to look up one by one."""
    terms = TERM.findall(words)
    prefixes = sorted({t for t, star in terms if star})
    # PostgreSQL ranks each term once (two of one lexeme, a prefix or not: one term)
    size = len({t for t, _ in terms})
    plain = [t for t in dict.fromkeys(t for t, _ in terms) if t not in prefixes]
    # the lexemes the statistics list among the text's most common (any may be counted)
    (listed,) = read(
        "SELECT array(SELECT e FROM pg_stats s, unnest(s.most_common_elems::text::text[]) e"
        " WHERE s.schemaname = current_schema() AND s.tablename = 'cables'"
        " AND s.attname = 'tsv' AND e LIKE ANY(%s))",
        ([f"{p}%" for p in prefixes],),
    ).fetchone()
    common, rare = len(plain), []
    for prefix in prefixes:  # one by one: the index of words finds a constant's range
        lexemes = [w for (w,) in read("SELECT word FROM words WHERE word LIKE %s", (f"{prefix}%",))]
        common += sum(w in listed for w in lexemes)
        rare += [w for w in lexemes if w not in listed]
    return None if len(rare) > _RARE_MOST else (size, common, rare)


def kept_prefix_bound_keys(
    read: Any, keys: Sequence[int], lengths: np.ndarray, words: str, k: int
) -> list[int] | None:
    """As prefix_bound_keys, over the matching ``keys`` known here and the cables' numbers
    of positions read before (``lengths``, as kept_bound_keys): what the subjects' lexemes
    count (a) and the cables of each rare lexeme asked of the indexes, the bounds taken in
    numpy, not in statements that test every cable's key against the matches (0.9 s and
    0.3 s for minist*'s 207,986 cables at 250,000); the same pages."""
    lexemes = _prefix_lexemes(read, words)
    if lexemes is None:
        return None
    size, common, rare = lexemes
    found = np.unique(np.asarray(keys, np.int64))  # sorted, for _among
    n = _lengths_of(found, lengths)
    subject = SUBJECT_WORDS.format(c="s.")
    titled, counts = read(
        f"SELECT coalesce(array_agg(s.key), '{{}}'), coalesce(array_agg("
        f"{_IN_SUBJECT.format(v=subject)}), '{{}}') FROM cables s WHERE {subject} @@ %s::tsquery",
        (words, words.replace(" <-> ", " | ")),
    ).fetchone()
    a, in_subject = np.zeros(len(found)), np.zeros(len(found), bool)
    at, hit = _among(found, np.asarray(titled, np.int64))
    a[at[hit]] = np.asarray(counts, np.float64)[hit]
    in_subject[at[hit]] = True
    r = np.zeros(len(found))
    if rare:
        union = " UNION ALL ".join(["SELECT key FROM cables WHERE tsv @@ %s::tsquery"] * len(rare))
        (held,) = read(f"SELECT array(SELECT key FROM ({union}) u)",
                       tuple(f"'{w}'" for w in rare)).fetchone()  # fmt: skip
        rare_keys, times = np.unique(np.asarray(held, np.int64), return_counts=True)
        at, hit = _among(found, rare_keys)
        r[at[hit]] = times[hit]
    # the cables with a lexeme of the query in their subject or a rare one, and a length
    counted = (in_subject | (r > 0)) & (n > 0)
    if int(counted.sum()) < k:
        return None
    among = np.flatnonzero(counted)
    b = np.zeros(len(found))
    b[among] = (a[among] + 0.1 * (common + r[among]) / size) / (
        np.log(n[among] + 1.0) / np.log(2.0)
    )
    lowest = _lowest_rank(read, words, found[among[np.argpartition(-b[among], k - 1)[:k]]])
    if not lowest:
        return None
    # the others, as prefix_bound_keys: none of the query's lexemes in the subject, none
    # of the rare ones, and short enough; every cable whose length is not known here
    short = n <= _most(0.1 * common * _MARGIN / size / lowest)
    return found[(counted & (b * _MARGIN >= lowest)) | short].tolist()


def _among(found: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``keys`` stands in ``found`` (sorted), and whether it is there."""
    at = np.searchsorted(found, keys)
    hit = np.zeros(len(keys), bool)
    inner = at < len(found)
    hit[inner] = found[at[inner]] == keys[inner]
    return at, hit


def _as_cables(rows: str, where: Any) -> str:
    """The ``rows`` (a statement of keys, and more) as ``k``, with ``c`` for a condition
    ``where`` on ``cables c``: the rows' own keys when it reads nothing else of a cable (the
    kept keys' bitmap: 200 ms less for 20,042 rows at 100,000 cables, each one's key looked
    up in the keys' index), else the cables joined."""
    if "c." not in where.sql.replace("c.key", ""):
        return f"({rows}) k CROSS JOIN LATERAL (SELECT k.key) c(key)"
    return f"({rows}) k JOIN cables c ON c.key = k.key"


def _most(exponent: float) -> int:
    """The number of positions n up to which 2^exponent - 1 >= n (rounded up, capped)."""
    if exponent >= 31:
        return _LARGEST
    return min(_LARGEST, math.ceil(2**exponent))
