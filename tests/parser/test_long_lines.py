"""Patterns that meet a line of unbounded length stay linear, and still find what they did.

The inputs are those that once took seconds (a line of 40,000 blanks before paragraph 1, a
TAGS line of 40,000 "("); the tests check what the parser makes of them, not how long it
takes (benchmarks/long_lines.py measures that).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.parser import blocks, noise, summary
from reader.parser.parse import parse_cable
from reader.parser.preamble import parse_tags

#: the summary heading as written before its quantifiers were made possessive
_BACKTRACKING_HEADING = (
    r"[ \t]*-*[ \t]*(?:BEGIN[ \t]+)?SUMMARY(?:[ \t]+AND[ \t]+(?:COMMENTS?|INTRODUCTION"
    r"|ACTION[ \t]+REQUEST))?[ \t]*[:.]?[ \t]*-*[ \t]*$"
)
_PIECES = [
    " ",
    "\t",
    "-",
    "--",
    "SUMMARY",
    "summary",
    "BEGIN ",
    " AND COMMENTS",
    ":",
    ".",
    "\n",
    "x",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)

_N = 40_000


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_the_possessive_heading_finds_what_the_backtracking_one_found(text: str) -> None:
    old = re.compile("^" + _BACKTRACKING_HEADING, re.MULTILINE | re.IGNORECASE)
    new = re.compile("^" + summary.SUMMARY_HEADING, re.MULTILINE | re.IGNORECASE)
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
    old_line = re.compile(
        _BACKTRACKING_HEADING.replace("[ \\t]", "\\s").replace("$", "") + r"$", re.IGNORECASE
    )
    for line in text.split("\n"):
        assert bool(blocks.SUMMARY_HEADING_RE.match(line)) == bool(old_line.match(line)), line


def _cable(body: str) -> str:
    return (
        "CONFIDENTIAL ABIDJAN 000396\n\nSIPDIS\n\nE.O. 12958: DECL: 06/09/2018\n"
        "TAGS: PGOV PREL\nSUBJECT: A TEST CABLE\n\n" + body
    )


def test_a_line_of_blanks_before_paragraph_one() -> None:
    body = (
        "This unnumbered line of prose opens the body of the cable before its paragraphs.\n"
        + " " * _N
        + "\n1. (C) Summary: the first point. End Summary.\n\n2. (C) The second point.\n"
    )
    c = parse_cable(_cable(body))
    assert [q.number for q in c.paragraphs] == [None, 1, 2]  # the prose above is one too
    assert c.summary == "the first point."


def test_a_summary_heading_led_and_followed_by_blanks() -> None:
    body = (
        "This unnumbered line of prose opens the body of the cable before its paragraphs.\n"
        + " " * _N
        + "SUMMARY"
        + " " * _N
        + "\nThe gist of it.\nEND SUMMARY\n\n1. (C) The first point.\n"
    )
    c = parse_cable(_cable(body))
    assert c.summary == "The gist of it."


def test_a_tags_line_of_open_parentheses() -> None:
    assert parse_tags("TAGS: " + "(" * _N) == []
    assert parse_tags("TAGS: PREL " + "(" * _N + "(SMITH, JOHN) MARR") == [
        "PREL",
        "SMITH, JOHN",
        "MARR",
    ]
    c = parse_cable(_cable("1. (C) Text.\n").replace("PGOV PREL", "PGOV " + "(" * _N))
    assert c.tags == ("PGOV",)
    assert c.subject == "A TEST CABLE"


def test_a_last_line_of_markup() -> None:
    c = parse_cable(_cable("1. (C) Text.\n\n" + "<b>" * _N + "x\n"))
    assert c.signers == ()
    c = parse_cable(_cable("1. (C) Text.\n\nDOE" + "</b>" * 3 + "\n"))
    assert c.signers == ("DOE",)


def test_a_classified_by_head_said_again_and_again() -> None:
    text = _cable(
        "Classified By: "
        + "CLASSIFIED BY " * (_N // 14)
        + "Ambassador Jo Doe for reasons 1.4 (b)\n\n1. (C) Text.\n"
    )
    c = parse_cable(text)
    assert c.classified_by is not None
    assert c.classified_by.names == ("Jo Doe",)
    assert c.classified_by.reasons == ("1.4(b)",)


def _one_paragraph_cable(words: int) -> str:
    line = " ".join(("ALPHA", "BRAVO", "CHARLIE", "DELTA")[i % 4] for i in range(1_000))
    return "SECRET PRAGUE 009000\nSUBJECT: BIG\n\n1. (S) " + "\n".join([line] * (words // 1_000))


def test_memory_for_one_huge_paragraph_is_a_small_multiple_of_its_size():
    # A paragraph of the whole file (the size limit of a cable file is 16 MB) once took
    # thirteen times its size in memory: one string object per word while its blanks were
    # made single. Now each piece is made single on its own.
    import tracemalloc

    text = _one_paragraph_cable(600_000)  # 4 MB
    tracemalloc.start()
    try:
        cable = parse_cable(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (paragraph,) = cable.paragraphs
    assert paragraph.text.split() == text.split()[7:]  # every word after "1. (S)"
    assert "  " not in paragraph.text and "\n" not in paragraph.text
    assert peak < 5 * len(text), f"{peak / len(text):.1f} times the text"


def test_pieces_made_single_spaced_apart_join_to_the_same_text():
    rough = "  A\tB \n\n C" + "x" * 70_000 + " \u00a0 D\u2003" + " E  " * 30_000
    assert noise.clean(rough) == " ".join(rough.split())
