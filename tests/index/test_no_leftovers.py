"""A SIGKILL of the whole indexing process group (the indexer, its parser processes and
multiprocessing's helpers at once) leaves nothing behind in /dev/shm: the pool talks to its
workers over pipes, not queues, whose named semaphores nobody would be left to remove."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).parents[1] / "support" / "killable_indexer.py"
SHM = Path("/dev/shm")


def semaphores() -> set[str]:
    return {p.name for p in SHM.glob("sem.mp-*")} if SHM.is_dir() else set()


def test_a_killed_process_group_leaves_no_semaphores(shared_cables: Path, tmp_path: Path) -> None:
    if not SHM.is_dir():
        pytest.fail("/dev/shm is needed to see named semaphores")
    before = semaphores()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(shared_cables / "text" / "2006"), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        start_new_session=True,  # its own process group: the kill takes every process in it
    )
    assert child.stdout is not None
    pool, after = False, 0
    for line in child.stdout:  # the parser processes are running and have sent rows back
        pool = pool or line.startswith("workers")
        after += pool
        if after >= 3:
            break
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    assert after >= 3, "the indexer ended before its parser processes could be killed"
    assert semaphores() - before == set()
