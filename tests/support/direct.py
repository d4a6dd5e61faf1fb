"""Parse files straight from disk, without the index: what the index is checked against."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from reader.index.rows import cable_row
from reader.index.scan import scan
from reader.model.records import Cable
from reader.parser.containers import UnreadableFile, read_cables
from reader.query.query import OTHER_COPY, copy_order
from reader.review.checks import check_cable
from reader.review.folder_checks import FOLDER_CHECK

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed:
    path: str
    row: int | None
    id: str
    values: tuple[tuple[str, str], ...]
    text: str
    cable: Cable


def parse_paths(paths: list[str]) -> tuple[list[Parsed], dict[str, str]]:
    """Every cable of ``paths``, and the reason of each file that cannot be read."""
    parsed: list[Parsed] = []
    unreadable: dict[str, str] = {}
    for path in paths:
        try:
            for seq, cable in enumerate(read_cables(path)):
                row = cable_row(cable, seq)
                parsed.append(
                    Parsed(path, cable.source.row, row.id, tuple(row.values), cable.text, cable)
                )
        except UnreadableFile as exc:
            unreadable[path] = exc.reason
    return parsed, unreadable


def in_processes(
    work: Callable[[list[str]], T], paths: list[str], processes: int = 2
) -> Iterator[T]:
    """``work`` of consecutive parts of ``paths`` in worker processes, in their order: the
    tests over the whole corpus read it in two at once. Spawned, not forked: a test session
    may have threads running by then."""
    step = -(-len(paths) // (processes * 4)) or 1
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        yield from pool.map(work, [paths[i : i + step] for i in range(0, len(paths), step)])


def parse_paths_in_processes(paths: list[str]) -> tuple[list[Parsed], dict[str, str]]:
    """``parse_paths`` in worker processes, the cables in the order of ``paths``."""
    parsed: list[Parsed] = []
    unreadable: dict[str, str] = {}
    for cables, bad in in_processes(parse_paths, paths):
        parsed += cables
        unreadable |= bad
    return parsed, unreadable


def parse_folder(root: Path) -> tuple[list[Parsed], dict[str, str]]:
    """Every cable of the folder (in scan order), with the values the whole folder decides
    among its values."""
    parsed, unreadable = parse_paths([str(root / f.path) for f in scan(root).files])
    return with_folder_values(parsed), unreadable


def with_folder_values(parsed: list[Parsed]) -> list[Parsed]:
    """``parsed`` (the cables of one folder) with the values the whole folder decides, as
    the index gives them: the check reference-not-in-folder and the copies beyond the one
    kept (``copy:other``)."""
    return with_other_copies(with_folder_check(parsed))


def other_copies_of(parsed: list[Parsed]) -> set[int]:
    """Positions in ``parsed`` of the cables whose ID another cable has and which are not the
    one kept (query.copy_order: the format, the longest text, then the file and row); no ID,
    no copy."""
    kept: dict[str, tuple[tuple[int, int, str, int, int], int]] = {}
    with_id = [(n, p) for n, p in enumerate(parsed) if p.id]
    for n, p in with_id:
        order = copy_order(p.cable.source.format, len(p.text), p.path, p.row, n)
        ident = p.id.upper()
        if ident not in kept or order < kept[ident][0]:
            kept[ident] = (order, n)
    return {n for n, p in with_id if kept[p.id.upper()][1] != n}


def with_other_copies(parsed: list[Parsed]) -> list[Parsed]:
    """``parsed`` with the value ("copy", "other") added to every copy but the one kept."""
    others = other_copies_of(parsed)
    return [
        replace(p, values=(*p.values, ("copy", OTHER_COPY))) if n in others else p
        for n, p in enumerate(parsed)
    ]


def with_folder_check(parsed: list[Parsed]) -> list[Parsed]:
    """``parsed`` with the value ("check", "reference-not-in-folder") added to each cable that
    trips that check, as the window runs it: with every cable ID of the folder known."""
    known = {p.id for p in parsed if p.id}
    return [
        replace(p, values=(*p.values, ("check", FOLDER_CHECK)))
        if trips_folder_check(p, known)
        else p
        for p in parsed
    ]


def trips_folder_check(p: Parsed, known: set[str]) -> bool:
    return any(f.code == FOLDER_CHECK for f in check_cable(p.cable, known_ids=known))


def folder_check_ids(root: Path) -> list[str]:
    """IDs of the cables of ``root`` that trip reference-not-in-folder, counted directly."""
    return tripping_ids(parse_paths([str(root / f.path) for f in scan(root).files])[0])


def tripping_ids(parsed: list[Parsed]) -> list[str]:
    """IDs of the cables that trip reference-not-in-folder in a folder of ``parsed`` alone
    (as ``parse_paths`` gives them)."""
    known = {p.id for p in parsed if p.id}
    return sorted(p.id for p in parsed if trips_folder_check(p, known))
