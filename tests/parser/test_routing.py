"""reader.parser.routing: the routing header's lines, each read by the reader its first word
names, into a RoutingHeader that keeps the first of each field.

The lines follow the seed's header (FORMAT.md): ``VZCZCXRO0497``, ``PP RUEHWEB``,
``DE RUEHPG #0497 1271501``, ``ZNY CCCCC ZZH``, ``P 071501Z MAY 08``, ``FM AMEMBASSY PRAGUE``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from reader.parser.lines import LineMaker, LineQueue
from reader.parser.routing import HEADER_WORDS, NOT_MINE, READERS, RoutingHeader


def _read(header: RoutingHeader, text: str, block: str | None = None):
    """Read the first line of ``text`` with the reader its first word names; the answer and
    the lines left in the queue."""
    queue = LineQueue(LineMaker(text), len(text))
    line = queue.first()
    word = line.text.split(None, 1)[0]
    kind = "vzczc" if word.startswith("VZCZC") else HEADER_WORDS[word]
    result = READERS[kind](header, line, queue, block)
    rest = []
    while queue:
        rest.append(queue.popleft().text)
    return result, rest


def _line():
    return LineQueue(LineMaker("x"), 1).first()


def _header() -> RoutingHeader:
    return RoutingHeader({}, [])


def test_every_kind_of_line_has_its_reader():
    assert set(HEADER_WORDS.values()) | {"vzczc"} == set(READERS)


def test_the_transmission_id_and_what_runs_on_after_it():
    head = _header()
    result, rest = _read(head, "VZCZCXRO0497 PP RUEHWEB\nnext")
    assert result is None
    assert head.transmission_id == "VZCZCXRO0497"
    assert rest == ["PP RUEHWEB", "next"]  # the rest of the line is read next
    assert head.fields == {"transmission_id": 1}


def test_a_second_transmission_id_is_read_and_dropped():
    head = _header()
    _read(head, "VZCZCXRO0497")
    result, rest = _read(head, "VZCZCXYZ0001 PP RUEHC")
    assert (result, rest) == (None, [])
    assert head.transmission_id == "VZCZCXRO0497"


def test_the_routing_line_opens_the_routing_indicators_block():
    head = _header()
    result, _ = _read(head, "PP RUEHWEB RUEHC")
    assert result == "ri"
    assert (head.routing_precedence, head.ris) == ("PP", ["RUEHWEB", "RUEHC"])
    assert _read(head, "RR RUEHXX")[0] is None  # a second routing line adds nothing
    assert head.ris == ["RUEHWEB", "RUEHC"]


def test_a_word_that_only_looks_like_a_header_word_is_not_taken():
    head = _header()
    result, rest = _read(head, "PP and then some prose")
    assert result is NOT_MINE
    assert rest == ["PP and then some prose"]  # left in the queue for the next test
    assert _read(head, "TO")[0] is NOT_MINE  # TO without addressees
    assert _read(head, "BT BT")[0] is NOT_MINE
    assert _read(head, "ACTION IS NEEDED")[0] is NOT_MINE
    assert _read(head, "PAGE TWO")[0] is NOT_MINE
    assert head.fields == {}


def test_de_and_security_lines():
    head = _header()
    assert _read(head, "DE RUEHPG #0497 1271501")[0] is None
    assert head.de is not None and head.de.station == "RUEHPG" and head.de.serial == "0497"
    assert _read(head, "ZNY CCCCC ZZH")[0] is None
    assert (head.security_code, head.security_line) == ("CCCCC", "ZNY CCCCC ZZH")
    assert list(head.fields) == ["de", "security"]


def test_the_dtg_gives_date_and_precedence_once():
    head = _header()
    assert _read(head, "P 071501Z MAY 08")[0] is None
    assert head.dtg == datetime(2008, 5, 7, 15, 1, tzinfo=UTC)
    assert head.precedence == "PRIORITY"
    _read(head, "O 081200Z MAY 08")
    assert head.dtg == datetime(2008, 5, 7, 15, 1, tzinfo=UTC)  # the first one holds


def test_a_dtg_line_inside_an_address_block_is_not_a_dtg():
    head = _header()
    assert _read(head, "R 071501Z MAY 08", block="to")[0] is NOT_MINE
    assert head.dtg is None


def test_a_dtg_that_is_no_real_date_is_a_problem():
    head = _header()
    _read(head, "P 311501Z FEB 08")
    assert head.dtg is None
    assert [(p.code, p.line) for p in head.problems] == [("bad-dtg", 1)]
    assert head.fields == {"dtg": 1}


def test_a_bare_dtg_on_a_line_of_its_own():
    head = _header()
    queue = LineQueue(LineMaker("311333Z Mar 05"), 14)
    assert head.bare_dtg("311333Z Mar 05", queue.first())
    assert head.dtg == datetime(2005, 3, 31, 13, 33, tzinfo=UTC)
    assert not _header().bare_dtg("311333Z Feb 05", queue.first())


def test_from_to_and_info_fill_the_addresses():
    head = _header()
    assert _read(head, "FM AMEMBASSY PRAGUE")[0] is None
    assert head.from_ is not None and head.from_.name == "AMEMBASSY PRAGUE"
    assert _read(head, "TO RUEHC/SECSTATE WASHDC 9007")[0] == "to"
    assert [a.name for a in head.to] == ["SECSTATE WASHDC"]
    assert _read(head, "INFO RUEHBS/USEU BRUSSELS")[0] == "info"
    assert [a.name for a in head.info] == ["USEU BRUSSELS"]
    # a second TO block (a dumped copy's) is skipped
    assert _read(head, "TO RUEHXX/AMEMBASSY PARIS")[0] == "skip"
    assert [a.name for a in head.to] == ["SECSTATE WASHDC"]
    head.address("RUEHFR/AMEMBASSY PARIS 0001", _line(), "to")
    assert [a.name for a in head.to] == ["SECSTATE WASHDC", "AMEMBASSY PARIS"]
    head.address("RUEHFR/AMEMBASSY ROME", _line(), "skip")
    assert len(head.to) + len(head.info) == 3


def test_info_before_any_header_field_is_prose_and_a_distribution_list_is_no_address():
    head = _header()
    assert _read(head, "INFO RUEHBS/USEU BRUSSELS")[0] is NOT_MINE
    _read(head, "FM AMEMBASSY PRAGUE")
    assert _read(head, "INFO AF-00 INR-07 EUR-01")[0] == "dist"
    assert head.info == []


def test_block_words_keep_or_open_a_block():
    head = _header()
    assert _read(head, "XMT AMCONSUL X")[0] == "xmt"
    assert _read(head, "BT")[0] == "keep"
    assert _read(head, "ACTION EUR-00")[0] == "keep"
    assert _read(head, "PAGE 02 HARARE 05461 01 OF 02 271458Z")[0] == "keep"


def test_without_addressees_the_lines_are_read_the_same_and_no_address_is_made():
    """parse_header's header (addressees=False): a TO or INFO line ends or opens the same
    block and goes out of the queue, the fields say where it was, and no address is made."""
    text = "TO RUEHC/SECSTATE WASHDC PRIORITY 9007\nRUEHFR/AMEMBASSY PARIS 0001\n"
    for kind in ("to", "info"):
        line_text = text.replace("TO", kind.upper(), 1)
        made, bare = _header(), RoutingHeader({}, [], addressees=False)
        made.fields["dtg"] = bare.fields["dtg"] = 5  # an INFO line follows a header field
        assert _read(made, line_text) == _read(bare, line_text) == (kind, [text.split("\n")[1]])
        assert made.fields == bare.fields == {"dtg": 5, kind: 1}
        assert [a.name for a in getattr(made, kind)] == ["SECSTATE WASHDC"]
        line = LineQueue(LineMaker(text), len(text)).first()
        made.address("RUEHFR/AMEMBASSY PARIS 0001", line, kind)
        bare.address("RUEHFR/AMEMBASSY PARIS 0001", line, kind)
        assert len(getattr(made, kind)) == 2 and getattr(bare, kind) == []


def test_the_header_parse_makes_no_addressees_and_reads_the_rest_as_the_full_parse():
    from reader.parser.parse import parse_cable, parse_header

    text = (
        "VZCZCXRO0497\nPP RUEHWEB\nDE RUEHPG #0497 1271501\nZNY CCCCC ZZH\n"
        "P 071501Z MAY 08\nFM AMEMBASSY PRAGUE\nTO RUEHC/SECSTATE WASHDC PRIORITY 0187\n"
        "INFO RUEHBS/AMEMBASSY BRUSSELS 0001\nBT\nC O N F I D E N T I A L PRAGUE 000497\n\n"
        "SIPDIS\n\nE.O. 12958: DECL: 05/07/2018\nTAGS: PREL PGOV EZ\n"
        "SUBJECT: A SUBJECT\n\nClassified By: A. Person, reasons 1.4 (b) and (d)\n\n"
        "1. (C) Text.\n"
    )
    full, quick = parse_cable(text), parse_header(text)
    assert [a.name for a in full.to] == ["SECSTATE WASHDC"]
    assert [a.name for a in full.info] == ["AMEMBASSY BRUSSELS"]
    assert quick.to == quick.info == ()
    for name in ("id", "date", "dtg", "from_", "de", "classification", "subject", "tags",
                 "handling", "precedence", "field_lines"):  # fmt: skip
        assert getattr(quick, name) == getattr(full, name), name
