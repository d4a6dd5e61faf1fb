"""Two values of one group chosen in the window: the index answers with alternatives for
single-valued facets and disjunctive counts, through the window's loader."""

from invented import sample_cables
from waiting import WAIT_MS, open_and_wait

from reader.ui.models.cable_tree import Column
from reader.ui.models.facets import FacetState
from reader.ui.widgets.main_window import MainWindow


def _ids(window: MainWindow) -> list[str]:
    window.model.fetch_all()
    return sorted(window.model.index(r, Column.ID).data() for r in range(window.model.rowCount()))


def _counts(window: MainWindow, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in window.pane.facets.values(facet)}


def test_secret_or_confidential_chosen_in_the_window(qtbot, window, folder):  # noqa: ANN001
    open_and_wait(qtbot, window, folder)
    qtbot.waitUntil(lambda: _counts(window, "classification") != {}, timeout=WAIT_MS)
    everything = _counts(window, "classification")
    levels = {c.id: c.classification for c in sample_cables()}
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        window.pane.apply_facet("classification", "SECRET")
    assert _counts(window, "classification") == everything  # every value still listed
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        window.pane.apply_facet("classification", "CONFIDENTIAL")
    assert _ids(window) == sorted(
        i for i, level in levels.items() if level in ("SECRET", "CONFIDENTIAL")
    )
    assert _counts(window, "classification") == everything
    # tags follow the results and are all required: PREL among the SECRET or CONFIDENTIAL
    tags = _counts(window, "tag")
    chosen = [c for c in sample_cables() if c.classification in ("SECRET", "CONFIDENTIAL")]
    assert tags["PREL"] == sum("PREL" in c.tags for c in chosen)
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        window.pane.apply_facet("tag", "PREL", FacetState.EXCLUDE)
    assert _ids(window) == sorted(c.id for c in chosen if "PREL" not in c.tags)
    assert _counts(window, "tag")["PREL"] == sum("PREL" in c.tags for c in chosen)
