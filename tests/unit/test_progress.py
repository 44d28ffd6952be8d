"""Overdue logic, flags, the progress summary, indicator status and a check-in."""

from __future__ import annotations

import datetime as dt

from cohere_tui.models import Action, ActionStatus, Direction, Indicator, Reading, Session
from cohere_tui.progress import (
    IndicatorStatus,
    action_flags,
    action_history,
    group_actions,
    indicator_status,
    is_overdue,
    open_actions_for_checkin,
    progress_summary,
    record_reading,
    record_update,
    sparkline,
    start_checkin,
)

TODAY = dt.date(2026, 11, 23)


def act(
    n: int,
    status: ActionStatus = ActionStatus.IN_PROGRESS,
    due: dt.date | None = None,
    owner: str = "",
) -> Action:
    return Action(id=f"A{n}", title=f"act {n}", status=status, due=due, owner=owner)


def test_overdue_boundaries() -> None:
    assert not is_overdue(act(1, due=TODAY), TODAY)
    assert is_overdue(act(1, due=TODAY - dt.timedelta(days=1)), TODAY)
    assert not is_overdue(act(1, ActionStatus.DONE, due=dt.date(2020, 1, 1)), TODAY)
    assert not is_overdue(act(1, ActionStatus.DROPPED, due=dt.date(2020, 1, 1)), TODAY)
    assert not is_overdue(act(1), TODAY)


def test_flags_have_symbols_and_words() -> None:
    blocked_late = act(1, ActionStatus.BLOCKED, due=dt.date(2026, 11, 1))
    assert [(f.symbol, f.word) for f in action_flags(blocked_late, TODAY)] == [
        ("■", "BLOCKED"),
        ("⚠", "OVERDUE"),
    ]
    assert [f.word for f in action_flags(act(2, due=TODAY + dt.timedelta(days=3)), TODAY)] == [
        "DUE SOON"
    ]
    assert [f.word for f in action_flags(act(3, ActionStatus.DONE), TODAY)] == ["DONE"]


def indicator(
    readings: list[tuple[dt.date, float]], direction: Direction = Direction.INCREASE
) -> Indicator:
    return Indicator(
        id="M1", name="m", direction=direction,
        baseline=10 if direction is Direction.INCREASE else 30, baseline_date=dt.date(2026, 1, 1),
        target=30 if direction is Direction.INCREASE else 10, target_date=dt.date(2027, 1, 1),
        readings=[Reading(date=d, value=v) for d, v in readings],
    )  # fmt: skip


def test_indicator_status_both_directions() -> None:
    mid = dt.date(2026, 7, 2)  # about half way: expected 20
    assert (
        indicator([], Direction.INCREASE)
        and indicator_status(indicator([]), TODAY) is IndicatorStatus.NO_DATA
    )
    assert indicator_status(indicator([(mid, 21)]), TODAY) is IndicatorStatus.ON_TRACK
    assert indicator_status(indicator([(mid, 18)]), TODAY) is IndicatorStatus.OFF_TRACK
    assert indicator_status(indicator([(mid, 31)]), TODAY) is IndicatorStatus.MET
    down = Direction.DECREASE
    assert indicator_status(indicator([(mid, 19)], down), TODAY) is IndicatorStatus.ON_TRACK
    assert indicator_status(indicator([(mid, 22)], down), TODAY) is IndicatorStatus.OFF_TRACK
    assert indicator_status(indicator([(mid, 9)], down), TODAY) is IndicatorStatus.MET
    assert IndicatorStatus.OFF_TRACK.label == "OFF TRACK"


def test_summary_counts() -> None:
    s = Session(title="t")
    s.actions = [
        act(1, ActionStatus.DONE),
        act(2, ActionStatus.BLOCKED, due=dt.date(2026, 1, 1)),
        act(3, ActionStatus.NOT_STARTED, due=dt.date(2026, 11, 1)),
        act(4),
        act(5, ActionStatus.DROPPED),
    ]
    s.indicators = [indicator([(dt.date(2026, 7, 2), 25)]), indicator([])]
    summary = progress_summary(s, TODAY)
    assert (
        summary.done,
        summary.blocked,
        summary.not_started,
        summary.in_progress,
        summary.dropped,
    ) == (1, 1, 1, 1, 1)
    assert summary.overdue == 2 and summary.open == 3
    assert summary.indicators_on_track == 1 and summary.indicators_no_data == 1
    assert summary.share_on_track == 1.0
    assert summary.share_done == 0.25


def test_sparkline() -> None:
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5], 4) == "▄▄"
    assert len(sparkline(list(range(100)), 10)) == 10
    assert sparkline([], 5) == ""


def test_grouping() -> None:
    actions = [
        act(1, due=dt.date(2026, 11, 1), owner="Bo"),
        act(2, due=dt.date(2026, 11, 25), owner="al"),
        act(3, due=dt.date(2027, 3, 1), owner="Bo"),
        act(4, owner=""),
    ]
    by_due = group_actions(actions, "due", TODAY)
    assert [(label, [a.id for a in items]) for label, items in by_due] == [
        ("Overdue", ["A1"]), ("This week", ["A2"]), ("Later", ["A3"]), ("No due date", ["A4"]),
    ]  # fmt: skip
    by_owner = group_actions(actions, "owner", TODAY)
    assert [label for label, _ in by_owner] == ["al", "Bo", "No owner"]


def test_checkin_flow() -> None:
    s = Session(title="t")
    s.actions = [
        act(1, due=dt.date(2026, 12, 1)),
        act(2, ActionStatus.BLOCKED),
        act(3, ActionStatus.DONE),
    ]
    s.indicators = [indicator([])]
    assert [a.id for a in open_actions_for_checkin(s, TODAY)] == ["A2", "A1"]
    chk = start_checkin(s, TODAY)
    assert start_checkin(s, TODAY) is chk and len(s.checkins) == 1
    record_update(s, chk, "A1", ActionStatus.DONE, "finished early")
    record_update(s, chk, "A2", ActionStatus.IN_PROGRESS, "")
    record_update(s, chk, "A1", ActionStatus.DONE, "finished early, report sent")
    assert [u.action for u in chk.updates] == ["A1", "A2"]
    assert s.action("A1").status is ActionStatus.DONE  # type: ignore[union-attr]
    assert s.action("A1").latest_update == "finished early, report sent"  # type: ignore[union-attr]
    record_reading(s, "M1", TODAY, 12)
    record_reading(s, "M1", dt.date(2026, 6, 1), 11)
    record_reading(s, "M1", TODAY, 13)
    assert [(r.date, r.value) for r in s.indicators[0].readings] == [
        (dt.date(2026, 6, 1), 11),
        (TODAY, 13),
    ]
    assert [(d, u.update) for d, u in action_history(s, "A1")] == [
        (TODAY, "finished early, report sent")
    ]
