"""An indexer killed with SIGKILL at several points reopens consistent, and the next
refresh completes it: no duplicate and no missing cable."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from handmade import many, write_csv, write_folder
from test_refresh import fresh_snapshot, snapshot

from reader.index import refresh
from reader.index.store import CorpusIndex

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).parents[1] / "support" / "killable_indexer.py"

pytestmark = pytest.mark.skipif(
    not hasattr(os, "pidfd_open"), reason="needs SIGKILL and pidfd_open (Linux)"
)


def run_and_kill(folder: Path, cache: Path, after_lines: int) -> tuple[list[str], list[int]]:
    """Start the indexer; SIGKILL it as soon as it has reported ``after_lines`` commits,
    then check that its worker processes end by themselves."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder), str(cache)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    lines: list[str] = []
    workers: list[int] = []
    for line in child.stdout:
        if line.startswith("workers"):
            workers += [int(w) for w in line.split()[1:] if int(w) not in workers]
            continue
        lines.append(line.strip())
        if len(lines) >= after_lines:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    child.stdout.close()
    for pid in workers:
        assert _ends_within(pid, 15.0), f"worker {pid} outlived the killed indexer"
    return lines, workers


def _ends_within(pid: int, seconds: float) -> bool:
    """Wait for a process that is not our child to end (a pidfd turns readable)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], seconds)
        return bool(readable)
    finally:
        os.close(fd)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("to-kill")
    write_folder(root / "files", many(240))
    write_csv(root / "cables.csv", many(160, start=5000))
    return root


@pytest.fixture(scope="module")
def expected(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return fresh_snapshot(folder, tmp_path_factory.mktemp("fresh"))


@pytest.mark.parametrize("after_lines", [1, 2, 4, 7, 10, 14, 20])
def test_killed_index_reopens_consistent_and_completes(
    folder: Path, expected: dict[str, object], tmp_path: Path, after_lines: int
) -> None:
    cache = tmp_path / "cache"
    lines, workers = run_and_kill(folder, cache, after_lines)
    assert lines and lines[-1].split()[1] == "False", "killed before it finished"
    # their end was checked, unless it was killed while it read the first few files of the
    # folder itself, before the parser processes started
    assert workers or int(lines[-1].split()[0]) <= refresh.HEAD_START_FILES
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        assert index.messages == []
        # the kill came before the end: in the first phase (not every cable in), or in
        # the second (cables it has not reached; the first phase is quick enough now that
        # the 20th report can come after it)
        assert index.total() < 400 or index.pending() > 0
        index.refresh(workers=0)
        assert snapshot(index) == expected


def test_killed_twice_while_changes_are_applied(
    folder: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path / "work"
    import shutil

    shutil.copytree(folder, work)
    cache = tmp_path / "cache"
    with CorpusIndex.open(work, cache_dir=cache) as index:
        index.refresh(workers=0)
    # remove half, change the csv: the next refresh deletes and re-adds many cables
    for path in sorted((work / "files").rglob("*.txt"))[::2]:
        path.unlink()
    write_csv(work / "cables.csv", many(120, start=7000))
    run_and_kill(work, cache, 1)
    run_and_kill(work, cache, 3)
    with CorpusIndex.open(work, cache_dir=cache) as index:
        index.refresh(workers=0)
        assert snapshot(index) == fresh_snapshot(work, tmp_path_factory.mktemp("fresh2"))
