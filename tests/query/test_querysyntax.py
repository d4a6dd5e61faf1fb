"""The query language: what the analyst types, read as a tree of terms."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.query.querysyntax import (
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    balanced,
    fts_expression,
    parse_query,
    syntax_notes,
    text_terms,
    written_term,
)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("", None),
        ("   ", None),
        ("nuclear", Word("nuclear")),
        ("Nuclear IRAN", And((Word("nuclear"), Word("iran")))),
        ('"prime minister"', Phrase("prime minister")),
        ("minist*", Word("minist", prefix=True)),
        ("-visit", Not(Word("visit"))),
        ("NOT visit", Not(Word("visit"))),
        ("iran OR iraq", Or((Word("iran"), Word("iraq")))),
        # OR binds tighter than the implicit AND
        ("nuclear iran OR iraq", And((Word("nuclear"), Or((Word("iran"), Word("iraq")))))),
        ("(a OR b) c", And((Or((Word("a"), Word("b"))), Word("c")))),
        ("a AND b", And((Word("a"), Word("b")))),
        ("tag:PREL", Field("tag", "PREL")),
        ("from:prague", Field("origin", "prague")),
        ('from:"buenos aires"', Field("origin", "buenos aires")),
        ("class:S", Field("classification", "S")),
        ("date:2007-05..2007-06", Field("date", "2007-05..2007-06")),
        ("id:07PRAGUE*", Field("id", "07PRAGUE", prefix=True)),
        # a star ends a prefix only written without quotes, of a field that takes one
        ("tag:EC*", Field("tag", "EC", prefix=True)),
        ("label:br*", Field("label", "br", prefix=True)),
        ('label:"br*"', Field("label", "br*")),
        ('tag:"EC*"', Field("tag", "EC*")),
        ("label:*", Field("label", "", prefix=True)),
        ('label:"*"', Field("label", "*")),
        ("from:mosc*", Field("origin", "mosc*")),
        ("subject:minist*", Field("subject", "minist*")),
        ("starred-by:*", Field("starredby", "*")),
        ("-tag:PREL", Not(Field("tag", "PREL"))),
        # the copies beyond the one kept (each cable once: -copy:other)
        ("copy:other", Field("copy", "other")),
        ("-copy:other", Not(Field("copy", "other"))),
        ("nuclear -copy:other", And((Word("nuclear"), Not(Field("copy", "other"))))),
        # punctuation splits words as the full-text index does
        ("U.S. policy", And((Phrase("u s"), Word("policy")))),
        # never fails: unknown fields are text, stray operators and brackets are dropped
        ("foo:bar", Phrase("foo bar")),
        ('"unclosed phrase', Phrase("unclosed phrase")),
        ("((a b)", And((Word("a"), Word("b")))),
        ("a )", Word("a")),
        ("OR", None),
        ("tag:", None),
        ("-", None),
    ],
)
def test_parse_query(query: str, tree: object) -> None:
    assert parse_query(query) == tree


def test_fts_expression_quotes_every_word() -> None:
    assert fts_expression(And((Phrase("prime minister"), Word("minist", True)))) == (
        '("prime minister" AND "minist"*)'
    )
    # FTS5 syntax typed by the analyst stays text
    assert fts_expression(parse_query("NEAR(a b)")) == '("near" AND "a" AND "b")'


def test_text_terms_are_the_positive_words() -> None:
    node = parse_query('nuclear -visit "prime minister" tag:PREL (a OR b*)')
    assert text_terms(node) == [
        Word("nuclear"),
        Phrase("prime minister"),
        Word("a"),
        Word("b", prefix=True),
    ]


@pytest.mark.parametrize(
    ("query", "closed"),
    [
        ('"prime minister', '"prime minister"'),
        ("(iran OR iraq", "(iran OR iraq)"),
        ("iran)", "iran AND "),
        ('from:"buenos aires', 'from:"buenos aires"'),
        ('"a (b" (c', '"a (b" (c)'),  # a parenthesis in a phrase is no group
        ("a) (b", "a AND  (b)"),
        ("a)b", "a AND b"),
        ("NOT ) \" OR", "NOT  AND  \" OR\""),  # NOT drops what follows it: ")" or AND
        ("a (b) c", "a (b) c"),
    ],
)
def test_balanced_closes_what_is_open_and_drops_stray_closes(query: str, closed: str) -> None:
    assert balanced(query) == closed
    assert parse_query(closed) == parse_query(query)


def _beside(node: Node | None, other: Node) -> Node:
    """The tree of a query ANDed with another, as parse_query flattens it."""
    if node is None:
        return other
    return And((*(node.children if isinstance(node, And) else (node,)), other))


@given(
    st.text(alphabet='ab "()-:\\', max_size=14)
    | st.lists(
        st.sampled_from(
            ['"', "(", ")", "OR", "NOT", "-", "x", "tag:P", 'from:"a b', "AND", "\\", '\\"']
        ),
        max_size=8,
    ).map(" ".join)
)
# a NOT before a stray ")" went with it, but took in what followed the AND put in its place
@example('NOT ) OR " OR')
def test_a_balanced_query_keeps_its_meaning_beside_another(query: str) -> None:
    # a batch puts each term in parentheses before the current filters: the term's open
    # quote or stray ")" must neither take the filters in nor close the group early
    assert parse_query(balanced(query)) == parse_query(query)
    assert parse_query(f"({balanced(query)}) zzz") == _beside(parse_query(query), Word("zzz"))


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        # "İ".lower() is "i" and a combining dot above (U+0307): the word stays one word,
        # which the full-text index folds to istanbul (it keeps marks inside words)
        ("İstanbul", Word("i\u0307stanbul")),
        ("İst*", Word("i\u0307st", prefix=True)),
        # an accent typed as a letter and a combining mark (NFD, as some systems paste it)
        ("nai\u0308ve", Word("nai\u0308ve")),
        ('"nai\u0308ve talk"', Phrase("nai\u0308ve talk")),
        # Arabic with its vowel marks stays one word
        ("كَتَبَ", Word("كَتَبَ")),
    ],
)
def test_a_combining_mark_does_not_split_a_word(query: str, tree: object) -> None:
    assert parse_query(query) == tree


def test_a_not_before_a_closing_parenthesis_stays_inside_its_group() -> None:
    # the NOT took the ")" of its group with it, and so negated what came after the group:
    # a batch's term "NOT ( NOT ) NOT" negated the current filters
    assert parse_query("(NOT ( NOT ) NOT) zzz") == Word("zzz")
    assert parse_query("(a NOT) b") == And((Word("a"), Word("b")))
    assert parse_query("(a -) -b") == And((Word("a"), Not(Word("b"))))


#: Label names (and other values the analyst names) that the query language's own
#: characters are in: a quote, a backslash, a colon, a parenthesis, a leading minus, spaces
ODD_VALUES = [
    'say "hi"',
    '"quoted"',
    'ends with \\',
    "a\\b",
    "a\\\\b",
    '\\"',
    "a:b",
    "(draft)",
    "x)",
    "-urgent",
    "- urgent",
    "OR",
    "NOT",
    "two  words",
    "brief",
    "br*",  # label:br* asks every label starting br: label:"br*" is this one
    "*",
    "b r*",
    "br**",
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_every_value_can_be_written_as_a_term(value: str) -> None:
    # a label whose name held a quote could not be asked for in the query: the facet pane
    # could choose it, the query language not
    term = written_term("label", value)
    assert parse_query(term) == Field("label", value)
    # beside other terms, negated, in an OR, in parentheses: the term stays one term
    assert parse_query(f"-{term} nuclear") == And((Not(Field("label", value)), Word("nuclear")))
    assert parse_query(f"({term} OR tag:PREL)") == Or((Field("label", value), Field("tag", "PREL")))


def test_inside_quotes_a_backslash_escapes_a_quote_or_a_backslash() -> None:
    assert parse_query(r'label:"say \"hi\""') == Field("label", 'say "hi"')
    assert parse_query(r'label:"a\\b"') == Field("label", "a\\b")
    # any other backslash is itself, and outside quotes every backslash is
    assert parse_query(r'label:"a\b"') == Field("label", "a\\b")
    assert parse_query(r"label:a\b") == Field("label", "a\\b")
    # a note's words are a query of their own: a phrase within the term's quotes
    assert parse_query(r'note:"\"prime minister\" visit"') == Field(
        "note", '"prime minister" visit'
    )
    # a phrase's escaped quote does not end it
    assert parse_query(r'"say \"hi\" there" x') == And((Phrase("say hi there"), Word("x")))


@pytest.mark.parametrize(
    ("query", "closed"),
    [
        (r'label:"say \"hi', r'label:"say \"hi"'),
        ('label:"ends \\', 'label:"ends \\\\"'),  # the lone backslash stays one
    ],
)
def test_balanced_closes_a_quote_after_an_escaped_one(query: str, closed: str) -> None:
    assert balanced(query) == closed
    assert parse_query(closed) == parse_query(query)


def test_the_note_on_an_unclosed_quote_skips_escaped_ones() -> None:
    assert syntax_notes(r'label:"say \"hi\""') == []
    (note,) = syntax_notes(r'x "say \"hi\"')
    assert note.startswith("The quote at character 3 ")


@given(st.text(min_size=1).map(str.strip).filter(bool))
def test_any_value_written_as_a_term_is_read_back(value: str) -> None:
    assert parse_query(written_term("label", value)) == Field("label", value)


def test_a_quoted_value_is_never_a_prefix() -> None:
    """``label:br*`` asks every label starting br; ``label:"br*"`` the label named br*,
    which no term could ask for before (both read as the prefix)."""
    assert parse_query('label:"br*"') != parse_query("label:br*")
    assert written_term("label", "br*") == 'label:"br*"'
    assert written_term("label", "br", prefix=True) == "label:br*"
    assert Field("label", "br", prefix=True).written() == "label:br*"
    assert Field("label", "br*").written() == 'label:"br*"'
    # a field that takes no prefix keeps its star as part of the value, quoted or not
    assert parse_query('from:"mosc*"') == parse_query("from:mosc*")
    with pytest.raises(ValueError):
        written_term("label", "b r", prefix=True)  # a prefix cannot be quoted


@given(st.from_regex(r'[^\s()"*]*', fullmatch=True), st.sampled_from(["id", "tag", "label"]))
def test_any_prefix_written_as_a_term_is_read_back(stem: str, name: str) -> None:
    assert parse_query(written_term(name, stem, prefix=True)) == Field(name, stem, prefix=True)
