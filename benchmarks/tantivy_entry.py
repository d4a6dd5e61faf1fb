"""A prototype measurement, not part of the app: the full-text entry of a folder's texts into
tantivy (the Rust search engine's Python binding), against the same texts into the index's
FTS5 table, run in turn in one process. It answers whether moving the full text out of
SQLite would lift the one-writer floor that ``index_floor.py`` measures.

    pip install tantivy==0.27.0   # (or pip install --target DIR, and PYTHONPATH=DIR)
    python benchmarks/tantivy_entry.py FOLDER [--limit N] [--threads 2]

Both get the bare texts (no parsing) read beforehand; tantivy keeps positions (phrase
queries) and the text is not stored (the file holds it), as the FTS5 table is contentless.
Prints seconds and cables per second of each, and each one's size on disk.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index_floor import list_files, read_texts  # noqa: E402

from reader.index.database import FULL_TEXT_TABLE, connect  # noqa: E402

BATCH = 2000  # cables per transaction, as reader.index.writer


def fts5_entry(texts: list[str], where: Path) -> tuple[float, int]:
    path = where / "fts5.sqlite3"
    conn = connect(path)
    conn.execute("PRAGMA page_size = 16384")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(FULL_TEXT_TABLE)
    started = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO ft(rowid, text) VALUES (?, ?)",
            ((k, t) for k, t in enumerate(texts[i : i + BATCH], i + 1)),
        )
        conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return seconds, _size(where, "fts5")


def tantivy_entry(texts: list[str], where: Path, threads: int) -> tuple[float, int]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("key", stored=True, indexed=True)
    builder.add_text_field("text", stored=False, tokenizer_name="default", index_option="position")
    folder = where / "tantivy"
    folder.mkdir()
    index = tantivy.Index(builder.build(), path=str(folder))
    started = time.perf_counter()
    writer = index.writer(heap_size=256 * 1024 * 1024, num_threads=threads)
    for i in range(0, len(texts), BATCH):
        for k, t in enumerate(texts[i : i + BATCH], i + 1):
            writer.add_document(tantivy.Document(key=k, text=t))
        writer.commit()  # a commit a batch, as the writer's transactions
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    return seconds, _size(where, "tantivy")


def _size(where: Path, prefix: str) -> int:
    total = 0
    for top, _, names in os.walk(where):
        for n in names:
            p = Path(top, n)
            if str(p.relative_to(where)).startswith(prefix):
                total += p.stat().st_size
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    texts = read_texts(list_files(args.folder, args.limit))
    print(f"{len(texts):,} texts, {sum(map(len, texts)) / 1e6:,.0f} M characters")
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        runs = (
            ("FTS5 (one writer)", lambda: fts5_entry(texts, where)),
            (
                f"tantivy ({args.threads} threads)",
                lambda: tantivy_entry(texts, where, args.threads),
            ),
        )
        for name, run in runs:
            seconds, size = run()
            print(
                f"{name}: {seconds:.1f} s, {len(texts) / seconds:,.0f} cables/s,"
                f" {size / 1e6:,.0f} MB on disk",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
