"""The window on a team's corpus on a PostgreSQL server (``cable-reader postgresql://HOST/DB``):
rows, facets, a cable, its thread; stars and read state written as the connected role, and
``read-by:`` answering for everyone; a read-only role told plainly; no password shown.

Needs a PostgreSQL server (tests/pg_server.py: skipped, saying why, only when neither
CABLE_READER_TEST_PG nor CI is set; .ci/run starts one).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from held_line import HeldLine, held_line
from pg_server import roles, server_away
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer
from waiting import WAIT_MS, open_and_wait

from reader.index.threads import CableThread
from reader.query.query import FacetValue, Filter
from reader.team.pgstore import PgIndex
from reader.ui.loader import IndexOpener
from reader.ui.models.cable_tree import Column, Role
from reader.ui.models.facets import FacetRole
from reader.ui.models.thread import ThreadColumn
from reader.ui.widgets.main_window import MainWindow
from reader.ui.window_jobs import ThreadReading

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def team_corpus(pg_url: str) -> str:
    """The sample folder indexed into the test database, as ``cable-reader index --store``."""
    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES)
    return pg_url


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator:  # noqa: ANN001
    made: list[MainWindow] = []

    def make() -> MainWindow:
        settings = QSettings(str(tmp_path / f"settings{len(made)}.ini"), QSettings.Format.IniFormat)
        settings.setValue("annotations/read_after_ms", 0)  # marked read by hand below
        window = MainWindow(settings=settings, factory=IndexOpener(tmp_path / "index"))
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.loader.shutdown()


def open_server(qtbot, window: MainWindow, url: str) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
        window.open_path(url)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)


def reading(qtbot, window: MainWindow, url: str, cable_id: str) -> MainWindow:  # noqa: ANN001
    """The window opened on the corpus at ``url``, showing ``cable_id``."""
    open_server(qtbot, window, url)
    select(qtbot, window, cable_id)
    return window


def all_rows(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Every cable of the answer a row, its hit come (asked off the window's thread)."""
    window.model.fetch_all()
    qtbot.waitUntil(lambda: not window.model.rows_on_the_way(), timeout=WAIT_MS)


def ids(qtbot, window: MainWindow) -> list[str]:  # noqa: ANN001
    all_rows(qtbot, window)
    return sorted(window.model.index(r, Column.ID).data() for r in range(window.model.rowCount()))


def select(qtbot, window: MainWindow, cable_id: str) -> None:  # noqa: ANN001
    """Make the cable's row current and wait until the document shows it."""
    all_rows(qtbot, window)
    row = next(
        r for r in range(window.model.rowCount())
        if window.model.index(r, Column.ID).data() == cable_id
    )  # fmt: skip
    with qtbot.waitSignal(window.cableShown, timeout=WAIT_MS):
        window.tree.selectionModel().setCurrentIndex(
            window.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )


def star(qtbot, window: MainWindow) -> list[object]:  # noqa: ANN001
    """Star the cable shown and wait until the window says so; the signal's arguments."""
    with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
        window.annotating.toggle_star()
    return changed.args


def query(qtbot, window: MainWindow, text: str) -> list[str]:  # noqa: ANN001
    window.pane.query.setText(text)
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)
    return ids(qtbot, window)


@contextmanager
def behind_a_held_line(
    make_window,  # noqa: ANN001
    team_corpus: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[MainWindow, HeldLine, str, str]]:
    """A window, an annotator's role and a line to the server that can be made to drop
    packets (``line.held``): (window, line, role, the server's direct URL). A wait on the
    server is 4 s or more; the window's loader is shut down before the line goes (its
    connections are the relay's)."""
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "4")
    with roles(team_corpus, "annotator") as [(role, direct)]:
        with held_line(urlsplit(direct).port or 5432) as line:
            window = make_window()
            yield window, line, role, direct
            window.loader.shutdown()


def test_the_window_reads_and_annotates_a_teams_corpus(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
    tmp_path: Path,
) -> None:
    with roles(team_corpus, "annotator", "annotator") as [(alice, alice_url), (bob, bob_url)]:
        window = make_window()
        open_server(qtbot, window, alice_url)
        # the title names the corpus, never the password
        assert f"pw-{alice}" not in window.windowTitle()
        assert f"postgresql://{alice}@localhost/" in window.windowTitle()
        assert all(f"pw-{alice}" not in str(p) for p in window.recent_folders())
        # rows, facets and the count, as for a folder
        assert len(ids(qtbot, window)) == 44
        assert window.count_label.text().startswith("44 of 44 cables")
        assert {v.value: v.count for v in window.pane.facets.values("origin")}[
            "Embassy Prague"
        ] == 2
        # the store says who the analyst is and what it does not do yet
        qtbot.waitUntil(window.store_label.isVisible, timeout=WAIT_MS)
        assert alice in window.store_label.text()
        assert "Not in this store yet" in window.store_label.toolTip()
        # a cable, read from the server, with the cables that cite it
        select(qtbot, window, "07PRAGUE512")
        assert window.document.cable is not None
        assert window.document.cable.id == "07PRAGUE512"
        assert "MACHINE-TOOL" in window.document.title.text()
        # star it and mark it read: written as Alice
        assert star(qtbot, window) == ["star", 1]
        with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS) as changed:
            window.annotating.toggle_read()
        assert changed.args == ["read", 1]
        with psycopg.connect(team_corpus) as conn:
            assert conn.execute("SELECT cable_id, author FROM stars").fetchall() == [
                ("07PRAGUE512", alice)
            ]
        assert query(qtbot, window, "is:starred") == ["07PRAGUE512"]
        # File > Export writes the server's annotations, Alice's own
        out = tmp_path / "starred.jsonl"
        with qtbot.waitSignal(window.exporting.exported, timeout=WAIT_MS):
            assert window.exporting.export_to(out, "jsonl")
        (line,) = out.read_text(encoding="utf-8").splitlines()
        exported = json.loads(line)
        assert exported["id"] == "07PRAGUE512"
        assert exported["annotations"]["starred"] and exported["annotations"]["read"]
        # the facets of her own work, counted on the server over the results
        query(qtbot, window, "from:prague")
        qtbot.waitUntil(
            lambda: (
                window.pane.facets.values("starred")
                == [FacetValue("starred", 1), FacetValue("unstarred", 1)]
            ),
            timeout=WAIT_MS,
        )
        assert window.pane.facets.values("read") == [FacetValue("read", 1), FacetValue("unread", 1)]
        # Bob's window: not read by him, but he sees that Alice read it
        other = make_window()
        open_server(qtbot, other, bob_url)
        assert query(qtbot, other, "is:read") == []
        assert query(qtbot, other, f"read-by:{alice}") == ["07PRAGUE512"]
        assert query(qtbot, other, f"starred-by:{alice} from:prague") == ["07PRAGUE512"]
        assert bob in other.store_label.text()
        # the facet "Read by": Alice read one of the cables, and choosing her finds it
        query(qtbot, other, "")
        qtbot.waitUntil(lambda: bool(other.pane.facets.values("readby")), timeout=WAIT_MS)
        assert other.pane.facets.values("readby") == [FacetValue(alice, 1)]
        assert other.pane.facets.values("starredby") == [FacetValue(alice, 1)]
        with qtbot.waitSignal(other.resultsShown, timeout=WAIT_MS):
            other.pane.apply_facet("readby", alice)
        assert ids(qtbot, other) == ["07PRAGUE512"]
        # a folder has no such facets: their groups go (and Copies, which a team's corpus
        # never has, comes)
        groups = other.pane.facets.rowCount()
        open_and_wait(qtbot, other, str(SAMPLES))
        qtbot.waitUntil(lambda: other.pane.facets.rowCount() == groups - 2 + 1, timeout=WAIT_MS)
        assert other.pane.facets.values("readby") == []
        assert not other.store_label.isVisible()


def test_a_read_only_role_reads_and_is_told_it_may_not_annotate(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "reader") as [(role, url)]:
        window = make_window()
        with qtbot.waitSignal(window.facetsShown, timeout=WAIT_MS):
            window.start([url])  # as `cable-reader URL` opens it
        qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
        assert len(ids(qtbot, window)) == 44
        select(qtbot, window, "07PRAGUE540")
        window.annotating.toggle_star()
        qtbot.waitUntil(
            lambda: "may read this corpus but not annotate" in window.statusBar().currentMessage(),
            timeout=WAIT_MS,
        )
        assert role in window.statusBar().currentMessage()
        assert window.document.cable is not None  # the window goes on reading


def test_a_server_that_cannot_be_reached_is_said_in_the_window(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    nothing = tmp_path / "no-server-here"
    nothing.mkdir()
    window = make_window()
    with qtbot.waitSignal(window.loader.failed, timeout=WAIT_MS):
        window.open_path(f"postgresql://someone:s3cret@/db?host={nothing}")
    message = window.statusBar().currentMessage()
    assert "cannot reach the server" in message
    assert "s3cret" not in message and "s3cret" not in window.windowTitle()
    assert window.model.rowCount() == 0
    # the reason stays once the status bar's message is gone: not "Connecting…" for ever
    assert window.count_label.text() == "Nothing open"
    assert window.document.title.text() == "Could not open"
    text = window.document.text.toPlainText()
    assert text.startswith(message) and "s3cret" not in text


def test_annotations_made_while_the_server_is_away_are_shown_done_and_sent_once_back(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(alice, url)]:
        window = reading(qtbot, make_window(), url, "07PRAGUE512")
        with server_away(team_corpus):
            assert star(qtbot, window) == ["star", 1]
            # shown done: the row is starred, and the status bar says it waits
            qtbot.waitUntil(
                lambda: (st := window.model.state("07PRAGUE512")) is not None and st.starred,
                timeout=WAIT_MS,
            )
            qtbot.waitUntil(window.annotating.offline_label.isVisible, timeout=WAIT_MS)
            assert window.annotating.offline_label.text() == "offline: 1 change waiting"
            with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
                window.annotating.set_note("07PRAGUE512", "ask the desk")
            qtbot.waitUntil(
                lambda: window.annotating.offline_label.text() == "offline: 2 changes waiting",
                timeout=WAIT_MS,
            )
        # the server is back: the next look at the annotations (here, the next cable's bar,
        # or a job already on its way when it came back) sends what waited, once
        select(qtbot, window, "07PRAGUE540")
        qtbot.waitUntil(lambda: not window.annotating.offline_label.isVisible(), timeout=WAIT_MS)
        assert "sent 2 changes" in window.statusBar().currentMessage()
        with psycopg.connect(team_corpus) as conn:
            assert conn.execute("SELECT cable_id, author FROM stars").fetchall() == [
                ("07PRAGUE512", alice)
            ]
            assert conn.execute("SELECT cable_id, text FROM notes").fetchall() == [
                ("07PRAGUE512", "ask the desk")
            ]
        # the facets follow: the server counts the star now
        qtbot.waitUntil(
            lambda: FacetValue("starred", 1) in window.pane.facets.values("starred"),
            timeout=WAIT_MS,
        )
        assert query(qtbot, window, "is:starred") == ["07PRAGUE512"]


def test_a_label_shared_in_one_window_is_seen_in_anothers_with_its_author(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator", "annotator") as [(alice, alice_url), (_, bob_url)]:
        with PgIndex.open(alice_url) as index, closing(index.annotations()) as store:
            store.add_label(["07PRAGUE512"], "follow up")
        bobs = make_window()
        open_server(qtbot, bobs, bob_url)
        assert query(qtbot, bobs, 'label:"follow up"') == []  # hers alone
        alices = make_window()
        open_server(qtbot, alices, alice_url)
        with qtbot.waitSignal(alices.annotating.changed, timeout=WAIT_MS) as changed:
            alices.annotating.share("follow up")
        assert changed.args == ["share", 0]
        assert "Shared the label “follow up”" in alices.statusBar().currentMessage()
        # Bob's window: the cable comes for the label, the bar names whose it is
        assert query(qtbot, bobs, 'label:"follow up"') == ["07PRAGUE512"]
        select(qtbot, bobs, "07PRAGUE512")
        qtbot.waitUntil(lambda: alice in bobs.annotating.bar.text(), timeout=WAIT_MS)
        assert "follow up" in bobs.annotating.bar.text()
        query(qtbot, bobs, "")
        qtbot.waitUntil(
            lambda: bobs.pane.facets.values("label") == [FacetValue("follow up", 1)],
            timeout=WAIT_MS,
        )


def test_notes_read_before_the_server_went_away_stay_shown_dated_and_new_ones_pending(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator", "annotator") as [(_, url), (other, theirs)]:
        with PgIndex.open(url) as index, closing(index.annotations()) as store:
            store.set_note("07PRAGUE512", "ask the desk")
            store.set_note("07PRAGUE512", "the figures differ", 2)
        with PgIndex.open(theirs) as index, closing(index.annotations()) as store:
            store.set_note("07PRAGUE512", "seen in May too", 4)
        window = make_window()
        open_server(qtbot, window, url)
        bar = window.annotating.bar
        with qtbot.waitSignal(window.annotating.barShown, timeout=WAIT_MS):
            select(qtbot, window, "07PRAGUE512")
        assert "ask the desk" in bar.text() and "offline" not in bar.text()
        assert f"<i>{other}’s note on ¶4:</i> seen in May too" in bar.text()
        with server_away(team_corpus):
            # a note written on the cable in view while the server is away: the bar shows
            # it, waiting, and the notes read before, dated
            with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
                window.annotating.set_note("07PRAGUE512", "call Jana", 3)
            qtbot.waitUntil(lambda: "call Jana" in bar.text(), timeout=WAIT_MS)
            text = bar.text()
            assert "Note on ¶3 (yours, waiting to be sent):</i> call Jana" in text
            assert "<i>Note:</i> ask the desk" in text
            assert "<i>Note on ¶2:</i> the figures differ" in text
            assert f"<i>{other}’s note on ¶4:</i> seen in May too" in text  # the others' too
            assert "notes as of" in text and ", offline" in text
            # the margin of the document keeps the paragraphs' notes too
            assert window.document.paragraph_notes == {2: "the figures differ", 3: "call Jana"}


def _title(window: MainWindow, facet: str) -> str:
    model = window.pane.facets
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        if group.data(FacetRole.FACET) == facet:
            return str(group.data())
    raise AssertionError(f"no group {facet}")


def test_facet_counts_kept_while_the_server_is_away_say_as_of_when(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = reading(qtbot, make_window(), url, "07PRAGUE512")
        assert _title(window, "starred") == "Starred"
        counted = window.pane.facets.counted_at("readby")
        assert counted is not None
        with server_away(team_corpus):
            star(qtbot, window)
            qtbot.waitUntil(window.annotating.offline_label.isVisible, timeout=WAIT_MS)
            # the star is not in the server's counts: the titles say they are older
            as_of = f"(as of {counted.strftime('%H:%M')}, offline)"
            assert _title(window, "readby") == f"Read by {as_of}"
            assert _title(window, "starred").startswith("Starred (as of ")
            assert _title(window, "starred").endswith(", offline)")
        select(qtbot, window, "07PRAGUE540")  # the next job finds the server back
        qtbot.waitUntil(lambda: _title(window, "starred") == "Starred", timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: FacetValue("starred", 1) in window.pane.facets.values("starred"),
            timeout=WAIT_MS,
        )
        assert _title(window, "readby") == "Read by"


def _heartbeat() -> tuple[QTimer, list[float]]:
    """A timer ticking on the UI thread, started, and (in its list) the longest it went
    without a tick."""
    last, longest = [time.monotonic()], [0.0]

    def tick() -> None:
        now = time.monotonic()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=20)
    heartbeat.timeout.connect(tick)
    heartbeat.start()
    return heartbeat, longest


def test_changes_the_server_refused_are_listed_tried_again_and_discarded(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "reader") as [(role, url)]:
        window = reading(qtbot, make_window(), url, "07PRAGUE512")
        annotating = window.annotating
        # a team's commands, greyed on a folder, are offered here
        assert all(annotating.actions[n].isEnabled() for n in ("share", "unshare", "refused"))
        with server_away(team_corpus):  # the role cannot know yet that it may not write
            with qtbot.waitSignal(annotating.changed, timeout=WAIT_MS):
                annotating.toggle_star()
            with qtbot.waitSignal(annotating.changed, timeout=WAIT_MS):
                annotating.apply("label", ["07PRAGUE512"], "follow up")
            qtbot.waitUntil(
                lambda: annotating.offline_label.text() == "offline: 2 changes waiting",
                timeout=WAIT_MS,
            )
        select(qtbot, window, "07PRAGUE540")  # back: both refused, kept, and said
        qtbot.waitUntil(annotating.refused_button.isVisible, timeout=WAIT_MS)
        assert annotating.refused_button.text() == "2 refused…"
        assert "Changes the Server Refused" in window.statusBar().currentMessage()
        annotating.refused_button.click()
        dialog = annotating.refused_dialog
        assert dialog is not None
        table = dialog.table
        qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=WAIT_MS)
        assert table.item(0, 0).text() == "star 07PRAGUE512"
        assert table.item(1, 0).text() == "label “follow up” 07PRAGUE512"
        assert f"your role ({role}) may read" in table.item(0, 2).text()
        with psycopg.connect(team_corpus, autocommit=True) as conn:  # granted at last
            conn.execute(f"GRANT INSERT, UPDATE, DELETE ON stars TO {role}")
        table.selectRow(0)
        dialog.retry_button.click()
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=WAIT_MS)
        assert table.item(0, 0).text() == "label “follow up” 07PRAGUE512"
        qtbot.waitUntil(lambda: annotating.refused_button.text() == "1 refused…", timeout=WAIT_MS)
        with psycopg.connect(team_corpus) as conn:
            assert conn.execute("SELECT cable_id, author FROM stars").fetchall() == [
                ("07PRAGUE512", role)
            ]
        table.clearSelection()
        dialog.discard_button.click()  # none selected: every one
        qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not annotating.refused_button.isVisible(), timeout=WAIT_MS)
        assert "Discarded 1 change" in window.statusBar().currentMessage()


def test_a_network_that_drops_packets_never_holds_up_the_window_and_is_asked_again(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with behind_a_held_line(make_window, team_corpus, monkeypatch) as (
        window,
        line,
        alice,
        direct,
    ):
        open_server(qtbot, window, line.url(direct))
        select(qtbot, window, "07PRAGUE512")
        annotating = window.annotating
        heartbeat, longest = _heartbeat()  # the longest the UI thread went without a tick
        line.held.set()  # packets dropped from here on: nothing refused, nothing answers
        with qtbot.waitSignal(annotating.changed, timeout=WAIT_MS):
            annotating.toggle_star()
        qtbot.waitUntil(
            lambda: annotating.offline_label.text() == "offline: 1 change waiting",
            timeout=WAIT_MS,
        )
        # asked again in the background, and again later when it still does not answer
        qtbot.waitUntil(lambda: annotating.probe_wait_ms >= 4000, timeout=WAIT_MS)
        heartbeat.stop()
        assert longest[0] < 2.0  # the window never waited on the server
        line.held.clear()
        # the analyst does nothing: the next probe finds the server and sends the star
        qtbot.waitUntil(lambda: not annotating.offline_label.isVisible(), timeout=WAIT_MS)
        assert "sent 1 change" in window.statusBar().currentMessage()
        with psycopg.connect(team_corpus) as conn:
            assert conn.execute("SELECT cable_id, author FROM stars").fetchall() == [
                ("07PRAGUE512", alice)
            ]


def test_what_was_said_of_a_server_away_goes_when_a_folder_is_opened(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = reading(qtbot, make_window(), url, "07PRAGUE512")
        with server_away(team_corpus):
            star(qtbot, window)
            qtbot.waitUntil(window.annotating.offline_label.isVisible, timeout=WAIT_MS)
            assert _title(window, "starred").endswith(", offline)")
            open_and_wait(qtbot, window, str(SAMPLES))
            assert not window.annotating.offline_label.isVisible()
            assert _title(window, "starred") == "Starred"


def test_rows_scrolled_to_are_asked_of_a_server_that_drops_packets_off_the_window_thread(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the threads that asked the server something, from when the line goes dead
    asking: list[threading.Thread] = []
    watching = threading.Event()
    read = PgIndex._read

    def watched(self: PgIndex, sql: str, params: object = ()) -> object:
        if watching.is_set():
            asking.append(threading.current_thread())
        return read(self, sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(PgIndex, "_read", watched)
    with behind_a_held_line(make_window, team_corpus, monkeypatch) as (
        window,
        line,
        _,
        direct,
    ):
        window.resize(1400, 500)  # a page fills more than the tree shows
        model = window.model
        model.PAGE = 30  # of the samples' 44 cables
        open_server(qtbot, window, line.url(direct))
        qtbot.waitUntil(lambda: not model.rows_on_the_way(), timeout=WAIT_MS)
        assert model.rowCount() == 30 and model.more_rows()
        came = [model.index(r, Column.ID).data() for r in range(30)]
        watching.set()
        line.held.set()  # packets dropped from here on: nothing refused, nothing answers
        window.tree.scrollToBottom()
        # the next rows are asked, and wait, "…", the window going on meanwhile (the
        # server was not asked on its thread)
        qtbot.waitUntil(lambda: model.rowCount() == 44, timeout=WAIT_MS)
        assert model.rows_on_the_way() and model.index(40, 0).data() == "…"
        assert threading.main_thread() not in asking
        # the server does not answer: the rows that had come stay, and the window says
        qtbot.waitUntil(lambda: window.annotating.offline_label.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not model.rows_on_the_way(), timeout=WAIT_MS)
        assert [model.index(r, Column.ID).data() for r in range(model.rowCount())] == came
        line.held.clear()
        # it answers again: found by the window's probe, and the rows come, every page
        qtbot.waitUntil(
            lambda: model.rowCount() == 44 and not model.rows_on_the_way(), timeout=WAIT_MS
        )
        assert all(model.index(r, Column.ID).data() for r in range(44))
        assert not window.annotating.offline_label.isVisible()
        assert asking and threading.main_thread() not in asking


def test_a_cable_opened_before_the_server_went_away_is_read_again_dated(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = reading(qtbot, make_window(), url, "07PRAGUE512")
        shown = window.document.text.toPlainText()
        with qtbot.waitSignal(window.document.textShown, timeout=WAIT_MS):
            window.raw_action.trigger()
        raw = window.document.text.toPlainText()
        window.raw_action.trigger()
        bar = window.annotating.bar
        star(qtbot, window)  # the bar shows something with the server there
        select(qtbot, window, "07PRAGUE540")
        with server_away(team_corpus):
            # one never opened here cannot be read until the server is back: said so
            row = next(
                r for r in range(window.model.rowCount())
                if window.model.index(r, Column.ID).data() == "93BRASILIA3377"
            )  # fmt: skip
            window.tree.setCurrentIndex(window.model.index(row, 0))
            qtbot.waitUntil(
                lambda: "not opened on this computer before" in window.document.text.toPlainText(),
                timeout=WAIT_MS,
            )
            # one opened before: its text as it was read, the bar saying as of when
            select(qtbot, window, "07PRAGUE512")
            assert window.document.cable is not None and window.document.cable.id == "07PRAGUE512"
            assert window.document.text.toPlainText() == shown
            qtbot.waitUntil(lambda: "text as of " in bar.text(), timeout=WAIT_MS)
            assert ", offline" in bar.text() and "Starred" in bar.text() and bar.isVisible()
            assert window.annotating.offline_label.isVisible()
            # and its text as the file had it (the text kept, for a file this computer sees)
            with qtbot.waitSignal(window.document.textShown, timeout=WAIT_MS):
                window.raw_action.trigger()
            assert window.document.text.toPlainText() == raw
            window.raw_action.trigger()
        select(qtbot, window, "07PRAGUE540")  # the server back: the cable as it has it
        select(qtbot, window, "07PRAGUE512")
        qtbot.waitUntil(lambda: not window.annotating.offline_label.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "Starred" in bar.text() and bar.isVisible(), timeout=WAIT_MS)
        assert "text as of" not in bar.text()


def _first_level(thread: CableThread) -> list[list[tuple[str, bool, str]]]:
    """What a thread cites and what cites it, one level: (ID, in the corpus, subject)."""
    return [
        [(n.id, n.in_folder, getattr(thread.hits.get(n.id), "subject", "")) for n in t.children]
        for t in (thread.thread.up, thread.thread.down)
    ]


def _thread_read_online(qtbot, window: MainWindow, url: str) -> ThreadReading:  # noqa: ANN001
    """The window on the server with the References pane shown: 07PRAGUE512's thread as read
    online; 07PRAGUE540 is then selected, so that 07PRAGUE512 is asked again."""
    window.thread_dock.show()
    open_server(qtbot, window, url)
    with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
        select(qtbot, window, "07PRAGUE512")
    with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS):
        select(qtbot, window, "07PRAGUE540")
    return shown.args[0]


def test_the_references_of_a_cable_opened_before_the_server_went_away_are_shown_as_then(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = make_window()
        online = _thread_read_online(qtbot, window, url)
        cites, cited_by = _first_level(online)
        assert cites and cited_by  # something each way, so the comparison says something
        heading = window.thread_view.heading
        assert "offline" not in heading.full_text()
        with server_away(team_corpus):
            # what it cited and what cited it when it was read: not an error, not empty
            with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
                select(qtbot, window, "07PRAGUE512")
            kept = shown.args[0]
            assert window.thread_view.model.thread is kept
            cable = window.document.cable
            assert cable is not None and cable.subject
            assert _first_level(kept) == [cites, cited_by]
            assert all(not n.children for t in (kept.thread.up, kept.thread.down)
                       for n in t.children)  # fmt: skip
            title = heading.full_text()
            assert title.startswith(f"References of 07PRAGUE512 — {cable.subject}")
            assert "(as of " in title and "offline: one level each way)" in title
            branches = window.thread_view.model
            assert [branches.index(r, 0).data() for r in range(branches.rowCount())] == [
                f"Cites ({len(cites)} directly)",
                f"Cited by ({len(cited_by)} directly)",
            ]
        # the server back: the thread as it has it, read again for the same cable
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS):
            select(qtbot, window, "07PRAGUE540")
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
            select(qtbot, window, "07PRAGUE512")
        assert "offline" not in heading.full_text()
        assert shown.args[0].thread == online.thread


def test_the_references_and_the_cable_shown_offline_catch_up_when_the_server_is_back(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = make_window()
        online = _thread_read_online(qtbot, window, url)
        document, heading, bar = window.document, window.thread_view.heading, window.annotating.bar
        with server_away(team_corpus):
            with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS):
                select(qtbot, window, "07PRAGUE512")
            assert "offline: one level each way)" in heading.full_text()
            qtbot.waitUntil(lambda: "text as of " in bar.text(), timeout=WAIT_MS)
            # the analyst reads on, and writes a note meanwhile: neither is lost
            cursor = document.text.textCursor()
            cursor.setPosition(len(document.text.toPlainText()) // 2)
            document.text.setTextCursor(cursor)
            at = document.text.textCursor().position()
            with qtbot.waitSignal(window.annotating.changed, timeout=WAIT_MS):
                window.annotating.set_note("07PRAGUE512", "call Jana", 3)
            qtbot.waitUntil(lambda: "waiting to be sent" in bar.text(), timeout=WAIT_MS)
            assert _title(window, "readby").endswith(", offline)")
        # the server back: found by the window's probe; the References pane reads the whole
        # thread again, and the document the cable, without the cable being opened again
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
            pass
        assert shown.args[0].thread == online.thread
        assert window.thread_view.model.thread is shown.args[0]
        assert "offline" not in heading.full_text()
        assert heading.full_text().startswith("References of 07PRAGUE512")
        qtbot.waitUntil(lambda: "text as of" not in bar.text(), timeout=WAIT_MS)
        assert not window.annotating.offline_label.isVisible()
        assert document.cable is not None and document.cable.id == "07PRAGUE512"
        assert document.text.textCursor().position() == at
        # the facets of everyone's work counted again, no longer "as of"
        qtbot.waitUntil(lambda: _title(window, "readby") == "Read by", timeout=WAIT_MS)
        assert _title(window, "note") == "Has note"
        # the bar: the note sent, the notes as the server has them now, not "as of"
        qtbot.waitUntil(
            lambda: "call Jana" in bar.text() and "offline" not in bar.text(), timeout=WAIT_MS
        )
        assert "waiting to be sent" not in bar.text()
        with psycopg.connect(team_corpus) as conn:
            assert conn.execute("SELECT cable_id, paragraph, text FROM notes").fetchall() == [
                ("07PRAGUE512", 3, "call Jana")
            ]


def test_behind_a_line_that_drops_packets_the_references_catch_up_off_the_window_thread(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with behind_a_held_line(make_window, team_corpus, monkeypatch) as (window, line, _, direct):
        online = _thread_read_online(qtbot, window, line.url(direct))
        heartbeat, longest = _heartbeat()  # the longest the UI thread went without a tick
        line.held.set()  # packets dropped from here on: nothing refused, nothing answers
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS):
            select(qtbot, window, "07PRAGUE512")
        heading = window.thread_view.heading
        assert "offline: one level each way)" in heading.full_text()
        line.held.clear()
        # the analyst does nothing: the probe finds the server, and the pane reads the
        # whole thread again, the window never waiting on the server
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
            pass
        heartbeat.stop()
        assert shown.args[0].thread == online.thread
        assert "offline" not in heading.full_text()
        assert longest[0] < 2.0


def test_a_cable_and_rows_that_could_not_be_read_offline_come_when_the_server_is_back(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = make_window()
        window.thread_dock.show()
        open_server(qtbot, window, url)
        all_rows(qtbot, window)
        model = window.model
        row = next(
            r for r in range(model.rowCount())
            if model.index(r, Column.ID).data() == "93BRASILIA3377"
        )  # fmt: skip
        index = model.index(row, 0)
        with server_away(team_corpus):
            # never opened here: its text, its rows and its references cannot be read
            window.tree.setCurrentIndex(index)
            qtbot.waitUntil(
                lambda: "not opened on this computer before" in window.document.text.toPlainText(),
                timeout=WAIT_MS,
            )
            window.tree.expand(index)
            qtbot.waitUntil(
                lambda: model.index(0, 0, index).data() == "Could not read this cable",
                timeout=WAIT_MS,
            )
            assert window.document.cable is None
            # that is the server away, said as such (and so asked again until it answers)
            assert window.annotating.offline_label.isVisible()
        # the server back: the cable comes where it was asked for, its rows and its thread
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS) as shown:
            pass
        assert shown.args[0].root == "93BRASILIA3377"
        cable = window.document.cable
        assert cable is not None and cable.id == "93BRASILIA3377"
        assert window.tree.currentIndex().data(Role.KEY) == window.document.key
        qtbot.waitUntil(lambda: not model.waiting(index.data(Role.KEY)), timeout=WAIT_MS)
        children = [model.index(r, 0, index).data() for r in range(model.rowCount(index))]
        assert "Could not read this cable" not in children and "Loading…" not in children
        assert len(children) > 1


def test_a_query_run_while_the_server_is_away_is_answered_once_it_is_back(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = make_window()
        open_server(qtbot, window, url)
        shown = ids(qtbot, window)  # every row, and its annotations: nothing left to ask
        assert len(shown) == 44
        qtbot.waitUntil(
            lambda: all(window.model.state(i) is not None for i in shown), timeout=WAIT_MS
        )
        with server_away(team_corpus):
            window.pane.query.setText("from:prague")
            with qtbot.waitSignal(window.loader.failed, timeout=WAIT_MS):
                qtbot.keyClick(window.pane.query, Qt.Key.Key_Return)
            # the results before stay, and the window says why the query was not answered
            assert window.count_label.text().startswith("44 of 44 cables")
            qtbot.waitUntil(window.annotating.offline_label.isVisible, timeout=WAIT_MS)
        # the server back, found by the probe: the query typed meanwhile is answered
        with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
            pass
        assert ids(qtbot, window) == ["07PRAGUE512", "07PRAGUE540"]
        assert window.pane.query.text() == "from:prague"
        assert window.count_label.text().startswith("2 of 44 cables")


def test_a_saved_search_counted_again_when_the_server_is_back(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = reading(qtbot, make_window(), url, "07PRAGUE512")
        saved = window.saved_searches
        query(qtbot, window, "is:starred")
        with qtbot.waitSignal(saved.counted, timeout=WAIT_MS) as counted:
            saved.save("starred")
        assert counted.args[:2] == ["starred", 0]
        query(qtbot, window, "")  # the cable shown, its row current again
        assert window.annotating.selected_ids() == ["07PRAGUE512"]
        counts: list[int] = []
        saved.counted.connect(lambda _name, total, _new: counts.append(total))
        with server_away(team_corpus):
            star(qtbot, window)  # the server cannot count it: the count stays
            qtbot.waitUntil(window.annotating.offline_label.isVisible, timeout=WAIT_MS)
        # the server back, found by the probe: the star sent, and counted by the server
        qtbot.waitUntil(lambda: 1 in counts, timeout=WAIT_MS)
        assert (saved.list.count("starred") or (0, 0))[0] == 1


def test_the_window_opens_a_teams_corpus_without_connecting_on_its_own_thread(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened_on: list[threading.Thread] = []
    real_open = PgIndex.open.__func__  # type: ignore[attr-defined]

    def recording(cls: type[PgIndex], url: str) -> PgIndex:
        opened_on.append(threading.current_thread())
        return real_open(cls, url)

    monkeypatch.setattr(PgIndex, "open", classmethod(recording))
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = make_window()
        open_server(qtbot, window, url)
        select(qtbot, window, "07PRAGUE512")  # rows, a cable, its annotations
        assert window.loader.index() is not None
    # every connection the window made (the refresh's check, the query thread's, the window's
    # own index, the look-ups') was made off its thread: a server slow to answer holds none
    assert len(opened_on) >= 4
    assert threading.main_thread() not in opened_on


def test_a_teams_corpus_names_a_word_no_cable_holds_and_what_empties_an_answer(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    """On a server, ``nucler`` and ``prague year:2008`` said only "No cable matches"."""
    window = make_window()
    open_server(qtbot, window, team_corpus)
    window.pane.query.setText("nucler")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    qtbot.waitUntil(lambda: window.pane.notice.text() != "", timeout=WAIT_MS)
    assert window.pane.notice.text() == "nucler is in no cable of these, so it matches nothing."
    # a word like words the corpus holds: named with them, as a folder's index names them
    window.pane.query.setText("goverment")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    said = "goverment is in no cable of these, so it matches nothing; the nearest words there"
    qtbot.waitUntil(lambda: window.pane.notice.text().startswith(said), timeout=WAIT_MS)
    assert window.pane.notice.text() == f"{said} are: government, governments."
    with PgIndex.open(team_corpus) as index:
        prague, year = (index.count(Filter(q)) for q in ("prague", "year:2008"))
    window.pane.query.setText("prague year:2008")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    assert window.model.rowCount() == 0 and prague and year
    said = (
        "No cable matches all of these together (each counted alone): prague"
        f" ({prague:,}), year:2008 ({year:,})."
    )
    qtbot.waitUntil(lambda: said in window.tree.empty_text, timeout=WAIT_MS)


def test_a_teams_corpus_offers_no_copies_facet_and_says_why_copy_other_matches_nothing(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    """A team's corpus keeps each cable once, yet its filter pane listed a Copies group
    counted 0, the query field completed ``copy:``, and ``copy:other`` was "no Copies value
    of these cables"."""
    window = make_window()
    pane = window.pane

    def groups() -> list[str]:
        return [pane.facets.index(r, 0).data(FacetRole.FACET)
                for r in range(pane.facets.rowCount())]  # fmt: skip

    open_server(qtbot, window, team_corpus)
    assert "copy" not in groups() and {"tag", "check"} <= set(groups())
    words = pane.query.completer_model.stringList()
    assert "tag:" in words and not [w for w in words if w.startswith("copy:")]
    window.pane.query.setText("copy:other")
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.pane.query.returnPressed.emit()
    said = (
        "copy:other matches nothing here: a team's corpus keeps each cable once, with every"
        " file it was read from."
    )
    qtbot.waitUntil(lambda: window.pane.notice.text() != "", timeout=WAIT_MS)
    assert window.pane.notice.text() == said
    # a folder, which may hold a cable in several files, offers them again
    with qtbot.waitSignal(window.resultsShown, timeout=WAIT_MS):
        window.clear_action.trigger()
    open_and_wait(qtbot, window, str(SAMPLES))
    assert "copy" in groups()
    assert "copy:" in pane.query.completer_model.stringList()


def test_a_cited_cable_the_teams_corpus_lacks_is_said_not_in_the_corpus_not_the_folder(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    team_corpus: str,
) -> None:
    """The References pane, its Enter and the document's REF link speak of the corpus: there
    is no folder open."""
    with roles(team_corpus, "annotator") as [(_, url)]:
        window = make_window()
        window.thread_dock.show()
        open_server(qtbot, window, url)
        with qtbot.waitSignal(window.threadShown, timeout=WAIT_MS):
            select(qtbot, window, "07PRAGUE512")
        model = window.thread_view.model
        missing = next(
            model.index(r, 0, branch)
            for branch in (model.index(b, 0) for b in range(model.rowCount()))
            for r in range(model.rowCount(branch))
            if model.index(r, 0, branch).data() == "07PRAGUE471"
        )  # fmt: skip
        tip = missing.data(Qt.ItemDataRole.ToolTipRole)
        assert tip == "07PRAGUE471 is not in the team's corpus"
        assert missing.siblingAtColumn(ThreadColumn.ORIGIN).data() == "not in the corpus"
        view = window.thread_view
        view.tree.setFocus()
        view.tree.setCurrentIndex(missing)
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
        message = window.statusBar().currentMessage()
        assert message == "07PRAGUE471 is not in the team's corpus"
        document = window.document
        qtbot.waitUntil(lambda: "cited cable" in document.checks.text(), timeout=WAIT_MS)
        assert document.checks.text().endswith("not in the team's corpus (see the margin)")
        text = document.text.toPlainText()
        at = text.index("PRAGUE 471")
        assert document.tooltip_at(at + 1) == "07PRAGUE471 is not in the team's corpus"
        said = [f.message for f in document.findings if f.code == "reference-not-in-folder"]
        assert said and all(m.endswith("is not in the team's corpus") for m in said), said
        # a folder opened after it: the folder again
        open_and_wait(qtbot, window, str(SAMPLES))
        assert model.place == window.document.place == "this folder"
