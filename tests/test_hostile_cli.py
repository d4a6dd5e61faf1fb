"""The command line over a hostile folder: nothing crashes, every bad file is named once."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

import pytest
from hostile import tree_digest

from reader.cli import main, shown


def test_parse_over_the_hostile_folder(hostile, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    before = tree_digest(hostile.root)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = main(["parse", "--json", str(hostile.root)])
    out, err = capsys.readouterr()
    assert status == 1
    cables = [json.loads(line) for line in out.splitlines()]
    assert len(cables) == hostile.good_cables
    assert not any("OUTSIDE THE FOLDER" in (c["subject"] or "") for c in cables)
    # each bad file once, named, with its reason
    lines = err.splitlines()
    for rel, reason in hostile.bad.items():
        named = [
            ln for ln in lines if ln.startswith(f"cable-reader: {shown(hostile.root / rel)}: ")
        ]
        assert len(named) == 1, (rel, lines)
        assert reason in named[0]
    assert len(lines) == len(hostile.bad)
    # the folder is unchanged, and memory stayed bounded despite the 300 MB file
    assert tree_digest(hostile.root) == before
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 250


def test_the_page_is_data(hostile, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", "--json", str(hostile.root / "good" / "page.html")]) == 0
    [page] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert page["id"] == "07PRAGUE777"
    text = json.dumps(page)
    assert "alert" not in text and "tracker" not in text and "<script" not in text


def test_broken_csv_row_keeps_the_others(hostile, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", "--json", str(hostile.root / "good" / "csv" / "cables.csv")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["source"]["row"] for r in rows] == [1, 2, 3, 4]
    assert [r["id"] for r in rows if not r["problems"]] == [
        "07PRAGUE501",
        "07PRAGUE503",
        "07PRAGUE504",
    ]
    assert rows[1]["problems"][0]["code"] == "csv-row"


def test_a_file_deleted_between_listing_and_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "07STATE1.txt").write_text("UNCLAS STATE 000001\n\n1. (U) Text.\n")
    (tmp_path / "07STATE2.txt").write_text("UNCLAS STATE 000002\n\n1. (U) Text.\n")
    import reader.cli as cli

    real = cli.cable_files

    def listing_then_delete(paths):  # type: ignore[no-untyped-def]
        files = list(real(paths))
        (tmp_path / "07STATE1.txt").unlink()
        yield from files

    monkeypatch.setattr(cli, "cable_files", listing_then_delete)
    assert main(["parse", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    gone = tmp_path / "07STATE1.txt"
    assert err == f"cable-reader: {gone}: the file disappeared before it could be read\n"
    assert out.startswith("07STATE2 ")


def test_read_only_folder_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ro"
    root.mkdir()
    for p in (Path(__file__).resolve().parents[1] / "resources" / "samples").rglob("*.txt"):
        (root / p.name).write_bytes(p.read_bytes())
    before = tree_digest(root)
    for p in [root, *root.iterdir()]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        assert main(["parse", "--json", str(root)]) == 0
    finally:
        for p in [*root.iterdir(), root]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    assert tree_digest(root) == before
    assert os.listdir(root)
