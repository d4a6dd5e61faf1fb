"""Write N realistic synthetic cables, recombined from the real ones in ../shared/cables/text.

    python benchmarks/make_corpus.py N DIR [--csv] [--seed S]

Each cable gets a fresh ID, post, date, precedence, classification (banner, security line
and portion markings that agree with it), TAGS and a body of 3 to 14 paragraphs drawn from
real cables, so sizes, words and layout are those of the real release. Files go to
DIR/<year>/<POST>/<ID>.txt; with --csv, one DIR/cables.csv in the layout of the full
release (8 quoted columns, quotes escaped as \\").
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.model.codes import read_table  # noqa: E402
from reader.model.posts import id_spelling  # noqa: E402
from reader.parser.containers import UnreadableFile, read_cables  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared" / "cables" / "text"
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
PRECEDENCE = (
    ("O", "IMMEDIATE", 30),
    ("P", "PRIORITY", 35),
    ("R", "ROUTINE", 33),
    ("Z", "FLASH", 2),
)
# level, banner words, security code, share of the release
LEVELS = (
    ("U", "UNCLAS", "ZNR UUUUU ZZH", "UNCLASSIFIED", 38),
    ("SBU", "UNCLAS SENSITIVE", "ZNR UUUUU ZZH", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", 6),
    ("C", "C O N F I D E N T I A L", "ZNY CCCCC ZZH", "CONFIDENTIAL", 40),
    ("S", "S E C R E T", "ZNY SSSSS ZZH", "SECRET", 12),
    ("S//NF", "S E C R E T NOFORN", "ZNY SSSSS ZZH", "SECRET//NOFORN", 4),
)
PORTIONS = {
    "U": ("U",),
    "SBU": ("SBU", "U", "SBU"),
    "C": ("C", "C", "U", "SBU", "C"),
    "S": ("S", "C", "S", "U"),
    "S//NF": ("S//NF", "S", "C", "S//NF"),
}
SIGNERS = ("GRABER", "OLSON", "RANNEBERGER", "SMITH", "JONES", "MILLER", "DAVIS", "BROWN")


@dataclass(frozen=True)
class Parts:
    """Pieces of real cables to recombine."""

    subjects: list[str]
    tags: list[list[str]]
    paragraphs: list[str]


def _parts_of(paths: list[str]) -> tuple[list[str], list[list[str]], list[str]]:
    subjects, tags, paragraphs = [], [], []
    for path in paths:
        try:
            cables = list(read_cables(path))
        except UnreadableFile:
            continue
        for c in cables:
            if c.subject:
                subjects.append(" ".join(c.subject.split()))
            if c.tags:
                tags.append([t for t in c.tags if t.isalnum()][:8])
            for p in c.paragraphs:
                start = p.marking_end if p.marking_end is not None else p.start
                body = c.text[start : p.end].strip()
                if 80 <= len(body) <= 4000:
                    paragraphs.append(body)
    return subjects, tags, paragraphs


def load_parts(real: Path) -> Parts:
    paths = sorted(str(p) for p in real.rglob("*.txt"))
    chunks = [paths[i::8] for i in range(8)]
    parts = Parts([], [], [])
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        for subjects, tags, paragraphs in pool.map(_parts_of, chunks):
            parts.subjects.extend(subjects)
            parts.tags.extend(t for t in tags if t)
            parts.paragraphs.extend(paragraphs)
    return parts


def stations() -> list[tuple[str, str]]:
    """(routing indicator, post name) of embassies and consulates."""
    out = []
    for row in read_table("routing_indicators").rows:
        ri, name = row[0], row[1] or row[2]
        for prefix in ("AMEMBASSY ", "AMCONSUL "):
            if name.startswith(prefix) and ri.startswith("RUEH") and len(ri) == 6:
                out.append((ri, name))
    return sorted(set(out))


@dataclass
class Synthetic:
    id: str
    year: int
    post: str  # as in the banner and path
    origin: str
    when: datetime.datetime
    classification: str
    refs: list[str]
    header: str
    body: str


def cables(n: int, parts: Parts, seed: int) -> Iterator[Synthetic]:
    rnd = random.Random(seed)
    posts = stations()
    serials: dict[tuple[int, str], int] = {}
    years = list(range(1985, 2011))
    year_weights = [1 if y < 2000 else 4 if y < 2004 else 20 for y in years]
    level_weights = [lv[4] for lv in LEVELS]
    prec_weights = [p[2] for p in PRECEDENCE]
    done: list[str] = []
    for i in range(n):
        ri, station = rnd.choice(posts)
        prefix, post = station.split(" ", 1)
        year = rnd.choices(years, year_weights)[0]
        start = datetime.datetime(year, 1, 1)
        when = start + datetime.timedelta(minutes=rnd.randrange(365 * 24 * 60))
        key = (year, id_spelling(post))
        serials[key] = serials.get(key, 0) + rnd.randint(1, 9)
        serial = serials[key]
        cid = f"{year % 100:02d}{key[1]}{serial}"
        level, banner, security, classification, _ = rnd.choices(LEVELS, level_weights)[0]
        letter, precedence, _ = rnd.choices(PRECEDENCE, prec_weights)[0]
        julian = when.timetuple().tm_yday
        hhmm = f"{when.hour:02d}{when.minute:02d}"
        infos = [f"{r}/{s} {precedence}" for r, s in rnd.sample(posts, rnd.randint(1, 6))]
        header = "\n".join(
            [
                f"VZCZCXRO{i % 10000:04d}",
                f"{letter}{letter} RUEHDBU RUEHFL RUEHKW",
                f"DE {ri} #{serial % 10000:04d} {julian:03d}{hhmm}",
                security,
                f"{letter} {when.day:02d}{hhmm}Z {MONTHS[when.month - 1]} {year % 100:02d}",
                f"FM {station}",
                f"TO RUEHC/SECSTATE WASHDC {precedence} {rnd.randint(1000, 9999)}",
                "INFO " + "\n".join(infos),
            ]
        )
        refs = rnd.sample(done, min(len(done), rnd.choice((0, 0, 1, 1, 2, 3))))
        handling = ["SIPDIS"] + (["NOFORN"] if level == "S//NF" else [])
        tags = rnd.choice(parts.tags)
        lines = [f"{banner} {post} {serial:06d}", "", *handling, ""]
        lines += [
            f"E.O. 12958: DECL: {when.month:02d}/{when.day:02d}/{year + 10}",
            f"TAGS: {' '.join(tags)}",
            f"SUBJECT: {rnd.choice(parts.subjects)}",
            "",
        ]
        if refs:
            spelt = [
                f"{chr(65 + k)}. {r[2:].rstrip('0123456789')} {_serial_of(r)}"
                for k, r in enumerate(refs)
            ]
            lines += ["REF: " + " ".join(spelt), ""]
        if level not in ("U", "SBU"):
            lines += [
                f"Classified By: Ambassador {rnd.choice(SIGNERS).title()}"
                " for reasons 1.4 (b) and (d)",
                "",
            ]
        for k in range(1, rnd.randint(3, 14) + 1):
            mark = rnd.choice(PORTIONS[level]) if level != "U" or rnd.random() < 0.7 else None
            text = rnd.choice(parts.paragraphs)
            lines += [f"{k}. ({mark}) {text}" if mark else f"{k}. {text}", ""]
        lines += [rnd.choice(SIGNERS), ""]
        done.append(cid)
        if len(done) > 5000:
            done = done[-2000:]
        yield Synthetic(
            cid, year, post, _origin(prefix, post), when, classification,
            [r for r in refs], header, "\n".join(lines),
        )  # fmt: skip


def _serial_of(cid: str) -> str:
    digits = ""
    for ch in reversed(cid):
        if not ch.isdigit():
            break
        digits = ch + digits
    return digits


def _origin(prefix: str, post: str) -> str:
    kind = "Embassy" if prefix == "AMEMBASSY" else "Consulate"
    return f"{kind} {post.title()}"


def write_files(n: int, folder: Path, parts: Parts, seed: int) -> int:
    made: set[Path] = set()
    size = 0
    for c in cables(n, parts, seed):
        d = folder / str(c.year) / c.post.replace(" ", "_")
        if d not in made:
            d.mkdir(parents=True, exist_ok=True)
            made.add(d)
        data = (c.header + "\n\n" + c.body).encode("utf-8")
        (d / f"{c.id}.txt").write_bytes(data)
        size += len(data)
    return size


def write_csv(n: int, path: Path, parts: Parts, seed: int) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for row, c in enumerate(cables(n, parts, seed), 1):
            fields = [str(row), c.when.strftime("%m/%d/%Y %H:%M"), c.id, c.origin,
                      c.classification, ",".join(c.refs), c.header, c.body]  # fmt: skip
            out.write(",".join(q(f) for f in fields) + "\n")
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="how many cables")
    ap.add_argument("dir", type=Path, help="where to write them")
    ap.add_argument("--csv", action="store_true", help="one cables.csv instead of files")
    ap.add_argument("--seed", type=int, default=2010)
    ap.add_argument("--real", type=Path, default=REAL, help="the real cables to recombine")
    args = ap.parse_args(argv)
    if not args.real.is_dir():
        print(f"make_corpus: the real cables are missing: {args.real}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    parts = load_parts(args.real)
    if args.csv:
        size = write_csv(args.n, args.dir / "cables.csv", parts, args.seed)
    else:
        size = write_files(args.n, args.dir, parts, args.seed)
    print(
        f"{args.n:,} cables, {size / 1e6:,.1f} MB, in {args.dir}"
        f" ({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
