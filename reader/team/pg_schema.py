"""The parts of a team's schema that a corpus made before lacks, each made once by the
first role that owns what it changes (PgIndex.open): the pairs' index (pg_phrases), the
count of changes (pg_changes), the lengths (pg_rank), the words (pg_words), the rank
vectors' parts (pg_rank_parts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["made", "make_part"]


def made(conn: Any, name: str) -> bool:
    """A table or index of that name is in the schema, as committed now. Read from the
    catalog's rows, not through to_regclass: after waiting for the schema maker's lock,
    the server's cache of names may still say "none" for one another role just made."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_class WHERE relname = %s AND relnamespace ="
        " (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))",
        (name,),
    ).fetchone()
    return bool(row[0])


def make_part(
    conn: Any, name: str, statements: Iterable[str | Callable[[Any], None]], version: int
) -> None:
    """The part of the schema named ``name`` (its table or index) made by ``statements``
    (SQL, or a function given the connection), in one transaction, one schema maker at a
    time (when another role made it meanwhile, nothing is done); then meta's 'schema'
    raised to ``version``."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(7712001)")  # one schema maker
        if made(conn, name):
            return
        for statement in statements:
            if callable(statement):
                statement(conn)
            else:
                conn.execute(statement)
        conn.execute(
            "UPDATE meta SET value = %s WHERE name = 'schema' AND value::int < %s",
            (str(version), version),
        )
