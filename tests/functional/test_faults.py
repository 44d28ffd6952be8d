"""Pilot tests of faults: a session open in two apps, recovery after a crash, the app told
to stop, saves that fail (permission denied, read-only disk, disk full), and conflicts.

Tests may run as root, for whom file modes do not stop a write: failing writes are made by
fault injection into the store's file opening, for one folder only.
"""

from __future__ import annotations

import errno
import os
import signal
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from cohere_tui import files, store
from cohere_tui import lock as lockmod
from cohere_tui.document import SessionDocument
from cohere_tui.edits import SetDetails
from cohere_tui.lock import LockInfo, acquire, lock_path
from cohere_tui.store import load_session
from cohere_tui.ui.app import CohereApp
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.recovery import ChoiceDialog, LockedDialog, RecoveryDialog
from cohere_tui.ui.screens.picker import PickerScreen
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.ui.widgets.session_header import SessionHeader

from .conftest import make_app, type_text, wait_until

SIZE = (80, 24)
FAULTS = {
    "permission-denied": errno.EACCES,
    "read-only-disk": errno.EROFS,
    "disk-full": errno.ENOSPC,
}


def title(path: Path) -> str:
    return str(tomllib.loads(path.read_text(encoding="utf-8"))["title"])


def messages(app: CohereApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def holder(session_path: Path) -> LockInfo | None:
    path = lock_path(session_path)
    return LockInfo.from_bytes(path.read_bytes()) if path.exists() else None


def fail_writes(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Every file the store writes into ``folder`` fails with ``code``."""
    real_open = files.open_exclusive
    folder = folder.resolve()

    def faulty_open(path: Path) -> int:
        if Path(path).resolve().parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path)

    monkeypatch.setattr(files, "open_exclusive", faulty_open)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Save as… suggests places under the home folder: keep it inside the test's folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


async def edit_title(pilot: Any, app: CohereApp, text: str) -> None:
    """Change the session in memory as the room would, without waiting for the autosave."""
    document = app.document
    assert document is not None
    document.apply(SetDetails({"title": text}))
    await pilot.pause()


# ----- the lock ------------------------------------------------------------------------------


async def test_opening_takes_the_lock_and_quitting_releases_it(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WorkspaceScreen)
        info = holder(small_session_path)
        assert info is not None and info.pid == os.getpid()
        await pilot.press("ctrl+q")
    assert holder(small_session_path) is None


async def test_open_another_session_moves_the_lock(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WorkspaceScreen)
        app.screen.action_picker()
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, PickerScreen) and getattr(app.screen, "ready", True),
        )
        assert holder(small_session_path) is None
        await pilot.press("m")  # the demo
        await wait_until(  # the demo open, its lock taken
            pilot,
            lambda: (
                isinstance(app.screen, WorkspaceScreen)
                and app.document is not None
                and holder(app.document.path) is not None
            ),
        )
        assert app.document is not None and holder(app.document.path) is not None
        assert holder(small_session_path) is None


async def test_a_session_open_in_another_app_asks_and_cancel_leaves_it(
    small_session_path: Path, sessions_dir: Path
) -> None:
    other = acquire(small_session_path)  # another app, still running
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LockedDialog) and getattr(app.screen, "ready", True),
        )
        body = app.screen.body
        assert small_session_path.name in body and other.info.host in body
        assert f"process {os.getpid()}" in body and "since" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # nothing opened; choose another
    assert other.is_held()


async def test_open_a_copy_when_the_session_is_open_elsewhere(
    small_session_path: Path, sessions_dir: Path
) -> None:
    other = acquire(small_session_path)
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        copy = sessions_dir / "family-outcomes-copy.toml"
        assert app.document is not None and app.document.path == copy
        assert holder(copy) is not None and holder(copy).token != other.info.token  # type: ignore[union-attr]
        await edit_title(pilot, app, "Worked on in the copy")
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+q")
    assert title(copy) == "Worked on in the copy"
    assert small_session_path.read_bytes() == before and other.is_held()


async def test_open_anyway_takes_over_and_the_first_app_keeps_its_work_apart(
    small_session_path: Path, sessions_dir: Path
) -> None:
    first = SessionDocument.open(small_session_path)
    first.take_lock()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LockedDialog) and getattr(app.screen, "ready", True),
        )
        await pilot.press("o")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert app.document is not None and app.document.lock is not None
        assert app.document.lock.is_held() and not first.lock.is_held()  # type: ignore[union-attr]
        await edit_title(pilot, app, "Second app")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert title(small_session_path) == "Second app"
    # the first app can no longer save over it
    first.apply(SetDetails({"title": "First app"}))
    with pytest.raises(store.ConflictError):
        first.save()
    assert title(small_session_path) == "Second app"


async def test_the_app_that_was_taken_over_keeps_both(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        acquire(small_session_path, take_over=True)  # another app opens it anyway
        await edit_title(pilot, app, "Mine")
        await pilot.press("ctrl+s")
        await pilot.pause()
        copy = sessions_dir / "family-outcomes-conflict.toml"
        assert app.document is not None and app.document.path == copy
        assert "took this session over" in messages(app) and "Both are kept" in messages(app)
        assert holder(copy) is not None  # the lock moved with the session
    assert title(copy) == "Mine" and title(small_session_path) == "Family outcomes"


async def test_the_picker_asks_too(small_session_path: Path, sessions_dir: Path) -> None:
    acquire(small_session_path)
    app = make_app(None, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LockedDialog) and getattr(app.screen, "ready", True),
        )
        await pilot.press("escape")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, PickerScreen) and getattr(app.screen, "ready", True),
        )


async def test_a_read_only_folder_opens_with_a_warning(
    small_session_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, info: LockInfo) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(lockmod, "_create", refuse)
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert "cannot be written" in messages(app) and "Save as" in messages(app)


# ----- recovery --------------------------------------------------------------------------------


def leave_a_crash(session_path: Path, title_text: str = "Recovered work") -> Path:
    """What a crashed run leaves: a stale lock and a recovered copy newer than the session."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    dead = LockInfo(**{**LockInfo.mine().__dict__, "pid": proc.pid, "token": "crashed"})
    lock_path(session_path).write_bytes(dead.to_bytes())
    doc = SessionDocument.open(session_path)
    doc.session.title = title_text
    copy = doc.save_copy_beside("recovered")
    saved = session_path.stat().st_mtime
    os.utime(copy, (saved + 30, saved + 30))
    return copy


async def test_recovered_work_is_offered_and_used(
    small_session_path: Path, sessions_dir: Path
) -> None:
    copy = leave_a_crash(small_session_path)
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, RecoveryDialog) and getattr(app.screen, "ready", True),
        )
        assert copy.name in app.screen.body and "did not close cleanly" in app.screen.body
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert app.document is not None and app.document.session.title == "Recovered work"
        assert not app.screen.query_one(SessionHeader).dirty
    assert title(small_session_path) == "Recovered work"
    assert (sessions_dir / "family-outcomes.toml.bak").read_bytes() == before
    assert not copy.exists()


async def test_recovered_work_can_be_left_aside(
    small_session_path: Path, sessions_dir: Path
) -> None:
    copy = leave_a_crash(small_session_path)
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, RecoveryDialog) and getattr(app.screen, "ready", True),
        )
        await pilot.press("k")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert app.document is not None and app.document.session.title == "Family outcomes"
        await pilot.press("ctrl+q")
    assert small_session_path.read_bytes() == before
    assert title(copy) == "Recovered work"  # kept, and not offered again
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )


async def test_a_stale_lock_alone_is_taken_over_with_a_word(
    small_session_path: Path, sessions_dir: Path
) -> None:
    copy = leave_a_crash(small_session_path)
    copy.unlink()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert "did not close cleanly" in messages(app)
        assert holder(small_session_path).pid == os.getpid()  # type: ignore[union-attr]


async def test_a_crash_keeps_unsaved_work_and_the_next_start_offers_it(
    small_session_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: WorkspaceScreen) -> None:
        raise RuntimeError("a fault in the app")

    monkeypatch.setattr(WorkspaceScreen, "action_help", boom)
    app = make_app(small_session_path, sessions_dir)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await edit_title(pilot, app, "Typed just before the crash")
            await pilot.press("f1")
            await pilot.pause()
    monkeypatch.undo()
    copy = sessions_dir / "family-outcomes-recovered.toml"
    assert title(copy) == "Typed just before the crash"
    assert app.exit_notes == [f"cohere-tui: unsaved work was kept in {copy}"]
    assert title(small_session_path) == "Family outcomes"
    assert holder(small_session_path) is None
    saved = small_session_path.stat().st_mtime
    os.utime(copy, (saved + 1, saved + 1))  # the file system's clock may be coarse
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, RecoveryDialog) and getattr(app.screen, "ready", True),
        )
        await pilot.press("r")
        await pilot.pause()
    assert title(small_session_path) == "Typed just before the crash"


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
async def test_told_to_stop_the_app_saves_first(
    small_session_path: Path, sessions_dir: Path, name: str
) -> None:
    number = getattr(signal, name)
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await edit_title(pilot, app, "Saved on the way out")
        os.kill(os.getpid(), number)
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 128 + number
    assert title(small_session_path) == "Saved on the way out"
    assert holder(small_session_path) is None


async def test_told_to_stop_when_saving_fails_keeps_a_recovered_copy(
    small_session_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == small_session_path:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(src, dst)

    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(os, "replace", replace)
        await edit_title(pilot, app, "Kept aside")
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause()
        await pilot.pause()
    monkeypatch.undo()
    assert title(small_session_path) == "Family outcomes"
    assert title(sessions_dir / "family-outcomes-recovered.toml") == "Kept aside"


# ----- failed saves ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", FAULTS.values(), ids=FAULTS.keys())
async def test_a_failed_save_keeps_the_work_and_offers_save_as(
    small_session_path: Path,
    sessions_dir: Path,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
) -> None:
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        fail_writes(monkeypatch, sessions_dir, code)
        await pilot.press("a")  # a goal, typed by the room
        await type_text(pilot, "Work of the room")
        await pilot.press("ctrl+s")  # applies the form
        await pilot.press("ctrl+s")  # saves
        await pilot.pause()
        # a clear message: the file, the reason, what to do; the work is kept
        text = messages(app)
        assert str(small_session_path) in text and os.strerror(code) in text
        assert "save a copy elsewhere" in text and "still here, unsaved" in text
        header = app.screen_stack[-2].query_one(SessionHeader)
        assert header.state_text().startswith("⚠ NOT SAVED")
        assert app.document is not None and app.document.dirty
        assert small_session_path.read_bytes() == before
        assert sorted(p.name for p in sessions_dir.iterdir() if not p.name.startswith(".")) == [
            "family-outcomes.toml"
        ]
        # Save as…, prefilled with a place that can be written
        assert isinstance(app.screen, FormDialog)
        field = app.screen.query_one("#field-path", Input)
        assert field.value == str(
            home / "Documents" / "family-outcomes.toml"
        ) or field.value == str(home / "family-outcomes.toml")
        target = Path(field.value)
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert app.document.path == target and not app.document.dirty
        assert not app.screen.query_one(SessionHeader).problem
        assert holder(target) is not None and holder(small_session_path) is None
        # the session goes on there: the next edit is saved there
        await edit_title(pilot, app, "Later work")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert title(target) == "Later work"
    assert "Work of the room" in target.read_text(encoding="utf-8")
    assert small_session_path.read_bytes() == before


async def test_autosave_offers_save_as_once(
    small_session_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        fail_writes(monkeypatch, sessions_dir, errno.ENOSPC)
        await edit_title(pilot, app, "One")
        assert isinstance(app.screen, WorkspaceScreen)
        workspace = app.screen
        workspace.autosave()
        await wait_until(
            pilot, lambda: isinstance(app.screen, FormDialog) and getattr(app.screen, "ready", True)
        )
        await pilot.press("escape")
        await edit_title(pilot, app, "Two")
        workspace.autosave()  # fails again, quietly: the header says so
        await pilot.pause()
        assert app.screen is workspace
        assert workspace.query_one(SessionHeader).problem
        await pilot.press("ctrl+s")  # asked for: offered again
        await wait_until(
            pilot, lambda: isinstance(app.screen, FormDialog) and getattr(app.screen, "ready", True)
        )


async def test_save_as_refuses_an_existing_file_and_a_place_it_cannot_write(
    small_session_path: Path, sessions_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WorkspaceScreen)
        app.screen.offer_save_as(continue_there=True)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        field = dialog.query_one("#field-path", Input)
        field.value = str(small_session_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "already exists" in str(dialog.query_one("#error-path").render())
        locked = tmp_path / "locked"
        locked.mkdir()
        fail_writes(monkeypatch, locked, errno.EACCES)
        field.value = str(locked) + "/"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        error = str(dialog.query_one("#error-path").render())
        assert "Permission denied" in error and "choose another place" in error
        assert app.document is not None and app.document.path == small_session_path
        field.value = str(tmp_path / "elsewhere" / "named-by-hand")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.path == tmp_path / "elsewhere" / "named-by-hand.toml"
    assert load_session(tmp_path / "elsewhere" / "named-by-hand.toml")


async def test_save_a_copy_as_from_the_palette(
    small_session_path: Path, sessions_dir: Path, tmp_path: Path
) -> None:
    from cohere_tui.ui.commands import BindingsProvider

    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await edit_title(pilot, app, "Copied")
        provider = BindingsProvider(app.screen, None)
        commands = {c.title: c for c in provider.commands()}
        assert "Save as…" in commands
        commands["Save a copy as…"].callback()
        await wait_until(
            pilot, lambda: isinstance(app.screen, FormDialog) and getattr(app.screen, "ready", True)
        )
        app.screen.query_one("#field-path", Input).value = str(tmp_path / "copy.toml")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document is not None and app.document.path == small_session_path
        assert holder(small_session_path) is not None
    assert title(tmp_path / "copy.toml") == "Copied"


async def test_quit_when_saving_fails_offers_save_as(
    small_session_path: Path, sessions_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        fail_writes(monkeypatch, sessions_dir, errno.EROFS)
        await edit_title(pilot, app, "Not lost")
        await pilot.press("ctrl+q")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ChoiceDialog) and getattr(app.screen, "ready", True),
        )
        assert str(small_session_path) in app.screen.body
        await pilot.press("s")
        await wait_until(
            pilot, lambda: isinstance(app.screen, FormDialog) and getattr(app.screen, "ready", True)
        )
        app.screen.query_one("#field-path", Input).value = str(tmp_path / "rescued.toml")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.return_code == 0
    assert title(tmp_path / "rescued.toml") == "Not lost"
    assert title(small_session_path) == "Family outcomes"


# ----- conflicts ---------------------------------------------------------------------------------


async def test_a_file_changed_on_disk_keeps_both_and_says_so(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        theirs = small_session_path.read_text(encoding="utf-8").replace(
            'title = "Family outcomes"', 'title = "Edited in a text editor"'
        )
        small_session_path.write_text(theirs, encoding="utf-8")
        await edit_title(pilot, app, "Edited in the app")
        assert isinstance(app.screen, WorkspaceScreen)
        app.screen.autosave()
        await pilot.pause()
        copy = sessions_dir / "family-outcomes-conflict.toml"
        text = messages(app)
        assert "changed by someone else" in text and copy.name in text
        assert "Both are kept" in text
        assert app.document is not None and app.document.path == copy
        assert holder(copy) is not None and holder(small_session_path) is None
        # later saves go to the new file, never over theirs
        await edit_title(pilot, app, "Edited in the app, again")
        app.screen.autosave()
        await pilot.pause()
    assert title(small_session_path) == "Edited in a text editor"
    assert title(copy) == "Edited in the app, again"


async def test_the_app_needs_no_network(
    small_session_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    tried: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        tried.append(args)
        raise OSError("network access attempted")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await edit_title(pilot, app, "Offline")
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+e", "ctrl+s")  # export the whole plan, in the background
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
    assert tried == []
    assert title(small_session_path) == "Offline"
    assert list((sessions_dir.parent / "exports").glob("*.xlsx"))


async def test_told_to_stop_in_a_folder_that_cannot_be_written_keeps_the_work_elsewhere(
    small_session_path: Path,
    sessions_dir: Path,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        fail_writes(monkeypatch, sessions_dir, errno.EROFS)
        await edit_title(pilot, app, "Kept at home")
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause()
        await pilot.pause()
    monkeypatch.undo()
    kept = home / "family-outcomes-recovered.toml"
    assert title(kept) == "Kept at home"
    assert app.exit_notes == [f"cohere-tui: unsaved work was kept in {kept}"]
    assert title(small_session_path) == "Family outcomes"


async def test_quit_without_saving_when_saving_fails_exits_1(
    small_session_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        fail_writes(monkeypatch, sessions_dir, errno.EACCES)
        await edit_title(pilot, app, "Given up")
        await pilot.press("ctrl+q")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ChoiceDialog) and getattr(app.screen, "ready", True),
        )
        await pilot.press("escape")  # stay
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert app.document is not None and app.document.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 1
    assert small_session_path.read_bytes() == before


async def test_the_picker_marks_open_sessions_and_kept_copies(
    small_session_path: Path, sessions_dir: Path
) -> None:
    from textual.widgets import DataTable

    leave_a_crash(small_session_path)  # a recovered copy and a stale lock
    app = make_app(None, sessions_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        titles = sorted(str(table.get_row_at(n)[0]) for n in range(table.row_count))
        assert titles == ["Family outcomes", "Recovered work [recovered copy]"]  # stale: not open
        other = acquire(small_session_path)
        assert isinstance(app.screen, PickerScreen)
        app.screen.action_rescan()
        await pilot.pause()
        titles = sorted(str(table.get_row_at(n)[0]) for n in range(table.row_count))
        assert f"Family outcomes [open: {other.info.user}@{other.info.host}]" in titles
