"""Tests for reader.index.writer, called directly on an index made by open_database: what
apply_scan plans for new, changed, renamed, removed and unreadable files (and what it writes
of them), rows added and read back from every table, one file's rows committed together,
the folder check and the postings at the end, InOrder and the Reporter.

Scans are written by hand (SourceFile: path, size, mtime, (device, inode)); rows too
(CableRow), except in the last test, which writes real cables parsed from ../shared/cables.
The whole refresh, from a folder on disk, is tested through scenarios (test_refresh.py)."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.index.database import DONE, INDEXING, UNREADABLE, open_database, unpack_text
from reader.index.postings import Postings
from reader.index.rows import CableRow, cable_row
from reader.index.scan import ScanResult, SourceFile, listing_digest
from reader.index.workers import FileTask, Piece
from reader.index.writer import (
    COMMIT_SECONDS,
    FIRST_COMMIT_ROWS,
    InOrder,
    Planned,
    Reporter,
    Writer,
)
from reader.parser.containers import read_cables
from reader.query.query import LINKS_NAMED, FileProblem, Progress, links_not_followed
from reader.review.folder_checks import FOLDER_CHECK

A = SourceFile("a.txt", 100, 1_000, (1, 11))
B = SourceFile("b.txt", 200, 2_000, (1, 12))
C = SourceFile("sub/c.txt", 300, 3_000, (1, 13))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "index.sqlite3"


@pytest.fixture
def conn(db: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    messages: list[str] = []
    connection = open_database(db, tmp_path, messages)
    yield connection
    connection.close()


def row(
    seq: int, ident: str, text: str, *, tags: tuple[str, ...] = (), refs: tuple[str, ...] = ()
) -> CableRow:
    values = [("classification", "CONFIDENTIAL"), ("origin", "Prague")]
    values += [("tag", t) for t in tags]
    return CableRow(
        seq=seq,
        row=None,
        format="txt",
        id=ident,
        date=200705071501,
        origin="Prague",
        classification="CONFIDENTIAL",
        level="C",
        rank=2,
        subject=f"subject of {ident}",
        values=values,
        refs=list(refs),
        text=text,
        packed=zlib.compress(text.encode("utf-8")),
        meta=None,
    )


def files(conn: sqlite3.Connection) -> dict[str, tuple[int, int, int]]:
    """path -> (id, state, cables)"""
    return {
        path: (fid, state, cables)
        for fid, path, state, cables in conn.execute("SELECT id, path, state, cables FROM files")
    }


def cable_ids(conn: sqlite3.Connection) -> list[str]:
    return [i for (i,) in conn.execute("SELECT id FROM cables ORDER BY key")]


def count(conn: sqlite3.Connection, facet: str, value: str) -> int | None:
    found = conn.execute(
        "SELECT count FROM vals WHERE facet = ? AND value = ?", (facet, value)
    ).fetchone()
    return None if found is None else found[0]


def fts(conn: sqlite3.Connection, word: str) -> list[int]:
    return [
        k for (k,) in conn.execute("SELECT rowid FROM ft WHERE ft MATCH ? ORDER BY rowid", (word,))
    ]


def index_files(
    conn: sqlite3.Connection, scan: list[SourceFile], texts: dict[str, list[str]]
) -> Writer:
    """A refresh of ``scan`` by hand: each planned file gets one row per text, then done."""
    writer = Writer(conn)
    for planned in writer.apply_scan(ScanResult(files=scan)):
        rows = [row(n, f"{planned.path}#{n}", t) for n, t in enumerate(texts.get(planned.path, []))]
        writer.add_piece(Piece(planned.file_id, rows, done=True, nbytes=planned.size))
    writer.finish(complete=True)
    return writer


# --------------------------------------------------------------------------- apply_scan


def test_new_files_are_planned_in_path_order(conn: sqlite3.Connection) -> None:
    planned = Writer(conn).apply_scan(ScanResult(files=[C, B, A]))
    ids = files(conn)
    assert planned == [
        Planned(ids["a.txt"][0], "a.txt", 100, 0),
        Planned(ids["b.txt"][0], "b.txt", 200, 0),
        Planned(ids["sub/c.txt"][0], "sub/c.txt", 300, 0),
    ]
    assert {path: rest for path, (_, *rest) in ids.items()} == {
        "a.txt": [INDEXING, 0],
        "b.txt": [INDEXING, 0],
        "sub/c.txt": [INDEXING, 0],
    }
    stored = conn.execute("SELECT size, mtime_ns, dev, ino FROM files WHERE path = 'sub/c.txt'")
    assert stored.fetchone() == (300, 3_000, 1, 13)
    listing = conn.execute("SELECT value FROM meta WHERE name = 'listing'").fetchone()[0]
    assert listing == listing_digest([C, B, A])


def test_an_unchanged_folder_plans_nothing_and_writes_nothing(conn: sqlite3.Connection) -> None:
    index_files(conn, [A, B], {"a.txt": ["alpha"], "b.txt": ["bravo"]})
    before = conn.total_changes
    assert Writer(conn).apply_scan(ScanResult(files=[A, B])) == []
    assert conn.total_changes == before


def test_files_not_indexed_to_the_end_are_planned_from_where_they_stopped(
    conn: sqlite3.Connection,
) -> None:
    writer = Writer(conn)
    planned = writer.apply_scan(ScanResult(files=[A, B]))
    a_id = planned[0].file_id
    writer.add_piece(Piece(a_id, [row(0, "A0", "alpha"), row(1, "A1", "alpha two")]))
    writer.commit()  # two cables of a.txt in, the file not done (as when a refresh is cut)
    again = Writer(conn).apply_scan(ScanResult(files=[A, B]))
    assert again == [Planned(a_id, "a.txt", 100, 2), Planned(planned[1].file_id, "b.txt", 200, 0)]


def test_a_changed_file_is_planned_again_and_its_cables_go(conn: sqlite3.Connection) -> None:
    index_files(conn, [A, B], {"a.txt": ["alpha", "apple"], "b.txt": ["bravo"]})
    a_id = files(conn)["a.txt"][0]
    grown = A._replace(size=150)
    touched = B._replace(mtime_ns=2_001)
    planned = Writer(conn).apply_scan(ScanResult(files=[grown, touched]))
    assert planned == [
        Planned(a_id, "a.txt", 150, 0),
        Planned(files(conn)["b.txt"][0], "b.txt", 200, 0),
    ]
    assert cable_ids(conn) == []
    assert files(conn)["a.txt"] == (a_id, INDEXING, 0)  # the same row, its id kept
    assert fts(conn, "alpha") == [] and fts(conn, "bravo") == []
    assert count(conn, "origin", "Prague") == 0
    assert conn.execute("SELECT count(*) FROM texts").fetchone()[0] == 0


def test_a_removed_file_goes_with_its_cables(conn: sqlite3.Connection) -> None:
    index_files(conn, [A, B], {"a.txt": ["alpha"], "b.txt": ["bravo", "beta"]})
    assert count(conn, "origin", "Prague") == 3
    assert Writer(conn).apply_scan(ScanResult(files=[A])) == []
    assert list(files(conn)) == ["a.txt"]
    assert cable_ids(conn) == ["a.txt#0"]
    assert count(conn, "origin", "Prague") == 1
    assert fts(conn, "bravo") == [] and len(fts(conn, "alpha")) == 1
    assert conn.execute("SELECT count(*) FROM cable_values").fetchone()[0] == 2


def test_removing_a_few_cables_takes_their_words_out_one_by_one(conn: sqlite3.Connection) -> None:
    """One cable of three goes: its words leave the full-text index, the others' stay (the
    other way, more than half going, the rest is indexed again: the test above)."""
    index_files(conn, [A, B], {"a.txt": ["alpha"], "b.txt": ["bravo", "beta"]})
    assert Writer(conn).apply_scan(ScanResult(files=[B])) == []
    assert fts(conn, "alpha") == []
    assert len(fts(conn, "bravo")) == 1 and len(fts(conn, "beta")) == 1
    assert cable_ids(conn) == ["b.txt#0", "b.txt#1"]


def test_a_renamed_file_keeps_its_cables_and_is_not_parsed_again(conn: sqlite3.Connection) -> None:
    index_files(conn, [A, B], {"a.txt": ["alpha"], "b.txt": ["bravo"]})
    b_id = files(conn)["b.txt"][0]
    moved = B._replace(path="renamed.txt")  # same device, inode, size and time
    assert Writer(conn).apply_scan(ScanResult(files=[A, moved])) == []
    assert files(conn)["renamed.txt"] == (b_id, DONE, 1)
    assert "b.txt" not in files(conn)
    assert cable_ids(conn) == ["a.txt#0", "b.txt#0"]


def test_two_files_swapping_names_are_two_changes(conn: sqlite3.Connection) -> None:
    """Both paths are still there, with another size: each is parsed again under its path
    (only a path that left the folder can be the old name of a rename)."""
    index_files(conn, [A, B], {"a.txt": ["alpha"], "b.txt": ["bravo"]})
    before = files(conn)
    swapped = [A._replace(path="b.txt"), B._replace(path="a.txt")]
    planned = Writer(conn).apply_scan(ScanResult(files=swapped))
    assert planned == [
        Planned(before["a.txt"][0], "a.txt", 200, 0),
        Planned(before["b.txt"][0], "b.txt", 100, 0),
    ]
    assert cable_ids(conn) == []


def test_a_renamed_file_of_another_size_is_new(conn: sqlite3.Connection) -> None:
    index_files(conn, [A, B], {"a.txt": ["alpha"], "b.txt": ["bravo"]})
    moved = B._replace(path="renamed.txt", size=201)
    planned = Writer(conn).apply_scan(ScanResult(files=[A, moved]))
    assert [p.path for p in planned] == ["renamed.txt"]
    assert cable_ids(conn) == ["a.txt#0"]


def test_an_unreadable_file_is_tried_again_every_time(conn: sqlite3.Connection) -> None:
    writer = Writer(conn)
    planned = writer.apply_scan(ScanResult(files=[A, B]))
    a_id, b_id = (p.file_id for p in planned)
    writer.add_piece(Piece(a_id, [row(0, "A0", "alpha")]))
    writer.add_piece(Piece(a_id, error="it is not text (binary data)"))
    writer.add_piece(Piece(a_id, [row(1, "A1", "too late")], done=True))  # ignored now
    writer.add_piece(Piece(b_id, [row(0, "B0", "bravo")], done=True))
    writer.finish(complete=True)
    assert files(conn)["a.txt"] == (a_id, UNREADABLE, 0)
    reason = conn.execute("SELECT reason FROM files WHERE id = ?", (a_id,)).fetchone()[0]
    assert reason == "it is not text (binary data)"
    assert cable_ids(conn) == ["B0"]
    # the folder unchanged: only the unreadable file is planned
    assert Writer(conn).apply_scan(ScanResult(files=[A, B])) == [Planned(a_id, "a.txt", 100, 0)]
    # renamed, it is read again under its new name, never kept out for the old reason
    moved = A._replace(path="z.txt")
    assert [p.path for p in Writer(conn).apply_scan(ScanResult(files=[moved, B]))] == ["z.txt"]


def test_scan_problems_are_stored_and_replaced(conn: sqlite3.Connection) -> None:
    first = ScanResult(files=[A], problems=[FileProblem("locked", "permission denied")])
    Writer(conn).apply_scan(first)
    assert conn.execute("SELECT * FROM scan_problems").fetchall() == [
        ("locked", "permission denied")
    ]
    Writer(conn).apply_scan(ScanResult(files=[A]))
    assert conn.execute("SELECT * FROM scan_problems").fetchall() == []


# --------------------------------------------------------------------------- rows


def test_rows_added_are_read_back_from_every_table(conn: sqlite3.Connection) -> None:
    writer = Writer(conn)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    first_key = writer.next_key
    rows = [
        row(0, "07PRAGUE497", "Klaus asked to see the Ambassador", tags=("PREL", "PREL", "EZ"),
            refs=("07PRAGUE486",)),
        row(1, "07PRAGUE498", "Putin ¶ missile defense", tags=("MARR",)),
    ]  # fmt: skip
    writer.add_piece(Piece(planned.file_id, rows, done=True, nbytes=100))
    writer.commit()
    keys = [first_key, first_key + 1]
    got = conn.execute(
        "SELECT key, file_id, seq, format, id, date, origin, classification, level, rank, subject"
        " FROM cables ORDER BY key"
    ).fetchall()
    assert got == [
        (keys[0], planned.file_id, 0, "txt", "07PRAGUE497", 200705071501, "Prague",
         "CONFIDENTIAL", "C", 2, "subject of 07PRAGUE497"),
        (keys[1], planned.file_id, 1, "txt", "07PRAGUE498", 200705071501, "Prague",
         "CONFIDENTIAL", "C", 2, "subject of 07PRAGUE498"),
    ]  # fmt: skip
    texts = dict(conn.execute("SELECT key, packed FROM texts"))
    assert unpack_text(texts[keys[1]]) == "Putin ¶ missile defense"
    assert fts(conn, "klaus") == [keys[0]] and fts(conn, "missile") == [keys[1]]
    assert count(conn, "tag", "PREL") == 1  # a value given twice counts once
    assert count(conn, "tag", "MARR") == 1 and count(conn, "origin", "Prague") == 2
    assert conn.execute("SELECT * FROM refs").fetchall() == [("07PRAGUE486", keys[0])]
    assert files(conn)["a.txt"] == (planned.file_id, DONE, 2)
    next_key = conn.execute("SELECT value FROM meta WHERE name = 'next_key'").fetchone()[0]
    assert next_key == keys[1] + 1
    assert (writer.files_done, writer.cables_done, writer.bytes_done) == (1, 2, 100)


def test_keys_are_never_reused(conn: sqlite3.Connection) -> None:
    index_files(conn, [A], {"a.txt": ["alpha"]})
    (old,) = conn.execute("SELECT key FROM cables").fetchone()
    index_files(conn, [A._replace(size=101)], {"a.txt": ["alpha again"]})
    (new,) = conn.execute("SELECT key FROM cables").fetchone()
    assert new > old


def test_a_file_commits_as_a_whole(conn: sqlite3.Connection, db: Path) -> None:
    """Another connection sees nothing of a file until the commit, then its cables, texts,
    values and state at once."""
    writer = Writer(conn)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    reader = sqlite3.connect(db)
    writer.add_piece(Piece(planned.file_id, [row(0, "A0", "alpha"), row(1, "A1", "apple")]))
    writer.add_piece(Piece(planned.file_id, [row(2, "A2", "avocado")], done=True))

    def seen() -> tuple[int, int, int, int, int]:
        return reader.execute(
            "SELECT (SELECT count(*) FROM cables), (SELECT count(*) FROM texts),"
            " (SELECT count(*) FROM cable_values), (SELECT state FROM files),"
            " (SELECT cables FROM files)"
        ).fetchone()

    assert seen() == (0, 0, 0, INDEXING, 0)
    writer.commit()
    assert seen() == (3, 3, 6, DONE, 3)
    reader.close()


def test_a_file_cut_off_before_its_commit_leaves_nothing(db: Path, tmp_path: Path) -> None:
    conn = open_database(db, tmp_path, [])
    writer = Writer(conn)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    writer.add_piece(Piece(planned.file_id, [row(0, "A0", "alpha")], done=True))
    writer.flush()
    conn.close()  # the process dies: the open transaction is rolled back
    conn = open_database(db, tmp_path, [])
    assert files(conn)["a.txt"] == (planned.file_id, INDEXING, 0)
    assert cable_ids(conn) == [] and fts(conn, "alpha") == []
    assert Writer(conn).apply_scan(ScanResult(files=[A])) == [
        Planned(planned.file_id, "a.txt", 100, 0)
    ]
    conn.close()


def test_commit_is_due_after_the_first_hundred_rows_then_by_batch(conn: sqlite3.Connection) -> None:
    writer = Writer(conn)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    writer.last_commit = float("inf")  # take the clock out: rows alone decide
    rows = [row(n, f"A{n}", "alpha") for n in range(FIRST_COMMIT_ROWS)]
    writer.add_piece(Piece(planned.file_id, rows[:-1]))
    assert not writer.due()
    writer.add_piece(Piece(planned.file_id, rows[-1:]))
    assert writer.due()
    writer.commit()
    writer.last_commit = float("inf")
    writer.add_piece(Piece(planned.file_id, [row(FIRST_COMMIT_ROWS, "more", "alpha")]))
    assert not writer.due()  # after the first commit, batches are bigger
    writer.last_commit = float("-inf")  # long ago
    assert writer.due()
    assert COMMIT_SECONDS > 0


def test_a_writer_after_another_commits_no_small_first_batch(conn: sqlite3.Connection) -> None:
    """The writer of a refresh's second step (after the first files, or the second phase):
    the window has rows already, so its first batch is a whole one."""
    writer = Writer(conn, small_first_batch=False)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    writer.last_commit = float("inf")
    writer.add_piece(
        Piece(planned.file_id, [row(n, f"A{n}", "alpha") for n in range(FIRST_COMMIT_ROWS)])
    )
    assert not writer.due()


# --------------------------------------------------------------------------- finish


def test_finish_marks_the_folder_check_and_brings_the_postings_up(conn: sqlite3.Connection) -> None:
    writer = Writer(conn)
    planned = writer.apply_scan(ScanResult(files=[A, B]))
    key = writer.next_key
    writer.add_piece(
        Piece(
            planned[0].file_id, [row(0, "07PRAGUE497", "alpha", refs=("07PRAGUE486",))], done=True
        )
    )
    writer.add_piece(
        Piece(
            planned[1].file_id, [row(0, "07PRAGUE500", "bravo", refs=("07PRAGUE497",))], done=True
        )
    )
    writer.finish(complete=True)
    assert count(conn, "check", FOLDER_CHECK) == 1
    (vid,) = conn.execute("SELECT id FROM vals WHERE value = ?", (FOLDER_CHECK,)).fetchone()
    assert conn.execute("SELECT key FROM cable_values WHERE value_id = ?", (vid,)).fetchall() == [
        (key,)
    ]
    generations = dict(conn.execute("SELECT name, value FROM meta WHERE name LIKE '%generation'"))
    assert generations["generation"] == generations["postings_generation"] > 0
    postings = Postings.load(conn)
    assert postings.live == (1 << key) | (1 << (key + 1))
    assert postings.of_values([vid]) == 1 << key
    # the cited cable comes: the finding goes, in the values and the postings
    writer = Writer(conn)
    (new,) = writer.apply_scan(ScanResult(files=[A, B, C]))
    writer.add_piece(Piece(new.file_id, [row(0, "07PRAGUE486", "charlie")], done=True))
    writer.finish(complete=True)
    assert count(conn, "check", FOLDER_CHECK) == 0
    assert Postings.load(conn).of_values([vid]) == 0


def test_a_cut_refresh_leaves_the_postings_out_of_date(conn: sqlite3.Connection) -> None:
    writer = Writer(conn)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    writer.add_piece(Piece(planned.file_id, [row(0, "07PRAGUE497", "alpha", refs=("07X1",))]))
    writer.finish(complete=False)
    assert count(conn, "check", FOLDER_CHECK) == 1  # answered by SQL meanwhile
    generations = dict(conn.execute("SELECT name, value FROM meta WHERE name LIKE '%generation'"))
    assert generations["generation"] > generations["postings_generation"]


# --------------------------------------------------------------------------- InOrder, Reporter


class _Chunk:
    """Stands for a csvchunks.Chunk: InOrder only asks whether a task has one."""


def test_in_order_holds_back_early_parts() -> None:
    tasks = [FileTask(7, "big.csv", chunk=_Chunk(), part=n, last=n == 2) for n in range(3)]  # type: ignore[arg-type]
    in_order = InOrder(tasks)
    p0a = Piece(7, part=0)
    p0b = Piece(7, part=0, done=True)
    p1 = Piece(7, part=1, done=True)
    p2 = Piece(7, part=2, done=True, last=True)
    whole = Piece(3, done=True)
    failed = Piece(7, part=2, error="gone")
    assert list(in_order([p2, whole])) == [whole]  # part 2 waits for 0 and 1
    assert list(in_order([p1, p0a])) == [p0a]
    assert list(in_order([failed])) == [failed]  # an error is never held back
    assert list(in_order([p0b])) == [p0b, p1, p2]


def test_reporter_calls_back_with_the_writer_counts(conn: sqlite3.Connection) -> None:
    calls: list[Progress] = []
    report = Reporter(calls.append, started=0.0, files_total=2, skipped=5)
    report.bytes_total = 300
    writer = index_files(conn, [A, B], {"a.txt": ["alpha"], "b.txt": ["bravo", "beta"]})
    report(writer, force=True, done=True)
    (progress,) = calls
    assert (progress.files_done, progress.files_total, progress.cables_done) == (2, 2, 3)
    assert (progress.files_skipped, progress.bytes_done, progress.bytes_total) == (5, 300, 300)
    assert progress.done and progress.elapsed > 0
    assert (progress.links_out, progress.links_named) == (0, ())
    report.last = float("inf")  # just called: a call not forced waits its turn
    report(writer)
    assert len(calls) == 1
    Reporter(None, 0.0, 0, 0)(writer, force=True)  # no callback: nothing to do


def test_the_reporter_adds_up_the_writers_of_a_refresh(conn: sqlite3.Connection) -> None:
    """Each writer counts only what it did; the progress goes on from the writers carried
    (the first files', the first phase's), and one carried then reporting counts once."""
    calls: list[Progress] = []
    report = Reporter(calls.append, started=0.0, files_total=3, skipped=0)
    first = index_files(conn, [A], {"a.txt": ["alpha"]})
    second = index_files(conn, [A, B, C], {"b.txt": ["bravo", "beta"], "sub/c.txt": ["c"]})
    assert (first.files_done, second.files_done) == (1, 2)  # its own, not the other's
    report.carry(first)
    report(second, force=True)
    report(first, force=True)
    report.carry(second)
    report(Writer(conn), force=True, done=True)  # a writer that has done nothing yet
    done = [(p.files_done, p.cables_done, p.bytes_done) for p in calls]
    assert done == [(3, 4, 600), (1, 1, 100), (3, 4, 600)]


# --------------------------------------------------------------------------- real cables


@pytest.mark.corpus
def test_real_cables_written_and_read_back(conn: sqlite3.Connection, shared_cables: Path) -> None:
    """Forty real cables, parsed and turned into rows as a refresh does, written by the
    writer: each text, ID and citation comes back, and the seed is found by its words."""
    paths = sorted((shared_cables / "text" / "2009").glob("*.txt"))[:40]
    paths.append(shared_cables / "seed" / "000_779b252bf3f7de24.txt")
    scan = [
        SourceFile(p.name, p.stat().st_size, p.stat().st_mtime_ns, (0, n))
        for n, p in enumerate(paths)
    ]
    writer = Writer(conn)
    by_path = {p.name: p for p in paths}
    expected: dict[int, tuple[str, str, list[str]]] = {}
    for planned in writer.apply_scan(ScanResult(files=scan)):
        cables = list(read_cables(by_path[planned.path]))
        rows = [cable_row(c, seq) for seq, c in enumerate(cables)]
        for n, r in enumerate(rows):
            expected[writer.next_key + n] = (r.id, cables[n].text, sorted(r.refs))
        writer.add_piece(Piece(planned.file_id, rows, done=True))
    writer.finish(complete=True)
    assert len(expected) >= len(paths)
    for key, (ident, text, refs) in expected.items():
        (got_id,) = conn.execute("SELECT id FROM cables WHERE key = ?", (key,)).fetchone()
        (packed,) = conn.execute("SELECT packed FROM texts WHERE key = ?", (key,)).fetchone()
        cited = sorted(r for (r,) in conn.execute("SELECT ref FROM refs WHERE key = ?", (key,)))
        assert (got_id, unpack_text(packed), cited) == (ident, text, refs)
    (seed_key,) = conn.execute("SELECT key FROM cables WHERE id = '07PRAGUE497'").fetchone()
    assert seed_key in fts(conn, "klaus")
    assert conn.execute("SELECT ref FROM refs WHERE key = ?", (seed_key,)).fetchall() == [
        ("07PRAGUE486",)
    ]
    assert {state for (_, state, _) in files(conn).values()} == {DONE}


# --------------------------------------------------------------------------- the second phase


def test_a_subject_the_full_parse_reads_otherwise_is_entered_again_in_the_full_text(
    conn: sqlite3.Connection,
) -> None:
    # the subject is a column of the full text, which takes a row out only given what went
    # in: a second-phase row with another subject takes the old entry out and puts the new in
    writer = Writer(conn)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    first = row(0, "07PRAGUE1", "the body speaks of tractors")
    first.subject, first.pending = "OLD HEADING", True
    writer.add_piece(Piece(planned.file_id, [first], done=True, nbytes=planned.size))
    writer.finish(complete=False)
    (key,) = [k for (k,) in conn.execute("SELECT key FROM pending")]
    assert fts(conn, "heading") == [key] and fts(conn, "fresh") == []
    again = row(0, "07PRAGUE1", "")  # a second-phase row carries no text: the index has it
    again.subject, again.key = "FRESH TITLE", key
    writer = Writer(conn)
    writer.replace_rows([again])
    writer.finish(complete=True)
    assert fts(conn, "fresh") == [key] and fts(conn, "heading") == []
    assert fts(conn, "tractors") == [key]  # the body is there once, as before
    assert conn.execute("SELECT count(*) FROM pending").fetchone() == (0,)
    conn.execute("INSERT INTO ft(ft, rank) VALUES ('integrity-check', 1)")  # raises if broken
    # taking the cable out later (its file gone) leaves the full text sound too
    writer = Writer(conn)
    writer.delete_cables_of([planned.file_id])
    writer.finish(complete=True)
    assert fts(conn, "fresh") == [] and fts(conn, "tractors") == []
    conn.execute("INSERT INTO ft(ft, rank) VALUES ('integrity-check', 1)")


def test_the_second_phase_writes_the_columns_it_reads_otherwise_and_no_others(
    conn: sqlite3.Connection,
) -> None:
    # two first-phase rows; the full parse reads the first one's ID, date, origin and
    # published ID otherwise and the second's as the first phase did
    writer = Writer(conn)
    (planned,) = writer.apply_scan(ScanResult(files=[A]))
    first, second = row(0, "07PRAGUE1", "one"), row(1, "07PRAGUE2", "two")
    first.pending = second.pending = True
    writer.add_piece(Piece(planned.file_id, [first, second], done=True, nbytes=planned.size))
    writer.finish(complete=False)
    keys = [k for (k,) in conn.execute("SELECT key FROM pending ORDER BY key")]
    again = [row(0, "07PRAGUE11", ""), row(1, "07PRAGUE2", "")]
    again[0].date, again[0].origin, again[0].published_id = 200705081200, "Embassy Prague", "X"
    for r, key in zip(again, keys, strict=True):
        r.key = key
    conn.execute("CREATE TEMP TABLE written(key INTEGER)")
    conn.execute(
        "CREATE TEMP TRIGGER rewritten AFTER UPDATE ON main.cables"
        " BEGIN INSERT INTO written VALUES (new.key); END"
    )
    writer = Writer(conn)
    writer.replace_rows(again)
    writer.commit()
    assert conn.execute(
        "SELECT id, date, origin, published_id FROM cables ORDER BY key"
    ).fetchall() == [
        ("07PRAGUE11", 200705081200, "Embassy Prague", "X"),
        ("07PRAGUE2", 200705071501, "Prague", None),
    ]
    # the second row, read alike, is left as it was: no write of its page
    assert conn.execute("SELECT key FROM written").fetchall() == [(keys[0],)]
    assert conn.execute("SELECT count(*) FROM pending").fetchone() == (0,)


def test_reporter_counts_the_links_out_of_the_folder_and_names_the_first(
        conn: sqlite3.Connection) -> None:
    calls: list[Progress] = []
    links = [f"links/{n:02d}.txt" for n in range(LINKS_NAMED + 2, 0, -1)]
    report = Reporter(calls.append, started=0.0, files_total=1, skipped=0, links_out=links)
    report(index_files(conn, [A], {"a.txt": ["alpha"]}), force=True)
    (progress,) = calls
    assert progress.links_out == LINKS_NAMED + 2
    assert progress.links_named == tuple(sorted(links)[:LINKS_NAMED])
    said = links_not_followed(progress.links_out, progress.links_named)
    assert said == ("7 links out of the folder not followed: links/01.txt, links/02.txt,"
                    " links/03.txt, links/04.txt, links/05.txt, and 2 more")
    assert links_not_followed(1, ("a",)) == "1 link out of the folder not followed: a"
    assert links_not_followed(0, ()) == ""
