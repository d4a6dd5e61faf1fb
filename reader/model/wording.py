"""How messages write a number of things ("1 cable", "2,301 cables") and the place the
cables come from ("this folder", "the team's corpus")."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["TEAM_CORPUS", "THIS_FOLDER", "counted", "first_named", "short_place"]

#: Where the window's cables come from, as its messages name it (``X is not in ...``)
THIS_FOLDER = "this folder"
TEAM_CORPUS = "the team's corpus"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` with thousands separators and ``noun``, in the plural (``plural``, or the noun
    and an s) unless ``n`` is 1."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def first_named(names: Sequence[str], shown: int) -> str:
    """The first ``shown`` of ``names``, and how many more: "A, B, C and 4 more"."""
    more = f" and {len(names) - shown:,} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def short_place(place: str) -> str:
    """The place in a narrow column: "this folder", "the corpus"."""
    return "the corpus" if place == TEAM_CORPUS else place
