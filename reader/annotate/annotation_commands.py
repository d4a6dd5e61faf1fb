"""The ``annotations`` sub-command of ``cable-reader``: the analyst's work in and out.

cable-reader annotations export FILE.json      everything, as the JSON the README documents
cable-reader annotations import FILE.json      merge a file in (nothing doubled; --folder
                                               DIR: notes on paragraphs its cables lack
                                               are left out)
cable-reader annotations star|unstar ID...     star or unstar cables by ID
cable-reader annotations read|unread ID...     mark cables read or unread
cable-reader annotations label NAME ID...      label cables (the label is made if new)
cable-reader annotations unlabel NAME ID...
cable-reader annotations rename-label OLD NEW  another name (a label's already: merged in)
cable-reader annotations delete-label NAME     the label, off every cable
cable-reader annotations note ID TEXT          a note on a cable ('' removes it)
cable-reader annotations list                  labels with counts, stars, notes, searches
"""

from __future__ import annotations

import argparse
import bisect
import json
import json.scanner
import os
import re
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from reader.annotate.annotations import (
    ANNOTATIONS_FILE,
    AnnotationError,
    Annotations,
    SkippedEntry,
    default_data_dir,
)
from reader.model.wording import counted
from reader.parser.containers import UnreadableFile, open_regular, reason_for
from reader.parser.ids import ID_LIKE
from reader.query.query import label_key, user_value_term

__all__ = ["ParagraphsIn", "annotations_main"]

#: The numbered paragraphs of the cables of a folder, by canonical ID, of the IDs given
#: (those the folder lacks left out); AnnotationError when the folder cannot be read. The
#: command line gives it (the index is a layer above this one).
ParagraphsIn = Callable[[Path, Sequence[str]], Mapping[str, frozenset[int]]]


#: The cables an action is on, as every action names them
_IDS_HELP = "cable IDs, such as 07PRAGUE497 (annotations are kept by ID)"


def annotations_main(
    argv: Sequence[str] | None = None, *, paragraphs_in: ParagraphsIn | None = None
) -> int:
    parser = argparse.ArgumentParser(
        prog="cable-reader annotations",
        description="Your stars, read state, labels, notes and saved searches, kept in your "
        "user data folder apart from every index.",
    )
    data_help = f"where {ANNOTATIONS_FILE} is kept"
    parser.add_argument("--data-dir", type=Path, default=None, help=data_help)
    # --data-dir is taken after the action too (`annotations star ID --data-dir D`), where
    # every other command has its options; SUPPRESS keeps one given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=data_help)
    sub = parser.add_subparsers(dest="action", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:  # noqa: A002 - argparse's
        return sub.add_parser(name, help=help, parents=[common])

    action("export", "write everything to a JSON file ('-' for stdout)").add_argument(
        "file", help="the JSON file to write, or - for standard output"
    )
    p = action("import", "merge a JSON file in ('-' for stdin)")
    p.add_argument("file", help="a file annotations export wrote, or - for standard input")
    p.add_argument(
        "--folder",
        type=Path,
        default=None,
        help="a folder of the cables: a note on a paragraph its cable lacks is left out",
    )
    for name, does in (("star", "star cables"), ("unstar", "unstar cables"),
                       ("read", "mark cables read"), ("unread", "mark cables unread")):  # fmt: skip
        action(name, does).add_argument("ids", nargs="+", help=_IDS_HELP)
    for name in ("label", "unlabel"):
        p = action(name, f"{name} cables")
        p.add_argument(
            "label",
            help="the label's name (case does not matter), such as brief or -urgent",
        )
        p.add_argument("ids", nargs="+", help=_IDS_HELP)
    p = action("rename-label", "give a label another name (that of another label: merge)")
    p.add_argument("label", help="the label's name (case does not matter)")
    p.add_argument("new", help="its new name; a label's name already: its cables join it")
    p = action("delete-label", "delete a label, taking it off every cable")
    p.add_argument("label", help="the label's name (case does not matter)")
    p = action("note", "set the note on a cable ('' removes it)")
    p.add_argument("id", help="the cable's ID, such as 07PRAGUE497")
    p.add_argument("text", help="the note's text, in quotes; '' removes the note")
    action("list", "labels with counts, stars, notes and saved searches")
    args = parser.parse_args(_dashes_taken(list(sys.argv[1:] if argv is None else argv)))
    path = (args.data_dir or default_data_dir()) / ANNOTATIONS_FILE
    try:
        with Annotations.open(path) as store:
            for message in store.messages:
                print(f"cable-reader: {message}", file=sys.stderr)
            return _act(store, args, paragraphs_in)
    except AnnotationError as exc:
        print(f"cable-reader: {exc}", file=sys.stderr)
        return 1


#: The actions whose words may start with "-": a label's name (-urgent), a note's text
_WORDED = ("label", "unlabel", "note", "rename-label", "delete-label")


def _relabel(store: Annotations, args: argparse.Namespace) -> int:
    """``rename-label OLD NEW`` and ``delete-label NAME``: a label as a whole (a mistyped
    one was offered by the window and listed here for ever, on no cable)."""
    labels = {label_key(label.name): label for label in store.labels()}
    had = labels.get(label_key(args.label))
    if had is None:
        names = ", ".join(label.name for label in labels.values()) or "none yet"
        raise AnnotationError(f"you have no label {args.label!r}; your labels: {names}")
    if args.action == "delete-label":
        n = store.delete_label(had.name)
        print(f"deleted the label '{had.name}', which was on {counted(n, 'cable')}")
        return 0
    joined = labels.get(label_key(args.new))
    now, searches = store.rename_label(had.name, args.new)
    if joined is not None and joined.name != had.name:
        said = (f"the label '{had.name}' ({counted(had.count, 'cable')}) joined '{now.name}':"
                f" {counted(now.count, 'cable')}")  # fmt: skip
    else:
        said = f"renamed the label '{had.name}' to '{now.name}': {counted(now.count, 'cable')}"
    if searches:
        verb = "follows" if searches == 1 else "follow"
        said += f"; {counted(searches, 'saved search', 'saved searches')} {verb} it"
    print(said)
    return 0


def _dashes_taken(argv: list[str]) -> list[str]:
    """``argv`` with a label or a note starting with "-" (``label -urgent ID``) taken as
    one, not as an unknown option (argparse then said the IDs were missing): its
    ``--data-dir`` moved before the action, which takes it there too, and ``--`` after the
    action. The same arguments otherwise."""
    at = next((i for i, word in enumerate(argv) if word in _WORDED), None)
    if at is None or "--" in argv or (at and argv[at - 1] == "--data-dir"):
        return argv
    before, after = argv[: at + 1], argv[at + 1 :]
    words: list[str] = []
    while after:
        word = after.pop(0)
        if word == "--data-dir" and after:
            before[at:at] = [word, after.pop(0)]
            at += 2
        elif word.startswith("--data-dir="):
            before.insert(at, word)
            at += 1
        else:
            words.append(word)
    if any(w in ("-h", "--help") for w in words):
        return argv
    if not any(w.startswith("-") and len(w) > 1 for w in words):
        return argv
    return [*before, "--", *words]


def _act(
    store: Annotations, args: argparse.Namespace, paragraphs_in: ParagraphsIn | None = None
) -> int:
    action = args.action
    if action == "export":
        data = store.export()
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        if args.file == "-":
            sys.stdout.write(text)
        else:
            try:
                _write_whole(Path(args.file), text)
            except OSError as exc:
                raise AnnotationError(f"cannot write {args.file}: {exc.strerror or exc}") from exc
            print(f"wrote {_summary(data)} to {args.file}")
        return 0
    if action == "import":
        return _import(store, args, paragraphs_in)
    if action in ("star", "unstar", "read", "unread", "label", "unlabel", "note"):
        ids = [args.id] if action == "note" else args.ids
        odd = [i for i in ids if not _ID_SHAPE.fullmatch(i.strip().upper())]
        if odd:
            # kept (a cable of the folder may have any ID), but a slip such as 07PRAGUE-497
            # would leave a star on no cable without a word
            print(
                f"cable-reader: {', '.join(odd)}: not shaped like a cable ID (such as"
                " 07PRAGUE497); changed all the same",
                file=sys.stderr,
            )
    if action in ("star", "unstar"):
        changed = store.set_starred(args.ids, action == "star")
    elif action in ("read", "unread"):
        changed = store.set_read(args.ids, action == "read")
    elif action == "label":
        changed = store.add_label(args.ids, args.label)
    elif action == "unlabel":
        # a label mistyped once said "0 cables changed", as if the cables had simply not
        # carried it; of another case it is the label (`label BRIEF` adds to brief)
        names = [label.name for label in store.labels()]
        if label_key(args.label) not in {label_key(name) for name in names}:
            raise AnnotationError(
                f"you have no label {args.label!r}, so no cable was changed; your labels: "
                + (", ".join(names) if names else "none yet")
            )
        changed = store.remove_label(args.ids, args.label)
    elif action in ("rename-label", "delete-label"):
        return _relabel(store, args)
    elif action == "note":
        # a cable changed only if its note did (removing a note it lacks changes nothing)
        before = [n.text for n in store.notes_of(args.id) if n.paragraph == 0]
        store.set_note(args.id, args.text)
        after = [n.text for n in store.notes_of(args.id) if n.paragraph == 0]
        changed = [args.id.strip().upper()] if before != after else []
    else:  # list
        for label in store.labels():
            cables = "cable" if label.count == 1 else "cables"
            # a name that is not its own term (quotes, blanks, parentheses, a * at its end):
            # how to ask it
            term = user_value_term("label", label.name)
            asked = f"; in a query: {term}" if term and term != f"label:{label.name}" else ""
            print(f"label {label.name} ({label.colour}): {label.count:,} {cables}{asked}")
        print(f"starred: {len(store.starred()):,}; read: {len(store.read()):,}; "
              f"with notes: {len(store.noted()):,}")  # fmt: skip
        for s in store.saved_searches():
            print(f"saved search {s.name!r}: {s.query}")
        return 0
    print(f"{len(changed):,} cable{'' if len(changed) == 1 else 's'} changed")
    return 0


def _import(
    store: Annotations, args: argparse.Namespace, paragraphs_in: ParagraphsIn | None
) -> int:
    """``annotations import FILE``: the file merged in; each entry left out named on stderr
    with its line and why (exit 1), the rest imported."""
    name = "stdin" if args.file == "-" else args.file
    raw = sys.stdin.read() if args.file == "-" else _read_export(Path(args.file))
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise AnnotationError(
            f"cannot read {name}: it is not JSON (line {exc.lineno}, column"
            f" {exc.colno}: {exc.msg}); an export is written by 'annotations export'"
        ) from exc
    if not isinstance(data, dict):
        raise AnnotationError(f"{name} is not a Cable Reader annotations file")
    paragraphs = None
    if args.folder is not None:
        if paragraphs_in is None:
            raise AnnotationError("--folder: no index can be read here")
        paragraphs = paragraphs_in(args.folder, _paragraph_note_ids(data))
    done = store.import_(data, paragraphs=paragraphs)
    # where each entry left out begins: read again, only then (ten times json.loads's time)
    lines = _entry_lines(raw) if done.skipped else {}
    for entry in done.skipped:
        print(f"cable-reader: {_where(name, entry, lines)}: {entry.reason}; left out",
              file=sys.stderr)  # fmt: skip
    print("added: " + _counts(done.added))
    if done.skipped:
        print(f"cable-reader: {counted(len(done.skipped), 'entry', 'entries')} of {name}"
              " left out (above); the rest imported", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _paragraph_note_ids(data: dict[str, object]) -> list[str]:
    """The cable IDs of the file's notes on a paragraph (whose paragraphs are to be read)."""
    notes = data.get("notes")
    return [
        n["id"].strip().upper()
        for n in (notes if isinstance(notes, list) else [])
        if isinstance(n, dict) and isinstance(n.get("id"), str) and n.get("paragraph")
    ]


def _where(name: str, entry: SkippedEntry, lines: Mapping[tuple[str, int], int]) -> str:
    """``work.json, line 12 ('notes' entry 3, 07PRAGUE497)``: where an entry is in the file."""
    line = lines.get((entry.key, entry.number))
    what = entry.entry.get("id") if entry.key == "notes" else entry.entry.get("name")
    said = f", {what}" if isinstance(what, str) else ""
    return f"{name}{f', line {line}' if line else ''} ({entry.key!r} entry {entry.number}{said})"


def _entry_lines(text: str) -> dict[tuple[str, int], int]:
    """The line on which each entry of the file's lists begins, by the list's key and the
    entry's number (from 1), so that an entry left out can be found in the file."""
    starts: dict[int, int] = {}
    decoder = json.JSONDecoder()
    parse_object = getattr(decoder, "parse_object")  # what its scanner calls at a "{"  # noqa: B009

    def located(s_and_end: tuple[str, int], *rest: object) -> tuple[object, int]:
        obj, end = parse_object(s_and_end, *rest)
        starts[id(obj)] = s_and_end[1] - 1  # the offset of its "{"
        return obj, end

    # the scanner written in Python, which calls the decoder's parse_object (the one in C
    # parses objects itself)
    setattr(decoder, "parse_object", located)  # noqa: B010
    setattr(decoder, "scan_once", json.scanner.py_make_scanner(decoder))  # type: ignore[attr-defined]  # noqa: B010
    try:
        data = decoder.decode(text)
    except (RecursionError, ValueError):  # nested deeper than this scanner goes: no lines
        return {}
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[tuple[str, int], int] = {}
    for key, entries in data.items() if isinstance(data, dict) else ():
        for number, entry in enumerate(entries if isinstance(entries, list) else [], 1):
            if id(entry) in starts:
                lines[key, number] = bisect.bisect_left(newlines, starts[id(entry)]) + 1
    return lines


#: A cable ID: two (or four) digits of the year, the post, the serial (ids.ID_LIKE)
_ID_SHAPE = re.compile(ID_LIKE)


def _write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: under a temporary name beside it,
    synced, then renamed. A disk that filled up midway left a cut export under the name,
    in place of an older whole one. A path that is no regular file (``/dev/stdout``) is
    written as it is."""
    if path.exists() and not path.is_file():
        path.write_text(text, encoding="utf-8")
        return
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        with open(part, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _read_export(path: Path) -> str:
    """The text of an export file; AnnotationError naming the file and why it cannot be
    read. Only a regular file is opened: a named pipe would be waited on for ever."""
    try:
        fd = open_regular(path)
    except UnreadableFile as exc:
        why = exc.reason if os.path.lexists(path) else "no such file or folder"
        raise AnnotationError(f"cannot read {path}: {why}") from exc
    try:
        with open(fd, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise AnnotationError(f"cannot read {path}: {reason_for(exc, path)}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationError(
            f"cannot read {path}: it is not UTF-8 text (at byte {exc.start:,}); an export is"
            " written by 'annotations export'"
        ) from exc


#: what a count of each kind of an annotations file is called: one, more
_KINDS = {
    "stars": ("star", "stars"),
    "read": ("cable read", "cables read"),
    "labels": ("label", "labels"),
    "cable_labels": ("label given", "labels given"),
    "notes": ("note", "notes"),
    "saved_searches": ("saved search", "saved searches"),
}


def _counts(counts: dict[str, int]) -> str:
    """"2 stars, 1 note, ..." of each kind's count."""
    return ", ".join(counted(n, *_KINDS.get(key, (key, key))) for key, n in counts.items())


def _summary(data: dict[str, object]) -> str:
    return _counts(
        {key: len(v) if isinstance(v := data.get(key), list) else 0 for key in _KINDS}
    )
