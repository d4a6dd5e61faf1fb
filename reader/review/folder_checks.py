"""The check that depends on the whole folder, reference-not-in-folder: which cables cite a
cable ID that no cable of the folder has, found from the index's refs and cable IDs.

A row is written once, when its cable is parsed, without the other cables; so the writer
asks this module at the end of a refresh and stores the answer as the value
``reference-not-in-folder`` of the ``check`` facet, like the findings of the other checks.
A cable added later can turn the finding off for the cables citing it, a cable removed can
turn it on: the whole set is found again, and only the difference is written.
"""

from __future__ import annotations

import sqlite3
from functools import cache

__all__ = ["FOLDER_CHECK", "keys_with_missing_references", "keys_with_value"]

#: The code of the check (reader.review.checks) this module answers for the whole folder.
FOLDER_CHECK = "reference-not-in-folder"

# One probe of the cables' ID index (COLLATE NOCASE, as key_for_id looks IDs up) per
# citation: 0.1 s over the 112,000 citations of 100,000 synthetic cables. The refs hold the
# IDs stripped and upper-cased, as reader.review.graph.cited_ids gives them. A cable citing
# itself is in the folder, so it is never counted, as the check ignores it; nor is a cable
# the parser gave up on (UNCHECKED_PROBLEMS), of which the checks say nothing: one more probe
# for each cable citing a missing ID.
_MISSING = """
SELECT DISTINCT r.key FROM refs r
WHERE NOT EXISTS (SELECT 1 FROM cables c WHERE c.id = r.ref COLLATE NOCASE)
AND NOT EXISTS (
    SELECT 1 FROM cable_values cv WHERE cv.key = r.key AND cv.value_id IN (
        SELECT id FROM vals WHERE facet = 'problem'
        AND value IN ({unchecked})
    )
)
"""


@cache
def _missing_sql() -> str:
    # the checks are loaded when a refresh asks, not when a search imports this module
    from reader.review.checks import UNCHECKED_PROBLEMS

    return _MISSING.format(unchecked=", ".join(f"'{code}'" for code in UNCHECKED_PROBLEMS))


def keys_with_missing_references(conn: sqlite3.Connection) -> set[int]:
    """Keys of the cables that cite at least one cable ID the index holds no cable of."""
    return {key for (key,) in conn.execute(_missing_sql())}


def keys_with_value(conn: sqlite3.Connection, value_id: int) -> set[int]:
    """Keys of the cables that have the facet value ``value_id``, among those that cite
    anything (the only ones that can have this check's value): a look-up of the
    ``cable_values`` key for each, not a pass over the whole table."""
    return {
        key
        for (key,) in conn.execute(
            "SELECT DISTINCT r.key FROM refs r JOIN cable_values cv"
            " ON cv.key = r.key AND cv.value_id = ?",
            (value_id,),
        )
    }
