"""Label/value rows for the detail panes: long values wrap under their value, not the label."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text


def detail_grid(title: str, rows: Iterable[tuple[str, str]], label_width: int = 9) -> Group:
    """A bold title line, then one row per non-empty value."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="bold", width=label_width, no_wrap=True)
    grid.add_column(ratio=1)
    for label, value in rows:
        if value:
            grid.add_row(Text(label), Text(value))
    return Group(Text(title, style="bold"), grid)
