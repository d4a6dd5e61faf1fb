"""The command line over a hostile folder: nothing crashes, every bad file is named once."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

import pytest
from hostile import tree_digest

from reader.cli import main, shown


def test_parse_over_the_hostile_folder(hostile, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    before = tree_digest(hostile.root)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = main(["parse", "--json", str(hostile.root)])
    out, err = capsys.readouterr()
    assert status == 1
    cables = [json.loads(line) for line in out.splitlines()]
    assert len(cables) == hostile.good_cables
    assert not any("OUTSIDE THE FOLDER" in (c["subject"] or "") for c in cables)
    # each bad file once, named, with its reason
    lines = err.splitlines()
    for rel, reason in hostile.bad.items():
        named = [
            ln for ln in lines if ln.startswith(f"cable-reader: {shown(hostile.root / rel)}: ")
        ]
        assert len(named) == 1, (rel, lines)
        assert reason in named[0]
    assert len(lines) == len(hostile.bad)
    # the folder is unchanged, and memory stayed bounded despite the 300 MB file
    assert tree_digest(hostile.root) == before
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 250


def test_the_page_is_data(hostile, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", "--json", str(hostile.root / "good" / "page.html")]) == 0
    [page] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert page["id"] == "07PRAGUE777"
    text = json.dumps(page)
    assert "alert" not in text and "tracker" not in text and "<script" not in text


def test_broken_csv_row_keeps_the_others(hostile, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", "--json", str(hostile.root / "good" / "csv" / "cables.csv")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["source"]["row"] for r in rows] == [1, 2, 3, 4]
    assert [r["id"] for r in rows if not r["problems"]] == [
        "07PRAGUE501",
        "07PRAGUE503",
        "07PRAGUE504",
    ]
    assert rows[1]["problems"][0]["code"] == "csv-row"


def test_a_file_deleted_between_listing_and_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "07STATE1.txt").write_text("UNCLAS STATE 000001\n\n1. (U) Text.\n")
    (tmp_path / "07STATE2.txt").write_text("UNCLAS STATE 000002\n\n1. (U) Text.\n")
    import reader.cli as cli

    real = cli.cable_files

    def listing_then_delete(paths):  # type: ignore[no-untyped-def]
        files = list(real(paths))
        (tmp_path / "07STATE1.txt").unlink()
        yield from files

    monkeypatch.setattr(cli, "cable_files", listing_then_delete)
    assert main(["parse", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    gone = tmp_path / "07STATE1.txt"
    assert err == f"cable-reader: {gone}: the file disappeared before it could be read\n"
    assert out.startswith("07STATE2 ")


def test_read_only_folder_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ro"
    root.mkdir()
    for p in (Path(__file__).resolve().parents[1] / "resources" / "samples").rglob("*.txt"):
        (root / p.name).write_bytes(p.read_bytes())
    before = tree_digest(root)
    for p in [root, *root.iterdir()]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        assert main(["parse", "--json", str(root)]) == 0
    finally:
        for p in [*root.iterdir(), root]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    assert tree_digest(root) == before
    assert os.listdir(root)


CABLE_TEXT = "UNCLAS STATE 000001\n\nTAGS: PREL\nSUBJECT: A CABLE\n\n1. (U) Text.\n"


def _parse(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["parse", *map(str, paths)])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_fifo_in_the_folder_is_skipped_and_never_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "07STATE1.txt").write_text(CABLE_TEXT)
    os.mkfifo(tmp_path / "x.txt")  # opening it to read would wait for a writer for ever
    status, out, err = _parse([tmp_path], capsys)
    assert (status, err) == (0, "")
    assert out.startswith("07STATE1 ")


def test_a_fifo_named_or_swapped_in_after_the_listing_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    status, out, err = _parse([tmp_path / "pipe.txt"], capsys)
    assert (status, out) == (1, "")
    fifo = "it is a named pipe (FIFO), not a regular file: not read"
    assert err == f"cable-reader: {tmp_path / 'pipe.txt'}: {fifo}\n"
    folder = tmp_path / "folder"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"07STATE{n}.txt").write_text(CABLE_TEXT.replace("000001", f"00000{n}"))
    import reader.cli as cli

    real = cli.cable_files

    def listing_then_swap(paths):  # type: ignore[no-untyped-def]
        files = list(real(paths))
        (folder / "07STATE1.txt").unlink()
        os.mkfifo(folder / "07STATE1.txt")
        yield from files

    monkeypatch.setattr(cli, "cable_files", listing_then_swap)
    status, out, err = _parse([folder], capsys)
    assert status == 1
    assert err == f"cable-reader: {folder / '07STATE1.txt'}: {fifo}\n"
    assert out.startswith("07STATE2 ")


def test_a_file_swapped_for_a_fifo_between_the_check_and_the_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The type is checked on what was opened, and the open itself does not wait."""
    from reader.parser import containers

    path = tmp_path / "07STATE1.txt"
    path.write_text(CABLE_TEXT)
    real_stat = os.stat
    swapped = []

    def stat_then_swap(p, *args, **kwargs):  # type: ignore[no-untyped-def]
        st = real_stat(p, *args, **kwargs)
        if Path(p) == path and not swapped:
            swapped.append(path)
            path.unlink()
            os.mkfifo(path)
        return st

    monkeypatch.setattr(os, "stat", stat_then_swap)
    with pytest.raises(containers.UnreadableFile, match="named pipe"):
        list(containers.read_cables(path))


def test_a_folder_nested_1200_levels_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path
    for _ in range(1200):  # one by one: Path.mkdir(parents=True) recurses too
        deep = deep / "d"
        deep.mkdir()
    (deep / "07STATE1.txt").write_text(CABLE_TEXT)
    (tmp_path / "07STATE2.txt").write_text(CABLE_TEXT.replace("000001", "000002"))
    try:
        status, out, err = _parse([tmp_path], capsys)
    finally:
        # removed here, bottom up: pytest's own clean-up (shutil.rmtree) recurses too
        while deep != tmp_path:
            for entry in deep.iterdir():
                entry.unlink()
            deep.rmdir()
            deep = deep.parent
    assert (status, err) == (0, "")
    assert [line.split()[0] for line in out.splitlines() if line[:1].isalnum()] == [
        "07STATE2",
        "07STATE1",
    ]


def test_a_binary_file_named_txt_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import random

    # random bytes that the old test (more than 10% control bytes) took for text
    for n, (seed, size) in enumerate([(2, 300), (3, 2_000), (62, 8_192)]):
        (tmp_path / f"random{n}.txt").write_bytes(random.Random(seed).randbytes(size))
    status, out, err = _parse([tmp_path], capsys)
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f"cable-reader: {tmp_path / f'random{n}.txt'}: it is not text (binary data)"
        for n in range(3)
    ]


def test_a_binary_file_named_csv_is_refused_not_read_as_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A program copied as c.csv was some 195 junk cables, exit 0: it is refused as any
    binary file is, and a real cables.csv beside it still reads."""
    import random

    (tmp_path / "c.csv").write_bytes(random.Random(5).randbytes(40_000))
    (tmp_path / "07STATE1.txt").write_text(CABLE_TEXT)
    status, out, err = _parse([tmp_path], capsys)
    assert status == 1
    assert err.splitlines() == [f"cable-reader: {tmp_path / 'c.csv'}: it is not text (binary data)"]
    assert [line.split()[0] for line in out.splitlines() if line[:1].isalnum()] == ["07STATE1"]


def test_a_folder_that_cannot_be_listed_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "07STATE1.txt").write_text(CABLE_TEXT)
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "07STATE2.txt").write_text(CABLE_TEXT.replace("000001", "000002"))
    real_os_open = os.open
    locked = {tmp_path / "locked", tmp_path}

    def guarded(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(path, str | os.PathLike) and Path(path) in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)  # root lists anything; a user gets this
    locked.discard(tmp_path)
    status, out, err = _parse([tmp_path], capsys)
    assert status == 1
    denied = "cannot list the folder: permission denied"
    assert err == f"cable-reader: {tmp_path / 'locked'}: {denied}\n"
    assert out.startswith("07STATE2 ")
    locked.add(tmp_path)  # the folder named on the command line itself
    status, out, err = _parse([tmp_path], capsys)
    assert (status, out) == (1, "")
    assert err == f"cable-reader: {tmp_path}: {denied}\n"


def test_a_broken_link_and_a_missing_path_each_say_what_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "07STATE1.txt").write_text(CABLE_TEXT)
    (tmp_path / "folder" / "gone.txt").symlink_to("nowhere.txt")
    (tmp_path / "named.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    status, out, err = _parse(
        [tmp_path / "folder", tmp_path / "named.txt", tmp_path / "missing", tmp_path / "loop.txt"],
        capsys,
    )
    assert status == 1
    assert out.startswith("07STATE1 ")
    assert err.splitlines() == [
        f"cable-reader: {tmp_path / 'folder' / 'gone.txt'}: a broken link: what it points to"
        " (nowhere.txt) does not exist",
        f"cable-reader: {tmp_path / 'named.txt'}: a broken link: what it points to"
        f" ({tmp_path / 'nowhere.txt'}) does not exist",
        f"cable-reader: {tmp_path / 'missing'}: no such file or folder",
        f"cable-reader: {tmp_path / 'loop.txt'}: a link that leads back to itself"
        " (a loop of links)",
    ]


def test_a_cable_without_an_id_is_named_by_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "jottings.txt").write_text("Some notes with no banner at all.\n")
    status, out, err = _parse([tmp_path], capsys)
    assert (status, err) == (0, "")
    assert out.splitlines()[0].startswith(f"(no ID) {tmp_path / 'jottings.txt'}  date unknown")


def _big_cable(number: int) -> str:
    # a cable over the size from which `parse` reads a file where it can be stopped
    paragraph = " ".join(("ALPHA", "BRAVO", "CHARLIE")[i % 3] for i in range(2_000))
    return f"SECRET PRAGUE {number:06d}\nSUBJECT: BIG\n\n" + "".join(
        f"\n\n{n}. (S) {paragraph}" for n in range(1, 11)
    )


def test_a_big_file_is_parsed_apart_with_the_same_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.index import workers

    (tmp_path / "07PRAGUE9001.txt").write_text(_big_cable(9001))
    (tmp_path / "07PRAGUE9002.txt").write_text(_big_cable(9002)[:3000])
    assert (tmp_path / "07PRAGUE9001.txt").stat().st_size >= workers.WATCHED_BYTES
    assert main(["parse", "--json", str(tmp_path)]) == 0
    apart = capsys.readouterr().out
    monkeypatch.setattr(workers, "WATCHED_BYTES", 1 << 30)  # every file read here
    assert main(["parse", "--json", str(tmp_path)]) == 0
    assert capsys.readouterr().out == apart
    big, small = (json.loads(line) for line in apart.splitlines())
    assert (big["id"], small["id"]) == ("07PRAGUE9001", "07PRAGUE9002")
    assert len(big["paragraphs"]) == 10 and big["paragraphs"][9]["marking"] == "S"


def test_a_file_that_takes_too_long_is_stopped_and_the_rest_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # no time at all for a big file: its worker process is stopped at once
    from reader.index import workers

    monkeypatch.setattr(workers, "FILE_SECONDS", 0.0)
    monkeypatch.setattr(workers, "FILE_SECONDS_PER_MB", 0.0)
    (tmp_path / "a_big.txt").write_text(_big_cable(9001))
    (tmp_path / "b_big.txt").write_text(_big_cable(9002))
    (tmp_path / "c_small.txt").write_text("UNCLAS PRAGUE 000500\nSUBJECT: SMALL\n\n1. (U) Row.\n")
    assert main(["parse", "--json", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["subject"] for line in captured.out.splitlines()] == ["SMALL"]
    for name in ("a_big.txt", "b_big.txt"):  # each stopped; a new process for the second
        assert f"{name}: parsing it took longer than 0 s: stopped" in captured.err
