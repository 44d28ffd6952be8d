"""The alignment grid: initiatives × (vision, goals, six domains), rated 0–3 by keys.

A line-API widget with its own cache of drawn rows: a rating redraws only the row it
changes and the column-mean line; a cursor move redraws only the two rows involved. The
header row, the column-mean row and the initiative column stay in place while the grid
scrolls. Colours come from component classes (see ``cohere.tcss``), and every rating
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
from .rating_style import UNRATED_MARK, mean_text

NAME_WIDTH = 20
MEAN_WIDTH = 4
UNRATED_WIDTH = 3
PAD = 1
"""Blank columns either side of every cell; the cursor draws its brackets there."""
FIXED_LINES = 2
"""The header line and the column-mean line stay at the top."""


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


_DOMAIN_KEYS = frozenset(d.value for d in Domain)


class AlignmentGrid(ScrollView, can_focus=True):
    """Keys: arrows move, `0`–`3` rate the cell, `backspace` clears it, `n` edits its note,
    `v` types the room's votes on it, `b` opens a ballot on it for the phones."""

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
        (:meth:`refresh_cells`)."""

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
        """The cursor moved to another cell (``row`` counts initiatives, from 0)."""

        grid: AlignmentGrid
        row: int
        column: int

        @property
        def control(self) -> AlignmentGrid:
            return self.grid

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    """The initiative under the cursor (index into the session's initiatives)."""
    cursor_column: reactive[int] = reactive(0, repaint=False, init=False)
    """The rating column under the cursor (index into ``keys``)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.session: Session | None = None
        self.keys: list[str] = []
        self.headers: list[str] = []
        self.widths: list[int] = []
        self._offsets: list[int] = []
        """Where each rating column starts in the scrolling part of a line."""
        self._body_width = 0
        self._rows: dict[tuple[int, bool], tuple[Strip, Strip]] = {}
        """Drawn initiative rows, by (index, has the cursor): the fixed name part and the rest."""
        self._fixed: dict[str, tuple[Strip, Strip]] = {}
        """The drawn header and column-mean lines."""
        self._styles: dict[str, Style] = {}
        self._means: dict[str, str] = {}
        """The column-mean line's text, by column key (a rating recomputes its column only)."""

    # ----- building ---------------------------------------------------------------------------

    @property
    def initiatives(self) -> list[Initiative]:
        return [] if self.session is None else self.session.initiatives

    @property
    def row_count(self) -> int:
        """Initiative rows (the header and column-mean lines are not counted)."""
        return len(self.initiatives)

    def load(self, session: Session) -> None:
        """Build the whole grid (on open, or when goals or initiatives change)."""
        self.session = session
        columns = grid_columns(session)
        self.keys = [key for key, _ in columns]
        self.headers = [header for _, header in columns]
        self.widths = [5 if key in _DOMAIN_KEYS else 3 for key in self.keys]
        offsets, x = [], 0
        for width in self.widths:
            offsets.append(x)
            x += width + 2 * PAD
        self._offsets = offsets
        self._body_width = x + MEAN_WIDTH + UNRATED_WIDTH + 4 * PAD
        self._clear_cache()
        self.virtual_size = Size(self._name_width + self._body_width, self.row_count + FIXED_LINES)
        row = min(self.cursor_row, max(self.row_count - 1, 0))
        column = min(self.cursor_column, max(len(self.keys) - 1, 0))
        self.set_reactive(AlignmentGrid.cursor_row, row)
        self.set_reactive(AlignmentGrid.cursor_column, column)
        self.refresh()
        self.call_after_refresh(self._scroll_to_cursor)

    @property
    def _name_width(self) -> int:
        return NAME_WIDTH + 2 * PAD

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

    def _draw_row(self, index: int, cursor: bool) -> tuple[Strip, Strip]:
        key = (index, cursor)
        cached = self._rows.get(key)
        if cached is not None:
            return cached
        ini = self.initiatives[index]
        base = self.rich_style
        pad = " " * PAD
        name_style = base + self._style("name")
        if cursor:
            name_style += self._style("cursor-row")
        fixed = Strip(
            [
                Segment(pad, base),
                Segment(fit(f"{ini.id} {decision_prefix(ini)}{ini.name}", NAME_WIDTH), name_style),
                Segment(pad, base),
            ],
            self._name_width,
        )
        segments: list[Segment] = []
        for column, (rating_key, width) in enumerate(zip(self.keys, self.widths, strict=True)):
            value = get_rating(ini, rating_key)
            votes = ini.votes.get(rating_key) if ini.votes else None
            shown = cell_text(value, values_of(votes)) if votes else None
            if shown is None:
                text = (UNRATED_MARK if value is None else str(value)).center(width)
                if value is not None and rating_key in ini.rating_notes:
                    text = text[:-1] + "*"
            else:  # many voices: the agreed value, ~ when the room disagrees
                if rating_key in ini.rating_notes:
                    shown += "*"
                text = fit(shown, width, "center")
            style = base + self._cell_style(value)
            if cursor and column == self.cursor_column:
                mark = base + self._style("cursor")
                if value is None:
                    style = mark
                segments += [Segment("[", mark), Segment(text, style), Segment("]", mark)]
            else:
                segments += [Segment(pad, base), Segment(text, style), Segment(pad, base)]
        mean, unrated = row_summary(ini, self.keys)
        segments += [
            Segment(pad + fit(mean_text(mean), MEAN_WIDTH, "right") + pad, base),
            Segment(pad + fit(str(unrated), UNRATED_WIDTH, "right") + pad, base),
        ]
        drawn = (fixed, Strip(segments, self._body_width))
        self._rows[key] = drawn
        return drawn

    def _draw_fixed(self, which: str) -> tuple[Strip, Strip]:
        cached = self._fixed.get(which)
        if cached is not None:
            return cached
        style = self.rich_style + self._style(which)
        pad = " " * PAD
        if which == "header":
            name = "Initiative"
            cells = [
                fit(header, width, "center")
                for header, width in zip(self.headers, self.widths, strict=True)
            ]
            tail = [fit("Mean", MEAN_WIDTH), fit("?", UNRATED_WIDTH, "center")]
        else:
            name = "Column mean"
            cells = [
                fit(self._column_mean(key), width, "center")
                for key, width in zip(self.keys, self.widths, strict=True)
            ]
            tail = [" " * MEAN_WIDTH, " " * UNRATED_WIDTH]
        fixed = Strip([Segment(pad + fit(name, NAME_WIDTH) + pad, style)], self._name_width)
        body = Strip([Segment("".join(pad + c + pad for c in [*cells, *tail]), style)])
        drawn = (fixed, body)
        self._fixed[which] = drawn
        return drawn

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.session is None or width <= 0:
            return Strip.blank(width, base)
        if y == 0:
            fixed, body = self._draw_fixed("header")
        elif y == 1:
            fixed, body = self._draw_fixed("summary")
        else:
            index = self.scroll_offset.y + y - FIXED_LINES
            if not 0 <= index < self.row_count:
                return Strip.blank(width, base)
            fixed, body = self._draw_row(index, index == self.cursor_row)
        visible = max(width - self._name_width, 0)
        x = self.scroll_offset.x
        line = Strip.join([fixed, body.crop(x, x + visible)])
        return line.crop_extend(0, width, base)

    def _refresh_row(self, index: int) -> None:
        """Mark the screen line of one initiative row for redrawing, if it is in view."""
        y = index - self.scroll_offset.y + FIXED_LINES
        if FIXED_LINES <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

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
        self.post_message(self.CellHighlighted(self, self.cursor_row, self.cursor_column))

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

    def _scroll_to_cursor(self) -> None:
        if self.session is None or not self.keys:
            return
        view = self.scrollable_content_region.size
        rows_visible = max(view.height - FIXED_LINES, 1)
        y = self.scroll_offset.y
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + rows_visible:
            y = self.cursor_row - rows_visible + 1
        body_visible = max(view.width - self._name_width, 1)
        x = self.scroll_offset.x
        start = self._offsets[self.cursor_column]
        end = start + self.widths[self.cursor_column] + 2 * PAD
        if start < x:
            x = start
        elif end > x + body_visible:
            # scroll by whole columns, so that no cut cell shows beside the names
            x = next((at for at in self._offsets if at >= end - body_visible), start)
        if (x, y) != (self.scroll_offset.x, self.scroll_offset.y):
            self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def _on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._scroll_to_cursor)

    def action_move(self, rows: int, columns: int) -> None:
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        step = max(self.scrollable_content_region.height - FIXED_LINES - 1, 1)
        self.move_cursor(self.cursor_row + direction * step)

    def action_edge_column(self, last: int) -> None:
        self.move_cursor(column=len(self.keys) - 1 if last else 0)

    def action_edge_row(self, last: int) -> None:
        self.move_cursor(row=self.row_count - 1 if last else 0)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < FIXED_LINES:
            return
        row = self.scroll_offset.y + offset.y - FIXED_LINES
        x = offset.x - self._name_width
        if x < 0 or not 0 <= row < self.row_count:
            return
        x += self.scroll_offset.x
        for column, start in enumerate(self._offsets):
            if start <= x < start + self.widths[column] + 2 * PAD:
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

    def describe_cursor(self) -> str:
        """One line for the room: what the cell under the cursor means."""
        here = self.current()
        if here is None or self.session is None:
            return "Move to a cell: 0–3 rate it, ⌫ clears it, n adds a note."
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
        if note:
            line += f"\nNote: {note}"
        return line

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
