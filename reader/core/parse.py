"""parse_cable(text) -> Cable: the state machine over logical lines. Never raises on content."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import replace
from datetime import datetime
from pathlib import PurePath

from dateutil import parser as dateparser

from reader.core import body as bodygrammar
from reader.core import header as hdr
from reader.core import preamble as pre
from reader.core.lines import Line, split_at, split_lines
from reader.core.markings import parse_banner
from reader.core.posts import id_spelling
from reader.core.records import (
    Address,
    Cable,
    ClassifiedBy,
    ContainerMeta,
    Declassification,
    DeLine,
    Marking,
    Paragraph,
    Problem,
    Reference,
    Section,
    Source,
)

__all__ = ["parse_cable", "ID_RE"]

#: A canonical reference ID: 2-digit year, post, serial (published IDs may be malformed).
ID_RE = re.compile(r"^(?P<year>\d{2})(?P<post>[A-Z][A-Z0-9]*?[A-Z])(?P<serial>\d{1,7})$")

_PARTIAL_RE = re.compile(r"This record is a partial extract of the original cable", re.IGNORECASE)
_DATED_RE = re.compile(
    r"^\s*Cable dated\s*:\s*(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?)", re.IGNORECASE
)
#: a cables.csv row dumped on one line: 27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",...
_DUMP_ROW_RE = re.compile(
    r'^\s*\d{1,6},"?(?P<date>\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2})"?,"?(?P<id>\d{2,4}[A-Z][A-Z0-9]*\d+)"?,'
    r'"(?P<origin>[^"]*)",(?P<cls>[^,]*),"?(?P<refs>[^"]*?)"?,'
)
_DUMP_DATE_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?\s*$")
_DUMP_NUMBER_RE = re.compile(r"^\s*\d{1,6}\s*$")
_DUMP_ID_RE = re.compile(r"^\s*(\d{2,4}[A-Z][A-Z0-9]*\d+)\s*$")
_PAGE_NOISE_RE = re.compile(
    r"^\s*(?:PAGE\s+\d{1,3}\b.*|[A-Z][A-Z .'\-]{1,30}\s+\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$"
    r"|-{6,}[0-9A-F]{4,}\s+\d{6}Z\s*/\d+\s*$)"
)
_DISTRIBUTION_RE = re.compile(r"\b[A-Z]{1,5}-\d{2}\b.*\b[A-Z]{1,5}-\d{2}\b")
_FM_RE = re.compile(r"^\s*FM\s+(.+)$")
_TO_RE = re.compile(r"^\s*TO\s+(.+)$")
_INFO_RE = re.compile(r"^\s*INFO\s+(.+)$")
_XMT_RE = re.compile(r"^\s*XMT\s+(.*)$")
_BT_RE = re.compile(r"^\s*BT\s*$")
_SUBJECT_RE = re.compile(r"^\s*SUBJ(?:ECT)?\s*:?\s+|^\s*SUBJ(?:ECT)?\s*:", re.IGNORECASE)
_REF_RE = re.compile(
    r"^\s*(?:REFS?|REFTELS?|REFERENCES?)\s*:|^\s*REF\s+(?=[A-Z(0-9])", re.IGNORECASE
)
_TAGS_RE = re.compile(r"^\s*(?:TAGS?|TAGE|TAS)\b\s*:?|^\s*AGS\s*:", re.IGNORECASE)
_CLASSIFIED_BY_RE = re.compile(r"CLASSIFIED\s+BY\b", re.IGNORECASE)
_SUMMARY_HEADING_RE = re.compile(
    r"^\s*(?:SUMMARY|Summary)(?:\s+AND\s+COMMENT|\s+and\s+Comment)?\s*[:.\-]?\s*$", re.IGNORECASE
)
_REF_CONT_RE = re.compile(
    r"^\s*(?:\(?[A-Z][.)]|\d{2,4}\s+[A-Z]|[A-Z][A-Z .]+\s+\d{1,6}\b|AND\b|\(NOTAL\))"
)
_FM_POST_RE = re.compile(
    r"^(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USDEL|AMERICAN EMBASSY|US MISSION|USINT)\s+(.+)$"
)


_SECURITY_CLASSIFICATION = {
    "U": "UNCLASSIFIED",
    "E": "UNCLASSIFIED EFTO",
    "C": "CONFIDENTIAL",
    "S": "SECRET",
    "T": "TOP SECRET",
}


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _filename_id(path: str) -> str | None:
    stem = PurePath(path).stem.upper()
    return stem if ID_RE.match(stem) else None


class _CableParser:
    """One pass over the logical lines: header, then preamble, then body."""

    def __init__(self, text: str, source: Source, meta: ContainerMeta | None) -> None:
        self.text = text
        self.source = source
        self.meta = meta
        self.lines = split_lines(text)
        self.problems: list[Problem] = []
        self.fields: dict[str, int] = {}
        # header
        self.transmission_id: str | None = None
        self.routing_precedence: str | None = None
        self.ris: list[str] = []
        self.de: DeLine | None = None
        self.security_code: str | None = None
        self.security_line: str | None = None
        self.precedence: str | None = None
        self.info_precedence: str | None = None
        self.dtg: datetime | None = None
        self.from_: Address | None = None
        self.to: list[Address] = []
        self.info: list[Address] = []
        # banner and preamble
        self.banner_line: Line | None = None
        self.classification: str | None = None
        self.banner: Marking | None = None
        self.banner_post: str | None = None
        self.banner_serial: str | None = None
        self.section: Section | None = None
        self.handling: list[str] = []
        self.declassify: Declassification | None = None
        self.tags: list[str] = []
        self.subject_lines: list[Line] = []
        self.ref_lines: list[Line] = []
        self.classified_by_lines: list[Line] = []
        # body
        self.body_lines: list[Line] = []

    # -- helpers -------------------------------------------------------------

    def _field(self, name: str, line: Line) -> None:
        self.fields.setdefault(name, line.number)

    def _problem(self, code: str, message: str, line: Line | None = None) -> None:
        self.problems.append(Problem(code, message, line.number if line else None))

    # -- passes ----------------------------------------------------------------

    def run(self) -> Cable:
        queue: deque[Line] = deque(self._drop_container_noise(self.lines))
        self._header(queue)
        self._preamble(queue)
        self.body_lines = list(queue)
        return self._build()

    def _drop_container_noise(self, lines: list[Line]) -> list[Line]:
        """Take out WikiLeaks artefacts: the partial-extract note, "Cable dated:", CSV dumps."""
        out: list[Line] = []
        lines = list(lines)
        meta = self.meta or ContainerMeta()
        i = 0
        while i < len(lines):
            line = lines[i]
            if _PARTIAL_RE.search(line.text):
                self._field("partial", line)
                i += 1
                continue
            dm = _DATED_RE.match(line.text)
            if dm:
                created = _parse_when(dm.group(1))
                if created and meta.created is None:
                    meta = replace(meta, created=created)
                self._field("dated", line)
                rest = split_at(line, [dm.end()])[1:]
                lines[i : i + 1] = rest  # what follows the date on the line is cable text
                continue
            rm = _DUMP_ROW_RE.match(line.text)
            if rm:
                meta = ContainerMeta(
                    reference_id=meta.reference_id or rm.group("id"),
                    created=meta.created or _parse_when(rm.group("date")),
                    released=meta.released,
                    classification=meta.classification or rm.group("cls").strip() or None,
                    origin=meta.origin or rm.group("origin").strip() or None,
                    referenced_ids=meta.referenced_ids
                    or tuple(r for r in re.split(r"[\s,]+", rm.group("refs")) if r),
                )
                self._field("csv-dump", line)
                i += 1
                continue
            # a cables.csv row dumped in the text: number, date, ID, origin, classification, refs
            if (
                _DUMP_NUMBER_RE.match(line.text)
                and i + 4 < len(lines)
                and _DUMP_DATE_RE.match(lines[i + 1].text)
                and _DUMP_ID_RE.match(lines[i + 2].text)
            ):
                ident = lines[i + 2].text.strip()
                origin = lines[i + 3].text.strip()
                classification = lines[i + 4].text.strip()
                j = i + 5
                refs: tuple[str, ...] = ()
                if j < len(lines) and re.match(r"^\s*(\d{2}[A-Z]+\d+\s*,?\s*)*$", lines[j].text):
                    refs = tuple(r for r in re.split(r"[\s,]+", lines[j].text.strip()) if r)
                    j += 1
                meta = ContainerMeta(
                    reference_id=meta.reference_id or ident,
                    created=meta.created or _parse_when(lines[i + 1].text),
                    released=meta.released,
                    classification=meta.classification or classification,
                    origin=meta.origin or origin,
                    referenced_ids=meta.referenced_ids or refs,
                )
                self._field("csv-dump", line)
                i = j
                continue
            out.append(line)
            i += 1
        if self.meta is not None or meta != ContainerMeta():
            self.meta = meta
        return out

    def _is_header_element(self, text: str) -> bool:
        return bool(
            hdr.TRANSMISSION_RE.match(text)
            or hdr.ROUTING_RE.match(text)
            or hdr.DE_RE.match(text)
            or hdr.SECURITY_RE.match(text)
            or hdr.DTG_RE.match(text)
            or _FM_RE.match(text)
            or _TO_RE.match(text)
        )

    def _header(self, queue: deque[Line]) -> None:
        """Routing header up to the banner. Leaves the queue at the first preamble line."""
        block: str | None = None  # "to", "info", "xmt", "dist", "ri"
        seen_header = False
        fallback_banner: tuple[Line, object] | None = None
        while queue:
            line = queue[0]
            t = line.text
            if line.blank:
                queue.popleft()
                if block in ("to", "info", "xmt", "dist"):
                    block = None
                continue
            if _PAGE_NOISE_RE.match(t) or _BT_RE.match(t):
                queue.popleft()
                continue
            m = hdr.TRANSMISSION_RE.match(t)
            if m:
                if self.transmission_id is None:
                    self.transmission_id = m.group(1)
                    self._field("transmission_id", line)
                    seen_header = True
                    rest = t[m.end() :].strip()
                    queue.popleft()
                    if rest:
                        queue.extendleft(split_at(line, [m.end()])[1:])
                    continue
                # a second header (a dumped copy): skip it until the banner
                queue.popleft()
                block = None
                continue
            m = hdr.ROUTING_RE.match(t)
            if m:
                if not self.ris:
                    self.routing_precedence = m.group(1) * 2
                    self.ris = m.group(2).split()
                    self._field("routing", line)
                    block = "ri"
                seen_header = True
                queue.popleft()
                continue
            if block == "ri" and hdr.RI_LINE_RE.match(t) and not self.de:
                self.ris.extend(t.split())
                queue.popleft()
                continue
            de = hdr.parse_de(t, line.number)
            if de:
                if self.de is None:
                    self.de = de
                    self._field("de", line)
                seen_header = True
                block = None
                queue.popleft()
                continue
            m = hdr.SECURITY_RE.match(t)
            if m:
                if self.security_code is None:
                    self.security_code = m.group(2) * 5
                    self.security_line = _clean(t)
                    self._field("security", line)
                seen_header = True
                block = None
                queue.popleft()
                continue
            m = hdr.DTG_RE.match(t)
            if m and block not in ("to", "info"):
                if self.fields.get("dtg") is None:
                    when, prec, info = hdr.parse_dtg(t)
                    self.dtg, self.precedence, self.info_precedence = when, prec, info
                    self._field("dtg", line)
                    if when is None:
                        self._problem(
                            "bad-dtg", f"date-time group is not a real date: {_clean(t)}", line
                        )
                seen_header = True
                block = None
                queue.popleft()
                continue
            m = _FM_RE.match(t)
            if m:
                if self.from_ is None:
                    self.from_ = hdr.parse_address(m.group(1), line.number)
                    self._field("from", line)
                seen_header = True
                block = None
                queue.popleft()
                continue
            m = _TO_RE.match(t)
            if m:
                block = "to" if "to" not in self.fields else "skip"
                self._field("to", line)
                seen_header = True
                queue.popleft()
                self._address(m.group(1), line, block)
                continue
            m = _INFO_RE.match(t)
            if m and seen_header:
                if _DISTRIBUTION_RE.search(m.group(1)):
                    block = "dist"
                else:
                    block = "info" if "info" not in self.fields else "skip"
                    self._field("info", line)
                    self._address(m.group(1), line, block)
                queue.popleft()
                continue
            m = _XMT_RE.match(t)
            if m:
                block = "xmt"
                queue.popleft()
                continue
            if re.match(r"^\s*ACTION\s+[A-Z]+-\d{2}\b", t):
                queue.popleft()
                continue
            if block == "dist" and _DISTRIBUTION_RE.search(t + " X-00"):
                queue.popleft()
                continue
            banner = parse_banner(t)
            if banner is not None:
                if banner.post is None and banner.section is None and self._header_follows(queue):
                    # the printed-telegram banner above FM/TO; the real one comes later
                    fallback_banner = fallback_banner or (line, banner)
                    queue.popleft()
                    continue
                queue.popleft()
                self._take_banner(line, banner, queue)
                return
            if block in ("to", "info", "skip") and not self._is_preamble_start(t):
                self._address(t, line, block)
                queue.popleft()
                continue
            if block == "xmt" and not self._is_preamble_start(t):
                queue.popleft()
                continue
            if self._is_preamble_start(t) or bodygrammar.match_paragraph_start(t):
                break
            # anything else before the header proper is noise (or a header we cannot read)
            if seen_header:
                block = None
            queue.popleft()
            if seen_header and not self._header_follows(queue) and self._looks_like_prose(t):
                # a body without banner: put the line back and stop
                queue.appendleft(line)
                break
        if fallback_banner is not None:
            line, banner = fallback_banner
            self._take_banner(line, banner, deque())  # type: ignore[arg-type]
        else:
            self._problem("no-banner", "no classification banner found")

    def _header_follows(self, queue: deque[Line]) -> bool:
        for line in list(queue)[1:25]:
            if _FM_RE.match(line.text) or _TO_RE.match(line.text) or hdr.DTG_RE.match(line.text):
                return True
        return False

    @staticmethod
    def _looks_like_prose(t: str) -> bool:
        return len(t) > 60 and bool(re.search(r"[a-z]{3,}", t))

    def _address(self, text: str, line: Line, block: str | None) -> None:
        if block not in ("to", "info"):
            return
        if _PAGE_NOISE_RE.match(text):
            return
        addr = hdr.parse_address(text, line.number)
        if addr is None:
            return
        (self.to if block == "to" else self.info).append(addr)

    def _take_banner(self, line: Line, banner: object, queue: deque[Line]) -> None:
        from reader.core.markings import BannerParts

        assert isinstance(banner, BannerParts)
        self.banner_line = line
        self._field("banner", line)
        self.classification = banner.classification
        self.banner = banner.marking
        self.banner_post = banner.post
        self.banner_serial = banner.serial
        if banner.section:
            self.section = Section(*banner.section)
        # whatever follows the serial on the same line (collapsed headers) is preamble
        if banner.serial is not None:
            m = re.search(re.escape(banner.serial) + r"(?!\d)", line.text)
            if m and line.text[m.end() :].strip():
                queue.extendleft(reversed(split_at(line, [m.end()])[1:]))

    def _is_preamble_start(self, t: str) -> bool:
        return bool(
            pre.ANCHOR_RE.match(t.lstrip())
            and (
                _SUBJECT_RE.match(t)
                or _TAGS_RE.match(t)
                or _REF_RE.match(t)
                or pre.parse_eo(t)
                or _CLASSIFIED_BY_RE.match(t.lstrip())
            )
        )

    def _split_anchors(self, line: Line) -> list[Line]:
        cuts = [m.start() for m in pre.ANCHOR_RE.finditer(line.text) if m.start() > 0]
        hm = re.match(r"^\s*((?:SIPDIS|NOFORN|SENSITIVE)\s*)+(?=[A-Z])", line.text)
        if hm and not handling_only(line.text):
            cuts.append(hm.end())
        if _SUBJECT_RE.match(line.text):
            # never cut a subject at words inside it, only at REF/Classified By
            cuts = [
                c
                for c in cuts
                if re.match(r"REFS?\s*:|CLASSIFIED\s+BY|Classified\s+By", line.text[c:])
            ]
        return split_at(line, cuts) if cuts else [line]

    def _preamble(self, queue: deque[Line]) -> None:
        """Handling lines, E.O., TAGS, SUBJECT, REF, Classified By; stop at the body."""
        while queue:
            line = queue[0]
            if line.blank or _PAGE_NOISE_RE.match(line.text):
                queue.popleft()
                continue
            parts = self._split_anchors(line)
            if len(parts) > 1:
                queue.popleft()
                queue.extendleft(reversed(parts))
                line = queue[0]
            t = line.text
            words = handling_only(t)
            if words:
                queue.popleft()
                for w in words:
                    if w not in self.handling:
                        self.handling.append(w)
                self._field("handling", line)
                continue
            eo = pre.parse_eo(t, line.number)
            if eo is not None and (self.declassify is None or self.declassify.raw == ""):
                queue.popleft()
                self.declassify = eo
                self._field("declassify", line)
                continue
            if _TAGS_RE.match(t) and not self.tags:
                queue.popleft()
                block = [line]
                while queue and self._continues_tags(queue[0]):
                    block.append(queue.popleft())
                self.tags = pre.parse_tags(" ".join(b.text for b in block))
                self._field("tags", line)
                continue
            if _SUBJECT_RE.match(t) and not self.subject_lines:
                queue.popleft()
                self.subject_lines = [line, *self._subject_continuation(queue, line)]
                self._field("subject", line)
                continue
            if _REF_RE.match(t) and not self.ref_lines:
                queue.popleft()
                self.ref_lines = [line, *self._ref_continuation(queue)]
                self._field("references", line)
                continue
            if _CLASSIFIED_BY_RE.match(t.lstrip()) and not self.classified_by_lines:
                queue.popleft()
                self.classified_by_lines = [line, *self._block_until_blank(queue)]
                self._field("classified_by", line)
                continue
            if bodygrammar.match_paragraph_start(t) or _SUMMARY_HEADING_RE.match(t):
                return
            if self.banner is None:
                banner = parse_banner(t)
                if banner is not None:
                    queue.popleft()
                    self._take_banner(line, banner, queue)
                    continue
            if hdr.TRANSMISSION_RE.match(t) and self.transmission_id is None:
                # what came before was a printout form (DB/Inbox); the real cable starts here
                self._restart_after_printout()
                self._header(queue)
                continue
            if self.banner is None and self._is_header_element(t):
                queue.popleft()
                continue
            if self.subject_lines and self._looks_like_prose(t):
                return  # an unnumbered body
            if (
                not self.subject_lines
                and self._looks_like_prose(t)
                and not self._preamble_ahead(queue)
            ):
                return  # no preamble at all: the body starts here
            # addressing notes ("NSC FOR ...", "FROM AMBASSADOR", "PASS TO ...") and headings
            queue.popleft()

    def _restart_after_printout(self) -> None:
        self.fields = {
            k: v for k, v in self.fields.items() if k in ("partial", "dated", "csv-dump")
        }
        self.problems = [p for p in self.problems if p.code != "no-banner"]
        self.banner_line = None
        self.classification = self.banner = self.banner_post = self.banner_serial = None
        self.section = None
        self.handling = []
        self.declassify = None
        self.tags = []
        self.subject_lines = []
        self.ref_lines = []
        self.classified_by_lines = []

    def _preamble_ahead(self, queue: deque[Line]) -> bool:
        for line in list(queue)[1:30]:
            if _SUBJECT_RE.match(line.text) or _TAGS_RE.match(line.text) or pre.parse_eo(line.text):
                return True
            if bodygrammar.match_paragraph_start(line.text):
                return False
        return False

    def _continues_tags(self, line: Line) -> bool:
        t = line.text
        if line.blank or self._is_preamble_start(t) or handling_only(t):
            return False
        # wrapped TAGS are short upper-case tokens
        return bool(re.match(r"^\s*[A-Z0-9][A-Z0-9 ,\-/().]*$", t)) and len(t.strip()) <= 60

    def _stops_block(self, t: str) -> bool:
        return bool(
            self._is_preamble_start(t)
            or bodygrammar.match_paragraph_start(t)
            or _SUMMARY_HEADING_RE.match(t)
            or handling_only(t)
        )

    def _subject_continuation(self, queue: deque[Line], first: Line) -> list[Line]:
        out: list[Line] = []
        last = first
        if not _SUBJECT_RE.sub("", first.text, count=1).strip():
            # "SUBJECT:" alone: the subject is on the next line that has text
            while queue and queue[0].blank:
                queue.popleft()
            if not queue or self._stops_block(queue[0].text):
                return out
            parts = self._split_anchors(queue.popleft())
            queue.extendleft(reversed(parts[1:]))
            out.append(parts[0])
            last = parts[0]
        while queue:
            line = queue[0]
            if line.blank:
                # the seed's subject goes on after a blank line: accept one upper-case
                # line that completes a long (wrapped) subject line
                nxt = next((ln for ln in list(queue)[1:3] if not ln.blank), None)
                if (
                    nxt is not None
                    and len(last.text.strip()) >= 40
                    and not self._stops_block(nxt.text)
                    and nxt.text.strip() == nxt.text.strip().upper()
                    and len(nxt.text.strip()) <= 70
                    and not _PAGE_NOISE_RE.match(nxt.text)
                    and not re.match(r"^\s*-{3,}", nxt.text)
                    and not out
                ):
                    while queue and queue[0].blank:
                        queue.popleft()
                    out.append(queue.popleft())
                    last = out[-1]
                    continue
                break
            if self._stops_block(line.text) or _PAGE_NOISE_RE.match(line.text):
                break
            if re.match(r"^\s*-{3,}\s*$", line.text):
                break
            out.append(queue.popleft())
            last = line
        return out

    def _ref_continuation(self, queue: deque[Line]) -> list[Line]:
        out: list[Line] = []
        while queue:
            line = queue[0]
            if _PAGE_NOISE_RE.match(line.text):
                queue.popleft()
                continue
            if line.blank:
                nxt = next((ln for ln in list(queue)[1:4] if not ln.blank), None)
                if (
                    nxt is not None
                    and _REF_CONT_RE.match(nxt.text)
                    and not self._stops_block(nxt.text)
                    and len(nxt.text.strip()) < 90
                ):
                    queue.popleft()
                    continue
                break
            if self._stops_block(line.text):
                break
            out.append(queue.popleft())
        return out

    def _block_until_blank(self, queue: deque[Line]) -> list[Line]:
        out: list[Line] = []
        while queue and not queue[0].blank:
            t = queue[0].text
            if bodygrammar.match_paragraph_start(t) or (
                self._is_preamble_start(t) and not _CLASSIFIED_BY_RE.search(t)
            ):
                break
            out.append(queue.popleft())
        return out

    # -- body ------------------------------------------------------------------

    def _body(self) -> tuple[list[Paragraph], str | None, list[str]]:
        lines = [ln for ln in self.body_lines if not self._is_noise(ln)]
        # signers: the last line of the body that is not a trailing banner
        while lines and (
            lines[-1].blank or parse_banner(lines[-1].text) is not None and len(lines[-1].text) < 60
        ):
            lines.pop()
        mixed = bool(re.search(r"[a-z]{4}", " ".join(ln.text for ln in lines[-12:])))
        signers: list[str] = []
        if lines:
            last = lines[-1]
            names, at = bodygrammar.find_signers(last.text, mixed)
            if names and at is not None:
                signers = names
                if at == 0 or not last.text[:at].strip():
                    lines.pop()
                else:
                    cut = last.text[:at].rstrip()
                    lines[-1] = Line(last.number, last.start, last.start + len(cut), cut)
                self.fields["signers"] = last.number
        starts: list[tuple[int, bodygrammar.ParagraphStart]] = []
        prev: int | None = None
        for i, ln in enumerate(lines):
            ps = bodygrammar.match_paragraph_start(ln.text)
            if ps is None:
                continue
            if ps.marking is not None:
                # a portion marking makes it a paragraph, even out of sequence ("0." for 10)
                ok = True
            elif prev is None:
                ok = ps.number <= 60
            else:
                # unmarked: only the next number, so lists inside a paragraph stay inside
                ok = ps.number == prev + 1
            if ok:
                starts.append((i, ps))
                prev = ps.number
        paragraphs: list[Paragraph] = []
        for k, (i, ps) in enumerate(starts):
            end_i = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
            para_lines = lines[i:end_i]
            first = para_lines[0]
            last_line = max((ln for ln in para_lines if not ln.blank), key=lambda ln: ln.end)
            pieces = [first.text[ps.text_start :]] + [ln.text for ln in para_lines[1:]]
            paragraphs.append(
                Paragraph(
                    number=ps.number,
                    marking=ps.marking,
                    text=_clean(" ".join(pieces)),
                    line=first.number,
                    start=first.start,
                    end=last_line.end,
                    marking_start=first.start + ps.marking_start
                    if ps.marking_start is not None
                    else None,
                    marking_end=first.start + ps.marking_end
                    if ps.marking_end is not None
                    else None,
                )
            )
        if not paragraphs:
            content = [ln for ln in lines if not ln.blank]
            if content:
                paragraphs.append(
                    Paragraph(
                        number=None,
                        marking=None,
                        text=_clean(" ".join(ln.text for ln in content)),
                        line=content[0].number,
                        start=content[0].start,
                        end=content[-1].end,
                    )
                )
        summary = self._summary(lines)
        return paragraphs, summary, signers

    def _is_noise(self, line: Line) -> bool:
        t = line.text
        if _PAGE_NOISE_RE.match(t):
            return True
        return False

    def _summary(self, lines: list[Line]) -> str | None:
        joined: list[str] = []
        in_summary = False
        for ln in lines:
            t = ln.text
            if not in_summary:
                if _SUMMARY_HEADING_RE.match(t):
                    in_summary = True
                    continue
                ps = bodygrammar.match_paragraph_start(t)
                rest = t[ps.text_start :] if ps else t
                m = bodygrammar.SUMMARY_RE.match(rest.strip())
                if m and (ps or re.match(r"^\s*(?:SUMMARY|Summary)", t)):
                    in_summary = True
                    self.fields.setdefault("summary", ln.number)
                    rest = rest.strip()[m.end() :]
                    end = bodygrammar.END_SUMMARY_RE.search(rest)
                    if end:
                        return (
                            _clean(rest[: end.start()]).rstrip(" .") + "."
                            if _clean(rest[: end.start()])
                            else None
                        )
                    joined.append(rest)
                continue
            end = bodygrammar.END_SUMMARY_RE.search(t)
            if end:
                joined.append(t[: end.start()])
                break
            if joined and (ln.blank and len(joined) > 40):
                break
            joined.append(t)
        else:
            if in_summary and joined:
                # no END SUMMARY: the summary is the paragraph that carries it
                para: list[str] = []
                for piece in joined:
                    if not piece.strip() and para:
                        break
                    para.append(piece)
                joined = para
        text = _clean(" ".join(joined))
        if not text:
            return None
        first = bodygrammar.match_paragraph_start(text)
        if first:
            text = _clean(text[first.text_start :])
        return text or None

    # -- result ------------------------------------------------------------------

    def _year(self) -> int | None:
        if self.dtg is not None:
            return self.dtg.year
        if self.meta and self.meta.created:
            return self.meta.created.year
        fid = _filename_id(self.source.path)
        if fid:
            y = int(fid[:2])
            return 1900 + y if y >= 50 else 2000 + y
        return None

    def _make_id(self) -> str | None:
        year = self.dtg.year if self.dtg else None
        if self.banner_post and self.banner_serial and year is not None:
            try:
                return f"{year % 100:02d}{id_spelling(self.banner_post)}{int(self.banner_serial)}"
            except ValueError:
                pass
        if self.meta and self.meta.reference_id:
            return self.meta.reference_id
        year = self._year()
        if self.banner_post and self.banner_serial and year is not None:
            return f"{year % 100:02d}{id_spelling(self.banner_post)}{int(self.banner_serial)}"
        if self.from_ and self.de and self.de.serial and year is not None:
            m = _FM_POST_RE.match(self.from_.name)
            post = (
                m.group(1) if m else ("STATE" if self.from_.name.startswith("SECSTATE") else None)
            )
            if post:
                return f"{year % 100:02d}{id_spelling(post)}{int(self.de.serial)}"
        return _filename_id(self.source.path)

    def _build(self) -> Cable:
        paragraphs, summary, signers = self._body()
        year = self._year()
        subject = marking = None
        if self.subject_lines:
            first = self.subject_lines[0]
            raw = _SUBJECT_RE.sub("", first.text, count=1)
            raw = _clean(" ".join([raw, *(ln.text for ln in self.subject_lines[1:])]))
            from reader.core.markings import PAREN_RE, parse_portion

            mm = PAREN_RE.match(raw)
            if mm:
                marking = parse_portion(mm.group(0))
                if marking is not None:
                    raw = raw[mm.end() :].strip()
            subject = raw
        references: list[Reference] = []
        if self.ref_lines:
            block = "\n".join(ln.text for ln in self.ref_lines)
            references = pre.parse_references(block, year, self.ref_lines[0].number)
        classified_by: ClassifiedBy | None = None
        if self.classified_by_lines:
            block = "\n".join(ln.text for ln in self.classified_by_lines)
            classified_by = pre.parse_classified_by(block, self.classified_by_lines[0].number)
        else:
            classified_by = self._classified_by_in_body(paragraphs)
        if (
            self.banner is None
            and self.classification is None
            and self.meta
            and self.meta.classification
        ):
            banner = parse_banner(self.meta.classification, strict=False)
            if banner is not None:
                self.classification = banner.classification
                self.banner = banner.marking
        if self.banner is None and self.security_code:
            # no banner: the ZNY/ZNR security code still says the level
            word = _SECURITY_CLASSIFICATION.get(self.security_code[0])
            banner = parse_banner(word, strict=False) if word else None
            if banner is not None:
                self.classification = banner.classification
                self.banner = banner.marking
                self._problem(
                    "classification-from-security-code",
                    f"no banner; classification taken from the security line {self.security_line}",
                )
        if not self.fields and not paragraphs[1:] and len(self.text.strip()) < 200:
            self._problem("no-cable-text", "the file holds no cable text")
        ident = self._make_id()
        if ident is None:
            self._problem(
                "no-id", "no reference ID: no banner serial, no metadata, no ID-like file name"
            )
        elif self.meta and self.meta.reference_id and self.meta.reference_id != ident:
            self._problem(
                "id-mismatch",
                f"the banner gives {ident} but the published ID is {self.meta.reference_id}",
            )
        if self.dtg is None and (self.transmission_id or self.de or self.from_):
            if "dtg" not in self.fields:
                self._problem("no-dtg", "routing header without a date-time group")
        for p in paragraphs:
            if p.marking is None and p.number is not None:
                t = self.text[p.start : p.end]
                m = re.match(r"^\s*\S+\s*[.)]\s*(\([A-Za-z/ \-,]{1,12}\))", t)
                if m and re.fullmatch(r"\([A-Z/ \-]{1,12}\)", m.group(1)):
                    self._problem(
                        "unknown-marking",
                        f"paragraph {p.number} opens with {m.group(1)}, not a known portion marking",
                        Line(p.line, p.start, p.end, ""),
                    )
        return Cable(
            text=self.text,
            source=self.source,
            id=ident,
            transmission_id=self.transmission_id,
            routing_precedence=self.routing_precedence,
            routing_indicators=tuple(self.ris),
            de=self.de,
            security_code=self.security_code,
            security_line=self.security_line,
            precedence=self.precedence,
            info_precedence=self.info_precedence,
            dtg=self.dtg,
            from_=self.from_,
            to=tuple(self.to),
            info=tuple(self.info),
            classification=self.classification,
            banner=self.banner,
            banner_post=self.banner_post,
            banner_serial=self.banner_serial,
            section=self.section,
            handling=tuple(self.handling),
            declassify=self.declassify,
            tags=tuple(self.tags),
            subject=subject,
            subject_marking=marking,
            references=tuple(references),
            classified_by=classified_by,
            summary=summary,
            paragraphs=tuple(paragraphs),
            signers=tuple(signers),
            meta=self.meta,
            problems=tuple(self.problems),
            field_lines=tuple(sorted(self.fields.items(), key=lambda kv: kv[1])),
        )

    def _classified_by_in_body(self, paragraphs: list[Paragraph]) -> ClassifiedBy | None:
        """Older cables put ``CLASSIFIED BY ... REASONS: 1.5(B)`` inside paragraph 1."""
        for p in paragraphs[:2]:
            m = _CLASSIFIED_BY_RE.search(p.text)
            if m:
                line = self.text.count("\n", 0, p.start) + 1
                cb = pre.parse_classified_by(p.text[m.start() : m.start() + 300], line)
                self.fields.setdefault("classified_by", line)
                return cb
        return None


def handling_only(text: str) -> list[str] | None:
    return pre.handling_words(text)


def _parse_when(text: str) -> datetime | None:
    try:
        when = dateparser.parse(text.strip())
    except (ValueError, OverflowError):
        return None
    if when is None:
        return None
    from datetime import UTC

    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_cable(
    text: str, *, source: Source | None = None, meta: ContainerMeta | None = None
) -> Cable:
    """Parse one cable's text. Never raises on content: problems are recorded on the Cable."""
    src = source or Source(path="", format="txt")
    try:
        return _CableParser(text, src, meta).run()
    except Exception as exc:  # noqa: BLE001 - the contract: content never raises
        return Cable(
            text=text,
            source=src,
            id=(meta.reference_id if meta else None) or _filename_id(src.path),
            meta=meta,
            problems=(Problem("parser-error", f"the parser failed on this text: {exc!r}"),),
        )
