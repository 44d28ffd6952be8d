"""Step 1: the vision statement, theory of change, assumptions, goals and participants."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import TextArea

from ...document import Change
from ...edits import AddItem, DeleteItem, MoveItem, SetText, UpdateItem, usage
from ...models import Goal, Sector
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.form import FormDialog, FormField, drop_controls
from ..widgets.item_table import ItemTable, MovableItemTable
from .base import StepView

SECTOR_OPTIONS = [(s.label, s.value) for s in Sector]


class VisionStep(StepView):
    """Write the vision, its theory of change and assumptions; list goals and participants."""

    step_number = 1

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("S", "details", "Details", key_display="S", id="vision.details",
                tooltip="The session's details: title, organisation, alignment type, "
                "facilitator, meeting date"),
    ]  # fmt: skip

    def action_details(self) -> None:
        from ..dialogs.details import edit_details

        edit_details(self.app, self.document, self.today())

    def compose(self) -> ComposeResult:
        with Vertical(id="vision-texts"):
            yield TextArea(
                id="vision-statement",
                soft_wrap=True,
                tab_behavior="focus",
                classes="prose",
                placeholder="The future the initiatives pull toward, in the room's words.",
            )
            yield TextArea(
                id="theory-of-change",
                soft_wrap=True,
                tab_behavior="focus",
                classes="prose",
                placeholder="If we do these things, then these outcomes follow, so that …",
            )
            yield TextArea(
                id="assumptions",
                soft_wrap=True,
                tab_behavior="focus",
                classes="prose",
                placeholder="What must hold for the theory of change to work, one per line.",
            )
        with Vertical(id="vision-lists"):
            yield MovableItemTable(noun="goal", stretch="title", id="goals-table")
            yield ItemTable(noun="participant", id="participants-table")

    def on_mount(self) -> None:
        self.query_one("#vision-statement").border_title = "Vision statement"
        self.query_one("#theory-of-change").border_title = "Theory of change"
        self.query_one("#assumptions").border_title = "Assumptions (one per line)"
        goals = self.query_one("#goals-table", ItemTable)
        goals.border_title = "Goals"
        goals.add_column("ID", key="id", width=4)
        goals.add_column("Goal", key="title", width=12)
        people = self.query_one("#participants-table", ItemTable)
        people.border_title = "Participants"
        people.add_column("Name", key="name")
        people.add_column("Role", key="role")
        people.add_column("Organisation", key="org")
        people.add_column("Sector", key="sector")

    # ----- drawing ----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        self.shown_revision = self.document.revision
        self._fill_texts()
        self._fill_goals()
        self._fill_participants()

    def document_changed(self, change: Change) -> None:
        """Redraw only what the change may concern (typing in a box redraws no table)."""
        self.shown_revision = self.document.revision
        if change.touches("vision"):
            self._fill_texts()
        if change.touches("goals"):
            self._fill_goals()
        if change.touches("participants"):
            self._fill_participants()

    def _fill_texts(self) -> None:
        vision = self.session.vision
        for wid, text in (
            ("#vision-statement", vision.statement),
            ("#theory-of-change", vision.theory_of_change),
            ("#assumptions", "\n".join(vision.assumptions)),
        ):
            area = self.query_one(wid, TextArea)
            if area.text != text and not area.has_focus:
                area.load_text(text)

    def _fill_goals(self, keep: str | None = None) -> None:
        table = self.query_one("#goals-table", ItemTable)
        keep = keep or table.current_id
        table.clear()
        for goal in self.session.goals:
            table.add_row(
                goal.id,
                table.long_text(goal.title),
                key=goal.id,
                height=table.row_height(goal.title),
            )
        n = len(self.session.goals)
        table.border_subtitle = f"{n} goal" + ("" if n == 1 else "s")
        table.move_cursor_to(keep)

    def _fill_participants(self, keep: str | None = None) -> None:
        table = self.query_one("#participants-table", ItemTable)
        keep = keep or table.current_id
        table.clear()
        for n, person in enumerate(self.session.participants):
            table.add_row(
                person.name,
                person.role,
                person.organisation,
                person.sector.label if person.sector else "",
                key=str(n),
            )
        n = len(self.session.participants)
        table.border_subtitle = f"{n} " + ("person" if n == 1 else "people")
        table.move_cursor_to(keep)

    def focus_default(self) -> None:
        self.query_one("#goals-table", ItemTable).focus()

    # ----- text -------------------------------------------------------------------------------

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if (removed := drop_controls(area)) is not None:
            self.notify(removed, severity="warning", timeout=6)
        vision = self.session.vision
        current = {
            "vision-statement": ("vision.statement", vision.statement),
            "theory-of-change": ("vision.theory_of_change", vision.theory_of_change),
            "assumptions": ("vision.assumptions", "\n".join(vision.assumptions)),
        }
        if area.id not in current:
            return
        field, value = current[area.id]
        if area.text != value:  # a text loaded from the session is no edit
            self.apply(SetText(field, area.text))  # type: ignore[arg-type]

    # ----- goals and participants ------------------------------------------------------------

    @on(ItemTable.Requested, "#goals-table")
    def _goal_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        session = self.session
        if event.verb == "add":
            self._edit_goal(None)
        elif event.verb == "edit" and event.item_id:
            self._edit_goal(session.goal(event.item_id))
        elif event.verb == "delete" and event.item_id:
            self._delete_goal(event.item_id)
        elif event.verb in ("up", "down") and event.item_id:
            self.apply(MoveItem("goal", event.item_id, -1 if event.verb == "up" else 1))
            self.query_one("#goals-table", ItemTable).move_cursor_to(event.item_id)

    def _edit_goal(self, goal: Goal | None) -> None:
        fields = [
            FormField(
                "title",
                "Goal",
                required=True,
                placeholder="e.g. Every child ready for kindergarten",
            ),
            FormField(
                "description",
                "Description",
                kind="multiline",
                height=4,
                help="What it means and how the room will know it is met.",
            ),
        ]
        values = goal.model_dump() if goal else {}
        title = f"Edit goal {goal.id}" if goal else "New goal"

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if goal is None:
                add = AddItem("goal", result)
                if self.apply(add):
                    self.query_one("#goals-table", ItemTable).move_cursor_to(add.created)
            else:
                self.apply(UpdateItem("goal", goal.id, result))

        self.app.push_screen(FormDialog(title, fields, values), done)

    def _delete_goal(self, goal_id: str) -> None:
        goal = self.session.goal(goal_id)
        if goal is None:
            return
        used = usage(self.session, "goal", goal_id)
        body = f"“{goal.title}”"
        if used:
            body += f"\n\nIt is {used.describe()}; those links and ratings go too."
        body += "\n\nctrl+z undoes it."

        def done(yes: bool | None) -> None:
            if yes:
                self.apply(DeleteItem("goal", goal_id))

        self.app.push_screen(ConfirmDialog(f"Delete goal {goal_id}?", body), done)

    @on(ItemTable.Requested, "#participants-table")
    def _person_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        people = self.session.participants
        index = int(event.item_id) if event.item_id is not None else None
        if event.verb == "add":
            self._edit_person(None)
        elif event.verb == "edit" and index is not None:
            self._edit_person(index)
        elif event.verb == "delete" and index is not None:
            person = people[index]

            def done(yes: bool | None) -> None:
                if yes:
                    self.apply(DeleteItem("participant", str(index)))

            self.app.push_screen(
                ConfirmDialog(f"Remove {person.name} from the participants?", "ctrl+z undoes it."),
                done,
            )

    def _edit_person(self, index: int | None) -> None:
        people = self.session.participants
        fields = [
            FormField("name", "Name", required=True),
            FormField("role", "Role", placeholder="e.g. Director of student services"),
            FormField("organisation", "Organisation", placeholder="e.g. Harmon County Schools"),
            FormField("sector", "Sector", kind="choice", options=SECTOR_OPTIONS),
        ]
        values = people[index].model_dump(mode="json") if index is not None else {}

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            table = self.query_one("#participants-table", ItemTable)
            if index is None:
                add = AddItem("participant", result)
                if self.apply(add):
                    table.move_cursor_to(add.created)
            else:
                self.apply(UpdateItem("participant", str(index), result))

        title = "Edit participant" if index is not None else "New participant"
        self.app.push_screen(FormDialog(title, fields, values), done)
