"""Whether a folder is as its index last listed it, told by its folders' mtimes alone
(freshness.py), and the commands that answer without looking at every file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from handmade import SMALL, Spec, cable_text

from reader.export.export_commands import export_main
from reader.index.commands import search_main
from reader.index.store import CorpusIndex

NEW = Spec("LIMA", 77, "2008-03-03", subject="AN ANCHOVY QUOTA", paragraphs=(("U", "Anchovy."),))


def _age(folder: Path, seconds: float = 600) -> None:
    """Every folder under ``folder`` (itself too) made ``seconds`` old, as a folder of the
    release is: older than the clock's tick that could hide a change."""
    then = time.time() - seconds
    for dirpath, _, _ in os.walk(folder):
        os.utime(dirpath, (then, then))


def _indexed(folder: Path, cache_dir: Path) -> CorpusIndex:
    _age(folder)
    index = CorpusIndex.open(folder, cache_dir=cache_dir)
    index.refresh(workers=0)
    return index


def _search(folder: Path, cache_dir: Path, *extra: str) -> str:
    return str(search_main([str(folder), "--cache-dir", str(cache_dir), "--workers", "0", *extra]))


def test_an_old_folder_indexed_whole_is_unchanged_until_a_file_comes(
    small_folder: Path, cache_dir: Path
) -> None:
    with _indexed(small_folder, cache_dir) as index:
        assert index.unchanged()
        (small_folder / "2008" / "LIMA").mkdir(parents=True)
        assert not index.unchanged()  # the new folder changed its parent's mtime
        (small_folder / "2008" / "LIMA" / "08LIMA77.txt").write_text(cable_text(NEW))
        index.refresh(workers=0)
        # the folder just changed: its mtime may not show the next change (same tick)
        assert not index.unchanged()
        _age(small_folder)
        index.refresh(workers=0)
        assert index.unchanged()


@pytest.mark.parametrize("change", ["remove", "rename", "remove a folder"])
def test_a_file_removed_or_renamed_is_seen(
    small_folder: Path, cache_dir: Path, change: str
) -> None:
    with _indexed(small_folder, cache_dir) as index:
        assert index.unchanged()
        victim = next(small_folder.rglob("*.txt"))
        if change == "remove":
            victim.unlink()
        elif change == "rename":
            victim.rename(victim.with_name("renamed.txt"))
        else:
            for f in victim.parent.iterdir():
                f.unlink()
            victim.parent.rmdir()
        assert not index.unchanged()


def test_what_a_full_look_must_redo_is_never_skipped(small_folder: Path, cache_dir: Path) -> None:
    """A file that could not be read, a second phase not done, a folder that could not be
    listed, a listing that changed since: each makes the next answer look at every file."""
    with _indexed(small_folder, cache_dir) as index:
        conn = index._conn
        for undo, sql in (
            ("DELETE FROM pending", "INSERT INTO pending SELECT key FROM cables LIMIT 1"),
            ("UPDATE files SET state = 1", "UPDATE files SET state = 2 WHERE id = 1"),
            ("DELETE FROM scan_problems", "INSERT INTO scan_problems VALUES ('x', 'why')"),
        ):
            assert index.unchanged()
            conn.execute(sql)
            assert not index.unchanged(), sql
            conn.execute(undo)
        conn.execute("UPDATE files SET size = size + 1 WHERE id = 1")  # drops 'listing'
        assert not index.unchanged()


def test_a_listing_cut_short_or_racing_a_change_stores_no_folder_times(
    small_folder: Path, cache_dir: Path
) -> None:
    with _indexed(small_folder, cache_dir) as index:
        assert index.unchanged()
        os.utime(small_folder)  # changed now: within a tick of the next listing
        index.refresh(workers=0)
        names = "SELECT count(*) FROM meta WHERE name LIKE 'folder_%'"
        assert index._conn.execute(names).fetchone()[0] == 0
        assert not index.unchanged()


def test_one_file_is_never_taken_as_unchanged(tmp_path: Path, cache_dir: Path) -> None:
    one = tmp_path / "07PRAGUE497.txt"
    one.write_text(cable_text(SMALL[0]))
    with CorpusIndex.open(one, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        assert not index.unchanged()


def test_search_answers_an_unchanged_folder_without_a_refresh(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    _indexed(small_folder, cache_dir).close()
    refreshes: list[int] = []
    real = CorpusIndex.refresh

    def counted(self: CorpusIndex, **kw: object) -> None:
        refreshes.append(1)
        real(self, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(CorpusIndex, "refresh", counted)
    assert _search(small_folder, cache_dir, "tag:MNUC") == "0"
    assert capsys.readouterr().out.splitlines()[-1] == "2 of 8 cables match"
    assert refreshes == []
    # a cable added: its folder changed, so the search indexes it first
    lima = small_folder / "2008" / "LIMA"
    lima.mkdir(parents=True)
    (lima / "08LIMA77.txt").write_text(cable_text(NEW))
    assert _search(small_folder, cache_dir, "anchovy") == "0"
    assert "08LIMA77" in capsys.readouterr().out
    assert refreshes == [1]


def test_a_file_rewritten_in_place_is_found_by_rescan(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The documented limit: a file rewritten in place leaves its folder's mtime as it was,
    so a search trusts the index; --rescan (and `index`, and the window) look at every
    file and find it."""
    _indexed(small_folder, cache_dir).close()
    victim = next(p for p in small_folder.rglob("*.txt") if "07PRAGUE497" in p.name)
    when = victim.parent.stat()
    victim.write_text(cable_text(NEW))  # in place: the same name, new content
    os.utime(victim.parent, ns=(when.st_atime_ns, when.st_mtime_ns))
    assert _search(small_folder, cache_dir, "anchovy") == "0"
    assert capsys.readouterr().out.splitlines()[-1] == "0 of 8 cables match"
    assert _search(small_folder, cache_dir, "anchovy", "--rescan") == "0"
    assert "08LIMA77" in capsys.readouterr().out


def test_export_takes_rescan_too(small_folder: Path, cache_dir: Path, tmp_path: Path) -> None:
    _indexed(small_folder, cache_dir).close()
    victim = next(p for p in small_folder.rglob("*.txt") if "07PRAGUE497" in p.name)
    when = victim.parent.stat()
    victim.write_text(cable_text(NEW))
    os.utime(victim.parent, ns=(when.st_atime_ns, when.st_mtime_ns))
    out = tmp_path / "out.csv"
    base = [str(small_folder), "anchovy", "--cache-dir", str(cache_dir), "--workers", "0"]
    # the change unseen: nothing matches, so nothing is written (exit 1)
    assert export_main([*base, "--format", "csv", "-o", str(out)]) == 1
    assert not out.exists()
    assert export_main([*base, "--format", "csv", "-o", str(out), "--rescan"]) == 0
    assert "08LIMA77" in out.read_text()


def test_a_folder_put_in_anothers_place_with_its_times_kept_is_seen(
    small_folder: Path, cache_dir: Path
) -> None:
    """A copy that keeps the times (cp -a, rsync -a) put where the folder was: the same
    mtimes, other inodes."""
    with _indexed(small_folder, cache_dir) as index:
        assert index.unchanged()
        post = next(p for p in small_folder.rglob("*") if p.is_dir() and p.parent != small_folder)
        copy = post.with_name(post.name + ".copy")
        shutil.copytree(post, copy, copy_function=shutil.copy2)
        shutil.copystat(post, copy)
        before, parent = post.stat(), post.parent.stat()
        shutil.rmtree(post)
        copy.rename(post)
        os.utime(post.parent, ns=(parent.st_atime_ns, parent.st_mtime_ns))
        assert post.stat().st_mtime_ns == before.st_mtime_ns  # the times say nothing
        assert post.parent.stat().st_mtime_ns == parent.st_mtime_ns
        assert not index.unchanged()
