"""reader.parser.artefacts: what other tools left at the top of a cable, read and taken out."""

from __future__ import annotations

from datetime import UTC, datetime

from reader.model.records import ContainerMeta
from reader.parser.artefacts import merge_meta, parse_when, partial_note, screen
from reader.parser.lines import LineMaker, LineQueue


def _queue(text: str) -> LineQueue:
    return LineQueue(LineMaker(text), len(text))


def _screen(text: str, meta: ContainerMeta | None = None):
    """Screen the first line of ``text``; what is left in the queue after it."""
    queue = _queue(text)
    first = queue.popleft()
    lines, found, field = screen(first, queue, meta)
    rest = []
    while queue:
        rest.append(queue.popleft().text)
    return [ln.text for ln in lines], found, field, rest


def test_an_ordinary_line_is_kept_and_says_nothing():
    assert _screen("C O N F I D E N T I A L PARIS 002725\nnext") == (
        ["C O N F I D E N T I A L PARIS 002725"],
        None,
        None,
        ["next"],
    )


def test_the_partial_extract_note_is_dropped_in_any_case():
    for note in (
        "This record is a partial extract of the original cable. The full text ...",
        "THIS RECORD IS A PARTIAL EXTRACT OF THE ORIGINAL CABLE",
    ):
        assert partial_note(note)
        assert _screen(note + "\nnext") == ([], None, "partial", ["next"])
    assert not partial_note("This record is short")


def test_cable_dated_gives_the_date_and_the_rest_of_the_line_is_text():
    lines, found, field, rest = _screen("Cable dated: 2006-03-09T22:28 SECRET PARIS 1\nnext")
    assert lines == [] and field == "dated"
    assert found == ContainerMeta(created=datetime(2006, 3, 9, 22, 28, tzinfo=UTC))
    assert rest == ["SECRET PARIS 1", "next"]


def test_cable_dated_never_overrides_the_containers_date():
    mine = ContainerMeta(created=datetime(2001, 1, 1, tzinfo=UTC))
    assert _screen("Cable dated: 2006-03-09\n", mine)[1] is mine


def test_a_csv_row_on_one_line_gives_its_fields():
    row = '27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",CONFIDENTIAL,"05BOGOTA1 05STATE2",'
    lines, found, field, rest = _screen(row + "\nnext")
    assert (lines, field, rest) == ([], "csv-dump", ["next"])
    assert found == ContainerMeta(
        reference_id="05BOGOTA1775",
        created=datetime(2005, 2, 24, 16, 9, tzinfo=UTC),
        classification="CONFIDENTIAL",
        origin="Embassy Bogota",
        referenced_ids=("05BOGOTA1", "05STATE2"),
    )


def test_a_csv_row_one_field_a_line_is_taken_out_whole():
    text = "9608\n2003-07-23 10:12\n03THEHAGUE1865\nEmbassy The Hague\nSECRET\n03STATE1\nbody"
    lines, found, field, rest = _screen(text)
    assert (lines, field, rest) == ([], "csv-dump", ["body"])
    assert found is not None and found.reference_id == "03THEHAGUE1865"
    assert found.created == datetime(2003, 7, 23, 10, 12, tzinfo=UTC)
    assert (found.origin, found.classification) == ("Embassy The Hague", "SECRET")
    assert found.referenced_ids == ("03STATE1",)


def test_a_number_alone_without_a_row_after_it_is_text():
    assert _screen("12\nnot a date\n") == (["12"], None, None, ["not a date"])


def test_parse_when_reads_both_layouts_as_utc_and_refuses_junk():
    assert parse_when("2006-03-09 22:28:00") == datetime(2006, 3, 9, 22, 28, tzinfo=UTC)
    assert parse_when(" 12/28/1966 18:48 ") == datetime(1966, 12, 28, 18, 48, tzinfo=UTC)
    assert parse_when("not a date") is None


def test_merge_meta_keeps_the_containers_own_values():
    mine = ContainerMeta(reference_id="07PARIS2725", origin=None)
    found = ContainerMeta(reference_id="07MOSCOW5154", origin="Embassy Paris", classification="S")
    merged = merge_meta(mine, found)
    assert merged.reference_id == "07PARIS2725"
    assert (merged.origin, merged.classification) == ("Embassy Paris", "S")
    assert merge_meta(None, found) is found
