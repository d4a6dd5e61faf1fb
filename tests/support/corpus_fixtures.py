"""Fixtures of the corpus tests: small hand-made folders, and the real corpus indexed once
per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_folders import SAMPLES, IndexedCorpus, postings_out_of_date
from handmade import tree_digest, write_folder

from reader.index.store import CorpusIndex


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cables"
    write_folder(folder)
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _indexed(folder: Path, cache_dir: Path, answer: str) -> CorpusIndex:
    """``folder`` indexed; queries answered from the postings (``answer`` "postings", as
    after a refresh), or with them out of date (as while a refresh runs) by SQL alone."""
    index = CorpusIndex.open(folder, cache_dir=cache_dir)
    index.refresh(workers=0)
    return postings_out_of_date(index) if answer == "sql" else index


@pytest.fixture(params=["postings", "sql"])
def small_index(
    request: pytest.FixtureRequest, small_folder: Path, cache_dir: Path
) -> Iterator[CorpusIndex]:
    """The small folder indexed, answered from the postings or by SQL alone."""
    index = _indexed(small_folder, cache_dir, request.param)
    yield index
    index.close()




@pytest.fixture(scope="module", params=["postings", "sql"])
def samples_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CorpusIndex]:
    """resources/samples indexed, answered from the postings or by SQL alone."""
    index = _indexed(SAMPLES, tmp_path_factory.mktemp("cache"), request.param)
    yield index
    index.close()


@pytest.fixture(scope="session")
def real_corpus(
    shared_cables: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IndexedCorpus]:
    """../shared/cables indexed once (with worker processes) for every test that reads it."""
    cache = tmp_path_factory.mktemp("real-cache")
    digest = tree_digest(shared_cables)
    index = CorpusIndex.open(shared_cables, cache_dir=cache)
    seen: list[object] = []
    index.refresh(progress=seen.append)
    yield IndexedCorpus(index, shared_cables, cache, seen, digest)
    index.close()
