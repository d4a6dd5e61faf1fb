"""Grow a PostgreSQL corpus to N cables by copying the cables it holds under new IDs, for
query figures at a size the indexer cannot reach in one run on a busy machine.

    python benchmarks/pg_grow.py URL N

Each round copies every original cable once more (ID ``ID~R<round>``, its facet values,
references and copies with it), so words, phrases and facet values keep the shares they
have in the cables the indexer wrote; the last round copies only as many as N needs. The
GIN index is dropped and built again once, at the end. Figures from a grown corpus say so:
its texts repeat, which a real corpus's do not.
"""

from __future__ import annotations

import sys
import time


def grow(url: str, target: int) -> dict[str, float]:
    import psycopg

    started = time.perf_counter()
    conn = psycopg.connect(url, autocommit=True)
    (base,) = conn.execute("SELECT max(key) FROM cables").fetchone()
    (have,) = conn.execute("SELECT count(*) FROM cables").fetchone()
    originals = have
    conn.execute("DROP INDEX IF EXISTS cables_tsv")
    rnd = 0
    while have < target:
        rnd += 1
        take = min(target - have, originals)
        with conn.transaction():
            conn.execute(
                "CREATE TEMP TABLE grown ON COMMIT DROP AS SELECT key AS old,"
                " key + %s AS new FROM cables WHERE key <= %s ORDER BY key LIMIT %s",
                (base * rnd, base, take),
            )
            conn.execute(
                "INSERT INTO cables (key, id, date, origin, classification, level, rank, subject,"
                " text, meta, published_id, tsv) SELECT g.new, c.id || '~R' || %s, c.date,"
                " c.origin, c.classification, c.level, c.rank, c.subject, c.text, c.meta,"
                " c.published_id, c.tsv FROM cables c JOIN grown g ON g.old = c.key",
                (rnd,),
            )
            conn.execute(
                "INSERT INTO cable_values SELECT g.new, v.value_id FROM cable_values v"
                " JOIN grown g ON g.old = v.key"
            )
            conn.execute(
                "INSERT INTO refs SELECT g.new, r.ref FROM refs r JOIN grown g ON g.old = r.key"
            )
            conn.execute(
                "INSERT INTO copies SELECT g.new, p.source || '~R' || %s, p.format, p.row"
                " FROM copies p JOIN grown g ON g.old = p.key",
                (rnd,),
            )
        have += take
        print(f"round {rnd}: {have:,} cables ({time.perf_counter() - started:.0f} s)", flush=True)
    conn.execute("SELECT setval('cables_key_seq', (SELECT max(key) FROM cables))")
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute("CREATE INDEX cables_tsv ON cables USING gin (tsv)")
    conn.execute("VACUUM ANALYZE")
    conn.close()
    return {"cables": have, "seconds": time.perf_counter() - started}


if __name__ == "__main__":
    print(grow(sys.argv[1], int(sys.argv[2])))
