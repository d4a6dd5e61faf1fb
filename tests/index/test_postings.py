"""The bitmaps and key arrays of postings.py against plain sets, and the text matches the
index keeps as bitmaps."""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import zlib
from array import array
from pathlib import Path

import pytest
from handmade import ids

from reader.index.postings import LIVE, SORTS, Postings, bits_of, bits_of_joined
from reader.index.store import CorpusIndex
from reader.query.query import Filter


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
        list(range(4999, 0, -3)),  # many, the largest first
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


def test_picking_facet_values_under_a_query_searches_its_text_once(
    small_folder: Path, cache_dir: Path
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        searches: list[str] = []
        index._conn.set_trace_callback(lambda s: searches.append(s) if "MATCH" in s else None)
        filters = [Filter("minist*"), Filter("minist*", include=frozenset({("tag", "PREL")})),
                   Filter("minist*", exclude=frozenset({("tag", "PREL")}))]  # fmt: skip
        answers = [(index.count(f), index.facets(f), ids(index, f.query, include=f.include,
                    exclude=f.exclude)) for f in filters]  # fmt: skip
        assert len(searches) == 1
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as fresh:
        assert answers == [(fresh.count(f), fresh.facets(f), ids(fresh, f.query,
                           include=f.include, exclude=f.exclude)) for f in filters]  # fmt: skip


def test_a_text_searched_before_a_refresh_is_searched_again_after_it(
    small_folder: Path, cache_dir: Path
) -> None:
    edited = next(small_folder.rglob("07PRAGUE486.txt"))

    def edit(old: str, new: str, mtime: int) -> None:
        edited.write_text(edited.read_text().replace(old, new))
        os.utime(edited, ns=(mtime, mtime))

    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as reader:
        reader.refresh(workers=0)
        assert ids(reader, "zebras") == []
        edit("PUBLIC OPINION", "ZEBRAS", 1)
        with CorpusIndex.open(small_folder, cache_dir=cache_dir) as writer:
            writer.refresh(workers=0)  # another connection, as the window's refresh
        assert ids(reader, "zebras") == ["07PRAGUE486"]
        assert ids(reader, "quokkas") == []
        edit("ZEBRAS", "QUOKKAS", 2)
        reader.refresh(workers=0)  # this connection's own
        assert ids(reader, "quokkas") == ["07PRAGUE486"]


@pytest.mark.parametrize("numpy_loaded", [True, False])
def test_bits_of_joined_keys_with_numpy_and_without(numpy_loaded: bool, monkeypatch) -> None:  # noqa: ANN001
    import numpy  # noqa: F401  (loaded, or hidden below: both ways must read alike)

    if not numpy_loaded:
        monkeypatch.setitem(sys.modules, "numpy", None)
    rnd = random.Random(11)
    for share in (0.0005, 0.02, 0.5, 1.0):
        keys = [k for k in range(1, 30_000) if rnd.random() < share]
        assert keys_of(bits_of_joined(",".join(map(str, keys)))) == set(keys)
    assert bits_of_joined(None) == bits_of_joined("") == 0
    assert bits_of_joined("7") == 1 << 7
    assert bits_of_joined("9,3,3,0") == bits_of([0, 3, 9])  # unsorted, repeated


def test_bits_of_joined_reads_what_numpy_cannot_the_plain_way() -> None:
    import numpy as np

    from reader.index.postings import _bits_of_joined_numpy

    assert _bits_of_joined_numpy("1,2,3", np) == 0b1110
    assert _bits_of_joined_numpy("1,-2,3", np) is None  # no key is negative
    assert bits_of_joined("1, 2,\n3") == 0b1110  # (json reads it where numpy might not)


def test_prepare_keeps_no_answer_and_changes_none(small_folder: Path, cache_dir: Path) -> None:
    filters = [Filter("minist*"), Filter("prague class:secret"), Filter("-class:U"),
               Filter(include=frozenset({("tag", "PREL")}))]  # fmt: skip

    def answers(index: CorpusIndex) -> list[object]:
        return [(index.count(f), index.facets(f), index.search(f, limit=50)) for f in filters]

    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        plain = answers(index)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert index.prepare()
        view = index._view
        post = view._postings()
        assert post is not None and post._common is not None  # the matrix is made
        assert not view._fast_matches and not view._text_matches and not view._rankings
        searches: list[str] = []
        index._conn.set_trace_callback(lambda s: searches.append(s) if "MATCH" in s else None)
        assert answers(index) == plain
        assert len(searches) == 2  # each query's own text searched, as without prepare


def test_prepare_says_not_yet_while_the_postings_are_being_written(
    small_folder: Path, cache_dir: Path
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        writer = sqlite3.connect(index.db_path)
        generation = writer.execute(
            "SELECT value FROM meta WHERE name = 'postings_generation'"
        ).fetchone()[0]
        with writer:  # a refresh between its commit of the cables and of their postings
            writer.execute("UPDATE meta SET value = -1 WHERE name = 'postings_generation'")
        assert index.prepare() is False
        with writer:
            writer.execute(
                "UPDATE meta SET value = ? WHERE name = 'postings_generation'", (generation,)
            )
        writer.close()
        assert index.prepare() is True


def test_the_total_comes_from_the_postings_when_they_are_up_to_date(
    small_folder: Path, cache_dir: Path
) -> None:
    """The count of the table reads its whole key index (125 ms at 250,000 cables out of the
    system's cache): the postings' bitmap of every cable answers it, and the table only
    while a refresh writes them."""
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        counted: list[str] = []
        index._conn.set_trace_callback(
            lambda s: counted.append(s) if "count(*) FROM cables" in s else None
        )
        expected = index._conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        counted.clear()
        assert index.total() == expected > 0
        assert counted == []
        writer = sqlite3.connect(index.db_path)
        with writer:  # a refresh between its commit of the cables and of their postings
            writer.execute("DELETE FROM cables WHERE key = (SELECT min(key) FROM cables)")
            writer.execute("UPDATE meta SET value = -1 WHERE name = 'postings_generation'")
            writer.execute("UPDATE meta SET value = value + 1 WHERE name = 'generation'")
        assert index.total() == expected - 1
        assert len(counted) == 1
        writer.close()
