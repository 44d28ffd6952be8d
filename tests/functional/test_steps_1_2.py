"""Pilot tests: steps 1 and 2 driven by keys only, checked in the saved TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Input, TextArea

from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.help import HelpScreen
from cohere_tui.ui.screens.picker import PickerScreen
from cohere_tui.ui.screens.workspace import WorkspaceScreen
from cohere_tui.ui.widgets.step_bar import StepBar

from .conftest import make_app, type_text, wait_until

SIZE = (80, 24)


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_create_session_from_picker_and_write_vision(sessions_dir: Path) -> None:
    app = make_app(None, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("n")
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "Family outcomes 2026")
        await pilot.press("tab")
        await type_text(pilot, "Harmon County")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        path = sessions_dir / "family-outcomes-2026.toml"
        assert path.exists()

        # vision statement, theory of change, assumptions: three text boxes before the goals
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.screen.focused.id == "vision-statement"
        await type_text(pilot, "Every family thrives")
        await pilot.press("tab")
        await type_text(pilot, "If we share data then we act sooner")
        await pilot.press("tab")
        await type_text(pilot, "Partners keep meeting")
        await pilot.press("enter")
        await type_text(pilot, "Funding holds")
        await pilot.press("escape")
        assert not isinstance(app.screen.focused, TextArea)
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    data = saved(path)
    assert data["title"] == "Family outcomes 2026"
    assert data["organisation"] == "Harmon County"
    assert data["vision"]["statement"] == "Every family thrives"
    assert data["vision"]["theory_of_change"] == "If we share data then we act sooner"
    assert data["vision"]["assumptions"] == ["Partners keep meeting", "Funding holds"]


async def test_goals_add_edit_reorder_delete(small_session_path: Path, sessions_dir: Path) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.focused.id == "goals-table"
        await pilot.press("a")
        await type_text(pilot, "Families earn a living wage")
        await pilot.press("tab")
        await type_text(pilot, "Median income up")
        await pilot.press("ctrl+s")
        await pilot.pause()
        goals = app.document.session.goals
        assert [g.id for g in goals] == ["G1", "G2", "G3"]
        assert goals[2].title == "Families earn a living wage"
        # the cursor is on the new goal: move it up to the top
        await pilot.press("shift+up", "shift+up")
        assert [g.id for g in app.document.session.goals] == ["G3", "G1", "G2"]
        # edit the goal under the cursor
        await pilot.press("enter")
        field = app.screen.query_one("#field-title", Input)
        field.value = ""
        await type_text(pilot, "Family economic stability")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # delete G1 (linked from I1 and rated): asks first; "n" keeps it
        await pilot.press("down")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert app.document.session.goal("G1") is not None
        await pilot.press("d", "y")
        await pilot.press("ctrl+s")
    data = saved(small_session_path)
    assert [(g["id"], g["title"]) for g in data["goals"]] == [
        ("G3", "Family economic stability"),
        ("G2", "Fewer chronic absences"),
    ]
    assert data["goals"][0]["description"] == "Median income up"
    # the deleted goal's links and ratings went with it
    initiative = data["initiatives"][0]
    assert "goals" not in initiative
    assert initiative["alignment"] == {"vision": 3}


async def test_inventory_add_and_edit_by_keys(small_session_path: Path, sessions_dir: Path) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert app.screen.query_one(StepBar).current == 2
        assert app.screen.focused.id == "inventory-table"
        await pilot.press("a")
        await type_text(pilot, "Family Resource Centers")
        await pilot.press("tab")  # description
        await type_text(pilot, "Drop-in help for families")
        await pilot.press("tab")  # lead
        await type_text(pilot, "Maya Chen")
        # move to the goals checklist: organisation, sector, level, status, population,
        # funding, outcomes, data, goals
        for _ in range(9):
            await pilot.press("tab")
        assert app.screen.focused.id == "field-goals"
        await pilot.press("down", "space")  # G2
        await pilot.press("tab")  # start date
        await type_text(pilot, "2026-01-15")
        await pilot.press("tab")
        await type_text(pilot, "2025-01-01")  # end before start: refused in the field
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: isinstance(app.screen, FormDialog) and getattr(app.screen, "ready", True)
        )
        assert "before the start" in str(app.screen.query_one("#error-end").render())
        app.screen.query_one("#field-end", Input).value = "2028-06-30"
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        new = app.document.session.initiative("I2")
        assert new is not None and new.goals == ["G2"]
        # edit it: the cursor is on the new row
        await pilot.press("enter")
        lead = app.screen.query_one("#field-lead", Input)
        lead.value = ""
        lead.focus()
        await type_text(pilot, "Family Services Office")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    data = saved(small_session_path)
    added = data["initiatives"][1]
    assert added["id"] == "I2"
    assert added["name"] == "Family Resource Centers"
    assert added["description"] == "Drop-in help for families"
    assert added["lead"] == "Family Services Office"
    assert added["goals"] == ["G2"]
    assert str(added["start"]) == "2026-01-15" and str(added["end"]) == "2028-06-30"
    assert added["sector"] == "education"


async def test_inventory_delete_asks_and_cleans_links(
    small_session_path: Path, sessions_dir: Path
) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert len(app.document.session.initiatives) == 1
        await pilot.press("d", "y", "ctrl+s")
    assert "initiatives" not in saved(small_session_path)


async def test_inventory_filter_and_sort(small_session_path: Path, sessions_dir: Path) -> None:
    from cohere_tui.models import Initiative

    app = make_app(small_session_path, sessions_dir)
    app.document.session.initiatives.append(Initiative(id="I2", name="Attendance mentors"))
    app.document.session.initiatives.append(Initiative(id="I3", name="Clinic outreach"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        table = app.screen.query_one("#inventory-table")
        assert table.row_count == 3
        await pilot.press("slash")
        await type_text(pilot, "clinic")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 3
        assert app.screen.focused is table
        await pilot.press("s")  # sort by name
        assert [str(table.get_row_at(n)[0]) for n in range(3)] == ["I2", "I3", "I1"]


async def test_step_keys_help_and_autosave(small_session_path: Path, sessions_dir: Path) -> None:
    app = make_app(small_session_path, sessions_dir, autosave_delay=0.5)
    async with app.run_test(size=SIZE) as pilot:
        for n in (3, 4, 5, 2, 1):
            if n == 4:  # in the rating grid digits rate: escape leaves it first
                await pilot.press("escape")
            await pilot.press(str(n))
            assert app.screen.query_one(StepBar).current == n
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        # an edit saves by itself after a moment, without ctrl+s
        await pilot.press("a")
        await type_text(pilot, "Safe housing")
        before = small_session_path.read_bytes()
        await pilot.press("ctrl+s")  # applies the form only; the save follows by itself
        await wait_until(pilot, lambda: small_session_path.read_bytes() != before)
        assert not app.document.dirty
        assert "Safe housing" in small_session_path.read_text(encoding="utf-8")


async def test_quit_saves_first(small_session_path: Path, sessions_dir: Path) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab")
        await type_text(pilot, "Trust holds")
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert saved(small_session_path)["vision"]["assumptions"] == ["Trust holds"]


async def test_conflict_keeps_both(small_session_path: Path, sessions_dir: Path) -> None:
    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        other = small_session_path.read_text(encoding="utf-8").replace(
            "Family outcomes", "Changed elsewhere"
        )
        small_session_path.write_text(other, encoding="utf-8")
        await pilot.press("a")
        await type_text(pilot, "New goal")
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+s")  # save now
        await pilot.pause()
    assert "Changed elsewhere" in small_session_path.read_text(encoding="utf-8")
    copies = sorted(sessions_dir.glob("family-outcomes-conflict*.toml"))
    assert len(copies) == 1
    assert "New goal" in copies[0].read_text(encoding="utf-8")


async def test_palette_lists_step_actions(small_session_path: Path, sessions_dir: Path) -> None:
    from cohere_tui.ui.commands import BindingsProvider

    app = make_app(small_session_path, sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        provider = BindingsProvider(app.screen, None)
        titles = [c.title for c in provider.commands()]
        for expected in ("Add  (a)", "Edit", "Delete  (d)", "Sort  (s)", "Save  (^s)"):
            assert any(t.startswith(expected) for t in titles), (expected, titles)
        assert any(t.startswith("Analysis") for t in titles)
