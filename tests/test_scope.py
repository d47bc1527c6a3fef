"""Answering inside a filter when the index holds many articles from one template: the filter's
passage stands in for its look-alikes among the rivals, so a filter on the article that answers
answers (a real index on disk)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rag.filters import Filters
from rag.passages import Passage
from rag.pipeline import Pipeline
from rag.scope import contest
from tests.helpers import make_settings

SKIES = ("clear", "foggy in the morning", "cloudy with light rain", "windy", "sunny", "overcast")


def report(n: int) -> str:
    """Day n of 2026's weather report: the same sentences, other figures."""
    day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
    high = 5 + n * 7 % 23
    return (f"{day:%B} {day.day}, 2026\n\nValmont weather for {day:%A}\n\nSkies over Valmont were "
            f"{SKIES[n % len(SKIES)]}. The high temperature was {high} degrees and the low was "
            f"{high - 1 - n % 6} degrees, the Valmont weather office said. Forecasters expect "
            "similar weather tomorrow.\n")  # fmt: skip


def passage(chunk_id: str, text: str) -> Passage:
    return Passage(chunk_id, text, chunk_id, "", None, 0.1, path=chunk_id)


def test_the_filters_passage_takes_the_rank_of_its_look_alikes():
    mine, twin, other = (
        passage("in", report(72)),
        passage("twin", report(3)),
        passage("x", "Other."),
    )
    asked = "What was the high temperature?"
    assert contest(asked, [mine], [other, twin, passage("twin2", report(9))]) == [other, mine]
    assert contest(asked, [mine], [other]) == [other, mine]
    # a look-alike stating the day the question asks keeps its place: it answers, mine does not
    on_day = "What was the high temperature on January 4, 2026?"
    assert contest(on_day, [mine], [other, twin]) == [other, twin, mine]


@pytest.fixture(scope="module")
def weather(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    files = tmp_path_factory.mktemp("weather")
    for n in range(120):
        (files / f"weather_{n:03d}.txt").write_text(report(n), "utf-8")
    pipeline = Pipeline(make_settings(Path(tmp_path_factory.mktemp("data"))))
    pipeline.ingest([files])
    return pipeline


@pytest.mark.slow
@pytest.mark.parametrize(
    "filters",
    [
        Filters(source="weather_072.txt"),
        Filters(since=dt.date(2026, 3, 14), until=dt.date(2026, 3, 14)),
    ],
    ids=["source", "dates"],
)
def test_a_filter_on_the_one_report_that_answers_answers_from_it(weather, filters):
    answer = weather.ask("What was the high temperature?", filters=filters)
    assert not answer.abstained, answer.answer
    assert f"{5 + 72 * 7 % 23} degrees" in answer.answer
    assert {c.source for c in answer.citations} == {"weather_072.txt"}
    for other in ("Who is the mayor of Paris?", "What was the high temperature on March 20, 2026?"):
        assert weather.ask(other, filters=filters).abstained, other
