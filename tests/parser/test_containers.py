"""File formats: encodings and line ends, WikiLeaks pages, cables.csv rows, leftover HTML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.parser.containers import (
    UnreadableFile,
    cables_from_csv,
    decode_bytes,
    read_cables,
    strip_leftover_html,
)

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def test_decoding_order() -> None:
    assert decode_bytes("¶1. (C)".encode()) == "¶1. (C)"
    assert decode_bytes(b"\xb61. (C)") == "¶1. (C)"  # cp1252 paragraph sign
    assert decode_bytes(b"\xef\xbb\xbfUNCLAS") == "UNCLAS"
    assert decode_bytes("UNCLAS ¶".encode("utf-16")) == "UNCLAS ¶"
    assert decode_bytes(b"\x81\x8d") == "\x81\x8d"  # bytes cp1252 leaves undefined: Latin-1


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_sample_cable_in_any_encoding_and_line_end(
    tmp_path: Path, newline: str, encoding: str
) -> None:
    original = next(read_cables(SAMPLES / "2007" / "07PRAGUE512.txt"))
    text = original.text.replace("\r\n", "\n").replace("\n", newline)
    path = tmp_path / "07PRAGUE512.txt"
    path.write_bytes(text.encode(encoding, errors="replace"))
    [again] = read_cables(path)
    assert again.id == original.id
    assert again.dtg == original.dtg
    assert again.classification == original.classification
    assert again.tags == original.tags
    assert again.subject == original.subject
    assert [p.number for p in again.paragraphs] == [p.number for p in original.paragraphs]
    assert [p.marking for p in again.paragraphs] == [p.marking for p in original.paragraphs]
    for p in again.paragraphs:
        if p.marking_start is not None:
            assert again.text[p.marking_start] == "("


def test_html_page_is_data_and_keeps_its_metadata() -> None:
    [page] = (SAMPLES / "html").glob("08TOKYO*.html")
    [cable] = read_cables(page)
    assert cable.source.format == "html"
    assert cable.meta is not None and cable.meta.reference_id == page.stem
    assert cable.meta.created is not None and cable.meta.origin
    assert cable.id == page.stem
    assert "<script" not in cable.text and "<a " not in cable.text
    assert cable.paragraphs and all(p.marking for p in cable.paragraphs)


def test_html_page_without_cable_layout(tmp_path: Path) -> None:
    page = tmp_path / "odd.html"
    page.write_text("<html><body><script>alert(1)</script><p>UNCLAS STATE 000123</p></body></html>")
    [cable] = read_cables(page)
    assert cable.problems[0].code == "html-layout"
    assert "alert" not in cable.text


def test_csv_rows_stream_with_escapes_and_multiline_fields() -> None:
    rows = list(cables_from_csv(SAMPLES / "csv" / "cables.csv"))
    assert len(rows) == 3
    for i, cable in enumerate(rows, 1):
        assert cable.source.format == "csv" and cable.source.row == i
        assert cable.meta is not None and cable.meta.reference_id == cable.id
        assert cable.meta.origin and cable.meta.created
        assert cable.classification
    assert any('"' in c.text for c in rows)  # \" escapes became quotes
    assert all('\\"' not in c.text for c in rows)


def test_real_csv_sample(shared_cables: Path) -> None:
    rows = list(read_cables(shared_cables / "csv" / "cables_sample.csv"))
    assert [c.meta.reference_id for c in rows if c.meta] == ["66BUENOSAIRES2481", rows[1].id]
    assert rows[0].dtg is not None and rows[0].dtg.year == 1966
    assert rows[0].meta is not None and rows[0].meta.referenced_ids == ("66STATE106206",)


def csv_row(n: int, body: str) -> str:
    return (
        f'"{n}","12/28/1966 18:48","66ROME{n}","Embassy Rome","UNCLASSIFIED","",'
        f'"","UNCLAS ROME {n}\n\n{body}"\n'
    )


def test_csv_with_a_broken_row_keeps_the_rows_around_it(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    lost_quote = csv_row(2, '1. A LOST "QUOTE').replace('"\n', "\n")  # its closing quote lost
    cut_short = '"3","12/28/1966 18:48","66ROME3","Embassy Ro\n'  # a row cut off mid-field
    path.write_text(
        csv_row(1, "1. TEXT") + lost_quote + cut_short + csv_row(4, "1. TEXT") + csv_row(5, "2. X")
    )
    rows = list(read_cables(path))
    assert [r.source.row for r in rows] == [1, 2, 3, 4, 5]
    assert [r.id for r in rows[:2] + rows[3:]] == ["66ROME1", "66ROME2", "66ROME4", "66ROME5"]
    assert "LOST QUOTE" in rows[1].paragraphs[0].text  # recovered despite the lost quote
    assert rows[2].problems[0].code == "csv-row"
    assert "Embassy Ro" in rows[2].text  # the raw row stays readable
    assert all(not r.problems for r in rows[:2] + rows[3:])


@pytest.mark.parametrize(
    ("end", "cut"),
    [
        ("1. TEXT CUT OFF IN THE MI", True),  # the file stops inside the body
        ('1. TEXT CUT OFF AFTER A QUOTE \\"', True),  # \" is a quote inside the field
        ('1. WHOLE"', False),  # the last row, without a line end after it
        ('1. WHOLE" \t', False),
        ('1. WHOLE, ENDING WITH A BACKSLASH \\\\"', False),  # \\ then the closing quote
    ],
)
def test_a_cables_csv_cut_short_says_so_on_its_last_row(
    tmp_path: Path, end: str, cut: bool
) -> None:
    """A cables.csv whose copy stopped midway read its last cable as whole, without a word:
    the csv module closes the open field silently."""
    path = tmp_path / "cables.csv"
    last = csv_row(2, end).removesuffix('"\n')  # the file's end, wherever it falls
    path.write_text(csv_row(1, "1. TEXT") + last, encoding="utf-8")
    first, second = read_cables(path)
    assert not first.problems and second.id == "66ROME2"
    problems = [(p.code, p.message) for p in second.problems]
    said = (
        "csv-row",
        "row 2 ends inside a field: the file is cut short here, so the rest of this cable is"
        " missing",
    )
    assert problems == ([said] if cut else [])
    assert "CUT OFF" in second.text if cut else "WHOLE" in second.text


def test_a_broken_row_keeps_its_id_cell_as_a_dumped_row_s_is_read(tmp_path: Path) -> None:
    """The ID cell of a broken row is told as any ID is (ids.ID_LIKE): a year said twice
    (7575LIBREVILLE1895) is an ID too; a cell of words is none."""
    path = tmp_path / "cables.csv"
    path.write_text(
        '"1","12/28/1966 18:48","7575LIBREVILLE1895","Embassy Li\n'
        '"2","12/28/1966 18:48","EMBASSY ROME","Embassy Ro\n'
    )
    rows = list(read_cables(path))
    assert [r.meta.reference_id if r.meta else None for r in rows] == ["7575LIBREVILLE1895", None]


def test_csv_in_another_layout_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    rows = list(read_cables(path))
    assert [r.source.row for r in rows] == [1, 2]
    assert all(r.problems[0].code == "csv-row" for r in rows)


def test_leftover_html_is_stripped() -> None:
    raw = "<code><pre>SECRET <a id='par1' href='#par1'>¶</a>1. (S) Text &amp; more</pre></code>"
    assert strip_leftover_html(raw) == "SECRET ¶1. (S) Text & more"
    [body] = (SAMPLES / "body").glob("*.txt")
    [cable] = read_cables(body)
    assert cable.source.format == "body"
    assert cable.paragraphs and cable.paragraphs[0].number == 1 and cable.paragraphs[0].marking


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02\x03" * 500, "not text")],
)
def test_unreadable_files_say_why(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as err:
        list(read_cables(path))
    assert reason in err.value.reason and err.value.path == str(path)


def test_permission_error_is_a_clear_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("UNCLAS")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch, pytest.raises(UnreadableFile) as err:
        patch.setattr(os, "open", deny)  # the tests run as root, whom chmod does not stop
        list(read_cables(path))
    assert err.value.reason == "permission denied"


def test_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="disappeared"):
        list(read_cables(tmp_path / "gone.txt"))


def _release_row(n: int, body: str) -> str:
    return (
        f'"{n}","5/7/2007 15:01","07PRAGUE{500 + n}","Embassy Prague","UNCLASSIFIED","",'
        f'"","UNCLAS PRAGUE {500 + n:06d}\n\nTAGS: PREL\nSUBJECT: {body}\n\n1. (U) Row {n}."\n'
    )


def test_a_huge_field_in_a_cables_csv_is_cut_and_memory_stays_bounded(tmp_path: Path) -> None:
    """A 60 MB field (one line) between two good rows: the row keeps its ID and its
    first 64 kB with a problem that says so; the rows around it are whole; the reader's
    memory never holds the field."""
    import tracemalloc

    from reader.parser.containers import KEPT_OF_HUGE_ROW

    path = tmp_path / "cables.csv"
    with path.open("w") as fh:
        fh.write(_release_row(1, "BEFORE"))
        fh.write(_release_row(2, "HUGE " * (12 * 1024 * 1024)))
        fh.write(_release_row(3, "AFTER"))
    tracemalloc.start()
    try:
        cables = list(read_cables(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, peak  # the field alone is 60 MB
    assert [c.id for c in cables] == ["07PRAGUE501", "07PRAGUE502", "07PRAGUE503"]
    assert [c.subject for c in (cables[0], cables[2])] == ["BEFORE", "AFTER"]
    huge = cables[1]
    assert len(huge.text) <= KEPT_OF_HUGE_ROW
    assert huge.problems[0].code == "csv-row"
    assert huge.problems[0].message == (
        "row 2 holds 60 MB, more than any cable (the limit is 4 MB): only its first 64 kB are kept"
    )


def test_leftover_strong_tags_go_too():
    raw = "<code><pre><strong>SUBJECT: A TALK </strong>\n<strong>TAGS </strong>PREL</pre></code>"
    assert strip_leftover_html(raw) == "SUBJECT: A TALK \nTAGS PREL"
