"""Walk a folder and list the cable files in it, with size and mtime; never leaves the folder."""

from __future__ import annotations

import gc
import os
import stat
import threading
import time
from array import array
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from reader.query.query import FileProblem

__all__ = ["ScanResult", "SourceFile", "listing_digest", "no_cables", "scan", "what_is_read"]


def no_cables(root: str) -> str:
    """The sentence for a folder that holds no cable: what is read, and where."""
    return f"No cables in {root}: {what_is_read()}."


def what_is_read() -> str:
    """Which files hold cables, and where they are looked for."""
    from reader.parser.containers import CABLE_SUFFIXES

    kinds = ", ".join(sorted(CABLE_SUFFIXES))
    return (
        f"Cable Reader reads cable texts, WikiLeaks pages and cables.csv files ({kinds}),"
        " in the folder and the folders inside it"
    )


class SourceFile(NamedTuple):
    """One file that holds cables. ``path`` is relative to the scanned root, with ``/``.

    A named tuple, not a dataclass: a folder of the whole release makes 250,000 of them
    each time it is opened."""

    path: str
    size: int
    mtime_ns: int
    #: (device, inode): the same file under another name after a rename
    identity: tuple[int, int]


class ScanResult:
    """What a look at a folder found, filled in as the walk goes (a plain class: a search
    imports this module, and a dataclass costs its start a millisecond to define)."""

    __slots__ = ("files", "skipped", "links_out", "problems", "cancelled", "folders", "started_ns")

    def __init__(
        self,
        files: list[SourceFile] | None = None,
        skipped: int = 0,
        links_out: list[str] | None = None,
        problems: list[FileProblem] | None = None,
        cancelled: bool = False,
        folders: list[tuple[str, int, int]] | None = None,
        started_ns: int = 0,
    ) -> None:
        self.files: list[SourceFile] = [] if files is None else files
        #: files that are not cables (other suffixes, not regular files)
        self.skipped = skipped
        #: links that lead out of the folder, never followed (their paths in it)
        self.links_out: list[str] = [] if links_out is None else links_out
        #: folders or files that could not be listed or stat'ed
        self.problems: list[FileProblem] = [] if problems is None else problems
        self.cancelled = cancelled
        #: every folder listed (relative path, ``""`` for the root; its mtime, taken before
        #: it was listed, and inode), when the whole folder was: what tells a later look that
        #: no file was added, removed or renamed since (freshness.py). None for a listing
        #: cut short or one file.
        self.folders = folders
        #: when the listing began (time.time_ns()): a folder changed at about that moment
        #: may change again within the same tick of its clock without its mtime showing it
        self.started_ns = started_ns

    def __repr__(self) -> str:
        return (
            f"ScanResult({len(self.files)} files, {self.skipped} skipped,"
            f" {len(self.links_out)} links out, {len(self.problems)} problems"
            + (", cancelled" if self.cancelled else "")
            + ")"
        )


def scan(
    root: str | Path, *, cancel: threading.Event | None = None, limit: int | None = None
) -> ScanResult:
    """List the cable files under ``root`` (a folder, or a single file).

    With ``limit``, the listing stops once that many files are found (in no useful order,
    and without the files reached only through links): a first few to show at once.

    Links are followed only when they stay inside the folder, and every folder and file
    is visited once however many links lead to it (so a link loop ends); a file reached
    both by its own name and through a link is listed under its own name. Files come
    sorted by path.
    """
    # a folder of the whole release makes half a million tuples, none in a cycle: the
    # collector would go through them again and again while they are made, for nothing
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _scan(Path(root), cancel, limit)
    finally:
        if collecting:
            gc.enable()


def _scan(root: Path, cancel: threading.Event | None, limit: int | None) -> ScanResult:
    # the parser's file reading is loaded by a walk, not by what imports this module for
    # its names (a search asks only whether the folders changed: freshness.py)
    from reader.parser.containers import CABLE_SUFFIXES, not_regular, reason_for

    result = ScanResult(started_ns=time.time_ns())
    try:
        top = os.stat(root)
    except OSError as exc:
        result.problems.append(FileProblem(str(root), _reason(exc)))
        return result
    if not stat.S_ISDIR(top.st_mode):
        if not stat.S_ISREG(top.st_mode):  # a named pipe, a device: never opened
            result.problems.append(FileProblem(root.name, not_regular(top.st_mode) or ""))
        else:
            # named on purpose, so read whatever its ending (a cable saved as .md, or with
            # none), as parse reads it: skipped, it gave "No cables" with a list of endings
            result.files.append(
                SourceFile(root.name, top.st_size, top.st_mtime_ns, (top.st_dev, top.st_ino))
            )
        return result

    real_root = os.path.realpath(root)
    device = top.st_dev
    suffixes = CABLE_SUFFIXES
    files = result.files
    seen_dirs = {(top.st_dev, top.st_ino)}
    seen_files: set[tuple[int, int]] = set()
    linked: list[SourceFile] = []
    linked_dirs: list[tuple[tuple[int, int], str, str]] = []
    folders: list[tuple[str, int, int]] = []
    stack: list[tuple[str, str]] = [(str(root), "")]  # (absolute dir, relative prefix)
    while stack or linked_dirs:
        if not stack:
            # folders reached through links come last, so a folder is listed under its own
            # name when it has one
            ident, directory, prefix = linked_dirs.pop(0)
            if ident not in seen_dirs:
                seen_dirs.add(ident)
                stack.append((directory, prefix))
            continue
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        directory, prefix = stack.pop()
        try:
            entries, dir_fd, dir_stat = _listing(directory)
        except OSError as exc:
            reason = f"cannot list the folder: {_reason(exc)}"
            result.problems.append(FileProblem(prefix.rstrip("/") or ".", reason))
            continue
        folders.append((prefix.rstrip("/"), dir_stat.st_mtime_ns, dir_stat.st_ino))
        try:
            for entry in entries:
                name = storable(entry.name)
                try:
                    if not entry.is_symlink():
                        # the common case, kept cheap: the type comes with the directory
                        # listing, and the size and time from a stat relative to the folder
                        if entry.is_dir():
                            seen_dirs.add((device, entry.inode()))
                            stack.append((os.path.join(directory, entry.name), prefix + name + "/"))
                            continue
                        dot = name.rfind(".")
                        if dot < 0 or name[dot:].lower() not in suffixes:
                            result.skipped += 1
                            continue
                        st = entry.stat()
                        if not stat.S_ISREG(st.st_mode):
                            result.skipped += 1
                            continue
                        ident = (st.st_dev, st.st_ino)
                        if ident not in seen_files:
                            seen_files.add(ident)
                            found = SourceFile(prefix + name, st.st_size, st.st_mtime_ns, ident)
                            files.append(found)
                            if limit is not None and len(files) >= limit:
                                files.sort()
                                return result
                        continue
                    path = os.path.join(directory, entry.name)
                    if not _inside(real_root, path):
                        result.links_out.append(prefix + name)
                        continue
                    st = os.stat(path)  # follows a link that stays inside
                except OSError as exc:
                    why = reason_for(exc, os.path.join(directory, entry.name))
                    result.problems.append(FileProblem(prefix + name, why))
                    continue
                ident = (st.st_dev, st.st_ino)
                if stat.S_ISDIR(st.st_mode):
                    linked_dirs.append((ident, path, prefix + name + "/"))
                elif stat.S_ISREG(st.st_mode) and os.path.splitext(name)[1].lower() in suffixes:
                    linked.append(SourceFile(prefix + name, st.st_size, st.st_mtime_ns, ident))
                else:
                    result.skipped += 1
        finally:
            if dir_fd is not None:
                os.close(dir_fd)
    # a link to a file counts only when the file is not in the folder under its own name
    for f in linked:
        if f.identity not in seen_files:
            seen_files.add(f.identity)
            result.files.append(f)
    result.files.sort()  # by path: no two files have the same
    if not result.cancelled:
        result.folders = folders
    return result


#: Whether a folder can be listed through an open descriptor (POSIX): its files are then
#: stat'ed relative to it, without the system walking the whole path again for each.
_BY_DESCRIPTOR = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")


def _listing(directory: str) -> tuple[list[os.DirEntry[str]], int | None, os.stat_result]:
    """The entries of ``directory``, the descriptor they are read through (to close once
    done with them: their stat() uses it), if any, and the folder's own stat, taken before
    the listing (a change after it shows as a later mtime)."""
    if not _BY_DESCRIPTOR:
        own = os.stat(directory)
        with os.scandir(directory) as it:
            return list(it), None, own
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        own = os.fstat(fd)
        with os.scandir(fd) as it:
            return list(it), fd, own
    except BaseException:
        os.close(fd)
        raise


# File names are bytes; Python shows bytes that are not UTF-8 as lone surrogates
# (\udc80-\udcff), which SQLite cannot store. They are kept as the last 128 code points of
# plane 16 (private use, never in a real name), and turned back when the file is opened.
_TO_STORE = {0xDC80 + i: 0x10FF80 + i for i in range(128)}
_FROM_STORE = {v: k for k, v in _TO_STORE.items()}


def listing_digest(files: list[SourceFile]) -> str:
    """A digest of the path, size and mtime of every file, in their order: equal digests,
    equal listings (as far as the index looks at them)."""
    import hashlib  # (here: a search imports this module, and hashlib loads OpenSSL, 3 ms)

    digest = hashlib.sha256("\0".join(map(itemgetter(0), files)).encode("utf-8", "surrogatepass"))
    digest.update(array("q", map(itemgetter(1), files)).tobytes())
    digest.update(array("q", map(itemgetter(2), files)).tobytes())
    return digest.hexdigest()


def storable(name: str) -> str:
    """A file name (or relative path) as the index stores it: valid UTF-8, reversibly."""
    return name.translate(_TO_STORE) if not name.isascii() else name


def on_disk(name: str) -> str:
    """The inverse of storable(): the name as the file system has it."""
    return name.translate(_FROM_STORE) if not name.isascii() else name


def in_root(root: Path, name: str, root_is_file: bool) -> Path:
    """The file a stored name is on disk: under the folder, or the root itself when the
    index is of one file (a cables.csv)."""
    return root if root_is_file else root / on_disk(name)


def _inside(real_root: str, path: str) -> bool:
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)


def _reason(exc: OSError) -> str:
    """A reason a person understands: 'permission denied', 'no such file or directory'."""
    if exc.strerror:
        return exc.strerror.lower()
    return str(exc)
