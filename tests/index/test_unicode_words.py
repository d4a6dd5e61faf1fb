"""Words typed with a combining mark find the cables that hold them: "İstanbul" (whose lower
case is an i and a combining dot above), an accent typed as a letter and a mark (NFD)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from handmade import Spec, cable_text

from reader.index.store import CorpusIndex
from reader.query.query import Filter

ISTANBUL = Spec(
    "ANKARA", 100, "2008-03-10", subject="TALKS IN ISTANBUL",
    paragraphs=(("C", "The Istanbul talks went well."),),
)  # fmt: skip
NAIVE = Spec(
    "PARIS", 200, "2008-04-10", paragraphs=(("C", "A naïve plan, said the minister."),)
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusIndex]:
    root = tmp_path_factory.mktemp("unicode")
    folder = root / "cables"
    folder.mkdir()
    for spec in (ISTANBUL, NAIVE):
        (folder / f"{spec.id}.txt").write_text(cable_text(spec), encoding="utf-8")
    index = CorpusIndex.open(folder, cache_dir=root / "cache")
    index.refresh(workers=0)
    yield index
    index.close()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("İstanbul", ISTANBUL.id),
        ("İSTANBUL talks", ISTANBUL.id),
        ('"İstanbul talks"', ISTANBUL.id),
        ("İst*", ISTANBUL.id),
        ("nai\u0308ve", NAIVE.id),  # the ï of the cable as i and a combining diaeresis
        ("naive", NAIVE.id),
    ],
)
def test_a_word_with_a_combining_mark_finds_its_cable(
    index: CorpusIndex, query: str, found: str
) -> None:
    assert [h.id for h in index.search(Filter(query))] == [found]
