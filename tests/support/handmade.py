"""Hand-made cables in the real format, written into folders for the corpus tests."""

from __future__ import annotations

import datetime
import hashlib
import html
import os
from dataclasses import dataclass, replace
from pathlib import Path

from reader.index.store import CorpusIndex
from reader.query.query import Filter

_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_BANNERS = {
    "U": "UNCLAS",
    "C": "C O N F I D E N T I A L",
    "S": "S E C R E T",
    "S//NF": "S E C R E T",
}
_SECURITY = {"U": "ZNR UUUUU ZZH", "C": "ZNY CCCCC ZZH", "S": "ZNY SSSSS ZZH"}


@dataclass(frozen=True)
class Spec:
    """What a hand-made cable says; ``cable_text`` writes it as a real cable would."""

    post: str  # as in the banner: PRAGUE, BUENOS AIRES
    serial: int
    day: str  # 2007-05-07
    level: str = "C"  # U, C, S
    precedence: str = "O"  # Z O P R
    station: str = "RUEHPG"
    tags: tuple[str, ...] = ("PREL",)
    subject: str = "A SUBJECT"
    handling: tuple[str, ...] = ("SIPDIS",)
    refs: tuple[str, ...] = ()  # "PRAGUE 486"
    paragraphs: tuple[tuple[str, str], ...] = (("C", "Nothing to report."),)
    fm: str = ""  # FM name; default AMEMBASSY <post>

    @property
    def year(self) -> int:
        return int(self.day[:4])

    @property
    def id(self) -> str:
        return f"{self.year % 100:02d}{self.post.replace(' ', '')}{self.serial}"


def cable_text(s: Spec) -> str:
    y, m, d = (int(x) for x in s.day.split("-"))
    julian = (datetime.date(y, m, d) - datetime.date(y, 1, 1)).days + 1
    fm = s.fm or f"AMEMBASSY {s.post}"
    level = s.level.split("//")[0]
    lines = [
        "VZCZCXRO1234",
        f"{s.precedence}{s.precedence} RUEHDBU",
        f"DE {s.station} #{s.serial:04d} {julian:03d}1501",
        _SECURITY[level],
        f"{s.precedence} {d:02d}1501Z {_MONTHS[m - 1]} {y % 100:02d}",
        f"FM {fm}",
        "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9007",
        "",
        f"{_BANNERS[s.level]} {s.post} {s.serial:06d}",
        "",
    ]
    for h in s.handling:
        lines += [h, ""]
    lines += [
        f"E.O. 12958: DECL: {m:02d}/{d:02d}/{y + 10}",
        f"TAGS: {' '.join(s.tags)}",
        f"SUBJECT: {s.subject}",
        "",
    ]
    if s.refs:
        lines += [f"REF: {'; '.join(s.refs)}", ""]
    if level != "U":
        lines += ["Classified By: Ambassador Jane Doe for reasons 1.4 b and d", ""]
    for n, (marking, text) in enumerate(s.paragraphs, 1):
        lines += [f"{n}. ({marking}) {text}", ""]
    lines += ["DOE", ""]
    return "\n".join(lines)


#: A folder of eight hand-made cables; each test term below picks a known subset.
SMALL: tuple[Spec, ...] = (
    Spec("PRAGUE", 497, "2007-05-07", "C", "O", "RUEHPG", ("PREL", "MARR", "RU", "EZ"),
         "CZECH PRESIDENT: PUTIN SERIOUS ABOUT MISSILE DEFENSE", refs=("PRAGUE 486",),
         paragraphs=(("C", "President Klaus met the Prime Minister about missile defense."),
                     ("C", "Klaus said Putin believes it.")), fm="AMEMBASSY PRAGUE"),
    Spec("PRAGUE", 486, "2007-05-02", "U", "P", "RUEHPG", ("PREL", "EZ"),
         "MISSILE DEFENSE PUBLIC OPINION",
         paragraphs=(("U", "Polls show the public is divided on radar plans."),)),
    Spec("MOSCOW", 2111, "2007-05-10", "S", "Z", "RUEHMO", ("PREL", "MNUC", "RS"),
         "RUSSIAN VIEWS ON RADAR", handling=("NOFORN", "SIPDIS"), refs=("PRAGUE 497",),
         paragraphs=(("S//NF", "Ministry officials called the radar a threat."),
                     ("C", "Nuclear doctrine was not discussed."))),
    Spec("MOSCOW", 2200, "2007-06-15", "C", "R", "RUEHMO", ("ECON", "RS"),
         "GAS PRICES", paragraphs=(("C", "Gazprom ministers raised prices again."),
                                   ("U", "Prime Minister Putin spoke on television."))),
    Spec("BUENOS AIRES", 100, "2008-01-20", "U", "R", "RUEHBU", ("ECON", "AR"),
         "ARGENTINE BEEF EXPORTS", handling=(),
         paragraphs=(("SBU", "Beef exports fell sharply this year."),)),
    Spec("BUENOS AIRES", 250, "2008-03-03", "C", "P", "RUEHBU", ("PREL", "PGOV", "AR"),
         "MINISTERIAL CHANGES", refs=("MOSCOW 2111",),
         paragraphs=(("C", "The foreign minister resigned; the ministry is in disarray."),)),
    Spec("TOKYO", 900, "2009-11-30", "S", "O", "RUEHKO", ("PREL", "MNUC", "JA"),
         "NUCLEAR UMBRELLA", handling=("NOFORN",),
         paragraphs=(("S", "Officials asked about the nuclear umbrella."),
                     ("S//NF", "A secret channel was proposed."))),
    Spec("TOKYO", 901, "2009-12-01", "U", "R", "RUEHKO", ("ECON", "JA"),
         "WHALING AND TRADE", handling=(),
         paragraphs=(("U", "Trade talks covered whaling, beef and rice."),)),
)  # fmt: skip


#: For relevance: SMALL (none of which says "livestock") and four cables that do: one in its
#: subject, the others only in the body, once or three times, in bodies of about the same
#: length (the subject one is neither the oldest nor the newest: no date order puts it
#: first); and one with a query's two terms together only far down its text.
RANKED: tuple[Spec, ...] = SMALL + (
    Spec("PARIS", 10, "2006-02-01", "U", tags=("EAGR", "FR"),
         subject="FRENCH FARM LOBBY ON TRADE",
         paragraphs=(("U", "Farmers raised livestock prices at the fair in Paris."),
                     ("U", "The minister promised to listen to the unions later."))),
    Spec("PARIS", 20, "2007-03-01", "C", tags=("EAGR", "FR"),
         subject="LIVESTOCK QUOTAS", handling=(),
         paragraphs=(("C", "The ministry set new quotas for the farms this spring."),
                     ("C", "The unions said little about it in the meeting."))),
    Spec("PARIS", 30, "2008-04-01", "U", tags=("EAGR", "FR"),
         subject="FARM EXPORTS TO ALGERIA",
         paragraphs=(("U", "Livestock exports, livestock feed and livestock vaccines grew."),
                     ("U", "The minister thanked the unions for their patience."))),
    Spec("PARIS", 40, "2009-05-01", "U", tags=("ECON", "FR"),
         subject="BUDGET TALKS",
         paragraphs=(("U", "The budget spares livestock farmers for one more year."),
                     ("U", "The minister thanked the unions for their patience."))),
    # the minister alone early on, with the unions only further down
    Spec("PARIS", 50, "2010-01-04", "U", tags=("ECON", "FR"),
         subject="SUMMIT LOGISTICS",
         paragraphs=(("U", "The minister arrived early. " + "Rooms, cars, badges and menus "
                      "were ready long before the delegations came in. " * 6),
                     ("U", "Later the minister met the unions in the small hall."))),
)  # fmt: skip
SUBJECT, ONCE, THRICE, ONCE_ECON = "07PARIS20", "06PARIS10", "08PARIS30", "09PARIS40"
LATE_PASSAGE = "10PARIS50"


#: Cables made to tie: four texts, twelve cables each, on three dates (so ties of score
#: and of date both fall back on the key); half tagged EAGR. "livestock" comes in them 0-3
#: times, "farm" in all.
TIED: tuple[Spec, ...] = tuple(
    Spec("PARIS", 1000 + n, ("2006-02-01", "2007-03-01", "2008-04-01")[n % 3], "U",
         tags=("EAGR" if n % 2 else "ECON", "FR"), subject="FARM NOTES",
         paragraphs=(("U", "The farm " + "livestock " * (n % 4) + "report."),))
    for n in range(48)
)  # fmt: skip


def write_folder(folder: Path, specs: tuple[Spec, ...] = SMALL) -> dict[str, Path]:
    """Write each cable as <year>/<post>/<ID>.txt; returns ID -> path."""
    paths = {}
    for s in specs:
        path = folder / str(s.year) / s.post.replace(" ", "_") / f"{s.id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cable_text(s), encoding="utf-8")
        paths[s.id] = path
    return paths


def html_page(s: Spec) -> str:
    """The cable as a WikiLeaks cable page: the metadata table, then the header and the body
    each in a ``<pre>`` (a page the release published, in its layout)."""
    header, _, body = cable_text(s).partition("\n\n")
    y, m, d = s.day.split("-")
    cells = ("Reference ID", "Created", "Released", "Classification", "Origin")
    values = (s.id, f"{y}-{m}-{d} 15:01", "2011-08-30 01:44", "CONFIDENTIAL",
              f"Embassy {s.post.title()}")  # fmt: skip

    def row(tag: str, texts: tuple[str, ...]) -> str:
        return "<tr>" + "".join(f"<{tag}>{t}</{tag}>" for t in texts) + "</tr>"

    return (
        f"<html><head><title>Cable: {s.id}</title></head><body>"
        f"<table class='cable'>{row('th', cells)}{row('td', values)}</table>"
        f"<pre>{html.escape(header)}</pre><pre>{html.escape(body)}</pre></body></html>\n"
    )


def body_text(s: Spec) -> str:
    """The cable's body alone (from its banner), with the paragraph anchors other tools left
    in: what ``body-with-html/`` holds."""
    _, _, body = cable_text(s).partition("\n\n")
    anchored = []
    for line in body.split("\n"):
        number, dot, rest = line.partition(". (")
        if dot and number.isdigit():
            line = f"<a id='par{number}' href='#par{number}'>\u00b6</a>{number}. ({rest}"
        anchored.append(line)
    return "<code><pre>" + "<br>".join(anchored) + "</pre></code>\n"


def write_copies(folder: Path, s: Spec) -> dict[str, Path]:
    """The cable ``s`` three times, as the release's folders hold it: a text
    (text/<year>/<ID>.txt), a WikiLeaks page (html/cable/<year>/<ID>.html) and a body with
    leftover HTML (body-with-html/<ID>.txt); format -> path."""
    paths = {
        "txt": folder / "text" / str(s.year) / f"{s.id}.txt",
        "html": folder / "html" / "cable" / str(s.year) / f"{s.id}.html",
        "body": folder / "body-with-html" / f"{s.id}.txt",
    }
    for fmt, text in (("txt", cable_text(s)), ("html", html_page(s)), ("body", body_text(s))):
        paths[fmt].parent.mkdir(parents=True, exist_ok=True)
        paths[fmt].write_text(text, encoding="utf-8")
    return paths


def ids(index: CorpusIndex, query: str = "", **kw: object) -> list[str]:
    """IDs of the cables matching ``query``, sorted (a cable ID once per cable)."""
    f = Filter(query, **kw)  # type: ignore[arg-type]
    return sorted(h.id for h in index.hits(index.keys(f)))


def tree_digest(root: Path) -> str:
    """A hash of every path, mode, size, mtime and content under ``root``."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames) + [""]:
            p = Path(dirpath) / name
            st = p.lstat()
            h.update(f"{p.relative_to(root)}|{st.st_mode}|{st.st_size}|{st.st_mtime_ns}".encode())
            if name and p.is_file():
                h.update(p.read_bytes())
    return h.hexdigest()


def write_csv(path: Path, specs: tuple[Spec, ...]) -> None:
    """A cables.csv in the full release's layout: 8 quoted columns, quotes escaped as \\"."""
    rows = []
    for n, s in enumerate(specs, 1):
        header, _, body = cable_text(s).partition("\n\n")
        y, m, d = s.day.split("-")
        fields = [str(n), f"{m}/{d}/{y} 15:01", s.id, f"Embassy {s.post.title()}",
                  "CONFIDENTIAL", "", header, body]  # fmt: skip
        rows.append(",".join('"' + f.replace('"', '\\"') + '"' for f in fields))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def many(n: int, start: int = 1000) -> tuple[Spec, ...]:
    """``n`` cables varied from SMALL: fresh serials, the same posts, dates and words."""
    return tuple(
        replace(
            SMALL[i % len(SMALL)], serial=start + i, subject=f"{SMALL[i % len(SMALL)].subject} {i}"
        )
        for i in range(n)
    )
