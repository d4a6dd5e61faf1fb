"""The references graph: cites, cited by, and threads up and down, cycle-safe.

Built from the sample cables' REF lines (resources/samples/README.md lists the two
invented threads) and from a real cluster in ../shared/cables: the NATO statement on
Georgia that sixteen posts answered in August 2008.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model.records import Cable
from reader.parser.containers import read_cables
from reader.review.graph import ReferenceGraph, ThreadNode

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def pairs(cables: list[Cable]) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.id or "", tuple(r.id for r in c.references if r.id)) for c in cables]


@pytest.fixture(scope="module")
def samples() -> ReferenceGraph:
    cables = [
        cable
        for path in sorted(SAMPLES.rglob("*"))
        if path.suffix in (".txt", ".html", ".csv")
        for cable in read_cables(path)
    ]
    return ReferenceGraph.build(pairs(cables))


def rows(node: ThreadNode) -> list[tuple[int, str, str]]:
    """(depth, id, flags) in display order; flags: m missing, r repeated, c cycle."""
    out = []
    for depth, n in node.walk():
        flags = (
            ("" if n.in_folder else "m") + ("r" if n.repeated else "") + ("c" if n.cycle else "")
        )
        out.append((depth, n.id, flags))
    return out


def test_cites_in_ref_order_and_cited_by(samples: ReferenceGraph) -> None:
    assert len(samples) == 44
    assert samples.cites("07PRAGUE540") == ("07PRAGUE512", "07STATE58211")
    assert samples.cited_by("07PRAGUE540") == ("07ANKARA1391", "07STATE71840")
    assert samples.cited_by("07ANKARA1391") == ("07STATE71840", "09ANKARA1234")
    assert samples.missing("07ANKARA1391") == ("07ANKARA1322",)
    # across containers: the HTML page, the CSV row and the body-only file
    assert "08TOKYO1966" in samples.cited_by("05TOKYO3310")
    assert "06MOSCOW10412" in samples.cited_by("05MOSCOW9015")
    assert samples.cited_by("03ANKARA2874") == ("04ANKARA5508",)


def test_from_cables_takes_the_csv_referenced_ids_too() -> None:
    cables = list(read_cables(SAMPLES / "csv" / "cables.csv"))
    graph = ReferenceGraph.from_cables(cables)
    assert "05MOSCOW9015" in graph.cites("06MOSCOW10412")
    assert "09BRASILIA1102" in graph.cites("10BRASILIA118")


def test_ids_are_matched_whatever_their_case(samples: ReferenceGraph) -> None:
    assert "07prague540" in samples and " 07PRAGUE540 " in samples
    assert samples.cites("07prague540") == samples.cites("07PRAGUE540")
    assert "07PRAGUE471" not in samples  # cited, not held
    assert samples.cites("99NOWHERE1") == () and samples.cited_by("99NOWHERE1") == ()


def test_thread_up_walks_what_a_cable_cites(samples: ReferenceGraph) -> None:
    up = samples.thread("08ABUDHABI744").up
    assert rows(up) == [
        (0, "08ABUDHABI744", ""),
        (1, "07STATE71840", ""),
        (2, "07ANKARA1391", ""),
        (3, "07PRAGUE540", "r"),
        (3, "07STATE58211", "r"),
        (3, "07ANKARA1322", "m"),
        (2, "07PRAGUE540", ""),
        (3, "07PRAGUE512", "r"),
        (3, "07STATE58211", "r"),
        (2, "07PRAGUE512", ""),
        (3, "07STATE58211", "r"),
        (3, "07PRAGUE471", "m"),
        (2, "07STATE58211", ""),
        (3, "06STATE187310", "m"),
        (3, "07PRAGUE338", "m"),
        (2, "07ABUDHABI612", "m"),
        (1, "08ABUDHABI698", "m"),
    ]


def test_thread_down_walks_what_cites_a_cable_to_a_depth(samples: ReferenceGraph) -> None:
    thread = samples.thread("09NAIROBI1611", depth=2)
    # cited_by keeps the order the cables were given: here, by file path
    assert rows(thread.down) == [
        (0, "09NAIROBI1611", ""),
        (1, "09NAIROBI1702", ""),
        (2, "10NAIROBI212", ""),
        (2, "09USUNNEWYORK812", ""),
        (1, "09STATE78854", ""),
        (2, "09NAIROBI1702", "r"),
        (2, "09USUNNEWYORK741", "r"),
        (1, "09USUNNEWYORK741", ""),
        (2, "09NAIROBI1702", "r"),
        (2, "09USUNNEWYORK812", "r"),
    ]
    assert thread.ids() >= {"09NAIROBI1480", "10NAIROBI212"}  # up: a cable not in the folder
    everything = samples.thread("09NAIROBI1611").down
    assert "10TOKYO2215" in {n.id for _, n in everything.walk()}


def test_cycles_and_self_references_end() -> None:
    graph = ReferenceGraph.build(
        [("A", ("B", "A")), ("B", ("C",)), ("C", ("A", "X")), ("a", ("D",))]
    )
    assert graph.cites("A") == ("B", "D")  # self-reference dropped; "a" is "A" again
    assert rows(graph.thread("A").up) == [
        (0, "A", ""),
        (1, "B", ""),
        (2, "C", ""),
        (3, "A", "c"),
        (3, "X", "m"),
        (1, "D", "m"),
    ]
    assert rows(graph.thread("A").down) == [(0, "A", ""), (1, "C", ""), (2, "B", ""), (3, "A", "c")]
    assert rows(graph.thread("A", depth=0).up) == [(0, "A", "")]


def test_a_real_cluster(shared_cables: Path) -> None:
    """16 posts reported back on the NATO statement on Georgia that 08STATE85678 asked for."""
    text = shared_cables / "text" / "2008"
    citing = ["08ANKARA1426", "08BERLIN1095", "08OSLO452", "08ROME1018", "08USNATO282"]
    cables = [c for name in ["08STATE85678", *citing] for c in read_cables(text / f"{name}.txt")]
    graph = ReferenceGraph.build(pairs(cables))
    assert graph.cited_by("08STATE85678") == tuple(citing)
    assert all("08STATE85678" in graph.cites(name) for name in citing)
    down = graph.thread("08STATE85678").down
    assert [n.id for n in down.children] == citing



def test_a_cable_does_not_cite_itself_where_its_record_lists_its_own_id() -> None:
    """06MEXICO505's dumped record lists its own ID among its references: it cites what
    else it lists, never itself (the index's refs, ref:, cited by and the thread)."""
    from reader.model.records import ContainerMeta
    from reader.parser.parse import parse_cable
    from reader.review.graph import cited_ids

    text = "UNCLAS MEXICO 000505\n\nSUBJECT: A NOTE\n\nREF: A. STATE 1234\n\n1. (U) Text.\n"
    meta = ContainerMeta(reference_id="06MEXICO505",
                         referenced_ids=("06MEXICO505", "06STATE9", "06mexico505"))  # fmt: skip
    cable = parse_cable(text, meta=meta)
    assert cable.id == "06MEXICO505"
    assert "06MEXICO505" not in cited_ids(cable) and "06STATE9" in cited_ids(cable)
