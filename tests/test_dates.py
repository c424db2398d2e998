"""Partial dates: every form of the contract, impossible dates refused, sorted by period."""

from __future__ import annotations

import pytest

from gloss.dates import Date, DateError


@pytest.mark.parametrize(
    ("text", "shown", "iso", "precision"),
    [
        ("2027", "2027", "2027", "year"),
        ("2025-Q2", "Q2 2025", "2025-04", "quarter"),
        ("2025-05", "May 2025", "2025-05", "month"),
        ("2025-08-20", "August 20, 2025", "2025-08-20", "day"),
        ("2024-02-29", "February 29, 2024", "2024-02-29", "day"),
    ],
)
def test_each_form_keeps_its_precision(text: str, shown: str, iso: str, precision: str) -> None:
    date = Date.parse(text)
    assert (str(date), date.iso, date.precision, date.source_form) == (shown, iso, precision, text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-30", "February 2025 has 28 days"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("2025-Q5", "no quarter 5"),
        ("2025-Q0", "no quarter 0"),
        ("2025-13", "no month 13"),
        ("2025-00", "no month 0"),
        ("25-01-01", "not a date"),
        ("May 2025", "not a date"),
        ("2025/05/01", "not a date"),
        ("2025-5", "not a date"),
        ("2025-05-1", "not a date"),
    ],
)
def test_dates_that_do_not_exist_are_refused(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        Date.parse(text)


def test_periods_sort_by_start_then_wider_first() -> None:
    forms = ["2025-04-01", "2025-04", "2024-12-31", "2025-Q2", "2025", "2026", "2025-Q1"]
    ordered = sorted((Date.parse(form) for form in forms), key=lambda date: date.sort_key)
    assert [date.source_form for date in ordered] == ["2024-12-31", "2025", "2025-Q1", "2025-Q2", "2025-04", "2025-04-01", "2026"]


def test_a_period_ends_on_its_last_day() -> None:
    assert str(Date.parse("2025-Q1").end) == "2025-03-31"
    assert str(Date.parse("2024-02").end) == "2024-02-29"
    assert str(Date.parse("2027").end) == "2027-12-31"


def test_days_in_month_and_month_names_agree_with_the_calendar_module() -> None:
    import calendar

    from gloss.dates import _MONTHS, days_in_month

    assert all(days_in_month(year, month) == calendar.monthrange(year, month)[1] for year in range(1, 2401) for month in range(1, 13))
    assert list(_MONTHS) == list(calendar.month_name)
