"""Splitting a line of several questions into parts (`rag.multipart`)."""

import pytest

from rag.multipart import split_questions


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
