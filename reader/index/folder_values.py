"""The facet values that depend on the whole folder, which the writer works out again at the
end of every refresh: the check reference-not-in-folder (review.folder_checks) and the copies
of a cable beyond the one kept (``copy:other``, query.kept_copy).

A row is written once, when its cable is parsed, without the other cables; a cable added or
removed later changes these values for others. So each is found again from the whole index
(FolderValue.found) and compared with the cables that hold it (FolderValue.had): the writer
writes only the difference (Writer.mark_folder_values), and keeps a cable's folder values
when its row is replaced (FOLDER_VALUE_NAMES).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import NamedTuple

from reader.index.scan import on_disk
from reader.query.query import OTHER_COPY, copy_order
from reader.review.folder_checks import FOLDER_CHECK, keys_with_missing_references, keys_with_value

__all__ = [
    "COPY_COLUMNS",
    "FOLDER_VALUES",
    "FOLDER_VALUE_NAMES",
    "FolderValue",
    "kept_copies",
    "keys_of_other_copies",
    "keys_with_value_anywhere",
]


class FolderValue(NamedTuple):
    """One facet value the whole folder decides."""

    facet: str
    value: str
    #: the keys that should have it now
    found: Callable[[sqlite3.Connection], set[int]]
    #: the keys that have it (the value's id given), at least among those ``found`` may leave
    had: Callable[[sqlite3.Connection, int], set[int]]


#: The columns kept_copies reads of each cable (``c``) and its file (``f``).
COPY_COLUMNS = "c.key, c.id, c.format, c.length, f.path, c.row"


def kept_copies(rows: Iterable[tuple[int, str, str, int, str, int | None]]) -> list[int]:
    """Of ``rows`` (COPY_COLUMNS), the key of the copy kept of each cable: one per cable ID,
    chosen by query.copy_order (the file as on disk, as view.copies names it), in the order
    of each ID's first row; a row without an ID is a cable of its own. IDs compare as the
    index cables_id compares them (case aside, ASCII only: COLLATE NOCASE)."""
    kept: dict[bytes | int, tuple[tuple[int, int, str, int, int], int]] = {}
    for key, ident, fmt, length, path, row in rows:
        # NOCASE folds ASCII alone; a cable without an ID is no copy of another
        same: bytes | int = ident.encode("utf-8", "surrogatepass").upper() if ident else key
        order = copy_order(fmt, length, on_disk(path), row, key)
        best = kept.get(same)
        if best is None or order < best[0]:
            kept[same] = (order, key)
    return [key for _, key in kept.values()]


def keys_of_other_copies(conn: sqlite3.Connection) -> set[int]:
    """Keys of the cables whose canonical ID another cable of the index has, and which are
    not the copy kept: query.kept_copy's choice, made by the same query.copy_order over the
    same columns view.copies reads (the file as on disk), so the document names as kept the
    copy left unmarked (kept_copies). Cables without an ID are no copies of each other. About
    1 s at 250,000 cables (benchmarks/folder_values.py), as long as SQL's window function
    over the same order took, which would have written the order a second time."""
    rows = conn.execute(
        f"SELECT {COPY_COLUMNS} FROM cables c JOIN files f ON f.id = c.file_id WHERE c.id != ''"
    ).fetchall()
    return {row[0] for row in rows}.difference(kept_copies(rows))


def keys_with_value_anywhere(conn: sqlite3.Connection, value_id: int) -> set[int]:
    """Keys of every cable that has the facet value ``value_id``, not only of those with an
    ID: a cable whose ID the full parse took away loses its mark too."""
    return {
        key
        for (key,) in conn.execute("SELECT key FROM cable_values WHERE value_id = ?", (value_id,))
    }


#: Every facet value the folder decides, in the order the writer brings them up to date.
FOLDER_VALUES: tuple[FolderValue, ...] = (
    FolderValue("check", FOLDER_CHECK, keys_with_missing_references, keys_with_value),
    FolderValue("copy", OTHER_COPY, keys_of_other_copies, keys_with_value_anywhere),
)
#: (facet, value) of each: a row replaced by the full parse keeps them.
FOLDER_VALUE_NAMES: frozenset[tuple[str, str]] = frozenset(
    (v.facet, v.value) for v in FOLDER_VALUES
)
