"""The line source: a cable text cut into logical lines that remember where they came from.

Lines are made lazily: the parser reads the routing header and preamble line by line, and
the body (most of a cable) with whole-text patterns, so most lines are never made at all.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["Line", "LineQueue", "iter_lines", "line_separator", "split_at"]


@dataclass(slots=True)
class Line:
    """A logical line: ``text`` is ``source[start:end]`` minus trailing blanks and ``\\``.

    ``number`` is the 1-based physical line it sits on. Several logical lines can share one
    physical line when the parser splits a line that holds several elements. Not frozen,
    for speed (a cable makes tens of lines); nothing changes a line once made.
    """

    number: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text or self.text.isspace()


def line_separator(source: str) -> str:
    """LF (and CRLF, whose CR is trimmed as trailing space), else CR for old Mac files."""
    if "\n" in source:
        return "\n"
    return "\r" if "\r" in source else "\n"


def _trimmed(number: int, start: int, end: int, source: str) -> Line:
    text = source[start:end].rstrip()
    # cables dumped from a CSV end each line with a backslash
    if text.endswith("\\"):
        text = text[:-1].rstrip()
    return Line(number, start, start + len(text), text)


_FIELD_TABS_RE = re.compile(r"\S\t+\S")
_TAB_BANNER_RE = re.compile(r"\S\t+(?:(?:[A-Z] ){3,}|VZCZC)")


def _parts(number: int, start: int, end: int, source: str) -> Iterator[Line]:
    tab = source.find("\t", start, end)
    if tab < 0:
        yield _trimmed(number, start, end, source)
        return
    # Tabs separate fields only where a CSV row was dumped into the text; ordinary tab
    # indentation stays part of the line.
    segment = source[start:end]
    if segment.count("\t") >= 2 and _FIELD_TABS_RE.search(segment):
        part_start = start
        for m in re.finditer("\t", segment):
            cut = start + m.start()
            yield _trimmed(number, part_start, cut, source)
            part_start = cut + 1
        yield _trimmed(number, part_start, end, source)
    elif _TAB_BANNER_RE.search(segment):
        # "...PRIORITY 0095<TAB>C O N F I D E N T I A L BERN 001593"
        yield _trimmed(number, start, tab, source)
        yield _trimmed(number, tab + 1, end, source)
    else:
        yield _trimmed(number, start, end, source)


def iter_lines(source: str, start: int = 0, number: int = 1) -> Iterator[Line]:
    """Logical lines of ``source`` from offset ``start`` (which begins line ``number``)."""
    sep = line_separator(source)
    pos = start
    size = len(source)
    find = source.find
    while pos <= size:
        end = find(sep, pos)
        if end < 0:
            end = size
        if end > pos or end < size:
            if find("\t", pos, end) < 0:  # the common case, without a generator per line
                text = source[pos:end].rstrip()
                if text.endswith("\\"):
                    text = text[:-1].rstrip()
                yield Line(number, pos, pos + len(text), text)
            else:
                yield from _parts(number, pos, end, source)
        pos = end + 1
        number += 1


def split_at(line: Line, offsets: Iterable[int]) -> list[Line]:
    """Split a logical line at the given offsets (relative to ``line.text``)."""
    cuts = sorted({o for o in offsets if 0 < o < len(line.text)})
    if not cuts:
        return [line]
    out: list[Line] = []
    prev = 0
    for cut in [*cuts, len(line.text)]:
        piece = line.text[prev:cut]
        body = piece.strip()
        if body:
            start = line.start + prev + (len(piece) - len(piece.lstrip()))
            out.append(Line(line.number, start, start + len(body), body))
        prev = cut
    return out or [line]


class LineQueue:
    """Lines taken one at a time from a lazy source, with look-ahead and push-back."""

    __slots__ = ("_buf", "_source", "_end")

    def __init__(self, lines: Iterator[Line], end: int) -> None:
        self._source = lines
        self._buf: deque[Line] = deque()
        self._end = end

    def _fill(self, count: int) -> bool:
        buf = self._buf
        while len(buf) < count:
            try:
                buf.append(next(self._source))
            except StopIteration:
                return False
        return True

    def __bool__(self) -> bool:
        return bool(self._buf) or self._fill(1)

    def first(self) -> Line:
        if not self._buf:
            self._fill(1)
        return self._buf[0]

    def popleft(self) -> Line:
        if not self._buf:
            self._fill(1)
        return self._buf.popleft()

    def appendleft(self, line: Line) -> None:
        self._buf.appendleft(line)

    def push_front(self, lines: list[Line]) -> None:
        """Put ``lines`` back in front, in their order."""
        self._buf.extendleft(reversed(lines))

    def ahead(self, first: int, last: int) -> list[Line]:
        """Lines ``first`` to ``last - 1`` positions ahead (0 is the next one)."""
        self._fill(last)
        buf = self._buf
        return [buf[i] for i in range(first, min(last, len(buf)))]

    def rest_start(self) -> int:
        """Where the lines not yet taken start in the text."""
        return self._buf[0].start if self._fill(1) else self._end
