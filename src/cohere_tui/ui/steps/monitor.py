"""Step 5: where the plan stands, the indicators with their trends, check-ins, reflection
(with readiness then against now) and the next cycle."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static, TextArea
from textual.widgets.data_table import ColumnKey

from ...edits import AddItem, DeleteItem, SetText, UpdateItem, usage
from ...measures import format_number, parse_number
from ...models import Direction, Indicator
from ..dialogs.checkin import CheckInScreen
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.form import FormDialog, FormField, drop_controls
from ..widgets.item_table import ItemTable
from ..widgets.readiness_bars import ReadinessBars
from .base import StepView


def _number(text: str) -> float | None:
    return parse_number(text)


def unit_in_cells(indicator: Indicator) -> bool:
    """Whether the table writes the unit beside each value (``54%``, ``31 days``); a longer
    unit (``referrals``) is written once after the indicator's name instead, never cut."""
    return len(indicator.unit.strip()) <= SHORT_UNIT


SHORT_UNIT = 5
TREND_WIDTH = 10
"""The trend's sparkline, in cells (6 on a narrow screen)."""

REFLECTION_FIELDS = (
    ("worked", "What worked"),
    ("change", "What to change"),
    ("next_focus", "Next cycle's focus"),
)


class MonitorStep(StepView):
    """`c` check-in, `a`/`enter`/`d` indicators, reflection below, `N` next cycle."""

    step_number = 5

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "checkin", "Check-in", tooltip="Step through the open actions and the "
                "indicators, one at a time", id="monitor.checkin"),
        Binding("v", "trend", "Readings", tooltip="The selected indicator's trend and readings: "
                "add one (a past date too), correct or delete one", id="monitor.trend"),
        Binding("N", "next_cycle", "Next cycle", key_display="N", tooltip="Write the next "
                "cycle's session file, carrying forward what is unfinished", id="monitor.next"),
        Binding("h", "history", "History", show=False, tooltip="Coherence, actions and "
                "indicators across this session's cycles, side by side", id="monitor.history"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Static(id="monitor-summary", markup=False)
        yield ItemTable(noun="indicator", stretch="name", id="indicator-table")
        with Horizontal(id="reflection"):
            for key, label in REFLECTION_FIELDS:
                area = TextArea(
                    id=f"reflect-{key}", soft_wrap=True, tab_behavior="focus", classes="prose"
                )
                area.border_title = label
                yield area
            yield ReadinessBars(id="reflect-readiness")

    def on_mount(self) -> None:
        table = self.query_one("#indicator-table", ItemTable)
        for label, key, width in (
            ("ID", "id", 4),
            ("Indicator", "name", 20),
            ("Base", "baseline", None),  # values with their units, never cut
            ("Latest", "latest", None),
            ("Target", "target", None),
            ("Trend", "trend", TREND_WIDTH),
            ("Status", "status", 13),
        ):
            table.add_column(label, key=key, width=width)
        self.query_one("#monitor-summary").border_title = "Progress"

    def focus_default(self) -> None:
        self.query_one("#indicator-table", ItemTable).focus()

    def _trend_width(self) -> int:
        """Narrow, the trend gives the indicators' names the room (they are read)."""
        return TREND_WIDTH if self.size.width >= 100 or self.size.width == 0 else 6

    def on_resize(self) -> None:
        table = self.query_one("#indicator-table", ItemTable)
        column = table.columns[ColumnKey("trend")]
        if column.width != self._trend_width():
            column.width = self._trend_width()
            # the names take the room the trend gives up (or give it back) at once: a fit
            # made while the trend was still wide would otherwise stay (whatever the order
            # of the resizes, which varies with the machine's load)
            table.fit_stretch_column()
            self.shown_revision = -1
            self.sync()

    # ----- drawing ----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        from ...progress import (
            explain_indicator,
            indicator_value,
            progress_summary,
            sparkline,
            stale_owner_summary,
        )

        self.shown_revision = self.document.revision
        session = self.session
        today = self.today()
        summary = progress_summary(session, today)
        text = Text()
        text.append(f"✓ Done {summary.done}", style="bold")
        text.append(f"  ◐ In progress {summary.in_progress}  ○ Not started {summary.not_started}")
        text.append(f"  ■ Blocked {summary.blocked}", style="bold")
        text.append(f"  ⚠ Overdue {summary.overdue}", style="bold")
        if summary.dropped:
            text.append(f"  Dropped {summary.dropped}")
        measured = summary.indicators_on_track + summary.indicators_off_track
        text.append("\nIndicators on track: ")
        if measured:
            share = round(100 * summary.indicators_on_track / measured)
            text.append(f"{summary.indicators_on_track} of {measured} ({share}%)", style="bold")
        else:
            text.append("no readings yet")
        last = summary.last_checkin
        text.append(f" · last check-in: {last if last else 'none yet'} · cycle {session.cycle}")
        if session.previous_cycle:
            text.append(f" (after {session.previous_cycle})")
        stale = stale_owner_summary(session)
        summary_box = self.query_one("#monitor-summary", Static)
        summary_box.set_class(bool(stale), "-stale")  # one line more, of a fixed height
        if stale:
            line = Text(stale, no_wrap=True, overflow="ellipsis")
            summary_box.update(Group(text, line))
        else:
            summary_box.update(text)

        table = self.query_one("#indicator-table", ItemTable)
        keep = table.current_id
        table.clear()

        def name(ind: Indicator) -> str:
            """A long unit goes once after the name, so that the numbers stay narrow."""
            return ind.name if unit_in_cells(ind) else f"{ind.name} ({ind.unit.strip()})"

        table.plan_rows([name(ind) for ind in session.indicators])
        for ind in session.indicators:
            values = [r.value for r in ind.readings]
            with_unit = unit_in_cells(ind)
            table.add_row(
                ind.id,
                table.long_text(name(ind)),
                indicator_value(ind, ind.baseline, "", unit=with_unit),
                indicator_value(ind, values[-1] if values else None, "", unit=with_unit),
                indicator_value(ind, ind.target, "", unit=with_unit),
                sparkline(values, self._trend_width()) if values else "·",
                explain_indicator(ind, today).short,
                key=ind.id,
                height=table.row_height(name(ind)),
            )
        table.border_title = (
            f"Indicators · {len(session.indicators)} · c starts a check-in · v readings"
        )
        table.border_subtitle = "▼ behind line: below the straight line from baseline to target"
        table.move_cursor_to(keep)
        self._show_readiness()
        for key, _label in REFLECTION_FIELDS:
            area = self.query_one(f"#reflect-{key}", TextArea)
            value = getattr(session.reflection, key)
            if area.text != value and not area.has_focus:
                area.load_text(value)

    def _show_readiness(self) -> None:
        """Readiness then (the previous cycle) against now (Prepare's ratings, revisited)."""
        from ...prepare import readiness_summary

        summary = readiness_summary(self.session)
        panel = self.query_one("#reflect-readiness", ReadinessBars)
        then_now = summary.has_previous
        panel.show(summary, then_now=then_now)
        panel.border_title = "Readiness then → now" if then_now else "Readiness now"
        panel.border_subtitle = (
            f"then: cycle {self.session.cycle - 1} · 0 re-rates" if then_now else "0 re-rates"
        )

    # ----- reflection -------------------------------------------------------------------------

    @on(TextArea.Changed)
    def _reflection_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if area.id is None or not area.id.startswith("reflect-"):
            return
        key = area.id.removeprefix("reflect-")
        if (removed := drop_controls(area)) is not None:
            self.notify(removed, severity="warning", timeout=6)
        self.apply(SetText(f"reflection.{key}", area.text))  # type: ignore[arg-type]

    # ----- check-in and next cycle ------------------------------------------------------------

    def action_trend(self) -> None:
        from ..dialogs.indicator_trend import IndicatorReadingsScreen

        table = self.query_one("#indicator-table", ItemTable)
        indicator = self.session.indicator(table.current_id) if table.current_id else None
        if indicator is not None:
            self.app.push_screen(IndicatorReadingsScreen(self.document, indicator.id, self.today()))

    def action_history(self) -> None:
        from ..dialogs.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.document, self.today(), self.context.sessions_dir))

    def action_checkin(self) -> None:
        self.app.push_screen(
            CheckInScreen(self.document, self.today()),
            lambda _: self.refresh_view(),
        )

    class NextCycleRequested(Message):
        """The room asked for the next cycle (the workspace saves, writes it, offers it)."""

    def action_next_cycle(self) -> None:
        self.post_message(self.NextCycleRequested())

    # ----- indicators -------------------------------------------------------------------------

    @on(ItemTable.Requested, "#indicator-table")
    def _requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        ind = self.session.indicator(event.item_id) if event.item_id else None
        if event.verb == "add":
            self.edit(None)
        elif event.verb == "edit" and ind is not None:
            self.edit(ind)
        elif event.verb == "delete" and ind is not None:

            def done(yes: bool | None) -> None:
                if yes:
                    self.apply(DeleteItem("indicator", ind.id))

            used = usage(self.session, "indicator", ind.id)
            readings = len(ind.readings)
            body = f"{ind.name}\n\nIts {readings} reading" + ("" if readings == 1 else "s")
            body += " go too" + (f"; it {used.describe()}, which lose the link." if used else ".")
            self.app.push_screen(
                ConfirmDialog(f"Delete indicator {ind.id}?", body + "\n\nctrl+z undoes it."),
                done,
            )

    def edit(self, ind: Indicator | None) -> None:
        from ...dates import parse_date

        today = self.today()

        def date_field(text: str) -> Any:
            return parse_date(text, today)

        session = self.session
        fields = [
            FormField("name", "Indicator", required=True),
            FormField("unit", "Unit", placeholder="e.g. % or families"),
            FormField("direction", "Better is", kind="choice", required=True,
                      options=[("Higher", Direction.INCREASE.value),
                               ("Lower", Direction.DECREASE.value)]),
            FormField("baseline", "Baseline", parse=_number),
            FormField("baseline_date", "Baseline date", parse=date_field),
            FormField("target", "Target", parse=_number),
            FormField("target_date", "Target date", parse=date_field),
            FormField("goal", "Goal measured", kind="choice",
                      options=[(f"{g.id}  {g.title}", g.id) for g in session.goals]),
            FormField("source", "Data source"),
        ]  # fmt: skip
        if ind is None:
            values: dict[str, Any] = {"direction": Direction.INCREASE.value}
        else:
            values = ind.model_dump(mode="json", exclude={"readings"})
            for key in ("baseline", "target"):
                values[key] = "" if values[key] is None else format_number(values[key])
            for key in ("baseline_date", "target_date"):
                values[key] = values[key] or ""

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if ind is None:
                add = AddItem("indicator", result)
                if self.apply(add):
                    self.query_one("#indicator-table", ItemTable).move_cursor_to(add.created)
            else:
                self.apply(UpdateItem("indicator", ind.id, result))

        title = f"Edit indicator {ind.id}" if ind else "New indicator"
        self.app.push_screen(FormDialog(title, fields, values), done)
