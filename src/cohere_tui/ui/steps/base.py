"""The base of the step views: the open session, the app's context, and the one way to
change the session (:meth:`StepView.apply`, through the document's edit path)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual import on
from textual.containers import Container

from ...edits import Edit
from ..editing import apply_edit
from ..widgets.item_table import ItemTable

if TYPE_CHECKING:
    from ...document import Change, SessionDocument
    from ...models import Session
    from ..context import AppContext


class StepView(Container):
    """One step of the cycle inside the workspace. Subclasses fill :meth:`refresh_view`
    and may redraw less in :meth:`document_changed`."""

    step_number = 0

    def __init__(
        self, document: SessionDocument, context: AppContext, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self.context = context
        self.shown_revision = -1
        self.shown_wrap = False
        """Whether the tables wrapped (the presenter view) when this view last drew."""

    @property
    def session(self) -> Session:
        return self.document.session

    def today(self) -> dt.date:
        """Today's date as the app sees it (tests and snapshots fix it)."""
        return self.context.today()

    def apply(self, edit: Edit) -> Change | None:
        """Make a change through the document (which redraws this view); a change that
        cannot be made is said in a notice and changes nothing."""
        return apply_edit(self, self.document, edit)

    def document_changed(self, change: Change) -> None:
        """The session changed (an edit here or elsewhere, an undo, a redo) while this step
        is shown: redraw. Steps with large views override this to redraw less."""
        self.sync()

    def sync(self) -> None:
        """Refresh when the session changed since this view last showed it, or its tables
        now wrap otherwise (the presenter view went on or off): toggling the presenter view
        twice before coming back redraws nothing."""
        wrap = any(table.wrap for table in self.query(ItemTable))
        if self.shown_revision != self.document.revision or self.shown_wrap != wrap:
            self.shown_revision = self.document.revision
            self.shown_wrap = wrap
            self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw from the session (override)."""

    @on(ItemTable.Reflow)
    def _reflow(self, event: ItemTable.Reflow) -> None:
        """A table's long text would wrap otherwise at its new size: draw the step again."""
        event.stop()
        self.shown_revision = -1
        self.sync()

    def reveal(self, kind: str, item_id: str) -> bool:
        """Show one item (found by Find): the cursor on its row, its table focused. Returns
        whether it is shown here. Steps with filters override this to clear them first."""
        from ..widgets.item_table import ItemTable

        for table in self.query(ItemTable):
            try:
                table.get_row_index(item_id)
            except Exception:
                continue
            table.focus()
            table.move_cursor_to(item_id)
            return True
        return False

    def focus_default(self) -> None:
        """Put the focus where work on this step starts (override)."""
        self.screen.focus_next()
