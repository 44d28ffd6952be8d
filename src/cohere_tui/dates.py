"""Dates as a room types them: ISO dates and a few friendly forms. Headless, pure.

``today`` is always a parameter: nothing here reads the clock.

Accepted by :func:`parse_date` (case and surrounding spaces ignored):

- ``""`` → no date (``None``)
- ``YYYY-MM-DD`` (``2026-12-01``; ``2027-1-5`` is read too)
- ``today``, ``tomorrow``, ``yesterday``
- ``+3d`` / ``-2d``, ``+2w``, ``+1m``, ``+1y`` — days, weeks, calendar months (clamped to
  the end of a shorter month: 31 January + 1 month is the last day of February), years
  (29 February + 1 year is 28 February); the unit may be spelt out (``+2 weeks``)
- a weekday, ``mon`` … ``sun`` or ``monday`` … ``sunday``: the next such day *after* today
  (on a Monday, ``monday`` is a week later)
- ``next week`` → today + 7 days
- ``end of month`` (or ``eom``) → the last day of today's month

Every date must fall in the years 1900–2200.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MIN_YEAR = 1900
MAX_YEAR = 2200

ACCEPTED = (
    "use YYYY-MM-DD, or today, tomorrow, yesterday, +3d, +2w, +1m, +1y, a weekday, "
    "next week, end of month"
)
"""What :func:`parse_date` accepts, in the words its error messages use."""

WEEKDAYS: dict[str, int] = {
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
"""Weekday names and abbreviations → ``date.weekday()`` numbers (Monday is 0)."""

_UNITS: dict[str, str] = {
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("m", "mo", "mon", "month", "months"), "m"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "y"),
}
_OFFSET = re.compile(r"([+-])\s*([0-9]+)\s*([a-z]+)", re.ASCII)
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-", "＋": "+"})
_MAX_OFFSET_DIGITS = 7


class DateError(ValueError):
    """A typed date that cannot be read; the message says what was typed and what works."""


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later (or earlier), clamped to the end of a shorter month.

    Raises :class:`ValueError` when the result is outside the years ``datetime`` handles.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"year {year} is out of range")
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def end_of_month(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _out_of_range(raw: str) -> DateError:
    return DateError(f"“{raw}” is out of range: give a date between {MIN_YEAR} and {MAX_YEAR}")


def _check_range(value: dt.date, raw: str) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise _out_of_range(raw)
    return value


def _offset(today: dt.date, sign: str, digits: str, unit: str, raw: str) -> dt.date:
    if len(digits) > _MAX_OFFSET_DIGITS:
        raise _out_of_range(raw)
    amount = int(digits) * (-1 if sign == "-" else 1)
    try:
        if unit == "d":
            return today + dt.timedelta(days=amount)
        if unit == "w":
            return today + dt.timedelta(weeks=amount)
        if unit == "m":
            return add_months(today, amount)
        return add_months(today, 12 * amount)
    except (OverflowError, ValueError):
        raise _out_of_range(raw) from None


def _friendly(key: str, today: dt.date, raw: str) -> dt.date | None:
    """The date a friendly form names, or None when ``key`` is not one."""
    try:
        if key == "today":
            return today
        if key == "tomorrow":
            return today + dt.timedelta(days=1)
        if key == "yesterday":
            return today - dt.timedelta(days=1)
        if key == "next week":
            return today + dt.timedelta(days=7)
        if key in ("end of month", "eom"):
            return end_of_month(today)
        if key in WEEKDAYS:
            ahead = (WEEKDAYS[key] - today.weekday() - 1) % 7 + 1
            return today + dt.timedelta(days=ahead)
    except OverflowError:
        raise _out_of_range(raw) from None
    if (m := _OFFSET.fullmatch(key)) and m[3] in _UNITS:
        return _offset(today, m[1], m[2], _UNITS[m[3]], raw)
    return None


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """Read a typed date; ``""`` gives ``None``.

    Raises :class:`DateError` saying what was typed and what is accepted (see the module
    docstring for the forms), or that the date is outside 1900–2200.
    """
    raw = text.strip()
    if not raw:
        return None
    key = " ".join(raw.translate(_MINUS_SIGNS).casefold().split())
    value = _friendly(key, today, raw)
    if value is None and (m := _ISO.fullmatch(key)):
        year, month, day = (int(part) for part in m.groups())
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise _out_of_range(raw)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise DateError(
                f"“{raw}” is not a real date: check the month (1–12) and the day "
                f"(YYYY-MM-DD, e.g. {today.isoformat()})"
            ) from None
    if value is None:
        raise DateError(f"“{raw}” is not a date: {ACCEPTED}")
    return _check_range(value, raw)


def format_date(value: dt.date | None) -> str:
    """A date as the app shows and takes it: ``YYYY-MM-DD``, or ``""`` for none."""
    return "" if value is None else value.isoformat()


def _span(days: int) -> str:
    """A positive number of days in words a room reads at a glance."""
    if days < 14:
        return f"{days} day" + ("" if days == 1 else "s")
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def describe_due(due: dt.date | None, today: dt.date) -> str:
    """A due date for the room, relative to today.

    ``no due date``, ``due today``, ``due tomorrow``, ``due in 3 days``, ``due in 2 weeks``
    (from 14 days), ``due in 3 months`` (from 60 days), ``due in 2 years`` (from 730 days);
    past dates read ``1 day overdue``, ``2 weeks overdue``, … Whole units, rounded down.
    """
    if due is None:
        return "no due date"
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 0:
        return f"due in {_span(days)}"
    return f"{_span(-days)} overdue"
