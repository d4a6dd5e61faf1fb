"""The team store's facet counts without a pass over every (cable, value) row.

``cable_values`` holds one row per (cable, value): about 15 a cable, 3.6 million at 250,000
cables. Counting the values of the cables a filter matches by joining it was most of an
answer's time, whatever the filter. Here each cable's value ids also sit in one
``integer[]`` (``cable_vids``), so the counts of a filter unnest the arrays of the matching
cables only; and the counts of the whole corpus (the first view) are kept in
``value_counts``, made again at the end of each ``index --store``.

A filter's counts for the cables up to ``meta.counted`` are the set bits of the AND of each
value's bitmap (``value_bits``, made with the kept counts) with the bitmap of the matching
keys: some 800 AND/popcounts of 31 kB at 250,000 cables, whatever the number matching; the
cables added since are counted from their arrays.

The kept counts hold for the corpus as it was when they were made: ``meta.counted`` is the
highest cable key then. Counting takes a SHARE lock on ``cables``, so no indexer is between
taking a key and committing it; a cable committed later has a higher key. The counts are
used only while the highest key is still the one recorded, else the arrays are counted.

reference-not-in-folder (review.folder_checks) is left out of the arrays: every refresh
finds it again over the whole corpus, so it is counted from ``cable_values`` each time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "FACET_SCHEMA",
    "FACET_TABLES",
    "FACET_SCHEMA_VERSION",
    "RANK_VECTOR",
    "bitmap",
    "bits_text",
    "fill_cable_rank",
    "fill_cable_vids",
    "recount",
]

#: meta 'schema' once the tables below exist and are filled
FACET_SCHEMA_VERSION = 2

FACET_SCHEMA = """
CREATE TABLE IF NOT EXISTS cable_vids (
    key bigint PRIMARY KEY REFERENCES cables(key) ON DELETE CASCADE,
    vids integer[] NOT NULL           -- the cable's value ids but reference-not-in-folder
);
CREATE TABLE IF NOT EXISTS value_counts (
    value_id integer PRIMARY KEY,
    n bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS cables_by_date ON cables (date NULLS FIRST, id, key);
-- the annotations' cable_id is the upper-case ID: Read by / Starred by counts start from them
CREATE INDEX IF NOT EXISTS cables_upper_id ON cables (upper(id));
CREATE TABLE IF NOT EXISTS value_bits (
    value_id integer PRIMARY KEY,
    bits bit varying NOT NULL         -- bit k set: the cable of key k has the value
);
ALTER TABLE value_bits ALTER COLUMN bits SET STORAGE EXTERNAL;  -- read whole, not unpacked
CREATE TABLE IF NOT EXISTS cable_rank (
    key bigint PRIMARY KEY REFERENCES cables(key) ON DELETE CASCADE,
    v tsvector NOT NULL               -- RANK_VECTOR of the cable, made once
);
"""
#: the tables and indexes above, made from a corpus of schema 1 by the first role that may
FACET_TABLES = (
    "cable_vids",
    "value_counts",
    "value_bits",
    "cable_rank",
    "cables_by_date",
    "cables_upper_id",
)
#: What relevance ranks (pgstore._RANK): the subject's words weighted A, the text's D. Made
#: for each match of every relevance query it was most of the time of those queries (the
#: text's vector copied twice); kept in ``cable_rank``, it is read, not made.
RANK_VECTOR = "setweight(to_tsvector('simple', c.subject), 'A') || setweight(c.tsv, 'D')"


def fill_cable_vids(conn: Any, folder_check: str) -> None:
    """The arrays of the cables indexed before they were kept (a corpus of schema 1)."""
    conn.execute(
        "INSERT INTO cable_vids SELECT key, array_agg(value_id ORDER BY value_id)"
        " FROM cable_values WHERE value_id IS DISTINCT FROM (SELECT id FROM vals"
        " WHERE facet = 'check' AND value = %s) GROUP BY key ON CONFLICT DO NOTHING",
        (folder_check,),
    )


def fill_cable_rank(conn: Any, key: int | None = None) -> None:
    """The rank vectors of the cables that have none yet (or of the cable ``key``)."""
    where, params = ("c.key = %s", (key,)) if key is not None else ("true", ())
    conn.execute(
        f"INSERT INTO cable_rank SELECT c.key, {RANK_VECTOR} FROM cables c WHERE {where}"
        " AND NOT EXISTS (SELECT 1 FROM cable_rank r WHERE r.key = c.key)"
        " ON CONFLICT DO NOTHING",
        params,
    )


def recount(conn: Any) -> None:
    """Make the kept counts of the whole corpus again, in a transaction of their own."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(7712003)")  # one recount at a time
        # waits for the indexers' open transactions and holds new ones back while counting:
        # the highest key recorded then covers exactly the cables counted
        conn.execute("LOCK TABLE cables IN SHARE MODE")
        conn.execute("DELETE FROM value_counts")
        conn.execute(
            "INSERT INTO value_counts SELECT v, count(*) FROM cable_vids, unnest(vids) v GROUP BY v"
        )
        (top,) = conn.execute("SELECT coalesce(max(key), 0) FROM cables").fetchone()
        conn.execute("DELETE FROM value_bits")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO value_bits VALUES (%s, %s::varbit)",
                [(vid, bits_text(bits)) for vid, bits in _bitmaps(conn, top).items()],
            )
        conn.execute(
            "INSERT INTO meta VALUES ('counted', %s) ON CONFLICT (name)"
            " DO UPDATE SET value = excluded.value",
            (str(top),),
        )


def bitmap(keys: Iterable[int], top: int) -> bytearray:
    """Bit k set for each key k of ``keys`` up to ``top`` (the first bit the highest of
    the first byte, as PostgreSQL reads a bit string's hex)."""
    bits = bytearray(top // 8 + 1)
    for key in keys:
        if key <= top:
            bits[key >> 3] |= 0x80 >> (key & 7)
    return bits


def bits_text(bits: bytearray) -> str:
    return "x" + bits.hex()


def _bitmaps(conn: Any, top: int) -> dict[int, bytearray]:
    """value id -> the bitmap of the cables (keys up to ``top``) with it."""
    maps: dict[int, bytearray] = {}
    size = top // 8 + 1
    with conn.cursor("value_bits") as cur:  # read in parts: 3.6 million ids at 250,000
        cur.itersize = 20_000
        cur.execute("SELECT key, vids FROM cable_vids WHERE key <= %s", (top,))
        for key, vids in cur:
            byte, bit = key >> 3, 0x80 >> (key & 7)
            for vid in vids:
                found = maps.get(vid)
                if found is None:
                    found = maps[vid] = bytearray(size)
                found[byte] |= bit
    return maps
