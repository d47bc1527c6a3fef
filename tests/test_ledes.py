import datetime as dt

import pytest

from rag.answering.extractive import _units
from rag.answering.ledes import asked_day_news, ledes
from rag.passages import Passage

_TEXT = (
    "Bakery wins national prize\nApril 9, 2025\n"
    "The Sunrise Bakery in Oldham won the national bread prize on Tuesday. "
    "Its owner, Tom Reyes, said the winning loaf used rye from a local farm."
)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What happened on April 9, 2025?", dt.date(2025, 4, 9)),
        ("what happened on Wednesday, April 9, 2025", dt.date(2025, 4, 9)),
        ("What happened to the bridge on April 9, 2025?", None),  # more than the day
        ("What happened in Oldham on April 9, 2025?", None),
        ("What happened on Tuesday?", None),  # no one day in full
        ("Who won on April 9, 2025?", None),
    ],
)
def test_the_news_of_one_day_is_asked_with_nothing_more(question, asked):
    assert asked_day_news(question) == asked


def _passage(date: str, position: int = 0, text: str = _TEXT) -> Passage:
    return Passage(f"id{position}", text, "a.txt", "T", date, 1.0, position=position)


def test_the_ledes_of_that_days_articles_answer():
    day = dt.date(2025, 4, 9)
    passages = [
        _passage("2025-04-08", text="Another paper reported on a bridge that closed for repairs."),
        _passage("2025-04-09"),
        _passage("2025-04-09", 1, "Later it said the prize would be handed over in May by mayors."),
    ]
    found = [c for n, p in enumerate(passages, start=1) for c in _units(n, p, set())]
    chosen = ledes(found, passages, day, most=2, budget=75)
    # not the title, the date line, another day's article or a later chunk's sentence
    assert [c.text for c in chosen] == [
        "The Sunrise Bakery in Oldham won the national bread prize on Tuesday."
    ]
    assert chosen[0].passage == 2
    assert ledes(found, passages, day, most=2, budget=5) == []  # too long for the budget
