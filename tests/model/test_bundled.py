"""Tests for reader.model.bundled: where the resources are found.

The module decides once, when imported: the checkout's ``resources/`` when it holds the
code tables, else the installed package ``reader.resources``, else the checkout path (so a
missing table is named in the look-up's error). The three cases are run on a copy of the
module placed in a temporary tree, with ``find_spec`` answering as an install would.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from reader.model import bundled
from reader.model.codes import read_table

REPO = Path(__file__).resolve().parents[2]
TABLES = (
    "countries",
    "handling",
    "posts",
    "precedence",
    "reasons",
    "routing_indicators",
    "security_codes",
    "tags",
)


def test_a_checkout_reads_its_own_resources() -> None:
    assert bundled.RESOURCES == REPO / "resources"
    assert bundled.DATA_DIR == bundled.RESOURCES / "data"
    assert bundled.SAMPLES == bundled.RESOURCES / "samples"


def test_what_the_resources_hold() -> None:
    for name in TABLES:
        table = read_table(name, bundled.DATA_DIR)
        assert table.rows, name
    assert (bundled.RESOURCES / "styles" / "app.qss").is_file()
    assert (bundled.RESOURCES / "icons" / "cable-reader.svg").is_file()
    assert (bundled.SAMPLES / "README.md").is_file()
    assert any(bundled.SAMPLES.rglob("*.txt"))


def _load_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, checkout_tables: str, installed: object
) -> ModuleType:
    """bundled.py copied to tmp/checkout/reader/model/, loaded with find_spec answering
    ``installed`` for reader.resources; the checkout's resources/data holds the tables named
    in ``checkout_tables`` (space separated)."""
    checkout = tmp_path.resolve() / "checkout"
    core = checkout / "reader" / "model"
    core.mkdir(parents=True)
    shutil.copy(Path(bundled.__file__), core / "bundled.py")
    for name in checkout_tables.split():
        (checkout / "resources" / "data").mkdir(parents=True, exist_ok=True)
        (checkout / "resources" / "data" / f"{name}.tsv").write_text("a\tb\n")
    asked: list[str] = []

    def find_spec(name: str) -> object:
        asked.append(name)
        return installed

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    spec = importlib.util.spec_from_file_location("bundled_copy", core / "bundled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert asked in ([], ["reader.resources"])
    return module


def test_checkout_tables_win_over_an_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = SimpleNamespace(submodule_search_locations=[str(tmp_path / "site")])
    module = _load_copy(tmp_path, monkeypatch, checkout_tables="posts tags", installed=installed)
    assert module.RESOURCES == tmp_path.resolve() / "checkout" / "resources"


def test_an_install_without_checkout_tables_reads_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site" / "reader" / "resources"
    installed = SimpleNamespace(submodule_search_locations=[str(site)])
    module = _load_copy(tmp_path, monkeypatch, checkout_tables="", installed=installed)
    assert module.RESOURCES == site
    assert module.DATA_DIR == site / "data"
    assert module.SAMPLES == site / "samples"


@pytest.mark.parametrize(
    "installed", [None, SimpleNamespace(submodule_search_locations=None)], ids=["none", "module"]
)
def test_neither_falls_back_to_the_checkout_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed: object
) -> None:
    module = _load_copy(tmp_path, monkeypatch, checkout_tables="", installed=installed)
    assert module.RESOURCES == tmp_path.resolve() / "checkout" / "resources"
    # the look-up then names the missing table
    with pytest.raises(FileNotFoundError, match="posts.tsv"):
        read_table("posts", module.DATA_DIR)


def test_a_checkout_without_the_posts_table_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """posts.tsv is the table the choice looks for: other tables alone do not make a
    resources/ folder the one to read."""
    site = tmp_path / "site" / "reader" / "resources"
    installed = SimpleNamespace(submodule_search_locations=[str(site)])
    module = _load_copy(
        tmp_path, monkeypatch, checkout_tables="tags countries", installed=installed
    )
    assert module.RESOURCES == site
