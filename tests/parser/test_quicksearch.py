"""Each quick search finds exactly what the plain search it stands for finds."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.parser.quicksearch import LineStartPattern, first_matches, search_upper

_PIECES = ["ab", "AB", "Ab", "b", "c", "CD", "cd", " ", "\n", "\n\n", "\t", "x", "_", "ß", "ſ",
           "é", "İ", "-"]  # fmt: skip
texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 40), st.integers(0, 45))
@example("ab\nab", 1, 5)
@example("ab\nab", 3, 5)
def test_a_line_start_pattern_finds_what_caret_with_multiline_finds(
    text: str, pos: int, endpos: int
) -> None:
    for pattern, flags in (
        (r"[ \t]*ab\b", 0),
        (r"[ \t]*ab[ \t]*$", re.IGNORECASE),
        (r"-*[ \t]*(?:cd|ab)+", re.IGNORECASE),
    ):
        plain = re.compile("^" + pattern, flags | re.MULTILINE).search(text, pos, endpos)
        found = LineStartPattern(pattern, flags).search(text, pos, endpos)
        assert found == (plain.span() if plain else None), (pattern, text, pos, endpos)


@settings(max_examples=300, deadline=None)
@given(texts)
@example("xab AB")
@example("ß ab cd")
def test_an_upper_case_search_finds_where_the_case_blind_one_does(text: str) -> None:
    caseless = re.compile(r"\bAB\s+(?:CD)?", re.IGNORECASE)
    upper = re.compile(r"AB(?<!\wAB)\s+(?:CD)?")
    plain = caseless.search(text)
    assert search_upper(upper, caseless, text) == (plain.start() if plain else None), text


@settings(max_examples=300, deadline=None)
@given(texts)
@example("ab cd abcd")
def test_patterns_searched_apart_come_as_the_branches_of_one(text: str) -> None:
    branches = (r"ab(?:\s*cd)?", r"b\s*c", r"cd")
    together = re.compile("|".join(branches))
    apart = tuple(re.compile(b) for b in branches)
    assert [m.span() for m in first_matches(apart, text)] == [
        m.span() for m in together.finditer(text)
    ], text
