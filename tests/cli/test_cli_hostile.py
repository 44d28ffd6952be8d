"""The command line and the app in a real terminal, with files and terminals an attacker or
bad luck controls: a FIFO or a link to a device named as the session, a number too long to
read, a name with escape codes, a terminal closed under the app."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from importlib import resources
from pathlib import Path

import pytest
from test_cli_faults import failed_clearly

from cohere_tui.store import load_session

EXE = [sys.executable, "-m", "cohere_tui"]
DEMO = (resources.files("cohere_tui") / "data" / "demo.toml").read_bytes()

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs FIFOs and a pty")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXE, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=10,  # a hang fails here
        env={**os.environ, "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("command", ["validate", "export", "next-cycle", "open"])
def test_a_fifo_named_as_the_session_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    failed_clearly(run(command, fifo, cwd=tmp_path), "named pipe (FIFO)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.toml"]


def test_a_link_to_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    failed_clearly(run("validate", link, cwd=tmp_path), "is a device")


def test_a_number_too_long_to_read_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(DEMO.replace(b"cycle = 1", b"cycle = " + b"7" * 5000, 1))
    failed_clearly(run("validate", path, cwd=tmp_path), f"{path}:5:9:", "far too long")


def test_a_name_with_escape_codes_is_printed_escaped(tmp_path: Path) -> None:
    path = tmp_path / "\x1b]0;owned\x07.toml"
    path.write_bytes(b"broken = [")
    result = run("validate", path, cwd=tmp_path)
    failed_clearly(result, "\\x1b]0;owned\\x07")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


# ----- closing the terminal -------------------------------------------------------------------


class Terminal:
    """The app in a pseudo-terminal of its own, whose output is read as it comes (as a
    terminal window does), so that the app is never held up writing."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "TERM": "tmux-256color"}
        pid, fd = pty.fork()
        if pid == 0:  # the child: the terminal is its stdin, stdout and stderr
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
                os.chdir(cwd)
                os.execve(sys.executable, [sys.executable, "-m", "cohere_tui", *args], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.output = b""
        self._seen = threading.Condition()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the app closed its side
                return
            with self._seen:
                self.output += chunk
                self._seen.notify_all()

    def read_until(self, text: bytes, timeout: float = 30.0) -> None:
        with self._seen:
            found = self._seen.wait_for(lambda: text in self.output, timeout)
        assert found, f"{text!r} not seen: {self.output[-400:]!r}"

    def close(self) -> None:
        """Close the terminal window: the app gets SIGHUP, then SIGCONT, on a tty that is
        gone."""
        self._stop.set()
        self._reader.join()
        os.close(self.fd)

    def wait(self, timeout: float) -> int | None:
        """The exit status, or None while still running after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return status
            time.sleep(0.05)
        return None

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


@pytest.mark.timeout(120)
def test_closing_the_terminal_ends_the_app(tmp_path: Path) -> None:
    """Three times in a row: the app on a session, its terminal closed (SIGHUP, then SIGCONT
    on a tty that is gone) — it exits within 10 s, the session whole. (Saving the work on
    SIGHUP is checked by the Pilot tests of test_faults.py.)"""
    folder = tmp_path / "sessions"
    folder.mkdir()
    session = folder / "harmon.toml"
    session.write_bytes(DEMO)
    hung = []
    for attempt in range(3):
        terminal = Terminal(["open", str(session)], tmp_path)
        status = None
        try:
            terminal.read_until(b"Harmon")
            terminal.close()
            status = terminal.wait(10)
        finally:
            if status is None:
                terminal.kill()
        if status is None:
            hung.append(attempt + 1)
        load_session(session)
    assert hung == [], f"still running 10 s after its terminal closed, in tries {hung} of 3"
