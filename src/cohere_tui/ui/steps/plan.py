"""Step 4: the action plan — every action, grouped and filtered for a meeting round."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ...edits import AddItem, DeleteItem, SetActionStatus, UpdateItem, usage
from ...models import Action, ActionStatus, Priority, Session
from ...words import count
from ..dialogs.action_form import action_fields, action_values, check_action_dates
from ..dialogs.checkin import STATUS_KEYS
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.form import FormDialog, FormField
from ..dialogs.room_log import consensus_text
from ..widgets.item_table import ItemTable
from .base import StepView

Grouping = Literal["none", "owner", "due", "status", "domain", "dots"]
GROUPINGS: list[Grouping] = ["none", "due", "owner", "status", "domain", "dots"]
GROUP_PREFIX = "group:"


def by_dots(session: Session, actions: list[Action]) -> list[tuple[str, list[Action]]]:
    """The actions in the order of the room's latest dot vote (on actions, or on the findings
    they answer), then those the vote did not reach."""
    from ...votes import dot_priority

    place = dot_priority(session)
    ranked = sorted((a for a in actions if a.id in place), key=lambda a: place[a.id])
    rest = [a for a in actions if a.id not in place]
    groups = []
    if ranked:
        groups.append(("ranked by the room's dots", ranked))
    if rest:
        groups.append(("not reached by a dot vote" if ranked else "no dot vote yet", rest))
    return groups


def status_text(action: Action, today: dt.date) -> Text:
    """Status in words, with a symbol for done and blocked and one for overdue or due soon.

    The symbols are explained in the table's legend, so colour is never needed; blocked and
    overdue actions are also drawn in reverse.
    """
    from ...progress import action_flags

    flags = action_flags(action, today)
    symbol = {ActionStatus.DONE: "✓ ", ActionStatus.BLOCKED: "■ "}.get(action.status, "")
    text = Text(symbol + action.status.label)
    dated = [flag.symbol for flag in flags if flag.word in ("OVERDUE", "DUE SOON")]
    if dated:
        text.append(" " + dated[0], style="bold")
    if action.status is ActionStatus.BLOCKED or any(f.word == "OVERDUE" for f in flags):
        text.stylize("bold reverse")
    return text


STATUS_GROUP = Binding.Group("Status", compact=True)
LEGEND = "⚠ overdue · ◷ due soon · ■ blocked · ✓ done"


class PlanStep(StepView):
    """`a` add, `enter` edit, `d` delete, `g` group by, `o` one owner's actions."""

    step_number = 4

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "cycle_group", "Group", tooltip="Group by due date, owner, status, domain, "
                "the room's dots",
                id="plan.group"),
        Binding("o", "owner_filter", "Owner", tooltip="Show one owner's actions (a meeting "
                "round); again to show all", id="plan.owner"),
        # the check-in's status letters, with shift: p and d are Park and Delete here
        *(Binding(letter.upper(), f"quick_status('{letter}')", status.label, group=STATUS_GROUP,
                  key_display=letter.upper(), id=f"plan.status_{status.value}",
                  tooltip=f"Set the selected action's status to {status.label} "
                  "(ctrl+z undoes)")
          for letter, status in STATUS_KEYS.items()),
        # after the status keys: the footer shows the most used first
        Binding("k", "consensus", "Consensus", tooltip="Check the room's consensus on the "
                "selected action: fist-to-five or gradients of agreement, typed or from the "
                "phones", id="plan.consensus"),
        Binding("V", "dot_vote", "Dot vote", key_display="V", tooltip="Dot vote on the open "
                "actions, from the phones or typed: which matter most? (the plan sorts by it)",
                id="plan.dots"),
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grouping: Grouping = "none"
        self.owner: str | None = None

    def compose(self) -> ComposeResult:
        yield ItemTable(noun="action", stretch="title", id="plan-table")
        yield Static(id="action-detail", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#plan-table", ItemTable)
        for label, key, width in (
            ("ID", "id", 4),
            ("Action", "title", 20),
            ("Owner", "owner", 12),
            ("Due", "due", 10),
            ("Status", "status", 13),
            ("Prio", "priority", 6),
        ):
            table.add_column(label, key=key, width=width)
        self.query_one("#action-detail").border_title = "Selected action"

    def focus_default(self) -> None:
        self.query_one("#plan-table", ItemTable).focus()

    # ----- drawing ----------------------------------------------------------------------------

    def shown_actions(self) -> list[Action]:
        actions = self.session.actions
        if self.owner is not None:
            actions = [a for a in actions if a.owner.casefold() == self.owner.casefold()]
        return list(actions)

    def refresh_view(self, keep: str | None = None) -> None:
        from ...progress import group_actions

        self.shown_revision = self.document.revision
        today = self.today()
        table = self.query_one("#plan-table", ItemTable)
        keep = keep or table.current_id
        table.clear()
        actions = self.shown_actions()
        if self.grouping == "none":
            groups = [("", actions)]
        elif self.grouping == "dots":
            groups = by_dots(self.session, actions)
        else:
            groups = group_actions(actions, self.grouping, today)
        table.plan_rows(
            [text for label, members in groups for text in ([label] if label else [])
             + [a.title for a in members]]
        )  # fmt: skip
        for label, members in groups:
            if label:
                table.add_row(
                    "",
                    Text(f"▸ {label} · {len(members)}", style="bold underline"),
                    "",
                    "",
                    "",
                    "",
                    key=f"{GROUP_PREFIX}{label}",
                )
            for act in members:
                table.add_row(
                    act.id,
                    table.long_text(act.title),
                    Text(act.owner, overflow="ellipsis", no_wrap=True),
                    "" if act.due is None else act.due.isoformat(),
                    status_text(act, today),
                    act.priority.label,
                    key=act.id,
                    height=table.row_height(act.title),
                )
        title = f"Action plan · {count(len(actions), 'action')}"
        if self.grouping != "none":
            title += f" · by {self.grouping}"
        if self.owner is not None:
            title += f" · owner: {self.owner}"
        table.border_title = title
        table.border_subtitle = LEGEND
        table.move_cursor_to(keep)
        self.show_detail(table.current_id)

    def show_detail(self, item_id: str | None) -> None:
        detail = self.query_one("#action-detail", Static)
        act = self.session.action(item_id) if item_id else None
        if act is None:
            detail.update(
                "No actions yet: press a to add one, or f on a finding in step 3."
                if not self.session.actions
                else ""
            )
            return
        from ...dates import describe_due
        from ...progress import last_update, update_age

        rows: list[tuple[str, str]] = [
            ("Status", f"{act.status.label} · {act.priority.label} priority"),
            ("Owner", " · ".join(p for p in (act.owner, ", ".join(act.partners)) if p)),
            ("Dates", f"{act.start or '?'} → {act.due or '?'}"
             + (f" ({describe_due(act.due, self.today())})" if act.due else "")),
            ("Updated", update_age(last_update(self.session, act), self.today())),
            ("Domain", act.domain.label if act.domain else ""),
            ("Answers", ", ".join(act.findings)),
            ("Touches", ", ".join(act.initiatives)),
            ("Indicator", act.indicator),
            ("Latest", act.latest_update),
            ("Notes", act.notes),
            ("Consensus", consensus_text(act.checks).plain if act.checks else ""),
        ]  # fmt: skip
        text = Text(f"{act.id} · {act.title}\n", style="bold")
        for label, value in rows:
            if value:
                text.append(f"{label:>9}  ", style="bold")
                text.append(value + "\n")
        text.rstrip()
        detail.update(text)

    @on(ItemTable.RowHighlighted, "#plan-table")
    def _highlighted(self, event: ItemTable.RowHighlighted) -> None:
        key = event.row_key.value
        self.show_detail(None if key is None or key.startswith(GROUP_PREFIX) else key)

    # ----- grouping and owner -----------------------------------------------------------------

    def reveal(self, kind: str, item_id: str) -> bool:
        """A found action is shown even when one owner's actions are shown."""
        if self.owner is not None:
            self.owner = None
            self.refresh_view()
        return super().reveal(kind, item_id)

    def action_cycle_group(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self.refresh_view()
        shown = "no grouping" if self.grouping == "none" else f"grouped by {self.grouping}"
        self.notify(f"Action plan: {shown}.", timeout=2)

    def action_owner_filter(self) -> None:
        if self.owner is not None:
            self.owner = None
            self.refresh_view()
            return
        owners = sorted({a.owner for a in self.session.actions if a.owner}, key=str.casefold)
        if not owners:
            self.notify("No action has an owner yet.", severity="warning")
            return
        field = FormField(
            "owner", "Owner", kind="choice", required=True, options=[(o, o) for o in owners]
        )

        def done(result: dict[str, Any] | None) -> None:
            if result is not None:
                self.owner = result["owner"]
                self.refresh_view()

        self.app.push_screen(FormDialog("Show one owner's actions", [field], {}), done)

    # ----- quick status and consensus -----------------------------------------------------------------------

    def _selected_action(self) -> Action | None:
        item_id = self.query_one("#plan-table", ItemTable).current_id
        if item_id is None or item_id.startswith(GROUP_PREFIX):
            return None
        return self.session.action(item_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quick_status", "consensus"):
            return self._selected_action() is not None
        return True

    def action_consensus(self) -> None:
        """A consensus check on the selected action (a proposed action the room agrees to)."""
        action = self._selected_action()
        if action is None:
            return
        from ..dialogs.room_log import check_consensus

        check_consensus(self.app, self.document, action.id, self.today(), self.refresh_view)

    def action_dot_vote(self) -> None:
        """A dot-vote round on the open actions, from the phones or typed; once recorded the
        plan is shown in the order of the room's dots."""
        from ...models import DotTarget
        from ..dialogs.dot_vote import run_dot_vote

        actions = [a for a in self.session.actions if a.status.is_open]
        if len(actions) < 2:
            self.notify("A dot vote needs at least two open actions.", severity="warning")
            return

        def sorted_by_dots(_round: object) -> None:
            self.grouping = "dots"
            self.refresh_view()

        run_dot_vote(
            self.app,
            self.document,
            DotTarget.ACTIONS,
            [(a.id, a.title) for a in actions],
            self.today(),
            saved="Saved with its ranking; the plan is now in the order of the dots (g groups "
            "it otherwise)",
            done=sorted_by_dots,
        )

    def action_quick_status(self, letter: str) -> None:
        """One key per status on the selected action (the check-in's letters, with shift)."""
        action = self._selected_action()
        if action is None:
            return
        status = STATUS_KEYS[letter]
        if action.status is status:
            self.notify(f"{action.id} is already {status.label}.", timeout=3)
            return
        change = self.apply(SetActionStatus(action.id, status))
        if change is not None:
            self.notify(f"{change.description} · ctrl+z undoes", timeout=4)

    # ----- editing ----------------------------------------------------------------------------

    @on(ItemTable.Requested, "#plan-table")
    def _requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        item_id = event.item_id
        if item_id is not None and item_id.startswith(GROUP_PREFIX):
            item_id = None
        if event.verb == "add":
            self.edit(None)
        elif event.verb == "edit" and item_id:
            self.edit(self.session.action(item_id))
        elif event.verb == "delete" and item_id:
            self.delete(item_id)

    def edit(self, action: Action | None) -> None:
        session = self.session
        if action is None:
            values: dict[str, Any] = {
                "status": ActionStatus.NOT_STARTED.value,
                "priority": Priority.MEDIUM.value,
                "owner": self.owner or "",
            }
        else:
            values = action_values(action)

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            from ...progress import update_stamp

            result = {**result, **update_stamp(action, result, self.today())}
            if action is None:
                add = AddItem("action", result)
                if self.apply(add):
                    self.refresh_view(keep=add.created)
            else:
                self.apply(UpdateItem("action", action.id, result))

        title = f"Edit action {action.id}" if action else "New action"
        self.app.push_screen(
            FormDialog(title, action_fields(session, self.today()), values,
                       check=check_action_dates),
            done,
        )  # fmt: skip

    def delete(self, action_id: str) -> None:
        action = self.session.action(action_id)
        if action is None:
            return
        used = usage(self.session, "action", action_id)
        body = action.title
        if used:
            body += f"\n\nAlso deleted: its {used.describe()}."
        body += "\n\nctrl+z undoes it."

        def done(yes: bool | None) -> None:
            if yes:
                self.apply(DeleteItem("action", action_id))

        self.app.push_screen(ConfirmDialog(f"Delete action {action_id}?", body), done)
