"""An indicator's trend, large: one bar per reading, with the baseline and target marked."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from ...measures import format_number
from ...models import Indicator
from .base import Dialog

BASELINE_MARK = "│"
TARGET_MARK = "┃"


def trend_chart(indicator: Indicator, today: dt.date, width: int = 40) -> Text:
    """Bars scaled between the lowest and highest of readings, baseline and target.

    The baseline column is marked │ (B) and the target column ┃ (T) on every row, so the room
    sees where each reading stands without relying on colour.
    """
    from ...progress import indicator_status

    unit = indicator.unit
    values = [r.value for r in indicator.readings]
    marks = [v for v in (indicator.baseline, indicator.target) if v is not None]
    text = Text()
    better = "higher" if indicator.direction.value == "increase" else "lower"
    text.append(f"{indicator.id} · {indicator.name}\n", style="bold")
    text.append(f"{better} is better · status: ")
    text.append(indicator_status(indicator, today).label, style="bold")
    text.append("\n\n")
    if not values:
        text.append("No readings yet: take one at the next check-in (c).")
        return text
    low = min([*values, *marks])
    high = max([*values, *marks])
    span = (high - low) or 1.0

    def column(value: float) -> int:
        return round((value - low) / span * (width - 1))

    base_col = column(indicator.baseline) if indicator.baseline is not None else None
    target_col = column(indicator.target) if indicator.target is not None else None
    header = [" "] * width
    if base_col is not None:
        header[base_col] = "B"
    if target_col is not None:
        header[target_col] = "T"
    text.append(" " * 12 + "".join(header) + "\n", style="bold")
    for reading in indicator.readings:
        end = column(reading.value)
        cells = ["█" if n <= end else " " for n in range(width)]
        for col, mark in ((base_col, BASELINE_MARK), (target_col, TARGET_MARK)):
            if col is not None and cells[col] == " ":
                cells[col] = mark
        text.append(f"{reading.date}  ")
        text.append("".join(cells))
        text.append(f"  {format_number(reading.value)}{unit}\n")
    legend = []
    if indicator.baseline is not None:
        legend.append(f"B {BASELINE_MARK} baseline {format_number(indicator.baseline)}{unit}")
    if indicator.target is not None:
        when = f" by {indicator.target_date}" if indicator.target_date else ""
        legend.append(f"T {TARGET_MARK} target {format_number(indicator.target)}{unit}{when}")
    text.append("\n" + "   ·   ".join(legend))
    return text


class IndicatorTrendScreen(Dialog[None]):
    """`escape` closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "close", "Close", id="trend.close", tooltip="Back to the indicators")
    ]

    def __init__(self, indicator: Indicator, today: dt.date) -> None:
        super().__init__()
        self.indicator = indicator
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog trend"):
            yield Label("Indicator trend", classes="dialog-title")
            with VerticalScroll():
                yield Static(trend_chart(self.indicator, self.today))

    def action_close(self) -> None:
        self.dismiss(None)
