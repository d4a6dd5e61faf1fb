"""How long the window's look-ups wait on a team's server that does not answer (a network that
drops packets): a listening socket that never accepts stands for it, so no server is needed.

    python benchmarks/team_offline_waits.py [--calls N] [--timeout S]

Prints the seconds each of N connections waits, as psycopg alone waits them (the store's
connections before the back-off: every call the whole timeout) and through
pg_offline.connect_server (the first call the timeout, the next ones nothing while the
back-off lasts), then what the window's background probe waits.
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from reader.team.pg_offline import connect_server, probe  # noqa: E402


def _waited(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    try:
        call()
    except psycopg.OperationalError:
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=10, help="connect_timeout (s)")
    args = parser.parse_args()
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        port = listener.getsockname()[1]
        url = f"postgresql://nobody@127.0.0.1:{port}/cables?connect_timeout={args.timeout}"
        plain = [_waited(lambda: psycopg.connect(url, autocommit=True)) for _ in range(args.calls)]
        print("psycopg.connect, each call (s):", " ".join(f"{s:.3f}" for s in plain))
        backed = [_waited(lambda: connect_server(url)) for _ in range(args.calls)]
        print("connect_server, each call (s): ", " ".join(f"{s:.3f}" for s in backed))
        print(f"probe (s): {_waited(lambda: probe(url.split('?')[0])):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
