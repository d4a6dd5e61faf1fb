"""Which copy of a cable a team's corpus keeps (reader/team/pg_copies.py): the one a folder's
index keeps (query.copy_order), whichever came first; a better copy coming later replaces
the row, and everything made from it. Real cables: each in the release's full text and as
a body another project stored (no header: no classification, TAGS or subject of its own).

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from reader.index.store import CorpusIndex
from reader.query.query import TEAM_FACETS, Filter
from reader.team.pg_rank import LENGTH_FUNCTION
from reader.team.pg_rank_parts import SPLIT_FUNCTION

IDS = ["00HARARE5461", "00HARARE6677", "01PARIS11204", "01STATE176819"]
#: without copy:other, a folder's index counts each cable once, its kept copy
ONCE = frozenset({("copy", "other")})


def _copies(shared_cables: Path, into: Path, kind: str) -> Path:
    into.mkdir(parents=True)
    for cid in IDS:
        found = (
            shared_cables / "body-with-html" / f"{cid}.txt"
            if kind == "body"
            else next((shared_cables / "text").glob(f"*/{cid}.txt"))
        )
        shutil.copyfile(found, into / f"{cid}.txt")
    return into


def _fields(index: object, query: str = "") -> list[tuple[str, ...]]:
    f = Filter(query, exclude=ONCE, sort="id")
    hits = index.hits(index.keys(f))  # type: ignore[attr-defined]
    return [(h.id, h.origin, h.classification, h.subject) for h in hits]


def _facets(index: object, query: str = "") -> dict[str, object]:
    found = index.facets(Filter(query, exclude=ONCE))  # type: ignore[attr-defined]
    return {k: v for k, v in found.items() if k not in TEAM_FACETS and k != "copy"}


@pytest.mark.parametrize("order", ["bodies first", "texts first", "one run"])
def test_the_corpus_keeps_the_copy_a_folders_index_keeps_whichever_came_first(
    order: str, shared_cables: Path, tmp_path: Path, pg_url: str
) -> None:
    from reader.team.pgstore import PgIndex

    folder = tmp_path / "cables"
    bodies = _copies(shared_cables, folder / "a-bodies", "body")
    texts = _copies(shared_cables, folder / "b-texts", "txt")
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as sqlite:
        sqlite.refresh(workers=0)
        expected = _fields(sqlite)
        facets = _facets(sqlite)
        subject_word = _facets(sqlite, "subject:mbeki")
    # the bodies lack what the full texts say: the test would pass with either copy else
    assert any(not subject for *_, subject in _fields(_body_index(bodies, tmp_path)))
    with PgIndex.open(pg_url) as pg:
        runs = {"bodies first": [bodies, texts], "texts first": [texts, bodies]}
        for part in runs.get(order, [folder]):
            pg.refresh(part, workers=0)
        assert _fields(pg) == expected
        assert _facets(pg) == facets
        assert _facets(pg, "subject:mbeki") == subject_word
        # every copy is listed, the full text's kept
        with psycopg.connect(pg_url) as conn:
            kept = conn.execute(
                "SELECT c.id, k.source FROM copies k JOIN cables c USING (key) WHERE k.kept"
                " ORDER BY c.id"
            ).fetchall()
            (copies,) = conn.execute("SELECT count(*) FROM copies").fetchone()
        assert [(cid, Path(source).parent.name) for cid, source in kept] == [
            (cid, "b-texts") for cid in IDS
        ]
        assert copies == 2 * len(IDS)
        # made again from the better copy, not added to: one rank vector and one set of
        # values a cable, the words of the text found
        assert pg.count(Filter("mbeki")) == sqlite_count(folder, tmp_path, "mbeki")


def _body_index(bodies: Path, tmp_path: Path) -> CorpusIndex:
    index = CorpusIndex.open(bodies, cache_dir=tmp_path / "bodies-cache")
    index.refresh(workers=0)
    return index


def sqlite_count(folder: Path, tmp_path: Path, query: str) -> int:
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as sqlite:
        return sqlite.count(Filter(query, exclude=ONCE))


def test_a_replaced_cables_rows_are_made_once_from_the_better_copy(
    shared_cables: Path, tmp_path: Path, pg_url: str
) -> None:
    """Its values, references, rank vector and its parts: as many as the copy it keeps
    makes, as in a corpus that had only that copy (no row of the body's left over)."""
    from reader.team.pgstore import PgIndex

    texts = _copies(shared_cables, tmp_path / "texts", "txt")
    bodies = _copies(shared_cables, tmp_path / "bodies", "body")
    counts = "SELECT (SELECT count(*) FROM {t}) " + "".join(
        f", (SELECT count(*) FROM {t})"
        for t in ("cable_values", "refs", "cable_vids", "cable_rank", "cable_rank_parts")
    )
    tables = counts.format(t="cables")
    with PgIndex.open(pg_url) as pg:
        pg.refresh(texts, workers=0)
    with psycopg.connect(pg_url) as conn:
        alone = conn.execute(tables).fetchone()
        conn.execute("DELETE FROM cables")
    with PgIndex.open(pg_url) as pg:
        pg.refresh(bodies, workers=0)
        pg.refresh(texts, workers=0)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute(tables).fetchone() == alone
        words = {w for (w,) in conn.execute("SELECT word FROM words")}
    assert "mbeki" in words


def test_a_corpus_made_before_knows_its_single_copies_and_a_full_text_replaces_a_body(
    shared_cables: Path, tmp_path: Path, pg_url: str
) -> None:
    """Schema 7: no copy marked kept. Its owner's next open marks the one copy of each
    cable that has one; a cable of several copies, kept copy unknown, gives way only to a
    format preferred to each of them."""
    from reader.team.pgstore import PgIndex

    bodies = _copies(shared_cables, tmp_path / "bodies", "body")
    texts = _copies(shared_cables, tmp_path / "texts", "txt")
    with PgIndex.open(pg_url) as pg:
        pg.refresh(bodies, workers=0)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP INDEX copies_kept")
        conn.execute("ALTER TABLE copies DROP COLUMN kept")
        conn.execute("DROP TRIGGER cable_reader_words_replaced ON cables")
        conn.execute("UPDATE meta SET value = '7' WHERE name = 'schema'")
        # schema 7's functions, which gave a vector of no words no length
        for made in (LENGTH_FUNCTION, SPLIT_FUNCTION):
            conn.execute(made.replace("coalesce(sum(coalesce(", "(sum(coalesce("))
    with PgIndex.open(pg_url) as pg:
        with psycopg.connect(pg_url) as conn:
            assert conn.execute("SELECT bool_and(kept) FROM copies").fetchone() == (True,)
            assert conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == (
                "8",
            )
        pg.refresh(texts, workers=0)
        with CorpusIndex.open(texts, cache_dir=tmp_path / "cache") as sqlite:
            sqlite.refresh(workers=0)
            assert _fields(pg) == _fields(sqlite)
        # a cable of no words is written (the functions made again)
        (texts / "dots.txt").write_text("...\n", encoding="utf-8")
        pg.refresh(texts, workers=0)
        assert pg.total() == len(IDS) + 1


def test_an_equal_copy_coming_again_changes_nothing(
    shared_cables: Path, tmp_path: Path, pg_url: str
) -> None:
    """The same folder indexed again: no row made again (the count of changes stays)."""
    from reader.team.pgstore import PgIndex

    texts = _copies(shared_cables, tmp_path / "texts", "txt")
    with PgIndex.open(pg_url) as pg:
        pg.refresh(texts, workers=0)
        with closing(psycopg.connect(pg_url)) as conn:
            before = conn.execute("SELECT xmin::text FROM cables ORDER BY key").fetchall()
        pg.refresh(texts, workers=0)
        with closing(psycopg.connect(pg_url)) as conn:
            assert conn.execute("SELECT xmin::text FROM cables ORDER BY key").fetchall() == before


def test_a_cables_csv_holding_a_cable_twice_keeps_one_copy_of_it(
    shared_cables: Path, tmp_path: Path, pg_url: str
) -> None:
    """Two rows of one file for one cable: one copy (the file), kept, as before."""
    from reader.team.pgstore import PgIndex

    raw = (shared_cables / "csv" / "cables_sample.csv").read_bytes()
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "cables.csv").write_bytes(raw + raw)  # every row twice
    with PgIndex.open(pg_url) as pg:
        pg.refresh(folder, workers=0)
        (copies,) = pg.copies("66BUENOSAIRES2481")
        assert copies.row is not None and pg.total() == 2
    with psycopg.connect(pg_url) as conn:
        kept = "SELECT count(*), count(*) FILTER (WHERE kept) FROM copies"
        assert conn.execute(kept).fetchone() == (2, 2)
