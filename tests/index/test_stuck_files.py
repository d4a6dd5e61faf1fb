"""No file holds up a folder: one that parses too long, or a named pipe swapped in for a
file while the folder is indexed, is reported with its reason and the rest is indexed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from stuck_worker import stuck_on_some

from reader.index import refresh, workers
from reader.index.store import CorpusIndex
from reader.index.workers import FileTask, ParsePool, parse_files
from reader.query.query import Filter


def _cable_text(serial: int, subject: str) -> str:
    return f"UNCLAS STATE {serial:06d}\n\nTAGS: PREL\nSUBJECT: {subject}\n\n1. (U) Text.\n"


def _folder(root: Path, names: list[str]) -> Path:
    root.mkdir()
    for n, name in enumerate(names, 1):
        (root / name).write_text(_cable_text(n, f"CABLE {name}"))
    return root


def test_a_file_that_takes_too_long_is_reported_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"07STATE{n}.txt" for n in range(1, 9)] + ["07STATE5-stuck.txt"]
    root = _folder(tmp_path / "folder", names)
    # a folder far too small to be worth the parser processes, but a file in it as big as
    # few cables are: that one goes to a process that can be stopped
    stuck = root / "07STATE5-stuck.txt"
    stuck.write_text(stuck.read_text() + "2. (U) " + "Words. " * (workers.WATCHED_BYTES // 7))
    monkeypatch.setattr(refresh.Refresh, "_index_first_files", lambda *a: None)
    monkeypatch.setattr(workers, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(workers, "FILE_SECONDS_PER_MB", 0.0)
    monkeypatch.setattr(ParsePool, "worker_main", staticmethod(stuck_on_some))
    with CorpusIndex.open(root, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=2)
        assert [(p.path, p.reason) for p in index.file_problems()] == [
            (
                "07STATE5-stuck.txt",
                "parsing it took longer than 1 s: stopped, so that the rest of the folder goes on",
            )
        ]
        subjects = sorted(h.subject for h in index.hits(index.keys(Filter())))
        assert subjects == sorted(f"CABLE {n}" for n in names if "stuck" not in n)


def test_a_file_swapped_for_a_fifo_while_indexing_holds_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _folder(tmp_path / "folder", [f"07STATE{n}.txt" for n in range(1, 6)])
    real_scan = refresh.scan

    def scan_then_swap(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real_scan(*args, **kwargs)
        (root / "07STATE3.txt").unlink()
        os.mkfifo(root / "07STATE3.txt")  # a worker that opened it would wait for ever
        return found

    monkeypatch.setattr(refresh, "scan", scan_then_swap)
    monkeypatch.setattr(refresh, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(refresh.Refresh, "_index_first_files", lambda *a: None)
    with CorpusIndex.open(root, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=2)
        assert [(p.path, p.reason) for p in index.file_problems()] == [
            ("07STATE3.txt", "it is a named pipe (FIFO), not a regular file: not read")
        ]
        assert index.total() == 4


def test_a_file_whose_first_rows_were_sent_is_sent_whole_before_the_next(
    tmp_path: Path,
) -> None:
    """So that a worker that dies later never leaves half a file to parse again."""
    from handmade import many, write_csv

    big = tmp_path / "cables.csv"
    write_csv(big, many(workers.BATCH_ROWS + 10))
    small = tmp_path / "07STATE1.txt"
    small.write_text(_cable_text(1, "SMALL"))
    tasks = [FileTask(1, str(big)), FileTask(2, str(small))]
    messages = list(parse_files(tasks))
    ends = [n for n, m in enumerate(messages) for p in m if p.done and p.file_id == 1]
    firsts = [n for n, m in enumerate(messages) for p in m if p.file_id == 2]
    assert len(messages) >= 2 and ends == [1] and firsts == [2]


def test_a_workers_parser_is_loaded_before_its_first_file_is_timed() -> None:
    """The first file's time limit measures its parse, not the parser's import (the
    patterns compiled, the modules compiled from source where no bytecode is kept), which
    on a busy machine alone can pass a short limit."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from reader.index import workers\n"
        "class Pipe:\n"
        "    def poll(self, timeout):\n"
        "        print('reader.parser.parse' in sys.modules)\n"
        "        return True\n"
        "    def recv(self):\n"
        "        return None\n"
        "workers._worker_main(Pipe(), Pipe(), 0, 0)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True"]
