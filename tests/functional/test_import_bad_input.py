"""Pilot tests: bad input in the app (a returned workbook, a broken session file, text with
markup characters) is told in a notification, never fatal, and changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Input

from cohere_tui.document import SessionDocument
from cohere_tui.models import Action
from cohere_tui.store import save_session
from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.workbook import export_workbook

from .conftest import make_app

SIZE = (80, 24)


async def import_from(app: object, pilot: object, typed: str) -> list[str]:
    """Open the import dialog, type the path, apply the form; returns the new notifications."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, WorkspaceScreen)
    before = len(list(app._notifications))  # type: ignore[attr-defined]
    screen.action_import_updates()
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, FormDialog)  # type: ignore[attr-defined]
    app.screen.query_one(Input).value = typed  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return [n.message for n in list(app._notifications)[before:]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda folder: folder / "nowhere.xlsx", "no such file"),
        (lambda folder: "~no-such-user-here/plan.xlsx", "no such file"),
        (lambda folder: folder, "is a folder"),
        (lambda folder: _write(folder / "notes.xlsx", b"just text"), "cannot be read"),
        (lambda folder: _write(folder / "empty.xlsx", b""), "empty"),
        (lambda folder: _write(folder / "plan.csv", b"ID,Status\n"), "not an .xlsx"),
    ],
    ids=["missing", "unknown-user", "folder", "text", "empty", "csv"],
)
async def test_bad_workbook_paths_are_told_and_nothing_changes(
    small_session_path: Path, sessions_dir: Path, tmp_path: Path, make: object, words: str
) -> None:
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        messages = await import_from(app, pilot, str(make(tmp_path)))  # type: ignore[operator]
        assert any(words in m for m in messages), messages
        assert isinstance(app.screen, WorkspaceScreen)
    assert small_session_path.read_bytes() == before
    assert not (sessions_dir / f"{small_session_path.name}.bak").exists()


def _write(path: Path, raw: bytes) -> Path:
    path.write_bytes(raw)
    return path


async def test_a_quoted_path_with_bad_rows_is_read_and_good_rows_applied(
    small_session_path: Path, sessions_dir: Path, tmp_path: Path
) -> None:
    document = SessionDocument.open(small_session_path)
    document.session.actions.extend(
        [Action(id="A1", title="Draft the agreement"), Action(id="A2", title="Align visits")]
    )
    save_session(document.session, small_session_path)
    book = export_workbook(
        document.session, tmp_path / "my plan é.xlsx", today=dt.date(2026, 11, 2)
    )
    wb = load_workbook(book.path)
    ws = wb["Action Plan"]
    ws["G2"] = "Done"  # A1: Status
    ws["G3"] = "Finished"  # A2: not an allowed status
    wb.save(book.path)
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await import_from(app, pilot, f"  '{book.path}' ")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    from cohere_tui.store import load_session

    session = load_session(small_session_path).session
    assert [a.status.value for a in session.actions] == ["done", "not_started"]


async def test_a_broken_file_whose_message_holds_brackets_is_told(
    sessions_dir: Path, small_session_path: Path
) -> None:
    """Square brackets in a message are text, not markup ('[/]' would stop the app)."""
    evil = sessions_dir / "evil.toml"
    evil.write_text(
        'schema_version = 1\ntitle = "x"\n[[goals]]\nid = "[/][b]G1"\ntitle = "t"\n',
        encoding="utf-8",
    )
    before = evil.read_bytes()
    app = make_app(None, sessions_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.open_path(evil)
        await pilot.pause()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("[/][b]G1" in m and "is not a valid ID" in m for m in messages), messages
        await pilot.pause()
        app.export_screenshot()  # the notifications are drawn
        assert app.is_running
    assert evil.read_bytes() == before


async def test_workbook_text_with_brackets_in_the_plan_is_shown_as_text(
    small_session_path: Path, sessions_dir: Path, tmp_path: Path
) -> None:
    document = SessionDocument.open(small_session_path)
    document.session.actions.append(Action(id="A1", title="Draft the agreement"))
    save_session(document.session, small_session_path)
    book = export_workbook(document.session, tmp_path / "plan.xlsx", today=dt.date(2026, 11, 2))
    wb = load_workbook(book.path)
    wb["Action Plan"]["G2"] = "[/] [bold]Done?"  # not an allowed status, and markup-like
    wb.save(book.path)
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        messages = await import_from(app, pilot, str(book.path))
        await pilot.pause()
        assert any("'[/] [bold]Done?' is not allowed" in m for m in messages), messages
        await pilot.pause()
        app.export_screenshot()  # the notifications are drawn
        assert app.is_running
    assert small_session_path.read_bytes() == before
