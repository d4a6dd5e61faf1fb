"""The E.O. line's declassification date: the quick month-first path reads what dateutil reads;
the quicker regexes match what the plain ones they stand for match."""

from __future__ import annotations

import random
import re
import string
from datetime import date

import pytest
from dateutil import parser as dateparser

from reader.model.posts import post_pattern, spellings
from reader.parser.preamble import _ANCHOR_WORDS_RE, _spellings, parse_eo


def _dateutil_reading(month: int, day: int, year: str) -> date | None:
    """What the parser gave before it had a quick path: dateutil, month first."""
    full = int(year)
    if len(year) == 2:
        full += 1900 if full >= 50 else 2000
    try:
        return dateparser.parse(f"{month}/{day}/{full}", dayfirst=False).date()
    except (ValueError, OverflowError):
        return None


@pytest.mark.parametrize("year", ["07", "49", "50", "99", "2017", "1999", "2000", "0017", "1000"])
def test_declassification_dates_read_as_dateutil_reads_them(year: str) -> None:
    for month in range(15):
        for day in range(34):
            decl = parse_eo(f"E.O. 12958: DECL: {month}/{day}/{year}")
            assert decl is not None
            assert decl.date == _dateutil_reading(month, day, year), (month, day, year)


def test_day_first_dates_and_leap_days() -> None:
    assert parse_eo("E.O. 12958: DECL: 25/12/2015").date == date(2015, 12, 25)
    assert parse_eo("E.O. 12958: DECL: 02/29/2016").date == date(2016, 2, 29)
    assert parse_eo("E.O. 12958: DECL: 02/29/2017").date is None


# ---------------------------------------------------------------------------
# The quicker regexes match what the plain ones they stand for match.


def test_letter_spellings_are_what_ignorecase_matches() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in string.ascii_letters:
        matched = re.findall(f"(?i:{letter})", every)
        assert sorted(matched) == sorted(_spellings(letter)), letter


#: the anchor regex as written before its case-blind words were spelled out
_PLAIN_ANCHOR_RE = re.compile(
    r"E\.\s?O\.\s?\d{5}|EO\s+\d{5}|TAGS?\s*:|SUBJECT\s*:|SUBJ\s*:|REFS?\s*:|REFTEL\s*:"
    r"|(?i:E\.o\.\s?\d{5}|tags\s*:|subject\s*:|refs?\s*:|classified\s+by\b)"
    r"|CLASSIFIED\s+BY\b|Classified\s+By\b"
)


def _variants(words: list[str], seed: int) -> list[str]:
    """``words`` in odd cases, with the letters IGNORECASE folds (ſ, İ, ı, K) and in contexts."""
    rnd = random.Random(seed)
    folds = {"s": "ſ", "i": "İı", "k": "K"}
    out = []
    for word in words:
        for _ in range(12):
            chars = [rnd.choice([ch.upper(), ch.lower(), ch]) for ch in word]
            chars = [
                rnd.choice(folds[ch.lower()]) if ch.lower() in folds and rnd.random() < 0.2 else ch
                for ch in chars
            ]
            spelled = "".join(chars)
            contexts = [("", ""), ("x ", " y"), ("ABCD", "Z"), ("001352", ". "), ("a.", ":")]
            out += [before + spelled + after for before, after in contexts]
    return out


def test_anchor_regex_matches_as_written_plainly() -> None:
    words = [
        "E.O. 12958", "E. O. 13526: DECL", "e.o.12958", "EO  12958", "TAGS:", "TAG :", "SUBJECT:",
        "SUBJ :", "Subject :", "REF:", "REFS:", "REFTEL:", "REFTELS:", "Classified By: Amb",
        "CLASSIFIED  BY", "classified byx", "TAGS: X SUBJECT: Y REF: Z E.O. 12345 TAGS:",
    ]  # fmt: skip
    for text in _variants(words, 1):
        got = [m.span() for m in _ANCHOR_WORDS_RE.finditer(text)]
        assert got == [m.span() for m in _PLAIN_ANCHOR_RE.finditer(text)], text


def _flat_post_pattern() -> re.Pattern[str]:
    """The plain alternative of every spelling, longest first, that the tree stands for."""
    names = sorted(spellings(), key=len, reverse=True)
    alts = [r"\s+".join(re.escape(w) for w in name.split(" ")) for name in names]
    return re.compile(r"(?<![A-Z])(?:" + "|".join(alts) + r")(?![A-Z])", re.IGNORECASE)


def test_post_tree_matches_as_the_flat_alternative() -> None:
    names = sorted(spellings())
    pairs = zip(names, names[1:], strict=False)
    texts = [f"04 {name} 1234" for name in names] + [f"{a}{b} {a}, {b}" for a, b in pairs]
    texts += [text.replace(" ", "  ") for text in texts] + _variants(names[::7], 2)
    flat = _flat_post_pattern()
    for text in texts:
        assert [m.span() for m in post_pattern().finditer(text)] == [
            m.span() for m in flat.finditer(text)
        ], text


def test_the_year_before_a_post_is_found_in_a_window_as_in_the_whole_text() -> None:
    """The year before each cable of a REF line is looked for in the few characters before
    it (the whole text before it made a long REF line quadratic): the same cables and years
    as a search of the whole text, on lines with and without years, near and far."""
    from reader.parser import preamble

    whole = re.compile(r"(?:^|\s)(\d{4}|\d{2})\s*$")
    rng = random.Random(5)
    years: set[str] = set()
    for _ in range(200):
        entries = []
        for n in range(rng.randint(1, 40)):
            year = rng.choice(["", "06 ", "2005 ", "1999  ", "7 ", "123 "])
            entries.append(f"{chr(65 + n % 26)}. {year}{rng.choice(['STATE', 'PRAGUE'])} {n + 1}")
        text = " ".join(entries)
        windowed = preamble._cable_refs(text, 2007)
        real = preamble._YEAR_BEFORE_RE
        try:
            preamble._YEAR_BEFORE_RE = _WholeText(whole)  # type: ignore[assignment]
            plain = preamble._cable_refs(text, 2007)
        finally:
            preamble._YEAR_BEFORE_RE = real
        assert windowed == plain, text
        years |= {ident[:2] for _, ident in windowed}
    assert years == {"05", "06", "07", "99"}  # the years written, and the cable's own


class _WholeText:
    """The old search: from the start of the text, whatever window is asked for."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def search(self, text: str, _pos: int, endpos: int) -> re.Match[str] | None:
        return self.pattern.search(text, 0, endpos)


def _reasons_from_the_whole_rest(block: str) -> tuple[str, ...]:
    """The reasons as read before the window: each section's end looked for in the whole
    rest of the line (which made a line of many sections quadratic)."""
    from reader.parser import preamble as p

    body = p._CLASSIFIED_BY_HEAD_RE.sub("", " ".join(block.split()), count=1)
    reasons: list[str] = []
    for rm in p._REASON_SECTION_RE.finditer(body):
        tail = body[rm.end() :]
        nxt = p._REASON_END_RE.search(tail)
        chunk = p._TRAILING_MARK_RE.sub("", (tail[: nxt.start()] if nxt else tail)[:60])
        letters = [lm.group(1).lower() for lm in p._REASON_LETTER_RE.finditer(chunk)]
        for rg in p._RANGE_RE.finditer(chunk):
            first, last = ord(rg.group(1).lower()), ord(rg.group(2).lower())
            letters += [chr(c) for c in range(first, last + 1)]
        for letter in sorted(set(letters)):
            if f"1.{rm.group(1)}({letter})" not in reasons:
                reasons.append(f"1.{rm.group(1)}({letter})")
    return tuple(reasons)


def test_reasons_are_read_in_a_window_as_from_the_whole_line() -> None:
    from reader.parser.preamble import parse_classified_by

    rng = random.Random(11)
    pieces = ["1.4", "1.5", "1. 4", "(b)", "(d)", "b and d", "(b)-(d)", "and", "E.O.", "EO"]
    pieces += ["12958", "(C)", ". Next", "for reasons", "Reason:", "Ambassador", "x" * 70, ";"]
    found: set[str] = set()
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 60))]
        block = "Classified By: " + rng.choice([" ", "  ", "\n"]).join(words)
        reasons = parse_classified_by(block).reasons
        assert reasons == _reasons_from_the_whole_rest(block), block
        found |= set(reasons)
    assert {"1.4(b)", "1.4(c)", "1.5(d)"} <= found
