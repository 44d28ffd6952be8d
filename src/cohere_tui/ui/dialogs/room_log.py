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

from ...edits import AddItem, DeleteItem, ParkingToItem, UpdateItem
from ...models import Session
from ..editing import apply_edit
from ..widgets.item_table import ItemTable
from ..widgets.key_footer import KeyFooter
from .base import Dialog
from .confirm import ConfirmDialog
from .form import FormDialog, FormField

if TYPE_CHECKING:
    from ...document import SessionDocument


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

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog room-log"):
            yield Label("Parking lot and decisions", classes="dialog-title")
            yield ItemTable(noun="parked item", stretch="text", id="parking-table")
            yield ItemTable(noun="decision", stretch="text", id="decision-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        parking = self.query_one("#parking-table", ItemTable)
        parking.add_column("ID", key="id", width=3)
        parking.add_column("State", key="state", width=10)
        parking.add_column("Added", key="added", width=10)
        parking.add_column("Item", key="text", width=20)
        decisions = self.query_one("#decision-table", ItemTable)
        decisions.add_column("ID", key="id", width=3)
        decisions.add_column("Date", key="date", width=10)
        decisions.add_column("Step", key="step", width=4)
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
        for item in self.session.parking_lot:
            state = Text("✓ dealt with") if item.done else Text("● open", style="bold")
            parking.add_row(item.id, state, str(item.added), item.text, key=item.id)
        open_items = sum(not p.done for p in self.session.parking_lot)
        parking.border_title = (
            f"Parking lot · {open_items} open · space done · f finding · A action"
        )
        parking.move_cursor_to(keep)
        decisions = self.query_one("#decision-table", ItemTable)
        keep = decisions.current_id
        decisions.clear()
        for decision in self.session.decisions:
            decisions.add_row(
                decision.id, str(decision.date), str(decision.step or ""), decision.text,
                key=decision.id,
            )  # fmt: skip
        decisions.border_title = f"Decision log · {len(self.session.decisions)}"
        decisions.move_cursor_to(keep)

    def _parked(self) -> Any:
        table = self.query_one("#parking-table", ItemTable)
        if not table.has_focus or table.current_id is None:
            return None
        return next((p for p in self.session.parking_lot if p.id == table.current_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_done", "to_finding", "to_action"):
            return self._parked() is not None
        return True

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
