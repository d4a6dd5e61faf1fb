"""The reference thread of one cable, read from the index a level at a time.

What a cable cites, recursively (up), and what cites it, recursively (down), as
``graph.Thread`` trees, with the index's Hit of every cable of the thread the folder holds.
Only the cables reached are read (two or three point queries each), never the whole
graph; a thread larger than ``limit`` cables each way is cut there and says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from reader.query.query import Hit
from reader.review.graph import ReferenceGraph, Thread

__all__ = ["CableThread", "ThreadSource", "read_thread"]

#: Cables read in each direction at most: a circular cited by hundreds stays quick.
LIMIT = 400


class ThreadSource(Protocol):
    """What a thread is read from: CorpusIndex (or a test's stand-in)."""

    def key_for_id(self, cable_id: str) -> int | None: ...

    def cites(self, cable_id: str) -> list[str]: ...

    def cited_by(self, cable_id: str) -> list[Hit]: ...

    def hits(self, keys: Sequence[int]) -> list[Hit]: ...


@dataclass(frozen=True, slots=True)
class CableThread:
    """``thread`` around ``root``; ``hits`` the cables of it in the folder, by upper-case ID
    (a cable without a hit is not in the folder); ``cut`` when ``limit`` was reached."""

    root: str
    thread: Thread
    hits: dict[str, Hit] = field(default_factory=dict)
    cut: bool = False

    def in_folder(self, cable_id: str) -> bool:
        return cable_id.upper() in self.hits


def _norm(cable_id: str) -> str:
    return cable_id.strip().upper()


def read_thread(index: ThreadSource, cable_id: str, *, limit: int = LIMIT) -> CableThread:
    """The thread of ``cable_id`` (which need not be in the folder)."""
    root = _norm(cable_id)
    keys: dict[str, int | None] = {}
    hits: dict[str, Hit] = {}

    def key(ident: str) -> int | None:
        if ident not in keys:
            keys[ident] = index.key_for_id(ident)
        return keys[ident]

    cites: dict[str, list[str]] = {}
    up = _Walk(root, limit)  # what each cable cites, level by level
    for ident in up:
        if key(ident) is None:
            continue
        targets = [_norm(t) for t in index.cites(ident)]
        known = cites.setdefault(ident, [])
        known += [t for t in dict.fromkeys(targets) if t not in known]
        for target in targets:
            up.reach(target)
    down = _Walk(root, limit)  # what cites each cable, level by level
    for ident in down:
        for hit in index.cited_by(ident):
            source = _norm(hit.id)
            if not source:
                continue
            hits[source] = hit
            keys.setdefault(source, hit.key)
            targets = cites.setdefault(source, [])
            if ident not in targets:
                targets.append(ident)
            down.reach(source)
    for targets in list(cites.values()):  # cited beyond a cut: in the folder or not?
        for target in targets:
            key(target)
    wanted = [k for i, k in keys.items() if k is not None and i not in hits]
    hits.update((_norm(h.id), h) for h in index.hits(wanted))
    # the folder's cables every walk reaches are in the graph, explored or not
    for ident in hits:
        cites.setdefault(ident, [])
    # in date order both ways: what a cable cites, and (the graph keeps the order of the
    # citing cables) what cites it
    graph = ReferenceGraph.build(
        (ident, _in_order(cites[ident], hits)) for ident in _in_order(cites, hits)
    )
    return CableThread(root, graph.thread(root), hits, up.cut or down.cut)


class _Walk:
    """Breadth first from ``root``: iterating gives each cable once, level by level, as
    ``reach`` adds them; at most ``limit`` cables (``cut`` says when more were reached)."""

    def __init__(self, root: str, limit: int) -> None:
        self.frontier: list[str] = [root]
        self.following: list[str] = []
        self.seen = {root}
        self.limit = limit
        self.cut = False

    def reach(self, ident: str) -> None:
        if ident in self.seen:
            return
        if len(self.seen) >= self.limit:
            self.cut = True
            return
        self.seen.add(ident)
        self.following.append(ident)

    def __iter__(self) -> Iterator[str]:
        while self.frontier:
            yield from self.frontier
            self.frontier, self.following = self.following, []


def _in_order(targets: Iterable[str], hits: dict[str, Hit]) -> list[str]:
    """Cables of the folder by date, then those it lacks by ID."""

    def order(ident: str) -> tuple[int, datetime, str]:
        hit = hits.get(ident)
        if hit is None:
            return (1, datetime.min, ident)
        return (0, hit.date.replace(tzinfo=None) if hit.date else datetime.min, ident)

    return sorted(targets, key=order)
