"""The cable's date where neither the DTG nor the container gives one: read from the text.

Used only for the cables the header and the container leave undated (about one in ten in
the release), so the searches here cost the others nothing. In the order they are tried:

1. a dumped record's date: a record date (``10/22/2004 15:09``, ``2003-07-23``,
   ``2005-11-14 10:58:00``, ``04.10.2009 01:32``) followed by the cable's own ID
   (``9608`` / ``2003-07-23`` / ``03THEHAGUE1865`` one a line, a cables.csv row, a row with
   tabs or spaces) or by the cable's own banner (``3/9/2005 6:49 C O N F I D E N T I A L
   PRAGUE 000337``);
2. the DTG of a later section run together with the first (``PAGE 01 ROME 03639 02 OF 03``
   then ``P 231625Z JUL 02`` / ``FM AMEMBASSY ROME``), only under a page header that names
   the cable's own serial (or that of the first section's banner opening the text), so
   that a quoted cable's DTG is never taken;
3. a dated line near the top, as some sites print the cable's date under the
   partial-extract note (``Monday, 26 July 2004, 07:22``).

A date another cable carries (a quoted or dumped record of another cable, a REF to a DTG)
never matches: the first two ask for the cable's own ID or serial next to the date, the
third for a line of its own near the top.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from reader.model.records import ContainerMeta
from reader.parser.header import parse_dtg
from reader.parser.idevidence import filename_id
from reader.parser.ids import ID_RE

__all__ = ["cable_date", "cable_year", "date_in_text", "year_of_id"]

#: How far into the text a dated line is looked for (it sits under the partial-extract note).
DATED_LINE_LIMIT = 2000

_RECORD_DATE = (
    r"(?P<mdy>\d{1,2}/\d{1,2}/\d{4}[ \t]+\d{1,2}:\d{2})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)"
    r"|(?P<dmy>\d{2}\.\d{2}\.\d{4}[ \t]+\d{2}:\d{2})"
)
#: what stands between a record's date and its ID: separators, quotes, a ``refid:`` key
_RECORD_GAP = r"[\s,\"|]{1,12}(?:refid:[ \t]*)?"
#: a record's date right before the cable's ID (searched in the few characters before each
#: place the ID stands: the IDs are found with str.find, far quicker than a pattern that
#: could start at any digit of the text)
_DATE_BEFORE_ID_RE = re.compile(
    r"(?<![\d/\-])(?<!\d\.)(?:" + _RECORD_DATE + r")\"?" + _RECORD_GAP + r"\Z"
)
#: a record's date right before the cable's banner, up to its serial's leading zeros
_DATE_BEFORE_BANNER_RE = re.compile(
    r"(?<![\d/\-])(?<!\d\.)(?:" + _RECORD_DATE + r")[ \t]+[A-Z][A-Z /\-]{2,70}?[ \t]0*\Z"
)
#: what the two patterns above may end with besides a blank: the gap's separators and
#: ``refid:``, the serial's leading zeros
_ID_GAP_LAST = ',"|:'
_SERIAL_GAP_LAST = "0"
#: how many characters before an ID or serial the record's date may start
_BEFORE_ID = 64
_BEFORE_SERIAL = 120
_RECORD_FORMATS = {
    "mdy": ("%m/%d/%Y %H:%M",),
    "iso": (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d",
    ),
    "dmy": ("%d.%m.%Y %H:%M",),
}

#: a later section's page header: ``PAGE 01 ROME 03639 02 OF 03 231627Z`` (some copies mark
#: places: ``PAGE 01 [LOC HARARE  ] 05461 02 OF 02``)
_PAGE_HEADER_RE = re.compile(
    r"PAGE\s+\d{1,3}\s+\[?[A-Z][A-Z .'\-\[\]]{1,30}?\s+0*(?P<serial>\d{1,7})\s+\d{1,3}(?:\.\d)?"
    r"\s+OF\s+\d"
)
#: the banner of a first section that opens the text, read leniently (copies that mark
#: places run it into the next lines and lose the banner: ``SECTION 01 OF 02 [LOC HARARE  ]
#: 005461 SIPDIS ...``): its serial is the cable's own, whatever the file is called
_OPENING_SECTION_RE = re.compile(
    r"SECTION\s+0?1\s+OF\s+\d{1,2}\s+\[?[A-Z][A-Z .'\-\[\]]{1,30}?\s0*(?P<serial>\d{1,7})\b"
)
_OPENING_REACH = 400
#: a DTG followed by FM, as a section's header has it (on one line or run together)
_SECTION_DTG_RE = re.compile(
    r"\b[ZOPR](?:\s+[ZOPR])?\s+\d{6}Z\s+[A-Z]{3}\s+\d{2,4}\s+(?:Z[A-Z]{2}\s+)?FM\s"
)
#: how far after its page header a section's DTG may stand (the distribution list between)
_SECTION_REACH = 1500

_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATED_LINE_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:" + _WEEKDAYS + r"),?[ \t]+(?P<day>\d{1,2})[ \t]+(?P<month>[A-Z][a-z]+)"
    r"[ \t]+(?P<year>\d{4}),?[ \t]+(?P<hour>\d{1,2}):(?P<minute>\d{2})[ \t]*\r?(?=\n|$)"
)
#: a part of every dated line, led by a plain word: the end of the weekday and the day
_DATED_LINE_HINT_RE = re.compile(r"day,?[ \t]+\d")
_MONTH_WORDS = (
    "January February March April May June July August September October November December"
)
_MONTH_NAMES = {name: i + 1 for i, name in enumerate(_MONTH_WORDS.split())}

_ID_YEAR_RE = re.compile(r"^(\d{2})[A-Z]")


def year_of_id(cable_id: str | None) -> int | None:
    """``04THEHAGUE1865`` -> 2004; None when the ID does not start with a two-digit year."""
    m = _ID_YEAR_RE.match(cable_id or "")
    if m is None:
        return None
    y = int(m.group(1))
    return y + (1900 if y >= 50 else 2000)


def _record_when(m: re.Match[str]) -> datetime | None:
    for kind, formats in _RECORD_FORMATS.items():
        text = m.group(kind)
        if text is None:
            continue
        text = " ".join(text.split())
        for fmt in formats:
            try:
                return datetime.strptime(text, fmt).replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


def _dated_before(
    text: str, word: str, pattern: re.Pattern[str], reach: int, last: str
) -> datetime | None:
    """The first record date that ``pattern`` finds right before ``word`` (a whole word).

    ``last``: the characters other than blanks that ``pattern`` may end with; the search
    (tried at each of the ``reach`` characters before the word) is made only where the
    character before the word is one of them or a blank."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = text[at - 1] if at else ""
        if (
            not (end < len(text) and text[end].isalnum())
            and before
            and (before in last or before.isspace())
        ):
            m = pattern.search(text, max(0, at - reach), at)
            if m is not None and (when := _record_when(m)) is not None:
                return when
        at = text.find(word, end)
    return None


def _record_date(text: str, ids: frozenset[str], serial: int | None) -> datetime | None:
    for cable_id in sorted(ids):
        when = _dated_before(text, cable_id, _DATE_BEFORE_ID_RE, _BEFORE_ID, _ID_GAP_LAST)
        if when is not None:
            return when
    if serial is not None:
        return _dated_before(
            text, str(serial), _DATE_BEFORE_BANNER_RE, _BEFORE_SERIAL, _SERIAL_GAP_LAST
        )
    return None


def _section_dtg(text: str, serial: int | None) -> datetime | None:
    if "PAGE" not in text:
        return None
    serials = {serial}
    opening = _OPENING_SECTION_RE.search(text, 0, _OPENING_REACH)
    if opening is not None:
        serials.add(int(opening.group("serial")))
    for page in _PAGE_HEADER_RE.finditer(text):
        if int(page.group("serial")) not in serials:
            continue
        m = _SECTION_DTG_RE.search(text, page.end(), page.end() + _SECTION_REACH)
        if m is not None:
            when, _, _ = parse_dtg(" ".join(m.group(0).split()))
            if when is not None:
                return when
    return None


def _dated_line(text: str) -> datetime | None:
    if _DATED_LINE_HINT_RE.search(text, 0, DATED_LINE_LIMIT) is None:
        return None  # most texts: the pattern, led by a line start, is tried at every line
    m = _DATED_LINE_RE.search(text, 0, DATED_LINE_LIMIT)
    if m is None:
        return None
    month = _MONTH_NAMES.get(m.group("month"))
    if month is None:
        return None
    try:
        return datetime(
            int(m.group("year")),
            month,
            int(m.group("day")),
            int(m.group("hour")),
            int(m.group("minute")),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def date_in_text(text: str, ids: frozenset[str], serial: int | None) -> datetime | None:
    """The cable's date as the text holds it outside the header, or None.

    ``ids`` are the IDs the cable goes by (its own, the published one, the file name's);
    ``serial`` is its serial (from the banner or the ID), which a record's banner or a later
    section's page header must name."""
    return _record_date(text, ids, serial) or _section_dtg(text, serial) or _dated_line(text)


def cable_year(dtg: datetime | None, meta: ContainerMeta | None, path: str) -> int | None:
    """The year references without one are read in: the DTG's, a dated container's, else
    that of a file named by its ID."""
    if dtg is not None:
        return dtg.year
    if meta and meta.created:
        return meta.created.year
    fid = filename_id(path)
    if fid:
        y = int(fid[:2])
        return 1900 + y if y >= 50 else 2000 + y
    return None


def cable_date(
    text: str,
    ident: str | None,
    dtg: datetime | None,
    meta: ContainerMeta | None,
    path: str,
    banner_serial: str | None,
) -> tuple[datetime | None, str | None]:
    """The cable's date and its precision: the DTG, the container's date, a date the text
    holds elsewhere, else the year of the ID (or of a file name that looks like one)."""
    if dtg is not None:
        return dtg, "day"
    if meta is not None and meta.created is not None:
        return meta.created, "day"
    fid = filename_id(path)
    ids = frozenset(i for i in (ident, fid, meta and meta.reference_id) if i)
    serial = None
    if banner_serial and banner_serial.isdigit():
        serial = int(banner_serial)
    elif ident and (m := ID_RE.match(ident)):
        serial = int(m.group("serial"))
    when = date_in_text(text, ids, serial)
    if when is not None:
        return when, "day"
    year = year_of_id(ident) or year_of_id(fid)
    if year is not None:
        return datetime(year, 1, 1, tzinfo=UTC), "year"
    return None, None
