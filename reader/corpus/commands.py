"""The ``index`` and ``search`` sub-commands of ``cable-reader`` (wired in reader/cli.py)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reader.core.containers import missing

from .query import FACETS, SORT_KEYS, Filter, Hit, Progress, shown_id
from .store import CorpusIndex

__all__ = ["index_main", "search_main"]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="a folder of cables, or one file (cables.csv)")
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help="where indexes live (default: user cache)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="parser processes (default: one per core)"
    )


def index_main(argv: Sequence[str] | None = None) -> int:
    """``cable-reader index FOLDER``: build or update the index, with a progress bar."""
    parser = argparse.ArgumentParser(
        prog="cable-reader index", description="Index a folder of cables for searching."
    )
    _common(parser)
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    if not args.folder.exists():
        print(f"cable-reader: {args.folder}: {missing(args.folder)}", file=sys.stderr)
        return 2
    bar = _ProgressBar(sys.stderr, quiet=args.quiet)
    with CorpusIndex.open(args.folder, cache_dir=args.cache_dir) as index:
        for message in index.messages:
            print(f"cable-reader: {message}", file=sys.stderr)
        try:
            index.refresh(progress=bar, workers=args.workers)
        except KeyboardInterrupt:
            bar.end()
            print("interrupted: the index is consistent; run again to finish it", file=sys.stderr)
            return 130
        bar.end()
        problems = index.file_problems()
        for p in problems:
            print(f"{p.path}: {p.reason}", file=sys.stderr)
        size = sum(
            os.path.getsize(str(index.db_path) + s)
            for s in ("", "-wal")
            if os.path.exists(str(index.db_path) + s)
        )
        last = bar.last
        print(
            f"{index.total():,} cables indexed"
            + (f" ({last.cables_done:,} new, {last.files_done:,} files read" if last else "")
            + (f", {last.files_skipped:,} other files skipped" if last else "")
            + (f", {len(problems)} unreadable" if problems else "")
            + (f") in {last.elapsed:.1f} s" if last else "")
            + f"; index {index.db_path} ({size / 1e6:.1f} MB)"
        )
    return 0


class _ProgressBar:
    """A one-line bar with rate and ETA on a terminal; a line every few seconds elsewhere."""

    def __init__(self, out: TextIO, *, quiet: bool) -> None:
        self.out = out
        self.quiet = quiet
        self.tty = out.isatty()
        self.last: Progress | None = None
        self.printed = 0.0
        self.drawn = False

    def __call__(self, p: Progress) -> None:
        self.last = p
        if self.quiet or p.files_total == 0:
            return
        now = time.monotonic()
        if not self.tty and not p.done and now - self.printed < 5.0:
            return
        self.printed = now
        share = p.bytes_done / p.bytes_total if p.bytes_total else p.files_done / p.files_total
        eta = p.eta
        text = (
            f"{p.files_done:,}/{p.files_total:,} files · {p.cables_done:,} cables · "
            f"{p.rate:,.0f} cables/s" + (f" · ETA {_clock(eta)}" if eta is not None else "")
        )
        if self.tty:
            width = 24
            full = int(share * width)
            self.out.write(f"\r[{'#' * full}{'.' * (width - full)}] {share:4.0%} {text}\x1b[K")
            self.drawn = True
        else:
            self.out.write(text + "\n")
        self.out.flush()

    def end(self) -> None:
        if self.drawn:
            self.out.write("\n")
            self.out.flush()
            self.drawn = False


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return (
        f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


def search_main(argv: Sequence[str] | None = None) -> int:
    """``cable-reader search FOLDER QUERY``: print the matching cables (and facets)."""
    parser = argparse.ArgumentParser(
        prog="cable-reader search",
        description="Search a folder of cables (indexing what changed first).",
        epilog='Query syntax: see the README (words, "phrases", prefix*, -word, OR, '
        "id: from: class: tag: ref: citedby: marking: date: precedence: handling:).",
    )
    _common(parser)
    parser.add_argument("query", help="the query, e.g. 'tag:PREL \"prime minister\" -visit'")
    parser.add_argument("--facets", action="store_true", help="also print the facet counts")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--limit", type=int, default=20, help="cables to print (default 20)")
    parser.add_argument("--sort", choices=SORT_KEYS, default="date")
    parser.add_argument("--descending", action="store_true")
    parser.add_argument(
        "--include", action="append", default=[], metavar="FACET=VALUE", help="facet value"
    )
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="FACET=VALUE", help="facet value"
    )
    parser.add_argument(
        "--no-refresh", action="store_true", help="search the index as it is, without a scan"
    )
    args = parser.parse_args(argv)
    if not args.folder.exists():
        print(f"cable-reader: {args.folder}: {missing(args.folder)}", file=sys.stderr)
        return 2
    try:
        include = frozenset(_selection(s) for s in args.include)
        exclude = frozenset(_selection(s) for s in args.exclude)
    except ValueError as exc:
        parser.error(str(exc))
    f = Filter(args.query, include, exclude, args.sort, args.descending)
    with CorpusIndex.open(args.folder, cache_dir=args.cache_dir) as index:
        for message in index.messages:
            print(f"cable-reader: {message}", file=sys.stderr)
        if not args.no_refresh:
            index.refresh(workers=args.workers)
        count = index.count(f)
        hits = index.search(f, limit=max(args.limit, 0))
        facets = index.facets(f, limit=None if args.json else 10) if args.facets else None
        if args.json:
            doc: dict[str, object] = {
                "query": args.query,
                "count": count,
                "total": index.total(),
                "hits": [_hit_json(h) for h in hits],
            }
            if facets is not None:
                doc["facets"] = {k: [[v.value, v.count] for v in vs] for k, vs in facets.items()}
            json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
            sys.stdout.write("\n")
            return 0
        for h in hits:
            day = h.date.strftime("%Y-%m-%d") if h.date else "----------"
            print(f"{shown_id(h):<22} {day}  {h.classification[:24]:<24} {h.origin[:28]:<28} "
                  f"{h.subject}")  # fmt: skip
            if h.snippet:
                print(f"    {h.snippet}")
        print(f"{count:,} of {index.total():,} cables match")
        if facets is not None:
            for name in FACETS:
                values = ", ".join(f"{v.value} {v.count:,}" for v in facets[name])
                print(f"{name}: {values}")
    return 0


def _selection(text: str) -> tuple[str, str]:
    facet, sep, value = text.partition("=")
    if not sep or facet not in FACETS:
        raise ValueError(f"{text!r}: expected FACET=VALUE with FACET one of {', '.join(FACETS)}")
    return facet, value


def _hit_json(h: Hit) -> dict[str, object]:
    return {
        "id": h.id,
        "file": h.file,
        "row": h.row,
        "date": h.date.isoformat() if h.date else None,
        "origin": h.origin,
        "classification": h.classification,
        "level": h.level,
        "subject": h.subject,
        "snippet": h.snippet,
        "matches": [list(m) for m in h.snippet_matches],
    }
