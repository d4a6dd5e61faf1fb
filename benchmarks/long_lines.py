"""Parser time per KB on cables with one long line, of growing length: it should stay flat.

    python benchmarks/long_lines.py [--sizes 5000,10000,20000,40000,80000]

Each shape is a line that once made a pattern quadratic: blanks before paragraph 1 (the
summary heading), blanks around a SUMMARY heading, a TAGS line of "(" and one of "(" and
words. Prints milliseconds per KB for each shape and size.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.parser.parse import parse_cable  # noqa: E402

_HEAD = (
    "CONFIDENTIAL ABIDJAN 000396\n\nSIPDIS\n\nE.O. 12958: DECL: 06/09/2018\n"
    "TAGS: {tags}\nSUBJECT: A TEST CABLE\n\n"
)
_PROSE = "This unnumbered line of prose opens the body of the cable before its paragraphs.\n"
_PARAS = "1. (C) Summary: the first point. End Summary.\n\n2. (C) The second point.\n"

SHAPES: dict[str, Callable[[int], str]] = {
    "blanks before paragraph 1": lambda n: (
        _HEAD.format(tags="PREL") + _PROSE + " " * n + "\n" + _PARAS
    ),
    "blanks around SUMMARY": lambda n: (
        _HEAD.format(tags="PREL")
        + _PROSE
        + " " * n
        + "SUMMARY"
        + " " * n
        + "\nThe gist.\nEND SUMMARY\n\n"
        + _PARAS
    ),
    "TAGS of (": lambda n: _HEAD.format(tags="(" * n) + _PARAS,
    "TAGS of ( and words": lambda n: _HEAD.format(tags="(PREL " * (n // 6)) + _PARAS,
    "Classified By said again": lambda n: (
        _HEAD.format(tags="PREL")
        + "Classified By: "
        + "CLASSIFIED BY " * (n // 14)
        + "Ambassador Jo Doe for reasons 1.4 (b)\n\n"
        + _PARAS
    ),
    "Classified By of titles": lambda n: (
        _HEAD.format(tags="PREL")
        + "Classified By: "
        + "Deputy Cheif " * (n // 13)
        + "Jo Doe, for reasons 1.4 (b)\n\n"
        + _PARAS
    ),
    "subject of words": lambda n: (
        _HEAD.format(tags="PREL").replace("A TEST CABLE", "WORD " * (n // 5)) + _PARAS
    ),
    "last line of tags": lambda n: _HEAD.format(tags="PREL") + _PARAS + "<b>" * (n // 3) + "x\n",
    "last line of words": lambda n: _HEAD.format(tags="PREL") + _PARAS + "DOE " * (n // 4) + "\n",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5000,10000,20000,40000,80000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'shape':28}" + "".join(f"{n:>12}" for n in sizes) + "   (ms per KB)")
    for name, make in SHAPES.items():
        row = []
        for n in sizes:
            text = make(n)
            start = time.perf_counter()
            parse_cable(text)
            took = time.perf_counter() - start
            row.append(took * 1000 / (len(text) / 1024))
        print(f"{name:28}" + "".join(f"{v:12.3f}" for v in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
