"""Reading a returned workbook: loading it, and reading its cells as a person means them.

openpyxl is imported only inside :func:`load`.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import ActionStatus, control_character, control_problem
from .contract import ACTION_PLAN_SHEET, MAX_CELL_CHARS, WorkbookError, clean_text, fit_text

HEADER_SCAN_ROWS = 20
MAX_WORKBOOK_BYTES = 100 * 1024 * 1024

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Raw:
    """A cell as read: its value, or why it has none we can use."""

    value: Any = None
    formula: str | None = None
    error: str | None = None
    merged: bool = False

    @property
    def blank(self) -> bool:
        if self.formula is not None or self.error is not None:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


def raw_cell(cell: Any, merged: bool) -> Raw:
    if merged:
        return Raw(merged=True)
    value = cell.value
    if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        text = getattr(value, "text", None) or str(value)
        return Raw(formula=text)
    if cell.data_type == "e":
        return Raw(error=str(value))
    return Raw(value=value)


def as_text(value: Any) -> str:
    """A cell's value as text, as a person would read it."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return clean_text(text)


def norm_header(text: str) -> str:
    return " ".join(text.split()).casefold()


def title_key(text: str) -> str:
    """How Action texts are compared: ignoring case and spacing."""
    return " ".join(text.split()).casefold()


def same_text(cell: str, session: str) -> bool:
    """Whether a text cell still says what the export wrote for the session's text."""
    cell = cell.strip()
    if cell == clean_text(session).strip():
        return True
    exported, cut = fit_text(session)
    return bool(cut) and cell == exported.strip()


class CellProblem(Exception):
    """A cell's value cannot be used; the message says why and what to do."""


def read_date(raw: Raw, header: str) -> dt.date | None:
    value = raw.value
    if raw.blank:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise CellProblem(
            f"{header} {text!r} is not a date; type it as YYYY-MM-DD (e.g. 2026-05-01) "
            "or use a date cell"
        )
    if isinstance(value, int | float):
        raise CellProblem(
            f"{header} holds the number {as_text(value)}, not a date; format the cell as a "
            "date or type YYYY-MM-DD"
        )
    raise CellProblem(f"{header} holds {as_text(value)!r}, not a date; type YYYY-MM-DD")


def check_not_full(raw: Raw, header: str) -> None:
    """A text cell filled to the limit may have lost its end (openpyxl reads no more)."""
    if isinstance(raw.value, str) and len(raw.value) >= MAX_CELL_CHARS:
        raise CellProblem(
            f"{header} fills the cell to its limit ({MAX_CELL_CHARS:,} characters), so its end "
            "may have been cut; put the text in the app instead — this field was not read"
        )


def control_in(raw: Raw, header: str) -> str | None:
    """Why a text cell holding a control character cannot be used, or None when it holds none.

    A line end written ``\\r\\n`` or ``\\r`` is a line feed, as everywhere in a workbook.
    """
    if not isinstance(raw.value, str):
        return None
    char = control_character(raw.value.replace("\r\n", "\n").replace("\r", "\n"))
    if char is None:
        return None
    return f"{header} {control_problem(char)} from the cell"


def read_status(raw: Raw) -> ActionStatus:
    text = as_text(raw.value).strip()
    try:
        return ActionStatus.from_label(text)
    except ValueError:
        allowed = ", ".join(s.label for s in ActionStatus)
        raise CellProblem(f"Status {text!r} is not allowed; choose one of: {allowed}") from None


def read_choice(text: str, options: list[tuple[Any, list[str]]], header: str) -> Any:
    key = norm_header(text)
    for value, names in options:
        if key in (norm_header(n) for n in names):
            return value
    allowed = ", ".join(names[0] for _, names in options)
    raise CellProblem(f"{header} {text!r} is not allowed; choose one of: {allowed}")


def read_ids(text: str, prefix: str, known: set[str], header: str) -> list[str]:
    """IDs at the start of each ``;`` or ``,`` separated part (``I3 Home visiting; I7 …``)."""
    found: list[str] = []
    pattern = re.compile(rf"\s*({prefix}[1-9][0-9]*)\b", re.IGNORECASE)
    for part in re.split(r"[;,\n]", text):
        m = pattern.match(part)
        if m:
            ident = m.group(1).upper()
            if ident not in known:
                raise CellProblem(f"{header} names {ident}, which is not in the session")
            if ident not in found:
                found.append(ident)
    if text.strip() and not found:
        raise CellProblem(
            f"{header} {text.strip()!r} names no {prefix}-number ({prefix}1, {prefix}2, …)"
        )
    return found


def split_names(text: str) -> list[str]:
    parts = re.split(r"[;\n]", text) if re.search(r"[;\n]", text) else text.split(",")
    return [p.strip() for p in parts if p.strip()]


# --------------------------------------------------------------------------------------------
# loading


def load(path: Path) -> Any:
    """The workbook, or :class:`WorkbookError` saying clearly why not."""
    from openpyxl import load_workbook

    try:
        if path.is_dir():
            raise WorkbookError(path, "is a folder; name the returned .xlsx workbook")
        size = path.stat().st_size
    except FileNotFoundError:
        raise WorkbookError(path, "no such file; check the path to the returned workbook") from None
    except OSError as exc:
        raise WorkbookError(path, f"cannot be read ({exc.strerror})") from None
    if size == 0:
        raise WorkbookError(
            path,
            "the file is empty, so it is not a workbook; check the path, or save the "
            "workbook again from Excel or LibreOffice",
        )
    if size > MAX_WORKBOOK_BYTES:
        raise WorkbookError(path, f"the file is {size:,} bytes, too large for an action plan")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookError(
            path,
            "is not an .xlsx workbook; open it in Excel or LibreOffice, save it as "
            "Excel 2007-365 (.xlsx) and import that",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=False, rich_text=False)
    except PermissionError:
        raise WorkbookError(path, "permission denied; copy the file somewhere readable") from None
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        reason = type(exc).__name__
        if reason == "BadZipFile":
            why = "it is not an .xlsx workbook, or it is damaged or password-protected"
        else:
            why = f"it is damaged or not an .xlsx workbook ({reason}: {exc})"
        raise WorkbookError(
            path, f"cannot be read: {why}; open it in Excel or LibreOffice, save it as .xlsx again"
        ) from None


def find_sheet(wb: Any) -> Any | None:
    if ACTION_PLAN_SHEET in wb.sheetnames:
        return wb[ACTION_PLAN_SHEET]
    for name in wb.sheetnames:
        if norm_header(name) == norm_header(ACTION_PLAN_SHEET):
            return wb[name]
    return None


# --------------------------------------------------------------------------------------------
# planning
