"""A yes/no question; `y` or Enter on Yes confirms, `n` or `escape` declines."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from ...validation import printable
from .base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask before something that cannot be undone. The safe answer has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding(
            "n,escape", "answer(False)", "No", id="confirm.no", tooltip="Leave everything as it is"
        ),
    ]

    def __init__(self, title: str, body: str = "", *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = printable(title, one_line=True)
        self.body = printable(body)
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Label(self.question, classes="dialog-title", markup=False)
            if self.body:
                with VerticalScroll(classes="dialog-body"):
                    yield Static(self.body, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label}  y", id="yes", variant="error", compact=True)
                yield Button(f"{self.no_label}  n", id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
