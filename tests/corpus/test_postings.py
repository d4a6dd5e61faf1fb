"""The bitmaps and key arrays of postings.py against plain sets."""

from __future__ import annotations

import random
import sqlite3
import zlib
from array import array

import pytest

from reader.corpus.postings import LIVE, SORTS, Postings, bits_of


def keys_of(bits: int) -> set[int]:
    return {k for k in range(bits.bit_length()) if bits >> k & 1}


@pytest.mark.parametrize(
    "keys",
    [
        [],
        [0],
        [7, 8, 9],
        [100_000],  # few keys far apart: set one by one
        list(range(0, 5000, 3)),  # many: the byte-per-key table
        [4999, 3, 3, 17, 0, 4999],  # unsorted, repeated
    ],
)
def test_bits_of_sets_exactly_the_bits_of_the_keys(keys: list[int]) -> None:
    assert keys_of(bits_of(keys)) == set(keys)


def test_bits_of_random_key_sets_of_every_density() -> None:
    rnd = random.Random(3)
    for share in (0.001, 0.03, 0.5, 1.0):
        keys = [k for k in range(20_000) if rnd.random() < share]
        rnd.shuffle(keys)
        assert keys_of(bits_of(keys)) == set(keys)


def _stored(rows: list[tuple[int, int, bytes]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE postings(value_id INTEGER PRIMARY KEY, kind, count, packed)")
    conn.executemany(
        "INSERT INTO postings VALUES (?, ?, 0, ?)",
        [(vid, kind, zlib.compress(data)) for vid, kind, data in rows],
    )
    return conn


def test_counts_of_common_and_rare_values_equal_counting_sets() -> None:
    rnd = random.Random(5)
    live = set(range(1, 3000))
    values = {vid: {k for k in live if rnd.random() < share}
              for vid, share in enumerate((0.5, 0.2, 0.01, 0.001), start=1)}  # fmt: skip
    values[5] = {42}  # a rare value of a single key
    values[6] = set()
    dense, sparse = (1, 2), (3, 4, 5, 6)

    def packed_bits(keys: set[int]) -> bytes:
        bits = bits_of(sorted(keys))
        return bits.to_bytes((bits.bit_length() + 7) // 8, "little")

    rows = [(LIVE, 0, packed_bits(live))]
    rows += [(vid, 0, packed_bits(values[vid])) for vid in dense]
    rows += [(vid, 1, array("i", sorted(values[vid])).tobytes()) for vid in sparse]
    rows += [(vid, 1, array("i", sorted(live)).tobytes()) for vid, _ in SORTS.values()]
    post = Postings.load(_stored(rows))
    assert keys_of(post.live) == live
    assert sorted(post.dense) == [1, 2] and sorted(post.sparse) == [3, 4, 5, 6]
    assert all(list(post.orders[name]) == sorted(live) for name in SORTS)
    for match_keys in (set(), {42}, set(range(1, 3000, 7)), live):
        match = bits_of(sorted(match_keys))
        counts = post.counts(match, post.table(match), [*values, 99])
        assert counts == {
            **{vid: len(keys & match_keys) for vid, keys in values.items()},
            99: 0,  # a value with no postings
        }


@pytest.mark.parametrize("rare", [[], [2], [1, 3]])
def test_counts_with_no_or_one_or_two_rare_keys(rare: list[int]) -> None:
    rows = [(LIVE, 0, b"\x0e"), (1, 0, b"\x06")]
    if rare:
        rows.append((2, 1, array("i", rare).tobytes()))
    post = Postings.load(_stored(rows))
    match = 0b0100
    assert post.counts(match, post.table(match), [1, 2]) == {1: 1, 2: rare.count(2)}
