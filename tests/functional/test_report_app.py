"""The report and the history from the app, by keys: ctrl+r (and R for the public edition)
write the PDF in the background with a notice naming it; `h` on step 5 shows the cycles side
by side."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static

from cohere_tui.cycle import write_next_cycle
from cohere_tui.edits import SetText
from cohere_tui.models import ActionStatus, Domain
from cohere_tui.store import load_session, save_session
from cohere_tui.ui.dialogs.history import HistoryScreen
from cohere_tui.ui.screens.workspace import WorkspaceScreen

from .conftest import app_for, wait_until

SIZE = (100, 30)


def notices(app: object) -> str:
    return "\n".join(str(n.message) for n in app._notifications)  # type: ignore[attr-defined]


async def test_ctrl_r_writes_the_report_and_names_the_file(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        binding = screen.active_bindings["ctrl+r"].binding
        assert binding.description == "Report" and binding.tooltip  # so in the palette too
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        exports = demo.parent.parent / "exports"
        written = exports / "harmon-report-2026-11-23.pdf"
        assert written.read_bytes().startswith(b"%PDF")
        assert f"Report written: {written}" in notices(app)
        await pilot.press("R")  # the public edition, a file of its own
        await app.workers.wait_for_complete()
        await pilot.pause()
        public = exports / "harmon-report-2026-11-23-public.pdf"
        assert public.exists()
        assert "County counsel" in notices(app)  # the warning is shown too
        await pilot.press("ctrl+r")  # again: a new file, the first one is kept
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (exports / "harmon-report-2026-11-23-2.pdf").exists()


async def test_the_report_saves_unsaved_work_first(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        screen.document.apply(SetText("vision.statement", "A new vision, typed just now."))
        assert screen.document.dirty
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.document.dirty
    assert load_session(demo).session.vision.statement == "A new vision, typed just now."


def chain_of_three(demo: Path) -> Path:
    second = write_next_cycle(demo, dt.date(2026, 12, 1))
    loaded = load_session(second)
    for ini in loaded.session.initiatives:
        ini.domains[Domain.DATA_USE] = 3
    loaded.session.actions[0].status = ActionStatus.DONE
    save_session(loaded.session, second)
    return write_next_cycle(second, dt.date(2027, 3, 1))


async def test_h_on_step_5_shows_the_cycles_side_by_side(demo: Path) -> None:
    third = chain_of_three(demo)
    app = app_for(third)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("h")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, HistoryScreen) and getattr(app.screen, "ready", True),
        )
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = str(app.screen.query_one("#history-body", Static).render())
        assert "Cycle 1" in body and "Cycle 2" in body and "Cycle 3" in body
        assert "Data" in body and "3.0" in body  # data use rose to 3 in cycle 2
        assert "vs cycle 2" in body and "= same" in body  # and stayed there in cycle 3
        assert "done" in body and "Indicators on track" in body
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


async def test_h_on_a_first_cycle_says_there_is_no_history_yet(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = str(app.screen.query_one("#history-body", Static).render())
        assert "No earlier cycle yet" in body and "N (next cycle)" in body
