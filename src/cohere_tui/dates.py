"""Dates as a room types them: ISO dates and a few friendly forms. Headless, pure."""

from __future__ import annotations

import calendar
import datetime as dt
import re

MIN_YEAR = 1900
MAX_YEAR = 2200

ACCEPTED = "use YYYY-MM-DD, or today, tomorrow, yesterday, +3d, +2w, +1m, +1y, a weekday, next week"

WEEKDAYS = {
    name: n
    for n, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}

_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*([dwmy])$")


class DateError(ValueError):
    """A typed date that cannot be read; the message says what was typed and what works."""


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1] if MIN_YEAR <= year <= MAX_YEAR else 28
    return dt.date(year, month, min(day.day, last))


def _check_range(value: dt.date, text: str) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DateError(f"“{text}” is out of range: give a date between {MIN_YEAR} and {MAX_YEAR}")
    return value


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """Read a typed date; '' gives None. Raises :class:`DateError` with a clear message."""
    raw = text.strip()
    if not raw:
        return None
    key = raw.casefold()
    if key == "today":
        return today
    if key == "tomorrow":
        return today + dt.timedelta(days=1)
    if key == "yesterday":
        return today - dt.timedelta(days=1)
    if key == "next week":
        return today + dt.timedelta(days=7)
    if key in ("end of month", "eom"):
        return dt.date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    if key in WEEKDAYS:
        ahead = (WEEKDAYS[key] - today.weekday() - 1) % 7 + 1
        return today + dt.timedelta(days=ahead)
    if m := _OFFSET.match(key):
        sign = -1 if m[1] == "-" else 1
        amount = sign * int(m[2])
        unit = m[3]
        try:
            if unit == "d":
                value = today + dt.timedelta(days=amount)
            elif unit == "w":
                value = today + dt.timedelta(weeks=amount)
            elif unit == "m":
                value = add_months(today, amount)
            else:
                value = add_months(today, 12 * amount)
        except (OverflowError, ValueError):
            raise DateError(f"“{raw}” is out of range: {ACCEPTED}") from None
        return _check_range(value, raw)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", key):
        year, month, day = (int(part) for part in key.split("-"))
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise DateError(f"“{raw}” is not a real date: check the month and day") from None
        return _check_range(value, raw)
    raise DateError(f"“{raw}” is not a date: {ACCEPTED}")


def format_date(value: dt.date | None) -> str:
    """A date as the app shows and takes it: YYYY-MM-DD, or '' for none."""
    return "" if value is None else value.isoformat()


def _span(days: int) -> str:
    if days < 14:
        return f"{days} day" + ("" if days == 1 else "s")
    if days < 60:
        weeks = days // 7
        return f"{weeks} weeks"
    return f"{days // 30} months"


def describe_due(due: dt.date, today: dt.date) -> str:
    """A due date for the room: 'due today', 'due in 3 days', '2 weeks overdue'."""
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 0:
        return f"due in {_span(days)}"
    return f"{_span(-days)} overdue"
