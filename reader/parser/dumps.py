"""Cable records that other tools dumped into a cable text: find them and their metadata.

Some files hold a short preview of the cable ("...") followed by the full record as another
tool stored it: a cables.csv row, a ``key: value`` block, or the fields one a line. The
record holds the whole cable; the parser reads from there and keeps the record's metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.model.records import ContainerMeta

__all__ = ["Dump", "find_dump", "quotes_doubled"]

#: How far into a text a dumped record is looked for.
SEARCH_LIMIT = 30_000

_ID = r"\d{2,4}[A-Z][A-Z0-9]*\d+"

# 74239,8/9/2006 14:00,06THEHAGUE1739,"Embassy The Hague",CONFIDENTIAL,06KABUL3440,"VZCZC...
# The row is often hard-wrapped where its fields run on ("Embassy The\nHague",
# "UNCLASSIFIED//FOR\nOFFICIAL USE ONLY", "09THEHAGUE54\n3|09THEHAGUE92", a line end after a
# comma). (Rows with an unquoted origin, "Embassy BuenosAires", are not taken: the tool that
# wrote them ran the header's lines together, and the file's own header above reads better.)
_CSV_ROW_RE = re.compile(
    r'\n"?\d{1,6}"?,"?(?P<date>\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2})"?,"?(?P<id>' + _ID + r')"?,'
    r'"(?P<origin>[^"]{0,80})",(?P<cls>[A-Z/ \r\n]{0,60}),"?(?P<refs>[A-Z0-9,| \r\n]{0,2000}?)"?,"'
)
# id: 54459 / date: 2/27/2006 13:14 / refid: 06LIMA748 / origin: / classification: /
# destination: / header:
_KEY_VALUE_RE = re.compile(
    r"\nid:[ \t]*\d+[ \t]*\r?\n"
    r"date:[ \t]*(?P<date>[^\r\n]*)\r?\n"
    r"refid:[ \t]*(?P<id>" + _ID + r")[ \t]*\r?\n"
    r"origin:[ \t]*(?P<origin>[^\r\n]*)\r?\n"
    r"classification:[ \t]*(?P<cls>[^\r\n]*)\r?\n"
    r"(?:destination:[ \t]*(?P<refs>[^\r\n]*)\r?\n)?"
    r"(?:header:[ \t]*\r?\n)?"
)
# >  /  04.10.2009 01:32  /  09SHANGHAI160  /  Consulate Shanghai  /  CONFIDENTIAL  /  refs
_ANGLE_RE = re.compile(
    r"\n>[ \t]*\r?\n"
    r"(?P<date>\d{2}\.\d{2}\.\d{4} \d{2}:\d{2})[ \t]*\r?\n"
    r"(?P<id>" + _ID + r")[ \t]*\r?\n"
    r"(?P<origin>[^\r\n]*)\r?\n"
    r"(?P<cls>[^\r\n]*)\r?\n"
    r"(?P<refs>[A-Z0-9,| ]*)[ \t]*\r?\n"
)


_KINDS = {"csv": _CSV_ROW_RE, "kv": _KEY_VALUE_RE, "angle": _ANGLE_RE}
assert all(rx.pattern.startswith(r"\n") for rx in _KINDS.values())
#: All three as one pattern, each kind's groups named after it ("csv_date"), their newline
#: in front of all (what the engine finds fast): one pass over the text finds the first
#: record of any kind, where three passes took twice as long. No two kinds can start at the
#: same place: after the newline comes a digit or a quote, "id:", or ">".
_RECORD_RE = re.compile(
    r"\n(?:"
    + "|".join(
        f"(?P<{kind}>{rx.pattern[2:].replace('(?P<', f'(?P<{kind}_')})"
        for kind, rx in _KINDS.items()
    )
    + ")"
)


def quotes_doubled(text: str) -> bool:
    """The text doubles its quotes as a cables.csv field does ("" for ") where no dumped
    record was found in it: a cable copied out of a row (02ROME3639, 10ISLAMABAD428: 'India
    was ""very open""') holds its quotes in pairs, fewer alone (the row's own) than paired.
    (Counted, not searched: a search for the quotes alone took a millisecond a text.)"""
    pairs = text.count('""')
    return pairs >= 2 and text.count('"') - 2 * pairs < pairs


@dataclass(frozen=True, slots=True)
class Dump:
    start: int  # where the dumped record starts
    cable_start: int  # where the cable text inside it starts
    meta: ContainerMeta
    quoted: bool = False  # a CSV row: quotes inside the fields are doubled ("")


def _when(text: str) -> datetime | None:
    text = text.strip()
    # (the angle layout's dotted date is month first as the csv's is: "12.02.2009 11:16"
    # over 09ABUJA2170's DTG 021116Z DEC 09, "04.10.2009 01:32" over 09SHANGHAI160's 100132Z
    # APR 09)
    for fmt in ("%m/%d/%Y %H:%M", "%m.%d.%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _refs(text: str | None, wrapped: bool = False) -> tuple[str, ...]:
    """The IDs in a record's list of referenced cables; ``wrapped``: a CSV row's list, whose
    line ends are a hard wrap inside it ("09THEHAGUE54\n3"), not separators."""
    if wrapped and text:
        text = text.replace("\r", "").replace("\n", "")
    return tuple(r for r in re.split(r"[\s,|]+", text or "") if re.fullmatch(_ID, r))


def _first_record(head: str) -> re.Match[str] | None:
    """_RECORD_RE's first match in ``head``, found without trying the pattern at every line
    start, which was the search's cost: each kind needs a character or word most cables
    lack, found at C speed, and the pattern is tried only where that can lead to a match."""
    found = None
    begin = None
    angle = head.find(">")  # the angle layout's first line: a newline, then ">"
    if angle >= 0:
        begin = angle - 1
    field = head.find("\nclassification:")
    if field >= 0:
        # the key-value record's fifth line: the record starts four line ends before
        for _ in range(4):
            field = head.rfind("\n", 0, field) if field > 0 else 0
        begin = max(field, 0) if begin is None else min(begin, max(field, 0))
    if begin is not None:
        found = _RECORD_RE.search(head, begin)
    # A CSV row's first line holds ',"' (the quoted origin; no field before it spans lines):
    # the pattern is tried at the start of each line that holds one, before ``found``.
    end = len(head) if found is None else found.start()
    comma = head.find('"')
    if comma >= 0:
        comma = head.find(',"', comma - 1)
    while 0 <= comma < end:
        line = head.rfind("\n", 0, comma)
        m = _RECORD_RE.match(head, line)
        if m is not None:
            return m
        line_end = head.find("\n", comma)
        if line_end < 0:
            break
        comma = head.find(',"', line_end)
    return found


def find_dump(text: str) -> Dump | None:
    """The first dumped record in ``text``, or None."""
    # The patterns start with a newline so that the regex engine can skip ahead to each
    # line start quickly; the text gets one in front so a record may open the text.
    head = "\n" + text[:SEARCH_LIMIT]
    m = _first_record(head)
    if m is None:
        return None
    kind = next(k for k in _KINDS if m.group(k) is not None)
    meta = ContainerMeta(
        reference_id=m.group(f"{kind}_id"),
        created=_when(m.group(f"{kind}_date")),
        classification=" ".join(m.group(f"{kind}_cls").split()) or None,
        origin=" ".join(m.group(f"{kind}_origin").split()) or None,
        referenced_ids=_refs(m.group(f"{kind}_refs"), wrapped=kind == "csv"),
    )
    # offsets in ``head`` are one more than in ``text``; the record starts after its newline
    return Dump(start=m.start(), cable_start=m.end() - 1, meta=meta, quoted=kind == "csv")
