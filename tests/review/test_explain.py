"""Codes in a cable's text and their meanings (the document view's tooltips)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reader.parser.containers import read_cables
from reader.parser.parse import parse_cable
from reader.review.explain import code_spans

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
TODAY = date(2025, 1, 1)


def _sample(name: str):  # noqa: ANN202
    (cable,) = read_cables(next(SAMPLES.rglob(name)))
    return cable


def _tips(cable) -> dict[str, str]:  # noqa: ANN001
    """Text under each span -> its tooltip (the first, for words that come back)."""
    out: dict[str, str] = {}
    for s in code_spans(cable, TODAY):
        out.setdefault(" ".join(cable.text[s.start : s.end].split()), s.text)
    return out


def test_every_kind_of_code_in_a_sample_cable_is_explained() -> None:
    tips = _tips(_sample("07PRAGUE512.txt"))
    assert tips["OO"].startswith("OO: IMMEDIATE (all addressees)")
    assert tips["RUEHPG"] == "RUEHPG: AMEMBASSY PRAGUE (Czech Republic, Europe)"
    assert tips["1291430"].startswith("1291430: day 129 of 2007 (9 May 2007), 14:30 Zulu")
    assert tips["ZNY"] == "ZNY: classified message (sent encrypted)"
    assert tips["CCCCC"].startswith("CCCCC: CONFIDENTIAL")
    assert tips["O"].startswith("O: IMMEDIATE")
    assert tips["091430Z MAY 07"].startswith("091430Z MAY 07: date-time group, 9 May 2007")
    assert tips["RUEHC"].startswith("RUEHC: SECSTATE WASHDC")
    assert tips["PRIORITY"].startswith("PRIORITY: to be handled before ROUTINE traffic")
    assert tips["SIPDIS"].startswith("SIPDIS: SIPRNet distribution")
    assert tips["05/09/2017"] == "Declassify: declassification date passed on 9 May 2017"
    assert tips["PARM"] == "PARM: Political Affairs--Arms Controls and Disarmament"
    assert tips["EZ"] == "EZ: Czech Republic"
    reasons = tips["reasons 1.4 (b) and (d)"].splitlines()
    assert reasons[0].startswith("1.4(b): foreign government information")
    assert reasons[1].startswith("1.4(d): foreign relations or foreign activities")
    assert tips["(C)"] == "(C) CONFIDENTIAL"


def test_markings_caveats_and_exemptions() -> None:
    nairobi = _tips(_sample("06NAIROBI3901.txt"))
    assert nairobi["(S-NF)"] == "(S//NF) SECRET\nNF: not releasable to foreign nationals (NOFORN)"
    assert nairobi["NOFORN"] == "NOFORN: not releasable to foreign nationals"
    paris = _tips(_sample("09PARIS1561.txt"))
    x1 = next(t for text, t in paris.items() if "X1" in text)
    assert x1.startswith("Declassify: X1: exempt from 10-year declassification")
    old = _tips(_sample("79MOSCOW14230.txt"))
    assert old["(C - ENTIRE TEXT)"].endswith("ENTIRE TEXT: the marking covers every paragraph")
    assert old["UR"].startswith("UR: Soviet Union")


def test_unknown_codes_say_so_and_nothing_is_guessed() -> None:
    text = (
        "VZCZCXRO0001\nRR RUEHQQQ\nDE RUEHQQQ #0001 0311200\nZNR UUUUU ZZH\n"
        "R 311200Z JAN 08\nFM AMEMBASSY NOWHERE\nTO RUEHC/SECSTATE WASHDC 0001\n"
        "BT\nUNCLAS NOWHERE 000001\n\nE.O. 12958: DECL: QZX 9\n"
        "TAGS: PREL QQQQ XQ\nSUBJECT: NOTHING\n\n1. (U) Nothing.\n\nSMITH\n"
    )
    tips = _tips(parse_cable(text))
    assert tips["RUEHQQQ"] == "RUEHQQQ: unknown code"
    assert tips["QQQQ"] == "QQQQ: unknown code"
    assert tips["XQ"] == "XQ: unknown code (shaped like a country code)"
    assert tips["PREL"].startswith("PREL: Political Affairs")
    assert tips["QZX 9"] == "Declassify: QZX 9: unknown code"


def test_spans_lie_in_the_text_and_do_not_overlap() -> None:
    for path in sorted(SAMPLES.rglob("*")):
        if path.suffix not in (".txt", ".html", ".csv") or path.name == "README.md":
            continue
        for cable in read_cables(path):
            spans = code_spans(cable, TODAY)
            assert spans, cable.id
            for a, b in zip(spans, spans[1:], strict=False):
                assert a.end <= b.start
            assert all(0 <= s.start < s.end <= len(cable.text) for s in spans)
