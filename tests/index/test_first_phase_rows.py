"""The first phase of an index (parse.parse_header, rows.header_row) against the full parse,
over every cable under ../shared/cables: the same list columns and text, and the full row's
values of the header's facets; and the full parse of the text the index keeps
(rows.parsed_again, what the second phase and store.cable() run) gives the file's row."""

from __future__ import annotations

from pathlib import Path

from direct import in_processes

from reader.index.rows import HEADER_FACETS, cable_row, parsed_again
from reader.index.workers import FileTask, parse_file
from reader.model.records import Source
from reader.parser.containers import CABLE_SUFFIXES

COLUMNS = ("id", "date", "origin", "classification", "level", "rank", "subject",
           "published_id", "meta", "text", "seq", "row", "format")  # fmt: skip


def _differences(paths: list[str]) -> tuple[int, list[tuple[str, int, str]]]:
    """The cables of ``paths`` and where their first phase (or the full parse of the text
    the index keeps) differs from the full parse of the file."""
    differ: list[tuple[str, int, str]] = []
    cables = 0
    for path in paths:
        full = [r for p in parse_file(FileTask(0, path)) for r in p.rows]
        first = [r for p in parse_file(FileTask(0, path, first_phase=True)) for r in p.rows]
        assert len(full) == len(first), path
        name = Path(path).name
        for a, b in zip(full, first, strict=True):
            cables += 1
            assert b.pending and not a.pending and b.refs == []
            differ += [(name, a.seq, c) for c in COLUMNS if getattr(a, c) != getattr(b, c)]
            if sorted(v for v in a.values if v[0] in HEADER_FACETS) != sorted(b.values):
                differ.append((name, a.seq, "values"))
            again = cable_row(parsed_again(b.text, Source(path, b.format, b.row), b.meta), 0)
            for c in ("id", "date", "origin", "classification", "subject", "published_id", "refs"):
                if getattr(again, c) != getattr(a, c):
                    differ.append((name, a.seq, f"again {c}"))
            if sorted(again.values) != sorted(a.values):
                differ.append((name, a.seq, "again values"))
    return cables, differ


def test_the_first_phase_agrees_with_the_full_parse(shared_cables: Path) -> None:
    files = sorted(
        str(p)
        for p in shared_cables.rglob("*")
        if p.is_file() and p.suffix.lower() in CABLE_SUFFIXES
    )
    differ: list[tuple[str, int, str]] = []
    cables = 0
    for n, found in in_processes(_differences, files):  # three parses of each cable
        cables += n
        differ += found
    assert cables > 11_000
    assert differ == []
