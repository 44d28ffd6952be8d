"""Reading follow-up edits back from a returned workbook's Action Plan sheet (DESIGN §4, §6).

:func:`plan_updates` only reads: it says what would change, what it cannot use and why, and
which rows look like new actions. :func:`apply_updates` then changes the session in memory;
the caller saves it. openpyxl is imported only inside the functions that read a workbook.

Rules:

- The header row is the first row (of the first 20) that has an ``ID`` cell; header names are
  matched ignoring case and spacing, in any order. Rows are matched to actions by ``ID``.
- From a row with a known ID, Status (one of the allowed labels), Latest update, Notes,
  Owner and Due (a date cell, or text ``YYYY-MM-DD``) are read. Edits in the other columns
  are not read back; the plan names them so nobody thinks they were.
- A problem with one cell (a status that is not allowed, a date that is not a date, a
  formula, merged cells) leaves that field as it is in the session; the rest of the row is
  still read. A row whose ID is unknown, or appears on several rows, is not read at all.
- A cell holding a formula is refused (openpyxl cannot compute it): type the value itself.
  Text that starts with ``=`` in a text cell is ordinary text and is kept as typed.
- A row with no ID but an Action text is offered as a new action. It is not added again
  when its Action text equals the title of an action already in the session (ignoring case
  and spacing): that is how a second import of the same workbook changes nothing. A new row
  with any problem is not added; fix it in the sheet and import again.
- A cell holding a control character (other than tab and line feed; DEL and the C1
  controls can be stored in a workbook) is refused rather than taken: a terminal would act
  on it instead of showing it, so it would garble the screen.
- A text cell filled to a cell's limit (32,767 characters) may have lost its end when read,
  so it is refused rather than taken cut; a sheet with none of the read-back columns is a
  problem, not an empty update.
- An action missing from the sheet is never deleted or changed.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .models import (
    Action,
    ActionStatus,
    Domain,
    Priority,
    Session,
    control_character,
    control_problem,
    next_id,
)
from .validation import shown as safe_text
from .workbook import (
    ACTION_PLAN_HEADERS,
    ACTION_PLAN_SHEET,
    CUT_MARKER_RE,
    MAX_CELL_CHARS,
    WorkbookError,
    action_plan_values,
    clean_text,
    fit_text,
)

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

HEADER_SCAN_ROWS = 20
MAX_WORKBOOK_BYTES = 100 * 1024 * 1024

_ACTION_ID = re.compile(r"^A[1-9][0-9]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Change:
    """One field of one action that the workbook changes."""

    action_id: str
    field: FieldName
    old: Any
    new: Any
    row: int
    """The sheet row it comes from."""

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class Problem:
    """Something in the workbook that could not be used: where, what is wrong, what to do."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row is not None else self.message


@dataclass
class NewAction:
    """A row with no ID but an Action text: offered as a new action."""

    row: int
    fields: dict[str, Any]
    """Keyword arguments for :class:`~cohere_tui.models.Action` (everything but ``id``)."""
    assigned_id: str | None = None
    """The ID it got when applied."""

    @property
    def title(self) -> str:
        return str(self.fields["title"])


@dataclass(frozen=True)
class AlreadyPresent:
    """A new row whose Action text is already an action's title: not added again."""

    row: int
    title: str
    action_id: str


@dataclass
class UpdatePlan:
    """What a returned workbook would change; nothing is changed until it is applied."""

    workbook: Path
    changes: list[Change] = field(default_factory=list)
    new_actions: list[NewAction] = field(default_factory=list)
    already_present: list[AlreadyPresent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """Things worth knowing that are not problems (edits in columns not read back, …)."""
    rows_read: int = 0
    sheet: str | None = None

    @property
    def has_changes(self) -> bool:
        """Whether applying the plan would change the session."""
        return bool(self.changes or self.new_actions)

    def problem(self, row: int | None, message: str) -> None:
        self.problems.append(Problem(row, message))


# --------------------------------------------------------------------------------------------
# reading cells


@dataclass(frozen=True)
class _Raw:
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


def _raw(cell: Any, merged: bool) -> _Raw:
    if merged:
        return _Raw(merged=True)
    value = cell.value
    if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        text = getattr(value, "text", None) or str(value)
        return _Raw(formula=text)
    if cell.data_type == "e":
        return _Raw(error=str(value))
    return _Raw(value=value)


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


def _same_text(cell: str, session: str) -> bool:
    """Whether a text cell still says what the export wrote for the session's text."""
    cell = cell.strip()
    if cell == clean_text(session).strip():
        return True
    exported, cut = fit_text(session)
    return bool(cut) and cell == exported.strip()


class _CellProblem(Exception):
    """A cell's value cannot be used; the message says why and what to do."""


def _date(raw: _Raw, header: str) -> dt.date | None:
    value = raw.value
    if raw.blank:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise _CellProblem(
            f"{header} {text!r} is not a date; type it as YYYY-MM-DD (e.g. 2026-05-01) "
            "or use a date cell"
        )
    if isinstance(value, int | float):
        raise _CellProblem(
            f"{header} holds the number {as_text(value)}, not a date; format the cell as a "
            "date or type YYYY-MM-DD"
        )
    raise _CellProblem(f"{header} holds {as_text(value)!r}, not a date; type YYYY-MM-DD")


def _check_not_full(raw: _Raw, header: str) -> None:
    """A text cell filled to the limit may have lost its end (openpyxl reads no more)."""
    if isinstance(raw.value, str) and len(raw.value) >= MAX_CELL_CHARS:
        raise _CellProblem(
            f"{header} fills the cell to its limit ({MAX_CELL_CHARS:,} characters), so its end "
            "may have been cut; put the text in the app instead — this field was not read"
        )


def _control(raw: _Raw, header: str) -> str | None:
    """Why a text cell holding a control character cannot be used, or None when it holds none.

    A line end written ``\\r\\n`` or ``\\r`` is a line feed, as everywhere in a workbook.
    """
    if not isinstance(raw.value, str):
        return None
    char = control_character(raw.value.replace("\r\n", "\n").replace("\r", "\n"))
    if char is None:
        return None
    return f"{header} {control_problem(char)} from the cell"


def _status(raw: _Raw) -> ActionStatus:
    text = as_text(raw.value).strip()
    try:
        return ActionStatus.from_label(text)
    except ValueError:
        allowed = ", ".join(s.label for s in ActionStatus)
        raise _CellProblem(f"Status {text!r} is not allowed; choose one of: {allowed}") from None


def _choice(text: str, options: list[tuple[Any, list[str]]], header: str) -> Any:
    key = norm_header(text)
    for value, names in options:
        if key in (norm_header(n) for n in names):
            return value
    allowed = ", ".join(names[0] for _, names in options)
    raise _CellProblem(f"{header} {text!r} is not allowed; choose one of: {allowed}")


def _ids(text: str, prefix: str, known: set[str], header: str) -> list[str]:
    """IDs at the start of each ``;`` or ``,`` separated part (``I3 Home visiting; I7 …``)."""
    found: list[str] = []
    pattern = re.compile(rf"\s*({prefix}[1-9][0-9]*)\b", re.IGNORECASE)
    for part in re.split(r"[;,\n]", text):
        m = pattern.match(part)
        if m:
            ident = m.group(1).upper()
            if ident not in known:
                raise _CellProblem(f"{header} names {ident}, which is not in the session")
            if ident not in found:
                found.append(ident)
    if text.strip() and not found:
        raise _CellProblem(
            f"{header} {text.strip()!r} names no {prefix}-number ({prefix}1, {prefix}2, …)"
        )
    return found


def _split_names(text: str) -> list[str]:
    parts = re.split(r"[;\n]", text) if re.search(r"[;\n]", text) else text.split(",")
    return [p.strip() for p in parts if p.strip()]


# --------------------------------------------------------------------------------------------
# loading


def _load(path: Path) -> Any:
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


def _find_sheet(wb: Any) -> Any | None:
    if ACTION_PLAN_SHEET in wb.sheetnames:
        return wb[ACTION_PLAN_SHEET]
    for name in wb.sheetnames:
        if norm_header(name) == norm_header(ACTION_PLAN_SHEET):
            return wb[name]
    return None


# --------------------------------------------------------------------------------------------
# planning


def plan_updates(session: Session, workbook_path: Path) -> UpdatePlan:
    """Read the workbook's Action Plan sheet and say what it would change; writes nothing.

    Raises :class:`~cohere_tui.workbook.WorkbookError` when the file is missing or is not a
    readable workbook; everything else is reported in the plan.
    """
    path = Path(workbook_path)
    wb = _load(path)
    plan = UpdatePlan(workbook=path)
    ws = _find_sheet(wb)
    if ws is None:
        found = ", ".join(repr(n) for n in wb.sheetnames)
        plan.problem(
            None,
            f"the workbook has no '{ACTION_PLAN_SHEET}' sheet (sheets found: {found}); "
            f"import the workbook cohere-tui exported, or rename the sheet with the actions "
            f"to '{ACTION_PLAN_SHEET}'",
        )
        return plan
    plan.sheet = safe_text(ws.title)
    _read_sheet(session, ws, plan)
    return plan


def _read_sheet(session: Session, ws: Any, plan: UpdatePlan) -> None:
    max_row = ws.max_row or 0
    max_col = ws.max_column or 0
    # merged cells: every cell of a merged range but its first reads as "merged"
    covered: set[tuple[int, int]] = set()
    ranges = list(ws.merged_cells.ranges)
    for rng in ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))

    def raw(r: int, c: int) -> _Raw:
        return _raw(ws.cell(row=r, column=c), (r, c) in covered)

    # the header row
    header_row = None
    columns: dict[str, int] = {}
    for r in range(1, min(max_row, HEADER_SCAN_ROWS) + 1):
        names = {
            norm_header(as_text(raw(r, c).value)): c
            for c in range(max_col, 0, -1)  # the leftmost of duplicated names wins
            if isinstance(raw(r, c).value, str)
        }
        if "id" in names:
            header_row, columns = r, names
            break
    if header_row is None:
        first = [as_text(raw(1, c).value) for c in range(1, max_col + 1)] if max_row else []
        first = [t for t in first if t.strip()]
        if not first and max_row <= 1:
            plan.problem(
                None,
                f"the '{safe_text(ws.title)}' sheet is empty; nothing to import (export the workbook "
                "again, fill it in and import that)",
            )
        else:
            shown = ", ".join(repr(t) for t in first[:16]) or "nothing"
            plan.problem(
                1,
                f"the '{ws.title}' sheet has no ID column: the header row should start with "
                f"'ID' (found in row 1: {shown}); put the ID column back (copy it from the "
                "exported workbook) and import again",
            )
        return
    if header_row != 1:
        plan.notices.append(f"the header row is row {header_row} (expected row 1)")

    col = {h: columns.get(norm_header(h)) for h in ACTION_PLAN_HEADERS}
    missing = [h for h in READ_BACK if col[h] is None]
    if len(missing) == len(READ_BACK):
        plan.problem(
            header_row,
            f"the header row has none of the columns read back ({', '.join(READ_BACK)}), so "
            "no action can be updated from this sheet; put those column names back as the "
            "export wrote them and import again",
        )
    elif missing:
        plan.notices.append("column(s) not found, so not read: " + ", ".join(missing))
    wanted_cols = {c for c in col.values() if c is not None}
    names_by_col = {c: h for h, c in col.items() if c is not None}
    for rng in ranges:
        if rng.max_row <= header_row:
            continue
        cols = [names_by_col[c] for c in range(rng.min_col, rng.max_col + 1) if c in wanted_cols]
        if not cols:
            continue
        rows = (
            f"rows {rng.min_row}–{rng.max_row}"
            if rng.max_row > rng.min_row
            else f"row {rng.min_row}"
        )
        plan.problem(
            rng.min_row,
            f"{rows}, column(s) {', '.join(cols)}: cells are merged ({rng.coord}); only the "
            "first cell was read, the others were left as they are in the session — unmerge "
            "the cells and import again",
        )

    # collect the rows
    by_id: dict[str, list[tuple[int, dict[str, _Raw]]]] = {}
    new_rows: list[tuple[int, dict[str, _Raw]]] = []
    for r in range(header_row + 1, max_row + 1):
        cells = {h: raw(r, c) for h, c in col.items() if c is not None}
        if all(x.blank or x.merged for x in cells.values()):
            continue
        plan.rows_read += 1
        id_cell = cells["ID"]
        if id_cell.merged:
            continue  # reported with the merged range
        if id_cell.formula is not None or id_cell.error is not None:
            plan.problem(
                r,
                "the ID cell holds a formula or an error, so the row cannot be matched; "
                "type the action's ID (A1, A2, …) — the row was not read",
            )
            continue
        if id_cell.blank:
            new_rows.append((r, cells))
            continue
        text = as_text(id_cell.value).strip().upper()
        if not _ACTION_ID.match(text):
            plan.problem(
                r,
                f"ID {as_text(id_cell.value).strip()!r} is not an action ID (A1, A2, …); "
                "correct it, or clear it to add the row as a new action — the row was not read",
            )
            continue
        by_id.setdefault(text, []).append((r, cells))

    for ident, found in by_id.items():
        if len(found) > 1:
            where = ", ".join(str(n) for n, _ in found)
            plan.problem(
                found[0][0],
                f"ID {ident} is on several rows ({where}); none of them was read — keep one "
                "row per ID (merge the edits into it) and import again",
            )
            continue
        r, cells = found[0]
        action = session.action(ident)
        if action is None:
            plan.problem(
                r,
                f"ID {ident} is not an action in this session; the row was not read — check "
                "the ID, or clear it to add the row as a new action",
            )
            continue
        _read_existing(session, action, r, cells, plan)

    _read_new(session, new_rows, plan)
    in_sheet = set(by_id) | {item.action_id for item in plan.already_present}
    missing_ids = [a.id for a in session.actions if a.id not in in_sheet]
    if missing_ids:
        shown = ", ".join(missing_ids[:12]) + (" …" if len(missing_ids) > 12 else "")
        plan.notices.append(
            f"{len(missing_ids)} action(s) of the session are not in the sheet ({shown}); "
            "they are kept unchanged"
        )


def _usable(raw: _Raw, header: str, r: int, where: str, plan: UpdatePlan) -> bool:
    """Whether a cell can be read; a formula or an error cell is a problem."""
    if raw.merged:
        return False
    if raw.formula is not None:
        plan.problem(
            r,
            f"{where}{header}: the cell holds a formula ({raw.formula}), which cohere-tui "
            "cannot compute; type the value itself — this field was not read",
        )
        return False
    if raw.error is not None:
        plan.problem(
            r, f"{where}{header}: the cell holds the error {raw.error}; type the value itself"
        )
        return False
    return True


def _read_existing(
    session: Session, action: Action, r: int, cells: dict[str, _Raw], plan: UpdatePlan
) -> None:
    where = f"{action.id}'s "

    def change(name: FieldName, old: Any, new: Any) -> None:
        plan.changes.append(Change(action.id, name, old, new, r))

    for header, name in READ_BACK.items():
        raw = cells.get(header)
        if raw is None or not _usable(raw, header, r, where, plan):
            continue
        if (why := _control(raw, header)) is not None:
            plan.problem(r, f"{where}{why} and import again — this field was not read")
            continue
        try:
            if name == "status":
                if raw.blank:
                    raise _CellProblem(
                        f"Status is empty; the session keeps {action.status.label!r} — "
                        "choose a status from the list"
                    )
                status = _status(raw)
                if status is not action.status:
                    change(name, action.status, status)
            elif name == "due":
                due = _date(raw, "Due")
                if due is not None and action.start is not None and due < action.start:
                    raise _CellProblem(
                        f"Due {due} is before Start {action.start}; correct the date "
                        "(Start can be changed in the app)"
                    )
                if due != action.due:
                    change(name, action.due, due)
            else:
                current: str = getattr(action, name)
                text = as_text(raw.value)
                if _same_text(text, current):
                    continue
                if fit_text(current)[1] or CUT_MARKER_RE.search(text.strip()):
                    raise _CellProblem(
                        f"{header} is too long for a cell, so it was cut at export, and then "
                        "edited; edit this text in the app — this field was not read"
                    )
                _check_not_full(raw, header)
                change(name, current, text.strip())
        except _CellProblem as exc:
            plan.problem(r, f"{where}{exc}")

    # columns that are not read back: say when they were edited
    exported = dict(zip(ACTION_PLAN_HEADERS, action_plan_values(session, action), strict=True))
    edited = []
    for header in ACTION_PLAN_HEADERS:
        if header == "ID" or header in READ_BACK or header not in cells:
            continue
        raw = cells[header]
        if raw.merged or raw.formula is not None or raw.error is not None:
            continue
        old = exported[header]
        if isinstance(old, dt.date) or old is None:
            value = raw.value.date() if isinstance(raw.value, dt.datetime) else raw.value
            same = value == old or (raw.blank and old is None)
            if not same and isinstance(value, str):
                same = value.strip() == (old.isoformat() if old else "")
        else:
            same = _same_text(as_text(raw.value), str(old))
        if not same:
            edited.append(header)
    if edited:
        plan.notices.append(
            f"row {r} ({action.id}): {', '.join(edited)} differ(s) from the session; only "
            "Status, Latest update, Notes, Owner and Due are read back — change the others "
            "in the app"
        )


def _read_new(session: Session, rows: list[tuple[int, dict[str, _Raw]]], plan: UpdatePlan) -> None:
    titles = {title_key(a.title): a.id for a in session.actions}
    offered: dict[str, int] = {}
    finding_ids = {f.id for f in session.findings}
    initiative_ids = {i.id for i in session.initiatives}
    for r, cells in rows:
        action_raw = cells.get("Action", _Raw())
        if action_raw.blank or action_raw.merged:
            plan.problem(
                r,
                "the row has no ID and no Action, so it was not read; give it an Action "
                "text to add it as a new action, or delete the row",
            )
            continue
        if not _usable(action_raw, "Action", r, "", plan):
            continue
        if (why := _control(action_raw, "Action")) is not None:
            plan.problem(r, f"the new action was not added: {why} and import again")
            continue
        title = as_text(action_raw.value).strip()
        key = title_key(title)
        if key in titles:
            plan.already_present.append(AlreadyPresent(r, title, titles[key]))
            continue
        if key in offered:
            plan.problem(
                r,
                f"the new action {title!r} is also on row {offered[key]}; it is offered once "
                "— delete one of the rows",
            )
            continue
        try:
            fields = _new_fields(cells, title, r, plan, finding_ids, initiative_ids)
        except _CellProblem as exc:
            plan.problem(
                r, f"new action {title!r} was not added: {exc}; fix the row and import again"
            )
            continue
        if fields is None:
            continue
        offered[key] = r
        plan.new_actions.append(NewAction(row=r, fields=fields))


def _new_fields(
    cells: dict[str, _Raw],
    title: str,
    r: int,
    plan: UpdatePlan,
    finding_ids: set[str],
    initiative_ids: set[str],
) -> dict[str, Any] | None:
    for header, raw in cells.items():
        if raw.formula is not None or raw.error is not None:
            raise _CellProblem(f"{header} holds a formula or an error; type the value itself")
        if not raw.merged and (why := _control(raw, header)) is not None:
            raise _CellProblem(why)

    def text(header: str) -> str:
        raw = cells.get(header)
        if raw is None or raw.merged:
            return ""
        _check_not_full(raw, header)
        return as_text(raw.value).strip()

    def date(header: str) -> dt.date | None:
        raw = cells.get(header)
        return None if raw is None or raw.merged else _date(raw, header)

    status = ActionStatus.NOT_STARTED
    if text("Status"):
        status = _status(cells["Status"])
    priority = Priority.MEDIUM
    if text("Priority"):
        priority = _choice(
            text("Priority"), [(p, [p.label, p.value]) for p in Priority], "Priority"
        )
    domain = None
    if text("Domain"):
        domain = _choice(
            text("Domain"), [(d, [d.label, d.value, d.short]) for d in Domain], "Domain"
        )
    start, due = date("Start"), date("Due")
    if start and due and due < start:
        raise _CellProblem(f"Due {due} is before Start {start}")
    fields: dict[str, Any] = {
        "title": title,
        "owner": text("Owner"),
        "partners": _split_names(text("Partners")),
        "start": start,
        "due": due,
        "status": status,
        "priority": priority,
        "domain": domain,
        "findings": _ids(text("Findings"), "F", finding_ids, "Findings"),
        "initiatives": _ids(text("Initiatives"), "I", initiative_ids, "Initiatives"),
        "indicator": text("Indicator"),
        "latest_update": text("Latest update"),
        "notes": text("Notes"),
    }
    try:
        Action(id="A1", **fields)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise _CellProblem(reasons) from None
    return fields


# --------------------------------------------------------------------------------------------
# applying and showing


def apply_updates(session: Session, plan: UpdatePlan, *, include_new: bool = True) -> int:
    """Apply the plan's changes (and new actions) to the session; returns how many were applied.

    A change whose old value no longer matches the session (it changed since the plan was
    made) is skipped, as is a new action whose title is meanwhile in the session. New actions
    get the next free IDs (A-numbers), in sheet order.
    """
    count = 0
    for change in plan.changes:
        action = session.action(change.action_id)
        if action is None or getattr(action, change.field) != change.old:
            continue
        setattr(action, change.field, change.new)
        count += 1
    if include_new:
        for new in plan.new_actions:
            titles = {title_key(a.title) for a in session.actions}
            if title_key(new.title) in titles:
                continue
            new_id = next_id("A", [a.id for a in session.actions])
            session.actions.append(Action(id=new_id, **new.fields))
            new.assigned_id = new_id
            count += 1
    return count


def _show(value: Any, limit: int = 48) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, ActionStatus):
        text = value.label
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_plan(plan: UpdatePlan) -> str:
    """The plan as plain text for the command line: changes, new rows, problems, notes."""
    lines: list[str] = []
    sheet = f", sheet '{plan.sheet}'" if plan.sheet else ""
    lines.append(f"Workbook: {plan.workbook}{sheet} — {plan.rows_read} row(s) read")
    if plan.changes:
        lines.append("")
        lines.append(f"Changes ({len(plan.changes)}):")
        table = [("ID", "Field", "Now", "From the workbook")]
        table += [(c.action_id, c.label, _show(c.old), _show(c.new)) for c in plan.changes]
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        for n, row in enumerate(table):
            lines.append(
                "  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            )
            if n == 0:
                lines.append("  " + "  ".join("-" * w for w in widths))
    if plan.new_actions:
        lines.append("")
        lines.append(f"New actions ({len(plan.new_actions)}), added with the next free IDs:")
        for new in plan.new_actions:
            f = new.fields
            bits = [
                f"owner {f['owner']}" if f["owner"] else "",
                f"due {f['due']}" if f["due"] else "",
            ]
            bits.append(f["status"].label)
            extra = ", ".join(b for b in bits if b)
            lines.append(f"  row {new.row}: {_show(new.title, 60)} ({extra})")
    if plan.already_present:
        lines.append("")
        lines.append("Rows already in the session (not added again):")
        for item in plan.already_present:
            lines.append(f"  row {item.row}: {_show(item.title, 60)} is {item.action_id}")
    if plan.problems:
        lines.append("")
        lines.append(f"Problems ({len(plan.problems)}), not imported:")
        lines.extend(f"  {p}" for p in plan.problems)
    if plan.notices:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"  {n}" for n in plan.notices)
    if not plan.has_changes:
        lines.append("")
        lines.append("Nothing to change: the session already matches the workbook.")
    return "\n".join(lines)
