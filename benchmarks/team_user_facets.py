"""The facets of the analyst's own work (Starred, Read, Labels, Has note) on a team's corpus
against the folder's index, and the offline queue's sending rate.

    python benchmarks/team_user_facets.py CORPUS POSTGRES_URL [--stars N] [--queued N]

CORPUS: a folder or a cables.csv (benchmarks/make_corpus.py writes one). POSTGRES_URL: an
empty database (``bash .ci/postgres`` prints one a database may be made beside). Prints, for
a few filters, the median and worst of five ``user_facets`` calls in each store, with N cables
starred, N/2 read, N/4 labelled and N/10 noted; then how fast N queued changes are sent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.index.store import CorpusIndex  # noqa: E402
from reader.query.query import Filter  # noqa: E402
from reader.team.change_queue import ChangeQueue, send  # noqa: E402
from reader.team.pgstore import PgIndex  # noqa: E402

FILTERS = ["", "tag:PREL", "class:secret", "minister"]


def _timed(call, runs: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took), max(took)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("url")
    parser.add_argument("--stars", type=int, default=2000)
    parser.add_argument("--queued", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="team-facets-"))
    os.environ["CABLE_READER_DATA_DIR"] = str(work / "data")

    start = time.perf_counter()
    sqlite = CorpusIndex.open(args.corpus, cache_dir=work / "cache")
    sqlite.refresh(workers=0)
    print(f"SQLite index: {sqlite.total():,} cables in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    pg = PgIndex.open(args.url)
    pg.refresh(args.corpus)
    print(f"PostgreSQL: {pg.total():,} cables in {time.perf_counter() - start:.0f} s")
    sqlite.annotations_path = work / "data" / "annotations.sqlite3"

    ids = [h.id for h in pg.search(Filter("", sort="id"), limit=None) if h.id]
    n = min(args.stars, len(ids))
    for index in (sqlite, pg):
        with closing(index.annotations()) as store:
            store.set_starred(ids[:n])
            store.set_read(ids[: n // 2])
            store.add_label(ids[: n // 4], "follow up")
            for cid in ids[: n // 10]:
                store.set_note(cid, "a note")
    print(f"{n:,} starred, {n // 2:,} read, {n // 4:,} labelled, {n // 10:,} noted")
    print("| filter | SQLite p50 / max (ms) | PostgreSQL p50 / max (ms) |")
    print("|---|---|---|")
    for query in FILTERS:
        f = Filter(query)
        assert sqlite.user_facets(f) == pg.user_facets(f), query
        a = _timed(lambda f=f: sqlite.user_facets(f))
        b = _timed(lambda f=f: pg.user_facets(f))
        print(f"| `{query or '(none)'}` | {a[0]:.0f} / {a[1]:.0f} | {b[0]:.0f} / {b[1]:.0f} |")

    queue = ChangeQueue.open(work / "queue.sqlite3")
    for k, cid in enumerate(ids[n : n + args.queued]):
        queue.add("star" if k % 2 else "read", [cid])
    import psycopg

    with closing(pg.annotations()) as store:
        server = store.server
        assert server is not None
        start = time.perf_counter()
        sent = send(queue, server, (psycopg.OperationalError,))
        took = time.perf_counter() - start
    print(f"sent {sent.sent:,} queued changes in {took:.2f} s ({sent.sent / took:,.0f} a second)")
    sqlite.close()
    pg.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
