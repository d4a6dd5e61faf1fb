"""Results taken out of the app: a CSV table for a spreadsheet, JSON lines for a script.

Both take the cables of a query (or chosen ones) from the index and, where the analyst's
annotations are at hand, add their star, labels and notes. A CSV cell that a spreadsheet
would run as a formula (one that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with a leading apostrophe, so opening the file runs nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from reader.index.index_protocol import AnnotationStore
from reader.index.rows import origin_of
from reader.model.jsonout import cable_to_dict
from reader.model.records import Cable
from reader.query.query import shown_file
from reader.review.citation import cable_date, cable_year, citation

__all__ = [
    "COLUMNS",
    "DEFAULT_COLUMNS",
    "CableNotes",
    "annotated",
    "safe_cell",
    "write_csv",
    "write_jsonl",
]

#: Characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CableNotes:
    """The analyst's annotations of one cable, as an export shows them."""

    starred: bool = False
    read: bool = False
    labels: tuple[str, ...] = ()
    #: (paragraph, text): paragraph 0 is the note on the whole cable
    notes: tuple[tuple[int, str], ...] = ()

    def note_text(self) -> str:
        return "\n".join(t if p == 0 else f"¶{p}: {t}" for p, t in self.notes)


def annotated(
    cables: Iterable[Cable], store: AnnotationStore | None
) -> Iterator[tuple[Cable, CableNotes]]:
    """Each cable with its annotations (none without a store)."""
    if store is None:
        for cable in cables:
            yield cable, CableNotes()
        return
    starred, read = store.starred(), store.read()
    for cable in cables:
        cid = (cable.id or "").upper()
        yield (
            cable,
            CableNotes(
                cid in starred,
                cid in read,
                tuple(store.labels_of(cid)) if cid else (),
                tuple((n.paragraph, n.text) for n in store.notes_of(cid)) if cid else (),
            ),
        )


def _date(c: Cable) -> str:
    """The day, or the year alone when only the year is known (as the tree shows it)."""
    d = cable_date(c)
    if d is not None:
        return d.isoformat()
    year = cable_year(c)
    return str(year) if year is not None else ""


#: Every column an export can have: name -> (heading, value of a cable and its notes).
COLUMNS: dict[str, tuple[str, Callable[[Cable, CableNotes], str]]] = {
    "id": ("ID", lambda c, n: c.id or ""),
    "published_id": (
        "Published ID",
        lambda c, n: c.published_id or "",
    ),
    "date": ("Date", lambda c, n: _date(c)),
    "origin": ("Origin", lambda c, n: origin_of(c)),
    "classification": ("Classification", lambda c, n: c.classification or ""),
    "subject": ("Subject", lambda c, n: c.subject or ""),
    "tags": ("TAGS", lambda c, n: " ".join(c.tags)),
    # "; " between them: a reference that is no cable ("EMAIL FROM ISN/ECC DELACROIX 5/3/07")
    # holds blanks, and with a blank between them no reader could tell where each ends
    "references": ("References", lambda c, n: "; ".join(r.id or r.text for r in c.references)),
    "precedence": ("Precedence", lambda c, n: c.precedence or ""),
    "handling": ("Handling", lambda c, n: " ".join(c.handling)),
    "highest_marking": (
        "Highest paragraph marking",
        lambda c, n: c.highest_marking.text if c.highest_marking else "",
    ),
    "paragraphs": ("Paragraphs", lambda c, n: str(len(c.paragraphs))),
    "citation": ("Citation", lambda c, n: citation(c)),
    # a cables.csv row as search and the tree name it: "csv/cables.csv row 12"
    "source": ("File", lambda c, n: shown_file(c.source.path, c.source.row)),
    "starred": ("Starred", lambda c, n: "yes" if n.starred else ""),
    "read": ("Read", lambda c, n: "yes" if n.read else ""),
    "labels": ("Labels", lambda c, n: ", ".join(n.labels)),
    "note": ("Note", lambda c, n: n.note_text()),
}
DEFAULT_COLUMNS: tuple[str, ...] = tuple(COLUMNS)


def safe_cell(text: str) -> str:
    """The cell as a spreadsheet shows it without running it: ``=1+1`` -> ``'=1+1``."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(
    rows: Iterable[tuple[Cable, CableNotes]],
    out: TextIO,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    *,
    bom: bool = False,
) -> int:
    """Write a header and one row a cable; returns the number of cables written."""
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ValueError(
            f"unknown column(s) {', '.join(unknown)}: choose from {', '.join(COLUMNS)}"
        )
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([COLUMNS[c][0] for c in columns])
    n = 0
    for cable, notes in rows:
        writer.writerow([safe_cell(COLUMNS[c][1](cable, notes)) for c in columns])
        n += 1
    return n


def write_jsonl(rows: Iterable[tuple[Cable, CableNotes]], out: TextIO) -> int:
    """One ``parse --json`` object a line, with an ``annotations`` member; returns the count."""
    n = 0
    for cable, notes in rows:
        doc = cable_to_dict(cable)
        doc["annotations"] = {
            "starred": notes.starred,
            "read": notes.read,
            "labels": list(notes.labels),
            "notes": [{"paragraph": p, "text": t} for p, t in notes.notes],
        }
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n
