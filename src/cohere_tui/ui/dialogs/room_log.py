"""The parking lot and the decision log: review them, mark items dealt with, and turn a parked
item into a finding or an action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label

from ...edits import AddItem, DeleteItem, ParkingToItem, RecordConsensus, UpdateItem
from ...models import ConsensusCheck, ConsensusMethod, Session, Vote
from ...votes import check_passes
from ..editing import apply_edit
from ..widgets.item_table import ItemTable
from ..widgets.key_footer import KeyFooter
from .base import Dialog
from .confirm import ConfirmDialog
from .form import FormDialog, FormField
from .tally import TallyDialog

if TYPE_CHECKING:
    from ...document import SessionDocument


DEALT_WITH = "✓ dealt with"


class RoomLogScreen(Dialog[None]):
    """Parking lot above, decisions below; `tab` moves between them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the step", id="log.close"),
        Binding("space", "toggle_done", "Done/undo", tooltip="Mark a parked item dealt with, "
                "or not", id="log.done"),
        Binding("f", "to_finding", "To finding", tooltip="Turn the parked item into a finding "
                "(step 3)", id="log.finding"),
        Binding("A", "to_action", "To action", key_display="A", tooltip="Turn the parked item "
                "into an action (step 4)", id="log.action"),
        Binding("c", "consensus", "Consensus", tooltip="Check the room's consensus on the "
                "decision: fist to five or gradients of agreement, typed or from the phones",
                id="log.consensus"),
    ]  # fmt: skip

    def __init__(
        self, document: SessionDocument, today: dt.date, *, reveal: str | None = None
    ) -> None:
        super().__init__()
        self.document = document
        self.today = today
        self.reveal = reveal
        """A parked item or decision (by ID) to put the cursor on (found by Find)."""

    @property
    def session(self) -> Session:
        return self.document.session

    def _apply(self, edit: Any) -> bool:
        changed = apply_edit(self, self.document, edit) is not None
        self.fill()
        return changed

    @on(ItemTable.Reflow)
    def _reflow(self, event: ItemTable.Reflow) -> None:
        event.stop()
        self.fill()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog room-log"):
            yield Label("Parking lot and decisions", classes="dialog-title")
            yield ItemTable(noun="parked item", stretch="text", id="parking-table")
            yield ItemTable(noun="decision", stretch="text", id="decision-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        parking = self.query_one("#parking-table", ItemTable)
        parking.add_column("ID", key="id", width=3)
        parking.add_column("State", key="state", width=len(DEALT_WITH))  # never cut
        parking.add_column("Added", key="added", width=10)
        parking.add_column("Item", key="text", width=20)
        decisions = self.query_one("#decision-table", ItemTable)
        decisions.add_column("ID", key="id", width=3)
        decisions.add_column("Date", key="date", width=10)
        decisions.add_column("Step", key="step", width=4)
        decisions.add_column("Consensus", key="consensus", width=16)
        decisions.add_column("Decision", key="text", width=20)
        self.fill()
        parking.focus()
        if self.reveal is not None:
            for table in (parking, decisions):
                try:
                    table.get_row_index(self.reveal)
                except Exception:
                    continue
                table.focus()
                table.move_cursor_to(self.reveal)

    def fill(self) -> None:
        parking = self.query_one("#parking-table", ItemTable)
        keep = parking.current_id
        parking.clear()
        parking.plan_rows([item.text for item in self.session.parking_lot])
        for item in self.session.parking_lot:
            state = Text(DEALT_WITH) if item.done else Text("● open", style="bold")
            parking.add_row(item.id, state, str(item.added), parking.long_text(item.text),
                            key=item.id, height=parking.row_height(item.text))  # fmt: skip
        open_items = sum(not p.done for p in self.session.parking_lot)
        parking.border_title = (
            f"Parking lot · {open_items} open · space done · f finding · A action"
        )
        parking.move_cursor_to(keep)
        decisions = self.query_one("#decision-table", ItemTable)
        keep = decisions.current_id
        decisions.clear()
        decisions.plan_rows([decision.text for decision in self.session.decisions])
        for decision in self.session.decisions:
            decisions.add_row(
                decision.id, str(decision.date), "" if decision.step is None else str(decision.step),
                consensus_text(decision.checks), decisions.long_text(decision.text),
                key=decision.id, height=decisions.row_height(decision.text),
            )  # fmt: skip
        decisions.border_title = f"Decision log · {len(self.session.decisions)}"
        decisions.move_cursor_to(keep)

    def _parked(self) -> Any:
        table = self.query_one("#parking-table", ItemTable)
        if not table.has_focus or table.current_id is None:
            return None
        return next((p for p in self.session.parking_lot if p.id == table.current_id), None)

    def _decision(self) -> Any:
        table = self.query_one("#decision-table", ItemTable)
        if not table.has_focus or table.current_id is None:
            return None
        return next((d for d in self.session.decisions if d.id == table.current_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_done", "to_finding", "to_action"):
            return self._parked() is not None
        if action == "consensus":
            return self._decision() is not None
        return True

    def action_consensus(self) -> None:
        decision = self._decision()
        if decision is not None:
            check_consensus(self.app, self.document, decision.id, self.today, self.fill)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_done(self) -> None:
        item = self._parked()
        if item is not None:
            self._apply(UpdateItem("parking", item.id, {"done": not item.done}))

    def action_to_finding(self) -> None:
        item = self._parked()
        if item is not None:
            edit = ParkingToItem(item.id, "finding")
            if self._apply(edit):
                self.notify(f"{edit.created} added to the findings (step 3).", timeout=4)

    def action_to_action(self) -> None:
        item = self._parked()
        if item is not None:
            edit = ParkingToItem(item.id, "action")
            if self._apply(edit):
                self.notify(f"{edit.created} added to the action plan (step 4).", timeout=4)

    @on(ItemTable.Requested)
    def _requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        parking = event.table.id == "parking-table"
        items: list[Any] = self.session.parking_lot if parking else self.session.decisions
        item = next((i for i in items if i.id == event.item_id), None)
        noun = "parked item" if parking else "decision"
        kind = "parking" if parking else "decision"
        if event.verb == "add":
            ask_and_log(self.app, self.document, kind, None, self.today, self.fill)
        elif event.verb == "edit" and item is not None:
            field = FormField("text", noun.capitalize(), required=True)

            def edited(result: dict[str, Any] | None) -> None:
                if result is not None:
                    self._apply(UpdateItem(kind, item.id, {"text": result["text"]}))

            self.app.push_screen(
                FormDialog(f"Edit {noun} {item.id}", [field], {"text": item.text}), edited
            )
        elif event.verb == "delete" and item is not None:

            def deleted(yes: bool | None) -> None:
                if yes:
                    self._apply(DeleteItem(kind, item.id))

            self.app.push_screen(ConfirmDialog(f"Delete {noun} {item.id}?", item.text), deleted)


def ask_and_log(
    app: Any,
    document: SessionDocument,
    kind: str,
    step: int | None,
    today: dt.date,
    done: Callable[[], object],
) -> None:
    """A one-line prompt that parks an item or logs a decision, dated today."""
    label = "Parking lot item" if kind == "parking" else "Decision"

    def logged(result: dict[str, Any] | None) -> None:
        if result is None:
            return
        values: dict[str, Any] = {"text": result["text"], "step": step}
        values["added" if kind == "parking" else "date"] = today
        add = AddItem(kind, values)
        if apply_edit(app, document, add) is not None:
            said = "Parked" if kind == "parking" else "Logged"
            app.notify(f"{said} as {add.created}.", timeout=3)
        done()

    app.push_screen(FormDialog(label, [FormField("text", label, required=True)]), logged)


def consensus_text(checks: list[ConsensusCheck]) -> Text:
    """The latest consensus check in a few words and a symbol: ``✓ passes · 6``."""
    if not checks:
        return Text("")
    latest = checks[-1]
    result = check_passes(latest)
    mark = "✓ passes" if result.passes else "✗ not yet"
    return Text(f"{mark} · {len(latest.votes)}", style="bold" if result.passes else "")


def check_consensus(
    app: Any, document: SessionDocument, target_id: str, today: dt.date, done: Callable[[], object]
) -> None:
    """Ask the room for its consensus on a decision or an action: the method, then the votes
    typed (one digit per voice or a tally) or, left empty, from the phones (a ballot)."""
    from ...votes import CONSENSUS_SCALES, VoteError, consensus_question, parse_votes, typed_votes

    fields = [
        FormField("method", "Method", kind="choice", required=True,
                  options=[(m.label, m.value) for m in ConsensusMethod]),
        FormField("votes", "Votes", help="one digit per voice (5 4 3) or a tally (4:3 2:1); "
                  "leave empty to ask the phones"),
        FormField("note", "Note", help="what the room said, e.g. the reservations heard"),
    ]  # fmt: skip

    def check(values: dict[str, Any]) -> dict[str, str]:
        text = str(values.get("votes") or "").strip()
        if not text or not values.get("method"):
            return {}
        try:
            parse_votes(text, CONSENSUS_SCALES[ConsensusMethod(values["method"])])
        except VoteError as exc:
            return {"votes": str(exc).capitalize() + "."}
        return {}

    def record(method: ConsensusMethod, votes: list[Vote], note: str) -> None:
        check = ConsensusCheck(date=today, method=method, votes=votes, note=note)
        change = apply_edit(app, document, RecordConsensus(target_id, check))
        if change is not None:
            scale = CONSENSUS_SCALES[method]
            counts = {v: 0 for v in scale.values}
            for vote in votes:
                counts[vote.value] += 1
            rows = [(f"{v} {scale.labels[v]}", n) for v, n in counts.items()]
            app.push_screen(
                TallyDialog(f"Consensus on {target_id}: {method.label.lower()}", rows,
                            f"{check_passes(check).reason} · ctrl+z undoes")
            )  # fmt: skip
        done()

    def asked(result: dict[str, Any] | None) -> None:
        if result is None:
            return
        method = ConsensusMethod(result["method"])
        text = str(result.get("votes") or "").strip()
        note = str(result.get("note") or "").strip()
        if text:
            record(method, typed_votes(parse_votes(text, CONSENSUS_SCALES[method])), note)
            return
        from ...votes import votes_from_result
        from .ballot import BallotDialog

        scale = CONSENSUS_SCALES[method]
        question = consensus_question(document.session, target_id, method)

        def closed(ballot: Any) -> None:
            if ballot is None:
                return
            votes = votes_from_result(ballot)
            if votes:
                record(method, votes, note)
            else:
                app.notify("No one voted: nothing recorded.", timeout=4)

        app.push_screen(
            BallotDialog(
                app.context.ballots.server(),
                question,
                expected=len(document.session.participants) or None,
                value_label=lambda k: f"{k} {scale.labels.get(int(k), '')}" if k.isdigit() else k,
            ),
            closed,
        )

    app.push_screen(
        FormDialog(f"Consensus check on {target_id}", fields,
                   {"method": ConsensusMethod.FIST_TO_FIVE.value}, check=check),
        asked,
    )  # fmt: skip
