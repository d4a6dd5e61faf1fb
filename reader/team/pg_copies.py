"""Which copy of a cable a team's corpus keeps: the one a folder's index keeps
(query.copy_order: the format preferred, then the longest text, the file and its row),
whichever copy an indexer met first.

The corpus keeps each cable once, by its canonical ID, and every copy's source in
``copies``. Before this, the first copy written stayed: a folder holding both the
release's bodies (``body-with-html``, no header) and its full texts kept the bodies of
3,201 of 6,711 cables, without their classification, TAGS or subject, where the same
folder's own index kept the full texts. Now ``copies.kept`` marks the copy the cable's row
was made from (one a cable: a unique index), and a copy that sorts before it replaces the
row, in the batch that brings it (pg_writer): the cable keeps its key, its facet values,
references and rank vector are made again from the better copy, and the kept counts are
made again at the end of the run, as after any batch.

A corpus made before gets the column from the first role that owns ``copies``
(PgIndex.open): the one copy of a cable that has one is its kept copy; of a cable that has
several, which one its row came from is not known, and a copy replaces it only if its
format is preferred to every copy's there (a full text over a body, whatever the order
they came in).
"""

from __future__ import annotations

from typing import Any

from reader.query.query import copy_order
from reader.team.pg_rank import LENGTH_FUNCTION
from reader.team.pg_rank_parts import SPLIT_FUNCTION
from reader.team.pg_schema import make_part

__all__ = [
    "COPIES_VERSION",
    "KEPT",
    "KEPT_INDEX",
    "LOCK",
    "better_copy",
    "make_kept_copies",
    "order_of",
]

#: meta 'schema' once ``copies.kept`` exists
COPIES_VERSION = 8

#: one kept copy a cable; also the name pg_schema.made looks for
KEPT_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS copies_kept ON copies (key) WHERE kept"

#: a text's words are the words' table's (pg_words) when an UPDATE replaced it too
WORDS_ON_UPDATE = """
DO $$ BEGIN
IF to_regclass('words') IS NOT NULL AND NOT EXISTS
    (SELECT 1 FROM pg_trigger WHERE tgname = 'cable_reader_words_replaced') THEN
    CREATE TRIGGER cable_reader_words_replaced AFTER UPDATE ON cables
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cable_reader_words();
END IF;
END $$
"""

#: the rows of the cables of the IDs given (``%s``: a list) locked, in the IDs' order (two
#: indexers wait for each other, never in a circle), before KEPT reads them
LOCK = "SELECT 1 FROM cables WHERE id = ANY(%s) ORDER BY id FOR UPDATE"
#: (id, key, format, chars, source, row, formats) of the kept copy of each cable of the IDs
#: given, as committed once LOCK has them (a statement of its own: it sees what another
#: indexer that held them made); a cable of a corpus made before with several copies has
#: no kept copy known: format NULL, and its copies' formats
KEPT = """
SELECT c.id, c.key, k.format, length(c.text), k.source, k.row,
    (SELECT array_agg(DISTINCT o.format) FROM copies o WHERE o.key = c.key AND k.key IS NULL)
FROM cables c LEFT JOIN copies k ON k.key = c.key AND k.kept WHERE c.id = ANY(%s)
"""


def make_kept_copies(conn: Any) -> None:
    """``copies.kept`` in a corpus made before, by a role that owns ``copies``."""
    steps = [
        "ALTER TABLE copies ADD COLUMN IF NOT EXISTS kept boolean NOT NULL DEFAULT false",
        "UPDATE copies SET kept = true WHERE key IN"
        " (SELECT key FROM copies GROUP BY key HAVING count(*) = 1)",
        KEPT_INDEX,
        WORDS_ON_UPDATE,
        # the functions that gave a cable of no words (a file of dots) no length: the run
        # stopped at its batch (made by pg_rank and pg_rank_parts in a new corpus)
        LENGTH_FUNCTION,
        SPLIT_FUNCTION,
    ]
    make_part(conn, "copies_kept", steps, COPIES_VERSION)


def order_of(fmt: str, chars: int, source: str, row: int | None) -> tuple[int, int, str, int]:
    """A copy's place in query.copy_order, the key left out (a corpus's copies are told
    apart by their sources)."""
    return copy_order(fmt, chars, source, row, 0)[:4]


def better_copy(new: tuple[int, int, str, int], kept: tuple[Any, ...]) -> bool:
    """Whether a copy of order ``new`` replaces the kept one, a row of KEPT after its id
    and key: (format, chars, source, row, formats). With no kept copy known, only a
    format preferred to each of the copies there does."""
    fmt, chars, source, row, formats = kept
    if fmt is None:
        ranks = [order_of(f, 0, "", None)[0] for f in formats or ()]
        return bool(ranks) and new[0] < min(ranks)
    return new < order_of(fmt, chars, source, row)
