"""A check-in: one open action at a time, quick keys for its status, a one-line update, then
the indicator readings. Everything recorded goes into the session at once, each through the
document's edit path (undoable, autosaved)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from ...edits import EditError, RecordReading, RecordUpdate
from ...measures import parse_number
from ...models import Action, ActionStatus, ActionUpdate, CheckIn, Indicator, Session
from ...words import count
from ..widgets.key_footer import KeyFooter
from .base import Dialog
from .form import control_in

if TYPE_CHECKING:
    from ...document import SessionDocument

STATUS_KEYS: dict[str, ActionStatus] = {
    "n": ActionStatus.NOT_STARTED,
    "p": ActionStatus.IN_PROGRESS,
    "b": ActionStatus.BLOCKED,
    "c": ActionStatus.DONE,
    "x": ActionStatus.DROPPED,
}


class CheckInScreen(Dialog[None]):
    """Walk the room through the open actions, then the indicators."""

    AUTO_FOCUS = None
    """Nothing is focused at first: the quick keys go to the screen."""
    STATUS = Binding.Group("Status")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "status('p')", "In progress", group=STATUS, id="checkin.progress",
                tooltip="Record the action as in progress"),
        Binding("b", "status('b')", "Blocked", group=STATUS, id="checkin.blocked",
                tooltip="Record the action as blocked"),
        Binding("c", "status('c')", "Done", group=STATUS, id="checkin.done",
                tooltip="Record the action as done"),
        Binding("n", "status('n')", "Not started", group=STATUS, id="checkin.notstarted",
                tooltip="Record the action as not started"),
        Binding("x", "status('x')", "Dropped", group=STATUS, id="checkin.dropped",
                tooltip="Record the action as dropped"),
        Binding("u,enter", "update", "Update", tooltip="Type a one-line update, enter records it",
                id="checkin.update"),
        Binding("right,space", "move(1)", "Next", key_display="→", id="checkin.next",
                tooltip="The next action to check in"),
        Binding("left", "move(-1)", "Back", key_display="←", id="checkin.back",
                tooltip="The previous action"),
        Binding("escape", "finish", "Finish", tooltip="End the check-in; what is recorded stays",
                id="checkin.finish"),
    ]  # fmt: skip

    def __init__(self, document: SessionDocument, day: dt.date) -> None:
        super().__init__()
        from ...progress import open_actions_for_checkin

        self.document = document
        self.day = day
        self.actions: list[Action] = open_actions_for_checkin(document.session, day)
        self.indicators: list[Indicator] = list(document.session.indicators)
        self.index = 0
        self.continues = any(c.date == day for c in document.session.checkins) or any(
            r.date == day for ind in self.indicators for r in ind.readings
        )
        """Another check-in of the same day came first: this one adds to it."""

    @property
    def session(self) -> Session:
        return self.document.session

    @property
    def checkin(self) -> CheckIn:
        """The check-in of the day (an empty one until something is recorded)."""
        found = next((c for c in self.session.checkins if c.date == self.day), None)
        return found if found is not None else CheckIn(date=self.day)

    @property
    def in_actions(self) -> bool:
        return self.index < len(self.actions)

    @property
    def total(self) -> int:
        return len(self.actions) + len(self.indicators)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog checkin"):
            yield Label("", id="checkin-title", classes="dialog-title", markup=False)
            yield Static(id="checkin-body", markup=False)
            box = Input(id="checkin-input", compact=True)
            box.can_focus = False
            yield box
            yield Static(id="checkin-hint", classes="field-help")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()

    # ----- drawing ----------------------------------------------------------------------------

    def show(self) -> None:
        title = self.query_one("#checkin-title", Label)
        body = self.query_one("#checkin-body", Static)
        hint = self.query_one("#checkin-hint", Static)
        box = self.query_one("#checkin-input", Input)
        self._input_shown(False)
        day = f"Check-in {self.day}" + (" (adds to today's)" if self.continues else "")
        if self.index >= self.total:
            title.update(f"{day} · finished")
            updated = len(self.checkin.updates)
            readings = sum(r.date == self.day for ind in self.indicators for r in ind.readings)
            body.update(
                Text(
                    f"Today: {count(updated, 'action')} updated and "
                    f"{count(readings, 'indicator reading')} taken.\n\n"
                    "Press escape to return to monitoring.",
                    style="bold",
                )
            )
            hint.update("")
            return
        position = f"{self.index + 1} of {self.total}"
        if self.in_actions:
            act = self.actions[self.index]
            title.update(f"{day} · action {position}")
            body.update(self._action_text(act))
            hint.update(
                "p in progress · b blocked · c done · n not started · x dropped · "
                "u update · → next · ← back · esc finish"
            )
        else:
            ind = self.indicators[self.index - len(self.actions)]
            title.update(f"{day} · indicator {position}")
            body.update(self._indicator_text(ind))
            self._input_shown(True)
            again = any(r.date == self.day for r in ind.readings)
            box.placeholder = (
                f"value in {ind.unit or 'units'} on {self.day}; enter records"
                + (" another beside today's" if again else "")
                + ", empty skips"
            )
            box.value = ""
            hint.update("enter records the reading · empty enter skips · esc finish")

    def _input_shown(self, shown: bool) -> None:
        """Show and focus the one-line input, or hide it so the quick keys reach the screen."""
        box = self.query_one("#checkin-input", Input)
        box.display = shown
        box.can_focus = shown
        if shown:
            box.focus()
        else:
            self.set_focus(None)

    def _action_text(self, act: Action) -> Text:
        from ...dates import describe_due
        from ...progress import action_history

        text = Text()
        text.append(f"{act.id}  {act.title}\n\n", style="bold")
        text.append(f"Owner    {act.owner or '—'}\n")
        due = f"{act.due} ({describe_due(act.due, self.day)})" if act.due else "no due date"
        text.append(f"Due      {due}\n")
        current = self._update_for(act.id)
        status = current.status if current else act.status
        text.append("Status   ")
        text.append(f" {status.label} ", style="bold reverse")
        text.append("  ✓ recorded today\n" if current else "  (not yet discussed today)\n")
        text.append(f"Latest   {act.latest_update or '—'}\n")
        history = [h for h in action_history(self.session, act.id) if h[0] != self.day]
        if history:
            text.append("\nEarlier check-ins\n", style="underline")
            for day, update in history[-3:]:
                text.append(f"  {day}  {update.status.label:<12} {update.update}\n")
        return text

    def _indicator_text(self, ind: Indicator) -> Text:
        from ...progress import explain_indicator, indicator_value, sparkline

        def num(value: float | None) -> str:
            return indicator_value(ind, value)

        verdict = explain_indicator(ind, self.day)
        text = Text()
        text.append(f"{ind.id}  {ind.name}\n\n", style="bold")
        text.append(f"Baseline {num(ind.baseline)}   Target {num(ind.target)}")
        if ind.target_date:
            text.append(f" by {ind.target_date}")
        text.append(f" ({'higher' if ind.direction.value == 'increase' else 'lower'} is better)\n")
        if verdict.expected is not None:
            text.append("Expected ", style="bold")
            text.append(f"{num(verdict.expected)} by today, on the straight line to target\n")
        values = [r.value for r in ind.readings]
        if values:
            text.append(f"Trend    {sparkline(values, 24)}  latest {num(values[-1])}\n")
        text.append("Status   ")
        text.append(verdict.sentence, style="bold")
        text.append("\n")
        for reading in ind.readings[-3:]:
            today = "  ← today" if reading.date == self.day else ""
            text.append(f"  {reading.date}  {num(reading.value)}  {reading.note}{today}\n")
        return text

    def _update_for(self, action_id: str) -> ActionUpdate | None:
        return next((u for u in self.checkin.updates if u.action == action_id), None)

    # ----- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("status", "update"):
            return self.in_actions and not self.query_one("#checkin-input", Input).has_focus
        if action == "move":
            return not self.query_one("#checkin-input", Input).has_focus
        return True

    def _record(self, status: ActionStatus | None = None, update: str = "") -> None:
        act = self.actions[self.index]
        current = self._update_for(act.id)
        if status is None:
            status = current.status if current else act.status
        if not update and current is not None:
            update = current.update
        try:
            self.document.apply(RecordUpdate(self.day, act.id, status, update))
        except EditError as exc:
            self.notify(str(exc), severity="error", timeout=8)

    def action_status(self, key: str) -> None:
        self._record(STATUS_KEYS[key])
        self.show()

    def action_update(self) -> None:
        box = self.query_one("#checkin-input", Input)
        act = self.actions[self.index]
        self._input_shown(True)
        box.placeholder = "one line: what happened since last time; enter records, esc cancels"
        current = self._update_for(act.id)
        box.value = current.update if current else ""

    @on(Input.Submitted, "#checkin-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if (problem := control_in(value)) is not None:  # pasted text can bring them
            self.notify(f"The text {problem}, then press enter.", severity="error")
            return
        if self.in_actions:
            if value:
                self._record(update=value)
            self.index += 1
            self.show()
            return
        ind = self.indicators[self.index - len(self.actions)]
        if value:
            try:
                number = parse_number(value)
                if number is None:  # only a "%" or a ","
                    raise ValueError(f"“{value}” is not a number: type a value such as 42 or 3.5.")
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            try:
                # a second check-in of the day adds its reading beside the first
                self.document.apply(RecordReading(ind.id, self.day, number, replace=False))
            except EditError as exc:
                self.notify(f"{exc} Type a value such as 42 or 3.5.", severity="error")
                return
        self.index += 1
        self.show()

    def action_move(self, step: int) -> None:
        self.index = max(0, min(self.total, self.index + step))
        self.show()

    def action_finish(self) -> None:
        """Escape: leave the update being typed (asking first when words would be lost), or
        end the check-in; what is recorded stays."""
        box = self.query_one("#checkin-input", Input)
        if box.has_focus and self.in_actions:
            act = self.actions[self.index]
            current = self._update_for(act.id)
            typed = box.value.strip()
            if typed and typed != (current.update if current else ""):
                from .confirm import ConfirmDialog

                def answered(discard: bool | None) -> None:
                    if discard:
                        self.show()
                    else:
                        box.focus()

                self.app.push_screen(
                    ConfirmDialog(
                        "Discard the update?",
                        f"“{typed}” is not recorded yet: enter records it.",
                        yes="Discard",
                        no="Keep editing",
                    ),
                    answered,
                )
                return
            self.show()
            return
        self.dismiss(None)
