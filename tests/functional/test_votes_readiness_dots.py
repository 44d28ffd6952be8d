"""Many voices by keys on Prepare's readiness (`v` typed, `b` from phones) and typed dot
votes on step 3 and on the action plan (`V`): what the wall shows, what was saved, undo."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from textual.widgets import Static

from cohere_tui.models import Condition, DotTarget, FindingKind
from cohere_tui.store import load_session
from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.tally import TallyDialog
from cohere_tui.ui.keys import step_key_rows
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.ui.steps.prepare import PrepareStep
from cohere_tui.ui.widgets.item_table import ItemTable
from cohere_tui.ui.widgets.readiness_table import ReadinessTable

from .conftest import app_for, type_text, wait_until

TRUST = Condition.RELATIONAL_TRUST


def status(app: Any) -> str:
    return str(app.screen.query_one("#readiness-suggest", Static).render())


def row_text(table: ItemTable, key: str) -> str:
    return " ".join(str(cell) for cell in table.get_row(key))


def readiness_findings(app: Any) -> list[str]:
    return [
        f.key
        for f in app.document.session.findings
        if f.kind is FindingKind.READINESS_DISAGREEMENT and not f.resolved
    ]


def errors(app: Any) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(".field-error.visible"))


async def to_trust(pilot: Any) -> ReadinessTable:
    app = pilot.app
    await pilot.press("0")
    await wait_until(pilot, lambda: app.screen.focused.id == "team-table")
    await pilot.press("tab", "down", "down")
    table = app.screen.query_one(ReadinessTable)
    assert app.screen.focused is table and table.condition is TRUST
    return table


async def form_open(pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, FormDialog)
            and (pilot.app.focused.id or "").startswith("field-")
        ),
    )


async def test_five_typed_voices_rate_a_condition_and_the_room_disagrees(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await to_trust(pilot)
        before = app.document.session.readiness[TRUST].rating
        assert before == 2
        # the help and the palette read the keys from the bindings
        rows = {row.description: row for row in step_key_rows(app.screen.query_one(PrepareStep))}
        assert rows["Votes"].keys == "v" and "one digit per voice" in rows["Votes"].tooltip
        assert rows["Ballot"].keys == "b" and "phones" in rows["Ballot"].tooltip
        await form_open(pilot, "v")
        await type_text(pilot, "4 3 3 2 1")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.document.session.readiness[TRUST].votes != [])
        entry = app.document.session.readiness[TRUST]
        assert entry.rating == 3 and [v.value for v in entry.votes] == [4, 3, 3, 2, 1]
        assert "3~ established" in row_text(table, TRUST.value)
        assert table.border_subtitle == "1 emerging … 4 sustaining · ~ split vote"
        assert status(app).startswith("Recorded 5 votes on Trust readiness: agreed 3 established")
        assert readiness_findings(app) == ["readiness_disagreement:relational_trust"]
        # the cursor moves on and back: the distribution is said under the table
        await pilot.press("down", "up")
        assert status(app) == "Trust · 5 votes: 1:1 2:1 3:2 4:1, spread 3 — the room disagrees"
        await pilot.press("ctrl+s")
        saved = load_session(demo).session
        assert [v.value for v in saved.readiness[TRUST].votes] == [4, 3, 3, 2, 1]
        assert saved.readiness[TRUST].rating == 3
        # one undo takes the whole round back; redo brings it again
        await pilot.press("ctrl+z")
        assert app.document.session.readiness[TRUST].votes == []
        assert app.document.session.readiness[TRUST].rating == before
        assert readiness_findings(app) == []
        assert status(app).startswith("Undone: Recorded 5 votes on Trust readiness")
        assert "3~" not in row_text(table, TRUST.value)
        await pilot.press("ctrl+y")
        assert app.document.session.readiness[TRUST].rating == 3
        assert readiness_findings(app) == ["readiness_disagreement:relational_trust"]
        # away from the table, the line names the disagreement
        await pilot.press("escape")
        await wait_until(pilot, lambda: "the room disagrees on Trust" in status(app))
        # step 5's readiness shows the same mark
        await pilot.press("5")
        await wait_until(pilot, lambda: bool(app.screen.query("#reflect-readiness")))
        panel = str(app.screen.query_one("#reflect-readiness", Static).render())
        trust = next(line for line in panel.splitlines() if line.startswith("Trust"))
        assert "3~" in trust, panel


async def test_votes_off_the_readiness_scale_are_refused_with_a_sentence(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_trust(pilot)
        await form_open(pilot, "v")
        await type_text(pilot, "4 0 3")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "outside the scale 1–4" in errors(app))
        assert "'0': 0 is outside the scale 1–4; type votes from 1 to 4." in errors(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        assert app.document.session.readiness[TRUST].votes == []


@pytest.fixture
def loopback_ballot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHERE_TUI_BALLOT_HOST", "127.0.0.1")
    monkeypatch.setenv("COHERE_TUI_BALLOT_PORT", "0")


async def phone(port: int, code: str, **fields: str) -> int:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        base = f"http://127.0.0.1:{port}/b/{code}"
        async with client.get(base) as page:
            text = await page.text()
            found = re.search(r'name="q" value="([^"]+)"', text)
        assert found is not None
        async with client.post(base, data={"q": found.group(1), **fields}) as done:
            return done.status


async def test_a_ballot_on_a_condition_records_the_phones_votes(
    demo: Path, loopback_ballot: None
) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_trust(pilot)
        await pilot.press("b")
        room = app.context.ballots
        await wait_until(pilot, lambda: room.started and room.server().listening)
        server = room.server()
        question = str(app.screen.query_one("#ballot-question", Static).render())
        assert question == "How ready are we on relational trust? 1 emerging … 4 sustaining"
        for value in "414":
            assert await phone(server.port, server.code, choice=value) == 200
        await wait_until(pilot, lambda: server.count().voted == 3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.document.session.readiness[TRUST].votes != [])
        assert [v.value for v in app.document.session.readiness[TRUST].votes] == [4, 1, 4]
        assert app.document.session.readiness[TRUST].rating == 4
        assert readiness_findings(app) == ["readiness_disagreement:relational_trust"]
        await pilot.press("ctrl+z")
        assert app.document.session.readiness[TRUST].votes == []


async def dot_form(pilot: Any, voices: str) -> None:
    """V, then the dots per voice (3, as offered) and the number of voices."""
    await form_open(pilot, "V")
    await pilot.press("enter")
    await type_text(pilot, voices)
    await pilot.press("ctrl+s")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, FormDialog)
            and pilot.app.screen.form_title.startswith("Dots per")
        ),
    )


async def test_a_typed_dot_vote_on_the_findings(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        rounds = len(app.document.session.dot_rounds)
        await pilot.press("3")
        await dot_form(pilot, "4")
        assert app.screen.form_title == "Dots per finding: 4 voices × 3 dots (up to 12)"
        # a negative count, then too many in all, are refused in the form
        await type_text(pilot, "-1")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "fewer than no dots" in errors(app))
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "9")
        await pilot.press("enter")
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "14 dots in all" in errors(app))
        await pilot.press("ctrl+a")
        await type_text(pilot, "5")  # F1 (the error's field has the focus again)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, TallyDialog))
        assert app.screen.heading == "Dot vote: 4 voices, 3 dots each"
        assert [n for _, n in app.screen.rows][:3] == [5, 5, 0]
        round_ = app.document.session.dot_rounds[-1]
        assert len(app.document.session.dot_rounds) == rounds + 1
        assert round_.target is DotTarget.FINDINGS and round_.ranking[:2] == ["F1", "F2"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.press("ctrl+s")
        assert load_session(demo).session.dot_rounds[-1] == round_
        await pilot.press("ctrl+z")
        assert len(app.document.session.dot_rounds) == rounds


async def test_a_typed_dot_vote_on_the_actions_sorts_the_plan(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: app.screen.focused.id == "plan-table")
        await dot_form(pilot, "2")
        assert app.screen.form_title == "Dots per action: 2 voices × 3 dots (up to 6)"
        await pilot.press("enter", "enter")  # A1 and A2 get none
        await type_text(pilot, "4")  # A3
        await pilot.press("enter")
        await type_text(pilot, "2")  # A4
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, TallyDialog))
        round_ = app.document.session.dot_rounds[-1]
        assert round_.target is DotTarget.ACTIONS and round_.ranking[:2] == ["A3", "A4"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        table = app.screen.query_one("#plan-table", ItemTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert keys[:3] == ["group:ranked by the room's dots", "A3", "A4"]
        assert "by dots" in str(table.border_title)
        await pilot.press("ctrl+s")
        saved = load_session(demo).session
        assert saved.dot_rounds[-1].ranking[:2] == ["A3", "A4"]
        await pilot.press("ctrl+z")
        assert app.document.session.dot_rounds[-1].target is not DotTarget.ACTIONS


async def test_a_dot_vote_on_the_actions_from_the_phones(demo: Path, loopback_ballot: None) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: app.screen.focused.id == "plan-table")
        await form_open(pilot, "V")
        await pilot.press("ctrl+s")  # 3 dots, no number of voices: the phones
        room = app.context.ballots
        await wait_until(pilot, lambda: room.started and room.server().listening)
        server = room.server()
        assert await phone(server.port, server.code, **{"dot-A5": "3"}) == 200
        assert await phone(server.port, server.code, **{"dot-A5": "1", "dot-A2": "2"}) == 200
        await wait_until(pilot, lambda: server.count().voted == 2)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TallyDialog))
        round_ = app.document.session.dot_rounds[-1]
        assert round_.target is DotTarget.ACTIONS and round_.ranking[:2] == ["A5", "A2"]
        assert app.screen.heading == "Dot vote: 2 voices, 3 dots each"
