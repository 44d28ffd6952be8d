"""Pilot tests: Prepare driven by keys only — `0`, the team's roles and voices, readiness,
the scope, the meeting plan and its timer — checked in what was saved and reloaded."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from textual.widgets import Input, SelectionList, Static

from cohere_tui.cycle import write_next_cycle
from cohere_tui.models import Condition, FindingKind, Voice
from cohere_tui.store import load_session
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.help import HelpScreen
from cohere_tui.ui.widgets.activity_timer import ActivityTimer
from cohere_tui.ui.widgets.coverage_panel import CoveragePanel
from cohere_tui.ui.widgets.step_bar import StepBar

from .conftest import app_for, make_app, type_text, wait_until

SIZE = (80, 24)


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def coverage_text(app: object) -> str:
    panel = app.screen.query_one(CoveragePanel)  # type: ignore[attr-defined]
    return str(panel.render())


def prepare_keys(app: object) -> set[str]:
    return {
        f.key
        for f in app.document.session.findings  # type: ignore[attr-defined]
        if f.kind in (FindingKind.FEW_SECTORS, FindingKind.MISSING_VOICE) and not f.resolved
    }


async def open_form(pilot: object, *keys: str) -> None:
    """Press the keys that open a form, and wait until its first field has the focus."""
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, FormDialog)
            and app.focused is not None
            and (app.focused.id or "").startswith("field-")
        ),
    )


async def submit(pilot: object) -> None:
    """ctrl+s in a form, and wait until it has closed (its change made)."""
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, FormDialog))  # type: ignore[attr-defined]


async def choose(pilot: object, *labels: str) -> None:
    """In the focused checklist, tick the options with these labels (by keys)."""
    checklist = pilot.app.focused  # type: ignore[attr-defined]
    assert isinstance(checklist, SelectionList)
    wanted = set(labels)
    for index in range(checklist.option_count):
        prompt = str(checklist.get_option_at_index(index).prompt)
        if index or checklist.highlighted is None:
            await pilot.press("down")  # type: ignore[attr-defined]
        if prompt in wanted:
            await pilot.press("space")  # type: ignore[attr-defined]


async def test_0_opens_prepare_and_the_team_is_filled_by_keys(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0")
        await wait_until(pilot, lambda: app.screen.focused.id == "team-table")
        assert app.screen.query_one(StepBar).current == 0
        assert app.screen.focused.id == "team-table"
        assert "Give team roles or voices" in coverage_text(app)
        assert prepare_keys(app) == set()  # nothing described yet: nothing to find

        # Lee Park: facilitator (typed, completed by →), brings practitioners' voice
        await open_form(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        await pilot.press("tab")
        assert isinstance(app.focused, Input) and app.focused.id == "field-team_role"
        await type_text(pilot, "faci")
        await pilot.press("right")  # take the suggestion
        assert app.focused.value == "facilitator"
        await pilot.press("tab")
        await choose(pilot, "Practitioners")
        await submit(pilot)
        person = app.document.session.participants[0]
        assert person.team_role == "facilitator" and person.voices == [Voice.PRACTITIONERS]
        # the coverage and the prepare findings follow at once
        text = coverage_text(app)
        assert "✓ Practitioners" in text and "✗ Young people" in text and "MISSING" in text
        assert prepare_keys(app) == {
            "few_sectors",
            "missing_voice:young_people",
            "missing_voice:families",
        }
        assert "⚠" in text

        # a parent from public health: two sectors, and the family voice is at the table
        await open_form(pilot, "a")
        await type_text(pilot, "Ana Ruiz")
        await pilot.press("tab")
        await type_text(pilot, "member")
        await pilot.press("tab")
        await choose(pilot, "Families", "Young people")
        await pilot.press("tab")  # sector: (none), Education, Health
        await pilot.press("enter", "down", "down", "enter")
        await submit(pilot)
        assert prepare_keys(app) == set()
        text = coverage_text(app)
        assert "✓ Young people" in text and "✓ Families" in text and "No prepare finding" in text
        await pilot.press("ctrl+s")
    data = saved(small_session_path)
    assert data["schema_version"] == 2
    assert data["participants"][0]["team_role"] == "facilitator"
    assert data["participants"][0]["voices"] == ["practitioners"]
    ana = data["participants"][1]
    assert ana["name"] == "Ana Ruiz" and ana["team_role"] == "member"
    assert ana["sector"] == "health" and set(ana["voices"]) == {"families", "young_people"}
    load_session(small_session_path)


async def test_readiness_scope_and_meetings_by_keys_survive_save_reload_and_next_cycle(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0")
        await wait_until(pilot, lambda: app.screen.focused.id == "team-table")
        await pilot.press("tab")
        assert app.screen.focused.id == "readiness-table"
        # rate: 3 on leadership, 1 on trust (down twice); 0 only says the scale
        await pilot.press("3", "down", "down", "1")
        await wait_until(
            pilot, lambda: Condition.RELATIONAL_TRUST in app.document.session.readiness
        )
        readiness = app.document.session.readiness
        assert readiness[Condition.COLLABORATIVE_LEADERSHIP].rating == 3
        assert readiness[Condition.RELATIONAL_TRUST].rating == 1
        await pilot.press("0")
        assert app.screen.query_one(StepBar).current == 0
        hint = str(app.screen.query_one("#readiness-suggest", Static).render())
        assert "Trust (1 emerging)" in hint and "f makes an action" in hint
        # evidence and who rated it
        await open_form(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        await pilot.press("tab")
        await type_text(pilot, "Two departments still keep separate intakes")
        await pilot.press("tab")
        await type_text(pilot, "whole team")
        await submit(pilot)
        trust = app.document.session.readiness[Condition.RELATIONAL_TRUST]
        assert trust.evidence.startswith("Two departments") and trust.rated_by == "whole team"
        # the weakest condition becomes an action, linked to the condition
        await open_form(pilot, "f")
        assert isinstance(app.screen, FormDialog)
        await submit(pilot)
        action = app.document.session.actions[-1]
        assert action.conditions == [Condition.RELATIONAL_TRUST]
        assert action.title.startswith("Improve readiness: relational trust")
        hint = str(app.screen.query_one("#readiness-suggest", Static).render())
        assert f"→ {action.id}" in hint
        # clear a rating with backspace, undo brings it back
        await pilot.press("up", "up", "backspace")
        assert app.document.session.readiness.get(Condition.COLLABORATIVE_LEADERSHIP) is None
        await pilot.press("ctrl+z")
        assert app.document.session.readiness[Condition.COLLABORATIVE_LEADERSHIP].rating == 3

        # the scope: the question, then agencies in and out
        await pilot.press("escape")  # leave the readiness table
        assert app.screen.focused.id == "team-table"
        await pilot.press("tab", "tab")
        assert app.screen.focused.id == "scope-table"
        await open_form(pilot, "enter")
        await type_text(pilot, "How do we reach families earlier?")
        await submit(pilot)
        await open_form(pilot, "down", "enter")
        await type_text(pilot, "Schools")
        await pilot.press("enter")
        await type_text(pilot, "Public Health")
        await pilot.press("tab")
        await type_text(pilot, "Juvenile justice")
        await submit(pilot)
        scope = app.document.session.scope
        assert scope.question == "How do we reach families earlier?"
        assert scope.included.agencies == ["Schools", "Public Health"]
        assert scope.excluded.agencies == ["Juvenile justice"]

        # the first meeting, its agenda prefilled; the timer runs an item's minutes
        await pilot.press("tab")
        assert app.screen.focused.id == "meetings-table"
        await open_form(pilot, "a")
        await type_text(pilot, "2026-12-01")
        await pilot.press("tab")
        await type_text(pilot, "Launch")
        await pilot.press("tab")
        await type_text(pilot, "Start on time")
        await submit(pilot)
        (meeting,) = app.document.session.meetings
        assert meeting.date == dt.date(2026, 12, 1) and meeting.norms == ["Start on time"]
        assert [i.step for i in meeting.agenda] == [0, 0, 1, 2, 3, 4, 5]
        await pilot.press("tab")
        assert app.screen.focused.id == "agenda-table"
        await pilot.press("down", "t")
        timer = app.screen.query_one(ActivityTimer)
        await wait_until(pilot, lambda: timer.running)
        assert timer.running and timer.label == meeting.agenda[1].title
        assert 29 * 60 < timer.remaining <= 30 * 60
        await pilot.press("t")  # the same item again: pause
        assert not timer.running and timer.shown
        await pilot.press("T")
        # move the item down and add one of our own
        await pilot.press("shift+down")
        assert app.document.session.meetings[0].agenda[2].step == 0
        await open_form(pilot, "a")
        await type_text(pilot, "Close")
        await pilot.press("tab")
        await type_text(pilot, "5")
        await submit(pilot)
        assert app.document.session.meetings[0].agenda[3].title == "Close"
        await pilot.press("ctrl+s")
    reloaded = load_session(small_session_path).session
    assert reloaded.readiness[Condition.RELATIONAL_TRUST].rating == 1
    assert reloaded.readiness[Condition.COLLABORATIVE_LEADERSHIP].rating == 3
    assert reloaded.scope.included.agencies == ["Schools", "Public Health"]
    assert reloaded.meetings[0].agenda[3].minutes == 5
    # the next cycle carries the team, the scope and readiness (then beside now)
    nxt = load_session(write_next_cycle(small_session_path, dt.date(2027, 7, 1))).session
    assert nxt.scope == reloaded.scope and nxt.participants == reloaded.participants
    assert nxt.readiness[Condition.RELATIONAL_TRUST].previous == 1
    assert nxt.meetings == []


async def test_prepare_has_its_own_help_and_presenter_view(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0")
        await wait_until(pilot, lambda: app.screen.query_one(StepBar).current == 0)
        await pilot.press("f1")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, HelpScreen)
                and bool(app.screen.query(".help VerticalScroll Static"))
            ),
        )
        text = str(app.screen.query_one(".help VerticalScroll Static", Static).render())
        assert "Whose voices are missing" in text
        assert "1 — emerging" in text and "agenda item's minutes" in text
        await pilot.press("escape", "f5", "right_square_bracket")
        await wait_until(pilot, lambda: app.screen.has_class("-presenter"))
        step = str(app.screen.query_one("#presenter-step", Static).render())
        assert step.startswith("Before the cycle · Prepare")
        prompt = str(app.screen.query_one("#presenter-prompt", Static).render())
        assert "Question 1 of 7" in prompt


async def test_step_5_shows_readiness_then_against_now(demo: Path) -> None:
    nxt = write_next_cycle(demo, dt.date(2027, 7, 1))
    app = app_for(nxt)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("0")
        await wait_until(pilot, lambda: app.screen.focused.id == "team-table")
        await pilot.press("tab", "down", "down", "4")  # trust: 2 then, 4 now
        trust = Condition.RELATIONAL_TRUST
        await wait_until(pilot, lambda: app.document.session.readiness[trust].rating == 4)
        await pilot.press("escape", "5")
        await wait_until(
            pilot,
            lambda: (
                bool(app.screen.query("#reflect-readiness"))
                and app.screen.query_one("#reflect-readiness").border_title
                == "Readiness then → now"
            ),
        )
        panel = app.screen.query_one("#reflect-readiness", Static)
        text = str(panel.render())
        assert "Trust" in text and "2 → 4 ▲ up 2" in text and "= same" in text
        await pilot.press("ctrl+s")
    assert load_session(nxt).session.readiness[Condition.RELATIONAL_TRUST].previous == 2


async def test_0_in_the_rating_grid_still_rates(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await wait_until(pilot, lambda: app.screen.focused.id == "alignment-grid")
        await pilot.press("0")
        await wait_until(pilot, lambda: bool(app.document.history()))
        assert app.screen.query_one(StepBar).current == 3
        assert "Rated" in app.document.history()[-1][0]
