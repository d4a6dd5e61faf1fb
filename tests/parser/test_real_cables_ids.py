"""Real cables from ../shared/cables for the ID classes, values checked by hand against each text.

Same style as test_real_cables.py: each case names one file under ``../shared/cables`` and the
values a careful reader finds in it, written down by reading the file, not by running the
parser. The classes: chimeras (a banner, dumped record or quoted cable of another cable in the
file), serials cut short in a banner, damaged banners, a redacted post, and published IDs that
are malformed (08EFTOLONDON2883, 08ECTION01OF02MANAMA492). ``conflicts`` lists the claims the
``id-conflict`` problem names (source and words), empty where every claim agrees. Fields a
chimera takes from the other cable (its classification, a dumped record's date) are not
asserted here: they are not the cable's own.

One test per (cable, field): ``pytest -k 07PARIS2725`` runs one cable, ``-k published_id`` one
field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from real_cases import Case, field_params

from reader.model.records import Cable
from reader.parser.containers import read_cables

pytestmark = pytest.mark.corpus


def _dtg(c: Cable) -> str | None:
    return c.dtg.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if c.dtg else None


def _conflicts(c: Cable) -> list[str]:
    found = [p.message for p in c.problems if p.code == "id-conflict"]
    assert len(found) <= 1, found
    return found[0].split("disagree: ", 1)[1].split("; ") if found else []


FIELDS: dict[str, Callable[[Cable], Any]] = {
    "id": lambda c: c.id,
    "published_id": lambda c: c.published_id,
    "meta_id": lambda c: c.meta.reference_id if c.meta else None,
    "station_serial": lambda c: c.station_serial,
    "from": lambda c: c.from_.name if c.from_ else None,
    "dtg": _dtg,
    "banner": lambda c: (c.banner_post, c.banner_serial),
    "section": lambda c: (c.section.number, c.section.of) if c.section else None,
    "classification": lambda c: c.classification,
    "conflicts": _conflicts,
}


CASES: list[Case] = [
    # --- chimeras: another cable's banner or record in the file ----------------------------
    Case(
        "text/2007/07PARIS2725.txt",
        "Paris header (DE #2725, FM Paris, June 2007), then the text of a Moscow cable",
        {
            "id": "07PARIS2725",
            "published_id": "07PARIS2725",
            "station_serial": "2725",
            "from": "AMEMBASSY PARIS",
            "dtg": "2007-06-26T07:54Z",
            "banner": ("MOSCOW", "005154"),
            "section": (1, 4),
            "conflicts": ["banner MOSCOW 005154"],
        },
    ),
    Case(
        "html/cable/2009/04/09MOSCOW1108.html",
        "page 09MOSCOW1108: Moscow header (DE #1108), then a Shenyang banner and text",
        {
            "id": "09MOSCOW1108",
            "published_id": "09MOSCOW1108",
            "meta_id": "09MOSCOW1108",
            "station_serial": "1108",
            "from": "AMEMBASSY MOSCOW",
            "dtg": "2009-04-29T13:30Z",
            "banner": ("SHENYANG", "000004"),
            "section": (1, 2),
            "conflicts": ["banner SHENYANG 000004"],
        },
    ),
    Case(
        "text/2009/09HAVANA132.txt",
        "printed-telegram header from USINT Havana without a DE line, then a Moscow banner",
        {
            "id": "09HAVANA132",
            "published_id": "09HAVANA132",
            "station_serial": None,
            "from": "USINT HAVANA",
            "dtg": "2009-02-27T21:20Z",
            "banner": ("MOSCOW", "000512"),
            "section": (1, 2),
            "conflicts": ["banner MOSCOW 000512"],
        },
    ),
    Case(
        "text/2010/10ASUNCION71.txt",
        "the file's own header (DE #0071, Feb 2010), then a dumped record of 09ASUNCION13",
        {
            "id": "10ASUNCION71",
            "published_id": "10ASUNCION71",
            "meta_id": "09ASUNCION13",
            "banner": ("ASUNCION", "000013"),
            "conflicts": ["dumped record 09ASUNCION13", "later banner ASUNCION 000013"],
        },
    ),
    Case(
        "text/2009/09ASUNCION595.txt",
        "the file's own header (DE #0595, Oct 2009), then a dumped record of 09ASUNCION561",
        {
            "id": "09ASUNCION595",
            "published_id": "09ASUNCION595",
            "meta_id": "09ASUNCION561",
            "banner": ("ASUNCION", "000561"),
            "conflicts": ["dumped record 09ASUNCION561", "later banner ASUNCION 000561"],
        },
    ),
    Case(
        "text/2005/05MUSCAT679.txt",
        "partial extract holding only a Beijing banner: no year of its own, so no 05BEIJING2305",
        {
            "id": "05MUSCAT679",
            "published_id": "05MUSCAT679",
            "station_serial": None,
            "from": None,
            "dtg": None,
            "banner": ("BEIJING", "002305"),
            "section": (1, 3),
            "conflicts": ["banner BEIJING 002305"],
        },
    ),
    Case(
        "text/1988/88BAGHDAD28.txt",
        "1988 Baghdad header over the lower-cased text of a State cable (s e c r e t state 068250)",
        {
            "id": "88BAGHDAD28",
            "published_id": "88BAGHDAD28",
            "from": "AMEMBASSY BAGHDAD",
            "dtg": "1988-01-02T12:58Z",
            "conflicts": ["banner STATE 068250"],
        },
    ),
    # --- serials cut short ----------------------------------------------------------------
    Case(
        "text/2009/09STATE30927.txt",
        "no banner; the DE line holds the serial's last four digits (#0927)",
        {
            "id": "09STATE30927",
            "published_id": "09STATE30927",
            "station_serial": "0927",
            "from": "SECSTATE WASHDC",
            "dtg": "2009-03-31T18:58Z",
            "conflicts": [],
        },
    ),
    Case(
        "text/2009/09STATE49854.txt",
        "banner inside a dumped row; the DE line holds #9854",
        {
            "id": "09STATE49854",
            "published_id": "09STATE49854",
            "station_serial": "9854",
            "from": "SECSTATE WASHDC",
            "dtg": "2009-05-15T14:09Z",
            "conflicts": [],
        },
    ),
    Case(
        "text/2007/07BUENOSAIRES1673.txt",
        "banner serial cut to 00167 and run into SIPDIS; DE #1673",
        {
            "id": "07BUENOSAIRES1673",
            "published_id": "07BUENOSAIRES1673",
            "station_serial": "1673",
            "from": "AMEMBASSY BUENOS AIRES",
            "dtg": "2007-08-24T18:54Z",
            "banner": ("BUENOS AIRES", "00167"),
            "classification": "CONFIDENTIAL",
            "conflicts": [],
        },
    ),
    Case(
        "text/2010/10TRIPOLI112.txt",
        "banner serial cut to 00011; DE #0112",
        {
            "id": "10TRIPOLI112",
            "published_id": "10TRIPOLI112",
            "station_serial": "0112",
            "from": "AMEMBASSY TRIPOLI",
            "dtg": "2010-02-10T08:15Z",
            "banner": ("TRIPOLI", "00011"),
            "classification": "CONFIDENTIAL",
            "conflicts": [],
        },
    ),
    Case(
        "body-with-html/10TRIPOLI112.txt",
        "the same cut banner with no header at all: the file name's ID, the banner agreeing",
        {
            "id": "10TRIPOLI112",
            "published_id": "10TRIPOLI112",
            "station_serial": None,
            "dtg": None,
            "banner": ("TRIPOLI", "00011"),
            "classification": "CONFIDENTIAL",
            "conflicts": [],
        },
    ),
    # --- damaged banners and malformed published IDs ----------------------------------------
    Case(
        "text/2008/08ECTION01OF02MANAMA492.txt",
        "banner ECTION 01 OF 02 MANAMA 000492, and the published ID made from it",
        {
            "id": "08MANAMA492",
            "published_id": "08ECTION01OF02MANAMA492",
            "station_serial": "0492",
            "from": "AMEMBASSY MANAMA",
            "dtg": "2008-07-24T06:20Z",
            "banner": ("MANAMA", "000492"),
            "section": (1, 2),
            "classification": "CONFIDENTIAL",
            "conflicts": [],
        },
    ),
    Case(
        "text/2009/09SECTION02OF03QRIPOLI583.txt",
        "banner SECTION 02 OF 03QRIPOLI 000583 (no space, T read as Q); FM Tripoli, DE #0583",
        {
            "id": "09TRIPOLI583",
            "published_id": "09SECTION02OF03QRIPOLI583",
            "station_serial": "0583",
            "from": "AMEMBASSY TRIPOLI",
            "dtg": "2009-07-20T10:25Z",
            "banner": ("QRIPOLI", "000583"),
            "section": (2, 3),
            "classification": "SECRET",
            "conflicts": [],
        },
    ),
    Case(
        "text/2008/08SECTION01GF02BISHIEK21.txt",
        "banner SECTION 01 GF 02 BISHIEK 00Q021: the DE line (#1021) and FM Bishkek decide",
        {
            "id": "08BISHKEK1021",
            "published_id": "08SECTION01GF02BISHIEK21",
            "station_serial": "1021",
            "from": "AMEMBASSY BISHKEK",
            "dtg": "2008-10-06T09:32Z",
            "banner": ("BISHIEK", "00Q021"),
            "section": (1, 2),
            "classification": "UNCLASSIFIED",
            "conflicts": ["published 08SECTION01GF02BISHIEK21"],
        },
    ),
    Case(
        "text/2008/08EFTOLONDON2883.txt",
        "UNCLAS E F T O LONDON 002883: the published ID kept the handling word",
        {
            "id": "08LONDON2883",
            "published_id": "08EFTOLONDON2883",
            "station_serial": "2883",
            "from": "AMEMBASSY LONDON",
            "dtg": "2008-11-17T16:02Z",
            "banner": ("LONDON", "002883"),
            "conflicts": [],
        },
    ),
    # --- a redacted post ----------------------------------------------------------------------
    Case(
        "text/2010/10SHENYANG4.txt",
        "banner post redacted (XXXXXXXXXXXX 000004): FM Shenyang and DE #0004 give the ID",
        {
            "id": "10SHENYANG4",
            "published_id": "10SHENYANG4",
            "station_serial": "0004",
            "from": "AMCONSUL SHENYANG",
            "dtg": "2010-01-07T00:12Z",
            "banner": ("XXXXXXXXXXXX", "000004"),
            "section": (1, 2),
            "classification": "SECRET",
            "conflicts": [],
        },
    ),
]


@cache
def _load(root: str, path: str) -> tuple[Cable, ...]:
    return tuple(read_cables(Path(root) / path))


def test_cases_are_well_formed() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "a cable is listed twice"
    for case in CASES:
        assert set(case.expect) <= set(FIELDS), f"{case.path}: unknown keys"
        assert len(case.expect) >= 5, f"{case.path}: assert several fields"
    assert len(CASES) >= 10


@pytest.mark.parametrize(("case", "key", "expected"), field_params(CASES))
def test_field(shared_cables: Path, case: Case, key: str, expected: Any) -> None:
    path = shared_cables / case.path
    assert path.is_file(), f"missing real cable {path}"
    cables = _load(str(shared_cables), case.path)
    assert len(cables) == 1, f"{case.path} gave {len(cables)} cables"
    assert FIELDS[key](cables[0]) == expected, f"{case.path}: {key}"
