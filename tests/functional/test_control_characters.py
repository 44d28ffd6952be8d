"""Pilot tests: pasted text holding control characters (which a terminal would act on) never
reaches the session: a form reports the field, a text box drops them and says so."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from cohere_tui.ui.dialogs.checkin import CheckInScreen
from cohere_tui.ui.dialogs.form import FormDialog

from .conftest import make_app, type_text

SIZE = (100, 30)


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def paste(pilot: Pilot[None], text: str) -> None:
    """Paste as a terminal does: the app hands the text to the focused widget."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_pasted_escape_in_a_goal_title_is_a_field_error(
    small_session_path: Path, sessions_dir: Path
) -> None:
    before = small_session_path.read_bytes()
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.focused.id == "goals-table"
        await pilot.press("a")
        assert isinstance(app.screen, FormDialog)
        title = app.screen.query_one("#field-title", Input)
        assert app.screen.focused is title
        await paste(pilot, "Read \x1b[2J well")
        assert "\x1b" in title.value  # the input took it as pasted
        await pilot.press("ctrl+s")
        await pilot.pause()
        # the form stays open and names the field and the character
        assert isinstance(app.screen, FormDialog)
        error = str(app.screen.query_one("#error-title", Static).render())
        assert "Goal holds the control character U+001B (escape)" in error
        assert "remove it" in error
        assert [g.id for g in app.document.session.goals] == ["G1", "G2"]
        assert small_session_path.read_bytes() == before
        # corrected, it saves
        title.value = ""
        await type_text(pilot, "Read well")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
    data = saved(small_session_path)
    assert [g["title"] for g in data["goals"]][-1] == "Read well"
    assert "\x1b" not in small_session_path.read_text(encoding="utf-8")


async def test_control_characters_pasted_into_the_vision_are_removed_with_a_notice(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        area = app.screen.focused
        assert isinstance(area, TextArea) and area.id == "vision-statement"
        await type_text(pilot, "Every")
        await paste(pilot, " family\x07 thrives\x9b2J\ttogether\nand grows")
        await pilot.pause()
        assert area.text == "Every family thrives2J\ttogether\nand grows"
        assert app.document.session.vision.statement == area.text
        notices = [n.message for n in app._notifications]
        assert any("Removed the control character U+0007 (bell)" in n for n in notices), notices
        await type_text(pilot, "!")  # the cursor stayed at the end of the paste
        assert area.text.endswith("and grows!")
        await pilot.press("escape")
        await pilot.press("ctrl+s")
    statement = saved(small_session_path)["vision"]["statement"]
    assert statement == "Every family thrives2J\ttogether\nand grows!"


async def test_a_pasted_escape_in_a_checkin_update_is_refused_and_can_be_retyped(
    sessions_dir: Path,
) -> None:
    path = sessions_dir / "harmon.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    app = make_app(path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "c")
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        first = screen.actions[0]
        await pilot.press("u")
        box = screen.query_one("#checkin-input", Input)
        assert app.focused is box
        await paste(pilot, "Approved\x1b]0;pwned\x07")
        await pilot.press("enter")
        await pilot.pause()
        # refused: still on the same action, the input still open, nothing recorded
        assert app.screen is screen and screen.index == 0 and app.focused is box
        assert not any(u.action == first.id for u in screen.checkin.updates)
        notices = [n.message for n in app._notifications]
        assert any("holds the control character U+001B (escape)" in n for n in notices)
        box.value = ""
        await type_text(pilot, "Approved")
        await pilot.press("enter")
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    checkin = saved(path)["checkins"][-1]
    assert {"action": first.id, "status": first.status.value, "update": "Approved"} in checkin[
        "updates"
    ]
