"""The presenter view's top band: the step in words, a large countdown, one question for the room.

It replaces the header, step bar and footer while the presenter view is on, so that the wall
shows the work and little else. The countdown mirrors the activity timer of the header.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Digits, Static

from ...guide import STEPS, step
from .activity_timer import ActivityTimer, clock


class PresenterBar(Vertical):
    """`Step 3 of 5 · Interrelationship analysis` (`Before the cycle · Prepare · …` for
    Prepare), the timer in large digits, and a question."""

    step_number: reactive[int] = reactive(1)
    question: reactive[int] = reactive(0)
    """Which reflection question is on the wall: 1-based, 0 for none."""
    session_title: reactive[str] = reactive("")
    problem: reactive[str] = reactive("")
    """A saving problem, shown here too because the header is hidden."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="presenter-top"):
            with Vertical(id="presenter-titles"):
                yield Static(id="presenter-step", markup=False)
                yield Static(id="presenter-session", markup=False)
                yield Static(id="presenter-state", markup=False)
            yield Static(id="presenter-timer-word", markup=False)
            yield Digits("", id="presenter-clock")
        yield Static(id="presenter-prompt", markup=False)

    _notice_timer: Timer | None = None

    def on_mount(self) -> None:
        timer = self.screen.query_one(ActivityTimer)
        for name in ("remaining", "running", "finished", "shown"):
            self.watch(timer, name, lambda _value: self._show_timer(timer), init=False)
        self._show_timer(timer)
        self._show_titles()

    def question_count(self) -> int:
        return len(step(self.step_number).questions)

    def _show_titles(self) -> None:
        if not self.is_mounted:
            return
        current = step(self.step_number)
        name = current.title.split("·", 1)[-1].strip()
        self.query_one("#presenter-step", Static).update(
            f"Before the cycle · {current.title}"
            if current.number == 0
            else f"Step {current.number} of {len(STEPS)} · {name}"
        )
        self.query_one("#presenter-session", Static).update(self.session_title)
        state = self.query_one("#presenter-state", Static)
        loud = bool(self.problem) or (bool(self.notice) and self.notice_severity != "information")
        if self.notice:
            state.update(self.notice)
        elif self.problem:
            state.update(f"⚠ NOT SAVED: {self.problem}")
        else:
            state.update("] [ reflection questions · f5 normal view")
        state.set_class(loud, "problem")
        state.set_class(bool(self.notice), "notice")
        prompt = self.query_one("#presenter-prompt", Static)
        if 0 < self.question <= len(current.questions):
            text = current.questions[self.question - 1]
            prompt.update(f"Question {self.question} of {len(current.questions)}: {text}")
            prompt.display = True
        else:
            prompt.update("")
            prompt.display = False

    def _show_timer(self, timer: ActivityTimer) -> None:
        digits = self.query_one("#presenter-clock", Digits)
        word = self.query_one("#presenter-timer-word", Static)
        shown = timer.shown
        digits.display = shown
        word.display = shown
        if not shown:
            return
        digits.update(clock(timer.remaining))
        if timer.finished:
            word.update("⏰ TIME\n   UP")
        elif timer.running:
            word.update("⏱ time\n  left")
        else:
            word.update("‖ paused")
        word.set_class(timer.finished, "finished")
        digits.set_class(timer.finished, "finished")

    def watch_step_number(self) -> None:
        self.question = 0
        self._show_titles()

    def watch_question(self) -> None:
        self._show_titles()

    def watch_session_title(self) -> None:
        self._show_titles()

    def watch_problem(self) -> None:
        self._show_titles()

    NOTICE_SECONDS = 6.0
    """The longest a notice stays in the band (the band is not the place to read at length)."""

    notice: reactive[str] = reactive("")
    """A notice said in the band's third line for a few seconds ("" for none)."""
    notice_severity: reactive[str] = reactive("information")

    def show_notice(
        self, message: str, *, title: str = "", severity: str = "information", timeout: float = 5
    ) -> None:
        """A notice in the band's third line, for a few seconds: the work below is never
        covered and nothing moves. A new notice replaces the one shown."""
        mark = {"warning": "⚠ ", "error": "✗ "}.get(severity, "ⓘ ")
        text = " ".join(message.split())
        self.notice_severity = severity
        self.notice = f"{mark}{title + ': ' if title else ''}{text}"
        if self._notice_timer is not None:
            self._notice_timer.stop()
        seconds = min(max(timeout, 2.0), self.NOTICE_SECONDS)
        self._notice_timer = self.set_timer(seconds, self.clear_notice)

    def clear_notice(self) -> None:
        self._notice_timer = None
        self.notice = ""

    def watch_notice(self) -> None:
        self._show_titles()

    def next_question(self, delta: int) -> None:
        """Show the next (or previous) question; past the last one, none is shown."""
        count = self.question_count()
        self.question = (self.question + delta) % (count + 1)
