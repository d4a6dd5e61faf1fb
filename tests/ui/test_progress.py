"""reader/ui/progress.py: one background job with its progress dialog, on the real loader
over a real index of invented cables (tests/ui/test_jobs.py tests the loader's jobs themselves)."""

from __future__ import annotations

import threading

import pytest
from held_index import HeldIndex, open_index
from PySide6.QtWidgets import QPushButton, QWidget
from waiting import WAIT_MS

from reader.ui.loader import JobControl, Loader
from reader.ui.progress import JobRunner


@pytest.fixture
def parent(qtbot) -> QWidget:  # noqa: ANN001
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


class _Ends:
    """Every end a runner emits, in order."""

    def __init__(self, runner: JobRunner) -> None:
        self.seen: list[tuple[str, object]] = []
        runner.done.connect(lambda result: self.seen.append(("done", result)))
        runner.failed.connect(lambda message: self.seen.append(("failed", message)))
        runner.cancelled.connect(lambda: self.seen.append(("cancelled", None)))


def test_a_job_reports_progress_then_its_result_once(qtbot, loader: Loader, parent) -> None:  # noqa: ANN001
    def job(_index: HeldIndex, control: JobControl) -> str:
        for n in range(1, 4):
            control.progress(n, 3, f"item {n}")
        return "all done"

    runner = JobRunner(loader, job, parent, title="Counting", label="Counting the cables…")
    ends = _Ends(runner)
    items: list[object] = []
    runner.progressed.connect(lambda done, total, got: items.append(got))
    dialog = runner.dialog
    assert dialog is not None and dialog.windowTitle() == "Counting"
    assert dialog.labelText() == "Counting the cables…" and not dialog.isModal()
    with qtbot.waitSignal(runner.done, timeout=WAIT_MS):
        assert runner.start()
    assert ends.seen == [("done", "all done")]
    # paced, but every item arrives
    assert [i for got in items for i in (got if isinstance(got, list) else [got])] == [
        "item 1",
        "item 2",
        "item 3",
    ]
    assert runner.dialog is None and not runner.running  # closed at the end


def test_a_failed_job_says_why(qtbot, loader: Loader, parent) -> None:  # noqa: ANN001
    def job(_index: HeldIndex, _control: JobControl) -> None:
        raise ValueError("the term is empty")

    runner = JobRunner(loader, job, parent)
    ends = _Ends(runner)
    assert runner.dialog is None  # no title: no dialog
    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS):
        runner.start()
    assert ends.seen == [("failed", "the term is empty")]


def test_cancel_in_the_dialog_stops_the_job(qtbot, loader: Loader, parent) -> None:  # noqa: ANN001
    started, go_on = threading.Event(), threading.Event()

    def job(_index: HeldIndex, control: JobControl) -> str:
        started.set()
        go_on.wait(WAIT_MS / 1000)
        return "stopped" if control.cancelled() else "finished"

    runner = JobRunner(loader, job, parent, title="Holding")
    ends = _Ends(runner)
    assert runner.start() and runner.running
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    dialog = runner.dialog
    assert dialog is not None
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    try:
        with qtbot.waitSignal(runner.cancelled, timeout=WAIT_MS):
            button.click()
            assert dialog.labelText() == "Cancelling…"
            go_on.set()
    finally:
        go_on.set()  # the job never outlives the test
    assert ends.seen == [("cancelled", None)] and runner.dialog is None


def test_without_a_folder_nothing_starts_and_the_dialog_goes(qtbot, parent) -> None:  # noqa: ANN001
    idle = Loader(open_index)
    runner = JobRunner(idle, lambda index, control: None, parent, title="Nothing")
    assert runner.dialog is not None
    assert not runner.start()
    assert runner.dialog is None and runner.request is None and not runner.running
    runner.cancel()  # nothing to cancel: no error


def test_two_runners_hear_only_their_own_job(qtbot, loader: Loader, parent) -> None:  # noqa: ANN001
    go_on = threading.Event()

    def slow(_index: HeldIndex, _control: JobControl) -> str:
        go_on.wait(WAIT_MS / 1000)
        return "slow"

    def quick(_index: HeldIndex, _control: JobControl) -> str:
        return "quick"

    first, second = JobRunner(loader, slow, parent), JobRunner(loader, quick, parent)
    first_ends, second_ends = _Ends(first), _Ends(second)
    try:
        first.start()
        with qtbot.waitSignal(second.done, timeout=WAIT_MS):
            second.start()
        assert first_ends.seen == [] and second_ends.seen == [("done", "quick")]
        with qtbot.waitSignal(first.done, timeout=WAIT_MS):
            go_on.set()
    finally:
        go_on.set()
    assert first_ends.seen == [("done", "slow")] and second_ends.seen == [("done", "quick")]
