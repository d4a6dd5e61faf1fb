"""A command's progress: one line redrawn on a terminal, whole lines elsewhere."""

from __future__ import annotations

import io

from reader.model.progress_line import ProgressLine


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_has_one_line_redrawn_then_kept_or_cleared() -> None:
    for keep, last in ((True, "\n"), (False, "\r\x1b[K")):
        out = _Terminal()
        line = ProgressLine(out)
        line.show("1%")
        line.show("50%")
        line.end(keep=keep)
        line.end(keep=keep)  # ended once
        assert out.getvalue() == "\r1%\x1b[K\r50%\x1b[K" + last


def test_a_log_has_a_line_a_time_and_nothing_to_end() -> None:
    out = io.StringIO()
    line = ProgressLine(out)
    line.show("1%")
    line.show("50%")
    line.end(keep=False)
    assert out.getvalue() == "1%\n50%\n"
