"""The session lock: one app per session file, stale locks taken over, and the document's
use of it (saving refuses when the session was taken over; Save as moves the lock)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cohere_tui import lock as lockmod
from cohere_tui.document import SessionDocument
from cohere_tui.edits import SetDetails
from cohere_tui.lock import LockHeldError, LockInfo, acquire, holder_of, lock_path
from cohere_tui.recovery import pending_recovery, recovered_copies, set_aside
from cohere_tui.store import (
    ConflictError,
    load_session,
    new_session,
    save_session,
    scan_sessions,
)


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    path = tmp_path / "family.toml"
    save_session(new_session("Family", today=dt.date(2026, 11, 1)), path)
    return path


def dead_pid() -> int:
    """The id of a process that has finished."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def write_lock(session_path: Path, **changes: object) -> LockInfo:
    info = LockInfo.mine()
    fields = {**info.__dict__, **changes}
    other = LockInfo(**fields)  # type: ignore[arg-type]
    lock_path(session_path).write_bytes(other.to_bytes())
    return other


def test_the_lock_is_a_hidden_file_naming_who_holds_it(session_path: Path) -> None:
    lock = acquire(session_path)
    path = lock_path(session_path)
    assert path == session_path.parent / ".family.toml.lock"
    text = path.read_text(encoding="utf-8")
    assert f"pid = {os.getpid()}" in text
    assert f'host = "{socket.gethostname()}"' in text
    holder = LockInfo.from_bytes(path.read_bytes())
    assert holder is not None and holder.token == lock.info.token
    assert holder.started.date() == dt.date.today()
    assert lock.stale is None and lock.is_held()
    # the picker does not list it
    assert [s.path.name for s in scan_sessions(session_path.parent)] == ["family.toml"]
    lock.release()
    assert not path.exists()


def test_a_second_app_is_refused_while_the_first_runs(session_path: Path) -> None:
    first = acquire(session_path)
    with pytest.raises(LockHeldError) as exc:
        acquire(session_path)
    assert exc.value.holder is not None and exc.value.holder.token == first.info.token
    assert str(session_path) in str(exc.value) and "since" in str(exc.value)
    assert holder_of(session_path) == exc.value.holder
    first.release()
    second = acquire(session_path)
    assert second.is_held()


def test_taking_over_a_live_lock_is_a_choice_and_the_first_app_notices(
    session_path: Path,
) -> None:
    first = acquire(session_path)
    second = acquire(session_path, take_over=True)
    assert second.stale is None  # it was alive: no sign of a crash
    assert second.is_held() and not first.is_held()
    first.release()  # the first app closing does not remove the second one's lock
    assert lock_path(session_path).exists() and second.is_held()


def test_a_lock_left_by_a_process_that_died_is_stale_and_taken_over(session_path: Path) -> None:
    old = write_lock(session_path, pid=dead_pid(), token="old")
    assert old.is_stale()
    assert holder_of(session_path) is None
    lock = acquire(session_path)
    assert lock.stale == old  # evidence that the last run did not close cleanly
    assert lock.is_held()


def test_a_lock_from_before_the_computer_restarted_is_stale(
    session_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lockmod, "_boot_id", lambda: "this-boot")
    # this very process id is alive, but the lock is from another boot of this computer
    old = write_lock(session_path, boot="an-earlier-boot", token="old")
    assert old.is_stale()
    assert acquire(session_path).stale == old


def test_a_lock_from_another_computer_is_never_called_stale(session_path: Path) -> None:
    write_lock(session_path, host="someone-elses-laptop", pid=dead_pid(), token="theirs")
    with pytest.raises(LockHeldError) as exc:
        acquire(session_path)
    assert exc.value.holder is not None and exc.value.holder.host == "someone-elses-laptop"
    assert acquire(session_path, take_over=True).is_held()


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b"pid = 'not a number'\n"])
def test_an_unreadable_lock_is_stale_once_it_is_not_brand_new(
    session_path: Path, content: bytes
) -> None:
    path = lock_path(session_path)
    path.write_bytes(content)
    # just written: perhaps another app is writing it right now
    with pytest.raises(LockHeldError) as exc:
        acquire(session_path)
    assert exc.value.holder is None
    old = dt.datetime.now().timestamp() - 60
    os.utime(path, (old, old))
    lock = acquire(session_path)
    assert lock.stale_unreadable and lock.is_held()


def test_a_read_only_folder_gives_an_os_error(
    session_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(lockmod.os, "open", refuse)
    with pytest.raises(OSError):
        acquire(session_path)


def test_the_document_refuses_to_save_over_a_session_taken_over(session_path: Path) -> None:
    doc = SessionDocument.open(session_path)
    doc.take_lock()
    acquire(session_path, take_over=True)  # another app opens it anyway
    doc.apply(SetDetails({"title": "Mine"}))
    before = session_path.read_bytes()
    with pytest.raises(ConflictError) as exc:
        doc.save()
    assert "took this session over" in exc.value.lines[0]
    assert session_path.read_bytes() == before and doc.dirty


def test_save_as_moves_the_lock_and_leaves_the_original(session_path: Path, tmp_path: Path) -> None:
    doc = SessionDocument.open(session_path)
    doc.take_lock()
    before = session_path.read_bytes()
    doc.apply(SetDetails({"title": "Moved"}))
    target = tmp_path / "elsewhere" / "moved.toml"
    doc.save_as(target)
    assert doc.path == target and not doc.dirty
    assert load_session(target).session.title == "Moved"
    assert session_path.read_bytes() == before
    assert not lock_path(session_path).exists()
    assert doc.lock is not None and lock_path(target).exists() and doc.lock.is_held()
    doc.apply(SetDetails({"title": "Moved again"}))
    doc.save()
    assert load_session(target).session.title == "Moved again"
    doc.release_lock()
    assert not lock_path(target).exists()


def test_recovered_copies_newer_than_the_session_are_offered(session_path: Path) -> None:
    assert pending_recovery(session_path) is None
    doc = SessionDocument.open(session_path)
    doc.session.title = "Unsaved work"
    first = doc.save_copy_beside("recovered")
    assert first.name == "family-recovered.toml"
    saved = session_path.stat().st_mtime
    os.utime(first, (saved + 5, saved + 5))
    assert pending_recovery(session_path) == first
    second = doc.save_copy_beside("recovered")
    os.utime(second, (saved + 10, saved + 10))
    assert recovered_copies(session_path) == [second, first]
    assert pending_recovery(session_path) == second
    # copies set aside are kept but not offered again
    set_aside(second, session_path)
    set_aside(first, session_path)
    assert pending_recovery(session_path) is None
    assert first.exists() and second.exists()
    # another session's copies are not this one's
    other = session_path.with_name("family-2.toml")
    save_session(new_session("Other"), other)
    assert recovered_copies(other) == []
