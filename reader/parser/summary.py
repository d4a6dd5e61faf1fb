"""The summary a cable's body gives: after "Summary:" or a SUMMARY heading, up to "End
Summary", else from the last SUMMARY before an END SUMMARY.

Found with patterns over the whole body, as the paragraphs are (reader/parser/paragraphs.py).
"""

from __future__ import annotations

import re

from reader.model.records import Paragraph
from reader.parser import body as bodygrammar
from reader.parser.noise import clean, without_line_signs, without_page_noise
from reader.parser.quicksearch import LineStartPattern, search_upper

__all__ = ["end_summary", "find_summary"]

#: END_SUMMARY_RE for upper-cased text, with its word boundary after the "END" (a pattern
#: that starts with a literal is found fast)
END_SUMMARY_UPPER_RE = re.compile(r"END(?<!\wEND)\s+(?:OF\s+)?SUMMARY\b")
#: a SUMMARY heading on a line of its own
#: (possessive quantifiers, as in parse._SUMMARY_HEADING_RE: linear on a line of blanks)
SUMMARY_HEADING = (
    r"[ \t]*+-*+[ \t]*+(?:BEGIN[ \t]+)?SUMMARY(?:[ \t]+AND[ \t]+(?:COMMENTS?|INTRODUCTION"
    r"|ACTION[ \t]+REQUEST))?[ \t]*+[:.]?+[ \t]*+-*+[ \t]*+$"
)
_SUMMARY_HEADING_ML_RE = re.compile("^" + SUMMARY_HEADING, re.MULTILINE | re.IGNORECASE)
#: "SUMMARY: text" at the start of a line before the first numbered paragraph
SUMMARY_LEAD = r"[ \t]*(?:BEGIN[ \t]+)?SUMMARY[ \t]*[:.\-][ \t]*(?=\S)"
#: where a summary starts when no usual opening is found: the last "SUMMARY" before END
#: SUMMARY that is a heading or a lead ("Summary:", "SUMMARY --", "Summary." or alone on a
#: line), not an END SUMMARY
_SUMMARY_START_RE = re.compile(
    r"(?<![A-Za-z])(?<!END\s)(?<!OF\s)(?:BEGIN\s+)?SUMMARY\b(?:[ \t]+AND[ \t]+[A-Z]+)?"
    r"[ \t]*+(?:[:.\-]+|(?=\r?\n))",
    re.IGNORECASE,
)
#: how far before END SUMMARY its start is looked for
_SUMMARY_WINDOW = 8000
#: a paragraph's number and marking at the start of a summary found in the text
_LEADING_NUMBER_RE = re.compile(r"^(?:¶\s*)?(?:\d{1,3}\s*[.)]\s*)?(?:\([A-Za-z/ \-]{1,12}\)\s*)?")
#: HTML residue in bodies stored with their markup
_TAG_RE = re.compile(r"<[^<>\n]{0,200}>")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r]*\n")
#: (found from the newlines: ``^`` with MULTILINE is tried at every character, 40 us over a
#: whole body)
SUMMARY_LEAD_LINE = LineStartPattern(SUMMARY_LEAD)
SUMMARY_HEADING_LINE = LineStartPattern(SUMMARY_HEADING, re.IGNORECASE)


def end_summary(text: str) -> int | None:
    """Where "END SUMMARY" (any case) starts in ``text``, or None."""
    if "ummary" not in text and "UMMARY" not in text:
        return None
    return search_upper(END_SUMMARY_UPPER_RE, bodygrammar.END_SUMMARY_RE, text)


def find_summary(
    text: str, paragraphs: list[Paragraph], begin: int, end: int, region: int
) -> tuple[str | None, int | None]:
    """SUMMARY text: after "Summary:" (or a SUMMARY heading) up to "End Summary"; and the
    line it was found on (which a heading gives even when the summary is empty).

    ``begin`` is where the body starts, ``end`` where this cable's text ends and
    ``region`` where the last look for an END SUMMARY starts (the subject or Classified By
    line, which sometimes run into the first paragraph)."""
    # (the text before the first numbered paragraph; unnumbered paragraphs may stand there)
    lead_end = next((p.start for p in paragraphs if p.number is not None), end)
    headed = False  # a SUMMARY heading alone above paragraph 1: the text it heads is below
    if paragraphs and paragraphs[0].number is None and _heading_only(paragraphs[0]):
        headed = "SUMMARY" in paragraphs[0].text.upper()
        paragraphs = paragraphs[1:]
    lead = SUMMARY_LEAD_LINE.search(text, begin, lead_end)
    if lead is None:
        alone = SUMMARY_HEADING_LINE.search(text, begin, lead_end)
        if alone and text[alone[1] : lead_end].strip(" -\n"):
            lead = alone  # "BEGIN SUMMARY" on a line of its own, then unnumbered text
    rest = text[lead[1] : lead_end].lstrip(" -\n") if lead else ""
    if lead and rest:  # "SUMMARY: ..." before paragraph 1 (older cables)
        stop = end_summary(rest)
        para = rest[:stop] if stop is not None else _BLANK_LINE_RE.split(rest, 1)[0]
        found = clean(without_line_signs(para)).strip(" -")
        if _WORD_RE.search(found):
            # else a heading over paragraph 1, its rule of dashes or "=======" (08SANJOSE155)
            # or a preview's "-----..." (04THEHAGUE1446): read below
            return found, text.count("\n", 0, lead[0]) + 1
    # (a heading run into paragraph 1, "SUMMARY ------- 1. (SBU) ...": read on below)
    for k, p in enumerate(paragraphs):
        m = bodygrammar.SUMMARY_RE.match(p.text)
        if not m:
            before = text[paragraphs[k - 1].end if k else begin : p.start]
            heading = (
                (headed and k == 0)
                or bool(_SUMMARY_HEADING_ML_RE.search(before))
                or (
                    k > 0 and paragraphs[k - 1].text[-30:].rstrip(" -").upper().endswith(" SUMMARY")
                )
            )
            if not heading:
                continue
        pieces: list[str] = []
        first_text = p.text[m.end() :] if m else p.text
        for q in [first_text, *(x.text for x in paragraphs[k + 1 : k + 6])]:
            stop = end_summary(q)
            if stop is not None:
                pieces.append(q[:stop])
                break
            pieces.append(q)
        else:
            pieces = [first_text]  # no END SUMMARY: the paragraph that carries it
        summary = clean(" ".join(pieces)).strip(" -")
        return summary or None, p.line
    return _summary_before_end(text, paragraphs, begin, end, region)


#: a word of a paragraph
_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def _heading_only(p: Paragraph) -> bool:
    """The paragraph is a heading of a word or two, unmarked."""
    return p.marking is None and len(_WORD_RE.findall(p.text, 0, 80)) <= 2 and len(p.text) < 80


def _summary_before_end(
    text: str, paragraphs: list[Paragraph], begin: int, end: int, region: int
) -> tuple[str | None, int | None]:
    """The summary of a cable that says END SUMMARY but none of the usual openings: from
    the last SUMMARY before it ("------- SUMMARY -------", "Summary:", "(C) Summary.")
    or else from the start of the paragraph that holds it. The search starts at the
    subject or Classified By line, which sometimes run into the first paragraph."""
    at = end_summary(text[region:end])  # not in a cable glued on after this one
    if at is None:
        return None, None
    stop = region + at
    window_start = max(region, stop - _SUMMARY_WINDOW)
    leads = list(_SUMMARY_START_RE.finditer(text, window_start, stop))
    lead = leads[-1] if leads else None
    if lead is not None:
        start = lead.end()
        found = text[start:stop]
        line = text.count("\n", 0, lead.start()) + 1
    else:
        holder = next((p for p in paragraphs if p.start <= stop <= p.end), None)
        if holder is None:
            if not (begin < stop and (not paragraphs or stop < paragraphs[0].start)):
                return None, None
            # the unnumbered text that opens the body, up to END SUMMARY
            return _found_summary(text[begin:stop], text.count("\n", 0, begin) + 1)
        k = paragraphs.index(holder)
        cut = end_summary(holder.text)
        found = holder.text[:cut] if cut is not None else ""
        if not found.strip(" -") and k > 0:  # END SUMMARY opens the next paragraph
            holder = paragraphs[k - 1]
            found = holder.text
        line = holder.line
    return _found_summary(found, line)


def _found_summary(found: str, line: int) -> tuple[str | None, int | None]:
    """A summary found in the text, cleaned: no markup, page noise or paragraph number."""
    if "<" in found:
        found = _TAG_RE.sub(" ", found)
    summary = clean(without_page_noise(without_line_signs(found))).strip(" -")
    summary = _LEADING_NUMBER_RE.sub("", summary)  # "1. (U) Econoff met ..."
    if not summary:
        return None, None
    return summary, line
