"""The corpus's own count of changes: one number that moves with every committed write to
the tables a query reads, and with nothing else.

A reader keeps the keys a filter matched (pgstore._Kept) while nothing that could change
them has committed. The server's snapshot said so for the whole cluster: any commit, in any
database (another corpus being indexed, a session table of another program), threw the kept
keys away, and 4 clients at 250,000 cables found "prime minister"'s 68,036 keys again on
every part of every answer. This count is of this corpus's writes alone.

Writers are not changed: a statement-level trigger on each table marks the writing
transaction (its first statement only, in a row of ``change_marks``), and the mark's
deferred trigger adds one to the count (meta's row ``changes``) as the transaction commits.
The count's row is locked only from there to the commit, so two indexers do not wait on each
other while they work, nor in a circle. A transaction that rolls back leaves no mark and no
count. The functions run as the owner (SECURITY DEFINER), so an annotator needs no grant to
have its writes counted. The count is a row of ``meta``, which every reader may read
already, found by its key: a table of its own, read with sequential scans turned off (as a
query with words is planned), cost the planner 10^10 and had each such query compiled
(JIT: 0.6 s).

Read in the same statement as the keys (one snapshot), an unchanged count later says that
no write to these tables has committed since, so the keys are still what the condition finds.
"""

from __future__ import annotations

from typing import Any

from reader.team.pg_annotations import ANNOTATION_TABLES
from reader.team.pg_schema import make_part

__all__ = ["CHANGES_VERSION", "COUNTED_TABLES", "FOLDER_CHECKS", "VERSION", "make_change_count"]

#: meta 'schema' once the count exists
CHANGES_VERSION = 4
#: the tables a filter's condition reads (pgstore._where): a write to any is counted
COUNTED_TABLES = ("cables", "cable_values", "refs", *ANNOTATION_TABLES)

#: the count, read in the statement that reads the keys
VERSION = "(SELECT value FROM meta WHERE name = 'changes')"
#: meta's row that counts the folder checks made (pg_writer.folder_check): a reader keeps
#: the checked cables while it stays (pgstore._folder_flags), whatever else is written
FOLDER_CHECKS = "folder_checks"

_SCHEMA = """
INSERT INTO meta VALUES ('changes', '0') ON CONFLICT (name) DO NOTHING;
CREATE TABLE change_marks (xid xid8 NOT NULL);
CREATE OR REPLACE FUNCTION cable_reader_mark() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    -- the transaction's first write marks it (a setting of the transaction says it did)
    IF current_setting('cable_reader.marked', true) IS DISTINCT FROM pg_current_xact_id()::text
    THEN
        INSERT INTO change_marks VALUES (pg_current_xact_id());
        PERFORM set_config('cable_reader.marked', pg_current_xact_id()::text, true);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION cable_reader_count() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE meta SET value = (value::bigint + 1)::text WHERE name = 'changes';
    DELETE FROM change_marks WHERE xid = NEW.xid;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER cable_reader_count AFTER INSERT ON change_marks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cable_reader_count();
"""


def make_change_count(conn: Any) -> None:
    """The count and its triggers, in a corpus that has none: by a role that owns the
    tables (the triggers are theirs), in one transaction."""
    triggers = [
        f"CREATE TRIGGER cable_reader_changed AFTER INSERT OR UPDATE OR DELETE OR"
        f" TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION cable_reader_mark()"
        for table in COUNTED_TABLES
    ]
    make_part(conn, "change_marks", [_SCHEMA, *triggers], CHANGES_VERSION)
