"""Page breaks and blanks: what every role of the parser takes out of the text it keeps.

A cable printed on paper carries page-break lines ("PAGE 02 HARARE 05461 01 OF 02 271458Z")
and printer's rules between its pages; the header, the preamble and the body all skip them,
and every field is made single-spaced before it is kept.
"""

from __future__ import annotations

import re

__all__ = ["PAGE_NOISE", "clean", "page_noise", "without_line_signs", "without_page_noise"]

#: the page-break lines, without their line start and end (the patterns below add those)
PAGE_NOISE = (
    r"PAGE\s+\d{1,3}\b.*"
    r"|[A-Z][A-Z .'\-]{1,30}\s+\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}"
    r"|-{6,}[0-9A-F]{4,}\s+\d{6}Z\s*/\d+"
)
_PAGE_NOISE_RE = re.compile(r"^\s*(?:" + PAGE_NOISE + r")\s*$")


def page_noise(text: str) -> bool:
    """A page-break line ("PAGE 02 HARARE 05461 01 OF 02 271458Z") or a printer's rule."""
    return ("PAGE" in text or " OF " in text or "------" in text) and bool(
        _PAGE_NOISE_RE.match(text)
    )


#: page-break lines inside the body, removed from paragraph text
#: (led by a newline, which the regex engine finds fast: "^" with MULTILINE is tried at
#: every character)
_BODY_NOISE_RE = re.compile(r"\n[ \t]*(?:" + PAGE_NOISE + r")[ \t]*\r?(?=\n|$)")


#: a printed telegram's page head ("PAGE 02 HARARE 05461 02 OF 02 271459Z", "PAGE 02
#: VATICA 00819 190632Z", the post cut to six letters), and what runs on after it on its line:
#: the paragraph going on ("... 271459Z CONVINCING ZANU-PF"), kept; or the next section's
#: routing ("ACTION EUR-00") or nothing, which go with the head
_PAGE_HEAD_RE = re.compile(
    r"\n[ \t]*PAGE[ \t]+\d{1,3}[ \t]+[A-Z][A-Z .]{0,14}?[ \t]+\d{4,6}[ \t]+"
    r"(?:\d{2}[ \t]+OF[ \t]+\d{2}[ \t]+)?\d{6}Z\b(?:[ \t]*(?=\S)(?!ACTION\b)([^\n]*))?[^\n]*"
)
_CLASSIFICATION = r"(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)"
#: a page's running foot, the classification at the end of its last line, and a line of the
#: classification alone (with the printer's sequence number: "CONFIDENTIAL PTQ7827"), in a
#: chunk with a page break: a page's foot and the next page's head
_RUNNING_FOOT_RE = re.compile(
    r"[ \t]+" + _CLASSIFICATION + r"[ \t]*(?=\n(?:[ \t]*\n)*[ \t]*PAGE[ \t]+\d)"
)
_RUNNING_LINE_RE = re.compile(
    r"\n[ \t]*" + _CLASSIFICATION + r"(?:[ \t]+PTQ\d+)?[ \t]*\r?(?=\n|$)"
)


def _page_head(m: re.Match[str]) -> str:
    return "\n" + (m.group(1) or "")


def without_page_noise(chunk: str) -> str:
    """``chunk`` with its page-break lines emptied (their line ends stay): a printed
    telegram's page head, with the running heads and feet of the classification around it,
    but not the text that runs on after the head on its line."""
    text = "\n" + chunk
    if "PAGE" in chunk and _PAGE_HEAD_RE.search(text):
        text = _RUNNING_FOOT_RE.sub("", text)
        text = _RUNNING_LINE_RE.sub("\n", text)
        text = _PAGE_HEAD_RE.sub(_page_head, text)
    return _BODY_NOISE_RE.sub("\n", text)[1:]


#: the paragraph sign a WikiLeaks page puts before a number or letter that opens a line,
#: where no paragraph opens (the day of a date wrapped onto the line, "November\n¶28.
#: Ramaer said": 03THEHAGUE2983; a list's "¶A."): the plain text copy has none
_LINE_SIGN_RE = re.compile(r"(?<=\n)([ \t]*)¶")


def without_line_signs(chunk: str) -> str:
    """``chunk`` without the paragraph signs that open its lines after the first."""
    return _LINE_SIGN_RE.sub(r"\1", chunk) if "¶" in chunk else chunk


#: Above this many characters a text is made single-spaced a piece at a time (each piece
#: ending at a blank, so no word is cut): one split of a 16 MB paragraph would make a
#: string object of every word, ten times the text in memory. A pattern's sub() is no
#: better: it keeps every piece of its result in a list before joining them.
_LONG_TEXT = 1 << 16
_BLANK_RE = re.compile(r"\s")


def clean(text: str) -> str:
    """``text`` single-spaced: every run of blanks one space, none at either end."""
    if len(text) <= _LONG_TEXT:
        return " ".join(text.split())
    pieces = []
    start, end = 0, len(text)
    while start < end:
        stop = min(end, start + _LONG_TEXT)
        if stop < end:
            blank = _BLANK_RE.search(text, stop)
            stop = blank.start() if blank else end
        piece = " ".join(text[start:stop].split())
        if piece:
            pieces.append(piece)
        start = stop
    return " ".join(pieces)
