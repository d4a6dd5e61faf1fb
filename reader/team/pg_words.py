"""The words the corpus's texts hold, one row each: where a word no cable holds finds its
nearest words (``nucler`` -> nuclear), as a folder's index finds them in its vocabulary.

``words`` holds every lexeme of every cable's ``tsv`` (the text's words as pgstore.words
cuts them, which is what a query's word is looked up as), in the "C" collation, so that
the words that begin with two letters are one range of its key. Nothing else: how many
cables hold a word is not kept (the GIN index says whether any does).

Filled by a statement-level trigger on ``cables``: each INSERT (an indexer's batch, one
statement) adds the words of the cables it made, in the same transaction, so that a word
is there exactly when a cable that holds it is, whatever wrote the cables (an indexer of
an earlier version too). The batch's new words go in sorted, so that two indexers adding
the same new words wait for each other in one order, never in a circle; a word the other
is adding waits for its commit and is then found there; a text replaced by a better copy
of its cable (pg_copies) adds its words the same way. Cables are never deleted, so a word
never has to go (a replaced text's words stay: a nearest word may be one no cable holds).
The function runs as the owner (SECURITY DEFINER): an indexer granted INSERT on ``cables``
needs no grant on ``words``.

A corpus made before (schema 5 or earlier) gets the table from the first role that owns
``cables`` (PgIndex.open), filled from every cable's vector in one transaction that holds
off the writers meanwhile (SHARE on ``cables``): no cable's words are left out, whether it
was committed before the fill or waited for it.
"""

from __future__ import annotations

from typing import Any

from reader.team.pg_schema import make_part

__all__ = ["WORDS_VERSION", "make_words", "words_like"]

#: meta 'schema' once the words' table exists and is filled
WORDS_VERSION = 6

_SCHEMA = """
CREATE TABLE words (word text COLLATE "C" PRIMARY KEY);
CREATE OR REPLACE FUNCTION cable_reader_words() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO words
        SELECT DISTINCT w COLLATE "C" FROM added, unnest(tsvector_to_array(added.tsv)) w
        ORDER BY 1
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER cable_reader_words AFTER INSERT ON cables REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION cable_reader_words();
CREATE TRIGGER cable_reader_words_replaced AFTER UPDATE ON cables
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cable_reader_words();
"""
#: the words of every cable already there (the trigger adds those of cables to come)
_FILL = """
INSERT INTO words
    SELECT DISTINCT w COLLATE "C" FROM cables, unnest(tsvector_to_array(tsv)) w ORDER BY 1
"""


def make_words(conn: Any) -> None:
    """The words' table of a corpus that has none, filled, with its trigger: by a role that
    owns ``cables``, in one transaction; the writers wait for it (SHARE lock), so that a
    cable is either in the fill or adds its words through the trigger."""
    # the distinct words of 250,000 vectors: sorted in memory, not on disk
    steps = ["LOCK TABLE cables IN SHARE MODE", "SET LOCAL work_mem = '256MB'", _SCHEMA, _FILL]
    make_part(conn, "words", steps, WORDS_VERSION)


#: the highest code point: a bound above every word that begins with a given start
_LAST = "\U0010ffff"


def words_like(read: Any, word: str) -> list[str]:
    """The words of the corpus that begin with the first two letters of ``word`` (as the
    folder's index reads them from its vocabulary: store.CorpusIndex.words_not_in), in
    their order. ``read(sql, params)`` runs a statement (PgIndex._read)."""
    start = word[:2]
    return [
        w
        for (w,) in read(
            "SELECT word FROM words WHERE word >= %s AND word < %s ORDER BY word",
            (start, start + _LAST),
        )
    ]
