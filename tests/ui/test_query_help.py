"""reader/ui/widgets/query_help.py: the README's query syntax section as the window's help
page (tests/ui/test_newcomer_window.py opens it from the window and reads it from the README
and the package metadata); here, the Markdown it turns into HTML."""

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from reader.ui.widgets.query_help import QuerySyntaxPage, query_syntax_html, query_syntax_section

README = """# Cable Reader

## Use

### Query syntax

Words are *all* required; `tag:PREL` picks a facet.

| Query | Finds |
|-------|:------|
| `a b` | both <words> |
| `"x | y"` | a phrase with a bar |

Last paragraph
on two lines.

### Next section

Not part of it.
"""


def _readme(tmp_path: Path, text: str = README) -> Path:
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_section_ends_at_the_next_heading(tmp_path: Path) -> None:
    section = query_syntax_section(_readme(tmp_path))
    assert section is not None
    assert section.startswith("Words are") and section.endswith("on two lines.")
    assert "Not part of it" not in section
    # the last section of a README runs to its end
    last = query_syntax_section(_readme(tmp_path, "# R\n### Query syntax\nonly this\n"))
    assert last == "only this"


def test_a_readme_without_the_section_gives_none(tmp_path: Path) -> None:
    assert query_syntax_section(_readme(tmp_path, "# R\n\n### Query Syntax (old)\n\nx\n")) is None


def test_paragraphs_and_the_table_become_html() -> None:
    # the section of README above, as query_syntax_section gives it
    html = query_syntax_html(
        "Words are *all* required; `tag:PREL` picks a facet.\n\n"
        "| Query | Finds |\n|-------|:------|\n| `a b` | both <words> |\n"
        '| `"x | y"` | a phrase with a bar |\n\nLast paragraph\non two lines.'
    )
    assert html.startswith("<h2>Query syntax</h2>")
    assert "<p>Words are <i>all</i> required; <code>tag:PREL</code> picks a facet.</p>" in html
    assert "<th align='left'>Query</th><th align='left'>Finds</th>" in html
    assert "<td><code>a b</code></td><td>both &lt;words&gt;</td>" in html  # escaped
    # a bar inside code is not a column break, and the separator row is dropped
    assert "<td><code>&quot;x | y&quot;</code></td><td>a phrase with a bar</td>" in html
    assert "---" not in html and html.count("<tr>") == 3
    assert "<p>Last paragraph on two lines.</p>" in html


def test_no_section_says_where_to_look() -> None:
    html = query_syntax_html(None)
    assert "README" in html and "Query syntax" in html and "<table" not in html


def test_the_page_shows_the_section_and_stays_open_beside_the_window(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    page = QuerySyntaxPage(readme=_readme(tmp_path))
    qtbot.addWidget(page)
    text = page.browser.document().toPlainText()
    assert "Query syntax" in text and "both <words>" in text and "Not part of it" not in text
    assert not page.isModal() and not page.browser.openLinks()
    page.show()
    assert page.isVisible()
    close = page.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    close.click()
    assert not page.isVisible()
