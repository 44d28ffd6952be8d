"""The wall the room reads, by keys on the demo: the grid's keys never surprise (digits rate,
ctrl+pageup/ctrl+pagedown change step, escape leaves), auto-move, quick status, names and
findings whole, the presenter view's payoff, 80×24, units and reasons, readings, check-ins
of the same day, the next cycle's starting prompt."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import DataTable, Static, TextArea

from cohere_tui.cycle import write_next_cycle
from cohere_tui.edits import ToggleDismissed
from cohere_tui.models import ActionStatus, Reflection
from cohere_tui.portfolio import decision_prefix
from cohere_tui.store import dumps_session, load_session, save_session
from cohere_tui.ui.dialogs.checkin import CheckInScreen
from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.dialogs.exercise import ExercisePicker, ExerciseScreen
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.history import HistoryScreen
from cohere_tui.ui.dialogs.indicator_trend import IndicatorReadingsScreen
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.ui.widgets.activity_timer import ActivityTimer
from cohere_tui.ui.widgets.alignment_grid import AlignmentGrid
from cohere_tui.ui.widgets.checklist import Checklist
from cohere_tui.ui.widgets.findings_table import FindingsTable
from cohere_tui.ui.widgets.item_table import ItemTable
from cohere_tui.ui.widgets.presenter_bar import PresenterBar

from .conftest import TODAY, app_for, type_text
from .test_live_keys import until


def workspace(app: Any) -> WorkspaceScreen:
    screen = app.screen
    assert isinstance(screen, WorkspaceScreen)
    return screen


def status_lines(app: Any) -> list[str]:
    """The status line's two lines as drawn (cut to the width, never wrapped)."""
    status = app.screen.query_one("#grid-status", Static)
    strips = status.render_lines(Region(0, 0, status.size.width, status.size.height))
    return [strip.text.strip() for strip in strips]


def grid_lines(grid: AlignmentGrid) -> list[str]:
    return [grid.render_line(y).text for y in range(grid.scrollable_content_region.height)]


def saved(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def on_grid(app: Any, pilot: Any) -> AlignmentGrid:
    await pilot.press("3")
    grid = app.screen.query_one(AlignmentGrid)
    await until(lambda: app.screen.focused is grid and grid.layout_ is not None)
    return grid


async def readings_of(app: Any, pilot: Any, indicator_id: str) -> ItemTable:
    """Step 5, then the trend and readings of one indicator; returns the indicators' table."""
    await pilot.press("5")
    table = app.screen.query_one("#indicator-table", ItemTable)
    await until(lambda: table.row_count == 5)
    table.move_cursor_to(indicator_id)
    await pilot.press("v")
    await until(lambda: isinstance(app.screen, IndicatorReadingsScreen))
    return table


# ----- 1. keys that never surprise --------------------------------------------------------


async def test_digits_in_the_grid_rate_and_never_change_step(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = workspace(app)
        grid = await on_grid(app, pilot)
        before = dumps_session(app.document.session)
        await pilot.press("4", "5", "9")  # the step-3 trap: nothing changes, it says why
        assert screen.current_step == 3 and app.screen.focused is grid
        assert dumps_session(app.document.session) == before
        assert "Ratings are 0–3" in status_lines(app)[1]
        # another step from the grid, by the keys that cannot change data
        await pilot.press("ctrl+pagedown")
        await until(lambda: screen.current_step == 4)
        await pilot.press("ctrl+pageup")
        await until(lambda: screen.current_step == 3 and app.screen.focused is grid)
        # escape leaves the grid for the next panel; there the digits change step again
        await pilot.press("escape")
        assert isinstance(app.screen.focused, FindingsTable)
        await pilot.press("1")
        await until(lambda: screen.current_step == 1)
        await pilot.press("ctrl+pageup")  # the first step stays
        assert screen.current_step == 1
        await pilot.press("ctrl+pagedown", "ctrl+pagedown")
        await until(lambda: screen.current_step == 3)
        assert dumps_session(app.document.session) == before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_rating_is_announced_with_before_after_and_undo(
    demo: Path, size: tuple[int, int]
) -> None:
    app = app_for(demo)
    async with app.run_test(size=size) as pilot:
        await on_grid(app, pilot)
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down", "end")
        await pilot.press("1")  # I9 × data use: a long name and column, the line is cut
        lines = status_lines(app)
        assert lines[0].startswith("I9 “Youth mental health first aid training” × the data")
        assert lines[1] == "Rated I9 × data use 0 → 1 · ctrl+z undoes"  # in sight, whole
        await pilot.press("backspace")
        assert status_lines(app)[1] == "Cleared I9 × data use (was 1) · ctrl+z undoes"
        await pilot.press("ctrl+z")
        assert app.document.session.initiative("I9").domains["data_use"] == 1  # type: ignore[union-attr]


# ----- 7. auto-move -----------------------------------------------------------------------


async def test_auto_move_rates_a_row_by_typing_its_digits(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await on_grid(app, pilot)
        assert not grid.auto_move and "AUTO-MOVE" not in str(grid.border_subtitle)
        await pilot.press("m")
        assert grid.auto_move and "AUTO-MOVE ON" in str(grid.border_subtitle)
        assert "Auto-move on" in status_lines(app)[1]
        await pilot.press("0", "1", "2", "3")
        i1 = app.document.session.initiative("I1")
        assert i1 is not None
        assert [i1.alignment.get(k) for k in ("vision", "G1", "G2", "G3")] == [0, 1, 2, 3]
        assert (grid.cursor_row, grid.cursor_column) == (0, 4)
        assert status_lines(app)[1] == "Rated I1 × G3 1 → 3 · ctrl+z undoes"  # kept on the move
        await pilot.press("end", "2")  # the row's last cell: on to the next initiative's first
        assert (grid.cursor_row, grid.cursor_column) == (1, 0)
        await pilot.press("m", "1")  # off: the cursor stays
        assert (grid.cursor_row, grid.cursor_column) == (1, 0)
        await pilot.press("ctrl+q")
    data = saved(demo)["initiatives"]
    assert data[0]["alignment"]["G3"] == 3 and data[0]["domains"]["data_use"] == 2
    assert data[1]["alignment"]["vision"] == 1


# ----- 12. the exercise -------------------------------------------------------------------


async def test_exercise_three_side_by_side_ticked_at_once_rated_by_digits(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_grid(app, pilot)
        await pilot.press("e")
        await until(lambda: isinstance(app.screen, ExercisePicker) and app.screen.ready)
        assert isinstance(app.screen.focused, Checklist)  # space ticks at once
        await pilot.press("down", "space", "down", "space", "ctrl+s")  # I1 (preset), I2, I3
        await until(lambda: isinstance(app.screen, ExerciseScreen))
        exercise = app.screen
        assert isinstance(exercise, ExerciseScreen)
        assert exercise.initiative_ids == ["I1", "I2", "I3"]
        table: DataTable[Any] = exercise.query_one(DataTable)
        await until(lambda: table.size.width > 0)
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert used <= table.scrollable_content_region.width  # the third is on screen
        assert exercise.auto_move  # on by default in the exercise
        await pilot.press("3", "2", "1")  # the vision row, by its digits
        session = app.document.session
        assert [session.initiative(i).alignment["vision"] for i in ("I1", "I2", "I3")] == [  # type: ignore[union-attr]
            3, 2, 1,
        ]  # fmt: skip
        assert tuple(table.cursor_coordinate) == (1, 1)  # on to G1's first initiative
        await pilot.press("ctrl+z")
        assert session.initiative("I3").alignment["vision"] == 2  # type: ignore[union-attr]


# ----- 6. quick status --------------------------------------------------------------------


async def test_quick_status_keys_on_the_action_plan_are_undoable(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("4")
        table = app.screen.query_one("#plan-table", ItemTable)
        await until(lambda: app.screen.focused is table and table.row_count > 0)
        action = app.document.session.action(table.current_id or "")
        assert action is not None and action.status is ActionStatus.IN_PROGRESS
        await pilot.press("C")
        assert action.status is ActionStatus.DONE
        await pilot.press("B")
        assert action.status is ActionStatus.BLOCKED
        await pilot.press("ctrl+z")
        assert action.status is ActionStatus.DONE
        await pilot.press("p")  # park still parks: the status keys clash with nothing
        await until(lambda: isinstance(app.screen, FormDialog))
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.press("ctrl+q")
    assert saved(demo)["actions"][0]["status"] == "done"


# ----- 8. names whole ---------------------------------------------------------------------


async def test_at_120_columns_names_and_findings_are_whole(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        grid = await on_grid(app, pilot)
        names = [  # (with the room's decision mark, as drawn)
            f"{ini.id} {decision_prefix(ini)}{ini.name}" for ini in app.document.session.initiatives
        ]
        # every row on screen (the grid takes the lines it needs), every name whole
        await until(lambda: all(any(n in line for line in grid_lines(grid)) for n in names))
        table = app.screen.query_one(FindingsTable)
        # the demo's open findings need more lines wrapped than the table has: cut, one each
        await until(lambda: table.row_count >= 12)
        assert not table.wrapping
        # with fewer open findings (the room dismissed some), they wrap whole
        for finding in [f for f in app.document.session.findings if not f.dismissed][6:]:
            app.document.apply(ToggleDismissed(finding.id))
        await until(lambda: table.wrapping)
        for finding in app.document.session.findings:
            if finding.dismissed:
                continue
            cell = table.get_cell(finding.id, "summary")
            assert str(cell).startswith(finding.summary) and not cell.no_wrap  # whole
            row = table.rows[next(k for k in table.rows if k.value == finding.id)]
            assert row.height == table.row_height(str(cell))  # as many lines as it takes
        assert any(row.height > 1 for row in table.rows.values())


async def test_goals_at_100_columns_wrap_whole_and_show_their_order(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#goals-table", ItemTable)
        await until(lambda: table.wrapping)
        assert all(
            str(table.get_cell(g.id, "title")) == g.title for g in app.document.session.goals
        )
        assert [str(table.get_row_at(n)[0]) for n in range(2)] == ["1.", "2."]
        await pilot.press("shift+down")  # G1 goes second: the order shows, the IDs stay
        await until(lambda: str(table.get_row_at(1)[1]) == "G1")
        assert [str(table.get_row_at(n)[0]) for n in range(2)] == ["1.", "2."]
        assert str(table.get_row_at(0)[1]) == "G2"


# ----- 9. the presenter view --------------------------------------------------------------


async def test_presenter_view_shows_each_steps_payoff(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = workspace(app)
        await pilot.press("f5")
        await until(lambda: screen.presenter)
        for wid in ("#vision-statement", "#theory-of-change", "#assumptions", "#goals-table"):
            assert screen.query_one(wid).display, wid
        toc = screen.query_one("#theory-of-change", TextArea)
        await until(lambda: toc.size.height >= toc.wrapped_document.height)  # whole
        await pilot.press("2")
        await until(lambda: screen.current_step == 2)
        detail = screen.query_one("#initiative-detail", Static)
        await until(lambda: detail.display and detail.size.height >= 6)
        await pilot.press("ctrl+pagedown", "ctrl+pagedown")
        await until(lambda: screen.current_step == 4)
        detail = screen.query_one("#action-detail", Static)
        assert detail.display and str(detail.render()).startswith("A1 · ")


async def test_notices_go_to_the_band_in_the_presenter_view(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = workspace(app)
        assert screen.notice_in_band("Saved") is False  # the normal view keeps its toasts
        await pilot.press("f5")
        await until(lambda: screen.presenter)
        bar = screen.query_one(PresenterBar)
        state = bar.query_one("#presenter-state", Static)
        assert screen.notice_in_band("Workbook written: exports/plan.xlsx", timeout=12)
        await until(lambda: "Workbook written: exports/plan.xlsx" in str(state.render()))
        assert bar.size.height == 3  # in the band's own line: nothing below moves
        screen.notice_in_band("Could not export", severity="error")
        await until(
            lambda: state.has_class("problem") and "✗ Could not export" in str(state.render())
        )
        bar.clear_notice()
        await until(lambda: "f5 normal view" in str(state.render()))


async def test_time_up_is_said_plainly_and_large_in_both_views(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = workspace(app)
        banner = screen.query_one("#time-up", Static)
        assert not banner.display
        timer = screen.query_one(ActivityTimer)
        timer.start(1)
        timer.remaining = 0.01
        await until(lambda: timer.finished and banner.display)
        text = str(banner.render())
        assert "▀█▀" in text and "t starts it again" in text  # block letters, and what to do
        await pilot.press("f5")
        await until(lambda: screen.presenter)
        assert banner.display
        await pilot.press("T")  # stop and hide the timer: the banner goes
        await until(lambda: not banner.display)


# ----- 13. 80×24 --------------------------------------------------------------------------


async def test_at_80x24_the_grid_needs_no_sideways_scrolling(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await on_grid(app, pilot)
        header = grid_lines(grid)[0]
        for word in ("Initiative", "Vis", "G5", "Goal", "Data", "Mean"):
            assert word in header, word
        await pilot.press("end")  # the last column: nothing scrolls sideways
        assert grid.scroll_offset.x == 0
        assert grid.layout_ is not None and grid.layout_.total_width <= grid.size.width
        shown = [line for line in grid_lines(grid)[2:] if line.strip()]
        assert len(shown) >= 6  # the first screen's initiatives, each with its row mean
        assert all(line.rstrip()[-3:].replace(".", "").isdigit() for line in shown)


# ----- 14. details ------------------------------------------------------------------------


async def test_indicators_with_units_and_reasons(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await readings_of(app, pilot, "M3")
        assert str(table.get_cell("M4", "baseline")) == "31 days"  # a space, never cut
        assert str(table.get_cell("M3", "status")) == "▼ behind line"
        assert "straight line" in str(table.border_subtitle)
        chart = str(app.screen.query_one("#trend-text", Static).render())
        assert "Behind the straight line to target" in chart
        assert "expected by today" in chart and "E ┆" in chart


async def test_one_initiative_is_said_in_the_singular(
    small_session_path: Path, sessions_dir: Path
) -> None:
    from .conftest import make_app

    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = app.screen.query_one("#inventory-table", ItemTable)
        await until(lambda: table.row_count == 1)
        assert str(table.border_title).startswith("Inventory · 1 initiative · ")


# ----- 16. readings -----------------------------------------------------------------------


async def test_readings_added_on_a_past_date_corrected_and_deleted(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await readings_of(app, pilot, "M5")
        readings = app.screen.query_one("#readings-table", ItemTable)
        m5 = app.document.session.indicator("M5")
        assert m5 is not None
        count = len(m5.readings)
        await pilot.press("a")
        await until(lambda: isinstance(app.screen, FormDialog) and app.screen.ready)
        await pilot.press("ctrl+a")
        await type_text(pilot, "2026-02-01")
        await pilot.press("tab")
        await type_text(pilot, "38")
        await pilot.press("ctrl+s")
        await until(lambda: isinstance(app.screen, IndicatorReadingsScreen))
        assert len(m5.readings) == count + 1
        added = next(n for n, r in enumerate(m5.readings) if r.date == dt.date(2026, 2, 1))
        assert m5.readings[added].value == 38
        readings.move_cursor_to(str(added))
        await pilot.press("enter")  # correct it
        await until(lambda: isinstance(app.screen, FormDialog) and app.screen.ready)
        await pilot.press("tab", "ctrl+a")
        await type_text(pilot, "39")
        await pilot.press("ctrl+s")
        await until(lambda: m5.readings[added].value == 39)
        await pilot.press("d")
        await until(lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(lambda: len(m5.readings) == count)
        await pilot.press("ctrl+z")  # undo inside the dialog: it comes back
        await until(lambda: len(m5.readings) == count + 1)
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.press("ctrl+q")
    m5_saved = next(m for m in saved(demo)["indicators"] if m["id"] == "M5")
    assert {"date": dt.date(2026, 2, 1), "value": 39.0} in [
        {k: r[k] for k in ("date", "value")} for r in m5_saved["readings"]
    ]
    load_session(demo)


async def test_a_second_check_in_the_same_day_adds_its_reading(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        for value in ("60", "61"):
            await pilot.press("c")
            await until(lambda: isinstance(app.screen, CheckInScreen))
            checkin = app.screen
            assert isinstance(checkin, CheckInScreen)
            checkin.index = len(checkin.actions)  # straight to the first indicator (M1)
            checkin.show()
            await type_text(pilot, value)
            await pilot.press("enter")
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, WorkspaceScreen))
        m1 = app.document.session.indicator("M1")
        assert m1 is not None
        assert [r.value for r in m1.readings if r.date == TODAY] == [60, 61]
        await pilot.press("c")
        await until(lambda: isinstance(app.screen, CheckInScreen))
        assert "(adds to today's)" in str(app.screen.query_one("#checkin-title").render())


# ----- 17. the next cycle -----------------------------------------------------------------


async def test_the_next_cycle_starts_from_what_the_last_one_said(demo: Path) -> None:
    session = load_session(demo).session
    session.reflection = Reflection(change="Fewer slides, more time on the grid.",
                                    next_focus="One intake form at every door.")  # fmt: skip
    save_session(session, demo)
    cycle_2 = write_next_cycle(demo, TODAY)
    app = app_for(cycle_2)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one("#carried-reflection", Static)
        await until(lambda: panel.display and panel.size.height > 0)
        text = str(panel.render())
        assert "To change: Fewer slides, more time on the grid." in text
        assert "Next focus: One intake form at every door." in text
        assert panel.border_title == "Cycle 1 said"
        await pilot.press("5")
        assert app.document.session.reflection == Reflection()  # the new cycle's own, empty
        await pilot.press("h")  # and in the history across cycles
        await until(lambda: isinstance(app.screen, HistoryScreen) and app.screen.chain is not None)
        body = app.screen.query_one("#history-reflections", Static)
        drawn = body.render_lines(Region(0, 0, body.size.width, body.size.height))
        text = " ".join(strip.text.strip() for strip in drawn)
        assert "What each cycle's reflection said" in text and "Fewer slides" in text


async def test_n_on_step_5_writes_the_next_cycle_and_opens_it(demo: Path) -> None:
    """`N` asks, writes cycle 2 beside the session and offers to open it (the step posts a
    message the workspace handles by name, so the step's module loads only when shown)."""
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await pilot.press("N")
        await until(lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(lambda: getattr(app.screen, "question", "") == "Open cycle 2 now?")
        await pilot.press("y")
        await until(lambda: app.document.session.cycle == 2)
        assert app.document.path.parent == demo.parent and app.document.path != demo
        assert load_session(demo).session.cycle == 1  # the first cycle's file is left as it is


async def test_a_new_session_grid_says_what_to_do_and_relations_ask_for_two(
    tmp_path: Path,
) -> None:
    """An empty session: the grid says where initiatives come from; `r` then `a` warns
    instead of opening a choice of nothing (which stopped the app)."""
    from cohere_tui.document import SessionDocument
    from cohere_tui.store import new_session
    from cohere_tui.ui.app import CohereApp
    from cohere_tui.ui.dialogs.relations import RelationsScreen

    path = tmp_path / "test.toml"
    document = SessionDocument.create(new_session("Test"), path)
    app = CohereApp(sessions_dir=tmp_path, exports_dir=tmp_path / "exports", document=document)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        grid = await on_grid(app, pilot)
        assert "No initiatives yet: add them in step 2" in grid_lines(grid)[2]
        await pilot.press("r")
        await until(lambda: isinstance(app.screen, RelationsScreen))
        await pilot.press("a")
        await until(lambda: any("two initiatives" in n.message for n in app._notifications))
        assert isinstance(app.screen, RelationsScreen) and app.is_running


async def test_the_indicator_names_take_the_room_the_trend_gives_up_at_80_columns(
    demo: Path,
) -> None:
    """At 80 columns step 5 narrows its trend column; the names take that room at once,
    whichever of the step and its table hears of the resize first (when the table fitted
    its names while the trend was still wide, they stayed four columns short: the snapshot
    at 80×24 differed now and then)."""
    from textual.widgets._data_table import ColumnKey

    from cohere_tui.ui.steps.monitor import TREND_WIDTH, MonitorStep

    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        step = app.screen.query_one(MonitorStep)
        table = app.screen.query_one("#indicator-table", ItemTable)
        names, trend = table.columns[ColumnKey("name")], table.columns[ColumnKey("trend")]
        fitted = names.width
        trend.width = TREND_WIDTH  # the order that lost: the table fits first, trend wide
        table.fit_stretch_column()
        assert names.width < fitted
        step.on_resize()  # then the step hears of the resize and narrows the trend
        await pilot.pause()
        assert trend.width < TREND_WIDTH and names.width == fitted
