"""The classification banner a cable is taken to have: its level and marking, the post,
serial and section it names, and the claim each banner taken makes about the ID.

The banner's grammar is reader/parser/markings.py (parse_banner); this module keeps what
the parser took from the banner lines it met, and the fallbacks when it met none.
"""

from __future__ import annotations

import re

from reader.model.records import Marking, Section
from reader.parser import idevidence, ids
from reader.parser.lines import Line, LineQueue, split_at
from reader.parser.markings import BannerParts, parse_banner

__all__ = ["Banner", "wrapped_banner"]

#: the level a ZNY/ZNR security code's letter says ("ZNY CCCCC": CONFIDENTIAL)
_SECURITY_CLASSIFICATION = {
    "U": "UNCLASSIFIED",
    "E": "UNCLASSIFIED EFTO",
    "C": "CONFIDENTIAL",
    "S": "SECRET",
    "T": "TOP SECRET",
}


#: the next line of a banner that wrapped after its section number ("... SECTION 01"):
#: "OF 02 JEDDAH 000084"
_SECTION_REST_RE = re.compile(
    r"\s*OF\s+(?P<of>\d{1,2})\s+(?P<post>[A-Z][A-Z .'\-]{0,40}?[A-Z])\s+(?P<serial>\d{2,7})\s*$"
)


#: a banner's classification spelt out in spaced letters and cut by a line end inside the
#: word ("C O N F I D E N T" / "I A L SECTION 01 OF 02 THE HAGUE 001782": a dumped
#: cables.csv row's hard wrap), and the next line's start that goes on with it
_SPACED_CUT_RE = re.compile(r"(?:[A-Z] ){2,}[A-Z]")
_SPACED_GOES_ON_RE = re.compile(r"[A-Z] [A-Z]")


def wrapped_banner(line: Line, queue: LineQueue) -> tuple[Line, BannerParts] | None:
    """The banner that ``line`` (the queue's first line, no banner alone) starts when a line
    end cut its spaced-out classification, as one line with the next (its text joined by a
    blank where the line end was); None otherwise. The next line stays in the queue."""
    if not _SPACED_CUT_RE.fullmatch(line.text):
        return None
    after = queue.ahead(1, 2)
    if not after or not _SPACED_GOES_ON_RE.match(after[0].text):
        return None
    text = f"{line.text} {after[0].text}"
    banner = parse_banner(text)
    if banner is None:
        return None
    return Line(line.number, line.start, after[0].end, text), banner


class Banner:
    """The banner taken so far. A later banner replaces what an earlier one said (a dumped
    copy's header came first), but every banner's ID claim is kept."""

    __slots__ = ("classification", "marking", "post", "serial", "section", "claims")

    def __init__(self) -> None:
        self.classification: str | None = None
        self.marking: Marking | None = None
        self.post: str | None = None
        self.serial: str | None = None
        self.section: Section | None = None
        self.claims: list[ids.Claim] = []

    def take(
        self, line: Line, banner: BannerParts, queue: LineQueue | None, *, later: bool
    ) -> None:
        """Take ``banner``, read from ``line``; what follows its serial on the line goes back
        to the front of ``queue`` (when given) as preamble. ``later``: a claim was made before
        this one (by an outer header), so this banner's claim is a later banner's."""
        self.classification = banner.classification
        self.marking = banner.marking
        damaged = (
            idevidence.DAMAGED_SECTION_RE.search(line.text)
            if banner.post and ids.post_claim(banner.post) not in ids.known_posts()
            else None
        )
        if damaged:
            # the section mark was read as the post: the post and serial follow the mark
            self.post, self.serial = damaged["post"], damaged["serial"]
            self.section = Section(int(damaged["n"]), int(damaged["of"]))
        else:
            self.post = banner.post
            self.serial = banner.serial
            if banner.section:
                self.section = Section(*banner.section)
        wrapped = banner.post == "SECTION" and banner.section is None and banner.serial
        if wrapped and queue is not None and (nxt := queue.peek()) is not None:
            # "C O N F I D E N T I A L SECTION 01" / "OF 02 JEDDAH 000084": the banner wrapped
            # (a dumped cables.csv row's hard wrap), the post and serial on the next line
            rest = _SECTION_REST_RE.match(nxt.text)
            if rest:
                queue.popleft()
                self.post, self.serial = rest["post"], rest["serial"]
                self.section = Section(int(banner.serial or 0), int(rest["of"]))
        if self.post or self.serial:
            post, serial = ids.post_claim(self.post), ids.serial_claim(self.serial)
            self.claims.append(
                ids.Claim(
                    "later banner" if self.claims or later else "banner",
                    f"{self.post or ''} {self.serial or ''}".strip(),
                    post=post,
                    serial=serial,
                    digits=self.serial if serial else None,
                )
            )
        # whatever follows the serial on the same line (collapsed headers) is preamble
        if queue is not None and banner.serial is not None and self.serial == banner.serial:
            # (found with str.find: a pattern made from each serial would be compiled anew
            # for nearly every cable)
            at = line.text.find(banner.serial)
            while (
                at >= 0
                and line.text[at + len(banner.serial) : at + len(banner.serial) + 1].isdigit()
            ):
                at = line.text.find(banner.serial, at + 1)
            end = at + len(banner.serial)
            if at >= 0 and line.text[end:].strip():
                queue.push_front(split_at(line, [end])[1:])

    def forget(self) -> None:
        """What the banner said, forgotten (it was a printout's or a dumped copy's); the
        claims stay."""
        self.classification = self.post = self.serial = None
        self.marking = None
        self.section = None

    def from_container(self, classification: str | None) -> None:
        """No banner nor level taken: the level the container published, if it reads."""
        if self.marking is not None or self.classification is not None or not classification:
            return
        parts = parse_banner(classification, strict=False)
        if parts is not None:
            self.classification = parts.classification
            self.marking = parts.marking

    def from_security_code(self, code: str | None) -> bool:
        """No banner: the level the ZNY/ZNR security code says. True when it was taken."""
        if self.marking is not None or not code:
            return False
        word = _SECURITY_CLASSIFICATION.get(code[0])
        parts = parse_banner(word, strict=False) if word else None
        if parts is None:
            return False
        self.classification = parts.classification
        self.marking = parts.marking
        return True
