"""Time the values the whole folder decides (index/folder_values.py) at the end of a refresh,
on an index schema filled with synthetic rows: the release's shape at N cables (by default
250,000), 45% of the rows a second or third copy of another's ID.

    python benchmarks/folder_values.py [--cables N]

Prints, for each value, the time to find its cables and to read those that hold it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.index.database import open_database  # noqa: E402
from reader.index.folder_values import FOLDER_VALUES  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cables", type=int, default=250_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as work:
        messages: list[str] = []
        conn = open_database(Path(work) / "index.sqlite3", Path(work), messages)
        distinct = int(args.cables * 0.55)
        files, cables, values, refs = [], [], [], []
        for key in range(1, args.cables + 1):
            n = key if key <= distinct else rng.randrange(1, distinct)
            fmt, folder = rng.choice([("txt", "text"), ("html", "html"), ("body", "body")])
            files.append((key, f"{folder}/{key}/{n}.txt", 1, 1, 1, key, 1, 1, None))
            cables.append((key, key, 0, None, fmt, f"09POST{n}", None, "", "", "U", 0, "",
                           None, None, rng.randrange(2000, 9000)))  # fmt: skip
            values += [(key, v) for v in rng.sample(range(1, 400), 12)]
            refs += [(f"09POST{rng.randrange(1, distinct * 2)}", key)]
        conn.executemany("INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?)", files)
        conn.executemany(f"INSERT INTO cables VALUES ({','.join('?' * 15)})", cables)
        conn.executemany("INSERT OR IGNORE INTO cable_values VALUES (?, ?)", values)
        conn.executemany("INSERT OR IGNORE INTO refs VALUES (?, ?)", refs)
        conn.commit()
        for value in FOLDER_VALUES:
            started = time.perf_counter()
            found = value.found(conn)
            middle = time.perf_counter()
            value.had(conn, 1)
            done = time.perf_counter()
            print(
                f"{value.facet}={value.value}: {len(found):,} of {args.cables:,} cables,"
                f" found in {middle - started:.3f} s, held read in {done - middle:.3f} s"
            )
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
