"""The floor under the cold index: what reading the files and the full-text entry alone cost,
with no parsing at all, against the goal of issue 3 (15,000 cables/s on two cores).

    python benchmarks/index_floor.py FOLDER [--limit N]

Each step runs on its own, in one process, over the same files, and prints its rate:

- listing the folder (``os.walk``);
- reading and decoding every file;
- packing each text as the index keeps it (zlib, as ``reader.index.rows``);
- the full-text entry of every text, into the index's own FTS5 table definition, with the
  index's connection settings, in transactions of 2,000 cables as the writer makes them;
- one ``rg -l -i`` pass over the folder, for scale.

With ``--settings``, the full-text entry again under the most favourable settings SQLite
offers (no journal, no sync, no automatic merging), with the index's table, then with the
``ascii`` tokenizer, and without positions (``detail=column``, ``detail=none``: tables that
cannot answer phrase queries, which the index must): how far any tuning could take it.

SQLite has one writer per database, so the full-text entry's rate is an upper bound on the
rate of any cold index that keeps a full-text table in one database, however the parsing
is spread over the cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.index.database import FULL_TEXT_TABLE, connect  # noqa: E402
from reader.index.text_segments import BULK_ENTRY, merge_step, use_settings  # noqa: E402

GOAL = 15_000  # cables/s, issue 3
BATCH = 2000  # cables per transaction, as reader.index.writer


def list_files(folder: Path, limit: int | None) -> list[Path]:
    files = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        files.extend(Path(top, n) for n in sorted(names) if n.endswith(".txt"))
        if limit is not None and len(files) >= limit:
            return files[:limit]
    return files


def read_texts(files: list[Path]) -> list[str]:
    return [p.read_bytes().decode("utf-8", "replace") for p in files]


def pack(texts: list[str]) -> int:
    return sum(len(zlib.compress(t.encode("utf-8", "surrogatepass"), 1)) for t in texts)


#: (name, table definition) of the full-text tables ``--settings`` tries
_TABLES = (
    ("index's table", FULL_TEXT_TABLE),
    ("ascii tokenizer", FULL_TEXT_TABLE.replace("unicode61 remove_diacritics 2", "ascii")),
    ("detail=column, no phrases",
     FULL_TEXT_TABLE.replace("tokenize='unicode61 remove_diacritics 2'",
                             "detail=column, tokenize='ascii'")),
    ("detail=none, no phrases",
     FULL_TEXT_TABLE.replace("tokenize='unicode61 remove_diacritics 2'",
                             "detail=none, tokenize='ascii'")),
)
#: the fastest writing SQLite allows: nothing to recover after a crash, no merging as it goes
_FAVOURABLE = ("PRAGMA synchronous = OFF", "INSERT INTO ft(ft, rank) VALUES('automerge', 0)")


def full_text_entry(texts: list[str], db: Path, table: str = FULL_TEXT_TABLE,
                    journal: str = "WAL", settings: tuple[str, ...] = (),
                    bulk: bool = False) -> None:
    conn = connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal}")  # before the table is made
    conn.execute(table)
    for setting in settings:
        conn.execute(setting)
    if bulk:  # as a refresh's first phase enters them
        use_settings(conn, BULK_ENTRY)
    for start in range(0, len(texts), BATCH):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO ft(rowid, text) VALUES (?, ?)",
                         enumerate(texts[start:start + BATCH], start + 1))
        conn.execute("COMMIT")
    conn.close()


def merge_all(db: Path) -> int:
    """The merging a refresh's second phase does after a bulk entry, a step a transaction:
    how many steps."""
    conn = connect(db)
    steps = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        worked = merge_step(conn)
        conn.execute("COMMIT")
        if not worked:
            break
        steps += 1
    conn.close()
    return steps


def rg_pass(folder: Path) -> float | None:
    rg = shutil.which("rg")
    if rg is None:
        return None
    start = time.perf_counter()
    subprocess.run([rg, "-l", "-i", "missile defense", str(folder)], stdout=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--settings", action="store_true",
                        help="also the full-text entry under the most favourable settings")
    parser.add_argument("--segments", action="store_true",
                        help="also the entry as a first phase makes it (one segment a"
                             " transaction, merged later), then the second phase's merging")
    args = parser.parse_args(argv)

    def step(name: str, seconds: float, n: int) -> None:
        print(f"{name:<44} {seconds:7.2f} s  {n / seconds:9,.0f} cables/s"
              f"  ({n / seconds / GOAL:.2f}x the goal of {GOAL:,}/s)")

    start = time.perf_counter()
    files = list_files(args.folder, args.limit)
    step("listing the folder", time.perf_counter() - start, len(files))
    start = time.perf_counter()
    texts = read_texts(files)
    step("reading and decoding the files", time.perf_counter() - start, len(texts))
    megabytes = sum(map(len, texts)) / 1e6
    print(f"{len(texts):,} cables, {megabytes:,.0f} MB of text")
    start = time.perf_counter()
    pack(texts)
    step("packing the texts (zlib)", time.perf_counter() - start, len(texts))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        cpu = time.process_time()
        full_text_entry(texts, Path(tmp, "floor.sqlite3"))
        took = time.perf_counter() - start
        step("full-text entry alone (one writer)", took, len(texts))
        print(f"{'':<44} CPU {time.process_time() - cpu:7.2f} s")
        print(f"{'':<44} {megabytes / took:7.1f} MB/s of text")
        if args.segments:
            bulk_db = Path(tmp, "bulk.sqlite3")
            start, cpu = time.perf_counter(), time.process_time()
            full_text_entry(texts, bulk_db, bulk=True)
            took = time.perf_counter() - start
            step("full-text entry as the first phase makes it", took, len(texts))
            print(f"{'':<44} CPU {time.process_time() - cpu:7.2f} s")
            start, cpu = time.perf_counter(), time.process_time()
            steps = merge_all(bulk_db)
            print(f"{'  then merging as the second phase does':<44}"
                  f" {time.perf_counter() - start:7.2f} s, CPU {time.process_time() - cpu:.2f} s"
                  f" ({steps} steps)")
        if args.settings:
            print("the same with no journal, no sync and no merging as it goes:")
        for k, (name, table) in enumerate(_TABLES if args.settings else ()):
            start = time.perf_counter()
            full_text_entry(texts, Path(tmp, f"favourable{k}.sqlite3"), table, "OFF",
                            _FAVOURABLE)
            step(f"  {name}", time.perf_counter() - start, len(texts))
    took = rg_pass(args.folder) if args.limit is None else None
    if took is not None:
        print(f"{'one rg -l -i pass over the folder':<44} {took:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
