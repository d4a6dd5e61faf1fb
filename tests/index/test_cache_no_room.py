"""An index whose disk has no room left for the files SQLite makes beside it (the "-shm"
every connection needs: the disk filled up after the index was written, and the last
window closed): the open says which file, why and what to do, without a traceback, and
the index is kept (it is not damaged). The fault is real: the child process may write no
file past one byte (RLIMIT_FSIZE, which holds for root too)."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from reader.index.database import index_path
from reader.index.store import CorpusIndex
from reader.query.query import Filter

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


def _no_room() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, 1))


def test_an_index_with_no_room_for_its_files_says_so_and_is_kept(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with CorpusIndex.open(SAMPLES, cache_dir=cache) as index:
        index.refresh(workers=0)
    path = index_path(SAMPLES, cache)
    assert not Path(f"{path}-shm").exists()
    size = path.stat().st_size
    searched = subprocess.run(
        [sys.executable, "-m", "reader", "search", str(SAMPLES), "prague", "--no-refresh",
         "--cache-dir", str(cache)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path, preexec_fn=_no_room, check=False,
    )  # fmt: skip
    assert searched.returncode == 1
    assert "Traceback" not in searched.stderr
    assert searched.stderr.startswith(f"cable-reader: cannot open the index {path} (disk I/O")
    assert path.stat().st_size == size  # neither rebuilt nor removed
    with CorpusIndex.open(SAMPLES, cache_dir=cache) as index:  # room again: as it was
        assert index.count(Filter()) == 44
