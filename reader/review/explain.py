"""Where each code stands in a cable's text and what it means: spans for tooltips.

``code_spans(cable)`` finds, in ``Cable.text``, the routing indicators (routing line, DE
line, TO and INFO), precedence prosigns and words, the security line's codes, the DTG, TAGS,
handling caveats (lines and banner controls), portion markings, the Classified By reasons
and the declassification instruction (with its status relative to today), each with a
one-line meaning from ``codes``. A code the tables lack says "unknown code": nothing is
guessed. Pure Python, no Qt: the document view shows ``CodeSpan.text`` on hover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from reader.model import codes
from reader.model.records import Cable, Marking
from reader.parser.lines import line_separator
from reader.review.citation import cable_date, format_date

__all__ = [
    "CodeSpan",
    "code_spans",
    "decoded_text",
    "marking_text",
    "reasons_text",
    "short_meaning",
]


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """``text`` explains ``Cable.text[start:end]``; ``known`` is False for an unknown code."""

    start: int
    end: int
    kind: str
    code: str
    text: str
    known: bool = True


def decoded_text(d: codes.Decoded) -> str:
    """``RUEHPG: AMEMBASSY PRAGUE (Czech Republic, Europe)``; ``XYZQ: unknown code``."""
    if not d.known or d.meaning is None:
        return f"{d.code}: {d.note or codes.UNKNOWN}"
    if d.kind == "precedence" and (m := _LETTER_NOTE.fullmatch(d.note)):
        # IMMEDIATE: what the letter's row says of it, not "IMMEDIATE: IMMEDIATE"
        letter = codes.precedence(m.group(1))
        return f"{d.code}: {letter.note or letter.meaning} (precedence letter {m.group(1)})"
    note = f" ({d.note})" if d.note else ""
    return f"{d.code}: {d.meaning}{note}{' (unsure)' if d.unsure else ''}"


def short_meaning(d: codes.Decoded) -> str:
    """The meaning in a few words, for a row or a label (a tooltip has ``decoded_text``)."""
    if not d.known:
        return codes.UNKNOWN
    if d.meaning is None:  # listed, not expanded: what the tables say of it
        return d.note.split(";")[0].strip() or codes.UNKNOWN
    text = decoded_text(d).removeprefix(f"{d.code}: ")
    return re.split(r"[:;(]", text, maxsplit=1)[0].strip() or text


_LETTER_NOTE = re.compile(r"precedence letter ([A-Z])")
_LEVEL_WORDS = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET"}


def marking_text(m: Marking) -> str:
    """``S//NF``: SECRET; NF: not releasable to foreign nationals (NOFORN)."""
    level = _LEVEL_WORDS.get(m.level, m.level)
    if m.cui:
        cui = codes.handling(m.text.split("/")[0])
        level = decoded_text(cui) if cui.known else f"{level} (controlled)"
    parts = [f"({m.text}) {level}"]
    for control in m.controls:
        if control == "ENTIRE TEXT":
            parts.append("ENTIRE TEXT: the marking covers every paragraph")
        else:
            parts.append(decoded_text(codes.handling(control)))
    if not m.valid:
        parts.append("not a valid marking")
    return "\n".join(parts)


def reasons_text(reasons: tuple[str, ...] | list[str]) -> str:
    """One line per reason: ``1.4(b): foreign government information``."""
    return "\n".join(decoded_text(codes.reason(r)) for r in reasons)


class _Lines:
    """Offsets of the physical lines of a text (1-based numbers, as Cable.field_lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        sep = line_separator(text)
        self.starts = [0]
        pos = text.find(sep)
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find(sep, pos + 1)

    def span(self, number: int | None) -> tuple[int, int] | None:
        if number is None or not 1 <= number <= len(self.starts):
            return None
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return start, start + len(self.text[start:end].rstrip())

    def words(self, number: int | None) -> Iterator[tuple[int, int, str]]:
        """(start, end, word) of each blank-separated word of a line."""
        span = self.span(number)
        if span is None:
            return
        for m in re.finditer(r"\S+", self.text[span[0] : span[1]]):
            yield span[0] + m.start(), span[0] + m.end(), m.group(0)

    def find(
        self, word: str, number: int | None, last: int | None = None
    ) -> tuple[int, int] | None:
        """``word`` (as a whole word, any case) on lines ``number``..``last``."""
        first = self.span(number)
        end = self.span(last if last is not None else number)
        if first is None or end is None:
            return None
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.IGNORECASE)
        m = pattern.search(self.text, first[0], end[1])
        return (m.start(), m.end()) if m else None


def _span(start: int, end: int, kind: str, d: codes.Decoded) -> CodeSpan:
    return CodeSpan(start, end, kind, d.code, decoded_text(d), d.known and d.meaning is not None)


_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_DTG_RE = re.compile(r"\b(\d{6}Z\s+[A-Z]{3}\s+\d{2,4})\b")
_JULIAN_RE = re.compile(r"\b(\d{3})(\d{4})\b")
_ADDRESS_PRECEDENCE = ("NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH", "PIORITY")
_REASONS_RE = re.compile(
    r"(?i)\b(?:reasons?\s*:?\s*)?1\s?\.\s?[2-6]\b[^\n]*?(?=\s*$|\s*\n\s*\n|\s+\d+\.\s)"
)


def _routing(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    number = c.line_of("routing")
    ris = set(c.routing_indicators)
    for n, (start, end, word) in enumerate(lines.words(number)):
        if n == 0 and word == c.routing_precedence:
            yield _span(start, end, "precedence", codes.precedence(word))
        elif word in ris:
            yield _span(start, end, "routing indicator", codes.routing_indicator(word))


def _de(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    de = c.de
    if de is None:
        return
    number = de.line or c.line_of("de")
    where = lines.find(de.station, number)
    if where:
        yield _span(*where, "routing indicator", codes.routing_indicator(de.station))
    span = lines.span(number)
    if span is None or de.julian_day is None:
        return
    m = _JULIAN_RE.search(lines.text, span[0], span[1])
    if m is None or c.dtg is None:
        return
    year = c.dtg.year
    try:
        day = date.fromordinal(date(year, 1, 1).toordinal() + de.julian_day - 1)
    except ValueError:
        return
    text = (
        f"{m.group(0)}: day {de.julian_day:03d} of {year} ({format_date(day)}), "
        f"{m.group(2)[:2]}:{m.group(2)[2:]} Zulu (UTC): when the cable was transmitted"
    )
    yield CodeSpan(m.start(), m.end(), "julian day", m.group(0), text)


def _security(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    for start, end, word in lines.words(c.line_of("security")):
        d = codes.security_code(word)
        if d.known or word == c.security_code:
            yield _span(start, end, "security", d)


def _dtg(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    number = c.line_of("dtg")
    words = list(lines.words(number))
    span = lines.span(number)
    if not words or span is None:
        return
    for start, end, word in words[:2]:
        if re.fullmatch(r"[ZOPRY]", word):
            yield _span(start, end, "precedence", codes.precedence(word))
    m = _DTG_RE.search(lines.text, span[0], span[1])
    if m and c.dtg is not None:
        text = (
            f"{m.group(1)}: date-time group, {format_date(c.dtg.date())}, "
            f"{c.dtg:%H:%M} Zulu (UTC): when the cable was released"
        )
        yield CodeSpan(m.start(), m.end(), "dtg", m.group(1), text)


def _addresses(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    for a in (*c.to, *c.info):
        if a.ri:
            where = lines.find(a.ri, a.line)
            if where:
                yield _span(*where, "routing indicator", codes.routing_indicator(a.ri))
        if a.precedence:
            word = next((w for w in _ADDRESS_PRECEDENCE if lines.find(w, a.line)), None)
            where = lines.find(word, a.line) if word else None
            if word and where:
                yield _span(*where, "precedence", codes.precedence(word))


def _tags(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    number = c.line_of("tags")
    head = lines.span(number)
    if number is None or head is None or not c.tags:
        return
    last = (c.line_of("subject") or number + 3) - 1
    stop = lines.span(max(number, min(last, len(lines.starts))))
    end = stop[1] if stop else head[1]
    pos = head[0] + 4  # after TAGS
    for tag in c.tags:
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(tag)}(?![A-Za-z0-9])")
        m = pattern.search(lines.text, pos, end)
        if m is None:
            continue
        pos = m.end()
        yield _span(m.start(), m.end(), "tag", codes.tag(tag))


def _handling(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    banner = c.line_of("banner")
    if banner is None:
        return
    last = c.line_of("declassify") or c.line_of("tags") or c.line_of("subject") or banner + 6
    for word in dict.fromkeys(c.handling):
        for number in range(banner + 1, last):
            where = lines.find(word, number)
            if where:
                yield _span(*where, "handling", codes.handling(word))
    if c.banner is not None:
        for control in c.banner.controls:
            for spelt in (control, "NOFORN") if control == "NF" else (control,):
                where = lines.find(spelt, banner)
                if where:
                    yield _span(*where, "handling", codes.handling(spelt))
                    break


def _markings(c: Cable) -> Iterator[CodeSpan]:
    for p in c.paragraphs:
        if p.marking is not None and p.marking_start is not None and p.marking_end is not None:
            yield CodeSpan(
                p.marking_start,
                p.marking_end,
                "marking",
                p.marking.text,
                marking_text(p.marking),
                p.marking.valid,
            )


def _declassify(c: Cable, lines: _Lines, today: date | None) -> Iterator[CodeSpan]:
    d = c.declassify
    if d is None:
        return
    span = lines.span(d.line or c.line_of("declassify"))
    if span is None:
        return
    line = lines.text[span[0] : span[1]]
    m = re.search(r"(?i)\bDECL(?:ASSIFY)?\b\s*(?:ON\b)?\s*:?\s*", line)
    if m is None:
        m = re.search(r"(?i)E\.?\s?O\.?\s*\d{5}\s*[:;,]?\s*", line)
    start = span[0] + (m.end() if m else 0)
    if start >= span[1]:
        return
    status = codes.declassification(d.raw or line, cable_date(c), today)
    text = lines.text[start : span[1]]
    tip = f"Declassify: {status}" if status.known else f"Declassify: {text}: {codes.UNKNOWN}"
    yield CodeSpan(start, span[1], "declassification", text, tip, status.known)


def _reasons(c: Cable, lines: _Lines) -> Iterator[CodeSpan]:
    cb = c.classified_by
    if cb is None or not cb.reasons:
        return
    first = lines.span(cb.line or c.line_of("classified_by"))
    if first is None:
        return
    m = _REASONS_RE.search(lines.text, first[0], min(len(lines.text), first[0] + 600))
    if m is None:
        return
    yield CodeSpan(m.start(), m.end(), "reason", ", ".join(cb.reasons), reasons_text(cb.reasons))


def code_spans(cable: Cable, today: date | None = None) -> tuple[CodeSpan, ...]:
    """Every code found in ``cable.text`` with its meaning, by position (none overlap)."""
    lines = _Lines(cable.text)
    found = [
        *_routing(cable, lines),
        *_de(cable, lines),
        *_security(cable, lines),
        *_dtg(cable, lines),
        *_addresses(cable, lines),
        *_handling(cable, lines),
        *_declassify(cable, lines, today),
        *_tags(cable, lines),
        *_reasons(cable, lines),
        *_markings(cable),
    ]
    found.sort(key=lambda s: (s.start, -s.end))
    out: list[CodeSpan] = []
    for span in found:
        if out and span.start < out[-1].end:
            continue  # the first (outermost) wins
        out.append(span)
    return tuple(out)
