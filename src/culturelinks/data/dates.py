"""Dates at the precision the sources give them, the four things a date can say, and their order.

A date is one of (README, "Dates"):

- ``Form.DATE``: a day, a month or a year (``"1997-04"``), possibly approximate (circa);
- ``Form.PERIOD``: from a start to an end (``{start, end}``), possibly approximate;
- ``Form.BETWEEN``: one day that is not known, between two bounds, either of which may be open
  (``{earliest, latest}``: EDTF's ``[2011..2020]``, ``[..2020]``, ``[2011..]``);
- ``Form.SINCE``: from a date on, with no end (``{since}``: EDTF ``2011/..``), recurring when
  ``every`` names the interval (``{since: "2011", every: year}``: held every year since 2011).

Sort order (README, "Order"): each date is placed at a day, its *anchor*: the first day its start
(or earliest bound) can mean (``1997`` → 1997-01-01, ``1997-04`` → 1997-04-01); a day known only to
be on or before a bound, with no earliest bound, at the last day that bound can mean (``[..2020]`` →
2020-12-31). Dates sort by anchor, then the less precise before the more precise (the year 1997
before anything in January 1997), then by the last day they can mean (an open end last), then by id.
A date is listed under the year of its anchor.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import Enum, IntEnum

#: The last year a date may have: the calendar export ends an event on the day after its last day, and
#: Python's dates (like iCalendar's four-digit years) stop at 9999-12-31.
LAST_YEAR = 9998

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")

#: The intervals a recurring date may name, and their ISO 8601 durations.
RECURRENCES = {"year": "P1Y"}


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, order=True, slots=True)
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
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if year < 1:
        raise ValueError(f"{text!r} is not a real date: there is no year 0")
    if year > LAST_YEAR:
        raise ValueError(f"{text!r} is out of range: years run from 0001 to {LAST_YEAR:04d}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a real date: there is no month {month}")
    if month is not None and day is not None:
        days_in_month = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days_in_month:
            month_name = MONTHS_EN[month - 1]
            raise ValueError(f"{text!r} is not a real date: {month_name} {year} has {days_in_month} days")
    return PartialDate(year, month, day)


class Form(Enum):
    DATE = "date"
    PERIOD = "period"
    BETWEEN = "between"
    SINCE = "since"


@dataclass(frozen=True, slots=True)
class When:
    """What the sources say about when something happened (see the module's docstring).

    ``start`` and ``end`` are a period's ends, or the bounds of ``Form.BETWEEN`` (``None`` where a
    bound is open); ``Form.SINCE`` has only a ``start``; ``every`` names its recurrence (``"year"``).
    Make the last two with ``When.between`` and ``When.since``.
    """

    start: PartialDate | None
    end: PartialDate | None = None
    approximate: bool = False
    form: Form = Form.DATE
    every: str | None = None

    def __post_init__(self) -> None:
        if self.form is Form.DATE and self.end is not None:
            object.__setattr__(self, "form", Form.PERIOD)  # a date with an end is a period

    @classmethod
    def between(cls, earliest: PartialDate | None, latest: PartialDate | None) -> When:
        """One day, not known, on or after ``earliest`` and on or before ``latest`` (either may be open)."""
        if earliest is None and latest is None:
            raise ValueError("one unknown day needs at least one bound")
        return cls(earliest, latest, form=Form.BETWEEN)

    @classmethod
    def since(cls, start: PartialDate, every: str | None = None) -> When:
        """From ``start`` on, with no end; every ``every`` (a key of RECURRENCES) when it recurs."""
        return cls(start, form=Form.SINCE, every=every)

    @property
    def listed_under(self) -> PartialDate:
        """The date whose year lists it: its start (that of a date, a period or an open date), or the latest
        bound of an unknown day with no earliest."""
        date = self.start if self.start is not None else self.end
        assert date is not None, "When.between refuses two open bounds"
        return date

    @property
    def year(self) -> int:
        return self.listed_under.year

    @property
    def first_day(self) -> dt.date | None:
        """The first day the date can mean; None when it has no earliest bound."""
        return self.start.first_day if self.start is not None else None

    @property
    def last_day(self) -> dt.date | None:
        """The last day the date can mean; None when it has no end (``since``, or an open latest bound)."""
        if self.form is Form.SINCE:
            return None
        last = self.end if self.form is not Form.DATE else self.start
        return last.last_day if last is not None else None

    @property
    def anchor_day(self) -> dt.date:
        """The day the chronology places it at: the first day it can mean, else the last."""
        return self.first_day or self.listed_under.last_day

    @property
    def year_is_known(self) -> bool:
        """Whether it certainly happened (or began) in the year it is listed under: false for one unknown
        day whose bounds are not in one year, which a count of events per year cannot place."""
        if self.form is not Form.BETWEEN:
            return True
        return self.first_day is not None and self.last_day is not None and self.first_day.year == self.last_day.year

    def anchor_key(self) -> tuple[dt.date, int, dt.date]:
        """Where it falls in time: by its anchor day, the coarser date first, the shorter span first (a feed's
        newest first)."""
        return (self.anchor_day, self.listed_under.precision, self.last_day or dt.date.max)

    def sort_key(self) -> tuple[bool, dt.date, int, dt.date]:
        """Where it goes in the chronology: in time (``anchor_key``), but a date known only within bounds that
        span years after every other, as the timeline lists it."""
        return (not self.year_is_known, *self.anchor_key())

    def iso(self) -> str:
        """EDTF (ISO 8601-2): ``2007-04-16/2007-04-18``; ``2011~/2020~`` when approximate; ``[..2020]`` and
        ``[1998..2020]`` for one unknown day between bounds (level 2, "one of a set"); ``2011/..`` from
        2011 on (level 1, open end). EDTF has no recurrence: see ``recurrence``."""
        if self.form is Form.BETWEEN:
            return "[" + "..".join(d.iso() if d is not None else "" for d in (self.start, self.end)) + "]"
        if self.form is Form.SINCE:
            return f"{self.listed_under.iso()}/.."
        mark = "~" if self.approximate else ""
        return "/".join(d.iso() + mark for d in (self.start, self.end) if d is not None)

    @property
    def recurrence(self) -> str | None:
        """ISO 8601 recurrence of a recurring date: ``R/2011/P1Y`` (every year from 2011, no end given)."""
        return f"R/{self.listed_under.iso()}/{RECURRENCES[self.every]}" if self.every else None
