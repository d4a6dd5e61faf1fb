"""Phrases in long cables: the text's words again in overlapping chunks, where the cable's
one vector lost some of their positions.

PostgreSQL's ``tsvector`` keeps at most 255 positions of a lexeme and none past 16,383, so
``'the' <-> 'lead'`` cannot match a cable whose "the lead" comes after its 255th "the":
of the 6,709 cables of ``../shared/cables/text``, 111 have a lexeme past that bound, and a
phrase with a common word missed them where a folder's index (FTS5, no such bound) found
them (`benchmarks/store_parity.py`). For those cables only, the indexer keeps the words
again in chunks of CHUNK words, each overlapping the next by OVERLAP, each a vector of its
own that keeps every position; a phrase (a tsquery with ``<->``, no negation: the query
compiler makes one a term) matches a cable when its vector or one of its chunks matches it.
A phrase of more than OVERLAP words across a chunk's end is not found there.

A corpus made before gets the chunks from the first role that owns ``cables``
(PgIndex.open): the cables whose vector shows the bound (a lexeme with 255 positions, or a
position at 16,383) are read again, their texts cut into words as the indexer cuts them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from reader.team.pg_schema import make_part

__all__ = [
    "CHUNKS_SCHEMA",
    "add_chunks",
    "CHUNKS_VERSION",
    "CHUNK_KEYS",
    "chunks_of",
    "make_chunks",
]

#: meta 'schema' once the chunks exist
CHUNKS_VERSION = 9
#: words a chunk, and the words it shares with the next
CHUNK = 1000
OVERLAP = 50
#: the positions a tsvector keeps of one lexeme, and the last position it keeps
MOST_POSITIONS = 255
LAST_POSITION = 16383

CHUNKS_SCHEMA = """
CREATE TABLE IF NOT EXISTS cable_chunks (
    key bigint NOT NULL REFERENCES cables(key) ON DELETE CASCADE,
    chunk integer NOT NULL,
    tsv tsvector NOT NULL,
    PRIMARY KEY (key, chunk)
);
CREATE INDEX IF NOT EXISTS cable_chunks_tsv ON cable_chunks USING gin (tsv);
"""

#: the cables whose vector lost positions
_BOUNDED = f"""
SELECT key, text FROM cables c WHERE EXISTS (SELECT 1 FROM unnest(c.tsv) u
    WHERE array_length(u.positions, 1) >= {MOST_POSITIONS} OR {LAST_POSITION} = ANY(u.positions))
"""


def chunks_of(words: Sequence[str]) -> list[str]:
    """The chunks of a text's words (each the words joined by spaces), or none when its
    vector keeps every position (cut in the indexer's worker processes, with the words)."""
    if len(words) < MOST_POSITIONS or (
        len(words) <= LAST_POSITION and Counter(words).most_common(1)[0][1] < MOST_POSITIONS
    ):
        return []
    step = CHUNK - OVERLAP
    return [" ".join(words[at : at + CHUNK]) for at in range(0, len(words) - OVERLAP, step)]


#: the keys of the cables with a chunk matching the tsquery parameter
CHUNK_KEYS = "SELECT DISTINCT key FROM cable_chunks WHERE tsv @@ %s::tsquery"


def make_chunks(conn: Any) -> None:
    """The chunks of a corpus made before, by a role that owns ``cables``, the writers
    held back meanwhile (SHARE), so that a cable is either chunked here or by its indexer."""
    from reader.team.pgstore import words

    def fill(conn: Any) -> None:
        add_chunks(conn, [(key, chunks_of(words(text))) for key, text in conn.execute(_BOUNDED)])

    steps: list[str | Callable[[Any], None]] = [
        "LOCK TABLE cables IN SHARE MODE",
        CHUNKS_SCHEMA,
        fill,
    ]
    make_part(conn, "cable_chunks", steps, CHUNKS_VERSION)


def add_chunks(cur: Any, chunked: Sequence[tuple[int, Sequence[str]]]) -> None:
    """The chunks of the cables of ``chunked`` (key, chunks_of its words), in one statement
    (each chunk's vector made as the cable's own is, from its words)."""
    rows = [(key, n, c) for key, chunks in chunked for n, c in enumerate(chunks)]
    if rows:
        cur.execute(
            "INSERT INTO cable_chunks SELECT k, n, to_tsvector('simple', w)"
            " FROM unnest(%s::bigint[], %s::int[], %s::text[]) x(k, n, w)",
            ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]),
        )
