"""Cut a big cables.csv into row-aligned byte ranges that workers parse side by side.

In the full release's layout every row starts on a new line with its quoted row number and
date (``"1","12/28/1966 18:48","``); quotes inside fields are escaped (``\\"``), so that
pattern cannot start a line inside a field. The cut is only used when the row numbers it
finds run 1, 2, 3, ... without a gap; otherwise the file is read whole, row after row.
"""

from __future__ import annotations

import csv
import io
import mmap
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core import containers
from reader.core.records import Cable

__all__ = ["Chunk", "cables_in", "chunks"]

_ROW_START = re.compile(rb'(?:^|\n)"(\d+)","\d\d?/\d\d?/\d{4} \d\d?:\d\d"')


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int  # byte offset of the chunk's first row
    end: int  # byte offset after its last row
    first_row: int  # 1-based number of its first row
    rows: int


def chunks(path: str | Path, rows_per_chunk: int = 1000) -> list[Chunk] | None:
    """The row-aligned ranges of ``path``, or None when its rows cannot be told apart."""
    starts: list[int] = []
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            return None
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for expected, m in enumerate(_ROW_START.finditer(data), 1):  # type: ignore[call-overload]
                if int(m.group(1)) != expected:
                    return None
                starts.append(m.start() + (m.group(0)[0] == 10))  # after the newline
    if not starts or starts[0] != 0:
        return None
    out = []
    for i in range(0, len(starts), rows_per_chunk):
        j = i + rows_per_chunk
        end = starts[j] if j < len(starts) else size
        out.append(Chunk(starts[i], end, i + 1, len(starts[i:j])))
    return out


def cables_in(path: str | Path, chunk: Chunk) -> Iterator[Cable]:
    """The cables of one chunk, as ``read_cables`` gives them for the whole file."""
    with open(path, "rb") as fh:
        fh.seek(chunk.start)
        data = fh.read(chunk.end - chunk.start)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    # the dialect of containers.cables_from_csv
    reader = csv.reader(
        io.StringIO(data.decode("utf-8", errors="replace"), newline=""),
        delimiter=",",
        quotechar='"',
        escapechar="\\",
        doublequote=False,
        strict=False,
    )
    count = 0
    for count, row in enumerate(reader, 1):
        yield containers._cable_from_row(row, Path(path), chunk.first_row + count - 1)
    if count != chunk.rows:
        raise containers.UnreadableFile(
            path, f"rows {chunk.first_row}-{chunk.first_row + chunk.rows - 1}: found {count} rows"
        )
