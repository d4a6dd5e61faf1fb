"""Print, per folder of ../shared/cables, the share of cables in which each field was found.

Also counts the figures an analyst trusts first (IDs against file names, dates, references
that cite their own cable or a page break, summaries, Classified By names), and,
independently of the parser (a plain pattern search over the raw text), the
portion markings that open numbered paragraphs, and compares with what the parser found.

    python benchmarks/field_coverage.py [CABLES_DIR]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.model.records import Cable  # noqa: E402
from reader.parser.containers import UnreadableFile, read_cables  # noqa: E402

FIELDS = [
    "id",
    "classification",
    "tags",
    "subject",
    "dtg",
    "from_",
    "to",
    "transmission_id",
    "routing_indicators",
    "de",
    "security_code",
    "declassify",
    "references",
    "classified_by",
    "summary",
    "paragraphs",
    "signers",
    "handling",
    "section",
]

# A numbered paragraph opening with a parenthesised marking, found with a plain pattern.
OPENING_MARK = re.compile(
    r"^[ \t]*(?:¶[ \t]*|<a [^>]*>¶</a>)?\d{1,3}[ \t]*[.)][ \t]*"
    r"\((?:U|C|S|TS|SBU|FOUO|U//FOUO)(?:[ /\-][^)\n]{0,40})?\)",
    re.MULTILINE | re.IGNORECASE,
)


def has_header(c: Cable) -> bool:
    return bool(c.transmission_id or c.de or c.from_ or c.to or c.security_code)


#: A page-break header inside a cable: ``PAGE 02 ROME 01196 01 OF 02``.
PAGE_BREAK = re.compile(r"\bPAGE\s+\d{2,3}\s+[A-Z]")
END_SUMMARY = re.compile(r"\bEND\s+(?:OF\s+)?SUMMARY\b", re.IGNORECASE)


def stem_of(path: Path) -> str:
    return path.name.rsplit(".", 1)[0]


def dated(c: Cable) -> bool:
    """A full date from any source (the DTG, the record's date, the container's)."""
    if getattr(c, "date", None) is not None:
        return getattr(c, "date_precision", "day") == "day"
    return bool(c.dtg or (c.meta and c.meta.created))


def has_year(c: Cable) -> bool:
    return dated(c) or getattr(c, "date", None) is not None


def trust_report(path: Path, cables: list[Cable], trust: Counter[str]) -> None:
    """The figures an analyst trusts first: IDs, dates, references, summaries, names."""
    stem = stem_of(path)
    for c in cables:
        trust["cables"] += 1
        if path.suffix.lower() != ".csv":
            trust["id differs from the file name"] += c.id != stem
            trust["... and so does the published ID"] += (
                c.id != stem and getattr(c, "published_id", None) != stem
            )
        trust["dated (day)"] += dated(c)
        trust["at least the year"] += has_year(c)
        for r in c.references:
            trust["references"] += 1
            trust["references to the cable itself"] += bool(r.id and r.id == c.id)
            trust["references from a page-break line"] += bool(PAGE_BREAK.search(r.text))
        if END_SUMMARY.search(c.text):
            trust["with END SUMMARY"] += 1
            trust["... with a summary"] += bool(c.summary)
        if c.classified_by:
            trust["Classified By lines"] += 1
            trust["... with a name"] += bool(c.classified_by.names)


def raw_text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def folder_report(folder: Path) -> None:
    counts: Counter[str] = Counter()
    trust: Counter[str] = Counter()
    header_counts: Counter[str] = Counter()
    n = with_header = unreadable = 0
    expected_marks = found_marks = 0
    missed: list[str] = []
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in (".txt", ".html", ".csv")
    )
    for path in files:
        try:
            cables = list(read_cables(path))
        except UnreadableFile as exc:
            unreadable += 1
            print(f"  unreadable: {exc}")
            continue
        if path.suffix.lower() != ".csv":
            raw = raw_text_of(path)
            if path.suffix.lower() == ".html":
                raw = raw.replace("&#x000A;", "\n")
            expected = len(OPENING_MARK.findall(raw))
            found = sum(1 for c in cables for p in c.paragraphs if p.marking is not None)
            expected_marks += expected
            found_marks += found
            if found < expected and len(missed) < 10:
                missed.append(f"{path.name}: {found} of {expected}")
        trust_report(path, cables, trust)
        for c in cables:
            n += 1
            for f in FIELDS:
                if getattr(c, f):
                    counts[f] += 1
            if c.date_precision:
                counts[f"date ({c.date_precision})"] += 1
            if has_header(c):
                with_header += 1
                for f in ("dtg", "from_"):
                    if getattr(c, f):
                        header_counts[f] += 1
    print(f"{folder}: {n} cables from {len(files)} files ({unreadable} unreadable)")
    for f in FIELDS:
        print(f"  {f.rstrip('_'):20} {counts[f] / max(n, 1):8.2%}")
    for f in ("date (day)", "date (year)"):  # the day known, or only the ID's year
        print(f"  {f:20} {counts[f] / max(n, 1):8.2%}")
    if with_header:
        for f in ("dtg", "from_"):
            print(
                f"  {f.rstrip('_') + ' (with header)':20} {header_counts[f] / with_header:8.2%}"
                f"   ({with_header} cables have a routing header)"
            )
    for name, value in trust.items():
        if name != "cables":
            print(f"  {name:40} {value:8,}")
    if expected_marks:
        print(
            f"  paragraph-opening markings: {found_marks} found by the parser, "
            f"{expected_marks} by a plain pattern search"
        )
        for m in missed:
            print(f"    fewer than the pattern: {m}")


def main(argv: list[str]) -> int:
    root = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "cables"
    )
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        folder_report(sub)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
