"""The three-way merge of returned workbooks: several copies, repeated imports, rows that no
longer match their ID, copies without an export record, and per-owner copies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cohere_tui.models import Action, ActionStatus, Finding, FindingKind, Goal, Session, Vision
from cohere_tui.progress import last_update, update_age
from cohere_tui.workbook import (
    ACTION_PLAN_HEADERS,
    RECORD_SHEET,
    apply_updates,
    export_per_owner,
    export_workbook,
    format_plan,
    owners,
    plan_updates,
)
from cohere_tui.workbook.export import OWNER_SHEETS

D = dt.date
TODAY = D(2026, 4, 1)
LATER = D(2026, 4, 20)
COL = {h: n for n, h in enumerate(ACTION_PLAN_HEADERS, start=1)}


def make_session() -> Session:
    return Session(
        title="Family outcomes",
        created=D(2026, 1, 1),
        vision=Vision(statement="Every child thrives."),
        goals=[Goal(id="G1", title="Ready for school")],
        findings=[
            Finding(id="F1", kind=FindingKind.OTHER, summary="Two intake forms."),
            Finding(id="F2", kind=FindingKind.OTHER, summary="No shared data."),
        ],
        actions=[
            Action(id="A1", title="Draft the agreement", owner="Lee Park", findings=["F1"],
                   status=ActionStatus.IN_PROGRESS, latest_update="Started"),
            Action(id="A2", title="Align schedules", owner="Dana Reyes", findings=["F2"],
                   due=D(2026, 6, 1)),
            Action(id="A3", title="Share the dashboard", owner="Lee Park", priority="high"),
            Action(id="A4", title="Train the mentors", owner="Sam Liu"),
        ],
    )  # fmt: skip


@pytest.fixture
def session() -> Session:
    return make_session()


@pytest.fixture
def book(session: Session, tmp_path: Path) -> Path:
    return export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path


def copy(book: Path, name: str, change: Callable[[Any], None]) -> Path:
    """A returned copy of ``book``: opened, changed and saved under ``name``."""
    wb = load_workbook(book)
    change(wb["Action Plan"])
    target = book.with_name(name)
    wb.save(target)
    return target


def row_of(ws: Any, action_id: str) -> int:
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == action_id:
            return r
    raise AssertionError(action_id)


def setter(*edits: tuple[str, str, Any]) -> Callable[[Any], None]:
    def change(ws: Any) -> None:
        for action_id, header, value in edits:
            ws.cell(row_of(ws, action_id), COL[header]).value = value

    return change


def imported(session: Session, path: Path, **kwargs: Any) -> int:
    return apply_updates(session, plan_updates(session, path, **kwargs), today=LATER)


# --------------------------------------------------------------------------------------------
# the record


def test_every_export_records_what_it_wrote(session: Session, book: Path) -> None:
    wb = load_workbook(book)
    ws = wb[RECORD_SHEET]
    assert wb.sheetnames[-1] == RECORD_SHEET
    assert ws.sheet_state == "hidden" and ws.protection.sheet
    meta = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 9)}
    assert meta["format"] == "1" and meta["rows"] == "4" and meta["exported"] == "2026-04-01"
    assert meta["export"].startswith("20260401-")
    assert meta["session"] == "Family outcomes"
    plan = plan_updates(session, book)
    assert plan.export_id == meta["export"] and plan.warnings == []
    # a second export gets another ID
    other = export_workbook(session, book.with_name("again.xlsx"), today=TODAY).path
    assert plan_updates(session, other).export_id != plan.export_id


# --------------------------------------------------------------------------------------------
# several copies


@pytest.mark.parametrize("order", ["first-second", "second-first"])
def test_two_copies_keep_both_peoples_edits(session: Session, book: Path, order: str) -> None:
    first = copy(
        book, "lee.xlsx", setter(("A1", "Status", "Done"), ("A1", "Latest update", "Signed"))
    )
    second = copy(
        book, "dana.xlsx", setter(("A2", "Status", "Blocked"), ("A1", "Notes", "Ask legal"))
    )
    for path in (first, second) if order == "first-second" else (second, first):
        plan = plan_updates(session, path)
        assert plan.conflicts == [] and plan.problems == [], format_plan(plan)
        apply_updates(session, plan, today=LATER)
    a1, a2 = session.action("A1"), session.action("A2")
    assert a1 is not None and a2 is not None
    assert (a1.status, a1.latest_update, a1.notes) == (ActionStatus.DONE, "Signed", "Ask legal")
    assert a2.status is ActionStatus.BLOCKED


def test_a_copy_that_never_touched_a_cell_does_not_revert_it(session: Session, book: Path) -> None:
    """The issue's case: copy 1 sets A1 to Done; copy 2, untouched there, comes back next."""
    done = copy(
        book, "one.xlsx", setter(("A1", "Status", "Done"), ("A1", "Latest update", "Signed"))
    )
    untouched = copy(book, "two.xlsx", setter(("A3", "Notes", "Next week")))
    imported(session, done)
    plan = plan_updates(session, untouched)
    assert [(c.action_id, c.field) for c in plan.changes] == [("A3", "notes")]
    assert plan.conflicts == []
    imported(session, untouched)
    a1 = session.action("A1")
    assert a1 is not None and a1.status is ActionStatus.DONE and a1.latest_update == "Signed"


def test_importing_the_same_copy_again_changes_nothing(session: Session, book: Path) -> None:
    returned = copy(book, "one.xlsx", setter(("A1", "Status", "Done"), ("A2", "Owner", "Kim")))
    assert imported(session, returned) == 2
    again = plan_updates(session, returned)
    assert not again.has_changes and again.conflicts == [] and again.problems == []
    assert "Nothing to change" in format_plan(again)


def test_an_old_copy_after_newer_work_reverts_nothing_and_reports_conflicts(
    session: Session, book: Path
) -> None:
    old = copy(book, "march.xlsx", setter(("A1", "Status", "Blocked"), ("A2", "Notes", "Waiting")))
    # newer work in the session since that export (the app, another copy)
    a1 = session.action("A1")
    assert a1 is not None
    a1.status = ActionStatus.DONE
    plan = plan_updates(session, old)
    assert [(c.action_id, c.field) for c in plan.changes] == [("A2", "notes")]
    assert [(c.action_id, c.field, c.exported, c.session, c.workbook) for c in plan.conflicts] == [
        ("A1", "status", ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.BLOCKED)
    ]
    text = format_plan(plan)
    assert "Conflicts (1)" in text and "Done" in text and "Blocked" in text
    assert "not applied" in text and "--prefer workbook" in text
    apply_updates(session, plan, today=LATER)
    assert a1.status is ActionStatus.DONE  # not reverted


def test_prefer_workbook_applies_the_conflicts(session: Session, book: Path) -> None:
    old = copy(book, "march.xlsx", setter(("A1", "Latest update", "From the copy")))
    a1 = session.action("A1")
    assert a1 is not None
    a1.latest_update = "From the app"
    plan = plan_updates(session, old, prefer_workbook=True)
    assert len(plan.conflicts) == 1 and [c.conflict for c in plan.changes] == [True]
    assert "applied (--prefer workbook)" in format_plan(plan)
    assert apply_updates(session, plan, today=LATER) == 1
    assert a1.latest_update == "From the copy"


def test_the_same_edit_in_both_is_no_conflict(session: Session, book: Path) -> None:
    returned = copy(book, "one.xlsx", setter(("A2", "Status", "Done")))
    a2 = session.action("A2")
    assert a2 is not None
    a2.status = ActionStatus.DONE
    plan = plan_updates(session, returned)
    assert not plan.has_changes and plan.conflicts == []


def test_due_dates_merge_three_way(session: Session, book: Path) -> None:
    returned = copy(book, "one.xlsx", setter(("A2", "Due", dt.datetime(2026, 7, 1))))
    a2 = session.action("A2")
    assert a2 is not None
    a2.due = D(2026, 6, 15)
    plan = plan_updates(session, returned)
    assert [(c.exported, c.session, c.workbook) for c in plan.conflicts] == [
        (D(2026, 6, 1), D(2026, 6, 15), D(2026, 7, 1))
    ]


# --------------------------------------------------------------------------------------------
# rows that no longer match their ID


def sort_columns_b_to_n(ws: Any) -> None:
    """What LibreOffice's "current selection" sort does when only B–N are selected."""
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)
    rows = [[ws.cell(r, c).value for c in range(2, 15)] for r in range(2, last + 1)]
    rows.sort(key=lambda row: str(row[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(2 + i, 2 + j).value = value


def shift_by_one_row(ws: Any) -> None:
    """A paste of B–N one row too low."""
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)
    rows = [[ws.cell(r, c).value for c in range(2, 15)] for r in range(2, last + 1)]
    for c in range(2, 15):
        ws.cell(2, c).value = None
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(3 + i, 2 + j).value = value


@pytest.mark.parametrize(
    "damage", [sort_columns_b_to_n, shift_by_one_row], ids=["sorted", "shifted"]
)
def test_a_table_sorted_or_shifted_without_its_ids_is_refused(
    session: Session, book: Path, damage: Callable[[Any], None]
) -> None:
    def change(ws: Any) -> None:
        setter(("A1", "Status", "Done"))(ws)
        damage(ws)

    plan = plan_updates(session, copy(book, "sorted.xlsx", change))
    assert plan.refused and not plan.has_changes and plan.conflicts == []
    assert "looks sorted or shifted without its ID column" in str(plan.problems[0])
    assert "sort the whole table" in str(plan.problems[0])
    before = session.model_copy(deep=True)
    assert apply_updates(session, plan, today=LATER) == 0
    assert session == before
    assert "Nothing imported" in format_plan(plan)


def test_one_row_with_another_actions_content_is_reported_and_not_read(
    session: Session, book: Path
) -> None:
    def change(ws: Any) -> None:
        ws.cell(row_of(ws, "A2"), COL["Action"]).value = "Draft the agreement"  # A1's
        ws.cell(row_of(ws, "A2"), COL["Status"]).value = "Done"
        ws.cell(row_of(ws, "A3"), COL["Status"]).value = "Done"

    plan = plan_updates(session, copy(book, "one.xlsx", change))
    assert not plan.refused
    assert [(c.action_id, c.field) for c in plan.changes] == [("A3", "status")]
    assert [str(p) for p in plan.problems] == [
        "row 3, column A (ID): the row says A2 but holds the content of A1 (Action 'Draft the "
        "agreement'); the row was not read — put the ID back beside its own row"
    ]


def test_an_action_text_edited_in_the_copy_still_identifies_by_its_other_columns(
    session: Session, book: Path
) -> None:
    returned = copy(
        book,
        "one.xlsx",
        setter(("A2", "Action", "Align the bus schedules"), ("A2", "Status", "Done")),
    )
    plan = plan_updates(session, returned)
    assert [(c.action_id, c.field) for c in plan.changes] == [("A2", "status")]
    assert any("A2" in n and "Action" in n and "only Status" in n for n in plan.notices)


def test_an_action_retitled_in_the_app_since_the_export_is_still_matched(
    session: Session, book: Path
) -> None:
    returned = copy(book, "one.xlsx", setter(("A2", "Status", "Done")))
    a2 = session.action("A2")
    assert a2 is not None
    a2.title = "Align the bus schedules"
    plan = plan_updates(session, returned)
    assert [(c.action_id, c.field) for c in plan.changes] == [("A2", "status")]
    assert plan.problems == []


def test_an_id_reused_for_another_action_is_not_written_into(session: Session, book: Path) -> None:
    returned = copy(book, "one.xlsx", setter(("A4", "Status", "Done")))
    session.actions[3] = Action(id="A4", title="Something else entirely", partners=["Kim"])
    plan = plan_updates(session, returned)
    assert plan.changes == []
    assert "A4 was 'Train the mentors' when this workbook was exported" in str(plan.problems[0])


# --------------------------------------------------------------------------------------------
# copies without a (usable) record


def without_record(book: Path, name: str, change: Callable[[Any], None]) -> Path:
    wb = load_workbook(book)
    del wb[RECORD_SHEET]
    change(wb["Action Plan"])
    target = book.with_name(name)
    wb.save(target)
    return target


def test_a_copy_without_its_record_falls_back_with_a_warning(session: Session, book: Path) -> None:
    returned = without_record(book, "old.xlsx", setter(("A2", "Status", "Done")))
    a1 = session.action("A1")
    assert a1 is not None
    a1.status = ActionStatus.DONE  # newer work the old copy does not know about
    plan = plan_updates(session, returned)
    assert plan.export_id is None
    assert len(plan.warnings) == 1 and "no export record" in plan.warnings[0]
    assert "can revert newer work" in plan.warnings[0]
    # today's behaviour: every difference from the session counts, so A1 would go back
    assert sorted((c.action_id, c.field) for c in plan.changes) == [
        ("A1", "status"),
        ("A2", "status"),
    ]
    assert format_plan(plan).splitlines()[1].startswith("Warning: this workbook carries no export")


def test_an_edited_record_is_not_trusted(session: Session, book: Path) -> None:
    wb = load_workbook(book)
    record = wb[RECORD_SHEET]
    record.cell(12, 1 + COL["Status"]).value = "Done"  # someone "fixed" the record
    wb.save(book)
    plan = plan_updates(session, book)
    assert plan.export_id is None
    assert "export record (a hidden sheet) was changed" in plan.warnings[0]
    assert not plan.has_changes  # nothing differs from the session


# --------------------------------------------------------------------------------------------
# per-owner copies


def test_per_owner_copies(session: Session, tmp_path: Path) -> None:
    assert owners(session) == ["Lee Park", "Dana Reyes", "Sam Liu"]
    results = export_per_owner(session, tmp_path, tmp_path / "family.toml", today=TODAY)
    assert [r.path.name for r in results] == [
        "family-action-plan-lee-park-2026-04-01.xlsx",
        "family-action-plan-dana-reyes-2026-04-01.xlsx",
        "family-action-plan-sam-liu-2026-04-01.xlsx",
    ]
    wb = load_workbook(results[0].path)
    assert wb.sheetnames == [*OWNER_SHEETS, RECORD_SHEET]
    ws = wb["Action Plan"]
    assert [ws.cell(r, 1).value for r in range(2, 4)] == ["A1", "A3"]
    assert ws.cell(4, 1).value is None
    findings = wb["Findings"]
    assert [findings.cell(r, 1).value for r in range(2, 4)] == ["F1", None]
    assert all(wb[name].protection.sheet for name in ("Overview", "Vision", "Findings"))
    assert not ws.protection.sheet
    vision = " ".join(str(c.value) for row in wb["Vision"].iter_rows() for c in row if c.value)
    assert "Every child thrives." in vision and "Ready for school" in vision
    plan = plan_updates(session, results[0].path)
    assert plan.owner == "Lee Park"
    assert plan.notices == []  # the other owners' actions are not "missing"


def test_per_owner_copies_merge_back(session: Session, tmp_path: Path) -> None:
    lee, dana, _ = export_per_owner(session, tmp_path, tmp_path / "family.toml", today=TODAY)

    def lee_edits(ws: Any) -> None:
        setter(("A3", "Status", "Done"))(ws)
        ws.cell(4, COL["Action"]).value = "Call the state office"  # a new row, no owner typed

    imported(session, copy(lee.path, "lee-back.xlsx", lee_edits))
    imported(session, copy(dana.path, "dana-back.xlsx", setter(("A2", "Latest update", "Moved"))))
    a2, a3 = session.action("A2"), session.action("A3")
    assert a2 is not None and a3 is not None
    assert a3.status is ActionStatus.DONE and a2.latest_update == "Moved"
    assert (session.actions[-1].id, session.actions[-1].owner) == ("A5", "Lee Park")


def test_one_owners_copy(session: Session, tmp_path: Path) -> None:
    (only,) = export_per_owner(
        session, tmp_path, tmp_path / "family.toml", today=TODAY, only="  dana   REYES "
    )
    assert only.owner == "Dana Reyes" and "dana-reyes" in only.path.name
    from cohere_tui.workbook import WorkbookError

    with pytest.raises(WorkbookError, match="no action is owned by 'Kim'; owners are: 'Lee Park'"):
        export_per_owner(session, tmp_path, tmp_path / "family.toml", today=TODAY, only="Kim")


# --------------------------------------------------------------------------------------------
# staleness


def test_an_import_marks_what_it_updated(session: Session, book: Path) -> None:
    returned = copy(
        book, "one.xlsx",
        setter(("A1", "Status", "Done"), ("A2", "Latest update", "Moved"), ("A3", "Owner", "Kim")),
    )  # fmt: skip
    imported(session, returned)
    updated = {a.id: a.updated for a in session.actions}
    assert updated == {"A1": LATER, "A2": LATER, "A3": None, "A4": None}
    a1 = session.action("A1")
    assert a1 is not None
    assert last_update(session, a1) == LATER
    assert update_age(LATER, D(2026, 5, 2)) == "last update 12 days ago"
    assert update_age(LATER, D(2026, 4, 21)) == "last update 1 day ago"
    assert update_age(LATER, LATER) == "last update today"
    assert update_age(None, LATER) == "no update yet"
