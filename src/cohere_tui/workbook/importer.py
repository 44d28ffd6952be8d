"""Reading follow-up edits back from a returned workbook's Action Plan sheet (DESIGN §4, §6).

:func:`plan_updates` only reads: it says what would change, what conflicts, what it cannot
use and why, and which rows look like new actions. :func:`apply_updates` then changes the
session's actions in memory (nothing else); the caller saves it. openpyxl is imported only
inside the functions that read a workbook.

The merge is three-way, by what this copy changed (see :mod:`.record` for the design):
a cell counts as edited only where it differs from what its export wrote; an edit is
applied where the session has not changed the same field since that export, and is a
conflict, reported and not applied, where it has.

Rules:

- The header row is the first row (of the first 20) that has an ``ID`` cell; header names are
  matched ignoring case and spacing, in any order. Rows are matched to actions by ``ID``.
- A row is read only when it is the action its ID names: its Action text (or, where that
  was edited, the other columns not read back) matches the session or the export record.
  A row carrying another action's content is reported and not read; two or more such rows
  mean the table was sorted or shifted without its ID column, and nothing is imported.
- From a row with a known ID, Status (one of the allowed labels), Latest update, Notes,
  Owner and Due (a date cell, or text ``YYYY-MM-DD``) are read. Edits in the other columns
  are not read back; the plan names them so nobody thinks they were.
- A problem with one cell (a status that is not allowed, a date that is not a date, a
  formula, merged cells) leaves that field as it is in the session; the rest of the row is
  still read. A row whose ID is unknown, or appears on several rows, is not read at all.
  Every problem names the row and the column (letter and header).
- A cell holding a formula is refused (openpyxl cannot compute it): type the value itself.
  Text that starts with ``=`` in a text cell is ordinary text and is kept as typed.
- A row with no ID but an Action text is offered as a new action. It is not added again
  when its Action text equals the title of an action already in the session (ignoring case
  and spacing): that is how a second import of the same workbook changes nothing. A new row
  with any problem is not added; fix it in the sheet and import again. In one owner's copy
  a new row with no Owner belongs to that owner.
- A cell holding a control character (other than tab and line feed; DEL and the C1
  controls can be stored in a workbook) or a bidirectional control (U+202A–U+202E,
  U+2066–U+2069) is refused rather than taken: the first would garble the screen, the
  second shows text in another order than it is stored. The plan shows every value
  escaped where it holds such characters.
- A text cell filled to a cell's limit (32,767 characters) may have lost its end when read,
  so it is refused rather than taken cut; a sheet with none of the read-back columns is a
  problem, not an empty update.
- Hidden rows are read like the others, and said so; another sheet named like the Action
  Plan ("Action Plan (2)") is not read, and said so.
- An action missing from the sheet is never deleted or changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..models import Action, ActionStatus, Domain, Priority, Session
from ..validation import shown as safe_text
from .contract import (
    ACTION_PLAN_HEADERS,
    ACTION_PLAN_SHEET,
    CUT_MARKER_RE,
    FIELD_LABELS,
    IDENTITY_HEADERS,
    MAX_CELL_CHARS,
    READ_BACK,
    RECORD_SHEET,
    FieldName,
    Names,
    exported_texts,
)
from .reader import (
    EMPTY,
    HEADER_SCAN_ROWS,
    CellProblem,
    Raw,
    Returned,
    Scan,
    SheetRef,
    as_text,
    check_not_full,
    column_letter,
    is_action_plan_name,
    norm_header,
    open_returned,
    read_choice,
    read_date,
    read_ids,
    read_rows,
    read_status,
    scan_sheet,
    split_names,
    title_key,
    unsafe_text,
)
from .record import ExportRecord, parse_record

_ACTION_ID = re.compile(r"^A[1-9][0-9]*$")

MISPLACED_LIMIT = 2
"""This many rows carrying other actions' content mean the table was sorted or shifted
without its ID column: nothing is imported."""

CONTEXT_HEADERS = IDENTITY_HEADERS[1:]


@dataclass(frozen=True)
class Change:
    """One field of one action that the workbook changes."""

    action_id: str
    field: FieldName
    old: Any
    """The session's value when the plan was made."""
    new: Any
    row: int
    """The sheet row it comes from."""
    conflict: bool = False
    """Applied over a change the session made since the export (``--prefer workbook``)."""

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class Conflict:
    """A field this copy edited that the session also changed since the export."""

    action_id: str
    field: FieldName
    row: int
    exported: Any
    """What the export wrote."""
    session: Any
    """What the session holds now."""
    workbook: Any
    """What this copy holds."""

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class Problem:
    """Something in the workbook that could not be used: where, what is wrong, what to do."""

    row: int | None
    message: str
    column: str | None = None
    """The column's letter and header, e.g. ``G (Status)``."""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


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
    conflicts: list[Conflict] = field(default_factory=list)
    new_actions: list[NewAction] = field(default_factory=list)
    already_present: list[AlreadyPresent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What the reader must know before trusting the changes (e.g. no export record)."""
    notices: list[str] = field(default_factory=list)
    """Things worth knowing that are not problems (edits in columns not read back, …)."""
    rows_read: int = 0
    sheet: str | None = None
    export_id: str | None = None
    """The export this copy comes from, when it carries its record."""
    owner: str | None = None
    """Whose copy this is, for a per-owner copy."""
    prefer_workbook: bool = False
    """Conflicts are applied (as changes) rather than only reported."""
    refused: bool = False
    """The sheet as a whole could not be used (e.g. sorted without its ID column)."""

    @property
    def has_changes(self) -> bool:
        """Whether applying the plan would change the session."""
        return bool(self.changes or self.new_actions)

    @property
    def unresolved(self) -> list[Conflict]:
        """Conflicts that applying the plan leaves as they are."""
        return [] if self.prefer_workbook else self.conflicts

    def problem(self, row: int | None, message: str, column: str | None = None) -> None:
        self.problems.append(Problem(row, message, column))


# --------------------------------------------------------------------------------------------
# planning


def plan_updates(
    session: Session, workbook_path: Path, *, prefer_workbook: bool = False
) -> UpdatePlan:
    """Read the workbook's Action Plan sheet and say what it would change; writes nothing.

    With ``prefer_workbook``, a conflict (a field edited in the copy and changed in the
    session since the export) becomes a change to apply; it is listed as a conflict still.
    Raises :class:`~.contract.WorkbookError` when the file is missing, is not a readable
    workbook, or is too large to be an action plan; everything else is in the plan.
    """
    path = Path(workbook_path)
    returned = open_returned(path)
    plan = UpdatePlan(workbook=path, prefer_workbook=prefer_workbook)
    try:
        ref = _find_sheet(returned, plan)
        if ref is None:
            return plan
        scan = scan_sheet(returned, ref)
        record = _read_record(returned, plan)
        rows = read_rows(returned, ref, scan, scan.max_col)
    finally:
        returned.close()
    _read_sheet(session, ref, rows, scan, record, plan)
    if plan.refused:
        plan.changes.clear()
        plan.conflicts.clear()
        plan.new_actions.clear()
        plan.already_present.clear()
    return plan


def _find_sheet(returned: Returned, plan: UpdatePlan) -> SheetRef | None:
    sheets = [s for s in returned.sheets if s.name != RECORD_SHEET]
    ref = returned.sheet(ACTION_PLAN_SHEET) or next(
        (s for s in sheets if norm_header(s.name) == norm_header(ACTION_PLAN_SHEET)), None
    )
    if ref is None:
        found = ", ".join(repr(s.name) for s in sheets) or "none"
        plan.problem(
            None,
            f"the workbook has no '{ACTION_PLAN_SHEET}' sheet (sheets found: {found}); "
            f"import the workbook cohere-tui exported, or rename the sheet with the actions "
            f"to '{ACTION_PLAN_SHEET}'",
        )
        return None
    plan.sheet = safe_text(ref.name)
    others = [s.name for s in sheets if s is not ref and is_action_plan_name(s.name)]
    if others:
        listed = ", ".join(f"'{safe_text(n)}'" for n in others)
        plan.notices.append(
            f"the workbook also has {listed}, which was not read: only '{plan.sheet}' is — "
            "copy any edits made there into it and import again"
        )
    if ref.hidden:
        plan.notices.append(f"the '{plan.sheet}' sheet is hidden in the workbook; it was read")
    return ref


def _read_record(returned: Returned, plan: UpdatePlan) -> ExportRecord | None:
    ref = returned.sheet(RECORD_SHEET)
    fallback = (
        "each cell that differs from the session counts as an edit, so an older copy can "
        "revert newer work — check the changes below before applying them"
    )
    if ref is None:
        plan.warnings.append(
            "this workbook carries no export record (it was exported by an older cohere-tui, "
            f"or rebuilt by hand): {fallback}"
        )
        return None
    scan = scan_sheet(returned, ref)
    cells = [[as_text(c.value) for c in row] for row in read_rows(returned, ref, scan, 16)]
    record, why = parse_record(cells)
    if record is None:
        plan.warnings.append(f"{why}, so it cannot be used: {fallback}")
        return None
    plan.export_id = record.export_id
    plan.owner = record.owner or None
    return record


def _same(a: str, b: str) -> bool:
    return a.strip() == b.strip()


def _column_name(letters: dict[str, str], header: str) -> str | None:
    letter = letters.get(header)
    return f"{letter} ({header})" if letter else None


def _read_sheet(
    session: Session,
    ref: SheetRef,
    rows: list[list[Raw]],
    scan: Scan,
    record: ExportRecord | None,
    plan: UpdatePlan,
) -> None:
    hidden = set(scan.hidden_rows)
    max_row = len(rows)
    max_col = max((len(r) for r in rows), default=0)
    name = safe_text(ref.name)

    def raw(r: int, c: int) -> Raw:
        row = rows[r - 1]
        return row[c - 1] if c <= len(row) else EMPTY

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
                f"the '{name}' sheet is empty; nothing to import (export the workbook "
                "again, fill it in and import that)",
            )
        else:
            shown = ", ".join(repr(t) for t in first[:16]) or "nothing"
            plan.problem(
                1,
                f"the '{name}' sheet has no ID column: the header row should start with "
                f"'ID' (found in row 1: {shown}); put the ID column back (copy it from the "
                "exported workbook) and import again",
            )
        return
    if header_row != 1:
        plan.notices.append(f"the header row is row {header_row} (expected row 1)")

    col = {h: columns.get(norm_header(h)) for h in ACTION_PLAN_HEADERS}
    letters = {h: column_letter(c) for h, c in col.items() if c is not None}
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

    # merged cells over the columns read: the first cell is read, the others are not
    names_by_col = {c: h for h, c in col.items() if c is not None}
    for top, left, bottom, right, coord in scan.merged:
        if bottom <= header_row:
            continue
        headers = [names_by_col[c] for c in range(left, right + 1) if c in names_by_col]
        if not headers:
            continue
        rows_text = f"rows {top}–{bottom}" if bottom > top else f"row {top}"
        plan.problem(
            top,
            f"cells are merged over {rows_text} ({coord}); only the first cell was read, the "
            "others were left as they are in the session — unmerge the cells and import again",
            ", ".join(f"{letters[h]} ({h})" for h in headers),
        )

    # collect the rows
    by_id: dict[str, list[tuple[int, dict[str, Raw]]]] = {}
    new_rows: list[tuple[int, dict[str, Raw]]] = []
    hidden_read: list[int] = []
    id_col = _column_name(letters, "ID")
    for r in range(header_row + 1, max_row + 1):
        cells = {h: raw(r, c) for h, c in col.items() if c is not None}
        if all(x.blank or x.merged for x in cells.values()):
            continue
        plan.rows_read += 1
        if r in hidden:
            hidden_read.append(r)
        id_cell = cells["ID"]
        if id_cell.merged:
            continue  # reported with the merged range
        if id_cell.formula is not None or id_cell.error is not None:
            plan.problem(
                r,
                "the ID cell holds a formula or an error, so the row cannot be matched; "
                "type the action's ID (A1, A2, …) — the row was not read",
                id_col,
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
                id_col,
            )
            continue
        by_id.setdefault(text, []).append((r, cells))
    if hidden_read:
        shown_rows = ", ".join(str(r) for r in hidden_read[:12])
        more = " …" if len(hidden_read) > 12 else ""
        plan.notices.append(
            f"{len(hidden_read)} hidden row(s) of the sheet were read like the others "
            f"(rows {shown_rows}{more}); show them in the spreadsheet to check what they hold"
        )

    lookups = Names.of(session)
    actions = {a.id: a for a in session.actions}
    now = {a.id: exported_texts(session, a, lookups) for a in session.actions}
    titles: dict[str, set[str]] = {}
    for ident, texts in now.items():
        titles.setdefault(title_key(texts["Action"]), set()).add(ident)
    if record is not None:
        for ident, (_, texts) in record.rows.items():
            titles.setdefault(title_key(texts["Action"]), set()).add(ident)
    context = _Context(actions, now, titles, record, letters)

    misplaced: list[int] = []
    for ident, found in by_id.items():
        if len(found) > 1:
            where = ", ".join(str(n) for n, _ in found)
            plan.problem(
                found[0][0],
                f"ID {ident} is on several rows ({where}); none of them was read — keep one "
                "row per ID (merge the edits into it) and import again",
                id_col,
            )
            continue
        r, cells = found[0]
        action = actions.get(ident)
        if action is None:
            plan.problem(
                r,
                f"ID {ident} is not an action in this session; the row was not read — check "
                "the ID, or clear it to add the row as a new action",
                id_col,
            )
            continue
        why = context.identity(ident, cells)
        if why is not None:
            plan.problem(r, why, id_col)
            misplaced.append(r)
            continue
        _read_existing(context, action, r, cells, plan)

    if len(misplaced) >= MISPLACED_LIMIT:
        shown_rows = ", ".join(str(n) for n in misplaced[:12]) + (
            " …" if len(misplaced) > 12 else ""
        )
        plan.refused = True
        plan.problems.insert(
            0,
            Problem(
                None,
                f"the table looks sorted or shifted without its ID column: {len(misplaced)} "
                f"rows ({shown_rows}) carry another action's content; sort the whole table "
                "(every column, A to the last) or export again — nothing was imported",
            ),
        )
        return

    _read_new(session, new_rows, plan, letters, record)
    if record is not None:
        expected = [i for i in record.rows if i in actions]
        where = "this copy"
    else:
        expected = list(actions)
        where = "the session"
    in_sheet = set(by_id) | {item.action_id for item in plan.already_present}
    missing_ids = [i for i in expected if i not in in_sheet]
    if missing_ids:
        shown = ", ".join(missing_ids[:12]) + (" …" if len(missing_ids) > 12 else "")
        plan.notices.append(
            f"{len(missing_ids)} action(s) of {where} are not in the sheet ({shown}); "
            "they are kept unchanged"
        )


@dataclass
class _Context:
    """What every row of the sheet is compared with."""

    actions: dict[str, Action]
    now: dict[str, dict[str, str]]
    """The session now, as the export would write each action's row."""
    titles: dict[str, set[str]]
    """Action texts (as compared) → the IDs that have them, in the session or the record."""
    record: ExportRecord | None
    letters: dict[str, str]

    def base(self, ident: str) -> dict[str, str] | None:
        if self.record is None:
            return None
        found = self.record.rows.get(ident)
        return found[1] if found else None

    def identity(self, ident: str, cells: dict[str, Raw]) -> str | None:
        """Why the row is not the action its ID names, or None when it is."""
        raw = cells.get("Action")
        if raw is None or raw.merged or raw.formula is not None or raw.error is not None:
            return None  # nothing to tell by; the row is read as its ID says
        title = as_text(raw.value).strip()
        key = title_key(title)
        now = self.now[ident]
        base = self.base(ident)
        if key == title_key(now["Action"]):
            return None
        if base is not None and key == title_key(base["Action"]):
            if self._context_matches(base, now):
                return None  # retitled in the app since the export; still the same action
            return (
                f"{ident} was {safe_text(base['Action'])!r} when this workbook was exported, "
                f"but the session's {ident} is now {safe_text(now['Action'])!r}; the row was "
                f"not read — copy its updates to {ident} in the app if they belong there"
            )
        others = sorted(self.titles.get(key, set()) - {ident}, key=lambda i: int(i[1:]))
        if others:
            return (
                f"the row says {ident} but holds the content of {', '.join(others)} "
                f"(Action {safe_text(title, 60)!r}); the row was not read — put the ID back "
                "beside its own row"
            )
        row_context = {h: _cell_text(c) for h, c in cells.items() if h in CONTEXT_HEADERS}
        if self._context_matches(row_context, now) or (
            base is not None and self._context_matches(row_context, base)
        ):
            return None  # the Action text was edited in this copy; the rest is the action's
        return (
            f"the row says {ident}, but neither its Action ({safe_text(title, 60)!r}) nor its "
            f"other columns match {ident} ({safe_text(now['Action'], 60)!r}); the row was not "
            "read — check the ID"
        )

    @staticmethod
    def _context_matches(row: dict[str, str], texts: dict[str, str]) -> bool:
        return all(_same(row[h], texts[h]) for h in CONTEXT_HEADERS if h in row)


def _cell_text(raw: Raw) -> str:
    if raw.merged or raw.formula is not None or raw.error is not None:
        return ""
    return as_text(raw.value)


def _usable(
    raw: Raw, header: str, r: int, where: str, plan: UpdatePlan, column: str | None
) -> bool:
    """Whether a cell can be read; a formula or an error cell is a problem."""
    if raw.merged:
        return False
    if raw.formula is not None:
        plan.problem(
            r,
            f"{where}{header}: the cell holds a formula ({safe_text(raw.formula, 60)}), which "
            "cohere-tui cannot compute; type the value itself — this field was not read",
            column,
        )
        return False
    if raw.error is not None:
        plan.problem(
            r,
            f"{where}{header}: the cell holds the error {safe_text(raw.error)}; type the value "
            "itself",
            column,
        )
        return False
    return True


def _parse_base_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def _parse_base_status(text: str, fallback: ActionStatus) -> ActionStatus:
    try:
        return ActionStatus.from_label(text)
    except ValueError:
        return fallback


def _read_existing(
    ctx: _Context, action: Action, r: int, cells: dict[str, Raw], plan: UpdatePlan
) -> None:
    where = f"{action.id}'s "
    now = ctx.now[action.id]
    base = ctx.base(action.id)
    if ctx.record is not None and base is None:
        plan.notices.append(
            f"row {r} ({action.id}): {action.id} was not in this copy when it was exported; "
            "its cells were compared with the session"
        )
    was = base if base is not None else now

    def merge(name: FieldName, exported: Any, returned: Any, current: Any) -> None:
        """Three-way: the copy edited the field (returned ≠ exported)."""
        if returned == current:
            return  # already so in the session
        if current == exported:
            plan.changes.append(Change(action.id, name, current, returned, r))
            return
        plan.conflicts.append(Conflict(action.id, name, r, exported, current, returned))
        if plan.prefer_workbook:
            plan.changes.append(Change(action.id, name, current, returned, r, conflict=True))

    for header, name in READ_BACK.items():
        raw = cells.get(header)
        column = _column_name(ctx.letters, header)
        if raw is None or not _usable(raw, header, r, where, plan, column):
            continue
        try:
            if name == "status":
                exported_status = _parse_base_status(was[header], action.status)
                if raw.blank:
                    raise CellProblem(
                        f"Status is empty; the session keeps {action.status.label!r} — "
                        "choose a status from the list"
                    )
                if _same(as_text(raw.value), was[header]):
                    continue
                if (why := unsafe_text(raw, header)) is not None:
                    raise CellProblem(f"{why} and import again — this field was not read")
                status = read_status(raw)
                if status is not exported_status:
                    merge(name, exported_status, status, action.status)
            elif name == "due":
                exported_due = _parse_base_date(was[header])
                if isinstance(raw.value, str) and (why := unsafe_text(raw, header)) is not None:
                    raise CellProblem(f"{why} and import again — this field was not read")
                due = read_date(raw, "Due")
                if due == exported_due:
                    continue
                if due is not None and action.start is not None and due < action.start:
                    raise CellProblem(
                        f"Due {due} is before Start {action.start}; correct the date "
                        "(Start can be changed in the app)"
                    )
                merge(name, exported_due, due, action.due)
            else:
                current: str = getattr(action, name)
                text = as_text(raw.value)
                if _same(text, was[header]):
                    continue
                if (why := unsafe_text(raw, header)) is not None:
                    raise CellProblem(f"{why} and import again — this field was not read")
                if CUT_MARKER_RE.search(was[header]) or CUT_MARKER_RE.search(text.strip()):
                    raise CellProblem(
                        f"{header} is too long for a cell, so it was cut at export, and then "
                        "edited; edit this text in the app — this field was not read"
                    )
                check_not_full(raw, header)
                new = text.strip()
                if _same(new, now[header]):
                    continue  # already so in the session
                if _same(now[header], was[header]):
                    plan.changes.append(Change(action.id, name, current, new, r))
                    continue
                plan.conflicts.append(
                    Conflict(action.id, name, r, was[header].strip(), current, new)
                )
                if plan.prefer_workbook:
                    plan.changes.append(Change(action.id, name, current, new, r, conflict=True))
        except CellProblem as exc:
            plan.problem(r, f"{where}{exc}", column)

    # columns that are not read back: say when they were edited
    edited = []
    for header in ACTION_PLAN_HEADERS:
        if header == "ID" or header in READ_BACK or header not in cells:
            continue
        raw = cells[header]
        if raw.merged or raw.formula is not None or raw.error is not None:
            continue
        if not _same(as_text(raw.value), was[header]):
            edited.append(header)
    if edited:
        since = (
            "differ(s) from what the export wrote"
            if base is not None
            else "differ(s) from the session"
        )
        plan.notices.append(
            f"row {r} ({action.id}): {', '.join(edited)} {since}; only Status, Latest update, "
            "Notes, Owner and Due are read back — change the others in the app"
        )


def _read_new(
    session: Session,
    rows: list[tuple[int, dict[str, Raw]]],
    plan: UpdatePlan,
    letters: dict[str, str],
    record: ExportRecord | None,
) -> None:
    titles = {title_key(a.title): a.id for a in session.actions}
    offered: dict[str, int] = {}
    finding_ids = {f.id for f in session.findings}
    initiative_ids = {i.id for i in session.initiatives}
    owner = record.owner if record is not None else ""
    action_col = _column_name(letters, "Action")
    for r, cells in rows:
        action_raw = cells.get("Action", EMPTY)
        if action_raw.blank or action_raw.merged:
            plan.problem(
                r,
                "the row has no ID and no Action, so it was not read; give it an Action "
                "text to add it as a new action, or delete the row",
            )
            continue
        if not _usable(action_raw, "Action", r, "", plan, action_col):
            continue
        if (why := unsafe_text(action_raw, "Action")) is not None:
            plan.problem(r, f"the new action was not added: {why} and import again", action_col)
            continue
        title = as_text(action_raw.value).strip()
        key = title_key(title)
        if key in titles:
            plan.already_present.append(AlreadyPresent(r, title, titles[key]))
            continue
        if key in offered:
            plan.problem(
                r,
                f"the new action {safe_text(title, 60)!r} is also on row {offered[key]}; it is "
                "offered once — delete one of the rows",
                action_col,
            )
            continue
        try:
            fields = _new_fields(cells, title, finding_ids, initiative_ids, letters)
        except _RowProblem as exc:
            plan.problem(
                r,
                f"new action {safe_text(title, 60)!r} was not added: {exc.message}; fix the "
                "row and import again",
                exc.column,
            )
            continue
        if owner and not fields["owner"]:
            fields["owner"] = owner
        offered[key] = r
        plan.new_actions.append(NewAction(row=r, fields=fields))


class _RowProblem(Exception):
    def __init__(self, message: str, column: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def _new_fields(
    cells: dict[str, Raw],
    title: str,
    finding_ids: set[str],
    initiative_ids: set[str],
    letters: dict[str, str],
) -> dict[str, Any]:
    current = ""

    def column() -> str | None:
        return _column_name(letters, current) if current else None

    try:
        for current, raw in cells.items():
            if raw.formula is not None or raw.error is not None:
                raise CellProblem(f"{current} holds a formula or an error; type the value itself")
            if not raw.merged and (why := unsafe_text(raw, current)) is not None:
                raise CellProblem(why)
        current = ""

        def text(header: str) -> str:
            nonlocal current
            current = header
            raw = cells.get(header)
            if raw is None or raw.merged:
                return ""
            check_not_full(raw, header)
            return as_text(raw.value).strip()

        def date(header: str) -> dt.date | None:
            nonlocal current
            current = header
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
        current = ""
        try:
            Action(id="A1", **fields)
        except ValidationError as exc:
            reasons = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise CellProblem(reasons) from None
    except CellProblem as exc:
        raise _RowProblem(str(exc), column()) from None
    return fields


# --------------------------------------------------------------------------------------------
# applying and showing

TOUCHED: frozenset[str] = frozenset({"status", "latest_update"})
"""The fields whose change counts as an update of the action (its staleness)."""


def apply_updates(
    session: Session,
    plan: UpdatePlan,
    *,
    include_new: bool = True,
    today: dt.date | None = None,
) -> int:
    """Apply the plan's changes (and new actions) to the session; returns how many were applied.

    Changes only the session's actions (fields of existing actions, and new actions at the
    end), so that an edit can wrap it. A change whose old value no longer matches the
    session (it changed since the plan was made) is skipped, as is a new action whose title
    is meanwhile in the session. New actions get the next free IDs (A-numbers), in sheet
    order. An action whose Status or Latest update changed is marked updated ``today``.
    """
    from ..progress import mark_updated

    day = today or dt.date.today()
    count = 0
    actions = {a.id: a for a in session.actions}
    for change in plan.changes:
        action = actions.get(change.action_id)
        if action is None or getattr(action, change.field) != change.old:
            continue
        setattr(action, change.field, change.new)
        if change.field in TOUCHED:
            mark_updated(action, day)
        count += 1
    if include_new:
        titles = {title_key(a.title) for a in session.actions}
        highest = max((int(a.id[1:]) for a in session.actions if a.id[1:].isdigit()), default=0)
        for new in plan.new_actions:
            key = title_key(new.title)
            if key in titles:
                continue
            highest += 1
            new_id = f"A{highest}"
            action = Action(id=new_id, **new.fields)
            mark_updated(action, day)
            session.actions.append(action)
            titles.add(key)
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
    return safe_text(text, limit)


def format_plan(plan: UpdatePlan) -> str:
    """The plan as plain text for the command line: warnings, changes, conflicts, new rows,
    problems, notes. Every value a workbook supplied is shown escaped where it holds control
    or direction characters."""
    lines: list[str] = []
    sheet = f", sheet '{plan.sheet}'" if plan.sheet else ""
    lines.append(f"Workbook: {plan.workbook}{sheet} — {plan.rows_read} row(s) read")
    if plan.export_id:
        whose = f", {safe_text(plan.owner)}'s copy" if plan.owner else ""
        lines.append(f"Export {plan.export_id}{whose}")
    for warning in plan.warnings:
        lines.append(f"Warning: {warning}")
    if plan.changes:
        lines.append("")
        lines.append(f"Changes ({len(plan.changes)}), now → from the workbook:")
        for c in plan.changes:
            kept = " (a conflict: the workbook's kept)" if c.conflict else ""
            lines.append(f"  {c.action_id} {c.label}: {_show(c.old)} → {_show(c.new)}{kept}")
    if plan.conflicts:
        lines.append("")
        applied = (
            "the workbook's applied (--prefer workbook)"
            if plan.prefer_workbook
            else "not applied; the session keeps its value (--prefer workbook applies the workbook's)"
        )
        lines.append(
            f"Conflicts ({len(plan.conflicts)}): changed in this copy and in the session since "
            f"the export — {applied}:"
        )
        for k in plan.conflicts:
            lines.append(
                f"  row {k.row}, {k.action_id} {k.label}: exported {_show(k.exported, 30)} · "
                f"session now {_show(k.session, 30)} · this workbook {_show(k.workbook, 30)}"
            )
    if plan.new_actions:
        lines.append("")
        lines.append(f"New actions ({len(plan.new_actions)}), added with the next free IDs:")
        for new in plan.new_actions:
            f = new.fields
            bits = [
                f"owner {_show(f['owner'], 30)}" if f["owner"] else "",
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
        if plan.refused:
            lines.append("Nothing imported: the sheet cannot be used as it is.")
        elif plan.unresolved:
            lines.append("Nothing to change but the conflicts above.")
        else:
            lines.append("Nothing to change: the session already matches the workbook.")
    return "\n".join(lines)


__all__ = [
    "MAX_CELL_CHARS",
    "AlreadyPresent",
    "Change",
    "Conflict",
    "NewAction",
    "Problem",
    "UpdatePlan",
    "apply_updates",
    "format_plan",
    "plan_updates",
]
