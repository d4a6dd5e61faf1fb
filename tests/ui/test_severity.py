"""reader/ui/severity.py: how a check's severity looks and which one is gravest."""

import pytest
from PySide6.QtGui import QColor, QImage

from reader.review.checks import CHECKS
from reader.ui.severity import (
    SEVERITY_WORDS,
    check_severity,
    severity_colour,
    severity_icon,
    worst,
)


def test_the_gravest_severity_wins_and_unknown_words_are_ignored() -> None:
    assert worst([]) is None
    assert worst(["info"]) == "info"
    assert worst(["info", "warning", "info"]) == "warning"
    assert worst(["warning", "error", "info"]) == "error"
    assert worst(iter(["error", "warning"])) == "error"  # any iterable, read once
    assert worst(["fatal", "", "ERROR"]) is None
    assert worst(["fatal", "info"]) == "info"


def test_each_registered_check_has_its_severity_and_an_unknown_code_is_a_note() -> None:
    assert CHECKS
    for check in CHECKS:
        assert check_severity(check.code) == check.severity
        assert check.severity in SEVERITY_WORDS
    assert check_severity("no-such-check") == "info"
    assert SEVERITY_WORDS["info"] == "note"


def test_severities_have_distinct_colours_and_anything_else_is_grey() -> None:
    colours = {s: severity_colour(s) for s in ("error", "warning", "info")}
    assert len({c.name() for c in colours.values()}) == 3
    # red for errors: more red than green or blue
    error = colours["error"]
    assert error.red() > error.green() and error.red() > error.blue()
    assert severity_colour("other") == QColor("#757575")


def _image(severity: str) -> QImage:
    return severity_icon(severity).pixmap(32, 32).toImage()


@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_the_icon_is_painted_in_the_severity_colour_and_made_once(qapp, severity: str) -> None:  # noqa: ANN001
    image = _image(severity)
    assert not image.isNull() and image.width() == 32
    assert image.pixelColor(0, 0).alpha() == 0  # a transparent corner: a shape, not a square
    wanted = severity_colour(severity)
    # the shape's fill shows below the glyph, in the severity's colour
    fill = image.pixelColor(16, 27)
    assert (fill.red(), fill.green(), fill.blue()) == (wanted.red(), wanted.green(), wanted.blue())
    assert severity_icon(severity).cacheKey() == severity_icon(severity).cacheKey()


def test_the_warning_is_a_triangle_and_the_others_discs(qapp) -> None:  # noqa: ANN001
    # a triangle's apex leaves the top corners of its row empty where a disc fills its middle
    warning, error = _image("warning"), _image("error")
    assert warning.pixelColor(16, 28).alpha() > 0 and warning.pixelColor(3, 5).alpha() == 0
    assert error.pixelColor(3, 16).alpha() > 0 and warning.pixelColor(3, 16).alpha() == 0
