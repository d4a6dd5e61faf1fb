"""How a command writes its progress: one line redrawn on a terminal, a line at a time
elsewhere (a log, a pipe), so that what a script keeps is readable."""

from __future__ import annotations

from typing import TextIO

__all__ = ["ProgressLine"]


class ProgressLine:
    """Progress lines on ``out`` (``tty``: whether it is a terminal)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.drawn = False  # a line is on the terminal, to be ended

    def show(self, text: str) -> None:
        if self.tty:
            self.out.write(f"\r{text}\x1b[K")
            self.drawn = True
        else:
            self.out.write(text + "\n")
        self.out.flush()

    def end(self, *, keep: bool) -> None:
        """The terminal's line ended (``keep``: left as it is, else cleared)."""
        if self.drawn:
            self.out.write("\n" if keep else "\r\x1b[K")
            self.out.flush()
            self.drawn = False
