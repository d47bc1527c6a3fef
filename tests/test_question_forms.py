"""Word forms the extractive answerer's gates must read: counts spelled out, verbs whose last
consonant doubles, and a document named in the question (rag/answering/questions.py)."""

import pytest

from rag.answering.questions import asked_owner, focus_words, has_answer_type, verb_uses


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("What share of nursing posts were empty?", '"Fourteen % of nursing posts are empty.'),
        ("What share of nursing posts were empty?", "Fourteen percent of posts are empty."),
        ("How many people died?", "Twenty-three people died in the fire."),
        ("How many homes burned?", "Crews counted thirty homes lost."),
    ],
)
def test_a_count_spelled_out_is_a_count(question: str, sentence: str) -> None:
    assert has_answer_type("count", sentence, question) == 1.0


def test_a_group_named_by_a_number_word_is_still_no_count() -> None:
    assert has_answer_type("count", "The two countries met.", "How many times did they meet?") == 0


@pytest.mark.parametrize(
    ("verb", "sentence", "used"),
    [
        ("cancel", "Its services were cancelled entirely.", "cancelled"),
        ("stop", "Police stopped the van.", "stopped"),
        ("plan", "The city is planning a new wall.", "planning"),
        ("visit", "She visited the site.", "visited"),
    ],
)
def test_a_verb_whose_consonant_doubles_is_found(verb: str, sentence: str, used: str) -> None:
    assert [m.group() for m in verb_uses(sentence, verb)] == [used]


def test_the_article_a_question_names_is_no_attribute_or_office() -> None:
    question = "Who is the health minister in the St Aldric's article?"
    assert "article" not in focus_words(question)
    assert asked_owner(question) is None


def test_an_office_is_still_owned() -> None:
    assert asked_owner("Who is Northgate's manager?") == ("northgate", "manager")
