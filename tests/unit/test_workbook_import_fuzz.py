"""Property test of import-updates: whatever the Action Plan cells hold, planning never fails,
and applying the plan leaves a valid session that keeps every action and every field that is
not read back."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cohere_tui.models import Action, ActionStatus, Finding, FindingKind, Initiative, Session
from cohere_tui.store import dumps_session, load_session
from cohere_tui.validation import check_session
from cohere_tui.workbook import (
    ACTION_PLAN_HEADERS,
    ACTION_PLAN_SHEET,
    READ_BACK,
    apply_updates,
    clean_text,
    format_plan,
    plan_updates,
)

D = dt.date


def make_session() -> Session:
    return Session(
        title="Plan",
        created=D(2026, 1, 1),
        initiatives=[Initiative(id="I1", name="Home visiting")],
        findings=[Finding(id="F1", kind=FindingKind.OTHER, summary="Overlap.")],
        actions=[
            Action(id="A1", title="Draft", owner="Lee", start=D(2026, 2, 1), due=D(2026, 5, 1)),
            Action(id="A2", title="Align", status=ActionStatus.BLOCKED, notes="n"),
            Action(id="A3", title="Kick-off", status=ActionStatus.DONE, findings=["F1"]),
        ],
    )


CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "Done",
            "in progress",
            "Finished",
            "=1+1",
            "=A1",
            "2026-06-01",
            "06/01/2026",
            "2026-02-30",
            "A1",
            "a2",
            "A9",
            "I1 Home visiting",
            "F1; F7",
            "High",
            "Data use",
            "😀 e\u0301 \u202e",
            "x" * 40_000,
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=D(1900, 3, 1), max_value=D(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.times(),
)
ID_CELL = st.sampled_from(["A1", "A2", "A3", "A1", "A2", "A9", "a3", None, "", "=A1", "X", 7])


@st.composite
def sheets(draw: st.DrawFn) -> list[list[Any]]:
    headers = list(ACTION_PLAN_HEADERS)
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))
    rows = [headers]
    for _ in range(draw(st.integers(0, 5))):
        row = {h: draw(CELL) for h in headers if draw(st.integers(0, 3)) == 0}
        row["ID"] = draw(ID_CELL)
        if not row["ID"] and draw(st.booleans()):  # a new action, mostly well formed
            row = {
                "ID": row["ID"],
                "Action": draw(st.sampled_from(["Share the dashboard", "Align", "=X", "  "])),
                "Status": draw(st.sampled_from([None, "Done", "Someday"])),
                "Due": draw(st.sampled_from([None, D(2026, 7, 1), "2026-07-01", "soon"])),
                "Findings": draw(st.sampled_from([None, "F1", "F9"])),
            }
        rows.append([row.get(h) for h in headers])
    return rows


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rows=sheets())
def test_any_action_plan_sheet_is_planned_and_applied_safely(rows: list[list[Any]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = ACTION_PLAN_SHEET
    for row in rows:  # text a workbook cannot hold (C0 controls) is cleaned, as Excel would
        ws.append([clean_text(v) if isinstance(v, str) else v for v in row])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "returned.xlsx"
        wb.save(path)
        session = make_session()
        before = session.model_copy(deep=True)
        plan = plan_updates(session, path)
        assert session == before  # planning changes nothing
        format_plan(plan)
        event(f"changes: {bool(plan.changes)}, new: {bool(plan.new_actions)}")
        event(f"problems: {bool(plan.problems)}")
        applied = apply_updates(session, plan)
        assert applied == len(plan.changes) + len(plan.new_actions)
        assert not plan.has_changes or applied

        # a valid session that still has every action, with its other fields as they were
        assert check_session(Session.model_validate(session.model_dump())) == []
        by_id = {a.id: a for a in session.actions}
        read_back = set(READ_BACK.values())
        for old in before.actions:
            new = by_id[old.id]
            for name in Action.model_fields:
                if name not in read_back:
                    assert getattr(new, name) == getattr(old, name), name
        # and it saves and loads again
        saved = Path(folder) / "s.toml"
        saved.write_bytes(dumps_session(session))
        assert load_session(saved).session == session
