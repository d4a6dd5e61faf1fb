"""The index of ../shared/cables (all of it) against the same files parsed one by one."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from corpus_folders import IndexedCorpus
from direct import Parsed, with_folder_values
from handmade import tree_digest

from reader.index.rows import PORTION
from reader.query.query import FACETS, OTHER_COPY, Filter, kept_copy

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def direct(
    shared_parsed: tuple[list[Parsed], dict[str, str]],
) -> tuple[list[Parsed], dict[str, str]]:
    """Every file of the folder parsed directly, with the check that depends on the whole
    folder."""
    parsed, unreadable = shared_parsed
    return with_folder_values(parsed), unreadable


def facet_counts(cables: list[Parsed]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for c in cables:
        for facet, value in set(c.values):
            if facet != PORTION:
                counts[facet][value] += 1
    return counts


def index_counts(real_corpus: IndexedCorpus, f: Filter) -> dict[str, Counter[str]]:
    facets = real_corpus.index.facets(f)
    return {name: Counter({v.value: v.count for v in facets[name]}) for name in FACETS}


def test_every_cable_is_indexed_once(
    real_corpus: IndexedCorpus, direct: tuple[list[Parsed], dict[str, str]]
) -> None:
    parsed, unreadable = direct
    index = real_corpus.index
    assert index.total() == len(parsed)
    in_index = Counter(h.id for h in index.hits(index.keys(Filter())))
    assert in_index == Counter(c.id for c in parsed)
    root = real_corpus.root
    assert {str(root / p.path): p.reason for p in index.file_problems()} == unreadable
    assert real_corpus.progress[-1].done  # type: ignore[attr-defined]


def test_facet_counts_match_a_direct_count(
    real_corpus: IndexedCorpus, direct: tuple[list[Parsed], dict[str, str]]
) -> None:
    parsed, _ = direct
    assert index_counts(real_corpus, Filter()) == facet_counts(parsed)


def test_facets_of_raw_fields(
    real_corpus: IndexedCorpus, direct: tuple[list[Parsed], dict[str, str]]
) -> None:
    """Tags, years and precedence counted from the Cable fields themselves."""
    parsed, _ = direct
    tags: Counter[str] = Counter()
    years: Counter[str] = Counter()
    precedence: Counter[str] = Counter()
    for p in parsed:
        c = p.cable
        tags.update({t.strip().upper() for t in c.tags if t.strip()})
        years[f"{c.date.year:04d}" if c.date else "undated"] += 1
        precedence[c.precedence or "(none)"] += 1
    counts = index_counts(real_corpus, Filter())
    assert (counts["tag"], counts["year"], counts["precedence"]) == (tags, years, precedence)


TEXT_QUERIES = {
    "nuclear": r"\bnuclear\b",
    '"prime minister"': r"\bprime\W+minister\b",
    "minist*": r"\bminist",
    "nuclear -iran": None,
    "beef OR whaling": r"\bbeef\b|\bwhaling\b",
}


@pytest.mark.parametrize("query", list(TEXT_QUERIES))
def test_text_queries_match_a_scan_of_the_texts(
    real_corpus: IndexedCorpus, direct: tuple[list[Parsed], dict[str, str]], query: str
) -> None:
    parsed, _ = direct

    def has(pattern: str, text: str) -> bool:
        return re.search(pattern, text, re.IGNORECASE) is not None

    if query == "nuclear -iran":
        expected = [
            c for c in parsed if has(r"\bnuclear\b", c.text) and not has(r"\biran\b", c.text)
        ]
    else:
        expected = [c for c in parsed if has(TEXT_QUERIES[query] or "", c.text)]
    f = Filter(query)
    assert real_corpus.index.count(f) == len(expected)
    assert index_counts(real_corpus, f) == facet_counts(expected)


def test_filtered_facets_follow_the_filter(
    real_corpus: IndexedCorpus, direct: tuple[list[Parsed], dict[str, str]]
) -> None:
    parsed, _ = direct
    f = Filter("tag:PREL", include=frozenset({("classification", "SECRET")}))
    prel = [c for c in parsed if ("tag", "PREL") in c.values]
    expected = facet_counts([c for c in prel if ("classification", "SECRET") in c.values])
    # the chosen group is counted without its own choice: what each value would add
    expected["classification"] = facet_counts(prel)["classification"]
    assert index_counts(real_corpus, f) == expected


def test_cable_is_the_file_parsed_again(
    real_corpus: IndexedCorpus, direct: tuple[list[Parsed], dict[str, str]]
) -> None:
    parsed, _ = direct
    # the index reads the folder by its real path (../shared may be reached through a link)
    by_source = {(str(Path(p.path).resolve()), p.row): p for p in parsed}
    index = real_corpus.index
    keys = index.keys(Filter(sort="id"))
    for key in keys[::40]:
        cable = index.cable(key)
        direct_parse = by_source[(str(Path(cable.source.path).resolve()), cable.source.row)]
        assert cable == replace(direct_parse.cable, source=cable.source)


def test_excluding_the_other_copies_leaves_each_cable_once(real_corpus: IndexedCorpus) -> None:
    """The folder holds many cables as a text, a page and a body: with copy:other excluded,
    a row per distinct ID (and per cable without one), each the copy query.kept_copy names,
    and the facets count each cable once."""
    index = real_corpus.index
    hits = index.hits(index.keys(Filter()))
    by_id: dict[str, list[int]] = {}
    for h in hits:
        if h.id:
            by_id.setdefault(h.id.upper(), []).append(h.key)
    without_id = sum(1 for h in hits if not h.id)
    assert any(len(keys) > 1 for keys in by_id.values())  # the folder does hold copies
    once = Filter(exclude=frozenset({("copy", OTHER_COPY)}))
    kept = index.hits(index.keys(once))
    assert len(kept) == index.count(once) == len(by_id) + without_id
    assert len({h.id.upper() for h in kept if h.id}) == len(by_id)
    assert index.count(Filter("-copy:other")) == len(kept)
    assert index.count(Filter("copy:other")) == index.total() - len(kept)
    # the copy kept is the one the document view names as kept
    for h in kept:
        if h.id and len(by_id[h.id.upper()]) > 1:
            copy = kept_copy(index.copies(h.id))
            assert copy is not None and copy.key == h.key, h.id
    # each cable once in every facet: no year counts more cables than there are
    years = {v.value: v.count for v in index.facets(once)["year"]}
    assert sum(years.values()) == len(kept)


def test_snippets_show_the_matches(real_corpus: IndexedCorpus) -> None:
    hits = real_corpus.index.search(Filter('"prime minister"'), limit=50)
    assert len(hits) == 50
    for hit in hits:
        assert hit.snippet_matches, hit.id
        for a, b in hit.snippet_matches:
            assert re.fullmatch(r"prime\W+minister", hit.snippet[a:b], re.IGNORECASE)


def test_refresh_of_an_unchanged_folder_reads_nothing(real_corpus: IndexedCorpus) -> None:
    seen: list[object] = []
    before = real_corpus.index.total()
    real_corpus.index.refresh(progress=seen.append)
    last = seen[-1]
    assert (last.files_total, last.cables_done, last.done) == (0, 0, True)  # type: ignore[attr-defined]
    assert real_corpus.index.total() == before


def test_the_folder_is_unchanged_byte_for_byte(real_corpus: IndexedCorpus) -> None:
    """The real corpus is a read-only folder; its hash is taken before and after indexing."""
    assert real_corpus.digest_before == tree_digest(real_corpus.root)
    assert not list(real_corpus.root.rglob("*.sqlite3*"))


def test_each_cable_lists_its_copies_and_every_wikileaks_page_has_its_text_twin(
    real_corpus: IndexedCorpus,
) -> None:
    """The folder holds most cables twice or three times (text/<year>/<ID>.txt,
    html/cable/<year>/<month>/<ID>.html, body-with-html/<ID>.txt): a cable's copies are
    every row of its ID, each with its own file and key; and the copy of the same name
    under text/ is among them for every WikiLeaks page and every body file but one."""
    index = real_corpus.index
    rows: dict[str, list[tuple[str, int | None, int]]] = {}
    for h in index.hits(index.keys(Filter())):
        rows.setdefault(h.id, []).append((h.file, h.row, h.key))
    for cable_id, files in rows.items():
        copies = index.copies(cable_id) if cable_id else []
        assert sorted((c.file, c.row, c.key) for c in copies) == (
            sorted(files) if cable_id else []
        ), cable_id
    text = {Path(f).name: f for f, _, _ in (r for rs in rows.values() for r in rs)
            if f.startswith("text/")}  # fmt: skip
    without: dict[str, list[str]] = {"html/": [], "body-with-html/": []}
    twins = dict.fromkeys(without, 0)
    for files in rows.values():
        names = {f for f, _, _ in files}
        for f in names:
            for kind in without:
                if not f.startswith(kind):
                    continue
                twin = text.get(Path(f).with_suffix(".txt").name)
                if twin is not None and twin in names:
                    twins[kind] += 1
                else:
                    without[kind].append(f)
    assert twins == {"html/": 1295, "body-with-html/": 3203}
    assert without["html/"] == []
    # the body file lacks the header: its only ID claim is the mangled banner's
    # (BISHIEK 00Q021: 08BISHKEK21), where the text's DE line says 08BISHKEK1021
    assert without["body-with-html/"] == ["body-with-html/08SECTION01GF02BISHIEK21.txt"]
