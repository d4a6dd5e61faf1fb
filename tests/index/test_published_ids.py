"""A cable is found by its ID and by the ID the release published it under (published_id),
with ``id:`` and with a plain word, answered from the postings or by SQL alone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_folders import SAMPLES, postings_out_of_date
from handmade import ids

from reader.index.store import CorpusIndex


@pytest.fixture(params=["postings", "sql"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CorpusIndex]:
    folder = tmp_path / "cables"
    folder.mkdir()
    # a sample cable under a malformed published ID (the year said twice), and one under
    # its own ID
    shutil.copy(SAMPLES / "2007" / "07PRAGUE512.txt", folder / "0707PRAGUE512.txt")
    shutil.copy(SAMPLES / "2007" / "07PRAGUE540.txt", folder / "07PRAGUE540.txt")
    idx = CorpusIndex.open(folder, cache_dir=tmp_path / "cache")
    idx.refresh(workers=0)
    if request.param == "sql":
        idx = postings_out_of_date(idx)
    yield idx
    idx.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("id:07PRAGUE512", ["07PRAGUE512"]),
        ("id:0707PRAGUE512", ["07PRAGUE512"]),  # the published ID
        ("id:0707prague512", ["07PRAGUE512"]),
        ("id:0707PRAGUE*", ["07PRAGUE512"]),
        ("id:07PRAGUE*", ["07PRAGUE512", "07PRAGUE540"]),
        ("07PRAGUE512", ["07PRAGUE512"]),  # a plain word that is an ID
        ("0707PRAGUE512", ["07PRAGUE512"]),
        ("07prague540", ["07PRAGUE540"]),
        ("07PRAGUE512 OR 07PRAGUE540", ["07PRAGUE512", "07PRAGUE540"]),
        ("-0707PRAGUE512", ["07PRAGUE540"]),
        ("07PRAGUE999", []),
    ],
)
def test_found_by_either_id(index: CorpusIndex, query: str, expected: list[str]) -> None:
    assert ids(index, query) == expected


def test_the_stored_cable_keeps_its_published_id(index: CorpusIndex) -> None:
    key = index.key_for_id("0707PRAGUE512")
    assert key is not None and key == index.key_for_id("07PRAGUE512")
    cable = index.cable(key)
    assert (cable.id, cable.published_id) == ("07PRAGUE512", "0707PRAGUE512")
