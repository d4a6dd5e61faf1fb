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
from collections.abc import Callable
from dataclasses import dataclass

from reader.index.scan import on_disk
from reader.query.query import OTHER_COPY, copy_order
from reader.review.folder_checks import FOLDER_CHECK, keys_with_missing_references, keys_with_value

__all__ = [
    "FOLDER_VALUES",
    "FOLDER_VALUE_NAMES",
    "FolderValue",
    "keys_of_other_copies",
    "keys_with_value_anywhere",
]


@dataclass(frozen=True, slots=True)
class FolderValue:
    """One facet value the whole folder decides."""

    facet: str
    value: str
    #: the keys that should have it now
    found: Callable[[sqlite3.Connection], set[int]]
    #: the keys that have it (the value's id given), at least among those ``found`` may leave
    had: Callable[[sqlite3.Connection, int], set[int]]


def keys_of_other_copies(conn: sqlite3.Connection) -> set[int]:
    """Keys of the cables whose canonical ID another cable of the index has, and which are
    not the copy kept: query.kept_copy's choice, made by the same query.copy_order over the
    same columns view.copies reads (the file as on disk), so the document names as kept the
    copy left unmarked. IDs compare as the index cables_id compares them (case aside, ASCII
    only: COLLATE NOCASE). Cables without an ID are no copies of each other. About 1 s at
    250,000 cables (benchmarks/folder_values.py), as long as SQL's window function over the
    same order took, which would have written the order a second time."""
    kept: dict[bytes, tuple[tuple[int, int, str, int, int], int]] = {}
    keys: list[tuple[int, bytes]] = []
    for key, ident, fmt, length, path, row in conn.execute(
        "SELECT c.key, c.id, c.format, c.length, f.path, c.row FROM cables c"
        " JOIN files f ON f.id = c.file_id WHERE c.id != ''"
    ):
        same = ident.encode("utf-8", "surrogatepass").upper()  # NOCASE folds ASCII alone
        order = copy_order(fmt, length, on_disk(path), row, key)
        best = kept.get(same)
        if best is None or order < best[0]:
            kept[same] = (order, key)
        keys.append((key, same))
    return {key for key, same in keys if kept[same][1] != key}


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
