#!/usr/bin/env python3
"""Build the look-up TSV files in resources/data from ../shared/tables (run by hand).

    python resources/data/build_tables.py                   # write the TSV files
    python resources/data/build_tables.py --check-coverage  # also measure them on the cables

Reads the reference tables in ``<shared>/tables`` and, for routing indicators, the RI/NAME
pairs on the TO/INFO lines of the cables in ``<shared>/cables/text``; the facts written for
this project live in written_facts.py. Every TSV starts with ``# `` lines that name its
sources, then a line of column names, then one row a line. The TSV files are committed;
rerun this script after changing a source and commit the result.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import written_facts as facts

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_SHARED = REPO.parent / "shared"

# Repository @ commit of each reference table, as /work/shared/tables/README.md gives them.
TABLE_SOURCES = {
    "cablemap": "heuer/cablemap @ 42066c8f data/route2name.csv "
    "(names from the Allied Routing Indicator Book, ACP 117)",
    "cable2graph": "wlwardiary/cable2graph @ c20c65d8 data/routing.codes",
    "anarchivist": "anarchivist/cablegate-social-graph @ c4f8e0c7 stations.js",
    "cablemap-subject": "heuer/cablemap cablemap.core/cablemap/core/subject-tags.txt",
    "cable2graph-tags": "wlwardiary/cable2graph data/tags.subject, data/tags.program",
    "cablemap-organization": "heuer/cablemap organization-tags.txt",
    "ramsun": "ramsun/happiness-inc @ fa32a1a8 FIPS10.js (FIPS 10-4 -> ISO 3166 -> name)",
}

RI_RE = re.compile(r"R[A-Z]{3,6}")
HEADER_NOTE = "built by build_tables.py from the sources below; do not edit by hand"


# --------------------------------------------------------------------------- TSV output


@dataclass
class Table:
    """One TSV file: header comments, column names, rows keyed by the first column."""

    filename: str
    title: str
    columns: tuple[str, ...]
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, *fields: str) -> None:
        self.rows.append(tuple(f.strip() for f in fields))

    def check(self) -> None:
        """Fail loudly on a malformed row or a duplicate key (case-insensitive)."""
        seen: set[str] = set()
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"{self.filename}: {row!r} has {len(row)} fields")
            for value in row:
                if any(ch in value for ch in "\t\r\n"):
                    raise ValueError(f"{self.filename}: control character in {row!r}")
            key = row[0].upper()
            if not key:
                raise ValueError(f"{self.filename}: empty key in {row!r}")
            if key in seen:
                raise ValueError(f"{self.filename}: duplicate key {row[0]!r}")
            seen.add(key)

    def write(self, out_dir: Path) -> Path:
        self.check()
        lines = [f"# {self.filename}: {self.title}", f"# {HEADER_NOTE}"]
        lines += [f"# source {key}: {text}" for key, text in self.sources.items()]
        lines += [f"# note: {note}" for note in self.notes]
        lines.append("\t".join(self.columns))
        lines += ["\t".join(row) for row in self.rows]
        path = out_dir / self.filename
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


def written_rows(block: str) -> Iterator[list[str]]:
    """Rows of a written_facts block: fields split on `` | ``; a last ``?`` field means unsure."""
    for line in block.strip().splitlines():
        yield [part.strip() for part in re.split(r"\s*\|\s*", line.strip())]


def split_unsure(fields: list[str], width: int) -> tuple[list[str], str]:
    """Pad ``fields`` to ``width`` and return them with "?" if a further field says unsure."""
    unsure = "?" if len(fields) > width and fields[width] == "?" else ""
    padded = (fields + [""] * width)[:width]
    return padded, unsure


# --------------------------------------------------------------------------- cable scan


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


RI_TOKEN = re.compile(r"R[A-Z]{4,6}")
ROUTING_LINE = re.compile(r"^\s*(?:[ZOPRY]{2}|[ZOPRY] [ZOPRY])\s+(R[A-Z]{4,6}\b.*)$")
ADDRESS_START = re.compile(r"^(TO|INFO)\s")
ADDRESS_END = re.compile(
    r"^(BT|UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL|C O N F|"
    r"S E C R E T|U N C L|E\.\s?O\.|TAGS)\b",
    re.I,
)
#: ``RI/NAME`` followed by a precedence word, a serial number or the end of the line.
RI_PAIR = re.compile(
    r"(?<![A-Z0-9/])(R[A-Z]{4,6})/\s*([A-Z][^/]*?)"
    r"(?=\s+(?:NIACT\s+)?(?:IMMEDIATE|PRIORITY|PIORITY|ROUTINE|FLASH)\b|\s+\d+\s*$|\s*$)"
)


def header_lines(text: str) -> Iterator[tuple[str, str]]:
    """Yield (kind, text) for the routing, DE and TO/INFO lines at the top of a cable."""
    in_routing = in_addresses = False
    for line in text.splitlines()[:400]:
        stripped = line.strip()
        if in_addresses:
            if not stripped or ADDRESS_END.match(stripped):
                if stripped.startswith("BT"):
                    continue
                return
            yield "address", stripped
            continue
        if in_routing:
            tokens = stripped.split()
            if tokens and all(RI_TOKEN.fullmatch(t) for t in tokens):
                yield "routing", stripped
                continue
            in_routing = False
        match = ROUTING_LINE.match(line)
        if match:
            in_routing = True
            yield "routing", match.group(1)
        elif stripped.startswith("DE "):
            yield "de", stripped[3:]
        elif ADDRESS_START.match(stripped):
            in_addresses = True
            yield "address", stripped


def ri_occurrences(text: str) -> Iterator[tuple[str, str | None]]:
    """Every routing indicator in a cable's header, with the name it is paired with."""
    for kind, line in header_lines(text):
        if kind == "routing":
            yield from ((t, None) for t in line.split() if RI_TOKEN.fullmatch(t))
        elif kind == "de":
            first = line.split()[0] if line.split() else ""
            if RI_TOKEN.fullmatch(first):
                yield first, None
        else:
            body = ADDRESS_START.sub("", line)
            pairs = [(m.group(1), m.group(2).strip(" .,;")) for m in RI_PAIR.finditer(body)]
            if pairs:
                yield from pairs
            else:
                found = re.findall(r"(?<![A-Z0-9])(R[A-Z]{4,6})/", body)
                yield from ((t, None) for t in found)


def cable_files(cables_dir: Path) -> list[Path]:
    return sorted(cables_dir.rglob("*.txt"))


def scan_ri_pairs(cables_dir: Path) -> dict[str, Counter[str]]:
    """RI -> Counter of the names the cables pair it with (``RUEHC/SECSTATE WASHDC``)."""
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for path in cable_files(cables_dir):
        for ri, name in ri_occurrences(read_text(path)):
            if name:
                pairs[ri][re.sub(r"\s+", " ", name)] += 1
    return pairs


def name_group(name: str) -> str:
    """Key under which spellings of one address count together."""
    key = name.upper().replace("WASHINGTON DC", "WASHDC").replace("WASHINGTON, DC", "WASHDC")
    return re.sub(r"[^A-Z0-9]", "", key)


def dominant_name(names: Counter[str]) -> tuple[str, int, list[str]]:
    """The usual spelling if one address accounts for half the pairings, how often it is
    paired, and the most frequent names."""
    groups: Counter[str] = Counter()
    for name, count in names.items():
        groups[name_group(name)] += count
    top_group, top_count = groups.most_common(1)[0]
    examples = [name for name, _ in names.most_common(3)]
    if top_count * 2 < sum(groups.values()):
        return "", 0, examples
    spelled = [(count, name) for name, count in names.items() if name_group(name) == top_group]
    return max(spelled)[1], top_count, examples


# --------------------------------------------------------------------------- routing indicators


def expand_range(first: str, last: str) -> list[str]:
    """``RUHEHIA THRU RUHEHIZ`` -> the 26 indicators it covers (``RUWNABA THRU RUWNAMZ``: 312)."""
    if len(first) != len(last) or first > last:
        raise ValueError(f"bad range {first} THRU {last}")
    keys = [first]
    while keys[-1] != last:
        letters = list(keys[-1])
        position = len(letters) - 1
        while letters[position] == "Z":  # carry, as in counting
            letters[position] = "A"
            position -= 1
        letters[position] = chr(ord(letters[position]) + 1)
        keys.append("".join(letters))
    return keys


#: An RI listed in the reference tables takes the cables' name from this many pairings on.
MIN_PAIRINGS = 3

RANGE_RE = re.compile(r"^(R[A-Z]{3,6}) THRU (R[A-Z]{3,6})$")


def add_station(table: dict[str, list[str]], key: str, name: str, notes: dict[str, str]) -> None:
    name = re.sub(r"\s+", " ", name).strip()
    match = RANGE_RE.match(key)
    keys = expand_range(*match.groups()) if match else [key]
    for ri in keys:
        if match:
            notes[ri] = f"one of {match.group(1)} THRU {match.group(2)}"
        if not RI_RE.fullmatch(ri):
            raise ValueError(f"not a routing indicator: {ri!r}")
        if name not in table[ri]:
            table[ri].append(name)


def read_cablemap_routes(path: Path, notes: dict[str, str]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for key, name in csv.reader(handle):
            add_station(table, key.strip(), name, notes)
    return table


def read_cable2graph_routes(path: Path, notes: dict[str, str]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        key, name = line.split(None, 1)
        # The file is fixed-width and lost the T of THRU: "RHFJAAA     HRU RHFJAAZ ...".
        thru = re.match(r"^T?HRU (R[A-Z]{3,6}) (.*)$", name)
        if thru:
            key, name = f"{key} THRU {thru.group(1)}", thru.group(2)
        add_station(table, key, name, notes)
    return table


@dataclass
class AnarchivistStation:
    name: str
    country: str
    region: str


def read_anarchivist(path: Path) -> dict[str, AnarchivistStation]:
    stations = {}
    for key, value in json.loads(path.read_text(encoding="utf-8")).items():
        if not RI_RE.fullmatch(key):  # split lines of one broadcast entry: ATLANTIC, HALIFAX
            continue
        name = (value.get("name") or "").strip().strip("[]")
        stations[key] = AnarchivistStation(
            name, value.get("country_name") or "", value.get("region") or ""
        )
    return stations


#: anarchivist_stations.js country names that are wrong for the station, with the fix.
COUNTRY_FIXES = {
    "RUEHTU": "Tunisia",  # AMEMBASSY TUNIS, given as Mozambique
    "RUEHKU": "Kuwait",  # AMEMBASSY KUWAIT, given as Japan
    "RUEHLI": "Portugal",  # AMEMBASSY LISBON, given as Spain
    "RUEHBL": "United Kingdom",  # AMCONSUL BELFAST, given as Ireland
    "RUEHROV": "Holy See (Vatican City)",  # AMEMBASSY VATICAN, given as Italy
    "RUEHDIR": "United Arab Emirates",  # cables: IRAN RPO DUBAI; given as Japan (Nagoya)
}
#: Routing-book names whose place is misspelt, a letter from the post's own name (which the
#: cables' addresses for the RI, and the posts table, spell right): the fix, the source's
#: spelling kept in the note. Found by comparing each station's place with the posts.
NAME_FIXES = {
    "RUEHPS": "AMEMBASSY PRISTINA",  # AMEMBASSY PRINSTINA
    "RUEHLM": "AMEMBASSY COLOMBO",  # AMEMBASSY COLUMBO
    "RUEHQT": "AMEMBASSY QUITO",  # AMEMBASSY QUINTO
    "RUEHVN": "AMEMBASSY VIENTIANE",  # AMEMBASSY VIENTIENE
    "RUEHYD": "AMEMBASSY YAOUNDE",  # AMEMBASSY VAOUNDE
    "RUEHPO": "AMEMBASSY PARAMARIBO",  # AMEMBASSY PARAMIARBO
}
COUNTRY_NAMES = {
    "England": "United Kingdom",
    "Korea (South)": "South Korea",
    "Russia (Federation)": "Russia",
    "East Timor": "Timor-Leste",
}


def same_name(a: str, b: str) -> bool:
    """Equal but for spacing, punctuation and a trailing two- or three-letter country code."""

    def norm(s: str) -> str:
        return re.sub(r"[^A-Z0-9]", "", s.upper())

    a_words, b_words = a.upper().split(), b.upper().split()
    if norm(a) == norm(b):
        return True
    for longer, shorter in ((a_words, b_words), (b_words, a_words)):
        if len(longer) == len(shorter) + 1 and len(longer[-1]) <= 3 and longer[:-1] == shorter:
            return True
    return False


def build_routing_indicators(tables: Path, cables: Path) -> Table:
    notes: dict[str, str] = {}
    cablemap = read_cablemap_routes(tables / "cablemap_route2name.csv", notes)
    cable2graph = read_cable2graph_routes(tables / "cable2graph_routing.codes", notes)
    anarchivist = read_anarchivist(tables / "anarchivist_stations.js")
    pairs = scan_ri_pairs(cables)

    table = Table(
        "routing_indicators.tsv",
        "routing indicator (RI) -> station",
        ("ri", "name", "cable_name", "country", "region", "sources", "note"),
        sources={
            "cablemap": TABLE_SOURCES["cablemap"],
            "cable2graph": TABLE_SOURCES["cable2graph"],
            "anarchivist": TABLE_SOURCES["anarchivist"] + " (also country and region)",
            "cables": "seen in cables: the RI/NAME pairs on the TO/INFO lines of "
            "../shared/cables/text; cable_name is the usual spelling when one address "
            "accounts for at least half of an RI's pairings (and, for an RI the other "
            f"sources list, for at least {MIN_PAIRINGS} pairings)",
        },
        notes=[
            "name prefers cablemap (ACP 117), then cable2graph, then anarchivist; "
            "disagreeing names of the other tables are given in the note",
            "ranges such as RUHEHIA THRU RUHEHIZ are written out, one row an RI",
            "country fixes to anarchivist: " + ", ".join(sorted(COUNTRY_FIXES)),
            "names whose place the routing book misspells, fixed: "
            + ", ".join(sorted(NAME_FIXES)),
        ],
    )
    all_ris = set(cablemap) | set(cable2graph) | set(anarchivist) | set(pairs)
    for ri in sorted(all_ris):
        candidates = [
            ("cablemap", " / ".join(cablemap.get(ri, []))),
            ("cable2graph", " / ".join(cable2graph.get(ri, []))),
            ("anarchivist", anarchivist[ri].name if ri in anarchivist else ""),
        ]
        present = [(src, nm) for src, nm in candidates if nm]
        sources = [src for src, _ in present]
        name = present[0][1] if present else ""
        row_notes = [notes[ri]] if ri in notes else []
        row_notes += [f"{src}: {nm}" for src, nm in present[1:] if not same_name(nm, name)]
        if name.endswith("?"):
            row_notes.append("the source itself is unsure of this name")
        if ri in NAME_FIXES:
            row_notes.append(f"name's place misspelt in {present[0][0]}: {name}")
            name = NAME_FIXES[ri]

        cable_name = ""
        if ri in pairs:
            sources.append("cables")
            cable_name, count, examples = dominant_name(pairs[ri])
            if not name:
                total = sum(pairs[ri].values())
                row_notes.append(f"seen in cables only ({total} pairing{'s' * (total > 1)})")
            if not cable_name:
                row_notes.append("cables pair it with several addressees: " + "; ".join(examples))
                if not name:
                    cable_name = "relay for several addressees"
            elif name and count < MIN_PAIRINGS:
                # Too few pairings to override the routing book; say what the cables show.
                if not same_name(cable_name, name):
                    row_notes.append(f"cables pair it with {cable_name} ({count}x)")
                cable_name = ""
        if not name and not cable_name:
            continue

        country = region = ""
        if ri in anarchivist:
            country, region = anarchivist[ri].country, anarchivist[ri].region
            if ri in COUNTRY_FIXES:
                row_notes.append(f"country fixed (anarchivist: {country})")
                country = COUNTRY_FIXES[ri]
            country = COUNTRY_NAMES.get(country, country)
        table.add(ri, name, cable_name, country, region, ",".join(sources), "; ".join(row_notes))
    return table


# --------------------------------------------------------------------------- countries


FIPS_RENAMES = {
    "Korea, North": "North Korea",
    "Korea, South": "South Korea",
    "Bahamas, The": "Bahamas",
    "Gambia, The": "Gambia",
    "Micronesia, Federated States of": "Micronesia",
    "Virgin Islands, British": "British Virgin Islands",
    "Virgin Islands, U.S.": "U.S. Virgin Islands",
    "United States of America": "United States",
}
#: Notes on FIPS rows: former names the source lists as separate rows without a code.
FIPS_NOTES = {
    "CG": "called Zaire 1971-1997 (same code; the source lists Zaire without a code)",
    "WS": "formerly Western Samoa (the source lists it again without a code)",
    "BM": "also Myanmar (the source lists BM twice)",
    "EU": "in cable TAGS nearly always the European Union (organization tag EUN)",
    "VI": "the source also lists 'Virgin Islands (UK)' without a code",
    "VQ": "the source also lists 'Virgin Islands (US)' without a code",
}


def read_fips(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    rows = json.loads(text[text.index("[") : text.rindex("]") + 1])
    return [(r["FIPS 10-4"].strip(), r["Name"].strip()) for r in rows]


def build_countries(tables: Path, org_collisions: dict[str, str]) -> Table:
    table = Table(
        "countries.tsv",
        "geographic TAGS: FIPS 10-4 country codes, former and variant codes, regions",
        ("code", "name", "kind", "unsure", "sources", "note"),
        sources={
            "ramsun": TABLE_SOURCES["ramsun"],
            "memory": facts.memory_source(),
            "inferred": facts.INFERRED_SOURCE,
            "cables": "seen in cables under ../shared/cables (TAGS lines)",
        },
        notes=[
            "fixes to ramsun: rows without a FIPS code dropped (France, Metropolitan; United "
            "States Minor Outlying Islands; Virgin Islands (UK); Virgin Islands (US); Western "
            "Samoa; World; Zaire), the second BM row (Myanmar) merged into Burma, names of the "
            "form 'Korea, North' reworded",
            "kind: country (FIPS 10-4), historical (former FIPS code), variant (a non-FIPS "
            "code the cables use), region (a regional TAGS code)",
        ],
    )
    seen: set[str] = set()
    for code, name in read_fips(tables / "ramsun_FIPS10.js"):
        if code == "-" or code in seen:
            continue
        seen.add(code)
        notes = []
        if name in FIPS_RENAMES:
            notes.append(f"source name: {name}")
            name = FIPS_RENAMES[name]
        if code in FIPS_NOTES:
            notes.append(FIPS_NOTES[code])
        if code in org_collisions:
            notes.append(f"also the organization tag {code}: {org_collisions[code]}")
        table.add(code, name, "country", "", "ramsun", "; ".join(notes))
    for fields in written_rows(facts.EXTRA_GEOGRAPHIC):
        (code, kind, name, note), unsure = split_unsure(fields, 4)
        source = "cables" if "seen in cables" in note or kind == "variant" else "memory"
        table.add(code, name, kind, unsure, source, note)
    for fields in written_rows(facts.REGIONAL_TAGS):
        (code, name, source), unsure = split_unsure(fields, 3)
        if not name:
            source, note = "cables", "seen in cables; meaning not known here"
        else:
            note = ""
        table.add(code, name, "region", unsure, source, note)
    table.rows.sort()
    return table


# --------------------------------------------------------------------------- TAGS


def read_words(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_tags(tables: Path, fips_codes: set[str]) -> tuple[Table, dict[str, str]]:
    """The TAGS table, and the organization tags left out because they are FIPS codes."""
    table = Table(
        "tags.tsv",
        "subject, program, organization and other TAGS codes",
        ("code", "kind", "meaning", "unsure", "sources"),
        sources={
            "cablemap": TABLE_SOURCES["cablemap-subject"]
            + "; "
            + TABLE_SOURCES["cablemap-organization"],
            "cable2graph": TABLE_SOURCES["cable2graph-tags"],
            "handbook": facts.HANDBOOK_SOURCE,
            "memory": facts.memory_source(),
            "cables": "seen in cables under ../shared/cables (TAGS lines)",
        },
        notes=[
            "subject meanings read 'category--subject' (category from the first letter)",
            "an empty meaning: a code of the source lists that this table does not expand",
            "organization tags that are also FIPS 10-4 codes (AL, BP) are noted in countries.tsv",
            "geographic codes are in countries.tsv",
        ],
    )
    subject_codes = set(read_words(tables / "cablemap_subject-tags.txt"))
    if subject_codes != set(read_words(tables / "cable2graph_tags.subject")):
        raise ValueError("the two subject tag lists differ; merge them by hand")
    handbook = {f[0]: f for f in written_rows(facts.SUBJECT_TAGS_HANDBOOK)}
    memory = {f[0]: f for f in written_rows(facts.SUBJECT_TAGS_MEMORY)}
    missing = subject_codes - set(handbook) - set(memory)
    if missing:
        raise ValueError(f"subject tags without a meaning: {sorted(missing)}")
    for code in sorted(set(handbook) | set(memory)):
        source = "handbook" if code in handbook else "memory"
        (_, meaning), unsure = split_unsure((handbook.get(code) or memory[code]), 2)
        category = facts.SUBJECT_CATEGORIES[code[0]]
        listed = "cablemap,cable2graph," if code in subject_codes else ""
        table.add(code, "subject", f"{category}--{meaning}", unsure, listed + source)

    program_codes = set(read_words(tables / "cable2graph_tags.program"))
    program = {f[0]: f for f in written_rows(facts.PROGRAM_TAGS)}
    if set(program) != program_codes:
        raise ValueError(f"program tags differ: {sorted(set(program) ^ program_codes)}")
    for code in sorted(program):
        (_, meaning), unsure = split_unsure(program[code], 2)
        table.add(code, "program", meaning, unsure, "cable2graph" + (",memory" if meaning else ""))

    org_meanings = {f[0]: f for f in written_rows(facts.ORGANIZATION_MEANINGS)}
    org_codes = read_words(tables / "cablemap_organization-tags.txt")
    unknown = set(org_meanings) - set(org_codes)
    if unknown:
        raise ValueError(f"meanings for codes not in the organization list: {sorted(unknown)}")
    extra = {f[0]: f for f in written_rows(facts.EXTRA_TAGS)}
    collisions: dict[str, str] = {}
    for code in org_codes:
        fields = org_meanings.get(code)
        (_, meaning), unsure = split_unsure(fields, 2) if fields else (("", ""), "")
        if code.upper() in fips_codes and code not in extra:
            collisions[code.upper()] = (meaning or "not expanded") + (" (unsure)" * bool(unsure))
            continue
        sources = "cablemap,memory" if meaning else "cablemap"
        table.add(code, "organization", meaning, unsure, sources)
    for code, fields in extra.items():
        (_, kind, meaning), unsure = split_unsure(fields, 3)
        table.add(code, kind, meaning, unsure, "cables,memory")
    table.rows.sort(key=lambda row: row[0].upper())
    return table, collisions


# --------------------------------------------------------------------------- small tables


def written_table(
    filename: str, title: str, columns: tuple[str, ...], block: str, basis: str,
    notes: Iterable[str] = (),
) -> Table:
    """A table whose rows are a written_facts block, one field a column (``unsure`` last)."""
    has_unsure = columns[-1] == "unsure"
    table = Table(filename, title, columns, sources={"memory": facts.memory_source(basis)},
                  notes=list(notes))
    for fields in written_rows(block):
        values, unsure = split_unsure(fields, len(columns) - has_unsure)
        table.add(*values, *([unsure] if has_unsure else []))
    return table


def build_reasons() -> Table:
    return written_table(
        "reasons.tsv",
        "classification reasons, declassification exemptions and instructions",
        ("code", "kind", "orders", "meaning", "unsure"),
        facts.REASONS,
        "Executive Orders 11652, 12065, 12356, 12958 (and its 2003 amendment) and 13526",
        ["E.O. 12958 (1995) listed the reasons in section 1.5 (a)-(g); the 2003 amendment "
         "moved them to 1.4 and added (h); E.O. 13526 (2009) kept 1.4 (a)-(h)"],
    )


def build_precedence() -> Table:
    table = written_table(
        "precedence.tsv",
        "precedence letters, words and the prosign pairs of the routing line",
        ("code", "meaning", "note", "unsure"),
        facts.PRECEDENCE,
        "ACP 127 message format practice",
        ["pairs: first letter for the action addressees, second for the info addressees"],
    )
    words = {row[0]: row[1] for row in table.rows}
    for action in "ZOPR":
        for info in "ZOPR":
            if action == info:
                meaning, note = f"{words[action]} (all addressees)", "doubled precedence prosign"
            else:
                meaning = f"{words[action]} for action, {words[info]} for information addressees"
                note = "dual precedence prosign"
            table.add(action + info, meaning, note, "")
    return table


def build_security_codes() -> Table:
    return written_table(
        "security_codes.tsv",
        "security line of the header (ZNY CCCCC)",
        ("code", "meaning", "level"),
        facts.SECURITY_CODES,
        "State telegram format practice",
    )


def build_handling() -> Table:
    return written_table(
        "handling.tsv",
        "handling captions and dissemination controls",
        ("code", "kind", "meaning", "unsure"),
        facts.HANDLING,
        "State Department captions (5 FAH-3, 12 FAM) and intelligence control markings",
    )


# --------------------------------------------------------------------------- coverage check

TAGS_FIELD = re.compile(r"^\s*(?:E\.?\s?O\.?.*?\s)?(?:TAGS|TAGE|TAS|AGS)\b\s*:?\s*(.*)$", re.I)
TAGS_STOP = re.compile(r"\b(SUBJECT|SUBJ|REF|CLASSIFIED BY)\b.*$", re.I)
TAGS_CONTINUATION = re.compile(r"^[A-Za-z][A-Za-z ,;/&.\-']*$")


def tags_field(text: str) -> str | None:
    """The TAGS field of a cable, with its wrapped continuation lines."""
    lines = text.splitlines()[:300]
    for i, line in enumerate(lines):
        match = TAGS_FIELD.match(line)
        if not match:
            continue
        value = match.group(1)
        if TAGS_STOP.search(value):
            return TAGS_STOP.sub("", value)
        parts = [value]
        for following in lines[i + 1 : i + 3]:
            stripped = following.strip()
            words = stripped.split()
            if (
                not stripped
                or TAGS_STOP.match(stripped)
                or ADDRESS_END.match(stripped)
                or not TAGS_CONTINUATION.match(stripped)
                or len(stripped) > 60
                or any(len(w) == 1 or len(w) > 12 for w in words)
            ):
                break
            parts.append(stripped)
        return " ".join(parts)
    return None


@dataclass
class CodeCount:
    """Occurrences of one kind of code in the cables, and the ones the tables miss."""

    label: str
    total: int = 0
    decoded: int = 0
    unknown: Counter[str] = field(default_factory=Counter)

    def add(self, code: str, decoded: bool) -> None:
        self.total += 1
        if decoded:
            self.decoded += 1
        else:
            self.unknown[code] += 1

    @property
    def share(self) -> float:
        return 100 * self.decoded / max(self.total, 1)

    def line(self) -> str:
        return f"{self.label}: {self.decoded}/{self.total} = {self.share:.1f}%"


@dataclass
class Coverage:
    """How much of what the cables carry the look-up tables decode (counted by occurrence)."""

    cables: int
    routing: CodeCount
    routing_reference: CodeCount
    tags: CodeCount
    tag_meanings: CodeCount
    countries: CodeCount


def measure_coverage(cables: Path) -> Coverage:
    """Count every RI (routing, DE, TO/INFO lines), TAGS token and two-letter geographic TAGS
    token in the cables under ``cables``, and those reader.model.codes decodes."""
    sys.path.insert(0, str(REPO))
    from reader.model import codes

    stations = codes.read_table("routing_indicators")
    files = cable_files(cables)
    found = Coverage(
        len(files),
        CodeCount("routing indicators known"),
        CodeCount("routing indicators known from the reference tables alone"),
        CodeCount("TAGS tokens known"),
        CodeCount("TAGS tokens with a meaning"),
        CodeCount("two-letter geographic TAGS tokens known"),
    )
    for path in files:
        text = read_text(path)
        for ri, _name in ri_occurrences(text):
            found.routing.add(ri, codes.routing_indicator(ri).known)
            row = stations.get(ri)
            found.routing_reference.add(
                ri, bool(row and row["sources"].replace("cables", "").strip(","))
            )
        value = tags_field(text)
        for token in re.split(r"[\s,;]+", value.strip()) if value else ():
            if not token:
                continue
            decoded = codes.tag(token)
            found.tags.add(token, decoded.known)
            found.tag_meanings.add(token, bool(decoded.meaning))
            if re.fullmatch(r"[A-Za-z]{2}", token) and decoded.kind in ("geographic", "unknown"):
                found.countries.add(token, decoded.known)
    return found


def check_coverage(cables: Path, show: int) -> None:
    """Print the share of RI, TAGS and country-code occurrences the tables decode."""
    found = measure_coverage(cables)
    print(f"{found.cables} cables under {cables}")
    counts = (found.routing, found.routing_reference, found.tags, found.tag_meanings)
    for count in (*counts, found.countries):
        print(count.line())
    print("most frequent unknown RIs:", found.routing.unknown.most_common(show))
    print("most frequent unknown TAGS tokens:", found.tags.unknown.most_common(show))


# --------------------------------------------------------------------------- posts

#: Misspellings in cable2graph's embassy list (they come from malformed published IDs).
POST_TYPOS = frozenset("""
AITTAIPIE AMEMBASSYHANOI ANILA ANOI AQNA ARAJEVO ATANANARIVO BANGOK BAU BEIJIG BEIRT BELGADE
BRAILIA BRASIIA BRUSELS BRUSSLS BRUSSQLS BUENOSQRES BUSSELS COPENHAEN DAMASCCUS DULIN ECTION
FESTTWO GEORGETON GUATEMLA HONGKOG IHARTOUM INSHASA KAPALA KINHASA KINSHAA LINSK MAAMA MAILA
MILSK MINSI NDJAENA NOFORNMOGADISHU NOUKKCHOTT NSSAU PARISFR PARTO POTAUPRINCE PORTOFPAIN QXICO
RUSSELS SANODOMINGO SANTOOMINGO SARAEVO SETION SIFIEDABUJA SOIA THEHAGE THEHAGU TILISI WASHDC
SECSTATE FSINFATC FSCCHARLESTON
""".split())

#: Missions that appear in IDs but not in the list.
POST_EXTRAS = (
    "USNATO", "UNVIEVIENNA", "USEUBRUSSELS", "USOSCE", "USUNROME", "USOECD", "UNESCOPARISFR",
)

#: The spelling in banners and REF lines, where it differs from the ID spelling by more
#: than spaces, or has spaces.
POST_SPELLINGS = {
    "ABUDHABI": "ABU DHABI", "ADDISABABA": "ADDIS ABABA|ADDIS", "AITTAIPEI": "AIT TAIPEI",
    "BANDARSERIBEGAWAN": "BANDAR SERI BEGAWAN", "BUENOSAIRES": "BUENOS AIRES|BA",
    "CAPETOWN": "CAPE TOWN", "CHIANGMAI": "CHIANG MAI", "CIUDADJUAREZ": "CIUDAD JUAREZ",
    "DARESSALAAM": "DAR ES SALAAM", "HOCHIMINHCITY": "HO CHI MINH CITY|HCMC",
    "HONGKONG": "HONG KONG|HK", "KUALALUMPUR": "KUALA LUMPUR|KUALA LUMP|KL", "LAPAZ": "LA PAZ",
    "NEWDELHI": "NEW DELHI|DELHI", "NUEVOLAREDO": "NUEVO LAREDO", "OSAKAKOBE": "OSAKA KOBE",
    "PHNOMPENH": "PHNOM PENH", "PONTADELGADA": "PONTA DELGADA",
    "PORTAUPRINCE": "PORT AU PRINCE|PORT-AU-PRINCE", "PORTLOUIS": "PORT LOUIS",
    "PORTMORESBY": "PORT MORESBY", "PORTOFSPAIN": "PORT OF SPAIN",
    "RIODEJANEIRO": "RIO DE JANEIRO|RIO DE JAN|RIO", "SANJOSE": "SAN JOSE",
    "SANSALVADOR": "SAN SALVADOR",
    "SANTODOMINGO": "SANTO DOMINGO", "SAOPAULO": "SAO PAULO", "STPETERSBURG": "ST PETERSBURG",
    "TELAVIV": "TEL AVIV", "THEHAGUE": "THE HAGUE|HAGUE",
    "USUNNEWYORK": "USUN NEW YORK|USUN|USUN NY", "UNVIEVIENNA": "UNVIE VIENNA|UNVIE VIEN|UNVIE",
    "USEUBRUSSELS": "USEU BRUSSELS|USEU", "IRANRPODUBAI": "IRAN RPO DUBAI",
    "RPODUBAI": "RPO DUBAI|DUBAI RPO", "USTRGENEVA": "USTR GENEVA", "CDGENEVA": "CD GENEVA",
    "USUNROME": "USUN ROME", "STATE": "SECSTATE|SECSTATE WASHDC|STATE WASHDC",
    "MEXICO": "MEXICO CITY", "GENEVA": "USMISSION GENEVA",
    "CASABLANCA": "CASA", "TEGUCIGALPA": "TGG", "TALLINN": "TALLIN",
    # (the short forms REF lines use: "RIO DE JAN 138", "HK 2210", "USUNESCO PARIS FR 88",
    # a post's own short name for itself: "BA 1485" in Buenos Aires, "07 TGG 1798" in
    # Tegucigalpa, "05 CASA 1220", "09 KL 1016", "DELHI 195", "ADDIS 3365", "DUBAI RPO 378";
    # and spellings cut short or common: "KUALA LUMP 4317", "UNVIE VIEN 641", "TALLIN 309")
    "UNESCOPARISFR": "USUNESCO PARIS FR|USUNESCO PARIS|USUNESCO|UNESCO PARIS FR|UNESCO PARIS",
}


def build_posts(tables: Path) -> Table:
    table = Table(
        "posts.tsv",
        "posts as canonical cable IDs spell them (07PRAGUE497), with other spellings",
        ("id_spelling", "spellings"),
        sources={
            "cable2graph": "wlwardiary/cable2graph @ c20c65d8 data/embassy.list"
            " (misspellings dropped)",
            "written": "spellings in banners and REF lines, and missions seen in cable IDs",
        },
    )
    names = set(read_words(tables / "cable2graph_embassy.list")) - POST_TYPOS
    for name in sorted(names | set(POST_EXTRAS)):
        table.add(name, POST_SPELLINGS.get(name, ""))
    return table


# --------------------------------------------------------------------------- main


def build_all(shared: Path, out_dir: Path) -> list[Path]:
    tables, cables = shared / "tables", shared / "cables" / "text"
    fips = {code for code, _ in read_fips(tables / "ramsun_FIPS10.js") if code != "-"}
    tags, collisions = build_tags(tables, fips)
    built = [
        build_routing_indicators(tables, cables),
        tags,
        build_countries(tables, collisions),
        build_reasons(),
        build_precedence(),
        build_security_codes(),
        build_handling(),
        build_posts(tables),
    ]
    return [table.write(out_dir) for table in built]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="folder holding tables/ and cables/text/ (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the TSV files")
    parser.add_argument("--check-coverage", action="store_true",
                        help="after building, measure how many codes in the cables are decoded")
    parser.add_argument("--show", type=int, default=25, help="unknown codes to list")
    args = parser.parse_args(list(argv) if argv is not None else None)
    for path in build_all(args.shared, args.out):
        rows = sum(1 for line in path.read_text(encoding="utf-8").splitlines()
                   if not line.startswith("#")) - 1
        print(f"wrote {path.name}: {rows} rows")
    if args.check_coverage:
        check_coverage(args.shared / "cables" / "text", args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
