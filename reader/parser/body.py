"""Grammar of the body: numbered paragraphs with their portion markings, summary, signers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.model.records import Marking
from reader.parser.markings import PAREN_RE, parse_portion

__all__ = [
    "ParagraphStart",
    "match_paragraph_start",
    "find_signers",
    "SUMMARY_RE",
    "END_SUMMARY_RE",
]

# "1. (C) text", "¶1. (C)", "- 11. (C)" (a paragraph sign mangled into "- 1"), "12) (S) text"
_PARA_RE = re.compile(
    r"^(?P<lead>\s*(?:¶\s*|&para;\s*|-\s(?=1\d{1,3}\s*\.))?)"
    r"(?P<mangled>(?<=- )1)?(?P<num>\d{1,3})\s*(?P<sep>[.)])(?!\d)"
    r"(?P<gap>\s*)"
)
_MARK_AT_RE = re.compile(r"\s*" + PAREN_RE.pattern)

SUMMARY_RE = re.compile(
    r"(?:BEGIN\s+)?SUMMARY(?:\s+AND\s+(?:COMMENTS?|INTRODUCTION|ACTION\s+REQUESTS?))?\s*[:.\-]",
    re.IGNORECASE,
)
END_SUMMARY_RE = re.compile(r"\bEND\s+(?:OF\s+)?SUMMARY\b", re.IGNORECASE)


@dataclass(slots=True)
class ParagraphStart:
    """What the first line of a numbered paragraph says (not frozen, for speed: one is
    made for every line that may open a paragraph; nothing changes one once made)."""

    number: int
    marking: Marking | None
    marking_start: int | None  # offsets within the line text
    marking_end: int | None
    text_start: int  # where the paragraph's own text starts within the line


def match_paragraph_start(text: str) -> ParagraphStart | None:
    """Recognise the first line of a numbered paragraph."""
    m = _PARA_RE.match(text)
    if not m:
        return None
    lead, mangled, num, sep, gap = m.groups()  # (one call: this runs for every candidate)
    number = int(num)
    if lead and lead.strip() == "-" and not mangled:
        # the seed's "- 11." is a mangled "¶1.", whose leading 1 belongs to the sign; a
        # dash before any other number opens no paragraph
        return None
    after = m.end()
    # (the patterns below match ``text`` from ``after``: no copy of the rest of the line)
    if sep == ")" and not text[after:].strip():
        return None
    if sep == "." and not gap and text[after : after + 1].isalnum():
        # "1.5 million": decimals are common; "3.xxxxxxxxxxxx" is redacted text, and
        # "1.Key Points: ...", "2.NSOI's interest ..." a paragraph whose blank was lost (a
        # capital and a letter, and more words after them; "paragraph" / "2.Bradtke" is a
        # reference's number before the signer)
        if text[after : after + 4] not in ("xxxx", "XXXX") and not (
            text[after].isupper()
            and text[after + 1 : after + 2].isalpha()
            and " " in text[after:].strip()
        ):
            return None
    mm = _MARK_AT_RE.match(text, after)
    marking = None
    ms = me = None
    text_start = after
    if mm:
        found = mm.group(0)
        marking = parse_portion(found.strip())
        if marking is not None:
            ms = after + (len(found) - len(found.lstrip()))
            me = mm.end()
            text_start = me
    if marking is None and "ENTIRE" in text[after : after + 60].upper():
        bare = _BARE_ENTIRE_RE.match(text, after)
        if bare:  # "1. SECRET - ENTIRE TEXT.", "1.Secret - Entire Text.": the level written
            # out, no parentheses
            marking = parse_portion(_LOU_RE.sub("LOU", bare.group(1)).upper())
            if marking is not None:
                ms, me = bare.start(1), bare.end(1)
                text_start = me
    if marking is None and sep == ")" and text[after:].lstrip()[:1] not in _UPPER_OR_PAREN:
        return None
    return ParagraphStart(number, marking, ms, me, text_start)


#: "SECRET - ENTIRE TEXT" opening paragraph 1 of older cables, without parentheses
_BARE_ENTIRE_RE = re.compile(
    r"\s*((?:TOP\s+SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED\s+OFFICIAL\s+USE)"
    r"\s*(?:-+|–|:)?\s*ENTIRE\s+TEXT)\b",
    re.IGNORECASE,
)
_LOU_RE = re.compile(r"LIMITED\s+OFFICIAL\s+USE", re.IGNORECASE)
_UPPER_OR_PAREN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ(")
_SIGNER_WORD = r"[A-Z][A-Za-z'’\-]+|[A-Z]\.|[a-z]{2,3}(?= [A-Z])"
_SIGNER_LINE_RE = re.compile(
    r"^\s*(?P<names>(?:" + _SIGNER_WORD + r")(?:[ /]+(?:" + _SIGNER_WORD + r")){0,3})\s*[#*]*\s*$"
)
#: what ends the body's last sentence before a signer without a stop of its own: an end mark
#: ("END COMMENT THORNE"), a page header's part count ("CAIRO 00001918 002 OF 002 Scobey"),
#: the year of the date that closes a letter quoted last ("July 30, 2009 CRETZ": 09TRIPOLI632)
_END_WORDS = (
    r"END\s+(?:COMMENT|TEXT|NOTE|SUMMARY)|MINIMIZE\s+CONSIDERED|\d{3}(?:\.\d)?\s+OF\s+\d{3}"
    r"|(?<=\d,\s)(?:19|20)\d\d"
)
_SIGNER_TAIL_RE = re.compile(
    r"(?:[.!?\"”)]|X{4,}|\b(?:" + _END_WORDS + r"))"
    r"\s+(?P<name>[A-Z][A-Z'’\-]{2,}(?:\s+[A-Z][A-Z'’\-]{2,})?)\.?\s*[#*]*\s*$"
)
#: a surname in title case after the body's last sentence, with no stop after it (not
#: after an initial's stop: "RSO Peshawar, David J. Hazarian" names a point of contact)
_SIGNER_TITLE_TAIL_RE = re.compile(
    r"(?:(?<!\b[A-Z])[.!?]|[\"”)]|X{4,}|\b(?i:" + _END_WORDS + r"))"
    r"[ \t]+(?P<name>[A-Z][a-z][A-Za-z'’\-]+)[ \t]*[#*]*[ \t]*$"
)
#: the post's line that ends many bodies: "Visit Embassy Manama's Classified Website: ..."
_WEBSITE_RE = re.compile(r"Classified\s+Web\s?site\b", re.IGNORECASE)
#: a surname as the line's last word, after a blank
_AFTER_WEBSITE_RE = re.compile(
    r"(?<=\s)(?:X{4,})?(?P<name>[A-Z][A-Za-z'’\-]{2,})[ \t]*[#*]*[ \t]*$"
)
#: every character _SIGNER_TAIL_RE can match (matched on the reversed line)
_SIGNER_TAIL_CHARS_RE = re.compile(r"[A-Z0-9\s.!?\"”)'’\-#*]*")
_NOT_NAMES = {
    "END",
    "BT",
    "NNNN",
    "NNN",
    "UNQUOTE",
    "MINIMIZE",
    "QUOTE",
    "SUMMARY",
    "COMMENT",
    "CONFIDENTIAL",
    "SECRET",
    "UNCLASSIFIED",
    "UNCLAS",
    "NOFORN",
    "SIPDIS",
    "TOP",
    "NOTE",
    "TEXT",
    "MESSAGE",
    "CABLE",
    "THANKS",
    "POST",
    "REGARDS",
    "LIMITED",
    "OFFICIAL",
    "USE",
    "ONLY",
    "EXDIS",
    "NODIS",
    "SENSITIVE",
}


def find_signers(last_line: str, body_is_mixed_case: bool) -> tuple[list[str], int | None]:
    """The signers on the last line of the body, and where on the line they start.

    Returns ([], None) when the line is not a signature.
    """
    m = _SIGNER_LINE_RE.match(last_line)
    if m and len(last_line.strip()) <= 40:
        names = [n.strip() for n in m.group("names").split("/")]
        words = [w.upper() for n in names for w in n.split()]
        if words and not any(w in _NOT_NAMES for w in words):
            # "VAN VOORST" is one name; "RICE / BOLTON" are two
            return [n for n in names if n], m.start("names")
    if body_is_mixed_case:
        # (searched only in the line's last run of what the pattern can match: every
        # character it matches is one of _SIGNER_TAIL_CHARS, and it ends at the line's end;
        # tried at every full stop of a long run-together line, it cost 16 us a call)
        run = _SIGNER_TAIL_CHARS_RE.match(last_line[::-1])
        t = _SIGNER_TAIL_RE.search(last_line, len(last_line) - run.end())  # type: ignore[union-attr]
        if t and t.group("name").split()[0] not in _NOT_NAMES:
            return [t.group("name")], t.start("name")
        # "... with the President. Scobey": a name in title case run on after the last
        # sentence, with no stop of its own (a sentence's last word has one)
        t = _SIGNER_TITLE_TAIL_RE.search(last_line, max(0, len(last_line) - 48))
        if t and t.group("name").upper() not in _NOT_NAMES:
            return [t.group("name")], t.start("name")
    return website_signer(last_line)


def website_signer(line: str) -> tuple[list[str], int | None]:
    """The signer after the post's "Visit London's Classified Website: ..." trail on the
    body's last line (its URL, cut short, or a redaction, runs of asterisks, a page header
    after it): the line's last word, a name; ([], None) without one."""
    if "lassified" in line and _WEBSITE_RE.search(line):
        t = _AFTER_WEBSITE_RE.search(line, max(0, len(line) - 40))
        if t and t.group("name").upper() not in _NOT_NAMES and "XXX" not in t.group("name"):
            return [t.group("name")], t.start("name")
    return [], None
