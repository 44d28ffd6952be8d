"""A table of session items (goals, participants, initiatives, actions) edited by keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

Verb = Literal["add", "edit", "delete", "up", "down"]


class ItemTable(DataTable[Any]):
    """A DataTable whose rows are keyed by item ID; `a`, `enter`, `d` ask to add, edit, delete.

    The table only asks (posts :class:`ItemTable.Requested`); the step that owns it edits the
    session, so the same table serves every list in the app.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "request('add')", "Add", tooltip="Add an item to this list", id="item.add"),
        Binding(
            "enter",
            "request('edit')",
            "Edit",
            tooltip="Edit the selected item",
            id="item.edit",
        ),
        Binding(
            "d",
            "request('delete')",
            "Delete",
            tooltip="Delete the selected item (asks first)",
            id="item.delete",
        ),
    ]

    @dataclass
    class Requested(Message):
        """The user asked to add, edit, delete or move the item under the cursor."""

        table: ItemTable
        verb: Verb
        item_id: str | None

        @property
        def control(self) -> ItemTable:
            return self.table

    def __init__(
        self, *, noun: str, movable: bool = False, stretch: str | None = None, **kwargs: object
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.noun = noun
        self.movable = movable
        self.stretch = stretch
        """The key of the column that takes whatever width the others leave."""
        self.wrap = False
        """Presenter view: long text always wraps (up to :data:`MAX_WRAPPED_LINES` lines)."""
        self._planned: list[str] = []
        """The stretch column's texts of the last fill, to re-plan on a resize."""
        self._lines = 1
        """The most lines a row may take in this fill (see :meth:`plan_rows`)."""
        self._plan_size: tuple[int, int] = (0, 0)

    MIN_STRETCH = 12
    """The stretch column is never narrower than this (the table scrolls sideways instead)."""

    MIN_WRAP_WIDTH = 16
    """Narrower than this, wrapped text would be a column of fragments: cut it instead."""
    MAX_WRAPPED_LINES = 3
    """A wrapped row shows at most this many lines, so that several rows still fit."""

    class Reflow(Message):
        """The table's size changed so that its long text would wrap otherwise: fill again."""

    def _stretch_width(self) -> int:
        column = next((c for k, c in self.columns.items() if k.value == self.stretch), None)
        return column.width if column is not None else 0

    def _rows_visible(self) -> int:
        return max(self.scrollable_content_region.height - (1 if self.show_header else 0), 0)

    @staticmethod
    def _text_lines(text: str, width: int) -> int:
        if len(text) <= width:  # the common case, without wrapping anything
            return 1
        import textwrap

        return len(textwrap.wrap(text, width)) or 1

    def _choose_lines(self, texts: list[str]) -> int:
        """Lines per row: text wraps where the room reads it, as far as every row still
        fits (the presenter view always wraps); otherwise it is cut, whole in the detail."""
        width = self._stretch_width()
        if width < self.MIN_WRAP_WIDTH or not texts:
            return 1
        if self.wrap:
            return self.MAX_WRAPPED_LINES
        room = self._rows_visible()
        if len(texts) >= room:  # not even one line each to spare: nothing can wrap
            return 1
        needed = [self._text_lines(t, width) for t in texts]
        for lines in range(self.MAX_WRAPPED_LINES, 1, -1):
            if sum(min(lines, n) for n in needed) <= room:
                return lines
        return 1

    def plan_rows(self, texts: list[str]) -> None:
        """Before a fill: the stretch column's text of every row, so that the table can
        choose how many lines a row may take (:meth:`long_text`, :meth:`row_height`)."""
        self._planned = list(texts)
        self._plan_size = (self._stretch_width(), self._rows_visible())
        self._lines = self._choose_lines(self._planned)

    @property
    def wrapping(self) -> bool:
        """Whether long text wraps in this fill."""
        return self._lines > 1

    def long_text(self, text: str) -> Text:
        """A cell of free text: cut with an ellipsis, or wrapped when :attr:`wrapping`."""
        if self.wrapping:
            return Text(text)
        return Text(text, overflow="ellipsis", no_wrap=True)

    def row_height(self, text: str) -> int:
        """The height of a row whose stretch column holds ``text``."""
        if not self.wrapping:
            return 1
        return min(self._lines, self._text_lines(text, self._stretch_width()))

    def _replan(self) -> None:
        """After a resize: ask for a new fill if the rows would now wrap otherwise."""
        if not self._planned:
            return
        size = (self._stretch_width(), self._rows_visible())
        if size == self._plan_size:
            return
        lines = self._choose_lines(self._planned)
        if lines != self._lines or (lines > 1 and size[0] != self._plan_size[0]):
            self._plan_size = size
            self.post_message(self.Reflow())

    def add_row(
        self,
        *cells: Any,
        height: int | None = 1,
        key: str | None = None,
        label: Any = None,
    ) -> RowKey:
        """Add a row; text cells show as written (a title may hold ``[`` or ``[/]``)."""
        return super().add_row(*map(_as_text, cells), height=height, key=key, label=label)

    def clear(self, columns: bool = False) -> Self:
        """Clear the rows (a fill follows); once the new rows are laid out, the stretch column
        refits to the room the other columns leave (their widths follow their content)."""
        super().clear(columns)
        self.call_after_refresh(self.fit_stretch_column)
        return self

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: Any,
        *,
        update_width: bool = False,
    ) -> None:
        super().update_cell(row_key, column_key, _as_text(value), update_width=update_width)

    def update_cell_at(self, coordinate: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell_at(coordinate, _as_text(value), update_width=update_width)

    def on_resize(self) -> None:
        self.fit_stretch_column()
        # the content region may settle only once this resize is laid out
        self.call_after_refresh(self.fit_stretch_column)
        self.call_after_refresh(self._replan)

    def _content_width(self) -> int:
        """The width the columns get once laid out: the content width less the vertical
        scrollbar when the rows will need one (decided from the rows, not from whether the
        bar shows yet, so that the fit does not depend on timing)."""
        needed = (self.header_height if self.show_header else 0) + sum(
            row.height for row in self.rows.values()
        )
        bar = self.styles.scrollbar_size_vertical if needed > self.size.height else 0
        return self.size.width - bar

    def _update_dimensions(self, new_rows: Any) -> None:
        """The table measures its cells (the widths of the columns that follow their content)
        when idle, after the fill: the stretch column refits to what they leave then, else a
        fit made before the measuring stays (step 5's names at 80 columns were, now and then,
        four columns short)."""
        super()._update_dimensions(new_rows)
        self.call_after_refresh(self.fit_stretch_column)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """Rows added or removed can bring or take away the scrollbar without a resize: the
        stretch column then refits to the width the bar leaves (or gives back)."""
        self.call_after_refresh(self.fit_stretch_column)

    def fit_stretch_column(self) -> None:
        """Give the stretch column the width left by the others, so every column shows."""
        column = next((c for k, c in self.columns.items() if k.value == self.stretch), None)
        if column is None:
            return
        others = sum(c.get_render_width(self) for c in self.columns.values() if c is not column)
        room = self._content_width() - others - 2 * self.cell_padding - 1
        width = max(self.MIN_STRETCH, room)
        if column.width != width or column.auto_width:
            column.width = width
            column.auto_width = False
            self._require_update_dimensions = True
            self.refresh()

    @property
    def current_id(self) -> str | None:
        """The ID of the row under the cursor, or None when the table is empty."""
        if self.row_count == 0:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        return None if row_key.value is None else str(row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request" and parameters and parameters[0] in ("edit", "delete"):
            return self.row_count > 0
        if action == "request" and parameters and parameters[0] in ("up", "down"):
            return self.movable and self.row_count > 1
        return True

    def action_request(self, verb: Verb) -> None:
        self.post_message(self.Requested(self, verb, self.current_id))

    def move_cursor_to(self, item_id: str | None) -> None:
        """Put the cursor on the row of this item, if it is shown."""
        if item_id is None:
            return
        try:
            row = self.get_row_index(item_id)
        except Exception:
            return
        self.move_cursor(row=row, animate=False)


def _as_text(cell: Any) -> Any:
    """Text as written: a DataTable would read a ``str`` as markup (and ``:smile:`` as 😄)."""
    return Text(cell, end="", no_wrap=True, overflow="ellipsis") if isinstance(cell, str) else cell


class MovableItemTable(ItemTable):
    """An :class:`ItemTable` whose order matters: `shift+up` / `shift+down` move the item."""

    MOVE = Binding.Group("Move")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up", "request('up')", "Move up", tooltip="Move the item up", id="item.up",
                group=MOVE),
        Binding("shift+down", "request('down')", "Move down", tooltip="Move the item down",
                id="item.down", group=MOVE),
    ]  # fmt: skip

    def __init__(self, *, noun: str, stretch: str | None = None, id: str | None = None) -> None:
        super().__init__(noun=noun, movable=True, stretch=stretch, id=id)
