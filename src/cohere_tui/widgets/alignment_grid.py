"""The alignment grid: initiatives × (vision, goals, six domains), rated 0–3 by keys.

A keypress updates the one cell it changes (and that row's and column's summaries), never
the whole table, so the grid stays immediate on 300 initiatives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from ..analysis import column_summary, row_summary
from ..edits import get_rating, set_rating
from ..models import RATING_LABELS, VISION_KEY, Domain, Initiative, Session
from .rating_style import mean_text, rating_cell

SUMMARY_ROW = "__summary__"
NAME_COLUMN = "name"
MEAN_COLUMN = "__mean__"
UNRATED_COLUMN = "__unrated__"


def grid_columns(session: Session) -> list[tuple[str, str]]:
    """(key, header) of every rating column, in order: vision, goals, six domains."""
    columns = [(VISION_KEY, "Vis")]
    columns.extend((goal.id, goal.id) for goal in session.goals)
    columns.extend((domain.value, domain.short[:5]) for domain in Domain)
    return columns


def column_label(session: Session, key: str) -> str:
    """What a column is, in words, for the status line."""
    if key == VISION_KEY:
        return "the vision"
    goal = session.goal(key)
    if goal is not None:
        return f"goal {goal.id} “{goal.title}”"
    try:
        return f"the {Domain(key).label.lower()} domain"
    except ValueError:
        return key


class AlignmentGrid(DataTable[Any]):
    """Keys: arrows move, `0`–`3` rate the cell, `backspace` clears it, `n` edits its note."""

    RATE = Binding.Group("Rate", compact=True)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "rate(0)", "Rate 0", group=RATE, tooltip="0 — not aligned / working against",
                id="grid.rate0"),
        Binding("1", "rate(1)", "Rate 1", group=RATE, tooltip="1 — weak", id="grid.rate1"),
        Binding("2", "rate(2)", "Rate 2", group=RATE, tooltip="2 — partial", id="grid.rate2"),
        Binding("3", "rate(3)", "Rate 3", group=RATE, tooltip="3 — strong", id="grid.rate3"),
        Binding("backspace,delete", "rate(None)", "Clear", key_display="⌫",
                tooltip="Clear the rating: unrated", id="grid.clear"),
        Binding("n", "note", "Note", tooltip="Add or edit the note on this rating",
                id="grid.note"),
    ]  # fmt: skip

    @dataclass
    class Rated(Message):
        """A rating changed (the session is already updated)."""

        grid: AlignmentGrid
        initiative_id: str
        key: str
        value: int | None

        @property
        def control(self) -> AlignmentGrid:
            return self.grid

    @dataclass
    class NoteRequested(Message):
        """The user asked to edit the note of a cell."""

        grid: AlignmentGrid
        initiative_id: str
        key: str

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="cell", fixed_rows=1, fixed_columns=1, **kwargs)
        self.session: Session | None = None
        self.keys: list[str] = []

    # ----- building ---------------------------------------------------------------------------

    def load(self, session: Session) -> None:
        """Build the whole grid (on open, or when goals or initiatives change)."""
        self.session = session
        cursor = self.cursor_coordinate
        self.clear(columns=True)
        columns = grid_columns(session)
        self.keys = [key for key, _ in columns]
        self.add_column("Initiative", key=NAME_COLUMN, width=20)
        for key, header in columns:
            width = 5 if len(header) > 3 else 3
            self.add_column(header, key=key, width=width)
        self.add_column("Mean", key=MEAN_COLUMN, width=4)
        self.add_column("?", key=UNRATED_COLUMN, width=3)
        self.add_row(*self._summary_cells(), key=SUMMARY_ROW)
        for ini in session.initiatives:
            self.add_row(*self._row_cells(ini), key=ini.id)
        if self.row_count > 1:
            row = min(max(cursor.row, 1), self.row_count - 1)
            column = min(max(cursor.column, 1), len(self.keys))
            self.cursor_coordinate = Coordinate(row, column)

    def _width(self, key: str) -> int:
        return 5 if key in {d.value for d in Domain} else 3

    def _row_cells(self, ini: Initiative) -> list[Text]:
        values = [get_rating(ini, key) for key in self.keys]
        cells = [Text(f"{ini.id} {ini.name}", overflow="ellipsis", no_wrap=True)]
        for key, value in zip(self.keys, values, strict=True):
            cell = rating_cell(value, self._width(key))
            if value is not None and key in ini.rating_notes:
                cell = Text(cell.plain[:-1] + "*", style=cell.style)
            cells.append(cell)
        mean, unrated = row_summary(ini, self.keys)
        cells.append(Text(mean_text(mean), justify="right"))
        cells.append(Text(str(unrated), justify="right"))
        return cells

    def _column_stats(self, key: str) -> tuple[float | None, int]:
        assert self.session is not None
        return column_summary(self.session, key)

    def _summary_cells(self) -> list[Text]:
        cells = [Text("Column mean", style="bold")]
        for key in self.keys:
            mean, _ = self._column_stats(key)
            cells.append(Text(mean_text(mean).center(self._width(key)), style="bold"))
        cells.extend([Text(""), Text("")])
        return cells

    # ----- reading the cursor -----------------------------------------------------------------

    def current(self) -> tuple[Initiative, str] | None:
        """The initiative and column key under the cursor, if it is on a rating cell."""
        if self.session is None or self.row_count <= 1:
            return None
        row, column = self.cursor_coordinate
        if row < 1 or not 1 <= column <= len(self.keys):
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        ini = self.session.initiative(str(row_key.value))
        return None if ini is None else (ini, self.keys[column - 1])

    def describe_cursor(self) -> str:
        """One line for the room: what the cell under the cursor means."""
        here = self.current()
        if here is None or self.session is None:
            return "Move to a cell: 0–3 rate it, ⌫ clears it, n adds a note."
        ini, key = here
        value = get_rating(ini, key)
        rating = "unrated" if value is None else f"{value} {RATING_LABELS[value]}"
        mean, unrated = self._column_stats(key)
        line = (
            f"{ini.id} “{ini.name}” × {column_label(self.session, key)}: {rating}"
            f"  ·  column mean {mean_text(mean)}, {unrated} unrated"
        )
        note = ini.rating_notes.get(key)
        if note:
            line += f"\nNote: {note}"
        return line

    # ----- rating -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rate", "note"):
            return self.current() is not None
        return True

    def action_rate(self, value: int | None) -> None:
        here = self.current()
        if here is None:
            return
        ini, key = here
        if not set_rating(ini, key, value):
            return
        self.refresh_cells(ini, key)
        self.post_message(self.Rated(self, ini.id, key, value))

    def refresh_cells(self, ini: Initiative, key: str) -> None:
        """Redraw one cell, its row's summary and its column's mean."""
        value = get_rating(ini, key)
        cell = rating_cell(value, self._width(key))
        if value is not None and key in ini.rating_notes:
            cell = Text(cell.plain[:-1] + "*", style=cell.style)
        self.update_cell(ini.id, key, cell)
        row_mean, unrated = row_summary(ini, self.keys)
        self.update_cell(ini.id, MEAN_COLUMN, Text(mean_text(row_mean), justify="right"))
        self.update_cell(ini.id, UNRATED_COLUMN, Text(str(unrated), justify="right"))
        mean, _ = self._column_stats(key)
        self.update_cell(
            SUMMARY_ROW, key, Text(mean_text(mean).center(self._width(key)), style="bold")
        )

    def action_note(self) -> None:
        here = self.current()
        if here is not None:
            self.post_message(self.NoteRequested(self, here[0].id, here[1]))
