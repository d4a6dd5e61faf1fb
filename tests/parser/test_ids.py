"""The ID by evidence (reader/parser/ids.py): claims, their agreement, the published ID."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model.jsonout import cable_to_dict
from reader.model.records import ContainerMeta, Source
from reader.parser.containers import cable_from_html
from reader.parser.ids import (
    Claim,
    Decision,
    _all_say_the_same,
    canonical_published,
    decide,
    parse_id,
    post_claim,
)
from reader.parser.parse import parse_cable

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.mark.parametrize(
    ("published", "canonical", "damaged"),
    [
        ("07PRAGUE497", "07PRAGUE497", False),
        ("7575LIBREVILLE1895", "75LIBREVILLE1895", False),  # the year said twice
        ("08EFTOLONDON2883", "08LONDON2883", False),  # the EFTO handling word kept
        ("08ECTION01OF02MANAMA492", "08MANAMA492", True),
        ("08SCTION02OF02SAOPAULO335", "08SAOPAULO335", True),
        ("09SECTION01OF03SANJOSE525", "09SANJOSE525", True),
        ("09SECTION02OF03QRIPOLI583", "09TRIPOLI583", True),  # and the post a letter off
        ("06PARTO9", "06PARTO9", False),  # an unknown post is kept as it is
    ],
)
def test_canonical_published(published: str, canonical: str, damaged: bool) -> None:
    assert canonical_published(published) == (canonical, damaged)


def test_not_ids() -> None:
    assert canonical_published("000_779b252bf3f7de24") is None
    assert canonical_published("7576LIBREVILLE1895") is None  # two different years
    assert parse_id("cables") is None
    assert post_claim("XXXXXXXXXXXX") is None  # a redacted post names nothing
    assert post_claim("SAN JOSE") == "SANJOSE"


def _header(year: int, post: str, de: int) -> list[Claim]:
    return [
        Claim("DTG", str(year), year=year),
        Claim("FM", post, post=post),
        Claim("DE", f"#{de:04d}", serial=de),
    ]


def test_header_that_agrees_beats_a_banner_of_another_cable() -> None:
    banner = Claim("banner", "MOSCOW 005154", post="MOSCOW", serial=5154, digits="005154")
    published = Claim("published", "07PARIS2725", 7, "PARIS", 2725)
    # with the published ID, and without it (a file name that is no ID)
    header = _header(7, "PARIS", 2725)
    for claims in ([published, *header, banner], [*header, banner]):
        d = decide(claims, 7)
        assert d.id == "07PARIS2725"
        assert d.conflicts == (banner,)


def test_a_lone_banner_does_not_beat_the_published_id() -> None:
    # no DTG, no DE, no FM: the banner's year would be borrowed from the published ID
    claims = [
        Claim("published", "05MUSCAT679", 5, "MUSCAT", 679),
        Claim("banner", "BEIJING 002305", post="BEIJING", serial=2305, digits="002305"),
    ]
    assert decide(claims, 5).id == "05MUSCAT679"
    # and with no year anywhere, a banner gives no ID at all
    assert decide(claims[1:], None).id is None


def test_serials_are_never_cut() -> None:
    # the DE line holds the last four digits of STATE 30927
    claims = [Claim("published", "09STATE30927", 9, "STATE", 30927), *_header(9, "STATE", 927)]
    assert decide(claims, 9).id == "09STATE30927"
    assert decide(claims, 9).conflicts == ()
    # a banner of this century cut to five digits ("BERLIN 00169" for 001690) agrees with
    # 1690, while the DE line and FM decide
    cut = Claim("banner", "BERLIN 00169", post="BERLIN", serial=169, digits="00169")
    d = decide([*_header(8, "BERLIN", 1690), cut], 8)
    assert (d.id, d.conflicts) == ("08BERLIN1690", ())
    # older cables pad to five digits: TEHRAN 08980 is serial 8980, never 89800
    old = Claim("banner", "TEHRAN 08980", post="TEHRAN", serial=8980, digits="08980")
    assert decide([Claim("DTG", "1979", year=79), old], 79).id == "79TEHRAN8980"


def test_claims_that_say_the_same_give_the_id_at_once() -> None:
    banner = Claim("banner", "PRAGUE 000497", post="PRAGUE", serial=497, digits="000497")
    claims = [Claim("published", "07PRAGUE497", 7, "PRAGUE", 497), *_header(7, "PRAGUE", 497)]
    assert _all_say_the_same([*claims, banner], 7) == "07PRAGUE497"
    assert decide([*claims, banner], 7) == Decision("07PRAGUE497")
    # without a published ID the banner's year is the header's
    assert _all_say_the_same([*_header(7, "PRAGUE", 497), banner], 7) == "07PRAGUE497"
    # claims that agree only by the weighing's rules (the DE line's last four digits, a post
    # a letter off) are left to it, which gives the same ID
    state = [Claim("published", "09STATE30927", 9, "STATE", 30927), *_header(9, "STATE", 927)]
    assert _all_say_the_same(state, 9) is None
    assert decide(state, 9) == Decision("09STATE30927")
    off = [Claim("published", "08BISHIEK1021", 8, "BISHIEK", 1021), *_header(8, "BISHKEK", 1021)]
    assert _all_say_the_same(off, 8) is None
    assert decide(off, 8).id == "08BISHKEK1021"


def test_a_damaged_banner_gives_way_to_the_de_line_and_fm() -> None:
    damaged = Claim("published", "08SECTION01GF02BISHIEK21", 8, "BISHKEK", 21, weight=0.5)
    d = decide([damaged, *_header(8, "BISHKEK", 1021)], 8)
    assert d.id == "08BISHKEK1021"
    assert d.conflicts == (damaged,)


TEXT = """\
R 121200Z MAR 75
FM AMEMBASSY LIBREVILLE
TO SECSTATE WASHDC 0001

C O N F I D E N T I A L LIBREVILLE 1895

E.O. 11652: GDS
TAGS: PFOR GB
SUBJECT: A MADE-UP CABLE FOR THE TEST

1. (C) Text.
"""


def test_malformed_page_id_gives_the_real_one_and_is_kept() -> None:
    meta = ContainerMeta(reference_id="7575LIBREVILLE1895")
    cable = parse_cable(TEXT, source=Source("7575LIBREVILLE1895.html", "html"), meta=meta)
    assert (cable.id, cable.published_id) == ("75LIBREVILLE1895", "7575LIBREVILLE1895")
    assert not [p for p in cable.problems if p.code == "id-conflict"]
    # the page ID alone (no banner, no header) gives the same
    bare = parse_cable("1. (C) Text.\n", source=Source("x.html", "html"), meta=meta)
    assert (bare.id, bare.published_id) == ("75LIBREVILLE1895", "7575LIBREVILLE1895")
    d = cable_to_dict(cable)
    assert (d["id"], d["published_id"]) == ("75LIBREVILLE1895", "7575LIBREVILLE1895")
    assert list(d)[:2] == ["id", "published_id"]


def test_malformed_id_in_a_page_table(tmp_path: Path) -> None:
    [page] = (SAMPLES / "html").glob("08TOKYO*.html")
    ident = page.stem
    doubled = ident[:2] + ident
    html = page.read_text(encoding="utf-8").replace(f">{ident}<", f">{doubled}<")
    assert f">{doubled}<" in html
    cable = cable_from_html(html, Source(str(tmp_path / page.name), "html"))
    assert (cable.id, cable.published_id) == (ident, doubled)


def test_file_name_is_the_published_id() -> None:
    text = TEXT.replace("LIBREVILLE 1895", "LIBREVILLE 001895")
    cable = parse_cable(text, source=Source("/x/75LIBREVILLE1895.txt", "txt"))
    assert (cable.id, cable.published_id) == ("75LIBREVILLE1895", "75LIBREVILLE1895")
    other = parse_cable(text, source=Source("/x/notes.txt", "txt"))
    assert (other.id, other.published_id) == ("75LIBREVILLE1895", None)


def test_the_summary_says_the_published_id_where_it_differs() -> None:
    from reader.cli import summary_lines

    meta = ContainerMeta(reference_id="7575LIBREVILLE1895")
    cable = parse_cable(TEXT, source=Source("x.html", "html"), meta=meta)
    first = summary_lines(cable)[0]
    assert first.startswith("75LIBREVILLE1895 (published as 7575LIBREVILLE1895)  ")
    same = parse_cable(TEXT, source=Source("75LIBREVILLE1895.txt", "txt"))
    assert summary_lines(same)[0].startswith("75LIBREVILLE1895  1975-03-12")
