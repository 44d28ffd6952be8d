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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..models import Action, ActionStatus, Domain, Priority, Session, next_id
from ..validation import shown as safe_text
from .contract import (
    ACTION_PLAN_HEADERS,
    ACTION_PLAN_SHEET,
    CUT_MARKER_RE,
    FIELD_LABELS,
    READ_BACK,
    FieldName,
    action_plan_values,
    fit_text,
)
from .reader import (
    HEADER_SCAN_ROWS,
    CellProblem,
    Raw,
    as_text,
    check_not_full,
    control_in,
    find_sheet,
    load,
    norm_header,
    raw_cell,
    read_choice,
    read_date,
    read_ids,
    read_status,
    same_text,
    split_names,
    title_key,
)

_ACTION_ID = re.compile(r"^A[1-9][0-9]*$")


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


def plan_updates(session: Session, workbook_path: Path) -> UpdatePlan:
    """Read the workbook's Action Plan sheet and say what it would change; writes nothing.

    Raises :class:`~cohere_tui.workbook.WorkbookError` when the file is missing or is not a
    readable workbook; everything else is reported in the plan.
    """
    path = Path(workbook_path)
    wb = load(path)
    plan = UpdatePlan(workbook=path)
    ws = find_sheet(wb)
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

    def raw(r: int, c: int) -> Raw:
        return raw_cell(ws.cell(row=r, column=c), (r, c) in covered)

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
    by_id: dict[str, list[tuple[int, dict[str, Raw]]]] = {}
    new_rows: list[tuple[int, dict[str, Raw]]] = []
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


def _usable(raw: Raw, header: str, r: int, where: str, plan: UpdatePlan) -> bool:
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
    session: Session, action: Action, r: int, cells: dict[str, Raw], plan: UpdatePlan
) -> None:
    where = f"{action.id}'s "

    def change(name: FieldName, old: Any, new: Any) -> None:
        plan.changes.append(Change(action.id, name, old, new, r))

    for header, name in READ_BACK.items():
        raw = cells.get(header)
        if raw is None or not _usable(raw, header, r, where, plan):
            continue
        if (why := control_in(raw, header)) is not None:
            plan.problem(r, f"{where}{why} and import again — this field was not read")
            continue
        try:
            if name == "status":
                if raw.blank:
                    raise CellProblem(
                        f"Status is empty; the session keeps {action.status.label!r} — "
                        "choose a status from the list"
                    )
                status = read_status(raw)
                if status is not action.status:
                    change(name, action.status, status)
            elif name == "due":
                due = read_date(raw, "Due")
                if due is not None and action.start is not None and due < action.start:
                    raise CellProblem(
                        f"Due {due} is before Start {action.start}; correct the date "
                        "(Start can be changed in the app)"
                    )
                if due != action.due:
                    change(name, action.due, due)
            else:
                current: str = getattr(action, name)
                text = as_text(raw.value)
                if same_text(text, current):
                    continue
                if fit_text(current)[1] or CUT_MARKER_RE.search(text.strip()):
                    raise CellProblem(
                        f"{header} is too long for a cell, so it was cut at export, and then "
                        "edited; edit this text in the app — this field was not read"
                    )
                check_not_full(raw, header)
                change(name, current, text.strip())
        except CellProblem as exc:
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
            same = same_text(as_text(raw.value), str(old))
        if not same:
            edited.append(header)
    if edited:
        plan.notices.append(
            f"row {r} ({action.id}): {', '.join(edited)} differ(s) from the session; only "
            "Status, Latest update, Notes, Owner and Due are read back — change the others "
            "in the app"
        )


def _read_new(session: Session, rows: list[tuple[int, dict[str, Raw]]], plan: UpdatePlan) -> None:
    titles = {title_key(a.title): a.id for a in session.actions}
    offered: dict[str, int] = {}
    finding_ids = {f.id for f in session.findings}
    initiative_ids = {i.id for i in session.initiatives}
    for r, cells in rows:
        action_raw = cells.get("Action", Raw())
        if action_raw.blank or action_raw.merged:
            plan.problem(
                r,
                "the row has no ID and no Action, so it was not read; give it an Action "
                "text to add it as a new action, or delete the row",
            )
            continue
        if not _usable(action_raw, "Action", r, "", plan):
            continue
        if (why := control_in(action_raw, "Action")) is not None:
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
        except CellProblem as exc:
            plan.problem(
                r, f"new action {title!r} was not added: {exc}; fix the row and import again"
            )
            continue
        if fields is None:
            continue
        offered[key] = r
        plan.new_actions.append(NewAction(row=r, fields=fields))


def _new_fields(
    cells: dict[str, Raw],
    title: str,
    r: int,
    plan: UpdatePlan,
    finding_ids: set[str],
    initiative_ids: set[str],
) -> dict[str, Any] | None:
    for header, raw in cells.items():
        if raw.formula is not None or raw.error is not None:
            raise CellProblem(f"{header} holds a formula or an error; type the value itself")
        if not raw.merged and (why := control_in(raw, header)) is not None:
            raise CellProblem(why)

    def text(header: str) -> str:
        raw = cells.get(header)
        if raw is None or raw.merged:
            return ""
        check_not_full(raw, header)
        return as_text(raw.value).strip()

    def date(header: str) -> dt.date | None:
        raw = cells.get(header)
        return None if raw is None or raw.merged else read_date(raw, header)

    status = ActionStatus.NOT_STARTED
    if text("Status"):
        status = read_status(cells["Status"])
    priority = Priority.MEDIUM
    if text("Priority"):
        priority = read_choice(
            text("Priority"), [(p, [p.label, p.value]) for p in Priority], "Priority"
        )
    domain = None
    if text("Domain"):
        domain = read_choice(
            text("Domain"), [(d, [d.label, d.value, d.short]) for d in Domain], "Domain"
        )
    start, due = date("Start"), date("Due")
    if start and due and due < start:
        raise CellProblem(f"Due {due} is before Start {start}")
    fields: dict[str, Any] = {
        "title": title,
        "owner": text("Owner"),
        "partners": split_names(text("Partners")),
        "start": start,
        "due": due,
        "status": status,
        "priority": priority,
        "domain": domain,
        "findings": read_ids(text("Findings"), "F", finding_ids, "Findings"),
        "initiatives": read_ids(text("Initiatives"), "I", initiative_ids, "Initiatives"),
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
        raise CellProblem(reasons) from None
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
