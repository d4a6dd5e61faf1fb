"""File formats -> cable texts: .txt, WikiLeaks .html pages, cables.csv rows; decoding."""

from __future__ import annotations

import csv
import errno
import html
import io
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from reader.model.records import Cable, ContainerMeta, Source
from reader.parser.ids import ID_LIKE

__all__ = [
    "CABLE_SUFFIXES",
    "MAX_TEXT_BYTES",
    "UnreadableFile",
    "decode_bytes",
    "missing",
    "not_regular",
    "open_regular",
    "reason_for",
    "read_cables",
    "cable_from_html",
    "cables_from_csv",
    "cable_from_record",
    "strip_leftover_html",
]

#: A parser of one cable's text (keywords source and meta): parse_header; None: parse_cable
#: (looked up when called, so that a test may stand in for it).
Parser = Callable[..., Cable]

#: File endings that hold cables; everything else in a folder is skipped.
CABLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".csv"})

#: A single-cable file larger than this is refused (a cable is a few kB; the largest real
#: ones are under 1 MB). A cables.csv is streamed and has no limit, but each of its rows
#: has one (MAX_ROW_CHARS).
MAX_TEXT_BYTES = 16 * 1024 * 1024


def parse_cable(
    text: str, *, source: Source | None = None, meta: ContainerMeta | None = None
) -> Cable:
    """The parser, loaded when the first cable is read: a command that only asks an index
    (``search``) never loads it, and starts that much sooner."""
    from reader.parser.parse import parse_cable as parse

    return parse(text, source=source, meta=meta)


class UnreadableFile(Exception):
    """A file that cannot be read at all; ``reason`` says why in plain words."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


# ---------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else Latin-1. Never fails."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


#: Bytes no text file holds (C0 controls but tab, line ends, form feed and ESC; DEL), and
#: the five bytes cp1252 leaves undefined. Random bytes hold about 13% of them; real cables,
#: in any of the encodings above, next to none (a stray NUL or two).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + bytes(
    (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)
)


def _looks_binary(data: bytes) -> bool:
    """Not a text file: more than 1% control bytes in the first 8 kB (or in 8 kB from the
    middle, for a text header on a binary file) of what is not valid UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    middle = len(data) // 2
    for part in (data[:8192], data[middle : middle + 8192]):
        if not part:
            continue
        control = len(part) - len(part.translate(None, _CONTROL_BYTES))
        # NUL is a control byte: its count (as costly as the translation) is needed only
        # when there are enough control bytes for it to pass the limit
        if control > len(part) // 100 + 1 and part.count(b"\x00") > len(part) // 100 + 1:
            return True
        if control > len(part) // 100 + 2 and not _is_utf8(part):
            return True
        if control == 0 and len(data) <= 8192:
            # the middle sample of a file this short lies inside the first, which holds no
            # control byte (NUL is one): it passes too (most cables are this short and clean)
            return False
    return False


def _is_utf8(part: bytes) -> bool:
    try:
        part.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(part) - 3  # a character cut by the end of the sample
    return True


def reason_for(exc: OSError, path: str | Path | None = None) -> str:
    """Why a file could not be read, in words a person understands."""
    if isinstance(exc, FileNotFoundError):
        if path is not None and os.path.islink(path):
            return missing(path)
        return "the file disappeared before it could be read"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    if exc.errno == errno.ELOOP:
        return "a link that leads back to itself (a loop of links)"
    return f"cannot read it ({exc.strerror or exc})"


def missing(path: str | Path) -> str:
    """Why a path that cannot be found is not there: a broken link, or nothing at all."""
    try:
        return f"a broken link: what it points to ({os.readlink(path)}) does not exist"
    except OSError:
        return "no such file or folder"


def not_regular(mode: int) -> str | None:
    """Why a file of this type is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe (FIFO), not a regular file: not read"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a regular file: not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file: not read"
    return "it is not a regular file: not read"


def open_regular(path: str | Path) -> int:
    """A descriptor open for reading on ``path``, which must be a regular file.

    Nothing else is ever opened: a named pipe would block the reader for ever, a device
    may act on being opened. The type is checked before opening and again on what was
    opened (the file may have been swapped in between); O_NONBLOCK keeps the open itself
    from waiting on a pipe swapped in at that moment. Raises UnreadableFile."""
    return _open_regular(path)[0]


def _open_regular(path: str | Path) -> tuple[int, os.stat_result]:
    """``open_regular`` and the status of what it opened (the reader needs its size: a
    second fstat cost a microsecond a file)."""
    try:
        why = not_regular(os.stat(path).st_mode)
        if why is not None:
            raise UnreadableFile(path, why)
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UnreadableFile(path, reason_for(exc, path)) from exc
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise UnreadableFile(path, reason_for(exc, path)) from exc
    why = not_regular(st.st_mode)
    if why is not None:
        os.close(fd)
        raise UnreadableFile(path, why)
    return fd, st


def _read_bytes(path: Path) -> bytes:
    # os.open and os.fstat: a third of the time of Path.stat and Path.open, per file
    fd, st = _open_regular(path)
    try:
        size = st.st_size
        if size > MAX_TEXT_BYTES:
            raise UnreadableFile(
                path,
                f"too large for one cable ({size / 1048576:.0f} MB; the limit is "
                f"{MAX_TEXT_BYTES // 1048576} MB)",
            )
        chunks: list[bytes] = []
        got = 0
        while got <= MAX_TEXT_BYTES:
            chunk = os.read(fd, max(size + 1 - got, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise UnreadableFile(path, reason_for(exc, path)) from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableFile(path, "it grew beyond the size limit while being read")
    return data


# ---------------------------------------------------------------------------
# Leftover HTML in bodies


_TAG_RE = re.compile(r"<\s*/?\s*(?:a|code|pre|br|p|span|b|strong|i|em|div)\b[^>]*>", re.IGNORECASE)


def strip_leftover_html(text: str) -> str:
    """Remove the anchors and ``<code><pre>`` wrappers other tools left in cable bodies.

    ``<a id='par1' href='#par1'>¶</a>1. (C)`` becomes ``¶1. (C)``; entities are decoded.
    """
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = _TAG_RE.sub("", text)
    return html.unescape(text)


_LEFTOVER_HTML_RE = re.compile(r"<(?:code|pre)>|<a\s+(?:id|href)=", re.IGNORECASE)


def _has_leftover_html(text: str) -> bool:
    head = text[:4000]
    # (a "<" is looked for first, at C speed: few cable texts hold one, and the pattern's
    # search goes through the head a character at a time)
    return "<" in head and _LEFTOVER_HTML_RE.search(head) is not None


# ---------------------------------------------------------------------------
# WikiLeaks cable pages


class _CablePage(HTMLParser):
    """Collects the metadata table and the ``<pre>`` blocks of a WikiLeaks cable page.

    Scripts, styles and every other element are ignored: the page is data, never rendered.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pres: list[str] = []
        self._pre_depth = 0
        self._buf: list[str] = []
        self._skip = 0
        self._in_table = False
        self._cell: list[str] | None = None
        self.rows: list[list[str]] = []
        self.title_cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "iframe", "object", "noscript"):
            self._skip += 1
        elif tag == "pre":
            self._pre_depth += 1
            if self._pre_depth == 1:
                self._buf = []
        elif tag == "br" and self._pre_depth:
            self._buf.append("\n")
        elif tag == "table" and dict(attrs).get("class") == "cable":
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "iframe", "object", "noscript"):
            self._skip = max(0, self._skip - 1)
        elif tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
            if self._pre_depth == 0:
                self.pres.append("".join(self._buf))
        elif self._in_table and tag in ("td", "th") and self._cell is not None:
            if self.rows:
                self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._in_table:
            self._in_table = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre_depth:
            self._buf.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    from dateutil import parser as dateparser

    try:
        when = dateparser.parse(text)
    except (ValueError, OverflowError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _page_values(rows: list[list[str]]) -> dict[str, str]:
    """The metadata table's cells by lower-case label: a row of labels over a row of values,
    or (read as well, whichever a page uses) one label and its value a row."""
    if len(rows) < 2:
        return {}
    labels = [h.lower().strip(" :") for h in rows[0]]
    if "reference id" in labels:
        return dict(zip(labels, rows[1], strict=False))
    return {r[0].lower().strip(" :"): r[1] for r in rows if len(r) >= 2}


def cable_from_html(page: str, source: Source, parse: Parser | None = None) -> Cable:
    """A WikiLeaks cable page -> Cable: header and body ``<pre>`` joined by a blank line."""
    parser = _CablePage()
    try:
        parser.feed(page)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; be safe anyway
        return _fallback_html(
            page, source, f"the page could not be read as HTML ({exc})", parse=parse
        )
    meta = ContainerMeta()
    values = _page_values([r for r in parser.rows if r])
    if values:
        meta = ContainerMeta(
            reference_id=values.get("reference id") or None,
            # the older page layout heads the column "Date", the later one "Created"
            created=_when(values.get("created") or values.get("date")),
            released=_when(values.get("released")),
            classification=values.get("classification") or None,
            origin=values.get("origin") or None,
        )
    if not parser.pres:
        return _fallback_html(page, source, "no <pre> blocks with a cable text", meta, parse)
    text = "\n\n".join(p.strip("\n") for p in parser.pres)
    return (parse or parse_cable)(text, source=source, meta=meta)


def _fallback_html(
    page: str,
    source: Source,
    why: str,
    meta: ContainerMeta | None = None,
    parse: Parser | None = None,
) -> Cable:
    from dataclasses import replace

    from reader.model.records import Problem

    text = strip_leftover_html(re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", page))
    text = re.sub(r"<[^>]{0,2000}>", "", text)
    cable = (parse or parse_cable)(text, source=source, meta=meta)
    return replace(
        cable,
        problems=(Problem("html-layout", f"not a WikiLeaks cable page: {why}"), *cable.problems),
    )


# ---------------------------------------------------------------------------
# cables.csv


#: The start of a row in the full release's cables.csv: ``"1","12/28/1966 18:48",``. Quotes
#: inside fields are escaped (``\\"``), so no line inside a field can look like this.
CSV_ROW_START = re.compile(r'"\d+","\d\d?/\d\d?/\d{4} \d\d?:\d\d"')


def _csv_rows(text: str) -> list[list[str]]:
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=",",
        quotechar='"',
        escapechar="\\",
        doublequote=False,
        strict=False,
    )
    return list(reader)


#: A cables.csv row holding more characters than this is no cable (the largest real ones
#: are under 1 MB): only its start is kept, so that one huge field cannot take a worker's
#: memory (a 200 MB field took 5.8 GB) or become a cable's subject.
MAX_ROW_CHARS = 4 * 1024 * 1024
#: What is kept of such a row: enough for its ID, date and first lines.
KEPT_OF_HUGE_ROW = 64 * 1024
#: Lines are read in pieces of at most this many characters, however long they are.
_READ_CHARS = 1 << 20


def csv_records(lines: io.TextIOBase) -> Iterator[tuple[str, int]]:
    """The rows of a cables.csv in the release's layout, read from ``lines`` (text mode,
    newline=""), as (text, characters the row had): a row longer than MAX_ROW_CHARS comes
    cut to its first KEPT_OF_HUGE_ROW characters, and memory stays bounded however long
    its lines are. A row starts where a line starts with CSV_ROW_START."""
    record: list[str] = []
    size = 0
    at_line_start = True
    while piece := lines.readline(_READ_CHARS):
        if at_line_start and (record or size) and CSV_ROW_START.match(piece):
            yield "".join(record), size
            record, size = [], 0
        # a piece that does not end a line (a long line read in parts) is followed by more
        # of the same line, which never starts a row
        at_line_start = piece.endswith(("\n", "\r"))
        size += len(piece)
        if size <= MAX_ROW_CHARS:
            record.append(piece)
        elif len(record) > 1 or (record and len(record[0]) > KEPT_OF_HUGE_ROW):
            record = ["".join(record)[:KEPT_OF_HUGE_ROW]]  # once; then nothing is added
    if record or size:
        yield "".join(record), size


def cables_from_csv(path: Path, parse: Parser | None = None) -> Iterator[Cable]:
    """Every row of a cables.csv (full-release layout) as a Cable, streamed row by row.

    Columns: row number, date, reference ID, origin, classification, referenced IDs,
    header, body. Quotes inside fields are escaped as ``\\"``. Rows are cut where a line
    starts a new row, so a broken row (a lost quote) spoils only itself: it comes out as a
    Cable with a ``csv-row`` problem and its raw text, and the rows after it still load.
    """
    csv.field_size_limit(MAX_ROW_CHARS)
    raw = open(open_regular(path), "rb")  # noqa: SIM115 - closed with fh, or here
    if _looks_binary(raw.read(8192)):  # a binary file named .csv is no table
        raw.close()
        raise UnreadableFile(path, "it is not text (binary data)")
    raw.seek(0)
    fh = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
    with fh:
        try:
            first = fh.readline(_READ_CHARS)
            if not CSV_ROW_START.match(first):
                # another layout: read it as plain CSV, row after row (a field longer than
                # MAX_ROW_CHARS stops it, with the reason)
                rows = csv.reader(
                    itertools.chain([first], fh),
                    delimiter=",",
                    quotechar='"',
                    escapechar="\\",
                    doublequote=False,
                    strict=False,
                )
                for index, row in enumerate(rows, 1):
                    yield _cable_from_row(row, path, index, parse)
                return
            fh.seek(0)
            for index, (text, size) in enumerate(csv_records(fh), 1):
                yield cable_from_record(text, path, index, size, parse)
        except (csv.Error, UnicodeDecodeError, OSError) as exc:
            raise UnreadableFile(path, f"cannot read it as CSV ({exc})") from exc


#: the ID cell of a broken cables.csv row, as a dumped row's is read (ids.ID_LIKE)
_ID_CELL = re.compile(rf"^\s*{ID_LIKE}\s*$")


def cable_from_record(
    text: str, path: Path, index: int, size: int | None = None, parse: Parser | None = None
) -> Cable:
    """One cables.csv row's text (which may span many lines) -> Cable, as ``read_cables``
    gives it; the index uses it to parse parts of a big cables.csv side by side. ``size``:
    the characters of the row when ``text`` is only its start (csv_records)."""
    from dataclasses import replace

    from reader.model.records import Problem

    if size is not None and size > len(text):
        cable = _record_cable(text, path, index, parse)
        why = Problem(
            "csv-row",
            f"row {index} holds {size / 1048576:.0f} MB, more than any cable (the limit is"
            f" {MAX_ROW_CHARS // 1048576} MB): only its first {len(text) // 1024} kB are kept",
        )
        return replace(cable, problems=(why, *cable.problems))
    cable = _record_cable(text, path, index, parse)
    if _cut_short(text):
        # the file ends inside this row (a copy or download that stopped): the csv module
        # closes the open field without a word, and the cable read as whole
        why = Problem(
            "csv-row",
            f"row {index} ends inside a field: the file is cut short here, so the rest of"
            " this cable is missing",
        )
        return replace(cable, problems=(why, *cable.problems))
    return cable


def _record_cable(text: str, path: Path, index: int, parse: Parser | None) -> Cable:
    """One cables.csv row's text -> Cable, with a ``csv-row`` problem when it is no
    well-formed row (kept whole, as raw text)."""
    from dataclasses import replace

    from reader.model.records import Problem

    rows = _csv_rows(text)
    if len(rows) == 1 and len(rows[0]) == 8:
        return _cable_from_row(rows[0], path, index, parse)
    # keep what the row's first fields still say, so the broken row can be found by its ID
    fields = rows[0] if rows else []
    meta = ContainerMeta(
        reference_id=fields[2].strip() if len(fields) > 2 and _ID_CELL.match(fields[2]) else None,
        created=_when(fields[1]) if len(fields) > 1 else None,
    )
    cable = (parse or parse_cable)(
        text, source=Source(path=str(path), format="csv", row=index), meta=meta
    )
    why = Problem(
        "csv-row",
        f"row {index} is not a well-formed cables.csv row ({len(rows)} records,"
        f" {len(rows[0]) if rows else 0} fields; a lost quote?); shown as raw text",
    )
    return replace(cable, problems=(why, *cable.problems))


def _cut_short(text: str) -> bool:
    """Whether a cables.csv row's text stops inside a quoted field because its file stops.
    Every field of the layout is quoted, and only the last row of a file can end without a
    line end (csv_records cuts rows at line starts), so a row that ends with neither is the
    file's end cutting into it; a row in the middle whose closing quote was lost ends with
    a line end and reads as before."""
    text = text.rstrip(" \t")
    if text.endswith(("\n", "\r")) or not text:
        return False
    if not text.endswith('"'):
        return True
    escapes = len(text) - 1 - len(text[:-1].rstrip("\\"))
    return escapes % 2 == 1  # \" is a quote inside the field, not its end


def _cable_from_row(row: list[str], path: Path, index: int, parse: Parser | None = None) -> Cable:
    from dataclasses import replace

    from reader.model.records import Problem

    source = Source(path=str(path), format="csv", row=index)
    if len(row) < 8:
        text = "\n".join(row)
        cable = (parse or parse_cable)(text, source=source)
        return replace(
            cable,
            problems=(
                Problem("csv-row", f"row {index} has {len(row)} columns, expected 8"),
                *cable.problems,
            ),
        )
    number, created, ident, origin, classification, refs, header, body = row[:8]
    meta = ContainerMeta(
        reference_id=ident.strip() or None,
        created=_when(created),
        classification=classification.strip() or None,
        origin=origin.strip() or None,
        referenced_ids=tuple(r.strip() for r in re.split(r"[,|]", refs) if r.strip()),
    )
    text = header.rstrip("\n") + "\n\n" + body if header.strip() else body
    return (parse or parse_cable)(text, source=source, meta=meta)


# ---------------------------------------------------------------------------
# Any file


def read_cables(path: str | Path, parse: Parser | None = None) -> Iterator[Cable]:
    """Every cable in one file. Raises UnreadableFile when the file cannot be read at all.
    ``parse``: parse_cable, or parse.parse_header for an index's first phase."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        yield from cables_from_csv(p, parse)
        return
    data = _read_bytes(p)
    if not data.strip():
        raise UnreadableFile(p, "the file is empty")
    if _looks_binary(data):
        raise UnreadableFile(p, "it is not text (binary data)")
    text = decode_bytes(data)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if suffix in (".html", ".htm"):
        yield cable_from_html(text, Source(str(p), "html"), parse)
        return
    if _has_leftover_html(text):
        yield (parse or parse_cable)(strip_leftover_html(text), source=Source(str(p), "body"))
        return
    yield (parse or parse_cable)(text, source=Source(str(p), "txt"))
