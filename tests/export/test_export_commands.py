"""reader/export/export_commands.py: the one writer of exports (replacing a file only when
complete, cancelling, progress) and what ``export`` and ``batch-search`` refuse and print.
The formats themselves are read back in tests/export/test_export.py and the window's use in
tests/ui/test_exporting.py."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.export.export_commands import (
    ExportCancelled,
    batch_main,
    describe_filter,
    export_main,
    output_problem,
    read_pack,
    replacing,
    write_export,
)
from reader.export.pack import Pack
from reader.index.scan import what_is_read
from reader.index.store import CorpusIndex
from reader.query.query import Filter


@pytest.fixture
def index(small_folder: Path, cache_dir: Path, tmp_path: Path) -> Iterator[CorpusIndex]:
    """The hand-made small folder (tests/support/handmade.py), indexed in this process."""
    with CorpusIndex.open(small_folder, cache_dir=cache_dir) as opened:
        opened.refresh(workers=0)
        opened.annotations_path = tmp_path / "data" / "annotations.sqlite3"
        yield opened


def test_replacing_renames_only_a_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("older", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(target) as part:
        assert part.parent == tmp_path and part.name.startswith(".out.csv.")
        part.write_text("half", encoding="utf-8")
        raise RuntimeError("the disk is full")
    assert target.read_text(encoding="utf-8") == "older"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no .part left
    with replacing(target) as part:
        part.write_text("newer", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_replacing_with_nothing_written_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("older", encoding="utf-8")
    with pytest.raises(FileNotFoundError), replacing(target):
        pass  # a writer that wrote nothing: the rename fails, the old file stays
    assert target.read_text(encoding="utf-8") == "older"


def test_the_new_file_gets_the_users_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with replacing(tmp_path / "out.csv") as part:
            part.write_text("x", encoding="utf-8")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0o600


def test_facet_choices_are_described_for_the_cover() -> None:
    f = Filter(
        "nuclear",
        include=frozenset({("tag", "PREL"), ("origin", "Embassy Prague")}),
        exclude=frozenset({("classification", "SECRET")}),
    )
    assert describe_filter(f) == [
        "origin = Embassy Prague",
        "tag = PREL",
        "classification ≠ SECRET",
    ]
    assert describe_filter(Filter("")) == []


def test_an_export_reports_each_cable_and_returns_how_many(
    index: CorpusIndex, tmp_path: Path
) -> None:
    f = Filter("")
    keys = index.keys(f)
    steps: list[tuple[int, int]] = []
    out = tmp_path / "all.csv"
    n = write_export(
        index, keys, f, "csv", out, total=len(keys), progress=lambda d, t: steps.append((d, t))
    )
    assert n == len(keys) > 3
    assert steps == [(i, len(keys)) for i in range(1, len(keys) + 1)]
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(keys) + 1


def test_a_cancelled_export_raises_and_leaves_the_older_file(
    index: CorpusIndex, tmp_path: Path
) -> None:
    f = Filter("")
    keys = index.keys(f)
    out = tmp_path / "all.jsonl"
    out.write_text("older\n", encoding="utf-8")
    done: list[int] = []
    with pytest.raises(ExportCancelled):
        write_export(
            index, keys, f, "jsonl", out, total=len(keys),
            progress=lambda d, _t: done.append(d), cancelled=lambda: len(done) >= 2,
        )  # fmt: skip
    assert done == [1, 2]  # stopped at the next cable
    assert out.read_text(encoding="utf-8") == "older\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_pdf_needs_a_writer_and_a_writers_steps_follow_the_reading(
    index: CorpusIndex, tmp_path: Path
) -> None:
    f = Filter("tag:PREL", include=frozenset({("tag", "PREL")}))
    keys = index.keys(f)[:2]
    with pytest.raises(ValueError, match="PySide6"):
        write_export(index, keys, f, "pdf", tmp_path / "x.pdf", total=2)
    got: list[Pack] = []
    steps: list[tuple[int, int]] = []

    def writer(pack: Pack, path: Path, *, cancelled, progress) -> None:  # noqa: ANN001
        got.append(pack)
        for done in range(1, 2 * len(pack.cables) + 1):
            progress(done, 2 * len(pack.cables))
        path.write_bytes(b"%PDF-fake")

    n = write_export(
        index, keys, f, "pdf", tmp_path / "x.pdf", total=7, pdf_writer=writer,
        progress=lambda d, t: steps.append((d, t)),
    )  # fmt: skip
    assert n == 2 and (tmp_path / "x.pdf").read_bytes() == b"%PDF-fake"
    (pack,) = got
    assert pack.total == 7 and pack.query == "tag:PREL" and pack.filters == ("tag = PREL",)
    # three steps a cable: read, counted, drawn, and never past the total
    assert [d for d, _ in steps] == list(range(1, 7)) and {t for _, t in steps} == {6}


def test_a_reading_pack_for_print_and_its_cancel(index: CorpusIndex) -> None:
    f = Filter("")
    keys = index.keys(f)[:3]
    pack = read_pack(index, keys, f, total=len(keys))
    assert len(pack.cables) == 3 and pack.total == 3
    with pytest.raises(ExportCancelled):
        read_pack(index, keys, f, total=3, cancelled=lambda: True)


def _export(tmp_path: Path, folder: Path, *args: str) -> list[str]:
    return [
        str(folder), *args, "-o", str(tmp_path / "out.csv"),
        "--cache-dir", str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["", "--limit", "-1"], "--limit must be 1 or more"),
        # a limit of 0 wrote a file of no cable (a CSV's header alone) over any older file,
        # and an empty --columns a CSV of empty lines, each with "wrote 2 of 2" and status 0
        (["", "--limit", "0"], "--limit must be 1 or more"),
        (["", "--columns", "id,nonsense"], "unknown column in 'id,nonsense'"),
        (["", "--columns", ""], "--columns names no column: choose from id, published_id,"),
        (["", "--columns", " , "], "--columns names no column"),
        (["", "--format", "pdf"], "PDF needs the window's libraries"),
        (["", "--include", "no-equals-sign"], ""),
    ],
)
def test_export_refuses_bad_options_before_indexing(
    tmp_path: Path,
    small_folder: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    said: str,
) -> None:
    with pytest.raises(SystemExit) as exited:
        export_main(_export(tmp_path, small_folder, *args))
    assert exited.value.code == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "cache").exists() and not (tmp_path / "out.csv").exists()


def test_export_of_a_missing_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        export_main(_export(tmp_path, tmp_path / "nowhere", ""))
    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith(f"cable-reader: {tmp_path / 'nowhere'}: ")


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ("folder/2005/out.csv", "is inside {folder}, the folder being read: Cable Reader never"),
        ("folder", "cannot write {folder}: it is a folder"),
        ("gone/out.csv", "cannot write {tmp}/gone/out.csv: the folder {tmp}/gone does not exist"),
    ],
)
def test_export_refuses_an_output_it_may_not_or_cannot_write_before_indexing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, said: str
) -> None:
    """A CSV written into the folder being read would be read as cables the next time; a
    missing folder once ended in a traceback after the whole folder was indexed."""
    folder = tmp_path / "folder"
    (folder / "2005").mkdir(parents=True)
    (folder / "2005" / "05PARIS1.txt").write_text("UNCLASSIFIED PARIS 000001\n")
    argv = [str(folder), "", "-o", str(tmp_path / output), "--cache-dir", str(tmp_path / "c")]
    with pytest.raises(SystemExit) as exited:
        export_main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert said.format(folder=folder, tmp=tmp_path) in err and err.startswith("cable-reader: ")
    assert not (tmp_path / "c").exists() and not (folder / "2005" / "out.csv").exists()


def test_output_problem_allows_a_file_beside_the_folder_and_any_for_a_server(
    tmp_path: Path,
) -> None:
    (tmp_path / "cables").mkdir()
    assert output_problem(tmp_path / "cables.csv", str(tmp_path / "cables")) is None
    assert output_problem(tmp_path / "out.csv", "postgresql:///team") is None
    # the very file being read (a cables.csv) was said to be "inside" itself, "the folder"
    assert output_problem(tmp_path / "x.csv", str(tmp_path / "x.csv")) == (
        f"{tmp_path / 'x.csv'} is the file being read: Cable Reader never writes over it; write"
        " the export to another file"
    )


def test_an_output_named_from_the_home_folder_is_written_there(
    tmp_path: Path,
    small_folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """-o '~/out.csv' (a ~ no shell expanded) passed the check before indexing, which read
    it as the home folder's, then failed to write: "cannot write ~/out.csv: No such file or
    directory", status 1, after the whole folder was indexed."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    argv = [str(small_folder), "tag:ECON", "-o", "~/out.csv", "--cache-dir",
            str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data")]  # fmt: skip
    assert export_main(argv) == 0
    assert capsys.readouterr().out.endswith(f" matching cables to {home / 'out.csv'}\n")
    assert (home / "out.csv").read_text(encoding="utf-8").startswith("ID,")


def test_export_says_how_many_of_how_many(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export_main(_export(tmp_path, small_folder, "tag:ECON", "--limit", "1")) == 0
    out = capsys.readouterr().out
    assert out.startswith("wrote 1 of ") and out.endswith(
        f" matching cables to {tmp_path / 'out.csv'}\n"
    )
    assert int(out.split()[3]) > 1


@pytest.mark.parametrize("name", ["brief.pdf", "brief.html", "brief.jsonl", "Brief.PDF"])
def test_export_without_a_format_writes_what_the_outputs_name_says(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """``export ... -o brief.pdf`` without --format wrote a CSV table named brief.pdf."""
    written: list[Path] = []

    def writer(pack: Pack, path: Path, **_options: object) -> None:
        written.append(path)
        path.write_bytes(b"%PDF-fake")

    out = tmp_path / name
    argv = [
        str(small_folder), "tag:ECON", "-o", str(out), "--limit", "2",
        "--cache-dir", str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data"),
    ]  # fmt: skip
    assert export_main(argv, pdf_writer=writer) == 0
    text = out.read_bytes().decode("utf-8")
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        assert written and text == "%PDF-fake"
    elif suffix == ".html":
        assert text.lstrip().lower().startswith("<!doctype html")
    else:
        assert [json.loads(line)["id"] for line in text.splitlines()][:1]
    assert "though its name" not in capsys.readouterr().err


def test_export_with_a_format_its_outputs_name_contradicts_says_so(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    argv = [
        str(small_folder), "tag:ECON", "-o", str(out), "--format", "csv",
        "--cache-dir", str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data"),
    ]  # fmt: skip
    assert export_main(argv) == 0
    assert out.read_text(encoding="utf-8").startswith("ID,")
    assert "writing csv into " + str(out) in capsys.readouterr().err


def test_csv_options_given_for_another_format_are_said_to_be_unused(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o pack.html --columns id`` wrote the pack as if --columns had not been given,
    saying nothing: the analyst's columns went nowhere."""
    argv = [
        str(small_folder), "tag:ECON", "-o", str(tmp_path / "pack.jsonl"), "--columns", "id",
        "--bom", "--cache-dir", str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data"),
    ]  # fmt: skip
    assert export_main(argv) == 0
    err = capsys.readouterr().err
    assert "cable-reader: --columns and --bom are for a CSV; a jsonl export has every field" in err
    argv[3] = str(tmp_path / "table.csv")
    assert export_main(argv) == 0
    assert "are for a CSV" not in capsys.readouterr().err


def _batch(tmp_path: Path, folder: Path, terms: Path, *args: str) -> list[str]:
    return [
        str(folder), str(terms), *args,
        "--cache-dir", str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data"),
    ]  # fmt: skip


def test_batch_search_refuses_an_empty_or_unreadable_list(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "terms.txt"
    empty.write_text("\n   \n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        batch_main(_batch(tmp_path, small_folder, empty))
    assert exited.value.code == 2 and "holds no terms" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        batch_main(_batch(tmp_path, small_folder, tmp_path / "missing.txt"))
    assert exited.value.code == 2 and "cannot read the terms" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # one output at a time
        batch_main(_batch(tmp_path, small_folder, empty, "--json", "--csv"))


def test_batch_search_prints_a_line_a_term_or_a_table(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    terms = tmp_path / "terms.txt"
    terms.write_text("tag:PREL\nzzznothing\n", encoding="utf-8")
    assert batch_main(_batch(tmp_path, small_folder, terms)) == 0
    found, nothing = capsys.readouterr().out.splitlines()
    count, span = found.split()[:2]
    assert int(count) > 0 and span[:4].isdigit() and ".." in span and "tag:PREL" in found
    assert nothing.split()[:3] == ["0", "no", "cables"] and nothing.endswith("zzznothing  []")
    assert batch_main(_batch(tmp_path, small_folder, terms, "--csv", "--no-refresh")) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[0] for row in table] == ["Term", "tag:PREL", "zzznothing"]
    assert int(table[1][2]) == int(count) and table[2][2] == "0"


def _batch_json(
    tmp_path: Path, folder: Path, terms: str, capsys: pytest.CaptureFixture[str]
) -> tuple[list[dict], str]:
    """``batch-search --json`` of these terms (one a line): its rows, and its stderr."""
    path = tmp_path / "terms.txt"
    path.write_text(terms, encoding="utf-8")
    assert batch_main(_batch(tmp_path, folder, path, "--json")) == 0
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_batch_search_says_which_terms_do_not_mean_what_they_seem(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reversed date range gave a silent 0, and "class:" every cable, in its row."""
    rows, err = _batch_json(tmp_path, small_folder, "tag:PREL\ndate:2010..2005\nclass:\n", capsys)
    assert err.splitlines() == [
        "cable-reader: in the terms: date:2010..2005 ends before it begins, so it matches"
        " nothing: write date:2005..2010.",
        "cable-reader: in the terms: class: has no value after it, so it is left out: write"
        ' the value right after the colon (class:VALUE, or class:"two words").',
    ]
    assert rows[0]["notes"] == [] and rows[1]["notes"][0].startswith("date:2010..2005 ends")
    assert rows[2]["notes"][0].startswith("class: has no value")


def test_batch_search_and_export_name_a_field_value_no_cable_has(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``tag:PRELL`` gave a silent 0 in its row, and an export of it an empty file."""
    rows, err = _batch_json(tmp_path, small_folder, "tag:PREL\ntag:PRELL\nis:stared\n", capsys)
    assert rows[0]["notes"] == []
    assert rows[1]["notes"] == [
        "tag:PRELL is no TAGS value of these cables, so it matches nothing; the nearest: PREL."
    ]
    assert rows[2]["notes"] == [
        "is:stared matches nothing: write is:starred, is:unstarred, is:read or is:unread."
    ]
    assert err.count("tag:PRELL is no TAGS value") == 1
    out = tmp_path / "out" / "x.csv"
    out.parent.mkdir()
    argv = [str(small_folder), "tag:PRELL", "-o", str(out), "--cache-dir", str(tmp_path / "c")]
    assert export_main(argv) == 1  # nothing matched: nothing written
    assert "tag:PRELL is no TAGS value of these cables" in capsys.readouterr().err
    assert not out.exists()


def test_an_export_that_fails_to_write_says_why_without_a_traceback(
    tmp_path: Path,
    small_folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*_args: object, **_kw: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.export.export_commands.write_export", full)
    with pytest.raises(SystemExit) as exited:
        export_main(_export(tmp_path, small_folder, "tag:ECON"))
    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        f"cable-reader: cannot write {tmp_path / 'out.csv'}: No space left on device\n"
    )


def test_batch_search_and_export_say_which_parts_of_an_empty_answer_match_none_together(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``prague year:2008`` gave a silent 0 in its row, and an export of it an empty file."""
    rows, _ = _batch_json(tmp_path, small_folder, "prague\nprague year:2008\n", capsys)
    note = "No cable matches all of these together (each counted alone): prague (3), year:2008 (2)."
    assert rows[0]["notes"] == [] and rows[1]["notes"] == [note]
    out = tmp_path / "out" / "x.csv"
    out.parent.mkdir()
    argv = [str(small_folder), "prague", "-o", str(out), "--cache-dir", str(tmp_path / "c")]
    assert export_main([*argv, "--include", "year=2008"]) == 1
    assert capsys.readouterr().err == (
        "cable-reader: No cable matches all of these together (each counted alone): prague (3),"
        f" year=2008 (2).\ncable-reader: no cable matches the query: nothing written to {out}\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "html"])
def test_an_export_of_a_query_that_matches_nothing_says_so_writes_nothing_and_exits_1(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Not an empty file and status 0: the analyst is told why, as search tells it, and an
    older file of that name is left as it was."""
    out = tmp_path / "out.csv"
    out.write_text("older", encoding="utf-8")
    argv = _export(tmp_path, small_folder, "zzqqxxnothing", "--format", fmt)
    assert export_main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert "cable-reader: zzqqxxnothing is in no cable of these, so it matches nothing." in err
    assert err[-1] == f"cable-reader: no cable matches the query: nothing written to {out}"
    assert out.read_text(encoding="utf-8") == "older"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_an_export_of_a_folder_without_cables_says_why_as_search_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export_main(_export(tmp_path, empty, "")) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"cable-reader: No cables in {empty}: Cable Reader reads cable")
    assert err[-1].startswith("cable-reader: no cable matches the query: nothing written")
    assert not (tmp_path / "out.csv").exists()
    # a word is not blamed for it ("iran is in no cable of these, so it matches nothing")
    assert export_main(_export(tmp_path, empty, "iran")) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith(f"cable-reader: No cables in {empty}:")


def test_a_batch_search_of_a_folder_without_cables_says_why_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It gave each term "0 no cables", blamed the term's word, and exited 0."""
    empty = tmp_path / "empty"
    empty.mkdir()
    terms = tmp_path / "terms.txt"
    terms.write_text("iran\ntag:PREL\n", encoding="utf-8")
    assert batch_main(_batch(tmp_path, empty, terms)) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"cable-reader: No cables in {empty}: {what_is_read()}."]
    assert captured.out == ""


def test_a_long_export_says_how_far_it_is_on_stderr(
    tmp_path: Path,
    small_folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every cable is read and parsed again: 100,000 of them took three and a half minutes
    of silence. Past a moment (here at once) a line says how far it is, a line every few
    seconds where stderr is no terminal (here each step)."""
    monkeypatch.setattr("reader.export.export_commands.PROGRESS_AFTER_S", 0.0)
    monkeypatch.setattr("reader.export.export_commands.PROGRESS_LOG_S", 0.0)
    assert export_main(_export(tmp_path, small_folder, "")) == 0
    said = capsys.readouterr()
    cables = int(said.out.split()[1])
    assert cables > 2
    lines = said.err.splitlines()
    assert lines == [f"exporting {cables} cables: {n / cables:.0%}" for n in range(1, cables + 1)]


def test_an_output_that_is_no_regular_file_is_refused_and_left_as_it_is(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export is written under a new name, then renamed to the name given: `-o /dev/full`
    once put a regular file in the device's place and said "wrote 6 of 6 matching cables".
    (Checked on a named pipe made here: the code before would replace a device too.)"""
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    argv = [str(small_folder), "", "-o", str(pipe), "--cache-dir", str(tmp_path / "cache")]
    with pytest.raises(SystemExit) as exited:
        export_main(argv)
    assert exited.value.code == 2
    assert capsys.readouterr().err == (
        f"cable-reader: cannot write {pipe}: it is a named pipe, not a file, and an export takes"
        " the place of the file it is given; give the name of a file to write\n"
    )
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert output_problem(Path("/dev/full"), None) == (
        "cannot write /dev/full: it is a device, not a file, and an export takes the place of"
        " the file it is given; give the name of a file to write"
    )
    assert output_problem(tmp_path / "new.csv", None) is None


def test_the_plain_output_of_a_batch_names_each_terms_label(
    tmp_path: Path, small_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV's labels came in --csv and --json, and were left out of the plain output."""
    path = tmp_path / "terms.csv"
    path.write_text("term,label\ntag:PREL,relations\ntag:ECON,\n", encoding="utf-8")
    assert batch_main(_batch(tmp_path, small_folder, path)) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2
    assert " tag:PREL  (label: relations)  [" in rows[0]
    assert " tag:ECON  [" in rows[1] and "label" not in rows[1]
