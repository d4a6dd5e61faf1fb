"""The command line as a newcomer meets it: --version, a missing path, no display, a query
that starts with '-', a negative --limit, and facet lists that say when they are cut."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import reader
from reader.cli import main
from reader.ui.display import display_problem, x_server_answers

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m reader ARGS`` in a child process, from the checkout under test."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _search(capsys: pytest.CaptureFixture[str], cache: Path, *args: str) -> tuple[int, str]:
    code = main(["search", str(SAMPLES), "--cache-dir", str(cache), "--workers", "0", *args])
    return code, capsys.readouterr().out


def _count(out: str) -> int:
    m = re.search(r"^([\d,]+) of [\d,]+ cables match$", out, re.MULTILINE)
    assert m, out
    return int(m.group(1).replace(",", ""))


def test_version_is_printed_not_taken_for_a_folder() -> None:
    done = _run("--version")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"cable-reader {reader.__version__}\n"


def test_sub_commands_on_a_missing_path_exit_non_zero_and_name_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "nonexistent")
    for command in ("parse", "index", "search"):
        args = [command, missing] + (["visit"] if command == "search" else [])
        done = _run(*args, "--cache-dir", str(tmp_path)) if command != "parse" else _run(*args)
        assert done.returncode != 0, command
        assert missing in done.stderr, (command, done.stderr)


def test_without_a_display_the_window_says_so_and_how_to_use_the_command_line() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = _run(str(SAMPLES), env=env)
    assert done.returncode == 3  # not -SIGABRT, as when Qt aborts on a missing display
    assert done.returncode != -signal.SIGABRT
    assert "No display is available" in done.stderr
    assert "cable-reader parse" in done.stderr and "xvfb-run" in done.stderr
    assert "Reinstalling" not in done.stderr and done.stdout == ""


def test_display_problems_in_plain_words() -> None:
    answers = {"server_answers": lambda _d: True, "library_found": lambda: True}
    assert display_problem({}, platform="linux", **answers).startswith("No display")
    assert display_problem({"DISPLAY": ":0"}, platform="linux", **answers) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux", **answers) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux", **answers) is None
    assert display_problem({}, platform="darwin", **answers) is None
    no_server = display_problem(
        {"DISPLAY": ":9"},
        platform="linux",
        library_found=lambda: True,
        server_answers=lambda _d: False,
    )
    assert no_server == "No X server answers on DISPLAY=:9, so the window cannot open."
    no_library = display_problem(
        {"DISPLAY": ":0"},
        platform="linux",
        server_answers=lambda _d: True,
        library_found=lambda: False,
    )
    assert no_library is not None and "libxcb-cursor0" in no_library
    # Qt picks X when told to, though Wayland is there
    x_told = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "QT_QPA_PLATFORM": "xcb"}
    assert (
        display_problem(
            x_told, platform="linux", server_answers=lambda _d: True, library_found=lambda: False
        )
        == no_library
    )


def test_an_x_display_nobody_listens_on_is_found(tmp_path: Path) -> None:
    tmp = str(tmp_path)
    assert not x_server_answers(":5", tmp)  # no socket, no lock
    (tmp_path / ".X11-unix").mkdir()
    (tmp_path / ".X11-unix" / "X5").touch()
    assert x_server_answers(":5", tmp) and x_server_answers("unix:5.0", tmp)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    (tmp_path / ".X5-lock").write_text(f"{gone.stdout.strip():>10}\n")
    assert not x_server_answers(":5", tmp)  # the socket of a server that died
    (tmp_path / ".X5-lock").write_text(f"{os.getpid():>10}\n")
    assert x_server_answers(":5", tmp)
    assert x_server_answers("remotehost:0", tmp)  # not probed


def test_a_query_starting_with_a_dash_alone_or_after_double_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    code, out = _search(capsys, cache, "", "--limit", "0")
    total = _count(out)
    code, out = _search(capsys, cache, "visit", "--limit", "0")
    with_visit = _count(out)
    assert 0 < with_visit < total
    code, alone = _search(capsys, cache, "-visit", "--limit", "0")
    assert code == 0 and _count(alone) == total - with_visit
    code, first = _search(capsys, cache, "--limit", "0", "--", "-visit")
    assert code == 0 and _count(first) == total - with_visit
    code, field = _search(capsys, cache, "-tag:PREL", "--limit", "0")
    code, tagged = _search(capsys, cache, "tag:PREL", "--limit", "0")
    assert _count(field) == total - _count(tagged)


def test_a_query_starting_with_a_dash_through_python_m_reader(tmp_path: Path) -> None:
    done = _run(
        "search", str(SAMPLES), "-visit", "--cache-dir", str(tmp_path), "--json", "--workers", "0"
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["query"] == "-visit" and 0 < doc["count"] < doc["total"]


def test_a_misspelt_option_is_not_taken_for_a_query(tmp_path: Path) -> None:
    done = _run("search", str(SAMPLES), "--facts", "visit", "--cache-dir", str(tmp_path))
    assert done.returncode == 2
    assert "unrecognized arguments: --facts" in done.stderr
    done = _run("search", str(SAMPLES), "visit", "-prague", "--cache-dir", str(tmp_path))
    assert done.returncode == 2 and "in quotes" in done.stderr


@pytest.mark.parametrize("limit", ["-5", "-1", "many"])
def test_a_negative_or_odd_limit_is_refused(limit: str, tmp_path: Path) -> None:
    done = _run("search", str(SAMPLES), "visit", "--limit", limit, "--cache-dir", str(tmp_path))
    assert done.returncode == 2
    assert "argument --limit" in done.stderr
    assert "cables match" not in done.stdout


def test_facet_lines_say_how_many_values_they_leave_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    main(
        [
            "search",
            str(SAMPLES),
            "",
            "--json",
            "--facets",
            "--cache-dir",
            str(cache),
            "--workers",
            "0",
        ]
    )
    every = json.loads(capsys.readouterr().out)["facets"]
    code, out = _search(capsys, cache, "", "--facets", "--limit", "0")
    assert code == 0
    lines = {line.partition(": ")[0]: line for line in out.splitlines() if ": " in line}
    cut = [name for name, values in every.items() if len(values) > 10]
    assert "month" in cut and "tag" in cut  # the samples span more than ten months
    for name, values in every.items():
        line = lines[name]
        if len(values) > 10:
            assert line.endswith(f", … (and {len(values) - 10} more; --json lists all)"), line
        else:
            assert "more;" not in line, line
        if not values:  # no label made yet: the line says so rather than end at the colon
            assert line == f"{name}: no cable has one", line
    assert every["label"] == []


def test_annotations_that_cannot_be_opened_are_a_sentence_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``search FOLDER is:starred --data-dir FILE`` (and export) ended in a traceback."""
    data = tmp_path / "notes.txt"
    data.write_text("mine")
    said = (
        f"cable-reader: cannot open your annotations at {data / 'annotations.sqlite3'}: {data}"
        " is a file, not a folder; give a folder (--data-dir, or CABLE_READER_DATA_DIR)\n"
    )
    common = ["--cache-dir", str(tmp_path / "cache"), "--data-dir", str(data)]
    assert main(["search", str(SAMPLES), "is:starred", "--workers", "0", *common]) == 1
    assert capsys.readouterr().err == said
    out = tmp_path / "starred.csv"
    assert main(["export", str(SAMPLES), "is:starred", "-o", str(out), *common]) == 1
    assert capsys.readouterr().err == said and not out.exists()
    # a search that asks nothing of them is answered
    assert main(["search", str(SAMPLES), "prague", "--limit", "0", *common]) == 0
    assert data.read_text() == "mine"


def _no_display() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }


@pytest.mark.parametrize(
    ("args", "said"),
    [
        # a command mistyped was taken for a folder to open: "No display is available" (or,
        # with a display, a window saying the folder "serch" does not exist)
        (("serch", str(SAMPLES), "nuclear"), "serch is not a command: did you mean search?"),
        (("batch", str(SAMPLES), "t.txt"), "batch is not a command: did you mean batch-search?"),
        # a search's option without the command
        (("--limit", "5"), "--limit is not an option of cable-reader"),
        # a query after the folder, the command left out: the window would drop the query
        ((str(SAMPLES), "nuclear"), f"cable-reader search {SAMPLES} nuclear"),
    ],
)
def test_a_mistyped_command_is_named_not_taken_for_a_folder(
    args: tuple[str, ...], said: str
) -> None:
    done = _run(*args, env=_no_display())
    assert done.returncode == 2, done.stderr
    assert said in done.stderr
    assert "No display" not in done.stderr and done.stdout == ""


def test_one_folder_or_file_still_opens_the_window() -> None:
    for args in ((str(SAMPLES),), ("postgresql://localhost/cables",), ("missing-folder",)):
        done = _run(*args, env=_no_display())
        assert done.returncode == 3 and "No display" in done.stderr, args
