"""The history of changes: every edit of this run, in the room's words, oldest first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..widgets.key_footer import KeyFooter
from .base import Dialog


class HistoryDialog(Dialog[None]):
    """A read-only list: done steps, then (marked) the undone ones that redo brings back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the step", id="history.close"),
    ]

    def __init__(self, steps: list[tuple[str, bool]]) -> None:
        super().__init__()
        self.steps = steps

    def compose(self) -> ComposeResult:
        done = sum(1 for _, is_done in self.steps if is_done)
        undone = len(self.steps) - done
        with Vertical(classes="dialog history"):
            yield Label(
                f"History of changes · {done} done"
                + (f" · {undone} undone (ctrl+y brings back)" if undone else ""),
                classes="dialog-title",
                markup=False,
            )
            options = [
                Option(
                    f"{n:>3}. {'  ' if is_done else '↶ '}{text}" + ("" if is_done else " (undone)")
                )
                for n, (text, is_done) in enumerate(self.steps, start=1)
            ] or [Option("No changes yet in this run.", disabled=True)]
            yield OptionList(*options, id="history-list", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        done = sum(1 for _, is_done in self.steps if is_done)
        if done:
            listing.highlighted = done - 1

    def action_close(self) -> None:
        self.dismiss(None)
