"""A consensus check on a proposed action, by keys on the action plan (`k`): typed votes,
the tally, the action's detail, undo, the saved file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Static

from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.tally import TallyDialog
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.ui.widgets.item_table import ItemTable

from .conftest import app_for, type_text, wait_until


async def test_a_consensus_check_on_an_action_by_keys(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: bool(app.screen.query("#plan-table")))
        table = app.screen.query_one("#plan-table", ItemTable)
        table.focus()
        table.move_cursor_to("A2")
        before = len(app.document.session.action("A2").checks)
        await pilot.press("k")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog) and app.screen.ready)
        await pilot.press("tab")  # the method (fist-to-five first), then the votes
        await type_text(pilot, "5 4 4 3 5")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, TallyDialog))
        checks = app.document.session.action("A2").checks
        assert len(checks) == before + 1
        assert [v.value for v in checks[-1].votes] == [5, 4, 4, 3, 5]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        detail = str(app.screen.query_one("#action-detail", Static).render())
        assert "Consensus" in detail
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(app.document.session.action("A2").checks) == before)
        await pilot.press("ctrl+y", "ctrl+q")
    data = tomllib.loads(demo.read_text(encoding="utf-8"))
    a2 = next(a for a in data["actions"] if a["id"] == "A2")
    assert [v["value"] for v in a2["checks"][-1]["votes"]] == [5, 4, 4, 3, 5]
