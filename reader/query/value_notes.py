"""Notes on field terms whose value no cable of the corpus has: ``tag:PRELL``,
``origin:parsi``, ``class:secrt``, and dates when no cable was written (``date:2099``). Each
matches nothing, which a result of 0 cables does not explain; the note names the term and
the nearest values the corpus has. An excluded term (``-tag:PRELL``, or inside ``NOT (...)``)
of such a value leaves nothing out, which is never why an answer is empty: its note says
that, since the analyst believes something was excluded (a typo there goes unseen).

The values come from the store that answers the query (its ``values``, the ValueLookup of
conditions), so the test is the compiler's own: a term whose plan chooses no facet value.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection, Mapping
from typing import Protocol

from reader.query.conditions import NOTHING, compile_filter, date_bounds
from reader.query.fields import PORTION, VALUES, Stored, by_name
from reader.query.query import (
    MULTI_VALUED,
    OTHER_COPY,
    PHASE_TWO_FACETS,
    USER_FACETS,
    USER_VALUES,
    Filter,
    label_key,
)
from reader.query.querysyntax import (
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    parse_query,
    query_limit,
    text_terms,
)

__all__ = [
    "Answering",
    "Counting",
    "EMPTY_FIELDS",
    "CountedOnce",
    "Explaining",
    "answer_notes",
    "empty_answer_notes",
    "empty_notes",
    "empty_terms",
    "nearest_ids",
    "nearest_words",
    "Store",
    "part_notes",
    "query_parts",
    "query_words",
    "selection_notes",
    "store_notes",
    "store_selection_notes",
    "value_notes",
    "value_terms",
    "word_notes",
]

#: How a term of each of these fields is compiled chooses facet values (conditions._Compiler:
#: VALUES, f_origin, f_classification, f_precedence, f_marking), so "none chosen" is exact.
_CHOSEN_BY_VALUE = frozenset({VALUES, "origin", "classification", "precedence", "marking"})
#: How many of the nearest values a note names
_NEAREST = 3
#: A facet with at most this many values has them all named when none is near
_ALL_NAMED = 8
#: What a note says a term or a facet choice does when no cable has its value
_MATCHES_NOTHING = "so it matches nothing"
_EXCLUDES_NOTHING = "so excluding it leaves nothing out"
#: Why no cable has the value ``copy:other`` in a folder's index that has none
_NO_COPIES = "no cable of these is in more than one file of the folder"
#: Values whose exclusion is never a mistake where no cable has them, so it gets no note:
#: ``-copy:other`` asks for each cable once, which a folder without copies, and a team's
#: corpus (each cable kept once), give as they are; a saved search with it is used on both
_SOUND_EXCLUSIONS = frozenset({("copy", OTHER_COPY)})
#: The fields of a cable's date, and the facet whose values say which months have cables
#: (``2007-05``; ``2004`` for a cable dated by the year of its ID alone; ``undated``)
_DATES = frozenset({"date", "year", "month"})
_MONTHS = "month"


def value_terms(query: str) -> list[Field]:
    """The terms of ``query`` that value_notes looks at (once each, in order): those that
    choose facet values, and those of who did what. Empty for most queries, which then need
    no look at the store."""
    return list(dict.fromkeys(term for term, _ in _signed_terms(query)))


def _signed_terms(
    query: str, chosen: Callable[[str], bool] | None = None
) -> list[tuple[Field, bool]]:
    """value_terms with whether each is excluded: under an odd number of NOTs (``-tag:X``,
    ``NOT tag:X``, ``-(tag:X OR iran)``; ``-(-tag:X)`` asks for it), as the compiler reads
    the tree. A term both asked for and excluded comes once each way. ``chosen``: which
    fields (by canonical name) instead of value_terms' own."""
    if query_limit(query) is not None or ":" not in query:
        return []
    terms: dict[tuple[Field, bool], None] = {}

    def walk(node: Node | None, negated: bool) -> None:
        if isinstance(node, Not):
            walk(node.child, not negated)
        elif isinstance(node, And | Or):
            for child in node.children:
                walk(child, negated)
        elif isinstance(node, Field) and node.value.strip():
            field = by_name(node.name)
            if chosen is not None:
                if chosen(node.name):
                    terms[(node, negated)] = None
            elif (
                field.compiled in _CHOSEN_BY_VALUE
                or field.stored is Stored.TEAM
                or node.name in _DATES
            ):
                terms[(node, negated)] = None

    walk(parse_query(query), False)
    return list(terms)


def value_notes(
    query: str,
    values: Callable[[str], list[tuple[int, str]]],
    *,
    complete: bool = True,
    lacks: Mapping[str, str] | None = None,
) -> list[str]:
    """A sentence for each term of ``query`` whose value no cable has, with the nearest
    values there are: a term asked for matches nothing, an excluded one leaves nothing out.
    ``values(facet)``: (id, value) of every value of the facet in the store
    (CorpusIndex.values, PgIndex.values). ``complete``: the full parse has reached every
    cable; before, a value of a field it fills (problem:, check:, marking:) may be still to
    come, and such terms get no note. ``lacks``: the fields the store never has a value of,
    each with why (Index.lacks: a folder's index has no readby:, a team's corpus no copy:)."""
    lookup = _Lookup(values)
    notes: list[str] = []
    for term, negated in _signed_terms(query):
        sound = (term.name, term.value.strip().casefold()) in _SOUND_EXCLUSIONS
        if negated and sound and not term.prefix:
            continue
        shown = term.written()
        if lacks and term.name in lacks:
            notes.append(_none_here(shown, negated, lacks[term.name]))
            continue
        if by_name(term.name).stored is Stored.TEAM:
            continue  # the store knows who did what: each value is a role
        if term.name in _DATES:
            if (note := _date_note(term, lookup.values(_MONTHS), negated)) is not None:
                notes.append(note)
            continue
        if not complete and by_name(term.name).phase_two:
            continue
        plan = compile_filter(Filter(query=shown), lookup)
        if plan != NOTHING:
            continue
        if not term.prefix and (why := _why_none(term.name, term.value)) is not None:
            notes.append(_none_here(shown, negated, why))
            continue
        facet = _facet(term.name)
        title = "paragraph marking" if facet == PORTION else by_name(term.name).title
        there = sorted({v for _, v in lookup.values(facet)})
        effect = _EXCLUDES_NOTHING if negated else _MATCHES_NOTHING
        note = f"{shown} is no {title or term.name} value of these cables, {effect}"
        notes.append(note + _values_like(term.value, there) + _caveat(facet, term, lookup)
                     + ".")
    return notes


def _caveat(facet: str, term: Field, lookup: _Lookup) -> str:
    """What a classification note adds for a value that is a handling caveat of these
    cables (class:noforn: the release writes NOFORN on a line of its own, which the
    handling field holds): the term that finds it."""
    if facet != "classification":
        return ""
    value = term.value.strip().upper()
    if value not in {v.upper() for _, v in lookup.values("handling")}:
        return ""
    return f"; {value} is a handling caveat of these cables: handling:{value} finds it"


def _none_here(shown: str, negated: bool, why: str) -> str:
    """The note of a term or a choice no cable here can have, and why."""
    if negated:
        return f"{shown} matches nothing here, {_EXCLUDES_NOTHING}: {why}."
    return f"{shown} matches nothing here: {why}."


def _why_none(facet: str, value: str) -> str | None:
    """Why no cable of a store that can have ``facet`` has ``value`` of it, where a reason
    says more than the values there are: copy:other, in a folder that holds no cable twice."""
    if facet == "copy" and value.strip().casefold() == OTHER_COPY:
        return _NO_COPIES
    return None


def _values_like(value: str, there: list[str]) -> str:
    """What a note adds after a value no cable has: the nearest values there are, or all of
    them when they are few."""
    near = _nearest(value, there)
    if near:
        return f"; the nearest: {', '.join(near)}"
    if 0 < len(there) <= _ALL_NAMED:
        return f"; the values there are: {', '.join(there)}"
    return ""


class Store(Protocol):
    """What value notes ask of a store (a folder's index, a team's corpus)."""

    def values(self, facet: str) -> list[tuple[int, str]]: ...

    def partial(self) -> str | None: ...

    def lacks(self) -> dict[str, str]: ...


def store_notes(store: Store, query: str) -> list[str]:
    """value_notes of ``query`` from the store that answers it, then word_notes when the
    store can tell which words its texts hold (a folder's index)."""
    notes: list[str] = []
    if value_terms(query):  # most queries: the store's values are not asked
        complete = store.partial() is None
        notes += value_notes(query, store.values, complete=complete, lacks=store.lacks())
    words_not_in = getattr(store, "words_not_in", None)
    if words_not_in is not None and (words := query_words(query)):
        notes += word_notes(words_not_in(words))
    return notes


class Counting(Protocol):
    """What part_notes asks of a store: the count of a Filter, as the answer is counted."""

    def count(self, f: Filter) -> int: ...


class Explaining(Counting, Protocol):
    """What empty_notes asks of a store (both stores have each)."""

    def key_for_id(self, cable_id: str) -> int | None: ...

    def cites(self, cable_id: str) -> list[str]: ...

    def ids_starting(self, prefix: str, limit: int) -> list[str]: ...

    def label_names(self) -> list[str] | None: ...


class Answering(Store, Explaining, Protocol):
    """What answer_notes asks of a store."""


def answer_notes(store: Answering, f: Filter, count: int) -> list[str]:
    """What only the store can tell of the answer to ``f`` (``count`` cables), as a search
    says it of a folder and of a team's corpus alike: store_notes of its query,
    selection_notes of its facet choices, and, when it is empty, part_notes."""
    notes = store_notes(store, f.query) + store_selection_notes(store, f.include, f.exclude)
    if count == 0:
        notes += empty_answer_notes(store, f)
    return notes


def empty_answer_notes(store: Explaining, f: Filter) -> list[str]:
    """What is said of an empty answer to ``f``: empty_notes, then part_notes, which count
    the same parts alone; each count is asked of the store once."""
    once = CountedOnce(store)
    return empty_notes(once, f) + part_notes(once, f)


class CountedOnce:
    """A store whose count of each Filter is asked of it once (empty_notes and part_notes
    count a query's parts alone both: a subject: part is a look at every subject); its
    other look-ups, and a team's part_masks, are the store's."""

    def __init__(self, store: Explaining) -> None:
        self._store = store
        self._counts: dict[Filter, int] = {}
        self.part_masks = getattr(store, "part_masks", None)

    def count(self, f: Filter) -> int:
        if f not in self._counts:
            self._counts[f] = self._store.count(f)
        return self._counts[f]

    def key_for_id(self, cable_id: str) -> int | None:
        return self._store.key_for_id(cable_id)

    def cites(self, cable_id: str) -> list[str]:
        return self._store.cites(cable_id)

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        return self._store.ids_starting(prefix, limit)

    def label_names(self) -> list[str] | None:
        return self._store.label_names()


#: The fields whose terms are conditions on the cables or on the analyst's own work, not
#: facet values: empty_notes says why one alone matches nothing
EMPTY_FIELDS = frozenset({"id", "ref", "citedby", "subject", "label", "note"})
#: How many IDs a note names
_NEAR_IDS = 3
#: The most IDs of one post and year read for the nearest serials (a post writes a few
#: thousand a year at most)
_SERIES_READ = 20_000
#: How many years either side of an ID's a post's series is looked for when the post has
#: none that year
_NEAR_YEARS = 3
#: Words a subject term's text may be counted as in the full text
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


def empty_terms(query: str) -> list[Field]:
    """The terms of ``query`` empty_notes looks at, once each (no look at a store)."""
    if query_limit(query) is not None or ":" not in query:
        return []
    return list(dict.fromkeys(t for t, _ in _signed_terms(query, EMPTY_FIELDS.__contains__)))


def empty_notes(store: Explaining, f: Filter | str) -> list[str]:
    """For an empty answer, a sentence for each term of ``query`` of an ID, a reference, a
    subject or the analyst's own labels and notes (EMPTY_FIELDS) that alone matches no
    cable, with why: no cable has that ID (the nearest IDs there are), none cites it (and
    whether it is one of these cables at all), it is not one of them so what it cites is not
    known, or it cites none of them; no subject holds the text (and how many texts do); no
    note of the analyst's holds the word, no cable carries the label (the labels there
    are). An excluded term of nothing leaves nothing out, and its note says so. Each term is
    counted alone (the store's index look-up); only one of nothing is looked at further."""
    f = Filter(f) if isinstance(f, str) else f
    query = f.query
    if query_limit(query) is not None or ":" not in query:
        return []
    # a query of the term alone, no facet chosen, is known to match nothing: not counted
    # again (subject: is a look at every subject, note: and label: at every cable's ID)
    whole = parse_query(query) if not (f.include or f.exclude) else None
    notes: list[str] = []
    for term, negated in _signed_terms(query, EMPTY_FIELDS.__contains__):
        shown = _written(term)
        if term != whole and store.count(Filter(shown)) != 0:
            continue
        why = _why_empty(store, term.name, " ".join(term.value.split()), term.prefix)
        if why is not None:
            notes.append(_none_here(shown, negated, why))
    return notes


def _why_empty(store: Explaining, field: str, value: str, prefix: bool = False) -> str | None:
    """Why a term of ``field`` (EMPTY_FIELDS) whose value is ``value`` (the start of the
    values it asks, when ``prefix``) matches no cable."""
    if field == "id":
        what = f"an ID starting {value}" if prefix else "that ID"
        return f"no cable of these has {what}" + _ids_like(store, value + "*" * prefix)
    if field in ("ref", "citedby"):
        ident = value.upper()
        canonical = _canonical(ident)
        if canonical != ident:  # references name a cable by its ID, not as it was published
            return f"a reference names the cable by its ID, {canonical}: write {field}:{canonical}"
        here = store.key_for_id(ident) is not None
        if field == "ref":
            if here:
                return f"{ident} is one of these cables, but none of them cites it"
            return f"no cable of these cites {ident}, nor is it one of them" + _ids_like(
                store, ident
            )
        if not here:
            return f"{ident} is not one of these cables, so what it cites is not known" + (
                _ids_like(store, ident)
            )
        cited = store.cites(ident)
        if not cited:
            return f"{ident} cites no cable (it has no references)"
        if len(cited) == 1:
            return f"{ident} cites one cable, {cited[0]}, which is not one of these"
        more = ", ..." if len(cited) > _NEAR_IDS else ""
        return (
            f"{ident} cites {len(cited):,} cables, none of them one of these:"
            f" {', '.join(cited[:_NEAR_IDS])}{more}"
        )
    if field == "subject":
        why = f"no subject of these cables holds {value}"
        if _PLAIN_TEXT.fullmatch(value) is None:
            return why
        n = store.count(Filter(f'"{value}"'))
        if not n:
            return why + ", nor does any text"
        return why + (", but 1 cable has it in its text" if n == 1 else
                      f", but {n:,} cables have it in their text")  # fmt: skip
    if field == "note":
        return f"no note of yours on these cables holds {value}"
    if field == "label":
        return _label_why(store.label_names(), value, prefix)
    return None


def _label_why(names: list[str] | None, value: str, prefix: bool = False) -> str | None:
    """Why a label term (or a label chosen) matches no cable, of the analyst's ``names``
    (None: the store keeps no labels here, a team's corpus without them)."""
    if names is None:
        return None
    if not names:
        return "you have no labels"
    if value in names and not prefix:
        return f"no cable of these carries your label {value}"
    if prefix and any(name.startswith(value) for name in names):
        return f"no cable of these carries a label of yours starting {value}"
    why = f"no label of yours starts {value}" if prefix else (
        f"you have no label {value}")  # fmt: skip
    if len(names) <= _ALL_NAMED:
        return why + f"; your labels: {', '.join(names)}"
    near = _nearest(value, names)
    return why + (f"; the nearest: {', '.join(near)}" if near else "")


def _ids_like(store: Explaining, ident: str) -> str:
    """What a note of an ID no cable has adds: the nearest IDs there are."""
    near = nearest_ids(ident, store.ids_starting)
    return f"; the nearest IDs: {', '.join(near)}" if near else ""


def _canonical(ident: str) -> str:
    """The canonical ID of one as the release published it (08EFTOLONDON2883:
    08LONDON2883, parser.ids.canonical_published), else the ID as it is."""
    from reader.parser.ids import canonical_published

    found = canonical_published(ident)
    return found[0] if found is not None else ident.strip().upper()


def nearest_ids(ident: str, ids_starting: Callable[[str, int], list[str]]) -> list[str]:
    """The IDs most like ``ident`` (a canonical ID, or a prefix of one: 07PRAGUE*) that a
    store has, from its ``ids_starting(prefix, limit)`` (its IDs that start so, upper
    case): of the same post and year, the nearest serials; where the post has none that
    year, those of the posts spelt most like it (07PRAGEU540: 07PRAGUE...) and of the post
    in the nearest years. A few look-ups of the store's ID index, no scan."""
    import difflib

    from reader.parser.ids import TYPED_ID_RE, known_posts

    typed = ident.strip().upper()
    m = TYPED_ID_RE.fullmatch(typed.rstrip("*") if typed.endswith("*") else _canonical(typed))
    if m is None:
        return []
    year, post, digits = m.groups()
    serial = int(digits) if digits else 0

    def series(y: str, p: str) -> list[str]:
        found = {
            i: int(i[len(y) + len(p) :])
            for i in ids_starting(y + p, _SERIES_READ)
            if i[len(y) + len(p) :].isdigit()
        }
        return sorted(found, key=lambda i: (abs(found[i] - serial), found[i]))

    near = series(year, post)
    if not near:
        posts = sorted(known_posts() - {post})
        for p in difflib.get_close_matches(post, posts, n=_NEAR_IDS, cutoff=0.75):
            near += series(year, p)[:1]
        years = sorted(range(int(year) - _NEAR_YEARS, int(year) + _NEAR_YEARS + 1),
                       key=lambda y: (abs(y - int(year)), y))  # fmt: skip
        for y in years[1:]:
            if 0 <= y <= 99:
                near += series(f"{y:02d}", post)[:1]
    return list(dict.fromkeys(near))[:_NEAR_IDS]


#: A word the full-text index keeps as it is written: letters a-z and digits (the
#: tokenizer folds accents, which a look-up of the word as typed would not)
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


def store_selection_notes(
    store: Store, include: Collection[tuple[str, str]], exclude: Collection[tuple[str, str]]
) -> list[str]:
    """selection_notes of facet values chosen, from the store that answers them."""
    if not include and not exclude:
        return []
    complete = store.partial() is None
    notes = selection_notes(include, exclude, store.values, complete=complete, lacks=store.lacks())
    return notes + _label_choice_notes(store, include, exclude)


def _label_choice_notes(
    store: Store, include: Collection[tuple[str, str]], exclude: Collection[tuple[str, str]]
) -> list[str]:
    """A sentence for each label chosen (``--include label=brfie``) that the analyst does not
    have (mistyped, renamed or deleted since a search was saved): it gave a silent 0, where
    ``label:brfie`` in the query says so."""
    chosen = [(o, v) for o, pairs in (("--include", include), ("--exclude", exclude))
              for f, v in sorted(pairs) if f == "label"]  # fmt: skip
    names = getattr(store, "label_names", lambda: None)() if chosen else None
    if names is None:  # (none chosen, or the store keeps no labels)
        return []
    folded = {label_key(n) for n in names}  # one label whatever the case of its letters
    return [
        _chosen_none_here(f"{option} label={value}", option, why)
        for option, value in chosen
        if label_key(value) not in folded
        and (why := _label_why(names, value)) is not None
    ]


def selection_notes(
    include: Collection[tuple[str, str]],
    exclude: Collection[tuple[str, str]],
    values: Callable[[str], list[tuple[int, str]]],
    *,
    complete: bool = True,
    lacks: Mapping[str, str] | None = None,
) -> list[str]:
    """A sentence for each facet value chosen (``--include tag=prel``) that no cable has:
    values are matched exactly, so a value in other letters or a part of one
    (``origin=Moscow`` for Embassy Moscow) gave a silent 0. The analyst's own facets
    (starred, read, label, note) are left out, and, before the full parse is done, those it
    fills. ``lacks``: as value_notes takes it."""
    lookup = _Lookup(values)
    notes: list[str] = []
    for option, chosen, effect in (
        ("--include", include, _MATCHES_NOTHING),
        ("--exclude", exclude, "so it leaves nothing out"),
    ):
        for facet, value in sorted(chosen):
            shown = f"{option} {facet}={value}"
            if option == "--exclude" and (facet, value.casefold()) in _SOUND_EXCLUSIONS:
                continue
            if lacks and facet in lacks:
                notes.append(_chosen_none_here(shown, option, lacks[facet]))
                continue
            states = USER_VALUES.get(facet)
            if states is not None and value not in states:
                notes.append(f"{shown}: {facet} is {states[0]} or {states[1]}, {effect}.")
                continue
            if facet in USER_FACETS or (not complete and facet in PHASE_TWO_FACETS):
                continue
            there = sorted({v for _, v in lookup.values(facet)})
            if value in there:
                continue
            if (why := _why_none(facet, value)) is not None:
                notes.append(_chosen_none_here(shown, option, why))
                continue
            title = by_name(facet).title or facet
            note = f"{shown}: no cable of these has that {title} value, {effect}"
            notes.append(note + _values_like(value, there) + " (values are matched exactly).")
    return notes


def _chosen_none_here(shown: str, option: str, why: str) -> str:
    """The note of a facet value chosen that no cable here can have, and why."""
    if option == "--exclude":
        return f"{shown} leaves nothing out here: {why}."
    return f"{shown} matches nothing here: {why}."


def query_words(query: str) -> list[str]:
    """The words a cable must hold for ``query`` to find it by its words, as the index
    keeps them: each plain word and each word of a phrase, outside a -word (prefixes,
    whose words may be any, left out), once each."""
    if query_limit(query) is not None:
        return []
    words: dict[str, None] = {}
    for term in text_terms(parse_query(query)):
        if isinstance(term, Word) and not term.prefix:
            if _id_like(term.text):
                continue  # it finds the cable of that ID too (conditions._id_word)
            found = [term.text]
        elif isinstance(term, Phrase):
            found = term.text.split()
        else:
            continue
        words.update((w, None) for w in map(_as_indexed, found) if _PLAIN_WORD.fullmatch(w))
    return list(words)


def _as_indexed(word: str) -> str:
    """``word`` as both stores keep it: without its accents (``münchen`` is the index's
    munchen), so that a word with accents no cable holds gets its note too, not a silent 0."""
    if word.isascii():
        return word
    import unicodedata

    plain = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _id_like(word: str) -> bool:
    if not word[:1].isdigit():
        return False  # (other words do not load the parser's IDs)
    from reader.parser.ids import ID_LIKE

    return re.fullmatch(ID_LIKE, word, re.IGNORECASE) is not None


def word_notes(absent: dict[str, list[str]]) -> list[str]:
    """A sentence for each word no cable holds (store.words_not_in), with the words most
    like it that the cables hold."""
    notes = []
    for word, near in absent.items():
        note = f"{word} is in no cable of these, so it matches nothing"
        if near:
            note += f"; the nearest words there are: {', '.join(near)}"
        notes.append(note + ".")
    return notes


#: How many of the nearest words a note names, and how like the word each must be
_NEAR_WORDS = 3
_NEAR_WORDS_CUTOFF = 0.75


def nearest_words(word: str, there: list[str]) -> list[str]:
    """The words of ``there`` (the words a store's texts hold that begin as ``word`` does)
    most like ``word``, the nearest first: each store's words_not_in names these, so that a
    folder's index and a team's corpus of the same texts name the same."""
    import difflib  # (here: a search whose words are all there never loads it)

    return difflib.get_close_matches(word, there, n=_NEAR_WORDS, cutoff=_NEAR_WORDS_CUTOFF)


class _Lookup:
    """The store's values, each facet's asked once."""

    def __init__(self, values: Callable[[str], list[tuple[int, str]]]) -> None:
        self._values = values
        self._seen: dict[str, list[tuple[int, str]]] = {}

    def values(self, facet: str) -> list[tuple[int, str]]:
        if facet not in self._seen:
            self._seen[facet] = self._values(facet)
        return self._seen[facet]


def _date_note(term: Field, months: list[tuple[int, str]], negated: bool) -> str | None:
    """A sentence when no cable is dated within ``term`` (date:2099, year:1950..1960), with
    the dates the cables have; None when some month with cables meets its range, or when
    its value is no date (query_notes says so). ``negated``: the term is excluded."""
    bounds = date_bounds(term.value)
    if bounds is None:
        return None
    lo = -1 if bounds[0] is None else bounds[0] // 1_000_000  # YYYYMM
    hi = 10**9 if bounds[1] is None else bounds[1] // 1_000_000
    if lo > hi:
        return None  # a range that ends before it begins: query_notes says so
    spans = sorted(_month_span(v) for _, v in months if v[:4].isdigit())
    if not spans or any(first <= hi and last >= lo for first, last in spans):
        return None
    before = [s for s in spans if s[1] < lo]
    after = [s for s in spans if s[0] > hi]
    if not before or not after:  # before the first cable or after the last
        where = f"these cables are dated {_shown(spans[0][0])} to {_shown(spans[-1][1])}"
    else:
        where = (
            f"the nearest months with cables are {_shown(before[-1][1])} and {_shown(after[0][0])}"
        )
    effect = _EXCLUDES_NOTHING if negated else _MATCHES_NOTHING
    return f"{term.name}:{term.value}: no cable is dated then, {effect}; {where}."


def _month_span(value: str) -> tuple[int, int]:
    """The first and last YYYYMM of a month value: ``2007-05``, or ``2004`` (a cable dated
    by its year alone: the whole year)."""
    year = int(value[:4])
    if len(value) >= 7 and value[5:7].isdigit():
        month = year * 100 + int(value[5:7])
        return month, month
    return year * 100 + 1, year * 100 + 12


def _shown(month: int) -> str:
    return f"{month // 100:04d}-{month % 100:02d}"


def _facet(name: str) -> str:
    """The facet a term's values are asked from (conditions._Compiler.f_marking asks the
    portion markings; every other field its own name)."""
    return PORTION if by_name(name).compiled == "marking" else name


def _nearest(value: str, candidates: list[str]) -> list[str]:
    """The values most like ``value`` (case aside), as the store spells them."""
    import difflib  # (here: a search that needs no note does not load it)

    by_upper: dict[str, str] = {}
    for v in candidates:
        by_upper.setdefault(v.upper(), v)
    key = " ".join(value.upper().split())
    near = difflib.get_close_matches(key, list(by_upper), n=_NEAREST, cutoff=0.6)
    if not near:
        # a word of a longer value ("parsi" -> EMBASSY PARIS): each value's words compared
        words = {w: v for v in by_upper for w in v.split()}
        near = [words[w] for w in difflib.get_close_matches(key, list(words), n=_NEAREST)]
    return [by_upper[n] for n in dict.fromkeys(near)]


#: A query of more parts than this gets no note of which of them empty it: each part is
#: counted alone and then left out in turn, two counts a part
_MOST_PARTS = 8


def query_parts(f: Filter) -> list[tuple[str, Filter]]:
    """The parts a cable must match each for ``f`` to find it, as (the part as the analyst
    writes it, a Filter of it alone): each term of the query's top-level AND (a word, a
    phrase, a field, a -word, an OR in parentheses), then each facet choice (the chosen
    values of a single-valued facet are alternatives: one part). Empty when a part cannot
    be written back as the query parser reads it (then no count of it is trusted)."""
    parts: list[tuple[str, Filter]] = []
    node = parse_query(f.query) if query_limit(f.query) is None else None
    for child in (node.children if isinstance(node, And) else (node,)) if node else ():
        text = _written(child)
        if parse_query(text) != child:
            return []
        parts.append((text, Filter(text)))
    by_facet: dict[str, list[str]] = {}
    for facet, value in sorted(f.include):
        by_facet.setdefault(facet, []).append(value)
    for facet, values in by_facet.items():
        if facet in MULTI_VALUED:
            parts += [(f"{facet}={v}", Filter(include=frozenset({(facet, v)}))) for v in values]
        else:
            shown = f"{facet}={' or '.join(values)}"
            parts.append((shown, Filter(include=frozenset((facet, v) for v in values))))
    for facet, value in sorted(f.exclude):
        parts.append((f"not {facet}={value}", Filter(exclude=frozenset({(facet, value)}))))
    return parts


#: How long part_notes may count (seconds of the store's answers) before it gives up
PART_NOTES_SECONDS = 1.0


def part_notes(store: Counting, f: Filter) -> list[str]:
    """For a filter that matches no cable: how many cables each of its parts (query_parts)
    matches alone, and which of them together already match none. [] for a filter of one
    part (the other notes say why that matches nothing) or of more than _MOST_PARTS.

    Which parts: those left after leaving out each part in turn, the broadest first, while
    the rest still match none; each part left is needed (without any one of them, some
    cables match), though another set of parts could be smaller still.

    A store that counts every set of the parts at once (``part_masks``: a team's corpus,
    where each count is a statement to a server) is asked once, within the budget; else each
    count is asked of ``count`` as it is needed."""
    parts = query_parts(f)
    if not 2 <= len(parts) <= _MOST_PARTS:
        return []
    masks = getattr(store, "part_masks", None)
    if masks is not None:
        found = masks([p for _, p in parts], seconds=PART_NOTES_SECONDS)
        if found is None:
            return []  # not counted within the budget
        return _part_note(parts, _MaskCounts(found))
    return _part_note(parts, store)


class _MaskCounts:
    """The counts of a filter's parts and of sets of them, read from how many cables match
    exactly each set of parts (a store's ``part_masks``)."""

    def __init__(self, masks: dict[int, int]) -> None:
        self._masks = masks

    def of(self, indexes: list[int]) -> int:
        bits = sum(1 << i for i in indexes)
        return sum(n for m, n in self._masks.items() if m & bits == bits)


def _part_note(parts: list[tuple[str, Filter]], counts: Counting | _MaskCounts) -> list[str]:
    """part_notes' note of ``parts``, each counted by ``counts`` (a store: a count at a
    time, within the budget; or the counts of every set of them, read already)."""

    def count(indexes: list[int]) -> int:
        if isinstance(counts, _MaskCounts):
            return counts.of(indexes)
        if len(indexes) == 1:
            return counts.count(parts[indexes[0]][1])
        return counts.count(_together([parts[j][1] for j in indexes]))

    # the counts wait for the store: on a big team's corpus, seconds each; a note that
    # keeps the window's look-ups waiting longer than PART_NOTES_SECONDS is not given
    # (counted alone), or says only what each part matches (the parts left out)
    timed = not isinstance(counts, _MaskCounts)
    deadline = time.monotonic() + PART_NOTES_SECONDS
    alone: list[int] = []
    for i in range(len(parts)):
        if timed and time.monotonic() > deadline:
            return []
        alone.append(count([i]))
        if alone[-1] == 0:
            return []  # that part alone empties it: its own note says why, where one can
    needed = list(range(len(parts)))
    shrunk = True
    for i in sorted(needed, key=lambda i: -alone[i]):
        if timed and time.monotonic() > deadline:
            shrunk = False
            break
        rest = [j for j in needed if j != i]
        if len(rest) > 1 and count(rest) == 0:
            needed = rest
    counted = ", ".join(f"{text} ({n:,})" for (text, _), n in zip(parts, alone, strict=True))
    note = f"No cable matches all of these together (each counted alone): {counted}"
    if not shrunk:
        return [note + "."]
    if len(needed) < len(parts):
        both = " and ".join(parts[i][0] for i in needed)
        return [note + f"; {both} together already match none."]
    if len(parts) > 2:
        return [note + "; with any one left out, some cables match."]
    return [note + "."]


def _together(filters: list[Filter]) -> Filter:
    """The filter a cable must match every one of ``filters`` for (query_parts' parts)."""
    return Filter(
        " ".join(p.query for p in filters if p.query),
        frozenset().union(*(p.include for p in filters)),
        frozenset().union(*(p.exclude for p in filters)),
    )


def _written(node: Node) -> str:
    """``node`` as a query that parse_query reads as ``node``."""
    if isinstance(node, Word):
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Field):
        return node.written()
    if isinstance(node, Not):
        return "-" + _written(node.child)
    if isinstance(node, Or):
        return "(" + " OR ".join(_written(c) for c in node.children) + ")"
    return "(" + " ".join(_written(c) for c in node.children) + ")"
