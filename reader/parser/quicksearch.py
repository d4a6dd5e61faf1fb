"""Searching cable text quickly with Python's regex engine, finding what the plain pattern finds.

The engine skips ahead fast only to what a pattern starts with when that is a plain
character or string (a newline, a word). A pattern that starts otherwise is tried at every
character of the text: one with IGNORECASE, one led by ``\\b`` or a class, one of several
branches, or ``^`` with MULTILINE. Over a whole cable body (8 kB on average) that costs tens of
microseconds a search, where a search led by a plain character costs one or two.

Each helper here stands for a plain search and gives exactly what it gives; the tests compare
them with the plain patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["LineStartPattern", "first_matches", "search_upper"]


def search_upper(upper_re: re.Pattern[str], caseless_re: re.Pattern[str], text: str) -> int | None:
    """Where ``caseless_re`` (IGNORECASE) first matches in ``text``, or None.

    Found with ``upper_re``, the same pattern written for upper-cased text and led by a plain
    word, in the upper-cased text. Only for ASCII text, where upper-casing keeps every offset
    and what is a word character; other text takes the slow way.
    """
    if text.isascii():
        m = upper_re.search(text.upper())
    else:
        m = caseless_re.search(text)
    return m.start() if m else None


def first_matches(
    patterns: tuple[re.Pattern[str], ...], text: str, pos: int = 0
) -> Iterator[re.Match[str]]:
    """What ``finditer`` of the patterns as the branches of one pattern gives, in order, for
    patterns that never match the empty string: at each step the leftmost match, the first
    pattern's at a tie. Each pattern is searched on its own, led by its own first character."""
    while True:
        found = [m for m in (rx.search(text, pos) for rx in patterns) if m is not None]
        if not found:
            return
        m = min(found, key=lambda x: x.start())
        yield m
        pos = m.end()


class LineStartPattern:
    """A pattern that matches only at the start of a line (``^`` with MULTILINE), found from
    the newlines: led by a newline, the engine skips from one newline to the next."""

    __slots__ = ("_at", "_led")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._at = re.compile(pattern, flags | re.MULTILINE)
        self._led = re.compile(r"\n(?:" + pattern + ")", flags | re.MULTILINE)

    def search(self, text: str, pos: int, endpos: int) -> tuple[int, int] | None:
        """(start, end) of the first match at a line start in ``text[pos:endpos]``, as
        ``re.search`` of ``^`` and the pattern with MULTILINE gives it, or None."""
        if pos == 0:
            m = self._at.match(text, 0, endpos)
            if m:
                return m.span()
        m = self._led.search(text, max(pos - 1, 0), endpos)
        return (m.start() + 1, m.end()) if m else None
