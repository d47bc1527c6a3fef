from pathlib import Path

import pytest

from rag.answering import ABSTAIN
from rag.answering.bylines import asks_author, byline, credits, is_byline, outlets
from rag.answering.extractive import ExtractiveAnswerer
from rag.passages import Passage
from rag.pipeline import Pipeline
from tests.helpers import make_settings


def _passage(text: str, source: str) -> Passage:
    return Passage("id-" + source, text, source, "T", "2025-11-06", 1.0)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Who wrote the article about the rail strike?", True),
        ("Who is the author of the migraine story?", True),
        ("who are the writers of the 2021 report", True),
        ("Who reported the story on the flood?", True),
        ("Whose byline is on the CNN piece?", True),
        ("Who reported the fire to the police?", False),  # no piece of writing
        ("Who went with Putin?", False),
        ("Who wrote to the minister about the plant?", False),  # a letter's writer
        ("Who is the author of the peace plan?", False),
        ("Who wrote this?", True),
    ],
)
def test_asks_author_only_of_a_piece_of_writing(question: str, asked: bool) -> None:
    assert asks_author(question) is asked


@pytest.mark.parametrize(
    ("line", "is_one"),
    [
        ("By Owen Castell, Transport Correspondent", True),
        ("By\xa0Anton Troianovski\xa0and\xa0Steven Lee Myers", True),
        ("By Helen Marsh", True),
        ("BY Jane Doe & John Roe", True),
        ("By Thursday, the water had gone.", False),
        ("By then the strike had spread to 40 depots", False),
        ("Bystanders ran", False),
    ],
)
def test_a_byline_is_a_line_of_names(line: str, is_one: bool) -> None:
    assert is_byline(line) is is_one


def test_the_byline_is_the_best_passages_articles() -> None:
    passages = [
        _passage("Drivers walked out on Thursday over pay.", "strike.txt"),
        _passage("Flood hits town\n\nBy Ann Other\n\nThe water rose.", "flood.txt"),
        _passage(
            "Strike shuts lines\n\nBy Owen Castell\n\nMost trains were cancelled.", "strike.txt"
        ),
    ]
    assert byline(passages, []) == (3, "By Owen Castell")
    assert byline(passages[:2], []) is None  # another article's byline is not this one's
    # the question names what its article is about: the best article that names it
    assert byline(passages, [("flood",)]) == (2, "By Ann Other")
    assert byline(passages, [("myind",)]) is None


def test_credit_lines() -> None:
    assert credits("Anton Troianovski reported from Moscow, and Steven Lee Myers from Seoul.")
    assert credits("Claire Fu and John Liu contributed research.")
    assert not credits("The Kremlin reported that the talks went well.")


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> ExtractiveAnswerer:
    path: Path = tmp_path_factory.mktemp("bylines")
    return ExtractiveAnswerer(Pipeline(make_settings(path)).embedder)


def test_who_wrote_is_answered_by_the_byline(answerer: ExtractiveAnswerer) -> None:
    passages = [
        _passage(
            "Train drivers walk out at Meridian Rail\n\nThursday, November 6, 2025\n\n"
            "By Owen Castell, Transport Correspondent\n\nMost trains on Meridian Rail's network "
            "were cancelled on Thursday as about 2,600 drivers began a 48-hour strike over pay.",
            "strike.txt",
        )
    ]
    answer = answerer.answer("Who wrote the article about the rail strike?", passages)
    assert answer == "By Owen Castell, Transport Correspondent [1]"


def test_without_a_byline_a_topic_sentence_is_no_author(answerer: ExtractiveAnswerer) -> None:
    passages = [
        _passage(
            "Most trains on Meridian Rail's network were cancelled on Thursday as about 2,600 "
            "drivers began a 48-hour strike over pay, the first walkout at the operator in years.",
            "strike.txt",
        )
    ]
    assert answerer.answer("Who wrote the report on the rail strike?", passages) == ABSTAIN
    # the same passage answers a question that is not about the writer
    assert answerer.answer("How many drivers went on strike?", passages) != ABSTAIN


def test_the_outlet_named_says_which_article() -> None:
    assert outlets("Who wrote the Myind report on Putin meeting Xi?") == [("myind",)]
    assert outlets("Who wrote the New York Times story?") == [("new", "york", "times")]
    assert outlets("Who wrote the report?") == []
    assert outlets("Report writers?") == []  # the first word of a question is capitalised anyway
