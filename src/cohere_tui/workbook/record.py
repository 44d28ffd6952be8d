"""The export record: what one export wrote, kept in the workbook, so that an import merges
by what each copy changed (three-way), never by what it still shows.

Design
------
Every export gets an **export ID** (its date and a random part, e.g. ``20260401-3f9a1c``)
and writes, on a hidden, protected sheet after the others (:data:`~.contract.RECORD_SHEET`),
the text of every Action Plan cell it wrote, row by row with the action's ID, plus the
owner of a per-owner copy and a digest of the whole. The session file gains nothing: each
workbook carries its own base, so any number of copies can be out at once.

On import, for each row and each field read back, three values meet:

- *base* — what this export wrote (the record);
- *returned* — what the cell holds now;
- *session* — what the session holds now (as the export would write it).

Then:

- returned = base: the cell was not edited, so nothing happens, whatever the session says.
  An untouched copy, or last month's, can never revert newer work.
- returned ≠ base and session = base: edited in this copy only — applied.
- returned ≠ base and session = returned: the same edit is already in (this copy imported
  before, or two people typed the same) — nothing to do.
- returned ≠ base, session ≠ base, session ≠ returned: both changed the same field since
  the export — a **conflict**, reported with the three values and not applied
  (``--prefer workbook`` applies the workbook's).

Why several copies and repeated imports are safe: applying an edit makes the session equal
the returned value, so importing the same copy again finds nothing to do; another copy of
the same export that did not touch the cell leaves it alone; one that edited it too meets
a session that moved since the export, and says so. No state about imports is kept, so
edits to different cells merge in any order, and the same cell is never overwritten
silently. The merge is per field, so one person's Status and another's Latest update on
the same action both arrive.

**Row identity.** The record also says which action each row was. A row is applied only
when its Action text (or, where that was edited, the other columns that are not read
back: Partners, Start, Priority, Domain, Findings, Initiatives, Indicator) says it is the
action its ID names, in the session or in the record. A table sorted without its ID
column, or pasted a row off, is refused as a whole rather than applied to the wrong
actions.

**Without a record** (a workbook exported by an older cohere-tui, or rebuilt by hand), or
with a record that no longer matches its digest (edited), the import works as before —
a cell counts as edited where it differs from the session — and warns that an older copy
can then revert newer work.

The record is text only (dates as ``YYYY-MM-DD``) and protected without a password: it
keeps people from editing it by accident, not on purpose. openpyxl is imported only
inside the functions that write or read it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from .contract import ACTION_PLAN_HEADERS, FORMULA_START, RECORD_FORMAT, RECORD_SHEET

_META = ("format", "export", "exported", "session", "owner", "rows", "digest")
_TABLE_TOP = 11
"""The record table's header row (the metadata sits above it)."""


@dataclass
class ExportRecord:
    """What one export wrote in the Action Plan."""

    export_id: str
    exported: dt.date
    session_title: str
    owner: str = ""
    """The owner whose copy this is ('' for the whole plan)."""
    rows: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    """Per action ID: the sheet row it was written on and the text of each cell, by header."""

    def digest(self) -> str:
        payload = [
            RECORD_FORMAT,
            self.export_id,
            self.exported.isoformat(),
            self.session_title,
            self.owner,
            [
                [ident, row, *(cells.get(h, "") for h in ACTION_PLAN_HEADERS)]
                for ident, (row, cells) in self.rows.items()
            ],
        ]
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:32]


def new_export_id(today: dt.date) -> str:
    """A new export's ID: its date and six random hex digits."""
    return f"{today:%Y%m%d}-{secrets.token_hex(3)}"


def _text_cell(ws: Any, row: int, col: int, value: str) -> None:
    if not value:
        return
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True


def write_record(wb: Any, record: ExportRecord) -> None:
    """Add the record sheet, hidden and protected, after the workbook's other sheets."""
    ws = wb.create_sheet(RECORD_SHEET)
    _text_cell(ws, 1, 1, "cohere-tui export record")
    _text_cell(
        ws,
        1,
        2,
        "import-updates reads this sheet to tell what was changed in this copy of the "
        "workbook; do not edit it.",
    )
    meta = {
        "format": str(RECORD_FORMAT),
        "export": record.export_id,
        "exported": record.exported.isoformat(),
        "session": record.session_title,
        "owner": record.owner,
        "rows": str(len(record.rows)),
        "digest": record.digest(),
    }
    for n, key in enumerate(_META, start=2):
        _text_cell(ws, n, 1, key)
        _text_cell(ws, n, 2, meta[key])
    for col, header in enumerate(("Row", *ACTION_PLAN_HEADERS), start=1):
        _text_cell(ws, _TABLE_TOP, col, header)
    for n, (ident, (row, cells)) in enumerate(record.rows.items(), start=_TABLE_TOP + 1):
        _text_cell(ws, n, 1, str(row))
        for col, header in enumerate(ACTION_PLAN_HEADERS, start=2):
            _text_cell(ws, n, col, ident if header == "ID" else cells.get(header, ""))
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def parse_record(rows: list[list[Any]]) -> tuple[ExportRecord | None, str | None]:
    """The record from the sheet's cells (as text), or None and why it cannot be used."""

    def text(r: int, c: int) -> str:
        if r <= len(rows) and c <= len(rows[r - 1]):
            value = rows[r - 1][c - 1]
            return "" if value is None else str(value)
        return ""

    damaged = "its export record (a hidden sheet) was changed or is damaged"
    meta = {text(r, 1): text(r, 2) for r in range(2, _TABLE_TOP)}
    if meta.get("format") != str(RECORD_FORMAT):
        return (
            None,
            f"its export record has a format this cohere-tui does not know ({meta.get('format')!r})",
        )
    try:
        exported = dt.date.fromisoformat(meta.get("exported", ""))
        expected_rows = int(meta.get("rows", ""))
    except ValueError:
        return None, damaged
    headers = [text(_TABLE_TOP, c) for c in range(1, len(ACTION_PLAN_HEADERS) + 2)]
    if headers != ["Row", *ACTION_PLAN_HEADERS]:
        return None, damaged
    record = ExportRecord(
        export_id=meta.get("export", ""),
        exported=exported,
        session_title=meta.get("session", ""),
        owner=meta.get("owner", ""),
    )
    for r in range(_TABLE_TOP + 1, len(rows) + 1):
        ident = text(r, 2)
        if not ident:
            continue
        try:
            row = int(text(r, 1))
        except ValueError:
            return None, damaged
        cells = {h: text(r, c) for c, h in enumerate(ACTION_PLAN_HEADERS, start=2)}
        if ident in record.rows:
            return None, damaged
        record.rows[ident] = (row, cells)
    if len(record.rows) != expected_rows or record.digest() != meta.get("digest"):
        return None, damaged
    return record, None
