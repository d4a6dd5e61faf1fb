"""bitcounts.BitCounts against Python's own popcount of each AND."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.index.bitcounts import BLOCK_ROWS, BitCounts

bitmaps = st.integers(min_value=0, max_value=(1 << 700) - 1)


def _bytes(bits: int) -> bytes:
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


@given(st.lists(bitmaps, min_size=1, max_size=3 * BLOCK_ROWS + 5), bitmaps,
       st.integers(min_value=1, max_value=700))  # fmt: skip
def test_each_count_is_the_popcount_of_the_and_within_size(
    values: list[int], match: int, size: int
) -> None:
    """Every row, whole blocks of rows and a part block; bits past the last 64-bit word of
    ``size`` (a value's or the match's) are not counted: keys past the last cable."""
    ids = [10 + i for i in range(len(values))]
    counts = BitCounts(ids, lambda vid: _bytes(values[vid - 10]), size)
    within = (1 << (((size + 63) // 64) * 64)) - 1
    assert counts.counts(match, ids) == [(v & match & within).bit_count() for v in values]


@given(st.lists(bitmaps, min_size=2, max_size=40), bitmaps, st.data())
def test_some_of_the_values_in_any_order_repeated(values: list[int], match: int,
                                                  data: st.DataObject) -> None:
    """One facet's values (a group counted without its own choices), in the order asked."""
    ids = list(range(len(values)))
    counts = BitCounts(ids, lambda vid: _bytes(values[vid]), 700)
    asked = data.draw(st.lists(st.sampled_from(ids), max_size=60))
    assert counts.counts(match, asked) == [(values[v] & match).bit_count() for v in asked]
