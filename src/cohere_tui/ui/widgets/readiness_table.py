"""Readiness on the seven conditions as a table rated by keys: `1`–`4` rate the condition
under the cursor, `backspace` clears it, `v` types the room's votes on it, `b` opens a ballot
on it for the phones, `enter` opens its evidence, `f` makes an "improve readiness" action of
it. A condition the room voted on shows its agreed rating with the spread mark (``3~``)
when the votes span two points or more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets.data_table import ColumnKey

from ...models import Condition
from ...prepare import ReadinessSummary, readiness_bar, readiness_text
from ...votes import spread_mark
from .item_table import ItemTable


class ReadinessTable(ItemTable):
    """One row per condition: its bar, digit and word, who rated it and the evidence."""

    RATE = Binding.Group("Rate 1–4", compact=True)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", "1", group=RATE, tooltip="1 — emerging", id="readiness.rate1"),
        Binding("2", "rate(2)", "2", group=RATE, tooltip="2 — developing", id="readiness.rate2"),
        Binding("3", "rate(3)", "3", group=RATE, tooltip="3 — established",
                id="readiness.rate3"),
        Binding("4", "rate(4)", "4", group=RATE, tooltip="4 — sustaining", id="readiness.rate4"),
        Binding("0", "scale", "Scale", show=False, tooltip="Readiness runs 1–4: 0 shows the scale",
                id="readiness.zero"),
        Binding("backspace,delete", "rate(None)", "Clear", key_display="⌫",
                tooltip="Clear the rating of this condition", id="readiness.clear"),
        Binding("v", "votes('type')", "Votes", tooltip="Type the room's votes on this "
                "condition: one digit per voice (4 4 3 2 4) or a tally (4:2 3:1), 1–4",
                id="readiness.votes"),
        Binding("b", "votes('ballot')", "Ballot", tooltip="Open a ballot on this condition "
                "for the phones in the room", id="readiness.ballot"),
        Binding("f", "improve", "Make action", tooltip="An action to improve readiness on this "
                "condition (step 4)", id="readiness.action"),
        Binding("escape", "leave", "Leave", show=False, tooltip="Leave the readiness table, so "
                "that the step keys work again", id="readiness.leave"),
    ]  # fmt: skip

    @dataclass
    class RateRequested(Message):
        table: ReadinessTable
        condition: Condition
        value: int | None

    @dataclass
    class VotesRequested(Message):
        """The user asked to record votes on a condition: typed (``how`` "type") or from
        the phones (``how`` "ballot")."""

        table: ReadinessTable
        condition: Condition
        how: str

    @dataclass
    class ImproveRequested(Message):
        table: ReadinessTable
        condition: Condition

    @dataclass
    class LeaveRequested(Message):
        table: ReadinessTable

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(noun="condition", stretch="evidence", **kwargs)

    @property
    def wrapping(self) -> bool:
        """Never: the seven conditions stay one line each, so that all show on the wall."""
        return False

    RATING_WIDTH = 22
    """The readiness column: bar, digit and word (``██████░░ 3 established``); one more
    when some condition carries the spread mark."""

    def on_mount(self) -> None:
        self.add_column("Condition", key="condition", width=13)
        self.add_column("Readiness", key="rating", width=self.RATING_WIDTH)
        self.add_column("Rated by", key="rated_by", width=16)
        self.add_column("Evidence", key="evidence", width=12)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request" and parameters and parameters[0] in ("add", "delete"):
            return False
        return super().check_action(action, parameters)

    @property
    def condition(self) -> Condition | None:
        current = self.current_id
        return Condition(current) if current else None

    def fill(self, summary: ReadinessSummary, weakest: set[Condition] | None = None) -> None:
        keep = self.current_id
        self.clear()
        weakest = weakest or set()
        marked = any(spread_mark(score.votes) for score in summary.conditions)
        column = self.columns.get(ColumnKey("rating"))
        if column is not None:
            column.width = self.RATING_WIDTH + (1 if marked else 0)
        for score in summary.conditions:
            said = readiness_text(score.rating)
            mark = spread_mark(score.votes)
            if mark:  # the digit, then the mark: ``3~ established``
                digit, _, word = said.partition(" ")
                said = f"{digit}{mark} {word}"
            cells = Text(readiness_bar(score.rating) + " " + said)
            label = score.condition.short + (" ◆" if score.condition in weakest else "")
            self.add_row(
                Text(label, style="bold" if score.condition in weakest else ""),
                cells,
                score.rated_by,
                self.long_text(score.evidence),
                key=score.condition.value,
                height=self.row_height(score.evidence),
            )
        self.move_cursor_to(keep)
        self.call_after_refresh(self.fit_stretch_column)  # the rows may bring a scrollbar

    def action_rate(self, value: int | None) -> None:
        if self.condition is not None:
            self.post_message(self.RateRequested(self, self.condition, value))

    def action_votes(self, how: str) -> None:
        if self.condition is not None:
            self.post_message(self.VotesRequested(self, self.condition, how))

    def action_scale(self) -> None:
        self.notify(
            "Readiness runs 1 emerging, 2 developing, 3 established, 4 sustaining; "
            "backspace clears a rating.",
            timeout=4,
        )

    def action_improve(self) -> None:
        if self.condition is not None:
            self.post_message(self.ImproveRequested(self, self.condition))

    def action_leave(self) -> None:
        self.post_message(self.LeaveRequested(self))
