"""The dialog of the changes a team's server refused (ui.queue_dialog) on its own: each
change with when it was made and why it was refused; Try Again and Discard act on the rows
selected, or on every row when none is."""

from __future__ import annotations

from datetime import UTC, datetime

from reader.team.change_queue import QueuedChange
from reader.ui.queue_dialog import RefusedDialog, local_time

REASON = "your role (bob) may read this corpus but not annotate it"


def _refused() -> list[tuple[QueuedChange, str]]:
    at = "2026-03-02T09:15:00+00:00"
    return [
        (QueuedChange(4, "star", ("07PRAGUE512",), at=at), REASON),
        (QueuedChange(9, "label", ("07PRAGUE512", "07PRAGUE540"), "follow up", at=at), REASON),
        (QueuedChange(11, "note", ("07PRAGUE540",), "ask the desk", 3, at=at), REASON),
    ]


def test_each_refused_change_is_listed_with_when_and_why(qtbot) -> None:  # noqa: ANN001
    dialog = RefusedDialog()
    qtbot.addWidget(dialog)
    assert not dialog.retry_button.isEnabled() and "No refused change" in dialog.summary.text()
    dialog.set_refused(_refused())
    rows = [
        [dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())
    ]
    made = local_time("2026-03-02T09:15:00+00:00")
    assert rows == [
        ["star 07PRAGUE512", made, REASON],
        ["label “follow up” 07PRAGUE512, 07PRAGUE540", made, REASON],
        ["note ¶3 on 07PRAGUE540", made, REASON],
    ]
    assert "refused 3 changes" in dialog.summary.text()
    assert dialog.retry_button.isEnabled() and dialog.discard_button.isEnabled()


def test_try_again_and_discard_take_the_selected_rows_or_every_one(qtbot) -> None:  # noqa: ANN001
    dialog = RefusedDialog()
    qtbot.addWidget(dialog)
    dialog.set_refused(_refused())
    with qtbot.waitSignal(dialog.retryRequested) as asked:
        dialog.retry_button.click()
    assert asked.args == [[4, 9, 11]]
    dialog.table.selectRow(1)
    with qtbot.waitSignal(dialog.discardRequested) as asked:
        dialog.discard_button.click()
    assert asked.args == [[9]]


def test_a_time_is_shown_on_the_analysts_clock() -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    assert local_time(now.isoformat()) == now.astimezone().strftime("%H:%M")
    assert local_time("2001-02-03T04:05:00+00:00").startswith("2001-02-0")
    assert local_time("not a time") == "not a time"
