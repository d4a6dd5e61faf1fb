"""The ``export`` and ``batch-search`` sub-commands of ``cable-reader`` (wired in reader/cli.py).

cable-reader export FOLDER QUERY --format csv|jsonl|html|pdf -o FILE
cable-reader batch-search FOLDER TERMS.txt|TERMS.csv [QUERY] [--json|--csv]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol, TextIO, TypeVar

from reader.annotate.annotations import AnnotationError, annotations_path
from reader.export.batch import batch_search, read_terms, write_csv
from reader.export.export import COLUMNS, DEFAULT_COLUMNS, CableNotes, annotated, write_jsonl
from reader.export.export import write_csv as write_cables_csv
from reader.export.pack import Pack, make_pack, render_html
from reader.index.commands import (
    FOLDER_OR_CORPUS,
    RESCAN_HELP,
    bring_up_to_date,
    filter_of,
    nothing_read,
    open_index,
    query_args,
    whole_number,
)
from reader.index.database import FILE_KINDS
from reader.index.index_protocol import AnnotationStore, Index, Refused
from reader.index.store import CorpusIndex
from reader.model.progress_line import ProgressLine
from reader.model.records import Cable
from reader.parser.containers import missing
from reader.query.conditions import query_notes
from reader.query.query import SORT_HELP, SORT_KEYS, Filter
from reader.query.value_notes import answer_notes, store_selection_notes
from reader.team.pgstore import PgIndex, PgUnavailable, is_postgres_url

__all__ = [
    "ExportCancelled",
    "batch_main",
    "describe_filter",
    "export_main",
    "format_of",
    "output_problem",
    "read_pack",
    "replacing",
    "write_export",
]

#: What ``export`` writes, each named by the suffix of its files
FORMATS = ("csv", "jsonl", "html", "pdf")
#: ``export`` says how far it is once it has taken this long (an export of a few cables
#: says nothing but its last line) ...
PROGRESS_AFTER_S = 1.0
#: ... then at most this often on a terminal (the line redrawn), and elsewhere (a log)
PROGRESS_TTY_S, PROGRESS_LOG_S = 0.2, 5.0


def format_of(path: Path) -> str | None:
    """The format an output's name asks for (``brief.pdf``: pdf), or None for another name."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


#: (done, total): how far a long export has got
Progress = Callable[[int, int], None]
_T = TypeVar("_T")


class PdfWriter(Protocol):
    """The PDF writer, which needs Qt and so lives in reader/ui (pack_pdf.write_pdf)."""

    def __call__(
        self, pack: Pack, path: Path, *, cancelled: Callable[[], bool], progress: Progress
    ) -> object: ...


class ExportCancelled(Exception):
    """The export was cancelled before it was complete; nothing was written."""


def output_problem(path: Path, read: str | None) -> str | None:
    """Why an export cannot be written to ``path``, as a sentence; None when it can be.
    ``read`` is the folder (or cables.csv) being read: nothing is ever written inside it,
    where a CSV would be read as cables the next time the folder is opened."""
    target = path.expanduser()
    parent = target.parent
    if target.is_dir():
        return f"cannot write {path}: it is a folder; give the name of a file to write"
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode
        if not stat.S_ISREG(mode):
            # an export is written under a new name, then takes the name given: over a
            # device (-o /dev/full) it once put a file in its place, and said it was written
            kind = FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")
            return (
                f"cannot write {path}: it is {kind}, not a file, and an export takes the place"
                " of the file it is given; give the name of a file to write"
            )
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        return f"cannot write {path}: the folder {parent} {what}"
    if not os.access(parent, os.W_OK):
        return f"cannot write {path}: the folder {parent} may not be written to"
    if read is not None and not is_postgres_url(read):
        source = Path(read).expanduser().resolve()
        where = target.resolve()
        if where == source and not source.is_dir():
            return (
                f"{path} is the file being read: Cable Reader never writes over it; write the"
                " export to another file"
            )
        if where == source or source in where.parents:
            return (
                f"{path} is inside {read}, the folder being read: Cable Reader never writes"
                " there (a file written there would be read as cables the next time);"
                " write it outside that folder"
            )
    return None


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path`` to write to, renamed to ``path`` only when the block
    ends normally: a cancelled or failed export leaves no half-written file, nor removes an
    older file of that name. The temporary file is in the target folder so that the rename
    is one step on one file system."""
    # a fresh name, not a file made by mkstemp: the writers make it, with the permissions
    # any new file of the user's gets (mkstemp's are the owner's only)
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        yield part
        # on the disk before it takes the name: a power cut after the rename leaves the
        # whole file, and a write the system held back fails here, not in silence
        fd = os.open(part, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _counted(
    items: Iterable[_T], progress: Progress, cancelled: Callable[[], bool], total: int
) -> Iterator[_T]:
    """The items, reporting each as a step of ``total`` and stopping when cancelled."""
    for n, item in enumerate(items):
        if cancelled():
            raise ExportCancelled
        yield item
        progress(n + 1, total)


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        help=FOLDER_OR_CORPUS,
    )
    parser.add_argument("--cache-dir", type=Path, default=None, help="where indexes live")
    parser.add_argument("--data-dir", type=Path, default=None, help="where your annotations are")
    parser.add_argument("--workers", type=whole_number, default=None, help="parser processes")
    parser.add_argument("--sort", choices=SORT_KEYS, default=None, help=SORT_HELP)
    parser.add_argument("--descending", action="store_true")
    parser.add_argument("--include", action="append", default=[], metavar="FACET=VALUE")
    parser.add_argument("--exclude", action="append", default=[], metavar="FACET=VALUE")
    parser.add_argument("--no-refresh", action="store_true", help="use the index as it is")
    parser.add_argument("--rescan", action="store_true", help=RESCAN_HELP)


def _open(
    args: argparse.Namespace, parser: argparse.ArgumentParser, query: str
) -> tuple[CorpusIndex | PgIndex, Filter]:
    """The index the first argument names (a folder's, refreshed unless --no-refresh; or a
    team's corpus on a server, as the indexers keep it) and the filter of the options."""
    team = is_postgres_url(args.folder)
    folder = Path(args.folder)
    if not team and not folder.exists():
        parser.exit(2, f"cable-reader: {folder}: {missing(folder)}\n")
    f = filter_of(parser, args, query)
    if team:
        try:
            return PgIndex.open(args.folder), f
        except PgUnavailable as exc:
            parser.exit(1, f"cable-reader: {exc}\n")
    index = open_index(folder, args.cache_dir)
    if index is None:
        parser.exit(1)
    index.annotations_path = annotations_path(args.data_dir)
    bring_up_to_date(index, args)
    return index, f


def describe_filter(f: Filter) -> list[str]:
    """The facet choices of a filter as a reading pack's cover lists them."""
    return [f"{k} = {v}" for k, v in sorted(f.include)] + [
        f"{k} ≠ {v}" for k, v in sorted(f.exclude)
    ]


def write_export(
    index: Index,
    keys: Sequence[int],
    f: Filter,
    fmt: str,
    path: Path,
    *,
    total: int,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    bom: bool = False,
    pdf_writer: PdfWriter | None = None,
    progress: Progress = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Write the cables of ``keys`` (of ``total`` matching ``f``) as ``fmt`` (csv, jsonl,
    html, pdf) to ``path``, with the analyst's annotations where they can be read; returns
    how many were written. The one writer of ``cable-reader export`` and File > Export.

    ``progress(done, total)`` is told of each step (a cable read; for a PDF, also each
    cable's pages counted and drawn); when ``cancelled()`` turns true it stops, raising
    ExportCancelled, and ``path`` is left as it was."""
    if fmt == "pdf" and pdf_writer is None:
        raise ValueError("a PDF needs the window's libraries (PySide6)")
    with _annotations(index) as store, replacing(path) as part:
        n = _write(index, keys, f, fmt, part, total, columns, bom, pdf_writer, store,
                   progress, cancelled)  # fmt: skip
        if cancelled():
            raise ExportCancelled
    return n


@contextlib.contextmanager
def _annotations(index: Index) -> Iterator[AnnotationStore | None]:
    """The analyst's annotations as the index reaches them (the user store of a folder, the
    shared tables of a team's corpus), or None with a word why; closed after."""
    try:
        store = index.annotations()
    except (AnnotationError, Refused) as exc:
        print(f"cable-reader: {exc}; exporting without annotations", file=sys.stderr)
        store = None
    try:
        yield store
    finally:
        if store is not None:
            store.close()


def _pack_of(index: Index, rows: Iterable[tuple[Cable, CableNotes]], f: Filter, total: int) -> Pack:
    def subject_of(cid: str) -> str | None:
        key = index.key_for_id(cid)
        hits = index.hits([key]) if key is not None else []
        return hits[0].subject if hits else None

    return make_pack(
        rows, query=f.query, filters=describe_filter(f), total=total, subject_of=subject_of
    )


def read_pack(
    index: Index,
    keys: Sequence[int],
    f: Filter,
    *,
    total: int,
    progress: Progress = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Pack:
    """The reading pack of the cables of ``keys`` (of ``total`` matching ``f``), with the
    analyst's notes: what File > Print draws. Raises ExportCancelled when cancelled."""
    with _annotations(index) as store:
        cables = _counted((index.cable(k) for k in keys), progress, cancelled, len(keys))
        pack = _pack_of(index, annotated(cables, store), f, total)
    if cancelled():
        raise ExportCancelled
    return pack


def _write(
    index: Index,
    keys: Sequence[int],
    f: Filter,
    fmt: str,
    path: Path,
    total: int,
    columns: Sequence[str],
    bom: bool,
    pdf_writer: PdfWriter | None,
    store: AnnotationStore | None,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> int:
    # a PDF's pages are counted, then drawn, after the cables are read: three steps a cable
    steps = len(keys) * (3 if fmt == "pdf" else 1)
    cables = _counted((index.cable(k) for k in keys), progress, cancelled, steps)
    rows = annotated(cables, store)
    if fmt in ("csv", "jsonl"):
        with open(path, "w", encoding="utf-8", newline="") as out:
            if fmt == "csv":
                return write_cables_csv(rows, out, columns, bom=bom)
            return write_jsonl(rows, out)
    pack = _pack_of(index, rows, f, total)
    if fmt == "html":
        path.write_text(render_html(pack), encoding="utf-8")
    elif pdf_writer is not None:
        read = len(keys)
        pdf_writer(
            pack, path, cancelled=cancelled, progress=lambda done, _: progress(read + done, steps)
        )
    return len(pack.cables)


class _ExportProgress:
    """``export``'s progress on stderr: every cable is read and parsed again from the index,
    which at 100,000 cables took three and a half minutes without a word. On a terminal one
    line, redrawn and cleared at the end; elsewhere a line every few seconds."""

    def __init__(self, out: TextIO, cables: int) -> None:
        self.line, self.cables = ProgressLine(out), cables
        self.started = time.monotonic()
        self.printed = 0.0

    def __call__(self, done: int, steps: int) -> None:
        now = time.monotonic()
        every = PROGRESS_TTY_S if self.line.tty else PROGRESS_LOG_S
        if now - self.started < PROGRESS_AFTER_S or (now - self.printed < every and done < steps):
            return
        self.printed = now
        self.line.show(f"exporting {self.cables:,} cables: {done / steps if steps else 1.0:.0%}")

    def end(self) -> None:
        self.line.end(keep=False)  # the line makes room for what follows


def export_main(argv: Sequence[str] | None = None, pdf_writer: PdfWriter | None = None) -> int:
    """``cable-reader export FOLDER QUERY``: the matching cables as CSV, JSON lines, an HTML
    or a PDF reading pack."""
    parser = argparse.ArgumentParser(
        prog="cable-reader export",
        description="Export the cables a query finds: a CSV table, JSON lines, or a reading "
        "pack (HTML or PDF) with classification banners and portion markings.",
    )
    _filter_options(parser)
    parser.add_argument("query", help="the query ('' for every cable)")
    parser.add_argument(
        "--format", choices=FORMATS,
        help="default: the output's suffix (.csv, .jsonl, .html, .pdf), else csv",
    )  # fmt: skip
    parser.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    parser.add_argument("--limit", type=int, default=None, help="at most this many cables")
    parser.add_argument(
        "--columns", default=",".join(DEFAULT_COLUMNS),
        help=f"CSV columns, comma-separated, from: {', '.join(COLUMNS)}",
    )  # fmt: skip
    parser.add_argument("--bom", action="store_true", help="CSV with a byte-order mark (Excel)")
    args = query_args(parser, argv)
    if args.limit is not None and args.limit < 1:  # (an export of no cable writes nothing)
        parser.error("--limit must be 1 or more")
    columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    if not columns:
        parser.error(f"--columns names no column: choose from {', '.join(COLUMNS)}")
    if any(c not in COLUMNS for c in columns):
        parser.error(f"unknown column in {args.columns!r}: choose from {', '.join(COLUMNS)}")
    # a ~ no shell expanded ('~/brief.csv'): the home folder's, as output_problem reads it
    args.output = args.output.expanduser()
    # `-o brief.pdf` without --format once wrote a CSV named brief.pdf
    named = format_of(args.output)
    if args.format is None:
        args.format = named or "csv"
    elif named is not None and named != args.format:
        print(
            f"cable-reader: writing {args.format} into {args.output}, as --format says,"
            f" though its name ends in .{named}",
            file=sys.stderr,
        )
    unused = [o for o, given in (("--columns", args.columns != ",".join(DEFAULT_COLUMNS)),
                                 ("--bom", args.bom)) if given]  # fmt: skip
    if unused and args.format != "csv":  # (once written as if they had not been given)
        has = "every field" if args.format == "jsonl" else "its own layout"
        are = "are" if len(unused) > 1 else "is"
        print(f"cable-reader: {' and '.join(unused)} {are} for a CSV; a {args.format} export"
              f" has {has}, so not used", file=sys.stderr)  # fmt: skip
    if args.format == "pdf" and pdf_writer is None:
        parser.error("PDF needs the window's libraries (PySide6); use --format html instead")
    # said before the folder is indexed, which may take minutes
    if (problem := output_problem(args.output, args.folder)) is not None:
        parser.exit(2, f"cable-reader: {problem}\n")
    for note in query_notes(args.query):
        print(f"cable-reader: {note}", file=sys.stderr)
    index, f = _open(args, parser, args.query)
    with index:
        keys = index.keys(f)
        total = len(keys)
        # as a search says them: a value, a word, a facet value no cable has, and of an
        # empty answer what each of its parts matches alone; of a folder without cables,
        # only that (below)
        for note in answer_notes(index, f, total) if index.total() else ():
            print(f"cable-reader: {note}", file=sys.stderr)
        if not keys:  # no empty file, no status 0: the notes above say why, this what
            if index.total() == 0 and not is_postgres_url(args.folder):  # as search says it
                said = nothing_read(Path(args.folder), index.file_problems(), listed=False)
                print(f"cable-reader: {said}", file=sys.stderr)
            print(f"cable-reader: no cable matches the query: nothing written to {args.output}",
                  file=sys.stderr)  # fmt: skip
            return 1
        if args.limit is not None:
            keys = keys[: args.limit]
        progress = _ExportProgress(sys.stderr, len(keys))
        try:
            n = write_export(
                index, keys, f, args.format, args.output, total=total, columns=columns,
                bom=args.bom, pdf_writer=pdf_writer, progress=progress,
            )  # fmt: skip
        except OSError as exc:  # the disk filled, the folder went away meanwhile
            progress.end()
            reason = exc.strerror or str(exc)
            parser.exit(1, f"cable-reader: cannot write {args.output}: {reason}\n")
        progress.end()
    print(f"wrote {n:,} of {total:,} matching cables to {args.output}")
    return 0


def batch_main(argv: Sequence[str] | None = None) -> int:
    """``cable-reader batch-search FOLDER TERMS``: each term's cables, first and last date,
    top posts and TAGS, inside an optional query."""
    parser = argparse.ArgumentParser(
        prog="cable-reader batch-search",
        description="Run a list of terms (a .txt, one a line, or a .csv with a 'term' and an "
        "optional 'label' column) against a folder, each inside the optional query.",
    )
    _filter_options(parser)
    parser.add_argument("terms", type=Path, help="the list of terms")
    parser.add_argument("query", nargs="?", default="", help="filters every term runs inside")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="JSON lines, one a term")
    out.add_argument("--csv", action="store_true", help="the results table as CSV")
    args = parser.parse_args(argv)
    try:
        terms = read_terms(args.terms)
    except ValueError as exc:  # (the sentence names the file and why)
        parser.exit(2, f"cable-reader: cannot read the terms: {exc}\n")
    if not terms:
        parser.exit(2, f"cable-reader: {args.terms} holds no terms\n")
    # a term that does not mean what it seems (date:2010..2005, class:) says so, as a
    # query does, rather than a silent 0 or every cable in its row
    notes = {t.query: query_notes(t.query) for t in terms}
    for said in notes.values():
        for note in said:
            print(f"cable-reader: in the terms: {note}", file=sys.stderr)
    index, within = _open(args, parser, args.query)
    with index:
        if index.total() == 0 and not is_postgres_url(args.folder):  # as export says it
            why = nothing_read(Path(args.folder), index.file_problems(), listed=False)
            print(f"cable-reader: {why}", file=sys.stderr)
            return 1  # no term was answered: not a table of zeros
        chosen = store_selection_notes(index, within.include, within.exclude)
        for note in chosen:  # (what every term runs inside: said once)
            print(f"cable-reader: {note}", file=sys.stderr)
        results = list(batch_search(index, terms, within))
    # what only the store could tell (a field value none of its cables has: tag:PRELL)
    told = {note for query_notes_said in notes.values() for note in query_notes_said}
    for r in results:
        for note in r.notes:
            if note not in told:
                told.add(note)
                print(f"cable-reader: in the terms: {note}", file=sys.stderr)
    if args.csv:
        write_csv(results, sys.stdout)
        return 0
    for r in results:
        if args.json:
            doc = {
                "term": r.term.query,
                "label": r.term.label,
                "cables": r.count,
                "first": r.first_shown or None,
                "last": r.last_shown or None,
                "top_posts": [list(x) for x in r.top_origins],
                "top_tags": [list(x) for x in r.top_tags],
                "notes": list(r.notes),
            }
            print(json.dumps(doc, ensure_ascii=False))
        else:
            if not r.count:
                span = "no cables"
            elif r.first and r.last:
                span = f"{r.first_shown}..{r.last_shown}"
            else:
                span = "undated"
            posts = ", ".join(o for o, _ in r.top_origins)
            # a CSV's label for the term (as --csv and --json give it) was left out here
            label = f"  (label: {r.term.label})" if r.term.label else ""
            print(f"{r.count:>7,}  {span:<22} {r.term.query}{label}  [{posts}]")
    return 0
