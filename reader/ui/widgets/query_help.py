"""Help > Query Syntax: the README's "Query syntax" section, shown in the window.

The page is read from the README itself, so the two never disagree: the table the README
gives is the table the window shows.
"""

from __future__ import annotations

import html
import re
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

__all__ = ["README", "QuerySyntaxPage", "query_syntax_html", "query_syntax_section"]

#: The README beside the package in a source checkout.
README = Path(__file__).resolve().parents[3] / "README.md"
_HEADING = "### Query syntax"


def _readme_text(readme: Path) -> str | None:
    """The README of a source checkout or, in an installed wheel (which has no README.md
    file), the same text as the package's long description in its metadata."""
    try:
        return readme.read_text(encoding="utf-8")
    except OSError:
        pass
    try:
        described = metadata("cable-reader").get_payload()  # type: ignore[attr-defined]
    except PackageNotFoundError:
        return None
    return described if isinstance(described, str) and described.strip() else None


def query_syntax_section(readme: Path = README) -> str | None:
    """The Markdown of the README's query syntax section (heading left out), or None."""
    text = _readme_text(readme)
    if text is None:
        return None
    start = text.find("\n" + _HEADING + "\n")
    if start < 0:
        return None
    body = text[start + len(_HEADING) + 2 :]
    end = re.search(r"^#{1,3} ", body, re.MULTILINE)
    return body[: end.start() if end else len(body)].strip()


def _inline(text: str) -> str:
    """Markdown's inline code and emphasis as HTML (the text escaped first)."""
    parts = re.split(r"(`[^`]*`)", text)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
        else:
            escaped = html.escape(part)
            out.append(re.sub(r"\*([^*]+)\*", r"<i>\1</i>", escaped))
    return "".join(out)


def _cells(line: str) -> list[str]:
    # a | inside `code` is not a column break (none in the table today, but cheap to keep)
    cells, cell, code = [], "", False
    for ch in line.strip().strip("|"):
        if ch == "`":
            code = not code
        if ch == "|" and not code:
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    cells.append(cell.strip())
    return cells


def query_syntax_html(section: str | None) -> str:
    """The section as HTML: its paragraphs, and its table as a table."""
    if section is None:
        return (
            "<p>The query syntax is described in the README's “Query syntax” section, "
            "which this installation does not include.</p>"
        )
    blocks = re.split(r"\n\s*\n", section)
    out = ["<h2>Query syntax</h2>"]
    for block in blocks:
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if lines and all(ln.lstrip().startswith("|") for ln in lines):
            rows = [_cells(ln) for ln in lines if not re.fullmatch(r"[\s|:-]+", ln)]
            head, *body = rows
            out.append('<table cellspacing="0" cellpadding="5" border="1">')
            out.append(
                "<tr>" + "".join(f"<th align='left'>{_inline(c)}</th>" for c in head) + "</tr>"
            )
            for row in body:
                out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>")
            out.append("</table>")
        elif lines:
            out.append(f"<p>{_inline(' '.join(ln.strip() for ln in lines))}</p>")
    return "\n".join(out)


class QuerySyntaxPage(QDialog):
    """A window of its own (not modal): the syntax stays in view while a query is typed."""

    def __init__(self, parent: QWidget | None = None, readme: Path = README) -> None:
        super().__init__(parent)
        self.setWindowTitle("Query syntax — Cable Reader")
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setObjectName("querySyntax")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(query_syntax_html(query_syntax_section(readme)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(820, 640)
