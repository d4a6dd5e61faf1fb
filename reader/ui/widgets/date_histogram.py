"""Cables per month (or per year over long spans) as bars; dragging selects a date range, and
so do the keys: Left/Right move between bars, Shift widens, Enter chooses, Delete clears."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.query.query import UNDATED, FacetValue

__all__ = ["DateHistogram"]

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _month_number(value: str) -> int | None:
    """``2007-05`` -> months since year 0; None for anything else."""
    try:
        year, month = value[:7].split("-")
        return int(year) * 12 + int(month) - 1
    except ValueError:
        return None


def _cables(n: int) -> str:
    return f"{n:,} cable{'s' if n != 1 else ''}"


def _month_text(n: int) -> str:
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


class DateHistogram(QWidget):
    """Bars of the ``month`` facet; emits the dragged range as ``YYYY-MM`` bounds."""

    rangeSelected = Signal(str, str)

    #: Spans longer than this many months are drawn one bar a year.
    YEARLY_ABOVE = 120
    #: The least height (px) of a bar with any cables: one early cable among bars of
    #: thousands must still be seen (and pointed at for its tooltip).
    MIN_BAR = 4.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(84)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        # reached by Tab, and used with the arrows and Enter as with the mouse (keyPressEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Dates")
        self.setToolTip("Cables per month: drag to choose a date range")
        self._bins: list[tuple[int, int, int]] = []  # first month, last month, count
        #: cables that nothing dates, drawn as a bar of their own at the right end
        self.undated = 0
        self._drag: tuple[int, int] | None = None
        self._range: tuple[int, int] | None = None
        #: the month of the bar the keys are on (kept as a month: the bars change with the
        #: counts), None until the keys are used
        self._cursor: int | None = None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, 84)

    # -- data ----------------------------------------------------------------------------
    def set_counts(self, months: list[FacetValue]) -> None:
        counts: dict[int, int] = {}
        years: dict[int, int] = {}  # cables of which only the year is known (value "2004")
        self.undated = 0
        for v in months:
            n = _month_number(v.value)
            if n is not None:
                counts[n] = counts.get(n, 0) + v.count
            elif v.value == UNDATED:
                self.undated += v.count
            elif len(v.value) == 4 and v.value.isdigit():
                years[int(v.value)] = years.get(int(v.value), 0) + v.count
        for year in years:  # their year's span, so that its bar can be drawn
            counts.setdefault(year * 12, 0)
        spans = [b[:2] for b in self._bins]
        self._bins = []
        if counts:
            lo, hi = min(counts), max(counts)
            if self._range:
                lo, hi = min(lo, self._range[0]), max(hi, self._range[1])
            if hi - lo + 1 > self.YEARLY_ABOVE:
                # a year's bar holds the cables known only by their year too (a month's
                # cannot: they are left out of monthly bars, and counted in the Year facet)
                for year in range(lo // 12, hi // 12 + 1):
                    total = sum(counts.get(year * 12 + m, 0) for m in range(12))
                    self._bins.append((year * 12, year * 12 + 11, total + years.get(year, 0)))
            else:
                self._bins = [(m, m, counts.get(m, 0)) for m in range(lo, hi + 1)]
        unit = "year" if self.yearly else "month"
        self.setToolTip(
            f"Cables per {unit}: point at a bar for its count, drag to choose dates; or the"
            " keys: Left/Right a bar, Shift+Left/Right widen, Enter choose, Delete clear"
        )
        if [b[:2] for b in self._bins] != spans:
            self._drag = None  # a span being made (by the mouse or the keys) was of other bars
        self.update()

    @property
    def yearly(self) -> bool:
        """Whether each bar is a year (else a month)."""
        return bool(self._bins) and self._bins[0][0] != self._bins[0][1]

    def set_range(self, lo: str | None, hi: str | None) -> None:
        a = _month_number(lo) if lo else None
        b = _month_number(hi) if hi else None
        self._range = (a, b) if a is not None and b is not None else None
        self.update()

    @property
    def bins(self) -> list[tuple[str, str, int]]:
        return [(_month_text(a), _month_text(b), n) for a, b, n in self._bins]

    # -- geometry ------------------------------------------------------------------------
    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(4, 4, -4 - self._undated_room(), -18)

    def _undated_room(self) -> int:
        return 16 if self.undated else 0

    def _undated_bar(self) -> QRectF:
        """Where the undated bar stands: right of the dated ones, a gap between."""
        full = QRectF(self.rect()).adjusted(4, 4, -4, -18)
        return QRectF(full.right() - 10, full.top(), 10, full.height())

    def _bin_at(self, x: float) -> int | None:
        if not self._bins:
            return None
        plot = self._plot()
        i = int((x - plot.left()) / plot.width() * len(self._bins))
        return max(0, min(len(self._bins) - 1, i))

    def bin_centre(self, i: int) -> QPointF:
        plot = self._plot()
        width = plot.width() / max(1, len(self._bins))
        return QPointF(plot.left() + (i + 0.5) * width, plot.center().y())

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        palette = self.palette()
        plot = self._plot()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if self.hasFocus():  # where the keys are, even with no bar to move over
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        if not self._bins and not self.undated:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dates")
            return
        peak = max([n for *_, n in self._bins] + [self.undated]) or 1
        if self.undated:
            muted_bar = QColor(palette.color(QPalette.ColorRole.Text))
            muted_bar.setAlpha(70)
            rect = self._undated_bar()
            h = max(1.5, rect.height() * self.undated / peak)
            painter.fillRect(QRectF(rect.left(), rect.bottom() - h, rect.width(), h), muted_bar)
        if not self._bins:
            return
        width = plot.width() / len(self._bins)
        selected = self._selected_bins()
        bar = palette.color(QPalette.ColorRole.Highlight)
        muted = QColor(palette.color(QPalette.ColorRole.Text))
        muted.setAlpha(110)
        if selected:
            shade = QColor(bar)
            shade.setAlpha(40)
            a, b = selected
            painter.fillRect(
                QRectF(plot.left() + a * width, plot.top(), (b - a + 1) * width, plot.height()),
                shade,
            )
        for i, (_, _, n) in enumerate(self._bins):
            if n == 0:
                continue
            h = max(self.MIN_BAR, plot.height() * n / peak)
            inside = selected is None or selected[0] <= i <= selected[1]
            painter.fillRect(
                QRectF(
                    plot.left() + i * width + (0.5 if width > 3 else 0),
                    plot.bottom() - h,
                    max(1.0, width - (1 if width > 3 else 0)),
                    h,
                ),
                bar if inside else muted,
            )
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        first, last = self._bins[0][0], self._bins[-1][1]
        label_rect = QRectF(plot.left(), plot.bottom() + 2, plot.width(), 14)
        left, right = self._label(first), self._label(last)
        cursor = self.cursor_bin() if self.hasFocus() else None
        caption = "" if cursor is None else self.tooltip_at(cursor, done_by="")
        metrics = painter.fontMetrics()
        if caption and metrics.horizontalAdvance(f"{left}  {caption}  {right}") > plot.width():
            left = right = ""  # the bar the keys are on says more than the span's ends
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft, left)
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight, right)
        if cursor is not None:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DashLine))
            painter.drawRect(
                QRectF(plot.left() + cursor * width, plot.top(), width, plot.height()).adjusted(
                    0, 0, -1, 0
                )
            )
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignHCenter, caption)

    def _label(self, month: int) -> str:
        return str(month // 12) if self.yearly else f"{_MONTHS[month % 12]} {month // 12}"

    def _selected_bins(self) -> tuple[int, int] | None:
        if self._drag is not None:
            return min(self._drag), max(self._drag)
        if self._range is None or not self._bins:
            return None
        inside = [
            i
            for i, (a, b, _) in enumerate(self._bins)
            if b >= self._range[0] and a <= self._range[1]
        ]
        return (inside[0], inside[-1]) if inside else None

    # -- mouse ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.undated and event.position().x() >= self._undated_bar().left() - 2:
            return  # the undated bar is no range (the Year facet's "undated" selects them)
        i = self._bin_at(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and i is not None:
            self._drag = (i, i)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.undated and event.position().x() >= self._undated_bar().left() - 2:
            text = f"undated: {self.undated:,} cables (Year facet: undated)"
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
            return
        i = self._bin_at(event.position().x())
        if i is None:
            return
        if self._drag is not None:
            self._drag = (self._drag[0], i)
            self.update()
        QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_at(i), self)

    def tooltip_at(self, i: int, *, done_by: str = "release") -> str:
        """What bar ``i`` shows: its year or month, named as such, and its cables (while
        dragging: the range so far, shown once ``done_by`` is done)."""
        if self._drag is not None:
            a, b = min(self._drag), max(self._drag)
            n = sum(count for *_, count in self._bins[a : b + 1])
            first, last = self._bin_name(a), self._bin_name(b)
            span = first if a == b else f"{first} – {last}"
            return f"{span}: {_cables(n)}" + (f"; {done_by} to show these dates" if done_by else "")
        return f"{self._bin_name(i)}: {_cables(self._bins[i][2])}"

    def _bin_name(self, i: int) -> str:
        a, b, _ = self._bins[i]
        return f"Year {a // 12}" if a != b else f"{_MONTHS[a % 12]} {a // 12}"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self._bin_at(event.pos().x())
            if i is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_at(i), self)
                return True
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            return
        self._cursor = self._bins[self._drag[1]][0]
        self._choose(min(self._drag), max(self._drag))
        self.update()

    # -- keys ----------------------------------------------------------------------------
    def cursor_bin(self) -> int | None:
        """The bar the keys are on: the one holding the cursor's month; before the keys
        were used, the first of the chosen dates, else the last bar (the latest cables)."""
        if not self._bins:
            return None
        if self._cursor is not None:
            for i, (a, b, _) in enumerate(self._bins):
                if a <= self._cursor <= b:
                    return i
            return 0 if self._cursor < self._bins[0][0] else len(self._bins) - 1
        selected = self._selected_bins()
        return selected[0] if selected else len(self._bins) - 1

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self._said()
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Left/Right (Home/End, PgUp/PgDn a year of months): another bar; with Shift the
        span from where Shift was first held (or from the chosen dates' far end) widens or
        narrows; Enter or Space chooses the span, or the bar alone; Esc drops a span not
        chosen; Delete or Backspace clears the dates."""
        key = Qt.Key(event.key())
        i = self.cursor_bin()
        last = len(self._bins) - 1
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_PageUp: -12,
            Qt.Key.Key_PageDown: 12,
        }
        if i is not None and key in (*steps, Qt.Key.Key_Home, Qt.Key.Key_End):
            to = 0 if key == Qt.Key.Key_Home else last if key == Qt.Key.Key_End else i
            to = max(0, min(last, to + steps.get(key, 0)))
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._drag = (self._anchor(i), to)
            else:
                self._drag = None
            self._cursor = self._bins[to][0]
        elif i is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            a, b = (min(self._drag), max(self._drag)) if self._drag else (i, i)
            self._choose(a, b)
        elif key == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (self._range or self._drag):
            self._drag = None
            self._range = None
            self.rangeSelected.emit("", "")
        else:
            super().keyPressEvent(event)
            return
        self._said()
        self.update()

    def _anchor(self, i: int) -> int:
        """Where a span widened with Shift starts: the span's start if one is being made,
        else the far end of the chosen dates from bar ``i``, else ``i`` itself."""
        if self._drag is not None:
            return self._drag[0]
        selected = self._selected_bins()
        if selected and selected[0] <= i <= selected[1]:
            return selected[1] if i == selected[0] else selected[0]
        return i

    def _choose(self, a: int, b: int) -> None:
        self._drag = None
        lo, hi = self._bins[a][0], self._bins[b][1]
        self._range = (lo, hi)
        self.rangeSelected.emit(_month_text(lo), _month_text(hi))

    def _said(self) -> None:
        """What a screen reader says of the bar the keys are on (its tooltip's words)."""
        i = self.cursor_bin()
        self.setAccessibleDescription("" if i is None else self.tooltip_at(i, done_by="Enter"))
