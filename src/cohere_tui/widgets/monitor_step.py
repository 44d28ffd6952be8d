"""Step 5: check-ins and indicators (shown read-only until step 5 is built out)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ..models import ActionStatus
from .step_view import StepView


class MonitorStep(StepView):
    """Where the actions stand, the indicators' readings, and the check-ins so far."""

    step_number = 5

    def compose(self) -> ComposeResult:
        yield Static(id="monitor-summary")
        yield DataTable(id="indicator-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one("#indicator-table", DataTable)
        for label, width in (
            ("ID", 4),
            ("Indicator", 34),
            ("Baseline", 9),
            ("Latest", 9),
            ("Target", 9),
            ("Readings", 8),
        ):
            table.add_column(label, width=width)
        self.query_one("#monitor-summary").border_title = "Progress"
        self.refresh_view()

    def focus_default(self) -> None:
        self.query_one("#indicator-table").focus()

    def refresh_view(self) -> None:
        self.shown_revision = self.document.revision
        session = self.session
        counts = {status: 0 for status in ActionStatus}
        for act in session.actions:
            counts[act.status] += 1
        text = Text()
        text.append(" · ".join(f"{s.label}: {n}" for s, n in counts.items()))
        if session.checkins:
            last = session.checkins[-1]
            text.append(f"\nLast check-in {last.date}: {len(last.updates)} actions discussed")
        else:
            text.append("\nNo check-in yet.")
        self.query_one("#monitor-summary", Static).update(text)
        table: DataTable[str] = self.query_one("#indicator-table", DataTable)
        table.clear()

        def num(value: float | None, unit: str) -> str:
            return "" if value is None else f"{value:g}{unit}"

        for ind in session.indicators:
            latest = ind.readings[-1].value if ind.readings else None
            table.add_row(
                ind.id,
                ind.name,
                num(ind.baseline, ind.unit),
                num(latest, ind.unit),
                num(ind.target, ind.unit),
                str(len(ind.readings)),
                key=ind.id,
            )
        table.border_title = f"Indicators · {len(session.indicators)}"
