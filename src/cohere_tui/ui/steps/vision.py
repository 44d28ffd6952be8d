"""Step 1: the vision statement, theory of change, assumptions and goals (the team lives in
Prepare)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from ...document import Change
from ...edits import AddItem, DeleteItem, MoveItem, SetText, UpdateItem, usage
from ...models import Goal, Session
from ..dialogs.form import FormDialog, FormField, drop_controls
from ..widgets.item_table import ItemTable, MovableItemTable
from .base import StepView

TEXT_PRIORITY = ("theory-of-change", "vision-statement", "assumptions")
"""Which text gets the height it needs first when the column is short."""


def carried_prompt(session: Session) -> Text | None:
    """What the previous cycle's reflection said to change and to focus on next, for the
    top of step 1; None when there was no earlier cycle or it said neither."""
    if not session.earlier_cycles:
        return None
    said = session.earlier_cycles[-1].reflection
    parts = [(label, value.strip()) for label, value in (
        ("To change", said.change), ("Next focus", said.next_focus)) if value.strip()]  # fmt: skip
    if not parts:
        return None
    text = Text()
    for n, (label, value) in enumerate(parts):
        if n:
            text.append("\n")
        text.append(f"{label}: ", style="bold")
        text.append(" ".join(value.split()))
    return text


class VisionStep(StepView):
    """Write the vision, its theory of change and assumptions; list the goals."""

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
            yield Static(id="carried-reflection", markup=False)
            yield MovableItemTable(noun="goal", stretch="title", id="goals-table")

    def on_mount(self) -> None:
        self.query_one("#vision-statement").border_title = "Vision statement"
        self.query_one("#theory-of-change").border_title = "Theory of change"
        self.query_one("#assumptions").border_title = "Assumptions (one per line)"
        goals = self.query_one("#goals-table", ItemTable)
        goals.border_title = "Goals"
        goals.add_column("#", key="order", width=2)  # the room's order; IDs never renumber
        goals.add_column("ID", key="id", width=3)
        goals.add_column("Goal", key="title", width=12)

    # ----- drawing ----------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_texts)

    def fit_texts(self) -> None:
        """Share the column's height among the three texts by what they hold: the theory of
        change first, then the vision, then the assumptions (each keeps two lines at
        least; a text longer than its share scrolls inside its box)."""
        found = self.query("#vision-texts")
        if not found:  # not composed yet, or being taken down (another session opens)
            return
        room = found.first().content_size.height
        if room <= 0:
            return
        areas = [self.query_one(f"#{name}", TextArea) for name in TEXT_PRIORITY]
        shown = [area for area in areas if area.display]
        needs = [area.wrapped_document.height + area.styles.gutter.height for area in shown]
        least = [2 + area.styles.gutter.height for area in shown]
        heights = list(least)
        spare = room - sum(least)
        for n, need in enumerate(needs):
            grow = max(0, min(spare, need - heights[n]))
            heights[n] += grow
            spare -= grow
        if shown and spare > 0:
            heights[-1] += spare  # the last keeps what is left: the column stays full
        for area, height in zip(shown, heights, strict=True):
            if area.styles.height is None or area.styles.height.cells != height:
                area.styles.height = height

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, TextArea):
            self.fit_texts()

    def refresh_view(self) -> None:
        self.shown_revision = self.document.revision
        self._show_carried()
        self._fill_texts(whole=True)
        self.call_after_refresh(self.fit_texts)
        self._fill_goals()

    def document_changed(self, change: Change) -> None:
        """Redraw only what the change may concern (typing in a box redraws no table)."""
        self.shown_revision = self.document.revision
        if change.touches("vision"):
            self._fill_texts()
        if change.touches("goals"):
            self._fill_goals()

    def _show_carried(self) -> None:
        """The starting prompt of a new cycle: what the last one's reflection said to change
        and to focus on next (kept in the session's history of earlier cycles)."""
        panel = self.query_one("#carried-reflection", Static)
        text = carried_prompt(self.session)
        panel.display = text is not None
        if text is not None:
            last = self.session.earlier_cycles[-1]
            panel.border_title = f"Cycle {last.cycle} said"
            panel.update(text)

    def _fill_texts(self, *, whole: bool = False) -> None:
        """The texts from the session; a box being typed in keeps its text (and cursor)
        unless the whole step is drawn again (on first showing, the screen may have put the
        focus in the first box already)."""
        vision = self.session.vision
        for wid, text in (
            ("#vision-statement", vision.statement),
            ("#theory-of-change", vision.theory_of_change),
            ("#assumptions", "\n".join(vision.assumptions)),
        ):
            area = self.query_one(wid, TextArea)
            if area.text != text and (whole or not area.has_focus):
                area.load_text(text)

    def _fill_goals(self, keep: str | None = None) -> None:
        table = self.query_one("#goals-table", ItemTable)
        keep = keep or table.current_id
        table.clear()
        table.plan_rows([goal.title for goal in self.session.goals])
        for order, goal in enumerate(self.session.goals, 1):
            table.add_row(
                Text(f"{order}.", justify="right"),
                goal.id,
                table.long_text(goal.title),
                key=goal.id,
                height=table.row_height(goal.title),
            )
        n = len(self.session.goals)
        table.border_subtitle = f"{n} goal" + ("" if n == 1 else "s")
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

    # ----- goals ------------------------------------------------------------------------------

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

        from ..dialogs.confirm import ConfirmDialog

        self.app.push_screen(ConfirmDialog(f"Delete goal {goal_id}?", body), done)
