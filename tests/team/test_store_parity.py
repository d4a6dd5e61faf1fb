"""Both stores give the same answers over real cables: benchmarks/store_parity.py run on
a share of ../shared/cables/text (every twelfth file, and the long cables whose phrases a
vector alone misses), 200 queries made from those cables' own words, phrases and field
values, each sorted three ways; the script exits 1 on any answer that differs.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LONG = ["2006/06MOSCOW5645.txt", "2008/08UNVIEVIENNA215.txt"]


@pytest.mark.slow
def test_both_stores_answer_queries_made_from_real_cables_alike(
    shared_cables: Path, tmp_path: Path, pg_url: str
) -> None:
    text = shared_cables / "text"
    chosen = sorted(text.rglob("*.txt"))[::12] + [text / name for name in LONG]
    folder = tmp_path / "cables"
    for path in chosen:
        (folder / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / path.parent.name / path.name)
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "store_parity.py"), str(folder),
         "--store", pg_url, "--cache-dir", str(tmp_path / "cache"), "--queries", "200",
         "--seed", "30"],
        capture_output=True, text=True, cwd=REPO, timeout=1800,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "200 queries in" in done.stdout and " 0 answered differently" in done.stdout
