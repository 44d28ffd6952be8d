"""A returned workbook's follow-up edits, merged into the session as one edit (one step of
the history: undo takes back the whole import).

Headless: never imports Textual; openpyxl is not needed here (the plan is read already).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .base import Edit, Transaction


@dataclass
class ImportUpdates(Edit):
    """Apply a plan made by :func:`cohere_tui.workbook.plan_updates`; ``count`` says how many
    changes were taken once it is applied. ``day`` is when the import happens: the actions
    whose status or latest update it changes are marked updated then."""

    plan: Any
    source: str
    day: dt.date
    count: int = 0
    AREAS = frozenset({"actions"})

    def apply(self, tx: Transaction) -> str:
        from ..workbook import apply_updates

        session = tx.session
        tx.touch(session)
        for action in session.actions:  # the import may change any of them
            tx.touch(action)
        self.count = apply_updates(session, self.plan, today=self.day)
        noun = "change" if self.count == 1 else "changes"
        return f"Imported {self.count} {noun} from {self.source}"
