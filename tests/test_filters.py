"""The date filter in words, as notes and errors say it."""

import datetime as dt

from rag.filters import date_span

DAY = dt.date(2024, 1, 1)


def test_a_range_of_one_day_is_said_as_that_day():
    """`--since 2024-01-01 --until 2024-01-01`: "dated on 2024-01-01", not "since ... until"."""
    assert date_span(DAY, DAY) == "on 2024-01-01"


def test_other_ranges_say_their_bounds():
    assert date_span(DAY, None) == "since 2024-01-01"
    assert date_span(None, DAY) == "until 2024-01-01"
    assert date_span(DAY, dt.date(2024, 5, 31)) == "since 2024-01-01 until 2024-05-31"
    assert date_span(None, None) == ""
