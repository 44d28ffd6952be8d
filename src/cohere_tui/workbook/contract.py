"""The round-trip contract of the follow-up workbook, shared by the export and the import.

DESIGN §6 fixes the sheets (names and order), the Action Plan's columns and which of them
come back, and one text-safety rule: text a person typed is always written as text — a
value beginning with ``=``, ``+``, ``-`` or ``@`` never becomes a formula. Everything that
both writes and reads a workbook lives here, so that the two sides cannot drift apart.

Headless and light: no openpyxl here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..models import Action, Session
from ..store import SessionFileError

SHEET_NAMES: tuple[str, ...] = (
    "Overview",
    "Prepare",
    "Vision",
    "Inventory",
    "Funding",
    "Populations",
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

IDENTITY_HEADERS: tuple[str, ...] = (
    "Action",
    "Partners",
    "Start",
    "Priority",
    "Domain",
    "Findings",
    "Initiatives",
    "Indicator",
)
"""The columns that tell which action a row is (besides its ID), none of them read back: a
row is applied only when they say it is the action its ID names."""

RECORD_SHEET = "cohere-tui export record"
"""A hidden, protected sheet after the others: what this export wrote in every Action Plan
cell, so that the import can tell what a person changed (see :mod:`.record`)."""

RECORD_FORMAT = 1


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


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The bidirectional embeddings, overrides and isolates: they reorder how the text after
them is shown (U+202E shows ``gnp.exe`` as ``exe.png``), so text read back from a workbook
may not hold them. The marks (U+200E, U+200F, U+061C), which fix the direction of one
neutral character, may stay."""

_BIDI_NAMES = {
    0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting",
    0x202D: "left-to-right override",
    0x202E: "right-to-left override",
    0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate",
    0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
}


def bidi_control(text: str) -> str | None:
    """The first bidirectional control in ``text`` (see :data:`BIDI_CONTROLS`), or None."""
    found = BIDI_CONTROLS.search(text)
    return found.group() if found else None


def bidi_problem(char: str) -> str:
    """What is wrong with text holding the bidirectional control ``char``, and what to do."""
    code = ord(char)
    return (
        f"holds the bidirectional control U+{code:04X} ({_BIDI_NAMES[code]}), which changes "
        "the order in which the text is shown; remove it"
    )


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


@dataclass(frozen=True)
class Names:
    """The names an Action Plan row shows beside IDs, looked up once per export or import."""

    initiatives: dict[str, str]
    indicators: dict[str, str]

    @classmethod
    def of(cls, session: Session) -> Names:
        return cls(
            initiatives={i.id: i.name for i in session.initiatives},
            indicators={m.id: m.name for m in session.indicators},
        )


def initiative_refs(session: Session, ids: Sequence[str], names: Names | None = None) -> str:
    """``I3 Home visiting; I7 Attendance team`` (IDs first, so they can be read back)."""
    known = (names or Names.of(session)).initiatives
    return "; ".join(f"{i} {known[i]}" if i in known else i for i in ids)


def indicator_text(session: Session, action: Action, names: Names | None = None) -> str:
    """The action's own indicator text, then the measured indicators it is tracked by."""
    known = (names or Names.of(session)).indicators
    parts = [action.indicator] if action.indicator else []
    parts += [f"{i} {known[i]}" if i in known else i for i in action.indicators]
    return "; ".join(parts)


def action_plan_values(session: Session, action: Action, names: Names | None = None) -> list[Any]:
    """One Action Plan row, in :data:`ACTION_PLAN_HEADERS` order (before text safety)."""
    names = names or Names.of(session)
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
        initiative_refs(session, action.initiatives, names),
        indicator_text(session, action, names),
        action.latest_update,
        action.notes,
    ]


def record_text(value: Any) -> str:
    """An exported cell as the record keeps it: the text as written (cleaned, cut to fit),
    a date as ``YYYY-MM-DD``, nothing as ``""``."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.isoformat()
    if isinstance(value, str):
        return fit_text(value)[0]
    return str(value)


def exported_texts(session: Session, action: Action, names: Names | None = None) -> dict[str, str]:
    """What the export writes in each Action Plan cell of ``action``'s row, as text."""
    values = action_plan_values(session, action, names)
    return {h: record_text(v) for h, v in zip(ACTION_PLAN_HEADERS, values, strict=True)}
