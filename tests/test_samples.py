"""Checks on the bundled sample cables in resources/samples/.

Standard library only; the cable parser is not used (these tests guard the fixtures
themselves). resources/samples/README.md is the specification: it lists every sample,
the reference threads and the six deliberate marking errors.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
README = SAMPLES / "README.md"

ID_RE = re.compile(r"^\d{2}[A-Z]+[1-9]\d*$")
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()

# Post names as they appear in banners and REF lines. Multi-word names first.
POSTS = [
    "USUN NEW YORK",
    "ABU DHABI",
    "SAO PAULO",
    "PRAGUE",
    "MOSCOW",
    "ANKARA",
    "NAIROBI",
    "TOKYO",
    "BRASILIA",
    "PARIS",
    "STATE",
    "ISTANBUL",
    "KABUL",
    "VLADIVOSTOK",
]
POST_RE = "|".join(re.escape(p) for p in POSTS)

# Banner: classification (possibly letter-spaced or lower case, possibly with //controls),
# optional SECTION nn OF nn, post, serial.


def _spaced(word: str) -> str:
    """Match WORD also when letter-spaced (C O N F I D E N T I A L)."""
    return r"\s?".join(word)


CLASS_RE = "|".join(
    [
        _spaced("TOP") + r"\s+" + _spaced("SECRET"),
        _spaced("SECRET"),
        _spaced("CONFIDENTIAL"),
        "UNCLASSIFIED",
        "UNCLAS",
        "LIMITED OFFICIAL USE",
    ]
)
BANNER_RE = re.compile(
    rf"^\s*(?P<cls>{CLASS_RE})(?://(?:NOFORN|FOR OFFICIAL USE ONLY))?"
    rf"\s+(?:SECTION \d+ OF \d+\s+)?(?P<post>{POST_RE})\s+(?P<serial>\d+)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
DTG_RE = re.compile(r"^[ZOPR](?: [ZOPR])? (\d{2})(\d{2})(\d{2})Z ([A-Z]{3}) (\d{2})\s*$", re.M)
DE_RE = re.compile(r"^DE (RU[A-Z]+) #(\d{4})(?:/\d\d)? (\d{3})(\d{4})\s*$", re.M)
SECURITY_RE = re.compile(r"^(ZN[RY] [A-Z]{5}) ZZH", re.M)
REF_BLOCK_RE = re.compile(r"^REF:(.*?)(?=\n[ \t]*\n)", re.M | re.S)
REF_ENTRY_RE = re.compile(r"(?:\b(\d{2}|\d{4})\s+)?\b(" + POST_RE + r")\s+(\d{1,6})(?![/\d])")


def read_text(path: Path) -> str:
    """Samples are UTF-8 except one cp1252 file; one file has CRLF line endings."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return text.replace("\r\n", "\n")


def txt_files() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("[0-9][0-9][0-9][0-9]/*.txt"))


def all_sample_ids() -> set[str]:
    """IDs of every sample in any container."""
    ids = {p.stem for p in txt_files()}
    ids |= {p.stem for p in (SAMPLES / "html").glob("*.html")}
    ids |= {p.stem for p in (SAMPLES / "body").glob("*.txt")}
    for row in csv_rows():
        ids.add(row[2])
    return ids


def csv_rows() -> list[list[str]]:
    with open(SAMPLES / "csv" / "cables.csv", newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh, escapechar="\\", doublequote=False))


def cable_year(text: str) -> int:
    m = DTG_RE.search(text)
    assert m, "no date-time group"
    yy = int(m.group(5))
    return 1900 + yy if yy >= 50 else 2000 + yy


def dtg_date(text: str) -> date:
    m = DTG_RE.search(text)
    assert m, "no date-time group"
    return date(cable_year(text), MONTHS.index(m.group(4)) + 1, int(m.group(1)))


def banner_level(cls: str) -> str:
    squeezed = re.sub(r"\s+", "", cls).upper()
    for level, word in (("TS", "TOPSECRET"), ("S", "SECRET"), ("C", "CONFIDENTIAL")):
        if squeezed.startswith(word):
            return level
    return "U"


def refs_of(text: str, year: int) -> list[str]:
    """Canonical IDs of the cables named in the REF block (e-mails, telcons are skipped)."""
    m = REF_BLOCK_RE.search(text)
    if not m:
        return []
    out = []
    for yy, post, serial in REF_ENTRY_RE.findall(m.group(1)):
        y = yy[-2:] if yy else f"{year % 100:02d}"
        out.append(f"{y}{post.replace(' ', '')}{int(serial)}")
    return out


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    nxt = text.find("\n## ", start + 3)
    return text[start : nxt if nxt != -1 else len(text)]


# --------------------------------------------------------------------------- counts


def test_at_least_36_plain_text_samples():
    assert len(txt_files()) >= 36


def test_other_containers_present():
    assert len(list((SAMPLES / "html").glob("*.html"))) == 2
    assert len(list((SAMPLES / "body").glob("*.txt"))) == 1
    assert len(csv_rows()) == 3


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize("path", txt_files(), ids=lambda p: p.name)
def test_file_name_is_canonical_id(path: Path):
    cid = path.stem
    assert ID_RE.match(cid), f"{cid} is not a canonical ID"
    text = read_text(path)
    year = cable_year(text)
    assert path.parent.name == str(year), "file is in the wrong year folder"
    banner = BANNER_RE.search(text)
    assert banner, "no banner found"
    expected = f"{year % 100:02d}{banner.group('post').upper().replace(' ', '')}"
    expected += str(int(banner.group("serial")))
    assert cid == expected, f"banner and DTG say {expected}"


@pytest.mark.parametrize(
    "path",
    sorted((SAMPLES / "html").glob("*.html")) + sorted((SAMPLES / "body").glob("*.txt")),
    ids=lambda p: p.name,
)
def test_other_file_names_are_canonical_ids(path: Path):
    assert ID_RE.match(path.stem)


# --------------------------------------------------------------------------- references


def thread_rows() -> list[tuple[str, set[str], set[str]]]:
    rows = []
    section = readme_section("Reference threads")
    for line in section.splitlines():
        m = re.match(r"^\|\s*`([^`]+\.txt)`\s*\|([^|]*)\|([^|]*)\|\s*$", line)
        if not m:
            continue

        def ids(cell: str) -> set[str]:
            return {x.strip() for x in cell.split(",") if x.strip() and x.strip() != "-"}

        rows.append((m.group(1), ids(m.group(2)), ids(m.group(3))))
    return rows


def test_readme_thread_tables_parsed():
    assert len(thread_rows()) >= 15


@pytest.mark.parametrize(
    "rel, inside, outside",
    thread_rows(),
    # the same IDs in every process (a set's order follows its process's string hashes)
    ids=lambda v: "+".join(sorted(v)) if isinstance(v, set) else str(v),
)
def test_thread_refs_point_to_existing_files(rel: str, inside: set[str], outside: set[str]):
    path = SAMPLES / rel
    assert path.exists(), f"{rel} listed in README does not exist"
    text = read_text(path)
    refs = set(refs_of(text, cable_year(text)))
    known = all_sample_ids()
    assert refs == inside | outside, f"REF lines name {sorted(refs)}"
    for cid in inside:
        matches = list(SAMPLES.glob(f"[0-9][0-9][0-9][0-9]/{cid}.txt"))
        assert matches, f"{cid}, cited by {rel}, has no file"
    for cid in outside:
        assert cid not in known, f"{cid} is a sample; README says it is not"


def test_at_least_12_refs_between_samples():
    ids = {p.stem for p in txt_files()}
    n = 0
    for p in txt_files():
        text = read_text(p)
        n += sum(1 for r in refs_of(text, cable_year(text)) if r in ids)
    assert n >= 12


def test_a_chain_of_at_least_4_cables():
    ids = {p.stem for p in txt_files()}
    cites = {}
    for p in txt_files():
        text = read_text(p)
        cites[p.stem] = {r for r in refs_of(text, cable_year(text)) if r in ids}

    def longest(cid: str, seen: frozenset[str]) -> int:
        return 1 + max((longest(c, seen | {c}) for c in cites[cid] if c not in seen), default=0)

    assert max(longest(c, frozenset({c})) for c in cites) >= 4


def test_some_refs_point_outside_the_folder():
    known = all_sample_ids()
    outside = set()
    for p in txt_files():
        text = read_text(p)
        outside |= {r for r in refs_of(text, cable_year(text)) if r not in known}
    assert len(outside) >= 3


# --------------------------------------------------------------------------- README


def deliberate_error_files() -> list[str]:
    section = readme_section("Deliberate marking errors")
    return re.findall(r"^\|\s*E\d\s*\|\s*`([^`]+)`", section, re.M)


def test_deliberate_errors_name_existing_files():
    files = deliberate_error_files()
    assert len(files) == 6
    assert len(set(files)) == 6, "each error must be in a different cable"
    for rel in files:
        assert (SAMPLES / rel).exists(), f"{rel} does not exist"


def test_readme_lists_every_sample_file():
    text = README.read_text(encoding="utf-8")
    for p in SAMPLES.rglob("*"):
        if p.is_file() and p != README and not p.name.startswith("."):
            assert p.relative_to(SAMPLES).as_posix() in text, f"README does not list {p.name}"


def test_readme_says_fiction():
    assert "fiction" in README.read_text(encoding="utf-8").lower()


# --------------------------------------------------------------------------- consistency
#
# A small stand-in for the future quality check, to keep the fixtures honest: every
# plain-text cable must be clean except for the one deliberate error README assigns to it.

CODES = {"U": "ZNR UUUUU", "C": "ZNY CCCCC", "S": "ZNY SSSSS", "TS": "ZNY TTTTT"}
RANK = {"U": 0, "C": 2, "S": 3, "TS": 4}
MARK_RE = re.compile(r"^(?:- 1|\u00b6)?\d+\.\s+\(([^)]+)\)|^[A-H]\) \(([^)]+)\)", re.M)
UNMARKED_RE = re.compile(r"^(?:- 1|\u00b6)?\d+\.\s+(?!\()\S", re.M)
EO_RE = re.compile(r"^E\.?O\.? ?\d{5}:? ?(?:DECL: ?)?(.*?)\s*$", re.M)

# README error number -> the problem code found below
ERROR_KINDS = {
    "E1": "portion-above-banner",
    "E2": "unmarked-paragraph",
    "E3": "security-line",
    "E4": "julian-day",
    "E5": "noforn-missing",
    "E6": "declassify-before-date",
}


def deliberate_errors() -> dict[str, str]:
    """file stem -> problem code, from the README table."""
    section = readme_section("Deliberate marking errors")
    rows = re.findall(r"^\|\s*(E\d)\s*\|\s*`([^`]+)`", section, re.M)
    return {Path(rel).stem: ERROR_KINDS[num] for num, rel in rows}


def mark_level(mark: str) -> str:
    head = re.split(r"[/ -]", mark.strip().upper())[0]
    return {"U": "U", "SBU": "U", "C": "C", "S": "S", "TS": "TS"}[head]


def parse_decl(value: str) -> date | None:
    for pattern, order in (
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy"),
        (r"(\d{4})/(\d{1,2})/(\d{1,2})", "ymd"),
        (r"(\d{1,2})/(\d{1,2})/(\d{2})", "mdy2"),
    ):
        m = re.fullmatch(pattern, value)
        if m:
            a, b, c = (int(x) for x in m.groups())
            if order == "ymd":
                return date(a, b, c)
            return date(c if order == "mdy" else 2000 + c, a, b)
    return None


def problems(text: str) -> set[str]:
    found = set()
    banner = BANNER_RE.search(text)
    level = banner_level(banner.group("cls"))
    cdate = dtg_date(text)
    de = DE_RE.search(text)
    if de:
        if int(de.group(3)) != cdate.timetuple().tm_yday:
            found.add("julian-day")
        if SECURITY_RE.search(text).group(1) != CODES[level]:
            found.add("security-line")
    head = text[: text.index("SUBJ")]
    noforn = "NOFORN" in head
    for m in MARK_RE.finditer(text):
        mark = m.group(1) or m.group(2)
        if RANK[mark_level(mark)] > RANK[level]:
            found.add("portion-above-banner")
        if re.search(r"NF|NOFORN", mark) and not noforn:
            found.add("noforn-missing")
    if level != "U" and cdate.year >= 1980 and UNMARKED_RE.search(text):
        found.add("unmarked-paragraph")
    decl = parse_decl(EO_RE.search(text).group(1))
    if decl and decl < cdate:
        found.add("declassify-before-date")
    has_cb = re.search(r"^classified by", text, re.M | re.I) is not None
    e12065 = re.search(r"^E\.O\. 12065: GDS .*\(", text, re.M) is not None
    if level == "U" and has_cb:
        found.add("classified-by-on-unclassified")
    if level != "U" and not (has_cb or e12065):
        found.add("classified-by-missing")
    return found


@pytest.mark.parametrize("path", txt_files(), ids=lambda p: p.name)
def test_only_the_deliberate_errors(path: Path):
    expected = deliberate_errors().get(path.stem)
    assert problems(read_text(path)) == ({expected} if expected else set())


def test_modern_cables_have_de_lines():
    for path in txt_files():
        text = read_text(path)
        assert ("VZCZC" in text) == (DE_RE.search(text) is not None), path.name


# --------------------------------------------------------------------------- containers


def test_csv_layout():
    for row in csv_rows():
        assert len(row) == 8
        assert row[0].isdigit()
        assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}", row[1])
        assert ID_RE.match(row[2])
        assert "\n" in row[6] and "\n" in row[7]
    raw = (SAMPLES / "csv" / "cables.csv").read_text(encoding="utf-8")
    assert '\\"' in raw, 'quotes inside fields are escaped as \\"'


@pytest.mark.parametrize("path", sorted((SAMPLES / "html").glob("*.html")), ids=lambda p: p.name)
def test_html_page_layout(path: Path):
    page = path.read_text(encoding="utf-8")
    for th in ("Reference ID", "Created", "Released", "Classification", "Origin"):
        assert f"<th>{th}</th>" in page
    assert page.count("<pre>") == 2
    assert "&#x000A;" in page
    assert "<script" in page
    assert re.search(r"<img [^>]*src='http://", page)
    assert re.search(r"<a id='par1' href='#par1'>\u00b6</a>1\.", page)
    assert f">{path.stem}</a>" in page


def test_body_only_file():
    (path,) = (SAMPLES / "body").glob("*.txt")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<code><pre>") and text.endswith("</pre></code>")
    assert "<a id='par1' href='#par1'>\u00b6</a>1. (C)" in text
