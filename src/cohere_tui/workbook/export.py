"""Writing the workbook: the whole session, atomically, never over an existing file."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Session
from ..store import free_path, slugify
from . import sheets
from .contract import ACTION_PLAN_SHEET, SHEET_NAMES, ExportExistsError, WorkbookError, clean_text
from .layout import Writer
from .monitoring import monitoring


@dataclass
class ExportResult:
    """What :func:`export_workbook` wrote."""

    path: Path
    """The workbook written."""
    warnings: list[str] = field(default_factory=list)
    """Things the reader of the workbook should know (e.g. text cut to fit a cell)."""


def default_export_path(exports_dir: Path, session_path: Path, today: dt.date) -> Path:
    """``exports_dir/<slug>-action-plan-<YYYY-MM-DD>.xlsx``, with -2, -3, … when taken.

    The slug is the session file's stem (made file-name safe). The folder is created when
    missing.
    """
    try:
        exports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(
            exports_dir,
            f"cannot create the exports folder ({exc.strerror}); name another folder",
        ) from None
    stem = f"{slugify(session_path.stem)}-action-plan-{today.isoformat()}"
    return free_path(exports_dir, stem, ".xlsx")


BUILDERS: dict[str, Callable[[Writer, Any], None]] = {
    "Overview": sheets.overview,
    "Vision": sheets.vision,
    "Inventory": sheets.inventory,
    "Alignment": sheets.alignment,
    "Relationships": sheets.relationships,
    "Findings": sheets.findings,
    "Action Plan": sheets.action_plan,
    "Monitoring": monitoring,
}
"""Who writes each sheet (every name of :data:`~.contract.SHEET_NAMES`)."""


def build_workbook(session: Session, *, today: dt.date) -> tuple[Any, list[str]]:
    """The workbook (an openpyxl ``Workbook``) and the warnings collected building it."""
    w = Writer(session, today)
    wb = w.wb
    first = wb.active
    first.title = SHEET_NAMES[0]
    worksheets = [first, *(wb.create_sheet(name) for name in SHEET_NAMES[1:])]
    for ws in worksheets:
        BUILDERS[ws.title](w, ws)
    wb.active = SHEET_NAMES.index(ACTION_PLAN_SHEET)
    for ws in worksheets:
        ws.sheet_view.tabSelected = ws.title == ACTION_PLAN_SHEET
    props = wb.properties
    props.title = clean_text(session.title)[:255]
    props.creator = clean_text(session.facilitator)[:255] or "cohere-tui"
    props.lastModifiedBy = props.creator
    props.subject = "Action plan"
    props.description = "Exported by cohere-tui"
    return wb, w.warnings


def export_workbook(
    session: Session, path: Path, *, today: dt.date, overwrite: bool = False
) -> ExportResult:
    """Write the session's follow-up workbook to ``path`` (atomically) and return it.

    An existing file is never replaced unless ``overwrite`` is given:
    :class:`ExportExistsError` says so instead. Write failures raise :class:`WorkbookError`.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise ExportExistsError(
            path, "already exists; choose another file name or remove the old file first"
        )
    if path.suffix.lower() != ".xlsx":
        raise WorkbookError(path, "a workbook's name must end in .xlsx; choose another name")
    wb, warnings = build_workbook(session, today=today)
    folder = path.parent
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            wb.save(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists() and not overwrite:
            raise ExportExistsError(path, "was created while exporting; choose another file name")
        os.replace(tmp, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = (
            "the disk is full; free some space or export elsewhere"
            if exc.errno == 28
            else "export to another folder (is the file open in Excel?)"
        )
        raise WorkbookError(path, f"could not write the workbook ({reason}); {hint}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return ExportResult(path=path, warnings=warnings)
