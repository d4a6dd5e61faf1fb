"""The same cable in several files of a folder, in the window: each row names its file, and the
document names the other copies, each a button that opens it."""

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel
from waiting import WAIT_MS, open_and_wait

from reader.parser.containers import read_cables
from reader.ui.models.cable_tree import Column, Role
from reader.ui.widgets.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
PAGE = "08TOKYO1966"  # an invented cable of the samples, as a WikiLeaks page


def _folder(tmp_path: Path) -> Path:
    """The sample page, its cable's text as a .txt beside it, and a cable held once."""
    folder = tmp_path / "cables"
    (folder / "html").mkdir(parents=True)
    (folder / "text" / "2008").mkdir(parents=True)
    (folder / "2007").mkdir()
    page = SAMPLES / "html" / f"{PAGE}.html"
    (folder / "html" / page.name).write_bytes(page.read_bytes())
    (cable,) = read_cables(page)
    (folder / "text" / "2008" / f"{PAGE}.txt").write_text(cable.text, encoding="utf-8")
    once = SAMPLES / "2007" / "07PRAGUE512.txt"
    (folder / "2007" / once.name).write_bytes(once.read_bytes())
    return folder


def _row(window: MainWindow, file: str) -> QModelIndex:
    window.model.fetch_all()
    return next(window.model.index(r, 0) for r in range(window.model.rowCount())
                if window.model.index(r, 0).data(Role.HIT).file == file)


def _show(qtbot, window: MainWindow, file: str) -> QModelIndex:  # noqa: ANN001
    row = _row(window, file)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    return row


def test_a_cable_in_two_files_names_the_other_and_opens_it(qtbot, real_window, tmp_path):
    window = real_window
    open_and_wait(qtbot, window, str(_folder(tmp_path)))
    text, page = f"text/2008/{PAGE}.txt", f"html/{PAGE}.html"
    # two rows of the same ID, each saying which file it is
    assert window.model.rowCount() == 3
    tips = {window.model.index(r, Column.ID).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(3) if window.model.index(r, Column.ID).data() == PAGE}
    assert tips == {f"File: {text}", f"File: {page}"}

    row = _show(qtbot, window, text)
    document = window.document
    assert document.cable.source.format == "txt" and document.copies.isVisible()
    heading = document.copies.findChild(QLabel)
    assert heading.text() == f"Read from {text} (text). Also in this folder:"
    (button,) = document.copy_buttons
    assert button.text() == f"{page} (WikiLeaks page)"

    # the button opens the page, its row current in the tree; the page names the text
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS) as shown:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    page_key = _row(window, page).data(Role.KEY)
    assert shown.args == [page_key] and document.key == page_key != row.data(Role.KEY)
    assert document.cable.source.format == "html" and document.cable.id == PAGE
    assert window.tree.currentIndex().data(Role.KEY) == page_key
    assert [b.text() for b in document.copy_buttons] == [f"{text} (text)"]
    assert document.copies.findChild(QLabel).text() == (
        f"Read from {page} (WikiLeaks page). Also in this folder:"
    )
    # Back returns to the text, as after a REF link
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        qtbot.keyClick(window.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert document.key == row.data(Role.KEY)

    # a cable held once: no row of copies
    _show(qtbot, window, "2007/07PRAGUE512.txt")
    assert not document.copies.isVisible() and document.copy_buttons == []


def test_a_teams_corpus_names_every_file_its_one_cable_was_read_from(
    qtbot, real_window, tmp_path, pg_url  # noqa: ANN001
):
    """A team's corpus keeps the cable once: the document names the file it was read from
    and the other, as text (there is nothing else to open)."""
    from reader.team.pgstore import PgIndex

    folder = _folder(tmp_path).resolve()
    with PgIndex.open(pg_url) as index:
        index.refresh(folder)
    window = real_window
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        window.open_path(pg_url)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT_MS)
    window.model.fetch_all()
    qtbot.waitUntil(lambda: not window.model.rows_on_the_way(), timeout=WAIT_MS)
    row = next(window.model.index(r, 0) for r in range(2)
               if window.model.index(r, Column.ID).data() == PAGE)
    page, text = folder / "html" / f"{PAGE}.html", folder / "text" / "2008" / f"{PAGE}.txt"
    assert row.siblingAtColumn(Column.ID).data(Qt.ItemDataRole.ToolTipRole) == f"File: {page}"
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    document = window.document
    assert document.copies.isVisible() and document.copy_buttons == []
    labels = [label.text() for label in document.copies.findChildren(QLabel)]
    assert labels == [
        f"Read from {page} (WikiLeaks page). Also indexed from:",
        f"{text} (text)",
    ]


def test_the_copies_facet_counts_each_cable_once(qtbot, real_window, tmp_path):
    """The filter pane's Copies group: the page (the text is the copy kept) has the value
    "another copy in this folder"; a click includes it, a second excludes it: each cable
    once. The document says which copy stays."""
    from reader.ui.models.facets import FacetRole, FacetState

    window = real_window
    open_and_wait(qtbot, window, str(_folder(tmp_path)))
    pane, model = window.pane, window.pane.facets

    def counts() -> dict[str, int]:
        return {v.value: v.count for v in model.values("copy")}

    # (the counts of the first files come first, then those of the whole folder)
    qtbot.waitUntil(lambda: counts() == {"other": 1}, timeout=WAIT_MS)
    group = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data(FacetRole.FACET) == "copy"
    )
    assert group.data() == "Copies" and pane.tree.isExpanded(group)
    (value,) = [model.index(r, 0, group) for r in range(model.rowCount(group))]
    assert value.data() == "another copy in this folder"
    assert model.index(0, 1, group).data() == "1"
    assert "count each cable once" in value.data(Qt.ItemDataRole.ToolTipRole)
    pane.tree.scrollTo(value)

    def click() -> None:
        with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
            qtbot.mouseClick(
                pane.tree.viewport(),
                Qt.MouseButton.LeftButton,
                pos=pane.tree.visualRect(value).center(),
            )

    def files() -> list[str]:
        window.model.fetch_all()
        return sorted(window.model.index(r, 0).data(Role.HIT).file
                      for r in range(window.model.rowCount()))  # fmt: skip

    click()
    assert files() == [f"html/{PAGE}.html"]
    click()
    assert model.state("copy", "other") == FacetState.EXCLUDE
    assert files() == ["2007/07PRAGUE512.txt", f"text/2008/{PAGE}.txt"]
    assert counts() == {"other": 1}  # what clearing it would bring back
    assert pane.chip_texts() == ["Copies: other"]

    # the document of a copy says which one stays when each cable is counted once
    _show(qtbot, window, f"text/2008/{PAGE}.txt")
    tip = window.document.copies.findChild(QLabel).toolTip()
    assert tip.endswith("keeps one of them: this one.")
