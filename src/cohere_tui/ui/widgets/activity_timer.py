"""The activity timer: a countdown always visible in the top line, with a clear end signal."""

from __future__ import annotations

import time

from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

DEFAULT_MINUTES = 10


def clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ActivityTimer(Static):
    """`⏱ 09:41` while running, `‖ paused 09:41`, `⏰ TIME` (and the bell) at zero."""

    remaining: reactive[float] = reactive(0.0)
    running: reactive[bool] = reactive(False)
    finished: reactive[bool] = reactive(False)
    shown: reactive[bool] = reactive(False)
    """Whether the timer is in use (running, paused or finished); hidden otherwise."""
    label: reactive[str] = reactive("")
    """What is being timed (an agenda item), shown beside the countdown; "" for none."""

    class RunRequested(Message):
        """Run the timer for this many minutes on this item (an agenda item's time); the
        screen holding the timer does it: a second request for the item running pauses or
        resumes it."""

        def __init__(self, minutes: float, label: str) -> None:
            super().__init__()
            self.minutes = minutes
            self.label = label

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._ticker: Timer | None = None
        self._last = 0.0
        self.display = False

    def start(self, minutes: float, label: str = "") -> None:
        """Start a countdown of this many minutes (of ``label``, when it times an item)."""
        self.label = label
        self.remaining = minutes * 60
        self.finished = False
        self.resume()

    def resume(self) -> None:
        if self.remaining <= 0:
            return
        self.running = True
        self.shown = True
        self._last = time.monotonic()
        if self._ticker is None:
            self._ticker = self.set_interval(0.5, self._tick)

    def pause(self) -> None:
        self.running = False

    def stop(self) -> None:
        """Stop and hide the timer."""
        self.running = False
        self.finished = False
        self.remaining = 0
        self.shown = False
        self.label = ""

    def run_item(self, minutes: float, label: str) -> None:
        """An agenda item's time: pause or resume it when it is the one being timed, else
        start it afresh."""
        if self.shown and not self.finished and self.label == label:
            if self.running:
                self.pause()
            else:
                self.resume()
            return
        self.start(minutes, label)

    def _tick(self) -> None:
        now = time.monotonic()
        if self.running:
            self.remaining = max(0.0, self.remaining - (now - self._last))
            if self.remaining <= 0:
                self.running = False
                self.finished = True
                self.app.bell()
                self.notify("Time is up for this activity.", title="⏰ Timer", timeout=10)
        self._last = now

    def render(self) -> str:
        what = ""
        if self.label:
            what = " · " + (self.label if len(self.label) <= 20 else self.label[:19] + "…")
        if self.finished:
            return "⏰ TIME UP" + what
        if self.running:
            return f"⏱ {clock(self.remaining)}{what}"
        return f"‖ paused {clock(self.remaining)}{what}"

    def watch_shown(self, shown: bool) -> None:
        self.display = shown

    def watch_finished(self, finished: bool) -> None:
        self.set_class(finished, "finished")
