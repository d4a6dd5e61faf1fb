"""The notes a team's corpus gives on an empty answer: what they cost it, before and after.

    python benchmarks/team_notes.py parts URL [--rounds 5] [--explain]
    python benchmarks/team_notes.py words URL [--rounds 5]
    python benchmarks/team_notes.py trigger-cost URL [--rounds 5]
    python benchmarks/team_notes.py index-cost FOLDER ADMIN_URL [--rounds 2]

``parts``: each filter's part notes (value_notes.part_notes) as the store counts them now,
every set of its parts in one statement (PgIndex.part_masks), and as it counted them
before, a statement for each part and for each set of parts tried (the store's ``count``
alone), in turn on a connection of their own, after the filter's own count (the window
has counted it before it asks); the same notes checked (where the budget of
PART_NOTES_SECONDS cut the counts before short, against their note without it), median
times printed.
``--explain``: the EXPLAIN ANALYZE execution time of each statement the counts before made.

``words``: words_not_in of some misspelt words, with the nearest words from the words'
table (pg_words) and without it (the store before: absence alone), medians.

``trigger-cost``: what the words' trigger adds to a batch of an indexer at the corpus's size:
its statement run (EXPLAIN ANALYZE, rolled back) over the vectors of 500 cables of the
corpus taken at random (BATCH_ROWS), their words there already as in a corpus that grows,
and over an empty words' table (every word new: a corpus's first batches); ``--rounds``
times each.

``index-cost``: FOLDER indexed into two new databases beside ADMIN_URL's (dropped after),
one with the words' table and its trigger and one without, in turn, ``--rounds`` times
each; the time of each ``refresh``, and of its batches' writes (PgWriter.write: the
transactions, the trigger's statement among them) apart from the parse.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.query import value_notes as notes_module  # noqa: E402
from reader.query.query import Filter  # noqa: E402
from reader.query.value_notes import part_notes, query_parts  # noqa: E402
from reader.team.pgstore import PgIndex  # noqa: E402

#: empty answers of 4 to 6 parts, each part matching cables alone (on the real cables and
#: on make_corpus's; the count of each is printed)
FILTERS = [
    Filter("prague year:2008 tag:PREL class:secret -visit"),
    Filter("nuclear moscow year:1990 -visit"),
    Filter('"prime minister" from:tokyo tag:ECON year:2005 -beef'),
    Filter("minist* iran class:U handling:NOFORN year:1999", frozenset({("tag", "PREL")})),
    Filter(
        "oil (iraq OR kuwait) year:2009 origin:tokyo",
        frozenset({("classification", "SECRET")}),
        frozenset({("tag", "ECON")}),
    ),
    Filter("embassy visit from:paris precedence:flash date:2003..2004 marking:S"),
]
MISSPELT = ["nucler", "embasy", "ministr", "goverment", "missle", "negotations", "1990s"]


class _OneAtATime:
    """The store as part_notes counted it before: ``count`` alone, a statement each."""

    def __init__(self, index: PgIndex) -> None:
        self.index = index

    def count(self, f: Filter) -> int:
        return self.index.count(f)


def _timed(call: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def parts(url: str, rounds: int, explain: bool) -> None:
    with PgIndex.open(url) as index:
        print(f"{index.total():,} cables")
    totals = {"one statement": 0.0, "a statement a count": 0.0}
    for f in FILTERS:
        times: dict[str, list[float]] = {name: [] for name in totals}
        notes: dict[str, Any] = {}
        for _ in range(rounds):
            for name in totals:
                with PgIndex.open(url) as index:
                    count = index.count(f)
                    store: Any = index if name == "one statement" else _OneAtATime(index)
                    took, notes[name] = _timed(lambda s=store, f=f: part_notes(s, f))
                times[name].append(took)
        cut = notes["one statement"] != notes["a statement a count"]
        if cut:  # the budget may have stopped the counts before: counted again without it
            with PgIndex.open(url) as index:
                budget = notes_module.PART_NOTES_SECONDS
                notes_module.PART_NOTES_SECONDS = 1e9
                try:
                    whole = part_notes(_OneAtATime(index), f)
                finally:
                    notes_module.PART_NOTES_SECONDS = budget
            if whole != notes["one statement"]:
                raise SystemExit(f"the notes differ for {f}: {notes}, {whole}")
        shown = f.query + "".join(f" +{k}={v}" for k, v in sorted(f.include))
        shown += "".join(f" -{k}={v}" for k, v in sorted(f.exclude))
        print(f"{shown!r}: {len(query_parts(f))} parts, {count:,} cables")
        for name, took in times.items():
            median = statistics.median(took)
            totals[name] += median
            each = ", ".join(f"{t * 1000:.0f}" for t in took)
            print(f"    {name:20} median {median * 1000:7.1f} ms  ({each})")
        print(f"    {notes['one statement']}")
        if cut:
            before = notes["a statement a count"]
            print(f"    (a statement a count, cut short by the budget: {before})")
        if explain:
            _explain(url, f)
    for name, total in totals.items():
        print(f"sum of medians, {name}: {total * 1000:.0f} ms")


def _explain(url: str, f: Filter) -> None:
    """The execution time of each statement the counts before made, as EXPLAIN ANALYZE
    gives it."""
    asked: list[tuple[str, Any]] = []

    class Recording(PgIndex):
        def _read(self, sql: str, params: Any = ()) -> Any:
            if sql.startswith("SELECT (SELECT value FROM meta WHERE name = 'changes'), array("):
                asked.append((sql, params))
            return super()._read(sql, params)

    with Recording.open(url) as index:
        part_notes(_OneAtATime(index), f)
        for sql, params in asked:
            if "@@" in sql:
                index._read("SET enable_seqscan = off")  # noqa: SLF001 - as _kept_keys
            plan = [r[0] for r in index._read("EXPLAIN ANALYZE " + sql, params)]  # noqa: SLF001
            index._read("RESET enable_seqscan")  # noqa: SLF001
            took = next(line for line in plan if line.startswith("Execution Time"))
            where = sql.split(" WHERE ", 1)[1][:110]
            print(f"      {took:28} {where}")


def words(url: str, rounds: int) -> None:
    with PgIndex.open(url) as index:
        print(f"{index.total():,} cables; words kept: {index._words}")  # noqa: SLF001
        (n,) = index._read("SELECT count(*) FROM words").fetchone()  # noqa: SLF001
        print(f"{n:,} words in the words' table")
        for with_words in (True, False):
            index._words = with_words  # noqa: SLF001 - the store without its table
            took = []
            for _ in range(rounds):
                t, absent = _timed(lambda: index.words_not_in(MISSPELT))
                took.append(t)
            print(f"  {'with' if with_words else 'without'} the words' table: median"
                  f" {statistics.median(took) * 1000:.1f} ms for {len(MISSPELT)} words"
                  f" ({', '.join(f'{t * 1000:.0f}' for t in took)})")  # fmt: skip
            for word, near in absent.items():
                print(f"    {word}: {', '.join(near) or '-'}")
        index._words = True  # noqa: SLF001
        for word in MISSPELT:
            took = [_timed(lambda word=word: index.words_not_in([word]))[0] for _ in range(rounds)]
            print(f"  {word}: median {statistics.median(took) * 1000:.1f} ms")


def trigger_cost(url: str, rounds: int) -> None:
    import psycopg

    from reader.team.pg_writer import BATCH_ROWS

    insert = (
        "EXPLAIN ANALYZE INSERT INTO {table} SELECT DISTINCT w COLLATE \"C\" FROM added,"
        " unnest(tsvector_to_array(added.tsv)) w ORDER BY 1 ON CONFLICT DO NOTHING"
    )
    took: dict[str, list[float]] = {"words there": [], "every word new": []}
    with psycopg.connect(url) as conn:
        (total,) = conn.execute("SELECT count(*) FROM cables").fetchone()
        print(f"{total:,} cables, batches of {BATCH_ROWS}")
        for _ in range(rounds):
            for name in took:
                with conn.transaction(force_rollback=True):
                    conn.execute(
                        "CREATE TEMP TABLE added ON COMMIT DROP AS SELECT tsv FROM cables"
                        " WHERE key = ANY(SELECT (1 + random() * (SELECT max(key) FROM cables"
                        ")::int - 1)::bigint FROM generate_series(1, %s))",
                        (BATCH_ROWS,),
                    )
                    table = "words"
                    if name == "every word new":
                        conn.execute(
                            'CREATE TEMP TABLE fresh (word text COLLATE "C" PRIMARY KEY)'
                            " ON COMMIT DROP"
                        )
                        table = "fresh"
                    plan = [r[0] for r in conn.execute(insert.format(table=table))]
                    ms = float(plan[-1].split()[2])
                    took[name].append(ms)
    for name, times in took.items():
        each = ", ".join(f"{t:.0f}" for t in times)
        print(f"{name}: median {statistics.median(times):.1f} ms a batch ({each})")


def index_cost(folder: Path, admin: str, rounds: int) -> None:
    import psycopg

    from reader.team import pg_writer

    base = admin.rpartition("/")[0]
    took: dict[str, list[float]] = {"with words": [], "without": []}
    writing: dict[str, list[float]] = {name: [] for name in took}
    spent = [0.0]
    write = pg_writer.PgWriter.write

    def timed_write(self: pg_writer.PgWriter, rows: Any) -> int:
        start = time.perf_counter()
        try:
            return write(self, rows)
        finally:
            spent[0] += time.perf_counter() - start

    pg_writer.PgWriter.write = timed_write  # type: ignore[method-assign]
    for _ in range(rounds):
        for name in took:
            database = f"cr_bench_words_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {database}")
            try:
                with PgIndex.open(f"{base}/{database}") as index:
                    if name == "without":
                        index._read(  # noqa: SLF001 - the corpus as schema 5 made it
                            "DROP TRIGGER cable_reader_words ON cables;"
                            " DROP TABLE words; DROP FUNCTION cable_reader_words()"
                        )
                    spent[0] = 0.0
                    t, (files, new) = _timed(lambda index=index: index.refresh(folder))
                took[name].append(t)
                writing[name].append(spent[0])
                print(f"  {name}: {new:,} cables of {files:,} files in {t:.1f} s, batches"
                      f" written in {spent[0]:.2f} s", flush=True)  # fmt: skip
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    for name, times in took.items():
        each = ", ".join(f"{t:.1f}" for t in times)
        print(f"{name}: median {statistics.median(times):.1f} s ({each}); the batches'"
              f" writes: median {statistics.median(writing[name]):.2f} s")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("parts")
    p.add_argument("url")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--explain", action="store_true")
    w = sub.add_parser("words")
    w.add_argument("url")
    w.add_argument("--rounds", type=int, default=5)
    t = sub.add_parser("trigger-cost")
    t.add_argument("url")
    t.add_argument("--rounds", type=int, default=5)
    c = sub.add_parser("index-cost")
    c.add_argument("folder", type=Path)
    c.add_argument("admin_url")
    c.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if args.what == "parts":
        parts(args.url, args.rounds, args.explain)
    elif args.what == "words":
        words(args.url, args.rounds)
    elif args.what == "trigger-cost":
        trigger_cost(args.url, args.rounds)
    else:
        index_cost(args.folder, args.admin_url, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
