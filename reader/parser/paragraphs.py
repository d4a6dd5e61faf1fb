"""The body's paragraphs and its signers, read from the whole text with patterns.

The body is most of a cable, so it is not cut into lines: the signers are found walking
back from the end, and the numbered paragraphs from the newlines a pattern finds (and
from the portion markings of paragraphs run into a line).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from reader.model.records import ClassifiedBy, Marking, Paragraph
from reader.parser import body as bodygrammar
from reader.parser import header as hdr
from reader.parser import preamble as pre
from reader.parser.appended import START
from reader.parser.blocks import CLASSIFIED_BY_RE
from reader.parser.markings import PAREN_RE, parse_banner, parse_portion
from reader.parser.noise import clean, page_noise, without_line_signs, without_page_noise
from reader.parser.quicksearch import search_upper

__all__ = [
    "LINE_START_RE",
    "PARA_CANDIDATE_RE",
    "LineStarts",
    "body_end_and_signers",
    "classified_by_in_body",
    "last_line",
    "line_starts",
    "read_paragraphs",
    "unknown_markings",
]

#: CLASSIFIED_BY_RE for upper-cased text (a pattern that starts with a literal is found fast)
CLASSIFIED_BY_UPPER_RE = re.compile(r"CLASSIFIED\s+BY\b")

_TRAILING_BACKSLASH_RE = re.compile(r"\\[ \t]*$", re.MULTILINE)
_PARA_REST = r"(?:¶[ \t]*|&para;[ \t]*|-[ \t](?=1\d{1,3}[ \t]*\.))?\d{1,3}[ \t]*[.)]"
#: A line that may open a numbered paragraph (match_paragraph_start decides). Led by a newline,
#: which the regex engine finds fast; the lookahead turns away at the line's first character
#: the lines that start with a letter (most of them) before the branches are tried, which
#: takes a third off the scan.
PARA_CANDIDATE_RE = re.compile(r"\n(?=[ \t¶&\d-])[ \t]*+" + _PARA_REST)
#: PARA_CANDIDATE_RE's lines and the lines where a glued-on cable may start (appended.START,
#: group ``start``) in one pass: the cost of such a pass is its attempt at every line start,
#: which the two share. No line can be both: after the blanks a start has a letter or a
#: number then a blank or comma, then a quote or digit; a paragraph "¶", "&", "-" or a
#: number, blanks, then "." or ")".
LINE_START_RE = re.compile(
    r"\n(?=[ \t¶&\d\-VOPRZ])[ \t]*+(?:(?P<start>" + START + ")|" + _PARA_REST + ")"
)


class LineStarts(NamedTuple):
    """LINE_START_RE over a whole text: where appended.START matches (the newline before
    each such line) and the spans of the paragraph candidates."""

    starts: list[int]
    paragraphs: list[tuple[int, int]]


def line_starts(text: str) -> LineStarts:
    starts: list[int] = []
    paras: list[tuple[int, int]] = []
    for m in LINE_START_RE.finditer(text):
        if m.lastgroup == "start":
            starts.append(m.start())
        else:
            paras.append(m.span())
    return LineStarts(starts, paras)


_MIXED_CASE_RE = re.compile(r"[a-z]{4}")
#: lines other tools appended after a cable's end
_END_JUNK_RE = re.compile(
    r"^\s*(?:>|N{3,5}|BT|#+|\"+|End Cable Text|=+\s*CABLE ENDS\s*=+|SELECT \* FROM .*"
    r"|Declassified/Released .*|Systematic Review .*|X{6,}|[-=_*]{3,}"
    r"|[“\"]?Visit\s.{0,60}\bWeb\s?site\b.{0,20}(?:https?:|www\.).*)\s*$",
    re.IGNORECASE,
)
#: HTML tags at the end of a line: bodies stored with their markup end in "</pre></code>"
_HTML_TAIL_RE = re.compile(r"(?:\s*</?[A-Za-z][^<>\n]{0,80}>)+\s*$")
#: a signer's name alone with a full stop: "STEVENS."
_DOTTED_NAME_RE = re.compile(r"^\s*([A-Z][A-Z'’\-]{2,})\.\s*$")
_REDACTION_RE = re.compile(r"X{4,}")
#: a numbered paragraph's opening mark in parentheses, and the upper-case ones among them
_UNKNOWN_MARK_RE = re.compile(r"^\s*\S+\s*[.)]\s*(\([A-Za-z/ \-,]{1,12}\))")
_UPPER_MARK_RE = re.compile(r"\([A-Z/ \-]{1,12}\)")
#: The regex runs back from each "(" (found at C speed; a regex led by the blanks was tried at
#: every blank of the body, a third of the parser's time) and ends there.
_RUN_IN_PARA_RE = re.compile(r"(?<=\S)[ \t]{1,4}((?:¶[ \t]*)?\d{1,3}[ \t]?[.)][ \t]{0,3})$")
#: how far before its "(" a run-in paragraph number may start
_RUN_IN_REACH = 16
_BEFORE_MARK = frozenset(". )\t")
#: a paragraph's marking before its number at a line start: "(C) 1. Summary"
#: (led by the newline before the line, which the regex engine finds fast)
_MARKING_FIRST_RE = re.compile(r"\n[ \t]*(\([^()\n]{1,48}?\))[ \t]*(\d{1,3})[ \t]*\.[ \t]+")
#: a marking that may be a list's letter: "(c)"
_LIST_LETTER_RE = re.compile(r"\(\s*([a-z])\s*\)")
#: a line that opens with "(": where a paragraph may open in a body without numbered
#: paragraphs, after a blank line (one of a text dumped from a CSV holds a backslash) or a
#: line that ends a sentence (_SENTENCE_ENDS)
_LINE_PAREN_RE = re.compile(r"\n[ \t]*\(")
_SENTENCE_ENDS = (".", ":", '"', "”")
_BLANKS_RE = re.compile(r"\s*")
_TEXT_RE = re.compile(r"\S")
#: a number after a paragraph's opening marking: "(C) 1. The Embassy"
_NUMBER_AFTER_MARK_RE = re.compile(r"[ \t]*(\d{1,3})[ \t]*\.(?=\s)[ \t]*")
#: what can follow a signer's name on the last line: "STEVENS 0 12/23/2007", "MULFORD \""
#: (and the end-of-message mark run onto the line: "HOAGLAND NNNN")
_SIGNER_TRAIL_RE = re.compile(r"(?:\s+\d+(?:\s+\d{1,2}/\d{1,2}/\d{2,4})?|\s*[\"#*]+|\s+N{3,5})\s*$")
#: the end of a quoted cable on the signer's line: "CLINTON UNQUOTE CLINTON"
_UNQUOTE_RE = re.compile(r"\bUNQUOTE\b\s*")


def _without_signer_trail(line: str) -> str:
    """The line without junk after a signer's name; only its end is searched."""
    cut = max(0, len(line) - 40)
    return line[:cut] + _SIGNER_TRAIL_RE.sub("", line[cut:])


def last_line(text: str, begin: int, end: int) -> tuple[int, int, str] | None:
    """The last non-blank line of ``text`` before ``end`` and not before ``begin`` (the
    body's start): (start, end, text), or None."""
    stripped_end = len(text[:end].rstrip())
    if stripped_end <= begin:
        return None
    start = max(text.rfind("\n", 0, stripped_end) + 1, begin)
    return start, stripped_end, text[start:stripped_end].rstrip("\\ \t\r")


#: the FM line of a routing header
_FM_LINE_RE = re.compile(r"[ \t]*FM[ \t]+[A-Z]")
#: the lines of a routing header above its FM line: transmission, routing, DE, security, DTG
_HEADER_LINE_RES = (hdr.DTG_RE, hdr.SECURITY_RE, hdr.DE_RE, hdr.ROUTING_RE, hdr.TRANSMISSION_RE)


def _before_trailing_header(text: str, begin: int, end: int) -> int:
    """``end``, or where a copy of the routing header after the signature starts, when only
    its FM, TO and INFO lines (addresses in capitals) follow it: its last address is no
    signer (04TRIPOLI31, 08PARIS988)."""
    look = max(begin, end - 3000)
    # the last "FM " that opens a line (found at C speed: "FM said" is common in prose)
    at = text.rfind("FM ", look, end)
    while at >= 0 and text[text.rfind("\n", 0, at) + 1 : at].strip(" \t"):
        at = text.rfind("FM ", look, at)
    fm_start = text.rfind("\n", 0, at) + 1 if at >= 0 else -1
    if fm_start < begin or _FM_LINE_RE.match(text, fm_start) is None:
        return end
    lines = text[fm_start:end].split("\n")
    if any(len(ln) > 80 or ln != ln.upper() or ln.rstrip().endswith(".") for ln in lines):
        return end  # prose after it (in capitals too): a quoted header, not one after the end
    start = fm_start
    found_dtg = False
    while start > begin:
        above = text.rfind("\n", begin, start - 1) + 1
        line = text[above : start - 1]
        if not line.strip():
            start = above
            continue
        if not any(r.match(line) for r in _HEADER_LINE_RES):
            break
        found_dtg = found_dtg or hdr.DTG_RE.match(line) is not None
        start = above
    return start if found_dtg else end


def _wrapped_marking(
    text: str, at: int, line_end: int, end: int
) -> bodygrammar.ParagraphStart | None:
    """The start of the paragraph whose line at ``at`` opens a marking that a line end cuts
    ("2.  (S//REL AFGHANISTAN, KYRGYZSTAN, TAJIKISTAN," / "TURKMENISTAN, UZBEKISTAN):":
    08STATE79112), read over the two lines; None when they hold no marking."""
    if ")" in text[at:line_end]:
        return None
    next_end = text.find("\n", line_end + 1, end)
    two = text[at : end if next_end < 0 else next_end].replace("\n", " ", 1)
    ps = bodygrammar.match_paragraph_start(two)
    return ps if ps is not None and ps.marking is not None else None


def body_end_and_signers(text: str, begin: int, end: int) -> tuple[int, list[str], int | None]:
    """Where the body between ``begin`` and ``end`` ends (before the signature and trailing
    banners), the signers, and the number of the line they are on (None without signers)."""
    end = _before_trailing_header(text, begin, end)
    for _ in range(16):  # walk back over blank lines, page noise, banners and end junk
        found = last_line(text, begin, end)
        if found is None:
            return begin, [], None
        start, stripped_end, last = found
        if "<" in last:  # markup left by another tool: "MANZANARES</pre></code>"
            # (only the line's end is searched: a line of tags would cost a pass from
            # every one of them)
            cut = max(0, len(last) - 400)
            last = last[:cut] + _HTML_TAIL_RE.sub("", last[cut:])
        junk = _END_JUNK_RE.match(last) is not None
        if junk and (names := bodygrammar.website_signer(last)[0]):
            # the post's "Visit ... Classified Website: http://..." line with the signer at
            # its end ("... index. cfm Tuttle"): the line is no text of the body, nor the
            # same line said again above it (08LONDON797)
            line = text.count("\n", 0, start) + 1
            while (above := last_line(text, begin, start)) and _END_JUNK_RE.match(above[2]):
                start = above[0]
            return start, names, line
        if (
            junk
            or not last.strip(" .")
            or page_noise(last)
            or (len(last) < 60 and parse_banner(last) is not None)
        ):
            end = start
            continue
        dotted = _DOTTED_NAME_RE.match(last)
        if dotted and not text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : start].strip():
            last = last[: dotted.end(1)]  # "STEVENS." apart, not a sentence's last word
        window = max(begin, start - 1500)
        mixed = bool(_MIXED_CASE_RE.search(text, window, stripped_end))
        signer_text = _without_signer_trail(last)
        if "UNQUOTE" in signer_text:
            # the signer of the quoted cable, then its end: the signer is after it
            *_, unq = _UNQUOTE_RE.finditer(signer_text)
            signer_text = " " * unq.end() + signer_text[unq.end() :]
        names, at = bodygrammar.find_signers(signer_text, mixed)
        if not names or at is None:
            return stripped_end, [], None
        line = text.count("\n", 0, start) + 1
        if at > 0 and last[:at].strip():
            return start + len(last[:at].rstrip()), names, line
        # two signers on lines of their own ("HELLING" above "MCMULLEN")
        above = last_line(text, begin, start)
        if above is not None:
            a_names, a_at = bodygrammar.find_signers(_without_signer_trail(above[2]), False)
            if (
                a_names
                and a_at == 0
                and above[2].strip() == above[2].strip().upper()
                and not any(_REDACTION_RE.search(n) for n in a_names)
            ):
                return above[0], a_names + names, line
        return start, names, line
    return end, [], None


#: the end of a line that stops mid-sentence: a letter or a digit, or a comma
_RUNS_ON_RE = re.compile(r"[A-Za-z0-9,][ \t]*$")


def _runs_on(text: str, at: int, begin: int) -> bool:
    """Whether the line before the one at ``at`` is in the body, not blank, and stops
    mid-sentence (no stop, colon or closing mark at its end)."""
    end = at - 1  # the newline before the line at ``at``
    if end <= begin:
        return False
    start = text.rfind("\n", begin, end) + 1 or begin
    return _RUNS_ON_RE.search(text, start, end) is not None


def read_paragraphs(
    text: str,
    begin: int,
    end: int,
    doubled_quotes: bool,
    candidates: list[tuple[int, int]] | None = None,
) -> list[Paragraph]:
    """The body's paragraphs between ``begin`` and ``end``: the numbered ones, or the whole
    body as one unnumbered paragraph. ``doubled_quotes``: the text is a CSV field that
    doubles its quotes. ``candidates``: line_starts(text).paragraphs, when the caller has
    them (PARA_CANDIDATE_RE is searched between ``begin`` and ``end`` otherwise)."""
    sep = "\n"
    starts: list[tuple[int, bodygrammar.ParagraphStart]] = []
    prev: int | None = None

    # the lines that may open a paragraph; the body may start mid-line (a collapsed header),
    # or at the text's start
    lo = max(begin - 1, 0)
    if candidates is None:
        at_lines = [m.start() + 1 for m in PARA_CANDIDATE_RE.finditer(text, lo, end)]
    else:
        # a match over the whole text is one between lo and end when it lies there: the
        # pattern looks at nothing past its match's end
        at_lines = [a + 1 for a, b in candidates if a >= lo and b <= end]
    if begin < end and (begin == 0 or text[begin - 1] != sep):
        at_lines.insert(0, begin)
    # the last number of a list inside a paragraph (a number turned away), and whether the
    # list has run on past the paragraph's own number; whether the last paragraph is marked
    inner: int | None = None
    in_list = prev_marked = False
    find, match_start = text.find, bodygrammar.match_paragraph_start  # (locals: hot loop)
    for at in at_lines:
        if at < begin or (starts and at <= starts[-1][0]):
            continue
        line_end = find(sep, at, end)
        ps = match_start(text[at : end if line_end < 0 else line_end])
        if ps is None:
            continue
        if ps.marking is None and line_end >= 0 and text.startswith("(", at + ps.text_start):
            ps = _wrapped_marking(text, at, line_end, end) or ps
        if ps.marking is not None:
            ok = True  # a portion marking makes it a paragraph, even out of sequence
        elif prev is None:
            # a first number past 1 right under a line that stops mid-sentence is the end
            # of a date or a figure ("... on November\n28. Ramaer said": 03THEHAGUE2983)
            ok = ps.number <= 60 and (ps.number == 1 or not _runs_on(text, at, begin))
        elif (
            prev_marked
            and inner is not None
            and ps.number == inner + 1
            and (in_list or ps.number == prev)
        ):
            # in a marked cable, an unmarked number that goes on from a list inside the
            # paragraph is the list's, not the cable's number said twice: "9. (SBU) ...
            # Outcomes" then "1." ... "8.", "9.", "10." (a quoted document: 09BEIJING1582)
            ok = False
            in_list = True
        else:
            # lists inside a paragraph stay inside; a number said twice is two paragraphs
            ok = ps.number in (prev, prev + 1)
        if ok:
            starts.append((at, ps))
            prev = ps.number
            prev_marked = ps.marking is not None
            inner, in_list = None, False
        else:
            inner = ps.number
    # marked paragraphs run into a line ("... End comment. 12. (C/NF) Other", a body run
    # together on few lines: "1. (C) ... 2. (S) ..."), each the next in the sequence
    extra: list[tuple[int, bodygrammar.ParagraphStart]] = []
    if not starts:
        extra = _run_in_paragraphs(text, begin, end, 1, None)
    elif starts[0][1].number > 1:
        extra = _run_in_paragraphs(text, begin, starts[0][0], 1, starts[0][1].number)
        if not extra:
            extra = _marking_first(text, begin, starts[0][0], starts[0][1].number)
    for k, (pos, ps) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else end
        limit = starts[k + 1][1].number if k + 1 < len(starts) else None
        if limit is not None and limit <= ps.number + 1:
            continue  # the next paragraph follows on a line of its own (_run_in_paragraphs)
        extra += _run_in_paragraphs(text, pos + 1, stop, ps.number + 1, limit)
    if extra:
        starts = sorted(starts + extra, key=lambda item: item[0])
    paragraphs: list[Paragraph] = []
    line_no = 1
    counted = 0
    lower = False
    for k, (pos, ps) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else end
        line_no += text.count(sep, counted, pos)
        counted = pos
        chunk = text[pos + ps.text_start : stop]
        # where the paragraph's last character is, from the end of its text (no copy of it
        # all: blanks at a paragraph's end are a line end or two)
        tail = chunk[-64:]
        kept = len(tail.rstrip())
        kept = len(chunk) - len(tail) + kept if kept else len(chunk.rstrip())
        if kept:
            last_end = pos + ps.text_start + kept
        else:
            last_end = pos + len(text[pos : pos + ps.text_start].rstrip())
        if "\\" in chunk:
            chunk = _TRAILING_BACKSLASH_RE.sub("", chunk)
        if "PAGE" in chunk or " OF 0" in chunk:
            chunk = without_page_noise(chunk)
        if doubled_quotes:
            chunk = chunk.replace('""', '"')
        if "¶" in chunk:
            chunk = without_line_signs(chunk)
        ms = ps.marking_start
        if ms is not None and text[pos + ms + 1].islower():
            lower = True  # "(c)": perhaps a list's letter (_list_letters_unmarked)
        paragraphs.append(
            Paragraph(  # (by position: a cable makes tens of these)
                ps.number,
                ps.marking,
                clean(chunk),
                line_no,
                pos,
                last_end,
                None if ms is None else pos + ms,
                None if ps.marking_end is None else pos + ps.marking_end,
            )
        )
    if lower:
        paragraphs = _list_letters_unmarked(paragraphs)
    if paragraphs and text[begin : paragraphs[0].start].strip():
        # the text before the first numbered paragraph is the body's too, unnumbered: its
        # marked paragraphs ("(S/NF) KEY POINTS ..." above "1. (S/NF) ...": 09DOHA214;
        # "(U) Summary. ..." above "2) (U) ...": 05BRASILIA606), or else all of it as one
        # ("SUMMARY: Ambassador ..." above "2.": 08BRASILIA1226; a section's start that
        # ends the last section's paragraph), where it holds a word: a heading alone
        # ("SUMMARY -------" above "1. (C)": 06ANKARA6153) is the body's text as the
        # headings further down are (at the end of the paragraph before them)
        first = paragraphs[0].start
        lead = _unnumbered_marked(text, begin, first, doubled_quotes)
        if (
            not lead
            and _WORD_RE.search(text, begin, first)
            and not _HEADER_LEAD_RE.match(text, begin, first)
        ):
            lead = [_plain_paragraph(text, begin, first, doubled_quotes)]
        paragraphs[:0] = lead
    if not paragraphs:
        paragraphs = _unnumbered_marked(text, begin, end, doubled_quotes)
    if not paragraphs and clean(without_page_noise(text[begin:end])):
        paragraphs.append(_plain_paragraph(text, begin, end, doubled_quotes))
    return paragraphs


#: a word of text before the first numbered paragraph: one makes it a paragraph
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
#: a header line the preamble left to the body (a Classified By misspelt, "Classfied By:",
#: "Classiires ..."; "Declassify on: Source marked 25X1-human"; an E.O. line): no paragraph
_HEADER_LEAD_RE = re.compile(
    r"\s*(?:(?i:DECLASSIFY\s+ON|CLASS\w*\s+BY)\b|(?i:CLASSI)\w*\s+(?:[A-Z][a-z]+\s+){1,2}[A-Z]\.\s"
    r"|E\.?\s?O\.?\s?\d{5})"
)


def _plain_paragraph(text: str, begin: int, end: int, doubled_quotes: bool) -> Paragraph:
    """The text between ``begin`` and ``end`` as one paragraph, unnumbered and unmarked."""
    chunk = text[begin:end]
    start = begin + len(chunk) - len(chunk.lstrip())
    stop = begin + len(chunk.rstrip())  # (in the text: before a CSV's quotes are undoubled)
    if "\\" in chunk:
        chunk = _TRAILING_BACKSLASH_RE.sub("", chunk)
    if doubled_quotes:
        chunk = chunk.replace('""', '"')
    return Paragraph(
        number=None,
        marking=None,
        text=clean(without_page_noise(without_line_signs(chunk))),
        line=text.count("\n", 0, start) + 1,
        start=start,
        end=stop,
    )


def _marking_first(
    text: str, lo: int, hi: int, limit: int
) -> list[tuple[int, bodygrammar.ParagraphStart]]:
    """Paragraphs before number ``limit`` written with the marking before the number, at a
    line start between ``lo`` and ``hi``: "(C) 1. Summary and comment: ..." """
    found: list[tuple[int, bodygrammar.ParagraphStart]] = []
    for m in _MARKING_FIRST_RE.finditer(text, max(lo - 1, 0), hi):
        at = m.start() + 1
        number = int(m.group(2))
        mark = parse_portion(m.group(1))
        if mark is None or number >= limit or (found and number <= found[-1][1].number):
            continue
        start = bodygrammar.ParagraphStart(
            number, mark, m.start(1) - at, m.end(1) - at, m.end() - at
        )
        found.append((at, start))
    return found


def _list_letters_unmarked(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """``paragraphs`` with a lower-case "(c)", "(s)" or "(u)" that is a letter of a list the
    paragraphs run through ("39. (b) ...", "40. (c) Yes, ...", "41. (d) ...") no marking: it
    goes back into the paragraph's text."""
    out = list(paragraphs)
    for k, p in enumerate(paragraphs):
        if p.marking is None or (m := _LIST_LETTER_RE.fullmatch(p.marking.raw)) is None:
            continue
        letter = ord(m.group(1))
        before = paragraphs[k - 1].text if k > 0 else ""
        after = paragraphs[k + 1].text if k + 1 < len(paragraphs) else ""
        if before.startswith(f"({chr(letter - 1)})") or after.startswith(f"({chr(letter + 1)})"):
            out[k] = replace(
                p,
                marking=None,
                text=f"{p.marking.raw} {p.text}",
                marking_start=None,
                marking_end=None,
            )
    return out


def _unnumbered_marked(text: str, begin: int, end: int, doubled_quotes: bool) -> list[Paragraph]:
    """A body without numbered paragraphs whose paragraphs open with their portion marking,
    at its start, after a blank line or on the line after a sentence's end ("(SBU) Poloff
    presented ...", "(C) 1. The Embassy ..."): one unnumbered paragraph each (numbered when
    a number follows the marking), and the text before the first, if any, one more. None
    when no paragraph opens so."""
    sep = "\n"
    first = _BLANKS_RE.match(text, begin, end).end()  # type: ignore[union-attr]
    marked: list[tuple[int, Marking, int]] = []  # where "(" is, the marking, where ")" ends
    # the lines that open with "(" (found by their newline, which the engine skips to)
    ats = [first] if text.startswith("(", first) else []
    ats += [m.end() - 1 for m in _LINE_PAREN_RE.finditer(text, first, end)]
    for at in ats:
        mm = PAREN_RE.match(text, at, end)
        mark = parse_portion(mm.group(0)) if mm else None
        if mm is None or mark is None or not _TEXT_RE.search(text, mm.end(), end):
            continue
        if at > first:
            # the line before: blank, or the end of a sentence (then an upper-case marking only)
            newline = text.rfind("\n", first, at)
            line = text.rfind("\n", first, newline) + 1 or first
            before = text[line:newline].rstrip(" \t\r\\")
            if before.strip() and not (before.endswith(_SENTENCE_ENDS) and mm.group(1).isupper()):
                continue
        marked.append((at, mark, mm.end()))
    if not marked:
        return []
    out: list[Paragraph] = []
    pieces: list[tuple[int, Marking | None, int]] = list(marked)
    if marked[0][0] > first:
        pieces.insert(0, (first, None, first))  # the text before the first marked paragraph
    for k, (at, mark, text_at) in enumerate(pieces):
        stop = pieces[k + 1][0] if k + 1 < len(pieces) else end
        number = None
        if mark is not None and (nm := _NUMBER_AFTER_MARK_RE.match(text, text_at, stop)):
            number, text_at = int(nm.group(1)), nm.end()
        chunk = text[text_at:stop]
        kept = text_at + len(chunk.rstrip())
        if "\\" in chunk:
            chunk = _TRAILING_BACKSLASH_RE.sub("", chunk)
        if doubled_quotes:
            chunk = chunk.replace('""', '"')
        out.append(
            Paragraph(
                number=number,
                marking=mark,
                text=clean(without_page_noise(without_line_signs(chunk))),
                line=text.count(sep, 0, at) + 1,
                start=at,
                end=kept,
                marking_start=at if mark is not None else None,
                marking_end=pieces[k][2] if mark is not None else None,
            )
        )
    return out


def _run_in_paragraphs(
    text: str, lo: int, hi: int, want: int, limit: int | None
) -> list[tuple[int, bodygrammar.ParagraphStart]]:
    """Marked paragraphs ``want``, ``want + 1`` ... that start inside lines between ``lo``
    and ``hi``, up to (not including) number ``limit``: each must carry a portion marking
    and follow the one before, so that "para 3 (C)" in a sentence is none."""
    sep = "\n"
    found: list[tuple[int, bodygrammar.ParagraphStart]] = []
    if limit is not None and limit <= want:
        return found  # the next paragraph follows on a line of its own: none between
    # the number said again, the next, or one skipped ("2. (U) ... 4. (U)")
    ok = (want - 1, want, want + 1)
    paren = text.find("(", lo, hi)
    while paren >= 0:
        m = None
        before = text[paren - 1]
        if before in _BEFORE_MARK:
            m = _RUN_IN_PARA_RE.search(text, max(lo, paren - _RUN_IN_REACH), paren)
        elif before == sep and paren - 1 > lo:
            # the number ends the line before, the marking opens this one: "HEADING ----- ¶1 ."
            # then "( C ) ACCORDING TO ..." (00HARARE6677, its words spaced from their stops)
            m = _RUN_IN_PARA_RE.search(text, max(lo, paren - 1 - _RUN_IN_REACH), paren - 1)
        mark_at = paren
        paren = text.find("(", paren + 1, hi)
        if m is None:
            continue  # not "... text. 12. (C)": a line start (found already) or no number
        at = m.start(1)
        line_end = text.find(sep, mark_at, hi)  # (the marking's line: the number's, or the next)
        cand = bodygrammar.match_paragraph_start(text[at : hi if line_end < 0 else line_end])
        if cand is None or cand.marking is None or cand.number not in ok:
            continue
        if limit is not None and cand.number >= limit:
            break
        if cand.number < want and not found:
            continue  # paragraph 3 said again before 4 follows it: a reference to it
        found.append((at, cand))
        ok = (cand.number, cand.number + 1, cand.number + 2)
    return found


def classified_by_in_body(
    paragraphs: list[Paragraph],
) -> tuple[ClassifiedBy | None, int | None]:
    """Older cables put ``CLASSIFIED BY ... REASONS: 1.5(B)`` inside paragraph 1 (or 2): what
    it says, and the line of the paragraph that holds it (None, None when none does)."""
    for p in paragraphs[:2]:
        at = search_upper(CLASSIFIED_BY_UPPER_RE, CLASSIFIED_BY_RE, p.text)
        if at is not None:
            return pre.parse_classified_by(p.text[at : at + 300], p.line), p.line
    return None, None


def unknown_markings(text: str, paragraphs: list[Paragraph]) -> list[tuple[Paragraph, str]]:
    """The numbered paragraphs without a portion marking that open with an upper-case mark in
    parentheses all the same ("1. (XYZ) text"), each with that mark."""
    found = []
    for p in paragraphs:
        if p.marking is None and p.number is not None:
            m = _UNKNOWN_MARK_RE.match(text[p.start : p.end])
            if m and _UPPER_MARK_RE.fullmatch(m.group(1)):
                found.append((p, m.group(1)))
    return found
