"""The references graph: which cables a cable cites (REF), which cite it, and the thread.

Built from (cable ID, referenced IDs) pairs, so it needs no parsed cable: the corpus index
or the window can feed it what they hold. IDs are compared upper-cased and stripped; a
cable citing itself is ignored. Walking is cycle-safe: a cable already placed in a thread
is shown again as a leaf marked ``repeated`` (or ``cycle`` when it is its own ancestor),
never expanded twice.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from reader.model.records import Cable

__all__ = ["ReferenceGraph", "Thread", "ThreadNode", "cited_ids"]


def _norm(ident: str) -> str:
    return ident.strip().upper()


def cited_ids(cable: Cable) -> tuple[str, ...]:
    """The cable IDs a cable cites: its REF entries that are cables, then the IDs its
    container lists (the referenced-IDs column of cables.csv) that the REF lines lack; not
    the cable's own ID, which a dumped record's references may name (06MEXICO505's lists
    its own ID): a cable citing itself is none."""
    out = [r.id for r in cable.references if r.kind == "cable" and r.id]
    if cable.meta is not None:
        out += cable.meta.referenced_ids
    own = _norm(cable.id or "")
    return tuple(dict.fromkeys(i for i in map(_norm, out) if i and i != own))


@dataclass(frozen=True, slots=True)
class ThreadNode:
    """One cable in a thread tree.

    ``in_folder`` is False for a cited cable the folder does not hold (a leaf: nothing is
    known of what it cites). ``repeated`` marks a cable shown elsewhere in the same
    direction already (its subtree is there); ``cycle`` one that is its own ancestor here.
    """

    id: str
    children: tuple[ThreadNode, ...] = ()
    in_folder: bool = True
    repeated: bool = False
    cycle: bool = False

    def walk(self) -> Iterator[tuple[int, ThreadNode]]:
        """(depth, node) in display order, this node at depth 0."""
        stack: list[tuple[int, ThreadNode]] = [(0, self)]
        while stack:
            depth, node = stack.pop()
            yield depth, node
            stack.extend((depth + 1, child) for child in reversed(node.children))


@dataclass(frozen=True, slots=True)
class Thread:
    """The chain of references around ``root``: ``up`` what it cites, recursively, and
    ``down`` what cites it, recursively. Both are trees rooted at ``root``."""

    root: str
    up: ThreadNode
    down: ThreadNode

    def ids(self) -> frozenset[str]:
        """Every cable ID in the thread, the root included."""
        return frozenset(n.id for tree in (self.up, self.down) for _, n in tree.walk())


@dataclass
class _Building:
    id: str
    in_folder: bool
    repeated: bool = False
    cycle: bool = False
    children: list[_Building] = field(default_factory=list)
    ancestors: frozenset[str] = frozenset()

    def freeze(self) -> ThreadNode:
        return ThreadNode(
            self.id,
            tuple(child.freeze() for child in self.children),
            self.in_folder,
            self.repeated,
            self.cycle,
        )


class ReferenceGraph:
    """Cables and the cables they cite. Build it with ``ReferenceGraph.build``."""

    __slots__ = ("_cites", "_cited_by")

    def __init__(self, cites: dict[str, tuple[str, ...]]) -> None:
        self._cites = cites
        cited_by: dict[str, list[str]] = {}
        for source, targets in cites.items():
            for target in targets:
                cited_by.setdefault(target, []).append(source)
        self._cited_by = {k: tuple(v) for k, v in cited_by.items()}

    @classmethod
    def build(cls, cables: Iterable[tuple[str, Iterable[str]]]) -> ReferenceGraph:
        """From (cable ID, referenced IDs) pairs, one per cable in the folder.

        The order of the references is kept (REF A before REF B), duplicates and
        self-references dropped. A cable given twice (two files with one ID) cites the union.
        """
        cites: dict[str, list[str]] = {}
        for ident, refs in cables:
            key = _norm(ident)
            if not key:
                continue
            targets = cites.setdefault(key, [])
            for ref in refs:
                target = _norm(ref)
                if target and target != key and target not in targets:
                    targets.append(target)
        return cls({k: tuple(v) for k, v in cites.items()})

    @classmethod
    def from_cables(cls, cables: Iterable[Cable]) -> ReferenceGraph:
        """From parsed cables (those without an ID are left out)."""
        return cls.build((c.id, cited_ids(c)) for c in cables if c.id)

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and _norm(ident) in self._cites

    def __len__(self) -> int:
        return len(self._cites)

    def __iter__(self) -> Iterator[str]:
        return iter(self._cites)

    def cites(self, ident: str) -> tuple[str, ...]:
        """What the cable cites, in REF order, whether or not the folder holds them."""
        return self._cites.get(_norm(ident), ())

    def cited_by(self, ident: str) -> tuple[str, ...]:
        """The cables in the folder that cite this one, in the order they were given."""
        return self._cited_by.get(_norm(ident), ())

    def missing(self, ident: str) -> tuple[str, ...]:
        """What the cable cites that the folder does not hold."""
        return tuple(t for t in self.cites(ident) if t not in self._cites)

    def thread(self, ident: str, depth: int | None = None) -> Thread:
        """The thread around a cable: up to ``depth`` levels each way (None: no limit).

        Breadth first, so a cable reached by two routes is expanded where it is nearest the
        root and marked ``repeated`` elsewhere.
        """
        root = _norm(ident)
        return Thread(
            root,
            self._tree(root, self.cites, depth),
            self._tree(root, self.cited_by, depth),
        )

    def _tree(
        self, root: str, step: Callable[[str], tuple[str, ...]], depth: int | None
    ) -> ThreadNode:
        top = _Building(root, root in self._cites, ancestors=frozenset({root}))
        expanded = {root}
        level = deque([(top, 0)])
        while level:
            node, d = level.popleft()
            if depth is not None and d >= depth:
                continue
            for target in step(node.id):
                child = _Building(
                    target, target in self._cites, ancestors=node.ancestors | {target}
                )
                if target in node.ancestors:
                    child.cycle = True
                elif target in expanded:
                    child.repeated = True
                else:
                    expanded.add(target)
                    level.append((child, d + 1))
                node.children.append(child)
        return top.freeze()
