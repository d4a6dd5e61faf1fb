"""The analyst's own work (reader/annotate/annotations.py): durable, keyed by cable ID, whole."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from reader.annotate.annotations import (
    BACKUP_DAYS,
    SCHEMA_VERSION,
    AnnotationError,
    Annotations,
    SavedSearch,
)
from reader.cli import main
from reader.index.store import CorpusIndex
from reader.query.query import Filter

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture
def store(tmp_path: Path) -> Annotations:
    with Annotations.open(tmp_path / "data" / "annotations.sqlite3") as s:
        yield s  # type: ignore[misc]


def test_stars_and_read_state_report_what_changed(store: Annotations) -> None:
    assert store.set_starred(["07prague512", "07PRAGUE512 ", "06ANKARA1"]) == [
        "07PRAGUE512",
        "06ANKARA1",
    ]
    assert store.set_starred(["07PRAGUE512"]) == []  # already starred: nothing changed
    assert store.starred() == {"07PRAGUE512", "06ANKARA1"}
    assert store.set_starred(["06ANKARA1", "99NOWHERE1"], on=False) == ["06ANKARA1"]
    assert store.starred() == {"07PRAGUE512"}
    assert store.set_read(["07PRAGUE512"]) == ["07PRAGUE512"]
    assert store.set_read(["07PRAGUE512"], on=False) == ["07PRAGUE512"]
    assert store.read() == set()


def test_labels_are_created_on_the_fly_coloured_and_case_blind(store: Annotations) -> None:
    assert store.add_label(["07PRAGUE512", "06ANKARA1"], "Brief") == ["07PRAGUE512", "06ANKARA1"]
    assert store.add_label(["07PRAGUE512"], "brief") == []  # the same label
    store.add_label(["07PRAGUE512"], "  follow   up ")
    labels = store.labels()
    assert [(lab.name, lab.count) for lab in labels] == [("Brief", 2), ("follow up", 1)]
    assert labels[0].colour != labels[1].colour
    assert store.labels_of("07prague512") == ["Brief", "follow up"]
    assert store.remove_label(["06ANKARA1"], "BRIEF") == ["06ANKARA1"]
    store.delete_label("follow up")
    assert store.labels_of("07PRAGUE512") == ["Brief"]
    with pytest.raises(AnnotationError):
        store.create_label("   ")


def test_notes_on_cables_and_paragraphs(store: Annotations) -> None:
    store.set_note("07prague512", "first thought")
    store.set_note("07PRAGUE512", "second thought")  # replaces the first
    store.set_note("07PRAGUE512", "para 3 contradicts para 1", paragraph=3)
    notes = store.notes_of("07PRAGUE512")
    assert [(n.paragraph, n.text) for n in notes] == [
        (0, "second thought"),
        (3, "para 3 contradicts para 1"),
    ]
    store.set_note("07PRAGUE512", "", paragraph=3)  # empty text removes it
    assert [n.paragraph for n in store.notes_of("07PRAGUE512")] == [0]
    assert store.noted() == {"07PRAGUE512"}


def test_saved_searches_and_what_is_new_since_last_opened(store: Annotations) -> None:
    s = SavedSearch("arms", "tag:PARM", (("classification", "SECRET"),), (), "id", True)
    store.save_search(s)
    assert store.saved_searches() == [s]
    assert store.open_search("arms", ["A", "B"]) == ["A", "B"]
    assert store.new_in_search("arms", ["A", "B", "C"]) == 1
    assert store.open_search("arms", ["A", "B", "C"]) == ["C"]
    assert store.saved_searches()[0].opened is not None
    store.delete_search("arms")
    assert store.saved_searches() == []


def test_renaming_a_saved_search_keeps_what_it_has_seen(store: Annotations) -> None:
    store.save_search(SavedSearch("arms", "tag:PARM"))
    store.save_search(SavedSearch("other", "tag:PREL"))
    store.open_search("arms", ["A", "B"])
    store.rename_search("arms", "  arms  control ")
    (renamed, other) = store.saved_searches()
    assert renamed.name == "arms control" and renamed.query == "tag:PARM" and renamed.opened
    assert store.new_in_search("arms control", ["A", "B", "C"]) == 1
    with pytest.raises(AnnotationError, match="already"):
        store.rename_search("arms control", "other")
    with pytest.raises(AnnotationError, match="no saved search"):
        store.rename_search("gone", "new")
    with pytest.raises(AnnotationError, match="name"):
        store.rename_search("other", "   ")
    assert [s.name for s in store.saved_searches()] == ["arms control", "other"]


def test_export_then_import_merges_without_doubling(store: Annotations, tmp_path: Path) -> None:
    store.set_starred(["07PRAGUE512"])
    store.add_label(["07PRAGUE512", "06ANKARA1"], "brief")
    store.set_note("07PRAGUE512", "old note")
    store.save_search(SavedSearch("s", "nuclear"))
    data = store.export()
    json.dumps(data)  # a JSON document as it stands
    with Annotations.open(tmp_path / "other" / "annotations.sqlite3") as other:
        other.set_starred(["09MOSCOW1"])
        other.set_note("07PRAGUE512", "newer note")
        added = other.import_(data).added
        assert added["stars"] == 1 and added["cable_labels"] == 2 and added["searches"] == 1
        assert added["notes"] == 0  # the note there is newer... unless times are equal
        assert other.import_(data).added == dict.fromkeys(added, 0)  # a second import adds nothing
        assert other.starred() == {"07PRAGUE512", "09MOSCOW1"}
        assert [(lab.name, lab.count) for lab in other.labels()] == [("brief", 2)]
        assert other.notes_of("07PRAGUE512")[0].text == "newer note"
    later = json.loads(json.dumps(data))
    later["notes"][0]["modified"] = "2999-01-01T00:00:00+00:00"
    later["notes"][0]["text"] = "edited elsewhere later"
    store.import_(later)
    assert store.notes_of("07PRAGUE512")[0].text == "edited elsewhere later"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"stars": []}, r"not a Cable Reader annotations file \(no 'format' field\)"),
        # a format of another name once read "no 'format' field" too
        ({"format": "x", "version": 1}, r"its 'format' is 'x', not 'cable-reader-annotations'"),
        ({"format": "cable-reader-annotations", "version": 99}, "newer"),
        ({"format": "cable-reader-annotations", "version": 1, "stars": [{}]}, "without"),
        ({"format": "cable-reader-annotations", "version": 1, "stars": "x"}, "not a list"),
        # a saved search's choices or sort of the wrong kind were once stored as they came,
        # and every later reading of the saved searches then failed on them
        *(
            (
                {
                    "format": "cable-reader-annotations",
                    "version": 1,
                    "stars": [{"id": "07PRAGUE540"}],
                    "saved_searches": [{"name": "s", "query": "q", **entry}],
                },
                says,
            )
            for entry, says in (
                ({"include": "classification"}, "'include' is not a list of \\[facet, value\\]"),
                ({"exclude": [["tag", "PREL", "x"]]}, "'exclude' is not a list of"),
                ({"include": [["tag", 5]]}, "'include' is not a list of"),
                ({"sort": "bogus"}, "'sort' is not one of relevance, date"),
            )
        ),
    ],
)
def test_a_bad_import_file_says_why_and_changes_nothing(
    store: Annotations, data: dict[str, object], says: str
) -> None:
    store.set_starred(["07PRAGUE512"])
    with pytest.raises(AnnotationError, match=says):
        store.import_(data)
    assert store.starred() == {"07PRAGUE512"}
    assert store.saved_searches() == []


def test_a_note_on_no_paragraph_and_a_label_of_no_colour_are_left_out_and_the_rest_kept(
    store: Annotations,
) -> None:
    """A paragraph of -1 or "two" was kept as it came (2.5 as 2), on no paragraph the window
    shows; a colour of "banana'><b>" was kept, and drawn in the window's HTML as it came. The
    whole file was refused for a paragraph "two"."""
    store.set_note("07PRAGUE540", "mine", 2)
    store.create_label("brief", "#43a047")
    notes = [
        {"id": "07PRAGUE540", "paragraph": p, "text": f"on {p!r}", "modified": "2001-01-01"}
        for p in (3, -1, 2.5, "two", True, 2, 9)
    ]
    labels = [{"name": "ok", "colour": "#abc"}, {"name": "odd", "colour": "banana'><b>"},
              {"name": "brief", "colour": 5}]  # fmt: skip
    done = store.import_(
        {"format": "cable-reader-annotations", "version": 1, "stars": [{"id": "07PRAGUE540"}],
         "notes": notes, "labels": labels},
        paragraphs={"07PRAGUE540": frozenset({1, 2, 3, 4})},
    )  # fmt: skip
    assert [(s.key, s.number, s.entry["paragraph" if s.key == "notes" else "name"])
            for s in done.skipped] == [("labels", 2, "odd"), ("labels", 3, "brief"),
        ("notes", 2, -1), ("notes", 3, 2.5), ("notes", 4, "two"), ("notes", 5, True),
        ("notes", 7, 9)]  # fmt: skip
    assert "is no colour" in done.skipped[0].reason
    assert "'two' is no paragraph number" in done.skipped[4].reason
    assert done.skipped[-1].reason == "the cable 07PRAGUE540 has no ¶9 (its paragraphs: ¶1 to ¶4)"
    assert done.added["stars"] == 1 and done.added["notes"] == 1
    # what was there stays: the note on ¶2 (the file's is older), the label's own colour
    assert [(n.paragraph, n.text) for n in store.notes_of("07PRAGUE540")] == [
        (2, "mine"),
        (3, "on 3"),
    ]
    assert [(lab.name, lab.colour) for lab in store.labels()] == [
        ("brief", "#43a047"),
        ("ok", "#abc"),
    ]


def test_schema_version_and_a_newer_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    Annotations.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(AnnotationError) as raised:
        Annotations.open(path)
    said = str(raised.value)
    assert said.startswith(f"cannot open your annotations at {path}: written by a newer Cable")
    assert said.endswith("Use that Cable Reader, or give another folder (--data-dir, or"
                         f" CABLE_READER_DATA_DIR); your earlier work is kept in {tmp_path}"
                         "/backups")  # fmt: skip


@pytest.mark.parametrize("damage", ["not a database at all\n", "header"])
def test_a_damaged_file_is_said_to_be_damaged_not_a_folder_that_may_not_be_written(
    tmp_path: Path, damage: str
) -> None:
    """A file of other bytes, or one whose header was overwritten, said "file is not a
    database. Check that the folder is writable": the wrong cause, and no way out."""
    path = tmp_path / "annotations.sqlite3"
    if damage == "header":
        with Annotations.open(path, backup=False) as store:
            store.set_starred(["07PRAGUE512"])
        with path.open("r+b") as fh:
            fh.write(b"\0" * 100)
    else:
        path.write_text(damage, encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        Annotations.open(path, backup=False)
    said = str(raised.value)
    damaged = "the file is damaged, or is no annotations file ("
    assert said.startswith(f"cannot open your annotations at {path}: {damaged}"), said
    assert said.endswith("). Move it aside: a new one is then made in its place"), said
    assert "writable" not in said


def test_a_daily_backup_and_only_the_last_days_kept(store: Annotations) -> None:
    folder = store.path.parent / "backups"
    assert len(list(folder.glob("*.sqlite3"))) == 1  # made when opened
    store.set_starred(["07PRAGUE512"])
    start = date.today() + timedelta(days=1)
    for n in range(BACKUP_DAYS + 3):
        store.backup(start + timedelta(days=n))
    kept = sorted(p.name for p in folder.glob("*.sqlite3"))
    assert len(kept) == BACKUP_DAYS
    newest = folder / kept[-1]
    assert sqlite3.connect(newest).execute("SELECT cable_id FROM stars").fetchall() == [
        ("07PRAGUE512",)
    ]


_BULK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.annotate.annotations import Annotations
    store = Annotations.open(Path(sys.argv[1]), backup=False)
    ids = [f"09STATE{n}" for n in range(10_000)]
    round = 0
    while True:
        store.add_label(ids, f"bulk{round}")
        print(round, flush=True)
        round += 1
    """
)


def test_a_bulk_label_of_10000_cables_killed_midway_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    Annotations.open(path, backup=False).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", _BULK, str(path)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # one whole bulk label committed; the next one is under way
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Annotations.open(path, backup=False) as store:
        counts = {lab.name: lab.count for lab in store.labels()}
    assert counts["bulk0"] == 10_000
    assert all(n in (0, 10_000) for n in counts.values()), counts


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.annotate.annotations import Annotations
    store = Annotations.open(Path(sys.argv[1]), backup=False)
    for n in range(150):
        store.add_label(["07PRAGUE512"], f"{sys.argv[2]}{n}")
        store.set_note("07PRAGUE512", f"{sys.argv[2]} {n}", paragraph=int(sys.argv[3]))
    """
)


def test_two_windows_changing_the_same_cable_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    Annotations.open(path, backup=False).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name, str(para)], cwd=REPO)
        for name, para in (("a", 1), ("b", 2))
    ]
    assert [p.wait() for p in procs] == [0, 0]
    with Annotations.open(path, backup=False) as store:
        labels = store.labels_of("07PRAGUE512")
        notes = {n.paragraph: n.text for n in store.notes_of("07PRAGUE512")}
    assert len(labels) == 300
    assert notes == {1: "a 149", 2: "b 149"}


# -- the query language over the index ------------------------------------------------


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[CorpusIndex, Annotations]:
    folder = tmp_path / "folder"
    shutil.copytree(SAMPLES, folder)
    index = CorpusIndex.open(folder, cache_dir=tmp_path / "cache")
    index.refresh(workers=1)
    path = tmp_path / "data" / "annotations.sqlite3"
    index.annotations_path = path
    store = Annotations.open(path)
    yield index, store  # type: ignore[misc]
    store.close()
    index.close()


def ids(index: CorpusIndex, query: str) -> set[str]:
    return {h.id for h in index.search(Filter(query), limit=1000) if h.id}


def test_query_fields_ask_the_annotations(indexed: tuple[CorpusIndex, Annotations]) -> None:
    index, store = indexed
    total = index.total()
    assert ids(index, "is:starred") == set()
    assert index.count(Filter("is:unread")) == total
    store.set_starred(["07PRAGUE512", "07ANKARA1391"])
    store.add_label(["07PRAGUE540"], "brief")
    store.set_note("07STATE58211", "contradicts the Ankara reporting", paragraph=2)
    store.set_read(["07PRAGUE512"])
    # the same index connection sees each change at once: no stale answer from its caches
    assert ids(index, "is:starred") == {"07PRAGUE512", "07ANKARA1391"}
    assert ids(index, "label:brief") == {"07PRAGUE540"}
    assert ids(index, "label:BR*") == {"07PRAGUE540"}
    assert ids(index, "note:ankara") == {"07STATE58211"}
    assert ids(index, "has:note") == {"07STATE58211"}
    assert index.count(Filter("is:unread")) == total - 1
    assert ids(index, "is:starred -is:unread") == {"07PRAGUE512"}
    assert ids(index, "is:starred OR label:brief") == {"07PRAGUE512", "07ANKARA1391", "07PRAGUE540"}
    assert ids(index, "is:starred from:prague") == {"07PRAGUE512"}
    store.set_starred(["07ANKARA1391"], on=False)
    assert ids(index, "is:starred") == {"07PRAGUE512"}
    assert ids(index, "is:nonsense") == set()


def test_the_ids_of_keys_are_those_of_their_hits(indexed: tuple[CorpusIndex, Annotations]) -> None:
    """``CorpusIndex.ids``: what a saved search's "new since last opened" is told by."""
    index, _store = indexed
    keys = index.keys(Filter())
    with_id = sorted(h.id for h in index.hits(keys) if h.id)
    assert len(with_id) > 10
    assert sorted(index.ids(keys)) == with_id
    some = keys[::3]
    assert sorted(index.ids(some)) == sorted(h.id for h in index.hits(some) if h.id)
    assert index.ids([]) == []


def test_the_work_survives_deleting_the_index_and_reindexing(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(SAMPLES, folder)
    data = tmp_path / "data"
    assert main(["annotations", "--data-dir", str(data), "star", "07PRAGUE512"]) == 0
    assert main(["annotations", "--data-dir", str(data), "label", "brief", "07PRAGUE540"]) == 0
    for _ in range(2):
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
            index.refresh(workers=1)
            index.annotations_path = data / "annotations.sqlite3"
            assert ids(index, "is:starred OR label:brief") == {"07PRAGUE512", "07PRAGUE540"}


def test_the_same_cable_from_another_format_carries_the_work(
    tmp_path: Path, shared_cables: Path
) -> None:
    """A note made on the .txt of a cable shows on its WikiLeaks page: keyed by the ID."""
    txt = tmp_path / "txt"
    html = tmp_path / "html"
    txt.mkdir()
    html.mkdir()
    shutil.copy(shared_cables / "text" / "2004" / "04AMMAN1288.txt", txt)
    page = next((shared_cables / "html").rglob("04AMMAN1288.html"))
    shutil.copy(page, html)
    data = tmp_path / "data" / "annotations.sqlite3"
    with CorpusIndex.open(txt, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=1)
        index.annotations_path = data
        (hit,) = index.search(Filter(""), limit=5)
        with Annotations.open(data) as store:
            store.set_note(hit.id or "", "read against the Amman reporting")
    with CorpusIndex.open(html, cache_dir=tmp_path / "cache") as index:
        index.refresh(workers=1)
        index.annotations_path = data
        assert ids(index, "note:amman") == {"04AMMAN1288"}


def test_cli_export_and_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    out = tmp_path / "work.json"
    assert main(["annotations", "--data-dir", str(a), "star", "07PRAGUE512", "07PRAGUE540"]) == 0
    assert main(["annotations", "--data-dir", str(a), "note", "07PRAGUE512", "check ¶3"]) == 0
    assert main(["annotations", "--data-dir", str(a), "export", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "cable-reader-annotations"
    assert [s["id"] for s in doc["stars"]] == ["07PRAGUE512", "07PRAGUE540"]
    assert main(["annotations", "--data-dir", str(b), "import", str(out)]) == 0
    assert main(["annotations", "--data-dir", str(b), "import", str(out)]) == 0
    capsys.readouterr()
    assert main(["annotations", "--data-dir", str(b), "list"]) == 0
    assert "starred: 2; read: 0; with notes: 1" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    assert main(["annotations", "--data-dir", str(b), "import", str(tmp_path / "bad.json")]) == 1
    assert "not a Cable Reader annotations file" in capsys.readouterr().err


def test_threads_opening_a_new_file_at_once_make_its_schema_once(tmp_path: Path) -> None:
    """The window's query and look-up threads may open the annotations of a new analyst in
    the same instant: each takes a migration step only if no other connection took it while
    it waited for the write lock (else: "table stars already exists"), and the switch to
    WAL, which SQLite refuses at once while another opens the new file, is tried again
    (else: "database is locked" in about one round in seven)."""
    for attempt in range(20):
        path = tmp_path / f"new-{attempt}" / "annotations.sqlite3"
        start = threading.Barrier(6)
        errors: list[BaseException] = []

        def open_it(
            path: Path = path, start: threading.Barrier = start, errors: list = errors
        ) -> None:
            start.wait()
            try:
                Annotations.open(path, backup=False).close()
            except BaseException as exc:  # noqa: BLE001 - reported by the assert below
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with Annotations.open(path, backup=False) as store:
            assert store.starred() == set()
