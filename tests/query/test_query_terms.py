"""Every field term and the text syntax return exactly the cables they should, on the
hand-made folder of conftest.SMALL."""

from __future__ import annotations

import pytest
from handmade import SMALL, ids

from reader.index.store import CorpusIndex
from reader.query.query import Filter

P497, P486, M2111, M2200, B100, B250, T900, T901 = (s.id for s in SMALL)
ALL = sorted(s.id for s in SMALL)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        # text: words, phrases, prefixes, exclusion, OR, grouping
        ("missile", [P486, P497]),
        ("MISSILE", [P486, P497]),
        ('"prime minister"', [M2200, P497]),
        ('"minister prime"', []),
        ("minist*", [M2111, M2200, B250, P497]),
        ("beef -whaling", [B100]),
        ("beef NOT whaling", [B100]),
        ("beef OR radar", [M2111, B100, P486, T901]),
        ("putin", [M2200, P497]),
        ("putin -tag:ECON", [P497]),
        ("-putin -beef -radar", [B250, T900]),
        ("whaling OR -tag:JA", [M2111, M2200, B100, B250, P486, P497, T901]),
        ("(from:tokyo OR from:prague) beef", [T901]),
        ("nuclear tag:JA", [T900]),
        ("U.S.", []),
        # field terms
        ("id:07PRAGUE497", [P497]),
        ("id:07prague497", [P497]),
        ("id:07PRAGUE*", [P486, P497]),
        ("from:moscow", [M2111, M2200]),
        ("origin:moscow", [M2111, M2200]),
        ('from:"buenos aires"', [B100, B250]),
        ("from:embassy", ALL),
        ("from:nowhere", []),
        ("class:secret", [M2111, T900]),
        ("class:S", [M2111, T900]),
        ("class:U", [B100, P486, T901]),
        ("class:confidential", [M2200, B250, P497]),
        ("tag:MNUC", [M2111, T900]),
        ("tag:mnuc", [M2111, T900]),
        ("tag:EC*", [M2200, B100, T901]),
        ("tag:PREL -class:secret", [B250, P486, P497]),
        ("tag:ECON OR class:S", [M2111, M2200, B100, T900, T901]),
        ("ref:07PRAGUE497", [M2111]),
        ("ref:07PRAGUE486", [P497]),
        ("citedby:07MOSCOW2111", [P497]),
        ("citedby:07PRAGUE497", [P486]),
        ("marking:S", [M2111, T900]),
        ("marking:S//NF", [M2111, T900]),
        ("marking:S/NF", [M2111, T900]),
        ("marking:NF", [M2111, T900]),
        ("marking:SBU", [B100]),
        ("marking:U", [M2200, P486, T901]),
        ("date:2007-05..2007-06", [M2111, M2200, P486, P497]),
        ("date:2007-05-05..2007-05-31", [M2111, P497]),
        ("date:2009", [T900, T901]),
        ("date:..2007-05-03", [P486]),
        ("date:2009-12..", [T901]),
        ("date:2009-12-01", [T901]),
        ("date:yesterday", []),
        ("year:2008", [B100, B250]),
        ("month:2007-06", [M2200]),
        ("precedence:flash", [M2111]),
        ("precedence:Z", [M2111]),
        ("precedence:routine", [M2200, B100, T901]),
        ("precedence:imm", [T900, P497]),
        ("precedence:imm*", [T900, P497]),  # found nothing: its * was taken for the value's
        ('precedence:"imm*"', []),
        ("handling:NOFORN", [M2111, T900]),
        ("handling:sipdis", [M2111, M2200, B250, P486, P497]),
        ("subject:radar", [M2111]),
        # a prefix as other fields write it, and accents the subjects are written without
        ("subject:rada*", [M2111]),
        ("subject:rádar", [M2111]),
        ("subject:*", []),
        ("problem:*", []),
    ],
)
def test_term(small_index: CorpusIndex, query: str, expected: list[str]) -> None:
    assert ids(small_index, query) == sorted(expected)


def test_count_agrees_with_keys(small_index: CorpusIndex) -> None:
    for query in ("", "minist*", "tag:PREL -class:secret", "nothing-matches-this"):
        f = Filter(query)
        assert small_index.count(f) == len(small_index.keys(f))


def test_included_values_of_one_facet_are_alternatives(small_index: CorpusIndex) -> None:
    pick = frozenset({("origin", "Embassy Moscow"), ("origin", "Embassy Tokyo")})
    assert ids(small_index, include=pick) == sorted([M2111, M2200, T900, T901])


def test_included_tags_are_all_required(small_index: CorpusIndex) -> None:
    pick = frozenset({("tag", "PREL"), ("tag", "MNUC")})
    assert ids(small_index, include=pick) == sorted([M2111, T900])


def test_excluded_values_leave_cables_out(small_index: CorpusIndex) -> None:
    drop = frozenset({("classification", "SECRET"), ("tag", "ECON")})
    assert ids(small_index, exclude=drop) == sorted([B250, P486, P497])


def test_selections_and_query_combine(small_index: CorpusIndex) -> None:
    pick = frozenset({("year", "2007")})
    assert ids(small_index, "radar OR beef", include=pick) == sorted([M2111, P486])


def test_unknown_facet_value_matches_nothing(small_index: CorpusIndex) -> None:
    assert ids(small_index, include=frozenset({("tag", "NOSUCHTAG")})) == []
    assert ids(small_index, exclude=frozenset({("tag", "NOSUCHTAG")})) == ALL


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("date", False, [P486, P497, M2111, M2200, B100, B250, T900, T901]),
        ("date", True, [T901, T900, B250, B100, M2200, M2111, P497, P486]),
        ("id", False, sorted(ALL)),
        ("origin", False, [B100, B250, M2111, M2200, P486, P497, T900, T901]),
        ("classification", False, [P486, B100, T901, P497, M2200, B250, M2111, T900]),
    ],
)
def test_sort(small_index: CorpusIndex, sort: str, descending: bool, expected: list[str]) -> None:
    f = Filter(sort=sort, descending=descending)
    assert [h.id for h in small_index.search(f)] == expected


def test_search_pages(small_index: CorpusIndex) -> None:
    f = Filter("tag:PREL")
    every = [h.key for h in small_index.search(f)]
    assert [h.key for h in small_index.search(f, offset=2, limit=2)] == every[2:4]
    assert small_index.keys(f) == every


def test_hits_have_the_list_columns(small_index: CorpusIndex) -> None:
    (hit,) = small_index.search(Filter("id:07MOSCOW2111"))
    assert (hit.id, hit.origin, hit.classification, hit.level) == (
        M2111,
        "Embassy Moscow",
        "SECRET",
        "S",
    )
    assert hit.subject == "RUSSIAN VIEWS ON RADAR"
    assert hit.date is not None and (hit.date.year, hit.date.month, hit.date.day) == (2007, 5, 10)


def test_snippet_marks_the_matched_words(small_index: CorpusIndex) -> None:
    hits = small_index.search(Filter('minist* "prime minister"'))
    assert [h.id for h in hits] == [P497, M2200]
    for hit in hits:
        assert hit.snippet and hit.snippet_matches
        words = [hit.snippet[a:b].lower() for a, b in hit.snippet_matches]
        assert all(w.startswith("minist") or w.startswith("prime") for w in words), words
    assert "prime minister" in [hits[1].snippet[a:b].lower() for a, b in hits[1].snippet_matches]


def test_hits_keep_the_order_of_keys_and_skip_unknown(small_index: CorpusIndex) -> None:
    keys = small_index.keys(Filter())
    picked = [keys[3], 10**9, keys[0]]
    assert [h.key for h in small_index.hits(picked)] == [keys[3], keys[0]]


def test_key_for_id_and_cited_by(small_index: CorpusIndex) -> None:
    key = small_index.key_for_id("07prague497")
    assert key is not None and small_index.cable(key).id == P497
    assert small_index.key_for_id("99NOWHERE1") is None
    assert [h.id for h in small_index.cited_by(P497)] == [M2111]
    assert [h.id for h in small_index.cited_by(M2111)] == []
