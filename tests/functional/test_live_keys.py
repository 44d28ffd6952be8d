"""Keys a facilitator can trust: type-ahead lands in the dialog asked for, forms keep what is
there, escape never throws typing away silently, dropdowns jump by letter."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from textual import events
from textual.widgets import Input, Select, TextArea

from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.dialogs.form import FormDialog

from .conftest import app_for, type_text

SIZE = (100, 30)


async def until(condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for a condition (real time: the app runs on meanwhile)."""
    start = time.monotonic()
    while True:
        try:
            if condition():
                return
        except Exception:  # e.g. the dialog not drawn yet
            pass
        if time.monotonic() - start > seconds:
            raise AssertionError("the app never got there")
        await asyncio.sleep(0.01)


def opened(app) -> bool:  # type: ignore[no-untyped-def]
    """A form is up and ready for keys."""
    return isinstance(app.screen, FormDialog) and app.screen.ready


def burst(app, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keys arriving at once, as from a fast typist (no waiting between them)."""
    for char in text:
        app.post_message(events.Key("space" if char == " " else char, char))


async def test_a_then_typing_at_once_types_into_the_new_form(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        count = len(app.document.session.initiatives)  # type: ignore[union-attr]
        burst(app, "adx")  # `d` would ask to delete I1 if it reached the table
        await until(lambda: opened(app))
        name = app.screen.query_one("#field-name", Input)
        await until(lambda: name.value == "dx")
        assert not any(isinstance(s, ConfirmDialog) for s in app.screen_stack)
        burst(app, " Centers")
        await until(lambda: name.value == "dx Centers")
        await pilot.press("ctrl+s")
        await until(lambda: not isinstance(app.screen, FormDialog))
        assert len(app.document.session.initiatives) == count + 1  # type: ignore[union-attr]
        assert app.document.session.initiatives[-1].name == "dx Centers"  # type: ignore[union-attr]


async def test_d_then_y_at_once_answers_the_question_it_asked(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        session = app.document.session  # type: ignore[union-attr]
        first = session.actions[0].id
        burst(app, "dy")
        await until(lambda: session.action(first) is None)
        assert not any(isinstance(s, ConfirmDialog) for s in app.screen_stack)


async def test_a_filled_field_keeps_its_text_and_the_cursor_goes_to_its_end(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        goal = app.document.session.goals[0]  # type: ignore[union-attr]
        title = goal.title
        await pilot.press("enter")  # edit G1
        await until(lambda: opened(app))
        box = app.screen.query_one("#field-title", Input)
        assert app.screen.focused is box and box.selected_text == ""
        await type_text(pilot, " (grades 3-12)")
        assert box.value == title + " (grades 3-12)"
        await pilot.press("tab")  # the description: cursor at the end of its text
        area = app.screen.query_one("#field-description", TextArea)
        assert app.screen.focused is area
        assert area.cursor_location == area.document.end
        await pilot.press("shift+tab", "ctrl+a")  # select all, then typing replaces
        await type_text(pilot, "Safe schools")
        assert box.value == "Safe schools"
        await pilot.press("ctrl+s")
        await until(lambda: not isinstance(app.screen, FormDialog))
        assert goal.title == "Safe schools"


async def test_the_label_of_the_field_with_the_focus_is_marked_as_the_focus_moves(
    demo: Path,
) -> None:
    """The reversed label follows the focus (it stayed on the first field before)."""
    from textual.widgets import Label

    def marked(app) -> list[str]:  # type: ignore[no-untyped-def]
        labels = app.screen.query(".field-label").results(Label)
        return [str(label.render()) for label in labels if label.styles.text_style.reverse]

    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await until(lambda: opened(app))
        await pilot.pause()
        assert marked(app) == ["Name *"]
        await pilot.press("tab")
        await pilot.pause()
        assert marked(app) == ["Description"]
        await pilot.press("tab")
        await pilot.pause()
        assert marked(app) == ["Lead"]
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert marked(app) == ["Name *"]


async def test_escape_on_a_changed_form_asks_and_keeps_editing_by_default(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        goal = app.document.session.goals[0]  # type: ignore[union-attr]
        await pilot.press("enter")
        await until(lambda: opened(app))
        await pilot.press("escape")  # nothing typed: closes at once
        await until(lambda: not isinstance(app.screen, FormDialog | ConfirmDialog))
        await pilot.press("enter")
        await until(lambda: opened(app))
        await type_text(pilot, "!!")
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, ConfirmDialog))
        assert "Discard" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("enter")  # the focused answer is "Keep editing"
        await until(lambda: opened(app))
        assert app.screen.query_one("#field-title", Input).value.endswith("!!")
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(lambda: not isinstance(app.screen, FormDialog | ConfirmDialog))
        assert not goal.title.endswith("!!")


async def test_a_letter_in_a_dropdown_picks_the_next_choice_starting_with_it(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await until(lambda: opened(app))
        sector = app.screen.query_one("#field-sector", Select)
        sector.focus()
        await pilot.pause()
        await pilot.press("h")
        assert sector.value == "health"
        await pilot.press("s")
        assert sector.value == "social_services"
        await pilot.press("e")  # economic development comes after education, then back
        assert sector.value in ("education", "economic_development")
        first = sector.value
        await pilot.press("e")
        assert sector.value != first and sector.value in ("education", "economic_development")
        assert not sector.expanded


async def test_help_lists_each_steps_own_keys_from_its_bindings(demo: Path) -> None:
    from cohere_tui.ui.dialogs.help import HelpScreen

    expected = {
        3: ["0 1 2 3", "⌫", "n", "m", "r", "e", "f", "x", "h"],
        4: ["g", "o", "N P B C X"],
        5: ["a", "c", "v", "N"],
    }
    app = app_for(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        for number, keys in expected.items():
            # a step by its digit (from the rating grid, where digits rate, by ctrl+pagedown)
            await pilot.press("ctrl+pagedown" if number == 4 else str(number))
            await pilot.pause()
            await pilot.press("f1")
            await until(lambda: isinstance(app.screen, HelpScreen))
            screen = app.screen
            assert isinstance(screen, HelpScreen)
            shown = [row.keys for row in screen.step_keys]
            for key in keys:
                assert any(key in row.split() or key == row for row in shown), (number, key, shown)
            everywhere = " ".join(row.keys for row in screen.session_keys)
            for key in ("^z", "^y", "^s", "f5", "^q"):
                assert key in everywhere, (key, everywhere)
            await pilot.press("escape")
            await until(lambda: not isinstance(app.screen, HelpScreen))


async def test_the_footer_shows_whole_labels_and_always_help_and_palette(demo: Path) -> None:
    from cohere_tui.ui.widgets.key_footer import KeyFooter

    for size in ((80, 24), (100, 30)):
        app = app_for(demo)
        async with app.run_test(size=size) as pilot:
            for number in (1, 2, 3, 4, 5):
                await pilot.press(str(number))
                await pilot.pause()
                footer = app.screen.query_one(KeyFooter)
                line = footer.render().plain
                assert len(line) <= footer.size.width, (size, number, line)
                shown = footer.fitted()
                assert sum(entry.width for entry in shown) < footer.size.width
                for entry in shown:  # every label whole, with its key
                    assert f" {entry.key_text} {entry.label} " in line, (size, number, line)
                actions = [entry.action for entry in shown]
                assert "help" in actions and "command_palette" in actions, (size, number)
                assert line.rstrip().endswith("palette"), line
                # a key is left out only when it would not have fitted (the room only
                # shrinks as keys are placed, so it is wider than the room left at the end)
                room = footer.size.width - sum(e.width for e in shown) - 1
                left_out = [e for e in footer.entries() if e not in shown]
                assert all(e.width > room for e in left_out), (size, number, room)


async def test_a_click_on_a_footer_key_presses_it_and_the_pointer_shows_its_tooltip(
    demo: Path,
) -> None:
    from cohere_tui.ui.dialogs.help import HelpScreen
    from cohere_tui.ui.widgets.key_footer import KeyFooter

    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        footer.render()
        start, _end, entry = next(span for span in footer._spans if span[2].action == "help")
        await pilot.hover(KeyFooter, offset=(start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == entry.tooltip and entry.tooltip
        hovered = footer.render().get_style_at_offset(app.console, start + 1)
        await pilot.hover(KeyFooter, offset=(footer.size.width // 2, 0))  # between keys
        await pilot.pause()
        assert footer.render().get_style_at_offset(app.console, start + 1) != hovered
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await until(lambda: isinstance(app.screen, HelpScreen))


async def test_session_details_are_edited_on_step_1_and_undone(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        session = app.document.session  # type: ignore[union-attr]
        before = session.organisation
        await pilot.press("S")
        await until(lambda: opened(app))
        await pilot.press("tab")
        await pilot.press("ctrl+a")
        await type_text(pilot, "Harmon County Office of Education")
        await pilot.press("ctrl+s")
        await until(lambda: not isinstance(app.screen, FormDialog))
        assert session.organisation == "Harmon County Office of Education"
        header = str(app.screen.query_one("#header-title").render())
        assert "Harmon County Office of Education" in header
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.organisation == before


async def test_find_goes_to_the_item_in_its_step(demo: Path) -> None:
    from cohere_tui.ui.dialogs.find import FindDialog
    from cohere_tui.ui.dialogs.room_log import RoomLogScreen
    from cohere_tui.ui.widgets.item_table import ItemTable

    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        session = app.document.session  # type: ignore[union-attr]
        cases = [
            (session.actions[2].id, 4, "#plan-table"),
            (session.initiatives[5].id, 2, "#inventory-table"),
            (session.goals[3].id, 1, "#goals-table"),
            (session.indicators[1].id, 5, "#indicator-table"),
        ]
        for item_id, step, table_id in cases:
            await pilot.press("ctrl+f")
            await until(lambda: isinstance(app.screen, FindDialog) and app.screen.ready)
            await type_text(pilot, item_id)
            await pilot.press("enter")
            await until(lambda s=step: app.screen.current_step == s)  # type: ignore[attr-defined]
            table = app.screen.query_one(table_id, ItemTable)
            await until(lambda t=table, i=item_id: t.current_id == i and t.has_focus)
        # a parked item opens the room log on it
        parked = session.parking_lot[0]
        await pilot.press("ctrl+f")
        await until(lambda: isinstance(app.screen, FindDialog) and app.screen.ready)
        await type_text(pilot, parked.text.split()[0] + " " + parked.text.split()[1])
        hits = app.screen.hits  # type: ignore[attr-defined]
        index = next(n for n, h in enumerate(hits) if h.item_id == parked.id)
        await pilot.press("down")  # into the results, then to the parked item
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, RoomLogScreen))
        table = app.screen.query_one("#parking-table", ItemTable)
        await until(lambda: table.current_id == parked.id)
