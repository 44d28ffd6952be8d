"""Shown instead of a broken layout when the terminal is smaller than the app needs."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    """`Enlarge the terminal to at least 80×24` — goes away by itself once it is big enough.

    Nothing is lost meanwhile: the session underneath keeps its state and ctrl+q still saves
    and quits.
    """

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self._show(self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        self._show(event.size)

    def message_text(self, size: Size) -> str:
        width, height = size
        return (
            f"Enlarge the terminal to at least {self.min_width}×{self.min_height}.\n\n"
            f"It is {width}×{height} now. Make the window larger or the font smaller; "
            "the session is kept as it was and comes back as soon as there is room.\n\n"
            "ctrl+q saves and quits."
        )

    def _show(self, size: Size) -> None:
        self.query_one("#too-small-message", Static).update(self.message_text(size))
