"""A reading pack: the cables of a query for a meeting, with banners as the originals carry them.

``make_pack`` gathers what every rendering needs (the cover's query, filters and counts, the
highest classification, each cable with its citation line, the subjects of the cables its
REF lines cite that are in the folder, and the analyst's notes); ``render_html`` writes it as
one self-contained HTML file: inline styles only, no script, no remote load (a content
security policy says so to the browser too). The PDF is drawn from the same Pack by
``reader/ui/pack_pdf.py`` with Qt's own PDF writer.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reader.export.export import CableNotes
from reader.model.records import Cable
from reader.parser.markings import LEVEL_COLOURS, UNKNOWN_LEVEL_COLOUR, classification_level
from reader.review.citation import cable_date, cable_year, citation, format_date

__all__ = [
    "Pack",
    "PackCable",
    "banner_of",
    "cited_html",
    "make_pack",
    "marked_text_html",
    "notes_html",
    "render_html",
]


@dataclass(frozen=True, slots=True)
class PackCable:
    cable: Cable
    notes: CableNotes
    citation: str
    banner: str  # the classification as the banner shows it, "UNMARKED" when none
    level: str | None
    #: (REF label or "", cited ID, its subject) for the REF entries whose cable is in the folder
    cited: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Pack:
    title: str
    query: str
    filters: tuple[str, ...]
    made: datetime
    total: int  # cables matching, of which ``cables`` holds those in the pack
    cables: tuple[PackCable, ...] = field(default=())

    @property
    def highest(self) -> str:
        """The highest banner in the pack (the cover carries it): UNMARKED when no cable is
        marked, never a level that none of them carries; UNCLASSIFIED for an empty pack."""
        if not self.cables:
            return "UNCLASSIFIED"
        # max keeps the first of equal rank, as the cables are listed
        return max(self.cables, key=lambda pc: classification_level(pc.banner)[1]).banner


def banner_of(cable: Cable) -> tuple[str, str | None]:
    """(banner text, level) of a cable: its classification, or UNMARKED."""
    text = cable.classification or "UNMARKED"
    return text, classification_level(cable.classification)[0]


def make_pack(
    cables: Iterable[tuple[Cable, CableNotes]],
    *,
    query: str,
    filters: Sequence[str] = (),
    total: int | None = None,
    subject_of: Callable[[str], str | None] = lambda cid: None,
    title: str = "Reading pack",
    cancelled: Callable[[], bool] = lambda: False,
) -> Pack:
    """The pack of these cables; ``subject_of(id)`` gives a cited cable's subject when the
    folder holds it. Stops early (with what it has) when ``cancelled()`` turns true."""
    items: list[PackCable] = []
    for cable, notes in cables:
        if cancelled():
            break
        cited = []
        for ref in cable.references:
            if ref.id:
                subject = subject_of(ref.id)
                if subject is not None:
                    cited.append((ref.label or "", ref.id, subject))
        banner, level = banner_of(cable)
        items.append(PackCable(cable, notes, citation(cable), banner, level, tuple(cited)))
    return Pack(
        title, query, tuple(filters), datetime.now().replace(microsecond=0),
        len(items) if total is None else total, tuple(items),
    )  # fmt: skip


def marked_text_html(cable: Cable, mark: Callable[[str, str | None], str]) -> str:
    """The cable's text as HTML, each paragraph's portion marking wrapped by ``mark(escaped
    marking, level)``: the HTML pack and the PDF's pages each wrap it their way."""
    spans = sorted(
        (p.marking_start, p.marking_end, p.marking.level)
        for p in cable.paragraphs
        if p.marking is not None and p.marking_start is not None and p.marking_end is not None
    )
    text, out, at = cable.text, [], 0
    for start, end, level in spans:
        if start < at:
            continue
        out.append(html.escape(text[at:start]))
        out.append(mark(html.escape(text[start:end]), level))
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def cited_html(pc: PackCable) -> str:
    """The REF entries whose cable is in the folder, with its subject, as an HTML list."""
    e = html.escape
    return "".join(
        f"<li>{('REF ' + e(label) + ': ') if label else ''}{e(cid)} — {e(subject)}</li>"
        for label, cid, subject in pc.cited
    )


def notes_html(pc: PackCable) -> str:
    """The analyst's star, labels and notes on the cable, as HTML paragraphs ('' if none)."""
    e = html.escape
    parts = []
    if pc.notes.starred:
        parts.append("<p>★ starred</p>")
    if pc.notes.labels:
        parts.append("<p>Labels: " + e(", ".join(pc.notes.labels)) + "</p>")
    for para, text in pc.notes.notes:
        where = "Note" if para == 0 else f"Note on ¶{para}"
        parts.append(f"<p><b>{where}:</b> {e(text)}</p>")
    return "".join(parts)


def colour(level: str | None) -> str:
    return LEVEL_COLOURS.get(level or "", UNKNOWN_LEVEL_COLOUR)


_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 0; color: #111; }
.page { padding: 1.5em 2em; }
.banner { color: #fff; font-weight: bold; text-align: center; padding: .3em; }
.cover h1 { margin-top: 2em; }
.cover dt { font-weight: bold; } .cover dd { margin: 0 0 .6em 0; }
.toc li { margin: .2em 0; }
section.cable { page-break-before: always; break-before: page; }
pre { white-space: pre-wrap; font-family: 'DejaVu Sans Mono', monospace; font-size: 9.5pt; }
mark { font-weight: bold; padding: 0 .1em; border-radius: 2px; background: transparent; }
.citation { font-size: 10pt; color: #333; border-bottom: 1px solid #ccc; padding: .3em 0; }
.cited { font-size: 9pt; background: #f4f4f4; padding: .4em .8em; margin: .5em 0; }
.notes { float: right; width: 30%; margin: 0 0 1em 1em; font-size: 9pt;
         background: #fff8c4; border-left: 3px solid #e0c000; padding: .4em .8em; }
"""


def _banner_div(text: str, level: str | None) -> str:
    return f'<div class="banner" style="background:{colour(level)}">{html.escape(text)}</div>'


def _mark(marking: str, level: str | None) -> str:
    return f'<mark style="color:{colour(level)};border:1px solid {colour(level)}">{marking}</mark>'


def render_html(pack: Pack) -> str:
    """The pack as one self-contained HTML document."""
    e = html.escape
    hi_level = classification_level(pack.highest)[0]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # nothing may be loaded from anywhere, and nothing run
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{e(pack.title)}</title><style>{_CSS}</style></head><body>",
        '<div class="cover">',
        _banner_div(pack.highest, hi_level),
        '<div class="page">',
        f"<h1>{e(pack.title)}</h1><dl>",
        f"<dt>Query</dt><dd>{e(pack.query) or '(all cables)'}</dd>",
        f"<dt>Filters</dt><dd>{e('; '.join(pack.filters)) or '(none)'}</dd>",
        f"<dt>Made</dt><dd>{e(format_date(pack.made.date()))} {pack.made:%H:%M}</dd>",
        f"<dt>Cables</dt><dd>{len(pack.cables):,} in this pack, of {pack.total:,} matching</dd>",
        f"<dt>Highest classification</dt><dd>{e(pack.highest)}</dd></dl>",
        '<h2>Contents</h2><ol class="toc">',
    ]
    for n, pc in enumerate(pack.cables, 1):
        parts.append(f'<li><a href="#cable-{n}">{e(pc.citation)}</a></li>')
    parts += ["</ol></div>", _banner_div(pack.highest, hi_level), "</div>"]
    for n, pc in enumerate(pack.cables, 1):
        c = pc.cable
        parts.append(f'<section class="cable" id="cable-{n}">')
        parts.append(_banner_div(pc.banner, pc.level))
        parts.append('<div class="page">')
        parts.append(f'<div class="citation">{e(pc.citation)}</div>')
        notes = notes_html(pc)
        if notes:
            parts.append(f'<aside class="notes">{notes}</aside>')
        if pc.cited:
            parts.append(
                f'<div class="cited">Cited cables in the folder:<ul>{cited_html(pc)}</ul></div>'
            )
        parts.append(f"<pre>{marked_text_html(c, _mark)}</pre>")
        year = cable_year(c)
        when = "" if cable_date(c) else f", {year}" if year is not None else " (undated)"
        parts.append(
            f'<div class="citation">{e(pc.citation)}{when} · cable {n} of {len(pack.cables)}</div>'
        )
        parts.append("</div>")
        parts.append(_banner_div(pc.banner, pc.level))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
