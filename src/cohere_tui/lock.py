"""A lock file beside an open session, so that two copies of the app never write one file.

Headless: never imports Textual.

The lock is ``.NAME.toml.lock`` (a dotfile: the session picker does not list it), created
with ``O_CREAT | O_EXCL`` so that only one app gets it, and holding who took it: process
id, computer, user, when, and this boot of the computer. A lock is *stale* when it was
taken on this computer by a process that no longer runs (or before the computer last
started), or when it is unreadable and not brand new: the app that held it did not close
cleanly, and the lock is taken over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import socket
import time
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from . import files
from .validation import printable

LOCK_SUFFIX = ".lock"
MAX_LOCK_BYTES = 64 * 1024
"""A lock file is a few lines; anything larger is not one (and is not read past this)."""
MAX_PID = 2**31 - 1
"""No system gives a process a larger id; a lock naming one is not a lock this app wrote."""
MAX_FIELD = 120
"""A lock's user, computer, boot and token are kept to this many characters."""
FRESH_SECONDS = 5.0
"""An unreadable lock younger than this may be one being written: it is not called stale."""


def lock_path(session_path: Path) -> Path:
    """Where the lock of a session file lives: ``.NAME.lock`` in the same folder."""
    return session_path.with_name(f".{session_path.name}{LOCK_SUFFIX}")


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return str(os.getuid()) if hasattr(os, "getuid") else ""


def _field(text: str) -> str:
    """A lock's text field as it may be shown: one short line, control characters escaped."""
    text = printable(text, one_line=True)
    return text if len(text) <= MAX_FIELD else text[: MAX_FIELD - 1] + "…"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0 or pid > MAX_PID:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except (OSError, OverflowError):
        return False
    return True


@dataclass(frozen=True)
class LockInfo:
    """Who holds a session's lock."""

    pid: int
    host: str
    user: str
    started: dt.datetime
    boot: str = ""
    token: str = ""

    @classmethod
    def mine(cls) -> LockInfo:
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            user=_user(),
            started=dt.datetime.now().replace(microsecond=0),
            boot=_boot_id(),
            token=uuid.uuid4().hex,
        )

    def to_bytes(self) -> bytes:
        data = {
            "app": "cohere-tui",
            "pid": self.pid,
            "host": self.host,
            "user": self.user,
            "started": self.started,
            "boot": self.boot,
            "token": self.token,
        }
        note = (
            "# cohere-tui has this session open. Delete this file only if no cohere-tui\n"
            "# is running with it; the app asks before taking it over.\n"
        )
        return (note + tomli_w.dumps(data)).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> LockInfo | None:
        """The lock's holder, or None when the file is not a readable lock.

        Every field is untrusted (anyone who can write the folder can write a lock): a pid
        outside what a system hands out, a field of the wrong type, a file too large, too
        deeply nested or holding a number too long to read gives None; the text fields are
        cut to :data:`MAX_FIELD` characters with their control characters escaped, so that
        showing them can neither drive the terminal nor stop the app."""
        if len(raw) > MAX_LOCK_BYTES:
            return None
        try:
            data = tomllib.loads(raw.decode("utf-8"))
            pid, host, user, started = data["pid"], data["host"], data["user"], data["started"]
        except (UnicodeDecodeError, ValueError, RecursionError, KeyError):
            return None  # (tomllib's errors and too long a number are ValueErrors)
        if not (
            isinstance(pid, int)
            and not isinstance(pid, bool)
            and 0 < pid <= MAX_PID
            and isinstance(host, str)
            and isinstance(user, str)
            and isinstance(started, dt.datetime)
        ):
            return None
        boot, token = data.get("boot", ""), data.get("token", "")
        return cls(
            pid=pid,
            host=_field(host),
            user=_field(user),
            started=started,
            boot=_field(boot) if isinstance(boot, str) else "",
            token=_field(token) if isinstance(token, str) else "",
        )

    def is_stale(self) -> bool:
        """Taken on this computer by a process that has gone (or before it last started)."""
        if self.host != socket.gethostname():
            return False  # another computer (a shared folder): its process cannot be checked
        here = _boot_id()
        if self.boot and here and self.boot != here:
            return True
        return not pid_alive(self.pid)

    def describe(self) -> str:
        """'dana on laptop (process 1234) since 2026-11-23 09:10'."""
        return f"{self.user or 'someone'} on {self.host} (process {self.pid}) since {self.started:%Y-%m-%d %H:%M}"


class LockHeldError(Exception):
    """Another running app holds the session's lock."""

    def __init__(self, session_path: Path, holder: LockInfo | None) -> None:
        self.session_path = session_path
        self.holder = holder
        who = holder.describe() if holder else "another cohere-tui (its lock file is being written)"
        super().__init__(f"{session_path} is open in {who}")


class SessionLock:
    """This app's lock on one session file."""

    def __init__(self, session_path: Path, info: LockInfo, stale: LockInfo | None) -> None:
        self.session_path = session_path
        self.path = lock_path(session_path)
        self.info = info
        self.stale = stale
        """The lock left by an earlier run that did not close cleanly, when one was taken over."""
        self.stale_unreadable = False
        """The lock taken over was not readable (a run that died while writing it)."""

    def is_held(self) -> bool:
        """Whether the lock file is still this app's (no one took it over)."""
        try:
            raw = files.read_capped(self.path, MAX_LOCK_BYTES)
        except FileNotFoundError:
            return False
        except (files.NotRegularFileError, files.FileTooLargeError):
            return False  # something else was put in its place
        except OSError:
            return True  # cannot tell; do not claim someone else has it
        holder = LockInfo.from_bytes(raw)
        return holder is not None and holder.token == self.info.token

    def release(self) -> None:
        """Remove the lock file, if it is still this app's."""
        if self.is_held():
            with contextlib.suppress(OSError):
                self.path.unlink()


def read_holder(session_path: Path) -> tuple[bool, LockInfo | None, float]:
    """(a lock file exists, its holder or None if unreadable, its age in seconds)."""
    exists, holder, age, _ = _read(lock_path(session_path))
    return exists, holder, age


_Seen = tuple[int, int, int, bytes | None]
"""What a lock file was when read: device, inode, size, bytes (None if not readable)."""


def _read(path: Path) -> tuple[bool, LockInfo | None, float, _Seen | None]:
    """The lock at ``path``: exists, holder, age, and what it was (to see it is unchanged).

    Anything but a regular file of at most :data:`MAX_LOCK_BYTES` (a FIFO, a link to a
    device, a huge file) is an unreadable lock, never read (so never blocking)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False, None, 0.0, None
    except OSError:
        return True, None, 0.0, None
    age = time.time() - info.st_mtime
    try:
        raw: bytes | None = files.read_capped(path, MAX_LOCK_BYTES)
    except FileNotFoundError:
        return False, None, 0.0, None
    except (files.NotRegularFileError, files.FileTooLargeError):
        raw = None
    except OSError:
        return True, None, 0.0, None
    seen = (info.st_dev, info.st_ino, info.st_size, raw)
    return True, (LockInfo.from_bytes(raw) if raw is not None else None), age, seen


def _create(path: Path, info: LockInfo) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, info.to_bytes())
        os.fsync(fd)
    finally:
        os.close(fd)


GUARD_SECONDS = 5.0
"""How long a take-over waits for another app's take-over of the same folder to finish."""


@contextlib.contextmanager
def _guard(folder: Path) -> Iterator[None]:
    """Take-overs in one folder, one at a time: an exclusive ``flock`` on the folder, which
    the system releases if the process dies. Where there is none (Windows, some network
    shares), take-overs go on unguarded."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    locked = False
    try:
        deadline = time.monotonic() + GUARD_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.002)
            except OSError:
                break
        yield
    finally:
        if locked:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def acquire(session_path: Path, *, take_over: bool = False) -> SessionLock:
    """Lock a session file for this app.

    A stale lock is taken over (and kept in :attr:`SessionLock.stale` as evidence that the
    last run did not close cleanly). A live one raises :class:`LockHeldError`, unless
    ``take_over`` says the person chose to open the session anyway. Other failures (a
    read-only folder) raise :class:`OSError`.

    Many apps may find the same stale lock at once: each takes it over only under the
    folder's guard (:func:`_guard`) and only if the lock is still the one it judged, so
    exactly one of them gets the session; each winner then reads the lock back to confirm it
    is its own.
    """
    session_path = Path(session_path)
    path = lock_path(session_path)
    info = LockInfo.mine()
    stale: LockInfo | None = None
    unreadable = False
    for _ in range(5):
        try:
            _create(path, info)
        except FileExistsError:
            pass
        else:
            lock = SessionLock(session_path, info, stale)
            if not lock.is_held():
                continue  # someone replaced it at once: see who has it now
            lock.stale_unreadable = unreadable
            remove_leftovers(session_path)
            return lock
        exists, holder, age, seen = _read(path)
        if not exists:
            continue  # released meanwhile: try again
        if holder is None and not (age > FRESH_SECONDS or take_over):
            raise LockHeldError(session_path, None)
        if holder is not None and not (take_over or holder.is_stale()):
            raise LockHeldError(session_path, holder)
        with _guard(path.parent):
            if _read(path)[3] != seen:
                continue  # someone else took it over meanwhile: look again
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            try:
                _create(path, info)
            except FileExistsError:
                continue
        if holder is None:
            unreadable = True
        elif holder.is_stale():
            stale = holder
        lock = SessionLock(session_path, info, stale)
        if not lock.is_held():
            continue
        lock.stale_unreadable = unreadable
        remove_leftovers(session_path)
        return lock
    _, holder, _ = read_holder(session_path)
    raise LockHeldError(session_path, holder)


LEFTOVER_SECONDS = 60.0
"""A save's temporary file older than this, from a process that has gone, is a leftover."""


def remove_leftovers(session_path: Path) -> list[Path]:
    """Remove the temporary files of saves that were killed half-way
    (``.NAME.PID-RANDOM.tmp``, ``.NAME.bak.PID-RANDOM.tmp``): their process has gone and they
    are not brand new. They never hold the only copy of anything: the session file is whole
    without them."""
    folder, name = session_path.parent, session_path.name
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(f".{name}.")]
    except OSError:
        return removed
    for path in candidates:
        pid = files.leftover_pid(path.name, name)
        if pid is None or pid_alive(pid):
            continue
        try:
            if files.age_seconds(path) < LEFTOVER_SECONDS:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def holder_of(session_path: Path) -> LockInfo | None:
    """Who holds a live lock on this session now, or None (no lock, or a stale one)."""
    exists, holder, _ = read_holder(Path(session_path))
    if not exists or holder is None:
        return None
    return None if holder.is_stale() else holder
