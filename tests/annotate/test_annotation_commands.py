"""reader/annotate/annotation_commands.py: ``cable-reader annotations``, each action and what it
prints (tests/annotate/test_annotations.py round-trips an export and import through main)."""

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.annotate.annotation_commands import annotations_main
from reader.annotate.annotations import ANNOTATIONS_FILE, Annotations, SavedSearch


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = annotations_main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_star_read_label_and_note_say_how_many_cables_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, tmp_path, "star", "07prague512", "07PRAGUE540") == (
        0,
        "2 cables changed\n",
        "",
    )
    # starring again changes nothing
    assert _run(capsys, tmp_path, "star", "07PRAGUE512")[1] == "0 cables changed\n"
    assert _run(capsys, tmp_path, "unstar", "07PRAGUE540")[1] == "1 cable changed\n"
    assert _run(capsys, tmp_path, "read", "07PRAGUE540")[1] == "1 cable changed\n"
    assert _run(capsys, tmp_path, "label", "brief", "07PRAGUE540", "07PRAGUE512")[1] == (
        "2 cables changed\n"
    )
    assert _run(capsys, tmp_path, "unlabel", "brief", "07PRAGUE512")[1] == "1 cable changed\n"
    assert _run(capsys, tmp_path, "note", "07prague512", "check ¶3")[1] == "1 cable changed\n"
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        assert store.starred() == {"07PRAGUE512"}
        assert sorted(store.read()) == ["07PRAGUE540"]
        assert sorted(store.noted()) == ["07PRAGUE512"]
        assert [(label.name, label.count) for label in store.labels()] == [("brief", 1)]


def test_unlabel_of_a_label_the_analyst_has_not_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A label mistyped once said "0 cables changed", as if the cables had merely not
    carried it. Of another case it is the label, as the help says and `label` takes it:
    `unlabel Brief` once said "you have no label 'Brief' ...; your labels: brief"."""
    assert _run(capsys, tmp_path, "unlabel", "brief", "07PRAGUE512") == (
        1,
        "",
        "cable-reader: you have no label 'brief', so no cable was changed; your labels: none yet\n",
    )
    _run(capsys, tmp_path, "label", "brief", "07PRAGUE512")
    assert _run(capsys, tmp_path, "unlabel", "brfie", "07PRAGUE512") == (
        1,
        "",
        "cable-reader: you have no label 'brfie', so no cable was changed; your labels: brief\n",
    )
    assert _run(capsys, tmp_path, "unlabel", "Brief", "07PRAGUE512") == (0, "1 cable changed\n", "")
    # a label that no cable of these carries is no mistake: nothing to say but the count
    assert _run(capsys, tmp_path, "unlabel", "brief", "07PRAGUE540") == (
        0,
        "0 cables changed\n",
        "",
    )


def _labels(data: Path) -> list[tuple[str, str, int]]:
    with Annotations.open(data / ANNOTATIONS_FILE) as store:
        return [(label.name, label.colour, label.count) for label in store.labels()]


def test_a_label_is_renamed_merged_into_another_and_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A label mistyped (brfie) stayed for ever, on no cable once taken off, offered by the
    window's label dialog and listed here: no command renamed or deleted a label."""
    _run(capsys, tmp_path, "label", "brief", "07PRAGUE512", "07PRAGUE540")
    _run(capsys, tmp_path, "label", "brfie", "07PRAGUE540", "07STATE58211")
    _run(capsys, tmp_path, "label", "ärger", "05PARIS4471")
    colours = {name: colour for name, colour, _ in _labels(tmp_path)}
    colour = colours["brief"]
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:  # searches that ask for it
        store.save_search(SavedSearch("typed", "(label:BRFIE OR tag:PREL) -label:brfie2"))
        store.save_search(SavedSearch("chosen", "", (("label", "brfie"),), (("tag", "X"),)))
        store.save_search(SavedSearch("other", "label:brfie2 labelled:brfie"))
    assert _run(capsys, tmp_path, "rename-label", "BRFIE", "Brief") == (
        0, "the label 'brfie' (2 cables) joined 'brief': 3 cables; 2 saved searches follow"
        " it\n", "",
    )  # fmt: skip
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        searches = {s.name: s for s in store.saved_searches()}
    assert searches["typed"].query == "(label:brief OR tag:PREL) -label:brfie2"
    assert searches["chosen"].include == (("label", "brief"),)
    assert searches["chosen"].exclude == (("tag", "X"),)
    assert searches["other"].query == "label:brfie2 labelled:brfie"
    assert _labels(tmp_path) == [("brief", colour, 3), ("ärger", colours["ärger"], 1)]
    assert _run(capsys, tmp_path, "rename-label", "brief", " to  read ") == (
        0, "renamed the label 'brief' to 'to read': 3 cables; 2 saved searches follow it\n", "",
    )  # fmt: skip
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        searches = {s.name: s for s in store.saved_searches()}
    assert searches["typed"].query == '(label:"to read" OR tag:PREL) -label:brfie2'
    assert searches["chosen"].include == (("label", "to read"),)
    assert _run(capsys, tmp_path, "rename-label", "ärger", "Ärger")[1] == (
        "renamed the label 'ärger' to 'Ärger': 1 cable\n"
    )
    assert [(n, c) for n, _, c in _labels(tmp_path)] == [("to read", 3), ("Ärger", 1)]
    assert _labels(tmp_path)[0][1] == colour  # its colour kept
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        assert store.labels_of("07STATE58211") == ["to read"]
        assert store.cables_labelled("to read") == {"07PRAGUE512", "07PRAGUE540", "07STATE58211"}
    assert _run(capsys, tmp_path, "delete-label", "-urgent") == (
        1, "", "cable-reader: you have no label '-urgent'; your labels: to read, Ärger\n",
    )  # fmt: skip
    assert _run(capsys, tmp_path, "rename-label", "to read", "  ")[2] == (
        "cable-reader: a label needs a name\n"
    )
    assert _run(capsys, tmp_path, "delete-label", "TO READ") == (
        0, "deleted the label 'to read', which was on 3 cables\n", "",
    )  # fmt: skip
    assert [n for n, _, _ in _labels(tmp_path)] == ["Ärger"]
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        assert store.labels_of("07PRAGUE512") == []


def test_an_empty_note_removes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, tmp_path, "note", "07PRAGUE512", "a note")
    _run(capsys, tmp_path, "note", "07PRAGUE512", "")
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        assert not store.noted()


def test_a_note_says_a_cable_changed_only_when_its_note_did(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Removing a note a cable does not have, or writing the note it has, said "1 cable
    changed", as the stars and labels never did for what changed nothing."""
    assert _run(capsys, tmp_path, "note", "07PRAGUE512", "")[1] == "0 cables changed\n"
    assert _run(capsys, tmp_path, "note", "07PRAGUE512", "a note")[1] == "1 cable changed\n"
    assert _run(capsys, tmp_path, "note", "07prague512", "a note")[1] == "0 cables changed\n"
    assert _run(capsys, tmp_path, "note", "07PRAGUE512", "another")[1] == "1 cable changed\n"
    assert _run(capsys, tmp_path, "note", "07PRAGUE512", "")[1] == "1 cable changed\n"
    assert _run(capsys, tmp_path, "note", "07PRAGUE512", "  ")[1] == "0 cables changed\n"


def test_list_gives_labels_counts_and_saved_searches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, tmp_path, "list")
    assert code == 0 and out == "starred: 0; read: 0; with notes: 0\n"
    _run(capsys, tmp_path, "label", "brief", "A1", "B2")
    _run(capsys, tmp_path, "read", "A1")
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        store.save_search(SavedSearch("nuclear", "nuclear OR uranium"))
    lines = _run(capsys, tmp_path, "list")[1].splitlines()
    assert lines[0].startswith("label brief (#") and lines[0].endswith("): 2 cables")
    assert lines[1:] == [
        "starred: 0; read: 1; with notes: 0",
        "saved search 'nuclear': nuclear OR uranium",
    ]
    _run(capsys, tmp_path, "label", "solo", "C3")
    lines = _run(capsys, tmp_path, "list")[1].splitlines()
    assert [line for line in lines if line.startswith("label solo")][0].endswith("): 1 cable")
    # a name the query language's own characters are in: the term that asks for it
    _run(capsys, tmp_path, "label", 'say "hi"', "C3")
    lines = _run(capsys, tmp_path, "list")[1].splitlines()
    (said,) = [line for line in lines if line.startswith('label say "hi"')]
    assert said.endswith('): 1 cable; in a query: label:"say \\"hi\\""')


def test_export_to_stdout_and_import_from_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _run(capsys, a, "star", "07PRAGUE512")
    _run(capsys, a, "label", "brief", "07PRAGUE540")
    code, out, _ = _run(capsys, a, "export", "-")
    doc = json.loads(out)
    assert code == 0 and [s["id"] for s in doc["stars"]] == ["07PRAGUE512"]
    monkeypatch.setattr("sys.stdin", io.StringIO(out))
    code, out, _ = _run(capsys, b, "import", "-")
    assert code == 0 and out.startswith("added: ")
    assert out.startswith("added: 1 star, 0 cables read, 1 label, 1 label given, 0 notes")
    with Annotations.open(b / ANNOTATIONS_FILE) as store:
        assert sorted(store.starred()) == ["07PRAGUE512"]


def test_export_to_a_file_says_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, tmp_path, "star", "A1", "B2")
    _run(capsys, tmp_path, "note", "A1", "n")
    target = tmp_path / "work.json"
    code, out, _ = _run(capsys, tmp_path, "export", str(target))
    assert code == 0
    assert out == (
        f"wrote 2 stars, 0 cables read, 0 labels, 0 labels given, 1 note, 0 saved searches to"
        f" {target}\n"
    )
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "cable-reader-annotations"


def test_an_export_to_a_missing_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "gone" / "work.json"
    code, out, err = _run(capsys, tmp_path, "export", str(target))
    assert code == 1 and out == ""
    assert err == f"cable-reader: cannot write {target}: No such file or directory\n"


def test_the_data_dir_may_follow_the_action_as_other_commands_options_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.annotate.annotations import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "default"))
    assert annotations_main(["star", "A1", "B2", "--data-dir", str(tmp_path / "mine")]) == 0
    assert annotations_main(["--data-dir", str(tmp_path / "mine"), "unstar", "B2"]) == 0
    capsys.readouterr()
    assert annotations_main(["list", "--data-dir", str(tmp_path / "mine")]) == 0
    assert "starred: 1;" in capsys.readouterr().out
    assert not (tmp_path / "default").exists()


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "cannot read"),  # no such file
        ("{not json", "cannot read"),
        (b"\xff\xfe\x00", "cannot read"),  # not UTF-8
        ("[1, 2]", "not a Cable Reader annotations file"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: object, why: str
) -> None:
    source = tmp_path / "in.json"
    if isinstance(content, str):
        source.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        source.write_bytes(content)
    code, out, err = _run(capsys, tmp_path / "data", "import", str(source))
    assert code == 1 and out == ""
    assert err.startswith("cable-reader: ") and why in err and "Traceback" not in err


def test_the_default_data_dir_is_the_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.annotate.annotations import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "mine"))
    assert annotations_main(["star", "X1"]) == 0
    assert (tmp_path / "mine" / ANNOTATIONS_FILE).is_file()


def test_an_action_is_required_and_ids_too(tmp_path: Path) -> None:
    for argv in ([], ["star"], ["label", "brief"], ["note", "X1"], ["frobnicate"]):
        with pytest.raises(SystemExit) as exited:
            annotations_main(["--data-dir", str(tmp_path), *argv])
        assert exited.value.code == 2


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda p: None, "no such file or folder"),
        (lambda p: p.mkdir(), "it is a folder, not a file"),
        # opening a named pipe waits for a writer for ever: it is never opened
        (lambda p: os.mkfifo(p), "it is a named pipe (FIFO), not a regular file: not read"),
        (lambda p: p.write_text("Klaus\n"), "it is not JSON (line 1, column 1: Expecting value)"),
        (lambda p: p.write_bytes(b"{\xff}"), "it is not UTF-8 text (at byte 1)"),
    ],
)
def test_a_file_that_cannot_be_imported_says_why_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], object], why: str
) -> None:
    """A named pipe hung the command; the other reasons were Python's ("[Errno 2] ...",
    "Expecting value: line 1 column 1 (char 0)")."""
    source = tmp_path / "work.json"
    make(source)
    code, out, err = _run(capsys, tmp_path / "data", "import", str(source))
    assert (code, out) == (1, "")
    assert err.startswith(f"cable-reader: cannot read {source}: {why}")


def test_an_entry_whose_id_is_not_text_is_refused_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``{"id": 5}`` was imported as a star on a cable "5"."""
    source = tmp_path / "work.json"
    entries = [{"id": "07PRAGUE497"}, {"id": 5}]
    source.write_text(
        json.dumps({"format": "cable-reader-annotations", "version": 1, "stars": entries})
    )
    code, out, err = _run(capsys, tmp_path / "data", "import", str(source))
    assert (code, out) == (1, "")
    assert err == (
        "cable-reader: the file's 'stars' has an entry whose 'id' is not text: 5; nothing was"
        " imported\n"
    )
    with Annotations.open(tmp_path / "data" / ANNOTATIONS_FILE) as store:
        assert store.starred() == set()


def test_an_id_not_shaped_like_a_cable_id_is_named_and_changed_all_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A slip (07-PRAGUE-497) put a star on no cable without a word."""
    code, out, err = _run(
        capsys, tmp_path, "star", "07prague497", "07-PRAGUE-497", "08EFTOLONDON2883"
    )
    assert (code, out) == (0, "3 cables changed\n")
    assert err == (
        "cable-reader: 07-PRAGUE-497: not shaped like a cable ID (such as 07PRAGUE497);"
        " changed all the same\n"
    )
    assert _run(capsys, tmp_path, "note", "07PRAGUE497", "x")[2] == ""


def test_a_data_dir_that_is_a_file_is_named_as_the_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "[Errno 17] File exists" and to check that the folder is writable."""
    data = tmp_path / "notes.txt"
    data.write_text("mine")
    code, out, err = _run(capsys, data, "list")
    assert (code, out) == (1, "")
    assert err == (
        f"cable-reader: cannot open your annotations at {data / ANNOTATIONS_FILE}: {data} is a"
        " file, not a folder; give a folder (--data-dir, or CABLE_READER_DATA_DIR)\n"
    )
    assert data.read_text() == "mine"


def test_import_leaves_out_a_note_on_a_paragraph_the_folders_cable_lacks_naming_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared_cables: Path
) -> None:
    """Notes on ¶12 of a cable of seven paragraphs, on ¶-1, and a label of no colour were
    imported in silence; a note on ¶"two" refused the whole file. Each is now named with the
    file, its line and why, and the rest imported (exit 1: not all of it was)."""
    from reader.index.commands import paragraphs_in

    folder = tmp_path / "cables"
    folder.mkdir()
    cable = shared_cables / "text" / "1979" / "79TEHRAN8980.txt"  # ¶1 to ¶7
    (folder / cable.name).write_bytes(cable.read_bytes())
    source = tmp_path / "work.json"
    entries = ",\n".join(
        json.dumps({"id": cid, "paragraph": p, "text": "n"})
        for cid, p in (("79TEHRAN8980", 3), ("79TEHRAN8980", 12), ("79tehran8980", -1),
                       ("07PRAGUE497", 4))  # fmt: skip
    )
    source.write_text(
        '{"format": "cable-reader-annotations", "version": 1,\n'
        ' "labels": [{"name": "brief", "colour": "#43a047"},\n'
        '            {"name": "odd", "colour": "red; font-size: 90px"}],\n'
        f' "notes": [\n{entries}]}}\n'
    )
    data = tmp_path / "data"
    code = annotations_main(
        ["--data-dir", str(data), "import", str(source), "--folder", str(folder)],
        paragraphs_in=paragraphs_in,
    )
    out, err = capsys.readouterr()
    assert (code, out) == (1, "added: 0 stars, 0 cables read, 1 label, 0 labels given, 2 notes,"
                              " 0 searches\n")  # fmt: skip
    assert err.splitlines() == [
        f"cable-reader: {source}, line 3 ('labels' entry 2, odd): its colour 'red; font-size:"
        " 90px' is no colour (#rrggbb, such as #1e88e5); left out",
        f"cable-reader: {source}, line 6 ('notes' entry 2, 79TEHRAN8980): the cable"
        " 79TEHRAN8980 has no ¶12 (its paragraphs: ¶1 to ¶7); left out",
        f"cable-reader: {source}, line 7 ('notes' entry 3, 79tehran8980): its paragraph -1 is"
        " no paragraph number (0: the whole cable; 1, 2, ...); left out",
        f"cable-reader: 3 entries of {source} left out (above); the rest imported",
    ]
    with Annotations.open(data / ANNOTATIONS_FILE) as store:
        assert [n.paragraph for n in store.notes_of("79TEHRAN8980")] == [3]
        # a cable the folder lacks keeps its note: the notes are kept by ID, for any folder
        assert [n.paragraph for n in store.notes_of("07PRAGUE497")] == [4]
        assert [label.name for label in store.labels()] == ["brief"]


def test_an_entry_left_out_of_a_deeply_nested_file_is_named_without_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What finds an entry's line reads the file again with a scanner that nests less deep
    than json.loads: past it, the entry is named without its line, and the import ends as
    it would (it had ended in a traceback after the rest was imported)."""
    deep = "[" * 600 + "]" * 600
    source = tmp_path / "work.json"
    source.write_text(
        '{"format": "cable-reader-annotations", "version": 1, "notes": ['
        '{"id": "07PRAGUE497", "paragraph": 2, "text": "kept"},'
        f'{{"id": "07PRAGUE512", "paragraph": -1, "text": "n", "extra": {deep}}}]}}'
    )
    data = tmp_path / "data"
    assert annotations_main(["--data-dir", str(data), "import", str(source)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"cable-reader: {source} ('notes' entry 2, 07PRAGUE512): its")
    with Annotations.open(data / ANNOTATIONS_FILE) as store:
        assert [n.paragraph for n in store.notes_of("07PRAGUE497")] == [2]


def test_import_from_a_folder_that_is_not_there_says_so_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.index.commands import paragraphs_in

    source = tmp_path / "work.json"
    source.write_text(json.dumps({"format": "cable-reader-annotations", "version": 1,
        "stars": [{"id": "07PRAGUE497"}], "notes": [{"id": "07PRAGUE497", "paragraph": 2,
        "text": "n"}]}))  # fmt: skip
    code = annotations_main(
        ["--data-dir", str(tmp_path / "d"), "import", str(source), "--folder", str(tmp_path / "x")],
        paragraphs_in=paragraphs_in,
    )
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith(f"cable-reader: --folder {tmp_path / 'x'}: ")
    with Annotations.open(tmp_path / "d" / ANNOTATIONS_FILE) as store:
        assert store.starred() == set()


@pytest.mark.parametrize(
    "action", ["export", "import", "star", "unstar", "read", "unread", "label", "unlabel", "note"]
)
def test_every_argument_of_an_action_says_what_it_is(
    action: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``annotations label --help`` listed "label" and "ids" with no word of what either is
    (nor that a name may start with -)."""
    with pytest.raises(SystemExit):
        annotations_main([action, "--help"])
    out = capsys.readouterr().out
    listed = out.split("positional arguments:\n")[1].split("\n\n")[0].splitlines()
    # an argument's line starts two spaces in (its help's next lines further)
    named = [line for line in listed if line.startswith("  ") and not line.startswith("   ")]
    bare = [line.strip() for line in named if len(line.split()) == 1]
    assert bare == [], out
    if action in ("label", "unlabel"):
        assert "-urgent" in out.split("positional arguments:")[1]


def test_a_label_or_a_note_starting_with_a_dash_is_taken_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``annotations label -urgent ID`` said "the following arguments are required: ids"
    (the label was taken for an unknown option): the wrong cause, for a name the window
    takes and the query asks (label:-urgent)."""
    assert _run(capsys, tmp_path, "label", "-urgent", "A1", "B2")[0] == 0
    assert _run(capsys, tmp_path, "note", "A1", "- contradicts B2")[0] == 0
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        assert store.cables_labelled("-urgent") == {"A1", "B2"}
        assert [n.text for n in store.notes_of("A1")] == ["- contradicts B2"]
    assert _run(capsys, tmp_path, "unlabel", "-urgent", "B2")[0] == 0
    with Annotations.open(tmp_path / ANNOTATIONS_FILE) as store:
        assert store.cables_labelled("-urgent") == {"A1"}
