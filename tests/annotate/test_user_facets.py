"""The facets of the analyst's own work (starred, read, label, note): their counts equal the
totals of the query fields is:, label: and has:, choosing a value gives the cables of the
field, excluding one the rest, and they follow a change of the annotations at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_folders import copy_of_cache, postings_out_of_date

from reader.annotate.annotations import Annotations
from reader.cli import main
from reader.index.store import CorpusIndex
from reader.query.query import USER_FACETS, Filter

#: The query field's term for each user facet value (the other values: label:NAME)
FIELD_OF = {
    ("starred", "starred"): "is:starred",
    ("starred", "unstarred"): "is:unstarred",
    ("read", "read"): "is:read",
    ("read", "unread"): "is:unread",
    ("note", "has note"): "has:note",
    ("note", "no note"): "-has:note",
}


#: index file -> the cache folder it is in (for the command line)
CACHES: dict[Path, Path] = {}


def field_of(facet: str, value: str) -> str:
    return FIELD_OF.get((facet, value), f'label:"{value}"')


@pytest.fixture(scope="module", params=["postings", "sql"])
def annotated(
    request: pytest.FixtureRequest,
    shared_cables: Path,
    shared_text_index: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[CorpusIndex, Path]]:
    """../shared/cables/text indexed, with stars, read marks, labels and notes on every
    seventh, fifth, third ... cable (answered from the postings, or by SQL alone)."""
    cache = copy_of_cache(shared_text_index, tmp_path_factory)
    data = tmp_path_factory.mktemp("data") / "annotations.sqlite3"
    index = CorpusIndex.open(shared_cables / "text", cache_dir=cache)
    index.refresh(workers=0)  # finds nothing to do: the copy is complete
    assert index.pending() == 0
    index.annotations_path = data
    CACHES[index.db_path] = cache
    ids = sorted({h.id.upper() for h in index.hits(index.keys(Filter())) if h.id})
    assert len(ids) > 1000
    with Annotations.open(data, backup=False) as store:
        store.set_starred(ids[::7])
        store.set_read(ids[::5])
        store.add_label(ids[::3], "brief")
        store.add_label(ids[1::11], "Follow up")
        store.add_label(ids[::13], "x")
        for cid in ids[::17]:
            store.set_note(cid, f"note on {cid}")
        store.set_starred(["99NOWHERE1"])  # a cable of another folder: in no count
    if request.param == "sql":
        postings_out_of_date(index)
    yield index, data
    index.close()


def test_counts_equal_the_query_fields_totals(annotated: tuple[CorpusIndex, Path]) -> None:
    index, _ = annotated
    for f in (Filter(), Filter("tag:PREL"), Filter("date:2006..2008 -tag:PGOV")):
        facets = index.user_facets(f)
        assert set(facets) == set(USER_FACETS)
        assert [v.value for v in facets["label"]] == ["brief", "Follow up", "x"]
        for facet, values in facets.items():
            assert values, facet
            for v in values:
                expected = index.count(Filter(f"{f.query} {field_of(facet, v.value)}".strip()))
                assert v.count == expected > 0, (f.query, facet, v.value)
        # the two values of a two-state facet split the results
        total = index.count(f)
        for facet in ("starred", "read", "note"):
            assert sum(v.count for v in facets[facet]) == total


@pytest.mark.parametrize(
    "facet, value",
    [("starred", "starred"), ("read", "unread"), ("label", "brief"), ("note", "has note")],
)
def test_choosing_a_value_is_the_query_field(
    annotated: tuple[CorpusIndex, Path], facet: str, value: str
) -> None:
    index, _ = annotated
    term = field_of(facet, value)
    chosen = Filter("tag:PREL", include=frozenset({(facet, value)}))
    assert index.keys(chosen) == index.keys(Filter(f"tag:PREL {term}"))
    left_out = Filter("tag:PREL", exclude=frozenset({(facet, value)}))
    assert index.keys(left_out) == index.keys(Filter(f"tag:PREL -{term}"))
    assert set(index.keys(chosen)).isdisjoint(index.keys(left_out))
    assert len(index.keys(chosen)) + len(index.keys(left_out)) == index.count(Filter("tag:PREL"))


def test_chosen_values_are_counted_as_the_others_are(annotated: tuple[CorpusIndex, Path]) -> None:
    index, _ = annotated
    # a two-state facet with a value chosen is counted without its own choice: the other
    # value shows what choosing it too would add
    f = Filter(include=frozenset({("starred", "starred"), ("label", "brief")}))
    facets = index.user_facets(f)
    starred = {v.value: v.count for v in facets["starred"]}
    assert starred == {
        "starred": index.count(Filter("is:starred label:brief")),
        "unstarred": index.count(Filter("is:unstarred label:brief")),
    }
    # labels are all required: another label counts the cables with both
    labels = {v.value: v.count for v in facets["label"]}
    assert labels["brief"] == index.count(f)
    assert labels["x"] == index.count(Filter("is:starred label:brief label:x"))
    # an excluded label counts what clearing it would bring back; still listed at 0
    f = Filter(exclude=frozenset({("label", "brief"), ("label", "nothing")}))
    labels = {v.value: v.count for v in index.user_facets(f)["label"]}
    assert labels["brief"] == index.count(Filter("label:brief"))
    assert labels["nothing"] == 0


def test_counts_follow_a_change_of_the_annotations(
    annotated: tuple[CorpusIndex, Path], tmp_path: Path
) -> None:
    index, data = annotated
    f = Filter("tag:PREL")
    before = {v.value: v.count for v in index.user_facets(f)["starred"]}
    prel = [h.id for h in index.hits(index.keys(f)) if h.id]
    with Annotations.open(data, backup=False) as store:  # another connection, as the window's
        changed = store.set_starred(prel)
    try:
        after = {v.value: v.count for v in index.user_facets(f)["starred"]}
        assert after == {"starred": index.count(f)}
        # each cable starred now is one more (a few IDs name two copies in the folder)
        assert after["starred"] >= before["starred"] + len(changed) > before["starred"]
        labels = {v.value for v in index.user_facets(f)["label"]}
        with Annotations.open(data, backup=False) as store:
            store.add_label(prel[:2], "new one")
        assert {v.value for v in index.user_facets(f)["label"]} == labels | {"new one"}
    finally:
        with Annotations.open(data, backup=False) as store:
            store.set_starred(changed, on=False)
            store.delete_label("new one")
    assert {v.value: v.count for v in index.user_facets(f)["starred"]} == before


def test_one_change_counted_from_the_sets_kept_equals_a_full_recount(
    annotated: tuple[CorpusIndex, Path],
) -> None:
    """After a star, an unstar, a label and an unlabel, the counts made from the sets last
    read with that one change (what the window shows first) are the counts read afresh."""
    index, data = annotated
    for f in (Filter(""), Filter("tag:PREL"), Filter("", include=frozenset({("tag", "PREL")}))):
        index.user_facets(f)
        unstarred = index.hits(index.keys(Filter(f"is:unstarred -label:brief {f.query}")))
        chosen = [h.id for h in unstarred if h.id][:3]
        assert chosen
        changes = [
            (("starred", "starred"), True, "set_starred", (chosen,)),
            (("starred", "starred"), False, "set_starred", (chosen, False)),
            (("label", "brief"), True, "add_label", (chosen, "brief")),
            (("label", "brief"), False, "remove_label", (chosen, "brief")),
            (("label", "fresh"), True, "add_label", (chosen[:1], "fresh")),
        ]
        try:
            for pair, on, method, args in changes:
                with Annotations.open(data, backup=False) as store:
                    changed = getattr(store, method)(*args)
                assert changed
                quick = index.user_facets_after(f, pair, changed, on)
                assert quick is not None
                assert quick == index.user_facets(f), (pair, on)
        finally:
            with Annotations.open(data, backup=False) as store:
                store.delete_label("fresh")
    # two stars at once, one of them told: the counts made from the one told miss the
    # other, and the next full count (the annotations read again) has both
    f = Filter("")
    before = {v.value: v.count for v in index.user_facets(f)["starred"]}
    told, untold = [h.id for h in index.hits(index.keys(Filter("is:unstarred"))) if h.id][:2]
    with Annotations.open(data, backup=False) as store:
        store.set_starred([told, untold])
    try:
        quick = index.user_facets_after(f, ("starred", "starred"), [told], True)
        assert quick is not None
        assert {v.value: v.count for v in quick["starred"]}["starred"] == before["starred"] + 1
        full = {v.value: v.count for v in index.user_facets(f)["starred"]}
        assert full["starred"] == before["starred"] + 2
    finally:
        with Annotations.open(data, backup=False) as store:
            store.set_starred([told, untold], on=False)
    assert {v.value: v.count for v in index.user_facets(f)["starred"]} == before
    # a filter that asks about the annotations themselves: its matches may change too
    asks = Filter("", include=frozenset({("starred", "starred")}))
    index.user_facets(asks)
    assert index.user_facets_after(asks, ("starred", "starred"), ["X"], True) is None


def test_no_annotations_yet_counts_every_cable_unstarred_and_makes_no_file(
    tmp_path: Path,
) -> None:
    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    with CorpusIndex.open(samples, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=0)
        index.annotations_path = tmp_path / "data" / "annotations.sqlite3"
        total = index.total()
        facets = index.user_facets(Filter())
        assert facets["starred"][0].value == "unstarred" and facets["starred"][0].count == total
        assert [(v.value, v.count) for v in facets["read"]] == [("unread", total)]
        assert facets["label"] == []
        assert not index.annotations_path.exists()


def test_the_command_line_includes_and_excludes_them(
    annotated: tuple[CorpusIndex, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    index, data = annotated
    args = [str(index.root), "--cache-dir", str(CACHES[index.db_path]), "--no-refresh",
            "--data-dir", str(data.parent), "--json", "--limit", "100000"]  # fmt: skip

    def ids(*extra: str) -> list[str]:
        assert main(["search", *args, *extra]) == 0
        return [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]

    starred = ids("tag:PREL", "--include", "starred=starred")
    assert starred == ids("tag:PREL is:starred")
    assert len(starred) == index.count(Filter("tag:PREL is:starred")) > 0
    assert ids("tag:PREL", "--include", "label=brief", "--exclude", "read=read") == ids(
        "tag:PREL label:brief -is:read"
    )
    assert main(["search", *args, "tag:PREL", "--facets"]) == 0
    facets = json.loads(capsys.readouterr().out)["facets"]
    assert dict(facets["starred"]) == {
        "starred": index.count(Filter("tag:PREL is:starred")),
        "unstarred": index.count(Filter("tag:PREL is:unstarred")),
    }
    assert dict(facets["label"])["brief"] == index.count(Filter("tag:PREL label:brief"))


def test_a_filter_asks_the_annotations_when_a_term_or_a_user_facet_does() -> None:
    from reader.query.conditions import asks_annotations

    assert not asks_annotations(Filter("tag:PREL prague", include=frozenset({("tag", "PREL")})))
    for asking in (
        Filter("is:unread"),
        Filter("tag:PREL (label:brief OR x)"),
        Filter("-has:note"),
        Filter(include=frozenset({("label", "brief")})),
        Filter(exclude=frozenset({("starred", "starred")})),
    ):
        assert asks_annotations(asking), asking


def test_counts_follow_a_refresh_that_adds_changes_and_removes_cables(tmp_path: Path) -> None:
    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    folder = tmp_path / "cables"
    (folder / "2007").mkdir(parents=True)
    for name in ("07PRAGUE512.txt", "07ANKARA1391.txt"):
        (folder / "2007" / name).write_bytes((samples / "2007" / name).read_bytes())
    data = tmp_path / "data" / "annotations.sqlite3"
    with Annotations.open(data, backup=False) as store:
        store.set_starred(["07PRAGUE512", "07PRAGUE540", "07STATE58211"])
        store.add_label(["07PRAGUE540", "07ANKARA1391"], "brief")
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        index.annotations_path = data
        index.refresh(workers=0)

        def counts(facet: str) -> dict[str, int]:
            return {v.value: v.count for v in index.user_facets(Filter())[facet]}

        assert counts("starred") == {"starred": 1, "unstarred": 1}
        assert counts("label") == {"brief": 1}
        # a starred and labelled cable comes in, another starred one, and one is changed
        for name in ("07PRAGUE540.txt", "07STATE58211.txt"):
            (folder / "2007" / name).write_bytes((samples / "2007" / name).read_bytes())
        changed = folder / "2007" / "07PRAGUE512.txt"
        changed.write_bytes(changed.read_bytes() + b"\n")
        index.refresh(workers=0)
        assert counts("starred") == {"starred": 3, "unstarred": 1}
        assert counts("starred")["starred"] == index.count(Filter("is:starred"))
        assert counts("label") == {"brief": 2} == {"brief": index.count(Filter("label:brief"))}
        assert index.keys(Filter(include=frozenset({("starred", "starred")}))) == index.keys(
            Filter("is:starred")
        )
        # one goes: it is in no count
        (folder / "2007" / "07PRAGUE540.txt").unlink()
        index.refresh(workers=0)
        assert counts("starred") == {"starred": 2, "unstarred": 1}
        assert counts("label") == {"brief": 1}
