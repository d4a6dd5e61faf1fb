"""The routing header's lines: VZCZC, the routing line, DE, ZNY/ZNR, the DTG, FM, TO, INFO.

Each line whose first word names its kind (``HEADER_WORDS``) is read by one small reader,
which takes the line from the queue and fills the header's fields, or answers ``NOT_MINE``
when the line is not what its word suggests (a "TO" that opens a sentence). The state
machine over the lines (reader/parser/parse.py) keeps the block the header is in ("to",
"info", "ri" ...) and hands each reader the line; the readers keep what the header says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from reader.model.records import Address, DeLine, Problem
from reader.parser import header as hdr
from reader.parser.lines import Line, LineQueue, split_at
from reader.parser.noise import clean, page_noise

__all__ = [
    "ADDRESS_BLOCKS",
    "ADDRESSEE_RE",
    "DISTRIBUTION_RE",
    "HEADER_WORDS",
    "NOT_MINE",
    "PRECEDENCE",
    "READERS",
    "RoutingHeader",
]

#: First words of routing-header lines, and what kind of line they may open.
HEADER_WORDS: dict[str, str] = {
    "OO": "routing", "PP": "routing", "RR": "routing", "ZZ": "routing",
    "DE": "de", "ZNY": "security", "ZNR": "security",
    "Z": "dtg", "O": "dtg", "P": "dtg", "R": "dtg",
    "FM": "fm", "TO": "to", "INFO": "info", "XMT": "xmt", "BT": "bt",
    "ACTION": "action", "PAGE": "page",
}  # fmt: skip
#: the precedence letters a DTG line opens with
PRECEDENCE = frozenset("ZOPR")
ADDRESS_BLOCKS = frozenset({"to", "info", "skip"})
#: an addressee line opens with its routing indicator and a slash
ADDRESSEE_RE = re.compile(r"\s*(?:R[A-Z]{3,6}|Z[A-Z]{2})\s*/")
#: a distribution line ("AF-00 INR-07 ..."), which an INFO line may open
DISTRIBUTION_RE = re.compile(r"\b[A-Z]{1,5}-\d{2}\b.*\b[A-Z]{1,5}-\d{2}\b")
_ACTION_RE = re.compile(r"^\s*ACTION\s+[A-Z]+-\d{2}\b")
#: the fields only a routing header gives: an INFO line before any of them is prose
_HEADER_FIELDS = frozenset({"transmission_id", "routing", "de", "security", "dtg", "from", "to"})
#: a reader's answer when the line is not what its first word suggests
NOT_MINE = object()


class RoutingHeader:
    """What the routing header says, filled a line at a time; the first of each wins (a
    second header, a dumped copy's, is read and dropped).

    ``fields`` and ``problems`` are the parser's: the line a field was found on, and what
    went wrong; they are shared, not copied, so they must be changed in place.
    """

    __slots__ = (
        "fields",
        "problems",
        "transmission_id",
        "routing_precedence",
        "ris",
        "de",
        "security_code",
        "security_line",
        "precedence",
        "info_precedence",
        "dtg",
        "from_",
        "to",
        "info",
        "addressees",
    )

    def __init__(
        self, fields: dict[str, int], problems: list[Problem], *, addressees: bool = True
    ) -> None:
        self.fields = fields
        self.problems = problems
        #: whether the TO and INFO addressees are read (parse_header's record has none: the
        #: first phase's row never reads them; making them cost 5-9% of its parse)
        self.addressees = addressees
        self.transmission_id: str | None = None
        self.routing_precedence: str | None = None
        self.ris: list[str] = []
        self.de: DeLine | None = None
        self.security_code: str | None = None
        self.security_line: str | None = None
        self.precedence: str | None = None
        self.info_precedence: str | None = None
        self.dtg: datetime | None = None
        self.from_: Address | None = None
        self.to: list[Address] = []
        self.info: list[Address] = []

    def address(self, text: str, line: Line, block: str | None) -> None:
        """An addressee of the TO or INFO block the header is in (none in a skipped one)."""
        if not self.addressees or block not in ("to", "info") or page_noise(text):
            return
        addr = hdr.parse_address(text, line.number)
        if addr is not None:
            (self.to if block == "to" else self.info).append(addr)

    def bare_dtg(self, text: str, line: Line) -> bool:
        """A date-time group without precedence on a line of its own ("311333Z Mar 05");
        False when it is not a real date."""
        when, _, _ = hdr.parse_dtg("R " + text.upper())
        if when is None:
            return False
        self.dtg = when
        self.fields.setdefault("dtg", line.number)
        return True

    # -- the readers: each returns the new block state, "keep" to keep it, None to end
    # -- the block, or NOT_MINE

    def vzczc(self, line: Line, queue: LineQueue, block: str | None) -> object:
        t = line.text
        m = hdr.TRANSMISSION_RE.match(t)
        if not m:
            return NOT_MINE
        queue.popleft()
        if self.transmission_id is None:
            self.transmission_id = m.group(1)
            self.fields.setdefault("transmission_id", line.number)
            if t[m.end() :].strip():
                queue.push_front(split_at(line, [m.end()])[1:])
        return None  # a second header (a dumped copy) is skipped line by line

    def routing(self, line: Line, queue: LineQueue, block: str | None) -> object:
        m = hdr.ROUTING_RE.match(line.text)
        if not m:
            return NOT_MINE
        queue.popleft()
        if not self.ris:
            self.routing_precedence = m.group(1) * 2
            self.ris = m.group(2).split()
            self.fields.setdefault("routing", line.number)
            return "ri"
        return None

    def de_line(self, line: Line, queue: LineQueue, block: str | None) -> object:
        de = hdr.parse_de(line.text, line.number)
        if de is None:
            return NOT_MINE
        queue.popleft()
        if self.de is None:
            self.de = de
            self.fields.setdefault("de", line.number)
        return None

    def security(self, line: Line, queue: LineQueue, block: str | None) -> object:
        t = line.text
        m = hdr.SECURITY_RE.match(t)
        if not m:
            return NOT_MINE
        queue.popleft()
        if self.security_code is None:
            self.security_code = m.group(2) * 5
            self.security_line = clean(t)
            self.fields.setdefault("security", line.number)
        return None

    def dtg_line(self, line: Line, queue: LineQueue, block: str | None) -> object:
        t = line.text
        if block in ("to", "info") or not hdr.DTG_RE.match(t):
            return NOT_MINE
        queue.popleft()
        if "dtg" not in self.fields:
            when, prec, info = hdr.parse_dtg(t)
            self.dtg, self.precedence, self.info_precedence = when, prec, info
            self.fields.setdefault("dtg", line.number)
            if when is None:
                self.problems.append(
                    Problem(
                        "bad-dtg", f"date-time group is not a real date: {clean(t)}", line.number
                    )
                )
        return None

    def fm(self, line: Line, queue: LineQueue, block: str | None) -> object:
        rest = _rest(line.text)
        if not rest:
            return NOT_MINE
        queue.popleft()
        if self.from_ is None:
            self.from_ = hdr.parse_address(rest, line.number)
            self.fields.setdefault("from", line.number)
        return None

    def to_line(self, line: Line, queue: LineQueue, block: str | None) -> object:
        rest = _rest(line.text)
        if not rest:
            return NOT_MINE
        queue.popleft()
        new = "to" if "to" not in self.fields else "skip"
        self.fields.setdefault("to", line.number)
        self.address(rest, line, new)
        return new

    def info_line(self, line: Line, queue: LineQueue, block: str | None) -> object:
        rest = _rest(line.text)
        if not rest or not (self.fields.keys() & _HEADER_FIELDS):
            return NOT_MINE
        queue.popleft()
        if DISTRIBUTION_RE.search(rest):
            return "dist"
        new = "info" if "info" not in self.fields else "skip"
        self.fields.setdefault("info", line.number)
        self.address(rest, line, new)
        return new


def _rest(t: str) -> str:
    """What follows the line's first word (split once: a line of many addressees is long)."""
    words = t.split(None, 1)
    return words[1] if len(words) > 1 else ""


def _xmt(header: RoutingHeader, line: Line, queue: LineQueue, block: str | None) -> object:
    queue.popleft()
    return "xmt"


def _bt(header: RoutingHeader, line: Line, queue: LineQueue, block: str | None) -> object:
    if line.text.strip() != "BT":
        return NOT_MINE
    queue.popleft()
    return "keep"


def _action(header: RoutingHeader, line: Line, queue: LineQueue, block: str | None) -> object:
    if not _ACTION_RE.match(line.text):
        return NOT_MINE
    queue.popleft()
    return "keep"


def _page(header: RoutingHeader, line: Line, queue: LineQueue, block: str | None) -> object:
    if not page_noise(line.text):
        return NOT_MINE
    queue.popleft()
    return "keep"


Reader = Callable[[RoutingHeader, Line, LineQueue, "str | None"], object]

#: the reader of each kind of line in HEADER_WORDS (and "vzczc"), called as
#: ``READERS[kind](header, line, queue, block)``: one call per header line, as the one
#: method that read every kind was
READERS: dict[str, Reader] = {
    "vzczc": RoutingHeader.vzczc,
    "routing": RoutingHeader.routing,
    "de": RoutingHeader.de_line,
    "security": RoutingHeader.security,
    "dtg": RoutingHeader.dtg_line,
    "fm": RoutingHeader.fm,
    "to": RoutingHeader.to_line,
    "info": RoutingHeader.info_line,
    "xmt": _xmt,
    "bt": _bt,
    "action": _action,
    "page": _page,
}
