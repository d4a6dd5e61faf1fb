"""Typed, frozen records for one parsed cable and its parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "Address",
    "Cable",
    "ClassifiedBy",
    "ContainerMeta",
    "Declassification",
    "DeLine",
    "Marking",
    "Paragraph",
    "Problem",
    "Reference",
    "Section",
    "Source",
    "LEVELS",
]

#: Classification levels from lowest to highest. "U" covers controlled unclassified
#: (SBU, FOUO, LIMITED OFFICIAL USE) too; those rank between U and C, see Marking.rank.
LEVELS: tuple[str, ...] = ("U", "C", "S", "TS")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the parser could not make sense of; never an exception."""

    code: str
    message: str
    line: int | None = None  # 1-based line in Cable.text, None for the whole cable


@dataclass(frozen=True, slots=True)
class Marking:
    """A classification marking: a banner or a portion marking, normalised.

    ``text`` is the normalised form (``S//NF``, ``SBU``, ``C//REL TO USA, FVEY``),
    ``level`` one of LEVELS, ``controls`` the dissemination controls after ``//``.
    """

    text: str
    level: str
    controls: tuple[str, ...] = ()
    raw: str = ""
    #: True for controlled unclassified information (SBU, FOUO, LIMITED OFFICIAL USE)
    cui: bool = False
    #: False when a control is not a known one, e.g. the typo ``(C/F)``
    valid: bool = True

    @property
    def rank(self) -> int:
        """0 U, 1 controlled unclassified, 2 C, 3 S, 4 TS."""
        if self.level == "U":
            return 1 if self.cui else 0
        return LEVELS.index(self.level) + 1

    @property
    def noforn(self) -> bool:
        return "NF" in self.controls


@dataclass(frozen=True, slots=True)
class Source:
    """Where a cable came from."""

    path: str
    format: str  # "txt", "html", "csv", "body" (body with leftover HTML anchors)
    row: int | None = None  # 1-based data row in a cables.csv


@dataclass(frozen=True, slots=True)
class ContainerMeta:
    """Metadata that the container (HTML page table, CSV columns) carries besides the text."""

    reference_id: str | None = None
    created: datetime | None = None
    released: datetime | None = None
    classification: str | None = None
    origin: str | None = None
    referenced_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeLine:
    """The ``DE RUEHPG #0497/01 1271501`` line."""

    station: str
    serial: str | None = None
    section: str | None = None
    julian_day: int | None = None
    time: str | None = None  # "1501" (Zulu)
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Address:
    """One TO or INFO addressee (or the FM originator)."""

    name: str
    ri: str | None = None
    precedence: str | None = None
    serial: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    number: int
    of: int


@dataclass(frozen=True, slots=True)
class Declassification:
    """The E.O. line: executive order and declassification instruction."""

    eo: str | None = None  # "12958"
    raw: str = ""
    date: date | None = None
    code: str | None = None  # "X1", "25X1", "OADR", "N/A", "NARA", ...
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """One REF entry: a cable (with canonical ID) or another kind of document."""

    label: str | None
    text: str
    id: str | None = None
    kind: str = "cable"  # cable, email, telcon, memo, letter, meeting, other
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ClassifiedBy:
    text: str
    names: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # "1.4(b)", "1.5(d)"
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph (or, in unnumbered cables, a block of the body).

    ``start``/``end`` are character offsets into Cable.text; ``marking_start``/
    ``marking_end`` locate the portion marking, for highlighting.
    """

    number: int | None
    marking: Marking | None
    text: str
    line: int
    start: int
    end: int
    marking_start: int | None = None
    marking_end: int | None = None


@dataclass(frozen=True, slots=True)
class Cable:
    """One parsed cable. ``text`` is exactly the cable text the parser saw."""

    text: str
    source: Source
    id: str | None = None
    #: the ID the release published the cable under (page metadata, CSV row, file name),
    #: which may differ from ``id``: malformed (08EFTOLONDON2883) or another cable's
    published_id: str | None = None
    transmission_id: str | None = None
    routing_precedence: str | None = None  # "OO"
    routing_indicators: tuple[str, ...] = ()
    de: DeLine | None = None
    security_code: str | None = None  # "CCCCC"
    security_line: str | None = None  # "ZNY CCCCC ZZH"
    precedence: str | None = None  # FLASH/IMMEDIATE/PRIORITY/ROUTINE
    info_precedence: str | None = None
    dtg: datetime | None = None
    #: The cable's date: the DTG's, else the container's, else one the text holds elsewhere
    #: (a dumped record, a later section's DTG, a dated line); else January 1 of the ID's
    #: year, with date_precision "year" (only the year is known). None when nothing dates it.
    date: datetime | None = None
    date_precision: str | None = None  # "day" or "year"; None with date None
    from_: Address | None = None
    to: tuple[Address, ...] = ()
    info: tuple[Address, ...] = ()
    classification: str | None = None  # normalised banner, "CONFIDENTIAL", "SECRET//NOFORN"
    banner: Marking | None = None
    banner_post: str | None = None
    banner_serial: str | None = None
    section: Section | None = None
    handling: tuple[str, ...] = ()
    declassify: Declassification | None = None
    tags: tuple[str, ...] = ()
    subject: str | None = None
    subject_marking: Marking | None = None
    references: tuple[Reference, ...] = ()
    classified_by: ClassifiedBy | None = None
    summary: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    signers: tuple[str, ...] = ()
    meta: ContainerMeta | None = None
    problems: tuple[Problem, ...] = ()
    #: 1-based line of each header element found: ("banner", 15), ("tags", 23), ...
    field_lines: tuple[tuple[str, int], ...] = field(default=())
    #: offset in ``text`` where a later, unrelated cable glued on after this one starts (its
    #: fields are not this cable's), or None
    appended_at: int | None = None

    @property
    def station(self) -> str | None:
        return self.de.station if self.de else None

    @property
    def station_serial(self) -> str | None:
        return self.de.serial if self.de else None

    def line_of(self, name: str) -> int | None:
        for key, line in self.field_lines:
            if key == name:
                return line
        return None

    @property
    def highest_marking(self) -> Marking | None:
        """The highest portion marking among paragraphs and subject."""
        best: Marking | None = None
        for m in [p.marking for p in self.paragraphs] + [self.subject_marking]:
            if m is not None and (best is None or m.rank > best.rank):
                best = m
        return best
