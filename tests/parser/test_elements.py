"""reader.parser.elements: the preamble's elements as read, and the fields made from them."""

from __future__ import annotations

from reader.parser.elements import Elements, cut_subject
from reader.parser.lines import Line, LineMaker, LineQueue


def _lines(text: str) -> list[Line]:
    queue = LineQueue(LineMaker(text), len(text))
    out = []
    while queue:
        out.append(queue.popleft())
    return out


def test_the_subject_without_its_head_and_with_its_marking_apart():
    found = Elements()
    found.subject_lines = _lines("SUBJECT: (C) TALKS ON THE\n  BUDGET")
    subject, marking = found.subject("PARIS")
    assert subject == "TALKS ON THE BUDGET"
    assert marking is not None and marking.level == "C"
    assert Elements().subject("PARIS") == (None, None)


def test_cut_subject_drops_what_ran_on_after_it():
    assert cut_subject("TALKS ON THE BUDGET REF: STATE 12", None) == "TALKS ON THE BUDGET"
    assert cut_subject("TALKS ON THE BUDGET CLASSIFIED BY X", None) == "TALKS ON THE BUDGET"
    assert cut_subject("TALKS IN EGYPT Sensitive but Unclassified.", None) == "TALKS IN EGYPT"
    assert cut_subject("TALKS ON THE BUDGET -", None) == "TALKS ON THE BUDGET"


def test_references_never_cite_the_cable_itself():
    found = Elements()
    found.ref_lines = _lines("REF: A. STATE 1234 B. PARIS 2725")
    refs = found.references(2007, "PARIS", "002725")
    assert [(r.label, r.id) for r in refs] == [("A", "07STATE1234")]
    assert Elements().references(2007, "PARIS", "002725") == []


def test_classified_by_of_the_block():
    found = Elements()
    found.classified_by_lines = _lines("Classified By: Ambassador Jones, reasons 1.4 (b) and (d)")
    cb = found.classified_by()
    assert cb is not None and (cb.names, cb.reasons, cb.line) == (
        ("Jones",),
        ("1.4(b)", "1.4(d)"),
        1,
    )
    assert Elements().classified_by() is None


def test_a_dumped_copys_elements_fill_in_only_what_the_cable_lacks():
    found = Elements()
    found.subject_lines = _lines("SUBJECT: FROM THE COPY")
    found.tags = ["PREL"]
    found.forget({"subject": 3, "tags": 2, "partial": 1})
    assert (found.subject_lines, found.tags) == ([], [])
    found.tags = ["ECON"]  # the real cable's own
    fields: dict[str, int] = {}
    found.use_earlier(fields)
    assert found.tags == ["ECON"]
    assert [ln.text for ln in found.subject_lines] == ["SUBJECT: FROM THE COPY"]
    assert fields == {"subject": 3}


def test_nothing_read_leaves_nothing_to_fall_back_on():
    found = Elements()
    found.handling = ["SIPDIS"]  # handling alone is no copy's preamble
    found.forget({})
    assert found.earlier is None and found.handling == []
    fields: dict[str, int] = {}
    found.use_earlier(fields)
    assert fields == {}
