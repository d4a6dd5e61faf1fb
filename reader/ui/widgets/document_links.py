"""The document view's ways to other cables and places: REF links (hover, click, open), the
"cited directly by" row, the cable's other copies, the hover's tooltip, and the reading
position Back returns to."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QToolTip, QWidget

from reader.model.records import Cable
from reader.query.query import OTHER_COPY, CableCopy, Hit, copy_name, kept_copy, other_copies
from reader.review.checks import Finding
from reader.review.explain import CodeSpan, code_spans
from reader.ui.severity import SEVERITY_WORDS
from reader.ui.widgets.document_text import Offsets

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from reader.ui.widgets.cable_text import CableText

    _View = QWidget
else:
    _View = object

__all__ = ["DocumentLinks"]


class DocumentLinks(_View):
    """DocumentView's links, cited-by row, tooltips and reading position."""

    # what this part needs of the view (DocumentView builds it)
    text: CableText
    raw_button: QPushButton
    cited_by: QWidget
    copies: QWidget
    cited_ids: list[str]
    cableRequested: SignalInstance
    _cable: Cable | None
    _key: int | None
    copy_buttons: list[QPushButton]
    _to_qt: Offsets
    _cited_layout: QHBoxLayout
    _copies_layout: QLayout
    _links: list[tuple[int, int, int | None, str]]
    _link_starts: list[int]
    _ref_keys: dict[str, int | None]
    _flags: list[tuple[int, int, Finding]]
    _codes: list[tuple[int, int, CodeSpan]] | None
    _code_starts: list[int]
    #: where the cables come from, for a REF to one it lacks (model.wording.THIS_FOLDER...)
    place: str

    if TYPE_CHECKING:  # the view's other parts

        @property
        def loading(self) -> bool: ...

    def _link_at(self, pos: QPoint) -> tuple[int, int, int | None, str] | None:
        at = self.text.cursorForPosition(pos).position()
        i = bisect.bisect_right(self._link_starts, at) - 1
        if i >= 0:
            link = self._links[i]
            if link[0] <= at < link[1]:
                return link
        return None

    def open_reference(self, cable_id: str) -> bool:
        """Follow the REF to ``cable_id`` if that cable is in the folder."""
        key = self._ref_keys.get(cable_id) if self._cable else None
        if key is None:
            return False
        link = next((link for link in self._links if link[3] == cable_id), None)
        if link is not None:  # the cursor on the link, as a click puts it: Back returns there
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(link[0])
            self.text.setTextCursor(cursor)
        self.cableRequested.emit(key)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.text.viewport():
            # the events asked about below are mouse and help events (Qt passes them as such)
            mouse: Any = event
            if mouse.type() == QEvent.Type.MouseMove:
                link = self._link_at(mouse.position().toPoint())
                shape = (
                    Qt.CursorShape.PointingHandCursor
                    if link and link[2] is not None
                    else Qt.CursorShape.IBeamCursor
                )
                self.text.viewport().setCursor(shape)
            elif mouse.type() == QEvent.Type.ToolTip:
                position = self.position_at(mouse.pos())
                tip = self.tooltip_at(position) if position is not None else None
                if tip:
                    QToolTip.showText(mouse.globalPos(), tip, self.text.viewport())
                else:
                    QToolTip.hideText()
                return True
            elif (
                mouse.type() == QEvent.Type.MouseButtonRelease
                and mouse.button() == Qt.MouseButton.LeftButton
                and not self.text.textCursor().hasSelection()
            ):
                link = self._link_at(mouse.position().toPoint())
                if link and link[2] is not None:
                    self.cableRequested.emit(link[2])
                    return True
        return super().eventFilter(watched, event)

    def link_rect(self, cable_id: str):  # noqa: ANN201 - QRect, for tests and tooltips
        """Where the REF link to ``cable_id`` is drawn, in viewport coordinates."""
        for start, end, _key, target in self._links:
            if target == cable_id:
                cursor = QTextCursor(self.text.document())
                cursor.setPosition(start)
                left = self.text.cursorRect(cursor)
                cursor.setPosition(end)
                return left.united(self.text.cursorRect(cursor))
        return None

    def reading_position(self) -> tuple[int, int]:
        """Where the reader is: the text cursor and the scroll position (for Back)."""
        return self.text.textCursor().position(), self.text.verticalScrollBar().value()

    def return_to(self, position: int, scroll: int) -> None:
        """Put the cursor and the scroll back where ``reading_position`` found them."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(max(0, min(position, self.text.document().characterCount() - 1)))
        i = bisect.bisect_right(self._link_starts, position) - 1
        if i >= 0 and self._links[i][0] <= position < self._links[i][1]:
            # the link followed, selected: the eye finds where it was
            cursor.setPosition(self._links[i][0])
            cursor.setPosition(self._links[i][1], QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.verticalScrollBar().setValue(scroll)
        self.text.ensureCursorVisible()

    def _code_spans(self) -> list[tuple[int, int, CodeSpan]]:
        """The cable's codes in document positions, found the first time they are wanted."""
        if self._codes is None:
            cable = self._cable
            if cable is None or self.loading:
                return []
            to_qt = self._to_qt
            self._codes = [(to_qt(c.start), to_qt(c.end), c) for c in code_spans(cable)]
            self._code_starts = [a for a, _, _ in self._codes]
        return self._codes

    def position_at(self, point: QPoint) -> int | None:
        """The document position of the character under ``point`` (viewport coordinates),
        None when the point is beside the text (past a line's end, between lines)."""
        doc = self.text.document()
        near = self.text.cursorForPosition(point).position()
        cursor = QTextCursor(doc)
        for position in (near - 1, near):
            if not 0 <= position < doc.characterCount() - 1:
                continue
            cursor.setPosition(position)
            left = self.text.cursorRect(cursor)
            cursor.setPosition(position + 1)
            right = self.text.cursorRect(cursor)
            if (
                left.top() == right.top()
                and left.left() <= point.x() < right.left()
                and left.top() <= point.y() <= left.bottom()
            ):
                return position
        return None

    def tooltip_at(self, position: int) -> str | None:
        """What a hover over the character at ``position`` says: the REF link, the findings
        there and the code's meaning (routing indicator, TAG, caveat, reason...)."""
        if self._cable is None or self.raw_button.isChecked():
            return None
        parts: list[str] = []
        i = bisect.bisect_right(self._link_starts, position) - 1
        if i >= 0 and self._links[i][0] <= position < self._links[i][1]:
            _, _, key, target = self._links[i]
            parts.append(f"Open {target}" if key is not None
                         else f"{target} is not in {self.place}")
        for start, end, f in self._flags:
            if start <= position < end:
                parts.append(f"{SEVERITY_WORDS[f.severity].capitalize()}: {f.message}")
        spans = self._code_spans()
        j = bisect.bisect_right(self._code_starts, position) - 1
        if j >= 0 and spans[j][0] <= position < spans[j][1]:
            parts.append(spans[j][2].text)
        return "\n".join(parts) or None

    def _set_cited_by(self, hits: list[Hit]) -> None:
        self.cited_ids = [h.id for h in hits]
        while self._cited_layout.count():
            item = self._cited_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not hits:
            self.cited_by.hide()
            return
        # direct citers only, as the References panel's "directly" count says
        label = QLabel(f"Cited directly by {len(hits)}:")
        label.setToolTip(
            f"Cables of {self.place} whose REF lines name this one. The References "
            "panel (Ctrl+Shift+T) also lists the cables that cite those."
        )
        self._cited_layout.addWidget(label)
        for hit in hits[:12]:
            button = QPushButton(hit.id, flat=True, cursor=Qt.CursorShape.PointingHandCursor)
            button.setToolTip(f"{hit.id} · {hit.subject}")
            button.clicked.connect(lambda _=False, k=hit.key: self.cableRequested.emit(k))
            self._cited_layout.addWidget(button)
        if len(hits) > 12:
            self._cited_layout.addWidget(QLabel(f"and {len(hits) - 12} more"))
        self._cited_layout.addStretch(1)
        self.cited_by.show()

    def _set_copies(self, cable: Cable | None, copies: Sequence[CableCopy]) -> None:
        """Under the title, when the corpus holds the cable in other files too: the file
        read, and each other copy; a button opens a copy the index keeps as a cable of its
        own (a folder's), a label names one a team's corpus keeps as this same cable."""
        self.copy_buttons: list[QPushButton] = []
        while self._copies_layout.count():
            item = self._copies_layout.takeAt(0)
            if item is not None and item.widget():
                item.widget().deleteLater()
        shown, others = (
            other_copies(copies, self._key, cable.source.path, cable.source.row)
            if cable is not None and self._key is not None
            else (None, [])
        )
        if not others:
            self.copies.hide()
            return
        own = [c for c in others if c.key != self._key]
        read_from = f"Read from {copy_name(shown)}." if shown is not None else ""
        also = "Also in this folder:" if own else "Also indexed from:"
        # file names are shown as they are: never read as markup, nor '&' as a shortcut
        heading = QLabel(f"{read_from} {also}".strip())
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # the copy that stays when each cable is counted once (the index marks the others)
        kept = kept_copy(copies)
        kept_name = "this one" if kept is shown else copy_name(kept) if kept is not None else ""
        heading.setToolTip(
            f"This cable is in {len(copies)} files (or cables.csv rows) of the folder, each"
            " listed, searched and counted as a cable of its own: its ID shows once for each."
            f" Excluding copy:{OTHER_COPY} (the Copies facet) keeps one of them: {kept_name}."
            if own
            else "The team's corpus keeps this cable once, with every file it was read from."
        )
        self._copies_layout.addWidget(heading)
        for copy in others[:12]:
            if copy.key != self._key:
                button = QPushButton(copy_name(copy).replace("&", "&&"), flat=True,
                                     cursor=Qt.CursorShape.PointingHandCursor)  # fmt: skip
                button.setToolTip(f"Open this copy: {copy.file}")
                # in the link colour: a flat button reads as text otherwise
                palette = button.palette()
                palette.setColor(QPalette.ColorRole.ButtonText,
                                 palette.color(QPalette.ColorRole.Link))  # fmt: skip
                button.setPalette(palette)
                button.clicked.connect(lambda _=False, k=copy.key: self.cableRequested.emit(k))
                self._copies_layout.addWidget(button)
                self.copy_buttons.append(button)
            else:
                label = QLabel(copy_name(copy))
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self._copies_layout.addWidget(label)
        if len(others) > 12:
            self._copies_layout.addWidget(QLabel(f"and {len(others) - 12} more"))
        self.copies.show()
