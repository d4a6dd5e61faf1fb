"""The table of fields (reader/query/fields.py) drives every reader of a field: the query
language knows exactly its names, each term compiles in both stores' compilers, the facet
lists are its facets, the rows the writer stores hold them as the table says, and the
index counts them."""

from __future__ import annotations

import pytest
from corpus_folders import SAMPLES

from reader.index import view
from reader.index.rows import HEADER_FACETS, PORTION
from reader.index.store import CorpusIndex
from reader.index.workers import FileTask, parse_file
from reader.parser.containers import CABLE_SUFFIXES
from reader.query.conditions import Values, _Compiler, compile_filter, query_notes
from reader.query.fields import FIELDS, SORTS, VALUES, Field, Group, Kind, Stored, by_name
from reader.query.query import (
    FACETS,
    MULTI_VALUED,
    PHASE_TWO_FACETS,
    RELEVANCE,
    SINGLE_VALUED,
    SORT_COLUMNS,
    SORT_KEYS,
    TEAM_FACETS,
    USER_FACETS,
    Filter,
)
from reader.query.querysyntax import FIELDS as QUERY_NAMES
from reader.query.querysyntax import Field as Term
from reader.query.querysyntax import parse_query
from reader.team import pgstore
from reader.team.pgstore import _PgCompiler

TERMS = [f for f in FIELDS if f.compiled is not None]
FACET_FIELDS = [f for f in FIELDS if f.kind is not None]


def test_names_are_unique_and_every_facet_is_described() -> None:
    names = [n for f in FIELDS for n in (f.name, *f.aliases)]
    assert len(names) == len(set(names))
    for f in FACET_FIELDS:
        assert f.title, f.name
    for f in FIELDS:
        if f.kind is None:  # a term only: nothing of a facet group to say
            assert not (f.title or f.by_value or f.levelled or f.titled or f.opened), f.name
        assert by_name(f.name) is f


@pytest.mark.parametrize("name", sorted(QUERY_NAMES))
def test_every_name_of_the_query_language_is_a_field_of_the_table(name: str) -> None:
    field = by_name(QUERY_NAMES[name])
    assert name in field.names
    assert parse_query(f"{name}:x") == Term(field.name, "x")
    assert parse_query(f'{name.upper()}:"a b"') == Term(field.name, "a b")


def test_the_query_language_knows_the_names_of_the_table_and_no_others() -> None:
    assert set(QUERY_NAMES) == {n for f in TERMS for n in f.names}
    # a facet without a term of its own (starred, read) is no name of the language: it is
    # read as words
    for f in FIELDS:
        if f.compiled is None:
            assert parse_query(f"{f.name}:x") != Term(f.name, "x")
    notes = " ".join(query_notes("nosuchfield:x"))
    assert all(f"{n}:" in notes for n in QUERY_NAMES)


@pytest.mark.parametrize("compiler", [_Compiler, _PgCompiler])
def test_both_stores_compile_every_term_of_the_table(compiler: type[_Compiler]) -> None:
    for f in TERMS:
        if f.compiled != VALUES:
            assert callable(getattr(compiler, f"f_{f.compiled}", None)), (compiler, f.name)


class Lookup:
    """Two values of every index facet, with ids the test can tell apart."""

    def values(self, facet: str) -> list[tuple[int, str]]:
        base = 100 * (FACETS.index(facet) + 1) if facet in FACETS else 9000
        return [(base + 1, "ALPHA"), (base + 2, "ALPINE")]


@pytest.mark.parametrize("field", TERMS, ids=lambda f: f.name)
def test_every_term_compiles(field: Field) -> None:
    for name in field.names:
        for value in ("x", "2007", "ALPHA", "AL*"):
            assert compile_filter(Filter(f"{name}:{value}"), Lookup()) is not None


@pytest.mark.parametrize("name", [f.name for f in TERMS if f.compiled == VALUES])
def test_a_values_term_matches_its_own_facet_exactly_or_by_a_prefix(name: str) -> None:
    base = 100 * (FACETS.index(name) + 1)
    assert compile_filter(Filter(f"{name}:alpha"), Lookup()) == Values((base + 1,))
    assert compile_filter(Filter(f"{name}:alp*"), Lookup()) == Values((base + 1, base + 2))
    assert compile_filter(Filter(f"{name}:alp"), Lookup()) == Values(())


def test_the_facet_lists_are_the_table_s() -> None:
    assert FACETS == tuple(f.name for f in FACET_FIELDS if f.group is Group.INDEX)
    assert USER_FACETS == tuple(f.name for f in FACET_FIELDS if f.stored is Stored.ANNOTATION)
    assert TEAM_FACETS == tuple(f.name for f in FACET_FIELDS if f.stored is Stored.TEAM)
    assert SINGLE_VALUED | MULTI_VALUED == {f.name for f in FACET_FIELDS}
    assert not SINGLE_VALUED & MULTI_VALUED
    assert PHASE_TWO_FACETS == {f.name for f in FACET_FIELDS if f.stored is Stored.PARSED}
    assert HEADER_FACETS == {f.name for f in FACET_FIELDS if f.stored is Stored.HEADER}
    assert view.PHASE_TWO_FIELDS == PHASE_TWO_FACETS | {"ref", "citedby"}


def test_the_sorts_are_the_table_s_in_both_stores() -> None:
    assert SORT_KEYS == (RELEVANCE, *(s.key for s in SORTS))
    assert set(view._SORT_SQL) == set(pgstore._SORT_SQL) == set(SORT_COLUMNS)
    for s in SORTS:
        assert s.columns[-1] == "key"  # a total order


def test_the_rows_hold_each_facet_as_the_table_says() -> None:
    """Over the sample cables: a full row has exactly one value of each single-valued index
    facet and only the table's facets (and the portion markings, no facet); a first-phase
    row only the header's."""
    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix.lower() in CABLE_SUFFIXES)
    rows = 0
    for path in files:
        for parsed in parse_file(FileTask(0, str(path))):
            for row in parsed.rows:
                rows += 1
                names = [facet for facet, _ in row.values]
                assert set(names) <= {*FACETS, PORTION}, path
                for f in FACET_FIELDS:
                    if f.group is Group.INDEX and f.kind is Kind.SINGLE:
                        assert names.count(f.name) == 1, (path, f.name)
        for parsed in parse_file(FileTask(0, str(path), first_phase=True)):
            for row in parsed.rows:
                assert {facet for facet, _ in row.values} <= HEADER_FACETS, path
    assert rows > 10


def test_the_index_counts_the_table_s_facets(samples_refreshed: CorpusIndex) -> None:
    assert list(samples_refreshed.facets(Filter())) == list(FACETS)
    assert list(samples_refreshed.user_facets(Filter())) == list(USER_FACETS)


def test_a_term_of_a_facet_value_finds_the_cables_choosing_it_does(
    samples_refreshed: CorpusIndex,
) -> None:
    """For every index facet that is a term: ``name:value`` (quoted) and choosing the value
    in the pane give the same cables, for the most common value."""
    facets = samples_refreshed.facets(Filter())
    checked: list[str] = []
    for f in FACET_FIELDS:
        if f.group is not Group.INDEX or f.compiled is None or f.name in ("year", "month"):
            continue
        values = [v for v in facets[f.name] if v.value != "(none)"]
        if not values:  # the samples have no parser problems
            continue
        checked.append(f.name)
        top = values[0]
        chosen = samples_refreshed.keys(Filter(include=frozenset({(f.name, top.value)})))
        asked = samples_refreshed.keys(Filter(f'{f.name}:"{top.value}"'))
        assert len(chosen) == top.count
        assert set(chosen) <= set(asked), f.name  # a term may match more (marking:S, S//NF)
        if f.compiled == VALUES:
            assert set(asked) == set(chosen), f.name
    assert {"classification", "origin", "tag", "handling", "marking", "check"} <= set(checked)


def test_the_readme_documents_every_term() -> None:
    readme = (SAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    for f in TERMS:
        assert any(f"{name}:" in readme for name in f.names), f.name
