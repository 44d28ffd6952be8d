"""Many voices in the grid, by keys: typed votes (`v`), a ballot from phones (`b`), the
agreed value and the spread mark, the finding 'the room disagrees', undo, the saved file."""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from textual.widgets import Static

from cohere_tui.models import FindingKind
from cohere_tui.store import load_session
from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.ui.widgets.alignment_grid import AlignmentGrid

from .conftest import app_for, type_text


def row_of(grid: AlignmentGrid, initiative_id: str) -> str:
    lines = [grid.render_line(y).text for y in range(grid.scrollable_content_region.height)]
    return next(line for line in lines if line.lstrip().startswith(f"{initiative_id} "))


async def until(pilot: Any, condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause()
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met")


def disagreements(session: Any) -> list[str]:
    return [
        f.key for f in session.findings if f.kind is FindingKind.DISAGREEMENT and not f.resolved
    ]


async def test_typed_votes_show_agreed_value_spread_and_the_finding(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "down", "down", "right", "right", "right")
        grid = app.screen.query_one(AlignmentGrid)
        assert grid.current()[0].id == "I3" and grid.current()[1] == "G3"  # type: ignore[index]
        ini = app.document.session.initiative("I3")
        assert ini is not None
        before = ini.alignment["G3"]
        await pilot.press("v")
        await type_text(pilot, "3 3 1 2 3")
        await pilot.press("enter")
        await until(pilot, lambda: "G3" in ini.votes)
        assert ini.alignment["G3"] == 3 and len(ini.votes["G3"]) == 5
        assert "[3~ ]" in row_of(grid, "I3")
        status = str(app.screen.query_one("#grid-status", Static).render())
        assert "Recorded 5 votes on I3 × G3: agreed 3, spread 2" in status
        await pilot.press("right", "left")
        status = str(app.screen.query_one("#grid-status", Static).render())
        assert "5 votes: 0:· 1:1 2:1 3:3, spread 2 — the room disagrees" in status
        assert disagreements(app.document.session) == ["disagreement:I4:G2", "disagreement:I3:G3"]
        await pilot.press("ctrl+s")
        saved = load_session(demo).session.initiative("I3")
        assert saved is not None and [v.value for v in saved.votes["G3"]] == [3, 3, 1, 2, 3]
        # a tally, then undo brings the typed votes back, and undo again removes them
        await pilot.press("v", "ctrl+a", "backspace")
        await type_text(pilot, "3:4 2:1")
        await pilot.press("enter")
        await until(
            pilot, lambda: len(ini.votes.get("G3", [])) == 5 and ini.votes["G3"][-1].value == 2
        )
        assert disagreements(app.document.session) == ["disagreement:I4:G2"]
        assert "[ 3 ]" in row_of(grid, "I3")
        await pilot.press("ctrl+z")
        assert [v.value for v in ini.votes["G3"]] == [3, 3, 1, 2, 3]
        await pilot.press("ctrl+z")
        assert "G3" not in ini.votes and ini.alignment["G3"] == before
        assert disagreements(app.document.session) == ["disagreement:I4:G2"]  # the demo's


async def test_typed_votes_that_are_not_votes_are_refused_in_the_form(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "v")
        await type_text(pilot, "3 7")
        await pilot.press("enter")
        await pilot.pause()
        errors = " ".join(str(w.render()) for w in app.screen.query(".field-error.visible"))
        assert "outside the scale 0–3" in errors
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):  # the typed text would be lost: asked
            await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        assert "vision" not in app.document.session.initiatives[0].votes


async def phone_votes(port: int, code: str, value: str) -> int:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
        base = f"http://127.0.0.1:{port}/b/{code}"
        async with phone.get(base) as page:
            found = re.search(r'name="q" value="([^"]+)"', await page.text())
        assert found is not None
        async with phone.post(base, data={"q": found.group(1), "choice": value}) as done:
            return done.status


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def loopback_ballot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHERE_TUI_BALLOT_HOST", "127.0.0.1")
    monkeypatch.setenv("COHERE_TUI_BALLOT_PORT", "0")


async def test_a_ballot_from_the_grid_records_the_phones_votes_as_one_edit(
    demo: Path, loopback_ballot: None
) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "down", "down", "right", "right", "right", "b")
        room = app.context.ballots
        await until(pilot, lambda: room.started and room.server().listening)
        server = room.server()
        for value in "033":
            assert await phone_votes(server.port, server.code, value) == 200
        await until(pilot, lambda: server.count().voted == 3)
        await pilot.press("r", "enter")
        ini = app.document.session.initiative("I3")
        assert ini is not None
        await until(pilot, lambda: "G3" in ini.votes)
        assert [v.value for v in ini.votes["G3"]] == [0, 3, 3]
        assert [v.voice for v in ini.votes["G3"]] == ["V1", "V2", "V3"]
        grid = app.screen.query_one(AlignmentGrid)
        assert "[3~ ]" in row_of(grid, "I3")
        assert disagreements(app.document.session) == ["disagreement:I4:G2", "disagreement:I3:G3"]
        assert not server.listening
        await pilot.press("ctrl+z")
        assert "G3" not in ini.votes
        assert disagreements(app.document.session) == ["disagreement:I4:G2"]


async def test_closing_the_app_closes_the_ballot(
    demo: Path, loopback_ballot: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COHERE_TUI_BALLOT_MEETING", "1")  # listening for the whole meeting
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "b")
        room = app.context.ballots
        await until(pilot, lambda: room.started and room.server().listening)
        port = room.server().port
        await pilot.press("enter")
        await until(pilot, lambda: not app.screen.query("#ballot-qr"))
        assert room.server().listening  # for the meeting
    assert not room.server().listening and port_is_free(port)


def test_the_exercise_cell_shows_the_spread_and_the_distribution() -> None:
    from cohere_tui.ui.dialogs.exercise import big_cell
    from cohere_tui.votes import typed_votes

    cell = big_cell(1, typed_votes([1, 2, 1, 0, 1])).plain
    assert "1~  weak" in cell and "0:1 1:3 2:1 3:·" in cell
    assert "~" not in big_cell(2, typed_votes([2, 3])).plain
    assert big_cell(2).plain.strip() == "2  partial"
