"""``cable-reader index FOLDER --store postgresql://HOST/DB``,
``cable-reader search postgresql://HOST/DB QUERY`` and ``cable-reader queue
postgresql://HOST/DB``: the team's corpus on a PostgreSQL server, and the analyst's changes
made while it could not be reached.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reader.index.commands import (
    SEARCH_EPILOG,
    filter_of,
    print_answer,
    query_args,
    query_arguments,
    whole_number,
)
from reader.query.conditions import query_notes
from reader.query.value_notes import answer_notes
from reader.team.change_queue import ChangeQueue, QueuedChange, describe
from reader.team.pg_offline import queue_path
from reader.team.pgstore import PgIndex, PgUnavailable, is_postgres_url, safe_url

__all__ = ["pg_index_main", "pg_queue_main", "pg_search_main"]


def pg_index_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cable-reader index", description="Add a folder's cables to a PostgreSQL corpus."
    )
    parser.add_argument("folder", help="a folder of cables, or one file (cables.csv)")
    parser.add_argument("--store", required=True, help="postgresql://HOST/DB")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    parser.add_argument(
        "--workers",
        type=whole_number,
        default=None,
        help="parser processes (default: one per core)",
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
        prog="cable-reader search", description="Search a PostgreSQL corpus.",
        epilog=SEARCH_EPILOG,
    )  # fmt: skip
    parser.add_argument("store", help="postgresql://HOST/DB")
    query_arguments(parser)
    args = query_args(parser, argv)
    f = filter_of(parser, args, args.query)
    # what does not mean what it seems (date:2009..2007, is:stared), as a folder's search says
    notes = query_notes(args.query)
    try:
        with PgIndex.open(args.store) as index:
            count, total = index.count(f), index.total()
            lacks = index.lacks()
            hits = index.search(f, limit=args.limit)
            # the connected role's own work too, as a folder's search gives the analyst's
            facets = {**index.facets(f), **index.user_facets(f)} if args.facets else None
            # the notes of a folder's search: a value, a word, a facet value no cable has,
            # and of an empty answer what each of its parts matches alone
            notes += answer_notes(index, f, count)
    except PgUnavailable as exc:
        print(f"cable-reader: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"cable-reader: {note}", file=sys.stderr)
    print_answer(args.query, count, total, hits, facets, as_json=args.json, notes=notes,
                 lacks=lacks)
    return 0


def pg_queue_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cable-reader queue",
        description="Your changes to a team's annotations made while its server could not be "
        "reached: those waiting to be sent, and those it refused (kept until you try them "
        "again or drop them).",
    )
    parser.add_argument("store", help="postgresql://HOST/DB, as the window was opened on")
    parser.add_argument(
        "--retry", type=int, action="append", default=[], metavar="N",
        help="send refused change N again (once your role may make it)",
    )  # fmt: skip
    parser.add_argument(
        "--discard", type=int, action="append", default=[], metavar="N",
        help="drop refused change N for good",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args(argv)
    if not is_postgres_url(args.store):  # a folder's changes are never queued
        parser.error(f"{args.store!r} is not a team's corpus: give its postgresql:// URL")
    try:
        path = queue_path(args.store)
    except ValueError as exc:  # a URL PostgreSQL cannot read
        parser.error(f"{args.store!r} is not a URL PostgreSQL can read: {exc}")
    if not path.exists():  # nothing was ever queued for this server and user
        print(json.dumps({"waiting": [], "refused": []}) if args.json else "Nothing queued.")
        return 0
    with ChangeQueue.open(path) as queue:
        refused = {change.seq for change, _ in queue.refused()}
        unknown = [n for n in (*args.retry, *args.discard) if n not in refused]
        if unknown:
            print(f"cable-reader: no refused change #{unknown[0]}", file=sys.stderr)
            return 1
        for seq in args.discard:
            queue.discard(seq)
            print(f"Dropped #{seq}.", file=sys.stderr)
        for seq in args.retry:
            queue.retry(seq)
    code = _send_now(args.store) if args.retry else 0
    with ChangeQueue.open(path) as queue:
        waiting, kept = queue.pending(), queue.refused()
    if args.json:
        print(json.dumps({
            "waiting": [_entry(c) for c in waiting],
            "refused": [{**_entry(c), "reason": why} for c, why in kept],
        }))  # fmt: skip
        return code
    if not waiting and not kept:
        print("Nothing queued.")
    if waiting:
        print(f"{_changes(len(waiting))} waiting to be sent to {safe_url(args.store)}:")
        print("\n".join(f"  #{c.seq}  {describe(c)}" for c in waiting))
    if kept:
        print(f"{_changes(len(kept))} the server refused (--retry N, --discard N):")
        print("\n".join(f"  #{c.seq}  {describe(c)}\n        {why}" for c, why in kept))
    return code


def _send_now(url: str) -> int:
    """Send the queue (opening the store sends it); what it refuses again is said."""
    try:
        with PgIndex.open(url) as index:
            store = index.annotations()
            try:
                status = store.status()
            finally:
                store.close()
    except PgUnavailable as exc:
        print(f"cable-reader: kept in the queue, to be sent later: {exc}", file=sys.stderr)
        return 1
    if status.sent:
        print(f"Sent {_changes(status.sent).lower()}.", file=sys.stderr)
    for said in status.refused:
        print(f"cable-reader: refused again: {said}", file=sys.stderr)
    return 1 if status.refused or status.offline else 0


def _changes(n: int) -> str:
    return f"{n:,} change" + ("" if n == 1 else "s")


def _entry(change: QueuedChange) -> dict[str, object]:
    return {
        "seq": change.seq,
        "action": change.action,
        "ids": list(change.ids),
        "arg": change.arg,
        "paragraph": change.paragraph,
        "at": change.at,
        "said": describe(change),
    }
