"""Citations for the clipboard: ``07PRAGUE497 ¶2 (C) — SUBJECT, 7 May 2007``, one a line.

The format, piece by piece:

- the cable's reference ID (the file name when the cable has none);
- ``¶N`` when a paragraph is cited;
- the marking in brackets, in portion form: the paragraph's own marking when a paragraph is
  cited (left out when the paragraph is unmarked: a citation never guesses a marking); for
  the whole cable, the banner's, with the caveats its handling lines add (``UNCLAS`` over
  ``SENSITIVE`` and ``NOFORN`` lines is ``(SBU//NF)``), e.g. ``(C)``, ``(S//NF)``;
- `` — `` and the subject, on one line, when the cable has one;
- ``, `` and the cable's date (from the DTG, else the container's date, else one the text
  holds elsewhere; left out when only the year is known) as ``7 May 2007``.

Plain text only, no locale: the same cable always gives the same line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

from reader.model.records import Cable, Marking, Paragraph

__all__ = ["citation", "citations", "cable_date", "cable_year", "format_date"]

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def format_date(d: date) -> str:
    """7 May 2007."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def cable_date(cable: Cable) -> date | None:
    """The cable's day: its date when the day is known (never a year-only date's January 1),
    else the DTG's, else the date its container gives."""
    if cable.date is not None and cable.date_precision == "day":
        return cable.date.date()
    if cable.dtg is not None:
        return cable.dtg.date()
    if cable.meta is not None and cable.meta.created is not None:
        return cable.meta.created.date()
    return None


def cable_year(cable: Cable) -> int | None:
    """The year of a cable of which only the year is known (``date_precision`` "year": its
    ID's), which cable_date leaves out; None for any other."""
    if cable_date(cable) is None and cable.date is not None and cable.date_precision == "year":
        return cable.date.year
    return None


def _paragraph(cable: Cable, number: int) -> Paragraph:
    for p in cable.paragraphs:
        if p.number == number:
            return p
    raise ValueError(f"{cable.id or 'the cable'} has no paragraph {number}")


def _marking(m: Marking | None) -> str:
    return f" ({m.text})" if m is not None else ""


def _cable_marking(cable: Cable) -> str:
    """The banner in portion form, with SENSITIVE and NOFORN from the handling lines."""
    banner = cable.banner
    if banner is None:
        return ""
    text = banner.text
    if banner.level == "U" and not banner.cui and "SENSITIVE" in cable.handling:
        text = "SBU" + text[1:]
    if "NOFORN" in cable.handling and not banner.noforn:
        text += "//NF"
    return f" ({text})"


def citation(cable: Cable, paragraph_number: int | None = None) -> str:
    """One citation line for a cable, or for one of its numbered paragraphs.

    Raises ValueError when the cable has no paragraph with that number.
    """
    ident = cable.id or PurePath(cable.source.path).stem or "unidentified cable"
    parts = [ident]
    if paragraph_number is None:
        parts.append(_cable_marking(cable))
    else:
        p = _paragraph(cable, paragraph_number)
        parts.append(f" ¶{paragraph_number}{_marking(p.marking)}")
    text = "".join(parts)
    subject = " ".join((cable.subject or "").split()).rstrip(" .")
    if subject:
        text += f" — {subject}"
    when = cable_date(cable)
    if when is not None:
        text += f", {format_date(when)}"
    return text


def citations(items: Iterable[tuple[Cable, int | None]]) -> str:
    """Several citations, one a line (for a multiple selection), in the order given."""
    return "\n".join(citation(cable, number) for cable, number in items)
