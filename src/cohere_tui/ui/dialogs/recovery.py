"""Questions asked when a session is opened: it is open elsewhere, or work was recovered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from ...lock import LockInfo
from ...validation import printable
from .base import Dialog


class ChoiceDialog(Dialog[str | None]):
    """A question with a few answers, each on a button with its key; `escape` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('')", "Cancel", tooltip="Close without choosing",
                id="choice.cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False,
                tooltip="Previous answer", id="choice.previous"),
        Binding("right", "app.focus_next", "Next", show=False, tooltip="Next answer",
                id="choice.next"),
    ]  # fmt: skip

    def __init__(
        self, title: str, body: str, choices: Sequence[tuple[str, str, str]], *, cancel: str = ""
    ) -> None:
        """``choices`` are (value, label, key); the first has the focus. The title and body are
        shown as written (never as markup), their control characters escaped: they quote
        file names and lock files."""
        super().__init__()
        self.question = printable(title, one_line=True)
        self.body = printable(body)
        self.choices = list(choices)
        self.cancel_value = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Label(self.question, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-body"):
                yield Static(self.body, markup=False)
            with Horizontal(classes="dialog-buttons"):
                for n, (value, label, key) in enumerate(self.choices):
                    yield Button(
                        f"{label}  {'esc' if key == 'escape' else key}",
                        id=f"choice-{value}",
                        variant="primary" if n == 0 else "default",
                        compact=True,
                    )

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_key(self, event: events.Key) -> None:
        for value, _, choice_key in self.choices:
            if event.key == choice_key:
                event.stop()
                self.dismiss(value)
                return

    def action_choose(self, value: str) -> None:
        self.dismiss(value or self.cancel_value or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))


class LockedDialog(ChoiceDialog):
    """The session is open in another running cohere-tui."""

    def __init__(self, session_path: Path, holder: LockInfo | None) -> None:
        who = (
            f"{holder.user or 'someone'} on the computer {holder.host} "
            f"(process {holder.pid}), since {holder.started:%Y-%m-%d %H:%M}"
            if holder is not None
            else "another cohere-tui that is starting right now"
        )
        body = (
            f"{session_path.name} is open in cohere-tui by {who}.\n\n"
            "Two copies of the app saving one file would write over each other's work.\n"
            "• Open a copy: work in a new file beside it; the other one is not touched.\n"
            "• Open anyway: only if that app is no longer running (e.g. its window was "
            "closed or the computer restarted); it can no longer save here, and if it tries "
            "its work is kept in a separate file.\n"
            "• Cancel: leave the session to the other app."
        )
        super().__init__(
            "This session is already open",
            body,
            [("copy", "Open a copy", "c"), ("anyway", "Open anyway", "o"),
             ("cancel", "Cancel", "escape")],
            cancel="cancel",
        )  # fmt: skip


class RecoveryDialog(ChoiceDialog):
    """Unsaved work from a run that did not close cleanly was kept: use it or not."""

    def __init__(
        self, session_path: Path, copy: Path, holder: LockInfo | None, copy_time: dt.datetime
    ) -> None:
        last = (
            f"The last time it was open ({holder.user} on {holder.host}, from "
            f"{holder.started:%Y-%m-%d %H:%M}), cohere-tui did not close cleanly.\n"
            if holder is not None
            else "cohere-tui did not close cleanly the last time it was open.\n"
        )
        body = (
            f"{last}Unsaved work was kept in {copy.name} at {copy_time:%Y-%m-%d %H:%M}, "
            f"after {session_path.name} was last saved.\n\n"
            f"• Use the recovered work: {session_path.name} takes it (its current version is "
            "kept as .bak).\n"
            f"• Keep the session as saved: {copy.name} stays in the folder, and is not "
            "offered again."
        )
        super().__init__(
            "Recover unsaved work?",
            body,
            [("recover", "Use the recovered work", "r"), ("keep", "Keep as saved", "k")],
            cancel="keep",
        )
