"""What the index keeps of one parsed cable: the list columns, facet values (its checks' findings
among them) and references."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from reader.index.date_numbers import date_number, year_number
from reader.query.fields import FIELDS, PORTION, Stored
from reader.query.query import NONE, UNDATED

if TYPE_CHECKING:
    from reader.model.records import Cable, ContainerMeta, Problem, Source

# The parser's modules (checks, codes, IDs, posts, records) are imported where a row is made
# or read back, not here: a search imports this module for the stored forms of dates and
# levels, and starts sooner without them.

__all__ = [
    "PORTION",
    "CableRow",
    "HEADER_FACETS",
    "cable_row",
    "container_problems",
    "header_row",
    "level_of",
    "meta_from_json",
    "origin_key",
    "origin_of",
    "pack_text",
    "parsed_again",
    "station_key",
    "station_keys",
]

#: Not a facet: every portion marking a cable carries, for the ``marking:`` term.


@dataclass(slots=True)
class CableRow:
    """One cable as the writer stores it. Built in a worker process, so it pickles."""

    seq: int  # position of the cable in its file, from 0
    row: int | None  # data row in a cables.csv
    format: str
    id: str  # "" when the parser found none
    date: int | None  # YYYYMMDDHHMM, see date_numbers.py
    origin: str
    classification: str
    level: str  # U, C, S, TS or ""
    rank: int  # 0 U, 1 controlled unclassified, 2 C, 3 S, 4 TS; -1 unknown
    subject: str
    values: list[tuple[str, str]]  # (facet, value), facet in FACETS or PORTION
    refs: list[str]  # canonical IDs this cable cites
    text: str  # for the full-text index
    packed: bytes  # the text, compressed (pack_text: zlib's format)
    meta: str | None  # the ContainerMeta as JSON
    published_id: str | None = None  # Cable.published_id
    #: a first-phase row (header_row): only the header's values, no refs; the full parse
    #: replaces it later (the index keeps the mark in its table ``pending``)
    pending: bool = False
    key: int = 0  # the index's key of a row made again for a cable already in it


def level_of(classification: str) -> tuple[str, int]:
    """The level (U, C, S, TS, or "" for none) and rank, as the index stores them."""
    from reader.parser.markings import classification_level

    level, rank = classification_level(classification)
    return level or "", rank


#: Station-name prefixes and how WikiLeaks spells them in its Origin column.
_STATION_PREFIXES = (
    ("AMEMBASSY ", "Embassy "),
    ("AMCONSUL ", "Consulate "),
    ("USMISSION ", "Mission "),
    ("USINT ", "US Interests Section "),
    ("USLO ", "US Liaison Office "),
    ("USOFFICE ", "US Office "),
    # a Regional Embassy Office (RUEHBC REO BASRAH): its origin as WikiLeaks writes it
    ("REO ", "REO "),
)
_STATION_NAMES = {"SECSTATE WASHDC": "Secretary of State", "SECSTATE": "Secretary of State"}


@lru_cache(maxsize=1024)  # (a post's cables share their FM line; this runs for each row)
def station_display(name: str) -> str | None:
    """``AMEMBASSY BUENOS AIRES`` -> ``Embassy Buenos Aires``; None for other stations."""
    from reader.model.posts import place_words

    name = " ".join(name.upper().split())
    if name in _STATION_NAMES:
        return _STATION_NAMES[name]
    for prefix, spelt in _STATION_PREFIXES:
        if name.startswith(prefix):
            return spelt + place_words(name[len(prefix) :])
    return None


#: The letters of a station's place that station_key and origin_key compare.
_KEY_LETTERS = 3


def _letters(text: str) -> str:
    return "".join(c for c in text.upper() if "A" <= c <= "Z")


def station_key(name: str) -> tuple[str, str] | None:
    """What a station's name as a header writes it (``AMEMBASSY BUENOS AIRES``) has in
    common with its origin (:func:`station_display`: ``Embassy Buenos Aires``), to find the
    one from the other without spelling every name: its kind and the first letters of its
    place. None for a name station_display leaves out."""
    name = " ".join(name.upper().split())
    if name in _STATION_NAMES:
        return "", _STATION_NAMES[name]
    for prefix, _ in _STATION_PREFIXES:
        if name.startswith(prefix):
            return prefix, _letters(name[len(prefix) :])[:_KEY_LETTERS]
    return None


#: The start of every name station_key gives a key (and of a few others): a first look
#: over a table's thousands of names that leaves Python's loop to the regular expression.
_STATION_HEAD = re.compile(
    r"\s*(?:"
    + "|".join(
        dict.fromkeys(re.escape(n.split()[0]) for n in (*dict(_STATION_PREFIXES), *_STATION_NAMES))
    )
    + ")",
    re.IGNORECASE,
)


def station_keys(names: Sequence[str]) -> dict[tuple[str, str], list[int]]:
    """The :func:`station_key` of each of ``names`` that has one -> where those names are
    in ``names``, in their order."""
    found: dict[tuple[str, str], list[int]] = {}
    match = _STATION_HEAD.match
    for n in (n for n, name in enumerate(names) if match(name)):
        key = station_key(names[n])
        if key is not None:
            found.setdefault(key, []).append(n)
    return found


def origin_key(origin: str) -> tuple[str, str] | None:
    """The :func:`station_key` of every name whose station_display is ``origin`` (which
    only changes the case of the place's letters and the punctuation around them, and may
    drop a country code after them). None for an origin no station name gives, or one whose
    place has too few letters to tell (look through every name then)."""
    if origin in _STATION_NAMES.values():
        return "", origin
    for prefix, spelt in _STATION_PREFIXES:
        if origin.startswith(spelt):
            letters = _letters(origin[len(spelt) :])
            return (prefix, letters[:_KEY_LETTERS]) if len(letters) >= _KEY_LETTERS else None
    return None


def _word_case(word: str) -> str:
    # USNATO, USUN, RPO, AIT stay in capitals; place names get title case
    from reader.model.posts import place_words

    return place_words(word)


@cache
def _post_stations() -> dict[str, tuple[str, ...]]:
    """Post as cable IDs spell it (``BUENOSAIRES``) -> the WikiLeaks origins of its stations,
    from the table of routing indicators. One, the embassy where the city has one besides
    consulates and missions; two where one routing indicator serves two stations of the
    place (RUEHBS: ``Embassy Brussels`` and ``USEU Brussels``; RUEHOS: Embassy and Consulate
    Lagos; RUEHPS: Embassy and US Office Pristina), which neither the ID nor the routing
    tells apart: the text has to (:func:`_named_station`)."""
    from reader.model.codes import read_table
    from reader.model.posts import id_spelling

    names: dict[str, tuple[str, ...]] = {"STATE": ("Secretary of State",)}
    rows = read_table("routing_indicators").rows
    for prefix, _ in reversed(_STATION_PREFIXES):
        for row in rows:
            for name in row[1:3]:
                if name.startswith(prefix):
                    post = id_spelling(name[len(prefix) :])
                    names[post] = (station_display(name) or name,)
    for row in rows:
        stations = [s for s in (_station_of_post(n) for n in row[1:3]) if s is not None]
        if len(stations) == 2 and stations[0][0] == stations[1][0] != "":
            (post, first), (_, second) = stations
            if first.split()[0] != second.split()[0]:  # two kinds, not two spellings
                names[post] = (first, second)
    return names


def _station_of_post(name: str) -> tuple[str, str] | None:
    """(post as IDs spell it, origin) of a routing table's station name: ``AMEMBASSY
    BRUSSELS`` -> (BRUSSELS, Embassy Brussels); a mission the posts table holds as a post of
    its own and its place, ``USEU BRUSSELS`` -> (BRUSSELS, USEU Brussels); else None."""
    from reader.model.posts import id_spelling, known_posts, place_words

    name = " ".join(name.split())
    for prefix, _ in _STATION_PREFIXES:
        if name.startswith(prefix):
            return id_spelling(name[len(prefix) :]), station_display(name) or name
    kind, _, place = name.partition(" ")
    if place and id_spelling(name) in known_posts() and id_spelling(place) in known_posts():
        return id_spelling(place), place_words(name)
    return None


#: How a text names a station of each kind before its place (``Consulate General Lagos``,
#: ``AMEMBASSY BRUSSELS``); a mission of its own (USEU) by its posts table spellings.
_KIND_WORDS = {
    "Embassy ": r"(?:AM)?EMBASSY",
    "Consulate ": r"(?:AMCONSUL|CONSULATE(?:\s+GENERAL)?|CONGEN)",
    "Mission ": r"(?:US\s?)?MISSION",
    "US Interests Section ": r"(?:USINT|US\s+INTERESTS\s+SECTION)",
    "US Liaison Office ": r"(?:USLO|US\s+LIAISON\s+OFFICE)",
    "US Office ": r"US\s?OFFICE",
}


@lru_cache(maxsize=64)
def _station_words(origin: str) -> re.Pattern[str]:
    """What names the station ``origin`` in a cable's text: ``Embassy Brussels``,
    ``AMEMBASSY BRUSSELS``; ``USEU Brussels``, ``USEU``."""
    from reader.model.posts import id_spelling, spellings

    for kind, words in _KIND_WORDS.items():
        if origin.startswith(kind):
            place = r"\s+".join(map(re.escape, origin[len(kind) :].upper().split()))
            return re.compile(rf"\b{words}\s+{place}\b", re.IGNORECASE)
    post = id_spelling(origin)
    forms = sorted((s for s in spellings() if id_spelling(s) == post), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms or [origin])
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _named_station(stations: tuple[str, ...], text: str) -> str | None:
    """The one of ``stations`` the text names (``Classified By: USEU POLOFF``, ``Embassy
    Brussels welcomes your visit``, ``Consulate General Lagos is``); None when it names
    none of them or more than one."""
    named = [s for s in stations if _station_words(s).search(text)]
    return named[0] if len(named) == 1 else None


def origin_of(cable: Cable) -> str:
    """Where the cable comes from, spelt as WikiLeaks does (``Embassy Prague``).

    The container's origin if it has one, else the FM line, else the station of the post in
    the cable ID, else of the banner's post. The ID's post before the banner's: the parser
    decided the ID from every claim (file name, header, banners), mending a banner's one-letter
    damage (BISHIEK, QRIPOLI) and passing over a redacted post; a banner of another post (a
    copy of another cable's text under this ID) is named in the cable's id-conflict problem,
    and the release's own pages give the ID's post as the origin. A post with two stations
    on one routing indicator (Embassy and USEU Brussels) is the station the text names, and
    where it names neither or both, the place alone (``Brussels``): never one picked blind.
    An ID's post no table knows and no banner says (an ID made of a file name or of a broken
    cables.csv row's cell, ``00BROKEN1``) gives no origin: none is known.
    """
    from reader.model.posts import id_spelling, known_posts, place_words
    from reader.parser.ids import parse_id

    if cable.meta is not None and cable.meta.origin:
        return " ".join(cable.meta.origin.split())
    if cable.from_ is not None and cable.from_.name.strip():
        return station_display(cable.from_.name) or place_words(cable.from_.name)
    parts = parse_id(cable.id) if cable.id else None
    post = parts[1] if parts else cable.banner_post
    if post:
        key = id_spelling(post)
        post = _written_posts().get(key, post)  # RPODUBAI: "RPO DUBAI", not "Rpodubai"
        stations = _post_stations().get(key)
        if stations is not None and len(stations) == 1:
            return stations[0]
        named = _named_station(stations, cable.text) if stations else None
        if named:
            return named
        if stations is None and key not in known_posts() and not _banner_says(cable, key):
            # an ID made up of a file name or a broken cables.csv row's cell (00BROKEN1):
            # a post no table knows and the text never says is no place to name
            return NONE
        return " ".join(_word_case(w) for w in post.split())
    return NONE


def _banner_says(cable: Cable, post: str) -> bool:
    """Whether the cable's banner names ``post`` (as IDs spell it)."""
    from reader.model.posts import id_spelling

    return cable.banner_post is not None and id_spelling(cable.banner_post) == post


@cache
def _written_posts() -> dict[str, str]:
    """Post as IDs spell it -> as the posts table writes it with its blanks, where the two
    differ only by those blanks (``RPODUBAI`` -> ``RPO DUBAI``, ``AITTAIPEI`` -> ``AIT
    TAIPEI``): the words of an origin no routing indicator names."""
    from reader.model.posts import id_spelling, spellings

    written: dict[str, str] = {}
    for spelt in spellings():
        post = id_spelling(spelt)
        if " " in spelt and spelt.replace(" ", "") == post:
            written.setdefault(post, spelt)
    return written


#: The facets a first-phase row has (the header's); marking, problem, check and the
#: references come with the full parse.
HEADER_FACETS = frozenset(f.name for f in FIELDS if f.stored is Stored.HEADER and f.kind)


#: The metadata a container gave the parser and the problems it added to the cable (the
#: row's ``meta``, meta_to_json), where they are not the cable's own (workers.parse_file).
KeptMeta = tuple["ContainerMeta | None", "Sequence[Problem]"]


def cable_row(
    cable: Cable,
    seq: int,
    *,
    level: int = 1,
    pack: bool = True,
    kept_meta: KeptMeta | None = None,
) -> CableRow:
    """Everything the index needs of ``cable``; ``level`` is pack_text's compression level.
    Not ``pack``: no compressed text (a row made again for a cable the index holds).
    ``kept_meta``: the metadata the row keeps, when not the cable's own."""
    return _row(cable, seq, level, full=True, pack=pack, kept_meta=kept_meta)


def header_row(
    cable: Cable, seq: int, *, level: int = 1, kept_meta: KeptMeta | None = None
) -> CableRow:
    """The first phase's row of a ``cable`` read by parse.parse_header: the list columns,
    the header's facet values (HEADER_FACETS) and the text, marked ``pending``."""
    return _row(cable, seq, level, full=False, kept_meta=kept_meta)


def _row(
    cable: Cable,
    seq: int,
    level: int,
    *,
    full: bool,
    pack: bool = True,
    kept_meta: KeptMeta | None = None,
) -> CableRow:
    when = cable.date
    if when is None:
        date = None
        year = month = UNDATED
    elif cable.date_precision == "year":
        date = year_number(when.year)
        year = month = f"{when.year:04d}"
    else:
        date = date_number(when)
        year, month = f"{when.year:04d}", f"{when.year:04d}-{when.month:02d}"
    classification = cable.classification or (
        cable.meta.classification if cable.meta is not None and cable.meta.classification else ""
    )
    if cable.banner is not None:
        level_code, rank = cable.banner.level, cable.banner.rank
    else:
        level_code, rank = level_of(classification)
    origin = origin_of(cable)
    values: list[tuple[str, str]] = [
        ("classification", classification.upper() or NONE),
        ("origin", origin),
        ("year", year),
        ("month", month),
        ("precedence", cable.precedence or NONE),
    ]
    if full:
        highest = cable.highest_marking
        values.append(("marking", highest.text if highest is not None else NONE))
    values += [("tag", t) for t in _distinct(t.strip().upper() for t in cable.tags) if t]
    handling = list(cable.handling)
    if cable.banner is not None and cable.banner.noforn:
        handling.append("NOFORN")
    values += [("handling", h) for h in _distinct(h.strip().upper() for h in handling) if h]
    refs: list[str] = []
    if full:
        from reader.review.checks import check_cable
        from reader.review.graph import cited_ids

        refs = list(cited_ids(cable))
        values += [("problem", p) for p in _distinct(p.code for p in cable.problems)]
        # without the folder's IDs: reference-not-in-folder depends on the other cables, so
        # the writer adds that check at the end of a refresh
        values += [("check", c) for c in _distinct(f.code for f in check_cable(cable))]
        portions = [p.marking for p in cable.paragraphs] + [cable.subject_marking]
        values += [(PORTION, m) for m in _distinct(m.text for m in portions if m is not None)]
    return CableRow(
        seq=seq,
        row=cable.source.row,
        format=cable.source.format,
        id=cable.id or "",
        date=date,
        origin=origin,
        classification=classification,
        level=level_code,
        rank=rank,
        subject=_bounded_subject(cable.subject),
        values=values,
        refs=refs,
        text=cable.text,
        packed=pack_text(cable.text, level) if pack else b"",
        meta=meta_to_json(*kept_meta) if kept_meta is not None else meta_to_json(cable.meta),
        published_id=cable.published_id,
        pending=not full,
    )


def pack_text(text: str, level: int = 1) -> bytes:
    """``text`` as the index keeps it: its UTF-8 in zlib's format (database.unpack_text
    reads it with zlib), made by ISA-L's deflate (the ``isal`` package), which at its level 1
    (of 0-3) takes a third of the time of zlib's level 1 for as small a copy (28 against
    94 us a cable, 0.465 of the text against 0.474: docs/PERFORMANCE.md)."""
    from isal.isal_zlib import compress

    return compress(text.encode("utf-8", "surrogatepass"), level)


#: A subject longer than this is a body taken for a subject (a SUBJECT line that runs on
#: for megabytes): the index keeps its start, so a tree row and a hit stay small. Real
#: subjects are under 300 characters.
MAX_SUBJECT_CHARS = 1000


def _bounded_subject(subject: str | None) -> str:
    raw = subject or ""
    words = " ".join(raw[: MAX_SUBJECT_CHARS * 4].split())
    if len(words) <= MAX_SUBJECT_CHARS and len(raw) <= MAX_SUBJECT_CHARS * 4:
        return words
    return words[: MAX_SUBJECT_CHARS - 1] + "…"


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def meta_to_json(meta: ContainerMeta | None, problems: Sequence[Problem] = ()) -> str | None:
    """The container's metadata as JSON (datetimes as ISO text), to rebuild the Cable later;
    with ``problems``, those the container found (not the parser), under "problems"."""
    if meta is None and not problems:
        return None
    data: dict[str, object] = {}
    if meta is not None:
        for f in fields(meta):
            value = getattr(meta, f.name)
            if isinstance(value, datetime):
                value = {"datetime": value.isoformat()}
            elif isinstance(value, tuple):
                value = list(value)
            data[f.name] = value
    if problems:
        data["problems"] = [[p.code, p.message, p.line] for p in problems]
    return json.dumps(data)


def meta_from_json(text: str | None) -> ContainerMeta | None:
    if text is None:
        return None
    from reader.model.records import ContainerMeta

    data: dict[str, object] = {}
    for name, value in json.loads(text).items():
        if name == "problems":
            continue
        if isinstance(value, dict):
            value = datetime.fromisoformat(value["datetime"])
        elif isinstance(value, list):
            value = tuple(value)
        data[name] = value
    return ContainerMeta(**data) if data else None  # type: ignore[arg-type]


def container_problems(text: str | None) -> tuple[Problem, ...]:
    """The problems the container found that meta_to_json kept (a broken cables.csv row, a
    page that is no cable page): parsing the text again does not find them."""
    if text is None:
        return ()
    from reader.model.records import Problem

    found = json.loads(text).get("problems") or ()
    return tuple(Problem(code, message, line) for code, message, line in found)


def parsed_again(text: str, source: Source, meta: str | None) -> Cable:
    """The Cable the index's row was made from: ``text`` parsed again with the container's
    metadata and problems the row kept (store.cable() and the second phase)."""
    from reader.parser.parse import parse_cable

    cable = parse_cable(text, source=source, meta=meta_from_json(meta))
    extra = container_problems(meta)
    return replace(cable, problems=(*extra, *cable.problems)) if extra else cable
