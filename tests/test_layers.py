"""The import rules of docs/ARCHITECTURE.md, read from the source (an AST scan of every import)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "reader"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pytestqt")


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def modules_under(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py"))


#: The packages below the window, lowest first: each may import only those before it.
LAYERS = ("model", "parser", "review", "query", "annotate", "index", "team", "export")


def test_scan_sees_the_packages() -> None:
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} >= set(LAYERS)
    assert all(len(modules_under(layer)) >= 2 for layer in LAYERS)


def test_each_layer_imports_only_the_layers_below_it_and_no_qt() -> None:
    bad = []
    for rank, layer in enumerate(LAYERS):
        allowed = tuple(f"reader.{below}" for below in LAYERS[: rank + 1])
        for p in modules_under(layer):
            for name in imports_of(p):
                if name.startswith(QT) or (
                    name.startswith("reader.") and not name.startswith(allowed)
                ):
                    bad.append(f"{p.relative_to(PACKAGE)}: {name}")
    assert bad == []


def test_the_layer_scan_catches_an_upward_import(tmp_path: Path) -> None:
    sample = tmp_path / "up.py"
    sample.write_text("from reader.index.store import CorpusIndex\n")
    assert imports_of(sample) == ["reader.index.store"]
    assert not "reader.index.store".startswith(tuple(f"reader.{b}" for b in LAYERS[:2]))


def test_nothing_imports_ui_but_the_entry_points() -> None:
    allowed = {PACKAGE / "cli.py", PACKAGE / "__main__.py"}
    bad = [
        f"{p.relative_to(PACKAGE)}: {name}"
        for p in PACKAGE.rglob("*.py")
        if p not in allowed and "ui" not in p.relative_to(PACKAGE).parts
        for name in imports_of(p)
        if name.startswith("reader.ui")
    ]
    assert bad == []


def test_the_scan_catches_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport reader.ui.app\n")
    assert imports_of(sample) == ["PySide6.QtCore", "reader.ui.app"]


NETWORK = (
    "socket", "ssl", "urllib", "http", "requests", "ftplib", "smtplib", "poplib", "imaplib",
    "telnetlib", "xmlrpc", "webbrowser", "PySide6.QtNetwork", "PySide6.QtWebEngine",
    "psycopg",
)  # fmt: skip
#: The modules that may talk to a network: the team's PostgreSQL store and its shared
#: annotations, used only when the analyst names a ``postgresql://`` server (never by
#: default, never for a folder).
NETWORK_ALLOWED = {
    ("team/pgstore.py", "psycopg"),
    ("team/pg_annotations.py", "psycopg"),
    # the indexer's write path: the server's error classes (a deadlock retried, a file refused)
    ("team/pg_writer.py", "psycopg"),
    # makes the team's connections (connect_server: their timeouts, the back-off) and reads
    # a URL's parts
    ("team/pg_offline.py", "psycopg"),
    ("team/pg_offline.py", "psycopg.conninfo"),
}


def test_nothing_in_the_package_can_reach_the_network() -> None:
    """No module of the package imports anything that talks to a network or a browser."""
    bad = [
        f"{p.relative_to(PACKAGE)}: {name}"
        for p in sorted(PACKAGE.rglob("*.py"))
        for name in imports_of(p)
        if (name == "webbrowser" or name.split(".")[0] in NETWORK or name.startswith(NETWORK))
        and (str(p.relative_to(PACKAGE)), name) not in NETWORK_ALLOWED
    ]
    assert bad == []


def test_the_network_scan_catches_one(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text(
        "import urllib.request\nfrom PySide6.QtNetwork import QNetworkAccessManager\n"
    )
    names = imports_of(sample)
    assert [n for n in names if n.split(".")[0] in NETWORK or n.startswith(NETWORK)] == names
