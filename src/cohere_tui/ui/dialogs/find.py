"""Find (`/` or `ctrl+f`): type words, see every item holding them, enter goes there."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...search import NOUNS, Hit, find_items
from ..widgets.key_footer import KeyFooter
from .base import Dialog

if TYPE_CHECKING:
    from ...models import Session


class FindDialog(Dialog[Hit | None]):
    """Words at the top; matching items below, with their kind and ID; enter goes there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back where you were", id="find.close"),
        Binding("down", "to_list", "Results", show=False, tooltip="Move into the results",
                id="find.results"),
    ]  # fmt: skip

    def __init__(self, session: Session, query: str = "") -> None:
        super().__init__()
        self.session = session
        self.query_text = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog find"):
            yield Label("Find in the session", classes="dialog-title")
            yield Input(
                self.query_text,
                id="find-input",
                placeholder="words from a goal, initiative, finding, action, parked item…",
                select_on_focus=False,
            )
            yield OptionList(id="find-results", markup=False)
            yield Static(
                "enter goes to the item · ↓ into the list · escape closes",
                id="find-hint",
                classes="field-help",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show(self.query_text)

    def _show(self, query: str) -> None:
        self.hits = find_items(self.session, query)
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options(
            Option(f"{NOUNS[h.kind]:<10} {h.item_id:<5} {' '.join(h.title.split())}")
            for h in self.hits
        )
        if self.hits:
            results.highlighted = 0
        n = len(self.hits)
        hint = self.query_one("#find-hint", Static)
        if not query.strip():
            hint.update("Type words to find; enter goes to the item; escape closes.")
        elif n == 0:
            hint.update("Nothing holds all these words.")
        else:
            hint.update(f"{n} item{'s' if n != 1 else ''} · enter goes there · ↓ into the list")

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#find-input")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one(OptionList)
        index = results.highlighted
        if self.hits and index is not None:
            self.dismiss(self.hits[index])

    @on(OptionList.OptionSelected, "#find-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_to_list(self) -> None:
        if self.hits:
            self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
