"""The window reads the table of fields (reader/query/fields.py): the facet groups' titles,
which groups the pane lists and opens, the query field's completion and the sort control."""

from __future__ import annotations

from reader.model import codes
from reader.query.fields import FIELDS, SORTS, by_name
from reader.query.query import FACETS, RELEVANCE, SORT_COLUMNS, USER_FACETS, FacetValue
from reader.query.querysyntax import Field, parse_query
from reader.review.explain import short_meaning
from reader.ui.models.cable_tree import SORT_FOR_COLUMN
from reader.ui.models.facets import FACET_TITLES, SHOWN_FACETS, FacetRole, describe_code
from reader.ui.widgets.filter_pane import FIELD_NAMES, FilterPane, QueryField
from reader.ui.widgets.main_window import MainWindow


def test_every_facet_has_its_title_and_the_pane_lists_those_it_should() -> None:
    assert FACET_TITLES == {f.name: f.title for f in FIELDS if f.kind is not None}
    assert SHOWN_FACETS == USER_FACETS + tuple(n for n in FACETS if by_name(n).in_pane)
    assert "month" not in SHOWN_FACETS  # the date histogram's


def test_the_query_field_completes_the_table_s_terms_with_their_facet_s_values(qtbot) -> None:  # noqa: ANN001
    for name, facet in FIELD_NAMES.items():
        term = parse_query(name + "x")
        assert isinstance(term, Field), name
        field = by_name(term.name)
        assert name[:-1] in field.offered
        assert facet == (field.name if field.kind is not None else None)
    query = QueryField()
    qtbot.addWidget(query)
    query.set_values({"classification": ["SECRET"], "origin": ["Embassy Rome"], "ref": ["X"]})
    words = query.completer_model.stringList()
    assert {"class:SECRET", 'from:"Embassy Rome"', 'origin:"Embassy Rome"'} <= set(words)
    assert not [w for w in words if w.startswith("ref:") and w != "ref:"]


def test_the_pane_opens_the_groups_the_table_says(qtbot) -> None:  # noqa: ANN001
    pane = FilterPane()
    qtbot.addWidget(pane)
    pane.set_facets({name: [FacetValue("A", 1)] for name in SHOWN_FACETS})
    opened = set()
    for row in range(pane.facets.rowCount()):
        index = pane.facets.index(row, 0)
        if pane.tree.isExpanded(index):
            opened.add(index.data(FacetRole.FACET))
    assert opened == {n for n in SHOWN_FACETS if by_name(n).opened}
    assert opened  # the table opens some


def test_the_sort_control_offers_the_table_s_sorts(window: MainWindow) -> None:
    box = window.sort_choice
    offered = [(box.itemText(i), box.itemData(i)) for i in range(box.count())]
    assert offered == [("Relevance", RELEVANCE), *((s.title, s.key) for s in SORTS)]
    assert set(SORT_FOR_COLUMN.values()) == set(SORT_COLUMNS)


def test_coded_values_are_decoded_by_the_codes_function_their_field_names() -> None:
    known = {"tag": "PREL", "precedence": "IMMEDIATE", "handling": "NOFORN"}
    decoded = [f for f in FIELDS if f.decoded is not None]
    assert {f.name for f in decoded} == set(known)
    for f in decoded:
        meaning = getattr(codes, f.decoded)(known[f.name])  # type: ignore[arg-type]
        assert meaning.known
        assert describe_code(f.name, known[f.name]) == short_meaning(meaning)
        assert describe_code(f.name, "(none)") is None
    assert describe_code("classification", "SECRET") is None
