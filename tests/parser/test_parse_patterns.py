"""The parser's quick ways of finding things find what the plain patterns they stand for find.

Each quick way (a pattern led by a newline, a search in the upper-cased text, one pattern for
three, a first-character test) is compared with the plain pattern on texts hypothesis makes
from the pieces that matter, in any case, with odd blanks and letters that change length
when upper-cased.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.model.posts import spellings
from reader.parser import (
    appended,
    artefacts,
    blocks,
    dumps,
    markings,
    noise,
    paragraphs,
    preamble,
    summary,
)
from reader.parser.body import END_SUMMARY_RE
from reader.parser.quicksearch import search_upper

_PIECES = [
    "SUMMARY", "summary", "Summary", "BEGIN ", "END ", "OF ", "SUMMARY:", "SUMMARY.", " AND ",
    "COMMENTS", "-", "--", " ", "\t", "\n", "\r\n", "\n\n", "X", "ß", "ſ", "İ", "text. ",
    "CLASSIFIED BY", "Classified by", "classified  by", "PAGE 02", " OF 03", "HARARE 05461",
    "271458Z", "------", "01", "1.", "(C)", ":", "id:", ">", "refid:", ",",
]  # fmt: skip
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 200), st.integers(0, 220))
def test_line_start_patterns_match_as_caret_multiline(text: str, pos: int, endpos: int) -> None:
    for quick, pattern, flags in (
        (summary.SUMMARY_LEAD_LINE, summary.SUMMARY_LEAD, 0),
        (summary.SUMMARY_HEADING_LINE, summary.SUMMARY_HEADING, re.IGNORECASE),
    ):
        plain = re.compile("^" + pattern, flags | re.MULTILINE).search(text, pos, endpos)
        assert quick.search(text, pos, endpos) == (plain.span() if plain else None), text


@settings(max_examples=400, deadline=None)
@given(texts)
def test_upper_case_searches_find_what_ignorecase_finds(text: str) -> None:
    for upper_re, caseless_re in (
        (summary.END_SUMMARY_UPPER_RE, END_SUMMARY_RE),
        (paragraphs.CLASSIFIED_BY_UPPER_RE, blocks.CLASSIFIED_BY_RE),
    ):
        plain = caseless_re.search(text)
        assert search_upper(upper_re, caseless_re, text) == (plain.start() if plain else None), text


@settings(max_examples=400, deadline=None)
@given(texts)
def test_page_noise_is_taken_out_as_caret_multiline_does(text: str) -> None:
    plain = re.compile(r"^[ \t]*(?:" + noise.PAGE_NOISE + r")[ \t]*\r?$", re.MULTILINE)
    assert noise.without_page_noise(text) == plain.sub("", text), text


_RECORDS = [
    '27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",CONFIDENTIAL,05BOGOTA1,"',
    "id: 54459\ndate: 2/27/2006 13:14\nrefid: 06LIMA748\norigin: Lima\n"
    "classification: SECRET\ndestination: 06STATE1\nheader:\n",
    ">\n04.10.2009 01:32\n09SHANGHAI160\nConsulate Shanghai\nCONFIDENTIAL\n09STATE2\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + _RECORDS), max_size=12).map("".join))
def test_one_pattern_finds_the_first_record_of_the_three(text: str) -> None:
    head = "\n" + text
    found = [m for m in (rx.search(head) for rx in dumps._KINDS.values()) if m]
    dump = dumps.find_dump(text)
    if not found:
        assert dump is None
        return
    first = min(found, key=lambda m: m.start())
    assert dump is not None
    assert (dump.start, dump.cable_start) == (first.start(), first.end() - 1)
    assert dump.meta.reference_id == first.group("id")
    assert dump.quoted == (first.re is dumps._CSV_ROW_RE)


def test_every_kind_of_record_is_found() -> None:
    for record, kind in zip(_RECORDS, ("csv", "kv", "angle"), strict=True):
        dump = dumps.find_dump("preview...\n" + record + "rest of the cable")
        assert dump is not None and dump.quoted == (kind == "csv"), kind


def test_a_banner_starts_only_with_a_character_the_quick_test_lets_through() -> None:
    # each classification word without its first letter, and without its first two (a
    # banner may have lost its first letter: "O N F I D E N T I A L")
    rests = ["OP SECRET", "ECRET", "CRET", "ONFIDENTIAL", "NFIDENTIAL", "NCLASSIFIED",
             "CLASSIFIED", "NCLAS", "CLAS", "IMITED OFFICIAL USE", "SECRET"]  # fmt: skip
    for code in range(0x30000):  # every character of the planes in use
        first = chr(code)
        if not first.strip() or first in markings._BANNER_FIRST or first.isdecimal():
            continue
        for rest in rests:
            assert not markings._BANNER_RE.match(first + rest), (hex(code), rest)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "This record is a partial extract of the original cable",
                "THIS RECORD",
                " is a partial extract of the original cable",
                "ſ",
                "é",
                " ",
                "x",
            ]
        ),
        max_size=6,
    ).map("".join)
)
@example("THIS RECORD is a partial extract of the original cable, say")
def test_the_partial_extract_note_is_found_as_the_case_blind_pattern_finds_it(line: str) -> None:
    assert artefacts.partial_note(line) == bool(artefacts.PARTIAL_RE.search(line))


_ANCHOR_PIECES = [
    "TAGS", "tAGS", "Tags", "AGS", "TAG", " ", ":", " :", "SUBJECT", "Subject", "REF",
    "E.O. 12958", "EO 12958", "CLASSIFIED BY", "X", "x", "1", ".", "SIPDIS", "PREL",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ANCHOR_PIECES), max_size=12).map("".join))
@example("TAGS: PREL SUBJECT: X")
@example("tAGS: PREL")
@example("SIPDISTAGS: PREL")
@example("TAGSAGS  :")
@example("X EO\t12958")
@example("X E.\tO. 12958")
def test_the_anchor_hint_misses_no_element_after_the_line_start(line: str) -> None:
    """Where the hint finds nothing, the anchor search finds nothing after the line start
    (the hint passes over a TAGS at the line start: its AGS is no element there)."""
    from reader.parser.preamble import anchors

    if not (blocks.ANCHOR_HINT_RE.search(line.upper(), 1) or line.startswith("tAGS")):
        assert [at for at in anchors(line) if at > 0] == []


_RECORD_PIECES = _RECORDS + [
    '"', ',"', 'SAID,"', '"QUOTE"', "\n", "classification: SECRET\n", "\nclassification:",
    "origin: Lima\n", "refid: 06LIMA748\n", ">", "\n>\n", "27613,", "2/24/2005 16:09,",
    '"27613","2/24/2005 16:09","05BOGOTA1775","Embassy Bogota",SECRET,,"', "x" * 30,
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + _RECORD_PIECES), max_size=16).map("".join))
@example('"\n27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",SECRET,,"')
@example("id: 1\ndate: 2/27/2006 13:14\nrefid: 06LIMA748\norigin: Lima\nclassification: S\n")
def test_the_record_search_from_its_markers_finds_what_the_plain_search_finds(text: str) -> None:
    # find_dump tries the pattern only from the line of the first '>' or key-value record's
    # fifth line, and at lines that hold ',"': the first record is the plain search's first
    head = "\n" + text[: dumps.SEARCH_LIMIT]
    plain = dumps._RECORD_RE.search(head)
    quick = dumps._first_record(head)
    assert (quick.span() if quick else None) == (plain.span() if plain else None), text


_PARA_PIECES = [" ", "\t", "¶", "&para;", "- ", "-", "1", "12", "123", "4", ".", ")", "\n",
                "\r\n", "A", "(C)", "x"]  # fmt: skip
_PARA_PLAIN_RE = re.compile(
    r"\n[ \t]*(?:¶[ \t]*|&para;[ \t]*|-[ \t](?=1\d{1,3}[ \t]*\.))?\d{1,3}[ \t]*[.)]"
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PARA_PIECES), max_size=30).map("".join))
def test_paragraph_candidates_with_the_first_character_test_are_the_plain_ones(text: str) -> None:
    plain = [m.span() for m in _PARA_PLAIN_RE.finditer(text)]
    assert [m.span() for m in paragraphs.PARA_CANDIDATE_RE.finditer(text)] == plain, text


_START_PIECES = _PARA_PIECES + [
    "VZCZC", "VZCZCXRO1234", "PP ", "RR", "RUEHWEB", " RUEHC", "OO", "ZZ", "\t", "50133  ",
    "2006-01-19", "8/9/2006", ",", '"', "06THEHAGUE131", "V", "R", "O",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_START_PIECES), max_size=30).map("".join), st.integers(0, 120))
def test_one_pass_over_line_starts_finds_both_patterns_matches(text: str, start: int) -> None:
    # the glued-on cable's starts and the paragraph candidates from one pass, against each
    # pattern's own search; and find_appended given the starts finds what it finds alone
    found = paragraphs.line_starts(text)
    assert found.starts == [m.start() for m in appended._START_RE.finditer(text)], text
    assert found.paragraphs == [m.span() for m in paragraphs.PARA_CANDIDATE_RE.finditer(text)]
    alone = appended.find_appended(text, start)
    assert appended.find_appended(text, start, lines=found.starts) == alone, text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PARA_PIECES), max_size=30).map("".join),
    st.integers(0, 40),
    st.integers(0, 40),
)
@example("x\n1. a\n2.", 0, 8)  # a candidate whose "." is past the body's end
@example("x\n1. a\n¶ 2.", 0, 10)
def test_paragraphs_from_the_whole_text_candidates_are_those_searched_between(
    text: str, begin: int, end: int
) -> None:
    end = min(end, len(text))  # (the parser's body: begin <= end <= the text's end)
    begin = min(begin, end)
    candidates = paragraphs.line_starts(text).paragraphs
    plain = paragraphs.read_paragraphs(text, begin, end, False)
    assert paragraphs.read_paragraphs(text, begin, end, False, candidates) == plain, text


_PAGE_PIECES = [
    "PAGE 02 ", "ROME ", "01196 ", "01 OF 02", " 271458Z", "TRIPOLI 00000563 001.2 OF 003",
    "SECTION 01 OF 02 CAIRO 000290", "SAO PAULO", "sao  paulo", " ", "\n", "\t", "\u3000",
    "OF", "of", "Of", " oF 2", "12", "123456", "001.3", ",", ";", "(", ")", ":", "/", "_", "é",
    "ſ", "\u212a", "İ", "'", "-", ".", "x" * 300, "A. STATE 12345 ", "REF B ", "\u0663",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PAGE_PIECES), max_size=24).map("".join))
@example("PAGE 02 ROME 01196 01 OF 02 " + "x" * 300 + " TRIPOLI 00000563 001.2 OF 003é")
@example("(" + "x " * 200 + "ROME 01196 01 OF 02")
def test_page_breaks_are_taken_out_where_the_whole_pattern_takes_them(text: str) -> None:
    text = " OF " + text  # past the test for " OF " that lets a text through unsearched
    plain = preamble._page_break_re().sub(" ", text)
    assert preamble.without_page_breaks(text) == plain, text


def test_no_page_break_header_holds_a_character_its_runs_stop_at() -> None:
    # the runs searched are made of the characters that the header pattern's letters (those
    # of the post names too), digits, blanks and .'- match in any case; every other one stops
    assert set("".join(spellings())) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ -")
    pieces = [re.compile(re.escape(ch), re.IGNORECASE) for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ.'-"]
    pieces += [re.compile(r"\d"), re.compile(r"\s")]
    for code in range(0x30000):
        ch = chr(code)
        held = any(piece.fullmatch(ch) for piece in pieces)
        assert bool(preamble._PAGE_BREAK_RUN_RE.fullmatch(ch)) == held, hex(code)
        assert bool(preamble._PAGE_BREAK_STOP_RE.fullmatch(ch)) != held, hex(code)
