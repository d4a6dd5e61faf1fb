"""Count, over ../shared/cables/text, the field errors a plain check can see in the parser's
output: Classified By lines without a name or with a title or trailing word in one, cables
that say END SUMMARY without a summary, tags from a page header, end marks taken as signers,
subjects that run on into a REF, a page header or a paragraph.

    python benchmarks/field_quality.py [--code CHECKOUT] [CABLES_DIR]

``--code`` reads the cables with the parser of another checkout (to compare before and
after a change: ``--code ../main``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

_END_SUMMARY_RE = re.compile(r"\bEND\s+(?:OF\s+)?SUMMARY\b", re.IGNORECASE)
_PAGE_HEADER_RE = re.compile(r"^\s*(?:[A-Z ]+\s+)?PAGE\s+\d+\s+(.*)$", re.MULTILINE)
_RUN_ON_SUBJECT_RE = re.compile(
    r"\bREF(?:S|TEL)?\s*:|\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}|\s\d{1,3}\.\s?\((?:[A-Z/]{1,12})\)"
    r"|Classified\s+by|Sensitive\s+but\s+unclassified",
    re.IGNORECASE,
)
_AFTER_NAME = {"BASED", "ON", "UPON", "FOR", "BY"}
_KEYS = [
    "cables",
    "classified-by lines",
    "  ... with no name",
    "  names starting with a title word",
    "  names holding a title word",
    "  names ending in BASED/ON/UPON/FOR/BY",
    "  names of more than four words",
    "cables saying END SUMMARY",
    "  ... without a summary",
    "cables with a tag from a page header or a number",
    "cables with an end mark as signer",
    "subjects running on (REF:, page header, paragraph, SBU line)",
]
_END_MARKS = {"NNN", "NNNN", "UNQUOTE", "QUOTE", "BT"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cables", nargs="?", type=Path)
    ap.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    args = ap.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from reader.parser.containers import UnreadableFile, read_cables
    from reader.parser.preamble import _TITLE_WORDS

    root = args.cables or Path(__file__).resolve().parents[2] / "shared" / "cables"
    n: Counter[str] = Counter()
    for path in sorted((root / "text").rglob("*.txt")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        try:
            cables = list(read_cables(path))
        except UnreadableFile:
            continue
        for c in cables:
            n["cables"] += 1
            cb = c.classified_by
            if cb is not None:
                n["classified-by lines"] += 1
                if not cb.names:
                    n["  ... with no name"] += 1
                for name in cb.names:
                    words = name.split()
                    first = words[0].upper().strip(".,")
                    if first in _TITLE_WORDS and len(first) > 1:
                        n["  names starting with a title word"] += 1
                    if any(w.upper().strip(".,") in _TITLE_WORDS for w in words if len(w) > 2):
                        n["  names holding a title word"] += 1
                    if words[-1].upper() in _AFTER_NAME:
                        n["  names ending in BASED/ON/UPON/FOR/BY"] += 1
                    if len(words) > 4:
                        n["  names of more than four words"] += 1
            if _END_SUMMARY_RE.search(raw):
                n["cables saying END SUMMARY"] += 1
                if not c.summary:
                    n["  ... without a summary"] += 1
            header_words = {w for m in _PAGE_HEADER_RE.finditer(raw) for w in m.group(1).split()}
            tags_line = next((ln for ln in raw.splitlines() if "TAGS" in ln.upper()), "").upper()
            if any(
                t.isdigit() or t == "PAGE" or (t in header_words and t not in tags_line)
                for t in c.tags
            ):
                n["cables with a tag from a page header or a number"] += 1
            if any(w in _END_MARKS for s in c.signers for w in s.upper().split()):
                n["cables with an end mark as signer"] += 1
            if c.subject and _RUN_ON_SUBJECT_RE.search(c.subject):
                n["subjects running on (REF:, page header, paragraph, SBU line)"] += 1
    width = max(len(k) for k in _KEYS)
    for key in _KEYS:
        print(f"{key:{width}} {n[key]:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
