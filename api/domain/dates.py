"""Calendar arithmetic the treaties' rules are written in."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, clamped to the month's last day (31 Aug + 6 = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def first_day_of_month_after(day: dt.date, months: int) -> dt.date:
    """The first day of the `months`-th month after the month that contains `day`."""
    shifted = add_months(day.replace(day=1), months)
    return shifted


def parse_iso_date(text: str) -> dt.date:
    """Strict YYYY-MM-DD (no times, no time zones, no week dates); raises ValueError otherwise."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (text[:4] + text[5:7] + text[8:]).isdigit():
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
    return dt.date.fromisoformat(text)
