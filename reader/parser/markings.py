"""The classification grammar: banner lines and portion markings -> Marking."""

from __future__ import annotations

import re
from functools import lru_cache

from reader.model.records import LEVELS, Marking

__all__ = [
    "LEVEL_COLOURS",
    "UNKNOWN_LEVEL_COLOUR",
    "classification_level",
    "collapse_letter_spacing",
    "parse_banner",
    "parse_portion",
    "PAREN_RE",
    "BannerParts",
]

# Heads of a portion marking, upper-cased, mapped to (normalised text, level, cui).
_HEADS: dict[str, tuple[str, str, bool]] = {
    "U": ("U", "U", False),
    "UNCLAS": ("U", "U", False),
    "UNCLASSIFIED": ("U", "U", False),
    "SBU": ("SBU", "U", True),
    "FOUO": ("U//FOUO", "U", True),
    "LOU": ("LOU", "U", True),
    "C": ("C", "C", False),
    "CONFIDENTIAL": ("C", "C", False),
    "S": ("S", "S", False),
    "SECRET": ("S", "S", False),
    "TS": ("TS", "TS", False),
    "TOP SECRET": ("TS", "TS", False),
}

# Dissemination controls and their canonical abbreviations.
_CONTROLS: dict[str, str] = {
    "NF": "NF",
    "NOFORN": "NF",
    "NOFOR": "NF",
    "NOFORNDIS": "NF",
    "FGI": "FGI",
    "ORCON": "ORCON",
    "OC": "ORCON",
    "PROPIN": "PROPIN",
    "PR": "PROPIN",
    "FOUO": "FOUO",
    "SBU": "SBU",
    "EXDIS": "EXDIS",
    "NODIS": "NODIS",
    "LIMDIS": "LIMDIS",
    "SI": "SI",
    "TK": "TK",
    "ENTIRE TEXT": "ENTIRE TEXT",
}

_HEAD_ALT = "TOP SECRET|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|SBU|FOUO|LOU|TS|U|C|S"
_CONTROL_ALT = (
    r"NOFORNDIS|NOFORN|NOFOR|NF|FGI|ORCON|OC|PROPIN|FOUO|SBU|EXDIS|NODIS|LIMDIS|SI|TK"
    r"|ENTIRE\s+TEXT"
    r"|REL(?:EASABLE)?(?:\s+TO)?\s+[A-Z][A-Za-z ,./]*?"
)
_SEP = r"(?:\s*//?\s*|\s*-\s*|\s+)"

#: Anything in parentheses that may be a portion marking; parse_portion decides. As long as
#: a list of countries a marking releases it to ("(S/REL BULGARIA, CZECH REPUBLIC, ITALY,
#: POLAND, ROMANIA, SLOVAKIA, SLOVENIA, SPAIN)": 08STATE98975)
PAREN_RE = re.compile(r"\(\s*([^()\n]{1,160}?)\s*\)")

_REL_RE = re.compile(r"^REL(?:EASABLE)?(?:\s+TO)?\s+(.+)$", re.IGNORECASE)


_REL_SPLIT_RE = re.compile(r"[,/]|\s+AND\s+")
_REL_TOKEN_RE = re.compile(r"REL(?:EASABLE)?(?:\s+TO)?\s+(.*?)(?=\s*//|$)", re.IGNORECASE)
_REL_END_RE = re.compile(r"\s*/\s*(?=(?:NF|NOFORN|FGI|ORCON)\b)", re.IGNORECASE)
_WORD_TOKEN_RE = re.compile(r"(ENTIRE\s+TEXT|[A-Za-z]+)")
_HEAD_RE = re.compile(r"(" + _HEAD_ALT + r")(?![A-Za-z])", re.IGNORECASE)
_UNKNOWN_CONTROL_RE = re.compile(r"[A-Z]{1,8}")


def _normalise_rel(body: str) -> str:
    countries = [c.strip().upper() for c in _REL_SPLIT_RE.split(body) if c.strip()]
    return "REL TO " + ", ".join(countries)


def _split_controls(rest: str) -> list[str]:
    """Split what follows the head into control tokens; REL lists keep their commas."""
    tokens: list[str] = []
    rest = rest.strip().strip("/").strip()
    while rest:
        m = _REL_TOKEN_RE.match(rest)
        if m:
            body = m.group(1)
            # a single slash followed by a known control ends the REL list
            m2 = _REL_END_RE.search(body)
            if m2:
                body = body[: m2.start()]
            tokens.append("REL " + body)
            rest = rest[m.start(1) + len(body) :]
        else:
            m = _WORD_TOKEN_RE.match(rest)
            if not m:
                rest = rest[1:]
                continue
            tokens.append(m.group(1))
            rest = rest[m.end() :]
        rest = rest.lstrip(" \t/-,")
    return tokens


@lru_cache(maxsize=4096)
def parse_portion(raw: str) -> Marking | None:
    """Parse a portion marking such as ``(S/NF)``, ``(s)``, ``(C//REL TO USA, FVEY)``.

    ``raw`` may include the parentheses. Returns None if it is not a marking. A few dozen
    spellings make up nearly all markings, so each is parsed once (a Marking is frozen).
    """
    inner = raw.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    inner = inner.strip()
    if "." in inner:  # "(U.S.)" is an abbreviation, not a marking
        return None
    m = _HEAD_RE.match(inner)
    if not m:
        return None
    head_key = " ".join(m.group(1).upper().split())
    text, level, cui = _HEADS[head_key]
    controls: list[str] = []
    valid = True
    for token in _split_controls(inner[m.end() :]):
        rel = _REL_RE.match(token)
        if rel:
            controls.append(_normalise_rel(rel.group(1)))
            continue
        key = " ".join(token.upper().split())
        canon = _CONTROLS.get(key)
        if canon is None:
            if not _UNKNOWN_CONTROL_RE.fullmatch(token):
                return None
            # a marking with a control nobody defined, e.g. the typo (C/F): keep, flag
            valid = False
            canon = key
        if canon == "FOUO":
            cui = True
        if canon == "SBU":
            cui = True
        if canon not in controls:
            controls.append(canon)
    if text == "U//FOUO":
        controls = [c for c in controls if c != "FOUO"]
    visible = [c for c in controls if c != "ENTIRE TEXT"]
    full = text if not visible else text + "//" + "//".join(visible)
    if text == "U//FOUO":
        controls.insert(0, "FOUO")
    return Marking(
        text=full, level=level, controls=tuple(controls), raw=raw.strip(), cui=cui, valid=valid
    )


# ---------------------------------------------------------------------------
# Banners

_SPACED_RE = re.compile(r"(?<![A-Za-z])((?:[A-Za-z] ){2,}[A-Za-z])(?![A-Za-z])")


def collapse_letter_spacing(line: str) -> str:
    """``C O N F I D E N T I A L`` -> ``CONFIDENTIAL``; ``S e c r e t`` -> ``Secret``."""
    return _SPACED_RE.sub(lambda m: m.group(1).replace(" ", ""), line)


def _spaced(word: str, *, first_optional: bool = False) -> str:
    """A regex for ``word`` that tolerates letter spacing (``C O N F``) and a lost first letter."""
    letters = [re.escape(c) for c in word if c != " "]
    # lost or doubled: "O N F I D E N T I A L", "CC O N F I D E N T I A L"
    head = rf"(?:{letters[0]}\s?){{0,2}}" if first_optional else letters[0]
    return head + "".join(r"\s?" + c for c in letters[1:])


# Banner classification words -> (normalised classification, level, cui). The first letter
# may be lost or doubled in real files ("O N F I D E N T I A L", "SS E C R E T").
_BANNER_HEADS: list[tuple[str, str, str, bool]] = [
    (_spaced("TOP") + r"\s*" + _spaced("SECRET"), "TOP SECRET", "TS", False),
    (_spaced("SECRET", first_optional=True), "SECRET", "S", False),
    (_spaced("CONFIDENTIAL", first_optional=True), "CONFIDENTIAL", "C", False),
    (r"LIMITED\s+OFFICIAL\s+USE(?:\s+ONLY)?", "LIMITED OFFICIAL USE", "U", True),
    (
        _spaced("UNCLASSIFIED", first_optional=True) + "|" + _spaced("UNCLAS", first_optional=True),
        "UNCLASSIFIED",
        "U",
        False,
    ),
]

_BANNER_CONTROLS: list[tuple[str, str, str]] = [
    # regex, banner word, portion abbreviation
    (r"FOR\s+OFFICIAL\s+USE\s+ONLY|FOUO", "FOR OFFICIAL USE ONLY", "FOUO"),
    (r"E\s*F\s*T\s*O", "EFTO", "EFTO"),
    (r"SENSITIVE\s+BUT\s+UNCLASSIFIED|SBU", "SBU", "SBU"),
    (r"NOFORN|NOFORNDIS|NF", "NOFORN", "NF"),
    (r"ORCON", "ORCON", "ORCON"),
    (r"NODIS", "NODIS", "NODIS"),
    (r"EXDIS", "EXDIS", "EXDIS"),
    (r"LIMDIS", "LIMDIS", "LIMDIS"),
    (r"REL(?:EASABLE)?\s+TO\s+[A-Z, ]+?", "", "REL"),
]

_BANNER_RE = re.compile(
    r"^\s*\d{0,7}(?:C(?=S\s?E\s?C))?(?P<head>"
    + "|".join(f"(?:{p})" for p, *_ in _BANNER_HEADS)
    + r")(?-i:(?![a-z]))"
    r"(?P<controls>(?:\s*//?\s*(?:" + "|".join(p for p, *_ in _BANNER_CONTROLS) + r"))*)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)

#: What a banner's first character can be, besides a digit: the first letter of a
#: classification word, or its second when the first is lost (``O N F I D E N T I A L``),
#: in either case ("ſ" is an ``s`` to the pattern's IGNORECASE).
_BANNER_FIRST = frozenset("TSECOLUNtsecolunſ")

_SECTION_RE = re.compile(r"\bSECTION\s+(\d{1,3})\s+(?:OF|GF|0F)\s+(\d{1,3})\b", re.IGNORECASE)
_POST_SERIAL_RE = re.compile(
    r"^\s*(?P<post>[A-Za-z][A-Za-z .'\-]*?[A-Za-z.])\s+(?P<serial>\d{1,7})(?!\d)"
)


_BANNER_HEADS_RE: list[tuple[re.Pattern[str], str, str, bool]] = [
    (re.compile(p, re.IGNORECASE), name, level, cui) for p, name, level, cui in _BANNER_HEADS
]
_BANNER_CONTROLS_RE: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(p, re.IGNORECASE), word, abbrev) for p, word, abbrev in _BANNER_CONTROLS
]
_WORD_BANNER_REST_RE = re.compile(r"^\s*(?:section\s+\d|[A-Za-z .]+\s+\d{3,7}\b|$)", re.IGNORECASE)
_SLASHES_RE = re.compile(r"\s*//?\s*")
_BARE_CONTROL_RE = re.compile(r"(NOFORN|NODIS|EXDIS|LIMDIS|ORCON)\b\s*", re.IGNORECASE)
_UNCLAS_CONTROL_RE = re.compile(
    r"(E\s?F\s?T\s?O|SENSITIVE|FOR OFFICIAL USE ONLY)\b\s*", re.IGNORECASE
)
_UNKNOWN_BANNER_CONTROL_RE = re.compile(r"//?\s*([A-Za-z]{2,12})\b\s*")
_BANNER_TAIL_RE = re.compile(r"^(PTQ|SIPDIS|NOFORN|E\.?O\.?|EO |\t|VZCZC)", re.IGNORECASE)


class BannerParts:
    """The pieces of a banner line."""

    __slots__ = ("marking", "classification", "section", "post", "serial", "rest")

    def __init__(
        self,
        marking: Marking,
        classification: str,
        section: tuple[int, int] | None,
        post: str | None,
        serial: str | None,
        rest: str,
    ) -> None:
        self.marking = marking
        self.classification = classification
        self.section = section
        self.post = post
        self.serial = serial
        self.rest = rest


def parse_banner(line: str, *, strict: bool = True) -> BannerParts | None:
    """Parse a banner line such as ``C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 008852``.

    With ``strict`` the words after the classification must look like a banner (section,
    post and serial, controls, or nothing), so that prose starting with "Secret" is refused.
    """
    # leftovers of a cables.csv row ("," or "]") can stand before the banner
    cleaned = line.replace("\t", " ").strip().lstrip("\",]'").strip()
    if cleaned[:1] not in _BANNER_FIRST and not cleaned[:1].isdecimal():
        return None  # most lines: refused before the costly pattern
    m = _BANNER_RE.match(cleaned)
    if not m:
        return None
    head_raw = m.group("head")
    classification = level = ""
    cui = False
    for pattern, name, lvl, is_cui in _BANNER_HEADS_RE:
        if pattern.fullmatch(head_raw):
            classification, level, cui = name, lvl, is_cui
            break
    if head_raw.islower() or (
        head_raw[:1].isupper() and head_raw[1:2].islower() and " " not in head_raw
    ):
        # "Secret" or "secret" followed by prose is a word, not a banner; "S e c r e t" is one
        if not _WORD_BANNER_REST_RE.match(m.group("rest")):
            return None
    words: list[str] = []
    abbrevs: list[str] = []
    for part in _SLASHES_RE.split(m.group("controls").strip()):
        if not part:
            continue
        for pattern, word, abbrev in _BANNER_CONTROLS_RE:
            if pattern.fullmatch(part):
                if abbrev == "REL":
                    rel = _REL_RE.match(part)
                    norm = _normalise_rel(rel.group(1)) if rel else part.upper()
                    words.append(norm)
                    abbrevs.append(norm)
                else:
                    words.append(word)
                    abbrevs.append(abbrev)
                break
    rest = collapse_letter_spacing(m.group("rest")).strip()
    valid = True
    while True:  # "SECRET//NOFRN": a control nobody defined; kept, and the banner flagged
        m4 = _UNKNOWN_BANNER_CONTROL_RE.match(rest)
        if not m4:
            break
        words.append(m4.group(1).upper())
        abbrevs.append(m4.group(1).upper())
        valid = False
        rest = rest[m4.end() :]
    # "SECRET NOFORN ANKARA 123" and "SECRET SIPDIS" (controls without slashes)
    while True:
        m2 = _BARE_CONTROL_RE.match(rest)
        if not m2:
            break
        word = m2.group(1).upper()
        words.append(word)
        abbrevs.append("NF" if word == "NOFORN" else word)
        rest = rest[m2.end() :]
    if classification == "UNCLASSIFIED":
        m3 = _UNCLAS_CONTROL_RE.match(rest)
        if m3:
            word = "".join(m3.group(1).upper().split())
            if word.startswith("FOR"):
                word = "FOR OFFICIAL USE ONLY"
            words.append(word)
            abbrevs.append({"FOR OFFICIAL USE ONLY": "FOUO"}.get(word, word))
            rest = rest[m3.end() :]
    if any(a in ("FOUO", "SBU", "EFTO", "SENSITIVE") for a in abbrevs):
        cui = True
    section: tuple[int, int] | None = None
    sm = _SECTION_RE.search(rest)
    if sm:
        section = (int(sm.group(1)), int(sm.group(2)))
        rest_wo_section = (rest[: sm.start()] + " " + rest[sm.end() :]).strip()
    else:
        rest_wo_section = rest
    post = serial = None
    pm = _POST_SERIAL_RE.match(rest_wo_section)
    if pm:
        post = " ".join(pm.group("post").upper().split())
        serial = pm.group("serial")
    if strict:
        tail = rest_wo_section[pm.end() :] if pm else rest_wo_section
        tail = tail.strip(" \\")
        plausible = (
            post is not None or section is not None or not tail or bool(_BANNER_TAIL_RE.match(tail))
        )
        if not plausible:
            return None
        if pm is None and rest_wo_section and not section:
            # "SECRET" followed by prose-like words in mixed case: not a banner
            if rest_wo_section[:1].islower():
                return None
    full = classification + "".join("//" + w for w in words)
    portion_text = {"TS": "TS", "S": "S", "C": "C"}.get(level, "U")
    if classification == "LIMITED OFFICIAL USE":
        portion_text = "LOU"
    visible = [a for a in abbrevs if a not in ("FOUO",) or portion_text != "U"]
    if "FOUO" in abbrevs and portion_text == "U":
        portion_text = "U//FOUO"
    marking = Marking(
        text=portion_text + "".join("//" + a for a in visible if a != "FOUO"),
        level=level,
        controls=tuple(abbrevs),
        raw=line.strip(),
        cui=cui,
        valid=valid,
    )
    return BannerParts(marking, full, section, post, serial, rest)


#: The conventional colour of each level (U green, C blue, S red, TS orange), strong enough
#: to carry white text: chips, banner bars, the reading pack's banners.
LEVEL_COLOURS: dict[str, str] = {"U": "#2e7d32", "C": "#1565c0", "S": "#c62828", "TS": "#e65100"}
#: The colour of a classification no level could be read from.
UNKNOWN_LEVEL_COLOUR = "#757575"

#: Level words a classification text may hold when the grammar cannot read it whole
#: (``SENSITIVE BUT UNCLASSIFIED``), highest first.
_LEVEL_WORDS = (
    ("TOP SECRET", "TS"),
    ("SECRET", "S"),
    ("CONFIDENTIAL", "C"),
    ("UNCLAS", "U"),
    ("LIMITED OFFICIAL USE", "U"),
    ("FOR OFFICIAL USE ONLY", "U"),
    ("SENSITIVE BUT UNCLASSIFIED", "U"),
)
_CUI_WORDS_RE = re.compile(r"LIMITED OFFICIAL USE|OFFICIAL USE ONLY|FOUO|SBU|SENSITIVE")


@lru_cache(maxsize=4096)
def classification_level(text: str | None) -> tuple[str | None, int]:
    """The level (U, C, S, TS) and rank (Marking.rank) of a classification text.

    The one reading of a level for the index, the facets and the window: a banner
    (``SECRET//NOFORN``), a short form (``S``, ``C//NF``, ``TS//SI``, ``SBU``) or, failing
    both, the highest level word it holds. ``(None, -1)`` when it names no level.
    """
    if not text or not text.strip():
        return None, -1
    banner = parse_banner(text, strict=False)
    marking = banner.marking if banner is not None else parse_portion(f"({text.strip()})")
    if marking is not None:
        return marking.level, marking.rank
    upper = text.upper()
    for word, level in _LEVEL_WORDS:
        if upper.startswith(word) or (word != "SECRET" and word in upper):
            if level == "U":
                return "U", 1 if _CUI_WORDS_RE.search(upper) else 0
            return level, LEVELS.index(level) + 1
    return None, -1
