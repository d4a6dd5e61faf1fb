"""Tests for reader.parser.header: the routing header's grammar, one function at a time.

Each expected value is read off the line by hand with FORMAT.md's anatomy table (the seed's
``DE RUEHPG #0497 1271501`` is station RUEHPG, serial 0497, Julian day 127, 15:01 Zulu).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.model.records import Address, DeLine
from reader.parser.header import (
    DE_RE,
    DTG_RE,
    MONTHS,
    PRECEDENCE_LETTERS,
    RI_LINE_RE,
    ROUTING_RE,
    SECURITY_RE,
    TRANSMISSION_RE,
    expand_year,
    parse_address,
    parse_de,
    parse_dtg,
)

# --------------------------------------------------------------------------- tables


def test_precedence_letters_and_months() -> None:
    assert PRECEDENCE_LETTERS == {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
    assert MONTHS["JAN"] == 1 and MONTHS["MAY"] == 5 and MONTHS["DEC"] == 12
    assert len(MONTHS) == 12


# --------------------------------------------------------------------------- expand_year


@pytest.mark.parametrize(
    ("year", "expected"),
    [("66", 1966), ("07", 2007), ("50", 1950), ("49", 2049), ("7", 2007), ("2007", 2007)],
)
def test_expand_year(year: str, expected: int) -> None:
    assert expand_year(year) == expected


# --------------------------------------------------------------------------- DE line


def test_parse_de_seed_line() -> None:
    assert parse_de("DE RUEHPG #0497 1271501") == DeLine(
        station="RUEHPG", serial="0497", section=None, julian_day=127, time="1501", line=None
    )


def test_parse_de_section_and_line_number() -> None:
    de = parse_de("DE RUEHAK #8852/01 3571512", 4)
    assert de == DeLine("RUEHAK", "8852", "01", 357, "1512", 4)


def test_parse_de_without_day_and_time() -> None:
    assert parse_de("DE RUEHC #0001") == DeLine("RUEHC", "0001", None, None, None)


def test_parse_de_space_after_hash_and_leading_blanks() -> None:
    de = parse_de("   DE RUEHBU # 71 0391433")
    assert de is not None
    assert (de.station, de.serial, de.julian_day, de.time) == ("RUEHBU", "71", 39, "1433")


@pytest.mark.parametrize(
    "text", ["FM AMEMBASSY PRAGUE", "DE RUEHPG 0497 1271501", "DESK OFFICER #12", ""]
)
def test_parse_de_not_a_de_line(text: str) -> None:
    assert parse_de(text) is None


# --------------------------------------------------------------------------- DTG


def test_parse_dtg_seed() -> None:
    assert parse_dtg("O 071501Z MAY 07") == (
        datetime(2007, 5, 7, 15, 1, tzinfo=UTC),
        "IMMEDIATE",
        None,
    )


def test_parse_dtg_action_and_info_precedence() -> None:
    assert parse_dtg("P R 281848Z DEC 66") == (
        datetime(1966, 12, 28, 18, 48, tzinfo=UTC),
        "PRIORITY",
        "ROUTINE",
    )


def test_parse_dtg_four_digit_year_and_lower_case() -> None:
    assert parse_dtg("z 010000z jan 2010")[0] == datetime(2010, 1, 1, 0, 0, tzinfo=UTC)
    assert parse_dtg("z 010000z jan 2010")[1] == "FLASH"


@pytest.mark.parametrize(
    ("text", "precedence"),
    [
        ("R 311200Z FEB 09", "ROUTINE"),  # 31 February
        ("O 072401Z MAY 07", "IMMEDIATE"),  # hour 24
        ("P 071261Z MAY 07", "PRIORITY"),  # minute 61
        ("R 011200Z XYZ 09", "ROUTINE"),  # no such month
    ],
)
def test_parse_dtg_impossible_date_keeps_precedence(text: str, precedence: str) -> None:
    assert parse_dtg(text) == (None, precedence, None)


@pytest.mark.parametrize("text", ["", "TAGS: PREL", "X 071501Z MAY 07", "O 0715Z MAY 07"])
def test_parse_dtg_not_a_dtg(text: str) -> None:
    assert parse_dtg(text) == (None, None, None)


def test_parse_dtg_datetime_is_utc() -> None:
    when = parse_dtg("R 101632Z NOV 08")[0]
    assert when is not None and when.utcoffset() is not None and when.utcoffset().seconds == 0


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "RUEHC/SECSTATE WASHDC IMMEDIATE 9007",
            Address("SECSTATE WASHDC", "RUEHC", "IMMEDIATE", "9007"),
        ),
        (
            "RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY",
            Address("EUROPEAN POLITICAL COLLECTIVE", "RUEHZL", "PRIORITY", None),
        ),
        ("AMEMBASSY PRAGUE", Address("AMEMBASSY PRAGUE")),
        (
            "RUEHXX/AMEMBASSY FOO NIACT IMMEDIATE 1234",
            Address("AMEMBASSY FOO", "RUEHXX", "NIACT IMMEDIATE", "1234"),
        ),
        ("SECSTATE WASHDC PIORITY", Address("SECSTATE WASHDC", None, "PRIORITY", None)),
        ("AMEMBASSY PARIS IMMEDIAT 0002", Address("AMEMBASSY PARIS", None, "IMMEDIATE", "0002")),
        ("AMEMBASSY ROME FLASH 0001", Address("AMEMBASSY ROME", None, "FLASH", "0001")),
        ("RUEHC / SECSTATE WASHDC ROUTINE", Address("SECSTATE WASHDC", "RUEHC", "ROUTINE")),
        ("ZEN/AMCONSUL JERUSALEM", Address("AMCONSUL JERUSALEM", "ZEN")),
        ("AMEMBASSY LONDON 1234-1240", Address("AMEMBASSY LONDON", None, None, "1234-1240")),
        # one word is a name even when it looks like a serial or a precedence
        ("9007", Address("9007")),
        ("IMMEDIATE", Address("IMMEDIATE")),
    ],
)
def test_parse_address(text: str, expected: Address) -> None:
    assert parse_address(text) == expected


def test_parse_address_keeps_line_number() -> None:
    address = parse_address("RUEKJCS/SECDEF WASHDC PRIORITY", 11)
    assert address == Address("SECDEF WASHDC", "RUEKJCS", "PRIORITY", None, 11)


@pytest.mark.parametrize("text", ["", "   ", "RUEHC/", "RUEHC/  "])
def test_parse_address_empty(text: str) -> None:
    assert parse_address(text) is None


# --------------------------------------------------------------------------- line patterns


def test_transmission_routing_and_security_patterns() -> None:
    m = TRANSMISSION_RE.match("VZCZCXRO7705")
    assert m is not None and m.group(1) == "VZCZCXRO7705"
    assert TRANSMISSION_RE.match("VZCZ7705") is None
    m = ROUTING_RE.match("OO RUEHDBU RUEHFL RUEHKW")
    assert m is not None and m.groups() == ("O", "RUEHDBU RUEHFL RUEHKW")
    assert ROUTING_RE.match("OP RUEHDBU") is None  # the prosign is doubled
    assert ROUTING_RE.match("OO RUEHDBU SOMETHING") is None
    m = RI_LINE_RE.match("RUEHLA RUEHROV RUEHSR  ")
    assert m is not None and m.group(1) == "RUEHLA RUEHROV RUEHSR"
    assert SECURITY_RE.match("ZNY CCCCC ZZH").groups() == ("ZNY", "C")  # type: ignore[union-attr]
    assert SECURITY_RE.match("ZNR UUUUU").groups() == ("ZNR", "U")  # type: ignore[union-attr]
    assert SECURITY_RE.match("ZNY CCCCS ZZH") is None
    assert DE_RE.match("DE RUEHPG #0497") is not None
    assert DTG_RE.match("TO RUEHC/SECSTATE WASHDC") is None


# --------------------------------------------------------------------------- real cables


def test_seed_header_lines(shared_cables: Path) -> None:
    """The seed's header, line by line, against the values FORMAT.md reads in it."""
    lines = (shared_cables / "seed" / "000_779b252bf3f7de24.txt").read_text().splitlines()
    de = next(parse_de(t) for t in lines if t.startswith("DE "))
    assert de == DeLine("RUEHPG", "0497", None, 127, "1501")
    dtg = next(parse_dtg(t) for t in lines if DTG_RE.match(t))
    assert dtg == (datetime(2007, 5, 7, 15, 1, tzinfo=UTC), "IMMEDIATE", None)
    to = next(t for t in lines if t.startswith("TO "))
    assert parse_address(to[3:]) == Address("SECSTATE WASHDC", "RUEHC", "IMMEDIATE", "9007")


@pytest.mark.corpus
def test_real_de_lines_agree_with_their_dtg(shared_cables: Path) -> None:
    """Every DE line of the corpus is read, and its Julian day is the DTG's day of the year.

    A relay may send a cable days after its DTG, so a few disagree (13 of 5,752 when this
    was written); a misread day or year would make most of them disagree.
    """
    unread: list[str] = []
    agree: list[str] = []
    differ: list[str] = []
    for path in sorted((shared_cables / "text").rglob("*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:40]
        de_text = next((t for t in lines if t.startswith("DE ")), None)
        if de_text is None:
            continue
        de = parse_de(de_text)
        when = next((parse_dtg(t)[0] for t in lines if DTG_RE.match(t)), None)
        if de is None or de.julian_day is None or when is None:
            unread.append(path.name)
        elif de.julian_day == when.timetuple().tm_yday:
            agree.append(path.name)
        else:
            differ.append(path.name)
    assert not unread, unread[:20]
    assert len(agree) > 5000
    assert len(differ) <= len(agree) // 100, differ
