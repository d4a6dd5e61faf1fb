"""Phrases found through an index of word pairs, not by reading every candidate's vector.

A phrase ``"prime minister"`` is ``'prime' <-> 'minister'`` on the text's ``tsvector``. The
GIN index on that vector knows which cables hold both words, not where: each of them (68,036
at 250,000 cables) was read out of TOAST to check the positions, 0.8-2 s for the keys.

Here a second GIN index holds, for each cable, the pairs of words that stand side by side
in its text (``'prime minister'`` one lexeme). It is an index on an expression of the
vector itself (``cable_word_pairs(tsv)``): no table to fill, the indexer's inserts keep it
as they keep the text's index, and the pairs are made from the vector's own positions, so
that ``'a b'`` is in the pairs exactly when ``'a' <-> 'b'`` matches the vector (two words
at positions p and p + 1; the same where PostgreSQL's vector runs out of positions, at
16,383, or keeps only a word's first 256). A phrase of two words is then one lookup in that
index with nothing read from the cables; a longer one asks for all its pairs and checks the
few cables that have them all against the vector, as before. The answers are the same.
"""

from __future__ import annotations

from typing import Any

from reader.team.pg_schema import make_part

__all__ = [
    "PAIRS_SCHEMA",
    "PAIRS_VERSION",
    "make_pair_index",
    "pair_condition",
    "pairs_of",
]

#: meta 'schema' once the pairs' index exists
PAIRS_VERSION = 3

#: The pairs of a vector: each lexeme at p with each at p + 1, as lexemes 'a b'
#: (array_to_tsvector drops the repeated ones). Immutable: it is an index's expression.
#: The vector's positions are unnested once and joined with themselves (MATERIALIZED: the
#: planner would otherwise unnest it twice, one pass of the two it costs per inserted
#: cable; the pairs are the same). The join keeps every lexeme sharing a position (past
#: 16,383 they all do), where ordering by position and taking the next one would not.
PAIRS_SCHEMA = """
CREATE OR REPLACE FUNCTION cable_word_pairs(v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH at AS MATERIALIZED (SELECT lexeme, unnest(positions) AS p FROM unnest(v))
    SELECT array_to_tsvector(array(
        SELECT a.lexeme || ' ' || b.lexeme FROM at a JOIN at b ON b.p = a.p + 1))
$$;
CREATE INDEX IF NOT EXISTS cables_pairs ON cables USING gin (cable_word_pairs(tsv));
"""


def make_pair_index(conn: Any) -> None:
    """The pairs' index of a corpus that has none (at 250,000 cables some minutes, as the
    text's own index): by a role that owns ``cables``, in one transaction, writers waiting."""
    # the pairs of 250,000 vectors are sorted into the index: in memory, not on disk
    settings = "SET LOCAL maintenance_work_mem = '512MB'"
    make_part(conn, "cables_pairs", [settings, PAIRS_SCHEMA], PAIRS_VERSION)


def pairs_of(expr: str) -> list[str] | None:
    """The pairs of a phrase's tsquery text (pgstore._tsquery: ``'a' <-> 'b' <-> 'c'``) as
    lexemes ``a b``, ``b c``; None for a word or a prefix."""
    if " <-> " not in expr:
        return None
    parts = [p.strip("'") for p in expr.split(" <-> ")]
    return [f"{a} {b}" for a, b in zip(parts, parts[1:], strict=False)]


def pair_condition(alias: str, expr: str) -> tuple[str, tuple[Any, ...]] | None:
    """The condition on ``alias`` (a row of ``cables``) that the phrase ``expr`` matches,
    through the pairs' index; None when ``expr`` is no phrase. Two words: the pair alone,
    exact. More: every pair, and the vector checked on the cables that have them all."""
    pairs = pairs_of(expr)
    if pairs is None:
        return None
    query = " & ".join(f"'{p}'" for p in dict.fromkeys(pairs))
    found = f"cable_word_pairs({alias}.tsv) @@ %s::tsquery"
    if len(pairs) == 1:
        return found, (query,)
    return f"({found} AND {alias}.tsv @@ %s::tsquery)", (query, expr)
