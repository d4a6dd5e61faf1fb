"""A hostile folder: what analysts find in folders they did not make.

``build_hostile(root)`` writes it and returns what a reader must make of it: which files
are good (and how many cables they hold), which are bad (and what the reason must say).
Used by the hostile tests of the command line, the index and the window.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: A cable written for this test (invented), in the plain-text layout.
CABLE = """VZCZCXYZ0000
OO RUEHWEB

DE RUEHPG #{serial:04d} 1271501
ZNY CCCCC ZZH
O 071501Z MAY 07
FM AMEMBASSY PRAGUE
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9007

C O N F I D E N T I A L PRAGUE {serial:06d}

SIPDIS

E.O. 12958: DECL: 05/07/2017
TAGS: PREL EZ
SUBJECT: {subject}

Classified By: Ambassador Jane Q. Doe for reasons 1.4 (b) and (d)

1. (C) {body}

2. (U) Second paragraph.

DOE
"""

#: A WikiLeaks-style page that tries everything a page must not be allowed to do.
HOSTILE_PAGE = """<html><head><title>Cable Viewer</title>
<script src="http://tracker.example.invalid/t.js"></script>
<script>fetch("http://tracker.example.invalid/ping"); document.write("<img src=x>");</script>
<link rel="stylesheet" href="http://tracker.example.invalid/s.css">
</head><body onload="alert('x')">
<iframe src="http://tracker.example.invalid/frame"></iframe>
<img src="http://tracker.example.invalid/pixel.gif" onerror="alert(1)">
<table class='cable'><tr><th>Reference ID</th><th>Created</th><th>Released</th>
<th>Classification</th><th>Origin</th></tr>
<tr><td><a href='/cable/2007/05/07PRAGUE777.html'>07PRAGUE777</a></td>
<td>2007-05-07 15:01</td><td>2010-11-28 18:06</td><td>CONFIDENTIAL</td>
<td>Embassy Prague</td></tr></table>
<code><pre>O 071501Z MAY 07&#x000A;FM AMEMBASSY PRAGUE&#x000A;TO SECSTATE WASHDC 9007</pre></code>
<code><pre>C O N F I D E N T I A L PRAGUE 000777 &#x000A; &#x000A;TAGS: PREL EZ&#x000A;\
SUBJECT: A PAGE WITH SCRIPTS&#x000A; &#x000A;<a id='par1' href='#par1' onclick="alert(2)">¶</a>\
1. (C) Text of the page.<script>alert(3)</script>&#x000A;</pre></code>
</body></html>
"""


@dataclass
class Hostile:
    root: Path
    good_cables: int = 0
    #: bad file (relative path) -> words the reason must contain
    bad: dict[str, str] = field(default_factory=dict)
    #: files outside the folder that a link points to; must never be read
    outside: list[Path] = field(default_factory=list)
    #: files whose read must fail with PermissionError (tests inject the error)
    unreadable: list[str] = field(default_factory=list)


def cable(serial: int, subject: str = "A TEST CABLE", body: str = "First paragraph.") -> str:
    return CABLE.format(serial=serial, subject=subject, body=body)


def build_hostile(root: Path, *, huge_mb: int = 300) -> Hostile:
    """Write the hostile folder under ``root`` (which must exist and be empty)."""
    h = Hostile(root)
    good = root / "good"
    good.mkdir()
    serial = 100

    def add_good(path: Path, data: bytes, cables: int = 1) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        h.good_cables += cables

    def add_bad(relative: str, data: bytes | None, reason: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
        h.bad[relative] = reason

    # plain good cables in every encoding and line end
    for name, encoding, newline in [
        ("utf8.txt", "utf-8", "\n"),
        ("crlf-latin1.txt", "latin-1", "\r\n"),
        ("cp1252.txt", "cp1252", "\r\n"),
        ("cr-only.txt", "utf-8", "\r"),
        ("utf16.txt", "utf-16", "\n"),
    ]:
        serial += 1
        text = cable(serial, body="Caf\u00e9 \u00b6 text.").replace("\n", newline)
        add_good(good / name, text.encode(encoding))
    serial += 1
    add_good(good / "invalid-utf8.txt", cable(serial).encode() + b"\n\xff\xfe\xc3 broken bytes\n")
    serial += 1
    add_good(good / "nul-bytes.txt", cable(serial).encode().replace(b"Second", b"Sec\x00ond"))
    # 200 nested folders with a cable at the bottom
    deep = good
    for i in range(200):
        deep = deep / f"d{i}"
    serial += 1
    add_good(deep / "deep.txt", cable(serial).encode())
    # file names with a newline and with bytes that are not UTF-8
    serial += 1
    add_good(good / "line\nbreak.txt", cable(serial).encode())
    serial += 1
    odd = os.fsdecode(b"latin1-\xe9t\xe9.txt")
    add_good(good / odd, cable(serial).encode())
    # a single 10 MB line: read and parsed (under the size limit)
    add_good(good / "long-line.txt", b"UNCLAS STATE 000123 " + b"WORDS " * (10 * 1024 * 1024 // 6))
    # a hostile HTML page: data, never rendered
    add_good(good / "page.html", HOSTILE_PAGE.encode())
    # a cables.csv with a broken row in the middle: 4 rows, all come out, one flagged
    rows = []
    for n in (1, 2, 3, 4):
        rows.append(
            f'"{n}","5/7/2007 15:01","07PRAGUE{500 + n}","Embassy Prague","UNCLASSIFIED","",'
            f'"","UNCLAS PRAGUE {500 + n:06d}\\n\\nTAGS: PREL\\n\\n1. (U) Row {n}."\n'
        )
    rows[1] = '"2","5/7/2007 15:01","07PRAGUE502","Embassy Pra\n'  # cut off mid-field
    add_good(good / "csv" / "cables.csv", "".join(rows).encode(), cables=4)

    # bad files: each must appear once in the problems, with a reason a person understands
    add_bad("bad/empty.txt", b"", "empty")
    add_bad("bad/binary.txt", bytes(range(256)) * 64, "not text")
    add_bad("bad/blanks.txt", b"   \n\n\t\n", "empty")
    huge = root / "bad" / "huge.txt"
    with huge.open("wb") as fh:  # a 300 MB text file, sparse on disk: refused by its size
        fh.write(b"UNCLAS STATE 000001\n")
        fh.truncate(huge_mb * 1024 * 1024)
    h.bad["bad/huge.txt"] = "too large"
    h.unreadable.append("bad/locked.txt")
    add_bad("bad/locked.txt", cable(999).encode(), "permission denied")
    # random bytes named .txt (that an older test took for text); a broken link; a named
    # pipe, which is not a file: skipped, never opened (opening it would wait for ever)
    add_bad("bad/random.txt", random.Random(62).randbytes(8192), "not text")
    os.symlink("nowhere.txt", root / "bad" / "broken-link.txt")
    h.bad["bad/broken-link.txt"] = "a broken link: what it points to (nowhere.txt) does not exist"
    os.mkfifo(root / "bad" / "pipe.txt")
    # links: a loop, and a file outside the folder
    os.symlink("..", root / "good" / "loop")
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "outside.txt"
    secret.write_bytes(cable(4242, subject="OUTSIDE THE FOLDER").encode())
    h.outside.append(secret)
    os.symlink(secret, root / "good" / "link-out.txt")
    # things that are not cable files at all: skipped, not errors
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not a cable")
    (root / "image.png").write_bytes(b"\x89PNG\r\n")
    return h


def tree_digest(root: Path) -> str:
    """A hash of every path, mode, size and content under ``root`` (links not followed)."""
    import hashlib

    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            st = path.lstat()
            digest.update(os.fsencode(path.relative_to(root)))
            digest.update(f"{st.st_mode}:{st.st_size}:{st.st_mtime_ns}".encode())
            if path.is_symlink():
                digest.update(os.fsencode(os.readlink(path)))
            elif path.is_file() and st.st_size < 50 * 1024 * 1024 and os.access(path, os.R_OK):
                with open(path, "rb") as fh:  # not Path.open, which tests may patch
                    digest.update(fh.read())
    return digest.hexdigest()


def deny_reading(monkeypatch: pytest.MonkeyPatch, locked: set[Path]) -> None:
    """Opening a file in ``locked`` with ``os.open`` (how a cable file is read) fails as for
    a user without the right, root included; the set can change while the test runs."""
    real_os_open = os.open

    def guarded(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(path, str | os.PathLike) and Path(path) in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
