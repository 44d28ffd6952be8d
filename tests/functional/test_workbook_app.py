"""The workbook in the app, by keys: the export dialog (whole plan, a copy per owner, one
owner's copy), an import as one undoable edit, and staleness in steps 4 and 5."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

from openpyxl import load_workbook
from rich.console import Console
from textual.widgets import Input, Select, Static

from cohere_tui.store import load_session
from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.workbook import ACTION_PLAN_HEADERS, export_workbook

from .conftest import TODAY, app_for, type_text, wait_until

SIZE = (100, 30)
COL = {h: n for n, h in enumerate(ACTION_PLAN_HEADERS, start=1)}


async def export_choosing(pilot: object, app: object, value: str) -> None:
    await pilot.press("ctrl+e")  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, FormDialog)
    select = screen.query_one("#field-what", Select)
    select.value = value
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def open_import(app: object, pilot: object) -> FormDialog:
    """The import dialog (from the palette's command), open and waiting for a path."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, WorkspaceScreen)
    screen.action_import_updates()
    await pilot.pause()  # type: ignore[attr-defined]
    dialog = app.screen  # type: ignore[attr-defined]
    assert isinstance(dialog, FormDialog)
    return dialog


async def test_the_export_dialog_offers_a_copy_per_owner(demo: Path) -> None:
    app = app_for(demo)
    exports = demo.parent.parent / "exports"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")
        screen = app.screen
        assert isinstance(screen, FormDialog)
        values = [value for _, value in screen.fields[0].options]
        assert values[:2] == ["all", "per-owner"] and "owner:Sam Liu" in values
        await pilot.press("escape")
        await export_choosing(pilot, app, "per-owner")
        written = sorted(p.name for p in exports.iterdir())
        assert len(written) == 9  # the demo's nine owners
        assert "harmon-action-plan-sam-liu-2026-11-23.xlsx" in written
        wb = load_workbook(exports / "harmon-action-plan-sam-liu-2026-11-23.xlsx")
        ws = wb["Action Plan"]
        assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["A1", "A11", None]
        await export_choosing(pilot, app, "owner:Dana Reyes")
        again = load_workbook(exports / "harmon-action-plan-dana-reyes-2026-11-23-2.xlsx")
        assert [again["Action Plan"].cell(r, 1).value for r in (2, 3)] == ["A12", None]
        assert len(list(exports.iterdir())) == 10


async def test_an_import_is_one_undoable_edit(demo: Path, tmp_path: Path) -> None:
    original = demo.read_bytes()
    session = load_session(demo).session
    book = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path
    wb = load_workbook(book)
    ws = wb["Action Plan"]
    ws.cell(2, COL["Status"]).value = "Done"
    ws.cell(3, COL["Latest update"]).value = "Both caseloads mapped"
    first_empty = len(session.actions) + 2  # under the header and every action
    ws.cell(first_empty, COL["Action"]).value = "Share the map with the clinics"
    wb.save(book)
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(app, pilot)
        dialog.query_one(Input).value = str(book)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and app.screen.ready)
        await pilot.press("y")
        doc = app.document
        await wait_until(pilot, lambda: doc.session.actions[0].status.value == "done")
        assert doc.session.actions[0].status.value == "done"
        assert doc.session.actions[0].updated == TODAY
        assert doc.session.actions[-1].title == "Share the map with the clinics"
        await pilot.press("ctrl+z")  # the whole import at once
        await wait_until(pilot, lambda: doc.session.actions[0].status.value == "in_progress")
        assert len(doc.session.actions) == len(session.actions)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert demo.read_bytes() == original


async def test_the_plan_says_when_each_action_was_last_updated(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        detail = str(app.screen.query_one("#action-detail", Static).render())
        assert "Updated" in detail and "last update 18 days ago" in detail  # at the check-in
        # a status changed in the action form marks it updated today
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-status", Select).value = "blocked"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.session.actions[0].updated == TODAY
        detail = str(app.screen.query_one("#action-detail", Static).render())
        assert "last update today" in detail
        await pilot.press("ctrl+q")
    data = tomllib.loads(demo.read_text(encoding="utf-8"))
    assert data["actions"][0]["updated"] == TODAY
    assert "updated" not in data["actions"][1]  # empty fields are not written


async def test_step_5_lists_owners_not_updated_since_the_last_check_in(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#monitor-summary", Static).content)
        summary = console.export_text()
        assert "Not updated since the last check-in (2026-11-05)" in summary
        assert "Angela Brooks (A10, A15)" in summary and "Dana Reyes (A12)" in summary


async def test_typing_a_workbook_path_with_quotes(demo: Path, tmp_path: Path) -> None:
    """A path dropped into the terminal comes quoted; the import still finds it."""
    session = load_session(demo).session
    book = export_workbook(session, tmp_path / "my plan.xlsx", today=TODAY).path
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        await type_text(pilot, f"'{book}'")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)  # nothing to change
        notes = [n.message for n in app._notifications]
        assert any("Nothing to change" in m for m in notes), notes
