"""The command line: parse --json, readable summaries, unreadable files and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.model.jsonout import SCHEMA_KEYS

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def test_parse_json_on_the_seed(shared_cables: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = shared_cables / "seed" / "000_779b252bf3f7de24.txt"
    assert main(["parse", "--json", str(seed)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    obj = json.loads(line)
    assert set(SCHEMA_KEYS) <= set(obj)
    assert obj["id"] == "07PRAGUE497"
    assert obj["source"] == {"path": str(seed), "format": "txt", "row": None}
    assert obj["info"][0] == {
        "ri": "RUEHZL",
        "name": "EUROPEAN POLITICAL COLLECTIVE",
        "precedence": "PRIORITY",
        "serial": None,
    }
    assert obj["classified_by"]["reasons"] == ["1.4(b)", "1.4(d)"]
    assert [p["number"] for p in obj["paragraphs"]] == [1, 2, 3]


def test_parse_folder_recursively_with_every_container(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", str(SAMPLES)]) == 0
    objs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    formats = {o["source"]["format"] for o in objs}
    assert formats == {"txt", "html", "csv", "body"}
    assert len(objs) >= 40
    assert all(o["id"] for o in objs)
    assert all(o["problems"] == [] for o in objs), [o["id"] for o in objs if o["problems"]]


def test_unreadable_file_is_one_line_on_stderr_and_the_rest_parses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02" * 1000)
    (tmp_path / "b.txt").write_text(
        "UNCLAS STATE 000123\n\nTAGS: PREL\nSUBJECT: X\n\n1. (U) Hello.\n"
    )
    (tmp_path / "notes.doc").write_text("not a cable file")
    assert main(["parse", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == [
        f"cable-reader: {tmp_path / 'a.txt'}: it is not text (binary data)"
    ]
    assert "SUBJECT" not in out and "X" in out and "TAGS PREL" in out


def test_a_folder_without_cable_files_says_so_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty folder, or one of photos, once printed nothing and exited 0: a mistyped
    folder looked like a folder of cables without any."""
    empty, photos = tmp_path / "empty", tmp_path / "photos"
    (photos / "deeper").mkdir(parents=True)
    empty.mkdir()
    (photos / "deeper" / "scan.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "b.txt").write_text("UNCLAS STATE 000123\n\nSUBJECT: X\n\n1. (U) Hello.\n")
    assert main(["parse", str(empty), str(photos), str(tmp_path / "b.txt")]) == 1
    out, err = capsys.readouterr()
    said = (
        ": no cable files in this folder: Cable Reader reads cable texts, WikiLeaks pages and"
        " cables.csv files (.csv, .htm, .html, .txt), in the folder and the folders inside it"
    )
    assert err.splitlines() == [f"cable-reader: {empty}{said}", f"cable-reader: {photos}{said}"]
    # the file named beside them is still parsed
    assert out.startswith(f"(no ID) {tmp_path / 'b.txt'}  date unknown  UNCLASSIFIED")


def test_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SAMPLES / "2007" / "07PRAGUE512.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("07PRAGUE512  2007-")
    assert "paragraphs (" in out


def test_console_script_entry_point_runs() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "parse",
            "--json",
            str(SAMPLES / "2007" / "07PRAGUE512.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "07PRAGUE512"


def test_json_says_where_a_glued_on_cable_begins(shared_cables, capsys) -> None:  # noqa: ANN001
    path = shared_cables / "text" / "1973" / "73TEHRAN2077.txt"
    assert main(["parse", "--json", str(path)]) == 0
    obj = json.loads(capsys.readouterr().out.splitlines()[0])
    text = path.read_text(encoding="utf-8", errors="replace")
    assert obj["appended_at"] is not None and 0 < obj["appended_at"] < len(text)
    assert "appended-text" in [p["code"] for p in obj["problems"]]


class _Exited(Exception):
    """What the test's os._exit raises in place of ending the process."""


def _search_seen_exiting(small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
                         ) -> list[str]:  # fmt: skip
    """Index the small folder and make ``cable-reader search`` of it the command line, with
    the test's own process kept: its exit handlers are not run here, only seen to be asked
    for ("handlers" in the list returned), and os._exit is seen ("exit N") and raises
    _Exited."""
    import atexit
    import os

    from reader.index.commands import index_main

    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    done: list[str] = []

    def exit_now(status: int) -> None:
        done.append(f"exit {status}")
        raise _Exited

    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: done.append("handlers"))
    monkeypatch.setattr(os, "_exit", exit_now)
    argv = ["cable-reader", "search", str(small_folder), "tag:MNUC", "--cache-dir", str(cache_dir)]
    monkeypatch.setattr(sys, "argv", argv)
    return done


def test_a_search_ends_without_the_teardown_after_the_exit_handlers(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # noqa: ANN001
    from reader import cli

    done = _search_seen_exiting(small_folder, cache_dir, monkeypatch)
    capsys.readouterr()
    with pytest.raises(_Exited):
        cli.run()
    assert done == ["handlers", "exit 0"]
    assert capsys.readouterr().out.splitlines()[-1] == "2 of 8 cables match"
    # any other command exits the normal way
    monkeypatch.setattr(sys, "argv", ["cable-reader", "--version"])
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 0 and done == ["handlers", "exit 0"]


def test_a_search_run_as_a_command_runs_the_exit_handlers_and_keeps_its_status(
    small_folder: Path, cache_dir: Path, tmp_path: Path
) -> None:
    from reader.index.commands import index_main

    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('the handler ran', flush=True))\n"
        f"sys.argv = ['cable-reader', 'search', {str(small_folder)!r}, 'tag:MNUC',"
        f" '--cache-dir', {str(cache_dir)!r}]\n"
        "from reader.cli import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["2 of 8 cables match", "the handler ran"]
    missing = tmp_path / "missing"
    done = subprocess.run(
        [sys.executable, "-m", "reader", "search", str(missing), "x"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "missing" in done.stderr


@pytest.mark.parametrize("daemon", [True, False])
def test_a_search_exits_at_once_beside_a_daemon_thread_not_beside_another(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, daemon: bool
) -> None:
    """A daemon thread (one a library left, or Qt's calls into Python in the same process)
    is not waited for by the interpreter either: it sent every search the slow way."""
    import threading

    from reader import cli

    done = _search_seen_exiting(small_folder, cache_dir, monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=daemon)
    other.start()
    try:
        with pytest.raises(_Exited if daemon else SystemExit):
            cli.run()
    finally:
        stop.set()
        other.join()
    assert done == (["handlers", "exit 0"] if daemon else [])


def test_index_and_search_help_name_a_teams_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """``index FOLDER --store URL`` adds a folder to a team's corpus and ``search URL QUERY``
    searches one, but neither --help said so: index's listed no --store at all."""
    for command in ("index", "search"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        said = " ".join(capsys.readouterr().out.split())
        assert "postgresql://HOST/DB" in said, command
    with pytest.raises(SystemExit):
        main(["index", "--help"])
    assert "--store URL" in capsys.readouterr().out


def test_a_teams_search_help_says_what_each_argument_is_as_a_folders_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``search postgresql://HOST/DB --help`` listed query, --json, --facets and --limit with
    no word on what they are, and its --include left out label=NAME; a query starting with
    '-' after the corpus was taken for an unknown option."""
    helps = []
    for where in ("/tmp", "postgresql://HOST/DB"):
        with pytest.raises(SystemExit):
            main(["search", where, "x", "--help"])
        helps.append(" ".join(capsys.readouterr().out.split()))
    folder, team = helps
    for said in ("the query, e.g.", "also print the facet counts", "print JSON",
                 "cables to print", "label=NAME", "Query syntax: see the README"):  # fmt: skip
        assert said in folder and said in team, said
    # -visit stands for the query after the corpus (a server that is not there: exit 1)
    url = "postgresql://127.0.0.1:9/none?connect_timeout=2"
    assert main(["search", url, "-visit"]) == 1
    assert "unrecognized" not in capsys.readouterr().err


def test_a_store_that_is_no_server_is_named_and_one_after_an_equals_sign_is_a_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--store foo`` said "unrecognized arguments: --store foo"; ``--store=postgresql://...``
    was not taken for a team's corpus (only ``--store postgresql://...`` was)."""
    folder = tmp_path / "cables"
    folder.mkdir()
    with pytest.raises(SystemExit) as exited:
        main(["index", str(folder), "--store", "foo"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--store foo: a team's corpus is named postgresql://HOST/DB" in err
    # an address nothing answers at: the team's command says so (not "unrecognized")
    url = "postgresql://127.0.0.1:9/none?connect_timeout=2"
    assert main(["index", str(folder), f"--store={url}"]) == 1
    assert "cannot reach the server at" in capsys.readouterr().err
