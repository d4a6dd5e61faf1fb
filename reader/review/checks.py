"""The checks a careful classification reviewer makes on one parsed cable: Cable -> Findings.

Each check is one function, listed with its code, title and description in ``CHECKS``;
``check_cable`` runs them all. A check says nothing about what the parser could not read
(no banner, no DTG, no E.O. line...), and knows the older styles that are not errors:
``(C - ENTIRE TEXT)``, E.O. 11652/12065 lines without Classified By, ``UNCLAS E F T O``,
SBU/LOU paragraphs under an UNCLASSIFIED banner, quoted documents with their own numbering,
partial extracts and WikiLeaks redactions. What each check decided on such edge cases is
written in its docstring.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar

from reader.model.records import LEVELS, Cable, Marking, Paragraph
from reader.parser.lines import line_separator
from reader.parser.markings import parse_portion
from reader.parser.quicksearch import first_matches
from reader.review.citation import cable_date, format_date

__all__ = [
    "CHECKS",
    "UNCHECKED_PROBLEMS",
    "Check",
    "Finding",
    "Severity",
    "check_by_code",
    "check_cable",
]

Severity = Literal["error", "warning", "info"]

#: Parser problems that mean there is no text to check: a cable with one has no findings.
UNCHECKED_PROBLEMS: tuple[str, ...] = ("parser-error", "no-cable-text")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found. ``start``/``end`` are offsets into Cable.text for the margin.

    ``line`` is 1-based in Cable.text; ``paragraph`` the paragraph number, when the finding
    is about a paragraph.
    """

    code: str
    message: str
    severity: Severity
    line: int | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """A check: ``title`` is the facet label, ``description`` the README text."""

    code: str
    title: str
    description: str
    severity: Severity
    run: Callable[[CableReading], Iterator[Finding]]


# --------------------------------------------------------------------------- dates in force

#: E.O. 12958 took effect on 14 October 1995; from then a classified cable names its
#: classifier and the reasons, and marks every portion.
EO_12958_IN_FORCE = date(1995, 10, 14)
_MODERN_ORDERS = frozenset({"12958", "13526", "13292"})
_OLD_ORDERS = frozenset({"11652", "12065", "12356"})

# --------------------------------------------------------------------------- patterns

#: The number (and paragraph sign) that opens a paragraph, and what separates it.
_NUMBER_RE = re.compile(r"[ \t]*(?:¶[ \t]*|&para;[ \t]*|-[ \t]+1(?=\d))?\d{1,3}[ \t]*(?P<sep>[.)])")
#: A parenthesised group at the start of a paragraph (longer than the parser's PAREN_RE).
_OPEN_PAREN_RE = re.compile(r"\s*\(([^()]{1,200})\)")
#: A short heading before the marking: "Summary: (C)", "Key Points: -- (S)".
_HEADED_MARK_RE = re.compile(r"\s*([^()]{1,60}?)\s*(?:-{1,2}\s*)?(?:[A-Z]\)\s*)?\(([^()]{1,200})\)")
_DASHES_RE = re.compile(r"\s*-{2,}\s*")
#: What an upper-case code in brackets looks like when it is meant as a marking: (SE) (NC)
_MARKISH_RE = re.compile(r"[A-Z][A-Z/ \-]{0,11}")
#: A marking that lost a bracket: "SBU) text", "C) text", "(C text".
_LOST_OPEN_RE = re.compile(
    r"\s*((?:TS|SBU|FOUO|LOU|U|C|S)(?:\s*/{1,2}\s*[A-Z]{2,6})*\))(?=\s|[A-Z])"
)
_LOST_CLOSE_RE = re.compile(r"\s*(\((?:TS|SBU|U|C|S)(?:/{1,2}[A-Z]{2,6})*)\s+(?=[A-Z])(?!X{4})")
#: A marking without its level: "(/Rel UK)", "(//NF)".
_HEADLESS_RE = re.compile(r"\s*(\(\s*/{1,2}\s*(?:REL|NF|NOFORN)[^()\n]{0,60}\))", re.IGNORECASE)
#: A WikiLeaks redaction or removal where the paragraph's text should start.
_REDACTED_RE = re.compile(
    r"\s*(?:\(\s*(?:(?:TS|SBU|U|C|S)\s+)?)?(?:X{4,}|x{4,}|\[[A-Z ]*REMOVED\]|\[REDACTED\])"
)
#: Paragraph 1 of some cables is the Classified By statement itself.
_AUTHORITY_PARAGRAPH_RE = re.compile(r"\s*(?:\(U\)\s*)?CLASSIFIED\s+BY\b", re.IGNORECASE)
_LETTER_RE = re.compile(r"[A-Za-z]")
#: Quoted documents keep their own numbering: BEGIN TEXT ... END TEXT.
_QUOTE_BEGIN_RE = re.compile(
    r"\bBEGIN\s+(?:\w+\s+){0,2}(?:TEXT|QUOTE)\b|\bTEXT\s+(?:\w+\s+){0,3}FOLLOWS\b|\bFULL\s+TEXT\b",
    re.IGNORECASE,
)
_QUOTE_END_RE = re.compile(r"\bEND\s+(?:OF\s+)?(?:\w+\s+)?(?:TEXT|QUOTE)\b", re.IGNORECASE)
#: The two for upper-cased ASCII text, the beginning as its three branches, each led by a
#: plain word with the word boundary before it written after it: the engine skips to that
#: word (one pattern of three branches was tried at every character).
_QUOTE_BEGIN_UPPER_RES = (
    re.compile(r"BEGIN(?<!\wBEGIN)\s+(?:\w+\s+){0,2}(?:TEXT|QUOTE)\b"),
    re.compile(r"TEXT(?<!\wTEXT)\s+(?:\w+\s+){0,3}FOLLOWS\b"),
    re.compile(r"FULL(?<!\wFULL)\s+TEXT\b"),
)
_QUOTE_END_UPPER_RE = re.compile(r"END(?<!\wEND)\s+(?:OF\s+)?(?:\w+\s+)?(?:TEXT|QUOTE)\b")
_ENTIRE_TEXT_RE = re.compile(
    r"\(\s*(?:U|C|S|TS|LOU|CONFIDENTIAL|SECRET|UNCLASSIFIED)\s*[-/–]*\s*ENTIRE\s+TEXT",
    re.IGNORECASE,
)
#: A lower-case letter opening a paragraph as a list label: "(a)", "(b)".
_LETTER_LABEL_RE = re.compile(r"\s*\(([a-z])\)\s")
#: Where a Classified By (or derivative "Derived from") statement starts. (Each opens with
#: its letter, then looks behind it, so the engine can skip ahead to a C or a D; the two are
#: searched apart, see first_matches: as branches of one pattern they were tried at every
#: character.)
_AUTHORITY_RES = (
    re.compile(r"C(?<![A-Za-z]C)(?i:lass[a-z]{0,3}ied\s+by)\b"),
    re.compile(r"D(?<![A-Za-z]D)(?i:erived\s+from)\b"),
)
_DERIVED_RE = re.compile(r"DERIVED\s+FROM|MULTIPLE\s+SOURCES", re.IGNORECASE)
#: A paragraph start inside an authority statement: where the statement ends.
_AUTHORITY_END_RE = re.compile(
    r"\n[ \t]*(?:¶[ \t]*)?\d{1,3}[ \t]*[.)][ \t]+\S"
    r"|\s\d{1,2}\.\s+\((?:U|C|S|SBU)\b"
    r"|\n[ \t]*\n[ \t]*\n"
)
#: A reason, however written: 1.4(b), 1.4 b/d, 1.5d, 1,4 (b), 14 (b), reasons b, d, (B) and (D).
_REASON_RES = (
    re.compile(r"\b1\s?[.,/]?\s?[2-6]\s*\(?\s*[A-Ha-h](?![A-Za-z])"),
    re.compile(r"\bREASONS?\b[\W\d]{0,10}\(?[A-Ha-h]\)?(?![A-Za-z])", re.IGNORECASE),
    re.compile(r"\((?:[A-Ha-h])\)\s*(?:,|AND|&)\s*\((?:[A-Ha-h])\)", re.IGNORECASE),
    re.compile(r"\b25X[1-9]\b|\b1\.6\s*X[1-8]\b"),
)
#: A corrected copy, its three spellings apart: each led by a plain letter, which the engine
#: skips to (as one pattern, the branches led by a word boundary were tried at every
#: character: 19 us over a preamble, 1.6 us apart).
_CORRECTED_RES = (
    re.compile(r"C\s?O\s?R\s?R\s?E\s?C\s?T\s?E\s?D\s+C\s?O\s?P\s?Y"),
    re.compile(r"CCY(?<!\wCCY)\b"),
    re.compile(r"ZDS(?<!\wZDS)\b"),
)
_NOFORN_RE = re.compile(r"NOFORN")
#: Words that may follow ``//`` in a banner, upper-cased (REL TO ... is handled apart).
_BANNER_CONTROLS = frozenset(
    {
        "NOFORN", "NOFORNDIS", "NF", "ORCON", "NODIS", "EXDIS", "LIMDIS", "FGI", "PROPIN",
        "NOCONTRACT", "FOR OFFICIAL USE ONLY", "FOUO", "SBU", "SENSITIVE BUT UNCLASSIFIED",
        "SENSITIVE", "EFTO", "SIPDIS", "SI", "TK", "STADIS",
    }
)  # fmt: skip
_BANNER_SLASHES_RE = re.compile(r"//\s*")
_BANNERISH_RE = re.compile(
    r"^[ \t]*((?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS)[ \t]*//.*?)[ \t]*$",
    re.MULTILINE,
)
_WORD_RE = re.compile(r"[A-Z]+")
_SECURITY_LETTER = {"U": "UE", "C": "C", "S": "S", "TS": "T"}
_LEVEL_WORD = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET"}


# --------------------------------------------------------------------------- read once

_T = TypeVar("_T")

if TYPE_CHECKING:
    from functools import cached_property
else:

    class cached_property(Generic[_T]):
        """functools.cached_property without its lock: in Python 3.11 that takes an RLock at
        the first reading of each property, some 17 a cable here (4-5 us of 60 over 3,000
        cables of /tmp/c100k). A CableReading is read by one thread."""

        def __init__(self, func: Callable[[Any], _T]) -> None:
            self.func = func
            self.name = func.__name__
            self.__doc__ = func.__doc__

        def __set_name__(self, owner: type, name: str) -> None:
            self.name = name

        def __get__(self, instance: object, owner: type | None = None) -> Any:
            if instance is None:
                return self
            value = instance.__dict__[self.name] = self.func(instance)
            return value


def _level(marking: Marking) -> int:
    """U 0 (controlled unclassified too: SBU/LOU/FOUO under UNCLASSIFIED is not 'above'), C 1..."""
    return LEVELS.index(marking.level)


# --------------------------------------------------------------------------- one paragraph


class Opening(NamedTuple):
    """How a numbered paragraph opens, as the checks read it. (A named tuple: one is made
    for each numbered paragraph of every cable, three times as fast as a frozen dataclass.)

    ``marking`` is the portion marking (the parser's, or one it missed: after a short
    heading such as ``Summary: (C)``, or a long REL list); ``malformed`` the raw text of a
    marking that is not a valid one (``(SE)``, ``SBU)``, ``(C/F)``); ``redacted`` that the
    text starts with a redaction, which may have swallowed the marking. Whether the
    "paragraph" is an item of a list or of a quoted document is CableReading.list_item's to
    say: only the unmarked-paragraph check asks, and seldom.
    """

    paragraph: Paragraph
    marking: Marking | None
    malformed: str | None = None
    malformed_start: int | None = None
    redacted: bool = False
    #: the paragraph's place among the numbered ones (for CableReading.list_item)
    place: int = 0


def _is_marking(m: Marking | None) -> bool:
    """A dotted abbreviation such as ``(U.S.)`` is read as U with a control S: not a marking."""
    return m is not None and "." not in m.raw


class CableReading:
    """What the checks read from one cable, each worked out once and only when asked."""

    def __init__(
        self, cable: Cable, known_ids: Container[str] | None = None, place: str = "the folder"
    ) -> None:
        self.cable = cable
        self.known_ids = known_ids
        #: where the known IDs are, as the references check names it
        self.place = place

    # -- text positions ------------------------------------------------------------

    @cached_property
    def _separator(self) -> str:
        return line_separator(self.cable.text)

    def line_span(self, line: int | None) -> tuple[int | None, int | None]:
        """Offsets of a 1-based line, without its line break and trailing blanks."""
        if line is None or line < 1:
            return None, None
        text, sep = self.cable.text, self._separator
        start = 0
        # the lines asked for are near the top (a header element, a finding's paragraph):
        # found from line break to line break, not by cutting the whole text into lines
        for _ in range(line - 1):
            at = text.find(sep, start)
            if at < 0:
                return None, None
            start = at + 1
        end = text.find(sep, start)
        if end < 0:
            end = len(text)
        return start, start + len(text[start:end].rstrip())

    def line_at(self, offset: int) -> int:
        """The 1-based line that holds ``offset``."""
        if offset < 0:
            return 0
        return self.cable.text.count(self._separator, 0, offset) + 1

    @cached_property
    def body_start(self) -> int:
        """Where the first paragraph starts (the end of the header and preamble)."""
        c = self.cable
        return c.paragraphs[0].start if c.paragraphs else len(c.text)

    @cached_property
    def preamble(self) -> str:
        """The text above the subject line (banner, handling lines, E.O., TAGS)."""
        c = self.cable
        end = self.body_start
        subject = c.line_of("subject")
        if subject is not None:
            start, _ = self.line_span(subject)
            if start is not None:
                end = min(end, start)
        return c.text[:end]

    @cached_property
    def authority_region(self) -> str:
        """Where a Classified By statement may stand: up to the second paragraph."""
        c = self.cable
        if len(c.paragraphs) > 1:
            end = c.paragraphs[1].start
        elif c.paragraphs:
            end = min(c.paragraphs[0].end, c.paragraphs[0].start + 1500)
        else:
            end = len(c.text)
        return c.text[:end]

    # -- classification ---------------------------------------------------------------

    @cached_property
    def banner(self) -> Marking | None:
        """The banner the cable states (or its container's metadata states).

        None when the parser found none, and when it took the level from the security line:
        comparing the security line with itself would prove nothing.
        """
        c = self.cable
        if any(p.code == "classification-from-security-code" for p in c.problems):
            return None
        return c.banner

    @cached_property
    def banner_lines(self) -> list[tuple[int, str]]:
        """(line, text) of the banner line, or, when the parser refused every line as a
        banner (``SECRET//NOFRN`` is refused whole), of the lines above the body that
        start like one."""
        c = self.cable
        line = c.line_of("banner")
        if line is not None and c.banner is not None:
            return [(line, c.banner.raw)]
        return [
            (self.line_at(m.start(1)), m.group(1))
            for m in _BANNERISH_RE.finditer(c.text, 0, self.body_start)
        ]

    @cached_property
    def classified(self) -> bool:
        return self.banner is not None and self.banner.level != "U"

    @cached_property
    def header_matches_banner(self) -> bool:
        """False when the DE serial is not the banner's: the routing header belongs to
        another cable (a WikiLeaks mix-up) or the banner serial is garbled."""
        c = self.cable
        if c.de is None or not c.de.serial or not c.banner_serial:
            return True
        try:
            de, banner = int(c.de.serial), int(c.banner_serial)
        except ValueError:
            return True
        return de == banner % 10 ** len(c.de.serial)

    @cached_property
    def noforn_caption(self) -> bool:
        """NOFORN in the banner, the handling lines, or the lines above the subject
        (``SECRET NOFORN`` under the banner, run-together headers such as ``000333NOFORN``)."""
        c = self.cable
        if (self.banner is not None and self.banner.noforn) or "NOFORN" in c.handling:
            return True
        return bool(_NOFORN_RE.search(self.preamble))

    @cached_property
    def cable_date(self) -> date | None:
        return cable_date(self.cable)

    @cached_property
    def modern(self) -> bool | None:
        """Under E.O. 12958 or later (True), an older order (False), or unknown (None)."""
        d = self.cable.declassify
        if d is not None and d.eo in _MODERN_ORDERS:
            return True
        if d is not None and d.eo in _OLD_ORDERS:
            return False
        if self.cable_date is not None:
            return self.cable_date >= EO_12958_IN_FORCE
        return None

    @cached_property
    def entire_text(self) -> bool:
        """``(C - ENTIRE TEXT)``: one marking for every paragraph (1970s style)."""
        c = self.cable
        if any(o.marking and "ENTIRE TEXT" in o.marking.controls for o in self.openings):
            return True
        return bool(_ENTIRE_TEXT_RE.search(c.text, 0, self.body_start + 2000))

    @cached_property
    def corrected_copy(self) -> bool:
        """A corrected copy (ZDS, CCY, ``C O R R E C T E D C O P Y``) is sent again later."""
        c = self.cable
        if "CORRECTED COPY" in c.handling:
            return True
        dtg_line = self.line_span(c.line_of("dtg"))
        head = c.security_line or ""
        if dtg_line[0] is not None:
            head += " " + c.text[dtg_line[0] : dtg_line[1]]
        return any(rx.search(head) or rx.search(self.preamble) for rx in _CORRECTED_RES)

    # -- paragraphs ---------------------------------------------------------------------

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Spans of quoted documents (BEGIN TEXT ... END TEXT) in the body."""
        text, pos = self.cable.text, self.body_start
        if text.isascii():
            # The same patterns for upper-cased text, each led by a plain word, which the
            # engine skips to; the case-blind ones try every character (for ASCII text,
            # upper-casing keeps every offset and what is a word character).
            text = text.upper()
            begin_res: tuple[re.Pattern[str], ...] = _QUOTE_BEGIN_UPPER_RES
            end_re = _QUOTE_END_UPPER_RE
        else:
            begin_res, end_re = (_QUOTE_BEGIN_RE,), _QUOTE_END_RE
            lower = text.lower()
            if len(lower) == len(text):  # the case-blind search starts at the first word
                found_at = list(map(lower.find, ("begin", "text", "full"), repeat(pos)))
                if max(found_at) < 0:
                    return []
                pos = min(i for i in found_at if i >= 0)
        spans: list[tuple[int, int]] = []
        while True:
            b = next(first_matches(begin_res, text, pos), None)
            if b is None:
                return spans
            e = end_re.search(text, b.end())
            end = e.start() if e else len(text)
            spans.append((b.end(), end))
            pos = e.end() if e else len(text)

    @cached_property
    def _numbered(self) -> list[Paragraph]:
        return [p for p in self.cable.paragraphs if p.number is not None]

    @cached_property
    def openings(self) -> tuple[Opening, ...]:
        return tuple(self._opening(k, p) for k, p in enumerate(self._numbered))

    @cached_property
    def _numbering(self) -> list[tuple[float, float]]:
        """For each numbered paragraph: the lowest number after it, the highest before it."""
        numbers = [p.number or 0 for p in self._numbered]
        lowest = list(accumulate(reversed(numbers), min, initial=math.inf))
        highest = list(accumulate(numbers, max, initial=-math.inf))
        return [(lowest[len(numbers) - 1 - k], highest[k]) for k in range(len(numbers))]

    def _number(self, p: Paragraph) -> tuple[int, str]:
        """Where the paragraph's number (and its dot) ends, and what follows the number:
        ``.`` or ``)``. Read only where asked: a marking the parser took needs neither."""
        m = _NUMBER_RE.match(self.cable.text, p.start, p.end)
        if m is None:
            return min(p.end, p.start + 3), "."
        return m.end(), m.group("sep")

    def span(self, o: Opening) -> tuple[int, int]:
        """What the margin marks for a paragraph's finding: its marking, the malformed one,
        or the number of an unmarked paragraph."""
        p = o.paragraph
        if p.marking_start is not None and p.marking_end is not None:
            return p.marking_start, p.marking_end
        if o.malformed is not None and o.malformed_start is not None:
            return o.malformed_start, o.malformed_start + len(o.malformed)
        return p.start, self._number(p)[0]

    def _opening(self, k: int, p: Paragraph) -> Opening:
        if p.marking is not None:
            if not p.marking.valid and _is_marking(p.marking):
                return Opening(p, None, p.marking.raw, p.marking_start, False, k)
            if _is_marking(p.marking):
                return Opening(p, p.marking, None, None, False, k)
        after = self._number(p)[0]
        rest = self.cable.text[after : min(p.end, after + 300)]
        found = self._missed_marking(rest)
        if found is not None:
            return Opening(p, found, None, None, False, k)
        bad = self._malformed(rest)
        if bad is not None:
            raw, offset = bad
            return Opening(p, None, raw, after + offset, False, k)
        # a redaction may have swallowed the marking; "1. ..." and a Classified By
        # statement numbered as paragraph 1 are no portions to mark
        unreadable = (
            bool(_REDACTED_RE.match(rest))
            or not _LETTER_RE.search(rest, 0, 40)
            or bool(_AUTHORITY_PARAGRAPH_RE.match(rest))
        )
        return Opening(p, None, None, None, unreadable, k)

    def list_item(self, o: Opening) -> bool:
        """The "paragraph" is an item of a list or of a quoted document: a ``1)`` item,
        numbering that starts again further on or goes back here (a list, a quoted letter,
        a dumped row), or text between BEGIN TEXT and END TEXT. The quoted spans are
        searched last, for a paragraph nothing else excuses: seldom."""
        if self._number(o.paragraph)[1] == ")":
            return True
        n = o.paragraph.number or 0
        lowest_after, highest_before = self._numbering[o.place]
        if lowest_after <= n or highest_before >= n:
            return True
        start = o.paragraph.start
        return any(a <= start < b for a, b in self.quoted)

    @staticmethod
    def _missed_marking(rest: str) -> Marking | None:
        """A valid marking the parser did not take: a long one, or after a short heading."""
        m = _OPEN_PAREN_RE.match(rest)
        if m:
            found = parse_portion("(" + " ".join(m.group(1).split()) + ")")
            if found is not None and found.valid and "." not in found.raw:
                return found
        if "(" not in rest:  # what follows needs one
            return None
        h = _HEADED_MARK_RE.match(_DASHES_RE.sub(" -- ", rest) if "--" in rest else rest)
        if h and not h.group(1).strip().endswith((",", ";")):
            found = parse_portion("(" + h.group(2) + ")")
            if found is not None and found.valid and found.raw[1:2].isupper():
                return found
        return None

    @staticmethod
    def _malformed(rest: str) -> tuple[str, int] | None:
        """Marking-like text that is no valid marking, and where it starts in ``rest``."""
        m = _OPEN_PAREN_RE.match(rest)
        if m:
            inner = m.group(1).strip()
            raw = m.group(0).strip()
            if _MARKISH_RE.fullmatch(inner):
                found = parse_portion(raw)
                if found is None or not found.valid:
                    return raw, m.start(1) - 1
        for pattern in (_HEADLESS_RE, _LOST_OPEN_RE, _LOST_CLOSE_RE):
            m = pattern.match(rest)
            if m:
                return m.group(1), m.start(1)
        return None

    @cached_property
    def uses_portion_marks(self) -> bool:
        """At least one valid portion marking on a paragraph or the subject."""
        return any(o.marking is not None for o in self.openings) or (
            self.cable.subject_marking is not None and self.cable.subject_marking.valid
        )

    @cached_property
    def letter_labels(self) -> bool:
        """Paragraphs opening with ``(a)``, ``(b)``...: then ``(c)`` is a label, not a marking."""
        text = self.cable.text
        for o in self.openings:
            m = _NUMBER_RE.match(text, o.paragraph.start, o.paragraph.end)
            if m is None:
                continue
            label = _LETTER_LABEL_RE.match(text, m.end(), o.paragraph.end)
            if label and label.group(1) not in "csu":
                return True
        return False

    def trusted(self, o: Opening) -> Marking | None:
        """The opening's marking, unless it is a lower-case letter in a lettered list."""
        m = o.marking
        if m is None:
            return None
        if len(m.raw) == 3 and m.raw[1].islower() and self.letter_labels:
            return None
        return m

    # -- Classified By ---------------------------------------------------------------------

    @cached_property
    def authority(self) -> list[str]:
        """Every Classified By (or Derived from) statement above the second paragraph."""
        region = self.authority_region
        out: list[str] = []
        for m in first_matches(_AUTHORITY_RES, region):
            chunk = region[m.start() : m.start() + 320]
            stop = _AUTHORITY_END_RE.search(chunk, 12)
            out.append(" ".join((chunk[: stop.start()] if stop else chunk).split()))
        parsed = self.cable.classified_by
        if parsed is not None and parsed.text not in out:
            out.append(parsed.text)
        return out

    @cached_property
    def has_authority(self) -> bool:
        """``authority`` is not empty: it holds the statement the parser read, when there
        is one, so the region above the second paragraph is searched only without it."""
        return self.cable.classified_by is not None or bool(self.authority)

    @cached_property
    def authority_line(self) -> int | None:
        """The line of the (first) Classified By statement."""
        line = self.cable.line_of("classified_by")
        if line is None and (m := next(first_matches(_AUTHORITY_RES, self.authority_region), None)):
            line = self.line_at(m.start())
        return line

    @cached_property
    def reasons_given(self) -> bool:
        if self.cable.classified_by is not None and self.cable.classified_by.reasons:
            return True
        return any(
            _DERIVED_RE.search(text) or any(r.search(text) for r in _REASON_RES)
            for text in self.authority
        )

    # -- the result ---------------------------------------------------------------------------

    def about(self, code: str, o: Opening, message: str) -> Finding:
        """A finding on a paragraph: ``message`` follows "paragraph N "."""
        n = o.paragraph.number
        return self.finding(code, f"paragraph {n} {message}", paragraph=n, span=self.span(o))

    def finding(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        paragraph: int | None = None,
        span: tuple[int | None, int | None] | None = None,
    ) -> Finding:
        check = check_by_code(code)
        start, end = span if span is not None else self.line_span(line)
        if line is None and start is not None:
            line = self.line_at(start)
        return Finding(code, message, check.severity, line, paragraph, start, end)


# --------------------------------------------------------------------------- the checks


def check_marked_above_banner(r: CableReading) -> Iterator[Finding]:
    """A paragraph or the subject marked above the banner: (S) in a CONFIDENTIAL cable.

    Levels are compared, not controls: SBU, LOU and FOUO portions sit at the unclassified
    level, so (SBU) under an UNCLAS banner is fine. ``(c)`` in a list lettered (a), (b), (c)
    is a label. Nothing is said without a banner of the cable's own.
    """
    banner = r.banner
    if banner is None:
        return
    top = _level(banner)
    subject = r.cable.subject_marking
    if subject is not None and subject.valid and _level(subject) > top:
        yield r.finding(
            "above-banner",
            f"the subject is marked ({subject.text}), above the banner {r.cable.classification}",
            line=r.cable.line_of("subject"),
        )
    for o in r.openings:
        # the level first: only a marking above the banner is asked whether it is a label
        if o.marking is None or _level(o.marking) <= top or (m := r.trusted(o)) is None:
            continue
        yield r.about(
            "above-banner",
            o,
            f"is marked ({m.text}), above the banner {r.cable.classification}",
        )


def check_unmarked_paragraphs(r: CableReading) -> Iterator[Finding]:
    """A classified cable with a numbered paragraph that has no portion marking.

    Not counted: cables marked ``(C - ENTIRE TEXT)``; cables from before E.O. 12958 (1995)
    with no paragraph marked at all (portion marking was not routine in cables then);
    items of a list or of a quoted document (numbering that starts again further on, text
    between BEGIN TEXT and END TEXT, ``1)`` items); paragraphs opening with a redaction;
    paragraphs whose marking follows a short heading (``1. Summary: (C)``); paragraphs with
    a malformed marking (``(SE)``), which invalid-marking reports.
    """
    if not r.classified or r.entire_text:
        return
    if not r.uses_portion_marks and not r.modern:
        return
    for o in r.openings:
        if o.marking is not None or o.malformed is not None or o.redacted or r.list_item(o):
            continue
        yield r.about(
            "unmarked-paragraph",
            o,
            f"has no portion marking in a {r.cable.classification} cable",
        )


def check_invalid_markings(r: CableReading) -> Iterator[Finding]:
    """A banner or portion marking that is not a valid marking.

    Banners: a control after ``//`` that no one defined (``SECRET//NOFRN``). Portions: an
    unknown control (``(C/F)``), an unknown code (``(SE)``, ``(NC)``), a lost bracket
    (``SBU)``, ``(C Text``), a marking without a level (``(/Rel UK)``). In an unclassified
    cable that marks no portion, codes in brackets are topics (``(EU)``, ``(U.S.)`` in a media
    reaction), not markings, and are let be.
    """
    c = r.cable
    for line, raw in r.banner_lines:
        for word in _unknown_banner_words(raw):
            yield r.finding(
                "invalid-marking",
                f"the banner carries //{word}, which is not a known control",
                line=line,
            )
    if c.subject_marking is not None and not c.subject_marking.valid:
        yield r.finding(
            "invalid-marking",
            f"the subject's marking {c.subject_marking.raw} is not a valid marking",
            line=c.line_of("subject"),
        )
    if not (r.classified or r.uses_portion_marks):
        return
    for o in r.openings:
        if o.malformed is None:
            continue
        yield r.about(
            "invalid-marking",
            o,
            f"opens with {o.malformed}, not a valid portion marking",
        )


def _unknown_banner_words(raw: str) -> list[str]:
    """Controls after ``//`` in a banner line that are not known ones."""
    words: list[str] = []
    upper = raw.upper()
    for m in _BANNER_SLASHES_RE.finditer(upper):
        rest = upper[m.end() :]
        if rest.startswith("REL") or any(
            rest.startswith(known) and not rest[len(known) : len(known) + 1].isalpha()
            for known in _BANNER_CONTROLS
        ):
            continue
        word = _WORD_RE.match(rest)
        if word:
            words.append(word.group(0))
    return words


def check_security_code(r: CableReading) -> Iterator[Finding]:
    """The security line disagrees with the banner: ZNY CCCCC on a SECRET cable.

    UUUUU or EEEEE (EFTO) for any unclassified banner (SBU, FOUO and LOU included), CCCCC for
    CONFIDENTIAL, SSSSS for SECRET, TTTTT for TOP SECRET; ZNR only with unclassified traffic
    and ZNY not with UUUUU. Said only when both are there and the DE serial is the banner's:
    otherwise the routing header belongs to another cable (a WikiLeaks mix-up).
    """
    c = r.cable
    banner = r.banner
    if banner is None or not c.security_code or not c.security_line:
        return
    if not r.header_matches_banner:
        return
    line = c.line_of("security")
    letter = c.security_code[0]
    zn = c.security_line.split()[0]
    word = _LEVEL_WORD[banner.level]
    if letter not in _SECURITY_LETTER[banner.level]:
        yield r.finding(
            "security-code",
            f"the security line says {c.security_code} but the banner is {c.classification}"
            f" (expected {'UUUUU' if banner.level == 'U' else _SECURITY_LETTER[banner.level] * 5})",
            line=line,
        )
    elif zn == "ZNR" and banner.level != "U":
        yield r.finding("security-code", f"ZNR (unclassified traffic) on a {word} cable", line=line)
    elif zn == "ZNY" and letter == "U":
        yield r.finding(
            "security-code", "ZNY (classified traffic) with UUUUU on an unclassified cable",
            line=line,
        )  # fmt: skip


def check_de_day(r: CableReading) -> Iterator[Finding]:
    """The DE line's Julian day disagrees with the DTG.

    Both are Zulu, so no time zone comes in. The DE stamp is the transmission, the DTG the
    release: in the real cables the DE day is the DTG's day, or the next day when a cable
    leaves after midnight (up to 21 hours later), and a minute or two early at most. So the
    DTG's day and the next are accepted, the day before only within an hour of the DTG;
    a corrected copy (ZDS, CCY, "CORRECTED COPY") keeps its DTG and goes out again days later,
    so any later day is accepted for it. A DE day before the DTG is always reported.
    """
    c = r.cable
    if c.de is None or c.de.julian_day is None or c.dtg is None:
        return
    de_time = _de_datetime(c.dtg, c.de.julian_day, c.de.time)
    if de_time is None:
        return
    days = (de_time.date() - c.dtg.date()).days
    if days in (0, 1) or (days > 1 and r.corrected_copy):
        return
    if days == -1 and c.dtg - de_time <= timedelta(hours=1):
        return
    yday = c.dtg.timetuple().tm_yday
    when = "after" if days > 0 else "before"
    count = abs(days)
    yield r.finding(
        "de-day",
        f"the DE line's day {c.de.julian_day:03d} ({format_date(de_time.date())}) is {count} "
        f"day{'s' if count != 1 else ''} {when} the DTG's ({format_date(c.dtg.date())}, "
        f"day {yday:03d})",
        line=c.de.line or c.line_of("de"),
    )


_NEAR_ENOUGH = timedelta(days=150)


def _de_datetime(dtg: datetime, julian: int, hhmm: str | None) -> datetime | None:
    """The DE stamp as a datetime, in the year (of three around the DTG's) nearest the DTG."""
    try:
        hour, minute = (int(hhmm[:2]), int(hhmm[2:4])) if hhmm else (dtg.hour, dtg.minute)
        if not (1 <= julian <= 366 and hour < 24 and minute < 60):
            return None
    except ValueError:
        return None
    if 1 < dtg.year < 9999:
        # The same day of the year before or after is 365 or 366 days from this year's:
        # when this year's is within 150 days of the DTG, it is the nearest of the three.
        stamp = datetime(dtg.year, 1, 1, hour, minute, tzinfo=UTC) + timedelta(days=julian - 1)
        if stamp.year == dtg.year and abs(stamp - dtg) < _NEAR_ENOUGH:
            return stamp
    best: datetime | None = None
    for year in (dtg.year - 1, dtg.year, dtg.year + 1):
        start = datetime(year, 1, 1, hour, minute, tzinfo=UTC)
        stamp = start + timedelta(days=julian - 1)
        if stamp.year != year:  # day 366 of a common year
            continue
        if best is None or abs(stamp - dtg) < abs(best - dtg):
            best = stamp
    return best


def check_noforn(r: CableReading) -> Iterator[Finding]:
    """NOFORN on a paragraph (or the subject) of a cable whose banner and handling lack it.

    The banner, the handling lines and the lines above the subject are read: some cables
    repeat the classification as ``SECRET NOFORN`` or ``SECRET//NOFORN`` under the banner,
    and run-together headers (``LONDON 000333NOFORNSIPDIS``) still say it.
    """
    if r.banner is None:
        return
    subject = r.cable.subject_marking
    subject_noforn = subject is not None and subject.noforn
    marked = [(o, m) for o in r.openings if (m := o.marking) is not None and m.noforn]
    # the lines above the subject are found only for a cable with a portion to report
    if not (subject_noforn or marked) or r.noforn_caption:
        return
    where = r.cable.classification
    if subject is not None and subject_noforn:
        yield r.finding(
            "noforn",
            f"the subject is marked ({subject.text}) but neither the banner ({where}) nor a "
            "handling line says NOFORN",
            line=r.cable.line_of("subject"),
        )
    for o, m in marked:
        yield r.about(
            "noforn",
            o,
            f"is marked ({m.text}) but neither the "
            f"banner ({where}) nor a handling line says NOFORN",
        )


def check_classified_by_reasons(r: CableReading) -> Iterator[Finding]:
    """Classified By reasons missing in a classified cable, or present in an unclassified one.

    Expected only under E.O. 12958 and later (an E.O. line citing 12958/13526, or a cable
    from 14 October 1995 on): under E.O. 11652/12065/12356 the classifier stood in the E.O.
    line (``GDS 6/19/85 (HOLCOMB, RAYMOND T.)``) or nowhere. Every Classified By statement
    above the second paragraph is read (WikiLeaks pages hold a truncated copy of the header
    first, and some cables put it inside paragraph 1), with reasons in any spelling
    (``1.4 b/d``, ``1.5d``, ``reasons b, d``); derivative classification (``Derived from``)
    needs none. Said nothing when the statement was cut short (``Classified By: A...``),
    the cable has no E.O. line, or it is a partial extract without the statement (WikiLeaks'
    note: "The full text of the original cable is not available"), or, for unclassified
    cables, when the cable was declassified.
    """
    c = r.cable
    if r.banner is None:
        return
    if r.classified:
        if not r.modern or c.declassify is None:
            return
        # WikiLeaks pages cut long header lines short with "..." (``Classified By: A...``)
        if c.text.find("...", 0, r.body_start) >= 0 or c.text.find("…", 0, r.body_start) >= 0:
            return  # the header was cut short: what is missing may be in the cut
        if not r.has_authority:
            if c.subject is None:
                return  # no SUBJECT either: the lines below TAGS were lost, not left out
            if c.line_of("partial") is not None:
                return  # a partial extract: the line may stand in the part not released
            yield r.finding(
                "classified-by-reasons",
                f"a {c.classification} cable without a Classified By line giving reasons",
                line=c.line_of("declassify"),
            )
        elif not r.reasons_given:
            yield r.finding(
                "classified-by-reasons",
                f"the Classified By line gives no reasons: {r.authority[-1][:80]!r}",
                line=r.authority_line,
            )
        return
    declassified = c.declassify is not None and c.declassify.code in ("DECLASSIFIED", "NARA")
    if not declassified and r.has_authority and r.reasons_given:
        yield r.finding(
            "classified-by-reasons",
            f"an {c.classification} cable with a Classified By line giving reasons",
            line=r.authority_line,
        )


def check_declassify_before_date(r: CableReading) -> Iterator[Finding]:
    """A declassification date earlier than the cable's own date (from the DTG, or the
    container's date when there is no DTG). A date of release by NARA is not an
    instruction and is left out."""
    c = r.cable
    d = c.declassify
    when = r.cable_date
    if d is None or d.date is None or when is None or d.code in ("DECLASSIFIED", "NARA"):
        return
    if d.date < when:
        yield r.finding(
            "declassify-before-date",
            f"declassify on {format_date(d.date)}, before the cable's own date {format_date(when)}",
            line=d.line or c.line_of("declassify"),
        )


def check_references_in_folder(r: CableReading) -> Iterator[Finding]:
    """A REF to a cable that is not in the folder (informational; only when the folder's
    cable IDs are given). E-mails, memos and telcons are not cables and are not counted;
    the referenced IDs a container lists (cables.csv) count too."""
    if r.known_ids is None:
        return
    seen: set[str] = set()
    for ref in r.cable.references:
        if ref.kind != "cable" or ref.id is None or ref.id in seen or ref.id == r.cable.id:
            continue
        seen.add(ref.id)
        if ref.id not in r.known_ids:
            label = f"{ref.label}. " if ref.label else ""
            yield r.finding(
                "reference-not-in-folder",
                f"REF {label}{ref.text} ({ref.id}) is not in {r.place}",
                line=ref.line,
            )
    for ident in r.cable.meta.referenced_ids if r.cable.meta else ():
        if ident not in seen and ident != r.cable.id and ident not in r.known_ids:
            seen.add(ident)
            yield r.finding(
                "reference-not-in-folder",
                f"{ident}, which the container lists as referenced, is not in {r.place}",
            )


# --------------------------------------------------------------------------- registry

CHECKS: tuple[Check, ...] = (
    Check(
        "above-banner",
        "Marked above the banner",
        "A paragraph or the subject marked higher than the banner, e.g. (S) in a "
        "CONFIDENTIAL cable.",
        "error",
        check_marked_above_banner,
    ),
    Check(
        "unmarked-paragraph",
        "Unmarked paragraph",
        "A classified cable with a numbered paragraph that carries no portion marking.",
        "warning",
        check_unmarked_paragraphs,
    ),
    Check(
        "invalid-marking",
        "Invalid marking",
        "A banner or portion marking that is not a valid marking: (SE), (C/F), SBU), "
        "(/Rel UK), //NOFRN.",
        "error",
        check_invalid_markings,
    ),
    Check(
        "security-code",
        "Security line disagrees",
        "The ZNY/ZNR security line disagrees with the banner, e.g. ZNY CCCCC on a SECRET cable.",
        "error",
        check_security_code,
    ),
    Check(
        "de-day",
        "DE day disagrees with DTG",
        "The Julian day in the DE line is neither the DTG's day nor the next.",
        "warning",
        check_de_day,
    ),
    Check(
        "noforn",
        "NOFORN not in banner",
        "A paragraph or subject marked NOFORN in a cable whose banner and handling lines "
        "do not say NOFORN.",
        "error",
        check_noforn,
    ),
    Check(
        "classified-by-reasons",
        "Classified By reasons",
        "A classified cable whose Classified By line gives no reasons (or is missing), or "
        "an unclassified cable that gives classification reasons.",
        "warning",
        check_classified_by_reasons,
    ),
    Check(
        "declassify-before-date",
        "Declassified before sent",
        "A declassification date earlier than the cable's own date.",
        "warning",
        check_declassify_before_date,
    ),
    Check(
        "reference-not-in-folder",
        "Cited cable not in folder",
        "A REF entry citing a cable that is not in the folder (informational).",
        "info",
        check_references_in_folder,
    ),
)

_BY_CODE = {check.code: check for check in CHECKS}


def check_by_code(code: str) -> Check:
    """The registered check with this code (KeyError for an unknown one)."""
    return _BY_CODE[code]


def check_cable(
    cable: Cable, *, known_ids: Container[str] | None = None, place: str = "the folder"
) -> tuple[Finding, ...]:
    """Run every check on ``cable``. ``known_ids``: the cable IDs in the folder, for the
    references check (left out when None), which says a cited cable is not in ``place``
    ("the team's corpus" on a server). Findings come in the order of CHECKS, then of the
    text. Nothing is said about a text the parser gave up on."""
    if any(p.code in UNCHECKED_PROBLEMS for p in cable.problems):
        return ()
    reading = CableReading(cable, known_ids, place)
    return tuple(finding for check in CHECKS for finding in check.run(reading))
