"""Batch search: a list of terms (names, companies, places), each run as a query inside the
current filters, with how often, when and from where the cables mention it.

A term may use the whole query language (phrases, prefixes, fields). Terms come from a text
file, one a line (``#`` starts a comment), or a CSV file with a ``term`` column and an
optional ``label`` column.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.export.export import safe_cell
from reader.parser.containers import UnreadableFile, missing, open_regular, reason_for
from reader.query.conditions import query_notes
from reader.query.query import Filter, shown_day
from reader.query.querysyntax import balanced
from reader.query.value_notes import empty_answer_notes, store_notes

if TYPE_CHECKING:  # a folder's index or a team's corpus: both count, search and facet
    from reader.index.store import CorpusIndex
    from reader.team.pgstore import PgIndex

__all__ = [
    "BatchResult",
    "Term",
    "batch_search",
    "read_terms",
    "term_filter",
    "write_csv",
]

#: How many posts and TAGS each result names.
TOP = 3


@dataclass(frozen=True, slots=True)
class Term:
    query: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class BatchResult:
    term: Term
    count: int
    first: datetime | None
    last: datetime | None
    top_origins: tuple[tuple[str, int], ...]
    top_tags: tuple[tuple[str, int], ...]
    #: what the term does not mean that it seems to (query_notes, store_notes)
    notes: tuple[str, ...] = ()
    #: ``first`` or ``last`` is a cable's of which only the year is known (January 1)
    first_year_only: bool = False
    last_year_only: bool = False

    @property
    def first_shown(self) -> str:
        """The first date as the tree shows it: ``2007-05-07``, or ``2004`` when only the
        year is known; "" for none."""
        return shown_day(self.first, self.first_year_only)

    @property
    def last_shown(self) -> str:
        return shown_day(self.last, self.last_year_only)


#: A list of terms larger than this is no list of terms (500 terms take a few kB).
MAX_TERMS_BYTES = 16 * 1024 * 1024


def read_terms(path: Path) -> list[Term]:
    """The terms of a .txt (one a line) or .csv (a ``term`` column, optional ``label``),
    in UTF-8 or UTF-16 with a byte-order mark (a spreadsheet's "Unicode text"). Raises
    ValueError with a sentence naming the file and why it cannot be read."""
    text = _terms_text(path)
    if path.suffix.lower() == ".csv":
        # strict: a quote left open took the rest of the file in as one term, and a
        # quoted phrase with a word after it ("prime minister" iran) lost its quotes
        reader = csv.DictReader(io.StringIO(text), strict=True)
        try:
            fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
            if "term" not in fields:
                raise ValueError(f"{path}: a CSV of terms needs a 'term' column")
            terms = [
                Term((row.get(fields["term"]) or "").strip(),
                     (row.get(fields["label"]) or "").strip() if "label" in fields else "")
                for row in reader
            ]  # fmt: skip
        except csv.Error as exc:
            raise ValueError(
                f"{path}, line {reader.reader.line_num}: {exc} (a term with quotes is written"
                ' in quotes, its own doubled: """prime minister"" iran")'
            ) from exc
        return [t for t in terms if t.query]
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(Term(line))
    return out


def _terms_text(path: Path) -> str:
    # only a regular file is opened: a named pipe chosen by mistake would wait for ever
    try:
        fd = open_regular(path)
    except UnreadableFile as exc:
        # (open_regular's words for a file gone are those of one that vanished mid-read)
        why = exc.reason if os.path.exists(path) else missing(path)
        raise ValueError(f"{path}: {why}") from exc
    try:
        with open(fd, "rb") as fh:
            data = fh.read(MAX_TERMS_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"{path}: {reason_for(exc, path)}") from exc
    if len(data) > MAX_TERMS_BYTES:
        raise ValueError(
            f"{path}: too large for a list of terms (the limit is {MAX_TERMS_BYTES // 1048576} MB)"
        )
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        return data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        kind = "UTF-16" if utf16 else "UTF-8"
        raise ValueError(
            f"{path}: it is not {kind} text (at byte {exc.start:,}: {exc.reason}); save it as UTF-8"
        ) from exc


def term_filter(term: Term, within: Filter) -> Filter:
    """The filter of one term inside the current filters: both queries must hold, each
    read as it is alone (a term's unclosed quote does not take the filters in)."""
    query = f"({balanced(term.query)})"
    if within.query.strip():
        query += f" ({balanced(within.query)})"
    return Filter(query, within.include, within.exclude, within.sort, within.descending)


def batch_search(
    index: CorpusIndex | PgIndex,
    terms: Sequence[Term],
    within: Filter | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[BatchResult]:
    """One result a term, in the order given; stops when ``cancelled()`` turns true."""
    within = within or Filter()
    for n, term in enumerate(terms):
        if cancelled():
            return
        f = term_filter(term, within)
        count = index.count(f)
        first = last = None
        first_year_only = last_year_only = False
        origins: tuple[tuple[str, int], ...] = ()
        tags: tuple[tuple[str, int], ...] = ()
        if count:
            # the dated cables only: an undated one sorts first and says nothing of when
            dated = f"{f.query} date:0001..9999"
            oldest = Filter(dated, f.include, f.exclude, "date", False)
            for hit in index.search(oldest, limit=1):
                first, first_year_only = hit.date, hit.date_precision == "year"
            newest = Filter(dated, f.include, f.exclude, "date", True)
            for hit in index.search(newest, limit=1):
                last, last_year_only = hit.date, hit.date_precision == "year"
            facets = index.facets(f, limit=TOP + 1)
            origins = tuple((v.value, v.count) for v in facets["origin"] if v.count)[:TOP]
            tags = tuple((v.value, v.count) for v in facets["tag"] if v.count)[:TOP]
        notes = (*query_notes(term.query), *store_notes(index, term.query))
        if not count:  # which of the term's and the filters' parts match none together
            notes += tuple(empty_answer_notes(index, f))
        if progress is not None:
            progress(n + 1, len(terms))
        yield BatchResult(
            term, count, first, last, origins, tags, notes, first_year_only, last_year_only
        )


def write_csv(results: Sequence[BatchResult], out: io.TextIOBase | object) -> None:
    """The results table as CSV: term, label, cables, first, last, top posts, top TAGS."""
    writer = csv.writer(out, lineterminator="\r\n")  # type: ignore[arg-type]
    writer.writerow(["Term", "Label", "Cables", "First", "Last", "Top posts", "Top TAGS"])
    for r in results:
        writer.writerow(
            [
                safe_cell(r.term.query),
                safe_cell(r.term.label),
                r.count,
                r.first_shown,
                r.last_shown,
                safe_cell("; ".join(f"{o} ({n})" for o, n in r.top_origins)),
                safe_cell("; ".join(f"{t} ({n})" for t, n in r.top_tags)),
            ]
        )
