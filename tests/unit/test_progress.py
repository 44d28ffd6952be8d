"""Overdue logic, flags, the progress summary, indicator status, grouping and a check-in."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from edit_helpers import apply
from pydantic import ValidationError

from cohere_tui.edits import EditError, RecordReading, RecordUpdate
from cohere_tui.models import (
    Action,
    ActionStatus,
    CheckIn,
    Direction,
    Domain,
    Indicator,
    Reading,
    Session,
)
from cohere_tui.progress import (
    BLOCKED,
    DONE,
    DUE_SOON,
    OVERDUE,
    IndicatorStatus,
    action_flags,
    action_history,
    expected_value,
    group_actions,
    indicator_progress,
    indicator_status,
    is_overdue,
    open_actions_for_checkin,
    progress_summary,
    sparkline,
)
from cohere_tui.validation import check_session

TODAY = dt.date(2026, 11, 23)
DAY = dt.timedelta(days=1)


def act(
    n: int,
    status: ActionStatus = ActionStatus.IN_PROGRESS,
    due: dt.date | None = None,
    owner: str = "",
    domain: Domain | None = None,
) -> Action:
    return Action(id=f"A{n}", title=f"act {n}", status=status, due=due, owner=owner, domain=domain)


# ----- overdue and flags ------------------------------------------------------------------


def test_overdue_boundaries() -> None:
    assert not is_overdue(act(1, due=TODAY), TODAY)  # due today is not overdue
    assert is_overdue(act(1, due=TODAY - DAY), TODAY)
    assert not is_overdue(act(1, due=TODAY + DAY), TODAY)
    assert is_overdue(act(1, ActionStatus.NOT_STARTED, due=TODAY - DAY), TODAY)
    assert is_overdue(act(1, ActionStatus.BLOCKED, due=TODAY - DAY), TODAY)
    assert not is_overdue(act(1, ActionStatus.DONE, due=dt.date(2020, 1, 1)), TODAY)
    assert not is_overdue(act(1, ActionStatus.DROPPED, due=dt.date(2020, 1, 1)), TODAY)
    assert not is_overdue(act(1), TODAY)  # no due date


def words(action: Action, today: dt.date = TODAY) -> list[str]:
    return [str(flag) for flag in action_flags(action, today)]


def test_flags_have_symbols_and_words() -> None:
    blocked_late = act(1, ActionStatus.BLOCKED, due=dt.date(2026, 11, 1))
    assert action_flags(blocked_late, TODAY) == [BLOCKED, OVERDUE]
    assert [(f.symbol, f.word) for f in action_flags(blocked_late, TODAY)] == [
        ("■", "BLOCKED"),
        ("⚠", "OVERDUE"),
    ]
    assert words(act(2, due=TODAY - DAY)) == ["⚠ OVERDUE"]
    assert words(act(3, ActionStatus.DONE)) == ["✓ DONE"]
    assert words(act(4, ActionStatus.DONE, due=TODAY - DAY)) == ["✓ DONE"]  # done is never late
    assert words(act(5, ActionStatus.DROPPED, due=TODAY)) == []
    assert words(act(6)) == []
    assert (DONE.symbol, DUE_SOON.symbol, DUE_SOON.word) == ("✓", "◷", "DUE SOON")


def test_due_soon_window_is_today_to_seven_days() -> None:
    assert action_flags(act(1, due=TODAY), TODAY) == [DUE_SOON]
    assert action_flags(act(1, due=TODAY + 3 * DAY), TODAY) == [DUE_SOON]
    assert action_flags(act(1, due=TODAY + 7 * DAY), TODAY) == [DUE_SOON]
    assert action_flags(act(1, due=TODAY + 8 * DAY), TODAY) == []
    assert action_flags(act(1, ActionStatus.BLOCKED, due=TODAY + DAY), TODAY) == [
        BLOCKED,
        DUE_SOON,
    ]
    assert action_flags(act(1, ActionStatus.DONE, due=TODAY + DAY), TODAY) == [DONE]


# ----- indicators -------------------------------------------------------------------------

START = dt.date(2026, 1, 1)
END = dt.date(2027, 1, 1)
MID = dt.date(2026, 7, 2)  # day 182 of 365: expected value 19.97 going up, 20.03 going down


def indicator(
    readings: list[tuple[dt.date, float]],
    direction: Direction = Direction.INCREASE,
    *,
    dated: bool = True,
    baseline: float | None = None,
    target: float | None = None,
) -> Indicator:
    up = direction is Direction.INCREASE
    return Indicator(
        id="M1",
        name="m",
        direction=direction,
        baseline=baseline if baseline is not None else (10 if up else 30),
        baseline_date=START if dated else None,
        target=target if target is not None else (30 if up else 10),
        target_date=END if dated else None,
        readings=[
            # a session refuses NaN and infinity; built unchecked, the status still copes
            Reading(date=d, value=v)
            if math.isfinite(v)
            else Reading.model_construct(date=d, value=v)
            for d, v in readings
        ],
    )


def test_expected_value_is_a_straight_line() -> None:
    ind = indicator([])
    assert expected_value(ind, START) == 10
    assert expected_value(ind, END) == 30
    assert expected_value(ind, MID) == pytest.approx(10 + 20 * 182 / 365)
    assert expected_value(ind, dt.date(2025, 6, 1)) == 10  # held at baseline before it
    assert expected_value(ind, dt.date(2028, 1, 1)) == 30  # held at target after it
    assert expected_value(indicator([], dated=False), MID) is None


def status(ind: Indicator, today: dt.date = TODAY) -> IndicatorStatus:
    return indicator_status(ind, today)


def test_indicator_status_increasing() -> None:
    assert status(indicator([])) is IndicatorStatus.NO_DATA
    assert status(indicator([(MID, 21)])) is IndicatorStatus.ON_TRACK
    assert status(indicator([(MID, 20)])) is IndicatorStatus.ON_TRACK  # at or beyond the line
    assert status(indicator([(MID, 19.9)])) is IndicatorStatus.OFF_TRACK
    assert status(indicator([(MID, 18)])) is IndicatorStatus.OFF_TRACK
    assert status(indicator([(MID, 30)])) is IndicatorStatus.MET
    assert status(indicator([(MID, 31)])) is IndicatorStatus.MET
    assert status(indicator([(START, 10)])) is IndicatorStatus.ON_TRACK  # the baseline itself


def test_indicator_status_decreasing() -> None:
    down = Direction.DECREASE
    assert status(indicator([(MID, 19)], down)) is IndicatorStatus.ON_TRACK
    assert status(indicator([(MID, 20)], down)) is IndicatorStatus.ON_TRACK
    assert status(indicator([(MID, 20.1)], down)) is IndicatorStatus.OFF_TRACK
    assert status(indicator([(MID, 22)], down)) is IndicatorStatus.OFF_TRACK
    assert status(indicator([(MID, 10)], down)) is IndicatorStatus.MET
    assert status(indicator([(MID, 9)], down)) is IndicatorStatus.MET


def test_the_latest_reading_by_date_counts() -> None:
    ind = indicator([(MID, 25), (dt.date(2026, 3, 1), 5)])  # stored out of order
    assert status(ind) is IndicatorStatus.ON_TRACK
    ind = indicator([(dt.date(2026, 3, 1), 25), (MID, 12)])  # fell back
    assert status(ind) is IndicatorStatus.OFF_TRACK


def test_past_the_target_date_without_the_target_is_off_track() -> None:
    ind = indicator([(MID, 25)])  # on track for its date ...
    assert status(ind, dt.date(2026, 12, 31)) is IndicatorStatus.ON_TRACK
    assert status(ind, END) is IndicatorStatus.ON_TRACK
    assert status(ind, END + DAY) is IndicatorStatus.OFF_TRACK  # ... but the deadline passed
    assert status(indicator([(MID, 30)]), END + DAY) is IndicatorStatus.MET


def test_without_dates_the_direction_from_baseline_decides() -> None:
    up, down = Direction.INCREASE, Direction.DECREASE
    assert status(indicator([(MID, 11)], up, dated=False)) is IndicatorStatus.ON_TRACK
    assert status(indicator([(MID, 9)], up, dated=False)) is IndicatorStatus.OFF_TRACK
    assert status(indicator([(MID, 29)], down, dated=False)) is IndicatorStatus.ON_TRACK
    assert status(indicator([(MID, 31)], down, dated=False)) is IndicatorStatus.OFF_TRACK
    # equal to the baseline: the starting point when alone, not moving after that
    assert status(indicator([(MID, 10)], up, dated=False)) is IndicatorStatus.ON_TRACK
    two = indicator([(START, 10), (MID, 10)], up, dated=False)
    assert status(two) is IndicatorStatus.OFF_TRACK


def test_without_a_baseline_the_first_reading_is_the_reference() -> None:
    ind = Indicator(id="M1", name="m", readings=[Reading(date=START, value=5)])
    assert status(ind) is IndicatorStatus.NO_DATA  # nothing to compare with
    ind.readings = [*ind.readings, Reading(date=MID, value=7)]
    assert status(ind) is IndicatorStatus.ON_TRACK
    ind.direction = Direction.DECREASE
    assert status(ind) is IndicatorStatus.OFF_TRACK
    ind.direction = Direction.INCREASE
    ind.target = 6  # a target alone: reaching it is met
    assert status(ind) is IndicatorStatus.MET


def test_direction_follows_baseline_to_target() -> None:
    # left at the default 'increase', but the target is below the baseline
    ind = indicator([(MID, 19)], Direction.INCREASE, baseline=30, target=10)
    assert status(ind) is IndicatorStatus.ON_TRACK
    ind = indicator([(MID, 9)], Direction.INCREASE, baseline=30, target=10)
    assert status(ind) is IndicatorStatus.MET


def test_readings_that_are_not_numbers_are_ignored() -> None:
    with pytest.raises(ValidationError, match="NaN or infinity"):
        Reading(date=MID, value=float("nan"))
    ind = indicator([(MID, 25), (dt.date(2026, 8, 1), float("nan"))])
    assert status(ind) is IndicatorStatus.ON_TRACK
    assert status(indicator([(MID, float("inf"))])) is IndicatorStatus.NO_DATA


def test_status_labels_are_words() -> None:
    assert IndicatorStatus.ON_TRACK.label == "on track"
    assert IndicatorStatus.OFF_TRACK.label == "OFF TRACK"
    assert IndicatorStatus.MET.label == "✓ target met"
    assert IndicatorStatus.NO_DATA.label == "no data"


def test_indicator_progress() -> None:
    assert indicator_progress(indicator([(MID, 15)])) == 0.25
    assert indicator_progress(indicator([(MID, 25)], Direction.DECREASE)) == 0.25
    assert indicator_progress(indicator([(MID, 40)])) == 1.0  # clamped
    assert indicator_progress(indicator([(MID, 5)])) == 0.0  # wrong way: clamped
    assert indicator_progress(indicator([])) is None
    assert indicator_progress(indicator([(MID, 5)], baseline=7, target=7)) is None
    assert indicator_progress(Indicator(id="M1", name="m", target=3)) is None


# ----- sparkline --------------------------------------------------------------------------


def test_sparkline() -> None:
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8) == "▁▂▃▄▅▆▇█"
    assert sparkline([0, 10], 8) == "▁█"  # fewer values: a shorter line
    assert sparkline([3, 1, 2], 10) == "█▁▅"
    assert sparkline([5, 5], 4) == "▄▄"
    assert sparkline([], 5) == ""
    assert sparkline([1, 2], 0) == ""
    assert sparkline([1, float("nan"), 2], 5) == "▁█"


def test_sparkline_resamples_to_width() -> None:
    line = sparkline(list(range(100)), 10)
    assert len(line) == 10
    assert line[0] == "▁" and line[-1] == "█"
    assert list(line) == sorted(line)
    # pairs averaged: (0, 0) (8, 8) (0, 0) → low, high, low
    assert sparkline([0, 0, 8, 8, 0, 0], 3) == "▁█▁"


# ----- summary ----------------------------------------------------------------------------


def test_summary_counts() -> None:
    s = Session(title="t")
    s.actions = [
        act(1, ActionStatus.DONE, due=dt.date(2026, 1, 1)),
        act(2, ActionStatus.BLOCKED, due=dt.date(2026, 1, 1)),
        act(3, ActionStatus.NOT_STARTED, due=dt.date(2026, 11, 1)),
        act(4),
        act(5, ActionStatus.DROPPED, due=dt.date(2026, 1, 1)),
        act(6, ActionStatus.IN_PROGRESS, due=TODAY),
        act(7, ActionStatus.DONE),
    ]
    on = indicator([(MID, 25)])
    off = indicator([(MID, 12)]).model_copy(update={"id": "M2"})
    met = indicator([(MID, 35)]).model_copy(update={"id": "M3"})
    empty = indicator([]).model_copy(update={"id": "M4"})
    s.indicators = [on, off, met, empty]
    s.checkins = [CheckIn(date=dt.date(2026, 11, 5)), CheckIn(date=dt.date(2026, 10, 1))]
    summary = progress_summary(s, TODAY)
    assert (
        summary.not_started,
        summary.in_progress,
        summary.blocked,
        summary.done,
        summary.dropped,
    ) == (1, 2, 1, 2, 1)
    assert summary.total == 7
    assert summary.open == 4
    assert summary.overdue == 2  # A2 and A3; A6 is due today, A1 and A5 are closed
    assert summary.share_done == pytest.approx(2 / 6)  # dropped actions do not count
    assert summary.indicators_on_track == 2  # on track and met
    assert summary.indicators_met == 1
    assert summary.indicators_off_track == 1
    assert summary.indicators_no_data == 1
    assert summary.indicators == 4
    assert summary.share_on_track == pytest.approx(2 / 3)
    assert summary.last_checkin == dt.date(2026, 11, 5)


def test_summary_of_an_empty_session() -> None:
    summary = progress_summary(Session(title="t"), TODAY)
    assert summary.total == summary.open == summary.overdue == 0
    assert summary.share_done == 0.0
    assert summary.share_on_track is None
    assert summary.last_checkin is None


# ----- grouping ---------------------------------------------------------------------------


def ids(groups: list[tuple[str, list[Action]]]) -> list[tuple[str, list[str]]]:
    return [(label, [a.id for a in members]) for label, members in groups]


def test_grouping_by_due() -> None:
    actions = [
        act(1, due=dt.date(2026, 11, 1)),
        act(2, due=TODAY + 7 * DAY),
        act(3, due=dt.date(2027, 3, 1)),
        act(4),
        act(5, due=TODAY),
        act(6, due=TODAY + 8 * DAY),
        act(7, due=TODAY + 30 * DAY),
        act(8, due=TODAY + 31 * DAY),
        act(9, ActionStatus.DONE, due=dt.date(2026, 11, 1)),
        act(10, due=dt.date(2026, 10, 1)),
    ]
    assert ids(group_actions(actions, "due", TODAY)) == [
        ("Overdue", ["A10", "A1"]),
        ("This week", ["A5", "A2"]),
        ("Next 30 days", ["A6", "A7"]),
        ("Later", ["A8", "A3"]),
        ("Past (closed)", ["A9"]),
        ("No due date", ["A4"]),
    ]


def test_grouping_by_owner() -> None:
    actions = [
        act(1, owner="Bo"),
        act(2, owner="al", due=TODAY),
        act(3, owner="bo ", due=TODAY),
        act(4, owner=""),
        act(5, owner="Al"),
    ]
    assert ids(group_actions(actions, "owner", TODAY)) == [
        ("al", ["A2", "A5"]),
        ("Bo", ["A3", "A1"]),  # by due date: A1 has none
        ("No owner", ["A4"]),
    ]


def test_grouping_by_status_and_domain() -> None:
    actions = [
        act(1, ActionStatus.DONE, domain=Domain.DATA_USE),
        act(2, ActionStatus.BLOCKED),
        act(3, ActionStatus.NOT_STARTED, domain=Domain.GOALS),
        act(4, ActionStatus.BLOCKED, domain=Domain.DATA_USE),
    ]
    assert ids(group_actions(actions, "status", TODAY)) == [
        ("Not started", ["A3"]),
        ("Blocked", ["A2", "A4"]),
        ("Done", ["A1"]),
    ]
    assert ids(group_actions(actions, "domain", TODAY)) == [
        ("Goals", ["A3"]),
        ("Data use", ["A1", "A4"]),
        ("No domain", ["A2"]),
    ]
    assert group_actions([], "status", TODAY) == []


# ----- check-ins --------------------------------------------------------------------------


def checkin_session() -> Session:
    s = Session(title="t")
    s.actions = [
        act(1, due=dt.date(2026, 12, 1)),
        act(2, ActionStatus.BLOCKED, due=dt.date(2027, 1, 1)),
        act(3, ActionStatus.DONE),
        act(4, ActionStatus.NOT_STARTED, due=dt.date(2026, 11, 1)),
        act(5, ActionStatus.NOT_STARTED),
        act(6, ActionStatus.DROPPED),
        act(7, ActionStatus.BLOCKED, due=dt.date(2026, 12, 1)),
        act(8, due=dt.date(2026, 11, 30)),
    ]
    s.indicators = [indicator([])]
    return s


def test_open_actions_for_checkin_order() -> None:
    s = checkin_session()
    # blocked (by due), then overdue, then by due (none last); done and dropped left out
    assert [a.id for a in open_actions_for_checkin(s, TODAY)] == [
        "A7",
        "A2",
        "A4",
        "A8",
        "A1",
        "A5",
    ]


def test_a_check_in_is_made_on_the_first_record_of_its_day_in_date_order() -> None:
    s = checkin_session()
    apply(s, RecordUpdate(TODAY, "A1", ActionStatus.IN_PROGRESS))
    apply(s, RecordUpdate(TODAY, "A2", ActionStatus.IN_PROGRESS))
    assert len(s.checkins) == 1 and s.checkins[0].date == TODAY
    apply(s, RecordUpdate(dt.date(2026, 12, 1), "A1", ActionStatus.DONE))
    apply(s, RecordUpdate(dt.date(2026, 11, 1), "A1", ActionStatus.IN_PROGRESS))
    assert [c.date for c in s.checkins] == [dt.date(2026, 11, 1), TODAY, dt.date(2026, 12, 1)]


def test_record_update_sets_status_and_latest_update() -> None:
    s = checkin_session()
    apply(s, RecordUpdate(TODAY, "A1", ActionStatus.DONE, "  finished early  ", progress=100))
    a1 = s.action("A1")
    assert a1 is not None
    assert a1.status is ActionStatus.DONE and a1.latest_update == "finished early"
    entry = s.checkins[0].updates[0]
    assert (entry.action, entry.status, entry.update, entry.progress) == (
        "A1",
        ActionStatus.DONE,
        "finished early",
        100,
    )
    apply(s, RecordUpdate(TODAY, "A2", ActionStatus.IN_PROGRESS, ""))
    a2 = s.action("A2")
    assert a2 is not None
    assert a2.status is ActionStatus.IN_PROGRESS and a2.latest_update == ""
    assert [u.action for u in s.checkins[0].updates] == ["A1", "A2"]


def test_same_day_re_entry_replaces_and_does_not_duplicate() -> None:
    s = checkin_session()
    apply(s, RecordUpdate(TODAY, "A1", ActionStatus.IN_PROGRESS, "half way", progress=50))
    apply(s, RecordUpdate(TODAY, "A2", ActionStatus.IN_PROGRESS, "unblocked"))
    apply(s, RecordUpdate(TODAY, "A1", ActionStatus.DONE, "finished, report sent", progress=100))
    apply(s, RecordUpdate(TODAY, "A2", ActionStatus.BLOCKED))  # status only: the words stay
    assert len(s.checkins) == 1
    assert [(u.action, u.status, u.update, u.progress) for u in s.checkins[0].updates] == [
        ("A1", ActionStatus.DONE, "finished, report sent", 100),
        ("A2", ActionStatus.BLOCKED, "unblocked", None),
    ]
    a1, a2 = s.action("A1"), s.action("A2")
    assert a1 is not None and a2 is not None
    assert a1.latest_update == "finished, report sent"
    assert a2.status is ActionStatus.BLOCKED and a2.latest_update == "unblocked"
    assert check_session(s) == []


def test_record_update_of_an_unknown_action() -> None:
    s = checkin_session()
    with pytest.raises(EditError, match="A99"):
        apply(s, RecordUpdate(TODAY, "A99", ActionStatus.DONE, "x"))
    assert s.checkins == []


def test_readings_are_sorted_and_same_date_replaced() -> None:
    s = checkin_session()
    apply(s, RecordReading("M1", TODAY, 12))
    apply(s, RecordReading("M1", dt.date(2026, 6, 1), 11, "  spring count "))
    apply(s, RecordReading("M1", TODAY, 13))
    apply(s, RecordReading("M1", dt.date(2026, 9, 1), 12.5))
    assert [(r.date, r.value, r.note) for r in s.indicators[0].readings] == [
        (dt.date(2026, 6, 1), 11, "spring count"),
        (dt.date(2026, 9, 1), 12.5, ""),
        (TODAY, 13, ""),
    ]
    with pytest.raises(EditError, match="M9"):
        apply(s, RecordReading("M9", TODAY, 1))
    with pytest.raises(EditError, match="not a number"):
        apply(s, RecordReading("M1", TODAY, float("nan")))
    assert len(s.indicators[0].readings) == 3


def test_a_second_reading_of_a_day_can_be_added_beside_the_first() -> None:
    s = checkin_session()
    apply(s, RecordReading("M1", TODAY, 12))
    apply(s, RecordReading("M1", TODAY, 14, replace=False))
    assert [r.value for r in s.indicators[0].readings] == [12, 14]


def test_action_history_is_oldest_first() -> None:
    s = checkin_session()
    apply(s, RecordUpdate(TODAY, "A1", ActionStatus.DONE, "done"))
    apply(s, RecordUpdate(dt.date(2026, 10, 1), "A1", ActionStatus.IN_PROGRESS, "started"))
    apply(s, RecordUpdate(dt.date(2026, 10, 1), "A2", ActionStatus.BLOCKED, "waiting"))
    assert [(d, u.status, u.update) for d, u in action_history(s, "A1")] == [
        (dt.date(2026, 10, 1), ActionStatus.IN_PROGRESS, "started"),
        (TODAY, ActionStatus.DONE, "done"),
    ]
    assert action_history(s, "A5") == []
