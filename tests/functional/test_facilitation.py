"""Pilot tests of the facilitation aids: presenter view, questions on the wall, themes, size."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Digits, Static

from cohere_tui.guide import step
from cohere_tui.settings import load_settings, settings_path
from cohere_tui.ui.app import CohereApp
from cohere_tui.ui.screens.too_small import TooSmallScreen
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.ui.widgets.item_table import ItemTable
from cohere_tui.ui.widgets.key_footer import KeyFooter
from cohere_tui.ui.widgets.presenter_bar import PresenterBar
from cohere_tui.ui.widgets.session_header import SessionHeader

from .conftest import make_app, type_text, wait_until


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_f5_shows_the_work_for_the_wall_and_back(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        bar = screen.query_one(PresenterBar)
        assert not bar.display
        await pilot.press("f5")
        await pilot.pause()
        assert screen.has_class("-presenter")
        assert bar.display
        assert not screen.query_one(SessionHeader).display
        assert not screen.query_one(KeyFooter).display
        # step 1's work stays whole on the wall: the three texts and the goals
        for wid in ("#vision-statement", "#theory-of-change", "#assumptions", "#goals-table"):
            assert screen.query_one(wid).display
        assert text_of(bar.query_one("#presenter-step", Static)) == "Step 1 of 5 · Shared vision"
        await pilot.press("3")
        await pilot.pause()
        assert "Step 3 of 5" in text_of(bar.query_one("#presenter-step", Static))
        # the payoff beside the grid: the findings and the coherence summary
        assert screen.query_one("#alignment-grid").display
        for part in ("#analysis-lower", "#findings-table", "#coherence"):
            widget = screen.query_one(part)
            assert widget.display and widget.size.height >= 8, part
        # the next step from the grid (a digit would rate); first shown in presenter view,
        # it wraps long text too
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert screen.query_one("#plan-table", ItemTable).wrap
        await pilot.press("f5")
        await pilot.pause()
        assert not screen.has_class("-presenter")
        assert screen.query_one(SessionHeader).display
        assert not screen.query_one("#plan-table", ItemTable).wrap
        await pilot.press("3")
        await pilot.pause()
        assert screen.query_one("#analysis-lower").display


async def test_reflection_questions_go_on_the_wall_one_at_a_time(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(PresenterBar)
        prompt = bar.query_one("#presenter-prompt", Static)
        await pilot.press("right_square_bracket")  # not in the normal view
        assert bar.question == 0
        await pilot.press("f5", "right_square_bracket")
        await pilot.pause()
        questions = step(1).questions
        assert prompt.display
        assert text_of(prompt) == f"Question 1 of {len(questions)}: {questions[0]}"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert text_of(prompt).startswith(f"Question 2 of {len(questions)}: {questions[1]}")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert not prompt.display  # before the first: no question
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert text_of(prompt).startswith(f"Question {len(questions)} of")
        await pilot.press("2")
        await pilot.pause()
        assert bar.question == 0 and not prompt.display  # a new step starts without one


async def test_the_timer_is_large_in_presenter_view(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        digits = app.screen.query_one("#presenter-clock", Digits)
        assert not digits.display
        await pilot.press("t")
        await type_text(pilot, "5")
        await pilot.press("enter")  # a one-field form applies on enter
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert digits.display
        assert digits.value in ("05:00", "04:59")
        word = app.screen.query_one("#presenter-timer-word", Static)
        assert "time" in text_of(word)
        await pilot.press("t")  # pause
        await pilot.pause()
        assert "paused" in text_of(word)
        await pilot.press("T")
        await pilot.pause()
        assert not digits.display
    # the next meeting offers the same length
    assert load_settings().settings.timer_minutes == 5


async def test_a_saving_problem_shows_in_presenter_view(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        await pilot.press("f5")
        screen.update_header(problem="disk full")
        await pilot.pause()
        state = screen.query_one("#presenter-state", Static)
        assert text_of(state) == "⚠ NOT SAVED: disk full"


async def test_theme_chosen_in_the_palette_is_remembered(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    assert app.theme == "cohere-dark"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "theme: high contrast")
        from textual.command import CommandPalette

        await wait_until(
            pilot, lambda: isinstance(app.screen, CommandPalette) and app.screen._list_visible
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "cohere-high-contrast"
    saved = tomllib.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["theme"] == "cohere-high-contrast"
    again = make_app(small_session_path, sessions_dir)
    assert again.theme == "cohere-high-contrast"
    # only the three themes of the app are offered
    assert set(again.available_themes) == {
        "cohere-dark",
        "cohere-light",
        "cohere-high-contrast",
    }


@pytest.mark.parametrize("theme", ["cohere-light", "cohere-high-contrast"])
async def test_a_remembered_theme_is_there_from_the_first_paint_without_a_second_parse(
    small_session_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """The remembered theme is set before the stylesheet is first read: the first paint is
    already in it, and Textual does not parse every stylesheet again just after start."""
    from textual.css.stylesheet import Stylesheet

    from cohere_tui.ui.themes import THEMES

    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(f'theme = "{theme}"\n', encoding="utf-8")
    reparsed: list[object] = []
    original = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append(self)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        expected = THEMES[theme]  # type: ignore[index]
        assert app.current_theme.name == theme
        assert app.has_class(f"-theme-{theme}")
        assert app.has_class("-dark-mode") is expected.dark
        assert app.has_class("-light-mode") is not expected.dark
        assert app.screen.styles.background.hex.lower() == expected.background.lower()
        assert reparsed == []
        # a theme chosen later still restyles everything
        app.theme = "cohere-dark"
        await pilot.pause()
        assert app.screen.styles.background.hex.lower() == THEMES["cohere-dark"].background
        assert app.has_class("-theme-cohere-dark") and not app.has_class(f"-theme-{theme}")


async def test_a_broken_settings_file_falls_back_and_says_so(
    small_session_path: Path, sessions_dir: Path
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "purple"\ntimer_minutes = 7\n', encoding="utf-8")
    app = make_app(small_session_path, sessions_dir)
    assert app.theme == "cohere-dark"
    assert app.settings.timer_minutes == 7
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("theme" in m and str(path) in m for m in messages)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one("#field-minutes").value == "7"  # type: ignore[attr-defined]
    assert load_settings().settings.timer_minutes == 7


@pytest.mark.parametrize("size", [(79, 24), (80, 23), (60, 16)])
async def test_too_small_a_terminal_asks_for_room_and_keeps_the_session(
    small_session_path: Path, sessions_dir: Path, size: tuple[int, int]
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=size) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, TooSmallScreen) and getattr(app.screen, "ready", True),
        )
        message = text_of(app.screen.query_one("#too-small-message", Static))
        assert "Enlarge the terminal to at least 80×24" in message
        assert f"It is {size[0]}×{size[1]} now" in message
        await pilot.press("2")  # keys do not reach the hidden workspace
        await pilot.resize_terminal(80, 24)
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        assert app.screen.current_step == 1


async def test_ctrl_q_saves_and_quits_from_the_too_small_screen(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await type_text(pilot, "Ask about summer meals")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, TooSmallScreen) and getattr(app.screen, "ready", True),
        )
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    saved = tomllib.loads(small_session_path.read_text(encoding="utf-8"))
    assert [item["text"] for item in saved["parking_lot"]] == ["Ask about summer meals"]


def test_every_binding_has_a_description_and_an_id() -> None:
    for binding in WorkspaceScreen.BINDINGS:
        assert not isinstance(binding, tuple)
        assert binding.description, binding
        assert binding.id, binding
    assert CohereApp.BINDINGS
