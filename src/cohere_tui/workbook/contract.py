"""The round-trip contract of the follow-up workbook, shared by the export and the import.

DESIGN §6 fixes the sheets (names and order), the Action Plan's columns and which of them
come back, and one text-safety rule: text a person typed is always written as text — a
value beginning with ``=``, ``+``, ``-`` or ``@`` never becomes a formula. Everything that
both writes and reads a workbook lives here, so that the two sides cannot drift apart.

Headless and light: no openpyxl here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from ..models import Action, Session
from ..store import SessionFileError

SHEET_NAMES: tuple[str, ...] = (
    "Overview",
    "Vision",
    "Inventory",
    "Alignment",
    "Relationships",
    "Findings",
    "Action Plan",
    "Monitoring",
)
"""The workbook's sheets, in order (a contract: DESIGN §6)."""

ACTION_PLAN_SHEET = "Action Plan"

ACTION_PLAN_HEADERS: tuple[str, ...] = (
    "ID",
    "Action",
    "Owner",
    "Partners",
    "Start",
    "Due",
    "Status",
    "Priority",
    "Domain",
    "Findings",
    "Initiatives",
    "Indicator",
    "Latest update",
    "Notes",
)
"""The Action Plan sheet's columns, in order (a contract: DESIGN §6); row 1 holds them."""

MAX_CELL_CHARS = 32_767
"""The most characters (UTF-16 code units) an Excel cell holds."""

CUT_MARKER = "… [cut: {n:,} characters more, see the session file]"
CUT_MARKER_RE = re.compile(r"… \[cut: [\d,]+ characters more, see the session file\]\Z")
"""Ends a text that was too long for its cell."""

FORMULA_START = ("=", "+", "-", "@")
"""Text starting with one of these would be a formula if typed into a cell: the export
writes it as a text cell with Excel's quote prefix, the import keeps a text cell as typed."""

_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

FieldName = Literal["status", "latest_update", "notes", "owner", "due"]

READ_BACK: dict[str, FieldName] = {
    "Status": "status",
    "Latest update": "latest_update",
    "Notes": "notes",
    "Owner": "owner",
    "Due": "due",
}
"""The Action Plan columns read back into existing actions, and their fields."""

FIELD_LABELS: dict[FieldName, str] = {name: header for header, name in READ_BACK.items()}


class WorkbookError(SessionFileError):
    """A workbook could not be written or read; the message names the file and what to do.

    A :class:`~cohere_tui.store.SessionFileError`, so the command line reports it like any
    other problem with a user's file (exit status 1, no traceback).
    """

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(path, [f"{path}: {message}"])
        self.message = message


class ExportExistsError(WorkbookError):
    """The export's target file exists and ``overwrite`` was not given."""


# --------------------------------------------------------------------------------------------
# text safety


def clean_text(value: str) -> str:
    """``value`` without characters a workbook cannot hold; line ends become ``\\n``.

    Removes what openpyxl's ``ILLEGAL_CHARACTERS_RE`` refuses (C0 controls other than tab and
    line feed) plus lone surrogates and U+FFFE/U+FFFF, which XML cannot carry either.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_RE.sub("", value)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_text(value: str) -> tuple[str, int]:
    """``value`` cleaned and cut to fit one cell; returns the text and how many characters were cut.

    A cut text ends with :data:`CUT_MARKER`, so the reader sees that something is missing.
    """
    text = clean_text(value)
    if len(text) <= MAX_CELL_CHARS // 2 or _utf16_len(text) <= MAX_CELL_CHARS:
        return text, 0
    budget = MAX_CELL_CHARS - _utf16_len(CUT_MARKER.format(n=len(text)))
    kept = text.encode("utf-16-le")[: budget * 2].decode("utf-16-le", errors="ignore")
    cut = len(text) - len(kept)
    return kept + CUT_MARKER.format(n=cut), cut


# --------------------------------------------------------------------------------------------
# the Action Plan's row, shared with the import


def join_ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def initiative_refs(session: Session, ids: Sequence[str]) -> str:
    """``I3 Home visiting; I7 Attendance team`` (IDs first, so they can be read back)."""
    parts = []
    for ini_id in ids:
        ini = session.initiative(ini_id)
        parts.append(f"{ini_id} {ini.name}" if ini else ini_id)
    return "; ".join(parts)


def indicator_text(session: Session, action: Action) -> str:
    """The action's own indicator text, then the measured indicators it is tracked by."""
    parts = [action.indicator] if action.indicator else []
    for ind_id in action.indicators:
        ind = session.indicator(ind_id)
        parts.append(f"{ind_id} {ind.name}" if ind else ind_id)
    return "; ".join(parts)


def action_plan_values(session: Session, action: Action) -> list[Any]:
    """One Action Plan row, in :data:`ACTION_PLAN_HEADERS` order (before text safety)."""
    return [
        action.id,
        action.title,
        action.owner,
        "; ".join(action.partners),
        action.start,
        action.due,
        action.status.label,
        action.priority.label,
        action.domain.label if action.domain else "",
        join_ids(action.findings),
        initiative_refs(session, action.initiatives),
        indicator_text(session, action),
        action.latest_update,
        action.notes,
    ]
