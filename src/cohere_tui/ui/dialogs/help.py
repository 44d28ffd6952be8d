"""Help for the current step: what it is for, its reflection questions, and the keys."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from ...guide import DIMENSION_QUESTIONS, DOMAIN_QUESTIONS, step
from ..keys import KeyRow
from .base import Dialog


def help_text(
    number: int,
    step_keys: Sequence[KeyRow] = (),
    session_keys: Sequence[KeyRow] = (),
) -> Text:
    """The help of a step as rich text: its purpose and questions, then its keys and the
    keys of the whole session (both read from the bindings)."""
    info = step(number)
    text = Text()
    text.append(info.purpose + "\n\n")
    text.append("Questions for the room\n", style="bold underline")
    for question in info.questions:
        text.append(f"  • {question}\n")
    if number == 3:
        text.append("\nBy domain\n", style="bold underline")
        for domain, questions in DOMAIN_QUESTIONS.items():
            text.append(f"  {domain.label}\n", style="bold")
            for question in questions:
                text.append(f"    • {question}\n")
        text.append("\nTechnical or adaptive?\n", style="bold underline")
        for dimension, questions in DIMENSION_QUESTIONS.items():
            text.append(f"  {dimension.value.capitalize()}\n", style="bold")
            for question in questions:
                text.append(f"    • {question}\n")
    for title, rows in (("Keys of this step", step_keys), ("Keys everywhere", session_keys)):
        if not rows:
            continue
        text.append(f"\n{title}\n", style="bold underline")
        width = min(24, max(len(row.keys) for row in rows) + 2)
        for row in rows:
            text.append(f"  {row.keys:<{width}}", style="bold")
            lines = textwrap.wrap(row.tooltip or row.description, max(30, 76 - width)) or [""]
            text.append(lines[0] + "\n")
            for line in lines[1:]:
                text.append(" " * (width + 2) + line + "\n")
    return text


class HelpScreen(Dialog[None]):
    """The current step's help; `escape`, `f1` or `?` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,f1,question_mark,q",
            "close",
            "Close help",
            id="help.close",
            tooltip="Back to the step",
        ),
    ]

    def __init__(
        self,
        number: int,
        step_keys: Sequence[KeyRow] = (),
        session_keys: Sequence[KeyRow] = (),
    ) -> None:
        super().__init__()
        self.number = number
        self.step_keys = list(step_keys)
        self.session_keys = list(session_keys)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(f"Help · {step(self.number).title}", classes="dialog-title")
            with VerticalScroll():
                yield Static(help_text(self.number, self.step_keys, self.session_keys))

    def action_close(self) -> None:
        self.dismiss(None)
