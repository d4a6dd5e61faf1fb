"""Relevance ranks only the cables that may come into the page (pg_rank): the same pages,
in the same order (equal ranks too), as when every match is ranked; and the bound does
leave cables out.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import psycopg
import pytest
from handmade import Spec, write_folder
from pg_server import filled_corpus

from reader.query.query import Filter
from reader.team import pgstore
from reader.team.pg_rank import (
    _RARE_MOST,
    bound_keys,
    bounded_query,
    kept_bound_keys,
    kept_prefix_bound_keys,
    prefix_bound_keys,
)
from reader.team.pgstore import PgIndex, rank_query


def _specs() -> tuple[Spec, ...]:
    """Cables that say "nuclear" in their subject, of many lengths, two of each (the same
    words, other dates: equal ranks, ordered by date); cables that say it in the text only,
    some very short; and "reactor" here and there."""
    specs = []
    for n in range(24):
        filler = " ".join(f"filler{i}" for i in range(12 * (n // 2)))
        specs.append(
            Spec("VIENNA", 100 + n, f"2008-{1 + n % 12:02d}-{1 + n:02d}", "U",
                 subject="NUCLEAR TALKS" if n % 5 else "NUCLEAR REACTOR TALKS",
                 paragraphs=(("U", f"The talks went on. {filler} The nuclear file is open."),))
        )  # fmt: skip
    for n in range(30):
        filler = " ".join(f"other{i}" for i in range(3 * n))
        specs.append(
            Spec("BERLIN", 200 + n, f"2007-{1 + n % 12:02d}-{1 + n % 28:02d}", "C",
                 subject="A VISIT" if n % 4 else "THE REACTOR",
                 paragraphs=(("C", f"Nuclear. {filler}" + " nuclear reactor" * (n % 3)),))
        )  # fmt: skip
    return tuple(specs)


QUERIES = ["nuclear", "nuclear OR reactor", "reactor", "nuclear -reactor", "talks nuclear"]
PAGES = [(0, 1), (0, 5), (3, 5), (0, 20), (10, 15), (0, 24), (20, 30), (0, 60)]


def _pages_equal_every_match_ranked(
    index: PgIndex, queries: list[str], pages: list[tuple[int, int]]
) -> None:
    """Each page of each query by relevance, ranked among the cables the bound keeps, is
    the page of every match ranked (ties included)."""
    assert index._bounds
    for query in queries:
        f = Filter(query, sort="relevance")
        for offset, limit in pages:
            index._bounds = True
            bounded = [h.id for h in index.search(f, offset=offset, limit=limit)]
            index._bounds = False
            every = [h.id for h in index.search(f, offset=offset, limit=limit)]
            assert bounded == every, (query, offset, limit)
            assert len(every) == min(limit, max(0, index.count(f) - offset))
    index._bounds = True


def _asked(index: PgIndex, query: str) -> tuple[Filter, Any, str]:
    """A query by relevance, its condition as the page asks it (the kept keys) and its rank
    query."""
    f = Filter(query, sort="relevance")
    return f, index._keyed(index._condition(f)), rank_query(query) or ""


def test_a_bounded_page_is_the_page_of_every_match_ranked(tmp_path: Path, pg_url: str) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _specs()) as index:
        _pages_equal_every_match_ranked(index, QUERIES, PAGES)


def test_the_bound_leaves_out_cables_that_cannot_reach_the_page(
    tmp_path: Path, pg_url: str
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _specs()) as index:
        f, w, words = _asked(index, "nuclear")
        kept = bound_keys(index._read, w, words, 5)
        assert kept is not None
        assert 5 <= len(kept) < index.count(f) // 2
        # more than the cables with the word in their subject: no bound, every match ranked
        assert bound_keys(index._read, w, words, 25) is None


def test_the_lengths_are_those_ts_rank_counts(tmp_path: Path, pg_url: str) -> None:
    """cable_lengths (kept by a trigger as each rank vector comes) against the vector."""
    with filled_corpus(pg_url, tmp_path / "cables", _specs()):
        pass  # filled, and closed before its tables are read
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(
            "SELECT l.n, length(r.v), ts_rank(r.v, 'talks'::tsquery, 1),"
            " ts_rank(r.v, 'talks'::tsquery, 0) FROM cable_lengths l"
            " JOIN cable_rank r ON r.key = l.key"
        ).fetchall()
    assert len(rows) == len(_specs())
    for n, lexemes, normalized, raw in rows:
        assert n >= lexemes
        if raw:  # normalization 1 divides by log2(1 + the number of positions)
            assert abs(normalized - raw / math.log2(n + 1)) < 1e-6 * raw


def _phrase_specs() -> tuple[Spec, ...]:
    """_specs, and cables that say "nuclear talks" in their text only, again and again, some
    short: they rank near the cables that have it in their subject, above some of them."""
    specs = list(_specs())
    for n in range(16):
        filler = " ".join(f"more{i}" for i in range(5 * n))
        specs.append(
            Spec("MADRID", 300 + n, f"2006-{1 + n % 12:02d}-{1 + n % 28:02d}", "U",
                 subject="A NOTE",
                 paragraphs=(("U", "Nuclear talks. " * (1 + n % 7) + filler),))
        )  # fmt: skip
    return tuple(specs)


PHRASES = ['"nuclear talks"', '"nuclear reactor"', '"nuclear file"', '"reactor talks"', "U.S."]
#: phrases among other terms, ranked by their words: "NUCLEAR REACTOR TALKS" has nuclear and
#: talks in its subject, not "nuclear talks", and matches these by "open", in its text only
MIXED = ['"nuclear talks" OR open', '"reactor talks" OR open', 'reactor OR "nuclear talks"',
         '"nuclear file" OR "reactor talks"', "U.S. OR talks"]  # fmt: skip


def test_a_bounded_page_of_a_phrase_is_the_page_of_every_match_ranked(
    tmp_path: Path, pg_url: str
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _phrase_specs()) as index:
        _pages_equal_every_match_ranked(
            index, PHRASES + MIXED, [*PAGES, (0, 2), (1, 3), (5, 10), (0, 19)]
        )


def test_the_phrase_bound_leaves_out_long_cables_and_keeps_those_said_again_and_again(
    tmp_path: Path, pg_url: str
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _phrase_specs()) as index:
        f, w, words = _asked(index, '"nuclear talks"')
        assert bounded_query(words) and bounded_query(rank_query('iran OR "a b"') or "")
        kept = bound_keys(index._read, w, words, 3)
        assert kept is not None
        assert 3 <= len(kept) < index.count(f)
        page = index._page(f, 0, 3)
        assert set(page) <= set(kept)
        # text-only cables come into the page: the phrase's bound holds for them too
        first = [h.id for h in index.hits(index._page(f, 0, 19))]
        assert any(i.startswith("06MADRID") for i in first[:10]), first
        # more than the cables with the phrase in their subject: every match ranked
        assert bound_keys(index._read, w, words, 20) is None
        assert not bounded_query(rank_query("minist*") or "")
        assert not bounded_query(rank_query('"nuclear talks" OR minist*') or "")


def test_a_phrase_among_other_terms_is_bounded_by_its_words_in_the_subject(
    tmp_path: Path, pg_url: str
) -> None:
    """The cables with "nuclear" and "talks" in their subject, not "nuclear talks", are
    among those the bound keeps, and come into the first page."""
    with filled_corpus(pg_url, tmp_path / "cables", _phrase_specs()) as index:
        f, w, words = _asked(index, '"nuclear talks" OR open')
        kept = bound_keys(index._read, w, words, 5)
        assert kept is not None and len(kept) < index.count(f)
        apart = {h.key for h in index.hits(kept) if h.subject == "NUCLEAR REACTOR TALKS"}
        assert len(apart) == 5  # all of them
        assert apart <= set(kept) and apart & set(index._page(f, 0, 5))  # come into the page


def _prefix_specs() -> tuple[Spec, ...]:
    """Cables of a prefix's lexemes: "minister" and "ministry" in most of them (common, once
    the statistics are made), "ministerial", "ministries" and "ministerio" in a few (rare),
    some said again and again in short cables with none in the subject (they rank near
    those that have one there); subjects with one, two or none of them, one with a lexeme
    only the subject's words make ("ministers-designate")."""
    specs = []
    subjects = ["MINISTER VISIT", "A VISIT", "MINISTRY AND MINISTER", "A NOTE", "THE TALKS",
                "MINISTERS-DESIGNATE MEET", "MINISTER MINISTER"]  # fmt: skip
    for n in range(42):
        filler = " ".join(f"filler{i}" for i in range(7 * (n % 9)))
        rare = ["", "The ministerial met.", "Ministries ministries ministries.", "",
                "Ministerio.", "", ""][n % 7]  # fmt: skip
        text = f"The minister spoke. {filler} {rare} The ministry agreed." if n % 6 else rare
        specs.append(
            Spec("ROME", 400 + n, f"2005-{1 + n % 12:02d}-{1 + n % 28:02d}", "U",
                 subject=subjects[n % len(subjects)],
                 paragraphs=(("U", text or "Nothing of it here, only the subject."),))
        )  # fmt: skip
    for n in range(12):  # no lexeme of the prefix in the subject; said again and again
        specs.append(
            Spec("LIMA", 500 + n, f"2004-{1 + n % 12:02d}-{1 + n % 28:02d}", "U",
                 subject="A CABLE", paragraphs=(("U", "Ministerial ministries. " * (1 + n)
                                                 + " ".join(["word"] * (4 * n))),))
        )  # fmt: skip
    return tuple(specs)


PREFIXES = ["minist*", "ministe*", "minist* OR visit", "minist* minister", "minist* minis*",
            "ministr* -visit", '"minister spoke" OR minist*',
            "ministerial* OR ministr*"]  # fmt: skip


def _analyzed(pg_url: str) -> None:
    """The statistics of the texts' lexemes made (pg_stats), listing the 50 most common (a
    small corpus's are all listed at the default target): minister and ministry, not the
    rare ones."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE cables ALTER COLUMN tsv SET STATISTICS 5")
        conn.execute("ANALYZE cables")
        (listed,) = conn.execute(
            "SELECT most_common_elems::text::text[] FROM pg_stats WHERE"
            " schemaname = current_schema() AND tablename = 'cables' AND attname = 'tsv'"
        ).fetchone()
    assert {"minister", "ministry"} <= set(listed), listed
    assert not {"ministerio", "ministries"} & set(listed), listed


def test_a_bounded_page_of_a_prefix_is_the_page_of_every_match_ranked(
    tmp_path: Path, pg_url: str
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _prefix_specs()) as index:
        pages = [*PAGES, (0, 2), (1, 3), (5, 10), (0, 19), (12, 14)]
        _pages_equal_every_match_ranked(index, PREFIXES, pages)  # no statistics: all rare
        _analyzed(pg_url)
        _pages_equal_every_match_ranked(index, PREFIXES, pages)


def test_the_prefix_bound_leaves_out_cables_and_keeps_those_said_again_and_again(
    tmp_path: Path, pg_url: str
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _prefix_specs()) as index:
        _analyzed(pg_url)
        f, w, words = _asked(index, "minist*")
        assert not bounded_query(words)
        kept = prefix_bound_keys(index._read, w, words, 4)
        assert kept is not None
        assert 4 <= len(kept) < index.count(f) // 2
        # the condition as it is, not as the kept keys' bitmap: the cables joined, the same
        unkept = prefix_bound_keys(index._read, index._condition(f), words, 4)
        assert unkept is not None and sorted(unkept) == sorted(kept)
        assert set(index._page(f, 0, 4)) <= set(kept)
        # the short cables that say the rare ones again and again, none in their subject,
        # rank among those that have one there: the bound counts their rare lexemes
        first = [h.id for h in index.hits(index._page(f, 0, 30))]
        assert any(i.startswith("04LIMA") for i in first), first
        # more than the cables with one in their subject or a rare one: every match ranked
        assert prefix_bound_keys(index._read, w, words, index.count(f)) is None


def test_a_prefix_of_too_many_lexemes_is_not_bounded(tmp_path: Path, pg_url: str) -> None:
    """A prefix whose rare lexemes are too many to look up one by one: no bound (every
    match ranked), the page the same."""
    words_ = " ".join(f"fil{i}x" for i in range(_RARE_MOST + 1))
    specs = (*_prefix_specs(), Spec("OSLO", 9, "2003-01-02", "U", subject="FIL FILE",
                                    paragraphs=(("U", words_),)))  # fmt: skip
    with filled_corpus(pg_url, tmp_path / "cables", specs) as index:
        f, w, words = _asked(index, "fil*")
        assert prefix_bound_keys(index._read, w, words, 1) is None
        _pages_equal_every_match_ranked(index, ["fil*"], [(0, 1), (0, 20)])


def _noted_bounds(monkeypatch: pytest.MonkeyPatch, name: str) -> list[list[int] | None]:
    """What the store's bound ``name`` (kept_bound_keys, kept_prefix_bound_keys) answers
    from now on, noted in the list returned."""
    bound = getattr(pgstore, name)
    here: list[list[int] | None] = []

    def noting(*args: Any) -> list[int] | None:
        here.append(bound(*args))
        return here[-1]

    monkeypatch.setattr(pgstore, name, noting)
    return here


def test_a_page_bounded_here_from_the_lengths_read_before_is_the_page_of_every_match_ranked(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once prepare() has read every cable's number of positions, the bound is taken here
    over the kept keys (pg_rank.kept_bound_keys): the same pages; and the cables added since
    (no length known here) are kept as any cable without a length is."""
    write_folder(tmp_path / "cables", _specs())
    write_folder(tmp_path / "phrases", _phrase_specs())
    here = _noted_bounds(monkeypatch, "kept_bound_keys")
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        assert index.prepare() and index._lengths is not None
        _pages_equal_every_match_ranked(index, QUERIES, PAGES)
        assert [k for k in here if k is not None]
        f, w, words = _asked(index, "nuclear")
        keys = index._kept_keys(index._condition(f)).keys
        here_kept = kept_bound_keys(index._read, keys, index._lengths, words, 5)
        assert sorted(here_kept or []) == sorted(bound_keys(index._read, w, words, 5) or [])
        assert here_kept and len(here_kept) < len(keys)
        index.refresh(tmp_path / "phrases")  # their lengths not read here
        here.clear()
        _pages_equal_every_match_ranked(index, QUERIES + PHRASES + MIXED, PAGES)
        assert [k for k in here if k is not None]


def test_a_prefix_page_bounded_here_from_the_lengths_read_before_is_the_page_of_every_match(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once prepare() has read every cable's number of positions, a prefix's bound is taken
    here over the kept keys (pg_rank.kept_prefix_bound_keys): the same pages, with the
    statistics (common and rare lexemes) and without (all rare); the same cables kept as
    by the statements; and cables added since (no length known here) kept."""
    write_folder(tmp_path / "cables", _prefix_specs())
    write_folder(tmp_path / "later", _specs())
    here = _noted_bounds(monkeypatch, "kept_prefix_bound_keys")
    pages = [*PAGES, (0, 2), (1, 3), (5, 10), (0, 19), (12, 14)]
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        assert index.prepare() and index._lengths is not None
        _pages_equal_every_match_ranked(index, PREFIXES, pages)  # no statistics: all rare
        _analyzed(pg_url)
        _pages_equal_every_match_ranked(index, PREFIXES, pages)
        assert [k for k in here if k is not None]
        f, w, words = _asked(index, "minist*")
        keys = index._kept_keys(index._condition(f)).keys
        for k in range(1, len(keys) + 1):  # deep pages keep cables by their length alone
            here_kept = kept_prefix_bound_keys(index._read, keys, index._lengths, words, k)
            there = prefix_bound_keys(index._read, w, words, k)
            assert (here_kept is None) == (there is None), k
            assert sorted(here_kept or []) == sorted(there or []), k
        here_kept = kept_prefix_bound_keys(index._read, keys, index._lengths, words, 4)
        assert here_kept and 4 <= len(here_kept) < len(keys) // 2
        index.refresh(tmp_path / "later")  # their lengths not read here
        here.clear()
        _pages_equal_every_match_ranked(index, PREFIXES + ["nucl*", "nucl* OR minist*"], pages)
        assert [k for k in here if k is not None]
