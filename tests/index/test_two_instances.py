"""Two app instances on the same folder at once: two indexer processes refresh the same
index together; neither corrupts it, and the result equals a clean index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_interrupted import CHILD, REPO, expected, folder  # noqa: F401  (fixtures)
from test_refresh import snapshot

from reader.index.store import CorpusIndex


def start_indexer(root: Path, cache: Path) -> subprocess.Popen[str]:
    """The indexer of test_interrupted in a process of its own, as a second app would be."""
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(root), str(cache)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_two_indexers_at_once_give_the_clean_index(
    folder: Path,  # noqa: F811
    expected: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    runs = [start_indexer(folder, cache) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert out.split()[-3] == "True"  # each says it finished (its last line)
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        assert index.messages == []
        assert snapshot(index) == expected


def test_a_reader_while_another_process_indexes(
    folder: Path,  # noqa: F811
    expected: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    run = start_indexer(folder, cache)
    assert run.stdout is not None
    seen = []
    for line in run.stdout:
        if line.startswith("workers"):
            continue
        seen.append(line)
        if len(seen) == 3:
            with CorpusIndex.open(folder, cache_dir=cache) as index:  # a second instance
                assert index.messages == []
                assert 0 <= index.total() <= 400
    run.wait(timeout=300)
    assert run.returncode == 0
    with CorpusIndex.open(folder, cache_dir=cache) as index:
        assert snapshot(index) == expected
