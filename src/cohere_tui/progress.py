"""Where the plan stands: overdue and blocked actions, indicator status, check-ins.

Headless and pure: ``today`` is always a parameter (never read from the clock here), and
only the check-in functions at the end change the session they are given.

Rules
-----
- **Overdue**: an open action (not done, not dropped) whose due date is before today. Due
  today is not overdue.
- **Due soon**: an open action due today or within the next 7 days.
- **Indicator status** (:func:`indicator_status`), from the latest reading (by date):

  - *met* when it has reached the target (at or beyond it, in the indicator's direction);
  - with baseline, target, baseline date and target date: the expected value on a date is
    read off the straight line from (baseline date, baseline) to (target date, target),
    held at the baseline before the baseline date and at the target after the target
    date. *On track* when the latest reading is at or beyond the expected value for the
    reading's date, *off track* when it falls short — and off track, too, once today is
    past the target date without the target met;
  - otherwise (no dates): *on track* when the latest reading has moved the right way from
    the baseline (or, with no baseline, from the first reading), *off track* when it has
    moved the wrong way or not at all. A single reading equal to the baseline is on track
    (it is the starting point). With neither baseline nor an earlier reading there is
    nothing to compare: *no data*;
  - *no data* without any (finite) reading.

  The direction is the one baseline → target points to when both are given (so an
  indicator left at the default 'increase' with a target below its baseline is read as
  'decrease'); otherwise the indicator's ``direction``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from .models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Direction,
    Domain,
    Indicator,
    Reading,
    Session,
)

DUE_SOON_DAYS = 7
"""An open action due within this many days (today included) is flagged as due soon."""


def is_overdue(action: Action, today: dt.date) -> bool:
    """Open (not done or dropped) and due before today; due today is not overdue."""
    return action.status.is_open and action.due is not None and action.due < today


def is_due_soon(action: Action, today: dt.date) -> bool:
    """Open and due today or within the next :data:`DUE_SOON_DAYS` days."""
    return (
        action.status.is_open
        and action.due is not None
        and 0 <= (action.due - today).days <= DUE_SOON_DAYS
    )


# ----- flags ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """A mark on an action: a symbol and a word, so that no meaning rests on colour."""

    symbol: str
    word: str

    def __str__(self) -> str:
        return f"{self.symbol} {self.word}"


OVERDUE = Flag("⚠", "OVERDUE")
BLOCKED = Flag("■", "BLOCKED")
DONE = Flag("✓", "DONE")
DUE_SOON = Flag("◷", "DUE SOON")


def action_flags(action: Action, today: dt.date) -> list[Flag]:
    """The flags that apply to an action today, in this order: DONE or BLOCKED (from the
    status), then OVERDUE or DUE SOON (from the due date; never both)."""
    flags: list[Flag] = []
    if action.status is ActionStatus.DONE:
        flags.append(DONE)
    elif action.status is ActionStatus.BLOCKED:
        flags.append(BLOCKED)
    if is_overdue(action, today):
        flags.append(OVERDUE)
    elif is_due_soon(action, today):
        flags.append(DUE_SOON)
    return flags


# ----- indicators -------------------------------------------------------------------------


class IndicatorStatus(StrEnum):
    """How an indicator stands against its path from baseline to target."""

    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    MET = "met"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        """Words (and a symbol) for the room: the meaning never rests on colour."""
        return INDICATOR_STATUS_LABELS[self]


INDICATOR_STATUS_LABELS: dict[IndicatorStatus, str] = {
    IndicatorStatus.ON_TRACK: "on track",
    IndicatorStatus.OFF_TRACK: "OFF TRACK",
    IndicatorStatus.MET: "✓ target met",
    IndicatorStatus.NO_DATA: "no data",
}


def readings_in_order(indicator: Indicator) -> list[Reading]:
    """The indicator's readings with a finite value, oldest first (ties keep file order)."""
    return sorted((r for r in indicator.readings if math.isfinite(r.value)), key=lambda r: r.date)


def latest_reading(indicator: Indicator) -> Reading | None:
    """The most recent reading with a finite value, or None."""
    readings = readings_in_order(indicator)
    return readings[-1] if readings else None


def effective_direction(indicator: Indicator) -> Direction:
    """The way baseline → target points when both are given and differ, else ``direction``."""
    base, target = indicator.baseline, indicator.target
    if base is not None and target is not None and base != target:
        return Direction.INCREASE if target > base else Direction.DECREASE
    return indicator.direction


def _at_or_beyond(value: float, than: float, direction: Direction) -> bool:
    return value >= than if direction is Direction.INCREASE else value <= than


def expected_value(indicator: Indicator, day: dt.date) -> float | None:
    """Where the indicator should be on ``day``, on a straight line from baseline to target.

    None unless baseline, target, baseline date and target date are all given (and the target
    date is after the baseline date). Before the baseline date it is the baseline, after the
    target date the target.
    """
    base, target = indicator.baseline, indicator.target
    start, end = indicator.baseline_date, indicator.target_date
    if base is None or target is None or start is None or end is None or end <= start:
        return None
    share = min(1.0, max(0.0, (day - start).days / (end - start).days))
    return base + share * (target - base)


def indicator_status(indicator: Indicator, today: dt.date) -> IndicatorStatus:
    """Met, on track, off track or no data: see the module docstring for the rule."""
    readings = readings_in_order(indicator)
    if not readings:
        return IndicatorStatus.NO_DATA
    latest = readings[-1]
    direction = effective_direction(indicator)
    if indicator.target is not None and _at_or_beyond(latest.value, indicator.target, direction):
        return IndicatorStatus.MET
    expected = expected_value(indicator, latest.date)
    deadline = indicator.target_date
    if expected is not None and deadline is not None:
        on_track = today <= deadline and _at_or_beyond(latest.value, expected, direction)
        return IndicatorStatus.ON_TRACK if on_track else IndicatorStatus.OFF_TRACK
    if indicator.baseline is not None:
        reference = indicator.baseline
        single = len(readings) == 1
    elif len(readings) >= 2:
        reference = readings[0].value
        single = False
    else:
        return IndicatorStatus.NO_DATA
    if latest.value == reference:
        return IndicatorStatus.ON_TRACK if single else IndicatorStatus.OFF_TRACK
    moved_right = _at_or_beyond(latest.value, reference, direction)
    return IndicatorStatus.ON_TRACK if moved_right else IndicatorStatus.OFF_TRACK


def indicator_progress(indicator: Indicator) -> float | None:
    """Share of the way from baseline to target the latest reading has come, 0–1.

    Clamped: a reading beyond the target gives 1.0 (the status says 'target met'), one that
    has gone the wrong way from the baseline gives 0.0. None without a reading, a baseline
    or a target, or when baseline and target are equal.
    """
    latest = latest_reading(indicator)
    base, target = indicator.baseline, indicator.target
    if latest is None or base is None or target is None or target == base:
        return None
    return min(1.0, max(0.0, (latest.value - base) / (target - base)))


SPARKS = "▁▂▃▄▅▆▇█"


def _resample(values: list[float], width: int) -> list[float]:
    """``width`` buckets of consecutive values, each the mean of its bucket."""
    buckets: list[float] = []
    for n in range(width):
        lo = n * len(values) // width
        hi = max(lo + 1, (n + 1) * len(values) // width)
        part = values[lo:hi]
        buckets.append(sum(part) / len(part))
    return buckets


def sparkline(values: Iterable[float], width: int) -> str:
    """A trend in block characters, one per value, lowest ``▁`` to highest ``█``.

    More values than ``width`` are averaged into ``width`` buckets of consecutive values;
    fewer give a shorter line. All values equal give a flat middle line (``▄``). Values that
    are not finite numbers are skipped. Empty input or ``width`` < 1 gives ``""``.
    """
    points = [float(v) for v in values if math.isfinite(v)]
    if not points or width < 1:
        return ""
    if len(points) > width:
        points = _resample(points, width)
    low, high = min(points), max(points)
    if high == low:
        return SPARKS[3] * len(points)
    scale = (len(SPARKS) - 1) / (high - low)
    return "".join(SPARKS[round((v - low) * scale)] for v in points)


# ----- summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressSummary:
    """The picture the room looks at first when a meeting opens."""

    total: int
    """Every action."""
    not_started: int
    in_progress: int
    blocked: int
    done: int
    dropped: int
    overdue: int
    """Open actions due before today."""
    indicators_on_track: int
    """Indicators on track, counting those whose target is met."""
    indicators_off_track: int
    indicators_no_data: int
    last_checkin: dt.date | None
    """The date of the latest check-in, if any."""
    indicators_met: int = 0
    """Of the indicators on track, those whose target is met."""

    @property
    def open(self) -> int:
        """Actions not done and not dropped."""
        return self.not_started + self.in_progress + self.blocked

    @property
    def share_done(self) -> float:
        """Done as a share (0–1) of the actions not dropped; 0.0 when there are none."""
        counted = self.total - self.dropped
        return self.done / counted if counted else 0.0

    @property
    def indicators(self) -> int:
        """Every indicator."""
        return self.indicators_on_track + self.indicators_off_track + self.indicators_no_data

    @property
    def share_on_track(self) -> float | None:
        """On track (or met) as a share (0–1) of the indicators that have data; None if none."""
        measured = self.indicators_on_track + self.indicators_off_track
        return self.indicators_on_track / measured if measured else None


def progress_summary(session: Session, today: dt.date) -> ProgressSummary:
    """Counts of actions by status, overdue actions, indicator statuses, last check-in."""
    counts = dict.fromkeys(ActionStatus, 0)
    for act in session.actions:
        counts[act.status] += 1
    statuses = [indicator_status(ind, today) for ind in session.indicators]
    met = statuses.count(IndicatorStatus.MET)
    return ProgressSummary(
        total=len(session.actions),
        not_started=counts[ActionStatus.NOT_STARTED],
        in_progress=counts[ActionStatus.IN_PROGRESS],
        blocked=counts[ActionStatus.BLOCKED],
        done=counts[ActionStatus.DONE],
        dropped=counts[ActionStatus.DROPPED],
        overdue=sum(is_overdue(a, today) for a in session.actions),
        indicators_on_track=statuses.count(IndicatorStatus.ON_TRACK) + met,
        indicators_off_track=statuses.count(IndicatorStatus.OFF_TRACK),
        indicators_no_data=statuses.count(IndicatorStatus.NO_DATA),
        last_checkin=max((c.date for c in session.checkins), default=None),
        indicators_met=met,
    )


# ----- grouping ---------------------------------------------------------------------------

Grouping = Literal["owner", "due", "status", "domain"]

DUE_GROUPS = ("Overdue", "This week", "Next 30 days", "Later", "Past (closed)", "No due date")
"""The due-date groups, in the order they are shown. 'This week' is due today or within
7 days, 'Next 30 days' within 8–30 days, 'Later' after that; 'Past (closed)' holds done or
dropped actions whose due date has passed (they are not overdue)."""

NO_OWNER = "No owner"
NO_DOMAIN = "No domain"


def due_group(action: Action, today: dt.date) -> str:
    """The due-date group of an action (one of :data:`DUE_GROUPS`)."""
    if action.due is None:
        return "No due date"
    if is_overdue(action, today):
        return "Overdue"
    days = (action.due - today).days
    if days < 0:
        return "Past (closed)"
    if days <= DUE_SOON_DAYS:
        return "This week"
    if days <= 30:
        return "Next 30 days"
    return "Later"


def _action_order(action: Action) -> tuple[dt.date, int]:
    return (action.due or dt.date.max, int(action.id[1:]))


def group_actions(
    actions: Sequence[Action], by: Grouping, today: dt.date
) -> list[tuple[str, list[Action]]]:
    """Actions in labelled groups; empty groups are left out.

    - ``owner``: by owner, ignoring case and surrounding spaces (labelled with the first
      spelling met), alphabetically, 'No owner' last;
    - ``due``: :data:`DUE_GROUPS`, in that order;
    - ``status``: not started, in progress, blocked, done, dropped (the status labels);
    - ``domain``: the six domains in the framework's order, 'No domain' last.

    Within a group: by due date (none last), then by ID number.
    """
    groups: dict[tuple[int, str], tuple[str, list[Action]]] = {}
    statuses = list(ActionStatus)
    domains = list(Domain)
    for act in actions:
        key: tuple[int, str]
        label: str
        if by == "owner":
            name = act.owner.strip()
            key, label = ((0, name.casefold()), name) if name else ((1, ""), NO_OWNER)
        elif by == "due":
            label = due_group(act, today)
            key = (DUE_GROUPS.index(label), "")
        elif by == "status":
            key, label = (statuses.index(act.status), ""), act.status.label
        elif by == "domain":
            if act.domain is None:
                key, label = (len(domains), ""), NO_DOMAIN
            else:
                key, label = (domains.index(act.domain), ""), act.domain.label
        else:
            raise ValueError(f"cannot group actions by {by!r}; use owner, due, status or domain")
        groups.setdefault(key, (label, []))[1].append(act)
    return [
        (label, sorted(members, key=_action_order))
        for _, (label, members) in sorted(groups.items(), key=lambda kv: kv[0])
    ]


# ----- check-ins --------------------------------------------------------------------------


def open_actions_for_checkin(session: Session, today: dt.date | None = None) -> list[Action]:
    """The open actions to walk through: blocked first, then overdue, then the rest; within
    each, by due date (none last), then by ID number. ``today`` defaults to the clock's."""
    day = dt.date.today() if today is None else today

    def order(act: Action) -> tuple[int, dt.date, int]:
        rank = 0 if act.status is ActionStatus.BLOCKED else 1 if is_overdue(act, day) else 2
        return (rank, *_action_order(act))

    return sorted((a for a in session.actions if a.status.is_open), key=order)


def action_history(session: Session, action_id: str) -> list[tuple[dt.date, ActionUpdate]]:
    """Every check-in entry about an action, oldest first, with the check-in's date."""
    return [
        (chk.date, update)
        for chk in sorted(session.checkins, key=lambda c: c.date)
        for update in chk.updates
        if update.action == action_id
    ]


# ----- indicator status in words ----------------------------------------------------------


@dataclass(frozen=True)
class IndicatorVerdict:
    """An indicator's status with the reason the room can read (never a bare OFF TRACK)."""

    status: IndicatorStatus
    short: str
    """For a table cell: ``on track``, ``▼ behind line``, ``✓ target met`` …"""
    sentence: str
    """For the trend and the check-in: why, with the values."""
    expected: float | None
    """Where the straight line from baseline to target stands on the day asked about."""


def _decimals(values: Sequence[float | None]) -> int:
    """The most decimal places among the indicator's own numbers (at most 2): an expected
    value is shown as precisely as the values it comes from."""
    places = 0
    for value in values:
        if value is not None and math.isfinite(value):
            text = f"{value:g}"
            if "." in text and "e" not in text:
                places = max(places, len(text.split(".")[1]))
    return min(places, 2)


def indicator_value(
    indicator: Indicator, value: float | None, missing: str = "—", *, unit: bool = True
) -> str:
    """A value of the indicator with its unit (``58.6%``, ``40 referrals``), as precise as
    the indicator's own numbers (``unit=False``: the number alone)."""
    from .words import with_unit

    if value is None:
        return missing
    numbers = [indicator.baseline, indicator.target, *(r.value for r in indicator.readings)]
    return with_unit(round(value, _decimals(numbers)), indicator.unit if unit else "", missing)


def explain_indicator(indicator: Indicator, today: dt.date) -> IndicatorVerdict:
    """The status of :func:`indicator_status`, with its reason and the value expected by
    ``today`` on the straight line from baseline to target (when it has dates)."""
    readings = readings_in_order(indicator)

    def shown(value: float | None) -> str:
        return indicator_value(indicator, value)

    status = indicator_status(indicator, today)
    expected_now = expected_value(indicator, today)
    if not readings:
        return IndicatorVerdict(status, "no data", "No readings yet.", expected_now)
    latest = readings[-1]
    at = f"latest {shown(latest.value)} on {latest.date}"
    by_now = f"; {shown(expected_now)} expected by today" if expected_now is not None else ""
    if status is IndicatorStatus.MET:
        sentence = f"Target met: {at}, target {shown(indicator.target)}."
        return IndicatorVerdict(status, "✓ target met", sentence, expected_now)
    expected = expected_value(indicator, latest.date)
    deadline = indicator.target_date
    if expected is not None and deadline is not None:
        if today > deadline and status is IndicatorStatus.OFF_TRACK:
            sentence = (
                f"Past the target date ({deadline}) without the target "
                f"({shown(indicator.target)}): {at}."
            )
            return IndicatorVerdict(status, "▼ past date", sentence, expected_now)
        if status is IndicatorStatus.ON_TRACK:
            sentence = (
                f"On track: {at}, at or ahead of the straight line to target "
                f"({shown(expected)} expected then){by_now}."
            )
            return IndicatorVerdict(status, "on track", sentence, expected_now)
        sentence = (
            f"Behind the straight line to target: {at}, where the line stood at "
            f"{shown(expected)}{by_now}."
        )
        return IndicatorVerdict(status, "▼ behind line", sentence, expected_now)
    if status is IndicatorStatus.NO_DATA:
        sentence = "One reading and no baseline: nothing to compare it with yet."
        return IndicatorVerdict(status, "no data", sentence, expected_now)
    reference = indicator.baseline if indicator.baseline is not None else readings[0].value
    start = "the baseline" if indicator.baseline is not None else "the first reading"
    if status is IndicatorStatus.ON_TRACK:
        if latest.value == reference:
            sentence = f"At {start} ({shown(reference)}): the starting point, {at}."
        else:
            sentence = f"Moving the right way from {start} ({shown(reference)}): {at}."
        return IndicatorVerdict(status, "on track", sentence, expected_now)
    if latest.value == reference:
        sentence = f"No change from {start} ({shown(reference)}): {at}."
        return IndicatorVerdict(status, "▼ no change", sentence, expected_now)
    sentence = f"Moving the wrong way from {start} ({shown(reference)}): {at}."
    return IndicatorVerdict(status, "▼ wrong way", sentence, expected_now)


# --------------------------------------------------------------------------------------------
# staleness: when each action was last updated


def update_stamp(action: Action | None, values: dict[str, Any], day: dt.date) -> dict[str, dt.date]:
    """``{"updated": day}`` when ``values`` (fields of an action being saved, e.g. from the
    action form) change its status or latest update, or make a new action; else ``{}``.
    Add it to the values of the edit, so that the action knows when it was last updated."""
    if action is None:
        return {"updated": day}
    status = values.get("status", action.status)
    if isinstance(status, str) and not isinstance(status, ActionStatus):
        try:
            status = ActionStatus(status)
        except ValueError:
            return {}
    text = values.get("latest_update", action.latest_update)
    changed = status != action.status or str(text).strip() != action.latest_update.strip()
    fresher = action.updated is None or action.updated < day
    return {"updated": day} if changed and fresher else {}


def mark_updated(action: Action, day: dt.date) -> None:
    """Record that the action's status or latest update changed on ``day`` (a later date
    already recorded is kept)."""
    if action.updated is None or action.updated < day:
        action.updated = day


def last_updates(session: Session) -> dict[str, dt.date | None]:
    """When each action (by ID) was last updated: its own record, or the latest check-in
    that spoke of it, whichever is later; None when neither says."""
    found: dict[str, dt.date | None] = {a.id: a.updated for a in session.actions}
    for chk in session.checkins:
        for upd in chk.updates:
            if upd.action in found:
                known = found[upd.action]
                if known is None or known < chk.date:
                    found[upd.action] = chk.date
    return found


def last_update(session: Session, action: Action) -> dt.date | None:
    """When this action was last updated (see :func:`last_updates`)."""
    day = action.updated
    for chk in session.checkins:
        if day is not None and chk.date <= day:
            continue
        if any(u.action == action.id for u in chk.updates):
            day = chk.date
    return day


def update_age(day: dt.date | None, today: dt.date) -> str:
    """'last update today', 'last update 1 day ago', 'last update 12 days ago', or 'no update
    yet' — how the plan and the workbook say how stale an action is."""
    if day is None:
        return "no update yet"
    days = (today - day).days
    if days <= 0:
        return "last update today"
    return f"last update {days} day{'' if days == 1 else 's'} ago"


@dataclass(frozen=True)
class StaleOwner:
    """An owner whose open actions have not been updated since a date."""

    owner: str
    """The owner's name ('' for actions with no owner)."""
    actions: tuple[Action, ...]
    """Their open actions not updated since then, in plan order."""


def owners_not_updated_since(session: Session, day: dt.date) -> list[StaleOwner]:
    """Owners of open actions last updated before ``day`` (or never), with those actions;
    owners in the order their first such action comes in the plan, no owner last."""
    updates = last_updates(session)
    by_owner: dict[str, list[Action]] = {}
    for act in session.actions:
        if not act.status.is_open:
            continue
        last = updates.get(act.id)
        if last is None or last < day:
            by_owner.setdefault(act.owner.strip(), []).append(act)
    owners = sorted(by_owner, key=lambda o: o == "")
    return [StaleOwner(o, tuple(by_owner[o])) for o in owners]


def stale_owner_summary(session: Session, limit: int = 6) -> str | None:
    """One line for step 5: the owners whose open actions have not been updated since the
    last check-in, with those actions; None without a check-in or when everyone has been."""
    last, stale = stale_since_last_checkin(session)
    if last is None or not stale:
        return None
    parts = []
    for item in stale[:limit]:
        ids = ", ".join(a.id for a in item.actions[:4]) + (" …" if len(item.actions) > 4 else "")
        parts.append(f"{item.owner or '(no owner)'} ({ids})")
    more = f"; and {len(stale) - limit} more" if len(stale) > limit else ""
    return f"Not updated since the last check-in ({last}): " + "; ".join(parts) + more


def stale_since_last_checkin(session: Session) -> tuple[dt.date | None, list[StaleOwner]]:
    """The last check-in's date and the owners not updated since it (none without one)."""
    if not session.checkins:
        return None, []
    last = max(c.date for c in session.checkins)
    return last, owners_not_updated_since(session, last)
