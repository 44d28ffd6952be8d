"""Pilot tests of hostile and unlucky files in the app: a session replaced by a FIFO while it
is open, hostile lock files, file names with escape codes, the indicator form's numbers, and
SIGINT. Nothing may crash, hang, reach the terminal raw or change a file unasked."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from cohere_tui.edits import SetDetails
from cohere_tui.lock import LockInfo, lock_path
from cohere_tui.recovery import recovered_copies
from cohere_tui.store import load_session
from cohere_tui.ui.app import CohereApp
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.recovery import ChoiceDialog, LockedDialog
from cohere_tui.ui.screens.picker import PickerScreen
from cohere_tui.ui.screens.workspace import WorkspaceScreen

from .conftest import TODAY, app_for, wait_until

SIZE = (100, 30)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What must never reach the terminal from a name, a path or a lock file."""
HOSTILE_USER = "[/]x[bold]\x1b]0;owned\x07\x1b[41m"


def edit_title(app: CohereApp, text: str) -> None:
    """Change the session as the room would (the autosave not yet due)."""
    assert app.document is not None
    app.document.apply(SetDetails({"title": text}))


def messages(app: CohereApp) -> str:
    return "\n".join(str(n.message) + str(n.title) for n in app._notifications)


def shown_texts(app: CohereApp) -> str:
    """Everything the current screen's text widgets and tables hold."""
    parts: list[str] = []
    for static in app.screen.query(Static):
        content = static.render()
        parts.append(content.plain if isinstance(content, Text) else str(content))
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            for cell in table.get_row_at(row):
                parts.append(cell.plain if isinstance(cell, Text) else str(cell))
    return "\n".join(parts)


def other_app_lock(session_path: Path, user: str = HOSTILE_USER) -> None:
    """A live lock of another computer (never called stale), with a hostile user name."""
    holder = LockInfo(
        pid=10**6,
        host="far-away\x1b[2J",
        user=user,
        started=dt.datetime(2026, 11, 23, 9, 0),
        token="theirs",
    )
    lock_path(session_path).write_bytes(holder.to_bytes())


@pytest.fixture
def quiet_sigint() -> Iterator[None]:
    """A SIGINT the app does not catch is only recorded (not a KeyboardInterrupt that would
    stop the test run)."""
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    yield
    signal.signal(signal.SIGINT, previous)


# ----- 3. a session replaced by a FIFO while it is open --------------------------------------


@pytest.mark.timeout(30)
async def test_a_session_replaced_by_a_fifo_mid_session_never_freezes_the_app(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        edit_title(app, "Typed before the swap")
        demo.unlink()
        os.mkfifo(demo)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "named pipe" in messages(app)
        assert isinstance(app.screen, FormDialog)  # Save as… is offered
        await pilot.press("escape")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        await pilot.press("2")  # still answering keys
        await pilot.pause()
        assert app.screen.current_step == 2
        assert app.document.dirty
        await pilot.press("ctrl+q")  # quitting asks what to do with the work it cannot save
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ChoiceDialog) and getattr(app.screen, "ready", True),
        )
        await pilot.press("n")  # stay
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        os.kill(os.getpid(), signal.SIGTERM)  # and told to stop, it keeps the work
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    [copy] = recovered_copies(demo)
    assert load_session(copy).session.title == "Typed before the swap"


# ----- 5. the indicator form keeps numbers exactly -------------------------------------------


async def test_the_indicator_form_shows_and_keeps_numbers_exactly(demo: Path) -> None:
    raw = demo.read_bytes().replace(b"baseline = 54.0", b"baseline = 1234567.0", 1)
    raw = raw.replace(b"target = 65.0", b"target = 0.30000000000000004", 1)
    demo.write_bytes(raw)
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("enter")  # edit M1
        await wait_until(
            pilot, lambda: isinstance(app.screen, FormDialog) and getattr(app.screen, "ready", True)
        )
        assert app.screen.query_one("#field-baseline", Input).value == "1234567"
        assert app.screen.query_one("#field-target", Input).value == "0.30000000000000004"
        await pilot.press("ctrl+s")  # save the form unchanged
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert demo.read_bytes() == raw  # not a byte changed


@pytest.mark.parametrize(
    ("typed", "words"),
    [("nan", "NaN or infinity"), ("inf", "NaN or infinity"), ("1e308", "too large")],
)
async def test_the_indicator_form_refuses_numbers_a_session_cannot_hold(
    demo: Path, typed: str, words: str
) -> None:
    before = demo.read_bytes()
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-baseline", Input).value = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, saying why
        error = form.query_one("#error-baseline", Static).render()
        assert words in str(error)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # (a question about the typed text, if asked)
        await pilot.pause()
        assert app.document is not None
        assert app.document.session.indicators[0].baseline == 54.0
        await pilot.press("ctrl+q")
    assert demo.read_bytes() == before


# ----- 6. hostile lock files -----------------------------------------------------------------


async def test_a_hostile_lock_is_shown_escaped_and_markup_free(demo: Path) -> None:
    other_app_lock(demo)
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LockedDialog) and getattr(app.screen, "ready", True),
        )
        text = shown_texts(app)
        assert "[/]x[bold]\\x1b]0;owned\\x07" in text  # as written, not markup, escaped
        assert not RAW.search(text)
        await pilot.press("escape")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, PickerScreen) and getattr(app.screen, "ready", True),
        )
        text = shown_texts(app)  # the picker marks it open elsewhere, escaped too
        assert "open: [/]x[bold]\\x1b" in text and not RAW.search(text)


@pytest.mark.parametrize(
    "lock_text",
    [
        f"pid = {10**20}\nuser = 'x'\nhost = '{os.uname().nodename}'\nstarted = 2026-11-23T09:00:00\n",
        "pid = " + "9" * 5000 + "\n",
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
    ],
    ids=["pid-1e20", "pid-5000-digits", "nested"],
)
async def test_a_lock_that_is_no_lock_neither_crashes_open_nor_the_picker(
    demo: Path, lock_text: str
) -> None:
    lock_path(demo).write_text(lock_text, encoding="utf-8")
    app = CohereApp(sessions_dir=demo.parent, exports_dir=demo.parent, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, PickerScreen) and getattr(app.screen, "ready", True),
        )
        assert "Harmon" in shown_texts(app)
        app.open_path(demo)  # a brand-new unreadable lock: asks, as for one being written
        await pilot.pause()
        assert isinstance(app.screen, LockedDialog | WorkspaceScreen)


# ----- 7. file names with escape codes -------------------------------------------------------


async def test_file_names_with_escape_codes_are_shown_escaped(demo: Path) -> None:
    folder = demo.parent
    evil = folder / "\x1b]0;owned\x07\x1b[41m[b]x.toml"
    evil.write_bytes(b"not = [a session")
    good = folder / "\x1b[2Jgood.toml"
    good.write_bytes(demo.read_bytes())
    app = CohereApp(sessions_dir=folder, exports_dir=folder.parent / "x", today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = shown_texts(app)
        assert "\\x1b]0;owned\\x07" in text and not RAW.search(text)
        app.open_path(evil)
        await pilot.pause()
        app.open_path(good)
        await pilot.pause()
        edit_title(app, "Renamed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = messages(app)
        assert "Cannot open" in said and "Saved" in said and "\\x1b[2Jgood.toml" in said
        assert not RAW.search(said.replace("\n", ""))
        await pilot.press("ctrl+q")


# ----- 9. SIGINT keeps the work as SIGTERM does -----------------------------------------------


@pytest.mark.usefixtures("quiet_sigint")
async def test_sigint_saves_the_last_edit_first(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        edit_title(app, "Saved on ctrl+c from outside")
        os.kill(os.getpid(), signal.SIGINT)
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGINT
    assert load_session(demo).session.title == "Saved on ctrl+c from outside"


# ----- 10. the backup is named only when there is one -----------------------------------------


@pytest.mark.parametrize("with_backup", [False, True])
async def test_the_not_closed_cleanly_notice_names_a_backup_only_when_there_is_one(
    demo: Path, with_backup: bool
) -> None:
    if with_backup:
        demo.with_name("harmon.toml.bak").write_bytes(demo.read_bytes())
    stale = LockInfo.mine()
    lock_path(demo).write_bytes(
        LockInfo(
            pid=2**31 - 2,  # no such process
            host=stale.host,
            user=stale.user,
            started=stale.started,
            boot=stale.boot,
            token="old",
        ).to_bytes()
    )
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = messages(app)
        assert "did not close cleanly" in said
        assert ("harmon.toml.bak" in said) is with_backup
        assert (".bak" in said) is with_backup


# ----- 9. a terminal that went away is not woken up, and the app ends -------------------------


def test_after_a_hang_up_the_app_does_not_redraw_and_ends_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mechanism behind "closing the terminal left the app running forever": on a
    hang-up the system sends SIGHUP and SIGCONT; the screen's SIGCONT handler (which redraws
    after a suspend) woke the app up on a terminal that was gone, and its shutdown then
    waited forever to write. Now SIGCONT is ignored once the terminal has gone, and the stop
    signal ends the app as soon as the work is kept."""
    import pty
    import types

    master, slave = pty.openpty()
    monkeypatch.setattr(sys, "__stderr__", types.SimpleNamespace(fileno=lambda: slave))
    monkeypatch.setattr(CohereApp, "is_headless", property(lambda self: False))
    redraws: list[int] = []
    previous = signal.signal(signal.SIGCONT, lambda number, frame: redraws.append(number))
    ended: list[int] = []
    monkeypatch.setattr(os, "_exit", ended.append)
    try:
        app = CohereApp(sessions_dir=tmp_path, exports_dir=tmp_path, today=lambda: TODAY)
        assert app._watch_terminal() == slave
        os.kill(os.getpid(), signal.SIGCONT)  # a resume while the terminal is there: redrawn
        assert redraws == [signal.SIGCONT]
        assert not app._terminal_gone()
        os.close(master)  # the terminal window is closed
        os.kill(os.getpid(), signal.SIGCONT)
        assert redraws == [signal.SIGCONT]  # not woken up on a terminal that is gone
        assert app._terminal_gone()
        monkeypatch.setattr(app, "exit", lambda **kwargs: None)
        app._stopped_by_signal(signal.SIGHUP)
        assert ended == [128 + signal.SIGHUP]
    finally:
        signal.signal(signal.SIGCONT, previous)
        os.close(slave)
