"""The team store's facet counts of a filter: from the matching cables' arrays when they are
few, from the values' bitmaps when many (a chosen value's facet counted from its own
values' bitmaps alone), the same either way; reference-not-in-folder (in
neither) counted from its cables kept apart, found again once another folder's cables
answer a reference.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from handmade import Spec, write_folder
from pg_server import filled_corpus

from reader.query.query import Filter
from reader.review.folder_checks import FOLDER_CHECK
from reader.team import pgstore
from reader.team.pg_facets import recount
from reader.team.pgstore import PgIndex


def _specs() -> tuple[Spec, ...]:
    """Forty cables of two posts and two tags; each Rome cable cites a Paris cable that is
    not in this folder (PARIS 900 + n)."""
    return tuple(
        Spec("ROME" if n % 2 else "OSLO", 100 + n, f"2006-{1 + n % 12:02d}-{1 + n % 28:02d}",
             "C" if n % 3 else "U", tags=("PREL",) if n % 4 else ("ECON",),
             refs=(f"PARIS {900 + n}",) if n % 2 else (),
             paragraphs=(("U", "Iran and the nuclear file." if n % 3 else "Trade."),))
        for n in range(40)
    )  # fmt: skip


FILTERS = [Filter("nuclear"), Filter("trade"),
           Filter("", frozenset({("origin", "Embassy Rome")})),
           Filter("iran", exclude=frozenset({("tag", "ECON")})),
           Filter("nuclear -trade"),
           Filter("nuclear", frozenset({("tag", "PREL"), ("classification", "CONFIDENTIAL")})),
           ]  # fmt: skip


#: pgstore._ARRAYS_BELOW that has every filter's facets counted from its cables' arrays /
#: from the values' bitmaps
_ARRAYS, _BITMAPS = 0, 10**9


def test_the_arrays_and_the_bitmaps_count_the_same(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with filled_corpus(pg_url, tmp_path / "cables", _specs()) as index:
        assert index._fast
        counts = {}
        for below in (_ARRAYS, _BITMAPS):  # every filter from its arrays, then its bitmaps
            monkeypatch.setattr(pgstore, "_ARRAYS_BELOW", below)
            counts[below] = [index.facets(f) for f in FILTERS]
        assert counts[_ARRAYS] == counts[_BITMAPS]
        rome = counts[_BITMAPS][2]
        assert {(v.value, v.count) for v in rome["origin"]} >= {("Embassy Rome", 20)}
        assert [(v.value, v.count) for v in rome["check"] if v.value == FOLDER_CHECK] == [
            (FOLDER_CHECK, 20)
        ]


def test_the_folder_check_is_counted_again_once_a_reference_is_answered(
    tmp_path: Path, pg_url: str
) -> None:
    write_folder(tmp_path / "cables", _specs())
    cited = tuple(Spec("PARIS", 900 + n, "2006-01-02", "U") for n in (1, 3, 5))
    write_folder(tmp_path / "more", cited)

    def flagged(index: PgIndex, f: Filter) -> int:
        return sum(v.count for v in index.facets(f)["check"] if v.value == FOLDER_CHECK)

    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        assert flagged(index, Filter("")) == 20
        assert flagged(index, Filter("nuclear")) == 13  # the odd n not divisible by 3
        index.refresh(tmp_path / "more")  # the same window: what it kept is read again
        assert flagged(index, Filter("")) == 17
        assert flagged(index, Filter("nuclear")) == 11  # 01 and 05 answered, 03 had none


#: filters of facet values only, and whether the values' bitmaps can find their cables
#: (not: reference-not-in-folder alone, in no bitmap); a NOT at the top sets the bits of
#: keys no cable has too, and its keys are kept among the cables'
VALUE_FILTERS = [
    (Filter("tag:PREL"), True),
    (Filter("class:C -tag:ECON"), True),
    (Filter("tag:PREL OR from:oslo"), True),
    (Filter("(tag:ECON OR from:rome) -class:U"), True),
    (Filter("", frozenset({("origin", "Embassy Rome"), ("tag", "PREL")})), True),
    (Filter("tag:NOSUCH"), True),
    (Filter("", exclude=frozenset({("tag", "ECON")})), True),
    (Filter(f"check:{FOLDER_CHECK}"), False),
    (Filter(f"tag:PREL -check:{FOLDER_CHECK}"), True),  # the check from its condition
    (Filter("-class:U"), True),
    (Filter("-(tag:PREL OR from:rome)"), True),
    (Filter("-tag:NOSUCH"), True),
    (Filter("tag:ECON OR -class:C"), True),
]


#: filters of words and facet values: the words' cables kept where the values' bits are set
MIXED_FILTERS = [
    Filter("nuclear tag:PREL"),
    Filter("iran -tag:ECON"),
    Filter("trade -class:C from:oslo"),
    Filter("nuclear", frozenset({("origin", "Embassy Rome")}), frozenset({("tag", "ECON")})),
    Filter(f"nuclear tag:PREL -check:{FOLDER_CHECK}"),
    Filter("-nuclear class:U"),
]


def _keys_both_ways(index: PgIndex, f: Filter) -> tuple[bool, list[int], list[int]]:
    """Whether ``f``'s cables come from the bitmaps; its keys that way and by its condition."""
    w = index._condition(f)
    index._kept.clear()
    found = sorted(index._matching(w) or [])
    index._kept.clear()
    plain = sorted(index._matching(pgstore._Where(w.sql, w.params)) or [])
    index._kept.clear()
    return w.bits is not None, found, plain


def test_a_filter_of_words_and_values_keeps_the_words_cables_whose_bits_are_set(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_folder(tmp_path / "cables", _specs())
    said = (("U", "Iran and the nuclear file."),)
    later = tuple(
        Spec("ROME", 700 + n, "2007-03-04", "C", tags=("PREL",), paragraphs=said) for n in range(3)
    )
    write_folder(tmp_path / "later", later)
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        for below in (_SPLIT_NEVER, pgstore._SPLIT_ABOVE):  # the condition alone, then split
            monkeypatch.setattr(pgstore, "_SPLIT_ABOVE", below)
            for f in MIXED_FILTERS:
                bits, found, plain = _keys_both_ways(index, f)
                assert bits and found == plain and found, f
        monkeypatch.setattr("reader.team.pg_writer.recount", lambda _conn: None)
        index.refresh(tmp_path / "later")  # above the key counted: from the condition
        for f in MIXED_FILTERS:
            bits, found, plain = _keys_both_ways(index, f)
            assert bits and found == plain, f
        bits, found, _ = _keys_both_ways(index, MIXED_FILTERS[0])
        assert len([k for k in found if k > index._bits_top()]) == 3


#: a share of the cables the values' bits never reach: the condition answers alone
_SPLIT_NEVER = 10**9


def test_a_filter_of_facet_values_finds_its_cables_in_the_bitmaps_and_those_added_since(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_folder(tmp_path / "cables", _specs())
    later = tuple(Spec("ROME", 700 + n, "2007-03-04", "C", tags=("PREL",)) for n in range(3))
    write_folder(tmp_path / "later", later)
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        before = {}
        for f, by_bits in VALUE_FILTERS:
            bits, found, plain = _keys_both_ways(index, f)
            assert (bits, found) == (by_bits, plain), f
            before[f] = len(found)
        assert before[VALUE_FILTERS[0][0]] == 30 and before[VALUE_FILTERS[5][0]] == 0
        # a folder added and the bitmaps not made again (as while another indexer works):
        # its cables come from the condition, above the key counted
        monkeypatch.setattr("reader.team.pg_writer.recount", lambda _conn: None)
        index.refresh(tmp_path / "later")
        for f, by_bits in VALUE_FILTERS:
            bits, found, plain = _keys_both_ways(index, f)
            assert (bits, found) == (by_bits, plain), f
        bits, found, _ = _keys_both_ways(index, Filter("tag:PREL"))
        assert len(found) == 33
        assert len([k for k in found if k > index._bits_top()]) == 3  # the three added


def test_a_not_at_the_top_finds_cables_only_where_keys_were_taken_by_copies(
    tmp_path: Path, pg_url: str
) -> None:
    """Keys no cable has (taken by copies of cables the corpus holds, ON CONFLICT DO
    NOTHING) below the key counted: a NOT's bits are set for them, its keys are not."""
    specs = _specs()
    write_folder(tmp_path / "cables", specs)
    write_folder(tmp_path / "copies", specs[:10])
    write_folder(tmp_path / "later", (Spec("ROME", 700, "2007-03-04", "C", tags=("PREL",)),))
    with PgIndex.open(pg_url) as index:
        for folder in ("cables", "copies", "later"):
            index.refresh(tmp_path / folder)
        assert index.total() == 41 and index._bits_top() > 41  # keys taken by the copies
        for f, by_bits in VALUE_FILTERS:
            bits, found, plain = _keys_both_ways(index, f)
            assert (bits, found) == (by_bits, plain), f
        assert index.count(Filter("-tag:NOSUCH")) == 41
        assert index.count(Filter("-class:U")) == 27


def test_the_cables_keys_a_not_is_kept_among_are_read_once_by_prepare(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_folder(tmp_path / "cables", _specs())
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        index.prepare()
        statements = _noted(index, monkeypatch)
        assert index.count(Filter("-class:U")) == 26
        assert index.count(Filter("", exclude=frozenset({("tag", "ECON")}))) == 30
        assert statements and not [s for s in statements if "FROM cables WHERE key <=" in s]


def _noted(index: PgIndex, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements ``index`` reads from now on, noted in the list returned."""
    read = index._read
    statements: list[str] = []

    def noting(sql: str, params: object = (), **kwargs: object) -> object:
        statements.append(sql)
        return read(sql, params, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "_read", noting)
    return statements


def test_the_values_bitmaps_read_once_count_as_the_database_does(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """prepare() reads every value's bitmap into one matrix (pg_facets.KeptBits): a filter's
    counts are then made here, the same as the database's, the cables added since the
    bitmaps counted from their arrays; once the bitmaps are made again, the database's."""
    write_folder(tmp_path / "cables", _specs())
    later = tuple(Spec("OSLO", 700 + n, "2007-03-04", "S", tags=("ECON",)) for n in range(4))
    write_folder(tmp_path / "later", later)
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        monkeypatch.setattr(pgstore, "_ARRAYS_BELOW", _BITMAPS)
        by_database = [index.facets(f) for f in FILTERS]
        assert index.prepare() and index._matrix is not None
        statements = _noted(index, monkeypatch)
        assert [index.facets(f) for f in FILTERS] == by_database
        assert statements and not [s for s in statements if "bit_count(" in s]
        monkeypatch.setattr("reader.team.pg_writer.recount", lambda _conn: None)
        index.refresh(tmp_path / "later")  # above the key counted: from their arrays
        with_later = [index.facets(f) for f in FILTERS]
        monkeypatch.setattr(pgstore, "_ARRAYS_BELOW", _ARRAYS)
        assert with_later == [index.facets(f) for f in FILTERS]
        secret = {v.value: v.count for v in with_later[0]["classification"]}
        assert secret.get("SECRET") is None  # "nuclear": the later cables say nothing of it
        assert {v.value: v.count for v in index.facets(Filter(""))["classification"]}[
            "SECRET"
        ] == 4
        recount(index._conn)  # the bitmaps made again: the matrix read before is not used
        monkeypatch.setattr(pgstore, "_ARRAYS_BELOW", _BITMAPS)
        statements.clear()
        assert [index.facets(f) for f in FILTERS] == with_later
        assert [s for s in statements if "bit_count(" in s]


def test_the_folder_checks_cables_are_read_again_when_it_is_made_again_not_at_each_star(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A star or a read of anyone in the team moves the corpus's count of changes; the
    cables reference-not-in-folder flags stay what the last folder check found, and are
    read again only once a refresh has made it again."""
    write_folder(tmp_path / "cables", _specs())
    write_folder(tmp_path / "more", (Spec("PARIS", 901, "2006-01-02", "U"),))
    with PgIndex.open(pg_url) as index:
        index.refresh(tmp_path / "cables")
        statements = _noted(index, monkeypatch)
        flagged = [v for v in index.facets(Filter(""))["check"] if v.value == FOLDER_CHECK]
        assert [v.count for v in flagged] == [20]
        with index._conn.transaction():  # a teammate's star: a write the count counts
            index._conn.execute(
                "UPDATE meta SET value = (value::bigint + 1)::text WHERE name = 'changes'"
            )
        statements.clear()
        index.facets(Filter(""))
        assert not [s for s in statements if "v.facet = 'check' AND v.value" in s]
        index.refresh(tmp_path / "more")  # the check made again: 06PARIS901 answers one
        statements.clear()
        flagged = [v for v in index.facets(Filter(""))["check"] if v.value == FOLDER_CHECK]
        assert [v.count for v in flagged] == [19]
        assert [s for s in statements if "v.facet = 'check' AND v.value" in s]
