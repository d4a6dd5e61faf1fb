"""The store contract: the PostgreSQL store answers every query, sort and facet selection as
the SQLite index does, over the same folders; several indexers at once double nothing.

Needs a PostgreSQL server (tests/pg_server.py says which, and what happens without one).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from corpus_folders import SAMPLES
from handmade import ONCE, RANKED, SUBJECT, write_folder
from pg_server import roles, server_away, two_indexers_at_once

from reader.index.index_protocol import Index, ReadOnly
from reader.index.store import CorpusIndex
from reader.parser.containers import read_cables
from reader.query.query import TEAM_FACETS, FacetValue, Filter
from reader.team.pg_changes import COUNTED_TABLES

REPO = Path(__file__).resolve().parents[2]


QUERIES = [
    "",
    "missile",
    "MISSILE",
    '"prime minister"',
    '"minister prime"',
    "minist*",
    "beef -whaling",
    "beef NOT whaling",
    "beef OR radar",
    "putin -tag:ECON",
    "-putin -beef -radar",
    "whaling OR -tag:JA",
    "(from:tokyo OR from:prague) beef",
    "U.S.",
    "id:07PRAGUE497",
    "id:07prague*",
    'from:"buenos aires"',
    "class:secret",
    "class:U",
    "class:SBU",
    "tag:EC*",
    "tag:ec*",
    "handling:sip*",
    "tag:PREL -class:secret",
    "tag:ECON OR class:S",
    "ref:07PRAGUE497",
    "citedby:07MOSCOW2111",
    "marking:S//NF",
    "marking:NF",
    "date:2007-05..2007-06",
    "date:2007-05-05..2007-05-31",
    "date:..2007-05-03",
    "date:2009-12..",
    "year:2008",
    "precedence:imm",
    "precedence:imm*",
    "handling:NOFORN",
    "subject:radar",
    "subject:rada*",  # a prefix's star, and accents the subjects are written without
    "subject:rádar",
    'from:"buenos aírés"',  # a post typed with accents
    "problem:*",
    "nuclear",
    "export*",
    '"machine tool"',
    '"the prime minister"',  # three words: the pairs' index, then each candidate's vector
    '"met the prime minister"',
    'minister -"prime minister"',
    '"prime minister" OR "machine tool"',
    '"minister minister"',
]
SORTS = [(s, d) for s in ("date", "id", "origin", "classification") for d in (False, True)]


def _team(facets: dict[str, list[FacetValue]]) -> dict[str, list[FacetValue]]:
    """A folder's facets as a team's corpus gives them before anyone read or starred."""
    return {**facets, **{name: [] for name in TEAM_FACETS}}


def _both(folder: Path, cache: Path, url: str):  # type: ignore[no-untyped-def]
    from reader.team.pgstore import PgIndex

    sqlite = CorpusIndex.open(folder, cache_dir=cache)
    sqlite.refresh(workers=0)
    pg = PgIndex.open(url)
    pg.refresh(folder)
    return sqlite, pg


@pytest.mark.parametrize("which", ["handmade", "samples"])
def test_the_same_queries_give_the_same_answers(which: str, tmp_path: Path, pg_url: str) -> None:
    folder = tmp_path / "cables"
    if which == "handmade":
        write_folder(folder)
    else:
        shutil.copytree(SAMPLES, folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        assert pg.total() == sqlite.total()
        for query in QUERIES:
            f = Filter(query, sort="id")
            assert [h.id for h in pg.search(f, limit=None)] == [
                h.id for h in sqlite.search(f, limit=100_000)
            ], query
            assert pg.count(f) == sqlite.count(f), query
        for sort, descending in SORTS:
            f = Filter("", sort=sort, descending=descending)
            assert [h.id for h in pg.search(f, limit=None)] == [
                h.id for h in sqlite.search(f, limit=100_000)
            ], (sort, descending)
        for include, exclude in [
            ({("classification", "SECRET"), ("classification", "CONFIDENTIAL")}, set()),
            ({("tag", "PREL"), ("tag", "MNUC")}, set()),
            (set(), {("classification", "SECRET"), ("tag", "ECON")}),
            ({("year", "2007")}, {("tag", "NOSUCHTAG")}),
        ]:
            f = Filter("", frozenset(include), frozenset(exclude), "id")
            assert [h.id for h in pg.search(f, limit=None)] == [
                h.id for h in sqlite.search(f, limit=100_000)
            ], (include, exclude)
        for query in ("", "tag:PREL", "minist*"):
            assert pg.facets(Filter(query)) == _team(sqlite.facets(Filter(query))), query
        # counts with values chosen: what each further value would give (group_filter)
        for include, exclude in [
            ({("classification", "SECRET")}, set()),
            ({("classification", "SECRET"), ("tag", "PREL")}, {("year", "2009")}),
            (set(), {("tag", "ECON"), ("classification", "UNCLASSIFIED")}),
            ({("tag", "NOSUCHTAG")}, set()),
        ]:
            f = Filter("minist*", frozenset(include), frozenset(exclude))
            assert pg.facets(f) == _team(sqlite.facets(f)), (include, exclude)
            assert pg.facets(f, limit=2) == _team(sqlite.facets(f, limit=2)), (include, exclude)


def test_both_stores_say_why_an_id_a_reference_or_a_subject_matches_nothing(
    tmp_path: Path, pg_url: str
) -> None:
    """id:, ref:, citedby: and subject: of nothing gave a silent 0; a team's corpus says
    the same as the folder's index: the nearest IDs, whether the cable is there, what it
    cites, the texts that hold a subject's word."""
    from reader.query.value_notes import answer_notes

    folder = tmp_path / "cables"
    write_folder(folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        for query in ("id:07PRAGEU497", "id:06PRAGUE540", "ref:07MOSCOW2200",
                      "ref:07PRAGUE540", "citedby:07PRAGUE486", "citedby:07PRAGUE540",
                      "subject:gazprom", "iran -id:07PRAGEU497 tag:PRELL"):  # fmt: skip
            f = Filter(query)
            assert pg.count(f) == sqlite.count(f) == 0, query
            notes = answer_notes(sqlite, f, 0)
            assert any("matches nothing here" in n for n in notes), query
            assert answer_notes(pg, f, 0) == notes, query
        assert pg.ids_starting("07prague", 10) == ["07PRAGUE486", "07PRAGUE497"]


def test_both_stores_say_which_words_no_cable_holds_and_what_empties_an_answer(
    tmp_path: Path, pg_url: str
) -> None:
    """A team's corpus named no word no cable holds (a misspelling's silent 0), and then
    none of the words nearest it."""
    from reader.query.value_notes import answer_notes

    folder = tmp_path / "cables"
    write_folder(folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        asked = ["minister", "minster", "beef", "zzyzx", "prague"]
        absent = sqlite.words_not_in(asked)
        assert list(absent) == ["minster", "zzyzx"] and "minister" in absent["minster"]
        # the same words, with the same nearest words
        assert pg.words_not_in(asked) == absent
        assert pg.words_not_in([]) == {}
        for query in ("minster", '"prime minster"', "minster -beef", "pragu"):
            f = Filter(query)
            assert answer_notes(pg, f, 0) == answer_notes(sqlite, f, 0) != [], query
        for query, include, exclude in [
            ("prague year:2008", set(), set()),
            ("prague minister from:moscow", set(), set()),
            ("prague", {("tag", "MNUC")}, {("tag", "PREL")}),
            ("beef", {("tag", "PRELL")}, set()),
        ]:
            f = Filter(query, frozenset(include), frozenset(exclude))
            assert pg.count(f) == sqlite.count(f) == 0, query
            assert answer_notes(pg, f, 0) == answer_notes(sqlite, f, 0) != [], query


def test_relevance_gives_the_same_cables_and_the_same_top_hit(tmp_path: Path, pg_url: str) -> None:
    """BM25 (SQLite) and ts_rank (PostgreSQL) are not the same score: both stores give the
    same cables, with facets and pages, and put first the one cable whose subject says it."""
    folder = tmp_path / "cables"
    write_folder(folder, RANKED)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        for query in [*QUERIES, "livestock", "livestock OR minister"]:
            f = Filter(query, sort="relevance")
            assert sorted(h.id for h in pg.search(f, limit=None)) == sorted(
                h.id for h in sqlite.search(f, limit=100_000)
            ), query
        for include in (frozenset(), frozenset({("tag", "EAGR")})):
            f = Filter("livestock", include, sort="relevance")
            assert pg.search(f, limit=1)[0].id == sqlite.search(f, limit=1)[0].id == SUBJECT
            assert [h.id for h in pg.search(f, offset=1, limit=None)] != []
            worst = Filter(f.query, include, sort="relevance", descending=True)
            assert [h.id for h in pg.search(worst, limit=None)][-1] == SUBJECT
        # no words to rank by: the date order, as in SQLite
        f = Filter("tag:EAGR", sort="relevance")
        assert [h.id for h in pg.search(f, limit=None)] == [
            h.id for h in sqlite.search(f, limit=100_000)
        ]
        assert pg.search(f, limit=1)[0].id == ONCE


def test_both_stores_list_a_cables_copies_each_opening_its_own(
    tmp_path: Path, pg_url: str
) -> None:
    """The same cable as two .txt files and a cables.csv row: each store names the three
    copies alike; the folder's index opens each by its own key, the team's corpus keeps the
    cable once and every copy has its key."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES / "2009", folder / "a")
    shutil.copytree(SAMPLES / "2009", folder / "b")
    shutil.copytree(SAMPLES / "csv", folder / "csv")
    # the text of the cables.csv's third row as a .txt of its own (invented: the samples')
    (row,) = [c for c in read_cables(SAMPLES / "csv" / "cables.csv") if c.id == "10BRASILIA118"]
    (folder / "a" / "10BRASILIA118.txt").write_text(row.text, encoding="utf-8")
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    root = folder.resolve()

    def named(copies: list, relative: bool) -> list[tuple[str, str, int | None]]:
        return [
            (c.file if relative else Path(c.file).relative_to(root).as_posix(), c.format, c.row)
            for c in copies
        ]

    with sqlite, pg:
        expected = {
            "09ANKARA1234": [
                ("a/09ANKARA1234.txt", "txt", None),
                ("b/09ANKARA1234.txt", "txt", None),
            ],
            "10BRASILIA118": [("a/10BRASILIA118.txt", "txt", None), ("csv/cables.csv", "csv", 3)],
            "07PRAGUE512": [],  # not in this folder
            "": [],  # the cables without an ID are no copies of each other
        }
        for cable_id, want in expected.items():
            for asked in (cable_id, cable_id.lower(), f" {cable_id} "):
                assert named(sqlite.copies(asked), True) == want, asked
                assert named(pg.copies(asked), False) == want, asked
        # the folder's index: each copy its own cable, opened by its own key
        copies = sqlite.copies("09ANKARA1234")
        assert len({c.key for c in copies}) == 2
        assert [Path(sqlite.cable(c.key).source.path) for c in copies] == [
            root / c.file for c in copies
        ]
        # the team's corpus: the cable once, every copy with its key
        key = pg.key_for_id("10BRASILIA118")
        assert key is not None and {c.key for c in pg.copies("10BRASILIA118")} == {key}

        # each cable once: the folder's index without its other copies is the team's corpus;
        # there no cable is another copy, so the value excludes nothing and includes none
        once = Filter("-copy:other", sort="id")
        excluded = Filter(exclude=frozenset({("copy", "other")}), sort="id")
        every = [h.id for h in pg.search(Filter(sort="id"), limit=None)]
        assert sqlite.total() > pg.total() == len(every) == sqlite.count(once)
        for f in (once, excluded):
            assert [h.id for h in sqlite.search(f, limit=100_000)] == every
            assert [h.id for h in pg.search(f, limit=None)] == every
        for f in (Filter("copy:other"), Filter(include=frozenset({("copy", "other")}))):
            assert pg.count(f) == 0 and sqlite.count(f) == sqlite.total() - pg.total()
        assert pg.facets(Filter())["copy"] == []
        assert sqlite.facets(Filter())["copy"] == [
            FacetValue("other", sqlite.total() - pg.total())
        ]
        assert pg.facets(excluded) == _team(sqlite.facets(excluded)) | {
            "copy": [FacetValue("other", 0)]
        }


_INDEXER = """
import sys
from reader.team.pgstore import PgIndex
with PgIndex.open(sys.argv[1]) as index:
    for folder in sys.argv[2:]:
        index.refresh(folder)
"""


def test_two_indexers_at_once_double_nothing(tmp_path: Path, pg_url: str) -> None:
    """Two machines adding overlapping folders to one corpus at the same time."""
    a, b = two_indexers_at_once(pg_url, tmp_path, _INDEXER)
    from reader.team.pgstore import PgIndex

    with CorpusIndex.open(a, cache_dir=tmp_path / "cache") as sqlite, PgIndex.open(pg_url) as pg:
        sqlite.refresh(workers=0)
        assert pg.total() == sqlite.total()
        ids = [h.id for h in pg.search(Filter(""), limit=None)]
        assert len(ids) == len(set(ids))
        copies = pg.copies("07PRAGUE512")
        assert sorted(Path(c.file).parent.parent.name for c in copies) == ["a", "b"]


def test_a_server_that_cannot_be_reached_says_so(tmp_path: Path) -> None:
    from reader.team.pgstore import PgIndex, PgUnavailable

    socket_dir = tmp_path / "nothing-listens-here"
    socket_dir.mkdir()
    with pytest.raises(PgUnavailable, match="cannot reach the server"):
        PgIndex.open(f"postgresql:///db?host={socket_dir}")


def test_a_server_that_answers_and_refuses_is_not_said_to_be_unreachable(pg_url: str) -> None:
    """No such database: the server was reached, and the message must not send the analyst
    looking for a network fault."""
    from reader.team.pgstore import PgIndex, PgUnavailable

    missing = pg_url.rsplit("/", 1)[0] + "/no_such_database_here"
    with pytest.raises(PgUnavailable) as refused:
        PgIndex.open(missing)
    message = str(refused.value)
    assert message.startswith("the server at ") and " refused the connection: " in message
    assert 'database "no_such_database_here" does not exist' in message
    assert "cannot reach" not in message


def test_a_read_only_role_reads_and_is_told_plainly_it_may_not_index(
    tmp_path: Path, pg_url: str
) -> None:
    from reader.team.pgstore import PgIndex, PgUnavailable

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    role = f"cr_reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'reader-pw'")
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    database = pg_url.rpartition("/")[2]
    reader_url = f"postgresql://{role}:reader-pw@localhost/{database}"
    try:
        with PgIndex.open(reader_url) as index:
            assert index.count(Filter("from:prague")) == 2
            with pytest.raises(PgUnavailable, match="may read .* but not add cables"):
                index.refresh(SAMPLES / "2008")
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def _ids(index: Index, query: str | Filter) -> list[str]:
    f = query if isinstance(query, Filter) else Filter(query, sort="id")
    return [h.id for h in index.hits(index.keys(f))]


def test_two_annotators_each_see_their_own_read_and_both_see_who_read(
    tmp_path: Path, pg_url: str
) -> None:
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
        total = index.total()
    with roles(pg_url, "annotator", "annotator") as [(alice, alice_url), (bob, bob_url)]:
        with PgIndex.open(alice_url) as a, PgIndex.open(bob_url) as b:
            assert (a.author(), b.author()) == (alice, bob)
            with closing(a.annotations()) as mine:
                assert mine.set_read(["07prague540", "07PRAGUE512"]) == [
                    "07PRAGUE540",
                    "07PRAGUE512",
                ]
                assert mine.set_starred(["07PRAGUE540"]) == ["07PRAGUE540"]
                mine.add_label(["07PRAGUE512"], "follow up")
                mine.set_note("07PRAGUE512", "ask the desk")
            with closing(b.annotations()) as theirs:
                assert theirs.set_read(["07PRAGUE512"]) == ["07PRAGUE512"]
                # Bob cannot unmark Alice's read: only his own rows are his to remove
                assert theirs.set_read(["07PRAGUE540"], on=False) == []
                assert theirs.read() == {"07PRAGUE512"}
                assert theirs.starred() == set()
                assert theirs.labels_of("07PRAGUE512") == []
                assert theirs.notes_of("07PRAGUE512") == []
            # "Read" means read by me
            assert _ids(a, "is:read") == ["07PRAGUE512", "07PRAGUE540"]
            assert _ids(b, "is:read") == ["07PRAGUE512"]
            assert len(_ids(b, "is:unread")) == total - 1
            assert _ids(a, "is:starred") == ["07PRAGUE540"]
            assert _ids(b, "is:starred") == []
            assert _ids(a, 'label:"follow up"') == ["07PRAGUE512"]
            assert _ids(b, 'label:"follow up"') == []
            assert _ids(a, "note:desk") == ["07PRAGUE512"]
            assert _ids(a, "has:note") == ["07PRAGUE512"]
            # both see who read and starred what
            for index in (a, b):
                assert _ids(index, f"read-by:{alice}") == ["07PRAGUE512", "07PRAGUE540"]
                assert _ids(index, f"read-by:{bob}") == ["07PRAGUE512"]
                assert _ids(index, f"read-by:{alice} read-by:{bob}") == ["07PRAGUE512"]
                assert _ids(index, f"starred-by:{alice}") == ["07PRAGUE540"]
                assert _ids(index, f"starred-by:{bob}") == []
                assert _ids(index, "read-by:*") == ["07PRAGUE512", "07PRAGUE540"]
            assert _ids(b, "read-by:me") == ["07PRAGUE512"]
            # the facets "Read by" and "Starred by": counted over the results, chosen as values
            for index in (a, b):
                facets = index.facets(Filter())
                assert facets["readby"] == [FacetValue(alice, 2), FacetValue(bob, 1)]
                assert facets["starredby"] == [FacetValue(alice, 1)]
                prague = index.facets(Filter("from:prague -id:07PRAGUE540"))
                assert set(prague["readby"]) == {FacetValue(alice, 1), FacetValue(bob, 1)}
            read_by_alice = Filter("", frozenset({("readby", alice)}), sort="id")
            assert [h.id for h in b.hits(b.keys(read_by_alice))] == ["07PRAGUE512", "07PRAGUE540"]
            both = Filter("", frozenset({("readby", alice), ("readby", bob)}))
            assert [h.id for h in b.hits(b.keys(both))] == ["07PRAGUE512"]
            not_bob = Filter("", frozenset({("readby", alice)}), frozenset({("readby", bob)}))
            assert [h.id for h in b.hits(b.keys(not_bob))] == ["07PRAGUE540"]
            # an excluded role counts the cables clearing it would bring back
            assert set(b.facets(not_bob)["readby"]) == {FacetValue(alice, 1), FacetValue(bob, 1)}
            with closing(b.annotations()) as theirs:
                assert theirs.read_by("07PRAGUE512") == sorted([alice, bob])
        # no client can write in another's name: the server holds author = current_user
        with psycopg.connect(bob_url, autocommit=True) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("INSERT INTO reads (cable_id, author) VALUES ('X', %s)", (alice,))


def test_a_read_only_role_is_told_plainly_it_may_not_annotate(pg_url: str) -> None:
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "reader") as [(role, url)], PgIndex.open(url) as index:
        with closing(index.annotations()) as store:
            assert store.read() == set()
            with pytest.raises(ReadOnly, match=f"your role .{role}. may read this corpus but"):
                store.set_starred(["07PRAGUE540"])
        assert index.count(Filter("is:starred")) == 0


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_both_stores_keep_the_analysts_stars_and_reads_alike(
    store: str, tmp_path: Path, pg_url: str
) -> None:
    """The window's annotations go through Index.annotations(): the same changes give the
    same answers to is:starred, is:read and is:unread in either store."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    sqlite.annotations_path = tmp_path / "data" / "annotations.sqlite3"
    with sqlite, pg:
        index: Index = sqlite if store == "sqlite" else pg
        with closing(index.annotations()) as notes:
            assert notes.set_starred(["07PRAGUE540", "08MOSCOW1877"]) == [
                "07PRAGUE540",
                "08MOSCOW1877",
            ]
            notes.set_read(["07PRAGUE540"])
            notes.set_read(["07PRAGUE540"], on=False)
            notes.set_read(["07PRAGUE512"])
        assert _ids(index, "is:starred") == ["07PRAGUE540", "08MOSCOW1877"]
        assert _ids(index, "is:read") == ["07PRAGUE512"]
        assert len(_ids(index, "is:unread")) == index.total() - 1
        assert _ids(index, "is:starred from:prague") == ["07PRAGUE540"]


def test_a_corpus_holding_a_cables_reference_to_itself_shows_none(
    tmp_path: Path, pg_url: str
) -> None:
    """A team's corpus indexed before a cable's own ID was left out of what it cites (a
    dumped record may list it) still holds that reference: neither cites nor cited by
    shows it, as the folder's index, made again with its parser version, does not."""
    import psycopg

    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO refs SELECT key, upper(id) FROM cables WHERE id = '07PRAGUE540'"
            )
        assert "07PRAGUE540" not in pg.cites("07PRAGUE540")
        assert sqlite.cites("07PRAGUE540") == pg.cites("07PRAGUE540")
        assert [h.id for h in pg.cited_by("07PRAGUE540")] == [
            h.id for h in sqlite.cited_by("07PRAGUE540")
        ]
        assert "07PRAGUE540" not in [h.id for h in pg.cited_by("07PRAGUE540")]


def test_the_windows_reads_give_the_same_answers(tmp_path: Path, pg_url: str) -> None:
    """What the window reads of a cable (Index: hits, the cable, its references and thread,
    an ID's key) is the same from either store."""
    from reader.index.threads import read_thread

    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        f = Filter("machine tool", sort="id")
        for a, b in zip(
            sqlite.hits(sqlite.keys(f), highlight=f), pg.hits(pg.keys(f), highlight=f), strict=True
        ):
            assert (a.id, a.date, a.origin, a.classification, a.level, a.subject) == (
                b.id, b.date, b.origin, b.classification, b.level, b.subject,
            )  # fmt: skip
            assert (a.snippet, a.snippet_matches, a.checks) == (
                b.snippet,
                b.snippet_matches,
                b.checks,
            )
            assert (a.date_precision, a.row) == (b.date_precision, b.row)
            assert Path(b.file) == folder / a.file
        for cable_id in ("07PRAGUE540", "07STATE71840", "05TOKYO3310", "07ankara1391"):
            one, other = sqlite.key_for_id(cable_id), pg.key_for_id(cable_id)
            assert one is not None and other is not None, cable_id
            a, b = sqlite.cable(one), pg.cable(other)
            assert (a.id, a.text, a.references, a.paragraphs) == (
                b.id, b.text, b.references, b.paragraphs,
            ), cable_id  # fmt: skip
            assert a.source == b.source
            assert sqlite.raw_text(one) == pg.raw_text(other)
            assert sqlite.cites(cable_id) == pg.cites(cable_id)
            assert [h.id for h in sqlite.cited_by(cable_id)] == [
                h.id for h in pg.cited_by(cable_id)
            ]
            t1, t2 = read_thread(sqlite, cable_id), read_thread(pg, cable_id)
            assert (t1.root, t1.thread, sorted(t1.hits), t1.cut) == (
                t2.root, t2.thread, sorted(t2.hits), t2.cut,
            )  # fmt: skip
        assert sqlite.key_for_id("99NOWHERE1") is None and pg.key_for_id("99NOWHERE1") is None
        assert pg.partial() is None and pg.file_problems() == []


def test_a_connection_the_server_dropped_is_made_again(pg_url: str) -> None:
    """A window kept open across a server restart answers again once the server is back."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
        before = index.keys(Filter("from:prague"))
        database = pg_url.rpartition("/")[2]
        with psycopg.connect(pg_url, autocommit=True) as admin:
            dropped = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            ).fetchone()
        assert dropped == (1,)
        assert index.keys(Filter("from:prague")) == before
        assert index.total() == 5


def test_annotations_made_while_the_server_is_away_are_sent_once_it_is_back(
    pg_url: str,
) -> None:
    """Changes made while the server cannot be reached (from the start of a job, or lost in
    the middle of one) wait in the analyst's queue and reach the server, in order and once
    each, when it answers again, even from a store opened after the first one closed."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "annotator") as [(alice, url)], PgIndex.open(url) as index:
        with closing(index.annotations()) as store:
            assert store.status().offline is False
            store.set_starred(["07PRAGUE512"])
            assert store.row_states(["07PRAGUE512", "07PRAGUE540"])["07PRAGUE512"].starred
            with server_away(pg_url):  # lost in the middle of the job
                assert store.set_starred(["07prague540"]) == ["07PRAGUE540"]
                assert store.status().offline and store.status().waiting == 1
                # the window is shown its change made, over the rows as the server gave them
                states = store.row_states(["07PRAGUE540", "07PRAGUE512", "07PRAGUE497"])
                assert [st.starred for st in states.values()] == [True, True, False]
        with server_away(pg_url):  # away from the start of the job
            with closing(index.annotations()) as store:
                assert store.status().offline
                assert store.set_starred(["07PRAGUE512"], on=False) == ["07PRAGUE512"]
                assert store.add_label(["07PRAGUE512", "07PRAGUE540"], "follow up") == [
                    "07PRAGUE512",
                    "07PRAGUE540",
                ]
                store.set_note("07PRAGUE512", "ask the desk")
                assert store.set_read(["07PRAGUE512"]) == ["07PRAGUE512"]
                assert store.labels_of("07PRAGUE540") == ["follow up"]
                assert [n.text for n in store.notes_of("07PRAGUE512")] == ["ask the desk"]
                assert store.status().waiting == 5
            # closed while away: the changes are on disk, not in this store
        with PgIndex.open(url) as again, closing(again.annotations()) as store:
            status = store.status()
            assert (status.waiting, status.offline, status.sent, status.refused) == (
                0, False, 5, (),
            )  # fmt: skip
        with psycopg.connect(pg_url) as conn:
            assert conn.execute("SELECT cable_id, author FROM stars").fetchall() == [
                ("07PRAGUE540", alice)
            ]
            assert conn.execute(
                "SELECT cable_id, label, author FROM cable_labels ORDER BY cable_id"
            ).fetchall() == [
                ("07PRAGUE512", "follow up", alice),
                ("07PRAGUE540", "follow up", alice),
            ]
            assert conn.execute("SELECT cable_id, text FROM notes").fetchall() == [
                ("07PRAGUE512", "ask the desk")
            ]
            assert conn.execute("SELECT cable_id FROM reads").fetchall() == [("07PRAGUE512",)]
        assert _ids(index, "is:starred") == ["07PRAGUE540"]
        assert _ids(index, 'label:"follow up"') == ["07PRAGUE512", "07PRAGUE540"]
        with closing(index.annotations()) as store:  # nothing left to send
            assert store.status().sent == 0


def test_a_change_made_offline_that_the_server_refuses_is_reported(pg_url: str) -> None:
    """A role that may only read cannot know it while the server is away; once it is back,
    the refusal is said and the change kept aside, not lost without a word."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "reader") as [(role, url)], PgIndex.open(url) as index:
        with server_away(pg_url), closing(index.annotations()) as store:
            store.set_starred(["07PRAGUE540"])
        with closing(index.annotations()) as store:
            status = store.status()
            assert (status.waiting, status.sent) == (0, 0)
            (said,) = status.refused
            assert "star 07PRAGUE540" in said and f"your role ({role}) may read" in said
            assert [(c.action, c.ids) for c, _ in store.queue.refused()] == [
                ("star", ("07PRAGUE540",))
            ]
        assert index.count(Filter("is:starred")) == 0


def test_both_stores_count_the_analysts_own_facets_alike(tmp_path: Path, pg_url: str) -> None:
    """The filter pane's Starred, Read, Labels and Has note: the same counts over the same
    results, and the same cables once a value is chosen, from either store (on the server,
    the connected role's own annotations)."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    sqlite.annotations_path = tmp_path / "data" / "annotations.sqlite3"
    with sqlite, pg:
        for index in (sqlite, pg):
            with closing(index.annotations()) as notes:
                notes.set_starred(["07PRAGUE540", "08MOSCOW1877"])
                notes.set_read(["07PRAGUE540", "07PRAGUE512"])
                notes.add_label(["07PRAGUE540", "07PRAGUE512"], "follow up")
                notes.add_label(["07PRAGUE512", "08MOSCOW1877"], "desk")
                notes.set_note("08MOSCOW1877", "ask the desk")
                notes.set_note("07PRAGUE512", "and this paragraph", 2)
        total = pg.total()
        assert pg.user_facets(Filter()) == {
            "starred": [FacetValue("unstarred", total - 2), FacetValue("starred", 2)],
            "read": [FacetValue("unread", total - 2), FacetValue("read", 2)],
            "label": [FacetValue("desk", 2), FacetValue("follow up", 2)],
            "note": [FacetValue("no note", total - 2), FacetValue("has note", 2)],
        }
        for query, include, exclude in [
            ("", set(), set()),
            ("from:prague", set(), set()),
            ("minist*", set(), set()),
            ("", {("starred", "starred")}, set()),
            ("", {("starred", "starred"), ("starred", "unstarred")}, set()),
            ("", {("read", "unread")}, {("label", "desk")}),
            ("", {("label", "follow up"), ("label", "desk")}, set()),
            ("", {("label", "follow up")}, {("label", "desk")}),
            ("", {("note", "has note")}, set()),
            ("tag:PREL", set(), {("starred", "starred")}),
            ("from:prague", {("label", "nosuchlabel")}, set()),
        ]:
            f = Filter(query, frozenset(include), frozenset(exclude), "id")
            assert pg.user_facets(f) == sqlite.user_facets(f), (query, include, exclude)
            assert _ids(pg, f) == _ids(sqlite, f), (query, include, exclude)
        # a label or a note no cable of an empty answer has: the same note from either
        from reader.query.value_notes import answer_notes

        for query in ("label:dsek", "from:prague label:desk*x", "note:zzqx", "-label:x zzqx"):
            f = Filter(query)
            assert pg.count(f) == sqlite.count(f) == 0, query
            said = answer_notes(sqlite, f, 0)
            assert answer_notes(pg, f, 0) == said, query
            assert any("matches nothing here" in note for note in said), query
        assert pg.label_names() == sqlite.label_names() == ["desk", "follow up"]


def test_a_label_is_one_label_whatever_the_case_it_is_written_in(
    tmp_path: Path, pg_url: str
) -> None:
    """A label's name is the one first written: "follow up" and "FOLLOW  UP" given after
    "Follow Up" are that label, in either store (a team's store kept three labels, and
    label:follow* missed two of them); a query, a choice in the pane and a removal ignore the
    case of ASCII letters, as the folder's store always did."""
    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    sqlite.annotations_path = tmp_path / "data" / "annotations.sqlite3"
    three = ["07PRAGUE512", "07PRAGUE540", "08MOSCOW1877"]
    with sqlite, pg:
        for index in (sqlite, pg):
            with closing(index.annotations()) as notes:
                assert notes.add_label(["07PRAGUE540"], "Follow Up") == ["07PRAGUE540"]
                assert notes.add_label(["07PRAGUE512", "07PRAGUE540"], "follow up") == [
                    "07PRAGUE512"
                ]
                assert notes.add_label(["08MOSCOW1877"], "FOLLOW  UP") == ["08MOSCOW1877"]
                notes.add_label(["08MOSCOW1877"], "Évian")
                notes.add_label(["08MOSCOW1877"], "desk")
                # sorted as SQLite's NOCASE sorts: "desk" before "Follow Up"
                assert [(lab.name, lab.count) for lab in notes.labels()] == [
                    ("desk", 1),
                    ("Follow Up", 3),
                    ("Évian", 1),
                ], index
                assert notes.labels_of("07PRAGUE512") == ["Follow Up"]
                assert notes.labels_of("08MOSCOW1877") == ["desk", "Follow Up", "Évian"]
                shown = notes.row_states(["08MOSCOW1877"])["08MOSCOW1877"].labels
                assert [name for name, _ in shown] == ["desk", "Follow Up", "Évian"]
                assert index.label_names() == ["desk", "Follow Up", "Évian"]
                assert index.user_facets(Filter())["label"] == [
                    FacetValue("Follow Up", 3),
                    FacetValue("desk", 1),
                    FacetValue("Évian", 1),
                ]
                for query in ("label:follow*", 'label:"FOLLOW UP"', "label:Follow*"):
                    assert _ids(index, query) == three, (index, query)
                chosen = Filter("", frozenset({("label", "follow up")}), sort="id")
                assert _ids(index, chosen) == three, index
                # only ASCII letters are folded, as SQLite's NOCASE folds them
                assert _ids(index, "label:évian") == []
                assert _ids(index, "label:Évian") == ["08MOSCOW1877"]
                assert notes.remove_label(["07PRAGUE512"], "FOLLOW UP") == ["07PRAGUE512"]
                assert _ids(index, 'label:"follow up"') == ["07PRAGUE540", "08MOSCOW1877"]


def test_a_quoted_value_is_never_a_prefix_in_the_team_store(pg_url: str) -> None:
    """label:br* asks every label starting br, label:"br*" the label named br* alone (it
    read as the prefix: no term asked for that label, where the pane's choice did)."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "annotator") as [(_, url)], PgIndex.open(url) as index:
        with closing(index.annotations()) as mine:
            mine.add_label(["07PRAGUE512"], "br*")
            mine.add_label(["07PRAGUE540"], "brief")
        assert _ids(index, 'label:"br*"') == ["07PRAGUE512"]
        assert _ids(index, "label:br*") == ["07PRAGUE512", "07PRAGUE540"]
        assert _ids(index, 'label:"br*" OR label:brief') == ["07PRAGUE512", "07PRAGUE540"]
        chosen = Filter("", frozenset({("label", "br*")}), sort="id")
        assert _ids(index, chosen) == _ids(index, 'label:"br*"')
        # the other fields that take a prefix: quoted, the star is part of the value
        assert _ids(index, "id:07PRAGUE5*") == ["07PRAGUE512", "07PRAGUE540"]
        assert _ids(index, 'id:"07PRAGUE5*"') == []
        assert len(_ids(index, "tag:ET*")) == 5 and _ids(index, 'tag:"ET*"') == []


def test_a_label_is_its_authors_alone_until_shared(pg_url: str) -> None:
    """A private label is seen by no one else (the server holds it: row-level security); a
    shared one is seen by every annotator, with its author, in ``label:``, has:label and the
    Labels facet; another who uses the name joins it."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "annotator", "annotator") as [(alice, alice_url), (bob, bob_url)]:
        with PgIndex.open(alice_url) as a, PgIndex.open(bob_url) as b:
            with closing(a.annotations()) as mine:
                mine.add_label(["07PRAGUE512"], "follow up")
            # private: Bob sees nothing of it, even asking the tables himself
            assert _ids(b, 'label:"follow up"') == [] and _ids(b, "has:label") == []
            assert b.user_facets(Filter())["label"] == []
            with psycopg.connect(bob_url) as conn:
                assert conn.execute("SELECT count(*) FROM cable_labels").fetchone() == (0,)
                assert conn.execute("SELECT count(*) FROM labels").fetchone() == (0,)
            with closing(b.annotations()) as theirs:
                assert theirs.share_label("follow up") is False  # not his to share
                assert theirs.labels() == []
            with closing(a.annotations()) as mine:
                assert mine.share_label("follow up") is True
            # shared: Bob finds it, sees whose it is, and counts it
            assert _ids(b, 'label:"follow up"') == ["07PRAGUE512"]
            assert _ids(b, "label:foll*") == ["07PRAGUE512"]
            assert _ids(b, "has:label") == ["07PRAGUE512"]
            assert b.user_facets(Filter())["label"] == [FacetValue("follow up", 1)]
            chosen = Filter("", frozenset({("label", "follow up")}), sort="id")
            assert _ids(b, chosen) == ["07PRAGUE512"]
            with closing(b.annotations()) as theirs:
                assert theirs.shared_labels_of("07PRAGUE512") == [("follow up", alice)]
                assert theirs.labels_of("07PRAGUE512") == []  # his own: none
                assert [lab.name for lab in theirs.labels()] == ["follow up"]
                assert theirs.row_states(["07PRAGUE512"])["07PRAGUE512"].labels[0][0] == (
                    "follow up"
                )
                # he uses the name too (in capitals): his label of it is hers, shared as well
                assert theirs.add_label(["07PRAGUE540"], "Follow Up") == ["07PRAGUE540"]
                # he cannot take hers off
                assert theirs.remove_label(["07PRAGUE512"], "follow up") == []
            assert _ids(a, 'label:"follow up"') == ["07PRAGUE512", "07PRAGUE540"]
            assert a.user_facets(Filter())["label"] == [FacetValue("follow up", 2)]
            with closing(a.annotations()) as mine:
                assert mine.shared_labels() == sorted([("follow up", alice), ("follow up", bob)])
                assert mine.share_label("follow up", shared=False) is True
            # private again: Bob keeps his own, no longer sees hers
            assert _ids(b, 'label:"follow up"') == ["07PRAGUE540"]
            assert _ids(a, 'label:"follow up"') == ["07PRAGUE512", "07PRAGUE540"]


def test_tables_made_before_labels_were_shared_are_brought_up_to_date(pg_url: str) -> None:
    """A corpus whose annotation tables are older: a reader is told annotations wait, and
    the owner's next opening (an indexer's) adds what sharing labels needs."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with psycopg.connect(pg_url, autocommit=True) as conn:  # the tables as they were made
        conn.execute("DROP POLICY labels_seen ON labels")
        conn.execute("DROP POLICY cable_labels_seen ON cable_labels")
        conn.execute("ALTER TABLE labels DROP COLUMN shared")
        conn.execute("CREATE POLICY labels_seen ON labels FOR SELECT USING (true)")
        conn.execute("CREATE POLICY cable_labels_seen ON cable_labels FOR SELECT USING (true)")
    with roles(pg_url, "annotator") as [(_, url)]:
        with PgIndex.open(url) as index:
            assert any("older version" in u for u in index.unsupported())
            assert index.count(Filter("from:prague")) == 2  # it reads on
        with PgIndex.open(pg_url) as index:
            assert not any("older version" in u for u in index.unsupported())
        with PgIndex.open(url) as index, closing(index.annotations()) as store:
            store.add_label(["07PRAGUE512"], "follow up")
            assert store.share_label("follow up") is True


_OFFLINE_CLIENT = """
import os, sys
from reader.team.pgstore import PgIndex
index = PgIndex.open(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()  # the server is away now
store = index.annotations()
store.set_starred(["07PRAGUE540"])
store.add_label(["07PRAGUE540"], "follow up")
print(store.status().waiting, flush=True)
os._exit(0)  # gone without closing anything, as a window killed
"""


def test_a_client_gone_while_offline_has_its_changes_sent_by_the_next(pg_url: str) -> None:
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url) as index:
        index.refresh(SAMPLES / "2007")
    with roles(pg_url, "annotator") as [(alice, url)]:
        client = subprocess.Popen(
            [sys.executable, "-c", _OFFLINE_CLIENT, url],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert client.stdout is not None and client.stdin is not None
        assert client.stdout.readline() == "open\n"
        with server_away(pg_url):
            client.stdin.write("go\n")
            client.stdin.flush()
            assert client.stdout.readline() == "2\n"
            assert client.wait() == 0
        with PgIndex.open(url) as index, closing(index.annotations()) as store:
            assert store.status().sent == 2
            assert _ids(index, 'is:starred label:"follow up"') == ["07PRAGUE540"]
        with psycopg.connect(pg_url) as conn:
            assert conn.execute("SELECT cable_id, author FROM stars").fetchall() == [
                ("07PRAGUE540", alice)
            ]


_FACET_FILTERS = [
    Filter(),
    Filter("minist*"),
    Filter("tag:PREL", frozenset({("classification", "SECRET")}), frozenset({("year", "2009")})),
]


_RANKED = [
    Filter(q, sort="relevance")
    for q in ("minist*", "nuclear OR missile", '"prime minister"', '"the prime minister"')
]


def _to_schema_5(conn: psycopg.Connection) -> None:
    """The database as a store of schema 5 left it: no table of its words (pg_words)."""
    conn.execute("DROP TRIGGER cable_reader_words ON cables")
    conn.execute("DROP TRIGGER cable_reader_words_replaced ON cables")
    conn.execute("DROP FUNCTION cable_reader_words()")
    conn.execute("DROP TABLE words")
    conn.execute("UPDATE meta SET value = '5' WHERE name = 'schema'")


def _to_schema_1(pg_url: str) -> None:
    """The database as a store of schema 1 left it: no per-cable arrays, no kept counts."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        # schema 9's chunks of long cables, 8's kept copies
        conn.execute("DROP TABLE cable_chunks")
        conn.execute("DROP INDEX copies_kept")
        conn.execute("ALTER TABLE copies DROP COLUMN kept")
        # schema 7's parts of the rank vectors
        conn.execute("DROP TABLE cable_rank_parts")
        conn.execute("DROP TRIGGER cable_reader_rank_parts ON cable_rank")
        conn.execute("DROP FUNCTION cable_reader_rank_parts(), cable_reader_split(tsvector)")
        conn.execute("DROP TABLE cable_lengths, cable_vids, value_counts, cable_rank")
        conn.execute("DROP FUNCTION cable_reader_length()")
        conn.execute("DROP INDEX cables_by_date, cables_upper_id")
        # schema 3's index of word pairs and 4's count of changes
        conn.execute("DROP INDEX cables_pairs")
        conn.execute("DROP FUNCTION cable_word_pairs(tsvector)")
        for table in COUNTED_TABLES:
            conn.execute(f"DROP TRIGGER cable_reader_changed ON {table}")
        conn.execute("DROP TABLE change_marks")
        conn.execute("DELETE FROM meta WHERE name = 'changes'")
        conn.execute("DROP FUNCTION cable_reader_mark(), cable_reader_count()")
        # schema 5's lengths (dropped above, with the vectors they count); its subjects' index
        conn.execute("DROP INDEX cables_subject_words")
        _to_schema_5(conn)
        conn.execute("UPDATE meta SET value = '1' WHERE name = 'schema'")
        conn.execute("DELETE FROM meta WHERE name = 'counted'")


def test_a_corpus_of_schema_1_is_migrated_and_counts_the_same(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facet tables of schema 2 are made and filled from cable_values by the first role
    that may; a role that may not reads the counts from cable_values meanwhile; and cables
    added after the counts were kept (an indexer still at work) are counted too."""
    from reader.team import pgstore
    from reader.team.pgstore import PgIndex

    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("2008"))
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        expected = [_team(sqlite.facets(f)) for f in _FACET_FILTERS]
        assert [pg.facets(f) for f in _FACET_FILTERS] == expected
        before = pg.total()
    _to_schema_1(pg_url)
    with roles(pg_url, "reader") as [(_, reader_url)], PgIndex.open(reader_url) as index:
        assert not index._fast  # may not make the tables: counts as schema 1 did
        assert not index._pairs  # phrases checked against each vector
        assert index._version == "pg_current_snapshot()::text"
        assert not index._bounds
        # nor tries to make them (and waits for an owner making them meanwhile)
        assert not pgstore._owns(index._conn, "cables")
        assert [index.facets(f) for f in _FACET_FILTERS] == expected
        ranked = [_ids(index, f) for f in _RANKED]  # each vector made by the query
    with PgIndex.open(pg_url) as index:
        assert index._fast and index._pairs and index._bounds and index._parts
        assert index._kept_copies and index._chunks
        assert pgstore._owns(index._conn, "cables")
        assert [_ids(index, f) for f in _RANKED] == ranked
        pages = [[h.id for h in index.search(f, limit=3)] for f in _RANKED]
        assert pages == [ids[:3] for ids in ranked]  # a page ranks fewer cables, the same
        assert [index.facets(f) for f in _FACET_FILTERS] == expected
        assert [_ids(index, f) for f in _RANKED] == ranked  # the vectors kept
        with psycopg.connect(pg_url, autocommit=True) as conn:
            assert conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == ("9",)
            assert conn.execute("SELECT bool_and(kept) FROM copies").fetchone() == (True,)
            assert conn.execute("SELECT count(*) FROM cable_rank").fetchone() == (index.total(),)
            conn.execute("DELETE FROM cable_rank WHERE key % 2 = 0")
        assert [_ids(index, f) for f in _RANKED] == ranked  # half kept, half made
        # another year's cables added, the counts not kept again yet: the kept counts and
        # bitmaps cover the cables before, the arrays of the new ones are counted
        shutil.copytree(SAMPLES / "2008", folder / "2008")
        monkeypatch.setattr(pgstore, "recount", lambda conn: None)
        index.refresh(folder / "2008")
        with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as sqlite:
            sqlite.refresh(workers=0)
            assert index.total() == sqlite.total() > before
            assert [index.facets(f) for f in _FACET_FILTERS] == [
                _team(sqlite.facets(f)) for f in _FACET_FILTERS
            ]
            # counts the window draws with: ints, as SQLite gives them (a sum is numeric)
            facets = [index.facets(f) for f in _FACET_FILTERS]
            assert {type(v.count) for fs in facets for vs in fs.values() for v in vs} == {int}


#: misspellings of words of the sample folder (and words no cable holds nor is like)
_MISSPELT = ["embasy", "ministr", "pragu", "missle", "goverment", "1990s", "reactr", "zzyzx"]


def _lexemes(pg_url: str) -> tuple[set[str], set[str]]:
    """(the words' table, every lexeme of every cable's vector)."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        table = {w for (w,) in conn.execute("SELECT word FROM words")}
        held = {
            w for (w,) in conn.execute("SELECT DISTINCT unnest(tsvector_to_array(tsv)) FROM cables")
        }
    return table, held


def test_a_corpus_made_before_its_words_were_kept_gets_them_from_its_owner(
    tmp_path: Path, pg_url: str
) -> None:
    """A corpus of schema 5 has no table of its words: a role that may not make it names a
    misspelt word without its nearest words; the owner's next opening makes it from every
    cable there, and the cables added after bring theirs."""
    from reader.team.pgstore import PgIndex

    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("2008", "csv", "html"))
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        expected = sqlite.words_not_in(_MISSPELT)
        assert pg.words_not_in(_MISSPELT) == expected
        assert any(expected.values()) and not all(expected.values())
    with psycopg.connect(pg_url, autocommit=True) as conn:
        _to_schema_5(conn)
    with roles(pg_url, "reader") as [(_, reader_url)], PgIndex.open(reader_url) as index:
        assert not index._words
        assert index.words_not_in(_MISSPELT) == {word: [] for word in expected}
    with PgIndex.open(pg_url) as index:
        assert index._words
        assert index.words_not_in(_MISSPELT) == expected
        before, held = _lexemes(pg_url)
        assert before == held and "embassy" in before
        with psycopg.connect(pg_url, autocommit=True) as conn:
            assert conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == ("6",)
        # another year's cables, and files of other formats: their words come with them
        for name in ("2008", "csv", "html"):
            shutil.copytree(SAMPLES / name, folder / name)
            index.refresh(folder / name)
        table, held = _lexemes(pg_url)
        assert table == held and table > before
        with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as sqlite:
            sqlite.refresh(workers=0)
            assert index.total() == sqlite.total()
            assert index.words_not_in(_MISSPELT) == sqlite.words_not_in(_MISSPELT)


_RACING_INDEXER = """
import sys, time
from pathlib import Path
from reader.team import pg_writer
from reader.team.pgstore import PgIndex
pg_writer.BATCH_ROWS = 2  # many small transactions, each adding new words
url, folder, ready, other = sys.argv[1:]
with PgIndex.open(url) as index:
    Path(ready).touch()
    while not Path(other).exists():  # both start writing at the same moment
        time.sleep(0.01)
    index.refresh(folder, workers=0)
"""


def test_two_indexers_adding_the_same_new_words_at_once_lose_none(
    tmp_path: Path, pg_url: str
) -> None:
    """Two indexers, other cables each, that hold many of the same words new to the
    corpus, adding them in small transactions at the same moment: neither fails (a
    deadlock would, after its retries), and the words' table is every word of every cable."""
    from reader.team.pgstore import PgIndex

    with PgIndex.open(pg_url):
        pass  # the tables, made before the race (each indexer would wait for the other)
    a, b = tmp_path / "all" / "a", tmp_path / "all" / "b"
    for n, year in enumerate(sorted(p for p in SAMPLES.iterdir() if p.name.isdigit())):
        shutil.copytree(year, (a if n % 2 else b) / year.name)
    flags = [tmp_path / "a.ready", tmp_path / "b.ready"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACING_INDEXER, pg_url, str(x), str(mine), str(theirs)],
            cwd=REPO,
        )
        for x, mine, theirs in ((a, *flags), (b, *reversed(flags)))
    ]
    assert [p.wait() for p in procs] == [0, 0]
    table, held = _lexemes(pg_url)
    assert table == held and len(table) > 1000
    with psycopg.connect(pg_url, autocommit=True) as conn:  # nor met one, retried
        (deadlocks,) = conn.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    assert deadlocks == 0
    with (
        CorpusIndex.open(tmp_path / "all", cache_dir=tmp_path / "cache") as sqlite,
        PgIndex.open(pg_url) as pg,
    ):
        sqlite.refresh(workers=0)
        assert pg.total() == sqlite.total()
        assert pg.words_not_in(_MISSPELT) == sqlite.words_not_in(_MISSPELT)


#: filters whose parts part_notes counts: words, phrases, prefixes, -words, fields and
#: -fields, ORs, dates (a -date of days: not the complement of its cables, undated ones in
#: neither),
#: facet choices and exclusions, a part no cable matches
_PARTED = [
    Filter("prague year:2008 tag:PREL -visit"),
    Filter('"prime minister" from:tokyo -beef year:2005'),
    Filter('minist* -"prime minister" (iraq OR kuwait) -tag:ECON'),
    Filter("embassy -date:2007-05-05..2007-05-31 class:secret precedence:imm marking:S"),
    Filter("nuclear zzyzx year:2009"),
    Filter("beef id:07PRAGUE* -year:2009", frozenset({("tag", "PREL")})),
    Filter(
        "missile year:2008",
        frozenset({("classification", "SECRET"), ("classification", "CONFIDENTIAL")}),
        frozenset({("tag", "ECON"), ("year", "undated")}),
    ),
]


def test_the_parts_of_an_empty_answer_are_counted_at_once_as_one_at_a_time(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A team's corpus counts every set of an answer's parts in one statement (part_masks):
    each set's count is the store's count of those parts together, and the notes are the
    notes counted a statement at a time, and a folder's."""
    from itertools import combinations

    from reader.query import value_notes
    from reader.query.value_notes import _together, part_notes, query_parts

    # what is compared is the notes, not the window's budget for them: on a loaded machine
    # a statement of the parts took more than the budget and gave no note at all
    monkeypatch.setattr(value_notes, "PART_NOTES_SECONDS", 60.0)

    class OneAtATime:
        def __init__(self, store: Index) -> None:
            self.count = store.count

    folder = tmp_path / "cables"
    shutil.copytree(SAMPLES, folder)
    # a cable nothing dates: in neither date:2007 nor -date:2007
    (folder / "undated.txt").write_text(
        "UNCLASSIFIED\n\nSUBJECT: AN EMBASSY NOTE ON BEEF\n\n1. The embassy wrote it.\n",
        encoding="utf-8",
    )
    sqlite, pg = _both(folder, tmp_path / "cache", pg_url)
    with sqlite, pg:
        assert FacetValue("undated", 1) in pg.facets(Filter(""))["year"]
        with closing(pg.annotations()) as mine:
            mine.set_starred(["07PRAGUE540", "08MOSCOW1877"])
        for f in [*_PARTED, Filter("is:starred from:prague -tag:PREL")]:
            parts = [p for _, p in query_parts(f)]
            masks = pg.part_masks(parts, seconds=60)
            assert masks is not None and 0 not in masks, f
            for size in range(1, len(parts) + 1):
                for chosen in combinations(range(len(parts)), size):
                    bits = sum(1 << i for i in chosen)
                    counted = sum(n for m, n in masks.items() if m & bits == bits)
                    together = _together([parts[i] for i in chosen])
                    assert counted == pg.count(together), (f, chosen)
            assert part_notes(pg, f) == part_notes(OneAtATime(pg), f), f
        for f in _PARTED:
            assert part_notes(pg, f) == part_notes(sqlite, f), f
        # a cable a condition cannot say of (no date, no published ID) is in its negation
        for query in ("-date:2007-05-05..2007-05-31", "-date:..2007-05-03", "-id:07PRAGUE497",
                      "-id:07PRAGUE*", "-(beef date:2007-05-05..2007-05-31)"):  # fmt: skip
            assert pg.count(Filter(query)) == sqlite.count(Filter(query)), query
        assert any(part_notes(pg, f) for f in _PARTED)
