"""Real cables from ../shared/cables for references, markings, handling and appended text.

Each case names one file under ``../shared/cables`` and the field values read in it by eye
(the REF block, the paragraph openings, the handling lines, where a second cable is glued
on); nothing of the cables is copied here except short field values. One test per (cable,
field): ``pytest -k 09LAGOS74`` runs one cable, ``-k refs`` one field.

The last tests go over the whole corpus: no cable cites itself, and no REF entry is the
serial of a page-break header of the cable's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from real_cases import Case, field_params, pars

from reader.model.posts import id_spelling
from reader.model.records import Cable
from reader.parser.containers import read_cables

if TYPE_CHECKING:
    from conftest import ParsedFile  # the session's parsed files (tests/conftest.py)

pytestmark = pytest.mark.corpus


def _marking(m: Any) -> str | None:
    return m.text if m is not None else None


def _appended_line(c: Cable) -> int | None:
    if c.appended_at is None:
        return None
    return c.text.count("\n", 0, c.appended_at) + 1


FIELDS: dict[str, Callable[[Cable], Any]] = {
    "id": lambda c: c.id,
    "classification": lambda c: c.classification,
    "section": lambda c: (c.section.number, c.section.of) if c.section else None,
    "handling": lambda c: list(c.handling),
    "tags": lambda c: list(c.tags),
    # (label, canonical ID, kind); labels compared in upper case
    "refs": lambda c: [(r.label.upper() if r.label else None, r.id, r.kind) for r in c.references],
    # (number, normalised portion marking) of every paragraph, in order
    "paragraphs": lambda c: [(p.number, _marking(p.marking)) for p in c.paragraphs],
    "cb_names": lambda c: list(c.classified_by.names) if c.classified_by else None,
    "summary": lambda c: c.summary,
    "signers": lambda c: list(c.signers),
    # the 1-based line where a cable glued on after this one starts, and the problem's line
    "appended_line": _appended_line,
    "appended_problem": lambda c: [p.line for p in c.problems if p.code == "appended-text"],
}


#: 02ROME1196's REF entries and TAGS, the same in its text and body copies.
_ROME1196: dict[str, Any] = {
    "refs": [
        ("A", "02STATE40721", "cable"),
        ("B", "02ROME1098", "cable"),
        ("C", "02ROME894", "cable"),
        ("D", None, "email"),
        ("E", "02ROME348", "cable"),
    ],
    "tags": ["PHUM", "OPRC", "IT"],  # HUMAN RIGHTS: the page's subject keyword
}

CASES: list[Case] = [
    # --- references ----------------------------------------------------------------
    Case(
        "text/2006/06VATICAN83.txt",
        "A) 05 VATICAN 475 ET AL.; WARSAW 799 ET AL.; MARTIN - CURTIN, VAN CLEVE TELCONS:"
        " one label over two cables and telcons",
        {
            "id": "06VATICAN83",
            "refs": [
                ("A", "05VATICAN475", "cable"),
                ("A", "06WARSAW799", "cable"),
                ("A", None, "telcon"),
            ],
        },
    ),
    Case(
        "text/2009/09BOGOTA3393.txt",
        "REF: REF A: BOGOTA2629; REF B: BOGOTA2050 (labels after REF, before a colon)",
        {
            "id": "09BOGOTA3393",
            "refs": [("A", "09BOGOTA2629", "cable"), ("B", "09BOGOTA2050", "cable")],
        },
    ),
    Case(
        "text/2008/08REYKJAVIK135.txt",
        "Ref: STATE 66814, a blank line, then a body of one unnumbered paragraph marked (U)",
        {
            "id": "08REYKJAVIK135",
            "refs": [(None, "08STATE66814", "cable")],
            "paragraphs": [(None, "U")],
        },
    ),
    Case(
        "text/2007/07BAGHDAD3504.txt",
        "no numbered paragraph: a Summary heading, then (C) 1. ... (C) 11., marking first",
        {"id": "07BAGHDAD3504", "paragraphs": [(None, None), *pars(*["C"] * 11)]},
    ),
    Case(
        "text/2010/10BERLIN138.txt",
        "a letter: unnumbered paragraphs, each opening with its marking on the line after the"
        " last one's end, no blank line between",
        {"id": "10BERLIN138", "paragraphs": [(None, m) for m in ["SBU", *["C"] * 9]]},
    ),
    Case(
        "text/2009/09THEHAGUE567.txt",
        "a preview, then a cables.csv row hard-wrapped inside its origin and its list of IDs"
        " (09THEHAGUE54 / 3): the record's REF and Classified By, not the preview's",
        {
            "id": "09THEHAGUE567",
            "refs": [
                ("A", "09THEHAGUE543", "cable"),
                ("B", "09THEHAGUE514", "cable"),
                ("C", "09THEHAGUE419", "cable"),
                ("D", "09THEHAGUE92", "cable"),
            ],
            "cb_names": ["Andrew Mann"],
        },
    ),
    Case(
        "body-with-html/08JEDDAH84.txt",
        "a dumped cables.csv row whose banner follows the header field on its line"
        ' (PRIORITY","C O N F I D E N T I A L SECTION 01) and wraps before OF 02 JEDDAH 000084',
        {
            "id": "08JEDDAH84",
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            # JEDDAH 00401 is above the cable's own serial 84: the year before
            "refs": [
                ("A", "07JEDDAH401", "cable"),
                ("B", "08THEHAGUE133", "cable"),
                ("C", "08COPENHAGEN72", "cable"),
            ],
        },
    ),
    Case(
        "text/2009/09TRIPOLI910.txt",
        "REF run into the SUBJECT line, then the page-break header TRIPOLI 00000910 001.2 OF 002"
        " and CLASSIFIED BY on the same line",
        {
            "id": "09TRIPOLI910",
            "refs": [
                ("A", "09TRIPOLI901", "cable"),
                ("B", "09STATE117546", "cable"),
                ("C", "09TRIPOLI832", "cable"),
            ],
            "cb_names": ["Gene A. Cretz"],
        },
    ),
    Case(
        "text/2008/08TRIPOLI563.txt",
        "A) TRIPOLI 555 B) 2007 TRIPOLI 983, then the cable's own page-break header",
        {
            "id": "08TRIPOLI563",
            "refs": [("A", "08TRIPOLI555", "cable"), ("B", "07TRIPOLI983", "cable")],
        },
    ),
    Case(
        "text/2009/09SAOPAULO619.txt",
        "BRASILIA 1210; (08) SAO PAULO 497 (a year in brackets), then SAO PAULO 00000619 001.5",
        {
            "id": "09SAOPAULO619",
            "refs": [(None, "09BRASILIA1210", "cable"), (None, "08SAOPAULO497", "cable")],
        },
    ),
    Case(
        "text/2003/03KATHMANDU2366.txt",
        "REF: A. REF: KATHMANDU 2282 (a repeated REF:), B. on the next line",
        {
            "id": "03KATHMANDU2366",
            "refs": [("A", "03KATHMANDU2282", "cable"), ("B", "03KATHMANDU2298", "cable")],
            "cb_names": ["MICHAEL E. MALINOWSKI"],
        },
    ),
    Case(
        "text/2009/09LAGOS74.txt",
        "A. REF: LAGOS 066, then B. to I. year-first: 08 LAGOS 479 ...",
        {
            "id": "09LAGOS74",
            "refs": [
                ("A", "09LAGOS66", "cable"),
                ("B", "08LAGOS479", "cable"),
                ("C", "08LAGOS475", "cable"),
                ("D", "08LAGOS449", "cable"),
                ("E", "08LAGOS386", "cable"),
                ("F", "08LAGOS385", "cable"),
                ("G", "08LAGOS367", "cable"),
                ("H", "08LAGOS328", "cable"),
                ("I", "08LAGOS313", "cable"),
            ],
        },
    ),
    Case(
        "text/2005/05THEHAGUE2651.txt",
        "A. STATE ... (cut short), four blank lines, B. THE HAGUE 2599",
        {
            "id": "05THEHAGUE2651",
            "refs": [("A", None, "other"), ("B", "05THEHAGUE2599", "cable")],
            "cb_names": ["CHAT BLAKEMAN"],
        },
    ),
    Case(
        "text/2005/05NEWDELHI1075.txt",
        "the REF block written twice (A., blank line, REF: A. to D.)",
        {
            "id": "05NEWDELHI1075",
            "refs": [
                ("A", "05NEWDELHI878", "cable"),
                ("B", "05NEWDELHI877", "cable"),
                ("C", "05NEWDELHI876", "cable"),
                ("D", "05NEWDELHI874", "cable"),
            ],
        },
    ),
    Case(
        "text/2008/08BUENOSAIRES1215.txt",
        "REF: alone at the end of the SUBJECT line; (A) (B) (C) on the line after a blank one,"
        " Classified By run in",
        {
            "id": "08BUENOSAIRES1215",
            "refs": [
                ("A", "08BUENOSAIRES1115", "cable"),
                ("B", "08BUENOSAIRES1038", "cable"),
                ("C", "08BUENOSAIRES800", "cable"),
            ],
            "cb_names": ["E. Anthony Wayne"],
        },
    ),
    Case(
        "text/2005/05SANJOSE1740.txt",
        "labels (A) to (E), one written (C )",
        {
            "id": "05SANJOSE1740",
            "refs": [
                ("A", "05SANJOSE1639", "cable"),
                ("B", "05SANJOSE1455", "cable"),
                ("C", "05SANJOSE1713", "cable"),
                ("D", "05SANJOSE1720", "cable"),
                ("E", "05SANJOSE1722", "cable"),
            ],
        },
    ),
    Case(
        "text/2007/07MONTEVIDEO287.txt",
        "A. 04 MONTEVIDEO 00554 (its EO 00554 no E.O. line), a blank line, B. 04 STATE 135930",
        {
            "id": "07MONTEVIDEO287",
            "refs": [("A", "04MONTEVIDEO554", "cable"), ("B", "04STATE135930", "cable")],
        },
    ),
    Case(
        "text/2004/04BRASILIA2863.txt",
        "A. BRASILIA 2799 AND 2764: two references under one label",
        {
            "id": "04BRASILIA2863",
            "refs": [
                ("A", "04BRASILIA2799", "cable"),
                ("A", "04BRASILIA2764", "cable"),
                ("B", "04PORTAUPRINCE2325", "cable"),
            ],
        },
    ),
    Case(
        "text/2008/08TRIPOLI819.txt",
        "A. (A) TRIPOLI 332, B) ... H) TRIPOLI      B. 161: the page's line label B. inside H",
        {
            "id": "08TRIPOLI819",
            "refs": [
                (letter, f"08TRIPOLI{serial}", "cable")
                for letter, serial in zip(
                    "ABCDEFGHI", [332, 472, 592, 541, 158, 159, 160, 161, 165], strict=True
                )
            ],
        },
    ),
    Case(
        "text/2006/06PARIS1251.txt",
        "A. (A) PARIS 1113 / B. (B) ...DAILY REPORT FOR FEBRUARY 17 / C. 2006 / D. (C) PARIS 953",
        {
            "id": "06PARIS1251",
            "refs": [
                ("A", "06PARIS1113", "cable"),
                ("B", None, "report"),
                ("C", "06PARIS953", "cable"),
            ],
        },
    ),
    Case(
        "text/2008/08SANJOSE883.txt",
        "A. A) STATE 118278 / B. SAN JOSE 761 (NOTAL): the page's B. labels the second cable",
        {
            "id": "08SANJOSE883",
            "refs": [("A", "08STATE118278", "cable"), ("B", "08SANJOSE761", "cable")],
        },
    ),
    Case(
        "text/2006/06CALCUTTA389.txt",
        "A) CALCUTTA 00354 B) 00357 C) CALCUTTA 00363: a serial alone, of the post before",
        {
            "id": "06CALCUTTA389",
            "refs": [
                ("A", "06CALCUTTA354", "cable"),
                ("B", "06CALCUTTA357", "cable"),
                ("C", "06CALCUTTA363", "cable"),
            ],
        },
    ),
    Case(
        "text/2005/05MADRID4026.txt",
        "REF: REF (A) MADRID 3785 (B) MADRID 3566 (C) SECSTATE / 36633: the head said twice",
        {
            "id": "05MADRID4026",
            "refs": [
                ("A", "05MADRID3785", "cable"),
                ("B", "05MADRID3566", "cable"),
                ("C", "05STATE36633", "cable"),  # its serial after a blank line
            ],
        },
    ),
    Case(
        "text/2007/07BRASILIA1006.txt",
        "SUBJECT: Update on GOL-Legacy Crash Legal Case Ref: Brasilia 600 and previous 1. (SBU)",
        {"id": "07BRASILIA1006", "refs": [(None, "07BRASILIA600", "cable")]},
    ),
    Case(
        "text/2009/09STOCKHOLM736.txt",
        "SUBJECT: ... VODDLER  Ref: A) STOCKHOLM 733, B) STOCKHOLM 676  STOCKHOLM 00000736 ...",
        {
            "id": "09STOCKHOLM736",
            "refs": [("A", "09STOCKHOLM733", "cable"), ("B", "09STOCKHOLM676", "cable")],
        },
    ),
    Case(
        "text/2009/09BRASILIA1383.txt",
        "SUBJECT: ... Classified By: ... (d). REFTELS: A) 2008 BRASILIA 672, ... on one line",
        {
            "id": "09BRASILIA1383",
            "refs": [
                ("A", "08BRASILIA672", "cable"),
                ("B", "08BRASILIA593", "cable"),
                ("C", "08SAOPAULO260", "cable"),
            ],
            "cb_names": ["Cherie Jackson"],
        },
    ),
    Case(
        "text/2009/09TRIPOLI632.txt",
        "a letter quoted last, its date, then the signer: '... July 30, 2009 CRETZ'",
        {"id": "09TRIPOLI632", "signers": ["CRETZ"]},
    ),
    Case(
        "text/2009/09PANAMA881.txt",
        "REF: PANAMA 829; PANAMA 879; BOGOTA 3483 / STEPHENSON-BROWNFIELD E-MAILS",
        {
            "id": "09PANAMA881",
            "refs": [
                (None, "09PANAMA829", "cable"),
                (None, "09PANAMA879", "cable"),
                (None, None, "email"),
                (None, "09BOGOTA3483", "cable"),
            ],
        },
    ),
    Case(
        "text/2009/09LONDON2102.txt",
        "REF: A. A. SECSTATE 89892      B. B. WALKLET-TIGHE/JOHNSON E-MAILS AUGUST 28",
        {"id": "09LONDON2102", "refs": [("A", "09STATE89892", "cable"), ("B", None, "email")]},
    ),
    Case(
        "text/2007/07PARIS4723.txt",
        "A)PARIS 5364, ... E)PARIS, a blank line, 3967, F)PARIS 3853, ... I)PARIS 3429",
        {
            "id": "07PARIS4723",
            "refs": [
                ("A", "06PARIS5364", "cable"),  # a serial past its own: the year before
                *[
                    (letter, f"07PARIS{serial}", "cable")
                    for letter, serial in zip(
                        "BCDEFGHI", [4255, 4170, 3970, 3967, 3853, 3429, 3399, 3429], strict=True
                    )
                ],
            ],
        },
    ),
    Case(
        "text/2009/09DOHA214.txt",
        "A. SECSTATE 15113 B. DOHA 152 (08) C. DOHA 75 (08) D. DOHA 311 (07): years after",
        {
            "id": "09DOHA214",
            "refs": [
                ("A", "09STATE15113", "cable"),
                ("B", "08DOHA152", "cable"),
                ("C", "08DOHA75", "cable"),
                ("D", "07DOHA311", "cable"),
            ],
        },
    ),
    Case(
        "text/2007/07LIMA1862.txt",
        "A. LIMA 4516 (06) B. LIMA 248 (06) C. LIMA 37 (05) D. LIMA 4968 (03), in the record",
        {
            "id": "07LIMA1862",
            "refs": [
                ("A", "06LIMA4516", "cable"),
                ("B", "06LIMA248", "cable"),
                ("C", "05LIMA37", "cable"),
                ("D", "03LIMA4968", "cable"),
            ],
        },
    ),
    Case(
        "text/2008/08STATE98975.txt",
        "3. (S/REL BULGARIA, CZECH REPUBLIC, ... SPAIN): a marking of 80 characters",
        {
            "id": "08STATE98975",
            "paragraphs": [
                (1, "U"),
                (2, "S"),
                *[
                    (
                        n,
                        "S//REL TO BULGARIA, CZECH REPUBLIC, ITALY, POLAND, ROMANIA, SLOVAKIA,"
                        " SLOVENIA, SPAIN",
                    )
                    for n in (3, 4)
                ],
                *[(n, "U") for n in (5, 6, 7)],
            ],
        },
    ),
    Case(
        "text/2009/09CAIRO321.txt",
        "REF: A. STATE 14201B. GENEVA 133 Classified By: ...: label B against A's serial",
        {
            "id": "09CAIRO321",
            "refs": [("A", "09STATE14201", "cable"), ("B", "09GENEVA133", "cable")],
        },
    ),
    Case(
        "text/2008/08PARAMARIBO242.txt",
        "REF: a) PARAMARIBO 222, a blank line, b) PARAMARIBO 470 / c) PARAMARIBO 444",
        {
            "id": "08PARAMARIBO242",
            "refs": [
                ("A", "08PARAMARIBO222", "cable"),
                ("B", "07PARAMARIBO470", "cable"),  # serials past its own 242: 2007's
                ("C", "07PARAMARIBO444", "cable"),
            ],
        },
    ),
    Case(
        "text/2008/08LONDON1876.txt",
        "... REF: A. STATE 69339, a blank line, B. PARIS 1291  Classified By: ... (d).",
        {
            "id": "08LONDON1876",
            "refs": [("A", "08STATE69339", "cable"), ("B", "08PARIS1291", "cable")],
            "cb_names": ["Richard Mills"],
        },
    ),
    Case(
        "text/2009/09MALABO48.txt",
        "MALABO 19, 21, 26, 27, 31: five serials of one post",
        {
            "id": "09MALABO48",
            "refs": [
                (None, "09MALABO19", "cable"),
                (None, "09MALABO21", "cable"),
                (None, "09MALABO26", "cable"),
                (None, "09MALABO27", "cable"),
                (None, "09MALABO31", "cable"),
            ],
        },
    ),
    Case(
        "text/2009/09RIODEJANEIRO353.txt",
        "a) RIO 346, b) RIO 329, then the page-break header RIO DE JAN 00000353 001.2 OF 002",
        {
            "id": "09RIODEJANEIRO353",
            "refs": [("A", "09RIODEJANEIRO346", "cable"), ("B", "09RIODEJANEIRO329", "cable")],
        },
    ),
    Case(
        "text/2009/09THEHAGUE264.txt",
        "year-first entries with HAGUE for THE HAGUE (08 HAGUE 468, 07 HAGUE 063)",
        {
            "id": "09THEHAGUE264",
            "refs": [
                ("A", "08THEHAGUE468", "cable"),
                ("B", "07THEHAGUE714", "cable"),
                ("C", "07THEHAGUE247", "cable"),
                ("D", "07THEHAGUE63", "cable"),
            ],
        },
    ),
    Case(
        "body-with-html/08THEHAGUE102.txt",
        "entries B. and C. each after a paragraph anchor (a pilcrow)",
        {
            "refs": [
                ("A", "08THEHAGUE97", "cable"),
                ("B", "08THEHAGUE61", "cable"),
                ("C", "08THEHAGUE58", "cable"),
            ],
        },
    ),
    # --- markings and handling ------------------------------------------------------------
    Case(
        "text/2006/06PARIS3152.txt",
        "(C) 1. Summary and comment (the marking before the number), then 2. (U) ... 11. (C)",
        {"id": "06PARIS3152", "paragraphs": pars("C", "U", *["SBU"] * 8, "C")},
    ),
    Case(
        "text/2004/04THEHAGUE4.txt",
        "UNCLAS, no paragraph marked; paragraphs 37 to 44 answer questions (a) to (g): the"
        " (c) of 40. (c) Yes, ... is a letter, not CONFIDENTIAL",
        {"id": "04THEHAGUE4", "paragraphs": pars(*[None] * 47)},
    ),
    Case(
        "text/2008/08BAKU761.txt",
        "paragraph 1 run into the Classified By line (... Reasons 1.4 (b) (d) 1. (C) Summary)",
        {
            "id": "08BAKU761",
            "paragraphs": pars("C", "SBU", "SBU", "C", "C", "C", "C"),
            "cb_names": ["Rob Garverick"],
        },
    ),
    Case(
        "text/2008/08TRIPOLI430.txt",
        "the whole body on one line: 1. (C) to 15. (C), headings and page-break headers between",
        {
            "id": "08TRIPOLI430",
            "paragraphs": pars(*["C"] * 15),
            "handling": ["NOFORN", "SIPDIS"],
            "refs": [(None, "08TRIPOLI120", "cable")],
        },
    ),
    Case(
        "text/2007/07MOSCOW5399.txt",
        "------- SUMMARY ------- 1. (SBU) ...: each marked paragraph after a heading on its line",
        {
            "id": "07MOSCOW5399",
            "paragraphs": [(None, None), *pars(*["SBU"] * 7, "C")],
        },
    ),
    Case(
        "text/2008/08BRUSSELS1257.txt",
        "Classified By ... (d) 1. (C) Summary: the body run into the Classified By line",
        {
            "id": "08BRUSSELS1257",
            "paragraphs": pars(*["C"] * 7),
        },
    ),
    Case(
        "text/1990/90BAGHDAD4237.txt",
        "1. SECRET - ENTIRE TEXT. (the level written out, no parentheses)",
        {
            "id": "90BAGHDAD4237",
            "classification": "SECRET",
            "paragraphs": pars("S", *[None] * 31),
        },
    ),
    Case(
        "text/2009/09STATE83026.txt",
        "RELEASABLE TO PAKISTAN on a line of its own after SENSITIVE and SIPDIS",
        {
            "id": "09STATE83026",
            "handling": ["SENSITIVE", "SIPDIS", "REL TO PAKISTAN"],
            "tags": ["EFIN", "KTFN", "PREL", "PTER", "UNSC"],
            "refs": [(None, "09STATE65044", "cable")],
            "paragraphs": pars(
                "U", "SBU", "S", "SBU", "SBU", "S//REL TO PAKISTAN", "S//REL TO PAKISTAN", "U", "U"
            ),
        },
    ),
    # --- appended text ------------------------------------------------------------------
    Case(
        "text/1973/73TEHRAN2077.txt",
        "a 1973 cable cut short (...), then a dumped record and the whole of 06THEHAGUE131",
        {
            "id": "73TEHRAN2077",
            "classification": "SECRET",
            "tags": ["PFOR", "IR", "PK", "XF"],
            "handling": [],
            "cb_names": None,
            "summary": None,
            "signers": [],
            "paragraphs": [],
            "appended_line": 18,
            "appended_problem": [18],
        },
    ),
    Case(
        "text/1990/90KHARTOUM10657.txt",
        "a 1990 cable cut short (USE OF ...), then the routing header and whole of 08MONTEVIDEO404",
        {
            "id": "90KHARTOUM10657",
            "classification": "CONFIDENTIAL",
            "section": (1, 3),
            "tags": ["PGOV", "PINR", "PINS", "MARR", "EAID", "PHUM", "PREL", "EG", "IZ", "SU"],
            "handling": [],
            "cb_names": None,
            "summary": None,
            "signers": [],
            "paragraphs": [],
            "appended_line": 22,
            "appended_problem": [22],
        },
    ),
    Case(
        "text/2002/02ROME1196.txt",
        "REF A on the line before a page's CONFIDENTIAL and its PAGE 02 header, entries B to E"
        " run on after the header; TAGS PHUM, OPRC, ..., IT, ITPHUM, ITPHUM, HUMAN RIGHTS",
        {
            "id": "02ROME1196",
            **_ROME1196,
        },
    ),
    Case(
        "body-with-html/02ROME1196.txt",
        "the same cable as a body: the same REF entries and TAGS",
        _ROME1196,
    ),
    Case(
        "body-with-html/09TRIPOLI268.txt",
        "the body on one line: REF: 08 STATE 74840, a page-break header, then 1.The following"
        " ... a. COUNTRY CONDITIONS ... (the body's list letters are no REF entries)",
        {
            "id": "09TRIPOLI268",
            "refs": [(None, "08STATE74840", "cable")],
            "paragraphs": [(1, None)],  # "1.The following ...": its blank lost, still 1
            "signers": ["CRETZ"],
        },
    ),
    Case(
        "text/2009/09CAIRO1096.txt",
        "REF: STATE 57598 (SBU) On June 10, Poloff urged ...: an unmarked-number paragraph"
        " run on into the REF line",
        {
            "id": "09CAIRO1096",
            "refs": [(None, "09STATE57598", "cable")],
            "paragraphs": [(None, "SBU")],
            "signers": ["SCOBEY"],
        },
    ),
    Case(
        "text/2006/06BRASILIA2094.txt",
        "REF: SECSTATE 165115 1. Post grants country clearance ...: paragraph 1 run on into the"
        " REF line",
        {
            "id": "06BRASILIA2094",
            "refs": [(None, "06STATE165115", "cable")],
            "paragraphs": pars(None, None, None, "U", "U", None, None),
        },
    ),
    Case(
        "text/2007/07ASMARA850.txt",
        "REF: A. A) 00821 ASMARA B. B) 00838 ASMARA: serials written before the post",
        {"refs": [("A", "07ASMARA821", "cable"), ("B", "07ASMARA838", "cable")]},
    ),
    Case(
        "text/2006/06BUENOSAIRES1439.txt",
        "REF: A. BA 1485 B. BA 1062: the post's own short name (1485 is above the cable's own"
        " 1439: the year before)",
        {"refs": [("A", "05BUENOSAIRES1485", "cable"), ("B", "06BUENOSAIRES1062", "cable")]},
    ),
    Case(
        "text/2008/08TEGUCIGALPA86.txt",
        "REF: A. REF A: 07 TGG 1798 ...: Tegucigalpa as TGG",
        {
            "refs": [
                ("A", "07TEGUCIGALPA1798", "cable"),
                ("B", "07TEGUCIGALPA1818", "cable"),
                ("C", "08TEGUCIGALPA57", "cable"),
                ("D", "08TEGUCIGALPA84", "cable"),
            ]
        },
    ),
    Case(
        "text/2009/09PANAMA343.txt",
        "REF: A. A: PANAMA 00933/08: the serial, then its year after a slash",
        {"refs": [("A", "08PANAMA933", "cable"), ("B", "09PANAMA332", "cable")]},
    ),
    Case(
        "text/2009/09RPODUBAI379.txt",
        "REF: DUBAI RPO 378: the post's name in the other order",
        {"refs": [(None, "09RPODUBAI378", "cable")]},
    ),
    Case(
        "text/2009/09CAIRO1054.txt",
        "TAGS: KFRDCVISCMGTCASCKOCIASECPHUMSMIGEG: the codes written without their blanks",
        {"tags": ["KFRD", "CVIS", "CMGT", "CASC", "KOCI", "ASEC", "PHUM", "SMIG", "EG"]},
    ),
    Case(
        "text/2005/05TELAVIV1580.txt",
        "TAGS ..., IS, COUNTERTERRORISM, GOI EXTERNAL: the page's subject keyword after a"
        " word, no person's name and no tag",
        {"tags": ["PGOV", "PREL", "KWBG", "IR", "IS", "COUNTERTERRORISM"]},
    ),
    Case(
        "text/2009/09BERN279.txt",
        "a whole cable signed CARTER, then a dumped row and the whole of 09COTONOU278",
        {
            "id": "09BERN279",
            "classification": "SECRET",
            "handling": ["SIPDIS"],
            "refs": [("A", "09STATE68231", "cable"), ("B", "09BERN278", "cable")],
            "paragraphs": [(1, "S")],
            "signers": ["CARTER"],
            "appended_line": 46,
        },
    ),
]


# ---------------------------------------------------------------------------
# The machinery


@cache
def _load(root: str, path: str) -> Cable:
    return next(iter(read_cables(Path(root) / path)))


def test_cases_are_well_formed() -> None:
    assert len(CASES) >= 12
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert case.expect, case.name
        unknown = set(case.expect) - set(FIELDS)
        assert not unknown, f"{case.name}: unknown keys {unknown}"


@pytest.mark.parametrize(("case", "key", "expected"), field_params(CASES))
def test_field(shared_cables: Path, case: Case, key: str, expected: Any) -> None:
    c = _load(str(shared_cables), case.path)
    got = FIELDS[key](c)
    assert got == expected, f"{case.path}: {key}"


# ---------------------------------------------------------------------------
# The whole corpus

#: page-break headers, older ("PAGE 02 ROME 01196 01 OF 02") and newer ("TRIPOLI 00000910
#: 001.2 OF 002", often run into the text): the post and the serial
_POST = r"([A-Z][A-Z'\-]*(?: [A-Z][A-Z'\-]*){0,3})"
_PAGE_BREAK_RES = (
    re.compile(r"\bPAGE\s+\d{1,3}\s+" + _POST + r"\s+(\d{3,8})\s+\d{2,3}\s+OF\s+\d{2,3}"),
    re.compile(r"\b" + _POST + r"\s+(\d{5,8})\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}"),
    re.compile(r"\bSECTION\s+\d{1,3}\s+OF\s+\d{1,3}\s+" + _POST + r"\s+(\d{3,8})\b"),
)


@pytest.fixture(scope="module")
def parsed(shared_cables: Path, parsed_files: list[ParsedFile]) -> list[tuple[Path, Cable]]:
    out = []
    folders = {shared_cables / f for f in ("text", "body-with-html", "html")}
    for f in parsed_files:
        if f.path.suffix.lower() in (".txt", ".html") and folders & set(f.path.parents):
            assert f.cables is not None, (f.path, f.error)
            out += [(f.path, c) for c in f.cables]
    assert len(out) > 11000
    return out


def test_no_cable_cites_itself(parsed: list[tuple[Path, Cable]]) -> None:
    citing = [
        f"{p.name}: {c.id}" for p, c in parsed if c.id and c.id in {r.id for r in c.references}
    ]
    assert citing == []


def test_no_reference_is_a_page_break_header(parsed: list[tuple[Path, Cable]]) -> None:
    bad = []
    for path, c in parsed:
        if not c.references:
            continue
        cable_ids = {r.id for r in c.references if r.id}
        for rx in _PAGE_BREAK_RES:
            for m in rx.finditer(c.text):
                header = f"{id_spelling(m.group(1))}{int(m.group(2))}"
                hits = [i for i in cable_ids if i[2:] == header]
                if hits:
                    bad.append(f"{path.name}: {hits} from {m.group(0)!r}")
    assert bad == []
