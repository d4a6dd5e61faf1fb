"""The ``annotations`` sub-command of ``cable-reader``: the analyst's work in and out.

cable-reader annotations export FILE.json      everything, as the JSON the README documents
cable-reader annotations import FILE.json      merge a file in (nothing doubled)
cable-reader annotations star|unstar ID...     star or unstar cables by ID
cable-reader annotations read|unread ID...     mark cables read or unread
cable-reader annotations label NAME ID...      label cables (the label is made if new)
cable-reader annotations unlabel NAME ID...
cable-reader annotations note ID TEXT          a note on a cable ('' removes it)
cable-reader annotations list                  labels with counts, stars, notes, searches
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.annotate.annotations import (
    ANNOTATIONS_FILE,
    AnnotationError,
    Annotations,
    default_data_dir,
)

__all__ = ["annotations_main"]


def annotations_main(argv: Sequence[str] | None = None) -> int:
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

    action("export", "write everything to a JSON file ('-' for stdout)").add_argument("file")
    action("import", "merge a JSON file in ('-' for stdin)").add_argument("file")
    for name in ("star", "unstar", "read", "unread"):
        action(name, f"{name} cables").add_argument("ids", nargs="+")
    for name in ("label", "unlabel"):
        p = action(name, f"{name} cables")
        p.add_argument("label")
        p.add_argument("ids", nargs="+")
    p = action("note", "set the note on a cable ('' removes it)")
    p.add_argument("id")
    p.add_argument("text")
    action("list", "labels with counts, stars, notes and saved searches")
    args = parser.parse_args(argv)
    path = (args.data_dir or default_data_dir()) / ANNOTATIONS_FILE
    try:
        with Annotations.open(path) as store:
            for message in store.messages:
                print(f"cable-reader: {message}", file=sys.stderr)
            return _act(store, args)
    except AnnotationError as exc:
        print(f"cable-reader: {exc}", file=sys.stderr)
        return 1


def _act(store: Annotations, args: argparse.Namespace) -> int:
    action = args.action
    if action == "export":
        data = store.export()
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        if args.file == "-":
            sys.stdout.write(text)
        else:
            try:
                Path(args.file).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise AnnotationError(f"cannot write {args.file}: {exc.strerror or exc}") from exc
            print(f"wrote {_summary(data)} to {args.file}")
        return 0
    if action == "import":
        try:
            raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
            data = json.loads(raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AnnotationError(f"cannot read {args.file}: {exc}") from exc
        if not isinstance(data, dict):
            raise AnnotationError(f"{args.file} is not a Cable Reader annotations file")
        added = store.import_(data)
        print("added: " + ", ".join(f"{n} {k}" for k, n in added.items()))
        return 0
    if action in ("star", "unstar"):
        changed = store.set_starred(args.ids, action == "star")
    elif action in ("read", "unread"):
        changed = store.set_read(args.ids, action == "read")
    elif action == "label":
        changed = store.add_label(args.ids, args.label)
    elif action == "unlabel":
        changed = store.remove_label(args.ids, args.label)
    elif action == "note":
        store.set_note(args.id, args.text)
        changed = [args.id.upper()]
    else:  # list
        for label in store.labels():
            print(f"label {label.name} ({label.colour}): {label.count:,} cables")
        print(f"starred: {len(store.starred()):,}; read: {len(store.read()):,}; "
              f"with notes: {len(store.noted()):,}")  # fmt: skip
        for s in store.saved_searches():
            print(f"saved search {s.name!r}: {s.query}")
        return 0
    print(f"{len(changed):,} cable{'' if len(changed) == 1 else 's'} changed")
    return 0


def _summary(data: dict[str, object]) -> str:
    parts = []
    for key in ("stars", "read", "labels", "cable_labels", "notes", "saved_searches"):
        value = data.get(key)
        parts.append(f"{len(value) if isinstance(value, list) else 0} {key.replace('_', ' ')}")
    return ", ".join(parts)
