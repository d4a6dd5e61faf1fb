"""reader/ui/history.py: the rules of Back and Forward, alone.

tests/ui/test_navigation.py walks the main path (back, forward, a new step after Back,
amending, the limit, the date term); these are the edges."""

import dataclasses

import pytest

from reader.ui.history import FilterState, History, Place, split_dates

A = FilterState()
B = FilterState(query="nuclear")


def test_an_empty_history_has_nowhere_to_go() -> None:
    h = History()
    assert h.current() is None and h.at == -1 and h.places == []
    assert not h.can_go_back() and not h.can_go_forward()
    assert h.back(Place(A)) is None and h.forward(Place(A)) is None
    assert h.places == []  # asking does not record anything


def test_going_to_the_same_place_adds_no_step_but_records_the_cursor() -> None:
    h = History()
    h.visit(Place(A, key=3, position=10), Place(A, key=3, position=10))
    assert h.places == [Place(A, key=3, position=10)] and not h.can_go_back()
    h.visit(Place(A, key=3, position=99), Place(A, key=3, position=99))
    assert h.places == [Place(A, key=3, position=99)]


def test_amending_the_first_place_adds_a_step_instead() -> None:
    # the first place is where the analyst started: typing never replaces it
    h = History()
    h.visit(Place(A), Place(B), amend=True)
    assert h.places == [Place(A), Place(B)] and h.at == 1


def test_clear_forgets_everything() -> None:
    h = History()
    h.visit(Place(A), Place(B))
    h.clear()
    assert h.places == [] and h.current() is None and not h.can_go_back()


def test_places_is_a_copy() -> None:
    h = History()
    h.visit(Place(A), Place(B))
    h.places.clear()
    assert len(h.places) == 2


def test_a_limit_of_one_keeps_only_the_current_place() -> None:
    h = History(limit=1)
    h.visit(Place(A), Place(B))
    assert h.places == [Place(B)] and h.at == 0 and not h.can_go_back()


def test_filter_states_and_places_are_frozen_values() -> None:
    assert FilterState(query="x", include=frozenset({("tag", "PREL")})) == FilterState(
        query="x", include=frozenset({("tag", "PREL")})
    )
    assert hash(Place(B, key=1)) == hash(Place(B, key=1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        B.query = "other"  # type: ignore[misc]
    assert A.sort == "date" and not A.descending  # the default order


def test_the_full_query_without_a_query_is_the_date_term_alone() -> None:
    assert FilterState(date_range=("2001-01", "2001-12")).full_query == "date:2001-01..2001-12"
    assert B.full_query == "nuclear"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "iran",
        "date:2007-05..2008-01 iran",  # the range is only taken from the end
        "date:2007..2008",  # years alone are the analyst's own term
        "xdate:2007-05..2008-01",  # not a date term
    ],
)
def test_queries_without_the_histograms_term_at_the_end_stay_whole(query: str) -> None:
    assert split_dates(query) == (query, None)


def test_split_dates_inverts_full_query() -> None:
    for state in (
        FilterState(query="a OR b", date_range=("1999-12", "2000-01")),
        FilterState(query="", date_range=("2010-02", "2010-02")),
        FilterState(query='"exact phrase"', date_range=("1985-01", "2010-02")),
    ):
        query, dates = split_dates(state.full_query)
        assert dataclasses.replace(state, query=query, date_range=dates) == state
