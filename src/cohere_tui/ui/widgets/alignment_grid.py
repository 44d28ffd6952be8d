"""The alignment grid: initiatives × (vision, goals, six domains), rated 0–3 by keys.

A line-API widget with its own cache of drawn rows: a rating redraws only the row it
changes and the column-mean line; a cursor move redraws only the two rows involved. The
header row, the column-mean row and the initiative column stay in place while the grid
scrolls. The widths come from :func:`.grid_layout.layout_grid`: names first, whole where
there is room (on two lines where there is height), then the columns. Colours come from component classes (see ``cohere.tcss``), and every rating
shows its digit too, so no meaning rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...analysis import column_summary, row_summary
from ...edits import get_rating
from ...models import RATING_LABELS, VISION_KEY, Domain, Initiative, Session
from ...portfolio import decision_mark, decision_prefix
from ...votes import cell_text, describe_votes, values_of
from .grid_layout import MEAN_WIDTH, UNRATED_WIDTH, GridColumn, GridLayout, layout_grid, wrap_cells
from .rating_style import UNRATED_MARK, mean_text

FIXED_LINES = 2
"""The header line and the column-mean line stay at the top."""

VISION_HEADERS = ("Vision", "Vis")
DOMAIN_HEADERS: dict[Domain, tuple[str, ...]] = {
    Domain.GOALS: ("Goals", "Goal"),
    Domain.FUNDING_POLICIES: ("Fund/Pol", "Fund"),
    Domain.COMMUNICATION: ("Comms", "Comm"),
    Domain.ENGAGEMENT: ("Engage", "Eng"),
    Domain.CAPACITY: ("Capacity", "Cap"),
    Domain.DATA_USE: ("Data",),
}
"""The headers a domain column can show, longest first (the layout picks what fits)."""


def grid_columns(session: Session) -> list[GridColumn]:
    """Every rating column, in order: vision, goals, six domains."""
    columns = [GridColumn(VISION_KEY, VISION_HEADERS)]
    columns.extend(GridColumn(goal.id, (goal.id,)) for goal in session.goals)
    columns.extend(GridColumn(domain.value, DOMAIN_HEADERS[domain]) for domain in Domain)
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


def fit(text: str, width: int, align: str = "left") -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded."""
    text = " ".join(text.split())
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    gap = width - size
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


class AlignmentGrid(ScrollView, can_focus=True):
    """Keys: arrows move, `0`–`3` rate the cell, `backspace` clears it, `n` edits its note,
    `m` moves on to the next cell after each rating, `escape` leaves the grid, `v` types the
    room's votes on it, `b` opens a ballot on it for the phones."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "alignment-grid--header",
        "alignment-grid--summary",
        "alignment-grid--name",
        "alignment-grid--cursor",
        "alignment-grid--cursor-row",
        "alignment-grid--rating-0",
        "alignment-grid--rating-1",
        "alignment-grid--rating-2",
        "alignment-grid--rating-3",
        "alignment-grid--unrated",
    }

    DEFAULT_CSS = """
    AlignmentGrid {
        background: $surface;
        color: $foreground;
        scrollbar-size-vertical: 0;
        & > .alignment-grid--header { text-style: bold; background: $panel; }
        & > .alignment-grid--summary { text-style: bold; background: $boost; }
        & > .alignment-grid--name { }
        & > .alignment-grid--cursor { text-style: bold; background: $accent; color: $text; }
        & > .alignment-grid--cursor-row { text-style: bold underline; }
        & > .alignment-grid--rating-0 { background: #a3400b; color: #ffffff; text-style: bold; }
        & > .alignment-grid--rating-1 { background: #e69f00; color: #000000; text-style: bold; }
        & > .alignment-grid--rating-2 { background: #56b4e9; color: #000000; text-style: bold; }
        & > .alignment-grid--rating-3 { background: #0062a0; color: #ffffff; text-style: bold; }
        & > .alignment-grid--unrated { text-style: dim; }
    }
    """

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
        Binding("m", "toggle_auto_move", "Auto-move", tooltip="After each rating, move on to "
                "the next cell (on/off), so that a row is rated by typing its digits",
                id="grid.auto_move"),
        Binding("escape", "leave", "Leave grid", show=False, id="grid.leave",
                tooltip="Leave the grid for the next panel (the findings)"),
        Binding("4,5,6,7,8,9", "not_a_rating", "Not a rating", show=False,
                id="grid.not_a_rating", tooltip="Ratings are 0–3; in the grid, other digits "
                "change nothing (ctrl+pageup / ctrl+pagedown change step)"),
        Binding("v", "votes('type')", "Votes", tooltip="Type the room's votes on this rating: "
                "one digit per voice (3 3 2 1 3) or a tally (3:2 2:1)", id="grid.votes"),
        Binding("b", "votes('ballot')", "Ballot", tooltip="Open a ballot on this rating for "
                "the phones in the room", id="grid.ballot"),
        Binding("up", "move(-1, 0)", "Up", show=False, tooltip="The initiative above",
                id="grid.up"),
        Binding("down", "move(1, 0)", "Down", show=False, tooltip="The initiative below",
                id="grid.down"),
        Binding("left", "move(0, -1)", "Left", show=False, tooltip="The column to the left",
                id="grid.left"),
        Binding("right", "move(0, 1)", "Right", show=False, tooltip="The column to the right",
                id="grid.right"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="A screenful up",
                id="grid.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="A screenful down",
                id="grid.pagedown"),
        Binding("home", "edge_column(0)", "First column", show=False,
                tooltip="The vision column", id="grid.home"),
        Binding("end", "edge_column(1)", "Last column", show=False,
                tooltip="The last domain column", id="grid.end"),
        Binding("ctrl+home", "edge_row(0)", "First initiative", show=False,
                tooltip="The first initiative", id="grid.top"),
        Binding("ctrl+end", "edge_row(1)", "Last initiative", show=False,
                tooltip="The last initiative", id="grid.bottom"),
    ]  # fmt: skip

    @dataclass
    class RateRequested(Message):
        """The user rated the cell under the cursor (``value`` None clears it). The grid
        does not change the session: its owner applies the edit, then redraws the cell
        (:meth:`refresh_cells`) and, with auto-move on, calls :meth:`advance`."""

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

        @property
        def control(self) -> AlignmentGrid:
            return self.grid

    @dataclass
    class VotesRequested(Message):
        """The user asked to record votes on a cell: typed (``how`` "type") or from the
        phones (``how`` "ballot")."""

        grid: AlignmentGrid
        initiative_id: str
        key: str
        how: str

        @property
        def control(self) -> AlignmentGrid:
            return self.grid

    @dataclass
    class CellHighlighted(Message):
        """The cursor moved to another cell (``row`` counts initiatives, from 0);
        ``advanced`` when it moved on by itself after a rating."""

        grid: AlignmentGrid
        row: int
        column: int
        advanced: bool = False

        @property
        def control(self) -> AlignmentGrid:
            return self.grid

    @dataclass
    class Said(Message):
        """Something for the status line (a key that does nothing here, a toggle)."""

        grid: AlignmentGrid
        text: str

        @property
        def control(self) -> AlignmentGrid:
            return self.grid

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    """The initiative under the cursor (index into the session's initiatives)."""
    cursor_column: reactive[int] = reactive(0, repaint=False, init=False)
    """The rating column under the cursor (index into ``keys``)."""
    auto_move: reactive[bool] = reactive(False, init=False)
    """After a rating, move on to the next cell (right, then the next row's first)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.session: Session | None = None
        self.columns: list[GridColumn] = []
        self.keys: list[str] = []
        self.layout_: GridLayout | None = None
        """The widths of the current size (None until the grid has a size)."""
        self.height_limit: int | None = None
        """The most lines the grid may take, borders included; when set, the grid takes as
        many lines as it needs up to it (its owner sets it from the room on screen)."""
        self._rows: dict[tuple[int, bool], list[tuple[Strip, Strip]]] = {}
        """Drawn initiative rows, by (index, has the cursor): per line, the fixed name part
        and the rest."""
        self._fixed: dict[str, tuple[Strip, Strip]] = {}
        """The drawn header and column-mean lines."""
        self._styles: dict[str, Style] = {}
        self._means: dict[str, str] = {}
        """The column-mean line's text, by column key (a rating recomputes its column only)."""
        self._advancing = False

    # ----- building ---------------------------------------------------------------------------

    @property
    def initiatives(self) -> list[Initiative]:
        return [] if self.session is None else self.session.initiatives

    @property
    def row_count(self) -> int:
        """Initiative rows (the header and column-mean lines are not counted)."""
        return len(self.initiatives)

    @property
    def row_height(self) -> int:
        """Lines per initiative row: 2 when long names wrap."""
        return self.layout_.name_lines if self.layout_ is not None else 1

    @property
    def widths(self) -> tuple[int, ...]:
        return self.layout_.widths if self.layout_ is not None else ()

    def load(self, session: Session) -> None:
        """Build the whole grid (on open, or when goals or initiatives change)."""
        self.session = session
        self.columns = grid_columns(session)
        self.keys = [c.key for c in self.columns]
        row = min(self.cursor_row, max(self.row_count - 1, 0))
        column = min(self.cursor_column, max(len(self.keys) - 1, 0))
        self.set_reactive(AlignmentGrid.cursor_row, row)
        self.set_reactive(AlignmentGrid.cursor_column, column)
        self.relayout()

    def relayout(self) -> None:
        """Share the width out again (a new size, other names or columns) and redraw."""
        self._clear_cache()
        if self.session is None:
            return
        gutter = self.styles.gutter
        width = self.size.width - gutter.width
        if width <= 0:
            self.layout_ = None
            return
        if self.height_limit is not None:
            lines: int | None = self.height_limit - gutter.height
        else:
            lines = self.size.height - gutter.height
        names = [self._row_name(ini) for ini in self.initiatives]
        self.layout_ = layout = layout_grid(width, lines, names, self.columns)
        content = FIXED_LINES + max(self.row_count * layout.name_lines, 1)
        self.virtual_size = Size(layout.total_width, content)
        if self.height_limit is not None:
            sideways = 1 if layout.total_width > width else 0
            wanted = min(content + sideways + gutter.height, self.height_limit)
            if self.styles.height is None or self.styles.height.cells != wanted:
                self.styles.height = wanted
        self._show_position()
        self.refresh()
        self.call_after_refresh(self._scroll_to_cursor)

    def _clear_cache(self) -> None:
        self._rows.clear()
        self._fixed.clear()
        self._means.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._clear_cache()
        self.refresh()

    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self.get_component_rich_style(f"alignment-grid--{component}", partial=True)
            self._styles[component] = style
        return style

    # ----- drawing ----------------------------------------------------------------------------

    def _cell_style(self, value: int | None) -> Style:
        return self._style("unrated" if value is None else f"rating-{value}")

    def _gaps(self, cursor_at: int | None, base: Style) -> list[Segment]:
        """The blanks before each cell and after the last; the cursor's brackets sit in the
        blanks either side of its cell."""
        assert self.layout_ is not None
        gap = self.layout_.gap
        plain = Segment(" " * gap, base)
        gaps = [plain] * (len(self.keys) + 1)
        if cursor_at is not None:
            mark = base + self._style("cursor")
            gaps[cursor_at] = Segment(" " * (gap - 1) + "[", mark)
            gaps[cursor_at + 1] = Segment("]" + " " * (gap - 1), mark)
        return gaps

    def _draw_row(self, index: int, cursor: bool) -> list[tuple[Strip, Strip]]:
        key = (index, cursor)
        cached = self._rows.get(key)
        if cached is not None:
            return cached
        layout = self.layout_
        assert layout is not None
        ini = self.initiatives[index]
        base = self.rich_style
        pad = " "
        name_style = base + self._style("name")
        if cursor:
            name_style += self._style("cursor-row")
        names = wrap_cells(self._row_name(ini), layout.name_width, layout.name_lines)
        at = self.cursor_column if cursor else None
        gaps = self._gaps(at, base)
        lines: list[tuple[Strip, Strip]] = []
        mean, unrated = row_summary(ini, self.keys)
        for line, name in enumerate(names):
            fixed = Strip(
                [Segment(pad, base), Segment(name, name_style), Segment(pad, base)],
                layout.name_part,
            )
            segments: list[Segment] = []
            for column, (rating_key, width) in enumerate(
                zip(self.keys, layout.widths, strict=True)
            ):
                value = get_rating(ini, rating_key)
                blank = " " * width  # a wrapped name's second line: the cell's colour only
                text = self._cell_text(ini, rating_key, value, width) if line == 0 else blank
                style = base + self._cell_style(value)
                if at == column and value is None:
                    style = base + self._style("cursor")
                segments += [gaps[column] if line == 0 else Segment(" " * layout.gap, base),
                             Segment(text, style)]  # fmt: skip
            segments.append(gaps[-1] if line == 0 else Segment(" " * layout.gap, base))
            tail = fit(mean_text(mean), MEAN_WIDTH, "right") if line == 0 else " " * MEAN_WIDTH
            if layout.show_unrated:
                tail += " " + (fit(str(unrated), UNRATED_WIDTH, "right") if line == 0
                               else " " * UNRATED_WIDTH)  # fmt: skip
            segments.append(Segment(tail + pad, base))
            lines.append((fixed, Strip(segments, layout.body_width)))
        self._rows[key] = lines
        return lines

    @staticmethod
    def _cell_text(ini: Initiative, key: str, value: int | None, width: int) -> str:
        """The digit (or the unrated mark), `*` for a note; with many voices the agreed value
        and `~` when the room disagrees."""
        votes = ini.votes.get(key) if ini.votes else None
        shown = cell_text(value, values_of(votes)) if votes else None
        if shown is None:
            text = (UNRATED_MARK if value is None else str(value)).center(width)
            if value is not None and key in ini.rating_notes:
                text = text[:-1] + "*"
            return text
        if key in ini.rating_notes:
            shown += "*"
        return fit(shown, width, "center")

    def _draw_fixed(self, which: str) -> tuple[Strip, Strip]:
        cached = self._fixed.get(which)
        if cached is not None:
            return cached
        layout = self.layout_
        assert layout is not None
        style = self.rich_style + self._style(which)
        if which == "header":
            name = "Initiative"
            cells = [
                fit(header, width, "center")
                for header, width in zip(layout.headers, layout.widths, strict=True)
            ]
            tail = fit("Mean", MEAN_WIDTH, "right")
            if layout.show_unrated:
                tail += " " + fit("?", UNRATED_WIDTH, "right")
        else:
            name = "Column mean"
            cells = [
                fit(self._column_mean(key), width, "center")
                for key, width in zip(self.keys, layout.widths, strict=True)
            ]
            tail = " " * (layout.tail_width - 1)
        gap = " " * layout.gap
        fixed = Strip([Segment(" " + fit(name, layout.name_width) + " ", style)], layout.name_part)
        body = Strip([Segment("".join(gap + c for c in cells) + gap + tail + " ", style)])
        drawn = (fixed, body)
        self._fixed[which] = drawn
        return drawn

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.layout_ is None and self.session is not None and width > 0:
            self.relayout()  # drawn before its first resize was handled
        layout = self.layout_
        if self.session is None or width <= 0 or layout is None:
            return Strip.blank(width, base)
        if y == 0:
            fixed, body = self._draw_fixed("header")
        elif y == 1:
            fixed, body = self._draw_fixed("summary")
        else:
            line = self.scroll_offset.y + y - FIXED_LINES
            index, part = divmod(line, layout.name_lines)
            if not self.row_count and line == 0:
                hint = " No initiatives yet: add them in step 2 (escape, then 2)."
                return Strip([Segment(fit(hint, width), base + self._style("unrated"))], width)
            if not 0 <= index < self.row_count:
                return Strip.blank(width, base)
            fixed, body = self._draw_row(index, index == self.cursor_row)[part]
        visible = max(width - layout.name_part, 0)
        x = self.scroll_offset.x
        joined = Strip.join([fixed, body.crop(x, x + visible)])
        return joined.crop_extend(0, width, base)

    def _refresh_row(self, index: int) -> None:
        """Mark the screen lines of one initiative row for redrawing, if it is in view."""
        height = self.row_height
        y = index * height - self.scroll_offset.y + FIXED_LINES
        if y + height > FIXED_LINES and y < self.size.height:
            self.refresh(Region(0, max(y, FIXED_LINES), self.size.width, height))

    # ----- the cursor -------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._cursor_moved(old)

    def watch_cursor_column(self, old: int, new: int) -> None:
        self._cursor_moved(self.cursor_row)

    def _cursor_moved(self, old_row: int) -> None:
        for row in {old_row, self.cursor_row}:
            self._rows.pop((row, True), None)
            self._refresh_row(row)
        self._scroll_to_cursor()
        self.post_message(
            self.CellHighlighted(self, self.cursor_row, self.cursor_column, self._advancing)
        )

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """Put the cursor on an initiative row and a rating column (clamped to the grid)."""
        if self.session is None or not self.keys:
            return
        new_row = self.cursor_row if row is None else row
        new_column = self.cursor_column if column is None else column
        new_row = min(max(new_row, 0), max(self.row_count - 1, 0))
        new_column = min(max(new_column, 0), len(self.keys) - 1)
        if new_row != self.cursor_row:
            # both at once: one message and two line redraws, whatever changed
            old = self.cursor_row
            self.set_reactive(AlignmentGrid.cursor_row, new_row)
            self.set_reactive(AlignmentGrid.cursor_column, new_column)
            self._cursor_moved(old)
        elif new_column != self.cursor_column:
            self.cursor_column = new_column

    def advance(self) -> None:
        """Move on to the next cell after a rating: right, then the next initiative's first
        column (the last cell stays)."""
        if self.session is None or not self.keys:
            return
        row, column = self.cursor_row, self.cursor_column + 1
        if column >= len(self.keys):
            if row + 1 >= self.row_count:
                return
            row, column = row + 1, 0
        self._advancing = True
        try:
            self.move_cursor(row, column)
        finally:
            self._advancing = False

    def _scroll_to_cursor(self) -> None:
        layout = self.layout_
        if self.session is None or not self.keys or layout is None:
            return
        view = self.scrollable_content_region.size
        height = layout.name_lines
        lines_visible = max(view.height - FIXED_LINES, height)
        y = self.scroll_offset.y
        top = self.cursor_row * height
        if top < y:
            y = top
        elif top + height > y + lines_visible:
            y = top + height - lines_visible
            y += (-y) % height  # whole rows at the top
        body_visible = max(view.width - layout.name_part, 1)
        x = self.scroll_offset.x
        offsets = layout.offsets
        start = offsets[self.cursor_column] - layout.gap
        end = offsets[self.cursor_column] + layout.widths[self.cursor_column] + layout.gap
        if self.cursor_column == len(self.keys) - 1:
            end = layout.body_width  # the last column brings the row mean with it
        if start < x:
            x = start
        elif end > x + body_visible:
            # scroll by whole columns, so that no cut cell shows beside the names
            x = next((at - layout.gap for at in offsets if at - layout.gap >= end - body_visible),
                     start)  # fmt: skip
        if (x, y) != (self.scroll_offset.x, self.scroll_offset.y):
            self.scroll_to(x=x, y=y, animate=False, immediate=True)
        self._show_position()

    def _show_position(self) -> None:
        """Where the view is, in words at the bottom edge: which rows show, and auto-move."""
        parts = []
        layout = self.layout_
        if layout is not None and self.row_count:
            height = layout.name_lines
            view = max(self.scrollable_content_region.height - FIXED_LINES, 0) // height
            first = self.scroll_offset.y // height
            last = min(first + view, self.row_count)
            if first > 0 or last < self.row_count:
                parts.append(f"rows {first + 1}–{last} of {self.row_count}")
                parts.append("↓ more" if last < self.row_count else "↑ more")
        if self.auto_move:
            parts.append("AUTO-MOVE ON → (m)")
        subtitle = " · ".join(parts)
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle

    def watch_auto_move(self) -> None:
        self._show_position()

    def _on_resize(self, event: events.Resize) -> None:
        self.relayout()

    def action_move(self, rows: int, columns: int) -> None:
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        rows = (self.scrollable_content_region.height - FIXED_LINES) // self.row_height
        self.move_cursor(self.cursor_row + direction * max(rows - 1, 1))

    def action_edge_column(self, last: int) -> None:
        self.move_cursor(column=len(self.keys) - 1 if last else 0)

    def action_edge_row(self, last: int) -> None:
        self.move_cursor(row=self.row_count - 1 if last else 0)

    def action_leave(self) -> None:
        self.screen.focus_next()

    def action_not_a_rating(self) -> None:
        self.post_message(
            self.Said(
                self,
                "Ratings are 0–3: nothing changed. ctrl+pageup / ctrl+pagedown change step; "
                "escape leaves the grid.",
            )
        )

    def action_toggle_auto_move(self) -> None:
        self.auto_move = not self.auto_move
        said = (
            "Auto-move on: after each rating the cursor moves to the next cell (m turns it off)."
            if self.auto_move
            else "Auto-move off: the cursor stays on the cell rated."
        )
        self.post_message(self.Said(self, said))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        layout = self.layout_
        if offset is None or offset.y < FIXED_LINES or layout is None:
            return
        row = (self.scroll_offset.y + offset.y - FIXED_LINES) // layout.name_lines
        x = offset.x - layout.name_part
        if x < 0 or not 0 <= row < self.row_count:
            return
        x += self.scroll_offset.x
        for column, start in enumerate(layout.offsets):
            if start - layout.gap <= x < start + layout.widths[column] + layout.gap:
                self.move_cursor(row, column)
                return

    # ----- reading the cursor -----------------------------------------------------------------

    def current(self) -> tuple[Initiative, str] | None:
        """The initiative and column key under the cursor, if there is one."""
        if self.session is None or not self.row_count or not self.keys:
            return None
        if not 0 <= self.cursor_row < self.row_count:
            return None
        return self.initiatives[self.cursor_row], self.keys[self.cursor_column]

    def _column_mean(self, key: str) -> str:
        mean = self._means.get(key)
        if mean is None:
            mean = self._means[key] = mean_text(self._column_stats(key)[0])
        return mean

    def _column_stats(self, key: str) -> tuple[float | None, int]:
        assert self.session is not None
        return column_summary(self.session, key)

    @staticmethod
    def _row_name(ini: Initiative) -> str:
        """The initiative as its row names it: ID, the room's decision mark, name."""
        return f"{ini.id} {decision_prefix(ini)}{ini.name}"

    def describe_cursor(self) -> tuple[str, str]:
        """Two lines for the room: what the cell under the cursor means, and its note."""
        here = self.current()
        if here is None or self.session is None:
            return ("Move to a cell: 0–3 rate it, ⌫ clears it, n adds a note.", "")
        ini, key = here
        value = get_rating(ini, key)
        rating = "unrated" if value is None else f"{value} {RATING_LABELS[value]}"
        mean, unrated = self._column_stats(key)
        line = f"{ini.id} “{ini.name}” × {column_label(self.session, key)}: {rating}"
        votes = ini.votes.get(key)
        if votes:  # the room's distribution comes first: it is what the room looks at
            line += f"  ·  {describe_votes(values_of(votes))}"
        line += f"  ·  column mean {mean_text(mean)}, {unrated} unrated"
        if ini.decision is not None:
            line += f"  ·  decision: {decision_mark(ini)}"
        note = ini.rating_notes.get(key)
        return (line, f"Note: {note}" if note else "")

    # ----- rating -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rate", "note", "votes"):
            return self.current() is not None
        return True

    def action_rate(self, value: int | None) -> None:
        here = self.current()
        if here is None:
            return
        ini, key = here
        if get_rating(ini, key) != value:
            self.post_message(self.RateRequested(self, ini.id, key, value))
        elif self.auto_move:
            self.advance()  # the same rating again: confirmed, move on

    def refresh_cells(self, ini: Initiative, key: str) -> None:
        """Redraw the row of one initiative (its cell and summaries) and the column means."""
        index = next((n for n, each in enumerate(self.initiatives) if each.id == ini.id), None)
        if index is None:
            return
        self._rows.pop((index, True), None)
        self._rows.pop((index, False), None)
        self._fixed.pop("summary", None)
        self._means.pop(key, None)
        self._refresh_row(index)
        self.refresh(Region(0, 1, self.size.width, 1))

    def action_note(self) -> None:
        here = self.current()
        if here is not None:
            self.post_message(self.NoteRequested(self, here[0].id, here[1]))

    def action_votes(self, how: str) -> None:
        here = self.current()
        if here is not None:
            self.post_message(self.VotesRequested(self, here[0].id, here[1], how))
