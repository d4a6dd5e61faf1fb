"""A cable's reference thread read from the index: the sample folder's chain of seven."""

from __future__ import annotations

from reader.index.store import CorpusIndex
from reader.index.threads import read_thread
from reader.review.graph import ThreadNode

#: resources/samples/README.md, thread 1: each cites the one before
CHAIN = [
    "07STATE58211",
    "07PRAGUE512",
    "07PRAGUE540",
    "07ANKARA1391",
    "07STATE71840",
    "08ABUDHABI744",
    "09STATE112407",
]


def _shape(node: ThreadNode) -> list[tuple[int, str, bool, bool]]:
    return [(d, n.id, n.in_folder, n.repeated) for d, n in node.walk()]


def test_cites_lists_what_a_cable_refers_to(samples_index: CorpusIndex) -> None:
    assert samples_index.cites("07PRAGUE540") == ["07PRAGUE512", "07STATE58211"]
    assert samples_index.cites("07prague512") == ["07PRAGUE471", "07STATE58211"]
    assert samples_index.cites("99NOWHERE1") == []


def test_the_thread_of_the_middle_of_the_chain(samples_index: CorpusIndex) -> None:
    found = read_thread(samples_index, "07PRAGUE540")
    up, down = found.thread.up, found.thread.down
    assert _shape(up) == [
        (0, "07PRAGUE540", True, False),
        (1, "07STATE58211", True, False),  # by date: 26 April before 9 May
        (2, "06STATE187310", False, False),
        (2, "07PRAGUE338", False, False),
        (1, "07PRAGUE512", True, False),
        (2, "07STATE58211", True, True),  # shown above already
        (2, "07PRAGUE471", False, False),
    ]
    assert _shape(down)[:3] == [
        (0, "07PRAGUE540", True, False),
        (1, "07ANKARA1391", True, False),
        (2, "07STATE71840", True, True),  # cited by 07PRAGUE540 itself: one level up
    ]
    assert {n.id for _, n in down.walk()} == set(CHAIN[2:]) | {"09ANKARA1234"}
    assert not found.cut
    assert found.in_folder("07prague512") and not found.in_folder("07PRAGUE471")
    assert found.hits["07STATE71840"].subject.startswith("MACHINE-TOOL CASE: THANKS")


def test_the_whole_chain_is_walked_up_from_its_last_cable(samples_index: CorpusIndex) -> None:
    found = read_thread(samples_index, CHAIN[-1])
    expanded = [n.id for _, n in found.thread.up.walk() if n.in_folder and not n.repeated]
    assert sorted(expanded) == sorted(CHAIN)
    assert found.thread.down.children == ()
    assert set(found.hits) == set(CHAIN)


def test_a_thread_larger_than_the_limit_is_cut(samples_index: CorpusIndex) -> None:
    whole = read_thread(samples_index, CHAIN[0])
    found = read_thread(samples_index, CHAIN[0], limit=3)
    assert found.cut and not whole.cut
    assert len(list(found.thread.down.walk())) < len(list(whole.thread.down.walk()))
