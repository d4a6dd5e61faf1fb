"""Cut a big cables.csv into row-aligned byte ranges that workers parse side by side.

In the full release's layout every row starts on a new line with its quoted row number and
date (``containers.CSV_ROW_START``); quotes inside fields are escaped, so that pattern
cannot start a line inside a field. Rows are cut where containers cuts them, so a part
gives the cables ``read_cables`` gives for those rows, row numbers included. A file whose
first line is not such a row start is not cut (containers reads it another way).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.model.records import Cable
from reader.parser import containers

__all__ = ["Chunk", "cables_in", "chunks"]

#: a line that starts a row: at the start of the file, or after a line break (as text
#: mode with newline="" sees them: LF, CRLF or a lone CR)
_BLOCK = 1 << 24
_ROW_START = re.compile(rb"(?:^|\n|\r(?!\n))" + containers.CSV_ROW_START.pattern.encode())


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int  # byte offset of the chunk's first row
    end: int  # byte offset after its last row
    first_row: int  # 1-based number of its first row
    rows: int


def chunks(path: str | Path, rows_per_chunk: int = 1000) -> list[Chunk] | None:
    """The row-aligned ranges of ``path``, or None when its rows cannot be told apart.

    Read in blocks (not mapped: a mapped 1.6 GB file would count in the memory of the
    process), each searched with a small overlap so no row start is lost at a seam."""
    starts: list[int] = []
    overlap = 256
    with open(containers.open_regular(path), "rb") as fh:
        offset = 0  # file offset of buf[0]
        buf = b""
        while block := fh.read(_BLOCK):
            buf += block
            for m in _ROW_START.finditer(buf):
                at = offset + m.start() + (m.group(0)[0] in b"\r\n")  # after the break
                if m.start() == 0 and offset > 0:
                    continue  # "^" at a seam is no line start
                if not starts or at > starts[-1]:
                    starts.append(at)
            keep = min(overlap, len(buf))
            offset += len(buf) - keep
            buf = buf[-keep:]
        size = offset + len(buf)
    if not starts or starts[0] != 0:
        return None
    out = []
    for i in range(0, len(starts), rows_per_chunk):
        j = i + rows_per_chunk
        end = starts[j] if j < len(starts) else size
        out.append(Chunk(starts[i], end, i + 1, len(starts[i:j])))
    return out


def cables_in(
    path: str | Path, chunk: Chunk, parse: containers.Parser | None = None
) -> Iterator[Cable]:
    """The cables of one chunk, as ``read_cables`` gives them for the whole file."""
    raw = open(containers.open_regular(path), "rb", buffering=0)  # noqa: SIM115
    with raw:
        raw.seek(chunk.start)
        window = io.BufferedReader(_Window(raw, chunk.end - chunk.start))
        lines = io.TextIOWrapper(window, encoding="utf-8", errors="replace", newline="")
        csv.field_size_limit(containers.MAX_ROW_CHARS)
        index = chunk.first_row - 1
        for text, size in containers.csv_records(lines):  # as containers.cables_from_csv
            index += 1
            yield containers.cable_from_record(text, Path(path), index, size, parse)
    if index - chunk.first_row + 1 != chunk.rows:
        raise containers.UnreadableFile(
            path, f"rows {chunk.first_row}-{chunk.first_row + chunk.rows - 1}: found another count"
        )


class _Window(io.RawIOBase):
    """The next ``length`` bytes of a file open at the right offset: a chunk is read in
    pieces (a chunk of rows may be as big as the file), never all at once."""

    def __init__(self, raw: io.RawIOBase, length: int) -> None:
        self._raw = raw
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        got = self._raw.readinto(view) or 0
        self._left -= got
        return got
