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

The same bitmaps find the cables of a filter made of facet values only (``tag:PREL``,
``class:secret -tag:PGOV``, a year chosen in the pane): the values' bitmaps ORed, ANDed and
negated in the database (``split_bits``) and the set bits read as keys here (``bits_keys``),
2 ms for the 70,516 cables of a tag at 100,000 cables against 259 ms for their rows of
``cable_values``. A NOT at the top (``-class:U``, a value excluded in the pane) sets the
bits of keys no cable has too (keys taken by copies of cables the corpus held): its keys
are kept among those of the cables counted, read once (35-40 ms for the 139,727 cables of
``-class:U`` at 250,000, against 264 ms by its condition). A team's corpus only ever adds
cables (``ON CONFLICT (id) DO NOTHING``, pg_writer), each above the highest key counted, so
the bitmaps stay those of the cables up to ``meta.counted``; the cables added since are
found by the filter's condition.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from reader.index.bitcounts import BitCounts
from reader.query.conditions import Both, Either, Plan, Values, Without

__all__ = [
    "KeptBits",
    "FACET_SCHEMA",
    "FACET_TABLES",
    "KEPT_RANK",
    "FACET_SCHEMA_VERSION",
    "RANK_VECTOR",
    "bitmap",
    "bits_keys",
    "bits_text",
    "fill_cable_rank",
    "fill_cable_vids",
    "keys_with_bits",
    "recount",
    "split_bits",
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
#: a cable's relevance to the tsquery parameter, its vector read from cable_rank (``r``, joined
#: to ``c``) where it has one
KEPT_RANK = f"ts_rank(coalesce(r.v, {RANK_VECTOR}), %s::tsquery, 1)"


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
    found = np.fromiter(keys, np.int64)
    bits = np.zeros(top + 1, bool)  # (in numpy: 10 ms for 207,986 keys, against 25 a key
    bits[found[found <= top]] = True  # at a time in Python)
    return bytearray(np.packbits(bits).tobytes())


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


#: the bit string of the cables with any of a list of values, up to the key counted; a value
#: no cable counted has (no row) as bits all 0, of the same length as the others
_ANY_OF = (
    "(SELECT coalesce(bit_or(b.bits), (SELECT z.bits # z.bits FROM value_bits z LIMIT 1))"
    " FROM value_bits b WHERE b.value_id = ANY(%s))"
)


def split_bits(
    plan: Plan, unkept: int | None
) -> tuple[Plan | None, tuple[str, tuple[Any, ...]], bool] | None:
    """``plan``'s facet values as an SQL expression of a bit string over the keys up to
    ``meta.counted`` (bit k set: the cable of key k matches), with the rest of the plan and
    whether only the bits of cables can be set: (None, bits, only) for a plan of facet
    values only, (rest, bits, True) for an AND of such values and other parts (words),
    whose cables the bits are kept among; None for any other plan. A value ``unkept``
    (reference-not-in-folder) is in no bitmap. A plan of values only that a key no cable
    has would match (a NOT at the top, ``-class:U``) sets the bits of such keys too: the
    bitmaps do not say which keys are cables, so its keys are kept among the cables'
    (``keys_with_bits``)."""
    found = _bits(plan, unkept)
    if found is not None:
        return None, (found[0], found[1]), found[2]
    if not isinstance(plan, Both):
        return None
    parts = [(p, _bits(p, unkept)) for p in plan.parts]
    valued = [b for _, b in parts if b is not None]
    rest = tuple(p for p, b in parts if b is None)
    if not valued:
        return None
    return (rest[0] if len(rest) == 1 else Both(rest)), _joined(" & ", valued), True


def _joined(op: str, parts: list[tuple[str, tuple[Any, ...], bool]]) -> tuple[str, tuple[Any, ...]]:
    """The bit strings of ``parts`` (_bits) joined by ``op`` (& or |), with their parameters."""
    return "(" + op.join(p[0] for p in parts) + ")", tuple(x for p in parts for x in p[1])


def _bits(plan: Plan, unkept: int | None) -> tuple[str, tuple[Any, ...], bool] | None:
    """(expression, parameters, whether only keys of cables can match) or None."""
    if isinstance(plan, Values):
        if unkept is not None and unkept in plan.ids:
            return None
        return _ANY_OF, (list(plan.ids),), True
    if isinstance(plan, Without):
        inner = _bits(plan.part, unkept)
        return None if inner is None else (f"~{inner[0]}", inner[1], False)
    if isinstance(plan, Both | Either):
        parts = [_bits(p, unkept) for p in plan.parts]
        if not parts or any(p is None for p in parts):
            return None
        found = [p for p in parts if p is not None]
        op, cables = (" & ", any) if isinstance(plan, Both) else (" | ", all)
        return (*_joined(op, found), cables(p[2] for p in found))
    return None


def bits_keys(bits: str, top: int) -> list[int]:
    """The keys up to ``top`` whose bits are set in ``bits``, a bit string as PostgreSQL
    writes it ("0110..."), bit k the key k (the bits past ``top`` fill the last byte: a NOT
    sets them)."""
    return np.flatnonzero(_flags(bits, top)).tolist()


def _flags(bits: str, top: int) -> np.ndarray:
    return np.frombuffer(bits.encode("ascii"), np.uint8)[: top + 1] == ord("1")


def keys_with_bits(keys: Sequence[int] | np.ndarray, bits: str, top: int) -> list[int]:
    """Those of ``keys`` up to ``top`` whose bits are set in ``bits`` (bits_keys)."""
    flags = _flags(bits, top)
    found = np.asarray(keys, np.int64)
    found = found[found < len(flags)]
    return found[flags[found]].tolist()


#: each byte of a PostgreSQL bit string (key k its bit 7 - k % 8) as BitCounts reads one
#: (key k its bit k % 8)
_REVERSED = np.array([int(f"{b:08b}"[::-1], 2) for b in range(256)], np.uint8)


class KeptBits:
    """Every value's bitmap of ``value_bits`` in the rows of one numpy matrix
    (index.bitcounts), read once (0.5 s for the 1,304 values of 100,000 cables) and used
    while the bitmaps are those of the same key counted: a filter's counts are then an AND
    and a popcount here (a few ms), not a statement (100-190 ms at 100,000 cables under
    load). ``rows``: (value id, the bit string in PostgreSQL's binary form)."""

    def __init__(self, top: int, rows: Sequence[tuple[int, bytes]]) -> None:
        self.top = top
        data = {
            vid: _REVERSED[np.frombuffer(raw, np.uint8, offset=4)].tobytes() for vid, raw in rows
        }
        self._ids = list(data)
        self._counts = BitCounts(self._ids, data.__getitem__, top + 1)

    def counts(self, keys: Sequence[int]) -> list[tuple[int, int]]:
        """(value id, how many of ``keys`` up to the key counted have it) of every value
        some have."""
        flags = np.zeros(self.top + 1, np.uint8)
        found = np.asarray(keys, np.int64)
        flags[found[found <= self.top]] = 1
        match = int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")
        counts = self._counts.counts(match, self._ids)
        return [(vid, n) for vid, n in zip(self._ids, counts, strict=True) if n]
