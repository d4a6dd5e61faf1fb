"""reader/export/pack.py: what a reading pack gathers and how its HTML carries it, on
hand-made cables (tests/export/test_export.py renders the samples; tests/ui the PDF)."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import datetime

from handmade import Spec, cable_text

from reader.export.export import CableNotes
from reader.export.pack import (
    Pack,
    banner_of,
    cited_html,
    make_pack,
    marked_text_html,
    notes_html,
    render_html,
)
from reader.model.records import Cable
from reader.parser.parse import parse_cable

SECRET = parse_cable(
    cable_text(
        Spec(
            "PRAGUE", 497, "2007-05-07", "S", refs=("A. PRAGUE 486", "B. MOSCOW 2111"),
            paragraphs=(("C", "Tanks & <guns>."), ("S", "More.")),
        )
    )
)  # fmt: skip
PLAIN = parse_cable(cable_text(Spec("PRAGUE", 486, "2007-05-02", "U")))
UNMARKED = parse_cable("Just some words with no banner at all.\n")


def _pack(*cables: Cable, **kwargs) -> Pack:  # noqa: ANN003
    return make_pack(((c, CableNotes()) for c in cables), query=kwargs.pop("query", "q"), **kwargs)


def test_a_cable_without_a_classification_is_unmarked() -> None:
    assert not UNMARKED.classification
    assert banner_of(UNMARKED) == ("UNMARKED", None)
    assert banner_of(SECRET) == (SECRET.classification, "S")


def test_the_highest_banner_goes_on_the_cover() -> None:
    assert _pack().highest == "UNCLASSIFIED"
    assert _pack(PLAIN).highest == PLAIN.classification
    assert _pack(PLAIN, SECRET, UNMARKED).highest == SECRET.classification
    # a pack nobody marked does not claim UNCLASSIFIED on its cover
    assert _pack(UNMARKED).highest == "UNMARKED"
    assert _pack(UNMARKED, PLAIN).highest == PLAIN.classification
    cover = render_html(_pack(UNMARKED)).split("<section")[0]
    assert ">UNMARKED</div>" in cover and "UNCLASSIFIED" not in cover


def test_cited_cables_are_those_the_folder_has() -> None:
    in_folder = {"07PRAGUE486": "AN EARLIER SUBJECT"}
    (pc,) = _pack(SECRET, subject_of=in_folder.get).cables
    assert pc.cited == (("A", "07PRAGUE486", "AN EARLIER SUBJECT"),)
    assert cited_html(pc) == "<li>REF A: 07PRAGUE486 — AN EARLIER SUBJECT</li>"
    assert _pack(SECRET).cables[0].cited == ()


def test_the_total_is_the_packs_size_unless_told_and_cancel_stops_early() -> None:
    assert _pack(PLAIN, SECRET).total == 2
    assert _pack(PLAIN, total=40).total == 40
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    pack = _pack(PLAIN, SECRET, UNMARKED, cancelled=cancelled)
    assert [pc.cable for pc in pack.cables] == [PLAIN]


def test_markings_are_wrapped_and_the_text_escaped() -> None:
    page = marked_text_html(SECRET, lambda m, level: f"[{m}|{level}]")
    assert "[(C)|C] Tanks &amp; &lt;guns&gt;." in page
    assert "[(S)|S] More." in page
    assert "<guns>" not in page
    # a text without markings comes back escaped, whole
    assert marked_text_html(UNMARKED, lambda m, level: "X") == html.escape(UNMARKED.text)


def test_notes_star_and_labels_are_escaped_and_name_paragraphs() -> None:
    (pc,) = make_pack(
        [(PLAIN, CableNotes(starred=True, labels=("a<b", "c"), notes=((0, "all"), (3, "<x>"))))],
        query="",
    ).cables
    assert notes_html(pc) == (
        "<p>★ starred</p><p>Labels: a&lt;b, c</p>"
        "<p><b>Note:</b> all</p><p><b>Note on ¶3:</b> &lt;x&gt;</p>"
    )
    (bare,) = _pack(PLAIN).cables
    assert notes_html(bare) == ""


def test_the_html_escapes_the_query_and_says_what_is_missing() -> None:
    page = render_html(_pack(query="<script>alert(1)</script>"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "(none)" in page and "0 in this pack, of 0 matching" in page
    everything = render_html(_pack(PLAIN, query="", filters=("tag = PREL",), total=9))
    assert "(all cables)" in everything and "<dd>tag = PREL</dd>" in everything
    assert "1 in this pack, of 9 matching" in everything


def test_each_cable_is_a_section_between_its_banners_with_its_place_in_the_pack() -> None:
    page = render_html(_pack(SECRET, UNMARKED))
    sections = re.findall(r'<section class="cable" id="cable-(\d)">', page)
    assert sections == ["1", "2"]
    assert page.count('href="#cable-') == 2
    assert "cable 1 of 2" in page and "cable 2 of 2" in page
    second = page[page.index('id="cable-2"') :]
    assert second.count(">UNMARKED</div>") == 2  # its banner above and below
    assert "(undated) · cable 2 of 2" in second


def test_a_cable_of_which_only_the_year_is_known_is_not_called_undated() -> None:
    year_only = dataclasses.replace(
        PLAIN, date=datetime(2007, 1, 1), date_precision="year", dtg=None, meta=None
    )
    page = render_html(_pack(year_only))
    assert "(undated)" not in page
    assert ", 2007 · cable 1 of 1" in page
