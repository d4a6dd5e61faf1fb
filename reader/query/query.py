"""What the analyst asks of a corpus: the Filter, and the records a query returns.

This module holds the contract between the index (store.py) and the window:
the UI builds a Filter, the store answers with Hits, FacetValues and Progress.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Final, NamedTuple

from reader.model.slotted import Slotted
from reader.query.fields import FIELDS, SORTS, Group, Kind, by_name, facet_names
from reader.query.querysyntax import parse_query, text_terms, written_term

__all__ = [
    "FACETS",
    "LINKS_NAMED",
    "MULTI_VALUED",
    "NONE",
    "RELEVANCE",
    "PHASE_TWO_FACETS",
    "SINGLE_VALUED",
    "SORT_COLUMNS",
    "SORT_HELP",
    "SORT_KEYS",
    "UNDATED",
    "counted_facets",
    "listed_user_values",
    "links_not_followed",
    "USER_FACETS",
    "USER_VALUES",
    "user_value_term",
    "FORMAT_NAMES",
    "COPY_PREFERENCE",
    "OTHER_COPY",
    "OTHER_COPY_MEANING",
    "CableCopy",
    "FacetValue",
    "FileProblem",
    "Filter",
    "Hit",
    "Progress",
    "default_sort",
    "group_filter",
    "has_words",
    "copy_name",
    "copy_order",
    "kept_copy",
    "label_key",
    "other_copies",
    "restored_filter",
    "hit_day",
    "shown_day",
    "shown_file",
    "shown_id",
    "TEAM_FACETS",
]

#: The index's facets, in the order the filter pane shows them (fields.FIELDS says what
#: each one is, where it is stored and how the pane titles it).
FACETS: tuple[str, ...] = facet_names(Group.INDEX)
#: Facets only a team's corpus has (pgstore): the analysts who read, or starred, each cable
#: (a cable has any number; values chosen are all required). Their values are roles.
TEAM_FACETS: tuple[str, ...] = facet_names(Group.TEAM)

#: Facets of the analyst's own work (annotations.py), after the index's in the filter pane:
#: they change when the analyst stars or labels a cable, not when the index does, so the
#: store counts them apart (CorpusIndex.user_facets). A value chosen here means what the
#: query field says: starred=starred is ``is:starred``, read=unread ``is:unread``,
#: label=NAME ``label:NAME``, note=has note ``has:note``.
USER_FACETS: tuple[str, ...] = facet_names(Group.USER)
#: The values of the two-state user facets, the one a cable has first.
USER_VALUES: dict[str, tuple[str, str]] = {
    "starred": ("starred", "unstarred"),
    "read": ("read", "unread"),
    "note": ("has note", "no note"),
}


def user_value_term(facet: str, value: str) -> str | None:
    """The query term a value of a user facet means, as the analyst would type it
    (starred=unstarred ``is:unstarred``, note=no note ``-has:note``, label=NAME
    ``label:NAME``, quoted and escaped as its name needs: ``label:"br*"`` is the label named
    br*, where ``label:br*`` asks every label starting br); None for another facet or value.
    conditions.user_value_plan compiles the same."""
    if facet == "label":
        return written_term("label", value)
    states = USER_VALUES.get(facet)
    if states is None or value not in states:
        return None
    if facet == "note":
        return "has:note" if value == states[0] else "-has:note"
    return f"is:{value}"

#: Facets whose values come from the full parse, the second phase of an index: their counts
#: are partial while it runs (CorpusIndex.filling).
PHASE_TWO_FACETS: frozenset[str] = frozenset(
    f.name for f in FIELDS if f.group is Group.INDEX and f.phase_two
)

#: Facets of which a cable has exactly one value (NONE when it has none). Included values
#: of one such facet are alternatives: year 2007 and year 2008 means either.
SINGLE_VALUED: frozenset[str] = frozenset(f.name for f in FIELDS if f.kind is Kind.SINGLE)
#: Facets of which a cable has any number of values. Included values of one such facet are
#: all required: tag PREL and tag IR means cables with both.
MULTI_VALUED: frozenset[str] = frozenset(f.name for f in FIELDS if f.kind is Kind.MULTI)

#: The facet value of a cable that has none of that facet (no banner, no precedence, ...).
NONE = "(none)"
#: The year and month of a cable that nothing dates, not even its ID. A cable of which only
#: the year is known has that year, and the year alone (``2004``) as its month.
UNDATED = "undated"

#: The sorts, each by the ``cables`` columns it orders on in turn (the key last: a total
#: order), as fields.SORTS defines them: the SQL, the postings' key orders and the stores
#: read it.
SORT_COLUMNS: dict[str, tuple[str, ...]] = {s.key: s.columns for s in SORTS}
#: The sort by how well a cable matches the words of the query (BM25, the subject weighted
#: above the body: store.py), best first; cables that score the same, and cables that match
#: the query without its words (``beef OR tag:PREL``), follow in the order of
#: RELEVANCE_TIES. A query without words (none, only fields, only -words) has no relevance:
#: its cables come in the order of RELEVANCE_TIES.
RELEVANCE = "relevance"
RELEVANCE_TIES = "date"
#: Every sort a Filter may ask for: relevance, then the column sorts.
SORT_KEYS: tuple[str, ...] = (RELEVANCE, *SORT_COLUMNS)
#: What the commands' --sort says of itself (None given: default_sort).
SORT_HELP = "the order of the cables (default: relevance when the query has words, else date)"


class Filter(NamedTuple):
    """A query: the text of the query field plus facet selections.

    ``query`` uses the syntax in the README: words, "exact phrases", prefix*,
    -excluded words, OR, and field terms (tag:PREL, date:2007-05..2007-06: every name of
    fields.FIELDS). ``include``/``exclude`` hold (facet, value) pairs chosen in the filter
    pane, with facet in FACETS or USER_FACETS and value as FacetValue.value gives it.
    Included values of a single-valued facet are alternatives, of a multi-valued facet all
    required; a cable with any excluded value is left out.
    """

    query: str = ""
    include: frozenset[tuple[str, str]] = frozenset()
    exclude: frozenset[tuple[str, str]] = frozenset()
    sort: str = "date"
    descending: bool = False


def has_words(query: str) -> bool:
    """Does the query hold words to rank by (words, "phrases", prefixes; not -words, not
    field terms)?"""
    return bool(text_terms(parse_query(query)))


def default_sort(query: str) -> str:
    """The sort of a query for which none was asked: relevance when it has words (as every
    search tool does), else date."""
    return RELEVANCE if has_words(query) else "date"


def group_filter(f: Filter, facet: str) -> Filter:
    """The filter under which the values of ``facet`` are counted for the filter pane.

    The count beside a value is the number of cables the results would hold for it once it
    is chosen (disjunctive counts, as calibre and Datashare give them). Chosen values of a
    single-valued facet are alternatives, so its group is counted with every other group's
    choices but not its own: after including SECRET, CONFIDENTIAL still shows how many
    cables choosing it too would add. Chosen values of a multi-valued facet are all
    required, so choosing one more narrows the results: its group is counted under ``f``
    itself (an excluded value's count there is 0: see ``restored_filter``).
    """
    if facet not in SINGLE_VALUED:
        return f
    own = {(name, value) for name, value in f.include | f.exclude if name == facet}
    if not own:
        return f
    return Filter(f.query, f.include - own, f.exclude - own, f.sort, f.descending)


def restored_filter(f: Filter, facet: str, value: str) -> Filter:
    """The filter whose count is what an excluded value of a multi-valued facet holds back:
    the cables with that value that clearing it would bring back into the results."""
    pair = (facet, value)
    return Filter(f.query, f.include | {pair}, f.exclude - {pair}, f.sort, f.descending)


def counted_facets(
    f: Filter,
    names: Sequence[str],
    value_counts: Callable[[Filter, str | None], list[tuple[str, str, int]]],
    count: Callable[[Filter], int],
    limit: int | None,
) -> dict[str, list[FacetValue]]:
    """Every facet of ``names`` with each value's count of the cables choosing it would give,
    the one rule of both stores: a single-valued facet with values chosen is counted without
    its own choices (group_filter); an excluded value of a multi-valued facet counts the
    cables clearing it would bring back (restored_filter). Values chosen in ``f`` are listed
    even at 0 and kept when ``limit`` cuts the rest; years and months come in date order,
    other values by count. ``value_counts(f, facet)`` gives (facet, value, cables) of one
    facet, or of all with None; ``count(f)`` the cables of a filter."""
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    for facet, value, n in value_counts(f, None):
        if facet in counts:
            counts[facet][value] = n
    chosen = f.include | f.exclude
    for facet in {name for name, _ in chosen if name in counts}:
        under = group_filter(f, facet)
        if under != f:
            counts[facet] = {value: n for _, value, n in value_counts(under, facet)}
    for facet, value in f.exclude:
        if facet in counts and facet not in SINGLE_VALUED:
            counts[facet][value] = count(restored_filter(f, facet, value))
    for facet, value in chosen:
        if facet in counts:
            counts[facet].setdefault(value, 0)
    result: dict[str, list[FacetValue]] = {}
    for facet, values in counts.items():
        if by_name(facet).by_value:
            order = sorted(values.items(), key=lambda kv: (kv[0] in (NONE, UNDATED), kv[0]))
        else:
            order = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        kept = order[:limit]
        if limit is not None:
            kept += [kv for kv in order[limit:] if (facet, kv[0]) in chosen]
        result[facet] = [FacetValue(v, n) for v, n in kept]
    return result


def listed_user_values(f: Filter, facet: str, counts: Mapping[str, int]) -> list[FacetValue]:
    """The values of the user facet ``facet`` as both stores list them, from ``counts``
    (value -> cables): by count, then by name with case folded; a value chosen in ``f``
    listed even at 0, one no cable has and none chose left out."""
    chosen = f.include | f.exclude
    listed = dict(counts)
    for name, value in chosen:
        if name == facet:
            listed.setdefault(value, 0)
    order = sorted(listed.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    return [FacetValue(v, n) for v, n in order if n or (facet, v) in chosen]


class Hit(NamedTuple):
    """One cable in a result list, with what the list shows."""

    key: int  # the index's own integer key for the cable
    id: str
    date: datetime | None
    origin: str
    classification: str
    level: str  # U, C, S, TS (banner level)
    subject: str
    snippet: str = ""
    #: (start, end) character offsets of the matched terms within ``snippet``
    snippet_matches: tuple[tuple[int, int], ...] = ()
    #: codes of the checks the cable trips (its ``check`` facet values), in CHECKS order;
    #: not reference-not-in-folder, which is a facet value but no mark on the cable's row
    checks: tuple[str, ...] = ()
    #: "day", or "year" when only the year of ``date`` is known (``date`` is then January 1)
    date_precision: str | None = None
    #: the file it came from, relative to the folder, and its row in a cables.csv: what
    #: names a cable that has no ID
    file: str = ""
    row: int | None = None


def shown_id(hit: Hit) -> str:
    """The cable's ID, or for a cable without one the file it is in: "(no ID) a/b.txt",
    "(no ID) cables.csv row 12"."""
    if hit.id:
        return hit.id
    return f"(no ID) {shown_file(hit.file, hit.row)}" if hit.file else "(no ID)"


def shown_day(when: datetime | None, year_only: bool) -> str:
    """A cable's date as the lists show it: the day (2007-05-07), or the year alone (2004)
    when only the year is known, never a made-up day; "" without a date."""
    if when is None:
        return ""
    return f"{when:%Y}" if year_only else f"{when:%Y-%m-%d}"


def hit_day(hit: Hit) -> str:
    """The date of a result's cable as the lists show it (``shown_day``)."""
    return shown_day(hit.date, hit.date_precision == "year")


def shown_file(file: str, row: int | None) -> str:
    """A cable's file as the analyst reads it: "text/2010/10ABUDHABI69.txt", or for a row of
    a cables.csv "csv/cables.csv row 12"."""
    return f"{file} row {row}" if row is not None else file


#: What each source format is, in the analyst's words (records.Source.format)
FORMAT_NAMES = {
    "txt": "text",
    "html": "WikiLeaks page",
    "csv": "cables.csv",
    "body": "body with leftover HTML",
}


class CableCopy(NamedTuple):
    """One file (or cables.csv row) of the corpus that holds a cable: the same cable may be in
    a folder as a .txt, a WikiLeaks page and a cables.csv row at once."""

    #: what opens this copy: a folder's index keeps each copy as a cable of its own, with its
    #: own key; a team's corpus keeps the cable once, so every copy has that cable's key
    key: int
    #: the file: relative to the folder (a folder's index), or as the indexer read it (the
    #: path a team's corpus stored)
    file: str
    format: str  # records.Source.format: "txt", "html", "csv" or "body"
    row: int | None = None  # its data row, in a cables.csv
    #: the characters of its text (a folder's index: which copy is kept, copy_order); 0
    #: where not known (a team's corpus keeps the cable once)
    length: int = 0


def copy_name(copy: CableCopy) -> str:
    """"html/cable/2010/01/10ABUDHABI69.html (WikiLeaks page)", "csv/cables.csv row 12"."""
    if copy.format == "csv":
        return shown_file(copy.file, copy.row)
    kind = FORMAT_NAMES.get(copy.format)
    return f"{copy.file} ({kind})" if kind else copy.file


def other_copies(
    copies: Sequence[CableCopy], key: int, path: str, row: int | None
) -> tuple[CableCopy | None, list[CableCopy]]:
    """Of a cable's ``copies``, the one shown (the cable ``key``, read from ``path`` and
    ``row``: records.Source) and the others. A folder's index tells the one shown by its key;
    a team's corpus, whose copies all have the cable's key, by the file it was read from."""
    same = [c for c in copies if c.key == key]
    shown = same[0] if len(same) == 1 else None
    if len(same) > 1:
        shown = next((c for c in same if c.file == path and c.row == row), same[0])
    return shown, [c for c in copies if c is not shown]


#: The value of the facet ``copy`` (fields.FIELDS) that every copy of a cable but the one
#: kept has: excluding it (``-copy:other``) lists and counts each cable of a folder once.
OTHER_COPY = "other"
OTHER_COPY_MEANING = "another copy in this folder"

#: Which copy of a cable is kept when each is counted once: the richest source first, by
#: kind (a plain-text cable keeps its routing header; a cables.csv row the release's text
#: with its columns; a WikiLeaks page its text with the page's; a body with leftover HTML
#: lacks the header), formats not listed last; then the longest text (a .txt that holds only
#: the body, as the release's ``body-with-html`` has some, is shorter than the whole cable);
#: then the first by file name and row.
COPY_PREFERENCE: tuple[str, ...] = ("txt", "csv", "html", "body")


def copy_order(
    fmt: str, length: int, file: str, row: int | None, key: int
) -> tuple[int, int, str, int, int]:
    """The sort key of a copy: the one kept sorts first (COPY_PREFERENCE, the longest text,
    then the file, its row and the key: the file decides before the key, so that a folder
    indexed afresh keeps the same copy as one refreshed). The folder's index marks the others
    with SQL in this same order (index/folder_values.py)."""
    rank = COPY_PREFERENCE.index(fmt) if fmt in COPY_PREFERENCE else len(COPY_PREFERENCE)
    return rank, -length, file, -1 if row is None else row, key


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def label_key(name: str) -> str:
    """What makes two label names one label: the same words, whatever the case of their
    ASCII letters (the annotations' labels table's COLLATE NOCASE; a team's store folds
    with ``lower(name COLLATE "C")``, which changes the same letters). Labels sort by it."""
    return " ".join(name.split()).translate(_ASCII_LOWER)


def kept_copy(copies: Sequence[CableCopy]) -> CableCopy | None:
    """Of a cable's copies in a folder, the one counted when the others (``copy:other``) are
    left out; None without copies."""
    return min(
        copies, key=lambda c: copy_order(c.format, c.length, c.file, c.row, c.key), default=None
    )


class FacetValue(Slotted):
    """A facet's value, and the cables it counts (not a NamedTuple: ``count`` is a tuple's
    method)."""

    __slots__ = ("value", "count")
    value: Final[str]
    count: Final[int]

    def __init__(self, value: str, count: int) -> None:
        self.value = value
        self.count = count


class FileProblem(NamedTuple):
    """A file that could not be read at all, with a reason a person understands."""

    path: str
    reason: str


#: Links out of the folder a progress names (the rest it counts).
LINKS_NAMED = 5


def links_not_followed(count: int, named: Sequence[str]) -> str:
    """What the summary of a refresh says of the links out of the folder: '' for none."""
    if not count:
        return ""
    more = f", and {count - len(named):,} more" if count > len(named) else ""
    links = "link" if count == 1 else "links"
    return f"{count:,} {links} out of the folder not followed: {', '.join(named)}{more}"


class Progress(NamedTuple):
    files_done: int
    files_total: int
    cables_done: int
    elapsed: float  # seconds
    done: bool = False
    #: files in the folder that are not cables (other suffixes), not counted in files_total
    files_skipped: int = 0
    #: links in the folder that lead out of it, never followed, and the first of them
    #: (LINKS_NAMED at most) by their paths in the folder
    links_out: int = 0
    links_named: tuple[str, ...] = ()
    #: bytes of the files to parse, and of those parsed so far (a cables.csv in parts)
    bytes_done: int = 0
    bytes_total: int = 0
    #: 1 while the files are read (the tree, the header's facets, the full text), 2 while
    #: the full parse and the checks fill the rest (markings, problems, checks, references)
    phase: int = 1
    #: phase 2: cables the full parse has redone so far, and of how many
    checked: int = 0
    to_check: int = 0
    #: seconds from the start until the folder was searchable (the end of phase 1)
    searchable: float | None = None

    @property
    def rate(self) -> float:
        """Cables per second so far."""
        return self.cables_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, estimated from the bytes (else the files) done so far."""
        if self.elapsed <= 0:
            return None
        if self.bytes_total > 0 and self.bytes_done > 0:
            return self.elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done
        if self.files_done == 0:
            return None
        return self.elapsed * (self.files_total - self.files_done) / self.files_done
