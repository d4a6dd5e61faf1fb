"""The read side of a folder's index: every query the window, the CLI and the exports ask.

An IndexView answers from one SQLite connection (the connection is the facade's,
store.CorpusIndex, which also runs the write side, refresh.Refresh). It keeps what makes the
next answer cheap (the postings, the last filters' matches, the relevance orders, the
analyst's sets as bitmaps) and forgets it when another connection commits (``_sync``) or
when told that its own connection wrote (``written``). It never writes the index; it
raises sqlite3 errors as they come, and the facade turns damage into a rebuild.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import json
import math
import os
import re
import sqlite3
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from reader.index.database import INDEXING, NOT_DONE, UNREADABLE, unpack_text
from reader.index.date_numbers import number_date, number_precision
from reader.index.folder_values import COPY_COLUMNS, kept_copies
from reader.index.index_protocol import KeptText
from reader.index.postings import Postings, bits_of, bits_of_joined, in_order
from reader.index.scan import in_root, on_disk
from reader.index.word_bits import WordTable, match_words
from reader.query.conditions import (
    Both,
    Plan,
    Sql,
    Text,
    UserSql,
    Values,
    Without,
    compile_filter,
    text_part,
    to_sql,
    user_value_plan,
    uses_annotations,
)
from reader.query.fields import FIELDS, PORTION
from reader.query.query import (
    FACETS,
    PHASE_TWO_FACETS,
    RELEVANCE,
    RELEVANCE_TIES,
    SORT_COLUMNS,
    USER_FACETS,
    USER_VALUES,
    CableCopy,
    FacetValue,
    FileProblem,
    Filter,
    Hit,
    counted_facets,
    group_filter,
    listed_user_values,
    restored_filter,
)
from reader.query.querysyntax import (
    And,
    Node,
    Not,
    Or,
    Phrase,
    QueryTooBig,
    Word,
    field_names,
    fts_expression,
    parse_query,
    text_terms,
)
from reader.query.snippets import Highlighter
from reader.review.folder_checks import FOLDER_CHECK

if TYPE_CHECKING:
    from reader.annotate.annotations import Annotations
    from reader.model.records import Cable

__all__ = [
    "PHASE_TWO_FIELDS",
    "W_SUBJECT",
    "W_TEXT",
    "IndexView",
    "rank_expression",
    "scored_alike",
]

#: The cables matching the last few texts of the query field are kept (as bitmaps): picking
#: facet values under a query then does not search the text again.
TEXT_MATCHES_KEPT = 4
#: Matches of this many filters are kept: a filter and the few its facet counts need.
FAST_MATCHES_KEPT = 4
#: Keys read at a time where every key matching a filter is read (``_sorted_keys``)
KEY_SLICE = 20_000
#: The relevance scores (and orders) of this many queries' words are kept: choosing facet
#: values or paging under a query then scores nothing again.
RANKINGS_KEPT = 4
#: A page of relevance-sorted keys ending at most this far down is picked from the scores
#: without sorting every cable (``_top``): the first pages, which are what a search prints
#: and a window shows first; a page further down sorts them all once, and keeps the order.
TOP_PICKED = 2000
#: At most this many keys scoring as well as a page's last are put in the ties order by one
#: SQL query (within the 999 parameters of an SQLite built before 3.32); more walk the
#: whole order.
TIES_LOOKED_UP = 900
#: The head of a query's relevance order kept (``_head``): a page of 50 under the same
#: words with a facet value chosen that a tenth of the cables have is found in it.
HEAD_KEPT = 500
#: A view answering one query (``one_query``) reads a first page from the best-scored keys
#: that SQLite picks (``ORDER BY score LIMIT``): twice the page's end over the share of
#: them the query is expected to keep, and FETCH_SLACK more, so that the ties of the page's
#: last are seen to end among them; at most FETCHED_MOST (a query keeping fewer of its
#: words' matches scores every match, as the window does).
FETCH_SLACK = 50
FETCHED_MOST = 10_000
#: A query keeping at most this share of its text's matches (a field, a facet value
#: chosen) has only its own matches ranked: their keys go to SQLite as one JSON list, and
#: bm25() scores those alone (the 18,468 of 'iran class:secret' among the 115,053 of
#: 'iran': 36 ms, against 90 for them all; at 40%, 106 against 160). With most of them
#: kept, the list and its lookups cost more than the scores they spare (all of 'iran': 119).
RANKED_AMONG_SHARE = 0.5
#: BM25 weights of the full text's columns, the subject and the text (which holds the
#: subject too). A word of the subject counts as ten mentions in the body: a subject is a
#: dozen words that say what the cable is about, a body hundreds that mention everything
#: in passing, so a cable about a word outranks one that names it a few times; a body that
#: keeps coming back to it (BM25 saturates each count) can still come near.
W_SUBJECT = 10.0
W_TEXT = 1.0
#: Each cable matching a query's words with its score (smaller is better, as FTS5 gives it).
#: (the weights in the order of the columns of database.FULL_TEXT_TABLE: text, subject)
_RANKED = f"SELECT rowid AS key, bm25(ft, {W_TEXT}, {W_SUBJECT}) AS score FROM ft WHERE ft MATCH ?"
#: ... of the keys of a JSON list only (the unary + keeps SQLite from running the full-text
#: query once per key listed, 2 ms each: the match is read once, each key looked up in the
#: list)
_AMONG = " AND +rowid IN (SELECT value FROM json_each(?))"
#: The facets (query.PHASE_TWO_FACETS) and query fields whose values come from the full
#: parse, the second phase (fields.Field.phase_two): an answer that uses one is partial
#: while cables are pending.
PHASE_TWO_FIELDS = frozenset(f.name for f in FIELDS if f.phase_two)

_SORT_SQL = {name: tuple(f"c.{c}" for c in columns) for name, columns in SORT_COLUMNS.items()}
#: The order of relevance's ties, as the postings' order of RELEVANCE_TIES was made
_TIES_SQL = ", ".join(_SORT_SQL[RELEVANCE_TIES])


@functools.cache
def _check_order() -> dict[str, int]:
    # the checks are loaded when a hit first needs their order, not when a search starts
    from reader.review.checks import CHECKS

    return {check.code: n for n, check in enumerate(CHECKS)}


_HIT_COLUMNS = (
    "c.key, c.id, c.date, c.origin, c.classification, c.level, c.subject, c.row,"
    " (SELECT path FROM files WHERE id = c.file_id)"
)
#: The copies of a cable: the rows of its ID (found through the index cables_id), by file
COPIES_SQL = (
    "SELECT c.key, f.path, c.format, c.row, c.length FROM cables c"
    " JOIN files f ON f.id = c.file_id"
    " WHERE c.id = ? COLLATE NOCASE ORDER BY f.path, c.row, c.key"
)
#: SQLite's words when a query goes beyond one of its limits (the bounds of querysyntax
#: keep queries within them; a query that still meets one is refused in plain words).
_LIMIT_RE = re.compile(
    r"parser stack overflow|expression tree is too large|too many SQL variables"
    r"|pattern too complex|string or blob too big|too many terms",
    re.IGNORECASE,
)


class IndexView:
    """The queries of one folder's index, on one connection (one per thread). Queries take
    a Filter; keys are the index's own integers, stable while a cable is unchanged."""

    def __init__(
        self, root: Path, conn: sqlite3.Connection, annotations: Path | None = None
    ) -> None:
        self.root = root
        self._root_is_file = root.is_file()
        self._conn = conn
        #: answers one query, then closes (a search command): a words-only query's first
        #: page is read from its best-scored keys alone, not from the scores of every match
        #: (kept for the facets and pages that follow in a window)
        self.one_query = False
        self._version: object = -1
        self._values: dict[str, list[tuple[int, str]]] = {}
        self._matched: tuple[Filter, object] | None = None  # filter whose keys are in temp.m
        #: the last few filters' matches (a filter's facet counts take the matches of
        #: the same filter without one group's choices: query.group_filter), oldest first
        self._fast_matches: dict[Filter, tuple[int, bytes]] = {}
        self._text_matches: dict[str, int] = {}  # FTS5 expression -> bitmap, oldest first
        #: words of a query (an FTS5 expression) -> its scores and, once a page needed it,
        #: every key in relevance order; oldest first
        self._rankings: dict[str, _Ranking] = {}
        self._all_vals: list[tuple[int, str, str, int]] | None = None
        self._facet_vals: dict[str | None, list[tuple[int, str, str]]] = {}
        self._post: Postings | None = None
        self._post_generation: object = None
        self._postings_checked = False
        #: the words of the full text and the common ones' bitmaps (word_bits), when they
        #: are of the index as it is (checked with the postings)
        self._words: WordTable | None = None
        #: the analyst's annotations, attached as schema ``user`` when a query asks them
        self.annotations_path: Path | None = annotations
        self._user_attached = False
        self._user_version: object = None  # the annotations' data_version when last synced
        #: the filters (without sort) whose matches depend on the annotations: forgotten when
        #: only the annotations change, while every other filter's matches are kept
        self._user_dependent: set[Filter] = set()
        #: the cables of each user facet's first value, (facet, value) -> bitmap over keys
        self._user_bits: dict[tuple[str, str], int] | None = None
        #: the user sets above were made by user_facets_after, not read: read them next time
        self._user_unread = False
        self._user_plans: dict[Plan, int] = {}
        self._has_json_each: bool | None = None  # (_json_each)
        self._ids: dict[str, tuple[int, ...]] | None = None  # cable ID -> keys (_id_keys)
        self._ids_upto = -1  # the largest key in it
        self._ids_checked = False  # since the index last changed
        #: each user set's IDs (as read, and as a set) when its bitmap was made, and the bitmap
        self._user_ids: dict[tuple[str, str], tuple[str, set[str], int]] = {}

    def written(self) -> None:
        """This connection has written the index (a refresh): what it wrote does not change
        its own PRAGMA data_version, so what was cached before (facet values, matches,
        postings) is forgotten by hand, at the next query."""
        self._version = -1

    def total(self) -> int:
        """How many cables the index holds: the postings' bitmap of every cable when they
        are up to date, which the first view's keys read anyway (the count of the table
        reads its whole key index: 125 ms at 250,000 cables when the file is not in the
        system's cache, a window opened after a restart)."""
        post = self._postings()
        if post is not None:
            return post.live.bit_count()
        return self._one("SELECT count(*) FROM cables")

    def prepare(self) -> bool:
        """Pay now what the first facet counts after opening would pay (the window calls
        it on its query thread once the folder's first view is answered): the postings
        read, numpy imported (0.1-0.2 s), every common facet value's bitmap put in the
        matrix it is counted in and the rare values' keys gathered (some 80 ms at 250,000
        cables), the checks' order, and FTS5's structure read by one match. None of it
        depends on a query: no answer is kept, and every query's text is searched as it
        would have been. False when the postings are being written (a refresh): the
        counts are then made in SQL, and the caller asks again later."""
        _check_order()
        self._rows("SELECT rowid FROM ft WHERE ft MATCH ? LIMIT 1", ('"the"',))
        post = self._postings()
        if post is None:
            return False
        table = post.table(post.live)
        post.counts(post.live, table, [vid for vid, _, _ in self._counted_vals(None)])
        return True

    def count(self, f: Filter) -> int:
        fast = self._fast(f)
        if fast is not None:
            return fast[1].bit_count()
        if not self._match(f):
            return self.total()
        return self._one("SELECT count(*) FROM temp.m")

    def keys(self, f: Filter) -> list[int]:
        return self._page(f, 0, None)

    def search(self, f: Filter, *, offset: int = 0, limit: int = 200) -> list[Hit]:
        return self.hits(self._page(f, offset, limit), highlight=f)

    def _page(self, f: Filter, offset: int, limit: int | None) -> list[int]:
        if f.sort == RELEVANCE:
            words = rank_expression(f.query)
            if words is not None:
                return self._ranked_page(f, words, offset, limit)
            # no words to rank by: the order of the ties
            f = Filter(f.query, f.include, f.exclude, RELEVANCE_TIES, f.descending)
        if f.sort not in _SORT_SQL:
            raise ValueError(f"unknown sort {f.sort!r}")
        fast = self._fast(f)
        if fast is not None:
            post, _, table = fast
            return post.ordered(table, f.sort, descending=f.descending, offset=offset, limit=limit)
        sql, params = self._ordered(f)
        if limit is not None:
            sql, params = sql + " LIMIT ? OFFSET ?", (*params, limit, offset)
        elif offset:
            sql, params = sql + " LIMIT -1 OFFSET ?", (*params, offset)
        return [k for (k,) in self._rows(sql, params)]

    def _ranked_page(self, f: Filter, words: str, offset: int, limit: int | None) -> list[int]:
        """The matching keys best first (BM25 of the query's words), then those matching
        without its words; ties in the order of RELEVANCE_TIES."""
        post = self._postings()
        if post is not None and self._one_query_page(f, words, offset, limit):
            assert limit is not None  # (checked by _one_query_page)
            page = self._page_of_best(f, words, post, offset, offset + limit)
            if page is not None:
                return page
        if post is not None:
            # scored first: the keys scored are the cables matching the words, which a
            # query of those words alone matches (_scores keeps them for _fast)
            ranking = self._scores(words, post)
            fast = self._fast(f)
            assert fast is not None  # the postings are up to date: checked just above
            _, match, table = fast
            if (
                ranking.order is None
                and not f.descending
                and limit is not None
                and offset + limit <= TOP_PICKED
            ):
                # from the head of the order when it holds the page (a facet chosen under
                # the same words, a next page), else picked from the scores
                page = in_order(self._head(ranking), table, descending=False, offset=offset,
                                limit=limit)  # fmt: skip
                if len(page) == limit:
                    return page
                return self._top(ranking, post, match, table, offset, limit)
            order = self._ranking(words, post)
            return in_order(order, table, descending=f.descending, offset=offset, limit=limit)
        direction = " DESC" if f.descending else ""
        ties = ", ".join(col + direction for col in _SORT_SQL[RELEVANCE_TIES])
        sql = (
            "SELECT c.key FROM temp.m JOIN cables c ON c.key = m.key"
            f" LEFT JOIN ({_RANKED}) r ON r.key = c.key"
            f" ORDER BY r.score IS NULL{direction}, r.score{direction}, {ties}"
        )
        params: tuple[object, ...] = (words,)
        self._match(f)  # a query with words matches some cables, not all: temp.m holds them
        if limit is not None:
            sql, params = sql + " LIMIT ? OFFSET ?", (*params, limit, offset)
        elif offset:
            sql, params = sql + " LIMIT -1 OFFSET ?", (*params, offset)
        return [k for (k,) in self._rows(sql, params)]

    def _one_query_page(self, f: Filter, words: str, offset: int, limit: int | None) -> bool:
        """Whether the page may be read from the best-scored keys alone (``_page_of_best``):
        a view answering one query, a first page, the words not scored yet."""
        return (
            self.one_query
            and words not in self._rankings
            and not f.descending
            and limit is not None
            and offset + limit <= TIES_LOOKED_UP
        )

    def _page_of_best(
        self, f: Filter, words: str, post: Postings, offset: int, end: int
    ) -> list[int] | None:
        """The page ``offset:end`` of the relevance order of ``f`` (as ``_top`` picks it)
        from the best-scored keys that SQLite picks, None when that cannot be proved (too
        few of them match ``f``, the ties of the page's last may reach past them, too many
        tie). FTS5 scores every cable its expression matches either way; what this spares
        is turning each into Python objects (50 of the 140 ms of the 115,053 matches of
        'iran' at 250,000 cables), and with the query's own text expression when it scores
        alike (``scored_alike``: 'iran -nuclear'), the cables the query leaves out."""
        fast = self._fast(f)  # (the count reuses the matches)
        assert fast is not None  # the postings are up to date: checked by the caller
        _, match, table = fast
        if end <= 0 or not match:
            return []
        expr = scored_alike(f.query, words)
        among: tuple[str, ...] = ()  # the keys ranked, as a JSON list (none: all matches)
        if expr is not None and self._compile(_plain(f)) == Text(expr):
            share = 1.0  # every key scored matches the query
        else:
            # the words' matches, filtered by the rest (class:secret, a facet value): the
            # share of the text's matches kept (when the text is the one ranked; else of
            # all the cables, a guess the proof checks)
            expr = expr or words
            scored = self._text_matches.get(expr)
            base = post.live if scored is None else scored
            share = match.bit_count() / max(1, base.bit_count())
            if share <= RANKED_AMONG_SHARE and self._json_each():
                among = (json.dumps(list(compress(range(len(table)), table))),)
                share = 1.0
        wanted = 2 * end / share
        if wanted > FETCHED_MOST:
            return None  # too few would match: every match is scored
        fetch = math.ceil(wanted) + FETCH_SLACK
        sql = _RANKED + (_AMONG if among else "") + " ORDER BY score LIMIT ?"
        fetched = self._rows(sql, (expr, *among, fetch))
        size = len(table)
        rows = [row for row in fetched if row[0] < size and table[row[0]]]
        if len(rows) >= end:
            last = rows[end - 1][1]
            if len(fetched) == fetch and fetched[-1][1] <= last:
                return None  # keys not fetched may score as well as the last
        elif len(fetched) < fetch and len(rows) == match.bit_count():
            last = math.inf  # every match is scored, and fetched: the page is their last
        else:
            return None  # (the page may reach the cables matching without the words)
        score = {key: value for key, value in rows if value <= last}
        if len(score) > TIES_LOOKED_UP:
            return None
        return self._by_score(score)[offset:end]

    def _scores(self, words: str, post: Postings) -> _Ranking:
        """The BM25 score of every cable matching ``words``, kept for the last few words.
        The keys scored are those ``words`` match: kept as that text's matches too, which
        spares a count of the same words its own search of the full text."""
        ranking = self._rankings.pop(words, None)
        if ranking is None:
            rows = self._rows(_RANKED, (words,))
            if rows and rows[-1][0] >= post.size:  # (ascending, as FTS5 gives them)
                rows = [row for row in rows if row[0] < post.size]  # no cable: never matches
            keys = list(map(itemgetter(0), rows))
            ranking = _Ranking(keys, list(map(itemgetter(1), rows)), post.size)
            if len(self._rankings) >= RANKINGS_KEPT:
                del self._rankings[next(iter(self._rankings))]
            if words not in self._text_matches:
                if len(self._text_matches) >= TEXT_MATCHES_KEPT:
                    del self._text_matches[next(iter(self._text_matches))]
                self._text_matches[words] = ranking.bits
        self._rankings[words] = ranking  # now the newest
        return ranking

    def _top(
        self, ranking: _Ranking, post: Postings, match: int, table: bytes, offset: int, limit: int
    ) -> list[int]:
        """The page ``offset:offset + limit`` of the relevance order of the keys ``match``
        holds (``table``: the same as a byte per key), from the scores, without sorting
        every cable: the page's last score is found among the keys scored, and the keys
        scoring as well as that (ties included) are put in the ties order by SQL, as the
        postings' orders were, then stably by score."""
        end = offset + limit
        if end <= 0:
            return []
        keys, values = ranking.keys, ranking.values
        if match & ranking.bits != ranking.bits:  # not every cable scored matches
            marked = list(map(table.__getitem__, keys))
            keys, values = list(compress(keys, marked)), list(compress(values, marked))
        if len(keys) < end:  # the page reaches the cables matching without the words
            return _top_of_all(ranking.scores, post.orders[RELEVANCE_TIES], table, offset, end)
        score = as_good_as(keys, values, end)
        if len(score) > TIES_LOOKED_UP:  # very many tie with the last: walk the whole order
            return _top_of_all(ranking.scores, post.orders[RELEVANCE_TIES], table, offset, end)
        return self._by_score(score)[offset:end]

    def _head(self, ranking: _Ranking) -> Sequence[int]:
        """The first HEAD_KEPT keys or so of the whole relevance order of ``ranking`` (every
        key scoring as well as the HEAD_KEPT-th, ties included), made once: a page under the
        same words with a facet value chosen is its matching keys, when it has enough.
        Empty when fewer keys are scored or too many tie."""
        if ranking.head is None:
            ranking.head = ()
            values = ranking.values
            if len(values) >= HEAD_KEPT:
                score = as_good_as(ranking.keys, values, HEAD_KEPT)
                if len(score) <= TIES_LOOKED_UP:
                    ranking.head = self._by_score(score)
        return ranking.head

    def _json_each(self) -> bool:
        """Whether this SQLite has JSON's table functions (built in since 3.38; an option
        before): asked once."""
        if self._has_json_each is None:
            try:
                self._conn.execute("SELECT count(*) FROM json_each('[]')").fetchall()
                self._has_json_each = True
            except sqlite3.OperationalError:
                self._has_json_each = False
        return self._has_json_each

    def _by_score(self, score: dict[int, float]) -> list[int]:
        """The keys of ``score`` by score, ties in the order of RELEVANCE_TIES: put in that
        order by SQL, as the postings' orders were made, then sorted stably by score."""
        marks = ",".join("?" * len(score))
        ordered = [
            k
            for (k,) in self._rows(
                f"SELECT c.key FROM cables c WHERE c.key IN ({marks}) ORDER BY {_TIES_SQL}",
                tuple(score),
            )
        ]
        ordered.sort(key=score.__getitem__)
        return ordered

    def _ranking(self, words: str, post: Postings) -> list[int]:
        """Every cable in relevance order for ``words``: those matching them by score, then
        the rest, each in the order of RELEVANCE_TIES (a stable sort of that order)."""
        ranking = self._scores(words, post)
        if ranking.order is None:
            # one stable sort of the ties order by score puts the matches best first and
            # everything after them, each in the ties order
            ranking.order = sorted(post.orders[RELEVANCE_TIES], key=ranking.scores.__getitem__)
        return ranking.order

    def hits(self, keys: Sequence[int], *, highlight: Filter | None = None) -> list[Hit]:
        """Row data for ``keys``, in their order; keys no longer in the index are left out.
        With ``highlight``, each hit gets a snippet around the words of its query."""
        found: dict[int, tuple] = {}
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT {_HIT_COLUMNS} FROM cables c WHERE c.key IN ({marks})", chunk
            ):
                found[row[0]] = row
        checks = self._checks_of(list(found))
        snippets: dict[int, tuple[str, tuple[tuple[int, int], ...]]] = {}
        marker = Highlighter(parse_query(highlight.query)) if highlight is not None else None
        if marker:
            for key, text in self._texts([k for k in keys if k in found]):
                snippets[key] = marker.snippet(text)
        hits = []
        for key in keys:
            data = found.get(key)
            if data is None:
                continue
            snippet, matches = snippets.get(key, ("", ()))
            hits.append(
                Hit(
                    key=data[0],
                    id=data[1],
                    date=number_date(data[2]),
                    origin=data[3],
                    classification=data[4],
                    level=data[5],
                    subject=data[6],
                    snippet=snippet,
                    snippet_matches=matches,
                    checks=checks.get(key, ()),
                    date_precision=number_precision(data[2]),
                    file=on_disk(data[8] or ""),
                    row=data[7],
                )
            )
        return hits

    def ids(self, keys: Sequence[int]) -> list[str]:
        """The canonical IDs of ``keys`` (cables without one left out), in no set order:
        what a saved search's "new since last opened" is told by, at a tenth of the cost of
        ``hits`` (no Hit, no checks, no file path)."""
        found: list[str] = []
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            found += [
                i
                for (i,) in self._rows(f"SELECT id FROM cables WHERE key IN ({marks})", chunk)
                if i
            ]
        return found

    def _checks_of(self, keys: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """The check codes (facet ``check``) of each of ``keys`` that has any, in CHECKS order,
        but for reference-not-in-folder: a row's marker is for what is wrong in the cable
        itself, and half of a real folder cites cables it lacks (the tree shows that finding
        in the cable's Checks child)."""
        found: dict[int, list[str]] = {}
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, code in self._rows(
                "SELECT cv.key, v.value FROM cable_values cv JOIN vals v ON v.id = cv.value_id"
                f" WHERE v.facet = 'check' AND v.value != ? AND cv.key IN ({marks})",
                (FOLDER_CHECK, *chunk),
            ):
                found.setdefault(key, []).append(code)
        if all(len(v) < 2 for v in found.values()):
            return {k: tuple(v) for k, v in found.items()}  # nothing to order
        order = _check_order()
        last = len(order)
        return {k: tuple(sorted(v, key=lambda c: order.get(c, last))) for k, v in found.items()}

    def facets(self, f: Filter, *, limit: int | None = None) -> dict[str, list[FacetValue]]:
        """Values of every facet (keys: query.FACETS) with the number of cables each would
        give once chosen (query.group_filter: a single-valued facet with values chosen is
        counted without its own choices; an excluded value of a multi-valued facet counts
        the cables clearing it would bring back). Values selected in ``f`` are listed even
        at 0, and kept when ``limit`` cuts the rest. Years and months come in date order,
        other values by count; ``limit`` keeps the first few."""
        return counted_facets(f, FACETS, self._value_counts, self.count, limit)

    def user_facets(self, f: Filter) -> dict[str, list[FacetValue]]:
        """The facets of the analyst's own work (query.USER_FACETS) counted as ``facets``
        counts the index's: each value with the number of cables choosing it would give (a
        two-state facet with a value chosen counted without its own choice; an excluded
        label, what clearing it would bring back), chosen values listed even at 0. Cheap
        after a star or a label: the matches of ``f`` are kept, and the user's sets are
        small, each a bitmap over the keys made once per change of the annotations."""
        return self._count_user(f, self._user_sets())

    def user_facets_after(
        self, f: Filter, pair: tuple[str, str], ids: Sequence[str], on: bool
    ) -> dict[str, list[FacetValue]] | None:
        """``user_facets(f)`` right after ``ids`` got (``on``) or lost the user value
        ``pair`` (("starred", "starred"), ("label", NAME), ...), from the sets as last read
        with that one change made: what a single star or label can change, without reading
        the annotations again (at 250,000 cables reading them is most of a recount). None
        when that cannot be known (no sets read yet, the index changed since, or ``f``
        itself asks about annotations): then ``user_facets`` answers. Another window's
        changes meanwhile are not seen here; the caller recounts with ``user_facets`` after
        (which reads the annotations again). The sets made here serve the next change too,
        so stars in quick succession are each counted in a few ms."""
        before = self._user_bits
        if (
            before is None
            or self._ids is None
            or any(name in USER_FACETS for name, _ in f.include | f.exclude)
        ):
            return None
        self._sync()
        if not self._ids_checked:  # the index itself changed: its keys may have too
            return None
        changed = _bits_of_ids(self._ids, [i.upper() for i in ids])
        bits = before.get(pair, 0)
        sets = {**before, pair: bits | changed if on else bits & ~changed}
        self._keep_user_sets(sets)
        self._user_unread = True
        return self._count_user(f, sets)

    def _count_user(
        self, f: Filter, sets: dict[tuple[str, str], int]
    ) -> dict[str, list[FacetValue]]:
        result: dict[str, list[FacetValue]] = {}
        for facet in USER_FACETS:
            match = self._match_bits(group_filter(f, facet))
            counts: dict[str, int] = {}
            if facet in USER_VALUES:
                first, second = USER_VALUES[facet]
                has = (match & sets.get((facet, first), 0)).bit_count()
                counts = {first: has, second: match.bit_count() - has}
            else:
                for (name, value), bits in sets.items():
                    if name == facet and (n := (match & bits).bit_count()):
                        counts[value] = n
                for name, value in f.exclude:
                    if name == facet:
                        restored = self._match_bits(restored_filter(f, facet, value))
                        counts[value] = restored.bit_count()
            result[facet] = listed_user_values(f, facet, counts)
        return result

    def _user_sets(self) -> dict[tuple[str, str], int]:
        """The cables of each starred / read / has note and of each label, as bitmaps: the
        cables whose ID is in the annotations' table, as the query fields' conditions say
        (conditions.user_value_plan), looked up in a map of IDs to keys made once per state
        of the index (a join of the tables took half a second at 100,000 cables). After a
        change of the annotations only the IDs that came or went are looked up again."""
        self._sync()
        if self._user_bits is not None and not self._user_unread:
            return self._user_bits
        self._user_unread = False
        if not self._annotations_there():
            return {}  # none yet: asked again next time (the file may be made meanwhile)
        keys, added = self._id_keys()
        for pair, (joined, ids, bits) in list(self._user_ids.items()):
            extra = [key for cable_id, key in added if cable_id in ids]
            if extra:  # cables of the set that a refresh added since
                self._user_ids[pair] = (joined, ids, bits | bits_of(sorted(extra)))
        # each set's IDs in one string (a row per ID costs ten times as much to read); a
        # string as it was last time is a set unchanged (a star leaves the labels alone)
        now: dict[tuple[str, str], str] = {}
        for facet, table in _USER_TABLES.items():
            rows = self._rows(f"SELECT group_concat(cable_id, char(31)) FROM user.{table}")
            now[(facet, USER_VALUES[facet][0])] = rows[0][0] or ""
        for name, joined in self._rows(
            "SELECT l.name, group_concat(cl.cable_id, char(31)) FROM user.labels l"
            " JOIN user.cable_labels cl ON cl.label = l.name GROUP BY l.name"
        ):
            now[("label", name)] = joined or ""
        sets: dict[tuple[str, str], int] = {}
        for pair, joined in now.items():
            was, before, bits = self._user_ids.get(pair, ("", set(), 0))
            if joined == was:
                sets[pair] = bits
                continue
            ids = _split_ids(joined)
            came, went = ids - before, before - ids
            if came:
                bits |= _bits_of_ids(keys, came)
            if went:
                bits &= ~_bits_of_ids(keys, went)
            sets[pair] = bits
            self._user_ids[pair] = (joined, ids, bits)
        for pair in set(self._user_ids) - set(now):  # a label deleted
            del self._user_ids[pair]
        self._keep_user_sets(sets)
        return sets

    def _keep_user_sets(self, sets: dict[tuple[str, str], int]) -> None:
        """Keep the user sets, and the plans of the query fields for them (is:starred,
        label:NAME, ...): the filter's matches take their cables from here, not from a scan
        of the index."""
        self._user_bits = sets
        self._user_plans = {user_value_plan(f, v): bits for (f, v), bits in sets.items()}

    def _id_keys(self) -> tuple[dict[str, tuple[int, ...]], list[tuple[str, int]]]:
        """Each cable ID of the index with the keys of its cables (an ID may name two), and
        the (ID, key) of the cables added since it was last asked. Kept up to date rather
        than made anew while a refresh adds cables: keys are never reused, and the old key
        of a cable changed or removed, left behind here, is in no filter's matches."""
        self._sync()
        if self._ids is not None and self._ids_checked:
            return self._ids, []
        if self._ids is None:
            # the index of IDs holds each ID and key: a third of the time of the table
            rows = self._rows("SELECT id, key FROM cables INDEXED BY cables_id")
            self._ids, added = {}, []
        else:
            rows = self._rows("SELECT id, key FROM cables WHERE key > ?", (self._ids_upto,))
            added = rows
        found = self._ids
        for cable_id, key in rows:
            # tuples of ints, not lists: the garbage collector stops tracking them, where
            # 250,000 lists made each full collection in the window's process 60-100 ms
            found[cable_id] = (*found.get(cable_id, ()), key)
            self._ids_upto = max(self._ids_upto, key)
        self._ids_checked = True
        return found, added

    def _match_bits(self, f: Filter) -> int:
        """The keys matching ``f`` as a bitmap (from the postings when they are up to date)."""
        fast = self._fast(f)
        if fast is not None:
            return fast[1]
        return bits_of(self._sorted_keys("temp.m" if self._match(f) else "cables"))

    def _sorted_keys(self, table: str) -> list[int]:
        """Every key of ``table`` (temp.m or cables), ascending, read KEY_SLICE at a time:
        reading 250,000 keys in one piece is a call into C of some 30 ms (the string, then
        json.loads) that holds the interpreter, and the window's thread with it, at once."""
        sql = (
            f"SELECT group_concat(key) FROM (SELECT key FROM {table} WHERE key > ?"
            " ORDER BY key LIMIT ?)"
        )
        keys: list[int] = []
        last = -(2**63)
        while True:
            part = self._key_list(sql, (last, KEY_SLICE))
            part.sort()  # (in order already, as the slice is read; not promised by SQL)
            keys += part
            if len(part) < KEY_SLICE:
                return keys
            last = part[-1]

    def _value_counts(self, f: Filter, facet: str | None = None) -> list[tuple[str, str, int]]:
        """(facet, value, cables matching ``f`` with it) of every value with any, of every
        facet or of ``facet`` alone."""
        if _plain(f) == Filter():
            return [
                (name, value, n)
                for _, name, value, n in self._vals()
                if n > 0 and facet in (None, name)
            ]
        if (fast := self._fast(f)) is not None:
            post, match, table = fast
            vals = self._counted_vals(facet)
            found = post.counts(match, table, [vid for vid, _, _ in vals])
            return [(name, value, found[vid]) for vid, name, value in vals if found[vid]]
        if not self._match(f):  # every cable matches
            return self._value_counts(Filter(), facet)
        return self._rows(
            "SELECT v.facet, v.value, count(*) FROM temp.m JOIN cable_values cv"
            " ON cv.key = m.key JOIN vals v ON v.id = cv.value_id"
            " WHERE v.facet != ? AND ? IN (v.facet, '') GROUP BY cv.value_id",
            (PORTION, facet or ""),
        )

    def cable(self, key: int) -> Cable:
        """The full record, parsed again from the text the index holds for ``key``.

        Parsed again rather than kept: a parse is about half a millisecond, paid once per
        cable opened, while keeping every full record (paragraphs, markings, routing,
        problems) would add a serialised copy the size of the text to every row of the
        index and a format to migrate with each change of the records; the text and the
        container's metadata the row keeps give the same record, as the second phase of
        a refresh relies on (rows.parsed_again)."""
        rows = self._rows(
            "SELECT f.path, c.format, c.row, c.meta, t.packed FROM cables c"
            " JOIN files f ON f.id = c.file_id JOIN texts t ON t.key = c.key WHERE c.key = ?",
            (key,),
        )
        if not rows:
            raise KeyError(key)
        path, fmt, csv_row, meta, packed = rows[0]
        # the parser (rows.parsed_again) and the records are loaded when the first cable is
        # read, not when a search starts
        from reader.index.rows import parsed_again
        from reader.model.records import Source

        source = Source(str(in_root(self.root, path, self._root_is_file)), fmt, csv_row)
        return parsed_again(unpack_text(packed), source, meta)

    def raw_text(self, key: int) -> str:
        """The source as it is on disk, decoded: the whole file, or for a cables.csv the
        fields of the cable's row. A file that cannot be read now (moved or deleted since
        the index read it) gives the text the index kept, as a KeptText saying so."""
        cable = self.cable(key)
        if cable.source.format == "csv":
            return _csv_fields_text(cable)
        try:
            data = Path(cable.source.path).read_bytes()
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            return KeptText(
                cable.text,
                f"{cable.source.path} could not be read ({reason}): this is the text the index"
                " kept when it read the file, not the file as it is now",
            )
        from reader.parser.containers import decode_bytes  # (a search never loads the parser)

        return decode_bytes(data)

    def file_changed(self, key: int) -> str:
        """Why the file ``key`` was read from is no longer as the index read it (gone,
        rewritten: its size or modification time is another), in words naming the file;
        "" when it is as it was. A look at the file's status only (a few microseconds), so
        that a cable shown from the index never passes for the file as it is now."""
        rows = self._rows(
            "SELECT f.path, f.size, f.mtime_ns FROM cables c JOIN files f ON f.id = c.file_id"
            " WHERE c.key = ?",
            (key,),
        )
        if not rows:
            return ""
        rel, size, mtime_ns = rows[0]
        path = in_root(self.root, rel, self._root_is_file)
        try:
            st = path.stat()
        except OSError as exc:
            return f"{path} can no longer be read ({(exc.strerror or str(exc)).lower()})"
        if st.st_size != size or st.st_mtime_ns != mtime_ns:
            return f"{path} has changed since the folder was read"
        if not os.access(path, os.R_OK):  # (a chmod changes neither size nor time)
            return f"{path} can no longer be read (permission denied)"
        return ""

    def key_for_id(self, cable_id: str) -> int | None:
        rows = self._rows(
            "SELECT key FROM cables WHERE id = ? COLLATE NOCASE"
            " OR published_id = ? COLLATE NOCASE ORDER BY id != ? COLLATE NOCASE, key LIMIT 1",
            (cable_id.strip(),) * 3,
        )
        return rows[0][0] if rows else None

    def cited_by(self, cable_id: str) -> list[Hit]:
        """The cables that cite ``cable_id`` (in REF lines or the container's list), by date:
        one per cable ID, the copy kept when the folder holds it in several files (as
        ``-copy:other`` keeps it, query.kept_copy), so a cable cited by a text and by its
        WikiLeaks page is cited once."""
        # (not the cable itself: a dumped record's references may name it, and a cable
        # citing itself is none, as the thread's graph has it)
        rows = self._rows(
            f"SELECT {COPY_COLUMNS} FROM refs r JOIN cables c ON c.key = r.key"
            " JOIN files f ON f.id = c.file_id WHERE r.ref = ? AND c.id IS NOT r.ref"
            " ORDER BY c.date, c.id, c.key",
            (cable_id.strip().upper(),),
        )
        return self.hits(kept_copies(rows))

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        """The canonical IDs that start with ``prefix`` (case aside), upper case, in order:
        a range of the IDs' index (value_notes.nearest_ids)."""
        # NOCASE compares letters as lower case: "~" sorts after every letter and digit
        rows = self._rows(
            "SELECT id FROM cables WHERE id >= ? COLLATE NOCASE AND id < ? COLLATE NOCASE"
            " ORDER BY id COLLATE NOCASE LIMIT ?",
            (prefix, prefix + "~", limit),
        )
        up = prefix.upper()
        return list(dict.fromkeys(i.upper() for (i,) in rows if i.upper().startswith(up)))

    def label_names(self) -> list[str]:
        """The names of the analyst's labels, by name (value_notes.empty_notes)."""
        from reader.annotate.annotations import Annotations, annotations_path

        path = self.annotations_path or annotations_path()
        if not path.exists():
            return []
        with contextlib.closing(Annotations.open(path, backup=False)) as notes:
            return [label.name for label in notes.labels()]

    def cites(self, cable_id: str) -> list[str]:
        """The cable IDs ``cable_id`` cites (REF lines and the container's list), by ID."""
        return [
            r
            for (r,) in self._rows(
                "SELECT r.ref FROM refs r JOIN cables c ON c.key = r.key WHERE r.key = (SELECT"
                " key FROM cables WHERE id = ? COLLATE NOCASE ORDER BY key LIMIT 1)"
                " AND c.id IS NOT r.ref ORDER BY r.ref",  # (not itself: see cited_by)
                (cable_id.strip(),),
            )
        ]

    def copies(self, cable_id: str) -> list[CableCopy]:
        """The rows of the index with the canonical ID ``cable_id``: one per file (or
        cables.csv row) holding it, each its own cable and key (index cables_id)."""
        ident = cable_id.strip()
        if not ident:
            return []  # the cables without an ID are no copies of each other
        return [
            CableCopy(key, on_disk(path), fmt, row, length)
            for key, path, fmt, row, length in self._rows(COPIES_SQL, (ident,))
        ]

    def partial(self) -> str | None:
        """Why the index does not hold the whole folder as it was last listed (a refresh
        not finished: cut short, killed, out of disk space; or never run), as a sentence;
        None when the last refresh went through. Every answer of a partial index says so."""
        meta = dict(self._rows(
            "SELECT name, value FROM meta WHERE name IN ('listing', 'indexed', 'listed_in_part')"
        ))  # fmt: skip
        if "listed_in_part" in meta:  # its files not done are of the first found, not all
            return "the index is partial: its refresh stopped before the whole folder was listed"
        pending = self._one(f"SELECT count(*) FROM files WHERE {NOT_DONE} AND state = {INDEXING}")
        if pending:
            return f"the index is partial: {pending:,} files are not indexed yet"
        if "indexed" not in meta and self._one("SELECT count(*) FROM files") == 0:
            return "the index is empty: the folder has not been indexed yet"
        if meta.get("listing") is None or meta.get("listing") != meta.get("indexed"):
            return "the index is partial: its last refresh did not finish"
        return None

    def annotations(self, *, backup: bool = False) -> Annotations:
        """The analyst's annotations file, on a connection of its own."""
        from reader.annotate.annotations import Annotations, annotations_path

        return Annotations.open(self.annotations_path or annotations_path(), backup=backup)

    def file_count(self) -> int:
        """Files of the folder the index knows (read, being read, or unreadable)."""
        return self._one("SELECT count(*) FROM files")

    def pending(self) -> int:
        """Cables the second phase (the full parse and the checks) has not reached yet:
        their markings, problems, checks and references are not in the index."""
        return self._one("SELECT count(*) FROM pending")

    def filling(self) -> frozenset[str]:
        """The facets still being filled (PHASE_TWO_FACETS while cables are pending)."""
        return PHASE_TWO_FACETS if self.pending() else frozenset()

    def partial_for(self, f: Filter) -> str | None:
        """Why the answer to ``f`` is partial because the second phase is not over (it
        uses a marking, problem, check or reference), as a sentence; None when it is not."""
        try:
            names = field_names(parse_query(f.query))
        except QueryTooBig:
            names = set()
        names |= {facet for facet, _ in f.include | f.exclude}
        used = names & PHASE_TWO_FIELDS
        if not used:
            return None
        pending = self.pending()
        if not pending:
            return None
        return (
            f"the answer is partial: the markings, problems, checks and references of"
            f" {pending:,} cables are still being filled in"
        )

    def file_problems(self) -> list[FileProblem]:
        rows = self._rows(
            f"SELECT path, reason FROM files WHERE {NOT_DONE} AND state = {UNREADABLE}"
            " UNION ALL SELECT path, reason FROM scan_problems ORDER BY 1"
        )
        return [FileProblem(on_disk(p), r) for p, r in rows]

    # -- query helpers -----------------------------------------------------------------

    def _one(self, sql: str, params: Sequence[object] = ()) -> int:
        return int(self._rows(sql, params)[0][0])

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Every row of a query (damage is dealt with by the facade, store.CorpusIndex). A
        query beyond one of SQLite's limits raises QueryTooBig, in plain words."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if _LIMIT_RE.search(str(exc)):
                raise QueryTooBig(
                    f"The query is too complex to answer ({exc}): use fewer terms or fewer"
                    " parentheses."
                ) from exc
            raise

    def _texts(self, keys: Sequence[int]) -> Iterator[tuple[int, str]]:
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, packed in self._rows(
                f"SELECT key, packed FROM texts WHERE key IN ({marks})", chunk
            ):
                yield key, unpack_text(packed)

    def _attach_annotations(self) -> None:
        """Attach the analyst's annotations as schema ``user`` (made if there are none yet)."""
        if self._user_attached:
            return
        # (loaded by the queries that ask for annotations: 4 ms of a search's start)
        from reader.annotate.annotations import AnnotationError, Annotations, annotations_path

        path = self.annotations_path or annotations_path()
        with Annotations.open(path, backup=False) as store:  # the schema, made or migrated
            # a file that can only be read (its disk full, its folder read-only) is read as
            # it is: attached as usual, SQLite would need to make its WAL files there
            where = path.as_uri() + "?immutable=1" if store.read_only else str(path)
        try:
            self._conn.execute("ATTACH DATABASE ? AS user", (where,))
        except sqlite3.OperationalError as exc:
            raise AnnotationError(f"cannot read your annotations at {path}: {exc}") from exc
        self._user_attached = True
        self._sync()

    def _compile(self, f: Filter) -> Plan | None:
        plan = compile_filter(f, self)
        if uses_annotations(plan):
            self._attach_annotations()
            self._user_dependent.add(_plain(f))
        return plan

    def _annotations_there(self) -> bool:
        """Attach the annotations if there are any (a search that does not ask them never
        makes the file): False when the analyst has none yet."""
        if not self._user_attached:
            from reader.annotate.annotations import annotations_path

            path = self.annotations_path or annotations_path()
            if not path.is_file():
                return False
            self._attach_annotations()
        return True

    def _sync(self) -> None:
        """Forget what was cached when another connection has committed since: everything
        when the index changed; when only the annotations did (a star, a label), what
        depends on them, and the matches of every other filter stay."""
        version: object = self._one("PRAGMA data_version")
        if version != self._version:
            self._version = version
            self._values.clear()
            self._matched = None
            self._fast_matches.clear()
            self._text_matches.clear()
            self._rankings.clear()
            self._all_vals = None
            self._facet_vals.clear()
            self._postings_checked = False
            self._user_bits = None
            self._user_plans = {}
            self._ids_checked = False  # the map and the user sets take the new cables in
            self._user_dependent.clear()
        if self._user_attached:
            user = self._one("PRAGMA user.data_version")
            if user != self._user_version:
                self._user_version = user
                self._user_bits = None
                self._user_plans = {}
                for plain in self._user_dependent:
                    self._fast_matches.pop(plain, None)
                if self._matched is not None and self._matched[0] in self._user_dependent:
                    self._matched = None
                self._user_dependent.clear()

    def _postings(self) -> Postings | None:
        """The postings, when they are up to date (not while a refresh is writing)."""
        self._sync()
        if not self._postings_checked:
            self._postings_checked = True
            self._rows("BEGIN")  # one snapshot for the check and the load
            try:
                meta = dict(
                    self._rows(
                        "SELECT name, value FROM meta WHERE name IN"
                        " ('generation', 'postings_generation', 'words_generation')"
                    )
                )
                words_current = meta.get("words_generation") == meta.get("generation")
                self._words = WordTable(self._conn) if words_current else None
                if meta.get("generation") != meta.get("postings_generation"):
                    self._post = None
                elif self._post is None or self._post_generation != meta["generation"]:
                    self._post = Postings.load(self._conn)
                    self._post_generation = meta["generation"]
            finally:
                self._rows("COMMIT")
        return self._post

    def _vals(self) -> list[tuple[int, str, str, int]]:
        """(id, facet, value, count) of every facet value."""
        self._sync()
        if self._all_vals is None:
            self._all_vals = self._rows(
                "SELECT id, facet, value, count FROM vals WHERE facet != ?", (PORTION,)
            )
        return self._all_vals

    def _counted_vals(self, facet: str | None) -> list[tuple[int, str, str]]:
        """(id, facet, value) of every value any cable has, of every facet or of ``facet``."""
        self._vals()  # (and forget those of an older state of the index)
        if facet not in self._facet_vals:
            self._facet_vals[facet] = [
                (vid, name, value)
                for vid, name, value, n in self._vals()
                if n > 0 and facet in (None, name)
            ]
        return self._facet_vals[facet]

    def _fast(self, f: Filter) -> tuple[Postings, int, bytes] | None:
        """(postings, bitmap of the matching keys, byte-per-key table of them), or None
        when there are no up-to-date postings (the SQL path answers then)."""
        post = self._postings()
        if post is None:
            return None
        plain = _plain(f)
        if plain in self._fast_matches:
            match, table = self._fast_matches.pop(plain)
        else:
            plan = self._compile(plain)
            match = post.live if plan is None else self._evaluate(plan, post) & post.live
            table = post.table(match)
            if len(self._fast_matches) >= FAST_MATCHES_KEPT:
                del self._fast_matches[next(iter(self._fast_matches))]
        self._fast_matches[plain] = (match, table)  # now the newest
        return post, match, table

    def _key_bits(self, sql: str, params: Sequence[object]) -> int:
        """The bitmap of the keys a ``SELECT group_concat(key) ...`` gives (postings.
        bits_of_joined)."""
        return bits_of_joined(self._rows(sql, params)[0][0])

    def _fts_bits(self, expr: str) -> int:
        """The bitmap of the keys the full text's ``expr`` matches."""
        return self._key_bits(_FTS_KEYS, (expr,))

    def _key_list(self, sql: str, params: Sequence[object]) -> list[int]:
        """The keys a ``SELECT group_concat(key) ...`` gives (one row: faster than many;
        read as a JSON list: twice as fast as int() of each)."""
        text = self._rows(sql, params)[0][0]
        return json.loads(f"[{text}]") if text else []

    def _evaluate(self, plan: Plan, post: Postings) -> int:
        if isinstance(plan, Values):
            return post.of_values(plan.ids)
        if isinstance(plan, Text):
            bits = self._text_matches.pop(plan.expr, None)
            if bits is None:
                if self._words is not None and plan.node is not None:
                    bits = match_words(plan.node, self._words, self._fts_bits)
                if bits is None:
                    bits = self._fts_bits(plan.expr)
                if len(self._text_matches) >= TEXT_MATCHES_KEPT:
                    del self._text_matches[next(iter(self._text_matches))]
            self._text_matches[plan.expr] = bits  # now the newest
            return bits
        if isinstance(plan, UserSql):
            self._user_sets()  # the bitmaps of is:starred, label:NAME, ...: once per change
            if plan in self._user_plans:
                return self._user_plans[plan]
        if isinstance(plan, Sql):
            sql = f"SELECT group_concat(c.key) FROM cables c WHERE {plan.sql}"
            return self._key_bits(sql, plan.params)
        if isinstance(plan, Without):
            return post.live & ~self._evaluate(plan.part, post)
        if isinstance(plan, Both):
            # cheap parts first; stop at an empty result
            parts = sorted(plan.parts, key=lambda p: not isinstance(p, Values))
            bits = self._evaluate(parts[0], post)
            for part in parts[1:]:
                if not bits:
                    break
                bits &= self._evaluate(part, post)
            return bits
        bits = 0
        for part in plan.parts:
            bits |= self._evaluate(part, post)
        return bits

    def values(self, facet: str) -> list[tuple[int, str]]:
        """(value id, value) of every value of ``facet``: the ValueLookup of conditions."""
        if facet not in self._values:
            self._values[facet] = self._rows("SELECT id, value FROM vals WHERE facet = ?", (facet,))
        return self._values[facet]

    def _match(self, f: Filter) -> bool:
        """Put the keys matching ``f`` in temp.m; False (and nothing done) if all match."""
        self._sync()
        plain = _plain(f)
        if self._matched is not None and self._matched[0] == plain:
            return True
        plan = self._compile(plain)
        if plan is None:
            return False
        condition = to_sql(plan)
        self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS m(key INTEGER PRIMARY KEY)")
        self._conn.execute("DELETE FROM temp.m")
        self._rows(
            f"INSERT INTO temp.m SELECT c.key FROM cables c WHERE {condition.sql}", condition.params
        )
        self._matched = (plain, self._version)
        return True

    def _ordered(self, f: Filter) -> tuple[str, tuple[object, ...]]:
        if f.sort not in _SORT_SQL:
            raise ValueError(f"unknown sort {f.sort!r}")
        direction = " DESC" if f.descending else ""
        order = ", ".join(col + direction for col in _SORT_SQL[f.sort])
        if self._match(f):
            return f"SELECT c.key FROM temp.m JOIN cables c ON c.key = m.key ORDER BY {order}", ()
        return f"SELECT c.key FROM cables c ORDER BY {order}", ()


class _Ranking:
    """The scores of one query's words: the keys scored (ascending, and as a bitmap) and
    their scores; as an array by key and, once a page needs it, every key in relevance
    order, when asked."""

    __slots__ = ("_scores", "_size", "bits", "head", "keys", "order", "values")

    def __init__(self, keys: list[int], values: list[float], size: int) -> None:
        self.keys = keys
        self.values = values
        self.bits = bits_of(keys)
        self.order: list[int] | None = None
        self.head: Sequence[int] | None = None
        self._scores: array[float] | None = None
        self._size = size

    @property
    def scores(self) -> array[float]:
        """Each key's score by key (+inf: no score, so last), set by a C loop (2-3x faster
        than a dict at 250,000 cables)."""
        if self._scores is None:
            scores = array("d", [math.inf]) * self._size
            deque(map(scores.__setitem__, self.keys, self.values), maxlen=0)
            self._scores = scores
        return self._scores


#: as_good_as guesses the last score from every SAMPLE_STEP-th score
SAMPLE_STEP = 16


def as_good_as(keys: Sequence[int], values: Sequence[float], k: int) -> dict[int, float]:
    """{key: score} of the keys scoring as well as the ``k``-th best (the lowest BM25 is the
    best), ties with it included; ``keys`` and ``values`` side by side, at least ``k``.

    heapq.nsmallest walks all 115,000 scores of a common word in Python, and finding the
    keys then walked them again (8-9 ms for a head of 500): a guess of the last score from
    every SAMPLE_STEP-th score, with a margin, keeps a thousand or so in one pass (a
    comprehension: the interpreter compares floats in it faster than a map of __ge__), and
    sorting those finds it exactly whenever at least ``k`` are kept (else the walk)."""
    if len(values) > 8 * k:
        sample = sorted(values[::SAMPLE_STEP])
        guess = sample[min(len(sample) - 1, 2 * (k // SAMPLE_STEP) + 8)]
        few = [(key, v) for key, v in zip(keys, values, strict=True) if v <= guess]
        if len(few) >= k:  # then the k best are all among them
            last = sorted([v for _, v in few])[k - 1]
            return {key: v for key, v in few if v <= last}
    last = heapq.nsmallest(k, values)[-1]
    return {key: v for key, v in zip(keys, values, strict=True) if v <= last}


def _top_of_all(
    scores: array[float], ties: Sequence[int], table: bytes, offset: int, end: int
) -> list[int]:
    """The page ``offset:end`` of the keys ``table`` marks by score, ties in the order of
    ``ties``, walking all of ``ties``: the same page as a stable sort of every key by score,
    but only the keys scoring as well as the page's last are sorted."""
    score = scores.__getitem__
    picked = list(compress(ties, map(table.__getitem__, ties)))  # matching, in ties order
    if len(picked) > end:
        # the end-th best score; every key scoring at most that keeps its place in the
        # ties order, so the stable sort below orders them as the sort of all would
        last = heapq.nsmallest(end, map(score, picked))[-1]
        picked = list(compress(picked, map(last.__ge__, map(score, picked))))
    picked.sort(key=score)
    return picked[offset:end]


def rank_expression(query: str) -> str | None:
    """The words of ``query`` that relevance scores (its words, phrases and prefixes, not
    its -words), as one FTS5 expression matching any of them; None when it has none."""
    terms = text_terms(parse_query(query))
    return " OR ".join(dict.fromkeys(fts_expression(t) for t in terms)) or None


def scored_alike(query: str, words: str) -> str | None:
    """The FTS5 expression of the text part of ``query`` (its words, phrases, prefixes and
    -words at the top, which the compiler answers as one Text) when FTS5's ``bm25()``
    gives each cable it matches the score that ``words`` (``rank_expression``) gives it;
    None when it may not.

    bm25() sums, phrase by phrase in the expression's order, the phrase's IDF (counted over
    the whole table, whatever the expression) times a function of the instances FTS5
    reports for the cable: the same sum when the expression's positive phrases are
    ``words``' phrases in the same order, each reported wherever the cable holds it, and
    its negated ones contribute nothing (a term of 0.0 changes no float). So: a top-level
    AND of words, phrases and ORs of them (a cable matching holds every term, and each OR
    reports every one of its phrases the cable holds), less ORs of words and phrases (a
    cable matching holds none of them). An AND under an OR or a NOT can leave a phrase the
    cable holds unreported (FTS5 reports a phrase only where its node stands), a phrase
    twice counts twice, and a text term under a field's OR scores in ``words`` only: those
    are scored by ``words`` itself."""
    node = parse_query(query)
    if node is None:
        return None
    text = text_part(node.children if isinstance(node, And) else (node,))
    positive = [c for c in text if not isinstance(c, Not)]
    negative = [c.child for c in text if isinstance(c, Not)]
    if not positive or not all(map(_flat, positive + negative)):
        return None
    if " OR ".join(p for c in positive for p in _phrases(c)) != words:
        return None
    return fts_expression(And(tuple(text)) if isinstance(node, And) else node)


def _flat(node: Node) -> bool:
    """A word, a phrase or a prefix, or an OR of them."""
    if isinstance(node, Or):
        return all(map(_flat, node.children))
    return isinstance(node, Word | Phrase)


def _phrases(node: Node) -> list[str]:
    """The FTS5 phrases of a ``_flat`` node, in the order of its expression."""
    if isinstance(node, Or):
        return [p for c in node.children for p in _phrases(c)]
    return [fts_expression(node)]


def _plain(f: Filter) -> Filter:
    """The filter without its sort: what decides which cables match."""
    return Filter(f.query, f.include, f.exclude)


_FTS_KEYS = "SELECT group_concat(rowid) FROM ft WHERE ft MATCH ?"
#: The annotations' table of each two-state user facet (its first value: the cable is in it).
_USER_TABLES = {"starred": "stars", "read": "reads", "note": "notes"}


def _split_ids(joined: str | None) -> set[str]:
    """The IDs of a ``group_concat(cable_id, char(31))``."""
    return set(joined.split("\x1f")) if joined else set()


def _bits_of_ids(keys: dict[str, tuple[int, ...]], ids: Iterable[str]) -> int:
    """The bitmap of the cables with these IDs (IDs the index lacks left out)."""
    return bits_of(sorted(k for cable_id in ids for k in keys.get(cable_id, ())))


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _csv_fields_text(cable: Cable) -> str:
    meta = cable.meta
    lines = [f"row: {cable.source.row}"]
    if meta is not None:
        lines += [
            f"date: {meta.created:%m/%d/%Y %H:%M}" if meta.created else "date:",
            f"reference id: {meta.reference_id or ''}",
            f"origin: {meta.origin or ''}",
            f"classification: {meta.classification or ''}",
            f"references: {','.join(meta.referenced_ids)}",
        ]
    return "\n".join(lines) + "\n\n" + cable.text
