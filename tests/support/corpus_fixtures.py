"""Fixtures of the corpus tests: small hand-made folders, and the real corpus indexed once
per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_folders import SAMPLES, IndexedCorpus, refreshed
from direct import Parsed, parse_paths_in_processes
from handmade import tree_digest, write_folder

from reader.index.scan import scan
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
    return refreshed(CorpusIndex.open(folder, cache_dir=cache_dir), answer)


@pytest.fixture(params=["postings", "words", "sql"])
def answer(request: pytest.FixtureRequest) -> str:
    """How a test's index answers: "postings" (as after a refresh), "words" (the full
    text's words listed too, as after a window's refresh) or "sql" (corpus_folders
    .refreshed)."""
    return str(request.param)


@pytest.fixture(params=["postings", "words", "sql"])
def small_index(
    request: pytest.FixtureRequest, small_folder: Path, cache_dir: Path
) -> Iterator[CorpusIndex]:
    """The small folder indexed, answered from the postings (with the words' table or
    without) or by SQL alone."""
    index = _indexed(small_folder, cache_dir, request.param)
    yield index
    index.close()


@pytest.fixture(scope="module", params=["postings", "words", "sql"])
def samples_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CorpusIndex]:
    """resources/samples indexed, answered from the postings (with the words' table or
    without) or by SQL alone."""
    index = _indexed(SAMPLES, tmp_path_factory.mktemp("cache"), request.param)
    yield index
    index.close()


@pytest.fixture(scope="module")
def samples_refreshed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusIndex]:
    """resources/samples indexed once for a module's tests, as a refresh leaves it."""
    index = CorpusIndex.open(SAMPLES, cache_dir=tmp_path_factory.mktemp("cache"))
    index.refresh(workers=0)
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


@pytest.fixture(scope="session")
def shared_parsed(shared_cables: Path) -> tuple[list[Parsed], dict[str, str]]:
    """Every file of ../shared/cables parsed straight from disk, in scan order, before the
    values that depend on the whole folder (``direct.with_folder_values`` adds them), and the
    files that cannot be read: parsed once for every test that checks the index against it."""
    return parse_paths_in_processes(
        [str(shared_cables / f.path) for f in scan(shared_cables).files]
    )


@pytest.fixture(scope="session")
def shared_text_index(
    shared_cables: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """../shared/cables/text (one cable a file) indexed once, closed: its cache folder. A test
    opens its own copy (``copy_of_cache``), so none sees another's annotations or changes."""
    cache = tmp_path_factory.mktemp("text-index")
    with CorpusIndex.open(shared_cables / "text", cache_dir=cache) as index:
        index.refresh()
    yield cache
