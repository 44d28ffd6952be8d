"""Step 4: the action plan (shown read-only until step 4 is built out)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable

from ..models import ActionStatus
from .step_view import StepView


def status_text(status: ActionStatus, due: dt.date | None, today: dt.date) -> Text:
    """Status in words, with a symbol for overdue and blocked so colour is not needed."""
    if status is ActionStatus.BLOCKED:
        return Text("■ Blocked", style="bold reverse")
    if status.is_open and due is not None and due < today:
        return Text(f"⚠ {status.label} · overdue", style="bold")
    if status is ActionStatus.DONE:
        return Text("✓ Done")
    return Text(status.label)


class PlanStep(StepView):
    """Every action with its owner, dates, status and what it answers."""

    step_number = 4

    def compose(self) -> ComposeResult:
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table: DataTable[str | Text] = self.query_one("#plan-table", DataTable)
        for label, width in (
            ("ID", 4),
            ("Action", 30),
            ("Owner", 16),
            ("Due", 10),
            ("Status", 22),
            ("Priority", 8),
            ("Answers", 10),
        ):
            table.add_column(label, width=width)
        self.refresh_view()

    def focus_default(self) -> None:
        self.query_one("#plan-table").focus()

    def refresh_view(self) -> None:
        self.shown_revision = self.document.revision
        today = self.today()
        table: DataTable[str | Text] = self.query_one("#plan-table", DataTable)
        table.clear()
        for act in self.session.actions:
            table.add_row(
                act.id,
                Text(act.title, overflow="ellipsis", no_wrap=True),
                act.owner,
                str(act.due or ""),
                status_text(act.status, act.due, today),
                act.priority.label,
                ", ".join(act.findings),
                key=act.id,
            )
        table.border_title = f"Action plan · {len(self.session.actions)} actions"
