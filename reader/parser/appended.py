"""A later, unrelated cable glued on after a cable's end: where it starts.

Some files hold one cable cut short ("SUBJECT: AUDIENCE WITH SHAH APRIL 5 ...") and after it
another cable as a whole: its routing header (``PP RUEHWEB`` / ``DE RUEHMN #0404``) or the
record another tool dumped (``50133  2006-01-19  06THEHAGUE131  Embassy The Hague ...``),
then its banner, preamble and body. The second cable names another post or serial than the
first; a dumped copy of the cable itself (a preview, then the whole record) names the same
one and is no appended text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.model.posts import id_spelling
from reader.parser.markings import parse_banner

__all__ = ["START", "find_appended"]

#: where a second cable may start: a transmission or routing line, or a dumped record row;
#: led by a newline, which the regex engine finds fast. (The blanks are possessive and the
#: first letter is looked at before the branches are tried: at most line starts none can
#: match, and this runs over every line of every cable; a third faster.)
#: (START, what follows the blanks, is also a branch of paragraphs.LINE_START_RE, which finds
#: these lines and the paragraphs' in one pass for the full parse.)
START = (
    r"(?=[VOPRZ0-9])(?:VZCZC[A-Z0-9]+[ \t]*\r?(?=\n)"
    r"|(?:OO|PP|RR|ZZ|OP|PO|RP|PR)[ \t]+R[A-Z]{3,6}\b"
    r"|\d{1,6}[ \t,]+\"?\d{1,4}[-/]\d{1,2}[-/]\d{1,4})"
)
_START_RE = re.compile(r"\n[ \t]*+" + START)
#: the identity a dumped row gives: its ID (``06THEHAGUE131``) found inside the row's first
#: line and split into year, post and serial. Not ids.ID_LIKE, which tells a whole cell:
#: this one searches a line, so it needs the word bounds and a post of letters alone to
#: keep the serial's digits out of the post.
_ROW_ID_RE = re.compile(r"\b(\d{2})([A-Z][A-Z]*?[A-Z])(\d{1,7})\b")
#: the DE line of a routing header
_DE_RE = re.compile(r"^\s*DE\s+R[A-Z]{3,6}\s+#")
#: how many lines after a second cable's start its banner may come (past TO and INFO lists)
_BANNER_WITHIN = 60


def _identity(post: str | None, serial: str | None) -> tuple[str, int] | None:
    if not post or not serial or not serial.isdigit():
        return None
    return id_spelling(post), int(serial)


def _first_banner(lines: list[str]) -> tuple[str, int] | None:
    """The post and serial of the first banner among ``lines`` that names both."""
    for line in lines:
        if not line.strip():
            continue
        banner = parse_banner(line)
        if banner is not None:
            who = _identity(banner.post, banner.serial)
            if who is not None:
                return who
    return None


def _lines_after(text: str, at: int) -> list[str]:
    """The first _BANNER_WITHIN lines from ``at`` (no copy of the rest of the text)."""
    stop = at - 1
    for _ in range(_BANNER_WITHIN):
        stop = text.find("\n", stop + 1)
        if stop < 0:
            return text[at:].split("\n")
    return text[at:stop].split("\n")


def find_appended(
    text: str, start: int = 0, stop: int | None = None, lines: Sequence[int] | None = None
) -> int | None:
    """Where a second, different cable glued after the first starts in ``text``, or None.

    The first cable is the one whose banner (with post and serial) comes first after
    ``start``; a second starts at a routing header or a dumped record row after that banner
    whose own banner or record names another post or serial. With ``stop``, only one that
    starts on a line that starts no later than ``stop`` is looked for (the whole text is
    still read for its banner). ``lines``: where _START_RE matches in the whole text (the
    newline of each line, in order; paragraphs.line_starts), when the caller has them.
    """
    endpos = len(text)
    if stop is not None:
        # (each start pattern ends inside its line, a VZCZC line at its line end)
        line_end = text.find("\n", stop)
        endpos = endpos if line_end < 0 else line_end + 1
    if lines is not None and stop is None:
        # (a match over the whole text is one from start on when it starts there: no
        # match spans a line end, and none looks before its start)
        starts = [at + 1 for at in lines if at >= start]
    else:
        starts = [m.start() + 1 for m in _START_RE.finditer(text, start, endpos)]
    if not starts:
        return None  # the common case: nothing after the first header
    own: tuple[str, int] | None = None
    scanned = start
    for at in starts:
        if own is None:
            own = _first_banner(text[scanned:at].split("\n"))
            scanned = at
            if own is None:
                continue  # the first cable's own header: its banner comes later
        after = _lines_after(text, at)
        head = after[0].strip()
        theirs: tuple[str, int] | None = None
        if head[:1].isdigit():
            row = _ROW_ID_RE.search(head)
            if row is None:
                continue
            theirs = (id_spelling(row.group(2)), int(row.group(3)))
        else:
            if not head.startswith("VZCZC") and not any(_DE_RE.match(ln) for ln in after[1:4]):
                continue  # a routing line is a header only with its DE line below
            theirs = _first_banner(after[1:])
        if theirs is not None and theirs != own:
            return at
    return None
