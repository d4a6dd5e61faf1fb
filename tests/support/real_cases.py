"""The tables of real cables that the parser's tests check field by field: a case (a file of
../shared/cables, what it shows, the fields expected of it), paragraphs by their markings,
and one test parameter for each field of each case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


def pars(*markings: str | None, start: int = 1) -> list[tuple[int, str | None]]:
    """Consecutively numbered paragraphs with these markings (None: unmarked)."""
    return [(start + i, m) for i, m in enumerate(markings)]


@dataclass(frozen=True)
class Case:
    path: str  # relative to ../shared/cables
    variants: str  # what this cable shows, for the reader of the table
    expect: dict[str, Any] = field(default_factory=dict)
    index: int = 0  # which cable of the file (CSV rows)

    @property
    def name(self) -> str:
        stem = Path(self.path).stem
        return (
            f"{stem}[{self.index}]"
            if self.path.endswith(".csv")
            else (f"{Path(self.path).parts[0]}:{stem}")
        )


def field_params(cases: Sequence[Case]) -> list[Any]:
    """One test parameter (case, key, expected) for each field expected of each case."""
    return [
        pytest.param(case, key, expected, id=f"{case.name}-{key}")
        for case in cases
        for key, expected in case.expect.items()
    ]
