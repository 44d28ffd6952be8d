"""An indicator's trend, large: one bar per reading, with the baseline and target marked."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from ...edits import DeleteReading, Edit, RecordReading, UpdateReading
from ...measures import format_number
from ...models import Indicator, Reading, Session
from ..editing import apply_edit
from ..widgets.item_table import ItemTable
from .base import Dialog
from .confirm import ConfirmDialog
from .form import FormDialog, FormField

if TYPE_CHECKING:
    from ...document import SessionDocument

BASELINE_MARK = "│"
TARGET_MARK = "┃"
EXPECTED_MARK = "┆"


def trend_chart(indicator: Indicator, today: dt.date, width: int = 40) -> Text:
    """Bars scaled between the lowest and highest of readings, baseline and target.

    The baseline column is marked │ (B), the target column ┃ (T) and where the straight line
    to target stands today ┆ (E) on every row, through the bars too, so the room sees where
    each reading stands without relying on colour; the status is said in words, with its
    reason.
    """
    from ...progress import explain_indicator, indicator_value

    def shown(value: float | None) -> str:
        return indicator_value(indicator, value)

    verdict = explain_indicator(indicator, today)
    values = [r.value for r in indicator.readings]
    expected = verdict.expected
    marks = [v for v in (indicator.baseline, indicator.target, expected) if v is not None]
    text = Text()
    better = "higher" if indicator.direction.value == "increase" else "lower"
    text.append(f"{indicator.id} · {indicator.name}\n", style="bold")
    text.append(f"{better} is better · ")
    text.append(verdict.sentence, style="bold")
    text.append("\n\n")
    if not values:
        text.append("No readings yet: a adds one, or take one at the next check-in (c).")
        return text
    low = min([*values, *marks])
    high = max([*values, *marks])
    span = (high - low) or 1.0

    def column(value: float) -> int:
        return round((value - low) / span * (width - 1))

    columns = [
        (column(value), letter, mark)
        for value, letter, mark in (
            (indicator.baseline, "B", BASELINE_MARK),
            (indicator.target, "T", TARGET_MARK),
            (expected, "E", EXPECTED_MARK),
        )
        if value is not None
    ]
    header = [" "] * width
    for col, letter, _mark in columns:
        header[col] = letter
    # a word first: a line that starts with blanks would lose them when the text wraps
    text.append(f"{'read on':<12}" + "".join(header).rstrip() + "\n", style="bold")
    for reading in indicator.readings:
        end = column(reading.value)
        cells = ["█" if n <= end else " " for n in range(width)]
        for col, _letter, mark in columns:  # through the bar too: the line stays in sight
            cells[col] = mark
        text.append(f"{reading.date}  ")
        text.append("".join(cells))
        text.append(f"  {shown(reading.value)}\n")
    legend = []
    if indicator.baseline is not None:
        legend.append(f"B {BASELINE_MARK} baseline {shown(indicator.baseline)}")
    if indicator.target is not None:
        when = f" by {indicator.target_date}" if indicator.target_date else ""
        legend.append(f"T {TARGET_MARK} target {shown(indicator.target)}{when}")
    if expected is not None:
        legend.append(f"E {EXPECTED_MARK} expected by today {shown(expected)}")
    text.append("\n" + "  ·  ".join(legend))
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


class IndicatorReadingsScreen(Dialog[None]):
    """One indicator: its trend large, what its status means, and its readings, which can be
    added (any date, a past one too), corrected or deleted here; beside them its readings by
    population, and `g` records one for a population. `escape` closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "close", "Close", id="trend.close", tooltip="Back to the indicators"),
        Binding("ctrl+z", "undo", "Undo", id="trend.undo",
                tooltip="Take back the last change to the session"),
        Binding("ctrl+y", "redo", "Redo", id="trend.redo",
                tooltip="Make again the change last undone"),
        Binding("g", "group_reading", "Reading by population", id="trend.group_reading",
                tooltip="Record a reading of this indicator for one population"),
    ]  # fmt: skip

    def __init__(self, document: SessionDocument, indicator_id: str, today: dt.date) -> None:
        super().__init__()
        self.document = document
        self.indicator_id = indicator_id
        self.today = today

    @property
    def indicator(self) -> Indicator | None:
        return self.document.session.indicator(self.indicator_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog trend"):
            yield Label("Indicator: trend and readings", classes="dialog-title")
            with VerticalScroll(id="trend-chart"):
                yield Static(id="trend-text")
                yield Static(id="trend-groups")
            yield ItemTable(noun="reading", stretch="note", id="readings-table")

    def on_mount(self) -> None:
        table = self.query_one(ItemTable)
        table.add_column("Date", key="date", width=10)
        table.add_column("Value", key="value")
        table.add_column("Note", key="note", width=12)
        table.border_title = "Readings · a add (any date) · enter correct · d delete"
        self.show()
        table.focus()

    def show(self) -> None:
        indicator = self.indicator
        if indicator is None:  # deleted by an undo from here
            self.dismiss(None)
            return
        from ...progress import indicator_value

        self.query_one("#trend-text", Static).update(trend_chart(indicator, self.today))
        self.query_one("#trend-groups", Static).update(self._groups(indicator))
        table = self.query_one(ItemTable)
        keep = table.current_id
        table.clear()
        for n, reading in enumerate(indicator.readings):
            table.add_row(
                reading.date.isoformat(),
                indicator_value(indicator, reading.value),
                reading.note,
                key=str(n),
            )
        table.move_cursor_to(keep)

    def _apply(self, edit: Edit) -> None:
        if apply_edit(self, self.document, edit) is not None:
            self.show()

    @on(ItemTable.Requested, "#readings-table")
    def _requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        indicator = self.indicator
        if indicator is None:
            return
        index = int(event.item_id) if event.item_id is not None else None
        if event.verb == "add":
            self._edit(indicator, None)
        elif event.verb == "edit" and index is not None:
            self._edit(indicator, index)
        elif event.verb == "delete" and index is not None:
            reading = indicator.readings[index]

            def done(yes: bool | None) -> None:
                if yes:
                    self._apply(DeleteReading(indicator.id, index))

            shown = f"{reading.date}: {reading.value:g}{' ' if indicator.unit else ''}"
            self.app.push_screen(
                ConfirmDialog(
                    f"Delete the reading of {indicator.id} on {reading.date}?",
                    f"{shown}{indicator.unit} {reading.note}".strip() + "\n\nctrl+z undoes it.",
                ),
                done,
            )

    def _edit(self, indicator: Indicator, index: int | None) -> None:
        from ...dates import parse_date

        today = self.today

        def parse_day(text: str) -> dt.date:
            day = parse_date(text or "today", today)
            if day is None:
                raise ValueError("Give the date of the reading, e.g. 2026-10-01 or today.")
            return day

        def parse_value(text: str) -> float:
            cleaned = text.strip().replace(",", "").removesuffix(indicator.unit.strip()).strip()
            try:
                return float(cleaned.rstrip("%"))
            except ValueError:
                raise ValueError(
                    f"“{text}” is not a number: type a value such as 42 or 3.5."
                ) from None

        unit = f" ({indicator.unit})" if indicator.unit else ""
        fields = [
            FormField("date", "Date", required=True, parse=parse_day,
                      placeholder="YYYY-MM-DD, today, -2w …",
                      help="A past date too: a reading taken before today"),
            FormField("value", f"Value{unit}", required=True, parse=parse_value),
            FormField("note", "Note", placeholder="where it came from, what it means"),
        ]  # fmt: skip
        if index is None:
            values = {"date": today.isoformat()}
            title = f"New reading of {indicator.id}"
        else:
            reading = indicator.readings[index]
            values = {"date": reading.date.isoformat(), "value": f"{reading.value:g}",
                      "note": reading.note}  # fmt: skip
            title = f"Correct the reading of {indicator.id} on {reading.date}"

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if index is None:
                # beside a reading of the same day, never in its place
                self._apply(RecordReading(indicator.id, result["date"], result["value"],
                                          result["note"], replace=False))  # fmt: skip
            else:
                self._apply(UpdateReading(indicator.id, index, result["date"], result["value"],
                                          result["note"]))  # fmt: skip

        self.app.push_screen(FormDialog(title, fields, values), done)

    def action_undo(self) -> None:
        change = self.document.undo()
        self.notify("Nothing to undo." if change is None else f"Undone: {change.description}.")
        self.show()

    def action_redo(self) -> None:
        change = self.document.redo()
        self.notify("Nothing to redo." if change is None else f"Redone: {change.description}.")
        self.show()

    def _groups(self, indicator: Indicator) -> Text:
        session = self.document.session
        text = population_table(indicator, session)
        if session.populations:
            text.append("\n\ng records a reading for one population · escape closes", style="dim")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "group_reading":
            return bool(self.document.session.populations)
        return True

    def action_group_reading(self) -> None:
        from ...edits import RecordGroupReading

        document = self.document
        indicator = self.indicator
        if indicator is None:
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
                      placeholder=f"in {indicator.unit.strip() or 'the unit'}"),
            FormField("note", "Note"),
        ]  # fmt: skip
        first = next(iter(indicator.by_population), document.session.populations[0].id)

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            edit = RecordGroupReading(indicator.id, result["population"], result["day"],
                                      result["value"], result["note"])  # fmt: skip
            self._apply(edit)

        self.app.push_screen(
            FormDialog(f"Reading of {indicator.id} by population", fields,
                       {"population": first, "day": str(today)}),
            done,
        )  # fmt: skip

    def action_close(self) -> None:
        self.dismiss(None)
