"""The line source: a cable text cut into logical lines that remember where they came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Line", "split_lines", "split_at"]


@dataclass(frozen=True, slots=True)
class Line:
    """A logical line: ``text`` is ``source_text[start:end]`` minus trailing blanks and ``\\``.

    ``number`` is the 1-based physical line it sits on. Several logical lines can share one
    physical line when the parser splits a line that holds several elements.
    """

    number: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


def _trimmed(number: int, start: int, end: int, source: str) -> Line:
    text = source[start:end]
    stripped = text.rstrip()
    # cables dumped from a CSV end each line with a backslash
    if stripped.endswith("\\"):
        stripped = stripped[:-1].rstrip()
    return Line(number, start, start + len(stripped), stripped)


def split_lines(source: str) -> list[Line]:
    """Cut ``source`` at LF, CRLF or CR; tabs also cut (CSV dumps separate fields with them)."""
    lines: list[Line] = []
    pos = 0
    number = 1
    for m in _NEWLINE_RE.finditer(source):
        _append_tab_parts(lines, number, pos, m.start(), source)
        pos = m.end()
        number += 1
    if pos < len(source) or not lines:
        _append_tab_parts(lines, number, pos, len(source), source)
    return lines


def _append_tab_parts(lines: list[Line], number: int, start: int, end: int, source: str) -> None:
    tab = source.find("\t", start, end)
    if tab < 0:
        lines.append(_trimmed(number, start, end, source))
        return
    # Tabs only separate fields when the line looks like a CSV dump; ordinary tab
    # indentation is kept as part of the line.
    segment = source[start:end]
    if segment.count("\t") >= 2 and re.search(r"\S\t+\S", segment):
        part_start = start
        for m in re.finditer(r"\t", segment):
            cut = start + m.start()
            lines.append(_trimmed(number, part_start, cut, source))
            part_start = cut + 1
        lines.append(_trimmed(number, part_start, end, source))
    elif re.search(r"\S\t+(?:[A-Z] ){3,}", segment) or re.search(r"\S\t+VZCZC", segment):
        # "...PRIORITY 0095<TAB>C O N F I D E N T I A L BERN 001593"
        lines.append(_trimmed(number, start, tab, source))
        lines.append(_trimmed(number, tab + 1, end, source))
    else:
        lines.append(_trimmed(number, start, end, source))


def split_at(line: Line, offsets: list[int]) -> list[Line]:
    """Split a logical line at the given offsets (relative to ``line.text``)."""
    cuts = sorted({o for o in offsets if 0 < o < len(line.text)})
    if not cuts:
        return [line]
    out: list[Line] = []
    prev = 0
    for cut in [*cuts, len(line.text)]:
        piece = line.text[prev:cut]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body:
            start = line.start + prev + lead
            out.append(Line(line.number, start, start + len(body), body))
        prev = cut
    return out or [line]
