"""``cable-reader index FOLDER --store postgresql://HOST/DB`` and
``cable-reader search postgresql://HOST/DB QUERY``: the team's corpus on a PostgreSQL server.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reader.index.commands import print_answer
from reader.query.query import SORT_HELP, SORT_KEYS, Filter, default_sort
from reader.team.pgstore import PgIndex, PgUnavailable

__all__ = ["pg_index_main", "pg_search_main"]


def pg_index_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cable-reader index", description="Add a folder's cables to a PostgreSQL corpus."
    )
    parser.add_argument("folder", help="a folder of cables, or one file (cables.csv)")
    parser.add_argument("--store", required=True, help="postgresql://HOST/DB")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    parser.add_argument(
        "--workers", type=int, default=None, help="parser processes (default: one per core)"
    )
    args = parser.parse_args(argv)
    try:
        with PgIndex.open(args.store) as index:
            files, new = index.refresh(args.folder, workers=args.workers)
            for message in index.messages:
                print(f"cable-reader: {message}", file=sys.stderr)
            total = index.total()
    except PgUnavailable as exc:
        print(f"cable-reader: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"files": files, "cables": total, "new": new}))
    else:
        print(f"{files:,} files read, {new:,} new cables; {total:,} in the corpus")
    return 0


def pg_search_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cable-reader search", description="Search a PostgreSQL corpus."
    )
    parser.add_argument("store", help="postgresql://HOST/DB")
    parser.add_argument("query")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--facets", action="store_true")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--sort", choices=SORT_KEYS, default=None, help=SORT_HELP)
    parser.add_argument("--descending", action="store_true")
    args = parser.parse_args(argv)
    if args.limit < 0:
        parser.error("--limit must be 0 or more")
    f = Filter(args.query, sort=args.sort or default_sort(args.query), descending=args.descending)
    try:
        with PgIndex.open(args.store) as index:
            count, total = index.count(f), index.total()
            hits = index.search(f, limit=args.limit)
            # the connected role's own work too, as a folder's search gives the analyst's
            facets = {**index.facets(f), **index.user_facets(f)} if args.facets else None
    except PgUnavailable as exc:
        print(f"cable-reader: {exc}", file=sys.stderr)
        return 1
    print_answer(args.query, count, total, hits, facets, as_json=args.json)
    return 0
