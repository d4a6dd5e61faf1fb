"""Walking a folder: which files are cables, links that stay inside, loops, problems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.index.scan import scan

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links as on POSIX")


def touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_cable_suffixes_are_listed_and_others_skipped(tmp_path: Path) -> None:
    for name in ("a.txt", "b.HTML", "c.htm", "d.csv", "sub/e.txt", "notes.doc", "f.TXT.bak"):
        touch(tmp_path / name)
    found = scan(tmp_path)
    assert sorted(f.path for f in found.files) == ["a.txt", "b.HTML", "c.htm", "d.csv", "sub/e.txt"]
    assert found.skipped == 2
    assert found.problems == []
    a = next(f for f in found.files if f.path == "a.txt")
    st = (tmp_path / "a.txt").stat()
    assert (a.size, a.mtime_ns, a.identity) == (1, st.st_mtime_ns, (st.st_dev, st.st_ino))


def test_a_file_named_as_the_root_is_listed_whatever_its_ending(tmp_path: Path) -> None:
    """A cable saved as .md (or with no ending), named on the command line or opened as a
    file, was skipped: "No cables in cable.md", where parse read it."""
    for name in ("cable.md", "07PRAGUE497"):
        path = touch(tmp_path / name, "UNCLAS PRAGUE 000497\n")
        found = scan(path)
        assert [f.path for f in found.files] == [name]
        assert (found.skipped, found.problems) == (0, [])
    # in a folder, only cable files are listed
    assert scan(tmp_path).files == [] and scan(tmp_path).skipped == 2


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    touch(outside / "secret.txt")
    root = tmp_path / "root"
    touch(root / "in.txt")
    (root / "to-outside").symlink_to(outside)
    (root / "file-outside.txt").symlink_to(outside / "secret.txt")
    found = scan(root)
    assert [f.path for f in found.files] == ["in.txt"]
    # named, so that the analyst learns which files the folder does not hold itself
    assert sorted(found.links_out) == ["file-outside.txt", "to-outside"]
    assert found.skipped == 0


def test_links_inside_are_followed_once_and_loops_end(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "one.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "0-link").symlink_to(tmp_path / "a")
    (tmp_path / "same.txt").symlink_to(tmp_path / "a" / "one.txt")
    touch(tmp_path / "z" / "two.txt")
    (tmp_path / "a" / "to-z").symlink_to(tmp_path / "z")
    found = scan(tmp_path)
    assert [f.path for f in found.files] == ["a/one.txt", "z/two.txt"]


def test_a_link_to_a_file_inside_counts_when_the_file_is_not_seen_otherwise(
    tmp_path: Path,
) -> None:
    touch(tmp_path / "hidden" / "x.dat")
    (tmp_path / "x.txt").symlink_to(tmp_path / "hidden" / "x.dat")
    assert [f.path for f in scan(tmp_path).files] == ["x.txt"]


def test_a_dangling_link_is_a_problem_and_the_rest_goes_on(tmp_path: Path) -> None:
    touch(tmp_path / "ok.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    found = scan(tmp_path)
    assert [f.path for f in found.files] == ["ok.txt"]
    assert [(p.path, p.reason) for p in found.problems] == [
        (
            "gone.txt",
            f"a broken link: what it points to ({tmp_path / 'nowhere.txt'}) does not exist",
        )
    ]


def test_a_single_file(tmp_path: Path) -> None:
    csv = touch(tmp_path / "cables.csv", "a,b")
    found = scan(csv)
    assert [f.path for f in found.files] == ["cables.csv"]
    # named on purpose, it is read whatever its ending, as parse reads it (a binary one is
    # then refused as not text, with that reason)
    assert [f.path for f in scan(touch(tmp_path / "x.doc")).files] == ["x.doc"]


def test_a_missing_folder_is_a_problem(tmp_path: Path) -> None:
    found = scan(tmp_path / "missing")
    assert found.files == [] and len(found.problems) == 1


def test_a_limited_scan_stops_at_the_limit(tmp_path: Path) -> None:
    for year in range(5):
        for n in range(10):
            touch(tmp_path / str(year) / f"{n}.txt")
    first = scan(tmp_path, limit=7)
    everything = scan(tmp_path)
    assert len(first.files) == 7 and len(everything.files) == 50
    assert set(first.files) <= set(everything.files)
    assert [f.path for f in first.files] == sorted(f.path for f in first.files)


def test_a_named_pipe_given_as_the_root_is_a_problem_and_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "cables.txt")
    found = scan(tmp_path / "cables.txt")
    assert found.files == []
    assert [(p.path, p.reason) for p in found.problems] == [
        ("cables.txt", "it is a named pipe (FIFO), not a regular file: not read")
    ]
    os.mkfifo(tmp_path / "inside.txt")  # in a folder: not a cable file, skipped
    assert [f.path for f in scan(tmp_path).files] == [] and scan(tmp_path).problems == []
