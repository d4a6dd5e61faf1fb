"""A team's annotations when the server may be away: what the window annotates goes to the
server when it can be reached, and to the analyst's queue (change_queue) when it cannot;
the queue is sent, in order, the next time the server answers (each ``PgIndex.annotations``
opens a connection, so the first job after the server is back sends it, even in a window
started after one closed while offline).

While offline the window is shown its changes as made: the reads answer from the queue,
over what the server last gave (the rows' state, a cable's notes, kept in the same file).
The cables the window opened are kept there too (the last few hundred: ``keep_cable``), so
that one opened before the server went away can be read again (``kept_cable``), and its
references shown as they were then (``kept_thread``).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from reader.annotate.annotations import CableNote, Label, RowState, default_data_dir
from reader.index.rows import meta_from_json, meta_to_json
from reader.index.threads import CableThread
from reader.model.records import Cable, Source
from reader.query.query import Hit
from reader.review.graph import ReferenceGraph
from reader.team.change_queue import (
    ChangeQueue,
    Overlay,
    QueuedChange,
    Sent,
    overlay,
    overlay_known,
    send,
)
from reader.team.pg_annotations import PgAnnotations

__all__ = [
    "reason",
    "not_connected",
    "CONNECT_TIMEOUT",
    "PROBE_TIMEOUT",
    "KeptCable",
    "OfflineNotes",
    "QueueStatus",
    "QueuedAnnotations",
    "connect_server",
    "connect_timeout",
    "keep_cable",
    "kept_cable",
    "kept_thread",
    "probe",
    "queue_path",
]

_T = TypeVar("_T")
QUEUE_DIR = "server-queues"


def queue_path(url: str, data_dir: Path | None = None) -> Path:
    """The queue file of this server, database and user, in the user data directory: the
    same file whenever the same analyst opens the same corpus, whatever the password.
    ValueError, saying why, for a URL PostgreSQL cannot read."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(url)
    except ProgrammingError as exc:
        raise ValueError(str(exc)) from exc
    user = info.get("user") or os.environ.get("PGUSER") or getpass.getuser()
    where = "|".join(
        str(info.get(k) or "") for k in ("host", "hostaddr", "port", "dbname", "service")
    )
    digest = hashlib.sha256(f"{where}|{user}".encode()).hexdigest()[:20]
    return (data_dir or default_data_dir()) / QUEUE_DIR / f"{digest}.sqlite3"


#: How long a connection waits for a server that does not answer (s), unless the URL's
#: ``connect_timeout`` or PGCONNECT_TIMEOUT says otherwise (0 there: this): a network that
#: drops packets is waited for this long, not for TCP's own minutes.
CONNECT_TIMEOUT = 10
#: What the window's probe for a server found away waits (it runs every so often, on the
#: thread the window's look-ups share, so it waits less).
PROBE_TIMEOUT = 3
#: After a connection timed out, the next ones (but the probe's) fail at once for this long,
#: doubled each time it times out again: a window whose jobs each open a connection does not
#: wait the whole timeout on every job while the network is down.
BACKOFF_FIRST, BACKOFF_MAX = 2.0, 60.0


def connect_timeout(url: str, *, probe: bool = False) -> int:
    """The seconds a connection to ``url`` waits for the server: the URL's connect_timeout,
    else PGCONNECT_TIMEOUT, else CONNECT_TIMEOUT (PROBE_TIMEOUT for the probe)."""
    from psycopg.conninfo import conninfo_to_dict

    for given in (
        conninfo_to_dict(url).get("connect_timeout"),
        os.environ.get("PGCONNECT_TIMEOUT"),
    ):
        try:
            seconds = int(str(given or "").strip() or 0)
        except ValueError:
            continue
        if seconds > 0:
            return max(seconds, 2)  # libpq's least
    return PROBE_TIMEOUT if probe else CONNECT_TIMEOUT


class _Backoff:
    """The servers whose last connection timed out: until when the next waits not, and how
    long the wait after the next timeout is."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, tuple[float, float]] = {}  # url -> (until, the last wait)

    def left(self, url: str) -> float:
        with self._lock:
            until, _ = self._until.get(url, (0.0, 0.0))
        return until - time.monotonic()

    def timed_out(self, url: str) -> None:
        with self._lock:
            _, last = self._until.get(url, (0.0, 0.0))
            wait = min(BACKOFF_MAX, last * 2) if last else BACKOFF_FIRST
            self._until[url] = (time.monotonic() + wait, wait)

    def answered(self, url: str) -> None:
        with self._lock:
            self._until.pop(url, None)


_BACKOFF = _Backoff()


def connect_server(url: str, *, probe: bool = False) -> Any:
    """A psycopg connection (autocommit) to ``url`` that waits ``connect_timeout`` for the
    server, and whose later reads fail in about as long when the network drops packets
    (keepalives, TCP user timeout), not after TCP's minutes. After a timeout, the next
    connections (but the probe's) fail at once, with ConnectionTimeout, while the back-off
    lasts: the server is not reached, and saying so takes no time."""
    import psycopg

    left = _BACKOFF.left(url)
    if not probe and left > 0:
        raise psycopg.errors.ConnectionTimeout(
            f"the server did not answer in time; tried again in {left:.0f} s"
        )
    timeout = connect_timeout(url, probe=probe)
    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=timeout,
            keepalives=1,
            keepalives_idle=max(timeout, 10),
            keepalives_interval=max(timeout // 3, 1),
            keepalives_count=3,
            tcp_user_timeout=timeout * 1000,
        )
    except psycopg.errors.ConnectionTimeout:
        _BACKOFF.timed_out(url)
        raise
    _BACKOFF.answered(url)
    return conn


#: what psycopg puts before the server's own words: the address tried, the severity
_ADDRESS = re.compile(
    r"^(?:connection failed:\s*)?"
    r'(?:connection to server (?:at|on socket) "[^"]*"(?: \([^)]*\))?(?:, port \d+)? failed:\s*)?'
    r"(?:(?:FATAL|ERROR):\s*)?"
)


def reason(exc: BaseException) -> str:
    """Why a connection failed, in the server's words without the address psycopg puts
    before them (the URL is named once, by the message that uses this): 'database "x" is
    not currently accepting connections', 'Connection refused', 'the server did not
    answer in time'. Of several addresses tried, the last one's reason."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    said = [_ADDRESS.sub("", line).strip() for line in lines]
    told = [
        line for line in said if line and not line.lower().startswith(("is the server", "hint"))
    ]
    return (told or said)[-1]


def not_connected(shown_url: str, exc: BaseException) -> str:
    """Why no connection was made, naming the right side: a server that answered and
    refused (no such database, a role it does not know, a wrong password: its FATAL) is
    not a server that cannot be reached."""
    if "FATAL:" in str(exc):
        return f"the server at {shown_url} refused the connection: {reason(exc)}"
    return f"cannot reach the server at {shown_url}: {reason(exc)}"


def probe(url: str) -> bool:
    """Whether the server answers now (waiting PROBE_TIMEOUT at most, back-off or not); an
    answer ends the back-off, so the window's next job connects again."""
    import psycopg

    try:
        connect_server(url, probe=True).close()
    except psycopg.OperationalError:
        return False
    return True


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _sending(path: Path) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(path.resolve(), threading.Lock())


@dataclass(frozen=True, slots=True)
class QueueStatus:
    """What the window says about the queue: changes waiting, whether the server could be
    reached, what the last send did, and how many refused changes the file keeps."""

    waiting: int
    offline: bool
    sent: int = 0
    refused: tuple[str, ...] = ()
    #: the changes the server refused, ever, kept in the file until tried again or dropped
    kept: int = 0


@dataclass(frozen=True, slots=True)
class OfflineNotes:
    """How a cable's notes shown while the server is away stand: when they were read from
    it (ISO time, UTC; None: never on this computer), and the paragraphs whose note waits
    in the queue (0: the note on the cable itself)."""

    read_at: str | None
    pending: frozenset[int]


class QueuedAnnotations:
    """The connected role's annotations (AnnotationStore), through the queue: ``server``
    None when it could not be reached. Opening sends what is queued; a connection lost
    while sending or during a change turns the rest of this store's life offline."""

    def __init__(
        self,
        queue: ChangeQueue,
        server: PgAnnotations | None,
        lost: tuple[type[BaseException], ...],
    ) -> None:
        self.queue = queue
        self.server = server
        self._lost = lost
        self._sent = Sent()
        if len(queue):
            self._send()

    def _send(self) -> None:
        if self.server is None:
            return
        # one sender at a time in this process (a window's jobs and its export may open
        # stores at once): the queue goes out once, in order
        with _sending(self.queue.path):
            self._sent = send(self.queue, self.server, self._lost)
        if self._sent.interrupted:
            self._offline()

    def status(self) -> QueueStatus:
        return QueueStatus(
            len(self.queue),
            self.server is None,
            self._sent.sent,
            self._sent.refused,
            len(self.queue.refused()),
        )

    def retry(self, seqs: Iterable[int]) -> None:
        """Put these refused changes back in the queue and send it now if the server
        answers (what it refuses again is kept aside again, and said)."""
        for seq in seqs:
            self.queue.retry(seq)
        self._send()

    def discard(self, seqs: Iterable[int]) -> int:
        """Drop these refused changes for good; how many there were."""
        return sum(self.queue.discard(seq) for seq in seqs)

    def close(self) -> None:
        if self.server is not None:
            try:
                self.server.close()
            except self._lost:
                pass
        self.queue.close()

    def _offline(self) -> None:
        if self.server is not None:
            try:
                self.server.close()
            except self._lost:
                pass
        self.server = None

    def _online(self, work: Callable[[PgAnnotations], _T]) -> tuple[bool, _T | None]:
        """(True, the answer) from the server; (False, None) when it cannot be asked."""
        if self.server is None:
            return False, None
        try:
            return True, work(self.server)
        except self._lost:
            self._offline()
            return False, None

    def _here(self, cable_ids: Iterable[str] | None = None) -> Overlay:
        """The queued changes over the rows as the server last gave them (these rows', or
        every one kept)."""
        return overlay_known(self.queue.pending(), self.queue.known(cable_ids))

    # -- reads ---------------------------------------------------------------------------

    def starred(self) -> set[str]:
        ok, answer = self._online(lambda s: s.starred())
        return answer if ok and answer is not None else set(self._here().starred)

    def read(self) -> set[str]:
        ok, answer = self._online(lambda s: s.read())
        return answer if ok and answer is not None else set(self._here().read)

    def labels(self) -> list[Label]:
        ok, answer = self._online(lambda s: s.labels())
        if ok and answer is not None:
            return answer
        known = self.queue.known()
        colours = {n: c for st in known.values() for n, c in st.labels}  # as last shown
        here = overlay_known(self.queue.pending(), known)
        return here.label_list(Label(n, c) for n, c in colours.items())

    def labels_of(self, cable_id: str) -> list[str]:
        ok, answer = self._online(lambda s: s.labels_of(cable_id))
        if ok and answer is not None:
            return answer
        return sorted(self._here([cable_id]).labels.get(cable_id.strip().upper(), ()))

    def row_states(self, cable_ids: Iterable[str]) -> dict[str, RowState]:
        ids = list(cable_ids)
        ok, answer = self._online(lambda s: s.row_states(ids))
        if ok and answer is not None:
            self.queue.remember(answer)
            return answer
        return self._here(ids).row_states(ids, {lab.name: lab.colour for lab in self.labels()})

    def notes_of(self, cable_id: str) -> list[CableNote]:
        """The role's notes on the cable; offline, as the window last read them, with the
        notes queued made over them. (Reading does not keep them: an export reads every
        cable's, and a commit to the file is some milliseconds; cable_notes keeps them.)"""
        ok, answer = self._online(lambda s: s.notes_of(cable_id))
        if ok and answer is not None:
            return answer
        known, _ = self.queue.known_notes(cable_id)
        notes = overlay(self._notes_queued(cable_id), notes=known).notes
        return [notes[k] for k in sorted(notes)]

    def others_notes(self, cable_id: str) -> list[tuple[str, CableNote]]:
        """(author, note) of the others' notes on the cable; offline, as last kept."""
        ok, answer = self._online(lambda s: s.others_notes(cable_id))
        if ok and answer is not None:
            return answer
        return self.queue.known_others_notes(cable_id)

    def cable_notes(
        self, cable_id: str
    ) -> tuple[list[CableNote], list[tuple[str, CableNote]], OfflineNotes | None]:
        """What the window shows of a cable's notes: the role's, the others' (author, note),
        and, offline, how they stand; read from the server, they are kept in the file, to be
        shown while it is away."""
        mine, theirs = self.notes_of(cable_id), self.others_notes(cable_id)
        if self.server is not None:
            self.queue.remember_notes(cable_id, mine, theirs)
        return mine, theirs, self.offline_notes(cable_id)

    def _notes_queued(self, cable_id: str) -> list[QueuedChange]:
        cid = cable_id.strip().upper()
        return [c for c in self.queue.pending() if c.action == "note" and cid in c.ids]

    def offline_notes(self, cable_id: str) -> OfflineNotes | None:
        """None while the server answers; else how the notes ``notes_of`` gives stand."""
        if self.server is not None:
            return None
        _, read_at = self.queue.known_notes(cable_id)
        return OfflineNotes(read_at, frozenset(c.paragraph for c in self._notes_queued(cable_id)))

    # -- changes: to the server, or else to the queue ------------------------------------

    def _change(
        self, work: Callable[[PgAnnotations], _T], action: str, ids: list[str], arg: str = ""
    ) -> tuple[bool, _T | None]:
        ok, answer = self._online(work)
        if not ok:
            self.queue.add(action, ids, arg)
        return ok, answer

    def _flagged(self, ok: bool, answer: list[str] | None, ids: Iterable[str]) -> list[str]:
        """The IDs a change changed: the server's answer, or (queued) every one of them, as
        the window shows the change made."""
        if ok and answer is not None:
            return answer
        return list(dict.fromkeys(i.strip().upper() for i in ids if i and i.strip()))

    def set_starred(self, cable_ids: Iterable[str], on: bool = True) -> list[str]:
        ids = list(cable_ids)
        ok, answer = self._change(lambda s: s.set_starred(ids, on), _flag(on, "star"), ids)
        return self._flagged(ok, answer, ids)

    def set_read(self, cable_ids: Iterable[str], on: bool = True) -> list[str]:
        ids = list(cable_ids)
        ok, answer = self._change(lambda s: s.set_read(ids, on), _flag(on, "read"), ids)
        return self._flagged(ok, answer, ids)

    def add_label(self, cable_ids: Iterable[str], name: str) -> list[str]:
        ids, name = list(cable_ids), " ".join(name.split())
        if not name:
            return []
        ok, answer = self._change(lambda s: s.add_label(ids, name), "label", ids, name)
        return self._flagged(ok, answer, ids)

    def remove_label(self, cable_ids: Iterable[str], name: str) -> list[str]:
        ids = list(cable_ids)
        ok, answer = self._change(lambda s: s.remove_label(ids, name), "unlabel", ids, name)
        return self._flagged(ok, answer, ids)

    def set_note(self, cable_id: str, text: str, paragraph: int = 0) -> None:
        ok, _ = self._online(lambda s: s.set_note(cable_id, text, paragraph))
        if not ok:
            self.queue.add("note", [cable_id], text, paragraph)

    def share_label(self, name: str, shared: bool = True) -> bool:
        """Share one of the role's labels with every annotator, or make it private again;
        queued, it is taken to be the role's (the server says otherwise when it is back)."""
        ok, answer = self._online(lambda s: s.share_label(name, shared))
        if not ok:
            self.queue.add("share" if shared else "unshare", [], name)
        return bool(answer) if ok else True

    # -- everyone's: only the server knows ------------------------------------------------

    def starred_by(self, cable_id: str) -> list[str]:
        ok, answer = self._online(lambda s: s.starred_by(cable_id))
        return answer if ok and answer is not None else []

    def read_by(self, cable_id: str) -> list[str]:
        ok, answer = self._online(lambda s: s.read_by(cable_id))
        return answer if ok and answer is not None else []

    def shared_labels_of(self, cable_id: str) -> list[tuple[str, str]]:
        ok, answer = self._online(lambda s: s.shared_labels_of(cable_id))
        return answer if ok and answer is not None else []

    def shared_labels(self) -> list[tuple[str, str]]:
        ok, answer = self._online(lambda s: s.shared_labels())
        return answer if ok and answer is not None else []


def _flag(on: bool, action: str) -> str:
    return action if on else "un" + action


# -- the cables the window opened, kept to be read again while the server is away ----------


@dataclass(frozen=True, slots=True)
class KeptCable:
    """A cable as the window last read it from the server: parsed again from its text (as
    the server's store parses it), with the IDs it cites and their keys then, and the
    cables that cited it; ``at``: when (ISO time, UTC); ``cites``: the rows of the cited
    cables the corpus held then (none for a cable kept before they were)."""

    cable: Cable
    ref_keys: dict[str, int | None]
    cited_by: tuple[Hit, ...]
    at: str
    cites: tuple[Hit, ...] = ()


def keep_cable(
    url: str,
    key: int,
    cable: Cable,
    ref_keys: dict[str, int | None],
    cited_by: Iterable[Hit],
    data_dir: Path | None = None,
    *,
    cites: Iterable[Hit] = (),
) -> None:
    """Keep the cable the window read from the server at ``url`` (key ``key``) in the
    analyst's file of that server, among the last ones opened (change_queue.KEEP_TEXTS);
    ``cites``: the rows of the cables it cites that the corpus holds."""
    reading = json.dumps(
        {
            "text": cable.text,
            "meta": meta_to_json(cable.meta),
            "source": [cable.source.path, cable.source.format, cable.source.row],
            "refs": ref_keys,
            "cited_by": [_hit_json(h) for h in cited_by],
            "cites": [_hit_json(h) for h in cites],
        }
    )
    with ChangeQueue.open(queue_path(url, data_dir)) as queue:
        queue.remember_text(key, reading)


def kept_cable(url: str, key: int, data_dir: Path | None = None) -> KeptCable | None:
    """The cable of key ``key`` as the window last read it from the server at ``url``, or
    None when it was not opened here (or is no longer kept)."""
    from reader.parser.parse import parse_cable

    with ChangeQueue.open(queue_path(url, data_dir)) as queue:
        kept = queue.known_text(key)
    if kept is None:
        return None
    reading, at = kept
    data = json.loads(reading)
    path, fmt, row = data["source"]
    cable = parse_cable(
        data["text"], source=Source(path, fmt, row), meta=meta_from_json(data["meta"])
    )
    cited_by = tuple(_hit_from_json(h) for h in data["cited_by"])
    cites = tuple(_hit_from_json(h) for h in data.get("cites", ()))  # none kept before
    return KeptCable(cable, dict(data["refs"]), cited_by, at, cites)


def kept_thread(kept: KeptCable, key: int) -> CableThread | None:
    """The references of a kept cable as the References pane shows a thread: what it cites
    and what cited it when it was read, one level each way (what those cite and what cites
    them was not read then); None for a cable without an ID, which nothing can cite.

    A cited cable the corpus held then and whose row was not kept (a cable kept before the
    rows were) is shown with its ID alone, still as one of the corpus. The cable itself
    (``key``) is there as its heading names it: by its subject."""
    root = (kept.cable.id or "").strip().upper()
    if not root:
        return None
    hits: dict[str, Hit] = {}
    for ident, cited in kept.ref_keys.items():
        if cited is not None:
            hits[ident.strip().upper()] = Hit(cited, ident, None, "", "", "", "")
    hits.update((h.id.strip().upper(), h) for h in (*kept.cites, *kept.cited_by) if h.id)
    cable = kept.cable
    hits[root] = Hit(
        key, cable.id or root, cable.date, "", cable.classification or "", "",
        cable.subject or "", date_precision=cable.date_precision,
    )  # fmt: skip
    targets = [i.strip().upper() for i in kept.ref_keys]
    citing = [h.id.strip().upper() for h in kept.cited_by if h.id]
    graph = ReferenceGraph.build(
        [
            (root, _dated(targets, hits)),
            *((ident, [root]) for ident in _dated(citing, hits)),
            *((ident, []) for ident in hits if ident != root),  # in the corpus then
        ]
    )
    return CableThread(root, graph.thread(root, depth=1), hits)


def _dated(idents: Iterable[str], hits: dict[str, Hit]) -> list[str]:
    """Cables of the corpus by date (as threads.read_thread orders them), then the others
    by ID."""

    def order(ident: str) -> tuple[int, datetime, str]:
        hit = hits.get(ident)
        if hit is None:
            return (1, datetime.min, ident)
        return (0, hit.date.replace(tzinfo=None) if hit.date else datetime.min, ident)

    return sorted(dict.fromkeys(i for i in idents if i), key=order)


def _hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "key": hit.key,
        "id": hit.id,
        "date": hit.date.isoformat() if hit.date else None,
        "origin": hit.origin,
        "classification": hit.classification,
        "level": hit.level,
        "subject": hit.subject,
        "checks": list(hit.checks),
        "date_precision": hit.date_precision,
        "file": hit.file,
        "row": hit.row,
    }


def _hit_from_json(data: dict[str, Any]) -> Hit:
    date = data.get("date")
    return Hit(
        key=int(data["key"]),
        id=data["id"],
        date=datetime.fromisoformat(date) if date else None,
        origin=data["origin"],
        classification=data["classification"],
        level=data["level"],
        subject=data["subject"],
        checks=tuple(data.get("checks", ())),
        date_precision=data.get("date_precision"),
        file=data.get("file", ""),
        row=data.get("row"),
    )
