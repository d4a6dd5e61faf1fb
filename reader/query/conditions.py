"""A Filter turned into a plan: which cables match, as facet values, full-text matches and
SQL conditions combined with and/or/not.

Field terms that name facet values (class:, tag:, marking:, whole months of date:, ...) are
resolved against the values the index holds, through a ValueLookup, into value ids; text
goes to the FTS5 table ``ft``; the rest (id:, ref:, days of date:, ...) are SQL conditions
on the ``cables`` table (alias ``c``). The store evaluates a plan with bitmaps of facet
values when it has them, else as one SQL condition (``to_sql``). See querysyntax for the
language.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import Final, NamedTuple, Protocol

from reader.model.slotted import Slotted
from reader.query.fields import PORTION, VALUES, by_name
from reader.query.query import MULTI_VALUED, NONE, UNDATED, USER_FACETS, USER_VALUES, Filter
from reader.query.querysyntax import (
    FIELDS,
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    QueryTooBig,
    Word,
    fts_expression,
    outside_values,
    parse_query,
    query_limit,
    syntax_notes,
)

__all__ = [
    "ANNOTATION_STATES",
    "Both",
    "Condition",
    "Either",
    "Plan",
    "Sql",
    "Text",
    "UserSql",
    "ValueLookup",
    "Values",
    "Without",
    "asks_annotations",
    "compile_filter",
    "date_bounds",
    "field_terms",
    "query_notes",
    "subject_text",
    "text_part",
    "to_sql",
    "user_value_plan",
    "uses_annotations",
]


class ValueLookup(Protocol):
    def values(self, facet: str) -> list[tuple[int, str]]:
        """(value id, value) of every value of ``facet`` in the index."""
        ...


class Values(Slotted):
    """Cables that have any of these facet values (none: no cable)."""

    __slots__ = ("ids",)
    ids: Final[tuple[int, ...]]

    def __init__(self, ids: tuple[int, ...]) -> None:
        self.ids = ids


class Text(Slotted):
    """Cables whose text matches an FTS5 expression; ``node``: the query's text it was made
    of (a store may answer parts of it otherwise: index.word_bits), not compared."""

    __slots__ = ("expr", "node")
    expr: Final[str]
    node: Final[Node | None]

    def __init__(self, expr: str, node: Node | None = None) -> None:
        self.expr = expr
        self.node = node

    # the expression alone makes a text what it is (its node, where given, says the same)
    def __eq__(self, other: object) -> bool:
        return self.expr == other.expr if isinstance(other, Text) else NotImplemented

    def __hash__(self) -> int:
        return hash((Text, self.expr))


class Sql(Slotted):
    """Cables ``c`` for which an SQL condition holds."""

    __slots__ = ("sql", "params")
    sql: Final[str]
    params: Final[tuple[object, ...]]

    def __init__(self, sql: str, params: tuple[object, ...] = ()) -> None:
        self.sql = sql
        self.params = params


class UserSql(Sql):
    """An Sql condition on the analyst's annotations (the attached schema ``user``): its
    answer changes when they do, not only when the index does."""

    __slots__ = ()


class Both(Slotted):
    """Cables in every one of ``parts``."""

    __slots__ = ("parts",)
    parts: Final[tuple[Plan, ...]]

    def __init__(self, parts: tuple[Plan, ...]) -> None:
        self.parts = parts


class Either(Slotted):
    """Cables in any of ``parts``."""

    __slots__ = ("parts",)
    parts: Final[tuple[Plan, ...]]

    def __init__(self, parts: tuple[Plan, ...]) -> None:
        self.parts = parts


class Without(Slotted):
    """Every cable but those of ``part``."""

    __slots__ = ("part",)
    part: Final[Plan]

    def __init__(self, part: Plan) -> None:
        self.part = part


Plan = Values | Text | Sql | Both | Either | Without

NOTHING = Values(())


class Condition(NamedTuple):
    """An SQL condition on ``cables c``, with its parameters."""

    sql: str
    params: tuple[object, ...] = ()


def to_sql(plan: Plan) -> Condition:
    """The plan as one SQL condition on ``cables c``."""
    if isinstance(plan, Values):
        if not plan.ids:
            return Condition("0")
        marks = ",".join("?" * len(plan.ids))
        return Condition(
            f"c.key IN (SELECT key FROM cable_values WHERE value_id IN ({marks}))", plan.ids
        )
    if isinstance(plan, Text):
        return Condition("c.key IN (SELECT rowid FROM ft WHERE ft MATCH ?)", (plan.expr,))
    if isinstance(plan, Sql):
        return Condition(plan.sql, plan.params)
    if isinstance(plan, Without):
        inner = to_sql(plan.part)
        return Condition(f"NOT {inner.sql}", inner.params)
    op = " AND " if isinstance(plan, Both) else " OR "
    return _joined(op, [to_sql(p) for p in plan.parts])


def _joined(op: str, parts: list[Condition]) -> Condition:
    """``parts`` joined by ``op`` as a balanced tree: SQLite parses a flat list of a few
    hundred ORs as a tree that deep, and refuses one deeper than 1,000 ("Expression tree
    is too large")."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) > 8:
        half = len(parts) // 2
        parts = [_joined(op, parts[:half]), _joined(op, parts[half:])]
    return Condition(
        "(" + op.join(p.sql for p in parts) + ")", tuple(x for p in parts for x in p.params)
    )


def _both(parts: list[Plan]) -> Plan:
    flat: list[Plan] = []
    for part in parts:  # nested parentheses make nested Boths: one level is cheaper in SQL
        flat.extend(part.parts if isinstance(part, Both) else (part,))
    return flat[0] if len(flat) == 1 else Both(tuple(flat))


def _either(parts: list[Plan]) -> Plan:
    flat: list[Plan] = []
    ids: dict[int, None] = {}
    for part in parts:
        for p in part.parts if isinstance(part, Either) else (part,):
            if isinstance(p, Values):  # cables with any of these values or any of those
                ids.update(dict.fromkeys(p.ids))
            else:
                flat.append(p)
    if ids or not flat:
        flat.insert(0, Values(tuple(ids)))
    return flat[0] if len(flat) == 1 else Either(tuple(flat))


_LEVELS = {
    "U": "U",
    "UNCLAS": "U",
    "UNCLASSIFIED": "U",
    "C": "C",
    "CONFIDENTIAL": "C",
    "S": "S",
    "SECRET": "S",
    "TS": "TS",
    "TOP SECRET": "TS",
}
_CUI_WORDS = {"SBU", "LOU", "FOUO", "CUI", "LIMITED OFFICIAL USE", "FOR OFFICIAL USE ONLY"}
_PRECEDENCE_CODES = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def compile_filter(f: Filter, lookup: ValueLookup) -> Plan | None:
    """The plan for ``f``; None when every cable matches. QueryTooBig when the query
    exceeds a bound of querysyntax."""
    limit = query_limit(f.query)
    if limit is not None:
        raise QueryTooBig(limit)
    parts: list[Plan] = []
    node = parse_query(f.query)
    if node is not None:
        parts.append(_Compiler(lookup).node(node))
    parts += _selections(f, lookup)
    return _both(parts) if parts else None


def _selections(f: Filter, lookup: ValueLookup) -> list[Plan]:
    parts: list[Plan] = []
    by_facet: dict[str, list[str]] = {}
    for facet, value in sorted(f.include):
        by_facet.setdefault(facet, []).append(value)
    for facet, values in by_facet.items():
        if facet in USER_FACETS:
            plans = [user_value_plan(facet, v) for v in values]
            parts += plans if facet in MULTI_VALUED else [_either(plans)]
            continue
        ids = {v: i for i, v in lookup.values(facet)}
        if facet in MULTI_VALUED:
            for value in values:
                parts.append(Values((ids[value],) if value in ids else ()))
        else:
            parts.append(Values(tuple(ids[v] for v in values if v in ids)))
    excluded: list[int] = []
    for facet, value in sorted(f.exclude):
        if facet in USER_FACETS:
            parts.append(Without(user_value_plan(facet, value)))
            continue
        excluded += [i for i, v in lookup.values(facet) if v == value]
    if excluded:
        parts.append(Without(Values(tuple(excluded))))
    return parts


def _id_word(node: Node) -> bool:
    """A plain word that is a cable ID (07PRAGUE497, 7575LIBREVILLE1895): searched as text
    and as an ID, since no cable's text holds its own ID in that form."""
    # an ID starts with a digit: other words do not load the parser's IDs (and with them
    # its posts and country codes, 5 ms of a search's start)
    return (
        isinstance(node, Word)
        and node.text[:1].isdigit()
        and _id_word_re().fullmatch(node.text) is not None
    )


@cache
def _id_word_re() -> re.Pattern[str]:
    from reader.parser.ids import ID_LIKE

    return re.compile(ID_LIKE, re.IGNORECASE)


def _fts_able(node: Node) -> bool:
    """Can FTS5 evaluate this subtree by itself (text only, not a bare negation)?"""
    if _id_word(node):
        return False
    if isinstance(node, Word | Phrase):
        return True
    if isinstance(node, Or):
        return all(_fts_able(c) for c in node.children)
    if isinstance(node, And):
        positive = [c for c in node.children if not isinstance(c, Not)]
        negative = [c.child for c in node.children if isinstance(c, Not)]
        return bool(positive) and all(_fts_able(c) for c in positive + negative)
    return False


def text_part(children: Sequence[Node]) -> list[Node]:
    """The terms of an And that FTS5 answers as one expression: its text terms and their
    negations (the compiler's Text of an And; the index's relevance page reads the same)."""
    return [c for c in children if _fts_able(c) or (isinstance(c, Not) and _fts_able(c.child))]


def subject_text(value: str) -> str:
    """What ``subject:VALUE`` looks for in the subject line: the value without a prefix's
    ``*`` (any part of the subject matches already, as tag:EC* and id:07PRAGUE* write a
    prefix) and without accents (the release's subjects are in plain letters). Both gave a
    silent 0: subject:minist*, subject:Brasília."""
    stem = value.rstrip("*") or value
    if stem.isascii():
        return stem
    plain = unicodedata.normalize("NFKD", stem)
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _plain_upper(text: str) -> str:
    """``text`` in capitals without accents, as the full-text index reads words: a post typed
    with its accents (from:Brasília, from:İstanbul) is the post written without them."""
    if text.isascii():
        return text.upper()
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).upper()


class _Compiler:
    def __init__(self, lookup: ValueLookup) -> None:
        self.lookup = lookup

    def node(self, node: Node) -> Plan:
        if _fts_able(node):
            return Text(fts_expression(node), node)
        if _id_word(node):
            assert isinstance(node, Word)
            return _either(
                [Text(fts_expression(node), node), self.f_id(node.text, prefix=node.prefix)]
            )
        if isinstance(node, Not):
            return Without(self.node(node.child))
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Or):
            return _either([self.node(c) for c in node.children])
        if isinstance(node, And):
            text = text_part(node.children)
            parts: list[Plan] = []
            if any(not isinstance(c, Not) for c in text):
                parts.append(self.node(And(tuple(text))))
                rest = [c for c in node.children if c not in text]
            else:
                rest = list(node.children)
            parts += [self.node(c) for c in rest]
            return _both(parts)
        raise AssertionError(f"unexpected query node {node!r}")

    # -- field terms -------------------------------------------------------------------

    def field(self, term: Field) -> Plan:
        """The plan of a field term, as its record in fields.FIELDS says to compile it."""
        value = term.value.strip()
        compiled = by_name(term.name).compiled
        if compiled == VALUES:
            return self.matching(term.name, _exact_or_prefix(value, term.prefix))
        method: Callable[..., Plan] = getattr(self, f"f_{compiled}")
        # a prefix of a field that takes one (querysyntax.PREFIX_FIELDS): id:, label:
        return method(value, prefix=True) if term.prefix else method(value)

    def matching(self, facet: str, test: Callable[[str], bool]) -> Plan:
        return Values(tuple(i for i, v in self.lookup.values(facet) if test(v)))

    def f_id(self, value: str, prefix: bool = False) -> Plan:
        # the cable's ID or the one the release published it under (08EFTOLONDON2883)
        if prefix:
            start = _like_escape(value) + "%"
            return Sql(
                "(c.id LIKE ? ESCAPE '\\' OR c.published_id LIKE ? ESCAPE '\\')", (start, start)
            )
        return Sql("(c.id = ? COLLATE NOCASE OR c.published_id = ? COLLATE NOCASE)", (value, value))

    def f_origin(self, value: str) -> Plan:
        words = _plain_upper(value).split()
        return self.matching("origin", lambda v: all(w in _plain_upper(v) for w in words))

    def f_classification(self, value: str) -> Plan:
        # the markings' grammar (and with it the records) is loaded by a query that asks
        # for a classification, not by every search
        from reader.parser.markings import classification_level

        key = " ".join(value.upper().split())
        if key in _LEVELS:
            level = _LEVELS[key]
            return self.matching(
                "classification", lambda v: (classification_level(v)[0] or "") == level
            )
        if key in _CUI_WORDS:
            return self.matching("classification", lambda v: classification_level(v)[1] == 1)
        return self.matching("classification", lambda v: key in v.upper())

    def f_precedence(self, value: str, prefix: bool = False) -> Plan:
        """The precedences starting with ``value`` (``precedence:imm``), or its code's
        (``precedence:O``); a prefix (``precedence:imm*``) is the same."""
        key = value.upper()
        key = _PRECEDENCE_CODES.get(key, key)
        return self.matching("precedence", lambda v: v.upper().startswith(key))

    def f_marking(self, value: str) -> Plan:
        return self.matching(PORTION, _marking_test(value))

    def f_date(self, value: str) -> Plan:
        """A cable of which only the year is known matches when the whole year lies in the
        range (date:2004, date:2003..2005), never a range of days or months within it."""
        bounds = date_bounds(value)
        if bounds is None:
            return NOTHING
        lo, hi = bounds
        if (lo is None or lo % 1000000 == 10000) and (hi is None or hi % 1000000 == 312359):
            # whole months: the union of month values, which bitmaps answer at once; a
            # year-only cable's month value is its year ("2004")
            first = f"{lo // 100000000:04d}-{lo // 1000000 % 100:02d}" if lo else "0000"
            last = f"{hi // 100000000:04d}-{hi // 1000000 % 100:02d}" if hi else "9999"

            def inside(v: str) -> bool:
                if v in (NONE, UNDATED):
                    return False
                if len(v) == 4:
                    return first <= f"{v}-01" and f"{v}-12" <= last
                return first <= v <= last

            return self.matching("month", inside)
        # a year-only date is YYYY00000000 (rows.year_number): it is inside from ``lo`` on
        # when its year starts at ``lo`` or later, and must end by ``hi`` as well
        whole_year = "(c.date % 100000000 != 0 OR c.date + 12312359 <= ?)"
        if lo is not None and hi is not None:
            return Sql(f"c.date BETWEEN ? AND ? AND {whole_year}", (lo, hi, hi))
        if lo is not None:
            return Sql("c.date >= ?", (lo,))
        return Sql(f"c.date <= ? AND {whole_year}", (hi, hi))

    def f_ref(self, value: str) -> Plan:
        return Sql("c.key IN (SELECT key FROM refs WHERE ref = ?)", (value.upper(),))

    def f_citedby(self, value: str) -> Plan:
        return Sql(
            "c.id COLLATE NOCASE IN (SELECT r.ref FROM refs r JOIN cables x ON x.key = r.key"
            " WHERE x.id = ? COLLATE NOCASE)",
            (value,),
        )

    def f_subject(self, value: str) -> Plan:
        pattern = "%" + _like_escape(subject_text(value)) + "%"
        return Sql("c.subject LIKE ? ESCAPE '\\'", (pattern,))

    # -- the analyst's annotations, in the attached schema ``user`` ---------------------

    def f_is(self, value: str) -> Plan:
        key = value.lower()
        if key in ANNOTATION_STATES:
            table, negated = ANNOTATION_STATES[key]
            plan: Plan = UserSql(f"c.id IN (SELECT cable_id FROM user.{table})")
            return Without(plan) if negated else plan
        return NOTHING

    def f_label(self, value: str, prefix: bool = False) -> Plan:
        """The label named ``value`` (``label:"br*"`` too), or every label starting so."""
        if prefix:
            return UserSql(
                "c.id IN (SELECT cable_id FROM user.cable_labels WHERE label LIKE ? ESCAPE '\\')",
                (_like_escape(value) + "%",),
            )
        return UserSql("c.id IN (SELECT cable_id FROM user.cable_labels WHERE label = ?)", (value,))

    def f_note(self, value: str) -> Plan:
        node = parse_query(value)
        if node is None or not _fts_able(node):
            return NOTHING
        return UserSql(
            "c.id IN (SELECT n.cable_id FROM user.notes n WHERE n.id IN"
            " (SELECT rowid FROM user.notes_text WHERE notes_text MATCH ?))",
            (fts_expression(node),),
        )

    def f_has(self, value: str) -> Plan:
        if value.lower() in ("note", "notes"):
            return UserSql("c.id IN (SELECT cable_id FROM user.notes)")
        if value.lower() in ("label", "labels"):
            return UserSql("c.id IN (SELECT cable_id FROM user.cable_labels)")
        return NOTHING

    def f_starredby(self, value: str) -> Plan:
        """``starred-by:NAME``: a team's corpus knows who starred what; a folder's index
        keeps one analyst's stars without a name, so no NAME has any."""
        return NOTHING

    f_readby = f_starredby  # the same: a folder's index keeps no reader's name either


def user_value_plan(facet: str, value: str) -> Plan:
    """The cables with ``value`` of a user facet (query.USER_FACETS): the plan of the query
    field's term for it (starred=unstarred is ``is:unstarred``, label=X ``label:X`` without
    a prefix, note=has note ``has:note``), so the pane and the query field never differ."""
    compiler = _Compiler(_NO_VALUES)
    if facet in ("starred", "read"):
        return compiler.f_is(value) if value in USER_VALUES[facet] else NOTHING
    if facet == "note":
        has, has_not = USER_VALUES["note"]
        if value not in (has, has_not):
            return NOTHING
        plan = compiler.f_has("note")
        return plan if value == has else Without(plan)
    if facet == "label":
        return UserSql("c.id IN (SELECT cable_id FROM user.cable_labels WHERE label = ?)", (value,))
    return NOTHING


class _NoValues:
    """A ValueLookup of no facet values: enough to compile what does not name any."""

    def values(self, facet: str) -> list[tuple[int, str]]:
        return []


_NO_VALUES = _NoValues()


def asks_annotations(f: Filter) -> bool:
    """Does ``f`` choose cables by the analyst's annotations (is:, label:, note:, has:, or a
    user facet)? Then a star or a label may change its results, not only their counts."""
    try:
        return uses_annotations(compile_filter(f, _NO_VALUES))
    except QueryTooBig:
        return False  # a query refused is answered by nothing, before and after


#: is:VALUE -> (annotation table, negated): the tables have the same names in both stores
ANNOTATION_STATES = {
    "starred": ("stars", False),
    "unstarred": ("stars", True),
    "read": ("reads", False),
    "unread": ("reads", True),
}


def uses_annotations(plan: Plan | None) -> bool:
    """Does the plan ask the analyst's annotations (so the schema ``user`` must be there)?"""
    if plan is None:
        return False
    if isinstance(plan, UserSql):
        return True
    if isinstance(plan, Without):
        return uses_annotations(plan.part)
    if isinstance(plan, Both | Either):
        return any(uses_annotations(p) for p in plan.parts)
    return False


def _exact_or_prefix(value: str, prefix: bool) -> Callable[[str], bool]:
    key = value.upper()
    if prefix:
        return lambda v: v.upper().startswith(key)
    return lambda v: v.upper() == key


def _marking_test(value: str) -> Callable[[str], bool]:
    """marking:S matches S and S//NF; marking:NF any NOFORN portion; marking:S//NF exactly."""
    key = _normal_marking(value)

    def test(v: str) -> bool:
        norm = _normal_marking(v)
        if norm == key:
            return True
        level, _, controls = norm.partition("//")
        return key == level or key in re.split(r"\s*[/,]\s*", controls)

    return test


def _normal_marking(text: str) -> str:
    text = " ".join(text.upper().split())
    return re.sub(r"(?<!/)/(?!/)", "//", text)


def _like_escape(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


#: What looks like an operator of another search engine, and is searched as words here.
_FOREIGN_OPERATOR_RE = re.compile(
    r"\b(?:NEAR|ONEAR|W|PRE|ADJ|SAME|WITH)/\d+|\bNEAR\(", re.ASCII | re.IGNORECASE
)
_FIELD_LIKE_RE = re.compile(r"(?<![^\s(\-])([A-Za-z]+(?:-[A-Za-z]+)?):(?=\S)")
_DATE_HELP = "use a year (2007), a month (2007-05), a day (2007-05-07) or a range (2007-05..2008)"
#: A field name with nothing after it (``class:`` at the end or before a space): no condition.
_EMPTY_FIELD_RE = re.compile(r"(?<![^\s(\-])([A-Za-z]+(?:-[A-Za-z]+)?):(?=[\s)]|$)")
#: ``word**``: searched as the word, not as a prefix (querysyntax takes one ``*`` only).
_STARS_RE = re.compile(r"(?<![^\s(\-])(\w+)\*{2,}(?=[\s)]|$)")


#: The values a field takes from a fixed list (the compiler gives any other nothing).
_CLOSED_VALUES = {
    "is": tuple(ANNOTATION_STATES),
    "has": ("note", "notes", "label", "labels"),
}


def query_notes(query: str) -> list[str]:
    """Sentences on the parts of ``query`` that do not mean what they seem to and match
    nothing or something else (a date that is no date, an operator of another search
    engine, an unknown field): the query still runs; the analyst is told why."""
    if query_limit(query) is not None:
        return []
    notes: list[str] = []
    tree = parse_query(query)
    for term in field_terms(tree):
        if term.name not in ("date", "year", "month"):
            continue
        bounds = date_bounds(term.value)
        name = term.name  # (year: and month: are read as date: is)
        if bounds is None:
            notes.append(f"{name}:{term.value} is not a date, so it matches nothing: {_DATE_HELP}.")
        elif bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            a, _, b = term.value.partition("..")
            notes.append(
                f"{name}:{term.value} ends before it begins, so it matches nothing:"
                f" write {name}:{b.strip()}..{a.strip()}."
            )
        elif bounds == (None, None):  # date:..: every dated cable, the undated left out
            notes.append(
                f"{name}:{term.value} gives neither end, so it keeps every cable with a date and"
                f" leaves out the undated ones: write {name}:2007.. or {name}:..2009 for a range."
            )
    for term in field_terms(tree):
        said = _CLOSED_VALUES.get(term.name)
        if said is not None and term.value.strip() and term.value.strip().lower() not in said:
            choices = [f"{term.name}:{v}" for v in said if not v.endswith("s")]
            notes.append(
                f"{term.name}:{term.value} matches nothing: write "
                + ", ".join(choices[:-1])
                + f" or {choices[-1]}."
            )
    typed = outside_values(query)  # not a label's name, a note's words or a phrase
    empty = [m.group(1) for m in _EMPTY_FIELD_RE.finditer(typed) if m.group(1).lower() in FIELDS]
    for name in dict.fromkeys(empty):
        notes.append(
            f"{name}: has no value after it, so it is left out: write the value right after"
            f' the colon ({name}:VALUE, or {name}:"two words").'
        )
    for m in _STARS_RE.finditer(typed):
        notes.append(
            f"{m.group()} is searched as the word {m.group(1).lower()}: for the words that"
            f" begin with it, write {m.group(1)}* (one star)."
        )
    for m in _FOREIGN_OPERATOR_RE.finditer(typed):
        notes.append(
            f"{m.group()} is not an operator here; it is searched as words. Use "
            '"a phrase" for words in a row, or both words for cables with both.'
        )
    unknown = sorted(
        {m.group(1) for m in _FIELD_LIKE_RE.finditer(typed) if m.group(1).lower() not in FIELDS}
    )
    for name in unknown:
        near = difflib.get_close_matches(name.lower(), FIELDS, n=1, cutoff=0.7)
        nearest = f" (the nearest is {near[0]}:)" if near else ""
        notes.append(
            f"{name}: is not a field{nearest}, so it is searched as words; fields are "
            + ", ".join(sorted({f"{k}:" for k in FIELDS}))
            + "."
        )
    notes += syntax_notes(query) if tree is not None else []  # (else: nothing to search)
    if tree is None and query.strip() and not notes:
        notes.append(
            f"{query.strip()} holds no word and no field to search for, so every cable is shown."
        )
    return notes


def field_terms(node: Node | None) -> list[Field]:
    """Every field term of a query tree, in order (negated ones too)."""
    if node is None or isinstance(node, Word | Phrase):
        return []
    if isinstance(node, Field):
        return [node]
    if isinstance(node, Not):
        return field_terms(node.child)
    return [f for child in node.children for f in field_terms(child)]


def date_bounds(text: str) -> tuple[int | None, int | None] | None:
    """Inclusive YYYYMMDDHHMM bounds of ``2007``, ``2007-05``, ``2007-05-07`` or a range
    ``a..b`` (either end may be left open); None when the text is not a date."""
    if ".." in text:
        a, _, b = text.partition("..")
        lo = _date_end(a, last=False) if a.strip() else None
        hi = _date_end(b, last=True) if b.strip() else None
        if (a.strip() and lo is None) or (b.strip() and hi is None):
            return None
        return lo, hi
    lo, hi = _date_end(text, last=False), _date_end(text, last=True)
    if lo is None:
        return None
    return lo, hi


def _date_end(text: str, *, last: bool) -> int | None:
    m = _DATE_RE.fullmatch(text.strip())
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if last else 1)
    day = int(m.group(3)) if m.group(3) else (31 if last else 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if m.group(3) and day > 28:
        import calendar  # (here: it imports locale, 2 ms of a search's start)

        if day > calendar.monthrange(year, month)[1]:
            return None  # 2010-02-30, 2009-04-31: no such day (a month's end bound may be 31)
    hm = 2359 if last else 0
    return ((year * 100 + month) * 100 + day) * 10000 + hm
