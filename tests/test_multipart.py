"""Splitting a line of several questions into parts (`rag.multipart`)."""

import pytest

from rag.citations import CheckedSentence, Citation
from rag.multipart import join_answers, split_questions
from rag.pipeline import Answer


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("Who went with Putin? What did Putin and Xi sign?",
         ["Who went with Putin?", "What did Putin and Xi sign?"]),
        ("What is the population of Harbin?  Who went with Putin?",
         ["What is the population of Harbin?", "Who went with Putin?"]),
        ("When did Putin arrive? Where did he go? How long did he stay?",
         ["When did Putin arrive?", "Where did he go?", "How long did he stay?"]),
    ],
)  # fmt: skip
def test_full_questions_are_split(line, parts):
    assert split_questions(line) == parts


@pytest.mark.parametrize(
    "line",
    [
        "Who went with Putin?",
        "Who went with Putin? Why?",  # "Why?" leans on the question before it
        "Who went with Putin? And Xi?",
        "Putin went to Beijing. Who went with him?",  # a statement, then one question
        "Who went with Putin?Why",  # no space: one piece
        "Is it true? I read that Putin went to Beijing.",
    ],
)
def test_a_line_with_fewer_than_two_full_questions_stays_whole(line):
    assert split_questions(line) == [line]


def _answer(question: str, sentence: str, chunk: str) -> Answer:
    cited = Citation(1, "a.txt", "T", None, chunk, sentence, 1.0, path="a.txt")
    return Answer(question, f"{sentence} [1]", False, [cited], [], "extractive", {"total": 1.0},
                  [CheckedSentence(sentence, [1], True)])  # fmt: skip


def test_a_sentence_two_parts_quote_is_said_once():
    both = "Vega and Rojas signed the pact on Monday."
    joined = join_answers(
        "What did Vega sign? What did Rojas sign?",
        [_answer("What did Vega sign?", both, "c1"), _answer("What did Rojas sign?", both, "c1")],
    )
    assert joined.answer == f"{both} [1]"
    assert len(joined.citations) == 1


def test_a_compound_question_is_answered_part_by_part(pipeline):
    """Asked whole, no sentence names both think tanks and the answerer declines; asked as
    one question per person, each part finds its person's post."""
    answer = pipeline.ask(
        "Which think tanks do Alexander Gabuev and Richard McGregor work for?", llm="extractive"
    )
    assert "Carnegie" in answer.answer and "Lowy" in answer.answer
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
