"""reader.parser.blocks: where the preamble's blocks go on and stop, and what a line is."""

from __future__ import annotations

from reader.parser import blocks as b
from reader.parser.lines import Line, LineMaker, LineQueue


def _queue(text: str) -> LineQueue:
    return LineQueue(LineMaker(text), len(text))


def _line(text: str) -> Line:
    return _queue(text).first()


def _left(queue: LineQueue) -> list[str]:
    out = []
    while queue:
        out.append(queue.popleft().text)
    return out


def _texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


def _subject_rest(text: str) -> tuple[list[str], LineQueue]:
    """The lines a SUBJECT (the first line of ``text``) goes on to, and the queue after."""
    queue = _queue(text)
    first = queue.popleft()
    return _texts(b.subject_continuation(queue, first)), queue


def test_a_line_is_cut_where_another_element_starts():
    assert _texts(b.split_anchors(_line("TAGS: PREL PGOV SUBJECT: A TALK"))) == [
        "TAGS: PREL PGOV",
        "SUBJECT: A TALK",
    ]
    assert _texts(b.split_anchors(_line("E.O. 12958: N/A"))) == ["E.O. 12958: N/A"]


def test_a_subject_is_cut_only_at_a_ref_or_classified_by():
    line = _line("SUBJECT: THE REF POINT REF: STATE 1234")
    assert _texts(b.split_anchors(line)) == ["SUBJECT: THE REF POINT", "REF: STATE 1234"]


def test_paragraph_one_run_into_a_header_line_is_cut_off():
    text = "REASON: 1.4 (b), (d) 1. (C) In the absence"
    assert b.body_run_in(text) == text.index("1. (C)")
    assert _texts(b.split_anchors(_line(text))) == ["REASON: 1.4 (b), (d)", "1. (C) In the absence"]
    assert b.body_run_in("REASONS 1.4 (B) AND (D)") is None  # no paragraph 1 in it
    assert b.body_run_in("11. (C) text") is None  # a line start, not a run-in


def test_a_subject_goes_on_to_the_blank_line():
    rest, queue = _subject_rest("SUBJECT: TALKS ON\nTHE BUDGET\n\n1. (C) Body.\n")
    assert rest == ["THE BUDGET"]
    assert _left(queue) == ["", "1. (C) Body."]


def test_a_subject_head_alone_takes_the_next_line_with_text():
    rest, queue = _subject_rest("SUBJECT:\n\nTHE BUDGET\n1. Body\n")
    assert rest == ["THE BUDGET"]
    assert _left(queue) == ["1. Body"]


def test_a_ref_block_goes_on_over_a_blank_line_to_its_next_entry():
    queue = _queue("REF: A. STATE 12\n\nB. ROME 34\n\n1. (C) Body\n")
    first = queue.popleft()
    assert _texts(b.ref_continuation(queue, first)) == ["B. ROME 34"]
    assert _left(queue) == ["", "1. (C) Body"]


def test_tags_go_on_over_short_code_lines_only():
    assert b.continues_tags(_line("PGOV ECON"))
    assert not b.continues_tags(_line("BAKU 00000478"))  # a serial
    assert not b.continues_tags(_line("SUBJECT: X"))
    assert not b.continues_tags(Line(1, 0, 0, ""))  # a blank line
    # codes in lower case go on a line that ends with a comma (a copy put in lower case)
    assert b.continues_tags(_line("etra, mnuc, marr, ch"), "Tags: prel, parm, econ, ")
    assert not b.continues_tags(_line("etra, mnuc, marr, ch"), "Tags: prel, parm, econ")
    assert not b.continues_tags(_line("Subject: codel visit"), "Tags: prel, parm,")


def test_a_classified_by_block_ends_at_a_blank_line():
    queue = _queue("Classified By: Amb. X\nReasons 1.4 (b)\n\n1. Body\n")
    queue.popleft()
    assert _texts(b.block_until_blank(queue)) == ["Reasons 1.4 (b)"]
    assert _left(queue) == ["", "1. Body"]


def test_what_a_line_is():
    assert b.is_preamble_start("SUBJECT: X")
    assert b.is_preamble_start("E.O. 12958: N/A")
    assert not b.is_preamble_start("SUBJECTS OF THE KING")
    assert b.looks_like_prose("The ambassador met the minister of foreign affairs on Tuesday")
    assert not b.looks_like_prose("SHORT text")
    assert not b.looks_like_prose("X" * 70)
    assert b.marked_text("(C) Poloff met")
    assert not b.marked_text("(C)")
    assert not b.marked_text("(hello) there")
    assert b.is_header_element("FM AMEMBASSY X")
    assert b.is_header_element("VZCZCXRO1")
    assert not b.is_header_element("FROM X")
    assert not b.is_header_element("  ")


def test_what_lies_ahead_in_the_queue():
    assert b.header_follows(_queue("x\nFM AMEMBASSY PRAGUE\n"))
    assert b.header_follows(_queue("x\nP 071501Z MAY 08\n"))
    assert not b.header_follows(_queue("x\nnothing\n"))
    assert b.preamble_ahead(_queue("x\nE.O. 12958: N/A\n"))
    assert not b.preamble_ahead(_queue("x\n1. Body\nSUBJECT: X\n"))  # the body comes first


def test_what_stops_a_block():
    assert b.stops_block("1. (C) Body")
    assert b.stops_block("SUMMARY: x")
    assert b.stops_block("TAGS: PREL")
    assert not b.stops_block("THE BUDGET")


def test_the_body_run_into_a_ref_line_is_cut_off():
    unmarked = "REF: SECSTATE 165115 1. Post grants country clearance for the visit of two"
    assert b.ref_body_run_in(unmarked) == unmarked.index("1. Post")
    marked = "REF: STATE 57598 (SBU) On June 10, Poloff urged the official to support a"
    assert b.ref_body_run_in(marked) == marked.index("(SBU)")
    paged = "REF: 08 STATE 74840 TRIPOLI 00000268 001.2 OF 003 1.The following responses are"
    assert b.ref_body_run_in(paged) == paged.index("1.The")
    assert _texts(b.split_anchors(_line(marked))) == [
        "REF: STATE 57598",
        "(SBU) On June 10, Poloff urged the official to support a",
    ]
    # entries, not prose: nothing is cut
    assert b.ref_body_run_in("REF: A. STATE 1234 (C) ROME 567 (D) PARIS 89") is None
    assert b.ref_body_run_in("REF: A. STATE 1234 B. ROME 1. THE FOLLOWING") is None
    assert b.ref_body_run_in("REF: STATE 1234 (XYZ) On June 10, we met the official at") is None


def test_a_ref_block_ends_where_its_own_line_was_cut_off():
    queue = _queue("REF: STATE 57598 (SBU) On June 10, Poloff urged the official to support\n")
    parts = b.split_anchors(queue.popleft())
    queue.push_front(parts[1:])
    assert b.ref_continuation(queue, parts[0]) == []
    assert _left(queue) == ["(SBU) On June 10, Poloff urged the official to support"]


def test_a_ref_block_goes_on_over_a_page_header_with_entries_after_it():
    text = (
        "REF: A. STATE 40721\n CONFIDENTIAL\n"
        "PAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098  C. ROME 894\n"
        "CLASSIFIED BY: POL MINCOUNS, REASONS 1.5 (B) AND (D).\n"
    )
    queue = _queue(text)
    first = queue.popleft()
    assert _texts(b.ref_continuation(queue, first))[-1].endswith("B. ROME 1098  C. ROME 894")
    # a page header alone is still left out
    queue = _queue("REF: A. STATE 40721\nPAGE 02 ROME 01196 01 OF 02 082030Z\nB. ROME 1098\n")
    first = queue.popleft()
    assert _texts(b.ref_continuation(queue, first)) == ["B. ROME 1098"]


def test_a_subject_stops_where_the_cable_starts_over():
    rest, queue = _subject_rest(
        "SUBJECT: BALOCH REQUEST\nTO IRELAND\nFriday, 18 December 2009, 11:04\n"
        "S E C R E T SECTION 01 OF 02 ISLAMABAD 003037\n"
    )
    assert rest == ["TO IRELAND"]
    rest, queue = _subject_rest(
        "SUBJECT: RUSSIAN SCIEN...\nC O N F I D E N T I A L MOSCOW 001704 SIPDIS\n"
    )
    assert rest == []
    # a subject's own words that read like a banner word go on
    rest, queue = _subject_rest("SUBJECT: TALKS ON\nSECRET PRISONS IN EUROPE\n\n1. Body\n")
    assert rest == ["SECRET PRISONS IN EUROPE"]


def test_a_subject_stops_at_the_index_of_a_press_summary():
    # 06TOKYO1363: "SUBJECT: DAILY SUMMARY OF JAPANESE PRESS 03/15/06" over "INDEX:" and its
    # numbered items, which are the body, not 1,500 characters of subject
    rest, queue = _subject_rest(
        "SUBJECT:  DAILY SUMMARY OF JAPANESE PRESS 03/15/06\n  INDEX:\n(1) Poll on the cabinet\n"
    )
    assert rest == []
    assert _left(queue) == ["  INDEX:", "(1) Poll on the cabinet"]
    # a subject that says "index" in its words goes on
    rest, queue = _subject_rest("SUBJECT: THE PRICE\nINDEX: A NEW MEASURE\n\n1. Body\n")
    assert rest == ["INDEX: A NEW MEASURE"]


def test_a_short_line_of_a_sentence_opens_prose_and_a_heading_does_not() -> None:
    assert b.opens_prose("Post has no nominations.")
    assert b.opens_prose("On July 18 and 21, 2005, Econoff communicated with Vice")
    assert b.opens_prose("On August 8, Montserrat Vargas Solorzano, Director of the")
    assert not b.opens_prose("NSC FOR SENIOR AFRICA DIRECTOR")  # an addressing line
    assert not b.opens_prose("Strong Jewish Community")  # a heading: three words
    assert not b.opens_prose("DEPT FOR WHA/CEN AND EB/TRA")
    assert not b.opens_prose("     B. SAN JOSE 1399")


# The body of a cable with neither numbered nor marked paragraphs, in short lines: the
# preamble took every line of it as an addressing note or heading, and the cable had no
# paragraphs and no signer (05SANJOSE1671, 06REYKJAVIK89, 10THEHAGUE117: 32 files).


def _paragraphs(text: str) -> list[tuple[int | None, str | None, str]]:
    from reader.parser.parse import parse_cable

    cable = parse_cable(text)
    return [(p.number, p.marking and p.marking.text, p.text) for p in cable.paragraphs]


def test_an_unnumbered_body_of_short_lines_after_the_subject_is_the_body() -> None:
    from reader.parser.parse import parse_cable

    text = (
        "UNCLAS STATE 001671\n\nE.O. 12958: N/A\nTAGS: AORC CS\nSUBJECT: A SUBJECT\n\n"
        "REF: STATE 132219\n\nOn July 18 the Econoff met the Vice\nMinister, who said so.\n"
        "KAPLAN\n"
    )
    assert _paragraphs(text) == [
        (None, None, "On July 18 the Econoff met the Vice Minister, who said so.")
    ]
    assert parse_cable(text).signers == ("KAPLAN",)
    # an addressing line after the subject is still none
    noted = text.replace("REF: STATE 132219\n\n", "REF: STATE 132219\n\nDEPT FOR WHA/CEN\n\n")
    assert _paragraphs(noted) == _paragraphs(text)


def test_a_marked_paragraph_right_after_a_classified_by_or_ref_line_is_the_body() -> None:
    classified = (
        "CONFIDENTIAL STATE 001671\n\nSUBJECT: A SUBJECT\n\n"
        "Classified By: PolCouns A. Name for Reasons 1.4 (B, D)\n"
        "(C) On June 12 PolCouns met with the Joint Secretary.\nMULFORD\n"
    )
    assert _paragraphs(classified) == [
        (None, "C", "On June 12 PolCouns met with the Joint Secretary.")
    ]
    wrapped = classified.replace("(B, D)\n(C) On June", "\n(C) and (D)\n\n(C) On June")
    assert _paragraphs(wrapped) == _paragraphs(classified)  # "(C) and (D)": the reasons
    referred = (
        "UNCLAS STATE 001671\nSUBJECT: A SUBJECT\nREF: STATE 40380\n"
        " (SBU) Poloff delivered reftel demarche and nonpaper to them.\nKEITH\n"
    )
    assert _paragraphs(referred) == [
        (None, "SBU", "Poloff delivered reftel demarche and nonpaper to them.")
    ]


def test_the_body_run_on_into_a_later_ref_entry_is_the_body() -> None:
    # 08MANAMA305: "    C. STATE 45792 (SBU) Post has undertaken the following actions ..."
    from reader.parser.parse import parse_cable

    text = (
        "UNCLAS STATE 000305\nSUBJECT: A SUBJECT\n\nREF: A. STATE 51536\n\n     B. STATE 46997\n"
        "    C. STATE 45792 (SBU) Post has undertaken the following actions for the day.\n"
    )
    cable = parse_cable(text, source=None)
    assert [r.text for r in cable.references] == ["STATE 51536", "STATE 46997", "STATE 45792"]
    undertaken = "Post has undertaken the following actions for the day."
    assert _paragraphs(text) == [(None, "SBU", undertaken)]


def test_the_body_run_on_after_a_rule_in_a_ref_entry_is_the_body() -> None:
    # 09TRIPOLI279: "     B. STATE 32599 ________ (SBU) Post delivered reftel demarches ..."
    line = "     B. STATE 32599 ________________ (SBU) Post delivered reftel demarches to them."
    assert b.ref_body_run_in(line) == line.index("(SBU)")
    text = (
        "UNCLAS TRIPOLI 000279\nSUBJECT: A SUBJECT\n\nREF: A. STATE 33031\n"
        f"{line}\nCRETZ\n"
    )
    from reader.parser.parse import parse_cable

    cable = parse_cable(text, source=None)
    assert [r.text for r in cable.references] == ["STATE 33031", "STATE 32599"]
    assert _paragraphs(text) == [(None, "SBU", "Post delivered reftel demarches to them.")]
    assert list(cable.signers) == ["CRETZ"]


def test_an_unmarked_body_run_on_into_the_reasons_is_the_body() -> None:
    # 09TRIPOLI394: "REASON: 1.4 (b), (d) (S) Ambassador telephoned ...", 09CAIRO1739: one line
    reason = "REASON: 1.4 (b), (d) (S) Ambassador telephoned the minister and delivered points."
    assert b.reasons_body_run_in(reason) == reason.index("(S)")
    one = "Classified By: Counselor A. Blome for reason 1.4(d) (C) We delivered reftel points."
    assert b.reasons_body_run_in(one) == one.index("(C) We")
    assert _texts(b.split_anchors(_line(one))) == [
        "Classified By: Counselor A. Blome for reason 1.4(d)",
        "(C) We delivered reftel points.",
    ]
    # 08LONDON1922: "reasons 1. 4 (b) and (d)  (C) HMG is aware that Iran ..."
    hmg = "for reasons 1. 4 (b) and (d)  (C) HMG is aware that Iran could soon begin to look"
    assert b.reasons_body_run_in(hmg) == hmg.index("(C)")
    # reasons, not a body: a lower-case "(c)", upper-case words, no reason before it
    assert b.reasons_body_run_in("REASONS 1.4 (b) (c) Ambassador telephoned the minister") is None
    assert b.reasons_body_run_in("REASONS 1.4 (B) (D) AND (C) FOR THE RECORD") is None
    assert b.reasons_body_run_in("Classified By: John Smith (C) Ambassador met the man") is None
    text = (
        "SECRET TRIPOLI 000394\nSUBJECT: A SUBJECT\n\nREF: STATE 50262\n\n"
        "CLASSIFIED BY: Gene A. Cretz, Ambassador, Embassy Tripoli,\nDepartment of State.\n"
        f"{reason} CRETZ\n"
    )
    from reader.parser.parse import parse_cable

    cable = parse_cable(text, source=None)
    assert cable.classified_by is not None
    assert cable.classified_by.reasons == ("1.4(b)", "1.4(d)")
    assert cable.classified_by.text.endswith("REASON: 1.4 (b), (d)")
    assert _paragraphs(text) == [
        (None, "S", "Ambassador telephoned the minister and delivered points.")
    ]
    assert list(cable.signers) == ["CRETZ"]


def test_reasons_after_a_blank_line_belong_to_the_classified_by_block() -> None:
    # 08LONDON2159: "Classified By: ... Mills, Jr. for reasons", a blank line, "1.4 (b) and (d)."
    from reader.parser.parse import parse_cable

    text = (
        "CONFIDENTIAL LONDON 002159\nSUBJECT: A SUBJECT\n\n"
        "Classified By: Political Counselor Richard M. Mills, Jr. for reasons\n\n"
        "1.4 (b) and (d).\n\n1. (C/NF) FM Miliband will travel to Kyiv.\nLEBARON\n"
    )
    cable = parse_cable(text)
    assert cable.classified_by is not None
    assert cable.classified_by.reasons == ("1.4(b)", "1.4(d)")
    assert _paragraphs(text) == [(1, "C//NF", "FM Miliband will travel to Kyiv.")]
    # 09TRIPOLI198: "REASON: 1.4 (b), (d)" after a blank line; 08BERLIN1690: "REASONS:" alone,
    # a blank line, then the reasons
    for reason in ("REASON: 1.4 (b), (d)", "REASONS:\n\n1.4 (b) and (d)."):
        apart = text.replace("for reasons\n\n1.4 (b) and (d).", f"U.S. Dept of State.\n\n{reason}")
        assert parse_cable(apart).classified_by.reasons == ("1.4(b)", "1.4(d)"), reason  # type: ignore[union-attr]
    # a block with its reasons, or a paragraph after the blank line: nothing more is taken
    done = text.replace("for reasons\n\n1.4", "for reasons 1.4 (c)\n\n1.4")
    assert parse_cable(done).classified_by.reasons == ("1.4(c)",)  # type: ignore[union-attr]


def test_the_eo_a_classified_by_gives_its_reasons_under_is_no_element():
    # "Classified By: DCM Hugo Llorens for E.O. 12958 reasons 1.4(d),(e)" (08MADRID707): one
    # line, its reasons with it; an E.O. line goes on with a colon or DECL, and is cut off
    for line in (
        "Classified By: DCM Hugo Llorens for E.O. 12958 reasons 1.4(d),(e)",
        "Classified by DCM Robert Deutsch, E. O. 12958, reasons 1.5 (b) and (d).",
        "Classified by CDA Robert Deutsch; reasons: E.O. 12958 1.4 (a,b,c,d).",
        "Classified By: Amb. John R. Bolton. E.O. 12958. Reasons 1.4 (b/d)",
        "Classified By: Polcounselor John Kunstadter; reasons: E.O. 12958 1.",
    ):
        assert _texts(b.split_anchors(_line(line))) == [line]
    assert _texts(b.split_anchors(_line("TAGS: PREL E.O. 12958: DECL: 1/1/2015"))) == [
        "TAGS: PREL",
        "E.O. 12958: DECL: 1/1/2015",
    ]


def test_a_classified_by_goes_on_over_a_blank_line_to_its_reasons_under_the_eo():
    # "... ARNOLD VELA. REASON:", a blank line, "E.O. 12958, 1.4(D)" (05SAOPAULO1158)
    queue = _queue("Classified By: ARNOLD VELA. REASON:\n\nE.O. 12958, 1.4(D)\n\n1. (C) Body.\n")
    first = queue.popleft()
    assert _texts(b.block_until_blank(queue, first)) == ["E.O. 12958, 1.4(D)"]
    assert not b.is_preamble_start("E.O. 12958, 1.4(D)")
    assert b.is_preamble_start("E.O. 12958: DECL: 10/12/2015")
