"""The team store finds a query's words through the GIN index, never by reading each
cable's vector out of TOAST to test it: the planner does not cost that reading, and chose a
scan of the keys' index testing every vector to join in key order ("iran -nuclear": 2.7 s at
100,000 cables against 157 ms; a word with a tag: 2.5 s against 0.6 s).

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from handmade import Spec, write_folder
from pg_server import filled_corpus

from reader.query.query import Filter
from reader.team import pgstore
from reader.team.pgstore import PgIndex


def _specs() -> tuple[Spec, ...]:
    return tuple(
        Spec("ROME", 100 + n, f"2006-{1 + n % 12:02d}-{1 + n % 28:02d}", "U",
             tags=("PREL",) if n % 2 else ("ECON",),
             paragraphs=(("U", "Iran and the nuclear file." if n % 3 else "Iran alone."),))
        for n in range(40)
    )  # fmt: skip


def _plans(index: PgIndex, f: Filter) -> list[str]:
    """The plan of each statement that finds the keys of ``f``, as the store runs it (its
    settings in force)."""
    read = index._read
    plans: list[str] = []

    def explaining(sql: str, params: Any = (), **kw: Any) -> Any:
        if sql.startswith("SELECT") and "array(SELECT c.key FROM cables c WHERE" in sql:
            plans.append("\n".join(r[0] for r in read("EXPLAIN " + sql, params)))
        return read(sql, params, **kw)

    index._read = explaining  # type: ignore[method-assign]
    try:
        index.count(f)
    finally:
        index._read = read  # type: ignore[method-assign]
    return plans


def test_words_are_found_through_the_gin_index(tmp_path: Path, pg_url: str) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _specs()) as index:
        index._read("ANALYZE cables")
        for f in (Filter("iran -nuclear"), Filter("iran", frozenset({("tag", "PREL")})),
                  Filter("nuclear", exclude=frozenset({("tag", "ECON")}))):  # fmt: skip
            plans = _plans(index, f)
            assert plans, f
            for plan in plans:
                assert "Bitmap Index Scan on cables_tsv" in plan, plan
                tested = [ln for ln in plan.splitlines() if "Filter" in ln and "tsv @@" in ln]
                assert not tested, plan
            assert index.count(f) == {"iran -nuclear": 14, "iran": 20, "nuclear": 13}[f.query]


def test_cables_added_since_the_bitmaps_are_found_through_the_gin_index_when_many(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filter of words and facet values takes its cables up to the key counted from the
    values' bitmaps (pg_facets); those added since, when more than a few, through the GIN
    index too, not each one's vector tested."""
    write_folder(tmp_path / "cables", _specs())
    later = tuple(Spec("OSLO", 700 + n, "2007-03-04", "U", tags=("PREL",),
                       paragraphs=(("U", "Iran again."),)) for n in range(6))  # fmt: skip
    write_folder(tmp_path / "later", later)
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        monkeypatch.setattr("reader.team.pg_writer.recount", lambda _conn: None)
        index.refresh(tmp_path / "later")
        index._read("ANALYZE cables")
        monkeypatch.setattr(pgstore, "_LATE_TESTED", 0)
        f = Filter("iran", frozenset({("tag", "PREL")}))
        plans = _plans(index, f)
        assert len(plans) == 2, plans  # the words' cables, then those added since
        for plan in plans:
            assert "Bitmap Index Scan on cables_tsv" in plan, plan
            assert not [ln for ln in plan.splitlines() if "Filter" in ln and "tsv @@" in ln]
        index._kept.clear()
        assert index.count(f) == 20 + 6
