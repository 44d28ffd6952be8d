"""Reading a returned workbook's Action Plan back into the session (import-updates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from cohere_tui.models import (
    Action,
    ActionStatus,
    Domain,
    Finding,
    FindingKind,
    Goal,
    Initiative,
    Priority,
    Session,
)
from cohere_tui.workbook import (
    ACTION_PLAN_HEADERS,
    UpdatePlan,
    WorkbookError,
    apply_updates,
    export_workbook,
    format_plan,
    plan_updates,
)

TODAY = dt.date(2026, 4, 1)
D = dt.date
COL = {h: n for n, h in enumerate(ACTION_PLAN_HEADERS, start=1)}


def make_session() -> Session:
    return Session(
        title="Family outcomes",
        created=D(2026, 1, 1),
        goals=[Goal(id="G1", title="Ready for school")],
        initiatives=[
            Initiative(id="I1", name="Home visiting", goals=["G1"]),
            Initiative(id="I2", name="Attendance team"),
        ],
        findings=[Finding(id="F1", kind=FindingKind.OTHER, summary="Overlap.")],
        actions=[
            Action(
                id="A1",
                title="Draft a data-sharing agreement",
                owner="Lee Park",
                partners=["County Health"],
                start=D(2026, 1, 15),
                due=D(2026, 5, 1),
                status=ActionStatus.IN_PROGRESS,
                priority=Priority.HIGH,
                domain=Domain.DATA_USE,
                findings=["F1"],
                initiatives=["I1"],
                latest_update="With legal.",
                notes="",
            ),
            Action(id="A2", title="Align visit schedules", owner="Ana Ruiz"),
            Action(id="A3", title="Hold the kick-off", status=ActionStatus.DONE),
        ],
    )


@pytest.fixture
def session() -> Session:
    return make_session()


@pytest.fixture
def book(session: Session, tmp_path: Path) -> Path:
    return export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    """Open the workbook with openpyxl, change its Action Plan sheet, save it."""
    wb = load_workbook(path)
    change(wb["Action Plan"])
    wb.save(path)
    return path


def set_cell(path: Path, row: int, header: str, value: Any) -> Path:
    def change(ws: Any) -> None:
        ws.cell(row=row, column=COL[header]).value = value

    return edit(path, change)


def one_change(plan: UpdatePlan) -> tuple[str, str, Any, Any]:
    assert not plan.problems, plan.problems
    assert len(plan.changes) == 1, plan.changes
    c = plan.changes[0]
    return c.action_id, c.field, c.old, c.new


def problem_text(plan: UpdatePlan) -> str:
    return "\n".join(str(p) for p in plan.problems)


# --------------------------------------------------------------------------------------------
# an unchanged workbook


def test_unchanged_export_changes_nothing(session: Session, book: Path) -> None:
    plan = plan_updates(session, book)
    assert not plan.has_changes
    assert plan.problems == []
    assert plan.notices == []
    assert plan.rows_read == 3
    assert "Nothing to change" in format_plan(plan)


def test_planning_writes_nothing(session: Session, book: Path) -> None:
    before = book.read_bytes()
    snapshot = session.model_copy(deep=True)
    set_cell(book, 2, "Status", "Done")
    edited = book.read_bytes()
    plan_updates(session, book)
    assert book.read_bytes() == edited != before
    assert session == snapshot


# --------------------------------------------------------------------------------------------
# the fields read back


def test_status_change(session: Session, book: Path) -> None:
    set_cell(book, 3, "Status", "in progress")  # any case
    plan = plan_updates(session, book)
    assert one_change(plan) == ("A2", "status", ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
    assert plan.changes[0].row == 3
    assert apply_updates(session, plan) == 1
    assert session.actions[1].status is ActionStatus.IN_PROGRESS


def test_latest_update_notes_and_owner(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Latest update"]).value = "Signed by two of three directors."
        ws.cell(row=2, column=COL["Notes"]).value = "Chase the third.\nBy Friday."
        ws.cell(row=3, column=COL["Owner"]).value = "  Sam Cole "

    plan = plan_updates(session, edit(book, change))
    assert not plan.problems
    got = {(c.action_id, c.field): (c.old, c.new) for c in plan.changes}
    assert got == {
        ("A1", "latest_update"): ("With legal.", "Signed by two of three directors."),
        ("A1", "notes"): ("", "Chase the third.\nBy Friday."),
        ("A2", "owner"): ("Ana Ruiz", "Sam Cole"),
    }
    assert apply_updates(session, plan) == 3
    assert session.actions[0].notes == "Chase the third.\nBy Friday."
    assert session.actions[1].owner == "Sam Cole"


def test_due_as_a_date_cell(session: Session, book: Path) -> None:
    set_cell(book, 2, "Due", dt.datetime(2026, 6, 15))
    plan = plan_updates(session, book)
    assert one_change(plan) == ("A1", "due", D(2026, 5, 1), D(2026, 6, 15))


def test_due_as_text(session: Session, book: Path) -> None:
    set_cell(book, 3, "Due", " 2026-07-01 ")
    plan = plan_updates(session, book)
    assert one_change(plan) == ("A2", "due", None, D(2026, 7, 1))
    apply_updates(session, plan)
    assert session.actions[1].due == D(2026, 7, 1)


def test_due_cleared(session: Session, book: Path) -> None:
    set_cell(book, 2, "Due", None)
    assert one_change(plan_updates(session, book)) == ("A1", "due", D(2026, 5, 1), None)


def test_text_starting_with_equals_is_kept_as_text(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        cell = ws.cell(row=2, column=COL["Notes"])
        cell.value = "=not a formula, just text"
        cell.data_type = "s"

    plan = plan_updates(session, edit(book, change))
    assert one_change(plan) == ("A1", "notes", "", "=not a formula, just text")


# --------------------------------------------------------------------------------------------
# problems


def test_bad_status(session: Session, book: Path) -> None:
    set_cell(book, 3, "Status", "Finished")
    plan = plan_updates(session, book)
    assert plan.changes == []
    assert len(plan.problems) == 1
    problem = plan.problems[0]
    assert problem.row == 3
    assert "A2's Status 'Finished' is not allowed" in problem.message
    assert "Not started, In progress" in problem.message


def test_empty_status_is_a_problem_not_a_change(session: Session, book: Path) -> None:
    set_cell(book, 3, "Status", None)
    plan = plan_updates(session, book)
    assert plan.changes == []
    assert plan.problems[0].row == 3 and "Status is empty" in plan.problems[0].message


@pytest.mark.parametrize(
    ("value", "words"),
    [("next Friday", "not a date"), ("2026-02-30", "not a date"), (46000, "number")],
)
def test_bad_due_date(session: Session, book: Path, value: Any, words: str) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Due"]).value = value
        ws.cell(row=2, column=COL["Due"]).number_format = "General"
        ws.cell(row=2, column=COL["Notes"]).value = "still read"

    plan = plan_updates(session, edit(book, change))
    assert [(c.field, c.new) for c in plan.changes] == [("notes", "still read")]
    assert plan.problems[0].row == 2
    assert words in plan.problems[0].message and "YYYY-MM-DD" in plan.problems[0].message


def test_due_before_start(session: Session, book: Path) -> None:
    set_cell(book, 2, "Due", dt.datetime(2026, 1, 1))
    plan = plan_updates(session, book)
    assert plan.changes == []
    assert "before Start 2026-01-15" in problem_text(plan)


def test_unknown_id(session: Session, book: Path) -> None:
    set_cell(book, 3, "ID", "A99")
    plan = plan_updates(session, book)
    assert plan.problems[0].row == 3
    assert "A99 is not an action in this session" in plan.problems[0].message
    assert "A2" in " ".join(plan.notices)  # A2 is no longer in the sheet: kept as it is


def test_not_an_id(session: Session, book: Path) -> None:
    set_cell(book, 3, "ID", "row two")
    plan = plan_updates(session, book)
    assert "'row two' is not an action ID" in problem_text(plan)


def test_lower_case_id_is_matched(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=3, column=COL["ID"]).value = " a2 "
        ws.cell(row=3, column=COL["Status"]).value = "Done"

    plan = plan_updates(session, edit(book, change))
    assert one_change(plan)[:2] == ("A2", "status")


def test_duplicated_id(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=3, column=COL["ID"]).value = "A1"
        ws.cell(row=3, column=COL["Status"]).value = "Done"

    plan = plan_updates(session, edit(book, change))
    assert plan.changes == []
    assert plan.problems[0].row == 2
    assert "A1 is on several rows (2, 3)" in plan.problems[0].message


def test_formula_cell_is_refused(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Status"]).value = '=IF(TRUE,"Done","Blocked")'
        ws.cell(row=2, column=COL["Latest update"]).value = "Signed."

    plan = plan_updates(session, edit(book, change))
    assert [(c.field, c.new) for c in plan.changes] == [("latest_update", "Signed.")]
    assert plan.problems[0].row == 2
    assert "formula" in plan.problems[0].message and "Status" in plan.problems[0].message


def test_error_cell_is_refused(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        cell = ws.cell(row=2, column=COL["Owner"])
        cell.value = "#N/A"  # openpyxl makes this an error cell

    plan = plan_updates(session, edit(book, change))
    assert plan.changes == []
    assert "#N/A" in problem_text(plan)


def test_deleted_row_keeps_the_action(session: Session, book: Path) -> None:
    edit(book, lambda ws: ws.delete_rows(3))
    plan = plan_updates(session, book)
    assert not plan.has_changes and not plan.problems
    assert any("A2" in n and "kept unchanged" in n for n in plan.notices)
    apply_updates(session, plan)
    assert [a.id for a in session.actions] == ["A1", "A2", "A3"]


def test_edits_in_columns_not_read_back_are_named(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Priority"]).value = "Low"
        ws.cell(row=2, column=COL["Start"]).value = dt.datetime(2026, 2, 1)

    plan = plan_updates(session, edit(book, change))
    assert not plan.has_changes and not plan.problems
    assert any("row 2 (A1): Start, Priority" in n for n in plan.notices), plan.notices


def test_wrong_sheet_name(session: Session, book: Path) -> None:
    wb = load_workbook(book)
    wb["Action Plan"].title = "Actions"
    wb.save(book)
    plan = plan_updates(session, book)
    assert not plan.has_changes
    assert len(plan.problems) == 1
    message = plan.problems[0].message
    assert (
        "no 'Action Plan' sheet" in message and "'Actions'" in message and "'Overview'" in message
    )


def test_sheet_name_in_another_case_is_found(session: Session, book: Path) -> None:
    wb = load_workbook(book)
    wb["Action Plan"].title = "renamed"
    wb["renamed"].title = "action plan"
    wb["action plan"]["G3"] = "Done"
    wb.save(book)
    plan = plan_updates(session, book)
    assert one_change(plan)[:2] == ("A2", "status")


def test_missing_id_column(session: Session, book: Path) -> None:
    edit(book, lambda ws: ws.delete_cols(1))
    plan = plan_updates(session, book)
    assert not plan.has_changes
    assert plan.problems[0].row == 1
    assert "no ID column" in plan.problems[0].message
    assert "'Action'" in plan.problems[0].message


def test_columns_in_another_order_and_case(session: Session, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Action Plan"
    ws.append(["notes", " STATUS ", "Id", "due"])
    ws.append(["Called them", "Blocked", "A2", "2026-08-01"])
    path = tmp_path / "returned.xlsx"
    wb.save(path)
    plan = plan_updates(session, path)
    assert not plan.problems
    got = {(c.action_id, c.field): c.new for c in plan.changes}
    assert got == {
        ("A2", "notes"): "Called them",
        ("A2", "status"): ActionStatus.BLOCKED,
        ("A2", "due"): D(2026, 8, 1),
    }
    assert any("A1" in n and "A3" in n for n in plan.notices)  # rows not in the sheet


def test_header_below_a_title_row(session: Session, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Action Plan"
    ws.append(["Our plan"])
    ws.append(["ID", "Status"])
    ws.append(["A2", "Done"])
    path = tmp_path / "returned.xlsx"
    wb.save(path)
    plan = plan_updates(session, path)
    assert one_change(plan)[:2] == ("A2", "status")
    assert plan.changes[0].row == 3
    assert any("row 2" in n for n in plan.notices)


def test_merged_cells(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Notes"]).value = "For both"
        ws.merge_cells(start_row=2, end_row=3, start_column=COL["Notes"], end_column=COL["Notes"])

    plan = plan_updates(session, edit(book, change))
    # the first cell is read; the covered one is left alone, and the merge is reported
    assert [(c.action_id, c.field, c.new) for c in plan.changes] == [("A1", "notes", "For both")]
    assert len(plan.problems) == 1
    assert "rows 2–3" in plan.problems[0].message and "merged" in plan.problems[0].message
    assert session.actions[1].notes == ""


def test_empty_sheet(session: Session, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Action Plan"
    path = tmp_path / "empty.xlsx"
    wb.save(path)
    plan = plan_updates(session, path)
    assert not plan.has_changes
    assert "sheet is empty" in problem_text(plan)


def test_header_only_sheet(session: Session, book: Path) -> None:
    edit(book, lambda ws: ws.delete_rows(2, 10))
    plan = plan_updates(session, book)
    assert not plan.has_changes and not plan.problems
    assert plan.rows_read == 0


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.xlsx", b"just some text, not a workbook", "cannot be read"),
        ("broken.xlsx", b"PK\x03\x04 broken zip", "cannot be read"),
        ("empty.xlsx", b"", "empty"),
        ("plan.csv", b"ID,Status\nA1,Done\n", "not an .xlsx workbook"),
        ("plan.xls", b"\xd0\xcf\x11\xe0", "not an .xlsx workbook"),
    ],
)
def test_not_a_workbook(
    session: Session, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WorkbookError) as info:
        plan_updates(session, path)
    assert name in str(info.value)
    assert words in str(info.value)


def test_missing_workbook(session: Session, tmp_path: Path) -> None:
    with pytest.raises(WorkbookError) as info:
        plan_updates(session, tmp_path / "nowhere.xlsx")
    assert "nowhere.xlsx" in str(info.value) and "no such file" in str(info.value)


def test_a_zip_that_is_not_a_workbook(session: Session, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(WorkbookError) as info:
        plan_updates(session, path)
    assert "fake.xlsx" in str(info.value)


# --------------------------------------------------------------------------------------------
# new rows


def add_row(ws: Any, values: dict[str, Any]) -> None:
    row = ws.max_row + 1
    for header, value in values.items():
        cell = ws.cell(row=row, column=COL[header])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed text, even when it starts with "="


def test_added_row_is_offered_as_a_new_action(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(
            ws,
            {
                "Action": "Set up a shared dashboard",
                "Owner": "Sam Cole",
                "Partners": "County Health; Schools",
                "Start": dt.datetime(2026, 4, 1),
                "Due": "2026-06-30",
                "Status": "In progress",
                "Priority": "low",
                "Domain": "Data use",
                "Findings": "F1",
                "Initiatives": "I1 Home visiting; I2",
                "Indicator": "Dashboard live",
                "Latest update": "Kick-off held",
                "Notes": "=B2 is text here",
            },
        )

    plan = plan_updates(session, edit(book, change))
    assert not plan.problems and not plan.changes
    assert plan.has_changes
    [new] = plan.new_actions
    assert new.row == 5
    assert new.fields == {
        "title": "Set up a shared dashboard",
        "owner": "Sam Cole",
        "partners": ["County Health", "Schools"],
        "start": D(2026, 4, 1),
        "due": D(2026, 6, 30),
        "status": ActionStatus.IN_PROGRESS,
        "priority": Priority.LOW,
        "domain": Domain.DATA_USE,
        "findings": ["F1"],
        "initiatives": ["I1", "I2"],
        "indicator": "Dashboard live",
        "latest_update": "Kick-off held",
        "notes": "=B2 is text here",
    }
    assert "row 5: Set up a shared dashboard" in format_plan(plan)
    assert apply_updates(session, plan) == 1
    added = session.actions[-1]
    assert added.id == "A4" and new.assigned_id == "A4"
    assert added.title == "Set up a shared dashboard" and added.priority is Priority.LOW


def test_new_row_with_only_a_title_gets_defaults(session: Session, book: Path) -> None:
    edit(book, lambda ws: add_row(ws, {"Action": "Call the state"}))
    plan = plan_updates(session, book)
    apply_updates(session, plan)
    added = session.actions[-1]
    assert (added.id, added.status, added.priority) == (
        "A4",
        ActionStatus.NOT_STARTED,
        Priority.MEDIUM,
    )


def test_new_row_with_a_problem_is_not_added(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(ws, {"Action": "Call the state", "Status": "Later"})
        add_row(ws, {"Action": "Visit the school", "Initiatives": "I9"})
        add_row(ws, {"Owner": "Nobody", "Notes": "no action text"})

    plan = plan_updates(session, edit(book, change))
    assert plan.new_actions == []
    text = problem_text(plan)
    assert (
        "row 5, column G (Status): new action 'Call the state' was not added: Status 'Later'"
        in text
    )
    assert (
        "row 6, column K (Initiatives): new action 'Visit the school' was not added: Initiatives names I9"
        in text
    )
    assert "row 7: the row has no ID and no Action" in text


def test_new_row_twice_in_the_sheet_is_offered_once(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        add_row(ws, {"Action": "Call the state"})
        add_row(ws, {"Action": "call  the STATE"})

    plan = plan_updates(session, edit(book, change))
    assert [n.row for n in plan.new_actions] == [5]
    assert "also on row 5" in problem_text(plan)


def test_second_import_changes_nothing(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Status"]).value = "Done"
        ws.cell(row=3, column=COL["Latest update"]).value = "Schedules shared."
        add_row(ws, {"Action": "Call the state", "Owner": "Lee Park"})

    edit(book, change)
    first = plan_updates(session, book)
    assert apply_updates(session, first) == 3
    second = plan_updates(session, book)
    assert not second.has_changes
    assert second.changes == [] and second.new_actions == [] and second.problems == []
    assert [(a.row, a.action_id) for a in second.already_present] == [(5, "A4")]
    assert second.notices == []  # A4 is in the sheet, as its row without an ID
    assert "already in the session" in format_plan(second)
    assert apply_updates(session, second) == 0
    assert len(session.actions) == 4


def test_apply_skips_a_change_made_stale(session: Session, book: Path) -> None:
    set_cell(book, 3, "Status", "Done")
    plan = plan_updates(session, book)
    session.actions[1].status = ActionStatus.BLOCKED  # someone changed it meanwhile
    assert apply_updates(session, plan) == 0
    assert session.actions[1].status is ActionStatus.BLOCKED


def test_include_new_false(session: Session, book: Path) -> None:
    edit(book, lambda ws: add_row(ws, {"Action": "Call the state"}))
    plan = plan_updates(session, book)
    assert apply_updates(session, plan, include_new=False) == 0
    assert len(session.actions) == 3


# --------------------------------------------------------------------------------------------
# long and odd text


def test_text_cut_at_export_is_not_an_edit(session: Session, tmp_path: Path) -> None:
    session.actions[0].notes = "n" * 40_000
    session.actions[1].latest_update = "not a character\uffff here"  # removed at export
    book = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path
    plan = plan_updates(session, book)
    assert not plan.has_changes and not plan.problems


def test_cut_text_edited_is_refused(session: Session, tmp_path: Path) -> None:
    session.actions[0].notes = "n" * 40_000
    book = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path

    def change(ws: Any) -> None:
        cell = ws.cell(row=2, column=COL["Notes"])
        cell.value = "edited " + cell.value

    plan = plan_updates(session, edit(book, change))
    assert plan.changes == []
    assert "cut at export" in problem_text(plan) and "Notes" in problem_text(plan)
    assert len(session.actions[0].notes) == 40_000


def test_huge_and_odd_unicode_values_are_accepted(session: Session, book: Path) -> None:
    text = "Ünïcödé 😀 \u200b " * 2000
    set_cell(book, 2, "Latest update", text)
    plan = plan_updates(session, book)
    assert one_change(plan)[3] == text.strip()


# --------------------------------------------------------------------------------------------
# the round trip


def test_round_trip(session: Session, tmp_path: Path) -> None:
    first = export_workbook(session, tmp_path / "first.xlsx", today=TODAY).path

    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Status"]).value = "Done"
        ws.cell(row=2, column=COL["Latest update"]).value = "Signed 20 March."
        ws.cell(row=3, column=COL["Due"]).value = dt.datetime(2026, 9, 30)
        ws.cell(row=4, column=COL["Notes"]).value = "+1 more meeting"
        add_row(ws, {"Action": "Share the dashboard", "Due": dt.datetime(2026, 10, 1)})

    plan = plan_updates(session, edit(first, change))
    assert apply_updates(session, plan) == 5
    second = export_workbook(session, tmp_path / "second.xlsx", today=TODAY).path
    ws = load_workbook(second)["Action Plan"]
    by_id = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
    assert by_id["A1"][COL["Status"] - 1] == "Done"
    assert by_id["A1"][COL["Latest update"] - 1] == "Signed 20 March."
    assert by_id["A2"][COL["Due"] - 1] == dt.datetime(2026, 9, 30)
    assert by_id["A3"][COL["Notes"] - 1] == "+1 more meeting"
    assert by_id["A4"][COL["Action"] - 1] == "Share the dashboard"
    assert not plan_updates(session, second).has_changes


def test_format_plan(session: Session, book: Path) -> None:
    def change(ws: Any) -> None:
        ws.cell(row=2, column=COL["Status"]).value = "Blocked"
        ws.cell(row=3, column=COL["Status"]).value = "Someday"

    text = format_plan(plan_updates(session, edit(book, change)))
    assert "Changes (1), now → from the workbook:" in text
    assert "A1 Status: In progress → Blocked" in text
    assert "A1" in text and "In progress" in text and "Blocked" in text
    assert "Problems (1)" in text and "row 3, column G (Status):" in text and "'Someday'" in text
