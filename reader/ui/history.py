"""Back and Forward, as in a browser: one history of the places the analyst went, whether by
changing the filter (query, facet choices, dates, sort) or by following a REF link.

Plain Python (no Qt), so that the rules are tested alone: each place is the filter as it was
and the cable read there, with the cursor and scroll position, so that Back after a filter
change also brings back the cable that was open under the old filter, and Back after a link
returns to the REF line it was followed from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["FilterState", "History", "Place", "split_dates"]

#: The date term the filter pane adds for the histogram's range (YYYY-MM bounds), at the end.
_DATES = re.compile(r"(?:^|\s+)date:(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")


@dataclass(frozen=True, slots=True)
class FilterState:
    """Everything that decides the results: what a saved search holds, and a history step."""

    query: str = ""
    date_range: tuple[str, str] | None = None
    include: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    exclude: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    sort: str = "date"
    descending: bool = False

    @property
    def full_query(self) -> str:
        """The query as the index reads it: the histogram's range as a ``date:`` term."""
        if self.date_range is None:
            return self.query
        return f"{self.query} date:{self.date_range[0]}..{self.date_range[1]}".strip()


def split_dates(query: str) -> tuple[str, tuple[str, str] | None]:
    """A full query back into the query field's text and the histogram's range (the inverse
    of ``FilterState.full_query``); a query without the range's term at its end is left whole."""
    m = _DATES.search(query)
    if m is None:
        return query, None
    return query[: m.start()], (m.group(1), m.group(2))


@dataclass(frozen=True, slots=True)
class Place:
    """Where the analyst was: the filter, and the cable read there (None: no cable) with the
    text cursor and scroll position in it."""

    filter: FilterState
    key: int | None = None
    position: int = 0
    scroll: int = 0


class History:
    """Places in the order visited and the one the analyst is at; going somewhere new from a
    place reached by Back drops the places after it (as a browser does)."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self._places: list[Place] = []
        self._at = -1

    def clear(self) -> None:
        self._places, self._at = [], -1

    def visit(self, here: Place, new: Place, *, amend: bool = False) -> None:
        """Go from ``here`` (the current place as it is now: the cursor may have moved since
        it was recorded) to ``new``. ``amend``: ``new`` replaces the current place instead of
        following it (the next pause of the same typing)."""
        if self._at < 0:
            self._places, self._at = [here], 0
        else:
            self._places[self._at] = here
            del self._places[self._at + 1 :]
        if amend and self._at > 0:
            self._places[self._at] = new
        elif new != here:
            self._places.append(new)
            self._at += 1
        if len(self._places) > self.limit:
            drop = len(self._places) - self.limit
            del self._places[:drop]
            self._at -= drop

    def back(self, here: Place) -> Place | None:
        """The place before, ``here`` kept for Forward; None at the first."""
        return self._step(here, -1)

    def forward(self, here: Place) -> Place | None:
        return self._step(here, 1)

    def _step(self, here: Place, step: int) -> Place | None:
        target = self._at + step
        if self._at < 0 or not 0 <= target < len(self._places):
            return None
        self._places[self._at] = here
        self._at = target
        return self._places[target]

    def can_go_back(self) -> bool:
        return self._at > 0

    def can_go_forward(self) -> bool:
        return 0 <= self._at < len(self._places) - 1

    @property
    def places(self) -> list[Place]:
        return list(self._places)

    @property
    def at(self) -> int:
        return self._at

    def current(self) -> Place | None:
        return self._places[self._at] if self._at >= 0 else None
