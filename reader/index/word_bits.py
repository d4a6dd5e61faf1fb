"""Every word of the full text listed, and the cables of each common word as a bitmap, so
that a query of common words or of a prefix is answered from bitmaps rather than by FTS5
reading and merging the lists of every word it names (``minist*``: 22 words, 208,000 of
250,000 cables; docs/PERFORMANCE.md).

The table ``words`` is made after a refresh has gone through (``build``) and is valid
while meta 'words_generation' is the index's generation; stale (the folder changed since,
or the build was cut short), the view asks FTS5 as before, and the next refresh of a
window or of ``cable-reader index`` makes it again. A word in at least 1/COMMON_SHARE of
the cables has its bitmap; the others are listed, so that a prefix expands to its words
exactly as FTS5 reads the prefix: the common ones' bitmaps, the rare ones asked of FTS5 by
name (few cables each). ``match`` evaluates a query's text against it, leaf by leaf, and
asks FTS5 for what the table cannot answer (a phrase, a word with other than ASCII
letters and digits, a prefix of many rare words).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import zlib
from collections.abc import Callable

from reader.index.database import IndexCorrupt
from reader.index.postings import bits_of_joined
from reader.query.querysyntax import And, Node, Not, Or, Word, fts_expression

__all__ = ["COMMON_SHARE", "RARE_MOST", "WordTable", "build", "current", "match_words"]

#: A word in at least 1/COMMON_SHARE of the cables keeps a bitmap of them.
COMMON_SHARE = 20
#: A prefix with more rare words than this is asked of FTS5 as a prefix (``a*``: thousands
#: of words, which FTS5 merges faster than it matches them by name).
RARE_MOST = 64
#: The words are written this many at a time; a cancel is seen between two such runs.
_BATCH = 500

_TABLE = (
    "CREATE TABLE IF NOT EXISTS words("
    "word TEXT PRIMARY KEY, docs INTEGER NOT NULL, packed BLOB) WITHOUT ROWID"
)
#: A word FTS5's tokenizer (unicode61, diacritics removed) reads as itself in lower case:
#: only these are looked up in the table (a word with other letters may fold in ways the
#: table's bytes do not show; FTS5 reads it as before).
_PLAIN = re.compile(r"[A-Za-z0-9]+")
_KEYS = "SELECT group_concat(rowid) FROM ft WHERE ft MATCH ?"


def current(conn: sqlite3.Connection) -> bool:
    """True when the table holds the words of the index as it is now."""
    meta = dict(
        conn.execute(
            "SELECT name, value FROM meta WHERE name IN ('generation', 'words_generation')"
        ).fetchall()
    )
    return "words_generation" in meta and meta["words_generation"] == meta.get("generation")


def build(conn: sqlite3.Connection, cancel: threading.Event | None = None) -> bool:
    """List every word of the full text, with the bitmap of each common word's cables, in
    one transaction of its own; False (nothing changed) when cancelled first."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_TABLE)
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.ft_words USING fts5vocab(main, 'ft', 'row')"
        )
        generation = conn.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()[0]
        cables = conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        common = max(1, cables // COMMON_SHARE)
        conn.execute("DELETE FROM words")
        rows: list[tuple[str, int, bytes | None]] = []
        for word, docs in conn.execute("SELECT term, doc FROM temp.ft_words"):
            packed = None
            if docs >= common:
                bits = bits_of_joined(conn.execute(_KEYS, (_quoted(word),)).fetchone()[0])
                packed = zlib.compress(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), 1)
            rows.append((word, docs, packed))
            if len(rows) >= _BATCH:
                if cancel is not None and cancel.is_set():
                    conn.execute("ROLLBACK")
                    return False
                conn.executemany("INSERT INTO words VALUES (?, ?, ?)", rows)
                rows.clear()
        conn.executemany("INSERT INTO words VALUES (?, ?, ?)", rows)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('words_generation', ?)", (generation,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class WordTable:
    """The table as a query reads it (on the reader's connection)."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def common(self, word: str) -> int | None:
        """The bitmap of a common word's cables; None for a rare word or one not listed."""
        row = self.conn.execute("SELECT packed FROM words WHERE word = ?", (word,)).fetchone()
        return None if row is None or row[0] is None else _bitmap(row[0])

    def prefixed(self, prefix: str) -> tuple[int, list[str]] | None:
        """The bitmap of the cables of the common words starting with ``prefix`` (ASCII), and
        the rare ones; None when there are more than RARE_MOST rare ones."""
        rare = self._rare(prefix)
        if rare is None:
            return None
        bits = 0
        for (packed,) in self.conn.execute(
            "SELECT packed FROM words WHERE word >= ? AND word < ? AND packed IS NOT NULL",
            (prefix, _past(prefix)),
        ):
            bits |= _bitmap(packed)
        return bits, rare

    def _rare(self, prefix: str) -> list[str] | None:
        rare = [
            w
            for (w,) in self.conn.execute(
                "SELECT word FROM words WHERE word >= ? AND word < ? AND packed IS NULL"
                f" LIMIT {RARE_MOST + 1}",
                (prefix, _past(prefix)),
            )
        ]
        return None if len(rare) > RARE_MOST else rare


def _past(prefix: str) -> str:
    """The first string after every string that starts with ``prefix`` (ASCII letters and
    digits): its last character the next one."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _bitmap(packed: bytes) -> int:
    try:
        return int.from_bytes(zlib.decompress(packed), "little")
    except zlib.error as exc:
        raise IndexCorrupt(f"a compressed list of a word's cables is corrupt ({exc})") from exc


def match_words(node: Node, table: WordTable, fts: Callable[[str], int]) -> int | None:
    """The bitmap of the cables whose text matches ``node`` (a text-only tree, as
    querysyntax.fts_expression takes), with ``fts(expression)`` for what the table cannot
    answer; None when no part of it is in the table (one FTS5 search of the whole is then
    the quickest)."""
    answered: dict[Node, int] = {}
    for leaf in _leaves(node):
        if leaf not in answered and (bits := _from_table(leaf, table, fts)) is not None:
            answered[leaf] = bits
    return _evaluate(node, answered, fts) if answered else None


def _leaves(node: Node) -> list[Node]:
    if isinstance(node, And | Or):
        return [leaf for child in node.children for leaf in _leaves(child)]
    if isinstance(node, Not):
        return _leaves(node.child)
    return [node]


def _from_table(leaf: Node, table: WordTable, fts: Callable[[str], int]) -> int | None:
    """The cables of ``leaf`` when the table has a bitmap for it (a common word), or for a
    word it is the prefix of (with its rare words asked of ``fts`` by name); else None."""
    if not isinstance(leaf, Word) or not _PLAIN.fullmatch(leaf.text):
        return None
    word = leaf.text.lower()
    if not leaf.prefix:
        return table.common(word)
    found = table.prefixed(word)
    if found is None or not found[0]:
        return None  # too many rare words, or none common: FTS5 reads the prefix
    bits, rare = found
    return bits | fts(" OR ".join(map(_quoted, rare))) if rare else bits


def _evaluate(node: Node, answered: dict[Node, int], fts: Callable[[str], int]) -> int:
    if isinstance(node, Or):
        bits = 0
        for child in node.children:
            bits |= _evaluate(child, answered, fts)
        return bits
    if isinstance(node, And):
        positive = [c for c in node.children if not isinstance(c, Not)]
        negative = [c.child for c in node.children if isinstance(c, Not)]
        bits = _evaluate(positive[0], answered, fts)
        for child in positive[1:]:
            if not bits:
                return 0
            bits &= _evaluate(child, answered, fts)
        for child in negative:
            if not bits:
                return 0
            bits &= ~_evaluate(child, answered, fts)
        return bits
    found = answered.get(node)
    return fts(fts_expression(node)) if found is None else found
