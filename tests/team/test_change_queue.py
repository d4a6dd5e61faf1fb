"""The queue of annotations made while a team's server cannot be reached (change_queue): on
disk at once, sent in order, each entry gone only once the store made it; a connection lost
while sending keeps the rest; a refusal is kept and reported. Sent here to the analyst's own
SQLite store (Annotations), which makes the same changes the server's does."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.annotate.annotations import Annotations, Label, RowState
from reader.index.index_protocol import ReadOnly
from reader.team import change_queue
from reader.team.change_queue import ChangeQueue, QueuedChange, overlay, overlay_known, send


class _Lost(ConnectionError):
    """The connection went away while sending."""


class _GoesAway:
    """A store whose connection goes away after ``works`` changes."""

    def __init__(self, store: Annotations, works: int) -> None:
        self._store, self._left = store, works

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        if name.startswith("set_") or name.endswith("_label"):
            if self._left == 0:
                raise _Lost("server closed the connection unexpectedly")
            self._left -= 1
        return getattr(self._store, name)


class _NoLabels:
    """A role that may star but not label."""

    def __init__(self, store: Annotations) -> None:
        self._store = store

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        if name == "add_label":
            raise ReadOnly("your role (bob) may not label")
        return getattr(self._store, name)


def _queue(tmp_path: Path) -> ChangeQueue:
    return ChangeQueue.open(tmp_path / "queue.sqlite3", about={"server": "postgresql:///x"})


def _store(tmp_path: Path) -> Annotations:
    return Annotations.open(tmp_path / "data" / "annotations.sqlite3", backup=False)


def _made(queue: ChangeQueue) -> None:
    queue.add("star", ["07prague540", "07PRAGUE512", "07prague540"])
    queue.add("read", ["07PRAGUE512"])
    queue.add("unstar", ["07PRAGUE512"])
    queue.add("label", ["07PRAGUE540"], "follow up")
    queue.add("note", ["07PRAGUE540"], "ask the desk", 3)


def test_a_change_is_on_disk_at_once_and_kept_in_order(tmp_path: Path) -> None:
    queue = _queue(tmp_path)
    _made(queue)
    # no close: another connection (a window started after this one died) sees them all
    with _queue(tmp_path) as again:
        pending = again.pending()
    assert [(c.action, c.ids, c.arg, c.paragraph) for c in pending] == [
        ("star", ("07PRAGUE540", "07PRAGUE512"), "", 0),
        ("read", ("07PRAGUE512",), "", 0),
        ("unstar", ("07PRAGUE512",), "", 0),
        ("label", ("07PRAGUE540",), "follow up", 0),
        ("note", ("07PRAGUE540",), "ask the desk", 3),
    ]
    assert [c.seq for c in pending] == sorted(c.seq for c in pending)
    assert len(queue) == 5
    with pytest.raises(ValueError, match="not a change"):
        queue.add("delete everything", ["X"])
    queue.close()


def test_sent_in_order_and_each_gone_once_made(tmp_path: Path) -> None:
    with _queue(tmp_path) as queue, _store(tmp_path) as store:
        _made(queue)
        assert send(queue, store, (_Lost,)).sent == 5
        assert len(queue) == 0
        # in order: starred, then unstarred, so 07PRAGUE512 is not starred
        assert store.starred() == {"07PRAGUE540"}
        assert store.read() == {"07PRAGUE512"}
        assert store.labels_of("07PRAGUE540") == ["follow up"]
        assert [(n.paragraph, n.text) for n in store.notes_of("07PRAGUE540")] == [
            (3, "ask the desk")
        ]


def test_a_connection_lost_while_sending_keeps_the_rest_and_doubles_nothing(
    tmp_path: Path,
) -> None:
    with _queue(tmp_path) as queue, _store(tmp_path) as store:
        _made(queue)
        first = send(queue, _GoesAway(store, works=2), (_Lost,))
        assert (first.sent, first.interrupted) == (2, True)
        assert [c.action for c in queue.pending()] == ["unstar", "label", "note"]
        assert store.starred() == {"07PRAGUE540", "07PRAGUE512"}  # the unstar not yet made
        second = send(queue, store, (_Lost,))
        assert (second.sent, second.interrupted) == (3, False)
        assert len(queue) == 0
        assert store.starred() == {"07PRAGUE540"}
        assert [(lab.name, lab.count) for lab in store.labels()] == [("follow up", 1)]
        # sending again what was made already (a confirmation lost on the way) changes nothing
        again = ChangeQueue.open(tmp_path / "again.sqlite3")
        again.add("label", ["07PRAGUE540"], "follow up")
        again.add("star", ["07PRAGUE540"])
        assert send(again, store, (_Lost,)).sent == 2
        assert [(lab.name, lab.count) for lab in store.labels()] == [("follow up", 1)]
        assert store.starred() == {"07PRAGUE540"}
        again.close()


def test_a_refused_change_is_reported_and_kept_not_dropped(tmp_path: Path) -> None:
    with _queue(tmp_path) as queue, _store(tmp_path) as store:
        _made(queue)
        result = send(queue, _NoLabels(store), (_Lost,))
        assert result.sent == 4 and not result.interrupted
        (said,) = result.refused
        assert "label “follow up” 07PRAGUE540" in said and "may not label" in said
        assert len(queue) == 0  # the changes after it went on
        ((change, reason),) = queue.refused()
        assert (change.action, change.ids, change.arg) == ("label", ("07PRAGUE540",), "follow up")
        assert reason == "your role (bob) may not label"
        assert store.labels_of("07PRAGUE540") == []


def test_the_overlay_shows_the_changes_as_made() -> None:
    changes = [
        QueuedChange(1, "star", ("A", "B")),
        QueuedChange(2, "unstar", ("B",)),
        QueuedChange(3, "read", ("C",)),
        QueuedChange(4, "label", ("A", "C"), "x"),
        QueuedChange(5, "unlabel", ("C",), "x"),
        QueuedChange(6, "note", ("A",), "first", 0, "t1"),
        QueuedChange(7, "note", ("A",), "second", 0, "t2"),
        QueuedChange(8, "note", ("B",), "gone soon", 2, "t3"),
        QueuedChange(9, "note", ("B",), "", 2, "t4"),
    ]
    here = overlay(changes, starred={"Z"}, read={"A"})
    assert here.starred == {"A", "Z"}
    assert here.read == {"A", "C"}
    assert here.labels == {"A": frozenset({"x"})}
    (note,) = here.notes.values()
    assert (note.cable_id, note.text, note.created, note.modified) == ("A", "second", "t1", "t2")
    states = here.row_states(["a", "b", "c"], {"x": "#123456"})
    assert [(s.starred, s.read, s.labels) for s in states.values()] == [
        (True, True, (("x", "#123456"),)),
        (False, False, ()),
        (False, True, ()),
    ]
    assert [(lab.name, lab.count) for lab in here.label_list()] == [("x", 1)]


def test_a_label_given_offline_in_another_case_is_the_label_known() -> None:
    """As the server has it (annotations.label_key): "FOLLOW  UP" given while away is the
    "Follow Up" the rows showed, and "follow up" takes it off; labels sort without case."""
    known = {
        "A": RowState(starred=False, read=False, labels=(("Follow Up", "#111111"),)),
        "B": RowState(starred=False, read=False, labels=(("desk", "#222222"),)),
    }
    changes = [
        QueuedChange(1, "label", ("B", "C"), "FOLLOW  UP"),
        QueuedChange(2, "unlabel", ("A",), "follow up"),
        QueuedChange(3, "label", ("C",), "Desk"),
    ]
    here = overlay_known(changes, known)
    assert here.labels == {
        "B": frozenset({"desk", "Follow Up"}),
        "C": frozenset({"desk", "Follow Up"}),
    }
    colours = {"Follow Up": "#111111", "desk": "#222222"}
    assert [n for n, _ in here.row_states(["C"], colours)["C"].labels] == ["desk", "Follow Up"]
    labels = [Label("Follow Up", "#111111"), Label("desk", "#222222")]
    assert [(lab.name, lab.count) for lab in here.label_list(labels)] == [
        ("desk", 2),
        ("Follow Up", 2),
    ]


def test_the_changes_are_shown_over_the_rows_as_the_server_last_gave_them(
    tmp_path: Path,
) -> None:
    with _queue(tmp_path) as queue:
        queue.remember(
            {
                "A": RowState(starred=False, read=True, labels=(("x", "#111111"),)),
                "B": RowState(starred=True, read=False),
            }
        )
        queue.remember({"B": RowState(starred=True, read=True)})  # a later answer wins
        queue.add("star", ["a"])
        queue.add("label", ["A"], "y")
        queue.add("unstar", ["B"])
    with _queue(tmp_path) as queue:  # kept on disk too
        assert queue.known(["b", "C"]) == {"B": RowState(starred=True, read=True)}
        here = overlay_known(queue.pending(), queue.known())
    assert here.starred == {"A"}
    assert here.read == {"A", "B"}
    assert here.labels == {"A": frozenset({"x", "y"})}


def test_a_cables_notes_are_kept_as_the_server_last_gave_them_and_when(tmp_path: Path) -> None:
    from reader.annotate.annotations import CableNote

    with _queue(tmp_path) as queue:
        assert queue.known_notes("07prague540") == ([], None)
        first = CableNote("07PRAGUE540", 0, "ask the desk", "t1", "t1")
        gone = CableNote("07PRAGUE540", 3, "gone later", "t1", "t1")
        queue.remember_notes("07prague540", [first, gone])
        queue.remember_notes("07PRAGUE512", [])  # read, and none: known to have none
        queue.remember_notes("07PRAGUE540", [first])  # the server's later answer wins
        theirs = CableNote("07PRAGUE540", 2, "seen in May too", "t2", "t2")
        queue.remember_notes("07PRAGUE540", [first], [("alice", theirs), ("bob", theirs)])
        queue.remember_notes("07PRAGUE540", [first], [("alice", theirs)])  # bob's went
    with _queue(tmp_path) as queue:  # kept on disk
        notes, read_at = queue.known_notes("07PRAGUE540")
        assert notes == [first] and read_at is not None
        assert queue.known_others_notes("07prague540") == [("alice", theirs)]
        assert queue.known_others_notes("07PRAGUE512") == []
        assert queue.known_notes("07PRAGUE512")[0] == []
        assert queue.known_notes("07PRAGUE512")[1] is not None


def test_a_refused_change_can_be_tried_again_in_its_place_or_dropped(tmp_path: Path) -> None:
    with _queue(tmp_path) as queue, _store(tmp_path) as store:
        _made(queue)
        queue.add("label", ["07PRAGUE512"], "later")
        send(queue, _NoLabels(store), (_Lost,))
        (first, _), (second, _) = queue.refused()
        assert queue.retry(first.seq) and not queue.retry(first.seq)
        assert [c.seq for c in queue.pending()] == [first.seq]  # as it was made
        assert [c for c, _ in queue.refused()] == [second]
        assert queue.discard(second.seq) and not queue.discard(second.seq)
        assert queue.refused() == []
        assert send(queue, store, (_Lost,)).sent == 1  # the store may label now
        assert store.labels_of("07PRAGUE540") == ["follow up"]


def test_the_texts_of_cables_opened_are_kept_the_last_opened_within_bounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_queue, "KEEP_TEXTS", 3)
    monkeypatch.setattr(change_queue, "KEEP_TEXT_BYTES", 100)
    with ChangeQueue.open(tmp_path / "q.sqlite3") as queue:
        assert queue.known_text(1) is None
        for key in (1, 2, 3):
            queue.remember_text(key, f"text {key}" * 2)
        reading, at = queue.known_text(2) or ("", "")
        assert reading == "text 2text 2" and at.startswith("20")
        queue.remember_text(1, "text 1, again")  # opened again: the newest, as it is now
        queue.remember_text(4, "text 4")  # one too many: the one opened longest ago goes
        assert queue.known_text_keys() == [4, 1, 3]
        assert (queue.known_text(1) or ("",))[0] == "text 1, again"
        queue.remember_text(5, "x" * 90)  # too many characters: the oldest go until it fits
        assert queue.known_text_keys() == [5, 4]  # 90 + 6 of 100
        queue.remember_text(6, "y" * 10)  # 100 of 100: both stay
        assert queue.known_text_keys() == [6, 5]
    with ChangeQueue.open(tmp_path / "q.sqlite3") as queue:  # on disk, for the next session
        assert queue.known_text_keys() == [6, 5]
