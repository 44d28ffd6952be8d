"""The top line: which session, which cycle, and whether everything is saved."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static


class SessionHeader(Horizontal):
    """Session title and cycle on the left; the saved/unsaved state on the right, in words."""

    title_text: reactive[str] = reactive("")
    detail: reactive[str] = reactive("")
    dirty: reactive[bool] = reactive(False)
    saved_at: reactive[dt.datetime | None] = reactive(None)
    problem: reactive[str] = reactive("")

    def compose(self) -> ComposeResult:
        from .activity_timer import ActivityTimer

        yield Static(id="header-title", markup=False)
        yield ActivityTimer(id="activity-timer")
        yield Static(id="header-state", markup=False)

    def state_text(self) -> str:
        if self.problem:
            return f"⚠ NOT SAVED: {self.problem}"
        if self.dirty:
            return "● unsaved changes"
        if self.saved_at is not None:
            return f"✓ saved {self.saved_at:%H:%M:%S}"
        return "✓ saved"

    def _refresh_parts(self) -> None:
        if not self.is_mounted:
            return
        title = self.title_text + (f" · {self.detail}" if self.detail else "")
        self.query_one("#header-title", Static).update(title)
        state = self.query_one("#header-state", Static)
        state.update(self.state_text())
        state.set_class(bool(self.problem), "problem")
        state.set_class(self.dirty and not self.problem, "dirty")

    def on_mount(self) -> None:
        self._refresh_parts()

    def watch_title_text(self) -> None:
        self._refresh_parts()

    def watch_detail(self) -> None:
        self._refresh_parts()

    def watch_dirty(self) -> None:
        self._refresh_parts()

    def watch_saved_at(self) -> None:
        self._refresh_parts()

    def watch_problem(self) -> None:
        self._refresh_parts()
