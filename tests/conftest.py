"""Shared fixtures: where the real cables are, and the rule for when they are missing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

#: fixtures of the index's tests (small folders, indexes), for every package's tests
pytest_plugins = ["corpus_fixtures"]

if TYPE_CHECKING:
    from reader.model.records import Cable

REPO = Path(__file__).resolve().parents[1]
SHARED_CABLES = REPO.parent / "shared" / "cables"


def require_shared_cables() -> Path:
    """The real cables in ../shared/cables: fail in CI when missing, skip (saying why) elsewhere."""
    if (SHARED_CABLES / "text").is_dir():
        return SHARED_CABLES
    message = f"the real cables are missing: expected them in {SHARED_CABLES}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is an error)")
    pytest.skip(message + " (CI is not set)")


#: session fixtures that take tens of seconds each to make: when the suite runs in several
#: processes (pytest-xdist, ``--dist loadgroup``), the tests that use one run in one process,
#: so each is made once; and so do the tests of a module that reads the real corpus (its
#: module fixtures parse or index some of it, once a process)
_COSTLY_FIXTURES = {
    "real_corpus": "real-corpus",
    "shared_parsed": "real-corpus",
    "shared_text_index": "real-corpus",
    "parsed_files": "parsed-files",
}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = getattr(item, "fixturenames", ())
        groups = sorted({group for name, group in _COSTLY_FIXTURES.items() if name in used})
        if not groups and ("shared_cables" in used or item.get_closest_marker("corpus")):
            groups = [item.path.stem]
        if groups:
            item.add_marker(pytest.mark.xdist_group("+".join(groups)))


@pytest.fixture(scope="session")
def shared_cables() -> Path:
    return require_shared_cables()


@dataclass(frozen=True)
class ParsedFile:
    """One file under ../shared/cables as the parser reads it: its text (decoded loosely, for
    tests that look for things in it themselves) and its cables, or why it cannot be read."""

    path: Path
    raw: str
    cables: list[Cable] | None
    error: str | None = None


@pytest.fixture(scope="session")
def parsed_files(shared_cables: Path) -> list[ParsedFile]:
    """Every .txt, .html and .csv file under ../shared/cables, parsed once for the whole
    session: the tests over the whole corpus share it rather than each parsing 11,000
    cables again."""
    from reader.parser.containers import UnreadableFile, read_cables

    out: list[ParsedFile] = []
    for path in sorted(p for p in shared_cables.rglob("*") if p.is_file()):
        if path.suffix.lower() not in (".txt", ".html", ".csv"):
            continue
        raw = path.read_bytes().decode("utf-8", errors="replace")
        try:
            out.append(ParsedFile(path, raw, list(read_cables(path))))
        except UnreadableFile as exc:
            out.append(ParsedFile(path, raw, None, exc.reason))
    return out


@pytest.fixture(autouse=True, scope="session")
def user_data_elsewhere(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never touch the analyst's own annotations: the user data directory is moved."""
    from reader.annotate.annotations import DATA_DIR_ENV

    os.environ[DATA_DIR_ENV] = str(tmp_path_factory.mktemp("user-data"))


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing leaves the machine: any outbound connection in a test is an error."""
    import socket

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def local(address: object) -> bool:
        if isinstance(address, (str, bytes)):  # unix sockets (Qt, multiprocessing)
            return True
        host = address[0] if isinstance(address, tuple) and address else None
        return str(host) in ("127.0.0.1", "::1", "localhost")

    def connect(self: socket.socket, address: object) -> None:
        if not local(address):
            raise AssertionError(f"network access attempted: {address!r}")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if not local(address):
            raise AssertionError(f"network access attempted: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The hostile folder of tests/hostile.py, its unreadable file locked.

    Root reads anything, so reading the locked file also raises the PermissionError a
    normal user gets (in this process: code that reads in worker processes sees the
    chmod only, which is enough when the tests do not run as root).
    """
    from hostile import build_hostile, deny_reading

    root = tmp_path / "folder"
    root.mkdir()
    h = build_hostile(root)
    locked = {root / rel for rel in h.unreadable}
    for path in locked:
        path.chmod(0)
    real_open = Path.open

    def guarded_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self in locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    deny_reading(monkeypatch, locked)
    yield h
    for path in locked:
        path.chmod(0o644)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for the team-mode tests (see tests/pg_server.py)."""
    from pg_server import new_database

    with new_database() as url:
        yield url
