"""Help for the current step: what it is for, its reflection questions, and the keys."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...guide import DIMENSION_QUESTIONS, DOMAIN_QUESTIONS, step

_PORTFOLIO_KEYS: tuple[tuple[str, str], ...] = (
    ("k", "decide: keep, scale up, combine, redesign, sunset (✓ ↑ ⊕ ↻ ✕)"),
    ("F", "funding view: streams × initiatives (space funds, % share)"),
    ("C", "coverage view: who serves each population, how strongly"),
)

STEP_KEYS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        ("tab / shift+tab", "move between the texts, goals and participants"),
        ("a / enter / d", "add, edit, delete a goal or participant"),
        ("shift+up / shift+down", "reorder goals"),
        ("escape", "leave a text box"),
    ),
    2: (
        ("a / enter / d", "add, edit, delete an initiative"),
        ("s", "sort by the next column"),
        ("/", "filter by text; escape clears"),
        *_PORTFOLIO_KEYS,
    ),
    3: (("arrows", "move in the grid"), *_PORTFOLIO_KEYS),
    4: (("arrows", "move in the plan"),),
    5: (("arrows", "move between indicators"),),
}

COMMON_KEYS: tuple[tuple[str, str], ...] = (
    ("1 … 5", "go to a step (outside text fields)"),
    ("ctrl+s", "save now (changes also save by themselves)"),
    ("ctrl+p", "command palette: every action"),
    ("f1 or ?", "this help"),
    ("f5", "presenter view on/off: the work large, the step and timer shown"),
    ("] / [", "presenter view: next / previous question for the room on the wall"),
    ("t / T", "start, pause or resume the activity timer / stop it"),
    ("p / D / L", "park an item, log a decision, review both"),
    ("escape", "close a dialog, cancel an edit"),
    ("ctrl+q", "save and quit"),
)


def help_text(number: int) -> Text:
    """The help of a step as rich text."""
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
    text.append("\nKeys\n", style="bold underline")
    for key, what in (*STEP_KEYS.get(number, ()), *COMMON_KEYS):
        text.append(f"  {key:<22}", style="bold")
        text.append(f"{what}\n")
    return text


class HelpScreen(ModalScreen[None]):
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

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(f"Help · {step(self.number).title}", classes="dialog-title")
            with VerticalScroll():
                yield Static(help_text(self.number))

    def action_close(self) -> None:
        self.dismiss(None)
