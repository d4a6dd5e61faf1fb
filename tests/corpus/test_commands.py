"""``cable-reader index`` and ``cable-reader search`` as functions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.corpus.commands import index_main, search_main


def test_index_then_search(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("8 cables indexed")
    assert search_main([str(small_folder), "tag:MNUC", "--cache-dir", str(cache_dir)]) == 0
    out = capsys.readouterr().out
    assert "07MOSCOW2111" in out and "09TOKYO900" in out
    assert out.splitlines()[-1] == "2 of 8 cables match"


def test_search_json_with_facets(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(small_folder), "beef", "--json", "--facets", "--limit", "1"]
    assert search_main([*argv, "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["count"], doc["total"], len(doc["hits"])) == (2, 8, 1)
    hit = doc["hits"][0]
    assert hit["id"] == "08BUENOSAIRES100"
    a, b = hit["matches"][0]
    assert hit["snippet"][a:b].lower() == "beef"
    assert doc["facets"]["year"] == [["2008", 1], ["2009", 1]]


def test_search_with_facet_selections(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(small_folder), "", "--include", "year=2007", "--exclude", "tag=MNUC", "--json"]
    assert search_main([*argv, "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 3


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert index_main([str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_bad_selection_is_a_usage_error(small_folder: Path, cache_dir: Path) -> None:
    with pytest.raises(SystemExit):
        search_main([str(small_folder), "x", "--include", "colour=red"])
