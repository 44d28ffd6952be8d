"""The findings list: derived and hand-written findings, each answerable by an action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets.data_table import ColumnKey

from ...models import Finding, FindingOrigin, Session

if TYPE_CHECKING:
    from ...analysis import SyncResult
from .item_table import ItemTable

FindingVerb = Literal["action", "dismiss", "toggle_dismissed"]


def finding_status(finding: Finding, answered: bool, *, compact: bool = False) -> str:
    """The state of a finding in words and a symbol (``compact``: the symbol alone, which
    the table's legend explains)."""
    if finding.dismissed:
        text = "✗ dismissed"
    elif finding.resolved:
        text = "✓ resolved"
    elif answered:
        text = "→ has action"
    else:
        text = "● open"
    return text[0] if compact else text


STATE_LEGEND = "● open → action ✓ resolved ✗ dismissed"
COMPACT_WIDTH = 64
"""Narrower than this, the state shows as its symbol alone (the legend says which)."""


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
        self.compact = False
        """The state as a symbol alone, to leave the finding's words the room."""

    def on_resize(self) -> None:
        super().on_resize()
        compact = 0 < self.size.width < COMPACT_WIDTH
        if compact != self.compact and self.columns:
            self.post_message(self.Reflow())
        self.compact = compact

    def _state(self, fnd: Finding, answered: bool) -> str:
        return finding_status(fnd, answered, compact=self.compact)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finding" and parameters and parameters[0] in ("action", "dismiss"):
            return self.row_count > 0
        return super().check_action(action, parameters)

    def action_finding(self, verb: FindingVerb) -> None:
        self.post_message(self.FindingRequested(self, verb, self.current_id))

    def apply(self, session: Session, result: SyncResult) -> None:
        """After a rating: remove, add and restate only the findings that changed.

        Rebuilding the whole list costs more than the rest of a keypress on a large session.
        """
        if not self.columns:
            self.fill(session)
            return
        keep = self.current_id
        answered = {fid for act in session.actions for fid in act.findings}
        for finding_id in result.removed:
            if finding_id in self.rows:
                self.remove_row(finding_id)
        reorder = False
        for finding_id in [*result.added, *result.resolved, *result.updated]:
            fnd = session.finding(finding_id)
            if fnd is None:
                continue
            shown = self.show_dismissed or not fnd.dismissed
            if finding_id in self.rows:
                if not shown or self.wrapping:  # a wrapped row may need another height
                    self.remove_row(finding_id)
                else:
                    state = self._state(fnd, fnd.id in answered)
                    self.update_cell(finding_id, "state", state)
                    self.update_cell(finding_id, "summary", self._summary(fnd))
            if shown and finding_id not in self.rows:
                self._add(fnd, fnd.id in answered)
            reorder = True
        if reorder:
            order = {f.id: self._order(f) for f in session.findings}
            self.sort("id", key=lambda cell: order.get(str(cell), (True, True, 0)))
        self._title(session)
        self.move_cursor_to(keep)

    @staticmethod
    def _order(fnd: Finding) -> tuple[bool, bool, int]:
        """Open first, then resolved, dismissed last; by number within each."""
        return (fnd.dismissed, fnd.resolved, int(fnd.id[1:]))

    @staticmethod
    def _text(fnd: Finding) -> str:
        return fnd.summary + ("" if fnd.origin is FindingOrigin.DERIVED else " ✎")

    def _summary(self, fnd: Finding) -> Text:
        """The finding in words: wrapped where the table has the room (see ``plan_rows``)."""
        return self.long_text(self._text(fnd))

    def _add(self, fnd: Finding, answered: bool) -> None:
        text = self._text(fnd)
        self.add_row(
            fnd.id,
            self._state(fnd, answered),
            self.long_text(text),
            key=fnd.id,
            height=self.row_height(text),
        )

    def _title(self, session: Session) -> None:
        shown = sum(self.show_dismissed or not f.dismissed for f in session.findings)
        hidden = sum(f.dismissed for f in session.findings) if not self.show_dismissed else 0
        self.border_title = f"Findings · {shown}" + (
            f" · {hidden} dismissed hidden" if hidden else ""
        )

    def fill(self, session: Session) -> None:
        """Show the session's findings (open first, dismissed last if shown)."""
        if not self.columns:
            self.add_column("ID", key="id", width=3)
            self.add_column("State", key="state", width=12)
            self.add_column("Finding", key="summary", width=12)
        state = self.columns[ColumnKey("state")]
        state.width = 1 if self.compact else 12
        state.label = Text("" if self.compact else "State")
        self.border_subtitle = STATE_LEGEND if self.compact else ""
        self.fit_stretch_column()
        keep = self.current_id
        self.clear()
        answered = {fid for act in session.actions for fid in act.findings}
        shown = [f for f in session.findings if self.show_dismissed or not f.dismissed]
        shown.sort(key=self._order)
        self.plan_rows([self._text(f) for f in shown])
        for fnd in shown:
            self._add(fnd, fnd.id in answered)
        self._title(session)
        self.move_cursor_to(keep)
