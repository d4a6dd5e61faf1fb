"""A cable's reference ID decided by evidence: every claim the text and its container make,
and the ID most of them agree on.

The release is messy: a file may hold the banner of a quoted, dumped or glued-on cable, a
banner with a cut or damaged serial, a redacted post, or a published ID that a damaged banner
made (``08ECTION01OF02MANAMA492``). No single claim is trusted; each claim says what it says
(a year, a post, a serial, or several), a candidate ID is made from each claim that names a
post and a serial, and the candidate most claims agree with wins. Claims that disagree with
the winner are named in an ``id-conflict`` problem.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from reader.model.posts import id_spelling
from reader.model.posts import known_posts as _known_posts

__all__ = [
    "ID_LIKE",
    "ID_RE",
    "TYPED_ID_RE",
    "Claim",
    "Decision",
    "canonical_published",
    "decide",
    "known_posts",
    "parse_id",
    "published_claim",
]

#: A post as a canonical ID spells it: a letter, then letters and digits, ending in a letter
_POST = r"[A-Z][A-Z0-9]*?[A-Z]"
#: A canonical reference ID: 2-digit year, post, serial (published IDs may be malformed).
ID_RE = re.compile(rf"^(?P<year>\d{{2}})(?P<post>{_POST})(?P<serial>\d{{1,7}})$")
#: An ID as an analyst types it, or its start (07PRAGUE: no serial): year, post, serial
TYPED_ID_RE = re.compile(rf"(\d{{2}})({_POST})(\d*)")
#: What a cable ID looks like as published, unparsed: a year (two digits, or four where a
#: damaged header said it twice: 7575LIBREVILLE1895), a post that starts with a letter, a
#: serial. The one pattern that tells an ID (a cables.csv ID cell, a dumped row's, a word of
#: a query) from other text; ID_RE then reads a canonical one into its parts. Upper case:
#: a reader of lower-case text compiles it with re.IGNORECASE.
ID_LIKE = r"\d{2,4}[A-Z][A-Z0-9]*\d+"

#: A redacted post ("XXXXXXXXXXXX") names nothing.
_REDACTED_RE = re.compile(r"^X{3,}$")
#: What a damaged banner leaves at the front of a published ID, after the year: a section
#: mark ("SECTION01OF03", "ECTION01OF02", "SCTION02OF02", "SECTION01GF02") or the EFTO
#: handling word ("UNCLAS E F T O LONDON 002883" gives 08EFTOLONDON2883).
_SECTION_PREFIX_RE = re.compile(r"^[A-Z]{0,3}C?TION\d{2}[A-Z0-9]{2}\d{2}(?=[A-Z])")
_EFTO_PREFIX = "EFTO"
#: The year said twice ("7575LIBREVILLE1895").
_DOUBLED_YEAR_RE = re.compile(r"^(\d{2})\1(?=[A-Z])")

#: Weight of a claim read from a published ID that a damaged banner made: its post or serial
#: may be cut or garbled, so two agreeing header claims outweigh it.
DAMAGED_WEIGHT = 0.5
#: Two-digit years before this (2000-2049) pad banner serials to six digits; older cables
#: pad to five ("TEHRAN 08980") or not at all.
_PADDED_SINCE = 50
#: Which candidate wins a tie: the published ID, then the header's own claims, then the body.
_ORDER = {"published": 0, "banner": 1, "fm+de": 2, "later banner": 3, "dumped record": 4}


class Claim(NamedTuple):
    """What one piece of evidence says about the ID; None where it says nothing. (A named
    tuple: the parser makes several for every cable, and these are made three times faster
    than a frozen dataclass.)"""

    source: str  # "published", "banner", "later banner", "dumped record", "DE", "FM", "DTG"
    said: str  # the words as found, for the problem message
    year: int | None = None  # two digits
    post: str | None = None  # as IDs spell it
    serial: int | None = None
    weight: float = 1.0
    #: the serial's digits as a banner wrote them: a banner of this century pads its serial
    #: to six digits, so "00169" may be a serial cut short (BERLIN 001690) as well as 169
    digits: str | None = None

    def cut(self, year: int) -> int:
        """How many digits the banner serial may have lost, for a cable of ``year``."""
        d = self.digits
        if d is None or year >= _PADDED_SINCE or not d.startswith("0") or len(d) >= 6:
            return 0
        return 6 - len(d)


class Decision(NamedTuple):
    id: str | None
    conflicts: tuple[Claim, ...] = ()


@lru_cache(maxsize=1)
def known_posts() -> frozenset[str]:
    """Every post as IDs spell it (made once: the parser asks for each cable)."""
    return _known_posts()


def parse_id(ident: str) -> tuple[int, str, int] | None:
    """(year, post, serial) of an ID, or None when it is not one."""
    m = ID_RE.match(ident.strip().upper())
    if m is None:
        return None
    return int(m["year"]), m["post"], int(m["serial"])


@lru_cache(maxsize=16)  # asked twice for the same cable, never again after it
def canonical_published(ident: str) -> tuple[str, bool] | None:
    """The cable's real ID made from a published one, and whether the published one was
    damaged (a section mark in it). ``7575LIBREVILLE1895`` -> ``75LIBREVILLE1895``,
    ``08EFTOLONDON2883`` -> ``08LONDON2883``, ``08ECTION01OF02MANAMA492`` -> ``08MANAMA492``
    (damaged; its post is then read as the one known post a letter away, QRIPOLI -> TRIPOLI).
    None when it is not an ID at all."""
    text = ident.strip().upper()
    # the year said twice: tested by slicing first, as the regex substitution alone costs
    # a microsecond and this runs for every cable's file name
    if text[:2] == text[2:4] and _DOUBLED_YEAR_RE.match(text):
        text = text[2:]
    if ID_RE.match(text) is None:
        return None
    year, rest = text[:2], text[2:]
    damaged = False
    m = _SECTION_PREFIX_RE.match(rest)
    if m:
        rest, damaged = rest[m.end() :], True
    elif rest.startswith(_EFTO_PREFIX) and len(rest) > len(_EFTO_PREFIX) + 2:
        rest = rest[len(_EFTO_PREFIX) :]
    canonical = year + rest
    m = ID_RE.match(canonical)
    if m is None:
        return None
    if damaged:  # the damage may have reached the post too (QRIPOLI)
        canonical = year + known_spelling(m["post"]) + m["serial"]
    return canonical, damaged


def published_claim(ident: str, source: str = "published") -> Claim | None:
    """The claim of a published ID (or a dumped record's), made canonical; a damaged one
    weighs less."""
    made = canonical_published(ident)
    parts = parse_id(made[0]) if made else None
    if made is None or parts is None:
        return None
    return Claim(source, ident, *parts, weight=DAMAGED_WEIGHT if made[1] else 1.0)


@lru_cache(maxsize=1024)
def post_claim(post: str | None) -> str | None:
    """A post as IDs spell it, or None when it is redacted or empty."""
    if not post:
        return None
    spelled = id_spelling(post)
    if not spelled or _REDACTED_RE.match(spelled):
        return None
    return spelled


def serial_claim(serial: str | None) -> int | None:
    """A serial as a number, or None when it is not one (``00Q021``) or zero."""
    if not serial or not serial.isdigit():
        return None
    return int(serial) or None


def _similar(a: str, b: str) -> bool:
    """One letter changed, added or dropped in a long enough name (QRIPOLI, BISHIEK)."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@lru_cache(maxsize=256)
def known_spelling(post: str) -> str:
    """``post``, or the one known post a letter away from it (QRIPOLI -> TRIPOLI, BISHIEK ->
    BISHKEK): a damaged banner or published ID never gives a post that does not exist."""
    posts = known_posts()
    if post in posts:
        return post
    near = [p for p in posts if _similar(p, post)]
    return near[0] if len(near) == 1 else post


def _posts_agree(a: str, b: str) -> bool:
    return a == b or _similar(a, b)


class _Candidate(NamedTuple):
    year: int
    post: str
    serial: int
    origin: str

    @property
    def id(self) -> str:
        return f"{self.year:02d}{self.post}{self.serial}"


def _agrees(claim: Claim, cand: _Candidate) -> bool:
    if claim.year is not None and claim.year != cand.year:
        return False
    if claim.post is not None and not _posts_agree(claim.post, cand.post):
        return False
    if claim.serial is not None and claim.serial != cand.serial:
        if cut := claim.cut(cand.year):
            return cand.serial // 10**cut == claim.serial
        if claim.source == "DE":
            # the DE line holds the serial's last four digits (#0927 for STATE 30927)
            return claim.serial % 10000 == cand.serial % 10000
        return claim.serial == cand.serial
    return True


def _all_say_the_same(claims: list[Claim], year: int | None) -> str | None:
    """The ID when every claim says the same year, post and serial as the first that names
    a post and a serial, where it says them at all (most cables); else None, and ``decide``
    weighs the claims. What decide would give then: its first candidate, which every claim
    agrees with. (Done without candidates or _agrees: it runs for every cable.)"""
    for first in claims:  # (a loop, not next() over a generator: a microsecond less)
        if first.post is not None and first.serial is not None:
            break
    else:
        return None
    y = first.year if first.year is not None else year
    if y is None:
        return None
    post = known_spelling(first.post)  # type: ignore[arg-type]
    serial = first.serial
    for c in claims:
        if (
            (c.year is not None and c.year != y)
            or (c.post is not None and c.post != post)
            or (c.serial is not None and c.serial != serial)
        ):
            return None
    return f"{y:02d}{post}{serial}"


def decide(claims: list[Claim], year: int | None) -> Decision:
    """The ID most claims agree with. ``year`` (two digits) dates candidates made from claims
    without a year of their own (banners); None when nothing in the file says the year."""
    quick = _all_say_the_same(claims, year)
    if quick is not None:
        return Decision(quick)
    candidates: list[_Candidate] = []
    for c in claims:
        if c.post is None or c.serial is None:
            continue
        y = c.year if c.year is not None else year
        if y is not None:
            cand = _Candidate(y, known_spelling(c.post), c.serial, c.source)
            if not candidates and all(_agrees(other, cand) for other in claims):
                return Decision(cand.id)  # the common case: the first claim, all agreeing
            candidates.append(cand)
    fm = next((c for c in claims if c.source == "FM" and c.post), None)
    de = next((c for c in claims if c.source == "DE" and c.serial), None)
    if fm is not None and de is not None and year is not None:
        assert fm.post is not None and de.serial is not None
        candidates.append(_Candidate(year, fm.post, de.serial, "fm+de"))
        # serials are never cut: a longer serial that ends in the DE's four digits is
        # already a candidate, and outranks this one by the DE's and its own agreement
    if not candidates:
        return Decision(None)
    posts = known_posts()

    def rank(cand: _Candidate) -> tuple[float, bool, int]:
        score = sum(c.weight for c in claims if _agrees(c, cand))
        return score, cand.post in posts, -_ORDER.get(cand.origin, len(_ORDER))

    best = max(candidates, key=rank)
    conflicts = tuple(c for c in claims if not _agrees(c, best))
    return Decision(best.id, conflicts)


def describe(claims: tuple[Claim, ...]) -> str:
    """``banner MOSCOW 005154; DE #2725`` for a problem message."""
    return "; ".join(f"{c.source} {c.said}" for c in claims)
