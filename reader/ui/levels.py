"""Classification level colours and short labels, shared by chips, banners and highlighting."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from reader.parser.markings import LEVEL_COLOURS, UNKNOWN_LEVEL_COLOUR, classification_level

__all__ = ["chip_label", "is_dark", "level_colour", "level_of", "marking_colours"]

#: Conventional colours: U green, C blue, S red, TS orange. Strong tones carry white text
#: in chips and banners on any palette.
_STRONG = LEVEL_COLOURS
#: Text colours for highlighted markings: dark tones on light paper, light tones on dark.
_ON_LIGHT = {"U": "#1b5e20", "C": "#0d47a1", "S": "#b71c1c", "TS": "#bf360c"}
_ON_DARK = {"U": "#81c784", "C": "#64b5f6", "S": "#ef9a9a", "TS": "#ffb74d"}

_UNKNOWN = UNKNOWN_LEVEL_COLOUR


def level_of(classification: str | None) -> str | None:
    """The level (U, C, S, TS) of a classification text such as ``SECRET//NOFORN``."""
    return classification_level(classification)[0]


def level_colour(level: str | None) -> QColor:
    """The strong colour of a level, for chips and banner bars (white text on it)."""
    return QColor(_STRONG.get(level or "", _UNKNOWN))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def marking_colours(level: str | None, palette: QPalette) -> tuple[QColor, QColor]:
    """(text, background) for a highlighted portion marking, readable on this palette."""
    dark = is_dark(palette)
    text = QColor((_ON_DARK if dark else _ON_LIGHT).get(level or "", _UNKNOWN))
    background = level_colour(level)
    background.setAlpha(70 if dark else 38)
    return text, background


def chip_label(classification: str | None) -> str:
    """Compact chip text: ``CONFIDENTIAL//NOFORN`` -> ``C//NF``; unknown -> ``?``."""
    if not classification:
        return "?"
    text = classification.upper().strip()
    short = {
        "UNCLASSIFIED": "U",
        "UNCLAS": "U",
        "CONFIDENTIAL": "C",
        "SECRET": "S",
        "TOP SECRET": "TS",
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "U//FOUO",
        "LIMITED OFFICIAL USE": "LOU",
        "SENSITIVE BUT UNCLASSIFIED": "SBU",
    }
    if text in short:
        return short[text]
    head, sep, tail = text.partition("//")
    base = short.get(head.strip(), head.strip())
    tail = tail.replace("NOFORN", "NF")
    return f"{base}{sep}{tail}" if sep else base
