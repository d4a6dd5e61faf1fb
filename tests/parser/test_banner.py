"""reader.parser.banner: the banner taken, its ID claims, and the fallbacks without one."""

from __future__ import annotations

from reader.model.records import Section
from reader.parser.banner import Banner
from reader.parser.lines import LineMaker, LineQueue
from reader.parser.markings import parse_banner


def _take(banner: Banner, text: str, *, later: bool = False) -> list[str]:
    """Take the banner on the first line of ``text``; the lines left in the queue."""
    queue = LineQueue(LineMaker(text), len(text))
    line = queue.popleft()
    parts = parse_banner(line.text)
    assert parts is not None, line.text
    banner.take(line, parts, queue, later=later)
    left = []
    while queue:
        left.append(queue.popleft().text)
    return left


def test_a_banner_gives_level_post_serial_and_a_claim():
    banner = Banner()
    assert _take(banner, "C O N F I D E N T I A L PARIS 002725\nnext") == ["next"]
    assert (banner.classification, banner.post, banner.serial) == (
        "CONFIDENTIAL",
        "PARIS",
        "002725",
    )
    assert banner.marking is not None and banner.marking.level == "C"
    (claim,) = banner.claims
    assert (claim.source, claim.post, claim.serial) == ("banner", "PARIS", 2725)


def test_what_follows_the_serial_goes_back_to_the_queue():
    banner = Banner()
    left = _take(banner, "SECRET PARIS 002725 SUBJECT: TALKS\nnext")
    assert left == ["SUBJECT: TALKS", "next"]


def test_a_second_banner_replaces_the_first_and_its_claim_is_a_later_ones():
    banner = Banner()
    _take(banner, "SECRET PARIS 002725")
    _take(banner, "UNCLAS ROME 000012")
    assert (banner.classification, banner.post, banner.serial) == ("UNCLASSIFIED", "ROME", "000012")
    assert [c.source for c in banner.claims] == ["banner", "later banner"]
    other = Banner()
    _take(other, "SECRET PARIS 002725", later=True)  # an outer header claimed first
    assert [c.source for c in other.claims] == ["later banner"]


def test_a_section_mark_read_as_the_post_is_mended():
    banner = Banner()
    _take(banner, "C O N F I D E N T I A L ECTION 01 OF 02 MANAMA 000492")
    assert (banner.post, banner.serial, banner.section) == ("MANAMA", "000492", Section(1, 2))


def test_forget_keeps_the_claims():
    banner = Banner()
    _take(banner, "SECRET PARIS 002725")
    banner.forget()
    assert (banner.classification, banner.marking, banner.post, banner.serial) == (
        None,
        None,
        None,
        None,
    )
    assert len(banner.claims) == 1


def test_without_a_banner_the_containers_level_then_the_security_code():
    banner = Banner()
    banner.from_container("CONFIDENTIAL")
    assert banner.classification == "CONFIDENTIAL"
    assert not banner.from_security_code("SSSSS")  # a level is taken already
    bare = Banner()
    bare.from_container(None)
    assert bare.classification is None
    assert bare.from_security_code("SSSSS")
    assert bare.classification == "SECRET" and bare.marking is not None
    assert not Banner().from_security_code(None)
    assert not Banner().from_security_code("QQQQQ")  # no level of that letter
