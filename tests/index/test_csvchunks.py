"""A big cables.csv cut into parts gives exactly the cables read_cables gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from handmade import many, write_csv

from reader.index.csvchunks import cables_in, chunks
from reader.parser.containers import read_cables


def parts_read(path: Path, rows: int) -> list[object]:
    found = chunks(path, rows)
    assert found is not None
    return [c for chunk in found for c in cables_in(path, chunk)]


@pytest.mark.parametrize("rows", [1, 7, 1000])
def test_parts_give_the_cables_of_the_whole_file(tmp_path: Path, rows: int) -> None:
    path = tmp_path / "cables.csv"
    write_csv(path, many(40))
    assert parts_read(path, rows) == list(read_cables(path))


def test_a_broken_row_spoils_only_itself_in_parts_too(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    write_csv(path, many(30))
    text = path.read_text()
    quote = text.index('"Embassy', text.index('"12","'))
    broken = text[:quote] + text[quote + 1 :]  # a quote lost in row 12
    path.write_text(broken)
    whole = list(read_cables(path))
    assert len(whole) == 30
    assert parts_read(path, 4) == whole


def test_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    write_csv(path, many(12))
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert parts_read(path, 5) == list(read_cables(path))


def test_another_layout_is_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,text\n1,hello\n")
    assert chunks(path) is None
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert chunks(empty) is None


@pytest.mark.parametrize("block", [97, 1000])
def test_row_starts_across_block_seams(
    tmp_path: Path, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.index import csvchunks

    path = tmp_path / "cables.csv"
    write_csv(path, many(25))
    whole = chunks(path, 4)
    monkeypatch.setattr(csvchunks, "_BLOCK", block)
    assert chunks(path, 4) == whole
    assert parts_read(path, 4) == list(read_cables(path))


def test_a_huge_row_is_cut_in_parts_as_in_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    write_csv(path, many(6))
    text = path.read_text()
    second = text.index('\n"2","') + 1
    field = text.index('"', text.index("1. (", second))  # in the body of row 2
    path.write_text(text[:field] + "X" * (5 * 1024 * 1024) + text[field:])
    whole = list(read_cables(path))
    assert parts_read(path, 2) == whole
    assert whole[1].problems[0].code == "csv-row" and "5 MB" in whole[1].problems[0].message
