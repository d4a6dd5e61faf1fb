"""The corpus index: one SQLite (FTS5) database per opened folder, in the user's cache.

One writer (``refresh``) scans the folder, parses what changed in worker processes and
commits in batches; any number of readers (one CorpusIndex per thread) query meanwhile,
as WAL allows. Everything a refresh writes for a file (its cables, texts, facet values and
its row in ``files``) commits together, so an index killed at any moment reopens
consistent and the next refresh picks up where it stopped.

CorpusIndex is the facade the window and the CLI hold (index_protocol.Index): it opens the
database, and keeps what concerns both sides, the connection, the locks and what is done
when the database is damaged. The write side is refresh.Refresh, the read side
view.IndexView; each is given the connection.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, ParamSpec, TypeVar

from reader.index import freshness
from reader.index.database import (
    ANOTHER_FOLDER,
    CORRUPT_RE,
    FULL_RE,
    MMAP_BYTES,
    READ_ONLY_RE,
    DiskFull,
    FileLock,
    IndexCorrupt,
    IndexRebuilt,
    IndexUnusable,
    check_cache_files,
    index_path,
    open_database,
    remove_database,
)
from reader.index.view import W_SUBJECT, W_TEXT, IndexView, rank_expression
from reader.query.query import CableCopy, FacetValue, FileProblem, Filter, Hit, Progress
from reader.query.querysyntax import QueryTooBig

if TYPE_CHECKING:
    from reader.annotate.annotations import Annotations
    from reader.index.refresh import Refresh
    from reader.model.records import Cable

__all__ = [
    "LACKS",
    "W_SUBJECT",
    "W_TEXT",
    "CorpusIndex",
    "DiskFull",
    "IndexCorrupt",
    "IndexRebuilt",
    "IndexUnusable",
    "QueryTooBig",
    "index_path",
    "rank_expression",
]

#: The fields a folder's index never has a value of, and why (Index.lacks): who did what,
#: which a team's corpus answers (fields.Stored.TEAM); the term the folder answers instead
LACKS = {
    name: f"a folder's index keeps your own {kept} without a name; write {asked}"
    f" ({name}: asks a team's corpus on a server)"
    for name, kept, asked in (
        ("readby", "read state", "is:read"),
        ("starredby", "stars", "is:starred"),
    )
}

#: A lock already "cancelled": FileLock.acquire tries once and gives up if it is held.
_AT_ONCE = threading.Event()
_AT_ONCE.set()

_P = ParamSpec("_P")
_R = TypeVar("_R")

def _healing(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """A query method that meets damage (a malformed page, a flipped bit in a compressed
    blob) rebuilds the index there and then and raises IndexRebuilt saying so, rather than
    failing the same way at every query."""

    @functools.wraps(method)
    def healing(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except IndexRebuilt:
            raise
        except sqlite3.DatabaseError as exc:
            if not (isinstance(exc, IndexCorrupt) or CORRUPT_RE.search(str(exc))):
                raise
            index = args[0]
            assert isinstance(index, CorpusIndex)
            index._damaged(exc)

    return healing


class CorpusIndex:
    """The index of one folder (or one file such as a cables.csv).

    Open one per thread: a CorpusIndex holds one SQLite connection. Queries take a
    Filter; keys are the index's own integers, stable while a cable is unchanged.
    """

    def __init__(self, root: Path, db_path: Path, conn: sqlite3.Connection) -> None:
        self.root = root
        self.db_path = db_path
        self.messages: list[str] = []
        self._conn = conn
        self._view = IndexView(root, conn)
        self._file = _identity(db_path)  # the file this connection reads

    @property
    def annotations_path(self) -> Path | None:
        """The analyst's annotations file (None: the user's own), read by queries that
        ask for stars, labels or notes."""
        return self._view.annotations_path

    @annotations_path.setter
    def annotations_path(self, path: Path | None) -> None:
        self._view.annotations_path = path

    @property
    def one_query(self) -> bool:
        """Whether this index answers one query and is closed (a search command): its first
        page is read without keeping what later pages and facets would reuse."""
        return self._view.one_query

    @one_query.setter
    def one_query(self, one: bool) -> None:
        self._view.one_query = one

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls, root: str | Path, *, cache_dir: Path | None = None, thorough: bool = True
    ) -> CorpusIndex:
        """Open (or create) the index of ``root``. Cheap when the index exists: it reads
        the header and a few rows, and checks the pages of a small one (not ``thorough``:
        another connection has just checked it); the folder is not scanned until
        ``refresh``."""
        root = Path(root).resolve()
        path = index_path(root, cache_dir)
        messages = check_cache_files(path)
        # Another process may be opening (creating, or rebuilding) the same index this very
        # moment: checking and creating the schema happen one process at a time. This lock
        # is held only while opening, never during a refresh.
        opening = FileLock(path.with_name(path.name + ".open-lock"))
        opening.acquire()
        try:
            conn = open_database(path, root, messages, thorough=thorough)
        finally:
            opening.release()
        index = cls(root, path, conn)
        index.messages = messages
        return index

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- refresh -----------------------------------------------------------------------

    def refresh(
        self,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
        waited_for: bool = False,
    ) -> None:
        """Bring the index up to date with the folder: parse what was added or changed,
        drop what was removed. ``workers``: parser processes (None: one per core; 0:
        parse in this thread). ``cancel`` stops it soon, leaving a consistent index.
        ``waited_for``: the caller waits for both phases (the index command), so the
        second runs at its priority rather than in the background below it, and the first
        phase's parser processes are kept at work while the writer writes (read_ahead.py;
        not for a window's refresh: every core then busy, its UI thread waits longer)."""
        lock = self._refresh_lock()
        if not lock.acquire(cancel):
            return
        self._conn.execute("PRAGMA mmap_size = 0")
        try:
            try:
                self._writer().run(progress, cancel, workers, waited_for)
            except sqlite3.DatabaseError as exc:
                if not (isinstance(exc, IndexCorrupt) or CORRUPT_RE.search(str(exc))):
                    raise
                self._rebuild(f"index was corrupt ({exc}) and has been rebuilt")
                self._writer().run(progress, cancel, workers, waited_for)
        except sqlite3.Error as exc:
            self._writing_failed(exc)
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            lock.release()
            self._view.written()

    def build_words(self, cancel: threading.Event | None = None) -> bool:
        """Make the table of the full text's words (word_bits) unless it is of the index as
        it is: a query of common words or of a prefix is then answered from bitmaps. True
        when the table is current after it. It is only quicker: a cancel, or a disk that
        cannot take it, leaves the queries asking the full text as before."""
        from reader.index import word_bits

        lock = self._refresh_lock()
        if not lock.acquire(cancel):
            return False
        try:
            return word_bits.current(self._conn) or word_bits.build(self._conn, cancel)
        except sqlite3.Error as exc:
            if not (isinstance(exc, IndexCorrupt) or CORRUPT_RE.search(str(exc))):
                self.messages.append(f"the words of the full text were not listed: {exc}")
                return False
            raise
        finally:
            lock.release()
            self._view.written()

    def unchanged(self) -> bool:
        """True when the index holds the whole folder and no file was added, removed or
        renamed since its last full listing, told by its folders' mtimes alone (a few
        hundredths of a second for the whole release, where a refresh stats every file);
        False when a refresh is needed or cannot be ruled out. A file rewritten in place
        leaves its folder as it was: freshness.py says what that means."""
        if self.root.is_file():
            return False  # one file: a refresh's look at it is one stat already
        try:
            return freshness.unchanged(self._conn, self.root)
        except sqlite3.Error:
            return False  # the refresh meets what is wrong and says it

    def _writer(self) -> Refresh:
        # the write side (and with it the parser and the workers) is imported when a
        # refresh runs: a search of an indexed folder never loads it
        from reader.index.refresh import Refresh

        return Refresh(self._conn, self.root, self.db_path, self.messages)

    def _refresh_lock(self) -> FileLock:
        return FileLock(self.db_path.with_name(self.db_path.name + ".lock"))

    def _rebuild(self, message: str) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        opening = FileLock(self.db_path.with_name(self.db_path.name + ".open-lock"))
        opening.acquire()
        try:
            if _identity(self.db_path) == self._file:
                remove_database(self.db_path)
            # else another connection rebuilt it already: read the new file, keep it
            self._conn = open_database(self.db_path, self.root, [])
            self._file = _identity(self.db_path)
        finally:
            opening.release()
        # a new file (its keys start again) on a new connection: nothing cached holds
        self._view = IndexView(self.root, self._conn, self._view.annotations_path)
        self.messages.append(message)

    def _damaged(self, exc: BaseException) -> NoReturn:
        """Damage met by a read: rebuild the index now, unless a refresh is writing it
        (another thread or process); then it is marked, and the next open rebuilds it."""
        reason = str(exc)
        lock = self._refresh_lock()
        if lock.acquire(_AT_ONCE):
            try:
                self._rebuild(f"index was corrupt ({reason}) and has been rebuilt")
            finally:
                lock.release()
            raise IndexRebuilt(
                f"the index {self.db_path} was damaged ({reason}) and has been rebuilt empty;"
                " refreshing indexes the folder again"
            ) from exc
        Path(str(self.db_path) + ".corrupt").touch()
        raise IndexRebuilt(
            f"the index {self.db_path} is damaged ({reason}); it is rebuilt when the folder"
            " is opened again"
        ) from exc

    def _writing_failed(self, exc: sqlite3.Error) -> NoReturn:
        """A refresh that could not write: the transaction is rolled back (the index keeps
        every batch committed before, and says it is partial), and the reason is raised as
        a sentence naming the index."""
        with contextlib.suppress(sqlite3.Error):
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        if FULL_RE.search(str(exc)):
            raise DiskFull(
                f"the disk is full: the index {self.db_path} could not be written ({exc})."
                " It holds the cables indexed so far, and says it is partial; free some"
                " space and index again to finish it"
            ) from exc
        if READ_ONLY_RE.search(str(exc)):
            raise IndexUnusable(
                f"cannot write the index {self.db_path} ({exc}): make it and its folder"
                f" writable (chmod u+w), or {ANOTHER_FOLDER}; searching"
                " without a refresh answers from it as it is"
            ) from exc
        raise exc

    # -- queries: the read side answers, damage met there rebuilds the index ---------------

    @_healing
    def total(self) -> int:
        return self._view.total()

    @_healing
    def prepare(self) -> bool:
        """Pay ahead what the first facet counts after opening cost (IndexView.prepare);
        False when a refresh is writing what they are counted from: ask again later."""
        return self._view.prepare()

    @_healing
    def count(self, f: Filter) -> int:
        return self._view.count(f)

    @_healing
    def keys(self, f: Filter) -> list[int]:
        return self._view.keys(f)

    @_healing
    def search(self, f: Filter, *, offset: int = 0, limit: int = 200) -> list[Hit]:
        return self._view.search(f, offset=offset, limit=limit)

    @_healing
    def hits(self, keys: Sequence[int], *, highlight: Filter | None = None) -> list[Hit]:
        """Row data for ``keys``, in their order; keys no longer in the index are left out.
        With ``highlight``, each hit gets a snippet around the words of its query."""
        return self._view.hits(keys, highlight=highlight)

    @_healing
    def ids(self, keys: Sequence[int]) -> list[str]:
        """The canonical IDs of ``keys`` (cables without one left out), in no set order."""
        return self._view.ids(keys)

    @_healing
    def facets(self, f: Filter, *, limit: int | None = None) -> dict[str, list[FacetValue]]:
        """Values of every facet with the number of cables each would give once chosen
        (IndexView.facets says how they are counted)."""
        return self._view.facets(f, limit=limit)

    @_healing
    def user_facets(self, f: Filter) -> dict[str, list[FacetValue]]:
        """The facets of the analyst's own work, counted as ``facets`` counts the index's."""
        return self._view.user_facets(f)

    @_healing
    def user_facets_after(
        self, f: Filter, pair: tuple[str, str], ids: Sequence[str], on: bool
    ) -> dict[str, list[FacetValue]] | None:
        """``user_facets(f)`` right after one star or label, from the sets last read with
        that change made (IndexView.user_facets_after); None when that cannot be known."""
        return self._view.user_facets_after(f, pair, ids, on)

    @_healing
    def cable(self, key: int) -> Cable:
        """The full record, parsed again from the text the index holds for ``key``."""
        return self._view.cable(key)

    @_healing
    def raw_text(self, key: int) -> str:
        """The source as it is on disk, decoded (for a cables.csv, the fields of its row)."""
        return self._view.raw_text(key)

    @_healing
    def file_changed(self, key: int) -> str:
        """Why the cable's file is no longer as the index read it ("" when it is)."""
        return self._view.file_changed(key)

    @_healing
    def key_for_id(self, cable_id: str) -> int | None:
        return self._view.key_for_id(cable_id)

    @_healing
    def cited_by(self, cable_id: str) -> list[Hit]:
        """The cables that cite ``cable_id``, by date."""
        return self._view.cited_by(cable_id)

    @_healing
    def cites(self, cable_id: str) -> list[str]:
        """The cable IDs ``cable_id`` cites, by ID."""
        return self._view.cites(cable_id)

    @_healing
    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        """The canonical IDs that start with ``prefix``, upper case, in order."""
        return self._view.ids_starting(prefix, limit)

    def label_names(self) -> list[str] | None:
        """The names of the analyst's labels; None when they cannot be read (a note is
        never worth an error)."""
        try:
            return self._view.label_names()
        except (OSError, sqlite3.Error):
            return None

    @_healing
    def copies(self, cable_id: str) -> list[CableCopy]:
        """Each file (or cables.csv row) holding the cable ``cable_id``, each with its key."""
        return self._view.copies(cable_id)

    @_healing
    def partial(self) -> str | None:
        """Why the index does not hold the whole folder as it was last listed, as a
        sentence; None when the last refresh went through."""
        return self._view.partial()

    @_healing
    def file_count(self) -> int:
        """Files of the folder the index knows (read, being read, or unreadable)."""
        return self._view.file_count()

    @_healing
    def pending(self) -> int:
        """Cables the second phase (the full parse and the checks) has not reached yet."""
        return self._view.pending()

    @_healing
    def filling(self) -> frozenset[str]:
        """The facets still being filled (PHASE_TWO_FACETS while cables are pending)."""
        return self._view.filling()

    @_healing
    def partial_for(self, f: Filter) -> str | None:
        """Why the answer to ``f`` is partial because the second phase is not over."""
        return self._view.partial_for(f)

    @_healing
    def file_problems(self) -> list[FileProblem]:
        return self._view.file_problems()

    def values(self, facet: str) -> list[tuple[int, str]]:
        """(value id, value) of every value of ``facet``: the ValueLookup of conditions."""
        return self._view.values(facet)

    def words_not_in(self, words: Sequence[str]) -> dict[str, list[str]]:
        """Of ``words`` (plain words a-z and digits, as a query holds them), those no
        cable's text holds, each with the words of the texts most like it that begin with
        the same two letters (a misspelling's 0 otherwise says nothing: ``nucler`` ->
        nuclear); {} when it cannot be read: a note is never worth an error.

        Whether a word is there is asked of the full-text table (its first match, a few
        microseconds), not of its vocabulary, which reads the word's whole list of cables
        to count them (``the`` at 250,000 cables: 61 ms). The vocabulary is read only for
        a word that is not there, by its first two letters (``comunist``: 0.2 s there)."""
        from reader.query.value_notes import nearest_words

        try:
            absent: dict[str, list[str]] = {}
            for word in dict.fromkeys(words):
                ask = "SELECT 1 FROM ft WHERE ft MATCH ? LIMIT 1"
                if self._conn.execute(ask, (f'"{word}"',)).fetchone() is not None:
                    continue
                self._conn.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.ft_words"
                    " USING fts5vocab(main, ft, row)"
                )
                start = word[:2]
                near = [
                    term
                    for (term,) in self._conn.execute(
                        "SELECT term FROM temp.ft_words WHERE term >= ? AND term < ?",
                        (start, start + "\U0010ffff"),
                    )
                ]
                absent[word] = nearest_words(word, near)
            return absent
        except sqlite3.Error:
            return {}

    def annotations(self, *, backup: bool = False) -> Annotations:
        """The analyst's annotations file, on a connection of its own."""
        return self._view.annotations(backup=backup)

    def unsupported(self) -> list[str]:
        return []  # the folder's index does all the window asks

    def lacks(self) -> dict[str, str]:
        return dict(LACKS)

    def author(self) -> str | None:
        return None  # one analyst's annotations file: no author to name


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``: a rebuilt index is another file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino
