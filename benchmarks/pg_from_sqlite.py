"""Fill a PostgreSQL corpus from a folder's SQLite index, for benchmarks that need a large
corpus on the server sooner than ``cable-reader index --store`` makes it.

    python benchmarks/pg_from_sqlite.py FOLDER --cache-dir DIR --store URL

The SQLite index already holds every cable parsed (its rows, facet values, references and
compressed text), so the rows go over with COPY and the server only cuts the text into its
tsvector and builds the GIN index once, at the end. The tables are those PgIndex makes, the
rows those its indexer writes (a cable without an ID keyed ``#SOURCE:SEQ``, references in
upper case, reference-not-in-folder found by the store's own folder check, no copy:other:
a team's corpus keeps each cable once), so queries
answer as on a corpus the indexer made: ``--compare URL`` checks that against one, query by
query. The database is emptied first: give it one of its own.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.index.database import index_path  # noqa: E402
from reader.index.folder_values import FOLDER_VALUE_NAMES  # noqa: E402
from reader.team.pgstore import PgIndex, words  # noqa: E402

_COLUMNS = "id, date, origin, classification, level, rank, subject, text, meta, published_id"
_LITE = _COLUMNS.replace(" text,", "")  # the SQLite index keeps the text apart, compressed


def fill(folder: Path, cache: Path, url: str) -> dict[str, float]:
    import psycopg

    root = folder.resolve()
    path = index_path(root, cache)
    lite = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    (pending,) = lite.execute("SELECT count(*) FROM pending").fetchone()
    if pending:
        raise SystemExit(f"{path}: {pending} cables not fully parsed yet; refresh it first")
    started = time.perf_counter()
    conn = psycopg.connect(url, autocommit=True)
    conn.execute("DROP SCHEMA public CASCADE")
    conn.execute("CREATE SCHEMA public")
    PgIndex.open(url).close()  # the store's own tables
    conn.execute("DROP INDEX cables_tsv")  # built once at the end, much faster than per row
    # the values the whole folder decides (folder_values): the store finds its own
    skip = [
        vid
        for vid, facet, value in lite.execute("SELECT id, facet, value FROM vals")
        if (facet, value) in FOLDER_VALUE_NAMES
    ]
    marks = ",".join("?" * len(skip)) or "NULL"
    with conn.cursor() as cur:
        with cur.copy("COPY vals (id, facet, value) FROM STDIN") as copy:
            for row in lite.execute(
                f"SELECT id, facet, value FROM vals WHERE id NOT IN ({marks})", skip
            ):
                copy.write_row(row)
        cur.execute("SELECT setval('vals_id_seq', (SELECT max(id) FROM vals))")
        cur.execute(
            f"CREATE UNLOGGED TABLE load_cables (key bigint, {_COLUMNS.replace(',', ' text,')}"
            " text, words text, source text, format text, row integer)"
        )
        with cur.copy(f"COPY load_cables (key, {_COLUMNS}, words, source, format, row)"
                      " FROM STDIN") as copy:  # fmt: skip
            for key, fpath, seq, row, fmt, cid, *rest, packed in lite.execute(
                f"SELECT c.key, f.path, c.seq, c.row, c.format, c.{_LITE.replace(', ', ', c.')}"
                ", t.packed FROM cables c JOIN files f ON f.id = c.file_id"
                " JOIN texts t ON t.key = c.key ORDER BY c.key"
            ):
                source = str(root / fpath) if fpath else str(root)
                text = zlib.decompress(packed).decode("utf-8", "surrogatepass")
                date, origin, cls, level, rank, subject, meta, published = rest
                copy.write_row((key, cid or f"#{source}:{seq}", date, origin, cls, level, rank,
                                subject, text, meta, published, " ".join(words(text)), source,
                                fmt, row))  # fmt: skip
        loaded = time.perf_counter()
        # one row per ID (the first copy's key), as the indexer keeps a cable met twice
        cur.execute(
            f"INSERT INTO cables (key, {_COLUMNS}, tsv) SELECT DISTINCT ON (id) key, id,"
            " date::bigint, origin, classification, level, rank::integer, subject, text, meta,"
            " published_id, to_tsvector('simple', words) FROM load_cables ORDER BY id, key"
        )
        cur.execute(
            "INSERT INTO copies SELECT c.key, l.source, l.format, l.row FROM load_cables l"
            " JOIN cables c ON c.id = l.id ON CONFLICT DO NOTHING"
        )
        cur.execute("SELECT setval('cables_key_seq', (SELECT max(key) FROM cables))")
        cur.execute("CREATE TEMP TABLE load_values (key bigint, value_id integer)")
        with cur.copy("COPY load_values FROM STDIN") as copy:
            for row in lite.execute(
                f"SELECT key, value_id FROM cable_values WHERE value_id NOT IN ({marks})", skip
            ):
                copy.write_row(row)
        cur.execute(
            "INSERT INTO cable_values SELECT DISTINCT l.key, l.value_id FROM load_values l"
            " JOIN cables c ON c.key = l.key"
        )
        cur.execute("CREATE TEMP TABLE load_refs (key bigint, ref text)")
        with cur.copy("COPY load_refs FROM STDIN") as copy:
            for row in lite.execute("SELECT key, ref FROM refs"):
                copy.write_row(row)
        cur.execute(
            "INSERT INTO refs SELECT DISTINCT l.key, upper(l.ref) FROM load_refs l"
            " JOIN cables c ON c.key = l.key"
        )
        cur.execute("DROP TABLE load_cables")
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("CREATE INDEX cables_tsv ON cables USING gin (tsv)")
        cur.execute("ANALYZE")
    index = PgIndex.open(url)
    index._folder_check()  # noqa: SLF001 - the indexer's own last step
    total = index.total()
    index.close()
    conn.close()
    return {"cables": total, "copy_s": loaded - started, "seconds": time.perf_counter() - started}


def compare(url: str, other: str) -> int:
    """The benchmark's queries on both corpora: counts, facets and first hits' IDs alike."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from pg_store import MIX

    a, b = PgIndex.open(url), PgIndex.open(other)
    differ = 0
    for label, f, offset in MIX:
        one = (a.count(f), a.facets(f), [h.id for h in a.search(f, offset=offset, limit=50)])
        two = (b.count(f), b.facets(f), [h.id for h in b.search(f, offset=offset, limit=50)])
        if one != two:
            differ += 1
            print(f"differs: {label}: {one[0]} against {two[0]} cables", flush=True)
    print(f"{len(MIX) - differ} of {len(MIX)} queries answer alike")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--cache-dir", type=Path, required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--compare", default=None, help="a corpus the indexer made, to check")
    args = ap.parse_args()
    if args.compare:
        return compare(args.store, args.compare)
    print(fill(args.folder, args.cache_dir, args.store), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
