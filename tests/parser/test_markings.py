"""The classification grammar: portion markings and banners, normalised."""

from __future__ import annotations

import pytest

from reader.parser.markings import (
    classification_level,
    collapse_letter_spacing,
    parse_banner,
    parse_portion,
)


@pytest.mark.parametrize(
    ("raw", "text", "level", "controls"),
    [
        ("(U)", "U", "U", ()),
        ("(C)", "C", "C", ()),
        ("(S)", "S", "S", ()),
        ("(TS)", "TS", "TS", ()),
        ("(SBU)", "SBU", "U", ()),
        ("(S/NF)", "S//NF", "S", ("NF",)),
        ("(S//NF)", "S//NF", "S", ("NF",)),
        ("(S-NF)", "S//NF", "S", ("NF",)),
        ("(S NF)", "S//NF", "S", ("NF",)),
        ("(S/NOFORN)", "S//NF", "S", ("NF",)),
        ("(C/NF)", "C//NF", "C", ("NF",)),
        ("(SBU/NF)", "SBU//NF", "U", ("NF",)),
        ("(U//FOUO)", "U//FOUO", "U", ("FOUO",)),
        ("(S//REL TO USA, FVEY)", "S//REL TO USA, FVEY", "S", ("REL TO USA, FVEY",)),
        ("(C/REL ISAF)", "C//REL TO ISAF", "C", ("REL TO ISAF",)),
        ("(S/Rel UK)", "S//REL TO UK", "S", ("REL TO UK",)),
        ("(C//REL TO USA, KEN, GBR//)", "C//REL TO USA, KEN, GBR", "C", ("REL TO USA, KEN, GBR",)),
        ("(S//FGI//NF)", "S//FGI//NF", "S", ("FGI", "NF")),
        ("(c)", "C", "C", ()),
        ("( C )", "C", "C", ()),
    ],
)
def test_portion_markings_normalise(
    raw: str, text: str, level: str, controls: tuple[str, ...]
) -> None:
    m = parse_portion(raw)
    assert m is not None
    assert (m.text, m.level, m.controls, m.valid) == (text, level, controls, True)


@pytest.mark.parametrize(
    "raw", ["(Afghanistan)", "(b,d)", "(UN)", "(SE)", "(1)", "()", "(C and D)"]
)
def test_words_in_parentheses_are_not_markings(raw: str) -> None:
    assert parse_portion(raw) is None


def test_unknown_control_is_kept_and_flagged() -> None:
    m = parse_portion("(C/F)")
    assert m is not None and m.level == "C" and not m.valid


def test_rank_orders_levels() -> None:
    ranks = [parse_portion(f"({x})").rank for x in ("U", "SBU", "C", "S", "TS")]  # type: ignore[union-attr]
    assert ranks == sorted(ranks) and len(set(ranks)) == 5


@pytest.mark.parametrize(
    ("line", "classification", "section", "post", "serial"),
    [
        ("CONFIDENTIAL PRAGUE 000497", "CONFIDENTIAL", None, "PRAGUE", "000497"),
        (
            "C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 008852",
            "CONFIDENTIAL",
            (1, 3),
            "ANKARA",
            "008852",
        ),
        ("S E C R E T ABU DHABI 000069 ", "SECRET", None, "ABU DHABI", "000069"),
        ("UNCLAS SECTION 01 OF 02 MEXICO 001311", "UNCLASSIFIED", (1, 2), "MEXICO", "001311"),
        (
            "C o n f i d e n t i a l section 01 of 04 ankara 000348",
            "CONFIDENTIAL",
            (1, 4),
            "ANKARA",
            "000348",
        ),
        ("SECRET//NOFORN", "SECRET//NOFORN", None, None, None),
        (
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
            None,
            None,
            None,
        ),
        ("LIMITED OFFICIAL USE ROME 001234", "LIMITED OFFICIAL USE", None, "ROME", "001234"),
        ("TOP SECRET STATE 012345", "TOP SECRET", None, "STATE", "012345"),
        ("SS E C R E T SECTION 01 OF 02 PARIS 001699", "SECRET", (1, 2), "PARIS", "001699"),
        (
            "O N F I D E N T I A L SECTION 01 OF 04 PARIS 004247",
            "CONFIDENTIAL",
            (1, 4),
            "PARIS",
            "004247",
        ),
        ("C O N F I D E N T I A LCAIRO 000079 SIPDIS", "CONFIDENTIAL", None, "CAIRO", "000079"),
        (
            "S E C R E T SECTION 01 OF 02 SANAA 001352SIPDISE.O. 12958",
            "SECRET",
            (1, 2),
            "SANAA",
            "001352",
        ),
    ],
)
def test_banners(
    line: str,
    classification: str,
    section: tuple[int, int] | None,
    post: str | None,
    serial: str | None,
) -> None:
    b = parse_banner(line)
    assert b is not None
    assert (b.classification, b.section, b.post, b.serial) == (
        classification,
        section,
        post,
        serial,
    )


@pytest.mark.parametrize(
    "line",
    [
        "Secretary of State",
        "SECRETARY OF STATE RICE",
        "Secretariat for National Defense",
        "Confidentiality is key here in every way",
    ],
)
def test_prose_is_not_a_banner(line: str) -> None:
    assert parse_banner(line) is None


def test_banner_levels_and_controls() -> None:
    b = parse_banner("SECRET//NOFORN")
    assert b is not None and b.marking.level == "S" and b.marking.noforn
    u = parse_banner("UNCLASSIFIED//FOR OFFICIAL USE ONLY")
    assert u is not None and u.marking.level == "U" and u.marking.cui


def test_letter_spacing_collapses() -> None:
    assert collapse_letter_spacing("C O N F I D E N T I A L ANKARA") == "CONFIDENTIAL ANKARA"


@pytest.mark.parametrize(
    ("text", "level", "rank"),
    [
        ("SECRET//NOFORN", "S", 3),
        ("S", "S", 3),
        ("S/NF", "S", 3),
        ("C//NF", "C", 2),
        ("TS//SI", "TS", 4),
        ("TOP SECRET//NOFORN", "TS", 4),
        ("SBU", "U", 1),
        ("FOUO", "U", 1),
        ("LIMITED OFFICIAL USE", "U", 1),
        ("SENSITIVE BUT UNCLASSIFIED", "U", 1),
        ("UNCLASSIFIED", "U", 0),
        ("UNCLAS", "U", 0),
        ("CONFIDENTIAL", "C", 2),
        ("garbage", None, -1),
        ("", None, -1),
        (None, None, -1),
    ],
)
def test_classification_level_is_the_one_reading_of_a_level(
    text: str | None, level: str | None, rank: int
) -> None:
    assert classification_level(text) == (level, rank)
