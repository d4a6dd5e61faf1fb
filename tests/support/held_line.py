"""A network line to the test's PostgreSQL server that goes dead as when a network drops
packets: a TCP relay on a port of its own that, held, ends the connections it relays (as
the server_away of pg_server does: what was connected learns it) and accepts new ones but
never answers them (no refusal, no reset: the client waits until its own timeout).
Released, it relays new connections again.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

__all__ = ["HeldLine", "held_line"]


class HeldLine:
    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        self.held = threading.Event()
        self._stop = threading.Event()
        self._peers: dict[socket.socket, socket.socket] = {}
        self._parked: list[socket.socket] = []  # accepted while held: never answered
        self._thread = threading.Thread(target=self._relay, daemon=True)
        self._thread.start()

    def url(self, url: str) -> str:
        """``url`` (a localhost URL of the server) through this line."""
        parts = urlsplit(url)
        user = parts.netloc.rpartition("@")[0]
        return urlunsplit(parts._replace(netloc=f"{user}@127.0.0.1:{self.port}"))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for s in [*self._peers, *self._parked, self.listener]:
            s.close()

    def _relay(self) -> None:
        while not self._stop.is_set():
            held = self.held.is_set()
            if held and self._peers:  # the line goes dead: what it relayed ends
                for end in self._peers:
                    end.close()
                self._peers.clear()
            watched = [self.listener, *self._peers]
            # waits a little at most, so that a hold or a release takes effect at once
            ready, _, _ = select.select(watched, [], [], 0.05)
            for s in ready:
                if s is self.listener:
                    self._accept(held)
                elif s in self._peers:
                    self._pass(s)
            if not held and self._parked:  # released: the connections made meanwhile end
                for s in self._parked:
                    s.close()
                self._parked.clear()

    def _accept(self, held: bool) -> None:
        client, _ = self.listener.accept()
        if held:
            self._parked.append(client)
            return
        upstream = socket.create_connection(self.target)
        self._peers[client], self._peers[upstream] = upstream, client

    def _pass(self, s: socket.socket) -> None:
        peer = self._peers[s]
        try:
            data = s.recv(65536)
            if data:
                peer.sendall(data)
                return
        except OSError:
            pass
        for end in (s, peer):
            self._peers.pop(end, None)
            end.close()


@contextlib.contextmanager
def held_line(port: int = 5432) -> Iterator[HeldLine]:
    line = HeldLine(("127.0.0.1", port))
    try:
        yield line
    finally:
        line.close()
