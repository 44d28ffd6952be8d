"""Dates as typed in a room."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohere_tui.dates import DateError, add_months, describe_due, format_date, parse_date

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("2026-12-01", dt.date(2026, 12, 1)),
        (" 2027-1-5 ", dt.date(2027, 1, 5)),
        ("today", TODAY),
        ("Tomorrow", dt.date(2026, 11, 24)),
        ("yesterday", dt.date(2026, 11, 22)),
        ("+3d", dt.date(2026, 11, 26)),
        ("-2d", dt.date(2026, 11, 21)),
        ("+2w", dt.date(2026, 12, 7)),
        ("+1m", dt.date(2026, 12, 23)),
        ("+1y", dt.date(2027, 11, 23)),
        ("friday", dt.date(2026, 11, 27)),
        ("mon", dt.date(2026, 11, 30)),
        ("next week", dt.date(2026, 11, 30)),
        ("end of month", dt.date(2026, 11, 30)),
    ],
)
def test_forms(text: str, expected: dt.date | None) -> None:
    assert parse_date(text, TODAY) == expected


def test_month_end_clamping_and_leap_years() -> None:
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert parse_date("+1m", dt.date(2026, 3, 31)) == dt.date(2026, 4, 30)


@pytest.mark.parametrize(
    "text", ["31/12", "soon", "2026-02-30", "2026-13-01", "3000-01-01", "+99999d"]
)
def test_errors_say_what_was_typed(text: str) -> None:
    with pytest.raises(DateError) as exc:
        parse_date(text, TODAY)
    assert text.strip() in str(exc.value)


def test_describe_due() -> None:
    assert describe_due(TODAY, TODAY) == "due today"
    assert describe_due(dt.date(2026, 11, 26), TODAY) == "due in 3 days"
    assert describe_due(dt.date(2026, 11, 9), TODAY) == "2 weeks overdue"
    assert describe_due(dt.date(2026, 11, 24), TODAY) == "due tomorrow"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_iso_round_trip(day: dt.date) -> None:
    assert parse_date(format_date(day), TODAY) == day
