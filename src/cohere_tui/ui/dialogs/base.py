"""The base of every dialog: keys typed while it opens land in it, once it is ready.

A facilitator types fast: `a` and the first letters of a new goal, `d` then `y`. The app
hands keys on one at a time (see :meth:`cohere_tui.ui.app.CohereApp.on_event`), so a key
typed after the one that opens a dialog reaches the dialog, not the screen underneath; and
while a dialog is still opening the app keeps the keys, until the dialog has drawn and
focused its first field, then hands them on in order, so none is lost.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen that is given the keys typed while it opened once it is ready: drawn,
    its first field focused. Until then the app keeps them (``ready`` is False)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.ready = False
        self._shown_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the dialog shows, its widgets were styled a moment ago as they
        were mounted, yet Textual would style every one of them again: half the style work
        of opening a form of fourteen fields. Later resumes (back from a dialog over this
        one) restyle everything, as usual."""
        if self._shown_before:
            return  # Screen's own handler runs next, as usual
        self._shown_before = True
        event.prevent_default()  # instead of Screen's handler: the same, less the restyle
        Screen._on_screen_resume(self, events.ScreenResume(refresh_styles=False))

    def on_mount(self) -> None:
        # subclasses' on_mount (which focus the first field) run before this one
        self.call_later(self._become_ready)

    def _become_ready(self) -> None:
        self.ready = True
        keys_may_go_on = getattr(self.app, "keys_may_go_on", None)
        if callable(keys_may_go_on):
            keys_may_go_on()

    @property
    def holding_keys(self) -> bool:
        """Still opening (a key reaching it now was not typed for it)."""
        return not self.ready
