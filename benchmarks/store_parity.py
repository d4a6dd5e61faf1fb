"""The two stores' answers compared over a real folder: the same queries, counts, cables in
order, and facet counts from the SQLite index and a team's PostgreSQL corpus.

    python benchmarks/store_parity.py FOLDER --store URL [--cache-dir DIR] [--queries N]
                                      [--seed S] [--no-index] [--show N]

Indexes FOLDER into both (unless --no-index: each as it is), then asks N queries made from
the folder itself: its words (common and rare), prefixes of them, phrases cut from its
texts, every field with values its cables have (tags, posts, classifications, markings,
IDs, references, subjects, dates), and their combinations with OR, NOT, - and parentheses;
each sorted by ID, by date and by relevance. For each it compares the count, the cables in
order (by relevance: the same cables, as BM25 and ts_rank are not one score) and every facet
count; prints each query whose answers differ and what differs, and exits 1 if any did.
The contract tests (tests/team/test_store_contract.py) ask fixed queries of small folders;
this asks thousands of a real one.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.index.store import CorpusIndex  # noqa: E402
from reader.query.query import TEAM_FACETS, Filter  # noqa: E402
from reader.query.querysyntax import QueryTooBig  # noqa: E402

_WORD = re.compile(r"[A-Za-z]{3,}")


def _pieces(sqlite: CorpusIndex, rng: random.Random) -> dict[str, list[str]]:
    """Words, phrases and field values the folder's cables have, for the queries."""
    keys = sqlite.keys(Filter("", sort="id"))
    sample = rng.sample(keys, min(300, len(keys)))
    words: list[str] = []
    phrases: list[str] = []
    ends: list[str] = []
    ids: list[str] = []
    subjects: list[str] = []
    for hit in sqlite.hits(sample):
        ids.append(hit.id)
        subjects.extend(w.lower() for w in _WORD.findall(hit.subject or ""))
    texts = {key: _WORD.findall(sqlite.raw_text(key)) for key in sample[:120]}
    for found in texts.values():
        words.extend(w.lower() for w in rng.sample(found, min(8, len(found))))
        if len(found) > 4:
            at = rng.randrange(len(found) - 3)
            phrases.append(" ".join(found[at : at + rng.choice((2, 2, 3))]).lower())
    # phrases with the commonest word from the ends of the longest texts (of up to 2,000),
    # where a store that keeps so many places of a word (PostgreSQL: 255) would miss them
    longest = sorted(rng.sample(keys, min(2000, len(keys))), key=lambda k: -len(sqlite.raw_text(k)))
    for key in longest[:5]:
        found = _WORD.findall(sqlite.raw_text(key))
        late = [i for i in range(len(found) * 3 // 4, len(found) - 2) if found[i] == "the"]
        for i in rng.sample(late, min(3, len(late))):
            ends.append(" ".join(found[i : i + 3]).lower())
    facets = sqlite.facets(Filter())
    values = {name: [v.value for v in found] for name, found in facets.items() if found}
    return {
        "word": words,
        "phrase": phrases + ends,
        "end": ends,
        "id": ids,
        "subject": subjects,
        **{f"facet:{name}": found for name, found in values.items()},
    }


_FIELD_OF_FACET = {
    "tag": "tag",
    "origin": "from",
    "classification": "class",
    "handling": "handling",
    "precedence": "precedence",
    "year": "year",
    "marking": "marking",
    "problem": "problem",
}


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _term(p: dict[str, list[str]], rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        word = rng.choice(p["word"])
        return word[: rng.randint(2, len(word))] + "*" if rng.random() < 0.2 else word
    if roll < 0.42:
        return _quoted(rng.choice(p["phrase"]))
    if roll < 0.8:
        facets = [f for f in _FIELD_OF_FACET if f"facet:{f}" in p]
        facet = rng.choice(facets)
        value = rng.choice(p[f"facet:{facet}"])
        field = _FIELD_OF_FACET[facet]
        if rng.random() < 0.15 and facet in ("tag", "problem") and len(value) > 2:
            return f"{field}:{value[:2]}*"
        return f"{field}:{_quoted(value) if ' ' in value or ':' in value else value}"
    if roll < 0.86:
        cid = rng.choice(p["id"])
        field = rng.choice(["id", "ref", "citedby"])
        return f"{field}:{cid}" if rng.random() < 0.8 else f"id:{cid[:4]}*"
    if roll < 0.92:
        return f"subject:{rng.choice(p['subject'])}"
    year = rng.randint(1985, 2010)
    month = rng.randint(1, 12)
    return rng.choice(
        [
            f"date:{year}",
            f"date:{year}-{month:02d}",
            f"date:{year}-{month:02d}..{year + 1}",
            f"date:..{year}-{month:02d}-15",
            f"date:{year}..",
        ]
    )


def _query(p: dict[str, list[str]], rng: random.Random) -> str:
    parts: list[str] = []
    for n in range(rng.choice((1, 1, 2, 2, 3, 4))):
        term = _term(p, rng)
        if rng.random() < 0.15:
            term = "-" + term
        if n and rng.random() < 0.25:
            parts.append(rng.choice(("OR", "OR", "NOT", "AND")))
        parts.append(term)
    query = " ".join(parts)
    if len(parts) > 2 and rng.random() < 0.2:
        query = f"({' '.join(parts[:2])}) {' '.join(parts[2:])}"
    return query


def _answers(index: object, f: Filter, relevance: bool) -> tuple[object, ...]:
    keys = index.keys(f)  # type: ignore[attr-defined]
    ids = [h.id for h in index.hits(keys)]  # type: ignore[attr-defined]
    facets = {
        k: v
        for k, v in index.facets(f).items()  # type: ignore[attr-defined]
        if k not in TEAM_FACETS and k != "copy"
    }
    return (index.count(f), sorted(ids) if relevance else ids, facets)  # type: ignore[attr-defined]


def _differs(a: tuple[object, ...], b: tuple[object, ...]) -> str:
    said = []
    for what, x, y in zip(("count", "cables", "facets"), a, b, strict=True):
        if x == y:
            continue
        if what == "facets":
            assert isinstance(x, dict) and isinstance(y, dict)
            names = sorted(n for n in set(x) | set(y) if x.get(n) != y.get(n))
            said.append(f"facets {names}: " + "; ".join(
                f"{n}: sqlite {x.get(n, [])[:4]} / pg {y.get(n, [])[:4]}" for n in names[:2]
            ))  # fmt: skip
        elif what == "cables":
            assert isinstance(x, list) and isinstance(y, list)
            only_a, only_b = sorted(set(x) - set(y)), sorted(set(y) - set(x))
            said.append(
                f"cables: only sqlite {only_a[:5]} ({len(only_a)}), only pg {only_b[:5]}"
                f" ({len(only_b)})" + (", same set in another order" if not only_a + only_b else "")
            )
        else:
            said.append(f"count sqlite {x} / pg {y}")
    return "; ".join(said)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--store", required=True, help="postgresql://... (emptied unless --no-index)")
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-index", action="store_true")
    ap.add_argument("--show", type=int, default=40, help="differences printed at most")
    args = ap.parse_args()
    from reader.team.pgstore import PgIndex

    cache = args.cache_dir or Path(tempfile.mkdtemp(prefix="store-parity-"))
    sqlite = CorpusIndex.open(args.folder, cache_dir=cache)
    pg = PgIndex.open(args.store)
    with sqlite, pg:
        if not args.no_index:
            started = time.perf_counter()
            sqlite.refresh()
            print(f"SQLite index: {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            pg.refresh(args.folder)
            print(f"PostgreSQL corpus: {time.perf_counter() - started:.1f} s")
        print(f"cables: SQLite {sqlite.total():,}, PostgreSQL {pg.total():,}")
        rng = random.Random(args.seed)
        pieces = _pieces(sqlite, rng)
        differing = refused = 0
        started = time.perf_counter()
        # the phrases from the ends of the longest texts, each asked alone first
        asked = [_quoted(p) for p in pieces["end"]]
        for n in range(args.queries):
            query = asked[n] if n < len(asked) else _query(pieces, rng)
            sort = ("id", "date", "relevance")[n % 3]
            f = Filter(query, sort=sort, descending=rng.random() < 0.2)
            # a team's corpus keeps each cable once: the folder's other copies left out
            once = Filter(f.query, exclude=frozenset({("copy", "other")}), sort=f.sort,
                          descending=f.descending)  # fmt: skip
            try:
                a = _answers(sqlite, once, sort == "relevance")
            except QueryTooBig:
                refused += 1
                continue
            b = _answers(pg, f, sort == "relevance")
            if a != b:
                differing += 1
                if differing <= args.show:
                    print(f"DIFFERS {query!r} sort {sort}: {_differs(a, b)}")
        print(
            f"{args.queries} queries in {time.perf_counter() - started:.1f} s: {differing}"
            f" answered differently, {refused} refused by the query's bounds"
        )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
