"""The base of every dialog: keys typed while it opens land in it, once it is ready.

A facilitator types fast: `a` and the first letters of a new goal, `d` then `y`. The app
hands keys on one at a time (see :meth:`cohere_tui.ui.app.CohereApp.on_event`), so a key
typed after the one that opens a dialog reaches the dialog, not the screen underneath; and
while a dialog is still opening the app keeps the keys, until the dialog has drawn and
focused its first field, then hands them on in order, so none is lost.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen that is given the keys typed while it opened once it is ready: drawn,
    its first field focused. Until then the app keeps them (``ready`` is False)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.ready = False

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
