"""References, markings, handling and appended text: each rule on short texts made up here."""

from __future__ import annotations

import pytest

from reader.model.posts import id_spelling
from reader.parser.appended import find_appended
from reader.parser.body import match_paragraph_start
from reader.parser.parse import parse_cable
from reader.parser.preamble import handling_words, parse_references, without_page_breaks


def ids(block: str, year: int = 2009, own: tuple[str, int] | None = None) -> list[str | None]:
    return [r.id for r in parse_references(block, year, 1, own)]


# ---------------------------------------------------------------------------
# References


@pytest.mark.parametrize(
    ("block", "own", "expected"),
    [
        # a newer page-break header run into the block: "POST 00000563 001.2 OF 003"
        (
            "REF: A) TRIPOLI 555 B) 2007 TRIPOLI 983 TRIPOLI 00000563 001.2 OF 003",
            ("TRIPOLI", 563),
            ["09TRIPOLI555", "07TRIPOLI983"],
        ),
        # an older one: "PAGE 02 ROME 01196 01 OF 02 271458Z"
        (
            "REF: A. ROME 123 PAGE 02 ROME 01196 01 OF 02 271458Z B. STATE 5",
            ("ROME", 1196),
            ["09ROME123", "09STATE5"],
        ),
        # a post spelled in short in the header: still no entry
        (
            "REF: A) RIO 346, B) RIO 329 RIO DE JAN 00000353 001.2 OF 002",
            ("RIODEJANEIRO", 353),
            ["09RIODEJANEIRO346", "09RIODEJANEIRO329"],
        ),
    ],
)
def test_page_break_headers_are_never_entries(block, own, expected):
    assert ids(block, own=own) == expected


def test_without_page_breaks_leaves_entries_alone():
    assert without_page_breaks("A. STATE 12345 B. ROME 678") == "A. STATE 12345 B. ROME 678"
    cut = without_page_breaks("A. STATE 12345 SAO PAULO 00000619 001.5 OF 002 B. ROME 678")
    assert "00000619" not in cut and "SAO PAULO" not in cut and "ROME 678" in cut


def test_a_cable_never_cites_itself():
    # its own banner post and serial in the same year, however written
    assert ids("REF: A. STATE 1 B. TRIPOLI 00000910", own=("TRIPOLI", 910)) == ["09STATE1"]
    # the same post and serial of another year is another cable
    assert ids("REF: 08 TRIPOLI 910", own=("TRIPOLI", 910)) == ["08TRIPOLI910"]


def test_a_cable_never_cites_itself_whole_text():
    text = (
        "O 161200Z NOV 09\nFM AMEMBASSY TRIPOLI\nTO SECSTATE WASHDC IMMEDIATE 5000\n\n"
        "C O N F I D E N T I A L SECTION 01 OF 02 TRIPOLI 000910\n\nSIPDIS\n\n"
        "E.O. 12958: DECL: 11/16/2019\nTAGS: PREL LY\n"
        "SUBJECT: SWISS IN LIBYA REF: A) TRIPOLI 901; B) STATE 117546 "
        "TRIPOLI 00000910 001.2 OF 002 CLASSIFIED BY: Gene A. Cretz, Ambassador. "
        "REASON: 1.4 (b), (d)\n\n1.(S/NF) Summary: text. End Summary.\n"
    )
    c = parse_cable(text)
    assert c.id == "09TRIPOLI910"
    assert [r.id for r in c.references] == ["09TRIPOLI901", "09STATE117546"]
    assert c.classified_by is not None and c.classified_by.names == ("Gene A. Cretz",)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("REF: A. BRASILIA 2799 AND 2764 B. PORT AU PRINCE 2325",
         ["09BRASILIA2799", "09BRASILIA2764", "09PORTAUPRINCE2325"]),
        ("REF: HAVANA 500 & 511", ["09HAVANA500", "09HAVANA511"]),
        ("REF: TRIPOLI 33, 53", ["09TRIPOLI33", "09TRIPOLI53"]),
        ("REF: STATE 1234/5678", ["09STATE1234", "09STATE5678"]),
        # the number before the next post is that entry's year, not a serial
        ("REF: D. 07 ALGIERS 1807 AND 08 ALGIERS 0075", ["07ALGIERS1807", "08ALGIERS75"]),
        ("REF: BUENOS AIRES 496, 230, 07 BSAS 1892", ["09BUENOSAIRES496", "09BUENOSAIRES230"]),
        # dates are not serials
        ("REF: ROME 12 MAY 2, 2007", ["09ROME12"]),
        ("REF: STATE 77 3/11/07", ["09STATE77"]),
    ],
)  # fmt: skip
def test_serials_joined_by_and_comma_ampersand_or_slash(block, expected):
    assert ids(block) == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("REF: A. STATE 15113 B. DOHA 152 (08) C. DOHA 311 (2007)",
         ["09STATE15113", "08DOHA152", "07DOHA311"]),
        # a serial past the cable's own is of the year after it says, not the year before
        ("REF: DOHA 4516 (06)", ["06DOHA4516"]),
        # the year after one serial is no year before the next post
        ("REF: SAO PAULO 653; BRASILIA 709 (08) SAO PAULO 542",
         ["09SAOPAULO653", "08BRASILIA709", "09SAOPAULO542"]),
        # a year after the citing cable's own is no year; nor is a label
        ("REF: DOHA 12 (11)", ["09DOHA12"]),
        ("REF: DOHA 12 (B) DOHA 13", ["09DOHA12", "09DOHA13"]),
        # the year of a date after the serial: a day, a month and a year, or a DTG
        ("REF: C. STATE 99488 24 SEP 2008 D. BOGOTA 3361 12 NOV 2008",
         ["08STATE99488", "08BOGOTA3361"]),
        ("REF: A. STATE 1234 DTG 081234Z MAY 08 B. SECSTATE 12345 DTD 12-MAY-2007",
         ["08STATE1234", "07STATE12345"]),
        # a month and a day with a comma may be a date of its own; a month alone no date
        ("REF: ROME 12 MAY 2, 2007", ["09ROME12"]),
        ("REF: STATE 12 MAY 2008", ["09STATE12"]),
    ],
)  # fmt: skip
def test_years_after_the_serial(block, expected):
    assert ids(block, own=("DOHA", 214)) == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("REF: 08 RIO DE JAN 138", ["08RIODEJANEIRO138"]),
        ("REF: BRASILIA 1210; (08) SAO PAULO 497", ["09BRASILIA1210", "08SAOPAULO497"]),
        ("REF: A. 2005 ACCRA 2517 B. ACCRA 1437", ["05ACCRA2517", "09ACCRA1437"]),
        # the serial of one entry is not the year of the next
        ("REF: LONDON 67 LONDON 68", ["09LONDON67", "09LONDON68"]),
    ],
)
def test_year_first_entries(block, expected):
    assert ids(block) == expected


@pytest.mark.parametrize(
    ("spelling", "post"),
    [
        ("HAGUE", "THEHAGUE"),
        ("THE HAGUE", "THEHAGUE"),
        ("RIO", "RIODEJANEIRO"),
        ("RIO DE JAN", "RIODEJANEIRO"),
        ("HK", "HONGKONG"),
        ("USUNESCO PARIS FR", "UNESCOPARISFR"),
        ("SECSTATE", "STATE"),
        ("USUN", "USUNNEWYORK"),
    ],
)
def test_post_spellings(spelling, post):
    assert id_spelling(spelling) == post
    assert ids(f"REF: A. {spelling} 1234") == [f"09{post}1234"]


def test_the_same_entry_twice_is_one_reference():
    assert ids("REF: A. NEW DELHI 878 REF: A. NEW DELHI 878 B. NEW DELHI 877") == [
        "09NEWDELHI878",
        "09NEWDELHI877",
    ]


HEAD = (
    "P 311200Z OCT 05\nFM AMEMBASSY THE HAGUE\nTO SECSTATE WASHDC PRIORITY 4000\n\n"
    "C O N F I D E N T I A L THE HAGUE 002651\n\nSIPDIS\n\n"
    "E.O. 12958: DECL: 10/31/2015\nTAGS: PREL NL\nSUBJECT: DUTCH THINGS\n\n"
)
BODY = "\n\nClassified By: Charge Chat Blakeman for reasons 1.4(b) and (d).\n\n1. (C) Text.\n"


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        # entries after blank lines (several)
        ("REF: A. STATE 1\n\n\n\n\nB. THE HAGUE 2599", ["05STATE1", "05THEHAGUE2599"]),
        # a pilcrow before each entry (a paragraph anchor left by the release)
        ("REF: A. THE HAGUE 97\n¶B. THE HAGUE 61\n¶C. THE HAGUE 58",
         ["05THEHAGUE97", "05THEHAGUE61", "05THEHAGUE58"]),
        # a repeated REF: in the first entry
        ("REF: A. REF: THE HAGUE 2282\n     B. THE HAGUE 2298",
         ["05THEHAGUE2282", "05THEHAGUE2298"]),
        # the block written twice, after a blank line
        ("REF: A. STATE 878\n\nREF: A. STATE 878\nB. STATE 877", ["05STATE878", "05STATE877"]),
        # REF: alone, the entries on the next line with text, Classified By run in
        ("REF:\n\n(A) THE HAGUE 1115 (B) THE HAGUE 1038 (C )  THE HAGUE 0800",
         ["05THEHAGUE1115", "05THEHAGUE1038", "05THEHAGUE800"]),
        # an entry cut by a blank line after its post or its year, its serial on the line after
        ("REF: A)PARIS 5364, B)PARIS\n\n3967, C)PARIS 3853",
         ["05PARIS5364", "05PARIS3967", "05PARIS3853"]),
        ("REF: (A) STATE 19851, (B) 04 The Hague 415, (C) 04\n\nThe Hague 431",
         ["05STATE19851", "04THEHAGUE415", "04THEHAGUE431"]),
        ("REF: (A) STATE 3785 (B) SECSTATE\n\n36633", ["05STATE3785", "05STATE36633"]),
        # labels in lower case after a blank line
        ("REF: a) THE HAGUE 222\n\nb) THE HAGUE 470\nc) THE HAGUE 444",
         ["05THEHAGUE222", "05THEHAGUE470", "05THEHAGUE444"]),
    ],
)  # fmt: skip
def test_ref_block_goes_on(refs, expected):
    c = parse_cable(HEAD + refs + BODY)
    assert [r.id for r in c.references] == expected
    assert c.classified_by is not None and c.classified_by.names == ("Chat Blakeman",)
    assert [(p.number, p.marking.text if p.marking else None) for p in c.paragraphs] == [(1, "C")]


def test_a_ref_block_cut_short_does_not_take_the_body():
    # a post without its serial, then the body: no number of the body's is the serial
    c = parse_cable(HEAD + "REF: A. STATE 1 B. ROME\n\nOn 12 May the minister spoke.\n")
    assert [(r.id, r.text) for r in c.references] == [("05STATE1", "STATE 1"), (None, "ROME")]
    assert [p.text for p in c.paragraphs] == ["On 12 May the minister spoke."]
    c = parse_cable(HEAD + "REF: A. STATE 1 B. ROME\n\n1. (C) Text.\n")
    assert [(r.id, r.text) for r in c.references] == [("05STATE1", "STATE 1"), (None, "ROME")]
    assert [p.number for p in c.paragraphs] == [1]


def test_an_entry_after_a_blank_line_with_classified_by_run_on_after_it():
    text = HEAD + "REF: A. STATE 69339\n\nB. ROME 1291  Classified By: Political Counselor"
    text += " Richard Mills, Jr. for reasons 1.4 (b) and (d).\n\n1. (C) Text.\n"
    c = parse_cable(text)
    assert [(r.label, r.id) for r in c.references] == [("A", "05STATE69339"), ("B", "05ROME1291")]
    assert c.classified_by is not None and c.classified_by.names == ("Richard Mills",)


def test_a_label_written_against_the_serial_before_it():
    block = "REF: A. STATE 021770B. STATE 039585C. STATE 052030"
    assert [(r.label, r.id) for r in parse_references(block, 2008, 1)] == [
        ("A", "08STATE21770"), ("B", "08STATE39585"), ("C", "08STATE52030"),
    ]
    # a letter out of turn is no label
    assert [(r.label, r.id) for r in parse_references("REF: A. STATE 1C. ROME 5", 2008, 1)] == [
        ("A", "08ROME5")
    ]


def test_labels_and_posts_that_look_like_other_things():
    # "(C )" is label C; the EO at the end of MONTEVIDEO is no E.O. line
    assert [
        (r.label, r.id)
        for r in parse_references(
            "REF: (A) SAN JOSE 01639 (B) SAN JOSE 01455 (C )SAN JOSE 01713", 2005, 1
        )
    ] == [("A", "05SANJOSE1639"), ("B", "05SANJOSE1455"), ("C", "05SANJOSE1713")]
    text = HEAD + "REF: A. 04 MONTEVIDEO 00554\n\nB. 04 STATE 135930\n" + BODY
    assert [r.id for r in parse_cable(text).references] == ["04MONTEVIDEO554", "04STATE135930"]


def test_ref_block_does_not_take_the_body():
    text = HEAD + "REF: A. STATE 1\n\nB. STATE 2\n\nClassified By: X Y for reasons 1.4 (b).\n\n"
    text += "(C) As part of a discussion (ref A), DCM made\nref B points to the MFA today.\n"
    c = parse_cable(text)
    assert [r.id for r in c.references] == ["05STATE1", "05STATE2"]
    assert all(r.kind == "cable" for r in c.references)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("REF A: STATE 120288", [("A", "09STATE120288")]),
        ("REF: REF A: BOGOTA2629; REF B: BOGOTA2050",
         [("A", "09BOGOTA2629"), ("B", "09BOGOTA2050")]),
        # the label written twice: "A. REF A:"
        ("REF: A. REF A: STATE 5 B. REF B: STATE 6", [("A", "09STATE5"), ("B", "09STATE6")]),
    ],
)  # fmt: skip
def test_labels_written_as_ref_letter_colon(block, expected):
    assert [(r.label, r.id) for r in parse_references(block, 2009, 1)] == expected


def test_one_label_over_cables_and_other_things():
    block = "REF: A) 05 VATICAN 475 ET AL.; WARSAW 799 ET AL.; MARTIN - CURTIN, VAN CLEVE TELCONS"
    assert [(r.label, r.id, r.kind) for r in parse_references(block, 2006, 1)] == [
        ("A", "05VATICAN475", "cable"),
        ("A", "06WARSAW799", "cable"),
        ("A", None, "telcon"),
    ]
    # an e-mail whose description holds a semicolon but no cable stays one entry
    block = "REF: A. STATE 1 B. GODFREY-LAWSON E-MAIL 11/21/2007; PER REF A"
    assert [(r.label, r.kind) for r in parse_references(block, 2007, 1)] == [
        ("A", "cable"),
        ("B", "email"),
    ]


def test_cables_beside_an_email_at_its_start_or_after_an_and():
    block = "REF: PANAMA 829; BOGOTA 3483 STEPHENSON-BROWNFIELD E-MAILS"
    assert [(r.id, r.kind) for r in parse_references(block, 2009, 1)] == [
        ("09PANAMA829", "cable"), (None, "email"), ("09BOGOTA3483", "cable"),
    ]
    block = "REFS:  Hodgson emails to Duguid/Pulaski/USNATO and USNATO 00184"
    assert [(r.id, r.kind) for r in parse_references(block, 2007, 1)] == [
        (None, "email"), ("07USNATO184", "cable"),
    ]
    # a post in the email's words is no cable
    assert ids("REF: EMB LONDON 10/23 E-MAIL (GAYLE) TO NEA/IR", 2008) == [None]


def test_ref_block_stops_at_an_unnumbered_marked_paragraph_after_a_blank_line():
    # the body's first paragraph has no number: its marking, then prose
    text = HEAD + "Ref: STATE 66814\n\n(U) Econ Off delivered reftel talking points to the\n"
    text += "Ministry, which sent a diplomatic note in reply.\n"
    c = parse_cable(text)
    assert [(r.id, r.kind, r.text) for r in c.references] == [
        ("05STATE66814", "cable", "STATE 66814")
    ]
    assert [(p.number, p.marking.text if p.marking else None) for p in c.paragraphs] == [
        (None, "U")
    ]
    assert c.paragraphs[0].text.startswith("Econ Off delivered")


def test_ref_block_goes_on_over_entries_labelled_like_a_marking():
    # "(C) Buenos Aires 1415" is entry C, not a paragraph marked (C)
    text = HEAD + "Ref: (A) Buenos Aires 1726\n\n(B) Buenos Aires 1456\n\n"
    text += "(C) Buenos Aires 1415\n\n(D) 04 STATE 12\n" + BODY
    c = parse_cable(text)
    assert [(r.label, r.id) for r in c.references] == [
        ("A", "05BUENOSAIRES1726"),
        ("B", "05BUENOSAIRES1456"),
        ("C", "05BUENOSAIRES1415"),
        ("D", "04STATE12"),
    ]


def _labelled(block: str, year: int = 2008) -> list[tuple[str | None, str | None, str]]:
    return [(r.label, r.id, r.text) for r in parse_references(block, year, 1)]


def test_a_pages_line_labels_over_the_cables_own_are_no_labels():
    # a page labelled each line A., B. ...; the cable's own labels (A), B) are the entries'
    block = "REF: A. (A) ROME 33, B) ROME 34, C) ROME      B. 161, D) ROME 165"
    assert [(r.label, r.id) for r in parse_references(block, 2008, 1)] == [
        ("A", "08ROME33"), ("B", "08ROME34"), ("C", "08ROME161"), ("D", "08ROME165"),
    ]
    # a line the page broke inside an entry: its year goes on the entry before
    block = "REF: A. (A) EMBASSY DAILY REPORT FOR MAY 17\nB. 2006\nC. (B) STATE 12"
    assert _labelled(block) == [
        ("A", None, "EMBASSY DAILY REPORT FOR MAY 17 2006"), ("B", "08STATE12", "STATE 12"),
    ]
    # a line that cites a cable with no label of the cable's keeps the page's
    block = "REF: A. A) STATE 118278\n     B. SAN JOSE 761 (NOTAL)"
    assert [(r.label, r.id) for r in parse_references(block, 2008, 1)] == [
        ("A", "08STATE118278"), ("B", "08SANJOSE761"),
    ]
    # written alike, both doubled ("A. A." and "B. B."), both are the page's and the cable's
    block = "REF: A. A. SECSTATE 89892 B. B. WALKLET-TIGHE/JOHNSON E-MAILS AUGUST 28"
    assert _labelled(block, 2009) == [
        ("A", "09STATE89892", "SECSTATE 89892"),
        ("B", None, "WALKLET-TIGHE/JOHNSON E-MAILS AUGUST 28"),
    ]
    # the head said again before "A." is no doubled label: the later labels are the cable's
    block = "REF: A. REF: A. STATE 55370 B. ROME 2361 C. ROME 2348 D. E-MAILS 12/17"
    assert [r.label for r in parse_references(block, 2009, 1)] == ["A", "B", "C", "D"]
    # labels that are not doubled are the entries' as before
    assert [r.label for r in parse_references("REF: A. STATE 1 B. 2006 ROME 5", 2008, 1)] == [
        "A", "B",
    ]


def test_a_serial_alone_is_the_post_of_the_entry_before():
    block = "REF: A)   CALCUTTA 00354   B)  00357   C)  CALCUTTA 00363"
    assert _labelled(block, 2006) == [
        ("A", "06CALCUTTA354", "CALCUTTA 00354"),
        ("B", "06CALCUTTA357", "00357"),  # the text as the cable writes it, to find it there
        ("C", "06CALCUTTA363", "CALCUTTA 00363"),
    ]
    assert ids("REF:  A) STATE 15111 AND B) 13716", 2008) == ["08STATE15111", "08STATE13716"]
    # after a year the serial's year cannot be told; with no post before, nor its post
    assert ids("REF: A. 05 STATE 1234 B. 5678", 2008) == ["05STATE1234", None]
    assert ids("REF: 22380", 2008) == [None]
    assert ids("REF: A. TEL AVIV E-MAIL B. 5678", 2008) == [None, None]


def test_the_head_said_twice_is_no_entry():
    assert _labelled("REF: REF (A) MADRID 3785 (B) MADRID 3566", 2005) == [
        ("A", "05MADRID3785", "MADRID 3785"), ("B", "05MADRID3566", "MADRID 3566"),
    ]
    assert ids("REF: REFTEL", 2005) == []


@pytest.mark.parametrize(
    ("subject_line", "subject", "expected"),
    [
        # a REF written in mixed case run on after the subject
        ("SUBJECT: Update on the Crash Case Ref: The Hague 600 and previous",
         "Update on the Crash Case", ["05THEHAGUE600"]),
        ("SUBJECT: ROOM TO TALK? SENSITIVE BUT UNCLASSIFIED--PLEASE PROTECT ACCORDINGLY"
         " Ref: 04 The Hague 0423",
         "ROOM TO TALK?", ["04THEHAGUE423"]),
        # REFTELS after a Classified By run on after the subject
        ("SUBJECT: BLACKOUT Classified By: Charge Chat Blakeman, Reasons 1.4 (b) and (d)."
         " REFTELS: A) 2004 THE HAGUE 672, B) STATE 593",
         "BLACKOUT", ["04THEHAGUE672", "05STATE593"]),
    ],
)  # fmt: skip
def test_a_ref_run_on_after_the_subject_is_read(subject_line, subject, expected):
    text = HEAD.replace("SUBJECT: DUTCH THINGS", subject_line) + "1. (C) Text.\n"
    c = parse_cable(text)
    assert c.subject == subject
    assert [r.id for r in c.references] == expected


def test_reftels_after_a_classified_by_lend_it_no_reason():
    line = (
        "SUBJECT: BLACKOUT Classified By: Charge Chat Blakeman, Reasons 1.4 (b) and (d)."
        " REFTELS: A) 2004 THE HAGUE 672"
    )
    c = parse_cable(HEAD.replace("SUBJECT: DUTCH THINGS", line) + "1. (C) Text.\n")
    assert c.classified_by is not None
    assert c.classified_by.reasons == ("1.4(b)", "1.4(d)")  # no 1.4(a) from "A)"


def test_reftels_is_the_head_whole():
    # not REF and an entry "TELS:"
    assert _labelled("REFTELS: A) STATE 260, B) STATE 31", 2008) == [
        ("A", "08STATE260", "STATE 260"), ("B", "08STATE31", "STATE 31"),
    ]
    assert ids("REFTEL: (A) 05 STATE 598", 2008) == ["05STATE598"]


# ---------------------------------------------------------------------------
# Markings and handling


def _marks(text: str) -> list[tuple[int | None, str | None]]:
    c = parse_cable(text)
    return [(p.number, p.marking.text if p.marking else None) for p in c.paragraphs]


def test_paragraphs_run_together_on_one_line_keep_their_markings():
    text = HEAD + "Classified By: A B for reasons 1.4 (b) and (d) 1. (C) Summary: one. End "
    text += "summary. 2. (S) Two. HEADING 3. (C) Three. PAGE 00000001 002 OF 002  4. (S//NF) "
    text += "Four, see para 3. (C) is not a start. 6. (U) Six (five skipped).\n"
    assert _marks(text) == [(1, "C"), (2, "S"), (3, "C"), (4, "S//NF"), (6, "U")]


def test_run_in_numbers_need_a_marking_and_the_sequence():
    text = HEAD + "1. (C) One. Items 2. and 3. follow; 7. (C) is out of sequence.\n"
    assert _marks(text) == [(1, "C")]


def test_summary_heading_run_into_paragraph_one():
    text = HEAD + "------- SUMMARY ------- 1. (SBU) One. 2. (C) Two.\n"
    assert _marks(text) == [(None, None), (1, "SBU"), (2, "C")]  # (the heading kept, unnumbered)


@pytest.mark.parametrize(
    ("line", "marking"),
    [
        ("1. SECRET - ENTIRE TEXT.", "S"),
        ("1.  CONFIDENTIAL - ENTIRE TEXT. ", "C"),
        ("1. LIMITED OFFICIAL USE -- ENTIRE TEXT", "LOU"),
        ("1. (C - ENTIRE TEXT).", "C"),
        ("2. SECRET TALKS WERE HELD", None),
    ],
)
def test_level_written_out_for_entire_text(line, marking):
    ps = match_paragraph_start(line)
    assert ps is not None
    assert (ps.marking.text if ps.marking else None) == marking
    if marking is not None:
        assert "ENTIRE TEXT" in line[ps.marking_start : ps.marking_end]
        assert ps.marking.controls == ("ENTIRE TEXT",)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("RELEASABLE TO PAKISTAN ", ["REL TO PAKISTAN"]),
        ("REL NATO/AUST/NZ/ISAF", ["REL TO NATO/AUST/NZ/ISAF"]),
        ("RELEASABLE TO USA, GBR AND AUS", ["REL TO USA, GBR AND AUS"]),
        ("RELATIONS WITH PAKISTAN", None),
        ("RELEASE OF THE HOSTAGES", None),
        ("Releasable to the press today", None),
    ],
)
def test_releasable_lines_are_handling(line, expected):
    assert handling_words(line) == expected


def test_releasable_line_kept_on_the_cable():
    text = "S E C R E T STATE 083026\n\nSENSITIVE\nSIPDIS\nRELEASABLE TO PAKISTAN\n\n"
    text += "E.O. 12958 DECL: 08/07/2019\nTAGS: EFIN PK\nSUBJECT: X\n\n1. (S//REL TO PAKISTAN) A.\n"
    c = parse_cable(text)
    assert c.handling == ("SENSITIVE", "SIPDIS", "REL TO PAKISTAN")
    assert c.tags == ("EFIN", "PK")


# ---------------------------------------------------------------------------
# Appended text

OLD = (
    "P 020834Z APR 73\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC PRIORITY 1692\n\n"
    "S E C R E T TEHRAN 2077\n\nE. O. 11652: GDS\nTAGS: PFOR IR\n"
    "SUBJECT: AUDIENCE WITH SHAH\n ...\n\n"
)
NEW_HEADER = (
    "PP RUEHWEB\n\nDE RUEHMN #0404/01 1971651\nZNY CCCCC ZZH\nP 151651Z JUL 08\n"
    "FM AMEMBASSY MONTEVIDEO\nTO RUEHC/SECSTATE WASHDC PRIORITY 8335\n"
)
NEW_ROW = "50133  2006-01-19  06MONTEVIDEO404  Embassy Montevideo  CONFIDENTIAL\n"
NEW_CABLE = (
    "C O N F I D E N T I A L MONTEVIDEO 000404\n\nSIPDIS\n\n"
    "E.O. 12958: DECL: 07/15/2018\nTAGS: PGOV UY\nSUBJECT: SOMETHING ELSE\n\n"
    "Classified By: Ambassador Frank E. Baxter for reasons 1.4 (B) and (D)\n\n"
    "1. (C) Summary: other text. End summary.\n\n2. (S) More.\n\nBAXTER\n"
)


@pytest.mark.parametrize("glue", [NEW_HEADER, NEW_ROW], ids=["routing-header", "dumped-row"])
def test_a_cable_glued_on_is_kept_out_of_the_first(glue):
    text = OLD + glue + NEW_CABLE
    c = parse_cable(text)
    assert c.appended_at == len(OLD)
    assert text[c.appended_at :].startswith(glue.split("\n")[0])
    assert c.id == "73TEHRAN2077" and c.classification == "SECRET"
    assert c.tags == ("PFOR", "IR")
    assert c.handling == () and c.classified_by is None and c.summary is None
    assert c.signers == () and c.paragraphs == ()
    problem = next(p for p in c.problems if p.code == "appended-text")
    assert problem.line == OLD.count("\n") + 1
    assert c.text == text  # the text stays whole: the view shows the glued cable apart


def test_a_dumped_copy_of_the_cable_itself_is_no_appended_text():
    preview = "C O N F I D E N T I A L MONTEVIDEO 000404\n\nSUBJECT: SOMETHING...\n\n"
    text = preview + NEW_ROW + NEW_CABLE
    assert find_appended(text) is None
    assert parse_cable(text).appended_at is None


def test_a_cable_alone_has_no_appended_text():
    text = NEW_HEADER + NEW_CABLE
    assert find_appended(text) is None
    c = parse_cable(text)
    assert c.appended_at is None and c.id == "08MONTEVIDEO404"
    assert not any(p.code == "appended-text" for p in c.problems)


def test_a_second_header_before_any_banner_is_the_cable_own():
    # a printout form: two routing lines, one banner; nothing appended
    text = "VZCZCXYZ0000\n" + NEW_HEADER + NEW_CABLE
    assert find_appended(text) is None


def test_unnumbered_paragraphs_keep_their_markings():
    # after a blank line, or on the line after a sentence's end; a lower-case "(c)" there
    # is a list item inside the paragraph
    text = HEAD + "(SBU) Poloff presented reftel demarches on\nOctober 25.\n\n"
    text += "(C/NF) Second, after a blank line.\n(S) Third, after a sentence's end:\n"
    text += "(c) an item inside it.\n"
    assert _marks(text) == [(None, "SBU"), (None, "C//NF"), (None, "S")]
    c = parse_cable(text)
    first = c.paragraphs[0]
    assert first.text == "Poloff presented reftel demarches on October 25."
    assert text[first.marking_start : first.marking_end] == "(SBU)"
    assert c.paragraphs[2].text == "Third, after a sentence's end: (c) an item inside it."


def test_unnumbered_body_with_a_heading_and_markings_before_the_numbers():
    # "(C) 1. The Embassy ...": the marking first, then the number
    text = HEAD + "Summary\n-------\n\n(C) 1. The Embassy obtained a copy.\n\n"
    text += "(C) 2. On October 11 the Ministry said so. \\\n \\\n(U) 3. Last.\n"
    assert _marks(text) == [(None, None), (1, "C"), (2, "C"), (3, "U")]
    c = parse_cable(text)
    assert [p.text for p in c.paragraphs] == [
        "Summary -------",
        "The Embassy obtained a copy.",
        "On October 11 the Ministry said so.",
        "Last.",
    ]


def test_an_unmarked_unnumbered_body_is_one_paragraph_as_before():
    text = HEAD + "The Embassy obtained a copy of the report on the incident today.\n\n"
    text += "The (C) here is no marking, nor is the (S) there.\n"
    assert _marks(text) == [(None, None)]


def test_a_list_letter_is_no_marking():
    # "(c)" between "(b)" and "(d)" is a letter of a list the paragraphs answer in turn
    text = HEAD + "39. (b) The Dutch work closely with us.\n\n40. (c) Yes, the Netherlands is a"
    text += " party to it.\n\n41. (d) The Netherlands set up such rules.\n"
    assert _marks(text) == [(39, None), (40, None), (41, None)]
    assert parse_cable(text).paragraphs[1].text == "(c) Yes, the Netherlands is a party to it."
    # paragraphs marked in lower case are marked
    text = HEAD + "1. (c) Summary: one.\n\n2. (c) Two.\n\n3. (s) Three.\n"
    assert _marks(text) == [(1, "C"), (2, "C"), (3, "S")]


def test_paragraph_one_with_its_marking_before_its_number():
    text = HEAD + "(C) 1. Summary and comment: Fabius called\nfor more Europe.\n\n"
    text += "2. (U) Former prime minister.\n\n3. (SBU) More.\n"
    assert _marks(text) == [(1, "C"), (2, "U"), (3, "SBU")]
    c = parse_cable(text)
    first = c.paragraphs[0]
    assert first.text == "Summary and comment: Fabius called for more Europe."
    assert text[first.marking_start : first.marking_end] == "(C)"


def test_a_classified_by_cut_short_or_naming_nothing_gives_way_to_a_later_one():
    # a partial extract's preview "Classified By: Ambassador Ronald Spogli f..." then the
    # whole line (05ROME3081); "C O R R E C T E D  C O P Y (ADDED CLASSIFIED BY LINE)"
    # before the line itself (09LONDON2347)
    line = "Classified By: Ambassador Ronald Spogli for reasons 1.4 (b) and (d)."
    for before in ("Classified By: Ambassador Ronald Spogli f...", "(ADDED CLASSIFIED BY LINE)"):
        c = parse_cable(HEAD + before + "\n\n" + line + "\n\n1. (C) Text.\n")
        assert c.classified_by is not None, before
        assert c.classified_by.text == line, before
        assert c.classified_by.reasons == ("1.4(b)", "1.4(d)"), before
        assert [(p.number, p.text) for p in c.paragraphs] == [(1, "Text.")], before
    # a Classified By that names someone stays the cable's
    other = "Classified By: Charge Chat Blakeman for reasons 1.4(b)."
    c = parse_cable(HEAD + other + "\n\n" + line + "\n\n1. (C) Text.\n")
    assert c.classified_by is not None and c.classified_by.text == other


def test_a_portion_marking_at_the_subjects_end_is_the_subjects():
    # "SUBJECT: ... FROM GERMAN FIRMS (S)" (09STATE122950), wrapped: "... ALCANTARA (C)"
    for subject, marking in (
        ("DUTCH FIRM SELLING UAV ENGINES TO IRANIAN DEALER (S)", "S"),
        ("RESPONDING TO QUESTIONS\\nON A JOINT VENTURE AT ALCANTARA (C)", "C"),
        ("Demarche on Use of FYROM for NATO Candidature (U)", "U"),
    ):
        text = HEAD.replace("SUBJECT: DUTCH THINGS", "SUBJECT: " + subject) + BODY
        c = parse_cable(text)
        assert c.subject_marking is not None and c.subject_marking.text == marking, subject
        assert c.subject == " ".join(subject.split())[: -len(marking) - 3], subject
    # words in parentheses that are no marking stay the subject's
    for subject in ("NICARAGUA: THE RETURN OF THE (FSLN)", "THE (ART) SHOW MUST GO ON",
                    "UN REFORM (CORRECTED COPY)"):
        c = parse_cable(HEAD.replace("DUTCH THINGS", subject) + BODY)
        assert (c.subject, c.subject_marking) == (subject, None)
