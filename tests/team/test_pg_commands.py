"""reader/team/pg_commands.py: ``cable-reader index FOLDER --store postgresql://...`` and
``cable-reader search postgresql://... QUERY`` on a test database (tests/pg_server.py)."""

import json
import shutil
from pathlib import Path

import pytest

from reader.index.commands import index_main, search_main
from reader.team.pg_commands import pg_index_main, pg_search_main
from reader.team.pgstore import PgIndex

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """Three cables of the samples' first thread: a folder that indexes in a moment."""
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in ("07PRAGUE540.txt", "07PRAGUE512.txt", "07STATE58211.txt"):
        shutil.copy(SAMPLES / "2007" / name, folder)
    assert len(list(folder.iterdir())) == 3
    return folder


def _json(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out)


def test_indexing_says_what_it_read_and_again_adds_nothing(
    pg_url: str, sample_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pg_index_main([str(sample_folder), "--store", pg_url, "--json"]) == 0
    first = _json(capsys)
    assert first == {"files": 3, "cables": 3, "new": 3}
    assert pg_index_main([str(sample_folder), "--store", pg_url]) == 0
    out = capsys.readouterr().out
    assert out.endswith("0 new cables; 3 in the corpus\n") and " files read, " in out


def test_search_answers_as_the_folder_search_does(
    pg_url: str, sample_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pg_index_main([str(sample_folder), "--store", pg_url])
    capsys.readouterr()
    assert pg_search_main([pg_url, "", "--json", "--facets", "--limit", "2"]) == 0
    doc = _json(capsys)
    assert (doc["count"], doc["total"], len(doc["hits"])) == (3, 3, 2)
    assert sum(n for _, n in doc["facets"]["year"]) == 3
    assert pg_search_main([pg_url, "", "--json", "--sort", "id", "--descending"]) == 0
    ids = [h["id"] for h in _json(capsys)["hits"]]
    assert ids == sorted(ids, reverse=True)
    assert pg_search_main([pg_url, "zzzznothingmatches", "--json"]) == 0
    nothing = _json(capsys)
    assert nothing["count"] == 0 and nothing["hits"] == [] and "facets" not in nothing
    assert pg_search_main([pg_url, "", "--limit", "0"]) == 0
    assert capsys.readouterr().out.strip().startswith("3 of 3 cables match")


def test_search_says_what_a_query_does_not_mean_as_the_folder_search_does(
    pg_url: str, sample_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reversed date range and a TAGS value no cable has gave a silent 0 on a server."""
    pg_index_main([str(sample_folder), "--store", pg_url])
    capsys.readouterr()
    with PgIndex.open(pg_url) as index:
        tags = sorted(v for _, v in index.values("tag"))
    typo = tags[0] + "QQ"
    assert pg_search_main([pg_url, f"date:2009..2007 tag:{typo}", "--json"]) == 0
    captured = capsys.readouterr()
    notes = json.loads(captured.out)["notes"]
    assert notes[0].startswith("date:2009..2007 ends before it begins")
    assert notes[1].startswith(f"tag:{typo} is no TAGS value of these cables")
    assert captured.err.splitlines() == [f"cable-reader: {n}" for n in notes]
    assert pg_search_main([pg_url, f"tag:{tags[0]} starred-by:me", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == []  # a team's corpus knows who


def test_copy_other_on_a_teams_corpus_says_it_keeps_each_cable_once(
    pg_url: str, sample_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``copy:other`` on a team's corpus got the generic "is no Copies value of these
    cables", and ``-copy:other`` (each cable once, as the corpus keeps them) was said to
    match nothing; an excluded TAGS value no cable has was blamed for an empty answer."""
    pg_index_main([str(sample_folder), "--store", pg_url])
    capsys.readouterr()
    once = (
        "copy:other matches nothing here: a team's corpus keeps each cable once, with every"
        " file it was read from."
    )
    assert pg_search_main([pg_url, "copy:other", "--json"]) == 0
    assert _json(capsys)["notes"] == [once]
    assert pg_search_main([pg_url, "", "--include", "copy=other", "--json"]) == 0
    assert _json(capsys)["notes"] == ["--include " + once.replace(":other", "=other")]
    word = "zzyzx is in no cable of these, so it matches nothing."
    for argv in (["-copy:other zzyzx"], ["zzyzx", "--exclude", "copy=other"]):
        assert pg_search_main([pg_url, *argv, "--json"]) == 0
        assert _json(capsys)["notes"] == [word], argv
    assert pg_search_main([pg_url, "-tag:ZZZZ zzyzx", "--json"]) == 0
    excluded, said = _json(capsys)["notes"]
    assert said == word
    assert excluded.startswith(
        "tag:ZZZZ is no TAGS value of these cables, so excluding it leaves nothing out; the"
        " values there are: "
    )


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("tag:AE from:prague", []),  # each part matches some cables, none together
        ("tag:AE", ["--include", "classification=CONFIDENTIAL"]),
        ("prague zzyzx", []),  # a word no cable holds
        ("prague goverment", []),  # ... and one like words there are
        ("prague", ["--include", "tag=etc"]),  # a facet value no cable has
    ],
)
def test_an_empty_answer_gets_the_notes_a_folders_search_gives(
    pg_url: str,
    sample_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    query: str,
    options: list[str],
) -> None:
    """A word no cable holds, an --include value none has and parts that match none
    together gave a silent 0 on a server."""
    pg_index_main([str(sample_folder), "--store", pg_url])
    capsys.readouterr()
    cache = ["--cache-dir", str(tmp_path / "cache")]
    # the folder's index whole first: the search does not fill it (its second phase) while
    # it reads the words there are
    assert index_main([str(sample_folder), *cache]) == 0
    capsys.readouterr()
    assert search_main([str(sample_folder), query, *options, *cache, "--json"]) == 0
    folder = json.loads(capsys.readouterr().out)
    assert pg_search_main([pg_url, query, *options, "--json"]) == 0
    captured = capsys.readouterr()
    team = json.loads(captured.out)
    assert folder["count"] == team["count"] == 0
    assert len(team["notes"]) == 1
    # the same notes, a word's nearest words too
    assert team["notes"] == folder["notes"]
    assert captured.err == f"cable-reader: {team['notes'][0]}\n"


def test_a_negative_limit_is_refused_before_connecting() -> None:
    with pytest.raises(SystemExit) as exited:
        pg_search_main(["postgresql:///never-asked", "", "--limit", "-1"])
    assert exited.value.code == 2


def test_a_server_that_cannot_be_reached_is_said_plainly(
    tmp_path: Path, sample_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a socket folder with no server in it: nothing leaves the machine
    url = f"postgresql:///nowhere?host={tmp_path / 'no-server'}"
    assert pg_index_main([str(sample_folder), "--store", url]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("cable-reader: ") and "Traceback" not in err
    assert pg_search_main([url, "x"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("cable-reader: ")


def test_the_store_is_required_to_index(sample_folder: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        pg_index_main([str(sample_folder)])
    assert exited.value.code == 2


def test_search_facets_on_the_server_say_the_copies_facet_is_not_kept_not_empty(
    pg_url: str, sample_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A team's corpus keeps each cable once: no Copies facet, said so, never shown as a
    facet no cable has a value of (the window offers no such group either)."""
    pg_index_main([str(sample_folder), "--store", pg_url])
    capsys.readouterr()
    assert pg_search_main([pg_url, "", "--facets", "--limit", "0"]) == 0
    out = capsys.readouterr().out
    assert "copy: no cable has one" not in out
    assert ("copy: not kept here: a team's corpus keeps each cable once, with every file it"
            " was read from") in out.splitlines()  # fmt: skip
    assert pg_search_main([pg_url, "", "--facets", "--json", "--limit", "0"]) == 0
    facets = _json(capsys)["facets"]
    assert "copy" not in facets and sum(n for _, n in facets["year"]) == 3
