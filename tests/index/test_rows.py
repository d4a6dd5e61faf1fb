"""The row the index stores for a cable: bounded whatever the cable holds."""

from __future__ import annotations

import zlib
from pathlib import Path

from reader.index.database import unpack_text
from reader.index.rows import (
    MAX_SUBJECT_CHARS,
    cable_row,
    container_problems,
    header_row,
    meta_from_json,
    meta_to_json,
    pack_text,
)
from reader.model.records import ContainerMeta, Problem
from reader.parser.parse import parse_cable


def test_a_subject_that_runs_on_for_megabytes_is_bounded_in_the_index() -> None:
    cable = parse_cable("UNCLAS STATE 000001\n\nSUBJECT: " + "WORD " * 400_000 + "\n\n1. (U) X.\n")
    assert len(cable.subject or "") > 1_000_000  # what the parser found
    subject = cable_row(cable, 0).subject
    assert len(subject) == MAX_SUBJECT_CHARS and subject.startswith("WORD WORD")
    assert subject.endswith("…")
    short = parse_cable("UNCLAS STATE 000002\n\nSUBJECT: A  SHORT   ONE\n\n1. (U) X.\n")
    assert cable_row(short, 0).subject == "A SHORT ONE"


def test_a_texts_packed_copy_is_zlibs_format_read_back_whole() -> None:
    """pack_text (ISA-L's deflate) writes what zlib reads: an index made with zlib's own
    compress reads the same way, and every level ISA-L has gives the text back."""
    text = "UNCLAS STATE 000001\n\nSUBJECT: A CAFÉ\n\n1. (U) \u2028 \udcff Text.\n" * 50
    for level in (0, 1, 2, 3):
        packed = pack_text(text, level)
        assert zlib.decompress(packed) == text.encode("utf-8", "surrogatepass")
        assert unpack_text(packed) == text
    cable = parse_cable(text)
    for row in (cable_row(cable, 0), header_row(cable, 0)):
        assert len(row.packed) < len(text) // 4 and unpack_text(row.packed) == cable.text


def test_a_row_keeps_the_metadata_it_is_given_else_the_cables_own() -> None:
    """parse_file hands the row the container's metadata and problems (the cable's may have a
    dumped record's merged in); without them the row keeps the cable's."""
    given = ContainerMeta(reference_id="06PARIS1", classification="SECRET")
    added = (Problem("csv-row", "row 3 has 7 columns, expected 8"),)
    cable = parse_cable("UNCLAS STATE 000001\n\nSUBJECT: X\n\n1. (U) X.\n", meta=given)
    for make in (cable_row, header_row):
        assert make(cable, 0).meta == meta_to_json(cable.meta)
        kept = make(cable, 0, kept_meta=(ContainerMeta(origin="Embassy Paris"), added)).meta
        assert meta_from_json(kept) == ContainerMeta(origin="Embassy Paris")
        assert container_problems(kept) == added
        assert make(cable, 0, kept_meta=(None, ())).meta is None


# The origin when neither the container nor an FM line names it: the cable ID's post, which
# the parser decided from every claim (file name, banner, header), not the banner's spelling.

_DAMAGED_BANNER = (
    "C O N F I D E N T I A L SECTION 01 OF 02 {post} 000021\n\n"
    "E.O. 12958: DECL: 01/01/2018\nTAGS: PGOV KG\nSUBJECT: A SUBJECT\n\n1. (C) Text.\n"
)


def _origin(text: str, path: str) -> str:
    from reader.index.rows import origin_of
    from reader.model.records import Source

    return origin_of(parse_cable(text, source=Source(path, "body")))


def test_a_banner_post_spelt_a_letter_wrong_does_not_become_the_origin() -> None:
    # 08BISHKEK21 in the body-with-html copy: "SECTION 01 OF 02 BISHIEK 000021"
    text = _DAMAGED_BANNER.format(post="BISHIEK")
    cable = parse_cable(text, source=None)
    assert cable.banner_post == "BISHIEK"  # what the banner says, kept as it is
    assert _origin(text, "body/08BISHKEK21.txt") == "Embassy Bishkek"


def test_a_redacted_banner_post_gives_way_to_the_ids() -> None:
    # 10SHENYANG4 in the body-with-html copy: "SECTION 01 OF 02 XXXXXXXXXXXX 000004"
    text = _DAMAGED_BANNER.format(post="XXXXXXXXXXXX")
    assert _origin(text, "body/10SHENYANG21.txt") == "Consulate Shenyang"


def test_another_posts_banner_leaves_the_ids_origin_and_is_named_as_a_conflict() -> None:
    # 10MEXICO614 holds ISLAMABAD 000416's text: the release, its page and the ID say Mexico
    from reader.model.records import Source

    text = _DAMAGED_BANNER.format(post="ISLAMABAD")
    assert _origin(text, "body/08MEXICO21.txt") == "Embassy Mexico"
    named = parse_cable(text, source=Source("body/08MEXICO21.txt", "body"))
    assert [p.code for p in named.problems] == ["id-conflict"]
    assert "ISLAMABAD" in named.problems[0].message
    # no ID (no year to make one of the banner): the banner's post is the origin
    assert parse_cable(text, source=Source("body/no-id.txt", "body")).id is None
    assert _origin(text, "body/no-id.txt") == "Embassy Islamabad"


def test_the_same_cable_has_one_origin_in_every_format(shared_cables) -> None:  # type: ignore[no-untyped-def]
    """Copies whose banner is damaged (BISHIEK, QRIPOLI, redacted) or another post's: the
    body-with-html copy, with no FM line, took the banner's post and disagreed with the others."""
    from reader.index.rows import origin_of
    from reader.parser.containers import read_cables

    for stem, year, html, origin in (
        ("08SECTION01GF02BISHIEK21", "2008", None, "Embassy Bishkek"),
        ("09TRIPOLI583", "2009", None, "Embassy Tripoli"),
        ("10SHENYANG4", "2010", "2010/01/10SHENYANG4.html", "Consulate Shenyang"),
        ("10MEXICO614", "2010", "2010/02/10MEXICO614.html", "Embassy Mexico"),
    ):
        paths = [shared_cables / "body-with-html" / f"{stem}.txt"]
        paths.append(shared_cables / "text" / year / f"{stem}.txt")
        if html is not None:
            paths.append(shared_cables / "html" / "cable" / html)
        origins = [origin_of(next(iter(read_cables(p)))) for p in paths]
        assert origins == [origin] * len(paths), (stem, origins)


def test_a_post_no_routing_indicator_names_keeps_its_words() -> None:
    # body-with-html 09RPODUBAI177, 07IRANRPODUBAI18, 09AITTAIPEI975: no FM line, no banner
    # post the station table knows; the text copies' FM lines say "RPO Dubai", "AIT Taipei"
    text = "1. (C) Text.\n"
    assert _origin(text, "body/09RPODUBAI177.txt") == "RPO Dubai"
    assert _origin(text, "body/07IRANRPODUBAI18.txt") == "Iran RPO Dubai"
    assert _origin(text, "body/09AITTAIPEI975.txt") == "AIT Taipei"
    assert _origin(text, "body/75TEHRAN2069.txt") == "Tehran"


def test_an_id_made_of_a_file_name_or_a_broken_row_invents_no_post(tmp_path: Path) -> None:
    """An ID taken from a file name or a cut-off cables.csv row's cell whose post no table
    knows gave the origin "Broken" (00BROKEN1): the origin is unknown. A post the text's
    banner says keeps its words; a known post's station stays."""
    from reader.index.rows import origin_of
    from reader.parser.containers import read_cables
    from reader.query.query import NONE

    assert _origin("some words, no cable\n", "body/00BROKEN1.txt") == NONE
    assert _origin("UNCLAS FOOBAR 000009\n\n1. Text.\n", "body/07FOOBAR9.txt") == "Foobar"
    assert _origin("some words, no cable\n", "body/07PRAGUE9.txt") == "Embassy Prague"
    path = tmp_path / "cables.csv"
    path.write_text(
        '"1","12/28/1966 18:48","00BROKEN1","Embassy Pr\n'
        '"2","12/28/1966 18:48","07PRAGUE502","Embassy Pr\n'
    )
    broken, cut = read_cables(path)
    assert (broken.id, origin_of(broken)) == ("00BROKEN1", NONE)
    assert (cut.id, origin_of(cut)) == ("07PRAGUE502", "Embassy Prague")


def test_a_regional_embassy_office_is_the_station_of_its_post() -> None:
    # body-with-html 10BASRAH1: no FM line; the routing book's RUEHBC is "REO BASRAH", as
    # the text copy's FM line says
    from reader.index.rows import origin_key, station_display, station_key

    assert _origin("1. (C) Text.\n", "body/10BASRAH1.txt") == "REO Basrah"
    assert station_display("REO BASRAH") == "REO Basrah"
    assert station_key("REO BASRAH") == origin_key("REO Basrah") == ("REO ", "BAS")


# One routing indicator serves two stations of a place (RUEHBS: the Embassy and USEU in
# Brussels; RUEHOS: the Embassy and the Consulate in Lagos; RUEHPS: the Embassy and the US
# Office in Pristina, the routing book spelling it PRINSTINA): with no FM line the ID cannot
# tell them apart, so the origin is the station the text names, else the place alone.

_NO_HEADER = (
    "C O N F I D E N T I A L SECTION 01 OF 02 {post} 000021\n\nE.O. 12958: DECL: 01/01/2019\n"
    "TAGS: PREL EUN\nSUBJECT: A SUBJECT\n\nClassified By: {by}, reasons 1.4 (b) and (d)\n\n"
    "1. (C) {text}\n"
)


def test_a_post_with_two_stations_on_one_routing_indicator_is_the_one_its_text_names() -> None:
    def origin(post: str, by: str, text: str) -> str:
        cable = _NO_HEADER.format(post=post, by=by, text=text)
        return _origin(cable, f"body/09{post}21.txt")

    assert origin("BRUSSELS", "USEU POLOFF A. Name", "Text.") == "USEU Brussels"
    assert origin("BRUSSELS", "Charge A. Name", "The USEU EconOff met them.") == "USEU Brussels"
    assert origin("BRUSSELS", "Ambassador A. Name", "Embassy Brussels welcomes you.") == (
        "Embassy Brussels"
    )
    assert origin("LAGOS", "Consul General A. Name", "Consulate General Lagos is big.") == (
        "Consulate Lagos"
    )
    # named by neither, or by both: the place, not a station picked blind
    assert origin("BRUSSELS", "Ambassador A. Name", "Text.") == "Brussels"
    assert origin("BRUSSELS", "USEU POLOFF A. Name", "Embassy Brussels agrees.") == "Brussels"
    assert origin("LAGOS", "Consul General A. Name", "The Embassy in Lagos, then.") == "Lagos"
    assert origin("BRUSSELS", "Ambassador A. Name", "USEUCOM's staff.") == "Brussels"
    assert origin("PRISTINA", "Ambassador A. Name", "Text.") == "Pristina"
    assert origin("PRISTINA", "Ambassador A. Name", "Embassy Pristina hosted.") == (
        "Embassy Pristina"
    )
    # a post with one station keeps it, whatever the text names
    assert origin("PRAGUE", "Ambassador A. Name", "USEU and Embassy Brussels.") == (
        "Embassy Prague"
    )


def test_copies_of_a_two_station_posts_cable_agree_where_the_text_names_the_station(
    shared_cables,  # type: ignore[no-untyped-def]
) -> None:
    """The body-with-html copies said Embassy Brussels and Embassy Lagos where the text and
    html copies' FM lines and pages say USEU Brussels and Consulate Lagos; their texts name
    the station (Classified By: USEU Pol M-C ...; Consulate General Lagos is ...)."""
    from reader.index.rows import origin_of
    from reader.parser.containers import read_cables

    for stem, year, html, origin in (
        ("09BRUSSELS1048", "2009", None, "USEU Brussels"),
        ("09BRUSSELS269", "2009", "2009/02/09BRUSSELS269.html", "USEU Brussels"),
        ("10LAGOS75", "2010", "2010/02/10LAGOS75.html", "Consulate Lagos"),
        ("09BRUSSELS1580", "2009", None, "Embassy Brussels"),
    ):
        paths = [shared_cables / "body-with-html" / f"{stem}.txt"]
        paths.append(shared_cables / "text" / year / f"{stem}.txt")
        if html is not None:
            paths.append(shared_cables / "html" / "cable" / html)
        origins = [origin_of(next(iter(read_cables(p)))) for p in paths]
        assert origins == [origin] * len(paths), (stem, origins)
