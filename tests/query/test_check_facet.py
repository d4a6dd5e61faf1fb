"""The ``check`` facet: each cable's findings stored at index time, counted, filtered, queried.

On the sample folder, whose README lists exactly six deliberate errors (E1..E6), one per
cable. The reference-not-in-folder check, which depends on the whole folder and most
samples trip, is left out here but where it changes the answer (test_folder_check.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus_folders import SAMPLES
from direct import folder_check_ids

from reader.index.store import CorpusIndex
from reader.query.query import Filter
from reader.review.folder_checks import FOLDER_CHECK

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


def _counts(index: CorpusIndex, f: Filter) -> dict[str, int]:
    """The check facet's counts, but for reference-not-in-folder."""
    return {v.value: v.count for v in index.facets(f)["check"] if v.value != FOLDER_CHECK}


def test_each_deliberate_error_is_one_value_of_the_check_facet(samples_index: CorpusIndex) -> None:
    assert _counts(samples_index, Filter()) == dict.fromkeys(ERRORS, 1)


def test_check_counts_follow_the_filter(samples_index: CorpusIndex) -> None:
    counts = _counts(samples_index, Filter("year:2008"))
    assert counts == {"unmarked-paragraph": 1, "noforn": 1}


def test_filter_by_check_included_excluded_and_in_the_query(samples_index: CorpusIndex) -> None:
    for code, cable_id in ERRORS.items():
        assert _ids(samples_index, Filter(include=frozenset({("check", code)}))) == [cable_id]
        assert _ids(samples_index, Filter(f"check:{code}")) == [cable_id]
    folder_check = _ids(samples_index, Filter(f"check:{FOLDER_CHECK}"))
    assert _ids(samples_index, Filter("check:*")) == sorted({*ERRORS.values(), *folder_check})
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
        assert {v.value for v in index.facets(Filter())["check"]} == {*ERRORS, FOLDER_CHECK}
        (folder / "2005" / "05TOKYO3310.txt").unlink()
        index.refresh(workers=0)
        assert _counts(index, Filter()) == {code: 1 for code in ERRORS if code != "above-banner"}
        counts = {v.value: v.count for v in index.facets(Filter())["check"]}
        assert counts[FOLDER_CHECK] == len(folder_check_ids(folder))
        assert index.total() == 43
