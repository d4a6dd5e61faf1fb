"""reader/ui/icons.py: Copy Citation's painted icon."""

from PySide6.QtGui import QColor

from reader.ui.icons import citation_icon


def test_the_citation_icon_is_a_page_with_a_blue_quote_painted_once(qapp) -> None:  # noqa: ANN001
    icon = citation_icon()
    assert not icon.isNull()
    assert icon.cacheKey() == citation_icon().cacheKey()  # painted once
    image = icon.pixmap(32, 32).toImage()
    assert image.size().width() == image.size().height() == 32
    assert image.pixelColor(0, 0).alpha() == 0  # outside the page: transparent
    assert image.pixelColor(8, 27) == QColor("#eceff1")  # the page's paper
    # the quotation mark: some pixels of its blue, and only inside the page
    inked = [
        (x, y)
        for x in range(32)
        for y in range(32)
        if image.pixelColor(x, y).blue() > 150 and image.pixelColor(x, y).red() < 100
    ]
    assert inked, "no quotation mark painted"
    assert all(5 <= x <= 27 and 2 <= y <= 30 for x, y in inked)
