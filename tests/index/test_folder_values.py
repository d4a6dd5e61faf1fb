"""The facet value copy=other (index/folder_values.py): in a folder that holds a cable in
several files, every copy but the one kept has it, so that excluding it counts each cable
once. Found again from the whole folder after every refresh, like reference-not-in-folder.

Each answer is checked against a fresh index of the same folder, and the copy kept against
query.kept_copy, which the document view reads.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from corpus_folders import refreshed
from handmade import Spec, write_copies, write_folder

from reader.index.folder_values import FOLDER_VALUE_NAMES, FOLDER_VALUES
from reader.index.store import CorpusIndex
from reader.query.query import OTHER_COPY, Filter, kept_copy
from reader.review.folder_checks import FOLDER_CHECK

COPY = ("copy", OTHER_COPY)
ONLY = Filter(include=frozenset({COPY}))
ONCE = Filter(exclude=frozenset({COPY}))

#: one cable in three files (a text, a WikiLeaks page, a body with leftover HTML)
THRICE = Spec(
    "PRAGUE",
    497,
    "2007-05-07",
    "S",
    subject="RADAR TALKS",
    paragraphs=(("C", "The minister spoke of the radar."), ("S", "Nothing more.")),
)
#: and one alone
ALONE = Spec(
    "ROME",
    120,
    "2008-02-11",
    "C",
    subject="BEEF IMPORTS",
    paragraphs=(("C", "The minister spoke of beef."),),
)


def files(index: CorpusIndex, f: Filter) -> list[str]:
    """The files of the cables of ``f``, sorted."""
    return sorted(h.file for h in index.hits(index.keys(f)))


def copy_count(index: CorpusIndex, f: Filter | None = None) -> int:
    counts = index.facets(f if f is not None else Filter())["copy"]
    return {v.value: v.count for v in counts}.get(OTHER_COPY, 0)


def answers(index: CorpusIndex) -> tuple[object, ...]:
    """What an analyst sees of the copies: the files marked, kept, counted, the facets."""
    return (
        files(index, ONLY),
        files(index, ONCE),
        files(index, Filter("minister -copy:other")),
        index.count(ONCE),
        copy_count(index),
        copy_count(index, Filter("radar")),
        index.facets(Filter()),
        index.facets(ONCE),
        index.facets(Filter("minister", exclude=frozenset({COPY}))),
    )


def same_as_fresh(folder: Path, index: CorpusIndex, cache: Path, answer: str) -> None:
    with CorpusIndex.open(folder, cache_dir=cache) as fresh:
        assert answers(refreshed(fresh, answer)) == answers(index)
    shutil.rmtree(cache)


def kept_is_the_views(index: CorpusIndex) -> None:
    """Each ID's one row without the value is the copy query.kept_copy names."""
    marked = set(index.keys(ONLY))
    for cable_id in {h.id for h in index.hits(index.keys(Filter())) if h.id}:
        copies = index.copies(cable_id)
        kept = kept_copy(copies)
        assert kept is not None
        assert {c.key for c in copies} - marked == {kept.key}, cable_id


def distinct_ids(index: CorpusIndex) -> int:
    hits = index.hits(index.keys(Filter()))
    return len({h.id.upper() for h in hits if h.id}) + sum(1 for h in hits if not h.id)


def test_every_copy_but_the_text_is_marked_and_each_cable_counts_once(
    tmp_path: Path, answer: str
) -> None:
    folder = tmp_path / "cables"
    write_copies(folder, THRICE)
    write_folder(folder, (ALONE,))
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        refreshed(index, answer)
        assert index.total() == 4
        assert files(index, ONLY) == [
            "body-with-html/07PRAGUE497.txt",
            "html/cable/2007/07PRAGUE497.html",
        ]
        assert copy_count(index) == 2
        assert files(index, ONCE) == ["2008/ROME/08ROME120.txt", "text/2007/07PRAGUE497.txt"]
        assert index.count(ONCE) == index.total() - copy_count(index) == distinct_ids(index) == 2
        # the query language and the facet choice are one
        assert files(index, Filter("-copy:other")) == files(index, ONCE)
        assert files(index, Filter("copy:other")) == files(index, ONLY)
        assert files(index, Filter("COPY:Other")) == files(index, ONLY)
        # every other facet counts each cable once
        once = index.facets(ONCE)
        assert {v.value: v.count for v in once["classification"]} == {
            "SECRET": 1,
            "CONFIDENTIAL": 1,
        }
        assert {v.value: v.count for v in once["year"]} == {"2007": 1, "2008": 1}
        # an excluded value's count is what clearing it brings back
        assert {v.value: v.count for v in once["copy"]} == {OTHER_COPY: 2}
        assert copy_count(index, Filter("beef")) == 0
        assert copy_count(index, Filter("radar")) == 2
        kept_is_the_views(index)
        same_as_fresh(folder, index, tmp_path / "fresh", answer)


def test_a_copy_added_or_removed_moves_the_mark(tmp_path: Path, answer: str) -> None:
    folder = tmp_path / "cables"
    paths = write_copies(folder, THRICE)
    write_folder(folder, (ALONE,))
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        refreshed(index, answer)
        assert files(index, ONCE) == ["2008/ROME/08ROME120.txt", "text/2007/07PRAGUE497.txt"]

        # the text goes: the WikiLeaks page is kept, the body alone marked
        text = paths["txt"].read_text(encoding="utf-8")
        paths["txt"].unlink()
        refreshed(index, answer)
        assert files(index, ONLY) == ["body-with-html/07PRAGUE497.txt"]
        assert files(index, ONCE) == ["2008/ROME/08ROME120.txt", "html/cable/2007/07PRAGUE497.html"]
        assert index.count(ONCE) == distinct_ids(index) == 2
        kept_is_the_views(index)
        same_as_fresh(folder, index, tmp_path / "fresh", answer)

        # a second text of the cable comes, in a folder named before "text": kept, the
        # rest marked; and a copy of the cable alone: the one cable now has two files
        (folder / "a").mkdir()
        (folder / "a" / "07PRAGUE497.txt").write_text(text, encoding="utf-8")
        (folder / "zz").mkdir()
        shutil.copy(folder / "2008" / "ROME" / "08ROME120.txt", folder / "zz")
        refreshed(index, answer)
        assert files(index, ONLY) == [
            "body-with-html/07PRAGUE497.txt",
            "html/cable/2007/07PRAGUE497.html",
            "zz/08ROME120.txt",
        ]
        assert files(index, ONCE) == ["2008/ROME/08ROME120.txt", "a/07PRAGUE497.txt"]
        assert copy_count(index) == 3
        assert index.count(ONCE) == distinct_ids(index) == 2
        kept_is_the_views(index)
        same_as_fresh(folder, index, tmp_path / "fresh", answer)

        # every copy but one of each goes: nothing is marked
        for gone in ("a/07PRAGUE497.txt", "body-with-html/07PRAGUE497.txt", "zz/08ROME120.txt"):
            (folder / gone).unlink()
        refreshed(index, answer)
        assert files(index, ONLY) == []
        assert copy_count(index) == 0
        assert index.count(ONCE) == index.total() == 2
        same_as_fresh(folder, index, tmp_path / "fresh", answer)


def test_a_text_of_the_body_alone_is_not_kept_over_the_whole_cable(
    tmp_path: Path, answer: str
) -> None:
    """A .txt holding only the body (no leftover HTML, so of the kind "txt"), in a folder
    whose name sorts first: the whole cable, longer, is kept."""
    folder = tmp_path / "cables"
    paths = write_copies(folder, THRICE)
    bare = paths["body"].read_text(encoding="utf-8").replace("<code><pre>", "")
    bare = re.sub(r"<a [^>]*>\u00b6</a>|</pre></code>", "", bare).replace("<br>", "\n")
    paths["body"].write_text(bare, encoding="utf-8")
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        refreshed(index, answer)
        hits = index.hits(index.keys(Filter()))
        formats = {h.file: index.cable(h.key).source.format for h in hits}
        assert formats["body-with-html/07PRAGUE497.txt"] == "txt"
        assert files(index, ONCE) == ["text/2007/07PRAGUE497.txt"]
        kept_is_the_views(index)
        same_as_fresh(folder, index, tmp_path / "fresh", answer)


def test_cables_without_an_id_are_never_copies(tmp_path: Path, answer: str) -> None:
    folder = tmp_path / "cables"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text("Notes from a meeting, no cable.\n", encoding="utf-8")
    write_folder(folder, (ALONE,))
    with CorpusIndex.open(folder, cache_dir=tmp_path / "cache") as index:
        refreshed(index, answer)
        assert sorted(h.id for h in index.hits(index.keys(Filter()))) == ["", "", "", "08ROME120"]
        assert files(index, ONLY) == []
        assert index.count(ONCE) == index.total() == distinct_ids(index) == 4


def test_the_values_the_folder_decides() -> None:
    assert FOLDER_VALUE_NAMES == {("check", FOLDER_CHECK), COPY}
    assert [v.facet for v in FOLDER_VALUES] == ["check", "copy"]
