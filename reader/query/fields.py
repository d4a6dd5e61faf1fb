"""The one table of fields: every name the query language knows and every facet the filter
pane counts, each described once, as checks.CHECKS describes the checks.

A field is one name an analyst meets in two places: a query term (``tag:PREL``) and, for
most, a facet group of the filter pane (TAGS). Its record says what the query language
calls it, how the pane titles and lists it, where the index keeps its values, and which
method of conditions._Compiler turns a term into a plan. The query language (querysyntax),
the facet lists (query), the compiler (conditions), the rows the writer stores (rows), both
stores and the window's facet groups and query completion read this table; nothing else
lists the fields. The sorts, which order by some of the same columns, are here too.

Pure data: this module imports nothing of the project, so that every layer can read it.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

__all__ = [
    "FIELDS",
    "PORTION",
    "SORTS",
    "VALUES",
    "Field",
    "Group",
    "Kind",
    "Sort",
    "Stored",
    "by_name",
    "facet_names",
    "prefix_names",
    "query_names",
]

#: The facet name under which the index keeps every portion marking a cable carries (the
#: ``marking:`` term asks it; the "marking" facet itself is the highest one).
PORTION = "portion"


class Stored(Enum):
    """Where the index keeps a field's values."""

    #: facet values of the header (table ``cable_values``), there from the first phase
    HEADER = "header"
    #: facet values of the full parse and its checks, filled by the second phase
    PARSED = "parsed"
    #: a column of the table ``cables`` (id, date, subject)
    COLUMN = "column"
    #: facet values that depend on the whole folder, worked out again at the end of each
    #: refresh (index/folder_values.py), kept in ``cable_values`` like the others
    FOLDER = "folder"
    #: the references of the full parse (table ``refs``), filled by the second phase
    REFS = "refs"
    #: the analyst's own annotations (annotations.py, the attached schema ``user``)
    ANNOTATION = "annotation"
    #: the annotations of a team's analysts, by role (pg_annotations; PostgreSQL only)
    TEAM = "team"


class Kind(Enum):
    """How many values of a facet a cable has, which says what choosing several means."""

    #: exactly one (NONE when it has none): included values are alternatives
    SINGLE = "single"
    #: any number: included values are all required
    MULTI = "multi"


class Group(Enum):
    """Which list of facets a facet belongs to: each is counted apart."""

    #: the index's facets (query.FACETS), counted by both stores' ``facets``
    INDEX = "index"
    #: the analyst's own work (query.USER_FACETS), counted by CorpusIndex.user_facets: they
    #: change when the analyst stars or labels a cable, not when the index does
    USER = "user"
    #: who read or starred a cable in a team's corpus (query.TEAM_FACETS; pgstore)
    TEAM = "team"


class Field(NamedTuple):
    """One field: a query term, a facet, or both under one name."""

    #: the canonical name: the facet's name and the name querysyntax.Field terms carry
    name: str
    #: where the index keeps its values
    stored: Stored
    #: other names the query language accepts for the term (``from:`` for ``origin:``)
    aliases: tuple[str, ...] = ()
    #: how a term of the field is compiled: VALUES, or the name of the conditions._Compiler
    #: method (``f_`` + this; a store's compiler may override it); None: no query term has
    #: this name (the facet is asked through ``is:``)
    compiled: str | None = None
    #: a facet: how many values a cable has; None: a query term only
    kind: Kind | None = None
    #: the facet group's title in the filter pane
    title: str = ""
    #: the names the query field completes ("class:"), values and all for a facet
    offered: tuple[str, ...] = ()
    #: the pane lists the facet as a group (months are the date histogram's)
    in_pane: bool = True
    #: the pane opens the group when the first counts come (the others start closed)
    opened: bool = False
    #: values listed in their own order (dates), not by count
    by_value: bool = False
    #: values are classification levels: shown in the level's colour
    levelled: bool = False
    #: a value's label is its meaning alone (a check's title), not its code
    titled: bool = False
    #: values are codes that reader.model.codes decodes with its function of this name
    #: (codes.tag("PREL")): the pane shows each one's meaning beside it
    decoded: str | None = None
    #: a term's value written without quotes and ending in ``*`` asks the values starting
    #: so (``id:07PRAGUE*``, ``label:br*``); quoted, it is the value itself (``label:"br*"``,
    #: the label of that name). VALUES fields always take one.
    prefixed: bool = False

    @property
    def takes_prefix(self) -> bool:
        """A value ending in ``*`` written without quotes is a prefix of this field's
        values (querysyntax.Field.prefix); of another field, the ``*`` is part of it."""
        return self.prefixed or self.compiled == VALUES

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a query term of the field may use, the canonical one first."""
        return (self.name, *self.aliases) if self.compiled is not None else ()

    @property
    def group(self) -> Group | None:
        """The list of facets it is counted with; None for a query term only."""
        if self.kind is None:
            return None
        if self.stored is Stored.ANNOTATION:
            return Group.USER
        if self.stored is Stored.TEAM:
            return Group.TEAM
        return Group.INDEX

    @property
    def phase_two(self) -> bool:
        """Its values come from the full parse: partial while the second phase runs."""
        return self.stored in (Stored.PARSED, Stored.REFS)


#: Field.compiled of a term that matches the field's own facet values, exactly or by a
#: prefix (``tag:KN*``), case aside
VALUES = "values"

_H, _P, _C, _F, _R, _A, _T = (
    Stored.HEADER,
    Stored.PARSED,
    Stored.COLUMN,
    Stored.FOLDER,
    Stored.REFS,
    Stored.ANNOTATION,
    Stored.TEAM,
)
_ONE, _MANY = Kind.SINGLE, Kind.MULTI

#: Every field. Facets of a group come in the order the filter pane shows them; where a
#: name means one thing as a term and a related one as a facet, the record says both.
FIELDS: tuple[Field, ...] = (
    # -- the cable's header and columns -------------------------------------------------
    Field("id", _C, compiled="id", offered=("id",), prefixed=True),
    Field(
        "classification",
        _H,
        aliases=("class",),
        compiled="classification",
        kind=_ONE,
        title="Classification",
        offered=("class",),
        levelled=True,
        opened=True,
    ),
    Field(
        "origin",
        _H,
        aliases=("from",),
        compiled="origin",
        kind=_ONE,
        title="Origin",
        offered=("from", "origin"),
        opened=True,
    ),
    Field("year", _H, compiled="date", kind=_ONE, title="Year", by_value=True),
    Field("month", _H, compiled="date", kind=_ONE, title="Month", in_pane=False, by_value=True),
    Field(
        "tag",
        _H,
        aliases=("tags",),
        compiled=VALUES,
        kind=_MANY,
        title="TAGS",
        offered=("tag",),
        opened=True,
        decoded="tag",
    ),
    Field(
        "precedence",
        _H,
        compiled="precedence",
        kind=_ONE,
        title="Precedence",
        offered=("precedence",),
        decoded="precedence",
        prefixed=True,  # (its value matches by start: imm and imm* alike)
    ),
    Field(
        "handling",
        _H,
        compiled=VALUES,
        kind=_MANY,
        title="Handling",
        offered=("handling",),
        decoded="handling",
    ),
    # -- the full parse -----------------------------------------------------------------
    # marking: the facet is the highest paragraph marking; the term asks every portion
    # marking a cable carries (PORTION)
    Field(
        "marking",
        _P,
        compiled="marking",
        kind=_ONE,
        title="Highest marking",
        offered=("marking",),
        levelled=True,
    ),
    # the parser's problem codes
    Field(
        "problem",
        _P,
        compiled=VALUES,
        kind=_MANY,
        title="Parser problems",
        offered=("problem",),
    ),
    # codes of the checks.py findings (reference-not-in-folder: see folder_checks)
    Field(
        "check",
        _P,
        compiled=VALUES,
        kind=_MANY,
        title="Checks",
        offered=("check",),
        titled=True,
        opened=True,
    ),
    # -- the whole folder ---------------------------------------------------------------
    # the same cable in several files: every copy of an ID but the one kept has the value
    # ``other`` (query.OTHER_COPY, kept_copy), so ``-copy:other`` counts each cable once.
    # From the IDs, which the first phase writes: not partial while the second one runs
    Field(
        "copy",
        _F,
        compiled=VALUES,
        kind=_MANY,
        title="Copies",
        offered=("copy",),
        titled=True,
        opened=True,
    ),
    Field("ref", _R, compiled="ref", offered=("ref",)),
    Field("citedby", _R, compiled="citedby", offered=("citedby",)),
    Field("date", _C, compiled="date", offered=("date",)),
    Field("subject", _C, compiled="subject"),
    # -- the analyst's own work (annotations.py) ----------------------------------------
    # a value chosen in a user facet means what the query term says: starred=starred is
    # ``is:starred``, read=unread ``is:unread``, label=NAME ``label:NAME``, note=has note
    # ``has:note`` (conditions.user_value_plan)
    Field("is", _A, compiled="is"),
    Field("starred", _A, kind=_ONE, title="Starred", opened=True),
    Field("read", _A, kind=_ONE, title="Read", opened=True),
    Field("label", _A, compiled="label", kind=_MANY, title="Labels", opened=True,
          offered=("label",), prefixed=True),  # fmt: skip
    # note: the term searches the words of the notes; the facet is whether a cable has one
    Field("note", _A, compiled="note", kind=_ONE, title="Has note", opened=True),
    Field("has", _A, compiled="has"),
    # -- who did it, in a team's corpus (pg_annotations): a role, "me" or "*" -----------
    # a cable has any number of readers; values chosen are all required
    Field("readby", _T, aliases=("read-by",), compiled="readby", kind=_MANY, title="Read by"),
    Field(
        "starredby",
        _T,
        aliases=("starred-by",),
        compiled="starredby",
        kind=_MANY,
        title="Starred by",
    ),
)

_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


def by_name(name: str) -> Field:
    """The field of a canonical name; KeyError for another."""
    return _BY_NAME[name]


def prefix_names() -> frozenset[str]:
    """The canonical names of the fields whose terms take a prefix (Field.takes_prefix)."""
    return frozenset(f.name for f in FIELDS if f.compiled is not None and f.takes_prefix)


def query_names() -> dict[str, str]:
    """Every name the query language knows -> the canonical name of its field."""
    return {name: f.name for f in FIELDS for name in f.names}


def facet_names(group: Group) -> tuple[str, ...]:
    """The facets of ``group``, in the order the filter pane shows them."""
    return tuple(f.name for f in FIELDS if f.group is group)


class Sort(NamedTuple):
    """One order of the results: its Filter.sort key, what the sort control calls it, and
    the ``cables`` columns it orders on in turn (the key last: a total order)."""

    key: str
    title: str
    columns: tuple[str, ...]


#: The column sorts, in the order the sort control offers them after relevance (which
#: orders by the query's words, not by columns: query.RELEVANCE). The one definition: the
#: SQL of both stores, the postings' key orders and the window's sort control read it.
SORTS: tuple[Sort, ...] = (
    Sort("date", "Date", ("date", "id", "key")),
    Sort("id", "ID", ("id COLLATE NOCASE", "key")),
    Sort("origin", "Origin", ("origin", "date", "key")),
    Sort("classification", "Classification", ("rank", "classification", "date", "key")),
)
