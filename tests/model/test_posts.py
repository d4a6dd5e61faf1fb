"""Tests for reader.model.posts: ID spellings of posts, the post pattern, names in title case.

Expected spellings are the ones FORMAT.md gives (``07PRAGUE497``: PRAGUE; a SECSTATE cable
is ``09STATE63860``) and the rows of resources/data/posts.tsv.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.model.posts import (
    ACRONYMS,
    DATA_DIR,
    id_spelling,
    known_posts,
    place_words,
    post_pattern,
    spellings,
)


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        ("PRAGUE", "PRAGUE"),
        ("SAN JOSE", "SANJOSE"),
        ("san  jose", "SANJOSE"),  # any case, any blanks
        ("SECSTATE", "STATE"),
        ("SECSTATE WASHDC", "STATE"),
        ("Foo Bar-Baz", "FOOBARBAZ"),  # unknown: the letters alone
        ("", ""),
    ],
)
def test_id_spelling(post: str, expected: str) -> None:
    assert id_spelling(post) == expected


def test_known_posts_and_spellings_come_from_the_table() -> None:
    posts = known_posts()
    assert {"PRAGUE", "STATE", "SANJOSE", "ABUDHABI"} <= posts
    assert "SAN JOSE" not in posts  # an ID spelling has no blanks
    assert {"SAN JOSE", "SECSTATE WASHDC", "PRAGUE"} <= set(spellings())
    table = (DATA_DIR / "posts.tsv").read_text(encoding="utf-8").splitlines()
    rows = [ln for ln in table if ln.strip() and not ln.startswith("#")][1:]
    assert posts == {row.partition("\t")[0].strip() for row in rows}
    # every spelling leads to a known post
    assert all(id_spelling(s) in posts for s in spellings())


def test_post_pattern_finds_whole_names_only() -> None:
    text = "from san jose to PRAGUE, XPRAGUE and PRAGUES; SAN  JOSE\nwith SECSTATE WASHDC"
    found = [m.group(0) for m in post_pattern().finditer(text)]
    # the longest spelling wins: SECSTATE WASHDC, not SECSTATE
    assert found == ["san jose", "PRAGUE", "SAN  JOSE", "SECSTATE WASHDC"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("RPO DUBAI", "RPO Dubai"),
        ("USDEL SECRETARY//EUROPE//", "USDEL Secretary (Europe)"),
        ("TRIPOLI LY", "Tripoli"),  # a country code after a known post goes
        ("PRAGUE EZ", "Prague"),
        ("FOOTOWN EZ", "Footown Ez"),  # not a known post: the code stays
        ("XYZZY QQ", "Xyzzy Qq"),
        ("PRAGUE QQ", "Prague Qq"),  # not a country code: a word of the name
        ("PORT-AU-PRINCE", "Port-Au-Prince"),
        ("USUN  new york", "USUN New York"),
        ("usnato", "USNATO"),
        ("AMEMBASSY PRAGUE", "Amembassy Prague"),
    ],
)
def test_place_words(name: str, expected: str) -> None:
    assert place_words(name) == expected


def test_acronyms() -> None:
    assert {"NATO", "RPO", "DCM", "UN"} <= ACRONYMS
    assert all(word == word.upper() for word in ACRONYMS)


@pytest.mark.corpus
def test_post_pattern_matches_the_flat_alternative_on_real_cables(shared_cables: Path) -> None:
    """The tree-shaped pattern finds what the plain alternative of every spelling, longest
    first, finds (what its docstring promises), over the first 300 real cables."""
    words = sorted(spellings(), key=len, reverse=True)
    flat = re.compile(
        r"(?<![A-Z])(?:"
        + "|".join(r"\s+".join(re.escape(part) for part in w.split(" ")) for w in words)
        + r")(?![A-Z])",
        re.IGNORECASE,
    )
    paths = sorted((shared_cables / "text").rglob("*.txt"))[:300]
    assert len(paths) == 300
    total = 0
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        tree_hits = [m.span() for m in post_pattern().finditer(text)]
        assert tree_hits == [m.span() for m in flat.finditer(text)], path.name
        total += len(tree_hits)
    assert total > 1000


@pytest.mark.corpus
def test_real_cable_ids_name_known_posts(shared_cables: Path) -> None:
    """The post in a real cable's ID (07PRAGUE497 -> PRAGUE) is a known post, and the FM
    line's post spells to it, for nearly every cable of the text/ folder.

    The exceptions are published IDs: malformed ones with the EFTO marking glued in
    (08EFTOLONDON2883, see Cable.published_id) and the Secretary's party (PARTO)."""
    id_re = re.compile(r"\d{2}([A-Z]+)\d+")
    unknown: set[str] = set()
    differ: list[str] = []
    checked = 0
    for path in sorted((shared_cables / "text").rglob("*.txt")):
        m = id_re.fullmatch(path.stem)
        if m is None:
            continue
        post = m.group(1)
        if post not in known_posts():
            unknown.add(post)
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:30]
        fm = next((t for t in lines if re.match(r"FM (AMEMBASSY|AMCONSUL) ", t)), None)
        if fm is not None:
            checked += 1
            name = fm.split(" ", 2)[2]
            if id_spelling(name) != post:
                differ.append(f"{path.stem}: {name}")
    assert unknown <= {"EFTOLONDON", "EFTOTRIPOLI", "PARTO"}, unknown
    assert checked > 4000
    assert len(differ) <= checked // 50, differ[:50]
