"""The loader's background jobs (Loader.start_job): paced progress that loses no result, an
answer or a cancel for each, and a job of a folder closed meanwhile stopped (its asker told
at once)."""

from __future__ import annotations

import threading

from held_index import HeldIndex, open_index
from PySide6.QtCore import QCoreApplication
from waiting import WAIT_MS

from reader.ui.loader import JobControl, Loader


def test_progress_is_paced_but_every_result_arrives(qtbot, loader: Loader) -> None:  # noqa: ANN001
    def job(index: HeldIndex, control: JobControl) -> int:
        for n in range(1, 5001):
            control.progress(n, 5000, n)
        return index.total()

    reports: list[tuple[int, int, list]] = []
    loader.jobProgress.connect(lambda _r, done, total, items: reports.append((done, total, items)))
    with qtbot.waitSignal(loader.jobDone, timeout=WAIT_MS) as done:
        request = loader.start_job(job)
    assert done.args == [request, loader.index().total()]
    assert [n for _, _, items in reports for n in items] == list(range(1, 5001))
    assert reports[-1][:2] == (5000, 5000)
    assert len(reports) < 5000  # paced: not one signal a result
    assert not loader.job_running(request)


def test_a_cancelled_job_is_told_so_and_a_failed_one_says_why(qtbot, loader: Loader) -> None:  # noqa: ANN001
    started, go_on = threading.Event(), threading.Event()

    def held(_index: HeldIndex, control: JobControl) -> str:
        started.set()
        go_on.wait()
        return "finished anyway" if not control.cancelled() else "stopped"

    request = loader.start_job(held)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(loader.jobCancelled, timeout=WAIT_MS) as cancelled:
        loader.cancel_job(request)
        go_on.set()
    assert cancelled.args == [request]

    def broken(_index: HeldIndex, _control: JobControl) -> None:
        raise ValueError("no such term")

    with qtbot.waitSignal(loader.jobFailed, timeout=WAIT_MS) as failed:
        request = loader.start_job(broken)
    assert failed.args == [request, "no such term"]


def test_a_job_of_a_folder_closed_meanwhile_is_stopped_and_told_so_at_once(
    qtbot,
    loader: Loader,
    folder: str,  # noqa: ANN001
) -> None:
    started, go_on = threading.Event(), threading.Event()
    saw_cancel: list[bool] = []

    def held(_index: HeldIndex, control: JobControl) -> str:
        started.set()
        go_on.wait()
        saw_cancel.append(control.cancelled())
        return "late"

    answers: list[object] = []
    for signal in (loader.jobDone, loader.jobFailed, loader.jobCancelled):
        signal.connect(lambda *args: answers.append(args))
    request = loader.start_job(held)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(loader.opened, timeout=WAIT_MS):
        loader.open(folder)  # the same folder again: a new generation all the same
    assert not loader.job_running(request)
    assert answers == [(request,)]  # cancelled, at once: a dialog waiting on it may close
    go_on.set()
    loader.shutdown()  # waits for the old job's thread
    QCoreApplication.processEvents()  # deliver whatever it emitted: nothing reaches the asker
    assert saw_cancel == [True]
    assert answers == [(request,)]


def test_no_job_without_a_folder(qtbot) -> None:  # noqa: ANN001
    assert Loader(open_index).start_job(lambda index, control: None) is None
