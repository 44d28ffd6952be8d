"""The room's language: counts with their nouns, values with their units, and an indicator's
status with its reason (never a bare OFF TRACK)."""

from __future__ import annotations

import datetime as dt

import pytest

from cohere_tui.models import Direction, Indicator, Reading
from cohere_tui.progress import IndicatorStatus, explain_indicator, indicator_value
from cohere_tui.words import count, with_unit

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("n", "noun", "plural", "expected"),
    [(1, "initiative", None, "1 initiative"), (0, "initiative", None, "0 initiatives"),
     (2, "person", "people", "2 people"), (1, "person", "people", "1 person")],
)  # fmt: skip
def test_count(n: int, noun: str, plural: str | None, expected: str) -> None:
    assert count(n, noun, plural) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(40, "referrals", "40 referrals"), (54, "%", "54%"), (31, " days ", "31 days"),
     (2.5, "", "2.5"), (None, "%", "")],
)  # fmt: skip
def test_with_unit(value: float | None, unit: str, expected: str) -> None:
    assert with_unit(value, unit) == expected


def referrals(*readings: tuple[dt.date, float], dated: bool = True) -> Indicator:
    return Indicator(
        id="M1",
        name="Referrals reached",
        unit="referrals",
        baseline=20,
        baseline_date=dt.date(2026, 1, 1) if dated else None,
        target=60,
        target_date=dt.date(2027, 1, 1) if dated else None,
        readings=[Reading(date=d, value=v) for d, v in readings],
    )


def test_behind_the_straight_line_says_so_with_the_values() -> None:
    ind = referrals((dt.date(2026, 7, 2), 30))  # the line stands near 40 on 2 July
    verdict = explain_indicator(ind, TODAY)
    assert verdict.status is IndicatorStatus.OFF_TRACK
    assert verdict.short == "▼ behind line"
    assert "Behind the straight line to target" in verdict.sentence
    assert "30 referrals" in verdict.sentence and "expected by today" in verdict.sentence
    assert verdict.expected is not None and 55 < verdict.expected < 56
    assert indicator_value(ind, verdict.expected) == "56 referrals"  # as precise as its numbers


def test_on_track_met_past_date_and_undated_reasons() -> None:
    ahead = explain_indicator(referrals((dt.date(2026, 7, 2), 45)), TODAY)
    assert ahead.short == "on track" and "ahead of the straight line" in ahead.sentence
    met = explain_indicator(referrals((dt.date(2026, 9, 1), 61)), TODAY)
    assert met.short == "✓ target met" and "Target met" in met.sentence
    late = explain_indicator(referrals((dt.date(2026, 12, 1), 50)), dt.date(2027, 2, 1))
    assert late.short == "▼ past date" and "Past the target date" in late.sentence
    wrong = explain_indicator(referrals((dt.date(2026, 9, 1), 15), dated=False), TODAY)
    assert wrong.short == "▼ wrong way" and "wrong way from the baseline" in wrong.sentence
    still = explain_indicator(
        referrals((dt.date(2026, 3, 1), 25), (dt.date(2026, 9, 1), 20), dated=False), TODAY
    )
    assert still.short == "▼ no change"
    none = explain_indicator(referrals(), TODAY)
    assert none.short == "no data" and none.sentence == "No readings yet."


def test_a_decreasing_indicator_reads_its_direction() -> None:
    days = Indicator(id="M2", name="Days to first visit", unit="days", baseline=31,
                     target=14, direction=Direction.DECREASE,
                     readings=[Reading(date=dt.date(2026, 11, 1), value=19)])  # fmt: skip
    verdict = explain_indicator(days, TODAY)
    assert verdict.short == "on track" and "19 days" in verdict.sentence
