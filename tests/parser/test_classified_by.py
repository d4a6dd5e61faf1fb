"""Names in Classified By lines: titles before a name are recognised by their shape and
position (misspelled, run together, hyphened, acronyms), not by a list of misspellings.

The lines are the shapes the issue reports and the corpus shows; each test says which rule
it checks.
"""

from __future__ import annotations

import pytest

from reader.parser.preamble import parse_classified_by


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # a title one letter off a listed one: missing, added, wrong or swapped letters
        (
            "Classified By: Ambassodor Robert O. Blake for reasons 1.4 (b) and (d)",
            ["Robert O. Blake"],
        ),
        ("Classified By: Counseor Jon Martinson, reasons 1.4 (b)", ["Jon Martinson"]),
        ("Classified By: Direcotr Pam Durham for reasons 1.4 (d)", ["Pam Durham"]),
        ("CLASSIFIED BY: CIEF JEFF ZAISER FOR REASONS 1.4 (B)", ["JEFF ZAISER"]),
        ("Classified By: Charge' Bob Blake for reasons 1.4 (b)", ["Bob Blake"]),
        (
            "Classified By: Charge d,Affaires Julie Furuta-Toy for reasons 1.4(b)",
            ["Julie Furuta-Toy"],
        ),
        (
            "Classified By: Economic-Political Minister-Counseor Donald A. Blome, 1.4(d)",
            ["Donald A. Blome"],
        ),
        # a capitals acronym before a mixed-case name; a letter for acting before a title
        ("Classified By: EMIN Michael Dodman for reasons 1.4 (b) and (d)", ["Michael Dodman"]),
        ("Classified By: ADCM RDUNHAM FOR REASONS 1.4 (B) AND (D)", ["RDUNHAM"]),
        # titles run together
        (
            "Classified By: Classified by Polmincouns Josiah Rosenblatt for reasons 1.4",
            ["Josiah Rosenblatt"],
        ),
        # words after the name
        ("CLASSIFIED BY: FRANK URBANCIC BASED UPON REASONS 1.4 (B)", ["FRANK URBANCIC"]),
        ("Classified By: ANNA BORG BASED ON 1.4 B AND D", ["ANNA BORG"]),
        ("Classified By: Ambassador Carney by reasons 1.4 (b) and (d)", ["Carney"]),
        (
            "Classified By: Economic Counselor Philip Kaplan (acting) for reasons 1.4 (b)",
            ["Philip Kaplan"],
        ),
        # many titles before the name
        ("CLASSIFIED BY IO A/S ACTING BRIAN HOOK, REASONS 1.4 (B)", ["BRIAN HOOK"]),
        (
            "Classified By: Kirkuk PRT Team Leader Howard Keegan for reason 1.4 (d)",
            ["Howard Keegan"],
        ),
        # a word broken at a line end, the head said twice, a.i., Under Secretary
        (
            "Classified By: Minister Counselor Do nald A. Blome for reasons 1.4 (b)",
            ["Donald A. Blome"],
        ),
        (
            "Classified By: CLASSIFIED CONFIDENTIAL BY ACTING DCM ROBERT RICHARD DOWNES FOR REASON",
            ["ROBERT RICHARD DOWNES"],
        ),
        ("Classified By: CHARGE D'AFFAIRES, A.I. LISA KUBISKE, REASON 1.4(B)", ["LISA KUBISKE"]),
        (
            "Classified by: Under Secretary William J. Burns, Reasons 1.4. (B) and (D)",
            ["William J. Burns"],
        ),
        (
            "Classified By: Ambassador Christopher W. Dell under Section 1.4b/d",
            ["Christopher W. Dell"],
        ),
        # a surname that is a title word, after an initial; particles and suffixes
        ("Classified By: CDA Damian R. Leader for reasons 1.4 (b) and (d)", ["Damian R. Leader"]),
        (
            "Classified By: Political Counselor Richard M. Mills Jr. for reasons 1.4 (b,d)",
            ["Richard M. Mills Jr."],
        ),
        # the Department's layout: surname, given names, titles
        (
            "CLASSIFIED BY: GILMOUR, David, DCM, State, Embassy Panama; REASON: 1.4(B), (D)",
            ["David GILMOUR"],
        ),
        ("CLASSIFIED BY: DUDDY, AMBASSADOR, DOS, AMB; REASON: 1.4(B), (D)", ["DUDDY"]),
        # offices after a name are no names
        (
            "CLASSIFIED BY: Alan Eyre, Director, Iran Regional Presence Office, DOS. REASON: 1.4",
            ["Alan Eyre"],
        ),
        (
            "CLASSIFIED BY: Chris Stevens, CDA, Embassy Tripoli, Dept of State. REASON: 1.4 (b)",
            ["Chris Stevens"],
        ),
        (
            "CLASSIFIED BY: John Naland, PRT Team Leader, PRT Basra, US State Department.",
            ["John Naland"],
        ),
        # no name at all
        ("Classified By: Charge d'Affaires, for reasons 1.4 (b) and (d)", []),
        ("Classified By: XXXXXXXXXXXX a.i., for reasons 1.4(b) and ( d).", []),
        ("Classified By: Derived from Multiple Sources", []),
        ("Classified By: Ambassador, reason 1.4 (b,d)", []),
    ],
)
def test_names(line: str, names: list[str]) -> None:
    assert list(parse_classified_by(line).names) == names
