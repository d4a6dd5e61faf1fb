"""Whether the window can open on this machine, asked before Qt is loaded.

Without a display, or without the X library its xcb plugin needs, Qt prints a message about
platform plugins ("Reinstalling the application may fix this problem") and aborts the
process (SIGABRT). ``display_problem`` says in plain words what is missing instead. No Qt here.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = ["display_problem", "x_server_answers"]

#: The X displays a local socket serves: ":0", "unix:1", ":0.0".
_LOCAL_DISPLAY = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")


def x_server_answers(display: str, tmp: str = "/tmp") -> bool:
    """False only when ``display`` is a local X display with no live server: neither its
    socket nor a lock file naming a running process. Remote displays (ssh forwarding,
    host:0) are not probed. Nothing connects: Xvfb resets when its last client leaves, and
    a probe's connection would leave Qt to connect during that reset."""
    m = _LOCAL_DISPLAY.match(display)
    if m is None:
        return True
    number = m.group(1)
    try:
        pid = int(Path(tmp, f".X{number}-lock").read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pid = None
    if pid is not None:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False  # a lock left by a server that died
        except PermissionError:
            return True  # another user's server, running
        return True
    return Path(tmp, ".X11-unix", f"X{number}").exists()


def _xcb_cursor_found() -> bool:
    return ctypes.util.find_library("xcb-cursor") is not None


def display_problem(
    env: Mapping[str, str] | None = None,
    *,
    platform: str = sys.platform,
    library_found: Callable[[], bool] = _xcb_cursor_found,
    server_answers: Callable[[str], bool] = x_server_answers,
) -> str | None:
    """Why the window cannot open here (a sentence), or None when it can as far as can be
    told. Only Linux is checked (elsewhere Qt has a display of its own), and only when Qt
    would pick X or Wayland: QT_QPA_PLATFORM=offscreen (the tests), vnc and the rest pass."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None
    chosen = [p.strip() for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if chosen and not any(p.startswith(("xcb", "wayland")) for p in chosen):
        return None
    wayland = env.get("WAYLAND_DISPLAY", "")
    x_display = env.get("DISPLAY", "")
    if not x_display and not wayland:
        return (
            "No display is available (neither DISPLAY nor WAYLAND_DISPLAY is set), "
            "so the window cannot open."
        )
    if wayland and (not chosen or any(p.startswith("wayland") for p in chosen)):
        return None  # Qt tries Wayland first; it falls back to X itself when it can
    if not x_display:
        return "No X display is available (DISPLAY is not set), so the window cannot open."
    if not server_answers(x_display):
        return f"No X server answers on DISPLAY={x_display}, so the window cannot open."
    if not library_found():
        return (
            "The window needs the system library libxcb-cursor0 to use the X display, "
            "and it is not installed (Debian/Ubuntu: sudo apt-get install libxcb-cursor0; "
            "or run `make system-packages`)."
        )
    return None
