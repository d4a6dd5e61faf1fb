"""The checks' findings in the window: a marker on the cable row, a "Checks (n)" child, a
marker in the document's margin, and the Checks facet with counts that follow the filter.

On the bundled samples and their six deliberate errors (resources/samples/README.md, E1..E6).
"""

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from waiting import WAIT_MS, expand_and_wait, open_and_wait

from reader.ui.models.cable_tree import Column, NodeKind, Role
from reader.ui.models.facets import FacetRole
from reader.ui.severity import severity_icon
from reader.ui.widgets.main_window import MainWindow

ERRORS = {
    "above-banner": "05TOKYO3310",  # E1, paragraph 4 (S) in a CONFIDENTIAL cable
    "unmarked-paragraph": "08ABUDHABI744",  # E2, paragraph 4
    "security-code": "06NAIROBI3901",  # E3
    "de-day": "04PARIS6610",  # E4
    "noforn": "08MOSCOW1877",  # E5, paragraph 4
    "declassify-before-date": "03ANKARA2874",  # E6
}
#: Samples that cite a cable the folder lacks: 29 of 45, the six above among them
#: (tests/review/test_folder_check.py counts them directly); 4 of them dated 2008.
CITING_MISSING, CITING_MISSING_2008 = 29, 4


def _row(window: MainWindow, cable_id: str) -> QModelIndex:
    window.model.fetch_all()
    return next(
        window.model.index(r, 0)
        for r in range(window.model.rowCount())
        if window.model.index(r, Column.ID).data() == cable_id
    )


def _show(qtbot, window: MainWindow, cable_id: str) -> QModelIndex:  # noqa: ANN001
    row = _row(window, cable_id)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(row)
    return row


def test_rows_of_flagged_cables_carry_a_marker_and_a_checks_child(
    qtbot, qtmodeltester, window, sample_folder
):
    open_and_wait(qtbot, window, sample_folder)
    model = window.model
    model.fetch_all()
    flagged = {
        model.index(r, Column.ID).data(): model.index(r, 0).data(Role.CHECKS)
        for r in range(model.rowCount())
        if model.index(r, 0).data(Role.CHECKS)
    }
    assert flagged == {cable_id: (code,) for code, cable_id in ERRORS.items()}
    tokyo = _row(window, "05TOKYO3310")
    id_cell = tokyo.siblingAtColumn(Column.ID)
    assert not id_cell.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "Marked above the banner (error)" in id_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert (
        _row(window, "07PRAGUE512").siblingAtColumn(Column.ID).data(Qt.ItemDataRole.DecorationRole)
        is None
    )

    expand_and_wait(qtbot, window, tokyo)
    checks = model.index(0, 0, tokyo)
    assert checks.data() == "Checks (3)" and checks.data(Role.SEVERITY) == "error"
    findings = [model.index(r, 0, checks) for r in range(model.rowCount(checks))]
    assert [f.data() for f in findings] == [
        "Marked above the banner: paragraph 4 is marked (S), above the banner CONFIDENTIAL",
        "Cited cable not in folder: REF A. TOKYO 2874 (05TOKYO2874) is not in the folder",
        "Cited cable not in folder: REF B. STATE 101877 (05STATE101877) is not in the folder",
    ]
    assert [f.data(Role.SEVERITY) for f in findings] == ["error", "info", "info"]
    assert all(f.data(Role.KIND) == NodeKind.FINDING for f in findings)
    # every cable's children read before the tester walks the tree: it would ask for each
    # and walk the whole tree again as each came, as test_main_window's tester test does
    # (44 walks of four each: most of a minute)
    for r in range(model.rowCount()):
        model.fetchMore(model.index(r, 0))
    qtbot.waitUntil(lambda: not any(model.waiting(k) for k in model.keys), timeout=WAIT_MS)
    assert all(model.rowCount(model.index(r, 0)) > 5 for r in range(model.rowCount()))
    qtmodeltester.check(model, force_py=True)

    # selecting a finding on a paragraph marks the paragraph in the document; one on a
    # line, the line (the cable is read first: the document shows it when it comes)
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.setCurrentIndex(findings[0])
    start, end = findings[0].data(Role.SPAN)
    cable = window.document.cable
    assert cable.text[start:end] == "(S)" and findings[0].data(Role.PARAGRAPH) == 4
    p4 = next(p for p in cable.paragraphs if p.number == 4)
    assert window.document.marked == (p4.start, p4.end)
    window.tree.setCurrentIndex(findings[1])
    block = window.document.text.document().findBlock(window.document.marked[0])
    assert block.text().strip() == "REF: A. TOKYO 2874"


def test_the_margin_marks_the_flagged_paragraph_with_the_message(qtbot, window, sample_folder):
    open_and_wait(qtbot, window, sample_folder)
    _show(qtbot, window, "05TOKYO3310")
    view = window.document
    text = view.text
    paragraph_4 = text.document().findBlock(text.toPlainText().index("4. (S) Hoshino"))
    marked = text.marked_blocks()
    assert paragraph_4.blockNumber() in marked
    assert [m.severity for m in marked[paragraph_4.blockNumber()]] == ["error"]
    assert "Marked above the banner" in view.checks.text() and view.checks.isVisible()

    # the marker's tooltip, as a resting mouse asks for it
    text.setTextCursor(text.cursorForPosition(QPoint(0, 0)))
    cursor = text.textCursor()
    cursor.setPosition(paragraph_4.position())
    text.setTextCursor(cursor)
    text.ensureCursorVisible()
    rect = text.block_rect(paragraph_4.blockNumber())
    point = QPoint(text.margin.width() // 2, rect.center().y())
    assert rect.height() > 0 and text.margin.rect().contains(point)
    QApplication.sendEvent(
        text.margin, QHelpEvent(QEvent.Type.ToolTip, point, text.margin.mapToGlobal(point))
    )
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == (
        "Error: Marked above the banner: paragraph 4 is marked (S), above the banner CONFIDENTIAL"
    )
    # a click on the marker selects the flagged marking
    qtbot.mouseClick(text.margin, Qt.MouseButton.LeftButton, pos=point)
    assert text.textCursor().selectedText() == "(S)"
    # the raw file text has no marks; a clean cable has none either
    view.raw_button.setChecked(True)
    assert text.marked_blocks() == {}
    view.raw_button.setChecked(False)
    _show(qtbot, window, "07PRAGUE540")
    assert text.marked_blocks() == {} and not view.checks.isVisible()


def test_unmarked_paragraph_and_noforn_are_marked_beside_their_paragraph(
    qtbot, window, sample_folder
):
    open_and_wait(qtbot, window, sample_folder)
    for cable_id, opening in (("08ABUDHABI744", "4. "), ("08MOSCOW1877", "4. (S//NF)")):
        _show(qtbot, window, cable_id)
        text = window.document.text
        shown = text.toPlainText()
        block = text.document().findBlock(shown.index("\n" + opening) + 1)
        severities = {n: [m.severity for m in marks] for n, marks in text.marked_blocks().items()}
        assert severities[block.blockNumber()] in (["warning"], ["error"]), cable_id


def _facet(window: MainWindow, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in window.pane.facets.values(facet)}


def test_checks_facet_counts_the_six_errors_and_follows_the_filter(qtbot, real_window):
    from reader.model.bundled import SAMPLES

    window = real_window
    open_and_wait(qtbot, window, str(SAMPLES))
    # (the counts of the first files come first, then those of the whole folder)
    expected = {**dict.fromkeys(ERRORS, 1), "reference-not-in-folder": CITING_MISSING}
    qtbot.waitUntil(lambda: _facet(window, "check") == expected, timeout=WAIT_MS)
    pane, model = window.pane, window.pane.facets
    group = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data(FacetRole.FACET) == "check"
    )
    assert group.data() == "Checks" and window.pane.tree.isExpanded(group)
    labels = {model.index(r, 0, group).data() for r in range(model.rowCount(group))}
    assert "Marked above the banner" in labels and "Security line disagrees" in labels

    # a click on a check shows the cables that trip it
    value = next(
        model.index(r, 0, group)
        for r in range(model.rowCount(group))
        if model.index(r, 0, group).data(FacetRole.VALUE) == "noforn"
    )
    pane.tree.scrollTo(value)
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        qtbot.mouseClick(
            pane.tree.viewport(),
            Qt.MouseButton.LeftButton,
            pos=pane.tree.visualRect(value).center(),
        )
    window.model.fetch_all()
    assert [window.model.index(r, Column.ID).data() for r in range(window.model.rowCount())] == [
        "08MOSCOW1877"
    ]
    pane.clear()
    # the counts follow the filter
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        pane.query.setText("date:2008")
        pane.query.returnPressed.emit()
    assert _facet(window, "check") == {
        "unmarked-paragraph": 1,
        "noforn": 1,
        "reference-not-in-folder": CITING_MISSING_2008,
    }


def test_checks_facet_lists_cited_cables_not_in_the_folder_as_a_note(qtbot, real_window):
    """reference-not-in-folder, which depends on the whole folder, is a value of the Checks
    group like the others: its title, the info icon, a tooltip, a click to include it and a
    second to exclude it."""
    from reader.model.bundled import SAMPLES

    window = real_window
    open_and_wait(qtbot, window, str(SAMPLES))
    # (the counts of the first files come first, then those of the whole folder)
    qtbot.waitUntil(
        lambda: _facet(window, "check").get("reference-not-in-folder") == CITING_MISSING,
        timeout=WAIT_MS,
    )
    pane, model = window.pane, window.pane.facets
    group = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data(FacetRole.FACET) == "check"
    )
    value = next(
        model.index(r, 0, group)
        for r in range(model.rowCount(group))
        if model.index(r, 0, group).data(FacetRole.VALUE) == "reference-not-in-folder"
    )
    assert value.data() == "Cited cable not in folder"
    assert value.siblingAtColumn(1).data() == f"{CITING_MISSING}"
    icon = value.data(Qt.ItemDataRole.DecorationRole)
    assert icon.cacheKey() == severity_icon("info").cacheKey()
    tooltip = value.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Cited cable not in folder (note, reference-not-in-folder)\n")
    assert f"{CITING_MISSING} cables" in tooltip

    # a click shows the cables that trip it, a second click the others
    pane.tree.scrollTo(value)
    for expected in (CITING_MISSING, window.loader.index().total() - CITING_MISSING):
        with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
            qtbot.mouseClick(
                pane.tree.viewport(),
                Qt.MouseButton.LeftButton,
                pos=pane.tree.visualRect(value).center(),
            )
        qtbot.waitUntil(lambda n=expected: len(window.model.keys) == n, timeout=WAIT_MS)
    assert pane.chip_texts() == ["Checks: reference-not-in-folder"]
    # excluded, it counts the cables it leaves out; every deliberate error is in a cable that
    # cites one the folder lacks, so the other checks count none (listed at 0 while the
    # group keeps its order for the next click, gone once the pointer leaves it)
    counts = _facet(window, "check")
    assert counts.pop("reference-not-in-folder") == CITING_MISSING
    assert set(counts.values()) <= {0}
    QApplication.sendEvent(pane.tree.viewport(), QEvent(QEvent.Type.Leave))
    assert _facet(window, "check") == {"reference-not-in-folder": CITING_MISSING}
