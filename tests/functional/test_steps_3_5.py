"""Pilot tests of steps 3–5 and the workbook on the demo, by keys, checked in the saved file."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from cohere_tui.models import ActionStatus
from cohere_tui.ui.dialogs.checkin import CheckInScreen
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.widgets.alignment_grid import AlignmentGrid

from .conftest import TODAY, app_for, type_text, wait_until

SIZE = (100, 30)


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_rating_changes_findings_and_becomes_an_action(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        grid = app.screen.query_one(AlignmentGrid)
        assert app.screen.focused is grid
        session = app.document.session
        assert any(f.key == "unserved_goal:G3" for f in session.findings)
        # cursor starts on I1 × vision; move to G3 (vision, G1, G2, G3) and rate it strong
        await pilot.press("right", "right", "right")
        assert grid.current()[1] == "G3"  # type: ignore[index]
        await pilot.press("3")
        assert session.initiative("I1").alignment["G3"] == 3  # type: ignore[union-attr]
        # the goal is served now; action A4 answers F1, so F1 stays, marked resolved
        f1 = session.finding("F1")
        assert f1 is not None and f1.key == "unserved_goal:G3" and f1.resolved
        # clear it again: the finding holds again
        await pilot.press("backspace")
        assert "G3" not in session.initiative("I1").alignment  # type: ignore[union-attr]
        unserved = [f for f in session.findings if f.key == "unserved_goal:G3"]
        assert len(unserved) == 1 and not unserved[0].resolved
        # rate I4 against the vision 0: its weak-vision finding follows at once
        await pilot.press("down", "down", "down", "left", "left", "left", "0")
        weak = next(f for f in session.findings if f.key == "weak_vision:I4")
        assert "rated 0" in weak.summary
        # turn that finding into an action from the findings list
        await pilot.press("tab")
        table = app.screen.query_one("#findings-table")
        assert app.screen.focused is table
        table.move_cursor_to(weak.id)
        await pilot.press("f")
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        new = session.actions[-1]
        assert new.findings == [weak.id] and new.initiatives == ["I4"]
        await pilot.press("ctrl+q")
    data = saved(demo)
    assert data["initiatives"][3]["alignment"]["vision"] == 0
    assert data["actions"][-1]["findings"] == [weak.id]
    assert any(f["key"] == "weak_vision:I4" and "rated 0" in f["summary"] for f in data["findings"])


async def test_dismissed_finding_stays_dismissed_after_reload(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "tab")
        table = app.screen.query_one("#findings-table")
        table.move_cursor_to("F5")
        await pilot.press("x", "ctrl+q")
    assert next(f for f in saved(demo)["findings"] if f["id"] == "F5")["dismissed"] is True
    again = app_for(demo)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        assert again.document.session.finding("F5").dismissed  # type: ignore[union-attr]
        assert not again.document.dirty


async def test_full_checkin_by_keys(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "c")
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        open_count = len(screen.actions)
        assert [a.id for a in screen.actions][:2] == ["A9", "A3"]  # blocked first, by due
        await pilot.press("p")  # A9 unblocked: in progress
        await pilot.press("u")
        await type_text(pilot, "Translation approved")
        await pilot.press("enter")
        await pilot.press("c")  # A3 done
        for _ in range(open_count - 1):  # status keys do not move on; → does
            await pilot.press("right")
        # indicators: record M1, skip the rest
        await type_text(pilot, "58.5")
        await pilot.press("enter")
        for _ in range(len(screen.indicators) - 1):
            await pilot.press("enter")
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    data = saved(demo)
    checkin = next(c for c in data["checkins"] if c["date"] == TODAY)
    by_action = {u["action"]: u for u in checkin["updates"]}
    assert by_action["A9"] == {
        "action": "A9",
        "status": "in_progress",
        "update": "Translation approved",
    }
    assert by_action["A3"]["status"] == "done"
    a9 = next(a for a in data["actions"] if a["id"] == "A9")
    assert a9["status"] == "in_progress" and a9["latest_update"] == "Translation approved"
    m1 = next(m for m in data["indicators"] if m["id"] == "M1")
    assert m1["readings"][-1] == {"date": TODAY, "value": 58.5, "note": ""}


async def test_plan_grouping_and_owner_round(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        table = app.screen.query_one("#plan-table")
        assert table.row_count == 16
        await pilot.press("g")  # by due date: group rows appear
        labels = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert any(label.startswith("▸ Overdue") for label in labels)
        await pilot.press("g", "g", "g", "g", "g")  # back to no grouping
        await pilot.press("o")
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-owner").value = "Sam Liu"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table.row_count == 2
        # add an action for this owner with a friendly due date
        await pilot.press("a")
        await type_text(pilot, "Publish data dictionary")
        due = app.screen.query_one("#field-due")
        due.value = "+2w"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    added = saved(demo)["actions"][-1]
    assert added["title"] == "Publish data dictionary"
    assert added["owner"] == "Sam Liu"
    assert added["due"] == TODAY + dt.timedelta(weeks=2)
    assert added["status"] == ActionStatus.NOT_STARTED.value


async def test_export_from_the_app(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, FormDialog)  # the whole plan is offered first
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    exports = demo.parent.parent / "exports"
    assert [p.name for p in exports.iterdir()] == ["harmon-action-plan-2026-11-23.xlsx"]


async def test_timer_counts_down_and_pauses(demo: Path) -> None:
    from cohere_tui.ui.widgets.activity_timer import ActivityTimer

    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        timer = app.screen.query_one(ActivityTimer)
        assert timer.running and timer.display
        await wait_until(pilot, lambda: timer.remaining < 600)
        await pilot.press("t")
        assert not timer.running
        await pilot.press("T")
        assert not timer.display


async def test_parking_lot_and_decisions_from_any_step(demo: Path) -> None:
    from cohere_tui.ui.dialogs.room_log import RoomLogScreen

    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "p")
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "Ask about summer meals")
        await pilot.press("ctrl+s")
        await pilot.press("4", "D")
        await type_text(pilot, "Sam owns the data agreement")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("L")
        assert isinstance(app.screen, RoomLogScreen)
        table = app.screen.query_one("#parking-table")
        table.move_cursor_to("P3")
        await pilot.press("f")  # the parked item becomes a finding, and is dealt with
        await pilot.press("escape", "ctrl+q")
    data = saved(demo)
    p3 = next(p for p in data["parking_lot"] if p["id"] == "P3")
    assert p3["text"] == "Ask about summer meals" and p3["step"] == 2 and p3["done"] is True
    assert p3["added"] == TODAY
    d4 = next(d for d in data["decisions"] if d["id"] == "D4")
    assert d4 == {"id": "D4", "date": TODAY, "text": "Sam owns the data agreement", "step": 4}
    assert any(f["summary"] == "Ask about summer meals" for f in data["findings"])
