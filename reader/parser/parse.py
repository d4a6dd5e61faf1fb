"""parse_cable(text) -> Cable: the state machine over logical lines. Never raises on content.

Three passes, as CPython's email.feedparser separates its line source, state machine and
result: the routing header and the preamble are read line by line (few lines, many
shapes); the body, most of the text, is read with whole-text patterns.

This module holds the state machine and the building of the Cable; each role it hands
work to has its own module:

- routing.py: the routing header's lines (VZCZC, DE, ZNY, DTG, FM, TO, INFO) and fields
- banner.py: the banner taken, its ID claims, the fallbacks without one
- blocks.py: where the preamble's blocks go on and stop, and what a line is
- elements.py: the preamble's elements as read, and the subject, references and
  Classified By made from them
- paragraphs.py, summary.py: the body's paragraphs, signers and summary
- idevidence.py, ids.py, dates.py: the ID's claims and decision, the date
- artefacts.py, dumps.py, appended.py: what other tools left in the file
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from reader.model.records import (
    Cable,
    ClassifiedBy,
    ContainerMeta,
    Paragraph,
    Problem,
    Reference,
    Source,
)
from reader.model.version import PARSER_VERSION
from reader.parser import artefacts, idevidence, ids, paragraphs
from reader.parser import body as bodygrammar
from reader.parser import header as hdr
from reader.parser import preamble as pre
from reader.parser.appended import find_appended
from reader.parser.banner import Banner, wrapped_banner
from reader.parser.blocks import (
    CLASSIFIED_BY_START_RE,
    REF_AGAIN_RE,
    REF_RE,
    SUBJECT_RE,
    SUMMARY_HEADING_RE,
    TAGS_RE,
    block_until_blank,
    continues_tags,
    header_follows,
    is_header_element,
    is_preamble_start,
    looks_like_prose,
    marked_text,
    opens_prose,
    preamble_ahead,
    ref_continuation,
    split_anchors,
    subject_continuation,
)
from reader.parser.dates import cable_date, cable_year, year_of_id
from reader.parser.dumps import find_dump, quotes_doubled
from reader.parser.elements import Elements
from reader.parser.ids import ID_RE
from reader.parser.lines import Line, LineMaker, LineQueue, line_separator, split_at
from reader.parser.markings import BannerParts, parse_banner
from reader.parser.noise import page_noise
from reader.parser.paragraphs import classified_by_in_body, unknown_markings
from reader.parser.routing import (
    ADDRESS_BLOCKS,
    ADDRESSEE_RE,
    DISTRIBUTION_RE,
    HEADER_WORDS,
    NOT_MINE,
    READERS,
    RoutingHeader,
)
from reader.parser.summary import find_summary

__all__ = ["parse_cable", "parse_header", "ID_RE", "PARSER_VERSION"]

#: a date-time group without precedence on a line of its own: "311333Z Mar 05"
_BARE_DTG_RE = re.compile(r"^\s*(\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4})\s*$")
#: first letters of banners (also lost-letter and lower-case ones)
_BANNER_STARTS = frozenset("CSTULONE0123456789\"',]")


def _after_blank(text: str, start: int) -> bool:
    """The line at ``start`` follows a blank line."""
    end = text.rfind("\n", 0, start)
    if end <= 0:
        return False
    return not text[text.rfind("\n", 0, end) + 1 : end].strip()


class _CableParser:
    """One pass over the logical lines: header, then preamble, then body."""

    def __init__(
        self,
        text: str,
        source: Source,
        meta: ContainerMeta | None,
        *,
        quick: bool = False,
        whole: bool = False,
    ) -> None:
        #: only the header and preamble (parse_header): no body, references, signers
        self.quick = quick
        #: (quick) look for a glued-on cable in the whole text before reading the header
        self.whole = whole
        self.given = (text, source, meta)
        # Old Mac files end lines with CR only; the parser reads a copy with LF (same length,
        # so every offset holds for the original), and the Cable keeps the original.
        self.original = text
        self.text = text.replace("\r", "\n") if line_separator(text) == "\r" else text
        self.source = source
        self.meta = meta
        self.problems: list[Problem] = []
        self.fields: dict[str, int] = {}
        #: the routing header (reader/parser/routing.py), which fills these fields and problems
        self.head = RoutingHeader(self.fields, self.problems, addressees=not quick)
        #: the banner taken (reader/parser/banner.py)
        self.banner = Banner()
        #: the preamble's elements (reader/parser/elements.py)
        self.elements = Elements()
        self.body_start = len(text)
        #: where this cable's text ends: the text's end, or where a glued-on cable starts
        self.end = len(text)
        self.appended_at: int | None = None
        self.doubled_quotes = False  # text read from a CSV row dumped with "" for "
        # evidence for the ID: what the container published, every banner taken, and the
        # header of the file itself when a dumped record of another cable follows it
        self.container_id = meta.reference_id if meta else None
        self.outer_claims: list[ids.Claim] = []
        #: (the dumped record's ID, where the file's own header ends) when a record follows it
        self.dump: tuple[str | None, int] | None = None
        #: paragraphs.line_starts' paragraph candidates over the whole text (the full parse)
        self.para_candidates: list[tuple[int, int]] | None = None

    # -- helpers -------------------------------------------------------------

    def _field(self, name: str, line: Line) -> None:
        self.fields.setdefault(name, line.number)

    def _problem(self, code: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(code, message, line))

    # -- passes ----------------------------------------------------------------

    def run(self) -> Cable:
        start, number = 0, 1
        starts = None
        if not self.quick:
            # one pass over the line starts for where a glued-on cable may start and for the
            # paragraphs
            starts, self.para_candidates = paragraphs.line_starts(self.text)
        dump = find_dump(self.text)
        if dump is not None:
            glued = find_appended(self.text, lines=starts)
            if glued is not None and glued <= dump.start:
                dump = None  # the record is of a cable glued on after this one, not this one
        if dump is not None:
            # a preview, then the whole record another tool dumped: read the record
            number = self.text.count("\n", 0, dump.start) + 1
            self.fields["csv-dump"] = number
            self.meta = artefacts.merge_meta(self.meta, dump.meta)
            self.outer_claims = idevidence.outer_header_claims(self.text[: dump.start])
            self.dump = (dump.meta.reference_id if dump.meta else None, dump.start)
            start = dump.cable_start
            self.doubled_quotes = dump.quoted
            number = self.text.count("\n", 0, start) + 1
        elif '""' in self.text:
            # a cable copied out of a cables.csv row without its record: "" for " all the same
            self.doubled_quotes = quotes_doubled(self.text)
        if self.quick and not self.whole:
            # The header and preamble are read from the whole text first, and a glued-on
            # cable looked for only where the lines made so far reach: one further down
            # changes none of them (the full parse finds it). Most of a text is body, which
            # this spares the search going through. Else they are read again up to it.
            maker = LineMaker(self.text, start, number)
            queue = self._queue(maker)
            self._header(queue)
            self._preamble(queue)
            if find_appended(self.text, start, stop=maker.reached) is None:
                return self._build()
            return _CableParser(*self.given, quick=True, whole=True).run()
        appended = find_appended(self.text, start, lines=starts)
        if appended is not None:
            # a later cable glued on: this cable's fields come from the text before it only
            self.end = appended
            self.appended_at = appended
            self._problem(
                "appended-text",
                "another cable is glued on after this one's end; it is shown apart and none of"
                " its fields are taken",
                self.text.count("\n", 0, appended) + 1,
            )
        queue = self._queue(
            LineMaker(self.text if appended is None else self.text[:appended], start, number)
        )
        self._header(queue)
        self._preamble(queue)
        self.body_start = queue.rest_start()
        return self._build()

    def _queue(self, maker: LineMaker) -> LineQueue:
        return LineQueue(
            maker,
            self.end,
            screen=self._artefacts,
            starts=artefacts.ARTEFACT_STARTS,
            screened=artefacts.ARTEFACT_LINES,
        )

    def _artefacts(self, line: Line, queue: LineQueue) -> list[Line]:
        """The queue's screen for the top lines (see reader/parser/artefacts.py)."""
        lines, self.meta, field = artefacts.screen(line, queue, self.meta)
        if field is not None:
            self._field(field, line)
        return lines

    def _header(self, queue: LineQueue) -> None:
        """Routing header up to the banner. Leaves the queue at the first preamble line.

        (The loop is the state machine's hot path, run for every header line: its tests
        stay inline here, where a split into helpers would add calls per line.)"""
        block: str | None = None  # "to", "info", "skip", "xmt", "dist", "ri"
        head = self.head
        doubled = self.doubled_quotes  # (a local: read on every line)
        seen_header = False
        fallback_banner: tuple[Line, BannerParts] | None = None
        while (line := queue.peek()) is not None:
            t = line.text
            if line.blank:
                queue.popleft()
                if block in ("to", "info", "xmt", "dist", "skip"):
                    block = None
                continue
            if doubled and '","' in t and not t.startswith('","'):
                # a dumped cables.csv row: its header field ends and its body field (the
                # banner) starts inside the line ('... PRIORITY","S E C R E T ...')
                at = t.index('","')
                queue.popleft()
                queue.push_front([p for p in split_at(line, [at, at + 3]) if p.text != '","'])
                continue
            word = t.split(None, 1)[0]
            handler = HEADER_WORDS.get(word)
            if handler is None:
                if word.startswith("VZCZC"):
                    handler = "vzczc"
                elif block in ADDRESS_BLOCKS and ADDRESSEE_RE.match(t) and not page_noise(t):
                    # an addressee ("RUEHC/SECSTATE WASHDC 9007"): none of the tests below
                    # can take it (they want a digit, a banner word or a preamble word first)
                    head.address(t, line, block)
                    queue.popleft()
                    continue
            if handler is not None:
                # (the reader is looked up and called here, one call per line as before)
                result = READERS[handler](head, line, queue, block)
                if result is not NOT_MINE:
                    if handler not in ("page", "bt", "action"):
                        seen_header = True
                    if result != "keep":
                        block = result  # type: ignore[assignment]
                    continue
            if block == "ri" and hdr.RI_LINE_RE.match(t) and not head.de:
                head.ris.extend(t.split())
                queue.popleft()
                continue
            if page_noise(t):
                queue.popleft()
                continue
            bare = _BARE_DTG_RE.match(t)
            if bare and "dtg" not in self.fields and head.bare_dtg(bare.group(1), line):
                queue.popleft()
                continue
            if block == "dist" and DISTRIBUTION_RE.search(t + " X-00"):
                queue.popleft()
                continue
            banner = parse_banner(t)
            if banner is None and t[1:2] == " " and (joined := wrapped_banner(line, queue)):
                # "C O N F I D E N T" / "I A L SECTION 01 OF 02 THE HAGUE 001782": one banner
                queue.popleft()  # (the next line, its second half, is taken below)
                line, banner = joined
            if banner is not None:
                if banner.post is None and banner.section is None and header_follows(queue):
                    # the printed-telegram banner above FM/TO; the real one comes later
                    fallback_banner = fallback_banner or (line, banner)
                    queue.popleft()
                    continue
                queue.popleft()
                self._take_banner(line, banner, queue)
                return
            preamble = is_preamble_start(t)
            if block in ("to", "info", "skip") and not preamble:
                head.address(t, line, block)
                queue.popleft()
                continue
            if block == "xmt" and not preamble:
                queue.popleft()
                continue
            if preamble or bodygrammar.match_paragraph_start(t):
                break
            # anything else before the header proper is noise (or a header we cannot read)
            if seen_header:
                block = None
            queue.popleft()
            if seen_header and looks_like_prose(t) and not header_follows(queue):
                # a body without banner: put the line back and stop
                queue.appendleft(line)
                break
        if fallback_banner is not None:
            line, banner = fallback_banner
            self._take_banner(line, banner, None)
        else:
            self._problem("no-banner", "no classification banner found")

    def _take_banner(self, line: Line, banner: BannerParts, queue: LineQueue | None) -> None:
        self._field("banner", line)
        self.banner.take(line, banner, queue, later=bool(self.outer_claims))

    def _preamble(self, queue: LineQueue) -> None:
        """Handling lines, E.O., TAGS, SUBJECT, REF, Classified By; stop at the body.

        (Run for every preamble line: the tests stay inline, as in _header.)"""
        taken = self.banner  # (locals: read on every line)
        els = self.elements
        while (line := queue.peek()) is not None:
            if line.blank or page_noise(line.text):
                queue.popleft()
                continue
            parts = split_anchors(line)
            if len(parts) > 1:
                queue.popleft()
                queue.push_front(parts)
                line = parts[0]
            t = line.text
            first = t.lstrip()[:1].upper()
            words = pre.handling_words(t)
            if words:
                queue.popleft()
                for w in words:
                    if w not in els.handling:
                        els.handling.append(w)
                self._field("handling", line)
                continue
            eo = pre.parse_eo(t, line.number) if first in "ED" else None
            if eo is not None and els.declassify is None:
                queue.popleft()
                els.declassify = eo
                self._field("declassify", line)
                continue
            if not els.tags and first in "TA" and TAGS_RE.match(t):
                queue.popleft()
                block = [line]
                while queue and continues_tags(queue.first(), block[-1].text):
                    block.append(queue.popleft())
                els.tags = pre.parse_tags(" ".join(b.text for b in block))
                self._field("tags", line)
                continue
            if not els.subject_lines and first == "S" and SUBJECT_RE.match(t):
                queue.popleft()
                els.subject_lines = [line, *subject_continuation(queue, line)]
                self._field("subject", line)
                continue
            if first == "R" and REF_RE.match(t) and (not els.ref_lines or REF_AGAIN_RE.match(t)):
                queue.popleft()
                block = [line, *ref_continuation(queue, line)]
                if els.ref_lines and not els.ref_lines[-1].text.rstrip().endswith("..."):
                    els.ref_lines += block  # a second REF block: its entries count too
                else:  # the first, or after a preview cut short ("A. ROME DAIL...")
                    els.ref_lines = block
                self._field("references", line)
                continue
            if (
                first in "C("
                and (not els.classified_by_lines or els.classified_by_void())
                and CLASSIFIED_BY_START_RE.match(t)
            ):
                # (the first, or after one cut short, "Ambassador Ronald Spogli f...":
                # 05ROME3081, or a note that names the line: "(ADDED CLASSIFIED BY LINE)")
                queue.popleft()
                els.classified_by_lines = [line, *block_until_blank(queue, line)]
                self._field("classified_by", line)
                continue
            if (
                bodygrammar.match_paragraph_start(t)
                or SUMMARY_HEADING_RE.match(t)
                or bodygrammar.SUMMARY_RE.match(t.lstrip())
            ):
                return
            banner = parse_banner(t) if taken.marking is None or first in _BANNER_STARTS else None
            if banner is not None and (
                taken.marking is None
                or (banner.serial and (els.tags or els.subject_lines or els.ref_lines))
                or (banner.section and taken.section is None and not els.tags)
            ):
                # the preamble so far belonged to a dumped copy of the header: start over
                queue.popleft()
                self._restart_after_printout()
                self._take_banner(line, banner, queue)
                continue
            if self.head.transmission_id is None and hdr.TRANSMISSION_RE.match(t):
                # what came before was a printout form (DB/Inbox); the real cable starts here
                self._restart_after_printout()
                self._header(queue)
                continue
            if taken.marking is None and is_header_element(t):
                queue.popleft()
                continue
            if looks_like_prose(t) and (els.subject_lines or not preamble_ahead(queue)):
                return  # an unnumbered body
            if els.subject_lines and opens_prose(t) and _after_blank(self.text, line.start):
                return  # an unnumbered body of short lines: "On July 18 and 21, 2005, Econoff"
            if els.subject_lines and first == "(" and marked_text(t):
                return  # "(S) Poloff delivered ...": an unnumbered paragraph, short lines
            # addressing notes ("NSC FOR ...", "FROM AMBASSADOR", "PASS TO ...") and headings
            queue.popleft()

    def _restart_after_printout(self) -> None:
        # what the copy said stays as a fallback for what the real cable does not say
        self.elements.forget(self.fields)
        keep = ("partial", "dated", "csv-dump")
        # (in place: the routing header holds these two)
        kept = {k: v for k, v in self.fields.items() if k in keep}
        self.fields.clear()
        self.fields.update(kept)
        self.problems[:] = [p for p in self.problems if p.code != "no-banner"]
        self.banner.forget()

    # -- body ------------------------------------------------------------------

    def _body(self) -> tuple[list[Paragraph], str | None, list[str]]:
        """The body's paragraphs, summary and signers, read with whole-text patterns (see
        reader/parser/paragraphs.py and reader/parser/summary.py)."""
        text, begin = self.text, self.body_start
        end, signers, signers_line = paragraphs.body_end_and_signers(text, begin, self.end)
        if signers_line is not None:
            self.fields["signers"] = signers_line
        found = paragraphs.read_paragraphs(
            text, begin, end, self.doubled_quotes, self.para_candidates
        )
        region = begin
        for lines in (self.elements.classified_by_lines, self.elements.subject_lines):
            if lines:  # a subject line may run on into the body too
                region = min(region, lines[0].start)
        summary, line = find_summary(text, found, begin, self.end, region)
        if line is not None:
            self.fields.setdefault("summary", line)
        return found, summary, signers

    def _make_id(self, published: str | None) -> str | None:
        head = self.head
        # (the file's own header, when a dumped record follows it: the header read is the record's)
        header_claims = self.outer_claims or idevidence.header_claims(head.de, head.from_, head.dtg)
        claims = idevidence.id_claims(
            published, self.meta, self.container_id, header_claims, self.banner.claims
        )
        decision = ids.decide(
            claims, idevidence.id_year(claims, self.meta.created if self.meta else None)
        )
        if decision.conflicts and decision.id is not None:
            self._problem(
                "id-conflict",
                f"the ID is {decision.id}; other claims disagree:"
                f" {ids.describe(decision.conflicts)}",
            )
        return decision.id

    def _build(self) -> Cable:
        self.elements.use_earlier(self.fields)
        paragraphs: list[Paragraph]
        signers: list[str]
        if self.quick:
            paragraphs, summary, signers = [], None, []
        else:
            paragraphs, summary, signers = self._body()
        year = cable_year(self.head.dtg, self.meta, self.source.path)
        els = self.elements
        subject, marking = els.subject(self.banner.post)
        references: list[Reference] = []
        if not self.quick:
            references = els.references(year, self.banner.post, self.banner.serial)
        if self.doubled_quotes:  # a CSV field's "" is one quote, as in the paragraphs
            if subject and '""' in subject:
                subject = subject.replace('""', '"')
            if summary and '""' in summary:
                summary = summary.replace('""', '"')
            references = [
                replace(r, text=r.text.replace('""', '"')) if '""' in r.text else r
                for r in references
            ]
        classified_by: ClassifiedBy | None = None
        if self.quick:
            pass
        elif els.classified_by_lines:
            classified_by = els.classified_by()
        else:
            classified_by, line = classified_by_in_body(paragraphs)
            if line is not None:
                self.fields.setdefault("classified_by", line)
        if self.meta:
            self.banner.from_container(self.meta.classification)
        # no banner: the ZNY/ZNR security code still says the level
        if self.banner.from_security_code(self.head.security_code):
            self._problem(
                "classification-from-security-code",
                f"no banner; classification taken from the security line {self.head.security_line}",
            )
        if (
            not self.quick
            and not self.fields
            and not paragraphs[1:]
            and len(self.text.strip()) < 200
        ):
            self._problem("no-cable-text", "the file holds no cable text")
        published = idevidence.published_id(self.container_id, self.source.path, self.meta)
        ident = self._make_id(published)
        if ident is not None and any(r.id == ident for r in references):
            references = [r for r in references if r.id != ident]  # a cable never cites itself
        if ident is None:
            self._problem(
                "no-id", "no reference ID: no banner serial, no metadata, no ID-like file name"
            )
        dated = self.head.dtg
        if self.dump is not None and self.dump[0] and ident and self.dump[0] != ident:
            # the record dumped after the file's own header is another cable's: its DTG and
            # date are that cable's, the file's header dates this one (10ASUNCION71)
            dated = idevidence.outer_header_dtg(self.text[: self.dump[1]]) or dated
        date, date_precision = cable_date(
            self.text, ident, dated, self.meta, self.source.path, self.banner.serial
        )
        if self.head.dtg is None and (self.head.transmission_id or self.head.de or self.head.from_):
            if "dtg" not in self.fields:
                self._problem("no-dtg", "routing header without a date-time group")
        for p, mark in unknown_markings(self.text, paragraphs):
            self._problem(
                "unknown-marking",
                f"paragraph {p.number} opens with {mark}, not a known portion marking",
                p.line,
            )
        return Cable(
            text=self.original,
            source=self.source,
            id=ident,
            published_id=published,
            transmission_id=self.head.transmission_id,
            routing_precedence=self.head.routing_precedence,
            routing_indicators=tuple(self.head.ris),
            de=self.head.de,
            security_code=self.head.security_code,
            security_line=self.head.security_line,
            precedence=self.head.precedence,
            info_precedence=self.head.info_precedence,
            dtg=self.head.dtg,
            date=date,
            date_precision=date_precision,
            from_=self.head.from_,
            to=tuple(self.head.to),
            info=tuple(self.head.info),
            classification=self.banner.classification,
            banner=self.banner.marking,
            banner_post=self.banner.post,
            banner_serial=self.banner.serial,
            section=self.banner.section,
            handling=tuple(self.elements.handling),
            declassify=self.elements.declassify,
            tags=tuple(self.elements.tags),
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
            appended_at=self.appended_at,
        )


def parse_cable(
    text: str, *, source: Source | None = None, meta: ContainerMeta | None = None
) -> Cable:
    """Parse one cable's text. Never raises on content: problems are recorded on the Cable."""
    return _parse(text, source, meta, quick=False)


def parse_header(
    text: str, *, source: Source | None = None, meta: ContainerMeta | None = None
) -> Cable:
    """The first phase of an index: parse_cable's reading of the routing header and the
    preamble (ID, published ID, date, origin, classification, subject, TAGS, precedence,
    handling), the same code stopping before the body. The record has no paragraphs,
    references, signers, summary or classified-by, nor TO and INFO addressees (the lines
    are read, their addresses not made), and its problems are those of the header only:
    an index fills those in later with parse_cable."""
    return _parse(text, source, meta, quick=True)


def _parse(text: str, source: Source | None, meta: ContainerMeta | None, *, quick: bool) -> Cable:
    src = source or Source(path="", format="txt")
    try:
        return _CableParser(text, src, meta, quick=quick).run()
    except Exception as exc:  # noqa: BLE001 - the contract: content never raises
        ident = (meta.reference_id if meta else None) or idevidence.filename_id(src.path)
        created = meta.created if meta else None
        year = year_of_id(ident)
        return Cable(
            text=text,
            source=src,
            id=ident,
            published_id=(meta.reference_id if meta else None)
            or idevidence.published_id_of(src.path),
            date=created or (datetime(year, 1, 1, tzinfo=UTC) if year else None),
            date_precision="day" if created else ("year" if year else None),
            meta=meta,
            problems=(Problem("parser-error", f"the parser failed on this text: {exc!r}"),),
        )
