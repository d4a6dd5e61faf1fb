"""Fuzzed queries against a real index: no exception, no answer slower than a second.

    python benchmarks/query_fuzz.py [--folder DIR] [--queries N] [--seed S] [--cache-dir DIR]

Indexes FOLDER (default ../shared/cables when present, else resources/samples), then asks
N random queries (default 2,000) made of the query language's pieces and of hostile ones:
words of the corpus, every field with good and bad values, OR/AND/NOT/-, prefixes, quotes
and parentheses balanced or not, deep nesting, long lists, operators of other engines,
control characters, lone surrogates, and queries far beyond the bounds. Each query is
answered twice, from the postings (as after a refresh) and by SQL alone (as while a
refresh runs): count, the first page of hits with snippets, and the facet counts. A query
may be refused only with QueryTooBig (a sentence naming the bound). Prints the figures;
exits 1 on any other exception or any answer slower than --max-seconds (default 1).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.index.store import CorpusIndex, index_path  # noqa: E402
from reader.query.conditions import query_notes  # noqa: E402
from reader.query.query import Filter  # noqa: E402
from reader.query.querysyntax import FIELDS, MAX_DEPTH, MAX_TERMS, QueryTooBig  # noqa: E402

WORDS = (
    "nuclear minister iran iraq embassy prime president secret visit oil gas election "
    "military talks ambassador government police refugees human rights trade beef the a of"
).split()
ODD = ["NEAR/3", "w/5", "NEAR(", "AND", "OR", "NOT", "|", "-", "--", "*", "**", '"', "(", ")",
       ":", "::", "\\", "%", "_", "'", ";", "\x00", "\t", "\u200b", "\ud800", "\udfff", "é",
       "\u0130", "ß", "😀", "\u202e", "x" * 300, "ID:", "tag:", "from:", "date:"]  # fmt: skip
FIELD_VALUES = {
    "date": ["2007", "2009-13", "abc", "2007-05-07", "2007..2008", "..2005", "2010..",
             "2007-02-30", "0000", "99999", "2007-05..2006", "1..2", ".."],
    "id": ["07PRAGUE497", "08*", "*", "%", "_", "X" * 80, "09STATE*"],
    "class": ["S", "secret", "TS", "confidential//noforn", "SBU", "zz"],
    "tag": ["PREL", "P*", "*", "MNUC", "KZ", "zz"],
}  # fmt: skip


def random_term(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        word = rng.choice(WORDS)
        return word + "*" if rng.random() < 0.1 else word
    if roll < 0.55:
        name = rng.choice(list(FIELDS))
        values = FIELD_VALUES.get(name, WORDS + ["x" * rng.randint(1, 40)])
        value = rng.choice(values)
        return f'{name}:"{value} {rng.choice(WORDS)}"' if rng.random() < 0.1 else f"{name}:{value}"
    if roll < 0.65:
        return '"' + " ".join(rng.choices(WORDS, k=rng.randint(1, 4))) + rng.choice(['"', ""])
    if roll < 0.8:
        return rng.choice(ODD)
    return "".join(chr(rng.randint(1, 0x10FFFF)) for _ in range(rng.randint(1, 6)))


def random_query(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.7:  # ordinary sizes, hostile pieces
        parts: list[str] = []
        for _ in range(rng.randint(1, 12)):
            op = rng.random()
            if op < 0.15:
                parts.append("OR")
            elif op < 0.25:
                parts.append("-")
            elif op < 0.3:
                parts.append(rng.choice(["(", ")"]))
            parts.append(random_term(rng))
        return rng.choice([" ", "", "  "]).join(parts) if rng.random() < 0.9 else " ".join(parts)
    if shape < 0.78:  # nesting around the bound
        depth = rng.randint(MAX_DEPTH - 3, MAX_DEPTH + 40)
        inner = rng.choice(["(x OR ", "(a -b ", "(tag:PREL OR ", "NOT (", "("])
        return inner * depth + random_term(rng) + ")" * rng.randint(0, depth)
    if shape < 0.86:  # long lists around the bound
        n = rng.randint(MAX_TERMS - 50, MAX_TERMS + 50)
        joint = rng.choice([" OR ", " ", " -", " AND "])
        return joint.join(random_term(rng) for _ in range(n))
    if shape < 0.9:  # a word and many excluded words
        return "nuclear " + " ".join(f"-w{n}" for n in range(rng.randint(50, 400)))
    if shape < 0.94:  # a long value
        return rng.choice(["subject:", "id:", "from:", "tag:", ""]) + "a" * rng.randint(1, 60_000)
    if shape < 0.97:  # a page of text
        return " ".join(rng.choices(WORDS, k=rng.randint(1_000, 50_000)))
    return "".join(rng.choice('()-"* OR') for _ in range(rng.randint(1, 3_000)))


def answer(index: CorpusIndex, query: str) -> str:
    """Count, a page of hits with snippets, the facets: what the window asks."""
    f = Filter(query)
    try:
        index.count(f)
        for hit in index.search(f, limit=20):
            (hit.snippet + hit.subject).encode("utf-8", "surrogatepass")
        index.facets(f)
    except QueryTooBig:
        return "refused"
    return "answered"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = ROOT.parent / "shared" / "cables"
    default = shared if shared.is_dir() else ROOT / "resources" / "samples"
    ap.add_argument("--folder", type=Path, default=default)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--max-seconds", type=float, default=1.0)
    args = ap.parse_args()
    cache = args.cache_dir or Path(tempfile.mkdtemp(prefix="query-fuzz-"))
    started = time.perf_counter()
    with CorpusIndex.open(args.folder, cache_dir=cache) as index:
        index.refresh()
        total = index.total()
    print(f"indexed {args.folder}: {total:,} cables in {time.perf_counter() - started:.1f} s")
    # the same index with its postings out of date: answered by SQL alone
    sql_cache = Path(tempfile.mkdtemp(prefix="query-fuzz-sql-"))
    sql_path = index_path(args.folder, sql_cache)
    sql_path.parent.mkdir(parents=True)
    shutil.copyfile(index_path(args.folder, cache), sql_path)
    conn = sqlite3.connect(sql_path)
    conn.execute("UPDATE meta SET value = -1 WHERE name = 'postings_generation'")
    conn.commit()
    conn.close()

    rng = random.Random(args.seed)
    queries = [random_query(rng) for _ in range(args.queries)]
    failures: list[tuple[str, str, str]] = []
    outcome = {"answered": 0, "refused": 0}
    noted = 0
    times: dict[str, list[tuple[float, str]]] = {"postings": [], "sql": []}
    with (
        CorpusIndex.open(args.folder, cache_dir=cache) as fast,
        CorpusIndex.open(args.folder, cache_dir=sql_cache) as slow,
    ):
        for query in queries:
            start = time.perf_counter()
            noted += bool(query_notes(query))
            for mode, index in (("postings", fast), ("sql", slow)):
                start = time.perf_counter()
                try:
                    outcome[answer(index, query)] += 1
                except Exception as exc:  # noqa: BLE001 - every exception is a finding
                    failures.append((mode, query, f"{type(exc).__name__}: {exc}"))
                times[mode].append((time.perf_counter() - start, query))
    print(
        f"{len(queries):,} queries (seed {args.seed}), each answered from the postings and by"
        f" SQL: {outcome['answered']:,} answers, {outcome['refused']:,} refusals"
        f" (QueryTooBig), {noted:,} queries with a note, {len(failures)} exceptions"
    )
    slow_ones = 0
    for mode, found in times.items():
        seconds = sorted(t for t, _ in found)
        worst, query = max(found)
        slow_ones += sum(t > args.max_seconds for t in seconds)
        print(
            f"  {mode:<8}: median {statistics.median(seconds) * 1000:6.1f} ms, 99th percentile"
            f" {seconds[int(len(seconds) * 0.99) - 1] * 1000:6.1f} ms, slowest"
            f" {worst * 1000:6.1f} ms ({len(query):,} characters: {query[:60]!r})"
        )
    for mode, query, error in failures[:20]:
        print(f"EXCEPTION ({mode}) {error[:200]}\n    query {query[:200]!r}")
    print(f"{slow_ones} answers slower than {args.max_seconds:g} s")
    if args.cache_dir is None:
        shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(sql_cache, ignore_errors=True)
    return 1 if failures or slow_ones else 0


if __name__ == "__main__":
    sys.exit(main())
