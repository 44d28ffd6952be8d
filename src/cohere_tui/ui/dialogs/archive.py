"""The initiatives earlier cycles archived (sunset, or combined into another): kept as
history, out of the inventory and the analysis. Read only; `escape` closes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from ...models import Session
from ...portfolio import decision_text
from .base import Dialog


def archive_text(session: Session) -> Text:
    """Each archived initiative with its decision and its history, in words."""
    text = Text()
    if not session.archived_initiatives:
        text.append(
            "No initiative is archived. The next cycle archives the initiatives decided "
            "'sunset' and those combined into another."
        )
        return text
    for ini in session.archived_initiatives:
        text.append(f"{ini.id} · {ini.name}\n", style="bold")
        text.append(f"  decision: {decision_text(ini)}\n")
        for line in ini.history:
            text.append(f"  {line}\n")
        text.append("\n")
    return text


class ArchiveScreen(Dialog[None]):
    """`escape` closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="archive.close", tooltip="Back to the session"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog history"):
            count = len(self.session.archived_initiatives)
            yield Label(f"Archived initiatives · {count}", classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static(archive_text(self.session))

    def action_close(self) -> None:
        self.dismiss(None)
