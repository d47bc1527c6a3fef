"""The date filter as typed, and in words, as notes and errors say it."""

import datetime as dt

import pytest

from rag.filters import date_bound, date_span

DAY = dt.date(2024, 1, 1)


def test_a_range_of_one_day_is_said_as_that_day():
    """`--since 2024-01-01 --until 2024-01-01`: "dated on 2024-01-01", not "since ... until"."""
    assert date_span(DAY, DAY) == "on 2024-01-01"


def test_other_ranges_say_their_bounds():
    assert date_span(DAY, None) == "since 2024-01-01"
    assert date_span(None, DAY) == "until 2024-01-01"
    assert date_span(DAY, dt.date(2024, 5, 31)) == "since 2024-01-01 until 2024-05-31"
    assert date_span(None, None) == ""


@pytest.mark.parametrize(
    ("typed", "since", "until"),
    [
        ("2024-05-17", dt.date(2024, 5, 17), dt.date(2024, 5, 17)),
        (" 2030 ", dt.date(2030, 1, 1), dt.date(2030, 12, 31)),  # `--since 2030` was an error
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-12", dt.date(2023, 12, 1), dt.date(2023, 12, 31)),
    ],
)
def test_a_year_or_a_month_is_its_first_day_as_a_start_and_its_last_as_an_end(typed, since, until):
    assert date_bound(typed, end=False) == since
    assert date_bound(typed, end=True) == until


@pytest.mark.parametrize("typed", ["2024-13", "24", "May 2024", "2024-05-32", ""])
def test_anything_else_is_no_date(typed):
    with pytest.raises(ValueError):
        date_bound(typed, end=False)
