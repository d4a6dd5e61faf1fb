"""How many keys of a filter's bitmap each common facet value has: every value's bitmap
in the rows of one numpy matrix, counted against the filter's in one AND and one popcount
a row block.

Python's own ``(match & bits).bit_count()`` walks an int 30 bits at a time: some 40 us a
value at 250,000 cables, 20 ms for the 500 common values of a release, on every query and
every facet click. numpy counts 64 bits at a time, in C loops that release the
interpreter (the window's thread goes on painting meanwhile): 4-5 ms for the same 500
(``python benchmarks/facet_counts.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["BitCounts"]

#: Rows counted at once: a block's AND (32 rows of 31 kB at 250,000 cables) stays in the
#: processor's cache rather than making one temporary the size of the matrix.
BLOCK_ROWS = 32


class BitCounts:
    """The bitmaps of ``ids`` (each given as its little-endian bytes by ``bytes_of``,
    shorter than ``size`` bits when its last keys are absent) as rows of one matrix."""

    def __init__(self, ids: Sequence[int], bytes_of: Callable[[int], bytes], size: int) -> None:
        words = max((size + 63) // 64, 1)
        self.rows = {vid: row for row, vid in enumerate(ids)}
        self._words = words
        self._within = (1 << (words * 64)) - 1  # a key past the matrix is no cable
        self._matrix = np.zeros((len(ids), words), dtype=np.uint64)
        as_bytes = self._matrix.view(np.uint8)
        for row, vid in enumerate(ids):
            data = bytes_of(vid)[: words * 8]
            as_bytes[row, : len(data)] = np.frombuffer(data, dtype=np.uint8)

    def counts(self, match: int, ids: Sequence[int]) -> list[int]:
        """For each of ``ids`` (all among the matrix's rows), how many keys it shares with
        the bitmap ``match``."""
        if not ids:
            return []
        data = (match & self._within).to_bytes(self._words * 8, "little")
        against = np.frombuffer(data, dtype=np.uint64)
        rows = [self.rows[vid] for vid in ids]
        every = len(rows) == len(self.rows) and rows == list(range(len(rows)))
        matrix = self._matrix if every else self._matrix[rows]
        out = np.empty(len(rows), dtype=np.int64)
        for start in range(0, len(rows), BLOCK_ROWS):
            block = matrix[start : start + BLOCK_ROWS]
            out[start : start + BLOCK_ROWS] = np.bitwise_count(block & against).sum(
                axis=1, dtype=np.int64
            )
        return out.tolist()
