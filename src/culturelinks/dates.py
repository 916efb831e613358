"""Dates at the precision the sources give them, and the order of mixed precisions.

Sort order (documented in README): events are ordered by the first day their start can mean
(``1997`` → 1997-01-01, ``1997-04`` → 1997-04-01), then the less precise before the more precise
(the year 1997 before anything in January 1997), then by the last day their end can mean, then by id.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

#: The last year a date may have: the calendar export ends an event on the day after its last day, and
#: Python's dates (like iCalendar's four-digit years) stop at 9999-12-31.
LAST_YEAR = 9998

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month or a day, as written in the data."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)


def parse_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError says why a date is impossible."""
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts) \
            or len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, found {text!r}")
    numbers = [int(p) for p in parts] + [None] * (3 - len(parts))
    year, month, day = numbers
    if year < 1:
        raise ValueError(f"{text!r} is not a real date: there is no year 0")
    if year > LAST_YEAR:
        raise ValueError(f"{text!r} is out of range: years run from 0001 to {LAST_YEAR:04d}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a real date: there is no month {month}")
    if day is not None:
        days_in_month = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days_in_month:
            month_name = MONTHS_EN[month - 1]
            raise ValueError(f"{text!r} is not a real date: {month_name} {year} has {days_in_month} days")
    return PartialDate(year, month, day)


@dataclass(frozen=True)
class When:
    """A single date or a period; ``approximate`` marks dates the sources give only roughly."""

    start: PartialDate
    end: PartialDate | None = None
    approximate: bool = False

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def last_day(self) -> dt.date:
        return (self.end or self.start).last_day

    def sort_key(self) -> tuple[dt.date, int, dt.date]:
        return (self.first_day, self.start.precision, self.last_day)

    def iso(self) -> str:
        """EDTF (ISO 8601-2) form: ``2007-04-16/2007-04-18``; ``2011~/2020~`` when approximate."""
        mark = "~" if self.approximate else ""
        return "/".join(d.iso() + mark for d in (self.start, self.end) if d is not None)
