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


def semaphores() -> dict[int, str]:
    """The named semaphores in /dev/shm, by inode."""
    return {p.stat().st_ino: p.name for p in SHM.glob("sem.mp-*")} if SHM.is_dir() else {}


def group_semaphores(group: int) -> set[int]:
    """The inodes of the files in /dev/shm that the processes of the process group
    ``group`` have mapped: their named semaphores (glibc maps one under a temporary name
    before it links the name, so the inode, not the name, tells them), those a kill of the
    group would leave if nobody removed them. Not the semaphores made meanwhile: other
    processes of the machine make theirs."""
    found: set[int] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != group:  # state, parent, process group
                continue
            maps = (proc / "maps").read_text()
        except (OSError, IndexError, ValueError):
            continue  # a process gone meanwhile
        found |= {int(line.split()[4]) for line in maps.splitlines() if " /dev/shm/" in line}
    return found


def test_the_semaphores_of_a_process_group_are_seen() -> None:
    """group_semaphores sees a semaphore open in this process's group."""
    import multiprocessing

    lock = multiprocessing.get_context("spawn").Lock()  # named, kept in /dev/shm while open
    try:
        assert group_semaphores(os.getpgrp()) & semaphores().keys()
    finally:
        del lock


def test_a_killed_process_group_leaves_no_semaphores(shared_cables: Path, tmp_path: Path) -> None:
    if not SHM.is_dir():
        pytest.fail("/dev/shm is needed to see named semaphores")
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
    opened = group_semaphores(child.pid)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    assert after >= 3, "the indexer ended before its parser processes could be killed"
    # what the group had open is gone (what else comes in /dev/shm meanwhile is other
    # processes': the tests in the other process of the suite, other programs)
    assert opened & semaphores().keys() == set()
