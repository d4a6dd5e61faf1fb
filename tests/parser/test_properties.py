"""Property tests: whatever the input, the parser never fails and never loses the text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.model.records import Cable, Source
from reader.parser.containers import UnreadableFile, read_cables
from reader.parser.parse import parse_cable

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

# Lines that look like cable elements, to push the state machine into every state.
CABLE_LINES = [
    "VZCZCXRO7705", "OO RUEHDBU RUEHFL", "DE RUEHPG #0497/01 1271501", "ZNY CCCCC ZZH",
    "O 071501Z MAY 07", "P R 281848Z DEC 66", "O 321599Z FOO 07", "FM AMEMBASSY PRAGUE",
    "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9007", "INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE",
    "XMT AMCONSUL X", "BT", "C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 008852",
    "SECRET//NOFORN", "UNCLAS", "SIPDIS", "NOFORN", "E.O. 12958: DECL: 05/07/2017",
    "E.O. 12958: DECL: 99/99/9999", "TAGS: PREL MARR RU EZ", "TAGS", "SUBJECT:", "SUBJECT: X",
    "REF: A. PRAGUE 486 B. 06 STATE 1", "REF:", "Classified By: Ambassador X Y for reasons 1.4 b+d",
    "1. (C) Text.", "- 11. (S/NF) Text", "¶2. (S//REL TO USA, FVEY) x", "3) (C/F)", "0. (U)",
    "SUMMARY", "END SUMMARY.", "-- bullet", "GRABER", "PAGE 02 HARARE 05461 01 OF 02 271458Z",
    "This record is a partial extract of the original cable.", "Cable dated:2006-02-15T07:44:00",
    "55988", "2006-03-09 22:28:00", "06MEXICO1311", "\t\t", "\\", "(", ")", "", " ",
]  # fmt: skip


def assert_sound(cable: Cable, text: str) -> None:
    assert cable.text == text
    assert not [p for p in cable.problems if p.code == "parser-error"], cable.problems
    for p in cable.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
        if p.marking_start is not None:
            assert p.marking_end is not None
            assert text[p.marking_start] == "(" and text[p.marking_end - 1] == ")"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    assert_sound(parse_cable(text), text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CABLE_LINES), max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_cable_shaped_text(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    assert_sound(parse_cable(text, source=Source("x/07PRAGUE497.txt", "txt")), text)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".html", ".htm", ".csv"]))
def test_arbitrary_bytes_through_containers(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    try:
        cables = list(read_cables(path))
    except UnreadableFile as exc:
        assert exc.reason and exc.path == str(path)
        return
    for cable in cables:
        assert not [p for p in cable.problems if p.code == "parser-error"]


def sample_texts() -> list[str]:
    return [
        p.read_bytes().decode("utf-8", errors="replace")
        for p in sorted(SAMPLES.rglob("*.txt"))
        if p.parent.name != "samples" and p.name != "README.md"
    ]


TEXTS = sample_texts()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TEXTS), st.integers(min_value=0), st.randoms(use_true_random=False))
def test_mangled_real_shaped_cables(text: str, cut: int, rnd: random.Random) -> None:
    lines = text.splitlines()
    how = rnd.choice(["truncate", "drop", "duplicate", "shuffle"])
    if how == "truncate":
        mangled = text[: cut % (len(text) + 1)]
    else:
        if how == "drop":
            lines = [ln for ln in lines if rnd.random() > 0.2]
        elif how == "duplicate":
            lines = [ln for ln in lines for _ in range(1 + (rnd.random() < 0.2))]
        else:
            rnd.shuffle(lines)
        mangled = "\n".join(lines)
    assert_sound(parse_cable(mangled), mangled)


@pytest.mark.corpus
def test_mangled_real_cables(shared_cables: Path) -> None:
    rnd = random.Random(20261128)
    files = sorted((shared_cables / "text").rglob("*.txt"))
    for path in rnd.sample(files, 300):
        text = path.read_bytes().decode("utf-8", errors="replace")
        lines = text.splitlines()
        variants = [
            text[: rnd.randrange(len(text) + 1)],
            "\n".join(ln for ln in lines if rnd.random() > 0.2),
            "\n".join(ln for ln in lines for _ in range(1 + (rnd.random() < 0.2))),
            "\n".join(rnd.sample(lines, len(lines))),
        ]
        for mangled in variants:
            assert_sound(parse_cable(mangled, source=Source(str(path), "txt")), mangled)
