"""A grid of links between two kinds of items (initiatives × funding streams, initiatives ×
populations), one cell per pair, edited by keys: `space` links or unlinks the pair under
the cursor, `%` sets its share. The matrix only asks; its owner applies the edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

MatrixVerb = Literal["toggle", "share", "open"]

LINKED = "●"
"""A pair linked with no share recorded."""
UNLINKED = "·"
"""A pair not linked."""


class LinkMatrix(DataTable[Any]):
    """Rows keyed by one kind of item, columns by the other; the first ``fixed`` columns
    describe the row and take no keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "request('toggle')", "Link/unlink", tooltip="Link the two items of "
                "this cell, or take the link away", id="matrix.toggle"),
        Binding("percent_sign", "request('share')", "Share", key_display="%", tooltip="Set "
                "the share of this cell's link, in percent", id="matrix.share"),
        Binding("enter", "request('open')", "Open", tooltip="Edit the item of this column",
                id="matrix.open"),
    ]  # fmt: skip

    @dataclass
    class Requested(Message):
        """The user asked to change the link of one cell (``column`` is the column key)."""

        matrix: LinkMatrix
        verb: MatrixVerb
        row: str
        column: str

        @property
        def control(self) -> LinkMatrix:
            return self.matrix

    def __init__(self, *, fixed: int = 1, shares: bool = True, **kwargs: Any) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)
        self.fixed = fixed
        self.shares = shares

    def here(self) -> tuple[str, str] | None:
        """The row and column keys under the cursor, when it is on a link cell."""
        if self.row_count == 0 or self.cursor_column < self.fixed:
            return None
        try:
            row, column = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        if row.value is None or column.value is None:
            return None
        return str(row.value), str(column.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request":
            if parameters and parameters[0] == "share" and not self.shares:
                return False
            return self.here() is not None
        return True

    def on_data_table_cell_highlighted(self) -> None:
        """Whether the keys apply depends on the column: the footer follows the cursor."""
        self.refresh_bindings()

    def action_request(self, verb: MatrixVerb) -> None:
        here = self.here()
        if here is not None:
            self.post_message(self.Requested(self, verb, *here))

    def set_cell(self, row: str, column: str, value: str | Text) -> None:
        """Change one cell (text shown as written, never as markup)."""
        cell = Text(value, no_wrap=True) if isinstance(value, str) else value
        self.update_cell(row, column, cell)


_UNLINKED_CELL = Text(UNLINKED, style="dim")
_LINKED_CELL = Text(LINKED, style="bold")


def link_cell(linked: bool, share: float | None = None) -> Text:
    """A link cell: '·' none, '●' linked, '40%' linked with a share (symbols, not colour).
    The two plain cells are shared (a large grid holds thousands)."""
    if not linked:
        return _UNLINKED_CELL
    if share is None:
        return _LINKED_CELL
    return Text(f"{share:g}%", style="bold")
