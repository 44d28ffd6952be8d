"""Writing the workbook: the whole session, atomically, never over an existing file."""

from __future__ import annotations

import datetime as dt
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
from .prepare_portfolio import funding_sheet, populations_sheet, prepare_sheet
from .record import ExportRecord, new_export_id, write_record


@dataclass
class ExportResult:
    """What :func:`export_workbook` wrote."""

    path: Path
    """The workbook written."""
    warnings: list[str] = field(default_factory=list)
    """Things the reader of the workbook should know (e.g. text cut to fit a cell)."""
    owner: str = ""
    """Whose copy it is ('' for the whole plan)."""


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
    "Prepare": prepare_sheet,
    "Vision": sheets.vision,
    "Inventory": sheets.inventory,
    "Funding": funding_sheet,
    "Populations": populations_sheet,
    "Alignment": sheets.alignment,
    "Relationships": sheets.relationships,
    "Findings": sheets.findings,
    "Action Plan": sheets.action_plan,
    "Monitoring": monitoring,
}
"""Who writes each sheet (every name of :data:`~.contract.SHEET_NAMES`)."""


OWNER_SHEETS: tuple[str, ...] = ("Overview", "Vision", "Findings", ACTION_PLAN_SHEET)
"""The sheets of one owner's copy: their actions, with the vision, the goals and the findings
their actions answer as read-only context."""


def build_workbook(
    session: Session,
    *,
    today: dt.date,
    owner: str = "",
    export_id: str | None = None,
) -> tuple[Any, list[str]]:
    """The workbook (an openpyxl ``Workbook``) and the warnings collected building it.

    With ``owner``, one owner's copy: only their actions and the findings those answer, on
    the sheets of :data:`OWNER_SHEETS` (the context ones protected, read-only). Either way
    the workbook carries its export record (:mod:`.record`) after its sheets.
    """
    if owner:
        session = owner_view(session, owner)
        names: tuple[str, ...] = OWNER_SHEETS
    else:
        names = SHEET_NAMES
    w = Writer(session, today)
    w.owner = owner
    w.record = ExportRecord(
        export_id=export_id or new_export_id(today),
        exported=today,
        session_title=clean_text(session.title),
        owner=owner,
    )
    wb = w.wb
    first = wb.active
    first.title = names[0]
    worksheets = [first, *(wb.create_sheet(name) for name in names[1:])]
    for ws in worksheets:
        BUILDERS[ws.title](w, ws)
        if owner and ws.title != ACTION_PLAN_SHEET:
            ws.protection.sheet = True
    write_record(wb, w.record)
    wb.active = names.index(ACTION_PLAN_SHEET)
    for ws in worksheets:
        ws.sheet_view.tabSelected = ws.title == ACTION_PLAN_SHEET
    props = wb.properties
    props.title = clean_text(session.title)[:255]
    props.creator = clean_text(session.facilitator)[:255] or "cohere-tui"
    props.lastModifiedBy = props.creator
    props.subject = f"Action plan: {clean_text(owner)[:200]}'s actions" if owner else "Action plan"
    props.description = f"Exported by cohere-tui (export {w.record.export_id})"
    return wb, w.warnings


def owner_key(name: str) -> str:
    """How owner names are compared: ignoring case and spacing."""
    return " ".join(name.split()).casefold()


def owners(session: Session) -> list[str]:
    """The owners of the session's actions, as first written, in plan order."""
    seen: dict[str, str] = {}
    for action in session.actions:
        name = " ".join(action.owner.split())
        if name and owner_key(name) not in seen:
            seen[owner_key(name)] = name
    return list(seen.values())


def owner_view(session: Session, owner: str) -> Session:
    """A copy of the session holding only ``owner``'s actions and the findings they answer."""
    key = owner_key(owner)
    actions = [a for a in session.actions if owner_key(a.owner) == key]
    answered = {f for a in actions for f in a.findings}
    findings = [f for f in session.findings if f.id in answered]
    return session.model_copy(update={"actions": actions, "findings": findings})


def export_workbook(
    session: Session,
    path: Path,
    *,
    today: dt.date,
    overwrite: bool = False,
    owner: str = "",
    mode_from: Path | None = None,
) -> ExportResult:
    """Write the session's follow-up workbook (or, with ``owner``, that owner's copy) to
    ``path`` (atomically) and return it.

    An existing file is never replaced unless ``overwrite`` is given:
    :class:`ExportExistsError` says so instead. Write failures raise :class:`WorkbookError`.
    The file is written as a session is (:func:`cohere_tui.files.atomic_write`): never
    through a link, keeping a replaced file's permissions; a new one takes those of
    ``mode_from`` (the session's file) when given.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise ExportExistsError(
            path, "already exists; choose another file name or remove the old file first"
        )
    if path.suffix.lower() != ".xlsx":
        raise WorkbookError(path, "a workbook's name must end in .xlsx; choose another name")
    wb, warnings = build_workbook(session, today=today, owner=owner)
    _write(wb, path, overwrite, mode_from)
    return ExportResult(path=path, warnings=warnings, owner=owner)


def _write(wb: Any, path: Path, overwrite: bool, mode_from: Path | None = None) -> None:
    import io

    from ..files import atomic_write

    buffer = io.BytesIO()
    wb.save(buffer)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, buffer.getvalue(), exclusive=not overwrite, mode_from=mode_from)
    except FileExistsError:
        raise ExportExistsError(
            path, "was created while exporting; choose another file name"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = (
            "the disk is full; free some space or export elsewhere"
            if exc.errno == 28
            else "export to another folder (is the file open in Excel?)"
        )
        raise WorkbookError(path, f"could not write the workbook ({reason}); {hint}") from None


def owner_export_path(exports_dir: Path, session_path: Path, owner: str, today: dt.date) -> Path:
    """``exports_dir/<slug>-action-plan-<owner>-<YYYY-MM-DD>.xlsx``, with -2, … when taken."""
    base = default_export_path(exports_dir, session_path, today)
    stem = f"{slugify(session_path.stem)}-action-plan-{slugify(owner)}-{today.isoformat()}"
    return free_path(base.parent, stem, ".xlsx")


def export_per_owner(
    session: Session,
    exports_dir: Path,
    session_path: Path,
    *,
    today: dt.date,
    only: str | None = None,
) -> list[ExportResult]:
    """One small workbook per owner in ``exports_dir`` (or only ``only``'s), each with its
    own export record; returns what was written, in plan order of the owners.

    Raises :class:`WorkbookError` when ``only`` owns no action (the message lists the
    owners) or when the session has no owned actions at all.
    """
    names = owners(session)
    if only is not None:
        wanted = [n for n in names if owner_key(n) == owner_key(only)]
        if not wanted:
            listed = ", ".join(repr(n) for n in names[:20]) or "none"
            raise WorkbookError(
                session_path,
                f"no action is owned by {only!r}; owners are: {listed} — name one of them",
            )
        names = wanted
    elif not names:
        raise WorkbookError(
            session_path,
            "no action has an owner, so there is no per-owner copy to write; give the actions "
            "owners in step 4, or export the whole plan",
        )
    results = []
    for name in names:
        path = owner_export_path(exports_dir, session_path, name, today)
        results.append(export_workbook(session, path, today=today, owner=name))
    return results
