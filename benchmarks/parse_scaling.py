"""Does the parser's time per KB stay flat as inputs grow? Long lines of many shapes.

    python benchmarks/parse_scaling.py [--sizes 8,32,128,512] [--shapes NAME,...] [--repeat N]

Each shape is an invented cable around one line (or run of lines) that grows with the
size: the parser's output is never looked at, only its time, through the same entry as a
.txt file (``containers.read_cables``: decoding, leftover-HTML check, parse). Prints the
milliseconds of CPU per KB of each shape at each size (best of N runs) and the ratio of the
largest size's figure to the smallest's: a linear parser gives about 1; a ratio over
FLAT_RATIO is marked GROWS (time that grows faster than the input). Exits 1 when any shape
grows, so it can guard a change.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.parser.containers import read_cables  # noqa: E402

#: Above this ratio of ms/KB (largest input against smallest) a shape counts as growing.
FLAT_RATIO = 3.0

HEAD = """O 071501Z MAY 07
FM AMEMBASSY PRAGUE
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9007

C O N F I D E N T I A L PRAGUE 000777

SIPDIS

E.O. 12958: DECL: 05/07/2017
TAGS: PREL EZ
SUBJECT: A TEST CABLE

Classified By: Ambassador Jane Q. Doe for reasons 1.4 (b) and (d)

"""


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _body_line(size: int) -> str:
    return HEAD + "1. (C) " + _fill("words of a paragraph ", size) + "\n\n2. (U) End.\n"


def _blanks_before_paragraph(size: int) -> str:
    return HEAD + _fill(" ", size) + "\n1. (C) Text.\n"


def _blanks_then_paragraph(size: int) -> str:
    return HEAD + _fill(" ", size) + "1. (C) Text.\n"


def _blanks_then_summary(size: int) -> str:
    return HEAD + _fill(" ", size) + "SUMMARY of it\n\n1. (C) Text.\n"


def _tags_parens(size: int) -> str:
    return HEAD.replace("TAGS: PREL EZ", "TAGS: " + _fill("(", size)) + "1. (C) Text.\n"


def _tags_words(size: int) -> str:
    return HEAD.replace("TAGS: PREL EZ", "TAGS: " + _fill("PREL, ", size)) + "1. (C) Text.\n"


def _subject_line(size: int) -> str:
    return HEAD.replace("SUBJECT: A TEST CABLE", "SUBJECT: " + _fill("SUBJECT WORDS ", size))


def _ref_line(size: int) -> str:
    refs = "REF: " + _fill("A. 07STATE1234 B. 07PRAGUE55 ", size) + "\n\n"
    return HEAD.replace("Classified By", refs + "Classified By") + "1. (C) Text.\n"


def _markings_in_a_line(size: int) -> str:
    return HEAD + _fill("1. (C) (S) (U) (S//NF) ", size) + "\n"


def _paragraph_numbers(size: int) -> str:
    return HEAD + _fill("1. ", size) + "\n"


def _classified_by(size: int) -> str:
    reasons = "Classified By: " + _fill("Ambassador for reasons 1.4 (b) and (d) ", size)
    return HEAD.replace("Classified By: Ambassador Jane Q. Doe for reasons 1.4 (b) and (d)",
                        reasons) + "1. (C) Text.\n"  # fmt: skip


def _header_address(size: int) -> str:
    return HEAD.replace("TO RUEHC/SECSTATE WASHDC IMMEDIATE 9007",
                        "TO " + _fill("RUEHC/SECSTATE WASHDC IMMEDIATE ", size))  # fmt: skip


def _many_short_lines(size: int) -> str:
    return HEAD + _fill("1. (C) A short paragraph line.\n\n", size)


def _no_newlines(size: int) -> str:
    return _fill("UNCLAS STATE 000123 SUBJECT: TAGS: 1. (U) REF: A. ", size)


def _html_leftovers(size: int) -> str:
    return HEAD + _fill("<a id='par1' href='#par1'>¶</a>1. (C) <code><pre>x</pre></code> ", size)


def _cr_only(size: int) -> str:
    return _body_line(size).replace("\n", "\r")


SHAPES: dict[str, Callable[[int], str]] = {
    "body-line": _body_line,
    "blanks-before-paragraph": _blanks_before_paragraph,
    "blanks-then-paragraph": _blanks_then_paragraph,
    "blanks-then-summary": _blanks_then_summary,
    "tags-parens": _tags_parens,
    "tags-words": _tags_words,
    "subject-line": _subject_line,
    "ref-line": _ref_line,
    "markings-in-a-line": _markings_in_a_line,
    "paragraph-numbers": _paragraph_numbers,
    "classified-by": _classified_by,
    "header-address": _header_address,
    "many-short-lines": _many_short_lines,
    "no-newlines": _no_newlines,
    "html-leftovers": _html_leftovers,
    "cr-only": _cr_only,
}


#: An input that takes longer than this (seconds) is not repeated, and the shape is not
#: tried at bigger sizes: it already grows, and the next size could take hours.
GIVE_UP_SECONDS = 5.0


def seconds(path: Path, repeat: int) -> float:
    """The best of ``repeat`` parses of ``path`` (one only, if it is slow)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()  # CPU: a busy machine disturbs it less than the clock
        for _cable in read_cables(path):
            pass
        best = min(best, time.process_time() - start)
        if best > GIVE_UP_SECONDS:
            break
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="8,32,128,512", help="input sizes in KB")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="shapes to time")
    ap.add_argument("--repeat", type=int, default=3, help="runs per input (best is kept)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    print(f"{'shape':<26}" + "".join(f"{s:>9} KB" for s in sizes) + "   ratio (ms per KB)")
    growing = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in shapes:
            figures: list[float] = []
            for kb in sizes:
                path = Path(tmp) / f"{name}-{kb}.txt"
                path.write_text(SHAPES[name](kb * 1024), encoding="utf-8")
                spent = seconds(path, args.repeat)
                figures.append(spent * 1000 / (path.stat().st_size / 1024))
                if spent > GIVE_UP_SECONDS:
                    break
            ratio = figures[-1] / figures[0] if figures[0] else float("inf")
            gave_up = len(figures) < len(sizes)
            mark = "GROWS" + (" (gave up)" if gave_up else "") if ratio > FLAT_RATIO else ""
            if mark:
                growing.append(name)
            cells = "".join(f"{f:>12.3f}" for f in figures).ljust(12 * len(sizes))
            print(f"{name:<26}{cells}   {ratio:5.1f}  {mark}", flush=True)
    if growing:
        print(f"growing faster than the input: {', '.join(growing)}")
    return 1 if growing else 0


if __name__ == "__main__":
    sys.exit(main())
