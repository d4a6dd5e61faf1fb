"""The query language: the text of the query field parsed into a tree of terms.

Syntax (documented for analysts in the README):

- ``word`` matches the word anywhere in the cable text, case-insensitively;
- ``"exact phrase"`` matches the words in that order;
- ``minist*`` matches words starting with ``minist``;
- ``-word`` (or ``NOT word``) excludes cables that match ``word``;
- ``a OR b`` matches either; OR binds tighter than the implicit AND, so
  ``nuclear iran OR iraq`` is ``nuclear AND (iran OR iraq)``; parentheses group;
- ``is:starred``, ``is:unread``, ``label:NAME``, ``note:WORD``, ``has:note`` ask the
  analyst's own annotations (stars, read state, labels, notes);
- ``field:value`` restricts a field: see FIELDS. Values may be quoted
  (``from:"buenos aires"``); a value written without quotes and ending in ``*`` is a
  prefix of the fields that take one (``id:07PRAGUE*``, ``tag:EC*``, ``label:br*``:
  fields.Field.takes_prefix), a quoted one never is (``label:"br*"``, that label).

Parsing never fails: an unbalanced quote or parenthesis is closed at the end, a stray
``OR`` or ``)`` is ignored, an unknown ``name:value`` is read as text. A query is bounded
(QueryLimits: characters, terms, parentheses within parentheses) so that every query is
answered within a second: ``query_limit`` says which bound a query exceeds, and
``compile_filter`` refuses it with that sentence (QueryTooBig) instead of running it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Final, NamedTuple

from reader.model.slotted import Slotted
from reader.query.fields import prefix_names, query_names

__all__ = [
    "FIELDS",
    "field_names",
    "And",
    "Field",
    "balanced",
    "closing",
    "Node",
    "Not",
    "MAX_DEPTH",
    "MAX_PREFIXES",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "MIN_PREFIX_CHARS",
    "Or",
    "PREFIX_FIELDS",
    "Phrase",
    "QueryTooBig",
    "Word",
    "fts_expression",
    "is_text",
    "open_quote",
    "outside_values",
    "parse_query",
    "query_limit",
    "syntax_notes",
    "text_terms",
    "written_term",
]

#: Bounds of a query. A pasted list of a few hundred cable IDs fits; a page of text does
#: not (50,000 words took minutes and gigabytes before there was a bound). The depth keeps
#: the FTS5 parser (which overflows near 33 levels) and Python's recursion well away.
MAX_QUERY_CHARS = 20_000
MAX_TERMS = 500
MAX_DEPTH = 16
#: A prefix (``minist*``) is every word it starts merged: FTS5 takes a fifth of a second
#: for a one-letter one over 11,000 cables, and a query of many short ones seconds.
MIN_PREFIX_CHARS = 2
MAX_PREFIXES = 6


class QueryTooBig(ValueError):
    """A query beyond one of the bounds above; the message says which, in plain words."""


#: Field names the query language knows, with their aliases resolved to one name: read
#: from the table of fields (fields.FIELDS), which says what each one asks.
FIELDS: dict[str, str] = query_names()
#: The (canonical) names of the fields whose terms take a prefix (``tag:EC*``).
PREFIX_FIELDS: frozenset[str] = prefix_names()


class Word(Slotted):
    """One word of the cable text; ``prefix`` for ``word*``."""

    __slots__ = ("text", "prefix")
    text: Final[str]
    prefix: Final[bool]

    def __init__(self, text: str, prefix: bool = False) -> None:
        self.text = text
        self.prefix = prefix


class Phrase(Slotted):
    """Words that must follow one another."""

    __slots__ = ("text",)
    text: Final[str]

    def __init__(self, text: str) -> None:
        self.text = text


class Field(Slotted):
    """A ``name:value`` term; ``name`` is canonical (a value of FIELDS). ``prefix``: the
    term asks the values starting with ``value`` (``tag:EC*``, written without quotes, of a
    field in PREFIX_FIELDS; ``value`` is then without the ``*``), else the value itself
    (``label:"br*"``: the label named br*)."""

    __slots__ = ("name", "value", "prefix")
    name: Final[str]
    value: Final[str]
    prefix: Final[bool]

    def __init__(self, name: str, value: str, prefix: bool = False) -> None:
        self.name = name
        self.value = value
        self.prefix = prefix

    def written(self) -> str:
        """The term as the analyst would type it, which parse_query reads as this term."""
        return written_term(self.name, self.value, prefix=self.prefix)


class Not(Slotted):
    """Cables that do not match ``child``."""

    __slots__ = ("child",)
    child: Final[Node]

    def __init__(self, child: Node) -> None:
        self.child = child


class And(Slotted):
    """Cables that match every one of ``children``."""

    __slots__ = ("children",)
    children: Final[tuple[Node, ...]]

    def __init__(self, children: tuple[Node, ...]) -> None:
        self.children = children


class Or(Slotted):
    """Cables that match any of ``children``."""

    __slots__ = ("children",)
    children: Final[tuple[Node, ...]]

    def __init__(self, children: tuple[Node, ...]) -> None:
        self.children = children


Node = Word | Phrase | Field | Not | And | Or

#: A quoted string: inside it, \" is a quote and \\ a backslash (any other backslash is
#: itself), so that any value can be written (label:"say \"hi\""); unclosed, it runs to the
#: end of the query. Group ``inner`` is its text as written, ``end`` its closing quote.
_QUOTED_TEXT = r'(?:[^"\\]|\\[\s\S]?)*'
_QUOTED_RE = re.compile(f'"(?P<inner>{_QUOTED_TEXT})(?P<end>")?')
_ESCAPED_RE = re.compile(r'\\(["\\])')
# A token is a parenthesis, a quoted string, or a run of characters without blanks,
# quotes or parentheses that may end in a quoted string (from:"buenos aires").
_TOKEN_RE = re.compile(
    rf"""
      (?P<open>\()
    | (?P<close>\))
    | (?P<neg>-)(?=[^\s)])
    | (?P<phrase>"{_QUOTED_TEXT}"?)
    | (?P<bare>[^\s()"]+(?:"{_QUOTED_TEXT}"?)?)
    """,
    re.VERBOSE,
)
#: A value written without quotes in a term: no blank, quote or parenthesis
_PLAIN_VALUE_RE = re.compile(r'[^\s()"]+')
_FIELD_RE = re.compile(r"(?P<name>[A-Za-z]+(?:-[A-Za-z]+)?):(?P<value>.*)", re.DOTALL)
_WORDCHAR_RE = re.compile(r"[^\W_]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class _Token(NamedTuple):
    kind: str  # open, close, neg, or, and, not, term
    node: Node | None = None


def _tokens(query: str) -> Iterator[_Token]:
    for token, _at in _placed_tokens(query):
        yield token


def _placed_tokens(query: str) -> Iterator[tuple[_Token, int]]:
    """The tokens of ``query``, each with the offset of its text (for a sentence naming
    the place of one)."""
    for m in _TOKEN_RE.finditer(query):
        kind, at = m.lastgroup, m.start()
        text = m.group()
        if kind in ("open", "close", "neg"):
            yield _Token(kind), at  # type: ignore[arg-type]
        elif kind == "phrase":
            node = _text_node(_unquoted(text), phrase=True)
            if node is not None:
                yield _Token("term", node), at
        elif text in ("OR", "|"):
            yield _Token("or"), at
        elif text == "AND":
            yield _Token("and"), at
        elif text == "NOT":
            yield _Token("not"), at
        else:
            node = _bare_node(text)
            if node is not None:
                yield _Token("term", node), at


def _bare_node(text: str) -> Node | None:
    m = _FIELD_RE.fullmatch(text)
    if m and m.group("name").lower() in FIELDS:
        name, value = FIELDS[m.group("name").lower()], m.group("value")
        if value.startswith('"'):  # quoted: the value itself, a * and all
            value = _unquoted(value).strip()
            return Field(name, value) if value else None
        value = value.strip()
        if name in PREFIX_FIELDS and value.endswith("*"):
            return Field(name, value.rstrip("*"), prefix=True)  # tag:* is any value
        return Field(name, value) if value else None
    if text.endswith("*") and not text.endswith("**"):
        stem = text.rstrip("*")
        if _WORDCHAR_RE.search(stem) and all(ch == "_" or _in_word(ch) for ch in stem):
            return Word(stem.lower(), prefix=True)
    return _text_node(text.rstrip("*"), phrase=False)


def _unquoted(text: str) -> str:
    """The text of a quoted string (``text`` starts with its quote), its escapes undone."""
    m = _QUOTED_RE.match(text)
    assert m is not None  # a quote opens every quoted string the tokens hold
    return _ESCAPED_RE.sub(r"\1", m.group("inner"))


def written_term(name: str, value: str, *, prefix: bool = False) -> str:
    """The term ``name:value`` as the analyst would type it, which parse_query reads as
    that field and exactly that value: plain when the value holds no blank, quote or
    parenthesis and does not end in ``*``, else in quotes with its quotes and backslashes
    escaped (``label:"say \\"hi\\""``, ``label:"br*"``). ``prefix``: the term of the values
    starting with ``value`` (``tag:EC*``), which a plain value alone can be. The one writer
    of a term: the query field's completion, the notes naming a term, a facet choice shown
    as the term it is."""
    if prefix:
        if value and not _PLAIN_VALUE_RE.fullmatch(value):
            raise ValueError(f"a prefix is written without quotes: {value!r}")
        return f"{name}:{value}*"
    if _PLAIN_VALUE_RE.fullmatch(value) and not value.endswith("*"):
        return f"{name}:{value}"
    return f'{name}:"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def open_quote(query: str) -> int | None:
    """The offset of the quote ``query`` leaves unclosed (parse_query closes it at the end),
    or None: quotes pair as the tokens read them, an escaped one inside quotes left out."""
    for m in _TOKEN_RE.finditer(query):
        if m.lastgroup in ("phrase", "bare") and '"' in m.group():
            at = m.group().index('"')
            quoted = _QUOTED_RE.match(m.group(), at)
            if quoted is not None and quoted.group("end") is None:
                return m.start() + at
    return None


#: What outside_values puts in place of each character it hides: no blank, no word
#: character, no parenthesis, quote, minus or star, so no scan finds a term's edge in it
_HIDDEN = "\x00"


def outside_values(query: str) -> str:
    """``query`` with each quoted part and each value of a field term hidden (every
    character replaced by one the scans of query notes match nothing in, so that places
    stay): what is left is what the analyst wrote as terms, for the notes that look for a
    field name, a ``**`` or another engine's operator in the text (a label's name
    ``-urgent:now`` or a phrase's words are neither)."""
    kept = list(query)
    for m in _TOKEN_RE.finditer(query):
        if m.lastgroup not in ("phrase", "bare"):
            continue
        text, start = m.group(), m.start()
        field = _FIELD_RE.fullmatch(text)
        if field and field.group("name").lower() in FIELDS:
            start += field.start("value")
        elif '"' in text:
            start += text.index('"')
        else:
            continue
        kept[start : m.end()] = _HIDDEN * (m.end() - start)
    return "".join(kept)


def closing(query: str) -> str:
    """What closes the quote ``query`` leaves open ("" when none): a quote, after a
    backslash when the quoted text ends in a lone one (which then stays a backslash)."""
    at = open_quote(query)
    if at is None:
        return ""
    tail = len(query) - len(query.rstrip("\\"))
    return '\\"' if tail % 2 else '"'


def _in_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, as the full-text index cuts them: runs of letters,
    digits and combining marks. A mark stays in its word (the index keeps it there, and
    folds a Latin letter's accent away): "İ".lower() is an i and a combining dot above, and
    an accent may come as a letter and a mark (NFD); splitting at the mark made
    ``İstanbul`` the phrase "i stanbul", which no cable holds."""
    return "".join(ch if _in_word(ch) else " " for ch in text.lower()).split()


def _text_node(text: str, *, phrase: bool) -> Node | None:
    """A word, or a phrase when the text holds several tokens (``U.S.``, ``a b``)."""
    parts = _words(text)
    if not parts:
        return None
    if len(parts) == 1 and not phrase:
        return Word(parts[0])
    if len(parts) == 1:
        return Word(parts[0])
    return Phrase(" ".join(parts))


class _Parser:
    """Recursive descent: and := unary+ ; unary := ('-'|NOT)? or ; or := atom (OR atom)*."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0  # parentheses open around the current token

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_and(self, *, nested: bool) -> Node | None:
        children: list[Node] = []
        while (token := self.peek()) is not None:
            if token.kind == "close":
                if nested:
                    break
                self.take()  # a stray ")" is ignored
                continue
            if token.kind in ("and", "or"):
                self.take()  # a leading or doubled AND/OR means nothing
                continue
            node = self.parse_unary()
            if node is not None:
                children.append(node)
        return _and(children)

    def parse_unary(self) -> Node | None:
        negations = 0  # counted, not recursed: a run of thousands of "-" is no deeper
        while (token := self.peek()) is not None and token.kind in ("neg", "not"):
            self.take()
            negations += 1
        node = self.parse_or()
        if node is None or negations % 2 == 0:
            return node
        return _negate(node)

    def parse_or(self) -> Node | None:
        first = self.parse_atom()
        options = [first] if first is not None else []
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind == "close":
                break
            if nxt.kind in ("neg", "not"):
                node = self.parse_unary()
            else:
                node = self.parse_atom()
            if node is not None:
                options.append(node)
        if not options:
            return None
        return options[0] if len(options) == 1 else Or(tuple(options))

    def parse_atom(self) -> Node | None:
        token = self.peek()
        if token is None:
            return None
        if token.kind == "open":
            self.take()
            if self.depth >= MAX_DEPTH:
                # deeper than a query may be (query_limit says so): the parenthesis is
                # dropped rather than recursed into, so parsing stays bounded
                return None
            self.depth += 1
            node = self.parse_and(nested=True)
            self.depth -= 1
            if (close := self.peek()) is not None and close.kind == "close":
                self.take()
            return node
        if token.kind == "term":
            self.take()
            return token.node
        if token.kind in ("neg", "not"):
            return self.parse_unary()
        # ")" is left to the group it closes, and AND to parse_and, which drops it: so a
        # stray ")" and the AND balanced() puts in its place (NOT ) x, NOT AND x) are read
        # alike; anything else is dropped
        if token.kind not in ("close", "and"):
            self.take()
        return None


def _and(children: list[Node]) -> Node | None:
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, And) else (child,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _negate(node: Node) -> Node:
    return node.child if isinstance(node, Not) else Not(node)


def parse_query(query: str) -> Node | None:
    """The tree of ``query``; None when it holds no term (matches every cable)."""
    # a lone surrogate (an argument not in the locale's encoding) cannot be bound to SQL
    query = _SURROGATE_RE.sub("\ufffd", query)
    return _Parser(list(_tokens(query))).parse_and(nested=False)


def balanced(query: str) -> str:
    """``query`` with its unclosed quote and parentheses closed and its stray ``)`` left
    out: the same query to parse_query, which can be put inside parentheses beside another
    (a batch's term within the current filters) without its quote or ``)`` taking in or
    closing what comes after it."""
    query += closing(query)  # an open quote runs to the end of the query
    kept: list[str] = []
    depth = start = 0
    for m in _TOKEN_RE.finditer(query):
        if m.lastgroup == "open":
            depth += 1
        elif m.lastgroup == "close":
            if depth:
                depth -= 1
            else:
                # parse_query ignores it (or, after NOT or OR, drops that with it), as it
                # does a stray AND; beside another query it would close a group
                kept.append(query[start : m.start()] + " AND ")
                start = m.end()
    kept.append(query[start:])
    return "".join(kept) + ")" * depth


def syntax_notes(query: str) -> list[str]:
    """Sentences on what parse_query reads otherwise than it is written, each naming the
    place (the character, counted from 1): an unclosed quote or parenthesis (closed at the
    end), a ``)`` that closes none (left out), a ``*`` that ends no word (``*minist``,
    ``min*ist``: a star makes a prefix only at a word's end)."""
    notes: list[str] = []
    if (at := open_quote(query)) is not None:
        shown = query[at:].strip()
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        notes.append(
            f"The quote at character {at + 1} ({shown}) is not closed, so it is closed at the"
            " end of the query."
        )
    opened: list[int] = []
    for m in _TOKEN_RE.finditer(query):
        if m.lastgroup == "open":
            opened.append(m.start())
        elif m.lastgroup == "close":
            if opened:
                opened.pop()
            else:
                notes.append(
                    f"The ) at character {m.start() + 1} closes no parenthesis, so it is left out."
                )
        elif m.lastgroup == "bare" and '"' not in m.group() and not _FIELD_RE.fullmatch(m.group()):
            word = m.group()
            star = word.rstrip("*").find("*")
            if star >= 0 and _WORDCHAR_RE.search(word):
                notes.append(
                    f"The * at character {m.start() + star + 1} ({word}) is not searched: a star"
                    " makes a prefix only at the end of a word (minist* finds ministry,"
                    " minister); elsewhere it is a space."
                )
    for at in opened:
        notes.append(
            f"The parenthesis at character {at + 1} is not closed, so it is closed at the end"
            " of the query."
        )
    return notes


def query_limit(query: str) -> str | None:
    """The bound ``query`` exceeds, as a sentence for the analyst; None within them."""
    if len(query) > MAX_QUERY_CHARS:
        return (
            f"The query is {len(query):,} characters long; a query may have at most "
            f"{MAX_QUERY_CHARS:,} (the rest begins at character {MAX_QUERY_CHARS + 1:,}:"
            f" {_shown(query, MAX_QUERY_CHARS)})."
        )
    terms = depth = deepest = 0
    too_many = too_deep = None  # where the first term, or parenthesis, beyond a bound is
    prefixes: list[tuple[str, int]] = []
    for token, at in _placed_tokens(query):
        if token.kind == "term":
            terms += 1
            if terms == MAX_TERMS + 1:
                too_many = at
            if isinstance(token.node, Word) and token.node.prefix:
                prefixes.append((token.node.text, at))
        elif token.kind == "open":
            depth += 1
            if depth == MAX_DEPTH + 1 and too_deep is None:
                too_deep = at
            deepest = max(deepest, depth)
        elif token.kind == "close":
            depth = max(0, depth - 1)
    if too_many is not None:
        return (
            f"The query has {terms:,} terms; a query may have at most {MAX_TERMS:,} (term"
            f" {MAX_TERMS + 1:,} is at character {too_many + 1:,}: {_shown(query, too_many)})."
        )
    if too_deep is not None:
        return (
            f"The query nests parentheses {deepest:,} deep; a query may nest them at most "
            f"{MAX_DEPTH} deep (the parenthesis {MAX_DEPTH + 1} deep is at character"
            f" {too_deep + 1:,})."
        )
    short = [(p, at) for p, at in prefixes if len(p) < MIN_PREFIX_CHARS]
    if short:
        return (
            f"{short[0][0]}* (at character {short[0][1] + 1:,}) is too short a prefix: a"
            f" prefix needs at least {MIN_PREFIX_CHARS} letters before the *."
        )
    if len(prefixes) > MAX_PREFIXES:
        word, at = prefixes[MAX_PREFIXES]
        return (
            f"The query has {len(prefixes)} prefixes (word*); a query may have at most"
            f" {MAX_PREFIXES} (prefix {MAX_PREFIXES + 1}, {word}*, is at character {at + 1:,})."
        )
    return None


def _shown(query: str, at: int) -> str:
    """A few words of ``query`` from offset ``at``, to find the place by."""
    text = " ".join(query[at : at + 40].split())
    return text + ("…" if len(query) > at + 40 else "")


def is_text(node: Node) -> bool:
    """True when the whole subtree is about the cable text (no field terms)."""
    if isinstance(node, Word | Phrase):
        return True
    if isinstance(node, Not):
        return is_text(node.child)
    if isinstance(node, And | Or):
        return all(is_text(c) for c in node.children)
    return False


def fts_expression(node: Node) -> str:
    """An FTS5 MATCH expression for a text-only subtree that is not a bare negation.

    Every word is quoted, so nothing the analyst types can be read as FTS5 syntax.
    """
    if isinstance(node, Word):
        return f'"{node.text}"' + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Or):
        return "(" + " OR ".join(fts_expression(c) for c in node.children) + ")"
    if isinstance(node, And):
        positive = [c for c in node.children if not isinstance(c, Not)]
        negative = [c.child for c in node.children if isinstance(c, Not)]
        if not positive:
            raise ValueError("an FTS5 expression needs at least one positive term")
        text = " AND ".join(fts_expression(c) for c in positive)
        if negative:
            # one NOT of an OR list, not a NOT per term: FTS5's parser overflows on a
            # chain of nested NOTs (a word and 96 -words)
            text = f"({text}) NOT ({' OR '.join(fts_expression(n) for n in negative)})"
        return f"({text})"
    raise ValueError(f"not a text expression: {node!r}")


def field_names(node: Node | None) -> set[str]:
    """The (canonical) names of every field term of the tree, negated ones too."""
    if isinstance(node, Field):
        return {node.name}
    if isinstance(node, Not):
        return field_names(node.child)
    if isinstance(node, And | Or):
        return set().union(*(field_names(c) for c in node.children))
    return set()


def text_terms(node: Node | None) -> list[Word | Phrase]:
    """The positive words and phrases of the tree: what a snippet highlights."""
    if node is None or isinstance(node, Not | Field):
        return []
    if isinstance(node, Word | Phrase):
        return [node]
    terms: list[Word | Phrase] = []
    for child in node.children:
        terms.extend(text_terms(child))
    return terms
