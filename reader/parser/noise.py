"""Page breaks and blanks: what every role of the parser takes out of the text it keeps.

A cable printed on paper carries page-break lines ("PAGE 02 HARARE 05461 01 OF 02 271458Z")
and printer's rules between its pages; the header, the preamble and the body all skip them,
and every field is made single-spaced before it is kept.
"""

from __future__ import annotations

import re

__all__ = ["PAGE_NOISE", "clean", "page_noise", "without_page_noise"]

#: the page-break lines, without their line start and end (the patterns below add those)
PAGE_NOISE = (
    r"PAGE\s+\d{1,3}\b.*"
    r"|[A-Z][A-Z .'\-]{1,30}\s+\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}"
    r"|-{6,}[0-9A-F]{4,}\s+\d{6}Z\s*/\d+"
)
_PAGE_NOISE_RE = re.compile(r"^\s*(?:" + PAGE_NOISE + r")\s*$")


def page_noise(text: str) -> bool:
    """A page-break line ("PAGE 02 HARARE 05461 01 OF 02 271458Z") or a printer's rule."""
    return ("PAGE" in text or " OF " in text or "------" in text) and bool(
        _PAGE_NOISE_RE.match(text)
    )


#: page-break lines inside the body, removed from paragraph text
#: (led by a newline, which the regex engine finds fast: "^" with MULTILINE is tried at
#: every character)
_BODY_NOISE_RE = re.compile(r"\n[ \t]*(?:" + PAGE_NOISE + r")[ \t]*\r?(?=\n|$)")


def without_page_noise(chunk: str) -> str:
    """``chunk`` with its page-break lines emptied (their line ends stay)."""
    return _BODY_NOISE_RE.sub("\n", "\n" + chunk)[1:]


#: Above this many characters a text is made single-spaced a piece at a time (each piece
#: ending at a blank, so no word is cut): one split of a 16 MB paragraph would make a
#: string object of every word, ten times the text in memory. A pattern's sub() is no
#: better: it keeps every piece of its result in a list before joining them.
_LONG_TEXT = 1 << 16
_BLANK_RE = re.compile(r"\s")


def clean(text: str) -> str:
    """``text`` single-spaced: every run of blanks one space, none at either end."""
    if len(text) <= _LONG_TEXT:
        return " ".join(text.split())
    pieces = []
    start, end = 0, len(text)
    while start < end:
        stop = min(end, start + _LONG_TEXT)
        if stop < end:
            blank = _BLANK_RE.search(text, stop)
            stop = blank.start() if blank else end
        piece = " ".join(text[start:stop].split())
        if piece:
            pieces.append(piece)
        start = stop
    return " ".join(pieces)
