"""Phrases in long cables (reader/team/pg_chunks.py): where a cable's one vector lost the
positions of a common word (255 kept a lexeme), its chunks find the phrase, as a folder's
index does. Real cables: two long ones whose phrases with "the" come after their 255th.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from reader.index.store import CorpusIndex
from reader.query.query import Filter
from reader.team.pg_chunks import CHUNK, MOST_POSITIONS, OVERLAP, chunks_of

LONG = ["2006/06MOSCOW5645.txt", "2008/08UNVIEVIENNA215.txt"]
OTHERS = ["2006/06MEXICO1311.txt", "2009/09STATE63860.txt", "2010/10ABUDHABI69.txt"]
#: phrases of these cables whose every place is past their vector's 255th "the"
PHRASES = ['"take the lead"', '"the lead"', '"viewed the current"', '"delegation viewed the"']


def test_a_text_whose_vector_keeps_every_position_has_no_chunks() -> None:
    assert chunks_of(["the", "lead"] * 200) == []
    assert chunks_of([]) == []


def test_the_chunks_hold_every_phrase_of_up_to_overlap_words_in_order() -> None:
    words = [f"w{n % 97}" for n in range(5 * CHUNK)] + ["the"] * MOST_POSITIONS
    chunks = [c.split() for c in chunks_of(words)]
    assert chunks and all(len(c) <= CHUNK for c in chunks)
    assert [w for c in chunks[:1] for w in c] == words[:CHUNK]
    for at in range(len(words) - OVERLAP):
        run = words[at : at + OVERLAP]
        assert any(
            c[i : i + OVERLAP] == run for c in chunks for i in range(len(c) - OVERLAP + 1)
        ), at


def _folder(shared_cables: Path, into: Path) -> Path:
    for name in LONG + OTHERS:
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared_cables / "text" / name, into / name)
    return into


@pytest.fixture
def folder(shared_cables: Path, tmp_path: Path) -> Path:
    return _folder(shared_cables, tmp_path / "cables")


def test_a_phrase_past_a_words_255th_place_is_found_as_a_folder_finds_it(
    folder: Path, tmp_path: Path, pg_url: str
) -> None:
    from reader.team.pgstore import PgIndex

    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as sqlite, PgIndex.open(
        pg_url
    ) as pg:
        sqlite.refresh(workers=0)
        pg.refresh(folder, workers=0)
        with psycopg.connect(pg_url) as conn:
            chunked = {k for (k,) in conn.execute("SELECT DISTINCT key FROM cable_chunks")}
        assert {pg.key_for_id(Path(name).stem) for name in LONG} == chunked
        for phrase in PHRASES:
            for query in (phrase, f"-{phrase}", f"{phrase} class:U OR {phrase}"):
                f = Filter(query, sort="id")
                assert [h.id for h in pg.hits(pg.keys(f))] == [
                    h.id for h in sqlite.hits(sqlite.keys(f))
                ], query
            assert pg.count(Filter(phrase)) >= 1, phrase
        # the words alone, and a phrase the text does not hold, as before
        assert pg.count(Filter('"lead the take"')) == sqlite.count(Filter('"lead the take"'))
        pg._chunks = False  # the vector alone: what the store found before
        assert pg.count(Filter('"the lead"')) < sqlite.count(Filter('"the lead"'))


def test_a_corpus_made_before_gets_its_long_cables_chunks_from_its_owner(
    folder: Path, tmp_path: Path, pg_url: str
) -> None:
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as pg:
        pg.refresh(folder, workers=0)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE cable_chunks")
        conn.execute("UPDATE meta SET value = '8' WHERE name = 'schema'")
    with PgIndex.open(pg_url) as pg, CorpusIndex.open(
        folder, cache_dir=tmp_path / "cache"
    ) as sqlite:
        sqlite.refresh(workers=0)
        assert pg._chunks
        for phrase in PHRASES:
            assert pg.count(Filter(phrase)) == sqlite.count(Filter(phrase)), phrase
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == ("9",)
