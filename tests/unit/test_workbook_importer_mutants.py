"""The import of a returned action plan (import-updates), word for word: what a facilitator
reads in the plan (every problem, notice and warning as printed), the exact field merged,
row read and ID given. Written against the survivors of a mutation run of
``cohere_tui.workbook.importer``: each test pins one behaviour the other import tests only
touch with a substring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from test_workbook_import import COL, TODAY, add_row, edit, make_session, set_cell

from cohere_tui.models import Action, ActionStatus, Domain, Priority, Session
from cohere_tui.workbook import (
    RECORD_SHEET,
    UpdatePlan,
    apply_updates,
    export_workbook,
    format_plan,
    plan_updates,
)
from cohere_tui.workbook.importer import Change, Conflict, NewAction, Problem

D = dt.date
LATER = D(2026, 4, 20)
READ_BACK_ONLY = (
    "only Status, Latest update, Notes, Owner and Due are read back — change the others in the app"
)
NO_RECORD = (
    "Warning: this workbook carries no export record (it was exported by an older cohere-tui, "
    "or rebuilt by hand): each cell that differs from the session counts as an edit, so an "
    "older copy can revert newer work — check the changes below before applying them"
)
NOTHING = "Nothing to change: the session already matches the workbook."


@pytest.fixture
def session() -> Session:
    return make_session()


@pytest.fixture
def book(session: Session, tmp_path: Path) -> Path:
    return export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path


def printed(plan: UpdatePlan) -> list[str]:
    """The plan as the command line prints it, with the path and the export ID named."""
    assert plan.workbook.suffix == ".xlsx"  # the path it was given
    text = format_plan(plan).replace(str(plan.workbook), "<book>")
    if plan.export_id:
        text = text.replace(plan.export_id, "<export>")
    return text.splitlines()


def problems(plan: UpdatePlan) -> list[str]:
    return [str(p) for p in plan.problems]


def sheet_book(tmp_path: Path, *rows: list[Any], title: str = "Action Plan") -> Path:
    """A workbook made by hand (no export record) with one sheet of ``rows``."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    path = tmp_path / "returned.xlsx"
    wb.save(path)
    return path


def fill(path: Path, *cells: tuple[int, str, Any]) -> Path:
    """Type values into the Action Plan sheet: (row, header, value) each, saved once."""

    def change(ws: Any) -> None:
        for row, header, value in cells:
            ws.cell(row=row, column=COL[header]).value = value

    return edit(path, change)


def without_record(path: Path) -> Path:
    wb = load_workbook(path)
    del wb[RECORD_SHEET]
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------
# the plan as printed


def mixed_copy(session: Session, book: Path) -> Path:
    """A copy with two edits, a conflict, a new row, a row already present, a bad new row
    and an edit in a column not read back."""

    def change(ws: Any) -> None:
        ws.cell(2, COL["Status"]).value = "Blocked"
        ws.cell(3, COL["Latest update"]).value = "Moved on"
        ws.cell(4, COL["Notes"]).value = "x"
        ws.cell(2, COL["Priority"]).value = "Low"
        add_row(ws, {"Action": "Call the state", "Owner": "Kim", "Due": "2026-06-01"})
        add_row(ws, {"Action": "Draft a data-sharing agreement"})
        add_row(ws, {"Action": "Bad one", "Status": "Later"})

    edit(book, change)
    session.actions[2].notes = "app"  # changed in the session since the export
    return book


MIXED_TAIL = [
    "",
    "New actions (1), added with the next free IDs:",
    "  row 5: Call the state (owner Kim, due 2026-06-01, Not started)",
    "",
    "Rows already in the session (not added again):",
    "  row 6: Draft a data-sharing agreement is A1",
    "",
    "Problems (1), not imported:",
    "  row 7, column G (Status): new action 'Bad one' was not added: Status 'Later' is not "
    "allowed; choose one of: Not started, In progress, Blocked, Done, Dropped; fix the row and "
    "import again",
    "",
    "Notes:",
    f"  row 2 (A1): Priority differ(s) from what the export wrote; {READ_BACK_ONLY}",
]


def test_the_plan_of_a_mixed_copy_is_printed_in_full(session: Session, book: Path) -> None:
    plan = plan_updates(session, mixed_copy(session, book))
    assert printed(plan) == [
        "Workbook: <book>, sheet 'Action Plan' — 6 row(s) read",
        "Export <export>",
        "",
        "Changes (2), now → from the workbook:",
        "  A1 Status: In progress → Blocked",
        "  A2 Latest update: (empty) → Moved on",
        "",
        "Conflicts (1): changed in this copy and in the session since the export — not applied; "
        "the session keeps its value (--prefer workbook applies the workbook's):",
        "  row 4, A3 Notes: exported (empty) · session now app · this workbook x",
        *MIXED_TAIL,
    ]
    assert plan.unresolved == plan.conflicts
    assert plan.changes == [
        Change("A1", "status", ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED, 2),
        Change("A2", "latest_update", "", "Moved on", 3),
    ]
    assert plan.conflicts == [Conflict("A3", "notes", 4, "", "app", "x")]
    assert plan.new_actions[0].fields["owner"] == "Kim"
    assert plan.new_actions[0].fields["due"] == D(2026, 6, 1)


def test_prefer_workbook_prints_the_conflict_as_a_change_kept(session: Session, book: Path) -> None:
    plan = plan_updates(session, mixed_copy(session, book), prefer_workbook=True)
    assert printed(plan) == [
        "Workbook: <book>, sheet 'Action Plan' — 6 row(s) read",
        "Export <export>",
        "",
        "Changes (3), now → from the workbook:",
        "  A1 Status: In progress → Blocked",
        "  A2 Latest update: (empty) → Moved on",
        "  A3 Notes: app → x (a conflict: the workbook's kept)",
        "",
        "Conflicts (1): changed in this copy and in the session since the export — the "
        "workbook's applied (--prefer workbook):",
        "  row 4, A3 Notes: exported (empty) · session now app · this workbook x",
        *MIXED_TAIL,
    ]
    assert plan.unresolved == []
    assert plan.changes[2] == Change("A3", "notes", "app", "x", 4, conflict=True)
    assert apply_updates(session, plan, today=LATER) == 4
    assert session.actions[2].notes == "x"
    assert [a.id for a in session.actions] == ["A1", "A2", "A3", "A4"]


def test_an_owners_copy_is_named_in_the_plan(session: Session, tmp_path: Path) -> None:
    """A per-owner copy prints whose it is; a new row without an Owner becomes theirs, one
    with an Owner keeps it."""
    path = export_workbook(session, tmp_path / "lee.xlsx", today=TODAY, owner="Lee Park").path

    def change(ws: Any) -> None:
        ws.cell(3, COL["Action"]).value = "Call the state"
        ws.cell(4, COL["Action"]).value = "Visit a school"
        ws.cell(4, COL["Owner"]).value = "Kim"

    plan = plan_updates(session, edit(path, change))
    assert plan.owner == "Lee Park"
    lines = printed(plan)
    assert lines[1] == "Export <export>, Lee Park's copy"
    assert [(n.row, n.fields["owner"]) for n in plan.new_actions] == [
        (3, "Lee Park"),
        (4, "Kim"),
    ]
    assert "  row 3: Call the state (owner Lee Park, Not started)" in lines


def test_a_whole_copy_gives_no_owner_to_a_new_row(session: Session, book: Path) -> None:
    edit(book, lambda ws: add_row(ws, {"Action": "Call the state"}))
    plan = plan_updates(session, book)
    assert plan.owner is None
    assert plan.new_actions[0].fields["owner"] == ""
    assert printed(plan)[1] == "Export <export>"
    assert "  row 5: Call the state (Not started)" in printed(plan)


def test_a_copy_without_its_record_is_printed_with_the_warning(
    session: Session, book: Path
) -> None:
    without_record(book)
    set_cell(book, 2, "Start", dt.datetime(2026, 2, 1))
    plan = plan_updates(session, book)
    assert plan.export_id is None and plan.owner is None
    assert printed(plan) == [
        "Workbook: <book>, sheet 'Action Plan' — 3 row(s) read",
        NO_RECORD,
        "",
        "Notes:",
        f"  row 2 (A1): Start differ(s) from the session; {READ_BACK_ONLY}",
        "",
        NOTHING,
    ]


def test_only_conflicts_left_says_so(session: Session, book: Path) -> None:
    set_cell(book, 3, "Status", "Blocked")
    session.actions[1].status = ActionStatus.DONE
    plan = plan_updates(session, book)
    assert not plan.has_changes
    assert printed(plan)[-1] == "Nothing to change but the conflicts above."
    applied = plan_updates(session, book, prefer_workbook=True)
    assert applied.has_changes
    assert "Nothing" not in format_plan(applied)


def test_a_refused_sheet_says_nothing_was_imported(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(2, COL["Action"]).value = "Align visit schedules"
        ws.cell(3, COL["Action"]).value = "Hold the kick-off"
        ws.cell(4, COL["Status"]).value = "Blocked"
        add_row(ws, {"Action": "Call the state"})

    plan = plan_updates(session, edit(book, change))
    assert plan.refused
    assert plan.changes == [] and plan.new_actions == [] and plan.conflicts == []
    assert problems(plan)[0] == (
        "the table looks sorted or shifted without its ID column: 2 rows (2, 3) carry another "
        "action's content; sort the whole table (every column, A to the last) or export again "
        "— nothing was imported"
    )
    assert printed(plan)[-1] == "Nothing imported: the sheet cannot be used as it is."


@pytest.mark.parametrize(("count", "more"), [(12, ""), (13, " …")])
def test_a_refusal_lists_the_first_twelve_rows_misplaced(
    session: Session, tmp_path: Path, count: int, more: str
) -> None:
    session.actions = [Action(id=f"A{i}", title=f"Action {i}") for i in range(1, count + 1)]
    path = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path
    rows = range(2, count + 2)

    def rotate(ws: Any) -> None:
        """Column B (Action) moved one row down, the last to the top."""
        texts = [ws.cell(r, COL["Action"]).value for r in rows]
        for r, text in zip(rows, texts[-1:] + texts[:-1], strict=True):
            ws.cell(r, COL["Action"]).value = text

    plan = plan_updates(session, edit(path, rotate))
    assert plan.refused
    assert problems(plan)[0] == (
        f"the table looks sorted or shifted without its ID column: {count} rows (2, 3, 4, 5, 6, "
        f"7, 8, 9, 10, 11, 12, 13{more}) carry another action's content; sort the whole table "
        "(every column, A to the last) or export again — nothing was imported"
    )


def test_values_are_shown_shortened_and_on_one_line(session: Session, book: Path) -> None:
    long = "word " * 30
    fill(book, (2, "Latest update", "two\nlines"), (3, "Notes", long), (3, "Due", "2026-07-01"))
    plan = plan_updates(session, book)
    lines = printed(plan)
    assert "  A1 Latest update: With legal. → two lines" in lines
    shown = ("word " * 10)[:47] + "…"
    assert f"  A2 Notes: (empty) → {shown}" in lines
    assert "  A2 Due: (empty) → 2026-07-01" in lines


def test_conflicting_values_are_shown_within_thirty_characters(
    session: Session, tmp_path: Path
) -> None:
    session.actions[1].notes = "e" * 40
    book = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path
    set_cell(book, 3, "Notes", "b" * 40)
    session.actions[1].notes = "a" * 40
    plan = plan_updates(session, book)
    assert printed(plan)[4] == (
        f"  row 3, A2 Notes: exported {'e' * 29}… · session now {'a' * 29}… · this workbook "
        f"{'b' * 29}…"
    )


def test_long_titles_and_owners_are_shortened_in_the_plan(session: Session, book: Path) -> None:
    session.actions[1].title = "Align " + "v" * 70
    owner = "Dr " + "o" * 40
    title = "Call " + "t" * 70

    def change(ws: Any) -> None:
        add_row(ws, {"Action": title, "Owner": owner})
        add_row(ws, {"Action": session.actions[1].title.upper()})

    lines = printed(plan_updates(session, edit(book, change)))
    assert lines[4] == f"  row 5: {title[:59]}… (owner {owner[:29]}…, Not started)"
    assert lines[7] == f"  row 6: {session.actions[1].title.upper()[:59]}… is A2"


# --------------------------------------------------------------------------------------------
# the sheet


def test_no_action_plan_sheet_lists_the_sheets_found(session: Session, book: Path) -> None:
    wb = load_workbook(book)
    wb["Action Plan"].title = "Acts"
    wb.save(book)
    plan = plan_updates(session, book)
    assert plan.sheet is None
    assert problems(plan) == [
        "the workbook has no 'Action Plan' sheet (sheets found: 'Overview', 'Prepare', "
        "'Vision', 'Inventory', 'Funding', 'Populations', 'Alignment', 'Relationships', "
        "'Findings', 'Acts', 'Monitoring'); import the workbook cohere-tui exported, or "
        "rename the sheet with the actions to 'Action Plan'"
    ]
    assert printed(plan)[0] == "Workbook: <book> — 0 row(s) read"


def test_a_workbook_with_only_the_record_has_no_sheets_found(
    session: Session, tmp_path: Path
) -> None:
    path = sheet_book(tmp_path, ["format", "1"], title=RECORD_SHEET)
    plan = plan_updates(session, path)
    assert problems(plan) == [
        "the workbook has no 'Action Plan' sheet (sheets found: none); import the workbook "
        "cohere-tui exported, or rename the sheet with the actions to 'Action Plan'"
    ]


def test_a_sheet_named_in_another_case_is_read(session: Session, book: Path) -> None:
    wb = load_workbook(book)
    wb["Action Plan"].title = "ACTION  plan"
    wb["ACTION  plan"].cell(3, COL["Status"]).value = "Done"
    wb.save(book)
    plan = plan_updates(session, book)
    assert plan.sheet == "ACTION  plan"
    assert [(c.action_id, c.field, c.new) for c in plan.changes] == [
        ("A2", "status", ActionStatus.DONE)
    ]
    assert plan.notices == []


def test_the_sheet_named_exactly_is_read_before_one_spaced_otherwise(
    session: Session, book: Path
) -> None:
    wb = load_workbook(book)
    other = wb.copy_worksheet(wb["Action Plan"])
    other.title = "Action  Plan"
    other.cell(3, COL["Status"]).value = "Blocked"
    wb.move_sheet(other, offset=-(len(wb.sheetnames) - 1))  # first of all
    wb["Action Plan"].cell(3, COL["Status"]).value = "Done"
    wb.save(book)
    plan = plan_updates(session, book)
    assert plan.sheet == "Action Plan"
    assert [(c.action_id, c.new) for c in plan.changes] == [("A2", ActionStatus.DONE)]
    assert plan.notices == [
        "the workbook also has 'Action  Plan', which was not read: only 'Action Plan' is — "
        "copy any edits made there into it and import again"
    ]


def test_other_action_plan_sheets_are_named_as_not_read(session: Session, book: Path) -> None:
    wb = load_workbook(book)
    for title in ("Action Plan (2)", "action_plan old"):
        wb.copy_worksheet(wb["Action Plan"]).title = title
    wb["Action Plan"].sheet_state = "hidden"
    wb.active = 0
    wb.save(book)
    plan = plan_updates(session, book)
    assert plan.notices == [
        "the workbook also has 'Action Plan (2)', 'action_plan old', which was not read: only "
        "'Action Plan' is — copy any edits made there into it and import again",
        "the 'Action Plan' sheet is hidden in the workbook; it was read",
    ]


def test_an_empty_sheet_says_so(session: Session, tmp_path: Path) -> None:
    plan = plan_updates(session, sheet_book(tmp_path))
    assert problems(plan) == [
        "the 'Action Plan' sheet is empty; nothing to import (export the workbook again, fill "
        "it in and import that)"
    ]
    assert plan.warnings == [NO_RECORD.removeprefix("Warning: ")]


def test_a_sheet_whose_only_row_is_blank_is_empty(session: Session, tmp_path: Path) -> None:
    plan = plan_updates(session, sheet_book(tmp_path, ["  ", None, " "]))
    assert [p.message for p in plan.problems] == [
        "the 'Action Plan' sheet is empty; nothing to import (export the workbook again, fill "
        "it in and import that)"
    ]


def test_a_sheet_without_an_id_column_quotes_its_first_row(
    session: Session, tmp_path: Path
) -> None:
    plan = plan_updates(session, sheet_book(tmp_path, ["Action", " ", "Status"], ["x", "Done"]))
    assert problems(plan) == [
        "row 1: the 'Action Plan' sheet has no ID column: the header row should start with "
        "'ID' (found in row 1: 'Action', 'Status'); put the ID column back (copy it from the "
        "exported workbook) and import again"
    ]
    assert plan.rows_read == 0


def test_a_sheet_with_an_empty_first_row_and_no_id_quotes_nothing(
    session: Session, tmp_path: Path
) -> None:
    plan = plan_updates(session, sheet_book(tmp_path, [None], ["Status"]))
    assert problems(plan) == [
        "row 1: the 'Action Plan' sheet has no ID column: the header row should start with "
        "'ID' (found in row 1: nothing); put the ID column back (copy it from the exported "
        "workbook) and import again"
    ]


def test_a_first_row_of_many_names_quotes_the_first_sixteen(
    session: Session, tmp_path: Path
) -> None:
    names = [f"c{i}" for i in range(1, 20)]
    plan = plan_updates(session, sheet_book(tmp_path, names))
    assert (
        plan.problems[0]
        .message.split("found in row 1: ")[1]
        .startswith(", ".join(repr(n) for n in names[:16]) + ");")
    )


def test_the_header_row_is_the_first_with_an_id(session: Session, tmp_path: Path) -> None:
    path = sheet_book(
        tmp_path,
        ["Our plan"],
        [],
        ["ID", "Status", "Notes", "Status"],
        ["A2", "Done", "", "Blocked"],
        ["=1+1", "Done"],
        ["B7", "Done"],
        ["A3", "Blocked"],
    )
    plan = plan_updates(session, path)
    assert [(c.action_id, c.field, c.new, c.row) for c in plan.changes] == [
        ("A2", "status", ActionStatus.DONE, 4),
        ("A3", "status", ActionStatus.BLOCKED, 7),
    ]
    assert problems(plan) == [
        "row 5, column A (ID): the ID cell holds a formula or an error, so the row cannot be "
        "matched; type the action's ID (A1, A2, …) — the row was not read",
        "row 6, column A (ID): ID 'B7' is not an action ID (A1, A2, …); correct it, or clear "
        "it to add the row as a new action — the row was not read",
    ]
    assert plan.notices == [
        "the header row is row 3 (expected row 1)",
        "column(s) not found, so not read: Latest update, Owner, Due",
        "1 action(s) of the session are not in the sheet (A1); they are kept unchanged",
    ]
    assert plan.rows_read == 4


def test_an_id_below_row_twenty_is_no_header(session: Session, tmp_path: Path) -> None:
    rows: list[list[Any]] = [[f"title {i}"] for i in range(19)]
    found = plan_updates(session, sheet_book(tmp_path, *rows, ["ID", "Status"], ["A2", "Done"]))
    assert found.changes[0].row == 21
    missed = plan_updates(
        session, sheet_book(tmp_path, *rows, ["x"], ["ID", "Status"], ["A2", "Done"])
    )
    assert missed.changes == [] and "has no ID column" in missed.problems[0].message


def test_a_header_row_with_no_column_read_back_is_a_problem(
    session: Session, tmp_path: Path
) -> None:
    plan = plan_updates(session, sheet_book(tmp_path, ["ID", "Action"], ["A2", "Whatever"]))
    assert problems(plan)[0] == (
        "row 1: the header row has none of the columns read back (Status, Latest update, "
        "Notes, Owner, Due), so no action can be updated from this sheet; put those column "
        "names back as the export wrote them and import again"
    )


def test_a_duplicated_header_reads_the_leftmost_column(session: Session, tmp_path: Path) -> None:
    path = sheet_book(tmp_path, ["ID", "Notes", "notes"], ["A2", "left", "right"])
    plan = plan_updates(session, path)
    assert [(c.field, c.new) for c in plan.changes] == [("notes", "left")]


def test_merged_cells_over_columns_read_are_reported_by_column(
    session: Session, book: Path
) -> None:
    def change(ws: Any) -> None:
        ws.merge_cells("H3:H4")
        ws.merge_cells("M2:N3")
        ws.merge_cells("C4:D4")
        ws.merge_cells("P2:Q3")  # beyond the table: not reported

    plan = plan_updates(session, edit(book, change))
    tail = (
        "only the first cell was read, the others were left as they are in the session — "
        "unmerge the cells and import again"
    )
    assert sorted(problems(plan)) == [
        f"row 2, column M (Latest update), N (Notes): cells are merged over rows 2–3 (M2:N3); "
        f"{tail}",
        f"row 3, column H (Priority): cells are merged over rows 3–4 (H3:H4); {tail}",
        f"row 4, column C (Owner), D (Partners): cells are merged over row 4 (C4:D4); {tail}",
    ]
    assert plan.changes == []
    assert plan.notices == []


def test_a_merged_header_is_not_reported_as_merged_rows(session: Session, book: Path) -> None:
    """Cells merged in the header row hide a column (named as not found), they cover no
    row; merged cells below are still reported."""

    def change(ws: Any) -> None:
        ws.merge_cells("M1:N1")
        ws.merge_cells("O2:P3")  # beyond the table
        ws.merge_cells("H3:H4")
        ws.merge_cells("O5:P5")  # beyond the table (listed before H3:H4 in the file)

    plan = plan_updates(session, edit(book, change))
    assert [(p.row, p.column) for p in plan.problems] == [(3, "H (Priority)")]
    assert plan.notices == ["column(s) not found, so not read: Notes"]


def test_hidden_rows_are_listed_up_to_twelve(session: Session, tmp_path: Path) -> None:
    session.actions += [Action(id=f"A{i}", title=f"Action {i}") for i in range(4, 20)]
    path = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path

    def change(ws: Any) -> None:
        for r in range(2, 15):
            ws.row_dimensions[r].hidden = True
        ws.delete_rows(18, 5)

    plan = plan_updates(session, edit(path, change))
    assert plan.notices == [
        "13 hidden row(s) of the sheet were read like the others (rows 2, 3, 4, 5, 6, 7, 8, 9, "
        "10, 11, 12, 13 …); show them in the spreadsheet to check what they hold",
        "3 action(s) of this copy are not in the sheet (A17, A18, A19); they are kept unchanged",
    ]


def test_twelve_hidden_rows_are_all_listed(session: Session, tmp_path: Path) -> None:
    session.actions += [Action(id=f"A{i}", title=f"Action {i}") for i in range(4, 14)]
    path = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path

    def change(ws: Any) -> None:
        for r in range(2, 14):
            ws.row_dimensions[r].hidden = True

    plan = plan_updates(session, edit(path, change))
    assert plan.notices == [
        "12 hidden row(s) of the sheet were read like the others (rows 2, 3, 4, 5, 6, 7, 8, 9, "
        "10, 11, 12, 13); show them in the spreadsheet to check what they hold"
    ]


def test_missing_actions_are_listed_up_to_twelve(session: Session, tmp_path: Path) -> None:
    session.actions += [Action(id=f"A{i}", title=f"Action {i}") for i in range(4, 17)]
    path = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path
    edit(path, lambda ws: ws.delete_rows(3, 13))
    plan = plan_updates(session, path)
    assert plan.notices == [
        "13 action(s) of this copy are not in the sheet (A2, A3, A4, A5, A6, A7, A8, A9, A10, "
        "A11, A12, A13 …); they are kept unchanged"
    ]
    edit(path, lambda ws: ws.delete_rows(3, 1))
    assert plan_updates(session, path).notices == [
        "14 action(s) of this copy are not in the sheet (A2, A3, A4, A5, A6, A7, A8, A9, A10, "
        "A11, A12, A13 …); they are kept unchanged"
    ]


def test_twelve_missing_actions_are_all_listed(session: Session, tmp_path: Path) -> None:
    session.actions += [Action(id=f"A{i}", title=f"Action {i}") for i in range(4, 14)]
    path = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path
    edit(path, lambda ws: ws.delete_rows(3, 12))
    assert plan_updates(session, path).notices == [
        "12 action(s) of this copy are not in the sheet (A2, A3, A4, A5, A6, A7, A8, A9, A10, "
        "A11, A12, A13); they are kept unchanged"
    ]


def test_an_action_added_since_the_export_is_not_missing_from_the_copy(
    session: Session, book: Path
) -> None:
    session.actions.append(Action(id="A4", title="Added in the app"))
    plan = plan_updates(session, book)
    assert plan.notices == []


def test_an_action_deleted_since_the_export_is_not_missing(session: Session, book: Path) -> None:
    del session.actions[2]
    edit(book, lambda ws: ws.delete_rows(4))
    assert plan_updates(session, book).notices == []


# --------------------------------------------------------------------------------------------
# rows and their IDs


def test_ids_on_several_rows_unknown_and_an_empty_status(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(3, 1).value = "A1"
        ws.cell(4, 1).value = "A9"
        add_row(ws, {"ID": "A3", "Action": "Hold the kick-off", "Priority": "Medium"})

    plan = plan_updates(session, edit(book, change))
    assert problems(plan) == [
        "row 2, column A (ID): ID A1 is on several rows (2, 3); none of them was read — keep "
        "one row per ID (merge the edits into it) and import again",
        "row 4, column A (ID): ID A9 is not an action in this session; the row was not read — "
        "check the ID, or clear it to add the row as a new action",
        "row 5, column G (Status): A3's Status is empty; the session keeps 'Done' — choose a "
        "status from the list",
    ]
    assert plan.notices == [
        "1 action(s) of this copy are not in the sheet (A2); they are kept unchanged"
    ]
    assert plan.rows_read == 4


def test_an_id_typed_in_lower_case_with_spaces_is_matched(session: Session, book: Path) -> None:
    fill(book, (3, "ID", " a2 "), (3, "Notes", "n"))
    plan = plan_updates(session, book)
    assert [(c.action_id, c.field, c.new) for c in plan.changes] == [("A2", "notes", "n")]
    assert plan.notices == []  # the ID is no edit of a column not read back
    set_cell(book, 3, "ID", "A02")
    assert problems(plan_updates(session, book))[0].startswith(
        "row 3, column A (ID): ID 'A02' is not an action ID"
    )


def test_an_id_cell_holding_an_error_is_not_matched(session: Session, book: Path) -> None:
    set_cell(book, 3, "ID", "#REF!")
    plan = plan_updates(session, book)
    assert problems(plan)[0].startswith(
        "row 3, column A (ID): the ID cell holds a formula or an error"
    )


def test_a_merged_id_cell_is_reported_once_with_its_range(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(3, COL["Status"]).value = "Done"
        ws.merge_cells("A2:A3")

    plan = plan_updates(session, edit(book, change))
    assert plan.changes == []
    assert [p.row for p in plan.problems] == [2]
    assert plan.problems[0].column == "A (ID)"
    assert plan.notices == [
        "1 action(s) of this copy are not in the sheet (A2); they are kept unchanged"
    ]  # the row after it is read


def test_blank_rows_are_not_counted(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.insert_rows(3)
        ws.cell(3, COL["Notes"]).value = "   "

    plan = plan_updates(session, edit(book, change))
    assert plan.rows_read == 3 and plan.problems == []


def test_a_row_with_another_actions_content_and_one_more_is_read(
    session: Session, book: Path
) -> None:
    """One misplaced row is reported; the others are still read."""

    def change(ws: Any) -> None:
        ws.cell(3, COL["Action"]).value = "Hold the kick-off"
        ws.cell(2, COL["Status"]).value = "Done"

    plan = plan_updates(session, edit(book, change))
    assert not plan.refused
    assert [(c.action_id, c.field) for c in plan.changes] == [("A1", "status")]
    assert problems(plan) == [
        "row 3, column A (ID): the row says A2 but holds the content of A3 (Action 'Hold the "
        "kick-off'); the row was not read — put the ID back beside its own row"
    ]


def test_a_row_with_an_actions_exported_title_names_that_action(
    session: Session, book: Path
) -> None:
    """A2 was retitled in the app since the export; a row that says A3 but carries A2's
    exported row is still recognised as A2's content (by the title the export wrote)."""

    def change(ws: Any) -> None:
        for c in range(2, 15):
            ws.cell(4, c).value = ws.cell(3, c).value

    session.actions[1].title = "Align the bus schedules"
    plan = plan_updates(session, edit(book, change))
    assert problems(plan) == [
        "row 4, column A (ID): the row says A3 but holds the content of A2 (Action 'Align "
        "visit schedules'); the row was not read — put the ID back beside its own row"
    ]


def test_a_row_matching_neither_by_action_nor_by_context_is_not_read(
    session: Session, book: Path
) -> None:
    def change(ws: Any) -> None:
        ws.cell(3, COL["Action"]).value = "Something else"
        ws.cell(3, COL["Partners"]).value = "Nobody"
        ws.cell(3, COL["Status"]).value = "Done"
        ws.cell(4, COL["Action"]).value = "Hold the kick off meeting"
        ws.cell(4, COL["Status"]).value = "Blocked"

    plan = plan_updates(session, edit(book, change))
    assert [(c.action_id, c.field) for c in plan.changes] == [("A3", "status")]
    assert problems(plan) == [
        "row 3, column A (ID): the row says A2, but neither its Action ('Something else') nor "
        "its other columns match A2 ('Align visit schedules'); the row was not read — check "
        "the ID"
    ]
    assert plan.notices == [
        f"row 4 (A3): Action differ(s) from what the export wrote; {READ_BACK_ONLY}"
    ]


def test_an_edited_action_text_beside_a_formula_still_identifies_the_row(
    session: Session, book: Path
) -> None:
    """A formula or a merged cell in a column that tells the row tells nothing: the rest of
    the row (an empty Partners for A2) is what identifies it."""

    def change(ws: Any) -> None:
        ws.cell(3, COL["Action"]).value = "Align the bus schedules"
        ws.cell(3, COL["Partners"]).value = "=A1"
        ws.cell(3, COL["Status"]).value = "Done"
        ws.cell(4, COL["Action"]).value = "Hold the kick off meeting"
        ws.cell(4, COL["Status"]).value = "Blocked"
        ws.merge_cells("I3:I4")

    plan = plan_updates(session, edit(book, change))
    assert [(c.action_id, c.field) for c in plan.changes] == [
        ("A2", "status"),
        ("A3", "status"),
    ]


def test_a_formula_or_an_error_in_a_column_not_read_back_is_no_edit(
    session: Session, book: Path
) -> None:
    """Nothing can be told from them, so they are not named as edits there; an edit in a
    column after them still is."""
    fill(
        book,
        (2, "Partners", "=1+1"),
        (2, "Start", "#N/A"),
        (2, "Indicator", "Live"),
        (2, "Notes", "n"),
    )
    plan = plan_updates(session, book)
    assert plan.changes == [Change("A1", "notes", "", "n", 2)]
    assert plan.problems == []
    assert plan.notices == [
        f"row 2 (A1): Indicator differ(s) from what the export wrote; {READ_BACK_ONLY}"
    ]


def test_a_row_whose_action_is_a_formula_is_read_by_its_id(session: Session, book: Path) -> None:
    fill(book, (3, "Action", "=B2"), (3, "Status", "Done"))
    plan = plan_updates(session, book)
    assert [(c.action_id, c.field) for c in plan.changes] == [("A2", "status")]


def test_an_id_reused_for_another_action_is_reported(session: Session, book: Path) -> None:
    session.actions[1] = Action(id="A2", title="Another", partners=["Kim"])
    set_cell(book, 3, "Status", "Done")
    plan = plan_updates(session, book)
    assert plan.changes == []
    assert problems(plan) == [
        "row 3, column A (ID): A2 was 'Align visit schedules' when this workbook was exported, "
        "but the session's A2 is now 'Another'; the row was not read — copy its updates to A2 "
        "in the app if they belong there"
    ]


def test_an_action_not_in_the_copy_is_compared_with_the_session(
    session: Session, book: Path
) -> None:
    session.actions.append(Action(id="A4", title="Later one"))
    edit(book, lambda ws: add_row(ws, {"ID": "A4", "Action": "Later one", "Status": "Done"}))
    plan = plan_updates(session, book)
    assert [(c.action_id, c.field, c.old, c.new, c.row) for c in plan.changes] == [
        ("A4", "status", ActionStatus.NOT_STARTED, ActionStatus.DONE, 5)
    ]
    assert plan.notices == [
        "row 5 (A4): A4 was not in this copy when it was exported; its cells were compared "
        "with the session",
        f"row 5 (A4): Priority differ(s) from the session; {READ_BACK_ONLY}",
    ]


# --------------------------------------------------------------------------------------------
# the cells of a row


def test_problems_with_single_cells_leave_the_fields(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(2, COL["Status"]).value = None
        ws.cell(2, COL["Due"]).value = dt.datetime(2026, 1, 2)
        ws.cell(3, COL["Owner"]).value = "=A1"
        ws.cell(4, COL["Notes"]).value = "#DIV/0!"

    plan = plan_updates(session, edit(book, change))
    assert plan.changes == []
    assert problems(plan) == [
        "row 2, column G (Status): A1's Status is empty; the session keeps 'In progress' — "
        "choose a status from the list",
        "row 2, column F (Due): A1's Due 2026-01-02 is before Start 2026-01-15; correct the "
        "date (Start can be changed in the app)",
        "row 3, column C (Owner): A2's Owner: the cell holds a formula (=A1), which cohere-tui "
        "cannot compute; type the value itself — this field was not read",
        "row 4, column N (Notes): A3's Notes: the cell holds the error #DIV/0!; type the value "
        "itself",
    ]


def test_a_long_formula_is_quoted_shortened(session: Session, book: Path) -> None:
    formula = "=CONCATENATE(" + ", ".join(f'"{i}"' for i in range(20)) + ")"
    set_cell(book, 3, "Notes", formula)
    plan = plan_updates(session, book)
    assert problems(plan) == [
        f"row 3, column N (Notes): A2's Notes: the cell holds a formula ({formula[:59]}…), "
        "which cohere-tui cannot compute; type the value itself — this field was not read"
    ]


def test_a_due_that_is_not_a_date_names_the_action_and_the_column(
    session: Session, book: Path
) -> None:
    fill(book, (2, "Due", "next Friday"), (2, "Notes", "still read"))
    plan = plan_updates(session, book)
    assert [(c.field, c.new) for c in plan.changes] == [("notes", "still read")]
    assert problems(plan) == [
        "row 2, column F (Due): A1's Due 'next Friday' is not a date; type it as YYYY-MM-DD "
        "(e.g. 2026-05-01) or use a date cell"
    ]


def test_a_due_the_copy_left_alone_keeps_the_sessions_newer_due(
    session: Session, book: Path
) -> None:
    session.actions[0].due = D(2026, 6, 1)
    set_cell(book, 2, "Notes", "n")
    plan = plan_updates(session, book)
    assert plan.changes == [Change("A1", "notes", "", "n", 2)]
    assert plan.conflicts == []


def test_a_due_on_the_start_day_is_taken(session: Session, book: Path) -> None:
    set_cell(book, 2, "Due", dt.datetime(2026, 1, 15))
    plan = plan_updates(session, book)
    assert [(c.field, c.new) for c in plan.changes] == [("due", D(2026, 1, 15))]


def test_a_due_without_a_start_is_taken(session: Session, book: Path) -> None:
    set_cell(book, 3, "Due", dt.datetime(2020, 1, 1))
    plan = plan_updates(session, book)
    assert [(c.action_id, c.field, c.old, c.new) for c in plan.changes] == [
        ("A2", "due", None, D(2020, 1, 1))
    ]


def test_a_due_unchanged_but_written_as_text_is_no_change(session: Session, book: Path) -> None:
    set_cell(book, 2, "Due", "2026-05-01")
    plan = plan_updates(session, book)
    assert plan.changes == [] and plan.problems == []


@pytest.mark.parametrize(
    ("header", "value", "words"),
    [
        ("Status", "Done\x7f", "Status holds the control character U+007F"),
        (
            "Due",
            "2026-06-01\u202e",
            "Due holds the bidirectional control U+202E (right-to-left override)",
        ),
        ("Owner", "Kim\x9b2J", "Owner holds the control character U+009B"),
    ],
)
def test_an_unsafe_character_is_refused_in_a_field_read_back(
    session: Session, book: Path, header: str, value: str, words: str
) -> None:
    set_cell(book, 3, header, value)
    plan = plan_updates(session, book)
    assert plan.changes == []
    [problem] = plan.problems
    assert problem.row == 3
    assert problem.column == f"{'ABCDEFGHIJKLMN'[COL[header] - 1]} ({header})"
    assert problem.message.startswith(f"A2's {words}")
    assert problem.message.endswith(" and import again — this field was not read")


def test_a_status_in_another_case_that_is_unchanged_is_no_edit(
    session: Session, book: Path
) -> None:
    fill(book, (2, "Status", " in progress "), (3, "Status", "not STARTED"))
    plan = plan_updates(session, book)
    assert plan.changes == [] and plan.problems == []


def test_a_status_edited_without_a_record_is_compared_with_the_session(
    session: Session, book: Path
) -> None:
    without_record(book)
    set_cell(book, 4, "Status", "Dropped")
    plan = plan_updates(session, book)
    assert plan.changes == [Change("A3", "status", ActionStatus.DONE, ActionStatus.DROPPED, 4)]


def test_a_status_edited_back_to_the_sessions_is_nothing_to_do(
    session: Session, book: Path
) -> None:
    set_cell(book, 3, "Status", "Done")
    session.actions[1].status = ActionStatus.DONE
    plan = plan_updates(session, book)
    assert plan.changes == [] and plan.conflicts == []


def test_a_status_conflict_is_reported_with_the_three_values(session: Session, book: Path) -> None:
    set_cell(book, 3, "Status", "Blocked")
    session.actions[1].status = ActionStatus.DONE
    plan = plan_updates(session, book)
    assert plan.conflicts == [
        Conflict(
            "A2", "status", 3, ActionStatus.NOT_STARTED, ActionStatus.DONE, ActionStatus.BLOCKED
        )
    ]
    assert plan.conflicts[0].label == "Status"
    assert printed(plan)[4] == (
        "  row 3, A2 Status: exported Not started · session now Done · this workbook Blocked"
    )
    preferred = plan_updates(session, book, prefer_workbook=True)
    assert preferred.changes == [
        Change("A2", "status", ActionStatus.DONE, ActionStatus.BLOCKED, 3, conflict=True)
    ]


def test_a_due_conflict_and_its_preferred_change(session: Session, book: Path) -> None:
    set_cell(book, 3, "Due", dt.datetime(2026, 7, 1))
    session.actions[1].due = D(2026, 6, 15)
    plan = plan_updates(session, book, prefer_workbook=True)
    assert plan.conflicts == [Conflict("A2", "due", 3, None, D(2026, 6, 15), D(2026, 7, 1))]
    assert plan.changes == [Change("A2", "due", D(2026, 6, 15), D(2026, 7, 1), 3, conflict=True)]
    assert plan.changes[0].label == "Due"
    assert apply_updates(session, plan, today=LATER) == 1
    assert session.actions[1].due == D(2026, 7, 1)
    assert session.actions[1].updated is None  # a due date is not an update of the action


def test_a_text_conflict_is_not_applied_unless_preferred(session: Session, book: Path) -> None:
    set_cell(book, 2, "Latest update", "  From the copy ")
    session.actions[0].latest_update = "From the app"
    plan = plan_updates(session, book)
    assert plan.changes == []
    assert plan.conflicts == [
        Conflict("A1", "latest_update", 2, "With legal.", "From the app", "From the copy")
    ]
    assert apply_updates(session, plan, today=LATER) == 0
    assert session.actions[0].latest_update == "From the app"


def test_a_text_edit_already_in_the_session_is_nothing_to_do(session: Session, book: Path) -> None:
    """Nothing to do for that field; the fields after it are still read."""
    fill(book, (3, "Owner", "Kim "), (3, "Due", "2026-07-01"))
    session.actions[1].owner = "Kim"
    plan = plan_updates(session, book)
    assert plan.changes == [Change("A2", "due", None, D(2026, 7, 1), 3)]
    assert plan.conflicts == []


def test_a_text_cell_full_to_the_limit_is_refused(session: Session, book: Path) -> None:
    set_cell(book, 3, "Notes", "x" * 32_767)
    plan = plan_updates(session, book)
    assert plan.changes == []
    assert problems(plan) == [
        "row 3, column N (Notes): A2's Notes fills the cell to its limit (32,767 characters), "
        "so its end may have been cut; put the text in the app instead — this field was not "
        "read"
    ]


def test_an_edit_ending_like_a_cut_text_is_refused(session: Session, book: Path) -> None:
    set_cell(book, 3, "Notes", "mine … [cut: 10 characters more, see the session file]")
    plan = plan_updates(session, book)
    assert plan.changes == []
    assert problems(plan) == [
        "row 3, column N (Notes): A2's Notes is too long for a cell, so it was cut at export, "
        "and then edited; edit this text in the app — this field was not read"
    ]


# --------------------------------------------------------------------------------------------
# new rows


def test_a_new_row_with_a_formula_or_an_error_is_not_added(session: Session, book: Path) -> None:
    """Each such row is reported, and the rows after it are still read."""

    def change(ws: Any) -> None:
        add_row(ws, {"Action": "=B2"})
        ws.cell(5, COL["Action"]).data_type = "f"
        add_row(ws, {"Action": "Call the state"})
        ws.cell(6, COL["Notes"]).value = "=1+1"
        add_row(ws, {"Action": "Visit a school"})
        ws.cell(7, COL["Indicator"]).value = "#N/A"
        add_row(ws, {"Action": "Meet the board"})

    plan = plan_updates(session, edit(book, change))
    assert [(n.row, n.title) for n in plan.new_actions] == [(8, "Meet the board")]
    assert problems(plan) == [
        "row 5, column B (Action): Action: the cell holds a formula (=B2), which cohere-tui "
        "cannot compute; type the value itself — this field was not read",
        "row 6, column N (Notes): new action 'Call the state' was not added: Notes holds a "
        "formula or an error; type the value itself; fix the row and import again",
        "row 7, column L (Indicator): new action 'Visit a school' was not added: Indicator "
        "holds a formula or an error; type the value itself; fix the row and import again",
    ]


def test_a_new_row_in_a_sheet_without_an_action_column_is_not_read(
    session: Session, tmp_path: Path
) -> None:
    plan = plan_updates(session, sheet_book(tmp_path, ["ID", "Notes"], [None, "a note"]))
    assert plan.new_actions == []
    assert problems(plan) == [
        "row 2: the row has no ID and no Action, so it was not read; give it an Action text to "
        "add it as a new action, or delete the row"
    ]


def test_a_new_row_with_an_unsafe_character_is_not_added(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(ws, {"Action": "Call\x9b the state"})
        add_row(ws, {"Action": "Visit a school", "Notes": "bad\u202e"})

    plan = plan_updates(session, edit(book, change))
    assert plan.new_actions == []
    texts = problems(plan)
    assert texts[0].startswith(
        "row 5, column B (Action): the new action was not added: Action holds the control "
        "character U+009B"
    )
    assert texts[0].endswith(" from the cell and import again")
    assert texts[1].startswith(
        "row 6, column N (Notes): new action 'Visit a school' was not added: Notes holds the "
        "bidirectional control U+202E (right-to-left override)"
    )
    assert texts[1].endswith(" from the cell; fix the row and import again")


def test_a_new_row_without_action_is_not_read(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(ws, {"Owner": "Nobody", "Action": "  "})
        add_row(ws, {"Notes": "x"})
        ws.merge_cells("B5:B6")

    plan = plan_updates(session, edit(book, change))
    message = (
        "the row has no ID and no Action, so it was not read; give it an Action text to add "
        "it as a new action, or delete the row"
    )
    assert [str(p) for p in plan.problems if p.column is None] == [
        f"row 5: {message}",
        f"row 6: {message}",
    ]


def test_a_new_row_twice_is_offered_once(session: Session, book: Path) -> None:
    long = "Call the state office about " + "x" * 60

    def change(ws: Any) -> None:
        add_row(ws, {"Action": "Call the state"})
        add_row(ws, {"Action": " CALL the  state"})
        add_row(ws, {"Action": long})
        add_row(ws, {"Action": long})
        add_row(ws, {"Action": "Meet the board"})

    plan = plan_updates(session, edit(book, change))
    assert [n.row for n in plan.new_actions] == [5, 7, 9]
    assert problems(plan) == [
        "row 6, column B (Action): the new action 'CALL the  state' is also on row 5; it is "
        "offered once — delete one of the rows",
        f"row 8, column B (Action): the new action '{long[:59]}…' is also on row 7; it is "
        "offered once — delete one of the rows",
    ]


def test_a_new_row_like_an_action_already_there_is_not_added(session: Session, book: Path) -> None:
    edit(book, lambda ws: add_row(ws, {"Action": " align VISIT schedules "}))
    plan = plan_updates(session, book)
    assert plan.new_actions == []
    assert [(a.row, a.title, a.action_id) for a in plan.already_present] == [
        (5, "align VISIT schedules", "A2")
    ]
    assert printed(plan)[4] == "  row 5: align VISIT schedules is A2"


def test_a_new_row_reads_every_column(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(
            ws,
            {
                "Action": " Set up a dashboard ",
                "Owner": " Sam ",
                "Partners": "County, Schools",
                "Start": "2026-04-01",
                "Due": dt.datetime(2026, 4, 1),
                "Status": "blocked",
                "Priority": "HIGH",
                "Domain": "data_use",
                "Findings": "f1",
                "Initiatives": "I2; I1 Home visiting",
                "Indicator": " Live ",
                "Latest update": " Begun ",
                "Notes": " n ",
            },
        )

    plan = plan_updates(session, edit(book, change))
    assert plan.problems == []
    [new] = plan.new_actions
    assert new.title == "Set up a dashboard"
    assert new.fields == {
        "title": "Set up a dashboard",
        "owner": "Sam",
        "partners": ["County", "Schools"],
        "start": D(2026, 4, 1),
        "due": D(2026, 4, 1),
        "status": ActionStatus.BLOCKED,
        "priority": Priority.HIGH,
        "domain": Domain.DATA_USE,
        "findings": ["F1"],
        "initiatives": ["I2", "I1"],
        "indicator": "Live",
        "latest_update": "Begun",
        "notes": "n",
    }
    assert printed(plan)[4] == "  row 5: Set up a dashboard (owner Sam, due 2026-04-01, Blocked)"


def test_a_new_row_domain_by_its_short_name(session: Session, book: Path) -> None:
    short = Domain.DATA_USE.short
    edit(book, lambda ws: add_row(ws, {"Action": "Call the state", "Domain": short}))
    assert plan_updates(session, book).new_actions[0].fields["domain"] is Domain.DATA_USE


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        (
            {"Priority": "Urgent"},
            "H (Priority)",
            "Priority 'Urgent' is not allowed; choose one of: High, Medium, Low",
        ),
        ({"Domain": "Elsewhere"}, "I (Domain)", "Domain 'Elsewhere' is not allowed"),
        (
            {"Start": "2026-05-02", "Due": "2026-05-01"},
            "F (Due)",
            "Due 2026-05-01 is before Start 2026-05-02",
        ),
        ({"Start": "soon"}, "E (Start)", "Start 'soon' is not a date"),
        ({"Findings": "F7"}, "J (Findings)", "Findings names F7, which is not in the session"),
        (
            {"Findings": "the overlap"},
            "J (Findings)",
            "Findings 'the overlap' names no F-number (F1, F2, …)",
        ),
        (
            {"Initiatives": "I1; I9 Later"},
            "K (Initiatives)",
            "Initiatives names I9, which is not in the session",
        ),
        (
            {"Initiatives": "home visiting"},
            "K (Initiatives)",
            "Initiatives 'home visiting' names no I-number (I1, I2, …)",
        ),
        ({"Owner": "x" * 32_767}, "C (Owner)", "Owner fills the cell to its limit"),
    ],
)
def test_a_new_row_with_a_bad_cell_names_the_column(
    session: Session, book: Path, cells: dict[str, Any], column: str | None, reason: str
) -> None:
    edit(book, lambda ws: add_row(ws, {"Action": "Call the state", **cells}))
    plan = plan_updates(session, book)
    assert plan.new_actions == []
    [problem] = plan.problems
    assert (problem.row, problem.column) == (5, column)
    assert problem.message.startswith(f"new action 'Call the state' was not added: {reason}")
    assert problem.message.endswith("; fix the row and import again")


def test_a_long_new_title_is_shortened_in_messages(session: Session, book: Path) -> None:
    title = "T" * 80
    edit(book, lambda ws: add_row(ws, {"Action": title, "Status": "Later"}))
    plan = plan_updates(session, book)
    assert plan.problems[0].message.startswith(f"new action '{'T' * 59}…' was not added:")


# --------------------------------------------------------------------------------------------
# applying


def test_apply_gives_new_actions_the_next_ids_in_sheet_order(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(ws, {"Action": "First new"})
        add_row(ws, {"Action": "Second new"})

    plan = plan_updates(session, edit(book, change))
    session.actions[1].id = "A7"  # the highest ID, whatever its place
    assert apply_updates(session, plan, today=LATER) == 2
    assert [(a.id, a.title, a.updated) for a in session.actions[3:]] == [
        ("A8", "First new", LATER),
        ("A9", "Second new", LATER),
    ]
    assert [n.assigned_id for n in plan.new_actions] == ["A8", "A9"]


def test_apply_to_a_session_without_actions_starts_at_a1(tmp_path: Path) -> None:
    session = Session(title="Empty", created=TODAY)
    path = sheet_book(tmp_path, ["ID", "Action", "Status"], [None, "Only one", "Done"])
    plan = plan_updates(session, path)
    assert apply_updates(session, plan, today=LATER) == 1
    assert [(a.id, a.status) for a in session.actions] == [("A1", ActionStatus.DONE)]


def test_apply_skips_a_new_action_added_meanwhile(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(ws, {"Action": "First new"})
        add_row(ws, {"Action": "Second new"})

    plan = plan_updates(session, edit(book, change))
    session.actions.append(Action(id="A4", title="first NEW"))
    assert apply_updates(session, plan, today=LATER) == 1
    assert [(a.id, a.title) for a in session.actions[3:]] == [
        ("A4", "first NEW"),
        ("A5", "Second new"),
    ]
    assert [n.assigned_id for n in plan.new_actions] == [None, "A5"]


def test_apply_the_same_new_action_twice_adds_it_once(session: Session, book: Path) -> None:
    edit(book, lambda ws: add_row(ws, {"Action": "First new"}))
    plan = plan_updates(session, book)
    plan.new_actions.append(NewAction(row=9, fields=dict(plan.new_actions[0].fields)))
    assert apply_updates(session, plan, today=LATER) == 1
    assert len(session.actions) == 4


def test_apply_marks_updated_only_status_and_latest_update(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(2, COL["Notes"]).value = "n"
        ws.cell(2, COL["Owner"]).value = "Kim"
        ws.cell(3, COL["Latest update"]).value = "Moved"
        ws.cell(4, COL["Status"]).value = "Dropped"

    plan = plan_updates(session, edit(book, change))
    assert apply_updates(session, plan, today=LATER) == 4
    assert [a.updated for a in session.actions] == [None, LATER, LATER]
    assert (session.actions[0].notes, session.actions[0].owner) == ("n", "Kim")


def test_apply_without_a_day_marks_today(session: Session, book: Path) -> None:
    set_cell(book, 3, "Status", "Done")
    edit(book, lambda ws: add_row(ws, {"Action": "First new"}))
    plan = plan_updates(session, book)
    assert apply_updates(session, plan) == 2
    assert session.actions[1].updated == dt.date.today()
    assert session.actions[3].updated == dt.date.today()


def test_apply_skips_a_change_for_an_action_deleted_meanwhile(session: Session, book: Path) -> None:
    fill(book, (3, "Status", "Done"), (4, "Notes", "n"))
    plan = plan_updates(session, book)
    del session.actions[1]
    assert apply_updates(session, plan, today=LATER) == 1
    assert session.actions[1].notes == "n"


def test_problem_text_names_row_and_column() -> None:
    assert str(Problem(3, "bad", "G (Status)")) == "row 3, column G (Status): bad"
    assert str(Problem(3, "bad")) == "row 3: bad"
    assert str(Problem(None, "bad", "G (Status)")) == "bad"
