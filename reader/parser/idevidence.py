"""The evidence a cable's file and routing header give about its reference ID: the file name,
the DE serial, the FM post and the DTG year, each as an ``ids.Claim`` (``ids.decide`` weighs
them), and the banner whose section mark a damaged line turned into its post.

Kept apart from the parser's state machine: these are pure functions of a line or a path,
and most of them are cached (a post's cables share their FM line and DTG year).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import PurePath

from reader.model.records import Address, ContainerMeta, DeLine
from reader.parser import header as hdr
from reader.parser import ids
from reader.parser.ids import ID_RE

__all__ = [
    "DAMAGED_SECTION_RE",
    "FM_POST_RE",
    "de_claim",
    "dtg_claim",
    "filename_id",
    "fm_claim",
    "fm_post",
    "header_claims",
    "id_claims",
    "id_year",
    "outer_header_claims",
    "published_id",
    "published_id_of",
]

FM_POST_RE = re.compile(
    r"^(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USDEL|AMERICAN EMBASSY|US MISSION|USINT)\s+(.+)$"
)


def filename_id(path: str) -> str | None:
    """The file name when it is a canonical ID (``07PARIS2725.txt``), else None."""
    stem = PurePath(path).stem.upper()
    return stem if ID_RE.match(stem) else None


def published_id_of(path: str) -> str | None:
    """The file name when it is an ID as the release published it, malformed ones included
    (``7575LIBREVILLE1895``)."""
    # (sliced by hand, not with PurePath or os.path: this runs for every cable)
    name = path[max(path.rfind("/"), path.rfind("\\")) + 1 :]
    dot = name.rfind(".")
    stem = (name[:dot] if dot > 0 else name).upper()
    return stem if ids.canonical_published(stem) is not None else None


#: a banner whose section mark lost letters or spaces, so that the banner grammar read the
#: mark as the post: "ECTION 01 OF 02 MANAMA 000492", "SECTION 02 OF 03QRIPOLI 000583"
DAMAGED_SECTION_RE = re.compile(
    r"\b[A-Z]{0,3}C?TION\s*(?P<n>\d{1,2})\s*[A-Z0-9]{2}\s*(?P<of>\d{1,2})\s*"
    r"(?P<post>[A-Z][A-Z .'\-]{0,40}?[A-Z])\s+(?P<serial>[0-9A-Z]{2,7})\s*$"
)


def outer_header_claims(text: str) -> list[ids.Claim]:
    """DE serial, FM post and DTG year of a routing header in ``text`` (what comes before a
    dumped record: the file's own header, when the record is of another cable)."""
    claims: list[ids.Claim] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        t = raw.strip()
        word = t.split(None, 1)[0] if t else ""
        if word == "DE" and "DE" not in seen:
            de = hdr.parse_de(t)
            claim = de_claim(de.serial) if de else None
            if claim is not None:
                seen.add("DE")
                claims.append(claim)
        elif word == "FM" and "FM" not in seen:
            claim = fm_claim(t[2:].strip())
            if claim is not None:
                seen.add("FM")
                claims.append(claim)
        elif word in ("Z", "O", "P", "R") and "DTG" not in seen and hdr.DTG_RE.match(t):
            when = hdr.parse_dtg(t)[0]
            if when is not None:
                seen.add("DTG")
                claims.append(dtg_claim(when.year))
    return claims


def outer_header_dtg(text: str) -> datetime | None:
    """The DTG of the routing header in ``text`` (the file's own, before a dumped record)."""
    for raw in text.splitlines():
        t = raw.strip()
        if t[:1] in ("Z", "O", "P", "R") and hdr.DTG_RE.match(t):
            return hdr.parse_dtg(t)[0]
    return None


@lru_cache(maxsize=1024)
def fm_post(name: str) -> str | None:
    """The post an FM line names, as IDs spell it ("AMEMBASSY SAN JOSE" -> SANJOSE), when it
    is a known post (not "USDEL SECRETARY"); a country code after it goes ("TRIPOLI LY")."""
    m = FM_POST_RE.match(name)
    post = m.group(1) if m else ("STATE" if name.startswith("SECSTATE") else None)
    if post is None:
        return None
    known = ids.known_posts()
    words = post.split()
    for tried in (words, words[:-1] if len(words) > 1 and len(words[-1]) == 2 else []):
        spelled = ids.post_claim(" ".join(tried))
        if spelled in known:
            return spelled
    return None


# The claims of the header, made once for each value (most cables share them); not the DE
# line's serial, which is each cable's own (docs/PERFORMANCE.md, round six).


def de_claim(serial: str | None) -> ids.Claim | None:
    number = ids.serial_claim(serial)
    return ids.Claim("DE", f"#{serial}", serial=number) if number else None


@lru_cache(maxsize=1024)
def fm_claim(name: str) -> ids.Claim | None:
    post = fm_post(name)
    return ids.Claim("FM", name, post=post) if post else None


@lru_cache(maxsize=256)
def dtg_claim(year: int) -> ids.Claim:
    return ids.Claim("DTG", str(year), year=year % 100)


def id_year(claims: list[ids.Claim], created: datetime | None) -> int | None:
    """Two-digit year for IDs made from banners: the DTG's, else a dated container's
    (``created``), else the published ID's."""
    # (one loop, not a generator for each source: this runs for every cable)
    published: ids.Claim | None = None
    for c in claims:
        if c.source == "DTG":
            if c.year is not None:
                return c.year
            break  # the first DTG claim is the one that counts
        if published is None and c.source == "published":
            published = c
    if created:
        return created.year % 100
    if published is None:
        published = next((c for c in claims if c.source == "published"), None)
    return published.year if published is not None else None


def published_id(container_id: str | None, path: str, meta: ContainerMeta | None) -> str | None:
    """The ID the release published the cable under: the container's (page, CSV row),
    else the file name, else a dumped cables.csv record's."""
    if container_id:
        return container_id
    named = published_id_of(path)
    if named:
        return named
    return meta.reference_id if meta and meta.reference_id else None


def header_claims(
    de: DeLine | None, from_: Address | None, dtg: datetime | None
) -> list[ids.Claim]:
    """The routing header's claims: its DE serial, its FM post, its DTG year."""
    claims: list[ids.Claim] = []
    if de and (claim := de_claim(de.serial)):
        claims.append(claim)
    if from_ and (claim := fm_claim(from_.name)):
        claims.append(claim)
    if dtg is not None:
        claims.append(dtg_claim(dtg.year))
    return claims


def id_claims(
    published: str | None,
    meta: ContainerMeta | None,
    container_id: str | None,
    header: list[ids.Claim],
    banners: list[ids.Claim],
) -> list[ids.Claim]:
    """Every claim the file makes about its ID (see reader/parser/ids.py), in order: the
    published ID, a dumped record's (a ``meta`` ID not from the container), the header's
    (the file's own header when a dumped record follows it), the banners'."""
    claims: list[ids.Claim] = []
    if published and (claim := ids.published_claim(published)):
        claims.append(claim)
    dumped = meta.reference_id if meta and not container_id else None
    if dumped and dumped != published and (claim := ids.published_claim(dumped, "dumped record")):
        claims.append(claim)
    claims.extend(header)
    claims.extend(banners)
    return claims
