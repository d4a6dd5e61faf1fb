"""The indexer killed with SIGKILL at twenty random moments, ten in each phase of the index
(twenty trials, each killed after a random number of commits of its phase and a random
pause): the index reopens consistent (no duplicate cable, nothing unknown; after the first
phase every cable is in, some still pending), and the refresh that follows gives the same
IDs, facet counts and answers as a clean index. test_interrupted kills one index several
times in a row."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from test_interrupted import CHILD, REPO, expected, folder  # noqa: F401  (fixtures)
from test_refresh import snapshot

from reader.index.store import CorpusIndex
from reader.query.query import Filter

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def kill_after(root: Path, cache: Path, phase: int, commits: int, rnd: random.Random) -> None:
    """Run the indexer; SIGKILL it after ``commits`` commit lines of ``phase`` (1: the
    files read, 2: the full parse of what the first phase entered) and a random extra pause
    of up to 20 ms, so that the kill lands at any point, inside a commit too."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(root), str(cache)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        if line.startswith("workers"):
            continue
        if int(line.split()[2]) != phase:
            continue
        seen += 1
        if seen >= commits:
            break
    # a random extra moment: busy-wait on the child's exit for up to 20 ms
    try:
        child.wait(timeout=rnd.uniform(0, 0.02))
    except subprocess.TimeoutExpired:
        pass
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()


def cut_short(index: CorpusIndex, phase: int, known: int) -> bool:
    """Whether the kill left ``phase`` unfinished."""
    if phase == 1:
        return index.total() < known
    return index.total() == known and index.pending() > 0


@pytest.mark.parametrize("trial", range(20))
def test_killed_at_a_random_moment_then_completed(
    folder: Path,  # noqa: F811
    expected: dict[str, object],  # noqa: F811
    tmp_path: Path,
    trial: int,
) -> None:
    rnd = random.Random(trial)
    phase = 1 + trial % 2
    known = {row[0] for row in expected["rows"]}  # type: ignore[index, union-attr]
    # a full run reports about 40 times in each phase
    commits = rnd.randint(1, 30)
    for attempt in range(4):
        cache = tmp_path / f"cache{attempt}"
        kill_after(folder, cache, phase, commits, rnd)
        with CorpusIndex.open(folder, cache_dir=cache) as index:
            if cut_short(index, phase, len(known)):
                break
        commits = max(1, commits // 2)  # a busy machine let it finish first: kill sooner
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        # consistent as it stands: every cable once, none that should not be there
        ids = [h.id for h in index.hits(index.keys(Filter()))]
        assert len(ids) == index.total()
        assert [i for i, n in Counter(ids).items() if n > 1] == []
        assert set(ids) <= known
        assert cut_short(index, phase, len(known)), "the phase ended before the kill, four times"
        if phase == 2:
            assert index.partial_for(Filter("check:*")) is not None
        index.refresh(workers=0)
        assert index.pending() == 0
        final = snapshot(index)
    assert final["rows"] == expected["rows"]  # the same IDs
    assert final["facets"] == expected["facets"]  # the same facet counts
    assert final == expected
