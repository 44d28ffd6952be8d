"""The UI's one way to change the session: apply an edit through the document, and say in a
notice when it cannot be made (nothing changes then)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.widget import Widget

from ..edits import Edit, EditError

if TYPE_CHECKING:
    from ..document import Change, SessionDocument


def apply_edit(node: Widget | App[Any], document: SessionDocument, edit: Edit) -> Change | None:
    """``document.apply(edit)``; an :class:`EditError` becomes a notice from ``node``."""
    try:
        return document.apply(edit)
    except EditError as exc:
        node.notify(str(exc), title="Not changed", severity="error", timeout=8)
        return None
