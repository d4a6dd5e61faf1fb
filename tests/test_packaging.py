"""The package as pyproject.toml ships it: every subpackage listed, the resources inside."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reader.model import bundled

REPO = Path(__file__).resolve().parents[1]


def _setuptools() -> dict:  # type: ignore[type-arg]
    with open(REPO / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["setuptools"]


def test_every_subpackage_of_reader_is_shipped() -> None:
    found = {
        ".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "reader").rglob("__init__.py")
    }
    listed = set(_setuptools()["packages"])
    assert found <= listed, f"not in pyproject.toml's packages: {sorted(found - listed)}"
    assert "reader.resources" in listed


def test_resources_ship_as_a_package_and_hold_what_the_code_reads() -> None:
    assert _setuptools()["package-dir"]["reader.resources"] == "resources"
    assert (REPO / "resources" / "__init__.py").is_file()
    assert bundled.RESOURCES == REPO / "resources"
    assert (bundled.DATA_DIR / "routing_indicators.tsv").is_file()
    assert (bundled.SAMPLES / "README.md").is_file()
    patterns = _setuptools()["package-data"]["reader.resources"]
    for needed in ("data/*.tsv", "styles/*", "icons/*", "samples/**/*"):
        assert needed in patterns
