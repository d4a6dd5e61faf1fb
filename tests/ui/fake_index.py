"""An in-memory stand-in for ``reader.corpus.store.CorpusIndex`` with hand-built cables.

It speaks exactly the corpus API the window uses, so widget tests run without the parser or
sqlite, and a test can hold a refresh open (``FakeCorpus.gate``) to exercise cancel and
"a second folder replaces the first".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader.core.checks import check_cable
from reader.core.graph import cited_ids
from reader.core.records import (
    Address,
    Cable,
    ClassifiedBy,
    Declassification,
    DeLine,
    Marking,
    Paragraph,
    Problem,
    Reference,
    Source,
)
from reader.corpus.annotations import Annotations, annotations_path
from reader.corpus.query import (
    FACETS,
    SINGLE_VALUED,
    FacetValue,
    FileProblem,
    Filter,
    Hit,
    Progress,
    group_filter,
    restored_filter,
)
from reader.corpus.querysyntax import FIELDS as QUERY_FIELDS

_LEVEL_WORD = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET"}
_SECURITY = {"U": "UUUUU", "C": "CCCCC", "S": "SSSSS", "TS": "TTTTT"}


def marking(text: str) -> Marking:
    level = text.split("/")[0].split("-")[0]
    cui = level in ("SBU", "FOUO", "LOU")
    return Marking(text=text, level="U" if cui else level, raw=f"({text})", cui=cui)


def build_cable(
    cable_id: str,
    when: datetime,
    post: str,
    level: str,
    tags: Sequence[str],
    subject: str,
    paragraphs: Sequence[tuple[str | None, str]],
    *,
    refs: Sequence[tuple[str, str | None]] = (),
    handling: Sequence[str] = ("SIPDIS",),
    noforn: bool = False,
    problems: Sequence[Problem] = (),
) -> Cable:
    """A cable text in the common layout, with every offset and line the parser would give."""
    lines: list[str] = []
    field_lines: list[tuple[str, int]] = []

    def add(text: str, name: str | None = None) -> int:
        lines.append(text)
        if name:
            field_lines.append((name, len(lines)))
        return len(lines)

    serial = cable_id.lstrip("0123456789").removeprefix(post)
    classification = _LEVEL_WORD[level] + ("//NOFORN" if noforn else "")
    add("VZCZCXRO7705", "transmission_id")
    add("OO RUEHC RUEHZL", "routing")
    julian = when.timetuple().tm_yday
    de_line = add(f"DE RUEH{post[:2]} #{serial:0>4} {julian:03d}{when:%H%M}", "de")
    add(f"ZN{'R' if level == 'U' else 'Y'} {_SECURITY[level]} ZZH", "security")
    add(f"O {when:%d%H%M}Z {when:%b %y}".upper(), "dtg")
    fm = add(f"FM AMEMBASSY {post}", "from")
    to_line = add("TO RUEHC/SECSTATE WASHDC IMMEDIATE 9007", "to")
    info_line = add("INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY", "info")
    info2 = add("RUEKJCS/SECDEF WASHDC PRIORITY")
    add(f"{classification} {post} {serial:0>6}", "banner")
    for h in handling:
        add(h, "handling")
    eo = add(f"E.O. 12958: DECL: {when:%m/%d}/{when.year + 10}", "declassify")
    add(f"TAGS: {' '.join(tags)}", "tags")
    add(f"SUBJECT: {subject}", "subject")
    references = []
    for i, (ref_text, ref_id) in enumerate(refs):
        label = f"{chr(65 + i)}. " if len(refs) > 1 else ""
        prefix = "REF: " if i == 0 else "     "
        line = add(f"{prefix}{label}{ref_text}", "ref" if i == 0 else None)
        references.append(
            Reference(label=label.strip() or None, text=ref_text, id=ref_id, line=line)
        )
    classified_by = None
    if level != "U":
        cb = add("Classified By: Ambassador Richard W Graber for reasons 1.4 b+d", "classified_by")
        classified_by = ClassifiedBy(
            text=lines[-1].split(": ", 1)[1],
            names=("Richard W Graber",),
            reasons=("1.4(b)", "1.4(d)"),
            line=cb,
        )
    add("")
    paras: list[tuple[int, int, str | None, str, int]] = []  # line, number, mark, body
    for number, (mark, body) in enumerate(paragraphs, start=1):
        head = f"{number}. " + (f"({mark}) " if mark else "")
        line = add(head + body)
        paras.append((line, number, mark, head, len(head + body)))
        add("")
    add("GRABER")
    text = "\n".join(lines) + "\n"
    line_start = [0]
    for ln in lines:
        line_start.append(line_start[-1] + len(ln) + 1)
    records = []
    for line, number, mark, head, length in paras:
        start = line_start[line - 1]
        ms = me = None
        if mark:
            ms = start + len(f"{number}. ")
            me = ms + len(mark) + 2
        records.append(
            Paragraph(
                number=number,
                marking=marking(mark) if mark else None,
                text=text[start + len(head) : start + length],
                line=line,
                start=start,
                end=start + length,
                marking_start=ms,
                marking_end=me,
            )
        )
    banner = Marking(
        text=classification.replace("NOFORN", "NF"), level=level, controls=("NF",) if noforn else ()
    )
    return Cable(
        text=text,
        source=Source(path=f"/fake/{when.year}/{cable_id}.txt", format="txt"),
        id=cable_id,
        transmission_id="VZCZCXRO7705",
        routing_precedence="OO",
        routing_indicators=("RUEHC", "RUEHZL"),
        de=DeLine(
            station=f"RUEH{post[:2]}",
            serial=serial,
            julian_day=julian,
            time=f"{when:%H%M}",
            line=de_line,
        ),
        security_code=_SECURITY[level],
        security_line=lines[3],
        precedence="IMMEDIATE",
        dtg=when,
        from_=Address(name=f"AMEMBASSY {post}", line=fm),
        to=(
            Address(
                name="SECSTATE WASHDC",
                ri="RUEHC",
                precedence="IMMEDIATE",
                serial="9007",
                line=to_line,
            ),
        ),
        info=(
            Address(
                name="EUROPEAN POLITICAL COLLECTIVE",
                ri="RUEHZL",
                precedence="PRIORITY",
                line=info_line,
            ),
            Address(name="SECDEF WASHDC", ri="RUEKJCS", precedence="PRIORITY", line=info2),
        ),
        classification=classification,
        banner=banner,
        banner_post=post,
        banner_serial=f"{serial:0>6}",
        handling=tuple(handling),
        declassify=Declassification(
            eo="12958", raw=lines[eo - 1], date=when.replace(year=when.year + 10).date(), line=eo
        ),
        tags=tuple(tags),
        subject=subject,
        references=tuple(references),
        classified_by=classified_by,
        paragraphs=tuple(records),
        signers=("GRABER",),
        problems=tuple(problems),
        field_lines=tuple(field_lines),
    )


def sample_cables() -> list[Cable]:
    """A dozen cables: every level, several posts and years, references between them."""

    def d(*when: int) -> datetime:  # Zulu, as the parser gives a DTG
        return datetime(*when, tzinfo=UTC)

    return [
        build_cable(
            "07PRAGUE486",
            d(2007, 5, 2, 9, 30),
            "PRAGUE",
            "C",
            ["PREL", "MARR", "EZ"],
            "CZECH VIEWS ON MISSILE DEFENSE",
            [
                ("C", "Czech officials described the radar talks."),
                ("U", "Press coverage has been steady."),
                ("C", "Comment: the government remains committed."),
            ],
        ),
        build_cable(
            "07PRAGUE497",
            d(2007, 5, 7, 15, 1),
            "PRAGUE",
            "C",
            ["PREL", "MARR", "RU"],
            "CZECH PRESIDENT: PUTIN SERIOUS ABOUT MISSILE DEFENSE CONCERNS",
            [
                ("C", "Czech President Vaclav Klaus asked to see Ambassador on May 7."),
                ("C", "Klaus reported that he used his meeting with Putin."),
                ("U", "Klaus otherwise described the visit as cordial."),
            ],
            refs=[("PRAGUE 486", "07PRAGUE486")],
        ),
        build_cable(
            "08ANKARA1001",
            d(2008, 6, 3, 12, 0),
            "ANKARA",
            "S",
            ["PTER", "PREL", "TU"],
            "TURKEY: BORDER SECURITY TALKS",
            [
                ("S", "Turkish General Staff officials briefed on border operations."),
                ("C", "The MFA asked for continued consultation."),
                ("S//NF", "Sensitive detail follows."),
            ],
            refs=[("ANKARA 990", None), ("PRAGUE 497", "07PRAGUE497")],
            noforn=True,
            handling=("SIPDIS", "NOFORN"),
        ),
        build_cable(
            "08ANKARA1002",
            d(2008, 6, 9, 8, 15),
            "ANKARA",
            "U",
            ["ECON", "TU"],
            "TURKISH ECONOMY: SLOWER GROWTH",
            [("U", "Growth slowed in the second quarter."), ("SBU", "Bankers expect a rate cut.")],
        ),
        build_cable(
            "09STATE6386",
            d(2009, 6, 18, 20, 0),
            "STATE",
            "TS",
            ["PINR", "KNNP", "IR"],
            "REPORTING REQUEST ON NUCLEAR PROGRAM",
            [
                ("TS", "Posts should report on procurement networks."),
                ("S", "Background on prior requests."),
                ("U", "Thanks."),
            ],
            refs=[("ANKARA 1001", "08ANKARA1001")],
        ),
        build_cable(
            "09MEXICO200",
            d(2009, 1, 20, 17, 45),
            "MEXICO",
            "C",
            ["SNAR", "PGOV", "MX"],
            "MEXICO: CARTEL VIOLENCE IN JUAREZ",
            [
                ("C", "Violence in Ciudad Juarez rose sharply."),
                ("C", "Local officials."),
                (None, "Unmarked closing remark."),
            ],
            problems=[Problem("unmarked-paragraph", "paragraph 3 has no marking", 30)],
        ),
        build_cable(
            "10ABUDHABI69",
            d(2010, 1, 25, 6, 0),
            "ABUDHABI",
            "S",
            ["PREL", "IR", "AE"],
            "UAE VIEWS ON IRAN",
            [
                ("SBU", "Summary of the meeting."),
                ("S//NF", "The Crown Prince said."),
                ("C", "Comment follows."),
            ],
            handling=("SIPDIS", "NOFORN"),
            noforn=True,
        ),
        build_cable(
            "10PARIS150",
            d(2010, 2, 1, 10, 0),
            "PARIS",
            "U",
            ["PREL", "FR"],
            "FRANCE: CULTURAL EXCHANGE",
            [("U", "The exchange program went well.")],
        ),
        build_cable(
            "06MOSCOW5740",
            d(2006, 5, 30, 14, 20),
            "MOSCOW",
            "C",
            ["PGOV", "RS"],
            "RUSSIA: DUMA POLITICS",
            [("C", "The Duma passed a law."), ("C", "Opposition reaction.")],
        ),
        build_cable(
            "06MOSCOW5801",
            d(2006, 6, 2, 11, 0),
            "MOSCOW",
            "S",
            ["PREL", "MARR", "RS"],
            "RUSSIA: MISSILE DEFENSE REACTION",
            [("S", "Defense ministry officials reacted."), ("C", "Foreign ministry.")],
            refs=[("MOSCOW 5740", "06MOSCOW5740")],
        ),
    ]


@dataclass
class FakeCorpus:
    """What a folder holds. With ``hold_after``, refresh stops once that many cables are in
    and waits until ``release`` is set or the load is cancelled (a slow disk, on demand).
    While ``reads_open`` is cleared, reading a cable waits (a big cable, on demand)."""

    cables: list[Cable]
    problems: list[FileProblem] = field(default_factory=list)
    batch: int = 3
    hold_after: int | None = None
    release: threading.Event = field(default_factory=threading.Event)
    reads_open: threading.Event = field(default_factory=lambda: _set(threading.Event()))
    opened: int = 0
    visible: int = 0


def _set(event: threading.Event) -> threading.Event:
    event.set()
    return event


def parsed_folder(folder: str | Path) -> FakeCorpus:
    """A FakeCorpus of the cables the real parser reads from ``folder`` (for the samples)."""
    from reader.core.containers import read_cables

    cables: list[Cable] = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.suffix.lower() in (".txt", ".html", ".htm", ".csv"):
            cables.extend(read_cables(path))
    return FakeCorpus(cables, batch=50)


#: root -> FakeCorpus; a test registers its folders here.
CORPORA: dict[str, FakeCorpus] = {}


def _facet_values(c: Cable) -> dict[str, list[str]]:
    m = c.highest_marking
    return {
        "classification": [c.classification or "UNKNOWN"],
        "origin": [
            c.from_.name.removeprefix("AMEMBASSY ").title() if c.from_ and c.from_.name else "?"
        ],
        "year": [f"{c.dtg:%Y}"] if c.dtg else [],
        "month": [f"{c.dtg:%Y-%m}"] if c.dtg else [],
        "tag": list(c.tags),
        "precedence": [c.precedence] if c.precedence else [],
        "handling": list(c.handling),
        "marking": [m.level] if m else [],
        "problem": [p.code for p in c.problems],
        "check": list(dict.fromkeys(f.code for f in check_cable(c))),
    }


#: The query language's names of the facets this fake holds (querysyntax.FIELDS, from the
#: table of fields): ``name:VALUE`` asks a value of the facet, whole and case aside.
_FIELDS = {name: facet for name, facet in QUERY_FIELDS.items() if facet in FACETS}


class FakeIndex:
    """The corpus API over a FakeCorpus; key = position in the corpus list."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.corpus = CORPORA[root]
        self.corpus.opened += 1
        self.messages: list[str] = []
        self.closed = False

    @classmethod
    def open(cls, root: str) -> FakeIndex:
        return cls(str(root))

    def refresh(
        self,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
    ) -> None:
        corpus = self.corpus
        total = len(corpus.cables)
        start = time.monotonic()
        while corpus.visible < total:
            if corpus.hold_after is not None and corpus.visible >= corpus.hold_after:
                while not corpus.release.wait(0.005):
                    if cancel is not None and cancel.is_set():
                        return
            if cancel is not None and cancel.is_set():
                return
            corpus.visible = min(total, corpus.visible + corpus.batch)
            if progress:
                progress(Progress(corpus.visible, total, corpus.visible, time.monotonic() - start))
        if progress:
            progress(Progress(total, total, total, time.monotonic() - start, done=True))

    # -- queries -------------------------------------------------------------------------
    def _matches(self, c: Cable, f: Filter) -> bool:
        values = _facet_values(c)
        # as the index answers: chosen values of a single-valued facet are alternatives,
        # of a multi-valued facet all required
        chosen: dict[str, set[str]] = {}
        for k, v in f.include:
            chosen.setdefault(k, set()).add(v)
        for k, wanted in chosen.items():
            if k in SINGLE_VALUED and not wanted & set(values[k]):
                return False
            if k not in SINGLE_VALUED and not wanted <= set(values[k]):
                return False
        if any(v in values[k] for k, v in f.exclude):
            return False
        for token in f.query.split():
            name, sep, value = token.partition(":")
            if sep and name == "date":
                lo, _, hi = value.partition("..")
                month = f"{c.dtg:%Y-%m}" if c.dtg else ""
                if month < lo[:7] or month > (hi or lo)[:7]:
                    return False
            elif sep and name in _FIELDS:
                if value.upper() not in [v.upper() for v in values[_FIELDS[name]]]:
                    return False
            elif token.startswith("-"):
                if token[1:].lower() in c.text.lower():
                    return False
            elif token.lower().strip('"') not in c.text.lower():
                return False
        return True

    def _sorted(self, f: Filter) -> list[int]:
        keys = [k for k in range(self.corpus.visible) if self._matches(self.corpus.cables[k], f)]

        words = [t.lower().strip('"') for t in f.query.split() if ":" not in t and t[0] != "-"]

        def sort_key(k: int) -> tuple:
            c = self.corpus.cables[k]
            h = self._hit(k)
            when = c.dtg.replace(tzinfo=None) if c.dtg else datetime.min
            if f.sort == "relevance":  # a word of the subject counts ten of the text's
                score = sum(
                    10 * (c.subject or "").lower().count(w) + c.text.lower().count(w) for w in words
                )
                # descending reverses the whole key: the best come last, as in the index
                return (-score, when, c.id or "")
            return {
                "date": (when, c.id or ""),
                "id": (c.id or "",),
                "origin": (h.origin, when),
                "classification": (c.banner.rank if c.banner else -1, when),
            }[f.sort]

        return sorted(keys, key=sort_key, reverse=f.descending)

    def count(self, f: Filter) -> int:
        return len(self._sorted(f))

    def keys(self, f: Filter) -> list[int]:
        return self._sorted(f)

    def search(self, f: Filter, *, offset: int = 0, limit: int = 200) -> list[Hit]:
        return self.hits(self._sorted(f)[offset : offset + limit])

    def facets(self, f: Filter) -> dict[str, list[FacetValue]]:
        """Counts as the index gives them: each group under query.group_filter, an excluded
        value of a multi-valued facet under query.restored_filter, chosen values at 0."""
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        matched: dict[Filter, list[int]] = {}
        for name in FACETS:
            under = group_filter(f, name)
            if under not in matched:
                matched[under] = self._sorted(under)
            for k in matched[under]:
                for v in _facet_values(self.corpus.cables[k])[name]:
                    counts[name][v] = counts[name].get(v, 0) + 1
        for name, value in f.exclude:
            if name not in SINGLE_VALUED:
                counts[name][value] = self.count(restored_filter(f, name, value))
        for name, value in f.include | f.exclude:
            counts[name].setdefault(value, 0)
        return {
            name: [FacetValue(v, n) for v, n in sorted(c.items(), key=lambda i: -i[1])]
            for name, c in counts.items()
        }

    def _hit(self, key: int) -> Hit:
        c = self.corpus.cables[key]
        values = _facet_values(c)
        return Hit(
            key=key,
            id=c.id or "",
            date=c.dtg,
            origin=values["origin"][0],
            classification=c.classification or "",
            level=c.banner.level if c.banner else "",
            subject=c.subject or "",
            checks=tuple(values["check"]),
        )

    def hits(self, keys: Sequence[int]) -> list[Hit]:
        return [self._hit(k) for k in keys]

    def cable(self, key: int) -> Cable:
        self.corpus.reads_open.wait()
        return self.corpus.cables[key]

    def raw_text(self, key: int) -> str:
        cable = self.corpus.cables[key]
        path = Path(cable.source.path)
        if path.is_file() and cable.source.row is None:
            return path.read_text(encoding="utf-8", errors="replace")
        return "<pre>" + cable.text + "</pre>"

    def key_for_id(self, cable_id: str) -> int | None:
        for k in range(self.corpus.visible):
            if (self.corpus.cables[k].id or "").upper() == cable_id.strip().upper():
                return k
        return None

    def cited_by(self, cable_id: str) -> list[Hit]:
        return [
            self._hit(k)
            for k in range(self.corpus.visible)
            if cable_id.upper() in cited_ids(self.corpus.cables[k])
        ]

    def cites(self, cable_id: str) -> list[str]:
        key = self.key_for_id(cable_id)
        return sorted(cited_ids(self.corpus.cables[key])) if key is not None else []

    def file_problems(self) -> list[FileProblem]:
        return list(self.corpus.problems)

    def total(self) -> int:
        return self.corpus.visible

    def partial(self) -> str | None:
        return None

    def annotations(self, *, backup: bool = False) -> Annotations:
        """The analyst's annotations file (the tests' data directory), as the real index."""
        return Annotations.open(annotations_path(), backup=backup)

    def author(self) -> str | None:
        return None

    def unsupported(self) -> list[str]:
        return []

    def close(self) -> None:
        self.closed = True
