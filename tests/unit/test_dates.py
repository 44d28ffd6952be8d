"""Dates as typed in a room: every accepted form, every refusal, and how a due date reads."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohere_tui.dates import (
    ACCEPTED,
    DateError,
    add_months,
    describe_due,
    end_of_month,
    format_date,
    parse_date,
)

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("   ", None),
        ("2026-12-01", dt.date(2026, 12, 1)),
        (" 2027-1-5 ", dt.date(2027, 1, 5)),
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("2200-12-31", dt.date(2200, 12, 31)),
        ("2028-02-29", dt.date(2028, 2, 29)),
        ("today", TODAY),
        ("TODAY", TODAY),
        ("Tomorrow", dt.date(2026, 11, 24)),
        ("yesterday", dt.date(2026, 11, 22)),
        ("+3d", dt.date(2026, 11, 26)),
        ("-2d", dt.date(2026, 11, 21)),
        ("+0d", TODAY),
        ("+ 3 days", dt.date(2026, 11, 26)),
        ("−2d", dt.date(2026, 11, 21)),  # a typographic minus sign
        ("+2w", dt.date(2026, 12, 7)),
        ("-1w", dt.date(2026, 11, 16)),
        ("+2 weeks", dt.date(2026, 12, 7)),
        ("+1m", dt.date(2026, 12, 23)),
        ("+2m", dt.date(2027, 1, 23)),
        ("-11m", dt.date(2025, 12, 23)),
        ("+1 month", dt.date(2026, 12, 23)),
        ("+1y", dt.date(2027, 11, 23)),
        ("-3y", dt.date(2023, 11, 23)),
        ("next week", dt.date(2026, 11, 30)),
        ("Next  Week", dt.date(2026, 11, 30)),
        ("end of month", dt.date(2026, 11, 30)),
        ("eom", dt.date(2026, 11, 30)),
    ],
)
def test_forms(text: str, expected: dt.date | None) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # today is Monday 2026-11-23: each weekday is the next such day *after* today
        ("mon", dt.date(2026, 11, 30)),
        ("monday", dt.date(2026, 11, 30)),
        ("tue", dt.date(2026, 11, 24)),
        ("tuesday", dt.date(2026, 11, 24)),
        ("wed", dt.date(2026, 11, 25)),
        ("thursday", dt.date(2026, 11, 26)),
        ("thu", dt.date(2026, 11, 26)),
        ("Friday", dt.date(2026, 11, 27)),
        ("sat", dt.date(2026, 11, 28)),
        ("sunday", dt.date(2026, 11, 29)),
    ],
)
def test_weekdays(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


def test_weekday_from_a_sunday_and_a_saturday() -> None:
    sunday = dt.date(2026, 11, 29)
    assert parse_date("mon", sunday) == dt.date(2026, 11, 30)
    assert parse_date("sun", sunday) == dt.date(2026, 12, 6)
    assert parse_date("fri", dt.date(2026, 11, 28)) == dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),  # clamped to month end
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),  # across the year
        (dt.date(2026, 1, 15), -1, dt.date(2025, 12, 15)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),  # leap day + 1 year
        (dt.date(2028, 2, 29), 48, dt.date(2032, 2, 29)),
        (dt.date(2026, 5, 31), 0, dt.date(2026, 5, 31)),
    ],
)
def test_add_months_clamps_to_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_friendly_months_and_years_clamp() -> None:
    assert parse_date("+1m", dt.date(2026, 3, 31)) == dt.date(2026, 4, 30)
    assert parse_date("+1m", dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    assert parse_date("+1m", dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)
    assert parse_date("+1y", dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert parse_date("-1y", dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
    assert parse_date("+4y", dt.date(2028, 2, 29)) == dt.date(2032, 2, 29)


def test_end_of_month_in_february() -> None:
    assert parse_date("end of month", dt.date(2028, 2, 3)) == dt.date(2028, 2, 29)
    assert parse_date("end of month", dt.date(2027, 2, 3)) == dt.date(2027, 2, 28)
    assert parse_date("end of month", dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)
    assert end_of_month(dt.date(2026, 4, 1)) == dt.date(2026, 4, 30)


@pytest.mark.parametrize(
    "text",
    ["31/12", "soon", "12-31-2026", "2026/12/01", "next month", "+3", "3d", "+3q", "mon day"],
)
def test_unknown_forms_say_what_was_typed_and_what_works(text: str) -> None:
    with pytest.raises(DateError) as exc:
        parse_date(text, TODAY)
    assert str(exc.value) == f"“{text}” is not a date: {ACCEPTED}"
    assert "YYYY-MM-DD" in str(exc.value) and "+3d" in str(exc.value)


def test_the_example_message() -> None:
    with pytest.raises(DateError, match=r"^“31/12” is not a date: use YYYY-MM-DD, or today"):
        parse_date("31/12", TODAY)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10", "2027-02-29"])
def test_impossible_dates(text: str) -> None:
    with pytest.raises(DateError) as exc:
        parse_date(text, TODAY)
    assert str(exc.value).startswith(f"“{text}” is not a real date: check the month")


@pytest.mark.parametrize(
    "text", ["1899-12-31", "2201-01-01", "3000-01-01", "0001-01-01", "+99999d", "+200y", "-200y"]
)
def test_out_of_range(text: str) -> None:
    with pytest.raises(DateError) as exc:
        parse_date(text, TODAY)
    assert str(exc.value) == f"“{text}” is out of range: give a date between 1900 and 2200"


def test_huge_offsets_are_refused_not_crashing() -> None:
    with pytest.raises(DateError, match="out of range"):
        parse_date("+" + "9" * 40 + "d", TODAY)
    with pytest.raises(DateError, match="out of range"):
        parse_date("+9999999m", TODAY)
    with pytest.raises(DateError, match="out of range"):
        parse_date("tomorrow", dt.date(2200, 12, 31))


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


def test_format_date() -> None:
    assert format_date(None) == ""
    assert format_date(dt.date(2026, 1, 5)) == "2026-01-05"


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (None, "no due date"),
        (TODAY, "due today"),
        (dt.date(2026, 11, 24), "due tomorrow"),
        (dt.date(2026, 11, 26), "due in 3 days"),
        (dt.date(2026, 12, 6), "due in 13 days"),
        (dt.date(2026, 12, 7), "due in 2 weeks"),
        (dt.date(2027, 1, 21), "due in 8 weeks"),
        (dt.date(2027, 1, 22), "due in 2 months"),
        (dt.date(2028, 11, 21), "due in 24 months"),  # 729 days
        (dt.date(2028, 11, 22), "due in 2 years"),  # 730 days
        (dt.date(2026, 11, 22), "1 day overdue"),
        (dt.date(2026, 11, 20), "3 days overdue"),
        (dt.date(2026, 11, 9), "2 weeks overdue"),
        (dt.date(2026, 8, 1), "3 months overdue"),
    ],
)
def test_describe_due(due: dt.date | None, expected: str) -> None:
    assert describe_due(due, TODAY) == expected


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)),
)
def test_iso_round_trip(day: dt.date, today: dt.date) -> None:
    text = format_date(day)
    assert parse_date(text, today) == day
    assert parse_date(f"  {text.upper()} ", today) == day


@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2199, 1, 1)),
    st.integers(min_value=-12, max_value=12),
)
def test_month_offsets_stay_in_the_target_month(today: dt.date, months: int) -> None:
    result = parse_date(f"{months:+d}m", today)
    assert result is not None
    assert (result.year * 12 + result.month) - (today.year * 12 + today.month) == months
    assert result.day == today.day or (result.day < today.day and result == end_of_month(result))
