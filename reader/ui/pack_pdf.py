"""The reading pack as PDF, drawn with Qt's own PDF writer (no browser): every page carries
its cable's classification banner at top and bottom in the level's colour, a page number and
the cable's citation line; the cover carries the highest classification of the pack.

``write_pdf(pack, path)`` is what ``cable-reader export --format pdf`` and the window's
File > Export call; ``paint_pack`` draws the same pages on any paged device (the printer of
File > Print).
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from reader.export.pack import (
    Pack,
    PackCable,
    cited_html,
    colour,
    marked_text_html,
    notes_html,
)
from reader.parser.markings import classification_level
from reader.review.citation import format_date

__all__ = ["RESOLUTION", "ensure_gui", "pack_page_layout", "paint_pack", "write_pdf"]

#: Dots per inch of the PDF's layout; text is vector, so this sets only the metrics.
RESOLUTION = 150


def ensure_gui() -> QGuiApplication:
    """The application Qt's fonts need; offscreen when there is no display (a script). A
    full QApplication, so that a window made later in the same process can use it."""
    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["cable-reader"])
    return app  # type: ignore[return-value]


@dataclass
class _Frame:
    """The parts of a page, in device pixels."""

    width: float
    height: float
    banner: float
    margin: float

    @property
    def body(self) -> QRectF:
        top = self.banner + self.margin
        return QRectF(
            self.margin, top, self.width - 2 * self.margin, self.height - 2 * top - self.margin
        )


def _document(
    html_text: str, width: float, device: QPagedPaintDevice, height: float
) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html_text)
    doc.setPageSize(QSizeF(width, height))
    return doc


def _cable_html(pc: PackCable) -> str:
    e = html.escape
    body = marked_text_html(
        pc.cable, lambda marking, level: f'<b style="color:{colour(level)}">{marking}</b>'
    )
    cited = ""
    if pc.cited:
        heading = '<p style="background:#f2f2f2">Cited cables in the folder:</p>'
        cited = f"{heading}<ul>{cited_html(pc)}</ul>"
    return (
        f"<p><b>{e(pc.citation)}</b></p>{cited}"
        f"<pre style=\"font-family:'DejaVu Sans Mono'; font-size:8.5pt; white-space:pre-wrap\">"
        f"{body}</pre>"
    )


def _cover_html(pack: Pack, first_pages: list[int] | None = None) -> str:
    e = html.escape
    rows = [
        ("Query", pack.query or "(all cables)"),
        ("Filters", "; ".join(pack.filters) or "(none)"),
        ("Made", f"{format_date(pack.made.date())} {pack.made:%H:%M}"),
        ("Cables", f"{len(pack.cables):,} in this pack, of {pack.total:,} matching"),
        ("Highest classification", pack.highest),
    ]
    table = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows)
    toc = "".join(
        f"<li>{e(pc.citation)}"
        + (f" <i>(page {first_pages[n]})</i>" if first_pages else "")
        + "</li>"
        for n, pc in enumerate(pack.cables)
    )
    return (
        f'<h1 style="font-size:20pt">{e(pack.title)}</h1>'
        f'<table cellpadding="4">{table}</table><h2>Contents</h2><ol>{toc}</ol>'
    )


def paint_pack(
    pack: Pack,
    device: QPagedPaintDevice,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Draw the pack's pages on ``device`` (a QPdfWriter, a QPrinter); returns the number
    of pages. ``progress(done, total)`` hears of each cable's pages counted, then drawn."""
    frame = _Frame(
        device.width(), device.height(), device.logicalDpiY() * 0.32, device.logicalDpiX() * 0.45
    )
    body = frame.body
    notes_w = body.width() * 0.28

    def laid_out(pc: PackCable) -> tuple[QTextDocument, QTextDocument | None]:
        notes = notes_html(pc)
        width = body.width() - (notes_w + frame.margin / 2 if notes else 0)
        doc = _document(_cable_html(pc), width, device, body.height())
        side = _document(notes, notes_w, device, body.height()) if notes else None
        return doc, side

    # Count each cable's pages first (the footers say "page n of N", the contents where each
    # cable begins), keeping only the count: a laid-out cable holds a few hundred KB, and a
    # pack of thousands laid out at once would hold gigabytes. Each is laid out again when
    # its pages are drawn.
    counts: list[int] = []
    steps = 2 * len(pack.cables)
    for pc in pack.cables:
        if cancelled():
            return 0
        counts.append(laid_out(pc)[0].pageCount())
        progress(len(counts), steps)
    cover = _document(_cover_html(pack), body.width(), device, body.height())
    for _ in range(2):  # page numbers in the contents may lengthen it by a page
        firsts, at = [], cover.pageCount() + 1
        for count in counts:
            firsts.append(at)
            at += count
        numbered = _document(_cover_html(pack, firsts), body.width(), device, body.height())
        settled = numbered.pageCount() == cover.pageCount()
        cover = numbered
        if settled:
            break
    total = cover.pageCount() + sum(counts)
    hi = pack.highest
    painter = QPainter(device)
    n = 0
    try:
        for i in range(cover.pageCount()):
            _page(painter, device, frame, n, total, (hi, classification_level(hi)[0]),
                  pack.title, cover, i, None)  # fmt: skip
            n += 1
        for done, pc in enumerate(pack.cables, len(pack.cables) + 1):
            if cancelled():
                break
            doc, side = laid_out(pc)
            for i in range(doc.pageCount()):
                _page(painter, device, frame, n, total, (pc.banner, pc.level), pc.citation,
                      doc, i, side if i == 0 else None)  # fmt: skip
                n += 1
            progress(done, steps)
    finally:
        painter.end()
    return n


def _page(
    painter: QPainter,
    device: QPagedPaintDevice,
    frame: _Frame,
    n: int,
    total: int,
    banner: tuple[str, str | None],
    footer: str,
    doc: QTextDocument,
    i: int,
    side: QTextDocument | None,
) -> None:
    """Page ``n`` (from 0): page ``i`` of ``doc`` between banners, with notes beside it."""
    body = frame.body
    if n:
        device.newPage()
    _banners(painter, frame, *banner)
    painter.save()
    painter.translate(body.left(), body.top() - i * body.height())
    doc.drawContents(painter, QRectF(0, i * body.height(), body.width(), body.height()))
    painter.restore()
    if side is not None:
        notes_w = side.pageSize().width()
        left = body.right() - notes_w
        painter.save()
        painter.fillRect(
            QRectF(left - 6, body.top(), notes_w + 6, side.size().height()), QColor("#fff8c4")
        )
        painter.translate(left, body.top())
        side.drawContents(painter, QRectF(0, 0, notes_w, body.height()))
        painter.restore()
    _footer(painter, frame, f"{footer}  ·  page {n + 1} of {total}")


def _banners(painter: QPainter, frame: _Frame, text: str, level: str | None) -> None:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    font.setBold(True)
    painter.setFont(font)
    for top in (0.0, frame.height - frame.banner):
        rect = QRectF(0, top, frame.width, frame.banner)
        painter.fillRect(rect, QColor(colour(level)))
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _footer(painter: QPainter, frame: _Frame, text: str) -> None:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(7.5)
    painter.setFont(font)
    painter.setPen(QColor("#333333"))
    rect = QRectF(
        frame.margin, frame.height - frame.banner - frame.margin, frame.width - 2 * frame.margin,
        frame.margin * 0.9,
    )  # fmt: skip
    text, _, page = text.rpartition("  ·  ")
    page_width = painter.fontMetrics().horizontalAdvance("  ·  " + page)
    room = int(rect.width()) - page_width
    shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{shown}  ·  {page}")


def pack_page_layout() -> QPageLayout:
    """The pack's page: A4 upright, drawn to the edges (the banners run across the page)."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )


def write_pdf(
    pack: Pack,
    path: Path,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Write the pack as an A4 PDF; returns the number of pages."""
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(pack_page_layout())
    writer.setTitle(pack.title)
    writer.setCreator("Cable Reader")
    pages = paint_pack(pack, writer, cancelled=cancelled, progress=progress)
    del writer  # closes the file
    if not cancelled():
        _check_written(path)
    return pages


def _check_written(path: Path) -> None:
    """Raise OSError unless ``path`` holds a whole PDF. Qt's PDF writer says nothing when a
    write fails (a full disk, a quota): its file stops short, without the trailer a PDF ends
    with, and would be renamed into place looking complete. The OS's own reason is asked of
    a write of our own at the file's end."""
    try:
        with open(path, "rb") as f:
            f.seek(max(0, path.stat().st_size - _TAIL))
            if _EOF in f.read():
                return
    except FileNotFoundError:
        raise OSError(f"the PDF writer could not make {path}") from None
    size = path.stat().st_size
    try:
        with open(path, "ab") as f:
            f.write(b"\n")
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise OSError(exc.errno, f"{exc.strerror} (the PDF stopped at {size:,} bytes)") from exc
    raise OSError(f"the PDF writer stopped at {size:,} bytes, before the end of the file")


#: How much of a PDF's end is read for its end-of-file marker (written last, after the
#: cross-reference table's offset).
_TAIL = 1024
_EOF = b"%%EOF"
