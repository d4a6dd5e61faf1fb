"""reader/ui/display.py: whether the window can open here, said before Qt loads.

tests/test_command_line.py covers the main answers (no display, no server, no library,
offscreen) and the lock-file probe; these are the remaining rules."""

import subprocess
import sys
from pathlib import Path

from reader.ui.display import display_problem, x_server_answers

ALL_WELL = {"server_answers": lambda _d: True, "library_found": lambda: True}


def test_only_linux_is_checked() -> None:
    for platform in ("win32", "darwin", "freebsd13"):
        assert display_problem({}, platform=platform, **ALL_WELL) is None


def test_a_platform_list_without_x_or_wayland_passes_and_one_with_them_is_checked() -> None:
    assert display_problem({"QT_QPA_PLATFORM": "vnc;offscreen"}, platform="linux") is None
    told_x = display_problem({"QT_QPA_PLATFORM": " ; xcb ;"}, platform="linux", **ALL_WELL)
    assert told_x is not None and told_x.startswith("No display")
    # blank entries are no choice: as if nothing were set
    assert display_problem({"QT_QPA_PLATFORM": ";"}, platform="linux", **ALL_WELL) is not None


def test_wayland_chosen_needs_no_x_and_x_chosen_without_display_is_named() -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland"}
    never = {"server_answers": lambda _d: False, "library_found": lambda: False}
    assert display_problem(env, platform="linux", **never) is None
    x_only = {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}
    assert display_problem(x_only, platform="linux", **ALL_WELL) == (
        "No X display is available (DISPLAY is not set), so the window cannot open."
    )


def test_the_server_is_asked_about_the_display_set() -> None:
    asked: list[str] = []

    def answers(display: str) -> bool:
        asked.append(display)
        return True

    env = {"DISPLAY": "unix:3.0"}
    problem = display_problem(
        env, platform="linux", server_answers=answers, library_found=lambda: True
    )
    assert problem is None
    assert asked == ["unix:3.0"]


def test_the_environment_is_read_when_none_is_given(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem(platform="linux") is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert display_problem(platform="linux", **ALL_WELL).startswith("No display")


def test_a_lock_file_that_is_not_a_number_falls_back_to_the_socket(tmp_path: Path) -> None:
    tmp = str(tmp_path)
    (tmp_path / ".X7-lock").write_text("not a pid\n")
    assert not x_server_answers(":7", tmp)
    (tmp_path / ".X11-unix").mkdir()
    (tmp_path / ".X11-unix" / "X7").touch()
    assert x_server_answers(":7", tmp)
    # another display's socket does not answer for this one
    assert not x_server_answers(":8", tmp)


def test_another_users_running_server_answers(tmp_path: Path) -> None:
    # pid 1 always runs; signalling it is refused to a normal user (PermissionError), and
    # allowed to root: either way the server counts as running
    (tmp_path / ".X4-lock").write_text("         1\n")
    assert x_server_answers(":4", str(tmp_path))


def test_displays_that_are_not_local_are_not_probed(tmp_path: Path) -> None:
    for display in ("host:0", "localhost:10.0", "[::1]:0", "", "garbage"):
        assert x_server_answers(display, str(tmp_path))


def test_asking_loads_no_qt() -> None:
    code = (
        "import sys; from reader.ui.display import display_problem; "
        "display_problem({}, platform='linux'); "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
