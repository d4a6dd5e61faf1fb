"""Where the bundled resources are: the checkout's ``resources/``, or the installed copy.

A source checkout (and an editable install) reads ``resources/`` beside the package; a wheel
ships the same folder as the package ``reader.resources`` (see ``package-dir`` in
pyproject.toml), so a non-editable install has the code tables, styles and samples too.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

__all__ = ["DATA_DIR", "RESOURCES", "SAMPLES"]


def _resources() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if (checkout / "data" / "posts.tsv").is_file():
        return checkout
    spec = find_spec("reader.resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return checkout  # neither: the look-ups say which table is missing


#: resources/: data tables, icons, style sheets and the sample folder
RESOURCES = _resources()
#: the code tables (TSV) that codes.py and posts.py read
DATA_DIR = RESOURCES / "data"
#: the bundled sample folder that ``cable-reader`` opens by default
SAMPLES = RESOURCES / "samples"
