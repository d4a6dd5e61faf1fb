"""Exports under real write faults. A limit on the size of the files a process may write
(RLIMIT_FSIZE, in a child process) stands for a disk that fills up mid-export: every write
past it fails with EFBIG as one past a full disk fails with ENOSPC, also for root, and in the
C++ of Qt's PDF writer as in Python."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.index.store import CorpusIndex

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


def _limited(size: int) -> None:
    """In the child, before it runs: no file written past ``size`` bytes (the signal the
    kernel sends for it ignored, so that the write fails with EFBIG as a full disk's does)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def _export(
    tmp_path: Path, fmt: str, out: Path, limit: int | None
) -> subprocess.CompletedProcess[str]:
    argv = [
        sys.executable, "-m", "reader", "export", str(SAMPLES), "", "--format", fmt,
        "-o", str(out), "--no-refresh",
        "--cache-dir", str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data"),
    ]  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        preexec_fn=None if limit is None else (lambda: _limited(limit)),
        check=False,
    )


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """The samples indexed beforehand, so that the export under the limit only reads."""
    with CorpusIndex.open(SAMPLES, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
    return tmp_path


@pytest.mark.parametrize("fmt", ["pdf", "html", "jsonl"])
def test_a_disk_full_mid_export_fails_and_leaves_no_file(indexed: Path, fmt: str) -> None:
    whole = indexed / f"whole.{fmt}"
    done = _export(indexed, fmt, whole, None)
    assert done.returncode == 0, done.stderr
    size = whole.stat().st_size
    assert size > 80_000  # room for the index's shared memory file (32 KB) under the limit

    out = indexed / "out" / f"pack.{fmt}"
    out.parent.mkdir()
    failed = _export(indexed, fmt, out, size // 2)
    assert failed.returncode == 1, (failed.stdout, failed.stderr)
    assert f"cable-reader: cannot write {out}: " in failed.stderr
    assert "Traceback" not in failed.stderr
    assert "wrote" not in failed.stdout
    assert list(out.parent.iterdir()) == []  # neither the file nor its temporary part
