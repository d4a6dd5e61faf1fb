"""Facet counts are what choosing each value would give (disjunctive within a group, as
calibre and Datashare count), checked against the cables parsed straight from disk.

The count beside a value is the number of cables that have it among the results of the
filter in which that value is included (moved from excluded or added, the rest left as it
is): for a single-valued facet the other chosen values stay as alternatives, for a
multi-valued facet as requirements. The expected counts here are made from that rule alone,
over the facet values of each parsed cable, without the index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pytest
from corpus_folders import SAMPLES, IndexedCorpus
from direct import Parsed, parse_folder, with_folder_values

from reader.index.store import CorpusIndex
from reader.query.query import FACETS, SINGLE_VALUED, Filter

Pair = tuple[str, str]


def _matches(values: set[Pair], f: Filter) -> bool:
    """Whether a cable of these facet values is in the results of ``f`` (no query text)."""
    wanted: dict[str, set[str]] = {}
    for facet, value in f.include:
        wanted.setdefault(facet, set()).add(value)
    for facet, chosen in wanted.items():
        have = {value for name, value in values if name == facet}
        if facet in SINGLE_VALUED and not have & chosen:
            return False
        if facet not in SINGLE_VALUED and not chosen <= have:
            return False
    return not values & f.exclude


def expected_counts(cables: Iterable[set[Pair]], f: Filter) -> dict[str, Counter[str]]:
    """Each value's count under ``f`` by the rule above, for every value a cable has."""
    having: dict[Pair, list[set[Pair]]] = {}  # each value's cables: only they can count
    for values in cables:
        for pair in values:
            having.setdefault(pair, []).append(values)
    every = {pair for pair in having if pair[0] in FACETS} | f.include | f.exclude
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for facet, value in every:
        chosen = Filter(f.query, f.include | {(facet, value)}, f.exclude - {(facet, value)})
        n = sum(1 for values in having.get((facet, value), ()) if _matches(values, chosen))
        if n or (facet, value) in f.include | f.exclude:
            counts[facet][value] = n
    return counts


def index_counts(index: CorpusIndex, f: Filter) -> dict[str, Counter[str]]:
    return {
        name: Counter({v.value: v.count for v in values})
        for name, values in index.facets(f).items()
    }


def _value_sets(parsed: list[Parsed]) -> list[set[Pair]]:
    return [set(p.values) for p in parsed]


def _filters(cables: list[set[Pair]]) -> list[Filter]:
    """Choices of the kinds the filter pane makes, from the folder's most common values."""
    common = {
        name: [
            v for (_, v), _ in Counter(p for c in cables for p in c if p[0] == name).most_common()
        ]
        for name in FACETS
    }
    cls, tag, origin, year = (common[n] for n in ("classification", "tag", "origin", "year"))
    return [
        Filter(include=frozenset({("classification", cls[1])})),
        Filter(include=frozenset({("classification", cls[0]), ("classification", cls[1])})),
        Filter(
            include=frozenset({("classification", cls[0]), ("classification", cls[2])}),
            exclude=frozenset({("tag", tag[0])}),
        ),
        Filter(include=frozenset({("tag", tag[0]), ("tag", tag[1])})),
        Filter(
            include=frozenset({("tag", tag[0]), ("year", year[-1]), ("year", year[-2])}),
            exclude=frozenset({("origin", origin[0]), ("tag", tag[2])}),
        ),
        Filter(exclude=frozenset({("classification", cls[0]), ("handling", "NOFORN")})),
    ]


@pytest.fixture(scope="module")
def sample_values() -> list[set[Pair]]:
    parsed, _ = parse_folder(SAMPLES)
    return _value_sets(parsed)


def test_the_samples_counts_follow_the_rule(
    samples_index: CorpusIndex, sample_values: list[set[Pair]]
) -> None:
    """Both ways the index answers (postings, and SQL alone while a refresh runs)."""
    for f in _filters(sample_values):
        assert index_counts(samples_index, f) == expected_counts(sample_values, f), f


def test_two_classifications_chosen_keep_every_classification_listed(
    samples_index: CorpusIndex, sample_values: list[set[Pair]]
) -> None:
    everything = index_counts(samples_index, Filter())["classification"]
    f = _filters(sample_values)[1]
    assert index_counts(samples_index, f)["classification"] == everything
    chosen = [value for _, value in f.include]
    assert samples_index.count(f) == sum(everything[v] for v in chosen)


def test_with_query_text_the_rule_holds_over_the_cables_it_matches(
    samples_index: CorpusIndex, sample_values: list[set[Pair]]
) -> None:
    query = "minister OR government"
    base = samples_index.keys(Filter(query))
    assert 0 < len(base) < samples_index.total()
    parsed, _ = parse_folder(SAMPLES)
    where = {(p.path, p.row): set(p.values) for p in parsed}
    matched = [where[(c.source.path, c.source.row)] for c in map(samples_index.cable, base)]
    for f in _filters(sample_values):
        with_text = Filter(query, f.include, f.exclude)
        assert index_counts(samples_index, with_text) == expected_counts(matched, f), f


@pytest.mark.corpus
def test_the_real_corpus_counts_follow_the_rule(
    real_corpus: IndexedCorpus, shared_parsed: tuple[list[Parsed], dict[str, str]]
) -> None:
    cables = _value_sets(with_folder_values(shared_parsed[0]))
    assert len(cables) == real_corpus.index.total()
    for f in _filters(cables):
        assert index_counts(real_corpus.index, f) == expected_counts(cables, f), f
