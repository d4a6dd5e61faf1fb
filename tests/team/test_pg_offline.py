"""A team's annotations while its server is away (pg_offline): what the window had read is
still there to read, dated, and what was written offline is shown back as written.

Needs a PostgreSQL server (tests/support/pg_server.py says which, and what happens without
one); ``server_away`` ends the database's connections and lets no new one in. A network
that drops packets is a listening socket that never accepts: the connection is made, and the
server never answers.
"""

from __future__ import annotations

import json
import socket
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from corpus_folders import SAMPLES
from pg_server import roles, server_away

from reader.cli import main
from reader.index.threads import read_thread
from reader.review.graph import cited_ids
from reader.team.pg_commands import pg_queue_main
from reader.team.pg_offline import (
    CONNECT_TIMEOUT,
    PROBE_TIMEOUT,
    connect_server,
    connect_timeout,
    keep_cable,
    kept_cable,
    kept_thread,
    probe,
    reason,
)
from reader.team.pgstore import PgIndex


def test_notes_read_before_the_server_went_away_are_still_shown_dated(pg_url: str) -> None:
    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "annotator", "annotator") as [(_, url), (other, theirs)]:
        with PgIndex.open(theirs) as index, closing(index.annotations()) as store:
            store.set_note("07PRAGUE512", "seen in May too", 4)
        _notes_offline(pg_url, url, other)


def _notes_offline(pg_url: str, url: str, other: str) -> None:
    with PgIndex.open(url) as index:
        with closing(index.annotations()) as store:
            store.set_note("07prague512", "ask the desk")
            store.set_note("07PRAGUE512", "the figures differ", 2)
            mine, theirs, offline = store.cable_notes("07PRAGUE512")  # as the bar reads them
            assert [n.text for n in mine] == ["ask the desk", "the figures differ"]
            assert [(a, n.paragraph, n.text) for a, n in theirs] == [(other, 4, "seen in May too")]
            assert offline is None  # the server answers
            # a plain read (an export reads every cable's) keeps nothing: no commit each
            assert store.notes_of("07PRAGUE540") == []
        with server_away(pg_url), closing(index.annotations()) as store:
            assert [(n.paragraph, n.text) for n in store.notes_of("07PRAGUE512")] == [
                (0, "ask the desk"),
                (2, "the figures differ"),
            ]
            assert [(a, n.text) for a, n in store.others_notes("07PRAGUE512")] == [
                (other, "seen in May too")
            ]
            shown = store.offline_notes("07PRAGUE512")
            assert shown is not None and shown.read_at and shown.pending == frozenset()
            # written offline: shown back as written, and as waiting
            store.set_note("07PRAGUE512", "ask the desk again")
            store.set_note("07PRAGUE512", "", 2)
            assert [(n.paragraph, n.text) for n in store.notes_of("07PRAGUE512")] == [
                (0, "ask the desk again")
            ]
            waiting = store.offline_notes("07PRAGUE512")
            assert waiting is not None and waiting.pending == frozenset({0, 2})
            assert waiting.read_at == shown.read_at
            # a cable never read here: nothing known, and said so
            assert store.notes_of("07PRAGUE540") == []
            unknown = store.offline_notes("07PRAGUE540")
            assert unknown is not None and unknown.read_at is None
        with closing(index.annotations()) as store:  # back: sent, and the server's again
            assert store.status().sent == 2
            assert [(n.paragraph, n.text) for n in store.notes_of("07PRAGUE512")] == [
                (0, "ask the desk again")
            ]


def test_refused_changes_are_listed_tried_again_and_dropped_from_the_command_line(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "reader") as [(role, url)], PgIndex.open(url) as index:
        with server_away(pg_url), closing(index.annotations()) as store:
            store.set_starred(["07PRAGUE540"])
            store.add_label(["07PRAGUE512"], "follow up")
            assert main(["queue", url]) == 0  # listed while the server is away too
            assert "2 changes waiting to be sent" in capsys.readouterr().out
        with closing(index.annotations()) as store:  # back: both refused, both kept
            assert store.status().kept == 2
        assert pg_queue_main([url, "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert listed["waiting"] == []
        star, label = listed["refused"]
        assert (star["action"], star["ids"]) == ("star", ["07PRAGUE540"])
        assert f"your role ({role}) may read" in star["reason"]
        assert pg_queue_main([url]) == 0
        out = capsys.readouterr().out
        assert f"#{star['seq']}  star 07PRAGUE540" in out and "label “follow up”" in out
        with psycopg.connect(pg_url, autocommit=True) as conn:  # granted at last
            conn.execute(f"GRANT INSERT, UPDATE, DELETE ON stars TO {role}")
        assert pg_queue_main([url, "--retry", str(star["seq"])]) == 0
        assert pg_queue_main([url, "--discard", str(label["seq"])]) == 0
        assert pg_queue_main([url, "--discard", str(label["seq"])]) == 1  # no such, said
        assert "no refused change" in capsys.readouterr().err
        assert pg_queue_main([url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {"waiting": [], "refused": []}
        with psycopg.connect(pg_url) as conn:
            assert conn.execute("SELECT cable_id, author FROM stars").fetchall() == [
                ("07PRAGUE540", role)
            ]


def _accepted(listener: socket.socket) -> int:
    """How many connections reached the listener since last asked (taken off its queue)."""
    listener.setblocking(False)
    n = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def test_the_time_a_connection_waits_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    url = "postgresql://alice@db.example/cables"
    assert (connect_timeout(url), connect_timeout(url, probe=True)) == (
        CONNECT_TIMEOUT,
        PROBE_TIMEOUT,
    )
    assert PROBE_TIMEOUT < CONNECT_TIMEOUT
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "4")
    assert (connect_timeout(url), connect_timeout(url, probe=True)) == (4, 4)
    assert connect_timeout(url + "?connect_timeout=7") == 7  # the URL's own first
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "0")  # libpq's "forever": not for a window
    assert connect_timeout(url) == CONNECT_TIMEOUT


def test_a_server_that_never_answers_is_waited_for_once_then_backed_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "2")
    with socket.create_server(("127.0.0.1", 0), backlog=16) as listener:
        url = f"postgresql://nobody@127.0.0.1:{listener.getsockname()[1]}/cables"
        with pytest.raises(psycopg.errors.ConnectionTimeout, match="timeout expired"):
            connect_server(url)
        assert _accepted(listener) == 1
        # backed off: the next connection fails at once, the server not tried
        with pytest.raises(psycopg.errors.ConnectionTimeout, match="tried again in"):
            connect_server(url)
        assert _accepted(listener) == 0
        # the window's probe tries all the same, and finds it still away
        assert probe(url) is False
        assert _accepted(listener) == 1
        with pytest.raises(psycopg.errors.ConnectionTimeout, match="tried again in"):
            connect_server(url)


@pytest.mark.parametrize(
    ("said", "told"),
    [
        (
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  '
            'database "cables" is not currently accepting connections',
            'database "cables" is not currently accepting connections',
        ),
        (
            'connection failed: connection to server at "::1", port 5432 failed: Connection '
            "refused\n\tIs the server running on that host and accepting TCP/IP connections?\n"
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
            "\tIs the server running on that host and accepting TCP/IP connections?",
            "Connection refused",
        ),
        (
            'connection failed: connection to server on socket "/run/postgresql/.s.PGSQL.5432"'
            ' failed: FATAL:  password authentication failed for user "bob"',
            'password authentication failed for user "bob"',
        ),
        ("the server did not answer in time", "the server did not answer in time"),
    ],
)
def test_the_reason_a_connection_failed_is_the_servers_words_without_the_address(
    said: str, told: str
) -> None:
    """The window's status bar names the URL once; psycopg's address and severity before
    the server's words made the reason run off the bar's end."""
    assert reason(RuntimeError(said)) == told


@pytest.mark.parametrize(
    ("store", "said"),
    [
        ("/tmp/cables", "is not a team's corpus: give its postgresql:// URL"),
        ("postgresql://a b@/x y", "is not a URL PostgreSQL can read"),
    ],
)
def test_the_queue_command_names_a_store_it_cannot_read(
    store: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once a traceback (psycopg's ProgrammingError) for a folder or a malformed URL."""
    with pytest.raises(SystemExit) as ended:
        pg_queue_main([store])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_a_cable_read_from_the_server_is_kept_and_read_again_as_it_was(
    pg_url: str, tmp_path: Path
) -> None:
    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
        key = index.key_for_id("07PRAGUE512")
        assert key is not None
        cable = index.cable(key)
        cited_by = index.cited_by("07PRAGUE512")
        refs = {r.id: index.key_for_id(r.id) for r in cable.references if r.id}
    assert cited_by and refs  # something to keep of each
    assert kept_cable(pg_url, key, tmp_path) is None  # never opened here
    keep_cable(pg_url, key, cable, refs, cited_by, tmp_path)
    kept = kept_cable(pg_url, key, tmp_path)
    assert kept is not None
    assert kept.cable == cable  # parsed again as the server's store parses it
    assert kept.ref_keys == refs and kept.cited_by == tuple(cited_by)
    assert kept.at.startswith("20")
    # the file is the analyst's for that server: another user's is another file
    other = pg_url.replace("postgresql:///", "postgresql://someone-else@/")
    assert kept_cable(other, key, tmp_path) is None


def test_the_references_of_a_kept_cable_are_the_first_level_of_its_thread_then(
    pg_url: str, tmp_path: Path
) -> None:
    """What the References pane shows of a cable read again offline: what it cited and what
    cited it when it was read, the rows of those the corpus held, as the thread read from
    the server has them one level each way."""
    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
        key = index.key_for_id("07PRAGUE512")
        assert key is not None
        cable = index.cable(key)
        idents = [r.id for r in cable.references if r.id] + list(cited_ids(cable))
        refs = {i: index.key_for_id(i) for i in dict.fromkeys(idents)}
        cites = index.hits([k for k in refs.values() if k is not None])
        cited_by = index.cited_by("07PRAGUE512")
        online = read_thread(index, "07PRAGUE512")
    keep_cable(pg_url, key, cable, refs, cited_by, tmp_path, cites=cites)
    kept = kept_cable(pg_url, key, tmp_path)
    assert kept is not None and kept.cites == tuple(cites)
    offline = kept_thread(kept, key)
    assert offline is not None and offline.root == online.root == "07PRAGUE512"
    assert offline.hits["07PRAGUE512"].subject == online.hits["07PRAGUE512"].subject != ""
    assert offline.hits["07PRAGUE512"].key == key
    for direction in ("up", "down"):
        first = [(n.id, n.in_folder) for n in getattr(online.thread, direction).children]
        assert first, direction  # something each way, so the comparison says something
        kept_first = getattr(offline.thread, direction).children
        assert [(n.id, n.in_folder) for n in kept_first] == first, direction
        assert all(not n.children for n in kept_first)  # one level: no more was read then
        assert {n.id: offline.hits.get(n.id) for n in kept_first} == {
            n.id: online.hits.get(n.id) for n in kept_first
        }
    # a cable kept before the cited cables' rows were: those of the corpus by ID alone
    keep_cable(pg_url, key, cable, refs, cited_by, tmp_path)
    older = kept_thread(kept_cable(pg_url, key, tmp_path), key)  # type: ignore[arg-type]
    assert older is not None
    in_corpus = {i.upper() for i, k in refs.items() if k is not None}
    assert in_corpus and {n.id for n in older.thread.up.children if n.in_folder} == in_corpus
    assert all(older.hits[i].subject == "" for i in in_corpus)
