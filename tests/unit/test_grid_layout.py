"""The alignment grid's one rule for sharing out its width (names first, whole where there
is room, on two lines where there is height), and the words it wraps."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from cohere_tui.demo import demo_source
from cohere_tui.store import session_from_data
from cohere_tui.ui.widgets.alignment_grid import grid_columns
from cohere_tui.ui.widgets.grid_layout import (
    MEAN_WIDTH,
    MIN_CELL,
    NAME_MIN,
    GridColumn,
    layout_grid,
    wrap_cells,
)

DEMO = session_from_data(tomllib.loads(demo_source().decode("utf-8")), Path("demo.toml"))
NAMES = [f"{i.id} {i.name}" for i in DEMO.initiatives]
COLUMNS = grid_columns(DEMO)


def test_at_80_columns_every_column_and_the_row_mean_fit() -> None:
    """80×24: the grid's content is 78 cells wide (its border takes two)."""
    layout = layout_grid(78, 9, NAMES, COLUMNS)
    assert layout.total_width <= 78
    assert len(layout.widths) == len(COLUMNS) == 12
    assert layout.name_width >= 16 and layout.name_lines == 1
    assert all(width >= MIN_CELL for width in layout.widths)


def test_at_120_columns_the_names_are_whole() -> None:
    layout = layout_grid(118, 24, NAMES, COLUMNS)
    assert layout.name_width >= max(cell_len(n) for n in NAMES)
    assert layout.total_width <= 118
    assert layout.show_unrated  # the room there is goes on to the unrated count
    assert "Fund/Pol" in layout.headers or "Capacity" in layout.headers


def test_names_wrap_on_two_lines_where_there_is_height() -> None:
    long_names = [f"I{n} A program with a long descriptive name number {n}" for n in range(5)]
    high = layout_grid(70, 20, long_names, COLUMNS)
    assert high.name_lines == 2
    low = layout_grid(70, 8, long_names, COLUMNS)
    assert low.name_lines == 1


def test_wide_terminals_give_headers_then_gaps() -> None:
    layout = layout_grid(200, 40, NAMES, COLUMNS)
    assert layout.headers[0] == "Vision" and "Fund/Pol" in layout.headers
    assert layout.gap == 2


@given(
    width=st.integers(min_value=20, max_value=300),
    goals=st.integers(min_value=0, max_value=25),
    names=st.lists(st.text(min_size=1, max_size=80), max_size=30),
)
def test_layout_is_consistent_at_any_size(width: int, goals: int, names: list[str]) -> None:
    columns = [GridColumn("vision", ("Vision", "Vis"))]
    columns += [GridColumn(f"G{n}", (f"G{n}",)) for n in range(1, goals + 1)]
    layout = layout_grid(width, 30, names, columns)
    assert layout.name_width >= NAME_MIN
    assert len(layout.widths) == len(layout.headers) == len(columns)
    assert all(cell_len(h) <= w for h, w in zip(layout.headers, layout.widths, strict=True))
    offsets = layout.offsets
    assert offsets == sorted(offsets)
    assert layout.body_width >= (offsets[-1] + layout.widths[-1] if offsets else 0) + MEAN_WIDTH
    if layout.total_width > width:  # only when even the narrowest layout cannot fit
        assert layout.name_width == NAME_MIN or not names


@pytest.mark.parametrize(
    ("text", "width", "lines", "expected"),
    [
        ("I9 Youth mental health first aid training", 22, 2,
         ["I9 Youth mental health", "first aid training    "]),
        ("I9 Youth mental health first aid training", 22, 1, ["I9 Youth mental health…"[:21] + "…"]),
        ("Short", 8, 2, ["Short   ", "        "]),
        ("Supercalifragilistic", 8, 2, ["Supercal", "ifragil…"]),
    ],
)  # fmt: skip
def test_wrap_cells(text: str, width: int, lines: int, expected: list[str]) -> None:
    out = wrap_cells(text, width, lines)
    assert out == expected
    assert all(cell_len(line) == width for line in out)
