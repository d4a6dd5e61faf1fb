"""reader.parser.paragraphs: the body's numbered paragraphs and its signers, from the text."""

from __future__ import annotations

from reader.parser.paragraphs import (
    body_end_and_signers,
    classified_by_in_body,
    last_line,
    read_paragraphs,
    unknown_markings,
)


def _numbers_and_texts(text: str, begin: int = 0, end: int | None = None) -> list[tuple]:
    found = read_paragraphs(text, begin, len(text) if end is None else end, False)
    return [(p.number, p.text) for p in found]


def test_last_line_skips_blank_lines_and_stays_inside_the_body():
    text = "HEAD\nbody line \\\n\n  \n"
    # the end is past the trailing "\\"; the text is without it
    assert last_line(text, 5, len(text)) == (5, 16, "body line")
    assert last_line(text, 16, len(text)) is None  # nothing but blanks after the body's start


def test_the_signer_on_the_last_line_ends_the_body():
    text = "SUBJECT: X\n\n1. (C) First para.\n2. (U) Second\nline.\n\nRICE\n"
    end, signers, line = body_end_and_signers(text, 12, len(text))
    assert signers == ["RICE"]
    assert line == 7
    assert text[:end].endswith("line.\n\n")


def test_two_signers_on_lines_of_their_own_are_both_taken():
    text = "Body text here.\n\nHELLING\nMCMULLEN\n"
    end, signers, line = body_end_and_signers(text, 0, len(text))
    assert signers == ["HELLING", "MCMULLEN"]
    assert end == text.index("HELLING")
    assert line == 4  # the line of the last signer


def test_end_junk_below_the_signer_is_walked_over():
    text = "Body text.\nRICE\nNNNN\nBT\n"
    assert body_end_and_signers(text, 0, len(text)) == (11, ["RICE"], 2)


def test_a_body_without_signature_ends_at_its_last_text_and_has_no_signer_line():
    text = "1. The talks went on into the night, and nobody signed anything.\n\n"
    end, signers, line = body_end_and_signers(text, 0, len(text))
    assert (signers, line) == ([], None)
    assert end == len(text.rstrip())


def test_numbered_paragraphs_carry_their_marking_line_and_offsets():
    text = "SUBJECT: X\n\n1. (C) First para.\n2. (U) Second\nline.\n"
    first, second = read_paragraphs(text, 12, len(text), False)
    assert (first.number, first.marking.level, first.text, first.line) == (
        1,
        "C",
        "First para.",
        3,
    )
    assert text[first.marking_start : first.marking_end] == "(C)"
    assert (second.number, second.text, second.line) == (2, "Second line.", 4)
    assert text[second.start : second.end] == "2. (U) Second\nline."


def test_a_list_out_of_sequence_stays_inside_its_paragraph():
    assert _numbers_and_texts("1. Alpha\n3. Not a para\n2. Beta\n") == [
        (1, "Alpha 3. Not a para"),
        (2, "Beta"),
    ]


def test_marked_paragraphs_run_into_one_line_are_split():
    text = "intro\n1. (C) One text. 2. (S) Two text.\n"
    assert _numbers_and_texts(text, 6) == [(1, "One text."), (2, "Two text.")]


def test_a_number_ending_a_line_and_a_marking_opening_the_next_are_one_paragraph():
    # a text whose words are spaced from their stops: "HEADING ---- ¶1 ." then "( C ) Text"
    text = (
        "intro\nSUMMARY ------- \u00b61 . \n( C ) One text .\n"
        "HEADING ---- \u00b62 . \n( S ) Two .\n"
    )
    found = read_paragraphs(text, 0, len(text), False)
    assert [(p.number, p.marking and p.marking.text, p.text) for p in found] == [
        (None, None, "intro SUMMARY -------"),
        (1, "C", "One text . HEADING ----"),
        (2, "S", "Two ."),
    ]
    # a paragraph's number at the end of the line before a blank line: "... End Comment. 10."
    text = "1. (C) One. End Comment. 2.\n\n(U) Two.\n"
    assert _numbers_and_texts(text) == [(1, "One. End Comment."), (2, "Two.")]


def test_a_number_in_a_sentence_is_no_paragraph():
    text = "1. (C) As said in para 3 (C) above, nothing.\n"
    assert _numbers_and_texts(text) == [(1, "As said in para 3 (C) above, nothing.")]


def test_a_day_ending_a_sentence_on_the_next_line_opens_no_paragraph():
    # "... on November\n28. Ramaer said" (03THEHAGUE2983), "... March\n16.  Hannigan"
    text = "Met the Director on November\n28. He said no.\n"
    assert _numbers_and_texts(text) == [(None, "Met the Director on November 28. He said no.")]
    # a paragraph 1 under any line, and a later number under a line that ends a sentence,
    # still open paragraphs
    assert [n for n, _ in _numbers_and_texts("Lead in\n1. First.\n2. Second.\n", 8)] == [1, 2]
    assert _numbers_and_texts("As said.\n3. Third.\n") == [(None, "As said."), (3, "Third.")]


def test_the_text_above_the_first_numbered_paragraph_is_kept_unnumbered():
    # marked paragraphs there: "(S/NF) KEY POINTS ..." above "1. (C) ..." (09DOHA214)
    text = "(S/NF) KEY POINTS\n-- One point.\n\n1. (C) First.\n2. (C) Second.\n"
    found = read_paragraphs(text, 0, len(text), False)
    assert [(p.number, p.marking and p.marking.text, p.text) for p in found] == [
        (None, "S//NF", "KEY POINTS -- One point."), (1, "C", "First."), (2, "C", "Second."),
    ]  # fmt: skip
    # unmarked text there is one unnumbered paragraph ("Sensitive but unclassified. ...",
    # "SUMMARY: ..." above "2."), a heading alone too ("SUMMARY -------" above "1. (C)":
    # 08BEIJING661), unless it is a header line the preamble left to the body (a Classified
    # By misspelt, "Declassify on: ...", an E.O. line)
    note = "Sensitive but unclassified. Handle accordingly.\n\n1. (U) First.\n"
    assert _numbers_and_texts(note) == [
        (None, "Sensitive but unclassified. Handle accordingly."), (1, "First."),
    ]  # fmt: skip
    for heading, kept in (
        ("SUMMARY\n-------", "SUMMARY -------"),
        ("Summary:", "Summary:"),
        ("Summary \\\n------- \\\n \\", "Summary -------"),  # (a CSV dump's backslashes)
    ):
        text = f"{heading}\n\n1. (C) First.\n"
        assert _numbers_and_texts(text) == [(None, kept), (1, "First.")], heading
    for lead in ("Classfied By: Charge A. Person, reasons 1.4 (b)",
                 "Declassify on: Source marked 25X1-human, Date of source: June 18, 2009",
                 "E.O. 12958 reasons 1.4(d),(e)", "-------"):
        assert _numbers_and_texts(f"{lead}\n\n1. (C) First.\n") == [(1, "First.")], lead


def test_a_body_without_numbers_is_one_unnumbered_paragraph():
    text = "HEAD\n\n  Plain body text\n  on two lines.  \n"
    (only,) = read_paragraphs(text, 5, len(text), False)
    assert (only.number, only.text, only.line) == (None, "Plain body text on two lines.", 3)
    assert text[only.start : only.end] == "Plain body text\n  on two lines."


def test_page_breaks_and_doubled_quotes_are_taken_out_of_paragraph_text():
    text = '1. He said ""no"".\nPAGE 02 HARARE 05461 01 OF 02 271458Z\nThen left.\n'
    (only,) = read_paragraphs(text, 0, len(text), True)
    assert only.text == 'He said "no". Then left.'
    (kept,) = read_paragraphs(text, 0, len(text), False)
    assert kept.text == 'He said ""no"". Then left.'


def test_classified_by_inside_paragraph_one_of_an_older_cable():
    text = "1. (C) CLASSIFIED BY AMBASSADOR JONES. REASONS: 1.5 (B) AND (D).\n2. (C) Text.\n"
    found, line = classified_by_in_body(read_paragraphs(text, 0, len(text), False))
    assert found is not None and line == 1
    assert (found.names, found.reasons) == (("JONES",), ("1.5(b)", "1.5(d)"))


def test_classified_by_is_looked_for_in_the_first_two_paragraphs_only():
    text = "1. (C) Text.\n2. More.\n3. Classified by X.\n"
    assert classified_by_in_body(read_paragraphs(text, 0, len(text), False)) == (None, None)


def test_an_upper_case_mark_that_is_no_portion_marking_is_reported():
    text = "1. (XYZ) text one.\n2. (C) text two.\n3. (abc) three.\n4. Plain.\n"
    found = unknown_markings(text, read_paragraphs(text, 0, len(text), False))
    assert [(p.number, mark) for p, mark in found] == [(1, "(XYZ)")]


def test_a_copy_of_the_routing_header_after_the_signature_gives_no_signer():
    # 08PARIS988, 04TRIPOLI31: the header again after the signer, its last address taken for one
    text = (
        "SUBJECT: X\n\n1. (C) Text of the cable.\n\nSTAPLETON\n\nVZCZCXRO2010\nOO RUEHAG RUEHBC\n"
        "DE RUEHFR #0988/01 1441337\nZNY CCCCC ZZH\nO 231337Z MAY 08\nFM AMEMBASSY PARIS\n"
        "TO RUEHC/SECSTATE WASHDC IMMEDIATE 3125\nRUEHNO/USMISSION USNATO PRIORITY 3870\n"
    )
    end, signers, line = body_end_and_signers(text, 12, len(text))
    assert (signers, line) == (["STAPLETON"], 5)
    assert text[:end].rstrip().endswith("cable.")
    # a quoted header with prose after it is the body's
    quoted = text + "The header above was sent in error, and is quoted here.\nSTAPLETON\n"
    assert body_end_and_signers(quoted, 12, len(quoted))[1] == ["STAPLETON"]
    assert "VZCZC" in quoted[: body_end_and_signers(quoted, 12, len(quoted))[0]]
    capitals = text + "THE EMBASSY SENT IT IN ERROR.\nSTAPLETON\n"  # an old cable's capitals
    assert "VZCZC" in capitals[: body_end_and_signers(capitals, 12, len(capitals))[0]]


def test_a_quoted_list_whose_numbers_reach_the_paragraphs_own_stays_in_it():
    # "9. (SBU) ... Outcomes" then a quoted document's "1." ... "8.", "9.", "10." (09BEIJING1582)
    items = "".join(f"{n}. Item {n}.\n" for n in range(1, 12))
    text = f"8. (SBU) Eight.\n9. (SBU) The outcomes:\n{items}10. (C) Ten.\n"
    assert [(n, t[:9]) for n, t in _numbers_and_texts(text)] == [
        (8, "Eight."), (9, "The outco"), (10, "Ten."),
    ]  # fmt: skip
    assert _numbers_and_texts(text)[1][1].endswith("9. Item 9. 10. Item 10. 11. Item 11.")
    # unmarked paragraphs: a number said twice is still two paragraphs, the cable's own
    # next number still one
    text = "2. Two:\n1. a\n2. b\n3. Three.\n4. Four.\n"
    assert [n for n, _ in _numbers_and_texts(text)] == [2, 2, 3, 4]
    # marked: the list's "3." is the list's, the cable's "4. (C)" the next paragraph
    text = "2. (C) Two:\n1. a\n2. b\n3. c\n4. (C) Four.\n"
    assert [n for n, _ in _numbers_and_texts(text)] == [2, 4]


def test_a_pages_paragraph_sign_where_no_paragraph_opens_is_no_text():
    # a WikiLeaks page marks every line that opens with a number: the day of a date wrapped
    # onto its line too ("October\n¶16. President Aznar": 06MADRID2632)
    text = "\u00b61. (C) Lunch on October\n\u00b616. Aznar spoke.\n\u00b62. (C) Two.\n"
    assert _numbers_and_texts(text) == [(1, "Lunch on October 16. Aznar spoke."), (2, "Two.")]
    text = "Met him on November\n\u00b628. He said no.\n"
    assert _numbers_and_texts(text) == [(None, "Met him on November 28. He said no.")]


def test_a_marking_a_line_end_cuts_is_read_over_the_two_lines():
    # a long list of countries the paragraph is released to, wrapped (08STATE79112)
    text = (
        "1. (S) First.\n\n2.  (S//REL AFGHANISTAN, KYRGYZSTAN, TAJIKISTAN, \n"
        "TURKMENISTAN, UZBEKISTAN):  Posts should encourage\nhost governments.\n\n"
        "3. (U) Third (with a remark\nover two lines).\n"
    )
    found = read_paragraphs(text, 0, len(text), False)
    marks = [(p.number, p.marking.text if p.marking else None) for p in found]
    assert marks == [
        (1, "S"),
        (2, "S//REL TO AFGHANISTAN, KYRGYZSTAN, TAJIKISTAN, TURKMENISTAN, UZBEKISTAN"),
        (3, "U"),
    ]
    second = found[1]
    assert text[second.marking_start : second.marking_end].endswith("UZBEKISTAN)")
    assert second.text.startswith(": Posts should encourage host governments.")
    # brackets of prose over two lines are no marking
    text = "1. (S) First.\n2. (as the minister\nsaid) no marking here.\n"
    found = read_paragraphs(text, 0, len(text), False)
    assert [(p.number, p.marking is None) for p in found] == [(1, False), (2, True)]
