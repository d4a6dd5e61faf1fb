"""reader.parser.appended: where a second, unrelated cable glued on after the first starts."""

from __future__ import annotations

import pytest

from reader.parser.appended import _lines_after, find_appended
from reader.parser.paragraphs import line_starts

FIRST = (
    "P 020834Z APR 73\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC PRIORITY 1692\n\n"
    "S E C R E T TEHRAN 2077\n\nSUBJECT: AUDIENCE WITH SHAH\n ...\n\n"
)
ROUTING = "PP RUEHWEB\n\nDE RUEHMN #0404/01 1971651\nP 151651Z JUL 08\n"
SECOND = "C O N F I D E N T I A L MONTEVIDEO 000404\n\nSUBJECT: SOMETHING ELSE\n"


@pytest.mark.parametrize("lead", ["", "  ", "\t"])
def test_a_routing_header_with_its_de_line_starts_the_second_cable(lead):
    text = FIRST + lead + ROUTING + SECOND
    assert find_appended(text) == len(FIRST)


def test_a_transmission_line_starts_the_second_cable_without_a_de_line():
    text = FIRST + "VZCZCXRO1234\n\n" + SECOND
    assert find_appended(text) == len(FIRST)


def test_a_routing_line_without_its_de_line_is_text_not_a_header():
    text = FIRST + "PP RUEHWEB\n\nno DE line here\n\n" + SECOND
    assert find_appended(text) is None


def test_a_dumped_row_naming_another_cable_starts_it():
    row = "50133  2006-01-19  06MONTEVIDEO404  Embassy Montevideo  CONFIDENTIAL\n"
    assert find_appended(FIRST + row + SECOND) == len(FIRST)


def test_a_row_naming_the_cable_itself_is_none():
    row = "50133  1973-04-02  73TEHRAN2077  Embassy Tehran  SECRET\n"
    assert find_appended(FIRST + row + "S E C R E T TEHRAN 2077\n") is None


def test_numbered_paragraphs_and_dates_in_the_text_are_no_start():
    body = "1. (S) Text of 2/3/1973 and 1973-04-02.\n2. (S) PP is a word here.\n"
    assert find_appended(FIRST + body * 40) is None


def test_the_search_starts_where_it_is_told():
    text = FIRST + ROUTING + SECOND
    assert find_appended(text, len(FIRST)) is None  # the second cable is now the first


@pytest.mark.parametrize("at", [0, 1, 5, 9, 10, 11, 300, 599, 600])
def test_lines_after_are_the_first_sixty_lines_from_the_offset(at):
    text = "\n".join(f"line {k}" for k in range(100)) + "\n\n\n" + "x" * 10
    got = _lines_after(text, at)
    assert got == text[at:].split("\n", 60)[:60]
    assert len(got) == min(60, text[at:].count("\n") + 1)


def test_with_stop_only_a_cable_on_a_line_that_starts_by_then_is_found():
    text = FIRST + ROUTING + SECOND
    at = len(FIRST)
    assert find_appended(text, stop=at) == at  # its routing line starts there
    assert find_appended(text, stop=at - 1) is None  # a line earlier: left for later
    assert find_appended(text, stop=len(text)) == at


@pytest.mark.parametrize(
    "text",
    [
        FIRST + ROUTING + SECOND,  # glued on right after a short preamble: read again
        FIRST + "1. (S) TEXT OF THE FIRST.\n" * 80 + ROUTING + SECOND,  # far below the header
        FIRST,
    ],
)
def test_the_header_parse_reads_what_the_full_parse_reads(text):
    from reader.parser.parse import parse_cable, parse_header

    full, quick = parse_cable(text), parse_header(text)
    for name in ("id", "date", "from_", "classification", "subject", "tags", "handling"):
        assert getattr(quick, name) == getattr(full, name), name
    assert full.subject == "AUDIENCE WITH SHAH ..."
    assert (full.appended_at is None) == (text == FIRST)


@pytest.mark.parametrize(
    "text",
    [
        FIRST + ROUTING + SECOND,
        "\nPP RUEHWEB\nS E C R E T TEHRAN 2077\nx\n" + ROUTING + SECOND,
        FIRST + "50133  2006-01-19  06MONTEVIDEO404  Embassy Montevideo\n" + SECOND,
    ],
)
def test_given_the_line_starts_it_finds_what_it_finds_alone_from_every_offset(text):
    # the full parse hands over the starts it found over the whole text in one pass
    # (paragraphs.line_starts); from any offset, those before it must play no part
    lines = line_starts(text).starts
    assert lines  # (the texts hold starts, else this tests nothing)
    for start in range(len(text) + 1):
        assert find_appended(text, start, lines=lines) == find_appended(text, start), start
