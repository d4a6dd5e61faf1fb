"""File > Export through the window (reader/ui/exporting.py): the current results or the
selected cables, written off the UI thread, read back as a user's tools read them."""

from __future__ import annotations

import csv
import json
import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window, samples_copy, select_rows, typed_query

from reader.ui import exporting
from reader.ui.widgets.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    w = analyst_window(qtbot, tmp_path, read_after_ms=None)
    open_and_wait(qtbot, w, str(samples_copy(tmp_path)))
    yield w
    w.loader.shutdown()


def test_export_the_current_results_as_csv(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    typed_query(qtbot, window, "from:prague")
    out = tmp_path / "prague.csv"
    with qtbot.waitSignal(window.exporting.exported, timeout=WAIT_MS) as done:
        assert window.exporting.export_to(out, "csv")
    assert done.args == [str(out), 2]
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert sorted(r["ID"] for r in rows) == ["07PRAGUE512", "07PRAGUE540"]
    assert "Wrote 2 cables" in window.statusBar().currentMessage()


def test_export_the_selected_cables_as_json_lines_and_a_pdf_pack(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    chosen = {"07STATE71840", "99NAIROBI6120", "07PRAGUE512"}
    select_rows(window, *chosen)
    out = tmp_path / "chosen.jsonl"
    with qtbot.waitSignal(window.exporting.exported, timeout=WAIT_MS):
        window.exporting.export_to(out, "jsonl")
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {d["id"] for d in docs} == chosen
    pdf = tmp_path / "chosen.pdf"
    with qtbot.waitSignal(window.exporting.exported, timeout=WAIT_MS):
        window.exporting.export_to(pdf, "pdf")
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages]
    assert pages[0].startswith("SECRET")  # the highest classification of the three
    assert all(any(cid in p for p in pages) for cid in chosen)


def _type_in_the_file_dialog(name: str) -> None:
    """Once the file dialog is up: type ``name`` into it and press Save, leaving the type of
    file as it came up (its first, CSV), as an analyst who types ``brief.pdf`` does."""

    def type_it() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QFileDialog) and w.isVisible()]  # fmt: skip
        if not dialogs:
            QTimer.singleShot(50, type_it)
            return
        dialogs[0].findChild(QLineEdit, "fileNameEdit").setText(name)
        dialogs[0].accept()

    QTimer.singleShot(50, type_it)


@pytest.mark.parametrize(("name", "start"), [("brief.pdf", b"%PDF"), ("brief.HTML", b"<!DOC")])
def test_a_name_typed_in_the_export_dialog_gives_the_format_it_names(
    qtbot, window: MainWindow, tmp_path: Path, name: str, start: bytes  # noqa: ANN001
) -> None:
    """brief.pdf typed in File > Export's dialog, its type of file left at CSV (the first),
    was written as a CSV table under the name brief.pdf; `export -o brief.pdf` writes a PDF."""
    typed_query(qtbot, window, "from:prague")
    out = tmp_path / name
    _type_in_the_file_dialog(str(out))
    with qtbot.waitSignal(window.exporting.exported, timeout=WAIT_MS):
        window.exporting.ask()
    assert out.read_bytes().upper().startswith(start.upper())


def test_a_name_without_a_format_is_written_as_the_type_of_file_chosen() -> None:
    assert exporting.chosen_format(Path("brief"), "Reading pack, PDF (*.pdf)") == "pdf"
    assert exporting.chosen_format(Path("brief.txt"), "JSON lines (*.jsonl)") == "jsonl"
    assert exporting.chosen_format(Path("brief"), "") == "csv"


def test_an_export_is_never_written_into_the_folder_being_read(
    qtbot, window: MainWindow, tmp_path: Path  # noqa: ANN001
) -> None:
    inside = tmp_path / "cables" / "2005" / "export.csv"
    assert not window.exporting.export_to(inside, "csv")
    assert not inside.exists() and window.exporting.runner is None
    message = window.statusBar().currentMessage()
    assert message.startswith(f"{inside} is inside {tmp_path / 'cables'}, the folder being read")
    nowhere = tmp_path / "no such folder" / "export.csv"
    assert not window.exporting.export_to(nowhere, "csv")
    assert window.statusBar().currentMessage() == (
        f"Cannot write {nowhere}: the folder {nowhere.parent} does not exist"
    )


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_a_query_that_finds_nothing_is_not_exported_and_an_older_file_stays(
    qtbot, window: MainWindow, tmp_path: Path, fmt: str  # noqa: ANN001
) -> None:
    """The window once wrote an export of no cable (a CSV of its header, a pack of its
    cover) over an older file of that name; `cable-reader export` refuses it."""
    typed_query(qtbot, window, "zzzqqq")
    out = tmp_path / f"older.{fmt}"
    out.write_text("older", encoding="utf-8")
    said = (
        "Nothing to export or print: no cable is in the current results, so nothing was"
        " written (a file of that name stays as it was)"
    )
    assert not window.exporting.export_to(out, fmt)
    assert window.exporting.runner is None
    assert window.statusBar().currentMessage() == said
    window.statusBar().clearMessage()
    assert not window.printing.ask()
    assert window.statusBar().currentMessage() == said
    assert out.read_text(encoding="utf-8") == "older"


def test_an_export_job_that_finds_nothing_writes_nothing(
    qtbot, window: MainWindow, tmp_path: Path  # noqa: ANN001
) -> None:
    """The folder may change between the window's answer and the job: the job refuses too."""
    out = tmp_path / "older.csv"
    out.write_text("older", encoding="utf-8")
    job = exporting.ExportJob([], window.current_filter().__class__("zzzqqq"), "csv", out,
                              tmp_path / "a.db")  # fmt: skip
    with pytest.raises(ValueError, match="^no cable is in the current results"):
        job(window.loader.index(), None)  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == "older"


def test_the_file_menu_offers_export(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert "Export…" in texts
    assert window.exporting.action.shortcut().toString() == "Ctrl+E"


def test_cancelling_an_export_leaves_no_file(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    # the job is held at its tenth cable, with part of the table written, until cancelled
    reached, go_on = threading.Event(), threading.Event()
    real_job = exporting._export_job

    def held_job(*args):  # noqa: ANN002, ANN202
        job = real_job(*args)

        def run(index, control):  # noqa: ANN001, ANN202
            report = control.progress

            def progress(done: int, total: int, item: object = None) -> None:
                report(done, total, item)
                if done == 10:
                    reached.set()
                    go_on.wait()

            control.progress = progress
            return job(index, control)

        return run

    monkeypatch.setattr(exporting, "_export_job", held_job)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "everything.csv"
    assert window.exporting.export_to(out, "csv")
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
    assert [p.name for p in out_dir.iterdir()] != []  # the table is being written, under
    assert not out.exists()  # another name
    with qtbot.waitSignal(window.exporting.abandoned, timeout=WAIT_MS):
        window.exporting.cancel()
        go_on.set()
    assert list(out_dir.iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()
    # and the next export runs to its end
    with qtbot.waitSignal(window.exporting.exported, timeout=WAIT_MS):
        assert window.exporting.export_to(out, "csv")
    assert len(list(csv.DictReader(out.open(encoding="utf-8", newline="")))) == 44
    assert [p.name for p in out_dir.iterdir()] == ["everything.csv"]


def test_a_failed_export_leaves_an_older_file_as_it_was(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    out = tmp_path / "kept.csv"
    out.write_text("an older table\n", encoding="utf-8")

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError("the disk is full")

    monkeypatch.setattr("reader.export.export_commands.write_cables_csv", broken)
    with qtbot.waitSignal(window.exporting.abandoned, timeout=WAIT_MS):
        assert window.exporting.export_to(out, "csv")
    assert out.read_text(encoding="utf-8") == "an older table\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".kept")) == []
    assert "the disk is full" in window.statusBar().currentMessage()


def test_a_pdf_is_drawn_in_a_child_process_and_its_cancel_leaves_no_file(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    # drawing pages is work in Qt, which holds the interpreter: not in the window's process
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "pack.pdf"
    seen: list[tuple[int, int]] = []
    in_child: list[bool] = []

    def first_progress(done: int, total: int, _items: object) -> None:
        if not seen:
            seen.append((done, total))
            in_child.append(
                "cable-reader-job" in [p.name for p in multiprocessing.active_children()]
            )
            window.exporting.cancel()

    with qtbot.waitSignal(window.exporting.abandoned, timeout=WAIT_MS):
        assert window.exporting.export_to(out, "pdf")
        window.exporting.runner.progressed.connect(first_progress)
    assert seen[0][0] < seen[0][1] == 3 * 44  # cancelled part of the way
    assert in_child == [True]
    assert list(out_dir.iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()
