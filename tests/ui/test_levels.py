"""reader/ui/levels.py: a classification's level, its chip's label and its colours on light
and dark palettes."""

import pytest
from PySide6.QtGui import QColor, QPalette

from reader.parser.markings import LEVEL_COLOURS, UNKNOWN_LEVEL_COLOUR
from reader.ui.levels import chip_label, is_dark, level_colour, level_of, marking_colours


def _palette(base: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    return palette


LIGHT = _palette("#ffffff")
DARK = _palette("#1e1e1e")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("SECRET//NOFORN", "S"),
        ("S", "S"),
        ("C//NF", "C"),
        ("TS//SI", "TS"),
        ("SBU", "U"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "U"),
        ("top secret//noforn", "TS"),
        ("", None),
        ("   ", None),
        (None, None),
        ("no level named here", None),
    ],
)
def test_the_level_of_banners_short_forms_and_nothing(text: str | None, level: str | None) -> None:
    assert level_of(text) == level


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("CONFIDENTIAL//NOFORN", "C//NF"),
        ("SECRET//NOFORN", "S//NF"),
        ("top secret//noforn", "TS//NF"),
        ("UNCLASSIFIED", "U"),
        ("UNCLAS", "U"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "U//FOUO"),
        ("LIMITED OFFICIAL USE", "LOU"),
        ("SENSITIVE BUT UNCLASSIFIED", "SBU"),
        ("  secret  ", "S"),
        ("SECRET//ORCON//NOFORN", "S//ORCON//NF"),
        ("RESTRICTED", "RESTRICTED"),  # a word the table lacks is shown as it is
        ("", "?"),
        (None, "?"),
    ],
)
def test_chip_labels_are_short(text: str | None, label: str) -> None:
    assert chip_label(text) == label


def test_each_level_has_its_strong_colour_and_an_unknown_one_grey() -> None:
    for level, colour in LEVEL_COLOURS.items():
        assert level_colour(level) == QColor(colour)
    assert level_colour(None) == QColor(UNKNOWN_LEVEL_COLOUR)
    assert level_colour("X") == QColor(UNKNOWN_LEVEL_COLOUR)
    # the four are told apart
    assert len({level_colour(lv).name() for lv in ("U", "C", "S", "TS")}) == 4


def test_a_palette_is_dark_by_its_base() -> None:
    assert not is_dark(LIGHT)
    assert is_dark(DARK)


@pytest.mark.parametrize("level", ["U", "C", "S", "TS"])
def test_marking_text_is_readable_on_light_and_dark_paper(level: str) -> None:
    on_light, light_bg = marking_colours(level, LIGHT)
    on_dark, dark_bg = marking_colours(level, DARK)
    # dark text on white paper, light text on dark paper
    assert on_light.lightness() < 128 < on_dark.lightness()
    assert on_light != on_dark
    # the background is the level's own colour, faint, a little stronger on dark paper
    assert light_bg.rgb() == dark_bg.rgb() == level_colour(level).rgb()
    assert 0 < light_bg.alpha() < dark_bg.alpha() < 255


def test_an_unknown_level_is_marked_grey_on_any_palette() -> None:
    for palette in (LIGHT, DARK):
        text, background = marking_colours(None, palette)
        assert text == QColor(UNKNOWN_LEVEL_COLOUR)
        assert background.rgb() == QColor(UNKNOWN_LEVEL_COLOUR).rgb()
