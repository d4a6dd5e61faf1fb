"""Copy citation: ``07PRAGUE497 ¶2 (C) — SUBJECT, 7 May 2007``, one a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model.records import Cable
from reader.parser.containers import read_cables
from reader.review.citation import citation, citations

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
SUBJECT = "CZECH PRESIDENT: PUTIN SERIOUS ABOUT MISSILE DEFENSE CONCERNS"


def load(path: Path) -> Cable:
    [cable] = list(read_cables(path))
    return cable


@pytest.fixture(scope="module")
def seed(shared_cables: Path) -> Cable:
    return load(shared_cables / "seed" / "000_779b252bf3f7de24.txt")


def test_the_issue_example(seed: Cable) -> None:
    """The subject wraps over a blank line in the seed; the citation is one line."""
    assert citation(seed, 2) == f"07PRAGUE497 ¶2 (C) — {SUBJECT}, 7 May 2007"


def test_a_whole_cable_carries_the_banner(seed: Cable) -> None:
    assert citation(seed) == f"07PRAGUE497 (C) — {SUBJECT}, 7 May 2007"


def test_several_one_a_line(seed: Cable, shared_cables: Path) -> None:
    other = load(shared_cables / "text" / "2008" / "08KINSHASA189.txt")
    text = citations([(seed, 1), (other, None), (seed, 3)])
    lines = text.split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("07PRAGUE497 ¶1 (C) — ")
    assert lines[1].startswith("08KINSHASA189 (S//NF) — ")
    assert lines[2].startswith("07PRAGUE497 ¶3 (C) — ")


def test_portion_markings_with_controls(shared_cables: Path) -> None:
    cable = load(shared_cables / "text" / "2009" / "09STATE63860.txt")
    marked = [p for p in cable.paragraphs if p.marking and "REL" in p.marking.text]
    assert marked
    line = citation(cable, marked[0].number)
    assert f"¶{marked[0].number} (S//REL TO USA, FVEY) — " in line


def test_handling_lines_join_the_banner() -> None:
    """UNCLAS with SENSITIVE and NOFORN lines (invented sample 10ABUDHABI88)."""
    cable = load(SAMPLES / "2010" / "10ABUDHABI88.txt")
    assert citation(cable).startswith("10ABUDHABI88 (SBU//NF) — UAE: ")


def test_an_unmarked_paragraph_gets_no_guessed_marking() -> None:
    """Paragraph 4 of the invented sample 08ABUDHABI744 is unmarked (error E2)."""
    cable = load(SAMPLES / "2008" / "08ABUDHABI744.txt")
    assert citation(cable, 4).startswith("08ABUDHABI744 ¶4 — UAE: ")
    assert citation(cable, 4).endswith(", 3 June 2008")


def test_no_subject_and_no_date_are_left_out(shared_cables: Path) -> None:
    """08MOSCOW2137 has no SUBJECT line in this copy; a partial extract has no DTG but a
    'Cable dated:' line, which gives the date."""
    no_subject = load(shared_cables / "text" / "2008" / "08MOSCOW2137.txt")
    assert citation(no_subject, 1) == "08MOSCOW2137 ¶1 (C), 24 July 2008"
    extract = load(shared_cables / "text" / "2005" / "05CAIRO8938.txt")
    assert extract.dtg is None
    assert citation(extract).endswith(", 29 November 2005")


def test_a_paragraph_the_cable_lacks(seed: Cable) -> None:
    with pytest.raises(ValueError, match="no paragraph 9"):
        citation(seed, 9)
