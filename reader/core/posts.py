"""Post names as canonical cable IDs spell them (``SANJOSE``), and the spellings mapped to them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["DATA_DIR", "id_spelling", "known_posts", "post_pattern"]

DATA_DIR = Path(__file__).resolve().parents[2] / "resources" / "data"


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Every known spelling (upper case, single spaces) -> ID spelling."""
    table: dict[str, str] = {}
    path = DATA_DIR / "posts.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for raw in [ln for ln in lines if not ln.startswith("#")][1:]:  # after the column names
        ident, _, others = raw.partition("\t")
        ident = ident.strip()
        table[ident] = ident
        for other in others.split("|"):
            if other.strip():
                table[re.sub(r"\s+", " ", other.strip().upper())] = ident
    return table


def known_posts() -> frozenset[str]:
    return frozenset(_table().values())


def id_spelling(post: str) -> str:
    """``SAN JOSE`` -> ``SANJOSE``; ``SECSTATE`` -> ``STATE``; unknown posts lose their spaces."""
    key = " ".join(post.upper().split())
    hit = _table().get(key)
    if hit:
        return hit
    return "".join(ch for ch in key if "A" <= ch <= "Z")


@lru_cache(maxsize=1)
def post_pattern() -> re.Pattern[str]:
    """A regex alternative matching any known post spelling, longest first."""
    names = sorted(_table(), key=len, reverse=True)
    alts = [r"\s+".join(re.escape(w) for w in name.split(" ")) for name in names]
    return re.compile(r"(?<![A-Z])(?:" + "|".join(alts) + r")(?![A-Z])", re.IGNORECASE)
