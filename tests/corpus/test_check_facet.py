"""The ``check`` facet: each cable's findings stored at index time, counted, filtered, queried.

On the sample folder, whose README lists exactly six deliberate errors (E1..E6), one per
cable; the reference-not-in-folder check is not stored (it depends on the whole folder).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus_folders import SAMPLES

from reader.corpus.query import Filter
from reader.corpus.store import CorpusIndex

#: resources/samples/README.md, "Deliberate marking errors"
ERRORS = {
    "above-banner": "05TOKYO3310",  # E1
    "unmarked-paragraph": "08ABUDHABI744",  # E2
    "security-code": "06NAIROBI3901",  # E3
    "de-day": "04PARIS6610",  # E4
    "noforn": "08MOSCOW1877",  # E5
    "declassify-before-date": "03ANKARA2874",  # E6
}


def _ids(index: CorpusIndex, f: Filter) -> list[str]:
    return sorted(h.id for h in index.hits(index.keys(f)))


def test_each_deliberate_error_is_one_value_of_the_check_facet(samples_index: CorpusIndex) -> None:
    counts = {v.value: v.count for v in samples_index.facets(Filter())["check"]}
    assert counts == dict.fromkeys(ERRORS, 1)


def test_check_counts_follow_the_filter(samples_index: CorpusIndex) -> None:
    counts = {v.value: v.count for v in samples_index.facets(Filter("year:2008"))["check"]}
    assert counts == {"unmarked-paragraph": 1, "noforn": 1}


def test_filter_by_check_included_excluded_and_in_the_query(samples_index: CorpusIndex) -> None:
    for code, cable_id in ERRORS.items():
        assert _ids(samples_index, Filter(include=frozenset({("check", code)}))) == [cable_id]
        assert _ids(samples_index, Filter(f"check:{code}")) == [cable_id]
    assert _ids(samples_index, Filter("check:*")) == sorted(ERRORS.values())
    every = samples_index.total()
    excluded = Filter(exclude=frozenset({("check", "above-banner")}))
    assert samples_index.count(excluded) == every - 1
    assert "05TOKYO3310" not in _ids(samples_index, excluded)


def test_hits_carry_their_check_codes(samples_index: CorpusIndex) -> None:
    keys = samples_index.keys(Filter())
    by_id = {h.id: h.checks for h in samples_index.hits(keys)}
    assert {i: c for i, c in by_id.items() if c} == {i: (c,) for c, i in ERRORS.items()}
    key = samples_index.key_for_id("05TOKYO3310")
    assert key is not None
    (hit,) = samples_index.hits([key])
    assert hit.checks == ("above-banner",)


def test_counts_asked_before_a_refresh_follow_it(tmp_path: Path) -> None:
    """One CorpusIndex that answered a query, then refreshed: its own commits do not change
    its PRAGMA data_version, and the counts must not come from before (a real bug: the
    hits' check codes read the facet values, and a refresh after them kept the old counts)."""
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        assert index.hits(index.keys(Filter()))  # caches the facet values
        assert {v.value for v in index.facets(Filter())["check"]} == set(ERRORS)
        (folder / "2005" / "05TOKYO3310.txt").unlink()
        index.refresh(workers=0)
        counts = {v.value: v.count for v in index.facets(Filter())["check"]}
        assert counts == {code: 1 for code in ERRORS if code != "above-banner"}
        assert index.total() == 43
