"""reader.parser.noise: page-break lines and blanks."""

from __future__ import annotations

from reader.parser.noise import clean, page_noise, without_page_noise


def test_page_break_lines_are_noise():
    assert page_noise("PAGE 02 HARARE 05461 01 OF 02 271458Z")
    assert page_noise("  HARARE 05461 002 OF 003  ")
    assert page_noise("---------------1A2B3C  271458Z /38")


def test_text_that_mentions_a_page_is_not_noise():
    assert not page_noise("SEE PAGE TWO OF THE REPORT FOR DETAILS")
    assert not page_noise("1. (C) Ambassador met the minister.")
    assert not page_noise("")


def test_page_breaks_are_emptied_inside_a_chunk_with_their_line_ends_kept():
    chunk = "first\nPAGE 02 HARARE 05461 01 OF 02 271458Z\nsecond\n"
    assert without_page_noise(chunk) == "first\n\nsecond\n"
    assert without_page_noise("PAGE 03 X 1\nrest") == "\nrest"


def test_clean_makes_text_single_spaced():
    assert clean("  a\tb \n\n c  ") == "a b c"
    assert clean("") == ""


def test_clean_of_a_long_text_cuts_no_word():
    words = [f"w{i}" for i in range(40_000)]
    text = "   ".join(words) + "\n"
    assert len(text) > 1 << 16
    assert clean(text) == " ".join(words)
