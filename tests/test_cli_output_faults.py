"""A command's output on a disk with no room (``search --json > out.json``, ``batch-search
--csv > table.csv`` on a full disk): one line naming the output and the reason, exit 1, not
a traceback. The fault is real: the child process may write no file past a few bytes
(RLIMIT_FSIZE, which holds for root too; writes past it fail as on a full disk)."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.index.store import CorpusIndex

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"


def _no_room() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


@pytest.mark.parametrize(
    "argv",
    [
        ["search", str(SAMPLES), "", "--json", "--limit", "50"],
        ["search", str(SAMPLES), "prague"],
        ["batch-search", str(SAMPLES), "TERMS", "--csv"],
        ["parse", str(SAMPLES / "2007"), "--json"],
    ],
)
def test_output_that_finds_no_room_is_one_line_not_a_traceback(
    tmp_path: Path, argv: list[str]
) -> None:
    cache = tmp_path / "cache"
    with CorpusIndex.open(SAMPLES, cache_dir=cache) as index:  # (held: its files are made)
        index.refresh(workers=0)
        terms = tmp_path / "terms.txt"
        terms.write_text("prague\nmoscow\nankara\n", encoding="utf-8")
        argv = [str(terms) if a == "TERMS" else a for a in argv]
        if argv[0] != "parse":
            argv += ["--no-refresh", "--cache-dir", str(cache)]
        with open(tmp_path / "out", "wb") as out:
            ran = subprocess.run(
                [sys.executable, "-m", "reader", *argv],
                stdout=out, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                env={**os.environ, "PYTHONPATH": str(ROOT), "CABLE_READER_DATA_DIR": str(tmp_path)},
                preexec_fn=_no_room, check=False,
            )  # fmt: skip
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.returncode == 1
    assert "cable-reader: cannot write the output (standard output): File too large" in ran.stderr
