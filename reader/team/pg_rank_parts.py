"""Relevance ranked from a sixteenth of each cable's rank vector, not the whole of it.

A relevance page ranks every cable its bound keeps (pg_rank) by ``ts_rank`` over the cable's
rank vector (``cable_rank``): some 10 kB a cable at 250,000 cables, read out of TOAST for each
one, most of a page's time (22 us a cable: ``rel nuclear`` keeps 4,947). Here each vector is
kept again in ``PARTS`` parts, by the first characters of its lexemes
(``cable_rank_parts``): a part is some 650 bytes, kept in the table's own pages, and a
query's lexemes are in one part or a few, which alone are read.

The rank is the same float. A query of words, prefixes, or phrases among other terms (the
rank query's root an OR: pgstore.rank_query) is ranked by ``calc_rank_or``: for each term,
what the vector's positions of its lexemes weigh, in their order, whatever the positions
themselves are; terms not found add nothing. The parts of the query's lexemes, joined,
hold those lexemes with the same positions, so ``ts_rank(parts, q, 0)`` is the same float;
normalization 1 then divides it by log2(1 + the whole vector's positions), which each
part keeps (as ``cable_lengths`` counts them), in double, and rounds it to float4, as
``ts_rank(v, q, 1)`` does.
A phrase alone (``calc_rank_and``, which reads the positions of every pair) and a prefix
of one letter (its lexemes in every part) are ranked from the whole vector, as before;
so is a cable without parts (its vector could not be split) or of no positions.

A lexeme's part is taken from its entry in the vector's text form (``'minister':12,40A``):
the first byte of the MD5 of the entry's first three characters, modulo ``PARTS``. The
lexemes that begin with the same two letters are in one part, so a prefix of two letters or
more is one part too. The split reads the vector's text form, entries parted by spaces
(the text's words and the subject's tokens hold none); a vector whose parts do not hold
all its lexemes is not split. The parts are made by a trigger as each rank vector is added
(pg_facets.fill_cable_rank, pg_writer), and for a corpus made before by the first role
that owns ``cable_rank`` (PgIndex.open: some minutes at 250,000 cables).
"""

from __future__ import annotations

import hashlib
from typing import Any

from reader.team.pg_facets import RANK_VECTOR
from reader.team.pg_rank import LENGTH, TERM, phrase_alone
from reader.team.pg_schema import make_part

__all__ = ["PARTS", "PARTS_VERSION", "make_rank_parts", "part_of", "parted_rank"]

#: meta 'schema' once the parts exist
PARTS_VERSION = 7
#: the parts of each vector
PARTS = 16
#: a query's parts joined at most (past that: the whole vector)
MOST_PARTS = 4

#: the PARTS parts of a vector (empty ones too), or none when they do not hold it all (made
#: again by pg_copies' part in a corpus made before, whose function gave an empty vector's
#: parts no length)
SPLIT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION cable_reader_split(whole tsvector)
RETURNS TABLE (part smallint, v tsvector, n integer)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    RETURN QUERY
    WITH x AS (
        SELECT get_byte(decode(md5(left(e, 3)), 'hex'), 0) % {PARTS} AS p,
               string_agg(e, ' ')::tsvector AS pv
        FROM string_to_table(whole::text, ' ') e GROUP BY 1)
    SELECT k::smallint, coalesce(x.pv, ''::tsvector), {LENGTH.format(v="whole")}
    FROM generate_series(0, {PARTS - 1}) k LEFT JOIN x ON x.p = k
    WHERE (SELECT coalesce(sum(length(x.pv)), 0) FROM x) = length(whole);
EXCEPTION WHEN OTHERS THEN
    RETURN;  -- an entry that is no vector alone: not split, ranked from the whole
END $$"""

_SCHEMA = f"""
CREATE TABLE cable_rank_parts (  -- of cable_rank's vectors: made and gone with them
    key bigint NOT NULL REFERENCES cable_rank(key) ON DELETE CASCADE,
    part smallint NOT NULL,
    v tsvector NOT NULL,
    n integer NOT NULL,  -- the whole vector's positions (cable_lengths), for normalization 1
    PRIMARY KEY (key, part)
);
{SPLIT_FUNCTION};
CREATE OR REPLACE FUNCTION cable_reader_rank_parts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM cable_rank_parts WHERE key = NEW.key;
    INSERT INTO cable_rank_parts SELECT NEW.key, s.part, s.v, s.n FROM cable_reader_split(NEW.v) s;
    RETURN NULL;
END $$;
CREATE TRIGGER cable_reader_rank_parts AFTER INSERT OR UPDATE OF v ON cable_rank
    FOR EACH ROW EXECUTE FUNCTION cable_reader_rank_parts();
INSERT INTO cable_rank_parts SELECT r.key, s.part, s.v, s.n FROM cable_rank r,
    LATERAL cable_reader_split(r.v) s;
"""


def make_rank_parts(conn: Any) -> None:
    """The parts of a corpus's rank vectors, and their trigger: by a role that owns
    ``cable_rank``, in one transaction (the trigger made first holds back the indexers' new
    vectors until the parts of those there are in)."""
    make_part(conn, "cable_rank_parts", [_SCHEMA], PARTS_VERSION)


def part_of(lexeme: str) -> int:
    """The part of the vectors that holds ``lexeme`` (and every lexeme it begins, when it
    has two letters or more), as cable_reader_split parts them: its entry as the vector's
    text form writes it (quotes and backslashes doubled), the first three characters."""
    entry = "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
    return hashlib.md5(entry[:3].encode("utf-8")).digest()[0] % PARTS


def parted_rank(words: str) -> tuple[str, str, int] | None:
    """For the rank query ``words``: the joins (to ``cables c``) and the expression of its
    rank read from the parts, and how many times the expression takes ``words`` as a
    parameter; None when it is ranked from the whole vector (a phrase alone, a prefix of
    one letter, more than MOST_PARTS parts). The expression is KEPT_RANK's float."""
    if phrase_alone(words):
        return None  # calc_rank_and, which reads the positions
    terms = TERM.findall(words)
    if not terms or any(star and len(lexeme) < 2 for lexeme, star in terms):
        return None
    parts = sorted({part_of(lexeme) for lexeme, _ in terms})
    if len(parts) > MOST_PARTS:
        return None
    joins = "".join(
        f" LEFT JOIN cable_rank_parts p{n} ON p{n}.key = c.key AND p{n}.part = {part}"
        for n, part in enumerate(parts)
    )
    vector = " || ".join(f"p{n}.v" for n in range(len(parts)))
    whole = (
        f"ts_rank(coalesce((SELECT r.v FROM cable_rank r WHERE r.key = c.key), {RANK_VECTOR}),"
        " %s::tsquery, 1)"
    )
    rank = (
        f"CASE WHEN p0.key IS NULL OR p0.n = 0 THEN {whole}"
        f" ELSE (ts_rank({vector}, %s::tsquery, 0)::float8"
        " / (ln((p0.n + 1)::float8) / ln(2::float8)))::float4 END"
    )
    return joins, rank, 2
