"""Reading and writing files in folders other people (or bad luck) may control.

Headless and stdlib-only: the store, the lock, the settings and the export use these.

Reading (:func:`read_capped`): only a regular file is read (a symbolic link to one is
followed); a folder, a named pipe (FIFO), a device or a socket is refused before it is read,
so that a read never blocks and never runs without end; at most ``limit`` bytes are read.

Writing (:func:`atomic_write`): the new bytes go to a temporary file beside the target,
created exclusively (``O_CREAT | O_EXCL | O_NOFOLLOW``) under a name no one can guess, so
that a link planted in the folder is never followed; it is flushed and fsynced, then renamed
over the target, and the folder is synced. The target keeps its permission bits (and, where
the system allows, its owner and group); a new file gets the permissions the umask gives. A
target that is a symbolic link is refused (:class:`SymlinkError`): a save never writes
through a link, nor silently replaces one. A backup's name held by a link is replaced by the
backup; what the link points to is never written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from pathlib import Path

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_CREATE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
TEMP_SUFFIX = ".tmp"
MAX_GROWTH = 1 << 30
"""How much a file may grow between its size being read and its backup being copied."""


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words: 'a folder', 'a named pipe (FIFO)', …"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


class NotRegularFileError(OSError):
    """The path names something other than a regular file (a folder, a FIFO, a device)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file", str(path))
        self.kind = kind


class FileTooLargeError(OSError):
    """The file holds more than the reader takes."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"holds more than {limit:,} bytes", str(path))
        self.size = size
        self.limit = limit


class SymlinkError(OSError):
    """A save was asked to write where a symbolic link is."""

    def __init__(self, path: Path) -> None:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        super().__init__(errno.ELOOP, f"is a symbolic link (to {target})", str(path))
        self.target = target


def _check_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, kind_of(mode))


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them.

    Raises :class:`NotRegularFileError` for anything but a regular file (checked before
    opening, and again on the opened file, so that a swap in between is caught),
    :class:`FileTooLargeError` past ``limit`` bytes, and :class:`OSError` otherwise.
    """
    _check_regular(path, os.stat(path).st_mode)
    fd = open_for_reading(path)
    try:
        info = os.fstat(fd)
        _check_regular(path, info.st_mode)
        if info.st_size > limit:
            raise FileTooLargeError(path, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise FileTooLargeError(path, total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_link(path: Path) -> bool:
    """Whether ``path`` itself is a symbolic link (dangling or not)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def taken(path: Path) -> bool:
    """Whether a name is taken by anything: a file, a folder, or a link (even dangling)."""
    return os.path.lexists(path)


def _umask() -> int:
    """This process's umask, read without changing it where the system tells it."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii") as fh,
    ):
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)  # stricter for the moment it is read
    os.umask(mask)
    return mask


def temp_name(target: Path) -> Path:
    """A hidden name beside ``target`` for its temporary file: ``.NAME.PID-RANDOM.tmp``.

    The process id lets a later run tell a leftover of a dead process; the random part makes
    the name impossible to plant a link at in advance."""
    token = secrets.token_hex(8)
    return target.with_name(f".{target.name}.{os.getpid()}-{token}{TEMP_SUFFIX}")


def open_exclusive(path: Path) -> int:
    """Create ``path`` and open it for writing, only if nothing (not even a link) is there;
    private (0600) until its permissions are set. Every file a save writes is made here."""
    return os.open(path, _CREATE_FLAGS, 0o600)


def open_for_reading(path: Path) -> int:
    """Open a file for reading without ever blocking (a FIFO opens at once) and without
    making a terminal the controlling one. Every file the store reads is opened here."""
    return os.open(path, _READ_FLAGS)


def _create_temp(target: Path) -> tuple[int, Path]:
    for _ in range(100):
        tmp = temp_name(target)
        try:
            return open_exclusive(tmp), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


def _take_mode(fd: int, like: os.stat_result | None) -> None:
    """Give the open file the permissions of ``like`` (and its owner and group where the
    system allows), or, for a new file, those the umask gives."""
    if like is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    with contextlib.suppress(OSError):
        os.fchown(fd, like.st_uid, like.st_gid)
    with contextlib.suppress(OSError):
        os.fchown(fd, -1, like.st_gid)
    os.fchmod(fd, stat.S_IMODE(like.st_mode) & 0o777)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_temp(target: Path, payload: bytes, like: os.stat_result | None) -> Path:
    """Write ``payload`` to a new temporary file beside ``target`` with the permissions of
    ``like`` (see :func:`_take_mode`), flushed to disk; returns its path."""
    fd, tmp = _create_temp(target)
    try:
        try:
            if hasattr(os, "fchmod"):
                _take_mode(fd, like)
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _existing(path: Path) -> os.stat_result | None:
    """The target's status: None when absent; a link or an odd file is refused."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise SymlinkError(path)
    _check_regular(path, info.st_mode)
    return info


def atomic_write(
    path: Path,
    payload: bytes,
    *,
    backup: Path | None = None,
    exclusive: bool = False,
    mode_from: Path | None = None,
) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old or the new file whole.

    With ``backup``, the file's previous version (if any) is first kept there, with the
    file's permissions. With ``exclusive``, an existing ``path`` is never replaced
    (:class:`FileExistsError`). A ``path`` that is a symbolic link raises
    :class:`SymlinkError`; one that is a folder, FIFO or device raises
    :class:`NotRegularFileError`. A new file gets the permissions of ``mode_from`` (the file
    it is made from: the next cycle, an export, a copy of a session) when given, else those
    the umask gives.
    """
    folder = path.parent
    like = _existing(path)
    if exclusive and like is not None:
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    source = like
    if source is None and mode_from is not None:
        with contextlib.suppress(OSError):
            source = os.stat(mode_from)
    tmp = write_temp(path, payload, source)
    placed = False
    try:
        if backup is not None and like is not None:
            keep_copy(path, backup, like)
        if exclusive:
            _link_into_place(tmp, path)
        else:
            os.replace(tmp, path)
        placed = True
        fsync_dir(folder)
    finally:
        if not placed:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def keep_copy(path: Path, backup: Path, like: os.stat_result) -> None:
    """Copy the regular file ``path`` to ``backup`` atomically, with its permissions."""
    old = read_capped(path, like.st_size + MAX_GROWTH)
    bak_tmp = write_temp(backup, old, like)
    try:
        os.replace(bak_tmp, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(bak_tmp)
        raise


def _link_into_place(tmp: Path, path: Path) -> None:
    """Put ``tmp`` at ``path`` unless something is there already (never replacing it)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except (OSError, NotImplementedError):  # no hard links here (FAT, some shares)
        if taken(path):
            raise FileExistsError(errno.EEXIST, "already exists", str(path)) from None
        os.replace(tmp, path)
        return
    with contextlib.suppress(OSError):  # the file is in place; a leftover is removed later
        os.unlink(tmp)


def leftover_pid(name: str, base: str) -> int | None:
    """The process id in the name of a temporary file beside ``base``:
    ``.BASE[.bak].PID-RANDOM.tmp`` (or the older ``.BASE[.bak].PID.tmp``), or None when the
    name is not one."""
    prefix = f".{base}."
    if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
        return None
    middle = name[len(prefix) : -len(TEMP_SUFFIX)]
    pid_text = middle.rsplit(".", 1)[-1].split("-", 1)[0]
    if not pid_text.isdigit() or len(pid_text) > 10:
        return None
    return int(pid_text)


def age_seconds(path: Path) -> float:
    """Seconds since the file (not what a link points to) was last changed."""
    return time.time() - os.lstat(path).st_mtime
