"""The line source: a cable text cut into logical lines that remember where they came from.

Lines are made a small batch at a time, as the parser asks for them: it reads the routing
header and preamble line by line, and the body (most of a cable) with whole-text patterns,
so most lines are never made at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

__all__ = ["Line", "LineMaker", "LineQueue", "Screen", "line_separator", "split_at"]


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


#: Physical lines a LineMaker makes at a time for a LineQueue: half what a routing header
#: and preamble hold, so that few lines are made and never taken (8 cost 0.5% fewer
#: instructions over the parse than 16, 12 no fewer).
BATCH_LINES = 8


class LineMaker:
    """Makes the logical lines of ``source`` from offset ``start``, a batch at a time: one
    call makes many lines (a generator resumed once a line cost as much as the line)."""

    __slots__ = ("_source", "_sep", "_pos", "_number")

    def __init__(self, source: str, start: int = 0, number: int = 1) -> None:
        self._source = source
        self._sep = line_separator(source)
        self._pos = start
        self._number = number

    @property
    def reached(self) -> int:
        """Where the next line would start: every line made so far ends before it."""
        return self._pos

    def take(self, count: int) -> list[Line]:
        """The logical lines of the next ``count`` physical lines; [] at the end."""
        source, sep, pos, number = self._source, self._sep, self._pos, self._number
        size = len(source)
        find = source.find
        out: list[Line] = []
        add = out.append
        stop = number + count
        while pos <= size and number < stop:
            end = find(sep, pos)
            if end < 0:
                end = size
            if end > pos or end < size:
                text = source[pos:end]
                if "\t" not in text:  # the common case
                    text = text.rstrip()
                    if text[-1:] == "\\":
                        text = text[:-1].rstrip()
                    add(Line(number, pos, pos + len(text), text))
                else:
                    out.extend(_parts(number, pos, end, source))
            pos = end + 1
            number += 1
        self._pos, self._number = pos, number
        return out


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


#: A screen looks at a line as it is taken and gives the lines to take in its place (none,
#: the line itself, or others); it may look at, drop or put back the lines that follow.
Screen = Callable[["Line", "LineQueue"], list["Line"]]


class LineQueue:
    """Lines taken one at a time, with look-ahead and push-back.

    They come from a LineMaker a batch at a time. A ``screen`` looks at each of the first
    ``screened`` lines that starts with one of ``starts`` (after blanks) as it is taken,
    never before: a line taken ahead of need would be screened early.
    """

    __slots__ = ("_buf", "_at", "_maker", "_raw", "_ri", "_end", "_screen", "_starts", "_left")

    def __init__(
        self,
        maker: LineMaker,
        end: int,
        screen: Screen | None = None,
        starts: frozenset[str] = frozenset(),
        screened: int = 0,
    ) -> None:
        self._maker = maker
        self._raw: list[Line] = []  # made, not yet taken
        self._ri = 0
        self._buf: list[Line] = []  # taken
        self._at = 0  # the first taken line not yet handed out
        self._end = end
        self._screen = screen
        self._starts = starts
        self._left = screened if screen is not None else 0

    # -- what a screen may do with the lines that follow the one it looks at ------------

    def upcoming(self, count: int) -> list[Line]:
        """The next ``count`` lines not yet taken (fewer at the end), not screened."""
        raw, ri = self._raw, self._ri
        if len(raw) - ri < count:
            del raw[:ri]
            self._ri = ri = 0
            while len(raw) < count and (more := self._maker.take(BATCH_LINES)):
                raw.extend(more)
        return raw[ri : ri + count]

    def drop_upcoming(self, count: int) -> None:
        """Leave out the next ``count`` lines not yet taken."""
        del self._raw[self._ri : self._ri + count]

    def put_upcoming(self, lines: list[Line]) -> None:
        """Put ``lines`` before the lines not yet taken; they are screened when taken."""
        self._raw[self._ri : self._ri] = lines

    # -- taking ------------------------------------------------------------------------

    def _fill(self, count: int) -> bool:
        buf = self._buf
        if self._at:
            del buf[: self._at]
            self._at = 0
        while len(buf) < count:
            if self._ri == len(self._raw):
                self._raw = self._maker.take(BATCH_LINES)
                self._ri = 0
                if not self._raw:
                    return False
            line = self._raw[self._ri]
            self._ri += 1
            if self._left:
                self._left -= 1
                t = line.text
                if t and t.lstrip()[:1] in self._starts:
                    buf.extend(self._screen(line, self))  # type: ignore[misc]
                    continue
            buf.append(line)
        # The rest of the lines made that no screen looks at are taken too, up to the next
        # that one may (never screened early): the next few calls then find them taken. (In
        # a queue with a screen only: what a screen sees of the lines after the one it looks
        # at, ``upcoming``, is then what it was, as the screen runs inside this call; a
        # queue without one may be handed to a screen by its caller.)
        if self._screen is None:
            return True
        raw, ri, left, starts = self._raw, self._ri, self._left, self._starts
        size = len(raw)
        while ri < size:
            line = raw[ri]
            if left:
                t = line.text
                if t and t.lstrip()[:1] in starts:
                    break
                left -= 1
            buf.append(line)
            ri += 1
        self._ri, self._left = ri, left
        return True

    def __bool__(self) -> bool:
        return self._at < len(self._buf) or self._fill(1)

    def peek(self) -> Line | None:
        """The next line, or None at the end: ``first()`` after ``bool(queue)``, in one call
        (the state machine's loops ask this for every line)."""
        if self._at < len(self._buf) or self._fill(1):
            return self._buf[self._at]
        return None

    def first(self) -> Line:
        if self._at == len(self._buf):
            self._fill(1)
        return self._buf[self._at]

    def popleft(self) -> Line:
        if self._at == len(self._buf):
            self._fill(1)
        line = self._buf[self._at]
        self._at += 1
        return line

    def appendleft(self, line: Line) -> None:
        self._buf.insert(self._at, line)

    def push_front(self, lines: list[Line]) -> None:
        """Put ``lines`` back in front, in their order."""
        self._buf[self._at : self._at] = lines

    def ahead(self, first: int, last: int) -> list[Line]:
        """Lines ``first`` to ``last - 1`` positions ahead (0 is the next one)."""
        self._fill(last)
        at = self._at
        return self._buf[at + first : at + last]

    def next_with_text(self, first: int, last: int) -> Line | None:
        """The first line that is not blank from ``first`` to ``last - 1`` positions ahead,
        or None: ``ahead``'s first such line, making and screening only the lines up to it
        (a blank line or two is the usual gap; the lines past it may never be needed)."""
        for k in range(first, last):
            if self._at + k >= len(self._buf) and not self._fill(k + 1):
                return None
            line = self._buf[self._at + k]
            if not line.blank:
                return line
        return None

    def rest_start(self) -> int:
        """Where the lines not yet taken start in the text."""
        return self._buf[self._at].start if self._fill(1) else self._end
