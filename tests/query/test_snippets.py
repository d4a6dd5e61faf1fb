"""reader/query/snippets.py on its own: which words of a text a query's terms match (as the
full-text index reads them) and the snippet cut around the best passage."""

from __future__ import annotations

from reader.query.querysyntax import parse_query
from reader.query.snippets import Highlighter


def _marker(query: str, width: int = 240) -> Highlighter:
    return Highlighter(parse_query(query), width=width)


def _matched(query: str, text: str) -> list[str]:
    return [text[s:e] for s, e, _ in _marker(query).matches(text)]


def test_words_match_whole_words_without_case() -> None:
    text = "A Visit, then a revisit; VISIT again (visits)."
    assert _matched("visit", text) == ["Visit", "VISIT"]
    assert _matched("visit*", text) == ["Visit", "VISIT", "visits"]  # not inside "revisit"


def test_a_phrase_matches_across_lines_and_punctuation() -> None:
    text = "the nuclear\n   program, and the nuclear-program"
    assert _matched('"nuclear program"', text) == ["nuclear\n   program", "nuclear-program"]


def test_excluded_words_and_fields_are_not_highlighted() -> None:
    text = "iran and iraq and tags"
    assert _matched("iran -iraq tag:PREL", text) == ["iran"]
    assert not _marker("-iraq tag:PREL")  # nothing to highlight
    assert _marker("-iraq").snippet(text) == ("", ())


def test_each_match_names_its_term_and_a_repeated_term_is_one() -> None:
    marker = _marker("oil gas oil")
    assert [term for _, _, term in marker.matches("gas, oil and gas")] == [1, 0, 1]


def test_the_best_passage_holds_the_most_distinct_terms() -> None:
    far = "oil " + "filler words here " * 40
    text = far + "gas and oil together"
    marker = _marker("oil gas", width=60)
    start, end = marker.best(text) or (0, 0)
    assert text[start:end] == "gas" and start > len(far) - 1  # not the lone first "oil"
    assert marker.first(text) == (0, 3)


def test_the_snippet_is_cut_at_words_and_says_where_its_matches_are() -> None:
    text = "Opening words. " * 20 + "The minister met the unions. " + "Closing words. " * 20
    piece, spans = _marker("minister unions", width=80).snippet(text)
    assert piece.startswith("… ") and piece.endswith(" …")
    assert [piece[s:e] for s, e in spans] == ["minister", "unions"]
    # no word cut in half: the snippet is whole words of the text, spaces made single
    inner = piece.removeprefix("… ").removesuffix(" …")
    flat = " ".join(text.split())
    at = flat.find(inner)
    assert at > 0 and flat[at - 1] == " " and flat[at + len(inner)] == " "


def test_no_match_no_snippet() -> None:
    assert _marker("whaling").snippet("nothing of the kind") == ("", ())
    assert _marker("whaling").best("nothing") is None
