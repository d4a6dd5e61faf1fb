"""reader/query/conditions.py on its own: the plan a Filter compiles to, with a lookup of
facet values made by hand (no index)."""

from __future__ import annotations

import pytest

from reader.query.conditions import (
    Both,
    Either,
    Sql,
    Text,
    UserSql,
    Values,
    Without,
    asks_annotations,
    compile_filter,
    date_bounds,
    query_notes,
    to_sql,
    user_value_plan,
    uses_annotations,
)
from reader.query.query import Filter, user_value_term


class Lookup:
    """Facet values and their ids, as the index would hold them."""

    VALUES = {
        "classification": [(1, "SECRET"), (2, "CONFIDENTIAL"), (3, "SECRET//NOFORN")],
        "tag": [(10, "PREL"), (11, "ECON"), (12, "ECIN")],
        "origin": [
            (20, "Embassy Prague"),
            (21, "Embassy Moscow"),
            (22, "Embassy Brasilia"),
            (23, "Consulate Istanbul"),
        ],
        "month": [(30, "2007-05"), (31, "2007-06"), (32, "2008-01")],
        "handling": [(40, "NOFORN")],
        "precedence": [(50, "IMMEDIATE"), (51, "ROUTINE")],
    }

    def values(self, facet: str) -> list[tuple[int, str]]:
        return self.VALUES.get(facet, [])


def plan(query: str = "", include: set | None = None, exclude: set | None = None):  # type: ignore[no-untyped-def]
    return compile_filter(
        Filter(query, frozenset(include or ()), frozenset(exclude or ())), Lookup()
    )


def test_nothing_asked_means_every_cable() -> None:
    assert plan() is None


def test_text_goes_to_the_full_text_table_whole() -> None:
    assert plan("nuclear") == Text('"nuclear"')
    p = plan("nuclear -visit")
    assert isinstance(p, Text) and "NOT" in p.expr


def test_single_valued_selections_are_alternatives_multi_valued_all_required() -> None:
    assert plan(include={("classification", "SECRET"), ("classification", "CONFIDENTIAL")}) == (
        Values((2, 1))
    )
    both = plan(include={("tag", "PREL"), ("tag", "ECON")})
    assert both == Both((Values((11,)), Values((10,))))


def test_an_excluded_value_leaves_out_every_cable_with_it() -> None:
    assert plan(exclude={("tag", "PREL")}) == Without(Values((10,)))


def test_field_terms_resolve_against_the_values_held() -> None:
    assert plan("class:secret") == Values((1, 3))
    assert plan("tag:EC*") == Values((11, 12))
    assert plan("from:prague") == Values((20,))
    assert plan("precedence:imm") == Values((50,))
    assert plan("date:2007") == Values((30, 31))  # whole months: the month values
    assert plan("tag:NOSUCH") == Values(())


def test_an_origin_typed_with_accents_finds_the_post_written_without() -> None:
    """The posts' names are in plain letters (Embassy Brasilia, Consulate Istanbul), as the
    full-text index reads words: "from:Brasília" gave 0 cables and a note naming Embassy
    Lima as the nearest; "from:İstanbul" gave 0."""
    assert plan("from:Brasília") == Values((22,))
    assert plan("from:BRASÍLIA") == Values((22,))
    assert plan("from:İstanbul") == Values((23,))
    assert plan('from:"embassy brasi\u0301lia"') == Values((22,))
    assert plan("from:praha") == Values(())


def test_id_subject_and_day_ranges_are_sql() -> None:
    p = plan("id:07PRAGUE497")  # the canonical ID or the one the release published
    assert isinstance(p, Sql) and "c.published_id" in p.sql and p.params == ("07PRAGUE497",) * 2
    p = plan("date:2007-05-07")
    # a day range: a year-only date of that year is not in it unless the range is the year
    assert isinstance(p, Sql) and p.params[:2] == (200705070000, 200705072359)
    p = plan("subject:100%")
    assert isinstance(p, Sql) and p.params == ("%100\\%%",)


def test_or_and_not_of_fields() -> None:
    p = plan("tag:PREL OR class:secret")
    assert p == Values((10, 1, 3))  # an OR of facet values: one set of values
    assert plan("-tag:PREL") == Without(Values((10,)))
    p = plan("tag:PREL OR id:X")
    assert isinstance(p, Either) and p.parts[0] == Values((10,))


def test_annotation_fields_ask_the_user_schema() -> None:
    p = plan("is:starred")
    assert isinstance(p, UserSql) and "user.stars" in p.sql
    p = plan("is:unread")
    assert isinstance(p, Without) and "user.reads" in p.part.sql  # type: ignore[union-attr]
    p = plan("label:brief")
    assert isinstance(p, UserSql) and p.params == ("brief",)
    assert uses_annotations(plan("nuclear (label:a OR tag:PREL)"))
    assert not uses_annotations(plan("nuclear tag:PREL"))
    assert plan("is:whatever") == Values(())


def test_to_sql_joins_the_parts() -> None:
    c = to_sql(Both((Values((1, 2)), Without(Sql("c.x = ?", (5,))))))
    assert c.sql.startswith("(c.key IN (SELECT key FROM cable_values WHERE value_id IN (?,?))")
    assert "NOT c.x = ?" in c.sql
    assert c.params == (1, 2, 5)
    assert to_sql(Values(())).sql == "0"


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("2007", (200701010000, 200712312359)),
        ("2007-05", (200705010000, 200705312359)),
        ("2007-05-07", (200705070000, 200705072359)),
        ("2007..2008", (200701010000, 200812312359)),
        ("2009-12..", (200912010000, None)),
        ("..2001", (None, 200112312359)),
        ("2009-13", None),
        ("2010-02-30", None),  # no such day: it matched nothing without a note
        ("2009-04-31..2009-05", None),
        ("2008-02-29", (200802290000, 200802292359)),  # a leap day
        ("2009-02..2009-04", (200902010000, 200904312359)),  # a month's end is a bound
        ("abc", None),
        ("2007..abc", None),
    ],
)
def test_date_bounds(text: str, bounds: tuple[int | None, int | None] | None) -> None:
    assert date_bounds(text) == bounds


def test_a_user_facets_value_is_the_plan_of_its_query_term() -> None:
    """The filter pane's starred / read / note / label values and the query field's is:,
    has:, label: terms compile to the same plan, so the two never differ."""
    assert user_value_plan("starred", "starred") == plan("is:starred")
    assert user_value_plan("read", "unread") == plan("is:unread")
    assert user_value_plan("note", "has note") == plan("has:note")
    assert user_value_plan("note", "no note") == Without(plan("has:note"))  # type: ignore[arg-type]
    label = user_value_plan("label", "brief_1")
    assert isinstance(label, UserSql) and label.params == ("brief_1",) and "LIKE" not in label.sql
    assert user_value_plan("starred", "maybe") == Values(())
    assert user_value_plan("tag", "PREL") == Values(())


def test_a_filter_asks_the_annotations_when_any_part_does() -> None:
    assert asks_annotations(Filter("nuclear OR is:starred"))
    assert asks_annotations(Filter(include=frozenset({("label", "brief")})))
    assert not asks_annotations(Filter("nuclear tag:PREL"))
    assert not asks_annotations(Filter("(" * 500 + "x"))  # refused: it answers nothing at all


def test_query_notes_say_what_does_not_mean_what_it_seems() -> None:
    assert query_notes("nuclear tag:PREL date:2007-05") == []
    (note,) = query_notes("date:May2007")
    assert note.startswith("date:May2007 is not a date")
    (note,) = query_notes("iran NEAR/5 nuclear")
    assert note.startswith("NEAR/5 is not an operator here")
    (note,) = query_notes("author:smith")
    assert note.startswith("author: is not a field") and "tag:" in note


def test_query_notes_name_a_query_that_would_silently_match_nothing_or_everything() -> None:
    (note,) = query_notes("date:2008..2005")
    assert note.startswith("date:2008..2005 ends before it begins") and "date:2005..2008" in note
    assert query_notes("date:2005..2008") == [] and query_notes("date:2005..2005") == []
    (note,) = query_notes("nuclear class:")
    assert note.startswith("class: has no value")
    (note,) = query_notes("(tag:) iran")
    assert note.startswith("tag: has no value")
    assert query_notes('from:"buenos aires" tag:PREL') == []
    (note,) = query_notes("minist**")
    assert note.startswith("minist** is searched as the word minist") and "minist*" in note
    assert query_notes("minist*") == []
    for nothing in ("*", "(", "-", "OR"):
        (note,) = query_notes(nothing)
        assert (
            note == f"{nothing} holds no word and no field to search for, so every cable is shown."
        )
    assert query_notes("") == [] and query_notes("   ") == []


def test_a_date_range_open_at_both_ends_is_said_to_leave_out_the_undated_cables() -> None:
    """``date:..`` gave every dated cable and dropped the undated ones without a word (0 of
    1 in a folder of one undated cable)."""
    for query, name in (("date:..", "date"), ("iran year:..", "year"), ("month: ..", None)):
        notes = query_notes(query)
        if name is None:  # a field with no value: said so already, not as a range
            assert not any("neither end" in n for n in notes)
            continue
        (note,) = notes
        assert note == (
            f"{name}:.. gives neither end, so it keeps every cable with a date and leaves out"
            f" the undated ones: write {name}:2007.. or {name}:..2009 for a range."
        )
    assert query_notes("date:2007..") == [] and query_notes("date:..2009") == []


def test_notes_name_an_unclosed_quote_or_parenthesis_a_stray_one_or_a_star_by_place() -> None:
    """An unclosed quote ran to the end of the query, a star before a word was dropped
    (``*minist``, 0 cables) and a stray ``)`` was left out, each without a word."""
    assert query_notes('iran "prime minister') == [
        'The quote at character 6 ("prime minister) is not closed, so it is closed at the end'
        " of the query."
    ]
    assert query_notes("nuclear (iran OR iraq") == [
        "The parenthesis at character 9 is not closed, so it is closed at the end of the query."
    ]
    assert query_notes("iran) iraq") == [
        "The ) at character 5 closes no parenthesis, so it is left out."
    ]
    (note,) = query_notes("*minist")
    assert note.startswith("The * at character 1 (*minist) is not searched")
    (note,) = query_notes("tag:PREL min*ist")
    assert note.startswith("The * at character 13 (min*ist) is not searched")
    for fine in ('"prime minister" (iran OR iraq)', "minist* tag:EC*", 'from:"buenos aires"',
                 'x"a* b"'):  # fmt: skip  (a star within quotes is a word's end or nothing)
        assert query_notes(fine) == []


def test_a_misspelt_field_name_gets_the_nearest_field_named() -> None:
    """``clas:secret`` was said to be no field, with the list of every field to read."""
    (note,) = query_notes("clas:secret")
    assert note.startswith("clas: is not a field (the nearest is class:), so it is searched as")
    (note,) = query_notes("subjct:iran")
    assert note.startswith("subjct: is not a field (the nearest is subject:)")
    (note,) = query_notes("author:smith")
    assert note.startswith("author: is not a field, so it is searched as words; fields are")


@pytest.mark.parametrize(
    ("facet", "value", "term"),
    [
        ("starred", "starred", "is:starred"),
        ("starred", "unstarred", "is:unstarred"),
        ("read", "read", "is:read"),
        ("read", "unread", "is:unread"),
        ("note", "has note", "has:note"),
        ("note", "no note", "-has:note"),
        ("label", "brief", "label:brief"),
        ("label", 'say "hi"', r'label:"say \"hi\""'),
        ("label", "a\\b (draft)", r'label:"a\\b (draft)"'),
        ("label", "-urgent:now", "label:-urgent:now"),
    ],
)
def test_a_user_facets_value_is_written_as_the_term_the_analyst_types(
    facet: str, value: str, term: str
) -> None:
    """The pane's choice and its term are one: a label whose name held a quote could be
    chosen in the pane, but no term the analyst could type asked for it."""
    assert user_value_term(facet, value) == term
    assert plan(term) == user_value_plan(facet, value)


def test_a_label_ending_in_a_star_is_asked_in_quotes_not_as_a_prefix() -> None:
    """label:br* asks every label starting br, so a label named br* had no term: the pane
    could choose it, the query field not. Quoted, a value is never a prefix."""
    assert user_value_term("label", "br*") == 'label:"br*"'
    assert plan('label:"br*"') == user_value_plan("label", "br*")
    assert plan("label:br*") != user_value_plan("label", "br*")
    assert plan("label:br*") != plan('label:"br*"')


def test_a_value_no_term_means_alone_has_none() -> None:
    assert user_value_term("starred", "maybe") is None
    assert user_value_term("tag", "PREL") is None


@pytest.mark.parametrize(
    "query",
    [
        "label:-urgent:now",  # said "urgent: is not a field"
        'label:"a class: b"',  # said "class: has no value after it"
        'label:"x foo:bar" nuclear',
        'note:"the NEAR/3 operator"',
        '"talks NEAR(x y)"',
        'subject:"word** x"',
    ],
)
def test_what_is_inside_quotes_or_a_fields_value_gets_no_note_on_syntax(query: str) -> None:
    """A label's name, a note's words, a phrase: the notes on field names, stars and other
    engines' operators looked into them as if they were typed as terms."""
    assert query_notes(query) == []


def test_the_notes_on_syntax_still_see_what_is_typed_beside_a_quoted_value() -> None:
    (note,) = query_notes('label:"say \\"hi\\"" clas:secret')
    assert note.startswith("clas: is not a field (the nearest is class:)")
    (note,) = query_notes('"a b" class:')
    assert note.startswith("class: has no value after it")
    (note,) = query_notes('(x NEAR/3 y) label:"a:b"')
    assert note.startswith("NEAR/3 is not an operator here")
