"""reader/query/query.py on its own: the filters facet counts are taken under, the one rule
of counting both stores share (counted_facets, with counts made by hand), the default sort
and the name a row shows."""

from __future__ import annotations

from datetime import datetime

from reader.query.query import (
    FACETS,
    NONE,
    RELEVANCE,
    CableCopy,
    FacetValue,
    Filter,
    Hit,
    copy_name,
    default_sort,
    group_filter,
    has_words,
    hit_day,
    listed_user_values,
    other_copies,
    restored_filter,
    shown_id,
)
from reader.query.query import counted_facets as counted

SECRET = ("classification", "SECRET")
CONFIDENTIAL = ("classification", "CONFIDENTIAL")
PREL = ("tag", "PREL")


def test_a_single_valued_facet_is_counted_without_its_own_choices() -> None:
    f = Filter("beef", frozenset({SECRET, PREL}), frozenset({CONFIDENTIAL}), "id", True)
    assert group_filter(f, "classification") == Filter("beef", frozenset({PREL}), frozenset(),
                                                        "id", True)  # fmt: skip
    assert group_filter(f, "tag") is f  # multi-valued: counted under the filter itself
    assert group_filter(f, "origin") is f  # nothing of its own chosen


def test_an_excluded_value_is_counted_as_if_chosen() -> None:
    f = Filter("", frozenset(), frozenset({PREL, CONFIDENTIAL}))
    assert restored_filter(f, *PREL) == Filter("", frozenset({PREL}), frozenset({CONFIDENTIAL}))


class Counts:
    """Cables as (classification, tags, year): what value_counts and count read."""

    CABLES = [
        ("SECRET", {"PREL", "MARR"}, "2007"),
        ("SECRET", {"PREL"}, "2009"),
        ("CONFIDENTIAL", {"ECON"}, "2008"),
        ("UNCLASSIFIED", {"PREL", "ECON"}, NONE),
    ]

    def __init__(self) -> None:
        self.asked: list[tuple[Filter, str | None]] = []

    def matches(self, f: Filter) -> list[tuple[str, set[str], str]]:
        out = []
        for level, tags, year in self.CABLES:
            values = {("classification", level), ("year", year)} | {("tag", t) for t in tags}
            levels = {v for k, v in f.include if k == "classification"}
            tags_in = {(k, v) for k, v in f.include if k != "classification"}
            if levels and level not in levels or not tags_in <= values or f.exclude & values:
                continue
            out.append((level, tags, year))
        return out

    def value_counts(self, f: Filter, facet: str | None) -> list[tuple[str, str, int]]:
        self.asked.append((f, facet))
        n: dict[tuple[str, str], int] = {}
        for level, tags, year in self.matches(f):
            for pair in [("classification", level), ("year", year)] + [("tag", t) for t in tags]:
                n[pair] = n.get(pair, 0) + 1
        return [(k, v, c) for (k, v), c in n.items() if facet in (None, k)]

    def count(self, f: Filter) -> int:
        return len(self.matches(f))


def test_counted_facets_follow_the_one_rule() -> None:
    counts = Counts()
    f = Filter(include=frozenset({SECRET}), exclude=frozenset({("tag", "MARR")}))
    got = counted(f, ("classification", "tag", "year"), counts.value_counts, counts.count, None)
    # SECRET chosen: the other levels show what choosing them too would add
    assert got["classification"] == [FacetValue("CONFIDENTIAL", 1), FacetValue("SECRET", 1),
                                     FacetValue("UNCLASSIFIED", 1)]  # fmt: skip
    # MARR excluded: its count is what clearing it would bring back
    assert FacetValue("MARR", 1) in got["tag"] and FacetValue("PREL", 1) in got["tag"]
    assert got["year"] == [FacetValue("2009", 1)]
    assert (f, None) in counts.asked


def test_years_come_in_date_order_and_a_limit_keeps_what_is_chosen() -> None:
    counts = Counts()
    everything = counted(Filter(), ("year",), counts.value_counts, counts.count, None)
    assert [v.value for v in everything["year"]] == ["2007", "2008", "2009", NONE]
    f = Filter(include=frozenset({("tag", "MARR")}))
    got = counted(f, ("tag",), counts.value_counts, counts.count, 1)
    assert got["tag"] == [FacetValue("MARR", 1)]  # PREL (1 too) cut: ties by value
    chosen_low = Filter(include=frozenset({("classification", "UNCLASSIFIED")}))
    got = counted(chosen_low, ("classification",), counts.value_counts, counts.count, 1)
    assert got["classification"][-1] == FacetValue("UNCLASSIFIED", 1)
    assert len(got["classification"]) == 2  # the first by count, and the chosen one kept


def test_only_the_facets_asked_are_listed() -> None:
    counts = Counts()
    assert set(counted(Filter(), FACETS, counts.value_counts, counts.count, None)) == set(FACETS)
    assert set(counted(Filter(), ("tag",), counts.value_counts, counts.count, None)) == {"tag"}


def test_relevance_is_the_default_only_with_words() -> None:
    assert has_words("nuclear -visit") and default_sort("nuclear") == RELEVANCE
    assert not has_words("-visit tag:PREL") and default_sort("tag:PREL") == "date"
    assert default_sort("") == "date"


def test_a_row_without_an_id_is_named_by_its_file() -> None:
    hit = Hit(key=1, id="", date=None, origin="", classification="", level="", subject="")
    assert shown_id(hit) == "(no ID)"
    assert shown_id(Hit(1, "", None, "", "", "", "", file="a/b.txt")) == "(no ID) a/b.txt"
    assert shown_id(Hit(1, "", None, "", "", "", "", file="cables.csv", row=12)) == (
        "(no ID) cables.csv row 12"
    )
    assert shown_id(Hit(1, "07PRAGUE1", None, "", "", "", "", file="x.txt")) == "07PRAGUE1"


def test_a_date_is_shown_as_its_day_or_its_year_alone() -> None:
    when = datetime(2004, 1, 1)
    assert hit_day(Hit(1, "04X1", when, "", "", "", "", date_precision="day")) == "2004-01-01"
    assert hit_day(Hit(1, "04X1", when, "", "", "", "", date_precision="year")) == "2004"
    assert hit_day(Hit(1, "", None, "", "", "", "")) == ""


def test_a_user_facet_lists_by_count_then_name_and_keeps_what_is_chosen() -> None:
    f = Filter(include=frozenset({("label", "zeta"), ("label", "Beta")}))
    listed = listed_user_values(f, "label", {"alpha": 2, "beta": 5, "gamma": 0, "Alpha": 2})
    assert [(v.value, v.count) for v in listed] == [
        ("beta", 5), ("alpha", 2), ("Alpha", 2), ("Beta", 0), ("zeta", 0)
    ]


def test_a_copy_is_named_by_its_file_and_what_it_is() -> None:
    assert copy_name(CableCopy(1, "html/cable/2010/01/10X1.html", "html")) == (
        "html/cable/2010/01/10X1.html (WikiLeaks page)"
    )
    assert copy_name(CableCopy(2, "text/2010/10X1.txt", "txt")) == "text/2010/10X1.txt (text)"
    assert copy_name(CableCopy(3, "csv/cables.csv", "csv", 12)) == "csv/cables.csv row 12"
    assert copy_name(CableCopy(4, "odd/10X1", "new")) == "odd/10X1"  # a format it lacks words for


def test_the_copy_shown_is_told_by_its_key_or_on_a_teams_corpus_by_its_file() -> None:
    # a folder's index: a key per copy
    text, page, row = (CableCopy(1, "t/a.txt", "txt"), CableCopy(2, "h/a.html", "html"),
                       CableCopy(3, "c.csv", "csv", 4))  # fmt: skip
    assert other_copies([text, page, row], 2, "/f/h/a.html", None) == (page, [text, row])
    assert other_copies([text], 1, "/f/t/a.txt", None) == (text, [])
    assert other_copies([text, page], 9, "/f/x.txt", None) == (None, [text, page])
    # a team's corpus: one key, told apart by the file (and row) the cable was read from
    a, b, c = (CableCopy(7, "/f/a.txt", "txt"), CableCopy(7, "/f/c.csv", "csv", 1),
               CableCopy(7, "/f/c.csv", "csv", 2))  # fmt: skip
    assert other_copies([a, b, c], 7, "/f/c.csv", 2) == (c, [a, b])
    assert other_copies([a, b, c], 7, "/elsewhere.txt", None) == (a, [b, c])


def test_the_copy_kept_is_the_richest_then_the_first_file() -> None:
    """query.kept_copy: a text before a cables.csv row, a WikiLeaks page, a body; among
    copies of one kind the longest text, then the first file (and row), never the key
    alone: a folder indexed afresh gives its files other keys, and keeps the same copy."""
    from reader.query.query import CableCopy, kept_copy

    body = CableCopy(1, "body-with-html/07PRAGUE497.txt", "body", None, 900)
    page = CableCopy(2, "html/cable/2007/05/07PRAGUE497.html", "html", None, 1200)
    text = CableCopy(3, "text/2007/07PRAGUE497.txt", "txt", None, 1200)
    row = CableCopy(4, "csv/cables.csv", "csv", 12, 1200)
    assert kept_copy([body, page, text, row]) == text
    assert kept_copy([body, page, row]) == row
    assert kept_copy([body, page]) == page
    assert kept_copy([body]) == body
    assert kept_copy([]) is None
    # a .txt of the body alone (no leftover HTML), in a folder named first: shorter
    bare = CableCopy(0, "body-with-html/07PRAGUE497.txt", "txt", None, 900)
    assert kept_copy([bare, text]) == text
    same = CableCopy(0, "z/07PRAGUE497.txt", "txt", None, 1200)
    assert kept_copy([same, text]) == text  # the file decides, not the key
    assert kept_copy([CableCopy(9, "csv/cables.csv", "csv", 13, 1200), row]) == row
    assert kept_copy([CableCopy(5, "a.txt", "unknown", None, 5000), body]) == body  # last
