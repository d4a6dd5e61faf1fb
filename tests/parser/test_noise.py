"""reader.parser.noise: page-break lines and blanks."""

from __future__ import annotations

from reader.parser.noise import clean, page_noise, without_line_signs, without_page_noise


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


def test_the_text_run_on_after_a_page_head_is_kept():
    # 02VATICAN819, 00HARARE5461, 02ROME1196: a printed telegram's page head, and the
    # paragraph going on after it on the same line
    chunk = (
        "1. POPE JOHN PAUL II HAS ORDERED THE PARTIAL OPENING OF THE\n"
        "PAGE 02 VATICA 00819 190632Z ARCHIVE FROM THE APOSTOLIC NUNCIATURE\n"
        "IN MUNICH\n"
    )
    assert clean(without_page_noise(chunk)) == (
        "1. POPE JOHN PAUL II HAS ORDERED THE PARTIAL OPENING OF THE "
        "ARCHIVE FROM THE APOSTOLIC NUNCIATURE IN MUNICH"
    )
    run_on = "SAID, IS  CONFIDENTIAL\nPAGE 02 HARARE 05461 02 OF 02 271459Z CONVINCING ZANU-PF"
    assert clean(without_page_noise(run_on)) == "SAID, IS CONVINCING ZANU-PF"
    spaced = "WE  CONFIDENTIAL\nPAGE 04        ROME  01196  01 OF 02  082030Z EMPHASIZED THAT"
    assert clean(without_page_noise(spaced)) == "WE EMPHASIZED THAT"


def test_running_heads_and_feet_around_a_page_break_go_with_it():
    # 90CAPETOWN97, 02ROME1196: the page's foot and the next page's head, each a line of
    # the classification alone (with the printer's sequence number)
    chunk = (
        "THE RETURN OF POLITICAL EXILES TO SOUTH AFRICA, AND THE\nCONFIDENTIAL \n \n"
        "CONFIDENTIAL \n \nPAGE 02        CAPE T  00097  01 OF 03  182017Z \n \n"
        "RELEASE OF SEVERAL POLITICAL PRISONERS\n"
    )
    assert clean(without_page_noise(chunk)) == (
        "THE RETURN OF POLITICAL EXILES TO SOUTH AFRICA, AND THE "
        "RELEASE OF SEVERAL POLITICAL PRISONERS"
    )
    section = (
        "FOLLOW THE LINE\n CONFIDENTIAL\n CONFIDENTIAL PTQ7827\n"
        "PAGE 01 ROME 01196 02 OF 02 082031Z ACTION EUR-00\nNEXT"
    )
    assert clean(without_page_noise(section)) == "FOLLOW THE LINE NEXT"


def test_a_classification_word_in_running_text_stays():
    # no page break in the chunk: nothing is taken out
    chunk = "THE REPORT WAS MARKED\nCONFIDENTIAL\nAND SENT ON"
    assert without_page_noise(chunk) == chunk
    # a page head with a ruled line of routing after it goes whole, as before
    routing = "a\nPAGE 02 RUEHFRA2440 C O N F I D E N T I A L PARIS 002440\nb"
    assert without_page_noise(routing) == "a\n\nb"


def test_the_paragraph_signs_a_page_puts_before_a_lines_number_go():
    # "on November\n¶28. Ramaer said" (03THEHAGUE2983 as a WikiLeaks page): the plain text's
    # "on November\n28. Ramaer said"; a sign inside a line is the text's own
    assert without_line_signs("on November\n¶28. Ramaer\n  ¶A. list") == (
        "on November\n28. Ramaer\n  A. list"
    )
    assert without_line_signs("see ¶3 above") == "see ¶3 above"
