"""The cables of each facet value as bitmaps over keys, for counts in milliseconds.

A common value (at least 1/DENSE_SHARE of the cables) is a Python int used as a bitmap
(bit k set: cable k has the value); the common values are counted against a filter all
at once, as rows of one numpy matrix (bitcounts.py). A rare value is a sorted array of
keys, counted by looking each key up in the filter's byte-per-key table. The writer
stores both forms (``build``) at the end of a refresh; readers load them
(``Postings.load``) and use them until the index changes, unpacking each the first time
it is used.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, islice
from typing import TYPE_CHECKING, Any, TypeVar

from reader.index.database import IndexCorrupt
from reader.query.query import SORT_COLUMNS

if TYPE_CHECKING:  # numpy is loaded by the first facet count: a search alone never loads it
    import numpy as np

    from reader.index.bitcounts import BitCounts

__all__ = ["LIVE", "SORTS", "Postings", "bits_of", "bits_of_joined", "build", "in_order", "update"]

#: A value of at least this share of the cables (1/DENSE_SHARE) is kept as a bitmap.
DENSE_SHARE = 256
#: Pseudo value ids: every cable (LIVE), and key orders for the sorts of query.SORT_KEYS.
LIVE = 0
SORTS: dict[str, tuple[int, str]] = {
    name: (-1 - n, ", ".join(columns)) for n, (name, columns) in enumerate(SORT_COLUMNS.items())
}
_DENSE, _SPARSE = 0, 1
_BIT = bytes(1 << i for i in range(8))
#: a byte-per-key table as the digits of a base-2 number
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
#: byte value -> the 8 bytes 0/1 of its bits, low bit first
_EXPAND = [bytes((b >> i) & 1 for i in range(8)) for b in range(256)]


def bits_of(keys: Sequence[int]) -> int:
    """A bitmap with the bits of ``keys`` set."""
    if not keys:
        return 0
    last = keys[-1]  # the largest when they come sorted, as the full-text index gives them
    if len(keys) * 32 < last:  # few keys: set their bits one by one
        buf = bytearray((max(keys) >> 3) + 1)
        bit = _BIT
        for k in keys:
            buf[k >> 3] |= bit[k & 7]
        return int.from_bytes(buf, "little")
    # many: a byte per key (the simplest loop: the interpreter makes it fast), read as the
    # binary digits of the bitmap
    table = bytearray(last + 1)
    try:
        for k in keys:
            table[k] = 1
    except IndexError:  # not sorted after all
        table = bytearray(max(keys) + 1)
        for k in keys:
            table[k] = 1
    table.reverse()
    return int(table.translate(_DIGITS), 2)


def bits_of_joined(joined: str | None) -> int:
    """The bitmap of the keys of a ``group_concat(key)`` (decimal keys, ``,`` between).

    With numpy loaded (the facet counts load it; the window loads it when a folder is
    opened, IndexView.prepare), numpy reads the digits and sets a byte per key in C: 4 ms
    for the 208,000 keys of ``minist*`` at 250,000 cables, where ``json.loads`` and
    ``bits_of`` take 20. Without numpy (a search run as a command), not imported for this:
    its import costs more than it saves once."""
    if not joined:
        return 0
    np = sys.modules.get("numpy")
    if np is not None:
        bits = _bits_of_joined_numpy(joined, np)
        if bits is not None:
            return bits
    return bits_of(json.loads(f"[{joined}]"))


def _bits_of_joined_numpy(joined: str, np: Any) -> int | None:
    """``bits_of_joined`` in numpy; None when the text is not keys as expected (numpy's
    parser stops at the first thing that is not a number: every key is checked read)."""
    try:
        keys = np.fromstring(joined, dtype=np.int64, sep=",")
    except ValueError:  # (what numpy's warning of a text not read to its end becomes)
        return None
    if len(keys) != joined.count(",") + 1 or (len(keys) and int(keys.min()) < 0):
        return None
    table = np.zeros(int(keys.max()) + 1, dtype=np.uint8)
    table[keys] = 1
    return int.from_bytes(np.packbits(table, bitorder="little").tobytes(), "little")


def _pack(kind: int, keys: Sequence[int]) -> bytes:
    if kind == _DENSE:
        bits = bits_of(keys)
        return zlib.compress(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), 1)
    return zlib.compress(array("i", keys).tobytes(), 1)


def _dense_from(conn: sqlite3.Connection) -> int:
    """The count from which a value is kept as a bitmap."""
    return max(1, int(conn.execute("SELECT count(*) FROM cables").fetchone()[0]) // DENSE_SHARE)


def _keys_of_bits(bits: int) -> list[int]:
    keys = []
    for at, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            keys += [at * 8 + i for i in range(8) if byte >> i & 1]
    return keys


def _write_orders(conn: sqlite3.Connection) -> None:
    rows = []
    for vid, order in SORTS.values():
        ordered = [k for (k,) in conn.execute(f"SELECT key FROM cables ORDER BY {order}")]
        rows.append((vid, _SPARSE, len(ordered), _pack(_SPARSE, ordered)))
    conn.executemany("INSERT OR REPLACE INTO postings VALUES (?, ?, ?, ?)", rows)


def build(conn: sqlite3.Connection) -> None:
    """Write the postings of every facet value, every cable and the sort orders (inside
    the caller's transaction)."""
    dense_from = _dense_from(conn)
    conn.execute("DELETE FROM postings")
    by_value: dict[int, array[int]] = {}
    for key, vid in conn.execute("SELECT key, value_id FROM cable_values"):  # in key order
        found = by_value.get(vid)
        if found is None:
            found = by_value[vid] = array("i")
        found.append(key)
    rows: list[tuple[int, int, int, bytes]] = []
    for vid, of_value in by_value.items():
        kind = _DENSE if len(of_value) >= dense_from else _SPARSE
        rows.append((vid, kind, len(of_value), _pack(kind, of_value)))
        if len(rows) >= 500:
            conn.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", rows)
            rows.clear()
    by_value.clear()
    live = [k for (k,) in conn.execute("SELECT key FROM cables ORDER BY key")]
    rows.append((LIVE, _DENSE, len(live), _pack(_DENSE, live)))
    conn.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", rows)
    _write_orders(conn)


def update(
    conn: sqlite3.Connection, added: dict[int, list[int]], removed: dict[int, list[int]]
) -> None:
    """Bring the postings up to date with the keys each value (and LIVE) gained and lost
    since they were made; the sort orders are made again."""
    dense_from = _dense_from(conn)
    changed = sorted(set(added) | set(removed))
    old: dict[int, tuple[int, bytes]] = {}
    for i in range(0, len(changed), 500):
        part = changed[i : i + 500]
        marks = ",".join("?" * len(part))
        for vid, kind, packed in conn.execute(
            f"SELECT value_id, kind, packed FROM postings WHERE value_id IN ({marks})", part
        ):
            old[vid] = (kind, packed)
    rows: list[tuple[int, int, int, bytes]] = []
    gone: list[tuple[int]] = []
    for vid in changed:
        plus, minus = added.get(vid, []), removed.get(vid, [])
        kind, packed = old.get(vid, (_SPARSE, b""))
        if kind == _DENSE:
            bits = _bitmap(packed) | bits_of(plus)
            if minus:
                bits &= ~bits_of(minus)
            count = bits.bit_count()
            if count >= dense_from or vid == LIVE:
                data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
                rows.append((vid, _DENSE, count, zlib.compress(data, 1)))
                continue
            keys = _keys_of_bits(bits)
        else:
            had = array("i")
            if packed:
                had = _keys(packed)
            keys = sorted((set(had) | set(plus)) - set(minus))
        if not keys:
            gone.append((vid,))
            continue
        kind = _DENSE if len(keys) >= dense_from else _SPARSE
        rows.append((vid, kind, len(keys), _pack(kind, keys)))
    conn.executemany("DELETE FROM postings WHERE value_id = ?", gone)
    conn.executemany("INSERT OR REPLACE INTO postings VALUES (?, ?, ?, ?)", rows)
    _write_orders(conn)


_K = TypeVar("_K")
_V = TypeVar("_V")
#: the keys of some rare values one after another, the values, and where each one's begin
_Picker = tuple[
    "np.ndarray[Any, np.dtype[np.int32]]", list[int], "np.ndarray[Any, np.dtype[np.int64]]"
]
#: Sets of value ids whose rare keys are kept ready for counting (Postings.counts).
PICKERS_KEPT = 16


class Unpacked(Mapping[_K, _V]):
    """Packed postings, each unpacked the first time it is asked for: a query needs a few
    of them (the first view: every cable and one sort order), the facet counts all."""

    def __init__(self, packed: dict[_K, bytes], unpack: Callable[[bytes], _V]) -> None:
        self._packed = packed
        self._unpack = unpack
        self._done: dict[_K, _V] = {}

    def __getitem__(self, key: _K) -> _V:
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = self._unpack(self._packed[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __iter__(self) -> Iterator[_K]:
        return iter(self._packed)

    def packed(self, key: _K) -> bytes:
        """The posting as stored, not unpacked here."""
        return self._packed[key]

    def __len__(self) -> int:
        return len(self._packed)


def _unpacked(packed: bytes) -> bytes:
    """The bytes of a posting; IndexCorrupt when the blob is damaged (zlib's check finds a
    flipped bit that SQLite, which sees only bytes, cannot)."""
    try:
        return zlib.decompress(packed)
    except zlib.error as exc:
        raise IndexCorrupt(f"a compressed list of cables is corrupt ({exc})") from exc


def _bitmap(packed: bytes) -> int:
    return int.from_bytes(_unpacked(packed), "little")


def _keys(packed: bytes) -> array[int]:
    keys = array("i")
    keys.frombytes(_unpacked(packed))
    return keys


class Postings:
    """The postings of one state of the index, read-only."""

    def __init__(
        self,
        live: int,
        orders: Mapping[str, array[int]],
        dense: Mapping[int, int],
        sparse: Mapping[int, array[int]],
    ) -> None:
        self.live = live
        self.orders = orders
        self.dense = dense
        self.sparse = sparse
        self.size = max(self.live.bit_length(), 1)
        #: for the value ids of a count (every facet, or one facet's: a group counted
        #: without its own choices), the keys of their rare values one after another and
        #: where each value's are; the last few sets of ids asked for, oldest first
        self._rare: dict[tuple[int, ...], _Picker] = {}
        #: every common value's bitmap, a row of one matrix: made at the first count
        self._common: BitCounts | None = None

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Postings:
        dense: dict[int, bytes] = {}
        sparse: dict[int, bytes] = {}
        for vid, kind, _, packed in conn.execute("SELECT * FROM postings"):
            (dense if kind == _DENSE else sparse)[vid] = packed
        live = _bitmap(dense.pop(LIVE)) if LIVE in dense else 0
        orders = {name: sparse.pop(vid) for name, (vid, _) in SORTS.items() if vid in sparse}
        return cls(live, Unpacked(orders, _keys), Unpacked(dense, _bitmap), Unpacked(sparse, _keys))

    def of_values(self, ids: Iterable[int]) -> int:
        """The cables with any of the values ``ids``."""
        bits = 0
        rare: list[int] = []
        for vid in ids:
            if vid in self.dense:
                bits |= self.dense[vid]
            elif vid in self.sparse:
                rare.extend(self.sparse[vid])
        return bits | bits_of(rare) if rare else bits

    def table(self, match: int) -> bytes:
        """The byte-per-key table of ``match``: table[k] is 1 when cable k matches."""
        packed = match.to_bytes((self.size + 7) // 8, "little")
        return b"".join([_EXPAND[b] for b in packed])

    def counts(self, match: int, table: bytes, ids: Iterable[int]) -> dict[int, int]:
        """How many matching cables have each value of ``ids``."""
        ids = tuple(ids)
        picker = self._rare.pop(ids, None)
        if picker is None:
            picker = self._rare_keys(ids)
            if len(self._rare) >= PICKERS_KEPT:
                del self._rare[next(iter(self._rare))]
        self._rare[ids] = picker  # now the newest
        out: dict[int, int] = dict.fromkeys(ids, 0)
        common = [vid for vid in ids if vid in self.dense]
        if common:
            out.update(zip(common, self._common_counts().counts(match, common), strict=True))
        keys, rare, bounds = picker
        if rare:
            import numpy as np

            # the table's byte at every key of every rare value, summed a value at a time
            picked = np.frombuffer(table, dtype=np.uint8)[keys]
            running = np.concatenate(([0], np.cumsum(picked, dtype=np.int64)))
            found = running[bounds[1:]] - running[bounds[:-1]]
            out.update(zip(rare, found.tolist(), strict=True))
        return out

    def _common_counts(self) -> BitCounts:
        if self._common is None:
            from reader.index.bitcounts import BitCounts

            dense, nbytes = self.dense, (self.size + 7) // 8

            def bytes_of(vid: int) -> bytes:
                if isinstance(dense, Unpacked):  # straight from the stored bytes
                    return _unpacked(dense.packed(vid))
                return dense[vid].to_bytes(max(nbytes, (dense[vid].bit_length() + 7) // 8),
                                           "little")

            self._common = BitCounts(list(dense), bytes_of, self.size)
        return self._common

    def _rare_keys(self, ids: tuple[int, ...]) -> _Picker:
        """The keys of every rare value of ``ids``, one value after another (counted in one
        pass in C, not a loop per value), the values, and where each one's keys begin (and
        the last ends)."""
        import numpy as np

        rare = list(dict.fromkeys(vid for vid in ids if vid in self.sparse))
        parts = [np.frombuffer(self.sparse[vid], dtype=np.int32) for vid in rare]
        sizes = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        bounds = np.concatenate(([0], np.cumsum(sizes)))
        keys = np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
        return keys, rare, bounds

    def ordered(
        self,
        table: bytes,
        sort: str,
        *,
        descending: bool,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[int]:
        """Matching keys in the order of ``sort``, a page of them."""
        return in_order(self.orders[sort], table, descending=descending, offset=offset, limit=limit)


def in_order(
    order: Sequence[int],
    table: bytes,
    *,
    descending: bool,
    offset: int = 0,
    limit: int | None = None,
) -> list[int]:
    """The keys of ``order`` that ``table`` marks, in that order (or its reverse), a page of
    them: a sort order of the postings, or the relevance order of a query (store.py)."""
    keys: Iterable[int] = reversed(order) if descending else order
    picked = compress(keys, map(table.__getitem__, reversed(order) if descending else order))
    end = None if limit is None else offset + limit
    return list(islice(picked, offset, end))
