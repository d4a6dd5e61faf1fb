"""``cable-reader export`` and ``batch-search`` on a team's corpus (a URL where a folder
goes): the same files and the same table as from the folder's own index.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from pathlib import Path

import pytest
from corpus_folders import SAMPLES

from reader.cli import main
from reader.team.pgstore import PgIndex


@pytest.fixture
def both(tmp_path: Path, pg_url: str) -> tuple[list[str], list[str]]:
    """The first arguments naming the sample folder (its index in a cache of the test's) and
    the same cables on the server."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    with PgIndex.open(pg_url) as index:
        index.refresh(folder)
    return [str(folder), "--cache-dir", str(tmp_path / "cache")], [pg_url]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "html"])
def test_export_takes_the_servers_url(
    fmt: str, both: tuple[list[str], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, server = both
    written = {}
    for name, first in (("folder", folder), ("server", server)):
        out = tmp_path / f"{name}.{fmt}"
        options = ["--format", fmt, "-o", str(out), "--sort", "id", "--include", "tag=PREL"]
        assert main(["export", *first[:1], "tag:PREL OR beef", *first[1:], *options]) == 0
        written[name] = out.read_text(encoding="utf-8")
        assert "matching cables to" in capsys.readouterr().out
    assert "03ANKARA2874" in written["server"] and "07PRAGUE512" not in written["server"]
    # the file's path is the only difference: the folder's index keeps it relative
    assert written["server"].replace(str(tmp_path / "cables") + "/", "") == written[
        "folder"
    ].replace(str(tmp_path / "cables") + "/", "")


def test_batch_search_takes_the_servers_url(
    both: tuple[list[str], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, server = both
    terms = tmp_path / "terms.txt"
    terms.write_text('missile\nbeef\n"machine tool"\nnosuchword\n', encoding="utf-8")
    # the folder's index whole first: the batch does not fill it (its second phase) while
    # it reads the words there are
    assert main(["index", *folder]) == 0
    capsys.readouterr()
    said = {}
    for name, first in (("folder", folder), ("server", server)):
        assert main(["batch-search", first[0], str(terms), "tag:PREL OR from:prague",
                     *first[1:], "--json"]) == 0  # fmt: skip
        said[name] = capsys.readouterr().out
    # the same rows; a word in no cable gets its nearest words from either
    assert said["server"] == said["folder"]
    counts = {d["term"]: d["cables"] for d in map(json.loads, said["server"].splitlines())}
    assert counts["nosuchword"] == 0 and counts['"machine tool"'] == 3


def test_a_server_that_cannot_be_reached_is_said_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nothing = tmp_path / "no-server-here"
    nothing.mkdir()
    url = f"postgresql://someone:s3cret@/db?host={nothing}"
    with pytest.raises(SystemExit) as ended:
        main(["export", url, "", "-o", str(tmp_path / "out.csv")])
    assert ended.value.code == 1
    err = capsys.readouterr().err
    assert "cannot reach the server" in err and "s3cret" not in err
    assert not (tmp_path / "out.csv").exists()


def test_search_on_the_server_gives_the_roles_own_facets_too(
    both: tuple[list[str], list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, [url] = both
    with PgIndex.open(url) as index, closing(index.annotations()) as store:
        store.set_starred(["07PRAGUE540", "07PRAGUE512"])
        store.add_label(["07PRAGUE540"], "follow up")
    assert main(["search", url, "from:prague", "--facets", "--json"]) == 0
    facets = json.loads(capsys.readouterr().out)["facets"]
    assert facets["starred"] == [["starred", 2]]
    assert facets["label"] == [["follow up", 1]]
    assert facets["read"] == [["unread", 2]]
