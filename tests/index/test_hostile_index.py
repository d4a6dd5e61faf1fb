"""The index over a hostile folder: every good cable indexed, each bad file one problem,
links not followed out of the folder, the folder unchanged, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import deny_reading, tree_digest

from reader.index.store import CorpusIndex
from reader.query.query import Filter


def test_index_over_the_hostile_folder(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = tree_digest(hostile.root)
    cache = tmp_path / "cache"
    index = CorpusIndex.open(hostile.root, cache_dir=cache)
    try:
        index.refresh(workers=0)  # in this process, so the injected PermissionError holds
        everything = Filter()
        assert index.total() == hostile.good_cables
        ids = {h.id for h in index.hits(index.keys(everything))}
        assert "07PRAGUE777" in ids  # the hostile page, read as data
        assert not any("4242" in i for i in ids)  # the file behind the link out
        problems = {p.path: p.reason for p in index.file_problems()}  # relative to the folder
        assert set(problems) == set(hostile.bad), problems
        for rel, words in hostile.bad.items():
            assert words in problems[rel]
        # the cables.csv row cut off mid-field is a cable with a problem, the others clean
        assert index.count(Filter(query="id:07PRAGUE502")) == 1
        broken = Filter(include=frozenset({("problem", "csv-row")}))
        assert [h.id for h in index.hits(index.keys(broken))] == ["07PRAGUE502"]
    finally:
        index.close()
    assert tree_digest(hostile.root) == before
    assert not any(p.suffix in (".sqlite3", ".db", ".wal") for p in hostile.root.rglob("*"))


def test_refresh_after_the_hostile_folder_changes(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "cache"
    with CorpusIndex.open(hostile.root, cache_dir=cache) as index:
        index.refresh(workers=0)
        first = index.total()
    # a bad file becomes good, a good one disappears
    (hostile.root / "bad" / "empty.txt").write_text(
        "UNCLAS STATE 000777\n\nTAGS: PREL\nSUBJECT: NOW A CABLE\n\n1. (U) Text.\n"
    )
    (hostile.root / "good" / "utf8.txt").unlink()
    with CorpusIndex.open(hostile.root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.total() == first
        reasons = {Path(p.path).name for p in index.file_problems()}
        assert "empty.txt" not in reasons


def _cable_text(serial: int, subject: str) -> str:
    return f"UNCLAS STATE {serial:06d}\n\nTAGS: PREL\nSUBJECT: {subject}\n\n1. (U) Text.\n"


def test_files_deleted_and_rewritten_between_scan_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "folder"
    root.mkdir()
    for n in range(1, 6):
        (root / f"07STATE{n}.txt").write_text(_cable_text(n, f"FIRST {n}"))
    from reader.index import refresh

    real_scan = refresh.scan

    def scan_then_change(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real_scan(*args, **kwargs)
        (root / "07STATE2.txt").unlink()  # gone before it is read
        (root / "07STATE3.txt").write_text(_cable_text(3, "REWRITTEN WHILE INDEXING, LONGER"))
        return found

    monkeypatch.setattr(refresh, "scan", scan_then_change)
    # one scan, then the reads (not the first few files of a new folder read apart first)
    monkeypatch.setattr(refresh.Refresh, "_index_first_files", lambda *a: None)
    cache = tmp_path / "cache"
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        reasons = {p.path: p.reason for p in index.file_problems()}
        assert reasons == {"07STATE2.txt": "the file disappeared before it could be read"}
        assert index.total() == 4
    monkeypatch.setattr(refresh, "scan", real_scan)
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)  # the next refresh sets both right
        assert index.file_problems() == []
        subjects = sorted(h.subject for h in index.hits(index.keys(Filter())))
        assert subjects == ["FIRST 1", "FIRST 4", "FIRST 5", "REWRITTEN WHILE INDEXING, LONGER"]


def test_a_file_once_unreadable_and_then_renamed_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's repro: unreadable, made readable again (a chmod: same size and mtime),
    then renamed. The rename must not carry the old failure over."""
    root = tmp_path / "rn"
    root.mkdir()
    (root / "a.txt").write_text(_cable_text(1, "ONCE LOCKED"))
    locked = {root / "a.txt"}
    deny_reading(monkeypatch, locked)
    cache = tmp_path / "cache"
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert [(p.path, p.reason) for p in index.file_problems()] == [
            ("a.txt", "permission denied")
        ]
        assert index.total() == 0
    locked.clear()
    (root / "a.txt").rename(root / "b.txt")
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.file_problems() == []
        assert [h.subject for h in index.hits(index.keys(Filter()))] == ["ONCE LOCKED"]


def test_a_file_that_failed_is_tried_again_at_every_refresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "folder"
    root.mkdir()
    for n in range(1, 4):
        (root / f"07STATE{n}.txt").write_text(_cable_text(n, f"CABLE {n}"))
    locked = {root / "07STATE1.txt", root / "07STATE3.txt"}
    deny_reading(monkeypatch, locked)
    cache = tmp_path / "cache"
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.total() == 1
        assert {p.path for p in index.file_problems()} == {"07STATE1.txt", "07STATE3.txt"}
        index.refresh(workers=0)  # still locked: still named, nothing else changes
        assert index.total() == 1
        assert {p.path for p in index.file_problems()} == {"07STATE1.txt", "07STATE3.txt"}
    locked.discard(root / "07STATE3.txt")  # its mode restored: neither size nor mtime moved
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.total() == 2
        assert [(p.path, p.reason) for p in index.file_problems()] == [
            ("07STATE1.txt", "permission denied")
        ]
    locked.clear()
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.total() == 3
        assert index.file_problems() == []


def test_files_renamed_between_scan_and_read_are_found_at_the_next_refresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "folder"
    root.mkdir()
    for n in range(1, 7):
        (root / f"07STATE{n}.txt").write_text(_cable_text(n, f"CABLE {n}"))
    from reader.index import refresh

    real_scan = refresh.scan

    def scan_then_rename(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real_scan(*args, **kwargs)
        for n in (2, 5):  # renamed under the reader: same inode, size and mtime
            (root / f"07STATE{n}.txt").rename(root / f"renamed-{n}.txt")
        return found

    monkeypatch.setattr(refresh, "scan", scan_then_rename)
    monkeypatch.setattr(refresh.Refresh, "_index_first_files", lambda *a: None)
    cache = tmp_path / "cache"
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.total() == 4
        assert {p.path for p in index.file_problems()} == {"07STATE2.txt", "07STATE5.txt"}
    monkeypatch.setattr(refresh, "scan", real_scan)
    with CorpusIndex.open(root, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert index.file_problems() == []
        subjects = sorted(h.subject for h in index.hits(index.keys(Filter())))
        assert subjects == [f"CABLE {n}" for n in range(1, 7)]


def test_a_file_that_fails_is_read_once_in_a_refresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tried again at every refresh, but once in each (a new folder's first files are read
    before the rest are listed: what failed there is not read a second time)."""
    import os

    root = tmp_path / "folder"
    root.mkdir()
    for n in range(1, 4):
        (root / f"07STATE{n}.txt").write_text(_cable_text(n, f"CABLE {n}"))
    locked = root / "07STATE2.txt"
    deny_reading(monkeypatch, {locked})
    guarded = os.open
    tries: list[Path] = []

    def counted(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(path, str | os.PathLike) and Path(path) == locked:
            tries.append(locked)
        return guarded(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", counted)
    with CorpusIndex.open(root, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        assert len(tries) == 1
        assert index.total() == 2
        index.refresh(workers=0)
        assert len(tries) == 2
