"""``cable-reader index`` and ``cable-reader search`` as functions."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from reader.index import word_bits
from reader.index.commands import index_main, search_main
from reader.index.scan import what_is_read
from reader.index.store import CorpusIndex
from reader.index.workers import Piece, Task


def test_index_then_search(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("8 cables indexed")
    assert search_main([str(small_folder), "tag:MNUC", "--cache-dir", str(cache_dir)]) == 0
    out = capsys.readouterr().out
    assert "07MOSCOW2111" in out and "09TOKYO900" in out
    assert out.splitlines()[-1] == "2 of 8 cables match"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links as on POSIX")
def test_index_names_the_links_out_of_the_folder_it_did_not_follow(
    small_folder: Path, cache_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link leading out of the folder is never followed: the summary says which, each
    time, so that a cable kept elsewhere and linked in is not missed in silence."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "99ELSEWHERE1.txt").write_text("not read")
    (small_folder / "linked.txt").symlink_to(outside / "99ELSEWHERE1.txt")
    (small_folder / "linked-folder").symlink_to(outside)
    argv = [str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]
    for _ in range(2):  # indexed, then unchanged
        assert index_main(argv) == 0
        out = capsys.readouterr().out
        assert out.startswith("8 cables indexed")
        assert ", 2 links out of the folder not followed: linked-folder, linked.txt)" in out


def test_a_cable_in_two_files_is_two_rows_each_naming_its_file(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same cable as a .txt in two places: a row each, the plain output naming the file
    under each row of the repeated ID (and no other), the JSON giving every row's file."""
    (original,) = small_folder.rglob("07PRAGUE497.txt")
    twin = small_folder / "again" / "07PRAGUE497.txt"
    twin.parent.mkdir()
    twin.write_bytes(original.read_bytes())
    first = original.relative_to(small_folder).as_posix()
    argv = [str(small_folder), "from:prague", "--sort", "id", "--cache-dir", str(cache_dir)]
    assert search_main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:5]] == [
        "07PRAGUE486", "07PRAGUE497", "file:", "07PRAGUE497", "file:"
    ]  # fmt: skip
    assert sorted(lines[2:5:2]) == sorted(["    file: again/07PRAGUE497.txt", f"    file: {first}"])
    assert lines[5:] == [
        "3 of 9 cables match",
        "1 ID is shown more than once: the same cable in several files of the folder, a row"
        " (and a count) for each file, named under its row; -copy:other (or --exclude"
        " copy=other) counts each cable once",
    ]
    # as it says: each cable once, the copy of the first file kept (both are texts alike)
    for once in (["from:prague -copy:other"], ["from:prague", "--exclude", "copy=other"]):
        assert search_main([str(small_folder), *once, "--sort", "id", "--cache-dir",
                            str(cache_dir)]) == 0  # fmt: skip
        lines = capsys.readouterr().out.splitlines()
        assert [line.split()[0] for line in lines] == ["07PRAGUE486", "07PRAGUE497", "2"]
        assert lines[-1] == "2 of 9 cables match"
    assert search_main([str(small_folder), "copy:other", "--cache-dir", str(cache_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "07PRAGUE497" and lines[-1] == "1 of 9 cables match"
    assert search_main([*argv, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert sorted((h["id"], h["file"]) for h in hits) == sorted(
        [("07PRAGUE486", hits[0]["file"]), ("07PRAGUE497", first),
         ("07PRAGUE497", "again/07PRAGUE497.txt")]
    )  # fmt: skip
    assert hits[0]["id"] == "07PRAGUE486" and hits[0]["file"].endswith("07PRAGUE486.txt")
    # an ID shown once names no file
    assert search_main([*argv[:1], "id:07PRAGUE486", *argv[2:]]) == 0
    assert "file:" not in capsys.readouterr().out


#: What a search of an indexed folder has no use for: the parser's reading of files, the
#: records it makes, their JSON, and the write side (a refresh loads them when one runs).
NOT_FOR_A_SEARCH = (
    "reader.parser.containers",
    "reader.parser.markings",
    "reader.model.records",
    "reader.model.jsonout",
    "reader.index.refresh",
    "reader.index.writer",
    "reader.index.workers",
    # the parser's IDs, posts and country codes (a word that may be an ID loads them), and
    # the annotations (a query or facet that asks for them)
    "reader.parser.ids",
    "reader.model.codes",
    "reader.annotate.annotations",
    # numpy, for the facet counts (search --facets, the window): 0.1-0.2 s to import
    "numpy",
    # what the start of a search did without (benchmarks/startup.py): dataclasses, which
    # imports inspect (7 ms; each frozen dataclass then took half a millisecond to define:
    # the records a search makes are reader.model.slotted's or NamedTuples), what the
    # index keeps of a parsed cable (rows.py and its CableRow dataclass), hashlib and its
    # OpenSSL (3 ms: database.index_path hashes with CPython's own SHA-256), calendar and
    # locale through it (2 ms: a date past the 28th loads it), platformdirs (3 ms; a
    # --cache-dir given), and the window
    "dataclasses",
    "inspect",
    "reader.index.rows",
    "hashlib",
    "_hashlib",
    "calendar",
    "platformdirs",
    "PySide6",
    "reader.ui",
)


def test_a_search_of_an_indexed_folder_loads_neither_the_parser_nor_the_writer(
    small_folder: Path, cache_dir: Path
) -> None:
    # folders written a while ago: their times are trusted (freshness.RACY_NS), so the
    # search looks at them and finds the folder unchanged, with no refresh
    for folder in [small_folder, *(p for p in small_folder.rglob("*") if p.is_dir())]:
        os.utime(folder, (time.time() - 100, time.time() - 100))
    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    code = (
        "import io, sys, contextlib\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    status = main(['search', {str(small_folder)!r}, 'beef OR minister',"
        f" '--cache-dir', {str(cache_dir)!r}])\n"
        "print(status, out.getvalue().splitlines()[-1])\n"
        f"print(sorted(m for m in {NOT_FOR_A_SEARCH!r} if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    answer, loaded = run.stdout.splitlines()
    assert answer == "0 5 of 8 cables match"
    assert loaded == "[]"


def test_index_json_ends_with_the_two_phases_times(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0", "--json"]
    assert index_main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert "searchable after" in out[0]  # the plain summary says it waited for both phases
    last = json.loads(out[-1])
    assert set(last) == {"files", "cables", "searchable_s", "complete_s", "words_s"}
    assert (last["files"], last["cables"]) == (8, 8)
    assert 0 < last["searchable_s"] <= last["complete_s"]
    assert last["words_s"] > 0  # the words' table made after the folder is complete
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        assert word_bits.current(index._view._conn)
    assert index_main(argv) == 0  # unchanged: no second phase, searchable when complete
    again = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert again["searchable_s"] == again["complete_s"]


def test_the_index_command_runs_the_second_phase_at_its_own_priority(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the command waits for both phases: its second phase is no background work, and
    # workers ten steps lower would get a tenth of a core beside any other busy program;
    # a refresh in the background (the window's) keeps them lower
    from reader.index import refresh
    from reader.index.workers import PHASE_TWO_NICE, Reparse

    niceness: list[int] = []
    in_process = refresh.parse_in_process

    def spy(tasks: Iterable[Task]) -> Iterator[list[Piece]]:
        for task in tasks:
            if isinstance(task, Reparse):
                niceness.append(task.nice)
            yield from in_process([task])

    monkeypatch.setattr(refresh, "parse_in_process", spy)
    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    assert niceness and set(niceness) == {0}
    niceness.clear()
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index._conn.execute("INSERT INTO pending SELECT key FROM cables")
        index.refresh(workers=0)
    assert niceness and set(niceness) == {PHASE_TWO_NICE} != {0}


def test_search_says_an_answer_on_a_second_phase_field_is_partial(
    small_folder: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as index:
        index.refresh(workers=0)
        # as a refresh cut short in its second phase leaves it: every cable still pending
        index._conn.execute("INSERT INTO pending SELECT key FROM cables")
    argv = [str(small_folder), "--cache-dir", str(cache_dir), "--no-refresh"]
    assert search_main([*argv, "marking:S"]) == 0
    captured = capsys.readouterr()
    assert "references of 8 cables are still being filled in" in captured.out
    assert "partial" in captured.err
    assert search_main([*argv, "tag:MNUC"]) == 0  # a header field: complete already
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "2 of 8 cables match"
    assert "partial" not in captured.err


def test_search_json_with_facets(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(small_folder), "beef", "--json", "--facets", "--limit", "1"]
    assert search_main([*argv, "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["count"], doc["total"], len(doc["hits"])) == (2, 8, 1)
    hit = doc["hits"][0]
    assert hit["id"] == "08BUENOSAIRES100"
    a, b = hit["matches"][0]
    assert hit["snippet"][a:b].lower() == "beef"
    assert doc["facets"]["year"] == [["2008", 1], ["2009", 1]]


def test_search_with_facet_selections(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(small_folder), "", "--include", "year=2007", "--exclude", "tag=MNUC", "--json"]
    assert search_main([*argv, "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 3


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert index_main([str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_a_folder_without_cables_is_named_with_what_is_read(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An answer of "0 of 0 cables match" once said nothing of why: the folder holds no
    cable file. Nor is it a success: a script must not go on as if the folder were indexed
    (parse and export exit 1 there; index and search exited 0)."""
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(b"\xff\xd8")
    assert index_main([str(folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 1
    err = capsys.readouterr().err
    assert f"No cables in {folder}: Cable Reader reads" in err and ".html, .txt" in err
    assert search_main([str(folder), "iran", "--cache-dir", str(cache_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "0 of 0 cables match"
    # the cause, not the word: "iran is in no cable of these" blamed the query
    assert captured.err == f"cable-reader: No cables in {folder}: {what_is_read()}.\n"
    assert search_main([str(folder), "iran", "--cache-dir", str(cache_dir), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["total"] == 0


def test_a_folder_or_file_none_of_which_can_be_read_says_so_and_fails(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two binary files named .txt, or a named pipe given as the file, were each named with
    their reason and then "No cables in ...: Cable Reader reads cable texts ... (.txt)",
    the wrong cause, and the command exited 0 as if the folder were indexed."""
    junk = tmp_path / "junk"
    junk.mkdir()
    for name in ("a.txt", "b.html"):
        (junk / name).write_bytes(bytes(range(256)) * 40)
    assert index_main([str(junk), "--cache-dir", str(cache_dir), "--workers", "0"]) == 1
    err = capsys.readouterr().err
    assert "a.txt: it is not text (binary data)\n" in err and "Cable Reader reads" not in err
    assert err.endswith(
        f"cable-reader: no cables in {junk}: of its 2 cable files, none could be read (see above)\n"
    )
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert index_main([str(pipe), "--cache-dir", str(cache_dir), "--workers", "0"]) == 1
    err = capsys.readouterr().err
    assert err.endswith(
        "pipe.txt: it is a named pipe (FIFO), not a regular file: not read\n"
        f"cable-reader: no cables in {pipe}: the file could not be read: it is a named pipe"
        " (FIFO), not a regular file: not read\n"
    )


def test_a_folder_with_cables_gets_no_folder_note_when_nothing_matches(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert search_main([str(small_folder), "zzyzx", "--cache-dir", str(cache_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "0 of 8 cables match"
    # the word's note, not the note of a folder without cables
    assert captured.err == "cable-reader: zzyzx is in no cable of these, so it matches nothing.\n"


def test_a_facet_value_chosen_that_no_cable_has_is_named(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--include tag=prel`` gave "0 of 8 cables match" and nothing else."""
    argv = [str(small_folder), "", "--cache-dir", str(cache_dir), "--include", "tag=prel"]
    assert search_main([*argv, "--json"]) == 0
    captured = capsys.readouterr()
    said = (
        "--include tag=prel: no cable of these has that TAGS value, so it matches nothing; the"
        " nearest: PREL"
    )
    assert json.loads(captured.out)["count"] == 0
    [note] = json.loads(captured.out)["notes"]
    assert note.startswith(said) and f"cable-reader: {note}\n" == captured.err


def test_a_search_of_a_file_that_cannot_be_read_says_why(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "iran" matched nothing and that Cable Reader reads .txt files, of pipe.txt
    (and exited 0)."""
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert search_main([str(pipe), "iran", "--cache-dir", str(cache_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "0 of 0 cables match\n"
    assert captured.err == (
        f"cable-reader: no cables in {pipe}: the file could not be read: it is a named pipe"
        " (FIFO), not a regular file: not read\n"
    )


def test_a_misspelt_word_is_named_with_the_words_most_like_it(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``minster`` gave "0 of 8 cables match" and nothing else; "minister" is in three."""
    argv = [str(small_folder), "--cache-dir", str(cache_dir)]
    assert search_main([*argv, '"prime minster" -zzyzx', "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert notes == [
        "minster is in no cable of these, so it matches nothing; the nearest words there are:"
        " minister, ministers, ministry."
    ]
    # a word some cable holds, a prefix, an ID and a word left out get no note
    assert search_main([*argv, "minister minist* 07PRAGUE497 08ROME1 -zzyzx"]) == 0
    assert capsys.readouterr().err == ""


def test_a_field_value_no_cable_has_is_named_on_stderr_and_in_the_json(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(small_folder), "tags:PRELL", "--cache-dir", str(cache_dir)]
    assert search_main(argv) == 0
    captured = capsys.readouterr()
    note = "tag:PRELL is no TAGS value of these cables, so it matches nothing; the nearest: PREL."
    assert captured.err == f"cable-reader: {note}\n"
    assert search_main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == [note]
    assert search_main([str(small_folder), "tags:PREL", "--cache-dir", str(cache_dir)]) == 0
    assert capsys.readouterr().err == ""


def test_an_excluded_value_no_cable_has_is_not_blamed_for_an_empty_answer(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-tag:zzzz zzyzx`` said tag:zzzz "matches nothing" beside the true cause, and so did
    ``-copy:other zzyzx`` of a folder that holds no cable twice."""
    argv = [str(small_folder), "--cache-dir", str(cache_dir)]
    word = "cable-reader: zzyzx is in no cable of these, so it matches nothing.\n"
    assert search_main([*argv, "-tag:zzzz zzyzx"]) == 0
    assert capsys.readouterr().err == (
        "cable-reader: tag:zzzz is no TAGS value of these cables, so excluding it leaves"
        " nothing out.\n" + word
    )
    # each cable once is never a mistake: no note, as a query term or a facet choice
    assert search_main([*argv, "NOT copy:other zzyzx"]) == 0
    assert capsys.readouterr().err == word
    assert search_main([*argv, "zzyzx", "--exclude", "copy=other"]) == 0
    assert capsys.readouterr().err == word
    assert search_main([*argv, "copy:other"]) == 0
    assert capsys.readouterr().err == (
        "cable-reader: copy:other matches nothing here: no cable of these is in more than one"
        " file of the folder.\n"
    )
    assert search_main([*argv, "zzyzx", "--exclude", "tag=zzzz"]) == 0
    assert capsys.readouterr().err == word + (
        "cable-reader: --exclude tag=zzzz: no cable of these has that TAGS value, so it leaves"
        " nothing out (values are matched exactly).\n"
    )


def test_a_negative_number_of_workers_is_a_usage_error(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "-3"])
    assert exited.value.code == 2
    assert "argument --workers: -3 is negative: give 0 or more" in capsys.readouterr().err
    assert not cache_dir.exists()


def test_bad_selection_is_a_usage_error(small_folder: Path, cache_dir: Path) -> None:
    with pytest.raises(SystemExit):
        search_main([str(small_folder), "x", "--include", "colour=red"])


def test_cables_without_an_id_are_named_by_their_file(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "jottings.txt").write_text("Some notes about beef, with no banner.\n")
    # a cables.csv row whose ID field is empty
    (folder / "cables.csv").write_text(
        '"1","5/7/2007 15:01","","Embassy Prague","UNCLASSIFIED","","",'
        '"Notes on beef from a row with no ID."\n'
    )
    argv = [str(folder), "beef", "--cache-dir", str(cache_dir), "--workers", "0"]
    assert search_main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    named = sorted(line for line in lines if line.startswith("(no ID) "))
    assert len(named) == 2
    assert named[0].startswith("(no ID) cables.csv row 1 2007-05-07 ")
    assert named[1].startswith("(no ID) notes/jottings.txt ----------")
    assert search_main([*argv, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert sorted((h["id"], h["file"], h["row"]) for h in hits) == [
        ("", "cables.csv", 1),
        ("", "notes/jottings.txt", None),
    ]


def test_a_broken_link_is_not_called_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cables").symlink_to(tmp_path / "unmounted")
    assert index_main([str(tmp_path / "cables")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"cable-reader: {tmp_path / 'cables'}: a broken link: what it points to"
        f" ({tmp_path / 'unmounted'}) does not exist\n"
    )
    assert search_main([str(tmp_path / "nope"), "x"]) == 2
    assert capsys.readouterr().err == f"cable-reader: {tmp_path / 'nope'}: no such file or folder\n"


def test_a_search_reads_its_first_page_without_keeping_every_score(
    small_folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # noqa: ANN001
    from reader.index import view

    assert index_main([str(small_folder), "--cache-dir", str(cache_dir), "--workers", "0"]) == 0
    capsys.readouterr()
    args = [str(small_folder), "minister", "--cache-dir", str(cache_dir), "--limit", "1"]
    assert search_main(args) == 0
    whole = capsys.readouterr().out
    # a head of one: the search command answers one query, so its first page comes from
    # the best-scored keys, and the scores of every match are never kept
    monkeypatch.setattr(view, "HEAD_KEPT", 1)

    def every_score(*args: object) -> None:
        raise AssertionError("every match scored")

    monkeypatch.setattr(view.IndexView, "_scores", every_score)
    assert search_main(args) == 0
    assert capsys.readouterr().out == whole


def test_an_empty_answer_of_parts_that_each_match_says_which_match_none_together(
    small_folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``prague tag:PREL year:2008`` said "0 of 8 cables match" and nothing else."""
    argv = [str(small_folder), "prague tag:PREL", "--cache-dir", str(cache_dir)]
    assert search_main([*argv, "--include", "year=2008", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["notes"] == [
        "No cable matches all of these together (each counted alone): prague (3), tag:PREL (5),"
        " year=2008 (2); prague and year=2008 together already match none."
    ]
    assert captured.err == "".join(
        f"cable-reader: {n}\n" for n in json.loads(captured.out)["notes"]
    )
    assert search_main([*argv, "--include", "year=2007"]) == 0  # an answer: no note
    assert capsys.readouterr().err == ""


def test_an_id_a_reference_a_subject_or_your_own_work_of_nothing_is_explained(
    small_folder: Path,
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``id:``, ``ref:``, ``citedby:``, ``subject:``, ``note:`` and ``label:`` of nothing
    printed only "0 of N cables match"; each now says why, on stderr and in the json."""
    from reader.annotate.annotations import DATA_DIR_ENV, Annotations, annotations_path

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    with contextlib.closing(Annotations.open(annotations_path())) as mine:
        mine.add_label(["07MOSCOW2200"], "brief")
    argv = [str(small_folder), "--cache-dir", str(cache_dir)]
    said = {
        "id:07PRAGEU497": "no cable of these has that ID; the nearest IDs: 07PRAGUE497",
        "ref:07MOSCOW2200": "07MOSCOW2200 is one of these cables, but none of them cites it",
        "citedby:07PRAGUE486": "07PRAGUE486 cites no cable (it has no references)",
        "citedby:07PRAGUE540": "07PRAGUE540 is not one of these cables, so what it cites is not"
        " known; the nearest IDs: 07PRAGUE497, 07PRAGUE486",
        "subject:gazprom": "no subject of these cables holds gazprom, but 1 cable has it in its"
        " text",
        "note:zzqx": "no note of yours on these cables holds zzqx",
        "label:breif": "you have no label breif; your labels: brief",
    }
    for query, why in said.items():
        assert search_main([*argv, query, "--json"]) == 0
        note = f"{query} matches nothing here: {why}."
        assert capsys.readouterr().err == f"cable-reader: {note}\n", query
        assert search_main([*argv, query, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["notes"] == [note]
    # a term that matches cables alone gets none: the parts' note says what empties it
    assert search_main([*argv, "subject:radar id:07PRAGUE497"]) == 0
    assert "matches nothing here" not in capsys.readouterr().err


def test_a_misspelt_facet_of_a_selection_names_the_nearest() -> None:
    """``--include tags=PREL`` (the query's tags: is tag:) listed every facet to read."""
    from reader.index.commands import facet_selection

    with pytest.raises(ValueError, match=r"\(tags is none: the nearest is tag\)$"):
        facet_selection("tags=PREL")
    with pytest.raises(ValueError, match=r"one of .*, note$"):
        facet_selection("author=smith")
    assert facet_selection("tag=CLINTON, HILLARY") == ("tag", "CLINTON, HILLARY")


def test_a_quoted_value_is_never_a_prefix(
    small_folder: Path,
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """label:br* asks every label starting br, label:"br*" the label named br* alone (it
    read as the prefix, so no term asked for that label); as for tag: and id:."""
    from reader.annotate.annotations import DATA_DIR_ENV, Annotations, annotations_path
    from reader.query.query import user_value_term

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    with contextlib.closing(Annotations.open(annotations_path())) as mine:
        mine.add_label(["07MOSCOW2200"], "br*")
        mine.add_label(["07PRAGUE497"], "brief")
    argv = [str(small_folder), "--cache-dir", str(cache_dir), "--json"]

    def found(query: str) -> list[str]:
        assert search_main([*argv, query, "--sort", "id"]) == 0, query
        return [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]

    assert user_value_term("label", "br*") == 'label:"br*"'
    assert found('label:"br*"') == ["07MOSCOW2200"]
    assert found("label:br*") == ["07MOSCOW2200", "07PRAGUE497"]
    assert found('label:"br*" OR label:brief') == ["07MOSCOW2200", "07PRAGUE497"]
    assert "07PRAGUE497" in found('-label:"br*"')
    # the fields of the index that take a prefix: quoted, the star is part of the value
    assert found("id:07PRAGUE49*") == ["07PRAGUE497"]
    assert found('id:"07PRAGUE49*"') == []
    tags = found("tag:PRE*")
    assert tags and found('tag:"PRE*"') == []


def test_a_label_of_any_name_is_asked_by_the_term_written_for_it(
    small_folder: Path,
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A label whose name held a quote (or a blank, a parenthesis, a backslash, a leading
    minus, a colon) could be chosen in the pane but asked by no term: the term the query
    field completes and the notes write finds its cables, and no other."""
    from reader.annotate.annotations import DATA_DIR_ENV, Annotations, annotations_path
    from reader.query.query import user_value_term

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    names = {'say "hi"': "07MOSCOW2200", "(draft) a\\b": "07PRAGUE497", "-urgent:now":
             "07PRAGUE486", 'say "hi" again': "07PRAGUE486"}  # fmt: skip
    with contextlib.closing(Annotations.open(annotations_path())) as mine:
        for name, cable in names.items():
            mine.add_label([cable], name)
    argv = [str(small_folder), "--cache-dir", str(cache_dir), "--json"]
    for name, cable in names.items():
        term = user_value_term("label", name)
        assert term is not None
        assert search_main([*argv, term]) == 0, term
        answer = json.loads(capsys.readouterr().out)
        assert [h["id"] for h in answer["hits"]] == [cable], term
        assert answer["notes"] == [], term
        assert search_main([*argv, f"-{term}", "--limit", "0"]) == 0
        assert json.loads(capsys.readouterr().out)["count"] == answer["total"] - 1, term
