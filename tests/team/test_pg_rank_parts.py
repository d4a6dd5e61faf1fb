"""Relevance ranked from the parts of each cable's rank vector (pg_rank_parts): each part
holds its lexemes, the rank read from the parts is the whole vector's float for every cable
and query, and the pages are those of the whole vectors.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from pg_server import filled_corpus
from test_pg_rank import (
    MIXED,
    PAGES,
    PHRASES,
    PREFIXES,
    QUERIES,
    _analyzed,
    _phrase_specs,
    _prefix_specs,
)

from reader.query.query import Filter
from reader.team.pg_facets import KEPT_RANK
from reader.team.pg_rank_parts import PARTS, part_of, parted_rank
from reader.team.pgstore import PgIndex, rank_query

#: ranked from the whole vectors: a prefix of one letter (in every part), terms in more
#: parts than are joined, a phrase alone
OTHERS = ["m*", "talks OR visit OR note OR file OR open OR agreed OR spoke OR went", "u.s."]


def _ranks(conn: psycopg.Connection, words: str, parted: bool) -> dict[int, float]:
    """Every cable's rank for the rank query ``words``, from the whole vector (KEPT_RANK) or
    from the parts (parted_rank)."""
    if parted:
        found = parted_rank(words)
        assert found is not None, words
        joins, rank, times = found
    else:
        joins, rank, times = " LEFT JOIN cable_rank r ON r.key = c.key", KEPT_RANK, 1
    rows = conn.execute(f"SELECT c.key, {rank} FROM cables c{joins}", [words] * times)
    return dict(rows.fetchall())


def test_the_parts_hold_each_vector_whole_each_lexeme_where_part_of_says(
    tmp_path: Path, pg_url: str
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _prefix_specs()):
        pass
    with psycopg.connect(pg_url) as conn:
        parts = conn.execute(
            "SELECT key, count(*), array_agg(part ORDER BY part) FROM cable_rank_parts"
            " GROUP BY key"
        ).fetchall()
        (cables,) = conn.execute("SELECT count(*) FROM cable_rank").fetchone()
        assert len(parts) == cables == len(_prefix_specs())
        assert all(n == PARTS and got == list(range(PARTS)) for _, n, got in parts)
        # the lexemes of the parts, with their positions and weights, are the vector's
        (differ,) = conn.execute(
            "SELECT count(*) FROM cable_rank r WHERE"
            " (SELECT array_agg(u ORDER BY u.lexeme) FROM unnest(r.v) u) IS DISTINCT FROM"
            " (SELECT array_agg(u ORDER BY u.lexeme) FROM cable_rank_parts p, unnest(p.v) u"
            "  WHERE p.key = r.key)"
        ).fetchone()
        assert differ == 0
        placed = conn.execute(
            "SELECT p.part, u.lexeme FROM cable_rank_parts p, unnest(p.v) u"
        ).fetchall()
    assert len({part for part, _ in placed}) > PARTS // 2  # spread over the parts
    assert all(part_of(lexeme) == part for part, lexeme in placed)
    # a lexeme's part is its first two letters': a prefix's lexemes are in one part
    assert part_of("minist") == part_of("ministerial") == part_of("mi") != part_of("m")


def test_a_rank_from_the_parts_is_the_whole_vectors_float(tmp_path: Path, pg_url: str) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _prefix_specs()):
        pass
    with psycopg.connect(pg_url) as conn:
        for query in [*QUERIES, *MIXED, *PREFIXES, "minister spoke", "a OR ministries"]:
            words = rank_query(query)
            assert words is not None
            whole, parted = _ranks(conn, words, False), _ranks(conn, words, True)
            assert parted == whole, query
            assert any(whole.values()) or query in QUERIES, query
    # a phrase alone, a prefix of one letter, terms in more parts than joined: the whole
    assert parted_rank(rank_query('"minister spoke"') or "") is None
    assert all(parted_rank(rank_query(q) or "") is None for q in OTHERS)
    assert parted_rank(rank_query("u.s. OR talks") or "") is not None


def _pages_alike(index: PgIndex, queries: list[str], pages: list[tuple[int, int]]) -> None:
    """Each page of each query by relevance from the parts is the page from the whole
    vectors, with the bound and without it (the parts are read for the pages the bound
    keeps cables of: some of them here)."""
    assert index._parts
    read, from_parts = index._read, []

    def noted(sql: str, params: Any = (), **kw: Any) -> Any:
        from_parts.append("cable_rank_parts" in sql and index._parts)
        return read(sql, params, **kw)

    index._read = noted  # type: ignore[method-assign]
    for query in queries:
        f = Filter(query, sort="relevance")
        for bounds in (True, False):
            index._bounds = bounds
            for offset, limit in pages:
                index._parts = True
                parted = [h.id for h in index.search(f, offset=offset, limit=limit)]
                index._parts = False
                whole = [h.id for h in index.search(f, offset=offset, limit=limit)]
                assert parted == whole, (query, bounds, offset, limit)
            index._parts = True
    index._bounds = True
    index._read = read  # type: ignore[method-assign]
    assert any(from_parts)


def test_pages_from_the_parts_are_the_pages_from_the_whole_vectors(
    tmp_path: Path, pg_url: str
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _prefix_specs()) as index:
        _analyzed(pg_url)
        _pages_alike(index, [*PREFIXES, *OTHERS], [*PAGES, (1, 3), (12, 14)])
    with filled_corpus(pg_url, tmp_path / "more", _phrase_specs()) as index:
        _pages_alike(index, [*QUERIES, *PHRASES, *MIXED], [*PAGES, (1, 3)])


def test_a_vector_that_cannot_be_split_has_no_parts_and_is_ranked_whole(
    tmp_path: Path, pg_url: str
) -> None:
    """An entry holding a space (no text nor subject makes one) cannot be read back alone:
    that vector keeps no parts, and its cable is ranked from the whole of it."""
    with filled_corpus(pg_url, tmp_path / "cables", _prefix_specs()) as index:
        f = Filter("minister", sort="relevance")
        with psycopg.connect(pg_url, autocommit=True) as conn:
            (key,) = conn.execute(
                "SELECT r.key FROM cable_rank r WHERE r.v @@ 'minister' ORDER BY r.key LIMIT 1"
            ).fetchone()
            conn.execute(
                "UPDATE cable_rank SET v = v || $$'odd one':1 'ministerx':2$$::tsvector"
                " WHERE key = %s",
                (key,),
            )
            left = conn.execute(
                "SELECT count(*) FROM cable_rank_parts WHERE key = %s", (key,)
            ).fetchone()
            assert left == (0,)
            words = rank_query("minister OR minist*") or ""
            assert _ranks(conn, words, True) == _ranks(conn, words, False)
        index._kept.clear()
        index._parts = False
        whole = [h.id for h in index.search(f, limit=60)]
        index._parts = True
        assert [h.id for h in index.search(f, limit=60)] == whole


def test_a_corpus_made_before_gets_the_parts_from_its_owner(tmp_path: Path, pg_url: str) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _prefix_specs()):
        pass
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE cable_rank_parts")
        conn.execute("DROP FUNCTION cable_reader_rank_parts() CASCADE")
        conn.execute("UPDATE meta SET value = '6' WHERE name = 'schema'")
    with PgIndex.open(pg_url) as index:
        assert index._parts
        f = Filter("minist* OR visit", sort="relevance")
        page = [h.id for h in index.search(f, limit=20)]
        index._parts = False
        assert [h.id for h in index.search(f, limit=20)] == page
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == ("7",)
        (cables, parted) = conn.execute(
            "SELECT (SELECT count(*) FROM cable_rank),"
            " (SELECT count(DISTINCT key) FROM cable_rank_parts)"
        ).fetchone()
        assert cables == parted
