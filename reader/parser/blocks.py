"""The preamble's blocks, line by line: where a SUBJECT, REF, TAGS or Classified By block
goes on and where it stops, where a line holds several elements, and what a line looks like
(a preamble element, a header word, prose).

Pure functions of a line or of the line queue: the state machine (reader/parser/parse.py)
calls them on each preamble line, where they were its methods (the same number of calls).
"""

from __future__ import annotations

import re

from reader.model.posts import post_pattern
from reader.parser import body as bodygrammar
from reader.parser import header as hdr
from reader.parser import preamble as pre
from reader.parser.lines import Line, LineQueue, split_at
from reader.parser.markings import PAREN_RE, parse_banner, parse_portion
from reader.parser.noise import page_noise
from reader.parser.routing import HEADER_WORDS, PRECEDENCE

SUBJECT_RE = re.compile(r"^\s*SUBJ(?:ECT)?\s*:?\s+|^\s*SUBJ(?:ECT)?\s*:", re.IGNORECASE)
REF_RE = re.compile(
    r"^\s*(?:REFS?|REFTELS?|REFERENCES?)\s*:|^\s*REF\s+(?=[A-Z(0-9])", re.IGNORECASE
)
TAGS_RE = re.compile(r"^\s*(?:TAGS?|TAGE|TAS)\b\s*:?|^\s*AGS\s*:", re.IGNORECASE)
CLASSIFIED_BY_RE = re.compile(r"CLASSIFIED\s+BY\b", re.IGNORECASE)
CLASSIFIED_BY_START_RE = re.compile(r"\s*(?:\(U\)\s*)?CLASSIFIED\s+BY\b", re.IGNORECASE)
#: (possessive quantifiers: runs of blanks and dashes are never given back, so a line of
#: 40,000 blanks costs one pass, not one per split of the run between two quantifiers)
SUMMARY_HEADING_RE = re.compile(
    r"^\s*+-*+\s*+(?:BEGIN\s+)?SUMMARY(?:\s+AND\s+(?:COMMENTS?|INTRODUCTION|ACTION\s+REQUEST))?"
    r"\s*+[:.]?+\s*+-*+\s*+$",
    re.IGNORECASE,
)
_REF_CONT_RE = re.compile(
    r"^\s*¶?\s*(?:\(?\s*[A-Z]\s*[.):]|\d{2,4}\s+[A-Z]|[A-Z][A-Z .]+\s+\d{1,6}\b|AND\b"
    r"|\(NOTAL\)|REF"
    # a label in lower case before a post ("b) PARAMARIBO 470": 08PARAMARIBO242)
    r"|\(?[a-h]\)\s*[A-Z][A-Z .]+\s+\d{1,6}\b)"
)
#: a repeated head inside a REF block ("A. REF: LAGOS 066", a second "REF:" line)
REF_AGAIN_RE = re.compile(r"^\s*(?:REFS?|REFTELS?)\s*:", re.IGNORECASE)
#: how many lines ahead, over blank ones, a REF block may go on
_REF_GAP = 8
_TAGS_CONT_RE = re.compile(r"^\s*[A-Z0-9][A-Z0-9 ,\-/().]*$")
#: what a line of TAGS codes never holds: a number of two digits or more (a serial, a page
#: header's, a date's) or a REF
_NOT_TAGS_RE = re.compile(r"\d\d|^\s*REF")
_DASHES_RE = re.compile(r"^\s*-{3,}")
_LEADING_CAVEATS_RE = re.compile(r"^\s*((?:SIPDIS|NOFORN|SENSITIVE)\s*)+(?=[A-Z])")
#: where a subject line is cut: a REF ("Ref: Brasilia 600": 07BRASILIA1006), a Classified By
_SUBJECT_CUT_RE = re.compile(
    r"REF(?:S|TELS?)?\s*:|Ref(?:s|tels?)?\s*:|CLASSIFIED\s+BY|Classified\s+By"
)
_PROSE_RE = re.compile(r"[a-z]{3,}")
#: a REF entry's year before its post ("07 STATE 12") and its serial after it
_YEAR_FIRST_RE = re.compile(r"\d{2,4}\s+")
_SERIAL_AFTER_RE = re.compile(r"\s*\d{1,6}\b")
#: a cheap test before the costly anchor search: words that may start a header element
#: (searched in the upper-cased line: a pattern with IGNORECASE is four times slower; the
#: three E.O. spellings share their E, so that the engine tries one branch less at each E;
#: "AGS:" (any blanks before its colon, as the anchors allow) only without its T: a TAGS
#: line at the line start holds no element at its "AGS:", where the hint sent every TAGS
#: line to the costly anchor search; TAG finds a TAGS later on)
ANCHOR_HINT_RE = re.compile(r"E(?:\.\s?O|O\s)|TAG|A(?<!TA)GS\s*:|SUBJ|REF|CLASSIFIED")
#: where a marked paragraph may start in the middle of a line: "... End comment.) 12. (C/NF)",
#: "------- SUMMARY ------- 1. (SBU)", "¶2. (S)" (the character before is checked apart)
_FIRST_RUN_IN_RE = re.compile(r"1[ \t]?[.)][ \t]{0,3}\(")  # the blanks before: checked apart


def body_run_in(t: str) -> int | None:
    """Where paragraph 1, marked, starts inside a header line: "... for reasons 1.4 (b) and
    (d) 1. (C) Summary" (the body run into the line), or None."""
    if "(" not in t:
        return None
    for m in _FIRST_RUN_IN_RE.finditer(t):
        at = m.start()
        if t[at - 1 : at] == "¶":
            at -= 1
        lead = len(t[:at]) - len(t[:at].rstrip(" \t"))
        if not 0 < lead <= 4 or lead == at:
            continue  # "11. (", "31. (" or a line start: not paragraph 1 run in
        ps = bodygrammar.match_paragraph_start(t[at:])
        if ps is not None and ps.marking is not None:
            return at
    return None


#: the body run on into a REF line after a serial (or a page-break header's "OF 003"):
#: paragraph 1 unmarked ("SECSTATE 165115 1. Post grants"), or a marked paragraph without a
#: number ("STATE 57598 (SBU) On June 10, Poloff urged"), also after a rule of underscores
#: ("STATE 32599 ______ (SBU) Post delivered": the rule stays with the REF line)
_REF_RUN_IN_RE = re.compile(
    r"(?<=\d)[ \t]{1,6}(_{4,}[ \t]{1,6})?"
    r"(?:1[ \t]?\.[ \t]{0,3}(?=[A-Z][a-z])|(\([A-Z/\- ]{1,12}\))[ \t]+(?=[A-Z][a-z]))"
)
#: a word of prose: what a REF entry's words, in capitals, are not
_PROSE_WORD_RE = re.compile(r"\b[a-z]{2,}\b")


def ref_body_run_in(t: str) -> int | None:
    """Where the body starts inside a REF line, or None: the run-in text must be prose (three
    lower-case words in its first 200 characters), and a marking a known portion marking."""
    for m in _REF_RUN_IN_RE.finditer(t):
        if m.group(2) is not None and parse_portion(m.group(2)) is None:
            continue
        rest = t[m.end() : m.end() + 200]
        if len(_PROSE_WORD_RE.findall(rest)) >= 3:
            if m.group(1) is not None:
                return m.end(1)
            return m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t"))
    return None


#: an unnumbered paragraph's marking run on into a Classified By line right after a reason
#: ("REASON: 1.4 (b), (d) (S) Ambassador telephoned", "for reason 1.4(d) (C) We delivered")
_REASONS_RUN_IN_RE = re.compile(r"(?<=\))[ \t]{1,6}(\([A-Z/\- ]{1,12}\))[ \t]+(?=[A-Z])")
_REASON_WORD_RE = re.compile(r"REASON|1\.\s?[45]", re.IGNORECASE)


def reasons_body_run_in(t: str) -> int | None:
    """Where an unnumbered, marked body starts inside a Classified By line, or None: the
    marking right after a reason's closing parenthesis, a known portion marking in capitals
    (a lower-case "(c)" is a reason), followed by prose (three lower-case words in its first
    200 characters); a reason's "(C)" before prose is read as the marking, the one case it
    cannot tell apart."""
    if "(" not in t or not _REASON_WORD_RE.search(t):
        return None
    for m in _REASONS_RUN_IN_RE.finditer(t):
        mark = m.group(1)
        if mark != mark.upper() or parse_portion(mark) is None:
            continue
        if not _REASON_WORD_RE.search(t, 0, m.start()):
            continue
        if len(_PROSE_WORD_RE.findall(t, m.end(), m.end() + 200)) >= 3:
            return m.start(1)
    return None


def header_follows(queue: LineQueue) -> bool:
    """A FM or TO line, or a DTG, within the next 25 lines: a routing header is ahead."""
    for line in queue.ahead(1, 25):
        word = line.text.split(None, 1)[0] if line.text.strip() else ""
        if word in ("FM", "TO") or (word in PRECEDENCE and hdr.DTG_RE.match(line.text)):
            return True
    return False


def looks_like_prose(t: str) -> bool:
    """A long line with lower-case words: body text, not a header or preamble element."""
    return len(t) > 60 and bool(_PROSE_RE.search(t))


#: a sentence's words: a capital or a digit leads, lower-case words follow
_SENTENCE_RE = re.compile(r"^\s*[A-Z0-9][\w'’,./-]*\s+(?:\S+\s+)*?[a-z]{3,}\b")


def opens_prose(t: str) -> bool:
    """A short line that reads as the start of a sentence (``Post has no nominations.``,
    ``On August 8, Montserrat Vargas Solorzano, Director of the``): four words or more, led
    by a capital or a digit, a lower-case word after the first; an upper-case heading or
    addressing line is none."""
    return len(t.split()) >= 4 and _SENTENCE_RE.match(t) is not None


def is_preamble_start(t: str) -> bool:
    """The line opens with a preamble element: SUBJECT, TAGS, REF, E.O. or Classified By."""
    s = t.lstrip()
    if not s or s[0] not in "ESTRCestrc":
        return False
    return bool(
        pre.anchor_at_start(s)
        and (
            SUBJECT_RE.match(t)
            or TAGS_RE.match(t)
            or REF_RE.match(t)
            or pre.parse_eo(t)
            or CLASSIFIED_BY_RE.match(s)
        )
    )


def split_anchors(line: Line) -> list[Line]:
    """The line cut where a further element starts in it ("TAGS: PREL SUBJECT: ..."), at
    leading caveats, and where paragraph 1 runs into it; the line alone when none does."""
    t = line.text
    # ("tAGS:" is the one line start the hint's upper-cased text hides an element behind:
    # AGS: after a lower-case t)
    if ANCHOR_HINT_RE.search(t.upper(), 1) or t.startswith("tAGS"):
        cuts = [at for at in pre.anchors(t) if at > 0]
    else:
        cuts = []
    hm = _LEADING_CAVEATS_RE.match(t)
    if hm and not pre.handling_words(t):
        cuts.append(hm.end())
    if cuts and SUBJECT_RE.match(t):
        # never cut a subject at words inside it, only at REF/Classified By
        cuts = [c for c in cuts if _SUBJECT_CUT_RE.match(t, c)]
    # (the test for a "(" made here: most lines have none, and this runs for every line)
    body_at = body_run_in(t) if "(" in t else None
    if body_at is None and t[:3].upper() == "REF" and REF_RE.match(t):
        body_at = ref_body_run_in(t)
    elif body_at is None and "(" in t and CLASSIFIED_BY_START_RE.match(t):
        body_at = reasons_body_run_in(t)
    if body_at is not None:
        cuts = sorted({*(c for c in cuts if c < body_at), body_at})
    return split_at(line, cuts) if cuts else [line]


def marked_text(t: str) -> bool:
    """The line opens with a portion marking and goes on with text."""
    s = t.lstrip()
    m = PAREN_RE.match(s)
    return bool(m and s[m.end() :].strip() and parse_portion(m.group(0)) is not None)


def _marked_prose(t: str) -> bool:
    """The line opens an unnumbered paragraph: its marking, then a sentence of four words
    or more led by a capital (not a reason's "(C) and (D)" wrapped onto the line)."""
    if not opens_marked_paragraph(t):
        return False
    rest = t.lstrip()[t.lstrip().index(")") + 1 :].split()
    return len(rest) >= 4 and rest[0][:1].isupper()


def opens_marked_paragraph(t: str) -> bool:
    """The line opens a paragraph without a number: its portion marking, then prose ("(U) Econ
    Off delivered ...", "(SBU) POST ..."), not a REF entry labelled "(C) STATE 1234"."""
    s = t.lstrip()
    m = PAREN_RE.match(s)
    if not m or parse_portion(m.group(0)) is None:
        return False
    rest = s[m.end() :].lstrip()
    if not rest:
        return False
    if len(m.group(1).strip()) > 1:
        return True  # (SBU), (S/NF): no label
    # "(C) Buenos Aires 1415", "(C) 07 STATE 12": a labelled entry
    entry = _YEAR_FIRST_RE.match(rest)
    post = post_pattern().match(rest, entry.end() if entry else 0)
    if post is not None and _SERIAL_AFTER_RE.match(rest, post.end()):
        return False
    return bool(_PROSE_RE.search(rest))


def is_header_element(t: str) -> bool:
    """The line opens with a routing-header word (FM, TO, DE, a precedence, VZCZC...)."""
    word = t.split(None, 1)[0] if t.strip() else ""
    return word in HEADER_WORDS or word.startswith("VZCZC")


def preamble_ahead(queue: LineQueue) -> bool:
    """A SUBJECT, TAGS or E.O. line follows within 30 lines, before any numbered paragraph."""
    for line in queue.ahead(1, 30):
        if SUBJECT_RE.match(line.text) or TAGS_RE.match(line.text) or pre.parse_eo(line.text):
            return True
        if bodygrammar.match_paragraph_start(line.text):
            return False
    return False


def continues_tags(line: Line, before: str = "") -> bool:
    """The line goes on with the TAGS codes of the line ``before`` it: codes in capitals, or
    in any case after a line that ends with a comma (a copy put in lower case: "Tags: ovip
    (steinberg, james b.), prel, parm, pgov, econ," then "etra, mnuc, marr": 09BEIJING2963)."""
    t = line.text
    if line.blank or len(t.strip()) > 60:
        return False
    if not _TAGS_CONT_RE.match(t) and not (
        before.rstrip().endswith(",") and _TAGS_CONT_RE.match(t.upper())
    ):
        return False
    if _NOT_TAGS_RE.search(t) or page_noise(t):
        return False  # "BAKU 00000478", "REF BRASILIA 1837", "19 AUGUST": no TAGS code
    # wrapped TAGS are short upper-case tokens
    return not (is_preamble_start(t) or pre.handling_words(t) or parse_banner(t))


#: the heading of a press summary's list of items, alone on its line ("  INDEX:")
_INDEX_HEADING_RE = re.compile(r"^\s*INDEX\s*:\s*$")


def stops_block(t: str) -> bool:
    """The line ends a SUBJECT or REF block: another element, a summary, paragraph 1, a
    handling line, the heading of a press summary's index."""
    return bool(
        is_preamble_start(t)
        or _INDEX_HEADING_RE.match(t)
        or CLASSIFIED_BY_START_RE.match(t)
        or bodygrammar.SUMMARY_RE.match(t.lstrip())
        or bodygrammar.match_paragraph_start(t)
        or SUMMARY_HEADING_RE.match(t)
        or pre.handling_words(t)
    )


#: the release's date line over a cable ("Friday, 18 December 2009, 11:04")
_DATED_LINE_RE = re.compile(
    r"^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4},?"
    r"\s+\d{1,2}:\d{2}\s*$"
)


def _starts_again(t: str) -> bool:
    """The line starts the cable over (a copy of its top after the subject): the release's
    date line, or a banner with its post and serial."""
    if _DATED_LINE_RE.match(t):
        return True
    banner = parse_banner(t) if t.lstrip()[:1] in "CSTU" else None
    return banner is not None and banner.serial is not None


def subject_continuation(queue: LineQueue, first: Line) -> list[Line]:
    """The lines of a SUBJECT after its ``first``, taken from the queue."""
    out: list[Line] = []
    last = first
    if not SUBJECT_RE.sub("", first.text, count=1).strip():
        # "SUBJECT:" alone: the subject is on the next line that has text
        while queue and queue.first().blank:
            queue.popleft()
        if not queue or stops_block(queue.first().text):
            return out
        parts = split_anchors(queue.popleft())
        queue.push_front(parts[1:])
        out.append(parts[0])
        last = parts[0]
    while (line := queue.peek()) is not None:
        if line.blank:
            # the seed's subject goes on after a blank line: accept one upper-case
            # line that completes a long (wrapped) subject line
            nxt = queue.next_with_text(1, 3)
            if (
                nxt is not None
                and not out
                and len(last.text.strip()) >= 40
                and nxt.text.strip() == nxt.text.strip().upper()
                and len(nxt.text.strip()) <= 70
                and not stops_block(nxt.text)
                and not page_noise(nxt.text)
                and not _DASHES_RE.match(nxt.text)
            ):
                while queue and queue.first().blank:
                    queue.popleft()
                out.append(queue.popleft())
                last = out[-1]
                continue
            break
        t = line.text
        if stops_block(t) or page_noise(t) or _DASHES_RE.match(t) or _starts_again(t):
            break
        parts = split_anchors(queue.popleft())
        out.append(parts[0])
        last = parts[0]
        if len(parts) > 1:  # "...AL BOYCOTT REF: A) STATE 166398": the rest is REF
            queue.push_front(parts[1:])
            break
    return out


def _entries_after_page_head(t: str) -> bool:
    """A page-break header with the block's next entries run on after it on its line
    ("PAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098  C. ROME 894"): the line is kept,
    and the entries read without the header."""
    if not t.lstrip().startswith("PAGE") or len(t) < 50:
        return False
    rest = pre.without_page_breaks(t)
    return bool(rest.strip()) and bool(_REF_CONT_RE.match(rest))


#: a REF line that ends inside an entry: a label and a year ("(C) 05"), or after a post
#: the serial of which is on a later line
_LABEL_YEAR_END_RE = re.compile(r"(?:^|[\s,;:])\(?[A-Z][.)]\s*(?:\d{2}|\d{4})$")
#: the rest of such an entry on its line: its serial ("36633", "3967, F)PARIS 3853"), never a
#: numbered paragraph ("1. (C)"), or after a year its post and serial ("Reykjavik 431")
_SERIAL_LINE_RE = re.compile(r"\s*0*\d{1,6}\b(?![.)])")


def _serial_after_blank(last: str, nxt: str) -> bool:
    """The block's ``last`` line ends inside an entry and the line ``nxt`` after the blank
    lines goes on with it ("E)PARIS", a blank line, "3967, F)PARIS 3853": 07PARIS4723;
    "(C) 05", a blank line, "Reykjavik 431": 06REYKJAVIK51)."""
    tail = last.rstrip(" \t,")
    if not tail or len(nxt.strip()) >= 90:
        return False
    if _LABEL_YEAR_END_RE.search(tail):
        post = post_pattern().match(nxt.lstrip())
        return post is not None and _SERIAL_LINE_RE.match(nxt.lstrip(), post.end()) is not None
    if not _SERIAL_LINE_RE.match(nxt):
        return False
    posts = post_pattern().finditer(tail, max(0, len(tail) - 40))
    return any(post.end() == len(tail) for post in posts)


def _before_element(t: str) -> str:
    """The line up to a further element run on in it ("B. PARIS 1291  Classified By: ...":
    08LONDON1876), the line whole without one."""
    if "lassified" not in t and "LASSIFIED" not in t:
        return t
    cuts = [at for at in pre.anchors(t) if at > 0]
    return t[: cuts[0]] if cuts else t


def ref_continuation(queue: LineQueue, first: Line) -> list[Line]:
    """The lines of a REF block after its first. The block goes on over blank lines and
    page breaks to entries that follow ("B. STATE 12"), and over a repeated ``REF:``;
    a ``REF:`` alone at a line's end takes the next line that has text, however long.
    Lines that run other header elements in (``... Classified By: ...``) are cut there."""
    out: list[Line] = []
    empty = not pre.without_ref_head(first.text).strip()
    if (
        (line := queue.peek()) is not None
        and line.number == first.number
        and not REF_AGAIN_RE.match(line.text)
    ):
        return out  # the rest of the REF's own line, cut off: another element, or the body
    while (line := queue.peek()) is not None:
        if page_noise(line.text) and not _entries_after_page_head(line.text):
            queue.popleft()
            continue
        if line.blank:
            nxt = queue.next_with_text(1, _REF_GAP)
            if nxt is not None and (
                empty
                or (
                    _REF_CONT_RE.match(nxt.text)
                    and len(_before_element(nxt.text).strip()) < 90
                    and (REF_AGAIN_RE.match(nxt.text) or not stops_block(nxt.text))
                    and not opens_marked_paragraph(nxt.text)
                )
                or _serial_after_blank((out[-1] if out else first).text, nxt.text)
            ):
                queue.popleft()
                continue
            break
        t = line.text
        if not REF_AGAIN_RE.match(t) and (stops_block(t) or _marked_prose(t)):
            break  # (" (SBU) Poloff delivered reftel demarche ...": the body, unnumbered)
        parts = split_anchors(taken := queue.popleft())
        if len(parts) == 1 and (body_at := ref_body_run_in(t)) is not None:
            parts = split_at(taken, [body_at])  # "C. STATE 45792 (SBU) Post has undertaken"
        keep = 1
        while keep < len(parts) and REF_AGAIN_RE.match(parts[keep].text):
            keep += 1  # "A. REF: KATHMANDU 2282": a repeated head, not a new element
        out.extend(parts[:keep])
        if keep < len(parts):
            queue.push_front(parts[keep:])
            break
        empty = empty and not pre.without_ref_head(t).strip()
    return out


#: a Classified By line that ends before its reasons ("... Mills, Jr. for reasons")
_DANGLING_REASONS_RE = re.compile(r"\bREASONS?\s*:?\s*$", re.IGNORECASE)
#: the reasons on a line of their own ("1.4 (b) and (d).", "1.5 (B), (D)", "E.O. 12958, 1.4(D)")
_REASONS_LINE_RE = re.compile(r"^\s*(?:E\.?\s?O\.?\s?\d{5}[ \t]*,?[ \t]*)?1\.\s?[45]\b")
#: a line that gives the reasons, after a blank line ("REASON: 1.4 (b), (d)", "FOR REASONS")
_REASON_LINE_RE = re.compile(r"^\s*(?:FOR\s+)?REASONS?\b", re.IGNORECASE)


def block_until_blank(queue: LineQueue, first: Line | None = None) -> list[Line]:
    """The lines of a Classified By block after its ``first``, up to a blank line or the
    next element, taken from the queue; over a blank line to a line that gives the reasons
    ("REASON: 1.4 (b), (d)": 09TRIPOLI198), or to the reasons when the block ends with "for
    reasons" (08LONDON2159)."""
    out = _until_blank(queue)
    for _ in range(2):  # "REASONS:", a blank line, "1.4 (B) AND (D)" (08BERLIN1690)
        last = out[-1] if out else first
        nxt = queue.next_with_text(1, 3) if queue and queue.first().blank else None
        if nxt is None or not (
            _REASON_LINE_RE.match(nxt.text)
            or (
                last is not None
                and _DANGLING_REASONS_RE.search(last.text)
                and _REASONS_LINE_RE.match(nxt.text)
            )
        ):
            break
        while queue.first().blank:
            queue.popleft()
        out += _until_blank(queue)
    return out


def _until_blank(queue: LineQueue) -> list[Line]:
    out: list[Line] = []
    while queue and not queue.first().blank:
        t = queue.first().text
        if _DASHES_RE.match(t) or SUMMARY_HEADING_RE.match(t):
            break
        if (
            bodygrammar.match_paragraph_start(t)
            or (is_preamble_start(t) and not CLASSIFIED_BY_RE.search(t))
            or _marked_prose(t)  # "(C) On June 12 A/PolCouns met ...": the body, unnumbered
        ):
            break
        body_at = body_run_in(t)
        if body_at is None:  # "REASON: 1.4 (b), (d) (S) Ambassador telephoned": unnumbered
            body_at = reasons_body_run_in(t)
        if body_at is not None:  # "REASON: 1.4 (b), (d) 1. (C) In the absence ...": cut
            parts = split_at(queue.popleft(), [body_at])
            out.append(parts[0])
            queue.push_front(parts[1:])
            break
        out.append(queue.popleft())
    return out
