"""Batch search in the window (reader/ui/batch_search.py) and File > Print with its preview
(reader/ui/printing.py), over a copy of the bundled samples indexed for real."""

from __future__ import annotations

import csv
import pickle
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtTest import QTest
from waiting import WAIT_MS, open_and_wait
from window_steps import analyst_window, samples_copy, select_rows, typed_query

from reader.annotate.annotations import Annotations
from reader.query.query import Filter
from reader.ui import batch_search, printing
from reader.ui.pack_pdf import write_pdf
from reader.ui.printing import PrinterSettings, pack_printer
from reader.ui.widgets.main_window import MainWindow

TERMS = ["minist*", '"prime minister"', "tag:PREL", "from:prague OR from:nairobi", "zzznothing"]


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001
    w = analyst_window(qtbot, tmp_path, read_after_ms=None)
    open_and_wait(qtbot, w, str(samples_copy(tmp_path)))
    yield w
    w.loader.shutdown()


def run_batch(qtbot, window: MainWindow, tmp_path: Path, terms: list[str]) -> None:  # noqa: ANN001
    path = tmp_path / "terms.txt"
    path.write_text("# names to look for\n" + "\n".join(terms) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.batch.finished, timeout=WAIT_MS) as ended:
        assert window.batch.load_terms(path)
    assert ended.args == [len(terms), False]


def test_batch_counts_equal_the_queries_one_by_one_and_a_click_shows_them(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    typed_query(qtbot, window, "date:1990..2010")
    run_batch(qtbot, window, tmp_path, TERMS)
    model = window.batch.panel.model
    assert [r.term.query for r in model.results] == TERMS
    index = window.loader.index()
    counts = [index.count(Filter(f"({t}) date:1990..2010")) for t in TERMS]
    assert [r.count for r in model.results] == counts
    assert counts[0] > counts[1] > 0 and counts[-1] == 0  # a real spread, not all alike
    assert all(r.count == 0 or r.first <= r.last for r in model.results)
    assert model.index(0, 2).data() == f"{counts[0]:,}"
    assert "date:1990..2010" in window.batch.panel.within.text()
    table = window.batch.panel.table
    for row, term in enumerate(TERMS[:4]):
        rect = table.visualRect(model.index(row, 0))
        with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
            QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.pane.query.text() == f"({term}) (date:1990..2010)"
        assert len(window.model.keys) == counts[row]
        hits = index.hits(window.model.keys)
        assert sorted(h.id for h in hits) == sorted(
            h.id for h in index.hits(index.keys(Filter(f"({term}) date:1990..2010")))
        )


def test_a_term_that_does_not_mean_what_it_seems_is_marked_and_says_why(
    qtbot, window: MainWindow, tmp_path: Path  # noqa: ANN001
) -> None:
    run_batch(qtbot, window, tmp_path, ["ferry", "date:2010..2005"])
    model = window.batch.panel.model
    plain, reversed_range = model.index(0, 0), model.index(1, 0)
    assert plain.data(Qt.ItemDataRole.DecorationRole) is None
    assert not reversed_range.data(Qt.ItemDataRole.DecorationRole).isNull()
    tip = reversed_range.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("date:2010..2005 ends before it begins, so it matches nothing")
    assert plain.data(Qt.ItemDataRole.ToolTipRole).startswith("Show the ")


def test_the_table_saved_as_csv_reads_back(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    run_batch(qtbot, window, tmp_path, [*TERMS, "=cmd|' /C calc'!A0"])
    out = tmp_path / "table.csv"
    with qtbot.waitSignal(window.batch.saved, timeout=WAIT_MS):
        window.batch.save_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    results = window.batch.panel.model.results
    assert [r["Term"] for r in rows[:-1]] == TERMS
    assert rows[-1]["Term"] == "'=cmd|' /C calc'!A0"  # inert in a spreadsheet
    assert [int(r["Cables"]) for r in rows] == [r.count for r in results]
    assert [r["First"] for r in rows] == [
        r.first.date().isoformat() if r.first else "" for r in results
    ]
    posts = [o for o, _ in results[3].top_origins]
    assert posts and all(p in rows[3]["Top posts"] for p in posts)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".table")] == []
    inside = tmp_path / "cables" / "table.csv"  # would be read as a cables.csv next time
    window.batch.save_csv(inside)
    assert not inside.exists()
    assert window.statusBar().currentMessage().startswith(
        f"Cannot save the table: {inside} is inside {tmp_path / 'cables'}, the folder being read"
    )


def test_the_table_is_written_off_the_ui_thread_and_a_failure_said(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    run_batch(qtbot, window, tmp_path, TERMS)
    writers: list[threading.Thread] = []
    real = batch_search.write_csv

    def noting(results, out):  # noqa: ANN001, ANN202
        writers.append(threading.current_thread())
        return real(results, out)

    monkeypatch.setattr(batch_search, "write_csv", noting)
    with qtbot.waitSignal(window.batch.saved, timeout=WAIT_MS):
        window.batch.save_csv(tmp_path / "table.csv")
    assert writers and threading.main_thread() not in writers


    def full(results, out):  # noqa: ANN001, ANN202
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch_search, "write_csv", full)
    window.batch.save_csv(tmp_path / "again.csv")
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Cannot save the table: "),
        timeout=WAIT_MS,
    )
    assert "No space left on device" in window.statusBar().currentMessage()
    assert not (tmp_path / "again.csv").exists()


def test_label_every_cable_of_a_term_then_undo(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    run_batch(qtbot, window, tmp_path, TERMS)
    row = TERMS.index("from:prague OR from:nairobi")
    index = window.loader.index()
    ids = {h.id.upper() for h in index.hits(index.keys(Filter(TERMS[row])))}
    assert len(ids) >= 3
    assert window.batch.term_query(row) == TERMS[row]  # run inside no query: the term alone
    annotating = window.annotating
    with qtbot.waitSignal(annotating.changed, timeout=WAIT_MS) as changed:
        assert window.batch.label_term(row, "east-africa-and-prague")
    assert changed.args == ["label", len(ids)]
    with Annotations.open(annotating.path, backup=False) as store:
        labelled = {i for i in ids if "east-africa-and-prague" in store.labels_of(i)}
    assert labelled == ids
    assert annotating.undo_stack.count() == 1
    with qtbot.waitSignal(annotating.changed, timeout=WAIT_MS) as changed:
        annotating.undo_stack.undo()
    assert changed.args == ["unlabel", len(ids)]
    with Annotations.open(annotating.path, backup=False) as store:
        assert not any("east-africa-and-prague" in store.labels_of(i) for i in ids)


def test_cancelling_a_batch_keeps_the_rows_so_far(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    path = tmp_path / "terms.txt"
    path.write_text("\n".join(TERMS * 100), encoding="utf-8")
    rows_when_cancelled: list[int] = []

    def cancel_at_first_rows(_done: int, _total: int, _items: object) -> None:
        if not rows_when_cancelled:
            rows_when_cancelled.append(len(window.batch.panel.model.results))
            assert window.batch.panel.cancel.isEnabled()
            QTest.mouseClick(window.batch.panel.cancel, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(window.batch.finished, timeout=WAIT_MS) as ended:
        assert window.batch.load_terms(path)
        window.batch.runner.progressed.connect(cancel_at_first_rows)
    n, cancelled = ended.args
    assert cancelled and 0 < n < 500  # stopped part of the way, the rows so far kept
    assert rows_when_cancelled[0] <= n == len(window.batch.panel.model.results)
    assert [r.term.query for r in window.batch.panel.model.results] == (TERMS * 100)[:n]
    assert f"cancelled after {n} of 500 terms" in window.statusBar().currentMessage()
    assert not window.batch.panel.cancel.isEnabled()


def _pages(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages]


def test_print_preview_shows_the_packs_pages_and_prints_them(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    chosen = {"07STATE71840", "99NAIROBI6120", "07PRAGUE512"}
    select_rows(window, *chosen)
    with qtbot.waitSignal(window.printing.previewShown, timeout=WAIT_MS) as shown:
        assert window.printing.ask()
    dialog = shown.args[0]
    pack = window.printing.pack
    assert {pc.cable.id for pc in pack.cables} == chosen
    written = tmp_path / "pack.pdf"
    pages = write_pdf(pack, written)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == pages, timeout=WAIT_MS)
    # the printer of the preview, sent to a PDF file: the same pages as the pack's PDF
    printer = pack_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(window.printing.printed, timeout=WAIT_MS) as done:
        window.printing.print_to(printer)
    assert done.args == [pages]
    assert _pages(printed) == _pages(written)
    assert len(_pages(printed)) == pages > len(chosen)
    assert _pages(printed)[0].startswith("SECRET")
    dialog.reject()


def test_the_menus_offer_print_export_and_batch_search(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert texts.index("Export…") < texts.index("Print…") < texts.index("Batch Search…")
    assert window.printing.action.shortcut().toString() == "Ctrl+P"
    menu = window.tree_menu()  # the results' context menu
    assert {window.exporting.action, window.printing.action} <= set(menu.actions())


def test_a_pack_too_big_to_preview_prints_from_a_child_process(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    # what the print dialog gives for Print to File; the window's current results: all 44
    settings = PrinterSettings("", str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(window.printing.printed, timeout=WAIT_MS) as done:
        assert window.printing.print_in_background(settings)
    assert window.statusBar().currentMessage() == f"Printed {done.args[0]:,} pages"
    exported = tmp_path / "exported.pdf"
    with qtbot.waitSignal(window.exporting.exported, timeout=WAIT_MS):
        window.exporting.export_to(exported, "pdf")
    printed, written = _pages(tmp_path / "printed.pdf"), _pages(exported)
    assert done.args == [len(written)] and len(written) > 44
    # the same pages; the cover's "Made" line has the minute each was made
    assert printed[1:] == written[1:]
    assert "44 in this pack, of 44 matching" in printed[0]


def test_cancelling_a_background_print_writes_no_file(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    settings = PrinterSettings("", str(out_dir / "printed.pdf"))
    seen: list[tuple[int, int]] = []

    def cancel_at_first(done: int, total: int, _items: object) -> None:
        if not seen:
            seen.append((done, total))
            window.printing.cancel()

    with qtbot.waitSignal(window.printing.abandoned, timeout=WAIT_MS):
        assert window.printing.print_in_background(settings)
        window.printing.runner.progressed.connect(cancel_at_first)
    assert seen[0][0] < seen[0][1] == 3 * 44
    assert list(out_dir.iterdir()) == []
    assert window.statusBar().currentMessage() == "Printing cancelled"


def test_printer_settings_carry_the_dialogs_choices(qapp) -> None:  # noqa: ANN001 - a QPrinter needs it
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setPrinterName("office")
    printer.setCopyCount(3)
    printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    settings = PrinterSettings.of(printer)
    assert (settings.copies, settings.colour, settings.duplex) == (3, False, printer.duplex().value)
    assert settings.output_file == "" and settings.printer_name == printer.printerName()
    # a child process gets them pickled (duplex needs a printer that has it: none here)
    again = pickle.loads(pickle.dumps(settings)).printer()
    assert (again.copyCount(), again.colorMode()) == (3, QPrinter.ColorMode.GrayScale)
    assert again.duplex() == printer.duplex()


def test_print_of_more_than_the_preview_limit_asks_for_a_printer_and_prints_in_the_background(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    out = tmp_path / "chosen-printer.pdf"

    class Dialog:  # the analyst chooses Print to File in the print dialog
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, _parent: object) -> None:
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:  # noqa: N802 - Qt's name
            assert "44 cables" in title

        def exec(self) -> QPrintDialog.DialogCode:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(printing, "QPrintDialog", Dialog)
    assert len(window.model.keys) == 44 > printing.PREVIEW_LIMIT
    previews: list[object] = []
    window.printing.previewShown.connect(previews.append)
    with qtbot.waitSignal(window.printing.printed, timeout=WAIT_MS) as done:
        assert window.printing.ask()
    assert len(_pages(out)) == done.args[0] > 44
    assert previews == []


def test_a_csv_of_terms_with_labels_runs_inside_the_chosen_facets(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.apply_facet("classification", "CONFIDENTIAL")
    path = tmp_path / "terms.csv"
    path.write_text(
        'Label,Term\nministries,minist*\nPM,"""prime minister"""\n,\n', encoding="utf-8"
    )
    with qtbot.waitSignal(window.batch.finished, timeout=WAIT_MS):
        assert window.batch.load_terms(path)
    model = window.batch.panel.model
    assert [(r.term.label, r.term.query) for r in model.results] == [
        ("ministries", "minist*"),
        ("PM", '"prime minister"'),
    ]
    index = window.loader.index()
    within = window.current_filter()
    assert within.include == frozenset({("classification", "CONFIDENTIAL")})
    for r in model.results:
        assert r.count == index.count(Filter(r.term.query, within.include))
    assert model.results[0].count < index.count(Filter("minist*"))  # the facet held
    assert model.index(1, 1).data() == "PM"
    assert "classification = CONFIDENTIAL" in window.batch.panel.within.text()
