"""Drive the real flagdeck binary in a private tmux server, as a person would.

Each TmuxSession gets its own tmux socket (-L), so tests never touch the user's
tmux or each other. `wait_for` polls capture-pane until a pattern shows up and,
on time-out, fails with the whole screen so the failure explains itself.
"""
from __future__ import annotations

import os
import re
import tempfile
import shlex
import subprocess
import time
import uuid


class ScreenTimeout(AssertionError):
    pass


class TmuxSession:
    def __init__(self, command: list[str], width: int = 120, height: int = 40,
                 env: dict[str, str] | None = None, cwd: str | None = None):
        self.socket = f"flagdeck-test-{uuid.uuid4().hex[:8]}"
        self.command = command
        self.width = width
        self.height = height
        self.env = {"LANG": "C.UTF-8", "TERM": "xterm-256color", **(env or {})}
        self.cwd = cwd
        # tmux does not always learn how a pane's program ended (a program killed by a
        # signal can read as status 0), so a wrapper shell writes $? to this file.
        self.status_file = os.path.join(tempfile.mkdtemp(prefix="fd-tmux-"), "exit-status")

    # -- lifecycle -----------------------------------------------------------
    def __enter__(self) -> "TmuxSession":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.kill()

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                                check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        shell_command = (f"env {exports} {shlex.join(self.command)}; "
                         f"echo $? > {shlex.quote(self.status_file)}.tmp; "
                         f"mv {shlex.quote(self.status_file)}.tmp {shlex.quote(self.status_file)}")
        args = ["-f", "/dev/null", "new-session", "-d", "-x", str(self.width), "-y", str(self.height)]
        if self.cwd:
            args += ["-c", self.cwd]
        self.tmux(*args, shell_command)
        # Keep the pane after the program exits so its exit status and screen can be read.
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        self.tmux("set-option", "-g", "window-size", "manual")

    def kill(self) -> None:
        self.tmux("kill-server", check=False)

    # -- interaction ---------------------------------------------------------
    def send(self, *keys: str) -> None:
        """tmux key names: 'q', 'Escape', 'Enter', 'C-r', 'Tab', 'BTab', 'Down'."""
        for key in keys:
            self.tmux("send-keys", key)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-l", text)

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.tmux("resize-window", "-x", str(width), "-y", str(height))

    # -- reading -------------------------------------------------------------
    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def pane(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", fmt).strip()

    def size(self) -> tuple[int, int]:
        w, h = self.pane("#{pane_width} #{pane_height}").split()
        return int(w), int(h)

    def wait_for(self, pattern: str, timeout: float = 10.0, absent: bool = False) -> str:
        """Waits until `pattern` (a regex) is on screen (or gone, with absent=True)."""
        regex = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if bool(regex.search(screen)) != absent:
                return self._settled(screen, regex, absent)
            time.sleep(0.05)
        what = "disappear" if absent else "appear"
        state = self.pane("pane #{pane_width}x#{pane_height} dead=#{pane_dead} status=#{pane_dead_status} signal=#{pane_dead_signal}")
        raise ScreenTimeout(f"waited {timeout}s for /{pattern}/ to {what} ({state}); screen was:\n"
                            + self._framed(screen))

    def _settled(self, screen: str, regex: re.Pattern, absent: bool) -> str:
        """The screen once a redraw has finished. curses writes a frame in pieces, so a
        capture can catch the title of a new view before its body: a full run once saw a
        flag's header without its Environments table. Two identical captures 50 ms apart
        mean the frame is complete; a screen that keeps changing (a ticking clock) is
        returned after a second, as long as it still shows what was waited for."""
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            time.sleep(0.05)
            again = self.screen()
            if bool(regex.search(again)) == absent:
                return screen
            if again == screen:
                return again
            screen = again
        return screen

    def wait_exit(self, timeout: float = 10.0) -> int:
        """The program's exit status as a shell reports it (killed by signal N: 128+N)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(self.status_file):
                with open(self.status_file) as f:
                    return int(f.read().strip())
            time.sleep(0.05)
        raise ScreenTimeout(f"program did not exit within {timeout}s; screen was:\n" + self._framed(self.screen()))

    def program_pid(self) -> int:
        """The pid of the program itself (the pane runs it under a wrapper shell)."""
        shell = self.pane("#{pane_pid}")
        children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
        if not children:
            raise RuntimeError("the program is not running")
        return int(children[0])

    def _framed(self, screen: str) -> str:
        lines = screen.split("\n")
        border = "─" * self.width
        return "\n".join([f"┌{border}┐"] + [f"│{line}" for line in lines] + [f"└{border}┘"])


def flagdeck_binary() -> str:
    """The binary under test: $FLAGDECK_BIN, else the debug build of this checkout."""
    if os.environ.get("FLAGDECK_BIN"):
        return os.environ["FLAGDECK_BIN"]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
    return os.path.join(bin_path, "flagdeck")


def disable_with_bang(tui: TmuxSession, flag_path: str) -> None:
    """The on-call path of `flagdeck demo` for APP/PROFILE/KEY: `!`, the key, Enter (choose),
    Enter (plan), then y twice (production) once the plan is shown."""
    key = flag_path.rsplit("/", 1)[1]
    tui.send("!")
    tui.type(key)
    tui.wait_for(r"› " + re.escape(flag_path))
    tui.send("Enter")
    tui.wait_for(r"Toggle " + re.escape(flag_path))
    tui.send("Enter")
    tui.wait_for(r"press y twice", timeout=20)
    tui.send("y", "y")
