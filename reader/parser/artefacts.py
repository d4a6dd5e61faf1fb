"""What other tools left at the top of a cable's text, read and taken out: WikiLeaks'
partial-extract note, a "Cable dated:" line, a cables.csv row dumped on one line or one field
a line. Each gives the container metadata it holds (the date, the ID, the origin...) and is
no cable text.

``screen`` is the parser's line screen (``reader.parser.lines.LineQueue``) for the top lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from reader.model.records import ContainerMeta
from reader.parser.ids import ID_LIKE
from reader.parser.lines import Line, LineQueue, split_at

__all__ = [
    "ARTEFACT_LINES",
    "ARTEFACT_STARTS",
    "PARTIAL_NOTE",
    "PARTIAL_RE",
    "merge_meta",
    "parse_when",
    "partial_note",
    "screen",
]

PARTIAL_NOTE = "This record is a partial extract of the original cable"
PARTIAL_RE = re.compile(PARTIAL_NOTE, re.IGNORECASE)
_PARTIAL_UPPER = PARTIAL_NOTE.upper()


def partial_note(line: str) -> bool:
    """The line holds WikiLeaks' partial-extract note, in any case."""
    if len(line) < len(PARTIAL_NOTE):
        return False
    if line.isascii():  # the quick way, exact for ASCII text
        return _PARTIAL_UPPER in line.upper()
    return PARTIAL_RE.search(line) is not None


_DATED_RE = re.compile(
    r"^\s*Cable dated\s*:\s*(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?)", re.IGNORECASE
)
#: a cables.csv row dumped on one line: 27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",...
_DUMP_ROW_RE = re.compile(
    r'^\s*\d{1,6},"?(?P<date>\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2})"?,'
    rf'"?(?P<id>{ID_LIKE})"?,'
    r'"(?P<origin>[^"]*)",(?P<cls>[^,]*),"?(?P<refs>[^"]*?)"?,'
)
_DUMP_DATE_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?\s*$")
_DUMP_NUMBER_RE = re.compile(r"^\s*\d{1,6}\s*$")
_DUMP_ID_RE = re.compile(rf"^\s*({ID_LIKE})\s*$")
_DUMP_REFS_RE = re.compile(r"^\s*(\d{2}[A-Z]+\d+\s*[,|]?\s*)*$")
#: How many lines from the top may hold WikiLeaks artefacts (partial-extract note, dumps).
ARTEFACT_LINES = 160
#: First characters of those artefacts ("This record...", "Cable dated:", a row number)
ARTEFACT_STARTS = frozenset("0123456789TtCc")


def parse_when(text: str) -> datetime | None:
    """A container date ("2006-03-09 22:28:00", "12/28/1966 18:48") as UTC."""
    from dateutil import parser as dateparser

    try:
        when = dateparser.parse(text.strip())
    except (ValueError, OverflowError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def merge_meta(mine: ContainerMeta | None, found: ContainerMeta) -> ContainerMeta:
    """The container's own metadata wins; the dumped record fills the gaps."""
    if mine is None:
        return found
    return ContainerMeta(
        reference_id=mine.reference_id or found.reference_id,
        created=mine.created or found.created,
        released=mine.released or found.released,
        classification=mine.classification or found.classification,
        origin=mine.origin or found.origin,
        referenced_ids=mine.referenced_ids or found.referenced_ids,
    )


_DIGITS = frozenset("0123456789")
_DATED_STARTS = frozenset("Cc")
#: what is known before any artefact: nothing (ContainerMeta is frozen, so one serves all)
_NO_META = ContainerMeta()


def screen(
    line: Line, queue: LineQueue, found: ContainerMeta | None
) -> tuple[list[Line], ContainerMeta | None, str | None]:
    """The line itself, or nothing for an artefact: the partial-extract note, "Cable dated:"
    (what follows it on the line comes next), a CSV row dumped into the text (on one line, or
    one field a line). Returns the lines to take in its place, the container metadata ``found``
    so far with what the line adds, and the field the line was (``partial``, ``dated``,
    ``csv-dump``) or None."""
    t = line.text
    if partial_note(t):
        return [], found, "partial"
    # Each pattern below wants its own first character: "Cable dated" a C, the rows a digit
    # (the queue screens only lines that start with one of ARTEFACT_STARTS).
    first = t.lstrip()[:1]
    if first not in _DIGITS and first not in _DATED_STARTS:
        return [line], found, None
    # (made only for an artefact: most lines screened are none, and this runs for each)
    meta = found or _NO_META
    dm = _DATED_RE.match(t) if first in _DATED_STARTS else None
    if dm:
        created = parse_when(dm.group(1))
        if created and meta.created is None:
            found = replace(meta, created=created)
        # what follows the date on the line is cable text
        queue.put_upcoming(split_at(line, [dm.end()])[1:])
        return [], found, "dated"
    if first not in _DIGITS:
        return [line], found, None
    rm = _DUMP_ROW_RE.match(t)
    if rm:
        found = ContainerMeta(
            reference_id=meta.reference_id or rm.group("id"),
            created=meta.created or parse_when(rm.group("date")),
            released=meta.released,
            classification=meta.classification or rm.group("cls").strip() or None,
            origin=meta.origin or rm.group("origin").strip() or None,
            referenced_ids=meta.referenced_ids
            or tuple(r for r in re.split(r"[\s,|]+", rm.group("refs")) if r),
        )
        return [], found, "csv-dump"
    # a cables.csv row dumped one field a line: number, date, ID, origin, class, refs
    if _DUMP_NUMBER_RE.match(t):
        nxt = queue.upcoming(5)
        dated = len(nxt) >= 4 and _DUMP_DATE_RE.match(nxt[0].text)
        if dated and _DUMP_ID_RE.match(nxt[1].text):
            refs: tuple[str, ...] = ()
            used = 4
            if len(nxt) == 5 and _DUMP_REFS_RE.match(nxt[4].text):
                refs = tuple(r for r in re.split(r"[\s,|]+", nxt[4].text.strip()) if r)
                used = 5
            found = ContainerMeta(
                reference_id=meta.reference_id or nxt[1].text.strip(),
                created=meta.created or parse_when(nxt[0].text),
                released=meta.released,
                classification=meta.classification or nxt[3].text.strip() or None,
                origin=meta.origin or nxt[2].text.strip() or None,
                referenced_ids=meta.referenced_ids or refs,
            )
            queue.drop_upcoming(used)
            return [], found, "csv-dump"
    return [line], found, None
