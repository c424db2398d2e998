"""Partial dates: a year, a quarter, a month or a day, kept at their precision."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, NamedTuple

Precision = Literal["year", "quarter", "month", "day"]
_FORM = re.compile(r"(?P<year>[0-9]{4})(?:-Q(?P<quarter>[0-9])|-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")
# English names, as the site is written; not `calendar`, whose import costs `check` more than its work.
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn"


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class DateError(ValueError):
    """A date string that is malformed or names a day that does not exist."""


class Date(NamedTuple):
    """A date as precise as the content gives it: a year, a quarter, a month or a day."""

    year: int
    month: int = 0  # first month of a quarter for quarters; 0 when only the year is known
    day: int = 0
    precision: Precision = "year"

    @classmethod
    def parse(cls, text: str) -> Date:
        match = _FORM.fullmatch(text.strip())
        if not match:
            raise DateError(f"'{text}' is not a date; use {FORMS}")
        year = int(match["year"])
        if year < 1:
            raise DateError(f"'{text}': there is no year 0; years start at 0001")
        if match["quarter"]:
            quarter = int(match["quarter"])
            if not 1 <= quarter <= 4:
                raise DateError(f"'{text}': there is no quarter {quarter}; quarters are Q1 to Q4")
            return cls(year, 3 * quarter - 2, 0, "quarter")
        if not match["month"]:
            return cls(year)
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DateError(f"'{text}': there is no month {month}")
        if not match["day"]:
            return cls(year, month, 0, "month")
        day = int(match["day"])
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            raise DateError(f"'{text}': {_MONTHS[month]} {year} has {last} days")
        return cls(year, month, day, "day")

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.precision == "day":
            return self.start
        last_month = {"year": 12, "quarter": self.month + 2, "month": self.month}[self.precision]
        return dt.date(self.year, last_month, days_in_month(self.year, last_month))

    def after(self, other: Date) -> bool:
        """Wholly after `other`: this period starts once that one has ended."""
        return self.start > other.end

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        """By start, and at an equal start the wider period first."""
        return (self.start, -(self.end - self.start).days)

    @property
    def iso(self) -> str:
        """The `datetime` attribute: HTML has no quarter form, so a quarter gives its first month."""
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision in ("quarter", "month"):
            return f"{self.year:04d}-{self.month:02d}"
        return self.start.isoformat()

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    def __str__(self) -> str:
        """The date at its own precision: '2027', 'Q2 2025', 'May 2025', 'May 20, 2025'."""
        return self.spelled()

    def spelled(self, day_first: bool = False) -> str:
        """The date at its own precision, its day after the month ('May 20, 2025') or before it ('20 May 2025')."""
        if self.precision == "year":
            return str(self.year)
        if self.precision == "quarter":
            return f"Q{self.quarter} {self.year}"
        if self.precision == "month":
            return f"{_MONTHS[self.month]} {self.year}"
        if day_first:
            return f"{self.day} {_MONTHS[self.month]} {self.year}"
        return f"{_MONTHS[self.month]} {self.day}, {self.year}"

    @property
    def source_form(self) -> str:
        """The contract's own spelling of this date (YYYY-Qn for quarters)."""
        return f"{self.year:04d}-Q{self.quarter}" if self.precision == "quarter" else self.iso


# A date as a fact's value may spell it: "November 9, 1989", "9 Nov. 1989", "November 1989".
_MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(_MONTHS) if name}
_WRITTEN = re.compile(r"(?:(?P<day1>\d{1,2})\s+)?(?P<month>[A-Za-z]{3,9})\.?(?:\s+(?P<day2>\d{1,2}),?)?\s+(?P<year>\d{4})")


def read_as_date(text: str) -> Date | None:
    """The date a text is, at day, month or quarter precision (`2025-05-06`, `2025-Q2`, `May 6, 2025`,
    `6 May 2025`, `May 2025`), or None. A bare year is not read: `2000` may as well be a count."""
    text = text.strip()
    if match := _WRITTEN.fullmatch(text):
        name, day = match["month"].lower(), match["day1"] or match["day2"]
        month = _MONTH_NUMBERS.get(name[:3])
        if month is None or not _MONTHS[month].lower().startswith(name) or (match["day1"] and match["day2"]):
            return None
        text = f"{match['year']}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    try:
        date = Date.parse(text)
    except DateError:
        return None
    return date if date.precision != "year" else None
