"""The ``cable-reader`` command: the window, and sub-commands for scripting.

cable-reader [FOLDER|FILE]            open the window (on the sample folder by default)
cable-reader postgresql://HOST/DB     open the window on a team's corpus on a server
cable-reader --version                print the version
cable-reader parse [--json] PATH...   parse files and folders, print summaries or JSON lines
cable-reader index FOLDER             build or refresh the search index of a folder
cable-reader search FOLDER QUERY      search an indexed folder
cable-reader index FOLDER --store postgresql://HOST/DB   add a folder to a team's corpus
cable-reader queue postgresql://HOST/DB   your changes made offline: waiting, refused
cable-reader export FOLDER QUERY --format csv|jsonl|html|pdf -o FILE
cable-reader batch-search FOLDER TERMS [QUERY]   each term's cables, dates, posts, TAGS
cable-reader annotations ACTION       your stars, labels, notes: export, import, star, label...
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn

from reader import __version__

# the parser, the records and their JSON (and json itself, and where the samples are) are
# imported by the commands that use them: a search of an indexed folder needs none of them
if TYPE_CHECKING:
    from reader.index.workers import TimedWorker
    from reader.model.records import Cable
    from reader.parser.containers import UnreadableFile

__all__ = ["main", "run"]


def shown(path: str | Path) -> str:
    """A path printable on any terminal (file names may hold undecodable bytes or newlines)."""
    text = os.fsdecode(path).encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\n", "\\n").replace("\r", "\\r")


def cable_files(paths: list[str]) -> Iterator[Path | UnreadableFile]:
    """Files named on the command line, and the cable files under folders as the index
    finds them (corpus.scan: links only inside the folder, each file once, sorted); what
    cannot be listed or read comes as an UnreadableFile, in its place."""
    from reader.index.scan import on_disk, scan, what_is_read
    from reader.parser.containers import UnreadableFile, missing, reason_for

    for raw in paths:
        p = Path(raw)
        try:
            top = os.stat(p)
        except OSError as exc:
            why = missing(p) if isinstance(exc, FileNotFoundError) else reason_for(exc, p)
            yield UnreadableFile(p, why)
            continue
        if not stat.S_ISDIR(top.st_mode):
            yield p  # named on purpose: read whatever its ending (never if not a regular file)
            continue
        found = scan(p)
        if not found.files and not found.problems:
            # said, as index and the window say it, rather than an empty output and status 0
            yield UnreadableFile(p, f"no cable files in this folder: {what_is_read()}")
            continue
        listed: list[tuple[str, Path | UnreadableFile]] = [
            (f.path, p / on_disk(f.path)) for f in found.files
        ]
        for problem in found.problems:
            where = p if problem.path == "." else p / on_disk(problem.path)
            listed.append((problem.path, UnreadableFile(where, problem.reason)))
        listed.sort(key=lambda item: item[0])
        for _, item in listed:
            yield item


def summary_lines(c: Cable) -> list[str]:
    """A readable summary of one cable, a few lines long."""
    if c.date is None:
        when = "date unknown"
    elif c.date_precision == "year":
        when = f"{c.date:%Y} (year only)"
    else:
        when = c.date.strftime("%Y-%m-%d %H:%MZ")
    origin = c.from_.name if c.from_ else (c.meta.origin if c.meta and c.meta.origin else "")
    from reader.query.query import shown_file

    ident = c.id or f"(no ID) {shown_file(shown(c.source.path), c.source.row)}"
    if c.published_id and c.published_id != c.id:
        ident += f" (published as {c.published_id})"
    lines = [f"{ident}  {when}  {c.classification or 'classification unknown'}  {origin}"]
    if c.subject:
        marking = f"({c.subject_marking.text}) " if c.subject_marking else ""
        lines.append(f"  {marking}{c.subject}")
    facts: list[str] = []
    if c.tags:
        facts.append("TAGS " + " ".join(c.tags))
    refs = [r.id or r.text for r in c.references]
    if refs:
        facts.append("REF " + ", ".join(refs))
    if c.paragraphs:
        marks: dict[str, int] = {}
        for p in c.paragraphs:
            key = p.marking.text if p.marking else "unmarked"
            marks[key] = marks.get(key, 0) + 1
        spread = ", ".join(f"{k}×{v}" for k, v in marks.items())
        facts.append(f"{len(c.paragraphs)} paragraphs ({spread})")
    if c.signers:
        facts.append("signed " + ", ".join(c.signers))
    if facts:
        lines.append("  " + " · ".join(facts))
    for problem in c.problems:
        where = f" (line {problem.line})" if problem.line else ""
        lines.append(f"  problem {problem.code}{where}: {problem.message}")
    return lines


def parse_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="cable-reader parse", description="Parse cable files.")
    ap.add_argument("--json", action="store_true", help="one JSON object per cable per line")
    ap.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive)")
    args = ap.parse_args(argv)
    from reader.index.workers import TimedWorker
    from reader.parser.containers import UnreadableFile

    failed = 0
    out = sys.stdout.buffer
    worker = TimedWorker()
    try:
        for path in cable_files(args.paths):
            if isinstance(path, UnreadableFile):  # could not be listed, or is not there
                failed += 1
                out.flush()
                print(f"cable-reader: {shown(path.path)}: {path.reason}", file=sys.stderr)
                continue
            if not _print_file(path, args.json, worker, out):
                failed += 1
    finally:
        worker.close()
    return 1 if failed else 0


def _print_file(path: Path, as_json: bool, worker: TimedWorker, out: BinaryIO) -> bool:
    """Print what ``parse`` says of one file; False when (some of) it could not be read.
    A big file is read in the worker process, which is stopped when it takes longer than
    the index would allow (workers.seconds_for): one file never holds up the rest."""
    from reader.index.commands import write_all
    from reader.index.workers import WATCHED_BYTES, TimedOut, seconds_for

    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    seconds = seconds_for(size)
    try:
        if size >= WATCHED_BYTES:
            items = worker.stream(seconds, _file_output, path, as_json)
        else:
            items = _file_output(path, as_json)
        read = True
        for item in items:  # to the end: the worker's answer is read whole
            if isinstance(item, bytes):
                write_all(out, item)
                continue
            out.flush()
            print(f"cable-reader: {shown(path)}: {item}", file=sys.stderr)
            read = False
        return read
    except TimedOut as exc:
        out.flush()
        why = (
            f"parsing it took longer than {exc.seconds:.0f} s: stopped, so that the rest "
            "could be read"
            if exc.seconds is not None
            else "the process parsing it died"
        )
        print(f"cable-reader: {shown(path)}: {why}", file=sys.stderr)
        return False


def _file_output(path: Path, as_json: bool) -> Iterator[bytes | str]:
    """What ``parse`` prints of each cable of one file, encoded; the reason, last, when the
    file (or the rest of it) cannot be read."""
    import json

    from reader.model.jsonout import cable_to_dict
    from reader.parser.containers import UnreadableFile, read_cables

    try:
        for cable in read_cables(path):
            if as_json:
                text = json.dumps(cable_to_dict(cable), ensure_ascii=False) + "\n"
            else:
                text = "\n".join(summary_lines(cable)) + "\n\n"
            # a file name with bytes that are not UTF-8 comes out as a \udcXX escape,
            # which JSON reads back to the same name
            yield text.encode("utf-8", "backslashreplace")
    except UnreadableFile as exc:
        yield exc.reason
    except OSError as exc:
        yield f"cannot read it ({exc})"


def _write_pdf(pack: object, path: Path, **options: object) -> None:
    """The PDF reading pack: drawn with Qt, so imported only when asked for."""
    from reader.ui.pack_pdf import write_pdf

    write_pdf(pack, path, **options)  # type: ignore[arg-type]


def _paragraphs_in(folder: Path, cable_ids: Sequence[str]) -> dict[str, frozenset[int]]:
    """``annotations import --folder``'s paragraphs of the folder's cables: the index is
    imported only when asked for."""
    from reader.index.commands import paragraphs_in

    return paragraphs_in(folder, cable_ids)


def window_main(argv: list[str]) -> int:
    from reader.ui.display import display_problem

    if problem := display_problem():
        # Qt would abort (SIGABRT) with a message about xcb plugins: say what is wrong and
        # what works without a display
        print(f"cable-reader: {problem}\n{NO_DISPLAY_HELP}", file=sys.stderr)
        return 3
    import signal  # here: a search of an indexed folder needs none of the window's imports

    from reader.ui.children import TerminateAsked, start_process_server

    # a SIGTERM before the window can quit as Ctrl+Q does is noted, and the window quits
    # once made (app.py): Python's default would end the process at once and leave
    # multiprocessing's temporary folder, made for the server below
    signal.signal(signal.SIGTERM, TerminateAsked())
    # the server the indexing process forks from starts now, while Qt and the window are
    # imported and made (half a second and more): it takes a quarter of a second to import
    # what a refresh needs, and a folder opened at once waited for it before its first rows
    start_process_server()
    from reader.ui.app import run_app

    return run_app(argv)


#: The sub-commands, as ``main`` dispatches them.
COMMANDS = ("parse", "index", "search", "export", "batch-search", "annotations", "queue")


def not_for_the_window(args: list[str]) -> str | None:
    """Why ``args`` (no sub-command recognised) are not the one folder, file or server the
    window opens, as a sentence; None when they are. A mistyped command, an option of a
    sub-command or a query after the folder was taken for a folder: the window opened on
    "serch" (or said there was no display) and a query was dropped unsaid."""
    import difflib
    import shlex

    first = args[0]
    if first.startswith("-"):
        return (
            f"{first} is not an option of cable-reader (only --help and --version are); each"
            " command has its own: cable-reader search --help"
        )
    if first.startswith(("postgresql://", "postgres://")) or os.path.lexists(first):
        if len(args) == 1:
            return None
        rest = " ".join(shlex.quote(a) for a in args[1:])
        return (
            f"the window opens one folder or file, and {rest} follows it; to search it:"
            f" cable-reader search {shlex.quote(first)} {rest}"
        )
    near = [c for c in COMMANDS if c.startswith(first)] or difflib.get_close_matches(
        first, COMMANDS, n=1, cutoff=0.6
    )
    if near:
        return f"{first} is not a command: did you mean {near[0]}? ({_command_list()})"
    if len(args) > 1:
        return f"{first} is neither a command ({_command_list()}) nor a folder or file"
    return None  # a folder that does not exist: the window says so, and offers another


def _command_list() -> str:
    return "the commands are " + ", ".join(COMMANDS) + "; cable-reader --help says more"


#: What to do instead of the window when it cannot open.
NO_DISPLAY_HELP = """\
The command line works without one:
  cable-reader parse PATH...          summaries (or --json) of the cables in files and folders
  cable-reader index FOLDER           build the search index of a folder
  cable-reader search FOLDER QUERY    search it
To run the window without a screen, use a virtual display: xvfb-run cable-reader FOLDER"""


#: Commands that end without the interpreter's teardown (``run``): they close what they
#: open and leave no thread behind.
QUICK_EXIT = frozenset({"search"})


def run() -> NoReturn:
    """The ``cable-reader`` command and ``python -m reader``: ``main`` with the command
    line, then the exit. A search ends without the interpreter's teardown: freeing its
    modules and the scores of every match, memory the process is about to give back, took
    15-18 ms of a 0.3 s search of 250,000 files. What a normal exit does that matters
    still happens first: the exit handlers run (a coverage tool's, logging's) and the
    output is flushed; with another thread running, or output that cannot be flushed (a
    closed pipe), it exits the normal way."""
    args = sys.argv[1:]
    try:
        status = main()
        sys.stdout.flush()  # here, where a failure is said (at the exit it went unsaid, exit 0)
    except OSError as exc:
        if exc.errno not in _NO_ROOM:
            raise
        _said_no_room(exc)
        status = 1
    if args and args[0] in QUICK_EXIT:
        _exit_now(status)
    sys.exit(status)


#: The errors of a write that found no room: a full disk, a quota, a file size limit.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _said_no_room(exc: OSError) -> None:
    """Say which output could not be written and why, in a line (not a traceback: the
    output of ``search --json > out.json`` on a full disk). What is left in the output's
    buffer goes nowhere: flushed at the exit, it would fail again."""
    where = exc.filename or "the output (standard output)"
    print(f"cable-reader: cannot write {where}: {exc.strerror}", file=sys.stderr)
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _exit_now(status: int) -> None:
    """Exit with ``status`` at once, after the exit handlers and a flush of the output;
    returns (for the normal exit) when that cannot be done safely."""
    import atexit
    import threading

    main = threading.main_thread()
    if any(t is not main and not t.daemon for t in threading.enumerate()):
        return  # a thread the interpreter would wait for (not a daemon: it waits for none)
    atexit._run_exitfuncs()  # (and clears them: a normal exit after this runs none twice)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # the normal exit says what went wrong, as before
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "parse":
            return parse_main(args[1:])
        if (
            args
            and args[0] in ("index", "search")
            and any(
                a.removeprefix("--store=").startswith(("postgresql://", "postgres://"))
                for a in args[1:]
            )
        ):
            from reader.team import pg_commands

            team = pg_commands.pg_index_main if args[0] == "index" else pg_commands.pg_search_main
            return team(args[1:])
        if args and args[0] == "queue":
            from reader.team.pg_commands import pg_queue_main

            return pg_queue_main(args[1:])
        if args and args[0] == "index":
            from reader.index.commands import index_main

            return index_main(args[1:])
        if args and args[0] == "search":
            from reader.index.commands import search_main

            return search_main(args[1:])
        if args and args[0] == "export":
            from reader.export.export_commands import export_main

            return export_main(args[1:], pdf_writer=_write_pdf)
        if args and args[0] == "batch-search":
            from reader.export.export_commands import batch_main

            return batch_main(args[1:])
        if args and args[0] == "annotations":
            from reader.annotate.annotation_commands import annotations_main

            return annotations_main(args[1:], paragraphs_in=_paragraphs_in)
        if args and args[0] in ("-h", "--help"):
            print(__doc__)
            return 0
        if args and args[0] in ("-V", "--version"):
            print(f"cable-reader {__version__}")
            return 0
        if args and (problem := not_for_the_window(args)):
            print(f"cable-reader: {problem}", file=sys.stderr)
            return 2
        if not args:
            from reader.model.bundled import SAMPLES

            args = [str(SAMPLES)]
        return window_main(args)
    except BrokenPipeError:
        # output piped into a program that stopped reading (e.g. head): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # your annotations' file cannot be opened (a --data-dir that is a file, a disk that
        # is full) when a query asks for stars or labels: a sentence, not a traceback. (The
        # module is loaded if it raised: a search that needs none of it does not load it.)
        annotations = sys.modules.get("reader.annotate.annotations")
        if annotations is not None and isinstance(exc, annotations.AnnotationError):
            print(f"cable-reader: {exc}", file=sys.stderr)
            return 1
        raise
