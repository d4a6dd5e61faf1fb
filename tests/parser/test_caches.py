"""The parser's caches keep what cables share (posts, FM lines, names, title words), never an
entry for each cable: over a whole folder such an entry is never asked for again, and a cache
of thousands of them costs time on every parse (larger dictionaries, and tuples the collector
walks again and again; docs/PERFORMANCE.md, round six)."""

from __future__ import annotations

import sys
from typing import Any

from reader.model.records import Source
from reader.parser.parse import parse_cable
from tests.support.handmade import cable_text, many


def _parser_caches() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("reader.parser"):
            continue
        for obj in vars(module).values():
            if hasattr(obj, "cache_info") and hasattr(obj, "__wrapped__"):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def test_no_parser_cache_keeps_an_entry_for_each_cable():
    n = 60
    specs = many(n, start=731_000)  # serials no other test uses
    # the caches made on first use (patterns, post tables) are filled before counting
    parse_cable(cable_text(specs[0]), source=Source(f"/x/{specs[0].id}.txt", "txt"))
    caches = _parser_caches()
    assert "reader.parser.ids.canonical_published" in caches  # the search finds them
    before = {name: c.cache_info().currsize for name, c in caches.items()}
    cables = [parse_cable(cable_text(s), source=Source(f"/x/{s.id}.txt", "txt")) for s in specs[1:]]
    assert [c.id for c in cables] == [s.id for s in specs[1:]]  # each a cable of its own
    grown = {
        name: caches[name].cache_info().currsize - size
        for name, size in before.items()
        if caches[name].cache_info().currsize - size >= (n - 1) // 2
    }
    assert grown == {}
