"""Undo and redo by keys, on the demo: everything goes back as it was, byte for byte; every
kind of item deleted by keys comes back with ctrl+z; what is saved opens again."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from cohere_tui.store import load_session
from cohere_tui.ui.dialogs.confirm import ConfirmDialog
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.room_log import RoomLogScreen
from cohere_tui.ui.widgets.alignment_grid import AlignmentGrid

from .conftest import app_for, type_text

SIZE = (100, 30)


async def settle(pilot, condition, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
    """Wait until ``condition()`` holds (never a fixed pause)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never got there")


async def test_rate_delete_edit_then_undo_three_times_saves_the_bytes_opened(demo: Path) -> None:
    original = demo.read_bytes()
    app = app_for(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        document = app.document
        assert document is not None
        await pilot.press("3")
        grid = app.screen.query_one(AlignmentGrid)
        await settle(pilot, lambda: app.screen.focused is grid)
        before = document.session.initiatives[0].alignment["vision"]
        await pilot.press("0" if before != 0 else "1")
        assert document.session.initiatives[0].alignment["vision"] != before
        status = str(app.screen.query_one("#grid-status").render())
        assert f"→ {'0' if before != 0 else '1'}" in status and "ctrl+z undoes" in status
        await pilot.press("ctrl+pagedown", "d")  # the next step from the grid: step 4
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        assert document.session.action("A1") is None
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.press("end")
        await type_text(pilot, " now")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, FormDialog))
        assert document.session.goals[0].title.endswith(" now")
        changed = document.session.model_copy(deep=True)
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert document.session.action("A1") is not None
        assert document.session.initiatives[0].alignment["vision"] == before
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo.read_bytes() == original
        await pilot.press("ctrl+y", "ctrl+y", "ctrl+y")
        assert document.session == changed
        await pilot.press("ctrl+q")
    reloaded = load_session(demo).session
    assert reloaded.action("A1") is None and reloaded.goals[0].title.endswith(" now")


async def test_ctrl_z_in_a_text_box_undoes_the_typing_not_the_session(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        document = app.document
        assert document is not None
        await pilot.press("1", "d")  # delete goal G1 (a session edit)
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        assert document.session.goal("G1") is None
        app.screen.query_one("#theory-of-change").focus()
        await pilot.press("end")
        await type_text(pilot, "xyz")
        assert "xyz" in document.session.vision.theory_of_change
        await pilot.press("ctrl+z")  # the text box's own undo
        await pilot.pause()
        assert "xyz" not in document.session.vision.theory_of_change
        assert document.session.goal("G1") is None  # the delete stays
        await pilot.press("escape", "ctrl+z")  # out of the box: the session's undo
        await pilot.pause()
        assert document.session.goal("G1") is not None
        await pilot.press("ctrl+q")


async def test_deleting_a_goal_and_exporting_at_once_writes_no_finding_about_it(
    demo: Path, tmp_path: Path
) -> None:
    """Findings follow every edit; nobody has to visit step 3 for them to be right."""
    app = app_for(demo)
    exports = demo.parent.parent / "exports"
    async with app.run_test(size=SIZE) as pilot:
        document = app.document
        assert document is not None
        goal = document.session.goals[2]  # G3, which a derived finding is about
        assert any(goal.id in f.goals for f in document.session.findings)
        app.screen.query_one("#goals-table").move_cursor_to(goal.id)  # type: ignore[attr-defined]
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y", "ctrl+e")  # the export dialog offers the whole plan first
        await settle(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: exports.is_dir() and any(exports.glob("*.xlsx")), 200)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
    book = next(exports.glob("*.xlsx"))
    rows = list(load_workbook(book, read_only=True)["Findings"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    state = header.index("Status")
    about = [r for r in body if any(goal.title in str(c) for c in r if c)]
    # only a finding an action answers is kept, and it says it no longer holds
    assert all(r[state] == "Resolved" for r in about)
    saved = load_session(demo).session
    answered = {f for a in saved.actions for f in a.findings}
    assert all(r[0] in answered for r in about)
    assert not [
        f for f in saved.findings if not f.resolved and (goal.id in f.goals or goal.id in f.key)
    ]


async def test_each_kind_deleted_by_keys_comes_back_with_ctrl_z(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        document = app.document
        assert document is not None
        s = document.session

        async def delete_and_undo(count, keys: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
            before = count()
            await pilot.press(*keys)
            await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("y")
            await settle(pilot, lambda: count() == before - 1)
            saved_before_undo = document.session.model_copy(deep=True)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert load_session(demo).session == saved_before_undo  # saved and opens again
            await pilot.press("ctrl+z")
            await settle(pilot, lambda: count() == before)

        await delete_and_undo(lambda: len(s.participants), ("0", "d"))  # the team, in Prepare
        await delete_and_undo(lambda: len(s.initiatives), ("2", "d"))
        await delete_and_undo(lambda: len(s.actions), ("4", "d"))
        await delete_and_undo(lambda: len(s.indicators), ("5", "d"))
        # a finding written by hand, in step 3
        await pilot.press("3", "tab", "a")
        await settle(pilot, lambda: isinstance(app.screen, FormDialog))
        await type_text(pilot, "Two intake forms")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: any(f.summary == "Two intake forms" for f in s.findings))
        manual = next(f for f in s.findings if f.summary == "Two intake forms")
        app.screen.query_one("#findings-table").move_cursor_to(manual.id)  # type: ignore[attr-defined]
        await delete_and_undo(lambda: len(s.findings), ("d",))
        # the parking lot and the decision log
        await pilot.press("L")
        await settle(pilot, lambda: isinstance(app.screen, RoomLogScreen))
        for count, keys in (
            (lambda: len(s.parking_lot), ("d",)),
            (lambda: len(s.decisions), ("tab", "d")),
        ):
            before = count()
            await pilot.press(*keys)
            await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("y")
            await settle(pilot, lambda c=count, b=before: c() == b - 1)  # type: ignore[misc]
        await pilot.press("escape", "ctrl+z", "ctrl+z")
        await pilot.pause()
        assert len(s.decisions) >= 1 and len(s.parking_lot) >= 1
        await pilot.press("ctrl+q")
    load_session(demo)


async def test_undo_in_the_grid_says_so_in_its_status_line(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        grid = app.screen.query_one(AlignmentGrid)
        await settle(pilot, lambda: app.screen.focused is grid)
        before = app.document.session.initiatives[0].alignment["vision"]
        await pilot.press("0" if before != 0 else "1")
        status = app.screen.query_one("#grid-status")
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Undone: Rated I1" in str(status.render()))
        assert "ctrl+y redoes it" in str(status.render())  # never the stale "ctrl+z undoes"
        assert app.document.session.initiatives[0].alignment["vision"] == before
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: "Redone: Rated I1" in str(status.render()))
