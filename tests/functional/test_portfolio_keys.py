"""Pilot tests: funding streams, populations and decisions by keys, checked in the saved
file (which must load with the real loader)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cohere_tui.store import load_session
from cohere_tui.ui.dialogs.coverage import CoverageScreen
from cohere_tui.ui.dialogs.form import FormDialog
from cohere_tui.ui.dialogs.funding import FundingScreen
from cohere_tui.ui.dialogs.indicator_trend import IndicatorReadingsScreen
from cohere_tui.ui.widgets.alignment_grid import AlignmentGrid
from cohere_tui.ui.widgets.item_table import ItemTable
from cohere_tui.ui.widgets.link_matrix import LinkMatrix

from .conftest import app_for, type_text, wait_until

SIZE = (120, 40)


def saved(path: Path) -> dict:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    load_session(path)  # and it loads, cross-references checked
    return data


def initiative(data: dict, initiative_id: str) -> dict:
    return next(i for i in data["initiatives"] if i["id"] == initiative_id)


async def shown(pilot: object, app: object, screen: type) -> None:
    """Wait until ``screen`` is on top, drawn and ready for keys."""
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, screen) and getattr(app.screen, "ready", True),  # type: ignore[attr-defined]
    )


def keys(app: object) -> set[str]:
    return {f.key for f in app.document.session.findings if not f.resolved}  # type: ignore[attr-defined]


async def test_a_decision_by_keys_in_the_inventory_and_the_grid(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await wait_until(pilot, lambda: bool(app.screen.query("#inventory-table")))
        table = app.screen.query_one("#inventory-table", ItemTable)
        assert table.border_subtitle == "11 initiatives: 6 keep, 2 combine, 1 sunset, 2 undecided"
        table.move_cursor_to("I10")
        await pilot.press("k")
        await shown(pilot, app, FormDialog)
        assert app.screen.values["choice"] == "keep"  # the suggestion comes first
        # choose "Scale up" (the next option) by keys, say why, save
        await pilot.press("enter", "down", "enter")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Employers ask for more places")
        await pilot.press("ctrl+s")
        summary = "11 initiatives: 6 keep, 1 scale up, 2 combine, 1 sunset, 1 undecided"
        await wait_until(pilot, lambda: table.border_subtitle == summary)
        # in the grid: the decision's mark before the name, and k there too
        await pilot.press("3")
        await wait_until(pilot, lambda: bool(app.screen.query(AlignmentGrid)))
        grid = app.screen.query_one(AlignmentGrid)
        grid.move_cursor(row=1)  # I2, undecided
        await pilot.press("k")
        await shown(pilot, app, FormDialog)
        assert app.screen.values["choice"] == "combine"  # F2: it overlaps I5
        assert app.screen.values["combine_with"] == "I5"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "decision: ⊕ with I5" in grid.describe_cursor()[0])
        await pilot.press("ctrl+q")
    data = saved(demo)
    assert initiative(data, "I10")["decision"] == {
        "choice": "scale_up",
        "rationale": "Employers ask for more places",
    }
    assert initiative(data, "I2")["decision"]["combine_with"] == "I5"


async def test_a_stream_added_and_linked_in_the_funding_view(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "F")
        await shown(pilot, app, FundingScreen)
        streams = app.screen.query_one("#stream-table", ItemTable)
        assert app.screen.focused is streams
        await pilot.press("a")
        await shown(pilot, app, FormDialog)
        await type_text(pilot, "Workforce bridge grant")
        await pilot.press("tab", "tab")  # source (state), then the amount
        await type_text(pilot, "2M")
        await pilot.press("tab", "tab")  # the end date
        await type_text(pilot, "2027-06-30")
        await pilot.press("tab")
        await type_text(pilot, "job training")
        await pilot.press("ctrl+s")
        await shown(pilot, app, FundingScreen)
        stream = app.document.session.stream("S11")
        assert stream is not None and stream.annual_amount == 2_000_000
        assert stream.uses == ["job training"] and str(stream.end) == "2027-06-30"
        # fund I10 from it: most of I10's money now ends within a year of the meeting
        await pilot.press("tab")
        matrix = app.screen.query_one(LinkMatrix)
        assert app.screen.focused is matrix
        row = [i.id for i in app.document.session.initiatives].index("I10")
        column = list(matrix.columns).index(next(k for k in matrix.columns if k.value == "S11"))
        matrix.move_cursor(row=row, column=column)
        await pilot.press("space")
        assert "sustainability_risk:I10" in keys(app)
        # a share of 60% of the stream (1.2M of its 2M: still most of its money)
        await pilot.press("%")
        await shown(pilot, app, FormDialog)
        await type_text(pilot, "60")
        await pilot.press("enter")
        await shown(pilot, app, FundingScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    data = saved(demo)
    assert data["streams"][-1]["name"] == "Workforce bridge grant"
    assert {"stream": "S11", "share": 60.0} in initiative(data, "I10")["streams"]
    assert any(f["key"] == "sustainability_risk:I10" for f in data["findings"])


async def test_a_population_added_linked_and_served_in_the_coverage_view(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "C")
        await shown(pilot, app, CoverageScreen)
        await pilot.press("a")
        await shown(pilot, app, FormDialog)
        await type_text(pilot, "Grandparents raising grandchildren")
        await pilot.press("tab", "tab")  # past the description, to the goals
        await pilot.press("space")  # G1 is about them
        await pilot.press("ctrl+s")
        await shown(pilot, app, CoverageScreen)
        goal = app.document.session.goal("G1")
        assert goal is not None and "N7" in goal.populations
        assert "unserved_population:N7" in keys(app)
        # I1 serves them: the finding goes
        table = app.screen.query_one("#population-table", ItemTable)
        table.move_cursor_to("N7")
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one("#served-table")
        await pilot.press("space")
        assert "unserved_population:N7" not in keys(app)
        # ctrl+z in the view undoes it, ctrl+y redoes it
        await pilot.press("ctrl+z")
        assert "unserved_population:N7" in keys(app)
        await pilot.press("ctrl+y")
        await pilot.press("escape", "ctrl+q")
    data = saved(demo)
    assert data["populations"][-1] == {"id": "N7", "name": "Grandparents raising grandchildren"}
    assert "N7" in initiative(data, "I1")["populations"]


async def test_a_reading_by_population_on_the_trend(demo: Path) -> None:
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await wait_until(pilot, lambda: bool(app.screen.query("#indicator-table")))
        table = app.screen.query_one("#indicator-table", ItemTable)
        table.move_cursor_to("M2")
        await pilot.press("v")
        await shown(pilot, app, IndicatorReadingsScreen)
        groups = str(app.screen.query_one("#trend-groups").render())
        assert "N5 Foster youth" in groups and "41.2%" in groups
        await pilot.press("g")
        await shown(pilot, app, FormDialog)
        await pilot.press("tab", "tab")  # the population (N5), the date (today), the value
        await type_text(pilot, "40.5")
        await pilot.press("ctrl+s")
        await shown(pilot, app, IndicatorReadingsScreen)
        await wait_until(
            pilot, lambda: "40.5%" in str(app.screen.query_one("#trend-groups").render())
        )
        await pilot.press("escape", "ctrl+q")
    data = saved(demo)
    m2 = next(m for m in data["indicators"] if m["id"] == "M2")
    assert m2["by_population"]["N5"][-1] == {"date": app.context.today(), "value": 40.5}
