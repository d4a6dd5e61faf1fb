"""reader.parser.summary: the summary a body gives, and the line it starts on."""

from __future__ import annotations

from reader.parser.paragraphs import read_paragraphs
from reader.parser.summary import end_summary, find_summary


def _summary(text: str, begin: int = 0, region: int | None = None):
    found = read_paragraphs(text, begin, len(text), False)
    return find_summary(text, found, begin, len(text), begin if region is None else region)


def test_end_summary_is_found_in_any_case_and_only_as_words():
    assert end_summary("abc END SUMMARY") == 4
    assert end_summary("the end summary") == 4
    assert end_summary("END OF SUMMARY.") == 0
    assert end_summary("WEEKEND SUMMARY") is None
    assert end_summary("no summary end") is None


def test_a_summary_paragraph_up_to_end_summary():
    text = "1. (C) SUMMARY: The minister agreed. END SUMMARY.\n2. (C) Details.\n"
    assert _summary(text) == ("The minister agreed.", 1)


def test_a_summary_over_several_paragraphs_stops_at_end_summary():
    text = "1. (C) Summary: First point.\n2. (C) Second point. End Summary.\n3. (C) Rest.\n"
    assert _summary(text) == ("First point. Second point.", 1)


def test_an_older_summary_before_paragraph_one():
    text = "SUMMARY: Old style summary here.\n\n1. Text.\n"
    assert _summary(text) == ("Old style summary here.", 1)


def test_a_heading_on_its_own_line_opens_the_paragraph_below():
    text = "HEAD\n------- SUMMARY -------\n1. (S) The gist. END SUMMARY.\n2. (S) More.\n"
    assert _summary(text, begin=5) == ("The gist.", 3)


def test_a_heading_kept_as_a_paragraph_above_paragraph_one_still_opens_the_one_below():
    # "Summary" then dashes, or "SUMMARY:" alone, above "1. (C)" (06LISBON1921, 08KABUL1975):
    # the heading is a paragraph of its own, unnumbered; the summary is what it heads
    for heading in ("Summary\n-------", "SUMMARY:", "Summary \\\n------- \\"):
        for end in ("", " END SUMMARY."):  # (without END SUMMARY: the paragraph it heads)
            text = f"HEAD\n{heading}\n\n1. (C) The gist\nwrapped.{end}\n2. (C) More.\n"
            assert _summary(text, begin=5)[0] == "The gist wrapped.", (heading, end)


def test_end_summary_alone_takes_the_paragraph_that_holds_it():
    text = "x\n1. (C) Talks went well.  End summary.\n2. More.\n"
    assert _summary(text) == ("Talks went well.", 2)


def test_no_summary_gives_nothing():
    assert _summary("1. Nothing here.\n") == (None, None)


def test_end_summary_after_this_cables_end_is_not_read():
    text = "1. (C) Talks went well.\n2. Other cable. End summary.\n"
    cut = text.index("2.")
    found = read_paragraphs(text, 0, cut, False)
    assert find_summary(text, found, 0, cut, 0) == (None, None)
