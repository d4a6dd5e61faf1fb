"""Export (reader/export/export.py, pack.py, export_commands.py) read back as a user's tools
read it: the CSV with the csv module, the JSON lines with json, the PDF with pypdf."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from datetime import datetime
from pathlib import Path

import pypdf
import pytest

from reader.annotate.annotations import Annotations
from reader.cli import main
from reader.export.export import COLUMNS, CableNotes, annotated, safe_cell, write_csv
from reader.export.pack import make_pack, render_html
from reader.model.records import Cable
from reader.parser.containers import read_cables

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"


def sample(name: str) -> Cable:
    (path,) = SAMPLES.rglob(name)
    return next(iter(read_cables(path)))


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("SECRET", "SECRET"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_made_inert(cell: str, safe: str) -> None:
    assert safe_cell(cell) == safe


def test_csv_reads_back_row_for_row_with_annotations(tmp_path: Path) -> None:
    cables = [sample("07PRAGUE512.txt"), sample("07ANKARA1391.txt")]
    with Annotations.open(tmp_path / "a.sqlite3") as store:
        store.set_starred(["07PRAGUE512"])
        store.add_label(["07PRAGUE512"], '=HYPERLINK("x")')
        store.set_note("07PRAGUE512", 'quote " and, comma\nand a second line')
        out = io.StringIO()
        n = write_csv(annotated(cables, store), out, bom=True)
    assert n == 2
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == [COLUMNS[c][0] for c in COLUMNS]
    assert len(rows) == 3
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["ID"] == "07PRAGUE512"
    assert row["Classification"] == cables[0].classification
    assert row["TAGS"] == " ".join(cables[0].tags)
    assert row["Starred"] == "yes"
    assert row["Labels"] == '\'=HYPERLINK("x")'  # inert
    assert row["Note"] == 'quote " and, comma\nand a second line'
    assert dict(zip(rows[0], rows[2], strict=True))["Starred"] == ""
    for line in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line)


def test_csv_references_read_back_one_for_each_reference() -> None:
    """The references were once joined by a blank, and a reference that is no cable holds
    blanks: "07STATE58211 07PRAGUE471 EMAIL FROM ISN/ECC DELACROIX 5/3/07" is three
    references or seven."""
    cable = sample("07PRAGUE512.txt")
    out = io.StringIO()
    write_csv(annotated([cable], None), out, columns=("references",))
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["References"].split("; ") == [
        "07STATE58211",
        "07PRAGUE471",
        "EMAIL FROM ISN/ECC DELACROIX 5/3/07",
    ]


def test_csv_refuses_an_unknown_column() -> None:
    with pytest.raises(ValueError, match="unknown column"):
        write_csv([], io.StringIO(), ["id", "nonsense"])


def test_html_pack_is_self_contained_and_carries_banners_and_markings() -> None:
    cables = [sample("07PRAGUE512.txt"), sample("99NAIROBI6120.txt")]
    pack = make_pack(
        annotated(cables, None), query="from:prague", subject_of=lambda cid: "A CITED SUBJECT"
    )
    page = render_html(pack)
    assert pack.highest == "SECRET"
    assert "<script" not in page.lower() and "src=" not in page.lower()
    assert "default-src 'none'" in page
    assert page.count('class="banner"') == 2 + 2 * len(cables)  # cover, and each cable
    assert "<mark" in page and "(C)" in page
    assert "A CITED SUBJECT" in page


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("export")
    shutil.copytree(SAMPLES, base / "folder")
    data = base / "data"
    assert main(["annotations", "--data-dir", str(data), "star", "07PRAGUE512"]) == 0
    assert main(["annotations", "--data-dir", str(data), "note", "07PRAGUE512", "see ¶3"]) == 0
    return base / "folder", base / "cache", data


def export(folder: tuple[Path, Path, Path], out: Path, *args: str) -> None:
    src, cache, data = folder
    argv = ["export", str(src), *args, "-o", str(out), "--cache-dir", str(cache)]
    assert main([*argv, "--data-dir", str(data)]) == 0


def test_cli_jsonl_has_the_parse_schema_and_the_annotations(
    folder: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    export(folder, out, "from:prague", "--format", "jsonl", "--sort", "id")
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == sorted(d["id"] for d in docs)
    assert {"id", "classification", "paragraphs", "references", "tags"} <= set(docs[0])
    prague = next(d for d in docs if d["id"] == "07PRAGUE512")
    assert prague["annotations"]["starred"] is True
    assert prague["annotations"]["notes"] == [{"paragraph": 0, "text": "see ¶3"}]


def test_cli_csv_limit_and_columns(folder: tuple[Path, Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    export(folder, out, "", "--limit", "5", "--columns", "id,classification,starred")
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == ["ID", "Classification", "Starred"]
    assert len(rows) == 6


def test_cli_pdf_pack_banners_every_page_and_the_highest_on_the_cover(
    folder: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    export(folder, out, "class:S OR from:prague", "--format", "pdf", "--sort", "id")
    reader = pypdf.PdfReader(out)
    pages = [[" ".join(ln.split()) for ln in p.extract_text().split("\n")] for p in reader.pages]
    pages = [[ln for ln in lines if ln] for lines in pages]
    cover = pages[0]
    assert cover[0] == "SECRET"  # the highest classification of the pack
    assert "class:S OR from:prague" in cover
    # each later page is one cable's: its banner top and bottom, its citation in the footer
    footers = [next(ln for ln in reversed(lines) if " · page " in ln) for lines in pages]
    nairobi = [lines for lines, foot in zip(pages, footers, strict=True) if "99NAIROBI6120" in foot]
    assert nairobi, "the SECRET cable's pages"
    for lines in nairobi:
        assert lines[:2] == ["SECRET", "SECRET"], lines[:3]  # top and bottom bars
    prague = [lines for lines, foot in zip(pages, footers, strict=True) if "07PRAGUE512" in foot]
    assert prague and all(lines[:2] == ["CONFIDENTIAL", "CONFIDENTIAL"] for lines in prague)
    n = len(reader.pages)
    assert [foot.endswith(f"page {i} of {n}") for i, foot in enumerate(footers, 1)] == [True] * n
    assert any("★ starred" in lines and "Note: see ¶3" in " ".join(lines) for lines in prague)


def test_batch_search_equals_the_queries_run_one_by_one(
    shared_cables: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.export.batch import Term, batch_search
    from reader.index.store import CorpusIndex
    from reader.query.query import Filter

    src = shared_cables / "text" / "2009"
    terms = [
        Term("nuclear"),
        Term('"prime minister"'),
        Term("minist*"),
        Term("tag:PREL"),
        Term("iran OR iraq"),
        Term("-visit"),
        Term("zzznothing"),
    ]
    within = Filter("class:secret")
    with CorpusIndex.open(src, cache_dir=tmp_path / "cache") as index:
        index.refresh()
        results = list(batch_search(index, terms, within))
        for term, result in zip(terms, results, strict=True):
            one = Filter(f"({term.query}) (class:secret)")
            assert result.count == index.count(one), term
            if result.count:
                dates = [h.date for h in index.search(one, limit=100_000) if h.date]
                assert result.first == min(dates) and result.last == max(dates)
                assert sum(n for _, n in result.top_origins) <= result.count
    terms_file = tmp_path / "terms.csv"
    terms_file.write_text("label,term\nA,nuclear\nB,tag:PREL\n", encoding="utf-8")
    argv = ["batch-search", str(src), str(terms_file), "class:secret", "--json"]
    assert main([*argv, "--cache-dir", str(tmp_path / "cache"), "--no-refresh"]) == 0
    docs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["label"], d["cables"]) for d in docs] == [
        ("A", results[0].count),
        ("B", results[3].count),
    ]


def test_cable_notes_text_names_paragraphs() -> None:
    notes = CableNotes(notes=((0, "whole"), (3, "para")))
    assert notes.note_text() == "whole\n¶3: para"


def test_csv_gives_the_year_of_a_cable_of_which_only_the_year_is_known() -> None:
    day = sample("07PRAGUE512.txt")
    year_only = dataclasses.replace(
        day, date=datetime(2007, 1, 1), date_precision="year", dtg=None, meta=None
    )
    undated = dataclasses.replace(day, date=None, date_precision=None, dtg=None, meta=None)
    out = io.StringIO()
    write_csv([(c, CableNotes()) for c in (day, year_only, undated)], out, ["id", "date"])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [r[1] for r in rows[1:]] == ["2007-05-09", "2007", ""]


def test_the_file_column_names_the_row_of_a_cables_csv_as_search_does() -> None:
    """A cable of a cables.csv is one row of it: the File column says which, in the words
    of search's ``file:`` line and the tree's tooltip ("csv/cables.csv row 2")."""
    cables = list(read_cables(SAMPLES / "csv" / "cables.csv"))
    assert len(cables) > 1
    out = io.StringIO()
    write_csv(annotated(cables, None), out, columns=("id", "source"))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["File"] for r in rows] == [
        f"{c.source.path} row {c.source.row}" for c in cables
    ]
    assert all(c.source.row is not None for c in cables)
    assert len({r["File"] for r in rows}) == len(rows)
    # a file of one cable: its path alone
    out = io.StringIO()
    write_csv(annotated([sample("07PRAGUE512.txt")], None), out, columns=("source",))
    assert out.getvalue().splitlines()[1].endswith("07PRAGUE512.txt")
