"""A round's result on the wall: bars with numbers, and a sentence for the room."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..widgets.key_footer import KeyFooter
from ..widgets.vote_bars import bars


class TallyDialog(ModalScreen[None]):
    """Show a tally (a dot vote, a consensus check); `enter` or `escape` closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close", "Close", id="tally.close", tooltip="Back to the step"),
    ]

    def __init__(self, title: str, rows: Sequence[tuple[str, int]], summary: str = "") -> None:
        super().__init__()
        self.heading = title
        self.rows = list(rows)
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tally-dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            if self.summary:
                yield Static(self.summary, id="tally-summary", markup=False)
            with VerticalScroll(classes="dialog-body"):
                yield Static(bars(self.rows, width=20, label_width=40), id="tally-bars")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
