"""Parse files straight from disk, without the index: what the index is checked against."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.containers import UnreadableFile, read_cables
from reader.core.records import Cable
from reader.corpus.rows import cable_row


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
