"""The system alignment exercise: 2–3 initiatives rated against the vision and goals, large."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static
from textual.widgets.data_table import ColumnKey

from ...edits import SetRating, get_rating
from ...models import RATING_LABELS, VISION_KEY, Session, Vote
from ...votes import distribution_text, spread_mark, values_of
from ..editing import apply_edit
from ..widgets.grid_layout import wrap_cells
from ..widgets.key_footer import KeyFooter
from ..widgets.rating_style import RATING_STYLES, UNRATED_STYLE
from .base import Dialog
from .form import FormDialog, FormField

if TYPE_CHECKING:
    from ...document import SessionDocument

CELL_WIDTH = 18
"""The widest an initiative's column gets (narrower when three must fit side by side)."""
MIN_CELL_WIDTH = 14
LABEL_MIN = 16
LABEL_MAX = 44
RATE_GROUP = Binding.Group("Rate", compact=True)


def big_cell(value: int | None, votes: list[Vote] | None = None, width: int = CELL_WIDTH) -> Text:
    """A wide cell: the digit and its word, on the rating's colour; with the room's votes,
    ``~`` after the digit when they span two points or more, and the distribution below."""
    values = values_of(votes or [])
    if value is None:
        return Text("\n" + "· unrated".center(width), style=UNRATED_STYLE)
    label = f"{value}{spread_mark(values)}  {RATING_LABELS[value]}"
    if values:
        return Text(
            "\n".join(["".center(width), label.center(width),
                       distribution_text(values).center(width)]),
            style=RATING_STYLES[value],
        )  # fmt: skip
    return Text(
        "\n".join(["".center(width), label.center(width), "".center(width)]),
        style=RATING_STYLES[value],
    )


def exercise_widths(room: int, columns: int) -> tuple[int, int]:
    """(label width, cell width) so that ``columns`` initiatives sit side by side in
    ``room`` cells (each column has a blank either side)."""
    cell = max(MIN_CELL_WIDTH, min(CELL_WIDTH, (room - LABEL_MIN) // max(columns, 1) - 2))
    label = max(LABEL_MIN, min(LABEL_MAX, room - columns * (cell + 2) - 2))
    return label, cell


class ExercisePicker(FormDialog):
    """The initiatives to put side by side: the list has the focus, so `space` ticks at once."""

    AUTO_FOCUS = "Checklist"


def exercise_picker(session: Session, chosen: list[str]) -> ExercisePicker:
    """The form that asks for two or three initiatives."""
    fields = [
        FormField(
            "initiatives",
            "Initiatives (2–3)",
            kind="multi",
            options=[(f"{i.id}  {i.name}", i.id) for i in session.initiatives],
            help="space ticks an initiative; ctrl+s starts",
        )
    ]

    def check(values: dict[str, Any]) -> dict[str, str]:
        if not 2 <= len(values["initiatives"]) <= 3:
            return {"initiatives": "Tick two or three initiatives."}
        return {}

    return ExercisePicker("System alignment exercise", fields, {"initiatives": chosen}, check=check)


class ExerciseScreen(Dialog[None]):
    """Rows: the vision and each goal. Columns: the chosen initiatives. `0`–`3` rate; with
    auto-move on (the default here) the cursor moves on along the row after each rating."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Done", tooltip="Back to the grid", id="exercise.close"),
        *(Binding(str(n), f"rate({n})", f"Rate {n}", group=RATE_GROUP, tooltip=RATING_LABELS[n],
                  id=f"exercise.rate{n}")
          for n in range(4)),
        Binding("backspace,delete", "rate(None)", "Clear", key_display="⌫",
                tooltip="Clear the rating (unrated)", id="exercise.clear"),
        Binding("m", "toggle_auto_move", "Auto-move", id="exercise.auto_move",
                tooltip="After each rating, move on to the next cell (on/off)"),
        Binding("ctrl+z", "undo", "Undo", id="exercise.undo",
                tooltip="Take back the last change to the session"),
        Binding("ctrl+y", "redo", "Redo", id="exercise.redo",
                tooltip="Make again the change last undone"),
    ]  # fmt: skip

    def __init__(self, document: SessionDocument, initiative_ids: list[str]) -> None:
        super().__init__()
        self.document = document
        self.initiative_ids = initiative_ids
        self.rows = [VISION_KEY, *(g.id for g in document.session.goals)]
        self.auto_move = True
        """On by default here: a row is rated by typing its digits."""
        self.cell_width = CELL_WIDTH
        self.label_width = 30
        self._said = ""

    @property
    def session(self) -> Session:
        return self.document.session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog exercise"):
            yield Label("System alignment exercise", classes="dialog-title")
            yield DataTable(id="exercise-grid", cursor_type="cell", zebra_stripes=False)
            yield Static(id="exercise-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        grid: DataTable[Any] = self.query_one(DataTable)
        grid.header_height = 2
        grid.add_column("", key="row", width=self.label_width)
        for ini_id in self.initiative_ids:
            grid.add_column("", key=ini_id, width=self.cell_width)
        self._fill()
        grid.cursor_coordinate = grid.cursor_coordinate._replace(column=1)
        grid.focus()
        self.update_status()

    def on_resize(self) -> None:
        grid: DataTable[Any] = self.query_one(DataTable)
        room = grid.scrollable_content_region.width
        if room <= 0:
            return
        label, cell = exercise_widths(room, len(self.initiative_ids))
        if (label, cell) != (self.label_width, self.cell_width):
            self.label_width, self.cell_width = label, cell
            self._fill()

    def _fill(self) -> None:
        """The headers (names on two lines) and every row, at the current widths."""
        grid: DataTable[Any] = self.query_one(DataTable)
        where = grid.cursor_coordinate
        grid.columns[ColumnKey("row")].width = self.label_width
        for ini_id in self.initiative_ids:
            ini = self.session.initiative(ini_id)
            name = f"{ini_id} {ini.name}" if ini else ini_id
            column = grid.columns[ColumnKey(ini_id)]
            column.width = self.cell_width
            column.label = Text("\n".join(wrap_cells(name, self.cell_width, 2)), style="bold")
        grid.clear()
        for key in self.rows:
            if key == VISION_KEY:
                label = Text("\nVision", style="bold")
            else:
                goal = self.session.goal(key)
                title = f"{key} {goal.title if goal else ''}"
                label = Text("\n".join(wrap_cells(title, self.label_width, 3)))
            cells = [
                big_cell(self._value(ini_id, key), self._votes(ini_id, key), self.cell_width)
                for ini_id in self.initiative_ids
            ]
            grid.add_row(label, *cells, key=key, height=3)
        grid.refresh()
        grid.cursor_coordinate = where

    def _value(self, initiative_id: str, key: str) -> int | None:
        ini = self.session.initiative(initiative_id)
        return None if ini is None else get_rating(ini, key)

    def _votes(self, initiative_id: str, key: str) -> list[Vote]:
        ini = self.session.initiative(initiative_id)
        return [] if ini is None else list(ini.votes.get(key, []))

    def update_status(self) -> None:
        grid: DataTable[Any] = self.query_one(DataTable)
        row, column = grid.cursor_coordinate
        scale = "0 not aligned / working against · 1 weak · 2 partial · 3 strong"
        if self.auto_move:
            scale = "AUTO-MOVE ON → (m) · " + scale
        text = self._said or scale
        if column >= 1 and row < len(self.rows):
            ini_id = self.initiative_ids[column - 1]
            key = self.rows[row]
            ini = self.session.initiative(ini_id)
            note = ini.rating_notes.get(key, "") if ini else ""
            text = (
                f"{ini_id} × {'the vision' if key == VISION_KEY else key}"
                + (f" — {note}" if note else "")
                + "\n"
                + text
            )
        self.query_one("#exercise-status", Static).update(text)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        if tuple(event.coordinate) != self._moved_to:
            self._said = ""  # the user moved: what the last rating did is old news
        self._moved_to = None
        self.update_status()

    _moved_to: tuple[int, int] | None = None
    """Where auto-move put the cursor (its highlight keeps what the rating said)."""

    def action_rate(self, value: int | None) -> None:
        grid: DataTable[Any] = self.query_one(DataTable)
        row, column = grid.cursor_coordinate
        if column < 1 or row >= len(self.rows):
            return
        ini = self.session.initiative(self.initiative_ids[column - 1])
        key = self.rows[row]
        if ini is None:
            return
        if get_rating(ini, key) == value:  # the same rating again: confirmed, move on
            if self.auto_move:
                self._advance()
            return
        change = apply_edit(self, self.document, SetRating(ini.id, key, value))
        if change is None:
            return
        grid.update_cell(key, ini.id, big_cell(value, self._votes(ini.id, key), self.cell_width))
        self._said = f"{change.description} · ctrl+z undoes"
        if self.auto_move:
            self._advance()
        self.update_status()

    def _advance(self) -> None:
        """The next initiative in the row, then the next row's first."""
        grid: DataTable[Any] = self.query_one(DataTable)
        row, column = grid.cursor_coordinate
        if column < len(self.initiative_ids):
            column += 1
        elif row + 1 < len(self.rows):
            row, column = row + 1, 1
        else:
            return
        self._moved_to = (row, column)
        grid.cursor_coordinate = grid.cursor_coordinate._replace(row=row, column=column)

    def action_toggle_auto_move(self) -> None:
        self.auto_move = not self.auto_move
        self._said = (
            "Auto-move on: after each rating the cursor moves on along the row."
            if self.auto_move
            else "Auto-move off: the cursor stays on the cell rated."
        )
        self.update_status()

    def action_undo(self) -> None:
        change = self.document.undo()
        self._said = "Nothing to undo." if change is None else f"Undone: {change.description}."
        self._fill()
        self.update_status()

    def action_redo(self) -> None:
        change = self.document.redo()
        self._said = "Nothing to redo." if change is None else f"Redone: {change.description}."
        self._fill()
        self.update_status()

    def action_close(self) -> None:
        self.dismiss(None)
