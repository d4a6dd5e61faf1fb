"""Tests for reader.parser.body: the first line of a numbered paragraph, the signers, SUMMARY.

Offsets are counted by hand in the line: in ``1. (C) text`` the marking runs from 3 to 6 and
the paragraph's own text starts at 6.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.parser.body import (
    END_SUMMARY_RE,
    SUMMARY_RE,
    ParagraphStart,
    find_signers,
    match_paragraph_start,
)


def _start(text: str) -> ParagraphStart:
    start = match_paragraph_start(text)
    assert start is not None, text
    return start


# --------------------------------------------------------------------------- paragraph starts


@pytest.mark.parametrize(
    ("text", "number", "marking", "span", "text_start"),
    [
        ("1. (C) Czech President", 1, "C", (3, 6), 6),
        # a marking releasing the paragraph to a long list of countries (08STATE98975)
        (
            "3. (S/REL BULGARIA, CZECH REPUBLIC, ITALY, POLAND, ROMANIA, SLOVAKIA, SLOVENIA,"
            " SPAIN) Washington requests",
            3,
            "S//REL TO BULGARIA, CZECH REPUBLIC, ITALY, POLAND, ROMANIA, SLOVAKIA, SLOVENIA, SPAIN",
            (3, 86),
            86,
        ),
        ("  2. (S//NF) The UAE", 2, "S//NF", (5, 12), 12),
        ("7.  (SBU) Admiral", 7, "SBU", (4, 9), 9),
        ("12) (S) text", 12, "S", (4, 7), 7),
        ("1.(C) no space after the point", 1, "C", (2, 5), 5),
        ("¶1. (C) text", 1, "C", (4, 7), 7),
        ("&para;3. (U) text", 3, "U", (9, 12), 12),
        # the seed's mangled paragraph sign: "- 11." is paragraph 1, "- 13." paragraph 3
        ("- 11. (C) Czech", 1, "C", (6, 9), 9),
        ("- 13. (C) Klaus", 3, "C", (6, 9), 9),
    ],
)
def test_marked_paragraph(
    text: str, number: int, marking: str, span: tuple[int, int], text_start: int
) -> None:
    start = _start(text)
    assert start.number == number
    assert start.marking is not None and start.marking.text == marking
    assert (start.marking_start, start.marking_end) == span
    assert text[span[0] : span[1]].startswith("(")
    assert start.text_start == text_start


def test_unmarked_paragraphs() -> None:
    assert _start("4) Foreign Minister") == ParagraphStart(4, None, None, None, 3)
    # a redacted paragraph glued to its number
    assert _start("3.XXXXXXXXXXXX said") == ParagraphStart(3, None, None, None, 2)
    # a lower-case reason list is not a portion marking
    assert _start("3. (b,d) text") == ParagraphStart(3, None, None, None, 3)


def test_level_written_out_for_the_entire_text() -> None:
    start = _start("1. SECRET - ENTIRE TEXT.")
    assert start.marking is not None
    assert (start.marking.level, start.marking.controls) == ("S", ("ENTIRE TEXT",))
    assert (start.marking_start, start.marking_end, start.text_start) == (3, 23, 23)
    lou = _start("1. LIMITED OFFICIAL USE ENTIRE TEXT")
    assert lou.marking is not None
    assert (lou.marking.text, lou.marking.level, lou.marking.cui) == ("LOU", "U", True)


@pytest.mark.parametrize(
    "text",
    [
        "Hello",
        "",
        "1.5 million dollars",  # a decimal
        "3.Next",  # a word alone after the number: a reference's number before a signer
        "2.Bradtke",  # ("... in paragraph" / "2.Bradtke": 09BERLIN992)
        "1.a. a list's letter",  # no capital
        "1.U.S. Dollars",  # a capital and no letter after it
        "4) ",  # nothing after a bracketed number
        "4) lower case after a bracket",
        "- 5. (C) a dash not before 1",
        "1000. four digits",
    ],
)
def test_not_a_paragraph_start(text: str) -> None:
    assert match_paragraph_start(text) is None


def test_a_paragraph_whose_blank_after_the_number_was_lost() -> None:
    """"1.Key Points: ...", "2.NSOI's interest ...": 92 files of text/ and body-with-html/
    (09CAIRO2210, 08KYIV768) had lost such paragraphs into the one before or the
    Classified By above them."""
    for text, at in (("1.Key Points: -- (C) Gamal said", 2), ("2.NSOI's interest resulted", 2)):
        start = match_paragraph_start(text)
        assert start is not None and start.number == int(text[0]) and start.text_start == at
    # 07BRATISLAVA648: the level written out in title case marks it
    start = match_paragraph_start("1.Secret - Entire Text.")
    assert start is not None and start.marking is not None
    assert (start.marking.level, start.marking.controls) == ("S", ("ENTIRE TEXT",))


def test_a_first_paragraph_without_its_blank_is_no_classified_by(shared_cables: Path) -> None:
    """09CAIRO2210: paragraph 1 ("1.Key Points: --(C) Gamal ...") ran on into the Classified
    By above it, which took its "(C)" for a reason 1.4(c)."""
    from reader.parser.containers import read_cables

    [cable] = read_cables(shared_cables / "text" / "2009" / "09CAIRO2210.txt")
    assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4, 5, 6]
    assert cable.paragraphs[0].text.startswith("Key Points:")
    assert cable.classified_by is not None
    assert cable.classified_by.reasons == ("1.4(b)", "1.4(d)")
    assert "Key Points" not in cable.classified_by.text


# --------------------------------------------------------------------------- signers


@pytest.mark.parametrize(
    ("line", "mixed", "expected"),
    [
        ("GRABER", False, (["GRABER"], 0)),
        ("  VAN VOORST", False, (["VAN VOORST"], 2)),  # one name of two words
        ("RICE / BOLTON", False, (["RICE", "BOLTON"], 0)),  # two signers
        ("GILLESPIE##", False, (["GILLESPIE"], 0)),  # trailing junk
        ("Clinton", False, (["Clinton"], 0)),
        ("de Gaulle", False, (["de Gaulle"], 0)),
        # the last sentence of a mixed-case body with the surname after it
        ("The meeting ended well. GRABER", True, (["GRABER"], 24)),
        ("The meeting ended well. GRABER", False, ([], None)),
        # 09CAIRO1804: a surname in title case after the last sentence, no stop after it
        ("he would discuss with the President. Scobey", True, (["Scobey"], 37)),
        ("cleared this cable (reftel B). Thompson-Jones", True, (["Thompson-Jones"], 31)),
        ("he would discuss with the President. Scobey", False, ([], None)),
        ("The meeting ended well. Thanks", True, ([], None)),
        ("we met with the President. Then.", True, ([], None)),  # a sentence: its own stop
        ("information RSO Peshawar, David J. Hazarian", True, ([], None)),  # after an initial
        ("participation. POST", True, ([], None)),
        # after an end mark or a page header's count with no stop (09ROME1187, 09CAIRO2302)
        ("with the government. END COMMENT THORNE", True, (["THORNE"], 33)),
        ("Carson cleared this cable. CAIRO 00002129 003 OF 003 Scobey", True, (["Scobey"], 53)),
        ("thanks Posts for their assistance. MINIMIZE CONSIDERED CLINTON", True, (["CLINTON"], 55)),
        ("we sent 003 OF 004 people", True, ([], None)),
        # after the date that closes a letter quoted last (09TRIPOLI632, 10TRIPOLI167)
        ("International Cooperation. July 30, 2009 CRETZ", True, (["CRETZ"], 41)),
        ("To: U.S. Embassy - Tripoli Date: February 14, 2010 Polaschik", True, (["Polaschik"], 51)),
        ("the budget for 2009 FMF", True, ([], None)),  # a year alone: no date
        ("on July 30, 2009 the SNC", True, ([], None)),
        # the signer after the post's classified website line (07MANAMA1012, 06LONDON5958)
        ("Classified Website: XXXXXXXXXXXX*********** ******** ERELI", True, (["ERELI"], 53)),
        ("Classified Website: XXXXXXXXXXXX ERELI", False, (["ERELI"], 33)),
        (
            "Visit London's Classified Website: http://www.state.sgov.gov/index. cfm Tuttle",
            True,
            (["Tuttle"], 72),
        ),
        ("Classified Website: XXXXXXXXXXXXTUTTLE", True, (["TUTTLE"], 32)),
        ("Classified Website: LONDON 00002770  003 OF 003    TUTTLE", True, (["TUTTLE"], 51)),
        ("Visit London's Classified Website: XXXXXXXXXXXX", True, ([], None)),
        ("Classified Website: XXXXXXXXXXXX HENZEL NNNN End Cable Text", True, ([], None)),
        ("END SUMMARY", False, ([], None)),
        ("SECRET", False, ([], None)),
        ("ONE TWO THREE FOUR FIVE", False, ([], None)),  # five words: not a signature
        ("", False, ([], None)),
    ],
)
def test_find_signers(line: str, mixed: bool, expected: tuple[list[str], int | None]) -> None:
    assert find_signers(line, mixed) == expected


def test_signer_line_over_forty_characters_is_not_one() -> None:
    assert find_signers("ABCDEFGHIJKLMNOPQRST ABCDEFGHIJKLMNOPQRST", False) == ([], None)


# --------------------------------------------------------------------------- summary


@pytest.mark.parametrize(
    "text", ["SUMMARY: the talks", "BEGIN SUMMARY. The", "Summary and Comment: x", "SUMMARY- x"]
)
def test_summary_opening(text: str) -> None:
    assert SUMMARY_RE.search(text) is not None


def test_summary_needs_punctuation_and_end_markers() -> None:
    assert SUMMARY_RE.search("a summary of the talks") is None
    assert END_SUMMARY_RE.search("... talks. END SUMMARY.") is not None
    assert END_SUMMARY_RE.search("End of summary") is not None
    assert END_SUMMARY_RE.search("WEEKEND SUMMARY") is None


# --------------------------------------------------------------------------- real cables


def test_seed_paragraphs_and_signer(shared_cables: Path) -> None:
    """The seed's paragraphs read 1, 2, 3, all (C), signed GRABER at the end of the last."""
    lines = (shared_cables / "seed" / "000_779b252bf3f7de24.txt").read_text().splitlines()
    starts = [s for s in map(match_paragraph_start, lines) if s is not None]
    assert [s.number for s in starts] == [1, 2, 3]
    assert [s.marking.text if s.marking else None for s in starts] == ["C", "C", "C"]
    assert find_signers(lines[-1], True)[0] == ["GRABER"]


def test_abu_dhabi_paragraph_markings(shared_cables: Path) -> None:
    """10ABUDHABI69 mixes (SBU), (S/NF), (S) and (C); single slashes read as ``//``."""
    path = shared_cables / "text" / "2010" / "10ABUDHABI69.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [s for s in map(match_paragraph_start, lines) if s is not None and s.marking]
    assert [(s.number, s.marking.text) for s in starts if s.marking] == [
        (1, "SBU"),
        (2, "S//NF"),
        (3, "S"),
        (4, "S//NF"),
        (5, "S"),
        (6, "C"),
        (7, "S//NF"),
        (8, "S//NF"),
        (9, "S"),
    ]
    last = next(t for t in reversed(lines) if t.strip())
    assert find_signers(last, True) == (["OLSON"], 0)
