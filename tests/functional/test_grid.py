"""Pilot tests of the alignment grid on the demo: keys, what it draws, and the findings list."""

from __future__ import annotations

from pathlib import Path

from cohere_tui.ui.widgets.alignment_grid import AlignmentGrid
from cohere_tui.ui.widgets.findings_table import FindingsTable

from .conftest import app_for


def screen_lines(grid: AlignmentGrid) -> list[str]:
    return [grid.render_line(y).text for y in range(grid.scrollable_content_region.height)]


def rows_shown(table: FindingsTable) -> list[tuple[str, str, str]]:
    return [tuple(str(cell) for cell in table.get_row_at(n)) for n in range(table.row_count)]  # type: ignore[misc]


async def test_grid_draws_digits_unrated_marks_and_follows_keys(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        grid = app.screen.query_one(AlignmentGrid)
        session = app.document.session
        lines = screen_lines(grid)
        assert lines[0].split()[:3] == ["Initiative", "Vis", "G1"]
        assert lines[1].lstrip().startswith("Column mean")
        assert (
            "I1 ✓ Pre-K for" in lines[2] and "[ 3 ]" in lines[2]
        )  # decision ✓ keep (the name cut to fit 80 columns); the cursor
        # I5 has no rating for G5: shown as unrated, not 0
        await pilot.press("down", "down", "down", "down", *["right"] * 5)
        ini, key = grid.current()  # type: ignore[misc]
        assert (ini.id, key) == ("I5", "G5") and key not in ini.alignment
        row = next(line for line in screen_lines(grid) if line.lstrip().startswith("I5 "))
        assert "[ · ]" in row
        await pilot.press("2")
        assert ini.alignment["G5"] == 2
        row = next(line for line in screen_lines(grid) if line.lstrip().startswith("I5 "))
        assert "[ 2 ]" in row
        await pilot.press("backspace")
        assert "G5" not in ini.alignment
        # the last initiative scrolls into view; at 80 columns every column and the row
        # mean fit, so nothing scrolls sideways; names stay in place
        await pilot.press("ctrl+end", "end")
        last = session.initiatives[-1]
        assert grid.current() == (last, grid.keys[-1])
        lines = screen_lines(grid)
        assert lines[0].lstrip().startswith("Initiative") and "Data" in lines[0]
        assert any(line.lstrip().startswith(f"{last.id} ") for line in lines[2:])
        assert grid.scroll_offset.y > 0 and grid.scroll_offset.x == 0
        assert "Mean" in lines[0]


async def test_findings_list_after_ratings_matches_a_fresh_one(demo: Path) -> None:
    """Ratings change the findings list in place; it ends as a full rebuild would draw it."""
    app = app_for(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        table = app.screen.query_one(FindingsTable)
        before = len(rows_shown(table))
        # I4 × vision: 1 → 0 → 3 → cleared; G3 for I1: strong, then cleared
        await pilot.press("down", "down", "down", "0", "3", "backspace", "1")
        await pilot.press("up", "up", "up", "right", "right", "right", "3")
        await pilot.pause()
        in_place = rows_shown(table)
        table.fill(app.document.session)
        assert in_place == rows_shown(table)
        assert len(in_place) >= before
