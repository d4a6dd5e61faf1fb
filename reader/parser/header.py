"""Grammar of the routing header: transmission ID, routing line, DE, ZNY/ZNR, DTG, FM/TO/INFO."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from reader.model.records import Address, DeLine

__all__ = [
    "PRECEDENCE_LETTERS",
    "MONTHS",
    "TRANSMISSION_RE",
    "ROUTING_RE",
    "RI_LINE_RE",
    "DE_RE",
    "SECURITY_RE",
    "DTG_RE",
    "parse_de",
    "parse_dtg",
    "parse_address",
    "expand_year",
]

#: Precedence letters (DTG) and prosigns (doubled on the routing line).
PRECEDENCE_LETTERS: dict[str, str] = {
    "Z": "FLASH",
    "O": "IMMEDIATE",
    "P": "PRIORITY",
    "R": "ROUTINE",
}

MONTHS: dict[str, int] = {
    m: i + 1
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    )
}

_RI = r"R[A-Z]{3,6}"
TRANSMISSION_RE = re.compile(r"^\s*(VZCZC[A-Z]{2,4}\d{1,6})\b")
ROUTING_RE = re.compile(r"^\s*([ZOPR])\1\s+(" + _RI + r"(?:\s+" + _RI + r")*)\s*$")
RI_LINE_RE = re.compile(r"^\s*(" + _RI + r"(?:\s+" + _RI + r")*)\s*$")
DE_RE = re.compile(
    r"^\s*DE\s+(?P<station>[A-Z]{4,7})\s*#\s*(?P<serial>\d{1,5})(?:/(?P<section>\d{1,3}))?"
    r"(?:\s+(?P<julian>\d{3})(?P<time>\d{4}))?"
)
SECURITY_RE = re.compile(r"^\s*(ZNY|ZNR)\s+([A-Z])\2{4}(?:\s+ZZH)?\b")
DTG_RE = re.compile(
    r"^\s*(?P<prec>[ZOPR])(?:\s+(?P<info>[ZOPR]))?\s+(?P<day>\d{2})(?P<hour>\d{2})(?P<min>\d{2})Z"
    r"\s+(?P<month>[A-Z]{3})\s+(?P<year>\d{2}|\d{4})\b",
    re.IGNORECASE,
)

_PRECEDENCE_CANON = {
    "FLASH": "FLASH",
    "IMMEDIATE": "IMMEDIATE",
    "IMMEDIAT": "IMMEDIATE",
    "IMMED": "IMMEDIATE",
    "PRIORITY": "PRIORITY",
    "PIORITY": "PRIORITY",
    "PRIOITY": "PRIORITY",
    "ROUTINE": "ROUTINE",
}


def expand_year(year: str) -> int:
    """Two-digit cable years: 66 -> 1966, 07 -> 2007."""
    y = int(year)
    if len(year) <= 2:
        y += 1900 if y >= 50 else 2000
    return y


def parse_de(text: str, line: int | None = None) -> DeLine | None:
    m = DE_RE.match(text)
    if not m:
        return None
    return DeLine(
        station=m.group("station"),
        serial=m.group("serial"),
        section=m.group("section"),
        julian_day=int(m.group("julian")) if m.group("julian") else None,
        time=m.group("time"),
        line=line,
    )


def parse_dtg(text: str) -> tuple[datetime | None, str | None, str | None]:
    """``O 071501Z MAY 07`` -> (2007-05-07 15:01 UTC, "IMMEDIATE", info precedence or None).

    The datetime is None when the numbers do not make a real date.
    """
    m = DTG_RE.match(text)
    if not m:
        return None, None, None
    prec = PRECEDENCE_LETTERS[m.group("prec").upper()]
    info = PRECEDENCE_LETTERS[m.group("info").upper()] if m.group("info") else None
    month = MONTHS.get(m.group("month").upper())
    if month is None:
        return None, prec, info
    try:
        when = datetime(
            expand_year(m.group("year")),
            month,
            int(m.group("day")),
            int(m.group("hour")),
            int(m.group("min")),
            tzinfo=UTC,
        )
    except ValueError:
        return None, prec, info
    return when, prec, info


_RI_PREFIX_RE = re.compile(r"\s*(" + _RI + r"|Z[A-Z]{2})\s*/\s*")
_SERIAL_RE = re.compile(r"\d{1,5}(?:-\d{1,5})?")


def parse_address(text: str, line: int | None = None) -> Address | None:
    """``RUEHC/SECSTATE WASHDC IMMEDIATE 9007`` -> Address; None for an empty line.

    Read from both ends: the routing indicator before ``/``, then a serial and a precedence
    at the end; what is left is the name.
    """
    ri = None
    m = _RI_PREFIX_RE.match(text)
    if m:
        ri = m.group(1)
        text = text[m.end() :]
    words = text.split()
    serial = prec = None
    # (a serial starts with a digit: tested before the pattern, as most addresses end
    # with a word)
    if len(words) > 1 and words[-1][:1].isdigit() and _SERIAL_RE.fullmatch(words[-1]):
        serial = words.pop()
    if len(words) > 1:
        last = words[-1].upper()
        if last in _PRECEDENCE_CANON:
            words.pop()
            prec = _PRECEDENCE_CANON[last]
            if prec == "IMMEDIATE" and len(words) > 1 and words[-1].upper() == "NIACT":
                words.pop()
                prec = "NIACT IMMEDIATE"
        elif last == "FLASH":
            words.pop()
            prec = "FLASH"
    if not words:
        return None
    return Address(name=" ".join(words), ri=ri, precedence=prec, serial=serial, line=line)
