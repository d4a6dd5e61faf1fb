"""Whether a folder is as its index last listed it, told by its folders alone.

A full look at a folder stats every file: 1.5 to 3 seconds for the whole release, longer
than the search it precedes. Adding, removing or renaming a file changes the mtime of the
folder that holds it, so the mtimes of a folder's few thousand subfolders, stored by the
last full listing, tell whether any file came, went or moved since, in a few hundredths of
a second. What they cannot tell is a file rewritten in place (``cp`` over an existing file,
a program that writes into the file it opened); most programs save by writing a new file
and renaming it, which the folder's mtime shows. ``search``, ``export`` and
``batch-search`` look this way (``--rescan`` makes them look at every file); ``index`` and
the window always look at every file.

A folder changed within a second of being listed is not trusted (``RACY_NS``): its clock may
tick once in several milliseconds, and a file added in the same tick right after the
listing would leave the mtime as it was. Such a listing stores no folder times, so the next
look is a full one.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from pathlib import Path

from reader.index.database import NOT_DONE
from reader.index.scan import ScanResult, on_disk

__all__ = ["RACY_NS", "record", "unchanged"]

#: A folder whose mtime is this close to the start of its listing (or later) is not
#: trusted to show the next change.
RACY_NS = 1_000_000_000

_NAMES, _TIMES = "folder_names", "folder_times"
#: an inode as a signed 64-bit number can hold it (beside the mtimes, which may be negative)
_INO_BITS = (1 << 63) - 1


def record(conn: sqlite3.Connection, found: ScanResult) -> None:
    """Store the folder times of a full listing (inside the transaction that records the
    listing), or forget the old ones when this listing cannot vouch for them."""
    stored = dict(
        conn.execute(f"SELECT name, value FROM meta WHERE name IN ('{_NAMES}', '{_TIMES}')")
    )
    folders = found.folders
    if folders is None or any(t >= found.started_ns - RACY_NS for _, t, _ in folders):
        if stored:
            conn.execute(f"DELETE FROM meta WHERE name IN ('{_NAMES}', '{_TIMES}')")
        return
    names = "\0".join(name for name, _, _ in folders)
    # each folder's mtime and inode: a folder put in another's place (moved there, or
    # copied with its times kept) is another inode
    times = array("q", [n for _, t, ino in folders for n in (t, ino & _INO_BITS)]).tobytes()
    if stored.get(_NAMES) == names and stored.get(_TIMES) == times:
        return  # an unchanged folder writes nothing
    conn.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)", [(_NAMES, names), (_TIMES, times)]
    )


def unchanged(conn: sqlite3.Connection, root: Path) -> bool:
    """True when the index holds all of ``root`` as last listed and no folder under it
    changed since: no file to read, to read again or to finish, and no folder's mtime
    other than stored. False whenever a full look is needed (or cannot be ruled out)."""
    meta = dict(
        conn.execute(
            f"SELECT name, value FROM meta WHERE name IN ('listing', '{_NAMES}', '{_TIMES}')"
        )
    )
    names, times = meta.get(_NAMES), meta.get(_TIMES)
    if "listing" not in meta or not isinstance(names, str) or not isinstance(times, bytes):
        return False
    for sql in (
        f"SELECT 1 FROM files WHERE {NOT_DONE} LIMIT 1",
        "SELECT 1 FROM scan_problems LIMIT 1",
        "SELECT 1 FROM pending LIMIT 1",
    ):
        if conn.execute(sql).fetchone() is not None:
            return False
    expected = array("q")
    expected.frombytes(times)
    # the names turned back as one string and the paths joined by +: at 6,000 folders,
    # os.path.join and a call a name took more than the stats
    folders = on_disk(names).split("\0")
    if 2 * len(folders) != len(expected):
        return False
    base = str(root)
    prefix = base if base.endswith(os.sep) else base + os.sep
    for name, mtime_ns, ino in zip(folders, expected[::2], expected[1::2], strict=True):
        try:
            now = os.stat(prefix + name if name else base)
        except OSError:
            return False  # gone, or no longer readable: the full look says which
        if now.st_mtime_ns != mtime_ns or now.st_ino & _INO_BITS != ino:
            return False
    return True
