"""``make run`` installs what the window needs once, saying so; ``make test-quick`` runs the
quick subset. Run in a copy of the Makefile with a stand-in for Python that logs its
arguments (nothing is installed, no Debian package is looked for)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def make(tmp_path: Path):  # type: ignore[no-untyped-def]
    if shutil.which("make") is None:
        pytest.fail("make is needed to test the Makefile")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    log = tmp_path / "python.log"
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    python.chmod(0o755)

    def run(target: str) -> tuple[str, list[str]]:
        done = subprocess.run(
            [
                "make",
                "--no-print-directory",
                target,
                f"PYTHON={python}",
                "APP_PACKAGES=",
                "TEST_PACKAGES=",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        calls = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return done.stdout, calls

    return run


def test_make_run_installs_the_app_once_and_says_so(make) -> None:  # type: ignore[no-untyped-def]
    out, calls = make("run")
    assert calls == ["-m pip install --quiet -e .", "-m reader resources/samples"]
    assert "make: installing the package and what the window needs" in out
    assert "make: opening resources/samples in the window" in out
    out, calls = make("run")
    assert calls == ["-m reader resources/samples"]  # nothing installed the second time
    assert "installing" not in out


def test_make_test_quick_adds_the_test_tools_once(make) -> None:  # type: ignore[no-untyped-def]
    make("run")
    out, calls = make("test-quick")
    assert calls[0] == "-m pip install --quiet -e .[test]"
    assert calls[1].startswith(
        "-m pytest -q -n logical --dist loadgroup -m not corpus and not slow"
    )
    assert "[test]" not in " ".join(make("test-quick")[1])


def test_make_test_checks_the_types_before_the_tests(make) -> None:  # type: ignore[no-untyped-def]
    calls = make("test")[1]
    assert calls[-2:] == ["-m mypy", "-m pytest -n logical --dist loadgroup"]
