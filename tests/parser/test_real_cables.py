"""Real cables from ../shared/cables, field values checked by hand against each text.

Every case names one file under ``../shared/cables`` (text/, html/, body-with-html/, csv/)
and the field values a careful analyst reads in it. The values were written down by reading
the file, not by running the parser; where the parser disagrees the test fails and says which
field of which cable. Nothing of the cables is copied here except short field values.

One test per (cable, field): ``pytest -k 09STATE63860`` runs one cable, ``-k refs`` one field.
The last tests re-encode real cables (cp1252 + CRLF, CR only, UTF-16 with BOM, Latin-1) into
``tmp_path``, since every file of the corpus is UTF-8 with LF line ends.

Not in the corpus, so not covered here: a LIMITED OFFICIAL USE banner, E.O. 13526, DECL codes
X1..X8, REF entries naming a memo; UNCLASSIFIED//FOR OFFICIAL USE ONLY appears only in
dumped cables.csv rows and page metadata, never as a banner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from real_cases import Case, field_params, pars

from reader.model.records import Cable
from reader.parser.containers import read_cables

pytestmark = pytest.mark.corpus

# ---------------------------------------------------------------------------
# Field extractors: what each expected key compares against


def _squash(text: str) -> str:
    return " ".join(text.split())


def _address(a: Any) -> tuple[str | None, str, str | None, str | None]:
    return (a.ri, a.name, a.precedence, a.serial)


def _marking(m: Any) -> str | None:
    return m.text if m is not None else None


def _dtg(c: Cable) -> str | None:
    if c.dtg is None:
        return None
    assert c.dtg.tzinfo is not None, "the DTG must be timezone-aware (UTC)"
    return c.dtg.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _meta(c: Cable) -> dict[str, Any] | None:
    m = c.meta
    if m is None:
        return None
    return {
        "reference_id": m.reference_id,
        "created": m.created.strftime("%Y-%m-%d %H:%M") if m.created else None,
        "released": m.released.strftime("%Y-%m-%d %H:%M") if m.released else None,
        "classification": m.classification,
        "origin": m.origin,
        "referenced_ids": list(m.referenced_ids),
    }


FIELDS: dict[str, Callable[[Cable], Any]] = {
    "id": lambda c: c.id,
    "format": lambda c: c.source.format,
    "row": lambda c: c.source.row,
    "transmission_id": lambda c: c.transmission_id,
    "station": lambda c: c.station,
    "station_serial": lambda c: c.station_serial,
    "security_code": lambda c: c.security_code,
    "precedence": lambda c: c.precedence,
    "info_precedence": lambda c: c.info_precedence,
    "dtg": _dtg,
    "from": lambda c: c.from_.name if c.from_ else None,
    "to": lambda c: [_address(a) for a in c.to],
    "info": lambda c: [_address(a) for a in c.info],
    # names only, for long INFO lists where the RIs add nothing
    "info_names": lambda c: [a.name for a in c.info],
    "classification": lambda c: c.classification,
    "banner_level": lambda c: c.banner.level if c.banner else None,
    "section": lambda c: (c.section.number, c.section.of) if c.section else None,
    "handling": lambda c: list(c.handling),
    "eo": lambda c: c.declassify.eo if c.declassify else None,
    "decl_date": lambda c: (
        c.declassify.date.isoformat() if c.declassify and c.declassify.date else None
    ),
    "decl_code": lambda c: c.declassify.code if c.declassify else None,
    "tags": lambda c: list(c.tags),
    # whitespace squashed: a wrapped subject is one line of words
    "subject": lambda c: _squash(c.subject) if c.subject is not None else None,
    # for cables whose text was lower-cased by the publisher: compare case-insensitively
    "subject_casefold": lambda c: _squash(c.subject).casefold() if c.subject else None,
    "subject_marking": lambda c: _marking(c.subject_marking),
    # (label, canonical ID, kind); labels compared in upper case ("a." and "A." are both A)
    "refs": lambda c: [(r.label.upper() if r.label else None, r.id, r.kind) for r in c.references],
    "cb_names": lambda c: list(c.classified_by.names) if c.classified_by else None,
    "cb_reasons": lambda c: list(c.classified_by.reasons) if c.classified_by else None,
    # (number, normalised portion marking) of every paragraph, in order
    "paragraphs": lambda c: [(p.number, _marking(p.marking)) for p in c.paragraphs],
    # only the numbered ones, where unnumbered blocks of the body are a matter of taste
    "numbered": lambda c: [
        (p.number, _marking(p.marking)) for p in c.paragraphs if p.number is not None
    ],
    "signers": lambda c: list(c.signers),
    "meta": _meta,
}

#: keys checked by a predicate rather than equality
PREDICATES = {"summary_starts", "par_contains", "cb_names_contain", "classified_by"}


def _check_summary_starts(c: Cable, expected: str | None) -> None:
    if expected is None:
        assert not c.summary, f"no summary is marked in this cable, got {c.summary!r}"
        return
    got = _squash(c.summary or "")
    assert got.startswith(expected), f"summary should start {expected!r}, got {got[:120]!r}"


def _check_par_contains(c: Cable, expected: dict[int, str]) -> None:
    by_number = {p.number: _squash(p.text) for p in c.paragraphs}
    for number, snippet in expected.items():
        assert number in by_number, f"no paragraph {number}"
        assert snippet in by_number[number], (
            f"paragraph {number} should contain {snippet!r}, got {by_number[number][:200]!r}..."
        )


def _check_cb_names_contain(c: Cable, expected: list[str]) -> None:
    names = list(c.classified_by.names) if c.classified_by else []
    assert len(names) == len(expected), f"names {names!r}, expected one for each of {expected!r}"
    for name, part in zip(names, expected, strict=True):
        assert part in name, f"{name!r} should contain {part!r}"


# ---------------------------------------------------------------------------
# The cases


#: 08NAIROBI2290: what its text and its body with HTML both hold.
_NAIROBI2290: dict[str, Any] = {
    "id": "08NAIROBI2290",
    "classification": "SECRET",
    "section": (1, 2),
    "handling": ["NOFORN", "SIPDIS"],
    "decl_date": "2018-10-02",
    "tags": ["MASS", "PTER", "PHSA", "KE", "UP", "SO", "SU"],
    "subject": "WHITHER M/V FAINA'S TANKS?",
    # IIRs: intelligence information reports, no cable ID
    "refs": [("A", None, "report"), ("B", None, "report"), ("C", None, "report")],
    "cb_names": ["Rachael Doherty"],
    "cb_reasons": ["1.4(b)", "1.4(d)"],
    "summary_starts": "A shipment of 33 Ukrainian T-72 tanks",
    "paragraphs": [(None, None)]  # the SUMMARY heading, unnumbered
    + pars("S//NF", "C", "S//NF", "C", "S//NF", "S//NF", "S//NF", "C", "C"),
    "signers": ["RANNEBERGER"],
}

#: 00HARARE5461: what its text and its body with HTML both hold.
_HARARE5461: dict[str, Any] = {
    "id": "00HARARE5461",
    "classification": "CONFIDENTIAL",
    "section": (1, 2),
    "handling": ["SIPDIS"],
    "eo": "12958",
    "decl_date": "2010-09-21",
    "tags": ["PGOV", "PINS", "ZI", "MDC", "ZANU-PF"],
    "subject": "ZANU-PF REPORTEDLY INTERESTED IN DEAL WITH MDC THAT INVOLVES"
    " MUGABE\u2019S DEPARTURE",
    "refs": [(None, "00HARARE5346", "cable")],
    "cb_names": ["EARL IRVING"],
    "cb_reasons": ["1.5(b)", "1.5(d)"],
    "summary_starts": "ACCORDING TO A SENIOR MDC ADVISOR, THE OPPOSITION PARTY",
    "paragraphs": [(None, None)] + pars(*["C"] * 10),
    "signers": ["MCDONALD"],
}

#: 66BUENOSAIRES2481: what its text and its cables.csv row both hold.
_BUENOSAIRES2481: dict[str, Any] = {
    "id": "66BUENOSAIRES2481",
    "precedence": "PRIORITY",
    "info_precedence": "ROUTINE",
    "dtg": "1966-12-28T18:48Z",
    "from": "AMEMBASSY BUENOS AIRES",
    "to": [(None, "SECSTATE WASHDC", "PRIORITY", None)],
    "classification": "UNCLASSIFIED",
    "eo": "12958",
    "decl_date": "2009-09-02",
    "decl_code": "NARA",
    "tags": ["EFIS", "PBTS", "AR"],
    "subject": "EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS",
    # STATE CA-3400: a circular airgram, not a telegram
    "refs": [(None, "66STATE106206", "cable"), (None, None, "airgram")],
    "paragraphs": pars(*[None] * 8),
    "signers": ["SACCIO"],
}

CASES: list[Case] = [
    # --- one cable a file (text/) -----------------------------------------------------
    Case(
        "text/2010/10ABUDHABI69.txt",
        "letter-spaced SECRET banner, NOFORN line, mixed (SBU)/(S/NF)/(C)/(S), collective without"
        " RI, DECL yyyy/mm/dd, CLASSIFIED BY with REASON list, dashed headings and -- bullets",
        {
            "id": "10ABUDHABI69",
            "transmission_id": "VZCZCXYZ0000",
            "station": "RUEHAD",
            "station_serial": "0069",
            "security_code": "SSSSS",
            "precedence": "IMMEDIATE",
            "dtg": "2010-02-09T11:35Z",
            "from": "AMEMBASSY ABU DHABI",
            "to": [("RHMFISS", "CJCS WASHINGTON DC", "IMMEDIATE", None)],
            "info": [
                (None, "GULF COOPERATION COUNCIL COLLECTIVE", "IMMEDIATE", None),
                ("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "0266"),
                ("RUEKJCS", "SECDEF WASHINGTON DC", "IMMEDIATE", None),
            ],
            "classification": "SECRET",
            "section": None,
            "handling": ["NOFORN", "SIPDIS"],
            "eo": "12958",
            "decl_date": "2020-02-09",
            "tags": ["PREL", "MARR", "MOPS", "AE"],
            "subject": "UAE - SCENESETTER FOR VISIT OF CJCS",
            "subject_marking": None,
            "refs": [],
            "cb_names": ["Richard Olson"],
            "cb_reasons": ["1.4(a)", "1.4(b)", "1.4(c)", "1.4(d)"],
            "summary_starts": None,
            "paragraphs": pars("SBU", "S//NF", "S", "S//NF", "S", "C", "S//NF", "S//NF", "S"),
            "par_contains": {
                1: "Admiral Mullen: we warmly welcome your visit",
                2: "-- Al-Dhafra Air Force Base is the high altitude ISR hub",
            },
            "signers": ["OLSON"],
        },
    ),
    Case(
        "text/2009/09STATE63860.txt",
        "(S//REL TO USA, FVEY), (S//NF), (C//NF); printed-telegram header without VZCZC, TO"
        " collective, XMT line, DECL: MR, Classified By derived (no person), signer on a text line",
        {
            "id": "09STATE63860",
            "precedence": "PRIORITY",
            "dtg": "2009-06-19T17:17Z",
            "from": "SECSTATE WASHDC",
            "to": [
                (None, "SECURITY OFFICER COLLECTIVE", "PRIORITY", None),
                (None, "AMEMBASSY TRIPOLI", "PRIORITY", None),
            ],
            # XMT AMCONSUL JOHANNESBURG: excluded from the distribution, not an addressee
            "info": [(None, "AMCONSUL CASABLANCA", "PRIORITY", None)],
            "classification": "SECRET",
            "handling": ["NOFORN"],
            "eo": "12958",
            "tags": ["ASEC"],
            "subject": "DIPLOMATIC SECURITY DAILY",
            "refs": [],
            "cb_names": [],  # "Derived from Multiple Sources" names nobody
            "cb_reasons": [],
            "paragraphs": pars(
                "U",
                "U",
                "U",
                "U",
                "U",
                "U",
                "S",
                "C",
                "SBU",
                "SBU",
                "U",
                "S//NF",
                "S//NF",
                "S//NF",
                "S//NF",
                "S//NF",
                "S//NF",
                "S//REL TO USA, FVEY",
                "S//NF",
                "U",
                "SBU",
                "C//NF",
                "U",
                "SBU",
                "S//NF",
                "SBU",
                "C//NF",
                "U",
                "SBU",
                "SBU",
                None,
            ),  # fmt: skip
            "signers": ["CLINTON"],
        },
    ),
    Case(
        "text/2008/08NAIROBI2290.txt",
        "(S-NF) markings, SECTION 01 OF 02 (both sections in the file), REF list A. B. C. of"
        " intelligence reports (not cables), dashed Summary heading, reasons 1.4 (b,d)",
        {
            **_NAIROBI2290,
            "transmission_id": "VZCZCXRO7210",
            "station": "RUEHNR",
            "station_serial": "2290",
            "precedence": "PRIORITY",
            "dtg": "2008-10-02T15:46Z",
            "from": "AMEMBASSY NAIROBI",
            "to": [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7201")],
            "info": [
                ("RUCNSOM", "SOMALIA COLLECTIVE", "PRIORITY", None),
                ("RUEHKV", "AMEMBASSY KYIV", "PRIORITY", "0005"),
                ("RUEHMO", "AMEMBASSY MOSCOW", "PRIORITY", "0306"),
                ("RUEHFR", "AMEMBASSY PARIS", "PRIORITY", "2820"),
                ("RHMFISS", "CDR USCENTCOM MACDILL AFB FL", "PRIORITY", None),
                ("RHMFISS", "CJTF HOA", "PRIORITY", None),
                ("RHMFISS", "CDR USAFRICOM STUTTGART GE", "PRIORITY", None),
                ("RHMFISS", "HQ USAFRICOM STUTTGART GE", "PRIORITY", None),
            ],
            "eo": "12958",
        },
    ),
    Case(
        "text/2006/06MEXICO1311.txt",
        "cables.csv row dumped at the top of the body (one field a line), UNCLAS SECTION 01 OF"
        " 02 with SENSITIVE, E.O. 12958: N/A, indented REF list A./B. over blank lines",
        {
            "id": "06MEXICO1311",
            "precedence": "ROUTINE",
            "dtg": "2006-03-09T22:28Z",
            "from": "AMEMBASSY MEXICO",
            "to": [("RUEHC", "SECSTATE WASHDC", None, "9558")],
            "info": [("RUEHXC", "ALL US CONSULATES IN MEXICO COLLECTIVE", None, None)],
            "classification": "UNCLASSIFIED",  # the banner: UNCLAS (+ SENSITIVE handling)
            "section": (1, 2),
            "handling": ["SIPDIS", "SENSITIVE"],
            "eo": "12958",
            "decl_code": "N/A",
            "tags": ["PGOV", "PINR", "MX"],
            "subject": "ACT II: AMLO KICKS OFF CAMPAIGN'S SECOND STAGE",
            "refs": [("A", "06MEXICO536", "cable"), ("B", "06MEXICO765", "cable")],
            "classified_by": None,
            "summary_starts": "Andres Manuel Lopez Obrador (AMLO), presidential candidate",
            "paragraphs": [(None, None)] + pars("U", "U", "SBU", "SBU", "U"),
            "signers": ["GARZA"],
            "meta": {
                "reference_id": "06MEXICO1311",
                "created": "2006-03-09 22:28",
                "released": None,
                "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                "origin": "Embassy Mexico",
                "referenced_ids": ["06MEXICO536"],
            },
        },
    ),
    Case(
        "text/2006/06BERN1593.txt",
        "tab-separated cables.csv row dumped in the body (banner after a tab), corrected copy,"
        " Classified By a Charge d'affaires a.i. in capitals, '2.(C)' without a space, headings",
        {
            "id": "06BERN1593",
            "precedence": "IMMEDIATE",
            "dtg": "2006-08-29T17:54Z",
            "from": "AMEMBASSY BERN",
            "to": [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "2924")],
            "info": [
                ("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", "PRIORITY", None),
                ("RUEHGV", "USMISSION GENEVA", "PRIORITY", "2587"),
                ("RUCNDT", "USMISSION USUN NEW YORK", "PRIORITY", "0095"),
            ],
            "classification": "CONFIDENTIAL",
            "section": None,
            "handling": ["SIPDIS"],
            "eo": "12958",
            "decl_date": "2016-08-29",
            "tags": ["PREL", "PGOV", "ETRD", "SZ"],
            "subject": (
                "(CORRECTED COPY) SWISS FOREIGN MINISTER CALMY-REY EMPHASIZES IMPORTANCE OF"
                ' U.S.-SWISS RELATIONS, REGRETS "MISUNDERSTANDING" CONCERNING HER RECENT'
                " REMARKS TO THE SWISS AMBASSADORS' CONFERENCE"
            ),
            "refs": [],
            "cb_names": ["CAROL URBAN"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "paragraphs": pars("C", "C", "C", "C"),
            "par_contains": {1: "Not Meant as a Criticism", 2: "Importance of Political MOU"},
            "signers": ["URBAN"],
            "meta": {
                "reference_id": "06BERN1593",
                "created": "2006-08-29 17:54",
                "released": None,
                "classification": "CONFIDENTIAL",
                "origin": "Embassy Bern",
                "referenced_ids": [],
            },
        },
    ),
    Case(
        "text/2000/00HARARE5461.txt",
        "partial extract (no routing header; printed telegram with PAGE breaks), EO 12958 DECL:"
        " 09/21/10, TAGS without colon and comma separated, REF with trailing page noise,"
        " CLASSIFIED BY DCM ... REASONS: 1.5 (B) AND (D), SUMMARY heading, signer then banner",
        {
            **_HARARE5461,
            "from": "AMEMBASSY HARARE",
            "to": [(None, "SECSTATE WASHDC", "IMMEDIATE", "7212")],
            "info": [
                (None, "NSC WASHDC", "IMMEDIATE", None),
                (None, "SOUTHERN AFRICAN DEVELOPMENT COMMUNITY", None, None),
            ],
        },
    ),
    Case(
        "text/1966/66BUENOSAIRES2481.txt",
        "1966 cable: no VZCZC, 'P R' precedences, INFO names without RI, DECLASSIFIED BY NARA,"
        " REF to a cable and a circular airgram, unmarked paragraphs, GP-3 before the signer",
        {
            **_BUENOSAIRES2481,
            "transmission_id": None,
            "info_names": [
                "USCINCSO",
                "CINCLANT",
                "AMEMBASSY RIO DE JANEIRO",
                "AMEMBASSY SANTIAGO",
                "AMEMBASSY MONTEVIDEO",
                "AMEMBASSY QUITO",
                "AMEMBASSY LIMA",
                "AMEMBASSY MEXICO",
                "AMEMBASSY OTTAWA",
                "AMEMBASSY LONDON",
                "STATE GRNC",
            ],  # fmt: skip
            "handling": [],
            "classified_by": None,
        },
    ),
    Case(
        "text/2009/09SHANGHAI160.txt",
        "lower-case banner 'C o n f i d e n t i a l section 01 of 06', lower-cased preamble after"
        " a dumped row ('>' + fields), REF A) B) C) with '06 BEIJING 23548' years, redacted"
        " paragraphs without marking, CLASSIFIED BY over three lines, mixed-case signer",
        {
            "id": "09SHANGHAI160",
            "precedence": "ROUTINE",
            "dtg": "2009-04-10T01:32Z",
            "from": "AMCONSUL SHANGHAI",
            "to": [("RUEHC", "SECSTATE WASHDC", None, "7813")],
            "classification": "CONFIDENTIAL",
            "section": (1, 6),
            "handling": ["SIPDIS"],
            "eo": "12958",
            "decl_date": "2024-04-09",
            "tags": ["PREL", "ETRD", "EINV", "CH", "XA", "TW"],
            "subject_casefold": (
                "china and africa: shanghai views on expanding trade and investment ties"
            ),
            "refs": [
                ("A", "09SHANGHAI80", "cable"),
                ("B", "06BEIJING23548", "cable"),
                ("C", "08SHANGHAI283", "cable"),
            ],
            "cb_names": ["Christopher Beede"],
            "cb_reasons": ["1.4(b)", "1.4(d)", "1.4(e)"],
            "summary_starts": "During March 2009 meetings with four Shanghai-based Africa",
            "paragraphs": pars("C", "C", None, "C", "C", None, *["C"] * 10),
            "signers": ["Camp"],
        },
    ),
    Case(
        "text/2009/09NAIROBI1938.txt",
        "lower-case 'S e c r e t' banner after a dumped row, Sensitive + sipdis, REF list a.-e."
        " with a TD intelligence report, Classified By wrapped inside '(d)', (S)/(C)/(SBU)",
        {
            "id": "09NAIROBI1938",
            "precedence": "IMMEDIATE",
            "dtg": "2009-09-16T09:24Z",
            "from": "AMEMBASSY NAIROBI",
            "to": [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "0989")],
            "info": [
                ("RUEHLO", "AMEMBASSY LONDON", "PRIORITY", "3327"),
                ("RHEHNSC", "NSC WASHDC", "PRIORITY", None),
            ],
            "classification": "SECRET",
            "section": None,
            "handling": ["SENSITIVE", "SIPDIS"],
            "eo": "12958",
            "decl_date": "2019-09-09",
            "tags": ["CVIS", "ECON", "KCRM", "KE", "PGOV", "PREL", "KCOR"],
            "subject_casefold": "visas donkey: corruption 212(f) visa denial",
            "refs": [
                ("A", "08STATE81854", "cable"),
                ("B", None, "report"),  # Td-314/014437-09, an intelligence report
                ("C", "09NAIROBI1830", "cable"),
                ("D", "09NAIROBI1859", "cable"),
                ("E", "09NAIROBI1831", "cable"),
            ],
            "cb_names": ["MICHAEL RANNEBERGER"],
            "cb_reasons": ["1.5(b)", "1.5(d)"],
            "paragraphs": pars(
                "C",
                "C",
                "S",
                "C",
                "C",
                "C",
                "S",
                "C",
                "C",
                "SBU",
                "SBU",
                "C",
                "C",
                "C",
                "C",
                "C",
                "C",
                "S",
                "C",
                "C",
                "C",
                "C",
            ),  # fmt: skip
            "signers": ["Ranneberger"],
        },
    ),
    Case(
        "text/2006/06LIMA748.txt",
        "another dump layout: a truncated preview, then 'id: / date: / refid: / classification:'"
        " lines and the full cable again; UNCLAS + SENSITIVE, SUMMARY inside paragraph 2,"
        " signer followed by a '=====CABLE ENDS=====' line",
        {
            "id": "06LIMA748",
            "dtg": "2006-02-27T13:14Z",
            "precedence": "PRIORITY",
            "from": "AMEMBASSY LIMA",
            "to": [(None, "SECSTATE WASHDC", "PRIORITY", "8886")],
            "info": [],
            "classification": "UNCLASSIFIED",
            "handling": ["SIPDIS", "SENSITIVE"],
            "eo": "12958",
            "decl_code": "N/A",
            "tags": ["PGOV", "KJUS", "PE"],
            "subject": "MONTESINOS LEGAL REQUEST FOR EMBASSY FILES",
            "refs": [],
            "summary_starts": "Post has received a four-inch thick legal assistance request",
            # the truncated preview's "1. (U) This is an action request. Please se..." is not
            # a second paragraph 1
            # the handling line above paragraph 1 is the body's, unnumbered
            "paragraphs": [(None, None), *pars("U", "U", "U", "U", "U", "SBU")],
            "signers": ["STRUBLE"],
            "meta": {
                "reference_id": "06LIMA748",
                "created": "2006-02-27 13:14",
                "released": None,
                "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                "origin": "Embassy Lima",
                "referenced_ids": [],
            },
        },
    ),
    Case(
        "text/1979/79TEHRAN8980.txt",
        "E.O. 12065: GDS with date and classifier, (C - ENTIRE TEXT), unmarked paragraphs, two"
        " paragraphs numbered 6 in the text, '- --' bullets, signer followed by the banner",
        {
            "id": "79TEHRAN8980",
            "precedence": "ROUTINE",
            "dtg": "1979-08-13T04:58Z",
            "from": "AMEMBASSY TEHRAN",
            "to": [(None, "SECSTATE WASHDC", None, "3182")],
            "info": [],
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "handling": [],
            "eo": "12065",
            "decl_date": "1985-08-12",
            "decl_code": "GDS",
            "tags": ["PEPR", "IR"],
            "subject": "NEGOTIATIONS",
            "refs": [],
            "paragraphs": [
                (1, "C"),
                *pars(None, None, None, None, None, start=2),
                (6, None),
                (7, None),
            ],  # fmt: skip
            "signers": ["LAINGEN"],
        },
    ),
    Case(
        "text/1975/75TEHRAN2069.txt",
        "E.O. 11652: GDS, SECTION 1 OF 2 without zeros, 'SUMMARY:' paragraph right after the"
        " SUBJECT (an unnumbered paragraph), unmarked paragraphs, signer followed by a"
        " declassification stamp",
        {
            "id": "75TEHRAN2069",
            "dtg": "1975-03-04T11:25Z",
            "from": "AMEMBASSY TEHRAN",
            "to": [(None, "SECSTATE WASHDC", None, "475")],
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "eo": "11652",
            "decl_date": None,
            "decl_code": "GDS",
            "tags": ["PINT", "IR"],
            "subject": "IRANIAN RESURGENCE PARTY CREATED BY SHAH",
            "summary_starts": "CREATION OF IRANIAN RESURGENCE PARTY ANNOUNCED BY SHAH MARCH 2",
            "paragraphs": [(None, None), *pars(*[None] * 8)],  # the SUMMARY one, unnumbered
            "signers": ["HELMS"],
        },
    ),
    Case(
        "text/1990/90BAGHDAD4397.txt",
        "NIACT IMMEDIATE addressees without RI, E.O. 12356: DECL:OADR, REF (A) cable (B) (C)"
        " telecons wrapped, (S-ENTIRE TEXT)",
        {
            "id": "90BAGHDAD4397",
            "precedence": "IMMEDIATE",
            "dtg": "1990-08-02T04:11Z",
            "from": "AMEMBASSY BAGHDAD",
            "to": [
                (None, "SECSTATE WASHDC", "NIACT IMMEDIATE", "4708"),
                (None, "AMEMBASSY KUWAIT", "NIACT IMMEDIATE", None),
                (None, "AMEMBASSY RIYADH", "IMMEDIATE", None),
                (None, "AMEMBASSY CAIRO", "IMMEDIATE", None),
                (None, "AMEMBASSY DOHA", "IMMEDIATE", None),
                (None, "AMEMBASSY ABU DHABI", "IMMEDIATE", None),
                (None, "AMEMBASSY MANAMA", "IMMEDIATE", None),
                (None, "AMEMBASSY AMMAN", "IMMEDIATE", None),
                (None, "AMEMBASSY MUSCAT", "IMMEDIATE", None),
                (None, "AMEMBASSY DAMASCUS", "IMMEDIATE", None),
            ],
            "info": [],
            "classification": "SECRET",
            "eo": "12356",
            "decl_code": "OADR",
            "tags": ["PREL", "IZ", "KU", "AS"],
            "subject": "IRAQI INCURSION ACROSS KUWAITI BORDER",
            "refs": [("A", "90STATE253201", "cable"), ("B", None, "telcon"), ("C", None, "telcon")],
            "paragraphs": [(1, "S"), (2, None), (3, None), (4, None)],
            "signers": ["WILSON"],
        },
    ),
    Case(
        "text/1986/86MADRID5480.txt",
        "E.O. 12356: DECL:  OADR, TO line with a collective, REF: A) ... B) ... C) on one line",
        {
            "id": "86MADRID5480",
            "dtg": "1986-05-12T17:58Z",
            "from": "AMEMBASSY MADRID",
            "to": [
                (None, "SECSTATE WASHDC", "IMMEDIATE", "8202"),
                (None, "EC COLLECTIVE", "IMMEDIATE", None),
            ],
            "info_names": ["AMEMBASSY ALGIERS", "AMEMBASSY RABAT", "AMEMBASSY TUNIS"],
            "classification": "SECRET",
            "eo": "12356",
            "decl_code": "OADR",
            "tags": ["PTER", "PINR", "PREL", "SP", "LY"],
            "subject": "QADHAFI RETALIATES AGAINST SPANISH EXPULSIONS",
            "refs": [
                ("A", "86MADRID5426", "cable"),
                ("B", "86MADRID5425", "cable"),
                ("C", "86MADRID5418", "cable"),
            ],
            "classified_by": None,
            "paragraphs": pars("C", "U", "C"),
            "signers": ["ENDERS"],
        },
    ),
    Case(
        "text/2008/08MADRID843.txt",
        "UNCLAS SECTION 01 OF 03, E.O. 12958: DECL: N/A, (SBU) paragraphs, the text skips"
        " paragraph 9",
        {
            "id": "08MADRID843",
            "dtg": "2008-07-29T13:05Z",
            "security_code": "UUUUU",
            "classification": "UNCLASSIFIED",
            "section": (1, 3),
            "eo": "12958",
            "decl_code": "N/A",
            "decl_date": None,
            "tags": ["ECON", "ECPS", "KIPR", "SP", "UK"],
            "subject": "SPAIN: INTERNET SURVEY PROJECT",
            "refs": [(None, "08LONDON1814", "cable")],
            "summary_starts": "After consulting with rights-holders, the Embassy",
            "paragraphs": pars(*["SBU"] * 8) + pars(*["SBU"] * 5, start=10),
            "signers": ["AGUIRRE"],
        },
    ),
    Case(
        "text/2006/06SANTIAGO439.txt",
        "UNCLAS + SENSITIVE, SUBJECT wrapped '(PART 2 OF 2)', indented REF list with a typo"
        " 'SANTIAG0' (zero for O), paragraphs starting at 5",
        {
            "id": "06SANTIAGO439",
            "dtg": "2006-03-02T22:30Z",
            "to": [(None, "SECSTATE WASHDC", "PRIORITY", "8585")],
            "classification": "UNCLASSIFIED",
            "handling": ["SIPDIS", "SENSITIVE"],
            "eo": "12958",
            "decl_code": "N/A",
            "tags": ["KCRM", "PHUM", "KWMN", "ELAB", "GTIP", "CI"],
            "subject": "CHILE: SUBMISSION FOR SIXTH ANNUAL TIP REPORT (PART 2 OF 2)",
            "refs": [
                ("A", "06STATE3836", "cable"),
                ("B", "05SANTIAGO465", "cable"),  # written "05 SANTIAG0 465"
                ("C", "05SANTIAGO466", "cable"),
            ],
            "numbered": [(5, "SBU"), (6, "SBU")],
            "signers": ["KELLY"],
        },
    ),
    Case(
        "text/2007/07SAOPAULO601.txt",
        "two signers (HELLING, MCMULLEN), '------- SUMMARY -------' heading, Classified By an"
        " acting consul general over two lines, REF A. B. C.",
        {
            "id": "07SAOPAULO601",
            "dtg": "2007-07-12T14:12Z",
            "from": "AMCONSUL SAO PAULO",
            "to": [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7216")],
            "classification": "CONFIDENTIAL",
            "section": (1, 4),
            "handling": ["SIPDIS"],
            "decl_date": "2017-07-11",
            "tags": ["PGOV", "PREL", "PINR", "KISL", "SCUL", "BR", "LE"],
            "subject": "CONVERSATION WITH AN OLD FRIEND OF LULA",
            "refs": [
                ("A", "07SAOPAULO496", "cable"),
                ("B", "07BRASILIA1034", "cable"),
                ("C", "07SAOPAULO254", "cable"),
            ],
            "cb_names": ["LISA L. HELLING"],
            "cb_reasons": ["1.4(d)"],
            "summary_starts": "At a June 26 lunch with poloff and econoff",
            "paragraphs": [(None, None)] + pars(
                "C", "SBU", "C", "SBU", "C", "C", "C", "C", "SBU", "SBU", "C", "C", "C", "U"
            ),
            "signers": ["HELLING", "MCMULLEN"],
        },
    ),
    Case(
        "text/2006/06LONDON7670.txt",
        "SUBJECT with a leading (C) wrapped over two lines, collectives, Classified By with an"
        " abbreviated title (PolMinCouns), reason 1.4 (b, d), mixed-case signer",
        {
            "id": "06LONDON7670",
            "dtg": "2006-10-30T16:14Z",
            "info": [
                ("RUEHZK", "ECOWAS COLLECTIVE", "IMMEDIATE", None),
                ("RUEHGG", "UN SECURITY COUNCIL COLLECTIVE", "IMMEDIATE", None),
                ("RUEHFR", "AMEMBASSY PARIS", "IMMEDIATE", "2708"),
                ("RUEHAB", "AMEMBASSY ABIDJAN", "IMMEDIATE", "0139"),
                ("RUEHDS", "AMEMBASSY ADDIS ABABA", "IMMEDIATE", "0175"),
                ("RUCNDT", "USMISSION USUN NEW YORK", "IMMEDIATE", "0826"),
            ],
            "classification": "CONFIDENTIAL",
            "handling": ["SIPDIS"],
            "decl_date": "2016-10-30",
            "tags": ["PREL", "PGOV", "UNSC", "KPKO", "IC", "UK"],
            "subject": "COTE D'IVOIRE: UK SHARES U.S. CONCERNS BUT DOES NOT WANT TO OPPOSE"
            " FRANCE IN UNSC",
            "subject_marking": "C",
            "refs": [(None, "06STATE179974", "cable")],
            "cb_names": ["Maura Connelly"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "paragraphs": pars("C", "C", "C"),
            "signers": ["Tuttle"],
        },
    ),
    Case(
        "text/2006/06SANJOSE2188.txt",
        "SUBJ: instead of SUBJECT, mixed-case subject, unmarked paragraphs in a 2006 UNCLAS"
        " cable, no signer at all",
        {
            "id": "06SANJOSE2188",
            "dtg": "2006-10-03T18:31Z",
            "precedence": "ROUTINE",
            "info": [("RUEHZA", "WHA CENTRAL AMERICAN COLLECTIVE", None, None)],
            "classification": "UNCLASSIFIED",
            "tags": ["ETRD", "EINV", "ECIN", "CS"],
            "subject": "Fake T-Shirts Prompt Rare IPR Conviction in Costa Rica",
            "subject_marking": None,
            "refs": [],
            "paragraphs": pars(None, None, None),
            "signers": [],
        },
    ),
    Case(
        "text/1997/97WELLINGTON1656.txt",
        "REF: (A) ...; (B) ..., DECL: 12/20/07 (two-digit year), CLASSIFIED BY inside paragraph"
        " 1 with REASONS: 1.5(B) AND (D), SUMMARY: in paragraph 2",
        {
            "id": "97WELLINGTON1656",
            "dtg": "1997-12-22T01:36Z",
            "to": [(None, "SECSTATE WASHDC", None, "5893")],
            "classification": "CONFIDENTIAL",
            "section": (1, 4),
            "eo": "12958",
            "decl_date": "2007-12-20",
            "tags": ["PGOV", "ECON", "PINR", "NZ"],
            "subject": "BIO REPORT: NEW ZEALAND PRIME MINISTER JENNY SHIPLEY",
            "refs": [("A", "97WELLINGTON1498", "cable"), ("B", "97WELLINGTON1492", "cable")],
            "cb_names": ["JOSIAH H. BEEMAN"],
            "cb_reasons": ["1.5(b)", "1.5(d)"],
            "summary_starts": "NZ'S NEW (AND FIRST WOMAN) PRIME MINISTER JENNY SHIPLEY",
            "paragraphs": [(1, "U"), *pars(*["C"] * 21, start=2)],
            "signers": ["BEEMAN"],
        },
    ),
    Case(
        "text/1996/96ANKARA12278.txt",
        "TO list of names without RI (office symbols after //), REF: A) ...;B) ... without a"
        " space, DECL:11/15/17, CLASSIFIED BY inside an unmarked paragraph 1, REASON: 1.5(B)(D)",
        {
            "id": "96ANKARA12278",
            "dtg": "1996-11-18T11:42Z",
            "precedence": "ROUTINE",
            "classification": "CONFIDENTIAL",
            "section": (1, 3),
            "decl_date": "2017-11-15",
            "tags": ["PGOV", "KISL", "PTER", "PHUM", "PINR", "TU"],
            "subject": "GLIMPSES OF THE SHARIA IN TURKEY",
            "refs": [("A", "96ANKARA11676", "cable"), ("B", "96ANKARA11279", "cable")],
            "cb_names": ["RICHARD MCKEE"],
            "cb_reasons": ["1.5(b)", "1.5(d)"],
            "paragraphs": [(1, None), *pars(*["C"] * 13, start=2)],
            "signers": ["GROSSMAN"],
        },
    ),
    Case(
        "text/2009/09ABUDHABI301.txt",
        "E.O. 12958 03/24/2019 (no DECL, no colon), TAGS without colon and comma separated,"
        " CLASSIFIED BY before REFS, REFS A) .. E) with an e-mail and '08 STATE 134385',"
        " signer at the end of the last paragraph",
        {
            "id": "09ABUDHABI301",
            "dtg": "2009-03-25T08:11Z",
            "classification": "CONFIDENTIAL",
            "handling": ["SIPDIS"],
            "eo": "12958",
            "decl_date": "2019-03-24",
            "tags": ["SENV", "ECON", "PREL", "PARM", "AF", "PK", "AE"],
            "subject": "FM PRESSES SRAP HOLBROOKE FOR IRENA SUPPORT",
            "refs": [
                ("A", "09ABUDHABI199", "cable"),
                ("B", "09ABUDHABI170", "cable"),
                ("C", None, "email"),
                ("D", "09ABUDHABI6", "cable"),
                ("E", "08STATE134385", "cable"),
            ],
            "cb_names": ["RICHARD G. OLSON"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "paragraphs": pars("C", "C", "SBU"),
            "signers": ["OLSON"],
        },
    ),
    Case(
        "text/2009/09BUENOSAIRES686.txt",
        "REF: (A) e-mail and telcon(B) cable glued together, TO with two RUEHC addressees,"
        " unmarked SBU notice as paragraph 1, 'Summary and Introduction:'",
        {
            "id": "09BUENOSAIRES686",
            "dtg": "2009-06-11T20:49Z",
            "to": [
                ("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "3859"),
                ("RUEHC", "DEPT OF LABOR WASHINGTON DC", "IMMEDIATE", None),
                ("RUEHGV", "USMISSION GENEVA", None, "0765"),
            ],
            "info": [("RUCNMER", "MERCOSUR COLLECTIVE", None, None)],
            "classification": "UNCLASSIFIED",
            "handling": ["SENSITIVE", "SIPDIS"],
            "tags": ["ELAB", "KTIP", "SOCI", "AR"],
            "subject": "ARGENTINA: INPUT FOR LABOR SECRETARY SOLIS MEETING IN GENEVA WITH"
            " ARGENTINE PRESIDENT FERNANDEZ DE KIRCHNER",
            "refs": [("A", None, "email"), ("B", "09BUENOSAIRES445", "cable")],
            "summary_starts": "Labor Secretary Solis' upcoming",
            "paragraphs": [(1, None), *pars(*["SBU"] * 12, start=2)],
            "signers": ["KELLY"],
        },
    ),
    Case(
        "text/2010/10ABUJA215.txt",
        "'O R' precedences, a 'Friday, 26 February 2010, 16:37' line before the banner, EO 12958"
        " DECL: 2020/02/26, TAGS without colon, REF to a cable and a telcon, CLASSIFIED BY"
        " name with a middle initial and a title after it, dashed SUMMARY heading",
        {
            "id": "10ABUJA215",
            "precedence": "IMMEDIATE",
            "info_precedence": "ROUTINE",
            "dtg": "2010-02-26T16:37Z",
            "classification": "SECRET",
            "handling": ["SENSITIVE", "SIPDIS"],
            "eo": "12958",
            "decl_date": "2020-02-26",
            "tags": ["PREL", "PGOV", "PINS", "PINR", "PTER", "MARR", "NI"],
            "subject": "GOODLUCK JONATHAN REMAINS ACTING PRESIDENT OF NIGERIA",
            "refs": [(None, "10ABUJA207", "cable"), (None, None, "telcon")],
            "cb_names": ["Robin R. Sanders"],
            "cb_reasons": ["1.4(a)", "1.4(b)", "1.4(d)"],
            "summary_starts": "Ambassador met February 26 with Acting President (AgP)",
            "paragraphs": [(None, None)] + pars(*["C"] * 13, "S", "S", "C"),
            "signers": ["SANDERS"],
        },
    ),
    Case(
        "text/2009/09ABUDHABI754.txt",
        "TAGS wrapped onto a second line, SUBJECT with a leading (S) wrapped, E.O. 12958:"
        " 07/22/2019 without DECL, 'REF A <letter>' / 'REF B SECSTATE 76108' without colons,"
        " CLASSIFIED BY a charge d'affaires over two lines, no signer",
        {
            "id": "09ABUDHABI754",
            "dtg": "2009-07-23T09:40Z",
            "to": [
                ("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "2770"),
                ("RUEKJCS", "SECDEF WASHINGTON DC", None, None),
            ],
            "classification": "SECRET",
            "section": (1, 4),
            "handling": ["NOFORN", "SIPDIS"],
            "decl_date": "2019-07-22",
            "tags": [
                "PTER",
                "PGOV",
                "PREL",
                "PARM",
                "EAID",
                "MOPS",
                "IR",
                "IS",
                "AF",
                "PK",
                "SY",
                "LE",
                "SA",
                "QA",
                "AE",
            ],  # fmt: skip
            "subject": "MbZ HOSTS GULF SECURITY DINNER WITH ISA ASD VERSHBOW AND PM A/S SHAPIRO",
            "subject_marking": "S",
            "refs": [("A", None, "letter"), ("B", "09STATE76108", "cable")],
            "cb_names": ["DOUGLAS C.GREENE"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "Abu Dhabi Crown Prince Mohammed bin Zayed (MbZ, also Deputy",
            "paragraphs": pars(
                "S",
                "SBU",
                "S",
                "S//NF",
                "S",
                "S",
                "C",
                "S//NF",
                "S//NF",
                "S",
                "C",
                "C",
                "SBU",
                "S//NF",
                "C",
                "C",
                "S",
                "S//NF",
                "C",
                "U",
            ),  # fmt: skip
            "signers": [],
        },
    ),
    Case(
        "text/2009/09BAKU179.txt",
        "printed-telegram header without RIs, INFO with the typo PIORITY, IRAN COLLECTIVE,"
        " DECL: 3/7/2019, REASON 1.5 (B and D)",
        {
            "id": "09BAKU179",
            "dtg": "2009-03-06T12:32Z",
            "from": "AMEMBASSY BAKU",
            "to": [(None, "SECSTATE WASHDC", "PRIORITY", "0872")],
            "info": [
                (None, "IRAN COLLECTIVE", "PRIORITY", None),
                (None, "AMEMBASSY ABU DHABI", "PRIORITY", None),
                (None, "AMEMBASSY ANKARA", "PRIORITY", None),
                (None, "AMEMBASSY LONDON", "PRIORITY", None),
                (None, "AMEMBASSY NEW DELHI", "PRIORITY", None),  # written PIORITY
                (None, "AMCONSUL ISTANBUL", "PRIORITY", "012"),
                (None, "CDR USCENTCOM MACDILL AFB FL", "PRIORITY", None),
                (None, "CDR USEUCOM VAIHINGEN GE", "PRIORITY", None),
                (None, "CIA WASHINGTON DC", "PRIORITY", None),
                (None, "DEPT OF TREASURY WASHDC", "PRIORITY", None),
                (None, "DIA WASHDC", "PRIORITY", None),
                (None, "JOINT STAFF WASHDC", "PRIORITY", None),
                (None, "NSC WASHDC", "PRIORITY", None),
                (None, "SECDEF WASHDC", "PRIORITY", None),
            ],
            "classification": "SECRET",
            "handling": ["NOFORN"],
            "decl_date": "2019-03-07",
            "tags": ["ETTC", "ETRD", "ENRG", "UE", "UK", "TU", "AJ", "IR"],
            "subject": 'IRANIAN SOURCE NAMES "U.K.-REGISTERED" COMPANY AS IRAN SANCTIONS-BUSTER'
            " POSSIBLY SUPPORTING BUSHEIR PROJECT",
            "cb_names": ["ROB GARVERICK"],
            "cb_reasons": ["1.5(b)", "1.5(d)"],
            "paragraphs": pars("S", "S", "S", "S"),
            "signers": ["DERSE"],
        },
    ),
    Case(
        "text/2009/09USNATO397.txt",
        "(C/REL ISAF) on every paragraph, '1.(C/REL ISAF)' without a space, EO 12958 DECL"
        " without colon, TAGS without colon, Classified By a nickname in curly quotes,"
        " BEGIN SUMMARY, signer at the end of the last paragraph",
        {
            "id": "09USNATO397",
            "dtg": "2009-09-18T16:51Z",
            "from": "USMISSION USNATO",
            "classification": "CONFIDENTIAL",
            "section": (1, 4),
            "handling": ["SIPDIS"],
            "eo": "12958",
            "decl_date": "2019-09-18",
            "tags": ["SNAR", "MOPS", "NATO", "PREL", "AF"],
            "subject": "THE 2009 AFGHANISTAN OPIUM SURVEY: UNODC COSTA BRIEFS NATO AND PARTNER"
            " NATIONS",
            "cb_names_contain": ["Baez"],  # A."Hoot" Baez, A/Political Advisor
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "On September 18 the Executive Director of the UN Office",
            "paragraphs": pars(*["C//REL TO ISAF"] * 14),
            "signers": ["DAALDER"],
        },
    ),
    Case(
        "text/2009/09STATE15113.txt",
        "(U//FOUO) and (S//NF), page noise 'TO PAGE 02 STATE 015113' in the addressees, TAG"
        " without S and colon, 'NOFORN, NOT FOR INTERNET DISTRIBUTION', Classified by with"
        " the typo 1/4 inside the REF line",
        {
            "id": "09STATE15113",
            "dtg": "2009-02-18T23:18Z",
            "from": "SECSTATE WASHDC",
            "to": [
                (None, "ALL DIPLOMATIC POSTS COLLECTIVE", "PRIORITY", None),
                (None, "AMEMBASSY TRIPOLI", "PRIORITY", None),
            ],
            "classification": "SECRET",
            "decl_date": "2019-01-29",
            "tags": ["PTER", "PGOV", "ASEC", "EFIN", "ENRG", "KCIP"],
            "subject": "REQUEST FOR INFORMATION:CRITICAL FOREIGN DEPENDENCIES (CRITICAL"
            " INFRASTRUCTURE AND KEY RESOURCES LOCATED ABROAD)",
            "refs": [(None, "09STATE6461", "cable")],
            "cb_names": ["Susan F. Burk"],
            "cb_reasons": ["1.4(b)", "1.4(d)", "1.4(e)", "1.4(g)"],  # written "1/4 (B), ..."
            "paragraphs": pars(*["U//FOUO"] * 14, "S//NF", "U//FOUO"),
            "signers": ["CLINTON"],
        },
    ),
    Case(
        "text/2007/07PARIS4650.txt",
        "(S/NOFORN) markings, Classified By with an office title (POL/MC), SUMMARY. inside"
        " paragraph 1, signer after the classified-website lines",
        {
            "id": "07PARIS4650",
            "dtg": "2007-12-06T10:35Z",
            "to": [
                ("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "1378"),
                ("RHEHNSC", "NSC WASHINGTON DC", "IMMEDIATE", None),
            ],
            "info": [
                ("RUEHBO", "AMEMBASSY BOGOTA", None, "0468"),
                ("RUEHCV", "AMEMBASSY CARACAS", None, "0539"),
            ],
            "classification": "SECRET",
            "handling": ["SIPDIS"],
            "decl_date": "2017-12-04",
            "tags": ["PREL", "PGOV", "PTER", "PINR", "SNAR", "PINS", "CO", "FR"],
            "subject": "SARKOZY EAGER TO ACT ON COLOMBIA HOSTAGE SITUATION",
            "cb_names": ["Josiah Rosenblatt"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "Franco-Colombian hostage Ingrid Betancourt's",
            "paragraphs": pars(*["S//NF"] * 5),
            "signers": ["STAPLETON"],
        },
    ),
    Case(
        "text/2009/09LONDON2702.txt",
        "(SBU/NF), (U) and (C/NF) mixed, reasons '1.4( b) and (d)', headings on one line with"
        " their dashes",
        {
            "id": "09LONDON2702",
            "dtg": "2009-12-03T16:57Z",
            "to": [("RUEHC", "SECSTATE WASHDC", None, "4164")],
            "info": [("RUEHBL", "AMCONSUL BELFAST", None, "1455")],
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "decl_date": "2019-12-03",
            "tags": ["PGOV", "PREL", "UK"],
            "subject": "WELSH LABOUR ELECTS NEW LEADER",
            "cb_names": ["Greg Berry"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "Carwyn Jones won an unexpectedly strong victory",
            "paragraphs": pars(
                "SBU//NF", "U", "SBU//NF", "SBU//NF", "SBU//NF", "SBU//NF", "C//NF"
            ),  # fmt: skip
            "par_contains": {3: "Jones Faces Tough Challenges"},
            "signers": ["Susman"],
        },
    ),
    Case(
        "text/2006/06LAPAZ3400.txt",
        "banner and SIPDIS repeated, NOFORN, dashed SUMMARY heading, one (S/NF) among (C),"
        " the text numbers a last paragraph 12 again, signer followed by an SQL query line",
        {
            "id": "06LAPAZ3400",
            "dtg": "2006-12-18T21:07Z",
            "classification": "SECRET",
            "section": (1, 5),
            "handling": ["SIPDIS", "NOFORN"],
            "decl_date": "2036-08-18",
            "tags": ["ECON", "PGOV", "PREL", "BL"],
            "subject": "WILL THE REAL OPPOSITION LEADER PLEASE STAND UP?",
            "refs": [(None, "06LAPAZ3178", "cable")],
            "cb_names": ["Andrew Erickson"],
            "cb_reasons": ["1.4(d)"],
            "summary_starts": "Evo Morales' election in December 2005 was a political",
            "paragraphs": [(None, None)] + pars(*["C"] * 11, "S//NF", "C", "C") + [(12, "C")],
            "signers": ["GOLDBERG"],
        },
    ),
    Case(
        "text/2010/10BOGOTA93.txt",
        "DECL: 25X1- HUMAN, CLASSIFIED BY with name, title, agency and office; REASON 1.4C"
        " wrapped; wide gaps after paragraph numbers; REF to a same-post cable of the year"
        " before",
        {
            "id": "10BOGOTA93",
            "dtg": "2010-01-27T18:09Z",
            "classification": "SECRET",
            "handling": ["NOFORN", "SIPDIS"],
            "eo": "12958",
            "decl_code": "25X1",
            "tags": ["ETTC", "KOMC", "SNAR", "CO", "TH", "PM"],
            "subject": "BLUE LANTERN RESPONSE: TAA 0361-04F AND TAA 4140-08D",
            # BOGOTA 3361 cannot be of 2010: this cable is Bogota's 93rd of 2010
            "refs": [(None, "10STATE369", "cable"), (None, "09BOGOTA3361", "cable")],
            "cb_names": ["Timothy Stater"],
            "cb_reasons": ["1.4(c)"],
            "summary_starts": "Blue Lantern Officer consulted with the Defense Attache Office",
            "paragraphs": pars(
                "S//NF", "U", "S//NF", "S//NF", "SBU", "SBU", "S//NF", "S//NF", "SBU"
            ),
            "signers": ["BROWNFIELD"],
        },
    ),
    Case(
        "text/2006/06CAIRO941.txt",
        "partial extract with a 'Cable dated:' line, banner, SIPDIS, E.O. and TAGS run together"
        " on one line, REF glued to the end of the SUBJECT, signer on the last paragraph",
        {
            "id": "06CAIRO941",
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "handling": ["SIPDIS"],
            "eo": "12958",
            "decl_date": "2016-02-14",
            "tags": ["PTER", "PREL", "KISL", "EG"],
            "subject": "FBI DIRECTOR MUELLER\u2019S VISIT TO EGYPT",
            "refs": [(None, "06CAIRO493", "cable")],
            "cb_names": ["Stuart Jones"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "paragraphs": pars(*["C"] * 8, "U"),
            "par_contains": {1: "Security Ties Solid, Durable"},
            "signers": ["RICCIARDONE"],
        },
    ),
    Case(
        "text/2009/09EFTOLONDON2363.txt",
        "UNCLAS E F T O banner (ZNY EEEEE), SENSITIVE + NOFORN on an unclassified cable,"
        " (SBU/NF), REF: SECSTATE nnn",
        {
            # the published ID is the malformed 09EFTOLONDON2363; not asserted here
            "security_code": "EEEEE",
            "dtg": "2009-10-19T12:53Z",
            "banner_level": "U",
            "handling": ["SENSITIVE", "NOFORN", "SIPDIS"],
            "decl_code": "N/A",
            "tags": ["ENRG", "KNNP", "IAEA", "UK"],
            "subject": "UK SUPPORTS PROPOSED INTERNATIONAL NUCLEAR ENERGY FRAMEWORK",
            "refs": [(None, "09STATE106834", "cable")],
            "paragraphs": pars("SBU//NF", "SBU//NF"),
            "signers": ["SUSMAN"],
        },
    ),
    Case(
        "text/2004/04WELLINGTON596.txt",
        "partial extract, REF list with '03 WELLINGTON   1273' (year, extra spaces), '(U)"
        " Classified by DCM ... Reasons: 1.5 (b) and (d).' on its own line",
        {
            "id": "04WELLINGTON596",
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "decl_date": "2014-07-12",
            "tags": ["ETRD", "NZ"],
            "subject": "NEW ZEALAND-AUSTRALIA REGULATORY AGENCY TO RAISE INDUSTRY'S COSTS",
            "refs": [
                ("A", "04AUCKLAND118", "cable"),
                ("B", "03WELLINGTON1273", "cable"),
                ("C", "03WELLINGTON1191", "cable"),
                ("D", "01WELLINGTON798", "cable"),
            ],
            "cb_names": ["David R. Burnett"],
            "cb_reasons": ["1.5(b)", "1.5(d)"],
            "summary_starts": "U.S. makers of medical devices and dietary",
            "paragraphs": pars("C", "U", "U", "U", *["C"] * 8),
            "signers": ["Swindells"],
        },
    ),
    Case(
        "text/2004/04COLOMBO11.txt",
        "partial extract, DECL:  01-05-14 (dashes, two-digit year), mixed-case SUBJECT followed"
        " by 'Refs:  (A) 03 Colombo 2200 / - (B) 03 State 348254', '(U) Classified by"
        " Ambassador ... Reasons 1.5 (b, d).'",
        {
            "id": "04COLOMBO11",
            "classification": "CONFIDENTIAL",
            "section": (1, 3),
            "eo": "12958",
            "decl_date": "2014-01-05",
            "tags": ["PGOV", "PREL", "PINS", "CE", "IN", "LTTE"],
            "subject": "Ambassador delivers Secretary Powell's letter to President Kumaratunga",
            "refs": [("A", "03COLOMBO2200", "cable"), ("B", "03STATE348254", "cable")],
            "cb_names": ["Jeffrey J. Lunstead"],
            "cb_reasons": ["1.5(b)", "1.5(d)"],
            "summary_starts": "Ambassador delivered Secretary Powell's letter to President",
            "paragraphs": pars(*["C"] * 10, "U"),
            "signers": ["LUNSTEAD"],
        },
    ),
    Case(
        "text/2007/07TRIPOLI1055.txt",
        "'O R' precedences, REF glued to the wrapped SUBJECT line, '1.(SBU)' and '(SBU )',"
        " signer with trailing junk 'STEVENS 0 12/23/2007'",
        {
            "id": "07TRIPOLI1055",
            "precedence": "IMMEDIATE",
            "info_precedence": "ROUTINE",
            "dtg": "2007-12-23T09:34Z",
            "classification": "UNCLASSIFIED",
            "handling": ["SIPDIS", "SENSITIVE"],
            "tags": ["KBCT", "PHUM", "AL", "ABLD", "ECON", "AMGT", "ASUP", "AFIN", "PREL", "LY"],
            "subject": "LIBYA: SECTION 565 WAIVER OF PROHIBITION AGAINST CONTRACTING WITH FIRMS"
            " COMPLYING WITH AL BOYCOTT",
            "refs": [
                ("A", "07STATE166398", "cable"),
                ("B", "06TRIPOLI623", "cable"),
                ("C", "07TRIPOLI972", "cable"),
            ],
            "paragraphs": pars("SBU", "SBU", "SBU"),
            "signers": ["STEVENS"],
        },
    ),
    Case(
        "text/2008/08LONDON1163.txt",
        "REF: on its own line, then doubled labels 'A. A)' 'B. B)' with e-mails and telcons,"
        " Classified By at the end of the last REF line, '7.(C/NF)', a paragraph 12 inside a"
        " line and another (15) inside a line,"
        " signer after 'Visit London's Classified Website: XXXXXXXXXXXX'",
        {
            "id": "08LONDON1163",
            "dtg": "2008-04-24T14:56Z",
            "classification": "CONFIDENTIAL",
            "section": (1, 4),
            "handling": ["SIPDIS", "NOFORN"],
            "decl_date": "2018-04-21",
            "tags": ["PREL", "KDEM", "KPAO", "PHUM", "IR", "UK"],
            "subject": "IRAN: DEMOCRACY SMALL GRANTS PROPOSALS RECOMMENDED FOR FUNDING",
            "refs": [("A", "08STATE33385", "cable"), ("B", None, "email"), ("C", None, "email")],
            "cb_names": ["Maura Connelly"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "Per Department guidance for the Iran Democracy Small Grants",
            "paragraphs": pars(*["C//NF"] * 15),
            "signers": ["TUTTLE"],
        },
    ),
    Case(
        "text/2005/05NEWDELHI2416.txt",
        "partial extract with a bare DTG line '311333Z Mar 05', reasons wrapped inside '(d\\n)',"
        " signer followed by a stray quote",
        {
            "id": "05NEWDELHI2416",
            "dtg": "2005-03-31T13:33Z",
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "decl_date": "2010-12-31",
            "tags": ["MARR", "MASS", "MCAP", "IN", "NSSP"],
            "subject": "DEFENSE MINISTER UPBEAT ON INDO-US RELATIONS, BUT USG RESPONSE TO THE"
            " MRCA RFI MAY FALL SHORT",
            "refs": [],
            "cb_names": ["David C. Mulford"],
            "cb_reasons": ["1.4(a)", "1.4(b)", "1.4(d)", "1.4(e)"],
            "summary_starts": "During a 30 March meeting with Indian Defense Minister",
            "paragraphs": pars(*["C"] * 8),
            "signers": ["MULFORD"],
        },
    ),
    Case(
        "text/2006/06TRIPOLI498.txt",
        "an e-mail client's print-out around the cable (header twice, banner after a tab),"
        " CLASSIFIED BY name, title, post, agency; two signers (GOLDRICH, BERRY)",
        {
            "id": "06TRIPOLI498",
            "dtg": "2006-09-14T13:01Z",
            "from": "AMEMBASSY TRIPOLI",
            "to": [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1206")],
            "classification": "SECRET",
            "section": (1, 5),
            "decl_date": "2016-09-14",
            "tags": ["CW", "PARM", "PREL", "AF", "LY"],
            "subject": "U.S./UK/LIBYA TSCC BIO SUBCOMMITTEE MEETING, AUGUST 8-10, 2006",
            "cb_names": ["Ethan Goldrich"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "The TSCC Biological Subcommittee met in Tripoli August 8-10",
            "paragraphs": pars("U", "U", "U", "U", "S", "S", *["U"] * 7),
            "signers": ["GOLDRICH", "BERRY"],
        },
    ),
    Case(
        "text/2006/06REYKJAVIK102.txt",
        "'SENSITIVE, SIPDIS' on one line, REF: (A) ..., (B) ..., a two-word signer surname",
        {
            "id": "06REYKJAVIK102",
            "dtg": "2006-03-23T17:09Z",
            "classification": "UNCLASSIFIED",
            "handling": ["SIPDIS", "SENSITIVE"],
            "decl_code": "N/A",
            "tags": ["EAID", "PREL", "IZ", "IC"],
            "subject": "ICELAND: ADDITIONAL IRAQ ASSISTANCE NOT CURRENTLY ON THE TABLE",
            "refs": [("A", "06STATE44648", "cable"), ("B", "06REYKJAVIK69", "cable")],
            "paragraphs": pars("SBU", "SBU"),
            "signers": ["VAN VOORST"],
        },
    ),
    # --- WikiLeaks cable pages (html/) -------------------------------------------------
    Case(
        "html/cable/2008/09/08STATE103511.html",
        "HTML page: metadata table, header and body in <pre>, ¶1. paragraph signs; NIACT"
        " IMMEDIATE with serial ranges and ZEN/ addressees, corrected copy, Classified by"
        " inside paragraph 2, (S/Rel to Ukraine)-style release markings",
        {
            "id": "08STATE103511",
            "format": "html",
            "transmission_id": "VZCZCXYZ0003",
            "station": "RUEHC",
            "station_serial": "3511",
            "precedence": "IMMEDIATE",
            "dtg": "2008-09-27T03:33Z",
            "from": "SECSTATE WASHDC",
            "to": [
                ("ZEN", "AMEMBASSY BELMOPAN", "NIACT IMMEDIATE", "2276-2279"),
                ("RUEHKV", "AMEMBASSY KYIV", "NIACT IMMEDIATE", "7881-7884"),
                ("ZEN", "AMEMBASSY MOSCOW", "NIACT IMMEDIATE", "4778-4781"),
                ("ZEN", "AMEMBASSY NAIROBI", "NIACT IMMEDIATE", "9314-9317"),
                ("ZEN", "AMEMBASSY RIGA", "NIACT IMMEDIATE", "0612-0615"),
            ],
            "info": [
                ("ZEN", "AMEMBASSY ADDIS ABABA", "IMMEDIATE", "5844-5847"),
                ("ZEN", "AMEMBASSY DJIBOUTI", "IMMEDIATE", "4024-4027"),
                ("ZEN", "AMEMBASSY KHARTOUM", "IMMEDIATE", "6405-6408"),
                ("ZEN", "CNO WASHINGTON DC", "IMMEDIATE", None),
                ("ZEN", "JOINT STAFF WASHINGTON DC", "IMMEDIATE", None),
                ("ZEN", "SECDEF WASHINGTON DC", "IMMEDIATE", None),
                ("ZEN", "DEPT OF JUSTICE WASHINGTON DC", "IMMEDIATE", None),
                ("ZEN", "USCENTCOM MACDILL AFB FL", "IMMEDIATE", None),
                ("ZEN", "COMDT COGARD WASHINGTON DC", "IMMEDIATE", "0745-0748"),
            ],
            "classification": "SECRET",
            "handling": ["SIPDIS"],
            "eo": "12958",
            "decl_date": "2018-09-25",
            "tags": ["EWWT", "MOPS", "PREL", "PHSA", "XA", "SO", "RS", "LG", "BH", "UP"],
            "subject": "NOTIFICATION OF AFFECTED STATES: HIJACKING OF BELIZE-FLAGGED CARGO SHIP"
            " M/V FAINA, IMO NUMBER 9419377",
            "refs": [],
            "cb_names": ["James Knight"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "paragraphs": pars(
                "SBU",
                "U",
                "U",
                "S//REL TO UKRAINE",
                "S//REL TO RUSSIA, LATVIA",
                "S//REL TO BELIZE",
                "S//REL TO KENYA",
                "S",
                "S",
                "C",
                "C",
                "U",
                "U",
            ),  # fmt: skip
            "par_contains": {4: "-- Convey the United States' sympathy and concern"},
            "signers": ["RICE"],
            "meta": {
                "reference_id": "08STATE103511",
                "created": "2008-09-27 03:03",
                "released": "2010-12-09 21:09",
                "classification": "SECRET",
                "origin": "Secretary of State",
                "referenced_ids": [],
            },
        },
    ),
    Case(
        "html/cable/2006/02/06SKOPJE105.html",
        "HTML page: (C/REL NATO), (SBU/REL NATO), (C/NOFORN) and plain (C); a '¶2006.' line"
        " that the site's linker made out of a wrapped year; Classified By a surname only",
        {
            "id": "06SKOPJE105",
            "format": "html",
            "dtg": "2006-02-02T07:14Z",
            "from": "AMEMBASSY SKOPJE",
            "to": [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "4185")],
            "classification": "CONFIDENTIAL",
            "section": (1, 7),
            "handling": ["SIPDIS"],
            "decl_date": "2016-01-31",
            "tags": ["NATO", "PREL", "MARR", "MASS", "MK"],
            "subject": "MACEDONIA & NATO MEMBERSHIP: DEFENSE REFORMS ON TRACK; POLITICAL &"
            " ECONOMIC REFORMS KEY OBSTACLES",
            "refs": [(None, "06STATE7173", "cable")],
            "cb_names": ["SHUBLER"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "Macedonia is in its 7th MAP cycle",
            "paragraphs": pars(
                "C//REL TO NATO",
                "SBU//REL TO NATO",
                "C//REL TO NATO",
                "C//REL TO NATO",
                "C//REL TO NATO",
                "SBU//REL TO NATO",
                "C//REL TO NATO",
                "SBU//REL TO NATO",
                "C//REL TO NATO",
                "SBU//REL TO NATO",
                "SBU//REL TO NATO",
                "SBU//REL TO NATO",
                *["C//REL TO NATO"] * 9,
                "SBU//REL TO NATO",
                "C//REL TO NATO",
                "C//REL TO NATO",
                "SBU//REL TO NATO",
                "C",
                "C//NF",
                "C//REL TO NATO",
            ),  # fmt: skip
            "signers": ["MILOVANOVIC"],
            "meta": {
                "reference_id": "06SKOPJE105",
                "created": "2006-02-02 07:07",
                "released": "2010-12-08 21:09",
                "classification": "CONFIDENTIAL",
                "origin": "Embassy Skopje",
                "referenced_ids": [],
            },
        },
    ),
    Case(
        "html/cable/2010/01/10BEIJING105.html",
        "HTML page: REF list whose second label the site turned into '¶B.', Classified By a"
        " surname with reasons wrapped inside '(B\\n), (D)', a wholly redacted paragraph 6,"
        " an unmarked redacted paragraph, a redaction line before the signer",
        {
            "id": "10BEIJING105",
            "format": "html",
            "dtg": "2010-01-14T11:57Z",
            "info": [
                ("RUEHOO", "CHINA POSTS COLLECTIVE", "IMMEDIATE", None),
                ("RUEHUL", "AMEMBASSY SEOUL", "IMMEDIATE", "1453"),
                ("RUEHKO", "AMEMBASSY TOKYO", "IMMEDIATE", "0167"),
                ("RHMFISS", "DEPT OF HOMELAND SECURITY WASHINGTON DC", "IMMEDIATE", None),
                ("RHMFISS", "FBI WASHINGTON DC", "IMMEDIATE", None),
                ("RUEAWJA", "DEPT OF JUSTICE WASHDC", "IMMEDIATE", None),
                ("RUCPDOC", "DEPT OF COMMERCE WASHDC", "IMMEDIATE", None),
                ("RHEHNSC", "NSC WASHDC", "IMMEDIATE", None),
            ],
            "classification": "CONFIDENTIAL",
            "section": (1, 3),
            "decl_date": "2020-01-13",
            "tags": ["ECON", "EINV", "PGOV", "PREL", "CH"],
            "subject": "GOOGLE DAY 2: BALL STILL IN GOOGLE'S COURT",
            "refs": [("A", "10BEIJING104", "cable"), ("B", "10BEIJING86", "cable")],
            "cb_names": ["Weinstein"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "Google's Beijing headquarters continued business",
            "paragraphs": [*pars(*["C"] * 5), (7, "SBU"), (8, None), (9, "SBU")],
            "signers": ["HUNTSMAN"],
            "meta": {
                "reference_id": "10BEIJING105",
                "created": "2010-01-14 11:11",
                "released": "2010-12-04 21:09",
                "classification": "CONFIDENTIAL",
                "origin": "Embassy Beijing",
                "referenced_ids": [],
            },
        },
    ),
    Case(
        "html/cable/1979/08/79TEHRAN8980.html",
        "HTML page of a 1979 cable: no VZCZC, E.O. 12065 GDS, unmarked paragraphs",
        {
            "id": "79TEHRAN8980",
            "format": "html",
            "dtg": "1979-08-13T04:58Z",
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "eo": "12065",
            "decl_code": "GDS",
            "tags": ["PEPR", "IR"],
            "subject": "NEGOTIATIONS",
            "signers": ["LAINGEN"],
            "meta": {
                "reference_id": "79TEHRAN8980",
                "created": "1979-08-13 04:04",
                "released": "2010-11-28 18:06",
                "classification": "CONFIDENTIAL",
                "origin": "Embassy Tehran",
                "referenced_ids": [],
            },
        },
    ),
    # --- bodies with leftover HTML (body-with-html/) -----------------------------------
    Case(
        "body-with-html/00HARARE5461.txt",
        "body with <code><pre> and <a id='par1'>¶</a> anchors, no routing header, TAGS without"
        " colon, REF with page-break noise, SUMMARY heading, signer followed by a banner",
        {
            **_HARARE5461,
            "format": "body",
        },
    ),
    Case(
        "body-with-html/00HARARE6677.txt",
        "the same cable's text as another tool left it, its words spaced from their stops: each"
        " paragraph's number ends a line (a heading's, '¶1 .') and its marking opens the next"
        " ('( C ) ACCORDING'); the paragraphs were unnumbered",
        {
            "id": "00HARARE6677",
            "format": "body",
            "classification": "CONFIDENTIAL",
            "section": (1, 2),
            "summary_starts": "ACCORDING TO A SENIOR [ORG MDC ] ADVISOR",
            "paragraphs": [(None, None)] + pars(*["C"] * 10),
        },
    ),
    Case(
        "text/2005/05SANJOSE1671.txt",
        "a body of short lines with neither numbers nor markings after the REF line: the"
        " preamble took each line for an addressing note, and the cable had no paragraph",
        {
            "id": "05SANJOSE1671",
            "subject": "COSTA RICAN REPRESENTATION AT WHTI MEETING",
            "refs": [(None, "05STATE132219", "cable")],
            "paragraphs": [(None, None)],
            "par_contains": {None: "Econoff communicated with Vice Minister"},
            "signers": ["KAPLAN"],
        },
    ),
    Case(
        "text/2006/06NEWDELHI4100.txt",
        "the body's one marked paragraph on the line after Classified By, taken into it",
        {
            "id": "06NEWDELHI4100",
            "refs": [("A", "06STATE94541", "cable"), ("B", "06NEWDELHI3473", "cable")],
            "cb_names": ["Atul Keshap"],
            "paragraphs": [(None, "C")],
            "par_contains": {None: "On June 12 A/PolCouns met with"},
            "signers": ["MULFORD"],
        },
    ),
    Case(
        "body-with-html/08NAIROBI2290.txt",
        "body with anchors: TAGS as links, REF labels B. and C. turned into ¶ anchors, (S-NF)",
        {
            **_NAIROBI2290,
            "format": "body",
        },
    ),
    Case(
        "body-with-html/03THEHAGUE2835.txt",
        "body with anchors and TAGS links, a truncated preview then a comma-separated"
        " cables.csv row with the full body inside; DECL: 1.6 FIVE YEARS AFTER CLOSURE OF ICTY;"
        " reasons 1.5(b)-(d) as a range wrapped over two lines; '7.(S/NF)' without anchor",
        {
            "id": "03THEHAGUE2835",
            "format": "body",
            "classification": "SECRET",
            "section": (1, 5),
            "handling": ["SIPDIS", "NOFORN"],
            "eo": "12958",
            "decl_date": None,
            "tags": ["PREL", "PHUM", "BK", "HR", "SR", "NL", "ICTY"],
            "subject": "ICTY: AN INSIDE LOOK INTO MILOSEVIC'S HEALTH AND SUPPORT NETWORK",
            "refs": [(None, "03THEHAGUE2568", "cable")],
            "cb_names": ["Clifton M. Johnson"],
            "cb_reasons": ["1.5(b)", "1.5(c)", "1.5(d)"],
            "summary_starts": "The head of the detention unit of the International Criminal",
            "paragraphs": pars(*["S//NF"] * 15),
            "par_contains": {6: "Physical Health"},
            "signers": ["SOBEL"],
            "meta": {
                "reference_id": "03THEHAGUE2835",
                "created": "2003-11-12 16:26",
                "released": None,
                "classification": "SECRET//NOFORN",
                "origin": "Embassy The Hague",
                "referenced_ids": ["03THEHAGUE2568"],
            },
        },
    ),
    Case(
        "body-with-html/06THEHAGUE1739.txt",
        "body with anchors: a truncated preview, then a cables.csv row (origin split over two"
        ' lines) holding the routing header and the body, doubled "" quotes in the body',
        {
            "id": "06THEHAGUE1739",
            "format": "body",
            "dtg": "2006-08-09T14:00Z",
            "from": "AMEMBASSY THE HAGUE",
            "to": [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "6508")],
            "info": [
                ("RUEHZG", "NATO EU COLLECTIVE", "PRIORITY", None),
                ("RUEHLB", "AMEMBASSY BEIRUT", "PRIORITY", "0188"),
                ("RUEHBUL", "AMEMBASSY KABUL", "PRIORITY", "0187"),
                ("RUEKJCS", "CJCS WASHDC", "PRIORITY", None),
                ("RHEHNSC", "NSC WASHDC", "PRIORITY", None),
                ("RUEKJCS", "SECDEF WASHDC", "PRIORITY", None),
            ],
            "classification": "CONFIDENTIAL",
            "handling": ["SIPDIS"],
            "decl_date": "2016-08-09",
            "tags": ["MARR", "PGOV", "PREL", "NL", "LE", "AF"],
            "subject": "NETHERLANDS/JSF/C-17/LEBANON/AFGHANISTAN: MEETING WITH DEFENSE MINSTER"
            " KAMP",
            "refs": [(None, "06KABUL3440", "cable")],
            "cb_names": ["Roland Arnall"],
            "cb_reasons": ["1.4(b)", "1.4(d)"],
            "summary_starts": "Defense Minister Henk Kamp said the GONL is committed",
            "paragraphs": pars(*["C"] * 8),
            "par_contains": {8: 'the USG "did a lot of good" in Uruzgan'},
            "signers": ["ARNALL"],
            "meta": {
                "reference_id": "06THEHAGUE1739",
                "created": "2006-08-09 14:00",
                "released": None,
                "classification": "CONFIDENTIAL",
                "origin": "Embassy The Hague",
                "referenced_ids": ["06KABUL3440"],
            },
        },
    ),
    # --- cables.csv of the full release (csv/) ------------------------------------------
    Case(
        "csv/cables_sample.csv",
        'cables.csv row 1: 1966 cable, header and body in separate multi-line fields, \\"'
        " escapes, TAGS comma separated",
        {
            **_BUENOSAIRES2481,
            "format": "csv",
            "row": 1,
            "par_contains": {1: 'ZONE OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES'},
            "meta": {
                "reference_id": "66BUENOSAIRES2481",
                "created": "1966-12-28 18:48",
                "released": None,
                "classification": "UNCLASSIFIED",
                "origin": "Embassy Buenos Aires",
                "referenced_ids": ["66STATE106206"],
            },
        },
        index=0,
    ),
    Case(
        "csv/cables_sample.csv",
        "cables.csv row 2: referenced IDs separated by '|', \\' escapes, SECTION 01 OF 01,"
        " E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006; REF list separated by colons;"
        " BEGIN SUMMARY ... END SUMMARY before the numbered paragraphs",
        {
            "id": "72TEHRAN1164",
            "format": "csv",
            "row": 2,
            "precedence": "ROUTINE",
            "dtg": "1972-02-25T09:30Z",
            "from": "AMEMBASSY TEHRAN",
            "to": [(None, "SECSTATE WASHDC", None, "7561")],
            "info_names": ["SECDEF", "EUCOM", "CSAF"],
            "classification": "UNCLASSIFIED",
            "section": (1, 1),
            "eo": "12958",
            "decl_date": "2006-06-21",
            "tags": ["MASS", "MARR", "IR"],
            "subject": "ACCELERATION OF F-4ES FOR IRAN",
            "refs": [
                (None, "72TEHRAN1091", "cable"),
                (None, "72TEHRAN263", "cable"),
                (None, "72MOSCOW1603", "cable"),
            ],
            "summary_starts": "GENERAL AZIMI, MINISTER OF WAR, ON INSTRUCTION OF SHAH",
            "numbered": pars(*[None] * 8),
            "par_contains": {1: "US OFFICALS ALREADY AWARE OF SHAH'S CONCERN"},
            "signers": ["HECK"],
            "meta": {
                "reference_id": "72TEHRAN1164",
                "created": "1972-02-25 09:30",
                "released": None,
                "classification": "UNCLASSIFIED",
                "origin": "Embassy Tehran",
                "referenced_ids": ["72MOSCOW1603", "72TEHRAN1091", "72TEHRAN263"],
            },
        },
        index=1,
    ),
]


# ---------------------------------------------------------------------------
# The test


@cache
def _load(root: str, path: str) -> tuple[Cable, ...]:
    return tuple(read_cables(Path(root) / path))


def _cable(shared_cables: Path, case: Case) -> Cable:
    path = shared_cables / case.path
    assert path.is_file(), f"missing real cable {path}"
    cables = _load(str(shared_cables), case.path)
    assert len(cables) > case.index, f"{case.path} gave {len(cables)} cables"
    return cables[case.index]


def _check(c: Cable, key: str, expected: Any, where: str) -> None:
    if key == "summary_starts":
        _check_summary_starts(c, expected)
    elif key == "par_contains":
        _check_par_contains(c, expected)
    elif key == "cb_names_contain":
        _check_cb_names_contain(c, expected)
    elif key == "classified_by":  # only ever None here: the cable has no Classified By line
        assert c.classified_by is expected, f"{where}: {c.classified_by!r}"
    else:
        assert FIELDS[key](c) == expected, f"{where}: {key}"


def test_cases_are_well_formed() -> None:
    known = set(FIELDS) | PREDICATES
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "a cable is listed twice"
    for case in CASES:
        assert set(case.expect) <= known, f"{case.path}: unknown keys {set(case.expect) - known}"
        assert len(case.expect) >= 5, f"{case.path}: assert several fields"
    assert len({(c.path, c.index) for c in CASES}) >= 45


@pytest.mark.parametrize(("case", "key", "expected"), field_params(CASES))
def test_field(shared_cables: Path, case: Case, key: str, expected: Any) -> None:
    _check(_cable(shared_cables, case), key, expected, case.path)


# ---------------------------------------------------------------------------
# Encodings and line ends the corpus lacks: every real file is UTF-8 with LF. Each of these
# re-encodes a real cable into tmp_path (same file name) and checks that it parses to the
# same fields as the original file, and to the hand-checked values of a few of them.


@dataclass(frozen=True)
class Reencoding:
    case: str  # Case.name of the original
    encoding: str  # a Python codec; "utf-16-be+bom" writes the BOM by hand
    newline: str
    why: str

    @property
    def id(self) -> str:
        nl = {"\r\n": "crlf", "\r": "cr", "\n": "lf"}[self.newline]
        return f"{self.case}-{self.encoding}-{nl}"


REENCODINGS = [
    Reencoding(
        "text:00HARARE5461",
        "cp1252",
        "\r\n",
        "Windows-1252 with CRLF: the curly quotes of MUGABE\u2019S become byte 0x92",
    ),
    Reencoding(
        "html:06SKOPJE105",
        "latin-1",
        "\r\n",
        "Latin-1 with CRLF: the page's paragraph signs (\u00b61.) become byte 0xB6",
    ),
    Reencoding("text:10ABUDHABI69", "utf-8", "\r", "old Mac line ends: CR only"),
    Reencoding("text:08NAIROBI2290", "utf-16", "\r\n", "UTF-16 little-endian with BOM, CRLF"),
    Reencoding("text:09BAKU179", "utf-16-be+bom", "\n", "UTF-16 big-endian with BOM"),
    Reencoding("text:09LONDON2702", "utf-8-sig", "\n", "UTF-8 with a BOM"),
]

#: hand-checked values asserted again on the re-encoded file
REENCODED_KEYS = ("id", "subject", "tags", "paragraphs", "dtg", "classification", "decl_date")

_CASES_BY_NAME = {c.name: c for c in CASES}


def _encode(text: str, encoding: str, newline: str) -> bytes:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
    if encoding == "utf-16-be+bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


@pytest.mark.parametrize("re_", REENCODINGS, ids=[r.id for r in REENCODINGS])
def test_reencoded_cable_gives_the_same_fields(
    shared_cables: Path, tmp_path: Path, re_: Reencoding
) -> None:
    case = _CASES_BY_NAME[re_.case]
    original = _cable(shared_cables, case)
    if case.path.startswith("text/"):
        text = (shared_cables / case.path).read_bytes().decode("utf-8")
    else:  # an HTML page: the cable text it shows, saved as a plain text file
        text = original.text
    data = _encode(text, re_.encoding, re_.newline)
    assert data != text.encode("utf-8"), "the re-encoding must change the bytes"
    target = tmp_path / (Path(case.path).stem + ".txt")
    target.write_bytes(data)

    [cable] = list(read_cables(target))
    assert cable.source.format == "txt"
    assert _squash(cable.text) == _squash(original.text), "the text must survive decoding"
    differ = [
        key
        for key in case.expect
        if key in FIELDS
        and key not in ("format", "row", "meta")
        and FIELDS[key](cable) != FIELDS[key](original)
    ]
    assert not differ, f"{re_.why}: fields differ from the original file: {differ}"
    for key in REENCODED_KEYS:
        if key in case.expect:
            _check(cable, key, case.expect[key], f"{target.name} ({re_.why})")
