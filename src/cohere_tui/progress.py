"""Where the plan stands: overdue and blocked actions, indicator status, check-ins.

Headless and pure: `today` is always a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from .models import (
    Action,
    ActionStatus,
    ActionUpdate,
    CheckIn,
    Direction,
    Indicator,
    Reading,
    Session,
)

DUE_SOON_DAYS = 7


def is_overdue(action: Action, today: dt.date) -> bool:
    """Open (not done or dropped) and due before today; due today is not overdue."""
    return action.status.is_open and action.due is not None and action.due < today


@dataclass(frozen=True)
class Flag:
    """A mark on an action: a symbol and a word, so that no meaning rests on colour."""

    symbol: str
    word: str


OVERDUE = Flag("⚠", "OVERDUE")
BLOCKED = Flag("■", "BLOCKED")
DONE = Flag("✓", "DONE")
DUE_SOON = Flag("◷", "DUE SOON")


def action_flags(action: Action, today: dt.date) -> list[Flag]:
    """The flags that apply to an action today."""
    flags: list[Flag] = []
    if action.status is ActionStatus.DONE:
        flags.append(DONE)
    if action.status is ActionStatus.BLOCKED:
        flags.append(BLOCKED)
    if is_overdue(action, today):
        flags.append(OVERDUE)
    elif (
        action.status.is_open
        and action.due is not None
        and 0 <= (action.due - today).days <= DUE_SOON_DAYS
    ):
        flags.append(DUE_SOON)
    return flags


class IndicatorStatus(StrEnum):
    """How an indicator stands against its path from baseline to target."""

    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    MET = "met"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return {
            "on_track": "on track",
            "off_track": "OFF TRACK",
            "met": "✓ target met",
            "no_data": "no data",
        }[self.value]


def _better_or_equal(value: float, than: float, direction: Direction) -> bool:
    return value >= than if direction is Direction.INCREASE else value <= than


def expected_value(indicator: Indicator, day: dt.date) -> float | None:
    """Where the indicator should be on `day`, on a straight line from baseline to target."""
    if indicator.baseline is None or indicator.target is None:
        return None
    start, end = indicator.baseline_date, indicator.target_date
    if start is None or end is None or end <= start:
        return None
    share = min(1.0, max(0.0, (day - start).days / (end - start).days))
    return indicator.baseline + share * (indicator.target - indicator.baseline)


def indicator_status(indicator: Indicator, today: dt.date) -> IndicatorStatus:
    """Met when the latest reading reaches the target; on track when it is at or beyond the
    straight line from baseline to target for its date (without dates: when it has moved
    the right way from the baseline); otherwise off track."""
    if not indicator.readings:
        return IndicatorStatus.NO_DATA
    latest = indicator.readings[-1]
    direction = indicator.direction
    if indicator.target is not None and _better_or_equal(latest.value, indicator.target, direction):
        return IndicatorStatus.MET
    expected = expected_value(indicator, latest.date)
    if expected is not None:
        on_track = _better_or_equal(latest.value, expected, direction)
    elif indicator.baseline is not None:
        on_track = _better_or_equal(latest.value, indicator.baseline, direction) and (
            latest.value != indicator.baseline or len(indicator.readings) == 1
        )
    else:
        return IndicatorStatus.NO_DATA
    return IndicatorStatus.ON_TRACK if on_track else IndicatorStatus.OFF_TRACK


def indicator_progress(indicator: Indicator) -> float | None:
    """Share of the way from baseline to target of the latest reading (may pass 1 or go below 0)."""
    if not indicator.readings or indicator.baseline is None or indicator.target is None:
        return None
    span = indicator.target - indicator.baseline
    if span == 0:
        return None
    return (indicator.readings[-1].value - indicator.baseline) / span


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], width: int) -> str:
    """A trend in block characters; more values than `width` are averaged into buckets."""
    if not values or width <= 0:
        return ""
    if len(values) > width:
        buckets: list[float] = []
        for n in range(width):
            lo = n * len(values) // width
            hi = max(lo + 1, (n + 1) * len(values) // width)
            part = values[lo:hi]
            buckets.append(sum(part) / len(part))
        values = buckets
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    scale = (len(SPARKS) - 1) / (high - low)
    return "".join(SPARKS[round((v - low) * scale)] for v in values)


@dataclass(frozen=True)
class ProgressSummary:
    """The picture the room looks at first when a meeting opens."""

    total: int
    not_started: int
    in_progress: int
    blocked: int
    done: int
    dropped: int
    overdue: int
    indicators_on_track: int
    indicators_off_track: int
    indicators_no_data: int
    last_checkin: dt.date | None

    @property
    def open(self) -> int:
        return self.not_started + self.in_progress + self.blocked

    @property
    def share_done(self) -> float:
        counted = self.total - self.dropped
        return self.done / counted if counted else 0.0

    @property
    def share_on_track(self) -> float | None:
        measured = self.indicators_on_track + self.indicators_off_track
        return self.indicators_on_track / measured if measured else None


def progress_summary(session: Session, today: dt.date) -> ProgressSummary:
    counts = dict.fromkeys(ActionStatus, 0)
    for act in session.actions:
        counts[act.status] += 1
    statuses = [indicator_status(ind, today) for ind in session.indicators]
    on_track = sum(s in (IndicatorStatus.ON_TRACK, IndicatorStatus.MET) for s in statuses)
    return ProgressSummary(
        total=len(session.actions),
        not_started=counts[ActionStatus.NOT_STARTED],
        in_progress=counts[ActionStatus.IN_PROGRESS],
        blocked=counts[ActionStatus.BLOCKED],
        done=counts[ActionStatus.DONE],
        dropped=counts[ActionStatus.DROPPED],
        overdue=sum(is_overdue(a, today) for a in session.actions),
        indicators_on_track=on_track,
        indicators_off_track=statuses.count(IndicatorStatus.OFF_TRACK),
        indicators_no_data=statuses.count(IndicatorStatus.NO_DATA),
        last_checkin=max((c.date for c in session.checkins), default=None),
    )


Grouping = Literal["owner", "due", "status", "domain"]


def _due_group(action: Action, today: dt.date) -> tuple[int, str]:
    if action.due is None:
        return 4, "No due date"
    if is_overdue(action, today):
        return 0, "Overdue"
    days = (action.due - today).days
    if days < 0:
        return 3, "Past (closed)"
    if days <= DUE_SOON_DAYS:
        return 1, "This week"
    if days <= 30:
        return 2, "Next 30 days"
    return 3, "Later"


def group_actions(
    actions: Sequence[Action], by: Grouping, today: dt.date
) -> list[tuple[str, list[Action]]]:
    """Actions in labelled groups, in a sensible order for the room."""
    groups: dict[tuple[int | str, str], list[Action]] = {}
    for act in actions:
        if by == "owner":
            key: tuple[int | str, str] = (act.owner.casefold() or "~", act.owner or "No owner")
        elif by == "due":
            key = _due_group(act, today)
        elif by == "status":
            key = (list(ActionStatus).index(act.status), act.status.label)
        else:
            key = (
                (99, "No domain")
                if act.domain is None
                else (list(type(act.domain)).index(act.domain), act.domain.label)
            )
        groups.setdefault(key, []).append(act)

    def order(item: Action) -> tuple[dt.date, int]:
        return (item.due or dt.date.max, int(item.id[1:]))

    return [
        (label, sorted(members, key=order))
        for (_, label), members in sorted(groups.items(), key=lambda kv: kv[0])
    ]


# ----- check-ins --------------------------------------------------------------------------


def open_actions_for_checkin(session: Session, today: dt.date | None = None) -> list[Action]:
    """Open actions, blocked first, then overdue, then by due date."""
    day = today or dt.date.today()

    def order(act: Action) -> tuple[int, dt.date, int]:
        rank = 0 if act.status is ActionStatus.BLOCKED else 1 if is_overdue(act, day) else 2
        return rank, act.due or dt.date.max, int(act.id[1:])

    return sorted((a for a in session.actions if a.status.is_open), key=order)


def start_checkin(session: Session, day: dt.date) -> CheckIn:
    """The check-in of `day`: the existing one, or a new one appended in date order."""
    for chk in session.checkins:
        if chk.date == day:
            return chk
    chk = CheckIn(date=day)
    session.checkins.append(chk)
    session.checkins.sort(key=lambda c: c.date)
    return chk


def record_update(
    session: Session,
    checkin: CheckIn,
    action_id: str,
    status: ActionStatus,
    update: str = "",
    progress: int | None = None,
) -> None:
    """Record what the room said about an action: its status, latest update, and history."""
    action = session.action(action_id)
    if action is None:
        raise KeyError(f"no action {action_id}")
    action.status = status
    if update.strip():
        action.latest_update = update.strip()
    entry = ActionUpdate(action=action_id, status=status, update=update.strip(), progress=progress)
    updates = [u for u in checkin.updates if u.action != action_id]
    index = next((n for n, u in enumerate(checkin.updates) if u.action == action_id), len(updates))
    updates.insert(index, entry)
    checkin.updates = updates


def record_reading(
    session: Session, indicator_id: str, day: dt.date, value: float, note: str = ""
) -> None:
    """Add a reading (replacing one of the same date), keeping readings in date order."""
    indicator = session.indicator(indicator_id)
    if indicator is None:
        raise KeyError(f"no indicator {indicator_id}")
    readings = [r for r in indicator.readings if r.date != day]
    readings.append(Reading(date=day, value=value, note=note))
    indicator.readings = sorted(readings, key=lambda r: r.date)


def action_history(session: Session, action_id: str) -> list[tuple[dt.date, ActionUpdate]]:
    """Every check-in entry of an action, oldest first."""
    return [
        (chk.date, update)
        for chk in sorted(session.checkins, key=lambda c: c.date)
        for update in chk.updates
        if update.action == action_id
    ]
