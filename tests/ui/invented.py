"""Invented cables for the window's tests: records built by hand with every offset and line
the parser gives (for widgets tested without an index), and their texts written to a
folder for the real index to read (held_index.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from reader.model.records import (
    Address,
    Cable,
    ClassifiedBy,
    Declassification,
    DeLine,
    Marking,
    Paragraph,
    Problem,
    Reference,
    Source,
)

_LEVEL_WORD = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET"}
_SECURITY = {"U": "UUUUU", "C": "CCCCC", "S": "SSSSS", "TS": "TTTTT"}


def marking(text: str) -> Marking:
    level = text.split("/")[0].split("-")[0]
    cui = level in ("SBU", "FOUO", "LOU")
    return Marking(text=text, level="U" if cui else level, raw=f"({text})", cui=cui)


def build_cable(
    cable_id: str,
    when: datetime,
    post: str,
    level: str,
    tags: Sequence[str],
    subject: str,
    paragraphs: Sequence[tuple[str | None, str]],
    *,
    refs: Sequence[tuple[str, str | None]] = (),
    handling: Sequence[str] = ("SIPDIS",),
    noforn: bool = False,
    problems: Sequence[Problem] = (),
) -> Cable:
    """A cable text in the common layout, with every offset and line the parser would give."""
    lines: list[str] = []
    field_lines: list[tuple[str, int]] = []

    def add(text: str, name: str | None = None) -> int:
        lines.append(text)
        if name:
            field_lines.append((name, len(lines)))
        return len(lines)

    serial = cable_id.lstrip("0123456789").removeprefix(post)
    classification = _LEVEL_WORD[level] + ("//NOFORN" if noforn else "")
    add("VZCZCXRO7705", "transmission_id")
    add("OO RUEHC RUEHZL", "routing")
    julian = when.timetuple().tm_yday
    de_line = add(f"DE RUEH{post[:2]} #{serial:0>4} {julian:03d}{when:%H%M}", "de")
    add(f"ZN{'R' if level == 'U' else 'Y'} {_SECURITY[level]} ZZH", "security")
    add(f"O {when:%d%H%M}Z {when:%b %y}".upper(), "dtg")
    fm = add(f"FM AMEMBASSY {post}", "from")
    to_line = add("TO RUEHC/SECSTATE WASHDC IMMEDIATE 9007", "to")
    info_line = add("INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY", "info")
    info2 = add("RUEKJCS/SECDEF WASHDC PRIORITY")
    add(f"{classification} {post} {serial:0>6}", "banner")
    for h in handling:
        add(h, "handling")
    eo = add(f"E.O. 12958: DECL: {when:%m/%d}/{when.year + 10}", "declassify")
    add(f"TAGS: {' '.join(tags)}", "tags")
    add(f"SUBJECT: {subject}", "subject")
    references = []
    for i, (ref_text, ref_id) in enumerate(refs):
        label = f"{chr(65 + i)}. " if len(refs) > 1 else ""
        prefix = "REF: " if i == 0 else "     "
        line = add(f"{prefix}{label}{ref_text}", "ref" if i == 0 else None)
        references.append(
            Reference(label=label.strip() or None, text=ref_text, id=ref_id, line=line)
        )
    classified_by = None
    if level != "U":
        cb = add("Classified By: Ambassador Richard W Graber for reasons 1.4 b+d", "classified_by")
        classified_by = ClassifiedBy(
            text=lines[-1].split(": ", 1)[1],
            names=("Richard W Graber",),
            reasons=("1.4(b)", "1.4(d)"),
            line=cb,
        )
    add("")
    paras: list[tuple[int, int, str | None, str, int]] = []  # line, number, mark, body
    for number, (mark, body) in enumerate(paragraphs, start=1):
        head = f"{number}. " + (f"({mark}) " if mark else "")
        line = add(head + body)
        paras.append((line, number, mark, head, len(head + body)))
        add("")
    add("GRABER")
    text = "\n".join(lines) + "\n"
    line_start = [0]
    for ln in lines:
        line_start.append(line_start[-1] + len(ln) + 1)
    records = []
    for line, number, mark, head, length in paras:
        start = line_start[line - 1]
        ms = me = None
        if mark:
            ms = start + len(f"{number}. ")
            me = ms + len(mark) + 2
        records.append(
            Paragraph(
                number=number,
                marking=marking(mark) if mark else None,
                text=text[start + len(head) : start + length],
                line=line,
                start=start,
                end=start + length,
                marking_start=ms,
                marking_end=me,
            )
        )
    banner = Marking(
        text=classification.replace("NOFORN", "NF"), level=level, controls=("NF",) if noforn else ()
    )
    return Cable(
        text=text,
        source=Source(path=f"/fake/{when.year}/{cable_id}.txt", format="txt"),
        id=cable_id,
        transmission_id="VZCZCXRO7705",
        routing_precedence="OO",
        routing_indicators=("RUEHC", "RUEHZL"),
        de=DeLine(
            station=f"RUEH{post[:2]}",
            serial=serial,
            julian_day=julian,
            time=f"{when:%H%M}",
            line=de_line,
        ),
        security_code=_SECURITY[level],
        security_line=lines[3],
        precedence="IMMEDIATE",
        dtg=when,
        from_=Address(name=f"AMEMBASSY {post}", line=fm),
        to=(
            Address(
                name="SECSTATE WASHDC",
                ri="RUEHC",
                precedence="IMMEDIATE",
                serial="9007",
                line=to_line,
            ),
        ),
        info=(
            Address(
                name="EUROPEAN POLITICAL COLLECTIVE",
                ri="RUEHZL",
                precedence="PRIORITY",
                line=info_line,
            ),
            Address(name="SECDEF WASHDC", ri="RUEKJCS", precedence="PRIORITY", line=info2),
        ),
        classification=classification,
        banner=banner,
        banner_post=post,
        banner_serial=f"{serial:0>6}",
        handling=tuple(handling),
        declassify=Declassification(
            eo="12958", raw=lines[eo - 1], date=when.replace(year=when.year + 10).date(), line=eo
        ),
        tags=tuple(tags),
        subject=subject,
        references=tuple(references),
        classified_by=classified_by,
        paragraphs=tuple(records),
        signers=("GRABER",),
        problems=tuple(problems),
        field_lines=tuple(field_lines),
    )


def sample_cables() -> list[Cable]:
    """A dozen cables: every level, several posts and years, references between them."""

    def d(*when: int) -> datetime:  # Zulu, as the parser gives a DTG
        return datetime(*when, tzinfo=UTC)

    return [
        build_cable(
            "07PRAGUE486",
            d(2007, 5, 2, 9, 30),
            "PRAGUE",
            "C",
            ["PREL", "MARR", "EZ"],
            "CZECH VIEWS ON MISSILE DEFENSE",
            [
                ("C", "Czech officials described the radar talks."),
                ("U", "Press coverage has been steady."),
                ("C", "Comment: the government remains committed."),
            ],
        ),
        build_cable(
            "07PRAGUE497",
            d(2007, 5, 7, 15, 1),
            "PRAGUE",
            "C",
            ["PREL", "MARR", "RU"],
            "CZECH PRESIDENT: PUTIN SERIOUS ABOUT MISSILE DEFENSE CONCERNS",
            [
                ("C", "Czech President Vaclav Klaus asked to see Ambassador on May 7."),
                ("C", "Klaus reported that he used his meeting with Putin."),
                ("U", "Klaus otherwise described the visit as cordial."),
            ],
            refs=[("PRAGUE 486", "07PRAGUE486")],
        ),
        build_cable(
            "08ANKARA1001",
            d(2008, 6, 3, 12, 0),
            "ANKARA",
            "S",
            ["PTER", "PREL", "TU"],
            "TURKEY: BORDER SECURITY TALKS",
            [
                ("S", "Turkish General Staff officials briefed on border operations."),
                ("C", "The MFA asked for continued consultation."),
                ("S//NF", "Sensitive detail follows."),
            ],
            refs=[("ANKARA 990", "08ANKARA990"), ("07 PRAGUE 497", "07PRAGUE497")],
            noforn=True,
            handling=("SIPDIS", "NOFORN"),
        ),
        build_cable(
            "08ANKARA1002",
            d(2008, 6, 9, 8, 15),
            "ANKARA",
            "U",
            ["ECON", "TU"],
            "TURKISH ECONOMY: SLOWER GROWTH",
            [("U", "Growth slowed in the second quarter."), ("SBU", "Bankers expect a rate cut.")],
        ),
        build_cable(
            "09STATE6386",
            d(2009, 6, 18, 20, 0),
            "STATE",
            "TS",
            ["PINR", "KNNP", "IR"],
            "REPORTING REQUEST ON NUCLEAR PROGRAM",
            [
                ("TS", "Posts should report on procurement networks."),
                ("S", "Background on prior requests."),
                ("U", "Thanks."),
            ],
            refs=[("08 ANKARA 1001", "08ANKARA1001")],
        ),
        build_cable(
            "09MEXICO200",
            d(2009, 1, 20, 17, 45),
            "MEXICO",
            "C",
            ["SNAR", "PGOV", "MX"],
            "MEXICO: CARTEL VIOLENCE IN JUAREZ",
            [
                ("C", "Violence in Ciudad Juarez rose sharply."),
                ("C", "Local officials."),
                (None, "Unmarked closing remark."),
            ],
            problems=[Problem("unmarked-paragraph", "paragraph 3 has no marking", 30)],
        ),
        build_cable(
            "10ABUDHABI69",
            d(2010, 1, 25, 6, 0),
            "ABUDHABI",
            "S",
            ["PREL", "IR", "AE"],
            "UAE VIEWS ON IRAN",
            [
                ("SBU", "Summary of the meeting."),
                ("S//NF", "The Crown Prince said."),
                ("C", "Comment follows."),
            ],
            handling=("SIPDIS", "NOFORN"),
            noforn=True,
        ),
        build_cable(
            "10PARIS150",
            d(2010, 2, 1, 10, 0),
            "PARIS",
            "U",
            ["PREL", "FR"],
            "FRANCE: CULTURAL EXCHANGE",
            [("U", "The exchange program went well.")],
        ),
        build_cable(
            "06MOSCOW5740",
            d(2006, 5, 30, 14, 20),
            "MOSCOW",
            "C",
            ["PGOV", "RS"],
            "RUSSIA: DUMA POLITICS",
            [("C", "The Duma passed a law."), ("C", "Opposition reaction.")],
        ),
        build_cable(
            "06MOSCOW5801",
            d(2006, 6, 2, 11, 0),
            "MOSCOW",
            "S",
            ["PREL", "MARR", "RS"],
            "RUSSIA: MISSILE DEFENSE REACTION",
            [("S", "Defense ministry officials reacted."), ("C", "Foreign ministry.")],
            refs=[("MOSCOW 5740", "06MOSCOW5740")],
        ),
    ]


def write_cables(root: Path, cables: Sequence[Cable]) -> Path:
    """A folder of the cables' texts (a folder a year, a file a cable), for the index."""
    for cable in cables:
        path = root / (f"{cable.dtg:%Y}" if cable.dtg else "undated") / f"{cable.id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cable.text, encoding="utf-8")
    return root


def parsed_folder(folder: str | Path) -> list[Cable]:
    """The cables the real parser reads from ``folder`` (the samples), in path order."""
    from reader.parser.containers import read_cables

    cables: list[Cable] = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.suffix.lower() in (".txt", ".html", ".htm", ".csv"):
            cables.extend(read_cables(path))
    return cables
