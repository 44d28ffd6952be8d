"""The base of the five step views: access to the open session and a way to say it changed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.containers import Container
from textual.message import Message

if TYPE_CHECKING:
    from ...document import SessionDocument
    from ...models import Session


class StepView(Container):
    """One step of the cycle inside the workspace. Subclasses fill `refresh_view`."""

    step_number = 0

    class Changed(Message):
        """The step edited the session: the workspace marks it unsaved and autosaves."""

    def __init__(self, document: SessionDocument, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.shown_revision = -1

    @property
    def session(self) -> Session:
        return self.document.session

    def today(self) -> dt.date:
        """Today's date as the app sees it (tests and snapshots fix it)."""
        clock = getattr(self.app, "today", None)
        return clock() if callable(clock) else dt.date.today()

    def changed(self) -> None:
        """Record an edit and refresh this view."""
        self.document.changed()
        self.shown_revision = self.document.revision
        self.post_message(self.Changed())

    def sync(self) -> None:
        """Refresh when the session changed since this view last showed it."""
        if self.shown_revision != self.document.revision:
            self.shown_revision = self.document.revision
            self.refresh_view()

    def show_if_current(self) -> None:
        """Draw now if this step is on screen; the others draw when first shown (fast start)."""
        if getattr(self.screen, "current_step", self.step_number) == self.step_number:
            self.sync()

    def refresh_view(self) -> None:
        """Redraw from the session (override)."""

    def focus_default(self) -> None:
        """Put the focus where work on this step starts (override)."""
        self.screen.focus_next()
