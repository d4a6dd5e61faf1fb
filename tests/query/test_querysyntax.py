"""The query language: what the analyst types, read as a tree of terms."""

from __future__ import annotations

import pytest

from reader.query.querysyntax import (
    And,
    Field,
    Not,
    Or,
    Phrase,
    Word,
    fts_expression,
    parse_query,
    text_terms,
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
        ("id:07PRAGUE*", Field("id", "07PRAGUE*")),
        ("-tag:PREL", Not(Field("tag", "PREL"))),
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
