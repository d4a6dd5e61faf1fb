"""The window while the index's second phase runs (the full parse and the checks, after the
folder is searchable): the status area says how far it is, and the facets it fills say
they are still being filled; both go when it is done."""

import shutil

from waiting import WAIT_MS, open_and_wait

from reader.query.query import PHASE_TWO_FACETS
from reader.ui.models.facets import FacetRole
from reader.ui.widgets.main_window import MainWindow


def _titles(window: MainWindow) -> dict[str, str]:
    model = window.pane.facets
    return {
        model.index(r, 0).data(FacetRole.FACET): model.index(r, 0).data()
        for r in range(model.rowCount())
    }


def test_the_second_phase_is_shown_while_it_runs(qtbot, real_window, tmp_path):  # noqa: ANN001
    from reader.model.bundled import SAMPLES

    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    window = real_window
    seen: list[tuple[int, str, dict[str, str]]] = []
    # connected after the window's own slot: what the window shows for each progress
    window.loader.progress.connect(
        lambda p: seen.append((p.phase, window.progress.format(), _titles(window)))
    )
    open_and_wait(qtbot, window, str(folder))
    second = [(text, titles) for phase, text, titles in seen if phase == 2]
    assert second, "no progress of the second phase reached the window"
    text, titles = second[0]
    assert text.startswith("filling markings, checks… ") and text.endswith("%")
    for facet in PHASE_TWO_FACETS:
        assert titles[facet].endswith("(filling…)"), titles
    assert not titles["tag"].endswith("(filling…)")  # a header facet: complete at once
    qtbot.waitUntil(lambda: window.pane.facets.values("check") != [], timeout=WAIT_MS)
    assert not any(t.endswith("(filling…)") for t in _titles(window).values())
