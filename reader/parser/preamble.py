"""Grammar between banner and body: handling, E.O., TAGS, SUBJECT, REF, Classified by."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from dateutil import parser as dateparser

from reader.model.posts import id_spelling, known_posts, post_pattern, spellings
from reader.model.records import ClassifiedBy, Declassification, Reference

__all__ = [
    "anchors",
    "anchor_at_start",
    "HANDLING_WORDS",
    "handling_words",
    "parse_classified_by",
    "parse_eo",
    "parse_references",
    "without_page_breaks",
    "without_ref_head",
    "parse_tags",
]

#: Distribution and handling caveats that stand on lines of their own.
HANDLING_WORDS: tuple[str, ...] = (
    "SIPDIS",
    "NOFORN",
    "NODIS",
    "EXDIS",
    "LIMDIS",
    "STADIS",
    "ROGER",
    "CHEROKEE",
    "TERREP",
    "SENSITIVE",
    "ORCON",
    "NOCONTRACT",
    "PROPIN",
    "FGI",
    "SPECAT",
    "DISSENT CHANNEL",
    "EYES ONLY",
    "FOR OFFICIAL USE ONLY",
    "NOT FOR INTERNET DISTRIBUTION",
    "CORRECTED COPY",
)
_HANDLING_RE = re.compile(
    r"(?<![A-Z])(" + "|".join(w.replace(" ", r"\s+") for w in HANDLING_WORDS) + r")(?![A-Z])",
    re.IGNORECASE,
)

#: What a letter matches under re.IGNORECASE, where that is more than its two cases.
_FOLDS = {"I": "Ii\u0130\u0131", "K": "Kk\u212a", "S": "Ss\u017f"}


def _spellings(letter: str) -> str:
    """The characters ``(?i:letter)`` matches: ``S`` -> ``Ssſ``."""
    upper = letter.upper()
    return _FOLDS.get(upper, upper + upper.lower())


def _any_case(word: str) -> str:
    """``(?i:word)`` with each letter spelled out: ``tags`` -> ``[Tt][Aa][Gg][Ssſ]``."""
    return "".join(f"[{_spellings(ch)}]" if ch.isalpha() else re.escape(ch) for ch in word)


def _any_case_alternatives(word: str, rest: str) -> str:
    """``(?i:word)rest`` as one alternative per spelling of the first letter of ``word``."""
    tail = _any_case(word[1:]) + rest
    return "|".join(first + tail for first in _spellings(word[0]))


#: Where a header element starts; used to cut lines that hold several elements. It reads as
#:     E\.\s?O\.\s?\d{5}|EO\s+\d{5}|TAGS?\s*:|AGS\s*:|SUBJECT\s*:|SUBJ\s*:|REFS?\s*:|REFTELS?\s*:
#:     |(?i:E\.o\.\s?\d{5}|tags\s*:|subject\s*:|refs?\s*:|classified\s+by\b)
#:     |CLASSIFIED\s+BY\b|Classified\s+By\b
#: with the case-blind words spelled out, so that every alternative starts with a plain
#: letter: the regex engine then skips to the letters that can start one (C, E, R, S, T in
#: either case), where it tried every alternative at every position (2.5 times quicker).
_ANCHOR_WORDS_RE = re.compile(
    r"E\.\s?O\.\s?\d{5}|EO\s+\d{5}|TAGS?\s*:|AGS\s*:|SUBJECT\s*:|SUBJ\s*:|REFS?\s*:|REFTELS?\s*:|"
    + _any_case_alternatives("e.o.", r"\s?\d{5}")
    + "|"
    + _any_case_alternatives("tags", r"\s*:")
    + "|"
    + _any_case_alternatives("subject", r"\s*:")
    + "|"
    + _any_case_alternatives("ref", _any_case("s") + r"?\s*:")
    + "|"
    + _any_case_alternatives("classified", r"\s+" + _any_case("by") + r"\b")
    + r"|CLASSIFIED\s+BY\b|Classified\s+By\b"
)
#: (a quote too: CSV-dumped lines run elements together as ``,,""TAGS: PINR``)
_BEFORE_ANCHOR = frozenset('abcdefghijklmnopqrstuvwxyz0123456789.,:;) \t"')


def _anchor_allowed(text: str, at: int) -> bool:
    """An element may start at the line start, after a lower-case letter, digit, punctuation
    or blank, or after four capitals (``...001352SIPDISE.O. 12958``)."""
    if at == 0 or text[at - 1] in _BEFORE_ANCHOR:
        return True
    if text.startswith("EO", at):
        return False  # "MONTEVIDEO 00554": the end of a word, not E.O. without its dots
    before = text[max(0, at - 4) : at]
    return len(before) == 4 and before.isalpha() and before.isupper()


#: the E.O. a Classified By line gives its reasons under: "E.O. 12958, reasons 1.4 (b)",
#: "reasons: E.O. 12958 1.4 (b,d)", "E.O. 12958, 1.4(D)", "E.O. 12958. Reasons 1.4 (b/d)" (an
#: E.O. line goes on with a colon, DECL or a date); no element starts there
_EO_OF_REASONS_RE = re.compile(
    r"E\.?\s?O\.?\s?\d{5}[ \t]*[,.]?[ \t]*"
    r"(?:(?i:reasons?)\b|1[ \t]?\.(?:[ \t]?[456]|[ \t]*$)|\([ \t]?[a-hA-H][ \t]?\))"
)


def anchors(text: str) -> list[int]:
    """Offsets in ``text`` where a header element (E.O., TAGS, SUBJECT, REF, Classified By)
    starts, so that a line holding several elements can be cut."""
    return [
        m.start()
        for m in _ANCHOR_WORDS_RE.finditer(text)
        if _anchor_allowed(text, m.start()) and not _EO_OF_REASONS_RE.match(text, m.start())
    ]


def anchor_at_start(text: str) -> bool:
    return _ANCHOR_WORDS_RE.match(text) is not None and _EO_OF_REASONS_RE.match(text) is None


_HANDLING_STARTS = frozenset(w[:3] for w in HANDLING_WORDS) | {"C O", "(CO"}
_HANDLING_REST_RE = re.compile(r"[\s,;/.\-()]+|C\s?O\s?R\s?R\s?E\s?C\s?T\s?E\s?D\s+C\s?O\s?P\s?Y")


_HANDLING_SET = frozenset(HANDLING_WORDS)


#: a release caveat on a line of its own: "RELEASABLE TO PAKISTAN", "REL NATO/AUST/NZ/ISAF"
_RELEASABLE_RE = re.compile(
    r"^\s*REL(?:EASABLE)?(?:\s+TO)?\s+([A-Z]{2,}(?:\s*(?:[,/]|\s|\bAND\b)\s*[A-Z]{2,}){0,12})\s*\.?\s*$"
)


def handling_words(text: str) -> list[str] | None:
    """The caveats on a line that holds nothing else, else None."""
    start = text.lstrip()[:3]
    if start == "REL":
        rel = _RELEASABLE_RE.match(text)
        return ["REL TO " + " ".join(rel.group(1).split())] if rel else None
    if start.upper() not in _HANDLING_STARTS:
        return None
    word = text.strip()
    if word in _HANDLING_SET:  # the common line: "SIPDIS"
        return [word]
    found = [" ".join(m.group(1).upper().split()) for m in _HANDLING_RE.finditer(text)]
    if not found:
        return None
    rest = _HANDLING_RE.sub("", text)
    rest = _HANDLING_REST_RE.sub("", rest)
    return None if rest else found


# ---------------------------------------------------------------------------
# E.O. line

_EO_RE = re.compile(r"^\s*E\.?\s?O\.?\s*(?P<eo>\d{5})\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_DECL_ONLY_RE = re.compile(r"^\s*DECL\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_DATE_RE = re.compile(r"\b(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})\b")
_CODE_RE = re.compile(
    r"\b(?=[25GMNOTX])"  # the first characters of the codes: a quick test at each position
    r"(25X\d|50X\d(?:-[A-Z]+)?|X[1-8]|OADR|MR|N/A|NA|GDS|XGDS(?:-\d)?|TWENTY YEARS|TEN YEARS)\b",
    re.IGNORECASE,
)


def _parse_date(text: str) -> date | None:
    m = _DATE_RE.search(text)
    if not m:
        return None
    a, b, c = m.groups()
    try:
        if len(a) == 4:  # 2020/02/09
            return date(int(a), int(b), int(c))
        year = int(c)
        if len(c) == 2:
            year += 1900 if year >= 50 else 2000
        month, day = int(a), int(b)
        if year >= 1000:
            try:
                return date(year, month, day)  # month first, as dateutil reads it; and quicker
            except ValueError:
                pass  # no such day: dateutil reads it its own way
        parsed = dateparser.parse(f"{month}/{day}/{year}", dayfirst=False)
        return parsed.date()
    except (ValueError, OverflowError):
        return None


_WRITTEN_DATE_RE = re.compile(
    r"\b(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b",
    re.IGNORECASE,
)
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _parse_written_date(text: str) -> date | None:
    """``JUNE 21, 2006`` -> date(2006, 6, 21)."""
    m = _WRITTEN_DATE_RE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), _MONTHS.index(m.group(1).upper()) + 1, int(m.group(2)))
    except ValueError:
        return None


def parse_eo(text: str, line: int | None = None) -> Declassification | None:
    """``E.O. 12958: DECL: 05/07/2017`` -> Declassification(eo, raw, date, code)."""
    m = _EO_RE.match(text)
    if m:
        eo: str | None = m.group("eo")
        rest = m.group("rest")
    else:
        m2 = _DECL_ONLY_RE.match(text)
        if not m2:
            return None
        eo, rest = None, m2.group("rest")
    if "TAG" in rest:
        rest = _BEFORE_TAGS_RE.split(rest, maxsplit=1)[0]
    rest = rest.strip()
    raw = text.strip()
    code: str | None = None
    when: date | None = None
    if _DECLASSIFIED_RE.search(rest):
        code = "NARA" if "NARA" in rest.upper() else "DECLASSIFIED"
        when = _parse_date(rest) or _parse_written_date(rest)
    else:
        pm = _DECL_PREFIX_RE.match(rest)
        body = rest[pm.end() :] if pm else rest
        when = _parse_date(body)
        cm = _CODE_RE.search(body)
        if cm:
            code = cm.group(1).upper()
            if code == "NA":
                code = "N/A"
        if when and code in ("MR",):
            code = None
    return Declassification(eo=eo, raw=raw, date=when, code=code, line=line)


# ---------------------------------------------------------------------------
# TAGS

_TAGS_HEAD_RE = re.compile(r"^\s*(?:TAGS?|TAGE|TAS|AGS)\b\s*:?\s*", re.IGNORECASE)


#: a group holds no "(": a "(" that is never closed is passed over once, where "[^)]*" ran
#: to the line's end from every one of them (40,000 "(" took seconds)
_TAG_PIECE_RE = re.compile(r"\(([^()]*)\)|([^,\s;()]+)|([,;])")
_TAG_MARKS_RE = re.compile(r"[(),;]")
_NAME_WORD_TAG_RE = re.compile(r"^[A-Za-z][A-Za-z'\-]+$")


def _known_tag(word: str) -> bool:
    from reader.model.codes import tag

    return tag(word.upper()).known


def _person_pair(surname: str, given: str) -> bool:
    """``HALVERSEN, MARGARET``: two words that are names, not TAGS codes."""
    if len(surname) < 4 or len(given) < 3 or max(len(surname), len(given)) < 6:
        return False  # two short words are more likely two codes nobody listed
    if not (_NAME_WORD_TAG_RE.match(surname) and _NAME_WORD_TAG_RE.match(given)):
        return False
    return not _known_tag(surname) and not _known_tag(given)


def _phrase_tag(word: str, pieces: list[tuple[str, str]], i: int) -> tuple[str, int] | None:
    """The written-out tag that ``word`` starts, its words up to the next separator, and
    the index of the piece after it; None unless each word is a name-like word and none a
    known code ("ECON KISL" between two commas are two codes)."""
    words = [word]
    while i < len(pieces) and pieces[i][0] == "word":
        words.append(pieces[i][1])
        i += 1
    if i < len(pieces) and pieces[i][0] != "sep":
        return None  # a group follows: "OVIP (CLINTON, HILLARY)"
    if any(not _NAME_WORD_TAG_RE.match(w) or _known_tag(w) for w in words):
        return None
    return " ".join(words).upper(), i


def _codes_of_four(text: str) -> list[str] | None:
    """``text`` cut into known codes of four letters, or None."""
    if not text:
        return []
    if len(text) % 4 or not _known_tag(text[:4]):
        return None
    rest = _codes_of_four(text[4:])
    return None if rest is None else [text[:4], *rest]


def _glued_codes(token: str) -> list[str] | None:
    """``KFRDCVISCMGTEG`` -> KFRD CVIS CMGT EG: codes the release wrote without their blanks,
    when the whole token cuts into known codes of four letters and at most one
    country code of two at either end; None otherwise (a word, a code we do not know)."""
    if len(token) < 6 or not token.isalpha() or _known_tag(token):
        return None
    tries: list[tuple[list[str], str, list[str]]] = [([], token, [])]
    if _known_tag(token[:2]):
        tries.append(([token[:2]], token[2:], []))
    if _known_tag(token[-2:]):
        tries.append(([], token[:-2], [token[-2:]]))
    for head, middle, tail in tries:
        codes = _codes_of_four(middle)
        if codes:
            return [*head, *codes, *tail]
    return None


def _unglued(tags: list[str]) -> list[str]:
    """``tags`` with each glued run of codes cut into its codes (each code once)."""
    out: list[str] = []
    for tag in tags:
        for code in _glued_codes(tag) or [tag]:
            if code not in out:
                out.append(code)
    return out


def parse_tags(text: str) -> list[str]:
    """``TAGS: PREL MARR RU EZ`` (or comma separated, wrapped) -> ["PREL", "MARR", "RU", "EZ"].

    Person tags stay whole: ``(STEINBERG, JAMES)`` and ``HALVERSEN, MARGARET`` (two names,
    neither a known code). In a comma-separated line (a WikiLeaks page's layout, which lists
    the subject keywords after the codes: ``TAGS PINR, ..., BU, Organized Crime``), words
    written together between two commas (``Human Rights``, ``GOI EXTERNAL``) or a word in
    lower case letters (``India-Burma``) is a keyword, no tag, unless the tags table knows
    it (``Colombo Plan``).
    """
    body = _TAGS_HEAD_RE.sub("", text, count=1).strip()
    if body.islower():  # a copy put in lower case whole: its codes are no keywords
        body = body.upper()
    tags: list[str] = []
    if not _TAG_MARKS_RE.search(body):  # words only, the common line: "PREL MARR RU EZ"
        for word in body.split():
            tag = word.strip(".").upper()
            if tag and tag not in tags:
                tags.append(tag)
        return _unglued(tags)
    pieces: list[tuple[str, str]] = []
    commas = False
    for group, word, sep in _TAG_PIECE_RE.findall(body):  # one of the three is not empty
        if word:
            pieces.append(("word", word.strip(".")))
        elif sep:
            pieces.append(("sep", sep))
            commas = True
        else:  # "(STEINBERG, JAMES)", or "()"
            pieces.append(("group", group.strip()))
    i = 0
    while i < len(pieces):
        kind, word = pieces[i]
        i += 1
        if kind == "sep" or not word:
            continue
        if kind == "group":
            tag = word
        elif (
            i + 1 < len(pieces)
            and pieces[i][0] == "sep"
            and pieces[i + 1][0] == "word"
            and (i + 2 == len(pieces) or pieces[i + 2][0] != "word")  # the given name ends it
            and word.upper() not in tags  # "IT, ITPHUM, ITPHUM": a code said again
            and word.upper() != pieces[i + 1][1].upper()
            and _person_pair(word, pieces[i + 1][1])
        ):
            tag = f"{word.upper()}, {pieces[i + 1][1].upper()}"
            i += 2
        elif (
            commas
            and i < len(pieces)
            and pieces[i][0] == "word"
            and (phrase := _phrase_tag(word, pieces, i))
        ):
            # "..., HUMAN RIGHTS", "..., GOI EXTERNAL": words between two commas, none a
            # code, are one written-out value: a subject keyword the page listed after the
            # codes, unless the table knows it as a tag ("..., COLOMBO PLAN")
            tag, i = phrase
            if not _known_tag(tag):
                continue
        elif commas and word[:1].isupper() and word[1:].islower() and len(word) > 2:
            words = [word]
            while i < len(pieces) and pieces[i][0] == "word":
                nxt = pieces[i][1]
                if not (nxt[:1].isupper() and nxt[1:].islower()):
                    break
                words.append(nxt)
                i += 1
            tag = " ".join(words).upper()
            if not _known_tag(tag):
                continue  # a subject keyword in title case ("..., Terrorism")
        elif commas and not word.isupper() and not _known_tag(word) and len(word) > 2:
            continue  # "..., India-Burma": a subject keyword as the page wrote it
        else:
            tag = word.upper()
        if tag not in tags:
            tags.append(tag)
    return _unglued(tags)


# ---------------------------------------------------------------------------
# REF

_KIND_WORDS: list[tuple[str, str]] = [
    (r"E-?MAILS?|EMAIL", "email"),
    (r"TELCONS?|TELECON|PHONE\s+CALL|TELEPHONE", "telcon"),
    (r"MEMCONS?|MEMOS?|MEMORANDUM", "memo"),
    (r"LETTERS?", "letter"),
    (r"MEETINGS?|CONVERSATIONS?|DISCUSSIONS?", "meeting"),
    (r"FAX", "fax"),
    (r"DIPLOMATIC\s+NOTE|DIP\s+NOTE", "note"),
    (r"REPORTS?|IIR|\bIR\b|TD-\d", "report"),
    (r"AIRGRAM|A-\d+|CA-\d+", "airgram"),
]

_KIND_RES = [
    (re.compile(r"(?<![A-Z])(?:" + p + r")(?![A-Z])", re.IGNORECASE), k) for p, k in _KIND_WORDS
]
#: any of the kinds: most entries name none, and one search tells so; the lookahead of the
#: letters the words start with is a quick test at each position
_KIND_FIRSTS = sorted({w.removeprefix(r"\b")[0] for p, _ in _KIND_WORDS for w in p.split("|")})
_ANY_KIND_RE = re.compile(
    rf"(?<![A-Z])(?=[{''.join(_KIND_FIRSTS)}])(?:"
    + "|".join(p for p, _ in _KIND_WORDS)
    + r")(?![A-Z])",
    re.IGNORECASE,
)
_BEFORE_TAGS_RE = re.compile(r"\s+(?=TAGS?\s*:)")
_DECLASSIFIED_RE = re.compile(r"DECLASSIFIED", re.IGNORECASE)
_DECL_PREFIX_RE = re.compile(r"^\s*DECL\s*:?\s*", re.IGNORECASE)
_REF_HEAD_RE = re.compile(r"^\s*(?:REFTELS?|REFERENCES?|REFS?)\s*:?\s*", re.IGNORECASE)
_REF_SERIAL_RE = re.compile(r"\s*0*(\d{1,6})\b(?!\s*/|:\d)|\s*0*(\d{1,6})/(?=\d{3})")
#: a further serial of the same post: "STATE 1234 AND 5678", "TRIPOLI 33, 53", "STATE 1234/5678";
#: not a date ("3/11/07") nor the year of the next entry ("AND 08 ALGIERS 75", checked apart)
_MORE_SERIAL_RE = re.compile(
    r"\s*(?:,|AND\b|&|/)\s*0*(\d{1,6})\b(?!\s*/|:\d|\.\d)"
    r"(?!\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\b)"
    r"(?!\s+[A-Z][A-Z.]*(?:\s+[A-Z][A-Z.]*){0,3}\s+\d)",  # "07 BsAs 1892": a year
    re.IGNORECASE,
)
#: a label left behind by a repeated head, "A. REF: LAGOS 066", and the pilcrow of a
#: paragraph anchor ("¶B. THE HAGUE 61"): neither is part of an entry
_SPACES_RE = re.compile(r"\s*")
_INNER_HEAD_RE = re.compile(r"(?<![A-Za-z])(?:REFS?|REFTELS?)\s*:|¶", re.IGNORECASE)
_DATE_AFTER_RE = re.compile(r"\s*\d{1,2}\s*,\s*\d{4}")
#: A year right before a post (``08 RIO DE JAN``, ``(08) STATE``): searched only in the few
#: characters before it (the lookbehind sees past the window's start), so a REF line of many
#: cables stays linear.
_YEAR_BEFORE_RE = re.compile(r"(?<![^\s(])(\d{4}|\d{2})\)?\s*$")
_YEAR_WINDOW = 40
#: A serial written before its post ("A) 00821 ASMARA"): padded with zeros as a banner pads
#: it, so never a year, and with no serial after the post; searched just before the post
_SERIAL_BEFORE_RE = re.compile(r"(?<![\w/.:-])(0\d{3,5})\s+$")
#: a padded serial with its year after a slash ("PANAMA 00933/08"), never a date's day
_SERIAL_SLASH_YEAR_RE = re.compile(r"\s*0\d{3,5}/(\d{2})\b(?![/.:]\d)")
#: the year in brackets after a serial: "DOHA 75 (08)", "THE HAGUE 3350 (2004)" (09DOHA214),
#: or the year of its date after it: "BOGOTA 3361 12 NOV 2009" (10STATE369), "STATE 1234 DTG
#: 081234Z MAY 08" (a month and a day with a comma, "MAY 2, 2007", may be a date of its own)
_YEAR_AFTER_RE = re.compile(
    r"\s*\((\d{4}|\d{2})\)"
    r"|,?\s+(?:(?:DTG|DTD|DATED|OF)\s+)?(?:\d{6}Z\s?(?=[A-Z]{3}\s?\d{2}\b)"
    r"|\d{1,2}[ -]?(?=[A-Z]{3}[A-Z]*[ -]?\d{4}\b))"
    r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*[ -]?(\d{4}|\d{2})\b",
    re.IGNORECASE,
)
_NO_SERIAL_AFTER_RE = re.compile(r"\s*(?:$|[;,.)]|AND\b|\(NOTAL\))", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"^[A-Za-z][A-Za-z.'’\-]*,?$")
_CLASSIFIED_BY_HEAD_RE = re.compile(r"^.*?CLASSIFIED\s+BY\s*:?\s*", re.IGNORECASE)
_NAME_SPLIT_RE = re.compile(
    r"(?=[,&.a])"  # a quick test at each position
    r"(?:,|\band\b|&|(?<![\s.][A-Z])(?<!^[A-Z])\.\s+(?=[A-Z][a-z]{2,}\b))"
)
#: "1.4", "1. 5"; the lookbehind is "\b1", written after the 1 so that the regex engine can
#: look for the 1 alone
_REASON_SECTION_RE = re.compile(r"1(?<!\w1)\s?[./]\s?([456])(?!\d)")
_REASON_END_RE = re.compile(
    r"(?=[1E\s])"  # a quick test at each position
    r"(?:\b1\s?[./]\s?[456](?!\d)|\bE\.?O\.?\b|(?<=\.)\s+[A-Z][a-z])"
)
_TRAILING_MARK_RE = re.compile(r"(?<=[a-hA-H)])[\s.]*\(\s*[CSU]\s*\)[\s.]*$")
_REASON_LETTER_RE = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z])")

_LABEL_RE = re.compile(
    r"(?=\(|[A-Za-z][.)])"  # a quick test at each position
    r"(?:\(\s?([A-Za-z])\s?\)|(?:(?<=^)|(?<=[\s;,.¶])|(?<=\d)(?=[B-H]\.\s))([A-Za-z])[.)])"
    r"(?=\s|[A-Z0-9(])",
)
#: "REF A ... REF B ...": labels written after a repeated REF and no colon
_REF_LETTER_RE = re.compile(r"(?:^|\bREF\s+)([A-H])\s+(?=\S)")
#: a zero typed for the letter O at the end of a post name: "SANTIAG0 465"
_ZERO_FOR_O_RE = re.compile(r"(?<=[A-Z]{3})0(?=\s+\d)")
#: a quick test before it, led by the zero (the lookbehind that leads it is tried at every
#: character of the entry)
_ZERO_HINT_RE = re.compile(r"0(?=\s+\d)")


_REF_B_RE = re.compile(r"\bREF\s+B\s")
#: a label after a REF and before a colon: "REF A: STATE 120288", "REF: REF A: BOGOTA 2629",
#: the same label before it too: "A. REF A: 07 TGG 1798"
_REF_LETTER_COLON_RE = re.compile(
    r"(?:(?<![A-Za-z])([A-H])[.)]\s*)?(?<![A-Za-z])REF(?:TEL)?\s+([A-H])\s*:"
)


#: its quick test, led by a literal (the pattern above is tried at every character)
_REF_LETTER_HINT_RE = re.compile(r"REF(?:TEL)?\s+[A-H]\s*:")


def _letter_label(m: re.Match[str]) -> str:
    """ "REF A:" written as the label "A. " (once, when the label stood before it too)."""
    before = f"{m.group(1)}. " if m.group(1) and m.group(1) != m.group(2) else ""
    return f"{before}{m.group(2)}. "


def without_ref_head(text: str) -> str:
    """A REF line without its ``REF:``."""
    return _REF_HEAD_RE.sub("", text, count=1)


@lru_cache(maxsize=1)
def _page_break_re() -> re.Pattern[str]:
    """A page-break header anywhere in a line: ``PAGE 02 ROME 01196 01 OF 02 271458Z`` (older
    cables) or ``TRIPOLI 00000563 001.2 OF 003`` (newer ones, often run into the text). The
    post before the serial is taken with it where it is a known one."""
    post = post_pattern().pattern
    return re.compile(
        r"\bPAGE\s+\d{1,3}\s+(?:[A-Z][A-Z.'\-]*\s+){1,4}\d{3,8}\s+\d{2,3}(?:\.\d)?\s+OF\s+\d{2,3}"
        r"(?:\s+\d{6}Z)?"
        rf"|(?:{post}\s+)?(?<!\d)\d{{5,8}}\s+\d{{2,3}}(?:\.\d)?\s+OF\s+\d{{2,3}}\b"
        # a section banner repeated on the next page: "SECTION 01 OF 02 CAIRO 000290"
        rf"|\bSECTION\s+\d{{1,3}}\s+OF\s+\d{{1,3}}\s+(?:{post}\s+)?\d{{3,8}}\b",
        re.IGNORECASE,
    )


#: every page-break header holds OF, blanks and a number (``01 OF 02``, ``001.3 OF 012``)
_PAGE_BREAK_SITE_RE = re.compile(r"OF\s+\d", re.IGNORECASE)
#: the characters a page-break header can hold (the post names' letters, digits, blanks and
#: ``.'-``, in any case as the header's pattern reads them) ...
_PAGE_BREAK_RUN_RE = re.compile(r"[\dA-Za-z\s.'\-]*", re.IGNORECASE)
#: ... and those it cannot: no header runs across one of them
_PAGE_BREAK_STOP_RE = re.compile(r"[^\dA-Za-z\s.'\-]", re.IGNORECASE)


def _run_start(text: str, at: int, site: int) -> int:
    """Where the run of characters a header can hold that reaches ``site`` starts, not before
    ``at``: the stop before it is looked for a window at a time, as runs are short in prose."""
    high = site
    while high > at:
        low = max(at, high - 256)
        stops = [stop.end() for stop in _PAGE_BREAK_STOP_RE.finditer(text, low, high)]
        if stops:
            return stops[-1]
        high = low
    return at


def without_page_breaks(text: str) -> str:
    """``text`` without the page-break headers in it: they are never REF entries.

    What ``_page_break_re().sub(" ", text)`` gives, but the pattern (a post name tried at
    each character) is tried only on the runs of characters a header can hold that hold an
    ``OF 2``: a REF block that runs on to the end of a cable written on one line (54,000
    characters) took 9 ms to search whole, 1 ms so."""
    if " OF " not in text and " of " not in text and " Of " not in text:
        return text
    pattern = _page_break_re()
    out: list[str] = []
    done = at = 0  # text[:done] is in out; no header starts before ``at`` that is not in it
    while site := _PAGE_BREAK_SITE_RE.search(text, at):
        start = _run_start(text, at, site.start())
        end = _PAGE_BREAK_RUN_RE.match(text, site.end()).end()  # type: ignore[union-attr]
        # the character after the run is read by the pattern's closing \b, never matched
        for header in pattern.finditer(text, start, min(end + 1, len(text))):
            out.append(text[done : header.start()])
            out.append(" ")
            done = header.end()
        at = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


#: a block whose every line a WikiLeaks page labelled "A.", "B." ... over the cable's own
#: labels: "A. (A) TRIPOLI 332, B) TRIPOLI 472, ... H) TRIPOLI B. 161" (08TRIPOLI819), "A. A.
#: SECSTATE 89892 B. B. WALKLET-TIGHE/JOHNSON E-MAILS" (09LONDON2102; written alike, both
#: labels are doubled, not "REF: A. REF: A. STATE 55370 B. CAIRO 2361": 09CAIRO2404)
_DOUBLED_LABELS_RE = re.compile(r"A\.\s*(?:\(A\)|A\)|A\.(?=.*\bB\.\s*B\.))")
#: the page's labels: a capital and a stop, alone
_PAGE_LABEL_RE = re.compile(r"(?<![A-Za-z.])([A-Z])\.\s+")


#: the cable's own label after the page's: "(B)", "B)"
_OWN_LABEL_RE = re.compile(r"\(?[A-Z]\)")
#: a cable opening the text after a page's label: "SAN JOSE 761", "07 STATE 17940"
_YEAR_OPENING_RE = re.compile(r"(?:\d{2}|\d{4})\s+")


def _opens_cable(text: str, at: int) -> bool:
    """``text`` opens with a cable at ``at``: a post, its year before it or not, a serial."""
    year = _YEAR_OPENING_RE.match(text, at)
    post = post_pattern().match(text, year.end() if year else at)
    return post is not None and _REF_SERIAL_RE.match(text, post.end()) is not None


def _without_page_labels(body: str) -> str:
    """A doubled block without the page's labels, A., B., C. in turn: they number its lines,
    not its entries, and a line may end inside an entry ("... FOR FEBRUARY 17 B. 2006 C. (B)
    ...": 06PARIS1031's first entry is the report of February 17, 2006). A page's label
    stays where a line of its own cites a cable without a label of the cable's ("A) STATE
    118278 B. SAN JOSE 761": 08SANJOSE883)."""
    out: list[str] = []
    done = 0
    expected = "A"
    for m in _PAGE_LABEL_RE.finditer(body):
        if m.group(1) == expected:
            expected = chr(ord(expected) + 1)
            if not _OWN_LABEL_RE.match(body, m.end()) and _opens_cable(body, m.end()):
                continue
            out.append(body[done : m.start()])
            done = m.end()
    out.append(body[done:])
    return " ".join("".join(out).split())


def _entries(block: str) -> list[tuple[str | None, str]]:
    """Split a REF block into (label, text) entries: ``A. X B. Y`` or ``X; Y``."""
    if ":" in block and _REF_LETTER_HINT_RE.search(block):
        block = _REF_LETTER_COLON_RE.sub(_letter_label, block)
    body = without_page_breaks(_REF_HEAD_RE.sub("", block))
    if "¶" in body or "REF" in body.upper():
        body = _INNER_HEAD_RE.sub(" ", body)
    body = " ".join(body.split())
    if _DOUBLED_LABELS_RE.match(body):
        body = _without_page_labels(body)
    if "REF" in body and _REF_B_RE.search(body):
        body = _REF_LETTER_RE.sub(lambda m: m.group(1) + ". ", body)
    # keep labels that run in sequence A, B, C ...
    seq: list[tuple[re.Match[str], str]] = []
    expected = "A"
    for m in _LABEL_RE.finditer(body):
        letter = (m.group(1) or m.group(2)).upper()
        if letter == expected:
            seq.append((m, letter))
            expected = chr(ord(expected) + 1)
    if seq:
        out: list[tuple[str | None, str]] = []
        head = body[: seq[0][0].start()].strip(" ;,")
        if head:
            out.append((None, head))
        for i, (m, label) in enumerate(seq):
            end = seq[i + 1][0].start() if i + 1 < len(seq) else len(body)
            out.append((label, body[m.end() : end].strip(" ;,")))
        return out
    return [(None, part.strip()) for part in body.split(";") if part.strip()]


def _cable_refs(
    text: str, cable_year: int | None, own: tuple[str, int] | None = None
) -> list[tuple[str, str]]:
    """Every ``[YY ]POST NUMBER`` in an entry -> (matched text, canonical ID); the ID is ""
    where it is the citing cable's own.

    Without a year the cable's own year is meant, except for an earlier cable of the same
    post with a higher serial than the citing cable's own: serials restart each year, so it
    is from the year before.
    """
    out: list[tuple[str, str]] = []
    if "0" in text and _ZERO_HINT_RE.search(text):
        text = _ZERO_FOR_O_RE.sub("O", text)
    posts = post_pattern()
    taken = 0  # where the last cable found ends: its serial is no year of the next
    for m in posts.finditer(text):
        start, end = m.span()
        num = _REF_SERIAL_RE.match(text, end)
        slashed = None if num else _SERIAL_SLASH_YEAR_RE.match(text, end)
        if slashed:  # "PANAMA 00933/08": the serial, then its year
            num = _REF_SERIAL_RE.match(text[: slashed.start(1) - 1], end)
        if not num:
            before = _serial_before(text, taken, start, end)
            if before is not None and cable_year is not None:
                serial, at = before
                ident = f"{cable_year % 100:02d}{id_spelling(m.group(0))}{serial}"
                if own is not None and ident[2:] == f"{own[0]}{own[1]}":
                    ident = ""  # the cable's own banner serial
                out.append((text[at:end], ident))
                taken = end
            continue
        if _DATE_AFTER_RE.match(text, end):  # a date "MAY 2, 2007", not a cable
            continue
        year: int | None = None
        ym = _YEAR_BEFORE_RE.search(text, max(taken, start - _YEAR_WINDOW), start)
        after = None if slashed else _year_after(text, num.end(), cable_year)
        if slashed:
            year = int(slashed.group(1))
        elif ym:
            year = int(ym.group(1)) % 100
            start = ym.start(1)
        elif after is not None:
            year = int(after.group(1) or after.group(2)) % 100
        elif cable_year is not None:
            year = cable_year % 100
        if year is None:
            continue
        post = id_spelling(m.group(0))
        serials = [(int(num.group(1) or num.group(2)), start, (slashed or num).end())]
        at = num.end() - (1 if num.group(2) else 0)  # "1234/5678": the slash is the joint
        if (dated_after := slashed or after) is not None:
            at = dated_after.end()
        while more := _MORE_SERIAL_RE.match(text, at):
            # "AND 08 ALGIERS 75": a year that opens the next entry, not a serial
            spaces = _SPACES_RE.match(text, more.end())
            if spaces is not None and posts.match(text, spaces.end()):
                break
            serials.append((int(more.group(1)), more.start(1), more.end()))
            at = more.end()
        taken = max(serials[-1][2], at)  # a year after the serial is no year of the next
        for serial, first, last in serials:
            if serial == 0:
                continue
            when = year
            dated = ym or slashed or after
            if not dated and own is not None and post == own[0] and serial > own[1]:
                when = (year - 1) % 100
            ident = f"{when:02d}{post}{serial}"
            if own is not None and cable_year is not None and (post, serial) == own:
                if when == cable_year % 100:
                    ident = ""  # a cable never cites itself (its own page header, its banner)
            out.append((text[first:last].strip(" ,&/"), ident))
    return out


def _year_after(text: str, at: int, cable_year: int | None) -> re.Match[str] | None:
    """The year in brackets right after a serial ending at ``at`` ("LIMA 248 (06)"), not
    later than the citing cable's own; None without one."""
    m = _YEAR_AFTER_RE.match(text, at)
    if m is None or cable_year is None:
        return m
    year = int(m.group(1) or m.group(2))
    if year < 100:
        year += 1900 if year >= 50 else 2000
    return m if year <= cable_year else None


def _serial_before(text: str, taken: int, start: int, end: int) -> tuple[int, int] | None:
    """(serial, where it starts) of a post written after its serial ("00821 ASMARA"), which
    nothing follows but the entry's end; None for any other post."""
    if not _NO_SERIAL_AFTER_RE.match(text, end):
        return None
    sm = _SERIAL_BEFORE_RE.search(text, max(taken, start - 12), start)
    if sm is None or not int(sm.group(1)):
        return None
    return int(sm.group(1)), sm.start()


#: An entry that is only a post and a serial, with a year before it and a label left over
#: ("B) ASHBABAT 817", "07 TR IPOLI 723"): where no known post was found in it, its name
#: may be a known one misspelt once (misspelt_post)
_POST_SERIAL_ENTRY_RE = re.compile(
    r"^(?:[A-H][.)]\s*)?(?:(\d{2})\s+)?([A-Z]+(?: [A-Z]+){0,2}) (0*\d{1,6})\s*[.;,]?$"
)
#: names this short are not mended: ROMA is a letter from ROME, LIMA from LIMA's neighbours
_MIN_MENDED = 5


@lru_cache(maxsize=1)
def _spellings_by_length() -> dict[int, list[tuple[str, str]]]:
    """Every known post spelling without its blanks -> its ID spelling, by length."""
    by_length: dict[int, list[tuple[str, str]]] = {}
    for spelt in spellings():
        letters = spelt.replace(" ", "")
        if letters.isalpha():
            by_length.setdefault(len(letters), []).append((letters, id_spelling(spelt)))
    return by_length


def _one_edit(a: str, b: str) -> bool:
    """``a`` is ``b`` with one letter changed, added or dropped, or two neighbours swapped."""
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


@lru_cache(maxsize=512)
def misspelt_post(name: str) -> str | None:
    """The post (ID spelling) that ``name`` (capitals, blanks between its words) spells with
    a blank too many (TR IPOLI) or one letter wrong (TRIPOLII, BEIJINJG, BRASILA, SATTE,
    SECTATE: SECSTATE): the one known post it is a letter from; None when there is none, or
    more than one, or the name is too short to tell."""
    letters = name.replace(" ", "")
    if len(letters) < _MIN_MENDED:
        return None
    by_length = _spellings_by_length()
    found = {post for spelt, post in by_length.get(len(letters), ()) if spelt == letters}
    if not found:
        found = {
            post
            for n in (len(letters) - 1, len(letters), len(letters) + 1)
            for spelt, post in by_length.get(n, ())
            if len(spelt) >= _MIN_MENDED and _one_edit(letters, spelt)
        }
    return found.pop() if len(found) == 1 else None


def _mended_refs(
    entry: str, cable_year: int | None, own: tuple[str, int] | None
) -> list[tuple[str, str]]:
    """The cable an entry of only a misspelt post and a serial cites ("BRASILA 931"), read
    as the known post; [] for any other entry."""
    m = _POST_SERIAL_ENTRY_RE.match(entry)
    post = misspelt_post(m.group(2)) if m else None
    if m is None or post is None:
        return []
    year = f"{m.group(1)} " if m.group(1) else ""
    found = _cable_refs(f"{year}{post} {m.group(3)}", cable_year, own)
    return [(entry[m.start(1) if m.group(1) else m.start(2) :].rstrip(" .;,"), i) for _, i in found]


def _kind(entry: str) -> str | None:
    """What a non-cable entry is (email, telcon, memo ...), if it says."""
    if _ANY_KIND_RE.search(entry):
        for pattern, kind in _KIND_RES:
            if pattern.search(entry):
                return kind
    return None


def parse_references(
    block: str,
    cable_year: int | None,
    line: int | None = None,
    own: tuple[str, int] | None = None,
) -> list[Reference]:
    """A REF block -> Reference per cable cited, or one per non-cable entry."""
    refs: list[Reference] = []
    for label, whole in _entries(block):
        if whole.endswith("_"):  # a rule between the last entry and the body run on after it
            whole = whole.rstrip("_ \t")
        if label is None and _HEAD_AGAIN_RE.match(whole):
            continue  # "REF: REF (A) MADRID 3785": the head said twice, no entry
        said = None  # the entry as the cable writes it, where it is read as another text
        if (serial := _BARE_SERIAL_RE.match(whole)) and (post := _post_before(refs)):
            said, whole = whole, f"{post} {serial.group(1)}"  # "A) CALCUTTA 00354 B) 00357"
        kind = _kind(whole)
        parts = [whole]
        if kind not in (None, "report") and ";" in whole:
            # one label over cables and other things: "A) 05 VATICAN 475; WARSAW 799;
            # MARTIN - CURTIN TELCONS": each part is what it says, when a part is a cable
            split = [part.strip() for part in whole.split(";") if part.strip()]
            if any(
                _kind(part) in (None, "report") and _cable_refs(part, cable_year, own)
                for part in split
            ):
                parts = split
        for entry in parts:
            if entry is not whole:
                kind = _kind(entry)
            cables = _cable_refs(entry, cable_year, own) if kind in (None, "report") else []
            if not cables and kind is None:
                cables = _mended_refs(entry, cable_year, own)
            if cables:
                for text, ident in cables:
                    if not ident or any(r.id == ident and r.label == label for r in refs):
                        continue  # the cable itself, or the same entry twice (a block repeated)
                    refs.append(
                        Reference(
                            label=label, text=said or text, id=ident, kind="cable", line=line
                        )
                    )
            elif entry:
                refs.append(
                    Reference(label=label, text=entry, id=None, kind=kind or "other", line=line)
                )
                for text, ident in _cables_beside(entry, kind, cable_year, own):
                    if not any(r.id == ident and r.label == label for r in refs):
                        refs.append(
                            Reference(label=label, text=text, id=ident, kind="cable", line=line)
                        )
    return refs


#: an entry that is only the head said again
_HEAD_AGAIN_RE = re.compile(r"^(?:REFS?|REFTELS?)\W*$", re.IGNORECASE)
#: an entry that is only a serial ("B) 00357"): of the post of the entry before
_BARE_SERIAL_RE = re.compile(r"^0*(\d{1,6})[.;,]?$")
#: the post of a cable entry without a year ("CALCUTTA 00354", not "05 Reykjavik 415")
_POST_ENTRY_RE = re.compile(r"^([A-Za-z][A-Za-z .'\-]*?)\s*\d{1,6}$")


def _post_before(refs: list[Reference]) -> str | None:
    """The post of the last entry read when it was a cable cited by post and serial without
    a year: a serial alone after it is that post's, of the same year; None otherwise (after a
    year, a serial alone is of no year that can be told)."""
    if not refs or refs[-1].kind != "cable":
        return None
    m = _POST_ENTRY_RE.match(refs[-1].text)
    return m.group(1) if m else None


#: what stands before a cable of its own in an entry of another kind: a comma or semicolon,
#: an AND, or a label ("EMAIL 05/11/07 B) TALLINN 347", "TELCON C. 09 MANAMA 731", "EMAILS TO
#: DUGUID/PULASKI/USNATO AND USNATO 00184": 07REYKJAVIK85)
_BESIDE_RE = re.compile(r"(?:[,;]|\b(?i:and)|(?:^|[\s,;])\(?[A-H][.)])\s*$")


def _cables_beside(
    entry: str, kind: str | None, cable_year: int | None, own: tuple[str, int] | None
) -> list[tuple[str, str]]:
    """The cables an email, telcon or meeting entry also cites: each after a comma, an AND
    or a label of its own, or at the entry's start ("STATE 81957: REPORT OF ... MEETING",
    "BOGOTA 3483 STEPHENSON-BROWNFIELD E-MAILS": 09PANAMA881); a post elsewhere in it is a
    word of the entry ("EMB LONDON")."""
    if kind in (None, "report"):
        return []
    out = []
    at = 0
    for text, ident in _cable_refs(entry, cable_year, own):
        start = entry.find(text, at)
        if not ident or start < 0:
            continue
        at = start + len(text)
        if start == 0 or _BESIDE_RE.search(entry, 0, start):
            out.append((text, ident))
    return out


# ---------------------------------------------------------------------------
# Classified By

_TITLE_WORDS = {
    w.upper()
    for w in """
    a acting actg affairs agency ambasador ambassador amb a/s ag an and assistant att attache
    a.i. ai a.i ad interim bureau charge chargé chief cg com commercial consul consular
    consulate counselor counsellor couns conoff d'affaires d’affaires dcm deputy department
    das dep director div division dpo econ econoff economic economics embassy environment
    executive for general head i. interagency labor legal m/c management mgmt minister
    minister-counselor mission of office officer pao pas pol polcouns pol/econ polecon
    poloff political political/economic polmil pol-mil principal provincial public regional
    rso science secretary section senior special state the to u.s. us usa usun usau usnato
    usoas useu under vice acting/dcm d/polcouns polcoun econcouns pe pmo nea eur wha af sca
    eap isn inl drl prm io cda cdа ecopol ecpo team leader coordinator rep representative
    permanent alternate deputy-chief resident adviser advisor dept dos
    """.split()
}


_NOT_NAME_WORDS = frozenset(
    "REASON REASONS FOR AND FROM DERIVED MULTIPLE SOURCES SOURCE OF THE DEPARTMENT EMBASSY"
    " CONSULATE SECTION STATE OFFICE DEPT DOS".split()
)
#: English words that never end a name: what follows a name before the reasons
#: ("FRANK URBANCIC BASED UPON", "Ambassador Carney by reasons")
_TRAILING_WORDS = frozenset(
    "BASED UPON ON BY FOR DUE TO OF IN AT UNDER PER WITH FROM THE AND AS".split()
)
#: lower-case words inside a name: "Richard de Silva", "Jan van Dyke"
_PARTICLES = frozenset("de da di du del della der la le van von den ten bin al y st.".split())
_SUFFIXES = frozenset("JR JR. SR SR. II III IV".split())
#: the pieces of run-together titles ("PolMinCouns", "EconCouns", "Polmincouns"): title
#: words of three letters or more and the short forms they are cut to
_TITLE_PIECES = frozenset(
    {w.lower() for w in _TITLE_WORDS if len(w) >= 3 and w.isalpha()}
    | {"con", "min", "off", "mil", "couns", "coun", "cons", "dep", "pub", "sec", "gen", "chf"}
)
_NICKNAME_RE = re.compile(r"[“\"”][^“\"”]{1,20}[“\"”]")
_REDACTED_RE = re.compile(r"^X{4,}$", re.IGNORECASE)
_INITIAL_RE = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z]$")
#: a word a name is made of: "Furuta-Toy", "O'Brien", "MCMULLEN", "Blake.", and a surname
#: with its initial written against it, "J.GUMBINER"
_NAME_SHAPE_RE = re.compile(r"^(?:[A-Z]\.)?[A-Z][A-Za-z'’\-]*[A-Za-z]\.?$")
#: a capitals-only word that in mixed-case text is an office, not a name: "EMIN", "PRT", "MC"
_ACRONYM_RE = re.compile(r"^[A-Z]{2,5}:?$")
#: "Classified By: Classified by ...", "CLASSIFIED CONFIDENTIAL BY ...": the head said twice
_REPEATED_HEAD_RE = re.compile(
    r"(?:\s*(?:\(U\)\s*)?CLASSIFIED\s+(?:(?:CONFIDENTIAL|SECRET)\s+)?BY\s*+:?\s*+)+",
    re.IGNORECASE,
)
_MIXED_CASE_RE = re.compile(r"[a-z]{2}")
#: "a.i." (ad interim) after Charge d'Affaires, not initials
_AD_INTERIM_RE = re.compile(r"(?<![A-Za-z])[Aa]\.\s?[Ii]\.(?![A-Za-z])")
#: a piece of a word broken at a line end: "Dona ld A. Blome", "Andrew Y oung"
_WORD_PIECE_RE = re.compile(r"^[a-z]{1,5}[,.;:]?$")
_HEAD_PIECE_RE = re.compile(r"^[A-Z][a-z]{0,8}$")
#: a quick test for a _WORD_PIECE_RE word after a blank, led by the blank
_PIECE_HINT_RE = re.compile(r" [a-z]{1,5}[,.;:]?(?= |$)")
_NOT_PIECES = _PARTICLES | {w.lower() for w in _TRAILING_WORDS} | {"a", "an", "d", "s"}


def _join_broken_words(who: str) -> str:
    """``Economic Minister Dona ld A. Blome`` -> ``... Donald A. Blome``: the text of a
    Classified By line was wrapped inside a word, and the lines were joined by a blank."""
    if not _PIECE_HINT_RE.search(who):
        return who  # no word piece after a blank (most lines): nothing to join
    words = who.split(" ")
    out: list[str] = []
    for w in words:
        if (
            out
            and _WORD_PIECE_RE.match(w)
            and w.rstrip(",.;:") not in _NOT_PIECES
            and _HEAD_PIECE_RE.match(out[-1])
        ):
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def _near_titles() -> tuple[frozenset[str], frozenset[str]]:
    """The title words of five letters or more, and every spelling of them with a letter left
    out: a word is a misspelled title when it, or it with one letter left out, is in either
    (one letter wrong, missing, added or two swapped: "Ambassodor", "CIEF", "Direcotr")."""
    long = frozenset(w for w in _TITLE_WORDS if len(w) >= 5 and w.isalpha())
    return long, frozenset(d for w in long for d in _deletions(w))


def _near_title(word: str) -> bool:
    w = word.upper().strip(".:'’")
    if len(w) < 4 or not w.isalpha():
        return False
    long, deleted = _near_titles()
    if w in long or w in deleted:
        return True
    return any(d in long or d in deleted for d in _deletions(w))


@lru_cache(maxsize=4096)
def _run_together_title(word: str) -> bool:
    """``polmincouns`` -> True: two or more title pieces written as one word."""
    if len(word) < 6 or not word.isalpha():
        return False
    # pieces[i]: the most pieces that make word[:i] (0 for the empty start; -1: none do)
    pieces = [0] + [-1] * len(word)
    for i in range(len(word)):
        if pieces[i] < 0:
            continue
        for j in range(i + 3, min(len(word), i + 12) + 1):
            if word[i:j] in _TITLE_PIECES:
                pieces[j] = max(pieces[j], pieces[i] + 1)
    return pieces[-1] >= 2


@lru_cache(maxsize=4096)  # (the same few hundred words, cable after cable)
def _is_title(word: str) -> bool:
    w = word.upper()
    bare = w.strip(".,:;'’")
    return (
        bare in _TITLE_WORDS
        or w in _TITLE_WORDS
        or "/" in word
        or _run_together_title(bare.lower())
        or ("-" in bare and all(len(p) == 1 or p in _TITLE_WORDS for p in bare.split("-")))
        or (bare[:2] in ("D'", "D’") and bare[2:] in _TITLE_WORDS)  # "d'Affaires"
    )


def _hyphened_title(word: str) -> bool:
    """``Minister-Counseor``: titles joined by a hyphen, one of them misspelled."""
    return "-" in word and all(
        len(p) == 1 or _is_title(p) or _near_title(p) for p in word.split("-")
    )


@lru_cache(maxsize=4096)
def _listed_title(word: str) -> bool:
    """A listed title, one letter away from one, or a short one with a letter for acting or
    assistant before it ("ADCM")."""
    return (
        _is_title(word)
        or _near_title(word)
        or _hyphened_title(word)
        or (len(word) == 4 and word.isupper() and word[1:].upper() in _TITLE_WORDS)
    )


def _title_before_name(word: str, mixed_case: bool) -> bool:
    """A word before a name that is a title by its shape: a known title, one letter away
    from one, a short one with a letter for acting or assistant before it ("ADCM"), or (in
    mixed-case text) an acronym of capitals."""
    return _listed_title(word) or (
        mixed_case and bool(_ACRONYM_RE.match(word)) and word.upper() not in _SUFFIXES
    )


def _name_at_end(part: str, mixed: bool) -> tuple[str, bool]:
    """The personal name that ends ``part``, and whether a title stands right before it.

    A name is read from its end, the shape of names: the surname, before it initials,
    particles and at most two given names; the first word that is a title (by the list, by
    being one letter away from a listed title, or a capitals acronym in mixed-case text) or
    not shaped as a name ends it. English words after a name are dropped. A part that ends
    with a title ("Iran Regional Presence Office") names an office, or a title alone; a
    surname alone is a name only after a title that is a word ("Ambassador Carney"), not
    an acronym ("PRT Basra").
    """
    words = [w.strip(",;:") for w in part.split()]
    words = [w for w in words if w]
    while words and (
        words[-1].upper().strip(".") in _TRAILING_WORDS
        or not any(ch.isalpha() for ch in words[-1])
        or words[-1][0] == "("  # "U/S Maria Otero (G)", "Philip Kaplan (acting)"
    ):
        words.pop()
    if not words or (
        _is_title(words[-1]) and not (len(words) > 1 and _INITIAL_RE.match(words[-2]))
    ):  # an office, or a title alone; "Damian R. Leader" is a name
        return "", False
    name: list[str] = []
    if words[-1].upper() in _SUFFIXES and len(words) > 1:
        name.append(words.pop())
    surname = words.pop()
    if not _NAME_SHAPE_RE.match(surname) or _REDACTED_RE.match(surname.strip(".")):
        return "", False
    name.insert(0, surname.rstrip(".") if not name else surname)
    given = 0
    titled = False
    while words:
        w = words[-1]
        if _INITIAL_RE.match(w) or (w in _PARTICLES and given == 0):
            name.insert(0, words.pop())
            continue
        if _title_before_name(w, mixed):
            titled = _listed_title(w) or not (mixed and _ACRONYM_RE.match(w))
            break
        if given >= 2 or not _NAME_SHAPE_RE.match(w) or w.upper() in _TRAILING_WORDS:
            break
        name.insert(0, words.pop())
        given += 1
    return " ".join(name), titled


@lru_cache(maxsize=1)
def _post_ids() -> frozenset[str]:
    """``known_posts()``, made once."""
    return known_posts()


def _looks_like_name(text: str, *, after_title: bool) -> bool:
    words = text.split()
    if not words or len(words) > 6:
        return False
    for w in words:
        if w.upper().strip(".") in _NOT_NAME_WORDS:
            return False
    if len(words) == 1:
        # a surname alone counts after a title: "P/E CHIEF SHUBLER"; a post does not
        word = words[-1]
        return (
            after_title
            and len(word) >= 3
            and not _REDACTED_RE.match(word)
            and id_spelling(word) not in _post_ids()
        )
    return True


_WHO_END_RE = re.compile(
    r"(?=[;1EFPRU])"  # the first characters of the alternatives: a quick test at each position
    r"(?:\bf\s?o\s?r\s+r|\br\s?e\s?a\s?s\s?o\s?n|\breas\b|\b1\s?[./]\s?[456](?!\d)|\bE\.?O\.?\s*\d|;"
    r"|\bper\b|\bunder\s+(?:section\b|1))",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(r"\(?\b([a-hA-H])\)?\s*-\s*\(?\s*([a-hA-H])\b")


def parse_classified_by(block: str, line: int | None = None) -> ClassifiedBy:
    """``Classified By: Ambassador Richard W Graber for reasons 1.4 b+d`` -> names, reasons."""
    text = " ".join(block.split())
    names, reasons = _names_and_reasons(text)
    return ClassifiedBy(text=text, names=names, reasons=reasons, line=line)


#: (The same Classified By line comes again and again: a post's cables name the same officer
#: and reasons; a third of those in the real cables' text/ folder came before, most of them
#: a few cables before, in a cache this size.)
@lru_cache(maxsize=1024)
def _names_and_reasons(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names and reasons of a Classified By line (its blanks made single)."""
    body = _CLASSIFIED_BY_HEAD_RE.sub("", text, count=1)
    who = body
    m = _WHO_END_RE.search(body)
    if m:
        who = body[: m.start()]
    head = _REPEATED_HEAD_RE.match(who)
    if head is not None:
        who = who[head.end() :]
    who = _join_broken_words(_NICKNAME_RE.sub(" ", who))
    if "." in who:
        who = _AD_INTERIM_RE.sub(" ", who)
    names: list[str] = []
    parts = [p.split() for p in _NAME_SPLIT_RE.split(who)]
    parts = [p for p in parts if p]
    mixed = _MIXED_CASE_RE.search(who) is not None
    k = 0
    while k < len(parts):
        name, after_title = _name_at_end(" ".join(parts[k]), mixed)
        if k == 0 and len(parts[0]) == 1 and name:
            # the Department's layout: "DUDDY, AMBASSADOR, DOS", "GILMOUR, David, DCM": the
            # surname first, then maybe the given names, then titles
            rest = parts[1] if len(parts) > 1 else []
            then = parts[2] if len(parts) > 2 else []
            if rest and all(_is_title(w) for w in rest):
                after_title = True
            elif (
                rest
                and len(rest) <= 3
                and _NAME_SHAPE_RE.match(rest[0])
                and all(_NAME_SHAPE_RE.match(w) or _INITIAL_RE.match(w) for w in rest)
                and not any(_title_before_name(w, mixed) for w in rest)
                and (not then or all(_is_title(w) for w in then))
            ):
                name = " ".join([*rest, name])
                k += 1
        if _looks_like_name(name, after_title=after_title) and name not in names:
            names.append(name)
        k += 1
    reasons: list[str] = []
    for rm in _REASON_SECTION_RE.finditer(body):
        section = rm.group(1)
        # only the 60 characters after the section count: a window a little longer (the
        # end patterns span a few characters; spaces are single here) keeps a line of many
        # sections linear, where the rest of the line for each was quadratic
        tail = body[rm.end() : rm.end() + 80]
        nxt = _REASON_END_RE.search(tail)
        chunk = tail[: nxt.start()] if nxt else tail
        chunk = chunk[:60]
        # a portion marking after the reasons ("1.4 b and d (C)") is not a reason
        chunk = _TRAILING_MARK_RE.sub("", chunk)
        letters = [lm.group(1).lower() for lm in _REASON_LETTER_RE.finditer(chunk)]
        for rg in _RANGE_RE.finditer(chunk):  # "1.5(b)-(d)": b, c and d
            first, last = rg.group(1).lower(), rg.group(2).lower()
            letters += [chr(c) for c in range(ord(first), ord(last) + 1)]
        for letter in sorted(set(letters)):
            code = f"1.{section}({letter})"
            if code not in reasons:
                reasons.append(code)
    return tuple(names), tuple(reasons)
