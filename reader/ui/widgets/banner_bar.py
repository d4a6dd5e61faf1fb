"""The bars above and below a cable, in its classification's colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QSizePolicy, QWidget

from reader.ui.levels import level_colour, level_of
from reader.ui.widgets.elided_label import ElidedLabel

__all__ = ["BannerBar"]


class BannerBar(ElidedLabel):
    """A full-width bar in the classification's colour, as a printed cable has top and bottom.

    A long banner is elided in a narrow pane (whole in its tooltip) rather than widening the
    pane: that moved the splitter, and so resized and repainted the tree, from cable to cable.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(24)
        font = self.font()
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.5)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.level: str | None = None
        self.set_classification(None)

    def set_classification(self, classification: str | None, level: str | None = None) -> None:
        self.level = level or level_of(classification)
        colour = level_colour(self.level)
        self.setStyleSheet(
            f"QLabel {{ background: {colour.name()}; color: white; font-weight: 600;"
            " padding: 3px 8px; }"
        )
        self.ensurePolished()  # the style sheet's bold font, before the text is measured
        self.set_full_text(classification or "NO CLASSIFICATION FOUND")
