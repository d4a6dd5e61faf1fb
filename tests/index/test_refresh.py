"""Refreshing an index: incremental changes equal a fresh index, damaged databases are
rebuilt, the folder is never touched, and readers see cables appear while it runs."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from corpus_folders import refresh_cancelled_after
from handmade import SMALL, Spec, cable_text, ids, many, tree_digest, write_csv, write_folder

from reader.index import database, refresh, store, workers, writer
from reader.index.store import CorpusIndex, index_path
from reader.query.query import Filter, Progress

QUERIES = (
    "",
    "minist*",
    "tag:PREL -class:secret",
    "from:moscow OR beef",
    "date:2008..",
    # fields the second phase fills
    "marking:C OR check:*",
    "problem:* OR -marking:S",
)


def snapshot(index: CorpusIndex) -> dict[str, object]:
    """What an analyst can see of an index, with nothing that depends on key numbers."""
    every = index.hits(index.keys(Filter()))
    rows = sorted((h.id, h.date, h.origin, h.classification, h.level, h.subject) for h in every)
    sources = sorted((index.cable(h.key).source.path, index.cable(h.key).id or "") for h in every)
    return {
        "rows": rows,
        "sources": sources,
        "facets": index.facets(Filter()),
        "queries": {q: ids(index, q) for q in QUERIES},
        "problems": index.file_problems(),
        "total": index.total(),
    }


def fresh_snapshot(folder: Path, cache: Path) -> dict[str, object]:
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        index.refresh(workers=0)
        return snapshot(index)


def test_refresh_indexes_every_cable(small_index: CorpusIndex) -> None:
    assert small_index.total() == len(SMALL)
    assert small_index.file_problems() == []
    assert small_index.messages == []


def test_cable_is_the_parsed_source(small_index: CorpusIndex, small_folder: Path) -> None:
    from reader.parser.containers import read_cables

    for key in small_index.keys(Filter()):
        cable = small_index.cable(key)
        (direct,) = read_cables(cable.source.path)
        assert cable == direct
        assert small_index.raw_text(key) == Path(cable.source.path).read_text()


def test_changes_give_the_same_index_as_a_fresh_one(
    small_folder: Path, cache_dir: Path, tmp_path: Path
) -> None:
    index = CorpusIndex.open(small_folder, cache_dir=cache_dir)
    index.refresh(workers=0)
    paths = {p.stem: p for p in small_folder.rglob("*.txt")}
    # edit one, add one, delete one, rename one, move one into a new folder
    edited = paths["07PRAGUE486"]
    text = edited.read_text().replace("MISSILE DEFENSE PUBLIC OPINION", "RADAR POLLS")
    edited.write_text(text)
    os.utime(edited, ns=(1, 1))  # a different mtime even on a coarse clock
    added = Spec("TOKYO", 902, "2009-12-02", "C", "P", "RUEHKO", ("PREL", "JA"), "ADDED")
    (small_folder / "2009" / "TOKYO" / "09TOKYO902.txt").write_text(cable_text(added))
    paths["09TOKYO901"].unlink()
    paths["08BUENOSAIRES100"].rename(paths["08BUENOSAIRES100"].with_name("renamed.txt"))
    (small_folder / "moved").mkdir()
    paths["07MOSCOW2200"].rename(small_folder / "moved" / "07MOSCOW2200.txt")
    index.refresh(workers=0)
    assert snapshot(index) == fresh_snapshot(small_folder, tmp_path / "fresh")
    assert ids(index, "subject:radar") == ["07MOSCOW2111", "07PRAGUE486"]
    assert ids(index, "opinion") == []
    index.close()


def test_rename_does_not_parse_again(small_folder: Path, cache_dir: Path) -> None:
    index = CorpusIndex.open(small_folder, cache_dir=cache_dir)
    index.refresh(workers=0)
    before = {h.id: h.key for h in index.hits(index.keys(Filter()))}
    path = next(small_folder.rglob("07PRAGUE497.txt"))
    path.rename(path.with_name("a new name.txt"))
    seen: list[Progress] = []
    index.refresh(workers=0, progress=seen.append)
    assert seen[-1].files_total == 0 and seen[-1].done
    assert {h.id: h.key for h in index.hits(index.keys(Filter()))} == before
    assert index.cable(before["07PRAGUE497"]).source.path.endswith("a new name.txt")
    index.close()


def test_unchanged_refresh_parses_nothing(small_index: CorpusIndex) -> None:
    seen: list[Progress] = []
    small_index.refresh(workers=0, progress=seen.append)
    assert seen[-1] == Progress(0, 0, 0, seen[-1].elapsed, done=True)


def test_an_unchanged_folder_is_not_compared_file_by_file(
    small_folder: Path, cache_dir: Path
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as again:
        statements: list[str] = []
        again._conn.set_trace_callback(statements.append)
        again.refresh(workers=0)
    reads = [s for s in statements if "FROM files" in s and "LIMIT 1" not in s]
    assert reads == []
    assert not any(s.startswith(("BEGIN", "INSERT", "UPDATE", "DELETE")) for s in statements)


def test_a_change_to_the_files_table_made_elsewhere_is_not_missed(
    small_folder: Path, cache_dir: Path, tmp_path: Path
) -> None:
    """The digest of the listing is dropped by whoever changes a file's row (an older
    version of the app, say), so that the next refresh compares file by file again."""
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        db = index.db_path
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE files SET mtime_ns = 1 WHERE path LIKE '%07PRAGUE486.txt'")
    conn.close()
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as again:
        again.refresh(workers=0)
        (mtime,) = again._conn.execute(
            "SELECT mtime_ns FROM files WHERE path LIKE '%07PRAGUE486.txt'"
        ).fetchone()
        assert mtime == next(small_folder.rglob("07PRAGUE486.txt")).stat().st_mtime_ns
        assert snapshot(again) == fresh_snapshot(small_folder, tmp_path / "fresh")


def test_reopen_is_cheap_and_keeps_the_index(small_folder: Path, cache_dir: Path) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        before = snapshot(index)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as again:
        assert again.messages == []
        assert snapshot(again) == before


def test_index_lives_in_the_cache_not_in_the_folder(small_folder: Path, cache_dir: Path) -> None:
    modes = {p: p.stat().st_mode for p in [small_folder, *small_folder.rglob("*")]}
    for p in modes:
        p.chmod(stat.S_IMODE(modes[p]) & ~0o222)  # read-only, folders too
    digest = tree_digest(small_folder)
    try:
        with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
            index.refresh(workers=0)
            assert index.total() == len(SMALL)
            index.refresh(workers=0)
        assert tree_digest(small_folder) == digest
        assert index_path(small_folder, cache_dir).is_relative_to(cache_dir)
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def test_one_index_per_folder(tmp_path: Path, cache_dir: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_folder(a, SMALL[:2])
    write_folder(b, SMALL[2:])
    with (
        CorpusIndex.open(a, cache_dir=cache_dir) as ia,
        CorpusIndex.open(b, cache_dir=cache_dir) as ib,
    ):
        ia.refresh(workers=0)
        ib.refresh(workers=0)
        assert (ia.total(), ib.total()) == (2, len(SMALL) - 2)
    assert index_path(a, cache_dir) != index_path(b, cache_dir)


def test_a_single_csv_file(tmp_path: Path, cache_dir: Path) -> None:
    csv = tmp_path / "cables.csv"
    write_csv(csv, SMALL[:3])
    with CorpusIndex.open(csv, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        assert ids(index) == sorted(s.id for s in SMALL[:3])
        key = index.key_for_id(SMALL[1].id)
        assert key is not None
        cable = index.cable(key)
        assert (cable.source.format, cable.source.row) == ("csv", 2)
        raw = index.raw_text(key)
        assert SMALL[1].id in raw and "SUBJECT: MISSILE DEFENSE PUBLIC OPINION" in raw


def test_a_cable_without_an_id_is_indexed_with_a_problem(
    small_folder: Path, cache_dir: Path
) -> None:
    (small_folder / "scrap.txt").write_text("Notes from a meeting about beef exports.\n")
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        assert index.total() == len(SMALL) + 1
        (hit,) = index.search(Filter("problem:no-id"))
        assert hit.id == "" and index.cable(hit.key).source.path.endswith("scrap.txt")
        assert "" in ids(index, "beef")


def test_unreadable_and_skipped_files(small_folder: Path, cache_dir: Path) -> None:
    (small_folder / "notes.doc").write_text("not a cable")
    (small_folder / "empty.txt").write_text("")
    (small_folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    seen: list[Progress] = []
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0, progress=seen.append)
        assert index.total() == len(SMALL)
        problems = {p.path: p.reason for p in index.file_problems()}
        assert set(problems) == {"empty.txt", "binary.txt"}
        assert "empty" in problems["empty.txt"]
    assert seen[-1].files_skipped == 1


def test_worker_processes_give_the_same_index(
    small_folder: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refresh, "POOL_MIN_BYTES", 0)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=2)
        assert snapshot(index) == fresh_snapshot(small_folder, tmp_path / "fresh")


def test_a_csv_in_parts_gives_the_same_index(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    write_csv(folder / "cables.csv", many(90))
    expected = fresh_snapshot(folder, tmp_path / "fresh")
    monkeypatch.setattr(refresh, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "CSV_SPLIT_BYTES", 0)
    monkeypatch.setattr(workers, "CSV_PART_ROWS", 7)
    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        index.refresh(workers=2)
        assert snapshot(index) == expected
        rows = [index.cable(k).source.row for k in index.keys(Filter(sort="id"))]
        assert sorted(rows) == list(range(1, 91))


def test_workers_that_cannot_start_leave_the_work_to_this_process(
    small_folder: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.index.workers import ParsePool

    monkeypatch.setattr(refresh, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(refresh, "HEAD_START_FILES", 1)  # the rest for the parser processes
    monkeypatch.setattr(ParsePool, "worker_main", staticmethod(sys.exit))
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=2)
        assert index.messages and "parsing in one process" in index.messages[0]
        assert snapshot(index) == fresh_snapshot(small_folder, tmp_path / "fresh")


# -- damaged databases -----------------------------------------------------------------


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "header":
        path.write_bytes(b"garbage!" * 16 + data[128:])
    elif how == "garbage":  # overwritten whole with random bytes
        path.write_bytes(random.Random(7).randbytes(len(data)))

    elif how == "page":
        # a zeroed b-tree page, as a power loss can leave on some file systems
        conn = sqlite3.connect(path)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cables'").fetchone()[
            0
        ]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
        at = (root - 1) * size
        path.write_bytes(data[:at] + bytes(size) + data[at + size :])
    elif how == "empty-schema":
        conn = sqlite3.connect(path)
        conn.execute("DROP TABLE cables")
        conn.commit()
        conn.close()
    elif how == "old-version":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version = 0")
        conn.commit()
        conn.close()


@pytest.mark.parametrize(
    "how", ["truncated", "header", "garbage", "page", "empty-schema", "old-version"]
)
def test_a_damaged_index_is_rebuilt(
    small_folder: Path, cache_dir: Path, tmp_path: Path, how: str
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
    path = index_path(small_folder, cache_dir)
    for suffix in ("-wal", "-shm"):
        assert not Path(str(path) + suffix).exists() or suffix == "-shm"
    _damage(path, how)
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert len(index.messages) == 1 and "rebuilt" in index.messages[0]
        index.refresh(workers=0)
        assert snapshot(index) == fresh_snapshot(small_folder, tmp_path / "fresh")


def test_an_open_that_is_not_thorough_skips_only_the_page_check(
    small_folder: Path, cache_dir: Path
) -> None:
    """The window's second connection, opened once the first has checked the file, does
    not read every page again; the version and the tables are still checked."""
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
    path = index_path(small_folder, cache_dir)
    _damage(path, "page")  # what only the page check finds
    with CorpusIndex.open(small_folder, cache_dir=cache_dir, thorough=False) as index:
        assert index.messages == []
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert len(index.messages) == 1 and "rebuilt" in index.messages[0]
        index.refresh(workers=0)
    _damage(path, "old-version")
    with CorpusIndex.open(small_folder, cache_dir=cache_dir, thorough=False) as index:
        assert len(index.messages) == 1 and "has no version" in index.messages[0]


def test_damage_found_by_a_query_is_rebuilt_then(small_folder: Path, cache_dir: Path) -> None:
    """Damage inside a page (not in the structure the open checks) shows in a query, which
    rebuilds the index there and then (tests/index/test_damaged_index.py: with a refresh
    writing meanwhile, at the next open)."""

    class Damaged:
        def execute(self, *args: object) -> object:
            raise sqlite3.DatabaseError("database disk image is malformed")

        def close(self) -> None:
            pass

    index = CorpusIndex.open(small_folder, cache_dir=cache_dir)
    index.refresh(workers=0)
    index._conn.close()
    # the read side queries on the facade's connection: both see the damaged one
    index._conn = index._view._conn = Damaged()  # type: ignore[assignment]
    with pytest.raises(store.IndexRebuilt):
        index.count(Filter("beef"))
    assert index.messages == [
        "index was corrupt (database disk image is malformed) and has been rebuilt"
    ]
    assert index.total() == 0
    index.refresh(workers=0)
    assert index.total() == len(SMALL)
    index.close()


def test_a_newer_schema_is_rebuilt_with_its_own_message(
    small_folder: Path, cache_dir: Path
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
    conn = sqlite3.connect(index_path(small_folder, cache_dir))
    conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert index.messages == [
            f"index was made by another version of Cable Reader (schema "
            f"{database.SCHEMA_VERSION + 1}) and has been rebuilt"
        ]
        assert index.total() == 0


# -- concurrency -----------------------------------------------------------------------


def test_a_reader_sees_cables_appear_while_refresh_runs(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """refresh in a worker thread, queries in this one, each with its own CorpusIndex."""
    monkeypatch.setattr(writer, "COMMIT_ROWS", 1)
    monkeypatch.setattr(writer, "PROGRESS_SECONDS", 0.0)
    reader = CorpusIndex.open(small_folder, cache_dir=cache_dir)
    committed = threading.Event()
    looked = threading.Event()
    seen_counts: list[int] = []

    def progress(p: Progress) -> None:
        if p.done:
            return
        committed.set()
        looked.wait(timeout=30)
        looked.clear()

    def run() -> None:
        with CorpusIndex.open(small_folder, cache_dir=cache_dir) as writer:
            writer.refresh(workers=0, progress=progress)
        committed.set()

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        committed.wait(timeout=30)
        committed.clear()
        seen_counts.append(reader.count(Filter("tag:PREL")))
        seen_counts.append(-reader.total())
        looked.set()
    thread.join()
    totals = [-n for n in seen_counts[1::2]]
    assert totals == sorted(totals)
    assert any(0 < n < len(SMALL) for n in totals), totals
    assert reader.total() == len(SMALL)
    reader.close()


def test_cancel_leaves_a_consistent_index(
    small_folder: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        refresh_cancelled_after(index, 3, monkeypatch)
        assert 3 <= index.total() < len(SMALL)
        index.refresh(workers=0)
        assert snapshot(index) == fresh_snapshot(small_folder, tmp_path / "fresh")


def test_corpus_modules_load_no_qt() -> None:
    code = (
        "import sys, reader.index.store, reader.index.commands, reader.index.workers\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_copying_the_folder_gives_its_own_index(
    small_folder: Path, cache_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(small_folder, copy)
    with CorpusIndex.open(copy, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        assert index.total() == len(SMALL)


def _postings_of(conn: sqlite3.Connection) -> dict[object, object]:
    """value id -> keys, and sort -> keys in order, whichever form each is kept in."""
    from reader.index.postings import Postings

    post = Postings.load(conn)
    out: dict[object, object] = {vid: set(keys) for vid, keys in post.sparse.items()}
    for vid, bits in post.dense.items():
        out[vid] = {k for k in range(bits.bit_length()) if bits >> k & 1}
    out[0] = {k for k in range(post.live.bit_length()) if post.live >> k & 1}
    out.update({name: list(keys) for name, keys in post.orders.items()})
    return out


def test_postings_updated_by_a_refresh_equal_postings_made_anew(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.index import postings

    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        paths = sorted(small_folder.rglob("*.txt"))
        paths[0].unlink()
        text = paths[1].read_text().replace("TAGS: PREL EZ", "TAGS: PREL MNUC EZ")
        paths[1].write_text(text)
        os.utime(paths[1], ns=(1, 1))
        added = Spec("TOKYO", 903, "2009-12-03", "S", "P", "RUEHKO", ("PREL", "JA"), "NEW")
        (small_folder / "new.txt").write_text(cable_text(added))
        built: list[int] = []
        monkeypatch.setattr(writer, "build_postings", lambda conn: built.append(1))
        index.refresh(workers=0)
        assert built == []  # updated, not made anew
    conn = sqlite3.connect(index_path(small_folder, cache_dir))
    updated = _postings_of(conn)
    conn.execute("BEGIN")
    monkeypatch.undo()
    postings.build(conn)
    anew = _postings_of(conn)
    conn.execute("ROLLBACK")
    conn.close()
    assert updated == anew


# -- the first cables come at once -------------------------------------------------------


def _first_committed(folder: Path, cache_dir: Path, workers: int | None) -> tuple[int, int]:
    """(cables done at the first progress report with any, cables a second reader saw
    committed then)."""
    reader = CorpusIndex.open(folder, cache_dir=cache_dir)
    seen: list[tuple[int, int]] = []

    def progress(p: Progress) -> None:
        if p.cables_done and not seen:
            seen.append((p.cables_done, reader.total()))

    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        index.refresh(workers=workers, progress=progress)
        assert index.total() == 8 * refresh.HEAD_START_FILES + 10
    reader.close()
    return seen[0]


@pytest.fixture
def big_enough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with just enough files for a head start, and commits only when due (and
    the first files of a folder never indexed not indexed apart: that has its own test)."""
    monkeypatch.setattr(refresh.Refresh, "_index_first_files", lambda *a: None)
    monkeypatch.setattr(writer, "PROGRESS_SECONDS", 0.0)
    monkeypatch.setattr(writer, "COMMIT_SECONDS", 3600.0)
    monkeypatch.setattr(refresh, "POOL_MIN_BYTES", 0)
    folder = tmp_path / "big"
    write_folder(folder, many(8 * refresh.HEAD_START_FILES + 10))
    return folder


def test_the_first_commit_of_a_refresh_comes_after_a_few_cables(
    big_enough: Path, cache_dir: Path
) -> None:
    done, committed = _first_committed(big_enough, cache_dir, workers=0)
    assert done == committed == writer.FIRST_COMMIT_ROWS < writer.COMMIT_ROWS


def test_the_first_files_are_parsed_here_while_the_parser_processes_start(
    big_enough: Path, cache_dir: Path
) -> None:
    done, committed = _first_committed(big_enough, cache_dir, workers=2)
    assert done == committed == refresh.HEAD_START_FILES


def test_no_head_start_for_a_few_files(small_folder: Path) -> None:
    tasks = [
        workers.FileTask(n, str(p), 0, size=p.stat().st_size)
        for n, p in enumerate(sorted(small_folder.rglob("*.txt")))
    ]
    assert refresh.head_start(tasks) == ([], tasks)
    many_tasks = tasks * (8 * refresh.HEAD_START_FILES // len(tasks) + 1)
    head, rest = refresh.head_start(many_tasks)
    assert head == many_tasks[: refresh.HEAD_START_FILES] and rest == many_tasks[len(head) :]


def test_a_folder_never_indexed_shows_its_first_files_before_it_is_listed_whole(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "PROGRESS_SECONDS", 0.0)
    folder = tmp_path / "cables"
    write_folder(folder, many(3 * refresh.HEAD_START_FILES))
    scans: list[int | None] = []
    real_scan = refresh.scan

    def counting_scan(root: Path, **kw: object) -> object:
        scans.append(kw.get("limit"))  # type: ignore[arg-type]
        return real_scan(root, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh, "scan", counting_scan)
    reader = CorpusIndex.open(folder, cache_dir=cache_dir)
    first: list[tuple[int, int, list[int | None]]] = []
    reports: list[Progress] = []

    def progress(p: Progress) -> None:
        reports.append(p)
        if p.cables_done and not first:
            first.append((p.cables_done, reader.total(), list(scans)))

    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0, progress=progress)
        got = snapshot(index)
    reader.close()
    assert first == [
        (refresh.HEAD_START_FILES, refresh.HEAD_START_FILES, [refresh.HEAD_START_FILES])
    ]
    assert scans == [refresh.HEAD_START_FILES, None]
    # the progress goes on from the first files, to the whole folder
    done = [p.cables_done for p in reports]
    assert done == sorted(done) and reports[-1].done
    assert reports[-1].files_done == reports[-1].files_total == 3 * refresh.HEAD_START_FILES
    # the same index as one made without the head start
    monkeypatch.setattr(refresh.Refresh, "_index_first_files", lambda *a: None)
    assert got == fresh_snapshot(folder, tmp_path / "fresh")
    # a folder indexed before is listed once
    scans.clear()
    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
    assert scans == [None]


def test_the_first_files_read_apart_are_never_a_cables_csv(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "PROGRESS_SECONDS", 0.0)
    folder = tmp_path / "cables"
    folder.mkdir()
    write_csv(folder / "cables.csv", many(50, start=5000))  # listed first: in the root
    write_folder(folder / "files", many(5))
    first: list[int] = []

    def progress(p: Progress) -> None:
        if p.cables_done and not first:
            first.append(p.cables_done)

    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0, progress=progress)
        assert index.total() == 55
    assert first == [5]


def test_a_cable_opened_before_the_second_phase_reaches_it_is_parsed_in_full(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh cut short in its first phase: the cables in the index are pending, their
    rows the header's only; the record the window reads of each is the full parse, checks
    and problems as the file gives them."""
    from reader.parser.containers import read_cables
    from reader.review.checks import check_cable

    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        refresh_cancelled_after(index, 3, monkeypatch)
        keys = index.keys(Filter())
        assert len(keys) >= 3 and index.pending() == len(keys)
        for key in keys:
            cable = index.cable(key)
            (direct,) = read_cables(cable.source.path)
            assert cable == direct
            assert cable.paragraphs and cable.references == direct.references
            assert check_cable(cable) == check_cable(direct)


def test_the_write_side_runs_on_the_connection_it_is_given(
    small_folder: Path, cache_dir: Path
) -> None:
    """refresh.Refresh on its own, without the facade (its lock, its rebuild): it writes the
    folder on the connection given, reports what its writers did, and an unchanged folder
    costs it no write."""
    root = small_folder.resolve()
    path = index_path(root, cache_dir)
    database.check_cache_files(path)
    conn = database.open_database(path, root, [])
    messages: list[str] = []
    seen: list[Progress] = []
    refresh.Refresh(conn, root, path, messages).run(seen.append, None, 0)
    assert conn.execute("SELECT count(*) FROM cables").fetchone()[0] == len(SMALL)
    last = seen[-1]
    assert last.done and last.files_done == last.files_total == last.cables_done == len(SMALL)
    changes = conn.total_changes
    again: list[Progress] = []
    refresh.Refresh(conn, root, path, messages).run(again.append, None, 0)
    assert conn.total_changes == changes
    assert again[-1].done and again[-1].files_done == again[-1].files_total == 0
    assert messages == []
    conn.close()


def test_a_cable_opened_after_the_second_phase_is_the_one_it_indexed(
    shared_cables: Path, tmp_path: Path
) -> None:
    # 10ASUNCION71 has the dumped record of another cable (09ASUNCION13) in its body: the
    # row keeps the metadata its container gave (none), not the cable's with the record's
    # merged in, which store.cable() would take for the container's (and with it its ID)
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(shared_cables / "text" / "2010" / "10ASUNCION71.txt", folder)
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        ((key, ident, meta),) = index._conn.execute("SELECT key, id, meta FROM cables")
        assert index._conn.execute("SELECT count(*) FROM pending").fetchone() == (0,)
        assert (ident, meta) == ("10ASUNCION71", None)
        assert index.cable(key).id == ident


class _CancelledAfter(threading.Event):
    """A Cancel pressed after the refresh has looked at it ``n`` times."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def is_set(self) -> bool:
        self.n -= 1
        return self.n < 0 or super().is_set()


def test_a_refresh_cancelled_before_the_folder_was_listed_does_not_count_what_is_left(
    tmp_path: Path, cache_dir: Path
) -> None:
    """Cancelled among the first files of a folder never indexed (the window's Ctrl+.), the
    index said "the index is partial: 30 files are not indexed yet" of a folder of 100: it
    counted the first files found, not the folder, which was never listed whole."""
    folder = tmp_path / "cables"
    write_folder(folder, many(100))
    with CorpusIndex.open(folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0, cancel=_CancelledAfter(5))
        assert 0 < index.total() < refresh.HEAD_START_FILES
        said = index.partial()
        assert said == ("the index is partial: its refresh stopped before the whole folder was"
                        " listed")  # fmt: skip
        # listed whole, then cut short: what is left of it is counted
        index.refresh(workers=0, cancel=_CancelledAfter(80))
        left = 100 - index.total()
        assert 0 < left and index.partial() == (
            f"the index is partial: {left} files are not indexed yet"
        )
        index.refresh(workers=0)
        assert index.total() == 100 and index.partial() is None
