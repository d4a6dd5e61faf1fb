"""The row the index stores for a cable: bounded whatever the cable holds."""

from __future__ import annotations

from reader.index.rows import MAX_SUBJECT_CHARS, cable_row
from reader.parser.parse import parse_cable


def test_a_subject_that_runs_on_for_megabytes_is_bounded_in_the_index() -> None:
    cable = parse_cable("UNCLAS STATE 000001\n\nSUBJECT: " + "WORD " * 400_000 + "\n\n1. (U) X.\n")
    assert len(cable.subject or "") > 1_000_000  # what the parser found
    subject = cable_row(cable, 0).subject
    assert len(subject) == MAX_SUBJECT_CHARS and subject.startswith("WORD WORD")
    assert subject.endswith("…")
    short = parse_cable("UNCLAS STATE 000002\n\nSUBJECT: A  SHORT   ONE\n\n1. (U) X.\n")
    assert cable_row(short, 0).subject == "A SHORT ONE"
