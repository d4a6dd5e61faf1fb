"""Decode the codes a cable carries: routing indicators, TAGS, country codes, reasons, captions.

Pure Python: no Qt and no other ``reader`` module. The look-up tables are the TSV files in
``resources/data`` (written by ``resources/data/build_tables.py``); each is read once, on first
use. A code the tables do not hold comes back with ``known=False`` and the note
"unknown code": these functions never guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from reader.model.bundled import DATA_DIR

__all__ = [
    "DATA_DIR",
    "Decoded",
    "DeclassificationStatus",
    "TsvTable",
    "country",
    "declassification",
    "handling",
    "precedence",
    "read_table",
    "reason",
    "routing_indicator",
    "security_code",
    "table",
    "tag",
]


UNKNOWN = "unknown code"


@dataclass(frozen=True, slots=True)
class Decoded:
    """What a code means. ``known`` is True when the tables hold the code.

    ``meaning`` is None for an unknown code and for a known code the tables list without
    expanding it (the note says so); ``unsure`` marks a meaning we are not sure of.
    """

    code: str
    meaning: str | None
    kind: str
    known: bool
    note: str = ""
    unsure: bool = False

    def __str__(self) -> str:
        text = self.meaning or self.note or UNKNOWN
        return f"{self.code}: {text}{' (unsure)' if self.unsure else ''}"


@dataclass(frozen=True, slots=True)
class DeclassificationStatus:
    """A plain-language reading of an E.O. line's declassification instruction.

    ``kind`` is one of date, exemption, instruction, event, declassified, downgrade, unknown;
    ``passed`` tells whether ``date`` lies on or before the day it was judged against.
    """

    text: str
    kind: str
    date: date | None = None
    passed: bool | None = None
    code: str | None = None
    known: bool = True

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class TsvTable:
    """One look-up table: its ``# `` comment lines, column names and rows by upper-case key."""

    name: str
    comments: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    _by_key: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {row[0].upper(): row for row in self.rows})

    def get(self, key: str) -> dict[str, str] | None:
        """The row whose first column is ``key`` (any case), as column -> value."""
        row = self._by_key.get(key.upper())
        return dict(zip(self.columns, row, strict=True)) if row else None


def read_table(name: str, data_dir: Path = DATA_DIR) -> TsvTable:
    """Read ``<data_dir>/<name>.tsv``; a row with the wrong number of fields is an error."""
    path = data_dir / f"{name}.tsv"
    comments: list[str] = []
    columns: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            comments.append(line[1:].strip())
        elif not columns:
            columns = tuple(line.split("\t"))
        elif line:
            row = tuple(line.split("\t"))
            if len(row) != len(columns):
                raise ValueError(f"{path}:{number}: {len(row)} fields, expected {len(columns)}")
            rows.append(row)
    return TsvTable(name, tuple(comments), columns, tuple(rows))


@cache
def table(name: str) -> TsvTable:
    """The table ``name`` of the data folder, read once (the decoders' own)."""
    return read_table(name)


def _lookup(table_name: str, key: str) -> dict[str, str] | None:
    return table(table_name).get(key)


def _unknown(code: str, kind: str, detail: str = "") -> Decoded:
    return Decoded(code, None, kind, False, f"{UNKNOWN}{f' ({detail})' if detail else ''}")


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _squash(text: str) -> str:
    return " ".join(text.split()).upper()


# --------------------------------------------------------------------------- routing indicators

_RI_SHAPE = re.compile(r"R[A-Z]{3,6}")


def _same_station(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^A-Z0-9]", "", s.upper().replace("WASHINGTON DC", "WASHDC"))

    return norm(a) == norm(b)


def routing_indicator(ri: str) -> Decoded:
    """``RUEHPG`` -> AMEMBASSY PRAGUE. Accepts ``RUEHC/SECSTATE WASHDC`` too (the RI is read)."""
    code = _squash(ri).split("/", 1)[0].strip()
    kind = "routing indicator"
    if not _RI_SHAPE.fullmatch(code):
        return _unknown(code, kind, "a routing indicator is R and 3 to 6 more letters")
    row = _lookup("routing_indicators", code)
    if row is None:
        return _unknown(code, kind)
    name, cable_name = row["name"], row["cable_name"]
    book = ""
    if cable_name and name and not _same_station(name, cable_name):
        book = f"routing book name: {name}"
    place = ", ".join(part for part in (row["country"], row["region"]) if part)
    return Decoded(code, cable_name or name, kind, True, _join(book, place, row["note"]))


# --------------------------------------------------------------------------- TAGS and countries

_GEO_KINDS = {
    "country": "",
    "historical": "former code",
    "variant": "not a FIPS 10-4 code",
    "region": "regional TAGS code",
}


def _geographic(code: str, row: dict[str, str]) -> Decoded:
    name = row["name"] or None
    label = _GEO_KINDS.get(row["kind"], row["kind"])
    note = _join(label, "" if name else "not expanded", row["note"])
    return Decoded(code, name, "geographic", True, note, row["unsure"] == "?")


def country(fips: str) -> Decoded:
    """``EZ`` -> Czech Republic: FIPS 10-4 codes, former and variant codes, regional codes."""
    code = _squash(fips)
    row = _lookup("countries", code)
    if row is None:
        return _unknown(code, "geographic")
    return _geographic(code, row)


def tag(code: str) -> Decoded:
    """One TAGS entry: subject (PREL), program (KDEM), geographic (EZ), organization (NATO).

    ``STEINBERG, JAMES`` (a comma) is a person tag; other words are free text. Codes are
    looked up case-insensitively; the note says when a code was written in lower case.
    """
    text = " ".join(code.split()).strip(" ,;")
    upper = text.upper()
    lower_note = "written in lower case" if text and text == text.lower() and upper != text else ""
    if not text:
        return _unknown(text, "unknown", "empty tag")
    row = _lookup("tags", upper)
    if row is not None:
        meaning = row["meaning"] or None
        note = "" if meaning else f"not expanded: a {row['kind']} tag listed without a meaning"
        return Decoded(
            upper, meaning, row["kind"], True, _join(note, lower_note), row["unsure"] == "?"
        )
    geo = _lookup("countries", upper)
    if geo is not None:
        decoded = _geographic(upper, geo)
        return Decoded(
            upper,
            decoded.meaning,
            decoded.kind,
            True,
            _join(decoded.note, lower_note),
            decoded.unsure,
        )
    if "," in text:
        return Decoded(
            text,
            "personal name",
            "person",
            True,
            "person tags are free text, not defined in the TAGS handbook",
        )
    if " " in text:
        return Decoded(text, None, "other", False, "free-text words, not a TAGS code")
    if re.fullmatch(r"K[A-Z]{3}", upper):
        return _unknown(upper, "program", _join("shaped like a program tag", lower_note))
    if re.fullmatch(r"[A-Z]{2}", upper):
        return _unknown(upper, "geographic", _join("shaped like a country code", lower_note))
    return _unknown(upper, "unknown", lower_note)


# --------------------------------------------------------------------------- reasons

_SECTION_LETTER = re.compile(r"(1\.[45])\s*\(?\s*([A-H])\s*\)?")
_BARE_LETTER = re.compile(r"\(?([A-H])\)?")
_TEN_YEAR = re.compile(r"(?:(1\.[456])\s*)?\(?\s*(X[1-8])\s*\)?")
_TWENTY_FIVE = re.compile(r"(25X[1-9])(?:\s*-\s*(HUMAN))?")
_XGDS = re.compile(r"XGDS\s*-?\s*([1-4])")
_RDS = re.compile(r"RDS\s*-?\s*([1-9])?")


def _reason_key(text: str) -> tuple[str, str]:
    """Normalise a reason or exemption code to the key of reasons.tsv, with a note."""
    s = _squash(text).strip(" .,;:")
    if m := _SECTION_LETTER.fullmatch(s):
        return f"{m.group(1)}({m.group(2).lower()})", ""
    if m := _BARE_LETTER.fullmatch(s):
        return f"1.4({m.group(1).lower()})", "section not given; read as 1.4"
    if m := _TEN_YEAR.fullmatch(s):
        section = m.group(1)
        if section in ("1.4", "1.5"):  # X1..X8 exist only as section 1.6 exemptions
            return m.group(2), f"written {section} {m.group(2)}: the X codes are section 1.6's"
        return m.group(2), ""
    if m := _TWENTY_FIVE.fullmatch(s):
        return m.group(1), "HUMAN: a human intelligence source" if m.group(2) else ""
    if m := _XGDS.fullmatch(s):
        return f"XGDS-{m.group(1)}", ""
    if m := _RDS.fullmatch(s):
        return "RDS", f"category {m.group(1)}" if m.group(1) else ""
    if s in ("NA", "N/A", "N / A", "N.A."):
        return "N/A", ""
    if s in ("NARA", "DECLASSIFIED BY NARA"):
        return "NARA", ""
    return s, ""


def reason(code: str) -> Decoded:
    """``1.4(b)``, ``1.4 b``, ``1.5(d)`` -> the reason; also X1..X8, 25X1..25X9, OADR, GDS, N/A."""
    key, extra = _reason_key(code)
    row = _lookup("reasons", key)
    if row is None:
        return _unknown(key, "reason")
    orders = f"under {row['orders']}" if row["orders"] else ""
    return Decoded(
        row["code"], row["meaning"], row["kind"], True, _join(orders, extra), row["unsure"] == "?"
    )


# --------------------------------------------------------------------------- header codes


def precedence(x: str) -> Decoded:
    """``O`` -> IMMEDIATE; also words (``NIACT IMMEDIATE``) and prosign pairs (``OO``, ``P R``)."""
    s = _squash(x)
    if re.fullmatch(r"[A-Z](?: [A-Z])+", s):
        s = s.replace(" ", "")
    row = _lookup("precedence", s)
    if row is None:
        return _unknown(s, "precedence")
    return Decoded(
        row["code"], row["meaning"], "precedence", True, row["note"], row["unsure"] == "?"
    )


def security_code(x: str) -> Decoded:
    """``CCCCC`` -> CONFIDENTIAL; ``ZNY`` -> classified message."""
    s = _squash(x)
    row = _lookup("security_codes", s)
    if row is None:
        return _unknown(s, "security")
    level = f"level {row['level']}" if row["level"] else ""
    return Decoded(row["code"], row["meaning"], "security", True, level)


def handling(x: str) -> Decoded:
    """``NOFORN``, ``SIPDIS``, ``EXDIS``, ``REL TO USA, FVEY`` ... -> what the caption means."""
    s = _squash(x).strip(" .,;:/")
    extra = ""
    if m := re.fullmatch(r"(REL(?: TO)?)\s+(.+)", s):
        s, extra = "REL TO", f"releasable to: {m.group(2)}"
    row = _lookup("handling", s)
    if row is None:
        return _unknown(s, "handling")
    return Decoded(row["code"], row["meaning"], row["kind"], True, extra, row["unsure"] == "?")


# --------------------------------------------------------------------------- declassification

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = tuple(name[:3].upper() for name in _MONTH_NAMES)
_MONTH = r"(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?"
_DATE_PATTERNS = (
    # (?<!\d) and (?!\d) rather than \b: "12/02/2019TAGS" happens when lines run together.
    ("ymd", re.compile(r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")),
    ("mdy", re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")),
    ("dmony", re.compile(rf"(?<!\d)(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}}|\d{{2}})(?!\d)")),
    ("mondy", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)")),
)
_NUMBERS = {
    "ONE": 1,
    "TWO": 2,
    "THREE": 3,
    "FOUR": 4,
    "FIVE": 5,
    "SIX": 6,
    "SEVEN": 7,
    "EIGHT": 8,
    "NINE": 9,
    "TEN": 10,
    "FIFTEEN": 15,
    "TWENTY": 20,
    "TWENTY-FIVE": 25,
    "THIRTY": 30,
}
_YEARS = re.compile(r"\b(\d{1,2}|TWENTY[- ]FIVE|[A-Z]+)\s+YEARS?\b")
_EVENT = re.compile(r"\b(AFTER|UPON|WHEN|UNTIL|CLOSURE|FOLLOWING)\b")
_LEVELS = {
    "U": "UNCLASSIFIED",
    "UC": "UNCLASSIFIED",
    "C": "CONFIDENTIAL",
    "CO": "CONFIDENTIAL",
    "S": "SECRET",
    "SE": "SECRET",
}
_EXEMPT = {
    "exemption from 10-year declassification": "exempt from 10-year declassification",
    "exemption from 25-year automatic declassification": (
        "exempt from automatic declassification at 25 years"
    ),
    "exemption from the General Declassification Schedule": (
        "exempt from the General Declassification Schedule"
    ),
}
_PREFIXES = re.compile(
    r"(?i)^(?:E\.?\s?O\.?\s*\d{5}\s*(?:,?\s*AS AMENDED)?\s*[:;,]?\s*|DECLL?\b\s*(?:ON\b)?\s*:?\s*|"
    r"DECLASSIFY\b\s*(?:ON\b)?\s*:?\s*)"
)


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        return value + (1900 if value >= 70 else 2000)
    return value


def _find_date(text: str) -> tuple[date | None, str]:
    """The first date written in ``text`` and the text around it ('' if none)."""
    for form, pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if form == "ymd":
                found = date(int(a), int(b), int(c))
            elif form == "mdy":
                month, day = (int(a), int(b)) if int(a) <= 12 else (int(b), int(a))
                found = date(_year(c), month, day)
            elif form == "dmony":
                found = date(_year(c), _MONTHS.index(b[:3]) + 1, int(a))
            else:
                found = date(int(c), _MONTHS.index(a[:3]) + 1, int(b))
        except ValueError:
            continue
        return found, (text[: m.start()] + " " + text[m.end() :]).strip()
    return None, text


def _spell(d: date) -> str:
    """7 May 2017 (no locale involved)."""
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _date_status(
    d: date, cable_date: date | None, today: date, code: str | None = None, lead: str = ""
) -> DeclassificationStatus:
    if d < today:
        text = f"declassification date passed on {_spell(d)}"
    elif d == today:
        text = f"to be declassified today, {_spell(d)}"
    else:
        text = f"to be declassified on {_spell(d)}"
    if cable_date is not None and d < cable_date:
        text += " (earlier than the cable's own date: probably a typo)"
    return DeclassificationStatus(_join(text, lead), "date", d, d <= today, code)


def _leading_code(text: str) -> dict[str, str] | None:
    """The reasons.tsv row for the code that opens ``text`` (``GDS (TOMSETH) OR-P`` -> GDS)."""
    words = text.split()
    for count in range(min(len(words), 3), 0, -1):
        row = _lookup("reasons", _reason_key(" ".join(words[:count]))[0])
        if row is not None:
            return row
    return None


def _code_lead(row: dict[str, str]) -> tuple[str, str]:
    """``X1: exempt from 10-year declassification: would reveal ...`` and the status kind."""
    exempt = _EXEMPT.get(row["kind"])
    if exempt:
        return f"{row['code']}: {exempt}: {row['meaning']}", "exemption"
    return f"{row['code']}: {row['meaning']}", "instruction"


def _special_status(s: str, today: date) -> DeclassificationStatus | None:
    """Already declassified by NARA, or a downgrade instruction (``DNG: CO 12/29/2013``)."""
    if m := re.match(r"(?:DECLASSIFIED BY NARA|NARA)\b\s*(?:ON\s*)?(.*)", s):
        d, _ = _find_date(m.group(1))
        when = f" on {_spell(d)}" if d else ""
        return DeclassificationStatus(
            f"declassified by NARA{when}", "declassified", d, True if d else None, "NARA"
        )
    if m := re.match(r"DNG\s*:?\s*([A-Z]+)\b\s*(.*)", s):
        level = _LEVELS.get(m.group(1), m.group(1))
        d, _ = _find_date(m.group(2))
        if d is None:
            return DeclassificationStatus(f"to be downgraded to {level}", "downgrade", code="DNG")
        state = "passed" if d <= today else "not yet reached"
        return DeclassificationStatus(
            f"downgrade to {level} due on {_spell(d)} ({state})", "downgrade", d, d <= today, "DNG"
        )
    return None


def _wordy_status(
    s: str, shown: str, cable_date: date | None, today: date
) -> DeclassificationStatus:
    """A year, an event (``TEN YEARS AFTER KOREAN UNIFICATION``) or ``TWENTY YEARS``."""
    if re.fullmatch(r"(19|20)\d{2}", s):
        year = int(s)
        passed = year < today.year
        text = f"declassification year {year} passed" if passed else f"to be declassified in {year}"
        return DeclassificationStatus(text, "date", date(year, 12, 31), passed)
    if _EVENT.search(s):
        return DeclassificationStatus(f"to be declassified on an event: {shown}", "event")
    if m := _YEARS.search(s):
        word = m.group(1).replace(" ", "-")
        count = int(word) if word.isdigit() else _NUMBERS.get(word)
        if count and cable_date is None:
            return DeclassificationStatus(
                f"to be declassified {count} years after the cable's date", "date"
            )
        if count and cable_date is not None:
            return _date_status(_add_years(cable_date, count), cable_date, today)
    return DeclassificationStatus(
        f"unknown declassification instruction: {shown}", "unknown", known=False
    )


def declassification(
    code_or_date: str | date, cable_date: date | None = None, today: date | None = None
) -> DeclassificationStatus:
    """Read a declassification instruction (``05/07/2017``, ``X1``, ``OADR``...) against today.

    Accepts the whole E.O. line too (``E.O. 12958: DECL: 05/07/2017``). ``cable_date`` turns
    relative instructions (``TWENTY YEARS``) into dates and flags a declassification date
    earlier than the cable; ``today`` defaults to date.today().
    """
    today = today or date.today()
    if isinstance(code_or_date, date):
        return _date_status(code_or_date, cable_date, today)
    shown = " ".join(code_or_date.split())
    for _ in range(3):  # "E.O. 12958: DECL: DECL: ..."
        shown = _PREFIXES.sub("", shown).strip()
    s = shown.upper()
    if not s:
        return DeclassificationStatus("no declassification instruction", "unknown", known=False)
    special = _special_status(s, today)
    if special is not None:
        return special
    d, rest = _find_date(s)
    row = _leading_code(rest.strip(" .,;:()"))
    if row is not None:
        lead, kind = _code_lead(row)
        if d is None:
            return DeclassificationStatus(lead, kind, code=row["code"])
        return _date_status(d, cable_date, today, row["code"], lead)
    if d is not None:
        return _date_status(d, cable_date, today)
    return _wordy_status(s, shown, cable_date, today)
