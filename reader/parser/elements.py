"""The preamble's elements as read: handling words, the E.O. line, TAGS, and the lines of
the SUBJECT, REF and Classified By blocks; what a dumped copy's preamble said; and the
subject, references and Classified By made from those lines when the cable is built.

The state machine (reader/parser/parse.py) fills an Elements a line at a time; the block
rules it follows are reader/parser/blocks.py, the grammar of each element
reader/parser/preamble.py.
"""

from __future__ import annotations

import re

from reader.model.posts import id_spelling
from reader.model.records import ClassifiedBy, Declassification, Marking, Reference
from reader.parser import preamble as pre
from reader.parser.blocks import SUBJECT_RE
from reader.parser.lines import Line
from reader.parser.markings import PAREN_RE, parse_portion
from reader.parser.noise import clean

__all__ = ["Elements", "cut_subject"]

#: where a subject run together with what follows it ends: a REF with a colon or a cable
#: cited, a Classified By, a page header, a numbered paragraph
_SUBJECT_END_RE = re.compile(
    r"\s(?:REF(?:S|\(S\)|TEL)?\s*:|REFS?\s+(?=\d|[A-Z]+\s+\d|[A-Z][.)]\s)|Classified\s+by\b"
    r"|CLASSIFIED\s+BY\b|(?=\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3})"
    r"|\d{1,3}\.\s?\((?:[A-Z/]{1,12})\)|\d{1,3}\.\s?Summary\b|-*\s*SUMMARY\s*-{3,}"
    r"|(?:THIS\s+CABLE\s+IS\s+|ENTIRE\s+TEXT\s+)?SENSITIVE\s+BUT\s+UNCLASSIFIED\b)",
    re.IGNORECASE,
)
#: a sentence of prose after an upper-case subject: "... IN EGYPT Sensitive but Unclassified."
_PROSE_AFTER_RE = re.compile(r"\s(?:[A-Z][a-z]+(?:\s+[a-z]+){2}|Sensitive\s+but\s+[Uu]nclassified)")


def cut_subject(raw: str, post: str | None) -> str:
    """The subject without what a run-together line put after it: a REF, a Classified By,
    a numbered paragraph, a heading, the SBU sentence, a page header ("TRIPOLI 00000114
    001.2 OF 003", the post's name taken off too)."""
    m = _SUBJECT_END_RE.search(raw, 10)
    if m:
        raw = raw[: m.start()].rstrip()
        if m.group(0).strip() == "" and post and raw.upper().endswith(" " + post.upper()):
            raw = raw[: -len(post)]
    p = _PROSE_AFTER_RE.search(raw, 10)
    if p and not any(ch.islower() for ch in raw[: p.start()]):
        raw = raw[: p.start()]
    return raw.rstrip(" -;,")


#: (the element's field name, its attribute): what a dumped copy's preamble may fill in
_EARLIER = (
    ("subject", "subject_lines"),
    ("tags", "tags"),
    ("references", "ref_lines"),
    ("declassify", "declassify"),
    ("classified_by", "classified_by_lines"),
)


#: a portion marking in capitals at the end of a subject, after a blank
_END_MARK_RE = re.compile(r"\s(\([A-Z][A-Z/ \-]{0,20}\))$")


class Elements:
    """The preamble's elements read so far; the first of each is kept."""

    __slots__ = (
        "handling",
        "declassify",
        "tags",
        "subject_lines",
        "ref_lines",
        "classified_by_lines",
        "earlier",
    )

    def __init__(self) -> None:
        self.handling: list[str] = []
        self.declassify: Declassification | None = None
        self.tags: list[str] = []
        self.subject_lines: list[Line] = []
        self.ref_lines: list[Line] = []
        self.classified_by_lines: list[Line] = []
        #: a dumped copy's elements and the lines of its fields, by attribute name
        self.earlier: tuple[dict[str, object], dict[str, int]] | None = None

    def forget(self, fields: dict[str, int]) -> None:
        """Start over: what was read belonged to a printout or a dumped copy. What the copy
        said stays as a fallback for what the real cable does not say (``fields``: the lines
        its fields were found on)."""
        if self.subject_lines or self.tags or self.ref_lines or self.declassify:
            self.earlier = (
                {attr: getattr(self, attr) for _, attr in _EARLIER},
                fields.copy(),
            )
        self.handling = []
        self.declassify = None
        self.tags = []
        self.subject_lines = []
        self.ref_lines = []
        self.classified_by_lines = []

    def use_earlier(self, fields: dict[str, int]) -> None:
        """Fill what the real preamble lacks from the dumped copy read before it."""
        if self.earlier is None:
            return
        theirs, their_fields = self.earlier
        for name, attr in _EARLIER:
            if not getattr(self, attr) and theirs[attr]:
                setattr(self, attr, theirs[attr])
                if name in their_fields:
                    fields.setdefault(name, their_fields[name])

    def subject(self, post: str | None) -> tuple[str | None, Marking | None]:
        """The subject, without its portion marking and what ran on after it; the marking."""
        if not self.subject_lines:
            return None, None
        first = self.subject_lines[0]
        raw = SUBJECT_RE.sub("", first.text, count=1)
        raw = clean(" ".join([raw, *(ln.text for ln in self.subject_lines[1:])]))
        marking = None
        mm = PAREN_RE.match(raw)
        if mm:
            marking = parse_portion(mm.group(0))
            if marking is not None:
                raw = raw[mm.end() :].strip()
        subject: str | None = cut_subject(raw, post)
        if marking is None and subject and subject.endswith(")"):
            # the marking at the subject's end: "... FROM GERMAN FIRMS (S)" (09STATE122950)
            end = _END_MARK_RE.search(subject)
            found = parse_portion(end.group(1)) if end is not None else None
            if end is not None and found is not None and found.valid:
                subject, marking = subject[: end.start()].rstrip() or None, found
        return subject, marking

    def references(self, year: int | None, post: str | None, serial: str | None) -> list[Reference]:
        """The cables the REF block cites, read in ``year``; never the cable's own banner
        ``post`` and ``serial``."""
        if not self.ref_lines:
            return []
        block = "\n".join(ln.text for ln in self.ref_lines)
        own = None
        if post and serial and serial.isdigit():
            own = (id_spelling(post), int(serial))
        return pre.parse_references(block, year, self.ref_lines[0].number, own)

    def classified_by_void(self) -> bool:
        """The Classified By lines taken say nothing a later one would not: cut short ("...")
        or neither a name nor a reason."""
        found = self.classified_by()
        return found is None or (
            self.classified_by_lines[-1].text.rstrip().endswith("...")
            or not (found.names or found.reasons)
        )

    def classified_by(self) -> ClassifiedBy | None:
        """What the Classified By block says, or None without one."""
        if not self.classified_by_lines:
            return None
        block = "\n".join(ln.text for ln in self.classified_by_lines)
        return pre.parse_classified_by(block, self.classified_by_lines[0].number)
