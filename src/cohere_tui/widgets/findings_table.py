"""The findings list: derived and hand-written findings, each answerable by an action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from ..models import Finding, FindingOrigin, Session
from .item_table import ItemTable

FindingVerb = Literal["action", "dismiss", "toggle_dismissed"]


def finding_status(finding: Finding, answered: bool) -> str:
    """The state of a finding in words and a symbol."""
    if finding.dismissed:
        return "✗ dismissed"
    if finding.resolved:
        return "✓ resolved"
    if answered:
        return "→ has action"
    return "● open"


class FindingsTable(ItemTable):
    """`a` add by hand, `enter` edit, `d` delete or dismiss, `f` turn into an action,
    `x` dismiss or restore, `h` show or hide dismissed findings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "finding('action')", "Make action", tooltip="Turn this finding into an "
                "action linked to it (step 4)", id="findings.action"),
        Binding("x", "finding('dismiss')", "Dismiss/restore", tooltip="Set the finding aside, "
                "or bring it back", id="findings.dismiss"),
        Binding("h", "finding('toggle_dismissed')", "Show dismissed", tooltip="Show or hide "
                "dismissed findings", id="findings.show"),
    ]  # fmt: skip

    @dataclass
    class FindingRequested(Message):
        table: FindingsTable
        verb: FindingVerb
        item_id: str | None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(noun="finding", stretch="summary", **kwargs)
        self.show_dismissed = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finding" and parameters and parameters[0] in ("action", "dismiss"):
            return self.row_count > 0
        return super().check_action(action, parameters)

    def action_finding(self, verb: FindingVerb) -> None:
        self.post_message(self.FindingRequested(self, verb, self.current_id))

    def update_rows(self, session: Session, finding_ids: list[str]) -> None:
        """Redraw the summaries of these findings in place."""
        for finding_id in finding_ids:
            finding = session.finding(finding_id)
            if finding is None or finding_id not in self.rows:
                continue
            origin = "" if finding.origin is FindingOrigin.DERIVED else " ✎"
            self.update_cell(
                finding_id,
                "summary",
                Text(finding.summary + origin, overflow="ellipsis", no_wrap=True),
            )

    def fill(self, session: Session) -> None:
        """Show the session's findings (open first, dismissed last if shown)."""
        if not self.columns:
            self.add_column("ID", key="id", width=3)
            self.add_column("State", key="state", width=12)
            self.add_column("Finding", key="summary", width=12)
        keep = self.current_id
        self.clear()
        answered = {fid for act in session.actions for fid in act.findings}
        shown = [f for f in session.findings if self.show_dismissed or not f.dismissed]
        shown.sort(key=lambda f: (f.dismissed, f.resolved, int(f.id[1:])))
        for fnd in shown:
            origin = "" if fnd.origin is FindingOrigin.DERIVED else " ✎"
            self.add_row(
                fnd.id,
                finding_status(fnd, fnd.id in answered),
                Text(fnd.summary + origin, overflow="ellipsis", no_wrap=True),
                key=fnd.id,
            )
        hidden = sum(f.dismissed for f in session.findings) if not self.show_dismissed else 0
        self.border_title = f"Findings · {len(shown)}" + (
            f" · {hidden} dismissed hidden" if hidden else ""
        )
        self.move_cursor_to(keep)
