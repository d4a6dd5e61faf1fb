"""How the full-text table's segments are written and merged.

FTS5 writes the words of a transaction as new segments (b-trees), and merges segments as
it goes: with its usual settings, each write merges a little (``automerge``, levels of 4
segments), and a level of 16 is merged at once (``crisismerge``). For a folder entered
whole, that merging is most of the entry's cost, and it grows with the index: the full-text
entry of 250,000 texts took 162 s of CPU with the usual settings, 100 s when the words of a
transaction go in as one segment ('hashsize') and segments are merged only once a level
holds 64 (``benchmarks/index_floor.py FOLDER --segments``). That entry is what the first
phase waits on (its one writer), so the first phase enters texts that way
(``BULK_ENTRY``), and the second phase, which writes little to the table, does the merging
left (``merge_step``, some 14 s of CPU at 250,000 cables) between its batches, then puts
the usual settings back.

The settings are kept in the table (FTS5's config), inside the index's transactions: a
refresh killed in its first phase leaves them as the first phase set them, and the next
refresh's first phase or second phase ends them. Which segments hold a word changes no
answer: matching and BM25 read the same postings and the same sizes whatever the segments.
"""

from __future__ import annotations

import sqlite3

__all__ = ["BULK_ENTRY", "MERGE_PAGES", "USUAL_ENTRY", "merge_step", "use_settings"]

#: The first phase's settings: a transaction's words flushed as one segment (up to 64 MiB
#: of them held in memory, where the usual is 1 MiB: some ten segments a transaction of
#: 2,000 cables), no merging as each is written, and a level merged at once only at 64.
BULK_ENTRY = {"hashsize": 64 << 20, "automerge": 0, "crisismerge": 64}
#: FTS5's own defaults, which every other write uses.
USUAL_ENTRY = {"hashsize": 1 << 20, "automerge": 4, "crisismerge": 16}
#: Leaf pages a merge step writes (FTS5 pages of 4,050 bytes: some 8 MB): about 0.1-0.2 s
#: of the writer's time, between the second phase's batches.
MERGE_PAGES = 2_000


def _current(conn: sqlite3.Connection) -> dict[str, int]:
    """The settings the table holds (FTS5 keeps only those set; the rest are defaults)."""
    held = {str(k): v for k, v in conn.execute("SELECT k, v FROM ft_config")}
    return {name: int(held.get(name, USUAL_ENTRY[name])) for name in USUAL_ENTRY}


def use_settings(conn: sqlite3.Connection, settings: dict[str, int]) -> bool:
    """Give the full-text table ``settings``, writing only those it does not hold already
    (an unchanged folder's refresh writes nothing); True when any was written. Runs in the
    caller's transaction, if one is open."""
    current = _current(conn)
    changed = [(name, value) for name, value in settings.items() if current[name] != value]
    for name, value in changed:
        conn.execute("INSERT INTO ft(ft, rank) VALUES (?, ?)", (name, value))
    return bool(changed)


def merge_step(conn: sqlite3.Connection, pages: int = MERGE_PAGES) -> bool:
    """Merge up to ``pages`` leaf pages of the levels that hold 4 segments or more (FTS5's
    'merge' command, in the caller's transaction); False once there was nothing to merge.
    FTS5 tells that by the changes the command made: fewer than 2, no work was done."""
    before = conn.total_changes
    conn.execute("INSERT INTO ft(ft, rank) VALUES ('merge', ?)", (pages,))
    return conn.total_changes - before >= 2
