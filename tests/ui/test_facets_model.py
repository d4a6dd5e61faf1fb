"""FacetModel (ui.models.facets) on its own: one group per facet with its values and counts,
what the labels and tooltips say, the order of values (held while clicked), the filter text,
the groups still filling, and the team's groups that come and go with the store."""

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from reader.index.rows import station_display
from reader.model import codes
from reader.query.conditions import compile_filter, user_value_plan
from reader.query.query import SINGLE_VALUED, FacetValue, Filter
from reader.query.querysyntax import Field, parse_query
from reader.review.checks import check_by_code
from reader.ui.levels import level_colour, level_of
from reader.ui.models import facets
from reader.ui.models.facets import (
    FACET_TITLES,
    SHOWN_FACETS,
    FacetModel,
    FacetRole,
    FacetState,
    describe_code,
    explain_code,
)

TOOLTIP = Qt.ItemDataRole.ToolTipRole
COUNTS = {
    "classification": [
        FacetValue("SECRET", 3),
        FacetValue("CONFIDENTIAL", 1250),
        FacetValue("UNCLASSIFIED", 0),
    ],
    "tag": [FacetValue("PREL", 7), FacetValue("MARR", 7), FacetValue("ZZZQ", 2)],
    "year": [FacetValue("2008", 1), FacetValue("(none)", 4), FacetValue("2007", 9)],
    "check": [FacetValue("noforn", 2)],
}


@pytest.fixture
def model(qapp) -> FacetModel:  # noqa: ANN001 - colours and icons need the application
    model = FacetModel()
    model.set_facets(COUNTS)
    return model


def _group(model: FacetModel, facet: str) -> QModelIndex:
    return model.index(_groups(model).index(facet), 0)


def _groups(model: FacetModel) -> list[str]:
    return [model.index(g, 0).data(FacetRole.FACET) for g in range(model.rowCount())]


def _rows(model: FacetModel, facet: str) -> list[QModelIndex]:
    group = _group(model, facet)
    return [model.index(r, 0, group) for r in range(model.rowCount(group))]


def _row(model: FacetModel, facet: str, value: str) -> QModelIndex:
    return next(i for i in _rows(model, facet) if i.data(FacetRole.VALUE) == value)


def test_one_group_per_facet_titled_with_how_many_values_it_lists(model):
    assert _groups(model) == list(SHOWN_FACETS)
    assert model.columnCount() == 2
    assert [model.headerData(s, Qt.Orientation.Horizontal) for s in (0, 1)] == ["Facet", "Cables"]
    for g, facet in enumerate(SHOWN_FACETS):
        assert model.index(g, 0).data() == FACET_TITLES[facet]
        assert model.index(g, 1).data() == f"{len(model.values(facet))}"
        assert model.index(g, 0).data(Qt.ItemDataRole.FontRole).bold()
    # a value no cable of the results has is not listed; the counts are the index's
    assert [(v.value, v.count) for v in model.values("classification")] == [
        ("CONFIDENTIAL", 1250),
        ("SECRET", 3),
    ]
    rows = _rows(model, "classification")
    assert [r.data(FacetRole.COUNT) for r in rows] == [1250, 3]
    assert [r.siblingAtColumn(1).data() for r in rows] == ["1,250", "3"]
    assert {r.data(FacetRole.FACET) for r in rows} == {"classification"}
    assert {r.data(FacetRole.STATE) for r in rows} == {int(FacetState.CLEAR)}
    assert {r.data(FacetRole.MORE) for r in rows} == {False}


def test_values_by_count_then_code_and_years_by_value(model):
    assert [v.value for v in model.values("tag")] == ["MARR", "PREL", "ZZZQ"]
    assert [v.value for v in model.values("year")] == ["2007", "2008", "(none)"]


def test_labels_and_tooltips_say_what_a_code_means(model):
    prel = _row(model, "tag", "PREL")
    assert prel.data() == f"PREL — {describe_code('tag', 'PREL')}"
    assert _row(model, "tag", "ZZZQ").data() == "ZZZQ — unknown code"
    assert prel.data(TOOLTIP) == f"{explain_code('tag', 'PREL')}\nClick to show only these 7 cables"
    noforn = _row(model, "check", "noforn")
    assert noforn.data() == check_by_code("noforn").title  # a check: its title alone
    assert not noforn.data(Qt.ItemDataRole.DecorationRole).isNull()  # its severity's icon
    assert _row(model, "year", "2007").data() == "2007"
    secret = _row(model, "classification", "SECRET")
    assert secret.data(Qt.ItemDataRole.DecorationRole) == level_colour(level_of("SECRET"))


def test_choosing_values_shows_in_the_rows_the_titles_and_the_tooltips(model, qtbot):
    assert "classification" in SINGLE_VALUED and "tag" not in SINGLE_VALUED
    with qtbot.waitSignal(model.selectionChanged):
        model.set_state("classification", "SECRET", FacetState.INCLUDE)
    assert model.include == {("classification", "SECRET")} and not model.exclude
    secret = _row(model, "classification", "SECRET")
    assert secret.data(FacetRole.STATE) == int(FacetState.INCLUDE)
    assert secret.data(TOOLTIP).endswith(
        "Included: 3 cables of the results have it; click to exclude"
    )
    assert (
        _row(model, "classification", "CONFIDENTIAL")
        .data(TOOLTIP)
        .endswith("Click to add 1,250 cables as an alternative (either value)")
    )
    model.set_state("classification", "CONFIDENTIAL", FacetState.INCLUDE)
    assert _group(model, "classification").data() == "Classification (any of 2)"
    assert _group(model, "classification").siblingAtColumn(1).data() == "2 chosen"
    model.set_state("tag", "PREL", FacetState.INCLUDE)
    assert (
        _row(model, "tag", "MARR")
        .data(TOOLTIP)
        .endswith("Click to keep the 7 cables that have this value too (all values)")
    )
    model.set_state("tag", "MARR", FacetState.INCLUDE)
    assert _group(model, "tag").data() == "TAGS (all of 2)"
    model.set_state("tag", "ZZZQ", FacetState.EXCLUDE)
    assert (
        _row(model, "tag", "ZZZQ")
        .data(TOOLTIP)
        .endswith("Excluded: it leaves out 2 cables; click to clear")
    )
    assert model.exclude == {("tag", "ZZZQ")}
    with qtbot.assertNotEmitted(model.selectionChanged):
        model.clear_selection(announce=False)
    assert not model.include and not model.exclude
    assert _group(model, "tag").data() == "TAGS"


def test_a_held_group_keeps_its_rows_until_released(model):
    model.hold("tag")
    assert model.held() == ["tag"]
    model.set_facets(
        {**COUNTS, "tag": [FacetValue("ZZZQ", 9), FacetValue("PREL", 1), FacetValue("EZ", 4)]}
    )
    # the rows stay where the pointer is; only their counts change, a new value waits
    assert [(v.value, v.count) for v in model.values("tag")] == [
        ("MARR", 0),
        ("PREL", 1),
        ("ZZZQ", 9),
    ]
    model.release("tag")
    assert model.held() == []
    assert [(v.value, v.count) for v in model.values("tag")] == [
        ("ZZZQ", 9),
        ("EZ", 4),
        ("PREL", 1),
    ]


def test_the_filter_text_narrows_every_group_by_code_or_meaning(model):
    model.set_state("tag", "ZZZQ", FacetState.EXCLUDE)
    model.set_filter("  political ")
    assert [v.value for v in model.values("tag")] == ["ZZZQ", "PREL"]  # chosen ones stay
    assert model.matches("tag") == 2 and model.matches("classification") == 0
    assert model.values("classification") == []
    model.set_filter("secret")
    assert [v.value for v in model.values("classification")] == ["SECRET"]
    model.set_filter("")
    assert [v.value for v in model.values("tag")] == ["ZZZQ", "MARR", "PREL"]


def test_only_the_groups_given_change_and_filling_ones_say_so(model):
    changed: list[int] = []
    model.dataChanged.connect(lambda a, _b, _roles=(): changed.append(a.row()))
    model.set_filling(frozenset({"marking"}))
    assert changed == [SHOWN_FACETS.index("marking")]
    assert _group(model, "marking").data() == "Highest marking (filling…)"
    model.set_filling(frozenset())
    assert _group(model, "marking").data() == "Highest marking"
    model.update_facets({"starred": [FacetValue("starred", 2), FacetValue("unstarred", 5)]})
    assert [(v.value, v.count) for v in model.values("starred")] == [
        ("unstarred", 5),
        ("starred", 2),
    ]
    assert [v.value for v in model.values("tag")] == ["MARR", "PREL", "ZZZQ"]  # as they were


def test_groups_counted_before_the_server_went_away_say_as_of_when(model):
    model.set_facets({**COUNTS, "readby": [FacetValue("alice", 2)]})
    first = model.counted_at("readby")
    assert first is not None and model.counted_at("tag") == first
    model.update_facets({"starred": [FacetValue("starred", 2)]})
    later = model.counted_at("starred")
    assert later is not None and later >= first and model.counted_at("tag") == first
    changed: list[int] = []
    model.dataChanged.connect(lambda a, _b, _roles=(): changed.append(a.row()))
    model.set_offline(frozenset({"starred", "readby"}))
    assert sorted(changed) == sorted(_groups(model).index(f) for f in ("starred", "readby"))
    assert _group(model, "readby").data() == f"Read by (as of {first:%H:%M}, offline)"
    assert _group(model, "starred").data() == f"Starred (as of {later:%H:%M}, offline)"
    assert _group(model, "tag").data() == "TAGS"  # the corpus's own: not marked
    model.set_offline(frozenset())
    assert _group(model, "readby").data() == "Read by"
    assert _group(model, "starred").data() == "Starred"


def test_the_team_s_groups_come_and_go_with_the_store(model, qtbot):
    own = len(SHOWN_FACETS)
    model.set_facets({**COUNTS, "readby": [FacetValue("alice", 2), FacetValue("bob", 5)]})
    assert model.rowCount() == own + 1 and model.index(own, 0).data() == "Read by"
    assert [v.value for v in model.values("readby")] == ["bob", "alice"]
    model.set_state("readby", "alice", FacetState.INCLUDE)
    with qtbot.waitSignal(model.selectionChanged):  # the chosen value went with its group
        model.set_facets(COUNTS)
    assert model.rowCount() == own and not model.include


def test_a_facet_the_store_never_has_gets_no_group_until_a_store_that_may(model, qtmodeltester):
    """A team's corpus (each cable kept once: none is another copy) showed a Copies group
    counted 0. A store's lacks leave its groups out; another store's bring them back."""
    model.set_facets({**COUNTS, "readby": [FacetValue("alice", 2)]})
    model.hold("tag")  # a group after one left out keeps what it was doing
    model.set_state("copy", "other", FacetState.EXCLUDE)
    model.set_lacking({"copy", "classification", "readby"})  # (readby: the store's own)
    own = [f for f in SHOWN_FACETS if f not in ("copy", "classification")]
    assert _groups(model) == [*own, "readby"]
    assert model.held() == ["tag"] and [v.value for v in model.values("tag")][0] == "MARR"
    assert model.exclude == {("copy", "other")}  # chosen still: its chip says so
    qtmodeltester.check(model)
    model.set_facets({**COUNTS, "readby": [FacetValue("bob", 1)]})  # counts as before
    assert [v.value for v in model.values("readby")] == ["bob"]
    model.set_lacking(())
    assert _groups(model) == [*SHOWN_FACETS, "readby"]
    assert [(v.value, v.count) for v in model.values("copy")] == [("other", 0)]
    assert model.held() == ["tag"]
    qtmodeltester.check(model)
    model.set_facets(COUNTS)
    assert [v.value for v in model.values("classification")] == ["CONFIDENTIAL", "SECRET"]


def test_labels_show_their_colours(model):
    model.set_facets({"label": [FacetValue("urgent", 3), FacetValue("later", 1)]})
    model.set_label_colours({"urgent": "#d32f2f"})
    urgent, later = _rows(model, "label")
    assert urgent.data(Qt.ItemDataRole.DecorationRole) == QColor("#d32f2f")
    assert later.data(Qt.ItemDataRole.DecorationRole) is None


def _forget_stations() -> None:
    """Forget what the labels of origins were read and worked out from (module caches)."""
    for cached in (codes.table, facets._stations, facets._stations_by_key, facets._station_of):
        cached.cache_clear()


def _every_station() -> dict[str, tuple[str, str]]:
    """Origin -> (routing indicator, station) as spelling every name of the table gives it:
    the name cables use (cable_name) before the routing book's (name)."""
    table = codes.read_table("routing_indicators")
    found: dict[str, tuple[str, str]] = {}
    for column in ("cable_name", "name"):
        at = table.columns.index(column)
        for row in table.rows:
            origin = station_display(row[at]) if row[at] else None
            if origin:
                found.setdefault(origin, (row[0], row[at]))
    return found


def test_every_origin_is_labelled_as_spelling_every_station_name_would():
    stations = _every_station()
    _forget_stations()
    assert len(stations) > 200
    for origin, (ri, name) in stations.items():
        assert explain_code("origin", origin).startswith(
            f"{origin}: {name}, routing indicator {ri}"
        )
        assert describe_code("origin", origin).startswith(ri)
    for unknown in ("Embassy Atlantis", "Embassy", "Consulate Ab", "Nowhere", ""):
        assert describe_code("origin", unknown) is None


def test_an_origin_s_label_spells_only_the_names_that_may_give_it(monkeypatch):
    """The pane labels the origins it shows as it paints them: spelling the table's 16,000
    station names there held the window's loop for some 50 ms."""
    _forget_stations()
    spelt: list[str] = []

    def counted(name: str) -> str | None:
        spelt.append(name)
        return station_display(name)

    monkeypatch.setattr(facets, "station_display", counted)
    for origin in ("Embassy Prague", "Consulate Jerusalem", "Secretary of State"):
        assert describe_code("origin", origin)
        assert 0 < len(spelt) < 20, (origin, len(spelt))
        spelt.clear()


class _NoValues:
    """No facet values: enough to compile a label: term."""

    def values(self, facet: str) -> list[tuple[int, str]]:
        return []


def test_a_user_facets_value_names_the_query_term_it_is(model):
    """A label whose name holds a quote can be chosen here: the tooltip gives the term the
    analyst may type for it, as the query language reads it."""
    model.set_facets({
        "label": [FacetValue('say "hi"', 2), FacetValue("br*", 1)],
        "note": [FacetValue("no note", 4)],
    })  # fmt: skip
    odd, star = _rows(model, "label")
    assert odd.data(TOOLTIP).endswith('\nIn the query: label:"say \\"hi\\""')
    # label:br* asks every label starting br; quoted, the term is this label alone, as
    # choosing it here is (it had no term: the tooltip named none)
    assert star.data(TOOLTIP).endswith('\nIn the query: label:"br*"')
    term = star.data(TOOLTIP).rpartition("In the query: ")[2]
    assert parse_query(term) == Field("label", "br*")
    assert compile_filter(Filter(term), _NoValues()) == user_value_plan("label", "br*")
    (none,) = _rows(model, "note")
    assert none.data(TOOLTIP).endswith("\nIn the query: -has:note")


def test_a_count_of_one_is_said_of_one_cable(model):
    """"Click to show only these 1 cable", "1 cable of the results have it"."""
    model.set_facets({"tag": [FacetValue("PREL", 1), FacetValue("MARR", 1), FacetValue("IR", 1)],
                      "classification": [FacetValue("SECRET", 1)]})  # fmt: skip
    assert _row(model, "tag", "PREL").data(TOOLTIP).endswith("Click to show only this cable")
    model.set_state("tag", "PREL", FacetState.INCLUDE)
    assert _row(model, "tag", "PREL").data(TOOLTIP).endswith(
        "Included: 1 cable of the results has it; click to exclude"
    )
    assert _row(model, "tag", "MARR").data(TOOLTIP).endswith(
        "Click to keep the 1 cable that has this value too (all values)"
    )
