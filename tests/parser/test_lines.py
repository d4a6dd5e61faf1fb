"""The line source: lines made a batch at a time, each screened only when it is taken."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.parser.lines import Line, LineMaker, LineQueue, line_separator

_PIECES = ["ab", "  ", "\n", "\r\n", "\r", "\t", "x\ty\tz", "C O N F\tVZCZC", "1,2", "\\", "¶"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _plain_lines(source: str) -> list[tuple[int, int, int, str]]:
    """What a line is, written out plainly: every physical line, blanks and a ``\\`` cut
    from its end (tabs aside, which the test leaves out)."""
    out = []
    sep = line_separator(source)
    pos = 0
    for number, raw in enumerate(source.split(sep), 1):
        text = raw.rstrip()
        text = text[:-1].rstrip() if text.endswith("\\") else text
        if pos + len(raw) < len(source) or raw:
            out.append((number, pos, pos + len(text), text))
        pos += len(raw) + 1
    return out


@settings(max_examples=300, deadline=None)
@given(texts.filter(lambda t: "\t" not in t), st.integers(1, 5))
def test_lines_are_made_in_batches_as_one_at_a_time(text: str, batch: int) -> None:
    maker = LineMaker(text)
    made: list[Line] = []
    while more := maker.take(batch):
        made.extend(more)
    assert [(ln.number, ln.start, ln.end, ln.text) for ln in made] == _plain_lines(text)


def _numbered(n: int) -> str:
    return "\n".join(f"{k} line" if k % 3 else f"S{k} screened" for k in range(1, n + 1))


def test_a_line_is_screened_when_taken_and_only_then() -> None:
    seen: list[int] = []

    def screen(line: Line, queue: LineQueue) -> list[Line]:
        seen.append(line.number)
        return [line]

    text = _numbered(40)
    queue = LineQueue(LineMaker(text), len(text), screen, frozenset("S"), screened=20)
    assert queue.first().number == 1 and seen == []
    queue.ahead(0, 3)  # lines 1 to 3 taken: the third is screened, not the sixth
    assert seen == [3]
    taken = []
    while queue:
        taken.append(queue.popleft().number)
    assert taken == list(range(1, 41))
    assert seen == [3, 6, 9, 12, 15, 18]  # only the first twenty lines are screened


def test_a_screen_can_drop_put_back_and_look_ahead() -> None:
    screened: list[str] = []

    def screen(line: Line, queue: LineQueue) -> list[Line]:
        screened.append(line.text)
        if line.number == 3:
            assert [ln.number for ln in queue.upcoming(2)] == [4, 5]
            queue.drop_upcoming(2)  # lines 4 and 5 left out
            return []  # and this one too
        if line.number == 6 and line.text != "S":
            queue.put_upcoming([Line(6, line.start, line.start + 1, "S")])  # screened again
            return [Line(6, line.start, line.end, "kept")]
        return [line]

    text = _numbered(8)
    queue = LineQueue(LineMaker(text), len(text), screen, frozenset("S"), screened=8)
    out = []
    while queue:
        out.append((queue.first().number, queue.popleft().text))
    assert out == [
        (1, "1 line"), (2, "2 line"), (6, "kept"), (6, "S"), (7, "7 line"), (8, "8 line")
    ]  # fmt: skip
    assert screened == ["S3 screened", "S6 screened", "S"]  # what was put back, too
    assert queue.rest_start() == len(text)


def test_peek_gives_the_next_line_without_taking_it_and_none_at_the_end() -> None:
    text = "A\nB\n\nC"
    queue = LineQueue(LineMaker(text), len(text))
    seen = []
    while (line := queue.peek()) is not None:
        assert queue.first() is line
        seen.append(queue.popleft().text)
    assert seen == ["A", "B", "", "C"]
    assert not queue and queue.peek() is None


_GAPPY = ["a", "", "  ", "S b", "", "c", "S", ""]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_GAPPY), max_size=20),
    st.integers(0, 3),
    st.integers(0, 12),
    st.integers(0, 3),
)
def test_the_next_line_with_text_is_aheads_first_and_screens_no_further(
    lines: list[str], taken: int, last: int, first: int
) -> None:
    """next_with_text gives what ``ahead`` gives first that is not blank, and the lines it
    takes on the way are screened as ``ahead`` would screen them, none past the one found."""
    text = "\n".join(lines)

    def queue_with(seen: list[int]) -> LineQueue:
        def screen(line: Line, queue: LineQueue) -> list[Line]:
            seen.append(line.number)
            return [line]

        queue = LineQueue(LineMaker(text), len(text), screen, frozenset("S"), screened=99)
        for _ in range(taken):
            if queue:
                queue.popleft()
        return queue

    seen_lazy: list[int] = []
    seen_all: list[int] = []
    lazy, every = queue_with(seen_lazy), queue_with(seen_all)
    found = lazy.next_with_text(first, last)
    expected = next((ln for ln in every.ahead(first, last) if not ln.blank), None)
    assert found == expected
    if found is not None:
        assert all(n <= found.number for n in seen_lazy)
    assert seen_lazy == seen_all[: len(seen_lazy)]
    # the lines taken afterwards are the same, each screened once
    rest_lazy, rest_all = [], []
    while lazy:
        rest_lazy.append(lazy.popleft().number)
    while every:
        rest_all.append(every.popleft().number)
    assert rest_lazy == rest_all and seen_lazy == seen_all
