"""Snapshots of the main screens on the demo session, with today's date fixed.

Prepare and every step in the normal and the presenter view at 80×24 (the smallest supported
size) and 120×40, step 3 at 100×30 too; the other themes, the help, a form, the picker and
the too-small message at 80×24; the system alignment exercise at 100×30 (three initiatives
side by side), an indicator's trend and readings, the end of an activity's time, and
Prepare's readiness after the room voted (120×40).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from importlib import resources
from pathlib import Path

import pytest

from cohere_tui.document import SessionDocument
from cohere_tui.ui.app import CohereApp

TODAY = dt.date(2026, 11, 23)
SIZE = (80, 24)
MIDDLE = (100, 30)
LARGE = (120, 40)


@pytest.fixture
def demo_app(tmp_path: Path) -> CohereApp:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / "demo.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    return CohereApp(
        sessions_dir=folder,
        exports_dir=tmp_path / "exports",
        document=SessionDocument.open(path),
        today=lambda: TODAY,
    )


@pytest.mark.parametrize("size", [SIZE, LARGE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("step", [0, 1, 2, 3, 4, 5])
def test_step(snap_compare, demo_app: CohereApp, step: int, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, press=[str(step)], terminal_size=size)


@pytest.mark.parametrize("size", [SIZE, LARGE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("step", [0, 1, 2, 3, 4, 5])
def test_presenter(snap_compare, demo_app: CohereApp, step: int, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, press=[str(step), "f5"], terminal_size=size)


@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
def test_step_3_at_100x30(snap_compare, demo_app: CohereApp, presenter: bool) -> None:
    assert snap_compare(demo_app, press=["3", *(["f5"] if presenter else [])], terminal_size=MIDDLE)


def test_exercise(snap_compare, demo_app: CohereApp) -> None:
    """I1 ticked from the grid, then I2 and I3: three side by side at 100×30."""
    assert snap_compare(
        demo_app,
        press=["3", "e", "down", "space", "down", "space", "ctrl+s"],
        terminal_size=MIDDLE,
    )


def test_indicator_readings(snap_compare, demo_app: CohereApp) -> None:
    """M3, behind the straight line to target: the chart, the reason and the readings."""
    assert snap_compare(demo_app, press=["5", "down", "down", "v"], terminal_size=SIZE)


def test_time_up(snap_compare, demo_app: CohereApp) -> None:
    async def time_up(pilot) -> None:  # type: ignore[no-untyped-def]
        from cohere_tui.ui.widgets.activity_timer import ActivityTimer

        timer = pilot.app.screen.query_one(ActivityTimer)
        timer.shown = True
        timer.finished = True
        await pilot.pause()

    assert snap_compare(demo_app, press=["3"], run_before=time_up, terminal_size=SIZE)


def test_presenter_with_question_and_timer(snap_compare, demo_app: CohereApp) -> None:
    async def paused_timer(pilot) -> None:  # type: ignore[no-untyped-def]
        from cohere_tui.ui.widgets.activity_timer import ActivityTimer

        timer = pilot.app.screen.query_one(ActivityTimer)
        timer.remaining = 7 * 60 + 30
        timer.shown = True
        await pilot.pause()

    assert snap_compare(
        demo_app,
        press=["3", "f5", "right_square_bracket", "right_square_bracket"],
        run_before=paused_timer,
        terminal_size=SIZE,
    )


@pytest.mark.parametrize("theme", ["cohere-light", "cohere-high-contrast"])
def test_theme(snap_compare, demo_app: CohereApp, theme: str) -> None:
    demo_app.theme = theme
    assert snap_compare(demo_app, press=["3"], terminal_size=SIZE)


def test_too_small(snap_compare, demo_app: CohereApp) -> None:
    assert snap_compare(demo_app, terminal_size=(72, 20))


def test_help(snap_compare, demo_app: CohereApp) -> None:
    assert snap_compare(demo_app, press=["3", "f1"], terminal_size=SIZE)


def test_initiative_form(snap_compare, demo_app: CohereApp) -> None:
    assert snap_compare(demo_app, press=["2", "enter"], terminal_size=SIZE)


def test_picker(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("sessions")
    folder.mkdir()
    demo = folder / "harmon-county.toml"
    shutil.copyfile(str(resources.files("cohere_tui") / "data" / "demo.toml"), demo)
    broken = folder / "broken.toml"
    broken.write_text('title = "no schema"\n', encoding="utf-8")
    stamp = dt.datetime(2026, 11, 20, 9, 30).timestamp()
    os.utime(demo, (stamp, stamp))
    os.utime(broken, (stamp - 60, stamp - 60))
    app = CohereApp(sessions_dir=folder, exports_dir=Path("exports"), today=lambda: TODAY)
    assert snap_compare(app, terminal_size=SIZE)


def test_readiness_votes(snap_compare, demo_app: CohereApp) -> None:
    """Prepare after five typed voices on relational trust: ``3~`` in the table, the
    distribution under it."""
    votes = ["4", "space", "3", "space", "3", "space", "2", "space", "1"]
    assert snap_compare(
        demo_app,
        press=["0", "tab", "down", "down", "v", *votes, "enter", "down", "up"],
        terminal_size=LARGE,
    )
