"""The system alignment exercise: 2–3 initiatives rated against the vision and goals, large."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from ...edits import SetRating, get_rating
from ...models import RATING_LABELS, VISION_KEY, Session, Vote
from ...votes import distribution_text, spread_mark, values_of
from ..editing import apply_edit
from ..widgets.key_footer import KeyFooter
from ..widgets.rating_style import RATING_STYLES, UNRATED_STYLE
from .base import Dialog

if TYPE_CHECKING:
    from ...document import SessionDocument

CELL_WIDTH = 18
RATE_GROUP = Binding.Group("Rate", compact=True)


def big_cell(value: int | None, votes: list[Vote] | None = None) -> Text:
    """A wide cell: the digit and its word, on the rating's colour; with the room's votes,
    ``~`` after the digit when they span two points or more, and the distribution below."""
    values = values_of(votes or [])
    if value is None:
        return Text("\n· unrated".center(CELL_WIDTH), style=UNRATED_STYLE)
    label = f"{value}{spread_mark(values)}  {RATING_LABELS[value]}"
    if values:
        return Text(
            "\n".join(["".center(CELL_WIDTH), label.center(CELL_WIDTH),
                       distribution_text(values).center(CELL_WIDTH)]),
            style=RATING_STYLES[value],
        )  # fmt: skip
    return Text(
        "\n".join(["".center(CELL_WIDTH), label.center(CELL_WIDTH), "".center(CELL_WIDTH)]),
        style=RATING_STYLES[value],
    )


class ExerciseScreen(Dialog[None]):
    """Rows: the vision and each goal. Columns: the chosen initiatives. `0`–`3` rate."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Done", tooltip="Back to the grid", id="exercise.close"),
        *(Binding(str(n), f"rate({n})", f"Rate {n}", group=RATE_GROUP, tooltip=RATING_LABELS[n],
                  id=f"exercise.rate{n}")
          for n in range(4)),
        Binding("backspace,delete", "rate(None)", "Clear", key_display="⌫",
                tooltip="Clear the rating (unrated)", id="exercise.clear"),
    ]  # fmt: skip

    def __init__(self, document: SessionDocument, initiative_ids: list[str]) -> None:
        super().__init__()
        self.document = document
        self.initiative_ids = initiative_ids
        self.rows = [VISION_KEY, *(g.id for g in document.session.goals)]

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
        grid.add_column("", key="row", width=30)
        for ini_id in self.initiative_ids:
            ini = self.session.initiative(ini_id)
            name = f"{ini_id} {ini.name}" if ini else ini_id
            grid.add_column(name[:CELL_WIDTH], key=ini_id, width=CELL_WIDTH)
        for key in self.rows:
            if key == VISION_KEY:
                label = Text("\nVision", style="bold")
            else:
                goal = self.session.goal(key)
                label = Text(f"\n{key} {goal.title if goal else ''}", overflow="ellipsis")
            cells = [
                big_cell(self._value(ini_id, key), self._votes(ini_id, key))
                for ini_id in self.initiative_ids
            ]
            grid.add_row(label, *cells, key=key, height=3)
        grid.cursor_coordinate = grid.cursor_coordinate._replace(column=1)
        grid.focus()
        self.update_status()

    def _value(self, initiative_id: str, key: str) -> int | None:
        ini = self.session.initiative(initiative_id)
        return None if ini is None else get_rating(ini, key)

    def _votes(self, initiative_id: str, key: str) -> list[Vote]:
        ini = self.session.initiative(initiative_id)
        return [] if ini is None else list(ini.votes.get(key, []))

    def update_status(self) -> None:
        grid: DataTable[Any] = self.query_one(DataTable)
        row, column = grid.cursor_coordinate
        text = "0 not aligned / working against · 1 weak · 2 partial · 3 strong"
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

    def on_data_table_cell_highlighted(self) -> None:
        self.update_status()

    def action_rate(self, value: int | None) -> None:
        grid: DataTable[Any] = self.query_one(DataTable)
        row, column = grid.cursor_coordinate
        if column < 1 or row >= len(self.rows):
            return
        ini = self.session.initiative(self.initiative_ids[column - 1])
        key = self.rows[row]
        if ini is None:
            return
        if apply_edit(self, self.document, SetRating(ini.id, key, value)) is None:
            return
        grid.update_cell(key, ini.id, big_cell(value, self._votes(ini.id, key)))
        self.update_status()

    def action_close(self) -> None:
        self.dismiss(None)
