"""The index of word pairs finds a phrase exactly where the text's vector does (pg_phrases),
including where the vector's positions run out; and the store uses it.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import random

import psycopg
import pytest

from reader.query.query import Filter
from reader.query.querysyntax import Phrase
from reader.team.pg_phrases import pair_condition, pairs_of
from reader.team.pgstore import PgIndex, _tsquery, words

#: texts a phrase is hard to find in: a word twice in a row, a word past position 16,383
#: (where PostgreSQL stops counting: every later word is at 16,383), a word more than 256
#: times (the vector keeps its first 256 positions)
_LONG = " ".join(f"w{n % 5000}" for n in range(17_000)) + " prime minister"
_TEXTS = {
    "twice": "the minister minister of the prime minister said",
    "long": _LONG,
    "many": " ".join(["prime", "x"] * 300) + " prime minister",
    "apart": "minister of state and prime of life",
    "digits": "resolution 1701 of 2006 and 1701 again",
}


def _phrases(rng: random.Random) -> list[str]:
    """Phrases of two to four words: the texts' own runs of words, and words put together
    that stand apart in them (or not at all)."""
    found: list[str] = []
    for text in _TEXTS.values():
        ws = words(text)
        for _ in range(30):
            n, start = rng.randint(2, 4), rng.randrange(len(ws))
            found.append(" ".join(ws[start : start + n]))
            found.append(" ".join(rng.choice(ws) for _ in range(n)))
    found += ["prime minister", "minister minister", "minister of", "w4999 w0", "w16382 w16383"]
    return [p for p in dict.fromkeys(found) if " " in p]


def test_the_pairs_find_a_phrase_where_the_vector_does(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        PgIndex.open(pg_url).close()  # the tables, the pairs' function and index
        conn.execute("CREATE TABLE t (name text, tsv tsvector)")
        for name, text in _TEXTS.items():
            conn.execute(
                "INSERT INTO t VALUES (%s, to_tsvector('simple', %s))",
                (name, " ".join(words(text))),
            )
        checked = 0
        for phrase in _phrases(random.Random(21)):
            expr = _tsquery(Phrase(phrase))
            sql, params = pair_condition("t", expr) or ("", ())
            by_pairs = conn.execute(
                f"SELECT array_agg(name ORDER BY name) FROM t WHERE {sql}", params
            ).fetchone()[0]
            by_vector = conn.execute(
                "SELECT array_agg(name ORDER BY name) FROM t WHERE tsv @@ %s::tsquery", (expr,)
            ).fetchone()[0]
            assert by_pairs == by_vector, phrase
            checked += by_vector is not None
        assert checked > 20  # most phrases are found somewhere: the comparison says something


def test_a_phrase_is_its_pairs_and_a_word_has_none() -> None:
    assert pairs_of("'prime' <-> 'minister' <-> 'said'") == ["prime minister", "minister said"]
    assert pairs_of("'minist':*") is None
    assert pairs_of("'nuclear'") is None
    # two words: the pair alone answers; more: the pairs, then the vector
    assert pair_condition("c", "'a' <-> 'b'") == (
        "cable_word_pairs(c.tsv) @@ %s::tsquery",
        ("'a b'",),
    )
    sql, params = pair_condition("c", "'a' <-> 'b' <-> 'a' <-> 'b'") or ("", ())
    assert params == ("'a b' & 'b a'", "'a' <-> 'b' <-> 'a' <-> 'b'")
    assert "c.tsv @@" in sql


@pytest.mark.parametrize("query", ['"prime minister"', '"the prime minister"'])
def test_the_store_finds_a_phrase_through_the_pairs_index(pg_url: str, query: str) -> None:
    """The plan of a phrase's keys reads the pairs' index, not the text's alone."""
    with PgIndex.open(pg_url) as index:
        assert index._pairs
        w = index._condition(Filter(query))
        index._read("SET enable_seqscan = off")
        plan = "\n".join(
            r for (r,) in index._read(f"EXPLAIN SELECT c.key FROM cables c WHERE {w.sql}", w.params)
        )
        assert "cables_pairs" in plan


#: The pairs as first defined: the vector's positions unnested on each side of the join.
_JOINED_TWICE = """
SELECT array_to_tsvector(array(
    SELECT a.lexeme || ' ' || b.lexeme
    FROM (SELECT lexeme, unnest(positions) AS p FROM unnest(%(v)s::tsvector)) a
    JOIN (SELECT lexeme, unnest(positions) AS p FROM unnest(%(v)s::tsvector)) b
    ON b.p = a.p + 1))
"""


def test_the_pairs_are_those_of_the_first_definition(pg_url: str) -> None:
    """cable_word_pairs unnests the positions once (a cheaper insert): the same pairs as
    the join it replaced, for the hard texts and for random ones, so that an index made by
    either answers the same."""
    rng = random.Random(18)
    vocabulary = [f"v{n}" for n in range(40)]
    texts = list(_TEXTS.values()) + [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 400))) for _ in range(30)
    ]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        PgIndex.open(pg_url).close()  # the pairs' function
        for text in texts:
            sql = "SELECT to_tsvector('simple', %s)::text"
            (v,) = conn.execute(sql, (" ".join(words(text)),)).fetchone()
            (now,) = conn.execute("SELECT cable_word_pairs(%s::tsvector)::text", (v,)).fetchone()
            (first,) = conn.execute(f"SELECT ({_JOINED_TWICE})::text", {"v": v}).fetchone()
            assert now == first
            assert now != ""  # every text has two words side by side somewhere
