"""The ``index`` and ``search`` sub-commands of ``cable-reader`` (wired in reader/cli.py)."""

from __future__ import annotations

import argparse
import difflib
import errno
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from reader.index.database import IndexRebuilt, IndexUnusable
from reader.index.scan import no_cables
from reader.index.store import CorpusIndex
from reader.model.progress_line import ProgressLine
from reader.model.wording import counted
from reader.query.conditions import query_notes
from reader.query.query import (
    FACETS,
    SORT_HELP,
    SORT_KEYS,
    USER_FACETS,
    FacetValue,
    FileProblem,
    Filter,
    Hit,
    Progress,
    default_sort,
    hit_day,
    links_not_followed,
    shown_file,
    shown_id,
)
from reader.query.querysyntax import QueryTooBig
from reader.query.value_notes import answer_notes

__all__ = [
    "facet_selection",
    "filter_of",
    "index_main",
    "open_index",
    "paragraphs_in",
    "print_answer",
    "query_args",
    "search_main",
    "whole_number",
]


#: What the folder argument of a command that also takes a team's corpus may be
FOLDER_OR_CORPUS = (
    "a folder of cables, one file (cables.csv), or a team's corpus: postgresql://HOST/DB"
)


def _common(parser: argparse.ArgumentParser, folder: str = "a folder of cables, or one file"
            " (cables.csv)") -> None:  # fmt: skip
    parser.add_argument("folder", type=Path, help=folder)
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help="where indexes live (default: user cache)"
    )
    parser.add_argument(
        "--workers",
        type=whole_number,
        default=None,
        help="parser processes (default: one per core)",
    )


def index_main(argv: Sequence[str] | None = None) -> int:
    """``cable-reader index FOLDER``: build or update the index, with a progress bar."""
    parser = argparse.ArgumentParser(
        prog="cable-reader index", description="Index a folder of cables for searching."
    )
    _common(parser)
    # (main() gives a command with a server's address to the team's index command)
    parser.add_argument(
        "--store",
        metavar="URL",
        help="add the folder to a team's corpus on a server, postgresql://HOST/DB, instead of"
        " indexing it here (its options: index FOLDER --store URL --help)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument(
        "--json",
        action="store_true",
        help="end with one JSON line: files, cables, searchable_s, complete_s",
    )
    args = parser.parse_args(argv)
    if args.store is not None:
        parser.error(f"--store {args.store}: a team's corpus is named postgresql://HOST/DB")
    if not args.folder.exists():
        print(f"cable-reader: {args.folder}: {_missing(args.folder)}", file=sys.stderr)
        return 2
    _safe_output()
    bar = _ProgressBar(sys.stderr, quiet=args.quiet)
    index = open_index(args.folder, args.cache_dir)
    if index is None:
        return 1
    with index:
        try:
            # the command waits for both phases: nothing is in the background here
            index.refresh(progress=bar, workers=args.workers, waited_for=True)
        except KeyboardInterrupt:
            bar.end()
            print("interrupted: the index is consistent; run again to finish it", file=sys.stderr)
            return 130
        except IndexUnusable as exc:  # a full disk, a read-only index
            bar.end()
            print(f"cable-reader: {exc}", file=sys.stderr)
            return 1
        bar.end()
        # the table that answers a prefix or a common word from bitmaps (word_bits): after
        # the folder is complete, and timed apart from it
        started = time.monotonic()
        try:
            index.build_words()
        except KeyboardInterrupt:
            print("interrupted: the index is complete; run again to list its words",
                  file=sys.stderr)  # fmt: skip
            return 130
        words_s = time.monotonic() - started
        problems = index.file_problems()
        for p in problems:
            print(f"{p.path}: {p.reason}", file=sys.stderr)
        size = sum(
            os.path.getsize(str(index.db_path) + s)
            for s in ("", "-wal")
            if os.path.exists(str(index.db_path) + s)
        )
        last = bar.last
        # the command waits for both phases: the folder is searchable after the first,
        # complete (markings, checks, references) after the second
        searchable = None if last is None else last.searchable
        print(
            f"{counted(index.total(), 'cable')} indexed"
            + (f" ({last.cables_done:,} new, {last.files_done:,} files read" if last else "")
            + (f", {last.files_skipped:,} other files skipped" if last else "")
            + (f", {links_not_followed(last.links_out, last.links_named)}"
               if last and last.links_out else "")
            + (f", {len(problems)} unreadable" if problems else "")
            + (f") in {last.elapsed:.1f} s" if last else "")
            + (
                f" (searchable after {searchable:.1f} s; then markings, checks and references"
                f" filled in for {last.to_check:,} cables)"
                if last is not None and searchable is not None
                else ""
            )
            + f"; words listed in {words_s:.1f} s"
            + f"; index {index.db_path} ({size / 1e6:.1f} MB)"
        )
        if index.total() == 0:
            said = nothing_read(args.folder, problems, listed=True)
            print(f"cable-reader: {said}", file=sys.stderr)
        if args.json:
            complete = None if last is None else round(last.elapsed, 3)
            print(
                json.dumps(
                    {
                        "files": index.file_count(),
                        "cables": index.total(),
                        "searchable_s": complete if searchable is None else round(searchable, 3),
                        "complete_s": complete,
                        "words_s": round(words_s, 3),
                    }
                )
            )
        if index.total() == 0:
            return 1  # no cable, or none could be read: a script must not go on to search it
    return 0


def nothing_read(folder: Path, problems: Sequence[FileProblem], *, listed: bool) -> str:
    """Why a folder (or file) gave no cable. With files that could not be read, that, not
    the kinds of file read, is the cause (a named pipe named .txt, binary junk); ``listed``:
    each was named above with its reason."""
    if not problems:
        return no_cables(str(folder))
    if not folder.is_dir():
        return f"no cables in {folder}: the file could not be read: {problems[0].reason}"
    n = len(problems)
    where = "see above" if listed else f"cable-reader index {folder} names each with the reason"
    return (
        f"no cables in {folder}: of its {n} cable file{'s' if n != 1 else ''}, none could be"
        f" read ({where})"
    )


def _safe_output() -> None:
    """Text that cannot be encoded (a lone surrogate from a file name or an argument not in
    the locale's encoding) is replaced, not a UnicodeEncodeError at the last line."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _valid_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so that it encodes as UTF-8
    (JSON output is read by other programs: it is always valid UTF-8)."""
    return _SURROGATE_RE.sub("\ufffd", text)


class _ProgressBar:
    """A one-line bar with rate and ETA on a terminal; a line every few seconds elsewhere."""

    def __init__(self, out: TextIO, *, quiet: bool) -> None:
        self.line = ProgressLine(out)
        self.quiet = quiet
        self.last: Progress | None = None
        self.printed = 0.0

    def __call__(self, p: Progress) -> None:
        self.last = p
        if self.quiet or (p.files_total == 0 and p.phase == 1):
            return
        now = time.monotonic()
        if not self.line.tty and not p.done and now - self.printed < 5.0:
            return
        self.printed = now
        if p.phase == 2:
            share = p.checked / p.to_check if p.to_check else 1.0
            text = (
                f"searchable; filling in markings, checks and references:"
                f" {p.checked:,}/{p.to_check:,} cables"
            )
        else:
            share = p.bytes_done / p.bytes_total if p.bytes_total else p.files_done / p.files_total
            eta = p.eta
            text = (
                f"{p.files_done:,}/{p.files_total:,} files · {counted(p.cables_done, 'cable')} · "
                f"{p.rate:,.0f} cables/s" + (f" · ETA {_clock(eta)}" if eta is not None else "")
            )
        if self.line.tty:
            width = 24
            full = int(share * width)
            text = f"[{'#' * full}{'.' * (width - full)}] {share:4.0%} {text}"
        self.line.show(text)

    def end(self) -> None:
        self.line.end(keep=True)


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
        epilog=SEARCH_EPILOG,
    )
    _common(parser, FOLDER_OR_CORPUS + " (its options: search URL QUERY --help)")
    query_arguments(parser)
    parser.add_argument(
        "--no-refresh", action="store_true", help="search the index as it is, without a scan"
    )
    parser.add_argument("--rescan", action="store_true", help=RESCAN_HELP)
    parser.add_argument(
        "--data-dir", type=Path, default=None,
        help="where your annotations are kept (for is:, label:, note:, has:)",
    )  # fmt: skip
    args = query_args(parser, argv)
    if not args.folder.exists():
        print(f"cable-reader: {args.folder}: {_missing(args.folder)}", file=sys.stderr)
        return 2
    f = filter_of(parser, args, args.query)
    _safe_output()
    notes = query_notes(args.query)
    for note in notes:
        print(f"cable-reader: {note}", file=sys.stderr)
    index = open_index(args.folder, args.cache_dir, thorough=False)
    if index is None:
        return 1
    with index:
        index.one_query = True
        if args.data_dir is not None:
            from reader.annotate.annotations import annotations_path

            index.annotations_path = annotations_path(args.data_dir)
        try:
            answer = _answer(index, f, args)
        except IndexRebuilt as exc:
            # damage met by the search: the index was rebuilt; index the folder again
            # (unless told not to) and answer from that, in this same command
            print(f"cable-reader: {exc}", file=sys.stderr)
            if args.no_refresh:
                print(
                    f"cable-reader: run `cable-reader index {args.folder}` to index it again",
                    file=sys.stderr,
                )
                return 1
            try:
                answer = _answer(index, f, args)
            except (IndexRebuilt, IndexUnusable) as again:
                print(f"cable-reader: {again}", file=sys.stderr)
                return 1
        except QueryTooBig as exc:
            print(f"cable-reader: {exc}", file=sys.stderr)
            return 2
        except IndexUnusable as exc:
            print(f"cable-reader: {exc}", file=sys.stderr)
            return 1
        count, total, hits, facets, partial = answer
        # a field value, a word or a facet value no cable has (tag:PRELL, nucler,
        # --include tag=prel): named, with the nearest there are; of an empty answer, what
        # each of its parts matches alone; of a folder without cables, only that is said
        found = answer_notes(index, f, count) if total else []
        for note in found:
            print(f"cable-reader: {note}", file=sys.stderr)
        notes = [*notes, *found]
        if partial is not None:
            print(f"cable-reader: {partial}", file=sys.stderr)
        elif total == 0:
            said = nothing_read(args.folder, index.file_problems(), listed=False)
            print(f"cable-reader: {said}", file=sys.stderr)
        print_answer(args.query, count, total, hits, facets, as_json=args.json, partial=partial,
                     notes=notes, lacks=index.lacks())  # fmt: skip
    # a folder that gives no cable answered nothing that was asked (said above: why)
    return 1 if total == 0 and partial is None else 0


def print_answer(
    query: str,
    count: int,
    total: int,
    hits: Sequence[Hit],
    facets: dict[str, list[FacetValue]] | None,
    *,
    as_json: bool,
    partial: str | None = None,
    notes: Sequence[str] = (),
    lacks: Mapping[str, str] | None = None,
) -> None:
    """A search's answer on standard output, as text or JSON (always valid UTF-8): what
    ``search`` prints for a folder's index and for a PostgreSQL corpus alike. ``lacks``
    (Index.lacks): the fields the store never keeps; their facets are left out (JSON) or
    said not kept (text), never shown as a facet no cable has a value of."""
    lacks = lacks or {}
    if facets is not None:
        facets = {k: v for k, v in facets.items() if k not in lacks}
    if as_json:
        doc: dict[str, object] = {
            "query": query,
            "count": count,
            "total": total,
            "partial": partial,
            "notes": list(notes),
            "hits": [_hit_json(h) for h in hits],
        }
        if facets is not None:
            doc["facets"] = {k: [[v.value, v.count] for v in vs] for k, vs in facets.items()}
        text = _valid_text(json.dumps(doc, indent=1, ensure_ascii=False)) + "\n"
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # a stream of text only (a caller's StringIO)
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            write_all(binary, text.encode("utf-8"))
            binary.flush()
        return
    # a folder may hold a cable in several files (a .txt, a WikiLeaks page...), each a row
    # of its own: the rows of an ID shown more than once name their files
    repeated = {i for i, n in Counter(h.id for h in hits if h.id).items() if n > 1}
    for h in hits:
        day = hit_day(h) or "----------"
        print(f"{shown_id(h):<22} {day}  {h.classification[:24]:<24} {h.origin[:28]:<28} "
              f"{h.subject}")  # fmt: skip
        if h.id in repeated and h.file:
            print(f"    file: {shown_file(h.file, h.row)}")
        if h.snippet:
            print(f"    {h.snippet}")
    print(
        f"{count:,} of {total:,} cables match"
        + (f" ({partial.removeprefix('the index is ')})" if partial else "")
    )
    if repeated:
        ids = "1 ID is" if len(repeated) == 1 else f"{len(repeated):,} IDs are"
        print(f"{ids} shown more than once: the same cable in several files of the folder,"
              " a row (and a count) for each file, named under its row; -copy:other (or"
              " --exclude copy=other) counts each cable once")  # fmt: skip
    if facets is not None:
        for name in (*FACETS, *USER_FACETS):
            if name in facets:
                print(_facet_line(name, facets[name]))
            elif name in lacks:
                print(f"{name}: not kept here: {lacks[name]}")


#: Values of a facet the text output prints (--json prints them all).
FACET_VALUES_SHOWN = 10


def _facet_line(name: str, values: Sequence[FacetValue]) -> str:
    """``year: 2009 120, 2008 95, … (and 14 more; --json lists all)``."""
    shown = ", ".join(f"{v.value} {v.count:,}" for v in values[:FACET_VALUES_SHOWN])
    if not values:  # (the labels before one is made): not a line ending at its colon
        return f"{name}: no cable has one"
    more = len(values) - FACET_VALUES_SHOWN
    return f"{name}: {shown}" + (f", … (and {more:,} more; --json lists all)" if more > 0 else "")


def whole_number(text: str) -> int:
    """--limit, --workers: a whole number, 0 or more (argparse's error names the option)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative: give 0 or more")
    return value


#: the search command's word on the query syntax (a folder's and a team's corpus alike)
SEARCH_EPILOG = (
    'Query syntax: see the README (words, "phrases", prefix*, -word, OR, '
    "id: from: class: tag: ref: citedby: marking: date: precedence: handling:; "
    "is:starred is:unread label: note: has:note)."
)


def query_arguments(parser: argparse.ArgumentParser) -> None:
    """The search command's query and what it prints, after the folder (or the corpus)."""
    parser.add_argument(
        "query",
        help="the query, e.g. 'tag:PREL \"prime minister\" -visit'; one starting with '-' "
        "may follow -- (search FOLDER -- -visit) or stand alone after the folder",
    )
    parser.add_argument("--facets", action="store_true", help="also print the facet counts")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--limit", type=whole_number, default=20, help="cables to print (default 20; 0: only count)"
    )
    parser.add_argument("--sort", choices=SORT_KEYS, default=None, help=SORT_HELP)
    parser.add_argument("--descending", action="store_true")
    parser.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="FACET=VALUE",
        help="facet value, e.g. tag=PREL; your own: starred=starred, read=unread,"
        " label=NAME, note='has note'",
    )
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="FACET=VALUE", help="facet value"
    )  # fmt: skip


def query_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments, with a query that starts with '-' (``-visit``, a documented form) taken
    as the query when it stands where the query goes (the first word after the folder that
    is not an option), not as an unknown option. ``--`` before the query works too."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--" not in args:
        # argparse's own table of options: which take a value (the next word is not the query)
        options = {o: a.nargs != 0 for a in parser._actions for o in a.option_strings}
        positionals = 0
        for i, word in enumerate(args):
            if i and options.get(args[i - 1]):
                continue  # the value of the option before it
            if word in options or word.startswith("--"):
                continue
            if word.startswith("-") and len(word) > 1:
                if positionals == 1:  # the folder is in: this is the query
                    args = [*args[:i], *args[i + 1 :], "--", word]
                break
            positionals += 1
    parsed, extra = parser.parse_known_args(args)
    if extra:
        hint = ""
        if any(w.startswith("-") and not w.startswith("--") for w in extra):
            hint = " (a query of several words goes in quotes: 'visit -prague')"
        parser.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return parsed


_Answer = tuple[int, int, list[Hit], dict[str, list[FacetValue]] | None, str | None]


def _answer(index: CorpusIndex, f: Filter, args: argparse.Namespace) -> _Answer:
    """Count, total, hits, facets and why the index is partial (None: it is not)."""
    bring_up_to_date(index, args)
    # the page first: ranking it scores the words' matches, which the count then reuses
    hits = index.search(f, limit=args.limit) if args.limit > 0 else []
    count = index.count(f)
    facets = {**index.facets(f, limit=None), **index.user_facets(f)} if args.facets else None
    return count, index.total(), hits, facets, index.partial() or index.partial_for(f)


RESCAN_HELP = (
    "look at every file for changes (by default, a folder whose subfolders' times are"
    " as at the last full look is taken as unchanged: a file rewritten in place is"
    " not seen until the next full look)"
)


def bring_up_to_date(index: CorpusIndex, args: argparse.Namespace) -> None:
    """Index what changed in the folder before answering (not with --no-refresh): a folder
    whose subfolders are as the last full look left them is not looked at file by file
    unless --rescan. A full disk or a read-only index is said, and answered as it is."""
    if args.no_refresh or (not args.rescan and index.unchanged()):
        return
    try:
        index.refresh(workers=args.workers)
    except IndexUnusable as exc:
        print(f"cable-reader: {exc}", file=sys.stderr)


def open_index(
    folder: Path, cache_dir: Path | None, *, thorough: bool = True
) -> CorpusIndex | None:
    """The index of ``folder``, or None with the reason on stderr (a cache that cannot be
    used, named with what to do); what the open had to say is printed too.

    Not ``thorough`` (a search, an export): the index's compressed lists and pages are not
    all checked at the open (0.2 s of unpacking at 250,000 cables); a damaged one is met,
    and the index rebuilt, by the read that needs it (``IndexRebuilt``)."""
    try:
        index = CorpusIndex.open(folder, cache_dir=cache_dir, thorough=thorough)
    except IndexUnusable as exc:
        print(f"cable-reader: {exc}", file=sys.stderr)
        return None
    for message in index.messages:
        print(f"cable-reader: {message}", file=sys.stderr)
    return index


def paragraphs_in(folder: Path, cable_ids: Sequence[str]) -> dict[str, frozenset[int]]:
    """The numbered paragraphs of each of ``cable_ids`` that the folder holds, by canonical
    ID (``annotations import --folder``: a note on a paragraph its cable lacks is left out);
    the folder indexed first where it changed. AnnotationError naming the folder and why
    when it cannot be read."""
    from reader.annotate.annotations import AnnotationError

    if not folder.is_dir():
        why = _missing(folder) if not folder.exists() else "it is not a folder"
        raise AnnotationError(f"--folder {folder}: {why}")
    try:
        with CorpusIndex.open(folder, thorough=False) as index:
            if not index.unchanged():
                index.refresh()
            found: dict[str, frozenset[int]] = {}
            for cid in dict.fromkeys(cable_ids):
                key = index.key_for_id(cid)
                if key is not None:
                    numbers = (p.number for p in index.cable(key).paragraphs)
                    found[cid] = frozenset(n for n in numbers if n is not None)
            return found
    except (IndexUnusable, IndexRebuilt) as exc:
        raise AnnotationError(f"--folder {folder}: {exc}") from exc


def write_all(out: BinaryIO, data: bytes) -> None:
    """Write all of ``data``: a buffered stream's write of more than its buffer answers how
    much the file took, and a disk that filled up takes less, in silence (``search --json``
    left a cut JSON and exit 0); written again, the rest meets the error, which is said."""
    view = memoryview(data)
    while view:
        took = out.write(view)
        if not took:  # (a stream that would block: none of ours, but never a loop for ever)
            raise OSError(errno.EAGAIN, "the output takes nothing more")
        view = view[took:]


def _missing(path: Path) -> str:
    """Why ``path`` is not there, in the parser's words (loaded only then)."""
    from reader.parser.containers import missing

    return missing(path)


def filter_of(parser: argparse.ArgumentParser, args: argparse.Namespace, query: str) -> Filter:
    """The filter a search command's options give (--include, --exclude, --sort,
    --descending) with ``query``; a FACET=VALUE that is none ends the command with usage."""
    try:
        include = frozenset(facet_selection(s) for s in args.include)
        exclude = frozenset(facet_selection(s) for s in args.exclude)
    except ValueError as exc:
        parser.error(str(exc))
    return Filter(query, include, exclude, args.sort or default_sort(query), args.descending)


def facet_selection(text: str) -> tuple[str, str]:
    facet, sep, value = text.partition("=")
    names = (*FACETS, *USER_FACETS)
    if not sep or facet not in names:
        near = difflib.get_close_matches(facet.strip().lower(), names, n=1, cutoff=0.7)
        said = f" ({facet} is none: the nearest is {near[0]})" if sep and near else ""
        raise ValueError(
            f"{text!r}: expected FACET=VALUE with FACET one of {', '.join(names)}{said}"
        )
    return facet, value


def _hit_json(h: Hit) -> dict[str, object]:
    return {
        "id": h.id,
        "file": h.file,
        "row": h.row,
        "date": h.date.isoformat() if h.date and h.date_precision != "year" else hit_day(h) or None,
        "date_precision": h.date_precision,
        "origin": h.origin,
        "classification": h.classification,
        "level": h.level,
        "subject": h.subject,
        "snippet": h.snippet,
        "matches": [list(m) for m in h.snippet_matches],
    }
