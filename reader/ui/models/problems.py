"""The problems panel's rows: files that could not be read, and parser problems by kind."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reader.query.query import FacetValue, FileProblem

__all__ = ["PROBLEM_SENTENCES", "ProblemRow", "ProblemsModel", "ProblemsRole", "explain_problem"]

Index = QModelIndex | QPersistentModelIndex
#: The invalid index, as a default argument.
_ROOT = QModelIndex()


@dataclass(frozen=True, slots=True)
class ProblemRow:
    kind: str  # "file" (unreadable) or "parser" (cables the parser flagged)
    subject: str  # the file's path, or the problem code
    reason: str
    count: int = 1


class ProblemsRole(IntEnum):
    ROW = Qt.ItemDataRole.UserRole + 1


class ProblemsModel(QAbstractTableModel):
    """Unreadable files first (each with its reason), then parser problem codes with counts."""

    HEADERS = ("Kind", "File or problem", "Reason", "Cables")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._files: list[ProblemRow] = []
        self._parser: list[ProblemRow] = []

    @property
    def rows(self) -> list[ProblemRow]:
        return self._files + self._parser

    def set_file_problems(self, problems: list[FileProblem]) -> None:
        self.beginResetModel()
        self._files = [ProblemRow("file", p.path, p.reason, 0) for p in problems]
        self.endResetModel()

    def set_parser_problems(self, counts: list[FacetValue]) -> None:
        rows = [ProblemRow("parser", v.value, explain_problem(v.value), v.count) for v in counts]
        if rows == self._parser:
            return
        self.beginResetModel()
        self._parser = rows
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._files, self._parser = [], []
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._files) + len(self._parser)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rows = self.rows
        if not index.isValid() or index.row() >= len(rows):
            return None  # stale: an exception here would take the interpreter down
        row = rows[index.row()]
        if role == ProblemsRole.ROW:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return "Unreadable file" if row.kind == "file" else "Parser problem"
            if index.column() == 1:
                return row.subject
            if index.column() == 2:
                return row.reason
            return f"{row.count:,}" if row.kind == "parser" else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            action = ("Click to show this file's path and reason" if row.kind == "file"
                      else "Click to show the cables with this problem")
            return f"{row.subject}\n{row.reason}\n{action}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


#: What each parser problem code means, as a sentence (the codes are the parser's own).
PROBLEM_SENTENCES = {
    "no-banner": "No classification banner was found.",
    "no-cable-text": "The file holds no cable text.",
    "no-id": "The cable has no reference ID (no banner serial, no metadata, no ID-like "
             "file name).",
    "no-dtg": "The routing header has no date-time group (DTG).",
    "csv-row": "A cables.csv row does not have the 8 columns of the release.",
    "html-layout": "The HTML file is not laid out as a WikiLeaks cable page.",
    "parser-error": "The parser failed on this text.",
}
#: Words of problem codes that are acronyms: they keep their capitals.
_ACRONYMS = {"id", "dtg", "ref", "tags", "csv", "html", "fm", "de", "ri", "utf", "eo", "sbu"}


def explain_problem(code: str) -> str:
    """A sentence for a parser problem code: from PROBLEM_SENTENCES, else the code's words
    with acronyms in capitals (``no-dtg`` would read "No DTG.")."""
    if code in PROBLEM_SENTENCES:
        return PROBLEM_SENTENCES[code]
    words = [w.upper() if w.lower() in _ACRONYMS else w.lower()
             for w in code.replace("_", "-").split("-") if w]
    if not words:
        return code
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."

