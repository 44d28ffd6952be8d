"""The top line: which session, which cycle, and whether everything is saved."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class SessionHeader(Static):
    """Session title and cycle on the left; the saved/unsaved state on the right, in words."""

    title_text: reactive[str] = reactive("")
    detail: reactive[str] = reactive("")
    dirty: reactive[bool] = reactive(False)
    saved_at: reactive[dt.datetime | None] = reactive(None)
    problem: reactive[str] = reactive("")

    def state_text(self) -> Text:
        if self.problem:
            return Text(f"⚠ NOT SAVED: {self.problem}", style="bold reverse")
        if self.dirty:
            return Text("● unsaved changes", style="bold")
        if self.saved_at is not None:
            return Text(f"✓ saved {self.saved_at:%H:%M:%S}")
        return Text("✓ saved")

    def render(self) -> Text:
        state = self.state_text()
        width = max(self.size.width, 20)
        left = Text(f" {self.title_text}", style="bold")
        if self.detail:
            left.append(f" · {self.detail}")
        room = width - len(state) - 2
        if len(left) > room:
            left.truncate(max(room, 1), overflow="ellipsis")
        gap = max(1, width - len(left) - len(state) - 1)
        return Text.assemble(left, " " * gap, state, " ")
