"""Tests for reader.review.folder_checks, on an index schema filled by hand: which cables
cite an ID no cable of the folder has, and which citing cables hold a facet value. The
refresh that stores the answer is tested through scenarios in test_folder_check.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.index.database import open_database
from reader.review.checks import UNCHECKED_PROBLEMS
from reader.review.folder_checks import (
    FOLDER_CHECK,
    keys_with_missing_references,
    keys_with_value,
)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    db = tmp_path / "index.sqlite3"
    messages: list[str] = []
    connection = open_database(db, tmp_path, messages)
    assert messages == []
    yield connection
    connection.close()


def _cable(conn: sqlite3.Connection, key: int, ident: str, cites: tuple[str, ...] = ()) -> None:
    conn.execute(
        "INSERT INTO cables (key, file_id, seq, format, id, origin, classification, level,"
        " rank, subject) VALUES (?, 1, ?, 'txt', ?, '', '', 'U', 0, '')",
        (key, key, ident),
    )
    conn.executemany("INSERT INTO refs VALUES (?, ?)", [(ref, key) for ref in cites])


def _value(conn: sqlite3.Connection, facet: str, value: str, keys: tuple[int, ...]) -> int:
    conn.execute(
        "INSERT INTO vals (facet, value, count) VALUES (?, ?, ?)", (facet, value, len(keys))
    )
    (value_id,) = conn.execute(
        "SELECT id FROM vals WHERE facet = ? AND value = ?", (facet, value)
    ).fetchone()
    conn.executemany("INSERT INTO cable_values VALUES (?, ?)", [(k, value_id) for k in keys])
    return int(value_id)


def test_the_check_code() -> None:
    assert FOLDER_CHECK == "reference-not-in-folder"


def test_no_cables_no_keys(conn: sqlite3.Connection) -> None:
    assert keys_with_missing_references(conn) == set()


def test_keys_citing_a_missing_cable(conn: sqlite3.Connection) -> None:
    _cable(conn, 1, "07PRAGUE497", ("07PRAGUE486", "07PRAGUE497"))  # one missing
    _cable(conn, 2, "07Prague500", ("07PRAGUE497",))  # cites a cable of the folder
    _cable(conn, 3, "07PRAGUE501", ("07PRAGUE501",))  # cites itself: in the folder
    _cable(conn, 4, "07PRAGUE502", ("99NOWHERE1",))  # missing, but not checked (below)
    _cable(conn, 5, "07PRAGUE503", ("99NOWHERE1", "99NOWHERE2"))  # two missing: once
    _cable(conn, 6, "07PRAGUE504", ("07PRAGUE500",))  # the ID differs in case only
    _cable(conn, 7, "07PRAGUE505")  # cites nothing
    _value(conn, "problem", UNCHECKED_PROBLEMS[0], (4,))
    _value(conn, "problem", "no-dtg", (5,))  # a problem the checks still look past
    assert keys_with_missing_references(conn) == {1, 5}


def test_a_cable_that_comes_turns_the_finding_off(conn: sqlite3.Connection) -> None:
    _cable(conn, 1, "07PRAGUE497", ("07PRAGUE486",))
    _cable(conn, 2, "07PRAGUE498", ("07PRAGUE486", "07PRAGUE490"))
    assert keys_with_missing_references(conn) == {1, 2}
    _cable(conn, 3, "07PRAGUE486")
    assert keys_with_missing_references(conn) == {2}
    conn.execute("DELETE FROM cables WHERE key = 3")
    assert keys_with_missing_references(conn) == {1, 2}


@pytest.mark.parametrize("code", UNCHECKED_PROBLEMS)
def test_each_unchecked_problem_is_left_out(conn: sqlite3.Connection, code: str) -> None:
    _cable(conn, 1, "07PRAGUE497", ("07PRAGUE486",))
    _cable(conn, 2, "07PRAGUE498", ("07PRAGUE486",))
    _value(conn, "problem", code, (1,))
    _value(conn, "check", code, (2,))  # the same word in another facet is no problem
    assert keys_with_missing_references(conn) == {2}


def test_keys_with_value_among_citing_cables(conn: sqlite3.Connection) -> None:
    _cable(conn, 1, "07PRAGUE497", ("07PRAGUE486", "07PRAGUE490"))
    _cable(conn, 2, "07PRAGUE498", ("07PRAGUE486",))
    _cable(conn, 3, "07PRAGUE499")  # holds the value but cites nothing
    _cable(conn, 4, "07PRAGUE500", ("07PRAGUE486",))  # cites, without the value
    value_id = _value(conn, "check", FOLDER_CHECK, (1, 2, 3))
    other = _value(conn, "check", "no-tags", (4,))
    assert keys_with_value(conn, value_id) == {1, 2}
    assert keys_with_value(conn, other) == {4}
    assert keys_with_value(conn, other + 100) == set()
