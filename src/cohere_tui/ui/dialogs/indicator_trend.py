"""An indicator's trend, large: one bar per reading, with the baseline and target marked."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from ...measures import format_number
from ...models import Indicator, Reading, Session
from .base import Dialog

if TYPE_CHECKING:
    from ...document import SessionDocument

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


GROUP_BAR = 6
"""Cells of the small bars of the readings by population."""
GROUPS_PER_BLOCK = 2
"""Populations shown beside the overall readings in one block of the table (more follow in
further blocks, so the table fits the dialog)."""


def _bar(value: float, low: float, span: float) -> str:
    return "█" * (1 + round((value - low) / span * (GROUP_BAR - 1)))


def population_table(indicator: Indicator, session: Session | None) -> Text:
    """The readings by population side by side with the overall ones: one row per date,
    one column per group, each value with a small bar on one scale (so a group doing worse
    shows at a glance, in digits too)."""
    text = Text()
    groups = [(pid, readings) for pid, readings in indicator.by_population.items() if readings]
    if not groups:
        return text
    unit = indicator.unit
    columns: list[tuple[str, list[Reading]]] = [("All", indicator.readings)]
    for pid, readings in groups:
        pop = session.population(pid) if session else None
        columns.append((f"{pid} {pop.name}" if pop else pid, readings))
    values = [r.value for _, readings in columns for r in readings]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    text.append("\nBy population, side by side\n", style="bold underline")
    width = 10 + len(unit) + GROUP_BAR
    for start in range(1, len(columns), GROUPS_PER_BLOCK):
        block = [columns[0], *columns[start : start + GROUPS_PER_BLOCK]]
        text.append(" " * 12)
        for name, _ in block:
            cut = name if len(name) <= width else name[: width - 1] + "…"
            text.append(f"{cut:<{width}}  ", style="bold")
        text.append("\n")
        by_date = [{r.date: r.value for r in readings} for _, readings in block]
        for day in sorted({d for readings in by_date for d in readings}):
            text.append(f"{day}  ")
            for values_of in by_date:
                value = values_of.get(day)
                cell = (
                    "—"
                    if value is None
                    else f"{format_number(value)}{unit} {_bar(value, low, span)}"
                )
                text.append(f"{cell:<{width}}  ")
            text.append("\n")
    better = "higher" if indicator.direction.value == "increase" else "lower"
    text.append(
        f"Bars share one scale ({format_number(low)}{unit} to {format_number(high)}{unit}); "
        f"{better} is better."
    )
    return text


class IndicatorTrendScreen(Dialog[None]):
    """`escape` closes; `g` records a reading for one population (when the session can be
    changed here)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "close", "Close", id="trend.close", tooltip="Back to the indicators"),
        Binding("g", "group_reading", "Reading by population", id="trend.group_reading",
                tooltip="Record a reading of this indicator for one population"),
    ]  # fmt: skip

    def __init__(
        self, indicator: Indicator, today: dt.date, document: SessionDocument | None = None
    ) -> None:
        super().__init__()
        self.indicator = indicator
        self.today = today
        self.document = document

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog trend"):
            yield Label("Indicator trend", classes="dialog-title")
            with VerticalScroll():
                yield Static(trend_chart(self.indicator, self.today), id="trend-chart")
                yield Static(self._groups(), id="trend-groups")

    def _groups(self) -> Text:
        session = self.document.session if self.document else None
        text = population_table(self.indicator, session)
        if session is not None and session.populations:
            text.append("\n\ng records a reading for one population · escape closes", style="dim")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "group_reading":
            return self.document is not None and bool(self.document.session.populations)
        return True

    def action_group_reading(self) -> None:
        from ...edits import RecordGroupReading
        from ..editing import apply_edit
        from .form import FormDialog, FormField

        document = self.document
        if document is None:
            return
        today = self.today

        def parse_day(text: str) -> dt.date:
            from ...dates import parse_date

            day = parse_date(text or str(today), today)
            if day is None:
                raise ValueError("Give the date of the reading.")
            return day

        def parse_value(text: str) -> float:
            try:
                return float(text.replace(",", "."))
            except ValueError:
                raise ValueError(f"“{text}” is not a number.") from None

        fields = [
            FormField("population", "Population", kind="choice", required=True,
                      options=[(f"{n.id}  {n.name}", n.id) for n in document.session.populations]),
            FormField("day", "Date", parse=parse_day, placeholder="YYYY-MM-DD, today …"),
            FormField("value", "Value", required=True, parse=parse_value,
                      placeholder=f"in {self.indicator.unit.strip() or 'the unit'}"),
            FormField("note", "Note"),
        ]  # fmt: skip
        first = next(iter(self.indicator.by_population), document.session.populations[0].id)

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            edit = RecordGroupReading(self.indicator.id, result["population"], result["day"],
                                      result["value"], result["note"])  # fmt: skip
            change = apply_edit(self, document, edit)
            if change is not None:
                self.query_one("#trend-groups", Static).update(self._groups())
                self.notify(f"{change.description} · ctrl+z undoes (after closing)", timeout=4)

        self.app.push_screen(
            FormDialog(f"Reading of {self.indicator.id} by population", fields,
                       {"population": first, "day": str(today)}),
            done,
        )  # fmt: skip

    def action_close(self) -> None:
        self.dismiss(None)
